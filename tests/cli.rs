//! The command line as a script or a person meets it: real binary, real output.

mod common;

use common::{stderr, stdout};
use std::path::Path;
use std::process::Output;

fn inferplan(args: &[&str]) -> Output {
    common::run(args, None, None)
}

#[test]
fn report_of_the_built_in_plan_as_a_table() {
    let o = inferplan(&["report"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn report_as_markdown() {
    let o = inferplan(&["report", "--format", "markdown"]);
    assert!(o.status.success());
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn report_as_csv() {
    let o = inferplan(&["report", "--format", "csv"]);
    assert!(o.status.success());
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn report_as_json() {
    let o = inferplan(&["report", "--format", "json"]);
    assert!(o.status.success());
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn json_carries_numbers_a_script_can_use() {
    let o = inferplan(&["report", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    let b = &v["scenarios"][1];
    assert_eq!(b["name"], "B: growth-stage startup");
    assert_eq!(b["api_monthly"]["low"], 375.0);
    assert_eq!(b["gpu_only"]["factor"]["low"], 2.6667);
    assert_eq!(
        b["gpu_only"]["break_even_tokens_per_day"]["low"],
        serde_json::Value::Null
    );
    assert_eq!(v["scenarios"][0]["api_monthly"]["high"], 7.5);
}

#[test]
fn estimate_flag_collapses_ranges() {
    let o = inferplan(&["report", "--estimate", "mid", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["estimate"], "mid");
    assert_eq!(
        v["scenarios"][1]["gpu_only"]["self_host_monthly"]["low"],
        1500.0
    );
    assert_eq!(
        v["scenarios"][1]["gpu_only"]["self_host_monthly"]["high"],
        1500.0
    );
}

#[test]
fn a_bare_invocation_without_a_terminal_prints_the_report() {
    let bare = inferplan(&[]);
    assert!(bare.status.success(), "{}", stderr(&bare));
    assert_eq!(stdout(&bare), stdout(&inferplan(&["report"])));
}

#[test]
fn the_planner_without_a_terminal_says_it_needs_one_instead_of_panicking() {
    // stdin and stdout are not terminals here (as under `setsid … </dev/null`).
    let o = inferplan(&["open"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definition() {
    for (shell, marker) in [
        ("bash", "_inferplan()"),
        ("zsh", "#compdef inferplan"),
        ("fish", "complete -c inferplan"),
    ] {
        let o = inferplan(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        assert!(script.contains(marker), "{shell}:\n{script}");
        for subcommand in ["report", "compare", "check", "render"] {
            assert!(
                script.contains(subcommand),
                "{shell} completes {subcommand}"
            );
        }
    }
    let o = inferplan(&["man"]);
    assert!(o.status.success());
    let page = stdout(&o);
    assert!(
        page.contains(".TH inferplan 1") && page.contains("completions"),
        "{page}"
    );
}

#[test]
fn render_against_another_plan_draws_the_comparison_headless() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.toml");
    let new = dir.path().join("new.toml");
    std::fs::write(&old, inferplan::plan::DEFAULT_PLAN_TOML).unwrap();
    let dearer = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "output_per_mtok = 0.25",
        "output_per_mtok = 1.5",
        1,
    );
    std::fs::write(&new, dearer).unwrap();
    let (new, old) = (new.to_str().unwrap(), old.to_str().unwrap());
    let o = inferplan(&["render", new, "--against", old, "--size", "100x30"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let frame = stdout(&o);
    assert!(frame.contains("Compare · was: old.toml"), "{frame}");
    assert!(frame.contains("⇄ B: growth-stage startup"), "{frame}");
    let o = inferplan(&["render", new, "--against", "/no/such/plan.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot compare"), "{}", stderr(&o));
}

#[test]
fn report_scenario_explains_one_scenario() {
    let o = inferplan(&["report", "--scenario", "C: enterprise, Qwen3-32B, on-prem"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!(stdout(&o));
    let o = inferplan(&[
        "report",
        "--scenario",
        "B: growth-stage startup",
        "--format",
        "markdown",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("report_scenario_markdown", stdout(&o));
    let o = inferplan(&["report", "--scenario", "Z"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no scenario named \"Z\""),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("\"B: growth-stage startup\""),
        "{}",
        stderr(&o)
    );
    // The case need not match; a part of a name is suggested.
    let o = inferplan(&["report", "--scenario", "b: GROWTH-stage startup"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("B: growth-stage startup"),
        "{}",
        stdout(&o)
    );
    let o = inferplan(&["report", "--scenario", "growth-stage"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no scenario named \"growth-stage\" in \"2026 open-model API prices vs self-hosting\" (did you mean \"B: growth-stage startup\"?)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn numeric_flags_out_of_range_are_refused_with_the_range() {
    for (args, says) in [
        (
            vec!["--uncertainty", "--triangular=NaN"],
            "\"NaN\" is not a number; expected a percent from 0 to 100",
        ),
        (
            vec!["--uncertainty", "--triangular=150"],
            "150 is out of range; expected a percent from 0 to 100",
        ),
        (
            vec!["--uncertainty", "--draws", "0"],
            "0 is out of range; expected a whole number of draws from 1 to 10,000,000",
        ),
        (
            vec!["--timeline", "--migration", "NaN"],
            "\"NaN\" is not a number; expected an amount from 0 to 1e15",
        ),
        (
            vec!["--timeline", "--migration", "inf"],
            "\"inf\" is not a number",
        ),
        (
            vec!["--timeline", "--migration", "1e308"],
            "1e308 is out of range; expected an amount from 0 to 1e15",
        ),
        (
            vec!["--timeline", "--months", "100000000"],
            "100000000 is out of range; expected a whole number of months from 1 to 600",
        ),
    ] {
        let mut all = vec!["report"];
        all.extend(&args);
        let o = inferplan(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    let o = inferplan(&["compare", "--fail-above", "NaN", "a.toml", "b.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected a percent from 0 up"),
        "{}",
        stderr(&o)
    );
    let o = inferplan(&[
        "chart",
        "--scenario",
        "A: hobby project",
        "--kind",
        "timeline",
        "--months",
        "0",
        "-o",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected a whole number of months from 1 to 600"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_render_size_says_what_is_accepted() {
    for size in ["0x0", "120", "99999x40", "axb"] {
        let o = inferplan(&["render", "--size", size]);
        assert_eq!(o.status.code(), Some(2), "{size}");
        assert!(
            stderr(&o).contains("WIDTHxHEIGHT like 120x40"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn new_writes_the_built_in_plan_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    let p = path.to_str().unwrap();
    let o = inferplan(&["new", p]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The built-in plan, under the line that names its schema.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!(
            "#:schema ./plan.schema.json\n{}",
            inferplan::plan::DEFAULT_PLAN_TOML
        )
    );

    let again = inferplan(&["new", p]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists; pass --force"),
        "{}",
        stderr(&again)
    );
    assert!(inferplan(&["new", "--force", p]).status.success());

    let check = inferplan(&["check", p]);
    assert!(check.status.success());
    assert!(stdout(&check).contains("valid plan"));
    let report = inferplan(&["report", p]);
    assert_eq!(stdout(&report), stdout(&inferplan(&["report"])));
}

#[test]
fn check_names_the_file_line_and_field_of_a_bad_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let text = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "tier = \"27-32b\"                # assumption; scenario B",
        "tier = \"27-23b\"                # assumption; scenario B",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let o = inferplan(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let line = text[..text.find("\"27-23b\"").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(err.contains(&format!("bad.toml:{line}:")), "{err}");
    assert!(
        err.contains("models[0].tier: unknown GPU tier \"27-23b\""),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_missing_plan_is_an_error_not_a_panic() {
    let o = inferplan(&["report", "/nonexistent/plan.toml"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("inferplan: /nonexistent/plan.toml: cannot read the plan"),
        "{err}"
    );
    assert!(!Path::new("/nonexistent").exists());
}

#[test]
fn bad_arguments_get_usage_help() {
    let o = inferplan(&["report", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("possible values: table, markdown, csv, json"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_readme_example_is_the_real_report() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- report:begin -->\n")
        .expect("README marks the example")
        + 22;
    let end = readme.find("<!-- report:end -->").unwrap();
    let o = inferplan(&["report", "--format", "markdown"]);
    assert_eq!(
        &readme[start..end],
        stdout(&o),
        "README's example report is out of date"
    );
}

#[test]
fn report_sweep_and_timeline_add_the_curve_and_the_months() {
    let out = inferplan(&[
        "report",
        "--timeline",
        "--months",
        "3",
        "--migration",
        "6000",
        "--sweep",
        "-f",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let b = &json["scenarios"][1];
    let months = b["timeline"].as_array().unwrap();
    assert_eq!(months.len(), 3);
    for key in [
        "month",
        "tokens_per_day",
        "replicas",
        "api_monthly",
        "self_host_monthly",
        "api_cumulative",
        "self_host_cumulative",
    ] {
        assert!(months[0].get(key).is_some(), "{key}");
    }
    // B: 375 a month at the API; one replica at 1,000–2,000 plus the 6,000.
    assert_eq!(months[2]["api_cumulative"]["low"], 1125.0);
    assert_eq!(months[0]["self_host_cumulative"]["low"], 7000.0);
    assert_eq!(b["sweep"].as_array().unwrap().len(), 9);
    let table = inferplan(&["report", "--sweep"]);
    assert!(stdout(&table).contains("Volume sweep: B: growth-stage startup"));
    let csv = inferplan(&["report", "--sweep", "-f", "csv"]);
    assert_eq!(csv.status.code(), Some(1));
    assert!(
        stderr(&csv).contains("use --format table, markdown or json"),
        "{}",
        stderr(&csv)
    );
}

#[test]
fn solve_gives_the_value_where_the_sides_meet_for_scripts_too() {
    let out = inferplan(&[
        "solve",
        "--scenario",
        "B: growth-stage startup",
        "--for",
        "cloud_monthly",
        "-f",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["field"], "cloud_monthly");
    assert_eq!(json["value"], 375.0);
    let none = inferplan(&[
        "solve",
        "--scenario",
        "A: hobby project",
        "--for",
        "target_utilization",
        "-f",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&none)).unwrap();
    assert!(json["value"].is_null());
    assert!(
        json["reason"]
            .as_str()
            .unwrap()
            .starts_with("no utilization")
    );
    // Not an input at all: refused as the command line's mistake (exit 2).
    let bad = inferplan(&["solve", "--scenario", "A: hobby project", "--for", "colour"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("expected one of: output_per_mtok"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn report_sensitivity_and_uncertainty_for_scripts() {
    let out = inferplan(&[
        "report",
        "--sensitivity",
        "--uncertainty",
        "--draws",
        "2000",
        "--seed",
        "7",
        "-f",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let c = &json["scenarios"][3];
    let u = &c["uncertainty"];
    for key in ["p_self_host_cheaper", "api", "self_host"] {
        assert!(u.get(key).is_some(), "{key}");
    }
    // The inputs drawn, named as the tornado and `solve --for` name them.
    assert_eq!(u["drawn"], serde_json::json!(["on_prem_monthly"]));
    for key in ["p5", "p50", "p95"] {
        assert!(u["self_host"].get(key).is_some(), "{key}");
    }
    let bars = c["sensitivity"].as_array().unwrap();
    assert!(
        bars.iter()
            .any(|b| b["input"] == "on_prem_monthly" && b["flips"] == true)
    );
    // The same seed, the same figures.
    let again = inferplan(&[
        "report",
        "--sensitivity",
        "--uncertainty",
        "--draws",
        "2000",
        "--seed",
        "7",
        "-f",
        "json",
    ]);
    assert_eq!(stdout(&again), stdout(&out));
    assert_eq!(u["distribution"], "uniform");
    // Triangular, most likely a fifth of the way up: the replica (2,000–4,000,
    // mode 2,400) against the API's 3,750 is cheaper with probability
    // 1 − 250² / (2,000 × 1,600) = 0.98047; 10,000 draws, within 0.008.
    let tri = inferplan(&["report", "--uncertainty", "--triangular=20", "-f", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&tri)).unwrap();
    let u = &json["scenarios"][3]["uncertainty"];
    assert_eq!(u["distribution"], "triangular");
    assert_eq!(u["mode"], 0.2);
    let p = u["p_self_host_cheaper"].as_f64().unwrap();
    assert!((p - 0.98047).abs() < 0.008, "{p}");
    let ends = inferplan(&["report", "--sensitivity", "--swing", "ends"]);
    assert!(
        stdout(&ends).contains(
            "Each input swung down and up, ranges to their own low and high ends, the rest ±25%"
        ),
        "{}",
        stdout(&ends)
    );
    let bad = inferplan(&["report", "--sensitivity", "--swing", "150"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("expected a percent from 0 to below 100, or `ends`"),
        "{}",
        stderr(&bad)
    );
    let text = inferplan(&["report", "--uncertainty", "--triangular"]);
    assert!(
        stdout(&text)
            .contains("each range triangular, most likely 50% of the way from low to high"),
        "{}",
        stdout(&text)
    );
}

#[test]
fn render_marks_a_stale_figure_as_report_does() {
    // A tier's cost dated 2025-01-15, 681 days before the tests' today
    // (2026-11-27), older than the plan's 180: marked ~ on the GPU tiers tab.
    let dir = tempfile::tempdir().unwrap();
    let text = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "cloud_monthly = [400, 800]",
        "cloud_monthly = [400, 800]\ncost_as_of = \"2025-01-15\"",
        1,
    );
    assert_ne!(text, inferplan::plan::DEFAULT_PLAN_TOML);
    let path = dir.path().join("stale.toml");
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let frame = stdout(&inferplan(&[
        "render", "--tab", "tiers", "--size", "120x20", p,
    ]));
    let tier = frame
        .lines()
        .find(|l| l.contains("7-9b"))
        .expect("the tier's row");
    assert!(tier.contains("400–800~"), "{tier}");
    assert!(tier.contains("2025-01-15~"), "{tier}");
    let report = stdout(&inferplan(&["report", p]));
    assert!(report.contains("400–800~"), "{report}");
}

#[test]
fn the_timeline_follows_the_plans_horizon_and_migration_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    let text = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "[settings]\n",
        "[settings]\nhorizon_months = 36\nmigration = 6_000\n",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["report", p, "--timeline", "--format", "json"];
        args.extend(extra);
        let o = inferplan(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).unwrap()
    };
    // Scenario 6 (C: enterprise, Qwen3-32B, on-prem): the API 4,200, one
    // replica 2,000–4,000; 6,000 won back at 2,200 a month in month 3 at
    // the cheap end (6,000 + 3 × 2,000 ≤ 3 × 4,200), at 200 a month in
    // month 30 at the dear (6,000 + 30 × 4,000 = 30 × 4,200).
    let v = json(&[]);
    let s = &v["scenarios"][5];
    assert_eq!(s["timeline"].as_array().unwrap().len(), 36);
    assert_eq!(
        s["payback_month"],
        serde_json::json!({"low": 3, "high": 30})
    );
    // Over 24 months the dear end does not pay back: null.
    let v = json(&["--months", "24"]);
    assert_eq!(
        v["scenarios"][5]["payback_month"],
        serde_json::json!({"low": 3, "high": null})
    );
    assert_eq!(
        s["first_cheaper_month"],
        serde_json::json!({"low": 1, "high": 1})
    );
    assert_eq!(
        s["cheaper_for_good_from_month"],
        serde_json::json!({"low": 1, "high": 1})
    );
    assert_eq!(
        s["cheaper_windows"],
        serde_json::json!({"low": [[1, 36]], "high": [[1, 36]]})
    );
    // The command line's figures win over the plan's.
    let v = json(&["--months", "12", "--migration", "0"]);
    let s = &v["scenarios"][5];
    assert_eq!(s["timeline"].as_array().unwrap().len(), 12);
    assert_eq!(s["payback_month"], serde_json::json!({"low": 1, "high": 1}));
}

#[test]
fn buying_servers_whose_running_costs_exceed_the_api_never_pays_back_in_cash() {
    // One 8x H100 server at 250,000 (worth 50,000 after 36 months), 8 %
    // a year upkeep (1,666.67 a month), 8 GPUs at 700 W × 1.3 PUE × 730 h ×
    // 0.15 $/kWh (797.16) and half an engineer at 15,000 (7,500): 9,963.83
    // a month to run, against the API's 5,850 (260M tokens a day, 0.75 $/M,
    // 30 days). Neither the payback nor the cash ever comes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("buy.toml");
    std::fs::write(
        &path,
        "schema = 1\nname = \"8x H100 for a 70B model\"\n\n[settings]\ninclude_overheads = true\nhorizon_months = 36\n\n\
         [[gpu_tiers]]\nid = \"h100x8\"\ngpus = \"8x H100 80GB\"\ngpu_count = 8\npurchase = 250_000\nresidual = 50_000\nupkeep_per_year = 0.08\ntokens_per_day = 400_000_000\n\n\
         [[models]]\nname = \"Llama 3.3 70B\"\ninput_per_mtok = 0.40\noutput_per_mtok = 0.75\ntier = \"h100x8\"\n\n\
         [[overheads]]\nname = \"Electricity\"\nwatts_per_gpu = 700\npue = 1.3\nprice_per_kwh = 0.15\nscales_with = \"replica\"\napplies_to = \"on-prem\"\n\n\
         [[overheads]]\nname = \"Staff\"\nfte = 0.5\nfte_monthly = 15_000\napplies_to = \"on-prem\"\n\n\
         [[scenarios]]\nname = \"Platform\"\ntokens_per_day = 260_000_000\nmodel = \"Llama 3.3 70B\"\ndeployment = \"on-prem\"\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let o = inferplan(&["report", p, "--scenario", "Platform"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let why = stdout(&o);
    assert!(why.contains("never pays back against the API's (with its overheads) 5,850/mo: what they still cost to run (upkeep and overheads, 9,963.83/mo) is no less"), "{why}");
    assert!(
        why.contains("it does not break even within 36 months"),
        "{why}"
    );
    // Cash: 250,000 + 36 × 9,963.8267 = 608,697.76 paid, less 50,000 left.
    let o = inferplan(&["report", p, "--timeline", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let cash = &v["scenarios"][0]["cash"];
    assert_eq!(
        cash["breaks_even_month"],
        serde_json::json!({"low": null, "high": null})
    );
    assert_eq!(cash["residual"]["low"], serde_json::json!(50_000.0));
    assert_eq!(
        cash["net_of_residual"]["low"],
        serde_json::json!(558_697.76)
    );
    assert_eq!(
        cash["months"][0]["self_host"]["low"],
        serde_json::json!(259_963.83)
    );
    assert_eq!(
        v["scenarios"][0]["payback_month"],
        serde_json::json!({"low": null, "high": null})
    );
}
