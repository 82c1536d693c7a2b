//! Timestamps as the logs write them, to milliseconds since the Unix epoch.
//!
//! Hand-written (days-from-civil arithmetic) rather than a date crate: the
//! import needs only parsing of a few shapes and printing of dates, and the
//! engine keeps its dependency list short.

/// How a file's numeric timestamps count, decided once from the first one so
/// that a trace never switches units halfway (a relative trace that runs past
/// 10⁸ ms would otherwise turn into "Unix seconds").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numeric {
    UnixSeconds,
    UnixMillis,
    /// Milliseconds from the trace's own start (Mooncake's `timestamp`).
    RelativeMillis,
}

/// Reads one file's timestamps, remembering what it learnt about the file.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    numeric: Option<Numeric>,
    /// A text time without a zone was read as UTC.
    pub zoneless: bool,
}

impl Clock {
    /// True once the file's numbers were taken as offsets, not dates.
    pub fn relative(&self) -> bool {
        self.numeric == Some(Numeric::RelativeMillis)
    }

    /// A time from a CSV cell or a JSON string.
    pub fn read_text(&mut self, text: &str) -> Option<i64> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Ok(x) = text.parse::<f64>() {
            return self.read_number(x);
        }
        let (ms, zoned) = parse_iso(text)?;
        self.zoneless |= !zoned;
        Some(ms)
    }

    /// A time given as a number: Unix seconds or milliseconds, told apart by
    /// magnitude (10¹¹ ms is 1973, 10¹¹ s is the year 5138), or a small
    /// offset in milliseconds.
    pub fn read_number(&mut self, x: f64) -> Option<i64> {
        if !x.is_finite() || x < 0.0 {
            return None;
        }
        let kind = *self.numeric.get_or_insert(if x >= 1e11 {
            Numeric::UnixMillis
        } else if x >= 1e8 {
            Numeric::UnixSeconds
        } else {
            Numeric::RelativeMillis
        });
        let ms = match kind {
            Numeric::UnixSeconds => x * 1000.0,
            Numeric::UnixMillis | Numeric::RelativeMillis => x,
        };
        (ms < 1e16).then_some(ms.round() as i64)
    }
}

pub(crate) use crate::base::date::{civil_from_days, days_from_civil};

/// `2026-11-30` for a time in milliseconds.
pub(crate) fn date_of(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: u32) -> u32 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A cursor over the ASCII bytes of a timestamp.
struct Scan<'a> {
    b: &'a [u8],
    at: usize,
}

impl Scan<'_> {
    fn digits(&mut self, n: usize) -> Option<u32> {
        let part = self.b.get(self.at..self.at + n)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.at += n;
        Some(part.iter().fold(0, |v, c| v * 10 + u32::from(c - b'0')))
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.b.get(self.at) == Some(&c);
        self.at += usize::from(hit);
        hit
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn done(&self) -> bool {
        self.at == self.b.len()
    }
}

/// RFC 3339 / ISO 8601: `2026-11-01`, `2026-11-01T08:00Z`,
/// `2023-11-16 18:15:46.6805900` (Azure's traces, no zone),
/// `2025-01-15 10:30:00.123+00` (a Postgres export). Returns the time and
/// whether a zone was given.
pub(crate) fn parse_iso(text: &str) -> Option<(i64, bool)> {
    let mut s = Scan {
        b: text.as_bytes(),
        at: 0,
    };
    let y = i64::from(s.digits(4)?);
    let (m, d) = (dash_then(&mut s)?, dash_then(&mut s)?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    let mut ms_of_day = 0;
    if matches!(s.peek(), Some(b'T' | b't' | b' ')) {
        s.at += 1;
        ms_of_day = clock_time(&mut s)?;
    }
    let (offset_ms, zoned) = zone(&mut s)?;
    s.done()
        .then_some((days * 86_400_000 + ms_of_day - offset_ms, zoned))
}

fn dash_then(s: &mut Scan) -> Option<u32> {
    s.eat(b'-').then_some(())?;
    s.digits(2)
}

/// `HH:MM[:SS[.fraction]]` in milliseconds of the day.
fn clock_time(s: &mut Scan) -> Option<i64> {
    let h = s.digits(2)?;
    s.eat(b':').then_some(())?;
    let min = s.digits(2)?;
    let mut sec = 0;
    let mut ms = 0;
    if s.eat(b':') {
        sec = s.digits(2)?.min(59); // a leap second folds into :59
        if s.eat(b'.') || s.eat(b',') {
            ms = fraction_ms(s)?;
        }
    }
    if h > 23 || min > 59 {
        return None;
    }
    Some(i64::from((h * 60 + min) * 60 + sec) * 1000 + ms)
}

fn fraction_ms(s: &mut Scan) -> Option<i64> {
    let start = s.at;
    let mut ms = 0i64;
    while let Some(c @ b'0'..=b'9') = s.peek() {
        if s.at - start < 3 {
            ms = ms * 10 + i64::from(c - b'0');
        }
        s.at += 1;
    }
    let n = s.at - start;
    if n == 0 {
        return None;
    }
    Some(ms * 10i64.pow(3u32.saturating_sub(n as u32)))
}

/// `Z`, `±HH:MM`, `±HHMM`, `±HH`, ` UTC`, or nothing (read as UTC).
fn zone(s: &mut Scan) -> Option<(i64, bool)> {
    let rest = &s.b[s.at..];
    if rest.is_empty() {
        return Some((0, false));
    }
    if rest.eq_ignore_ascii_case(b"z") || rest.eq_ignore_ascii_case(b" utc") {
        s.at = s.b.len();
        return Some((0, true));
    }
    let sign = match s.peek()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    s.at += 1;
    let h = s.digits(2)?;
    let m = if s.done() {
        0
    } else {
        s.eat(b':');
        s.digits(2)?
    };
    (h <= 23 && m <= 59).then_some((sign * i64::from(h * 60 + m) * 60_000, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_and_a_leap_day_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for z in [-1, 0, 11_016, 19_782, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn the_shapes_the_logs_write_agree() {
        let z = parse_iso("2023-11-16T18:15:46Z").unwrap().0;
        assert_eq!(z, 1_700_158_546_000);
        assert_eq!(
            parse_iso("2023-11-16 18:15:46.6805900"),
            Some((z + 680, false))
        );
        assert_eq!(parse_iso("2023-11-16T20:15:46+02:00").unwrap().0, z);
        assert_eq!(parse_iso("2023-11-16 18:15:46.000+00").unwrap().0, z);
        assert_eq!(parse_iso("2023-11-16").unwrap().0, z - 65_746_000);
        for bad in [
            "2023-02-30",
            "2023-13-01",
            "2023-11-16T25:00",
            "16/11/2023",
            "2023-11-16Tx",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_are_told_apart_by_magnitude_once_per_file() {
        let mut c = Clock::default();
        assert_eq!(c.read_text("1700158546"), Some(1_700_158_546_000));
        let mut c = Clock::default();
        assert_eq!(c.read_text("1700158546000"), Some(1_700_158_546_000));
        let mut c = Clock::default();
        assert_eq!(c.read_text("0"), Some(0));
        assert_eq!(c.read_text("200000000"), Some(200_000_000));
        assert!(c.relative());
        assert_eq!(c.read_text("-5"), None);
    }
}
