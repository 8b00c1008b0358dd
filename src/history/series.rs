//! One asset's history as a document: a point per Korean date (the newest run of that date), each
//! with the asset's circulation against its plan, its metric values and the status of every rule,
//! and the projection of its drift from the plan.

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension as _, params};
use serde::Serialize;

use super::projection::{self, Band, Projection};
use crate::metric::Metric;

/// The JSON document `history ASSET --format json` writes.
pub const HISTORY_SCHEMA: u32 = 1;

/// What `history ASSET` shows.
#[derive(Clone, Debug, Serialize)]
pub struct AssetHistory {
    pub schema: u32,
    /// The database read.
    pub database: String,
    pub asset: String,
    pub symbol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
    /// The standard family the runs applied (its version may change along the series).
    pub standard: String,
    /// Only this rule's status, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    pub points: Vec<Point>,
    pub outlook: Outlook,
}

/// The asset in one run: the newest run of its Korean date.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    pub as_of: Date,
    pub taken_at: Timestamp,
    pub snapshot: String,
    pub snapshot_sha256: String,
    pub standard_version: String,
    /// False when a source failed in that run.
    pub complete: bool,
    /// The run read the sample shipped with listingcheck, not a fetch.
    pub sample: bool,
    /// The asset's verdict in that run.
    pub verdict: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub circulation: Option<Circulation>,
    pub metrics: Vec<MetricValue>,
    pub statuses: Vec<Status>,
}

/// Measured circulation against the plan on one date. Amounts are exact decimal strings.
#[derive(Clone, Debug, Serialize)]
pub struct Circulation {
    pub measured: Option<String>,
    /// `on-chain`, or who reported the figure.
    pub measured_by: Option<String>,
    pub planned: Option<String>,
    /// (measured − planned) / planned.
    pub excess: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MetricValue {
    pub metric: String,
    /// The rule's parameters, `days=30`, or empty.
    pub params: String,
    pub unit: String,
    /// Exact: tokens as a decimal string, a ratio as its shortest round-trip text.
    pub value: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Status {
    pub rule: String,
    pub metric: String,
    pub status: String,
    pub severity: String,
    pub value: Option<String>,
    /// The thresholds as people read them.
    pub threshold: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived_from: Option<String>,
}

/// Where the asset is heading against its circulation plan.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outlook {
    /// A projection at the recent rate, never a verdict.
    Projection {
        /// The rule whose bounds are projected: the standard's rule on `circulation_plan_excess`.
        rule: String,
        #[serde(flatten)]
        projection: Projection,
    },
    /// The asset discloses no circulation plan.
    NoPlan,
    /// The standard has no rule on `circulation_plan_excess`, so there are no bounds.
    NoRule,
}

/// What the series is asked for.
#[derive(Clone, Debug)]
pub struct SeriesQuery {
    pub since: Option<Date>,
    pub rule: Option<String>,
    pub window_days: u32,
}

/// The series of `asset` (already resolved to an id in the database).
pub fn read(
    connection: &Connection,
    database: &str,
    asset: &str,
    query: &SeriesQuery,
) -> rusqlite::Result<AssetHistory> {
    let standard: String = connection.query_row(
        "SELECT r.standard_id FROM runs r JOIN assets a ON a.run_id = r.id \
         WHERE a.asset = ?1 ORDER BY r.taken_at DESC LIMIT 1",
        params![asset],
        |row| row.get(0),
    )?;
    let since = query
        .since
        .map_or_else(String::new, |date| date.to_string());
    let mut runs = connection.prepare(
        "SELECT r.id, r.as_of, r.taken_at, r.snapshot, r.snapshot_sha256, r.standard_version, \
         r.complete, r.sample, a.symbol, a.korean_name, a.verdict \
         FROM runs r JOIN assets a ON a.run_id = r.id AND a.asset = ?1 \
         WHERE r.standard_id = ?2 AND r.as_of >= ?3 ORDER BY r.as_of, r.taken_at",
    )?;
    let mut chosen: Vec<(i64, Point, String, Option<String>)> = Vec::new();
    let rows = runs.query_map(params![asset, standard, since], |row| {
        let as_of: String = row.get(1)?;
        let taken_at: String = row.get(2)?;
        Ok((
            row.get::<_, i64>(0)?,
            Point {
                as_of: parse(&as_of, 1)?,
                taken_at: parse(&taken_at, 2)?,
                snapshot: row.get(3)?,
                snapshot_sha256: row.get(4)?,
                standard_version: row.get(5)?,
                complete: row.get(6)?,
                sample: row.get(7)?,
                verdict: row.get(10)?,
                circulation: None,
                metrics: Vec::new(),
                statuses: Vec::new(),
            },
            row.get::<_, String>(8)?,
            row.get::<_, Option<String>>(9)?,
        ))
    })?;
    for row in rows {
        let row = row?;
        // Ordered by date then time: a later run of the same date replaces the earlier.
        if chosen
            .last()
            .is_some_and(|last| last.1.as_of == row.1.as_of)
        {
            chosen.pop();
        }
        chosen.push(row);
    }
    let (symbol, korean_name) = chosen
        .last()
        .map(|(_, _, symbol, korean)| (symbol.clone(), korean.clone()))
        .unwrap_or_default();
    let mut points = Vec::with_capacity(chosen.len());
    for (run_id, mut point, _, _) in chosen {
        point.circulation = circulation(connection, run_id, asset)?;
        point.metrics = metrics(connection, run_id, asset)?;
        point.statuses = statuses(connection, run_id, asset, query.rule.as_deref())?;
        points.push((run_id, point));
    }
    let outlook = outlook(connection, asset, &points, query.window_days)?;
    Ok(AssetHistory {
        schema: HISTORY_SCHEMA,
        database: database.to_owned(),
        asset: asset.to_owned(),
        symbol,
        korean_name,
        standard,
        rule: query.rule.clone(),
        since: query.since,
        points: points.into_iter().map(|(_, point)| point).collect(),
        outlook,
    })
}

fn parse<T: std::str::FromStr>(text: &str, column: usize) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            Box::new(error),
        )
    })
}

fn circulation(
    connection: &Connection,
    run_id: i64,
    asset: &str,
) -> rusqlite::Result<Option<Circulation>> {
    connection
        .prepare_cached(
            "SELECT measured, measured_by, planned, excess FROM circulation \
             WHERE run_id = ?1 AND asset = ?2",
        )?
        .query_row(params![run_id, asset], |row| {
            Ok(Circulation {
                measured: row.get(0)?,
                measured_by: row.get(1)?,
                planned: row.get(2)?,
                excess: row.get(3)?,
            })
        })
        .optional()
}

/// Every row of a query, mapped.
pub(super) fn all<T>(
    connection: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    connection
        .prepare_cached(sql)?
        .query_map(params, map)?
        .collect()
}

fn metrics(
    connection: &Connection,
    run_id: i64,
    asset: &str,
) -> rusqlite::Result<Vec<MetricValue>> {
    all(
        connection,
        "SELECT metric, params, unit, value FROM metric_values \
         WHERE run_id = ?1 AND asset = ?2 ORDER BY metric, params",
        params![run_id, asset],
        |row| {
            Ok(MetricValue {
                metric: row.get(0)?,
                params: row.get(1)?,
                unit: row.get(2)?,
                value: row.get(3)?,
            })
        },
    )
}

fn statuses(
    connection: &Connection,
    run_id: i64,
    asset: &str,
    rule: Option<&str>,
) -> rusqlite::Result<Vec<Status>> {
    all(
        connection,
        "SELECT rule, metric, status, severity, value, threshold, waived_from FROM results \
         WHERE run_id = ?1 AND asset = ?2 AND (?3 IS NULL OR rule = ?3) ORDER BY rule",
        params![run_id, asset, rule],
        |row| {
            Ok(Status {
                rule: row.get(0)?,
                metric: row.get(1)?,
                status: row.get(2)?,
                severity: row.get(3)?,
                value: row.get(4)?,
                threshold: row.get(5)?,
                waived_from: row.get(6)?,
            })
        },
    )
}

/// The projection against the bounds of the newest run's rule on `circulation_plan_excess`.
fn outlook(
    connection: &Connection,
    asset: &str,
    points: &[(i64, Point)],
    window_days: u32,
) -> rusqlite::Result<Outlook> {
    let series: Vec<(Date, f64)> = points
        .iter()
        .filter_map(|(_, point)| {
            let excess = point.circulation.as_ref()?.excess?;
            Some((point.as_of, excess))
        })
        .collect();
    let planned = points.iter().any(|(_, point)| {
        point
            .circulation
            .as_ref()
            .is_some_and(|circulation| circulation.planned.is_some())
    });
    if !planned {
        return Ok(Outlook::NoPlan);
    }
    let Some((newest, _)) = points.last() else {
        return Ok(Outlook::NoPlan);
    };
    let rule = connection
        .query_row(
            "SELECT rule, min, max, warn_min, warn_max FROM results \
             WHERE run_id = ?1 AND asset = ?2 AND metric = ?3 LIMIT 1",
            params![newest, asset, Metric::CirculationPlanExcess.name()],
            |row| {
                let number = |at: usize| -> rusqlite::Result<Option<f64>> {
                    Ok(row
                        .get::<_, Option<String>>(at)?
                        .and_then(|text| text.parse().ok()))
                };
                Ok((
                    row.get::<_, String>(0)?,
                    Band {
                        min: number(1)?,
                        max: number(2)?,
                        warn_min: number(3)?,
                        warn_max: number(4)?,
                    },
                ))
            },
        )
        .optional()?;
    Ok(match rule {
        Some((rule, band)) => Outlook::Projection {
            rule,
            projection: projection::project(&series, band, window_days),
        },
        None => Outlook::NoRule,
    })
}
