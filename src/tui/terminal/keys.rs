//! The bytes a terminal sends, read as keys, mouse events and pastes. Ours
//! rather than crossterm's reader, so that an unfinished sequence (a lone
//! Esc, `Esc [` typed as Alt-[, half a UTF-8 character) never takes the
//! next key into itself: once no more bytes come for a moment, what is held
//! is read as it stands (`flush`).

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};

/// Bytes read but not yet a whole event.
#[derive(Debug, Default)]
pub struct Parser {
    held: Vec<u8>,
}

/// How a piece of input ended.
enum Step {
    /// An event (or nothing worth one) from this many bytes.
    Took(usize, Option<Event>),
    /// The bytes start an event that more bytes would finish.
    Unfinished,
}

/// Bracketed paste's end marker.
const PASTE_END: &[u8] = b"\x1b[201~";

impl Parser {
    /// True while bytes are held for an unfinished event.
    pub fn waiting(&self) -> bool {
        !self.held.is_empty()
    }

    /// The events the bytes finish; an unfinished one is held for more.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.held.extend_from_slice(bytes);
        self.take(false)
    }

    /// No more bytes came: what is held is read as it stands (Esc alone is
    /// Esc, `Esc [` is Alt-[, a broken character is dropped).
    pub fn flush(&mut self) -> Vec<Event> {
        self.take(true)
    }

    fn take(&mut self, at_end: bool) -> Vec<Event> {
        let mut events = Vec::new();
        let mut at = 0;
        while at < self.held.len() {
            match step(&self.held[at..], at_end) {
                Step::Took(n, event) => {
                    at += n.max(1);
                    events.extend(event);
                }
                Step::Unfinished => break,
            }
        }
        self.held.drain(..at);
        events
    }
}

fn key_event(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Event> {
    Some(key_event(code, modifiers))
}

fn plain(code: KeyCode) -> Option<Event> {
    key(code, KeyModifiers::NONE)
}

/// One event from the start of `b` (never empty).
fn step(b: &[u8], at_end: bool) -> Step {
    match b[0] {
        0x1b => escape(b, at_end),
        b'\r' | b'\n' => Step::Took(1, plain(KeyCode::Enter)),
        b'\t' => Step::Took(1, plain(KeyCode::Tab)),
        0x7f | 0x08 => Step::Took(1, plain(KeyCode::Backspace)),
        0x00 => Step::Took(1, key(KeyCode::Char(' '), KeyModifiers::CONTROL)),
        c @ 0x01..=0x1a => {
            let letter = char::from(b'a' + c - 1);
            Step::Took(1, key(KeyCode::Char(letter), KeyModifiers::CONTROL))
        }
        0x1c..=0x1f => Step::Took(1, None),
        _ => character(b, at_end).map_or(Step::Unfinished, |(n, c)| {
            Step::Took(n, c.map(|c| with_shift(c, KeyModifiers::NONE)))
        }),
    }
}

/// A character as crossterm reports it: capitals with Shift.
fn with_shift(c: char, mods: KeyModifiers) -> Event {
    let shift = match c.is_uppercase() {
        true => KeyModifiers::SHIFT,
        false => KeyModifiers::NONE,
    };
    key_event(KeyCode::Char(c), mods | shift)
}

/// A UTF-8 character from the start of `b`: `None` to wait for more bytes,
/// `Some((n, None))` for `n` bytes that make no character (dropped).
fn character(b: &[u8], at_end: bool) -> Option<(usize, Option<char>)> {
    let want = match b[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Some((1, None)),
    };
    let have = b.len().min(want);
    // Continuation bytes only: anything else ends a broken character.
    if let Some(bad) = b[1..have].iter().position(|&c| c & 0xc0 != 0x80) {
        return Some((bad + 1, None));
    }
    if have < want {
        return at_end.then_some((have, None));
    }
    let c = std::str::from_utf8(&b[..want])
        .ok()
        .and_then(|s| s.chars().next());
    Some((want, c))
}

/// What follows an Esc: a sequence (CSI, SS3), Alt and a key, or Esc alone.
fn escape(b: &[u8], at_end: bool) -> Step {
    let Some(&next) = b.get(1) else {
        return match at_end {
            true => Step::Took(1, plain(KeyCode::Esc)),
            false => Step::Unfinished,
        };
    };
    match next {
        b'[' => csi(b, at_end),
        b'O' => ss3(b, at_end),
        0x1b => Step::Took(1, plain(KeyCode::Esc)),
        _ => match step(&b[1..], at_end) {
            // Alt and the key after it.
            Step::Took(n, Some(Event::Key(mut k))) => {
                k.modifiers |= KeyModifiers::ALT;
                Step::Took(n + 1, Some(Event::Key(k)))
            }
            Step::Took(n, _) => Step::Took(n + 1, None),
            Step::Unfinished => Step::Unfinished,
        },
    }
}

/// `Esc O x`: the arrows, Home, End and F1–F4 some terminals send.
fn ss3(b: &[u8], at_end: bool) -> Step {
    let Some(&last) = b.get(2) else {
        return match at_end {
            true => Step::Took(
                2,
                key(KeyCode::Char('O'), KeyModifiers::ALT | KeyModifiers::SHIFT),
            ),
            false => Step::Unfinished,
        };
    };
    let code = match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(last - b'P' + 1),
        b'M' => KeyCode::Enter,
        _ => return Step::Took(3, None),
    };
    Step::Took(3, plain(code))
}

/// `Esc [ params final`: cursor keys, editing keys, function keys, the
/// mouse, bracketed paste; anything else is read and dropped whole.
fn csi(b: &[u8], at_end: bool) -> Step {
    // Parameter and intermediate bytes, then one final byte; any other byte
    // breaks the sequence: dropped up to it, the rest read on its own.
    let body = &b[2..];
    let Some(end) = body.iter().position(|c| !(0x20..=0x3f).contains(c)) else {
        return match at_end {
            // `Esc [` and nothing after it: Alt-[.
            true if b.len() == 2 => Step::Took(2, key(KeyCode::Char('['), KeyModifiers::ALT)),
            true => Step::Took(b.len(), None),
            false => Step::Unfinished,
        };
    };
    if !(0x40..=0x7e).contains(&body[end]) {
        return Step::Took(end + 2, None);
    }
    let end = end + 2;
    let params = &b[2..end];
    let last = b[end];
    let taken = end + 1;
    if params == b"200" && last == b'~' {
        return paste(b, taken, at_end);
    }
    if params.first() == Some(&b'<') && (last == b'M' || last == b'm') {
        return Step::Took(taken, mouse(&params[1..], last == b'M'));
    }
    Step::Took(taken, csi_key(params, last))
}

/// The numbers of a sequence's parameters, `;`-separated.
fn numbers(params: &[u8]) -> Vec<u16> {
    std::str::from_utf8(params)
        .unwrap_or_default()
        .split(';')
        .map(|p| p.parse().unwrap_or(1))
        .collect()
}

/// xterm's modifier parameter: 1 + Shift 1, Alt 2, Ctrl 4.
fn modifiers(n: Option<&u16>) -> KeyModifiers {
    let bits = n.map_or(0, |n| n.saturating_sub(1));
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

fn csi_key(params: &[u8], last: u8) -> Option<Event> {
    // Private sequences (`?`, `>`, `=`): replies and modes, not keys.
    if params.first().is_some_and(|c| (b'<'..=b'?').contains(c)) {
        return None;
    }
    let n = numbers(params);
    let code = match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => return key(KeyCode::BackTab, KeyModifiers::SHIFT),
        b'P'..=b'S' if params.is_empty() || n.first() == Some(&1) => KeyCode::F(last - b'P' + 1),
        b'~' => match n.first() {
            Some(1 | 7) => KeyCode::Home,
            Some(2) => KeyCode::Insert,
            Some(3) => KeyCode::Delete,
            Some(4 | 8) => KeyCode::End,
            Some(5) => KeyCode::PageUp,
            Some(6) => KeyCode::PageDown,
            Some(&f @ 11..=15) => KeyCode::F((f - 10) as u8),
            Some(&f @ 17..=21) => KeyCode::F((f - 11) as u8),
            Some(&f @ 23..=24) => KeyCode::F((f - 12) as u8),
            _ => return None,
        },
        // Focus in and out, cursor reports, and the rest: no key.
        _ => return None,
    };
    let mods = match last {
        b'~' => modifiers(n.get(1)),
        _ => match params.is_empty() {
            true => KeyModifiers::NONE,
            false => modifiers(n.get(1)),
        },
    };
    key(code, mods)
}

/// SGR mouse: `Esc [ < button ; column ; row M` (or `m` on release), both
/// positions from 1.
fn mouse(params: &[u8], pressed: bool) -> Option<Event> {
    let n = numbers(params);
    let (&b, &column, &row) = (n.first()?, n.get(1)?, n.get(2)?);
    let mut modifiers = KeyModifiers::NONE;
    if b & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if b & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if b & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    let button = match b & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = match (b & 64 != 0, b & 32 != 0, pressed) {
        (true, _, _) if b & 1 == 0 => MouseEventKind::ScrollUp,
        (true, _, _) => MouseEventKind::ScrollDown,
        (false, true, _) if b & 3 == 3 => MouseEventKind::Moved,
        (false, true, _) => MouseEventKind::Drag(button),
        (false, false, true) => MouseEventKind::Down(button),
        (false, false, false) => MouseEventKind::Up(button),
    };
    Some(Event::Mouse(MouseEvent {
        kind,
        column: column.saturating_sub(1),
        row: row.saturating_sub(1),
        modifiers,
    }))
}

/// Bracketed paste: the text up to `Esc [ 201 ~`, held until it comes (or
/// no more bytes do: then what came is the paste).
fn paste(b: &[u8], start: usize, at_end: bool) -> Step {
    let body = &b[start..];
    match body.windows(PASTE_END.len()).position(|w| w == PASTE_END) {
        Some(end) => {
            let text = String::from_utf8_lossy(&body[..end]).into_owned();
            Step::Took(start + end + PASTE_END.len(), Some(Event::Paste(text)))
        }
        None if at_end => {
            let text = String::from_utf8_lossy(body).into_owned();
            Step::Took(b.len(), Some(Event::Paste(text)))
        }
        None => Step::Unfinished,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(events: &[Event]) -> Vec<(KeyCode, KeyModifiers)> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some((k.code, k.modifiers)),
                _ => None,
            })
            .collect()
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;

    #[test]
    fn plain_keys_and_sequences_read_as_crossterm_would() {
        let mut p = Parser::default();
        let got = p.feed(b"jK\r\t\x7f\x13\x1b[A\x1b[1;5C\x1b[3~\x1b[5~\x1bOH\x1b[Z\x1bx\xc3\xa9");
        assert_eq!(
            keys(&got),
            [
                (KeyCode::Char('j'), NONE),
                (KeyCode::Char('K'), KeyModifiers::SHIFT),
                (KeyCode::Enter, NONE),
                (KeyCode::Tab, NONE),
                (KeyCode::Backspace, NONE),
                (KeyCode::Char('s'), KeyModifiers::CONTROL),
                (KeyCode::Up, NONE),
                (KeyCode::Right, KeyModifiers::CONTROL),
                (KeyCode::Delete, NONE),
                (KeyCode::PageUp, NONE),
                (KeyCode::Home, NONE),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
                (KeyCode::Char('x'), KeyModifiers::ALT),
                (KeyCode::Char('é'), NONE),
            ]
        );
        assert!(!p.waiting());
    }

    #[test]
    fn an_unfinished_sequence_never_takes_the_next_key() {
        // A lone Esc waits for what may follow; when nothing does, it is Esc.
        let mut p = Parser::default();
        assert!(p.feed(b"\x1b").is_empty() && p.waiting());
        assert_eq!(keys(&p.flush()), [(KeyCode::Esc, NONE)]);
        // Alt-[ (Esc [) with nothing after it, then q on its own.
        assert!(p.feed(b"\x1b[").is_empty());
        assert_eq!(keys(&p.flush()), [(KeyCode::Char('['), KeyModifiers::ALT)]);
        assert_eq!(keys(&p.feed(b"q")), [(KeyCode::Char('q'), NONE)]);
        // Esc O alone is Alt-O.
        p.feed(b"\x1bO");
        let alt_o = KeyModifiers::ALT | KeyModifiers::SHIFT;
        assert_eq!(keys(&p.flush()), [(KeyCode::Char('O'), alt_o)]);
        // Half a character, then q: the half is dropped, q stays q.
        assert!(p.feed(b"\xe9").is_empty());
        assert_eq!(keys(&p.feed(b"q")), [(KeyCode::Char('q'), NONE)]);
        assert!(p.feed(b"\xc3").is_empty());
        assert!(p.flush().is_empty());
        assert_eq!(keys(&p.feed(b"q")), [(KeyCode::Char('q'), NONE)]);
        // Replies and unknown sequences are read whole and dropped.
        let got = p.feed(b"\x1b[100~\x1b[?1u\x1b[5;1R\x1b[Iq");
        assert_eq!(keys(&got), [(KeyCode::Char('q'), NONE)]);
        assert!(!p.waiting());
    }

    #[test]
    fn the_mouse_and_a_paste() {
        let mut p = Parser::default();
        let got = p.feed(b"\x1b[<0;11;6M\x1b[<0;11;6m\x1b[<64;3;4M\x1b[<65;3;4M");
        let kinds: Vec<(MouseEventKind, u16, u16)> = got
            .iter()
            .filter_map(|e| match e {
                Event::Mouse(m) => Some((m.kind, m.column, m.row)),
                _ => None,
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (MouseEventKind::Down(MouseButton::Left), 10, 5),
                (MouseEventKind::Up(MouseButton::Left), 10, 5),
                (MouseEventKind::ScrollUp, 2, 3),
                (MouseEventKind::ScrollDown, 2, 3),
            ]
        );
        // A paste arriving in two reads is one paste.
        assert!(p.feed(b"\x1b[200~50").is_empty());
        assert_eq!(
            p.feed(b"M\x1b[201~j"),
            [
                Event::Paste("50M".into()),
                plain(KeyCode::Char('j')).unwrap()
            ]
        );
    }
}
