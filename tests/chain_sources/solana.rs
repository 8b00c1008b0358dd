//! Solana JSON-RPC through the real HTTP layer, against a scripted node. The bodies follow the
//! shapes of Solana's RPC reference (solana.com/docs/rpc/http/getaccountinfo and
//! getmultipleaccounts with the `jsonParsed` encoding: a mint's `supply` and a token account's
//! `tokenAmount.amount` as u64 strings, `decimals`, the token account's `mint`). The node answers
//! `getMultipleAccounts` account by account, as the scripted `getAccountInfo` of each.

use listingcheck::inputs::asset::{ChainContract, ExcludedWallet};
use listingcheck::snapshot::ChainSupply;
use listingcheck::source::chain::{ChainError, TokenQuery};
use listingcheck::source::packing::Shares;
use listingcheck::source::solana;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer};

use crate::support::fixture_json;
use crate::support::source_harness::{RpcNode, harness};

const MINT: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
const VAULT: &str = "3emsAVdmGKERbHjmGfQ6oZ1e35dkf5iYcS6U4CPKFVaa";
const TEAM: &str = "7UX2i7SucgLMQcfZ75s3VXmZZY4YRUyJN9X1RgfMoDUi";

fn query(wallets: &[&str]) -> TokenQuery {
    TokenQuery {
        contract: ChainContract {
            chain: "solana".into(),
            contract: MINT.into(),
            decimals: Some(9),
            native: true,
        },
        wallets: wallets
            .iter()
            .map(|address| ExcludedWallet {
                chain: "solana".into(),
                address: (*address).into(),
                label: format!("account {address}"),
                until: None,
                staked: None,
                staking_rewards_circulate: false,
            })
            .collect(),
    }
}

/// A node body without its `jsonrpc` and `id`, which the scripted node sets.
fn answer(path: &str) -> Value {
    fixture_json(path)
}

async fn node(script: RpcNode) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(script)
        .mount(&server)
        .await;
    server
}

fn script() -> RpcNode {
    RpcNode::new()
        .call(
            "getAccountInfo",
            MINT,
            answer("solana/get_account_info_mint.json"),
        )
        .call(
            "getAccountInfo",
            VAULT,
            answer("solana/get_account_info_token_account.json"),
        )
}

#[tokio::test]
async fn token_supply_is_the_exact_u64_string_scaled_by_the_mint_decimals() {
    let server = node(script()).await;
    let harness = harness(&[("solana", server.uri())]);

    let readings = solana::read_tokens(&harness.http, &[query(&[VAULT])], Shares::none()).await;

    let reading = &readings[0];
    let supply = reading.supply.as_ref().unwrap();
    assert_eq!(
        supply,
        &ChainSupply {
            chain: "solana".into(),
            contract: MINT.into(),
            native: true,
            total_supply: "5736485399.543944323".parse().unwrap(),
            decimals: 9,
            req: supply.req,
        }
    );
    assert_eq!(
        supply.total_supply.to_string(),
        "5736485399.543944323",
        "a float would lose the last digits; the u64 string does not"
    );
    assert_eq!(reading.chain_decimals, Ok(9));
    assert_eq!(reading.decimals_mismatch(), None);
    let request = &harness.http.requests()[supply.req as usize];
    assert_eq!(request.source, "solana");
    assert_eq!(
        request.endpoint,
        format!("POST {} getMultipleAccounts (id 0)", server.uri()),
        "the mint and its token account, read in one call"
    );
}

#[tokio::test]
async fn a_token_account_balance_is_read_exactly_with_its_label() {
    let server = node(script()).await;
    let harness = harness(&[("solana", server.uri())]);

    let readings = solana::read_tokens(&harness.http, &[query(&[VAULT])], Shares::none()).await;

    let balance = readings[0].balances[0].as_ref().unwrap();
    assert_eq!(balance.address, VAULT);
    assert_eq!(balance.label, format!("account {VAULT}"));
    assert_eq!(balance.balance, "1200000000".parse().unwrap());
}

#[tokio::test]
async fn a_missing_token_account_fails_alone_and_the_rest_of_the_call_stands() {
    let server = node(script().call(
        "getAccountInfo",
        TEAM,
        answer("solana/get_account_info_none.json"),
    ))
    .await;
    let harness = harness(&[("solana", server.uri())]);

    let readings =
        solana::read_tokens(&harness.http, &[query(&[VAULT, TEAM])], Shares::none()).await;

    let reading = &readings[0];
    assert!(reading.supply.is_ok());
    assert!(reading.balances[0].is_ok());
    let requests = harness.http.requests();
    assert_eq!(requests.len(), 1, "one packed call answered all three");
    assert!(requests[0].endpoint.ends_with("getMultipleAccounts (id 0)"));
    assert_eq!(
        reading.balances[1].as_ref().unwrap_err().to_string(),
        format!(
            "solana: {TEAM} is no account at all, not a token account; fix the excluded token account in the asset descriptor: a wallet's tokens are held in its associated token account, not in the wallet"
        )
    );
}

#[tokio::test]
async fn a_wallet_given_for_its_token_account_is_named_as_a_wallet() {
    let server = node(script().call(
        "getAccountInfo",
        TEAM,
        answer("solana/get_account_info_wallet.json"),
    ))
    .await;
    let harness = harness(&[("solana", server.uri())]);

    let readings = solana::read_tokens(&harness.http, &[query(&[TEAM])], Shares::none()).await;

    let message = readings[0].balances[0].as_ref().unwrap_err().to_string();
    assert!(
        message.contains(&format!(
            "{TEAM} is a plain wallet (owned by the System Program), not a token account"
        )),
        "{message}"
    );
}

#[tokio::test]
async fn an_address_that_is_no_mint_fails_the_supply_with_what_it_is() {
    let server = node(script().call(
        "getAccountInfo",
        MINT,
        answer("solana/get_account_info_token_account.json"),
    ))
    .await;
    let harness = harness(&[("solana", server.uri())]);

    let readings = solana::read_tokens(&harness.http, &[query(&[])], Shares::none()).await;

    let message = readings[0].supply.as_ref().unwrap_err().to_string();
    assert!(
        message.contains("is an spl-token account of type `account`, not a token mint"),
        "{message}"
    );
}

#[tokio::test]
async fn an_amount_beyond_u64_is_an_error_not_a_rounded_number() {
    let mut mint = answer("solana/get_account_info_mint.json");
    mint["result"]["value"]["data"]["parsed"]["info"]["supply"] = json!("18446744073709551616");
    let server = node(script().call("getAccountInfo", MINT, mint)).await;
    let harness = harness(&[("solana", server.uri())]);

    let readings = solana::read_tokens(&harness.http, &[query(&[])], Shares::none()).await;

    let error = readings[0].supply.as_ref().unwrap_err();
    assert!(
        matches!(error, ChainError::MalformedAmount { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("18446744073709551616"),
        "{error}"
    );
}

#[tokio::test]
async fn a_token_account_of_another_mint_is_caught_by_its_mint() {
    const OTHER_MINT: &str = "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263";
    let mut other = answer("solana/get_account_info_token_account.json");
    other["result"]["value"]["data"]["parsed"]["info"]["mint"] = json!(OTHER_MINT);
    let server = node(script().call("getAccountInfo", TEAM, other)).await;
    let harness = harness(&[("solana", server.uri())]);

    let readings = solana::read_tokens(&harness.http, &[query(&[TEAM])], Shares::none()).await;

    assert_eq!(
        readings[0].balances[0],
        Err(ChainError::ForeignAccount {
            chain: "solana".into(),
            contract: MINT.into(),
            account: TEAM.into(),
            account_mint: OTHER_MINT.into(),
        })
    );
}

#[tokio::test]
async fn a_node_that_refuses_the_packed_call_is_asked_account_by_account() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::body_string_contains(
            "getMultipleAccounts",
        ))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(json!([
            {"jsonrpc": "2.0", "id": 0, "error": {"code": -32601, "message": "Method not found"}}
        ])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(script())
        .mount(&server)
        .await;
    let harness = harness(&[("solana", server.uri())]);

    let readings = solana::read_tokens(&harness.http, &[query(&[VAULT])], Shares::none()).await;

    assert!(readings[0].supply.is_ok(), "{:?}", readings[0].supply);
    assert!(readings[0].balances[0].is_ok());
    let endpoints: Vec<String> = harness
        .http
        .requests()
        .iter()
        .map(|request| request.endpoint.clone())
        .collect();
    assert_eq!(endpoints.len(), 2, "{endpoints:?}");
    assert!(
        endpoints[1].ends_with("getAccountInfo ×2 (ids 4–5)"),
        "the accounts alone, with ids beyond the first send's: {endpoints:?}"
    );
}

#[tokio::test]
async fn a_packed_call_refused_for_the_rate_limit_is_not_sent_again_account_by_account() {
    // The node refuses the whole packed call, as it refuses it for any one account in it.
    let refused = json!({"error": {"code": -32005, "message": "rate limit exceeded"}});
    let server = node(script().call("getAccountInfo", MINT, refused)).await;
    let harness = harness(&[("solana", server.uri())]);

    let readings = solana::read_tokens(&harness.http, &[query(&[VAULT])], Shares::none()).await;

    let message = readings[0].supply.as_ref().unwrap_err().to_string();
    assert!(message.contains("rate limit exceeded"), "{message}");
    let asked = harness.http.requests();
    assert!(
        asked
            .iter()
            .all(|request| request.endpoint.contains("getMultipleAccounts")),
        "{asked:?}"
    );
}

#[tokio::test]
async fn a_token_2022_mint_and_account_read_as_the_token_program_s() {
    const TOKEN_2022: &str = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
    let mut mint = answer("solana/get_account_info_mint.json");
    mint["result"]["value"]["owner"] = json!(TOKEN_2022);
    mint["result"]["value"]["data"]["program"] = json!("spl-token-2022");
    mint["result"]["value"]["data"]["parsed"]["info"]["extensions"] =
        json!([{"extension": "metadataPointer", "state": {}}]);
    let mut account = answer("solana/get_account_info_token_account.json");
    account["result"]["value"]["owner"] = json!(TOKEN_2022);
    account["result"]["value"]["data"]["program"] = json!("spl-token-2022");
    let server = node(RpcNode::new().call("getAccountInfo", MINT, mint).call(
        "getAccountInfo",
        VAULT,
        account,
    ))
    .await;
    let harness = harness(&[("solana", server.uri())]);

    let readings = solana::read_tokens(&harness.http, &[query(&[VAULT])], Shares::none()).await;

    assert_eq!(
        readings[0]
            .supply
            .as_ref()
            .unwrap()
            .total_supply
            .to_string(),
        "5736485399.543944323"
    );
    assert_eq!(
        readings[0].balances[0].as_ref().unwrap().balance,
        "1200000000".parse().unwrap()
    );
}

#[tokio::test]
async fn declared_decimals_that_disagree_with_the_mint_are_reported() {
    let server = node(script()).await;
    let harness = harness(&[("solana", server.uri())]);
    let mut token = query(&[]);
    token.contract.decimals = Some(6);

    let readings = solana::read_tokens(&harness.http, &[token], Shares::none()).await;

    let mismatch = readings[0].decimals_mismatch().unwrap();
    assert_eq!((mismatch.declared, mismatch.on_chain), (6, 9));
}

#[tokio::test]
async fn an_evm_address_given_as_a_mint_is_refused_before_any_call() {
    let server = node(script()).await;
    let harness = harness(&[("solana", server.uri())]);
    let mut token = query(&[]);
    token.contract.contract = "0x5096db80b21ef45230c9e423c373f1fc9c0198dd".into();

    let readings = solana::read_tokens(&harness.http, &[token], Shares::none()).await;

    let message = readings[0].supply.as_ref().unwrap_err().to_string();
    assert!(message.contains("not a valid Solana address"), "{message}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_supply_reads_and_the_mint_authorities_read_go_in_one_call_asking_the_mint_once() {
    let server = node(script()).await;
    let harness = harness(&[("solana", server.uri())]);
    let token = query(&[VAULT]);
    let (supply, powers) = Shares::pair(["solana".to_owned()]);

    let (readings, powers) = tokio::join!(
        solana::read_tokens(&harness.http, std::slice::from_ref(&token), supply),
        listingcheck::source::powers::solana::read(
            &harness.http,
            std::slice::from_ref(&token.contract),
            powers
        ),
    );

    assert!(readings[0].supply.is_ok(), "{:?}", readings[0].supply);
    // The powers read had the mint's account too: its token program is the mint's source.
    assert!(powers[0].powers.source.is_some(), "{:?}", powers[0]);
    let requests = server.received_requests().await.unwrap();
    let first: Value = serde_json::from_slice(&requests[0].body).unwrap();
    let calls = first.as_array().unwrap();
    assert_eq!(calls.len(), 1, "{first}");
    assert_eq!(calls[0]["method"], "getMultipleAccounts");
    // The supply's mint and token account; the powers' mint is the same account, asked once.
    assert_eq!(calls[0]["params"][0], json!([MINT, VAULT]));
}
