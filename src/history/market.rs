//! The days earlier runs recorded of each asset's global market (the `market` table), put into a
//! snapshot before it is evaluated, so that the metrics over a window of days (the zombie-coin
//! rules) see the days that CoinGecko's chart in the snapshot lacks. Evaluation stays pure: it
//! reads the days from the snapshot, cited by a `history` request naming the database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::params;

use super::{History, HistoryError, database_error, path_in};
use crate::inputs::standard::LoadedStandard;
use crate::metric::Metric;
use crate::snapshot::market_days::{KEPT_DAYS, MarketDay, MarketDays};
use crate::snapshot::{Request, SnapshotFile};
use crate::text::display_path;

/// The source name of the request that cites the history's days.
pub const SOURCE: &str = "history";

/// Whether any rule of `standard` measures over a window of days, which is when the history is
/// worth reading.
pub fn needs_market_days(standard: &LoadedStandard) -> bool {
    standard.standard.rules.iter().any(|rule| {
        matches!(
            rule.metric,
            Metric::QuarterlyTurnoverRatio | Metric::MarketCapKrwHigh
        )
    })
}

/// Adds to `snapshot` the market days recorded in the history database beside it (in the same
/// folder), when `standard` needs them and the database exists. Returns the database read, if
/// one was.
pub fn fill_from_history_beside(
    snapshot: &mut SnapshotFile,
    standard: &LoadedStandard,
    as_of: Date,
) -> Result<Option<PathBuf>, HistoryError> {
    if !needs_market_days(standard) {
        return Ok(None);
    }
    let Some(folder) = snapshot.path.parent() else {
        return Ok(None);
    };
    let path = path_in(folder);
    if !path.is_file() {
        return Ok(None);
    }
    History::open_existing(&path)?.fill_market_days(snapshot, as_of)?;
    Ok(Some(path))
}

impl History {
    /// Adds to each asset of `snapshot` the days recorded in the [`KEPT_DAYS`] up to `as_of`, by
    /// runs of the same kind of data (sample or real): the last run of each Korean date. One
    /// `history` request, at the time of the newest run read, cites them all.
    pub fn fill_market_days(
        &self,
        snapshot: &mut SnapshotFile,
        as_of: Date,
    ) -> Result<(), HistoryError> {
        let first = crate::kst::days_before(as_of, KEPT_DAYS - 1);
        let fail = |error: rusqlite::Error| database_error(&self.path, &error);
        let rows: Vec<(String, String, String, f64, f64)> = super::series::all(
            &self.connection,
            "SELECT m.asset, r.as_of, r.taken_at, m.market_cap_usd, m.volume_usd \
             FROM market m JOIN runs r ON r.id = m.run_id \
             WHERE r.as_of BETWEEN ?1 AND ?2 AND r.sample = ?3 \
             ORDER BY r.taken_at",
            params![
                first.to_string(),
                as_of.to_string(),
                snapshot.snapshot.sample
            ],
            |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            },
        )
        .map_err(fail)?;
        let mut by_asset: BTreeMap<String, BTreeMap<Date, MarketDay>> = BTreeMap::new();
        let mut newest: Option<Timestamp> = None;
        for (asset, date, taken_at, cap, volume) in rows {
            let bad = |what: &str| HistoryError::Database {
                path: self.path.clone(),
                message: format!("the market row of `{asset}` has an unreadable {what}"),
            };
            let date: Date = date.parse().map_err(|_| bad("date"))?;
            let taken_at: Timestamp = taken_at.parse().map_err(|_| bad("time"))?;
            newest = newest.max(Some(taken_at));
            // Rows come oldest run first: the last run of a date replaces the earlier ones.
            by_asset.entry(asset).or_default().insert(
                date,
                MarketDay {
                    date,
                    market_cap_usd: cap,
                    volume_usd: volume,
                },
            );
        }
        let Some(newest) = newest else {
            return Ok(());
        };
        let inner = &mut snapshot.snapshot;
        let req = u32::try_from(inner.requests.len()).expect("fewer than 2^32 requests");
        inner.requests.push(Arc::new(Request {
            source: SOURCE.to_owned(),
            endpoint: format!("{} (market)", display_path(Path::new(&self.path))),
            fetched_at: newest,
            cache_age_secs: None,
        }));
        for asset in &mut inner.assets {
            if let Some(days) = by_asset.remove(&asset.id) {
                asset.market_days.push(MarketDays {
                    days: days.into_values().collect(),
                    req,
                });
            }
        }
        Ok(())
    }
}
