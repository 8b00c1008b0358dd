//! Etherscan V2 through the real HTTP layer. The bodies are those of Etherscan's API reference
//! (docs.etherscan.io, "Get ERC20-Token TotalSupply by ContractAddress": `{"status":"1",
//! "message":"OK","result":"21265524714464"}`) and its documented error form, `status "0"` with
//! `NOTOK` in an HTTP 200.

use listingcheck::inputs::asset::ChainContract;
use listingcheck::source::SourceError;
use listingcheck::source::etherscan;
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::fixture;
use crate::support::source_harness::harness;

const CONTRACT: &str = "0x57d90b64a1a57749b0f932f1a3395792e12e7055";

fn contract() -> ChainContract {
    ChainContract {
        chain: "ethereum".into(),
        contract: CONTRACT.into(),
        decimals: Some(6),
        native: true,
    }
}

#[tokio::test]
async fn token_supply_is_read_exactly_from_raw_units_with_provenance() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/api"))
        .and(query_param("chainid", "1"))
        .and(query_param("module", "stats"))
        .and(query_param("action", "tokensupply"))
        .and(query_param("contractaddress", CONTRACT))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(fixture("etherscan/tokensupply.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let harness = harness(&[("etherscan", server.uri())]);

    let supply = etherscan::total_supply(&harness.http, &contract(), 6)
        .await
        .unwrap();

    assert_eq!(supply.total_supply, "21265524.714464".parse().unwrap());
    assert_eq!((supply.chain.as_str(), supply.decimals), ("ethereum", 6));
    let request = &harness.http.requests()[supply.req as usize];
    assert_eq!(request.source, "etherscan");
    assert!(
        request.endpoint.starts_with(&format!(
            "{}/v2/api?chainid=1&module=stats&action=tokensupply&contractaddress={CONTRACT}",
            server.uri()
        )),
        "{}",
        request.endpoint
    );
    assert!(!request.endpoint.contains("apikey"), "{}", request.endpoint);
}

#[tokio::test]
async fn status_0_in_http_200_is_an_api_error_with_the_message() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/api"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("etherscan/tokensupply_invalid_key.json")),
        )
        .mount(&server)
        .await;
    let harness = harness(&[("etherscan", server.uri())]);

    let error = etherscan::total_supply(&harness.http, &contract(), 6)
        .await
        .unwrap_err();

    let SourceError::Api { message, .. } = &error else {
        panic!("an API error: {error:?}");
    };
    assert!(message.contains("Missing/Invalid API Key"), "{message}");
}

#[tokio::test]
async fn the_chain_id_comes_from_the_contracts_chain_source() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/api"))
        .and(query_param("chainid", "8453"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(fixture("etherscan/tokensupply.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let harness = harness(&[("etherscan", server.uri())]);
    let mut on_base = contract();
    on_base.chain = "base".into();

    let supply = etherscan::total_supply(&harness.http, &on_base, 6)
        .await
        .unwrap();

    assert_eq!(supply.chain, "base");
}
