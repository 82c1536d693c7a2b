//! `inferplan schema`: the plan file's JSON Schema, or its key reference.

use super::Failure;
use crate::store::plan_file::schema;
use std::io::Write;

/// What `inferplan schema` takes.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Print the reference of every key as Markdown (docs/plan-file.md)
    /// instead of the JSON Schema.
    #[arg(long)]
    markdown: bool,
}

/// Prints the schema or the reference.
pub fn run(args: SchemaArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let text = match args.markdown {
        true => schema::markdown(),
        false => schema::json_schema(),
    };
    Ok(out.write_all(text.as_bytes())?)
}
