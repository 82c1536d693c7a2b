//! How a plan file's values are read: what the planner's cells take, the
//! file takes too (`tokens_per_day = "200M"`, `monthly = "400-800"`,
//! `target_utilization = "60%"`), and a value of the wrong kind is refused
//! in words ("tokens per day like 50M…"), never as "expected u64".

use crate::base::money::Range;
use crate::plan::parse;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::fmt;

/// Reads a field through a visitor that knows its words and its parser.
macro_rules! reads {
    ($name:ident: $inner:ty, expecting $words:expr, parse $parse:expr, number $number:expr) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($words)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        let parse: fn(&str) -> Result<$inner, String> = $parse;
                        parse(v).map($name).map_err(E::custom)
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$name, E> {
                        let number: fn(f64) -> Option<$inner> = $number;
                        number(v)
                            .map($name)
                            .ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$name, E> {
                        self.visit_f64(v as f64)
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$name, E> {
                        self.visit_f64(v as f64)
                    }
                }
                d.deserialize_any(V)
            }
        }

        impl From<$name> for $inner {
            fn from(v: $name) -> $inner {
                v.0
            }
        }
    };
}

/// Tokens per day: `50_000_000` or `"50M"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Volume(pub u64);

reads!(Volume: u64,
    expecting "tokens per day like 50_000_000 or \"50M\"",
    parse parse::volume,
    number |v| (v >= 0.0 && v.fract() == 0.0 && v <= u64::MAX as f64).then_some(v as u64));

/// A share or utilization: `0.6` or `"60%"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Fraction(pub f64);

reads!(Fraction: f64,
    expecting "a fraction like 0.6 or \"60%\"",
    parse parse::fraction,
    number Some);

/// A price, a ratio or a number of days: `0.28` or `"0.28"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Number(pub f64);

reads!(Number: f64,
    expecting "a number like 0.28",
    parse parse::number,
    number Some);

/// Regions, spares: `2` or `"2"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Count(pub u32);

reads!(Count: u32,
    expecting "a whole number like 2",
    parse parse::whole,
    number |v| (v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX)).then_some(v as u32));

/// A money range as written in a file: `400`, `[400, 800]` or `"400-800"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Money(pub Range);

impl From<Money> for Range {
    fn from(m: Money) -> Range {
        m.0
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MoneyVisitor;
        impl<'de> Visitor<'de> for MoneyVisitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an amount of dollars (400) or a range [low, high] ([400, 800] or \"400-800\")",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                parse::money(v).map(Money).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                Ok(Money(Range::point(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                Ok(Money(Range::point(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                Ok(Money(Range::point(v as f64)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Money, A::Error> {
                let low: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let high: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if seq.next_element::<f64>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                Ok(Money(Range::new(low, high)))
            }
        }
        d.deserialize_any(MoneyVisitor)
    }
}
