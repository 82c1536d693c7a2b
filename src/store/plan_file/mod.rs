//! The plan file: TOML in, TOML out, every problem pointed at its line.
//!
//! Reading goes through "raw" structs whose fields keep their spans (`raw`,
//! `spans`), so that a rule broken after parsing (a dangling tier, low >
//! high) is still reported at the line and column where the value was
//! written; big plans are read in parts (`parts`). Writing follows the keys
//! of `plan::keys` (`out`), and a save over an existing file keeps its
//! comments and layout (`preserve`). `schema` is the file's JSON Schema.

mod fields;
mod out;
mod parts;
mod preserve;
mod raw;
pub mod schema;
mod spans;
mod synthetic;

pub use synthetic::synthetic_plan;

use crate::engine::validate;
use crate::plan::{Plan, PlanError, SCHEMA};
use raw::{RawPlan, RawRows};
use serde::Deserialize;
use spans::Spans;
use std::path::Path;
use toml::Spanned;

/// The built-in plan, parsed. It is checked by the test suite, so this cannot fail
/// in a released binary.
pub fn default_plan() -> Plan {
    from_toml(crate::plan::DEFAULT_PLAN_TOML, "<built-in plan>")
        .expect("the built-in plan is valid")
}

/// Reads and checks a plan file, and the `config.json` files its models'
/// architectures name.
pub fn load(path: &Path) -> Result<Plan, PlanError> {
    let name = path.display().to_string();
    let text = crate::base::textfile::read(path)
        .map_err(|e| PlanError::whole_file(&name, format!("cannot read the plan: {e}")))?;
    with_configs(from_toml(&text, &name)?, path)
}

/// The plan with each `config.json` its models' `architecture` names read
/// (a relative path from the plan file's folder); a file that cannot be
/// read, or read as a model, is an error naming the model's field.
pub fn with_configs(mut plan: Plan, path: &Path) -> Result<Plan, PlanError> {
    let folder = path.parent().unwrap_or(Path::new(""));
    for (i, m) in plan.models.iter_mut().enumerate() {
        let Some(arch) = m
            .architecture
            .as_deref()
            .filter(|a| crate::plan::is_config_path(a))
        else {
            continue;
        };
        let file = folder.join(arch);
        let row = crate::base::textfile::read(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))
            .and_then(|text| {
                crate::engine::capacity::config_row(&text, &m.name)
                    .map_err(|e| format!("{}: {e}", file.display()))
            })
            .map_err(|message| PlanError {
                file: path.display().to_string(),
                location: None,
                field: Some(format!("models[{i}].architecture")),
                message,
            })?;
        m.architecture_config = Some(std::sync::Arc::new(row));
    }
    Ok(plan)
}

/// `load`, with the fingerprint of the text read (see `fingerprint`), so a
/// later save can tell whether someone else changed the file meanwhile.
pub fn load_fingerprinted(path: &Path) -> Result<(Plan, u64), PlanError> {
    let name = path.display().to_string();
    let text = crate::base::textfile::read(path)
        .map_err(|e| PlanError::whole_file(&name, format!("cannot read the plan: {e}")))?;
    Ok((
        with_configs(from_toml(&text, &name)?, path)?,
        fingerprint(&text),
    ))
}

/// FNV-1a 64 of a text: stable across runs and platforms (unlike `std`'s
/// hashers), and any edit changes it (all but surely).
pub fn fingerprint(text: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    text.bytes()
        .fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// The fingerprint of a plan file as it is now; `None` when it cannot be
/// read (gone, unreadable).
pub fn fingerprint_of_file(path: &Path) -> Option<u64> {
    crate::base::textfile::read(path)
        .ok()
        .map(|t| fingerprint(&t))
}

/// Parses and checks plan text; `file` names it in errors.
pub fn from_toml(text: &str, file: &str) -> Result<Plan, PlanError> {
    parse(text, file).map(|(plan, _)| plan)
}

/// `load`, with what the plan holds that is likely a slip (see
/// `engine::warnings`), each located in the file as errors are.
pub fn load_with_warnings(path: &Path) -> Result<(Plan, Vec<PlanError>), PlanError> {
    let name = path.display().to_string();
    let text = crate::base::textfile::read(path)
        .map_err(|e| PlanError::whole_file(&name, format!("cannot read the plan: {e}")))?;
    let (plan, spans) = parse(&text, &name)?;
    let plan = with_configs(plan, path)?;
    let warnings = crate::engine::warnings(&plan)
        .into_iter()
        .map(|w| spans.locate(&text, &name, w))
        .collect();
    Ok((plan, warnings))
}

fn parse(text: &str, file: &str) -> Result<(Plan, Spans), PlanError> {
    parse_in_parts_of(text, file, ROWS_PER_PART)
}

/// Rows read at a time from a big plan (see `read_in_parts`).
const ROWS_PER_PART: usize = 256;

fn parse_in_parts_of(
    text: &str,
    file: &str,
    rows_per_part: usize,
) -> Result<(Plan, Spans), PlanError> {
    check_schema(text, file)?;
    let mut spans = Spans::default();
    let in_parts =
        parts::split(text, rows_per_part).and_then(|parts| read_in_parts(text, &parts, &mut spans));
    let plan = match in_parts {
        Some(plan) => plan,
        None => {
            spans = Spans::default();
            let raw: RawPlan = toml::from_str(text).map_err(|e| parse_error(text, file, &e))?;
            raw.into_plan(&mut spans)
        }
    };
    match validate(&plan).into_iter().next() {
        None => Ok((plan, spans)),
        Some(problem) => Err(spans.locate(text, file, problem)),
    }
}

/// Reads a big plan a few hundred rows at a time: the parser's document of
/// one part is freed before the next is read, so a plan of thousands of
/// rows never holds its whole parsed document at once. `None` when any
/// part does not read alone: the caller then reads the whole text, which
/// places the error.
fn read_in_parts(text: &str, parts: &parts::Parts, spans: &mut Spans) -> Option<Plan> {
    let head: RawPlan = toml::from_str(&text[..parts.head_end]).ok()?;
    let mut plan = head.into_plan(spans);
    for part in &parts.rows {
        let rows: RawRows = toml::from_str(&text[part.clone()]).ok()?;
        spans.base = part.start;
        rows.append_to(&mut plan, spans);
    }
    spans.base = 0;
    Some(plan)
}

/// A plan written to its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// `fingerprint` of the text written.
    pub fingerprint: u64,
    /// What the save could not keep, for the user (see `base::atomic::Written`).
    pub notes: Vec<String>,
}

/// Writes a plan atomically (see `base::atomic::write_atomic`). Over an existing
/// plan file its comments and layout are kept (see `preserve`). Never
/// writes what would not read back as this very plan: a plan that breaks
/// a rule is refused, naming the rule, and a merged text that would read
/// back otherwise is written afresh instead.
pub fn save(plan: &Plan, path: &Path) -> Result<Saved, PlanError> {
    let file = path.display().to_string();
    if let Some(special) = std::fs::metadata(path).ok().filter(|m| !m.is_file()) {
        let kind = crate::base::textfile::kind(&special);
        return Err(PlanError::whole_file(
            file,
            format!("not saved: it is {kind}, not a file; save the plan to a file"),
        ));
    }
    if let Some(problem) = validate(plan).into_iter().next() {
        return Err(PlanError::whole_file(
            file,
            format!("not saved: {problem} (fix it, or undo the change that made it)"),
        ));
    }
    // The file keeps a config.json's path, not what it read as.
    let as_written = without_configs(plan);
    let reads_back = |text: &String| from_toml(text, &file).is_ok_and(|p| p == *as_written);
    let merged = crate::base::textfile::read(path)
        .ok()
        .and_then(|original| preserve::merged_toml(&as_written, &original));
    let mut notes = Vec::new();
    let text = match merged {
        Some(text) if reads_back(&text) => text,
        merged => {
            if merged.is_some() {
                notes.push("its comments and layout could not be kept".to_string());
            }
            let text = to_toml(plan);
            if !reads_back(&text) {
                return Err(PlanError::whole_file(
                    file,
                    "not saved: the plan would not read back as it is (a bug: please report it)",
                ));
            }
            text
        }
    };
    let written = crate::base::atomic::write_atomic(path, &text)?;
    notes.extend(written.notes);
    Ok(Saved {
        fingerprint: fingerprint(&text),
        notes,
    })
}

/// The plan as its file holds it: without what its `config.json` paths read
/// as (cloned only when there is any).
fn without_configs(plan: &Plan) -> std::borrow::Cow<'_, Plan> {
    if plan.models.iter().all(|m| m.architecture_config.is_none()) {
        return std::borrow::Cow::Borrowed(plan);
    }
    let mut bare = plan.clone();
    for m in &mut bare.models {
        m.architecture_config = None;
    }
    std::borrow::Cow::Owned(bare)
}

/// Writes a plan to a new file as it is, even one that breaks a rule: for
/// keeping unsaved changes, where losing them is worse than a file `check`
/// refuses.
pub fn write_as_is(plan: &Plan, path: &Path) -> Result<(), PlanError> {
    crate::base::atomic::write_atomic(path, &to_toml(plan))?;
    Ok(())
}

/// The plan as TOML text; `from_toml` reads it back to an equal plan.
pub fn to_toml(plan: &Plan) -> String {
    let body =
        out::body(plan).unwrap_or_else(|e| format!("# inferplan could not write this plan: {e}\n"));
    format!(
        "# inferplan plan file (schema {SCHEMA}). Money is USD per month unless a key says\n\
         # otherwise; a range is [low, high] or one number. Keys are explained in README.md.\n\n{body}"
    )
}

fn parse_error(text: &str, file: &str, e: &toml::de::Error) -> PlanError {
    parse_error_expecting(text, file, e, None)
}

/// The parser's error in a plan's words, at its line; `expected` says what
/// the value should have been where the parser can only say "any value".
fn parse_error_expecting(
    text: &str,
    file: &str,
    e: &toml::de::Error,
    expected: Option<&str>,
) -> PlanError {
    let message = e.message().trim();
    // "recursion limit", "cannot recurse further; max recursion depth met"
    if message.contains("recurs") {
        let (offset, depth) = deepest_line(text);
        // The key itself may be hundreds of characters long.
        let field = crate::plan::field_at(text, offset).map(|f| match f.char_indices().nth(40) {
            Some((cut, _)) => format!("{}…", &f[..cut]),
            None => f,
        });
        return PlanError::at(
            file,
            text,
            Some(offset..offset),
            field,
            format!(
                "nested too deeply to read ({depth} levels of keys, tables or values on this line); a plan nests a few levels at most"
            ),
        );
    }
    PlanError::at(file, text, e.span(), None, reworded(message, expected))
}

/// serde's words for a whole number beyond 64 bits ("invalid type: integer
/// `…` as i128") as what is wrong and what is accepted.
fn reworded(message: &str, expected: Option<&str>) -> String {
    let huge = message
        .strip_prefix("invalid type: integer `")
        .and_then(|rest| rest.split_once("` as i"));
    let Some((digits, rest)) = huge else {
        return message.to_string();
    };
    let said = rest.split_once(", expected ").map(|(_, e)| e);
    let expected = match (expected, said) {
        (Some(e), _) => e,
        (None, Some(e)) if e != "any valid TOML value" => e,
        _ => "a number within 64 bits",
    };
    format!("{digits} is too large a number to read; expected {expected}")
}

/// Where the line that nests deepest starts, and how deep it nests: dots
/// of its keys, and brackets and braces opened on it.
fn deepest_line(text: &str) -> (usize, usize) {
    let mut best = (0, 0);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let depth = line.matches(['.', '[', '{']).count();
        if depth > best.1 {
            best = (offset, depth);
        }
        offset += line.len();
    }
    best
}

fn check_schema(text: &str, file: &str) -> Result<(), PlanError> {
    #[derive(Deserialize)]
    struct SchemaOnly {
        schema: Option<Spanned<toml::Value>>,
    }
    // Top-level keys come before the first table, so the text before it
    // holds `schema`: reading only that spares a second parse of a big
    // plan. Should the cut fall inside a multi-line string, the whole is read.
    let head_end = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| text[i..].trim_start_matches([' ', '\t']).starts_with('['))
        .unwrap_or(text.len());
    let head: SchemaOnly = match toml::from_str(&text[..head_end]) {
        Ok(head) => head,
        Err(_) => toml::from_str(text).map_err(|e| {
            parse_error_expecting(text, file, &e, Some(&format!("the whole number {SCHEMA}")))
        })?,
    };
    let field = Some("schema".to_string());
    let Some(schema) = head.schema else {
        return Err(PlanError::at(
            file,
            text,
            Some(0..0),
            field,
            format!("missing; a plan file starts with `schema = {SCHEMA}`"),
        ));
    };
    let span = Some(schema.span());
    match schema.get_ref().as_integer() {
        Some(v) if v == i64::from(SCHEMA) => Ok(()),
        Some(v) if v > i64::from(SCHEMA) => Err(PlanError::at(
            file,
            text,
            span,
            field,
            format!(
                "this plan was written for schema {v}, newer than this inferplan reads (schema {SCHEMA}); upgrade inferplan to open it"
            ),
        )),
        _ => Err(PlanError::at(
            file,
            text,
            span,
            field,
            format!("expected the whole number {SCHEMA}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole text read at once, as before parts existed.
    fn whole(text: &str) -> Result<Plan, PlanError> {
        parse_in_parts_of(text, "plan.toml", usize::MAX / 4).map(|(plan, _)| plan)
    }

    fn in_parts(text: &str, rows: usize) -> Result<Plan, PlanError> {
        parse_in_parts_of(text, "plan.toml", rows).map(|(plan, _)| plan)
    }

    #[test]
    fn a_plan_read_in_parts_equals_the_plan_read_whole() {
        let text = to_toml(&super::synthetic_plan(300, 40));
        let expected = whole(&text).unwrap();
        for rows in [1, 2, 7, 64, 256] {
            assert_eq!(
                in_parts(&text, rows).unwrap(),
                expected,
                "{rows} rows a part"
            );
        }
        // Hand-written files: comments, the built-in plan's layout.
        let built_in = crate::plan::DEFAULT_PLAN_TOML;
        assert_eq!(in_parts(built_in, 1).unwrap(), whole(built_in).unwrap());
    }

    #[test]
    fn a_cut_inside_a_string_falls_back_to_the_whole_text() {
        let mut plan = super::default_plan();
        plan.models[0].note = "first line\n[[models]]\nname = \"not a model\"\n".into();
        let text = to_toml(&plan);
        assert!(
            text.contains("\n[[models]]\nname = \"not a model\""),
            "{text}"
        );
        assert_eq!(in_parts(&text, 1).unwrap(), plan);
    }

    #[test]
    fn errors_in_a_later_part_point_at_the_line_in_the_file() {
        let text = to_toml(&super::synthetic_plan(40, 10));
        let bad = text.replacen("tier = \"70-72b\"", "tier = \"no-such-tier\"", 1);
        let line = bad[..bad.find("no-such-tier").unwrap()].lines().count();
        let whole_error = whole(&bad).unwrap_err().to_string();
        let parts_error = in_parts(&bad, 2).unwrap_err().to_string();
        assert_eq!(parts_error, whole_error);
        assert!(parts_error.contains(&format!(":{line}:")), "{parts_error}");
        let broken = text.replacen("tokens_per_day = ", "tokens_per_day = = ", 30);
        assert_eq!(
            in_parts(&broken, 2).unwrap_err().to_string(),
            whole(&broken).unwrap_err().to_string()
        );
    }
}
