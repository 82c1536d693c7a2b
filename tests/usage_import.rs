//! The usage import, told as the user's stories: a trace with known figures
//! fits back to them, two providers' reports of the same traffic agree, and
//! bad files say what is wrong with them.

use inferplan::import::usage::{
    ColumnMap, FitOptions, Format, Growth, ReadOptions, SkipReason, UsageError, Window, fit, read,
    read_trace,
};
use std::fs;

fn fixture(name: &str) -> String {
    fs::read_to_string(format!(
        "{}/tests/fixtures/usage/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn auto() -> ReadOptions {
    ReadOptions::default()
}

fn near(got: f64, truth: f64, rel: f64, what: &str) {
    assert!(
        (got / truth - 1.0).abs() <= rel,
        "{what}: got {got}, truth {truth} (±{:.1} %)",
        rel * 100.0
    );
}

// ---- a generated trace with known figures ----------------------------------

const DAYS: i64 = 60;
/// 2026-01-01T00:00:00Z.
const START_S: i64 = 1_767_225_600;
const MONTH_DAYS: f64 = 365.25 / 12.0;

/// Busy hours 09–17 UTC carry twice the load of the others.
fn weight(hour: i64) -> f64 {
    if (9..18).contains(&hour) { 2.0 } else { 1.0 }
}

/// Requests a minute, growing 5 % a month.
fn rate(minute: i64) -> f64 {
    let g = 1.05f64.ln() / MONTH_DAYS;
    0.8 * weight((minute / 60) % 24) * (g * minute as f64 / 1440.0).exp()
}

/// Low-discrepancy sizes (Weyl sequences), so sums over any window are close
/// to their expectation: input uniform on 100..2100, output on 50..450, 40 %
/// of input cached.
fn trace() -> String {
    let mut out = String::from("timestamp,model,input_tokens,output_tokens,cached_tokens\n");
    let (mut acc, mut k) = (0.0, 0u64);
    for minute in 0..DAYS * 1440 {
        acc += rate(minute);
        while acc >= 1.0 {
            acc -= 1.0;
            k += 1;
            let input = 100 + ((k as f64 * 0.618_033_988_75).fract() * 2000.0) as u64;
            let output = 50 + ((k as f64 * 0.414_213_562_37).fract() * 400.0) as u64;
            let cached = (input as f64 * 0.4).round() as u64;
            let t = START_S + minute * 60 + (k % 60) as i64;
            let model = if k % 4 == 0 {
                "Llama-3.1-8B"
            } else {
                "llama-3.1-70b"
            };
            out.push_str(&format!("{t},{model},{input},{output},{cached}\n"));
        }
    }
    out
}

#[test]
fn a_generated_trace_fits_back_to_the_figures_it_was_made_with() {
    let text = trace();
    let usage = read_trace("generated.csv", text.as_bytes(), &auto()).unwrap();
    assert_eq!(
        usage,
        read("generated.csv", &text, &auto()).unwrap(),
        "streaming and whole-text reads agree"
    );
    let f = fit(
        &usage,
        &FitOptions {
            model: None,
            window: Window::OneHour,
        },
    )
    .unwrap();

    let requests: f64 = (0..DAYS * 1440).map(rate).sum();
    let (mean_in, mean_out) = (1099.5, 249.5);
    near(f.span.days(), 60.0, 0.001, "span");
    near(
        f.requests_per_day.unwrap(),
        requests / 60.0,
        0.002,
        "requests a day",
    );
    near(
        f.tokens_per_day,
        requests * (mean_in + mean_out) / 60.0,
        0.01,
        "tokens a day",
    );
    near(
        f.output_share,
        mean_out / (mean_in + mean_out),
        0.01,
        "output share",
    );
    near(f.cached_share.unwrap(), 0.4, 0.005, "cached share");
    let pr = f.per_request.unwrap();
    near(pr.input.mean, mean_in, 0.01, "mean input");
    near(pr.output.mean, mean_out, 0.01, "mean output");
    near(pr.input.p50.unwrap(), 1100.0, 0.02, "p50 input");
    near(pr.input.p90.unwrap(), 1900.0, 0.02, "p90 input");
    near(pr.output.p50.unwrap(), 250.0, 0.02, "p50 output");
    near(pr.output.p90.unwrap(), 410.0, 0.02, "p90 output");

    // The busiest hour is a busy hour on the last day.
    let hourly: Vec<f64> = (0..DAYS * 24)
        .map(|h| (h * 60..h * 60 + 60).map(rate).sum())
        .collect();
    let truth = hourly.iter().cloned().fold(0.0, f64::max)
        / (hourly.iter().sum::<f64>() / hourly.len() as f64);
    near(
        f.peak.peak_over_average,
        truth,
        0.05,
        "peak over average (1 h)",
    );
    assert_eq!(f.peak.window_s, 3600);

    let profile = f.daily_profile.unwrap();
    for (h, share) in profile.iter().enumerate() {
        near(
            *share,
            weight(h as i64) / 33.0,
            0.03,
            &format!("share of hour {h}"),
        );
    }
    let day = f.two_level.unwrap();
    assert_eq!(day.peak_hours, 9);
    near(
        day.peak_to_average,
        2.0 / (33.0 / 24.0),
        0.02,
        "peak-hour level",
    );

    let Growth::Monthly {
        rate: g,
        low,
        high,
        days,
    } = f.growth
    else {
        panic!("no growth: {:?}", f.growth)
    };
    assert!((g - 0.05).abs() < 0.005, "growth {g}");
    assert!(
        low < 0.05 && 0.05 < high && high - low < 0.02,
        "range {low}..{high}"
    );
    assert!(days >= 59, "{days} days fitted");
    assert_eq!(
        f.provenance(),
        format!(
            "measured: generated.csv, 2026-01-01–2026-03-01, {} requests",
            thousands(f.totals.requests)
        )
    );
    assert!(f.skipped.total() == 0 && f.spend.is_none());
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    s.chars().enumerate().fold(String::new(), |mut o, (i, c)| {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            o.push(',');
        }
        o.push(c);
        o
    })
}

#[test]
fn one_model_is_fitted_by_its_name_in_any_case_and_a_stranger_is_refused() {
    let text = trace();
    let usage = read("generated.csv", &text, &auto()).unwrap();
    let all = fit(&usage, &FitOptions::default()).unwrap();
    let small = fit(
        &usage,
        &FitOptions {
            model: Some("LLAMA-3.1-8b"),
            window: Window::OneMinute,
        },
    )
    .unwrap();
    assert_eq!(small.model.as_deref(), Some("Llama-3.1-8B"));
    near(
        small.requests.unwrap() as f64,
        all.requests.unwrap() as f64 / 4.0,
        0.001,
        "a quarter of the requests",
    );
    assert!(
        small
            .provenance()
            .starts_with("measured: generated.csv, Llama-3.1-8B, 2026-01-01")
    );
    let e = fit(
        &usage,
        &FitOptions {
            model: Some("gpt-4o"),
            ..FitOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "generated.csv: no traffic for model `gpt-4o` (models in the file: Llama-3.1-8B, llama-3.1-70b)"
    );
}

#[test]
fn a_short_trace_says_it_is_too_short_for_growth() {
    let text = "timestamp,input_tokens,output_tokens\n2026-11-01T00:00:00Z,100,10\n2026-11-03T00:00:00Z,100,10\n";
    let f = fit(
        &read("short.csv", text, &auto()).unwrap(),
        &FitOptions::default(),
    )
    .unwrap();
    assert!(matches!(f.growth, Growth::TooShort { days } if (days - 2.0).abs() < 1e-9));
    assert!(
        f.notes
            .iter()
            .any(|n| n == "the file records no cached input")
    );
}

// ---- the providers' usage reports: the double-count trap --------------------

#[test]
fn openai_and_anthropic_reports_of_the_same_traffic_agree() {
    let oa = read(
        "openai.json",
        &fixture("openai_usage_completions.json"),
        &auto(),
    )
    .unwrap();
    let an = read(
        "anthropic.jsonl",
        &fixture("anthropic_usage_report.jsonl"),
        &auto(),
    )
    .unwrap();
    assert_eq!((oa.format, an.format), (Format::OpenAi, Format::Anthropic));
    let (o, a) = (
        fit(&oa, &FitOptions::default()).unwrap(),
        fit(&an, &FitOptions::default()).unwrap(),
    );
    // Over three days: 3,900,000 input in all (1,380,000 of it cached) and 870,000 output.
    near(
        o.tokens_per_day,
        (3_900_000.0 + 870_000.0) / 3.0,
        1e-9,
        "OpenAI tokens a day",
    );
    near(
        a.tokens_per_day,
        o.tokens_per_day,
        1e-9,
        "Anthropic tokens a day",
    );
    near(
        o.cached_share.unwrap(),
        1_380_000.0 / 3_900_000.0,
        1e-9,
        "OpenAI cached share",
    );
    near(
        a.cached_share.unwrap(),
        o.cached_share.unwrap(),
        1e-9,
        "Anthropic cached share",
    );
    near(a.output_share, o.output_share, 1e-9, "output share");
    assert_eq!(o.span.said(), "2026-11-01–2026-11-03");
    assert_eq!(a.span, o.span);

    // OpenAI counts requests (means only); Anthropic counts none.
    let pr = o.per_request.unwrap();
    assert_eq!((pr.input.p50, o.requests), (None, Some(4500)));
    assert!(o.notes.iter().any(|n| n.contains("means only")));
    assert_eq!((a.requests, a.per_request), (None, None));
    assert!(
        a.provenance()
            .ends_with("2026-11-01–2026-11-03, 4,770,000 tokens (no request count)"),
        "{}",
        a.provenance()
    );
    // Daily buckets bound the peak and allow no profile.
    assert_eq!(o.peak.window_s, 86_400);
    assert!(o.notes.iter().any(|n| n.contains("buckets are that wide")));
    assert!(o.daily_profile.is_none() && matches!(o.growth, Growth::TooShort { .. }));
    assert!(o.spend.is_none() && a.spend.is_none());
}

#[test]
fn a_report_forced_as_the_other_providers_is_refused() {
    let asked = ReadOptions {
        format: Format::OpenAi,
        columns: None,
    };
    let e = read("a.jsonl", &fixture("anthropic_usage_report.jsonl"), &asked).unwrap_err();
    assert!(
        e.to_string()
            .contains("looks like an Anthropic usage report"),
        "{e}"
    );
}

#[test]
fn a_report_model_is_chosen_case_insensitively() {
    let an = read("a.jsonl", &fixture("anthropic_usage_report.jsonl"), &auto()).unwrap();
    let f = fit(
        &an,
        &FitOptions {
            model: Some("Claude-3-5-Haiku-20241022"),
            ..Default::default()
        },
    )
    .unwrap();
    near(
        f.tokens_per_day,
        (900_000.0 + 270_000.0) / 3.0,
        1e-9,
        "haiku tokens a day",
    );
    near(
        f.cached_share.unwrap(),
        180_000.0 / 900_000.0,
        1e-9,
        "haiku cached share",
    );
}

// ---- LiteLLM spend logs -----------------------------------------------------

#[test]
fn litellm_spend_logs_read_the_same_as_csv_and_json() {
    for name in ["litellm_spend_logs.csv", "litellm_spend_logs.json"] {
        let usage = read(name, &fixture(name), &auto()).unwrap();
        assert_eq!(usage.format, Format::LitellmSpend, "{name}");
        assert_eq!(
            usage.skipped.count(SkipReason::ProxyCacheHit),
            1,
            "{name}: the response-cache hit is left out"
        );
        let f = fit(&usage, &FitOptions::default()).unwrap();
        assert_eq!(f.requests, Some(4), "{name}");
        near(
            f.spend.unwrap(),
            0.004625 + 0.00195 + 0.0123 + 0.0009,
            1e-9,
            "spend",
        );
        near(
            f.cached_share.unwrap(),
            (512.0 + 3000.0) / 5800.0,
            1e-9,
            "cached share from metadata.usage_object",
        );
        assert_eq!(f.totals.output, 750);
        assert_eq!(f.span.said(), "2026-11-20");
        assert!(matches!(f.growth, Growth::TooShort { .. }));
        let p = f.per_request.unwrap();
        near(p.input.p50.unwrap(), 500.0, 0.01, "p50 input");
        let gpt = fit(
            &usage,
            &FitOptions {
                model: Some("GPT-4O"),
                ..Default::default()
            },
        )
        .unwrap();
        near(gpt.spend.unwrap(), 0.006575, 1e-9, "gpt-4o spend");
    }
}

// ---- public request traces --------------------------------------------------

#[test]
fn an_azure_trace_reads_its_zoneless_times_as_utc() {
    let usage = read(
        "azure.csv",
        &fixture("azure_llm_inference_conv.csv"),
        &auto(),
    )
    .unwrap();
    assert_eq!(usage.format, Format::Trace);
    let f = fit(&usage, &FitOptions::default()).unwrap();
    assert_eq!(f.requests, Some(12));
    assert_eq!(f.totals.input, 9425);
    assert!(f.cached_share.is_none());
    assert!(
        f.notes
            .iter()
            .any(|n| n == "times without a zone were read as UTC")
    );
    assert_eq!(
        f.provenance(),
        "measured: azure.csv, 2023-11-16, 12 requests"
    );
    // 12 requests over 21 s: the first minute holds 9 of them.
    assert_eq!(f.peak.window_s, 60);
    assert!(f.daily_profile.is_none());
}

#[test]
fn a_mooncake_trace_counts_from_its_own_start() {
    let text = fixture("mooncake_trace.jsonl");
    let usage = read_trace("mooncake.jsonl", text.as_bytes(), &auto()).unwrap();
    assert_eq!(usage, read("mooncake.jsonl", &text, &auto()).unwrap());
    let f = fit(
        &usage,
        &FitOptions {
            model: None,
            window: Window::FiveMinutes,
        },
    )
    .unwrap();
    assert!(f.span.relative);
    assert_eq!(f.span.said(), "relative times, 60 min");
    assert_eq!(f.requests, Some(10));
    near(
        f.tokens_per_day,
        (f.totals.tokens() as f64) * 24.0 * 3600.0 / 3599.0,
        1e-9,
        "tokens a day over 3,599 s",
    );
    assert!(f.provenance().contains("relative times"));
    // Twelve 5-minute windows; the first holds 9 of the 10 requests.
    assert_eq!(f.peak.window_s, 300);
    let first: u64 = [6955, 6472, 6955, 6472, 6472, 6955, 7891, 2048, 12000]
        .iter()
        .sum::<u64>()
        + 52 * 3
        + 26 * 3
        + 70
        + 300
        + 12;
    near(
        f.peak.peak_over_average,
        first as f64 / (f.totals.tokens() as f64 / 12.0),
        1e-9,
        "peak over average",
    );
}

#[test]
fn a_mooncake_style_csv_with_small_integer_times_is_relative_too() {
    let text = "timestamp,input_length,output_length\n0,100,10\n500,200,20\n60000,300,30\n";
    let f = fit(
        &read("m.csv", text, &auto()).unwrap(),
        &FitOptions::default(),
    )
    .unwrap();
    assert!(f.span.relative && f.span.days() > 0.0);
}

#[test]
fn columns_can_be_named_when_the_header_is_unusual() {
    let text = "when,in,out,hit,llm\n2026-11-01T10:00:00+01:00,1000,100,250,m1\n2026-11-01T09:30:00Z,1000,100,750,m1\n";
    let options = ReadOptions {
        format: Format::Trace,
        columns: Some(
            ColumnMap::parse("timestamp=when,input=in,output=out,cached=hit,model=llm").unwrap(),
        ),
    };
    let f = fit(
        &read("odd.csv", text, &options).unwrap(),
        &FitOptions::default(),
    )
    .unwrap();
    near(f.cached_share.unwrap(), 0.5, 1e-9, "cached share");
    assert_eq!(
        f.span.days() * 1440.0,
        30.0,
        "10:00+01:00 is 09:00Z, half an hour before the other"
    );
    let e = read("odd.csv", text, &auto()).unwrap_err();
    assert!(
        matches!(
            e,
            UsageError::MissingColumn {
                role: "timestamp",
                ..
            }
        ),
        "{e}"
    );
}

// ---- bad rows and bad files -------------------------------------------------

#[test]
fn bad_rows_are_counted_by_reason_with_their_line_numbers() {
    let text = "timestamp,input_tokens,output_tokens,cached_tokens\n\
                2026-11-01T00:00:00Z,100,10,0\n\
                yesterday,100,10,0\n\
                2026-11-01T00:01:00Z,,10,0\n\
                2026-11-01T00:02:00Z,-5,10,0\n\
                2026-11-01T00:03:00Z,lots,10,0\n\
                2026-11-01T00:04:00Z,100,10,200\n\
                2026-13-01T00:05:00Z,100,10,0\n\
                2026-11-01T00:06:00Z,100\n\
                2026-11-01T00:07:00Z,100,10,5\n";
    let usage = read("bad.csv", text, &auto()).unwrap();
    let s = &usage.skipped;
    assert_eq!(usage.rows, 2);
    assert_eq!(s.total(), 7);
    assert_eq!(s.count(SkipReason::BadTime), 2);
    assert_eq!(s.count(SkipReason::MissingCount), 2);
    assert_eq!(s.count(SkipReason::NegativeCount), 1);
    assert_eq!(s.count(SkipReason::BadNumber), 1);
    assert_eq!(s.count(SkipReason::CachedOverInput), 1);
    assert_eq!(
        s.to_string(),
        "7 skipped: 2 with no readable time (lines 3, 8); 2 with a missing token count (lines 4, 9); \
         1 with a negative token count (line 5); 1 with a token count that is not a number (line 6); \
         1 with more cached tokens than input tokens (line 7)"
    );
}

#[test]
fn files_with_nothing_usable_say_why() {
    let e = |text: &str| read("x.csv", text, &auto()).unwrap_err().to_string();
    assert_eq!(e(""), "x.csv: the file is empty");
    assert_eq!(e("  \n\n"), "x.csv: the file is empty");
    assert_eq!(
        e("timestamp,input_tokens,output_tokens\n"),
        "x.csv: holds no usage rows"
    );
    assert_eq!(
        e("timestamp,input_tokens,output_tokens\nnever,1,1\n2026-11-01,-1,1\n"),
        "x.csv: no usable row (2 skipped: 1 with no readable time (line 2); 1 with a negative token count (line 3))"
    );
    assert!(
        e("date,prompt,answer\n1,2,3\n")
            .starts_with("x.csv: no timestamp column (looked for timestamp/time/")
    );
    assert_eq!(
        e("{\"data\": []}"),
        "x.csv: has a `data` list but no usage buckets (OpenAI's have start_time, Anthropic's starting_at)"
    );
    assert_eq!(e("[]"), "x.csv: is an empty JSON array");
    assert!(e("{not json").starts_with("x.csv: is not JSON"));
    let empty_page = r#"{"object":"page","data":[],"has_more":false,"next_page":null}"#;
    assert_eq!(e(empty_page), "x.csv: holds no usage rows");
    let stream = read_trace("x.csv", &b""[..], &auto()).unwrap_err();
    assert_eq!(stream.to_string(), "x.csv: the file is empty");
}

#[test]
fn format_and_window_names_parse_and_refuse_clearly() {
    assert_eq!(Format::parse("LiteLLM-Spend"), Ok(Format::LitellmSpend));
    assert_eq!(
        Format::parse("csv").unwrap_err(),
        "unknown usage format `csv` (one of auto, trace, openai, anthropic, litellm-spend)"
    );
    assert_eq!(Window::parse("15m"), Ok(Window::FifteenMinutes));
    assert!(Window::parse("2h").is_err());
}

#[test]
fn one_wild_timestamp_does_not_stall_the_fit() {
    // 1973 and 2026: half a million hours apart, fitted at once.
    let text = "timestamp,input_tokens,output_tokens\n1,10,1\n2026-11-01T00:00:00Z,100,10\n";
    let text = text.replace("\n1,", "\n100000000,");
    let f = fit(
        &read("wild.csv", &text, &auto()).unwrap(),
        &FitOptions::default(),
    )
    .unwrap();
    assert!(f.span.days() > 19_000.0, "1973 to 2026");
    assert!(
        f.notes
            .iter()
            .any(|n| n.contains("days without traffic were left out"))
    );
}
