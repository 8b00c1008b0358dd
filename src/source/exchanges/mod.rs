//! The five won-market exchanges as sources: what each lists in KRW markets, with its ticker and,
//! where the exchange publishes them, its investment warning (유의) and caution (주의) flags.
//!
//! Each exchange has one module with its defaults (`DEFAULTS`) and one entry point,
//! `fetch(http, source)`; [`fetch`] reads an [`Exchange`] through its module. The market list
//! decides whether the exchange answered at all (`Err` only when it failed); every later request
//! (tickers, flags) that fails leaves the listings without that data and is kept in
//! [`ExchangeListings::partial_failures`], so nothing is dropped silently. Requests go out at once,
//! since none depends on another's answer.
//!
//! Flags are `None` for an exchange whose API publishes neither the warning nor the cautions, and
//! for every listing when the flag request failed: `None` means "unknown", never "no warning". An
//! exchange that publishes only cautions gives flags with `warning: None`.
//!
//! | exchange | market list | tickers (one request for all) | flags | English names |
//! |---|---|---|---|---|
//! | Upbit | `/v1/market/all?is_details=true` | `/v1/ticker/all?quote_currencies=KRW` | in the market list | market list |
//! | Bithumb | `/v1/market/all?isDetails=true` | `/public/ticker/ALL_KRW` | market list (유의) + `/v1/market/virtual_asset_warning` (주의) | market list |
//! | Coinone | `/public/v2/markets/KRW` | `/public/v2/ticker_new/KRW` | none published (`trade_status`, `maintenance_status` recorded as status) | none |
//! | Korbit | `/v2/currencyPairs` | `/v2/tickers` | 주의 only: `/v2/marketAlerts` | `/v2/currencies` |
//! | GOPAX | `/trading-pairs` | `/tickers` | 주의 only: `/trading-pairs/cautions` | `/assets` |
//!
//! Errors an API reports inside an HTTP 200 (Coinone's `result: error`, Korbit's `success: false`,
//! Bithumb's `status`, Upbit's `error` object) are recognised by the HTTP layer, which returns them
//! as [`SourceError::Api`]; the modules here read only successful answers.

pub mod bithumb;
pub mod coinone;
pub mod gopax;
pub mod korbit;
pub mod upbit;

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Deserializer};

use crate::exchange::Exchange;
use crate::snapshot::{Flags, Listing, MarketStatus, Observed, Ticker};
use crate::source::{Http, SourceError};

/// The quote currency of every market this module reads.
const KRW: &str = "KRW";

/// Reads one exchange through its module: the one dispatch the fetch and the tests share. A
/// market list with no KRW market at all is refused as a failure: each of the five trades
/// hundreds, so an empty list is a broken answer (or a changed API), and taking it as "nothing is
/// listed" would delist everything.
pub async fn fetch(http: &Http, exchange: Exchange) -> Result<ExchangeListings, SourceError> {
    let source = exchange.as_str();
    let (answer, path) = match exchange {
        Exchange::Upbit => (upbit::fetch(http, source).await, upbit::MARKETS_PATH),
        Exchange::Bithumb => (bithumb::fetch(http, source).await, bithumb::MARKETS_PATH),
        Exchange::Coinone => (coinone::fetch(http, source).await, coinone::MARKETS_PATH),
        Exchange::Korbit => (korbit::fetch(http, source).await, korbit::PAIRS_PATH),
        Exchange::Gopax => (gopax::fetch(http, source).await, gopax::PAIRS_PATH),
    };
    match answer {
        Ok(listings) if listings.listings.is_empty() => {
            let base_url = http
                .settings(source)
                .map(|settings| settings.base_url.as_str())
                .unwrap_or_default();
            Err(SourceError::shape(
                source,
                &format!("{base_url}{path}"),
                "the market list has no KRW market",
            ))
        }
        other => other,
    }
}

/// What one exchange lists in KRW markets.
#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeListings {
    pub exchange: Exchange,
    /// The request that read the market list: the snapshot's `market_lists` cites it, so that an
    /// asset absent from the list is evidence of "not listed here" (an empty list is refused).
    pub market_list_req: u32,
    /// One per KRW market, sorted by symbol.
    pub listings: Vec<ListedAsset>,
    /// Requests after the market list that failed (tickers, flags): the listings are kept without
    /// that data, and the failure is reported, never dropped.
    pub partial_failures: Vec<SourceError>,
}

/// One asset as an exchange lists it in its KRW market.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedAsset {
    /// The base currency, upper case, e.g. `BTC`.
    pub symbol: String,
    pub korean_name: Option<String>,
    pub english_name: Option<String>,
    pub listing: Listing,
}

impl ExchangeListings {
    /// The listings in a stable order: by symbol, then market.
    fn sorted(
        exchange: Exchange,
        market_list_req: u32,
        mut listings: Vec<ListedAsset>,
        partial_failures: Vec<SourceError>,
    ) -> Self {
        listings
            .sort_by(|a, b| (&a.symbol, &a.listing.market).cmp(&(&b.symbol, &b.listing.market)));
        ExchangeListings {
            exchange,
            market_list_req,
            listings,
            partial_failures,
        }
    }
}

impl ListedAsset {
    /// A KRW listing, before its ticker and flags are known.
    fn new(exchange: Exchange, symbol: &str, market: String, req: u32) -> Self {
        ListedAsset {
            symbol: symbol.to_uppercase(),
            korean_name: None,
            english_name: None,
            listing: Listing {
                exchange,
                market,
                quote: KRW.to_owned(),
                req,
                ticker: None,
                flags: None,
                status: Vec::new(),
            },
        }
    }

    #[must_use]
    fn named(mut self, korean_name: Option<String>, english_name: Option<String>) -> Self {
        self.korean_name = name(korean_name);
        self.english_name = name(english_name);
        self
    }

    #[must_use]
    fn with(mut self, ticker: Option<Ticker>, flags: Option<Flags>) -> Self {
        self.listing.ticker = ticker;
        self.listing.flags = flags;
        self
    }

    /// The market's status fields, recorded as the exchange writes them.
    #[must_use]
    fn reporting(mut self, status: Vec<MarketStatus>) -> Self {
        self.listing.status = status;
        self
    }
}

/// The active caution kinds per market (as the exchange writes the market), the status fields
/// the same answer gives (GOPAX's `alertLevel`, Bithumb's `warning_step`), and the request they
/// came from.
struct Cautions {
    by_market: HashMap<String, BTreeSet<String>>,
    status: HashMap<String, Vec<(String, String)>>,
    req: u32,
}

impl Cautions {
    /// The kinds of `market`, sorted; none when the alert list does not name it.
    fn of(&self, market: &str) -> Observed<Vec<String>> {
        Observed {
            value: self
                .by_market
                .get(market)
                .map(|kinds| kinds.iter().cloned().collect())
                .unwrap_or_default(),
            req: self.req,
        }
    }

    /// The status fields of `market`, as the alert list writes them.
    fn status_of(&self, market: &str) -> Vec<MarketStatus> {
        self.status
            .get(market)
            .into_iter()
            .flatten()
            .map(|(field, value)| MarketStatus {
                field: field.clone(),
                value: value.clone(),
                req: self.req,
            })
            .collect()
    }
}

/// The flags of a market on an exchange that publishes cautions but no investment warning
/// (Korbit, GOPAX); none when its alert list could not be read.
fn caution_flags(cautions: Option<&Cautions>, market: &str) -> Option<Flags> {
    cautions.map(|cautions| Flags {
        warning: None,
        cautions: Some(cautions.of(market)),
    })
}

/// The value of a later request, or `None` with its failure kept in `failures`.
fn kept<T>(result: Result<T, SourceError>, failures: &mut Vec<SourceError>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            failures.push(error);
            None
        }
    }
}

/// A ticker when the answer gave both the price and the 24 h trade value; a market whose answer
/// lacks either has no ticker (unknown), rather than a zero.
fn ticker(
    price: Option<f64>,
    volume_24h: Option<f64>,
    change_24h: Option<f64>,
    req: u32,
) -> Option<Ticker> {
    Some(Ticker {
        price: price?,
        volume_24h: volume_24h?,
        change_24h,
        req,
    })
}

/// A name as the exchange gives it; Upbit and others send `""` for a name they leave out.
fn name(text: Option<String>) -> Option<String> {
    text.map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// The ratio of a change given in percent (`"-4.89"` is −4.89 %).
fn percent(value: f64) -> f64 {
    value / 100.0
}

/// `last / reference − 1`, unknown when the reference price is zero (no trade to compare with).
fn change_from(reference: f64, last: f64) -> Option<f64> {
    (reference > 0.0).then(|| last / reference - 1.0)
}

/// The old `market_warning` of Upbit's and Bithumb's market lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum MarketWarning {
    /// No investment warning.
    None,
    /// 투자유의: the investment warning.
    Caution,
    /// A value this version does not know: the warning is unknown, not absent.
    #[serde(other)]
    Unknown,
}

impl MarketWarning {
    /// Whether the market is under the investment warning; `None` when the value is unknown.
    fn warning(self) -> Option<bool> {
        match self {
            MarketWarning::None => Some(false),
            MarketWarning::Caution => Some(true),
            MarketWarning::Unknown => None,
        }
    }
}

/// A number an API may send as a JSON number or as a decimal string, sometimes both in one answer
/// (Upbit's `"148601000.00000000"` next to `3510000`); `null`, `""` and an absent field are
/// unknown. A string that is not a number is an error: the API has changed.
fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Loose {
        Number(f64),
        Text(String),
    }
    match Option::<Loose>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Loose::Number(number)) => Ok(Some(number)),
        Some(Loose::Text(text)) if text.trim().is_empty() => Ok(None),
        Some(Loose::Text(text)) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Row {
        #[serde(default, deserialize_with = "number")]
        price: Option<f64>,
        #[serde(default, deserialize_with = "number")]
        change: Option<f64>,
    }

    fn row(json: &str) -> Result<Row, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn numbers_are_read_from_strings_and_from_numbers() {
        assert_eq!(
            row(r#"{"price":"148601000.00000000"}"#).unwrap().price,
            Some(148_601_000.0)
        );
        assert_eq!(
            row(r#"{"price":3510000}"#).unwrap().price,
            Some(3_510_000.0)
        );
        assert_eq!(
            row(r#"{"price":"1","change":"-0.43"}"#).unwrap().change,
            Some(-0.43)
        );
        assert_eq!(
            row(r#"{"price":"1","change":-0.0019}"#).unwrap().change,
            Some(-0.0019)
        );
    }

    #[test]
    fn null_empty_and_absent_numbers_are_unknown() {
        assert_eq!(row(r#"{"price":1,"change":null}"#).unwrap().change, None);
        assert_eq!(row(r#"{"price":1,"change":""}"#).unwrap().change, None);
        assert_eq!(row(r#"{"price":1}"#).unwrap().change, None);
    }

    #[test]
    fn a_string_that_is_not_a_number_is_an_error_naming_it() {
        let error = row(r#"{"price":"n/a"}"#).err().unwrap().to_string();
        assert!(error.contains("`n/a` is not a number"), "{error}");
    }

    #[test]
    fn change_against_a_zero_reference_is_unknown() {
        assert_eq!(change_from(0.0, 5.0), None);
        assert_eq!(change_from(200.0, 150.0), Some(-0.25));
    }

    #[test]
    fn market_warning_values_map_to_the_investment_warning() {
        let read = |json: &str| {
            serde_json::from_str::<MarketWarning>(json)
                .unwrap()
                .warning()
        };
        assert_eq!(read(r#""CAUTION""#), Some(true));
        assert_eq!(read(r#""NONE""#), Some(false));
        assert_eq!(read(r#""SOMETHING_NEW""#), None);
    }
}
