//! A Hugging Face `config.json` as a model's architecture: `inferplan
//! import hf-config` writes its path into the plan (relative to the plan's
//! folder), the plan reads it whenever it is opened, and a tier that leaves
//! its capacity to the estimate is sized from it, exactly as `inferplan
//! estimate --model-config` estimates the same file.

mod common;

use common::{run, stderr, stdout};
use inferplan::base::money::Estimate;
use inferplan::engine::evaluate;
use inferplan::store::plan_file;
use std::path::Path;

const PLAN: &str = r#"schema = 1
name = "mini"

[[gpu_tiers]]
id = "l4"
gpus = "1x L4"
cloud_monthly = 600
gpu_type = "L4"

[[models]]
name = "Mini-3B"
output_per_mtok = 0.2
input_per_mtok = 0.05
tier = "l4"

[[scenarios]]
name = "support bot"
tokens_per_day = 300_000_000
model = "Mini-3B"
"#;

/// A folder holding the plan and `models/mini/config.json`.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("models/mini")).unwrap();
    std::fs::copy(
        "tests/fixtures/hf/config.json",
        dir.path().join("models/mini/config.json"),
    )
    .unwrap();
    std::fs::write(dir.path().join("plan.toml"), PLAN).unwrap();
    dir
}

fn import(dir: &Path, extra: &[&str]) -> std::process::Output {
    let plan = dir.join("plan.toml");
    let config = dir.join("models/mini/config.json");
    let mut args = vec![
        "import",
        "hf-config",
        config.to_str().unwrap(),
        "--into",
        plan.to_str().unwrap(),
    ];
    args.extend(extra);
    run(&args, None, None)
}

#[test]
fn the_config_becomes_the_models_architecture_and_sizes_its_tier() {
    let dir = folder();
    let o = import(dir.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(
        said.contains("model Mini-3B: architecture none → models/mini/config.json"),
        "{said}"
    );
    assert!(
        said.contains("dense (GQA attention), 36 layers, hidden 2048, 3.1B parameters"),
        "{said}"
    );
    let text = std::fs::read_to_string(dir.path().join("plan.toml")).unwrap();
    assert!(
        text.contains("architecture = \"models/mini/config.json\""),
        "{text}"
    );
    // Opened again, the plan reads the file and the tier is sized from it.
    let plan = plan_file::load(&dir.path().join("plan.toml")).unwrap();
    assert!(plan.models[0].architecture_config.is_some());
    let r = &evaluate(&plan, Estimate::Range).scenarios[0];
    let c = r.capacity.expect("an estimated capacity");
    assert!(c.least < c.most, "{c:?}");
    // The same band as `estimate` gives for the file at the assumed shape
    // and limits (1,000 in, 200 out, p99 TTFT ≤ 2 s, TPOT ≤ 50 ms).
    let o = run(
        &[
            "estimate",
            "--model-config",
            dir.path().join("models/mini/config.json").to_str().unwrap(),
            "--gpu",
            "L4",
            "--ttft-p99-ms",
            "2000",
            "--tpot-p99-ms",
            "50",
            "--format",
            "json",
        ],
        None,
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let day = &json["tokens_per_day_within_limits"];
    let near = |a: f64, b: &serde_json::Value| (a - b.as_f64().unwrap()).abs() <= 1.0;
    assert!(
        near(c.least, &day["low"]) && near(c.most, &day["high"]),
        "{c:?} vs {day}"
    );
}

#[test]
fn a_second_import_changes_nothing_and_a_save_keeps_the_path() {
    let dir = folder();
    assert!(import(dir.path(), &["--model", "mini-3b"]).status.success());
    let path = dir.path().join("plan.toml");
    let first = std::fs::read(&path).unwrap();
    let o = import(dir.path(), &["--model", "mini-3b"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&path).unwrap(), first, "{}", stdout(&o));
    // Saving a plan that has read its config writes the path, not the rows.
    let mut plan = plan_file::load(&path).unwrap();
    plan.scenarios[0].tokens_per_day = 400_000_000;
    plan_file::save(&plan, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("architecture = \"models/mini/config.json\""),
        "{text}"
    );
    assert!(text.contains("tokens_per_day = 400000000"), "{text}");
}

#[test]
fn a_config_that_cannot_be_found_or_matched_is_refused_naming_it() {
    let dir = folder();
    let path = dir.path().join("plan.toml");
    std::fs::write(
        &path,
        PLAN.replace(
            "tier = \"l4\"\n",
            "tier = \"l4\"\narchitecture = \"models/gone/config.json\"\n",
        ),
    )
    .unwrap();
    let e = plan_file::load(&path).unwrap_err().to_string();
    assert!(e.contains("models[0].architecture: cannot read"), "{e}");
    assert!(e.contains("models/gone/config.json"), "{e}");
    // No model of the plan matches the config's own name without --model.
    std::fs::write(&path, PLAN.replace("Mini-3B", "Other")).unwrap();
    let o = import(dir.path(), &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(
            "no model of the plan matches \"acme/Mini-3B-Instruct\"; name it with --model"
        ),
        "{}",
        stderr(&o)
    );
    // Read without its file (typed in the planner), a path says so.
    let text = PLAN.replace(
        "tier = \"l4\"\n",
        "tier = \"l4\"\narchitecture = \"models/mini/config.json\"\n",
    );
    let plan = plan_file::from_toml(&text, "plan.toml").unwrap();
    let why = evaluate(&plan, Estimate::Range).scenarios[0]
        .missing
        .as_ref()
        .unwrap()
        .to_string();
    assert!(
        why.contains("models/mini/config.json is not read yet"),
        "{why}"
    );
}
