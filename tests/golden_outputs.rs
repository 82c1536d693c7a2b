//! Every output of a generated plan of 1,000 scenarios and 200 models is
//! what it was: the report in each format, the comparison with a dearer
//! API, `check`'s warnings and the planner's first frame. A speed-up must not
//! change a byte. The files are big, so their digests (FNV-1a, 64 bits) and
//! sizes are kept (tests/golden/scale-1k.txt); when one differs the new
//! output is written to target/golden/ to review against the old build's.
//! `INFERPLAN_BLESS=1 cargo test --test golden_outputs` records new ones
//! after a change that is meant to change them.

use inferplan::compare::compare;
use inferplan::engine::evaluate;
use inferplan::output::compare::{CompareFormat, render as render_compare};
use inferplan::output::report::{Format, render};
use inferplan::store::plan_file::{synthetic_plan, to_toml};
use inferplan::tui::app::{Action, App, update};
use inferplan::tui::terminal::render_to_text;
use std::path::PathBuf;

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every output, by name.
fn outputs() -> Vec<(&'static str, String)> {
    let plan = synthetic_plan(200, 1_000);
    let results = evaluate(&plan, plan.settings.estimate);
    let mut out = vec![("plan.toml", to_toml(&plan))];
    for (name, format) in [
        ("report.txt", Format::Table),
        ("report.md", Format::Markdown),
        ("report.csv", Format::Csv),
        ("report.json", Format::Json),
    ] {
        out.push((name, render(&plan, &results, format)));
    }
    let mut dearer = plan.clone();
    for m in &mut dearer.models {
        m.output_per_mtok = m.output_per_mtok.map(|p| p * 1.1);
    }
    let diff = compare(&plan, &dearer, plan.settings.estimate);
    out.push(("compare.txt", render_compare(&diff, CompareFormat::Table)));
    out.push(("compare.json", render_compare(&diff, CompareFormat::Json)));
    let warnings: Vec<String> = inferplan::engine::warnings(&plan)
        .iter()
        .map(ToString::to_string)
        .collect();
    out.push(("check.txt", warnings.join("\n")));
    let mut app = App::new(plan, None);
    let _ = update(&mut app, Action::Resize(160, 48));
    out.push(("first-frame.txt", render_to_text(&app, 160, 48)));
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_output_of_a_1k_scenario_plan_is_byte_identical() {
    let recorded = root().join("tests/golden/scale-1k.txt");
    let now: String = outputs()
        .iter()
        .map(|(name, text)| format!("{name} {} {:016x}\n", text.len(), fnv1a(text.as_bytes())))
        .collect();
    if std::env::var_os("INFERPLAN_BLESS").is_some() {
        std::fs::write(&recorded, &now).unwrap();
        return;
    }
    let was = std::fs::read_to_string(&recorded).expect("tests/golden/scale-1k.txt");
    if was != now {
        let dir = root().join("target/golden");
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in outputs() {
            std::fs::write(dir.join(name), text).unwrap();
        }
        panic!(
            "outputs changed (new ones in {}):\nwas:\n{was}\nnow:\n{now}",
            dir.display()
        );
    }
}
