//! A Hugging Face `config.json` as a model's architecture: the model it is
//! for (named, else the one its name matches), its `architecture` set to
//! the file's path, and what the file reads as, for the capacity estimate.

use super::summary::Summary;
use super::{Input, Outcome};
use crate::plan::Plan;

/// Each config onto its model. `model` names the plan's model (any case);
/// without it the config's `_name_or_path` (or the file's folder) must
/// match one, as imported names match (`Qwen/Qwen3-8B` is `qwen3-8b`).
/// The path written is the input's name as the caller gave it.
pub fn import(inputs: &[Input], plan: &Plan, model: Option<&str>) -> Result<Outcome, String> {
    let mut plan = plan.clone();
    let mut summary = Summary::default();
    for input in inputs {
        let named = own_name(&input.text).unwrap_or_else(|| folder_of(&input.name));
        let at = which(&plan, model, &named).map_err(|e| format!("{}: {e}", input.name))?;
        let m = &mut plan.models[at];
        let row = crate::engine::capacity::config_row(&input.text, &named)
            .map_err(|e| format!("{}: {e}", input.name))?;
        summary.sources.push(format!("hf-config {}", input.name));
        summary.method.push(describe(&row));
        let old = m.architecture.clone().unwrap_or_else(|| "none".into());
        m.architecture = Some(input.name.clone());
        m.architecture_config = Some(std::sync::Arc::new(row));
        match old == input.name {
            true => summary.unchanged += 1,
            false => summary.changed.push(format!(
                "model {}: architecture {old} → {}",
                m.name, input.name
            )),
        }
    }
    Ok(Outcome { plan, summary })
}

/// The config's own name for its model.
fn own_name(text: &str) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let name = json.get("_name_or_path")?.as_str()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The folder a config sits in (`models/Qwen3-8B/config.json`: `Qwen3-8B`).
fn folder_of(path: &str) -> String {
    let p = std::path::Path::new(path);
    p.parent()
        .and_then(|f| f.file_name())
        .map_or_else(|| path.to_string(), |f| f.to_string_lossy().into_owned())
}

/// The plan's model the config is for.
fn which(plan: &Plan, model: Option<&str>, named: &str) -> Result<usize, String> {
    let names = || {
        let all: Vec<&str> = plan
            .models
            .iter()
            .map(|m| m.name.as_str())
            .take(12)
            .collect();
        all.join(", ")
    };
    match model {
        Some(wanted) => plan
            .models
            .iter()
            .position(|m| m.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| format!("no model named {wanted:?} in the plan; it has {}", names())),
        None => {
            let key = super::names::key(named);
            plan.models
                .iter()
                .position(|m| super::names::key(&m.name) == key)
                .ok_or_else(|| {
                    format!(
                        "no model of the plan matches {named:?}; name it with --model (the plan has {})",
                        names()
                    )
                })
        }
    }
}

/// What a config reads as, in a line.
fn describe(row: &crate::plan::ArchitectureRow) -> String {
    let cell = |k: &str| row.get(k).map_or("?", String::as_str);
    let billions = cell("total_params_computed_B")
        .parse::<f64>()
        .map_or("?".to_string(), |b| format!("{b:.1}B"));
    let experts = match cell("arch") {
        "moe" => format!(
            ", {} experts, {} a token",
            cell("num_routed_experts"),
            cell("experts_per_token")
        ),
        _ => String::new(),
    };
    format!(
        "{}: {} ({} attention), {} layers, hidden {}, {billions} parameters{experts}, {} KV bytes a token at bf16",
        cell("model"),
        cell("arch"),
        cell("attention_type"),
        cell("num_hidden_layers"),
        cell("hidden_size"),
        cell("kv_bytes_per_token_bf16"),
    )
}
