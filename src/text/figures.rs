//! Figures as plain numbers, for JSON and CSV: money to the cent, volumes
//! to the whole token, factors to four decimals, months as a count, and
//! `None` (`null`, an empty CSV cell) for "never" or "unbounded". Both JSON
//! outputs and the CSV report use these, so a figure reads alike in each.

use crate::base::money::{self, Range};
use crate::engine::{BreakEven, BreakEvenRange, Factor, MonthsToBreakEven};
use serde::Serialize;

/// Dollars rounded to the cent.
pub fn cents(x: f64) -> f64 {
    money::round_to_cent(x)
}

/// A factor rounded to four decimals.
pub fn ratio(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A percentage rounded to two decimals.
pub fn percent(p: f64) -> f64 {
    (p * 100.0).round() / 100.0
}

/// A break-even volume in whole tokens, rounded up (a volume below the
/// break-even is one where self-hosting is still dearer); `None` for never.
pub fn volume(b: BreakEven) -> Option<f64> {
    b.volume().map(f64::ceil)
}

/// Months as a number: 0 for now, `None` for never.
pub fn months(m: MonthsToBreakEven) -> Option<u32> {
    match m {
        MonthsToBreakEven::Now => Some(0),
        MonthsToBreakEven::In(n) => Some(n),
        MonthsToBreakEven::Never => None,
    }
}

/// The two ends of a range, as JSON `{"low": …, "high": …}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ends<T> {
    /// The low end.
    pub low: T,
    /// The high end.
    pub high: T,
}

impl Ends<f64> {
    /// Money to the cent.
    pub fn money(r: Range) -> Self {
        Ends {
            low: cents(r.low),
            high: cents(r.high),
        }
    }
}

impl Ends<Option<f64>> {
    /// Break-even volumes in whole tokens; `null` for never.
    pub fn break_even(b: BreakEvenRange) -> Self {
        Ends {
            low: volume(b.low),
            high: volume(b.high),
        }
    }

    /// A factor to four decimals; `null` where unbounded.
    pub fn factor(f: Factor) -> Self {
        Ends {
            low: f.low.map(ratio),
            high: f.high.map(ratio),
        }
    }
}

impl Ends<Option<u32>> {
    /// Months to break-even; `null` for never.
    pub fn months((low, high): (MonthsToBreakEven, MonthsToBreakEven)) -> Self {
        Ends {
            low: months(low),
            high: months(high),
        }
    }
}
