//! Which column of a request trace holds what: found from the header names
//! the common traces use, or named by the user with `--columns`.

use super::error::UsageError;

/// What a column means to the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Time,
    Input,
    Output,
    Cached,
    Model,
}

impl Role {
    const ALL: [Role; 5] = [
        Role::Time,
        Role::Input,
        Role::Output,
        Role::Cached,
        Role::Model,
    ];

    /// The key in `--columns`.
    fn key(self) -> &'static str {
        match self {
            Role::Time => "timestamp",
            Role::Input => "input",
            Role::Output => "output",
            Role::Cached => "cached",
            Role::Model => "model",
        }
    }

    /// Header names in the traces we know of, most specific first: OpenAI and
    /// Anthropic style, LiteLLM's `LiteLLM_SpendLogs`, Azure's LLM inference
    /// traces (`TIMESTAMP,ContextTokens,GeneratedTokens`), Mooncake
    /// (`timestamp,input_length,output_length`).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Role::Time => &["timestamp", "time", "created_at", "startTime", "start_time"],
            Role::Input => &[
                "input_tokens",
                "prompt_tokens",
                "ContextTokens",
                "input_length",
            ],
            Role::Output => &[
                "output_tokens",
                "completion_tokens",
                "GeneratedTokens",
                "output_length",
            ],
            Role::Cached => &[
                "cached_tokens",
                "cache_read_input_tokens",
                "input_cached_tokens",
            ],
            Role::Model => &["model"],
        }
    }
}

/// The user's `--columns timestamp=T,input=I,output=O,cached=C,model=M`:
/// each role names its column; roles left out are found from the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    named: Vec<(&'static str, String)>,
}

impl ColumnMap {
    /// Reads the `--columns` value.
    pub fn parse(spec: &str) -> Result<Self, UsageError> {
        let bad = |detail: String| UsageError::BadMapping {
            spec: spec.to_string(),
            detail,
        };
        let mut named: Vec<(&'static str, String)> = Vec::new();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, column) = pair
                .split_once('=')
                .ok_or_else(|| bad(format!("`{pair}` is not ROLE=COLUMN")))?;
            let role = Role::ALL
                .into_iter()
                .find(|r| r.key().eq_ignore_ascii_case(key.trim()))
                .ok_or_else(|| bad(format!("`{}` is not a role", key.trim())))?;
            if column.trim().is_empty() {
                return Err(bad(format!("`{}` names no column", role.key())));
            }
            if named.iter().any(|(k, _)| *k == role.key()) {
                return Err(bad(format!("`{}` is named twice", role.key())));
            }
            named.push((role.key(), column.trim().to_string()));
        }
        if named.is_empty() {
            return Err(bad("no column named".into()));
        }
        Ok(Self { named })
    }

    fn get(&self, role: Role) -> Option<&str> {
        self.named
            .iter()
            .find(|(k, _)| *k == role.key())
            .map(|(_, c)| c.as_str())
    }
}

/// Where each role sits in the header (indices into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    pub time: usize,
    pub input: usize,
    pub output: usize,
    pub cached: Option<usize>,
    pub model: Option<usize>,
    /// LiteLLM's `spend` (USD).
    pub spend: Option<usize>,
    /// LiteLLM's `metadata`, whose `usage_object` holds the cached tokens.
    pub metadata: Option<usize>,
    /// LiteLLM's `cache_hit`: the proxy's own response cache.
    pub cache_hit: Option<usize>,
}

fn position(header: &[&str], name: &str) -> Option<usize> {
    header
        .iter()
        .position(|h| *h == name)
        .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(name)))
}

fn find(
    file: &str,
    header: &[&str],
    map: Option<&ColumnMap>,
    role: Role,
) -> Result<Option<usize>, UsageError> {
    if let Some(name) = map.and_then(|m| m.get(role)) {
        return position(header, name)
            .map(Some)
            .ok_or_else(|| UsageError::BadMapping {
                spec: format!("{}={name}", role.key()),
                detail: format!(
                    "{file} has no column `{name}` (it has {})",
                    header.join(", ")
                ),
            });
    }
    Ok(role.aliases().iter().find_map(|a| position(header, a)))
}

fn required(
    file: &str,
    header: &[&str],
    map: Option<&ColumnMap>,
    role: Role,
) -> Result<usize, UsageError> {
    find(file, header, map, role)?.ok_or_else(|| UsageError::MissingColumn {
        file: file.to_string(),
        role: role.key(),
        accepted: role.aliases().join("/"),
        found: if header.is_empty() {
            "no columns".into()
        } else {
            header.join(", ")
        },
    })
}

/// The columns of a trace with this header.
pub(crate) fn resolve(
    file: &str,
    header: &[&str],
    map: Option<&ColumnMap>,
) -> Result<Columns, UsageError> {
    Ok(Columns {
        time: required(file, header, map, Role::Time)?,
        input: required(file, header, map, Role::Input)?,
        output: required(file, header, map, Role::Output)?,
        cached: find(file, header, map, Role::Cached)?,
        model: find(file, header, map, Role::Model)?,
        spend: position(header, "spend"),
        metadata: position(header, "metadata"),
        cache_hit: position(header, "cache_hit"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azure_and_mooncake_headers_are_found() {
        let c = resolve(
            "f",
            &["TIMESTAMP", "ContextTokens", "GeneratedTokens"],
            None,
        )
        .unwrap();
        assert_eq!((c.time, c.input, c.output, c.cached), (0, 1, 2, None));
        let c = resolve(
            "f",
            &["timestamp", "input_length", "output_length", "hash_ids"],
            None,
        )
        .unwrap();
        assert_eq!((c.time, c.input, c.output), (0, 1, 2));
    }

    #[test]
    fn a_mapping_overrides_and_a_bad_one_says_why() {
        let map = ColumnMap::parse("timestamp=when, input=in,output=out,cached=hit").unwrap();
        let c = resolve("f", &["when", "in", "out", "hit"], Some(&map)).unwrap();
        assert_eq!(c.cached, Some(3));
        let e = resolve("f", &["when", "in"], Some(&map))
            .unwrap_err()
            .to_string();
        assert!(e.contains("has no column `out`"), "{e}");
        assert!(
            ColumnMap::parse("speed=x")
                .unwrap_err()
                .to_string()
                .contains("`speed` is not a role")
        );
        assert!(ColumnMap::parse("input").is_err());
        let e = resolve("t.csv", &["a", "b"], None).unwrap_err().to_string();
        assert!(
            e.contains("no timestamp column") && e.contains("--columns"),
            "{e}"
        );
    }
}
