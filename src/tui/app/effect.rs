//! What `update` asks of the world outside the planner: a file to read or
//! write, the plan library to list, the clock. `update` returns these
//! effects and touches nothing itself; the terminal (`tui::terminal::effects`)
//! carries them out and hands each result back as `Action::Done`, which
//! `update` takes like any other action. Tests can check the effects asked
//! for without a file in sight, or carry them out as the terminal does.

use super::{PathFor, PickFor, Then};
use crate::base::date::Date;
use crate::plan::Plan;
use crate::store::library::LibraryEntry;
use crate::store::plan_file::Saved;
use crate::store::recovery::Kept;
use std::path::PathBuf;

/// Something for the terminal to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write the open plan to `path`. With `check`, first make sure the file
    /// still holds what was last read or written there, and that a Save As
    /// does not land on a file that exists; if either, write nothing and
    /// say so.
    Save {
        path: PathBuf,
        check: bool,
        /// Where to go once it is saved (quit, open another plan).
        then: Option<Then>,
        /// A Save As: the path to go back to, and the prompt to reopen, if
        /// it fails.
        save_as: Option<SaveAs>,
    },
    /// Read a plan file; with `find`, a bare name may be a plan of the library.
    Load {
        path: PathBuf,
        find: bool,
        purpose: LoadFor,
    },
    /// List the plans of the library, for a picker.
    List { purpose: PickFor },
    /// Read a file to import, and today's date for it.
    ReadImport {
        path: PathBuf,
        /// What was typed at the prompt, to reopen it on a failure.
        typed: String,
    },
    /// Find a new file in the library for a plan without one, and ask
    /// whether to save there.
    SuggestPath { purpose: PathFor },
    /// Remove recovery copies that are no longer needed.
    Forget(Vec<PathBuf>),
}

/// A Save As in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveAs {
    /// The plan's file before it.
    pub previous: Option<PathBuf>,
    /// The prompt it came from.
    pub purpose: PathFor,
    /// What was typed there.
    pub typed: String,
}

/// What a plan is read for.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadFor {
    /// To open it in place of the open plan.
    Open,
    /// To compare the open plan with it; `said` replaces the status line's
    /// words on success, and a failure reopens the prompt `typed` came from.
    Compare {
        said: Option<&'static str>,
        typed: Option<String>,
    },
    /// To open the plan kept changes belong to, then restore them.
    Restore(Box<Kept>),
}

/// The result of an effect, handed back to `update` as `Action::Done`.
#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    /// A save went (or failed) so.
    Saved {
        path: PathBuf,
        result: Result<Saved, String>,
        then: Option<Then>,
        save_as: Option<SaveAs>,
    },
    /// The file changed on disk since it was read or written: nothing saved.
    ChangedOnDisk { path: PathBuf, then: Option<Then> },
    /// A Save As onto a file that exists: nothing saved yet.
    WouldReplace {
        path: PathBuf,
        then: Option<Then>,
        save_as: SaveAs,
    },
    /// A plan read, with its fingerprint, from where it was found.
    Loaded {
        path: PathBuf,
        /// Where a bare name was found, when it could have meant either.
        note: Option<String>,
        result: Result<(Box<Plan>, u64), String>,
        purpose: LoadFor,
    },
    /// The plans of the library.
    Listed {
        purpose: PickFor,
        entries: Vec<LibraryEntry>,
    },
    /// A file to import, read on `today` (the file's own date, if it has one).
    ImportRead {
        path: PathBuf,
        typed: String,
        result: Result<String, String>,
        today: Date,
        file_date: Option<Date>,
    },
    /// A new file in the library for the plan, if there is a library.
    Suggested {
        path: Option<PathBuf>,
        purpose: PathFor,
    },
}
