//! A day's shape, priced hour by hour (issue 20, point 4), worked out by
//! hand on `tests/fixtures/day-plan.toml`: 240M tokens a day, nights at 2 %
//! of them an hour (hours 0–7), working hours at 6 % (8–15), evenings at
//! 4.5 % (16–23); a replica serves 100M a day at full utilization and costs
//! $2 a GPU hour; the API costs $1 per million tokens, half price from
//! 16:30 to 00:30 UTC; 30-day months.

use inferplan::base::money::{Estimate, Range};
use inferplan::engine::day::{self, HOURS};
use inferplan::engine::ledger::{Item, Per};
use inferplan::engine::{BreakEven, Cheapest, evaluate};
use inferplan::plan::Plan;
use inferplan::store::plan_file::from_toml;

fn plan() -> Plan {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/day-plan.toml"),
    )
    .unwrap();
    from_toml(&text, "day-plan.toml").expect("the fixture reads")
}

fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

#[test]
fn the_off_peak_window_bills_the_tokens_the_profile_puts_in_it_at_half_price() {
    // In the window: half of hour 16 and hours 17–23 at 4.5 %, half of
    // hour 0 at 2 %: 0.0225 + 0.315 + 0.01 = 34.75 % of the tokens, at half
    // price: 17.375 % off. 240M × 30 × $1/M = $7,200 → $5,949.
    let plan = plan();
    let r = evaluate(&plan, Estimate::Range);
    for s in &r.scenarios {
        assert_eq!(cents(s.api.low), 594_900);
        assert_eq!(s.api.low, s.api.high);
        let line = s.ledger.lines.iter().find(|l| l.item == Item::OffPeak);
        let line = line.expect("an off-peak line");
        assert!((line.count.cheap + 0.17375).abs() < 1e-12, "{line:?}");
        assert_eq!(cents(line.amount.low), -125_100);
    }
}

#[test]
fn replicas_kept_on_are_billed_at_the_busiest_hour() {
    // The busiest hour holds 6 % of the day: 1.44× the mean rate, above the
    // scenario's peak/average of 1. Hour h needs ceil(240M × 1.44 ×
    // (share_h / 6 %) / 100M): nights ceil(1.152) = 2, working hours
    // ceil(3.456) = 4, evenings ceil(2.592) = 3. Billed at 4 all day:
    // 4 × $2 × 730 h = $5,840.
    let plan = plan();
    let s = &plan.scenarios[0];
    assert!((day::peak_factor(s) - 1.44).abs() < 1e-12);
    let r = evaluate(&plan, Estimate::Range);
    let on = &r.scenarios[0];
    assert_eq!(on.replicas, 4);
    assert_eq!(on.gpu_only.self_host, Range::point(5_840.0));
    let schedule = day::schedule(&plan, s, on).expect("a day's schedule");
    let mut want = [2; HOURS];
    want[8..16].fill(4);
    want[16..].fill(3);
    assert_eq!(schedule.replicas.map(|n| n.dear), want);
    assert_eq!(schedule.billed, 4);
    assert!(!schedule.autoscaled);
}

#[test]
fn a_scale_to_zero_tier_bills_the_replica_hours_its_schedule_uses_and_a_lead_per_start() {
    // A replica-hour serves 100M / 24 = 4.1667M tokens. Nights 4.8M an hour
    // need 2, working hours 14.4M need 4, evenings 10.8M need 3: 8 × (2 +
    // 4 + 3) = 72 replica-hours a day. The schedule starts 2 replicas at
    // 08:00 (2 → 4) and none else (4 → 3 at 16:00, 3 → 2 at 00:00), each
    // billed 30 minutes before it serves: 1 replica-hour more a day. A
    // replica-hour a day costs $2 × 30 days = $60 a month: 72 × 60 + 2 ×
    // 0.5 × 60 = $4,380. (Spread evenly, ceil(240M / 4.1667M) = 58 would
    // cost $3,480: the hours round up one by one.)
    let plan = plan();
    let r = evaluate(&plan, Estimate::Range);
    let auto = &r.scenarios[1];
    assert_eq!(auto.replicas, 72);
    assert_eq!(auto.gpu_only.self_host, Range::point(4_380.0));
    let lead = auto.ledger.lines.iter().find(|l| l.item == Item::ScaleUp);
    let lead = lead.expect("a scale-up line");
    assert_eq!((lead.per, lead.count.cheap), (Per::Start, 2.0));
    assert_eq!(lead.amount, Range::point(60.0));
    let schedule = day::schedule(&plan, &plan.scenarios[1], auto).unwrap();
    assert!(schedule.autoscaled);
    assert_eq!(schedule.replicas.iter().map(|n| n.dear).sum::<u64>(), 72);
    assert_eq!(schedule.starts.dear, 2);
}

#[test]
fn the_hybrid_follows_the_profile_and_bills_its_overflow_at_each_hours_price() {
    // K replicas serve 4.1667M an hour each. K = 2 (8.333M an hour): the
    // nights are covered; working hours leave 8 × 6.0667M = 48.533M at full
    // price; evenings 2.4667M an hour, hour 16 at 75 % (half its hour off
    // peak), 17–23 at 50 %: 1.85M + 8.6333M. 59.0167M × 30 × $1/M =
    // $1,770.50, plus 2 × $1,460 = $4,690.50. K = 1 costs $4,909, K = 3
    // $4,836, K = 0 the API's $5,949, K = 4 all self-hosted $5,840.
    let plan = plan();
    let r = evaluate(&plan, Estimate::Range);
    let h = r.scenarios[0].hybrid.expect("a hybrid from the profile");
    assert_eq!(h.replicas, (2, 2));
    assert_eq!(cents(h.monthly.low), 469_050);
    assert_eq!(cents(h.api.low), 177_050);
    assert_eq!(r.scenarios[0].cheapest, Some(Cheapest::Hybrid));
    // A bill that already follows the volume has no hybrid.
    assert_eq!(r.scenarios[1].hybrid, None);
}

#[test]
fn the_break_evens_of_an_hour_by_hour_bill_hold_for_every_larger_volume() {
    let plan = plan();
    let r = evaluate(&plan, Estimate::Range);
    for s in &r.scenarios {
        let c = &s.gpu_only;
        let BreakEven::At(be) = c.break_even.low else {
            panic!("{} has a break-even", s.tier)
        };
        let curve = &c.curve;
        let api = |v: f64| curve.api_at(v);
        for k in 0..2_000 {
            let v = be * (1.0 + k as f64 * 0.01);
            assert!(
                curve.self_host_at(v).low <= api(v) + 1e-6,
                "{} at {v}",
                s.tier
            );
        }
        // Just below it, self-hosting is still dearer.
        assert!(curve.self_host_at(be * (1.0 - 1e-9)).low > api(be * (1.0 - 1e-9)));
        let BreakEven::At(first) = c.first_cheaper.low else {
            panic!("a first cheaper volume")
        };
        assert!(first <= be);
        assert!(curve.self_host_at(first).low <= api(first) + 1e-6);
        for k in 1..1_000 {
            let v = first * k as f64 / 1_000.0;
            assert!(curve.self_host_at(v).low > api(v), "{} at {v}", s.tier);
        }
    }
}

#[test]
fn without_a_profile_the_figures_are_what_they_were() {
    let mut plan = plan();
    for s in &mut plan.scenarios {
        s.hourly_profile = None;
    }
    plan.models[0].off_peak = None;
    let r = evaluate(&plan, Estimate::Range);
    // ceil(240M / 100M) = 3 replicas on; ceil(57.6) = 58 busy hours.
    assert_eq!(r.scenarios[0].replicas, 3);
    assert_eq!(r.scenarios[1].replicas, 58);
    assert_eq!(r.scenarios[1].gpu_only.self_host, Range::point(3_480.0));
    assert_eq!(r.scenarios[0].api, Range::point(7_200.0));
    assert_eq!(r.scenarios[0].hybrid, None);
}

#[test]
fn the_planner_and_the_svg_chart_show_the_day_hour_by_hour() {
    use inferplan::output::charts::{Kind, Options, svg};
    use inferplan::tui::app::{Action, App, Tab};
    use inferplan::tui::terminal::{render_to_text, step};
    let plan = plan();
    let mut app = App::new(plan.clone(), None);
    step(&mut app, Action::Resize(120, 40));
    step(&mut app, Action::SelectTab(Tab::Scenarios));
    for _ in 0..3 {
        step(&mut app, Action::NextChart);
    }
    assert_eq!(app.chart, Kind::Day);
    let frame = render_to_text(&app, 120, 40);
    assert!(
        frame.contains("billed at 4 replicas all day: what the busiest hour (08:00) needs"),
        "{frame}"
    );
    insta::assert_snapshot!("day_view", frame);
    // The explanation says what the profile did.
    step(&mut app, Action::SelectRow(1));
    step(&mut app, Action::ToggleExplain);
    let frame = render_to_text(&app, 120, 40);
    assert!(
        frame.contains("replicas hour by hour from 00:00: 2 2 2 2 2 2 2 2 4 4 4 4 4 4 4 4 3 3"),
        "{frame}"
    );
    assert!(
        frame.contains("2 started a day, each billed 30 min"),
        "{frame}"
    );
    // The SVG: a bar an hour in each panel, and the same sentence.
    let results = evaluate(&plan, plan.settings.estimate);
    let options = Options {
        swing: inferplan::analysis::sensitivity::Swing::by(0.25),
        months: 12,
        migration: 0.0,
    };
    let doc = svg(&plan, &results, 1, Kind::Day, options, "2026-12-04").unwrap();
    assert!(
        doc.contains("72 replica-hours a day, 2 to 4 at once"),
        "{doc}"
    );
    assert!(doc.contains("16:30–00:30 UTC at 50% off"));
}

#[test]
fn report_json_writes_the_day_hour_by_hour() {
    use inferplan::output::report::{Format, render};
    let plan = plan();
    let results = evaluate(&plan, plan.settings.estimate);
    let out = render(&plan, &results, Format::Json);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let day = &json["scenarios"][1]["day"];
    assert_eq!(day["billing"], "autoscaled");
    assert_eq!(day["billed"], 72);
    assert_eq!(day["replicas_started_a_day"], 2);
    assert_eq!(day["replicas_by_hour"][8], 4);
    // Hour 0: 4.8M tokens, half of it off-peak: 144 × 0.75 = 108 a month.
    assert_eq!(day["api_monthly_by_hour"][0], 108.0);
    assert_eq!(json["scenarios"][0]["day"]["billing"], "kept-on");
}

#[test]
fn latency_limits_hold_an_autoscaled_schedule_hour_by_hour() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/day-limits-plan.toml"),
    )
    .unwrap();
    let plan = from_toml(&text, "day-limits-plan.toml").unwrap();
    let r = evaluate(&plan, Estimate::Range);
    let (limited, by_volume) = (&r.scenarios[0], &r.scenarios[1]);
    // Each hour holds what the queue at its own rate needs: 2B × 6 % an
    // hour at 08:00, 2B × 2 % at 00:00 (fewer requests pool less, so the
    // quiet hours need more over their tokens than the busy ones).
    let need = |share: f64| {
        inferplan::engine::capacity::held_to_limits_at(
            &plan.gpu_tiers[0],
            Some(&plan.models[0]),
            &plan.scenarios[0],
            Estimate::Range,
            2e9 * share * 24.0,
        )
        .expect("the limits need replicas")
    };
    let day = day::schedule(&plan, &plan.scenarios[0], limited).unwrap();
    assert_eq!(day.replicas[8], need(0.06));
    assert_eq!(day.replicas[0], need(0.02));
    assert_eq!(day.replicas[20], need(0.045));
    assert!(limited.replicas.dear > by_volume.replicas.dear);
    // What the volume alone would bill is said beside it.
    let alone = limited.replicas_by_volume.expect("raised by the limits");
    assert!(alone.dear < limited.replicas.dear);
}
