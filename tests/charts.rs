//! `inferplan chart`: SVGs that parse as XML and carry the engine's figures,
//! each kept as a golden file (an insta snapshot, reviewed).

mod common;

use common::{run, stderr, stdout};
use inferplan::engine::evaluate;
use inferplan::output::charts::{Kind, Options, svg};
use inferplan::plan::Plan;
use inferplan::store::plan_file::default_plan;
use inferplan::text::format as fmt;

const DATE: &str = "2026-11-27";
const OPTIONS: Options = Options {
    swing: inferplan::analysis::sensitivity::Swing::by(0.25),
    months: 12,
    migration: 5_000.0,
};

/// The built-in plan with the on-prem Qwen3-32B scenario growing 10 % a month.
fn growing() -> (Plan, usize) {
    let mut plan = default_plan();
    let row = plan
        .scenarios
        .iter()
        .position(|s| s.name == "C: enterprise, Qwen3-32B, on-prem")
        .unwrap();
    plan.scenarios[row].monthly_growth = 0.1;
    (plan, row)
}

/// The SVG's text, each `<text>` element's content trimmed, in order.
fn texts(doc: &str) -> Vec<String> {
    let xml = roxmltree::Document::parse(doc).expect("the SVG parses as XML");
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("width"), Some("960"));
    root.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().trim().to_string())
        .collect()
}

fn chart(plan: &Plan, row: usize, kind: Kind) -> String {
    let results = evaluate(plan, plan.settings.estimate);
    svg(plan, &results, row, kind, OPTIONS, DATE).unwrap()
}

fn has(texts: &[String], wanted: &str) {
    assert!(
        texts.iter().any(|t| t == wanted),
        "no text {wanted:?} in {texts:#?}"
    );
}

#[test]
fn the_cost_chart_names_the_scenario_plan_date_and_the_engines_break_even() {
    let (plan, row) = growing();
    let doc = chart(&plan, row, Kind::Cost);
    let texts = texts(&doc);
    has(
        &texts,
        "C: enterprise, Qwen3-32B, on-prem — monthly cost by volume",
    );
    has(
        &texts,
        "2026 open-model API prices vs self-hosting · 2026-11-27 · USD a month, GPU only · inferplan",
    );
    for legend in ["API", "self-host, cheap end", "self-host, dear end"] {
        has(&texts, legend);
    }
    has(&texts, "today 500M");
    // The engine's break-evens for this scenario: 238.1M and 9.52B tokens/day
    // (one replica at 2,000–4,000 against 8.4 USD per million tokens a day).
    let results = evaluate(&plan, plan.settings.estimate);
    let be = results.scenarios[row].gpu_only.break_even;
    for end in [be.low, be.high] {
        has(
            &texts,
            &format!("break-even {}", fmt::tokens(end.volume().unwrap())),
        );
    }
    has(&texts, "break-even 238.1M");
    insta::assert_snapshot!("cost_chart", doc);
}

#[test]
fn the_tornado_labels_each_bar_with_the_engines_differences_widest_first() {
    let (plan, row) = growing();
    let doc = chart(&plan, row, Kind::Tornado);
    let texts = texts(&doc);
    let results = evaluate(&plan, plan.settings.estimate);
    let t = inferplan::analysis::sensitivity::tornado(
        &plan,
        &results,
        row,
        inferplan::analysis::sensitivity::Swing::by(0.25),
    )
    .unwrap();
    assert!(t.bars.len() >= 5);
    // Bar labels in drawing order: widest (top) first.
    let labels: Vec<String> = t
        .bars
        .iter()
        .map(|b| format!("{} … {}", fmt::money(b.low), fmt::money(b.high)))
        .collect();
    let drawn: Vec<&String> = texts
        .iter()
        .filter(|t| t.contains(" … ") && !t.contains("each input"))
        .collect();
    assert_eq!(drawn, labels.iter().collect::<Vec<_>>());
    for b in &t.bars {
        has(
            &texts,
            &format!("{}{}", b.input, if b.flips { " *" } else { "" }),
        );
    }
    has(&texts, &format!("as planned {}", fmt::money(t.base)));
    insta::assert_snapshot!("tornado_chart", doc);
}

#[test]
fn the_timeline_marks_the_months_the_engine_says_self_hosting_paid_back() {
    let (plan, row) = growing();
    let doc = chart(&plan, row, Kind::Timeline);
    let texts = texts(&doc);
    let results = evaluate(&plan, plan.settings.estimate);
    let t = inferplan::analysis::insight::timeline(&plan, &results, row, 12, 5_000.0).unwrap();
    let cheap = t.paid_back.0.expect("pays back at the cheap end");
    has(&texts, &format!("paid back, cheap end: month {cheap}"));
    if let Some(dear) = t.paid_back.1 {
        has(&texts, &format!("paid back, dear end: month {dear}"));
    }
    has(&texts, "month (growth 10% a month, migration 5,000)");
    insta::assert_snapshot!("timeline_chart", doc);
}

#[test]
fn the_chart_command_writes_the_file_or_stdout_and_names_a_missing_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tornado.svg");
    let out = run(
        &[
            "chart",
            "--scenario",
            "B: growth-stage startup",
            "--kind",
            "tornado",
            "-o",
            path.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("wrote"), "{}", stdout(&out));
    let doc = std::fs::read_to_string(&path).unwrap();
    has(
        &texts(&doc),
        "B: growth-stage startup — what moves the difference most",
    );
    let piped = run(
        &["chart", "--scenario", "A: hobby project", "-o", "-"],
        None,
        None,
    );
    assert!(piped.status.success(), "{}", stderr(&piped));
    has(
        &texts(&stdout(&piped)),
        "A: hobby project — monthly cost by volume",
    );
    let missing = run(&["chart", "--scenario", "Z", "-o", "-"], None, None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("no scenario named \"Z\" in \"2026 open-model API prices vs self-hosting\"; it has \"A: hobby project\""),
        "{}",
        stderr(&missing)
    );
}

/// Each `<text>`'s box in pixels (left, top, right, bottom), estimated from
/// its font size and length (0.6 em a character, 1.2 em high), its anchor,
/// its baseline shift and a quarter turn.
fn text_boxes(doc: &str) -> Vec<(String, [f64; 4])> {
    let xml = roxmltree::Document::parse(doc).unwrap();
    xml.root_element()
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let num = |a: &str| n.attribute(a).unwrap_or("0").parse::<f64>().unwrap();
            let (x, y, size) = (num("x"), num("y"), num("font-size"));
            let text = n.text().unwrap_or_default().trim().to_string();
            let (w, h) = (text.chars().count() as f64 * 0.6 * size, 1.2 * size);
            let left = match n.attribute("text-anchor") {
                Some("middle") => x - w / 2.0,
                Some("end") => x - w,
                _ => x,
            };
            let top = match n.attribute("dy") {
                Some("0.76em") => y,
                Some("0.5ex") => y - h / 2.0,
                _ => y - h,
            };
            let b = match n.attribute("transform") {
                // Turned a quarter: it runs up, centred on its point.
                Some(t) if t.starts_with("rotate(270") => [x, y - w / 2.0, x + h, y + w / 2.0],
                _ => [left, top, left + w, top + h],
            };
            (text, b)
        })
        .collect()
}

/// No two labels overlap and none leaves the 960 × 540 canvas.
fn labels_apart_and_inside(doc: &str, what: &str) {
    let boxes = text_boxes(doc);
    for (text, b) in &boxes {
        assert!(
            b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= 960.0 && b[3] <= 540.0,
            "{what}: {text:?} at {b:?} leaves the canvas"
        );
    }
    for (i, (a, p)) in boxes.iter().enumerate() {
        for (b, q) in &boxes[i + 1..] {
            let apart = p[2] <= q[0] || q[2] <= p[0] || p[3] <= q[1] || q[3] <= p[1];
            assert!(apart, "{what}: {a:?} at {p:?} overlaps {b:?} at {q:?}");
        }
    }
}

#[test]
fn no_label_overlaps_another_or_leaves_the_canvas() {
    let (plan, row) = growing();
    for kind in Kind::ALL {
        labels_apart_and_inside(&chart(&plan, row, kind), kind.as_str());
    }
    // A payback in the last month shown, at the right edge: Qwen3-32B
    // on-prem without growth wins 2,200 a month back at the cheap end, so
    // 26,400 of migration is repaid in month 12 of 12.
    let (mut flat, row) = growing();
    flat.scenarios[row].monthly_growth = 0.0;
    let results = evaluate(&flat, flat.settings.estimate);
    for migration in [26_400.0, 2_200.0, 0.0] {
        let options = Options {
            migration,
            ..OPTIONS
        };
        let doc = svg(&flat, &results, row, Kind::Timeline, options, DATE).unwrap();
        labels_apart_and_inside(&doc, &format!("migration {migration}"));
    }
    let doc = svg(
        &flat,
        &results,
        row,
        Kind::Timeline,
        Options {
            migration: 26_400.0,
            ..OPTIONS
        },
        DATE,
    )
    .unwrap();
    has(&texts(&doc), "paid back, cheap end: month 12");
    // Every scenario of the built-in plan, each chart, over 12 and 36 months.
    let plan = default_plan();
    let results = evaluate(&plan, plan.settings.estimate);
    for row in 0..plan.scenarios.len() {
        for kind in Kind::ALL {
            for months in [12, 36] {
                let options = Options { months, ..OPTIONS };
                if let Ok(doc) = svg(&plan, &results, row, kind, options, DATE) {
                    labels_apart_and_inside(
                        &doc,
                        &format!("{} {} {months}", plan.scenarios[row].name, kind.as_str()),
                    );
                }
            }
        }
    }
}

#[test]
fn ends_that_coincide_get_one_label_and_one_legend_entry() {
    // The on-prem replica at one figure, 3,000: the cheap and dear ends are
    // one line, one break-even, one payback month. No growth, so one
    // replica throughout.
    let (mut plan, row) = growing();
    plan.scenarios[row].monthly_growth = 0.0;
    let tier = plan.scenarios[row].tier.clone().unwrap();
    let at = plan.gpu_tiers.iter().position(|t| t.id == tier).unwrap();
    plan.gpu_tiers[at].on_prem_monthly = Some(inferplan::base::money::Range::point(3_000.0));
    let cost = texts(&chart(&plan, row, Kind::Cost));
    assert_eq!(
        cost.iter().filter(|t| t.starts_with("break-even")).count(),
        1,
        "{cost:#?}"
    );
    has(&cost, "self-host");
    assert!(
        !cost
            .iter()
            .any(|t| t.contains("cheap end") || t.contains("dear end")),
        "{cost:#?}"
    );
    let timeline = texts(&chart(&plan, row, Kind::Timeline));
    // 5,000 + 3,000 m ≤ 4,200 m from m = 4.17: month 5.
    has(&timeline, "paid back: month 5");
    assert!(!timeline.iter().any(|t| t.contains("end")), "{timeline:#?}");
    labels_apart_and_inside(&chart(&plan, row, Kind::Cost), "one-figure cost");
    labels_apart_and_inside(&chart(&plan, row, Kind::Timeline), "one-figure timeline");
}
