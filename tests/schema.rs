//! The plan file's JSON Schema (`inferplan schema`) accepts every plan
//! inferplan reads and refuses what it refuses; `inferplan new` points new
//! plans at it; the key reference in docs/plan-file.md is the one the lists
//! give.

mod common;

use common::{run, stdout};
use inferplan::store::plan_file::{self, schema};
use std::path::Path;

/// TOML as the JSON an editor validates it as (a datetime as its text).
fn as_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(as_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, as_json(v))).collect()),
    }
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&schema::json_schema()).unwrap();
    jsonschema::draft202012::new(&schema).expect("the schema is a valid draft 2020-12 schema")
}

fn errors(text: &str) -> Vec<String> {
    let doc = as_json(toml::from_str(text).expect("TOML"));
    validator()
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schema_accepts_the_built_in_plan_and_every_fixture_plan() {
    let mut plans = vec![(
        "built-in".to_string(),
        inferplan::plan::DEFAULT_PLAN_TOML.to_string(),
    )];
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")).unwrap()
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            plans.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    // And what the writer writes of a plan with every field set (the
    // synthetic plan, and the architect plan as inferplan saves it).
    let written = plan_file::to_toml(&plan_file::synthetic_plan(20, 10));
    plans.push(("written".into(), written));
    assert!(plans.len() >= 3);
    for (name, text) in plans {
        let problems = errors(&text);
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        plan_file::from_toml(&text, &name).expect("inferplan reads it too");
    }
}

#[test]
fn the_schema_refuses_an_unknown_key_and_a_wrong_type() {
    let unknown = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "tokens_per_day = 1_000_000",
        "tokens_per_day = 1_000_000\ntokens_per_dya = 2",
        1,
    );
    assert_ne!(unknown, inferplan::plan::DEFAULT_PLAN_TOML);
    let found = errors(&unknown);
    assert!(
        found.iter().any(|e| e.contains("tokens_per_dya")),
        "{found:#?}"
    );
    // inferplan refuses the same file.
    assert!(plan_file::from_toml(&unknown, "plan.toml").is_err());
    let wrong = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "include_overheads = false",
        "include_overheads = \"no\"",
        1,
    );
    assert_ne!(wrong, inferplan::plan::DEFAULT_PLAN_TOML);
    let found = errors(&wrong);
    assert!(
        found.iter().any(|e| e.contains("include_overheads")),
        "{found:#?}"
    );
    assert!(plan_file::from_toml(&wrong, "plan.toml").is_err());
}

#[test]
fn a_new_plan_names_its_schema_and_has_it_beside() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["new", "p.toml"], Some(dir.path()), Some(dir.path()));
    assert!(out.status.success(), "{out:?}");
    let text = std::fs::read_to_string(dir.path().join("p.toml")).unwrap();
    assert_eq!(text.lines().next(), Some("#:schema ./plan.schema.json"));
    let beside = std::fs::read_to_string(dir.path().join(schema::FILE_NAME)).unwrap();
    assert_eq!(beside, schema::json_schema());
    assert!(
        stdout(&out).contains("plan.schema.json"),
        "{}",
        stdout(&out)
    );
    plan_file::from_toml(&text, "p.toml").expect("the new plan reads");
    // `inferplan schema` prints the same schema.
    let printed = run(&["schema"], None, Some(dir.path()));
    assert_eq!(stdout(&printed), beside);
}

#[test]
fn the_key_reference_is_the_one_the_lists_give() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/plan-file.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == schema::markdown(),
        "docs/plan-file.md is out of date: run `cargo run -- schema --markdown > docs/plan-file.md`"
    );
}

#[test]
fn the_readmes_example_plan_names_every_key() {
    use inferplan::plan::keys::{
        MeasuredKey, ModelKey, OffersKey, OverheadKey, ScenarioKey, SettingsKey, TierKey,
    };
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("## The plan file").unwrap()..];
    let lists = [
        SettingsKey::KEYS,
        TierKey::KEYS,
        MeasuredKey::KEYS,
        ModelKey::KEYS,
        OffersKey::KEYS,
        OverheadKey::KEYS,
        ScenarioKey::KEYS,
    ];
    for key in lists.iter().flat_map(|keys| keys.iter()) {
        assert!(
            section.contains(key.name),
            "README's plan file section does not name {}",
            key.name
        );
    }
}

#[test]
fn the_rules_and_the_reader_name_only_listed_keys() {
    use inferplan::plan::keys::{
        MeasuredKey, ModelKey, OffersKey, OverheadKey, ScenarioKey, SettingsKey, TierKey,
    };
    let mut listed: Vec<&str> = [
        SettingsKey::KEYS,
        TierKey::KEYS,
        MeasuredKey::KEYS,
        ModelKey::KEYS,
        OffersKey::KEYS,
        OverheadKey::KEYS,
        ScenarioKey::KEYS,
    ]
    .iter()
    .flat_map(|keys| keys.iter().map(|k| k.name))
    .collect();
    // The top level's keys and tables.
    listed.extend([
        "schema",
        "name",
        "settings",
        "gpu_tiers",
        "models",
        "overheads",
        "scenarios",
    ]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "src/plan/validate.rs",
        "src/engine/rules.rs",
        "src/store/plan_file/raw.rs",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        // Its code, before its tests, without comments.
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for quoted in code.split('"').skip(1).step_by(2) {
            let snake = !quoted.is_empty()
                && quoted
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            assert!(
                !snake || listed.contains(&quoted),
                "{file} names \"{quoted}\", which no list of keys holds"
            );
        }
    }
}
