//! Writing: every table's keys in the order `plan::keys` lists them, each
//! value as the file writes its kind, and what leaving a key out means left
//! out (as a person writing the file would).

use crate::base::money::Range;
use crate::plan::keys::{
    FieldValue, Key, Kind, ModelKey, OverheadKey, ScenarioKey, SettingsKey, TierKey,
};
use crate::plan::{Plan, SCHEMA};
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct, Serializer};

/// A value as the file writes it.
enum Out {
    /// A number: an integer when it is one, so files read `1000`, not `1000.0`.
    Num(f64),
    /// A whole number.
    Int(u64),
    /// One amount, or `[low, high]`.
    Money(Range),
    Text(String),
    Flag(bool),
    /// A table of its own (TOML writes it after the row's plain keys).
    Table(Row),
    /// A list of numbers.
    List(Vec<f64>),
}

/// A table's keys and values, in order.
struct Row(Vec<(&'static str, Out)>);

impl Serialize for Out {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Out::Num(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(*x as i64),
            Out::Num(x) => s.serialize_f64(*x),
            Out::Int(n) => s.serialize_u64(*n),
            Out::Money(r) if r.is_point() => Out::Num(r.low).serialize(s),
            Out::Money(r) => {
                let mut seq = s.serialize_seq(Some(2))?;
                seq.serialize_element(&Out::Num(r.low))?;
                seq.serialize_element(&Out::Num(r.high))?;
                seq.end()
            }
            Out::Text(t) => s.serialize_str(t),
            Out::Flag(b) => s.serialize_bool(*b),
            Out::Table(row) => row.serialize(s),
            Out::List(xs) => {
                let mut seq = s.serialize_seq(Some(xs.len()))?;
                for x in xs {
                    seq.serialize_element(&Out::Num(*x))?;
                }
                seq.end()
            }
        }
    }
}

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A value as written under `key`; `None` when the key is left out.
fn out(key: &Key, value: FieldValue) -> Option<Out> {
    if value.is_absent(key.absent) && !key.always_written {
        return None;
    }
    Some(match value {
        FieldValue::Money(r) => Out::Money(r),
        FieldValue::Price(x) | FieldValue::Share(x) | FieldValue::Number(x) => Out::Num(x),
        FieldValue::Tokens(n) => Out::Int(n),
        FieldValue::Count(n) => Out::Int(u64::from(n)),
        FieldValue::Text(t) => Out::Text(t),
        FieldValue::Flag(b) => Out::Flag(b),
        FieldValue::Profile(shares) => Out::List(shares),
        FieldValue::Table(values) => {
            let Kind::Table(keys) = key.kind else {
                return None;
            };
            let written = keys
                .iter()
                .zip(values)
                .filter_map(|(k, (_, v))| out(k, v).map(|o| (k.name, o)))
                .collect();
            Out::Table(Row(written))
        }
        FieldValue::Inherited(_) | FieldValue::Missing => return None,
    })
}

/// One row from its table's keys and how to read each value.
fn row<K: Copy>(keys: &[K], key: fn(K) -> Key, get: impl Fn(K) -> FieldValue) -> Row {
    Row(keys
        .iter()
        .filter_map(|&k| {
            let entry = key(k);
            out(&entry, get(k)).map(|o| (entry.name, o))
        })
        .collect())
}

/// The plan as the file's tables.
struct OutPlan {
    name: String,
    settings: Row,
    gpu_tiers: Vec<Row>,
    models: Vec<Row>,
    overheads: Vec<Row>,
    scenarios: Vec<Row>,
}

impl Serialize for OutPlan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut doc = s.serialize_struct("Plan", 7)?;
        doc.serialize_field("schema", &SCHEMA)?;
        doc.serialize_field("name", &self.name)?;
        doc.serialize_field("settings", &self.settings)?;
        doc.serialize_field("gpu_tiers", &self.gpu_tiers)?;
        doc.serialize_field("models", &self.models)?;
        doc.serialize_field("overheads", &self.overheads)?;
        doc.serialize_field("scenarios", &self.scenarios)?;
        doc.end()
    }
}

/// The plan as TOML text, without the file's opening comment.
pub(super) fn body(plan: &Plan) -> Result<String, toml::ser::Error> {
    let doc = OutPlan {
        name: plan.name.clone(),
        settings: row(SettingsKey::ALL, SettingsKey::key, |k| {
            k.get(&plan.settings)
        }),
        gpu_tiers: plan
            .gpu_tiers
            .iter()
            .map(|t| row(TierKey::ALL, TierKey::key, |k| k.get(t)))
            .collect(),
        models: plan
            .models
            .iter()
            .map(|m| row(ModelKey::ALL, ModelKey::key, |k| k.get(m)))
            .collect(),
        overheads: plan
            .overheads
            .iter()
            .map(|o| row(OverheadKey::ALL, OverheadKey::key, |k| k.get(o)))
            .collect(),
        scenarios: plan
            .scenarios
            .iter()
            .map(|s| row(ScenarioKey::ALL, ScenarioKey::key, |k| k.get(s)))
            .collect(),
    };
    toml::to_string(&doc)
}
