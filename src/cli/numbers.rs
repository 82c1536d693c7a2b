//! The command line's numbers, checked as the plan file's rules check the
//! plan's: a value out of range is refused with the range it must be in,
//! never clamped or turned into 0 silently.

/// The most months a timeline covers: fifty years.
pub const MAX_MONTHS: u32 = 600;

/// The most Monte Carlo draws a run makes.
pub const MAX_DRAWS: u32 = 10_000_000;

/// The largest amount a money flag takes (far above any plan's costs, well
/// inside what sums of months can hold exactly enough).
const MAX_MONEY: f64 = 1e15;

/// A number as typed (`1,000`, `1_000`, `1e6`), as a plan's cells read it.
fn number(text: &str) -> Result<f64, String> {
    crate::plan::parse::number(text)
}

/// `--months`: a whole number of months from 1 to 600.
pub fn months(text: &str) -> Result<u32, String> {
    whole(text, 1, MAX_MONTHS, "months")
}

/// `--draws`: a whole number of draws from 1 to 10,000,000.
pub fn draws(text: &str) -> Result<u32, String> {
    whole(text, 1, MAX_DRAWS, "draws")
}

fn whole(text: &str, low: u32, high: u32, what: &str) -> Result<u32, String> {
    let range = || {
        format!(
            "expected a whole number of {what} from {low} to {}",
            crate::text::format::group_thousands(u64::from(high))
        )
    };
    let v = number(text).map_err(|e| format!("{e}; {}", range()))?;
    if v.fract() != 0.0 || v < f64::from(low) || v > f64::from(high) {
        return Err(format!("{text} is out of range; {}", range()));
    }
    Ok(v as u32)
}

/// `--migration`: an amount from 0, in the plan's currency.
pub fn money(text: &str) -> Result<f64, String> {
    let range = "expected an amount from 0 to 1e15";
    let v = number(text).map_err(|e| format!("{e}; {range}"))?;
    if !(0.0..=MAX_MONEY).contains(&v) {
        return Err(format!("{text} is out of range; {range}"));
    }
    Ok(v)
}

/// `--triangular`, `--fail-above`: a percent from 0 to 100 (`50`, `50%`).
pub fn percent(text: &str) -> Result<f64, String> {
    let range = "expected a percent from 0 to 100";
    let v = number(text.trim().trim_end_matches('%')).map_err(|e| format!("{e}; {range}"))?;
    if !(0.0..=100.0).contains(&v) {
        return Err(format!("{text} is out of range; {range}"));
    }
    Ok(v)
}

/// `--fail-above`: a rise in percent, from 0 (any rise) up.
pub fn rise(text: &str) -> Result<f64, String> {
    let range = "expected a percent from 0 up";
    let v = number(text.trim().trim_end_matches('%')).map_err(|e| format!("{e}; {range}"))?;
    if v < 0.0 {
        return Err(format!("{text} is out of range; {range}"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_numbers_are_refused_with_the_range() {
        assert_eq!(months("36"), Ok(36));
        assert_eq!(
            months("100000000"),
            Err(
                "100000000 is out of range; expected a whole number of months from 1 to 600".into()
            )
        );
        assert!(months("0").is_err() && months("2.5").is_err() && months("NaN").is_err());
        assert_eq!(draws("1,000"), Ok(1_000));
        assert_eq!(
            draws("0"),
            Err("0 is out of range; expected a whole number of draws from 1 to 10,000,000".into())
        );
        assert_eq!(money("1e6"), Ok(1e6));
        assert_eq!(
            money("NaN"),
            Err("\"NaN\" is not a number; expected an amount from 0 to 1e15".into())
        );
        assert!(money("inf").is_err() && money("1e308").is_err() && money("-1").is_err());
        assert_eq!(percent("30%"), Ok(30.0));
        assert_eq!(
            percent("150"),
            Err("150 is out of range; expected a percent from 0 to 100".into())
        );
        assert!(percent("NaN").is_err());
        assert_eq!(rise("150"), Ok(150.0));
        assert!(rise("-5").is_err() && rise("NaN").is_err());
    }
}
