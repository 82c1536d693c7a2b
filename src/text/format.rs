//! How figures read on screen and in reports: money with thousands
//! separators, volumes with unit suffixes, factors, months and percentages.
//! Rounding to the cent is `money::whole_cents`; everything else is spelled
//! here. Tables format thousands of figures a keystroke, so each figure has
//! a `push_` form that appends to a buffer without allocating.

use crate::base::money::{Range, whole_cents};
use crate::engine::{BreakEven, BreakEvenRange, Factor, MonthsToBreakEven};
use std::fmt::Write;
use std::path::Path;

/// Dollars to the cent, with thousands separators; whole amounts drop the
/// cents (`375`, `7.50`, `4,200`, `1,234.56`).
pub fn money(x: f64) -> String {
    let mut s = String::with_capacity(16);
    push_money(&mut s, x);
    s
}

/// Appends `money(x)`.
pub fn push_money(out: &mut String, x: f64) {
    push_money_to(out, x, false);
}

/// Whether `x` has cents when rounded to the cent.
pub fn has_cents(x: f64) -> bool {
    whole_cents(x).abs() % 100.0 != 0.0
}

/// A money range with both ends to the cent (`1,100.00–4,700.50`), so a
/// column of figures reads at one precision.
pub fn push_money_range_to_cents(out: &mut String, r: Range) {
    push_span(
        out,
        |o| push_money_to(o, r.low, true),
        |o| push_money_to(o, r.high, true),
    );
}

/// A money range for a column too narrow for the full one: from a
/// thousand on in three significant digits (`80k–120k`, `1.1k–4.7k`),
/// below it as written in full (`7.50`).
pub fn push_compact_money_range(out: &mut String, r: Range) {
    let end = |o: &mut String, x: f64| match x.abs() < 999.5 {
        true => push_money(o, x),
        false => push_significant(o, x),
    };
    push_span(out, |o| end(o, r.low), |o| end(o, r.high));
}

/// A count (tokens a day) in three significant digits: `367M`, `1.86B`.
pub fn significant(x: f64) -> String {
    let mut s = String::new();
    push_significant(&mut s, x);
    s
}

/// A range of counts (tokens a day) in three significant digits an end:
/// `367M–822M`, for an estimate whose band is wider than its digits.
pub fn push_significant_range(out: &mut String, low: f64, high: f64) {
    push_span(
        out,
        |o| push_significant(o, low),
        |o| push_significant(o, high),
    );
}

/// A factor in at most three significant digits an end: `53–107×`.
pub fn push_compact_factor(out: &mut String, f: Factor) {
    let end = |o: &mut String, x: Option<f64>| match x {
        Some(v) => push_significant(o, v),
        None => o.push('∞'),
    };
    push_span(out, |o| end(o, f.low), |o| end(o, f.high));
    out.push('×');
}

/// `x` in at most three significant digits (two decimals at most), with
/// k, M, B or T past a thousand; trailing zeros dropped.
fn push_significant(out: &mut String, x: f64) {
    if x < 0.0 {
        out.push('-');
    }
    let x = x.abs();
    let (value, unit) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(scale, _)| x >= *scale * 0.9995)
        .map_or((x, ""), |(scale, unit)| (x / scale, unit));
    let decimals = match value {
        v if v >= 99.95 => 0,
        v if v >= 9.995 => 1,
        _ => 2,
    };
    out.push_str(&trim_decimals(value, decimals));
    out.push_str(unit);
}

/// `push_money`, with two decimals even on whole dollars when `cents`.
fn push_money_to(out: &mut String, x: f64, force_cents: bool) {
    let cents = whole_cents(x);
    if cents < 0.0 {
        out.push('-');
    }
    let cents = cents.abs();
    let whole = (cents / 100.0).trunc();
    if cents >= 9_007_199_254_740_992.0 {
        // Past 2^53 cents an f64 holds fewer than every cent: write the
        // figure as CSV and JSON hold it, grouped, never saturated.
        let exact = (cents / 100.0).to_string();
        let (digits, frac) = exact.split_once('.').unwrap_or((&exact, ""));
        push_grouped_digits(out, digits);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
            if frac.len() == 1 {
                out.push('0');
            }
        }
        return;
    }
    let frac = (cents - whole * 100.0) as u64;
    push_grouped(out, whole as u64);
    if frac != 0 || force_cents {
        out.push('.');
        push_two_digits(out, frac);
    }
}

/// Appends a string of digits with thousands separators.
fn push_grouped_digits(out: &mut String, digits: &str) {
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
}

/// A day's hourly profile in a few words: `24 hours, the busiest 16:00 UTC`.
pub fn profile(shares: &[f64]) -> String {
    // The first of equals, as the day's chart and explanation name it.
    let busiest = (0..shares.len()).fold(0, |b, h| if shares[h] > shares[b] { h } else { b });
    format!("{} hours, the busiest {busiest:02}:00 UTC", shares.len())
}

/// What stands where a figure needs a self-host cost the plan does not give.
pub const NO_PRICE: &str = "no price";

/// What stands where a figure itself is left out of the plan (a tier's cost,
/// a new model's prices): never a 0.
pub const NOT_GIVEN: &str = "not given";

/// A figure that needs a self-host cost, or `NO_PRICE` when the plan does
/// not give one (never a 0).
pub fn priced<T>(figure: Option<T>, write: fn(T) -> String) -> String {
    figure.map_or_else(|| NO_PRICE.to_string(), write)
}

/// A money range: one figure when both ends round alike, else `low–high`.
pub fn money_range(r: Range) -> String {
    let mut s = String::with_capacity(24);
    push_money_range(&mut s, r);
    s
}

/// Appends `money_range(r)`.
pub fn push_money_range(out: &mut String, r: Range) {
    push_span(out, |o| push_money(o, r.low), |o| push_money(o, r.high));
}

/// Appends both ends of something written `low–high`, or one when they read
/// alike.
fn push_span(out: &mut String, low: impl FnOnce(&mut String), high: impl FnOnce(&mut String)) {
    let start = out.len();
    low(out);
    let mid = out.len();
    high(out);
    if out[start..mid] == out[mid..] {
        out.truncate(mid);
    } else {
        out.insert(mid, '–');
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let mut s = String::with_capacity(26);
    push_grouped(&mut s, n);
    s
}

/// Appends `group_thousands(n)`.
pub fn push_grouped(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        out.push(char::from(digits[i]));
        if i > 0 && i % 3 == 0 {
            out.push(',');
        }
    }
}

/// A whole count: `1`, `12`, `18446744073709551615`.
pub fn push_count(out: &mut String, n: u64) {
    let _ = write!(out, "{n}");
}

fn push_two_digits(out: &mut String, n: u64) {
    out.push(char::from(b'0' + (n / 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// A volume with a unit suffix and at most two decimals: `1M`, `50M`, `1.5B`,
/// `476.19M`.
pub fn tokens(v: f64) -> String {
    let mut s = String::with_capacity(12);
    push_tokens(&mut s, v);
    s
}

/// Appends `tokens(v)`.
pub fn push_tokens(out: &mut String, v: f64) {
    const UNITS: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")];
    for (scale, unit) in UNITS {
        if v.abs() >= scale {
            push_hundredths(out, v / scale);
            out.push_str(unit);
            return;
        }
    }
    let _ = write!(out, "{v:.0}");
}

/// A number to two decimals, trailing zeros dropped (`1.5`, `476.19`, `30`),
/// rounded half away from zero like `money`.
pub fn hundredths(x: f64) -> String {
    let mut s = String::with_capacity(12);
    push_hundredths(&mut s, x);
    s
}

/// Appends `hundredths(x)`.
pub fn push_hundredths(out: &mut String, x: f64) {
    push_decimals(out, x, 0, 2);
}

/// Appends `x` rounded half away from zero to `max` decimals, trailing
/// zeros dropped down to `min` decimals. Integer arithmetic: float
/// formatting with a precision is several times slower, and tables format
/// hundreds of these a frame.
pub fn push_decimals(out: &mut String, x: f64, min: usize, max: usize) {
    let scale = 10u64.pow(max as u32);
    let n = (x * scale as f64).round();
    if !n.is_finite() || n.abs() >= 9.0e15 {
        let s = trim_decimals(x, max);
        let places = s.split_once('.').map_or(0, |(_, d)| d.len());
        out.push_str(&s);
        if places < min {
            out.push_str(if places == 0 { "." } else { "" });
            out.extend(std::iter::repeat_n('0', min - places));
        }
        return;
    }
    let (negative, n) = (n < 0.0, n.abs() as u64);
    if negative {
        out.push('-');
    }
    push_count(out, n / scale);
    let mut frac = n % scale;
    let mut places = max;
    while places > min && frac.is_multiple_of(10) {
        frac /= 10;
        places -= 1;
    }
    if places > 0 {
        let _ = write!(out, ".{frac:0places$}");
    }
}

/// A number with up to `places` decimals, trailing zeros removed.
pub fn trim_decimals(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A break-even volume per day, or `never`.
pub fn break_even(b: BreakEven) -> String {
    let mut s = String::new();
    push_break_even(&mut s, b);
    s
}

fn push_break_even(out: &mut String, b: BreakEven) {
    match b {
        // Up to a whole token: just below it, self-hosting is still dearer.
        BreakEven::At(v) => push_tokens(out, v.ceil()),
        BreakEven::Never => out.push_str("never"),
    }
}

/// Both ends of a break-even: one figure when they agree.
pub fn break_even_range(b: BreakEvenRange) -> String {
    let mut s = String::new();
    push_break_even_range(&mut s, b);
    s
}

/// Appends `break_even_range(b)`.
pub fn push_break_even_range(out: &mut String, b: BreakEvenRange) {
    push_span(
        out,
        |o| push_break_even(o, b.low),
        |o| push_break_even(o, b.high),
    );
}

/// A factor range like `2.67–5.33×`; an unbounded end reads `∞`.
pub fn factor(f: Factor) -> String {
    let mut s = String::new();
    push_factor(&mut s, f);
    s
}

/// Appends `factor(f)`.
pub fn push_factor(out: &mut String, f: Factor) {
    let end = |o: &mut String, x: Option<f64>| match x {
        Some(v) => push_decimals(o, v, 2, 2),
        None => o.push('∞'),
    };
    push_span(out, |o| end(o, f.low), |o| end(o, f.high));
    out.push('×');
}

/// Months until break-even: `now`, `8 mo`, `never`.
pub fn months(m: MonthsToBreakEven) -> String {
    let mut s = String::new();
    push_months(&mut s, m);
    s
}

fn push_months(out: &mut String, m: MonthsToBreakEven) {
    match m {
        MonthsToBreakEven::Now => out.push_str("now"),
        MonthsToBreakEven::In(n) => {
            let _ = write!(out, "{n} mo");
        }
        MonthsToBreakEven::Never => out.push_str("never"),
    }
}

/// Both ends of months-to-break-even: one figure when they agree.
pub fn months_range(m: (MonthsToBreakEven, MonthsToBreakEven)) -> String {
    let mut s = String::new();
    push_months_range(&mut s, m);
    s
}

/// Appends `months_range(m)`.
pub fn push_months_range(out: &mut String, (low, high): (MonthsToBreakEven, MonthsToBreakEven)) {
    push_span(out, |o| push_months(o, low), |o| push_months(o, high));
}

/// A file's name without its folder (or the whole path when it has none),
/// as lists and titles show it.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// "GPU only" or "with overheads": what verdicts, factors and break-evens
/// count, as `include_overheads` says.
pub fn basis(include_overheads: bool) -> &'static str {
    if include_overheads {
        "with overheads"
    } else {
        "GPU only"
    }
}

/// Axis money: `7.5`, `375`, `4.2k`, `1.2M`.
pub fn compact_money(v: f64) -> String {
    if v >= 1000.0 {
        tokens(v)
    } else {
        trim_decimals(v, 2)
    }
}

/// A price per million tokens: at least two decimals, at most four (`0.20`, `0.125`).
pub fn price(x: f64) -> String {
    let mut s = String::with_capacity(8);
    push_price(&mut s, x);
    s
}

/// Appends `price(x)`.
pub fn push_price(out: &mut String, x: f64) {
    push_decimals(out, x, 2, 4);
}

/// A fraction as a percentage: `0.6` → `60%`.
pub fn percent(x: f64) -> String {
    let mut s = String::with_capacity(8);
    push_percent(&mut s, x);
    s
}

/// Appends `percent(x)`.
pub fn push_percent(out: &mut String, x: f64) {
    push_decimals(out, x * 100.0, 0, 2);
    out.push('%');
}

/// An overhead's drivers as the Drivers cell shows (and takes) them:
/// `20 h/wk × 90 $/h`, `700 W × 1.4 PUE × 0.12 $/kWh`, `2 FTE × 12,000`,
/// `one-off 30,000`; empty without drivers.
pub fn drivers(d: &crate::plan::Drivers) -> String {
    let m = |r: Range| money_range(r);
    let n = |x: f64| trim_decimals(x, 4);
    if let (Some(h), Some(rate)) = (d.hours_per_week, d.hourly_rate) {
        return format!("{} h/wk × {} $/h", m(h), m(rate));
    }
    if let (Some(w), Some(kwh)) = (d.watts_per_gpu, d.price_per_kwh) {
        return match d.pue {
            Some(pue) => format!("{} W × {} PUE × {} $/kWh", n(w), n(pue), m(kwh)),
            None => format!("{} W × {} $/kWh", n(w), m(kwh)),
        };
    }
    if let (Some(fte), Some(each)) = (d.fte, d.fte_monthly) {
        return format!("{} FTE × {}", n(fte), m(each));
    }
    d.one_off
        .map_or(String::new(), |c| format!("one-off {}", m(c)))
}

/// The sellers a price was picked from: `cheapest of 4: 0.23–0.88` (output
/// prices, USD per million).
pub fn push_offers(out: &mut String, o: &crate::plan::Offers) {
    use std::fmt::Write;
    // The seller taken first: who the price is from is the point.
    let _ = write!(
        out,
        "{} ({} of {})",
        crate::base::safe_text::shown(&o.provider),
        crate::base::safe_text::shown(&o.pick),
        o.providers
    );
    out.push_str(": ");
    push_price(out, o.output_per_mtok.low);
    if o.output_per_mtok.high != o.output_per_mtok.low {
        out.push('–');
        push_price(out, o.output_per_mtok.high);
    }
}

/// A benchmark run in brief: `44 tok/s · c32 · p99 470 ms`.
pub fn push_measured(out: &mut String, m: &crate::plan::Measured) {
    push_decimals(out, m.tokens_per_second, 0, 1);
    out.push_str(" tok/s");
    if let Some(c) = m.max_concurrency {
        out.push_str(" · c");
        push_count(out, u64::from(c));
    }
    if let Some(ms) = m.p99_e2el_ms {
        out.push_str(" · p99 ");
        push_decimals(out, ms, 0, 0);
        out.push_str(" ms");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_to_the_cent() {
        assert_eq!(money(7.5), "7.50");
        assert_eq!(money(375.0), "375");
        assert_eq!(money(4200.000000000001), "4,200");
        assert_eq!(money(1234.566), "1,234.57");
        assert_eq!(money(0.004), "0");
        assert_eq!(money_range(Range::new(1000.0, 2000.0)), "1,000–2,000");
        // Never saturated at u64::MAX: every digit the f64 holds.
        assert_eq!(money(1e20), "100,000,000,000,000,000,000");
        assert_eq!(money(3.1e22), "31,000,000,000,000,000,000,000");
    }

    #[test]
    fn volumes_read_with_suffixes() {
        assert_eq!(tokens(1e6), "1M");
        assert_eq!(tokens(1.5e9), "1.5B");
        assert_eq!(tokens(476_190_476.19), "476.19M");
        assert_eq!(tokens(999.0), "999");
        assert_eq!(tokens(25_000.0), "25k");
    }

    #[test]
    fn decimals_round_half_away_and_keep_their_minimum() {
        assert_eq!(price(0.2), "0.20");
        assert_eq!(price(0.125), "0.125");
        assert_eq!(price(3.0), "3.00");
        assert_eq!(price(0.123456), "0.1235");
        assert_eq!(percent(0.6), "60%");
        assert_eq!(percent(0.0125), "1.25%");
        assert_eq!(
            factor(Factor {
                low: Some(2.666_666),
                high: Some(1.9)
            }),
            "2.67–1.90×"
        );
        assert_eq!(hundredths(-1.5), "-1.5");
        assert_eq!(price(2e15), "2000000000000000.00");
    }
}

#[cfg(test)]
mod compact_tests {
    use super::*;

    fn money(low: f64, high: f64) -> String {
        let mut s = String::new();
        push_compact_money_range(&mut s, Range::new(low, high));
        s
    }

    #[test]
    fn compact_money_keeps_three_significant_digits_and_small_figures_whole() {
        assert_eq!(money(80_000.0, 120_000.0), "80k–120k");
        assert_eq!(money(1_100.0, 4_700.0), "1.1k–4.7k");
        assert_eq!(money(106_666.67, 106_666.67), "107k");
        assert_eq!(money(7.5, 7.5), "7.50");
        assert_eq!(money(999.0, 999.6), "999–1k");
        assert_eq!(money(1_250_000.0, 3e9), "1.25M–3B");
    }

    #[test]
    fn compact_factor_and_cents_throughout() {
        let mut s = String::new();
        push_compact_factor(
            &mut s,
            Factor {
                low: Some(53.333),
                high: Some(106.667),
            },
        );
        assert_eq!(s, "53.3–107×");
        s.clear();
        push_money_range_to_cents(&mut s, Range::new(375.0, 3_750.5));
        assert_eq!(s, "375.00–3,750.50");
    }
}

/// Words into lines of at most `width` characters (a longer word gets a
/// line of its own, cut when drawn); never no line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(' ') {
        let w = match word.is_ascii() {
            true => word.len(),
            false => word.chars().count(),
        };
        if len > 0 && len + 1 + w > width {
            out.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += w;
    }
    out.push(line);
    out
}

/// `08:00`, `16:30`: an hour of the day (fractions as minutes).
pub fn clock(hour: f64) -> String {
    let minutes = (hour * 60.0).round() as u32 % (24 * 60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `50% 16:30–00:30`: an off-peak window as a cell shows it and takes it typed.
pub fn off_peak(o: &crate::plan::OffPeak) -> String {
    format!("{} {}–{}", percent(o.discount), clock(o.from), clock(o.to))
}
