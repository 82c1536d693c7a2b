//! A plan: the inputs of the cost model, as the user edits and saves them,
//! and the rules they keep. Data only: what the figures cost is the engine's,
//! and reading and writing the file is `store::plan_file`'s.
//!
//! A `Plan` held by the program is always valid (see `engine::validate`,
//! which adds the rules about costs to these): the file loader, the TUI's
//! editors and the tests all go through the same checks.

mod error;
pub mod keys;
pub mod parse;
mod source;
mod table;
mod validate;

pub(crate) use error::field_at;
pub use error::{Location, PlanError};
pub use source::{Freshness, Source};
pub use table::Table;
pub use validate::{
    MAX_DOLLARS, MAX_TOKENS_PER_DAY, MIN_CAPACITY, MIN_UTILIZATION, Problem, Section, num,
    range_problem, validate, validate_row, validate_settings,
};

use crate::base::date::Date;
use crate::base::money::{Estimate, Range};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The plan file schema this version reads and writes.
pub const SCHEMA: u32 = 1;

/// The built-in plan: every published figure of the reference comparison.
pub const DEFAULT_PLAN_TOML: &str = include_str!("../../assets/default-plan.toml");

/// Everything the engine needs to answer "API or self-host?".
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// A title shown in the header and in reports.
    pub name: String,
    /// Plan-wide switches.
    pub settings: Settings,
    /// Replica shapes a model can be served on.
    pub gpu_tiers: Vec<GpuTier>,
    /// Models with their hosted-API prices.
    pub models: Vec<Model>,
    /// Fixed monthly costs of running anything self-hosted.
    pub overheads: Vec<Overhead>,
    /// Usage to price: volume, model, tier and reliability targets.
    pub scenarios: Vec<Scenario>,
}

/// Plan-wide switches the views and reports honour.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Days in a billing month (30 in the published figures).
    pub days_per_month: f64,
    /// Cloud rental or amortized on-prem, for scenarios that do not say.
    pub deployment: Deployment,
    /// Which part of each range to show and decide on.
    pub estimate: Estimate,
    /// Whether verdicts, factors and break-evens count the overheads.
    pub include_overheads: bool,
    /// Share of tokens that are output, 0..=1, for scenarios that do not say and
    /// for the Models view. 1.0 prices every token at the output price, as the
    /// published figures do.
    pub output_share: f64,
    /// Dated figures older than this many days are marked stale.
    pub stale_after_days: u32,
    /// Discount on every API price, as a fraction (0.1 is 10 % off;
    /// negative is a markup); a model may set its own.
    pub api_discount: f64,
    /// Added to every self-host cost (GPUs and overheads), as a fraction.
    pub contingency: f64,
    /// Months a one-off cost (implementation, migration) is spread over,
    /// and the months a growth timeline covers.
    pub horizon_months: u32,
    /// A one-off cost of moving to self-hosting, paid before month 1 of a
    /// growth timeline (its payback month counts it).
    pub migration: f64,
    /// The currency of every amount in the plan (a code, like EUR).
    pub currency: String,
    /// Units of `currency` per US dollar, for imported USD prices.
    pub usd_rate: f64,
}

/// Months one-off costs are spread over, unless the plan says.
pub const HORIZON_MONTHS: u32 = 24;

/// How old a dated figure may get before it is marked stale, unless the plan says.
pub const STALE_AFTER_DAYS: u32 = 180;

impl Default for Settings {
    fn default() -> Self {
        Self {
            days_per_month: 30.0,
            deployment: Deployment::Cloud,
            estimate: Estimate::Range,
            include_overheads: false,
            output_share: 1.0,
            stale_after_days: STALE_AFTER_DAYS,
            api_discount: 0.0,
            contingency: 0.0,
            horizon_months: HORIZON_MONTHS,
            migration: 0.0,
            currency: "USD".into(),
            usd_rate: 1.0,
        }
    }
}

/// Where self-hosted GPUs run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Deployment {
    /// Rented GPUs (reserved instances).
    Cloud,
    /// Owned GPUs, amortized monthly.
    OnPrem,
}

impl Deployment {
    /// Both deployments, in cycling order.
    pub const ALL: [Deployment; 2] = [Deployment::Cloud, Deployment::OnPrem];

    /// The word used in files, reports and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            Deployment::Cloud => "cloud",
            Deployment::OnPrem => "on-prem",
        }
    }

    /// The other deployment.
    pub fn toggled(self) -> Self {
        match self {
            Deployment::Cloud => Deployment::OnPrem,
            Deployment::OnPrem => Deployment::Cloud,
        }
    }
}

impl fmt::Display for Deployment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One replica's shape: GPUs, what it costs a month, and what it serves a day.
#[derive(Debug, Clone, PartialEq)]
pub struct GpuTier {
    /// Unique id that models and scenarios refer to.
    pub id: String,
    /// The GPUs of one replica, e.g. "2x A100 80GB".
    pub gpus: String,
    /// Reserved cloud rental per replica per month; `None` when not given
    /// (not the same as 0, a sunk cost).
    pub cloud_monthly: Option<Range>,
    /// Amortized on-prem cost per replica per month; `None` when not given.
    pub on_prem_monthly: Option<Range>,
    /// Where the costs come from.
    pub cost_is: Source,
    /// The day the costs were true, if known.
    pub cost_as_of: Option<Date>,
    /// How the replica is priced from GPU hours or a purchase.
    pub pricing: TierPricing,
    /// Tokens a day one replica serves at full utilization.
    pub tokens_per_day: u64,
    /// The capacity as measured, tokens a second; when given,
    /// `tokens_per_day` is `tokens_per_second × 86,400`.
    pub tokens_per_second: Option<f64>,
    /// The p99 latency the capacity holds to, ms (a benchmark's limit).
    pub p99_limit_ms: Option<f64>,
    /// Where the capacity comes from.
    pub capacity_is: Source,
    /// The day the capacity was measured or stated, if known.
    pub capacity_as_of: Option<Date>,
    /// The benchmark run the capacity was measured in, if it was.
    pub measured: Option<Measured>,
    /// The hardware and engine a replica is, for the capacity estimate.
    pub hardware: Hardware,
    /// Free text: sources, caveats.
    pub note: String,
}

/// What a replica is made of, as the capacity estimate reads it; every part
/// optional (no GPU type: no estimate).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Hardware {
    /// The GPU, by a name of the GPU table (`H100 SXM`) or its id (`h100_sxm`).
    pub gpu_type: Option<String>,
    /// The serving engine: `vllm`, `sglang` or `trtllm`; vLLM when left out.
    pub backend: Option<String>,
    /// The weights' precision (`bf16`, `fp8`, `fp4`, `int4`); the model's own
    /// when left out.
    pub precision: Option<String>,
}

/// How a cloud replica is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Billing {
    /// Every hour of the month (730).
    #[default]
    AlwaysOn,
    /// Only during a window of `active_hours` a day, which is also when
    /// the replicas serve.
    ActiveHours,
    /// Only for the hours the volume keeps a replica busy, plus
    /// `scale_buffer` (start-up, idle tails): cost follows the volume.
    ScaleToZero,
}

impl Billing {
    /// Every way, in cycling order.
    pub const ALL: [Billing; 3] = [
        Billing::AlwaysOn,
        Billing::ActiveHours,
        Billing::ScaleToZero,
    ];

    /// The word used in files and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            Billing::AlwaysOn => "always-on",
            Billing::ActiveHours => "active-hours",
            Billing::ScaleToZero => "scale-to-zero",
        }
    }
}

/// Which hourly price a cloud tier pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Rate {
    /// `cloud_gpu_hour` (on-demand or reserved, as the plan's price says).
    #[default]
    OnDemand,
    /// `spot_gpu_hour`, plus `spot_allowance` extra for interruptions.
    Spot,
}

impl Rate {
    /// Both, in cycling order.
    pub const ALL: [Rate; 2] = [Rate::OnDemand, Rate::Spot];

    /// The word used in files and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            Rate::OnDemand => "on-demand",
            Rate::Spot => "spot",
        }
    }
}

/// How a tier's replica is priced from its parts: GPU hours in the cloud,
/// a purchase on-prem. Every field is optional; a tier's `cloud_monthly`
/// and `on_prem_monthly`, when given, win.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TierPricing {
    /// GPUs in one replica; `None` reads the count from `gpus` ("2x …"), else 1.
    pub gpu_count: Option<u32>,
    /// USD per GPU hour (on-demand or reserved).
    pub cloud_gpu_hour: Option<Range>,
    /// USD per GPU hour on spot.
    pub spot_gpu_hour: Option<Range>,
    /// Which of the two hourly prices the tier pays.
    pub rate: Rate,
    /// Extra replicas held for spot interruptions, as a share (0.1 is 10 %).
    pub spot_allowance: f64,
    /// Always on, or an active window.
    pub billing: Billing,
    /// The active window, hours a day, for `Billing::ActiveHours`.
    pub active_hours: Option<f64>,
    /// Billed time beyond the busy hours, as a share, for `Billing::ScaleToZero`.
    pub scale_buffer: f64,
    /// Minutes a replica is billed before it serves, each time the schedule
    /// of a scenario with an hourly profile starts one (`Billing::ScaleToZero`).
    pub scale_up_minutes: f64,
    /// Replicas one billed instance holds (GPU hours are paid per instance).
    pub replicas_per_instance: Option<u32>,
    /// What one replica's hardware costs to buy.
    pub purchase: Option<Range>,
    /// Months the purchase is written off over.
    pub amortization_months: Option<u32>,
    /// What the hardware is worth at the end.
    pub residual: Option<Range>,
    /// Upkeep a year (power aside: maintenance, support) as a share of the purchase.
    pub upkeep_per_year: f64,
    /// The yearly cost of the money tied up, as a rate (0.08 is 8 %).
    pub cost_of_capital: f64,
    /// A replica's most likely monthly cost in the cloud and on-prem,
    /// within their ranges: the modes the Monte Carlo run draws around.
    pub cloud_most_likely: Option<f64>,
    pub on_prem_most_likely: Option<f64>,
}

/// Tokens a day at a measured throughput: tokens a second × 86,400.
pub fn tokens_per_day_at(tokens_per_second: f64) -> u64 {
    (tokens_per_second * 86_400.0).round().max(0.0) as u64
}

/// Months a purchase is written off over, unless the tier says.
pub const AMORTIZATION_MONTHS: u32 = 36;

/// What a benchmark run measured, kept beside the capacity taken from it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Measured {
    /// Input and output tokens per second, all requests together.
    pub tokens_per_second: f64,
    /// Requests in flight at once during the run.
    pub max_concurrency: Option<u32>,
    /// 99th percentile time to first token, ms.
    pub p99_ttft_ms: Option<f64>,
    /// 99th percentile time per output token, ms.
    pub p99_tpot_ms: Option<f64>,
    /// 99th percentile end-to-end request latency, ms.
    pub p99_e2el_ms: Option<f64>,
    /// Mean input tokens per request.
    pub input_tokens: Option<f64>,
    /// Mean output tokens per request.
    pub output_tokens: Option<f64>,
}

impl GpuTier {
    /// True when the tier leaves its capacity to the estimate: no
    /// `tokens_per_day` or `tokens_per_second`, and a `gpu_type` given.
    pub fn estimates_capacity(&self) -> bool {
        self.tokens_per_day == 0
            && self.tokens_per_second.is_none()
            && self.hardware.gpu_type.is_some()
    }

    /// GPUs in one replica: as given, else the count `gpus` starts with
    /// ("2x A100"), else 1.
    pub fn gpu_count(&self) -> u32 {
        self.pricing.gpu_count.unwrap_or_else(|| {
            let t = self.gpus.trim();
            t.find(['x', 'X', '×'])
                .and_then(|at| t[..at].trim().parse().ok())
                .unwrap_or(1)
        })
    }
}

/// A model with its hosted-API prices.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Unique name that scenarios refer to.
    pub name: String,
    /// USD per million input (prompt) tokens; `None`: not given (a new row),
    /// which prices no API figure (never a free API).
    pub input_per_mtok: Option<f64>,
    /// USD per million output (completion) tokens; `None`: not given.
    pub output_per_mtok: Option<f64>,
    /// USD per million cached input tokens; `None` prices them as input.
    pub cached_input_per_mtok: Option<f64>,
    /// Discount on tokens sent through the batch API, as a fraction.
    pub batch_discount: f64,
    /// Discount on this model's prices; `None` uses the plan's.
    pub api_discount: Option<f64>,
    /// Where the input price comes from.
    pub input_is: Source,
    /// Where the output price comes from.
    pub output_is: Source,
    /// The day the prices were true, if known.
    pub prices_as_of: Option<Date>,
    /// What the other sellers of the model charge, when the prices were
    /// picked from several.
    pub offers: Option<Box<Offers>>,
    /// The GPU tier that serves it; empty when none is assigned yet (an
    /// import that could not guess one), which prices no self-hosting.
    pub tier: String,
    /// Where the choice of tier comes from.
    pub tier_is: Source,
    /// A published self-host cost for this model, if any; otherwise its tier's
    /// cost for the deployment is used.
    pub self_host_monthly: Option<Range>,
    /// Its architecture, by a name of the model table (a Hugging Face id such
    /// as `Qwen/Qwen3-32B`, or the short name), or a path to its Hugging Face
    /// `config.json` (relative to the plan file's folder), for the capacity
    /// estimate.
    pub architecture: Option<String>,
    /// The model-table row a `config.json` path in `architecture` reads as,
    /// once the plan's file (or an import) has read it; never written to
    /// the plan file, which keeps the path.
    pub architecture_config: Option<std::sync::Arc<ArchitectureRow>>,
    /// Hours its API bills at a discount, when it has such a window.
    pub off_peak: Option<OffPeak>,
    /// Free text: sources, caveats.
    pub note: String,
}

/// A model-table row by column name, as `assets/perf/models.csv` has them.
pub type ArchitectureRow = std::collections::HashMap<String, String>;

/// True when an `architecture` names a `config.json` file, not a table row.
pub fn is_config_path(architecture: &str) -> bool {
    architecture.to_ascii_lowercase().ends_with(".json")
}

impl Model {
    /// The output and input prices, when both are given: only then is
    /// there an API figure to compare.
    pub fn api_prices(&self) -> Option<(f64, f64)> {
        Some((self.output_per_mtok?, self.input_per_mtok?))
    }
}

/// The sellers of one model a price was picked from.
#[derive(Debug, Clone, PartialEq)]
pub struct Offers {
    /// How the price was picked: `cheapest`, `median` or `provider`.
    pub pick: String,
    /// The seller whose prices were taken.
    pub provider: String,
    /// How many sellers priced the model.
    pub providers: u32,
    /// Cheapest and dearest output price among them, USD per million.
    pub output_per_mtok: Range,
    /// Cheapest and dearest input price among them, USD per million.
    pub input_per_mtok: Range,
}

/// A cost of running one of the paths, paid however busy the GPUs are:
/// fixed, or per replica or per region of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Overhead {
    /// Unique name.
    pub name: String,
    /// USD per month, as one figure; `None` when drivers give it.
    pub monthly: Option<Range>,
    /// What the cost follows from, instead of a figure.
    pub drivers: Drivers,
    /// Paid once, per replica or per region; `None`: once (or, for
    /// electricity, per GPU of every replica).
    pub scales_with: Option<ScalesWith>,
    /// Its most likely monthly figure within its range: the mode the
    /// Monte Carlo run draws it around (triangular); `None`: the run's own.
    pub most_likely: Option<f64>,
    /// The deployments (or the API path) it applies to.
    pub applies_to: AppliesTo,
    /// Free text: sources, caveats.
    pub note: String,
}

/// What an overhead follows from, when it is not one figure. One kind at a
/// time (the rules check it): staff hours, electricity, full-time staff,
/// or a one-off cost.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drivers {
    /// Hours of work a week (DevOps, on call).
    pub hours_per_week: Option<Range>,
    /// USD an hour of that work.
    pub hourly_rate: Option<Range>,
    /// Watts one GPU draws.
    pub watts_per_gpu: Option<f64>,
    /// Power usage effectiveness of the data centre (1.0 to 3.0); default 1.
    pub pue: Option<f64>,
    /// USD per kWh.
    pub price_per_kwh: Option<Range>,
    /// Full-time staff.
    pub fte: Option<f64>,
    /// USD a month one of them costs, loaded.
    pub fte_monthly: Option<Range>,
    /// Paid once (implementation, migration), spread over the plan's horizon.
    pub one_off: Option<Range>,
}

impl Overhead {
    /// True for electricity: paid per GPU of every replica.
    pub fn per_gpu(&self) -> bool {
        self.monthly.is_none() && self.drivers.watts_per_gpu.is_some()
    }

    /// What it scales with: as set, else per replica for electricity, else once.
    pub fn scaling(&self) -> ScalesWith {
        self.scales_with.unwrap_or(if self.per_gpu() {
            ScalesWith::Replica
        } else {
            ScalesWith::Fixed
        })
    }
}

/// What an overhead is paid per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum ScalesWith {
    /// Once a month.
    Fixed,
    /// Per replica (per GPU of it, for electricity).
    Replica,
    /// Per region.
    Region,
}

impl ScalesWith {
    /// Every value, in cycling order.
    pub const ALL: [ScalesWith; 3] = [ScalesWith::Fixed, ScalesWith::Replica, ScalesWith::Region];

    /// The word used in files and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            ScalesWith::Fixed => "fixed",
            ScalesWith::Replica => "replica",
            ScalesWith::Region => "region",
        }
    }
}

/// Which deployments an overhead applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum AppliesTo {
    /// Cloud and on-prem.
    Both,
    /// Cloud only.
    Cloud,
    /// On-prem only.
    OnPrem,
    /// The API path: integration work, platform fees.
    Api,
}

impl AppliesTo {
    /// Every value, in cycling order.
    pub const ALL: [AppliesTo; 4] = [
        AppliesTo::Both,
        AppliesTo::Cloud,
        AppliesTo::OnPrem,
        AppliesTo::Api,
    ];

    /// True when the overhead is paid when self-hosting under this deployment.
    pub fn includes(self, deployment: Deployment) -> bool {
        match self {
            AppliesTo::Both => true,
            AppliesTo::Cloud => deployment == Deployment::Cloud,
            AppliesTo::OnPrem => deployment == Deployment::OnPrem,
            AppliesTo::Api => false,
        }
    }

    /// The word used in files and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            AppliesTo::Both => "both",
            AppliesTo::Cloud => "cloud",
            AppliesTo::OnPrem => "on-prem",
            AppliesTo::Api => "api",
        }
    }
}

/// An API's off-peak window: hours (UTC, wrapping past midnight) at a
/// discount on its prices (DeepSeek's 16:30–00:30 at half price is one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OffPeak {
    /// Share off every price in the window (0.5 is half price).
    pub discount: f64,
    /// The window's first hour, 0 to 24 (16.5 is 16:30 UTC).
    pub from: f64,
    /// Where it ends, 0 to 24; before `from` when it wraps past midnight.
    pub to: f64,
}

/// A usage to price: volume, model, tier and reliability targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Unique name.
    pub name: String,
    /// Tokens a day today (input and output together).
    pub tokens_per_day: u64,
    /// The model whose API price is compared.
    pub model: String,
    /// The GPU tier; `None` uses the model's tier.
    pub tier: Option<String>,
    /// The deployment; `None` uses the plan's.
    pub deployment: Option<Deployment>,
    /// Share of tokens that are output, 0..=1; `None` uses the plan's.
    pub output_share: Option<f64>,
    /// Peak traffic over average traffic, >= 1.
    pub peak_to_average: f64,
    /// Highest utilization a replica is planned to, in (0, 1].
    pub target_utilization: f64,
    /// Extra replicas per region (N+1 is 1).
    pub spare_replicas: u32,
    /// Regions, each holding a full set of replicas; >= 1.
    pub regions: u32,
    /// Volume growth per month as a fraction (0.1 is 10 %).
    pub monthly_growth: f64,
    /// Share of input tokens served from the provider's prompt cache.
    pub cached_input_share: f64,
    /// Share of all tokens sent through the batch API.
    pub batch_share: f64,
    /// Hours a day at the peak rate; when given, the scenario is also priced
    /// as a hybrid (replicas for the base load, the API for the rest).
    pub peak_hours: Option<f64>,
    /// The availability target (0.999 is 99.9 %); it raises spares and
    /// regions to what `Scenario::redundancy` maps it to.
    pub availability: Option<f64>,
    /// The share of a day's tokens in each hour (UTC), 24 summing to 1,
    /// when fitted from usage (`import usage`).
    pub hourly_profile: Option<Vec<f64>>,
    /// Where the volume and its shape come from, when not typed.
    pub traffic_is: Option<Source>,
    /// Its requests' shape and latency limits, for the capacity estimate.
    pub requests: RequestShape,
    /// Free text.
    pub note: String,
}

/// A scenario's requests as the capacity estimate needs them; every part
/// optional (the estimate says what it assumes instead).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RequestShape {
    /// Mean input tokens a request.
    pub input_tokens: Option<f64>,
    /// Mean output tokens a request.
    pub output_tokens: Option<f64>,
    /// p99 time to first token, ms.
    pub ttft_p99_ms: Option<f64>,
    /// p99 time per output token, ms.
    pub tpot_p99_ms: Option<f64>,
}

/// From this availability on, a spare replica per region (N+1).
pub const SPARE_FROM: f64 = 0.999;
/// Above this availability, a second region as well.
pub const SECOND_REGION_ABOVE: f64 = 0.999;

impl Scenario {
    /// Spares per region and regions after the availability target: at
    /// least N+1 from 99.9 %, and two regions above 99.9 % (99.95 %,
    /// 99.99 %); never fewer than the scenario sets itself.
    pub fn redundancy(&self) -> (u32, u32) {
        let (mut spares, mut regions) = (self.spare_replicas, self.regions.max(1));
        if let Some(a) = self.availability {
            if a >= SPARE_FROM - 1e-12 {
                spares = spares.max(1);
            }
            if a > SECOND_REGION_ABOVE + 1e-12 {
                regions = regions.max(2);
            }
        }
        (spares, regions)
    }

    /// The GPU tier it runs on: its own, else its model's.
    pub fn tier_id<'a>(&'a self, model: Option<&'a Model>) -> Option<&'a str> {
        self.tier.as_deref().or(model.map(|m| m.tier.as_str()))
    }

    /// A scenario with the published defaults: one region, no spares,
    /// peak/average 1, utilization 1, no growth, the plan's deployment and mix.
    pub fn new(name: &str, tokens_per_day: u64, model: &str) -> Self {
        Self {
            name: name.to_string(),
            tokens_per_day,
            model: model.to_string(),
            tier: None,
            deployment: None,
            output_share: None,
            peak_to_average: 1.0,
            target_utilization: 1.0,
            spare_replicas: 0,
            regions: 1,
            monthly_growth: 0.0,
            cached_input_share: 0.0,
            batch_share: 0.0,
            peak_hours: None,
            availability: None,
            hourly_profile: None,
            traffic_is: None,
            requests: RequestShape::default(),
            note: String::new(),
        }
    }
}

impl Plan {
    /// The tier with this id.
    pub fn tier(&self, id: &str) -> Option<&GpuTier> {
        self.gpu_tiers.iter().find(|t| t.id == id)
    }

    /// The model with this name.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// The deployment a scenario is priced under.
    pub fn deployment_of(&self, scenario: &Scenario) -> Deployment {
        scenario.deployment.unwrap_or(self.settings.deployment)
    }

    /// The output share a scenario is priced at.
    pub fn output_share_of(&self, scenario: &Scenario) -> f64 {
        scenario.output_share.unwrap_or(self.settings.output_share)
    }

    /// The plan's name, settings and overheads with no other rows: a start
    /// for a plan cut down to a few rows (what-ifs on one scenario).
    pub fn clone_without_rows(&self) -> Plan {
        Plan {
            name: self.name.clone(),
            settings: self.settings.clone(),
            gpu_tiers: Vec::new(),
            models: Vec::new(),
            overheads: self.overheads.clone(),
            scenarios: Vec::new(),
        }
    }

    /// The discount on a model's API prices: its own, else the plan's.
    pub fn api_discount_of(&self, model: &Model) -> f64 {
        model.api_discount.unwrap_or(self.settings.api_discount)
    }
}
