//! Each source rides out the passing failures the HTTP layer retries: a 429 with `Retry-After`,
//! a 5xx, and a timeout, each followed by a success. The data that then arrives is exact, as
//! without the failure.

use std::time::{Duration, Instant};

use listingcheck::inputs::asset::{ChainContract, ExcludedWallet};
use listingcheck::source::chain::TokenQuery;
use listingcheck::source::{coingecko, coinmarketcap, etherscan, evm, solana};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::source_harness::{
    Hiccup, RpcNode, first_request_fails, harness_with_short_timeout, word_of,
};
use crate::support::{fixture, fixture_json, received};

/// How long a source took, and how many requests reached the server.
struct Run {
    elapsed: Duration,
    requests: usize,
}

impl Run {
    fn assert_recovered(&self, hiccup: Hiccup) {
        assert_eq!(self.requests, 2, "one failure, one retry ({hiccup:?})");
        if matches!(hiccup, Hiccup::TooManyRequests | Hiccup::Timeout) {
            assert!(
                self.elapsed >= Duration::from_secs(1),
                "waited {:?} ({hiccup:?})",
                self.elapsed
            );
        }
    }
}

async fn coingecko_markets_after(hiccup: Hiccup) -> Run {
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
    Run {
        elapsed: started.elapsed(),
        requests: received(&server).await,
    }
}

async fn coinmarketcap_quotes_after(hiccup: Hiccup) -> Run {
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
    Run {
        elapsed: started.elapsed(),
        requests: received(&server).await,
    }
}

const TOKEN: &str = "0x5096db80b21ef45230c9e423c373f1fc9c0198dd";

async fn evm_supply_after(hiccup: Hiccup) -> Run {
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

    let readings = evm::read_tokens(&harness.http, &[token]).await;

    assert_eq!(
        readings[0].supply.as_ref().unwrap().total_supply,
        "318421502".parse().unwrap()
    );
    Run {
        elapsed: started.elapsed(),
        requests: received(&server).await,
    }
}

const MINT: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
const VAULT: &str = "3emsAVdmGKERbHjmGfQ6oZ1e35dkf5iYcS6U4CPKFVaa";

async fn solana_supply_after(hiccup: Hiccup) -> Run {
    let server = MockServer::start().await;
    first_request_fails(&server, hiccup).await;
    Mock::given(method("POST"))
        .respond_with(
            RpcNode::new()
                .call(
                    "getTokenSupply",
                    MINT,
                    fixture_json("solana/get_token_supply.json"),
                )
                .call(
                    "getTokenAccountBalance",
                    VAULT,
                    fixture_json("solana/get_token_account_balance.json"),
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
        }],
    };
    let started = Instant::now();

    let readings = solana::read_tokens(&harness.http, &[token]).await;

    assert_eq!(
        readings[0].supply.as_ref().unwrap().total_supply,
        "5736485399.543944323".parse().unwrap()
    );
    assert_eq!(
        readings[0].balances[0].as_ref().unwrap().balance,
        "1200000000".parse().unwrap()
    );
    Run {
        elapsed: started.elapsed(),
        requests: received(&server).await,
    }
}

async fn etherscan_supply_after(hiccup: Hiccup) -> Run {
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
    Run {
        elapsed: started.elapsed(),
        requests: received(&server).await,
    }
}

#[tokio::test]
async fn coingecko_429_is_retried_after_the_advertised_delay() {
    coingecko_markets_after(Hiccup::TooManyRequests)
        .await
        .assert_recovered(Hiccup::TooManyRequests);
}

#[tokio::test]
async fn coingecko_5xx_is_retried_until_a_success() {
    coingecko_markets_after(Hiccup::ServerError)
        .await
        .assert_recovered(Hiccup::ServerError);
}

#[tokio::test]
async fn coingecko_timeout_is_retried_until_a_success() {
    coingecko_markets_after(Hiccup::Timeout)
        .await
        .assert_recovered(Hiccup::Timeout);
}

#[tokio::test]
async fn coinmarketcap_429_is_retried_after_the_advertised_delay() {
    coinmarketcap_quotes_after(Hiccup::TooManyRequests)
        .await
        .assert_recovered(Hiccup::TooManyRequests);
}

#[tokio::test]
async fn coinmarketcap_5xx_is_retried_until_a_success() {
    coinmarketcap_quotes_after(Hiccup::ServerError)
        .await
        .assert_recovered(Hiccup::ServerError);
}

#[tokio::test]
async fn coinmarketcap_timeout_is_retried_until_a_success() {
    coinmarketcap_quotes_after(Hiccup::Timeout)
        .await
        .assert_recovered(Hiccup::Timeout);
}

#[tokio::test]
async fn evm_429_is_retried_after_the_advertised_delay() {
    evm_supply_after(Hiccup::TooManyRequests)
        .await
        .assert_recovered(Hiccup::TooManyRequests);
}

#[tokio::test]
async fn evm_5xx_is_retried_until_a_success() {
    evm_supply_after(Hiccup::ServerError)
        .await
        .assert_recovered(Hiccup::ServerError);
}

#[tokio::test]
async fn evm_timeout_is_retried_until_a_success() {
    evm_supply_after(Hiccup::Timeout)
        .await
        .assert_recovered(Hiccup::Timeout);
}

#[tokio::test]
async fn solana_429_is_retried_after_the_advertised_delay() {
    solana_supply_after(Hiccup::TooManyRequests)
        .await
        .assert_recovered(Hiccup::TooManyRequests);
}

#[tokio::test]
async fn solana_5xx_is_retried_until_a_success() {
    solana_supply_after(Hiccup::ServerError)
        .await
        .assert_recovered(Hiccup::ServerError);
}

#[tokio::test]
async fn solana_timeout_is_retried_until_a_success() {
    solana_supply_after(Hiccup::Timeout)
        .await
        .assert_recovered(Hiccup::Timeout);
}

#[tokio::test]
async fn etherscan_429_is_retried_after_the_advertised_delay() {
    etherscan_supply_after(Hiccup::TooManyRequests)
        .await
        .assert_recovered(Hiccup::TooManyRequests);
}

#[tokio::test]
async fn etherscan_5xx_is_retried_until_a_success() {
    etherscan_supply_after(Hiccup::ServerError)
        .await
        .assert_recovered(Hiccup::ServerError);
}

#[tokio::test]
async fn etherscan_timeout_is_retried_until_a_success() {
    etherscan_supply_after(Hiccup::Timeout)
        .await
        .assert_recovered(Hiccup::Timeout);
}
