//! The inputs of a scenario that goal seek solves for, the tornado swings
//! and the Monte Carlo run draws: one name each, the plan key it is written
//! under, its unit, and where in the plan it lives. The CLI, the planner's
//! `=` list, the reports and JSON all name them so.

use crate::plan::{Deployment, Table};
use crate::text::format as fmt;
use std::borrow::Cow;
use std::fmt as sfmt;

/// An input of a scenario's figures.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ScenarioInput {
    /// The model's output price.
    OutputPrice,
    /// The model's input price.
    InputPrice,
    /// The model's discount on its API prices (else the plan's).
    ApiDiscount,
    /// The scenario's tokens a day.
    Volume,
    /// A replica's monthly cost for a deployment, on the scenario's tier.
    ReplicaCost(Deployment),
    /// What a replica of the scenario's tier serves a day.
    Capacity,
    /// The scenario's target utilization.
    Utilization,
    /// The scenario's peak over average traffic.
    PeakToAverage,
    /// An overhead's monthly figure, by its name.
    Overhead(String),
}

/// How an input's values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Dollars (or the plan's currency) per million tokens.
    PerMillionTokens,
    /// A share: 0.25 is 25 %.
    Share,
    /// Tokens a day.
    TokensPerDay,
    /// Money a month.
    PerMonth,
    /// A plain ratio.
    Ratio,
}

/// How an overhead is named as an input: `overhead:DevOps engineer time`.
pub const OVERHEAD: &str = "overhead:";

impl ScenarioInput {
    /// Every input but the overheads, in the order they are listed.
    pub const FIXED: [ScenarioInput; 9] = [
        ScenarioInput::OutputPrice,
        ScenarioInput::InputPrice,
        ScenarioInput::ApiDiscount,
        ScenarioInput::Volume,
        ScenarioInput::ReplicaCost(Deployment::Cloud),
        ScenarioInput::ReplicaCost(Deployment::OnPrem),
        ScenarioInput::Utilization,
        ScenarioInput::PeakToAverage,
        ScenarioInput::Capacity,
    ];

    /// The name it goes by on the command line and in JSON: the plan key it
    /// is written under (`capacity` for a replica's tokens a day,
    /// `overhead:NAME` for an overhead).
    pub fn key(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            ScenarioInput::OutputPrice => "output_per_mtok",
            ScenarioInput::InputPrice => "input_per_mtok",
            ScenarioInput::ApiDiscount => "api_discount",
            ScenarioInput::Volume => "tokens_per_day",
            ScenarioInput::ReplicaCost(Deployment::Cloud) => "cloud_monthly",
            ScenarioInput::ReplicaCost(Deployment::OnPrem) => "on_prem_monthly",
            ScenarioInput::Capacity => "capacity",
            ScenarioInput::Utilization => "target_utilization",
            ScenarioInput::PeakToAverage => "peak_to_average",
            ScenarioInput::Overhead(name) => return Cow::Owned(format!("{OVERHEAD}{name}")),
        })
    }

    /// The input a key names.
    pub fn parse(key: &str) -> Result<Self, String> {
        if let Some(name) = key.strip_prefix(OVERHEAD) {
            return Ok(ScenarioInput::Overhead(name.to_string()));
        }
        Self::FIXED
            .into_iter()
            .find(|i| i.key() == key)
            .ok_or_else(|| {
                let keys: Vec<Cow<str>> = Self::FIXED.iter().map(Self::key).collect();
                format!(
                    "{key} is not an input of a scenario; expected one of: {}, or {OVERHEAD}NAME",
                    keys.join(", ")
                )
            })
    }

    /// How its values read.
    pub fn unit(&self) -> Unit {
        match self {
            ScenarioInput::OutputPrice | ScenarioInput::InputPrice => Unit::PerMillionTokens,
            ScenarioInput::ApiDiscount | ScenarioInput::Utilization => Unit::Share,
            ScenarioInput::Volume | ScenarioInput::Capacity => Unit::TokensPerDay,
            ScenarioInput::ReplicaCost(_) | ScenarioInput::Overhead(_) => Unit::PerMonth,
            ScenarioInput::PeakToAverage => Unit::Ratio,
        }
    }

    /// The plan table it is written in.
    pub fn table(&self) -> Table {
        match self {
            ScenarioInput::OutputPrice | ScenarioInput::InputPrice | ScenarioInput::ApiDiscount => {
                Table::Models
            }
            ScenarioInput::Volume | ScenarioInput::Utilization | ScenarioInput::PeakToAverage => {
                Table::Scenarios
            }
            ScenarioInput::ReplicaCost(_) | ScenarioInput::Capacity => Table::GpuTiers,
            ScenarioInput::Overhead(_) => Table::Overheads,
        }
    }

    /// What it is, for help and errors.
    pub fn meaning(&self) -> &'static str {
        match self {
            ScenarioInput::OutputPrice => "the model's output price per million tokens",
            ScenarioInput::InputPrice => "the model's input price per million tokens",
            ScenarioInput::ApiDiscount => "the share off the model's API prices",
            ScenarioInput::Volume => "the scenario's tokens a day",
            ScenarioInput::ReplicaCost(Deployment::Cloud) => {
                "a replica's monthly cost in the cloud"
            }
            ScenarioInput::ReplicaCost(Deployment::OnPrem) => "a replica's monthly cost on-prem",
            ScenarioInput::Capacity => "the tokens a day a replica serves",
            ScenarioInput::Utilization => "the utilization a replica is planned to",
            ScenarioInput::PeakToAverage => "peak traffic over average",
            ScenarioInput::Overhead(_) => "the overhead's monthly figure",
        }
    }

    /// A value of it in its unit: `238.1M`, `4,200`, `50%`, `0.2800`.
    pub fn shown(&self, x: f64) -> String {
        match self.unit() {
            Unit::TokensPerDay => fmt::tokens(x),
            Unit::PerMonth => fmt::money(x),
            Unit::Share => fmt::percent(x),
            Unit::PerMillionTokens => fmt::price(x),
            Unit::Ratio => fmt::trim_decimals(x, 4),
        }
    }
}

impl sfmt::Display for ScenarioInput {
    fn fmt(&self, f: &mut sfmt::Formatter<'_>) -> sfmt::Result {
        f.write_str(&self.key())
    }
}

impl std::str::FromStr for ScenarioInput {
    type Err = String;
    fn from_str(key: &str) -> Result<Self, String> {
        Self::parse(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_reads_back_from_its_key() {
        let mut all = ScenarioInput::FIXED.to_vec();
        all.push(ScenarioInput::Overhead("DevOps engineer time".into()));
        for input in all {
            assert_eq!(ScenarioInput::parse(&input.key()), Ok(input.clone()));
        }
        let refused = ScenarioInput::parse("replica cost").unwrap_err();
        assert!(
            refused.contains("expected one of: output_per_mtok"),
            "{refused}"
        );
    }
}
