//! Large plans made from the built-in one, for benchmarks and tests of plans
//! with thousands of rows (one provider lists 184 models behind one key).

use super::default_plan;
use crate::plan::{Model, Plan, Scenario};

/// The built-in plan grown to `models` models and `scenarios` scenarios, with
/// varied prices, volumes and tiers so no two rows compute alike.
pub fn synthetic_plan(models: usize, scenarios: usize) -> Plan {
    let mut plan = default_plan();
    plan.name = format!("synthetic: {models} models, {scenarios} scenarios");
    let tiers: Vec<String> = plan.gpu_tiers.iter().map(|t| t.id.clone()).collect();
    let base = plan.models.clone();
    plan.models = (0..models)
        .map(|i| {
            let b = &base[i % base.len()];
            let price = b
                .output_per_mtok
                .map(|p| p * (1.0 + (i % 17) as f64 * 0.05));
            Model {
                name: format!("{} #{i}", b.name),
                output_per_mtok: price,
                input_per_mtok: price.map(|p| p / 4.0),
                tier: tiers[i % tiers.len()].clone(),
                ..b.clone()
            }
        })
        .collect();
    plan.scenarios = (0..scenarios)
        .map(|i| {
            let mut s = Scenario::new(
                &format!("scenario {i}"),
                1_000_000 * (1 + (i as u64 * 7919) % 2000),
                &plan.models[(i * 31) % models.max(1)].name,
            );
            s.output_share = Some(0.25 + (i % 4) as f64 * 0.25);
            s.spare_replicas = (i % 3) as u32;
            s.regions = 1 + (i % 2) as u32;
            s.peak_to_average = 1.0 + (i % 5) as f64 * 0.5;
            s.target_utilization = 0.6 + (i % 5) as f64 * 0.1;
            s.monthly_growth = (i % 10) as f64 * 0.02;
            s
        })
        .collect();
    if models == 0 {
        plan.scenarios.clear();
    }
    plan
}
