//! `listingcheck check`: evaluate a standard on a snapshot.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::{Failure, Output as _, OutputArgs, SNAPSHOTS_DIR, STANDARDS_DIR};
use crate::cli::console::note;
use listingcheck::eval::Report;
use listingcheck::exit::Exit;
use listingcheck::history::projection::DEFAULT_WINDOW_DAYS;
use listingcheck::history::{AssetHistory, History, SeriesQuery};
use listingcheck::inputs::standard::LoadedStandard;
use listingcheck::inputs::waiver::Waivers;
use listingcheck::metric::Metric;
use listingcheck::report::Format;
use listingcheck::snapshot::SnapshotFile;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: CheckInputs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// List passing results too, not only the findings (table and markdown).
    #[arg(long)]
    pub all: bool,
}

/// Which standard, snapshot, waivers and date a check uses.
#[derive(Debug, clap::Args)]
pub struct CheckInputs {
    /// Standards file; default: the newest adopted standard in standards/, else the newest draft.
    #[arg(long, value_name = "FILE")]
    pub standard: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
}

/// The data standards are applied to: one snapshot, one date, one waivers file.
#[derive(Debug, clap::Args)]
pub struct DataArgs {
    /// Snapshot file; default: the newest snapshot in snapshots/.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Korean calendar date to apply the rules for; default: the snapshot's date in Korea.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
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
        let as_of = snapshot.snapshot.as_of(self.as_of);
        Ok((snapshot, waivers, as_of))
    }
}

pub fn run(args: &CheckArgs) -> Result<Exit, Failure> {
    let report = evaluate(&args.inputs)?;
    let renderer = args.output.renderer(args.all);
    let histories = if args.output.format() == Format::Html {
        plan_histories(&report)
    } else {
        Vec::new()
    };
    args.output
        .emit(|out| renderer.report_with_histories(&report, &histories, out))?;
    // As `precheck`: an incomplete snapshot exits 3 before anything else, since the missing
    // data could change every verdict.
    let exit = if report.is_incomplete() {
        Exit::SourceFailed
    } else if report.has_blocking_failures() {
        Exit::Violations
    } else {
        Exit::Clean
    };
    // The process ends once this returns, and the system takes its memory back at once; freeing
    // the report one allocation at a time took 0.3 s of a check of 20,000 assets. Whatever calls
    // this more than once in one process must drop the report instead.
    std::mem::forget(report);
    Ok(exit)
}

/// Loads the inputs, saying on stderr which defaults were chosen, and evaluates.
pub fn evaluate(inputs: &CheckInputs) -> Result<Report, Failure> {
    let standard = load_standard(inputs.standard.as_deref())?;
    let (mut snapshot, waivers, as_of) = inputs.data.load()?;
    match listingcheck::history::market::fill_from_history_beside(&mut snapshot, &standard, as_of) {
        Ok(Some(path)) => note(format!(
            "the windows of days also read the market days recorded in the history {}",
            listingcheck::text::display_path(&path)
        )),
        Ok(None) => {}
        Err(error) => note(format!(
            "the windows of days read only the snapshot's daily chart: {error}"
        )),
    }
    Ok(listingcheck::eval::evaluate(
        &standard, &snapshot, &waivers, as_of,
    ))
}

/// One standards file, its problems a bad-input failure.
pub fn load_standard_file(path: &Path) -> Result<LoadedStandard, Failure> {
    listingcheck::inputs::standard::load(path).map_err(Failure::bad_input)
}

pub fn load_standard(path: Option<&Path>) -> Result<LoadedStandard, Failure> {
    match path {
        Some(path) => load_standard_file(path),
        None if !Path::new(STANDARDS_DIR).exists() => {
            let standard = listingcheck::inputs::standard::select_built_in();
            let meta = &standard.standard.meta;
            note(format!(
                "no {STANDARDS_DIR}/ folder here: using the built-in standard {} {} (`listingcheck init` writes the built-in files out)",
                meta.id, meta.version
            ));
            Ok(standard)
        }
        None => {
            let standard = listingcheck::inputs::standard::select_default(Path::new(STANDARDS_DIR))
                .map_err(Failure::bad_input)?;
            let meta = &standard.standard.meta;
            note(format!(
                "using standard {} ({} {}, {}, published {}; the newest {} in {STANDARDS_DIR}/)",
                listingcheck::text::display_path(&standard.path),
                meta.id,
                meta.version,
                meta.status,
                meta.published,
                if meta.status == listingcheck::inputs::standard::Status::Adopted {
                    "adopted standard"
                } else {
                    "draft, as none is adopted"
                }
            ));
            Ok(standard)
        }
    }
}

pub fn load_snapshot(path: Option<&Path>) -> Result<SnapshotFile, Failure> {
    let path = match path {
        Some(path) => path.to_owned(),
        None if !Path::new(SNAPSHOTS_DIR).exists() => {
            let sample = listingcheck::inputs::embedded::SAMPLE_SNAPSHOT;
            note(format!(
                "no {SNAPSHOTS_DIR}/ folder here: using the built-in sample snapshot {}",
                sample.path
            ));
            let snapshot = listingcheck::snapshot::read_text(Path::new(sample.path), sample.text)
                .map_err(Failure::bad_input)?;
            note_if_sample(&snapshot.path, &snapshot);
            return Ok(snapshot);
        }
        None => {
            let (snapshot, skipped) = listingcheck::snapshot::newest_complete_in(Path::new(
                SNAPSHOTS_DIR,
            ))
            .map_err(|error| match error {
                listingcheck::snapshot::SnapshotError::NoneComplete { .. } => Failure {
                    exit: Exit::SourceFailed,
                    message: error.to_string(),
                },
                _ => Failure::bad_input(error),
            })?;
            for path in &skipped {
                note(format!(
                    "skipped snapshot {}: it is incomplete (a source failed when it was taken); name it with --snapshot to check it anyway",
                    listingcheck::text::display_path(path)
                ));
            }
            if skipped.is_empty() {
                note(format!(
                    "using snapshot {} (the newest in {SNAPSHOTS_DIR}/)",
                    listingcheck::text::display_path(&snapshot.path)
                ));
            } else {
                note(format!(
                    "using snapshot {} (the newest complete one in {SNAPSHOTS_DIR}/)",
                    listingcheck::text::display_path(&snapshot.path)
                ));
            }
            note_if_sample(&snapshot.path, &snapshot);
            return Ok(snapshot);
        }
    };
    let snapshot = listingcheck::snapshot::read(&path).map_err(Failure::bad_input)?;
    note_if_sample(&path, &snapshot);
    Ok(snapshot)
}

/// Says on stderr when a snapshot is the sample shipped with listingcheck.
pub fn note_if_sample(path: &Path, snapshot: &SnapshotFile) {
    if snapshot.snapshot.sample {
        note(format!(
            "note: {} is SAMPLE DATA shipped with listingcheck, not a real fetch",
            listingcheck::text::display_path(path)
        ));
    }
}

pub fn load_waivers(path: Option<&Path>) -> Result<Waivers, Failure> {
    path.map_or_else(
        || Ok(Waivers::default()),
        |path| listingcheck::inputs::waiver::load(path).map_err(Failure::bad_input),
    )
}

/// The recorded series of each asset of `report` with a circulation plan, from the history
/// database beside its snapshot, for the HTML page's charts. None when there is no database; a
/// database that cannot be read is said on stderr and charted without.
fn plan_histories(report: &Report) -> Vec<AssetHistory> {
    let Some(folder) = Path::new(&report.snapshot.path).parent() else {
        return Vec::new();
    };
    let path = listingcheck::history::path_in(folder);
    if !path.is_file() {
        return Vec::new();
    }
    let history = match History::open_existing(&path) {
        Ok(history) => history,
        Err(error) => {
            note(format!("the page has no circulation charts: {error}"));
            return Vec::new();
        }
    };
    let mut planned: Vec<&str> = report
        .results
        .iter()
        .filter(|result| result.metric == Metric::CirculationPlanExcess && result.value.is_some())
        .map(|result| result.asset.as_ref())
        .collect();
    planned.dedup();
    let query = SeriesQuery {
        since: None,
        rule: None,
        window_days: DEFAULT_WINDOW_DAYS,
    };
    planned
        .into_iter()
        .filter_map(|asset| history.series(asset, &query).ok())
        .filter(|series| series.points.len() >= 2)
        .collect()
}
