//! A plan's tiers and models read by the capacity estimate: the names of
//! their hardware and architecture checked against the tables, and the
//! estimate of what a scenario's replica serves. A tier that gives its
//! `tokens_per_day` (or measured tokens a second) is sized by that figure,
//! the estimate shown beside it; a tier that leaves it out and gives its
//! `gpu_type` is sized by the estimate's band, scenario by scenario.

use crate::capacity::answer::{Answer, Load, answer};
use crate::capacity::estimate::{Arch, Backend, FITTED, Gpu, KvPrecision, Precision, Setup};
use crate::capacity::sizing::Limits;
use crate::capacity::tables::tables;
use crate::plan::{GpuTier, Model, Plan, Problem, Scenario, Section, Table};

/// Request shape and limits an estimate assumes where a scenario gives none.
pub const ASSUMED: Assumed = Assumed {
    input_tokens: 1000.0,
    output_tokens: 200.0,
    ttft_p99_ms: 2000.0,
    tpot_p99_ms: 50.0,
};

/// What an estimate assumes for what a scenario leaves out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assumed {
    /// Input tokens a request.
    pub input_tokens: f64,
    /// Output tokens a request.
    pub output_tokens: f64,
    /// p99 time to first token, ms.
    pub ttft_p99_ms: f64,
    /// p99 time per output token, ms.
    pub tpot_p99_ms: f64,
}

/// The names of a tier's hardware and a model's architecture that the
/// tables do not know, and engine or precision words that are not ones.
pub fn problems(plan: &Plan, wanted: impl Fn(Table, usize) -> bool, out: &mut Vec<Problem>) {
    for (i, t) in plan.gpu_tiers.iter().enumerate() {
        if !wanted(Table::GpuTiers, i) {
            continue;
        }
        let h = &t.hardware;
        let mut push = |key, message: String| {
            out.push(Problem {
                section: Section::Row(Table::GpuTiers, i),
                key,
                message,
            });
        };
        if let Some(Err(e)) = h.gpu_type.as_deref().map(|g| tables().gpu(g)) {
            push("gpu_type", e);
        }
        if let Some(Err(e)) = h.backend.as_deref().map(Backend::parse) {
            push("backend", e);
        }
        if let Some(Err(e)) = h.precision.as_deref().map(Precision::parse) {
            push("precision", e);
        }
    }
    for (i, m) in plan.models.iter().enumerate() {
        if let Some(Err(e)) = m
            .architecture
            .as_deref()
            .filter(|_| wanted(Table::Models, i))
            .filter(|a| !crate::plan::is_config_path(a))
            .map(|a| tables().model(a))
        {
            out.push(Problem {
                section: Section::Row(Table::Models, i),
                key: "architecture",
                message: e,
            });
        }
    }
}

/// An estimate for a scenario, with what it was made for.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimated {
    /// The model table's name for the architecture.
    pub model: String,
    /// The GPU table's name.
    pub gpu: String,
    /// GPUs in the replica.
    pub gpus: u32,
    /// The engine.
    pub backend: Backend,
    /// Weight precision.
    pub precision: Precision,
    /// Tokens in and out a request.
    pub shape: (f64, f64),
    /// The limits it was held to.
    pub limits: Limits,
    /// Which of the shape and limits were assumed, not the scenario's.
    pub assumed: Vec<&'static str>,
    /// What the estimate says.
    pub answer: Answer,
}

/// What a replica of the scenario's tier serves for its model, when the
/// tier gives its GPU type and the model its architecture; `None` else.
pub fn estimated(plan: &Plan, scenario: &Scenario) -> Option<Estimated> {
    let model = plan.model(&scenario.model)?;
    let tier = plan.tier(scenario.tier_id(Some(model))?)?;
    estimate_for(tier, model, scenario)
}

/// The estimate a tier's row shows: for the first model on it that gives
/// its architecture, at the assumed request shape and limits (a scenario's
/// own are in its explanation). Models, not scenarios, are searched: a plan
/// holds far fewer, and the row is drawn on every frame.
pub fn for_tier(plan: &Plan, tier: &GpuTier) -> Option<Estimated> {
    tier.hardware.gpu_type.as_ref()?;
    let model = plan
        .models
        .iter()
        .find(|m| m.tier == tier.id && m.architecture.is_some())?;
    estimate_for(tier, model, &Scenario::new("", 0, &model.name))
}

/// Estimates for many scenarios, each worked out once per tier, model and
/// request shape (a report of 100,000 scenarios asks a few dozen).
#[derive(Debug, Default)]
pub struct Memo {
    seen: std::collections::HashMap<(String, String, [u64; 4]), Option<Estimated>>,
}

impl Memo {
    /// The scenario's estimate, as `estimated` gives it.
    pub fn estimated(&mut self, plan: &Plan, scenario: &Scenario) -> Option<Estimated> {
        let model = plan.model(&scenario.model)?;
        let tier = scenario.tier_id(Some(model))?;
        let r = &scenario.requests;
        let bits = |x: Option<f64>| x.map_or(u64::MAX, f64::to_bits);
        let key = (
            tier.to_string(),
            model.name.clone(),
            [
                bits(r.input_tokens),
                bits(r.output_tokens),
                bits(r.ttft_p99_ms),
                bits(r.tpot_p99_ms),
            ],
        );
        self.seen
            .entry(key)
            .or_insert_with(|| estimated(plan, scenario))
            .clone()
    }
}

/// The estimate for a model on a tier, at a scenario's shape and limits
/// (none: the assumed ones).
pub fn estimate_for(tier: &GpuTier, model: &Model, scenario: &Scenario) -> Option<Estimated> {
    let gpu = tables().gpu(tier.hardware.gpu_type.as_deref()?).ok()?;
    let arch = ArchOf::of(model)?.ok()?;
    let setup = setup(tier, &gpu.row, arch.arch());
    let (backend, precision) = (setup.backend, setup.weights);
    let (shape, limits, assumed) = asked(scenario);
    let key = Key::of(&gpu.name, &arch, &setup, shape, limits);
    let e = ESTIMATES.get_or(key, || Estimated {
        model: arch.name().to_string(),
        gpu: gpu.name.clone(),
        gpus: setup.gpus,
        backend,
        precision,
        shape,
        limits,
        assumed: Vec::new(),
        answer: answer(&setup, shape, Load::Limits(limits, None), &FITTED),
    });
    Some(Estimated { assumed, ..e })
}

/// A model's architecture as the estimate reads it: a row of the table, or
/// the row its `config.json` read as.
enum ArchOf {
    Table(&'static crate::capacity::tables::Named<Arch>),
    Config {
        arch: Arch,
        /// The row's contents hashed: what the estimates are remembered by.
        id: usize,
    },
}

impl ArchOf {
    /// The model's; `None` without one, `Err` for a `config.json` path not
    /// read (or not readable as a model) or a name the table lacks.
    fn of(model: &Model) -> Option<Result<ArchOf, String>> {
        let name = model.architecture.as_deref()?;
        if !crate::plan::is_config_path(name) {
            return Some(tables().model(name).map(ArchOf::Table));
        }
        let Some(row) = model.architecture_config.as_deref() else {
            return Some(Err(format!(
                "{name} is not read yet: the planner reads a config.json when it opens the plan file (a relative path from the file's folder), `inferplan import hf-config` when it adds one"
            )));
        };
        Some(Arch::from_row(row).map(|arch| ArchOf::Config {
            arch,
            id: row_id(row),
        }))
    }

    fn arch(&self) -> &Arch {
        match self {
            ArchOf::Table(t) => &t.row,
            ArchOf::Config { arch, .. } => arch,
        }
    }

    fn name(&self) -> &str {
        match self {
            ArchOf::Table(t) => &t.name,
            ArchOf::Config { arch, .. } => &arch.name,
        }
    }

    fn id(&self) -> usize {
        match self {
            // The table lives as long as the program: a name's address.
            ArchOf::Table(t) => t.name.as_ptr() as usize,
            ArchOf::Config { id, .. } => *id,
        }
    }
}

/// A row's contents as one number, the same for the same contents (FNV-1a
/// over its cells in column order), odd so no table address is one.
fn row_id(row: &crate::plan::ArchitectureRow) -> usize {
    let mut cells: Vec<(&String, &String)> = row.iter().collect();
    cells.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, v) in cells {
        for b in k.bytes().chain([0]).chain(v.bytes()).chain([0]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (h | 1) as usize
}

/// The model-table row a `config.json` text reads as, checked to be one
/// the estimate can use; `name` names it.
pub fn config_row(text: &str, name: &str) -> Result<crate::plan::ArchitectureRow, String> {
    let row = crate::capacity::hf_config::row(text, name)?;
    Arch::from_row(&row)?;
    Ok(row)
}

/// A replica of the tier serving the architecture, as the estimate sees
/// it: the tier's engine (vllm unless it says) and precision (the model's
/// own unless it says).
fn setup<'a>(tier: &GpuTier, gpu: &'a Gpu, arch: &'a Arch) -> Setup<'a> {
    let backend = tier
        .hardware
        .backend
        .as_deref()
        .and_then(|b| Backend::parse(b).ok())
        .unwrap_or(Backend::Vllm);
    let precision = tier
        .hardware
        .precision
        .as_deref()
        .and_then(|p| Precision::parse(p).ok())
        .unwrap_or(arch.native);
    Setup::tp(
        arch,
        gpu,
        tier.gpu_count(),
        backend,
        precision,
        KvPrecision::assumed_for(precision),
    )
}

/// The request shape and limits a scenario asks for, and which of them
/// were assumed.
fn asked(scenario: &Scenario) -> ((f64, f64), Limits, Vec<&'static str>) {
    let r = &scenario.requests;
    let mut assumed = Vec::new();
    let mut or = |given: Option<f64>, default: f64, key: &'static str| {
        given.unwrap_or_else(|| {
            assumed.push(key);
            default
        })
    };
    let shape = (
        or(
            r.input_tokens,
            ASSUMED.input_tokens,
            "input_tokens_per_request",
        ),
        or(
            r.output_tokens,
            ASSUMED.output_tokens,
            "output_tokens_per_request",
        ),
    );
    let limits = Limits {
        ttft_p99_ms: or(r.ttft_p99_ms, ASSUMED.ttft_p99_ms, "ttft_p99_ms"),
        tpot_p99_ms: or(r.tpot_p99_ms, ASSUMED.tpot_p99_ms, "tpot_p99_ms"),
    };
    (shape, limits, assumed)
}

/// What the scenario's latency limits do to a region's replicas at its
/// peak rate, beside sizing by volume alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    /// Requests a second at the peak.
    pub rate: f64,
    /// Replicas a region needs for the limits, the request slots' queue
    /// wait included, at the band's fast and slow ends.
    pub replicas: (u64, u64),
    /// … and at the estimate itself.
    pub replicas_mid: u64,
    /// The p99 TTFT reached with them (mid estimate), ms, and its wait.
    pub ttft_p99_ms: f64,
    /// The p99 wait for a request slot within it, ms.
    pub wait_p99_ms: f64,
    /// Replicas a region needs by volume alone, each at the most requests
    /// that fit, latency aside (mid estimate).
    pub by_volume: Option<u64>,
}

/// The queue at a scenario's peak: its tokens a day × peak/average (or its
/// profile's busiest hour, when that is higher) spread
/// over requests of its shape; `None` without an estimate, a volume, or
/// limits the hardware can meet.
pub fn queue(tier: &GpuTier, model: &Model, scenario: &Scenario) -> Option<Queue> {
    let peak = scenario.tokens_per_day as f64 * super::day::peak_factor(scenario);
    queue_at(tier, model, scenario, peak)
}

/// The queue when the scenario's requests arrive at `tokens_per_day`'s
/// rate (an hour of a day's schedule, at its own rate).
pub fn queue_at(
    tier: &GpuTier,
    model: &Model,
    scenario: &Scenario,
    tokens_per_day: f64,
) -> Option<Queue> {
    let gpu = tables().gpu(tier.hardware.gpu_type.as_deref()?).ok()?;
    let arch = ArchOf::of(model)?.ok()?;
    let setup = setup(tier, &gpu.row, arch.arch());
    let (shape, limits, _) = asked(scenario);
    let rate = tokens_per_day / 86_400.0 / (shape.0 + shape.1);
    if rate.is_nan() || rate <= 0.0 {
        return None;
    }
    let key = Key::of(&gpu.name, &arch, &setup, shape, limits);
    QUEUES.get_or((key, rate.to_bits()), || {
        let a = answer(&setup, shape, Load::Limits(limits, Some(rate)), &FITTED);
        let s = a.sized?.ok()?;
        Some(Queue {
            rate,
            replicas: (s.low.replicas, s.high.replicas),
            replicas_mid: s.mid.replicas,
            ttft_p99_ms: s.mid.ttft_p99_ms,
            wait_p99_ms: s.mid.wait_p99_ms,
            by_volume: a.by_volume,
        })
    })
}

/// What an estimate is a function of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    gpu: usize,
    arch: usize,
    gpus: u32,
    backend: Backend,
    precision: Precision,
    bits: [u64; 4],
}

impl Key {
    fn of(
        gpu: &'static str,
        arch: &ArchOf,
        setup: &Setup,
        shape: (f64, f64),
        limits: Limits,
    ) -> Key {
        Key {
            // The GPU table lives as long as the program: a name's address.
            gpu: gpu.as_ptr() as usize,
            arch: arch.id(),
            gpus: setup.gpus,
            backend: setup.backend,
            precision: setup.weights,
            bits: [shape.0, shape.1, limits.ttft_p99_ms, limits.tpot_p99_ms].map(f64::to_bits),
        }
    }
}

/// Answers of a pure function already worked out, kept so that the tiers
/// tab, the explanation and a recompute on every keystroke ask the
/// estimate once per setup (tens of microseconds each, a queue's sizing
/// more), not once per frame.
struct Seen<K, V>(std::sync::Mutex<Option<std::collections::HashMap<K, V>>>);

impl<K: std::hash::Hash + Eq, V: Clone> Seen<K, V> {
    const fn new() -> Self {
        Seen(std::sync::Mutex::new(None))
    }

    /// The answer for `key`, worked out by `make` the first time.
    fn get_or(&self, key: K, make: impl FnOnce() -> V) -> V {
        let lock = || {
            self.0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(v) = lock().as_ref().and_then(|m| m.get(&key)) {
            return v.clone();
        }
        // Worked out unlocked: another thread may ask meanwhile.
        let v = make();
        let mut seen = lock();
        let map = seen.get_or_insert_with(Default::default);
        // The setups a program asks about are few; past this, start afresh.
        if map.len() >= 4096 {
            map.clear();
        }
        map.insert(key, v.clone());
        v
    }
}

static ESTIMATES: Seen<Key, Estimated> = Seen::new();
static QUEUES: Seen<(Key, u64), Option<Queue>> = Seen::new();

impl Estimated {
    /// The model table's name, for as long as the program runs.
    pub fn model_name(&self) -> Option<&'static str> {
        tables().model(&self.model).ok().map(|m| m.name.as_str())
    }

    /// Requests a replica runs at once within the limits (mid estimate).
    pub fn at_once(&self) -> Option<u32> {
        Some(self.answer.sized.as_ref()?.as_ref().ok()?.mid.concurrency)
    }

    /// The p99 TTFT and TPOT reached within the limits, ms, each as its
    /// two ends' figures, least first: each end runs as many requests as
    /// its own figures allow, so either can reach the higher latency.
    pub fn reached_ms(&self) -> Option<((f64, f64), (f64, f64))> {
        let s = self.answer.sized.as_ref()?.as_ref().ok()?;
        let both = |a: f64, b: f64| (a.min(b), a.max(b));
        Some((
            both(s.low.ttft_p99_ms, s.high.ttft_p99_ms),
            both(s.low.tpot_p99_ms, s.high.tpot_p99_ms),
        ))
    }

    /// Tokens a day one replica serves within the limits, (low, mid, high);
    /// `None` when the model does not fit or the limits cannot be met.
    pub fn tokens_per_day(&self) -> Option<(f64, f64, f64)> {
        let s = self.answer.sized.as_ref()?.as_ref().ok()?;
        Some((
            s.high.tokens_per_day,
            s.mid.tokens_per_day,
            s.low.tokens_per_day,
        ))
    }
}

/// What one replica serves for a scenario, tokens a day at full
/// utilization over a whole day (before the tier's serving hours): the
/// least, the estimate and the most. A typed capacity is one figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity {
    /// The slow end of the estimate's band: most replicas, the dear end.
    pub least: f64,
    /// The estimate itself (a typed figure's value).
    pub mid: f64,
    /// The fast end: fewest replicas, the cheap end.
    pub most: f64,
}

impl Capacity {
    /// A typed figure.
    pub fn given(tokens_per_day: f64) -> Self {
        Self {
            least: tokens_per_day,
            mid: tokens_per_day,
            most: tokens_per_day,
        }
    }

    /// True for a band (an estimate), false for one figure.
    pub fn is_band(&self) -> bool {
        self.least != self.most
    }
}

/// The capacity that sizes a scenario's replicas on `tier`: the tier's own
/// figure where it gives one, else the estimate for the scenario's model,
/// request shape and limits; `Err` says why there is none.
pub fn capacity(
    tier: &GpuTier,
    model: Option<&Model>,
    scenario: &Scenario,
) -> Result<Capacity, String> {
    if !tier.estimates_capacity() {
        return Ok(Capacity::given(tier.tokens_per_day as f64));
    }
    let Some(model) = model.filter(|m| m.architecture.is_some()) else {
        return Err(format!(
            "tier {} leaves its capacity to the estimate, and model {} gives no architecture to estimate it for",
            tier.id,
            model.map_or(scenario.model.as_str(), |m| m.name.as_str())
        ));
    };
    if let Some(Err(why)) = ArchOf::of(model) {
        return Err(format!("model {}'s architecture: {why}", model.name));
    }
    let Some(e) = estimate_for(tier, model, scenario) else {
        return Err(format!(
            "tier {}'s gpu_type or model {}'s architecture is not in the tables",
            tier.id, model.name
        ));
    };
    let unmet = |why: String| {
        format!(
            "no capacity estimate for {} on tier {} ({}× {}): {why}",
            e.model, tier.id, e.gpus, e.gpu
        )
    };
    match e.answer.sized.as_ref() {
        Some(Ok(s)) => Ok(Capacity {
            least: s.high.tokens_per_day,
            mid: s.mid.tokens_per_day,
            most: s.low.tokens_per_day,
        }),
        Some(Err(crate::capacity::sizing::Unmet::DoesNotFit)) | None => {
            let m = &e.answer.memory;
            Err(unmet(format!(
                "it does not fit, needing {:.0} GB of the {:.0} GB there",
                m.total_gb, m.available_gb
            )))
        }
        Some(Err(why)) => Err(unmet(why.to_string())),
    }
}

/// Capacities worked out once per tier, architecture and request shape in
/// one evaluation: the estimate takes microseconds, and thousands of rows
/// share a few dozen of these.
/// Keyed by where the tier and the architecture's name are in memory: one
/// evaluation reads one plan, which does not move under it.
#[derive(Debug, Default)]
pub(crate) struct CapacityMemo {
    seen: std::cell::RefCell<crate::base::hash::FastMap<MemoKey, Result<Capacity, String>>>,
}

/// A tier's and an architecture name's addresses, and the request shape's bits.
type MemoKey = (usize, usize, [u64; 4]);

impl CapacityMemo {
    /// `capacity`, remembered where the estimate is asked.
    pub(crate) fn capacity(
        &self,
        tier: &GpuTier,
        model: Option<&Model>,
        scenario: &Scenario,
    ) -> Result<Capacity, String> {
        let arch = model.and_then(|m| m.architecture.as_deref());
        let (false, Some(arch)) = (!tier.estimates_capacity(), arch) else {
            return capacity(tier, model, scenario);
        };
        let r = &scenario.requests;
        let bits = |x: Option<f64>| x.map_or(u64::MAX, f64::to_bits);
        let key = (
            std::ptr::from_ref(tier) as usize,
            arch.as_ptr() as usize,
            [
                bits(r.input_tokens),
                bits(r.output_tokens),
                bits(r.ttft_p99_ms),
                bits(r.tpot_p99_ms),
            ],
        );
        self.seen
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| capacity(tier, model, scenario))
            .clone()
    }
}

/// Replicas a region needs at today's peak for the scenario's own latency
/// limits, the queue for a request slot included, at each end as `estimate`
/// collapses them; `None` unless the tier is sized by the estimate and the
/// scenario states a limit.
pub fn held_to_limits(
    tier: &GpuTier,
    model: Option<&Model>,
    scenario: &Scenario,
    estimate: crate::base::money::Estimate,
) -> Option<crate::engine::PerEnd<u64>> {
    let peak = scenario.tokens_per_day as f64 * super::day::peak_factor(scenario);
    held_to_limits_at(tier, model, scenario, estimate, peak)
}

/// `held_to_limits` with the requests arriving at `tokens_per_day`'s rate.
pub fn held_to_limits_at(
    tier: &GpuTier,
    model: Option<&Model>,
    scenario: &Scenario,
    estimate: crate::base::money::Estimate,
    tokens_per_day: f64,
) -> Option<crate::engine::PerEnd<u64>> {
    use crate::base::money::Estimate;
    let r = &scenario.requests;
    if !tier.estimates_capacity() || (r.ttft_p99_ms.is_none() && r.tpot_p99_ms.is_none()) {
        return None;
    }
    let q = queue_at(tier, model?, scenario, tokens_per_day)?;
    let (fast, slow) = q.replicas;
    Some(match estimate {
        Estimate::Range => crate::engine::PerEnd {
            cheap: fast,
            dear: slow,
        },
        Estimate::Low => crate::engine::PerEnd::both(fast),
        Estimate::Mid => crate::engine::PerEnd::both(q.replicas_mid),
        Estimate::High => crate::engine::PerEnd::both(slow),
    })
}
