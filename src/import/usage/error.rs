//! What can go wrong reading a usage log, each saying which file, what was
//! expected and what was found: these reach the user as they are.

use super::skips::Skips;
use std::fmt;

/// Why a usage log gave no fit.
#[derive(Debug, Clone, PartialEq)]
pub enum UsageError {
    /// The file holds nothing but white space.
    Empty { file: String },
    /// The contents are in none of the shapes the import reads, or not in the
    /// one asked for.
    NotRecognised { file: String, detail: String },
    /// A needed column is absent.
    MissingColumn {
        file: String,
        role: &'static str,
        accepted: String,
        found: String,
    },
    /// A `--columns` mapping that cannot be applied.
    BadMapping { spec: String, detail: String },
    /// Rows were read but none could be used.
    NothingUsable { file: String, skipped: Skips },
    /// The model filter matches nothing in the file.
    NoSuchModel {
        file: String,
        model: String,
        present: Vec<String>,
    },
    /// The file could not be read.
    Io { file: String, detail: String },
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { file } => write!(f, "{file}: the file is empty"),
            Self::NotRecognised { file, detail } => write!(f, "{file}: {detail}"),
            Self::MissingColumn {
                file,
                role,
                accepted,
                found,
            } => write!(
                f,
                "{file}: no {role} column (looked for {accepted}; the header has {found}); \
                 name it with --columns {role}=NAME"
            ),
            Self::BadMapping { spec, detail } => write!(
                f,
                "--columns {spec}: {detail} (the form is timestamp=T,input=I,output=O[,cached=C][,model=M])"
            ),
            Self::NothingUsable { file, skipped } => {
                write!(f, "{file}: no usable row ({skipped})")
            }
            Self::NoSuchModel {
                file,
                model,
                present,
            } => {
                let list = if present.is_empty() {
                    "none named".into()
                } else {
                    present.join(", ")
                };
                write!(
                    f,
                    "{file}: no traffic for model `{model}` (models in the file: {list})"
                )
            }
            Self::Io { file, detail } => write!(f, "{file}: could not be read: {detail}"),
        }
    }
}

impl std::error::Error for UsageError {}
