//! The popups over the tables: each is one module holding its state, its
//! keys, what its keys do, and how it is drawn. `popups!` below is the one
//! list of them (as gitui keeps its components): the mode that holds an
//! open popup, the key map's contexts, the help overlay and the hint bar
//! all come from it, so a new popup is a module and a line here.

pub mod conflict;
pub mod help;
pub mod import;
pub mod path;
pub mod picker;
pub mod recover;
pub mod replace;
pub mod settings;
pub mod unsaved;

use super::keymap::Binding;
use super::{Action, App};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

/// Where a popup is drawn: the whole screen, and the part under the header.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    /// The whole terminal.
    pub whole: Rect,
    /// Below the header and tabs' line.
    pub body: Rect,
}

macro_rules! popups {
    ($( $variant:ident => $module:ident::$state:ident ),+ $(,)?) => {
        /// An open popup, with its state.
        #[derive(Debug, Clone)]
        pub enum Popup { $( $variant($module::$state) ),+ }

        /// Which popup: the key map's context for it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind { $( $variant ),+ }

        impl Kind {
            /// Every popup, in the order help lists their keys.
            pub const ALL: &'static [Kind] = &[ $( Kind::$variant ),+ ];

            /// Its keys.
            pub fn keys(self) -> &'static [Binding] {
                match self { $( Kind::$variant => $module::KEYS ),+ }
            }

            /// How the help overlay titles its keys.
            pub fn title(self) -> &'static str {
                match self { $( Kind::$variant => $module::TITLE ),+ }
            }

            /// The actions the hint bar shows while it is open.
            pub fn hints(self) -> &'static [Action] {
                match self { $( Kind::$variant => $module::HINTS ),+ }
            }
        }

        impl Popup {
            /// Which popup it is.
            pub fn kind(&self) -> Kind {
                match self { $( Popup::$variant(_) => Kind::$variant ),+ }
            }

            /// Which keys are live while it is open: its own, or the key
            /// map's list or text keys for a list or a prompt.
            pub fn context(&self) -> super::keymap::Context {
                match self { $( Popup::$variant(state) => $module::context(state) ),+ }
            }

            /// What a key pressed in it does (it is closed first; its
            /// `update` opens it again to stay).
            pub(super) fn update(self, app: &mut App, action: Action) {
                match self { $( Popup::$variant(state) => $module::update(app, state, action) ),+ }
            }

            /// Draws it over the screen; changes nothing.
            pub fn draw(&self, frame: &mut Frame, screen: Screen, app: &App, theme: &Theme) {
                match self { $( Popup::$variant(state) => $module::draw(frame, screen, app, state, theme) ),+ }
            }
        }
    };
}

popups! {
    Picker => picker::Picker,
    Path => path::PathPrompt,
    Settings => settings::Settings,
    Help => help::Help,
    Unsaved => unsaved::Unsaved,
    Conflict => conflict::Conflict,
    Replace => replace::Replace,
    Recover => recover::Recover,
    Import => import::Review,
}

/// The context of a popup with keys of its own.
const fn own(kind: Kind) -> super::keymap::Context {
    super::keymap::Context::Popup(kind)
}

/// The key of the binding for an action in a popup, as hints and answers
/// show it.
pub fn key_for(kind: Kind, action: &Action) -> String {
    super::keymap::key_for(super::keymap::Context::Popup(kind), action).unwrap_or_default()
}

/// `(key, what it does)` for a popup's answers.
fn answers(kind: Kind, choices: &[(Action, String)]) -> Vec<(String, String)> {
    choices
        .iter()
        .map(|(action, what)| (key_for(kind, action), what.clone()))
        .collect()
}
