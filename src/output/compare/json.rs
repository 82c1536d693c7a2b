//! `inferplan compare --format json`: the field names are documented in the
//! `compare` module's docs. Conventions follow the report's JSON: money to the
//! cent, volumes to the token, `null` for "never".
//!
//! Structs rather than `json!`: serde_json's maps sort their keys, and people
//! read this output top to bottom.

use crate::base::money::Range;
use crate::compare::{
    Change, FieldValue, Figure, PlanDiff, ScenarioDiff, ScenarioFigures, Side, break_even_delta,
    delta, range_delta,
};
use crate::engine::MonthsToBreakEven;
use crate::text::figures::{self, Ends, cents};
use serde::Serialize;

fn pct(p: Option<f64>) -> Option<f64> {
    p.map(figures::percent)
}

/// An input's value: a number, a range, a word or a switch; `null` when inherited.
#[derive(Serialize)]
#[serde(untagged)]
enum Val {
    Money(Ends<f64>),
    Number(f64),
    Whole(u64),
    Text(String),
    Flag(bool),
}

fn value(v: &FieldValue) -> Option<Val> {
    Some(match v {
        FieldValue::Money(r) => Val::Money(Ends::money(*r)),
        FieldValue::Price(x) | FieldValue::Share(x) | FieldValue::Number(x) => Val::Number(*x),
        FieldValue::Tokens(n) => Val::Whole(*n),
        FieldValue::Count(n) => Val::Whole(u64::from(*n)),
        FieldValue::Text(s) => Val::Text(s.clone()),
        FieldValue::Flag(b) => Val::Flag(*b),
        FieldValue::Profile(shares) => Val::Text(format!("{shares:?}")),
        // A table of its own (a benchmark run, a model's offers) as the
        // table and Markdown forms show it.
        FieldValue::Table(_) => Val::Text(v.to_string()),
        FieldValue::Inherited(_) | FieldValue::Missing => return None,
    })
}

#[derive(Serialize)]
struct Doc<'a> {
    old: SideOut<'a>,
    new: SideOut<'a>,
    estimate: &'static str,
    changed: bool,
    summary: String,
    flipped: Vec<Flip<'a>>,
    scenarios: Vec<ScenarioOut<'a>>,
    inputs: Vec<InputOut<'a>>,
    hints: Vec<String>,
}

#[derive(Serialize)]
struct SideOut<'a> {
    file: Option<&'a str>,
    plan: &'a str,
    include_overheads: bool,
    saved_results: Option<SavedOut<'a>>,
}

#[derive(Serialize)]
struct SavedOut<'a> {
    file: &'a str,
    status: &'static str,
    saved_by: Option<&'a str>,
    message: String,
    moved: Vec<MovedOut<'a>>,
}

#[derive(Serialize)]
struct MovedOut<'a> {
    figure: &'a str,
    saved: &'a serde_json::Value,
    now: &'a serde_json::Value,
}

#[derive(Serialize)]
struct Flip<'a> {
    scenario: &'a str,
    old_verdict: &'static str,
    new_verdict: &'static str,
}

#[derive(Serialize)]
struct OldNew<T> {
    old: T,
    new: T,
}

#[derive(Serialize)]
struct Moved<T, D> {
    old: T,
    new: T,
    change: D,
    change_pct: D,
}

#[derive(Serialize)]
struct CountMoved {
    old: u64,
    new: u64,
    change: i128,
    change_pct: Option<f64>,
}

#[derive(Serialize)]
struct ScenarioOut<'a> {
    name: &'a str,
    changed: bool,
    moved: Vec<&'static str>,
    verdict: OldNew<&'static str>,
    deployment: OldNew<&'static str>,
    tier: OldNew<&'a str>,
    replicas: CountMoved,
    // `null` on a side whose model has no API prices given.
    api_monthly: Moved<Option<Ends<f64>>, Ends<Option<f64>>>,
    // `null` on a side without the tier's cost (its verdict is "no-price").
    self_host_gpu_only_monthly: Moved<Option<Ends<f64>>, Ends<Option<f64>>>,
    self_host_with_overheads_monthly: Moved<Option<Ends<f64>>, Ends<Option<f64>>>,
    break_even_tokens_per_day: Moved<Option<Ends<Option<f64>>>, Ends<Option<f64>>>,
    // Months of growth: 0 for now, `null` for never (or without a price).
    months_to_break_even: OldNew<Option<Ends<Option<u32>>>>,
}

#[derive(Serialize)]
struct InputOut<'a> {
    kind: &'static str,
    name: &'a str,
    change: &'static str,
    field: Option<&'static str>,
    old: Option<Val>,
    new: Option<Val>,
}

fn side(s: &Side) -> SideOut<'_> {
    SideOut {
        file: s.file.as_deref(),
        plan: &s.plan,
        include_overheads: s.include_overheads,
        saved_results: s.saved.as_ref().map(|n| SavedOut {
            file: &n.file,
            status: n.check.status(),
            saved_by: n.check.saved_by(),
            message: n.check.message(),
            moved: n
                .check
                .moved()
                .iter()
                .map(|m| MovedOut {
                    figure: &m.figure,
                    saved: &m.saved,
                    now: &m.now,
                })
                .collect(),
        }),
    }
}

fn money_change(old: Range, new: Range) -> Moved<Ends<f64>, Ends<Option<f64>>> {
    let (dl, dh) = range_delta(old, new);
    Moved {
        old: Ends::money(old),
        new: Ends::money(new),
        change: Ends {
            low: Some(cents(dl.abs)),
            high: Some(cents(dh.abs)),
        },
        change_pct: Ends {
            low: pct(dl.pct),
            high: pct(dh.pct),
        },
    }
}

/// A self-host cost on both sides; where one side has no price, the sides
/// are `null` there and so is the change.
fn priced_money_change(
    old: Option<Range>,
    new: Option<Range>,
) -> Moved<Option<Ends<f64>>, Ends<Option<f64>>> {
    let none = Ends {
        low: None,
        high: None,
    };
    match (old, new) {
        (Some(o), Some(n)) => {
            let m = money_change(o, n);
            Moved {
                old: Some(m.old),
                new: Some(m.new),
                change: m.change,
                change_pct: m.change_pct,
            }
        }
        _ => Moved {
            old: old.map(Ends::money),
            new: new.map(Ends::money),
            change: none,
            change_pct: none,
        },
    }
}

fn break_even(
    o: &ScenarioFigures,
    n: &ScenarioFigures,
) -> Moved<Option<Ends<Option<f64>>>, Ends<Option<f64>>> {
    let both = o.break_even.zip(n.break_even);
    let dl = both.and_then(|(o, n)| break_even_delta(o.low, n.low));
    let dh = both.and_then(|(o, n)| break_even_delta(o.high, n.high));
    Moved {
        old: o.break_even.map(Ends::break_even),
        new: n.break_even.map(Ends::break_even),
        change: Ends {
            low: dl.map(|d| d.abs.round()),
            high: dh.map(|d| d.abs.round()),
        },
        change_pct: Ends {
            low: pct(dl.and_then(|d| d.pct)),
            high: pct(dh.and_then(|d| d.pct)),
        },
    }
}

fn scenario(s: &ScenarioDiff) -> ScenarioOut<'_> {
    let (o, n) = (&s.old, &s.new);
    let replicas = delta(o.replicas as f64, n.replicas as f64);
    ScenarioOut {
        name: &s.name,
        changed: s.changed(),
        moved: s.moved_figures().into_iter().map(Figure::key).collect(),
        verdict: OldNew {
            old: o.verdict.as_str(),
            new: n.verdict.as_str(),
        },
        deployment: OldNew {
            old: o.deployment.as_str(),
            new: n.deployment.as_str(),
        },
        tier: OldNew {
            old: &s.old_tier,
            new: &s.new_tier,
        },
        replicas: CountMoved {
            old: o.replicas,
            new: n.replicas,
            change: i128::from(n.replicas) - i128::from(o.replicas),
            change_pct: pct(replicas.pct),
        },
        api_monthly: priced_money_change(o.api, n.api),
        self_host_gpu_only_monthly: priced_money_change(o.self_host_gpu_only, n.self_host_gpu_only),
        self_host_with_overheads_monthly: priced_money_change(
            o.self_host_with_overheads,
            n.self_host_with_overheads,
        ),
        break_even_tokens_per_day: break_even(o, n),
        months_to_break_even: OldNew {
            old: o.months.map(months),
            new: n.months.map(months),
        },
    }
}

fn months((low, high): (MonthsToBreakEven, MonthsToBreakEven)) -> Ends<Option<u32>> {
    Ends {
        low: figures::months(low),
        high: figures::months(high),
    }
}

fn input<'a>(c: &'a crate::compare::InputChange) -> InputOut<'a> {
    let (change, field, old, new) = match &c.change {
        Change::Added => ("added", None, None, None),
        Change::Removed => ("removed", None, None, None),
        Change::Changed { field, old, new } => ("changed", Some(*field), value(old), value(new)),
    };
    InputOut {
        kind: c.kind.key(),
        name: &c.key,
        change,
        field,
        old,
        new,
    }
}

pub(super) fn render(diff: &PlanDiff) -> String {
    let doc = Doc {
        old: side(&diff.old),
        new: side(&diff.new),
        estimate: diff.estimate.as_str(),
        changed: !diff.is_unchanged(),
        summary: diff.summary(),
        flipped: diff
            .flipped()
            .into_iter()
            .map(|s| Flip {
                scenario: &s.name,
                old_verdict: s.old.verdict.as_str(),
                new_verdict: s.new.verdict.as_str(),
            })
            .collect(),
        scenarios: diff.scenarios.iter().map(scenario).collect(),
        inputs: diff.inputs.iter().map(input).collect(),
        hints: diff.hints.iter().map(|h| h.to_string()).collect(),
    };
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
