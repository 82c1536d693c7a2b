//! A Hugging Face `config.json` read as a row of the model table: the same
//! columns `assets/perf/models.csv` gives, with the parameter counts, KV bytes
//! and FLOPs counted from the dimensions as that table's `*_computed` columns
//! are (embedding and head both counted; MTP heads and vision towers left out).

use serde_json::Value;
use std::collections::HashMap;

/// The model-table row a `config.json` text describes, named `name`.
pub fn row(text: &str, name: &str) -> Result<HashMap<String, String>, String> {
    let json: Value =
        serde_json::from_str(text).map_err(|e| format!("not a JSON config.json: {e}"))?;
    // Multimodal configs keep the language model's under `text_config`.
    let c = json.get("text_config").unwrap_or(&json);
    let dims = Dims::of(c)?;
    let counts = dims.counts();
    let mut r = HashMap::new();
    let mut put = |k: &str, v: String| {
        r.insert(k.to_string(), v);
    };
    put("model", name.to_string());
    put("hf_repo", name.to_string());
    put(
        "arch",
        if dims.moe.is_some() { "moe" } else { "dense" }.into(),
    );
    put("num_hidden_layers", dims.layers.to_string());
    put("hidden_size", dims.hidden.to_string());
    put("num_attention_heads", dims.heads.to_string());
    put("num_key_value_heads", dims.kv_heads.to_string());
    put("head_dim", dims.head_dim.to_string());
    put("intermediate_size", dims.intermediate.to_string());
    put("vocab_size", dims.vocab.to_string());
    put(
        "tie_word_embeddings",
        if dims.tied { "True" } else { "False" }.into(),
    );
    if let Some(m) = &dims.moe {
        put("moe_intermediate_size", m.intermediate.to_string());
        put("num_routed_experts", m.experts.to_string());
        put("experts_per_token", m.per_token.to_string());
        put("num_shared_experts", m.shared.to_string());
        put(
            "shared_expert_intermediate_size",
            m.shared_intermediate.to_string(),
        );
        put("first_k_dense_layers", m.first_dense.to_string());
    }
    match &dims.mla {
        Some(m) => {
            put("attention_type", "MLA".into());
            put("kv_lora_rank", m.kv_rank.to_string());
            put("qk_rope_head_dim", m.rope.to_string());
            put("qk_nope_head_dim", m.nope.to_string());
            put("v_head_dim", m.v.to_string());
            if let Some(q) = m.q_rank {
                put("q_lora_rank", q.to_string());
            }
        }
        None => put("attention_type", "GQA".into()),
    }
    if let Some(w) = dims.sliding {
        put("sliding_window", w.to_string());
        put("full_attention_layers", dims.full_layers.to_string());
    }
    put("native_weight_precision", precision(c, &json));
    put("total_params_computed_B", format!("{}", counts.total / 1e9));
    put(
        "active_params_computed_B",
        format!("{}", counts.active / 1e9),
    );
    put("kv_bytes_per_token_bf16", format!("{}", counts.kv_bytes));
    put(
        "linear_flops_per_token_computed",
        format!("{}", counts.linear_flops),
    );
    put(
        "attn_flops_per_token_per_ctx_token_computed",
        format!("{}", counts.attn_flops),
    );
    put("source", "config.json".into());
    Ok(r)
}

/// The dimensions that matter, under the names the common model families use.
struct Dims {
    layers: u64,
    hidden: u64,
    heads: u64,
    kv_heads: u64,
    head_dim: u64,
    intermediate: u64,
    vocab: u64,
    tied: bool,
    moe: Option<Moe>,
    mla: Option<Mla>,
    /// The sliding window of the layers that have one (gpt-oss, Gemma).
    sliding: Option<u64>,
    /// Layers attending to the whole context.
    full_layers: u64,
}

struct Moe {
    experts: u64,
    per_token: u64,
    intermediate: u64,
    shared: u64,
    shared_intermediate: u64,
    first_dense: u64,
}

/// DeepSeek's multi-head latent attention.
struct Mla {
    kv_rank: u64,
    q_rank: Option<u64>,
    rope: u64,
    nope: u64,
    v: u64,
}

struct Counts {
    total: f64,
    active: f64,
    kv_bytes: f64,
    linear_flops: f64,
    attn_flops: f64,
}

fn int(c: &Value, keys: &[&str]) -> Option<u64> {
    keys.iter().find_map(|k| c.get(*k)?.as_u64())
}

fn need(c: &Value, keys: &[&str]) -> Result<u64, String> {
    int(c, keys).ok_or_else(|| format!("config.json has no {}", keys.join(" or ")))
}

impl Dims {
    fn of(c: &Value) -> Result<Dims, String> {
        let layers = need(c, &["num_hidden_layers", "n_layer", "num_layers"])?;
        let hidden = need(c, &["hidden_size", "n_embd", "d_model"])?;
        let heads = need(c, &["num_attention_heads", "n_head"])?;
        let kv_heads = int(c, &["num_key_value_heads", "num_kv_heads"]).unwrap_or(heads);
        let head_dim = int(c, &["head_dim"]).unwrap_or(hidden / heads.max(1));
        let vocab = need(c, &["vocab_size"])?;
        let types: Vec<&str> = c
            .get("layer_types")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if types.iter().any(|t| t.contains("linear")) {
            return Err("its linear-attention layers (Qwen3.5, Qwen3-Next) are not read from a config.json: use the table's name for it".into());
        }
        let sliding_layers = types.iter().filter(|t| t.contains("sliding")).count() as u64;
        let sliding = int(c, &["sliding_window"]).filter(|_| sliding_layers > 0);
        let experts = int(c, &["n_routed_experts", "num_experts", "num_local_experts"]);
        let moe = match experts {
            Some(e) if e > 1 => Some(Moe {
                experts: e,
                per_token: need(c, &["num_experts_per_tok", "experts_per_token", "moe_topk"])?,
                intermediate: int(c, &["moe_intermediate_size"])
                    .or(int(c, &["intermediate_size"]))
                    .unwrap_or(0),
                shared: int(c, &["n_shared_experts", "num_shared_experts"]).unwrap_or(0),
                shared_intermediate: int(c, &["shared_expert_intermediate_size"])
                    .or(int(c, &["moe_intermediate_size"]))
                    .unwrap_or(0),
                first_dense: int(c, &["first_k_dense_replace", "first_k_dense_layers"])
                    .unwrap_or(0),
            }),
            _ => None,
        };
        let mla = int(c, &["kv_lora_rank"]).map(|kv_rank| Mla {
            kv_rank,
            q_rank: int(c, &["q_lora_rank"]),
            rope: int(c, &["qk_rope_head_dim"]).unwrap_or(0),
            nope: int(c, &["qk_nope_head_dim"]).unwrap_or(head_dim),
            v: int(c, &["v_head_dim"]).unwrap_or(head_dim),
        });
        Ok(Dims {
            layers,
            hidden,
            heads,
            kv_heads,
            head_dim,
            intermediate: int(c, &["intermediate_size", "ffn_dim", "n_inner"])
                .unwrap_or(4 * hidden),
            vocab,
            tied: c
                .get("tie_word_embeddings")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            moe,
            mla,
            sliding,
            full_layers: layers - sliding_layers,
        })
    }

    /// Parameters (total and per token), KV bytes and FLOPs per token.
    fn counts(&self) -> Counts {
        let (h, l) = (self.hidden as f64, self.layers as f64);
        let embed = self.vocab as f64 * h;
        let head = if self.tied { 0.0 } else { embed };
        let heads = self.heads as f64;
        let (attn, kv_per_layer, attn_flops_per_layer) = match &self.mla {
            Some(m) => {
                let (qk, rank) = ((m.nope + m.rope) as f64, m.kv_rank as f64);
                let q = match m.q_rank {
                    Some(qr) => h * qr as f64 + qr as f64 * heads * qk,
                    None => h * heads * qk,
                };
                let kv = h * (rank + m.rope as f64) + rank * heads * (m.nope + m.v) as f64;
                let o = heads * m.v as f64 * h;
                // The latent is what is cached, and attention runs over it
                // (absorbed): scores over rank + rope, values over rank.
                let latent = rank + m.rope as f64;
                (q + kv + o, latent * 2.0, 2.0 * heads * (latent + rank))
            }
            None => {
                let d = self.head_dim as f64;
                let kv = self.kv_heads as f64 * d;
                (
                    2.0 * h * heads * d + 2.0 * h * kv,
                    2.0 * kv * 2.0,
                    4.0 * heads * d,
                )
            }
        };
        let dense_ffn = 3.0 * h * self.intermediate as f64;
        let (mut total, mut active) = (embed + head + l * attn, embed + head + l * attn);
        match &self.moe {
            Some(m) => {
                let moe_layers = (self.layers - m.first_dense.min(self.layers)) as f64;
                let expert = 3.0 * h * m.intermediate as f64;
                let shared = m.shared as f64 * 3.0 * h * m.shared_intermediate as f64;
                let router = h * m.experts as f64;
                let dense_layers = l - moe_layers;
                total += dense_layers * dense_ffn
                    + moe_layers * (m.experts as f64 * expert + shared + router);
                active += dense_layers * dense_ffn
                    + moe_layers * (m.per_token as f64 * expert + shared + router);
            }
            None => {
                total += l * dense_ffn;
                active += l * dense_ffn;
            }
        }
        let full = self.full_layers as f64;
        Counts {
            total,
            active,
            kv_bytes: full * kv_per_layer,
            linear_flops: 2.0 * (active - embed),
            attn_flops: full * attn_flops_per_layer,
        }
    }
}

/// The weights' precision as the table writes it: from the quantization
/// config where there is one, else the dtype.
fn precision(c: &Value, top: &Value) -> String {
    let q = top
        .get("quantization_config")
        .or(c.get("quantization_config"));
    let method = q
        .and_then(|q| q.get("quant_method").or(q.get("format")))
        .and_then(Value::as_str)
        .unwrap_or("");
    match method.to_lowercase().as_str() {
        m if m.contains("mxfp4") => "MXFP4 MoE expert weights".into(),
        m if m.contains("fp8") => "FP8".into(),
        m if m.contains("fp4") => "FP4".into(),
        m if !m.is_empty() => format!("{} (quantized)", method.to_uppercase()),
        _ => c
            .get("torch_dtype")
            .or(c.get("dtype"))
            .and_then(Value::as_str)
            .map_or("BF16".into(), |d| {
                d.replace("bfloat16", "BF16").replace("float16", "FP16")
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A config.json with the dimensions the table's row for `model` gives,
    /// under Hugging Face's names.
    fn counted(json: &str, model: &str) -> (HashMap<String, String>, HashMap<String, String>) {
        let table = crate::capacity::tables::rows(include_str!("../../assets/perf/models.csv"))
            .unwrap()
            .into_iter()
            .find(|r| r["model"] == model)
            .unwrap();
        (row(json, model).unwrap(), table)
    }

    fn close(
        ours: &HashMap<String, String>,
        table: &HashMap<String, String>,
        key: &str,
        within: f64,
    ) {
        let (a, b): (f64, f64) = (ours[key].parse().unwrap(), table[key].parse().unwrap());
        assert!(
            (a / b - 1.0).abs() <= within,
            "{key}: {a} counted, {b} in the table"
        );
    }

    #[test]
    fn a_dense_gqa_config_counts_as_the_table_does() {
        let (ours, table) = counted(
            r#"{"architectures": ["Qwen3ForCausalLM"], "num_hidden_layers": 64, "hidden_size": 5120,
                "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 128,
                "intermediate_size": 25600, "vocab_size": 151936, "tie_word_embeddings": false,
                "torch_dtype": "bfloat16"}"#,
            "Qwen3-32B",
        );
        for key in [
            "kv_bytes_per_token_bf16",
            "attn_flops_per_token_per_ctx_token_computed",
        ] {
            close(&ours, &table, key, 0.0);
        }
        close(&ours, &table, "total_params_computed_B", 0.001);
        close(&ours, &table, "linear_flops_per_token_computed", 0.001);
        assert_eq!(ours["native_weight_precision"], "BF16");
    }

    #[test]
    fn a_moe_and_an_mla_config_count_as_the_table_does() {
        let (ours, table) = counted(
            r#"{"num_hidden_layers": 94, "hidden_size": 4096, "num_attention_heads": 64,
                "num_key_value_heads": 4, "head_dim": 128, "intermediate_size": 12288,
                "moe_intermediate_size": 1536, "num_experts": 128, "num_experts_per_tok": 8,
                "vocab_size": 151936, "tie_word_embeddings": false}"#,
            "Qwen3-235B-A22B",
        );
        for key in [
            "total_params_computed_B",
            "active_params_computed_B",
            "kv_bytes_per_token_bf16",
            "linear_flops_per_token_computed",
        ] {
            close(&ours, &table, key, 0.002);
        }
        let (ours, table) = counted(
            r#"{"num_hidden_layers": 61, "hidden_size": 7168, "num_attention_heads": 128,
                "num_key_value_heads": 128, "intermediate_size": 18432, "moe_intermediate_size": 2048,
                "n_routed_experts": 256, "num_experts_per_tok": 8, "n_shared_experts": 1,
                "first_k_dense_replace": 3, "kv_lora_rank": 512, "q_lora_rank": 1536,
                "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128,
                "vocab_size": 129280, "quantization_config": {"quant_method": "fp8"}}"#,
            "DeepSeek-V3",
        );
        for key in [
            "kv_bytes_per_token_bf16",
            "attn_flops_per_token_per_ctx_token_computed",
        ] {
            close(&ours, &table, key, 0.0);
        }
        for key in ["total_params_computed_B", "active_params_computed_B"] {
            close(&ours, &table, key, 0.002);
        }
        assert_eq!(ours["native_weight_precision"], "FP8");
    }

    #[test]
    fn what_cannot_be_read_is_said() {
        assert!(
            row("{", "x")
                .unwrap_err()
                .starts_with("not a JSON config.json")
        );
        assert_eq!(
            row(r#"{"hidden_size": 8}"#, "x").unwrap_err(),
            "config.json has no num_hidden_layers or n_layer or num_layers"
        );
    }
}
