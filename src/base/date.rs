//! Calendar dates for the provenance of figures ("as of 2026-11-20"): a plain
//! proleptic Gregorian day, no time zone. Only `today` reads the clock, and
//! only the program's edges call it: the engine and the plan stay pure.

use std::fmt;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, if it exists (`2026-02-30` does not) and has four digits.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let exists = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        exists.then_some(Self { year, month, day })
    }

    /// `2026-11-20`; a date-time (`2026-11-20T10:00:00Z`, as catalogs write
    /// `last_updated`) is read as its day.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let day_part = t.get(..10).unwrap_or(t);
        let refuse = || format!("\"{t}\" is not a date; expected one like 2026-11-20");
        let mut parts = day_part.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(refuse());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(refuse());
        }
        let rest = &t[day_part.len()..];
        if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
            return Err(refuse());
        }
        let (y, m, d) = (y.parse().ok(), m.parse().ok(), d.parse().ok());
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) => Self::new(y, m, d).ok_or_else(refuse),
            _ => Err(refuse()),
        }
    }

    /// Days since 1970-01-01 (negative before), after Howard Hinnant's
    /// `days_from_civil`.
    pub fn days(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        )
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        let (year, month, day) = civil_from_days(days);
        Self {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        }
    }

    /// Whole days from `earlier` to `self`.
    pub fn days_since(self, earlier: Date) -> i64 {
        self.days() - earlier.days()
    }

    /// The day a file was last changed (UTC): what an imported file's
    /// figures are as of, unless the user says.
    pub fn of_file(path: &std::path::Path) -> Option<Self> {
        let modified = std::fs::metadata(path).ok()?.modified().ok()?;
        let secs = modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        Some(Self::from_days((secs / 86_400) as i64))
    }

    /// Today in UTC, from the system clock, unless `INFERPLAN_TODAY` names
    /// the day (reproducible reports, tests).
    pub fn today() -> Self {
        if let Some(day) = std::env::var("INFERPLAN_TODAY")
            .ok()
            .and_then(|t| Self::parse(&t).ok())
        {
            return day;
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self::from_days((secs / 86_400) as i64)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date, any year (Hinnant's
/// `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number: (year, month, day), the inverse of
/// [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_known_points() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        // 2000-03-01 is day 11,017: 30 years of 365 days + 7 leap days + 59.
        assert_eq!(Date::parse("2000-03-01").unwrap().days(), 11_017);
        for d in [-800_000, -1, 0, 59, 60, 11_016, 20_000, 2_000_000] {
            assert_eq!(Date::from_days(d).days(), d);
        }
        let a = Date::parse("2026-11-27").unwrap();
        assert_eq!(a.days_since(Date::parse("2026-05-31").unwrap()), 180);
    }

    #[test]
    fn parse_refuses_what_is_not_a_day() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-01-01",
            "2026/01/01",
            "",
            "2026-01-01x",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert_eq!(
            Date::parse("2026-11-20T08:30:00Z").unwrap().to_string(),
            "2026-11-20"
        );
    }
}
