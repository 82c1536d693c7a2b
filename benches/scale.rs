//! Plans a hundred times today's: generated plans of 1k, 10k and 100k
//! scenarios and one of 5,000 models, through what a headless command does
//! (read the file, check it, evaluate, write the report as a table or
//! JSON, compare two plans) and the planner's first frame. The figures the
//! README's performance section states. Run with `cargo bench --bench scale`.

use criterion::{Criterion, criterion_group, criterion_main};
use inferplan::engine::evaluate;
use inferplan::output::report::{Format, render};
use inferplan::store::plan_file::{from_toml, synthetic_plan, to_toml};
use inferplan::tui::app::{Action, App, update};
use inferplan::tui::terminal::render_to_text;
use std::hint::black_box;
use std::time::Duration;

/// The plans measured: a name, the models and the scenarios.
const SIZES: [(&str, usize, usize); 4] = [
    ("1k scenarios", 10, 1_000),
    ("10k scenarios", 10, 10_000),
    ("100k scenarios", 10, 100_000),
    ("5,000 models", 5_000, 200),
];

fn headless(c: &mut Criterion) {
    for (name, models, scenarios) in SIZES {
        let plan = synthetic_plan(models, scenarios);
        let text = to_toml(&plan);
        let mut group = c.benchmark_group(format!("{name} ({} KB)", text.len() / 1024));
        // The big plans take seconds an iteration: few samples, long enough.
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if scenarios > 10_000 { 30 } else { 8 }));
        group.bench_function("read the file", |b| {
            b.iter(|| from_toml(black_box(&text), "plan.toml").unwrap())
        });
        group.bench_function("check (read + every rule)", |b| {
            b.iter(|| {
                inferplan::engine::validate(&from_toml(black_box(&text), "plan.toml").unwrap())
            })
        });
        let results = evaluate(&plan, plan.settings.estimate);
        group.bench_function("evaluate", |b| {
            b.iter(|| evaluate(black_box(&plan), plan.settings.estimate))
        });
        for format in [Format::Table, Format::Json] {
            group.bench_function(format!("report as {format:?}"), |b| {
                b.iter(|| render(black_box(&plan), &results, format))
            });
        }
        let mut dearer = plan.clone();
        for m in &mut dearer.models {
            m.output_per_mtok = m.output_per_mtok.map(|p| p * 1.1);
        }
        group.bench_function("compare with a 10 % dearer API", |b| {
            b.iter(|| {
                let diff =
                    inferplan::compare::compare(black_box(&plan), &dearer, plan.settings.estimate);
                inferplan::output::compare::render(
                    &diff,
                    inferplan::output::compare::CompareFormat::Table,
                )
            })
        });
        if scenarios <= 10_000 {
            group.bench_function("planner's first frame (state + 160x48 draw)", |b| {
                b.iter(|| {
                    let mut app = App::new(black_box(plan.clone()), None);
                    let _ = update(&mut app, Action::Resize(160, 48));
                    render_to_text(&app, 160, 48)
                })
            });
        }
        group.finish();
    }
}

/// The parsers a plan file could be read with, on the 10k-scenario plan:
/// what reading it costs with each, beside what inferplan's reading does
/// (the `toml` crate's serde read in parts, spans kept for errors).
fn parsers(c: &mut Criterion) {
    let text = to_toml(&synthetic_plan(10, 10_000));
    let mut group = c.benchmark_group(format!("parsers, 10k scenarios ({} KB)", text.len() / 1024));
    group.sample_size(20);
    group.bench_function("inferplan's read (toml serde, in parts)", |b| {
        b.iter(|| from_toml(black_box(&text), "plan.toml").unwrap())
    });
    group.bench_function("toml: to a toml::Table", |b| {
        b.iter(|| toml::from_str::<toml::Table>(black_box(&text)).unwrap())
    });
    group.bench_function("toml: borrowed DeTable::parse", |b| {
        b.iter(|| toml::de::DeTable::parse(black_box(&text)).unwrap())
    });
    group.bench_function("toml_edit: DocumentMut", |b| {
        b.iter(|| black_box(&text).parse::<toml_edit::DocumentMut>().unwrap())
    });
    group.bench_function("toml_edit: ImDocument (no mutation)", |b| {
        b.iter(|| toml_edit::Document::parse(black_box(text.as_str())).unwrap())
    });
    group.finish();
}

criterion_group!(benches, headless, parsers);
criterion_main!(benches);
