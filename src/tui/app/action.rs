//! Everything a user can ask of the planner. Keys and mouse events map to
//! these (see `keymap`); `update` is the one place that carries them out.

use super::Tab;
use tui_input::InputRequest;

/// One thing to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave (asks first when there are unsaved changes).
    Quit,
    /// Show or hide the list of keys.
    ToggleHelp,
    /// Close the open popup, or cancel the edit in progress.
    Cancel,
    /// Next tab.
    NextTab,
    /// Previous tab.
    PrevTab,
    /// A tab by name (number keys, clicks).
    SelectTab(Tab),
    /// Move the selection by rows (negative is up).
    MoveRows(i32),
    /// Move the selection by columns (negative is left).
    MoveColumns(i32),
    /// To the next column a user can edit (skipping computed figures).
    NextInput,
    /// To the previous column a user can edit.
    PrevInput,
    /// To the first column.
    FirstColumn,
    /// To the last column.
    LastColumn,
    /// Move by a page of rows (negative is up).
    Page(i32),
    /// First row.
    Home,
    /// Last row.
    End,
    /// Select a row of the current table.
    SelectRow(usize),
    /// Select a cell of the current table: row, column (clicks).
    SelectCell(usize, usize),
    /// Edit the selected cell (a text field, or a list for choices).
    Edit,
    /// An editing request for the text field of the cell being edited.
    Input(InputRequest),
    /// Text pasted into the text field being edited (control characters
    /// already removed).
    Paste(String),
    /// Commit the edit, the choice, or the prompt's text.
    Confirm,
    /// Add a row to the current table.
    AddRow,
    /// Duplicate the selected row.
    DuplicateRow,
    /// Delete the selected row.
    DeleteRow,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Save to the plan's file (asks for a path when it has none).
    Save,
    /// Save to a new path.
    SaveAs,
    /// Open another plan.
    Open,
    /// Choose the plan the Compare tab compares the open plan with.
    CompareWith,
    /// Switch the plan's deployment between cloud and on-prem.
    ToggleDeployment,
    /// Explain the selected scenario (why its figures are what they are)
    /// instead of charting it, or back.
    ToggleExplain,
    /// Open the plan's name and settings for editing.
    OpenSettings,
    /// Scroll the explanation by this many lines (negative: up).
    ScrollExplain(i32),
    /// Cycle the estimate: range, low, mid, high.
    CycleEstimate,
    /// Count overheads in verdicts, factors and break-evens, or not.
    ToggleOverheads,
    /// In the unsaved-changes prompt: save, then quit or open.
    SaveFirst,
    /// In the unsaved-changes prompt: drop the changes, then quit or open.
    DiscardFirst,
    /// The file changed on disk: save over it anyway.
    Overwrite,
    /// The file changed on disk: open it as it is now, dropping the changes.
    Reload,
    /// The file changed on disk: save the plan to another file.
    SaveElsewhere,
    /// The file changed on disk: compare it with the open plan; kept
    /// changes: compare them with the open plan.
    ShowChanges,
    /// Kept changes of an earlier run: make them the open plan's (one undo step).
    Restore,
    /// Kept changes of an earlier run: delete them.
    DiscardKept,
    /// Filter the rows of the table in view by name, as you type.
    Filter,
    /// Sort the table in view by the selected column: up, down, off.
    Sort,
    /// The next chart of the selected scenario: cost by volume, tornado,
    /// growth timeline, a day hour by hour.
    NextChart,
    /// Where would the two sides meet? Each input of the selected scenario
    /// solved; Enter sets one.
    GoalSeek,
    /// Import a price catalog, GPU offers or a benchmark run into the plan.
    Import,
    /// An import's summary: apply it (one undo step).
    ApplyImport,
    /// An import's summary: change how it imports, and read it again.
    ImportOption(ImportOption),
    /// Stop for now and return to the shell; `fg` resumes (the terminal
    /// loop carries it out: it owns the terminal).
    Suspend,
    /// The terminal changed size.
    Resize(u16, u16),
    /// Compare the open plan with this plan file (`render --against`).
    CompareFile(std::path::PathBuf),
    /// What an effect `update` asked for found (see `effect`).
    Done(Box<super::effect::Done>),
}

/// What an import to review can be told, as `inferplan import` is by its
/// flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOption {
    /// `--only PATTERN`: only models whose name holds it.
    Only,
    /// `--pick cheapest|median|SELLER`.
    Pick,
    /// `--include-free`: take listings priced 0 / 0.
    IncludeFree,
    /// `--new-tiers`: tiers for GPU shapes no tier has.
    NewTiers,
    /// `--spot`: spot prices of GPU offers.
    Spot,
    /// `--p99-e2el-ms MS`: the latency limit for benchmark runs.
    LatencyLimit,
}
