//! How figures read on screen and in reports. Rounding happens here and only
//! here: money to the cent, volumes to three significant-looking digits.

use crate::engine::{BreakEven, BreakEvenRange, Factor, MonthsToBreakEven};
use crate::money::Range;

/// Dollars to the cent, with thousands separators; whole amounts drop the
/// cents (`375`, `7.50`, `4,200`, `1,234.56`).
pub fn money(x: f64) -> String {
    let cents = (x * 100.0).round();
    let negative = cents < 0.0;
    let cents = cents.abs();
    let whole = (cents / 100.0).trunc();
    let frac = (cents - whole * 100.0) as u64;
    let mut s = String::with_capacity(16);
    if negative {
        s.push('-');
    }
    s.push_str(&group_thousands(whole as u64));
    if frac != 0 {
        s.push('.');
        s.push(char::from(b'0' + (frac / 10) as u8));
        s.push(char::from(b'0' + (frac % 10) as u8));
    }
    s
}

/// A money range: one figure when both ends round alike, else `low–high`.
pub fn money_range(r: Range) -> String {
    let (low, high) = (money(r.low), money(r.high));
    if low == high {
        low
    } else {
        format!("{low}–{high}")
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    // Tables format thousands of these a keystroke: one allocation each.
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A volume with a unit suffix and at most two decimals: `1M`, `50M`, `1.5B`,
/// `476.19M`.
pub fn tokens(v: f64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")];
    for (scale, unit) in UNITS {
        if v.abs() >= scale {
            let mut s = hundredths(v / scale);
            s.push_str(unit);
            return s;
        }
    }
    trim_decimals(v, 0)
}

/// A number to two decimals, trailing zeros dropped (`1.5`, `476.19`, `30`),
/// rounded half away from zero like `money`. Integer arithmetic: tables
/// format hundreds of volumes and factors a frame, and float formatting with
/// a precision is several times slower.
pub fn hundredths(x: f64) -> String {
    let n = (x * 100.0).round();
    if !n.is_finite() || n.abs() >= 9.0e15 {
        return trim_decimals(x, 2);
    }
    let (negative, n) = (n < 0.0, n.abs() as u64);
    let mut s = String::with_capacity(12);
    if negative {
        s.push('-');
    }
    s.push_str(&(n / 100).to_string());
    match n % 100 {
        0 => {}
        f if f % 10 == 0 => {
            s.push('.');
            s.push(char::from(b'0' + (f / 10) as u8));
        }
        f => {
            s.push('.');
            s.push(char::from(b'0' + (f / 10) as u8));
            s.push(char::from(b'0' + (f % 10) as u8));
        }
    }
    s
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
    match b {
        BreakEven::At(v) => tokens(v),
        BreakEven::Never => "never".to_string(),
    }
}

/// Both ends of a break-even: one figure when they agree.
pub fn break_even_range(b: BreakEvenRange) -> String {
    let (low, high) = (break_even(b.low), break_even(b.high));
    if low == high {
        low
    } else {
        format!("{low}–{high}")
    }
}

/// A factor range like `2.67–5.33×`; an unbounded end reads `∞`.
pub fn factor(f: Factor) -> String {
    let end = |x: Option<f64>| x.map_or("∞".to_string(), |v| format!("{v:.2}"));
    let (low, high) = (end(f.low), end(f.high));
    if low == high {
        format!("{low}×")
    } else {
        format!("{low}–{high}×")
    }
}

/// Months until break-even: `now`, `8 mo`, `never`.
pub fn months(m: MonthsToBreakEven) -> String {
    match m {
        MonthsToBreakEven::Now => "now".to_string(),
        MonthsToBreakEven::In(n) => format!("{n} mo"),
        MonthsToBreakEven::Never => "never".to_string(),
    }
}

/// Both ends of months-to-break-even: one figure when they agree.
pub fn months_range(m: (MonthsToBreakEven, MonthsToBreakEven)) -> String {
    let (low, high) = (months(m.0), months(m.1));
    if low == high {
        low
    } else {
        format!("{low}–{high}")
    }
}

/// A price per million tokens: at least two decimals, at most four (`0.20`, `0.125`).
pub fn price(x: f64) -> String {
    let s = trim_decimals(x, 4);
    match s.split_once('.') {
        None => format!("{s}.00"),
        Some((_, d)) if d.len() < 2 => format!("{s}0"),
        Some(_) => s,
    }
}

/// A fraction as a percentage: `0.6` → `60%`.
pub fn percent(x: f64) -> String {
    format!("{}%", trim_decimals(x * 100.0, 2))
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
    }

    #[test]
    fn volumes_read_with_suffixes() {
        assert_eq!(tokens(1e6), "1M");
        assert_eq!(tokens(1.5e9), "1.5B");
        assert_eq!(tokens(476_190_476.19), "476.19M");
        assert_eq!(tokens(999.0), "999");
        assert_eq!(tokens(25_000.0), "25k");
    }
}
