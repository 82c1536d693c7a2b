//! What an import did, as the user reads it before (or after) it applies.

use std::collections::BTreeMap;
use std::fmt::Write;

/// What was read, changed, added, skipped and flagged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// What was imported: `litellm litellm.json 2026-11-20`, one per file.
    pub sources: Vec<String>,
    /// How the figures were chosen and converted, one line each.
    pub method: Vec<String>,
    /// Rows of the plan changed, each with its old → new figures.
    pub changed: Vec<String>,
    /// Rows added.
    pub added: Vec<String>,
    /// Rows matched whose figures and sources were already these.
    pub unchanged: usize,
    /// Entries not taken, by reason, with the first few names.
    pub skipped: Skips,
    /// What wants a look: guesses, absurd prices, rows left unassigned.
    pub flagged: Vec<String>,
}

impl Summary {
    /// True when applying the import changes the plan.
    pub fn changes_anything(&self) -> bool {
        !(self.changed.is_empty() && self.added.is_empty())
    }

    /// The summary as lines of text.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.sources {
            out.push(format!("Imported {s}"));
        }
        out.extend(self.method.iter().map(|m| format!("  {m}")));
        let changed = format!("Changed {}:", plural(self.changed.len(), "row"));
        list(&mut out, changed, &self.changed);
        let added = format!("Added {}:", plural(self.added.len(), "row"));
        list(&mut out, added, &self.added);
        if self.unchanged > 0 {
            out.push(format!("Unchanged: {}", plural(self.unchanged, "row")));
        }
        let skipped = self.skipped.total();
        if skipped > 0 {
            out.push(format!("Skipped {}:", plural(skipped, "entry")));
            let mut reasons: Vec<_> = self.skipped.counts.iter().collect();
            reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (reason, n) in reasons {
                out.push(format!(
                    "  {n:>5}  {reason}{}",
                    self.skipped.examples(reason, *n)
                ));
            }
        }
        let flagged = format!("Flagged {}:", plural(self.flagged.len(), "item"));
        list(&mut out, flagged, &self.flagged);
        match (self.changes_anything(), self.unchanged) {
            (true, _) => {}
            (false, 0) => out.push(
                "Nothing to change: nothing in the file was taken (see what was skipped).".into(),
            ),
            (false, _) => {
                out.push("Nothing to change: the plan already holds these figures.".into())
            }
        }
        out
    }

    /// The summary as text, one line each.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for line in self.lines() {
            let _ = writeln!(s, "{}", crate::base::safe_text::shown(&line));
        }
        s
    }
}

/// Entries not taken: how many for each reason, and the first few of them
/// by the catalog's own name, so an odd one can be found in its file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skips {
    /// How many, by reason.
    pub counts: BTreeMap<&'static str, usize>,
    /// The first `NAMED` names, by reason.
    pub names: BTreeMap<&'static str, Vec<String>>,
}

/// Names kept for each reason.
const NAMED: usize = 3;

impl Skips {
    /// One entry not taken, named as its catalog names it.
    pub fn add(&mut self, reason: &'static str, name: &str) {
        self.count(reason, 1);
        let names = self.names.entry(reason).or_default();
        if names.len() < NAMED {
            names.push(name.to_string());
        }
    }

    /// `n` entries not taken, without names (rows of a table, groups).
    pub fn count(&mut self, reason: &'static str, n: usize) {
        *self.counts.entry(reason).or_default() += n;
    }

    /// Another reader's skips added to these.
    pub fn extend(&mut self, other: Skips) {
        for (reason, n) in other.counts {
            self.count(reason, n);
        }
        for (reason, names) in other.names {
            let mine = self.names.entry(reason).or_default();
            let room = NAMED.saturating_sub(mine.len());
            mine.extend(names.into_iter().take(room));
        }
    }

    /// Every entry not taken.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// How many were skipped for `reason`.
    pub fn get(&self, reason: &str) -> usize {
        self.counts.get(reason).copied().unwrap_or(0)
    }

    /// `: "chat-latest", "azure/chat-latest", …` for a reason's line; quoted
    /// so a blank or invisible name shows.
    fn examples(&self, reason: &str, n: usize) -> String {
        let Some(names) = self.names.get(reason).filter(|v| !v.is_empty()) else {
            return String::new();
        };
        let listed: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        let more = if n > names.len() { ", …" } else { "" };
        format!(": {}{more}", listed.join(", "))
    }
}

/// A heading and its items, at most `LISTED` of them; none when empty.
fn list(out: &mut Vec<String>, title: String, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push(title);
    out.extend(items.iter().take(LISTED).map(|i| format!("  {i}")));
    if items.len() > LISTED {
        out.push(format!(
            "  … and {} more (--only narrows an import)",
            items.len() - LISTED
        ));
    }
}

/// Most items listed under one heading; the rest are counted.
const LISTED: usize = 50;

/// `1 row`, `3 rows`, `2 entries`.
pub fn plural(n: usize, one: &str) -> String {
    let many = match one.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None => format!("{one}s"),
    };
    format!("{n} {}", if n == 1 { one } else { &many })
}
