//! Engine recompute on a large plan: the work one keystroke triggers.
//! Run with `cargo bench --bench engine`.

use criterion::{Criterion, criterion_group, criterion_main};
use inferplan::analysis::input::ScenarioInput;
use inferplan::analysis::sensitivity::Swing;
use inferplan::analysis::uncertainty::Draws;
use inferplan::base::money::Estimate;
use inferplan::engine::evaluate;
use inferplan::store::plan_file::synthetic_plan;
use std::hint::black_box;

fn recompute(c: &mut Criterion) {
    let plan = synthetic_plan(2000, 200);
    assert!(inferplan::engine::validate(&plan).is_empty());
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
    assert!(inferplan::engine::validate(&hybrid).is_empty());
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
    let built_in = inferplan::store::plan_file::default_plan();
    c.bench_function("evaluate built-in plan", |b| {
        b.iter(|| evaluate(black_box(&built_in), Estimate::Range))
    });
}

criterion_group!(benches, recompute);
criterion_main!(benches, split, decisions, files);

fn parts(c: &mut Criterion) {
    let models_only = synthetic_plan(2000, 0);
    c.bench_function("evaluate 2000 models, 0 scenarios", |b| {
        b.iter(|| evaluate(black_box(&models_only), Estimate::Range))
    });
}

criterion_group!(split, parts);

/// Decision insight on the benchmark plan: goal seek, a tornado and a
/// 10,000-draw Monte Carlo run, for one scenario and for all 200.
fn insight(c: &mut Criterion) {
    let plan = synthetic_plan(2000, 200);
    let results = evaluate(&plan, Estimate::Range);
    let priced: Vec<usize> = (0..plan.scenarios.len())
        .filter(|&i| results.scenarios[i].missing.is_none())
        .collect();
    let one = priced[0];
    c.bench_function("goal seek: one scenario, target_utilization", |b| {
        b.iter(|| {
            inferplan::analysis::solve::solve(
                &plan,
                &results,
                black_box(one),
                &ScenarioInput::Utilization,
            )
        })
    });
    c.bench_function("goal seek: 200 scenarios, output_per_mtok", |b| {
        b.iter(|| {
            for &i in &priced {
                let _ = inferplan::analysis::solve::solve(
                    &plan,
                    &results,
                    black_box(i),
                    &ScenarioInput::OutputPrice,
                );
            }
        })
    });
    c.bench_function("tornado: one scenario, ±25 %", |b| {
        b.iter(|| {
            inferplan::analysis::sensitivity::tornado(
                &plan,
                &results,
                black_box(one),
                Swing::by(0.25),
            )
        })
    });
    c.bench_function("tornado: 200 scenarios, ±25 %", |b| {
        b.iter(|| {
            for &i in &priced {
                black_box(inferplan::analysis::sensitivity::tornado(
                    &plan,
                    &results,
                    i,
                    Swing::by(0.25),
                ));
            }
        })
    });
    c.bench_function("monte carlo: one scenario, 10,000 draws", |b| {
        b.iter(|| {
            inferplan::analysis::uncertainty::run(&plan, &results, black_box(one), Draws::default())
        })
    });
    c.bench_function("monte carlo: 200 scenarios, 10,000 draws each", |b| {
        b.iter(|| {
            for &i in &priced {
                black_box(inferplan::analysis::uncertainty::run(
                    &plan,
                    &results,
                    i,
                    Draws::default(),
                ));
            }
        })
    });
}

criterion_group!(decisions, insight);

/// A save of a large plan over its file: merged with the file's comments,
/// read back to prove it is the plan, written atomically.
fn saving(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let mut plan = synthetic_plan(2000, 200);
    inferplan::store::plan_file::save(&plan, &path).unwrap();
    let mut i = 0u64;
    c.bench_function("save 2000 models + 200 scenarios over its file", |b| {
        b.iter(|| {
            i += 1;
            plan.scenarios[100].tokens_per_day = 50_000_000 + i;
            inferplan::store::plan_file::save(black_box(&plan), &path).unwrap()
        })
    });
}

criterion_group!(files, saving);
