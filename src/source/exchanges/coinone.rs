//! Coinone: KRW markets from `/public/v2/markets/KRW`, every KRW ticker in one
//! `/public/v2/ticker_new/KRW`.
//!
//! Coinone names a market by its quote and target currencies (its paths read `/KRW/BTC`), so the
//! market is written `KRW/BTC`. The ticker answer writes the currencies in lower case (`"krw"`,
//! `"btc"`) and every number as a string. Its `first` is the price 24 hours ago, so the 24 h change
//! is `last / first − 1`; `quote_volume` is the KRW traded over 24 hours.
//!
//! Coinone's public API publishes no investment warning or caution flags, so listings carry
//! `flags: None`. Each market's `trade_status` and `maintenance_status` (numbers, `1` and `0` on
//! an ordinary market) are recorded as its status as written. What each value means could not be
//! confirmed from Coinone's own reference, so no market is called halted on them. Errors come as `{"result":"error","error_code":"…"}`, possibly with HTTP 200;
//! the HTTP layer turns those into [`SourceError::Api`].

use std::collections::HashMap;

use serde::Deserialize;

use super::{ExchangeListings, KRW, ListedAsset, change_from, kept, number, ticker};
use crate::exchange::Exchange;
use crate::inputs::config::settings::SourceDefaults;
use crate::snapshot::{MarketStatus, Ticker};
use crate::source::{Call, Http, SourceError};

/// The built-in `[sources.coinone]`. Coinone allows about 300 public requests a minute.
pub const DEFAULTS: SourceDefaults =
    SourceDefaults::exchange(Exchange::Coinone, "https://api.coinone.co.kr", 300, 60);

pub const MARKETS_PATH: &str = "/public/v2/markets/KRW";
pub const TICKERS_PATH: &str = "/public/v2/ticker_new/KRW";

/// `/public/v2/markets/KRW`: `{"result":"success","error_code":"0","markets":[…]}`.
#[derive(Deserialize)]
struct Markets {
    markets: Vec<Market>,
}

#[derive(Deserialize)]
struct Market {
    quote_currency: String,
    target_currency: String,
    /// Numbers in Coinone's answers (`1`, `0`); kept as written, their meaning unconfirmed.
    #[serde(default)]
    trade_status: Option<serde_json::Value>,
    #[serde(default)]
    maintenance_status: Option<serde_json::Value>,
}

impl Market {
    /// `trade_status` and `maintenance_status` as Coinone writes them, where present.
    fn status(&self, req: u32) -> Vec<MarketStatus> {
        [
            ("trade_status", &self.trade_status),
            ("maintenance_status", &self.maintenance_status),
        ]
        .into_iter()
        .filter_map(|(field, value)| {
            let value = match value.as_ref()? {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            Some(MarketStatus {
                field: field.to_owned(),
                value,
                req,
            })
        })
        .collect()
    }
}

/// `/public/v2/ticker_new/KRW`: `{"result":"success","error_code":"0","tickers":[…]}`.
#[derive(Deserialize)]
struct Tickers {
    tickers: Vec<TickerRow>,
}

#[derive(Deserialize)]
struct TickerRow {
    target_currency: String,
    #[serde(default, deserialize_with = "number")]
    last: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    first: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    quote_volume: Option<f64>,
}

/// Coinone's KRW listings, with tickers.
pub async fn fetch(http: &Http, source: &str) -> Result<ExchangeListings, SourceError> {
    let markets_call = Call::get(source, MARKETS_PATH);
    let tickers_call = Call::get(source, TICKERS_PATH);
    let (markets, tickers) = tokio::join!(
        http.fetch_json::<Markets>(&markets_call),
        http.fetch_json::<Tickers>(&tickers_call),
    );
    let (markets, markets_req) = markets?;
    let mut partial_failures = Vec::new();
    let tickers = kept(tickers, &mut partial_failures).map_or_else(HashMap::new, by_symbol);
    let listings = markets
        .markets
        .into_iter()
        .filter(|market| market.quote_currency.eq_ignore_ascii_case(KRW))
        .map(|market| {
            let symbol = market.target_currency.to_uppercase();
            let code = format!("{}/{}", market.quote_currency, market.target_currency);
            let ticker = tickers.get(&symbol).cloned().flatten();
            let status = market.status(markets_req);
            ListedAsset::new(Exchange::Coinone, &symbol, code, markets_req)
                .with(ticker, None)
                .reporting(status)
        })
        .collect();
    Ok(ExchangeListings::sorted(
        Exchange::Coinone,
        markets_req,
        listings,
        partial_failures,
    ))
}

/// Tickers by upper-case symbol.
fn by_symbol((answer, req): (Tickers, u32)) -> HashMap<String, Option<Ticker>> {
    answer
        .tickers
        .into_iter()
        .map(|row| {
            let change = row
                .first
                .zip(row.last)
                .and_then(|(first, last)| change_from(first, last));
            let ticker = ticker(row.last, row.quote_volume, change, req);
            (row.target_currency.to_uppercase(), ticker)
        })
        .collect()
}
