//! Waiting for a free request slot: the M/M/c queue (Erlang C) over every
//! replica's slots, which turns a peak arrival rate into a p99 wait.

/// The chance an arriving request waits, with `servers` slots each serving
/// one request in `service_s` seconds on average and `rate` requests a
/// second arriving; 1 when the slots cannot keep up.
pub fn erlang_c(servers: u64, rate: f64, service_s: f64) -> f64 {
    let a = rate * service_s; // offered load, in busy slots
    let c = servers as f64;
    if servers == 0 || a >= c {
        return 1.0;
    }
    if a <= 0.0 {
        return 0.0;
    }
    if servers > EXACT_UP_TO {
        return halfin_whitt(c, a);
    }
    exact(servers, a)
}

/// Slots up to which Erlang C is worked out exactly: the recurrence takes
/// a step a slot, and sizing asks it dozens of times; past this the
/// Halfin–Whitt limit is within a few tenths of a percent.
const EXACT_UP_TO: u64 = 20_000;

/// Erlang C for many slots, by its heavy-traffic limit: with
/// `β = (c − a) / √a`, `P(wait) ≈ 1 / (1 + β Φ(β) / φ(β))`.
fn halfin_whitt(c: f64, a: f64) -> f64 {
    let beta = (c - a) / a.sqrt();
    let density = (-beta * beta / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let below = 0.5 * (1.0 + erf(beta / std::f64::consts::SQRT_2));
    1.0 / (1.0 + beta * below / density)
}

/// The error function for x ≥ 0 (Abramowitz and Stegun 7.1.26, within
/// 1.5e-7), odd below 0.
fn erf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let y = 1.0 - poly * (-x * x).exp();
    if x < 0.0 { -y } else { y }
}

/// Erlang C by Erlang B's recurrence (stable for thousands of slots).
fn exact(servers: u64, a: f64) -> f64 {
    let c = servers as f64;
    let mut b = 1.0;
    for k in 1..=servers {
        let k = k as f64;
        b = a * b / (k + a * b);
    }
    let rho = a / c;
    b / (1.0 - rho * (1.0 - b))
}

/// The wait no more than `1 − quantile` of requests exceed, in seconds:
/// `P(W > t) = C · e^{−(cμ − λ)t}`; infinite when the slots cannot keep up.
pub fn wait_quantile(servers: u64, rate: f64, service_s: f64, quantile: f64) -> f64 {
    let c = servers as f64;
    let spare = c / service_s - rate; // requests a second the slots could take beyond the arrivals
    if spare <= 0.0 {
        return f64::INFINITY;
    }
    let p_wait = erlang_c(servers, rate, service_s);
    let tail = 1.0 - quantile;
    if p_wait <= tail {
        return 0.0;
    }
    (p_wait / tail).ln() / spare
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_c_by_hand() {
        // c = 2, λ = 1/s, service 1 s: a = 1, ρ = 0.5.
        // B(1) = 1/2; B(2) = (1 × 1/2) / (2 + 1/2) = 0.2;
        // C = 0.2 / (1 − 0.5 × 0.8) = 1/3.
        assert!((erlang_c(2, 1.0, 1.0) - 1.0 / 3.0).abs() < 1e-12);
        // One server: C = ρ.
        assert!((erlang_c(1, 0.7, 1.0) - 0.7).abs() < 1e-12);
        assert_eq!(erlang_c(4, 5.0, 1.0), 1.0);
        assert_eq!(erlang_c(4, 0.0, 1.0), 0.0);
    }

    #[test]
    fn many_slots_take_the_heavy_traffic_limit_close_to_the_exact_figure() {
        // At the switch-over, 20,000 slots: the limit against the exact
        // recurrence, at loads from light to nearly full.
        for a in [19_000.0, 19_700.0, 19_900.0, 19_990.0] {
            let (exact, limit) = (exact(20_000, a), halfin_whitt(20_000.0, a));
            assert!((exact - limit).abs() < 0.005, "{a}: {exact} vs {limit}");
        }
        // A rate of millions a second on tens of millions of slots answers
        // at once (a sizing asked this and took minutes): a tenth to spare
        // never waits, all but a few thousand busy mostly does.
        assert!(erlang_c(91_500_000, 9_645_061.7, 8.6227) < 1e-12);
        assert!(erlang_c(83_170_000, 9_645_061.7, 8.6227) > 0.5);
    }

    #[test]
    fn the_p99_wait_by_hand() {
        // c = 2, λ = 1/s, μ = 1/s: P(W > t) = e^{−t}/3, so the p99 wait is
        // ln(100/3) = 3.5066 s.
        let t = wait_quantile(2, 1.0, 1.0, 0.99);
        assert!((t - (100.0f64 / 3.0).ln()).abs() < 1e-12, "{t}");
        // Fewer than 1 % wait at all: no wait at the p99.
        assert_eq!(wait_quantile(10, 1.0, 1.0, 0.99), 0.0);
        assert_eq!(wait_quantile(2, 2.0, 1.0, 0.99), f64::INFINITY);
    }

    #[test]
    fn more_slots_never_wait_longer() {
        let mut last = f64::INFINITY;
        for c in 1..200 {
            let t = wait_quantile(c, 40.0, 2.0, 0.99);
            assert!(t <= last, "{c}: {t} > {last}");
            last = t;
        }
        assert_eq!(last, 0.0);
    }
}
