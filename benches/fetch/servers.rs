//! The mock sources: one wiremock server per source, answering from the [`Universe`] with bodies
//! shaped like the real APIs' (those of `tests/fixtures/sample/`), every answer [`LATENCY`] late,
//! and every server holding its clients to the source's rate limit.
//!
//! wiremock does all this: a [`Respond`] implementation sees each request once, on arrival and
//! under the server's lock, so it can keep a sliding window of the arrivals it accepted and answer
//! 429 past the limit; the response delay is awaited outside that lock, so answers overlap as a
//! real server's do.
//!
//! The limit is a sliding window, the strictest reading of "N requests per S seconds": a request
//! is refused when the window of S seconds before it already holds N accepted requests, wherever
//! the window starts. A refused request does not count; it gets HTTP 429 with `Retry-After` (whole
//! seconds until the oldest request in the window leaves it), and the server counts it.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use listingcheck::exchange::Exchange;
use listingcheck::inputs::config::RateLimit;
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::universe::{Asset, Universe};

/// What every answer waits before it leaves, 429s included.
pub const LATENCY: Duration = Duration::from_millis(50);

/// Where the mock CoinGecko serves its API, as the public (Demo) API does: not `pro-api`, so the
/// fetch asks for 365 days of history, as a Demo key must.
const COINGECKO_PREFIX: &str = "/api/v3";

/// Won per US dollar in the mock `/exchange_rates` (both per bitcoin there).
const USD_KRW: f64 = 1452.37;
const BTC_USD: f64 = 66_850.0;

/// The sources the benchmark serves, in the order the report lists them.
pub const SOURCES: [&str; 13] = [
    "upbit",
    "bithumb",
    "coinone",
    "korbit",
    "gopax",
    "coingecko",
    "coinmarketcap",
    "ethereum",
    "bsc",
    "arbitrum",
    "base",
    "polygon",
    "solana",
];

/// The mock servers and what they share.
pub struct Sources {
    servers: BTreeMap<&'static str, MockServer>,
    world: Arc<World>,
}

/// What one server saw since the last [`Sources::reset`].
#[derive(Clone, Debug, Default)]
pub struct Seen {
    pub received: u64,
    /// HTTP 429 answers sent.
    pub too_many: u64,
    /// When the last answer left (arrival plus latency).
    pub last_answer: Option<Instant>,
}

struct World {
    universe: Arc<Universe>,
    /// How many of the universe's assets (a prefix) the exchanges list.
    listed: AtomicUsize,
    /// Rate limits and latency on; off only to prime a cache.
    strict: AtomicBool,
    /// Coin id → asset index, for the coins that are assets.
    coins: HashMap<String, usize>,
    /// Per chain: contract or mint (lower case for EVM) → decimals and supply; wallet → balance.
    tokens: HashMap<(&'static str, String), (u8, u128)>,
    balances: HashMap<(&'static str, String, String), u128>,
    /// Solana token account → its mint.
    accounts: HashMap<String, String>,
    coin_list: OnceLock<String>,
    windows: Mutex<BTreeMap<&'static str, Window>>,
}

struct Window {
    limit: RateLimit,
    accepted: VecDeque<Instant>,
    seen: Seen,
}

#[derive(Clone, Copy)]
enum Api {
    Upbit,
    Bithumb,
    Coinone,
    Korbit,
    Gopax,
    Coingecko,
    Coinmarketcap,
    Evm(&'static str),
    Solana,
}

fn api_of(source: &'static str) -> Api {
    match source {
        "upbit" => Api::Upbit,
        "bithumb" => Api::Bithumb,
        "coinone" => Api::Coinone,
        "korbit" => Api::Korbit,
        "gopax" => Api::Gopax,
        "coingecko" => Api::Coingecko,
        "coinmarketcap" => Api::Coinmarketcap,
        "solana" => Api::Solana,
        chain => Api::Evm(chain),
    }
}

impl Sources {
    /// One server per source of [`SOURCES`], each enforcing `limits[source]`.
    pub async fn start(universe: Arc<Universe>, limits: &BTreeMap<&str, RateLimit>) -> Sources {
        let world = Arc::new(World::new(universe, limits));
        let mut servers = BTreeMap::new();
        for source in SOURCES {
            let server = MockServer::builder()
                .disable_request_recording()
                .start()
                .await;
            Mock::given(wiremock::matchers::any())
                .respond_with(Responder {
                    source,
                    api: api_of(source),
                    world: Arc::clone(&world),
                })
                .mount(&server)
                .await;
            servers.insert(source, server);
        }
        Sources { servers, world }
    }

    pub fn base_url(&self, source: &str) -> String {
        let uri = self.servers[source].uri();
        if source == "coingecko" {
            format!("{uri}{COINGECKO_PREFIX}")
        } else {
            uri
        }
    }

    /// The exchanges list the first `count` assets of the universe.
    pub fn list(&self, count: usize) {
        self.world.listed.store(count, Ordering::SeqCst);
    }

    /// Rate limits and latency on (`true`) or off.
    pub fn strict(&self, on: bool) {
        self.world.strict.store(on, Ordering::SeqCst);
    }

    /// Forgets every arrival, as a day between two runs would, and zeroes the counts.
    pub fn reset(&self) {
        for window in self.world.windows.lock().unwrap().values_mut() {
            window.accepted.clear();
            window.seen = Seen::default();
        }
    }

    /// What each server saw since the last reset.
    pub fn seen(&self) -> BTreeMap<&'static str, Seen> {
        self.world
            .windows
            .lock()
            .unwrap()
            .iter()
            .map(|(source, window)| (*source, window.seen.clone()))
            .collect()
    }
}

struct Responder {
    source: &'static str,
    api: Api,
    world: Arc<World>,
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let strict = self.world.strict.load(Ordering::SeqCst);
        let latency = if strict { LATENCY } else { Duration::ZERO };
        // Solana's public endpoint counts each call of a batch as a request.
        let weight = match self.api {
            Api::Solana => {
                serde_json::from_slice::<Vec<Value>>(&request.body).map_or(1, |calls| calls.len())
            }
            _ => 1,
        };
        let answer = match self
            .world
            .admit(self.source, Instant::now(), latency, strict, weight)
        {
            Ok(()) => self.world.answer(self.api, request),
            Err(wait) => too_many(self.api, wait),
        };
        answer.set_delay(latency)
    }
}

impl World {
    fn new(universe: Arc<Universe>, limits: &BTreeMap<&str, RateLimit>) -> World {
        let coins = universe
            .assets
            .iter()
            .enumerate()
            .filter_map(|(at, asset)| Some((asset.coin.as_ref()?.id.clone(), at)))
            .collect();
        let mut tokens = HashMap::new();
        let mut balances = HashMap::new();
        let mut accounts = HashMap::new();
        for descriptor in universe.assets.iter().filter_map(|a| a.descriptor.as_ref()) {
            for contract in &descriptor.contracts {
                let address = key(contract.chain, &contract.address);
                tokens.insert(
                    (contract.chain, address.clone()),
                    (contract.decimals, contract.supply),
                );
                for wallet in &contract.wallets {
                    let holder = key(contract.chain, &wallet.address);
                    if contract.chain == "solana" {
                        accounts.insert(holder.clone(), address.clone());
                    }
                    balances.insert((contract.chain, address.clone(), holder), wallet.balance);
                }
            }
        }
        let windows = SOURCES
            .iter()
            .map(|source| {
                let window = Window {
                    limit: limits[source],
                    accepted: VecDeque::new(),
                    seen: Seen::default(),
                };
                (*source, window)
            })
            .collect();
        World {
            universe,
            listed: AtomicUsize::new(0),
            strict: AtomicBool::new(true),
            coins,
            tokens,
            balances,
            accounts,
            coin_list: OnceLock::new(),
            windows: Mutex::new(windows),
        }
    }

    /// Counts an arrival billed as `weight` requests, and accepts it unless the window before it
    /// has no room for them: then the wait until the window's oldest request leaves it.
    fn admit(
        &self,
        source: &str,
        now: Instant,
        latency: Duration,
        strict: bool,
        weight: usize,
    ) -> Result<(), Duration> {
        let mut windows = self.windows.lock().unwrap();
        let window = windows.get_mut(source).expect("a window per source");
        window.seen.received += 1;
        window.seen.last_answer = Some(now + latency);
        let span = Duration::from_secs(u64::from(window.limit.per_seconds));
        while window
            .accepted
            .front()
            .is_some_and(|first| now.duration_since(*first) >= span)
        {
            window.accepted.pop_front();
        }
        let full = window.accepted.len() + weight > usize::try_from(window.limit.requests).unwrap();
        if strict && full {
            window.seen.too_many += 1;
            let oldest = *window
                .accepted
                .front()
                .expect("a full window holds requests");
            return Err(span.saturating_sub(now.duration_since(oldest)));
        }
        window.accepted.extend(std::iter::repeat_n(now, weight));
        Ok(())
    }

    /// The assets the exchanges list now.
    fn listed(&self) -> &[Asset] {
        &self.universe.assets[..self.listed.load(Ordering::SeqCst)]
    }

    fn answer(&self, api: Api, request: &Request) -> ResponseTemplate {
        let path = request.url.path();
        let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
        let text = |value: Option<Value>| value.map(|value| value.to_string());
        let body = match api {
            Api::Upbit => text(upbit(self.listed(), path)),
            Api::Bithumb => text(bithumb(self.listed(), path)),
            Api::Coinone => text(coinone(self.listed(), path)),
            Api::Korbit => text(korbit(self.listed(), path)),
            Api::Gopax => text(gopax(self.listed(), path)),
            Api::Coingecko => self.coingecko(path, &query),
            Api::Coinmarketcap => {
                if request.headers.get("x-cmc_pro_api_key").is_none() {
                    return json_answer(
                        401,
                        &json!({"status": {"error_code": 1002, "error_message": "API key missing."}}),
                    );
                }
                text(self.coinmarketcap(&query))
            }
            Api::Evm(chain) => text(Some(Self::rpc_batch(&request.body, |call| {
                self.evm(chain, call)
            }))),
            Api::Solana => text(Some(Self::rpc_batch(&request.body, |call| {
                self.solana(call)
            }))),
        };
        match body {
            Some(body) => ResponseTemplate::new(200).set_body_raw(body, "application/json"),
            None => json_answer(404, &json!({"error": format!("no such endpoint: {path}")})),
        }
    }

    fn coingecko(&self, path: &str, query: &HashMap<String, String>) -> Option<String> {
        let rest = path.strip_prefix(COINGECKO_PREFIX)?;
        let parts: Vec<&str> = rest.trim_matches('/').split('/').collect();
        if parts == ["coins", "list"] {
            return Some(
                self.coin_list
                    .get_or_init(|| coin_list(&self.universe))
                    .clone(),
            );
        }
        let body = match parts.as_slice() {
            ["coins", "markets"] => {
                let ids = query.get("ids")?;
                let rows: Vec<Value> = ids
                    .split(',')
                    .filter_map(|id| {
                        let asset = &self.universe.assets[*self.coins.get(id)?];
                        Some(coingecko_market(id, asset))
                    })
                    .collect();
                Some(Value::Array(rows))
            }
            ["coins", id, "tickers"] => {
                let asset = &self.universe.assets[*self.coins.get(*id)?];
                let page: usize = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
                Some(coingecko_tickers(id, asset, page))
            }
            ["coins", id, "market_chart"] => {
                let asset = &self.universe.assets[*self.coins.get(*id)?];
                let days: i64 = query.get("days")?.parse().ok()?;
                Some(coingecko_chart(asset, days))
            }
            ["exchange_rates"] => Some(json!({"rates": {
                "btc": {"name": "Bitcoin", "unit": "BTC", "value": 1.0, "type": "crypto"},
                "eth": {"name": "Ether", "unit": "ETH", "value": 26.954, "type": "crypto"},
                "usd": {"name": "US Dollar", "unit": "$", "value": BTC_USD, "type": "fiat"},
                "krw": {"name": "South Korean Won", "unit": "₩", "value": BTC_USD * USD_KRW, "type": "fiat"},
            }})),
            _ => None,
        };
        body.map(|body| body.to_string())
    }

    fn coinmarketcap(&self, query: &HashMap<String, String>) -> Option<Value> {
        let ids = query.get("id")?;
        let data: serde_json::Map<String, Value> = ids
            .split(',')
            .filter_map(|id| {
                let number: u32 = id.parse().ok()?;
                let asset = self
                    .universe
                    .assets
                    .iter()
                    .find(|asset| asset.coinmarketcap_id() == Some(number))?;
                Some((id.to_owned(), coinmarketcap_entry(id, asset)))
            })
            .collect();
        Some(json!({
            "status": {"timestamp": now_text(), "error_code": 0, "error_message": null, "elapsed": 24,
                       "credit_count": data.len().div_ceil(100), "notice": null},
            "data": data,
        }))
    }

    /// Each call of a JSON-RPC batch answered on its own, back to front (nodes may answer in
    /// any order), echoing its id.
    fn rpc_batch(body: &[u8], answer: impl Fn(&Value) -> Value) -> Value {
        let Ok(Value::Array(calls)) = serde_json::from_slice::<Value>(body) else {
            return json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32600, "message": "invalid request"}});
        };
        let answers = calls
            .iter()
            .rev()
            .map(|call| {
                let mut element = json!({"jsonrpc": "2.0", "id": call["id"]});
                for (field, value) in answer(call).as_object().expect("an object") {
                    element[field] = value.clone();
                }
                element
            })
            .collect();
        Value::Array(answers)
    }

    fn evm(&self, chain: &'static str, call: &Value) -> Value {
        // The powers reads: no token here is a proxy (every EIP-1967 slot empty), and an
        // address's code is asked of holders, which are keys (none here: no owner() answers).
        match call["method"].as_str() {
            Some("eth_getStorageAt") => return json!({"result": format!("0x{:064x}", 0)}),
            Some("eth_getCode") => return json!({"result": "0x"}),
            _ => {}
        }
        let to = call["params"][0]["to"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        // Multicall3, deployed on every chain here: each packed call answered on its own.
        if let Some(answer) =
            listingcheck::source::multicall::answer_as_node(call, |one| self.evm(chain, one))
        {
            return answer;
        }
        let data = call["params"][0]["data"].as_str().unwrap_or_default();
        let Some((decimals, supply)) = self.tokens.get(&(chain, to.clone())) else {
            // No code at the address: an empty return, as a real node gives.
            return json!({"result": "0x"});
        };
        let word = match data {
            "0x313ce567" => u128::from(*decimals),
            "0x18160ddd" => *supply,
            call if call.starts_with("0x70a08231") && call.len() >= 40 => {
                let holder = format!("0x{}", &call[call.len() - 40..]);
                self.balances
                    .get(&(chain, to, holder))
                    .copied()
                    .unwrap_or(0)
            }
            _ => return json!({"error": {"code": 3, "message": "execution reverted"}}),
        };
        json!({"result": format!("0x{word:064x}")})
    }

    /// `getAccountInfo` (jsonParsed), which the supply and powers reads ask packed into
    /// `getMultipleAccounts`: a mint (its authorities revoked), a token account, or no account.
    fn solana(&self, call: &Value) -> Value {
        use listingcheck::source::solana::node;
        if let Some(answer) = node::answer_as_node(call, |one| self.solana(one)) {
            return answer;
        }
        if call["method"] != "getAccountInfo" {
            return json!({"error": {"code": -32601, "message": "Method not found"}});
        }
        let address = call["params"][0].as_str().unwrap_or_default().to_owned();
        let raw = |amount: u128| amount.to_string();
        let decimals = |decimals: &u8| *decimals;
        if let Some((d, supply)) = self.tokens.get(&("solana", address.clone())) {
            return node::account_info(&node::mint(&raw(*supply), decimals(d), None, None));
        }
        let account = self.accounts.get(&address).and_then(|mint| {
            let (d, _) = self.tokens.get(&("solana", mint.clone()))?;
            let balance = self
                .balances
                .get(&("solana", mint.clone(), address.clone()))?;
            Some(node::token_account(
                mint,
                &node::address([7; 32]),
                &raw(*balance),
                decimals(d),
            ))
        });
        node::account_info(&account.unwrap_or(Value::Null))
    }
}

/// An address as the mock nodes index it: EVM addresses are case-insensitive.
fn key(chain: &str, address: &str) -> String {
    if chain == "solana" {
        address.to_owned()
    } else {
        address.to_ascii_lowercase()
    }
}

fn json_answer(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
}

/// HTTP 429 with `Retry-After` in whole seconds, and the body each API sends with it.
fn too_many(api: Api, wait: Duration) -> ResponseTemplate {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let body = match api {
        Api::Upbit => {
            json!({"error": {"name": "too_many_requests", "message": "Too many API requests."}})
        }
        Api::Coingecko => {
            json!({"status": {"error_code": 429, "error_message": "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits."}})
        }
        Api::Coinmarketcap => {
            json!({"status": {"timestamp": now_text(), "error_code": 1008, "error_message": "You've exceeded your API Key's HTTP request rate limit. Rate limits reset every minute.", "elapsed": 0, "credit_count": 0}})
        }
        Api::Evm(_) | Api::Solana => {
            json!({"jsonrpc": "2.0", "id": null, "error": {"code": 429, "message": "Too many requests"}})
        }
        Api::Bithumb | Api::Coinone | Api::Korbit | Api::Gopax => {
            json!({"error": "too many requests"})
        }
    };
    json_answer(429, &body).insert_header("Retry-After", seconds.to_string())
}

fn now_text() -> String {
    Timestamp::now().to_string()
}

/// A stable pseudo-random number in `0..n` for `(asset, salt)`: per-asset variations (flags,
/// prices on each exchange) that stay the same across runs.
fn pick(asset: &Asset, salt: &str, n: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in asset.symbol.bytes().chain(salt.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash % n
}

/// The asset's KRW price on an exchange: the global price, a small premium, and a spread.
fn krw_price(asset: &Asset, exchange: &str) -> f64 {
    let premium = 1.0 + (pick(asset, exchange, 60) as f64 - 10.0) / 1000.0;
    asset.figures.price_usd * USD_KRW * premium
}

/// KRW traded over 24 hours on an exchange.
fn krw_volume(asset: &Asset, exchange: &str) -> f64 {
    asset.figures.volume_usd * USD_KRW * (pick(asset, exchange, 30) + 1) as f64 / 100.0
}

fn on(assets: &[Asset], exchange: Exchange) -> impl Iterator<Item = &Asset> {
    assets.iter().filter(move |asset| asset.listed_on(exchange))
}

const UPBIT_CAUTIONS: [&str; 5] = [
    "PRICE_FLUCTUATIONS",
    "TRADING_VOLUME_SOARING",
    "DEPOSIT_AMOUNT_SOARING",
    "GLOBAL_PRICE_DIFFERENCES",
    "CONCENTRATION_OF_SMALL_ACCOUNTS",
];

fn upbit(assets: &[Asset], path: &str) -> Option<Value> {
    let listed = || on(assets, Exchange::Upbit);
    match path {
        "/v1/market/all" => {
            let mut rows = Vec::new();
            for asset in listed() {
                let caution: serde_json::Map<String, Value> = UPBIT_CAUTIONS
                    .iter()
                    .map(|kind| {
                        let active = pick(asset, kind, 40) == 0;
                        ((*kind).to_owned(), Value::Bool(active))
                    })
                    .collect();
                let event =
                    json!({"warning": pick(asset, "upbit-warning", 30) == 0, "caution": caution});
                rows.push(json!({
                    "market": format!("KRW-{}", asset.symbol),
                    "korean_name": asset.korean_name,
                    "english_name": asset.name,
                    "market_event": event,
                }));
                // Many coins also trade against BTC and USDT; fetch reads the KRW markets only.
                for quote in ["BTC", "USDT"] {
                    if pick(asset, quote, 3) == 0 {
                        rows.push(json!({
                            "market": format!("{quote}-{}", asset.symbol),
                            "korean_name": asset.korean_name,
                            "english_name": asset.name,
                            "market_event": event,
                        }));
                    }
                }
            }
            Some(Value::Array(rows))
        }
        "/v1/ticker/all" => Some(Value::Array(
            listed()
                .map(|asset| {
                    let price = krw_price(asset, "upbit");
                    let opening = price / (1.0 + asset.figures.change);
                    json!({
                        "market": format!("KRW-{}", asset.symbol),
                        "trade_date": "20261119", "trade_time": "235958",
                        "trade_date_kst": "20261120", "trade_time_kst": "085958",
                        "trade_timestamp": 1_795_132_798_000_u64,
                        "opening_price": format!("{opening:.8}"),
                        "high_price": format!("{:.8}", price.max(opening) * 1.02),
                        "low_price": format!("{:.8}", price.min(opening) * 0.98),
                        "trade_price": format!("{price:.8}"),
                        "prev_closing_price": format!("{opening:.8}"),
                        "change": if asset.figures.change < 0.0 { "FALL" } else { "RISE" },
                        "signed_change_rate": (asset.figures.change * 10_000.0).round() / 10_000.0,
                        "acc_trade_price_24h": krw_volume(asset, "upbit"),
                        "acc_trade_volume_24h": krw_volume(asset, "upbit") / price,
                        "timestamp": 1_795_132_798_100_u64,
                    })
                })
                .collect(),
        )),
        _ => None,
    }
}

fn bithumb(assets: &[Asset], path: &str) -> Option<Value> {
    let listed = || on(assets, Exchange::Bithumb);
    match path {
        "/v1/market/all" => Some(Value::Array(
            listed()
                .map(|asset| {
                    let warning = if pick(asset, "bithumb-warning", 25) == 0 {
                        "CAUTION"
                    } else {
                        "NONE"
                    };
                    json!({
                        "market": format!("KRW-{}", asset.symbol),
                        "korean_name": asset.korean_name,
                        "english_name": asset.name,
                        "market_warning": warning,
                    })
                })
                .collect(),
        )),
        "/v1/market/virtual_asset_warning" => Some(Value::Array(
            listed()
                .filter(|asset| pick(asset, "bithumb-alert", 40) == 0)
                .map(|asset| {
                    json!({
                        "market": format!("KRW-{}", asset.symbol),
                        "warning_type": "TRADING_VOLUME_SUDDEN_FLUCTUATION",
                        "warning_step": "WARNING",
                        "end_date": "2099-11-27 23:59:59",
                    })
                })
                .collect(),
        )),
        "/public/ticker/ALL_KRW" => {
            let mut data: serde_json::Map<String, Value> = listed()
                .map(|asset| {
                    let price = krw_price(asset, "bithumb");
                    let opening = price / (1.0 + asset.figures.change);
                    let ticker = json!({
                        "opening_price": format!("{opening:.8}"),
                        "closing_price": format!("{price:.4}"),
                        "min_price": format!("{:.4}", price.min(opening) * 0.98),
                        "max_price": format!("{:.4}", price.max(opening) * 1.02),
                        "prev_closing_price": format!("{opening:.8}"),
                        "acc_trade_value_24H": format!("{:.2}", krw_volume(asset, "bithumb")),
                        "fluctate_24H": format!("{:.8}", price - opening),
                        "fluctate_rate_24H": format!("{:.2}", asset.figures.change * 100.0),
                    });
                    (asset.symbol.clone(), ticker)
                })
                .collect();
            data.insert("date".to_owned(), json!("1795132799000"));
            Some(json!({"status": "0000", "data": data}))
        }
        _ => None,
    }
}

fn coinone(assets: &[Asset], path: &str) -> Option<Value> {
    let listed = || on(assets, Exchange::Coinone);
    let envelope = |field: &str, rows: Vec<Value>| json!({"result": "success", "error_code": "0", "server_time": 1_795_132_799_000_u64, field: rows});
    match path {
        "/public/v2/markets/KRW" => Some(envelope(
            "markets",
            listed()
                .map(|asset| {
                    json!({
                        "quote_currency": "KRW", "target_currency": asset.symbol,
                        "price_unit": "0.1", "qty_unit": "0.0001",
                        "max_order_amount": "1000000000", "min_order_amount": "5000",
                        "maintenance_status": 0, "trade_status": 1,
                        "order_types": ["limit", "market"],
                    })
                })
                .collect(),
        )),
        "/public/v2/ticker_new/KRW" => Some(envelope(
            "tickers",
            listed()
                .map(|asset| {
                    let price = krw_price(asset, "coinone");
                    json!({
                        "quote_currency": "krw",
                        "target_currency": asset.symbol.to_lowercase(),
                        "timestamp": 1_795_132_798_800_u64,
                        "high": format!("{:.4}", price * 1.03),
                        "low": format!("{:.4}", price * 0.97),
                        "first": format!("{:.8}", price / (1.0 + asset.figures.change)),
                        "last": format!("{price:.4}"),
                        "quote_volume": format!("{:.2}", krw_volume(asset, "coinone")),
                        "target_volume": format!("{:.4}", krw_volume(asset, "coinone") / price),
                    })
                })
                .collect(),
        )),
        _ => None,
    }
}

fn korbit(assets: &[Asset], path: &str) -> Option<Value> {
    let listed = || on(assets, Exchange::Korbit);
    let pair = |asset: &Asset| format!("{}_krw", asset.symbol.to_lowercase());
    let data = match path {
        "/v2/currencyPairs" => listed()
            .map(|asset| (pair(asset), asset.symbol.to_lowercase(), "launched"))
            // Delisted coins stay on the list, stopped; fetch leaves them out.
            .chain((1..=3).map(|n| (format!("old{n}_krw"), format!("old{n}"), "stopped")))
            .map(|(pair, base, status)| {
                json!({
                    "symbol": pair, "status": status,
                    "baseCurrency": base, "quoteCurrency": "krw",
                    "minOrderValue": "5000", "maxOrderValue": "1000000000",
                })
            })
            .collect(),
        "/v2/tickers" => listed()
            .map(|asset| {
                let price = krw_price(asset, "korbit");
                let open = price / (1.0 + asset.figures.change);
                json!({
                    "symbol": pair(asset),
                    "open": format!("{open:.8}"),
                    "close": format!("{price:.4}"),
                    "prevClose": format!("{open:.8}"),
                    "priceChange": format!("{:.8}", price - open),
                    "priceChangePercent": format!("{:.2}", asset.figures.change * 100.0),
                    "quoteVolume": format!("{:.2}", krw_volume(asset, "korbit")),
                    "lastTradedAt": 1_795_132_799_200_u64,
                })
            })
            .collect(),
        "/v2/marketAlerts" => listed()
            .filter(|asset| pick(asset, "korbit-alert", 40) == 0)
            .map(|asset| {
                json!({"symbol": pair(asset), "alerts": [{
                    "type": "price", "typeKorean": "가격 급등락", "level": "caution",
                    "levelKorean": "투자주의", "startAt": 1_795_000_000_000_u64,
                    "endAt": 1_795_300_000_000_u64, "value": "31.5",
                }]})
            })
            .collect(),
        "/v2/currencies" => std::iter::once(json!({"name": "krw", "fullName": "Won"}))
            .chain(listed().map(|asset| {
                json!({
                    "name": asset.symbol.to_lowercase(), "fullName": asset.korbit_name,
                    "withdrawalMaxAmountPerRequest": "1000000", "defaultNetwork": "ETH",
                })
            }))
            .collect(),
        _ => return None,
    };
    Some(json!({"success": true, "data": Value::Array(data)}))
}

fn gopax(assets: &[Asset], path: &str) -> Option<Value> {
    let listed = || on(assets, Exchange::Gopax);
    let pair = |asset: &Asset| format!("{}-KRW", asset.symbol);
    let rows: Vec<Value> = match path {
        "/trading-pairs" => listed()
            .flat_map(|asset| {
                // Some coins also trade against BTC; fetch reads the KRW pairs only.
                let btc = (pick(asset, "gopax-btc", 5) == 0).then_some("BTC");
                std::iter::once("KRW").chain(btc).map(move |quote| (asset, quote))
            })
            .enumerate()
            .map(|(at, (asset, quote))| {
                json!({
                    "id": at + 1, "name": format!("{}-{quote}", asset.symbol),
                    "baseAsset": asset.symbol, "quoteAsset": quote, "baseAssetScale": 8,
                    "quoteAssetScale": 0, "priceMin": 1, "makerFeePercent": 0.2,
                    "takerFeePercent": 0.2,
                })
            })
            .collect(),
        "/tickers" => listed()
            .map(|asset| {
                let price = krw_price(asset, "gopax");
                json!({
                    "baseVolume": krw_volume(asset, "gopax") / price,
                    "last": price,
                    "open": price / (1.0 + asset.figures.change),
                    "quoteVolume": krw_volume(asset, "gopax"),
                    "lastTraded": 1_795_132_799_400_u64,
                    "tradingPairName": pair(asset),
                })
            })
            .collect(),
        "/trading-pairs/cautions" => listed()
            .filter(|asset| pick(asset, "gopax-caution", 30) == 0)
            .enumerate()
            .map(|(at, asset)| {
                json!({
                    "id": at + 1, "name": pair(asset), "alertLevel": 1,
                    "isPriceChange": true, "isMonopolyBuy": false, "isLowLiquidity": false,
                    "isSoarTradingVolume": false, "isSoarDepositAmount": false,
                    "isGlobalPriceDifference": false, "isMonopolyTrading": false,
                })
            })
            .collect(),
        "/assets" => std::iter::once(json!({
            "id": "KRW", "name": "대한민국 원", "englishName": "South Korean Won", "scale": 0,
        }))
        .chain(listed().map(|asset| {
            json!({"id": asset.symbol, "name": asset.korean_name, "englishName": asset.name, "scale": 8})
        }))
        .collect(),
        _ => return None,
    };
    Some(Value::Array(rows))
}

/// `/coins/list?include_platform=true`: every coin, by id.
fn coin_list(universe: &Universe) -> String {
    let mut coins: Vec<_> = universe.coins().collect();
    coins.sort_by(|a, b| a.id.cmp(&b.id));
    let rows: Vec<Value> = coins
        .iter()
        .map(|coin| {
            let platforms: serde_json::Map<String, Value> = coin
                .platforms
                .iter()
                .map(|(platform, address)| (platform.clone(), json!(address)))
                .collect();
            json!({"id": coin.id, "symbol": coin.symbol, "name": coin.name, "platforms": platforms})
        })
        .collect();
    Value::Array(rows).to_string()
}

fn coingecko_market(id: &str, asset: &Asset) -> Value {
    let figures = &asset.figures;
    let price = figures.price_usd;
    json!({
        "id": id,
        "symbol": asset.symbol.to_lowercase(),
        "name": asset.name,
        "image": format!("https://coin-images.coingecko.com/coins/images/1/large/{id}.png"),
        "current_price": price,
        "market_cap": (price * figures.circulating as f64).round(),
        "market_cap_rank": 100,
        "fully_diluted_valuation": (price * figures.total as f64).round(),
        "total_volume": figures.volume_usd.round(),
        "price_change_percentage_24h": figures.change * 100.0,
        "circulating_supply": figures.circulating as f64,
        "total_supply": figures.total as f64,
        "max_supply": figures.max.map(|max| max as f64),
        "last_updated": "2026-11-19T23:59:30.000Z",
    })
}

/// The exchanges a coin's tickers name: the Korean five among the world's biggest.
const MARKETS: [(&str, &str); 16] = [
    ("Binance", "binance"),
    ("Bybit", "bybit_spot"),
    ("OKX", "okex"),
    ("Coinbase Exchange", "gdax"),
    ("Kraken", "kraken"),
    ("KuCoin", "kucoin"),
    ("Gate", "gate"),
    ("Bitget", "bitget"),
    ("MEXC", "mxc"),
    ("HTX", "huobi"),
    ("Upbit", "upbit"),
    ("Bithumb", "bithumb"),
    ("Coinone", "coinone"),
    ("Korbit", "korbit"),
    ("Gopax", "gopax"),
    ("Uniswap V3 (Ethereum)", "uniswap_v3"),
];

const TARGETS: [&str; 6] = ["USDT", "USDC", "BTC", "ETH", "KRW", "EUR"];

/// One page of `/coins/{id}/tickers`: 100 tickers, the last page fewer (possibly none).
fn coingecko_tickers(id: &str, asset: &Asset, page: usize) -> Value {
    let first = (page.max(1) - 1) * 100;
    let last = (first + 100).min(asset.figures.tickers);
    let tickers: Vec<Value> = (first..last)
        .map(|n| {
            let (name, identifier) = MARKETS[n % MARKETS.len()];
            let target = TARGETS[(n / MARKETS.len()) % TARGETS.len()];
            let price = asset.figures.price_usd;
            json!({
                "base": asset.symbol,
                "target": target,
                "market": {"name": name, "identifier": identifier, "has_trading_incentive": false},
                "last": price,
                "volume": 1000.0 + n as f64,
                "cost_to_move_up_usd": 19_320.7,
                "cost_to_move_down_usd": 16_360.2,
                "converted_last": {"btc": price / BTC_USD, "eth": price / 2480.0, "usd": price},
                "converted_volume": {"btc": 0.1, "eth": 2.7, "usd": price * 1000.0},
                "trust_score": "green",
                "bid_ask_spread_percentage": 0.1,
                "timestamp": "2026-11-19T23:58:00+00:00",
                "last_traded_at": "2026-11-19T23:58:00+00:00",
                "last_fetch_at": "2026-11-19T23:59:00+00:00",
                "is_anomaly": false,
                // One ticker in 25 has not traded lately.
                "is_stale": n % 25 == 24,
                "trade_url": format!("https://example.com/trade/{}_{target}", asset.symbol),
                "token_info_url": null,
                "coin_id": id,
                "target_coin_id": "tether",
            })
        })
        .collect();
    json!({"name": asset.name, "tickers": tickers})
}

/// `/coins/{id}/market_chart?days=N`: daily points at midnight UTC from the first trade or `N`
/// days back, whichever is later, then the latest price.
fn coingecko_chart(asset: &Asset, days: i64) -> Value {
    let now = Timestamp::now();
    let today = now.as_second() - now.as_second().rem_euclid(86_400);
    let back = asset.figures.first_trade_days_ago.min(days);
    let mut instants: Vec<i64> = (0..back)
        .rev()
        .map(|day| {
            (Timestamp::from_second(today).unwrap() - SignedDuration::from_hours(24 * day))
                .as_millisecond()
        })
        .collect();
    instants.push(now.as_millisecond());
    let series =
        |value: f64| -> Vec<Value> { instants.iter().map(|at| json!([at, value])).collect() };
    let figures = &asset.figures;
    json!({
        "prices": series(figures.price_usd),
        "market_caps": series((figures.price_usd * figures.circulating as f64).round()),
        "total_volumes": series(figures.volume_usd.round()),
    })
}

fn coinmarketcap_entry(id: &str, asset: &Asset) -> Value {
    let figures = &asset.figures;
    let price = figures.price_usd;
    json!({
        "id": id.parse::<u64>().unwrap_or_default(),
        "name": asset.name,
        "symbol": asset.symbol,
        "slug": asset.name.to_lowercase(),
        "num_market_pairs": figures.tickers,
        "date_added": "2022-03-17T00:00:00.000Z",
        "tags": [],
        "max_supply": figures.max,
        "circulating_supply": figures.circulating as f64 * 0.98,
        "total_supply": figures.total,
        "is_active": 1,
        "infinite_supply": figures.max.is_none(),
        "platform": null,
        "cmc_rank": 100,
        "is_fiat": 0,
        "self_reported_circulating_supply": figures.circulating,
        "self_reported_market_cap": price * figures.circulating as f64,
        "tvl_ratio": null,
        "last_updated": "2026-11-19T23:59:00.000Z",
        "quote": {"USD": {
            "price": price,
            "volume_24h": figures.volume_usd,
            "volume_change_24h": 3.1,
            "percent_change_1h": 0.1,
            "percent_change_24h": figures.change * 100.0,
            "percent_change_7d": 2.0,
            "market_cap": price * figures.circulating as f64 * 0.98,
            "market_cap_dominance": 0.01,
            "fully_diluted_market_cap": price * figures.total as f64,
            "last_updated": "2026-11-19T23:59:00.000Z",
        }},
    })
}
