//! `listingcheck precheck assets/new.toml`: fetch what one candidate needs and check it, in one
//! step.
//!
//! Exit codes, in this order: 2 for bad input (descriptor, config, standard, waivers); 3 when a
//! source failed beyond its retries (the report is still printed, and says the data is
//! incomplete); else 1 on a blocking failure; else 0.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::check::{load_standard, load_waivers};
use super::fetch::{SourceArgs, save};
use super::{Failure, Output as _, OutputArgs, SNAPSHOTS_DIR};
use listingcheck::exit::Exit;
use listingcheck::fetch::Scope;
use listingcheck::inputs::standard::LoadedStandard;
use listingcheck::inputs::waiver::Waivers;
use listingcheck::snapshot::{PRECHECK_PREFIX, SnapshotFile};

#[derive(Debug, clap::Args)]
pub struct PrecheckArgs {
    /// The candidate's asset descriptor.
    #[arg(value_name = "ASSET.toml")]
    pub asset: PathBuf,
    /// Standards file; default: the newest adopted standard in standards/, else the newest draft.
    #[arg(long, value_name = "FILE")]
    pub standard: Option<PathBuf>,
    /// Waivers file (asset + rule exceptions with an expiry).
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Korean calendar date to apply the rules for; default: today's date in Korea.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<Date>,
    /// Check on this snapshot instead of fetching (offline); it must hold the candidate.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
}

pub fn run(args: &PrecheckArgs) -> Result<Exit, Failure> {
    // Inputs first: a typo in the standard should not cost a fetch.
    if let Some(path) = &args.output.output {
        super::check_output_path(path)?;
    }
    let standard = load_standard(args.standard.as_deref())?;
    let waivers = load_waivers(args.waivers.as_deref())?;
    if let Some(snapshot) = &args.snapshot {
        let asset = listingcheck::inputs::asset::load(&args.asset).map_err(Failure::bad_input)?;
        let file = super::check::load_snapshot(Some(snapshot))?;
        let file = listingcheck::snapshot::candidate::on_snapshot(file, &asset)
            .map_err(Failure::bad_input)?;
        return report(args, &standard, &file, &waivers);
    }
    let outcome = args
        .sources
        .fetch(None, vec![args.asset.clone()], Scope::Candidates)?;
    let id = outcome
        .snapshot
        .assets
        .iter()
        .find(|asset| asset.candidate)
        .map_or("candidate", |asset| asset.id.as_str());
    // Named `precheck-…`, which `check`'s default (the newest snapshot in snapshots/) passes over:
    // one candidate is not the universe.
    let path = Path::new(SNAPSHOTS_DIR).join(listingcheck::snapshot::file_name(
        &format!("{PRECHECK_PREFIX}{id}"),
        outcome.snapshot.taken_at,
    ));
    let sha256 = save(&path, &outcome)?;
    let file = SnapshotFile {
        path,
        sha256,
        snapshot: outcome.snapshot,
    };
    report(args, &standard, &file, &waivers)
}

/// Checks the candidate's snapshot and prints every rule, those on who can mint, upgrade or
/// freeze the token first. Exit 3 when the data is incomplete,
/// else 1 on a blocking failure, else 0.
fn report(
    args: &PrecheckArgs,
    standard: &LoadedStandard,
    file: &SnapshotFile,
    waivers: &Waivers,
) -> Result<Exit, Failure> {
    let as_of = file.snapshot.as_of(args.as_of);
    let mut report = listingcheck::eval::evaluate(standard, file, waivers, as_of);
    // Who can change the token comes first; the rest keep the standard's order.
    report
        .results
        .sort_by_key(|result| !result.metric.is_power());
    let renderer = args.output.renderer(true);
    args.output.emit(|out| renderer.report(&report, out))?;
    Ok(if !file.snapshot.complete {
        Exit::SourceFailed
    } else if report.has_blocking_failures() {
        Exit::Violations
    } else {
        Exit::Clean
    })
}
