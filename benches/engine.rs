//! Engine recompute on a large plan: the work one keystroke triggers.
//! Run with `cargo bench --bench engine`.

use criterion::{Criterion, criterion_group, criterion_main};
use inferplan::engine::evaluate;
use inferplan::money::Estimate;
use inferplan::plan::synthetic_plan;
use std::hint::black_box;

fn recompute(c: &mut Criterion) {
    let plan = synthetic_plan(2000, 200);
    assert!(inferplan::plan::validate(&plan).is_empty());
    c.bench_function("evaluate 2000 models + 200 scenarios", |b| {
        b.iter(|| evaluate(black_box(&plan), Estimate::Range))
    });
    let mut reused = evaluate(&plan, Estimate::Range);
    c.bench_function(
        "evaluate_into 2000 models + 200 scenarios (buffers reused)",
        |b| {
            b.iter(|| {
                inferplan::engine::evaluate_into(black_box(&plan), Estimate::Range, &mut reused)
            })
        },
    );
    // Every scenario also priced as a hybrid, with overheads counted.
    let mut hybrid = plan.clone();
    hybrid.settings.include_overheads = true;
    for s in &mut hybrid.scenarios {
        s.peak_hours = Some(24.0 / s.peak_to_average.max(1.0) / 2.0);
    }
    assert!(inferplan::plan::validate(&hybrid).is_empty());
    let mut reused_hybrid = evaluate(&hybrid, Estimate::Range);
    c.bench_function(
        "evaluate_into 2000 models + 200 hybrid scenarios (buffers reused)",
        |b| {
            b.iter(|| {
                inferplan::engine::evaluate_into(
                    black_box(&hybrid),
                    Estimate::Range,
                    &mut reused_hybrid,
                )
            })
        },
    );
    let built_in = inferplan::plan::default_plan();
    c.bench_function("evaluate built-in plan", |b| {
        b.iter(|| evaluate(black_box(&built_in), Estimate::Range))
    });
}

criterion_group!(benches, recompute);
criterion_main!(benches, split);

fn parts(c: &mut Criterion) {
    let models_only = synthetic_plan(2000, 0);
    c.bench_function("evaluate 2000 models, 0 scenarios", |b| {
        b.iter(|| evaluate(black_box(&models_only), Estimate::Range))
    });
}

criterion_group!(split, parts);
