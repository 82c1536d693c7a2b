//! The plan file described for editors and people, from the lists of keys
//! (`plan::keys`): a JSON Schema (draft 2020-12) that TOML-aware editors
//! (taplo, Even Better TOML) validate and complete plan files with, and the
//! key reference of `docs/plan-file.md`.

use crate::plan::SCHEMA;
use crate::plan::keys::{
    Absent, Key, Kind, ModelKey, OverheadKey, ScenarioKey, SettingsKey, TierKey,
};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The file name `inferplan new` writes the schema under, beside the plan,
/// and names in the plan's `#:schema` line.
pub const FILE_NAME: &str = "plan.schema.json";

/// A new plan file's text: the line editors find its schema by, then `text`.
pub fn with_directive(text: &str) -> String {
    format!("#:schema ./{FILE_NAME}\n{text}")
}

/// Writes the schema beside the plan at `plan_path` (its folder's
/// `plan.schema.json`), unless it is there already as this version writes
/// it; the file written, if one was.
pub fn write_beside(
    plan_path: &std::path::Path,
) -> Result<Option<std::path::PathBuf>, crate::base::atomic::WriteError> {
    let dir = match plan_path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let file = dir.join(FILE_NAME);
    let text = json_schema();
    if crate::base::textfile::read(&file).is_ok_and(|now| now == text) {
        return Ok(None);
    }
    crate::base::atomic::write_atomic(&file, &text)?;
    Ok(Some(file))
}

/// JSON with its object keys in the order given (serde_json's maps sort them).
enum J {
    Str(String),
    Num(f64),
    Bool(bool),
    Arr(Vec<J>),
    Obj(Vec<(&'static str, J)>),
}

impl Serialize for J {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            J::Str(t) => s.serialize_str(t),
            J::Num(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(*x as i64),
            J::Num(x) => s.serialize_f64(*x),
            J::Bool(b) => s.serialize_bool(*b),
            J::Arr(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            J::Obj(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

fn s(text: &str) -> J {
    J::Str(text.to_string())
}

fn obj(entries: Vec<(&'static str, J)>) -> J {
    J::Obj(entries)
}

fn typed(t: &str) -> J {
    obj(vec![("type", s(t))])
}

/// What a value of a kind may be written as.
fn kind_schema(kind: Kind) -> Vec<(&'static str, J)> {
    // Numbers may also be written as the planner's cells take them:
    // "50M", "400-800", "60%".
    let or_text = |first: J| vec![("anyOf", J::Arr(vec![first, typed("string")]))];
    let at_least_0 = |t: &str| obj(vec![("type", s(t)), ("minimum", J::Num(0.0))]);
    match kind {
        Kind::Text | Kind::Source => vec![("type", s("string"))],
        Kind::Date => vec![
            ("type", s("string")),
            ("pattern", s("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")),
        ],
        Kind::Flag => vec![("type", s("boolean"))],
        Kind::Number | Kind::Share => or_text(typed("number")),
        Kind::Price => or_text(at_least_0("number")),
        Kind::Count | Kind::Tokens => or_text(at_least_0("integer")),
        Kind::Money => vec![(
            "anyOf",
            J::Arr(vec![
                at_least_0("number"),
                obj(vec![
                    ("type", s("array")),
                    ("items", at_least_0("number")),
                    ("minItems", J::Num(2.0)),
                    ("maxItems", J::Num(2.0)),
                ]),
                typed("string"),
            ]),
        )],
        Kind::Choice(words) => vec![("enum", J::Arr(words.iter().map(|w| s(w)).collect()))],
        Kind::Table(keys) => table_schema(keys),
        Kind::Profile => vec![
            ("type", s("array")),
            ("items", at_least_0("number")),
            ("minItems", J::Num(24.0)),
            ("maxItems", J::Num(24.0)),
        ],
    }
}

/// What leaving a key out means, in words.
fn absent_words(absent: Absent) -> String {
    match absent {
        Absent::Required => "required".into(),
        Absent::NotGiven => "not given (not the same as 0)".into(),
        Absent::Inherited(from) => from.to_string(),
        Absent::Number(n) => crate::plan::num(n),
        Absent::Word(w) => format!("\"{w}\""),
        Absent::False => "false".into(),
        Absent::Empty => "empty".into(),
    }
}

fn description(k: &Key) -> String {
    let unit = match k.unit {
        "" => String::new(),
        u => format!(", in {u}"),
    };
    match k.absent {
        Absent::Required => format!("{}{unit}.", capitalised(k.meaning)),
        a => format!(
            "{}{unit}. Left out: {}.",
            capitalised(k.meaning),
            absent_words(a)
        ),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

fn default_value(absent: Absent) -> Option<J> {
    match absent {
        Absent::Number(n) => Some(J::Num(n)),
        Absent::Word(w) => Some(s(w)),
        Absent::False => Some(J::Bool(false)),
        Absent::Empty => Some(s("")),
        Absent::Required | Absent::NotGiven | Absent::Inherited(_) => None,
    }
}

/// An object of these keys, nothing else.
fn table_schema(keys: &[Key]) -> Vec<(&'static str, J)> {
    let properties = keys
        .iter()
        .map(|k| {
            let mut p = vec![("description", s(&description(k)))];
            p.extend(kind_schema(k.kind));
            if let Some(d) = default_value(k.absent) {
                p.push(("default", d));
            }
            (k.name, obj(p))
        })
        .collect();
    let required: Vec<J> = keys
        .iter()
        .filter(|k| k.absent == Absent::Required)
        .map(|k| s(k.name))
        .collect();
    let mut out = vec![
        ("type", s("object")),
        ("additionalProperties", J::Bool(false)),
        ("properties", obj(properties)),
    ];
    if !required.is_empty() {
        out.push(("required", J::Arr(required)));
    }
    out
}

fn rows(description: &str, keys: &[Key]) -> J {
    let mut items = vec![("description", s(description))];
    items.extend(table_schema(keys));
    obj(vec![("type", s("array")), ("items", obj(items))])
}

/// The JSON Schema of the plan file, as text.
pub fn json_schema() -> String {
    let mut settings = vec![(
        "description",
        s("Plan-wide switches; every key is optional."),
    )];
    settings.extend(table_schema(SettingsKey::KEYS));
    let doc = obj(vec![
        ("$schema", s("https://json-schema.org/draft/2020-12/schema")),
        ("title", s("inferplan plan file")),
        (
            "description",
            s(
                "A plan: models with API prices, GPU tiers, overheads and usage scenarios. Money is USD a month unless a key says otherwise (or the plan's currency); a range is [low, high] or one number. See docs/plan-file.md.",
            ),
        ),
        ("type", s("object")),
        ("additionalProperties", J::Bool(false)),
        ("required", J::Arr(vec![s("schema"), s("name")])),
        (
            "properties",
            obj(vec![
                (
                    "schema",
                    obj(vec![
                        (
                            "description",
                            s("The plan file's schema; a newer one is refused, never half-read."),
                        ),
                        ("const", J::Num(f64::from(SCHEMA))),
                    ]),
                ),
                (
                    "name",
                    obj(vec![
                        (
                            "description",
                            s("A title shown in the header and in reports."),
                        ),
                        ("type", s("string")),
                    ]),
                ),
                ("settings", obj(settings)),
                (
                    "gpu_tiers",
                    rows(
                        "One replica's shape: GPUs, what it costs a month, what it serves a day.",
                        TierKey::KEYS,
                    ),
                ),
                (
                    "models",
                    rows("A model with its hosted-API prices.", ModelKey::KEYS),
                ),
                (
                    "overheads",
                    rows(
                        "A cost of running one of the paths, paid however busy the GPUs are.",
                        OverheadKey::KEYS,
                    ),
                ),
                (
                    "scenarios",
                    rows(
                        "A usage to price: volume, model, tier and reliability targets.",
                        ScenarioKey::KEYS,
                    ),
                ),
            ]),
        ),
    ]);
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The reference of every key, as Markdown: `docs/plan-file.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "# The plan file's keys\n\n\
         Every key a plan file may hold, table by table, as `inferplan` reads and\n\
         writes it (this page is generated from the same list: `inferplan schema\n\
         --markdown`). Numbers may also be written as the planner's cells take them:\n\
         `\"50M\"`, `\"400-800\"`, `\"60%\"`. `inferplan schema` prints the JSON Schema\n\
         editors check plan files with.\n",
    );
    let tables: [(&str, &[Key]); 7] = [
        ("`[settings]`", SettingsKey::KEYS),
        ("`[[gpu_tiers]]`", TierKey::KEYS),
        (
            "`[gpu_tiers.measured]`",
            crate::plan::keys::MeasuredKey::KEYS,
        ),
        ("`[[models]]`", ModelKey::KEYS),
        ("`[models.offers]`", crate::plan::keys::OffersKey::KEYS),
        ("`[[overheads]]`", OverheadKey::KEYS),
        ("`[[scenarios]]`", ScenarioKey::KEYS),
    ];
    out.push_str(
        "\n## Top level\n\n| Key | Kind | Unit | Left out | Meaning |\n|---|---|---|---|---|\n",
    );
    out.push_str(&format!(
        "| `schema` | whole number | | required | the plan file's schema, {SCHEMA} |\n| `name` | text | | required | a title shown in the header and in reports |\n"
    ));
    for (title, keys) in tables {
        out.push_str(&format!(
            "\n## {title}\n\n| Key | Kind | Unit | Left out | Meaning |\n|---|---|---|---|---|\n"
        ));
        for k in keys {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                k.name,
                kind_words(k.kind),
                k.unit,
                absent_words(k.absent),
                k.meaning
            ));
        }
    }
    out
}

fn kind_words(kind: Kind) -> String {
    match kind {
        Kind::Text => "text".into(),
        Kind::Money => "money: one amount or [low, high]".into(),
        Kind::Profile => "24 shares, hour 0 to 23".into(),
        Kind::Price => "price".into(),
        Kind::Number => "number".into(),
        Kind::Share => "share (0.6 or \"60%\")".into(),
        Kind::Count => "whole number".into(),
        Kind::Tokens => "tokens (50_000_000 or \"50M\")".into(),
        Kind::Flag => "true or false".into(),
        Kind::Date => "date, \"YYYY-MM-DD\"".into(),
        Kind::Source => "source".into(),
        Kind::Choice(words) => words
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", "),
        Kind::Table(_) => "table (below)".into(),
    }
}
