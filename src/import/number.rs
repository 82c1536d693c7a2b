//! Prices as catalogs write them: numbers or numeric strings, per token or
//! per million, read without float drift.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A number a catalog may write as `1.5e-7`, `"0.00000015"` or `"3e-7"`.
/// Anything else (a word, `null`, an object) reads as `Unreadable` rather
/// than failing the file: one odd entry is skipped, not the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Lenient {
    /// Not in the entry.
    #[default]
    Absent,
    /// A finite number.
    Number(f64),
    /// There, but not a number.
    Unreadable,
}

impl Lenient {
    /// A number written as text: `NaN`, `inf` and words are unreadable.
    pub fn parse(text: &str) -> Self {
        match text.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Lenient::Number(n),
            _ => Lenient::Unreadable,
        }
    }

    /// The number, if there is one.
    pub fn get(self) -> Option<f64> {
        match self {
            Lenient::Number(v) => Some(v),
            _ => None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lenient;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Lenient, E> {
                Ok(if v.is_finite() {
                    Lenient::Number(v)
                } else {
                    Lenient::Unreadable
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Lenient, E> {
                Ok(Lenient::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Lenient, E> {
                Ok(Lenient::Number(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lenient, E> {
                Ok(Lenient::parse(v))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Lenient, E> {
                Ok(Lenient::Unreadable)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Lenient, E> {
                Ok(Lenient::Absent)
            }
            fn visit_none<E: de::Error>(self) -> Result<Lenient, E> {
                Ok(Lenient::Absent)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Lenient, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Lenient::Unreadable)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Lenient, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Lenient::Unreadable)
            }
        }
        d.deserialize_any(V)
    }
}

/// The JSON text with every number too large for a double (`1e400`, which
/// serde_json refuses, failing the whole file) written as a string instead,
/// so the entry holding it reads as unreadable and is skipped alone. Text
/// without one is returned as it is.
pub fn quote_overflowing(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut huge = Vec::new();
    let (mut i, mut in_string) = (0, false);
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if b == b'-' || b.is_ascii_digit() {
            let start = i;
            while i < bytes.len()
                && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
            {
                i += 1;
            }
            let literal = &text[start..i];
            if literal.parse::<f64>().is_ok_and(|v| v.is_infinite()) {
                huge.push(start..i);
            }
            continue;
        }
        i += 1;
    }
    if huge.is_empty() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 2 * huge.len());
    let mut at = 0;
    for r in huge {
        out.push_str(&text[at..r.start]);
        out.push('"');
        out.push_str(&text[r.clone()]);
        out.push('"');
        at = r.end;
    }
    out.push_str(&text[at..]);
    out.into()
}

/// USD per token as USD per million tokens, by moving the decimal point of
/// the number's shortest decimal form six places (`1.5e-7` → `1.5e-1`) and
/// reading that back: the result is the double nearest the decimal the
/// catalog wrote (0.15), where multiplying by 1e6 drifts (0.15000000000000002).
pub fn per_million(per_token: f64) -> f64 {
    let text = format!("{per_token:e}");
    let Some((mantissa, exponent)) = text.split_once('e') else {
        return per_token * 1e6;
    };
    match exponent.parse::<i32>() {
        Ok(e) => format!("{mantissa}e{}", e + 6)
            .parse()
            .unwrap_or(per_token * 1e6),
        Err(_) => per_token * 1e6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_token_prices_move_six_places_exactly() {
        // The naive product drifts; the decimal shift does not.
        assert_ne!(1.7e-7 * 1e6, 0.17);
        assert_eq!(per_million(1.7e-7), 0.17);
        assert_eq!(per_million(1.5e-7), 0.15);
        assert_eq!(per_million(0.00000013), 0.13);
        assert_eq!(per_million(3e-7), 0.3);
        assert_eq!(per_million(8.6e-7), 0.86);
        assert_eq!(per_million(0.0), 0.0);
        assert_eq!(per_million(2.5e-5), 25.0);
        for cents in 1..10_000u32 {
            let price = f64::from(cents) / 100.0;
            let per_token: f64 = format!("{price}e-6").parse().unwrap();
            assert_eq!(per_million(per_token), price, "{price}");
        }
    }

    #[test]
    fn lenient_numbers_read_strings_and_refuse_words() {
        let read = |json: &str| serde_json::from_str::<Lenient>(json).unwrap();
        assert_eq!(read("1.5e-7"), Lenient::Number(1.5e-7));
        assert_eq!(read("\"3e-7\""), Lenient::Number(3e-7));
        assert_eq!(read("\"0.00000013\""), Lenient::Number(0.00000013));
        assert_eq!(read("\"free\""), Lenient::Unreadable);
        assert_eq!(read("null"), Lenient::Absent);
        assert_eq!(read("{\"base\": 1}"), Lenient::Unreadable);
        assert_eq!(Lenient::parse("NaN"), Lenient::Unreadable);
        assert_eq!(Lenient::parse("inf"), Lenient::Unreadable);
    }

    #[test]
    fn numbers_beyond_a_double_become_strings_and_nothing_else_moves() {
        let text = r#"{"a": 1e400, "b": "1e400", "c": [-2E+999, 3.5], "d\"1e999": 7}"#;
        assert_eq!(
            quote_overflowing(text),
            r#"{"a": "1e400", "b": "1e400", "c": ["-2E+999", 3.5], "d\"1e999": 7}"#
        );
        let plain = r#"{"a": 1e300}"#;
        assert!(matches!(
            quote_overflowing(plain),
            std::borrow::Cow::Borrowed(_)
        ));
        let read = |json: &str| serde_json::from_str::<Lenient>(&quote_overflowing(json)).unwrap();
        assert_eq!(read("1e400"), Lenient::Unreadable);
    }
}
