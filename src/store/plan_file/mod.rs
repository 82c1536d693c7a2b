//! The plan file: TOML in, TOML out, every problem pointed at its line.
//!
//! Reading goes through "raw" structs whose fields keep their spans, so that a
//! rule broken after parsing (a dangling tier, low > high) is still reported at
//! the line and column where the value was written.

mod fields;
mod parts;
mod preserve;
mod synthetic;

pub use synthetic::synthetic_plan;

use crate::base::date::Date;
use crate::base::money::Estimate;
use crate::engine::validate;
use crate::plan::PlanError;
use crate::plan::Section;
use crate::plan::{
    AppliesTo, Billing, Deployment, Drivers, GpuTier, Measured, Model, Offers, Overhead, Plan,
    Rate, SCHEMA, ScalesWith, Scenario, Settings, Source, Table, TierPricing,
};
use fields::{Count, Fraction, Money, Number, Volume};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range as Span;
use std::path::Path;
use toml::Spanned;

/// The built-in plan, parsed. It is checked by the test suite, so this cannot fail
/// in a released binary.
pub fn default_plan() -> Plan {
    from_toml(crate::plan::DEFAULT_PLAN_TOML, "<built-in plan>")
        .expect("the built-in plan is valid")
}

/// Reads and checks a plan file.
pub fn load(path: &Path) -> Result<Plan, PlanError> {
    let name = path.display().to_string();
    let text = crate::base::textfile::read(path)
        .map_err(|e| PlanError::whole_file(&name, format!("cannot read the plan: {e}")))?;
    from_toml(&text, &name)
}

/// `load`, with the fingerprint of the text read (see `fingerprint`), so a
/// later save can tell whether someone else changed the file meanwhile.
pub fn load_fingerprinted(path: &Path) -> Result<(Plan, u64), PlanError> {
    let name = path.display().to_string();
    let text = crate::base::textfile::read(path)
        .map_err(|e| PlanError::whole_file(&name, format!("cannot read the plan: {e}")))?;
    Ok((from_toml(&text, &name)?, fingerprint(&text)))
}

/// FNV-1a 64 of a text: stable across runs and platforms (unlike `std`'s
/// hashers), and any edit changes it (all but surely).
pub fn fingerprint(text: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    text.bytes()
        .fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// The fingerprint of a plan file as it is now; `None` when it cannot be
/// read (gone, unreadable).
pub fn fingerprint_of_file(path: &Path) -> Option<u64> {
    crate::base::textfile::read(path)
        .ok()
        .map(|t| fingerprint(&t))
}

/// Parses and checks plan text; `file` names it in errors.
pub fn from_toml(text: &str, file: &str) -> Result<Plan, PlanError> {
    parse(text, file).map(|(plan, _)| plan)
}

/// `load`, with what the plan holds that is likely a slip (see
/// `validate::warnings`), each located in the file as errors are.
pub fn load_with_warnings(path: &Path) -> Result<(Plan, Vec<PlanError>), PlanError> {
    let name = path.display().to_string();
    let text = crate::base::textfile::read(path)
        .map_err(|e| PlanError::whole_file(&name, format!("cannot read the plan: {e}")))?;
    let (plan, spans) = parse(&text, &name)?;
    let warnings = crate::engine::warnings(&plan)
        .into_iter()
        .map(|w| spans.locate(&text, &name, w))
        .collect();
    Ok((plan, warnings))
}

fn parse(text: &str, file: &str) -> Result<(Plan, Spans), PlanError> {
    parse_in_parts_of(text, file, ROWS_PER_PART)
}

/// Rows read at a time from a big plan (see `read_in_parts`).
const ROWS_PER_PART: usize = 256;

fn parse_in_parts_of(
    text: &str,
    file: &str,
    rows_per_part: usize,
) -> Result<(Plan, Spans), PlanError> {
    check_schema(text, file)?;
    let mut spans = Spans::default();
    let in_parts =
        parts::split(text, rows_per_part).and_then(|parts| read_in_parts(text, &parts, &mut spans));
    let plan = match in_parts {
        Some(plan) => plan,
        None => {
            spans = Spans::default();
            let raw: RawPlan = toml::from_str(text).map_err(|e| parse_error(text, file, &e))?;
            raw.into_plan(&mut spans)
        }
    };
    match validate(&plan).into_iter().next() {
        None => Ok((plan, spans)),
        Some(problem) => Err(spans.locate(text, file, problem)),
    }
}

/// Reads a big plan a few hundred rows at a time: the parser's document of
/// one part is freed before the next is read, so a plan of thousands of
/// rows never holds its whole parsed document at once. `None` when any
/// part does not read alone: the caller then reads the whole text, which
/// places the error.
fn read_in_parts(text: &str, parts: &parts::Parts, spans: &mut Spans) -> Option<Plan> {
    let head: RawPlan = toml::from_str(&text[..parts.head_end]).ok()?;
    let mut plan = head.into_plan(spans);
    for part in &parts.rows {
        let rows: RawRows = toml::from_str(&text[part.clone()]).ok()?;
        spans.base = part.start;
        rows.append_to(&mut plan, spans);
    }
    spans.base = 0;
    Some(plan)
}

/// A part of a big plan: whole entries of its tables, nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRows {
    #[serde(default)]
    gpu_tiers: Vec<Spanned<RawTier>>,
    #[serde(default)]
    models: Vec<Spanned<RawModel>>,
    #[serde(default)]
    overheads: Vec<Spanned<RawOverhead>>,
    #[serde(default)]
    scenarios: Vec<Spanned<RawScenario>>,
}

impl RawRows {
    fn append_to(self, plan: &mut Plan, spans: &mut Spans) {
        let RawRows {
            gpu_tiers,
            models,
            overheads,
            scenarios,
        } = self;
        let at = plan.gpu_tiers.len();
        let more = rows(spans, Table::GpuTiers, at, gpu_tiers, RawTier::into_tier);
        plan.gpu_tiers.extend(more);
        let at = plan.models.len();
        let more = rows(spans, Table::Models, at, models, RawModel::into_model);
        plan.models.extend(more);
        let at = plan.overheads.len();
        let more = rows(
            spans,
            Table::Overheads,
            at,
            overheads,
            RawOverhead::into_overhead,
        );
        plan.overheads.extend(more);
        let at = plan.scenarios.len();
        let more = rows(
            spans,
            Table::Scenarios,
            at,
            scenarios,
            RawScenario::into_scenario,
        );
        plan.scenarios.extend(more);
    }
}

/// A plan written to its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// `fingerprint` of the text written.
    pub fingerprint: u64,
    /// What the save could not keep, for the user (see `write::Written`).
    pub notes: Vec<String>,
}

/// Writes a plan atomically (see `write::write_atomic`). Over an existing
/// plan file its comments and layout are kept (see `preserve`).
pub fn save(plan: &Plan, path: &Path) -> Result<Saved, PlanError> {
    let text = crate::base::textfile::read(path)
        .ok()
        .and_then(|original| preserve::merged_toml(plan, &original))
        .unwrap_or_else(|| to_toml(plan));
    let written = crate::base::atomic::write_atomic(path, &text)?;
    Ok(Saved {
        fingerprint: fingerprint(&text),
        notes: written.notes,
    })
}

/// The plan as TOML text; `from_toml` reads it back to an equal plan.
pub fn to_toml(plan: &Plan) -> String {
    let body = toml::to_string(&OutPlan::from(plan))
        .unwrap_or_else(|e| format!("# inferplan could not write this plan: {e}\n"));
    format!(
        "# inferplan plan file (schema {SCHEMA}). Money is USD per month unless a key says\n\
         # otherwise; a range is [low, high] or one number. Keys are explained in README.md.\n\n{body}"
    )
}

fn parse_error(text: &str, file: &str, e: &toml::de::Error) -> PlanError {
    PlanError::at(file, text, e.span(), None, e.message().trim().to_string())
}

fn check_schema(text: &str, file: &str) -> Result<(), PlanError> {
    #[derive(Deserialize)]
    struct SchemaOnly {
        schema: Option<Spanned<toml::Value>>,
    }
    // Top-level keys come before the first table, so the text before it
    // holds `schema`: reading only that spares a second parse of a big
    // plan. Should the cut fall inside a multi-line string, the whole is read.
    let head_end = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| text[i..].trim_start_matches([' ', '\t']).starts_with('['))
        .unwrap_or(text.len());
    let head: SchemaOnly = match toml::from_str(&text[..head_end]) {
        Ok(head) => head,
        Err(_) => toml::from_str(text).map_err(|e| parse_error(text, file, &e))?,
    };
    let field = Some("schema".to_string());
    let Some(schema) = head.schema else {
        return Err(PlanError::at(
            file,
            text,
            Some(0..0),
            field,
            format!("missing; a plan file starts with `schema = {SCHEMA}`"),
        ));
    };
    let span = Some(schema.span());
    match schema.get_ref().as_integer() {
        Some(v) if v == i64::from(SCHEMA) => Ok(()),
        Some(v) if v > i64::from(SCHEMA) => Err(PlanError::at(
            file,
            text,
            span,
            field,
            format!(
                "this plan was written for schema {v}, newer than this inferplan reads (schema {SCHEMA}); upgrade inferplan to open it"
            ),
        )),
        _ => Err(PlanError::at(
            file,
            text,
            span,
            field,
            format!("expected the whole number {SCHEMA}"),
        )),
    }
}

/// Spans of every field read, keyed by where the field sits and its key
/// (a row's own span under the key ""): no path is formatted unless a
/// problem is reported, which keeps loading a big plan cheap.
#[derive(Default)]
struct Spans {
    at: HashMap<(Section, &'static str), Span<usize>>,
    /// Where the text being read starts in the file (a part of a big plan).
    base: usize,
}

impl Spans {
    fn insert(&mut self, section: Section, key: &'static str, span: Span<usize>) {
        let base = self.base;
        self.at
            .insert((section, key), span.start + base..span.end + base);
    }

    fn take<T>(&mut self, section: Section, key: &'static str, value: Spanned<impl Into<T>>) -> T {
        self.insert(section, key, value.span());
        value.into_inner().into()
    }

    /// A problem as an error pointing at its field (or its row) in the text.
    fn locate(&self, text: &str, file: &str, problem: crate::plan::Problem) -> PlanError {
        let span = self
            .at
            .get(&(problem.section, problem.key))
            .or_else(|| self.at.get(&(problem.section, "")))
            .cloned();
        PlanError::at(file, text, span, Some(problem.path()), problem.message)
    }
}

// ----- reading --------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    #[allow(dead_code)]
    schema: u32,
    name: Spanned<String>,
    #[serde(default)]
    settings: RawSettings,
    #[serde(default)]
    gpu_tiers: Vec<Spanned<RawTier>>,
    #[serde(default)]
    models: Vec<Spanned<RawModel>>,
    #[serde(default)]
    overheads: Vec<Spanned<RawOverhead>>,
    #[serde(default)]
    scenarios: Vec<Spanned<RawScenario>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    days_per_month: Option<Spanned<Number>>,
    deployment: Option<Deployment>,
    estimate: Option<Estimate>,
    include_overheads: Option<bool>,
    output_share: Option<Spanned<Fraction>>,
    stale_after_days: Option<Spanned<Count>>,
    api_discount: Option<Spanned<Fraction>>,
    contingency: Option<Spanned<Fraction>>,
    horizon_months: Option<Spanned<Count>>,
    currency: Option<Spanned<String>>,
    usd_rate: Option<Spanned<Number>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    id: Spanned<String>,
    gpus: String,
    cloud_monthly: Option<Spanned<Money>>,
    on_prem_monthly: Option<Spanned<Money>>,
    #[serde(default)]
    cost_is: Source,
    cost_as_of: Option<Date>,
    gpu_count: Option<Spanned<Count>>,
    cloud_gpu_hour: Option<Spanned<Money>>,
    spot_gpu_hour: Option<Spanned<Money>>,
    #[serde(default)]
    rate: Rate,
    spot_allowance: Option<Spanned<Fraction>>,
    #[serde(default)]
    billing: Billing,
    active_hours: Option<Spanned<Number>>,
    scale_buffer: Option<Spanned<Fraction>>,
    replicas_per_instance: Option<Spanned<Count>>,
    purchase: Option<Spanned<Money>>,
    amortization_months: Option<Spanned<Count>>,
    residual: Option<Spanned<Money>>,
    upkeep_per_year: Option<Spanned<Fraction>>,
    cost_of_capital: Option<Spanned<Fraction>>,
    cloud_most_likely: Option<Spanned<Number>>,
    on_prem_most_likely: Option<Spanned<Number>>,
    tokens_per_day: Option<Spanned<Volume>>,
    tokens_per_second: Option<Spanned<Number>>,
    p99_limit_ms: Option<Spanned<Number>>,
    #[serde(default)]
    capacity_is: Source,
    capacity_as_of: Option<Date>,
    measured: Option<RawMeasured>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasured {
    tokens_per_second: Number,
    max_concurrency: Option<Count>,
    p99_ttft_ms: Option<Number>,
    p99_tpot_ms: Option<Number>,
    p99_e2el_ms: Option<Number>,
    input_tokens: Option<Number>,
    output_tokens: Option<Number>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    name: Spanned<String>,
    output_per_mtok: Spanned<Number>,
    input_per_mtok: Option<Spanned<Number>>,
    cached_input_per_mtok: Option<Spanned<Number>>,
    batch_discount: Option<Spanned<Fraction>>,
    api_discount: Option<Spanned<Fraction>>,
    input_is: Option<Source>,
    #[serde(default)]
    output_is: Source,
    prices_as_of: Option<Date>,
    offers: Option<RawOffers>,
    tier: Spanned<String>,
    #[serde(default)]
    tier_is: Source,
    self_host_monthly: Option<Spanned<Money>>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffers {
    pick: String,
    #[serde(default)]
    provider: String,
    providers: Count,
    output_per_mtok: Money,
    input_per_mtok: Money,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverhead {
    name: Spanned<String>,
    monthly: Option<Spanned<Money>>,
    hours_per_week: Option<Spanned<Money>>,
    hourly_rate: Option<Spanned<Money>>,
    watts_per_gpu: Option<Spanned<Number>>,
    pue: Option<Spanned<Number>>,
    price_per_kwh: Option<Spanned<Money>>,
    fte: Option<Spanned<Number>>,
    fte_monthly: Option<Spanned<Money>>,
    one_off: Option<Spanned<Money>>,
    scales_with: Option<ScalesWith>,
    most_likely: Option<Spanned<Number>>,
    applies_to: AppliesTo,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: Spanned<String>,
    tokens_per_day: Spanned<Volume>,
    model: Spanned<String>,
    tier: Option<Spanned<String>>,
    deployment: Option<Deployment>,
    output_share: Option<Spanned<Fraction>>,
    peak_to_average: Option<Spanned<Number>>,
    target_utilization: Option<Spanned<Fraction>>,
    spare_replicas: Option<Spanned<Count>>,
    regions: Option<Spanned<Count>>,
    monthly_growth: Option<Spanned<Fraction>>,
    cached_input_share: Option<Spanned<Fraction>>,
    batch_share: Option<Spanned<Fraction>>,
    peak_hours: Option<Spanned<Number>>,
    availability: Option<Spanned<Fraction>>,
    #[serde(default)]
    note: String,
}

impl RawPlan {
    fn into_plan(self, spans: &mut Spans) -> Plan {
        Plan {
            name: spans.take(Section::TopLevel, "name", self.name),
            settings: self.settings.into_settings(spans),
            gpu_tiers: rows(
                spans,
                Table::GpuTiers,
                0,
                self.gpu_tiers,
                RawTier::into_tier,
            ),
            models: rows(spans, Table::Models, 0, self.models, RawModel::into_model),
            overheads: rows(
                spans,
                Table::Overheads,
                0,
                self.overheads,
                RawOverhead::into_overhead,
            ),
            scenarios: rows(
                spans,
                Table::Scenarios,
                0,
                self.scenarios,
                RawScenario::into_scenario,
            ),
        }
    }
}

/// The rows of a table, numbered from `first`, each converted with the
/// spans of its fields kept under `table[i].field`, and its own span under
/// `table[i]`.
fn rows<R, T>(
    spans: &mut Spans,
    table: Table,
    first: usize,
    raw: Vec<Spanned<R>>,
    convert: fn(R, &mut RowSpans) -> T,
) -> Vec<T> {
    raw.into_iter()
        .enumerate()
        .map(|(i, r)| {
            let section = Section::Row(table, first + i);
            spans.insert(section, "", r.span());
            convert(r.into_inner(), &mut RowSpans { spans, section })
        })
        .collect()
}

/// The spans of one row's fields.
struct RowSpans<'a> {
    spans: &'a mut Spans,
    section: Section,
}

impl RowSpans<'_> {
    fn take<T>(&mut self, key: &'static str, value: Spanned<impl Into<T>>) -> T {
        self.spans.take(self.section, key, value)
    }

    /// An optional field's value, or `default` when the file leaves it out.
    fn or<T>(&mut self, key: &'static str, value: Option<Spanned<impl Into<T>>>, default: T) -> T {
        value.map_or(default, |v| self.take(key, v))
    }
}

impl RawSettings {
    fn into_settings(self, spans: &mut Spans) -> Settings {
        let defaults = Settings::default();
        Settings {
            days_per_month: self.days_per_month.map_or(defaults.days_per_month, |v| {
                spans.take(Section::Settings, "days_per_month", v)
            }),
            deployment: self.deployment.unwrap_or(defaults.deployment),
            estimate: self.estimate.unwrap_or(defaults.estimate),
            include_overheads: self.include_overheads.unwrap_or(defaults.include_overheads),
            output_share: self.output_share.map_or(defaults.output_share, |v| {
                spans.take(Section::Settings, "output_share", v)
            }),
            stale_after_days: self
                .stale_after_days
                .map_or(defaults.stale_after_days, |v| {
                    spans.take(Section::Settings, "stale_after_days", v)
                }),
            api_discount: self.api_discount.map_or(defaults.api_discount, |v| {
                spans.take(Section::Settings, "api_discount", v)
            }),
            contingency: self.contingency.map_or(defaults.contingency, |v| {
                spans.take(Section::Settings, "contingency", v)
            }),
            horizon_months: self.horizon_months.map_or(defaults.horizon_months, |v| {
                spans.take(Section::Settings, "horizon_months", v)
            }),
            currency: self.currency.map_or(defaults.currency, |v| {
                spans.take(Section::Settings, "currency", v)
            }),
            usd_rate: self.usd_rate.map_or(defaults.usd_rate, |v| {
                spans.take(Section::Settings, "usd_rate", v)
            }),
        }
    }
}

impl RawTier {
    fn into_tier(self, s: &mut RowSpans) -> GpuTier {
        let tokens_per_second: Option<f64> = self
            .tokens_per_second
            .map(|v| s.take("tokens_per_second", v));
        GpuTier {
            id: s.take("id", self.id),
            gpus: self.gpus,
            // Left out means not given: shown as missing, never as 0.
            cloud_monthly: self.cloud_monthly.map(|v| s.take("cloud_monthly", v)),
            on_prem_monthly: self.on_prem_monthly.map(|v| s.take("on_prem_monthly", v)),
            cost_is: self.cost_is,
            cost_as_of: self.cost_as_of,
            pricing: TierPricing {
                gpu_count: self.gpu_count.map(|v| s.take("gpu_count", v)),
                cloud_gpu_hour: self.cloud_gpu_hour.map(|v| s.take("cloud_gpu_hour", v)),
                spot_gpu_hour: self.spot_gpu_hour.map(|v| s.take("spot_gpu_hour", v)),
                rate: self.rate,
                spot_allowance: s.or("spot_allowance", self.spot_allowance, 0.0),
                billing: self.billing,
                active_hours: self.active_hours.map(|v| s.take("active_hours", v)),
                scale_buffer: s.or("scale_buffer", self.scale_buffer, 0.0),
                replicas_per_instance: self
                    .replicas_per_instance
                    .map(|v| s.take("replicas_per_instance", v)),
                purchase: self.purchase.map(|v| s.take("purchase", v)),
                amortization_months: self
                    .amortization_months
                    .map(|v| s.take("amortization_months", v)),
                residual: self.residual.map(|v| s.take("residual", v)),
                upkeep_per_year: s.or("upkeep_per_year", self.upkeep_per_year, 0.0),
                cost_of_capital: s.or("cost_of_capital", self.cost_of_capital, 0.0),
                cloud_most_likely: self
                    .cloud_most_likely
                    .map(|v| s.take("cloud_most_likely", v)),
                on_prem_most_likely: self
                    .on_prem_most_likely
                    .map(|v| s.take("on_prem_most_likely", v)),
            },
            tokens_per_second,
            // Measured throughput gives the capacity unless a figure is
            // written too (then both must agree, see `validate`); neither
            // is a capacity of 0, which the rules refuse.
            tokens_per_day: match self.tokens_per_day {
                Some(v) => s.take("tokens_per_day", v),
                None => tokens_per_second.map_or(0, crate::plan::tokens_per_day_at),
            },
            p99_limit_ms: self.p99_limit_ms.map(|v| s.take("p99_limit_ms", v)),
            capacity_is: self.capacity_is,
            capacity_as_of: self.capacity_as_of,
            measured: self.measured.map(|m| Measured {
                tokens_per_second: m.tokens_per_second.0,
                max_concurrency: m.max_concurrency.map(|c| c.0),
                p99_ttft_ms: m.p99_ttft_ms.map(|v| v.0),
                p99_tpot_ms: m.p99_tpot_ms.map(|v| v.0),
                p99_e2el_ms: m.p99_e2el_ms.map(|v| v.0),
                input_tokens: m.input_tokens.map(|v| v.0),
                output_tokens: m.output_tokens.map(|v| v.0),
            }),
            note: self.note,
        }
    }
}

impl RawModel {
    fn into_model(self, s: &mut RowSpans) -> Model {
        let output = s.take("output_per_mtok", self.output_per_mtok);
        // Only the output price was published for most models; an absent
        // input price is taken to equal it, and marked so.
        let (input, input_is) = match self.input_per_mtok {
            Some(v) => (
                s.take("input_per_mtok", v),
                self.input_is.unwrap_or_default(),
            ),
            None => (output, self.input_is.unwrap_or(Source::Assumption)),
        };
        Model {
            name: s.take("name", self.name),
            input_per_mtok: input,
            output_per_mtok: output,
            cached_input_per_mtok: self
                .cached_input_per_mtok
                .map(|v| s.take("cached_input_per_mtok", v)),
            batch_discount: s.or("batch_discount", self.batch_discount, 0.0),
            api_discount: self.api_discount.map(|v| s.take("api_discount", v)),
            input_is,
            output_is: self.output_is,
            prices_as_of: self.prices_as_of,
            offers: self.offers.map(|o| {
                Box::new(Offers {
                    pick: o.pick,
                    provider: o.provider,
                    providers: o.providers.0,
                    output_per_mtok: o.output_per_mtok.0,
                    input_per_mtok: o.input_per_mtok.0,
                })
            }),
            tier: s.take("tier", self.tier),
            tier_is: self.tier_is,
            self_host_monthly: self
                .self_host_monthly
                .map(|v| s.take("self_host_monthly", v)),
            note: self.note,
        }
    }
}

impl RawOverhead {
    fn into_overhead(self, s: &mut RowSpans) -> Overhead {
        let name = s.take("name", self.name);
        let mut opt = |key: &'static str,
                       v: Option<Spanned<Money>>|
         -> Option<crate::base::money::Range> { v.map(|v| s.take(key, v)) };
        let monthly = opt("monthly", self.monthly);
        let hours_per_week = opt("hours_per_week", self.hours_per_week);
        let hourly_rate = opt("hourly_rate", self.hourly_rate);
        let price_per_kwh = opt("price_per_kwh", self.price_per_kwh);
        let fte_monthly = opt("fte_monthly", self.fte_monthly);
        let one_off = opt("one_off", self.one_off);
        let mut num = |key: &'static str, v: Option<Spanned<Number>>| -> Option<f64> {
            v.map(|v| s.take(key, v))
        };
        let drivers = Drivers {
            hours_per_week,
            hourly_rate,
            watts_per_gpu: num("watts_per_gpu", self.watts_per_gpu),
            pue: num("pue", self.pue),
            price_per_kwh,
            fte: num("fte", self.fte),
            fte_monthly,
            one_off,
        };
        Overhead {
            name,
            monthly,
            drivers,
            scales_with: self.scales_with,
            most_likely: num("most_likely", self.most_likely),
            applies_to: self.applies_to,
            note: self.note,
        }
    }
}

impl RawScenario {
    fn into_scenario(self, s: &mut RowSpans) -> Scenario {
        let d = Scenario::new("", 0, "");
        Scenario {
            name: s.take("name", self.name),
            tokens_per_day: s.take("tokens_per_day", self.tokens_per_day),
            model: s.take("model", self.model),
            tier: self.tier.map(|v| s.take("tier", v)),
            deployment: self.deployment,
            output_share: self.output_share.map(|v| s.take("output_share", v)),
            peak_to_average: s.or("peak_to_average", self.peak_to_average, d.peak_to_average),
            target_utilization: s.or(
                "target_utilization",
                self.target_utilization,
                d.target_utilization,
            ),
            spare_replicas: s.or("spare_replicas", self.spare_replicas, d.spare_replicas),
            regions: s.or("regions", self.regions, d.regions),
            monthly_growth: s.or("monthly_growth", self.monthly_growth, d.monthly_growth),
            cached_input_share: s.or(
                "cached_input_share",
                self.cached_input_share,
                d.cached_input_share,
            ),
            batch_share: s.or("batch_share", self.batch_share, d.batch_share),
            peak_hours: self.peak_hours.map(|v| s.take("peak_hours", v)),
            availability: self.availability.map(|v| s.take("availability", v)),
            note: self.note,
        }
    }
}

// ----- writing --------------------------------------------------------------

/// A number written as an integer when it is one, so files read `1000`, not `1000.0`.
#[derive(Clone, Copy)]
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 9.0e15 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_point() {
            Num(self.0.low).serialize(s)
        } else {
            let mut seq = s.serialize_seq(Some(2))?;
            seq.serialize_element(&Num(self.0.low))?;
            seq.serialize_element(&Num(self.0.high))?;
            seq.end()
        }
    }
}

fn is_empty(s: &&str) -> bool {
    s.is_empty()
}

#[derive(Serialize)]
struct OutPlan<'a> {
    schema: u32,
    name: &'a str,
    settings: OutSettings,
    gpu_tiers: Vec<OutTier<'a>>,
    models: Vec<OutModel<'a>>,
    overheads: Vec<OutOverhead<'a>>,
    scenarios: Vec<OutScenario<'a>>,
}

#[derive(Serialize)]
struct OutSettings {
    days_per_month: Num,
    deployment: Deployment,
    estimate: Estimate,
    include_overheads: bool,
    output_share: Num,
    #[serde(skip_serializing_if = "is_default_age")]
    stale_after_days: u32,
    #[serde(skip_serializing_if = "is_none")]
    api_discount: Num,
    #[serde(skip_serializing_if = "is_none")]
    contingency: Num,
    #[serde(skip_serializing_if = "is_default_horizon")]
    horizon_months: u32,
    #[serde(skip_serializing_if = "is_usd")]
    currency: String,
    #[serde(skip_serializing_if = "is_one")]
    usd_rate: Num,
}

fn is_usd(code: &String) -> bool {
    code == "USD"
}

fn is_default_horizon(months: &u32) -> bool {
    *months == crate::plan::HORIZON_MONTHS
}

fn is_default_age(days: &u32) -> bool {
    *days == crate::plan::STALE_AFTER_DAYS
}

fn is_on_demand(r: &Rate) -> bool {
    *r == Rate::OnDemand
}

fn is_always_on(b: &Billing) -> bool {
    *b == Billing::AlwaysOn
}

fn is_published(s: &&Source) -> bool {
    **s == Source::Published
}

#[derive(Serialize)]
struct OutTier<'a> {
    id: &'a str,
    gpus: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cloud_monthly: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_prem_monthly: Option<Money>,
    #[serde(skip_serializing_if = "is_published")]
    cost_is: &'a Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost_as_of: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gpu_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cloud_gpu_hour: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spot_gpu_hour: Option<Money>,
    #[serde(skip_serializing_if = "is_on_demand")]
    rate: Rate,
    #[serde(skip_serializing_if = "is_none")]
    spot_allowance: Num,
    #[serde(skip_serializing_if = "is_always_on")]
    billing: Billing,
    #[serde(skip_serializing_if = "Option::is_none")]
    active_hours: Option<Num>,
    #[serde(skip_serializing_if = "is_none")]
    scale_buffer: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    replicas_per_instance: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purchase: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amortization_months: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    residual: Option<Money>,
    #[serde(skip_serializing_if = "is_none")]
    upkeep_per_year: Num,
    #[serde(skip_serializing_if = "is_none")]
    cost_of_capital: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    cloud_most_likely: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_prem_most_likely: Option<Num>,
    // Measured throughput stands for the capacity when it is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens_per_day: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens_per_second: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    p99_limit_ms: Option<Num>,
    capacity_is: &'a Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    capacity_as_of: Option<Date>,
    #[serde(skip_serializing_if = "is_empty")]
    note: &'a str,
    // A table: TOML writes it after the tier's plain keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    measured: Option<OutMeasured>,
}

#[derive(Serialize)]
struct OutMeasured {
    tokens_per_second: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_concurrency: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    p99_ttft_ms: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    p99_tpot_ms: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    p99_e2el_ms: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_tokens: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output_tokens: Option<Num>,
}

#[derive(Serialize)]
struct OutOffers<'a> {
    pick: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    provider: &'a str,
    providers: u32,
    output_per_mtok: Money,
    input_per_mtok: Money,
}

#[derive(Serialize)]
struct OutModel<'a> {
    name: &'a str,
    output_per_mtok: Num,
    input_per_mtok: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    cached_input_per_mtok: Option<Num>,
    #[serde(skip_serializing_if = "is_none")]
    batch_discount: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_discount: Option<Num>,
    #[serde(skip_serializing_if = "is_published")]
    output_is: &'a Source,
    input_is: &'a Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    prices_as_of: Option<Date>,
    tier: &'a str,
    #[serde(skip_serializing_if = "is_published")]
    tier_is: &'a Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    self_host_monthly: Option<Money>,
    #[serde(skip_serializing_if = "is_empty")]
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    offers: Option<OutOffers<'a>>,
}

#[derive(Serialize)]
struct OutOverhead<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    monthly: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours_per_week: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hourly_rate: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    watts_per_gpu: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pue: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    price_per_kwh: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fte: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fte_monthly: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    one_off: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scales_with: Option<ScalesWith>,
    #[serde(skip_serializing_if = "Option::is_none")]
    most_likely: Option<Num>,
    applies_to: AppliesTo,
    #[serde(skip_serializing_if = "is_empty")]
    note: &'a str,
}

#[derive(Serialize)]
struct OutScenario<'a> {
    name: &'a str,
    tokens_per_day: u64,
    model: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tier: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deployment: Option<Deployment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output_share: Option<Num>,
    // The published defaults are left out, as a person writing the file would.
    #[serde(skip_serializing_if = "is_one")]
    peak_to_average: Num,
    #[serde(skip_serializing_if = "is_one")]
    target_utilization: Num,
    #[serde(skip_serializing_if = "is_zero")]
    spare_replicas: u32,
    #[serde(skip_serializing_if = "is_one_region")]
    regions: u32,
    #[serde(skip_serializing_if = "is_none")]
    monthly_growth: Num,
    #[serde(skip_serializing_if = "is_none")]
    cached_input_share: Num,
    #[serde(skip_serializing_if = "is_none")]
    batch_share: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    peak_hours: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    availability: Option<Num>,
    #[serde(skip_serializing_if = "is_empty")]
    note: &'a str,
}

fn is_one(n: &Num) -> bool {
    n.0 == 1.0
}

fn is_none(n: &Num) -> bool {
    n.0 == 0.0
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_one_region(n: &u32) -> bool {
    *n == 1
}

// Each struct is destructured in full, so a new plan field fails the build
// here until it is written out (and read back, which the round-trip tests check).

impl<'a> From<&'a Plan> for OutPlan<'a> {
    fn from(p: &'a Plan) -> Self {
        let Plan {
            name,
            settings,
            gpu_tiers,
            models,
            overheads,
            scenarios,
        } = p;
        OutPlan {
            schema: SCHEMA,
            name,
            settings: settings.into(),
            gpu_tiers: gpu_tiers.iter().map(OutTier::from).collect(),
            models: models.iter().map(OutModel::from).collect(),
            overheads: overheads.iter().map(OutOverhead::from).collect(),
            scenarios: scenarios.iter().map(OutScenario::from).collect(),
        }
    }
}

impl From<&Settings> for OutSettings {
    fn from(s: &Settings) -> Self {
        let Settings {
            days_per_month,
            deployment,
            estimate,
            include_overheads,
            output_share,
            stale_after_days,
            api_discount,
            contingency,
            horizon_months,
            ref currency,
            usd_rate,
        } = *s;
        OutSettings {
            days_per_month: Num(days_per_month),
            deployment,
            estimate,
            include_overheads,
            output_share: Num(output_share),
            stale_after_days,
            api_discount: Num(api_discount),
            contingency: Num(contingency),
            horizon_months,
            currency: currency.clone(),
            usd_rate: Num(usd_rate),
        }
    }
}

impl<'a> From<&'a GpuTier> for OutTier<'a> {
    fn from(t: &'a GpuTier) -> Self {
        let GpuTier {
            id,
            gpus,
            cloud_monthly,
            on_prem_monthly,
            cost_is,
            cost_as_of,
            pricing,
            tokens_per_day,
            tokens_per_second,
            p99_limit_ms,
            capacity_is,
            capacity_as_of,
            measured,
            note,
        } = t;
        let TierPricing {
            gpu_count,
            cloud_gpu_hour,
            spot_gpu_hour,
            rate,
            spot_allowance,
            billing,
            active_hours,
            scale_buffer,
            replicas_per_instance,
            purchase,
            amortization_months,
            residual,
            upkeep_per_year,
            cost_of_capital,
            cloud_most_likely,
            on_prem_most_likely,
        } = pricing;
        OutTier {
            id,
            gpus,
            cloud_monthly: cloud_monthly.map(Money),
            on_prem_monthly: on_prem_monthly.map(Money),
            cost_is,
            cost_as_of: *cost_as_of,
            gpu_count: *gpu_count,
            cloud_gpu_hour: cloud_gpu_hour.map(Money),
            spot_gpu_hour: spot_gpu_hour.map(Money),
            rate: *rate,
            spot_allowance: Num(*spot_allowance),
            billing: *billing,
            active_hours: active_hours.map(Num),
            scale_buffer: Num(*scale_buffer),
            replicas_per_instance: *replicas_per_instance,
            purchase: purchase.map(Money),
            amortization_months: *amortization_months,
            residual: residual.map(Money),
            upkeep_per_year: Num(*upkeep_per_year),
            cost_of_capital: Num(*cost_of_capital),
            cloud_most_likely: cloud_most_likely.map(Num),
            on_prem_most_likely: on_prem_most_likely.map(Num),
            tokens_per_day: tokens_per_second.is_none().then_some(*tokens_per_day),
            tokens_per_second: tokens_per_second.map(Num),
            p99_limit_ms: p99_limit_ms.map(Num),
            capacity_is,
            capacity_as_of: *capacity_as_of,
            note,
            measured: measured.as_ref().map(OutMeasured::from),
        }
    }
}

impl<'a> From<&'a Model> for OutModel<'a> {
    fn from(m: &'a Model) -> Self {
        let Model {
            name,
            input_per_mtok,
            output_per_mtok,
            cached_input_per_mtok,
            batch_discount,
            api_discount,
            input_is,
            output_is,
            prices_as_of,
            offers,
            tier,
            tier_is,
            self_host_monthly,
            note,
        } = m;
        OutModel {
            name,
            output_per_mtok: Num(*output_per_mtok),
            input_per_mtok: Num(*input_per_mtok),
            cached_input_per_mtok: cached_input_per_mtok.map(Num),
            batch_discount: Num(*batch_discount),
            api_discount: api_discount.map(Num),
            output_is,
            input_is,
            prices_as_of: *prices_as_of,
            tier,
            tier_is,
            self_host_monthly: self_host_monthly.map(Money),
            note,
            offers: offers.as_ref().map(|o| OutOffers {
                pick: &o.pick,
                provider: &o.provider,
                providers: o.providers,
                output_per_mtok: Money(o.output_per_mtok),
                input_per_mtok: Money(o.input_per_mtok),
            }),
        }
    }
}

impl<'a> From<&'a Overhead> for OutOverhead<'a> {
    fn from(o: &'a Overhead) -> Self {
        let Overhead {
            name,
            monthly,
            drivers,
            scales_with,
            most_likely,
            applies_to,
            note,
        } = o;
        let Drivers {
            hours_per_week,
            hourly_rate,
            watts_per_gpu,
            pue,
            price_per_kwh,
            fte,
            fte_monthly,
            one_off,
        } = drivers;
        OutOverhead {
            name,
            monthly: monthly.map(Money),
            hours_per_week: hours_per_week.map(Money),
            hourly_rate: hourly_rate.map(Money),
            watts_per_gpu: watts_per_gpu.map(Num),
            pue: pue.map(Num),
            price_per_kwh: price_per_kwh.map(Money),
            fte: fte.map(Num),
            fte_monthly: fte_monthly.map(Money),
            one_off: one_off.map(Money),
            scales_with: *scales_with,
            most_likely: most_likely.map(Num),
            applies_to: *applies_to,
            note,
        }
    }
}

impl<'a> From<&'a Scenario> for OutScenario<'a> {
    fn from(s: &'a Scenario) -> Self {
        let Scenario {
            name,
            tokens_per_day,
            model,
            tier,
            deployment,
            output_share,
            peak_to_average,
            target_utilization,
            spare_replicas,
            regions,
            monthly_growth,
            cached_input_share,
            batch_share,
            peak_hours,
            availability,
            note,
        } = s;
        OutScenario {
            name,
            tokens_per_day: *tokens_per_day,
            model,
            tier: tier.as_deref(),
            deployment: *deployment,
            output_share: output_share.map(Num),
            peak_to_average: Num(*peak_to_average),
            target_utilization: Num(*target_utilization),
            spare_replicas: *spare_replicas,
            regions: *regions,
            monthly_growth: Num(*monthly_growth),
            cached_input_share: Num(*cached_input_share),
            batch_share: Num(*batch_share),
            peak_hours: peak_hours.map(Num),
            availability: availability.map(Num),
            note,
        }
    }
}

impl From<&Measured> for OutMeasured {
    fn from(m: &Measured) -> Self {
        let Measured {
            tokens_per_second,
            max_concurrency,
            p99_ttft_ms,
            p99_tpot_ms,
            p99_e2el_ms,
            input_tokens,
            output_tokens,
        } = *m;
        OutMeasured {
            tokens_per_second: Num(tokens_per_second),
            max_concurrency,
            p99_ttft_ms: p99_ttft_ms.map(Num),
            p99_tpot_ms: p99_tpot_ms.map(Num),
            p99_e2el_ms: p99_e2el_ms.map(Num),
            input_tokens: input_tokens.map(Num),
            output_tokens: output_tokens.map(Num),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole text read at once, as before parts existed.
    fn whole(text: &str) -> Result<Plan, PlanError> {
        parse_in_parts_of(text, "plan.toml", usize::MAX / 4).map(|(plan, _)| plan)
    }

    fn in_parts(text: &str, rows: usize) -> Result<Plan, PlanError> {
        parse_in_parts_of(text, "plan.toml", rows).map(|(plan, _)| plan)
    }

    #[test]
    fn a_plan_read_in_parts_equals_the_plan_read_whole() {
        let text = to_toml(&super::synthetic_plan(300, 40));
        let expected = whole(&text).unwrap();
        for rows in [1, 2, 7, 64, 256] {
            assert_eq!(
                in_parts(&text, rows).unwrap(),
                expected,
                "{rows} rows a part"
            );
        }
        // Hand-written files: comments, the built-in plan's layout.
        let built_in = crate::plan::DEFAULT_PLAN_TOML;
        assert_eq!(in_parts(built_in, 1).unwrap(), whole(built_in).unwrap());
    }

    #[test]
    fn a_cut_inside_a_string_falls_back_to_the_whole_text() {
        let mut plan = super::default_plan();
        plan.models[0].note = "first line\n[[models]]\nname = \"not a model\"\n".into();
        let text = to_toml(&plan);
        assert!(
            text.contains("\n[[models]]\nname = \"not a model\""),
            "{text}"
        );
        assert_eq!(in_parts(&text, 1).unwrap(), plan);
    }

    #[test]
    fn errors_in_a_later_part_point_at_the_line_in_the_file() {
        let text = to_toml(&super::synthetic_plan(40, 10));
        let bad = text.replacen("tier = \"70-72b\"", "tier = \"no-such-tier\"", 1);
        let line = bad[..bad.find("no-such-tier").unwrap()].lines().count();
        let whole_error = whole(&bad).unwrap_err().to_string();
        let parts_error = in_parts(&bad, 2).unwrap_err().to_string();
        assert_eq!(parts_error, whole_error);
        assert!(parts_error.contains(&format!(":{line}:")), "{parts_error}");
        let broken = text.replacen("tokens_per_day = ", "tokens_per_day = = ", 30);
        assert_eq!(
            in_parts(&broken, 2).unwrap_err().to_string(),
            whole(&broken).unwrap_err().to_string()
        );
    }
}
