//! The plan library: plans saved without a path live in the user's data folder
//! (`<data dir>/plans`, e.g. `~/.local/share/inferplan/plans` on Linux), one
//! TOML file each, named after the plan. `INFERPLAN_DATA_DIR` replaces the
//! data folder (the tests use it so they never touch the real home folder).

use crate::base::atomic;
use crate::engine::{Verdict, evaluate};
use crate::plan::{self, Deployment, PlanError};
use crate::store::plan_file;
use crate::text::format as fmt;
use std::fmt as sfmt;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The environment variable that replaces the data folder.
pub const DATA_DIR_ENV: &str = "INFERPLAN_DATA_DIR";

/// Why the library could not be found, read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryError {
    /// What went wrong, naming the folder or file.
    pub message: String,
}

impl sfmt::Display for LibraryError {
    fn fmt(&self, f: &mut sfmt::Formatter<'_>) -> sfmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LibraryError {}

impl From<PlanError> for LibraryError {
    fn from(e: PlanError) -> Self {
        Self {
            message: e.to_string(),
        }
    }
}

impl From<crate::base::atomic::WriteError> for LibraryError {
    fn from(e: crate::base::atomic::WriteError) -> Self {
        Self {
            message: e.to_string(),
        }
    }
}

/// inferplan's data folder: `$INFERPLAN_DATA_DIR` if set, else the
/// platform's (XDG on Linux, Application Support on macOS, AppData on Windows).
pub fn data_dir() -> Result<PathBuf, LibraryError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "inferplan")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| LibraryError {
            message: format!(
                "cannot find a home folder for the plan library; set {DATA_DIR_ENV} to a folder"
            ),
        })
}

/// The folder the library's plans live in.
pub fn plans_dir() -> Result<PathBuf, LibraryError> {
    Ok(data_dir()?.join("plans"))
}

/// A plan's headline, for the list.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSummary {
    /// The plan's name.
    pub name: String,
    /// How many scenarios, models and GPU tiers it holds.
    pub counts: (usize, usize, usize),
    /// Its deployment and estimate settings.
    pub deployment: Deployment,
    /// How its scenarios' verdicts fall: API, self-host, depends, no price.
    pub verdicts: (usize, usize, usize, usize),
}

impl PlanSummary {
    /// What tells plans apart at a glance: "6 scenarios (3 API, 1
    /// self-host, 2 depend) · 10 models · 5 tiers · cloud".
    pub fn figure(&self) -> String {
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        let (s, m, t) = self.counts;
        let (api, own, depends, unpriced) = self.verdicts;
        // Only a plan with unpriced scenarios mentions them.
        let unpriced = match unpriced {
            0 => String::new(),
            n => format!(", {n} without a price"),
        };
        format!(
            "{} ({api} API, {own} self-host, {depends} depend{}{unpriced}) · {} · {} · {}",
            plural(s, "scenario"),
            if depends == 1 { "s" } else { "" },
            plural(m, "model"),
            plural(t, "tier"),
            self.deployment
        )
    }
}

/// One file of the library.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryEntry {
    /// Where it is.
    pub path: PathBuf,
    /// Its file name, as listed.
    pub file_name: String,
    /// When it was last written, `YYYY-MM-DD HH:MM UTC`.
    pub modified: Option<String>,
    /// Its summary, or why it could not be read.
    pub plan: Result<PlanSummary, PlanError>,
    modified_at: Option<SystemTime>,
}

/// Every plan in the library folder `dir`, newest first. A file that cannot
/// be read is listed with its error rather than failing the list; a library
/// never written to is empty.
pub fn list_in(dir: &Path) -> Result<Vec<LibraryEntry>, LibraryError> {
    let read = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(LibraryError {
                message: format!("{}: cannot list the plan library: {e}", dir.display()),
            });
        }
    };
    let mut entries: Vec<LibraryEntry> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        // Hidden files include `write_atomic`'s temporaries.
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && p.file_name()
                    .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        })
        .map(|p| entry(&p))
        .collect();
    entries.sort_by(|a, b| {
        b.modified_at
            .cmp(&a.modified_at)
            .then_with(|| a.file_name.cmp(&b.file_name))
    });
    Ok(entries)
}

fn entry(path: &Path) -> LibraryEntry {
    let modified_at = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let plan = plan_file::load(path).map(|p| {
        let results = evaluate(&p, p.settings.estimate);
        let include = p.settings.include_overheads;
        let count = |v: Verdict| {
            results
                .scenarios
                .iter()
                .filter(|r| r.verdict(include) == v)
                .count()
        };
        PlanSummary {
            name: p.name.clone(),
            counts: (p.scenarios.len(), p.models.len(), p.gpu_tiers.len()),
            deployment: p.settings.deployment,
            verdicts: (
                count(Verdict::ApiCheaper),
                count(Verdict::SelfHostCheaper),
                count(Verdict::Depends),
                count(Verdict::NoPrice),
            ),
        }
    });
    LibraryEntry {
        path: path.to_path_buf(),
        file_name: fmt::file_name(path),
        modified: modified_at.and_then(utc_minute),
        plan,
        modified_at,
    }
}

/// A file name for a plan: lower-case letters, digits and dashes.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "plan".to_string()
    } else {
        out.to_string()
    }
}

/// A path in `dir` for a plan of this name that no file holds yet:
/// `q3-prices.toml`, then `q3-prices-2.toml`, …
pub fn unique_path_in(dir: &Path, name: &str) -> PathBuf {
    unique_file_in(dir, &slug(name))
}

/// `dir/STEM.toml`, or `dir/STEM-2.toml`, … whichever does not exist yet.
pub fn unique_file_in(dir: &Path, stem: &str) -> PathBuf {
    let mut path = dir.join(format!("{stem}.toml"));
    let mut n = 2;
    while path.exists() || path.is_symlink() {
        path = dir.join(format!("{stem}-{n}.toml"));
        n += 1;
    }
    path
}

/// Where a plan of this name is saved when the user gives no path.
pub fn path_for_name(name: &str) -> Result<PathBuf, LibraryError> {
    Ok(unique_path_in(&plans_dir()?, name))
}

/// Writes the built-in plan into the library under a new name, keeping its
/// comments; the built-in plan can always be restored this way. Returns the
/// new file.
pub fn new_from_default(name: &str) -> Result<PathBuf, LibraryError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(LibraryError {
            message: "a plan in the library needs a name".to_string(),
        });
    }
    let text = renamed_default(name);
    // The built-in plan with a new name is still valid, but say so if not.
    plan_file::from_toml(&text, "<built-in plan>")?;
    let dir = plans_dir()?;
    std::fs::create_dir_all(&dir).map_err(|e| LibraryError {
        message: format!("{}: cannot create the plan library: {e}", dir.display()),
    })?;
    let path = unique_path_in(&dir, name);
    atomic::write_atomic(&path, &plan_file::schema::with_directive(&text))?;
    Ok(path)
}

/// The built-in plan's text with its `name` line replaced.
fn renamed_default(name: &str) -> String {
    let quoted = toml::Value::String(name.to_string()).to_string();
    let mut done = false;
    plan::DEFAULT_PLAN_TOML
        .lines()
        .map(|line| {
            if !done && line.starts_with("name = ") {
                done = true;
                format!("name = {quoted}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// A time as `YYYY-MM-DD HH:MM UTC`, without a date crate.
pub fn utc_minute(t: SystemTime) -> Option<String> {
    let secs = i64::try_from(t.duration_since(UNIX_EPOCH).ok()?.as_secs()).ok()?;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    ))
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slug("Q3 prices, cloud"), "q3-prices-cloud");
        assert_eq!(slug("  --  "), "plan");
        assert_eq!(slug("Prix d'été"), "prix-d-été");
    }

    #[test]
    fn dates_read_in_utc_to_the_minute() {
        let at = |s: u64| utc_minute(UNIX_EPOCH + Duration::from_secs(s)).unwrap();
        assert_eq!(at(0), "1970-01-01 00:00 UTC");
        assert_eq!(at(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(at(1_767_225_599), "2025-12-31 23:59 UTC");
    }

    #[test]
    fn the_renamed_default_keeps_everything_else() {
        let text = renamed_default("Q3 \"draft\"");
        let p = plan_file::from_toml(&text, "t").unwrap();
        assert_eq!(p.name, "Q3 \"draft\"");
        assert_eq!(p.scenarios, plan_file::default_plan().scenarios);
        assert!(text.contains("# inferplan's built-in plan"));
    }
}

/// A plan named on the command line or in a prompt, found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The file to use.
    pub path: PathBuf,
    /// Where it came from, when a bare name could have meant either the
    /// current folder or the plan library; `None` when it was unambiguous.
    pub note: Option<String>,
}

/// Resolves a plan path as typed: as it is when that file exists; a bare
/// name (no folder) that is not a file here is looked up in the plan
/// library (with `.toml` added). When both exist, the one here is used, and
/// the note says so.
pub fn find_plan(typed: &Path) -> Found {
    let here = typed.to_path_buf();
    let bare = typed.parent().is_none_or(|p| p.as_os_str().is_empty());
    let in_library = plans_dir().ok().filter(|_| bare).and_then(|dir| {
        let mut name = typed.to_path_buf();
        if name.extension().is_none() {
            name.set_extension("toml");
        }
        Some(dir.join(name)).filter(|p| p.is_file())
    });
    match (here.exists(), in_library) {
        (false, Some(lib)) => Found {
            note: Some(format!("using {} from the plan library", lib.display())),
            path: lib,
        },
        (true, Some(lib)) => Found {
            note: Some(format!(
                "using {} in this folder (the plan library has {} too)",
                here.display(),
                fmt::file_name(&lib)
            )),
            path: here,
        },
        (_, None) => Found {
            path: here,
            note: None,
        },
    }
}
