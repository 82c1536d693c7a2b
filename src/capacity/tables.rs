//! The embedded model and GPU tables (`assets/perf/`, sources in their
//! `source` column and the folder's README), and finding a row by the names
//! users type: a Hugging Face id or its packaged variants, a short name, a
//! GPU's name or an id such as `h100_sxm`, in any case.

use super::estimate::{Arch, Gpu};
use std::collections::HashMap;
use std::sync::OnceLock;

pub const MODELS_CSV: &str = include_str!("../../assets/perf/models.csv");
pub const GPUS_CSV: &str = include_str!("../../assets/perf/gpus.csv");

/// A table row with the name it is shown under and the keys it is found by.
#[derive(Debug, Clone)]
pub struct Named<T> {
    /// The table's name for it (`Qwen3-32B`, `H100 SXM`).
    pub name: String,
    /// Where its figures come from (the row's `source`).
    pub source: String,
    /// Normalized names that find it.
    keys: Vec<String>,
    /// Its figures.
    pub row: T,
}

/// Both tables, read once.
#[derive(Debug)]
pub struct Tables {
    /// Model architectures.
    pub models: Vec<Named<Arch>>,
    /// Models the table names without the dimensions an estimate needs,
    /// with what is missing.
    pub incomplete: Vec<Named<String>>,
    /// GPU specifications.
    pub gpus: Vec<Named<Gpu>>,
}

/// The embedded tables. They are checked by the tests, so a row that does
/// not read is a build defect, reported once with its line.
pub fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let models = read(MODELS_CSV, "model", Arch::from_row, model_keys)
            .unwrap_or_else(|e| panic!("assets/perf/models.csv: {e}"));
        let (models, incomplete) = split(models);
        let (gpus, bad) = split(
            read(GPUS_CSV, "gpu", Gpu::from_row, gpu_keys)
                .unwrap_or_else(|e| panic!("assets/perf/gpus.csv: {e}")),
        );
        assert!(bad.is_empty(), "assets/perf/gpus.csv: {:?}", bad[0].row);
        Tables {
            models,
            incomplete,
            gpus,
        }
    })
}

/// The rows that read, and the others with why not.
fn split<T>(rows: Vec<Named<Result<T, String>>>) -> (Vec<Named<T>>, Vec<Named<String>>) {
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for Named {
        name,
        source,
        keys,
        row,
    } in rows
    {
        match row {
            Ok(row) => good.push(Named {
                name,
                source,
                keys,
                row,
            }),
            Err(row) => bad.push(Named {
                name,
                source,
                keys,
                row,
            }),
        }
    }
    (good, bad)
}

/// The rows of a CSV text as column name → cell text.
pub fn rows(text: &str) -> Result<Vec<HashMap<String, String>>, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| e.to_string())?;
            Ok(headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.trim().to_string()))
                .collect())
        })
        .collect()
}

/// Every row of a table, each read or with why it does not read.
type Read<T> = Vec<Named<Result<T, String>>>;

fn read<T>(
    text: &str,
    name_column: &str,
    parse: fn(&HashMap<String, String>) -> Result<T, String>,
    keys: fn(&HashMap<String, String>) -> Vec<String>,
) -> Result<Read<T>, String> {
    Ok(rows(text)?
        .iter()
        .map(|r| Named {
            name: r.get(name_column).cloned().unwrap_or_default(),
            source: r.get("source").cloned().unwrap_or_default(),
            keys: keys(r),
            row: parse(r),
        })
        .collect())
}

/// Suffixes that name a packaging of the same architecture, not another one.
const VARIANTS: &[&str] = &[
    "-instruct",
    "-chat",
    "-base",
    "-hf",
    "-it",
    "-fp8",
    "-fp8-dynamic",
    "-nvfp4",
    "-mxfp4",
    "-fp4",
    "-int4",
    "-int8",
    "-awq",
    "-gptq",
    "-bf16",
];

/// A model name reduced to what identifies its architecture:
/// `nvidia/Llama-3.1-8B-Instruct-FP8` and `meta-llama/Meta-Llama-3.1-8B`
/// both read `llama-3.1-8b`.
pub fn model_key(name: &str) -> String {
    let base = name.trim().rsplit('/').next().unwrap_or_default();
    let mut key = base.to_lowercase().replace('_', "-");
    if let Some(rest) = key.strip_prefix("meta-") {
        key = rest.to_string();
    }
    while let Some(v) = VARIANTS.iter().find(|v| key.ends_with(*v)) {
        key.truncate(key.len() - v.len());
    }
    key
}

/// A model row's keys: its short name, its repository's, and any other
/// repository its `hf_repo` names in parentheses ("also GLM-4-9B-0414").
fn model_keys(r: &HashMap<String, String>) -> Vec<String> {
    let mut keys = Vec::new();
    let mut add = |name: &str| {
        let k = model_key(name);
        if !k.is_empty() && !keys.contains(&k) {
            keys.push(k);
        }
    };
    add(r.get("model").map_or("", String::as_str));
    let repo = r.get("hf_repo").map_or("", String::as_str);
    let (main, aside) = repo.split_once('(').unwrap_or((repo, ""));
    add(main);
    for word in aside.trim_end_matches(')').split_whitespace() {
        if word.contains('-') {
            add(word);
        }
    }
    keys
}

/// A GPU name reduced to its letters and digits, lower case: `H100 SXM`,
/// `h100_sxm` and `h100-sxm` all read `h100sxm`.
pub fn gpu_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A GPU row's keys: its name without what it says in parentheses, and that
/// name with its form factor (`B200 (HGX/DGX, SXM)` is `b200` and `b200sxm`).
fn gpu_keys(r: &HashMap<String, String>) -> Vec<String> {
    let name = r.get("gpu").map_or("", String::as_str);
    let bare = gpu_key(name.split('(').next().unwrap_or(name));
    let form: String = r
        .get("form_factor")
        .map_or("", String::as_str)
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut keys = vec![bare.clone(), gpu_key(name)];
    if !form.is_empty() && !bare.ends_with(&form) {
        keys.push(format!("{bare}{form}"));
    }
    keys.dedup();
    keys
}

/// The row a name finds: a key exactly, else the only row whose key starts
/// with it; otherwise an error naming what is known (or what it could mean).
fn find<'a, T>(
    rows: &'a [Named<T>],
    key: &str,
    typed: &str,
    what: &str,
) -> Result<&'a Named<T>, String> {
    if let Some(hit) = rows.iter().find(|r| r.keys.iter().any(|k| k == key)) {
        return Ok(hit);
    }
    let partial: Vec<&Named<T>> = rows
        .iter()
        .filter(|r| !key.is_empty() && r.keys.iter().any(|k| k.starts_with(key)))
        .collect();
    match partial.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "unknown {what} {typed:?}; known: {}",
            names(rows).join(", ")
        )),
        many => Err(format!(
            "{what} {typed:?} could be any of: {}",
            names(many.iter().copied()).join(", ")
        )),
    }
}

fn names<'a, T: 'a>(rows: impl IntoIterator<Item = &'a Named<T>>) -> Vec<&'a str> {
    rows.into_iter().map(|r| r.name.as_str()).collect()
}

impl Tables {
    /// The architecture a model name finds.
    pub fn model(&self, name: &str) -> Result<&Named<Arch>, String> {
        let key = model_key(name);
        if let Some(m) = self.incomplete.iter().find(|m| m.keys.contains(&key)) {
            return Err(format!(
                "the model table has {} without the dimensions an estimate needs ({}); give its config.json instead",
                m.name, m.row
            ));
        }
        find(&self.models, &key, name, "model")
    }

    /// The GPU a name or id finds.
    pub fn gpu(&self, name: &str) -> Result<&Named<Gpu>, String> {
        find(&self.gpus, &gpu_key(name), name, "GPU")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_both_tables_reads() {
        let t = tables();
        assert_eq!((t.models.len(), t.gpus.len()), (18, 12));
        assert_eq!(t.incomplete.len(), 1);
        let e = t.model("inclusionAI/Ling-flash-2.0").unwrap_err();
        assert!(
            e.starts_with("the model table has Ling-flash-2.0 without"),
            "{e}"
        );
    }

    #[test]
    fn models_are_found_by_their_ids_variants_and_short_names() {
        let t = tables();
        for (typed, found) in [
            ("Qwen/Qwen3-32B", "Qwen3-32B"),
            ("qwen3-32b", "Qwen3-32B"),
            ("meta-llama/Llama-3.1-8B-Instruct", "Llama-3.1-8B"),
            ("nvidia/Llama-3.1-8B-Instruct-FP8", "Llama-3.1-8B"),
            ("meta-llama/Meta-Llama-3.1-70B", "Llama-3.1-70B"),
            ("nvidia/DeepSeek-R1-NVFP4", "DeepSeek-R1"),
            ("tencent/Hunyuan-A13B-Instruct", "Hunyuan-A13B"),
            ("THUDM/GLM-4-9B-0414", "GLM-4-9B"),
            ("openai/gpt-oss-120b", "gpt-oss-120b"),
        ] {
            assert_eq!(
                t.model(typed).map(|m| m.name.as_str()),
                Ok(found),
                "{typed}"
            );
        }
        let e = t.model("zhipuai/GLM-5").unwrap_err();
        assert!(
            e.starts_with("unknown model \"zhipuai/GLM-5\"; known: Qwen3-8B, "),
            "{e}"
        );
    }

    #[test]
    fn gpus_are_found_by_name_and_id_in_any_case() {
        let t = tables();
        for (typed, found) in [
            ("H100 SXM", "H100 SXM"),
            ("h100_sxm", "H100 SXM"),
            ("h200_sxm", "H200 SXM"),
            ("b200_sxm", "B200 (HGX/DGX, SXM)"),
            ("B200", "B200 (HGX/DGX, SXM)"),
            ("a100-80gb-sxm", "A100 80GB SXM"),
            ("l40s", "L40S"),
            ("mi300x", "MI300X"),
        ] {
            assert_eq!(t.gpu(typed).map(|g| g.name.as_str()), Ok(found), "{typed}");
        }
        let e = t.gpu("h100").unwrap_err();
        assert_eq!(
            e,
            "GPU \"h100\" could be any of: H100 SXM, H100 PCIe, H100 NVL"
        );
        assert!(
            t.gpu("gb300")
                .unwrap_err()
                .starts_with("unknown GPU \"gb300\"; known: A100 40GB SXM")
        );
    }
}
