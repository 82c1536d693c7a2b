//! The plan file as promised: every bad file is refused with an error naming
//! the file, the line and column, the field and what was expected; saving is
//! atomic and lossless.
//!
//! Each bad file is the built-in plan with one small edit, and the expected
//! line and column are computed from where the edit landed.

use inferplan::plan::{DEFAULT_PLAN_TOML, Location, PlanError, SCHEMA};
use inferplan::store::plan_file::{default_plan, from_toml, load, save, to_toml};
use std::path::Path;

/// The built-in plan with the first `old` after `anchor` replaced by `new`,
/// and the byte offset where `new` starts.
fn edit(anchor: &str, old: &str, new: &str) -> (String, usize) {
    let from = DEFAULT_PLAN_TOML
        .find(anchor)
        .unwrap_or_else(|| panic!("anchor {anchor:?} is not in the built-in plan"));
    let at = from
        + DEFAULT_PLAN_TOML[from..]
            .find(old)
            .unwrap_or_else(|| panic!("{old:?} is not after {anchor:?}"));
    let mut text = DEFAULT_PLAN_TOML.to_string();
    text.replace_range(at..at + old.len(), new);
    (text, at)
}

/// The offset of the value written after `key =`, searching from `from`.
fn value_of(text: &str, from: usize, key: &str) -> usize {
    let key_at = from + text[from..].find(key).expect("key after the edit");
    let rest = &text[key_at + key.len()..];
    let eq = rest.find('=').expect("`=` after the key");
    let value = rest[eq + 1..].len() - rest[eq + 1..].trim_start().len();
    key_at + key.len() + eq + 1 + value
}

/// Line and column (from 1, columns in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> Location {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

fn refused(text: &str) -> PlanError {
    match from_toml(text, "plan.toml") {
        Ok(_) => panic!("the edited plan was accepted"),
        Err(e) => e,
    }
}

/// Asserts the error names the file, `field`, and the line and column of
/// `offset`, that its message holds every `words`, and that it reads
/// `plan.toml:LINE:COL: FIELD: message`.
#[track_caller]
fn assert_points_at(text: &str, offset: usize, field: &str, words: &[&str]) -> PlanError {
    let e = refused(text);
    let at = line_col(text, offset);
    assert_eq!(e.file, "plan.toml", "{e}");
    assert_eq!(e.field.as_deref(), Some(field), "{e}");
    assert_eq!(e.location, Some(at), "{e}");
    for w in words {
        assert!(e.message.contains(w), "{e}\nshould say {w:?}");
    }
    let shown = e.to_string();
    let head = format!("plan.toml:{}:{}: {field}: ", at.line, at.column);
    assert!(shown.starts_with(&head), "{shown:?} should start {head:?}");
    assert_eq!(shown, format!("{head}{}", e.message));
    e
}

#[test]
fn the_line_helper_counts_from_one() {
    let text = "a = 1\nbé = 2\n";
    assert_eq!(line_col(text, 0), Location { line: 1, column: 1 });
    assert_eq!(line_col(text, 6), Location { line: 2, column: 1 });
    assert_eq!(
        line_col(text, text.find("= 2").unwrap()),
        Location { line: 2, column: 4 }
    );
    assert_eq!(line_col(text, text.len()), Location { line: 3, column: 1 });
}

#[test]
fn the_built_in_plan_loads_and_survives_its_file() {
    let plan = default_plan();
    let back = from_toml(&to_toml(&plan), "plan.toml").expect("written plan reads back");
    assert_eq!(back, plan);
}

// ----- what the parser refuses ---------------------------------------------------

#[test]
fn a_word_where_a_number_belongs() {
    let (text, at) = edit(
        "id = \"7-9b\"",
        "tokens_per_day = 25_000_000",
        "tokens_per_day = \"lots\"",
    );
    let e = assert_points_at(
        &text,
        value_of(&text, at, "tokens_per_day"),
        "gpu_tiers[0].tokens_per_day",
        &["\"lots\"", "expected"],
    );
    assert_eq!(e.location.unwrap().line, 32, "the first tier's capacity");
}

#[test]
fn an_unknown_field_in_a_model() {
    let (text, at) = edit(
        "name = \"Qwen3-32B\"",
        "tier = \"27-32b\"",
        "tier = \"27-32b\"\ncolour = \"red\"",
    );
    let key = at + text[at..].find("colour").unwrap();
    assert_points_at(
        &text,
        key,
        "models[2].colour",
        &["unknown field `colour`", "expected one of", "`tier`"],
    );
}

#[test]
fn an_unknown_top_level_field() {
    let (text, at) = edit("schema = 1", "schema = 1", "schema = 1\nversion = 2");
    let key = at + text[at..].find("version").unwrap();
    assert_points_at(&text, key, "version", &["unknown field `version`"]);
}

#[test]
fn a_toml_syntax_error() {
    let (text, at) = edit(
        "name = \"Qwen3-8B\"",
        "name = \"Qwen3-8B\"",
        "name = \"Qwen3-8B",
    );
    let e = refused(&text);
    let loc = e.location.expect("a syntax error has a location");
    assert_eq!(loc.line, line_col(&text, at).line, "{e}");
    assert!(loc.column > 1, "{e}");
    assert_eq!(e.field.as_deref(), Some("models[3].name"), "{e}");
    assert!(e.message.contains("string"), "{e}");
    assert!(e.to_string().starts_with(&format!(
        "plan.toml:{}:{}: models[3].name: ",
        loc.line, loc.column
    )));
}

#[test]
fn a_deployment_that_does_not_exist() {
    let (text, at) = edit(
        "[settings]",
        "deployment = \"cloud\"",
        "deployment = \"moon\"",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "deployment"),
        "settings.deployment",
        &["moon", "`cloud`", "`on-prem`"],
    );
    let (text, at) = edit(
        "name = \"C: enterprise, DeepSeek V4 Flash, on-prem\"",
        "deployment = \"on-prem\"",
        "deployment = \"moon\"",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "deployment"),
        "scenarios[3].deployment",
        &["moon", "`cloud`", "`on-prem`"],
    );
}

#[test]
fn a_range_of_three_numbers() {
    let (text, at) = edit(
        "id = \"27-32b\"",
        "cloud_monthly = [1000, 2000]",
        "cloud_monthly = [1000, 2000, 3000]",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "cloud_monthly"),
        "gpu_tiers[2].cloud_monthly",
        &["[low, high]"],
    );
}

// ----- the schema ---------------------------------------------------------------

#[test]
fn a_newer_schema_is_refused_by_name() {
    let (text, at) = edit("schema = 1", "schema = 1", "schema = 2");
    assert_points_at(
        &text,
        value_of(&text, at, "schema"),
        "schema",
        &["schema 2", "newer", &format!("schema {SCHEMA}")],
    );
}

#[test]
fn a_newer_schema_is_refused_before_its_new_fields() {
    // A schema-2 file may hold fields this version has never heard of: the
    // schema is what the user must be told about, not the first strange key.
    let (text, at) = edit("schema = 1", "schema = 1", "schema = 2\nteleport = true");
    assert_points_at(&text, value_of(&text, at, "schema"), "schema", &["newer"]);
}

#[test]
fn a_missing_schema() {
    let (text, _) = edit("schema = 1", "schema = 1\n", "");
    assert_points_at(
        &text,
        0,
        "schema",
        &["missing", &format!("schema = {SCHEMA}")],
    );
}

#[test]
fn a_schema_that_is_not_a_whole_number() {
    let (text, at) = edit("schema = 1", "schema = 1", "schema = \"one\"");
    assert_points_at(
        &text,
        value_of(&text, at, "schema"),
        "schema",
        &[&format!("whole number {SCHEMA}")],
    );
}

// ----- references and names -----------------------------------------------------

#[test]
fn a_model_on_a_tier_that_does_not_exist() {
    let (text, at) = edit(
        "name = \"DeepSeek V3.2\"",
        "tier = \"200b+\"",
        "tier = \"300b\"",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "tier"),
        "models[1].tier",
        &["unknown GPU tier \"300b\"", "200b+"],
    );
}

#[test]
fn a_scenario_on_a_model_that_does_not_exist() {
    let (text, at) = edit(
        "name = \"C: enterprise, Qwen3-32B, cloud\"",
        "model = \"Qwen3-32B\"",
        "model = \"Qwen3-33B\"",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "model"),
        "scenarios[4].model",
        &["unknown model \"Qwen3-33B\"", "Qwen3-32B"],
    );
}

#[test]
fn a_scenario_on_a_tier_that_does_not_exist() {
    let (text, at) = edit(
        "name = \"A: hobby project\"",
        "tier = \"7-9b\"",
        "tier = \"6b\"",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "tier"),
        "scenarios[0].tier",
        &["unknown GPU tier \"6b\""],
    );
}

#[test]
fn two_models_with_one_name() {
    let (text, at) = edit(
        "name = \"GLM-4-9B\"",
        "name = \"GLM-4-9B\"",
        "name = \"Qwen3-8B\"",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "name"),
        "models[7].name",
        &["duplicate model name \"Qwen3-8B\""],
    );
}

#[test]
fn two_tiers_with_one_id() {
    let (text, at) = edit("id = \"13-14b\"", "id = \"13-14b\"", "id = \"7-9b\"");
    assert_points_at(
        &text,
        value_of(&text, at, "id"),
        "gpu_tiers[1].id",
        &["duplicate GPU tier id \"7-9b\""],
    );
}

// ----- numbers out of bounds ----------------------------------------------------

#[test]
fn a_negative_price() {
    let (text, at) = edit(
        "name = \"DeepSeek V3.2\"",
        "output_per_mtok = 0.38",
        "output_per_mtok = -0.38",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "output_per_mtok"),
        "models[1].output_per_mtok",
        &["-0.38", "price"],
    );
}

#[test]
fn a_bad_output_price_is_blamed_when_the_input_price_is_left_out() {
    // An absent input price is taken from the output price; the error must
    // name the output price, on its line, not a key the file does not have.
    let (text, _) = edit(
        "name = \"DeepSeek V3.2\"",
        "input_per_mtok = 0.38          # assumption\n",
        "",
    );
    let text = text.replacen("output_per_mtok = 0.38", "output_per_mtok = -1", 1);
    let at = text.find("output_per_mtok = -1").unwrap();
    assert_points_at(
        &text,
        value_of(&text, at, "output_per_mtok"),
        "models[1].output_per_mtok",
        &["-1 is not a price"],
    );
}

#[test]
fn a_negative_money_range() {
    let (text, at) = edit(
        "name = \"Model updates and maintenance\"",
        "monthly = [100, 500]",
        "monthly = [-100, 500]",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "monthly"),
        "overheads[3].monthly",
        &["-100", "negative"],
    );
}

#[test]
fn a_price_of_nan() {
    let (text, at) = edit(
        "name = \"DeepSeek V3.2\"",
        "output_per_mtok = 0.38",
        "output_per_mtok = nan",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "output_per_mtok"),
        "models[1].output_per_mtok",
        &["NaN is not a price"],
    );
}

#[test]
fn a_price_of_infinity() {
    let (text, at) = edit(
        "name = \"Qwen3-32B\"",
        "input_per_mtok = 0.28",
        "input_per_mtok = inf",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "input_per_mtok"),
        "models[2].input_per_mtok",
        &["inf is not a price"],
    );
}

#[test]
fn money_of_nan_or_infinity() {
    for bad in ["[nan, 2000]", "[1000, inf]", "-inf", "+inf"] {
        let (text, at) = edit(
            "id = \"27-32b\"",
            "cloud_monthly = [1000, 2000]",
            &format!("cloud_monthly = {bad}"),
        );
        assert_points_at(
            &text,
            value_of(&text, at, "cloud_monthly"),
            "gpu_tiers[2].cloud_monthly",
            &["NaN or infinity"],
        );
    }
}

#[test]
fn money_and_prices_too_large_to_total() {
    let (text, at) = edit(
        "id = \"27-32b\"",
        "cloud_monthly = [1000, 2000]",
        "cloud_monthly = [1000, 2e12]",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "cloud_monthly"),
        "gpu_tiers[2].cloud_monthly",
        &["too large"],
    );
    let (text, at) = edit(
        "name = \"DeepSeek V3.2\"",
        "output_per_mtok = 0.38",
        "output_per_mtok = 1e13",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "output_per_mtok"),
        "models[1].output_per_mtok",
        &["is not a price"],
    );
}

#[test]
fn a_range_whose_low_end_is_above_its_high_end() {
    let (text, at) = edit(
        "id = \"27-32b\"",
        "cloud_monthly = [1000, 2000]",
        "cloud_monthly = [2000, 1000]",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "cloud_monthly"),
        "gpu_tiers[2].cloud_monthly",
        &["low end 2000 is above high end 1000", "[low, high]"],
    );
}

/// Scenario B with `line` added after its tier, and the offset of `key`'s value.
fn scenario_b_with(line: &str, key: &str) -> (String, usize) {
    let (text, at) = edit(
        "name = \"B: growth-stage startup\"",
        "tier = \"27-32b\"",
        &format!("tier = \"27-32b\"\n{line}"),
    );
    let value = value_of(&text, at + "tier".len(), key);
    (text, value)
}

#[test]
fn a_target_utilization_of_zero_or_above_one() {
    for (bad, shown) in [
        ("0", "0 is not"),
        ("1.5", "1.5 is not"),
        ("0.0", "0 is not"),
        ("0.005", "0.005 is not"),
        ("5e-324", "5e-324 is not"),
    ] {
        let (text, at) =
            scenario_b_with(&format!("target_utilization = {bad}"), "target_utilization");
        assert_points_at(
            &text,
            at,
            "scenarios[1].target_utilization",
            &[shown, "utilization", "from 0.01 to 1"],
        );
    }
}

#[test]
fn no_regions() {
    let (text, at) = scenario_b_with("regions = 0", "regions");
    assert_points_at(&text, at, "scenarios[1].regions", &["from 1 to 1000"]);
}

#[test]
fn a_negative_volume() {
    let (text, at) = edit(
        "name = \"A: hobby project\"",
        "tokens_per_day = 1_000_000",
        "tokens_per_day = -1_000_000",
    );
    assert_points_at(
        &text,
        value_of(&text, at, "tokens_per_day"),
        "scenarios[0].tokens_per_day",
        &["-1000000"],
    );
}

// ----- loading and saving -------------------------------------------------------

#[test]
fn loading_a_missing_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-plan.toml");
    let e = load(&path).expect_err("there is no file");
    assert_eq!(e.file, path.display().to_string());
    assert_eq!(e.location, None);
    assert_eq!(e.field, None);
    assert!(e.message.contains("cannot read"), "{e}");
    assert!(
        e.to_string().starts_with(&format!("{}: ", path.display())),
        "{e}"
    );
}

#[test]
fn loading_a_bad_file_names_it_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    let (text, at) = edit("schema = 1", "schema = 1", "schema = 2");
    std::fs::write(&path, &text).unwrap();
    let e = load(&path).expect_err("schema 2");
    assert_eq!(e.file, path.display().to_string());
    assert_eq!(
        e.location,
        Some(line_col(&text, value_of(&text, at, "schema")))
    );
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The built-in plan with edits a file must keep: notes with quotes,
/// newlines and non-ASCII, a point range, a model with no self-host figure.
fn edited_plan() -> inferplan::plan::Plan {
    let mut plan = default_plan();
    plan.name = "Plan \"β\" — 2026\nsecond line".into();
    plan.gpu_tiers[0].note = "tab\there, backslash \\ and # not a comment".into();
    plan.gpu_tiers[0].cloud_monthly = Some(inferplan::base::money::Range::point(123.45));
    plan.models[0].self_host_monthly = None;
    plan.models[1].input_per_mtok = Some(0.1 + 0.2);
    plan.scenarios[0].output_share = Some(1.0 / 3.0);
    plan
}

#[test]
fn a_saved_plan_loads_back_equal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    let plan = edited_plan();
    save(&plan, &path).expect("saved");
    assert_eq!(load(&path).expect("loads"), plan);
    assert_eq!(files_in(dir.path()), ["plan.toml"]);
}

#[test]
fn saving_over_a_file_replaces_it_and_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(
        &path,
        "an older, longer file that is not even a plan\n".repeat(100),
    )
    .unwrap();
    save(&default_plan(), &path).expect("first save");
    let plan = edited_plan();
    save(&plan, &path).expect("second save");
    assert_eq!(load(&path).expect("loads"), plan);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("an older, longer file"), "{text}");
    assert_eq!(files_in(dir.path()), ["plan.toml"]);
}

#[test]
fn saving_into_a_missing_folder_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("plan.toml");
    let e = save(&default_plan(), &path).expect_err("no such folder");
    assert_eq!(e.file, path.display().to_string());
    assert!(e.message.contains("cannot save"), "{e}");
    assert!(files_in(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_permissions_a_file_would_have() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();

    // A new plan gets what any new file gets (0666 less the umask), not the
    // owner-only mode of a temporary file.
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "").unwrap();
    let new = dir.path().join("new.toml");
    save(&default_plan(), &new).unwrap();
    assert_eq!(mode(&new), mode(&plain));

    // A replaced plan keeps its own.
    let shared = dir.path().join("shared.toml");
    std::fs::write(&shared, "").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).unwrap();
    save(&default_plan(), &shared).unwrap();
    assert_eq!(mode(&shared), 0o640);
}

#[test]
fn saving_over_a_hand_edited_plan_keeps_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, DEFAULT_PLAN_TOML).unwrap();
    let mut plan = load(&path).unwrap();
    plan.scenarios[1].tokens_per_day = 100_000_000;
    save(&plan, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(load(&path).unwrap(), plan);
    let changed: Vec<_> = DEFAULT_PLAN_TOML
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [("tokens_per_day = 50_000_000", "tokens_per_day = 100000000")]
    );
    assert_eq!(DEFAULT_PLAN_TOML.lines().count(), text.lines().count());
}

// ----- what the cells take, the file takes --------------------------------------

#[test]
fn a_plan_file_takes_volumes_money_and_shares_as_the_cells_write_them() {
    let text = DEFAULT_PLAN_TOML
        .replacen("tokens_per_day = 25_000_000", "tokens_per_day = \"25M\"", 1)
        .replacen(
            "cloud_monthly = [400, 800]",
            "cloud_monthly = \"400-800\"",
            1,
        )
        .replacen(
            "tokens_per_day = 50_000_000\nmodel",
            "tokens_per_day = \"50M\"\ntarget_utilization = \"60%\"\nregions = \"2\"\nmodel",
            1,
        );
    assert!(
        text.contains("\"50M\"") && text.contains("\"60%\""),
        "the edits landed"
    );
    let plan = from_toml(&text, "plan.toml").unwrap();
    let mut expected = from_toml(DEFAULT_PLAN_TOML, "plan.toml").unwrap();
    expected.scenarios[1].target_utilization = 0.6;
    expected.scenarios[1].regions = 2;
    assert_eq!(plan, expected);
}

#[test]
fn a_value_of_the_wrong_kind_is_refused_in_words() {
    for (line, key, words) in [
        ("regions = -1", "regions", "a whole number like 2"),
        ("regions = 1.5", "regions", "a whole number like 2"),
        (
            "spare_replicas = \"one\"",
            "spare_replicas",
            "not a whole number",
        ),
        (
            "target_utilization = \"lots\"",
            "target_utilization",
            "not a number",
        ),
        (
            "peak_to_average = true",
            "peak_to_average",
            "a number like 0.28",
        ),
    ] {
        let (text, at) = scenario_b_with(line, key);
        let e = assert_points_at(&text, at, &format!("scenarios[1].{key}"), &[words]);
        for jargon in ["u64", "u32", "f64", "i64"] {
            assert!(!e.message.contains(jargon), "{e}");
        }
    }
    let (text, at) = edit(
        "id = \"7-9b\"",
        "tokens_per_day = 25_000_000",
        "tokens_per_day = -5",
    );
    let e = assert_points_at(
        &text,
        value_of(&text, at, "tokens_per_day"),
        "gpu_tiers[0].tokens_per_day",
        &["tokens per day like 50_000_000 or \"50M\""],
    );
    assert!(!e.message.contains("u64"), "{e}");
}

/// Text the parser refuses in its own words is reported in the plan's: the
/// place, what is wrong, what is accepted.
#[test]
fn deep_nesting_and_huge_numbers_name_the_place_and_what_is_accepted() {
    let read = |text: String| from_toml(&text, "p.toml").unwrap_err().to_string();
    let deep_key = read(format!(
        "schema = 1\nname = \"x\"\n{}b = 1\n",
        "a.".repeat(300)
    ));
    assert!(
        deep_key.starts_with("p.toml:3:1: a.a.") && deep_key.contains("nested too deeply"),
        "{deep_key}"
    );
    assert!(deep_key.len() < 200, "the key is cut short: {deep_key}");
    let deep_value = read(format!(
        "schema = 1\nname = \"x\"\nv = {}{}\n",
        "[".repeat(300),
        "]".repeat(300)
    ));
    assert!(
        deep_value.starts_with("p.toml:3:1: v: nested too deeply"),
        "{deep_value}"
    );
    let huge = read(
        "schema = 1\nname = \"x\"\n[settings]\ndays_per_month = 12345678901234567890123\n".into(),
    );
    assert_eq!(
        huge,
        "p.toml:4:18: settings.days_per_month: 12345678901234567890123 is too large a number to read; expected a number like 0.28"
    );
    let schema = read("schema = 123456789012345678901234567890\nname = \"x\"\n".into());
    assert_eq!(
        schema,
        "p.toml:1:10: schema: 123456789012345678901234567890 is too large a number to read; expected the whole number 1"
    );
}
