//! `listingcheck run`: the scheduled job. Fetch, check, save the snapshot and the report under
//! `snapshots/`, record the run in the history, and print what changed since the previous run.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::check::{load_standard, load_waivers};
use super::fetch::{SourceArgs, save};
use super::{Failure, SNAPSHOTS_DIR, write_output};
use crate::cli::console::note;
use listingcheck::analysis::run::{RunError, RunOptions};
use listingcheck::analysis::rundiff::{DEFAULT_MOVED, DiffOptions};
use listingcheck::exit::Exit;
use listingcheck::fetch::{DEFAULT_ASSETS_DIR, Scope};
use listingcheck::report::{Format, RenderOptions};

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Directory of asset descriptors for listed assets [default: assets, if it exists].
    #[arg(long, value_name = "DIR")]
    pub assets: Option<PathBuf>,
    /// Standards file; default: the newest adopted standard in standards/, else the newest draft.
    #[arg(long, value_name = "FILE")]
    pub standard: Option<PathBuf>,
    /// Waivers file.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Where runs keep their snapshots (and, under reports/, their reports).
    #[arg(long, value_name = "DIR", default_value = SNAPSHOTS_DIR)]
    pub snapshots: PathBuf,
    /// Keep only the newest N run snapshots and reports (never the sample or hand-placed files).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub keep: Option<u32>,
    /// Report a value as moved when a ratio changes by more than this (0.05 = 5 percentage
    /// points), or another number by more than this fraction of its old value.
    #[arg(long, value_name = "AMOUNT", default_value_t = DEFAULT_MOVED)]
    pub moved: f64,
    /// Seconds to wait for another run holding the lock before giving up (exit 3).
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub lock_timeout: u64,
    /// Output format of the summary of changes: markdown is ready to post, junit for CI systems.
    #[arg(long, value_parser = super::format_parser(true), default_value = "markdown")]
    pub format: Format,
    /// Write the summary to FILE (atomically) instead of standard output; its folder must exist.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub sources: SourceArgs,
}

pub fn run(args: &RunArgs) -> Result<Exit, Failure> {
    if !(args.moved.is_finite() && args.moved >= 0.0) {
        return Err(Failure::bad_input(format!(
            "--moved must be a number of 0 or more, such as 0.05; found {}",
            args.moved
        )));
    }
    if let Some(path) = &args.output {
        super::check_output_path(path)?;
    }
    let standard = load_standard(args.standard.as_deref())?;
    let waivers = load_waivers(args.waivers.as_deref())?;
    let assets_dir = match &args.assets {
        Some(dir) if !dir.is_dir() => {
            return Err(Failure::bad_input(format!(
                "--assets {}: no such directory of asset descriptors",
                listingcheck::text::display_path(dir)
            )));
        }
        Some(dir) => Some(dir.clone()),
        None => Some(PathBuf::from(DEFAULT_ASSETS_DIR)).filter(|dir| dir.is_dir()),
    };
    let options = RunOptions {
        snapshots_dir: args.snapshots.clone(),
        keep: args.keep.map(|keep| keep as usize),
        diff: DiffOptions { moved: args.moved },
        lock_timeout: Duration::from_secs(args.lock_timeout),
        as_of: None,
    };
    let mut incomplete = false;
    let outcome = listingcheck::analysis::run::run(&options, &standard, &waivers, || {
        wait_for_a_fresh_second(&args.snapshots);
        let fetched = args
            .sources
            .fetch(assets_dir, Vec::new(), Scope::Universe)
            .map_err(|failure| RunError::Fetch(failure.message))?;
        let path = args.snapshots.join(listingcheck::snapshot::file_name(
            listingcheck::analysis::run::RUN_PREFIX.trim_end_matches('-'),
            fetched.snapshot.taken_at,
        ));
        save(&path, &fetched).map_err(|failure| RunError::Fetch(failure.message))?;
        incomplete = !fetched.snapshot.failures.is_empty();
        Ok(path)
    })
    .map_err(|error| match error {
        RunError::Locked { .. } => Failure {
            exit: Exit::SourceFailed,
            message: error.to_string(),
        },
        _ => Failure::bad_input(error),
    })?;

    note(format!(
        "saved the report {}",
        listingcheck::text::display_path(&outcome.report_path)
    ));
    if let Ok(history) = &outcome.history {
        note(format!(
            "recorded the run in the history {}",
            listingcheck::text::display_path(history)
        ));
    }
    match &outcome.previous {
        Some(previous) => note(format!(
            "compared with the previous run's report {}",
            listingcheck::text::display_path(previous)
        )),
        None => note("no previous run: this run is the baseline"),
    }
    for removed in &outcome.removed {
        note(format!(
            "removed {} (--keep)",
            listingcheck::text::display_path(removed)
        ));
    }
    let mut rendered = Vec::new();
    args.format
        .renderer(RenderOptions {
            all: false,
            width: super::output_width(args.output.is_none()),
            color: super::output_color(args.output.is_none()),
            lang: super::lang(),
        })
        .run_diff(&outcome.diff, &mut rendered)
        .map_err(|error| Failure::bad_input(format!("cannot render the summary: {error}")))?;
    write_output(args.output.as_deref(), &rendered)?;
    if let Err(error) = &outcome.history {
        return Err(Failure::bad_input(format!(
            "{error}. The snapshot {} and the report {} are saved; `listingcheck history import` records them once the database can be written",
            listingcheck::text::display_path(&outcome.snapshot.path),
            listingcheck::text::display_path(&outcome.report_path),
        )));
    }
    Ok(if outcome.diff.has_new_blocking_failures() {
        Exit::Violations
    } else if incomplete {
        Exit::SourceFailed
    } else {
        Exit::Clean
    })
}

/// Snapshots are named by the second they were taken in; a run that follows another within the
/// same second waits for the next, so that it never overwrites the other's files.
fn wait_for_a_fresh_second(dir: &Path) {
    let taken = |now: jiff::Timestamp| {
        dir.join(listingcheck::snapshot::file_name(
            listingcheck::analysis::run::RUN_PREFIX.trim_end_matches('-'),
            now,
        ))
        .exists()
    };
    while taken(jiff::Timestamp::now()) {
        std::thread::sleep(Duration::from_millis(100));
    }
}
