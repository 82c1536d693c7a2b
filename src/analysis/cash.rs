//! The cash view of buying hardware: servers bought as growth needs them,
//! paid for the month they are bought, what owning them costs to run each
//! month, against the API's bill; cumulative cash both ways, the month
//! cash breaks even, and what the servers are still worth at the horizon.
//! The amortized totals (write-off and capital a month) answer "which is
//! cheaper a month"; this answers "when is the money back".

use super::insight::{first, point, volume_in};
use crate::base::money::Range;
use crate::engine::{PerEnd, Results, owning};
use crate::plan::Plan;
use crate::text::format as fmt;

/// One month of the cash view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CashMonth {
    /// 1 for the first month (today).
    pub month: u32,
    /// Servers (replicas) owned that month.
    pub servers: u64,
    /// Servers bought that month (where a capacity band differs at its
    /// ends, `servers` and `bought` are the dear end's).
    pub bought: u64,
    /// Self-hosting's cash out that month: the servers bought, and what the
    /// servers cost to run (upkeep, and the overheads when counted).
    pub self_host: Range,
    /// The API's bill that month.
    pub api: Range,
    /// Self-hosting's cash out so far, the migration included.
    pub self_host_cumulative: Range,
    /// The API's bills so far.
    pub api_cumulative: Range,
}

/// Buying as growth needs, month by month, at the cheap and the dear end
/// (cheap purchases and running costs against the dear API, and the
/// reverse).
#[derive(Debug, Clone, PartialEq)]
pub struct Cash {
    /// Month by month.
    pub months: Vec<CashMonth>,
    /// One server's purchase.
    pub purchase: Range,
    /// The first month self-hosting's cash out so far is no more than the
    /// API's, at each end; `None` within the months shown.
    pub breaks_even: (Option<u32>, Option<u32>),
    /// What the servers are worth after the last month: each written down
    /// in a straight line from its purchase to the tier's residual over the
    /// amortization months, by its age.
    pub residual: Range,
}

impl Cash {
    /// Self-hosting's cash out over the months shown, less what the
    /// servers are still worth.
    pub fn net_of_residual(&self) -> Range {
        let total = self
            .months
            .last()
            .map_or(Range::default(), |m| m.self_host_cumulative);
        Range::new(
            total.low - self.residual.low,
            total.high - self.residual.high,
        )
    }
}

impl Cash {
    /// The cash view in words: when the money is back, and what is left at
    /// the last month.
    pub fn sentence(&self, migration: f64) -> String {
        let months = self.months.len();
        let when = |m: Option<u32>| {
            m.map_or(format!("does not break even within {months} months"), |m| {
                format!("breaks even in month {m}")
            })
        };
        let breaks_even = match self.breaks_even {
            (a, b) if a == b => when(a),
            (a, b) => format!(
                "{} with the cheap figures and {} with the dear",
                when(a),
                when(b)
            ),
        };
        let (paid, api) = self.months.last().map_or(Default::default(), |m| {
            (m.self_host_cumulative, m.api_cumulative)
        });
        format!(
            "cash, buying servers as growth needs them ({} each) and paying what they cost to run, it {breaks_even} (month 1 is today); after {months} months self-hosting has paid {}{}, less the servers' worth then ({}): {}, against the API's {}",
            fmt::money_range(self.purchase),
            fmt::money_range(paid),
            match migration > 0.0 {
                true => format!(" (the migration's {} included)", fmt::money(migration)),
                false => String::new(),
            },
            fmt::money_range(self.residual),
            fmt::money_range(self.net_of_residual()),
            fmt::money_range(api)
        )
    }
}

/// Scenario `row` over `months` months of its growth, paying `migration`
/// first; `None` unless it runs on-prem on a tier that gives a purchase.
pub fn cash(
    plan: &Plan,
    results: &Results,
    row: usize,
    months: u32,
    migration: f64,
) -> Option<Cash> {
    let s = plan.scenarios.get(row)?;
    let r = results.scenarios.get(row)?;
    let head = r.headline(plan.settings.include_overheads).ok()?;
    let o = owning(plan, r)?;
    let tier = plan.tier(&r.tier)?;
    let curve = &head.curve;
    let mut out = Cash {
        months: Vec::with_capacity(months as usize),
        purchase: o.purchase,
        breaks_even: (None, None),
        residual: Range::default(),
    };
    let (mut own_sum, mut api_sum) = (Range::point(migration), Range::default());
    // Per end: a capacity band buys fewer servers at the cheap end.
    let mut servers = PerEnd::both(0u64);
    let mut bought_in = Vec::new();
    for m in 1..=months {
        let p = point(curve, volume_in(s, m));
        let bought = PerEnd {
            cheap: p.replicas.cheap.saturating_sub(servers.cheap),
            dear: p.replicas.dear.saturating_sub(servers.dear),
        };
        servers = PerEnd {
            cheap: servers.cheap + bought.cheap,
            dear: servers.dear + bought.dear,
        };
        bought_in.push((m, bought));
        // Running: the month's self-host total less what the purchase
        // stands for on the servers it counts.
        let stands = p.replicas.times(o.monthly);
        let running = Range::new(p.self_host.low - stands.low, p.self_host.high - stands.high);
        let self_host = bought.times(o.purchase) + running;
        own_sum = own_sum + self_host;
        api_sum = api_sum + p.api;
        first(&mut out.breaks_even.0, m, own_sum.low <= api_sum.high);
        first(&mut out.breaks_even.1, m, own_sum.high <= api_sum.low);
        out.months.push(CashMonth {
            month: m,
            servers: servers.dear,
            bought: bought.dear,
            self_host,
            api: p.api,
            self_host_cumulative: own_sum,
            api_cumulative: api_sum,
        });
    }
    // Each server's worth by its age after the last month.
    for (m, n) in bought_in {
        if n == PerEnd::both(0) {
            continue;
        }
        let worth = crate::engine::pricing::worth_after(tier, months - m + 1)?;
        out.residual = out.residual + n.times(worth);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;
    use crate::plan::{Deployment, GpuTier, TierPricing};

    /// The built-in plan with scenario C (Qwen3-32B, on-prem) on a bought
    /// server: 60,000, nothing left after 36 months, 10 % a year upkeep
    /// (500 a month), no cost of capital; the API 4,200 a month.
    fn bought() -> (Plan, usize) {
        let mut plan = crate::store::plan_file::default_plan();
        let row = 5;
        assert_eq!(plan.scenarios[row].deployment, Some(Deployment::OnPrem));
        let tier = plan.scenarios[row].tier.clone().unwrap();
        let t: &mut GpuTier = plan.gpu_tiers.iter_mut().find(|t| t.id == tier).unwrap();
        t.on_prem_monthly = None;
        t.pricing = TierPricing {
            purchase: Some(Range::point(60_000.0)),
            upkeep_per_year: 0.1,
            cost_of_capital: 0.0,
            ..t.pricing.clone()
        };
        (plan, row)
    }

    #[test]
    fn a_bought_server_pays_back_in_cash_by_hand() {
        // Cash out: 60,000 in month 1, then 500 a month of upkeep; the API
        // 4,200 a month. 60,000 + 500 m ≤ 4,200 m from m = 16.2: month 17.
        let (plan, row) = bought();
        let results = evaluate(&plan, plan.settings.estimate);
        let c = cash(&plan, &results, row, 36, 0.0).unwrap();
        assert_eq!(c.months[0].self_host, Range::point(60_500.0));
        assert_eq!(c.months[1].self_host, Range::point(500.0));
        assert_eq!((c.months[0].bought, c.months[35].servers), (1, 1));
        assert_eq!(c.breaks_even, (Some(17), Some(17)));
        // Worth nothing after its 36 months: 60,000 + 36 × 500 = 78,000 net.
        assert_eq!(c.residual, Range::point(0.0));
        assert_eq!(c.net_of_residual(), Range::point(78_000.0));
        assert_eq!(
            c.sentence(0.0),
            "cash, buying servers as growth needs them (60,000 each) and paying what they cost to run, it breaks even in month 17 (month 1 is today); after 36 months self-hosting has paid 78,000, less the servers' worth then (0): 78,000, against the API's 151,200"
        );
        // Over 24 months it is worth a third still: 20,000.
        let c = cash(&plan, &results, row, 24, 0.0).unwrap();
        assert_eq!(c.residual, Range::point(20_000.0));
    }

    #[test]
    fn running_costs_above_the_api_never_break_even_in_cash() {
        // Staff of 4,000 and 686.78 of electricity (8 GPUs at 700 W × 1.4 ×
        // 730 h × 0.12 $/kWh) on top of the 500 upkeep: 5,186.78 a month of
        // running alone, above the API's 4,200. Counted in the verdicts,
        // cash never breaks even.
        let (mut plan, row) = bought();
        plan.settings.include_overheads = true;
        let tier = plan.scenarios[row].tier.clone().unwrap();
        let t = plan.gpu_tiers.iter_mut().find(|t| t.id == tier).unwrap();
        t.pricing.gpu_count = Some(8);
        plan.overheads = vec![
            crate::plan::Overhead {
                name: "Electricity".into(),
                monthly: None,
                drivers: crate::plan::Drivers {
                    watts_per_gpu: Some(700.0),
                    pue: Some(1.4),
                    price_per_kwh: Some(Range::point(0.12)),
                    ..Default::default()
                },
                scales_with: Some(crate::plan::ScalesWith::Replica),
                most_likely: None,
                applies_to: crate::plan::AppliesTo::OnPrem,
                note: String::new(),
            },
            crate::plan::Overhead {
                name: "Staff".into(),
                monthly: Some(Range::point(4_000.0)),
                drivers: Default::default(),
                scales_with: None,
                most_likely: None,
                applies_to: crate::plan::AppliesTo::OnPrem,
                note: String::new(),
            },
        ];
        let results = evaluate(&plan, plan.settings.estimate);
        let c = cash(&plan, &results, row, 36, 0.0).unwrap();
        let running = c.months[1].self_host.low;
        assert!((running - 5_186.78).abs() < 0.01, "{running}");
        assert_eq!(c.breaks_even, (None, None));
        assert!(
            c.sentence(0.0)
                .contains("it does not break even within 36 months (month 1 is today)"),
            "{}",
            c.sentence(0.0)
        );
    }

    #[test]
    fn servers_are_bought_as_growth_needs_them() {
        // 10 % growth from 500M a day on 500M-a-day servers: a second
        // server in month 2 (550M), a third in month 9 (1,071.8M).
        let (mut plan, row) = bought();
        plan.scenarios[row].monthly_growth = 0.1;
        let results = evaluate(&plan, plan.settings.estimate);
        let c = cash(&plan, &results, row, 12, 0.0).unwrap();
        let bought: Vec<(u32, u64)> = c
            .months
            .iter()
            .filter(|m| m.bought > 0)
            .map(|m| (m.month, m.bought))
            .collect();
        assert_eq!(bought, [(1, 1), (2, 1), (9, 1)]);
        assert_eq!(c.months[8].self_host.low, 60_000.0 + 3.0 * 500.0);
        // Worth after 12 months, written down over 36: the first 12 months
        // old (40,000), the second 11 (41,666.67), the third 4 (53,333.33).
        assert!(
            (c.residual.low - 135_000.0).abs() < 1e-6,
            "{:?}",
            c.residual
        );
    }
}
