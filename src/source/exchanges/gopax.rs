//! GOPAX: KRW pairs from `/trading-pairs`, every ticker in one `/tickers`.
//!
//! Tickers come from `/tickers` rather than `/trading-pairs/stats`: the stats give the 24 h volume
//! only in the base asset (BTC for `BTC-KRW`), while `/tickers` gives `quoteVolume`, the KRW
//! traded over 24 hours, which is what a turnover check needs. `/tickers` also lists delisted
//! pairs with frozen figures, so only the pairs of `/trading-pairs` are read from it. Its `open`
//! is the first trade after midnight in Korea, so the change is `last / open − 1` over the Korean
//! trading day, as GOPAX shows it. Numbers are JSON numbers.
//!
//! GOPAX publishes its caution alerts (`/trading-pairs/cautions`) but no investment warning (유의)
//! in its API, so GOPAX listings carry `flags: None` rather than a "no warning" GOPAX never said.
//! Errors come with HTTP statuses only.

use std::collections::HashMap;

use serde::Deserialize;

use super::{ExchangeListings, KRW, ListedAsset, change_from, kept, number, ticker};
use crate::exchange::Exchange;
use crate::snapshot::Ticker;
use crate::source::{Call, Http, SourceError};

pub const PAIRS_PATH: &str = "/trading-pairs";
pub const TICKERS_PATH: &str = "/tickers";

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

/// GOPAX's KRW listings, with tickers.
pub async fn fetch(http: &Http, source: &str) -> Result<ExchangeListings, SourceError> {
    let pairs_call = Call::get(source, PAIRS_PATH);
    let tickers_call = Call::get(source, TICKERS_PATH);
    let (pairs, tickers) = tokio::join!(
        http.fetch_json::<Vec<Pair>>(&pairs_call),
        http.fetch_json::<Vec<TickerRow>>(&tickers_call),
    );
    let (pairs, pairs_req) = pairs?;
    let mut partial_failures = Vec::new();
    let tickers = kept(tickers, &mut partial_failures).map_or_else(HashMap::new, by_pair);
    let listings = pairs
        .into_iter()
        .filter(|pair| pair.quote_asset.eq_ignore_ascii_case(KRW))
        .map(|pair| {
            let ticker = tickers.get(&pair.name).cloned().flatten();
            ListedAsset::new(Exchange::Gopax, &pair.base_asset, pair.name, pairs_req)
                .with(ticker, None)
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
