//! Undo restores exactly, and a save never writes a plan `check` refuses:
//! edits of every column of every table (drivers and pricing included, and
//! setters that clear other fields), rows added and deleted, then undo until
//! there is nothing left to undo — the plan is the original, field by field,
//! and not marked modified. After any sequence, saving writes a plan that
//! reads back as it is, or refuses and leaves the file as it was.

mod common;

use common::keys;
use inferplan::columns;
use inferplan::plan::{Plan, Table};
use inferplan::store::plan_file::{self, default_plan};
use inferplan::tui::app::effect::Effect;
use inferplan::tui::app::{Action, App, Tab};
use inferplan::tui::terminal::{carry_out_all, step as carried_out};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(20261203),
        max_shrink_time: 20_000,
        ..ProptestConfig::default()
    }
}

/// Values for every kind of cell: money and ranges, drivers, hourly
/// prices, shares, dates, sources, names in use, and things refused.
const VALUES: &[&str] = &[
    "2 FTE x 12k",
    "20 h/wk × 90 $/h",
    "700 W × 1.4 PUE × 0.12 $/kWh",
    "one-off 30k",
    "10-20 h/wk x 90 $/h",
    "400",
    "400-800",
    "1.5k",
    "0",
    "",
    "2.21",
    "1.8-2.4",
    "10%",
    "0.5",
    "150%",
    "-1",
    "50M",
    "1.5B",
    "2026-11-20",
    "published",
    "assumption",
    "guessed: a hunch",
    "measured: bench.csv",
    "cloud",
    "on-prem",
    "hourly",
    "36",
    "7-9b",
    "Qwen3-32B",
    "A: hobby project",
    "x",
    "NaN",
];

/// One edit: a tab, a row, a column, a value typed into it.
#[derive(Debug, Clone)]
enum Edit {
    Cell {
        table: usize,
        row: usize,
        col: usize,
        value: &'static str,
    },
    /// A row added (`a`) to a table.
    Add(usize),
    /// The selected row deleted (`d`).
    Delete { table: usize, row: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        8 => (0usize..4, 0usize..8, 0usize..32, prop::sample::select(VALUES))
            .prop_map(|(table, row, col, value)| Edit::Cell { table, row, col, value }),
        1 => (0usize..4).prop_map(Edit::Add),
        1 => (0usize..4, 0usize..8).prop_map(|(table, row)| Edit::Delete { table, row }),
    ]
}

const TABLES: [Table; 4] = [
    Table::Scenarios,
    Table::Models,
    Table::GpuTiers,
    Table::Overheads,
];

/// Selects a table's tab, a row and a column, as the keys `1`–`4`, `g`, `j`
/// and `l` would (the table's own row and column indices).
fn select(app: &mut App, table: Table, row: usize, col: usize) {
    carried_out(app, Action::SelectTab(Tab::of(table)));
    carried_out(app, Action::SelectCell(row, col));
}

fn carry_out(app: &mut App, edit: &Edit) {
    match *edit {
        Edit::Cell {
            table,
            row,
            col,
            value,
        } => {
            let table = TABLES[table];
            let rows = table.len(&app.plan);
            let cols = columns::of(table).len();
            if rows == 0 {
                return;
            }
            select(app, table, row % rows, col % cols);
            keys(app, "<Enter><C-u>");
            keys(app, value);
            keys(app, "<Enter><Esc>");
        }
        Edit::Add(table) => {
            carried_out(app, Action::SelectTab(Tab::of(TABLES[table])));
            keys(app, "a<Esc>");
        }
        Edit::Delete { table, row } => {
            let table = TABLES[table];
            let rows = table.len(&app.plan);
            if rows == 0 {
                return;
            }
            select(app, table, row % rows, 0);
            keys(app, "d");
        }
    }
}

/// The first field where two plans differ, for a readable failure.
fn first_difference(now: &Plan, original: &Plan) -> Option<String> {
    if now.name != original.name || now.settings != original.settings {
        return Some(format!(
            "name or settings: {:?} vs {:?}",
            (&now.name, &now.settings),
            (&original.name, &original.settings)
        ));
    }
    macro_rules! rows {
        ($field:ident) => {
            if now.$field.len() != original.$field.len() {
                return Some(format!(
                    "{}: {} rows, was {}",
                    stringify!($field),
                    now.$field.len(),
                    original.$field.len()
                ));
            }
            for (i, (a, b)) in now.$field.iter().zip(&original.$field).enumerate() {
                if a != b {
                    return Some(format!("{}[{i}]: {a:#?}\nwas {b:#?}", stringify!($field)));
                }
            }
        };
    }
    rows!(gpu_tiers);
    rows!(models);
    rows!(overheads);
    rows!(scenarios);
    None
}

/// Ctrl-s on a plan with a file, the write carried out for real.
fn save(app: &mut App) {
    carried_out(app, Action::Save);
    let effects: Vec<Effect> = std::mem::take(&mut app.effects);
    carry_out_all(app, effects);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn undoing_every_edit_gives_back_the_plan_exactly(
        edits in prop::collection::vec(edit(), 1..=24),
    ) {
        let original = default_plan();
        let mut app = App::new(original.clone(), None);
        carried_out(&mut app, Action::Resize(160, 48));
        for edit in &edits {
            carry_out(&mut app, edit);
        }
        for _ in 0..=edits.len() * 2 {
            carried_out(&mut app, Action::Undo);
        }
        prop_assert_eq!(app.status.text.as_str(), "nothing to undo");
        if let Some(difference) = first_difference(&app.plan, &original) {
            prop_assert!(false, "after undoing all: {difference}");
        }
        prop_assert!(!app.is_modified(), "back to the original, yet marked modified");
    }

    #[test]
    fn a_save_writes_a_plan_that_reads_back_or_refuses(
        edits in prop::collection::vec(edit(), 1..=16),
        undos in 0usize..6,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.toml");
        std::fs::write(&path, inferplan::plan::DEFAULT_PLAN_TOML).unwrap();
        let (plan, fingerprint) = plan_file::load_fingerprinted(&path).unwrap();
        let mut app = App::on_file(plan, path.clone(), fingerprint);
        carried_out(&mut app, Action::Resize(160, 48));
        for edit in &edits {
            carry_out(&mut app, edit);
        }
        for _ in 0..undos {
            carried_out(&mut app, Action::Undo);
        }
        let before = std::fs::read_to_string(&path).unwrap();
        save(&mut app);
        let after = std::fs::read_to_string(&path).unwrap();
        if app.status.text.starts_with("saved ") {
            let read = plan_file::load_with_warnings(&path);
            prop_assert!(read.is_ok(), "saved a plan `check` refuses: {:?}", read.err());
            prop_assert!(read.unwrap().0 == app.plan, "saved a plan that reads back otherwise");
            prop_assert!(!app.is_modified());
        } else {
            prop_assert_eq!(before, after, "a refused save left the file as it was");
        }
    }
}

#[test]
fn undoing_drivers_brings_back_the_monthly_figure_they_replaced() {
    let original = default_plan();
    let mut app = App::new(original.clone(), None);
    let row = original
        .overheads
        .iter()
        .position(|o| o.name == "Model updates and maintenance")
        .expect("the built-in plan has it");
    let drivers = columns::of(Table::Overheads)
        .iter()
        .position(|c| c.title == "Drivers")
        .unwrap();
    select(&mut app, Table::Overheads, row, drivers);
    keys(&mut app, "<Enter><C-u>2 FTE x 12k<Enter>");
    assert!(
        app.plan.overheads[row].monthly.is_none(),
        "drivers replace it"
    );
    assert!(app.is_modified());
    keys(&mut app, "u");
    assert_eq!(app.plan, original, "exactly the plan before the edit");
    assert!(!app.is_modified(), "no modified mark");
    let frame = inferplan::tui::terminal::render_to_text(&app, 160, 40);
    let line = frame
        .lines()
        .find(|l| l.contains("Model updates and maintenance"))
        .unwrap();
    assert!(line.contains("100–500"), "{line}");
}

#[test]
fn a_value_typed_back_to_what_the_file_holds_is_no_change() {
    let mut app = App::new(default_plan(), None);
    keys(&mut app, "jl<Enter><C-u>12M<Enter>");
    assert!(app.is_modified());
    keys(&mut app, "<Enter><C-u>50M<Enter>");
    assert!(!app.is_modified(), "B is back at 50M, as the file holds");
}

#[test]
fn a_save_that_would_write_an_invalid_plan_refuses_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, inferplan::plan::DEFAULT_PLAN_TOML).unwrap();
    let mut broken = plan_file::load(&path).unwrap();
    broken.overheads[3].monthly = None;
    broken.overheads[3].drivers = Default::default();
    let err = plan_file::save(&broken, &path).unwrap_err().to_string();
    assert!(
        err.contains("not saved: overheads[3].monthly"),
        "names the rule and the place: {err}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        inferplan::plan::DEFAULT_PLAN_TOML
    );
}
