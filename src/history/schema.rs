//! The tables of the history database, and opening it at the schema this version writes.
//!
//! The schema's version is SQLite's `PRAGMA user_version`: 0 is a new, empty file, which gets the
//! tables; a higher version than [`SCHEMA_VERSION`] was written by a newer listingcheck and is
//! refused rather than guessed at. docs/history.md describes every table for people who open the
//! file in another SQLite tool.

use rusqlite::Connection;

/// The version of the tables this listingcheck writes and reads.
pub const SCHEMA_VERSION: i64 = 1;

/// Schema 1. Amounts are exact decimal TEXT (`value`, `measured`, `planned`); the `_real`
/// columns beside them are the same figures as floating point, for charts and sorting only.
const TABLES: &str = "
CREATE TABLE runs (
    id               INTEGER PRIMARY KEY,
    snapshot         TEXT NOT NULL,
    snapshot_sha256  TEXT NOT NULL,
    taken_at         TEXT NOT NULL,
    as_of            TEXT NOT NULL,
    standard_id      TEXT NOT NULL,
    standard_version TEXT NOT NULL,
    standard_sha256  TEXT NOT NULL,
    complete         INTEGER NOT NULL,
    sample           INTEGER NOT NULL,
    tool             TEXT NOT NULL,
    UNIQUE (snapshot_sha256, standard_id, standard_version)
);
CREATE INDEX runs_by_standard_and_date ON runs (standard_id, as_of, taken_at);

CREATE TABLE assets (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    asset       TEXT NOT NULL,
    symbol      TEXT NOT NULL,
    korean_name TEXT,
    verdict     TEXT NOT NULL,
    PRIMARY KEY (run_id, asset)
) WITHOUT ROWID;
CREATE INDEX assets_by_asset ON assets (asset);

CREATE TABLE metric_values (
    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    asset      TEXT NOT NULL,
    metric     TEXT NOT NULL,
    params     TEXT NOT NULL,
    unit       TEXT NOT NULL,
    value      TEXT NOT NULL,
    value_real REAL,
    PRIMARY KEY (run_id, asset, metric, params)
) WITHOUT ROWID;
CREATE INDEX metric_values_by_asset ON metric_values (asset);

CREATE TABLE circulation (
    run_id        INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    asset         TEXT NOT NULL,
    measured      TEXT,
    measured_real REAL,
    measured_by   TEXT,
    planned       TEXT,
    planned_real  REAL,
    excess        REAL,
    PRIMARY KEY (run_id, asset)
) WITHOUT ROWID;
CREATE INDEX circulation_by_asset ON circulation (asset);

CREATE TABLE statuses (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    asset       TEXT NOT NULL,
    rule        TEXT NOT NULL,
    metric      TEXT NOT NULL,
    status      TEXT NOT NULL,
    severity    TEXT NOT NULL,
    value       TEXT,
    value_real  REAL,
    min         TEXT,
    max         TEXT,
    warn_min    TEXT,
    warn_max    TEXT,
    require     INTEGER,
    threshold   TEXT NOT NULL,
    waived_from TEXT,
    PRIMARY KEY (run_id, asset, rule)
) WITHOUT ROWID;
CREATE INDEX statuses_by_asset ON statuses (asset);
";

/// What stops a database from being used at this schema.
#[derive(Debug)]
pub enum SchemaProblem {
    Sqlite(rusqlite::Error),
    /// Written by a newer listingcheck.
    Newer(i64),
}

impl From<rusqlite::Error> for SchemaProblem {
    fn from(error: rusqlite::Error) -> Self {
        SchemaProblem::Sqlite(error)
    }
}

/// Sets the connection up (foreign keys for the cascades, a wait for another writer) and creates
/// the tables in a new file. An existing file at this schema is left as it is.
pub fn prepare(connection: &Connection) -> Result<(), SchemaProblem> {
    connection.pragma_update(None, "foreign_keys", true)?;
    // A scheduled run and an import may meet; the second waits for the first's transaction.
    connection.busy_timeout(std::time::Duration::from_secs(60))?;
    let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    match version {
        0 => {
            // One transaction: a killed first write leaves an empty file, never half the tables.
            connection.execute_batch(&format!(
                "BEGIN; {TABLES} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            ))?;
            Ok(())
        }
        SCHEMA_VERSION => Ok(()),
        newer => Err(SchemaProblem::Newer(newer)),
    }
}
