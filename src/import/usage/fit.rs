//! The fit: what a traffic scenario needs, measured from a usage log, each
//! figure with the caveat the log's shape imposes (bucketed reports have no
//! request-size quantiles, and their bucket width bounds the peak).

use super::clock::date_of;
use super::error::UsageError;
use super::skips::Skips;
use super::tally::{Counts, Tally};
use super::{Format, Usage};
use std::collections::HashMap;

const DAY_S: i64 = 86_400;
const HOUR_S: i64 = 3_600;
/// A month as growth rates mean it: a twelfth of a Julian year.
const MONTH_DAYS: f64 = 365.25 / 12.0;
/// A trend needs two weeks: fewer days are mostly weekday pattern.
const GROWTH_MIN_DAYS: f64 = 14.0;
/// A day at the edge of the span counts for the trend if this much of it is
/// covered (a trace rarely starts at midnight to the second).
const DAY_COVERAGE: f64 = 0.95;
/// z for a two-sided 95 % interval on the growth rate.
const Z95: f64 = 1.96;

/// The window the peak is measured over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    #[default]
    OneMinute,
    FiveMinutes,
    FifteenMinutes,
    OneHour,
}

impl Window {
    /// The `--window` names, one per variant.
    pub const NAMES: [(&'static str, Window); 4] = [
        ("1m", Window::OneMinute),
        ("5m", Window::FiveMinutes),
        ("15m", Window::FifteenMinutes),
        ("1h", Window::OneHour),
    ];

    pub fn seconds(self) -> i64 {
        match self {
            Window::OneMinute => 60,
            Window::FiveMinutes => 300,
            Window::FifteenMinutes => 900,
            Window::OneHour => HOUR_S,
        }
    }

    /// Reads a `--window` value.
    pub fn parse(name: &str) -> Result<Window, String> {
        Self::NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, w)| *w)
            .ok_or_else(|| format!("unknown peak window `{name}` (one of 1m, 5m, 15m, 1h)"))
    }
}

/// What to fit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FitOptions<'a> {
    /// One model's traffic (case-insensitive), or all of it.
    pub model: Option<&'a str>,
    pub window: Window,
}

/// The time a file covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First request, or the first bucket's start (ms since the epoch).
    pub from_ms: i64,
    /// Last request, or the last bucket's end.
    pub to_ms: i64,
    /// Times were offsets from the trace's start, not dates.
    pub relative: bool,
}

impl Span {
    pub fn days(&self) -> f64 {
        (self.to_ms - self.from_ms) as f64 / 86_400_000.0
    }

    /// `2026-11-01–2026-11-30`, or `relative times, 1.0 h`.
    pub fn said(&self) -> String {
        if self.relative {
            return format!("relative times, {}", duration(self.days()));
        }
        let (from, to) = (
            date_of(self.from_ms),
            date_of((self.to_ms - 1).max(self.from_ms)),
        );
        if from == to {
            from
        } else {
            format!("{from}–{to}")
        }
    }
}

fn duration(days: f64) -> String {
    if days < 1.0 / 24.0 {
        format!("{:.0} min", days * 1440.0)
    } else if days < 2.0 {
        format!("{:.1} h", days * 24.0)
    } else {
        format!("{days:.1} days")
    }
}

/// Tokens a request: the mean, and where the rows are requests the median
/// and 90th percentile (to within 1 %).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sizes {
    pub mean: f64,
    pub p50: Option<f64>,
    pub p90: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerRequest {
    pub input: Sizes,
    pub output: Sizes,
}

/// The busiest window against the average one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Peak {
    /// The window measured: the one asked for, or the file's bucket width
    /// when that is wider.
    pub window_s: i64,
    /// The finest resolution the file allows (60 s for request rows).
    pub resolution_s: i64,
    /// Tokens in the busiest window over the mean window across the span.
    pub peak_over_average: f64,
}

/// The day as two levels: busy hours and the rest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoLevelDay {
    /// Hours of the day above the daily mean.
    pub peak_hours: u32,
    /// Their mean load over the day's mean load.
    pub peak_to_average: f64,
}

/// Month-on-month growth of the daily tokens.
#[derive(Debug, Clone, PartialEq)]
pub enum Growth {
    /// Fitted log-linearly on daily totals: rate and a 95 % range (from the
    /// slope's standard error), over `days` days.
    Monthly {
        rate: f64,
        low: f64,
        high: f64,
        days: u32,
    },
    /// The span is under two weeks.
    TooShort { days: f64 },
    /// Long enough, but no trend can be fitted (too few days with traffic).
    NoTrend { reason: String },
}

/// A traffic scenario measured from a usage log.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub file: String,
    pub format: Format,
    /// The model asked for, as the file names it.
    pub model: Option<String>,
    pub span: Span,
    pub totals: Counts,
    /// Requests, where the format counts them (Anthropic's report does not).
    pub requests: Option<u64>,
    pub tokens_per_day: f64,
    /// Output over input and output.
    pub output_share: f64,
    /// Cached input over all input, where the file says.
    pub cached_share: Option<f64>,
    pub requests_per_day: Option<f64>,
    pub per_request: Option<PerRequest>,
    pub peak: Peak,
    /// Share of the day's tokens in each UTC hour (sums to 1), when the file
    /// covers a day at hourly resolution or finer.
    pub daily_profile: Option<[f64; 24]>,
    pub two_level: Option<TwoLevelDay>,
    pub growth: Growth,
    /// Spend the file records (LiteLLM's `spend`, USD).
    pub spend: Option<f64>,
    pub skipped: Skips,
    /// Caveats, in the user's words.
    pub notes: Vec<String>,
}

/// Fits one model's traffic, or all of it.
pub fn fit(usage: &Usage, options: &FitOptions) -> Result<Fitted, UsageError> {
    let (tally, model) = select(usage, options.model)?;
    let span = Span {
        from_ms: usage.from_ms,
        to_ms: usage.to_ms,
        relative: usage.relative,
    };
    let days = (span.days()).max(usage.resolution_s as f64 / DAY_S as f64);
    let mut notes = usage.notes.clone();
    let t = tally.totals;
    let requests = usage.requests_counted.then_some(t.requests);
    let (daily_profile, profile_note) = profile(usage, &tally, days);
    notes.extend(profile_note);
    let peak = peak(usage, &tally, options.window, &mut notes);
    let cached_share = (tally.cache_known && t.input > 0).then(|| t.cached as f64 / t.input as f64);
    if cached_share.is_none() {
        notes.push("the file records no cached input".into());
    }
    let per_request = per_request(usage, &tally, &mut notes);
    Ok(Fitted {
        file: usage.file.clone(),
        format: usage.format,
        model,
        span,
        totals: t,
        requests,
        tokens_per_day: t.tokens() as f64 / days,
        output_share: if t.tokens() == 0 {
            0.0
        } else {
            t.output as f64 / t.tokens() as f64
        },
        cached_share,
        requests_per_day: requests.map(|r| r as f64 / days),
        per_request,
        peak,
        two_level: daily_profile.as_ref().map(two_level),
        daily_profile,
        growth: growth(usage, &tally, days, &mut notes),
        spend: tally.spend,
        skipped: usage.skipped.clone(),
        notes,
    })
}

/// The tallies the filter picks, merged, and the model's name as written.
fn select(usage: &Usage, model: Option<&str>) -> Result<(Tally, Option<String>), UsageError> {
    let wanted = |t: &&Tally| model.is_none_or(|m| t.name.eq_ignore_ascii_case(m.trim()));
    let picked: Vec<&Tally> = usage.tallies.iter().filter(wanted).collect();
    if picked.is_empty() {
        return Err(UsageError::NoSuchModel {
            file: usage.file.clone(),
            model: model.unwrap_or_default().to_string(),
            present: usage
                .models()
                .into_iter()
                .filter(|m| !m.is_empty())
                .map(String::from)
                .collect(),
        });
    }
    let mut merged = Tally::default();
    for t in &picked {
        merged.merge(t);
    }
    Ok((merged, model.map(|_| picked[0].name.clone())))
}

fn per_request(usage: &Usage, tally: &Tally, notes: &mut Vec<String>) -> Option<PerRequest> {
    let t = tally.totals;
    if !usage.requests_counted {
        notes.push("the report counts no requests: no per-request sizes".into());
        return None;
    }
    if t.requests == 0 {
        return None;
    }
    if !usage.per_request {
        notes.push(
            "per-request sizes are means only: the report adds requests up per bucket".into(),
        );
    }
    let sizes = |total: u64, sketch: &super::tally::Sketch| Sizes {
        mean: total as f64 / t.requests as f64,
        p50: sketch.quantile(0.5).filter(|_| usage.per_request),
        p90: sketch.quantile(0.9).filter(|_| usage.per_request),
    };
    Some(PerRequest {
        input: sizes(t.input, &tally.input_sizes),
        output: sizes(t.output, &tally.output_sizes),
    })
}

/// The last second the span covers: the last request, or the last second of
/// the last bucket.
fn last_s(usage: &Usage) -> i64 {
    let end = if usage.per_request {
        usage.to_ms
    } else {
        usage.to_ms - 1
    };
    end.max(usage.from_ms).div_euclid(1000)
}

fn peak(usage: &Usage, tally: &Tally, window: Window, notes: &mut Vec<String>) -> Peak {
    let w = window.seconds().max(usage.resolution_s);
    if w > window.seconds() {
        notes.push(format!(
            "the peak is over {} windows: the file's buckets are that wide (asked for {})",
            duration(w as f64 / DAY_S as f64),
            duration(window.seconds() as f64 / DAY_S as f64)
        ));
    }
    let mut sums: HashMap<i64, u64> = HashMap::new();
    for (start, c) in &tally.buckets {
        *sums.entry(start.div_euclid(w)).or_default() += c.tokens();
    }
    let first = usage.from_ms.div_euclid(1000).div_euclid(w);
    let windows = (last_s(usage).div_euclid(w) - first + 1).max(1);
    let mean = tally.totals.tokens() as f64 / windows as f64;
    let busiest = sums.values().copied().max().unwrap_or(0) as f64;
    Peak {
        window_s: w,
        resolution_s: usage.resolution_s,
        peak_over_average: if mean > 0.0 { busiest / mean } else { 0.0 },
    }
}

/// Each UTC hour's share of a day's tokens, weighting every hour by how
/// often the span covers it (so a span of 1.5 days does not double some).
fn profile(usage: &Usage, tally: &Tally, days: f64) -> (Option<[f64; 24]>, Option<String>) {
    if days < 1.0 {
        return (
            None,
            Some("no daily profile: the file covers less than a day".into()),
        );
    }
    if usage.resolution_s > HOUR_S {
        return (
            None,
            Some("no daily profile: the file's buckets are wider than an hour".into()),
        );
    }
    let mut tokens = [0f64; 24];
    for (start, c) in &tally.buckets {
        tokens[hour_of(*start)] += c.tokens() as f64;
    }
    let seen = hours_covered(usage);
    let rate: Vec<f64> = tokens
        .iter()
        .zip(seen)
        .map(|(t, n)| if n == 0 { 0.0 } else { t / n as f64 })
        .collect();
    let sum: f64 = rate.iter().sum();
    if sum <= 0.0 {
        return (None, Some("no daily profile: no tokens".into()));
    }
    let mut shares = [0f64; 24];
    for (s, r) in shares.iter_mut().zip(&rate) {
        *s = r / sum;
    }
    let note = usage
        .relative
        .then(|| "hours of the day count from the trace's start (relative times)".to_string());
    (Some(shares), note)
}

/// How many times the span covers each hour of the day, counted without a
/// walk over the span (one wild timestamp must not make the fit loop for
/// years of hours).
fn hours_covered(usage: &Usage) -> [i64; 24] {
    let first = usage.from_ms.div_euclid(1000).div_euclid(HOUR_S);
    let slots = last_s(usage).div_euclid(HOUR_S) - first + 1;
    let mut seen = [slots / 24; 24];
    for extra in 0..slots % 24 {
        seen[(first + extra).rem_euclid(24) as usize] += 1;
    }
    seen
}

fn hour_of(start_s: i64) -> usize {
    start_s.div_euclid(HOUR_S).rem_euclid(24) as usize
}

fn two_level(shares: &[f64; 24]) -> TwoLevelDay {
    let mean = 1.0 / 24.0;
    let peak: Vec<f64> = shares
        .iter()
        .copied()
        .filter(|s| *s > mean * (1.0 + 1e-9))
        .collect();
    let n = peak.len() as u32;
    let level = if n == 0 {
        1.0
    } else {
        peak.iter().sum::<f64>() / f64::from(n) / mean
    };
    TwoLevelDay {
        peak_hours: n,
        peak_to_average: level,
    }
}

/// Tokens of each day with traffic that the span covers (almost) whole, by
/// day from the span's start, and how many such days there are in all
/// (with or without traffic).
fn daily_totals(usage: &Usage, tally: &Tally) -> (Vec<(f64, f64)>, i64) {
    let mut per_day: HashMap<i64, u64> = HashMap::new();
    for (start, c) in &tally.buckets {
        *per_day.entry(start.div_euclid(DAY_S)).or_default() += c.tokens();
    }
    let (from_s, to_s) = (usage.from_ms as f64 / 1000.0, usage.to_ms as f64 / 1000.0);
    let whole = |d: i64| {
        let (a, b) = ((d * DAY_S) as f64, ((d + 1) * DAY_S) as f64);
        (b.min(to_s) - a.max(from_s)).max(0.0) / DAY_S as f64 >= DAY_COVERAGE
    };
    let (first, last) = (
        usage.from_ms.div_euclid(1000).div_euclid(DAY_S),
        last_s(usage).div_euclid(DAY_S),
    );
    let days =
        (last - first + 1) - i64::from(!whole(first)) - i64::from(last > first && !whole(last));
    let mut points: Vec<(f64, f64)> = per_day
        .into_iter()
        .filter(|(d, t)| *t > 0 && whole(*d))
        .map(|(d, t)| ((d - first) as f64, (t as f64).ln()))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    (points, days.max(0))
}

fn growth(usage: &Usage, tally: &Tally, days: f64, notes: &mut Vec<String>) -> Growth {
    if days < GROWTH_MIN_DAYS {
        return Growth::TooShort { days };
    }
    let (points, whole_days) = daily_totals(usage, tally);
    let idle = whole_days - points.len() as i64;
    if idle > 0 {
        notes.push(format!(
            "{idle} days without traffic were left out of the growth fit"
        ));
    }
    if points.len() < 7 {
        return Growth::NoTrend {
            reason: format!("only {} whole days with traffic", points.len()),
        };
    }
    let n = points.len() as f64;
    let (mx, my) = (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxx: f64 = points.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    let slope = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum::<f64>() / sxx;
    let ssr: f64 = points
        .iter()
        .map(|(x, y)| (y - my - slope * (x - mx)).powi(2))
        .sum();
    let se = (ssr / (n - 2.0) / sxx).sqrt();
    let monthly = |b: f64| (b * MONTH_DAYS).exp() - 1.0;
    Growth::Monthly {
        rate: monthly(slope),
        low: monthly(slope - Z95 * se),
        high: monthly(slope + Z95 * se),
        days: points.len() as u32,
    }
}

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Fitted {
    /// Where the figures come from, for the scenario's notes:
    /// `measured: usage.csv, 2026-11-01–2026-11-30, 1,234,567 requests`.
    pub fn provenance(&self) -> String {
        let model = self
            .model
            .as_ref()
            .map(|m| format!(", {m}"))
            .unwrap_or_default();
        let volume = match self.requests {
            Some(r) => format!("{} requests", thousands(r)),
            None => format!(
                "{} tokens (no request count)",
                thousands(self.totals.tokens())
            ),
        };
        format!(
            "measured: {}{model}, {}, {volume}",
            self.file,
            self.span.said()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn a_flat_day_has_no_peak_hours() {
        let d = two_level(&[1.0 / 24.0; 24]);
        assert_eq!((d.peak_hours, d.peak_to_average), (0, 1.0));
    }
}
