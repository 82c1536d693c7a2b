//! Reading price catalogs into offers: one seller's prices for one model, in
//! USD per million tokens. Each reader counts what it skips, by reason.

use super::number::{Lenient, per_million, quote_overflowing};
use super::{Offer, Read, reasons};
use crate::base::date::Date;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A JSON object's entries in file order, each value an object read as `T`
/// or, if it is not an object, `None` (counted, never fatal).
struct Entries<T>(Vec<(String, Option<T>)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object keyed by name")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<T>, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(key) = map.next_key::<String>()? {
                    out.push((key, map.next_value::<Maybe<T>>()?.0));
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// An object read as `T`, or `None` for any other JSON value.
struct Maybe<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Maybe<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Maybe<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Maybe<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| Maybe(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Maybe<T>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Maybe(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Maybe<T>, E> {
                Ok(Maybe(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Maybe<T>, E> {
                Ok(Maybe(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Maybe<T>, E> {
                Ok(Maybe(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Maybe<T>, E> {
                Ok(Maybe(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Maybe<T>, E> {
                Ok(Maybe(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Maybe<T>, E> {
                Ok(Maybe(None))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// Builds an offer from two prices as read, or says why there is none.
/// `scale` turns the file's unit into USD per million.
fn priced(
    input: Lenient,
    output: Lenient,
    scale: fn(f64) -> f64,
) -> Result<(f64, f64), &'static str> {
    match (input, output) {
        (Lenient::Unreadable, _) | (_, Lenient::Unreadable) => Err(reasons::UNREADABLE),
        (Lenient::Absent, Lenient::Absent) => Err(reasons::NO_PRICE),
        (_, Lenient::Absent) => Err(reasons::NO_OUTPUT_PRICE),
        (i, Lenient::Number(o)) => {
            // An input price left out is taken to equal the output price,
            // as the plan file does (and the import says so).
            let i = i.get().unwrap_or(o);
            if i == -1.0 || o == -1.0 {
                return Err(reasons::ROUTER);
            }
            if i < 0.0 || o < 0.0 {
                return Err(reasons::NEGATIVE);
            }
            Ok((scale(i), scale(o)))
        }
    }
}

fn as_is(x: f64) -> f64 {
    x
}

/// A cached-input price, if given as a number that is not negative.
fn cached(price: Lenient, scale: fn(f64) -> f64) -> Option<f64> {
    price.get().filter(|p| *p >= 0.0).map(scale)
}

// ----- LiteLLM ----------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct LitellmEntry {
    litellm_provider: Option<String>,
    mode: Option<String>,
    input_cost_per_token: Lenient,
    output_cost_per_token: Lenient,
    cache_read_input_token_cost: Lenient,
}

/// LiteLLM's `model_prices_and_context_window.json`: USD per token.
pub fn litellm(text: &str) -> Result<Read, String> {
    let text = quote_overflowing(text);
    let Entries(entries) = serde_json::from_str::<Entries<LitellmEntry>>(&text)
        .map_err(|e| format!("not a LiteLLM price file: {e}"))?;
    let mut read = Read::default();
    for (name, entry) in entries {
        if name == "sample_spec" || name == "fallback_generalizations" {
            read.skip(reasons::SCHEMA, &name);
            continue;
        }
        let Some(e) = entry else {
            read.skip(reasons::NOT_AN_ENTRY, &name);
            continue;
        };
        if !matches!(
            e.mode.as_deref(),
            None | Some("chat" | "completion" | "responses")
        ) {
            read.skip(reasons::NOT_TEXT, &name);
            continue;
        }
        let provider = e.litellm_provider.unwrap_or_else(|| "unknown".into());
        match priced(e.input_cost_per_token, e.output_cost_per_token, per_million) {
            Ok((input, output)) => {
                let mut offer = Offer::new(name, provider, input, output);
                offer.cached_input = cached(e.cache_read_input_token_cost, per_million);
                read.offer(offer)
            }
            Err(reason) => read.skip(reason, &name),
        }
    }
    Ok(read)
}

// ----- OpenRouter -------------------------------------------------------------

#[derive(Deserialize)]
struct OpenRouterModel {
    id: String,
    #[serde(default)]
    canonical_slug: Option<String>,
    #[serde(default)]
    pricing: Option<OpenRouterPricing>,
    #[serde(default)]
    architecture: Option<Architecture>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OpenRouterPricing {
    prompt: Lenient,
    completion: Lenient,
    input_cache_read: Lenient,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Architecture {
    output_modalities: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OpenRouterFile {
    Wrapped { data: Vec<Maybe<OpenRouterModel>> },
    Bare(Vec<Maybe<OpenRouterModel>>),
}

/// OpenRouter's `/api/v1/models`: `{"data": [...]}` or the bare array; USD
/// per token as decimal strings; `-1` is no fixed price (a router).
pub fn openrouter(text: &str) -> Result<Read, String> {
    let models = match serde_json::from_str::<OpenRouterFile>(&quote_overflowing(text)) {
        Ok(OpenRouterFile::Wrapped { data } | OpenRouterFile::Bare(data)) => data,
        Err(_) => {
            return Err(
                "not an OpenRouter models list: expected {\"data\": [...]} or an array of models with `id` and `pricing`".into(),
            );
        }
    };
    let mut read = Read::default();
    for (n, Maybe(model)) in models.into_iter().enumerate() {
        let Some(m) = model else {
            read.skip(reasons::NOT_AN_ENTRY, &format!("data[{n}]"));
            continue;
        };
        let text_out = m
            .architecture
            .and_then(|a| a.output_modalities)
            .is_none_or(|o| o.iter().any(|x| x == "text"));
        if !text_out {
            read.skip(reasons::NOT_TEXT, &m.id);
            continue;
        }
        if m.id.ends_with(":free") {
            read.skip(reasons::FREE, &m.id);
            continue;
        }
        let Some(p) = m.pricing else {
            read.skip(reasons::NO_PRICE, &m.id);
            continue;
        };
        let name = m.canonical_slug.unwrap_or(m.id);
        match priced(p.prompt, p.completion, per_million) {
            Ok((i, o)) => {
                let mut offer = Offer::new(name, "openrouter".into(), i, o);
                offer.cached_input = cached(p.input_cache_read, per_million);
                read.offer(offer)
            }
            Err(reason) => read.skip(reason, &name),
        }
    }
    Ok(read)
}

// ----- models.dev -------------------------------------------------------------

#[derive(Deserialize)]
struct ModelsDevProvider {
    models: Entries<ModelsDevModel>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModelsDevModel {
    open_weights: Option<bool>,
    cost: Option<ModelsDevCost>,
    last_updated: Option<String>,
    modalities: Option<Modalities>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModelsDevCost {
    input: Lenient,
    output: Lenient,
    cache_read: Lenient,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Modalities {
    output: Vec<String>,
}

/// models.dev's `api.json`: providers → models, USD per million tokens.
pub fn models_dev(text: &str) -> Result<Read, String> {
    let Entries(providers) =
        serde_json::from_str::<Entries<ModelsDevProvider>>(&quote_overflowing(text))
            .map_err(|e| format!("not a models.dev api.json: {e}"))?;
    let mut read = Read::default();
    for (provider, p) in providers {
        let Some(p) = p else {
            read.skip(reasons::NOT_AN_ENTRY, &provider);
            continue;
        };
        for (id, m) in p.models.0 {
            let named = || format!("{provider}/{id}");
            let Some(m) = m else {
                read.skip(reasons::NOT_AN_ENTRY, &named());
                continue;
            };
            if m.modalities
                .is_some_and(|x| !x.output.iter().any(|o| o == "text"))
            {
                read.skip(reasons::NOT_TEXT, &named());
                continue;
            }
            if m.open_weights == Some(false) {
                read.skip(reasons::CLOSED, &named());
                continue;
            }
            let Some(cost) = m.cost else {
                read.skip(reasons::NO_PRICE, &named());
                continue;
            };
            match priced(cost.input, cost.output, as_is) {
                Ok((i, o)) => {
                    let mut offer = Offer::new(id, provider.clone(), i, o);
                    offer.cached_input = cached(cost.cache_read, as_is);
                    offer.as_of = m.last_updated.as_deref().and_then(month_or_day);
                    read.offer(offer);
                }
                Err(reason) => read.skip(reason, &named()),
            }
        }
    }
    Ok(read)
}

/// `2026-11-20` or `2026-11` (read as its first day).
fn month_or_day(text: &str) -> Option<Date> {
    Date::parse(text)
        .or_else(|_| Date::parse(&format!("{text}-01")))
        .ok()
}

// ----- genai-prices -----------------------------------------------------------

#[derive(Deserialize)]
struct GenaiProvider {
    id: String,
    models: Vec<Maybe<GenaiModel>>,
}

#[derive(Deserialize)]
struct GenaiModel {
    id: String,
    prices: GenaiPrices,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum GenaiPrices {
    Dated(Vec<GenaiConditional>),
    One(GenaiPrice),
}

#[derive(Deserialize)]
struct GenaiConditional {
    #[serde(default)]
    constraint: Option<GenaiConstraint>,
    prices: GenaiPrice,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GenaiConstraint {
    start_date: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GenaiPrice {
    input_mtok: Option<GenaiValue>,
    output_mtok: Option<GenaiValue>,
    cache_read_mtok: Option<GenaiValue>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum GenaiValue {
    // First: `Lenient` reads any object too (as unreadable).
    Tiered { base: Lenient },
    Flat(Lenient),
}

impl GenaiValue {
    fn lenient(v: &Option<GenaiValue>) -> (Lenient, bool) {
        match v {
            None => (Lenient::Absent, false),
            Some(GenaiValue::Flat(l)) => (*l, false),
            Some(GenaiValue::Tiered { base }) => (*base, true),
        }
    }
}

/// pydantic's genai-prices `data.json`: providers → models → prices in USD
/// per million; of dated prices, the one in force on `today`.
pub fn genai_prices(text: &str, today: Date) -> Result<Read, String> {
    let providers: Vec<Maybe<GenaiProvider>> = serde_json::from_str(&quote_overflowing(text))
        .map_err(|e| {
            format!(
                "not a genai-prices data.json (an array of providers with models and prices): {e}"
            )
        })?;
    let mut read = Read::default();
    for (n, Maybe(p)) in providers.into_iter().enumerate() {
        let Some(p) = p else {
            read.skip(reasons::NOT_AN_ENTRY, &format!("[{n}]"));
            continue;
        };
        for (k, Maybe(m)) in p.models.into_iter().enumerate() {
            let Some(m) = m else {
                read.skip(reasons::NOT_AN_ENTRY, &format!("{}.models[{k}]", p.id));
                continue;
            };
            let (price, in_force, off_peak) = with_time_of_day(&m.prices, today);
            let (input, tiered_in) = GenaiValue::lenient(&price.input_mtok);
            let (output, tiered_out) = GenaiValue::lenient(&price.output_mtok);
            match priced(input, output, as_is) {
                Ok((i, o)) => {
                    let mut offer = Offer::new(m.id, p.id.clone(), i, o);
                    offer.cached_input =
                        cached(GenaiValue::lenient(&price.cache_read_mtok).0, as_is);
                    offer.off_peak = off_peak;
                    offer.note = match (in_force, tiered_in || tiered_out) {
                        (Some(n), _) => Some(n),
                        (None, true) => Some("base price, below its long-prompt tier".into()),
                        (None, false) => None,
                    };
                    read.offer(offer);
                }
                Err(reason) => read.skip(reason, &format!("{}/{}", p.id, m.id)),
            }
        }
    }
    Ok(read)
}

/// The price in force on `today`, and which it is when there were several:
/// the last whose start date has come, else the one without a condition
/// (time-of-day prices are not a month's price: the unconditioned one is
/// taken, and said so).
fn in_force(prices: &GenaiPrices, today: Date) -> (&GenaiPrice, Option<String>) {
    let list = match prices {
        GenaiPrices::One(p) => return (p, None),
        GenaiPrices::Dated(list) if list.is_empty() => return (EMPTY_PRICE, None),
        GenaiPrices::Dated(list) => list,
    };
    let started = |c: &GenaiConditional| match &c.constraint {
        None => Some(None),
        Some(GenaiConstraint {
            start_date: Some(d),
            ..
        }) => Date::parse(d).ok().filter(|d| *d <= today).map(Some),
        Some(_) => None,
    };
    let chosen = list
        .iter()
        .rev()
        .find_map(|c| started(c).map(|d| (c, d)))
        .unwrap_or((&list[0], None));
    let timed = list.iter().any(|c| {
        c.constraint
            .as_ref()
            .is_some_and(|k| k.start_time.is_some())
    });
    let note = match chosen.1 {
        Some(d) => Some(format!("the price in force since {d}")),
        None if timed => Some("the all-day price; a time-of-day price was left out".into()),
        None if list.len() > 1 => Some("the price before its dated changes".into()),
        None => None,
    };
    (&chosen.0.prices, note)
}

/// The price in force, and where the list also holds a time-of-day price
/// (DeepSeek's), the window: the dearer of the two is the model's price,
/// the other part of the day its off-peak window at the output price's
/// discount.
fn with_time_of_day(
    prices: &GenaiPrices,
    today: Date,
) -> (&GenaiPrice, Option<String>, Option<crate::plan::OffPeak>) {
    let (base, note) = in_force(prices, today);
    let GenaiPrices::Dated(list) = prices else {
        return (base, note, None);
    };
    let timed = list.iter().find_map(|c| {
        let k = c.constraint.as_ref()?;
        let started = k
            .start_date
            .as_deref()
            .is_none_or(|d| Date::parse(d).is_ok_and(|d| d <= today));
        let from = utc_hour(k.start_time.as_deref()?)?;
        let to = utc_hour(k.end_time.as_deref()?)?;
        started.then_some((&c.prices, from, to))
    });
    let output = |p: &GenaiPrice| match GenaiValue::lenient(&p.output_mtok).0 {
        Lenient::Number(x) if x > 0.0 => Some(x),
        _ => None,
    };
    let Some((timed, from, to)) = timed else {
        return (base, note, None);
    };
    let (Some(t), Some(b)) = (output(timed), output(base)) else {
        return (base, note, None);
    };
    // The dearer price stands; the cheaper part of the day is off-peak.
    let (price, window, discount) = match t > b {
        true => (timed, (to, from), 1.0 - b / t),
        false => (base, (from, to), 1.0 - t / b),
    };
    let off_peak = crate::plan::OffPeak {
        discount,
        from: window.0,
        to: window.1,
    };
    let note = format!(
        "the standard price; off-peak {} from its time-of-day price",
        crate::text::format::off_peak(&off_peak)
    );
    (price, Some(note), Some(off_peak))
}

/// An hour of the day in UTC from genai-prices' `HH:MM[:SS]` with `Z` or
/// an offset (`+08:00`).
fn utc_hour(time: &str) -> Option<f64> {
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => (time, ""),
    };
    let mut parts = clock.split(':').map(|p| p.parse::<f64>().ok());
    let hours = parts.next()??;
    let minutes = parts.next().flatten().unwrap_or(0.0);
    let seconds = parts.next().flatten().unwrap_or(0.0);
    let shift = match offset.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let mut o = offset[1..].split(':').map(|p| p.parse::<f64>().ok());
            let h = o.next()??;
            let m = o.next().flatten().unwrap_or(0.0);
            (h + m / 60.0) * if sign == '+' { 1.0 } else { -1.0 }
        }
        _ => 0.0,
    };
    let hour = hours + minutes / 60.0 + seconds / 3600.0 - shift;
    (0.0..=24.0)
        .contains(&(hours + minutes / 60.0))
        .then(|| hour.rem_euclid(24.0))
}

static EMPTY_PRICE: &GenaiPrice = &GenaiPrice {
    input_mtok: None,
    output_mtok: None,
    cache_read_mtok: None,
};

// ----- CSV ----------------------------------------------------------------------

/// inferplan's own CSV: `name,input_per_mtok,output_per_mtok[,cached_input_per_mtok][,tier]`.
pub fn csv(text: &str) -> Result<Read, String> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("not a CSV file: {e}"))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(name), Some(input), Some(output)) = (
        column("name"),
        column("input_per_mtok"),
        column("output_per_mtok"),
    ) else {
        return Err(format!(
            "a price CSV needs the columns name, input_per_mtok and output_per_mtok; this one has: {}",
            headers.iter().collect::<Vec<_>>().join(", ")
        ));
    };
    let tier = column("tier");
    let cached_column = column("cached_input_per_mtok");
    let mut read = Read::default();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", i + 2))?;
        let cell = |c: usize| record.get(c).unwrap_or("").trim();
        let number = |c: usize| match cell(c) {
            "" => Lenient::Absent,
            t => Lenient::parse(t.trim_start_matches('$')),
        };
        if cell(name).is_empty() {
            read.skip(reasons::NO_NAME, &format!("row {}", i + 2));
            continue;
        }
        match priced(number(input), number(output), as_is) {
            Ok((i, o)) => {
                let mut offer = Offer::new(cell(name).to_string(), "csv".into(), i, o);
                offer.tier = tier.map(cell).filter(|t| !t.is_empty()).map(str::to_string);
                offer.cached_input = cached_column.and_then(|c| cached(number(c), as_is));
                read.offer(offer);
            }
            Err(reason) => read.skip(reason, cell(name)),
        }
    }
    Ok(read)
}
