//! Cloud GPU prices into the tiers' cloud costs. Headers are matched loosely,
//! so Full Stack Deep Learning's table (`Cloud, GPU Type, GPUs, On-demand,
//! Per-GPU, Spot`) and SkyPilot's `vms.csv` (`InstanceType, AcceleratorName,
//! AcceleratorCount, Price, SpotPrice, Region`) both read. Prices are USD
//! per hour; a month is 730 hours.

use super::summary::{Summary, plural};
use super::{Input, Options, Outcome};
use crate::base::money::{Range, round_to_cent};
use crate::engine::pricing::HOURS_PER_MONTH;
use crate::plan::{GpuTier, Plan, Source};
use crate::text::format as fmt;

/// One instance's price, per hour.
#[derive(Debug, Clone, PartialEq)]
struct GpuOffer {
    gpu: Gpu,
    count: u32,
    on_demand: Option<f64>,
    spot: Option<f64>,
}

/// A GPU model and its memory, as tiers and offers spell them loosely:
/// `A100 (80 GB)`, `A100-80GB`, `A100 80GB` are one GPU; `A100` without a
/// memory matches any A100.
#[derive(Debug, Clone, PartialEq)]
pub struct Gpu {
    base: String,
    memory_gb: Option<u32>,
}

impl Gpu {
    /// Reads `A100 (80 GB)`, `H100-80GB`, `T4 (16)`; `None` when empty.
    pub fn parse(text: &str) -> Option<Self> {
        let lower = text.to_lowercase();
        let mut words = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty());
        let base = words.next()?.to_string();
        let memory_gb = words.find_map(|w| w.trim_end_matches("gb").parse().ok());
        Some(Self { base, memory_gb })
    }

    fn matches(&self, other: &Gpu) -> bool {
        self.base == other.base
            && match (self.memory_gb, other.memory_gb) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }

    fn label(&self) -> String {
        match self.memory_gb {
            Some(m) => format!("{} {m}GB", self.base.to_uppercase()),
            None => self.base.to_uppercase(),
        }
    }
}

/// A tier's GPUs: `2x A100 80GB` → 2 and the A100 80GB.
pub fn tier_gpus(gpus: &str) -> Option<(u32, Gpu)> {
    let t = gpus.trim();
    let (count, rest) = match t.find(['x', 'X', '×']) {
        Some(at) if t[..at].trim().parse::<u32>().is_ok() => {
            let after = &t[at..];
            let skip = after.chars().next().map_or(1, char::len_utf8);
            (t[..at].trim().parse().ok()?, &after[skip..])
        }
        _ => (1, t),
    };
    Some((count, Gpu::parse(rest)?))
}

/// The column of the first header that, lower-cased and stripped to
/// letters and digits, is one of `names`.
fn column(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    let plain = |h: &str| -> String {
        h.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase()
    };
    names
        .iter()
        .find_map(|n| headers.iter().position(|h| plain(h) == *n))
}

/// `$2.21`, `2.21`, `1,234.50`; empty is none.
fn dollars(cell: &str) -> Result<Option<f64>, ()> {
    let t = cell.trim().trim_start_matches('$').replace(',', "");
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => Err(()),
    }
}

fn read(input: &Input, skipped: &mut usize) -> Result<Vec<GpuOffer>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input.text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: not a CSV file: {e}", input.name))?
        .clone();
    let gpu = column(&headers, &["gputype", "acceleratorname", "gpu", "gpumodel"]);
    let count = column(
        &headers,
        &["gpus", "acceleratorcount", "gpucount", "numgpus"],
    );
    let price = column(
        &headers,
        &["ondemand", "price", "ondemandprice", "priceperhour"],
    );
    let per_gpu = column(&headers, &["pergpu", "pricepergpu"]);
    let spot = column(&headers, &["spot", "spotprice"]);
    let (Some(gpu), Some(count)) = (gpu, count) else {
        return Err(format!(
            "{}: a GPU price table needs a GPU type column (GPU Type, AcceleratorName) and a count (GPUs, AcceleratorCount); this one has: {}",
            input.name,
            headers.iter().collect::<Vec<_>>().join(", ")
        ));
    };
    if price.is_none() && per_gpu.is_none() {
        return Err(format!(
            "{}: no price column (On-demand, Price or Per-GPU)",
            input.name
        ));
    }
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{}: row {}: {e}", input.name, i + 2))?;
        let cell = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("");
        let bad = |what: &str, c: Option<usize>| {
            format!(
                "{}: row {}: {what} \"{}\" is not a price in dollars",
                input.name,
                i + 2,
                cell(c)
            )
        };
        let (Some(g), Ok(n)) = (
            Gpu::parse(cell(Some(gpu))),
            cell(Some(count)).parse::<f64>(),
        ) else {
            *skipped += 1;
            continue;
        };
        if !(n >= 1.0 && n.fract() == 0.0 && n <= 1024.0) {
            *skipped += 1;
            continue;
        }
        let n = n as u32;
        let instance = dollars(cell(price)).map_err(|_| bad("the price", price))?;
        let per = dollars(cell(per_gpu)).map_err(|_| bad("the per-GPU price", per_gpu))?;
        let on_demand = instance.or(per.map(|p| p * f64::from(n)));
        let spot = dollars(cell(spot)).map_err(|_| bad("the spot price", spot))?;
        out.push(GpuOffer {
            gpu: g,
            count: n,
            on_demand,
            spot,
        });
    }
    Ok(out)
}

pub(super) fn import(
    inputs: &[Input],
    labels: &[String],
    plan: &Plan,
    o: &Options,
) -> Result<Outcome, String> {
    let mut skipped = 0;
    let mut offers = Vec::new();
    for input in inputs {
        offers.extend(read(input, &mut skipped)?);
    }
    let which = if o.spot { "spot" } else { "on-demand" };
    let mut summary = Summary {
        sources: labels.to_vec(),
        ..Summary::default()
    };
    summary.method.push(format!(
        "{which} prices per hour × {HOURS_PER_MONTH} hours a month; a tier takes the cheapest and dearest offers for its GPU and count"
    ));
    if skipped > 0 {
        summary.skipped.count("rows without a GPU", skipped);
    }
    // GPU tables price in US dollars; the plan may count in another currency.
    let rate = plan.settings.usd_rate;
    let price = |x: &GpuOffer| {
        let hourly = if o.spot { x.spot } else { x.on_demand };
        hourly.map(|p| p * rate)
    };
    let label = labels.join(", ");
    let mut plan = plan.clone();
    let mut used = vec![false; offers.len()];
    for tier in &mut plan.gpu_tiers {
        if let Some(taken) = price_tier(tier, &offers, &price, &label, o, &mut summary) {
            for i in taken {
                used[i] = true;
            }
        }
    }
    if o.new_tiers {
        new_tiers(&mut plan, &offers, &used, price, &label, o, &mut summary);
    }
    let unused = used.iter().filter(|u| !**u).count();
    if unused > 0 && !o.new_tiers {
        summary.flagged.push(format!(
            "{} for GPUs no tier has; --new-tiers makes tiers of them",
            plural(unused, "offer")
        ));
    }
    Ok(Outcome { plan, summary })
}

/// Prices a tier from the offers for its GPU: instances of its size if
/// any, else per-GPU prices × its GPUs. The offers it took, if any.
fn price_tier(
    tier: &mut GpuTier,
    offers: &[GpuOffer],
    price: &impl Fn(&GpuOffer) -> Option<f64>,
    label: &str,
    o: &Options,
    summary: &mut Summary,
) -> Option<Vec<usize>> {
    let (count, gpu) = tier_gpus(&tier.gpus)?;
    let matching: Vec<usize> = (0..offers.len())
        .filter(|&i| offers[i].gpu.matches(&gpu) && price(&offers[i]).is_some())
        .collect();
    let exact: Vec<usize> = matching
        .iter()
        .copied()
        .filter(|&i| offers[i].count == count)
        .collect();
    let (chosen, scaled) = if exact.is_empty() {
        (matching, true)
    } else {
        (exact, false)
    };
    if chosen.is_empty() {
        return None;
    }
    let monthly = |i: usize| {
        let per_instance = price(&offers[i]).unwrap_or_default();
        let hourly = if scaled {
            per_instance / f64::from(offers[i].count) * f64::from(count)
        } else {
            per_instance
        };
        round_to_cent(hourly * HOURS_PER_MONTH)
    };
    let low = chosen
        .iter()
        .map(|&i| monthly(i))
        .fold(f64::INFINITY, f64::min);
    let high = chosen.iter().map(|&i| monthly(i)).fold(0.0, f64::max);
    let how = how(chosen.len(), o, scaled);
    let source = Source::Imported(format!("{label} · {how}"));
    apply(tier, Range::new(low, high), source, o, &how, summary);
    Some(chosen)
}

/// How a tier's cost was worked out, as its source says: the same words
/// for a tier made by an import and one updated by the next, so a repeat
/// import finds nothing to change.
fn how(offers: usize, o: &Options, scaled: bool) -> String {
    format!(
        "{}, {}{}, × {HOURS_PER_MONTH} h/month",
        plural(offers, "offer"),
        if o.spot { "spot" } else { "on-demand" },
        if scaled {
            ", per-GPU price × GPUs"
        } else {
            ""
        }
    )
}

fn apply(
    tier: &mut GpuTier,
    new: Range,
    source: Source,
    o: &Options,
    how: &str,
    summary: &mut Summary,
) {
    let as_of = Some(o.as_of);
    if tier.cloud_monthly == Some(new) && tier.cost_is == source && tier.cost_as_of == as_of {
        summary.unchanged += 1;
        return;
    }
    let old = tier
        .cloud_monthly
        .map_or("not given".to_string(), fmt::money_range);
    summary.changed.push(format!(
        "tier {} ({}): cloud {old} → {}/mo ({how})",
        tier.id,
        tier.gpus,
        fmt::money_range(new)
    ));
    tier.cloud_monthly = Some(new);
    tier.cost_is = source;
    tier.cost_as_of = as_of;
}

/// Tiers for the GPU types and counts of offers no tier took; their
/// capacity is a guess (25M tokens/day per GPU, the built-in plan's A100
/// rule), flagged.
fn new_tiers(
    plan: &mut Plan,
    offers: &[GpuOffer],
    used: &[bool],
    price: impl Fn(&GpuOffer) -> Option<f64>,
    label: &str,
    o: &Options,
    summary: &mut Summary,
) {
    let mut shapes: Vec<(Gpu, u32)> = Vec::new();
    for (x, _) in offers
        .iter()
        .zip(used)
        .filter(|(x, u)| !**u && price(x).is_some())
    {
        if !shapes.iter().any(|(g, n)| *g == x.gpu && *n == x.count) {
            shapes.push((x.gpu.clone(), x.count));
        }
    }
    for (gpu, count) in shapes {
        let id = format!("{}-x{count}", gpu.label().to_lowercase().replace(' ', "-"));
        if plan.tier(&id).is_some() {
            continue;
        }
        let monthly: Vec<f64> = offers
            .iter()
            .filter(|x| x.gpu == gpu && x.count == count)
            .filter_map(|x| price(x).map(|p| round_to_cent(p * HOURS_PER_MONTH)))
            .collect();
        let low = monthly.iter().copied().fold(f64::INFINITY, f64::min);
        let high = monthly.iter().copied().fold(0.0, f64::max);
        let tier = GpuTier {
            id: id.clone(),
            gpus: format!("{count}x {}", gpu.label()),
            cloud_monthly: Some(Range::new(low, high)),
            on_prem_monthly: None,
            cost_is: Source::Imported(format!("{label} · {}", how(monthly.len(), o, false))),
            cost_as_of: Some(o.as_of),
            pricing: crate::plan::TierPricing {
                gpu_count: Some(count),
                ..Default::default()
            },
            tokens_per_day: 25_000_000 * u64::from(count),
            tokens_per_second: None,
            p99_limit_ms: None,
            capacity_is: Source::Guessed("25M tokens/day per GPU".into()),
            capacity_as_of: None,
            measured: None,
            hardware: Default::default(),
            note: String::new(),
        };
        summary.added.push(format!(
            "tier {id} ({}): cloud {}/mo, capacity {}/day (guessed)",
            tier.gpus,
            fmt::money_range(Range::new(low, high)),
            fmt::tokens(tier.tokens_per_day as f64)
        ));
        summary.flagged.push(format!(
            "tier {id}: capacity guessed at 25M tokens/day per GPU; measure it (inferplan import vllm-bench)"
        ));
        plan.gpu_tiers.push(tier);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpu_spellings_match() {
        let a = Gpu::parse("A100 (80 GB)").unwrap();
        assert!(a.matches(&Gpu::parse("A100-80GB").unwrap()));
        assert!(a.matches(&Gpu::parse("a100").unwrap()));
        assert!(!a.matches(&Gpu::parse("A100 40GB").unwrap()));
        assert!(!a.matches(&Gpu::parse("H100 (80GB)").unwrap()));
        assert_eq!(
            tier_gpus("2x A100 80GB"),
            Some((2, Gpu::parse("A100 80GB").unwrap()))
        );
        assert_eq!(tier_gpus("4xH100"), Some((4, Gpu::parse("H100").unwrap())));
        assert_eq!(tier_gpus("H100"), Some((1, Gpu::parse("H100").unwrap())));
    }
}
