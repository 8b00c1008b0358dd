//! The retries seen from every source, exchanges and chain sources alike: a first answer that is
//! a 429 with `Retry-After`, a 5xx, or nothing within the timeout, then the normal answers, gives
//! exactly the data of the normal answers, after one retry (and for a 429 or a timeout, after at
//! least the 1 s wait). One test per passing failure, run over every source at once; a failure
//! names its source.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use futures::FutureExt as _;
use futures::future::{LocalBoxFuture, join_all};
use listingcheck::inputs::asset::{ChainContract, ExcludedWallet};
use listingcheck::source::chain::TokenQuery;
use listingcheck::source::packing::Shares;
use listingcheck::source::{coingecko, coinmarketcap, etherscan, evm, solana};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::exchange_mocks::{
    fetch, http, http_with, market_list_path, mount_normal, symbols,
};
use crate::support::source_harness::{
    Hiccup, RpcNode, first_request_fails, harness_with_short_timeout, word_of,
};
use crate::support::{fixture, fixture_json, get, received};

/// How long a source took, and how often the request that failed first was asked.
struct Recovery {
    elapsed: Duration,
    asked: usize,
}

impl Recovery {
    /// Why this is not a recovery from `hiccup`, if it is not.
    fn problem(&self, hiccup: Hiccup) -> Option<String> {
        if self.asked != 2 {
            return Some(format!(
                "asked {} times, not once and once more after the failure",
                self.asked
            ));
        }
        let waits = matches!(hiccup, Hiccup::TooManyRequests | Hiccup::Timeout);
        (waits && self.elapsed < Duration::from_secs(1))
            .then(|| format!("waited only {:?}", self.elapsed))
    }
}

/// A source run after `hiccup`; it panics when the data it read is not the normal answers'.
type Case = fn(Hiccup) -> LocalBoxFuture<'static, Recovery>;

/// Every source, by config name.
fn sources() -> Vec<(&'static str, Case)> {
    vec![
        ("upbit", |hiccup| {
            exchange_after("upbit", hiccup).boxed_local()
        }),
        ("bithumb", |hiccup| {
            exchange_after("bithumb", hiccup).boxed_local()
        }),
        ("coinone", |hiccup| {
            exchange_after("coinone", hiccup).boxed_local()
        }),
        ("korbit", |hiccup| {
            exchange_after("korbit", hiccup).boxed_local()
        }),
        ("gopax", |hiccup| {
            exchange_after("gopax", hiccup).boxed_local()
        }),
        ("coingecko", |hiccup| {
            coingecko_markets_after(hiccup).boxed_local()
        }),
        ("coinmarketcap", |hiccup| {
            coinmarketcap_quotes_after(hiccup).boxed_local()
        }),
        ("ethereum", |hiccup| evm_supply_after(hiccup).boxed_local()),
        ("solana", |hiccup| solana_supply_after(hiccup).boxed_local()),
        ("etherscan", |hiccup| {
            etherscan_supply_after(hiccup).boxed_local()
        }),
    ]
}

/// Runs every source after `hiccup` at once and fails naming each source that did not recover.
async fn every_source_recovers_from(hiccup: Hiccup) {
    let runs = sources().into_iter().map(|(source, case)| async move {
        (source, AssertUnwindSafe(case(hiccup)).catch_unwind().await)
    });
    let problems: Vec<String> = join_all(runs)
        .await
        .into_iter()
        .filter_map(|(source, outcome)| {
            let problem = match outcome {
                Ok(recovery) => recovery.problem(hiccup),
                Err(panic) => Some(panic_text(panic.as_ref())),
            };
            problem.map(|problem| format!("{source}: {problem}"))
        })
        .collect();
    assert!(
        problems.is_empty(),
        "after a {hiccup:?}:\n{}",
        problems.join("\n")
    );
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
        .unwrap_or_else(|| "panicked".to_owned())
}

#[tokio::test]
async fn a_429_with_retry_after_then_a_success_is_read_after_the_delay() {
    every_source_recovers_from(Hiccup::TooManyRequests).await;
}

#[tokio::test]
async fn a_5xx_then_a_success_is_read() {
    every_source_recovers_from(Hiccup::ServerError).await;
}

#[tokio::test]
async fn a_timeout_then_a_success_is_read() {
    every_source_recovers_from(Hiccup::Timeout).await;
}

/// An exchange whose market list first fails with `hiccup`, then answers normally: it reads the
/// normal listings with no failure. Only a timeout is made short: the other answers come at once.
async fn exchange_after(exchange: &'static str, hiccup: Hiccup) -> Recovery {
    let server = MockServer::start().await;
    let markets = market_list_path(exchange);
    get(markets)
        .respond_with(hiccup.answer())
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_normal(&server, exchange).await;
    let timeout_secs = if matches!(hiccup, Hiccup::Timeout) {
        1
    } else {
        20
    };
    let http = http_with(&server, exchange, |config| {
        config.http.timeout_secs = timeout_secs;
    });
    let started = Instant::now();

    let answer = fetch(exchange, &http).await.unwrap();

    let elapsed = started.elapsed();
    assert!(
        answer.partial_failures.is_empty(),
        "{:?}",
        answer.partial_failures
    );
    assert_eq!(symbols(&answer), normal_symbols(exchange).await);
    let only_path = markets.split('?').next().unwrap();
    let asked = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|request| request.url.path() == only_path)
        .count();
    Recovery { elapsed, asked }
}

/// The symbols of an exchange's normal answer, read without any fault.
async fn normal_symbols(exchange: &str) -> Vec<String> {
    let server = MockServer::start().await;
    mount_normal(&server, exchange).await;
    let answer = fetch(exchange, &http(&server, exchange)).await.unwrap();
    symbols(&answer).into_iter().map(str::to_owned).collect()
}

async fn coingecko_markets_after(hiccup: Hiccup) -> Recovery {
    let server = MockServer::start().await;
    first_request_fails(&server, hiccup).await;
    Mock::given(path("/coins/markets"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(fixture("coingecko/coins_markets.json")),
        )
        .mount(&server)
        .await;
    let harness = harness_with_short_timeout(&[("coingecko", server.uri())]);
    let started = Instant::now();

    let outcome = coingecko::markets(&harness.http, &["bitcoin".to_owned()]).await;

    assert_eq!(outcome.failures, []);
    assert_eq!(
        outcome.items[0].circulating_supply,
        Some("19675987".parse().unwrap())
    );
    Recovery {
        elapsed: started.elapsed(),
        asked: received(&server).await,
    }
}

async fn coinmarketcap_quotes_after(hiccup: Hiccup) -> Recovery {
    let server = MockServer::start().await;
    first_request_fails(&server, hiccup).await;
    Mock::given(path("/v2/cryptocurrency/quotes/latest"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("coinmarketcap/quotes_latest_v2.json")),
        )
        .mount(&server)
        .await;
    let harness = harness_with_short_timeout(&[("coinmarketcap", server.uri())]);
    let started = Instant::now();

    let outcome = coinmarketcap::quotes(&harness.http, &[1]).await;

    assert_eq!(outcome.failures, []);
    assert_eq!(
        outcome.items[0].max_supply,
        Some("21000000".parse().unwrap())
    );
    Recovery {
        elapsed: started.elapsed(),
        asked: received(&server).await,
    }
}

const TOKEN: &str = "0x5096db80b21ef45230c9e423c373f1fc9c0198dd";

async fn evm_supply_after(hiccup: Hiccup) -> Recovery {
    let server = MockServer::start().await;
    first_request_fails(&server, hiccup).await;
    Mock::given(method("POST"))
        .respond_with(
            RpcNode::new()
                .eth_call(TOKEN, "0x313ce567", word_of("18"))
                .eth_call(TOKEN, "0x18160ddd", word_of("318421502000000000000000000")),
        )
        .mount(&server)
        .await;
    let harness = harness_with_short_timeout(&[("ethereum", server.uri())]);
    let token = TokenQuery {
        contract: ChainContract {
            chain: "ethereum".into(),
            contract: TOKEN.into(),
            decimals: None,
            native: true,
        },
        wallets: Vec::new(),
    };
    let started = Instant::now();

    let readings = evm::read_tokens(&harness.http, &[token], Shares::none()).await;

    assert_eq!(
        readings[0].supply.as_ref().unwrap().total_supply,
        "318421502".parse().unwrap()
    );
    Recovery {
        elapsed: started.elapsed(),
        asked: received(&server).await,
    }
}

const MINT: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
const VAULT: &str = "3emsAVdmGKERbHjmGfQ6oZ1e35dkf5iYcS6U4CPKFVaa";

async fn solana_supply_after(hiccup: Hiccup) -> Recovery {
    let server = MockServer::start().await;
    first_request_fails(&server, hiccup).await;
    Mock::given(method("POST"))
        .respond_with(
            RpcNode::new()
                .call(
                    "getAccountInfo",
                    MINT,
                    fixture_json("solana/get_account_info_mint.json"),
                )
                .call(
                    "getAccountInfo",
                    VAULT,
                    fixture_json("solana/get_account_info_token_account.json"),
                ),
        )
        .mount(&server)
        .await;
    let harness = harness_with_short_timeout(&[("solana", server.uri())]);
    let token = TokenQuery {
        contract: ChainContract {
            chain: "solana".into(),
            contract: MINT.into(),
            decimals: None,
            native: true,
        },
        wallets: vec![ExcludedWallet {
            chain: "solana".into(),
            address: VAULT.into(),
            label: "vault".into(),
            until: None,
            staked: None,
            staking_rewards_circulate: false,
        }],
    };
    let started = Instant::now();

    let readings = solana::read_tokens(&harness.http, &[token], Shares::none()).await;

    assert_eq!(
        readings[0].supply.as_ref().unwrap().total_supply,
        "5736485399.543944323".parse().unwrap()
    );
    assert_eq!(
        readings[0].balances[0].as_ref().unwrap().balance,
        "1200000000".parse().unwrap()
    );
    Recovery {
        elapsed: started.elapsed(),
        asked: received(&server).await,
    }
}

async fn etherscan_supply_after(hiccup: Hiccup) -> Recovery {
    let server = MockServer::start().await;
    first_request_fails(&server, hiccup).await;
    Mock::given(path("/v2/api"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(fixture("etherscan/tokensupply.json")),
        )
        .mount(&server)
        .await;
    let harness = harness_with_short_timeout(&[("etherscan", server.uri())]);
    let contract = ChainContract {
        chain: "ethereum".into(),
        contract: "0x57d90b64a1a57749b0f932f1a3395792e12e7055".into(),
        decimals: Some(6),
        native: true,
    };
    let started = Instant::now();

    let supply = etherscan::total_supply(&harness.http, &contract, 6)
        .await
        .unwrap();

    assert_eq!(supply.total_supply, "21265524.714464".parse().unwrap());
    Recovery {
        elapsed: started.elapsed(),
        asked: received(&server).await,
    }
}
