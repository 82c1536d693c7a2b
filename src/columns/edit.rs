//! How a column's cells are edited: typed or picked, read as exact text and
//! written back, with the helpers the columns share.

use crate::base::money::Range;
use crate::plan::Plan;
use crate::plan::parse;
use crate::text::format as fmt;

/// Reads a cell as text that parses back to exactly the same value.
pub type Getter = fn(&Plan, usize) -> String;
/// Writes trimmed text into a cell, or says what is accepted.
pub type Setter = fn(&mut Plan, usize, &str) -> Result<(), String>;

/// Whether and how a cell is edited.
#[derive(Debug, Clone, Copy)]
pub enum Edit {
    /// Computed from the plan: edit its inputs instead.
    Computed,
    /// Typed into a text field.
    Typed {
        /// What typing accepts, for the hint under the editor.
        accepts: &'static str,
        /// The value as text.
        get: Getter,
        /// Text into the plan.
        set: Setter,
    },
    /// Picked from a list.
    Picked {
        /// The choices as `(value, label)`; an empty value means "inherit"
        /// (the model's tier, the plan's deployment).
        options: fn(&Plan) -> Vec<(String, String)>,
        /// The value as text.
        get: Getter,
        /// Text into the plan.
        set: Setter,
    },
}

impl Edit {
    /// How to read the value as text, unless computed.
    pub fn getter(&self) -> Option<Getter> {
        match *self {
            Edit::Computed => None,
            Edit::Typed { get, .. } | Edit::Picked { get, .. } => Some(get),
        }
    }

    /// How to write text into the plan, unless computed.
    pub fn setter(&self) -> Option<Setter> {
        match *self {
            Edit::Computed => None,
            Edit::Typed { set, .. } | Edit::Picked { set, .. } => Some(set),
        }
    }
}

/// A name or id as typed: not empty.
pub(super) fn name(text: &str) -> Result<String, String> {
    if text.is_empty() {
        Err("a name cannot be empty".into())
    } else {
        Ok(text.to_string())
    }
}

/// Refuses a rename to a name another row has, before references move: the
/// inverse of a refused rename would otherwise re-point that row's users too.
pub(super) fn refuse_taken<'a>(
    names: impl Iterator<Item = &'a str>,
    row: usize,
    new: &str,
    what: &str,
) -> Result<(), String> {
    if names.enumerate().any(|(i, n)| i != row && n == new) {
        Err(format!("duplicate {what} \"{new}\"; each must be unique"))
    } else {
        Ok(())
    }
}

/// A volume as short as it can be written while parsing back exactly.
pub(super) fn exact_volume(v: u64) -> String {
    let short = fmt::tokens(v as f64);
    if parse::volume(&short) == Ok(v) {
        short
    } else {
        v.to_string()
    }
}

/// A money range as `low-high` (or one figure) at full precision.
pub(super) fn exact_money(r: Range) -> String {
    if r.is_point() {
        r.low.to_string()
    } else {
        format!("{}-{}", r.low, r.high)
    }
}

/// One of a fixed set of words.
pub(super) fn parse_choice<T: Copy>(
    text: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Result<T, String> {
    all.iter()
        .copied()
        .find(|v| name(*v) == text)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| name(*v)).collect();
            format!("\"{text}\" is not one of: {}", names.join(", "))
        })
}

/// Choices that are their own labels.
pub(super) fn words(all: &[&'static str]) -> Vec<(String, String)> {
    all.iter().map(|w| (w.to_string(), w.to_string())).collect()
}

/// The GPU tiers as choices, labelled with their GPUs.
pub(super) fn tier_choices(plan: &Plan) -> impl Iterator<Item = (String, String)> + '_ {
    plan.gpu_tiers
        .iter()
        .map(|t| (t.id.clone(), format!("{} — {}", t.id, t.gpus)))
}

/// What a refused source says is accepted.
pub(super) const SOURCE_FORM: &str =
    "published, assumption, or \"guessed: why\", \"imported: catalog version\", \"measured: file\"";

/// A value typed into a cell that may be left empty for none.
pub(super) fn optional<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    match text.trim() {
        "" => Ok(None),
        _ => parse(text).map(Some),
    }
}

/// An optional value as a cell's editor starts it: empty for none.
pub(super) fn or_empty<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A date typed into a cell that may be left empty.
pub(super) fn optional_date(text: &str) -> Result<Option<crate::base::date::Date>, String> {
    optional(text, crate::base::date::Date::parse)
}
