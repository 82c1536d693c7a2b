//! `inferplan estimate`: what one replica serves for a model on a GPU, from
//! the model's architecture and the GPU's specifications, calibrated on
//! measured runs; with latency limits, the replicas that meet them.

use super::Failure;
use crate::capacity::answer::{Answer, Calibrated, Load, Spread, answer};
use crate::capacity::estimate::{Arch, Backend, FITTED, KvPrecision, Precision, Setup};
use crate::capacity::sizing::{Limits, Sized};
use crate::capacity::{hf_config, tables};
use crate::text::format as fmt;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// What `inferplan estimate` takes.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("arch").required(true).args(["model", "model_config"])))]
pub struct EstimateArgs {
    /// The model: a Hugging Face id (Qwen/Qwen3-32B; packaged variants such
    /// as …-Instruct, …-FP8 or nvidia/…-NVFP4 name the same architecture) or
    /// the table's short name (Qwen3-32B).
    #[arg(long, value_name = "NAME")]
    model: Option<String>,
    /// A Hugging Face config.json to count the architecture from instead.
    #[arg(long, value_name = "PATH")]
    model_config: Option<PathBuf>,
    /// The GPU: a name of the table (H100 SXM) or an id (h100_sxm), any case.
    #[arg(long, value_name = "NAME")]
    gpu: String,
    /// GPUs in a replica (tensor parallel).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    gpus: u32,
    /// The serving engine: vllm, sglang or trtllm.
    #[arg(long, default_value = "vllm", value_parser = Backend::parse)]
    backend: Backend,
    /// Weight precision: bf16, fp8, fp4 or int4; the model's own when omitted.
    #[arg(long, value_parser = Precision::parse)]
    precision: Option<Precision>,
    /// KV cache precision: bf16 or fp8; fp8 with fp8 or fp4 weights, else bf16, when omitted.
    #[arg(long, value_parser = KvPrecision::parse)]
    kv_precision: Option<KvPrecision>,
    /// Input (prompt) tokens a request.
    #[arg(long, default_value_t = 1000.0, value_parser = tokens)]
    input_tokens: f64,
    /// Output tokens a request.
    #[arg(long, default_value_t = 200.0, value_parser = tokens)]
    output_tokens: f64,
    /// Requests served at once.
    #[arg(long, conflicts_with_all = ["ttft_p99_ms", "tpot_p99_ms", "requests_per_second"], value_parser = clap::value_parser!(u32).range(1..=100_000))]
    concurrency: Option<u32>,
    /// p99 time to first token the replicas must meet, ms.
    #[arg(long, requires = "tpot_p99_ms", value_parser = positive)]
    ttft_p99_ms: Option<f64>,
    /// p99 time per output token the replicas must meet, ms.
    #[arg(long, requires = "ttft_p99_ms", value_parser = positive)]
    tpot_p99_ms: Option<f64>,
    /// Peak requests a second, which sizes the replicas (with the limits).
    #[arg(long, requires = "ttft_p99_ms", value_parser = positive)]
    requests_per_second: Option<f64>,
    /// text or json.
    #[arg(long, short, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

fn positive(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= 1e9 => Ok(x),
        _ => Err(format!("{text:?} is not a number above 0 (up to 1e9)")),
    }
}

fn tokens(text: &str) -> Result<f64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (1..=10_000_000).contains(&n) => Ok(n as f64),
        _ => Err(format!(
            "{text:?} is not a whole number of tokens from 1 to 10,000,000"
        )),
    }
}

/// The architecture asked for, and the name to show it under.
fn arch(args: &EstimateArgs) -> Result<(String, Arch), Failure> {
    if let Some(path) = &args.model_config {
        let text = crate::base::textfile::read(path)
            .map_err(|e| Failure::Refused(format!("{}: {e}", path.display())))?;
        let name = model_name(&text, path);
        let row = hf_config::row(&text, &name)
            .map_err(|e| Failure::Refused(format!("{}: {e}", path.display())))?;
        let arch = Arch::from_row(&row).map_err(Failure::Refused)?;
        return Ok((name, arch));
    }
    let name = args.model.as_deref().unwrap_or_default();
    let found = tables::tables().model(name).map_err(Failure::Refused)?;
    Ok((found.name.clone(), found.row.clone()))
}

/// A config's own name for its model, else its folder's.
fn model_name(text: &str, path: &std::path::Path) -> String {
    let named = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|j| j.get("_name_or_path")?.as_str().map(str::to_string))
        .filter(|n| !n.trim().is_empty());
    named.unwrap_or_else(|| {
        let folder = path.canonicalize().ok().and_then(|p| {
            p.parent()?
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        });
        folder.unwrap_or_else(|| "config.json".into())
    })
}

/// Estimates and prints.
pub fn run(args: EstimateArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let (model, arch) = arch(&args)?;
    let gpu = tables::tables().gpu(&args.gpu).map_err(Failure::Refused)?;
    let weights = args.precision.unwrap_or(arch.native);
    let kv = args
        .kv_precision
        .unwrap_or(KvPrecision::assumed_for(weights));
    let setup = Setup::tp(&arch, &gpu.row, args.gpus, args.backend, weights, kv);
    let load = match (args.concurrency, args.ttft_p99_ms, args.tpot_p99_ms) {
        (Some(c), _, _) => Load::Concurrency(c),
        (None, Some(ttft), Some(tpot)) => Load::Limits(
            Limits {
                ttft_p99_ms: ttft,
                tpot_p99_ms: tpot,
            },
            args.requests_per_second,
        ),
        _ => {
            return Err(Failure::Refused(
                "give --concurrency N, or the limits --ttft-p99-ms X --tpot-p99-ms Y (and --requests-per-second R to size the replicas)".into(),
            ));
        }
    };
    let shape = (args.input_tokens, args.output_tokens);
    let a = answer(&setup, shape, load, &FITTED);
    let what = What {
        model: &model,
        gpu: &gpu.name,
        setup: &setup,
        shape,
        load,
    };
    match args.format.as_str() {
        "json" => writeln!(out, "{}", json(&what, &a))?,
        _ => out.write_all(text(&what, &a).as_bytes())?,
    }
    Ok(())
}

/// The question, as the output repeats it.
struct What<'a> {
    model: &'a str,
    gpu: &'a str,
    setup: &'a Setup<'a>,
    shape: (f64, f64),
    load: Load,
}

fn ms(x: f64) -> String {
    match x {
        x if x >= 100.0 => fmt::group_thousands(x.round() as u64),
        x if x >= 10.0 => format!("{x:.1}"),
        x => format!("{x:.2}"),
    }
}

fn per_second(x: f64) -> String {
    fmt::group_thousands(x.round() as u64)
}

/// The answer in words.
fn text(w: &What, a: &Answer) -> String {
    let s = w.setup;
    let mut out = format!(
        "{} on {}× {}, {}, {} weights, {} KV cache\n{} tokens in, {} out a request\n\n",
        w.model,
        s.gpus,
        w.gpu,
        s.backend.name(),
        s.weights.name(),
        s.kv.name(),
        fmt::group_thousands(w.shape.0 as u64),
        fmt::group_thousands(w.shape.1 as u64),
    );
    let m = &a.memory;
    out.push_str(&format!(
        "Memory of the replica ({} GB): weights {:.1} GB + KV cache {:.1} GB ({} requests at {} tokens) + reserve {:.1} GB = {:.1} GB: {}\n",
        fmt::group_thousands(m.available_gb.round() as u64),
        m.weights_gb,
        m.kv_cache_gb,
        a.concurrency,
        fmt::group_thousands((w.shape.0 + w.shape.1) as u64),
        m.reserve_gb,
        m.total_gb,
        match (m.fits, m.max_concurrency) {
            (true, n) => format!("fits; up to {} requests at once", fmt::group_thousands(u64::from(n))),
            (false, 0) => "the weights alone do not fit".to_string(),
            (false, n) => format!("does not fit; up to {} requests at once would", fmt::group_thousands(u64::from(n))),
        }
    ));
    if let (Some(f), Some(r)) = (&a.figures, &a.ranges) {
        out.push_str(&format!(
            "\nAt {} requests at once, one replica:\n  TTFT        {} ms ({}–{})\n  TPOT        {} ms ({}–{})\n  output      {} tokens/s ({}–{})\n  tokens/day  {} ({}–{}), input and output\n",
            a.concurrency,
            ms(f.ttft_ms), ms(r.ttft_ms.0), ms(r.ttft_ms.1),
            ms(f.tpot_ms), ms(r.tpot_ms.0), ms(r.tpot_ms.1),
            per_second(f.output_tokens_per_second), per_second(r.output_tokens_per_second.0), per_second(r.output_tokens_per_second.1),
            fmt::tokens(f.tokens_per_day), fmt::tokens(r.tokens_per_day.0), fmt::tokens(r.tokens_per_day.1),
        ));
        let shares: Vec<String> = f
            .terms
            .iter()
            .filter(|(_, t)| *t >= 0.005 * f.tpot_ms)
            .map(|(name, t)| {
                format!(
                    "{} {} ms ({:.0} %)",
                    crate::capacity::estimate::term_words(name),
                    ms(*t),
                    100.0 * t / f.tpot_ms
                )
            })
            .collect();
        out.push_str(&format!("  TPOT is {}\n", shares.join(", ")));
    }
    if let Some(sized) = &a.sized {
        out.push_str(&limits_text(w, a, sized));
    }
    out.push_str(&format!("\n{}\n", caveat(w, a.calibrated)));
    out
}

fn limits_text(
    w: &What,
    a: &Answer,
    sized: &Result<Spread<Sized>, crate::capacity::sizing::Unmet>,
) -> String {
    let Load::Limits(limits, rate) = w.load else {
        return String::new();
    };
    let mut out = format!(
        "\nLatency limits: p99 TTFT ≤ {} ms, p99 TPOT ≤ {} ms{}\n",
        ms(limits.ttft_p99_ms),
        ms(limits.tpot_p99_ms),
        rate.map_or(String::new(), |r| format!(
            ", at {} requests/s at the peak",
            fmt::trim_decimals(r, 2)
        ))
    );
    match sized {
        Err(e) => out.push_str(&format!("  cannot be met on this hardware: {e}\n")),
        Ok(s) => {
            out.push_str(&format!(
                "  {} requests at once a replica ({}–{}){}\n  p99 reached: TTFT {} ms (of which waiting {} ms), TPOT {} ms; {}–{} and {}–{} across the range\n",
                s.mid.concurrency,
                s.high.concurrency,
                s.low.concurrency,
                match rate {
                    Some(_) => format!(", {} replicas ({}–{})", s.mid.replicas, s.low.replicas, s.high.replicas),
                    None => String::new(),
                },
                ms(s.mid.ttft_p99_ms),
                ms(s.mid.wait_p99_ms),
                ms(s.mid.tpot_p99_ms),
                ms(s.low.ttft_p99_ms),
                ms(s.high.ttft_p99_ms),
                ms(s.low.tpot_p99_ms),
                ms(s.high.tpot_p99_ms),
            ));
            if let Some(volume) = a.by_volume {
                out.push_str(&format!(
                    "  by volume alone (each replica at the most requests that fit): {volume} replica{}, so the limits cost {} more\n",
                    if volume == 1 { "" } else { "s" },
                    s.mid.replicas.saturating_sub(volume)
                ));
            }
        }
    }
    out
}

/// What the range means and how far the calibration reaches.
fn caveat(w: &What, calibrated: Calibrated) -> String {
    let range = format!(
        "Ranges are the 5th–95th percentile of measured/estimated over the calibration's {} runs (measured on H100 SXM, H200 SXM and B200 with vLLM, SGLang and TensorRT-LLM).",
        w.setup.backend.name()
    );
    let reach = match calibrated {
        Calibrated::Measured => "",
        Calibrated::SpecsOnly => {
            " No runs were measured on this GPU: it is estimated from its specifications with the calibrated efficiencies."
        }
        Calibrated::NoData => {
            " This GPU is not NVIDIA's: no calibration data exists for its kernels, so the range does not cover how far off the estimate may be."
        }
    };
    format!(
        "{range}{reach} Not modelled: speculative decoding, prefix caching, disaggregated serving."
    )
}

#[derive(Serialize)]
struct Lmh {
    low: f64,
    mid: f64,
    high: f64,
}

#[derive(Serialize)]
struct MemoryOut {
    weights: f64,
    kv_cache: f64,
    reserve: f64,
    total: f64,
    available: f64,
}

#[derive(Serialize)]
struct Out<'a> {
    model: &'a str,
    gpu: &'a str,
    gpus: u32,
    backend: &'a str,
    precision: &'a str,
    kv_precision: &'a str,
    input_tokens: f64,
    output_tokens: f64,
    fits: bool,
    memory_gb: MemoryOut,
    max_concurrency: u32,
    concurrency: u32,
    ttft_ms: Option<Lmh>,
    tpot_ms: Option<Lmh>,
    output_tokens_per_second: Option<Lmh>,
    tokens_per_day: Option<Lmh>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replicas: Option<Option<Lmh>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ttft_p99_ms: Option<Option<Lmh>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tpot_p99_ms: Option<Option<Lmh>>,
    /// With limits: tokens a day a replica serves within them, each end at
    /// the most requests its own figures allow (what sizes a plan's tier).
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens_per_day_within_limits: Option<Option<Lmh>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replicas_by_volume: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limits_unmet: Option<String>,
    calibration: &'static str,
}

fn lmh(low: f64, mid: f64, high: f64) -> Lmh {
    Lmh { low, mid, high }
}

/// The answer as JSON.
fn json(w: &What, a: &Answer) -> String {
    let m = &a.memory;
    let f = a.figures.as_ref();
    let r = a.ranges.as_ref();
    let both = f.zip(r);
    let sized = a.sized.as_ref().map(|s| s.as_ref().ok());
    let pick =
        |g: fn(&Sized) -> f64| sized.map(|s| s.map(|s| lmh(g(&s.low), g(&s.mid), g(&s.high))));
    let out = Out {
        model: w.model,
        gpu: w.gpu,
        gpus: w.setup.gpus,
        backend: w.setup.backend.name(),
        precision: w.setup.weights.name(),
        kv_precision: w.setup.kv.name(),
        input_tokens: w.shape.0,
        output_tokens: w.shape.1,
        fits: m.fits && m.max_concurrency > 0,
        memory_gb: MemoryOut {
            weights: m.weights_gb,
            kv_cache: m.kv_cache_gb,
            reserve: m.reserve_gb,
            total: m.total_gb,
            available: m.available_gb,
        },
        max_concurrency: m.max_concurrency,
        concurrency: a.concurrency,
        ttft_ms: both.map(|(f, r)| lmh(r.ttft_ms.0, f.ttft_ms, r.ttft_ms.1)),
        tpot_ms: both.map(|(f, r)| lmh(r.tpot_ms.0, f.tpot_ms, r.tpot_ms.1)),
        output_tokens_per_second: both.map(|(f, r)| {
            lmh(
                r.output_tokens_per_second.0,
                f.output_tokens_per_second,
                r.output_tokens_per_second.1,
            )
        }),
        tokens_per_day: both
            .map(|(f, r)| lmh(r.tokens_per_day.0, f.tokens_per_day, r.tokens_per_day.1)),
        replicas: pick(|s| s.replicas as f64),
        ttft_p99_ms: pick(|s| s.ttft_p99_ms),
        tpot_p99_ms: pick(|s| s.tpot_p99_ms),
        // The fast end serves the most: low is the slow end's.
        tokens_per_day_within_limits: sized.map(|s| {
            s.map(|s| {
                lmh(
                    s.high.tokens_per_day,
                    s.mid.tokens_per_day,
                    s.low.tokens_per_day,
                )
            })
        }),
        replicas_by_volume: a.by_volume,
        limits_unmet: a
            .sized
            .as_ref()
            .and_then(|s| s.as_ref().err())
            .map(ToString::to_string),
        calibration: match a.calibrated {
            Calibrated::Measured => "measured",
            Calibrated::SpecsOnly => "specifications only",
            Calibrated::NoData => "no calibration data",
        },
    };
    serde_json::to_string_pretty(&out).unwrap_or_default()
}
