//! The state of one file being read: its traffic per model, the span it
//! covers and the rows it left out. Every reader feeds one of these, so the
//! formats differ only in how they find the numbers.

use super::clock::Clock;
use super::error::UsageError;
use super::skips::Skips;
use super::tally::{Counts, Tally};
use super::{Format, Usage};
use std::collections::HashMap;

/// Per-request rows are kept in minute buckets: the finest peak window.
pub(crate) const MINUTE_S: i64 = 60;

pub(crate) struct Reading {
    pub file: String,
    /// Keyed by the model's name exactly as written, so that the common case
    /// (the name seen before) costs a look-up and no allocation.
    tallies: HashMap<String, Tally>,
    pub skips: Skips,
    pub clock: Clock,
    from_ms: Option<i64>,
    to_ms: Option<i64>,
    /// The widest bucket seen: what bounds the peak's resolution.
    resolution_s: i64,
    /// Rows used.
    rows: u64,
    pub notes: Vec<String>,
}

impl Reading {
    pub fn new(file: &str, unit: &'static str) -> Self {
        Self {
            file: file.to_string(),
            tallies: HashMap::new(),
            skips: Skips::new(unit),
            clock: Clock::default(),
            from_ms: None,
            to_ms: None,
            resolution_s: MINUTE_S,
            rows: 0,
            notes: Vec::new(),
        }
    }

    fn tally(&mut self, model: &str) -> &mut Tally {
        if !self.tallies.contains_key(model) {
            self.tallies.insert(model.to_string(), Tally::named(model));
        }
        self.tallies.get_mut(model).expect("inserted above")
    }

    /// Widens the span the file covers.
    pub fn cover(&mut self, from_ms: i64, to_ms: i64) {
        self.from_ms = Some(self.from_ms.map_or(from_ms, |f| f.min(from_ms)));
        self.to_ms = Some(self.to_ms.map_or(to_ms, |t| t.max(to_ms)));
    }

    /// One request, at `time_ms`.
    pub fn request(
        &mut self,
        time_ms: i64,
        model: &str,
        counts: &Counts,
        cache_known: bool,
        spend: Option<f64>,
    ) {
        self.cover(time_ms, time_ms);
        self.rows += 1;
        let minute = time_ms.div_euclid(MINUTE_S * 1000) * MINUTE_S;
        let tally = self.tally(model);
        tally.add_request(minute, counts, spend);
        tally.cache_known |= cache_known;
    }

    /// Counts a provider added up over `[start_ms, end_ms)`.
    pub fn bucket(
        &mut self,
        start_ms: i64,
        end_ms: i64,
        model: &str,
        counts: &Counts,
        cache_known: bool,
    ) {
        self.cover(start_ms, end_ms);
        self.rows += 1;
        self.resolution_s = self.resolution_s.max((end_ms - start_ms) / 1000);
        let tally = self.tally(model);
        tally.add_bucket(start_ms.div_euclid(1000), counts, None);
        tally.cache_known |= cache_known;
    }

    /// The reading as a [`Usage`], or why it holds nothing to fit.
    pub fn finish(
        self,
        format: Format,
        per_request: bool,
        requests_counted: bool,
    ) -> Result<Usage, UsageError> {
        let (Some(from_ms), Some(to_ms)) = (self.from_ms, self.to_ms) else {
            return Err(self.nothing());
        };
        if self.rows == 0 {
            return Err(self.nothing());
        }
        let mut notes = self.notes;
        if self.clock.zoneless {
            notes.push("times without a zone were read as UTC".into());
        }
        let mut tallies: Vec<Tally> = self.tallies.into_values().collect();
        tallies.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Usage {
            file: self.file,
            format,
            skipped: self.skips,
            notes,
            rows: self.rows,
            tallies,
            from_ms,
            to_ms,
            resolution_s: self.resolution_s,
            per_request,
            requests_counted,
            relative: self.clock.relative(),
        })
    }

    fn nothing(&self) -> UsageError {
        if self.skips.total() == 0 {
            UsageError::NotRecognised {
                file: self.file.clone(),
                detail: "holds no usage rows".into(),
            }
        } else {
            UsageError::NothingUsable {
                file: self.file.clone(),
                skipped: self.skips.clone(),
            }
        }
    }
}
