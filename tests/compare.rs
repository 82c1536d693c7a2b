//! `inferplan compare` as a reviewer meets it: two plan files in a folder,
//! compared by the real binary, in every format. Plans are the built-in plan
//! with textual edits; commands run inside the folder so outputs name the
//! files as typed (`old.toml`), never a temporary path.

mod common;

use common::{stderr, stdout};
use inferplan::plan::DEFAULT_PLAN_TOML;
use std::path::Path;
use std::process::Output;

const FORMATS: [&str; 3] = ["table", "markdown", "json"];

fn inferplan(dir: &Path, args: &[&str]) -> Output {
    common::run(args, Some(dir), Some(&dir.join("data")))
}

/// A folder holding `old.toml` and `new.toml`.
fn plans(old: &str, new: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("old.toml"), old).unwrap();
    std::fs::write(dir.path().join("new.toml"), new).unwrap();
    dir
}

/// The built-in plan with one exact piece of text replaced.
fn edited(from: &str, to: &str) -> String {
    assert!(DEFAULT_PLAN_TOML.contains(from), "the plan holds {from:?}");
    DEFAULT_PLAN_TOML.replacen(from, to, 1)
}

/// DeepSeek V4 Flash at `price` per million tokens, input and output.
fn flash_at(price: &str) -> String {
    edited(
        "output_per_mtok = 0.25\ninput_per_mtok = 0.25 ",
        &format!("output_per_mtok = {price}\ninput_per_mtok = {price} "),
    )
}

/// Compares old.toml with new.toml in every format, snapshotting each as
/// `<case>_<format>`; every comparison exits 0, differences or not.
fn golden(case: &str, old: &str, new: &str) -> String {
    let dir = plans(old, new);
    let mut json = String::new();
    for format in FORMATS {
        let o = inferplan(
            dir.path(),
            &["compare", "old.toml", "new.toml", "--format", format],
        );
        assert_eq!(o.status.code(), Some(0), "{case} {format}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{case} {format}");
        let out = stdout(&o);
        if format == "json" {
            serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
            json = out.clone();
        }
        insta::assert_snapshot!(format!("{case}_{format}"), out);
    }
    json
}

#[test]
fn identical_plans_say_no_changes() {
    let json = golden("identical", DEFAULT_PLAN_TOML, DEFAULT_PLAN_TOML);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["changed"], false);
    assert_eq!(v["inputs"].as_array().unwrap().len(), 0);
}

#[test]
fn a_dearer_flash_price_flips_scenario_b_to_self_host() {
    // B: 50M tokens/day × 30 × 1.40/M = 2,100 a month, above 2x A100's 1,000–2,000.
    let json = golden("flash_price_flips_b", DEFAULT_PLAN_TOML, &flash_at("1.40"));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let b = &v["scenarios"][1];
    assert_eq!(b["name"], "B: growth-stage startup");
    assert_eq!(b["verdict"]["old"], "api");
    assert_eq!(b["verdict"]["new"], "self-host");
    assert_eq!(b["api_monthly"]["old"]["low"], 375.0);
    assert_eq!(b["api_monthly"]["new"]["low"], 2100.0);
    assert_eq!(b["api_monthly"]["change"]["low"], 1725.0);
    assert_eq!(b["api_monthly"]["change_pct"]["low"], 460.0);
    assert_eq!(v["flipped"][0]["scenario"], "B: growth-stage startup");
}

#[test]
fn cloud_against_on_prem_moves_self_host_costs_but_flips_nothing() {
    let on_prem = edited("deployment = \"cloud\"  ", "deployment = \"on-prem\"");
    let json = golden("cloud_vs_on_prem", DEFAULT_PLAN_TOML, &on_prem);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["flipped"].as_array().unwrap().len(), 0);
    assert_eq!(v["inputs"][0]["kind"], "settings");
    assert_eq!(v["inputs"][0]["field"], "deployment");
    assert_eq!(v["inputs"][0]["new"], "on-prem");
}

#[test]
fn a_renamed_model_shows_as_removed_and_added_with_a_hint() {
    let renamed = DEFAULT_PLAN_TOML.replace("\"Qwen3-32B\"", "\"Qwen3 32B Instruct\"");
    let json = golden("renamed_model", DEFAULT_PLAN_TOML, &renamed);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["inputs"][0]["change"], "removed");
    assert_eq!(v["inputs"][1]["change"], "added");
    assert!(
        v["hints"][0]
            .as_str()
            .unwrap()
            .contains("probably a rename")
    );
}

#[test]
fn a_plan_of_a_newer_schema_is_refused_naming_the_file() {
    let newer = DEFAULT_PLAN_TOML.replacen("schema = 1", "schema = 2", 1);
    let dir = plans(DEFAULT_PLAN_TOML, &newer);
    let mut errors = Vec::new();
    for format in FORMATS {
        let o = inferplan(
            dir.path(),
            &["compare", "old.toml", "new.toml", "--format", format],
        );
        assert_eq!(o.status.code(), Some(1), "{format}");
        assert_eq!(stdout(&o), "", "nothing half-compared");
        errors.push(stderr(&o));
    }
    assert!(errors.iter().all(|e| *e == errors[0]));
    assert!(errors[0].contains("new.toml:"), "{}", errors[0]);
    assert!(!errors[0].contains("old.toml"), "{}", errors[0]);
    insta::assert_snapshot!("newer_schema_refused", errors[0]);

    // The other way round, the older file is blamed by name just the same.
    let o = inferplan(dir.path(), &["compare", "new.toml", "old.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot compare: new.toml:"));
}

#[test]
fn fail_on_flip_exits_3_only_when_a_verdict_flipped() {
    let dir = plans(DEFAULT_PLAN_TOML, &flash_at("1.40"));
    let flipped = inferplan(
        dir.path(),
        &["compare", "old.toml", "new.toml", "--fail-on-flip"],
    );
    assert_eq!(flipped.status.code(), Some(3));
    assert!(stdout(&flipped).contains("Verdicts flipped"));
    assert_eq!(
        stderr(&flipped),
        "inferplan: 3 verdicts flipped (--fail-on-flip)\n"
    );

    // A price change too small to flip anything passes CI.
    std::fs::write(dir.path().join("new.toml"), flash_at("0.26")).unwrap();
    let moved = inferplan(
        dir.path(),
        &["compare", "old.toml", "new.toml", "--fail-on-flip"],
    );
    assert_eq!(moved.status.code(), Some(0), "{}", stderr(&moved));
    assert!(stdout(&moved).starts_with("Comparing old.toml → new.toml"));
}

#[test]
fn estimate_flag_compares_one_end_of_the_ranges() {
    let dir = plans(DEFAULT_PLAN_TOML, &flash_at("1.40"));
    let o = inferplan(
        dir.path(),
        &[
            "compare", "old.toml", "new.toml", "-e", "high", "-f", "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["estimate"], "high");
    let b = &v["scenarios"][1]["self_host_gpu_only_monthly"]["new"];
    assert_eq!(
        (b["low"].as_f64(), b["high"].as_f64()),
        (Some(2000.0), Some(2000.0))
    );
}

/// Saves results beside old.toml, then rewrites them as an older engine
/// would have computed them: same inputs, scenario B's API cost different.
fn results_from_an_older_engine(dir: &Path) {
    let o = inferplan(dir, &["report", "old.toml", "--save-results", "-f", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "inferplan: saved the results to old.toml.results.json\n"
    );
    let path = dir.join("old.toml.results.json");
    let saved = std::fs::read_to_string(&path).unwrap();
    let v: serde_json::Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(
        v["results"],
        serde_json::from_str::<serde_json::Value>(&stdout(&o)).unwrap()
    );
    assert_eq!(v["inputs_fingerprint"].as_str().unwrap().len(), 16);
    let mut older = v.clone();
    older["inferplan_version"] = "0.0.9".into();
    older["results"]["scenarios"][1]["api_monthly"]["low"] = 400.0.into();
    older["results"]["scenarios"][1]["api_monthly"]["high"] = 400.0.into();
    let older = serde_json::to_string_pretty(&older).unwrap();
    std::fs::write(&path, older).unwrap();
}

#[test]
fn same_inputs_with_different_totals_blame_the_engine() {
    let dir = plans(DEFAULT_PLAN_TOML, DEFAULT_PLAN_TOML);
    results_from_an_older_engine(dir.path());
    for format in ["table", "markdown"] {
        let o = inferplan(
            dir.path(),
            &["compare", "old.toml", "new.toml", "--format", format],
        );
        assert!(o.status.success());
        insta::assert_snapshot!(format!("engine_changed_{format}"), stdout(&o));
    }
    let o = inferplan(
        dir.path(),
        &["compare", "old.toml", "new.toml", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let saved = &v["old"]["saved_results"];
    assert_eq!(saved["status"], "engine-changed");
    assert_eq!(saved["saved_by"], "0.0.9");
    assert_eq!(
        saved["moved"][0]["figure"],
        "scenarios[B: growth-stage startup].api_monthly.low"
    );
    assert_eq!(saved["moved"][0]["saved"], 400.0);
    assert_eq!(saved["moved"][0]["now"], 375.0);
    assert_eq!(v["new"]["saved_results"], serde_json::Value::Null);
}

#[test]
fn saved_results_go_stale_when_the_inputs_change() {
    let dir = plans(DEFAULT_PLAN_TOML, DEFAULT_PLAN_TOML);
    let o = inferplan(dir.path(), &["report", "old.toml", "--save-results"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Fresh results agree with their plan and are not worth a line.
    let fresh = inferplan(dir.path(), &["compare", "old.toml", "new.toml"]);
    assert!(
        !stdout(&fresh).contains("results.json"),
        "{}",
        stdout(&fresh)
    );

    std::fs::write(dir.path().join("old.toml"), flash_at("0.30")).unwrap();
    let stale = inferplan(dir.path(), &["compare", "old.toml", "new.toml"]);
    let out = stdout(&stale);
    assert!(
        out.contains("old.toml.results.json: saved results are stale: the inputs changed"),
        "{out}"
    );
}

#[test]
fn saving_results_needs_a_plan_file() {
    let dir = tempfile::tempdir().unwrap();
    let o = inferplan(dir.path(), &["report", "--save-results"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--save-results needs a plan file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn fail_above_exits_3_when_a_cost_rose_more_than_the_threshold() {
    // DeepSeek V4 Flash 0.25 → 0.26 $/M: its scenarios' API costs rise 4 %
    // (scenario A: 7.50 → 7.80); self-hosting does not move.
    let dir = plans(DEFAULT_PLAN_TOML, &flash_at("0.26"));
    let within = inferplan(
        dir.path(),
        &["compare", "old.toml", "new.toml", "--fail-above", "5"],
    );
    assert_eq!(within.status.code(), Some(0), "{}", stderr(&within));
    let over = inferplan(
        dir.path(),
        &[
            "compare",
            "old.toml",
            "new.toml",
            "--fail-above",
            "3",
            "-f",
            "markdown",
        ],
    );
    assert_eq!(over.status.code(), Some(3));
    let md = stdout(&over);
    assert!(md.contains("### Costs that rose more than 3 %"), "{md}");
    assert!(
        md.contains("- A: hobby project: API (low) 7.50 → 7.80 (+4 %)"),
        "{md}"
    );
    // Four scenarios price DeepSeek V4 Flash (A, B and C twice), two ends each.
    assert_eq!(
        stderr(&over),
        "inferplan: 8 costs rose more than 3 % (--fail-above)\n"
    );
    let json = inferplan(
        dir.path(),
        &[
            "compare",
            "old.toml",
            "new.toml",
            "--fail-above",
            "3",
            "-f",
            "json",
        ],
    );
    assert_eq!(json.status.code(), Some(3));
    assert!(serde_json::from_str::<serde_json::Value>(&stdout(&json)).is_ok());
}

#[test]
fn the_months_to_break_even_are_among_the_figures_that_moved() {
    // C: enterprise, Qwen3-32B, cloud grows 10 % a month: its cheap end
    // breaks even at 9.52B a day, 31 months of growth from 500M. The API
    // 5 % dearer brings the break-even nearer; 30 % cheaper puts it out of
    // reach (its price per token below a replica's).
    use inferplan::compare::{Figure, compare};
    use inferplan::engine::MonthsToBreakEven::{In, Never};
    use inferplan::output::compare::{CompareFormat, render};
    let mut old = inferplan::store::plan_file::default_plan();
    old.scenarios[4].monthly_growth = 0.1;
    let scenario = |new: &inferplan::plan::Plan| {
        let diff = compare(&old, new, old.settings.estimate);
        let c = diff
            .scenarios
            .into_iter()
            .find(|s| s.name == "C: enterprise, Qwen3-32B, cloud");
        let c = c.unwrap();
        assert!(c.moved_figures().contains(&Figure::MonthsToBreakEven));
        (
            c.old.months.unwrap(),
            c.new.months.unwrap(),
            compare(&old, new, old.settings.estimate),
        )
    };
    let mut cheaper = old.clone();
    cheaper.settings.api_discount = 0.3;
    let (was, now, diff) = scenario(&cheaper);
    assert_eq!((was, now), ((In(31), Never), (Never, Never)));
    let markdown = render(&diff, CompareFormat::Markdown);
    assert!(
        markdown.contains("| Months to BE | 31 mo–never | never |  |  |"),
        "{markdown}"
    );
    let mut dearer = old.clone();
    dearer.settings.api_discount = -0.05;
    let (was, now, diff) = scenario(&dearer);
    let (In(was), In(now)) = (was.0, now.0) else {
        panic!("{was:?} → {now:?}")
    };
    assert!(now < was, "{was} → {now}");
    let markdown = render(&diff, CompareFormat::Markdown);
    let row = format!(
        "| Months to BE | {was} mo–never | {now} mo–never | {} (low) |",
        i64::from(now) - i64::from(was)
    );
    assert!(markdown.contains(&row), "{row} not in\n{markdown}");
}
