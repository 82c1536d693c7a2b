//! Any bytes as a plan file: reading never panics, and a plan that reads
//! evaluates to finite figures, renders in every format, and writes back to
//! an equal plan.
#![no_main]

use inferplan::engine::evaluate;
use inferplan::base::money::Estimate;
use inferplan::store::plan_file::{from_toml, to_toml};
use inferplan::output::report::{Format, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(plan) = from_toml(text, "fuzz.toml") else {
        return;
    };
    for estimate in [Estimate::Range, Estimate::Mid] {
        let results = evaluate(&plan, estimate);
        for s in &results.scenarios {
            assert!(s.api.low.is_finite() && s.api.high.is_finite());
        }
        for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json] {
            let _ = render(&plan, &results, format);
        }
    }
    let written = to_toml(&plan);
    let again = from_toml(&written, "written.toml").expect("a plan written reads back");
    assert_eq!(again, plan, "a plan written reads back equal");
});
