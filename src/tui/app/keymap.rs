//! The one key map: the event handler looks keys up here, and the help
//! overlay and hint bar are generated from it, so they cannot drift apart.

use super::Tab;
use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::InputRequest;

/// Which keys are live: the tables, an editor, a list, or a popup (each
/// popup's keys are in its own module, see `popups`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Browsing the tables.
    Normal,
    /// Typing into a text field (a cell, a path).
    Text,
    /// Choosing from a list.
    List,
    /// A popup.
    Popup(super::popups::Kind),
}

impl Context {
    /// How the help overlay titles this context's keys.
    pub fn title(self) -> &'static str {
        match self {
            Context::Normal => "Tables",
            Context::Text => "Editing a value",
            Context::List => "Choosing from a list",
            Context::Popup(kind) => kind.title(),
        }
    }

    /// Every context, in the order help lists them.
    pub fn all() -> impl Iterator<Item = Context> {
        // A list or a prompt uses the list or text keys: only popups with
        // keys of their own have a context of their own.
        [Context::Normal, Context::Text, Context::List]
            .into_iter()
            .chain(
                super::popups::Kind::ALL
                    .iter()
                    .filter(|k| !k.keys().is_empty())
                    .map(|k| Context::Popup(*k)),
            )
    }
}

/// A key and its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt, Shift (Shift only for keys that are not characters).
    pub mods: KeyModifiers,
}

/// A key without modifiers.
pub const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

/// A character key.
pub const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

/// Ctrl and a character.
pub const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

/// Keys, what they do in a context, and how help describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// Where the keys are live.
    pub context: Context,
    /// The keys (the first is the one hints show).
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// A few words for help and hints.
    pub help: &'static str,
}

/// A binding: keys, the action they ask for there, and its help.
pub const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
    }
}

use Context::{List, Normal, Text};
use KeyCode::{
    BackTab, Backspace, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Up,
};

/// Every binding, one a line so the list reads as a table (as gitui keeps
/// its key list). Order is the order help shows them in.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind(Normal,   &[key(Up), ch('k')],             Action::MoveRows(-1),                        "move up"),
    bind(Normal,   &[key(Down), ch('j')],           Action::MoveRows(1),                         "move down"),
    bind(Normal,   &[key(Left), ch('h')],           Action::MoveColumns(-1),                     "move left"),
    bind(Normal,   &[key(Right), ch('l')],          Action::MoveColumns(1),                      "move right"),
    bind(Normal,   &[ch('w')],                      Action::NextInput,                           "next input column"),
    bind(Normal,   &[ch('b')],                      Action::PrevInput,                           "previous input column"),
    bind(Normal,   &[ch('0')],                      Action::FirstColumn,                         "first column"),
    bind(Normal,   &[ch('$')],                      Action::LastColumn,                          "last column"),
    bind(Normal,   &[key(PageUp)],                  Action::Page(-1),                            "page up"),
    bind(Normal,   &[key(PageDown)],                Action::Page(1),                             "page down"),
    bind(Normal,   &[key(Home), ch('g')],           Action::Home,                                "first row"),
    bind(Normal,   &[key(End), ch('G')],            Action::End,                                 "last row"),
    bind(Normal,   &[ch('/')],                      Action::Filter,                              "filter rows by name (Esc clears)"),
    bind(Normal,   &[ch('s')],                      Action::Sort,                                "sort by column: up, down, off"),
    bind(Normal,   &[ch('=')],                      Action::GoalSeek,                            "goal seek: where the sides meet"),
    bind(Normal,   &[key(Enter), ch('e')],          Action::Edit,                                "edit"),
    bind(Normal,   &[ch('a')],                      Action::AddRow,                              "add row"),
    bind(Normal,   &[ch('c')],                      Action::DuplicateRow,                        "duplicate row"),
    bind(Normal,   &[ch('d'), key(Delete)],         Action::DeleteRow,                           "delete row"),
    bind(Normal,   &[ch('u')],                      Action::Undo,                                "undo"),
    bind(Normal,   &[ctrl('r')],                    Action::Redo,                                "redo"),
    bind(Normal,   &[ch('x')],                      Action::ToggleExplain,                       "explain the scenario / chart it"),
    bind(Normal,   &[ch('v')],                      Action::NextChart,                           "chart: cost/tornado/timeline/day"),
    bind(Normal,   &[ch('J')],                      Action::ScrollExplain(1),                    "scroll the explanation down"),
    bind(Normal,   &[ch('K')],                      Action::ScrollExplain(-1),                   "scroll the explanation up"),
    bind(Normal,   &[ch('D')],                      Action::ToggleDeployment,                    "cloud / on-prem"),
    bind(Normal,   &[ch('E')],                      Action::CycleEstimate,                       "estimate: range/low/mid/high"),
    bind(Normal,   &[ch('O')],                      Action::ToggleOverheads,                     "verdicts with / without overheads"),
    bind(Normal,   &[ch('p')],                      Action::OpenSettings,                        "settings…"),
    bind(Normal,   &[key(KeyCode::Tab)],            Action::NextTab,                             "next tab"),
    bind(Normal,   &[key(BackTab)],                 Action::PrevTab,                             "previous tab"),
    bind(Normal,   &[ch('1')],                      Action::SelectTab(Tab::Scenarios),           "Scenarios tab"),
    bind(Normal,   &[ch('2')],                      Action::SelectTab(Tab::Models),              "Models tab"),
    bind(Normal,   &[ch('3')],                      Action::SelectTab(Tab::Tiers),               "GPU tiers tab"),
    bind(Normal,   &[ch('4')],                      Action::SelectTab(Tab::Overheads),           "Overheads tab"),
    bind(Normal,   &[ch('5')],                      Action::SelectTab(Tab::Compare),             "Compare tab"),
    bind(Normal,   &[ctrl('s')],                    Action::Save,                                "save"),
    bind(Normal,   &[ch('S')],                      Action::SaveAs,                              "save as…"),
    bind(Normal,   &[ch('o')],                      Action::Open,                                "open a plan…"),
    bind(Normal,   &[ch('C')],                      Action::CompareWith,                         "compare with a plan…"),
    bind(Normal,   &[ch('I')],                      Action::Import,                              "import data (prices, GPUs, runs)…"),
    bind(Normal,   &[ch('?')],                      Action::ToggleHelp,                          "help"),
    bind(Normal,   &[ctrl('z')],                    Action::Suspend,                             "suspend (fg resumes)"),
    bind(Normal,   &[ch('q'), ctrl('c')],           Action::Quit,                                "quit"),
    bind(Text,     &[key(Enter)],                   Action::Confirm,                             "commit"),
    bind(Text,     &[key(Esc)],                     Action::Cancel,                              "cancel"),
    bind(Text,     &[key(Left)],                    Action::Input(InputRequest::GoToPrevChar),   "cursor left"),
    bind(Text,     &[key(Right)],                   Action::Input(InputRequest::GoToNextChar),   "cursor right"),
    bind(Text,     &[key(Home), ctrl('a')],         Action::Input(InputRequest::GoToStart),      "start of text"),
    bind(Text,     &[key(End), ctrl('e')],          Action::Input(InputRequest::GoToEnd),        "end of text"),
    bind(Text,     &[key(Backspace)],               Action::Input(InputRequest::DeletePrevChar), "delete left"),
    bind(Text,     &[key(Delete)],                  Action::Input(InputRequest::DeleteNextChar), "delete right"),
    bind(Text,     &[ctrl('u')],                    Action::Input(InputRequest::DeleteLine),     "clear"),
    bind(Text,     &[ctrl('c')],                    Action::Cancel,                              "cancel"),
    bind(List,     &[key(Up), ch('k')],             Action::MoveRows(-1),                        "previous"),
    bind(List,     &[key(Down), ch('j')],           Action::MoveRows(1),                         "next"),
    bind(List,     &[key(Enter)],                   Action::Confirm,                             "choose"),
    bind(List,     &[key(Esc), ch('q'), ctrl('c')], Action::Cancel,                              "cancel"),
];

/// The action a key press asks for in a context.
pub fn action_for(context: Context, event: KeyEvent) -> Option<Action> {
    // Windows reports releases too; only presses act.
    if event.kind != KeyEventKind::Press {
        return None;
    }
    // Terminals send Shift with capitals, symbols and Shift-Tab; the key
    // itself says it all.
    let mods = match event.code {
        KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
        _ => event.modifiers,
    };
    let pressed = Key {
        code: event.code,
        mods,
    };
    let bound = bindings(context)
        .find(|b| b.keys.contains(&pressed))
        .map(|b| b.action.clone());
    match (bound, context, event.code) {
        (Some(a), _, _) => Some(a),
        (None, Context::Text, KeyCode::Char(c)) if !mods.contains(KeyModifiers::CONTROL) => {
            Some(Action::Input(InputRequest::InsertChar(c)))
        }
        _ => None,
    }
}

/// How a key reads in help: `Ctrl-s`, `Shift-Tab`, `↑`, `q`.
pub fn label(k: Key) -> String {
    let name = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::Delete => "Del".into(),
        other => format!("{other}"),
    };
    if k.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

/// All keys of a binding: `↑/k`.
pub fn keys_label(b: &Binding) -> String {
    b.keys
        .iter()
        .map(|k| label(*k))
        .collect::<Vec<_>>()
        .join("/")
}

/// The bindings of a context, for keys, help and hints.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    let popup: &'static [Binding] = match context {
        Context::Popup(kind) => kind.keys(),
        Context::Normal | Context::Text | Context::List => &[],
    };
    BINDINGS
        .iter()
        .chain(popup)
        .filter(move |b| b.context == context)
}

/// Every binding of every context.
pub fn all() -> impl Iterator<Item = &'static Binding> {
    Context::all().flat_map(bindings)
}

/// The first key of the binding for an action in a context, for hints.
pub fn key_for(context: Context, action: &Action) -> Option<String> {
    bindings(context)
        .find(|b| &b.action == action)
        .map(|b| label(b.keys[0]))
}
