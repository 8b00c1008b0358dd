//! GOPAX: KRW pairs from `/trading-pairs`, every ticker in one `/tickers`, caution alerts from
//! `/trading-pairs/cautions`, and names from `/assets`.
//!
//! Tickers come from `/tickers` rather than `/trading-pairs/stats`: the stats give the 24 h volume
//! only in the base asset (BTC for `BTC-KRW`), while `/tickers` gives `quoteVolume`, the KRW
//! traded over 24 hours, which is what a turnover check needs. `/tickers` also lists delisted
//! pairs with frozen figures, so only the pairs of `/trading-pairs` are read from it. Its `open`
//! is the first trade after midnight in Korea, so the change is `last / open − 1` over the Korean
//! trading day, as GOPAX shows it. Numbers are JSON numbers.
//!
//! `/trading-pairs/cautions?showActive=true` lists the pairs under an alert of the market warning
//! system, each with `alertLevel` (0 normal, 1 주의, 2 경고) and one boolean per alert kind
//! (`isPriceChange`, `isSoarTradingVolume`, `isSoarDepositAmount`, `isGlobalPriceDifference`,
//! `isMonopolyTrading`, and the deprecated `isMonopolyBuy` and `isLowLiquidity`). A pair's caution
//! kinds are its true booleans without the `is` (`PriceChange`); GOPAX keeps a pair at its level
//! for 24 hours after the cause has passed, so a level above 0 with no kind set is the kind
//! `AlertLevel1` or `AlertLevel2` rather than nothing. A pair absent from the answer has no
//! caution. GOPAX publishes no investment warning (유의) designation in its API, so flags carry
//! cautions only (`warning: None`), never a "no warning" GOPAX did not say. `/assets` gives each
//! asset's Korean `name` and its `englishName`. Errors come with HTTP statuses only. A listed
//! pair's `alertLevel` is recorded as its status, as GOPAX writes it.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::{
    Cautions, ExchangeListings, KRW, ListedAsset, caution_flags, change_from, kept, number, ticker,
};
use crate::exchange::Exchange;
use crate::inputs::config::settings::SourceDefaults;
use crate::snapshot::Ticker;
use crate::source::{Call, Http, SourceError};

/// The built-in `[sources.gopax]`. GOPAX allows 20 requests a second.
pub const DEFAULTS: SourceDefaults =
    SourceDefaults::exchange(Exchange::Gopax, "https://api.gopax.co.kr", 20, 1);

pub const PAIRS_PATH: &str = "/trading-pairs";
pub const TICKERS_PATH: &str = "/tickers";
pub const CAUTIONS_PATH: &str = "/trading-pairs/cautions?showActive=true";
pub const ASSETS_PATH: &str = "/assets";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pair {
    name: String,
    base_asset: String,
    quote_asset: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TickerRow {
    trading_pair_name: String,
    #[serde(default, deserialize_with = "number")]
    last: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    open: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    quote_volume: Option<f64>,
}

/// One pair of `/trading-pairs/cautions`: its name, level and every `is…` kind, read generically
/// so that a kind GOPAX adds later is not lost.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CautionRow {
    name: String,
    #[serde(default)]
    alert_level: u8,
    #[serde(flatten)]
    fields: BTreeMap<String, serde_json::Value>,
}

impl CautionRow {
    /// The active kinds, as GOPAX names them without the `is`.
    fn kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self
            .fields
            .iter()
            .filter(|(_, value)| value.as_bool() == Some(true))
            .filter_map(|(field, _)| field.strip_prefix("is").map(str::to_owned))
            .collect();
        if kinds.is_empty() && self.alert_level > 0 {
            kinds.push(format!("AlertLevel{}", self.alert_level));
        }
        kinds
    }
}

/// One asset of `/assets`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssetRow {
    id: String,
    /// Korean.
    name: Option<String>,
    english_name: Option<String>,
}

/// GOPAX's KRW listings, with tickers, caution flags and names.
pub async fn fetch(http: &Http, source: &str) -> Result<ExchangeListings, SourceError> {
    let pairs_call = Call::get(source, PAIRS_PATH);
    let tickers_call = Call::get(source, TICKERS_PATH);
    let cautions_call = Call::get(source, CAUTIONS_PATH);
    let assets_call = Call::get(source, ASSETS_PATH);
    let (pairs, tickers, cautions, assets) = tokio::join!(
        http.fetch_json::<Vec<Pair>>(&pairs_call),
        http.fetch_json::<Vec<TickerRow>>(&tickers_call),
        http.fetch_json::<Vec<CautionRow>>(&cautions_call),
        http.fetch_json::<Vec<AssetRow>>(&assets_call),
    );
    let (pairs, pairs_req) = pairs?;
    let mut partial_failures = Vec::new();
    let tickers = kept(tickers, &mut partial_failures).map_or_else(HashMap::new, by_pair);
    let cautions = kept(cautions, &mut partial_failures).map(|(rows, req)| Cautions {
        by_market: rows
            .iter()
            .map(|row| (row.name.clone(), row.kinds().into_iter().collect()))
            .collect(),
        status: rows
            .iter()
            .map(|row| {
                let level = ("alertLevel".to_owned(), row.alert_level.to_string());
                (row.name.clone(), vec![level])
            })
            .collect(),
        req,
    });
    let names: HashMap<String, AssetRow> = kept(assets, &mut partial_failures)
        .map(|(rows, _)| {
            rows.into_iter()
                .map(|row| (row.id.to_uppercase(), row))
                .collect()
        })
        .unwrap_or_default();
    let listings = pairs
        .into_iter()
        .filter(|pair| pair.quote_asset.eq_ignore_ascii_case(KRW))
        .map(|pair| {
            let ticker = tickers.get(&pair.name).cloned().flatten();
            let flags = caution_flags(cautions.as_ref(), &pair.name);
            let status = cautions
                .as_ref()
                .map(|cautions| cautions.status_of(&pair.name))
                .unwrap_or_default();
            let (korean_name, english_name) = names
                .get(&pair.base_asset.to_uppercase())
                .map(|row| (row.name.clone(), row.english_name.clone()))
                .unwrap_or_default();
            ListedAsset::new(Exchange::Gopax, &pair.base_asset, pair.name, pairs_req)
                .named(korean_name, english_name)
                .with(ticker, flags)
                .reporting(status)
        })
        .collect();
    Ok(ExchangeListings::sorted(
        Exchange::Gopax,
        pairs_req,
        listings,
        partial_failures,
    ))
}

/// Tickers by pair name (`BTC-KRW`).
fn by_pair((rows, req): (Vec<TickerRow>, u32)) -> HashMap<String, Option<Ticker>> {
    rows.into_iter()
        .map(|row| {
            let change = row
                .open
                .zip(row.last)
                .and_then(|(open, last)| change_from(open, last));
            let ticker = ticker(row.last, row.quote_volume, change, req);
            (row.trading_pair_name, ticker)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(json: &str) -> CautionRow {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn caution_kinds_are_the_true_booleans_without_their_prefix() {
        let row = row(
            r#"{"id":7,"name":"SAND-KRW","alertLevel":1,"isPriceChange":true,"isMonopolyBuy":false,"isSoarTradingVolume":true}"#,
        );
        assert_eq!(row.kinds(), ["PriceChange", "SoarTradingVolume"]);
    }

    #[test]
    fn a_raised_level_without_a_kind_is_still_a_caution() {
        let row = row(r#"{"id":7,"name":"ZIL-KRW","alertLevel":2,"isPriceChange":false}"#);
        assert_eq!(row.kinds(), ["AlertLevel2"]);
    }

    #[test]
    fn level_zero_without_a_kind_is_no_caution() {
        let row = row(r#"{"id":7,"name":"ETH-KRW","alertLevel":0,"isPriceChange":false}"#);
        assert!(row.kinds().is_empty());
    }
}
