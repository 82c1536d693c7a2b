//! Reading figures as people type them: `50M`, `1.5B`, `50_000_000`,
//! `400-800`. Each parser says what it accepts when it refuses.

use crate::base::money::Range;

/// What a refused volume message says is accepted.
pub const VOLUME_FORM: &str = "tokens per day like 50M, 1.5B, 250k or 50_000_000";
/// What a refused money message says is accepted.
pub const MONEY_FORM: &str = "dollars like 400 or 1.5k, or a range like 400-800";

/// A whole number with an optional k/M/B/T suffix; `_` and `,` group digits.
pub fn volume(text: &str) -> Result<u64, String> {
    let value = scaled_number(text).ok_or_else(|| {
        format!(
            "\"{}\" is not a volume; expected {VOLUME_FORM}",
            text.trim()
        )
    })?;
    if value < 0.0 {
        return Err(format!(
            "a volume cannot be negative; expected {VOLUME_FORM}"
        ));
    }
    if value > crate::plan::MAX_TOKENS_PER_DAY as f64 {
        return Err(format!(
            "{} is more than inferplan plans for (at most 1e15 tokens/day)",
            text.trim()
        ));
    }
    Ok(value.round() as u64)
}

/// One amount (`400`) or a range (`400-800`, `400–800`, `400 to 800`).
pub fn money(text: &str) -> Result<Range, String> {
    let refuse = || {
        format!(
            "\"{}\" is not an amount; expected {MONEY_FORM}",
            text.trim()
        )
    };
    let t = text.trim().trim_start_matches('$');
    if t.starts_with('-') {
        return Err(format!(
            "an amount cannot be negative; expected {MONEY_FORM}"
        ));
    }
    let ends: Vec<&str> = t.split(['-', '–']).flat_map(|p| p.split(" to ")).collect();
    match ends.as_slice() {
        [one] => Ok(Range::point(amount(one).ok_or_else(refuse)?)),
        [low, high] => {
            let range = Range::new(
                amount(low).ok_or_else(refuse)?,
                amount(high).ok_or_else(refuse)?,
            );
            if range.low > range.high {
                // In the user's own words: "2k-1k" reads back as 2k and 1k.
                return Err(format!(
                    "the low end {} is above the high end {}; write low-high",
                    low.trim(),
                    high.trim()
                ));
            }
            Ok(range)
        }
        _ => Err(refuse()),
    }
}

/// A plain non-negative decimal number (prices, shares, ratios).
pub fn number(text: &str) -> Result<f64, String> {
    let t = text.trim();
    match t.replace(['_', ','], "").parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("\"{t}\" is not a number")),
    }
}

/// A ratio such as peak over average, written `3`, `3x` or `3×`.
pub fn ratio(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let bare = t.trim_end_matches(['x', 'X', '×']).trim_end();
    number(bare).map_err(|_| format!("\"{t}\" is not a ratio: type it as 3 or 3x"))
}

/// A whole number (regions, spares).
pub fn whole(text: &str) -> Result<u32, String> {
    let t = text.trim();
    t.replace('_', "")
        .parse::<u32>()
        .map_err(|_| format!("\"{t}\" is not a whole number of 0 or more"))
}

/// A fraction, written `0.6` or `60%`.
pub fn fraction(text: &str) -> Result<f64, String> {
    let t = text.trim();
    match t.strip_suffix('%') {
        Some(p) => number(p).map(|v| v / 100.0),
        None => number(t),
    }
}

fn amount(text: &str) -> Option<f64> {
    scaled_number(text.trim().trim_start_matches('$')).filter(|v| *v >= 0.0)
}

fn scaled_number(text: &str) -> Option<f64> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != '_' && *c != ',' && !c.is_whitespace())
        .collect();
    let (digits, scale) = match t.chars().last()? {
        'k' | 'K' => (&t[..t.len() - 1], 1e3),
        'm' | 'M' => (&t[..t.len() - 1], 1e6),
        'b' | 'B' | 'g' | 'G' => (&t[..t.len() - 1], 1e9),
        't' | 'T' => (&t[..t.len() - 1], 1e12),
        _ => (t.as_str(), 1.0),
    };
    let v: f64 = digits.parse().ok()?;
    let v = v * scale;
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ratio_reads_with_or_without_its_x() {
        for t in ["3", "3x", "3X", "3 ×", " 3.5x "] {
            assert!(ratio(t).is_ok_and(|v| v == 3.0 || v == 3.5), "{t}");
        }
        assert_eq!(
            ratio("three"),
            Err("\"three\" is not a ratio: type it as 3 or 3x".into())
        );
    }

    #[test]
    fn volumes_accept_suffixes_and_separators() {
        assert_eq!(volume("50M"), Ok(50_000_000));
        assert_eq!(volume("1.5B"), Ok(1_500_000_000));
        assert_eq!(volume("50_000_000"), Ok(50_000_000));
        assert_eq!(volume(" 250k "), Ok(250_000));
        assert!(volume("fifty").unwrap_err().contains("50M"));
        assert!(volume("-5M").is_err());
        assert!(volume("inf").is_err());
    }

    #[test]
    fn money_accepts_amounts_and_ranges() {
        assert_eq!(money("400"), Ok(Range::point(400.0)));
        assert_eq!(money("400-800"), Ok(Range::new(400.0, 800.0)));
        assert_eq!(money("$1,000 – $2,000"), Ok(Range::new(1000.0, 2000.0)));
        assert_eq!(money("1.5k"), Ok(Range::point(1500.0)));
        assert!(money("800-400").unwrap_err().contains("above"));
        assert!(money("-5").unwrap_err().contains("negative"));
        assert!(money("abc").unwrap_err().contains("400-800"));
        assert_eq!(fraction("60%"), Ok(0.6));
    }
}
