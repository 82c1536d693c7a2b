//! Headless reports of a plan: an aligned text table, Markdown for pull
//! requests, CSV for spreadsheets and JSON for scripts. The tables are
//! built from the columns' own definitions (`columns::in_report`).

mod csv;
mod extras;
mod json;
mod markup;

pub use extras::Extras;

pub use markup::{Markup, TextTable};

use crate::base::money::Estimate;
use crate::columns::{self, Align, Cell, Column, Form, Mark};
use crate::engine::Results;
use crate::plan::{Plan, Table};
use crate::text::format as fmt;

/// The shape of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// GitHub-flavoured Markdown tables.
    Markdown,
    /// One row per scenario, raw numbers.
    Csv,
    /// Every figure as numbers; field names are documented in README.md.
    Json,
}

impl Format {
    /// Every format, as the command line lists them.
    pub const ALL: [Format; 4] = [Format::Table, Format::Markdown, Format::Csv, Format::Json];

    /// The word for it on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// A plan's report in a format; `results` must come from `evaluate(plan, …)`.
pub fn render(plan: &Plan, results: &Results, format: Format) -> String {
    render_with(plan, results, format, Extras::default())
}

/// `render`, with a volume sweep and a growth timeline per scenario if
/// asked for (not in CSV, which has one row per scenario).
pub fn render_with(plan: &Plan, results: &Results, format: Format, extras: Extras) -> String {
    let with = |mut doc: String, markup: Markup| {
        if !extras.is_empty() {
            doc.push('\n');
            doc.push_str(&extras::sections(plan, results, extras, markup));
        }
        doc
    };
    match format {
        Format::Table => with(document(plan, results, Markup::Text), Markup::Text),
        Format::Markdown => with(document(plan, results, Markup::Markdown), Markup::Markdown),
        Format::Csv => csv::render(plan, results),
        Format::Json => json::render(plan, results, extras),
    }
}

/// `render_with`, written to `out`: JSON as each scenario is produced (a
/// report of 100,000 scenarios is never held whole), the others as built.
pub fn write_with(
    plan: &Plan,
    results: &Results,
    format: Format,
    extras: Extras,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(plan, results, extras, out),
        _ => out.write_all(render_with(plan, results, format, extras).as_bytes()),
    }
}

/// Why one scenario's figures came out as they did (see `explain`), as text
/// or Markdown.
pub fn explanation(plan: &Plan, results: &Results, row: usize, markup: Markup) -> String {
    let Some(scenario) = plan.scenarios.get(row) else {
        return String::new();
    };
    let mut out = markup.title(&format!("{} — {}", scenario.name, plan.name));
    out.push_str(&settings_line(plan, results.estimate));
    out.push('\n');
    let mut part = "";
    for line in crate::analysis::explain::explain(plan, results, row) {
        if line.part != part {
            part = line.part;
            out.push('\n');
            out.push_str(&markup.heading(part));
        }
        out.push_str(&format!(
            "{} {}\n",
            markup.bullet(),
            crate::base::safe_text::shown(&line.text)
        ));
    }
    out
}

/// One line that says how the figures were computed.
pub fn settings_line(plan: &Plan, estimate: Estimate) -> String {
    let s = &plan.settings;
    format!(
        "{} per month, {}-day months · estimate: {} · deployment: {} (unless a scenario says) · verdicts: {}",
        crate::base::safe_text::shown(&s.currency),
        fmt::trim_decimals(s.days_per_month, 2),
        estimate,
        s.deployment,
        fmt::basis(s.include_overheads),
    )
}

/// A table of the plan as reports show it: the columns that reports carry,
/// in report order, every row of the plan. Money in a column reads at one
/// precision, as on screen: to the cent throughout when any figure has cents.
pub fn table(plan: &Plan, results: &Results, table: Table) -> TextTable {
    let columns = columns::in_report(table);
    let mut t = TextTable::new(
        &columns
            .iter()
            .map(|(c, r)| (r.title, c.align == Align::Right))
            .collect::<Vec<_>>(),
    );
    let rows = 0..table.len(plan);
    let forms: Vec<Form> = columns
        .iter()
        .map(|(c, _)| Form {
            cents: rows
                .clone()
                .any(|row| (c.value)(plan, results, row).value.has_cents()),
            compact: false,
        })
        .collect();
    for row in rows {
        t.push(
            columns
                .iter()
                .zip(&forms)
                .map(|((c, _), form)| cell_text((c.value)(plan, results, row), *form))
                .collect(),
        );
    }
    t
}

/// The inputs of a table that its report table leaves out, beside each
/// row's key, so a reviewer can check every figure: for scenarios, the
/// output share, peak, utilization, spares, regions and growth.
pub fn inputs_table(plan: &Plan, results: &Results, table: Table) -> TextTable {
    let all = columns::of(table);
    let columns: Vec<&Column> = all
        .iter()
        .take(1)
        .chain(all.iter().filter(|c| c.is_input() && c.report.is_none()))
        .collect();
    let headers: Vec<(&str, bool)> = columns
        .iter()
        .map(|c| {
            (
                c.report.map_or(c.title, |r| r.title),
                c.align == Align::Right,
            )
        })
        .collect();
    let mut t = TextTable::new(&headers);
    for row in 0..table.len(plan) {
        t.push(
            columns
                .iter()
                .map(|c| {
                    let cell = (c.value)(plan, results, row);
                    match cell.mark {
                        // Here where a value comes from is the point.
                        Mark::Inherited => format!("({})", cell.value.text()),
                        Mark::Own | Mark::Assumption | Mark::Zero | Mark::Stale => {
                            cell_text(cell, Form::default())
                        }
                    }
                })
                .collect(),
        );
    }
    t
}

/// A cell as reports print it: inherited values plainly (a report shows
/// what is priced, not where it was set), assumptions marked `*`.
fn cell_text(cell: Cell, form: Form) -> String {
    let mut s = String::new();
    cell.value.write_as(&mut s, form);
    s.push_str(cell.mark.sign());
    s
}

/// The overhead sums per deployment, as the estimate shows them.
pub fn overhead_line(results: &Results) -> String {
    format!(
        "Overheads: cloud {} · on-prem {}",
        fmt::money_range(results.overheads_cloud.pick(results.estimate)),
        fmt::money_range(results.overheads_on_prem.pick(results.estimate)),
    )
}

/// What the marks in the tables mean, for the marks the plan uses.
fn marks_note(plan: &Plan, results: &Results) -> String {
    let mut note =
        String::from("Figures marked * are assumptions or guesses, not figures a source stated.");
    if let (Some(today), true) = (
        results.today,
        crate::analysis::provenance::any_stale(plan, results),
    ) {
        note.push_str(&format!(
            " Figures marked ~ are dated more than {} days before {today}.",
            plan.settings.stale_after_days
        ));
    }
    note
}

/// Per scenario, the assumed and stale figures its verdict rests on.
fn caveats_section(plan: &Plan, results: &Results, markup: Markup) -> String {
    let mut out = String::new();
    for row in 0..plan.scenarios.len() {
        let caveats = crate::analysis::provenance::caveats(plan, results, row);
        if caveats.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "{} {}: {}\n",
            markup.bullet(),
            crate::base::safe_text::shown(&plan.scenarios[row].name),
            crate::base::safe_text::shown(&caveats.join("; "))
        ));
    }
    if out.is_empty() {
        out.push_str("Every figure behind the verdicts has a source and is current.\n");
    }
    out
}

const INHERITED_NOTE: &str =
    "Values in parentheses are not set on the scenario: they are the plan's.";

const ZERO_NOTE: &str = "Costs marked ! are an explicit 0 (a sunk cost, say): self-hosting on that tier costs nothing for the GPUs.";

/// The scenarios without a verdict, and the cost each lacks.
fn unpriced_notes(plan: &Plan, results: &Results) -> Vec<String> {
    plan.scenarios
        .iter()
        .zip(&results.scenarios)
        .filter_map(|(s, r)| {
            let missing = r.missing.as_ref()?;
            Some(format!(
                "{}: {missing}, so no {} or verdict.",
                crate::base::safe_text::shown(&s.name),
                missing.figures()
            ))
        })
        .collect()
}

/// The GPU tiers table's notes: explicit zeros and costs not given.
fn tier_notes(plan: &Plan) -> Vec<&'static str> {
    let costs = || {
        plan.gpu_tiers
            .iter()
            .flat_map(|t| [t.cloud_monthly, t.on_prem_monthly])
    };
    let mut notes = Vec::new();
    if costs().flatten().any(|r| r.high == 0.0) {
        notes.push(ZERO_NOTE);
    }
    if costs().any(|c| c.is_none()) {
        notes.push("\"not given\": the plan has no cost for that deployment; scenarios that need it have no verdict.");
    }
    notes
}

/// What a model's own break-even assumes.
fn model_note(plan: &Plan) -> String {
    format!(
        "A model's break-even assumes one replica of its tier (or its own self-host figure) at full capacity, no spares, one region, {}, and the API price blended at the plan's output share ({} output tokens).",
        plan.settings.deployment,
        fmt::percent(plan.settings.output_share)
    )
}

fn document(plan: &Plan, results: &Results, markup: Markup) -> String {
    let mut out = markup.title(&plan.name);
    out.push_str(&settings_line(plan, results.estimate));
    out.push_str("\n\n");
    let mut section = |title: &str, table: &TextTable, notes: &[&str]| {
        out.push_str(&markup.heading(title));
        markup.push_table(table, &mut out);
        if !notes.is_empty() {
            out.push_str(markup.after_table());
            out.push_str(&notes.join(markup.paragraph_break()));
            out.push('\n');
        }
        out.push('\n');
    };
    let unpriced = unpriced_notes(plan, results);
    section(
        Table::Scenarios.title(),
        &table(plan, results, Table::Scenarios),
        &unpriced.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    section(
        "Scenario inputs",
        &inputs_table(plan, results, Table::Scenarios),
        &[INHERITED_NOTE],
    );
    section(
        Table::Models.title(),
        &table(plan, results, Table::Models),
        &[&marks_note(plan, results), &model_note(plan)],
    );
    section(
        Table::GpuTiers.title(),
        &table(plan, results, Table::GpuTiers),
        &tier_notes(plan),
    );
    out.push_str(&overhead_line(results));
    out.push_str("\n\n");
    out.push_str(&markup.heading("What the verdicts rest on"));
    out.push_str(&caveats_section(plan, results, markup));
    out
}
