//! `listingcheck plan import`: a draft descriptor from a plan published elsewhere.

use std::path::PathBuf;

use super::{Failure, write_output};
use crate::cli::console::note;
use listingcheck::exit::Exit;

#[derive(Debug, clap::Subcommand)]
pub enum PlanCommand {
    /// Write a draft asset descriptor from a DefiLlama emission body you saved (their emissions
    /// API wants a key): the schedule at each quarter's end, rounded and marked approximate,
    /// non-circulating sections as notes, their sources as `source`.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The saved answer of DefiLlama's `/emission/{protocol}` (or its `body`).
    #[arg(long, value_name = "FILE")]
    pub defillama: PathBuf,
    /// The symbol as the exchanges list it; default: TODO in the draft.
    #[arg(long)]
    pub symbol: Option<String>,
    /// Write the draft to FILE (atomically) instead of standard output; its folder must exist.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(command: &PlanCommand) -> Result<Exit, Failure> {
    let PlanCommand::Import(args) = command;
    let shown = listingcheck::text::display_path(&args.defillama);
    let text = std::fs::read_to_string(&args.defillama).map_err(|error| {
        Failure::bad_input(format!(
            "cannot read {shown}: {}",
            listingcheck::inputs::files::io_problem(&error)
        ))
    })?;
    let draft = listingcheck::inputs::defillama::draft(&text, &shown, args.symbol.as_deref())
        .map_err(|problem| Failure::bad_input(format!("{shown}: {problem}")))?;
    write_output(args.output.as_deref(), draft.as_bytes())?;
    if let Some(path) = &args.output {
        note(format!(
            "wrote {}: a DRAFT with approximate amounts; check it against the issuer's disclosure",
            listingcheck::text::display_path(path)
        ));
    }
    Ok(Exit::Clean)
}
