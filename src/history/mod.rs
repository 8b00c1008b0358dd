//! The history: every run's evaluation kept in one SQLite file beside the snapshots
//! (`snapshots/history.sqlite`), so that a listing team can ask how an asset moved over time and
//! whether it is drifting toward a tolerance, in listingcheck or in any SQLite tool.
//!
//! The snapshots stay the source of truth: the database is an index of their evaluations, which
//! `history rebuild` recreates from them. Each write is one transaction, so a run killed while
//! writing leaves the database as it was; recording a snapshot again under the same standard
//! replaces its rows. docs/history.md describes the tables.

pub mod market;
pub mod projection;
mod record;
mod schema;
pub mod series;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension as _, params};

pub use self::schema::SCHEMA_VERSION;
pub use self::series::{AssetHistory, SeriesQuery};
use crate::eval::Report;
use crate::inputs::standard::LoadedStandard;
use crate::inputs::waiver::Waivers;
use crate::snapshot::{SnapshotError, SnapshotFile};
use crate::text::display_path;

/// The database's name in the snapshots directory.
pub const FILE_NAME: &str = "history.sqlite";

/// The history database of a snapshots directory.
pub fn path_in(snapshots_dir: &Path) -> PathBuf {
    snapshots_dir.join(FILE_NAME)
}

/// Why the history could not be read or written. Each names the database file.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot use the history database {}: {message}", display_path(.path))]
    Database { path: PathBuf, message: String },
    #[error(
        "the history database {} has schema {found}, but this listingcheck knows schema {SCHEMA_VERSION}: it was written by a newer version. Upgrade listingcheck, or recreate it from the snapshots with `listingcheck history rebuild`",
        display_path(.path)
    )]
    NewerSchema { path: PathBuf, found: i64 },
    #[error(
        "no history database at {}: `listingcheck history import` records the snapshots there, and every `listingcheck run` adds to it",
        display_path(.path)
    )]
    Missing { path: PathBuf },
    #[error(
        "no asset `{asked}` in the history {}{}",
        display_path(.path),
        .suggestion.as_ref().map_or_else(String::new, |id| format!("; did you mean `{id}`?"))
    )]
    UnknownAsset {
        asked: String,
        path: PathBuf,
        suggestion: Option<String>,
    },
    #[error(
        "no rule `{asked}` among the recorded results of `{asset}`{}",
        .suggestion.as_ref().map_or_else(String::new, |id| format!("; did you mean `{id}`?"))
    )]
    UnknownRule {
        asked: String,
        asset: String,
        suggestion: Option<String>,
    },
}

/// What an import recorded and what it could not read.
#[derive(Debug, Default)]
pub struct Imported {
    pub recorded: Vec<PathBuf>,
    pub skipped: Vec<SnapshotError>,
}

/// An open history database.
pub struct History {
    connection: Connection,
    path: PathBuf,
}

impl History {
    /// Opens the database at `path`, creating it (and its tables) when it does not exist.
    pub fn open(path: &Path) -> Result<History, HistoryError> {
        let connection = Connection::open(path).map_err(|error| database_error(path, &error))?;
        schema::prepare(&connection).map_err(|problem| match problem {
            schema::SchemaProblem::Sqlite(error) => database_error(path, &error),
            schema::SchemaProblem::Newer(found) => HistoryError::NewerSchema {
                path: path.to_owned(),
                found,
            },
        })?;
        Ok(History {
            connection,
            path: path.to_owned(),
        })
    }

    /// Opens a database that must exist already, for reading.
    pub fn open_existing(path: &Path) -> Result<History, HistoryError> {
        if !path.is_file() {
            return Err(HistoryError::Missing {
                path: path.to_owned(),
            });
        }
        History::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records one evaluated snapshot, in one transaction.
    pub fn record(
        &mut self,
        standard: &LoadedStandard,
        snapshot: &SnapshotFile,
        report: &Report,
    ) -> Result<(), HistoryError> {
        let path = self.path.clone();
        let fail = |error: rusqlite::Error| database_error(&path, &error);
        let transaction = self.connection.transaction().map_err(fail)?;
        record::run(&transaction, standard, snapshot, report).map_err(fail)?;
        transaction.commit().map_err(fail)
    }

    /// Evaluates each snapshot of `paths` against `standard` (as `check` does, on the snapshot's
    /// own date) and records it, all in one transaction: an import that fails or is killed
    /// records nothing. A file that is not a readable snapshot is passed over and returned.
    pub fn import(
        &mut self,
        paths: &[PathBuf],
        standard: &LoadedStandard,
        waivers: &Waivers,
    ) -> Result<Imported, HistoryError> {
        let path = self.path.clone();
        let fail = |error: rusqlite::Error| database_error(&path, &error);
        let transaction = self.connection.transaction().map_err(fail)?;
        let mut imported = Imported::default();
        for snapshot_path in paths {
            let snapshot = match crate::snapshot::read(snapshot_path) {
                Ok(snapshot) => snapshot,
                Err(error) => {
                    imported.skipped.push(error);
                    continue;
                }
            };
            let as_of = snapshot.snapshot.as_of(None);
            let report = crate::eval::evaluate(standard, &snapshot, waivers, as_of);
            record::run(&transaction, standard, &snapshot, &report).map_err(fail)?;
            imported.recorded.push(snapshot_path.clone());
        }
        transaction.commit().map_err(fail)?;
        Ok(imported)
    }

    /// The asset id `asked` names: an id, else a symbol or a Korean name (any case), as recorded.
    pub fn resolve(&self, asked: &str) -> Result<String, HistoryError> {
        let fail = |error: rusqlite::Error| database_error(&self.path, &error);
        // An exact id first, then the newest run's asset of that symbol or name.
        let found: Option<String> = self
            .connection
            .query_row(
                "SELECT a.asset FROM assets a JOIN runs r ON r.id = a.run_id \
                 WHERE a.asset = ?1 COLLATE NOCASE OR a.symbol = ?1 COLLATE NOCASE \
                 OR a.korean_name = ?1 ORDER BY a.asset = ?1 DESC, r.taken_at DESC LIMIT 1",
                params![asked],
                |row| row.get(0),
            )
            .optional()
            .map_err(fail)?;
        if let Some(id) = found {
            return Ok(id);
        }
        // A typo is suggested among the ids and the symbols, as a user writes either.
        let known: Vec<String> = series::all(
            &self.connection,
            "SELECT asset FROM assets UNION SELECT symbol FROM assets",
            [],
            |row| row.get(0),
        )
        .map_err(fail)?;
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        Err(HistoryError::UnknownAsset {
            asked: asked.to_owned(),
            path: self.path.clone(),
            suggestion: crate::text::closest(&known, asked).map(str::to_owned),
        })
    }

    /// The series of the asset `asked` names.
    pub fn series(&self, asked: &str, query: &SeriesQuery) -> Result<AssetHistory, HistoryError> {
        let asset = self.resolve(asked)?;
        let fail = |error: rusqlite::Error| database_error(&self.path, &error);
        if let Some(rule) = &query.rule {
            let rules: Vec<String> = series::all(
                &self.connection,
                "SELECT rule FROM rules WHERE run_id = \
                 (SELECT run_id FROM assets a JOIN runs r ON r.id = a.run_id \
                  WHERE a.asset = ?1 ORDER BY r.taken_at DESC LIMIT 1)",
                params![asset],
                |row| row.get(0),
            )
            .map_err(fail)?;
            if !rules.contains(rule) {
                let known: Vec<&str> = rules.iter().map(String::as_str).collect();
                return Err(HistoryError::UnknownRule {
                    asked: rule.clone(),
                    asset,
                    suggestion: crate::text::closest(&known, &rule.to_uppercase())
                        .map(str::to_owned),
                });
            }
        }
        series::read(&self.connection, &display_path(&self.path), &asset, query).map_err(fail)
    }

    /// How many runs the database holds.
    pub fn runs(&self) -> Result<usize, HistoryError> {
        self.connection
            .query_row("SELECT count(*) FROM runs", [], |row| row.get::<_, i64>(0))
            .map(|count| usize::try_from(count).unwrap_or_default())
            .map_err(|error| database_error(&self.path, &error))
    }
}

/// Deletes the database at `path` and records `paths` into a new one. The new database is built
/// beside it and moved over it at the end, so a rebuild that fails or is killed leaves the old
/// database in place.
pub fn rebuild(
    path: &Path,
    paths: &[PathBuf],
    standard: &LoadedStandard,
    waivers: &Waivers,
) -> Result<Imported, HistoryError> {
    let mut building = path.as_os_str().to_owned();
    building.push(format!(".rebuild-{}.tmp", std::process::id()));
    let building = PathBuf::from(building);
    let io_error = |error: std::io::Error| HistoryError::Database {
        path: path.to_owned(),
        message: crate::inputs::files::io_problem(&error),
    };
    if building.exists() {
        std::fs::remove_file(&building).map_err(io_error)?;
    }
    let imported = {
        let mut history = History::open(&building)?;
        history.import(paths, standard, waivers)
    };
    match imported {
        Ok(imported) => {
            std::fs::rename(&building, path).map_err(io_error)?;
            Ok(imported)
        }
        Err(error) => {
            let _ = std::fs::remove_file(&building);
            Err(error)
        }
    }
}

fn database_error(path: &Path, error: &rusqlite::Error) -> HistoryError {
    HistoryError::Database {
        path: path.to_owned(),
        message: error.to_string(),
    }
}
