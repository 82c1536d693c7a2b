//! What results saved beside a plan file say about the plan as it is now:
//! the same, stale (its inputs changed), or the same inputs giving other
//! totals (the engine changed). `store::saved_results` reads the file and
//! makes the check; the comparison and the planner show it.

use crate::text::format as fmt;
use serde_json::Value;
use std::fmt as sfmt;

/// What the saved results say about the plan as it is now.
#[derive(Debug, Clone, PartialEq)]
pub enum SavedCheck {
    /// Same inputs, same totals.
    Current {
        /// The inferplan version that saved them.
        saved_by: String,
    },
    /// The inputs changed since the results were saved.
    Stale {
        /// The inferplan version that saved them.
        saved_by: String,
    },
    /// Same inputs, different totals: the engine changed.
    EngineChanged {
        /// The inferplan version that saved them.
        saved_by: String,
        /// Every figure that differs, in report order.
        moved: Vec<MovedFigure>,
    },
    /// Not a results file this version can read.
    Unreadable {
        /// Why.
        reason: String,
    },
}

/// A figure of the saved report that the engine now computes differently.
#[derive(Debug, Clone, PartialEq)]
pub struct MovedFigure {
    /// Where in the report, e.g. `scenarios[B: growth-stage startup].api_monthly.low`.
    pub figure: String,
    /// The saved value.
    pub saved: Value,
    /// The value computed now.
    pub now: Value,
}

impl sfmt::Display for MovedFigure {
    fn fmt(&self, f: &mut sfmt::Formatter<'_>) -> sfmt::Result {
        write!(
            f,
            "{}: {} saved, {} now",
            self.figure,
            show(&self.saved),
            show(&self.now)
        )
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Number(n) => n
            .as_f64()
            .map_or(n.to_string(), |x| fmt::trim_decimals(x, 4)),
        Value::Null => "null".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl SavedCheck {
    /// A stable machine-readable name (used in JSON).
    pub fn status(&self) -> &'static str {
        match self {
            SavedCheck::Current { .. } => "current",
            SavedCheck::Stale { .. } => "stale",
            SavedCheck::EngineChanged { .. } => "engine-changed",
            SavedCheck::Unreadable { .. } => "unreadable",
        }
    }

    /// True when the saved results agree with the plan as it is now.
    pub fn is_current(&self) -> bool {
        matches!(self, SavedCheck::Current { .. })
    }

    /// The version that saved them, when it could be read.
    pub fn saved_by(&self) -> Option<&str> {
        match self {
            SavedCheck::Current { saved_by }
            | SavedCheck::Stale { saved_by }
            | SavedCheck::EngineChanged { saved_by, .. } => Some(saved_by),
            SavedCheck::Unreadable { .. } => None,
        }
    }

    /// The figures that moved (empty unless the engine changed).
    pub fn moved(&self) -> &[MovedFigure] {
        match self {
            SavedCheck::EngineChanged { moved, .. } => moved,
            _ => &[],
        }
    }

    /// One sentence for people.
    pub fn message(&self) -> String {
        match self {
            SavedCheck::Current { saved_by } => {
                format!("the saved results match (saved by inferplan {saved_by})")
            }
            SavedCheck::Stale { saved_by } => format!(
                "saved results are stale: the inputs changed since they were saved (by inferplan {saved_by})."
            ),
            SavedCheck::EngineChanged { saved_by, moved } => format!(
                "same inputs, different totals: the engine changed since the results were saved (saved by inferplan {saved_by}); {} moved:",
                match moved.len() {
                    1 => "1 figure".to_string(),
                    n => format!("{n} figures"),
                }
            ),
            SavedCheck::Unreadable { reason } => format!("saved results cannot be read: {reason}"),
        }
    }
}
