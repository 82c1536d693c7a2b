//! `inferplan completions` and `inferplan man`: a shell's completion script
//! and the manual page, both from the same clap definition.

use super::{Cli, Failure};
use std::io::Write;

/// What `inferplan completions` takes.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// The completion script for the shell.
pub fn run(args: CompletionsArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let mut command = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(args.shell, &mut command, "inferplan", out);
    Ok(())
}

/// The manual page, in roff.
pub fn man(out: &mut dyn Write) -> Result<(), Failure> {
    let command = <Cli as clap::CommandFactory>::command();
    Ok(clap_mangen::Man::new(command).render(out)?)
}
