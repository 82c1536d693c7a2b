//! Real data in: hosted-API prices from the catalogs the ecosystem keeps,
//! GPU prices from the clouds' tables, and capacity from a benchmark run,
//! merged into a plan with where each figure came from and how old it is.
//!
//! Pure: the caller reads the files and the clock, and writes the plan. An
//! import either yields a whole valid plan and its summary, or an error and
//! no plan (nothing half-applied).

mod architecture;
mod catalogs;
// Usage logs and request traces fitted into a scenario's traffic.
mod gpu_offers;
mod merge;
mod names;
mod number;
mod summary;
pub mod usage;
mod vllm;

pub use names::{key, size};
pub use number::per_million;
pub use summary::{Skips, Summary};

use crate::base::date::Date;
use crate::plan::Plan;

/// The formats `inferplan import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tell each file's format from its contents.
    Auto,
    /// LiteLLM's model_prices_and_context_window.json (USD per token).
    Litellm,
    /// OpenRouter's /api/v1/models response (USD per token, as strings).
    Openrouter,
    /// models.dev's api.json (USD per million tokens).
    ModelsDev,
    /// pydantic's genai-prices data.json (USD per million tokens).
    GenaiPrices,
    /// name,input_per_mtok,output_per_mtok[,cached_input_per_mtok][,tier]
    Csv,
    /// Cloud GPU price tables (Full Stack Deep Learning's, SkyPilot's vms.csv).
    GpuOffers,
    /// `vllm bench serve --save-result` JSON: measured capacity.
    VllmBench,
    /// Usage logs and request traces: a scenario's traffic (`usage`).
    Usage,
    /// A Hugging Face `config.json`: a model's architecture (`architecture`).
    HfConfig,
}

impl Format {
    /// Every format, as the command line lists them.
    pub const ALL: [Format; 10] = [
        Format::Auto,
        Format::Litellm,
        Format::Openrouter,
        Format::ModelsDev,
        Format::GenaiPrices,
        Format::Csv,
        Format::GpuOffers,
        Format::VllmBench,
        Format::Usage,
        Format::HfConfig,
    ];

    /// The name on the command line and in provenance.
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Litellm => "litellm",
            Format::Openrouter => "openrouter",
            Format::ModelsDev => "models.dev",
            Format::GenaiPrices => "genai-prices",
            Format::Csv => "csv",
            Format::GpuOffers => "gpu-offers",
            Format::VllmBench => "vllm-bench",
            Format::Usage => "usage",
            Format::HfConfig => "hf-config",
        }
    }

    /// The format a file's text looks like, from its first few kilobytes.
    pub fn sniff(text: &str) -> Option<Format> {
        let head = &text[..text.floor_char_boundary(16 * 1024)];
        let has = |s: &str| head.contains(s);
        let first_line = head.lines().next().unwrap_or("").to_ascii_lowercase();
        let json = head.trim_start().starts_with(['{', '[']);
        Some(match () {
            _ if usage::sniff(head) => Format::Usage,
            _ if json && has("\"num_hidden_layers\"") => Format::HfConfig,
            _ if json && has("\"litellm_provider\"") => Format::Litellm,
            _ if json && has("\"total_token_throughput\"") => Format::VllmBench,
            _ if json && has("\"pricing\"") && has("\"prompt\"") => Format::Openrouter,
            _ if json && (has("_mtok\"") || has("\"api_pattern\"")) => Format::GenaiPrices,
            _ if json && (has("\"open_weights\"") || has("\"cost\"")) => Format::ModelsDev,
            _ if !json && first_line.contains("output_per_mtok") => Format::Csv,
            _ if !json && (first_line.contains("gpu") || first_line.contains("accelerator")) => {
                Format::GpuOffers
            }
            _ => return None,
        })
    }

    fn is_catalog(self) -> bool {
        matches!(
            self,
            Format::Litellm
                | Format::Openrouter
                | Format::ModelsDev
                | Format::GenaiPrices
                | Format::Csv
        )
    }
}

/// How to choose among the sellers of one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// The lowest price at the plan's output share.
    Cheapest,
    /// The middle seller by that price (the lower of two middles).
    Median,
    /// This seller's price (e.g. `deepinfra`).
    Provider(String),
}

impl Pick {
    /// `cheapest`, `median`, or a seller's name.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" => Err("--pick needs cheapest, median or a seller's name".into()),
            "cheapest" => Ok(Pick::Cheapest),
            "median" => Ok(Pick::Median),
            other => Ok(Pick::Provider(other.to_string())),
        }
    }

    /// The word kept with the model.
    pub fn word(&self) -> String {
        match self {
            Pick::Cheapest => "cheapest".into(),
            Pick::Median => "median".into(),
            Pick::Provider(p) => format!("seller {p}"),
        }
    }
}

/// What the user asked of an import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only names matching this (`*` wildcards; otherwise a part of the
    /// name), case-insensitive.
    pub only: Option<String>,
    /// How to choose among a model's sellers.
    pub pick: Pick,
    /// The day the imported figures were true (the file's date unless told).
    pub as_of: Date,
    /// The day dated prices are chosen for (genai-prices).
    pub today: Date,
    /// Catalogs: take listings priced 0 for both input and output.
    pub include_free: bool,
    /// GPU offers: spot prices instead of on-demand.
    pub spot: bool,
    /// GPU offers: tiers for GPU types and counts no tier has yet.
    pub new_tiers: bool,
    /// Benchmarks: the tier the capacity is for (else the model's tier).
    pub tier: Option<String>,
    /// Benchmarks: the highest p99 end-to-end latency a run may have, ms.
    pub p99_e2el_ms: Option<f64>,
    /// Usage: the scenario the traffic is written into (else a new one).
    pub scenario: Option<String>,
    /// Architecture: the model a config.json is for (else the one its name
    /// matches).
    pub model: Option<String>,
}

impl Options {
    /// Defaults for an import on `today`.
    pub fn new(today: Date) -> Self {
        Self {
            only: None,
            pick: Pick::Cheapest,
            as_of: today,
            today,
            include_free: false,
            spot: false,
            new_tiers: false,
            tier: None,
            p99_e2el_ms: None,
            scenario: None,
            model: None,
        }
    }
}

/// One file to import: its name (for provenance) and its text.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file's name as given.
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// An import's result: the whole new plan, and what changed.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The plan with the import applied; valid.
    pub plan: Plan,
    /// What was read, changed, added, skipped and flagged.
    pub summary: Summary,
}

/// One seller's prices for one model, USD per million tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// The model as the catalog names it.
    pub name: String,
    /// The seller.
    pub provider: String,
    /// Input price.
    pub input: f64,
    /// Output price.
    pub output: f64,
    /// Cached input price, when the catalog gives one.
    pub cached_input: Option<f64>,
    /// The hours its prices are discounted, when the catalog gives a
    /// time-of-day price.
    pub off_peak: Option<crate::plan::OffPeak>,
    /// A tier the file assigns (CSV).
    pub tier: Option<String>,
    /// Which price this is, when the catalog had several.
    pub note: Option<String>,
    /// The day the catalog says the price was true.
    pub as_of: Option<Date>,
    /// Which input file it came from.
    pub file: usize,
}

impl Offer {
    fn new(name: String, provider: String, input: f64, output: f64) -> Self {
        Self {
            name,
            provider,
            input,
            output,
            cached_input: None,
            off_peak: None,
            tier: None,
            note: None,
            as_of: None,
            file: 0,
        }
    }
}

/// What a catalog reader found: offers, and entries skipped by reason.
#[derive(Debug, Default)]
pub struct Read {
    /// Priced offers.
    pub offers: Vec<Offer>,
    /// Entries not taken, by reason, with the first few names.
    pub skipped: Skips,
}

impl Read {
    fn offer(&mut self, offer: Offer) {
        self.offers.push(offer);
    }

    /// An entry not taken, by the catalog's name for it.
    fn skip(&mut self, reason: &'static str, name: &str) {
        self.skipped.add(reason, name);
    }
}

/// Why an entry was skipped, in the words of the summary.
pub mod reasons {
    /// `sample_spec` and the like.
    pub const SCHEMA: &str = "schema notes, not a model";
    /// An entry that is not an object.
    pub const NOT_AN_ENTRY: &str = "not an entry (not a JSON object)";
    /// Embeddings, images, audio, rerank.
    pub const NOT_TEXT: &str = "not text generation";
    /// No input or output price at all.
    pub const NO_PRICE: &str = "no price";
    /// An input price without an output price.
    pub const NO_OUTPUT_PRICE: &str = "no output price";
    /// A price that is not a number.
    pub const UNREADABLE: &str = "price not a number";
    /// `-1`: a router with no fixed price.
    pub const ROUTER: &str = "router, no fixed price";
    /// OpenRouter's `:free` variants (rate-limited, not a price).
    pub const FREE: &str = "free variant";
    /// models.dev `open_weights: false`: cannot be self-hosted.
    pub const CLOSED: &str = "closed weights";
    /// A negative price.
    pub const NEGATIVE: &str = "negative price";
    /// Above the sanity limit.
    pub const ABSURD: &str = "price above $1,000/M (a unit slip?)";
    /// Not matching `--only`.
    pub const NOT_MATCHED: &str = "not matching --only";
    /// `--pick PROVIDER` and the model is not sold by it.
    pub const NOT_SOLD: &str = "not sold by the chosen seller";
    /// The same model twice from one seller.
    pub const DUPLICATE: &str = "same model again from the same seller (cheapest kept)";
    /// A CSV row without a name.
    pub const NO_NAME: &str = "no name";
    /// A name with nothing left once its seller, variant and packaging words
    /// are taken off (`chat-latest`, `provider/`, `:x`): nothing to match.
    pub const NO_MODEL_NAME: &str =
        "no model in the name (only a seller, variant or packaging words)";
    /// Input and output both priced 0: a free tier or a subscription plan,
    /// not a price per token.
    pub const FREE_LISTING: &str = "priced 0 for input and output (a free tier or a subscription plan; --include-free takes them)";
}

/// Prices above this, USD per million tokens, are taken for unit slips.
pub const MAX_SANE_PRICE: f64 = 1_000.0;

/// Usage logs, each fitted into a scenario (`options.scenario`, else a new
/// one), read whole; the command line streams big traces itself.
fn usage_import(inputs: &[Input], plan: &Plan, options: &Options) -> Result<Outcome, String> {
    let mut plan = plan.clone();
    let mut summary = Summary::default();
    for input in inputs {
        let read = usage::ReadOptions::default();
        let data = usage::read(&input.name, &input.text, &read).map_err(|e| e.to_string())?;
        let fitted = usage::fit(&data, &usage::FitOptions::default()).map_err(|e| e.to_string())?;
        let applied = usage::apply(&plan, &fitted, options.scenario.as_deref())?;
        summary.sources.push(format!("usage {}", input.name));
        summary.method.extend(usage::describe(&fitted));
        let name = &applied.plan.scenarios[applied.row].name;
        let entry = format!("scenario {name:?}: {}", applied.changes.join("; "));
        match applied.added {
            true => summary.added.push(entry),
            false => summary.changed.push(entry),
        }
        plan = applied.plan;
    }
    Ok(Outcome { plan, summary })
}

/// Imports `inputs` (all in `format`, or each sniffed for `Auto`) into
/// `plan`. Errors name the file and what is wrong; on error nothing is
/// changed (the caller writes only an `Outcome`).
pub fn import(
    format: Format,
    inputs: &[Input],
    plan: &Plan,
    options: &Options,
) -> Result<Outcome, String> {
    if inputs.is_empty() {
        return Err("no file to import".into());
    }
    let formats = inputs
        .iter()
        .map(|i| resolve(format, i))
        .collect::<Result<Vec<_>, _>>()?;
    let kind = formats[0];
    if formats
        .iter()
        .any(|f| f.is_catalog() != kind.is_catalog() || (!kind.is_catalog() && *f != kind))
    {
        return Err(
            "import price catalogs, GPU offers and benchmarks separately: one kind at a time"
                .into(),
        );
    }
    let labels: Vec<String> = inputs
        .iter()
        .zip(&formats)
        .map(|(i, f)| {
            format!(
                "{} {} {}",
                f.name(),
                crate::text::format::file_name(std::path::Path::new(&i.name)),
                options.as_of
            )
        })
        .collect();
    let outcome = match kind {
        Format::Usage => usage_import(inputs, plan, options)?,
        Format::HfConfig => architecture::import(inputs, plan, options.model.as_deref())?,
        Format::GpuOffers => gpu_offers::import(inputs, &labels, plan, options)?,
        Format::VllmBench => vllm::import(inputs, plan, options)?,
        _ => import_catalogs(inputs, &formats, &labels, plan, options)?,
    };
    if let Some(problem) = crate::engine::validate(&outcome.plan).into_iter().next() {
        return Err(format!(
            "the import would leave the plan invalid, so nothing was changed: {problem}"
        ));
    }
    Ok(outcome)
}

/// Price catalogs: every file's offers read, then merged into the plan's
/// models as one pick across them all.
fn import_catalogs(
    inputs: &[Input],
    formats: &[Format],
    labels: &[String],
    plan: &Plan,
    options: &Options,
) -> Result<Outcome, String> {
    let mut all = Read::default();
    for (n, (input, f)) in inputs.iter().zip(formats).enumerate() {
        let read = read_catalog(*f, &input.text, options.today)
            .map_err(|e| format!("{}: {e}{}", input.name, hint(*f, &input.text)))?;
        // Read under another format's rules a file can yield nothing
        // without being malformed: say what it looks like instead.
        let looks_else = hint(*f, &input.text);
        if read.offers.is_empty() && !looks_else.is_empty() {
            return Err(format!(
                "{}: no {} prices in it{looks_else}",
                input.name,
                f.name()
            ));
        }
        all.offers
            .extend(read.offers.into_iter().map(|o| Offer { file: n, ..o }));
        all.skipped.extend(read.skipped);
    }
    let per_token = formats
        .iter()
        .any(|f| matches!(f, Format::Litellm | Format::Openrouter));
    // Catalogs price in US dollars; the plan may count in another currency.
    let rate = plan.settings.usd_rate;
    for o in &mut all.offers {
        o.input *= rate;
        o.output *= rate;
        o.cached_input = o.cached_input.map(|c| c * rate);
    }
    let mut outcome = merge::merge(plan, all, labels, per_token, options);
    if rate != 1.0 {
        outcome.summary.method.push(format!(
            "USD prices converted at {} {} per USD",
            crate::text::format::trim_decimals(rate, 6),
            plan.settings.currency
        ));
    }
    Ok(outcome)
}

fn resolve(format: Format, input: &Input) -> Result<Format, String> {
    match format {
        Format::Auto => Format::sniff(&input.text).ok_or_else(|| {
            format!(
                "{}: cannot tell its format; name it (litellm, openrouter, models.dev, genai-prices, csv, gpu-offers, vllm-bench)",
                input.name
            )
        }),
        f => Ok(f),
    }
}

fn read_catalog(format: Format, text: &str, today: Date) -> Result<Read, String> {
    match format {
        Format::Litellm => catalogs::litellm(text),
        Format::Openrouter => catalogs::openrouter(text),
        Format::ModelsDev => catalogs::models_dev(text),
        Format::GenaiPrices => catalogs::genai_prices(text, today),
        Format::Csv => catalogs::csv(text),
        _ => Err("not a price catalog".into()),
    }
}

/// When a file was given under the wrong format, which one it looks like.
fn hint(given: Format, text: &str) -> String {
    match Format::sniff(text) {
        Some(f) if f != given => format!(
            " (it looks like a {} file: try `inferplan import {} FILE`)",
            f.name(),
            f.name()
        ),
        _ => String::new(),
    }
}
