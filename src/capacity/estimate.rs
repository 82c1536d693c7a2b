//! One replica's memory fit, TTFT, TPOT and throughput, from the model's
//! architecture and the GPU's specifications, with coefficients fitted on
//! measured runs (`calibrate`). Units: bytes, FLOPs and seconds inside;
//! milliseconds (`*_ms`) and GB (1e9 bytes) at the API.
//!
//! A decode step (TPOT), per GPU, is the sum of:
//!
//! - `c0 + cl·L`: a fixed step cost and kernel launches per layer;
//! - `(W_exp + W_rest + kvf·KV) / (eta_bw·BW)`: weights and KV cache read
//!   from HBM (the memory side of the roofline; a MoE reads only the experts
//!   its batch touches);
//! - decode FLOPs `/ (eta_f·TF)` (routed experts × `moe_f`: grouped GEMMs run
//!   below dense efficiency);
//! - `2L` collectives × `lat` + the ring all-reduce's bytes over NVLink;
//! - `ilv · (B/osl) · prefill_ms`: with prefill and decode on one engine, each
//!   request's prefill is spread over its output steps.
//!
//! `TTFT = t0 + T_pref·(1 + alpha·(B−1)) + TPOT`, plus
//! `qf·(conc/B − 1)·(TTFT + (osl−1)·TPOT)` when requests queue for the batch.

use std::collections::HashMap;

// ------------------------------------------------------------------ enums

/// Serving engine. Per-backend coefficients: prefill/compute efficiency, fixed TTFT and prefill wave share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    Vllm,
    Sglang,
    Trtllm,
}

impl Backend {
    pub const ALL: [Backend; 3] = [Backend::Vllm, Backend::Sglang, Backend::Trtllm];
    /// Index into the per-backend coefficient arrays (`tools/calibration/fit.py`'s order).
    pub fn index(self) -> usize {
        match self {
            Backend::Vllm => 0,
            Backend::Sglang => 1,
            Backend::Trtllm => 2,
        }
    }
    pub fn name(self) -> &'static str {
        ["vllm", "sglang", "trtllm"][self.index()]
    }
    /// "vllm" | "sglang" | "trtllm" (case-insensitive).
    pub fn parse(s: &str) -> Result<Backend, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vllm" => Ok(Backend::Vllm),
            "sglang" => Ok(Backend::Sglang),
            "trtllm" | "tensorrt-llm" | "trt-llm" => Ok(Backend::Trtllm),
            o => Err(format!(
                "unknown backend {o:?}; expected vllm, sglang or trtllm"
            )),
        }
    }
}

/// Weight precision of the served checkpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    Bf16,
    Fp8,
    /// NVFP4 / MXFP4: 0.5 B + 1/16 B block scales per weight.
    Fp4,
    /// W4A16, group 32: 0.5 B + 2/32 B scales per weight; computes at BF16 rate.
    Int4,
}

impl Precision {
    /// measured.csv `precision`: empty means the model's native BF16.
    pub fn parse(s: &str) -> Result<Precision, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "bf16" => Ok(Precision::Bf16),
            "fp8" => Ok(Precision::Fp8),
            "fp4" | "nvfp4" | "mxfp4" => Ok(Precision::Fp4),
            "int4" => Ok(Precision::Int4),
            o => Err(format!(
                "unknown precision {o:?}; expected bf16, fp8, fp4 or int4"
            )),
        }
    }
    /// The word the command line and the plan use for it.
    pub fn name(self) -> &'static str {
        match self {
            Precision::Bf16 => "bf16",
            Precision::Fp8 => "fp8",
            Precision::Fp4 => "fp4",
            Precision::Int4 => "int4",
        }
    }

    /// Bytes per weight including block scales.
    pub fn bytes(self) -> f64 {
        match self {
            Precision::Bf16 => 2.0,
            Precision::Fp8 => 1.0,
            Precision::Fp4 => 0.5 + 1.0 / 16.0,
            Precision::Int4 => 0.5 + 2.0 / 32.0,
        }
    }
}

/// KV-cache precision. (For measured runs: Fp8 when the weights are fp8/fp4, else Bf16 — an assumption.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KvPrecision {
    Bf16,
    Fp8,
}

impl KvPrecision {
    /// `bf16` or `fp8`.
    pub fn parse(s: &str) -> Result<KvPrecision, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "bf16" | "fp16" => Ok(KvPrecision::Bf16),
            "fp8" => Ok(KvPrecision::Fp8),
            o => Err(format!(
                "unknown KV cache precision {o:?}; expected bf16 or fp8"
            )),
        }
    }

    /// The word the command line and the plan use for it.
    pub fn name(self) -> &'static str {
        match self {
            KvPrecision::Bf16 => "bf16",
            KvPrecision::Fp8 => "fp8",
        }
    }

    /// Bytes per cached value relative to BF16.
    pub fn factor(self) -> f64 {
        match self {
            KvPrecision::Bf16 => 1.0,
            KvPrecision::Fp8 => 0.5,
        }
    }
    /// The rule used for the calibration runs.
    pub fn assumed_for(weights: Precision) -> KvPrecision {
        match weights {
            Precision::Fp8 | Precision::Fp4 => KvPrecision::Fp8,
            _ => KvPrecision::Bf16,
        }
    }
}

// ------------------------------------------------------------------ CSV cell helpers

/// A cell as a number; empty, "n/a ...", "unknown" or any non-number text is absent.
fn cell_num(row: &HashMap<String, String>, col: &str) -> Option<f64> {
    row.get(col)
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
}
fn cell_req(row: &HashMap<String, String>, col: &str) -> Result<f64, String> {
    cell_num(row, col).ok_or_else(|| {
        format!(
            "column {:?} missing or not a number ({:?})",
            col,
            row.get(col)
        )
    })
}
fn cell_str<'a>(row: &'a HashMap<String, String>, col: &str) -> &'a str {
    row.get(col).map(|s| s.trim()).unwrap_or("")
}

// ------------------------------------------------------------------ architecture

/// A model architecture, derived from one models.csv row. Parameter counts are absolute numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Arch {
    pub name: String,
    /// L = num_hidden_layers
    pub layers: f64,
    /// h = hidden_size
    pub hidden: f64,
    /// V = vocab_size
    pub vocab: f64,
    pub moe: bool,
    /// E = num_routed_experts (0 for dense)
    pub experts: f64,
    /// k = experts_per_token
    pub experts_per_token: f64,
    /// L − first_k_dense_layers (0 for dense)
    pub moe_layers: f64,
    /// P_e = 3·h·moe_intermediate_size: one routed expert in one layer
    pub expert_params: f64,
    /// total_params_computed_B · 1e9
    pub total_params: f64,
    /// R = moe_layers·E·P_e
    pub routed_params: f64,
    /// D = total − R: attention, shared experts, dense FFN, norms, embedding and head
    pub dense_params: f64,
    /// D − V·h unless tied: the input embedding is a lookup, not streamed per step
    pub dense_read: f64,
    /// F_lin = linear_flops_per_token_computed
    pub linear_flops: f64,
    /// F_exp = 2·moe_layers·k·P_e
    pub expert_flops: f64,
    /// F_lin − F_exp
    pub dense_flops: f64,
    /// F_att = attn_flops_per_token_per_ctx_token_computed
    pub attn_flops: f64,
    /// kv_bytes_per_token_bf16 (all layers; MLA latent for DeepSeek/Kimi)
    pub kv_bytes_bf16: f64,
    /// MLA latent KV: replicated on every TP rank (not sharded)
    pub mla: bool,
    pub kv_heads: f64,
    /// sliding_window (0 = none); gpt-oss sliding layers add kv·min(ctx, window) per request
    pub sliding: f64,
    /// linear_state_bytes_per_seq_computed (Qwen3.5 GDN state; 0 = none)
    pub linear_state: f64,
    /// bytes/weight of the non-expert part when experts are 4-bit: 1 if native FP8, else 2
    pub native_bytes: f64,
    /// The precision its weights ship in (`native_weight_precision`): what
    /// an estimate assumes unless told otherwise.
    pub native: Precision,
}

impl Arch {
    /// Reads a models.csv row by column name. Errors when layers/hidden/vocab/params/FLOPs/KV are absent
    /// (e.g. Ling-flash-2.0 with "unknown" layers).
    pub fn from_row(row: &HashMap<String, String>) -> Result<Arch, String> {
        let name = cell_str(row, "model").to_string();
        let ctx = |e: String| format!("{}: {}", name, e);
        let layers = cell_req(row, "num_hidden_layers").map_err(ctx)?.trunc();
        let hidden = cell_req(row, "hidden_size").map_err(ctx)?.trunc();
        let vocab = cell_req(row, "vocab_size").map_err(ctx)?.trunc();
        let total_params = cell_req(row, "total_params_computed_B").map_err(ctx)? * 1e9;
        let linear_flops = cell_req(row, "linear_flops_per_token_computed").map_err(ctx)?;
        let attn_flops =
            cell_req(row, "attn_flops_per_token_per_ctx_token_computed").map_err(ctx)?;
        let kv_bytes_bf16 = cell_req(row, "kv_bytes_per_token_bf16").map_err(ctx)?;
        let z = |c: &str| cell_num(row, c).unwrap_or(0.0);
        let moe = cell_str(row, "arch") == "moe";
        let experts = z("num_routed_experts").trunc();
        let experts_per_token = z("experts_per_token").trunc();
        let first_dense = z("first_k_dense_layers").trunc();
        let moe_layers = if moe { layers - first_dense } else { 0.0 };
        let expert_params = if moe {
            3.0 * hidden * z("moe_intermediate_size")
        } else {
            0.0
        };
        if moe && (experts <= 0.0 || experts_per_token <= 0.0 || expert_params <= 0.0) {
            return Err(format!(
                "{}: MoE row without experts / experts_per_token / moe_intermediate_size",
                name
            ));
        }
        let routed_params = moe_layers * experts * expert_params;
        let tied = cell_str(row, "tie_word_embeddings") == "True";
        let dense_params = total_params - routed_params;
        let dense_read = dense_params - if tied { 0.0 } else { vocab * hidden };
        let expert_flops = 2.0 * moe_layers * experts_per_token * expert_params;
        let native = cell_str(row, "native_weight_precision").to_ascii_uppercase();
        Ok(Arch {
            name: name.clone(),
            layers,
            hidden,
            vocab,
            moe,
            experts,
            experts_per_token,
            moe_layers,
            expert_params,
            total_params,
            routed_params,
            dense_params,
            dense_read,
            linear_flops,
            expert_flops,
            dense_flops: linear_flops - expert_flops,
            attn_flops,
            kv_bytes_bf16,
            mla: cell_str(row, "attention_type").contains("MLA"),
            kv_heads: cell_num(row, "num_key_value_heads").unwrap_or(1.0).trunc(),
            sliding: z("sliding_window").trunc(),
            linear_state: z("linear_state_bytes_per_seq_computed"),
            native_bytes: if native.starts_with("FP8") { 1.0 } else { 2.0 },
            native: match native.as_str() {
                n if n.starts_with("FP8") => Precision::Fp8,
                n if n.contains("FP4") => Precision::Fp4,
                n if n.starts_with("INT4") => Precision::Int4,
                _ => Precision::Bf16,
            },
        })
    }

    /// (bytes per routed-expert weight, bytes per other weight). fp4/int4 MoE checkpoints quantize the
    /// routed experts only (gpt-oss MXFP4, Kimi INT4, DeepSeek NVFP4); dense models are uniform.
    pub fn weight_bytes(&self, p: Precision) -> (f64, f64) {
        let pb = p.bytes();
        let rest = if self.moe {
            match p {
                Precision::Fp4 | Precision::Int4 => self.native_bytes,
                Precision::Bf16 => 2.0,
                Precision::Fp8 => pb.min(2.0),
            }
        } else {
            pb
        };
        (pb, rest)
    }
}

// ------------------------------------------------------------------ GPU

/// One GPU, from a gpus.csv row. SI units.
#[derive(Clone, Debug, PartialEq)]
pub struct Gpu {
    pub name: String,
    /// memory_GB · 1e9
    pub mem_bytes: f64,
    /// hbm_bandwidth_TBps · 1e12
    pub bw: f64,
    /// dense TFLOPs · 1e12; fp8/fp4 are 0 when "n/a" (A100: no FP8/FP4 tensor cores)
    pub bf16_flops: f64,
    pub fp8_flops: f64,
    pub fp4_flops: f64,
    /// scaleup_GBps_per_direction · 1e9 (NVLink per direction)
    pub link: f64,
    /// B200/GB200: the Blackwell compute-efficiency multiplier gf applies.
    pub blackwell: bool,
}

impl Gpu {
    /// Reads a gpus.csv row. `gpu` is the parsed cell text (e.g. `B200 (HGX/DGX, SXM)`).
    pub fn from_row(row: &HashMap<String, String>) -> Result<Gpu, String> {
        let name = cell_str(row, "gpu").to_string();
        let ctx = |e: String| format!("{}: {}", name, e);
        Ok(Gpu {
            mem_bytes: cell_req(row, "memory_GB").map_err(ctx)? * 1e9,
            bw: cell_req(row, "hbm_bandwidth_TBps").map_err(ctx)? * 1e12,
            bf16_flops: cell_req(row, "bf16_dense_TFLOPS").map_err(ctx)? * 1e12,
            fp8_flops: cell_num(row, "fp8_dense_TFLOPS").unwrap_or(0.0) * 1e12,
            fp4_flops: cell_num(row, "fp4_dense_TFLOPS").unwrap_or(0.0) * 1e12,
            link: cell_req(row, "scaleup_GBps_per_direction").map_err(ctx)? * 1e9,
            blackwell: name.starts_with('B') || name.starts_with("GB"),
            name,
        })
    }
    /// GB200 (NVL72 part): not a gpus.csv row; figures from the B200 row's note
    /// (186 GB, 8 TB/s, 2.5 PF BF16 dense; FP8/FP4 = 2×/4×; NVLink 5 900 GB/s per direction).
    pub fn gb200() -> Gpu {
        Gpu {
            name: "GB200".into(),
            mem_bytes: 186e9,
            bw: 8.0e12,
            bf16_flops: 2500e12,
            fp8_flops: 5000e12,
            fp4_flops: 10000e12,
            link: 900e9,
            blackwell: true,
        }
    }
    /// Matmul rate for a weight precision: int4 (W4A16) and bf16 → BF16; fp8 → FP8 else BF16;
    /// fp4 → FP4, else FP8 (H100/H200), else BF16 (A100).
    pub fn tflops(&self, p: Precision) -> f64 {
        let or = |a: f64, b: f64| if a > 0.0 { a } else { b };
        match p {
            Precision::Bf16 | Precision::Int4 => self.bf16_flops,
            Precision::Fp8 => or(self.fp8_flops, self.bf16_flops),
            Precision::Fp4 => or(self.fp4_flops, or(self.fp8_flops, self.bf16_flops)),
        }
    }
}

// ------------------------------------------------------------------ setup / request

/// One serving replica.
#[derive(Clone, Copy, Debug)]
pub struct Setup<'a> {
    pub arch: &'a Arch,
    pub gpu: &'a Gpu,
    /// GPUs in the replica. With `attention_dp == 1` this is the tensor-parallel size; routed experts are
    /// spread over all of them (EP = gpus).
    pub gpus: u32,
    /// Attention data-parallel ranks (1 = plain TP). Attention TP = gpus / attention_dp.
    pub attention_dp: u32,
    pub backend: Backend,
    pub weights: Precision,
    pub kv: KvPrecision,
}

impl<'a> Setup<'a> {
    /// Plain tensor parallel over `gpus` GPUs (what the estimator UI offers).
    pub fn tp(
        arch: &'a Arch,
        gpu: &'a Gpu,
        gpus: u32,
        backend: Backend,
        weights: Precision,
        kv: KvPrecision,
    ) -> Self {
        Setup {
            arch,
            gpu,
            gpus,
            attention_dp: 1,
            backend,
            weights,
            kv,
        }
    }
    fn tp_size(&self) -> f64 {
        (self.gpus.max(1) / self.attention_dp.max(1)).max(1) as f64
    }
}

/// Workload: tokens per request and requests kept in flight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Request {
    pub input_tokens: f64,
    pub output_tokens: f64,
    pub concurrency: u32,
    /// Engine batch limit (requests running at once). None = concurrency (the estimator's default).
    pub max_batch: Option<u32>,
}

impl Request {
    pub fn new(input_tokens: f64, output_tokens: f64, concurrency: u32) -> Request {
        Request {
            input_tokens,
            output_tokens,
            concurrency,
            max_batch: None,
        }
    }
}

// ------------------------------------------------------------------ memory

/// Runtime reserve per GPU: 5 % of HBM (allocator headroom) + 1 GB (CUDA context, graphs, NCCL buffers)
/// + prefill activation workspace 8192 tokens × hidden × 8 B. A rule, not a fit (the data has no OOM runs).
pub const RESERVE_FRAC: f64 = 0.05;
pub const RESERVE_FIXED_BYTES: f64 = 1.0e9;
pub const RESERVE_ACT_TOKENS: f64 = 8192.0;
pub const RESERVE_ACT_BYTES_PER_HIDDEN: f64 = 8.0;

/// Memory of the whole replica (sums over its GPUs), GB = 1e9 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Memory {
    pub weights_gb: f64,
    /// KV cache (+ linear-attention state) of `concurrency` requests at full context isl+osl
    pub kv_cache_gb: f64,
    pub reserve_gb: f64,
    pub total_gb: f64,
    /// HBM of the replica (gpus × memory)
    pub available_gb: f64,
    /// total ≤ available (checked per GPU, which is the same with even sharding)
    pub fits: bool,
    /// Largest concurrency whose KV fits next to weights and reserve (0 if weights alone do not fit)
    pub max_concurrency: u32,
}

/// Per-GPU bytes: (weights, kv per request at context ctx, reserve).
fn mem_parts(s: &Setup, ctx_tokens: f64) -> (f64, f64, f64) {
    let a = s.arch;
    let tp = s.tp_size();
    let n = s.gpus.max(1) as f64;
    let (pb, rb) = a.weight_bytes(s.weights);
    // routed experts spread over all n GPUs (EP), the rest over the attention TP group
    let w_gpu = a.routed_params * pb / n + a.dense_params * rb / tp;
    let kv_req = kv_per_request(s, ctx_tokens);
    let reserve = RESERVE_FRAC * s.gpu.mem_bytes
        + RESERVE_FIXED_BYTES
        + RESERVE_ACT_TOKENS * a.hidden * RESERVE_ACT_BYTES_PER_HIDDEN;
    (w_gpu, kv_req, reserve)
}

/// KV bytes of one request per GPU at a context of `ctx` tokens: GQA sharded over min(tp, kv_heads),
/// MLA replicated; sliding layers hold min(ctx, window) tokens; plus the fixed linear-attention state / tp.
fn kv_per_request(s: &Setup, ctx: f64) -> f64 {
    let a = s.arch;
    let tp = s.tp_size();
    let shard = if a.mla { 1.0 } else { tp.min(a.kv_heads) };
    (ctx + ctx.min(a.sliding)) * a.kv_bytes_bf16 * s.kv.factor() / shard + a.linear_state / tp
}

fn max_conc(s: &Setup, w_gpu: f64, kv_req: f64, reserve: f64) -> u32 {
    let free = s.gpu.mem_bytes - reserve - w_gpu;
    if free > 0.0 {
        ((free / kv_req).floor().max(0.0) as u32).saturating_mul(s.attention_dp.max(1))
    } else {
        0
    }
}

/// Memory of the replica for `r.concurrency` requests at full context (isl + osl).
pub fn memory(s: &Setup, r: &Request) -> Memory {
    let (w, kv_req, res) = mem_parts(s, r.input_tokens + r.output_tokens);
    let kv_gpu = kv_req * r.concurrency as f64 / s.attention_dp.max(1) as f64;
    let n = s.gpus.max(1) as f64;
    let per_gpu_total = w + kv_gpu + res;
    Memory {
        weights_gb: w * n / 1e9,
        kv_cache_gb: kv_gpu * n / 1e9,
        reserve_gb: res * n / 1e9,
        total_gb: per_gpu_total * n / 1e9,
        available_gb: s.gpu.mem_bytes * n / 1e9,
        fits: per_gpu_total <= s.gpu.mem_bytes,
        max_concurrency: max_conc(s, w, kv_req, res),
    }
}

// ------------------------------------------------------------------ coefficients

/// Every fitted number (fit.py v2, coef.json). Per-backend arrays are indexed by `Backend::index()`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coefficients {
    /// share of dense TFLOPs reached by matmuls/attention (Hopper; × gf on Blackwell)
    pub eta_f: [f64; 3],
    /// fixed TTFT, ms (scheduler, tokenizer, HTTP)
    pub t0_ms: [f64; 3],
    /// share of the other in-flight requests' prefills a new request waits for
    pub alpha: [f64; 3],
    /// fixed cost per decode step, ms (shared by backends)
    pub c0_ms: f64,
    /// share of HBM bandwidth reached when streaming weights (shared)
    pub eta_bw: f64,
    /// latency per collective, µs (2 per layer when gpus > 1)
    pub lat_us: f64,
    /// prefill-interference multiplier (agg mode)
    pub ilv: f64,
    /// grouped-expert GEMMs run moe_f× slower than dense ones
    pub moe_f: f64,
    /// per-layer per-step overhead (kernel launches), ms
    pub cl_ms: f64,
    /// queue multiplier on Little's-law wait when concurrency > running batch
    pub qf: f64,
    /// KV/state reads cost kvf× weight streaming (paged gathers)
    pub kvf: f64,
    /// Blackwell multiplier on eta_f
    pub gf: f64,
}

impl Coefficients {
    pub const N: usize = 18;
    /// Flat vector in fit.py's order: [vllm.eta_f, vllm.t0, vllm.alpha, sglang.., trtllm.., c0, eta_bw, lat,
    /// ilv, moe_f, cl, qf, kvf, gf] (the `x` of coef.json).
    pub fn to_vec(&self) -> [f64; 18] {
        let mut v = [0.0; 18];
        for b in 0..3 {
            v[3 * b] = self.eta_f[b];
            v[3 * b + 1] = self.t0_ms[b];
            v[3 * b + 2] = self.alpha[b];
        }
        v[9..].copy_from_slice(&[
            self.c0_ms,
            self.eta_bw,
            self.lat_us,
            self.ilv,
            self.moe_f,
            self.cl_ms,
            self.qf,
            self.kvf,
            self.gf,
        ]);
        v
    }
    pub fn from_vec(v: &[f64]) -> Coefficients {
        assert!(v.len() >= 18);
        Coefficients {
            eta_f: [v[0], v[3], v[6]],
            t0_ms: [v[1], v[4], v[7]],
            alpha: [v[2], v[5], v[8]],
            c0_ms: v[9],
            eta_bw: v[10],
            lat_us: v[11],
            ilv: v[12],
            moe_f: v[13],
            cl_ms: v[14],
            qf: v[15],
            kvf: v[16],
            gf: v[17],
        }
    }
}

/// coef.json of fit.py v2 (2694 agg runs, pseudo-Huber δ = 0.15 on log ratios, TPOT weight 2).
pub const FITTED: Coefficients = Coefficients {
    eta_f: [0.5955126053189989, 0.3694769087996367, 0.9909394366152352],
    t0_ms: [34.588191804630036, 248.09564698618124, 95.32007843198458],
    alpha: [0.05298859895614874, 0.11577956710505309, 0.1076095547872389],
    c0_ms: 1.5230616909721647e-05,
    eta_bw: 0.8886086814120303,
    lat_us: 23.11818908647065,
    ilv: 0.9866038802976993,
    moe_f: 6.590581651158788,
    cl_ms: 0.053209574206926305,
    qf: 0.03593884429118612,
    kvf: 1.2821025706635265,
    gf: 0.7541917722939635,
};

// ------------------------------------------------------------------ features

/// Everything the estimate needs, per GPU, SI units; independent of the coefficients
/// (fit.py `features()`), so calibration computes it once per run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Features {
    pub backend: Backend,
    pub blackwell: bool,
    /// total running batch B = max(1, min(batch, max_concurrency))
    pub batch: f64,
    pub concurrency: f64,
    pub osl: f64,
    pub layers: f64,
    /// weight bytes streamed per decode step (touched experts + rest)
    pub w_bytes: f64,
    /// KV bytes read per decode step (B/dp requests at context isl + osl/2)
    pub kv_bytes: f64,
    pub bw: f64,
    /// prefill dense+attention seconds of one request at 100 % TF
    pub t_pref: f64,
    /// prefill routed-expert seconds of one request at 100 % TF
    pub t_pref_e: f64,
    /// decode FLOP seconds per step at 100 % TF (all parts) and its routed-expert part
    pub t_dec_fl: f64,
    pub t_dec_e: f64,
    /// collectives per step (2L if gpus > 1)
    pub ncoll: f64,
    /// ring all-reduce seconds per decode step / per prefill
    pub ar_dec: f64,
    pub ar_pre: f64,
}

/// fit.py `features()`.
pub fn features(s: &Setup, r: &Request) -> Features {
    let a = s.arch;
    let g = s.gpu;
    let tp = s.tp_size();
    let dp = s.attention_dp.max(1) as f64;
    let n = s.gpus.max(1) as f64;
    let (isl, osl) = (r.input_tokens, r.output_tokens);
    let batch = r.max_batch.unwrap_or(r.concurrency);
    let (w_gpu, kv_full, res) = mem_parts(s, isl + osl);
    let mc = max_conc(s, w_gpu, kv_full, res);
    let b = if mc > 0 {
        batch.min(mc).max(1)
    } else {
        batch.max(1)
    } as f64;
    let (pb, rb) = a.weight_bytes(s.weights);
    // distinct experts touched per layer by B tokens with k of E routed each: E·(1 − (1 − k/E)^B)
    let w_exp = if a.moe {
        let touched = a.experts * (1.0 - (1.0 - a.experts_per_token / a.experts).powf(b));
        a.moe_layers * touched * a.expert_params * pb / n
    } else {
        0.0
    };
    let w_rest = a.dense_read * rb / tp;
    let ctx = isl + osl / 2.0; // average context during decode
    let kv_step = kv_per_request(s, ctx) * b / dp;
    let tf = g.tflops(s.weights);
    let attn_pre = a.attn_flops * (isl * isl / 2.0 + isl * isl.min(a.sliding));
    let t_pref_e = a.expert_flops * isl / (n * tf);
    let t_pref = a.dense_flops * isl / (tp * tf) + attn_pre / (tp * tf);
    let attn_dec = a.attn_flops * (ctx + ctx.min(a.sliding)) * b / dp;
    let t_dec_e = a.expert_flops * b / (n * tf);
    let t_dec_fl = t_dec_e + a.dense_flops * b / dp / (tp * tf) + attn_dec / (tp * tf);
    let ncoll = if n > 1.0 { 2.0 * a.layers } else { 0.0 };
    // ring all-reduce, 2 per layer: 2(tp−1)/tp × tokens × h × 2 B each
    let ring = |tokens: f64| {
        if tp > 1.0 {
            (2.0 * (tp - 1.0) / tp) * tokens * a.hidden * 2.0 * 2.0 * a.layers / g.link
        } else {
            0.0
        }
    };
    Features {
        backend: s.backend,
        blackwell: g.blackwell,
        batch: b,
        concurrency: r.concurrency as f64,
        osl,
        layers: a.layers,
        w_bytes: w_exp + w_rest,
        kv_bytes: kv_step,
        bw: g.bw,
        t_pref,
        t_pref_e,
        t_dec_fl,
        t_dec_e,
        ncoll,
        ar_dec: ring(b / dp),
        ar_pre: ring(isl),
    }
}

/// Pure roofline TPOT, ms: max(bytes per step / BW, FLOPs / TF) at efficiency 1, no overheads.
/// A measured TPOT below it is physically impossible without speculative decoding.
pub fn roofline_tpot_ms(f: &Features) -> f64 {
    ((f.w_bytes + f.kv_bytes) / f.bw).max(f.t_dec_fl) * 1e3
}

/// Named TPOT terms, ms, in the order of the model formula.
pub const TERM_NAMES: [&str; 6] = [
    "step_overhead",
    "weights_read",
    "kv_read",
    "decode_compute",
    "collectives",
    "prefill_interference",
];

/// A TPOT term's name in words.
pub fn term_words(name: &str) -> &str {
    match name {
        "step_overhead" => "step overhead",
        "weights_read" => "reading the weights",
        "kv_read" => "reading the KV cache",
        "decode_compute" => "compute",
        "collectives" => "tensor-parallel communication",
        "prefill_interference" => "other requests' prefill",
        other => other,
    }
}

/// (ttft_ms, tpot_ms, TPOT terms) from features (fit.py `estimate()` for one row).
pub fn predict(f: &Features, c: &Coefficients) -> (f64, f64, [f64; 6]) {
    let bi = f.backend.index();
    let ef = c.eta_f[bi] * if f.blackwell { c.gf } else { 1.0 };
    let eb = c.eta_bw;
    let lat = c.lat_us * 1e-3;
    let comp = (f.t_pref + c.moe_f * f.t_pref_e) / ef * 1e3; // prefill matmul+attention of one request, ms
    let t_pref = comp
        + (f.w_bytes_prefill() / (eb * f.bw) + f.ar_pre) * 1e3
        + f.ncoll * lat
        + c.cl_ms * f.layers;
    let t_w = f.w_bytes / (eb * f.bw) * 1e3;
    let t_kv = c.kvf * f.kv_bytes / (eb * f.bw) * 1e3;
    let t_fl = (f.t_dec_fl + (c.moe_f - 1.0) * f.t_dec_e) / ef * 1e3;
    let t_comm = f.ar_dec * 1e3 + f.ncoll * lat;
    let interf = c.ilv * f.batch / f.osl * comp;
    let over = c.c0_ms + c.cl_ms * f.layers;
    let terms = [over, t_w, t_kv, t_fl, t_comm, interf];
    let tpot = over + (t_w + t_kv) + t_fl + t_comm + interf;
    let mut ttft = c.t0_ms[bi] + t_pref * (1.0 + c.alpha[bi] * (f.batch - 1.0)) + tpot;
    let q = (f.concurrency / f.batch - 1.0).max(0.0);
    ttft += c.qf * q * (ttft + (f.osl - 1.0) * tpot);
    (ttft, tpot, terms)
}

impl Features {
    /// Weights read once per prefill: the same bytes as a decode step at batch B (fit.py `w_pref`).
    fn w_bytes_prefill(&self) -> f64 {
        self.w_bytes
    }
}

// ------------------------------------------------------------------ figures

/// Mid estimates for one replica.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    pub ttft_ms: f64,
    pub tpot_ms: f64,
    /// concurrency · osl / (TTFT + (osl − 1)·TPOT), per replica
    pub output_tokens_per_second: f64,
    /// (input + output) tokens per day at that request rate: out tok/s · (isl + osl)/osl · 86400
    pub tokens_per_day: f64,
    /// requests actually running at once (batch capped by memory)
    pub running_batch: u32,
    /// each TPOT term's ms, named (TERM_NAMES); they sum to tpot_ms
    pub terms: Vec<(&'static str, f64)>,
}

pub fn estimate(s: &Setup, r: &Request, c: &Coefficients) -> Figures {
    let f = features(s, r);
    let (ttft, tpot, t) = predict(&f, c);
    let osl = r.output_tokens;
    let tok_s = r.concurrency as f64 * osl / (ttft + (osl - 1.0) * tpot) * 1000.0;
    Figures {
        ttft_ms: ttft,
        tpot_ms: tpot,
        output_tokens_per_second: tok_s,
        tokens_per_day: tok_s * (r.input_tokens + osl) / osl * 86400.0,
        running_batch: f.batch as u32,
        terms: TERM_NAMES.iter().copied().zip(t.iter().copied()).collect(),
    }
}

// ------------------------------------------------------------------ bands

/// Multiplier band: measured/estimated percentiles of the calibration; range = [mid·low, mid·high].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub low: f64,
    pub high: f64,
}

/// Recommended band: P5/P95 of measured/estimated over all 2694 runs, per backend (Backend::index()).
/// Leave-one-model-out coverage of this band: TTFT 0.816, TPOT 0.869 (P10/P90 would give 0.70/0.75).
pub const TTFT_BAND: [Band; 3] = [
    Band {
        low: 0.6856900000696456,
        high: 1.8214372664660479,
    },
    Band {
        low: 0.4558542370357516,
        high: 7.732556655623207,
    },
    Band {
        low: 0.415269273000339,
        high: 2.8451284952881988,
    },
];
pub const TPOT_BAND: [Band; 3] = [
    Band {
        low: 0.758212907587818,
        high: 1.3442936056336945,
    },
    Band {
        low: 0.745615819608787,
        high: 1.5165744615702903,
    },
    Band {
        low: 0.6204769515618856,
        high: 1.5183931927752632,
    },
];

/// Ranges (low, high) of each figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranges {
    pub ttft_ms: (f64, f64),
    pub tpot_ms: (f64, f64),
    /// low = slow end (high TTFT and TPOT), high = fast end
    pub output_tokens_per_second: (f64, f64),
    pub tokens_per_day: (f64, f64),
}

/// Applies the bands of `backend` to mid figures. Throughput bounds are recomputed from the TTFT/TPOT
/// bounds (not an independent percentile), so they are slightly wider than a joint band.
pub fn ranges(fig: &Figures, r: &Request, backend: Backend) -> Ranges {
    let (bt, bp) = (TTFT_BAND[backend.index()], TPOT_BAND[backend.index()]);
    let osl = r.output_tokens;
    let rate =
        |ttft: f64, tpot: f64| r.concurrency as f64 * osl / (ttft + (osl - 1.0) * tpot) * 1000.0;
    let slow = rate(fig.ttft_ms * bt.high, fig.tpot_ms * bp.high);
    let fast = rate(fig.ttft_ms * bt.low, fig.tpot_ms * bp.low);
    let day = (r.input_tokens + osl) / osl * 86400.0;
    Ranges {
        ttft_ms: (fig.ttft_ms * bt.low, fig.ttft_ms * bt.high),
        tpot_ms: (fig.tpot_ms * bp.low, fig.tpot_ms * bp.high),
        output_tokens_per_second: (slow, fast),
        tokens_per_day: (slow * day, fast * day),
    }
}

// ------------------------------------------------------------------ catalog and measured runs

/// Architectures and GPUs by name; `from_rows` adds GB200 (`Gpu::gb200()`).
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub archs: Vec<Arch>,
    pub gpus: Vec<Gpu>,
    /// rows that could not be read, with the reason
    pub skipped: Vec<String>,
}

impl Catalog {
    pub fn from_rows(
        models: &[HashMap<String, String>],
        gpus: &[HashMap<String, String>],
    ) -> Catalog {
        let mut c = Catalog::default();
        for m in models {
            match Arch::from_row(m) {
                Ok(a) => c.archs.push(a),
                Err(e) => c.skipped.push(e),
            }
        }
        for g in gpus {
            match Gpu::from_row(g) {
                Ok(x) => c.gpus.push(x),
                Err(e) => c.skipped.push(e),
            }
        }
        if c.gpu("GB200").is_none() {
            c.gpus.push(Gpu::gb200());
        }
        c
    }
    pub fn arch(&self, name: &str) -> Option<&Arch> {
        self.archs.iter().find(|a| a.name == name)
    }
    pub fn gpu(&self, name: &str) -> Option<&Gpu> {
        self.gpus.iter().find(|g| g.name == name)
    }
}

/// measured.csv model_path → models.csv `model`. R1 and V3 have separate rows (same config);
/// NVFP4/FP8 re-quantizations map to their base. zhipuai/GLM-5 has no row.
pub const PATH_TO_MODEL: [(&str, &str); 11] = [
    ("deepseek-ai/DeepSeek-R1", "DeepSeek-R1"),
    ("deepseek-ai/DeepSeek-V3", "DeepSeek-V3"),
    ("nvidia/DeepSeek-R1-NVFP4", "DeepSeek-R1"),
    ("nvidia/DeepSeek-V3.1-NVFP4", "DeepSeek-V3"),
    ("MiniMaxAI/MiniMax-M2.5", "MiniMax-M2.5"),
    ("openai/gpt-oss-120b", "gpt-oss-120b"),
    ("meta-llama/Llama-3.1-70B", "Llama-3.1-70B"),
    ("Qwen/Qwen3.5-397B-A17B", "Qwen3.5-397B-A17B"),
    ("moonshotai/Kimi-K2.5", "Kimi-K2.5"),
    ("meta-llama/Llama-3.1-8B-Instruct", "Llama-3.1-8B"),
    ("nvidia/Llama-3.1-8B-Instruct-FP8", "Llama-3.1-8B"),
];
/// measured.csv system → GPU name. b300_sxm and gb300 have no specs in gpus.csv.
pub const SYSTEM_TO_GPU: [(&str, &str); 4] = [
    ("h100_sxm", "H100 SXM"),
    ("h200_sxm", "H200 SXM"),
    ("b200_sxm", "B200 (HGX/DGX, SXM)"),
    ("gb200", "GB200"),
];

/// Broken-run rule 2: TTFT above this (ms) together with TPOT below the own-batch roofline.
pub const BROKEN_TTFT_MS: f64 = 10e3;

/// One measured.csv row (columns read: id, model_path, system, backend, precision, mode, isl, osl,
/// batch_size, concurrency, tp_size, attention_dp_size, moe_tp_size, moe_ep_size, ttft_ms, tpot_ms).
#[derive(Clone, Debug, PartialEq)]
pub struct MeasuredRun {
    pub id: String,
    pub model_path: String,
    pub system: String,
    pub backend: String,
    pub precision: String,
    pub mode: String,
    pub isl: f64,
    pub osl: f64,
    pub batch_size: u32,
    /// empty cell = batch_size
    pub concurrency: u32,
    pub tp: u32,
    pub attention_dp: u32,
    pub moe_tp: u32,
    pub moe_ep: u32,
    /// None when the cell is empty
    pub ttft_ms: Option<f64>,
    pub tpot_ms: Option<f64>,
}

impl MeasuredRun {
    pub fn from_row(row: &HashMap<String, String>) -> Result<MeasuredRun, String> {
        let id = cell_str(row, "id").to_string();
        let ctx = |e: String| format!("{}: {}", id, e);
        let int_or = |c: &str, d: u32| -> Result<u32, String> {
            let s = cell_str(row, c);
            if s.is_empty() {
                Ok(d)
            } else {
                s.parse::<u32>()
                    .map_err(|_| format!("{}: column {:?} = {:?} is not an integer", id, c, s))
            }
        };
        let mode = cell_str(row, "mode").to_string();
        let agg = mode == "agg";
        // disagg rows leave batch/tp empty; keep them readable so setup_and_request can say why they are out
        let batch_size = if agg {
            int_or("batch_size", 0)?
        } else {
            int_or("batch_size", 0).unwrap_or(0)
        };
        Ok(MeasuredRun {
            model_path: cell_str(row, "model_path").to_string(),
            system: cell_str(row, "system").to_string(),
            backend: cell_str(row, "backend").to_string(),
            precision: cell_str(row, "precision").to_string(),
            isl: cell_req(row, "isl").map_err(ctx)?,
            osl: cell_req(row, "osl").map_err(ctx)?,
            batch_size,
            concurrency: int_or("concurrency", batch_size).unwrap_or(batch_size),
            tp: int_or("tp_size", 1).unwrap_or(1),
            attention_dp: int_or("attention_dp_size", 1)?,
            moe_tp: int_or("moe_tp_size", 1)?,
            moe_ep: int_or("moe_ep_size", 1)?,
            ttft_ms: cell_num(row, "ttft_ms"),
            tpot_ms: cell_num(row, "tpot_ms"),
            mode,
            id,
        })
    }

    /// LOMO group: identical architectures count as one model (DeepSeek-V3 == R1 config).
    pub fn group(model: &str) -> &str {
        match model {
            "DeepSeek-R1" | "DeepSeek-V3" => "DeepSeek-V3/R1",
            m => m,
        }
    }

    /// Decodes the run like fit.py `load_rows()`. Err(reason) when excluded: model not in models.csv,
    /// system not in gpus.csv, disagg, missing TTFT/TPOT, or a broken-run rule.
    ///
    /// Parallelism normalisation (the data's encoding): with attention DP, batch_size is per DP rank, so the
    /// running batch = min(concurrency, batch_size·dp). On 8-GPU HGX systems tp·dp > 8 is the product of the
    /// attention size and the EP size (tp_size=64 has id "tp8_ep8"), so GPUs n = √(tp·dp) and the factor
    /// tp·dp/n is removed from tp (or from dp if tp is smaller). Otherwise n = max(tp·dp, moe_tp·moe_ep).
    pub fn setup_and_request<'a>(&self, cat: &'a Catalog) -> Result<(Setup<'a>, Request), String> {
        let model = PATH_TO_MODEL
            .iter()
            .find(|p| p.0 == self.model_path)
            .map(|p| p.1);
        let arch = match model.and_then(|m| cat.arch(m)) {
            Some(a) => a,
            None => return Err("model not in models.csv".into()),
        };
        let gpu = match SYSTEM_TO_GPU
            .iter()
            .find(|p| p.0 == self.system)
            .and_then(|p| cat.gpu(p.1))
        {
            Some(g) => g,
            None => return Err("system not in gpus.csv".into()),
        };
        if self.mode != "agg" {
            return Err("disagg".into());
        }
        if self.ttft_ms.is_none() || self.tpot_ms.is_none() {
            return Err("missing".into());
        }
        let backend = Backend::parse(&self.backend)?;
        let weights = Precision::parse(&self.precision)?;
        let (mut tp, mut dp) = (self.tp.max(1), self.attention_dp.max(1));
        let (mtp, mut mep) = (self.moe_tp.max(1), self.moe_ep.max(1));
        let mut mtp = mtp;
        let dp_rec = dp;
        let n_rec = tp * dp;
        if self.system != "gb200" && n_rec > 8 {
            let nn = (n_rec as f64).sqrt().round() as u32;
            let f = n_rec / nn;
            if tp >= f {
                tp /= f;
            } else {
                dp /= f;
            }
            mtp = 1;
            mep = nn;
        }
        let n = (tp * dp).max(mtp * mep).max(1);
        if n != tp * dp {
            return Err(format!(
                "unsupported parallelism: moe_tp·moe_ep = {} > tp·dp = {}",
                mtp * mep,
                tp * dp
            ));
        }
        let batch = if dp_rec > 1 {
            self.concurrency.min(self.batch_size * dp_rec)
        } else {
            self.batch_size
        };
        let setup = Setup {
            arch,
            gpu,
            gpus: n,
            attention_dp: dp,
            backend,
            weights,
            kv: KvPrecision::assumed_for(weights),
        };
        let req = Request {
            input_tokens: self.isl,
            output_tokens: self.osl,
            concurrency: self.concurrency,
            max_batch: Some(batch),
        };
        self.broken(&setup, &req)?;
        Ok((setup, req))
    }

    /// The two rules that leave a run out as one that cannot be right.
    fn broken(&self, setup: &Setup, req: &Request) -> Result<(), String> {
        // Rule 1 (other benchmark semantic): nvidia/*-NVFP4 checkpoints on trtllm: TPOT 85-92 ms at batch
        // 5-56 (10x the model's other runs) and concurrency 4-8x batch with TTFT < 1 s, which no queue allows.
        if self.model_path.starts_with("nvidia/")
            && self.model_path.ends_with("-NVFP4")
            && setup.backend == Backend::Trtllm
        {
            return Err("broken: nvidia/*-NVFP4 trtllm (other benchmark semantic)".into());
        }
        // Rule 2 (failed run): TPOT below the pure roofline of its own batch and TTFT > 10 s: requests were
        // rejected or cut short (gpt-oss H100 vllm c512). gb200 runs below the roofline with TTFT 1-2 s kept (MTP).
        let f = features(setup, req);
        let (ttft, tpot) = (self.ttft_ms.unwrap_or(0.0), self.tpot_ms.unwrap_or(0.0));
        if tpot < roofline_tpot_ms(&f) && ttft > BROKEN_TTFT_MS {
            return Err("broken: TPOT below own-batch roofline with TTFT > 10 s".into());
        }
        Ok(())
    }
}

// ------------------------------------------------------------------ tests

#[cfg(test)]
mod tests {
    use super::*;

    include!("testdata.rs");

    /// Minimal CSV splitter: quoted fields with commas and doubled quotes; one record per line.
    fn split_csv_line(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut q = false;
        let mut it = line.chars().peekable();
        while let Some(ch) = it.next() {
            if q {
                if ch == '"' {
                    if it.peek() == Some(&'"') {
                        cur.push('"');
                        it.next();
                    } else {
                        q = false;
                    }
                } else {
                    cur.push(ch);
                }
            } else if ch == '"' {
                q = true;
            } else if ch == ',' {
                out.push(std::mem::take(&mut cur));
            } else {
                cur.push(ch);
            }
        }
        out.push(cur);
        out
    }
    fn rows(text: &str) -> Vec<HashMap<String, String>> {
        let mut lines = text.lines();
        let head = split_csv_line(lines.next().unwrap());
        lines
            .filter(|l| !l.trim().is_empty())
            .map(|l| head.iter().cloned().zip(split_csv_line(l)).collect())
            .collect()
    }
    fn cat() -> Catalog {
        Catalog::from_rows(&rows(MODELS_CSV), &rows(GPUS_CSV))
    }
    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }
    macro_rules! assert_close {
        ($a:expr, $b:expr, $rel:expr) => {{
            let (a, b) = ($a as f64, $b as f64);
            assert!(
                close(a, b, $rel),
                "{} = {} vs {} (rel {:e})",
                stringify!($a),
                a,
                b,
                (a - b).abs() / b.abs()
            );
        }};
    }

    #[test]
    fn csv_splitter_and_rows() {
        assert_eq!(
            split_csv_line(r#"a,"b, c",,"d ""q""""#),
            vec!["a", "b, c", "", "d \"q\""]
        );
        let c = cat();
        assert!(c.skipped.is_empty(), "{:?}", c.skipped);
        let b = c.gpu("B200 (HGX/DGX, SXM)").unwrap();
        assert!(b.blackwell && b.fp4_flops == 9000e12 && b.mem_bytes == 180e9);
        let a100 = c.gpu("A100 80GB SXM").unwrap();
        assert_eq!(
            (a100.fp8_flops, a100.fp4_flops, a100.blackwell),
            (0.0, 0.0, false)
        ); // "n/a (no FP8)"
        assert_eq!(a100.tflops(Precision::Fp4), 312e12);
        assert_eq!(c.gpu("H100 SXM").unwrap().tflops(Precision::Fp4), 1978.9e12);
        assert!(c.gpu("GB200").unwrap().blackwell);
    }

    /// The hand-computable case of SPEC.md: Qwen3-32B bf16 on 2x A100 80GB SXM, vllm, 1000/200, c32.
    #[test]
    fn qwen3_32b_a100_by_hand() {
        let c = cat();
        let (a, g) = (
            c.arch("Qwen3-32B").unwrap(),
            c.gpu("A100 80GB SXM").unwrap(),
        );
        let s = Setup::tp(a, g, 2, Backend::Vllm, Precision::Bf16, KvPrecision::Bf16);
        let r = Request::new(1000.0, 200.0, 32);
        let m = memory(&s, &r);
        // weights: 32.762e9 params x 2 B = 65.524 GB for the replica (32.762 GB per GPU)
        assert_close!(m.weights_gb, 65.524, 1e-12);
        // KV: 262144 B/token / min(tp 2, 8 kv heads) = 131072 B/token/GPU; x 1200 tokens x 32 req x 2 GPUs
        assert_close!(m.kv_cache_gb, 131072.0 * 1200.0 * 32.0 * 2.0 / 1e9, 1e-12); // 10.066 GB
        // reserve per GPU: 0.05 x 80e9 + 1e9 + 8192 x 5120 x 8 = 5.335544 GB; x2
        assert_close!(
            m.reserve_gb,
            2.0 * (4e9 + 1e9 + 8192.0 * 5120.0 * 8.0) / 1e9,
            1e-12
        );
        assert_close!(m.total_gb, 65.524 + 10.0663296 + 10.67108864, 1e-9);
        assert_eq!(m.available_gb, 160.0);
        assert!(m.fits);
        // max concurrency: floor((80e9 - 5.33554432e9 - 32.762e9) / (131072 x 1200)) = floor(266.4...) = 266
        assert_eq!(m.max_concurrency, 266);

        // TPOT by hand with FITTED (B = 32, c = 1000 + 200/2 = 1100, TF = 312e12, BW = 2.039e12):
        let k = FITTED;
        let ebw = k.eta_bw * 2.039e12;
        let w_read = (32.762e9 - 151936.0 * 5120.0) * 2.0 / 2.0; // input embedding not streamed
        let t_w = w_read / ebw * 1e3;
        let t_kv = k.kvf * 32.0 * 1100.0 * 131072.0 / ebw * 1e3;
        let tf = 312e12 * k.eta_f[0];
        let t_fl = (63.968e9 * 32.0 / 2.0 + 2.097152e6 * 1100.0 * 32.0 / 2.0) / tf * 1e3;
        let lat = 2.0 * 64.0 * k.lat_us * 1e-3;
        let ar = |tok: f64| (2.0 * 1.0 / 2.0) * tok * 5120.0 * 2.0 * 2.0 * 64.0 / 300e9 * 1e3;
        let comp = (63.968e9 * 1000.0 + 2.097152e6 * 1000.0 * 1000.0 / 2.0) / (2.0 * tf) * 1e3; // ~ 0.18 s
        let over = k.c0_ms + k.cl_ms * 64.0;
        let tpot = over + t_w + t_kv + t_fl + lat + ar(32.0) + k.ilv * 32.0 / 200.0 * comp;
        let t_pref = comp + w_read / ebw * 1e3 + ar(1000.0) + lat + k.cl_ms * 64.0;
        let ttft = k.t0_ms[0] + t_pref * (1.0 + k.alpha[0] * 31.0) + tpot; // no queue: conc = B
        let tok_s = 32.0 * 200.0 / (ttft + 199.0 * tpot) * 1000.0;
        let f = estimate(&s, &r, &FITTED);
        assert_close!(f.tpot_ms, tpot, 1e-12);
        assert_close!(f.ttft_ms, ttft, 1e-12);
        assert_close!(f.output_tokens_per_second, tok_s, 1e-12);
        assert_close!(f.tokens_per_day, tok_s * 1200.0 / 200.0 * 86400.0, 1e-12);
        assert_close!(f.terms.iter().map(|t| t.1).sum::<f64>(), f.tpot_ms, 1e-12);
        assert_eq!(f.terms[1].0, "weights_read");
        assert_close!(f.terms[1].1, t_w, 1e-12);
        assert_eq!(f.running_batch, 32);
        // fit.py: TTFT 632.718506 ms, TPOT 60.748016 ms, 503.082 tok/s
        assert_close!(f.ttft_ms, 632.7185057621897, 1e-6);
        assert_close!(f.tpot_ms, 60.748016194099634, 1e-6);
        let rg = ranges(&f, &r, Backend::Vllm);
        assert!(rg.ttft_ms.0 < f.ttft_ms && f.ttft_ms < rg.ttft_ms.1);
        assert!(
            rg.output_tokens_per_second.0 < f.output_tokens_per_second
                && f.output_tokens_per_second < rg.output_tokens_per_second.1
        );
    }

    /// Dense roofline by hand: Llama-3.1-70B fp8 on 1x H100, batch 1, 1000 in / 0+ out (ctx ~ 1000).
    #[test]
    fn dense_roofline_by_hand() {
        let c = cat();
        let a = c.arch("Llama-3.1-70B").unwrap();
        let g = c.gpu("H100 SXM").unwrap();
        let s = Setup::tp(a, g, 1, Backend::Trtllm, Precision::Fp8, KvPrecision::Fp8);
        let f = features(&s, &Request::new(1000.0, 2.0, 1));
        // weights streamed: (total − V·h) params x 1 B; total = total_params_computed_B x 1e9
        let w = a.total_params - 128256.0 * 8192.0;
        assert_close!(f.w_bytes, w, 1e-12);
        // KV per token bf16 = 2 x 80 layers x 8 kv heads x 128 x 2 B = 327680 B; fp8 halves it; ctx = 1000 + 1
        assert_eq!(a.kv_bytes_bf16, 327680.0);
        assert_close!(f.kv_bytes, 1001.0 * 163840.0, 1e-12);
        // roofline = bytes / 3.35 TB/s: (~69.5 GB + 0.16 GB) / 3.35e12 ~ 20.8 ms (memory bound at B = 1)
        let roof = (w + 1001.0 * 163840.0) / 3.35e12 * 1e3;
        assert_close!(roofline_tpot_ms(&f), roof, 1e-12);
        assert!(roof > 20.0 && roof < 21.5, "{}", roof);
    }

    /// MoE roofline by hand: DeepSeek-V3 fp8 on 8x H200: one token touches k = 8 of 256 experts per layer.
    #[test]
    fn moe_roofline_by_hand() {
        let c = cat();
        let a = c.arch("DeepSeek-V3").unwrap();
        let g = c.gpu("H200 SXM").unwrap();
        assert!(a.mla && a.moe);
        let s = Setup::tp(a, g, 8, Backend::Sglang, Precision::Fp8, KvPrecision::Fp8);
        let f = features(&s, &Request::new(1000.0, 2.0, 1));
        // P_e = 3 x 7168 x 2048; 58 MoE layers; at B = 1 exactly k = 8 experts touched: 1 − (1 − 8/256)^1 = 8/256
        let pe = 3.0 * 7168.0 * 2048.0;
        let w_exp = 58.0 * 8.0 * pe * 1.0 / 8.0; // fp8 1 B, spread over 8 GPUs
        let w_rest = (a.total_params - 58.0 * 256.0 * pe - 129280.0 * 7168.0) * 1.0 / 8.0;
        assert_close!(f.w_bytes, w_exp + w_rest, 1e-9);
        // MLA latent (512 + 64) x 61 layers x 2 B = 70272 B/token bf16, fp8 half, replicated (not / tp)
        assert_eq!(a.kv_bytes_bf16, 70272.0);
        assert_close!(f.kv_bytes, 1001.0 * 35136.0, 1e-12);
        let roof = (w_exp + w_rest + 1001.0 * 35136.0) / 4.8e12 * 1e3; // ~ 1.9 ms for ~ 4.6 GB/GPU... 
        assert_close!(roofline_tpot_ms(&f), roof, 1e-9);
        // many tokens touch (almost) all experts: B = 256 → 256 x (1 − (248/256)^256) ~ 255.99... < 256
        let f2 = features(&s, &Request::new(1000.0, 2.0, 256));
        assert!(
            f2.w_bytes > f.w_bytes
                && f2.w_bytes < (58.0 * 256.0 * pe / 8.0 + w_rest) * (1.0 + 1e-12)
        );
    }

    #[test]
    fn memory_boundary() {
        let c = cat();
        for (m, g, n, p) in [
            ("Qwen3-32B", "A100 80GB SXM", 2, Precision::Bf16),
            ("DeepSeek-V3", "H200 SXM", 8, Precision::Fp8),
            ("gpt-oss-120b", "H100 SXM", 1, Precision::Fp4),
            (
                "Qwen3.5-397B-A17B",
                "B200 (HGX/DGX, SXM)",
                4,
                Precision::Fp8,
            ),
        ] {
            let s = Setup::tp(
                c.arch(m).unwrap(),
                c.gpu(g).unwrap(),
                n,
                Backend::Vllm,
                p,
                KvPrecision::assumed_for(p),
            );
            let mc = memory(&s, &Request::new(4096.0, 1024.0, 1)).max_concurrency;
            assert!(mc > 0, "{}", m);
            assert!(
                memory(&s, &Request::new(4096.0, 1024.0, mc)).fits,
                "{} at {}",
                m,
                mc
            );
            assert!(
                !memory(&s, &Request::new(4096.0, 1024.0, mc + 1)).fits,
                "{} at {}+1",
                m,
                mc
            );
        }
        // weights do not fit: DeepSeek-V3 fp8 (~ 671 GB) on 2 H100
        let s = Setup::tp(
            c.arch("DeepSeek-V3").unwrap(),
            c.gpu("H100 SXM").unwrap(),
            2,
            Backend::Vllm,
            Precision::Fp8,
            KvPrecision::Fp8,
        );
        let m = memory(&s, &Request::new(1000.0, 100.0, 1));
        assert!(!m.fits && m.max_concurrency == 0);
    }

    #[test]
    fn more_gpus_never_fit_fewer() {
        let c = cat();
        for m in [
            "Qwen3-32B",
            "Llama-3.1-70B",
            "DeepSeek-V3",
            "gpt-oss-120b",
            "Qwen3.5-397B-A17B",
            "Llama-3.1-8B",
        ] {
            for g in [
                "A100 80GB SXM",
                "H100 SXM",
                "H200 SXM",
                "B200 (HGX/DGX, SXM)",
            ] {
                for p in [
                    Precision::Bf16,
                    Precision::Fp8,
                    Precision::Fp4,
                    Precision::Int4,
                ] {
                    let mut last = 0;
                    for n in [1u32, 2, 4, 8, 16] {
                        let s = Setup::tp(
                            c.arch(m).unwrap(),
                            c.gpu(g).unwrap(),
                            n,
                            Backend::Sglang,
                            p,
                            KvPrecision::assumed_for(p),
                        );
                        let mc = memory(&s, &Request::new(2048.0, 512.0, 1)).max_concurrency;
                        assert!(
                            mc >= last,
                            "{} {} {:?}: {} GPUs fit {} < {}",
                            m,
                            g,
                            p,
                            n,
                            mc,
                            last
                        );
                        last = mc;
                    }
                }
            }
        }
    }

    /// One of fit.py's test vectors: model, GPU, GPUs, engine, precisions,
    /// tokens in and out, concurrency; then TTFT, TPOT, out tok/s, in+out
    /// tok/day, weights/KV/reserve per GPU (bytes); and the most requests.
    type Case = (
        &'static str,
        &'static str,
        u32,
        Backend,
        Precision,
        KvPrecision,
        f64,
        f64,
        u32,
        [f64; 7],
        u32,
    );

    #[rustfmt::skip]
    const FIT_PY_CASES: [Case; 5] = [
        ("Qwen3-32B", "A100 80GB SXM", 2, Backend::Vllm, Precision::Bf16, KvPrecision::Bf16, 1000.0, 200.0, 32, [632.7185057621897, 60.748016194099634, 503.0824123369648, 260797922.55548257, 32762000000.0, 5033164800.0, 5335544320.0], 266,),
        ("Llama-3.1-70B", "H100 SXM", 4, Backend::Trtllm, Precision::Fp8, KvPrecision::Fp8, 2048.0, 512.0, 64, [652.3343780517214, 22.699124498466574, 2674.592280056772, 1155423864.9845254, 17638500000.0, 6710886400.0, 5536870912.0], 541,),
        ("DeepSeek-V3", "H200 SXM", 8, Backend::Sglang, Precision::Fp8, KvPrecision::Fp8, 1024.0, 1024.0, 128, [1651.5628596071972, 42.19750700556817, 2924.434028140635, 505342200.0627017, 83878250000.0, 9210691584.0, 8519762048.0], 675,),
        ("gpt-oss-120b", "B200 (HGX/DGX, SXM)", 1, Backend::Vllm, Precision::Fp4, KvPrecision::Fp8, 8192.0, 1024.0, 16, [241.645807419574, 8.443059870295144, 1845.2744461704867, 1434885409.3421705, 68831683200.0, 2755657728.0, 10188743680.0], 586,),
        ("Qwen3.5-397B-A17B", "B200 (HGX/DGX, SXM)", 4, Backend::Sglang, Precision::Fp8, KvPrecision::Fp8, 1024.0, 8192.0, 32, [439.2419866128845, 14.329387381995971, 2225.118492734068, 216281517.4937514, 99086500000.0, 3801415680.0, 10268435456.0], 594,),
    ];

    /// fit.py CASES with coef.json (python3 fit.py, estimate_one).
    #[test]
    fn matches_fit_py() {
        let c = cat();
        for (m, g, n, b, p, kv, isl, osl, conc, want, mc) in FIT_PY_CASES {
            let s = Setup::tp(c.arch(m).unwrap(), c.gpu(g).unwrap(), n, b, p, kv);
            let r = Request::new(isl, osl, conc);
            let f = estimate(&s, &r, &FITTED);
            let mem = memory(&s, &r);
            let nn = n as f64;
            let got = [
                f.ttft_ms,
                f.tpot_ms,
                f.output_tokens_per_second,
                f.tokens_per_day,
                mem.weights_gb * 1e9 / nn,
                mem.kv_cache_gb * 1e9 / nn,
                mem.reserve_gb * 1e9 / nn,
            ];
            for i in 0..7 {
                assert!(
                    close(got[i], want[i], 1e-6),
                    "{} field {}: {} vs {}",
                    m,
                    i,
                    got[i],
                    want[i]
                );
            }
            assert_eq!(mem.max_concurrency, mc, "{}", m);
        }
    }

    #[test]
    fn measured_rows() {
        let c = cat();
        let head = "id,model_path,system,backend,backend_version,precision,mode,isl,osl,batch_size,concurrency,tp_size,pp_size,attention_dp_size,moe_tp_size,moe_ep_size,prefill_num_workers,prefill_tp_size,prefill_batch_size,decode_num_workers,decode_tp_size,decode_batch_size,measured,ttft_ms,tpot_ms";
        let text = format!("{}\n{}", head, MEASURED_ROWS);
        let rs = rows(&text);
        let runs: Vec<MeasuredRun> = rs
            .iter()
            .map(|r| MeasuredRun::from_row(r).unwrap())
            .collect();
        let out: Vec<Result<(Setup, Request), String>> =
            runs.iter().map(|r| r.setup_and_request(&c)).collect();
        // 0: plain agg row
        let (s, r) = out[0].as_ref().unwrap();
        assert_eq!(
            (s.gpus, s.attention_dp, r.max_batch, r.concurrency),
            (4, 1, Some(16), 16)
        );
        // 1: HGX tp_size 64 = tp8 x ep8 → 8 GPUs
        let (s, _) = out[1].as_ref().unwrap();
        assert_eq!((s.gpus, s.attention_dp), (8, 1));
        // 2: attention DP 8 with batch 32 per rank, concurrency 256 → running batch min(256, 32x8) = 256
        let (s, r) = out[2].as_ref().unwrap();
        assert_eq!((s.gpus, s.attention_dp, r.max_batch), (8, 8, Some(256)));
        assert_eq!(out[3].as_ref().unwrap_err(), "disagg");
        assert_eq!(out[4].as_ref().unwrap_err(), "system not in gpus.csv");
        assert_eq!(out[5].as_ref().unwrap_err(), "model not in models.csv");
        assert!(out[6].as_ref().unwrap_err().starts_with("broken: nvidia"));
        assert!(
            out[7]
                .as_ref()
                .unwrap_err()
                .starts_with("broken: TPOT below")
        );
    }
}
