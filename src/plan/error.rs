//! Errors of reading and writing plan files: what went wrong and where.

use std::fmt;
use std::ops::Range as Span;

/// A line and column in a plan file, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Location {
    /// The location of a byte offset in `source`.
    pub fn of_offset(source: &str, offset: usize) -> Self {
        let offset = offset.min(source.len());
        let before = source.get(..offset).unwrap_or(source);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Self {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// Why a plan could not be read, checked or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// The file as the user named it, or `<built-in plan>`.
    pub file: String,
    /// Where in the file, when the problem is in its text.
    pub location: Option<Location>,
    /// The field, e.g. `models[2].tier`, when one is to blame.
    pub field: Option<String>,
    /// What is wrong and what is accepted.
    pub message: String,
}

impl PlanError {
    /// An error about the file as a whole (cannot read, cannot write).
    pub fn whole_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            location: None,
            field: None,
            message: message.into(),
        }
    }

    /// An error at a span of the file's text; the field is read off the text
    /// when not given.
    pub fn at(
        file: &str,
        source: &str,
        span: Option<Span<usize>>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        let location = span.as_ref().map(|s| Location::of_offset(source, s.start));
        let field = field.or_else(|| span.and_then(|s| field_at(source, s.start)));
        Self {
            file: file.to_string(),
            location,
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(loc) = self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PlanError {}

impl From<crate::base::atomic::WriteError> for PlanError {
    fn from(e: crate::base::atomic::WriteError) -> Self {
        PlanError::whole_file(e.file, e.message)
    }
}

/// The dotted path of the key whose line holds `offset`, e.g. `models[2].tier`,
/// found from the nearest table header above it. Used for the parser's own
/// errors, which carry a span but no field name.
pub(crate) fn field_at(source: &str, offset: usize) -> Option<String> {
    let offset = offset.min(source.len());
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line = source[line_start..line_end].trim();
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty() && !k.starts_with('['));

    // The table this line belongs to, and which element of an array of tables.
    let mut table: Option<(String, bool)> = None;
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for l in source[..line_end].lines() {
        let l = l.trim();
        if let Some(name) = l.strip_prefix("[[").and_then(|r| r.split_once("]]")) {
            let name = name.0.trim().to_string();
            *counts.entry(name.clone()).or_default() += 1;
            table = Some((name, true));
        } else if let Some(name) = l.strip_prefix('[').and_then(|r| r.split_once(']')) {
            table = Some((name.0.trim().to_string(), false));
        }
    }
    let table = table.map(|(name, is_array)| {
        if is_array {
            format!("{name}[{}]", counts[&name] - 1)
        } else {
            name
        }
    });
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (Some(t), None) => Some(t),
        (None, Some(k)) => Some(k),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters_from_one() {
        let src = "a = 1\nbé = 2\n";
        assert_eq!(Location::of_offset(src, 0), Location { line: 1, column: 1 });
        let off = src.find("= 2").unwrap();
        assert_eq!(
            Location::of_offset(src, off),
            Location { line: 2, column: 4 }
        );
    }

    #[test]
    fn fields_are_read_off_the_nearest_table() {
        let src = "schema = 1\n[[models]]\nname = \"a\"\n[[models]]\nname = \"b\"\ntier = 3\n";
        let off = src.find("tier").unwrap();
        assert_eq!(field_at(src, off).as_deref(), Some("models[1].tier"));
        assert_eq!(field_at(src, 0).as_deref(), Some("schema"));
    }
}
