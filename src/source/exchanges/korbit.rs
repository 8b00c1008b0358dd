//! Korbit: KRW pairs from `/v2/currencyPairs`, every ticker in one `/v2/tickers`.
//!
//! Pairs are written `btc_krw` in lower case; a pair whose `status` is `stopped` (trading
//! unavailable, as for delisted coins) is not a listing, any other status (`launched`, or one this
//! version does not know) is. Every ticker number is a string;
//! `quoteVolume` is the KRW traded over 24 hours and `priceChangePercent` the signed 24 h change in
//! percent. Answers are wrapped as `{"success":true,"data":…}`; errors are
//! `{"success":false,"error":{…}}`, which the HTTP layer turns into [`SourceError::Api`].
//!
//! Korbit publishes its market alerts (시장경보, the 주의 kinds) at `/v2/marketAlerts` but no
//! investment warning (유의) in its API. A listing's flags need both, so Korbit listings carry
//! `flags: None` rather than a "no warning" Korbit never said.

use std::collections::HashMap;

use serde::Deserialize;

use super::{ExchangeListings, ListedAsset, kept, number, percent, ticker};
use crate::exchange::Exchange;
use crate::snapshot::Ticker;
use crate::source::{Call, Http, SourceError};

pub const PAIRS_PATH: &str = "/v2/currencyPairs";
pub const TICKERS_PATH: &str = "/v2/tickers";

/// Korbit's envelope of a successful answer.
#[derive(Deserialize)]
struct Data<T> {
    data: T,
}

#[derive(Deserialize)]
struct Pair {
    symbol: String,
    /// `launched` (trading available) or `stopped` (trading unavailable).
    status: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TickerRow {
    symbol: String,
    #[serde(default, deserialize_with = "number")]
    close: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    quote_volume: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    price_change_percent: Option<f64>,
}

/// Korbit's KRW listings, with tickers.
pub async fn fetch(http: &Http, source: &str) -> Result<ExchangeListings, SourceError> {
    let pairs_call = Call::get(source, PAIRS_PATH);
    let tickers_call = Call::get(source, TICKERS_PATH);
    let (pairs, tickers) = tokio::join!(
        http.fetch_json::<Data<Vec<Pair>>>(&pairs_call),
        http.fetch_json::<Data<Vec<TickerRow>>>(&tickers_call),
    );
    let (pairs, pairs_req) = pairs?;
    let mut partial_failures = Vec::new();
    let tickers = kept(tickers, &mut partial_failures).map_or_else(HashMap::new, by_pair);
    let listings = pairs
        .data
        .into_iter()
        .filter(|pair| pair.status != "stopped")
        .filter_map(|pair| {
            let symbol = pair.symbol.strip_suffix("_krw")?.to_owned();
            let ticker = tickers.get(&pair.symbol).cloned().flatten();
            Some(
                ListedAsset::new(Exchange::Korbit, &symbol, pair.symbol, pairs_req)
                    .with(ticker, None),
            )
        })
        .collect();
    Ok(ExchangeListings::sorted(
        Exchange::Korbit,
        pairs_req,
        listings,
        partial_failures,
    ))
}

/// Tickers by pair symbol (`btc_krw`).
fn by_pair((answer, req): (Data<Vec<TickerRow>>, u32)) -> HashMap<String, Option<Ticker>> {
    answer
        .data
        .into_iter()
        .map(|row| {
            let ticker = ticker(
                row.close,
                row.quote_volume,
                row.price_change_percent.map(percent),
                req,
            );
            (row.symbol, ticker)
        })
        .collect()
}
