//! The sample world: one wiremock server per source, serving the real-shaped answers of
//! `tests/fixtures/sample/` (the bundled sample's 38 assets), and JSON-RPC nodes that answer each
//! call of a batch from a chain-state fixture. Shared by the fetch tests and the golden test of
//! the sample.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use listingcheck::inputs::config::{Config, RateLimit};
use listingcheck::snapshot::{Request, Snapshot};
use listingcheck::source::exchanges::{bithumb, coinone, gopax, korbit, upbit};
use listingcheck::source::{Http, HttpOptions};
use ruint::aliases::U256;
use serde_json::{Value, json};
use tempfile::TempDir;
use wiremock::matchers::{header_exists, method, path, path_regex};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use super::{batch_answer, fixture, get, ok, repo};

/// Where the mock CoinGecko serves its API: a path with `pro-api` in it, because listingcheck
/// recognises CoinGecko's Pro API (whose `days=max` gives a coin's whole price history, as the
/// sample assumes) by `pro-api` in the base URL.
pub const COINGECKO_PREFIX: &str = "/pro-api/api/v3";

/// The base URL the sample's CoinGecko requests name: the Pro API.
pub const COINGECKO_PRO: &str = "https://pro-api.coingecko.com/api/v3";

/// Every source of the sample world.
pub const SOURCES: [&str; 12] = [
    "upbit",
    "bithumb",
    "coinone",
    "korbit",
    "gopax",
    "coingecko",
    "coinmarketcap",
    "etherscan",
    "ethereum",
    "arbitrum",
    "base",
    "solana",
];

/// HTTP 200 with a sample fixture as its JSON body.
pub fn sample(relative: &str) -> ResponseTemplate {
    ok(&format!("sample/{relative}"))
}

/// The mock servers, and the cache directory a fetch in this world uses.
pub struct World {
    servers: BTreeMap<&'static str, MockServer>,
    cache: TempDir,
}

impl World {
    /// Every source answering as the sample's fixtures say.
    pub async fn sample() -> World {
        let mut servers = BTreeMap::new();
        for source in SOURCES {
            servers.insert(source, MockServer::start().await);
        }
        let world = World {
            servers,
            cache: tempfile::tempdir().unwrap(),
        };
        world.mount_sample().await;
        world
    }

    /// The cross-run cache directory a fetch in this world uses.
    pub fn cache_dir(&self) -> PathBuf {
        self.cache.path().to_owned()
    }

    /// The server of one source, to mount an override on (with `.with_priority(1)`).
    pub fn server(&self, source: &str) -> &MockServer {
        &self.servers[source]
    }

    /// The base URL a source is configured with in this world.
    pub fn base_url(&self, source: &str) -> String {
        let uri = self.server(source).uri();
        if source == "coingecko" {
            format!("{uri}{COINGECKO_PREFIX}")
        } else {
            uri
        }
    }

    /// The default config with every source pointed at its mock, rate limits raised (these tests
    /// are about what is fetched, not about pacing), one retry, and a cache of its own.
    pub fn config(&self) -> Config {
        let mut config = Config::default();
        config.cache.dir = Some(self.cache.path().to_owned());
        config.http.max_retries = 1;
        for source in SOURCES {
            let settings = config.sources.get_mut(source).unwrap();
            settings.base_url = self.base_url(source);
            settings.rate_limit = RateLimit::per_second(1000);
        }
        config
    }

    /// The same config as `listingcheck.toml` text, for the binary.
    pub fn config_toml(&self) -> String {
        let mut text = format!(
            "schema = 1\n\n[http]\nmax_retries = 1\n\n[cache]\ndir = \"{}\"\n",
            self.cache.path().display()
        );
        for source in SOURCES {
            let _ = write!(
                text,
                "\n[sources.{source}]\nbase_url = \"{}\"\nrate_limit = {{ requests = 1000, per_seconds = 1 }}\n",
                self.base_url(source)
            );
        }
        text
    }

    /// The HTTP layer of a fetch in this world; `keys` is its whole environment.
    pub fn http(&self, keys: &[(&str, &str)]) -> Http {
        self.http_with(keys, |_| {})
    }

    /// [`World::http`] after `change` has changed the config.
    pub fn http_with(&self, keys: &[(&str, &str)], change: impl FnOnce(&mut Config)) -> Http {
        let mut config = self.config();
        change(&mut config);
        let keys: HashMap<String, String> = keys
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        Http::with_env(
            &config,
            HttpOptions {
                refresh: true,
                progress: None,
            },
            |variable| keys.get(variable).cloned(),
        )
        .unwrap()
    }

    /// The snapshot as if fetched from the real APIs: each mock's URL replaced by the source's
    /// default `base_url` (CoinGecko's by its Pro API), in endpoints and error texts.
    pub fn unmock(&self, snapshot: &mut Snapshot) {
        let defaults = Config::default();
        let replace = |text: &str| {
            let mut text = text.to_owned();
            for source in SOURCES {
                let real = if source == "coingecko" {
                    COINGECKO_PRO.to_owned()
                } else {
                    defaults.sources[source].base_url.clone()
                };
                text = text.replace(&self.base_url(source), &real);
            }
            text
        };
        snapshot.requests = snapshot
            .requests
            .iter()
            .map(|request| {
                Arc::new(Request {
                    endpoint: replace(&request.endpoint),
                    ..(**request).clone()
                })
            })
            .collect();
        for failure in &mut snapshot.failures {
            failure.endpoint = replace(&failure.endpoint);
            failure.error = replace(&failure.error);
        }
        snapshot.canonicalize();
    }

    async fn mount_sample(&self) {
        let exchanges: [(&str, &[(&str, &str)]); 5] = [
            (
                "upbit",
                &[
                    (upbit::MARKETS_PATH, "upbit/market_all.json"),
                    (upbit::TICKERS_PATH, "upbit/ticker_all_krw.json"),
                ],
            ),
            (
                "bithumb",
                &[
                    (bithumb::MARKETS_PATH, "bithumb/market_all.json"),
                    (bithumb::ALERTS_PATH, "bithumb/virtual_asset_warning.json"),
                    (bithumb::TICKERS_PATH, "bithumb/ticker_all_krw.json"),
                ],
            ),
            (
                "coinone",
                &[
                    (coinone::MARKETS_PATH, "coinone/markets_krw.json"),
                    (coinone::TICKERS_PATH, "coinone/ticker_new_krw.json"),
                ],
            ),
            (
                "korbit",
                &[
                    (korbit::PAIRS_PATH, "korbit/currency_pairs.json"),
                    (korbit::TICKERS_PATH, "korbit/tickers.json"),
                    (korbit::ALERTS_PATH, "korbit/market_alerts.json"),
                    (korbit::CURRENCIES_PATH, "korbit/currencies.json"),
                ],
            ),
            (
                "gopax",
                &[
                    (gopax::PAIRS_PATH, "gopax/trading_pairs.json"),
                    (gopax::TICKERS_PATH, "gopax/tickers.json"),
                    (gopax::CAUTIONS_PATH, "gopax/cautions.json"),
                    (gopax::ASSETS_PATH, "gopax/assets.json"),
                ],
            ),
        ];
        for (exchange, answers) in exchanges {
            for (request, body) in answers {
                get(request)
                    .respond_with(sample(body))
                    .mount(self.server(exchange))
                    .await;
            }
        }

        let coingecko = self.server("coingecko");
        let at = |rest: &str| format!("{COINGECKO_PREFIX}{rest}");
        get(&at("/coins/list?include_platform=true"))
            .respond_with(sample("coingecko/coins_list.json"))
            .mount(coingecko)
            .await;
        get(&at("/coins/markets?vs_currency=usd&per_page=250"))
            .respond_with(sample("coingecko/coins_markets.json"))
            .mount(coingecko)
            .await;
        get(&at("/exchange_rates"))
            .respond_with(sample("coingecko/exchange_rates.json"))
            .mount(coingecko)
            .await;
        for entry in std::fs::read_dir(repo("tests/fixtures/sample/coingecko/tickers")).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let id = name.trim_end_matches(".json");
            get(&at(&format!("/coins/{id}/tickers?page=1")))
                .respond_with(sample(&format!("coingecko/tickers/{name}")))
                .mount(coingecko)
                .await;
            get(&at(&format!(
                "/coins/{id}/market_chart?vs_currency=usd&days=max"
            )))
            .respond_with(sample(&format!("coingecko/market_chart/{name}")))
            .mount(coingecko)
            .await;
        }

        Mock::given(method("GET"))
            .and(path("/v2/cryptocurrency/quotes/latest"))
            .and(header_exists("X-CMC_PRO_API_KEY"))
            .respond_with(sample("coinmarketcap/quotes_latest.json"))
            .mount(self.server("coinmarketcap"))
            .await;

        // Etherscan's verified sources, one file per contract address (it needs its key).
        for entry in
            std::fs::read_dir(repo("tests/fixtures/sample/etherscan/getsourcecode")).unwrap()
        {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let address = name.trim_end_matches(".json");
            get(&format!(
                "/v2/api?module=contract&action=getsourcecode&address={address}"
            ))
            .respond_with(sample(&format!("etherscan/getsourcecode/{name}")))
            .mount(self.server("etherscan"))
            .await;
        }

        for chain in ["ethereum", "arbitrum", "base"] {
            Mock::given(method("POST"))
                .and(path_regex("^/?$"))
                .respond_with(EvmNode::sample(chain))
                .mount(self.server(chain))
                .await;
        }
        Mock::given(method("POST"))
            .and(path_regex("^/?$"))
            .respond_with(SolanaNode::sample())
            .mount(self.server("solana"))
            .await;
    }
}

/// The snapshot with every instant set from `taken_at`: requests `fetched_at` one millisecond
/// apart after it, in the order of the provenance table, and failures at `taken_at`.
pub fn normalize_timestamps(snapshot: &mut Snapshot, taken_at: Timestamp) {
    snapshot.taken_at = taken_at;
    snapshot.requests = snapshot
        .requests
        .iter()
        .zip(1i64..)
        .map(|(request, n)| {
            Arc::new(Request {
                fetched_at: taken_at + SignedDuration::from_millis(n),
                cache_age_secs: None,
                ..(**request).clone()
            })
        })
        .collect();
    for failure in &mut snapshot.failures {
        failure.at = taken_at;
    }
}

/// An EVM node that answers `decimals()`, `totalSupply()` and `balanceOf(holder)` of the contracts
/// of a chain-state fixture, each element of a batch on its own, back to front. A contract it does
/// not know answers `0x` (no code at the address), as a real node does; a holder it does not know
/// has a zero balance. Contracts named in `reverting` revert every call.
#[derive(Clone)]
pub struct EvmNode {
    contracts: HashMap<String, Value>,
    reverting: HashSet<String>,
}

impl EvmNode {
    pub fn sample(chain: &str) -> Self {
        let state: Value =
            serde_json::from_str(&fixture(&format!("sample/{chain}/state.json"))).unwrap();
        EvmNode {
            contracts: state["contracts"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(contract, value)| (contract.to_ascii_lowercase(), value.clone()))
                .collect(),
            reverting: HashSet::new(),
        }
    }

    /// The same node, on which every call to `contract` reverts.
    #[must_use]
    pub fn reverting(mut self, contract: &str) -> Self {
        self.reverting.insert(contract.to_ascii_lowercase());
        self
    }

    fn answer(&self, call: &Value) -> Value {
        if let Some(answer) =
            listingcheck::source::multicall::answer_as_node(call, |one| self.answer(one))
        {
            return answer;
        }
        match call["method"].as_str() {
            Some("eth_getStorageAt") => return self.storage(call),
            Some("eth_getCode") => return self.code(call),
            _ => {}
        }
        let to = call["params"][0]["to"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let data = call["params"][0]["data"].as_str().unwrap_or_default();
        if self.reverting.contains(&to) {
            return json!({"error": {"code": 3, "message": "execution reverted"}});
        }
        let Some(contract) = self.contracts.get(&to) else {
            return json!({"result": "0x"});
        };
        let digits = match data {
            "0x313ce567" => contract["decimals"].to_string(),
            "0x18160ddd" => contract["totalSupply"].as_str().unwrap().to_owned(),
            balance if balance.starts_with("0x70a08231") => {
                let holder = format!("0x{}", &balance[balance.len() - 40..]);
                contract["balances"][holder.as_str()]
                    .as_str()
                    .unwrap_or("0")
                    .to_owned()
            }
            // A call of the powers reads (owner(), roles, a Safe's threshold): what the state's
            // `powers.calls` says, else a revert, as a token without the function answers.
            other => {
                return match contract["powers"]["calls"][other].as_str() {
                    Some(result) => json!({"result": result}),
                    None => json!({"error": {"code": 3, "message": "execution reverted"}}),
                };
            }
        };
        let value = U256::from_str_radix(&digits, 10).unwrap();
        json!({"result": format!("0x{value:064x}")})
    }
}

impl EvmNode {
    /// A storage slot: what the contract's `powers.storage` says, else zero.
    fn storage(&self, call: &Value) -> Value {
        let contract = call["params"][0].as_str().unwrap_or_default();
        let slot = call["params"][1].as_str().unwrap_or_default();
        let word = self
            .contracts
            .get(&contract.to_ascii_lowercase())
            .and_then(|contract| {
                contract["powers"]["storage"][slot]
                    .as_str()
                    .map(str::to_owned)
            });
        json!({"result": word.unwrap_or_else(|| format!("0x{:064x}", 0))})
    }

    /// The code at an address: some for the state's contracts and the `powers.code` of one,
    /// none elsewhere (a key).
    fn code(&self, call: &Value) -> Value {
        let address = call["params"][0]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let has_code = self.contracts.contains_key(&address)
            || self.contracts.values().any(|contract| {
                contract["powers"]["code"].as_array().is_some_and(|list| {
                    list.iter()
                        .any(|a| a.as_str().is_some_and(|a| a.eq_ignore_ascii_case(&address)))
                })
            });
        json!({"result": if has_code { "0x6080604052" } else { "0x" }})
    }
}

impl Respond for EvmNode {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        batch_answer(&request.body, |call| self.answer(call))
    }
}

/// A Solana node that answers `getAccountInfo` (`jsonParsed`) from the sample's chain-state
/// fixture: its mints with their supplies and authorities, its token accounts with their
/// balances, its plain wallets; any other address has no account.
#[derive(Clone)]
pub struct SolanaNode {
    state: Value,
}

impl SolanaNode {
    pub fn sample() -> Self {
        SolanaNode {
            state: serde_json::from_str(&fixture("sample/solana/state.json")).unwrap(),
        }
    }

    fn answer(&self, call: &Value) -> Value {
        use listingcheck::source::solana::node;
        assert_eq!(
            call["method"], "getAccountInfo",
            "the sample node reads accounts"
        );
        let address = call["params"][0].as_str().unwrap_or_default();
        let decimals = |mint: &Value| u8::try_from(mint["decimals"].as_u64().unwrap()).unwrap();
        let account = if let Some(mint) = self.state["mints"].get(address) {
            node::mint(
                mint["supply"].as_str().unwrap(),
                decimals(mint),
                mint["mintAuthority"].as_str(),
                mint["freezeAuthority"].as_str(),
            )
        } else if let Some(account) = self.state["accounts"].get(address) {
            let mint = account["mint"].as_str().unwrap();
            node::token_account(
                mint,
                // The wallet behind the account, which no read looks at.
                &node::address([7; 32]),
                account["amount"].as_str().unwrap(),
                decimals(&self.state["mints"][mint]),
            )
        } else if self.state["wallets"].get(address).is_some() {
            node::wallet()
        } else {
            Value::Null
        };
        node::account_info(&account)
    }
}

impl Respond for SolanaNode {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        batch_answer(&request.body, |call| self.answer(call))
    }
}
