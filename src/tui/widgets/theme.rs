//! Colours and emphasis in one place. Without colour (NO_COLOR, monochrome
//! terminals) emphasis falls back to bold, reverse and underline, and every
//! verdict also carries a symbol.

use crate::engine::Verdict;
use ratatui::style::{Color, Modifier, Style};

/// The styles the views use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False under NO_COLOR.
    pub color: bool,
}

impl Theme {
    /// Colour unless the `NO_COLOR` convention asks otherwise.
    pub fn from_env() -> Self {
        Self {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    /// The title bar.
    pub fn header(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Cyan),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// The tab in view.
    pub fn active_tab(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// Column headings.
    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The selected row.
    pub fn selected_row(&self) -> Style {
        self.pick(
            Style::new().bg(Color::DarkGray),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The selected cell.
    pub fn selected_cell(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Text selected in an editor (typing replaces it).
    pub fn selection(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::LightCyan),
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        )
    }

    /// Secondary text: inherited values, hints.
    pub fn dim(&self) -> Style {
        self.pick(Style::new().fg(Color::Gray), Style::new())
    }

    /// Refusals and failures.
    pub fn error(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// A verdict's colour.
    pub fn verdict(&self, v: Verdict) -> Style {
        let c = match v {
            Verdict::ApiCheaper => Color::Cyan,
            Verdict::SelfHostCheaper => Color::Green,
            Verdict::Depends => Color::Yellow,
            Verdict::NoPrice => Color::Red,
        };
        self.pick(Style::new().fg(c), Style::new())
    }

    /// Chart line colours: API, self-host low, self-host high, markers.
    pub fn series(&self, i: usize) -> Style {
        let c = [Color::Cyan, Color::Green, Color::Yellow, Color::Magenta][i % 4];
        self.pick(Style::new().fg(c), Style::new())
    }
}
