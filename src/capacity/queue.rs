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
    // Erlang B by its recurrence (stable for thousands of slots), then C.
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
