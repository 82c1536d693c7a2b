//! The columns of every table: their headings, how a cell reads, and how an
//! edited cell's text becomes plan data. Views, editing, undo and the tests
//! all go through these, so a figure is formatted and parsed in one place.

use super::Tab;
use crate::engine::Results;
use crate::format as fmt;
use crate::money::Range;
use crate::parse;
use crate::plan::{AppliesTo, Basis, Deployment, Plan};

/// A column of one of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Col {
    ScName,
    ScVolume,
    ScApi,
    ScGpu,
    ScFull,
    ScVerdict,
    ScFactor,
    ScBreakEven,
    ScMonths,
    ScReplicas,
    ScModel,
    ScTier,
    ScDeployment,
    ScOutputShare,
    ScPeak,
    ScUtilization,
    ScSpares,
    ScRegions,
    ScGrowth,
    MoName,
    MoInput,
    MoOutput,
    MoInputIs,
    MoTier,
    MoSelfHost,
    MoBreakEven,
    TiId,
    TiGpus,
    TiCloud,
    TiOnPrem,
    TiCapacity,
    TiCapacityIs,
    TiNote,
    OhName,
    OhMonthly,
    OhAppliesTo,
    OhNote,
}

/// How a cell is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Computed: not editable.
    No,
    /// Typed text.
    Text,
    /// Picked from a list.
    Choice,
}

impl Tab {
    /// The columns of this tab's table, in display order. The first stays in
    /// view when the table scrolls sideways.
    pub fn columns(self) -> &'static [Col] {
        use Col::*;
        match self {
            Tab::Scenarios => &[
                ScName,
                ScVolume,
                ScApi,
                ScVerdict,
                ScGpu,
                ScFull,
                ScFactor,
                ScBreakEven,
                ScMonths,
                ScReplicas,
                ScModel,
                ScTier,
                ScDeployment,
                ScOutputShare,
                ScPeak,
                ScUtilization,
                ScSpares,
                ScRegions,
                ScGrowth,
            ],
            Tab::Models => &[
                MoName,
                MoOutput,
                MoInput,
                MoTier,
                MoSelfHost,
                MoBreakEven,
                MoInputIs,
            ],
            Tab::Tiers => &[
                TiId,
                TiGpus,
                TiCloud,
                TiOnPrem,
                TiCapacity,
                TiCapacityIs,
                TiNote,
            ],
            Tab::Overheads => &[OhName, OhMonthly, OhAppliesTo, OhNote],
            // Figures of two plans, drawn by its own view: nothing to select.
            Tab::Compare => &[],
        }
    }

    /// Rows of this tab's table.
    pub fn rows(self, plan: &Plan) -> usize {
        match self {
            Tab::Scenarios => plan.scenarios.len(),
            Tab::Models => plan.models.len(),
            Tab::Tiers => plan.gpu_tiers.len(),
            Tab::Overheads => plan.overheads.len(),
            Tab::Compare => 0,
        }
    }
}

impl Col {
    /// The heading.
    pub fn title(self) -> &'static str {
        use Col::*;
        match self {
            ScName => "Scenario",
            ScVolume => "Tokens/day",
            ScApi => "API/mo",
            ScGpu => "Self GPU",
            ScFull => "Self +OH",
            ScVerdict => "Verdict",
            ScFactor => "Factor",
            ScBreakEven => "Break-even",
            ScMonths => "Months",
            ScReplicas => "Replicas",
            ScModel => "Model",
            ScTier => "Tier",
            ScDeployment => "Deploy",
            ScOutputShare => "Out share",
            ScPeak => "Peak/avg",
            ScUtilization => "Util",
            ScSpares => "Spares",
            ScRegions => "Regions",
            ScGrowth => "Growth/mo",
            MoName => "Model",
            MoInput => "In $/M",
            MoOutput => "Out $/M",
            MoInputIs => "Input is",
            MoTier => "Tier",
            MoSelfHost => "Self-host/mo",
            MoBreakEven => "Break-even",
            TiId => "Tier",
            TiGpus => "GPUs",
            TiCloud => "Cloud/mo",
            TiOnPrem => "On-prem/mo",
            TiCapacity => "Tokens/day",
            TiCapacityIs => "Capacity is",
            OhName => "Overhead",
            OhMonthly => "Monthly",
            OhAppliesTo => "Applies to",
            OhNote | TiNote => "Note",
        }
    }

    /// The narrowest width that fits typical values, and the widest worth giving.
    pub fn widths(self) -> (u16, u16) {
        use Col::*;
        match self {
            ScName | MoName | OhName => (12, 44),
            TiGpus => (12, 20),
            OhNote | TiNote => (10, 90),
            ScModel => (10, 24),
            ScGpu | ScFull | TiCloud | TiOnPrem | MoSelfHost | OhMonthly => (11, 13),
            ScFactor | ScBreakEven | MoBreakEven => (10, 16),
            ScVerdict => (11, 11),
            _ => (self.title().chars().count() as u16, 11),
        }
    }

    /// Numbers read right-aligned.
    pub fn right_aligned(self) -> bool {
        use Col::*;
        !matches!(
            self,
            ScName
                | ScVerdict
                | ScModel
                | ScTier
                | ScDeployment
                | MoName
                | MoInputIs
                | MoTier
                | TiId
                | TiGpus
                | TiCapacityIs
                | TiNote
                | OhName
                | OhAppliesTo
                | OhNote
        )
    }

    /// How the cell is edited.
    pub fn edit(self) -> Edit {
        use Col::*;
        match self {
            ScApi | ScGpu | ScFull | ScVerdict | ScFactor | ScBreakEven | ScMonths | ScReplicas
            | MoBreakEven => Edit::No,
            ScModel | ScTier | ScDeployment | MoInputIs | MoTier | TiCapacityIs | OhAppliesTo => {
                Edit::Choice
            }
            _ => Edit::Text,
        }
    }

    /// What the cell shows. Computed columns read `results`, which must be
    /// the plan's current results.
    pub fn display(self, plan: &Plan, results: &Results, row: usize) -> String {
        use Col::*;
        let include = plan.settings.include_overheads;
        let est = results.estimate;
        let sc = || &plan.scenarios[row];
        let res = || &results.scenarios[row];
        match self {
            ScName => sc().name.clone(),
            ScVolume => fmt::tokens(sc().tokens_per_day as f64),
            ScApi => fmt::money_range(res().api),
            ScGpu => fmt::money_range(res().gpu_only.self_host),
            ScFull => fmt::money_range(res().with_overheads.self_host),
            ScVerdict => res().headline(include).verdict.label().to_string(),
            ScFactor => fmt::factor(res().headline(include).factor),
            ScBreakEven => fmt::break_even_range(res().headline(include).break_even),
            ScMonths => fmt::months_range(res().headline(include).months),
            ScReplicas => res().replicas.to_string(),
            ScModel => sc().model.clone(),
            ScTier => match &sc().tier {
                Some(t) => t.clone(),
                None => format!("({})", res().tier),
            },
            ScDeployment => match sc().deployment {
                Some(d) => d.to_string(),
                None => format!("({})", plan.settings.deployment),
            },
            ScOutputShare => match sc().output_share {
                Some(s) => fmt::percent(s),
                None => format!("({})", fmt::percent(plan.settings.output_share)),
            },
            ScPeak => fmt::trim_decimals(sc().peak_to_average, 2),
            ScUtilization => fmt::percent(sc().target_utilization),
            ScSpares => sc().spare_replicas.to_string(),
            ScRegions => sc().regions.to_string(),
            ScGrowth => fmt::percent(sc().monthly_growth),
            MoName => plan.models[row].name.clone(),
            MoInput => fmt::price(plan.models[row].input_per_mtok),
            MoOutput => fmt::price(plan.models[row].output_per_mtok),
            MoInputIs => plan.models[row].input_is.as_str().to_string(),
            MoTier => plan.models[row].tier.clone(),
            MoSelfHost => match plan.models[row].self_host_monthly {
                Some(r) => fmt::money_range(r.pick(est)),
                None => format!("({})", fmt::money_range(results.models[row].self_host)),
            },
            MoBreakEven => fmt::break_even_range(results.models[row].break_even),
            TiId => plan.gpu_tiers[row].id.clone(),
            TiGpus => plan.gpu_tiers[row].gpus.clone(),
            TiCloud => fmt::money_range(plan.gpu_tiers[row].cloud_monthly.pick(est)),
            TiOnPrem => fmt::money_range(plan.gpu_tiers[row].on_prem_monthly.pick(est)),
            TiCapacity => fmt::tokens(plan.gpu_tiers[row].tokens_per_day as f64),
            TiCapacityIs => plan.gpu_tiers[row].capacity_is.as_str().to_string(),
            OhName => plan.overheads[row].name.clone(),
            OhMonthly => fmt::money_range(plan.overheads[row].monthly.pick(est)),
            OhAppliesTo => plan.overheads[row].applies_to.as_str().to_string(),
            OhNote => plan.overheads[row].note.clone(),
            TiNote => plan.gpu_tiers[row].note.clone(),
        }
    }

    /// The cell's value as editable text that parses back to exactly the same
    /// value (undo relies on this). Empty for "inherit" choices.
    pub fn edit_text(self, plan: &Plan, row: usize) -> String {
        use Col::*;
        let sc = || &plan.scenarios[row];
        match self {
            ScName => sc().name.clone(),
            ScVolume => exact_volume(sc().tokens_per_day),
            ScModel => sc().model.clone(),
            ScTier => sc().tier.clone().unwrap_or_default(),
            ScDeployment => sc().deployment.map(|d| d.to_string()).unwrap_or_default(),
            ScOutputShare => sc().output_share.map(|s| s.to_string()).unwrap_or_default(),
            ScPeak => sc().peak_to_average.to_string(),
            ScUtilization => sc().target_utilization.to_string(),
            ScSpares => sc().spare_replicas.to_string(),
            ScRegions => sc().regions.to_string(),
            ScGrowth => sc().monthly_growth.to_string(),
            MoName => plan.models[row].name.clone(),
            MoInput => plan.models[row].input_per_mtok.to_string(),
            MoOutput => plan.models[row].output_per_mtok.to_string(),
            MoInputIs => plan.models[row].input_is.as_str().to_string(),
            MoTier => plan.models[row].tier.clone(),
            MoSelfHost => plan.models[row]
                .self_host_monthly
                .map(exact_money)
                .unwrap_or_default(),
            TiId => plan.gpu_tiers[row].id.clone(),
            TiGpus => plan.gpu_tiers[row].gpus.clone(),
            TiCloud => exact_money(plan.gpu_tiers[row].cloud_monthly),
            TiOnPrem => exact_money(plan.gpu_tiers[row].on_prem_monthly),
            TiCapacity => exact_volume(plan.gpu_tiers[row].tokens_per_day),
            TiCapacityIs => plan.gpu_tiers[row].capacity_is.as_str().to_string(),
            OhName => plan.overheads[row].name.clone(),
            OhMonthly => exact_money(plan.overheads[row].monthly),
            OhAppliesTo => plan.overheads[row].applies_to.as_str().to_string(),
            OhNote => plan.overheads[row].note.clone(),
            TiNote => plan.gpu_tiers[row].note.clone(),
            ScApi | ScGpu | ScFull | ScVerdict | ScFactor | ScBreakEven | ScMonths | ScReplicas
            | MoBreakEven => String::new(),
        }
    }

    /// The choices of a choice cell as `(value, label)`; an empty value means
    /// "inherit" (the model's tier, the plan's deployment).
    pub fn choices(self, plan: &Plan) -> Vec<(String, String)> {
        use Col::*;
        let same = |s: &str| (s.to_string(), s.to_string());
        match self {
            ScModel => plan.models.iter().map(|m| same(&m.name)).collect(),
            ScTier => std::iter::once((String::new(), "(the model's tier)".to_string()))
                .chain(
                    plan.gpu_tiers
                        .iter()
                        .map(|t| (t.id.clone(), format!("{} — {}", t.id, t.gpus))),
                )
                .collect(),
            MoTier => plan
                .gpu_tiers
                .iter()
                .map(|t| (t.id.clone(), format!("{} — {}", t.id, t.gpus)))
                .collect(),
            ScDeployment => std::iter::once((
                String::new(),
                format!("(the plan's: {})", plan.settings.deployment),
            ))
            .chain(Deployment::ALL.iter().map(|d| same(d.as_str())))
            .collect(),
            MoInputIs | TiCapacityIs => [Basis::Published, Basis::Assumption]
                .iter()
                .map(|b| same(b.as_str()))
                .collect(),
            OhAppliesTo => AppliesTo::ALL.iter().map(|a| same(a.as_str())).collect(),
            _ => Vec::new(),
        }
    }

    /// What typing into this cell accepts, for the hint under the editor.
    pub fn accepts(self) -> &'static str {
        use Col::*;
        match self {
            ScVolume | TiCapacity => parse::VOLUME_FORM,
            TiCloud | TiOnPrem | OhMonthly => parse::MONEY_FORM,
            MoSelfHost => "dollars like 400 or a range like 400-1500; empty uses the tier's cost",
            MoInput | MoOutput => "USD per million tokens, like 0.28",
            ScOutputShare => "a share like 0.25 or 25%; empty uses the plan's",
            ScPeak => "a ratio of 1 or more, like 3",
            ScUtilization => "a fraction like 0.6 or 60%",
            ScGrowth => "growth per month like 0.1 or 10%",
            ScSpares | ScRegions => "a whole number",
            _ => "text",
        }
    }

    /// Writes edited text into the plan, renaming references along with a
    /// renamed model or tier. The plan's rules are checked by the caller.
    pub fn apply(self, plan: &mut Plan, row: usize, text: &str) -> Result<(), String> {
        use Col::*;
        let t = text.trim();
        let name = || -> Result<String, String> {
            if t.is_empty() {
                Err("a name cannot be empty".into())
            } else {
                Ok(t.to_string())
            }
        };
        match self {
            ScName => plan.scenarios[row].name = name()?,
            ScVolume => plan.scenarios[row].tokens_per_day = parse::volume(t)?,
            ScModel => plan.scenarios[row].model = name()?,
            ScTier => plan.scenarios[row].tier = (!t.is_empty()).then(|| t.to_string()),
            ScDeployment => {
                plan.scenarios[row].deployment = match t {
                    "" => None,
                    _ => Some(parse_choice(t, &Deployment::ALL, |d| d.as_str())?),
                }
            }
            ScOutputShare => {
                plan.scenarios[row].output_share = if t.is_empty() {
                    None
                } else {
                    Some(parse::fraction(t)?)
                }
            }
            ScPeak => plan.scenarios[row].peak_to_average = parse::number(t)?,
            ScUtilization => plan.scenarios[row].target_utilization = parse::fraction(t)?,
            ScSpares => plan.scenarios[row].spare_replicas = parse::whole(t)?,
            ScRegions => plan.scenarios[row].regions = parse::whole(t)?,
            ScGrowth => plan.scenarios[row].monthly_growth = parse::fraction(t)?,
            MoName => {
                let new = name()?;
                refuse_taken(
                    plan.models.iter().map(|m| m.name.as_str()),
                    row,
                    &new,
                    "model name",
                )?;
                let old = std::mem::replace(&mut plan.models[row].name, new.clone());
                for s in plan.scenarios.iter_mut().filter(|s| s.model == old) {
                    s.model.clone_from(&new);
                }
            }
            MoInput => plan.models[row].input_per_mtok = parse::number(t)?,
            MoOutput => plan.models[row].output_per_mtok = parse::number(t)?,
            MoInputIs => {
                plan.models[row].input_is =
                    parse_choice(t, &[Basis::Published, Basis::Assumption], |b| b.as_str())?
            }
            MoTier => plan.models[row].tier = name()?,
            MoSelfHost => {
                plan.models[row].self_host_monthly = if t.is_empty() {
                    None
                } else {
                    Some(parse::money(t)?)
                }
            }
            TiId => {
                let new = name()?;
                refuse_taken(
                    plan.gpu_tiers.iter().map(|t| t.id.as_str()),
                    row,
                    &new,
                    "GPU tier id",
                )?;
                let old = std::mem::replace(&mut plan.gpu_tiers[row].id, new.clone());
                for m in plan.models.iter_mut().filter(|m| m.tier == old) {
                    m.tier.clone_from(&new);
                }
                for s in plan
                    .scenarios
                    .iter_mut()
                    .filter(|s| s.tier.as_deref() == Some(old.as_str()))
                {
                    s.tier = Some(new.clone());
                }
            }
            TiGpus => plan.gpu_tiers[row].gpus = name()?,
            TiCloud => plan.gpu_tiers[row].cloud_monthly = parse::money(t)?,
            TiOnPrem => plan.gpu_tiers[row].on_prem_monthly = parse::money(t)?,
            TiCapacity => plan.gpu_tiers[row].tokens_per_day = parse::volume(t)?,
            TiCapacityIs => {
                plan.gpu_tiers[row].capacity_is =
                    parse_choice(t, &[Basis::Published, Basis::Assumption], |b| b.as_str())?
            }
            OhName => plan.overheads[row].name = name()?,
            OhMonthly => plan.overheads[row].monthly = parse::money(t)?,
            OhAppliesTo => {
                plan.overheads[row].applies_to = parse_choice(t, &AppliesTo::ALL, |a| a.as_str())?
            }
            OhNote => plan.overheads[row].note = t.to_string(),
            TiNote => plan.gpu_tiers[row].note = t.to_string(),
            ScApi | ScGpu | ScFull | ScVerdict | ScFactor | ScBreakEven | ScMonths | ScReplicas
            | MoBreakEven => {
                return Err(format!(
                    "{} is computed from the plan; edit its inputs instead",
                    self.title()
                ));
            }
        }
        Ok(())
    }
}

/// Refuses a rename to a name another row has, before references move: the
/// inverse of a refused rename would otherwise re-point that row's users too.
fn refuse_taken<'a>(
    names: impl Iterator<Item = &'a str>,
    row: usize,
    new: &str,
    what: &str,
) -> Result<(), String> {
    if names.enumerate().any(|(i, n)| i != row && n == new) {
        Err(format!("duplicate {what} \"{new}\"; each must be unique"))
    } else {
        Ok(())
    }
}

/// A volume as short as it can be written while parsing back exactly.
fn exact_volume(v: u64) -> String {
    let short = fmt::tokens(v as f64);
    if parse::volume(&short) == Ok(v) {
        short
    } else {
        v.to_string()
    }
}

/// A money range as `low-high` (or one figure) at full precision.
fn exact_money(r: Range) -> String {
    if r.is_point() {
        r.low.to_string()
    } else {
        format!("{}-{}", r.low, r.high)
    }
}

fn parse_choice<T: Copy>(
    text: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Result<T, String> {
    all.iter()
        .copied()
        .find(|v| name(*v) == text)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| name(*v)).collect();
            format!("\"{text}\" is not one of: {}", names.join(", "))
        })
}
