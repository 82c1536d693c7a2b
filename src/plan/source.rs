//! Where a figure of the plan comes from, and how old it is.
//!
//! One vocabulary for every price, tier cost, capacity and tier choice:
//! `published` (stated by a source), `assumption` (chosen by the plan's
//! author), `guessed: <why>` (chosen by inferplan, e.g. a tier from "70B" in
//! a model's name), `imported: <catalog> <version>` and `measured: <file>`.

use crate::base::date::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Where a figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub enum Source {
    /// Stated by the source the plan cites.
    #[default]
    Published,
    /// Not given by any source; chosen by whoever wrote the plan.
    Assumption,
    /// Chosen by inferplan on an import, for the reason given.
    Guessed(String),
    /// Read from a price catalog or offer table (which, and its version).
    Imported(String),
    /// Read from a benchmark run (which file).
    Measured(String),
}

impl Source {
    /// The kinds a user picks from in the planner.
    pub const KINDS: [&'static str; 5] =
        ["published", "assumption", "guessed", "imported", "measured"];

    /// The kind's word: `published`, `assumption`, `guessed`, `imported`, `measured`.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Published => "published",
            Source::Assumption => "assumption",
            Source::Guessed(_) => "guessed",
            Source::Imported(_) => "imported",
            Source::Measured(_) => "measured",
        }
    }

    /// What follows the kind: the reason, catalog or file; empty for the
    /// first two kinds.
    pub fn detail(&self) -> &str {
        match self {
            Source::Published | Source::Assumption => "",
            Source::Guessed(d) | Source::Imported(d) | Source::Measured(d) => d,
        }
    }

    /// True when no source stands behind the figure: an assumption or a guess.
    pub fn is_assumed(&self) -> bool {
        matches!(self, Source::Assumption | Source::Guessed(_))
    }

    /// Reads `kind` or `kind: detail`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (kind, detail) = match text.split_once(':') {
            Some((k, d)) => (k.trim(), d.trim()),
            None => (text.trim(), ""),
        };
        let detail = detail.to_string();
        match kind.to_ascii_lowercase().as_str() {
            "published" if detail.is_empty() => Ok(Source::Published),
            "assumption" | "assumed" if detail.is_empty() => Ok(Source::Assumption),
            "guessed" => Ok(Source::Guessed(detail)),
            "imported" => Ok(Source::Imported(detail)),
            "measured" => Ok(Source::Measured(detail)),
            _ => Err(format!(
                "\"{}\" is not a source; expected published, assumption, \"guessed: why\", \"imported: catalog version\" or \"measured: file\"",
                text.trim()
            )),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.detail() {
            "" => f.write_str(self.kind()),
            d => write!(f, "{}: {d}", self.kind()),
        }
    }
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Source::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// How a figure's age is judged: older than `stale_after_days` on `today`
/// is stale. Figures without a date are never stale (nothing says how old).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// The day the plan is looked at.
    pub today: Date,
    /// The plan-wide age limit.
    pub stale_after_days: u32,
}

impl Freshness {
    /// True when a figure dated `as_of` is older than the limit.
    pub fn is_stale(&self, as_of: Option<Date>) -> bool {
        as_of.is_some_and(|d| self.today.days_since(d) > i64::from(self.stale_after_days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_read_back_as_written() {
        for s in [
            Source::Published,
            Source::Assumption,
            Source::Guessed("70B in the name".into()),
            Source::Imported("litellm 2026-11-20".into()),
            Source::Measured("bench-c32.json".into()),
        ] {
            assert_eq!(Source::parse(&s.to_string()).unwrap(), s);
        }
        assert_eq!(Source::parse(" Assumption ").unwrap(), Source::Assumption);
        assert!(Source::parse("rumour").is_err());
        assert!(Source::parse("published: blog").is_err());
    }

    #[test]
    fn stale_only_past_the_limit() {
        let f = Freshness {
            today: Date::parse("2026-11-27").unwrap(),
            stale_after_days: 180,
        };
        assert!(!f.is_stale(None));
        assert!(!f.is_stale(Date::parse("2026-05-31").ok()));
        assert!(f.is_stale(Date::parse("2026-05-30").ok()));
    }
}
