//! Errors inside HTTP 200: each API's way of saying it failed in a successful answer is an API
//! error, and a rate-limit message among them is retried like a 429.

use std::time::{Duration, Instant};

use listingcheck::exchange::Exchange;
use listingcheck::inputs::config::{RateLimit, SourceKind};
use listingcheck::source::http::{CacheClass, Call, SourceError};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::support::json;
use crate::{Setup, contains, keyed, source};

/// Serves `body` with HTTP 200 to a source of `kind` and returns the error the layer made of it.
async fn error_in_200(kind: SourceKind, body: &str) -> SourceError {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, body))
        .mount(&server)
        .await;
    let setup = Setup::new(&[("api", keyed(source(kind, &server)))]);
    let http = setup.http();
    let call = Call::get("api", "/endpoint").cached(CacheClass::CoinList);
    let error = http.fetch(&call).await.unwrap_err();
    assert!(http.requests().is_empty(), "an error is not an answer");
    assert!(
        !setup.cache_dir().join("http").exists(),
        "an error must never be cached"
    );
    error
}

fn api_message(error: &SourceError) -> &str {
    match error {
        SourceError::Api { message, .. } => message,
        other => panic!("expected SourceError::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn bithumb_legacy_status_other_than_0000_is_an_api_error() {
    let error = error_in_200(
        SourceKind::Exchange(Exchange::Bithumb),
        r#"{"status":"5600","message":"Please try again"}"#,
    )
    .await;
    assert_eq!(api_message(&error), "error 5600: Please try again");
}

#[tokio::test]
async fn bithumb_v1_error_object_is_an_api_error() {
    let error = error_in_200(
        SourceKind::Exchange(Exchange::Bithumb),
        r#"{"error":{"name":"invalid_parameter","message":"market is invalid"}}"#,
    )
    .await;
    assert_eq!(
        api_message(&error),
        "error invalid_parameter: market is invalid"
    );
}

#[tokio::test]
async fn upbit_error_object_is_an_api_error() {
    let error = error_in_200(
        SourceKind::Exchange(Exchange::Upbit),
        r#"{"error":{"name":404,"message":"Code not found"}}"#,
    )
    .await;
    assert_eq!(api_message(&error), "error 404: Code not found");
}

#[tokio::test]
async fn coinone_result_error_is_an_api_error() {
    let error = error_in_200(
        SourceKind::Exchange(Exchange::Coinone),
        r#"{"result":"error","error_code":"107","error_msg":"Parameter error"}"#,
    )
    .await;
    assert_eq!(api_message(&error), "error 107: Parameter error");
}

#[tokio::test]
async fn korbit_success_false_is_an_api_error() {
    let error = error_in_200(
        SourceKind::Exchange(Exchange::Korbit),
        r#"{"success":false,"error":{"code":"INVALID_SYMBOL","message":"symbol not found"}}"#,
    )
    .await;
    assert_eq!(
        api_message(&error),
        "error INVALID_SYMBOL: symbol not found"
    );
}

#[tokio::test]
async fn coinmarketcap_status_error_code_is_an_api_error() {
    let error = error_in_200(
        SourceKind::Coinmarketcap,
        r#"{"status":{"timestamp":"2024-01-08T00:00:00.000Z","error_code":400,"error_message":"Invalid value for \"id\"","elapsed":0,"credit_count":0}}"#,
    )
    .await;
    assert_eq!(api_message(&error), r#"error 400: Invalid value for "id""#);
}

#[tokio::test]
async fn coingecko_status_error_code_is_an_api_error() {
    let error = error_in_200(
        SourceKind::Coingecko,
        r#"{"status":{"error_code":10005,"error_message":"This request is limited to PRO API subscribers"}}"#,
    )
    .await;
    assert_eq!(
        api_message(&error),
        "error 10005: This request is limited to PRO API subscribers"
    );
}

#[tokio::test]
async fn etherscan_status_0_is_an_api_error_with_the_cause_from_result() {
    let error = error_in_200(
        SourceKind::Etherscan,
        r#"{"status":"0","message":"NOTOK","result":"Error! Invalid contract address format"}"#,
    )
    .await;
    assert_eq!(
        api_message(&error),
        "Error! Invalid contract address format"
    );
}

#[tokio::test]
async fn a_json_rpc_error_object_is_an_api_error() {
    let error = error_in_200(
        SourceKind::Evm,
        r#"{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted","data":"0x"}}"#,
    )
    .await;
    assert_eq!(api_message(&error), "error 3: execution reverted");
}

#[tokio::test]
async fn a_json_rpc_batch_with_a_failed_element_is_an_answer() {
    let server = MockServer::start().await;
    let body = r#"[{"jsonrpc":"2.0","id":1,"result":"0x12"},{"jsonrpc":"2.0","id":2,"error":{"code":3,"message":"execution reverted"}}]"#;
    Mock::given(method("POST"))
        .respond_with(json(200, body))
        .mount(&server)
        .await;
    let setup = Setup::new(&[("ethereum", source(SourceKind::Evm, &server))]);
    let batch = serde_json::json!([
        {"jsonrpc": "2.0", "id": 1, "method": "eth_call", "params": []},
        {"jsonrpc": "2.0", "id": 2, "method": "eth_call", "params": []},
    ]);

    let answer = setup
        .http()
        .fetch(&Call::post_json("ethereum", "", &batch))
        .await
        .unwrap();

    assert_eq!(answer.body, body.as_bytes());
    assert!(
        answer.request.endpoint.ends_with("eth_call ×2 (ids 1–2)"),
        "{}",
        answer.request.endpoint
    );
}

#[tokio::test]
async fn a_rate_limited_error_in_200_is_retried_like_a_429() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/api"))
        .respond_with(json(
            200,
            r#"{"status":"0","message":"NOTOK","result":"Max rate limit reached"}"#,
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v2/api"))
        .respond_with(json(
            200,
            r#"{"status":"1","message":"OK","result":"1000"}"#,
        ))
        .mount(&server)
        .await;
    let mut etherscan = keyed(source(SourceKind::Etherscan, &server));
    etherscan.rate_limit = RateLimit::per_second(3);
    let setup = Setup::new(&[("etherscan", etherscan)]);
    let http = setup.http();

    let started = Instant::now();
    let answer = http
        .fetch(&Call::get(
            "etherscan",
            "/v2/api?chainid=1&module=stats&action=tokensupply",
        ))
        .await
        .unwrap();

    assert!(contains(&answer.body, "1000"));
    // Without a Retry-After, the source pauses for one window of its rate limit.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let stats = &http.stats()["etherscan"];
    assert_eq!((stats.rate_limited_answers, stats.retries), (1, 1));
}
