//! One model, many spellings: `together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo`,
//! `groq/llama-3.3-70b-versatile` and the plan's `Llama 3.3 70B` are the same
//! open model. `key` reduces a name to what they share, and `size` reads the
//! parameter count a tier can be guessed from.

/// Words that name a packaging of a model, not a different model.
const PACKAGING: [&str; 22] = [
    "instruct",
    "chat",
    "it",
    "hf",
    "turbo",
    "versatile",
    "instant",
    "fp8",
    "fp16",
    "bf16",
    "fp4",
    "int4",
    "int8",
    "awq",
    "gptq",
    "gguf",
    "q4",
    "q8",
    "w4a16",
    "w8a8",
    "latest",
    "preview",
];

/// The name matching across providers and catalogs: lower case, without a
/// provider or organisation path, a `:variant`, packaging words or dates;
/// words joined by `-` (`llama-3.3-70b`).
pub fn key(name: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or(name);
    let base = last.split(':').next().unwrap_or(last).to_lowercase();
    let mut words: Vec<&str> = base
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .filter(|w| !w.is_empty())
        .filter(|w| !PACKAGING.contains(w) && !is_date(w))
        .collect();
    // "Meta-Llama-3.1-70B" is Llama 3.1 70B.
    if words.len() > 1 && words[0] == "meta" {
        words.remove(0);
    }
    words.join("-")
}

/// `20250101`, `2501`-style stamps are versions; only full dates are dropped.
fn is_date(word: &str) -> bool {
    word.len() == 8 && word.bytes().all(|b| b.is_ascii_digit()) && word.starts_with("20")
}

/// The parameter count in a name, in billions, and whether it is the
/// active count of a mixture of experts (`A13B`) rather than the total.
/// A total (`235B`) wins over an active count in the same name.
pub fn size(name: &str) -> Option<(f64, bool)> {
    let lower = name.to_lowercase();
    let mut total = None;
    let mut active = None;
    for word in lower.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')) {
        let (is_active, digits) = match word.strip_prefix('a') {
            Some(rest) if rest.ends_with('b') => (true, rest),
            _ => (false, word),
        };
        let Some(number) = digits.strip_suffix('b') else {
            continue;
        };
        let Ok(billions) = number.parse::<f64>() else {
            continue;
        };
        if !(billions > 0.0 && billions < 10_000.0) {
            continue;
        }
        let slot = if is_active { &mut active } else { &mut total };
        slot.get_or_insert(billions);
    }
    total.map(|b| (b, false)).or(active.map(|b| (b, true)))
}

/// The bounds in billions a tier id names: `7-9b` → 7..=9, `200b+` →
/// 200..=∞, `70b` → 70..=70; `None` for ids that name no size (`h100`).
pub fn tier_bounds(id: &str) -> Option<(f64, f64)> {
    let t = id.trim().to_lowercase();
    if let Some(low) = t.strip_suffix("b+") {
        return low.parse().ok().map(|l| (l, f64::INFINITY));
    }
    let body = t.strip_suffix('b')?;
    match body.split_once('-') {
        Some((low, high)) => Some((low.parse().ok()?, high.parse().ok()?)),
        None => body.parse().ok().map(|v| (v, v)),
    }
}

/// The tier a model of `billions` parameters would run on: the one whose
/// bounds hold it, else the smallest above it (a 34B model on the 70B
/// tier: more GPU than needed, never less).
pub fn guess_tier<'a>(billions: f64, tiers: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut above: Option<(&str, f64)> = None;
    for id in tiers {
        let Some((low, high)) = tier_bounds(id) else {
            continue;
        };
        if (low..=high).contains(&billions) {
            return Some(id);
        }
        if low > billions && above.is_none_or(|(_, l)| low < l) {
            above = Some((id, low));
        }
    }
    above.map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_model_share_a_key() {
        let same = [
            "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo",
            "deepinfra/meta-llama/Llama-3.3-70B-Instruct",
            "llama-3.3-70b-versatile",
            "Llama 3.3 70B",
            "meta-llama/llama-3.3-70b-instruct:free",
            "fireworks_ai/accounts/fireworks/models/llama-3.3-70b-instruct-fp8",
            "Meta-Llama-3.3-70B-Instruct",
        ];
        for name in same {
            assert_eq!(key(name), "llama-3.3-70b", "{name}");
        }
        assert_eq!(key("Qwen3-32B"), "qwen3-32b");
        assert_eq!(key("deepseek-chat-20250101"), "deepseek");
        assert_ne!(key("llama-3.1-8b"), key("llama-3.1-70b"));
    }

    #[test]
    fn sizes_read_from_names() {
        assert_eq!(size("Qwen3-32B"), Some((32.0, false)));
        assert_eq!(size("llama-3.1-8b-instant"), Some((8.0, false)));
        assert_eq!(size("Hunyuan-A13B"), Some((13.0, true)));
        assert_eq!(size("Qwen3-235B-A22B"), Some((235.0, false)));
        assert_eq!(size("llama-3.3-70b"), Some((70.0, false)));
        assert_eq!(size("DeepSeek V4 Flash"), None);
        assert_eq!(size("gpt-4o"), None);
    }

    #[test]
    fn a_tier_is_guessed_from_the_size() {
        let tiers = ["7-9b", "13-14b", "27-32b", "70-72b", "200b+", "h100"];
        let guess = |b| guess_tier(b, tiers.iter().copied());
        assert_eq!(guess(8.0), Some("7-9b"));
        assert_eq!(guess(70.0), Some("70-72b"));
        assert_eq!(guess(34.0), Some("70-72b"));
        assert_eq!(guess(3.0), Some("7-9b"));
        assert_eq!(guess(671.0), Some("200b+"));
        assert_eq!(guess_tier(8.0, ["h100"].into_iter()), None);
    }
}
