//! Telling a usage log's format from its contents, so that `--format` is
//! needed only to override.

use super::Format;
use super::error::UsageError;
use serde_json::Value;

/// The format of a whole file's text.
pub(crate) fn detect(file: &str, text: &str) -> Result<Format, UsageError> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.is_empty() {
        return Err(UsageError::Empty {
            file: file.to_string(),
        });
    }
    if !t.starts_with(['{', '[']) {
        return Ok(of_header(t.lines().next().unwrap_or("")));
    }
    match serde_json::Deserializer::from_str(t)
        .into_iter::<Value>()
        .next()
    {
        Some(Ok(v)) => of_json(file, &v),
        Some(Err(e)) => Err(UsageError::NotRecognised {
            file: file.to_string(),
            detail: format!("is not JSON: {e}"),
        }),
        None => Err(UsageError::Empty {
            file: file.to_string(),
        }),
    }
}

/// A CSV header: LiteLLM's spend logs have `startTime` and `spend`; any
/// other header is read as a request trace.
pub(crate) fn of_header(line: &str) -> Format {
    let has = |name: &str| {
        line.split(',')
            .any(|h| h.trim().trim_matches('"').eq_ignore_ascii_case(name))
    };
    if has("startTime") && has("spend") {
        Format::LitellmSpend
    } else {
        Format::Trace
    }
}

/// A JSON document, or its first value: a usage page, or a request row (or
/// an array of them).
pub(crate) fn of_json(file: &str, v: &Value) -> Result<Format, UsageError> {
    let first = match v {
        Value::Array(items) => items.first().ok_or_else(|| UsageError::NotRecognised {
            file: file.to_string(),
            detail: "is an empty JSON array".into(),
        })?,
        other => other,
    };
    if let Some(data) = first.get("data").and_then(Value::as_array) {
        return of_page(file, first, data);
    }
    let has = |k: &str| first.get(k).is_some();
    if has("startTime") && (has("spend") || has("request_id") || has("call_type")) {
        return Ok(Format::LitellmSpend);
    }
    Ok(Format::Trace)
}

fn of_page(file: &str, page: &Value, data: &[Value]) -> Result<Format, UsageError> {
    let bucket = data.first();
    let has = |k: &str| bucket.is_some_and(|b| b.get(k).is_some());
    if has("start_time") || page.get("object").and_then(Value::as_str) == Some("page") {
        Ok(Format::OpenAi)
    } else if has("starting_at") {
        Ok(Format::Anthropic)
    } else {
        Err(UsageError::NotRecognised {
            file: file.to_string(),
            detail: "has a `data` list but no usage buckets (OpenAI's have start_time, Anthropic's starting_at)".into(),
        })
    }
}
