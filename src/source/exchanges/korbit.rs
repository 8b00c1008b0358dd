//! Korbit: KRW pairs from `/v2/currencyPairs`, every ticker in one `/v2/tickers`, the caution
//! alerts of its market warning system (시장경보제) from `/v2/marketAlerts`, and English names from
//! `/v2/currencies`.
//!
//! Pairs are written `btc_krw` in lower case; a pair whose `status` is `stopped` (trading
//! unavailable, as for delisted coins) is not a listing, any other status (`launched`, or one this
//! version does not know) is. Every ticker number is a string;
//! `quoteVolume` is the KRW traded over 24 hours and `priceChangePercent` the signed 24 h change in
//! percent. Answers are wrapped as `{"success":true,"data":…}`; errors are
//! `{"success":false,"error":{…}}`, which the HTTP layer turns into [`SourceError::Api`].
//!
//! `/v2/marketAlerts` lists only the pairs with an active alert, each with its `alerts[].type`
//! (`price`, `limit_buy_range`, …): those types are the pair's caution kinds, and a pair absent
//! from the answer has none. Korbit publishes no investment warning (유의) designation in its API,
//! so a listing's flags carry cautions only (`warning: None`), never a "no warning" Korbit did
//! not say. `/v2/currencies` names each coin (`name` is the lower-case symbol, `fullName` the
//! English name), which identity resolution matches against CoinGecko.

use std::collections::HashMap;

use serde::Deserialize;

use super::{
    Cautions, ExchangeListings, ListedAsset, caution_flags, kept, number, percent, ticker,
};
use crate::exchange::Exchange;
use crate::inputs::config::settings::SourceDefaults;
use crate::snapshot::Ticker;
use crate::source::{Call, Http, SourceError};

/// The built-in `[sources.korbit]`. Korbit allows 50 requests a second.
pub const DEFAULTS: SourceDefaults =
    SourceDefaults::exchange(Exchange::Korbit, "https://api.korbit.co.kr", 50, 1);

pub const PAIRS_PATH: &str = "/v2/currencyPairs";
pub const TICKERS_PATH: &str = "/v2/tickers";
pub const ALERTS_PATH: &str = "/v2/marketAlerts";
pub const CURRENCIES_PATH: &str = "/v2/currencies";

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

/// One pair of `/v2/marketAlerts`, with its active alerts.
#[derive(Deserialize)]
struct AlertedPair {
    symbol: String,
    #[serde(default)]
    alerts: Vec<Alert>,
}

#[derive(Deserialize)]
struct Alert {
    #[serde(rename = "type")]
    kind: String,
}

/// One coin of `/v2/currencies`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Currency {
    /// The lower-case symbol, e.g. `btc`.
    name: String,
    full_name: Option<String>,
}

/// Korbit's KRW listings, with tickers, caution flags and English names.
pub async fn fetch(http: &Http, source: &str) -> Result<ExchangeListings, SourceError> {
    let pairs_call = Call::get(source, PAIRS_PATH);
    let tickers_call = Call::get(source, TICKERS_PATH);
    let alerts_call = Call::get(source, ALERTS_PATH);
    let currencies_call = Call::get(source, CURRENCIES_PATH);
    let (pairs, tickers, alerts, currencies) = tokio::join!(
        http.fetch_json::<Data<Vec<Pair>>>(&pairs_call),
        http.fetch_json::<Data<Vec<TickerRow>>>(&tickers_call),
        http.fetch_json::<Data<Vec<AlertedPair>>>(&alerts_call),
        http.fetch_json::<Data<Vec<Currency>>>(&currencies_call),
    );
    let (pairs, pairs_req) = pairs?;
    let mut partial_failures = Vec::new();
    let tickers = kept(tickers, &mut partial_failures).map_or_else(HashMap::new, by_pair);
    let cautions = kept(alerts, &mut partial_failures).map(|(answer, req)| Cautions {
        by_market: answer
            .data
            .into_iter()
            .map(|pair| {
                let kinds = pair.alerts.into_iter().map(|alert| alert.kind).collect();
                (pair.symbol, kinds)
            })
            .collect(),
        req,
    });
    let names: HashMap<String, String> = kept(currencies, &mut partial_failures)
        .map(|(answer, _)| {
            answer
                .data
                .into_iter()
                .filter_map(|currency| Some((currency.name.to_lowercase(), currency.full_name?)))
                .collect()
        })
        .unwrap_or_default();
    let listings = pairs
        .data
        .into_iter()
        .filter(|pair| pair.status != "stopped")
        .filter_map(|pair| {
            let symbol = pair.symbol.strip_suffix("_krw")?.to_owned();
            let ticker = tickers.get(&pair.symbol).cloned().flatten();
            let flags = caution_flags(cautions.as_ref(), &pair.symbol);
            let english_name = names.get(&symbol).cloned();
            Some(
                ListedAsset::new(Exchange::Korbit, &symbol, pair.symbol, pairs_req)
                    .named(None, english_name)
                    .with(ticker, flags),
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
