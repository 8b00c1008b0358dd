//! `listingcheck assets coverage`: which listed assets lack their disclosure.

use std::path::PathBuf;

use super::{Failure, write_output};
use listingcheck::exit::Exit;
use listingcheck::locale::Localizer;

#[derive(Debug, clap::Subcommand)]
pub enum AssetsCommand {
    /// Which listed assets of a snapshot lack a descriptor, a circulation plan or excluded
    /// wallets, the largest market cap first: the disclosures to write down first.
    Coverage(CoverageArgs),
}

#[derive(Debug, clap::Args)]
pub struct CoverageArgs {
    /// Snapshot file; default: the newest snapshot in snapshots/.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Table)]
    pub format: CoverageFormat,
    /// Write the output to FILE (atomically) instead of standard output; its folder must exist.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CoverageFormat {
    /// Aligned tables for people.
    Table,
    /// One row per asset, for spreadsheets.
    Csv,
    /// JSON, for machines.
    Json,
}

pub fn run(command: &AssetsCommand) -> Result<Exit, Failure> {
    let AssetsCommand::Coverage(args) = command;
    if let Some(path) = &args.output {
        super::check_output_path(path)?;
    }
    let snapshot = super::check::load_snapshot(args.snapshot.as_deref())?;
    let coverage = listingcheck::analysis::coverage::coverage(&snapshot.snapshot);
    let mut out = Vec::new();
    match args.format {
        CoverageFormat::Table => listingcheck::report::coverage::table(
            &coverage,
            &listingcheck::text::display_path(&snapshot.path),
            Localizer::of(super::lang()),
            super::output_width(args.output.is_none()),
            &mut out,
        ),
        CoverageFormat::Csv => listingcheck::report::coverage::csv(&coverage, &mut out),
        CoverageFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &coverage).map_err(std::io::Error::other)
        }
    }
    .map_err(|error| Failure::bad_input(format!("cannot render output: {error}")))?;
    if args.format == CoverageFormat::Json {
        out.push(b'\n');
    }
    write_output(args.output.as_deref(), &out)?;
    Ok(Exit::Clean)
}
