//! The planner's state. `update` (in `update/`) is the only place that
//! changes it and the only place that runs the engine; views only read it.

pub mod action;
pub mod effect;
pub mod history;
pub mod keymap;
pub mod popups;
pub mod recovery;
mod update;
pub mod view;

pub use crate::tui::tab::Tab;
pub use action::{Action, ImportOption};
pub use popups::picker::Picker;
pub use update::update;

use crate::compare::PlanDiff;
use crate::engine::{Results, evaluate};
use crate::plan::Plan;
use history::History;
use keymap::Context;
use std::path::PathBuf;
use tui_input::{Input, InputRequest};
use view::RowView;

/// Where the selection is in one tab's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    /// Selected row.
    pub row: usize,
    /// Selected column (index into `Tab::columns`).
    pub col: usize,
    /// First row in view.
    pub offset: usize,
}

/// Text being typed into a cell.
#[derive(Debug, Clone)]
pub struct CellEditor {
    /// The text and its cursor.
    pub input: Input,
    /// Why the last commit was refused, shown under the field.
    pub error: Option<String>,
    /// The whole text is selected, as when the editor opens on a value:
    /// typing or pasting replaces it, a cursor key keeps it.
    pub fresh: bool,
    /// What the text goes into.
    pub target: EditTarget,
}

/// What an editor's text goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EditTarget {
    /// The selected cell of the table in view.
    #[default]
    Cell,
    /// A field of the settings popup, an index into `columns::settings::FIELDS`.
    Setting(usize),
}

impl CellEditor {
    /// Most characters a field holds: far more than any name, note or path,
    /// and a bound on the work a paste can cause.
    pub const MAX_CHARS: usize = 4096;

    /// An editor on `text`, all of it selected.
    pub fn on(text: &str) -> Self {
        Self {
            input: Input::new(text.to_string()),
            error: None,
            fresh: true,
            target: EditTarget::Cell,
        }
    }

    /// Carries out an editing request; a character that would pass
    /// `MAX_CHARS` is refused (false).
    pub fn handle(&mut self, request: InputRequest) -> bool {
        if std::mem::take(&mut self.fresh) {
            match request {
                // Typing over a selection replaces it; deleting deletes it.
                InputRequest::InsertChar(_)
                | InputRequest::DeletePrevChar
                | InputRequest::DeleteNextChar
                | InputRequest::DeleteLine => self.input.reset(),
                _ => {}
            }
        }
        if matches!(request, InputRequest::InsertChar(_))
            && self.input.value().chars().count() >= Self::MAX_CHARS
        {
            return false;
        }
        self.input.handle(request);
        true
    }

    /// Inserts pasted text at the cursor in one step (character by
    /// character, a long paste took time quadratic in its length), up to
    /// `MAX_CHARS`; returns how many characters did not fit.
    pub fn paste(&mut self, text: &str) -> usize {
        if std::mem::take(&mut self.fresh) {
            self.input.reset();
        }
        let value = self.input.value();
        let room = Self::MAX_CHARS.saturating_sub(value.chars().count());
        let cursor = self.input.cursor();
        let split = value
            .char_indices()
            .nth(cursor)
            .map_or(value.len(), |(i, _)| i);
        let pasted: String = text.chars().take(room).collect();
        let kept = pasted.chars().count();
        let joined = format!("{}{pasted}{}", &value[..split], &value[split..]);
        self.input = Input::new(joined).with_cursor(cursor + kept);
        text.chars().count() - kept
    }
}

/// What a picker chooses.
#[derive(Debug, Clone, PartialEq)]
pub enum PickFor {
    /// The value of the selected cell.
    Cell,
    /// A plan to open; values are paths, the empty value asks for one.
    OpenPlan,
    /// The plan to compare the open plan with; values as for `OpenPlan`.
    ComparePlan,
    /// A field of the settings popup, an index into `columns::settings::FIELDS`.
    Setting(usize),
    /// An input of the selected scenario to set where the two sides meet.
    Solve,
}

/// Where the planner goes once unsaved changes are saved or discarded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// Quit.
    Quit,
    /// Open this plan.
    Open(PathBuf),
}

/// What a path prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathFor {
    /// Save the plan there.
    SaveAs,
    /// Open the plan there.
    Open,
    /// Save there, then go on.
    SaveAsThen(Then),
    /// Compare the open plan with the plan there.
    Compare,
    /// Import the file there (a price catalog, GPU offers, a benchmark).
    Import,
}

/// What has the keyboard.
#[derive(Debug, Clone, Default)]
pub enum Mode {
    /// Browsing the tables.
    #[default]
    Normal,
    /// Typing into the selected cell.
    Editing(CellEditor),
    /// Typing the filter of the table in view; it applies as it is typed.
    Filter(CellEditor),
    /// A popup: a question, help, an import to review (see `popups`).
    Popup(popups::Popup),
}

impl Mode {
    /// A list to choose from.
    pub fn picking(picker: Picker) -> Mode {
        Mode::Popup(popups::Popup::Picker(picker))
    }

    /// A prompt for a file path.
    pub fn path(purpose: PathFor, editor: CellEditor) -> Mode {
        Mode::Popup(popups::Popup::Path(popups::path::PathPrompt {
            purpose,
            editor,
        }))
    }

    /// The settings popup, this field selected.
    pub fn settings(field: usize) -> Mode {
        Mode::Popup(popups::Popup::Settings(popups::settings::Settings {
            field,
        }))
    }

    /// Which keys are live.
    pub fn context(&self) -> Context {
        match self {
            Mode::Normal => Context::Normal,
            Mode::Editing(_) | Mode::Filter(_) => Context::Text,
            Mode::Popup(p) => p.context(),
        }
    }
}

/// The status line: the last thing that happened.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    /// The message.
    pub text: String,
    /// True for refusals and failures.
    pub is_error: bool,
}

/// The other plan of the Compare tab: the baseline ("was") that the open
/// plan ("now") is compared with.
#[derive(Debug, Clone)]
pub struct Comparing {
    /// Its file, as the user chose it.
    pub path: PathBuf,
    /// The plan as read from that file.
    pub plan: Plan,
    /// Its figures, for the open plan's estimate.
    pub results: Results,
    /// It against the open plan, kept current by `update` after every change.
    pub diff: PlanDiff,
}

/// What a plan's file held when the planner opened or last saved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnDisk {
    /// The file.
    pub path: PathBuf,
    /// `plan_file::fingerprint` of its text then.
    pub fingerprint: u64,
}

/// This run's recovery copy (see `store::recovery` and `app::recovery`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovery {
    /// The copy this run writes, once it has written one.
    pub file: Option<PathBuf>,
    /// What the copy holds: a fingerprint of the history point and any
    /// unfinished edit.
    pub kept: Option<u64>,
    /// A copy from an earlier run whose changes this run restored: removed
    /// once this run has kept or saved them itself.
    pub adopted: Option<PathBuf>,
}

/// Everything the planner shows.
#[derive(Debug, Clone)]
pub struct App {
    /// The open plan (always valid).
    pub plan: Plan,
    /// Its file, if it has one.
    pub path: Option<PathBuf>,
    /// The engine's figures for `plan`, kept current by `update`.
    pub results: Results,
    /// The tab in view.
    pub tab: Tab,
    /// Selection per tab, in `Tab::ALL` order.
    pub cursors: [Cursor; Tab::ALL.len()],
    /// What has the keyboard.
    pub mode: Mode,
    /// Undo, redo, and what is saved.
    pub history: History,
    /// The plan as its file holds it (or the built-in plan): what
    /// "modified" is measured against.
    pub pristine: std::sync::Arc<Plan>,
    /// True when `plan` differs from `pristine`; kept by `update`.
    modified: bool,
    /// Per tab, which rows are in view and in what order (filter, sort).
    pub views: [RowView; Tab::ALL.len()],
    /// The status line.
    pub status: Status,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Folder of the plan library, listed by the open dialog.
    pub library: Option<PathBuf>,
    /// Plans saved or opened in this run, newest first: the open and
    /// compare lists offer them where the library does not hold them.
    pub recent: Vec<PathBuf>,
    /// The plan the Compare tab compares with, once one is chosen.
    pub compare: Option<Comparing>,
    /// The file as opened or last saved, to notice someone else's change
    /// before saving over it; `None` when not known.
    pub on_disk: Option<OnDisk>,
    /// This run's recovery copy of unsaved changes (see `store::recovery` and `app::recovery`).
    pub recovery: Recovery,
    /// The Scenarios tab explains the selected scenario instead of charting it.
    pub explain: bool,
    /// Which chart the Scenarios tab draws: cost by volume, the tornado,
    /// the growth timeline or a day hour by hour.
    pub chart: crate::output::charts::Kind,
    /// Lines of the explanation scrolled past, and the scenario row they
    /// were scrolled for (another row starts at the top).
    pub explain_scroll: (usize, usize),
    /// The tornado or timeline of the selected scenario, worked out by
    /// `update` when what it shows changes; the views only draw it.
    pub insight: Insight,
    /// Counts every recompute of the results, so a figure worked out from
    /// them knows when it is out of date.
    pub generation: u64,
    /// What the action being carried out asks of the files and the clock;
    /// `update` hands them to its caller.
    pub effects: Vec<effect::Effect>,
    /// Set when the app should exit.
    pub should_quit: bool,
}

/// The Scenarios tab's tornado and timeline, for one scenario and one
/// state of the results.
#[derive(Debug, Clone, Default)]
pub struct Insight {
    /// What it was worked out for: the scenario row, the chart, and the
    /// results' generation.
    pub key: Option<(usize, crate::output::charts::Kind, u64)>,
    /// Each input swung ±25 %, when the tornado is shown.
    pub tornado: Option<crate::analysis::sensitivity::Tornado>,
    /// The growth timeline, when it is shown.
    pub timeline: Option<crate::analysis::insight::Timeline>,
}

impl App {
    /// A planner on a plan, with its file if it has one.
    pub fn new(plan: Plan, path: Option<PathBuf>) -> Self {
        let results = evaluate(&plan, plan.settings.estimate);
        let pristine = std::sync::Arc::new(plan.clone());
        let status = Status {
            text: format!(
                "{} — press ? for keys",
                path.as_ref()
                    .map_or("built-in plan".to_string(), |p| p.display().to_string())
            ),
            is_error: false,
        };
        Self {
            plan,
            path,
            results,
            tab: Tab::Scenarios,
            cursors: [Cursor::default(); Tab::ALL.len()],
            views: Default::default(),
            mode: Mode::Normal,
            history: History::default(),
            pristine,
            modified: false,
            status,
            size: (80, 24),
            library: None,
            recent: Vec::new(),
            compare: None,
            on_disk: None,
            recovery: Recovery::default(),
            explain: false,
            chart: crate::output::charts::Kind::Cost,
            explain_scroll: (0, 0),
            insight: Insight::default(),
            generation: 0,
            effects: Vec::new(),
            should_quit: false,
        }
    }

    /// A planner on a plan read from `path`, remembering what the file held
    /// (its fingerprint) so that saving notices someone else's change.
    pub fn on_file(plan: Plan, path: PathBuf, fingerprint: u64) -> Self {
        let mut app = App::new(plan, Some(path.clone()));
        app.on_disk = Some(OnDisk { path, fingerprint });
        app
    }

    /// The selection of the tab in view.
    pub fn cursor(&self) -> Cursor {
        self.cursors[self.tab.index()]
    }

    /// The rows in view on the tab in view: its filter and order.
    pub fn view(&self) -> &RowView {
        &self.views[self.tab.index()]
    }

    /// How many rows the tab in view shows (all, unless filtered).
    pub fn rows_in_view(&self) -> usize {
        self.view().len(self.tab.rows(&self.plan))
    }

    /// The selection of a tab.
    pub fn cursor_of(&self, tab: Tab) -> Cursor {
        self.cursors[tab.index()]
    }

    pub(crate) fn cursor_mut(&mut self) -> &mut Cursor {
        &mut self.cursors[self.tab.index()]
    }

    /// True when the plan differs from its file (or from the built-in plan).
    pub fn is_modified(&self) -> bool {
        self.modified
    }

    /// After a change, an undo or a redo: is the plan still what its file
    /// holds? Back at the saved point of the history it is; elsewhere it
    /// is compared (a value typed back to what it was is no change), the
    /// row just changed first, so that a keystroke in a plan of thousands
    /// of rows compares one row, not all of them.
    pub(crate) fn note_modified(&mut self, changed: Option<(crate::plan::Table, usize)>) {
        let (now, file) = (&self.plan, &*self.pristine);
        self.modified = self.history.is_modified()
            && (changed.is_some_and(|(table, row)| !table.same_row(now, file, row))
                || crate::plan::Table::ALL
                    .iter()
                    .any(|t| t.len(now) != t.len(file))
                || now != file);
    }

    /// The plan is now what its file holds.
    pub(crate) fn note_saved(&mut self) {
        self.history.mark_saved();
        self.pristine = std::sync::Arc::new(self.plan.clone());
        self.modified = false;
    }
}
