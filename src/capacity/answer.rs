//! One question to the estimate and everything its answer holds, for the
//! command line and the planner alike: the memory fit, the figures with
//! their ranges, and, with latency limits, the sizing that meets them.

use super::estimate::{
    Band, Coefficients, Figures, Memory, Ranges, Request, Setup, TPOT_BAND, TTFT_BAND, estimate,
    memory, ranges,
};
use super::sizing::{Limits, Sized, Unmet, size};

/// How the load on a replica is given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Load {
    /// This many requests at once.
    Concurrency(u32),
    /// As many as the limits allow, and replicas for a peak rate (requests
    /// a second) if one is given.
    Limits(Limits, Option<f64>),
}

/// How far the calibration reaches for a GPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calibrated {
    /// Measured runs on this GPU are in the calibration.
    Measured,
    /// An NVIDIA GPU without measured runs: from its specifications, with
    /// the calibrated efficiencies.
    SpecsOnly,
    /// Another vendor's GPU: its kernels are not in the calibration at all.
    NoData,
}

/// The GPUs the calibration's runs were measured on (the table's names).
pub const MEASURED_ON: [&str; 3] = ["H100 SXM", "H200 SXM", "B200 (HGX/DGX, SXM)"];

/// Where `gpu` stands against the calibration.
pub fn calibrated(gpu: &str) -> Calibrated {
    match gpu {
        g if MEASURED_ON.contains(&g) => Calibrated::Measured,
        g if g.starts_with("MI") => Calibrated::NoData,
        _ => Calibrated::SpecsOnly,
    }
}

/// A figure at the band's ends and in the middle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread<T> {
    /// The favourable end (fast, or fewest replicas).
    pub low: T,
    /// The estimate itself.
    pub mid: T,
    /// The unfavourable end.
    pub high: T,
}

/// What the estimate says.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Memory at the concurrency served (given, or the one the limits allow).
    pub memory: Memory,
    /// Requests at once the figures are for.
    pub concurrency: u32,
    /// The mid estimate; `None` when the weights do not fit.
    pub figures: Option<Figures>,
    /// Its range.
    pub ranges: Option<Ranges>,
    /// With limits: what meeting them takes at each end (low: the fast
    /// end), or why they cannot be met.
    pub sized: Option<Result<Spread<Sized>, Unmet>>,
    /// With limits and a rate: replicas the rate needs at the most requests
    /// that fit, latency aside (at the mid estimate).
    pub by_volume: Option<u64>,
    /// How far the calibration reaches for this GPU.
    pub calibrated: Calibrated,
}

/// The bands of the setup's engine.
fn bands(setup: &Setup) -> (Band, Band) {
    let i = setup.backend.index();
    (TTFT_BAND[i], TPOT_BAND[i])
}

/// Answers one question: a setup, a request shape (tokens in, out) and a load.
pub fn answer(setup: &Setup, shape: (f64, f64), load: Load, coef: &Coefficients) -> Answer {
    let (isl, osl) = shape;
    let calibrated = calibrated(&setup.gpu.name);
    let (sized, by_volume, concurrency) = match load {
        Load::Concurrency(c) => (None, None, c),
        Load::Limits(limits, rate) => {
            let (t, p) = bands(setup);
            let at = |end| size(setup, shape, limits, rate, coef, end);
            let sized = at((1.0, 1.0)).and_then(|mid| {
                Ok(Spread {
                    low: at((t.low, p.low))?,
                    mid,
                    high: at((t.high, p.high))?,
                })
            });
            let c = sized.as_ref().map_or(1, |s| s.mid.concurrency);
            (
                Some(sized),
                rate.and_then(|r| volume_alone(setup, shape, r, coef)),
                c,
            )
        }
    };
    let request = Request::new(isl, osl, concurrency);
    let memory = memory(setup, &request);
    let fits = memory.fits && memory.max_concurrency > 0;
    let figures = fits.then(|| estimate(setup, &request, coef));
    Answer {
        memory,
        concurrency,
        ranges: figures.as_ref().map(|f| ranges(f, &request, setup.backend)),
        figures,
        sized,
        by_volume,
        calibrated,
    }
}

/// Replicas a rate needs with each at the most requests that fit.
fn volume_alone(setup: &Setup, shape: (f64, f64), rate: f64, coef: &Coefficients) -> Option<u64> {
    let (isl, osl) = shape;
    let most = memory(setup, &Request::new(isl, osl, 1)).max_concurrency;
    (most > 0).then(|| {
        let f = estimate(setup, &Request::new(isl, osl, most), coef);
        let per_replica = f.output_tokens_per_second / osl; // requests a second
        ((rate / per_replica).ceil() as u64).max(1)
    })
}
