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
//! `/v2/marketAlerts` lists the pairs with an alert, each with its `alerts[]`: a `type` (`price`,
//! `concentration`, …), a `level` where the alert system has one, and `startAt`/`endAt` in Unix
//! milliseconds. The types of the alerts still running when the list was fetched (no `endAt`, or
//! one after the fetch) are the pair's caution kinds; a pair absent from the answer has none.
//! `limit_buy_range` (주문가격 제한) is not an alert but a limit on the prices a buy order may
//! take, so it is not a caution. Korbit publishes no investment warning (유의) designation in its API,
//! so a listing's flags carry cautions only (`warning: None`), never a "no warning" Korbit did
//! not say. `/v2/currencies` names each coin (`name` is the lower-case symbol, `fullName` the
//! English name), which identity resolution matches against CoinGecko.
//!
//! Korbit now runs as **Digital X** (디지털엑스, Mirae Asset). Its Open API v2 reference
//! (docs.digitalx.miraeasset.com) names `https://api.digitalx.miraeasset.com` as the base URL and
//! says the former `https://api.korbit.co.kr` still serves the same API; a probe of both on
//! 2026-09-23 (nemanull/arbitrage-observatory, `docs/profiles/digital-x/rest.md`) found the same
//! answers on each. The default stays the former host: it answers, every snapshot recorded so far
//! (the bundled sample among them) names it, so requests stay comparable from one run to the next,
//! and the exchange keeps its name `korbit` in files and reports. `[sources.korbit] base_url =
//! "https://api.digitalx.miraeasset.com"` reads the new host.

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;
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
#[serde(rename_all = "camelCase")]
struct Alert {
    #[serde(rename = "type")]
    kind: String,
    /// When the alert ends, in Unix milliseconds.
    end_at: Option<i64>,
}

/// The order-price limit Korbit lists among its alerts; not a caution.
const ORDER_PRICE_LIMIT: &str = "limit_buy_range";

impl Alert {
    /// Whether the alert is a caution still running at `now`.
    fn is_active_caution(&self, now: Timestamp) -> bool {
        let ended = self
            .end_at
            .and_then(|ms| Timestamp::from_millisecond(ms).ok())
            .is_some_and(|end| end <= now);
        self.kind != ORDER_PRICE_LIMIT && !ended
    }
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
    let (pairs, tickers, cautions, currencies) = tokio::join!(
        http.fetch_json::<Data<Vec<Pair>>>(&pairs_call),
        http.fetch_json::<Data<Vec<TickerRow>>>(&tickers_call),
        active_cautions(http, &alerts_call),
        http.fetch_json::<Data<Vec<Currency>>>(&currencies_call),
    );
    let (pairs, pairs_req) = pairs?;
    let mut partial_failures = Vec::new();
    let tickers = kept(tickers, &mut partial_failures).map_or_else(HashMap::new, by_pair);
    let cautions = kept(cautions, &mut partial_failures);
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

/// Fetches the alert list and keeps, per pair, the cautions still running when it was fetched.
async fn active_cautions(http: &Http, call: &Call) -> Result<Cautions, SourceError> {
    let answer = http.fetch(call).await?;
    let pairs: Data<Vec<AlertedPair>> = answer.parse()?;
    let now = answer.request.fetched_at;
    let by_market = pairs
        .data
        .into_iter()
        .map(|pair| {
            let kinds: BTreeSet<String> = pair
                .alerts
                .into_iter()
                .filter(|alert| alert.is_active_caution(now))
                .map(|alert| alert.kind)
                .collect();
            (pair.symbol, kinds)
        })
        .collect();
    Ok(Cautions {
        by_market,
        status: HashMap::new(),
        req: answer.req,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(json: &str) -> Alert {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn an_order_price_limit_is_not_a_caution_and_an_ended_alert_is_over() {
        let now = Timestamp::from_millisecond(1_800_000_000_000).unwrap();
        let running = alert(r#"{"type":"price","startAt":1,"endAt":1800000000001}"#);
        let ended = alert(r#"{"type":"price","startAt":1,"endAt":1800000000000}"#);
        let open = alert(r#"{"type":"concentration"}"#);
        let limit = alert(r#"{"type":"limit_buy_range","endAt":1900000000000}"#);
        assert!(running.is_active_caution(now));
        assert!(!ended.is_active_caution(now));
        assert!(open.is_active_caution(now));
        assert!(!limit.is_active_caution(now));
    }
}
