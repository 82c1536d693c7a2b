//! Usage reports the providers add up per time bucket: OpenAI's
//! `/v1/organization/usage/completions` and Anthropic's
//! `/v1/organizations/usage_report/messages`. Both page their answer
//! (`has_more`, `next_page`); a file may hold one page, an array of pages or
//! pages one after another (JSON Lines).
//!
//! The two count input differently, which is the trap here: OpenAI's
//! `input_tokens` include the cached ones (`input_cached_tokens` is a part of
//! them), Anthropic's `uncached_input_tokens` exclude both cache reads and
//! cache writes. Both are turned into "all input, and the cached part of it".

use super::error::UsageError;
use super::reading::Reading;
use super::rows::{Cell, count, optional_count};
use super::skips::SkipReason;
use super::tally::Counts;
use serde_json::Value;

/// Every page in the text, whichever way they were saved.
fn pages(file: &str, text: &str) -> Result<Vec<Value>, UsageError> {
    let mut out = Vec::new();
    for (n, v) in serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .enumerate()
    {
        let v = v.map_err(|e| UsageError::NotRecognised {
            file: file.to_string(),
            detail: format!("page {} is not JSON: {e}", n + 1),
        })?;
        match v {
            Value::Array(items) => out.extend(items),
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The buckets of each page, with the page's number for messages.
fn buckets<'a>(file: &str, pages: &'a [Value]) -> Result<Vec<&'a Value>, UsageError> {
    let mut out = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let data = page.get("data").and_then(Value::as_array).ok_or_else(|| {
            UsageError::NotRecognised {
                file: file.to_string(),
                detail: format!("page {} has no `data` list of time buckets", n + 1),
            }
        })?;
        out.extend(data);
    }
    Ok(out)
}

fn field<'a>(v: &'a Value, name: &str) -> Cell<'a> {
    Cell::of_json(v.get(name))
}

fn model_of(result: &Value) -> &str {
    result.get("model").and_then(Value::as_str).unwrap_or("")
}

/// Reads each bucket's span and hands its results to `one`, counting the
/// results of a bucket with no readable span as skipped.
fn each_result(
    reading: &mut Reading,
    text: &str,
    keys: (&str, &str),
    one: impl Fn(&Value) -> Result<Counts, SkipReason>,
) -> Result<(), UsageError> {
    reading.skips.unit = "result";
    let pages = pages(&reading.file, text)?;
    let mut n = 0u64;
    for bucket in buckets(&reading.file, &pages)? {
        let start = time_of(reading, field(bucket, keys.0));
        let end = time_of(reading, field(bucket, keys.1));
        let results = bucket
            .get("results")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let span = start.zip(end).filter(|(s, e)| e > s);
        if let Some((s, e)) = span {
            reading.cover(s, e);
        }
        for result in results {
            n += 1;
            let Some((s, e)) = span else {
                reading.skips.add(SkipReason::BadTime, n);
                continue;
            };
            match one(result) {
                Ok(c) if c.cached > c.input => reading.skips.add(SkipReason::CachedOverInput, n),
                Ok(c) => reading.bucket(s, e, model_of(result), &c, true),
                Err(reason) => reading.skips.add(reason, n),
            }
        }
    }
    Ok(())
}

fn time_of(reading: &mut Reading, cell: Cell) -> Option<i64> {
    match cell {
        Cell::Number(x) => reading.clock.read_number(x),
        Cell::Text(t) => reading.clock.read_text(t),
        _ => None,
    }
}

/// OpenAI: `input_tokens` already include `input_cached_tokens`.
pub(crate) fn read_openai(reading: &mut Reading, text: &str) -> Result<(), UsageError> {
    each_result(reading, text, ("start_time", "end_time"), |r| {
        Ok(Counts {
            input: count(field(r, "input_tokens"))?,
            output: count(field(r, "output_tokens"))?,
            cached: optional_count(field(r, "input_cached_tokens"))?.unwrap_or(0),
            requests: count(field(r, "num_model_requests"))?,
        })
    })
}

/// Anthropic: all input = uncached + cache reads + cache writes (1 h and
/// 5 min). The report counts no requests.
pub(crate) fn read_anthropic(reading: &mut Reading, text: &str) -> Result<(), UsageError> {
    each_result(reading, text, ("starting_at", "ending_at"), |r| {
        let uncached = count(field(r, "uncached_input_tokens"))?;
        let read = optional_count(field(r, "cache_read_input_tokens"))?.unwrap_or(0);
        let written = cache_writes(r)?;
        Ok(Counts {
            input: uncached + read + written,
            output: count(field(r, "output_tokens"))?,
            cached: read,
            requests: 0,
        })
    })
}

/// Tokens written to the cache: the `cache_creation` object, or the flat
/// `cache_creation_input_tokens` the Messages API itself uses.
fn cache_writes(r: &Value) -> Result<u64, SkipReason> {
    if let Some(c) = r.get("cache_creation").filter(|c| c.is_object()) {
        let h1 = optional_count(field(c, "ephemeral_1h_input_tokens"))?.unwrap_or(0);
        let m5 = optional_count(field(c, "ephemeral_5m_input_tokens"))?.unwrap_or(0);
        return Ok(h1 + m5);
    }
    Ok(optional_count(field(r, "cache_creation_input_tokens"))?.unwrap_or(0))
}
