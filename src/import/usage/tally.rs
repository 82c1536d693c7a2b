//! What the reading keeps of a log, in memory bounded by the time it spans
//! and not by its number of rows: token counts per time bucket (a minute for
//! request traces, the provider's bucket for usage reports) and a histogram of
//! request sizes for the quantiles.

use std::collections::HashMap;

/// Tokens and requests added up over some set of rows.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Input tokens, cached ones included.
    pub input: u64,
    /// Output tokens.
    pub output: u64,
    /// Input tokens read from a prompt cache (part of `input`).
    pub cached: u64,
    /// Requests (zero where the format does not count them).
    pub requests: u64,
}

impl Counts {
    pub(crate) fn add(&mut self, other: &Counts) {
        self.input += other.input;
        self.output += other.output;
        self.cached += other.cached;
        self.requests += other.requests;
    }

    /// Input and output together: what a server has to process.
    pub fn tokens(&self) -> u64 {
        self.input + self.output
    }
}

/// A log-bucket histogram (DDSketch-like): every value lands in a bin whose
/// bounds differ by 2 %, so any quantile is known to within 1 % at a fixed
/// size, in one pass, with no sorting and no stored rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Sketch {
    zeros: u64,
    bins: Vec<u64>,
    count: u64,
}

const GAMMA: f64 = 1.02;
/// Enough bins for 10¹⁷ tokens; larger values share the last.
const MAX_BINS: usize = 2_000;

impl Sketch {
    pub fn add(&mut self, value: u64) {
        self.count += 1;
        if value == 0 {
            self.zeros += 1;
            return;
        }
        let i = (((value as f64).ln() / GAMMA.ln()).ceil() as usize).min(MAX_BINS - 1);
        if self.bins.len() <= i {
            self.bins.resize(i + 1, 0);
        }
        self.bins[i] += 1;
    }

    pub fn merge(&mut self, other: &Sketch) {
        self.zeros += other.zeros;
        self.count += other.count;
        if self.bins.len() < other.bins.len() {
            self.bins.resize(other.bins.len(), 0);
        }
        for (a, b) in self.bins.iter_mut().zip(&other.bins) {
            *a += b;
        }
    }

    /// The `q` quantile (0..=1), or `None` with no values.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let rank = ((q * self.count as f64).ceil() as u64).clamp(1, self.count);
        let mut seen = self.zeros;
        if seen >= rank {
            return Some(0.0);
        }
        for (i, n) in self.bins.iter().enumerate() {
            seen += n;
            if seen >= rank {
                // The bin (γ^(i-1), γ^i] answers with the value that halves
                // its relative error.
                return Some(2.0 * GAMMA.powi(i as i32) / (GAMMA + 1.0));
            }
        }
        None
    }
}

/// One model's traffic in a file (or all of it, merged for a fit).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Tally {
    /// The model's name as the file first wrote it ("" when not named).
    pub name: String,
    /// Counts per bucket, keyed by the bucket's start in Unix seconds.
    pub buckets: HashMap<i64, Counts>,
    pub totals: Counts,
    pub input_sizes: Sketch,
    pub output_sizes: Sketch,
    /// Spend the file records (LiteLLM), in its currency (USD).
    pub spend: Option<f64>,
    /// Whether any row said how much of its input was cached.
    pub cache_known: bool,
}

impl Tally {
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_string(),
            ..Self::default()
        }
    }

    /// One request at `start_s` (the minute it falls in).
    pub fn add_request(&mut self, start_s: i64, counts: &Counts, spend: Option<f64>) {
        self.add_bucket(start_s, counts, spend);
        self.input_sizes.add(counts.input);
        self.output_sizes.add(counts.output);
    }

    /// Counts already added up by the provider for the bucket at `start_s`.
    pub fn add_bucket(&mut self, start_s: i64, counts: &Counts, spend: Option<f64>) {
        self.buckets.entry(start_s).or_default().add(counts);
        self.totals.add(counts);
        if let Some(s) = spend {
            *self.spend.get_or_insert(0.0) += s;
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        for (start, counts) in &other.buckets {
            self.buckets.entry(*start).or_default().add(counts);
        }
        self.totals.add(&other.totals);
        self.input_sizes.merge(&other.input_sizes);
        self.output_sizes.merge(&other.output_sizes);
        if let Some(s) = other.spend {
            *self.spend.get_or_insert(0.0) += s;
        }
        self.cache_known |= other.cache_known;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_within_one_percent() {
        let mut s = Sketch::default();
        for v in 1..=10_000u64 {
            s.add(v);
        }
        for (q, truth) in [(0.5, 5_000.0), (0.9, 9_000.0), (0.99, 9_900.0)] {
            let got = s.quantile(q).unwrap();
            assert!((got / truth - 1.0).abs() < 0.01, "q{q}: {got}");
        }
        assert_eq!(Sketch::default().quantile(0.5), None);
    }
}
