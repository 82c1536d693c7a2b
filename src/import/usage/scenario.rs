//! A fitted traffic in words, and written into a plan as a scenario: a new
//! one, or the one named updated, with every figure the fit gives and where
//! it came from.

use super::fit::{Fitted, Growth};
use crate::plan::{Plan, Scenario, Source};
use crate::text::format as fmt;

/// The plan with the scenario written, and what changed in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The plan after.
    pub plan: Plan,
    /// The scenario's row in it.
    pub row: usize,
    /// True when the scenario is new.
    pub added: bool,
    /// Each field set, `key: old → new` (or `key: new` for a new scenario),
    /// and what was not set and why.
    pub changes: Vec<String>,
}

/// What the fit found, before anything is written.
pub fn describe(f: &Fitted) -> Vec<String> {
    let mut out = vec![format!(
        "{}{}: {} ({}){}",
        f.file,
        f.model
            .as_deref()
            .map_or(String::new(), |m| format!(", model {m}")),
        f.span.said(),
        span_words(f.span.days()),
        f.requests.map_or(String::new(), |n| format!(
            ", {} requests",
            fmt::group_thousands(n)
        )),
    )];
    out.push(format!(
        "tokens a day {} (over the span); output share {}; cached input share {}",
        fmt::tokens(f.tokens_per_day),
        fmt::percent(f.output_share),
        f.cached_share.map_or("not recorded".into(), fmt::percent),
    ));
    if let Some(r) = f.per_request {
        let sizes = |s: super::fit::Sizes| match (s.p50, s.p90) {
            (Some(p50), Some(p90)) => format!(
                "mean {}, p50 {}, p90 {}",
                fmt::trim_decimals(s.mean, 0),
                fmt::trim_decimals(p50, 0),
                fmt::trim_decimals(p90, 0)
            ),
            _ => format!("mean {}", fmt::trim_decimals(s.mean, 0)),
        };
        out.push(format!(
            "a request: {} tokens in, {} out{}",
            sizes(r.input),
            sizes(r.output),
            f.requests_per_day.map_or(String::new(), |d| format!(
                "; {} requests a day",
                fmt::group_thousands(d.round() as u64)
            )),
        ));
    }
    out.push(format!(
        "peak over average {} (the busiest {} over the mean one)",
        fmt::hundredths(f.peak.peak_over_average),
        window(f.peak.window_s)
    ));
    if let Some(t) = f.two_level {
        out.push(format!(
            "a day of two levels: {} peak hours at {} the day's mean",
            t.peak_hours,
            fmt::hundredths(t.peak_to_average)
        ));
    }
    out.push(growth_words(&f.growth));
    if let Some(spend) = f.spend {
        out.push(format!("spend the file records: {} USD", fmt::money(spend)));
    }
    if f.skipped.total() > 0 {
        out.push(format!("skipped: {}", f.skipped));
    }
    out.extend(f.notes.iter().cloned());
    out
}

/// A span in the unit that reads best: days, hours or minutes.
fn span_words(days: f64) -> String {
    match days {
        d if d >= 1.0 => format!("{} days", fmt::hundredths(d)),
        d if d * 24.0 >= 1.0 => format!("{} hours", fmt::hundredths(d * 24.0)),
        d => format!("{} minutes", fmt::hundredths(d * 1440.0)),
    }
}

fn window(seconds: i64) -> String {
    match seconds {
        s if s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

fn growth_words(g: &Growth) -> String {
    match g {
        Growth::Monthly {
            rate,
            low,
            high,
            days,
        } => format!(
            "growth {} a month ({}–{}, fitted log-linearly over {days} days)",
            fmt::percent(*rate),
            fmt::percent(*low),
            fmt::percent(*high)
        ),
        Growth::TooShort { days } => format!(
            "growth not fitted: {} is too short a span (two weeks or more are needed)",
            span_words(*days)
        ),
        Growth::NoTrend { reason } => format!("growth not fitted: {reason}"),
    }
}

/// Writes the fit into the scenario named `name` (made if there is none;
/// without a name, a new one named after the file), priced with the plan
/// model the traffic names, else the updated scenario's, else the first.
pub fn apply(plan: &Plan, f: &Fitted, name: Option<&str>) -> Result<Applied, String> {
    let mut plan = plan.clone();
    let found = name.and_then(|n| plan.scenarios.iter().position(|s| s.name == n));
    let mut changes = Vec::new();
    let (row, added) = match found {
        Some(row) => (row, false),
        None => {
            let model = model_for(&plan, f, &mut changes)?;
            let name = name.map_or_else(|| unused_name(&plan, f), str::to_string);
            plan.scenarios.push(Scenario::new(&name, 0, &model));
            (plan.scenarios.len() - 1, true)
        }
    };
    let s = &mut plan.scenarios[row];
    let before = s.clone();
    set_traffic(s, f, &mut changes);
    record(&before, s, added, &mut changes);
    changes.extend(priced(&plan, &plan.scenarios[row], f));
    Ok(Applied {
        plan,
        row,
        added,
        changes,
    })
}

/// What the plan's API price makes of the tokens the file holds, beside the
/// spend it records: a check that the plan prices what was billed.
fn priced(plan: &Plan, s: &Scenario, f: &Fitted) -> Option<String> {
    let model = plan.model(&s.model)?;
    let tokens = (f.totals.input + f.totals.output) as f64;
    let Some(per_mtok) = crate::engine::api_per_mtok(plan, s, model) else {
        return Some(format!(
            "price check: {} has no API prices given, so these tokens are not priced",
            model.name
        ));
    };
    let cost = tokens / 1e6 * per_mtok;
    Some(match f.spend {
        Some(spent) if spent > 0.0 => format!(
            "price check: at {}'s prices these {} tokens cost {} {}; the file records {} spent ({} of it)",
            model.name,
            fmt::tokens(tokens),
            usd(cost),
            plan.settings.currency,
            usd(spent),
            fmt::percent(cost / spent)
        ),
        _ => format!(
            "price check: at {}'s prices these {} tokens cost {} {} (the file records no spend)",
            model.name,
            fmt::tokens(tokens),
            usd(cost),
            plan.settings.currency
        ),
    })
}

/// An amount to the cent, or to four decimals below a dollar (a small
/// sample's spend).
fn usd(x: f64) -> String {
    match x.abs() < 1.0 {
        true => fmt::trim_decimals(x, 4),
        false => fmt::money(x),
    }
}

/// The plan model the traffic is priced with.
fn model_for(plan: &Plan, f: &Fitted, notes: &mut Vec<String>) -> Result<String, String> {
    let wanted = f.model.as_deref();
    if let Some(m) =
        wanted.and_then(|w| plan.models.iter().find(|m| m.name.eq_ignore_ascii_case(w)))
    {
        return Ok(m.name.clone());
    }
    let first = plan
        .models
        .first()
        .ok_or("the plan has no model to price the traffic with; add one first")?;
    notes.push(match wanted {
        Some(w) => format!(
            "model: {} (the traffic's {w} is not a model of the plan; pick its model in the Scenarios tab)",
            first.name
        ),
        None => format!(
            "model: {} (the plan's first; pick the traffic's model in the Scenarios tab, or fit one model with --model)",
            first.name
        ),
    });
    Ok(first.name.clone())
}

fn unused_name(plan: &Plan, f: &Fitted) -> String {
    let stem = std::path::Path::new(&f.file)
        .file_name()
        .map_or(f.file.clone(), |n| n.to_string_lossy().into_owned());
    let base = match &f.model {
        Some(m) => format!("measured: {stem}, {m}"),
        None => format!("measured: {stem}"),
    };
    let taken = |n: &str| plan.scenarios.iter().any(|s| s.name == n);
    (1..)
        .map(|i| match i {
            1 => base.clone(),
            i => format!("{base} ({i})"),
        })
        .find(|n| !taken(n))
        .unwrap_or(base)
}

/// Every figure the fit gives, within what a scenario may hold.
fn set_traffic(s: &mut Scenario, f: &Fitted, notes: &mut Vec<String>) {
    s.tokens_per_day = f.tokens_per_day.round() as u64;
    s.output_share = Some(f.output_share);
    if let Some(c) = f.cached_share {
        s.cached_input_share = c;
    }
    s.peak_to_average = f.peak.peak_over_average.clamp(1.0, 1000.0);
    s.peak_hours = f
        .two_level
        .map(|t| f64::from(t.peak_hours))
        .filter(|h| *h > 0.0 && h * s.peak_to_average <= 24.0);
    if f.two_level.is_some() && s.peak_hours.is_none() {
        notes.push(format!(
            "peak_hours: not set: the day's peak hours at the busiest window's rate ({}) would exceed 24 hours",
            fmt::hundredths(s.peak_to_average)
        ));
    }
    match f.growth {
        Growth::Monthly { rate, .. } if rate >= 0.0 => s.monthly_growth = rate.min(10.0),
        Growth::Monthly { rate, .. } => notes.push(format!(
            "monthly_growth: {} is a decline; a scenario's growth is from 0, so it is left as it was",
            fmt::percent(rate)
        )),
        _ => {}
    }
    if let Some(r) = f.per_request {
        s.requests.input_tokens = Some(r.input.mean.round().max(1.0));
        s.requests.output_tokens = Some(r.output.mean.round().max(1.0));
    }
    s.hourly_profile = f.daily_profile.map(|p| p.to_vec());
    s.traffic_is = Some(Source::Measured(
        f.provenance().trim_start_matches("measured: ").to_string(),
    ));
}

/// The keys that moved, as `key: old → new`.
fn record(before: &Scenario, after: &Scenario, added: bool, out: &mut Vec<String>) {
    use crate::plan::keys::ScenarioKey;
    for key in ScenarioKey::ALL {
        let (old, new) = (key.get(before), key.get(after));
        if old == new {
            continue;
        }
        let name = key.key().name;
        out.push(match added {
            true => format!("{name}: {}", shown(&new)),
            false => format!("{name}: {} → {}", shown(&old), shown(&new)),
        });
    }
}

/// A scenario field's value in the summary's words.
fn shown(v: &crate::plan::keys::FieldValue) -> String {
    use crate::plan::keys::FieldValue as V;
    match v {
        V::Tokens(n) => fmt::tokens(*n as f64),
        V::Share(x) => fmt::percent(*x),
        V::Number(x) | V::Price(x) => fmt::trim_decimals(*x, 2),
        V::Count(n) => n.to_string(),
        V::Text(t) => t.clone(),
        V::Profile(shares) => fmt::profile(shares),
        V::Missing => "(not given)".into(),
        V::Inherited(from) => format!("({from})"),
        other => format!("{other:?}"),
    }
}
