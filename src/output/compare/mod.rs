//! A `PlanDiff` as text for a terminal, Markdown for a pull request or design
//! doc, or JSON for scripts. Order everywhere: the summary, then verdicts
//! that flipped, then scenario figures that moved, then input changes.

mod json;

use crate::base::money::Range;
use crate::base::safe_text::shown;
use crate::compare::{
    Change, Figure, PlanDiff, ScenarioDiff, break_even_delta, delta, range_delta,
};
use crate::engine::MonthsToBreakEven;
use crate::output::report::{Markup, TextTable};
use crate::text::figures;
use crate::text::format as fmt;

/// The shapes `inferplan compare` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareFormat {
    /// Aligned columns for a terminal.
    Table,
    /// A summary line and GitHub-flavoured tables, to paste into a pull request.
    Markdown,
    /// Every figure as numbers, for scripts and CI.
    Json,
}

impl CompareFormat {
    /// Every format, as the command line lists them.
    pub const ALL: [CompareFormat; 3] = [
        CompareFormat::Table,
        CompareFormat::Markdown,
        CompareFormat::Json,
    ];

    /// The word for it on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareFormat::Table => "table",
            CompareFormat::Markdown => "markdown",
            CompareFormat::Json => "json",
        }
    }
}

/// The comparison in a format.
pub fn render(diff: &PlanDiff, format: CompareFormat) -> String {
    match format {
        CompareFormat::Table => document(diff, Markup::Text),
        CompareFormat::Markdown => document(diff, Markup::Markdown),
        CompareFormat::Json => json::render(diff),
    }
}

/// Longest input value shown in a table cell; notes can run to paragraphs.
const MAX_CELL: usize = 48;

/// Moved figures of saved results listed before "and N more".
const MAX_SAVED_MOVES: usize = 10;

fn document(diff: &PlanDiff, markup: Markup) -> String {
    let mut out = header(diff, markup);
    saved_notes(diff, markup, &mut out);
    let section = |out: &mut String, title: &str, table: &TextTable| {
        out.push('\n');
        out.push_str(&markup.heading(title));
        out.push_str(&markup.table(table));
    };
    let flipped = diff.flipped();
    if !flipped.is_empty() {
        section(&mut out, "Verdicts flipped", &flip_table(diff, &flipped));
    }
    let moved: Vec<&ScenarioDiff> = diff
        .moved()
        .into_iter()
        .filter(|s| !s.moved_figures().is_empty())
        .collect();
    if !moved.is_empty() {
        section(&mut out, "Scenario figures", &figure_table(&moved));
        let unchanged: Vec<&str> = diff
            .scenarios
            .iter()
            .filter(|s| !s.changed())
            .map(|s| s.name.as_str())
            .collect();
        if !unchanged.is_empty() {
            let unchanged = shown(&unchanged.join("; ")).into_owned();
            out.push_str(&format!("\nUnchanged: {unchanged}.\n"));
        }
    }
    if !diff.inputs.is_empty() {
        section(&mut out, "Inputs", &input_table(diff));
    }
    if !diff.hints.is_empty() {
        out.push('\n');
        for h in &diff.hints {
            let hint = shown(&h.to_string()).into_owned();
            out.push_str(&format!("{} {hint}\n", markup.strong("Hint:")));
        }
    }
    out
}

/// What is compared with what, on which basis, and the one-line summary.
fn header(diff: &PlanDiff, markup: Markup) -> String {
    let (old, new) = (diff.old.label(), diff.new.label());
    let names = if diff.old.plan == diff.new.plan {
        format!("Plan: \"{}\"", shown(&diff.old.plan))
    } else {
        format!(
            "Old: \"{}\" · New: \"{}\"",
            shown(&diff.old.plan),
            shown(&diff.new.plan)
        )
    };
    let (old_basis, new_basis) = (
        fmt::basis(diff.old.include_overheads),
        fmt::basis(diff.new.include_overheads),
    );
    let verdicts = if old_basis == new_basis {
        new_basis.to_string()
    } else {
        format!("{old_basis} → {new_basis}")
    };
    let settings = format!(
        "{names} · USD per month · estimate: {} · verdicts: {verdicts}",
        diff.estimate
    );
    let (old, new) = (markup.code(&old), markup.code(&new));
    match markup {
        Markup::Markdown => format!(
            "## Plan comparison: {old} → {new}\n\n{}\n\n{settings}\n",
            markup.strong(&diff.summary())
        ),
        Markup::Text => format!(
            "Comparing {old} → {new}\n{settings}\n\n{}\n",
            diff.summary()
        ),
    }
}

fn saved_notes(diff: &PlanDiff, markup: Markup, out: &mut String) {
    let bullet = markup.bullet();
    for (i, side) in [&diff.old, &diff.new].into_iter().enumerate() {
        let Some(note) = &side.saved else { continue };
        // A plan compared with itself has one sidecar: say it once.
        let repeated = i == 1 && diff.old.saved.as_ref().is_some_and(|o| o.file == note.file);
        if note.check.is_current() || repeated {
            continue;
        }
        let message = shown(&note.check.message()).into_owned();
        out.push_str(&format!("\n{}: {message}\n", shown(&note.file)));
        let moved = note.check.moved();
        for m in moved.iter().take(MAX_SAVED_MOVES) {
            out.push_str(&format!("{bullet} {}\n", shown(&m.to_string())));
        }
        if moved.len() > MAX_SAVED_MOVES {
            out.push_str(&format!(
                "{bullet} … and {} more\n",
                moved.len() - MAX_SAVED_MOVES
            ));
        }
    }
}

fn flip_table(diff: &PlanDiff, flipped: &[&ScenarioDiff]) -> TextTable {
    let (old_inc, new_inc) = (diff.old.include_overheads, diff.new.include_overheads);
    let self_host = if old_inc == new_inc {
        format!("Self-host ({})", fmt::basis(new_inc))
    } else {
        "Self-host".to_string()
    };
    let mut t = TextTable::new(&[
        ("Scenario", false),
        ("Was", false),
        ("Now", false),
        ("API", true),
        (&self_host, true),
    ]);
    for s in flipped {
        t.push(vec![
            s.name.clone(),
            s.old.verdict.label().to_string(),
            s.new.verdict.label().to_string(),
            arrow(
                fmt::priced(s.old.api, fmt::money_range),
                fmt::priced(s.new.api, fmt::money_range),
            ),
            arrow(
                fmt::priced(s.old.self_host(old_inc), fmt::money_range),
                fmt::priced(s.new.self_host(new_inc), fmt::money_range),
            ),
        ]);
    }
    t
}

/// `old → new`, or one figure when they read alike.
fn arrow(old: String, new: String) -> String {
    if old == new {
        old
    } else {
        format!("{old} → {new}")
    }
}

fn figure_table(moved: &[&ScenarioDiff]) -> TextTable {
    let mut t = TextTable::new(&[
        ("Scenario", false),
        ("Now", false),
        ("Factor now", true),
        ("Figure", false),
        ("Old", true),
        ("New", true),
        ("Change", true),
        ("%", true),
    ]);
    for s in moved {
        for (i, figure) in s.moved_figures().into_iter().enumerate() {
            // The scenario once, with where it stands now: the rows below
            // it are its figures.
            let (name, now, factor) = if i == 0 {
                (
                    s.name.clone(),
                    s.new.verdict.label().to_string(),
                    fmt::priced(s.new.factor, fmt::factor),
                )
            } else {
                Default::default()
            };
            let [old, new, change, pct] = figure_cells(s, figure);
            t.push(vec![
                name,
                now,
                factor,
                figure.label().to_string(),
                old,
                new,
                change,
                pct,
            ]);
        }
    }
    t
}

/// Old, new, change and percent of one figure, as the table shows them.
pub fn figure_cells(s: &ScenarioDiff, figure: Figure) -> [String; 4] {
    let (o, n) = (&s.old, &s.new);
    let money = |old: Range, new: Range| {
        let (dl, dh) = range_delta(old, new);
        [
            fmt::money_range(old),
            fmt::money_range(new),
            span(signed_money(dl.abs), signed_money(dh.abs)),
            span(signed_pct(dl.pct), signed_pct(dh.pct)),
        ]
    };
    // A side without the tier's cost says so; there is no change to show.
    let priced = |old: Option<Range>, new: Option<Range>| match old.zip(new) {
        Some((old, new)) => money(old, new),
        None => [
            fmt::priced(old, fmt::money_range),
            fmt::priced(new, fmt::money_range),
            String::new(),
            String::new(),
        ],
    };
    match figure {
        Figure::Deployment => [
            o.deployment.to_string(),
            n.deployment.to_string(),
            String::new(),
            String::new(),
        ],
        Figure::Tier => [
            s.old_tier.clone(),
            s.new_tier.clone(),
            String::new(),
            String::new(),
        ],
        Figure::Replicas => {
            let d = delta(o.replicas as f64, n.replicas as f64);
            [
                o.replicas.to_string(),
                n.replicas.to_string(),
                format!("{:+}", i128::from(n.replicas) - i128::from(o.replicas)),
                signed_pct(d.pct),
            ]
        }
        Figure::Api => priced(o.api, n.api),
        Figure::SelfHostGpuOnly => priced(o.self_host_gpu_only, n.self_host_gpu_only),
        Figure::SelfHostWithOverheads => {
            priced(o.self_host_with_overheads, n.self_host_with_overheads)
        }
        Figure::MonthsToBreakEven => months_cells(o.months, n.months),
        Figure::BreakEven => {
            let both = o.break_even.zip(n.break_even);
            let dl = both.and_then(|(o, n)| break_even_delta(o.low, n.low));
            let dh = both.and_then(|(o, n)| break_even_delta(o.high, n.high));
            let volume = |d: Option<crate::compare::Delta>| {
                d.map_or(String::new(), |d| signed_tokens(d.abs))
            };
            [
                fmt::priced(o.break_even, fmt::break_even_range),
                fmt::priced(n.break_even, fmt::break_even_range),
                span(volume(dl), volume(dh)),
                span(
                    signed_pct(dl.and_then(|d| d.pct)),
                    signed_pct(dh.and_then(|d| d.pct)),
                ),
            ]
        }
    }
}

/// Both ends of a change: one figure when they agree, `low to high` otherwise.
/// Months to break-even before and after, and the change where both ends
/// are a number of months.
fn months_cells(
    old: Option<(MonthsToBreakEven, MonthsToBreakEven)>,
    new: Option<(MonthsToBreakEven, MonthsToBreakEven)>,
) -> [String; 4] {
    let change =
        |o: MonthsToBreakEven, n: MonthsToBreakEven| match (figures::months(o), figures::months(n))
        {
            (Some(o), Some(n)) => format!("{:+}", i64::from(n) - i64::from(o)),
            _ => String::new(),
        };
    let (dl, dh) = match old.zip(new) {
        Some((o, n)) => (change(o.0, n.0), change(o.1, n.1)),
        None => Default::default(),
    };
    [
        fmt::priced(old, fmt::months_range),
        fmt::priced(new, fmt::months_range),
        span(dl, dh),
        String::new(),
    ]
}

fn span(low: String, high: String) -> String {
    if low == high {
        low
    } else if low.is_empty() || high.is_empty() {
        // One end went to or from "never": that end has no difference to show.
        let known = if low.is_empty() { &high } else { &low };
        let which = if low.is_empty() { "high" } else { "low" };
        format!("{known} ({which})")
    } else {
        format!("{low} to {high}")
    }
}

fn signed_money(x: f64) -> String {
    let s = fmt::money(x);
    if s.starts_with('-') || s == "0" {
        s
    } else {
        format!("+{s}")
    }
}

fn signed_tokens(x: f64) -> String {
    let s = fmt::tokens(x.abs());
    match x {
        x if x > 0.0 => format!("+{s}"),
        x if x < 0.0 => format!("-{s}"),
        _ => s,
    }
}

fn signed_pct(p: Option<f64>) -> String {
    match p {
        None => String::new(),
        Some(p) => {
            let s = fmt::trim_decimals(p, 1);
            if s.starts_with('-') || s == "0" {
                format!("{s}%")
            } else {
                format!("+{s}%")
            }
        }
    }
}

fn input_table(diff: &PlanDiff) -> TextTable {
    let mut t = TextTable::new(&[
        ("Kind", false),
        ("Name", false),
        ("Field", false),
        ("Old", true),
        ("New", true),
    ]);
    for c in &diff.inputs {
        let name = match c.kind {
            crate::compare::EntityKind::Settings => String::new(),
            crate::compare::EntityKind::Row(_) => clip(&c.key),
        };
        let (field, old, new) = match &c.change {
            Change::Added => ("(added)".to_string(), String::new(), String::new()),
            Change::Removed => ("(removed)".to_string(), String::new(), String::new()),
            Change::Changed { field, old, new } => (
                field.to_string(),
                clip(&old.to_string()),
                clip(&new.to_string()),
            ),
        };
        t.push(vec![c.kind.label().to_string(), name, field, old, new]);
    }
    t
}

/// Cuts a long cell to `MAX_CELL` characters, ending with `…`.
fn clip(s: &str) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= MAX_CELL {
        s
    } else {
        let cut: String = s.chars().take(MAX_CELL - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_carry_their_sign() {
        assert_eq!(signed_money(1875.0), "+1,875");
        assert_eq!(signed_money(-500.0), "-500");
        assert_eq!(signed_pct(Some(500.0)), "+500%");
        assert_eq!(signed_pct(Some(-33.333)), "-33.3%");
        assert_eq!(signed_pct(None), "");
        assert_eq!(signed_tokens(-2.5e6), "-2.5M");
        assert_eq!(span("+1".into(), "+1".into()), "+1");
        assert_eq!(span("-500".into(), "-1,000".into()), "-500 to -1,000");
    }

    #[test]
    fn long_notes_are_clipped() {
        let long = "x".repeat(100);
        assert_eq!(clip(&long).chars().count(), MAX_CELL);
        assert!(clip(&long).ends_with('…'));
    }
}
