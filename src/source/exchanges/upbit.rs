//! Upbit: KRW markets from `/v1/market/all?is_details=true`, every KRW ticker in one
//! `/v1/ticker/all?quote_currencies=KRW`.
//!
//! Flags come with the market list. Since 2024-11-20 they are `market_event.warning` (유의) and the
//! five `market_event.caution.*` booleans (주의); before, the list had only `market_warning`
//! (`"CAUTION"` = 유의) and no caution flags. Both shapes are read, so an old recorded answer or a
//! mirror still works. Prices come as decimal strings in some rows and numbers in others.
//!
//! `signed_change_rate` is Upbit's change against the previous day's close (UTC midnight), which
//! is what Upbit publishes as its daily change.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::{ExchangeListings, ListedAsset, MarketWarning, kept, number, ticker};
use crate::exchange::Exchange;
use crate::inputs::config::settings::SourceDefaults;
use crate::snapshot::{Flags, Observed, Ticker};
use crate::source::{Call, Http, SourceError};

/// The built-in `[sources.upbit]`. Upbit allows 10 requests a second per group of endpoints.
pub const DEFAULTS: SourceDefaults =
    SourceDefaults::exchange(Exchange::Upbit, "https://api.upbit.com", 10, 1);

pub const MARKETS_PATH: &str = "/v1/market/all?is_details=true";
pub const TICKERS_PATH: &str = "/v1/ticker/all?quote_currencies=KRW";

/// One row of `/v1/market/all?is_details=true`.
#[derive(Deserialize)]
struct MarketRow {
    market: String,
    korean_name: Option<String>,
    english_name: Option<String>,
    /// Since 2024-11-20.
    market_event: Option<MarketEvent>,
    /// Until 2024-11-20.
    market_warning: Option<MarketWarning>,
}

#[derive(Deserialize)]
struct MarketEvent {
    warning: bool,
    /// Caution kind → active; the kinds are kept as Upbit names them.
    #[serde(default)]
    caution: BTreeMap<String, bool>,
}

impl MarketRow {
    /// The flags of the row, `None` when it carries neither shape (or an unknown warning value).
    fn flags(&self, req: u32) -> Option<Flags> {
        if let Some(event) = &self.market_event {
            let active = event.caution.iter().filter(|(_, active)| **active);
            return Some(Flags {
                warning: Some(Observed {
                    value: event.warning,
                    req,
                }),
                cautions: Some(Observed {
                    value: active.map(|(kind, _)| kind.clone()).collect(),
                    req,
                }),
            });
        }
        // The old shape carried no caution flags (Upbit published them only with `market_event`),
        // so they are unknown, not absent.
        let warning = self.market_warning?.warning()?;
        Some(Flags {
            warning: Some(Observed {
                value: warning,
                req,
            }),
            cautions: None,
        })
    }
}

/// One row of `/v1/ticker/all`.
#[derive(Deserialize)]
struct TickerRow {
    market: String,
    #[serde(default, deserialize_with = "number")]
    trade_price: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    acc_trade_price_24h: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    signed_change_rate: Option<f64>,
}

/// Upbit's KRW listings, with tickers and flags.
pub async fn fetch(http: &Http, source: &str) -> Result<ExchangeListings, SourceError> {
    let markets_call = Call::get(source, MARKETS_PATH);
    let tickers_call = Call::get(source, TICKERS_PATH);
    let (markets, tickers) = tokio::join!(
        http.fetch_json::<Vec<MarketRow>>(&markets_call),
        http.fetch_json::<Vec<TickerRow>>(&tickers_call),
    );
    let (markets, markets_req) = markets?;
    let mut partial_failures = Vec::new();
    let tickers = kept(tickers, &mut partial_failures).map_or_else(HashMap::new, by_market);
    let listings = markets
        .into_iter()
        .filter_map(|row| {
            let symbol = row.market.strip_prefix("KRW-")?.to_owned();
            let flags = row.flags(markets_req);
            let ticker = tickers.get(&row.market).cloned().flatten();
            Some(
                ListedAsset::new(Exchange::Upbit, &symbol, row.market, markets_req)
                    .named(row.korean_name, row.english_name)
                    .with(ticker, flags),
            )
        })
        .collect();
    Ok(ExchangeListings::sorted(
        Exchange::Upbit,
        markets_req,
        listings,
        partial_failures,
    ))
}

/// Tickers by market code; a row without price or trade value maps to `None`.
fn by_market((rows, req): (Vec<TickerRow>, u32)) -> HashMap<String, Option<Ticker>> {
    rows.into_iter()
        .map(|row| {
            let ticker = ticker(
                row.trade_price,
                row.acc_trade_price_24h,
                row.signed_change_rate,
                req,
            );
            (row.market, ticker)
        })
        .collect()
}
