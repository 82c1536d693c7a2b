//! Where a big plan file can be cut into parts that read alone: before a
//! line that opens an entry of an array of tables (`[[models]]`), every so
//! many entries. A cut that falls inside a multi-line string leaves that
//! part unreadable, and the caller then reads the whole file instead, so a
//! wrong cut costs time, never a wrong plan.

use std::ops::Range;

/// The cuts of a plan's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The text before the first entry: schema, name, settings.
    pub head_end: usize,
    /// The parts holding the entries, in file order.
    pub rows: Vec<Range<usize>>,
}

/// Cuts `text` every `rows_per_part` entries; `None` when it has too few
/// entries to be worth it (it is read whole).
pub fn split(text: &str, rows_per_part: usize) -> Option<Parts> {
    let entries: Vec<usize> = line_starts(text)
        .filter(|&i| text[i..].trim_start_matches([' ', '\t']).starts_with("[["))
        .collect();
    if entries.len() < 2 * rows_per_part.max(1) {
        return None;
    }
    let cuts: Vec<usize> = entries
        .iter()
        .copied()
        .step_by(rows_per_part.max(1))
        .collect();
    let rows = cuts
        .iter()
        .zip(cuts.iter().skip(1).copied().chain([text.len()]))
        .map(|(&start, end)| start..end)
        .collect();
    Some(Parts {
        head_end: entries[0],
        rows,
    })
}

fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_before_entries_and_cover_the_text() {
        let text = "schema = 1\nname = \"x\"\n[[models]]\na = 1\n[[models]]\nb = 2\n  [[gpu_tiers]]\nc = 3\n[[models]]\n";
        let parts = split(text, 2).unwrap();
        assert_eq!(&text[..parts.head_end], "schema = 1\nname = \"x\"\n");
        assert_eq!(parts.rows.len(), 2);
        assert!(text[parts.rows[1].clone()].starts_with("  [[gpu_tiers]]"));
        assert_eq!(parts.rows.last().unwrap().end, text.len());
        assert_eq!(split(text, 4), None);
    }
}
