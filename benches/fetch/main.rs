//! `cargo bench --bench fetch`: how many requests, and how much time, a fetch of a 600-asset
//! won-market universe takes against sources that hold it to their published rate limits.
//!
//! Every source is a local mock server ([`servers`]) answering real-shaped bodies for a
//! generated universe ([`universe`]) 50 ms late, and answering 429 with `Retry-After` past the
//! source's rate limit (the built-in defaults of `listingcheck.toml`, except CoinGecko at its
//! Demo key's 100 calls a minute instead of the keyless 30). The real fetch runs against them
//! twice: **cold** (empty cache) and **warm** (the same cache, within its maximum ages: a daily
//! run). For each run, per source and in total, the benchmark prints the requests made against
//! the fewest possible with batching, the time against the rate-limit floor, and the 429s the
//! servers sent. It prints figures and checks nothing: speed goals live in benchmarks, not tests.
//!
//! The goal for the warm run: requests ≤ 1.1 × the minimum, wall time ≤ 1.25 × the floor, no 429.
//!
//! A cold run of all 600 assets takes over ten minutes at CoinGecko's 100 calls a minute (two
//! calls per coin that no endpoint batches). `BENCH_COLD_ASSETS=120` runs the cold fetch over the
//! first 120 assets instead; the cache is then filled for the other assets by one fetch with
//! limits and latency off, which is not measured, so that the warm run still covers all 600. The
//! report says which scale was used.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod servers;
mod universe;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use listingcheck::fetch::{FetchOptions, FetchOutcome, Scope, run_with};
use listingcheck::inputs::config::{Config, RateLimit};
use listingcheck::snapshot::IdentifiedBy;
use listingcheck::source::{Http, HttpOptions};

use servers::{LATENCY, SOURCES, Seen, Sources};
use universe::{Asset, BILLS_EACH_CALL, Cache, Identity, Minimum, Universe, minimum};

/// The universe of the warm run.
const ASSETS: usize = 600;

/// CoinGecko with a Demo key (the keyless default is 30 a minute).
const COINGECKO_DEMO: RateLimit = RateLimit::per_minute(100);

/// The goal of a daily (warm) run.
const GOAL_REQUESTS: f64 = 1.10;
const GOAL_WALL: f64 = 1.25;

/// The keys a run has: CoinGecko's Demo key and CoinMarketCap's, both fake.
const KEYS: [(&str, &str); 2] = [
    ("COINGECKO_API_KEY", "bench-demo-key"),
    ("CMC_API_KEY", "bench-cmc-key"),
];

fn main() {
    // RUST_LOG=warn shows the fetch's retries as they happen.
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_default_env() {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    }
    bench(cold_assets());
}

/// `BENCH_COLD_ASSETS`, or the whole universe.
fn cold_assets() -> usize {
    match std::env::var("BENCH_COLD_ASSETS") {
        Err(_) => ASSETS,
        Ok(text) => match text.trim().parse::<usize>() {
            Ok(count) if (1..=ASSETS).contains(&count) => count,
            _ => panic!(
                "BENCH_COLD_ASSETS must be a number of assets from 1 to {ASSETS}, not `{text}`"
            ),
        },
    }
}

fn bench(cold_assets: usize) {
    let universe = Arc::new(Universe::generate(ASSETS));
    let work = tempfile::tempdir().expect("a temporary directory");
    let cache_dir = work.path().join("cache");
    let limits: BTreeMap<&str, RateLimit> = {
        let defaults = Config::default();
        SOURCES
            .iter()
            .map(|source| {
                let limit = if *source == "coingecko" {
                    COINGECKO_DEMO
                } else {
                    defaults.sources[*source].rate_limit
                };
                (*source, limit)
            })
            .collect()
    };
    // The servers answer on threads of their own; this runtime only starts them.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let sources = runtime.block_on(Sources::start(Arc::clone(&universe), &limits));
    let config = config(&sources, &cache_dir);

    print_header(&universe, cold_assets, &limits);

    let cold_dir = write_descriptors(work.path(), &universe.assets[..cold_assets]);
    sources.list(cold_assets);
    let cold = measure(&sources, &config, &cold_dir);
    report(
        &format!("cold: {}, empty cache", scale_text(cold_assets)),
        &universe.assets[..cold_assets],
        Cache::Cold,
        &cold,
        &limits,
    );

    let warm_dir = write_descriptors(work.path(), &universe.assets);
    sources.list(ASSETS);
    if cold_assets < ASSETS {
        sources.strict(false);
        let mut unlimited = config.clone();
        for settings in unlimited.sources.values_mut() {
            settings.rate_limit = RateLimit::per_second(100_000);
        }
        let primed = measure(&sources, &unlimited, &warm_dir);
        sources.strict(true);
        println!(
            "Primed the cache for the other {} assets: one fetch with rate limits and latency off, not measured ({} requests, {:.1} s).\n",
            ASSETS - cold_assets,
            primed.requests(),
            primed.wall.as_secs_f64()
        );
    }
    let warm = measure(&sources, &config, &warm_dir);
    report(
        &format!("warm: all {ASSETS} assets, the cache of the runs before (a daily run)"),
        &universe.assets,
        Cache::Warm,
        &warm,
        &limits,
    );
    println!("load average at the end: {}", load_average());
}

/// The cold run's scale, as the report says it.
fn scale_text(cold_assets: usize) -> String {
    if cold_assets == ASSETS {
        format!("all {ASSETS} assets")
    } else {
        format!("{cold_assets} of the {ASSETS} assets (BENCH_COLD_ASSETS={cold_assets})")
    }
}

/// The default sources pointed at the mocks, CoinGecko at its Demo rate, the sources the universe
/// has no use for disabled (Etherscan would only stand in for a failed node), and a cache of the
/// benchmark's own.
fn config(sources: &Sources, cache_dir: &Path) -> Config {
    let mut config = Config::default();
    config.cache.dir = Some(cache_dir.to_owned());
    for (name, settings) in &mut config.sources {
        if SOURCES.contains(&name.as_str()) {
            settings.base_url = sources.base_url(name);
        } else {
            settings.enabled = false;
        }
    }
    config
        .sources
        .get_mut("coingecko")
        .expect("a built-in source")
        .rate_limit = COINGECKO_DEMO;
    config
}

/// One measured fetch.
struct Measured {
    wall: Duration,
    outcome: FetchOutcome,
    /// Per source, what its server saw, and when its last answer left (from the fetch's start).
    seen: BTreeMap<&'static str, (Seen, Option<Duration>)>,
}

impl Measured {
    fn requests(&self) -> u64 {
        self.outcome
            .stats
            .values()
            .map(|stats| stats.requests)
            .sum()
    }
}

/// A fetch as a new process makes it (a daily job is one): its own runtime and HTTP layer,
/// the servers' windows emptied first (a day has passed since the run before).
fn measure(sources: &Sources, config: &Config, assets_dir: &Path) -> Measured {
    sources.reset();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let measured = runtime.block_on(fetch(sources, config, assets_dir));
    // Dropping the runtime waits for its blocking threads (cache writes): not part of the run.
    drop(runtime);
    measured
}

async fn fetch(sources: &Sources, config: &Config, assets_dir: &Path) -> Measured {
    let keys: HashMap<&str, &str> = KEYS.into_iter().collect();
    let http = Http::with_env(
        config,
        HttpOptions {
            refresh: false,
            progress: None,
        },
        |variable| keys.get(variable).map(|key| (*key).to_owned()),
    )
    .expect("the HTTP client starts");
    let options = FetchOptions {
        assets_dir: Some(assets_dir.to_owned()),
        scope: Scope::Universe,
        ..FetchOptions::default()
    };
    let start = Instant::now();
    let outcome = run_with(&http, &options).await.expect("the fetch starts");
    let wall = start.elapsed();
    let seen = sources
        .seen()
        .into_iter()
        .map(|(source, seen)| {
            let done = seen
                .last_answer
                .map(|at| at.saturating_duration_since(start));
            (source, (seen, done))
        })
        .collect();
    Measured {
        wall,
        outcome,
        seen,
    }
}

/// Writes the descriptors of `assets` into a directory of their own, and returns it.
fn write_descriptors(work: &Path, assets: &[Asset]) -> PathBuf {
    let dir = work.join(format!("assets-{}", assets.len()));
    std::fs::create_dir_all(&dir).expect("the assets directory");
    for asset in assets {
        let Some(descriptor) = &asset.descriptor else {
            continue;
        };
        let mut text = format!(
            "schema = 1\n\n[asset]\nid = \"{}\"\nsymbol = \"{}\"\nname = \"{}\"\nkorean_name = \"{}\"\n",
            descriptor.id, asset.symbol, asset.name, asset.korean_name
        );
        if descriptor.names_coingecko {
            let coin = asset.coin.as_ref().expect("a described asset's coin");
            writeln!(text, "coingecko = \"{}\"", coin.id).unwrap();
        }
        if let Some(id) = descriptor.coinmarketcap {
            writeln!(text, "coinmarketcap = {id}").unwrap();
        }
        for contract in &descriptor.contracts {
            write!(
                text,
                "\n[[chain]]\nchain = \"{}\"\ncontract = \"{}\"\ndecimals = {}\n",
                contract.chain, contract.address, contract.decimals
            )
            .unwrap();
        }
        for contract in &descriptor.contracts {
            for (n, wallet) in contract.wallets.iter().enumerate() {
                write!(
                    text,
                    "\n[[excluded]]\nchain = \"{}\"\naddress = \"{}\"\nlabel = \"vesting contract {}\"\n",
                    contract.chain,
                    wallet.address,
                    n + 1
                )
                .unwrap();
            }
        }
        let figures = &asset.figures;
        write!(
            text,
            "\n[plan]\nmax_supply = {total}\nsource = \"https://example.com/{id}/tokenomics\"\ndisclosed = 2025-01-15\n\n[[plan.schedule]]\ndate = 2026-06-30\ncirculating = {circulating}\n\n[[plan.schedule]]\ndate = 2028-12-31\ncirculating = {total}\n",
            total = figures.total,
            circulating = figures.circulating,
            id = descriptor.id,
        )
        .unwrap();
        std::fs::write(dir.join(format!("{}.toml", descriptor.id)), text)
            .expect("a descriptor written");
    }
    dir
}

fn print_header(universe: &Universe, cold_assets: usize, limits: &BTreeMap<&str, RateLimit>) {
    let assets = &universe.assets;
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name")?.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    println!(
        "fetch benchmark on {cpu}, {cores} cores, load average {}",
        load_average()
    );
    let count = |keep: &dyn Fn(&Asset) -> bool| assets.iter().filter(|a| keep(a)).count();
    let listings: Vec<String> = listingcheck::exchange::Exchange::ALL
        .iter()
        .map(|exchange| format!("{exchange} {}", count(&|a| a.listed_on(*exchange))))
        .collect();
    let contracts: Vec<&universe::Contract> = assets
        .iter()
        .filter_map(|a| a.descriptor.as_ref())
        .flat_map(|d| &d.contracts)
        .collect();
    let solana = contracts.iter().filter(|c| c.chain == "solana").count();
    println!(
        "universe: {} assets; KRW listings: {}",
        assets.len(),
        listings.join(", ")
    );
    println!(
        "  {} descriptors ({} contracts: {} EVM, {} Solana; {} excluded wallets; {} CoinMarketCap ids), {} matched on CoinGecko, {} unresolved",
        count(&|a| a.identity == Identity::Descriptor),
        contracts.len(),
        contracts.len() - solana,
        solana,
        contracts.iter().map(|c| c.wallets.len()).sum::<usize>(),
        count(&|a| a.coinmarketcap_id().is_some()),
        count(&|a| a.identity == Identity::Matched),
        count(&|a| matches!(a.identity, Identity::Unresolved(_))),
    );
    println!(
        "  CoinGecko: {} coins on the list, {} asked about, {} tickers pages",
        universe.coins().count(),
        count(&|a| a.fetched_coingecko_id().is_some()),
        assets
            .iter()
            .filter(|a| a.fetched_coingecko_id().is_some())
            .map(|a| universe::ticker_pages(a.figures.tickers))
            .sum::<u64>()
    );
    let shown: Vec<String> = limits
        .iter()
        .map(|(source, limit)| format!("{source} {}", limit_text(*limit)))
        .collect();
    println!(
        "servers: {} ms latency on every answer; rate limits (the built-in defaults; CoinGecko at its Demo key's): {}",
        LATENCY.as_millis(),
        shown.join(", ")
    );
    let cold = minimum(&assets[..cold_assets], Cache::Cold);
    let estimate = floor(&cold, limits).0;
    println!(
        "cold run over {}: its rate-limit floor is {:.0} s{}\n",
        scale_text(cold_assets),
        estimate.as_secs_f64(),
        if cold_assets == ASSETS {
            "; BENCH_COLD_ASSETS=120 shrinks it"
        } else {
            ""
        }
    );
}

fn limit_text(limit: RateLimit) -> String {
    if limit.per_seconds == 60 {
        format!("{}/min", limit.requests)
    } else if limit.per_seconds == 1 {
        format!("{}/s", limit.requests)
    } else {
        format!("{}/{}s", limit.requests, limit.per_seconds)
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| {
            let fields: Vec<&str> = text.split_whitespace().take(3).collect();
            (fields.len() == 3).then(|| fields.join(" "))
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The time `requests` requests need at `limit`: evenly spaced at the limit, the last one answered
/// one latency after it leaves.
fn source_floor(requests: u64, limit: RateLimit) -> Duration {
    if requests == 0 {
        return Duration::ZERO;
    }
    let spacing = Duration::from_secs(u64::from(limit.per_seconds)) / limit.requests;
    spacing * u32::try_from(requests - 1).unwrap() + LATENCY
}

/// The least time `calls` take at a source that counts each call of a batch: a batch may carry a
/// whole window's calls at once, so every window after the first starts when the one before it
/// has passed.
fn billed_floor(calls: u64, limit: RateLimit) -> Duration {
    if calls == 0 {
        return Duration::ZERO;
    }
    let windows = calls.div_ceil(u64::from(limit.requests)) - 1;
    Duration::from_secs(u64::from(limit.per_seconds)) * u32::try_from(windows).unwrap() + LATENCY
}

/// The floor of a run (its slowest source's) and of each source.
fn floor(
    minimum: &BTreeMap<&'static str, Minimum>,
    limits: &BTreeMap<&str, RateLimit>,
) -> (Duration, BTreeMap<&'static str, Duration>) {
    let each: BTreeMap<&'static str, Duration> = minimum
        .iter()
        .map(|(source, need)| {
            let floor = if BILLS_EACH_CALL.contains(source) {
                billed_floor(need.billed, limits[source])
            } else {
                source_floor(need.requests, limits[source])
            };
            (*source, floor)
        })
        .collect();
    let slowest = each.values().copied().max().unwrap_or_default();
    (slowest, each)
}

fn report(
    title: &str,
    assets: &[Asset],
    cache: Cache,
    run: &Measured,
    limits: &BTreeMap<&str, RateLimit>,
) {
    let minimum = minimum(assets, cache);
    let (run_floor, floors) = floor(&minimum, limits);
    println!("== {title}");
    println!("{}", run.outcome.summary());
    check_identities(assets, run);
    println!(
        "{:<14} {:>7} {:>8} {:>8} {:>6} {:>5} {:>7} {:>6} {:>8} {:>8} {:>7}",
        "source",
        "limit",
        "requests",
        "minimum",
        "× min",
        "429s",
        "retries",
        "cached",
        "done at",
        "floor",
        "× floor"
    );
    let (mut requests, mut least, mut too_many, mut retries, mut cached) = (0, 0, 0, 0, 0);
    for source in SOURCES {
        let stats = run.outcome.stats.get(source).cloned().unwrap_or_default();
        let need = minimum.get(source).map_or(0, |m| m.requests);
        let (seen, done) = run.seen.get(source).cloned().unwrap_or_default();
        if stats.requests == 0 && need == 0 && stats.cache_hits == 0 {
            continue;
        }
        let source_floor = floors.get(source).copied().unwrap_or_default();
        println!(
            "{:<14} {:>7} {:>8} {:>8} {:>6} {:>5} {:>7} {:>6} {:>8} {:>8} {:>7}",
            source,
            limit_text(limits[source]),
            stats.requests,
            need,
            ratio(stats.requests as f64, need as f64),
            seen.too_many,
            stats.retries,
            stats.cache_hits,
            done.map_or_else(|| "—".to_owned(), seconds),
            seconds(source_floor),
            done.map_or_else(
                || "—".to_owned(),
                |done| ratio(done.as_secs_f64(), source_floor.as_secs_f64())
            ),
        );
        if seen.received != stats.requests {
            println!(
                "  note: {source}'s server received {} requests, the client counted {}",
                seen.received, stats.requests
            );
        }
        requests += stats.requests;
        least += need;
        too_many += seen.too_many;
        retries += stats.retries;
        cached += stats.cache_hits;
    }
    println!(
        "{:<14} {:>7} {:>8} {:>8} {:>6} {:>5} {:>7} {:>6} {:>8} {:>8} {:>7}",
        "all",
        "",
        requests,
        least,
        ratio(requests as f64, least as f64),
        too_many,
        retries,
        cached,
        seconds(run.wall),
        seconds(run_floor),
        ratio(run.wall.as_secs_f64(), run_floor.as_secs_f64()),
    );
    println!(
        "(done at: when the source's last answer left its server; the run's: the fetch's wall time)"
    );
    let terms: Vec<String> = minimum
        .iter()
        .map(|(source, need)| format!("{source} {} = {}", need.requests, need.terms))
        .collect();
    println!("minimum: {}", terms.join("; "));
    let request_ratio = requests as f64 / least as f64;
    let wall_ratio = run.wall.as_secs_f64() / run_floor.as_secs_f64();
    let met = request_ratio <= GOAL_REQUESTS && wall_ratio <= GOAL_WALL && too_many == 0;
    println!(
        "goal of a daily run (requests ≤ {GOAL_REQUESTS:.2} × minimum, wall ≤ {GOAL_WALL:.2} × floor, no 429): {}\n",
        match (cache, met) {
            (Cache::Warm, true) => "met",
            (Cache::Warm, false) => "MISSED",
            (Cache::Cold, true) => "met (it applies to warm runs)",
            (Cache::Cold, false) => "missed (it applies to warm runs; a cold run may be slow)",
        }
    );
}

/// Says so when the snapshot is incomplete or identified the assets otherwise than the universe
/// means: the figures would then measure another fetch than the one intended.
fn check_identities(assets: &[Asset], run: &Measured) {
    let snapshot = &run.outcome.snapshot;
    let expected =
        |identity: fn(&Identity) -> bool| assets.iter().filter(|a| identity(&a.identity)).count();
    let actual = |by: IdentifiedBy| {
        snapshot
            .assets
            .iter()
            .filter(|asset| asset.identified_by == by)
            .count()
    };
    let pairs = [
        (
            "by descriptor",
            expected(|i| *i == Identity::Descriptor),
            actual(IdentifiedBy::Descriptor),
        ),
        (
            "matched",
            expected(|i| *i == Identity::Matched),
            actual(IdentifiedBy::Coingecko),
        ),
        (
            "unresolved",
            expected(|i| matches!(i, Identity::Unresolved(_))),
            actual(IdentifiedBy::Unresolved),
        ),
    ];
    for (what, expected, actual) in pairs {
        if expected != actual {
            println!("WARNING: the universe has {expected} assets {what}, the snapshot {actual}");
        }
    }
    for failure in snapshot.failures.iter().take(5) {
        println!("WARNING: failure: {}", failure.error);
    }
    if snapshot.failures.len() > 5 {
        println!("WARNING: and {} more failures", snapshot.failures.len() - 5);
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

fn ratio(actual: f64, floor: f64) -> String {
    if floor > 0.0 {
        format!("{:.2}", actual / floor)
    } else {
        "—".to_owned()
    }
}
