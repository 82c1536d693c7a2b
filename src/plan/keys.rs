//! One list of each table's keys: the name a plan file writes it under, what
//! kind of value it holds, its unit, what leaving it out means, and what it
//! is. The file's writer, the comparison, the JSON Schema and the reference
//! in `docs/plan-file.md` are driven from these lists; the reader's fields
//! are checked against them by a test. A new field is one variant here: the
//! compiler then asks for its entry (`key`) and its value (`get`).

use super::{GpuTier, Measured, Model, Offers, Overhead, Scenario, Settings, Source};
use crate::base::date::Date;
use crate::base::money::Range;

/// What kind of value a key holds, as a file writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Free text, a name or an id.
    Text,
    /// Money: one amount (`400`), a range (`[400, 800]`), or text (`"400-800"`).
    Money,
    /// A price per million tokens.
    Price,
    /// A plain number.
    Number,
    /// A share: `0.6` or `"60%"`.
    Share,
    /// A whole number.
    Count,
    /// Tokens a day: `50_000_000` or `"50M"`.
    Tokens,
    /// `true` or `false`.
    Flag,
    /// A day, `"YYYY-MM-DD"`.
    Date,
    /// Where a figure comes from: `published`, `assumption`, `guessed: …`,
    /// `imported: …` or `measured: …`.
    Source,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A table of its own, with these keys.
    Table(&'static [Key]),
    /// 24 shares, one for each hour of a day (UTC), summing to 1.
    Profile,
}

/// What a key left out of a file means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Absent {
    /// It may not be left out.
    Required,
    /// Not given, which is not the same as 0 (a cost nobody gave).
    NotGiven,
    /// Taken from elsewhere, as the words say (`the plan's`).
    Inherited(&'static str),
    /// This number.
    Number(f64),
    /// This word.
    Word(&'static str),
    /// `false`.
    False,
    /// Empty text.
    Empty,
}

/// One key of a plan file's table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Key {
    /// The name the file writes it under.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Its unit, or "".
    pub unit: &'static str,
    /// What leaving it out means.
    pub absent: Absent,
    /// Written even when it holds what leaving it out means (a reader of
    /// the file should see it).
    pub always_written: bool,
    /// What it is.
    pub meaning: &'static str,
}

/// A key's value in a plan: what the writer writes and the comparison
/// compares. `Missing` and `Inherited` are left out of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Money, a range.
    Money(Range),
    /// A price per million tokens.
    Price(f64),
    /// Tokens a day, exact.
    Tokens(u64),
    /// A fraction shown as a percentage.
    Share(f64),
    /// A plain number (days, peak/average).
    Number(f64),
    /// A whole count (regions, spares).
    Count(u32),
    /// A word or free text.
    Text(String),
    /// A switch.
    Flag(bool),
    /// A table of its own: its keys' values, in order.
    Table(Vec<(&'static str, FieldValue)>),
    /// The share of each hour of a day.
    Profile(Vec<f64>),
    /// Not set here: inherited from what the text says ("model's tier").
    Inherited(&'static str),
    /// Not given at all (a tier's cost left out): not the same as 0.
    Missing,
}

impl FieldValue {
    /// True when a file need not write it: not given, inherited, or what
    /// leaving it out means.
    pub fn is_absent(&self, absent: Absent) -> bool {
        match (self, absent) {
            (FieldValue::Missing | FieldValue::Inherited(_), _) => true,
            (
                FieldValue::Number(x) | FieldValue::Share(x) | FieldValue::Price(x),
                Absent::Number(n),
            ) => *x == n,
            (FieldValue::Count(c), Absent::Number(n)) => f64::from(*c) == n,
            (FieldValue::Text(t), Absent::Word(w)) => t == w,
            (FieldValue::Text(t), Absent::Empty) => t.is_empty(),
            (FieldValue::Flag(b), Absent::False) => !b,
            _ => false,
        }
    }
}

/// A table's keys as an enum: every key listed once with its entry.
macro_rules! keys {
    ($(#[$doc:meta])* $name:ident: $( $variant:ident => $key:expr ),+ $(,)?) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $( $variant ),+ }

        impl $name {
            /// Every key, in the order a file writes them.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The key's entry.
            pub const fn key(self) -> Key {
                match self { $( $name::$variant => $key ),+ }
            }

            /// Every entry, in order.
            pub const KEYS: &'static [Key] = &[ $( $key ),+ ];
        }
    };
}

const fn key(
    name: &'static str,
    kind: Kind,
    unit: &'static str,
    absent: Absent,
    meaning: &'static str,
) -> Key {
    Key {
        name,
        kind,
        unit,
        absent,
        always_written: false,
        meaning,
    }
}

/// The same key, written even when left at what leaving it out means.
const fn shown(k: Key) -> Key {
    Key {
        always_written: true,
        ..k
    }
}

const MONEY: &str = "USD a month";
const PER_MTOK: &str = "USD per million tokens";
const DEPLOYMENTS: &[&str] = &["cloud", "on-prem"];

keys! {
    /// The keys of `[settings]`.
    SettingsKey:
    DaysPerMonth => shown(key("days_per_month", Kind::Number, "days", Absent::Number(30.0), "billing days in a month (1 to 31)")),
    Deployment => shown(key("deployment", Kind::Choice(DEPLOYMENTS), "", Absent::Word("cloud"), "cloud rental or amortized on-prem, for scenarios that do not choose")),
    Estimate => shown(key("estimate", Kind::Choice(&["range", "low", "mid", "high"]), "", Absent::Word("range"), "which end of each range is shown and decided on")),
    IncludeOverheads => shown(key("include_overheads", Kind::Flag, "", Absent::False, "whether verdicts, factors and break-evens count the overheads")),
    OutputShare => shown(key("output_share", Kind::Share, "", Absent::Number(1.0), "share of tokens priced as output (0 to 1), for scenarios that do not say")),
    StaleAfterDays => key("stale_after_days", Kind::Count, "days", Absent::Number(180.0), "dated figures older than this are marked stale"),
    ApiDiscount => key("api_discount", Kind::Share, "", Absent::Number(0.0), "off every API price (negative: a markup, down to -1); models may set their own"),
    Contingency => key("contingency", Kind::Share, "", Absent::Number(0.0), "added to every self-host cost, GPUs and overheads"),
    HorizonMonths => key("horizon_months", Kind::Count, "months", Absent::Number(24.0), "months a one-off overhead is spread over, and the months a growth timeline covers"),
    Migration => key("migration", Kind::Number, "USD", Absent::Number(0.0), "a one-off cost of moving to self-hosting, counted in the growth timeline's totals"),
    Currency => key("currency", Kind::Text, "", Absent::Word("USD"), "the currency of every amount in the plan (a code, like EUR)"),
    UsdRate => key("usd_rate", Kind::Number, "per USD", Absent::Number(1.0), "units of the currency per US dollar: imported USD prices are converted with it"),
}

keys! {
    /// The keys of a benchmark run kept with a tier (`[gpu_tiers.measured]`).
    MeasuredKey:
    TokensPerSecond => key("tokens_per_second", Kind::Number, "tokens a second", Absent::Required, "input and output tokens a second, all requests together"),
    MaxConcurrency => key("max_concurrency", Kind::Count, "requests", Absent::NotGiven, "requests in flight at once during the run"),
    P99TtftMs => key("p99_ttft_ms", Kind::Number, "ms", Absent::NotGiven, "99th percentile time to first token"),
    P99TpotMs => key("p99_tpot_ms", Kind::Number, "ms", Absent::NotGiven, "99th percentile time per output token"),
    P99E2elMs => key("p99_e2el_ms", Kind::Number, "ms", Absent::NotGiven, "99th percentile end-to-end request latency"),
    InputTokens => key("input_tokens", Kind::Number, "tokens", Absent::NotGiven, "mean input tokens per request"),
    OutputTokens => key("output_tokens", Kind::Number, "tokens", Absent::NotGiven, "mean output tokens per request"),
}

keys! {
    /// The keys of a GPU tier (`[[gpu_tiers]]`).
    TierKey:
    Id => key("id", Kind::Text, "", Absent::Required, "unique; models and scenarios refer to it"),
    Gpus => key("gpus", Kind::Text, "", Absent::Required, "the GPUs of one replica, e.g. \"2x A100 80GB\""),
    CloudMonthly => key("cloud_monthly", Kind::Money, MONEY, Absent::NotGiven, "reserved cloud rental per replica"),
    OnPremMonthly => key("on_prem_monthly", Kind::Money, MONEY, Absent::NotGiven, "amortized on-prem ownership per replica"),
    CostIs => key("cost_is", Kind::Source, "", Absent::Word("published"), "where the costs come from"),
    CostAsOf => key("cost_as_of", Kind::Date, "", Absent::NotGiven, "the day the costs were true"),
    GpuCount => key("gpu_count", Kind::Count, "GPUs", Absent::Inherited("the count gpus starts with, else 1"), "GPUs in one replica"),
    CloudGpuHour => key("cloud_gpu_hour", Kind::Money, "USD a GPU hour", Absent::NotGiven, "on-demand or reserved price per GPU hour, used when cloud_monthly is left out"),
    SpotGpuHour => key("spot_gpu_hour", Kind::Money, "USD a GPU hour", Absent::NotGiven, "spot price per GPU hour"),
    Rate => key("rate", Kind::Choice(&["on-demand", "spot"]), "", Absent::Word("on-demand"), "which hourly price a cloud replica pays"),
    SpotAllowance => key("spot_allowance", Kind::Share, "", Absent::Number(0.0), "spot only: extra replicas held for interruptions"),
    Billing => key("billing", Kind::Choice(&["always-on", "active-hours", "scale-to-zero"]), "", Absent::Word("always-on"), "billed every hour, during an active window, or for the busy hours only"),
    ActiveHours => key("active_hours", Kind::Number, "hours a day", Absent::NotGiven, "the active window, for billing = active-hours"),
    ScaleBuffer => key("scale_buffer", Kind::Share, "", Absent::Number(0.0), "scale-to-zero: billed time beyond the busy hours (start-up, idle tails)"),
    ScaleUpMinutes => key("scale_up_minutes", Kind::Number, "minutes", Absent::Number(0.0), "scale-to-zero with a scenario's hourly profile: minutes a replica is billed before it serves, each time the schedule starts one"),
    ReplicasPerInstance => key("replicas_per_instance", Kind::Count, "replicas", Absent::Inherited("1"), "replicas one billed instance holds; GPU hours are paid per instance"),
    Purchase => key("purchase", Kind::Money, "USD", Absent::NotGiven, "one replica's hardware, used when on_prem_monthly is left out"),
    AmortizationMonths => key("amortization_months", Kind::Count, "months", Absent::Inherited("36"), "months the purchase is written off over"),
    Residual => key("residual", Kind::Money, "USD", Absent::NotGiven, "what the hardware is worth at the end"),
    UpkeepPerYear => key("upkeep_per_year", Kind::Share, "of the purchase a year", Absent::Number(0.0), "upkeep (maintenance, support; power aside) a year"),
    CostOfCapital => key("cost_of_capital", Kind::Share, "a year", Absent::Number(0.0), "the yearly cost of the money tied up"),
    CloudMostLikely => key("cloud_most_likely", Kind::Number, MONEY, Absent::NotGiven, "a replica's most likely monthly cost in the cloud, within its range (the Monte Carlo mode)"),
    OnPremMostLikely => key("on_prem_most_likely", Kind::Number, MONEY, Absent::NotGiven, "a replica's most likely monthly cost on-prem, within its range"),
    TokensPerDay => key("tokens_per_day", Kind::Tokens, "tokens a day", Absent::Inherited("tokens_per_second × 86,400, else the estimate for gpu_type"), "one replica's capacity at full utilization (100k to 1e15); leave it out with a gpu_type to size by the estimate"),
    TokensPerSecond => key("tokens_per_second", Kind::Number, "tokens a second", Absent::NotGiven, "the capacity as measured; tokens_per_day is then 86,400 times it"),
    P99LimitMs => key("p99_limit_ms", Kind::Number, "ms", Absent::NotGiven, "the p99 latency the capacity holds to"),
    CapacityIs => shown(key("capacity_is", Kind::Source, "", Absent::Word("published"), "where the capacity comes from")),
    CapacityAsOf => key("capacity_as_of", Kind::Date, "", Absent::NotGiven, "the day the capacity was measured or stated"),
    GpuType => key("gpu_type", Kind::Text, "", Absent::NotGiven, "the GPU, by a name or id of the GPU table (\"H100 SXM\", \"h100_sxm\"): with the model's architecture, its capacity is estimated"),
    Backend => key("backend", Kind::Choice(&["vllm", "sglang", "trtllm"]), "", Absent::Inherited("vllm"), "the serving engine the estimate is for"),
    Precision => key("precision", Kind::Choice(&["bf16", "fp8", "fp4", "int4"]), "", Absent::Inherited("the model's own"), "the weights' precision the estimate is for"),
    Note => key("note", Kind::Text, "", Absent::Empty, "free text: sources, caveats"),
    Measured => key("measured", Kind::Table(MeasuredKey::KEYS), "", Absent::NotGiven, "the benchmark run the capacity came from (import writes it)"),
}

keys! {
    /// The keys of the sellers a model's price was picked from (`[models.offers]`).
    OffersKey:
    Pick => key("pick", Kind::Text, "", Absent::Required, "how the price was picked: cheapest, median or a seller"),
    Provider => key("provider", Kind::Text, "", Absent::Empty, "the seller whose prices were taken"),
    Providers => key("providers", Kind::Count, "sellers", Absent::Required, "how many sellers priced the model"),
    OutputPerMtok => key("output_per_mtok", Kind::Money, PER_MTOK, Absent::Required, "cheapest and dearest output price among them"),
    InputPerMtok => key("input_per_mtok", Kind::Money, PER_MTOK, Absent::Required, "cheapest and dearest input price among them"),
}

keys! {
    /// The keys of a model (`[[models]]`).
    ModelKey:
    Name => key("name", Kind::Text, "", Absent::Required, "unique; scenarios refer to it"),
    OutputPerMtok => key("output_per_mtok", Kind::Price, PER_MTOK, Absent::NotGiven, "the API's price of output tokens"),
    InputPerMtok => shown(key("input_per_mtok", Kind::Price, PER_MTOK, Absent::Inherited("the output price, marked an assumption"), "the API's price of input tokens")),
    CachedInputPerMtok => key("cached_input_per_mtok", Kind::Price, PER_MTOK, Absent::Inherited("the input price"), "the API's price of cached input tokens"),
    BatchDiscount => key("batch_discount", Kind::Share, "", Absent::Number(0.0), "the batch API's discount (0 to 1)"),
    ApiDiscount => key("api_discount", Kind::Share, "", Absent::Inherited("the plan's"), "this model's discount (negative: a markup)"),
    OutputIs => key("output_is", Kind::Source, "", Absent::Word("published"), "where the output price comes from"),
    InputIs => shown(key("input_is", Kind::Source, "", Absent::Word("published"), "where the input price comes from (an assumption when input_per_mtok is left out)")),
    PricesAsOf => key("prices_as_of", Kind::Date, "", Absent::NotGiven, "the day the prices were true"),
    Tier => key("tier", Kind::Text, "", Absent::Required, "the GPU tier that serves it; \"\" for none yet (no self-host figures)"),
    TierIs => key("tier_is", Kind::Source, "", Absent::Word("published"), "where the choice of tier comes from"),
    OffPeakDiscount => key("off_peak_discount", Kind::Share, "", Absent::NotGiven, "the API's discount in its off-peak window, with off_peak_from and off_peak_to (0.5 is half price)"),
    OffPeakFrom => key("off_peak_from", Kind::Number, "hour UTC", Absent::NotGiven, "where the off-peak window starts, 0 to 24 (16.5 is 16:30 UTC)"),
    OffPeakTo => key("off_peak_to", Kind::Number, "hour UTC", Absent::NotGiven, "where it ends, 0 to 24; before off_peak_from when it wraps past midnight"),
    SelfHostMonthly => key("self_host_monthly", Kind::Money, MONEY, Absent::Inherited("the tier's cost"), "a published self-host cost for this model (the Models tab's break-even)"),
    Architecture => key("architecture", Kind::Text, "", Absent::NotGiven, "its architecture, by a name of the model table (\"Qwen/Qwen3-32B\") or a path to its Hugging Face config.json (from the plan file's folder; `inferplan import hf-config` writes it), for the capacity estimate"),
    Note => key("note", Kind::Text, "", Absent::Empty, "free text: sources, caveats"),
    Offers => key("offers", Kind::Table(OffersKey::KEYS), "", Absent::NotGiven, "the sellers the price was picked from (import writes it)"),
}

keys! {
    /// The keys of an overhead (`[[overheads]]`).
    OverheadKey:
    Name => key("name", Kind::Text, "", Absent::Required, "unique"),
    Monthly => key("monthly", Kind::Money, MONEY, Absent::NotGiven, "what it costs a month; or one set of drivers instead"),
    HoursPerWeek => key("hours_per_week", Kind::Money, "hours a week", Absent::NotGiven, "staff hours, with hourly_rate (× 4.33 weeks)"),
    HourlyRate => key("hourly_rate", Kind::Money, "USD an hour", Absent::NotGiven, "what an hour of that work costs"),
    WattsPerGpu => key("watts_per_gpu", Kind::Number, "W", Absent::NotGiven, "electricity, with price_per_kwh: watts one GPU draws, paid per GPU of every replica"),
    Pue => key("pue", Kind::Number, "", Absent::NotGiven, "power usage effectiveness of the data centre (1 to 3); 1 when left out"),
    PricePerKwh => key("price_per_kwh", Kind::Money, "USD per kWh", Absent::NotGiven, "the price of electricity"),
    Fte => key("fte", Kind::Number, "staff", Absent::NotGiven, "full-time staff, with fte_monthly"),
    FteMonthly => key("fte_monthly", Kind::Money, MONEY, Absent::NotGiven, "what one of them costs a month, loaded"),
    OneOff => key("one_off", Kind::Money, "USD", Absent::NotGiven, "paid once (implementation, migration), spread over the plan's horizon_months"),
    ScalesWith => key("scales_with", Kind::Choice(&["fixed", "replica", "region"]), "", Absent::Inherited("fixed; per GPU for electricity"), "paid once, per replica or per region"),
    MostLikely => key("most_likely", Kind::Number, MONEY, Absent::NotGiven, "its most likely monthly figure within its range (the Monte Carlo mode)"),
    AppliesTo => shown(key("applies_to", Kind::Choice(&["both", "cloud", "on-prem", "api"]), "", Absent::Required, "the deployments it is paid under, or the API path's own")),
    Note => key("note", Kind::Text, "", Absent::Empty, "free text: sources, caveats"),
}

keys! {
    /// The keys of a scenario (`[[scenarios]]`).
    ScenarioKey:
    Name => key("name", Kind::Text, "", Absent::Required, "unique"),
    TokensPerDay => key("tokens_per_day", Kind::Tokens, "tokens a day", Absent::Required, "today's volume, input and output together"),
    Model => key("model", Kind::Text, "", Absent::Required, "the model whose API price is compared"),
    Tier => key("tier", Kind::Text, "", Absent::Inherited("the model's tier"), "the GPU tier it runs on"),
    Deployment => key("deployment", Kind::Choice(DEPLOYMENTS), "", Absent::Inherited("the plan's"), "where its replicas run"),
    OutputShare => key("output_share", Kind::Share, "", Absent::Inherited("the plan's"), "share of its tokens that are output"),
    PeakToAverage => key("peak_to_average", Kind::Number, "", Absent::Number(1.0), "peak traffic over average (1 to 1000)"),
    TargetUtilization => key("target_utilization", Kind::Share, "", Absent::Number(1.0), "the highest utilization a replica is planned to (0.01 to 1)"),
    SpareReplicas => key("spare_replicas", Kind::Count, "replicas", Absent::Number(0.0), "extra replicas per region (1 for N+1)"),
    Regions => key("regions", Kind::Count, "regions", Absent::Number(1.0), "regions, each holding a full set of replicas"),
    MonthlyGrowth => key("monthly_growth", Kind::Share, "a month", Absent::Number(0.0), "volume growth a month"),
    CachedInputShare => key("cached_input_share", Kind::Share, "", Absent::Number(0.0), "share of input tokens served from the prompt cache"),
    BatchShare => key("batch_share", Kind::Share, "", Absent::Number(0.0), "share of all tokens sent through the batch API"),
    PeakHours => key("peak_hours", Kind::Number, "hours a day", Absent::NotGiven, "hours a day at the peak rate; prices the hybrid too"),
    Availability => key("availability", Kind::Share, "", Absent::NotGiven, "an availability target: N+1 per region from 99.9 %, two regions above it"),
    HourlyProfile => key("hourly_profile", Kind::Profile, "", Absent::NotGiven, "the share of a day's tokens in each hour, 00 to 23 UTC (24 numbers summing to 1); import usage fits it"),
    TrafficIs => key("traffic_is", Kind::Source, "", Absent::NotGiven, "where the volume and its shape come from; import usage writes \"measured: FILE, FROM–TO, N requests\""),
    InputTokensPerRequest => key("input_tokens_per_request", Kind::Number, "tokens", Absent::NotGiven, "mean input tokens a request, for the capacity estimate"),
    OutputTokensPerRequest => key("output_tokens_per_request", Kind::Number, "tokens", Absent::NotGiven, "mean output tokens a request, for the capacity estimate"),
    TtftP99Ms => key("ttft_p99_ms", Kind::Number, "ms", Absent::NotGiven, "the p99 time to first token the estimate holds a replica to"),
    TpotP99Ms => key("tpot_p99_ms", Kind::Number, "ms", Absent::NotGiven, "the p99 time per output token the estimate holds a replica to"),
    Note => key("note", Kind::Text, "", Absent::Empty, "free text"),
}

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.to_string())
}

fn money(r: Option<Range>) -> FieldValue {
    r.map_or(FieldValue::Missing, FieldValue::Money)
}

fn optional_text(s: Option<&str>) -> FieldValue {
    s.map_or(FieldValue::Missing, text)
}

fn number(x: Option<f64>) -> FieldValue {
    number_of(x, FieldValue::Number)
}

fn number_of(x: Option<f64>, kind: fn(f64) -> FieldValue) -> FieldValue {
    x.map_or(FieldValue::Missing, kind)
}

fn date(d: Option<Date>) -> FieldValue {
    d.map_or(FieldValue::Missing, |d| text(&d.to_string()))
}

fn source(s: &Source) -> FieldValue {
    text(&s.to_string())
}

impl SettingsKey {
    /// The key's value in the settings.
    pub fn get(self, s: &Settings) -> FieldValue {
        use SettingsKey as K;
        match self {
            K::DaysPerMonth => FieldValue::Number(s.days_per_month),
            K::Deployment => text(s.deployment.as_str()),
            K::Estimate => text(s.estimate.as_str()),
            K::IncludeOverheads => FieldValue::Flag(s.include_overheads),
            K::OutputShare => FieldValue::Share(s.output_share),
            K::StaleAfterDays => FieldValue::Count(s.stale_after_days),
            K::ApiDiscount => FieldValue::Share(s.api_discount),
            K::Contingency => FieldValue::Share(s.contingency),
            K::HorizonMonths => FieldValue::Count(s.horizon_months),
            K::Migration => FieldValue::Number(s.migration),
            K::Currency => text(&s.currency),
            K::UsdRate => FieldValue::Number(s.usd_rate),
        }
    }
}

impl MeasuredKey {
    /// The key's value in a benchmark run.
    pub fn get(self, m: &Measured) -> FieldValue {
        use MeasuredKey as K;
        match self {
            K::TokensPerSecond => FieldValue::Number(m.tokens_per_second),
            K::MaxConcurrency => m
                .max_concurrency
                .map_or(FieldValue::Missing, FieldValue::Count),
            K::P99TtftMs => number(m.p99_ttft_ms),
            K::P99TpotMs => number(m.p99_tpot_ms),
            K::P99E2elMs => number(m.p99_e2el_ms),
            K::InputTokens => number(m.input_tokens),
            K::OutputTokens => number(m.output_tokens),
        }
    }
}

impl TierKey {
    /// The key's value in a tier.
    pub fn get(self, t: &GpuTier) -> FieldValue {
        use TierKey as K;
        let p = &t.pricing;
        let count = |c: Option<u32>, from| c.map_or(FieldValue::Inherited(from), FieldValue::Count);
        match self {
            K::Id => text(&t.id),
            K::Gpus => text(&t.gpus),
            K::CloudMonthly => money(t.cloud_monthly),
            K::OnPremMonthly => money(t.on_prem_monthly),
            K::CostIs => source(&t.cost_is),
            K::CostAsOf => date(t.cost_as_of),
            K::GpuCount => count(p.gpu_count, "from gpus"),
            K::CloudGpuHour => money(p.cloud_gpu_hour),
            K::SpotGpuHour => money(p.spot_gpu_hour),
            K::Rate => text(p.rate.as_str()),
            K::SpotAllowance => FieldValue::Share(p.spot_allowance),
            K::Billing => text(p.billing.as_str()),
            K::ActiveHours => number(p.active_hours),
            K::ScaleBuffer => FieldValue::Share(p.scale_buffer),
            K::ScaleUpMinutes => FieldValue::Number(p.scale_up_minutes),
            K::ReplicasPerInstance => count(p.replicas_per_instance, "1"),
            K::Purchase => money(p.purchase),
            K::AmortizationMonths => count(p.amortization_months, "36"),
            K::Residual => money(p.residual),
            K::UpkeepPerYear => FieldValue::Share(p.upkeep_per_year),
            K::CostOfCapital => FieldValue::Share(p.cost_of_capital),
            K::CloudMostLikely => number(p.cloud_most_likely),
            K::OnPremMostLikely => number(p.on_prem_most_likely),
            // Measured throughput stands for the capacity when it is given.
            K::TokensPerDay => match t.tokens_per_second {
                Some(_) => FieldValue::Inherited("tokens_per_second"),
                None if t.estimates_capacity() => FieldValue::Inherited("the capacity estimate"),
                None => FieldValue::Tokens(t.tokens_per_day),
            },
            K::TokensPerSecond => number(t.tokens_per_second),
            K::P99LimitMs => number(t.p99_limit_ms),
            K::CapacityIs => source(&t.capacity_is),
            K::CapacityAsOf => date(t.capacity_as_of),
            K::GpuType => optional_text(t.hardware.gpu_type.as_deref()),
            K::Backend => t
                .hardware
                .backend
                .as_deref()
                .map_or(FieldValue::Inherited("vllm"), text),
            K::Precision => t
                .hardware
                .precision
                .as_deref()
                .map_or(FieldValue::Inherited("the model's own"), text),
            K::Note => text(&t.note),
            K::Measured => t.measured.as_ref().map_or(FieldValue::Missing, |m| {
                FieldValue::Table(
                    MeasuredKey::ALL
                        .iter()
                        .map(|k| (k.key().name, k.get(m)))
                        .collect(),
                )
            }),
        }
    }
}

impl OffersKey {
    /// The key's value in a model's offers.
    pub fn get(self, o: &Offers) -> FieldValue {
        use OffersKey as K;
        match self {
            K::Pick => text(&o.pick),
            K::Provider => text(&o.provider),
            K::Providers => FieldValue::Count(o.providers),
            K::OutputPerMtok => FieldValue::Money(o.output_per_mtok),
            K::InputPerMtok => FieldValue::Money(o.input_per_mtok),
        }
    }
}

impl ModelKey {
    /// The key's value in a model.
    pub fn get(self, m: &Model) -> FieldValue {
        use ModelKey as K;
        match self {
            K::Name => text(&m.name),
            K::OutputPerMtok => m
                .output_per_mtok
                .map_or(FieldValue::Missing, FieldValue::Price),
            K::InputPerMtok => m
                .input_per_mtok
                .map_or(FieldValue::Missing, FieldValue::Price),
            K::CachedInputPerMtok => m
                .cached_input_per_mtok
                .map_or(FieldValue::Inherited("input price"), FieldValue::Price),
            K::BatchDiscount => FieldValue::Share(m.batch_discount),
            K::ApiDiscount => m
                .api_discount
                .map_or(FieldValue::Inherited("plan's"), FieldValue::Share),
            K::OutputIs => source(&m.output_is),
            K::InputIs => source(&m.input_is),
            K::PricesAsOf => date(m.prices_as_of),
            K::Tier => text(&m.tier),
            K::TierIs => source(&m.tier_is),
            K::OffPeakDiscount => number_of(m.off_peak.map(|o| o.discount), FieldValue::Share),
            K::OffPeakFrom => number(m.off_peak.map(|o| o.from).filter(|x| !x.is_nan())),
            K::OffPeakTo => number(m.off_peak.map(|o| o.to).filter(|x| !x.is_nan())),
            K::SelfHostMonthly => m
                .self_host_monthly
                .map_or(FieldValue::Inherited("tier's cost"), FieldValue::Money),
            K::Architecture => optional_text(m.architecture.as_deref()),
            K::Note => text(&m.note),
            K::Offers => m.offers.as_ref().map_or(FieldValue::Missing, |o| {
                FieldValue::Table(
                    OffersKey::ALL
                        .iter()
                        .map(|k| (k.key().name, k.get(o)))
                        .collect(),
                )
            }),
        }
    }
}

impl OverheadKey {
    /// The key's value in an overhead.
    pub fn get(self, o: &Overhead) -> FieldValue {
        use OverheadKey as K;
        let d = &o.drivers;
        match self {
            K::Name => text(&o.name),
            K::Monthly => money(o.monthly),
            K::HoursPerWeek => money(d.hours_per_week),
            K::HourlyRate => money(d.hourly_rate),
            K::WattsPerGpu => number(d.watts_per_gpu),
            K::Pue => number(d.pue),
            K::PricePerKwh => money(d.price_per_kwh),
            K::Fte => number(d.fte),
            K::FteMonthly => money(d.fte_monthly),
            K::OneOff => money(d.one_off),
            K::ScalesWith => o
                .scales_with
                .map_or(FieldValue::Inherited(""), |s| text(s.as_str())),
            K::MostLikely => number(o.most_likely),
            K::AppliesTo => text(o.applies_to.as_str()),
            K::Note => text(&o.note),
        }
    }
}

impl ScenarioKey {
    /// The key's value in a scenario.
    pub fn get(self, s: &Scenario) -> FieldValue {
        use ScenarioKey as K;
        let inherited = FieldValue::Inherited;
        match self {
            K::Name => text(&s.name),
            K::TokensPerDay => FieldValue::Tokens(s.tokens_per_day),
            K::Model => text(&s.model),
            K::Tier => s.tier.as_deref().map_or(inherited("model's tier"), text),
            K::Deployment => s
                .deployment
                .map_or(inherited("plan's"), |d| text(d.as_str())),
            K::OutputShare => s
                .output_share
                .map_or(inherited("plan's"), FieldValue::Share),
            K::PeakToAverage => FieldValue::Number(s.peak_to_average),
            K::TargetUtilization => FieldValue::Share(s.target_utilization),
            K::SpareReplicas => FieldValue::Count(s.spare_replicas),
            K::Regions => FieldValue::Count(s.regions),
            K::MonthlyGrowth => FieldValue::Share(s.monthly_growth),
            K::CachedInputShare => FieldValue::Share(s.cached_input_share),
            K::BatchShare => FieldValue::Share(s.batch_share),
            K::PeakHours => number(s.peak_hours),
            K::Availability => s
                .availability
                .map_or(FieldValue::Missing, FieldValue::Share),
            K::HourlyProfile => s
                .hourly_profile
                .clone()
                .map_or(FieldValue::Missing, FieldValue::Profile),
            K::TrafficIs => s.traffic_is.as_ref().map_or(FieldValue::Missing, source),
            K::InputTokensPerRequest => number(s.requests.input_tokens),
            K::OutputTokensPerRequest => number(s.requests.output_tokens),
            K::TtftP99Ms => number(s.requests.ttft_p99_ms),
            K::TpotP99Ms => number(s.requests.tpot_p99_ms),
            K::Note => text(&s.note),
        }
    }
}
