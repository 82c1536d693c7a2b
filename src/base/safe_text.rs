//! Text from a plan file, a results file or the command line, made safe to
//! show. A plan name can hold an escape sequence that clears the screen or
//! writes the clipboard (OSC 52), a bidi override that reverses what a
//! reviewer reads, or a newline that splits a table row; none of it may
//! reach a terminal or a document as it is. Control characters and bidi
//! controls are shown escaped, as `\u{1b}`.

use std::borrow::Cow;
use std::io::{self, Write};

/// True for what is never shown as it is: C0 controls, DEL, C1 controls,
/// and the bidi embedding, override and isolate controls.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One string from data (a name, a note, a path) as it may be shown inside
/// a line: every control character escaped, newlines too.
pub fn shown(text: &str) -> Cow<'_, str> {
    escape(text, |_| true)
}

/// Whole lines of output: newlines and tabs stay, every other control
/// character is escaped. The last guard before a terminal.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    escape(text, |c| !matches!(c, '\n' | '\t'))
}

/// A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
/// tab or carriage return first) gets a `'` in front, as OWASP recommends:
/// the spreadsheet then shows it as text.
pub fn neutralised(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn escape(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && escaped(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            _ if !(is_unsafe(c) && escaped(c)) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    Cow::Owned(out)
}

/// A writer that lets no control character but newline and tab through:
/// everything the command line prints goes through one.
pub struct SafeWriter<W: Write>(pub W);

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Callers write whole strings (`write_all` of a `String`, the pieces
        // of `write!`), so each buffer is whole UTF-8.
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(for_terminal(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_controls_show_escaped() {
        let osc52 = "evil\u{1b}]52;c;SGVsbG8=\u{7}name";
        assert_eq!(shown(osc52), "evil\\u{1b}]52;c;SGVsbG8=\\u{7}name");
        assert_eq!(shown("a\nb\r"), "a\\nb\\r");
        assert_eq!(shown("\u{202e}txt.exe"), "\\u{202e}txt.exe");
        assert_eq!(shown("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(shown("plain – text ▲"), "plain – text ▲");
        assert!(matches!(shown("plain"), Cow::Borrowed(_)));
        assert_eq!(
            for_terminal("line\n\tnext\u{1b}[2J"),
            "line\n\tnext\\u{1b}[2J"
        );
    }

    #[test]
    fn the_writer_escapes_what_passes_through_it() {
        let mut w = SafeWriter(Vec::new());
        let name = "x\u{7}y";
        writeln!(w, "{name}").unwrap();
        assert_eq!(w.0, b"x\\u{7}y\n");
    }
}
