//! `inferplan estimate`: what one replica serves, as a user asks it on the
//! command line, in words and as JSON; bad names and loads get messages.

mod common;

use common::{run, stdout};

fn estimate(args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["estimate"];
    all.extend_from_slice(args);
    run(&all, Some(dir.path()), Some(dir.path()))
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let o = estimate(&all);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_str(&stdout(&o)).unwrap()
}

const QWEN_ON_TWO_A100S: [&str; 8] = [
    "--model",
    "Qwen/Qwen3-32B",
    "--gpu",
    "a100_80gb_sxm",
    "--gpus",
    "2",
    "--concurrency",
    "32",
];

#[test]
fn qwen3_32b_on_two_a100s_in_words() {
    let o = estimate(&QWEN_ON_TWO_A100S);
    assert!(o.status.success());
    insta::assert_snapshot!("qwen3_32b_2x_a100", stdout(&o));
}

#[test]
fn the_json_carries_every_figure_with_its_range() {
    let j = json(&QWEN_ON_TWO_A100S);
    assert_eq!(j["fits"], true);
    assert_eq!(j["max_concurrency"], 266);
    assert_eq!(j["concurrency"], 32);
    // Weights: 32.762B parameters × 2 bytes = 65.524 GB over both GPUs.
    let weights = j["memory_gb"]["weights"].as_f64().unwrap();
    assert!((weights - 65.524).abs() < 1e-9, "{weights}");
    let m = &j["memory_gb"];
    let sum = ["weights", "kv_cache", "reserve"]
        .iter()
        .map(|k| m[k].as_f64().unwrap())
        .sum::<f64>();
    assert!((sum - m["total"].as_f64().unwrap()).abs() < 1e-9);
    assert_eq!(m["available"], 160.0);
    for key in [
        "ttft_ms",
        "tpot_ms",
        "output_tokens_per_second",
        "tokens_per_day",
    ] {
        let (low, mid, high) = (
            j[key]["low"].as_f64().unwrap(),
            j[key]["mid"].as_f64().unwrap(),
            j[key]["high"].as_f64().unwrap(),
        );
        assert!(low < mid && mid < high, "{key}: {low} {mid} {high}");
    }
    assert_eq!(j["calibration"], "specifications only");
    assert!(j.get("replicas").is_none());
}

#[test]
fn a_model_that_does_not_fit_says_so_with_the_memory_it_needs() {
    let j = json(&[
        "--model",
        "deepseek-ai/DeepSeek-V3",
        "--gpu",
        "H100 SXM",
        "--concurrency",
        "8",
    ]);
    assert_eq!(j["fits"], false);
    assert_eq!(j["max_concurrency"], 0);
    assert!(j["memory_gb"]["total"].as_f64().unwrap() > 671.0);
    assert!(j["ttft_ms"].is_null() && j["tokens_per_day"].is_null());
}

#[test]
fn latency_limits_size_the_replicas_and_say_what_they_reach() {
    let j = json(&[
        "--model",
        "Qwen3-32B",
        "--gpu",
        "h100_sxm",
        "--gpus",
        "2",
        "--ttft-p99-ms",
        "2000",
        "--tpot-p99-ms",
        "50",
        "--requests-per-second",
        "20",
    ]);
    let (low, mid, high) = (
        j["replicas"]["low"].as_f64().unwrap(),
        j["replicas"]["mid"].as_f64().unwrap(),
        j["replicas"]["high"].as_f64().unwrap(),
    );
    assert!(
        low <= mid && mid <= high && low >= 1.0,
        "{low} {mid} {high}"
    );
    for end in ["low", "mid", "high"] {
        assert!(j["tpot_p99_ms"][end].as_f64().unwrap() <= 50.0);
        assert!(j["ttft_p99_ms"][end].as_f64().unwrap() <= 2000.0);
    }
    assert!(j["replicas_by_volume"].as_f64().unwrap() <= mid);
    assert_eq!(j["calibration"], "measured");
    // A limit no replica meets is said, not sized.
    let o = estimate(&[
        "--model",
        "Qwen3-32B",
        "--gpu",
        "h100_sxm",
        "--ttft-p99-ms",
        "2000",
        "--tpot-p99-ms",
        "1",
    ]);
    assert!(
        stdout(&o).contains("cannot be met on this hardware: even one request at a time takes")
    );
}

#[test]
fn names_that_find_nothing_or_too_much_are_said() {
    let e = |args: &[&str]| String::from_utf8_lossy(&estimate(args).stderr).into_owned();
    let unknown = e(&[
        "--model",
        "zhipuai/GLM-5",
        "--gpu",
        "h100_sxm",
        "--concurrency",
        "1",
    ]);
    assert!(
        unknown.contains("unknown model \"zhipuai/GLM-5\"; known: Qwen3-8B,"),
        "{unknown}"
    );
    let vague = e(&["--model", "Qwen3-8B", "--gpu", "H100", "--concurrency", "1"]);
    assert!(
        vague.contains("could be any of: H100 SXM, H100 PCIe, H100 NVL"),
        "{vague}"
    );
    let no_load = e(&["--model", "Qwen3-8B", "--gpu", "l4"]);
    assert!(
        no_load.contains("give --concurrency N, or the limits"),
        "{no_load}"
    );
}

#[test]
fn a_config_json_is_counted_as_the_table_counts_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Qwen3-32B");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("config.json"),
        r#"{"num_hidden_layers": 64, "hidden_size": 5120, "num_attention_heads": 64,
            "num_key_value_heads": 8, "head_dim": 128, "intermediate_size": 25600,
            "vocab_size": 151936, "tie_word_embeddings": false, "torch_dtype": "bfloat16"}"#,
    )
    .unwrap();
    let path = folder.join("config.json");
    let from_config = json(&[
        "--model-config",
        path.to_str().unwrap(),
        "--gpu",
        "a100_80gb_sxm",
        "--gpus",
        "2",
        "--concurrency",
        "32",
    ]);
    let from_table = json(&QWEN_ON_TWO_A100S);
    assert_eq!(from_config["model"], "Qwen3-32B");
    for key in ["tpot_ms", "ttft_ms"] {
        let (a, b) = (
            from_config[key]["mid"].as_f64().unwrap(),
            from_table[key]["mid"].as_f64().unwrap(),
        );
        assert!((a / b - 1.0).abs() < 0.002, "{key}: {a} vs {b}");
    }
}
