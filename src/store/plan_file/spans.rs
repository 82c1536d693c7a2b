//! Where each field of a plan file was written, so that a rule broken after
//! parsing is reported at its line and column.

use crate::plan::{PlanError, Problem, Section};
use std::ops::Range as Span;
use toml::Spanned;

/// Spans of every field read, with where the field sits and its key (a
/// row's own span under the key ""), in the order read: no path is
/// formatted, and nothing hashed, unless a problem is reported, which keeps
/// loading a big plan cheap (a plan of 100,000 scenarios records 800,000).
#[derive(Default)]
pub(super) struct Spans {
    at: Vec<(Section, &'static str, Span<usize>)>,
    /// Where the text being read starts in the file (a part of a big plan).
    pub(super) base: usize,
}

impl Spans {
    pub(super) fn insert(&mut self, section: Section, key: &'static str, span: Span<usize>) {
        let base = self.base;
        self.at
            .push((section, key, span.start + base..span.end + base));
    }

    /// The span last recorded for a field.
    fn get(&self, section: Section, key: &str) -> Option<Span<usize>> {
        self.at
            .iter()
            .rev()
            .find(|(s, k, _)| *s == section && *k == key)
            .map(|(_, _, span)| span.clone())
    }

    pub(super) fn take<T>(
        &mut self,
        section: Section,
        key: &'static str,
        value: Spanned<impl Into<T>>,
    ) -> T {
        self.insert(section, key, value.span());
        value.into_inner().into()
    }

    /// A problem as an error pointing at its field (or its row) in the text.
    pub(super) fn locate(&self, text: &str, file: &str, problem: Problem) -> PlanError {
        let span = self
            .get(problem.section, problem.key)
            .or_else(|| self.get(problem.section, ""));
        PlanError::at(file, text, span, Some(problem.path()), problem.message)
    }
}

/// The spans of one row's fields.
pub(super) struct RowSpans<'a> {
    pub(super) spans: &'a mut Spans,
    pub(super) section: Section,
}

impl RowSpans<'_> {
    pub(super) fn take<T>(&mut self, key: &'static str, value: Spanned<impl Into<T>>) -> T {
        self.spans.take(self.section, key, value)
    }

    /// An optional field's value, or `default` when the file leaves it out.
    pub(super) fn or<T>(
        &mut self,
        key: &'static str,
        value: Option<Spanned<impl Into<T>>>,
        default: T,
    ) -> T {
        value.map_or(default, |v| self.take(key, v))
    }
}
