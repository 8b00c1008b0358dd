//! EVM JSON-RPC through the real HTTP layer, against a scripted node that answers each batch
//! element by method and parameters, in reverse order. The revert and the short word are the real
//! answers of geth in ethereum/execution-apis' conformance tests (`eth_call_revert.json`: error
//! code 3; `eth_call_success.json`: the 2-byte result `0xffee`).

use listingcheck::amount::Amount;
use listingcheck::inputs::asset::{ChainContract, ExcludedWallet};
use listingcheck::snapshot::{ChainSupply, WalletBalance};
use listingcheck::source::chain::{ChainError, DecimalsMismatch, TokenQuery};
use listingcheck::source::evm;
use listingcheck::source::packing::Shares;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::fixture_json;
use crate::support::source_harness::{RpcNode, harness, word, word_of};

const TOKEN: &str = "0x5096db80b21ef45230c9e423c373f1fc9c0198dd";
const TREASURY: &str = "0x00000000219ab540356cBB839Cbe05303d7705Fa";
const TEAM: &str = "0xBE0eB53F46cd790Cd13851d5EFf43D12404d33E8";
const TOTAL_SUPPLY: &str = "0x18160ddd";
const DECIMALS: &str = "0x313ce567";

fn balance_of(wallet: &str) -> String {
    format!("0x70a08231{:0>64}", wallet[2..].to_ascii_lowercase())
}

fn query(decimals: Option<u8>, wallets: &[&str]) -> TokenQuery {
    TokenQuery {
        contract: ChainContract {
            chain: "ethereum".into(),
            contract: TOKEN.into(),
            decimals,
            native: true,
        },
        wallets: wallets
            .iter()
            .enumerate()
            .map(|(n, address)| ExcludedWallet {
                chain: "ethereum".into(),
                address: (*address).into(),
                label: format!("wallet {n}"),
                until: None,
                staked: None,
                staking_rewards_circulate: false,
            })
            .collect(),
    }
}

/// The node of a token with 18 decimals, 318,421,502 tokens and two wallets holding some.
fn wemix_node() -> RpcNode {
    RpcNode::new()
        .eth_call(TOKEN, DECIMALS, word(18))
        .eth_call(TOKEN, TOTAL_SUPPLY, word_of("318421502000000000000000000"))
        .eth_call(
            TOKEN,
            &balance_of(TREASURY),
            word_of("72454705000000000000000001"),
        )
        .eth_call(TOKEN, &balance_of(TEAM), word(0))
}

async fn node(script: RpcNode) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(script)
        .mount(&server)
        .await;
    server
}

fn revert() -> Value {
    fixture_json("evm/eth_call_revert.json")
}

#[tokio::test]
async fn supply_decimals_and_balances_are_exact_uint256_with_provenance() {
    let server = node(wemix_node()).await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(
        &harness.http,
        &[query(Some(18), &[TREASURY, TEAM])],
        Shares::none(),
    )
    .await;

    let reading = &readings[0];
    assert_eq!(reading.chain_decimals, Ok(18));
    assert_eq!(reading.decimals_mismatch(), None);
    let supply = reading.supply.as_ref().unwrap();
    assert_eq!(
        supply,
        &ChainSupply {
            chain: "ethereum".into(),
            contract: TOKEN.into(),
            native: true,
            total_supply: "318421502".parse().unwrap(),
            decimals: 18,
            req: supply.req,
        }
    );
    let treasury = reading.balances[0].as_ref().unwrap();
    assert_eq!(
        treasury,
        &WalletBalance {
            chain: "ethereum".into(),
            address: TREASURY.into(),
            label: "wallet 0".into(),
            until: None,
            balance: "72454705.000000000000000001".parse().unwrap(),
            req: supply.req,
        }
    );
    assert_eq!(reading.balances[1].as_ref().unwrap().balance, Amount::ZERO);
    let request = &harness.http.requests()[supply.req as usize];
    assert_eq!(request.source, "ethereum");
    // The four calls went packed into one Multicall3 aggregate3 call.
    assert_eq!(
        request.endpoint,
        format!("POST {} eth_call (id 0)", server.uri())
    );
    assert_eq!(packed_calls(&server).await, [4]);
}

#[tokio::test]
async fn batch_answers_in_reverse_order_are_matched_to_their_calls_by_id() {
    // The scripted node answers every batch back to front; distinct values show any mix-up.
    let server = node(
        RpcNode::new()
            .eth_call(TOKEN, DECIMALS, word(6))
            .eth_call(TOKEN, TOTAL_SUPPLY, word(1_000_000_000))
            .eth_call(TOKEN, &balance_of(TREASURY), word(250_000_000))
            .eth_call(TOKEN, &balance_of(TEAM), word(7)),
    )
    .await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(
        &harness.http,
        &[query(None, &[TREASURY, TEAM])],
        Shares::none(),
    )
    .await;

    let reading = &readings[0];
    assert_eq!(reading.chain_decimals, Ok(6));
    assert_eq!(
        reading.supply.as_ref().unwrap().total_supply.to_string(),
        "1000"
    );
    assert_eq!(
        reading.balances[0].as_ref().unwrap().balance.to_string(),
        "250"
    );
    assert_eq!(
        reading.balances[1].as_ref().unwrap().balance.to_string(),
        "0.000007"
    );
}

#[tokio::test]
async fn one_failing_element_fails_its_call_and_the_rest_of_the_batch_stands() {
    let server = node(wemix_node().eth_call(
        TOKEN,
        &balance_of(TEAM),
        json!({"error": {"code": -32000, "message": "header not found"}}),
    ))
    .await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(
        &harness.http,
        &[query(None, &[TREASURY, TEAM])],
        Shares::none(),
    )
    .await;

    let reading = &readings[0];
    assert!(reading.supply.is_ok());
    assert!(reading.balances[0].is_ok());
    let error = reading.balances[1].as_ref().unwrap_err();
    assert!(matches!(error, ChainError::Call { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "ethereum: balanceOf({TEAM}) of {TOKEN} failed: node error -32000: header not found"
        )
    );
}

#[tokio::test]
async fn a_call_refused_for_the_nodes_rate_limit_is_sent_again() {
    let server = MockServer::start().await;
    let limited = wemix_node().eth_call(
        TOKEN,
        &balance_of(TEAM),
        json!({"error": {"code": -32005, "message": "limit exceeded"}}),
    );
    Mock::given(method("POST"))
        .respond_with(limited)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(wemix_node())
        .mount(&server)
        .await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(
        &harness.http,
        &[query(None, &[TREASURY, TEAM])],
        Shares::none(),
    )
    .await;

    assert!(
        readings[0].balances[1].is_ok(),
        "{:?}",
        readings[0].balances[1]
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "the batch, then the refused call alone"
    );
}

#[tokio::test]
async fn a_reverting_total_supply_is_an_error_naming_contract_and_chain() {
    let server = node(wemix_node().eth_call(TOKEN, TOTAL_SUPPLY, revert())).await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings =
        evm::read_tokens(&harness.http, &[query(None, &[TREASURY])], Shares::none()).await;

    let error = readings[0].supply.as_ref().unwrap_err();
    assert_eq!(
        error,
        &ChainError::Reverted {
            chain: "ethereum".into(),
            contract: TOKEN.into(),
            call: "totalSupply()".into(),
            message: "execution reverted: user error".into(),
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "ethereum: totalSupply() of contract {TOKEN} reverted (execution reverted: user error); check that {TOKEN} is the token's contract on ethereum"
        )
    );
    assert!(readings[0].balances[0].is_ok(), "the balance still stands");
}

#[tokio::test]
async fn a_short_word_is_an_error_naming_its_length() {
    let short = fixture_json("evm/eth_call_success.json");
    let server = node(wemix_node().eth_call(TOKEN, TOTAL_SUPPLY, short)).await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(&harness.http, &[query(None, &[])], Shares::none()).await;

    let error = readings[0].supply.as_ref().unwrap_err();
    assert!(
        matches!(error, ChainError::MalformedWord { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "ethereum: totalSupply() of contract {TOKEN} answered 2 bytes (0xffee) instead of one 32-byte word; check that {TOKEN} is an ERC-20 contract on ethereum"
        )
    );
}

#[tokio::test]
async fn an_empty_answer_says_there_is_no_contract_at_the_address() {
    let server = node(wemix_node().eth_call(TOKEN, TOTAL_SUPPLY, json!({"result": "0x"}))).await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(&harness.http, &[query(None, &[])], Shares::none()).await;

    let message = readings[0].supply.as_ref().unwrap_err().to_string();
    assert!(message.contains("no contract at this address"), "{message}");
}

#[tokio::test]
async fn declared_decimals_that_disagree_with_the_chain_are_reported_with_both() {
    let server = node(wemix_node()).await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(&harness.http, &[query(Some(8), &[])], Shares::none()).await;

    assert_eq!(
        readings[0].decimals_mismatch(),
        Some(DecimalsMismatch {
            declared: 8,
            on_chain: 18
        })
    );
    assert_eq!(
        readings[0].supply.as_ref().unwrap().decimals,
        18,
        "amounts use the chain's decimals"
    );
}

#[tokio::test]
async fn without_decimals_from_chain_or_descriptor_the_supply_cannot_be_scaled() {
    let server = node(wemix_node().eth_call(TOKEN, DECIMALS, revert())).await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(&harness.http, &[query(None, &[])], Shares::none()).await;

    assert!(matches!(
        readings[0].chain_decimals,
        Err(ChainError::Reverted { .. })
    ));
    assert!(matches!(
        readings[0].supply,
        Err(ChainError::DecimalsUnknown { .. })
    ));
}

#[tokio::test]
async fn declared_decimals_scale_the_supply_when_decimals_reverts() {
    let server = node(wemix_node().eth_call(TOKEN, DECIMALS, revert())).await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(&harness.http, &[query(Some(18), &[])], Shares::none()).await;

    assert_eq!(
        readings[0].supply.as_ref().unwrap().total_supply,
        "318421502".parse().unwrap()
    );
}

/// The number of calls each `aggregate3` request to `server` packed, in the order received.
async fn packed_calls(server: &MockServer) -> Vec<usize> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .flat_map(|request| serde_json::from_slice::<Vec<Value>>(&request.body).unwrap())
        .filter_map(|call| {
            let data = call["params"][0]["data"].as_str()?;
            listingcheck::source::multicall::decode_call(data).map(|calls| calls.len())
        })
        .collect()
}

/// The sizes of the JSON-RPC batches `server` received, smallest first.
async fn batch_sizes(server: &MockServer) -> Vec<usize> {
    let mut sizes: Vec<usize> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| {
            serde_json::from_slice::<Vec<Value>>(&request.body)
                .unwrap()
                .len()
        })
        .collect();
    sizes.sort_unstable();
    sizes
}

/// A token with `count` excluded wallets, each holding one unit, and the node that knows them.
fn many_wallets(count: u8) -> (Vec<String>, RpcNode) {
    let wallets: Vec<String> = (0..count)
        .map(|n| format!("0x{:040x}", u64::from(n) + 1))
        .collect();
    let mut script = wemix_node();
    for wallet in &wallets {
        script = script.eth_call(TOKEN, &balance_of(wallet), word(1));
    }
    (wallets, script)
}

#[tokio::test]
async fn the_calls_of_a_chain_go_packed_into_one_multicall3_request() {
    let (wallets, script) = many_wallets(30);
    let server = node(script).await;
    let harness = harness(&[("ethereum", server.uri())]);
    let wallet_refs: Vec<&str> = wallets.iter().map(String::as_str).collect();

    let readings =
        evm::read_tokens(&harness.http, &[query(None, &wallet_refs)], Shares::none()).await;

    assert!(readings[0].balances.iter().all(Result::is_ok));
    assert_eq!(batch_sizes(&server).await, [1], "one request, one call");
    assert_eq!(packed_calls(&server).await, [32], "2 + 30 wallets");
}

#[tokio::test]
async fn a_chain_without_multicall3_gets_the_calls_in_plain_batches() {
    let (wallets, script) = many_wallets(30);
    let server = node(script.without_multicall()).await;
    let harness = harness(&[("ethereum", server.uri())]);
    let wallet_refs: Vec<&str> = wallets.iter().map(String::as_str).collect();

    let readings =
        evm::read_tokens(&harness.http, &[query(None, &wallet_refs)], Shares::none()).await;

    assert!(readings[0].balances.iter().all(Result::is_ok));
    assert_eq!(
        readings[0].supply.as_ref().unwrap().total_supply,
        "318421502".parse().unwrap()
    );
    assert_eq!(
        batch_sizes(&server).await,
        [1, 12, evm::BATCH_SIZE],
        "the aggregate3 that found no contract, then 32 calls in batches of 20"
    );
}

#[tokio::test]
async fn a_batch_the_node_refuses_whole_fails_each_of_its_calls() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32600, "message": "batch too large"}}),
        ))
        .mount(&server)
        .await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(
        &harness.http,
        &[query(Some(18), &[TREASURY])],
        Shares::none(),
    )
    .await;

    for error in [
        readings[0].supply.as_ref().unwrap_err(),
        readings[0].balances[0].as_ref().unwrap_err(),
    ] {
        assert!(error.to_string().contains("batch too large"), "{error}");
    }
}

#[tokio::test]
async fn a_contract_on_an_unconfigured_chain_is_an_error_saying_what_to_add() {
    let harness = harness(&[]);
    let mut token = query(None, &[]);
    token.contract.chain = "moonchain".into();

    let readings = evm::read_tokens(&harness.http, &[token], Shares::none()).await;

    let message = readings[0].supply.as_ref().unwrap_err().to_string();
    assert!(message.contains("[sources.moonchain]"), "{message}");
    assert!(message.contains("kind = \"evm\""), "{message}");
}

#[tokio::test]
async fn a_malformed_wallet_address_fails_that_wallet_without_a_call() {
    let server = node(wemix_node()).await;
    let harness = harness(&[("ethereum", server.uri())]);

    let readings = evm::read_tokens(
        &harness.http,
        &[query(None, &[TREASURY, "0x1234"])],
        Shares::none(),
    )
    .await;

    assert!(readings[0].balances[0].is_ok());
    let message = readings[0].balances[1].as_ref().unwrap_err().to_string();
    assert!(
        message.contains("`0x1234` is not a valid EVM address"),
        "{message}"
    );
    assert_eq!(
        packed_calls(&server).await,
        [3],
        "decimals, supply, the good wallet"
    );
}

/// The methods and ids of the first request `server` received.
async fn first_request(server: &MockServer) -> Vec<(String, u64)> {
    let requests = server.received_requests().await.unwrap();
    let batch: Value = serde_json::from_slice(&requests[0].body).unwrap();
    batch
        .as_array()
        .unwrap()
        .iter()
        .map(|call| {
            (
                call["method"].as_str().unwrap().to_owned(),
                call["id"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_supply_reads_and_the_first_powers_round_go_in_one_request() {
    let server = node(wemix_node()).await;
    let harness = harness(&[("ethereum", server.uri())]);
    let token = query(None, &[TREASURY, TEAM]);
    let (supply, powers) = Shares::pair(["ethereum".to_owned()]);

    let (readings, _) = tokio::join!(
        evm::read_tokens(&harness.http, std::slice::from_ref(&token), supply),
        listingcheck::source::powers::evm::read(
            &harness.http,
            std::slice::from_ref(&token.contract),
            powers
        ),
    );

    let supply = readings[0].supply.as_ref().unwrap();
    assert_eq!(supply.total_supply, "318421502".parse().unwrap());
    // One aggregate3 carries the supply's four calls and the powers' two (owner, role count);
    // the three proxy slots go beside it, the ids of one send running on from the supply's.
    assert_eq!(
        first_request(&server).await,
        vec![
            ("eth_call".to_owned(), 0),
            ("eth_getStorageAt".to_owned(), 1),
            ("eth_getStorageAt".to_owned(), 2),
            ("eth_getStorageAt".to_owned(), 3),
        ]
    );
}

#[tokio::test]
async fn whichever_reader_comes_first_the_shared_request_is_the_same() {
    let mut requests = Vec::new();
    for supply_first in [true, false] {
        let server = node(wemix_node()).await;
        let harness = harness(&[("ethereum", server.uri())]);
        let token = query(None, &[TREASURY]);
        let (supply, powers) = Shares::pair(["ethereum".to_owned()]);
        let read_supply = evm::read_tokens(&harness.http, std::slice::from_ref(&token), supply);
        let read_powers = listingcheck::source::powers::evm::read(
            &harness.http,
            std::slice::from_ref(&token.contract),
            powers,
        );
        let (supply, powers) = if supply_first {
            tokio::join!(read_supply, read_powers)
        } else {
            let (powers, supply) = tokio::join!(read_powers, read_supply);
            (supply, powers)
        };
        let received = server.received_requests().await.unwrap();
        let first = String::from_utf8(received[0].body.clone()).unwrap();
        requests.push((first, supply, powers));
    }
    // The same request, and each reader its own answers.
    assert_eq!(requests[0], requests[1]);
    let (_, supply, powers) = &requests[0];
    assert_eq!(
        supply[0].supply.as_ref().unwrap().total_supply,
        "318421502".parse().unwrap()
    );
    assert_eq!(powers[0].powers.contract, TOKEN);
}

#[tokio::test]
async fn a_reader_with_nothing_for_a_chain_does_not_hold_the_other_back() {
    let server = node(wemix_node()).await;
    let harness = harness(&[("ethereum", server.uri())]);
    let (supply, powers) = Shares::pair(["ethereum".to_owned()]);
    let tokens = [query(None, &[TREASURY])];

    let read = async {
        tokio::join!(
            evm::read_tokens(&harness.http, &tokens, supply),
            listingcheck::source::powers::evm::read(&harness.http, &[], powers),
        )
    };
    // A reader left waiting would never finish: the limit turns that into a failure.
    let (readings, powers) = tokio::time::timeout(std::time::Duration::from_secs(30), read)
        .await
        .expect("the supply reads went alone");

    assert!(powers.is_empty());
    assert!(readings[0].supply.is_ok(), "{:?}", readings[0].supply);
    assert_eq!(
        first_request(&server).await,
        vec![("eth_call".to_owned(), 0)]
    );
}
