//! A scenario's day in words: what its hourly profile does to the replicas
//! and to the API's bill, for the explanation, the day charts' captions and
//! the report. The figures are the engine's (`engine::day::schedule`).

use crate::engine::PerEnd;
use crate::engine::day::{HOURS, Schedule};
use crate::plan::{OffPeak, Plan, Scenario};
use crate::text::format as fmt;

use fmt::clock;

/// `16:30–00:30 at 50 % off`.
pub fn window(o: &OffPeak) -> String {
    format!(
        "{}–{} UTC at {} off",
        clock(o.from),
        clock(o.to),
        fmt::percent(o.discount)
    )
}

/// The hour that needs the most replicas (the first of equals), and the
/// one that needs the fewest, at the dear end.
fn busiest_and_quietest(s: &Schedule) -> (usize, usize) {
    let dear = |h: usize| s.replicas[h].dear;
    let busiest = (0..HOURS).fold(0, |b, h| if dear(h) > dear(b) { h } else { b });
    let quietest = (0..HOURS).fold(0, |q, h| if dear(h) < dear(q) { h } else { q });
    (busiest, quietest)
}

/// The fewest and the most replicas at once over the day.
fn at_once(s: &Schedule) -> (PerEnd<u64>, PerEnd<u64>) {
    let (busiest, quietest) = busiest_and_quietest(s);
    (s.replicas[quietest], s.replicas[busiest])
}

/// `1 replica`, `2–3 replicas`.
fn replicas(n: PerEnd<u64>) -> String {
    format!("{n} replica{}", if n == 1 { "" } else { "s" })
}

/// One sentence: what the bill counts of the day.
pub fn summary(plan: &Plan, scenario: &Scenario, s: &Schedule) -> String {
    let (busiest, quietest) = busiest_and_quietest(s);
    let (fewest, most) = at_once(s);
    let mut out = match (s.autoscaled, s.profiled) {
        (true, _) => {
            let lead = plan
                .tier(
                    scenario
                        .tier_id(plan.model(&scenario.model))
                        .unwrap_or_default(),
                )
                .map_or(0.0, |t| t.pricing.scale_up_minutes);
            format!(
                "{} replica-hours a day, {fewest} to {most} at once; {} started a day{}",
                s.billed,
                s.starts,
                match lead > 0.0 {
                    true => format!(
                        ", each billed {} min before it serves",
                        fmt::hundredths(lead)
                    ),
                    false => String::new(),
                }
            )
        }
        (false, true) if fewest == most => format!(
            "billed at {} all day: every hour needs {most}",
            replicas(s.billed)
        ),
        (false, true) => format!(
            "billed at {} all day: what the busiest hour ({}) needs; the quietest ({}) needs {fewest}",
            replicas(s.billed),
            clock(busiest as f64),
            clock(quietest as f64),
        ),
        (false, false) => format!(
            "an even day (no hourly profile): {} every hour",
            replicas(s.billed)
        ),
    };
    if let Some(api) = api_summary(s) {
        out.push_str("; ");
        out.push_str(&api);
    }
    out
}

/// What the API bills for an hour's tokens, from the cheapest hour to the
/// dearest; `None` without API prices.
pub fn api_summary(s: &Schedule) -> Option<String> {
    let api = s.api.as_ref()?;
    let (low, high) = api
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(l, h), &x| (l.min(x), h.max(x)));
    Some(format!(
        "the API bills {}–{} a month for an hour's tokens",
        fmt::money(low),
        fmt::money(high)
    ))
}

/// The replicas' part of `summary`.
pub fn replicas_summary(plan: &Plan, scenario: &Scenario, s: &Schedule) -> String {
    let without_api = Schedule {
        api: None,
        ..s.clone()
    };
    summary(plan, scenario, &without_api)
}

/// The explanation's lines on the day: the profile's busiest hour against
/// the peak typed, and the schedule the bill counts.
pub fn lines(plan: &Plan, scenario: &Scenario, s: &Schedule) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(shares) = crate::engine::day::shares(scenario) {
        let top = (0..HOURS).fold(0, |b, h| if shares[h] > shares[b] { h } else { b });
        let hourly = HOURS as f64 * shares[top];
        let peak = crate::engine::day::peak_factor(scenario);
        let sized = match s.autoscaled {
            true => "each hour's replicas serve that hour's own tokens".to_string(),
            false => format!(
                "sized for {}× (the larger of that and peak/average {}), every other hour at its share of the busiest",
                fmt::hundredths(peak),
                fmt::hundredths(scenario.peak_to_average),
            ),
        };
        out.push(format!(
            "by its hourly profile: the busiest hour, {}, holds {} of the day's tokens, {}× the mean hour; {sized}",
            clock(top as f64),
            fmt::percent(shares[top]),
            fmt::hundredths(hourly),
        ));
    }
    let hours: Vec<String> = s.replicas.iter().map(|n| n.to_string()).collect();
    out.push(format!(
        "replicas hour by hour from 00:00: {}",
        hours.join(" ")
    ));
    out.push(summary(plan, scenario, s));
    out
}
