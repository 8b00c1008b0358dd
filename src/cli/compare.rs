//! `listingcheck compare A.toml B.toml`: the impact of draft B against draft A on one snapshot.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::check::{load_snapshot, load_waivers};
use super::{Failure, OutputArgs};
use crate::exit::Exit;
use crate::report::RenderOptions;
use crate::snapshot::SnapshotFile;
use crate::waiver::Waivers;

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

/// The data two standards are applied to: one snapshot, one date, one waivers file.
#[derive(Debug, clap::Args)]
pub struct DataArgs {
    /// Snapshot file; default: the newest snapshot in snapshots/.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Korean calendar date to apply the rules for; default: the snapshot's date in Korea.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// Waivers file (asset + rule exceptions with an expiry).
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
}

impl DataArgs {
    /// The snapshot, the waivers and the as-of date, saying on stderr which defaults were chosen.
    pub fn load(&self) -> Result<(SnapshotFile, Waivers, Date), Failure> {
        let snapshot = load_snapshot(self.snapshot.as_deref())?;
        let waivers = load_waivers(self.waivers.as_deref())?;
        let as_of = self
            .as_of
            .unwrap_or_else(|| crate::kst::date_of(snapshot.snapshot.taken_at));
        Ok((snapshot, waivers, as_of))
    }
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
