//! `listingcheck completions SHELL`: a shell completion script, generated from the argument
//! definitions so that it never lags behind them.

use clap::CommandFactory as _;

use super::{Cli, Failure};
use listingcheck::exit::Exit;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in. Bash: `listingcheck completions bash >
    /// ~/.local/share/bash-completion/completions/listingcheck`; zsh: into a directory on
    /// `$fpath` as `_listingcheck`; fish: `~/.config/fish/completions/listingcheck.fish`.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(args: &CompletionsArgs) -> Result<Exit, Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "listingcheck", &mut script);
    super::write_output(None, &script)?;
    Ok(Exit::Clean)
}
