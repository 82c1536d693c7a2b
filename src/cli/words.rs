//! The library's enums on the command line, by the words they go by: the
//! library names each value (`as_str`), the command line adds its help.
//! Each `match` is exhaustive, so a new value cannot go unoffered.

use crate::base::money::Estimate;
use crate::output::charts::Kind;
use crate::output::compare::CompareFormat;
use crate::output::report::Format;
use crate::tui::tab::Tab;
use clap::ValueEnum;
use clap::builder::PossibleValue;

fn value(word: &'static str, help: &'static str) -> Option<PossibleValue> {
    Some(PossibleValue::new(word).help(help))
}

impl ValueEnum for Estimate {
    fn value_variants<'a>() -> &'a [Self] {
        // As a range reads: its low end, middle, high end, then both.
        &[
            Estimate::Low,
            Estimate::Mid,
            Estimate::High,
            Estimate::Range,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        value(
            self.as_str(),
            match self {
                Estimate::Low => "Optimistic ends only",
                Estimate::Mid => "Midpoints",
                Estimate::High => "Pessimistic ends only",
                Estimate::Range => "Both ends, low – high",
            },
        )
    }
}

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        value(
            self.as_str(),
            match self {
                Format::Table => "Aligned columns for a terminal",
                Format::Markdown => "GitHub-flavoured Markdown tables",
                Format::Csv => "One row per scenario, raw numbers",
                Format::Json => "Every figure as numbers; field names are documented in README.md",
            },
        )
    }
}

impl ValueEnum for CompareFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &CompareFormat::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        value(
            self.as_str(),
            match self {
                CompareFormat::Table => "Aligned columns for a terminal",
                CompareFormat::Markdown => {
                    "A summary line and GitHub-flavoured tables, to paste into a pull request"
                }
                CompareFormat::Json => "Every figure as numbers, for scripts and CI",
            },
        )
    }
}

impl ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &Kind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        value(
            self.as_str(),
            match self {
                Kind::Cost => "Monthly cost against tokens a day, both sides, log–log",
                Kind::Tornado => "Which inputs move the cost difference most",
                Kind::Timeline => "Cumulative cost of each path month by month",
                Kind::Day => "A day hour by hour: the replicas and what the API bills each hour",
            },
        )
    }
}

impl ValueEnum for Tab {
    fn value_variants<'a>() -> &'a [Self] {
        &Tab::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        value(
            self.as_str(),
            match self {
                Tab::Scenarios => "The dashboard: every scenario's figures and a chart",
                Tab::Models => "Models and their API prices",
                Tab::Tiers => "GPU tiers",
                Tab::Overheads => "Overheads",
                Tab::Compare => {
                    "The open plan against another plan file (with no plan to compare with, it says how to choose one)"
                }
            },
        )
    }
}

impl ValueEnum for crate::import::Format {
    fn value_variants<'a>() -> &'a [Self] {
        &crate::import::Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        use crate::import::Format as F;
        value(
            self.name(),
            match self {
                F::Auto => "Tell each file's format from its contents",
                F::Litellm => "LiteLLM's model_prices_and_context_window.json (USD per token)",
                F::Openrouter => "OpenRouter's /api/v1/models response (USD per token, as strings)",
                F::ModelsDev => "models.dev's api.json (USD per million tokens)",
                F::GenaiPrices => "pydantic's genai-prices data.json (USD per million tokens)",
                F::Csv => "name,input_per_mtok,output_per_mtok[,cached_input_per_mtok][,tier]",
                F::GpuOffers => {
                    "Cloud GPU price tables (Full Stack Deep Learning's, SkyPilot's vms.csv)"
                }
                F::VllmBench => "`vllm bench serve --save-result` JSON: measured capacity",
                F::Usage => {
                    "Usage logs (request traces, OpenAI and Anthropic usage reports, LiteLLM spend logs): a scenario's traffic"
                }
                F::HfConfig => {
                    "A Hugging Face config.json: a model's architecture, for the capacity estimate (--model names the model)"
                }
            },
        )
    }
}
