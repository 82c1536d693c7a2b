//! The cost ledger: both sides of a scenario's monthly cost as itemized
//! lines, each saying what it is, what it scales with, how many of that
//! there are this month, and what one and all of them cost (a range: both
//! ends at once). Every total of a scenario is a sum of its lines, and
//! everything that explains, draws, seeks or swings a cost reads them here
//! instead of working the cost model out again.

use super::curve::PerEnd;
use crate::base::money::{Estimate, Range};
use crate::plan::{Deployment, GpuTier, Model, Plan, Scenario};

/// Which part of the comparison a line belongs to: the verdict without
/// overheads weighs `ApiUsage` against `Gpus`; with them, all four.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// The API's tokens at its prices, less its discounts.
    ApiUsage,
    /// The overheads of the API path (integration, platform fees).
    ApiOverheads,
    /// Self-hosting's replicas.
    Gpus,
    /// Self-hosting's overheads.
    Overheads,
}

impl Group {
    /// True for the API's side.
    pub fn is_api(self) -> bool {
        matches!(self, Group::ApiUsage | Group::ApiOverheads)
    }

    /// True for the overheads of either side: counted only when the plan's
    /// verdicts count overheads.
    pub fn is_overhead(self) -> bool {
        matches!(self, Group::ApiOverheads | Group::Overheads)
    }
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    /// Output tokens at the output price.
    Output,
    /// Input tokens not served from the prompt cache, at the input price.
    Input,
    /// Input tokens served from the prompt cache, at the cached price.
    CachedInput,
    /// The batch API's discount on the tokens sent through it (negative).
    Batch,
    /// The discount on the tokens sent in the model's off-peak window
    /// (negative).
    OffPeak,
    /// The plan's or the model's discount (negative), or markup.
    Discount,
    /// A replica's rent, as the tier's monthly figure gives it.
    Rent,
    /// A replica's rent from GPU hours.
    GpuHours,
    /// An owned replica's monthly cost, as the tier's figure gives it.
    Owned,
    /// The purchase less its residual value, over the amortization months.
    WriteOff,
    /// Upkeep of the hardware bought (maintenance, support; power aside).
    Upkeep,
    /// The cost of the capital tied up in the hardware.
    Capital,
    /// The plan's overhead at this index.
    Overhead(usize),
    /// The scale-up lead: what a replica is billed before it serves, for
    /// each one a scale-to-zero schedule starts.
    ScaleUp,
    /// The plan's contingency on the lines of its group above it.
    Contingency,
}

impl Item {
    /// A short name for people; an overhead's is its name in the plan.
    pub fn label(self, plan: &Plan) -> &str {
        match self {
            Item::Output => "output tokens",
            Item::Input => "input tokens",
            Item::CachedInput => "cached input tokens",
            Item::Batch => "batch discount",
            Item::OffPeak => "off-peak discount",
            Item::Discount => "API discount",
            Item::Rent => "rent",
            Item::GpuHours => "GPU hours",
            Item::Owned => "owned hardware",
            Item::WriteOff => "write-off",
            Item::Upkeep => "upkeep",
            Item::Capital => "cost of capital",
            Item::ScaleUp => "scale-up lead",
            Item::Overhead(i) => plan.overheads.get(i).map_or("overhead", |o| &o.name),
            Item::Contingency => "contingency",
        }
    }

    /// True for the lines that make up a replica's cost.
    pub fn is_replica_cost(self) -> bool {
        matches!(
            self,
            Item::Rent
                | Item::GpuHours
                | Item::Owned
                | Item::WriteOff
                | Item::Upkeep
                | Item::Capital
                | Item::ScaleUp
        )
    }
}

/// What a line's amount is paid per.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Per {
    /// Once a month.
    Once,
    /// Per region the replicas run in.
    Region,
    /// Per replica.
    Replica,
    /// Per billed instance of this many replicas (GPU hours are paid per
    /// instance).
    Instance(u32),
    /// Per replica-hour a day, every day of the month, with the buffer
    /// billed beyond the busy time (scale-to-zero).
    BusyHour,
    /// Per replica a schedule starts a day, every day of the month.
    Start,
    /// Per GPU of every replica (electricity from its drivers).
    Gpu,
    /// Per million tokens a month.
    MillionTokens,
    /// A share of the lines of its group above it: `count` is the share.
    Share,
}

impl Per {
    /// True for what is paid per billing step: a replica, an instance or a
    /// busy replica-hour.
    pub fn is_step(self) -> bool {
        matches!(self, Per::Replica | Per::Instance(_) | Per::BusyHour)
    }

    /// For people: `a month`, `a replica`, `a GPU`…
    pub fn label(self) -> String {
        match self {
            Per::Once => "a month".into(),
            Per::Region => "a region".into(),
            Per::Replica => "a replica".into(),
            Per::Instance(k) => format!("an instance of {k} replicas"),
            Per::BusyHour => "a busy replica-hour a day".into(),
            Per::Start => "a replica start a day".into(),
            Per::Gpu => "a GPU".into(),
            Per::MillionTokens => "a million tokens".into(),
            Per::Share => "a share".into(),
        }
    }
}

/// One line of a side's monthly cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// What it is.
    pub item: Item,
    /// Which part of the comparison it is in.
    pub group: Group,
    /// What its amount is paid per.
    pub per: Per,
    /// How many of `per` this month (for a share, the share), at each end
    /// of the costs: an estimated capacity is a band, and the replicas its
    /// cheap end needs can be fewer than its dear end's.
    pub count: PerEnd<f64>,
    /// What one of them costs (for a share, the sum it is a share of).
    pub unit: Range,
    /// What the line costs this month: `unit × count`, end by end.
    pub amount: Range,
}

/// A scenario's monthly cost on both sides, line by line, at today's volume.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ledger {
    /// In order: the API's usage and overheads, then self-hosting's
    /// replicas and overheads, each group's contingency after its lines.
    pub lines: Vec<Line>,
    /// Each group's sum, as the lines were counted (see `total`).
    totals: [Range; 4],
}

impl Ledger {
    /// The lines of one group.
    pub fn of(&self, group: Group) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(move |l| l.group == group)
    }

    /// The sum of one group's lines.
    pub fn total(&self, group: Group) -> Range {
        self.of(group)
            .fold(Range::default(), |sum, l| sum + l.amount)
    }

    /// The API's side: its usage, and its overheads when they are counted.
    pub fn api(&self, with_overheads: bool) -> Range {
        let usage = self.total(Group::ApiUsage);
        match with_overheads {
            true => usage + self.total(Group::ApiOverheads),
            false => usage,
        }
    }

    /// Self-hosting's side: its replicas, and its overheads when counted.
    pub fn self_host(&self, with_overheads: bool) -> Range {
        let gpus = self.total(Group::Gpus);
        match with_overheads {
            true => gpus + self.total(Group::Overheads),
            false => gpus,
        }
    }

    /// The share the plan's contingency adds to a group (0 without one).
    pub fn contingency(&self, group: Group) -> f64 {
        self.of(group)
            .find(|l| l.item == Item::Contingency)
            .map_or(0.0, |l| l.count.cheap)
    }

    /// How much one of a line's units adds to its side's total: its count,
    /// raised by its group's contingency. A goal seek for the line's unit
    /// moves the total by this much per dollar.
    pub fn weight(&self, line: &Line) -> PerEnd<f64> {
        line.count.map(|c| c * (1.0 + self.contingency(line.group)))
    }

    /// The line of the plan's overhead at `index`, if the scenario pays it.
    pub fn overhead(&self, index: usize) -> Option<&Line> {
        self.lines.iter().find(|l| l.item == Item::Overhead(index))
    }

    /// The lines of one replica's cost (rent, GPU hours, or an owned
    /// replica's parts), in the Gpus group.
    pub fn replica_cost(&self) -> impl Iterator<Item = &Line> {
        self.of(Group::Gpus).filter(|l| l.item.is_replica_cost())
    }

    /// What one replica step costs (the lines paid per step, before the
    /// contingency), and how many steps the replicas' own lines count at
    /// each end: a scale-up lead's starts count as the share of a step
    /// they bill. Their product is the replicas' own cost.
    pub fn replica_steps(&self) -> Option<(Range, PerEnd<f64>)> {
        let mut step: Option<(Range, PerEnd<f64>)> = None;
        for l in self.replica_cost().filter(|l| l.per.is_step()) {
            let sum = step.map_or(Range::default(), |s| s.0);
            step = Some((sum + l.unit, l.count));
        }
        let (unit, mut count) = step?;
        for l in self.replica_cost().filter(|l| l.per == Per::Start) {
            let share = |lead: f64, step: f64| if step > 0.0 { lead / step } else { 0.0 };
            count = PerEnd {
                cheap: count.cheap + l.count.cheap * share(l.unit.low, unit.low),
                dear: count.dear + l.count.dear * share(l.unit.high, unit.high),
            };
        }
        Some((unit, count))
    }

    /// What the replicas' own cost adds to self-hosting's total: their
    /// lines, with the contingency on them.
    pub fn replicas_total(&self) -> Range {
        let sum = self
            .replica_cost()
            .fold(Range::default(), |sum, l| sum + l.amount);
        sum * (1.0 + self.contingency(Group::Gpus))
    }
}

/// The per-unit lines of a scenario before its replicas are counted: what
/// evaluation derives the cost curves from, then completes with the counts.
#[derive(Debug, Clone, Default)]
pub(super) struct Draft {
    lines: Vec<Line>,
    contingency: f64,
    /// Replicas in one billing step: k for an instance, a share of one for
    /// a busy replica-hour (what per-replica overheads count).
    replicas_per_step: f64,
    gpus: u32,
    regions: u32,
}

/// What a billing step is, as evaluation found it.
#[derive(Debug, Clone, Copy)]
pub(super) struct StepShape {
    /// What a step is paid per.
    pub per: Per,
    /// A step's cost over a replica's (k for an instance of k; a busy
    /// replica-hour's share of a month for scale-to-zero).
    pub factor: f64,
    /// Replicas one step keeps running.
    pub replicas: f64,
    /// Hours a replica is billed before it serves, each time one starts.
    pub lead: f64,
}

/// What a scenario's ledger is drawn from.
pub(super) struct Inputs<'a> {
    pub plan: &'a Plan,
    pub scenario: &'a Scenario,
    pub model: Option<&'a Model>,
    pub tier: Option<&'a GpuTier>,
    pub deployment: Deployment,
    /// Whether the tier gives a cost for the deployment.
    pub priced: bool,
    pub step: StepShape,
    pub regions: u32,
    pub estimate: Estimate,
}

impl Draft {
    /// Every line of a scenario, per unit, written into `lines` (a buffer
    /// of earlier results, so a recompute does not allocate).
    pub(super) fn of(i: &Inputs, mut lines: Vec<Line>) -> Draft {
        lines.clear();
        lines.reserve(8 + i.plan.overheads.len());
        let mut d = Draft {
            lines,
            contingency: i.plan.settings.contingency,
            replicas_per_step: i.step.replicas,
            gpus: i.tier.map_or(1, GpuTier::gpu_count),
            regions: i.regions.max(1),
        };
        d.usage(i);
        if i.priced {
            d.replica(i);
        }
        d.overheads(i);
        d
    }

    fn push(&mut self, item: Item, group: Group, per: Per, count: f64, unit: Range) {
        self.lines.push(Line {
            item,
            group,
            per,
            count: PerEnd::both(count),
            unit,
            amount: Range::default(),
        });
    }

    /// The API's tokens a month at its prices, then the batch discount and
    /// the discount, as `engine::api_per_mtok` prices them.
    /// A model not priced yet has no lines: the scenario says so instead.
    fn usage(&mut self, i: &Inputs) {
        let Some(m) = i.model else { return };
        let Some((output, input)) = m.api_prices() else {
            return;
        };
        let (plan, s) = (i.plan, i.scenario);
        let millions = s.tokens_per_day as f64 * plan.settings.days_per_month / 1e6;
        let out = plan.output_share_of(s);
        let cached = s.cached_input_share;
        let p_cached = m.cached_input_per_mtok.unwrap_or(input);
        let g = Group::ApiUsage;
        let tokens = Per::MillionTokens;
        self.push(
            Item::Output,
            g,
            tokens,
            millions * out,
            Range::point(output),
        );
        self.push(
            Item::Input,
            g,
            tokens,
            millions * (1.0 - out) * (1.0 - cached),
            Range::point(input),
        );
        if cached > 0.0 {
            self.push(
                Item::CachedInput,
                g,
                tokens,
                millions * (1.0 - out) * cached,
                Range::point(p_cached),
            );
        }
        let batch = s.batch_share * m.batch_discount;
        if batch != 0.0 {
            self.push(Item::Batch, g, Per::Share, -batch, Range::default());
        }
        let off_peak = super::off_peak_discount(s, m);
        if off_peak != 0.0 {
            self.push(Item::OffPeak, g, Per::Share, -off_peak, Range::default());
        }
        let discount = plan.api_discount_of(m);
        if discount != 0.0 {
            self.push(Item::Discount, g, Per::Share, -discount, Range::default());
        }
    }

    /// A replica's cost in its parts, per billing step.
    fn replica(&mut self, i: &Inputs) {
        let Some(t) = i.tier else { return };
        let (per, factor) = (i.step.per, i.step.factor);
        let g = Group::Gpus;
        // At most three parts (an owned replica's): no allocation a row.
        let none = [None, None, None];
        let parts: [Option<(Item, Range)>; 3] = match i.deployment {
            Deployment::Cloud => match t.cloud_monthly {
                Some(r) => [Some((Item::Rent, r)), None, None],
                None => super::pricing::gpu_hours_monthly(t)
                    .map_or(none, |r| [Some((Item::GpuHours, r)), None, None]),
            },
            Deployment::OnPrem => match t.on_prem_monthly {
                Some(r) => [Some((Item::Owned, r)), None, None],
                None => super::pricing::owned(t).map_or(none, |o| {
                    [
                        Some((Item::WriteOff, o.write_off)),
                        Some((Item::Upkeep, o.upkeep)),
                        Some((Item::Capital, o.capital)),
                    ]
                }),
            },
        };
        let mut step = Range::default();
        for (item, unit) in parts.into_iter().flatten() {
            let unit = (unit * factor).pick(i.estimate);
            step = step + unit;
            self.push(item, g, per, 0.0, unit);
        }
        if i.step.lead > 0.0 {
            self.push(Item::ScaleUp, g, Per::Start, 0.0, step * i.step.lead);
        }
        if self.contingency != 0.0 {
            self.push(
                Item::Contingency,
                g,
                Per::Share,
                self.contingency,
                Range::default(),
            );
        }
    }

    /// Each overhead the scenario pays, on the side it is paid on.
    fn overheads(&mut self, i: &Inputs) {
        let horizon = i.plan.settings.horizon_months;
        let mut own = false;
        for (at, o) in i.plan.overheads.iter().enumerate() {
            let (Some(amount), Some((group, per))) = (
                super::pricing::overhead_amount(o, horizon),
                super::overheads::paid(o, i.deployment),
            ) else {
                continue;
            };
            let count = match per {
                Per::Region => f64::from(self.regions),
                _ => 1.0,
            };
            own |= group == Group::Overheads;
            self.push(
                Item::Overhead(at),
                group,
                per,
                count,
                amount.pick(i.estimate),
            );
        }
        if own && self.contingency != 0.0 {
            let g = Group::Overheads;
            self.push(
                Item::Contingency,
                g,
                Per::Share,
                self.contingency,
                Range::default(),
            );
        }
    }

    /// What a billing step of self-hosting costs a month in one group (the
    /// contingency included): the per-step lines, and the per-replica and
    /// per-GPU overheads of the replicas a step keeps running.
    pub(super) fn per_step(&self, group: Group) -> Range {
        let per_replica = self.replicas_per_step;
        let sum =
            self.lines
                .iter()
                .filter(|l| l.group == group)
                .fold(Range::default(), |sum, l| match (l.group, l.per) {
                    (Group::Gpus, p) if p.is_step() => sum + l.unit,
                    (Group::Overheads, Per::Replica) => sum + l.unit * per_replica,
                    (Group::Overheads, Per::Gpu) => {
                        sum + l.unit * (f64::from(self.gpus) * per_replica)
                    }
                    _ => sum,
                });
        sum * (1.0 + self.share(group))
    }

    /// What a replica started every day costs a month (the contingency
    /// included): its scale-up lead.
    pub(super) fn per_start(&self) -> Range {
        let sum = self
            .lines
            .iter()
            .filter(|l| l.per == Per::Start)
            .fold(Range::default(), |sum, l| sum + l.unit);
        sum * (1.0 + self.share(Group::Gpus))
    }

    /// What a group costs a month whatever the volume (the contingency
    /// included): once, and per region times the regions.
    pub(super) fn fixed(&self, group: Group) -> Range {
        let sum =
            self.lines
                .iter()
                .filter(|l| l.group == group)
                .fold(Range::default(), |sum, l| match l.per {
                    Per::Once | Per::Region => sum + l.unit * l.count.cheap,
                    _ => sum,
                });
        sum * (1.0 + self.share(group))
    }

    /// The contingency of a group: the plan's for self-hosting, none for the API.
    fn share(&self, group: Group) -> f64 {
        match group {
            Group::Gpus | Group::Overheads => self.contingency,
            Group::ApiUsage | Group::ApiOverheads => 0.0,
        }
    }

    /// The ledger at today's volume: `steps` billing steps in all regions,
    /// and `starts` replicas started a day, at each end.
    pub(super) fn count(mut self, steps: PerEnd<u64>, starts: PerEnd<u64>) -> Ledger {
        let steps = steps.map(|n| n as f64);
        let starts = starts.map(|n| n as f64);
        let replicas = steps.map(|n| n * self.replicas_per_step);
        let gpus = f64::from(self.gpus);
        let mut above = [Range::default(); 4];
        for l in &mut self.lines {
            let slot = group_slot(l.group);
            match (l.group, l.per) {
                (_, Per::Share) => l.unit = above[slot],
                (Group::Gpus, p) if p.is_step() => l.count = steps,
                (Group::Gpus, Per::Start) => l.count = starts,
                (Group::Overheads, Per::Replica) => l.count = replicas,
                (Group::Overheads, Per::Gpu) => l.count = replicas.map(|r| r * gpus),
                _ => {}
            }
            // Per end: a negative share (a discount) pairs each end with its own.
            l.amount = Range::new(l.unit.low * l.count.cheap, l.unit.high * l.count.dear);
            above[slot] = above[slot] + l.amount;
        }
        Ledger {
            lines: self.lines,
            totals: above,
        }
    }
}

fn group_slot(group: Group) -> usize {
    match group {
        Group::ApiUsage => 0,
        Group::ApiOverheads => 1,
        Group::Gpus => 2,
        Group::Overheads => 3,
    }
}
