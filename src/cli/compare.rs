//! `listingcheck compare A.toml B.toml`: the impact of draft B against draft A on one snapshot.

use std::path::PathBuf;

use super::check::{DataArgs, load_standard_file};
use super::{Failure, OutputArgs};
use listingcheck::exit::Exit;

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The standard to compare against (the current one, or the earlier draft).
    #[arg(value_name = "A.toml")]
    pub a: PathBuf,
    /// The draft whose impact to show.
    #[arg(value_name = "B.toml")]
    pub b: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// List every asset, not only those whose verdict changes (table and markdown).
    #[arg(long)]
    pub all: bool,
}

pub fn run(args: &CompareArgs) -> Result<Exit, Failure> {
    let a = load_standard_file(&args.a)?;
    let b = load_standard_file(&args.b)?;
    let (snapshot, waivers, as_of) = args.data.load()?;
    let comparison = listingcheck::analysis::compare::compare(&a, &b, &snapshot, &waivers, as_of);
    let renderer = args.output.format.renderer(super::render_options(args.all));
    args.output
        .emit(|out| renderer.comparison(&comparison, out))?;
    Ok(Exit::Clean)
}
