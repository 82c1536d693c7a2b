//! Text for a terminal or Markdown for a document, from one writer: reports
//! and comparisons say what goes where, `Markup` says how it is spelled.

use crate::base::safe_text::{self, shown};

/// How a document is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Plain text with aligned columns, for a terminal.
    Text,
    /// GitHub-flavoured Markdown, for pull requests and design docs.
    Markdown,
}

impl Markup {
    /// The document's title line(s).
    pub fn title(self, text: &str) -> String {
        match self {
            Markup::Text => format!("{}\n", shown(text)),
            Markup::Markdown => format!("## {}\n\n", shown(text)),
        }
    }

    /// A section heading.
    pub fn heading(self, text: &str) -> String {
        match self {
            Markup::Text => format!("{text}\n"),
            Markup::Markdown => format!("### {text}\n\n"),
        }
    }

    /// A table.
    pub fn table(self, table: &TextTable) -> String {
        let mut out = String::new();
        self.push_table(table, &mut out);
        out
    }

    /// A table, appended to `out` (a report's table of 100,000 rows is not
    /// built apart and copied in).
    pub fn push_table(self, table: &TextTable, out: &mut String) {
        match self {
            Markup::Text => table.push_text(out),
            Markup::Markdown => out.push_str(&table.to_markdown()),
        }
    }

    /// What ends a table before a paragraph: Markdown needs a blank line.
    pub fn after_table(self) -> &'static str {
        match self {
            Markup::Text => "",
            Markup::Markdown => "\n",
        }
    }

    /// What separates two paragraphs: Markdown needs a blank line.
    pub fn paragraph_break(self) -> &'static str {
        match self {
            Markup::Text => "\n",
            Markup::Markdown => "\n\n",
        }
    }

    /// Words set off in bold.
    pub fn strong(self, text: &str) -> String {
        match self {
            Markup::Text => text.to_string(),
            Markup::Markdown => format!("**{text}**"),
        }
    }

    /// Code or a file name.
    pub fn code(self, text: &str) -> String {
        match self {
            Markup::Text => shown(text).into_owned(),
            Markup::Markdown => format!("`{}`", shown(text)),
        }
    }

    /// The start of a list item.
    pub fn bullet(self) -> &'static str {
        match self {
            Markup::Text => " ",
            Markup::Markdown => "-",
        }
    }
}

/// Columns with a heading and an alignment, and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTable {
    /// Column headings.
    pub headers: Vec<String>,
    /// True for right-aligned (numeric) columns.
    pub right: Vec<bool>,
    /// Rows of cells, one per column.
    pub rows: Vec<Vec<String>>,
}

impl TextTable {
    /// A table with these `(heading, right_aligned)` columns and no rows.
    pub fn new(columns: &[(&str, bool)]) -> Self {
        Self {
            headers: columns.iter().map(|(h, _)| h.to_string()).collect(),
            right: columns.iter().map(|(_, r)| *r).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row. Cells hold data (names, notes): control characters
    /// are shown escaped, so no cell splits a row or reaches a terminal raw.
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(
            row.into_iter()
                .map(|cell| match safe_text::shown(&cell) {
                    std::borrow::Cow::Borrowed(_) => cell,
                    escaped => escaped.into_owned(),
                })
                .collect(),
        );
    }

    /// The display width of each column: its widest cell or heading.
    pub fn widths(&self) -> Vec<usize> {
        (0..self.headers.len())
            .map(|c| {
                std::iter::once(&self.headers[c])
                    .chain(self.rows.iter().map(|r| &r[c]))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    /// Columns separated by two spaces, headings underlined.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    /// `to_text`, appended to `out`.
    pub fn push_text(&self, out: &mut String) {
        let widths = self.widths();
        // Room for the whole table at once: reports of thousands of rows.
        out.reserve((widths.iter().sum::<usize>() + 2 * widths.len()) * (self.rows.len() + 2));
        let mut line = |cells: &[String]| {
            let start = out.len();
            for (c, ((cell, w), right)) in cells.iter().zip(&widths).zip(&self.right).enumerate() {
                if c > 0 {
                    out.push_str("  ");
                }
                let fill = w.saturating_sub(cell.chars().count());
                if *right {
                    out.extend(std::iter::repeat_n(' ', fill));
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    out.extend(std::iter::repeat_n(' ', fill));
                }
            }
            let kept = out[start..].trim_end().len();
            out.truncate(start + kept);
            out.push('\n');
        };
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        line(&self.headers);
        line(&rule);
        for row in &self.rows {
            line(row);
        }
    }

    /// A GitHub-flavoured Markdown table; `|` in cells is escaped.
    pub fn to_markdown(&self) -> String {
        let row = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
            format!("| {} |\n", cells.join(" | "))
        };
        let mut out = row(&self.headers);
        let align: Vec<String> = self
            .right
            .iter()
            .map(|r| if *r { "---:" } else { "---" }.to_string())
            .collect();
        out.push_str(&format!("|{}|\n", align.join("|")));
        for r in &self.rows {
            out.push_str(&row(r));
        }
        out
    }
}
