//! CoinMarketCap: circulating, total, maximum and self-reported circulating supply, with USD price
//! and market cap, from `/v2/cryptocurrency/quotes/latest`.
//!
//! Every body carries `status.error_code`, non-zero on failure even in an HTTP 200; the HTTP layer
//! turns those into errors (and retries the rate-limit codes). The `data` map is keyed by the id
//! asked for; v2 answers an entry as an object for an id, and as an array of
//! objects for a symbol (symbols are not unique), so both forms are read.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::batch::{BatchFailure, Batched, exact_amount, read_in_batches};
use super::{Answer, Call, Http, SourceError};
use crate::inputs::config::settings::{RateLimit, SourceDefaults, SourceKind};
use crate::snapshot::{Aggregator, AggregatorQuote};

/// The built-in `[sources.coinmarketcap]`. CoinMarketCap's basic plan allows 30 calls a minute.
pub const DEFAULTS: SourceDefaults = SourceDefaults {
    api_key_env: Some("CMC_API_KEY"),
    ..SourceDefaults::new(
        "coinmarketcap",
        SourceKind::Coinmarketcap,
        "https://pro-api.coinmarketcap.com",
        RateLimit::per_minute(30),
    )
};

/// The source's name in `listingcheck.toml`.
pub const SOURCE: &str = DEFAULTS.name;

/// Ids per request. The API documents no maximum for `id`, but charges one credit per 100 coins
/// returned (rounded up): 100 a request spends no credit more than the coins cost anyway, with
/// the fewest requests that allows, and keeps the URL short.
pub const QUOTES_BATCH: usize = 100;

/// Quotes of the coins with CoinMarketCap ids `ids`, [`QUOTES_BATCH`] a request. Invalid ids are
/// skipped by the API (`skip_invalid=true`) rather than failing their batch, and come back in
/// [`Batched::missing`]; a batch that fails is in [`Batched::failures`].
pub async fn quotes(http: &Http, ids: &[u32]) -> Batched<AggregatorQuote> {
    read_in_batches(ids, QUOTES_BATCH, async |batch| {
        quotes_batch(http, batch).await
    })
    .await
}

#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    data: Option<HashMap<String, Box<RawValue>>>,
}

#[derive(Deserialize)]
struct Entry {
    id: u64,
    circulating_supply: Option<Box<RawValue>>,
    total_supply: Option<Box<RawValue>>,
    max_supply: Option<Box<RawValue>>,
    self_reported_circulating_supply: Option<Box<RawValue>>,
    #[serde(default)]
    quote: HashMap<String, Quote>,
}

#[derive(Deserialize)]
struct Quote {
    price: Option<f64>,
    market_cap: Option<f64>,
    volume_24h: Option<f64>,
}

async fn quotes_batch(http: &Http, ids: &[u32]) -> Result<Batched<AggregatorQuote>, SourceError> {
    let joined: Vec<String> = ids.iter().map(u32::to_string).collect();
    let call = Call::get(
        SOURCE,
        format!(
            "/v2/cryptocurrency/quotes/latest?id={}&skip_invalid=true",
            joined.join(",")
        ),
    );
    let answer = http.fetch(&call).await?;
    let body: Body = answer.parse()?;
    let mut data = body.data.unwrap_or_default();
    let mut outcome = Batched::default();
    for id in joined {
        let Some(raw) = data.remove(&id) else {
            outcome.missing.push(id);
            continue;
        };
        match entry(&answer, &id, &raw).and_then(|entry| quote(&answer, &id, entry)) {
            Ok(Some(quote)) => outcome.items.push(quote),
            Ok(None) => outcome.missing.push(id),
            Err(error) => outcome.failures.push(BatchFailure {
                ids: vec![id],
                error,
            }),
        }
    }
    Ok(outcome)
}

/// The entry for `id`: the object itself, or the one with that id in an array.
fn entry(answer: &Answer, id: &str, raw: &RawValue) -> Result<Option<Entry>, SourceError> {
    let invalid = |error: serde_json::Error| answer.shape(format!("`data.{id}`: {error}"));
    if raw.get().trim_start().starts_with('[') {
        let entries: Vec<Entry> = serde_json::from_str(raw.get()).map_err(invalid)?;
        Ok(entries.into_iter().find(|entry| entry.id.to_string() == id))
    } else {
        serde_json::from_str(raw.get()).map(Some).map_err(invalid)
    }
}

fn quote(
    answer: &Answer,
    id: &str,
    entry: Option<Entry>,
) -> Result<Option<AggregatorQuote>, SourceError> {
    let Some(entry) = entry else {
        return Ok(None);
    };
    let exact =
        |field, raw: &Option<Box<RawValue>>| exact_amount(answer, id, field, raw.as_deref());
    let usd = entry.quote.get("USD");
    Ok(Some(AggregatorQuote {
        source: Aggregator::Coinmarketcap,
        id: id.to_owned(),
        circulating_supply: exact("circulating_supply", &entry.circulating_supply)?,
        total_supply: exact("total_supply", &entry.total_supply)?,
        max_supply: exact("max_supply", &entry.max_supply)?,
        self_reported_circulating_supply: exact(
            "self_reported_circulating_supply",
            &entry.self_reported_circulating_supply,
        )?,
        price_usd: usd.and_then(|usd| usd.price),
        market_cap_usd: usd.and_then(|usd| usd.market_cap),
        volume_24h_usd: usd.and_then(|usd| usd.volume_24h),
        req: answer.req,
    }))
}
