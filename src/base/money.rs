//! Money ranges and the estimate that collapses them.
//!
//! Money is `f64` dollars, rounded only when displayed. Every input is a price
//! with a few decimals and every total stays far below 2^53 cents, so f64 keeps
//! sums and products exact to well under a cent (the error is ~1e-16 relative),
//! while the engine stays branch-free, fast on thousands of rows, and able to
//! feed log-scale charts without conversions. Figures are rounded half away
//! from zero to the cent (`whole_cents`) wherever they are shown, compared or
//! written out, which matches hand arithmetic.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, Mul};

/// A closed interval of dollars per month, `low <= high`, both finite and >= 0
/// in any valid plan. A single published number is a range with `low == high`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Range {
    /// The optimistic (cheaper) end.
    pub low: f64,
    /// The pessimistic (dearer) end.
    pub high: f64,
}

impl Range {
    /// A range from its two ends.
    pub const fn new(low: f64, high: f64) -> Self {
        Self { low, high }
    }

    /// A single figure: low and high are equal.
    pub const fn point(value: f64) -> Self {
        Self {
            low: value,
            high: value,
        }
    }

    /// The midpoint, `(low + high) / 2`.
    pub fn mid(self) -> f64 {
        (self.low + self.high) / 2.0
    }

    /// True when both ends are equal.
    pub fn is_point(self) -> bool {
        self.low == self.high
    }

    /// The range as the given estimate sees it: unchanged for `Range`, else
    /// collapsed to one end (or the midpoint).
    pub fn pick(self, estimate: Estimate) -> Self {
        match estimate {
            Estimate::Range => self,
            Estimate::Low => Self::point(self.low),
            Estimate::Mid => Self::point(self.mid()),
            Estimate::High => Self::point(self.high),
        }
    }
}

impl Add for Range {
    type Output = Range;
    fn add(self, rhs: Range) -> Range {
        Range::new(self.low + rhs.low, self.high + rhs.high)
    }
}

impl std::iter::Sum for Range {
    fn sum<I: Iterator<Item = Range>>(iter: I) -> Range {
        iter.fold(Range::default(), Add::add)
    }
}

/// Scaling by a non-negative factor multiplies both ends.
impl Mul<f64> for Range {
    type Output = Range;
    fn mul(self, factor: f64) -> Range {
        Range::new(self.low * factor, self.high * factor)
    }
}

/// Dollars as a whole number of cents, rounded half away from zero: the one
/// rounding rule behind every figure shown, compared or written out.
pub fn whole_cents(dollars: f64) -> f64 {
    (dollars * 100.0).round()
}

/// Dollars rounded to the cent (see `whole_cents`).
pub fn round_to_cent(dollars: f64) -> f64 {
    whole_cents(dollars) / 100.0
}

/// Which part of every range the views and reports show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Estimate {
    /// Optimistic ends only.
    Low,
    /// Midpoints.
    Mid,
    /// Pessimistic ends only.
    High,
    /// Both ends, low – high.
    #[default]
    Range,
}

impl Estimate {
    /// Every estimate in the order a key press cycles through them.
    pub const ALL: [Estimate; 4] = [
        Estimate::Range,
        Estimate::Low,
        Estimate::Mid,
        Estimate::High,
    ];

    /// The word used in the plan file and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Estimate::Low => "low",
            Estimate::Mid => "mid",
            Estimate::High => "high",
            Estimate::Range => "range",
        }
    }

    /// The next estimate in `ALL`, wrapping around.
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|e| *e == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_add_ends_and_scaling_multiplies_them() {
        let total: Range = [Range::new(50.0, 200.0), Range::new(500.0, 3000.0)]
            .into_iter()
            .sum();
        assert_eq!(total, Range::new(550.0, 3200.0));
        assert_eq!(Range::new(1000.0, 2000.0) * 3.0, Range::new(3000.0, 6000.0));
    }

    #[test]
    fn estimates_collapse_to_one_end() {
        let r = Range::new(400.0, 800.0);
        assert_eq!(r.pick(Estimate::Mid), Range::point(600.0));
        assert_eq!(r.pick(Estimate::High), Range::point(800.0));
        assert_eq!(r.pick(Estimate::Range), r);
        assert_eq!(Estimate::High.next(), Estimate::Range);
    }
}
