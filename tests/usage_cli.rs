//! `inferplan import usage`: a team's traffic read from its logs and written
//! into a plan as a scenario, as a user runs it; a bad file changes nothing.

mod common;

use common::{run, stdout};
use inferplan::plan::DEFAULT_PLAN_TOML;
use inferplan::store::plan_file::load;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/usage")
        .join(name)
}

/// A plan file in a fresh folder, and the folder.
fn plan_in_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, DEFAULT_PLAN_TOML).unwrap();
    (dir, plan)
}

fn import(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["import", "usage"];
    all.extend_from_slice(args);
    run(&all, Some(dir), Some(dir))
}

#[test]
fn openai_and_anthropic_reports_of_the_same_traffic_give_the_same_scenario() {
    let (dir, plan) = plan_in_dir();
    let p = plan.to_str().unwrap();
    for (file, name) in [
        ("openai_usage_completions.json", "from OpenAI"),
        ("anthropic_usage_report.jsonl", "from Anthropic"),
    ] {
        let o = import(
            dir.path(),
            &[
                fixture(file).to_str().unwrap(),
                "--into",
                p,
                "--scenario",
                name,
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(
            stdout(&o).contains(&format!("Added scenario \"{name}\"")),
            "{}",
            stdout(&o)
        );
    }
    let saved = load(&plan).unwrap();
    let by = |n: &str| {
        saved
            .scenarios
            .iter()
            .find(|s| s.name == n)
            .unwrap()
            .clone()
    };
    let (a, b) = (by("from OpenAI"), by("from Anthropic"));
    // Cached reads counted once in both: OpenAI's input includes them,
    // Anthropic's uncached input does not.
    assert!((a.cached_input_share - b.cached_input_share).abs() < 1e-9);
    assert!(a.cached_input_share > 0.0);
    assert_eq!(a.tokens_per_day, b.tokens_per_day);
    assert!(
        matches!(&a.traffic_is, Some(inferplan::plan::Source::Measured(m)) if m.contains("2026-11-01"))
    );
}

#[test]
fn a_trace_updates_a_scenario_with_its_shape_and_says_what_moved() {
    let (dir, plan) = plan_in_dir();
    let o = import(
        dir.path(),
        &[
            fixture("azure_llm_inference_conv.csv").to_str().unwrap(),
            "--into",
            plan.to_str().unwrap(),
            "--scenario",
            "B: growth-stage startup",
        ],
    );
    let said = stdout(&o);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(said.contains("Fitted from"), "{said}");
    assert!(
        said.contains("Updated scenario \"B: growth-stage startup\""),
        "{said}"
    );
    assert!(said.contains("tokens_per_day: 50M → "), "{said}");
    let s = load(&plan)
        .unwrap()
        .scenarios
        .into_iter()
        .find(|s| s.name.starts_with("B:"))
        .unwrap();
    assert!(s.requests.input_tokens.is_some() && s.requests.output_tokens.is_some());
    assert_eq!(
        s.model, "DeepSeek V4 Flash",
        "an updated scenario keeps its model"
    );
}

#[test]
fn a_file_with_nothing_usable_changes_nothing_and_says_why() {
    let (dir, plan) = plan_in_dir();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "timestamp,input_tokens,output_tokens\n").unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "timestamp,input_tokens,output_tokens\nyesterday,-4,x\n",
    )
    .unwrap();
    for file in [&empty, &bad] {
        let o = import(
            dir.path(),
            &[file.to_str().unwrap(), "--into", plan.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(1));
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(
            e.contains(file.file_name().unwrap().to_str().unwrap()),
            "{e}"
        );
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), DEFAULT_PLAN_TOML);
    }
}

#[test]
fn one_model_of_many_is_fitted_and_an_unknown_one_named() {
    let (dir, plan) = plan_in_dir();
    let file = fixture("litellm_spend_logs.csv");
    let o = import(
        dir.path(),
        &[
            file.to_str().unwrap(),
            "--dry-run",
            "--model",
            "no-such-model",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-such-model"));
    let o = import(dir.path(), &[file.to_str().unwrap(), "--dry-run"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout(&o).contains("spend the file records"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("Dry run: nothing written."));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), DEFAULT_PLAN_TOML);
}
