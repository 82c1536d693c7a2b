//! Calibration of the estimate's `Coefficients` on measured runs, and the
//! error table that says how well they do, in sample and for models left out
//! of the fit. No I/O: the caller parses the CSVs into column → cell maps.
//!
//! Loss: mean pseudo-Huber (δ = 0.15) of ln(est/meas) for TTFT + 2 × the same for TPOT, over all runs.
//! Optimiser: Nelder–Mead in log-parameters (all coefficients positive), restarts with step 0.3 then 0.1,
//! A full fit from `START` takes ~1 s; `lomo` (7 refits) a few seconds (-O build).

use super::estimate::*;
use std::collections::HashMap;

pub const HUBER_DELTA: f64 = 0.15;
pub const TPOT_WEIGHT: f64 = 2.0;

/// fit.py `x0()`: the start of the full fit.
pub const START: Coefficients = Coefficients {
    eta_f: [0.5, 0.5, 0.5],
    t0_ms: [30.0, 30.0, 30.0],
    alpha: [0.1, 0.1, 0.1],
    c0_ms: 1.0,
    eta_bw: 0.8,
    lat_us: 10.0,
    ilv: 1.0,
    moe_f: 1.5,
    cl_ms: 0.02,
    qf: 0.5,
    kvf: 1.0,
    gf: 1.0,
};

/// One calibration run: its features (coefficient-free) and the measurement.
#[derive(Clone, Debug)]
pub struct Run {
    pub id: String,
    /// models.csv model name and its LOMO group (DeepSeek-V3/R1 are one group)
    pub model: String,
    pub group: String,
    pub system: String,
    pub backend: Backend,
    pub features: Features,
    pub ttft_ms: f64,
    pub tpot_ms: f64,
}

/// Decodes measured.csv rows; returns the usable runs and the excluded counts by reason
/// (same reasons and counts as fit.py: disagg 1167, system 648, model 108, broken 8 + 6).
pub fn load_runs(
    cat: &Catalog,
    measured: &[HashMap<String, String>],
) -> (Vec<Run>, Vec<(String, usize)>) {
    let mut runs = Vec::new();
    let mut excl: Vec<(String, usize)> = Vec::new();
    let mut count = |why: String| match excl.iter_mut().find(|e| e.0 == why) {
        Some(e) => e.1 += 1,
        None => excl.push((why, 1)),
    };
    for row in measured {
        let m = match MeasuredRun::from_row(row) {
            Ok(m) => m,
            Err(e) => {
                count(format!("unreadable: {}", e));
                continue;
            }
        };
        match m.setup_and_request(cat) {
            Ok((s, r)) => runs.push(Run {
                id: m.id.clone(),
                model: s.arch.name.clone(),
                group: MeasuredRun::group(&s.arch.name).to_string(),
                system: m.system.clone(),
                backend: s.backend,
                features: features(&s, &r),
                ttft_ms: m.ttft_ms.unwrap(),
                tpot_ms: m.tpot_ms.unwrap(),
            }),
            Err(why) => count(why),
        }
    }
    (runs, excl)
}

fn pseudo_huber(e: f64) -> f64 {
    let d = HUBER_DELTA;
    d * d * ((1.0 + (e / d) * (e / d)).sqrt() - 1.0)
}

/// fit.py `loss()` on a flat coefficient vector (Coefficients::to_vec order).
pub fn loss(runs: &[Run], x: &[f64]) -> f64 {
    if x.iter().any(|&v| v.is_nan() || v <= 0.0) {
        return 1e9;
    }
    let c = Coefficients::from_vec(x);
    if c.eta_bw > 1.2 || c.eta_f.iter().any(|&e| e > 1.2) {
        return 1e9;
    }
    let (mut s1, mut s2) = (0.0, 0.0);
    for r in runs {
        let (tt, tp, _) = predict(&r.features, &c);
        s1 += pseudo_huber((tt / r.ttft_ms).ln());
        s2 += pseudo_huber((tp / r.tpot_ms).ln());
    }
    let n = runs.len() as f64;
    s1 / n + TPOT_WEIGHT * (s2 / n)
}

/// Nelder–Mead on f(exp(y)) from x (positive), like fit.py `nelder_mead()`. Returns (x, f(x)).
pub fn nelder_mead(
    f: &dyn Fn(&[f64]) -> f64,
    x: &[f64],
    iters: usize,
    step: f64,
    tol: f64,
) -> (Vec<f64>, f64) {
    let n = x.len();
    let fx = |y: &[f64]| f(&y.iter().map(|v| v.exp()).collect::<Vec<_>>());
    let mut sim: Vec<Vec<f64>> = vec![x.iter().map(|v| v.max(1e-6).ln()).collect()];
    for i in 0..n {
        let mut y = sim[0].clone();
        y[i] += step;
        sim.push(y);
    }
    let mut vals: Vec<f64> = sim.iter().map(|s| fx(s)).collect();
    for _ in 0..iters {
        let mut o: Vec<usize> = (0..=n).collect();
        o.sort_by(|&a, &b| {
            vals[a]
                .partial_cmp(&vals[b])
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        sim = o.iter().map(|&i| sim[i].clone()).collect();
        vals = o.iter().map(|&i| vals[i]).collect();
        if (vals[n] - vals[0]).abs() < tol {
            break;
        }
        let mut c = vec![0.0; n];
        for s in &sim[..n] {
            for j in 0..n {
                c[j] += s[j];
            }
        }
        for v in c.iter_mut() {
            *v /= n as f64;
        }
        let along =
            |t: f64| -> Vec<f64> { (0..n).map(|j| c[j] + t * (c[j] - sim[n][j])).collect() };
        let xr = along(1.0);
        let fr = fx(&xr);
        if fr < vals[0] {
            let xe = along(2.0);
            let fe = fx(&xe);
            if fe < fr {
                sim[n] = xe;
                vals[n] = fe;
            } else {
                sim[n] = xr;
                vals[n] = fr;
            }
        } else if fr < vals[n - 1] {
            sim[n] = xr;
            vals[n] = fr;
        } else {
            let xc: Vec<f64> = (0..n).map(|j| c[j] + 0.5 * (sim[n][j] - c[j])).collect();
            let fc = fx(&xc);
            if fc < vals[n] {
                sim[n] = xc;
                vals[n] = fc;
            } else {
                for i in 1..=n {
                    let y: Vec<f64> = (0..n)
                        .map(|j| sim[0][j] + 0.5 * (sim[i][j] - sim[0][j]))
                        .collect();
                    vals[i] = fx(&y);
                    sim[i] = y;
                }
            }
        }
    }
    let mut bi = 0;
    for i in 1..=n {
        if vals[i] < vals[bi] {
            bi = i;
        }
    }
    (sim[bi].iter().map(|v| v.exp()).collect(), vals[bi])
}

/// fit.py `fit()`: Nelder–Mead restarts (3000 iterations each; step 0.3 then 0.1) until the loss
/// improves by < 1e-7. Returns the coefficients and the loss.
pub fn fit_rounds(runs: &[Run], start: &Coefficients, rounds: usize) -> (Coefficients, f64) {
    let f = |x: &[f64]| loss(runs, x);
    let mut x = start.to_vec().to_vec();
    let mut best = f(&x);
    for r in 0..rounds {
        let (nx, v) = nelder_mead(&f, &x, 3000, if r == 0 { 0.3 } else { 0.1 }, 1e-10);
        x = nx;
        if best - v < 1e-7 {
            break;
        }
        best = v;
    }
    let v = f(&x);
    (Coefficients::from_vec(&x), v)
}

/// Full fit as fit.py `main()` does it (4 rounds).
pub fn fit(runs: &[Run], start: &Coefficients) -> Coefficients {
    fit_rounds(runs, start, 4).0
}

/// numpy-style percentile (linear interpolation), q in 0..=100.
pub fn percentile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pos = q / 100.0 * (s.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(s.len() - 1);
    s[lo] + (pos - lo as f64) * (s[hi] - s[lo])
}

/// One line of an error table: |est/meas − 1| in percent.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorRow {
    pub group: String,
    pub n: usize,
    pub ttft_median_pct: f64,
    pub ttft_p90_pct: f64,
    pub tpot_median_pct: f64,
    pub tpot_p90_pct: f64,
}

pub fn predict_all(runs: &[Run], c: &Coefficients) -> Vec<(f64, f64)> {
    runs.iter()
        .map(|r| {
            let (a, b, _) = predict(&r.features, c);
            (a, b)
        })
        .collect()
}

fn error_row(
    name: &str,
    runs: &[Run],
    pred: &[(f64, f64)],
    keep: &dyn Fn(&Run) -> bool,
) -> ErrorRow {
    let (mut e1, mut e2) = (Vec::new(), Vec::new());
    for (r, p) in runs.iter().zip(pred) {
        if keep(r) {
            e1.push((p.0 / r.ttft_ms - 1.0).abs());
            e2.push((p.1 / r.tpot_ms - 1.0).abs());
        }
    }
    ErrorRow {
        group: name.to_string(),
        n: e1.len(),
        ttft_median_pct: percentile(&e1, 50.0) * 100.0,
        ttft_p90_pct: percentile(&e1, 90.0) * 100.0,
        tpot_median_pct: percentile(&e2, 50.0) * 100.0,
        tpot_p90_pct: percentile(&e2, 90.0) * 100.0,
    }
}

/// Rows per backend, per system, per LOMO group, then "ALL", for the given predictions
/// (`predict_all` in-sample, or `Lomo::predictions`).
pub fn error_table_for(runs: &[Run], pred: &[(f64, f64)]) -> Vec<ErrorRow> {
    let mut out = Vec::new();
    for b in Backend::ALL {
        out.push(error_row(b.name(), runs, pred, &|r| r.backend == b));
    }
    let mut systems: Vec<&str> = runs.iter().map(|r| r.system.as_str()).collect();
    systems.sort();
    systems.dedup();
    for s in systems {
        out.push(error_row(s, runs, pred, &|r| r.system == s));
    }
    let mut groups: Vec<&str> = runs.iter().map(|r| r.group.as_str()).collect();
    groups.sort();
    groups.dedup();
    for g in groups {
        out.push(error_row(&format!("model {}", g), runs, pred, &|r| {
            r.group == g
        }));
    }
    out.push(error_row("ALL", runs, pred, &|_| true));
    out
}

/// In-sample error table of `coef`.
pub fn error_table(runs: &[Run], coef: &Coefficients) -> Vec<ErrorRow> {
    error_table_for(runs, &predict_all(runs, coef))
}

/// Per-backend (TTFT, TPOT) bands: percentiles lo/hi of measured/estimated over the runs where use[i].
pub fn bands(
    runs: &[Run],
    pred: &[(f64, f64)],
    used: &[bool],
    lo: f64,
    hi: f64,
) -> [(Band, Band); 3] {
    let mut out = [(
        Band {
            low: f64::NAN,
            high: f64::NAN,
        },
        Band {
            low: f64::NAN,
            high: f64::NAN,
        },
    ); 3];
    for b in Backend::ALL {
        let (mut a, mut p) = (Vec::new(), Vec::new());
        for ((r, e), &u) in runs.iter().zip(pred).zip(used) {
            if u && r.backend == b {
                a.push(r.ttft_ms / e.0);
                p.push(r.tpot_ms / e.1);
            }
        }
        out[b.index()] = (
            Band {
                low: percentile(&a, lo),
                high: percentile(&a, hi),
            },
            Band {
                low: percentile(&p, lo),
                high: percentile(&p, hi),
            },
        );
    }
    out
}

/// Share of runs (where sel[i]) whose measurement lies in [est·low, est·high]: (TTFT, TPOT, both).
pub fn coverage(
    runs: &[Run],
    pred: &[(f64, f64)],
    bands: &[(Band, Band); 3],
    sel: &[bool],
) -> (f64, f64, f64) {
    let (mut c1, mut c2, mut c3, mut n) = (0usize, 0usize, 0usize, 0usize);
    for ((r, e), &s) in runs.iter().zip(pred).zip(sel) {
        if !s {
            continue;
        }
        let (bt, bp) = bands[r.backend.index()];
        let a = bt.low * e.0 <= r.ttft_ms && r.ttft_ms <= bt.high * e.0;
        let b = bp.low * e.1 <= r.tpot_ms && r.tpot_ms <= bp.high * e.1;
        c1 += a as usize;
        c2 += b as usize;
        c3 += (a && b) as usize;
        n += 1;
    }
    let n = n.max(1) as f64;
    (c1 as f64 / n, c2 as f64 / n, c3 as f64 / n)
}

/// Leave-one-model-out result.
#[derive(Clone, Debug)]
pub struct Lomo {
    /// held-out prediction of every run (its own group left out of the fit)
    pub predictions: Vec<(f64, f64)>,
    /// coverage (TTFT, TPOT, both) of the P10/P90 and the P5/P95 band, bands from the training groups only
    pub coverage_p10_p90: (f64, f64, f64),
    pub coverage_p5_p95: (f64, f64, f64),
    pub coefficients: Vec<(String, Coefficients)>,
}

/// For each group: refit without it (2 rounds, from `full`), predict it. fit.py's LOMO.
/// Takes a few seconds with an -O build (7 groups × ≤ 6000 Nelder–Mead steps × 2.4k runs).
pub fn lomo(runs: &[Run], full: &Coefficients) -> Lomo {
    let mut groups: Vec<String> = runs.iter().map(|r| r.group.clone()).collect();
    groups.sort();
    groups.dedup();
    let mut pred = vec![(0.0, 0.0); runs.len()];
    let (mut c10, mut c5) = ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0));
    let mut coefs = Vec::new();
    for g in &groups {
        let train: Vec<bool> = runs.iter().map(|r| &r.group != g).collect();
        let test: Vec<bool> = train.iter().map(|t| !t).collect();
        let sub: Vec<Run> = runs
            .iter()
            .zip(&train)
            .filter(|(_, t)| **t)
            .map(|(r, _)| r.clone())
            .collect();
        let (cg, _) = fit_rounds(&sub, full, 2);
        let p = predict_all(runs, &cg);
        for i in 0..runs.len() {
            if test[i] {
                pred[i] = p[i];
            }
        }
        let k = test.iter().filter(|&&t| t).count() as f64;
        let a = coverage(runs, &p, &bands(runs, &p, &train, 10.0, 90.0), &test);
        let b = coverage(runs, &p, &bands(runs, &p, &train, 5.0, 95.0), &test);
        c10 = (c10.0 + a.0 * k, c10.1 + a.1 * k, c10.2 + a.2 * k);
        c5 = (c5.0 + b.0 * k, c5.1 + b.1 * k, c5.2 + b.2 * k);
        coefs.push((g.clone(), cg));
    }
    let n = runs.len() as f64;
    Lomo {
        predictions: pred,
        coverage_p10_p90: (c10.0 / n, c10.1 / n, c10.2 / n),
        coverage_p5_p95: (c5.0 / n, c5.1 / n, c5.2 / n),
        coefficients: coefs,
    }
}
