//! `inferplan import`: every format read from fixtures we wrote (no entry
//! copied from a real catalog), golden summaries, matching across sellers
//! and catalogs, provenance through save and load, and nothing written
//! unless the whole import succeeds.

mod common;

use common::{run, stderr, stdout};
use inferplan::base::date::Date;
use inferplan::import::{self, Format, Input, Options, Pick};
use inferplan::plan::{self, Source};
use inferplan::store::plan_file;
use inferplan::store::plan_file::default_plan;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `inferplan import FORMAT FILES --dry-run`, dated so the summary is stable.
fn dry_run(format: &str, files: &[&str], extra: &[&str]) -> String {
    let paths: Vec<String> = files.iter().map(|f| fixture(f)).collect();
    let mut args = vec!["import", format];
    args.extend(paths.iter().map(String::as_str));
    args.extend(["--dry-run", "--as-of", "2026-11-20"]);
    args.extend(extra);
    let out = run(&args, None, None);
    assert!(out.status.success(), "{}", stderr(&out));
    // Fixture paths differ per machine; the summary names them by file.
    stdout(&out).replace(&fixture(""), "")
}

#[test]
fn each_format_reads_its_fixture() {
    insta::assert_snapshot!("litellm", dry_run("litellm", &["litellm.json"], &[]));
    insta::assert_snapshot!(
        "openrouter",
        dry_run("openrouter", &["openrouter.json"], &[])
    );
    insta::assert_snapshot!(
        "openrouter_bare",
        dry_run("openrouter", &["openrouter-bare.json"], &[])
    );
    insta::assert_snapshot!(
        "models_dev",
        dry_run("models.dev", &["models-dev.json"], &[])
    );
    insta::assert_snapshot!(
        "genai_prices",
        dry_run("genai-prices", &["genai-prices.json"], &[])
    );
    insta::assert_snapshot!("csv", dry_run("csv", &["prices.csv"], &[]));
    insta::assert_snapshot!("fsdl", dry_run("gpu-offers", &["fsdl-gpus.csv"], &[]));
    insta::assert_snapshot!(
        "skypilot_spot_new_tiers",
        dry_run(
            "gpu-offers",
            &["skypilot-vms.csv"],
            &["--spot", "--new-tiers"]
        )
    );
    insta::assert_snapshot!(
        "vllm_under_500ms",
        dry_run(
            "vllm-bench",
            &["vllm-c8.json", "vllm-c32.json", "vllm-c64.json"],
            &["--p99-e2el-ms", "500", "--tier", "70-72b"],
        )
    );
}

fn inputs(files: &[&str]) -> Vec<Input> {
    files
        .iter()
        .map(|f| Input {
            name: f.to_string(),
            text: std::fs::read_to_string(fixture(f)).unwrap(),
        })
        .collect()
}

fn options(pick: Pick) -> Options {
    let mut o = Options::new(Date::parse("2026-11-27").unwrap());
    o.as_of = Date::parse("2026-11-20").unwrap();
    o.pick = pick;
    o.only = Some("llama-3.3".into());
    o
}

#[test]
fn one_model_across_three_sellers_and_two_catalogs() {
    // Llama 3.3 70B: LiteLLM lists it at together_ai (0.88 out), deepinfra
    // (0.39) and groq (0.79, spelled acme-llama-3.3-70b-versatile);
    // models.dev at deepinfra again (0.38, cheaper: kept for deepinfra).
    let files = inputs(&["litellm.json", "models-dev.json"]);
    let plan = default_plan();
    let cheapest = import::import(Format::Auto, &files, &plan, &options(Pick::Cheapest)).unwrap();
    let added: Vec<_> = cheapest.plan.models[plan.models.len()..].iter().collect();
    let llama: Vec<_> = added.iter().filter(|m| m.name == "llama-3.3-70b").collect();
    assert_eq!(llama.len(), 1, "{added:#?}");
    let m = llama[0];
    let offers = m.offers.as_ref().unwrap();
    assert_eq!(offers.providers, 3);
    assert_eq!(
        (offers.output_per_mtok.low, offers.output_per_mtok.high),
        (0.38, 0.86)
    );
    assert_eq!(
        (m.output_per_mtok, offers.provider.as_str()),
        (Some(0.38), "deepinfra")
    );
    assert_eq!(m.tier, "70-72b");
    assert_eq!(m.tier_is, Source::Guessed("70B in the name".into()));
    let median = import::import(Format::Auto, &files, &plan, &options(Pick::Median)).unwrap();
    let m = median.plan.model("llama-3.3-70b").unwrap();
    // Sorted by output: deepinfra 0.38, groq 0.78, together 0.86: groq.
    assert_eq!(
        (
            m.output_per_mtok,
            m.offers.as_ref().unwrap().provider.as_str()
        ),
        (Some(0.78), "groq")
    );
    let groq = import::import(
        Format::Auto,
        &files,
        &plan,
        &options(Pick::Provider("together_ai".into())),
    )
    .unwrap();
    assert_eq!(
        groq.plan.model("llama-3.3-70b").unwrap().output_per_mtok,
        Some(0.86)
    );
}

fn plan_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, plan::DEFAULT_PLAN_TOML).unwrap();
    (dir, path)
}

#[test]
fn import_save_load_keeps_provenance_and_a_second_import_changes_nothing() {
    let (_dir, path) = plan_file();
    let into = path.to_str().unwrap();
    let file = fixture("litellm.json");
    let args = [
        "import",
        "litellm",
        &file,
        "--into",
        into,
        "--as-of",
        "2026-11-20",
    ];
    let first = run(&args, None, None);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("Wrote"), "{}", stdout(&first));
    let saved = std::fs::read_to_string(&path).unwrap();
    // The built-in plan's comments survive the save.
    assert!(saved.contains("# ---- GPU tiers"), "{saved}");
    let plan = plan_file::load(&path).unwrap();
    let m = plan.model("coder-32b").unwrap();
    assert_eq!(
        m.output_is,
        Source::Imported("litellm litellm.json 2026-11-20".into())
    );
    assert_eq!(m.prices_as_of, Date::parse("2026-11-20").ok());
    assert_eq!(m.tier_is, Source::Guessed("32B in the name".into()));
    let second = run(&args, None, None);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second).contains("is unchanged"),
        "{}",
        stdout(&second)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
}

#[test]
fn an_existing_model_is_updated_old_to_new() {
    let (dir, path) = plan_file();
    let csv = dir.path().join("prices.csv");
    std::fs::write(
        &csv,
        "name,input_per_mtok,output_per_mtok\nqwen/qwen3-32b-instruct,0.1,0.3\n",
    )
    .unwrap();
    let out = run(
        &[
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--into",
            path.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Qwen3-32B: output 0.28 → 0.30, input 0.28 → 0.10 $/M"),
        "{}",
        stdout(&out)
    );
    let m = plan_file::load(&path).unwrap();
    let m = m.model("Qwen3-32B").unwrap();
    assert_eq!(
        (m.input_per_mtok, m.output_per_mtok),
        (Some(0.1), Some(0.3))
    );
}

#[test]
fn bad_files_get_a_message_and_nothing_is_written() {
    let (dir, path) = plan_file();
    let before = std::fs::read_to_string(&path).unwrap();
    let into = path.to_str().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"x/model\": {\"litellm_provider\": \"x\", ").unwrap();
    let cases = [
        (
            "litellm",
            broken.to_str().unwrap().to_string(),
            "not a LiteLLM price file",
        ),
        (
            "litellm",
            fixture("openrouter.json"),
            "looks like a openrouter file",
        ),
        (
            "openrouter",
            fixture("litellm.json"),
            "looks like a litellm file",
        ),
        (
            "gpu-offers",
            fixture("prices.csv"),
            "needs a GPU type column",
        ),
        (
            "vllm-bench",
            fixture("litellm.json"),
            "total_token_throughput",
        ),
    ];
    for (format, file, says) in cases {
        let out = run(&["import", format, &file, "--into", into], None, None);
        assert_eq!(out.status.code(), Some(1), "{format} {file}");
        assert!(stderr(&out).contains(says), "{format}: {}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    }
    let strict = run(
        &[
            "import",
            "vllm-bench",
            &fixture("vllm-c64.json"),
            "--tier",
            "70-72b",
            "--p99-e2el-ms",
            "500",
            "--into",
            into,
        ],
        None,
        None,
    );
    assert!(
        stderr(&strict).contains("no run meets the p99 end-to-end limit of 500 ms"),
        "{}",
        stderr(&strict)
    );
}

#[test]
fn dated_prices_take_the_one_in_force_on_the_day() {
    let files = inputs(&["genai-prices.json"]);
    let plan = default_plan();
    let price_on = |day: &str| {
        let mut o = Options::new(Date::parse(day).unwrap());
        o.only = Some("acme-pro-1".into());
        let out = import::import(Format::GenaiPrices, &files, &plan, &o).unwrap();
        let m = out.plan.model("acme-pro-1").unwrap().clone();
        (m.input_per_mtok, m.output_per_mtok, m.note)
    };
    assert_eq!(
        price_on("2026-11-27"),
        (
            Some(1.2),
            Some(4.8),
            "the price in force since 2026-01-01".into()
        )
    );
    assert_eq!(
        price_on("2025-12-31"),
        (
            Some(1.5),
            Some(6.0),
            "the price before its dated changes".into()
        )
    );
}

#[test]
fn a_time_of_day_price_becomes_the_models_off_peak_window() {
    // acme-v4: 0.14 / 0.55 all day, 0.28 / 1.10 from 00:30 to 16:30 UTC
    // (DeepSeek's way): the dearer price stands, the rest of the day is
    // off-peak at half price.
    let files = inputs(&["genai-prices.json"]);
    let plan = default_plan();
    let mut o = Options::new(Date::parse("2026-11-27").unwrap());
    o.only = Some("acme-v4".into());
    let out = import::import(Format::GenaiPrices, &files, &plan, &o).unwrap();
    let m = out.plan.model("acme-v4").unwrap();
    assert_eq!(
        (m.input_per_mtok, m.output_per_mtok),
        (Some(0.28), Some(1.1))
    );
    assert_eq!(m.cached_input_per_mtok, Some(0.07));
    assert_eq!(
        m.off_peak,
        Some(plan::OffPeak {
            discount: 0.5,
            from: 16.5,
            to: 0.5
        })
    );
    // Saved and read back, the window is the same.
    let text = plan_file::to_toml(&out.plan);
    assert!(text.contains("off_peak_from = 16.5"), "{text}");
    let back = plan_file::from_toml(&text, "plan.toml").unwrap();
    assert_eq!(back.model("acme-v4").unwrap().off_peak, m.off_peak);
}

#[test]
fn without_into_the_plan_goes_to_stdout_and_the_summary_to_stderr() {
    let out = run(
        &[
            "import",
            "csv",
            &fixture("prices.csv"),
            "--as-of",
            "2026-11-20",
        ],
        None,
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = plan_file::from_toml(&stdout(&out), "stdout").unwrap();
    assert!(plan.model("coder-32b").is_some());
    assert!(stderr(&out).contains("Added"), "{}", stderr(&out));
}

#[test]
fn odd_entries_are_counted_by_reason_and_odd_numbers_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("odd.csv");
    std::fs::write(
        &csv,
        "name,input_per_mtok,output_per_mtok\n\
         alpha-8b,$0.10,3e-1\n\
         alpha-8b,0.05,0.20\n\
         beta-8b,-0.5,1\n\
         gamma-8b,free,1\n\
         ,1,1\n\
         delta-8b,1,\n\
         epsilon-8b,2000,5000\n",
    )
    .unwrap();
    let out = run(
        &["import", "csv", csv.to_str().unwrap(), "--dry-run"],
        None,
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        // "$0.10" and "3e-1" read; the cheaper duplicate is kept.
        "alpha-8b: input 0.05, output 0.20 $/M",
        "1  same model again from the same seller (cheapest kept)",
        "1  negative price",
        "1  price not a number",
        "1  no name",
        "1  no output price",
        "1  price above $1,000/M (a unit slip?)",
        "epsilon-8b (csv): input 2,000 and output 5,000 $/M are above 1,000",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
}

#[test]
fn a_big_import_lists_fifty_of_each_and_counts_the_rest() {
    let mut json = String::from("{");
    for i in 0..120 {
        json.push_str(&format!(
            "\"p/model-{i}-7b\": {{\"litellm_provider\": \"p\", \"mode\": \"chat\", \"input_cost_per_token\": 1e-7, \"output_cost_per_token\": 2e-7}},"
        ));
    }
    json.push_str("\"sample_spec\": {}}");
    let plan = default_plan();
    let input = [Input {
        name: "big.json".into(),
        text: json,
    }];
    let out = import::import(
        Format::Litellm,
        &input,
        &plan,
        &Options::new(Date::parse("2026-11-27").unwrap()),
    )
    .unwrap();
    assert_eq!(out.plan.models.len(), plan.models.len() + 120);
    let lines = out.summary.lines();
    assert!(
        lines.contains(&"  … and 70 more (--only narrows an import)".to_string()),
        "{lines:#?}"
    );
    assert!(lines.len() < 70, "{}", lines.len());
}

/// `options` without `--only`.
fn every(pick: Pick) -> Options {
    Options {
        only: None,
        ..options(pick)
    }
}

/// Imports `file` of the odd-entries folder into the built-in plan.
fn import_odd(format: Format, file: &str) -> import::Outcome {
    let input = [Input {
        name: file.into(),
        text: std::fs::read_to_string(fixture(&format!("odd/{file}"))).unwrap(),
    }];
    import::import(format, &input, &default_plan(), &every(Pick::Cheapest))
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn one_odd_entry_never_refuses_a_catalog() {
    // Names that leave no model once the seller, the variant and packaging
    // words are off (real catalogs hold `chat-latest`, `azure/chat-latest`,
    // `microsoft_365_copilot/chat`), a price of 1e400 (beyond a double) and
    // in the CSV NaN and inf: each skipped, named, and the rest imported.
    let no_model = import::reasons::NO_MODEL_NAME;
    let unreadable = import::reasons::UNREADABLE;
    for (format, file, no_names, bad_numbers) in [
        (Format::Litellm, "litellm.json", 10, 1),
        (Format::ModelsDev, "models-dev.json", 10, 1),
        (Format::GenaiPrices, "genai-prices.json", 10, 1),
        (Format::Openrouter, "openrouter.json", 10, 1),
        // The two blank names are rows without a name; NaN and inf unreadable.
        (Format::Csv, "prices.csv", 8, 2),
    ] {
        let out = import_odd(format, file);
        let s = &out.summary;
        assert_eq!(s.skipped.get(no_model), no_names, "{file}");
        assert_eq!(s.skipped.get(unreadable), bad_numbers, "{file}");
        assert_eq!(s.added, ["good-model-8b: input 0.10, output 0.30 $/M, tier 7-9b (guessed: 8B in the name) (1 seller: ".to_string()
            + match format { Format::Csv => "csv", Format::Openrouter => "openrouter", _ => "acme" } + ")"], "{file}");
        let text = s.text();
        assert!(
            text.contains(&format!("{no_names:>5}  {no_model}: ")),
            "{file}:\n{text}"
        );
        assert!(
            text.contains("huge-price-8b") || text.contains("nan-price-8b"),
            "{file}:\n{text}"
        );
    }
    // The names as the catalog writes them, quoted so blank ones show.
    let text = import_odd(Format::Litellm, "litellm.json").summary.text();
    assert!(text.contains(r#"no model in the name (only a seller, variant or packaging words): "", "   ", "\u{200b}", …"#), "{text}");
}

#[test]
fn free_listings_are_skipped_and_counted_unless_asked_for() {
    let input = inputs(&["models-dev-sellers.json"]);
    let plan = default_plan();
    let out = import::import(Format::ModelsDev, &input, &plan, &every(Pick::Cheapest)).unwrap();
    let m = out.plan.model("Qwen3-32B").unwrap();
    assert_eq!(
        (m.input_per_mtok, m.output_per_mtok),
        (Some(0.08), Some(0.28))
    );
    assert_eq!(m.offers.as_ref().unwrap().provider, "deepinfra");
    let free = import::reasons::FREE_LISTING;
    assert_eq!(out.summary.skipped.get(free), 1);
    assert!(
        out.summary
            .text()
            .contains(r#"Qwen3-32B (acme-coding-plan)"#),
        "{}",
        out.summary.text()
    );
    assert!(out.summary.flagged.iter().all(|f| !f.contains("priced 0")));
    // Asked for, a free listing can win the pick, and is flagged.
    let mut o = every(Pick::Cheapest);
    o.include_free = true;
    let out = import::import(Format::ModelsDev, &input, &plan, &o).unwrap();
    let m = out.plan.model("Qwen3-32B").unwrap();
    assert_eq!(
        (m.input_per_mtok, m.output_per_mtok),
        (Some(0.0), Some(0.0))
    );
    assert_eq!(out.summary.skipped.get(free), 0);
    assert!(
        out.summary.flagged.iter().any(|f| f == "Qwen3-32B: input and output priced 0 by acme-coding-plan, so the API costs nothing for it: check the seller (--pick another)"),
        "{:#?}",
        out.summary.flagged
    );
}

#[test]
fn a_reimport_from_another_seller_replaces_every_price() {
    let input = inputs(&["models-dev-sellers.json"]);
    let plan = default_plan();
    let first = import::import(
        Format::ModelsDev,
        &input,
        &plan,
        &every(Pick::Provider("deepinfra".into())),
    )
    .unwrap();
    assert_eq!(
        first.plan.model("Qwen3-32B").unwrap().cached_input_per_mtok,
        Some(0.04)
    );
    // Groq gives no cached price: the cached input is priced as input
    // again, not at deepinfra's 0.04 beside groq's 0.29.
    let second = import::import(
        Format::ModelsDev,
        &input,
        &first.plan,
        &every(Pick::Provider("groq".into())),
    )
    .unwrap();
    let m = second.plan.model("Qwen3-32B").unwrap();
    assert_eq!(
        (m.input_per_mtok, m.output_per_mtok, m.cached_input_per_mtok),
        (Some(0.29), Some(0.59), None)
    );
    assert_eq!(
        second.summary.changed,
        [
            "Qwen3-32B: output 0.28 → 0.59, input 0.08 → 0.29, cached input 0.04 → as input $/M (groq, chosen of 2 sellers; output 0.28–0.59)"
        ]
    );
}

#[test]
fn a_repeat_import_changes_no_byte() {
    for (format, files, extra) in [
        ("gpu-offers", vec!["fsdl-gpus.csv"], vec!["--new-tiers"]),
        (
            "gpu-offers",
            vec!["skypilot-vms.csv"],
            vec!["--spot", "--new-tiers"],
        ),
        ("models.dev", vec!["models-dev.json"], vec![]),
        (
            "auto",
            vec!["litellm.json", "openrouter.json", "genai-prices.json"],
            vec![],
        ),
        ("csv", vec!["prices.csv"], vec![]),
    ] {
        let (_dir, path) = plan_file();
        let paths: Vec<String> = files.iter().map(|f| fixture(f)).collect();
        let mut args = vec!["import", format];
        args.extend(paths.iter().map(String::as_str));
        args.extend(["--into", path.to_str().unwrap(), "--as-of", "2026-11-20"]);
        args.extend(&extra);
        let first = run(&args, None, None);
        assert!(first.status.success(), "{}", stderr(&first));
        let saved = std::fs::read_to_string(&path).unwrap();
        let second = run(&args, None, None);
        assert!(second.status.success(), "{}", stderr(&second));
        let said = stdout(&second);
        assert!(
            said.contains("is unchanged") && !said.contains("Changed"),
            "{files:?}:\n{said}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), saved, "{files:?}");
    }
}

#[test]
fn the_sellers_column_names_the_seller_taken() {
    let input = inputs(&["models-dev-sellers.json"]);
    let out = import::import(
        Format::ModelsDev,
        &input,
        &default_plan(),
        &every(Pick::Cheapest),
    )
    .unwrap();
    let m = out.plan.model("Qwen3-32B").unwrap();
    let mut shown = String::new();
    inferplan::text::format::push_offers(&mut shown, m.offers.as_ref().unwrap());
    assert_eq!(shown, "deepinfra (cheapest of 2): 0.28–0.59");
}

#[test]
fn a_seller_that_sells_nothing_is_said_with_the_sellers_there_are() {
    let input = inputs(&["models-dev-sellers.json"]);
    let out = import::import(
        Format::ModelsDev,
        &input,
        &default_plan(),
        &every(Pick::Provider("nosuchseller".into())),
    )
    .unwrap();
    assert!(!out.summary.changes_anything());
    assert!(
        out.summary
            .flagged
            .iter()
            .any(|f| f == "no model is sold by nosuchseller; the sellers here are deepinfra, groq"),
        "{:#?}",
        out.summary.flagged
    );
}
