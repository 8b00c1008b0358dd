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
//! for a failed EVM total supply). Chain data of an asset without a descriptor is not fetched: no
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

mod descriptors;
mod failures;
mod identity;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;

use self::descriptors::Described;
use self::failures::{Failures, base_url, node_endpoint};
use self::identity::CoinIndex;
pub use self::identity::normalize_name;
use crate::config::{Config, SourceKind};
use crate::diag::Invalid;
use crate::exchange::Exchange;
use crate::snapshot::{
    AggregatorQuote, AssetRecord, ChainSupply, Disclosure, FirstTrade, IdentifiedBy, Listing,
    Observed, Request, Snapshot,
};
use crate::source::batch::Batched;
use crate::source::chain::{TokenQuery, TokenReading};
use crate::source::coingecko::{self, Coin};
use crate::source::exchanges::{self, ExchangeListings, ListedAsset};
use crate::source::{
    Http, HttpOptions, SourceError, SourceStats, coinmarketcap, etherscan, evm, solana,
};

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
        let http = Http::new(config, options.http).map_err(FetchError::Client)?;
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
                crate::report::plural(count, "source failure")
            ),
        };
        format!(
            "{} ({} by descriptor, {} matched on CoinGecko, {} unresolved; {} candidate{}) from {} ({} answered from the cache, {} retried). {failures}",
            crate::report::plural(snapshot.assets.len(), "asset"),
            count(IdentifiedBy::Descriptor),
            count(IdentifiedBy::Coingecko),
            count(IdentifiedBy::Unresolved),
            candidates,
            if candidates == 1 { "" } else { "s" },
            crate::report::plural(requests, "request"),
            cache_hits,
            retries,
        )
    }
}

/// One asset being assembled, with the ids its aggregator figures are asked for by.
struct Planned<'d> {
    record: AssetRecord,
    descriptor: Option<&'d Described>,
    coingecko: Option<String>,
    coinmarketcap: Option<u32>,
}

/// What one symbol is listed as, across the exchanges, each listing with the names its exchange
/// gives the coin, in exchange order.
#[derive(Default)]
struct Listed(Vec<ListedAsset>);

impl Listed {
    /// The distinct English names, in exchange order.
    fn english_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in self
            .0
            .iter()
            .filter_map(|listed| listed.english_name.as_ref())
        {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    }

    /// The exchanges that list it without a name, e.g. `Coinone`.
    fn unnamed_exchanges(&self) -> Vec<&'static str> {
        self.0
            .iter()
            .filter(|listed| listed.english_name.is_none())
            .map(|listed| listed.listing.exchange.display_name())
            .collect()
    }

    fn korean_name(&self) -> Option<String> {
        self.0.iter().find_map(|listed| listed.korean_name.clone())
    }

    /// Whether an exchange gives the coin this name (as names are compared).
    fn is_named(&self, name: &str) -> bool {
        let wanted = identity::normalize_name(name);
        self.0.iter().any(|listed| {
            listed
                .english_name
                .as_deref()
                .is_some_and(|given| identity::normalize_name(given) == wanted)
        })
    }

    /// The exchanges and the names they give, e.g. `Upbit "Foo", Bithumb "Bar"`.
    fn who_names_what(&self) -> String {
        self.0
            .iter()
            .filter_map(|listed| {
                let name = listed.english_name.as_ref()?;
                Some(format!(
                    "{} \"{name}\"",
                    listed.listing.exchange.display_name()
                ))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The listings split by the coin their exchanges name: one group per distinct name (as names
    /// are compared), in the order the names first appear. Two exchanges that name one ticker
    /// differently list two coins, or one coin under two spellings; either way their markets are
    /// not merged into one asset on the ticker alone. An exchange that gives no name (Coinone)
    /// cannot tell which coin it lists, so its listings stay in the first group.
    fn split_by_name(self) -> Vec<Listed> {
        let mut groups: Vec<(Option<String>, Listed)> = Vec::new();
        let mut unnamed = Vec::new();
        for listed in self.0 {
            let Some(name) = listed.english_name.as_deref().map(identity::normalize_name) else {
                unnamed.push(listed);
                continue;
            };
            match groups
                .iter_mut()
                .find(|(key, _)| key.as_ref() == Some(&name))
            {
                Some((_, group)) => group.0.push(listed),
                None => groups.push((Some(name), Listed(vec![listed]))),
            }
        }
        match groups.first_mut() {
            Some((_, first)) => first.0.extend(unnamed),
            None => groups.push((None, Listed(unnamed))),
        }
        groups.into_iter().map(|(_, group)| group).collect()
    }

    /// The exchanges listing it, as an asset id names them: `bithumb+korbit`.
    fn exchanges(&self) -> String {
        let exchanges: BTreeSet<Exchange> = self
            .0
            .iter()
            .map(|listed| listed.listing.exchange)
            .collect();
        exchanges
            .into_iter()
            .map(Exchange::as_str)
            .collect::<Vec<_>>()
            .join("+")
    }

    fn into_listings(self) -> Vec<Listing> {
        self.0.into_iter().map(|listed| listed.listing).collect()
    }
}

/// What the exchanges answered.
#[derive(Default)]
struct Listings {
    market_lists: Vec<Observed<Exchange>>,
    by_symbol: BTreeMap<String, Listed>,
    /// Requests after a market list that failed; the assets they touch are known once the
    /// symbols are assets.
    partial_failures: Vec<(Exchange, SourceError)>,
}

/// What became of CoinGecko's coin list.
enum CoinList {
    Read(Observed<Vec<Coin>>),
    /// The failure is recorded once the symbols it left unresolved are known.
    Failed(SourceError),
    /// Not asked for, and why.
    NotAsked(&'static str),
}

/// The per-coin answers of CoinGecko: the exchanges trading it, and its first trade.
type CoinData = (
    String,
    Result<Observed<Vec<String>>, SourceError>,
    Result<Option<coingecko::FirstTrade>, SourceError>,
);

/// One contract of one descriptor, as read on its chain.
struct ChainRead {
    /// The descriptor's position among the fetch's descriptors.
    descriptor: usize,
    reading: TokenReading,
    /// Etherscan's answer, when the EVM total supply failed and Etherscan was asked instead.
    fallback: Option<Result<ChainSupply, SourceError>>,
}

/// What the descriptors alone decide: each contract read on its chain, and the CoinMarketCap
/// quotes of the ids they name.
struct DescribedReads {
    /// `None` when CoinMarketCap is disabled or no descriptor names an id.
    quotes: Option<Batched<AggregatorQuote>>,
    chains: Vec<ChainRead>,
    /// Contracts not read because their chain source is disabled: (descriptor position, chain).
    disabled_chains: Vec<(usize, String)>,
}

/// What CoinGecko answered for the identified assets.
struct CoinGeckoReads {
    /// `None` when CoinGecko is disabled or no asset has a CoinGecko id.
    markets: Option<Batched<AggregatorQuote>>,
    coins: Vec<CoinData>,
}

/// The fetch itself, started at `taken_at` (descriptors were read then): two rounds of
/// concurrent requests (listings, then what the identified assets need from CoinGecko), with
/// identity resolution between them. What the descriptors alone decide (chain reads,
/// CoinMarketCap quotes) needs no exchange's answer, so it is read alongside both rounds rather
/// than after the first: on a daily run, whose per-coin CoinGecko answers come from the cache,
/// the chains are the slowest sources, and waiting for the exchanges would add the whole first
/// round to the run.
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
    let rounds = async {
        let (listings, coin_list, usd_krw) = fetch.first_round(scope).await;
        let market_lists = listings.market_lists.clone();
        let plans = fetch.identify(descriptors, scope, listings, &coin_list);
        let coingecko = fetch.second_round(&plans).await;
        (plans, market_lists, usd_krw, coingecko)
    };
    let ((mut plans, market_lists, usd_krw, coingecko), described) =
        tokio::join!(rounds, read_described(http, descriptors, scope));
    fetch.attach(&mut plans, descriptors, coingecko, described);
    fetch.into_snapshot(taken_at, plans, market_lists, usd_krw)
}

/// Reads what the descriptors in `scope` alone decide: every descriptor of a universe fetch (one
/// whose symbol no exchange lists turns out not to be in the snapshot, and its answers go
/// unused), the candidates of a precheck.
async fn read_described(http: &Http, descriptors: &[Described], scope: Scope) -> DescribedReads {
    // In symbol order, the order of the assets: the same descriptors make the same requests.
    let mut in_scope: Vec<usize> = descriptors
        .iter()
        .enumerate()
        .filter(|(_, described)| scope == Scope::Universe || described.candidate)
        .map(|(at, _)| at)
        .collect();
    in_scope.sort_by_key(|at| descriptors[*at].symbol());
    let coinmarketcap_ids: Vec<u32> = in_scope
        .iter()
        .filter_map(|at| descriptors[*at].loaded.descriptor.asset.coinmarketcap)
        .collect::<BTreeSet<u32>>()
        .into_iter()
        .collect();
    let coinmarketcap_on = http.enabled(coinmarketcap::SOURCE) && !coinmarketcap_ids.is_empty();
    // A chain source disabled in the config is skipped, like a disabled exchange: reading again
    // would not change it, so it is a note, not a failure (the assets' on-chain metrics are then
    // unknown).
    let (enabled, disabled): (Vec<_>, Vec<_>) = chain_jobs(descriptors, &in_scope)
        .into_iter()
        .partition(|(_, query)| {
            http.settings(&query.contract.chain)
                .is_none_or(|settings| settings.enabled)
        });
    let (quotes, chains) = tokio::join!(
        async {
            if coinmarketcap_on {
                Some(coinmarketcap::quotes(http, &coinmarketcap_ids).await)
            } else {
                None
            }
        },
        read_chains(http, enabled),
    );
    DescribedReads {
        quotes,
        chains,
        disabled_chains: disabled
            .into_iter()
            .map(|(at, query)| (at, query.contract.chain))
            .collect(),
    }
}

/// A fetch in progress: what failed, and what was skipped by configuration.
struct Fetch<'h> {
    http: &'h Http,
    failures: Failures,
    /// Sentences for the snapshot's `note`.
    notes: Vec<String>,
}

impl Fetch<'_> {
    /// The exchanges' listings, CoinGecko's coin list (for identity) and the USD→KRW rate, at
    /// once.
    async fn first_round(&mut self, scope: Scope) -> (Listings, CoinList, Option<Observed<f64>>) {
        let http = self.http;
        let mut read = Vec::new();
        for exchange in Exchange::ALL {
            if self.http.enabled(exchange.as_str()) {
                read.push(exchange);
            } else {
                self.notes.push(format!(
                    "{exchange} is disabled in listingcheck.toml, so its market list was not read."
                ));
            }
        }
        let coingecko_on = self.http.enabled(coingecko::SOURCE);
        if !coingecko_on {
            self.notes.push(
                "CoinGecko is disabled in listingcheck.toml: no coin list, aggregator figures, foreign exchanges, first trades or USD/KRW rate were fetched."
                    .to_owned(),
            );
        }
        let (answers, coin_list, usd_krw) = tokio::join!(
            futures::future::join_all(read.iter().map(|exchange| fetch_exchange(http, *exchange))),
            async {
                match scope {
                    Scope::Candidates => {
                        CoinList::NotAsked("a precheck identifies candidates by descriptor")
                    }
                    Scope::Universe if !coingecko_on => CoinList::NotAsked("CoinGecko is disabled"),
                    Scope::Universe => match coingecko::coin_list(http).await {
                        Ok(coins) => CoinList::Read(coins),
                        Err(error) => CoinList::Failed(error),
                    },
                }
            },
            async {
                if coingecko_on {
                    Some(coingecko::usd_krw(http).await)
                } else {
                    None
                }
            },
        );
        let mut listings = Listings::default();
        for answer in answers {
            match answer {
                Ok(answer) => listings.add(answer),
                Err(error) => self.failures.source_error(http, &error, &[]),
            }
        }
        let usd_krw = match usd_krw {
            Some(Ok(rate)) => Some(rate),
            Some(Err(error)) => {
                self.failures.source_error(http, &error, &[]);
                None
            }
            None => None,
        };
        (listings, coin_list, usd_krw)
    }

    /// Turns symbols into assets: a descriptor naming the symbol first, else CoinGecko's list on
    /// symbol and name, else unresolved with a note. One plan per asset, in symbol order.
    fn identify<'d>(
        &mut self,
        descriptors: &'d [Described],
        scope: Scope,
        mut listings: Listings,
        coin_list: &CoinList,
    ) -> Vec<Planned<'d>> {
        let by_symbol: HashMap<String, &Described> =
            descriptors.iter().map(|d| (d.symbol(), d)).collect();
        let mut symbols: BTreeSet<String> = descriptors
            .iter()
            .filter(|d| d.candidate)
            .map(Described::symbol)
            .collect();
        if scope == Scope::Universe {
            symbols.extend(listings.by_symbol.keys().cloned());
            for described in descriptors.iter().filter(|d| !d.candidate) {
                if !listings.by_symbol.contains_key(&described.symbol()) {
                    self.notes.push(format!(
                        "{} describes {}, which no market list that was read lists in KRW, so it is not in this snapshot; pass it with --asset to check it as a candidate.",
                        described.shown,
                        described.symbol()
                    ));
                }
            }
        }
        // The coins already taken, each by its symbol: one coin is one asset.
        let claimed: HashMap<String, String> = descriptors
            .iter()
            .filter(|d| symbols.contains(&d.symbol()))
            .flat_map(|d| {
                let asset = &d.loaded.descriptor.asset;
                [Some(asset.id.clone()), asset.coingecko.clone()]
                    .into_iter()
                    .flatten()
                    .map(|coin| (coin, d.symbol()))
            })
            .collect();
        let mut resolver = Resolver {
            coins: CoinLookup::new(coin_list),
            claimed,
            left_by_coin_list: Vec::new(),
        };
        let mut plans = Vec::new();
        for symbol in symbols {
            let listed = listings.by_symbol.remove(&symbol).unwrap_or_default();
            let described = by_symbol.get(&symbol).copied();
            let unnamed = listed.unnamed_exchanges();
            let mut groups = listed.split_by_name();
            // A descriptor names the coin, so it describes the group its exchanges name alike. When
            // no exchange gives its name, it still claims every listing of the symbol, and says so.
            let described_group = described.map(|described| {
                let name = &described.loaded.descriptor.asset.name;
                match groups.iter().position(|group| group.is_named(name)) {
                    Some(at) => DescribedGroup { at, named: true },
                    None => {
                        let merged = Listed(groups.drain(..).flat_map(|group| group.0).collect());
                        groups.push(merged);
                        DescribedGroup {
                            at: 0,
                            named: false,
                        }
                    }
                }
            });
            let apart = (groups.len() > 1).then(|| {
                let mut who = groups
                    .iter()
                    .map(Listed::who_names_what)
                    .collect::<Vec<_>>()
                    .join(", ");
                let unnamed = match unnamed.as_slice() {
                    [] => String::new(),
                    [one] => format!("; {one} gives no name, so its listing stays with the first"),
                    several => format!(
                        "; {} give no name, so their listings stay with the first",
                        several.join(" and ")
                    ),
                };
                who += &unnamed;
                self.notes.push(format!(
                    "The exchanges name {symbol} differently ({who}), so their listings are kept apart as {} assets rather than merged on the ticker; a descriptor naming the intended coin settles which is which.",
                    groups.len()
                ));
                who
            });
            for (at, group) in groups.into_iter().enumerate() {
                let kept_apart = apart.as_ref().map(|who| {
                    format!(
                        "the exchanges name {symbol} differently ({who}); this asset is the {symbol} of {}, kept apart from the others",
                        group.who_names_what()
                    )
                });
                let id = match at {
                    0 => format!("symbol:{symbol}"),
                    _ => format!("symbol:{symbol}@{}", group.exchanges()),
                };
                let english_names = group.english_names();
                let mut plan = Planned {
                    record: AssetRecord {
                        id,
                        symbol: symbol.clone(),
                        name: english_names.first().cloned(),
                        korean_name: group.korean_name(),
                        identified_by: IdentifiedBy::Unresolved,
                        identity_note: None,
                        candidate: false,
                        disclosure: None,
                        listings: group.into_listings(),
                        chain_supplies: Vec::new(),
                        wallet_balances: Vec::new(),
                        aggregator_quotes: Vec::new(),
                        foreign_exchanges: None,
                        first_trade: None,
                    },
                    descriptor: None,
                    coingecko: None,
                    coinmarketcap: None,
                };
                match described.zip(described_group.filter(|group| group.at == at)) {
                    Some((described, group)) => {
                        self.describe(&mut plan, described, group.named, &english_names);
                    }
                    None => resolver.resolve(&mut plan, &english_names),
                }
                if let Some(kept_apart) = kept_apart {
                    plan.record.identity_note = Some(match plan.record.identity_note.take() {
                        Some(note) => format!("{kept_apart}; {note}"),
                        None => kept_apart,
                    });
                }
                plans.push(plan);
            }
        }
        if let CoinList::Failed(error) = coin_list {
            self.failures
                .source_error(self.http, error, &resolver.left_by_coin_list);
        }
        for (exchange, error) in &listings.partial_failures {
            let assets: Vec<String> = plans
                .iter()
                .filter(|plan| {
                    plan.record
                        .listings
                        .iter()
                        .any(|listing| listing.exchange == *exchange)
                })
                .map(|plan| plan.record.id.clone())
                .collect();
            self.failures.source_error(self.http, error, &assets);
        }
        plans
    }

    /// Makes `plan` the asset its descriptor describes; `name_given` when an exchange gives the coin
    /// the descriptor's name. A descriptor claims a symbol, but the
    /// exchanges' names say which coin they list: a new token whose ticker collides with a listed
    /// coin must not inherit its markets, and a descriptor of another coin must not go unnoticed.
    fn describe<'d>(
        &mut self,
        plan: &mut Planned<'d>,
        described: &'d Described,
        name_given: bool,
        english_names: &[String],
    ) {
        let asset = &described.loaded.descriptor.asset;
        let symbol = &plan.record.symbol;
        if !name_given && !english_names.is_empty() {
            let names = english_names.join("\", \"");
            if described.candidate {
                plan.record.listings.clear();
                plan.record.identity_note = Some(format!(
                    "the exchanges list a {symbol} named \"{names}\", not {}: those listings belong to another coin and are left out",
                    asset.name
                ));
            } else {
                let note = format!(
                    "the exchanges name the {symbol} they list \"{names}\", but its descriptor says {}: check that the descriptor describes the listed coin",
                    asset.name
                );
                self.notes.push(format!("{}: {note}.", asset.id));
                plan.record.identity_note = Some(note);
            }
        }
        let record = &mut plan.record;
        record.id.clone_from(&asset.id);
        record.name = Some(asset.name.clone());
        record.korean_name = asset.korean_name.clone().or(record.korean_name.take());
        record.identified_by = IdentifiedBy::Descriptor;
        record.candidate = described.candidate;
        plan.descriptor = Some(described);
        plan.coingecko.clone_from(&asset.coingecko);
        plan.coinmarketcap = asset.coinmarketcap;
    }

    /// What the identified assets need from CoinGecko, at once: figures and per-coin data.
    async fn second_round(&self, plans: &[Planned<'_>]) -> CoinGeckoReads {
        let http = self.http;
        let coingecko_ids: Vec<String> = plans
            .iter()
            .filter_map(|plan| plan.coingecko.clone())
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        let coingecko_on = self.http.enabled(coingecko::SOURCE) && !coingecko_ids.is_empty();
        let (markets, coins) = tokio::join!(
            async {
                if coingecko_on {
                    Some(coingecko::markets(http, &coingecko_ids).await)
                } else {
                    None
                }
            },
            futures::future::join_all(coingecko_ids.iter().filter(|_| coingecko_on).map(
                |id| async move {
                    let (trading, first) = tokio::join!(
                        coingecko::exchanges_trading(http, id),
                        coingecko::first_trade(http, id)
                    );
                    (id.clone(), trading, first)
                }
            )),
        );
        CoinGeckoReads { markets, coins }
    }

    /// Gives every asset what was read for it: CoinGecko's and CoinMarketCap's figures, per-coin
    /// data, and its descriptor's chain reads.
    fn attach(
        &mut self,
        plans: &mut [Planned<'_>],
        descriptors: &[Described],
        coingecko: CoinGeckoReads,
        described: DescribedReads,
    ) {
        let mut by_coingecko: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_coinmarketcap: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (at, plan) in plans.iter().enumerate() {
            if let Some(id) = &plan.coingecko {
                by_coingecko.entry(id.clone()).or_default().push(at);
            }
            if let Some(id) = plan.coinmarketcap {
                by_coinmarketcap.entry(id.to_string()).or_default().push(at);
            }
        }
        if !self.http.enabled(coinmarketcap::SOURCE) && !by_coinmarketcap.is_empty() {
            self.notes.push(format!(
                "CoinMarketCap is disabled in listingcheck.toml, so the CoinMarketCap figures of {} were not fetched.",
                crate::report::plural(by_coinmarketcap.len(), "asset")
            ));
        }
        if let Some(markets) = &coingecko.markets {
            self.attach_aggregator(
                plans,
                &by_coingecko,
                markets,
                (coingecko::SOURCE, "/coins/markets"),
                |_| true,
            );
        }
        if let Some(quotes) = &described.quotes {
            self.attach_quotes(plans, &by_coinmarketcap, quotes);
        }
        for data in coingecko.coins {
            self.attach_coin_data(plans, &by_coingecko, data);
        }
        // A descriptor without a plan describes a symbol no market list had: its reads go unused.
        let plan_of: HashMap<&str, usize> = plans
            .iter()
            .enumerate()
            .filter_map(|(at, plan)| Some((plan.descriptor?.id(), at)))
            .collect();
        let mut reads: Vec<(usize, ChainRead)> = described
            .chains
            .into_iter()
            .filter_map(|read| Some((*plan_of.get(descriptors[read.descriptor].id())?, read)))
            .collect();
        // In asset order, as the notes of Etherscan fallbacks are written.
        reads.sort_by_key(|(at, _)| *at);
        for (at, read) in reads {
            self.attach_chain_read(&mut plans[at], read);
        }
        let mut skipped: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (descriptor, chain) in &described.disabled_chains {
            if let Some(at) = plan_of.get(descriptors[*descriptor].id()) {
                skipped
                    .entry(chain.as_str())
                    .or_default()
                    .insert(plans[*at].record.id.as_str());
            }
        }
        for (chain, assets) in skipped {
            self.notes.push(format!(
                "The chain source `{chain}` is disabled in listingcheck.toml, so the on-chain supply of {} was not read.",
                assets.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }

    /// Gives each asset the quotes of its aggregator id, and reports the ids that failed or were
    /// left out, on `endpoint` (source, path). Ids may be asked for beyond the snapshot's assets
    /// (CoinMarketCap's, for every descriptor), so a failure or a missing id that touches no
    /// asset is no gap in it; nor is a failure that `reported` declines.
    fn attach_aggregator(
        &mut self,
        plans: &mut [Planned<'_>],
        by_id: &BTreeMap<String, Vec<usize>>,
        batched: &Batched<AggregatorQuote>,
        (source, path): (&str, &str),
        reported: impl Fn(&SourceError) -> bool,
    ) {
        let assets = |ids: &[String], plans: &[Planned<'_>]| -> Vec<String> {
            ids.iter()
                .flat_map(|id| by_id.get(id).into_iter().flatten())
                .map(|at| plans[*at].record.id.clone())
                .collect()
        };
        for quote in &batched.items {
            for at in by_id.get(&quote.id).into_iter().flatten() {
                plans[*at].record.aggregator_quotes.push(quote.clone());
            }
        }
        for failure in batched.failures.iter().filter(|f| reported(&f.error)) {
            let assets = assets(&failure.ids, plans);
            if !assets.is_empty() {
                self.failures
                    .source_error(self.http, &failure.error, &assets);
            }
        }
        for id in &batched.missing {
            let assets = assets(std::slice::from_ref(id), plans);
            if !assets.is_empty() {
                self.missing_id(source, path, id, &assets);
            }
        }
    }

    /// CoinMarketCap's quotes. Without its key CoinMarketCap answers nothing, and every call fails
    /// at once: that is a choice of configuration, which retrying would not change, so it is a
    /// note rather than a failure that would mark every run incomplete.
    fn attach_quotes(
        &mut self,
        plans: &mut [Planned<'_>],
        by_coinmarketcap: &BTreeMap<String, Vec<usize>>,
        quotes: &Batched<AggregatorQuote>,
    ) {
        self.attach_aggregator(
            plans,
            by_coinmarketcap,
            quotes,
            (coinmarketcap::SOURCE, "/v2/cryptocurrency/quotes/latest"),
            |error| !matches!(error, SourceError::MissingKey { .. }),
        );
        let without_key = quotes
            .failures
            .iter()
            .find_map(|failure| match &failure.error {
                SourceError::MissingKey { variable, .. } => Some(variable),
                _ => None,
            });
        if let Some(variable) = without_key.filter(|_| !by_coinmarketcap.is_empty()) {
            self.notes.push(format!(
                "CoinMarketCap was not asked: it needs an API key in the environment variable {variable}, which is not set. {} name a CoinMarketCap id; their checks use CoinGecko's figures alone.",
                crate::report::plural(by_coinmarketcap.values().map(Vec::len).sum(), "descriptor")
            ));
        }
    }

    /// An id that an answer which did arrive left out: the asset's figures from that source are
    /// missing, though nothing failed on the wire.
    fn missing_id(&mut self, source: &str, path: &str, id: &str, assets: &[String]) {
        self.failures.add(
            source,
            &format!("{}{path}", base_url(self.http, source)),
            format!(
                "{source}'s answer has no entry for id `{id}`: the id is wrong (check the asset's descriptor) or {source} no longer tracks the coin"
            ),
            assets,
        );
    }

    /// A coin's foreign exchanges (CoinGecko's exchanges trading it, without the five Korean
    /// ones) and its first trade.
    fn attach_coin_data(
        &mut self,
        plans: &mut [Planned<'_>],
        by_coingecko: &BTreeMap<String, Vec<usize>>,
        (id, trading, first): CoinData,
    ) {
        let ats = by_coingecko.get(&id).cloned().unwrap_or_default();
        let assets: Vec<String> = ats.iter().map(|at| plans[*at].record.id.clone()).collect();
        match trading {
            Ok(observed) => {
                let foreign = Observed {
                    value: observed
                        .value
                        .into_iter()
                        .filter(|exchange| {
                            !Exchange::ALL
                                .iter()
                                .any(|korean| korean.coingecko_id() == exchange)
                        })
                        .collect(),
                    req: observed.req,
                };
                for at in &ats {
                    plans[*at].record.foreign_exchanges = Some(foreign.clone());
                }
            }
            Err(error) => self.failures.source_error(self.http, &error, &assets),
        }
        match first {
            Ok(Some(first)) => {
                let (date, on_or_before) = match first {
                    coingecko::FirstTrade::On(date) => (date, false),
                    coingecko::FirstTrade::OnOrBefore(date) => (date, true),
                };
                for at in &ats {
                    plans[*at].record.first_trade = Some(FirstTrade {
                        date: date.value,
                        on_or_before,
                        req: date.req,
                    });
                }
            }
            // No price at all yet: the metric says the first trade was not observed.
            Ok(None) => {}
            Err(error) => self.failures.source_error(self.http, &error, &assets),
        }
    }

    /// One contract's supply and wallet balances; every error of the reading is a failure, and
    /// so is a descriptor whose decimals disagree with the chain's.
    fn attach_chain_read(&mut self, plan: &mut Planned<'_>, read: ChainRead) {
        let http = self.http;
        let asset = std::slice::from_ref(&plan.record.id);
        let reading = read.reading;
        let chain = reading.chain.clone();
        let mismatch = reading.decimals_mismatch();
        let supply_error = reading.supply.as_ref().err().cloned();
        match (reading.supply, read.fallback) {
            (Ok(supply), _) => plan.record.chain_supplies.push(supply),
            (Err(error), Some(Ok(supply))) => {
                self.notes.push(format!(
                    "{error}; the total supply was read from Etherscan instead."
                ));
                plan.record.chain_supplies.push(supply);
            }
            (Err(error), Some(Err(fallback))) => {
                self.failures.chain_error(http, &chain, &error, asset);
                // Without its key Etherscan was no fallback; the node's failure says it all.
                if !matches!(fallback, SourceError::MissingKey { .. }) {
                    self.failures.source_error(http, &fallback, asset);
                }
            }
            (Err(error), None) => self.failures.chain_error(http, &chain, &error, asset),
        }
        // The decimals call fails on its own only when the supply did not fail the same way.
        if let Err(error) = &reading.chain_decimals
            && Some(error) != supply_error.as_ref()
        {
            self.failures.chain_error(http, &chain, error, asset);
        }
        if let (Some(mismatch), Some(described)) = (mismatch, plan.descriptor) {
            self.failures.add(
                &chain,
                &node_endpoint(http, &chain),
                format!(
                    "{chain}: contract {} reports {} decimals, but {} declares {}; amounts use the chain's {}. Correct `decimals` in the descriptor's [[chain]] entry",
                    reading.contract,
                    mismatch.on_chain,
                    described.shown,
                    mismatch.declared,
                    mismatch.on_chain
                ),
                asset,
            );
        }
        for balance in reading.balances {
            match balance {
                Ok(balance) => plan.record.wallet_balances.push(balance),
                Err(error) => self.failures.chain_error(http, &chain, &error, asset),
            }
        }
    }

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
            tool: crate::TOOL.to_owned(),
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

impl Listings {
    /// One exchange's answer: its market list, each listing under its symbol, the names.
    fn add(&mut self, answer: ExchangeListings) {
        self.market_lists.push(Observed {
            value: answer.exchange,
            req: answer.market_list_req,
        });
        for asset in answer.listings {
            self.by_symbol
                .entry(asset.symbol.to_uppercase())
                .or_default()
                .0
                .push(asset);
        }
        let exchange = answer.exchange;
        self.partial_failures.extend(
            answer
                .partial_failures
                .into_iter()
                .map(|error| (exchange, error)),
        );
    }
}

/// The listings of a symbol that its descriptor describes: the group at `at`, and whether an
/// exchange gives it the descriptor's name (else every listing was merged into it).
#[derive(Clone, Copy)]
struct DescribedGroup {
    at: usize,
    named: bool,
}

/// CoinGecko's coin list as identity resolution uses it.
enum CoinLookup<'c> {
    Index(CoinIndex<'c>),
    /// The list failed (the failure is recorded once the symbols it left unresolved are known).
    Failed,
    /// Not asked for, and why.
    NotAsked(&'static str),
}

impl<'c> CoinLookup<'c> {
    fn new(coin_list: &'c CoinList) -> Self {
        match coin_list {
            CoinList::Read(coins) => CoinLookup::Index(CoinIndex::new(&coins.value)),
            CoinList::Failed(_) => CoinLookup::Failed,
            CoinList::NotAsked(why) => CoinLookup::NotAsked(why),
        }
    }
}

/// Matches symbols without a descriptor on CoinGecko's coin list, one coin to one asset.
struct Resolver<'c> {
    coins: CoinLookup<'c>,
    /// The coins already taken, each with the symbol that took it.
    claimed: HashMap<String, String>,
    /// The assets left unmatched because the coin list failed.
    left_by_coin_list: Vec<String>,
}

impl Resolver<'_> {
    /// Makes `plan` the CoinGecko coin its symbol and `english_names` match, or leaves it
    /// unresolved with a note saying why.
    fn resolve(&mut self, plan: &mut Planned<'_>, english_names: &[String]) {
        let symbol = plan.record.symbol.clone();
        let resolved = match &self.coins {
            CoinLookup::Index(index) => index
                .resolve(&symbol, english_names)
                .and_then(|(coin, name)| match self.claimed.get(&coin.id) {
                    Some(other) => Err(format!(
                        "CoinGecko's `{}` matches {symbol} by symbol and name, but it is already the asset of {other}; add a descriptor naming the intended coin. Without one, no aggregator or chain data is fetched",
                        coin.id
                    )),
                    None => Ok((coin, name)),
                }),
            CoinLookup::Failed => {
                self.left_by_coin_list.push(plan.record.id.clone());
                Err(format!(
                    "CoinGecko's coin list could not be read (see the snapshot's failures), so {symbol} was not matched; fetch again, or add a descriptor naming the coin"
                ))
            }
            CoinLookup::NotAsked(why) => Err(format!(
                "{symbol} was not matched on CoinGecko ({why}); add a descriptor naming the coin"
            )),
        };
        match resolved {
            Ok((coin, name)) => {
                self.claimed.insert(coin.id.clone(), symbol.clone());
                let record = &mut plan.record;
                record.identity_note = Some(format!(
                    "matched CoinGecko `{}` by symbol {symbol} and name {name}",
                    coin.id
                ));
                record.id.clone_from(&coin.id);
                record.name = Some(coin.name.clone());
                record.identified_by = IdentifiedBy::Coingecko;
                plan.coingecko = Some(coin.id.clone());
            }
            Err(note) => plan.record.identity_note = Some(note),
        }
    }
}

/// Reads one exchange through its source module. A market list with no KRW market at all is
/// refused as a failure: each of the five trades hundreds, so an empty list is a broken answer
/// (or a changed API), and taking it as "nothing is listed" would delist everything.
async fn fetch_exchange(http: &Http, exchange: Exchange) -> Result<ExchangeListings, SourceError> {
    let source = exchange.as_str();
    let (answer, path) = match exchange {
        Exchange::Upbit => (
            exchanges::upbit::fetch(http, source).await,
            exchanges::upbit::MARKETS_PATH,
        ),
        Exchange::Bithumb => (
            exchanges::bithumb::fetch(http, source).await,
            exchanges::bithumb::MARKETS_PATH,
        ),
        Exchange::Coinone => (
            exchanges::coinone::fetch(http, source).await,
            exchanges::coinone::MARKETS_PATH,
        ),
        Exchange::Korbit => (
            exchanges::korbit::fetch(http, source).await,
            exchanges::korbit::PAIRS_PATH,
        ),
        Exchange::Gopax => (
            exchanges::gopax::fetch(http, source).await,
            exchanges::gopax::PAIRS_PATH,
        ),
    };
    match answer {
        Ok(listings) if listings.listings.is_empty() => Err(SourceError::shape(
            source,
            &format!("{}{path}", base_url(http, source)),
            "the market list has no KRW market",
        )),
        other => other,
    }
}

/// One query per contract of each descriptor at the positions `which`, with the excluded wallets
/// on its chain, tagged with the descriptor's position.
fn chain_jobs(descriptors: &[Described], which: &[usize]) -> Vec<(usize, TokenQuery)> {
    which
        .iter()
        .map(|at| (*at, &descriptors[*at]))
        .flat_map(|(at, described)| {
            let descriptor = &described.loaded.descriptor;
            descriptor.chains.iter().map(move |contract| {
                let wallets = descriptor
                    .excluded
                    .iter()
                    .filter(|wallet| wallet.chain == contract.chain)
                    .cloned()
                    .collect();
                (
                    at,
                    TokenQuery {
                        contract: contract.clone(),
                        wallets,
                    },
                )
            })
        })
        .collect()
}

/// Reads every descriptor contract on its chain, EVM and Solana at once, and asks Etherscan for
/// each EVM total supply the node did not give (when Etherscan is enabled and the decimals are
/// known). One [`ChainRead`] per job, in job order.
async fn read_chains(http: &Http, jobs: Vec<(usize, TokenQuery)>) -> Vec<ChainRead> {
    let is_solana = |query: &TokenQuery| {
        let chain = &query.contract.chain;
        match http.settings(chain).map(|settings| settings.kind) {
            Some(SourceKind::Solana) => true,
            Some(SourceKind::Evm) => false,
            // An unknown or misconfigured chain: the reader for the address's shape says so.
            _ => !query.contract.contract.starts_with("0x"),
        }
    };
    let (solana_jobs, evm_jobs): (Vec<_>, Vec<_>) =
        jobs.into_iter().partition(|(_, query)| is_solana(query));
    let (evm_descriptors, evm_queries): (Vec<usize>, Vec<TokenQuery>) =
        evm_jobs.into_iter().unzip();
    let (solana_descriptors, solana_queries): (Vec<usize>, Vec<TokenQuery>) =
        solana_jobs.into_iter().unzip();
    let (evm_readings, solana_readings) = tokio::join!(
        evm::read_tokens(http, &evm_queries),
        solana::read_tokens(http, &solana_queries)
    );
    let etherscan_on = http.enabled(etherscan::SOURCE);
    let fallbacks = futures::future::join_all(evm_queries.iter().zip(&evm_readings).map(
        |(query, reading)| async move {
            let decimals = reading
                .chain_decimals
                .as_ref()
                .ok()
                .copied()
                .or(query.contract.decimals);
            match (&reading.supply, decimals) {
                (Err(_), Some(decimals)) if etherscan_on => {
                    Some(etherscan::total_supply(http, &query.contract, decimals).await)
                }
                _ => None,
            }
        },
    ))
    .await;
    let evm = evm_descriptors
        .into_iter()
        .zip(evm_readings)
        .zip(fallbacks)
        .map(|((descriptor, reading), fallback)| ChainRead {
            descriptor,
            reading,
            fallback,
        });
    let solana =
        solana_descriptors
            .into_iter()
            .zip(solana_readings)
            .map(|(descriptor, reading)| ChainRead {
                descriptor,
                reading,
                fallback: None,
            });
    let mut reads: Vec<ChainRead> = evm.chain(solana).collect();
    reads.sort_by_key(|read| read.descriptor);
    reads
}
