//! The scheduled job: fetch, check, save the snapshot and the report, and diff against the
//! previous run.
//!
//! A run holds a lock file in the snapshots directory from start to end, so two runs started at
//! once (a slow cron job overlapping the next) take turns instead of writing the same files. Each
//! run writes `snapshots/run-<UTC stamp>.json` and `snapshots/reports/report-<UTC
//! stamp>.json`; the previous run is the newest report already there. Reports live in their own
//! directory so that `check` never mistakes one for a snapshot. The run is also recorded in the
//! directory's history database (`history.sqlite`), after its report is saved.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::analysis::rundiff::{DiffOptions, RunDiff};
use crate::eval::Report;
use crate::history::HistoryError;
use crate::inputs::standard::LoadedStandard;
use crate::inputs::waiver::Waivers;
use crate::snapshot::SnapshotFile;

/// The lock file a run holds in the snapshots directory.
pub const LOCK_FILE: &str = ".listingcheck-run.lock";
/// The prefix of the snapshots a run writes: `--keep` deletes only these, never a snapshot a
/// plain `fetch` wrote.
pub const RUN_PREFIX: &str = "run-";
/// Where a run saves its reports, under the snapshots directory.
pub const REPORTS_DIR: &str = "reports";

/// What a run is asked to do, apart from fetching.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub snapshots_dir: PathBuf,
    /// Keep only the newest N run snapshots and reports; `None` keeps everything.
    pub keep: Option<usize>,
    pub diff: DiffOptions,
    /// How long to wait for another run to finish before giving up.
    pub lock_timeout: Duration,
    /// Overrides the as-of date (default: the new snapshot's date in Korea).
    pub as_of: Option<Date>,
}

/// What a run did.
#[derive(Debug)]
pub struct RunOutcome {
    pub snapshot: SnapshotFile,
    pub report: Report,
    pub report_path: PathBuf,
    /// The history database the run was recorded in, or why it could not be: the snapshot and
    /// the report are saved either way, and `history import` can record them later.
    pub history: Result<PathBuf, HistoryError>,
    /// The report the diff compared against; `None` on the first run.
    pub previous: Option<PathBuf>,
    pub diff: RunDiff,
    /// Files removed by the retention option.
    pub removed: Vec<PathBuf>,
}

/// Why a run stopped before saving its report.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(
        "another listingcheck run has held {path} for {waited:?}; it may be stuck. If no run is active, delete the file"
    )]
    Locked { path: PathBuf, waited: Duration },
    #[error("cannot use {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the previous report {path} cannot be read ({message}); move it aside to start a new baseline"
    )]
    Previous { path: PathBuf, message: String },
    #[error(transparent)]
    Snapshot(#[from] crate::snapshot::SnapshotError),
    /// The fetch itself failed before writing a snapshot (bad config, no source answered).
    #[error("{0}")]
    Fetch(String),
}

/// Runs one scheduled job. `fetch` writes a new snapshot into the snapshots directory and returns
/// its path; it is called while the lock is held, so no other run writes at the same time.
pub fn run(
    options: &RunOptions,
    standard: &LoadedStandard,
    waivers: &Waivers,
    fetch: impl FnOnce() -> Result<PathBuf, RunError>,
) -> Result<RunOutcome, RunError> {
    let dir = &options.snapshots_dir;
    std::fs::create_dir_all(dir.join(REPORTS_DIR)).map_err(|source| RunError::Io {
        path: dir.join(REPORTS_DIR),
        source,
    })?;
    let _lock = RunLock::acquire(&dir.join(LOCK_FILE), options.lock_timeout)?;
    remove_interrupted_writes(dir);

    let (previous, old, skipped) = previous_report(&dir.join(REPORTS_DIR))?;
    let mut snapshot = crate::snapshot::read(&fetch()?)?;
    let as_of = snapshot.snapshot.as_of(options.as_of);
    // The days earlier runs recorded fill the windows of days; a database that cannot be read
    // is reported when the run is recorded in it, below.
    let _ = crate::history::market::fill_from_history_beside(&mut snapshot, standard, as_of);
    let report = crate::eval::evaluate(standard, &snapshot, waivers, as_of);

    let report_path = dir.join(REPORTS_DIR).join(crate::snapshot::file_name(
        "report",
        snapshot.snapshot.taken_at,
    ));
    let mut text = serde_json::to_string_pretty(&report).expect("a report serializes");
    text.push('\n');
    crate::inputs::files::write_atomic(&report_path, text.as_bytes()).map_err(|source| {
        RunError::Io {
            path: report_path.clone(),
            source,
        }
    })?;

    let history = record_history(dir, standard, &snapshot, &report);

    let baseline = old.unwrap_or_else(|| empty_baseline(&report));
    let mut diff = crate::analysis::rundiff::diff(&baseline, &report, options.diff);
    if previous.is_none() {
        diff.notes
            .insert(0, crate::message::Message::new("note-first-run"));
    }
    for path in skipped.iter().rev() {
        diff.notes.insert(
            0,
            crate::message::Message::new("note-previous-incomplete").with(
                "path",
                crate::message::Arg::code(crate::text::display_path(path)),
            ),
        );
    }
    let removed = match options.keep {
        Some(keep) => retain(dir, keep)?,
        None => Vec::new(),
    };
    Ok(RunOutcome {
        snapshot,
        report,
        report_path,
        history,
        previous,
        diff,
        removed,
    })
}

/// Records the run in the snapshots directory's history database, in one transaction.
fn record_history(
    dir: &Path,
    standard: &LoadedStandard,
    snapshot: &SnapshotFile,
    report: &Report,
) -> Result<PathBuf, HistoryError> {
    let path = crate::history::path_in(dir);
    crate::history::History::open(&path)?.record(standard, snapshot, report)?;
    Ok(path)
}

/// The report a first run is compared with: the same standard, no results.
fn empty_baseline(report: &Report) -> Report {
    let mut snapshot = report.snapshot.clone();
    "(none: no previous run)".clone_into(&mut snapshot.path);
    Report {
        results: Vec::new(),
        waivers: Vec::new(),
        summary: crate::eval::Summary::default(),
        snapshot,
        ..report.clone()
    }
}

fn read_report(path: &Path) -> Result<Report, RunError> {
    let text = std::fs::read_to_string(path).map_err(|source| RunError::Io {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|error| RunError::Previous {
        path: path.to_owned(),
        message: error.to_string(),
    })
}

/// Removes what a run that was killed while writing left: the temporary files of its atomic
/// writes (`.run-….json.<pid>.tmp`, `.report-….json.<pid>.tmp`). Only runs write these, and the
/// lock is held, so none of them is being written now. The files they were to replace were never
/// touched.
fn remove_interrupted_writes(dir: &Path) {
    for (dir, prefix) in [
        (dir.to_owned(), format!(".{RUN_PREFIX}")),
        (dir.join(REPORTS_DIR), ".report-".to_owned()),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(Result::ok).map(|entry| entry.path()) {
            let name = path.file_name().and_then(|name| name.to_str());
            let temporary = path.extension().is_some_and(|ext| ext == "tmp");
            if temporary && name.is_some_and(|name| name.starts_with(&prefix)) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// The report this run is compared with: the newest whose data was complete, and the newer ones
/// passed over because a source had failed (comparing with a run that read nothing would call
/// every asset newly listed). When every report is incomplete, the newest is used.
#[allow(clippy::type_complexity, reason = "a private helper's three answers")]
fn previous_report(
    dir: &Path,
) -> Result<(Option<PathBuf>, Option<Report>, Vec<PathBuf>), RunError> {
    let mut skipped = Vec::new();
    let mut newest = None;
    for path in run_files(dir, "report-").into_iter().rev() {
        let report = read_report(&path)?;
        if !report.is_incomplete() {
            return Ok((Some(path), Some(report), skipped));
        }
        if newest.is_none() {
            newest = Some((path.clone(), report));
        }
        skipped.push(path);
    }
    Ok(match newest {
        Some((path, report)) => (Some(path), Some(report), Vec::new()),
        None => (None, None, Vec::new()),
    })
}

/// The files `prefix<stamp>.json` in `dir`, oldest first.
fn run_files(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(prefix))
        })
        .collect();
    // The UTC stamp after the prefix sorts in time order.
    files.sort();
    files
}

/// Deletes all but the newest `keep` run snapshots and reports. Only files a run writes are
/// touched: the sample, cases and hand-placed snapshots stay.
fn retain(dir: &Path, keep: usize) -> Result<Vec<PathBuf>, RunError> {
    let mut removed = Vec::new();
    for files in [
        run_files(dir, RUN_PREFIX),
        run_files(&dir.join(REPORTS_DIR), "report-"),
    ] {
        let excess = files.len().saturating_sub(keep);
        for path in files.into_iter().take(excess) {
            std::fs::remove_file(&path).map_err(|source| RunError::Io {
                path: path.clone(),
                source,
            })?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// An exclusive lock on a file, released when dropped (or when the process dies).
struct RunLock {
    _file: File,
}

impl RunLock {
    fn acquire(path: &Path, timeout: Duration) -> Result<RunLock, RunError> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|source| RunError::Io {
                path: path.to_owned(),
                source,
            })?;
        let start = Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(RunLock { _file: file }),
                Err(TryLockError::WouldBlock) if start.elapsed() < timeout => {
                    if !told {
                        eprintln!(
                            "waiting for another listingcheck run to finish (it holds {})",
                            path.display()
                        );
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(RunError::Locked {
                        path: path.to_owned(),
                        waited: start.elapsed(),
                    });
                }
                Err(TryLockError::Error(source)) => {
                    return Err(RunError::Io {
                        path: path.to_owned(),
                        source,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_makes_the_second_run_wait_then_give_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_FILE);
        let _held = RunLock::acquire(&path, Duration::from_secs(1)).unwrap();
        let second = RunLock::acquire(&path, Duration::from_millis(300));
        assert!(matches!(second, Err(RunError::Locked { .. })));
    }

    #[test]
    fn the_temporary_files_of_a_killed_run_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(REPORTS_DIR)).unwrap();
        let left = [
            dir.path().join(".run-20261101T000000Z.json.4242.tmp"),
            dir.path()
                .join(REPORTS_DIR)
                .join(".report-20261101T000000Z.json.4242.tmp"),
        ];
        let kept = [
            dir.path().join("run-20261031T000000Z.json"),
            dir.path().join(".snapshot-20261101T000000Z.json.4243.tmp"),
        ];
        for path in left.iter().chain(&kept) {
            std::fs::write(path, "{").unwrap();
        }
        remove_interrupted_writes(dir.path());
        assert!(left.iter().all(|path| !path.exists()));
        assert!(
            kept.iter().all(|path| path.exists()),
            "a fetch's own file stays"
        );
    }

    #[test]
    fn a_released_lock_can_be_taken_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_FILE);
        drop(RunLock::acquire(&path, Duration::from_secs(1)).unwrap());
        assert!(RunLock::acquire(&path, Duration::from_millis(300)).is_ok());
    }

    #[test]
    fn retention_keeps_the_newest_runs_and_never_the_sample() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(REPORTS_DIR)).unwrap();
        for stamp in ["20261101T000000Z", "20261102T000000Z", "20261103T000000Z"] {
            std::fs::write(dir.path().join(format!("run-{stamp}.json")), "{}").unwrap();
            std::fs::write(
                dir.path()
                    .join(REPORTS_DIR)
                    .join(format!("report-{stamp}.json")),
                "{}",
            )
            .unwrap();
        }
        std::fs::write(dir.path().join("sample-20261001T000000Z.json"), "{}").unwrap();
        std::fs::write(dir.path().join("snapshot-20261001T000000Z.json"), "{}").unwrap();
        let removed = retain(dir.path(), 2).unwrap();
        assert_eq!(removed.len(), 2);
        assert!(!dir.path().join("run-20261101T000000Z.json").exists());
        assert!(dir.path().join("run-20261103T000000Z.json").exists());
        assert!(
            dir.path().join("snapshot-20261001T000000Z.json").exists(),
            "a plain fetch's snapshot stays"
        );
        assert!(dir.path().join("sample-20261001T000000Z.json").exists());
        assert_eq!(
            run_files(&dir.path().join(REPORTS_DIR), "report-")
                .pop()
                .unwrap()
                .file_name()
                .unwrap(),
            "report-20261103T000000Z.json"
        );
    }
}
