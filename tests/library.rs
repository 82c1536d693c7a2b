//! The plan library as a user meets it: `inferplan new --library NAME` and
//! `inferplan list`, with the data folder in a temporary folder (through
//! `INFERPLAN_DATA_DIR`) so the real home folder is never touched.

mod common;

use common::{stderr, stdout};
use inferplan::plan::DEFAULT_PLAN_TOML;
use inferplan::store::plan_file;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, UNIX_EPOCH};

fn inferplan(data: &Path, args: &[&str]) -> Output {
    common::run(args, Some(data), Some(data))
}

/// Output with the temporary folder's name replaced by `<data>`.
fn normalised(o: &Output, data: &Path) -> String {
    stdout(o).replace(&data.display().to_string(), "<data>")
}

/// Sets a file's modification time, so listed dates are the same every run.
fn touch(path: &Path, secs_since_epoch: u64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(UNIX_EPOCH + Duration::from_secs(secs_since_epoch))
        .unwrap();
}

#[test]
fn an_empty_library_says_where_it_is_and_how_to_start() {
    let data = tempfile::tempdir().unwrap();
    let o = inferplan(data.path(), &["list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!(normalised(&o, data.path()));
}

#[test]
fn the_built_in_plan_can_always_be_restored_as_a_new_plan() {
    let data = tempfile::tempdir().unwrap();
    let plans = data.path().join("plans");

    let first = inferplan(data.path(), &["new", "--library", "Q3 prices, cloud"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(
        normalised(&first, data.path()),
        "wrote the built-in plan to the library as \"Q3 prices, cloud\": <data>/plans/q3-prices-cloud.toml\nwrote its JSON Schema to <data>/plans/plan.schema.json (editors such as taplo check the plan with it)\n"
    );
    let path = plans.join("q3-prices-cloud.toml");
    let saved = plan_file::load(&path).expect("a valid plan");
    assert_eq!(saved.name, "Q3 prices, cloud");
    assert_eq!(saved.scenarios, plan_file::default_plan().scenarios);
    // The built-in plan's comments come along: it is the file to edit from.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("# inferplan's built-in plan"));

    // Edit it, then restore the built-in plan under the same name: a new
    // file, the edited plan untouched.
    std::fs::write(
        &path,
        text.replacen(
            "tokens_per_day = 50_000_000\n",
            "tokens_per_day = 80_000_000\n",
            1,
        ),
    )
    .unwrap();
    let again = inferplan(data.path(), &["new", "--library", "Q3 prices, cloud"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let restored = plan_file::load(&plans.join("q3-prices-cloud-2.toml")).unwrap();
    assert_eq!(restored.scenarios, plan_file::default_plan().scenarios);
    assert_ne!(
        plan_file::load(&path).unwrap().scenarios,
        restored.scenarios
    );
}

#[test]
fn list_shows_each_plan_with_its_date_and_verdicts_newest_first() {
    let data = tempfile::tempdir().unwrap();
    let plans = data.path().join("plans");
    for name in ["Baseline", "Pricier Flash"] {
        let o = inferplan(data.path(), &["new", "--library", name]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let pricier = plans.join("pricier-flash.toml");
    let text = std::fs::read_to_string(&pricier).unwrap();
    std::fs::write(
        &pricier,
        text.replacen(
            "output_per_mtok = 0.25\ninput_per_mtok = 0.25 ",
            "output_per_mtok = 1.40\ninput_per_mtok = 1.40 ",
            1,
        ),
    )
    .unwrap();
    // A file from a newer inferplan is listed with its problem, not skipped
    // and not fatal to the rest of the list.
    let newer = plans.join("from-the-future.toml");
    std::fs::write(
        &newer,
        DEFAULT_PLAN_TOML.replacen("schema = 1", "schema = 2", 1),
    )
    .unwrap();
    // Not plans: other files and the temporaries of an interrupted save.
    std::fs::write(plans.join("notes.txt"), "not a plan").unwrap();
    std::fs::write(plans.join(".inferplan-abc.tmp"), "half a plan").unwrap();

    touch(&plans.join("baseline.toml"), 1_767_225_600); // 2026-01-01 00:00 UTC
    touch(&pricier, 1_775_001_900); // 2026-04-01 00:05 UTC
    touch(&newer, 1_770_000_000); // 2026-02-02 02:40 UTC

    let o = inferplan(data.path(), &["list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = normalised(&o, data.path());
    // What tells plans apart: their verdicts, not a sum of unrelated
    // scenarios. The built-in plan: A, B and C cloud on Flash go to the
    // API; C on-prem on Qwen self-hosts; the other two depend.
    assert!(
        out.contains("6 scenarios (3 API, 1 self-host, 2 depend) · 10 models · 5 tiers · cloud"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn new_needs_a_path_or_a_library_name_but_not_both() {
    let data = tempfile::tempdir().unwrap();
    let neither = inferplan(data.path(), &["new"]);
    assert_eq!(neither.status.code(), Some(2));
    assert!(stderr(&neither).contains("<PATH>"), "{}", stderr(&neither));

    let both = inferplan(data.path(), &["new", "plan.toml", "--library", "Q3"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(
        stderr(&both).contains("cannot be used with"),
        "{}",
        stderr(&both)
    );

    let blank = inferplan(data.path(), &["new", "--library", "  "]);
    assert_eq!(blank.status.code(), Some(1));
    assert_eq!(
        stderr(&blank),
        "inferplan: a plan in the library needs a name\n"
    );
    assert!(!data.path().join("plans").exists());
}

#[test]
fn a_bare_name_finds_a_library_plan_and_says_so() {
    let data = tempfile::tempdir().unwrap();
    let o = inferplan(data.path(), &["new", "--library", "Q3 prices"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let elsewhere = tempfile::tempdir().unwrap();
    let o = common::run(
        &["check", "q3-prices"],
        Some(elsewhere.path()),
        Some(data.path()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("from the plan library"),
        "{}",
        stderr(&o)
    );
    // A file of that name here wins, and the note says the library has one too.
    std::fs::write(elsewhere.path().join("q3-prices.toml"), DEFAULT_PLAN_TOML).unwrap();
    let o = common::run(
        &["check", "q3-prices.toml"],
        Some(elsewhere.path()),
        Some(data.path()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("in this folder (the plan library has q3-prices.toml too)"),
        "{}",
        stderr(&o)
    );
}
