//! Fits the capacity estimate's coefficients on measured serving runs and
//! prints the error table, in sample and leave-one-model-out.
//!
//! ```text
//! cargo run --release --example calibrate [-- MEASURED.csv] [--refit]
//! ```
//!
//! Without `--refit` it scores the committed coefficients (`estimate::FITTED`);
//! with it, it fits them again from the starting point and prints them as the
//! Rust constant to commit. The runs default to the tests' copy of
//! aiconfigurator's measurements (`tests/fixtures/perf/measured.csv`).

use inferplan::capacity::calibrate::{
    self, ErrorRow, START, bands, coverage, error_table, error_table_for, load_runs, lomo,
    predict_all,
};
use inferplan::capacity::estimate::{Catalog, FITTED};
use inferplan::capacity::tables::{GPUS_CSV, MODELS_CSV, rows};
use std::time::Instant;

fn table(title: &str, rows: &[ErrorRow]) {
    println!("\n{title}\n");
    println!("| group | runs | TTFT median | TTFT p90 | TPOT median | TPOT p90 |");
    println!("|---|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {:.1} % | {:.1} % | {:.1} % | {:.1} % |",
            r.group, r.n, r.ttft_median_pct, r.ttft_p90_pct, r.tpot_median_pct, r.tpot_p90_pct
        );
    }
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let refit = args.iter().any(|a| a == "--refit");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or("tests/fixtures/perf/measured.csv", String::as_str);
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let catalog = Catalog::from_rows(&rows(MODELS_CSV)?, &rows(GPUS_CSV)?);
    let (runs, excluded) = load_runs(&catalog, &rows(&text)?);
    println!("{path}: {} runs used", runs.len());
    for (why, n) in &excluded {
        println!("  left out: {n} × {why}");
    }
    let coefficients = match refit {
        true => {
            let started = Instant::now();
            let c = calibrate::fit(&runs, &START);
            println!("\nfitted in {:.1?}:\n{c:#?}", started.elapsed());
            c
        }
        false => FITTED,
    };
    table("In sample", &error_table(&runs, &coefficients));
    let p = predict_all(&runs, &coefficients);
    let all = vec![true; runs.len()];
    let band = |lo, hi| coverage(&runs, &p, &bands(&runs, &p, &all, lo, hi), &all);
    let started = Instant::now();
    let held_out = lomo(&runs, &coefficients);
    let took = started.elapsed();
    table(
        &format!(
            "Leave one model out ({} refits in {took:.1?})",
            held_out.coefficients.len()
        ),
        &error_table_for(&runs, &held_out.predictions),
    );
    println!("\nMeasured within the range (TTFT, TPOT, both):\n");
    println!("| band | in sample | leave one model out |");
    println!("|---|---|---|");
    let pct = |(a, b, c): (f64, f64, f64)| {
        format!("{:.0} %, {:.0} %, {:.0} %", a * 100.0, b * 100.0, c * 100.0)
    };
    println!(
        "| P10–P90 | {} | {} |",
        pct(band(10.0, 90.0)),
        pct(held_out.coverage_p10_p90)
    );
    println!(
        "| P5–P95 (the one shown) | {} | {} |",
        pct(band(5.0, 95.0)),
        pct(held_out.coverage_p5_p95)
    );
    Ok(())
}
