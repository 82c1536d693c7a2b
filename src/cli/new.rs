//! `inferplan new`: the built-in plan, to a file or into the library, to
//! edit from there.

use super::{Failure, refused};
use crate::base::atomic;
use crate::base::safe_text::shown;
use crate::plan;
use crate::store::library;
use crate::store::plan_file::schema;
use std::io::Write;
use std::path::PathBuf;

/// What `inferplan new` takes.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Where to write it.
    #[arg(required_unless_present = "library")]
    path: Option<PathBuf>,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
    /// Write it into the plan library under this name instead (never
    /// replaces a plan: a taken name gets a numbered file).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["path", "force"])]
    library: Option<String>,
}

/// The plan file's JSON Schema beside a new plan, which its `#:schema` line
/// names, so editors check and complete it.
fn schema_beside(path: &std::path::Path, out: &mut dyn Write) -> Result<(), Failure> {
    if let Some(file) = schema::write_beside(path)? {
        writeln!(
            out,
            "wrote its JSON Schema to {} (editors such as taplo check the plan with it)",
            file.display()
        )?;
    }
    Ok(())
}

/// `inferplan new`: the built-in plan, to a file or into the library.
pub fn run(args: NewArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let NewArgs {
        path,
        force,
        library,
    } = args;
    match (path, library) {
        (_, Some(name)) => {
            let path = library::new_from_default(&name).map_err(refused)?;
            writeln!(
                out,
                "wrote the built-in plan to the library as \"{}\": {}",
                shown(name.trim()),
                path.display()
            )?;
            schema_beside(&path, out)?;
        }
        (None, None) => {
            return Err(Failure::Refused(
                "give a PATH to write to, or --library NAME".to_string(),
            ));
        }
        (Some(path), None) => {
            if path.exists() && !force {
                return Err(Failure::Refused(format!(
                    "{} already exists; pass --force to replace it",
                    path.display()
                )));
            }
            atomic::write_atomic(&path, &schema::with_directive(plan::DEFAULT_PLAN_TOML))?;
            writeln!(out, "wrote the built-in plan to {}", path.display())?;
            // Into a pipe or a device (`/dev/stdout`): nothing lies beside it.
            if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                schema_beside(&path, out)?;
            }
        }
    }
    Ok(())
}
