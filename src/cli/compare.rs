//! `listingcheck compare A.toml B.toml`: the impact of draft B against draft A on one snapshot.

use std::path::{Path, PathBuf};

use super::check::DataArgs;
use super::{Failure, OutputArgs};
use crate::exit::Exit;
use crate::report::RenderOptions;

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
    let a = load(&args.a)?;
    let b = load(&args.b)?;
    let (snapshot, waivers, as_of) = args.data.load()?;
    let comparison = crate::compare::compare(&a, &b, &snapshot, &waivers, as_of);
    let renderer = args.output.format.renderer(RenderOptions { all: args.all });
    args.output
        .emit(|out| renderer.comparison(&comparison, out))?;
    Ok(Exit::Clean)
}

pub fn load(path: &Path) -> Result<crate::standard::LoadedStandard, Failure> {
    crate::standard::load(path).map_err(Failure::bad_input)
}
