//! Where each field of a plan file was written, so that a rule broken after
//! parsing is reported at its line and column.

use crate::base::hash::FastMap;
use crate::plan::{PlanError, Problem, Section};
use std::ops::Range as Span;
use toml::Spanned;

/// Spans of every field read, keyed by where the field sits and its key
/// (a row's own span under the key ""): no path is formatted unless a
/// problem is reported, which keeps loading a big plan cheap.
#[derive(Default)]
pub(super) struct Spans {
    pub(super) at: FastMap<(Section, &'static str), Span<usize>>,
    /// Where the text being read starts in the file (a part of a big plan).
    pub(super) base: usize,
}

impl Spans {
    pub(super) fn insert(&mut self, section: Section, key: &'static str, span: Span<usize>) {
        let base = self.base;
        self.at
            .insert((section, key), span.start + base..span.end + base);
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
            .at
            .get(&(problem.section, problem.key))
            .or_else(|| self.at.get(&(problem.section, "")))
            .cloned();
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
