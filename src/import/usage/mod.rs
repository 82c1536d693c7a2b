//! Measured traffic: LLM usage logs read into a fitted traffic scenario
//! (tokens a day, output and cached shares, request sizes, peaks, the daily
//! profile and growth), with the span and rows each figure rests on.
//!
//! Pure: the caller reads the file (or hands over a reader for big traces)
//! and decides what to do with the fit.
//!
//! Formats: request traces (CSV or JSON Lines: Azure's LLM inference traces,
//! Mooncake, any `timestamp,input_tokens,output_tokens`), OpenAI's and
//! Anthropic's organisation usage reports, and LiteLLM's spend logs.

mod clock;
mod columns;
mod detect;
mod error;
mod fit;
mod pages;
mod reading;
mod rows;
mod scenario;
mod skips;
mod tally;

pub use columns::ColumnMap;
pub use error::UsageError;
pub use fit::{
    FitOptions, Fitted, Growth, Peak, PerRequest, Sizes, Span, TwoLevelDay, Window, fit,
};
pub use scenario::{Applied, apply, describe};
pub use skips::{SkipReason, Skips};
pub use tally::Counts;

use reading::Reading;
use std::io::BufRead;

/// True when a text's first kilobytes look like a usage log (for the
/// import that tells a file's kind from its contents): a request trace's
/// header, a provider's usage page, LiteLLM's spend log.
pub fn sniff(head: &str) -> bool {
    let has = |s: &str| head.contains(s);
    if head.trim_start().starts_with(['{', '[']) {
        return has("organization.usage.completions")
            || has("\"uncached_input_tokens\"")
            || (has("\"startTime\"") && has("\"spend\""))
            || (has("\"timestamp\"") && has("\"input_length\""));
    }
    let header = head.lines().next().unwrap_or("").to_ascii_lowercase();
    let any = |names: &[&str]| names.iter().any(|n| header.contains(n));
    any(&["timestamp", "time", "created_at", "starttime"])
        && any(&[
            "input_tokens",
            "prompt_tokens",
            "contexttokens",
            "input_length",
        ])
}

/// The usage-log formats the import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Tell the format from the contents.
    #[default]
    Auto,
    /// One row a request (CSV, JSON Lines or a JSON array).
    Trace,
    /// OpenAI's `/v1/organization/usage/completions` pages.
    OpenAi,
    /// Anthropic's `/v1/organizations/usage_report/messages` pages.
    Anthropic,
    /// LiteLLM's `LiteLLM_SpendLogs` table, exported as CSV or a JSON array.
    LitellmSpend,
}

impl Format {
    /// The `--format` names, one per variant.
    pub const NAMES: [(&'static str, Format); 5] = [
        ("auto", Format::Auto),
        ("trace", Format::Trace),
        ("openai", Format::OpenAi),
        ("anthropic", Format::Anthropic),
        ("litellm-spend", Format::LitellmSpend),
    ];

    /// Reads a `--format` value.
    pub fn parse(name: &str) -> Result<Format, String> {
        Self::NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::NAMES.iter().map(|(n, _)| *n).collect();
                format!(
                    "unknown usage format `{name}` (one of {})",
                    names.join(", ")
                )
            })
    }

    /// What the format is, in a sentence's words.
    pub fn label(self) -> &'static str {
        match self {
            Format::Auto => "detected from the contents",
            Format::Trace => "a request trace",
            Format::OpenAi => "OpenAI usage report",
            Format::Anthropic => "Anthropic usage report",
            Format::LitellmSpend => "LiteLLM spend logs",
        }
    }

    /// Whether each row is one request (so request sizes have quantiles).
    fn per_request(self) -> bool {
        matches!(self, Format::Trace | Format::LitellmSpend)
    }
}

/// How to read a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOptions {
    pub format: Format,
    /// The user's `--columns`, for request traces.
    pub columns: Option<ColumnMap>,
}

/// A usage log, read: per-model traffic in time buckets, ready to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    /// The file's name, as the user gave it.
    pub file: String,
    /// The format it was read as (never `Auto`).
    pub format: Format,
    /// Rows left out, by reason.
    pub skipped: Skips,
    /// What the reader assumed (e.g. times without a zone read as UTC).
    pub notes: Vec<String>,
    /// Rows used: requests for traces, results for usage reports.
    pub rows: u64,
    tallies: Vec<tally::Tally>,
    from_ms: i64,
    to_ms: i64,
    resolution_s: i64,
    per_request: bool,
    requests_counted: bool,
    relative: bool,
}

impl Usage {
    /// The models the file names, in order ("" stands for traffic with no
    /// model, as in a usage report not grouped by model).
    pub fn models(&self) -> Vec<&str> {
        self.tallies.iter().map(|t| t.name.as_str()).collect()
    }
}

/// Reads a usage log's whole text.
pub fn read(file: &str, text: &str, options: &ReadOptions) -> Result<Usage, UsageError> {
    if text.trim().is_empty() {
        return Err(UsageError::Empty {
            file: file.to_string(),
        });
    }
    let detected = detect::detect(file, text);
    let format = match options.format {
        Format::Auto => detected?,
        asked => refuse_the_other_report(file, asked, detected.ok())?,
    };
    let mut reading = Reading::new(file, "line");
    let columns = options.columns.as_ref();
    match format {
        Format::OpenAi => pages::read_openai(&mut reading, text)?,
        Format::Anthropic => pages::read_anthropic(&mut reading, text)?,
        _ if text.trim_start().starts_with('[') => {
            let rows: Vec<serde_json::Value> =
                serde_json::from_str(text).map_err(|e| UsageError::NotRecognised {
                    file: file.to_string(),
                    detail: format!("is not a JSON array of request rows: {e}"),
                })?;
            rows::read_json_array(&mut reading, &rows, columns)?;
        }
        _ => rows::read_stream(&mut reading, text.as_bytes(), columns)?,
    }
    reading.finish(format, format.per_request(), format != Format::Anthropic)
}

/// Reading an Anthropic report as OpenAI's (or the other way) would count
/// the cached input once too often or not at all, so a forced format that
/// the contents contradict is refused.
fn refuse_the_other_report(
    file: &str,
    asked: Format,
    detected: Option<Format>,
) -> Result<Format, UsageError> {
    let reports = [Format::OpenAi, Format::Anthropic];
    match detected {
        Some(d) if d != asked && reports.contains(&d) && reports.contains(&asked) => {
            Err(UsageError::NotRecognised {
                file: file.to_string(),
                detail: format!(
                    "was asked to be read as {} but looks like an {}",
                    asked.label(),
                    d.label()
                ),
            })
        }
        _ => Ok(asked),
    }
}

/// Reads a request trace from a stream in one pass, keeping per-minute
/// buckets and size histograms, never the rows: for traces too big to hold.
/// Usage reports and JSON arrays given here are read whole (they are small).
pub fn read_trace(
    file: &str,
    mut input: impl BufRead,
    options: &ReadOptions,
) -> Result<Usage, UsageError> {
    let io = |e: std::io::Error| UsageError::Io {
        file: file.to_string(),
        detail: e.to_string(),
    };
    let head = input.fill_buf().map_err(io)?;
    let head =
        String::from_utf8_lossy(head.split(|b| *b == b'\n').next().unwrap_or(&[])).into_owned();
    let head = head.trim_start_matches('\u{feff}').trim();
    let format = match options.format {
        Format::Auto if head.starts_with('{') => serde_json::from_str(head)
            .ok()
            .and_then(|v| detect::of_json(file, &v).ok())
            .unwrap_or(Format::OpenAi), // a pretty-printed document: read whole
        Format::Auto => detect::of_header(head),
        asked => asked,
    };
    if !format.per_request()
        || head.starts_with('[')
        || (head.starts_with('{') && !head.ends_with('}'))
    {
        let mut text = String::new();
        input.read_to_string(&mut text).map_err(io)?;
        return read(file, &text, options);
    }
    let mut reading = Reading::new(file, "line");
    rows::read_stream(&mut reading, input, options.columns.as_ref())?;
    reading.finish(format, true, true)
}
