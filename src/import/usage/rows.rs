//! Request traces, one row a request: CSV (Azure's LLM inference traces,
//! LiteLLM's spend-log export, any `timestamp,input_tokens,output_tokens`),
//! JSON Lines (Mooncake) or a JSON array of rows (LiteLLM's JSON export).
//! Read in one pass: memory grows with the minutes the trace spans, never
//! with its rows.

use super::columns::{ColumnMap, Columns, resolve};
use super::error::UsageError;
use super::reading::Reading;
use super::skips::SkipReason;
use super::tally::Counts;
use serde_json::Value;
use std::io::{BufRead, Read};

/// One field of a row, whatever the file's syntax.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Json(&'a Value),
    Missing,
}

impl<'a> Cell<'a> {
    pub(crate) fn of_json(v: Option<&'a Value>) -> Self {
        match v {
            None | Some(Value::Null) => Cell::Missing,
            Some(Value::String(s)) => Cell::Text(s),
            Some(Value::Number(n)) => n.as_f64().map_or(Cell::Missing, Cell::Number),
            Some(Value::Bool(b)) => Cell::Text(if *b { "true" } else { "false" }),
            Some(other) => Cell::Json(other),
        }
    }

    fn of_csv(record: &'a csv::StringRecord, i: usize) -> Self {
        match record.get(i) {
            Some(s) if !s.trim().is_empty() => Cell::Text(s),
            _ => Cell::Missing,
        }
    }
}

/// A token count: a whole number of zero or more.
pub(crate) fn count(cell: Cell) -> Result<u64, SkipReason> {
    let x = match cell {
        Cell::Missing => return Err(SkipReason::MissingCount),
        Cell::Json(_) => return Err(SkipReason::BadNumber),
        Cell::Number(x) => x,
        Cell::Text(t) => {
            let t = t.trim();
            if let Ok(n) = t.parse::<u64>() {
                return Ok(n);
            }
            t.parse::<f64>().map_err(|_| SkipReason::BadNumber)?
        }
    };
    if !x.is_finite() {
        Err(SkipReason::BadNumber)
    } else if x < 0.0 {
        Err(SkipReason::NegativeCount)
    } else {
        Ok(x.round() as u64)
    }
}

/// A count that may be absent (absent is not an error, a bad one is).
pub(crate) fn optional_count(cell: Cell) -> Result<Option<u64>, SkipReason> {
    match cell {
        Cell::Missing => Ok(None),
        c => count(c).map(Some),
    }
}

fn time(cell: Cell, reading: &mut Reading) -> Result<i64, SkipReason> {
    let t = match cell {
        Cell::Text(t) => reading.clock.read_text(t),
        Cell::Number(x) => reading.clock.read_number(x),
        Cell::Json(_) | Cell::Missing => None,
    };
    t.ok_or(SkipReason::BadTime)
}

/// Cached prompt tokens LiteLLM keeps in `metadata.usage_object`: OpenAI's
/// `prompt_tokens_details.cached_tokens` or Anthropic's
/// `cache_read_input_tokens`.
fn cached_in_metadata(cell: Cell) -> Option<u64> {
    let parsed;
    let v = match cell {
        Cell::Json(v) => v,
        // Parse only what can hold the number: metadata can be kilobytes.
        Cell::Text(t) if t.contains("cached_tokens") || t.contains("cache_read_input_tokens") => {
            parsed = serde_json::from_str::<Value>(t).ok()?;
            &parsed
        }
        _ => return None,
    };
    let usage = v.get("usage_object")?;
    let n = usage
        .pointer("/prompt_tokens_details/cached_tokens")
        .and_then(Value::as_u64);
    n.or_else(|| usage.get("cache_read_input_tokens").and_then(Value::as_u64))
}

fn is_true(cell: Cell) -> bool {
    matches!(cell, Cell::Text(t) if t.trim().eq_ignore_ascii_case("true"))
}

/// Adds one row to the reading, or counts why it was left out.
fn take_row<'a>(reading: &mut Reading, cols: &Columns, row: u64, get: impl Fn(usize) -> Cell<'a>) {
    let opt = |i: Option<usize>| i.map_or(Cell::Missing, &get);
    if is_true(opt(cols.cache_hit)) {
        reading.skips.add(SkipReason::ProxyCacheHit, row);
        return;
    }
    match row_counts(reading, cols, &get) {
        Ok((t, counts, cache_known)) => {
            let model = match opt(cols.model) {
                Cell::Text(m) => m.trim(),
                _ => "",
            };
            let spend = match opt(cols.spend) {
                Cell::Text(s) => s.trim().parse::<f64>().ok(),
                Cell::Number(x) => Some(x),
                _ => None,
            };
            let spend = spend.filter(|s| s.is_finite() && *s >= 0.0);
            reading.request(t, model, &counts, cache_known, spend);
        }
        Err(reason) => reading.skips.add(reason, row),
    }
}

fn row_counts<'a>(
    reading: &mut Reading,
    cols: &Columns,
    get: &impl Fn(usize) -> Cell<'a>,
) -> Result<(i64, Counts, bool), SkipReason> {
    let t = time(get(cols.time), reading)?;
    let input = count(get(cols.input))?;
    let output = count(get(cols.output))?;
    let cached = match cols.cached {
        Some(i) => optional_count(get(i))?,
        None => cols.metadata.and_then(|i| cached_in_metadata(get(i))),
    };
    if cached.is_some_and(|c| c > input) {
        return Err(SkipReason::CachedOverInput);
    }
    let counts = Counts {
        input,
        output,
        cached: cached.unwrap_or(0),
        requests: 1,
    };
    Ok((t, counts, cached.is_some() || cols.cached.is_some()))
}

fn io_error(file: &str, e: impl std::fmt::Display) -> UsageError {
    UsageError::Io {
        file: file.to_string(),
        detail: e.to_string(),
    }
}

/// Reads a trace from any buffered reader: JSON Lines if its first line is
/// an object, CSV with a header otherwise.
pub(crate) fn read_stream(
    reading: &mut Reading,
    mut input: impl BufRead,
    map: Option<&ColumnMap>,
) -> Result<(), UsageError> {
    let mut first = String::new();
    let mut line = 0u64;
    while first.trim().is_empty() {
        first.clear();
        line += 1;
        if input
            .read_line(&mut first)
            .map_err(|e| io_error(&reading.file, e))?
            == 0
        {
            return Err(UsageError::Empty {
                file: reading.file.clone(),
            });
        }
    }
    let first = first.trim_start_matches('\u{feff}').to_string();
    if first.trim_start().starts_with('{') {
        reading.skips.unit = "line";
        return read_json_lines(reading, first, line, input, map);
    }
    read_csv(
        reading,
        std::io::Cursor::new(first).chain(input),
        line - 1,
        map,
    )
}

fn read_csv(
    reading: &mut Reading,
    input: impl Read,
    lines_before: u64,
    map: Option<&ColumnMap>,
) -> Result<(), UsageError> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = csv
        .headers()
        .map_err(|e| io_error(&reading.file, e))?
        .clone();
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    let cols = resolve(&reading.file, &names, map)?;
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let row = record.position().map_or(0, |p| p.line()) + lines_before;
                take_row(reading, &cols, row, |i| Cell::of_csv(&record, i));
            }
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                return Err(io_error(&reading.file, e));
            }
            Err(e) => {
                let row = e.position().map_or(0, |p| p.line()) + lines_before;
                reading.skips.add(super::skips::SkipReason::BadRow, row);
            }
        }
    }
}

/// The field names of a JSON row, as a header for [`resolve`].
fn header_of(file: &str, first: &Value, what: &str) -> Result<Vec<String>, UsageError> {
    let obj = first.as_object().ok_or_else(|| UsageError::NotRecognised {
        file: file.to_string(),
        detail: format!("{what} is not a JSON object of request fields"),
    })?;
    Ok(obj.keys().cloned().collect())
}

fn read_json_lines(
    reading: &mut Reading,
    first: String,
    first_line: u64,
    input: impl BufRead,
    map: Option<&ColumnMap>,
) -> Result<(), UsageError> {
    let parse = |text: &str, file: &str| {
        serde_json::from_str::<Value>(text).map_err(|e| UsageError::NotRecognised {
            file: file.to_string(),
            detail: format!("line {first_line} is not JSON: {e}"),
        })
    };
    let head = parse(&first, &reading.file)?;
    let names = header_of(&reading.file, &head, "the first line")?;
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let cols = resolve(&reading.file, &refs, map)?;
    json_row(reading, &cols, &names, &head, first_line);
    for (n, text) in input.lines().enumerate() {
        let row = first_line + 1 + n as u64;
        let text = text.map_err(|e| io_error(&reading.file, e))?;
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => json_row(reading, &cols, &names, &v, row),
            Err(_) => reading.skips.add(SkipReason::BadRow, row),
        }
    }
    Ok(())
}

fn json_row(reading: &mut Reading, cols: &Columns, names: &[String], v: &Value, row: u64) {
    match v.as_object() {
        Some(obj) => take_row(reading, cols, row, |i| Cell::of_json(obj.get(&names[i]))),
        None => reading.skips.add(SkipReason::BadRow, row),
    }
}

/// A JSON array of request rows (LiteLLM's JSON export of its spend logs).
pub(crate) fn read_json_array(
    reading: &mut Reading,
    rows: &[Value],
    map: Option<&ColumnMap>,
) -> Result<(), UsageError> {
    reading.skips.unit = "entry";
    let Some(head) = rows.first() else {
        return Err(UsageError::NotRecognised {
            file: reading.file.clone(),
            detail: "is an empty JSON array".into(),
        });
    };
    let names = header_of(&reading.file, head, "the first entry")?;
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let cols = resolve(&reading.file, &refs, map)?;
    for (n, v) in rows.iter().enumerate() {
        json_row(reading, &cols, &names, v, n as u64 + 1);
    }
    Ok(())
}
