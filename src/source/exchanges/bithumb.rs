//! Bithumb: KRW markets from the v1 `/v1/market/all?isDetails=true` (which mirrors Upbit's),
//! caution alerts from `/v1/market/virtual_asset_warning`, tickers from the legacy
//! `/public/ticker/ALL_KRW`.
//!
//! Tickers come from the legacy endpoint because it answers every KRW market in one request,
//! while the v1 `/v1/ticker?markets=…` needs the market codes in the URL and so one request per
//! batch of markets (several for Bithumb's ~400 KRW markets). Every number in the legacy answer
//! is a string, and its `fluctate_rate_24H` is the signed 24 h change in percent.
//!
//! The investment warning (투자유의) is `market_warning: "CAUTION"` in the market list. The
//! caution alerts (주의) list `market`, `warning_type`, `warning_step` and `end_date`, the end in
//! Korean time (`"2026-07-31 06:59:59"`); an alert counts while its end is after the moment the
//! alert list was fetched. Flags cite both requests; when the alert request fails, no listing has
//! flags, since the cautions would be unknown. Each active alert's `warning_step`, where present
//! (the tier: `CAUTION`, `WARNING`, `DANGER` in Bithumb's example), is recorded as the market's
//! status with the alert's type, as Bithumb writes them; no metric reads a meaning into it.

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;
use jiff::civil::DateTime;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{
    Cautions, ExchangeListings, ListedAsset, MarketWarning, kept, number, percent, ticker,
};
use crate::exchange::Exchange;
use crate::inputs::config::settings::SourceDefaults;
use crate::kst::KST;
use crate::snapshot::{Flags, Observed, Ticker};
use crate::source::{Call, Http, SourceError};

/// The built-in `[sources.bithumb]`. Bithumb allows 150 public requests a second.
pub const DEFAULTS: SourceDefaults =
    SourceDefaults::exchange(Exchange::Bithumb, "https://api.bithumb.com", 150, 1);

pub const MARKETS_PATH: &str = "/v1/market/all?isDetails=true";
pub const ALERTS_PATH: &str = "/v1/market/virtual_asset_warning";
pub const TICKERS_PATH: &str = "/public/ticker/ALL_KRW";

/// One row of `/v1/market/all?isDetails=true`.
#[derive(Deserialize)]
struct MarketRow {
    market: String,
    korean_name: Option<String>,
    english_name: Option<String>,
    market_warning: Option<MarketWarning>,
}

/// One alert of `/v1/market/virtual_asset_warning`.
#[derive(Deserialize)]
struct Alert {
    market: String,
    warning_type: String,
    /// The alert's tier (`CAUTION`, `WARNING`, `DANGER` in Bithumb's example), where present.
    #[serde(default)]
    warning_step: Option<String>,
    /// Korean time, `YYYY-MM-DD HH:MM:SS`.
    end_date: String,
}

/// `/public/ticker/ALL_KRW`: `{"status":"0000","data":{SYMBOL:{…},…,"date":"…"}}`.
#[derive(Deserialize)]
struct AllTickers {
    data: TickerTable,
}

#[derive(Deserialize)]
struct TickerTable {
    /// The answer's time, a sibling of the symbols.
    #[serde(rename = "date")]
    _date: Option<IgnoredAny>,
    #[serde(flatten)]
    by_symbol: HashMap<String, LegacyTicker>,
}

#[derive(Deserialize)]
struct LegacyTicker {
    #[serde(default, deserialize_with = "number")]
    closing_price: Option<f64>,
    #[serde(default, rename = "acc_trade_value_24H", deserialize_with = "number")]
    acc_trade_value_24h: Option<f64>,
    #[serde(default, rename = "fluctate_rate_24H", deserialize_with = "number")]
    fluctate_rate_24h: Option<f64>,
}

/// Bithumb's KRW listings, with tickers and flags.
pub async fn fetch(http: &Http, source: &str) -> Result<ExchangeListings, SourceError> {
    let markets_call = Call::get(source, MARKETS_PATH);
    let tickers_call = Call::get(source, TICKERS_PATH);
    let (markets, alerts, tickers) = tokio::join!(
        http.fetch_json::<Vec<MarketRow>>(&markets_call),
        active_cautions(http, source),
        http.fetch_json::<AllTickers>(&tickers_call),
    );
    let (markets, markets_req) = markets?;
    let mut partial_failures = Vec::new();
    let cautions = kept(alerts, &mut partial_failures);
    let tickers = kept(tickers, &mut partial_failures);
    let listings = markets
        .into_iter()
        .filter_map(|row| {
            let symbol = row.market.strip_prefix("KRW-")?.to_owned();
            // The warning comes with the market list, the cautions from the alerts: each stands
            // on its own request, so a failed alerts request loses only the cautions.
            let warning = row
                .market_warning
                .and_then(super::MarketWarning::warning)
                .map(|value| Observed {
                    value,
                    req: markets_req,
                });
            let status = cautions
                .as_ref()
                .map(|cautions| cautions.status_of(&row.market))
                .unwrap_or_default();
            let cautions = cautions.as_ref().map(|cautions| cautions.of(&row.market));
            let flags =
                (warning.is_some() || cautions.is_some()).then_some(Flags { warning, cautions });
            let ticker = tickers
                .as_ref()
                .and_then(|(table, req)| legacy_ticker(table, &symbol, *req));
            Some(
                ListedAsset::new(Exchange::Bithumb, &symbol, row.market, markets_req)
                    .named(row.korean_name, row.english_name)
                    .with(ticker, flags)
                    .reporting(status),
            )
        })
        .collect();
    Ok(ExchangeListings::sorted(
        Exchange::Bithumb,
        markets_req,
        listings,
        partial_failures,
    ))
}

fn legacy_ticker(table: &AllTickers, symbol: &str, req: u32) -> Option<Ticker> {
    let row = table.data.by_symbol.get(symbol)?;
    ticker(
        row.closing_price,
        row.acc_trade_value_24h,
        row.fluctate_rate_24h.map(percent),
        req,
    )
}

/// Fetches the alert list and keeps the alerts still active when it was fetched.
async fn active_cautions(http: &Http, source: &str) -> Result<Cautions, SourceError> {
    let answer = http.fetch(&Call::get(source, ALERTS_PATH)).await?;
    let alerts: Vec<Alert> = answer.parse()?;
    let mut by_market: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut status: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for alert in alerts {
        let end = kst_instant(&alert.end_date).ok_or_else(|| {
            answer.shape(format!(
                "the end_date `{}` of the alert on {} is not `YYYY-MM-DD HH:MM:SS`",
                alert.end_date, alert.market
            ))
        })?;
        if end > answer.request.fetched_at {
            if let Some(step) = alert.warning_step {
                let value = format!("{step} ({})", alert.warning_type);
                let steps = status.entry(alert.market.clone()).or_default();
                steps.push(("warning_step".to_owned(), value));
                steps.sort();
            }
            by_market
                .entry(alert.market)
                .or_default()
                .insert(alert.warning_type);
        }
    }
    Ok(Cautions {
        by_market,
        status,
        req: answer.req,
    })
}

/// The instant of a Korean wall-clock time `YYYY-MM-DD HH:MM:SS`.
fn kst_instant(text: &str) -> Option<Timestamp> {
    let civil = DateTime::strptime("%Y-%m-%d %H:%M:%S", text.trim()).ok()?;
    KST.to_timestamp(civil).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_end_dates_are_korean_time() {
        let end = kst_instant("2026-07-31 06:59:59").unwrap();
        assert_eq!(end, "2026-07-30T21:59:59Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn an_alert_end_date_in_another_format_is_not_read() {
        assert_eq!(kst_instant("2026-07-31T06:59:59+09:00"), None);
        assert_eq!(kst_instant("31.07.2026"), None);
    }
}
