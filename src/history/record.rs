//! Writing one evaluated snapshot into the tables: its run and the rules applied, and per asset
//! its verdict, planned and measured circulation, global market cap and volume, and the status
//! and value of every rule.

use std::collections::BTreeMap;

use rusqlite::{Transaction, params};

use crate::eval::Report;
use crate::inputs::standard::{LoadedStandard, Threshold};
use crate::message::{Arg, Message};
use crate::metric::{self, Limit, Metric, Value};
use crate::snapshot::{AssetRecord, SnapshotFile};

/// Records `report`, the evaluation of `snapshot` against `standard`, inside `transaction`. A run
/// of the same snapshot (by content hash) and standard is replaced, with all its rows.
pub fn run(
    transaction: &Transaction<'_>,
    standard: &LoadedStandard,
    snapshot: &SnapshotFile,
    report: &Report,
) -> rusqlite::Result<()> {
    let meta = &standard.standard.meta;
    transaction.execute(
        "DELETE FROM runs WHERE snapshot_sha256 = ?1 AND standard_id = ?2 AND standard_version = ?3",
        params![snapshot.sha256, meta.id, meta.version],
    )?;
    let file_name = snapshot.path.file_name().map_or_else(
        || report.snapshot.path.clone(),
        |name| name.to_string_lossy().into_owned(),
    );
    transaction.execute(
        "INSERT INTO runs (snapshot, snapshot_sha256, taken_at, as_of, standard_id, \
         standard_version, standard_sha256, complete, sample, tool) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            file_name,
            snapshot.sha256,
            snapshot.snapshot.taken_at.to_string(),
            report.as_of.to_string(),
            meta.id,
            meta.version,
            standard.sha256,
            !report.is_incomplete(),
            snapshot.snapshot.sample,
            report.tool,
        ],
    )?;
    let run_id = transaction.last_insert_rowid();
    rules(transaction, run_id, standard)?;
    assets(transaction, run_id, report)?;
    statuses(transaction, run_id, report)?;
    circulation(transaction, run_id, snapshot, report)?;
    market(transaction, run_id, snapshot)
}

/// Each asset's global market cap and 24 h trade volume as the first aggregator reporting both
/// gave them (CoinGecko before CoinMarketCap, as the snapshot orders quotes): the day a window
/// metric reads back from the history (`history::market`).
fn market(
    transaction: &Transaction<'_>,
    run_id: i64,
    snapshot: &SnapshotFile,
) -> rusqlite::Result<()> {
    let reported = snapshot.snapshot.assets.iter().filter_map(|asset| {
        asset.aggregator_quotes.iter().find_map(|quote| {
            let cap = quote.market_cap_usd.filter(|cap| *cap > 0.0)?;
            let source = <&str>::from(quote.source);
            Some((&asset.id, source, cap, quote.volume_24h_usd?))
        })
    });
    let mut insert = transaction.prepare_cached(
        "INSERT INTO market (run_id, asset, source, market_cap_usd, volume_usd) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (asset, source, cap, volume) in reported {
        insert.execute(params![run_id, asset, source, cap, volume])?;
    }
    Ok(())
}

fn assets(transaction: &Transaction<'_>, run_id: i64, report: &Report) -> rusqlite::Result<()> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO assets (run_id, asset, symbol, korean_name, verdict) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for verdict in report.asset_verdicts() {
        insert.execute(params![
            run_id,
            verdict.asset,
            verdict.symbol,
            verdict.korean_name,
            verdict.verdict.as_str()
        ])?;
    }
    Ok(())
}

/// Each rule of the standard as applied in this run: its metric and thresholds, once.
fn rules(
    transaction: &Transaction<'_>,
    run_id: i64,
    standard: &LoadedStandard,
) -> rusqlite::Result<()> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO rules (run_id, rule, metric, params, unit, severity, min, max, warn_min, \
         warn_max, require, threshold) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for rule in &standard.standard.rules {
        let bounds = &rule.thresholds;
        insert.execute(params![
            run_id,
            rule.id,
            rule.metric.name(),
            params_text(&rule.params),
            <&str>::from(rule.unit()),
            <&str>::from(rule.severity),
            bounds.min.as_ref().map(limit_text),
            bounds.max.as_ref().map(limit_text),
            bounds.warn_min.as_ref().map(limit_text),
            bounds.warn_max.as_ref().map(limit_text),
            bounds.require,
            Threshold::from(rule).text,
        ])?;
    }
    Ok(())
}

fn statuses(transaction: &Transaction<'_>, run_id: i64, report: &Report) -> rusqlite::Result<()> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO statuses (run_id, asset, rule, status, value, value_real, waived_from) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for result in &report.results {
        insert.execute(params![
            run_id,
            result.asset,
            result.rule,
            result.status.as_str(),
            result.value.as_ref().map(value_text),
            result.value.as_ref().map(value_real),
            result
                .waiver
                .as_ref()
                .map(|waiver| waiver.would_be.as_str()),
        ])?;
    }
    Ok(())
}

/// Planned and measured circulation of every asset with either, computed by the metric catalog
/// exactly as the rules compute them, whether or not the standard has a rule on them.
fn circulation(
    transaction: &Transaction<'_>,
    run_id: i64,
    snapshot: &SnapshotFile,
    report: &Report,
) -> rusqlite::Result<()> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO circulation (run_id, asset, measured, measured_real, measured_by, planned, \
         planned_real, excess) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for asset in &snapshot.snapshot.assets {
        let row = Circulation::of(snapshot, asset, report.as_of);
        if row.measured.is_none() && row.planned.is_none() {
            continue;
        }
        insert.execute(params![
            run_id,
            asset.id,
            row.measured.map(|amount| amount.to_string()),
            row.measured.map(crate::amount::Amount::to_f64),
            row.measured_by,
            row.planned.map(|amount| amount.to_string()),
            row.planned.map(crate::amount::Amount::to_f64),
            row.excess,
        ])?;
    }
    Ok(())
}

/// One asset's circulation on the as-of date.
struct Circulation {
    measured: Option<crate::amount::Amount>,
    /// `on-chain`, or who reported the figure (`coingecko`, `coinmarketcap`, `issuer`).
    measured_by: Option<String>,
    planned: Option<crate::amount::Amount>,
    /// (measured − planned) / planned, as the `circulation_plan_excess` metric computes it.
    excess: Option<f64>,
}

impl Circulation {
    fn of(snapshot: &SnapshotFile, asset: &AssetRecord, as_of: jiff::civil::Date) -> Self {
        let none = BTreeMap::new();
        let measured = metric::compute(
            Metric::CirculatingSupply,
            &none,
            &snapshot.snapshot,
            asset,
            as_of,
        );
        let planned = asset
            .disclosure
            .as_ref()
            .and_then(|disclosure| disclosure.descriptor.plan.as_ref())
            .and_then(|plan| plan.planned_at(as_of))
            .map(|planned| planned.amount);
        let excess = planned
            .and(measured.value.as_ref())
            .and_then(|_| {
                metric::compute(
                    Metric::CirculationPlanExcess,
                    &none,
                    &snapshot.snapshot,
                    asset,
                    as_of,
                )
                .value
            })
            .and_then(|value| match value {
                Value::Number(ratio) => Some(ratio),
                _ => None,
            });
        Circulation {
            measured: match measured.value {
                Some(Value::Tokens(amount)) => Some(amount),
                _ => None,
            },
            measured_by: measured_by(&measured.finding),
            planned,
            excess,
        }
    }
}

/// Who measured a circulating supply, read from the figures of its finding: its `basis` is
/// measured on-chain, or reported by a `source`.
fn measured_by(finding: &Message) -> Option<String> {
    let Some(Arg::Message(basis)) = finding.args.get("basis") else {
        return None;
    };
    match basis.args.get("source") {
        None => Some("on-chain".to_owned()),
        Some(Arg::Code(source)) => Some(source.clone()),
        // The issuer is the one source worded as a message.
        Some(_) => Some("issuer".to_owned()),
    }
}

/// A rule's parameters as text, `days=30`, or empty.
fn params_text(params: &BTreeMap<String, i64>) -> String {
    params
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A value exactly: tokens as a decimal, a number as its shortest round-trip text, `true` or
/// `false`.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Number(number) => number.to_string(),
        Value::Tokens(amount) => amount.to_string(),
        Value::Bool(flag) => flag.to_string(),
    }
}

fn value_real(value: &Value) -> f64 {
    match value {
        Value::Number(number) => *number,
        Value::Tokens(amount) => amount.to_f64(),
        Value::Bool(flag) => f64::from(u8::from(*flag)),
    }
}

fn limit_text(limit: &Limit) -> String {
    match limit {
        Limit::Number(number) => number.to_string(),
        Limit::Tokens(amount) => amount.to_string(),
    }
}
