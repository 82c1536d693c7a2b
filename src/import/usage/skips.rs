//! Rows the import left out, counted by reason, so a user can see whether a
//! fit rests on most of the file or on what was left of it.

use std::fmt;

/// Why one row (a request, or one result of a usage bucket) was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    /// No time, or one in no shape the import reads.
    BadTime,
    /// An input or output count is empty or absent.
    MissingCount,
    /// A token count below zero.
    NegativeCount,
    /// A count that is not a number.
    BadNumber,
    /// More cached input than input: the file's columns mean something else.
    CachedOverInput,
    /// A row the CSV reader could not split into fields.
    BadRow,
    /// LiteLLM answered from its own response cache: no model did the work.
    ProxyCacheHit,
}

impl SkipReason {
    fn said(self) -> &'static str {
        match self {
            Self::BadTime => "no readable time",
            Self::MissingCount => "a missing token count",
            Self::NegativeCount => "a negative token count",
            Self::BadNumber => "a token count that is not a number",
            Self::CachedOverInput => "more cached tokens than input tokens",
            Self::BadRow => "a malformed row",
            Self::ProxyCacheHit => "an answer from LiteLLM's response cache (no model work)",
        }
    }
}

/// How many rows of each reason, with the first few row numbers of each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skips {
    /// What a row number counts ("line", "entry", "result").
    pub unit: &'static str,
    /// Per reason: how many rows, and the first [`Skips::KEPT`] row numbers.
    pub by_reason: Vec<(SkipReason, u64, Vec<u64>)>,
}

impl Skips {
    /// Row numbers kept per reason: enough to find the pattern in an editor.
    pub const KEPT: usize = 3;

    pub(crate) fn new(unit: &'static str) -> Self {
        Self {
            unit,
            by_reason: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, reason: SkipReason, row: u64) {
        match self.by_reason.iter_mut().find(|(r, ..)| *r == reason) {
            Some((_, n, rows)) => {
                *n += 1;
                if rows.len() < Self::KEPT {
                    rows.push(row);
                }
            }
            None => {
                self.by_reason.push((reason, 1, vec![row]));
                self.by_reason.sort_by_key(|(r, ..)| *r);
            }
        }
    }

    /// Rows left out in all.
    pub fn total(&self) -> u64 {
        self.by_reason.iter().map(|(_, n, _)| n).sum()
    }

    /// How many were left out for one reason.
    pub fn count(&self, reason: SkipReason) -> u64 {
        self.by_reason
            .iter()
            .find(|(r, ..)| *r == reason)
            .map_or(0, |(_, n, _)| *n)
    }
}

impl fmt::Display for Skips {
    /// `3 skipped: 2 with no readable time (lines 2, 5), 1 with a negative
    /// token count (line 4)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} skipped", self.total())?;
        for (i, (reason, n, rows)) in self.by_reason.iter().enumerate() {
            let list: Vec<String> = rows.iter().map(u64::to_string).collect();
            let more = if *n as usize > rows.len() {
                ", …"
            } else {
                ""
            };
            let unit = if rows.len() > 1 {
                format!("{}s", self.unit)
            } else {
                self.unit.to_string()
            };
            let sep = if i == 0 { ": " } else { "; " };
            write!(
                f,
                "{sep}{n} with {} ({unit} {}{more})",
                reason.said(),
                list.join(", ")
            )?;
        }
        Ok(())
    }
}
