//! CoinGecko: the coin list with contract addresses, supplies and prices, the exchanges that trade
//! a coin, the day it first traded and its market day by day, and the USD→KRW rate.
//!
//! Supplies arrive as JSON floats (`19675987.0`, `1.5e+21`) or null. They are read from the JSON
//! number's text into an exact [`crate::amount::Amount`], never through `f64`, which cannot hold
//! 318,421,502 × 10¹⁸.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use super::batch::{BatchFailure, Batched, exact_amount, query_value, read_in_batches};
use super::{Answer, CacheClass, Call, Http, SourceError};
use crate::inputs::config::settings::SourceSettings;
use crate::inputs::config::settings::{RateLimit, SourceDefaults, SourceKind};
use crate::kst;
use crate::snapshot::market_days::{KEPT_DAYS, MarketDay, MarketDays};
use crate::snapshot::{Aggregator, AggregatorQuote, Observed};

/// The built-in `[sources.coingecko]`. CoinGecko's public and demo plans allow about 30 calls a
/// minute.
pub const DEFAULTS: SourceDefaults = SourceDefaults {
    api_key_env: Some("COINGECKO_API_KEY"),
    ..SourceDefaults::new(
        "coingecko",
        SourceKind::Coingecko,
        "https://api.coingecko.com/api/v3",
        RateLimit::per_minute(30),
    )
};

/// The source's name in `listingcheck.toml`.
pub const SOURCE: &str = DEFAULTS.name;

/// Ids per `/coins/markets` request: the most `per_page` allows, so a universe of `n` coins
/// takes `⌈n / 250⌉` requests.
pub const MARKETS_BATCH: usize = 250;

/// `/coins/{id}/tickers` pages hold 100 tickers; a shorter page is the last.
const TICKERS_PER_PAGE: usize = 100;

/// A bound on ticker pages, so that an API that never answers a short page cannot keep a run
/// going: Bitcoin, the most traded coin, has about 20 pages.
const MAX_TICKER_PAGES: u32 = 200;

/// How much history the Demo (and keyless) plan serves: `days=max` is refused there (HTTP 401,
/// error 10012, "limited to querying historical data within the past 365 days").
const DEMO_HISTORY_DAYS: i64 = 365;

/// One coin of `/coins/list?include_platform=true`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coin {
    pub id: String,
    pub symbol: String,
    pub name: String,
    /// Contract (or mint) per CoinGecko platform id, e.g. `ethereum` → `0x…`. Empty and null
    /// entries of the API are left out: they are not addresses.
    pub platforms: BTreeMap<String, String>,
}

/// Every coin CoinGecko tracks, with its contracts per platform. Cached across runs
/// ([`CacheClass::CoinList`]): the list is large and changes slowly.
pub async fn coin_list(http: &Http) -> Result<Observed<Vec<Coin>>, SourceError> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        symbol: String,
        name: String,
        #[serde(default)]
        platforms: Option<HashMap<String, Option<String>>>,
    }

    let call = Call::get(SOURCE, "/coins/list?include_platform=true").cached(CacheClass::CoinList);
    let (rows, req): (Vec<Row>, u32) = http.fetch_json(&call).await?;
    let coins = rows
        .into_iter()
        .map(|row| Coin {
            platforms: row
                .platforms
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(platform, address)| {
                    let address = address?.trim().to_owned();
                    (!platform.trim().is_empty() && !address.is_empty())
                        .then_some((platform, address))
                })
                .collect(),
            id: row.id,
            symbol: row.symbol,
            name: row.name,
        })
        .collect();
    Ok(Observed { value: coins, req })
}

/// Supplies, price and market cap of `ids`, [`MARKETS_BATCH`] ids a request. A batch that fails
/// is returned in [`Batched::failures`] with its ids; ids an answer leaves out are in
/// [`Batched::missing`].
pub async fn markets(http: &Http, ids: &[String]) -> Batched<AggregatorQuote> {
    read_in_batches(ids, MARKETS_BATCH, async |batch| {
        markets_batch(http, batch).await
    })
    .await
}

async fn markets_batch(
    http: &Http,
    ids: &[String],
) -> Result<Batched<AggregatorQuote>, SourceError> {
    let joined: Vec<String> = ids.iter().map(|id| query_value(id)).collect();
    let call = Call::get(
        SOURCE,
        format!(
            "/coins/markets?vs_currency=usd&ids={}&per_page={MARKETS_BATCH}",
            joined.join(",")
        ),
    );
    let answer = http.fetch(&call).await?;
    let rows: Vec<MarketsRow> = answer.parse()?;
    let mut by_id: HashMap<String, MarketsRow> =
        rows.into_iter().map(|row| (row.id.clone(), row)).collect();
    let mut outcome = Batched::default();
    for id in ids {
        let Some(row) = by_id.remove(id) else {
            outcome.missing.push(id.clone());
            continue;
        };
        match row.quote(&answer, id) {
            Ok(quote) => outcome.items.push(quote),
            Err(error) => outcome.failures.push(BatchFailure {
                ids: vec![id.clone()],
                error,
            }),
        }
    }
    Ok(outcome)
}

/// One coin of `/coins/markets`.
#[derive(Deserialize)]
struct MarketsRow {
    id: String,
    current_price: Option<f64>,
    market_cap: Option<f64>,
    total_volume: Option<f64>,
    circulating_supply: Option<Box<RawValue>>,
    total_supply: Option<Box<RawValue>>,
    max_supply: Option<Box<RawValue>>,
}

impl MarketsRow {
    /// The row as a quote; a supply that is not a number fails the row.
    fn quote(&self, answer: &Answer, id: &str) -> Result<AggregatorQuote, SourceError> {
        let exact =
            |field, raw: &Option<Box<RawValue>>| exact_amount(answer, id, field, raw.as_deref());
        Ok(AggregatorQuote {
            source: Aggregator::Coingecko,
            id: id.to_owned(),
            circulating_supply: exact("circulating_supply", &self.circulating_supply)?,
            total_supply: exact("total_supply", &self.total_supply)?,
            max_supply: exact("max_supply", &self.max_supply)?,
            self_reported_circulating_supply: None,
            price_usd: self.current_price,
            market_cap_usd: self.market_cap,
            volume_24h_usd: self.total_volume,
            req: answer.req,
        })
    }
}

/// The CoinGecko identifiers of the exchanges that trade coin `id` (e.g. `binance`, `upbit`),
/// sorted, each once. Markets CoinGecko flags as stale (no recent trade) or anomalous are not
/// counted: an exchange that lists a coin but does not trade it is no market for it.
///
/// Follows the pages of `/coins/{id}/tickers` until a short page; each page is cached
/// ([`CacheClass::Tickers`]), so pages of one coin may come from different days. The observation
/// cites the oldest page's request: the evidence then shows how old the oldest data behind the
/// count is, never the freshness of one page only.
pub async fn exchanges_trading(
    http: &Http,
    id: &str,
) -> Result<Observed<Vec<String>>, SourceError> {
    #[derive(Deserialize)]
    struct Page {
        tickers: Vec<Ticker>,
    }
    #[derive(Deserialize)]
    struct Ticker {
        market: Market,
        #[serde(default)]
        is_stale: bool,
        #[serde(default)]
        is_anomaly: bool,
    }
    #[derive(Deserialize)]
    struct Market {
        identifier: String,
    }

    let mut exchanges = BTreeSet::new();
    // The oldest page so far, as (its fetch time, its request index).
    let mut oldest: Option<(Timestamp, u32)> = None;
    for page in 1..=MAX_TICKER_PAGES {
        let call = Call::get(
            SOURCE,
            format!("/coins/{}/tickers?page={page}", query_value(id)),
        )
        .cached(CacheClass::Tickers);
        let fetched = http.fetch(&call).await?;
        let answer: Page = fetched.parse()?;
        let fetched_at = fetched.request.fetched_at;
        if oldest.is_none_or(|(at, _)| fetched_at < at) {
            oldest = Some((fetched_at, fetched.req));
        }
        let last = answer.tickers.len() < TICKERS_PER_PAGE;
        exchanges.extend(
            answer
                .tickers
                .into_iter()
                .filter(|ticker| !ticker.is_stale && !ticker.is_anomaly)
                .map(|ticker| ticker.market.identifier),
        );
        if last {
            return Ok(Observed {
                value: exchanges.into_iter().collect(),
                req: oldest.expect("set on the first page").1,
            });
        }
    }
    let base_url = http
        .settings(SOURCE)
        .map(|settings| settings.base_url.as_str())
        .unwrap_or_default();
    Err(SourceError::shape(
        SOURCE,
        &format!("{base_url}/coins/{id}/tickers"),
        format!("more than {MAX_TICKER_PAGES} pages of tickers; stopped there"),
    ))
}

/// The first day a coin traded anywhere, as far as its price history shows.
#[derive(Clone, Debug, PartialEq)]
pub enum FirstTrade {
    /// The history starts on this day (KST): the coin first traded then.
    On(Observed<Date>),
    /// The history reachable on this plan starts on this day (KST) and the coin already traded
    /// then: it first traded on this day or earlier. The Demo plan serves only the last 365 days.
    OnOrBefore(Observed<Date>),
}

impl FirstTrade {
    /// The day, whichever kind of answer it is.
    pub fn date(&self) -> &Observed<Date> {
        match self {
            FirstTrade::On(date) | FirstTrade::OnOrBefore(date) => date,
        }
    }
}

/// What a coin's daily market chart tells: the first day it traded, and its market cap and trade
/// volume day by day.
#[derive(Clone, Debug, PartialEq)]
pub struct MarketChart {
    /// `None` when CoinGecko has no price for the coin at all.
    pub first_trade: Option<FirstTrade>,
    /// The Korean dates of the chart's last [`KEPT_DAYS`] days with a market cap, each with the
    /// latest point of that date.
    pub days: MarketDays,
}

/// Coin `id`'s USD market chart: its first day with a price, as a Korean date, and its recent
/// days. Cached ([`CacheClass::FirstTrade`]): the first day only moves if the history does, so
/// the days of a chart from the cache end when it was fetched, which its request records.
///
/// One request, the cheapest that answers: `/coins/{id}/market_chart` returns daily points past
/// 90 days (at 00:00 UTC, each with the volume of the 24 hours before it; the last point is the
/// moment of the answer), and its first point is the first day with a price. `/coins/{id}` has no
/// such date (`genesis_date` is the chain's, and mostly null). On the Pro plan `days=max` gives
/// the whole history; the Demo plan refuses `days=max`, so there the last 365 days are asked for,
/// and a history that starts at the window's edge becomes [`FirstTrade::OnOrBefore`].
pub async fn market_chart(http: &Http, id: &str) -> Result<MarketChart, SourceError> {
    /// A point: milliseconds since the epoch, and a figure CoinGecko may leave null.
    type Point = (i64, Option<f64>);
    #[derive(Deserialize)]
    struct Chart {
        prices: Vec<(i64, IgnoredAny)>,
        #[serde(default)]
        market_caps: Vec<Point>,
        #[serde(default)]
        total_volumes: Vec<Point>,
    }

    let full_history = http
        .settings(SOURCE)
        .is_some_and(SourceSettings::is_coingecko_pro);
    let days = if full_history {
        "max".to_owned()
    } else {
        DEMO_HISTORY_DAYS.to_string()
    };
    let call = Call::get(
        SOURCE,
        format!(
            "/coins/{}/market_chart?vs_currency=usd&days={days}",
            query_value(id)
        ),
    )
    .cached(CacheClass::FirstTrade);
    let answer = http.fetch(&call).await?;
    let mut chart: Chart = answer.parse()?;
    chart.market_caps.sort_by_key(|(ms, _)| *ms);
    let kst_date = |ms: i64| {
        Timestamp::from_millisecond(ms)
            .map(kst::date_of)
            .map_err(|error| answer.shape(format!("point time {ms}: {error}")))
    };
    let volumes: HashMap<i64, f64> = chart
        .total_volumes
        .iter()
        .filter_map(|(ms, volume)| Some((*ms, (*volume)?)))
        .collect();
    // The chart's last point is the moment of its answer: keep the days up to its date.
    let last_ms = chart.market_caps.iter().map(|(ms, _)| *ms).max();
    let last_kept = match last_ms {
        Some(ms) => kst_date(ms)?,
        None => Date::MIN,
    };
    let first_kept = kst::days_before(last_kept, KEPT_DAYS - 1);
    let mut by_date: BTreeMap<Date, MarketDay> = BTreeMap::new();
    for (ms, cap) in &chart.market_caps {
        // CoinGecko writes 0 where it knows no circulating supply: no market cap that day.
        let (Some(cap), Some(volume)) = (cap.filter(|cap| *cap > 0.0), volumes.get(ms)) else {
            continue;
        };
        let date = kst_date(*ms)?;
        if (first_kept..=last_kept).contains(&date) {
            // In time order: a later point of a date replaces an earlier one.
            by_date.insert(
                date,
                MarketDay {
                    date,
                    market_cap_usd: cap,
                    volume_usd: *volume,
                },
            );
        }
    }
    let days = MarketDays {
        days: by_date.into_values().collect(),
        req: answer.req,
    };
    let Some(first_ms) = chart.prices.iter().map(|(ms, _)| *ms).min() else {
        return Ok(MarketChart {
            first_trade: None,
            days,
        });
    };
    let first = Timestamp::from_millisecond(first_ms)
        .map_err(|error| answer.shape(format!("price time {first_ms}: {error}")))?;
    let date = Observed {
        value: kst::date_of(first),
        req: answer.req,
    };
    let first_trade = if full_history {
        FirstTrade::On(date)
    } else {
        // The window ends when the answer was made: `fetched_at` is that instant also for an
        // answer from the cache. A history starting within a day of the window's start was cut
        // by it.
        let window_start =
            answer.request.fetched_at - SignedDuration::from_hours(24 * (DEMO_HISTORY_DAYS - 1));
        if first <= window_start {
            FirstTrade::OnOrBefore(date)
        } else {
            FirstTrade::On(date)
        }
    };
    Ok(MarketChart {
        first_trade: Some(first_trade),
        days,
    })
}

/// US dollars to Korean won from `/exchange_rates`: both rates are per bitcoin, so their ratio is
/// the plain currency rate, without the kimchi premium a won-market coin price would carry.
pub async fn usd_krw(http: &Http) -> Result<Observed<f64>, SourceError> {
    #[derive(Deserialize)]
    struct Rates {
        rates: HashMap<String, Rate>,
    }
    #[derive(Deserialize)]
    struct Rate {
        value: f64,
    }

    let answer = http.fetch(&Call::get(SOURCE, "/exchange_rates")).await?;
    let rates: Rates = answer.parse()?;
    let rate = |unit: &str| {
        rates
            .rates
            .get(unit)
            .map(|rate| rate.value)
            .filter(|value| value.is_finite() && *value > 0.0)
            .ok_or_else(|| {
                answer.shape(format!(
                    "`rates.{unit}.value` is missing or not a positive number"
                ))
            })
    };
    Ok(Observed {
        value: rate("krw")? / rate("usd")?,
        req: answer.req,
    })
}
