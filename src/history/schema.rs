//! The tables of the history database, and opening it at the schema this version writes.
//!
//! The schema's version is SQLite's `PRAGMA user_version`: 0 is a new, empty file, which gets the
//! tables; 1 gets the market table schema 2 added; a higher version than [`SCHEMA_VERSION`] was
//! written by a newer listingcheck and is refused rather than guessed at. docs/history.md describes every table for people who open the
//! file in another SQLite tool.

use rusqlite::Connection;

/// The version of the tables this listingcheck writes and reads.
pub const SCHEMA_VERSION: i64 = 2;

/// Schema 1. Amounts are exact decimal TEXT (`value`, `measured`, `planned`); the `_real`
/// columns beside them are the same figures as floating point, for charts and sorting only. A
/// rule's thresholds are kept once per run (`rules`), not once per asset, and the metric values
/// are a view of the statuses, so a year of daily runs stays a few hundred megabytes. Every read
/// goes by run then asset, the tables' primary keys, so no other index is needed.
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

CREATE TABLE rules (
    run_id    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    rule      TEXT NOT NULL,
    metric    TEXT NOT NULL,
    params    TEXT NOT NULL,
    unit      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    min       TEXT,
    max       TEXT,
    warn_min  TEXT,
    warn_max  TEXT,
    require   INTEGER,
    threshold TEXT NOT NULL,
    PRIMARY KEY (run_id, rule)
) WITHOUT ROWID;

CREATE TABLE assets (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    asset       TEXT NOT NULL,
    symbol      TEXT NOT NULL,
    korean_name TEXT,
    verdict     TEXT NOT NULL,
    PRIMARY KEY (run_id, asset)
) WITHOUT ROWID;

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

CREATE TABLE statuses (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    asset       TEXT NOT NULL,
    rule        TEXT NOT NULL,
    status      TEXT NOT NULL,
    value       TEXT,
    value_real  REAL,
    waived_from TEXT,
    PRIMARY KEY (run_id, asset, rule)
) WITHOUT ROWID;

CREATE VIEW metric_values AS
SELECT DISTINCT s.run_id, s.asset, r.metric, r.params, r.unit, s.value, s.value_real
FROM statuses s JOIN rules r ON r.run_id = s.run_id AND r.rule = s.rule
WHERE s.value IS NOT NULL;

CREATE VIEW results AS
SELECT s.run_id, s.asset, s.rule, r.metric, s.status, r.severity, s.value, s.value_real,
       r.min, r.max, r.warn_min, r.warn_max, r.require, r.threshold, s.waived_from
FROM statuses s JOIN rules r ON r.run_id = s.run_id AND r.rule = s.rule;
";

/// Schema 2 adds each run's global market cap and 24 h trade volume per asset, as the
/// aggregator reported them, so that the metrics over a window of days (the zombie-coin rules)
/// can read the days that runs recorded.
const MARKET: &str = "
CREATE TABLE market (
    run_id         INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    asset          TEXT NOT NULL,
    source         TEXT NOT NULL,
    market_cap_usd REAL NOT NULL,
    volume_usd     REAL NOT NULL,
    PRIMARY KEY (run_id, asset)
) WITHOUT ROWID;
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
                "BEGIN; {TABLES} {MARKET} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            ))?;
            Ok(())
        }
        // Schema 1 lacks only the market table: its runs keep their rows, without market days.
        1 => {
            connection.execute_batch(&format!(
                "BEGIN; {MARKET} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            ))?;
            Ok(())
        }
        SCHEMA_VERSION => Ok(()),
        newer => Err(SchemaProblem::Newer(newer)),
    }
}
