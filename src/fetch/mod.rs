//! `fetch`: everything the checks read, fetched at one moment into a [`Snapshot`].
//!
//! The universe is every asset listed in a KRW market on one of the five won-market exchanges,
//! plus candidates given as descriptors (`fetch --asset`, `precheck`). An exchange symbol becomes
//! an asset by identity resolution: an asset descriptor naming the symbol first, else CoinGecko's
//! coin list on symbol and name (see `identity.rs`), else it stays `unresolved` with a note saying
//! why.
//!
//! Per asset, only what a metric reads is fetched: CoinGecko supplies, price and volume for
//! resolved coins, CoinMarketCap's for descriptors naming a CoinMarketCap id, the exchanges that
//! trade the coin abroad and its first trade; the USD→KRW rate once; and for descriptors with
//! contracts, the on-chain total supply and each excluded wallet's balance (Etherscan standing in
//! for a failed EVM total supply), and the issuer's own figure where a descriptor names its
//! `supply_url`. Chain data of an asset without a descriptor is not fetched: no
//! excluded wallet is known for it, so no metric could use it.
//!
//! Nothing is dropped silently. Every error a source reports (a failed exchange, a failed batch,
//! an id an answer lacks, a contract call that reverted, a decimals mismatch) becomes a
//! [`SourceFailure`](crate::snapshot::SourceFailure) naming the source, the endpoint, the error
//! and the assets it leaves without data, and the snapshot is then `complete: false`. What was
//! skipped by configuration (a disabled source, CoinMarketCap without its key) is no failure,
//! since retrying would not change it, and is said in the snapshot's `note`. Sources are read
//! concurrently, and the snapshot is put in canonical order before it is returned, so that the
//! same answers make the same file.
//!
//! This file is the order of a fetch (`collect`); each part is a file named after what it reads
//! and decides: `descriptors.rs` (read and checked before any request), `listings.rs` (the
//! market lists, with CoinGecko's coin list and the USD→KRW rate), `identity.rs` (which asset a
//! symbol is), `quotes.rs` (the aggregators' figures), `chain_reads.rs` (on-chain supplies and
//! balances), `powers.rs` (who can mint, upgrade or freeze), `issuer.rs` (the issuers' own supply
//! endpoints) and `failures.rs` (what failed, once
//! per source, endpoint and error).

mod chain_reads;
mod descriptors;
mod failures;
mod identity;
mod issuer;
mod listings;
mod powers;
mod quotes;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;

use self::chain_reads::ChainReads;
use self::descriptors::Described;
use self::failures::Failures;
pub use self::identity::normalize_name;
use self::powers::PowersReads;
use crate::exchange::Exchange;
use crate::inputs::config::Config;
use crate::inputs::diag::Invalid;
use crate::snapshot::{
    AggregatorQuote, AssetRecord, Disclosure, IdentifiedBy, Observed, Request, Snapshot,
};
use crate::source::batch::Batched;
use crate::source::{Http, HttpOptions, SourceError, SourceStats};

/// Where `fetch` looks for asset descriptors when `--assets` is not given.
pub const DEFAULT_ASSETS_DIR: &str = "assets";

/// The `source` of the requests that name a descriptor file.
pub const DISCLOSURE_SOURCE: &str = "disclosure";

/// What to fetch.
#[derive(Clone, Debug, Default)]
pub struct FetchOptions {
    /// Descriptors of listed assets (`--assets DIR`); `None` reads none.
    pub assets_dir: Option<PathBuf>,
    /// Candidate descriptors (`--asset FILE`), checked whether or not an exchange lists them.
    pub candidates: Vec<PathBuf>,
    pub scope: Scope,
    /// Cache and progress-bar options of the HTTP layer.
    pub http: HttpOptions,
}

/// Which assets a snapshot holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every asset listed in a KRW market on the five exchanges, plus the candidates.
    #[default]
    Universe,
    /// Only the candidates (`precheck`). The exchanges' market lists are still read, so that a
    /// listing elsewhere in Korea shows, but CoinGecko's coin list is not: a candidate is
    /// identified by its descriptor.
    Candidates,
}

/// A finished fetch: the snapshot, and what the HTTP layer did per source.
#[derive(Clone, Debug)]
pub struct FetchOutcome {
    pub snapshot: Snapshot,
    pub stats: BTreeMap<String, SourceStats>,
}

/// Why a fetch could not start. Every one is bad input or a broken environment (exit 2); a source
/// that fails is no error here but a [`SourceFailure`](crate::snapshot::SourceFailure) in the
/// snapshot.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{}", render_invalid(.0))]
    InvalidDescriptors(Vec<Invalid>),
    #[error(
        "{first} and {second} both describe symbol {symbol}; one symbol is one asset, so keep one of the descriptors (or correct the other's `symbol`)"
    )]
    SymbolClaimedTwice {
        symbol: String,
        first: String,
        second: String,
    },
    #[error(
        "{first} and {second} both use asset id `{id}`; asset ids must be unique, so rename one"
    )]
    IdClaimedTwice {
        id: String,
        first: String,
        second: String,
    },
    #[error("cannot start the HTTP client: {0}")]
    Client(#[source] SourceError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

fn render_invalid(invalid: &[Invalid]) -> String {
    invalid
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fetches a snapshot with the sources of `config`, keys from the process environment. Descriptors
/// are read and checked before any request is sent. Starts its own async runtime, so it must not
/// be called from inside one; async callers use [`run_with`].
pub fn run(config: &Config, options: &FetchOptions) -> Result<FetchOutcome, FetchError> {
    let taken_at = Timestamp::now();
    let descriptors = descriptors::load(options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(FetchError::Runtime)?;
    runtime.block_on(async {
        let http = Http::new(config, options.http.clone()).map_err(FetchError::Client)?;
        let snapshot = collect(&http, &descriptors, options.scope, taken_at).await;
        Ok(FetchOutcome {
            snapshot,
            stats: http.stats(),
        })
    })
}

/// Fetches a snapshot through an existing HTTP layer (a benchmark's, a test's with injected keys).
/// `options.http` is not used: `http` was built with its own.
pub async fn run_with(http: &Http, options: &FetchOptions) -> Result<FetchOutcome, FetchError> {
    let taken_at = Timestamp::now();
    let descriptors = descriptors::load(options)?;
    let snapshot = collect(http, &descriptors, options.scope, taken_at).await;
    Ok(FetchOutcome {
        snapshot,
        stats: http.stats(),
    })
}

impl FetchOutcome {
    /// One paragraph for people: assets by how they were identified, requests, cache hits and
    /// failures.
    pub fn summary(&self) -> String {
        let snapshot = &self.snapshot;
        let count = |by: IdentifiedBy| {
            snapshot
                .assets
                .iter()
                .filter(|asset| asset.identified_by == by)
                .count()
        };
        let candidates = snapshot.assets.iter().filter(|a| a.candidate).count();
        let requests = snapshot
            .requests
            .iter()
            .filter(|request| request.source != DISCLOSURE_SOURCE)
            .count();
        let cache_hits: u64 = self.stats.values().map(|stats| stats.cache_hits).sum();
        let retries: u64 = self.stats.values().map(|stats| stats.retries).sum();
        let failures = match snapshot.failures.len() {
            0 => "No source failed.".to_owned(),
            count => format!(
                "{}: the snapshot is incomplete, and results that need the missing data will be unknown.",
                crate::text::plural(count, "source failure")
            ),
        };
        format!(
            "{} ({} by descriptor, {} matched on CoinGecko, {} unresolved; {} candidate{}) from {} ({} answered from the cache, {} retried). {failures}",
            crate::text::plural(snapshot.assets.len(), "asset"),
            count(IdentifiedBy::Descriptor),
            count(IdentifiedBy::Coingecko),
            count(IdentifiedBy::Unresolved),
            candidates,
            if candidates == 1 { "" } else { "s" },
            crate::text::plural(requests, "request"),
            cache_hits,
            retries,
        )
    }
}

/// Each asset being assembled that a descriptor describes, by the descriptor's id: where the
/// reads of the descriptors alone go. A descriptor without one describes a symbol no market list
/// had, and its reads go unused.
fn plan_of<'d>(plans: &[Planned<'d>]) -> HashMap<&'d str, usize> {
    plans
        .iter()
        .enumerate()
        .filter_map(|(at, plan)| Some((plan.descriptor?.id(), at)))
        .collect()
}

/// One asset being assembled, with the ids its aggregator figures are asked for by.
struct Planned<'d> {
    record: AssetRecord,
    descriptor: Option<&'d Described>,
    coingecko: Option<String>,
    coinmarketcap: Option<u32>,
}

/// The fetch itself, started at `taken_at` (descriptors were read then): the market lists, then
/// identity resolution, then what the identified assets need from CoinGecko. What the descriptors
/// alone decide (chain reads, CoinMarketCap quotes) needs no exchange's answer, so it is read
/// alongside rather than after the market lists: on a daily run, whose per-coin CoinGecko answers
/// come from the cache, the chains are the slowest sources, and waiting for the exchanges would
/// add the market lists' time to the run.
async fn collect(
    http: &Http,
    descriptors: &[Described],
    scope: Scope,
    taken_at: Timestamp,
) -> Snapshot {
    let mut fetch = Fetch {
        http,
        failures: Failures::default(),
        notes: Vec::new(),
    };
    let listed_and_identified = async {
        let (listings, coin_list, usd_krw) = fetch.read_market_lists(scope).await;
        let market_lists = listings.market_lists.clone();
        let plans = fetch.identify(descriptors, scope, listings, &coin_list);
        let coingecko = fetch.read_coingecko(&plans).await;
        (plans, market_lists, usd_krw, coingecko)
    };
    let ((mut plans, market_lists, usd_krw, coingecko), (coinmarketcap, chains, powers, issuers)) = tokio::join!(
        listed_and_identified,
        read_described(http, descriptors, scope)
    );
    fetch.attach_quotes(&mut plans, coingecko, coinmarketcap.as_ref());
    fetch.attach_chain_reads(&mut plans, descriptors, chains);
    fetch.attach_powers(&mut plans, descriptors, powers);
    fetch.attach_issuer_figures(&mut plans, issuers);
    fetch.into_snapshot(taken_at, plans, market_lists, usd_krw)
}

/// Reads what the descriptors in `scope` alone decide, their CoinMarketCap quotes, their chain
/// reads, the powers over their contracts and their issuers' supply endpoints: every descriptor of a universe fetch (one whose symbol no exchange lists turns out not
/// to be in the snapshot, and its answers go unused), the candidates of a precheck.
async fn read_described<'d>(
    http: &Http,
    descriptors: &'d [Described],
    scope: Scope,
) -> (
    Option<Batched<AggregatorQuote>>,
    ChainReads,
    PowersReads,
    issuer::IssuerReads<'d>,
) {
    // In symbol order, the order of the assets: the same descriptors make the same requests.
    let mut in_scope: Vec<usize> = descriptors
        .iter()
        .enumerate()
        .filter(|(_, described)| scope == Scope::Universe || described.candidate)
        .map(|(at, _)| at)
        .collect();
    in_scope.sort_by_key(|at| descriptors[*at].symbol());
    // The supply reads and the powers reads' first round ask each node at the same moment: one
    // send carries both.
    let (supply_shares, powers_shares) = chain_reads::shared_chains(http, descriptors, &in_scope);
    tokio::join!(
        quotes::read_coinmarketcap(http, descriptors, &in_scope),
        chain_reads::read(http, descriptors, &in_scope, supply_shares),
        powers::read(http, descriptors, &in_scope, powers_shares),
        issuer::read(http, descriptors, &in_scope),
    )
}

/// A fetch in progress: what failed, and what was skipped by configuration.
struct Fetch<'h> {
    http: &'h Http,
    failures: Failures,
    /// Sentences for the snapshot's `note`.
    notes: Vec<String>,
}

impl Fetch<'_> {
    /// The snapshot: the HTTP layer's provenance table with one `disclosure` request per
    /// descriptor after it, the assets, the failures, in canonical order.
    fn into_snapshot(
        self,
        taken_at: Timestamp,
        plans: Vec<Planned<'_>>,
        market_lists: Vec<Observed<Exchange>>,
        usd_krw: Option<Observed<f64>>,
    ) -> Snapshot {
        let mut requests: Vec<Arc<Request>> =
            self.http.requests().into_iter().map(Arc::new).collect();
        let mut assets = Vec::with_capacity(plans.len());
        for plan in plans {
            let mut record = plan.record;
            if let Some(described) = plan.descriptor {
                let req = u32::try_from(requests.len()).expect("fewer than 2^32 requests");
                requests.push(Arc::new(Request {
                    source: DISCLOSURE_SOURCE.to_owned(),
                    endpoint: described.shown.clone(),
                    fetched_at: described.read_at,
                    cache_age_secs: None,
                }));
                record.disclosure = Some(Disclosure {
                    sha256: described.loaded.sha256.clone(),
                    descriptor: described.loaded.descriptor.clone(),
                    req,
                });
            }
            assets.push(record);
        }
        let complete = self.failures.is_empty();
        let mut snapshot = Snapshot {
            taken_at,
            sample: false,
            complete,
            note: (!self.notes.is_empty()).then(|| self.notes.join(" ")),
            tool: crate::text::TOOL.to_owned(),
            requests,
            failures: self.failures.finish(),
            market_lists,
            usd_krw,
            assets,
        };
        snapshot.canonicalize();
        snapshot
    }
}
