//! Snapshots: everything fetched at one moment, which is all that evaluation ever reads.
//!
//! A snapshot file is versioned JSON:
//! `{"schema": 1, "sha256": "<hex of the snapshot bytes>", "snapshot": {…}}`. The hash covers the
//! exact bytes of the `snapshot` value, so a truncated or edited file is caught on load.
//!
//! To stay compact (the snapshot is the floor under `check`'s speed), provenance is recorded once
//! per request in [`Snapshot::requests`], and each observation refers to its request by index
//! (`req`). Source failures are recorded too, so a failed source is never silently absent.

pub mod candidate;
mod io;
pub mod market_days;
mod parse;
pub mod powers;

use std::sync::Arc;
use strum::IntoStaticStr;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use self::io::{
    PRECHECK_PREFIX, SNAPSHOT_SCHEMA, SnapshotError, SnapshotFile, all_in, file_name,
    newest_complete_in, newest_in, read, read_text, to_json, write,
};
use crate::amount::Amount;
use crate::exchange::Exchange;
use crate::inputs::asset::AssetDescriptor;

/// The content of a snapshot file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// When the fetch started (UTC). The default `as_of` is this instant's Korean date.
    pub taken_at: Timestamp,
    /// Sample data shipped with the tool, not a real fetch.
    pub sample: bool,
    /// False when a source failed; `failures` says which.
    pub complete: bool,
    /// Free text for people, e.g. where sample figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The tool that wrote the snapshot, e.g. `listingcheck 0.1.0`.
    pub tool: String,
    /// Provenance, once per request; observations point here by index. Shared (`Arc`) because
    /// every piece of evidence in a report points at one of these.
    pub requests: Vec<Arc<Request>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<SourceFailure>,
    /// The exchanges whose market list was read, each with the request that read it: an asset
    /// absent from a list read here is not listed there; an exchange missing here was not read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub market_lists: Vec<Observed<Exchange>>,
    /// US dollars to Korean won, for market caps and the domestic premium.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usd_krw: Option<Observed<f64>>,
    /// Kept last, one asset a line as `to_json` writes them: a read finds them there and parses
    /// them on every core (`parse.rs`). A field after them would leave every read to one core.
    pub assets: Vec<AssetRecord>,
}

/// Where some observations came from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct Request {
    /// The source name, as in `listingcheck.toml` (`upbit`, `coingecko`, `ethereum`, …), or
    /// `disclosure` for an asset descriptor.
    pub source: String,
    /// The URL or JSON-RPC call, never with an API key in it; a descriptor's path.
    pub endpoint: String,
    #[schemars(with = "String")]
    pub fetched_at: Timestamp,
    /// Set when the answer came from the cross-run cache: how old it was, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_age_secs: Option<u64>,
}

/// A source that failed beyond its retries.
#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct SourceFailure {
    pub source: String,
    pub endpoint: String,
    pub error: String,
    #[schemars(with = "String")]
    pub at: Timestamp,
    /// The assets whose data this failure left out, when known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<String>,
}

/// One value and the index of the request it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observed<T> {
    pub value: T,
    pub req: u32,
}

/// How an exchange symbol was tied to an asset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifiedBy {
    /// An asset descriptor in `assets/` names the symbol.
    Descriptor,
    /// CoinGecko's list matched both the symbol and the name.
    Coingecko,
    /// No match, or an ambiguous one: aggregator and chain data are absent.
    Unresolved,
}

/// Everything observed about one asset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssetRecord {
    /// The descriptor id, else the CoinGecko id, else `symbol:<SYMBOL>` when unresolved
    /// (`symbol:<SYMBOL>@<exchanges>` for the listings of a second name the exchanges give the
    /// ticker).
    pub id: String,
    pub symbol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
    pub identified_by: IdentifiedBy,
    /// Why identification failed or what it matched, for the listing team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_note: Option<String>,
    /// A token checked before listing (`fetch --asset`, `precheck`): market and exchange filters
    /// of rules apply to it, since it is being checked for exactly those markets.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub candidate: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclosure: Option<Disclosure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<Listing>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain_supplies: Vec<ChainSupply>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wallet_balances: Vec<WalletBalance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aggregator_quotes: Vec<AggregatorQuote>,
    /// Exchanges outside Korea that trade the asset (CoinGecko exchange ids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_exchanges: Option<Observed<Vec<String>>>,
    /// The first day the asset traded anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_trade: Option<FirstTrade>,
    /// Who can mint, upgrade or freeze each of its contracts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub powers: Vec<powers::ContractPowers>,
    /// The global market cap and trade volume day by day, one series per source (see
    /// [`market_days`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub market_days: Vec<market_days::MarketDays>,
}

impl AssetRecord {
    /// An asset known by its id and symbol with nothing observed about it yet, for the fetch (and
    /// the tests) to fill in with what they saw: a new kind of observation is added here once.
    pub fn new(id: String, symbol: String, identified_by: IdentifiedBy) -> Self {
        AssetRecord {
            id,
            symbol,
            name: None,
            korean_name: None,
            identified_by,
            identity_note: None,
            candidate: false,
            disclosure: None,
            listings: Vec::new(),
            chain_supplies: Vec::new(),
            wallet_balances: Vec::new(),
            aggregator_quotes: Vec::new(),
            foreign_exchanges: None,
            first_trade: None,
            powers: Vec::new(),
            market_days: Vec::new(),
        }
    }
}

/// The first day an asset traded anywhere, as far back as the source's history reaches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstTrade {
    pub date: Date,
    /// The source's history starts on `date` (CoinGecko's free plan serves one year), so the first
    /// trade may be earlier and the asset's age is a lower bound.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_or_before: bool,
    pub req: u32,
}

/// The asset descriptor as it was when the snapshot was taken.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Disclosure {
    /// SHA-256 of the descriptor file, so a changed disclosure shows in `diff`.
    pub sha256: String,
    pub descriptor: AssetDescriptor,
    /// The `disclosure` request naming the descriptor's path.
    pub req: u32,
}

/// The asset listed in one market of one exchange.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    pub exchange: Exchange,
    /// The market code as the exchange writes it, e.g. `KRW-WEMIX`.
    pub market: String,
    /// The quote currency, e.g. `KRW`.
    pub quote: String,
    /// The market-list request that showed the listing.
    pub req: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticker: Option<Ticker>,
    /// Absent when the exchange publishes no flags or the request for them failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<Flags>,
    /// What the exchange publishes about the market's state beside its flags, recorded as it
    /// writes it and not interpreted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<MarketStatus>,
}

/// One field an exchange publishes about a market's state, as written: GOPAX's `alertLevel`,
/// each active Bithumb alert's `warning_step` (with the alert's type), Coinone's `trade_status`
/// and `maintenance_status`. Shown in the evidence; no metric reads a meaning into it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketStatus {
    /// The API's own field name, e.g. `alertLevel`.
    pub field: String,
    /// The value as the API writes it, e.g. `1`, or `DANGER (TRADING_VOLUME_SUDDEN_FLUCTUATION)`
    /// for a Bithumb step with the type of its alert.
    pub value: String,
    pub req: u32,
}

/// Price and trading of one market, in its quote currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ticker {
    pub price: f64,
    /// Value traded over the last 24 hours, in the quote currency.
    pub volume_24h: f64,
    /// Signed change over 24 hours as a ratio (−0.05 is −5 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_24h: Option<f64>,
    pub req: u32,
}

/// An exchange's investment warning (유의) and caution (주의) designations, each with the request
/// it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flags {
    /// Whether the exchange designates the asset for investment warning (유의); absent when the
    /// exchange publishes no such designation, which is not the same as "no warning".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<Observed<bool>>,
    /// The active caution (주의) kinds, as the exchange names them (e.g. `PRICE_FLUCTUATIONS`);
    /// absent when the exchange publishes none or their request failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cautions: Option<Observed<Vec<String>>>,
}

/// On-chain total supply of one contract.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChainSupply {
    pub chain: String,
    pub contract: String,
    /// Whether this chain's supply counts toward the asset's issued supply.
    pub native: bool,
    /// Raw units scaled by the contract's decimals, exact.
    pub total_supply: Amount,
    pub decimals: u8,
    pub req: u32,
}

/// On-chain balance of one excluded wallet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WalletBalance {
    pub chain: String,
    pub address: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    pub balance: Amount,
    pub req: u32,
}

/// Who reports a quote: an aggregator, or the issuer itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize)]
#[derive(IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Aggregator {
    Coingecko,
    Coinmarketcap,
    /// The issuer's own published figure. Fetch never records one; rebuilt historical cases (such
    /// as WEMIX 2022) do, when the public record is the issuer's statement.
    Issuer,
    /// A figure from the public record that is neither the issuer's nor an aggregator's: an
    /// exchange's notice, a security firm's count, the press. Only rebuilt cases record one.
    #[serde(rename = "public-record")]
    #[strum(serialize = "public-record")]
    PublicRecord,
}

/// Supply and price as an aggregator reports them. Any field may be null in the API.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AggregatorQuote {
    pub source: Aggregator,
    /// The aggregator's id of the asset.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circulating_supply: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_supply: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_supply: Option<Amount>,
    /// CoinMarketCap's figure as the project itself reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_reported_circulating_supply: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_usd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_cap_usd: Option<f64>,
    /// Trade volume over 24 hours on every exchange the aggregator tracks, in US dollars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_24h_usd: Option<f64>,
    pub req: u32,
}

impl AggregatorQuote {
    /// A quote of a circulating supply alone: an issuer's own figure, or a rebuilt case's.
    pub fn circulating_only(
        source: Aggregator,
        id: impl Into<String>,
        circulating: Amount,
        req: u32,
    ) -> Self {
        AggregatorQuote {
            source,
            id: id.into(),
            circulating_supply: Some(circulating),
            total_supply: None,
            max_supply: None,
            self_reported_circulating_supply: None,
            price_usd: None,
            market_cap_usd: None,
            volume_24h_usd: None,
            req,
        }
    }
}

impl Snapshot {
    /// The date the rules are applied for: the one asked for, else the Korean date the snapshot
    /// was taken on.
    pub fn as_of(&self, asked: Option<Date>) -> Date {
        asked.unwrap_or_else(|| crate::kst::date_of(self.taken_at))
    }

    /// Whether data is missing: a source failed, or the snapshot says it is incomplete.
    pub fn is_incomplete(&self) -> bool {
        !self.complete || !self.failures.is_empty()
    }

    /// The provenance of an observation. Indexes are checked when the snapshot is read.
    pub fn request(&self, req: u32) -> &Arc<Request> {
        &self.requests[req as usize]
    }

    /// The won-market exchanges whose market list was not read (failed or disabled): an asset
    /// absent from the snapshot may still be listed there.
    pub fn unread_market_lists(&self) -> Vec<Exchange> {
        Exchange::ALL
            .into_iter()
            .filter(|exchange| self.market_list(*exchange).is_none())
            .collect()
    }

    /// The request that read an exchange's market list, if it was read.
    pub fn market_list(&self, exchange: Exchange) -> Option<u32> {
        self.market_lists
            .iter()
            .find(|list| list.value == exchange)
            .map(|list| list.req)
    }

    /// Calls `visit` on every `req` index in the snapshot: the one traversal behind the integrity
    /// check on read and [`Snapshot::canonicalize`].
    pub fn visit_reqs_mut(&mut self, mut visit: impl FnMut(&mut u32)) {
        self.usd_krw.iter_mut().for_each(|fx| visit(&mut fx.req));
        self.market_lists
            .iter_mut()
            .for_each(|list| visit(&mut list.req));
        for asset in &mut self.assets {
            asset
                .disclosure
                .iter_mut()
                .for_each(|disclosure| visit(&mut disclosure.req));
            for listing in &mut asset.listings {
                visit(&mut listing.req);
                listing
                    .ticker
                    .iter_mut()
                    .for_each(|ticker| visit(&mut ticker.req));
                listing
                    .status
                    .iter_mut()
                    .for_each(|status| visit(&mut status.req));
                if let Some(flags) = &mut listing.flags {
                    flags
                        .warning
                        .iter_mut()
                        .for_each(|warning| visit(&mut warning.req));
                    flags
                        .cautions
                        .iter_mut()
                        .for_each(|cautions| visit(&mut cautions.req));
                }
            }
            asset
                .chain_supplies
                .iter_mut()
                .for_each(|supply| visit(&mut supply.req));
            asset
                .wallet_balances
                .iter_mut()
                .for_each(|balance| visit(&mut balance.req));
            asset
                .aggregator_quotes
                .iter_mut()
                .for_each(|quote| visit(&mut quote.req));
            asset
                .foreign_exchanges
                .iter_mut()
                .for_each(|observed| visit(&mut observed.req));
            asset
                .first_trade
                .iter_mut()
                .for_each(|observed| visit(&mut observed.req));
            for powers in &mut asset.powers {
                powers.visit_reqs_mut(&mut visit);
            }
            asset
                .market_days
                .iter_mut()
                .for_each(|series| visit(&mut series.req));
        }
    }

    /// Puts the snapshot in a canonical order, whatever order answers arrived in: assets by id,
    /// requests by source, endpoint and time (with every `req` renumbered), failures and market
    /// lists sorted. Two fetches of the same data then write the same file, up to timestamps.
    pub fn canonicalize(&mut self) {
        self.assets.sort_by(|a, b| a.id.cmp(&b.id));
        let mut order: Vec<u32> =
            (0..u32::try_from(self.requests.len()).expect("fewer than 2^32 requests")).collect();
        order.sort_by(|a, b| {
            let (a, b) = (&self.requests[*a as usize], &self.requests[*b as usize]);
            (&a.source, &a.endpoint, a.fetched_at).cmp(&(&b.source, &b.endpoint, b.fetched_at))
        });
        let mut renumber = vec![0u32; order.len()];
        for (new, old) in order.iter().enumerate() {
            renumber[*old as usize] = u32::try_from(new).expect("fewer than 2^32 requests");
        }
        self.requests = order
            .iter()
            .map(|old| self.requests[*old as usize].clone())
            .collect();
        self.visit_reqs_mut(|req| *req = renumber[*req as usize]);
        for asset in &mut self.assets {
            asset
                .listings
                .sort_by(|a, b| (a.exchange, &a.market).cmp(&(b.exchange, &b.market)));
        }
        self.market_lists.sort_by_key(|list| list.value);
        self.failures
            .sort_by(|a, b| (&a.source, &a.endpoint).cmp(&(&b.source, &b.endpoint)));
    }
}

/// Which snapshot was read, exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct SnapshotRef {
    pub path: String,
    #[schemars(with = "String")]
    pub taken_at: Timestamp,
    pub sha256: String,
    pub sample: bool,
    pub complete: bool,
    /// The snapshot's own note, e.g. where sample figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The won-market exchanges whose market list the snapshot did not read: an asset absent
    /// from the snapshot may still be listed there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread_market_lists: Vec<Exchange>,
}

impl SnapshotRef {
    /// Whether the data behind the report is incomplete: a source failed, or the snapshot says
    /// so. Missing data is never good news: commands exit 3 on it.
    pub fn is_incomplete(&self, failures: &[SourceFailure]) -> bool {
        !self.complete || !failures.is_empty()
    }

    /// `Snapshot: PATH taken 2026-11-20 00:00 UTC`, flagged when it is sample data.
    pub fn describe(&self) -> String {
        format!(
            "Snapshot: {} taken {}{}",
            self.path,
            self.taken_at.strftime("%Y-%m-%d %H:%M UTC"),
            if self.sample {
                " — SAMPLE DATA, not a real fetch"
            } else {
                ""
            }
        )
    }
}

impl From<&SnapshotFile> for SnapshotRef {
    fn from(file: &SnapshotFile) -> Self {
        SnapshotRef {
            path: crate::text::display_path(&file.path),
            taken_at: file.snapshot.taken_at,
            sha256: file.sha256.clone(),
            sample: file.snapshot.sample,
            complete: file.snapshot.complete,
            note: file.snapshot.note.clone(),
            unread_market_lists: file.snapshot.unread_market_lists(),
        }
    }
}
