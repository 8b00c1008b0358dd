//! API keys: sent on the wire, but never recorded, logged, cached or put in an error; a missing
//! key fails before any request.

use std::path::Path;
use std::sync::{Arc, Mutex};

use listingcheck::inputs::config::{RateLimit, SourceKind};
use listingcheck::source::http::{CacheClass, Call, SourceError};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{json, received};
use crate::{KEY, Setup, contains, keyed, source};

/// Every byte of every file under `dir`.
fn all_bytes_under(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            bytes.extend(all_bytes_under(&path));
        } else {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    bytes
}

/// Log lines written while the guard lives (this thread only: tokio tests run on one).
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn capture() -> (Logs, tracing::subscriber::DefaultGuard) {
        let logs = Logs::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        (logs, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[tokio::test]
async fn a_header_key_is_sent_but_never_recorded_logged_cached_or_put_in_errors() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/cryptocurrency/map"))
        .and(header("X-CMC_PRO_API_KEY", KEY))
        .respond_with(json(200, r#"{"status":{"error_code":0},"data":[]}"#))
        .mount(&server)
        .await;
    Mock::given(path("/v2/cryptocurrency/quotes/latest"))
        .and(header("X-CMC_PRO_API_KEY", KEY))
        .respond_with(json(
            200,
            &format!(
                r#"{{"status":{{"error_code":1001,"error_message":"API key {KEY} is invalid"}}}}"#
            ),
        ))
        .mount(&server)
        .await;
    let setup = Setup::new(&[(
        "coinmarketcap",
        keyed(source(SourceKind::Coinmarketcap, &server)),
    )]);
    let (logs, _guard) = Logs::capture();
    let http = setup.http();

    let answer = http
        .fetch(&Call::get("coinmarketcap", "/v2/cryptocurrency/map").cached(CacheClass::CoinList))
        .await
        .unwrap();
    let error = http
        .fetch(&Call::get(
            "coinmarketcap",
            "/v2/cryptocurrency/quotes/latest?id=1",
        ))
        .await
        .unwrap_err();

    assert!(!answer.request.endpoint.contains(KEY));
    assert!(!error.to_string().contains(KEY), "{error}");
    assert!(!format!("{error:?}").contains(KEY), "{error:?}");
    assert!(
        logs.text().contains("coinmarketcap"),
        "the requests were logged"
    );
    assert!(!logs.text().contains(KEY), "{}", logs.text());
    assert!(contains(
        &all_bytes_under(setup.cache_dir()),
        "cryptocurrency/map"
    ));
    assert!(!contains(&all_bytes_under(setup.cache_dir()), KEY));
}

#[tokio::test]
async fn a_query_key_is_sent_but_never_recorded_logged_cached_or_put_in_errors() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/api"))
        .and(query_param("apikey", KEY))
        .and(query_param("action", "tokensupply"))
        .respond_with(json(
            200,
            r#"{"status":"1","message":"OK","result":"1000"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(path("/v2/api"))
        .and(query_param("apikey", KEY))
        .and(query_param("action", "balance"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let mut etherscan = keyed(source(SourceKind::Etherscan, &server));
    etherscan.rate_limit = RateLimit::per_second(50);
    let mut setup = Setup::new(&[("etherscan", etherscan)]);
    setup.config.http.max_retries = 1;
    let (logs, _guard) = Logs::capture();
    let http = setup.http();

    let answer = http
        .fetch(
            &Call::get(
                "etherscan",
                "/v2/api?chainid=1&module=stats&action=tokensupply",
            )
            .cached(CacheClass::CoinList),
        )
        .await
        .unwrap();
    let error = http
        .fetch(&Call::get(
            "etherscan",
            "/v2/api?chainid=1&module=account&action=balance",
        ))
        .await
        .unwrap_err();

    assert_eq!(
        answer.request.endpoint,
        format!(
            "{}/v2/api?chainid=1&module=stats&action=tokensupply",
            server.uri()
        )
    );
    assert!(matches!(
        error,
        SourceError::Http {
            status: 502,
            retries: 1,
            ..
        }
    ));
    assert!(!error.to_string().contains(KEY), "{error}");
    assert!(logs.text().contains("retrying"), "the retry was logged");
    assert!(!logs.text().contains(KEY), "{}", logs.text());
    assert!(!contains(&all_bytes_under(setup.cache_dir()), KEY));
}

#[tokio::test]
async fn a_key_placeholder_in_base_url_is_filled_on_the_wire_only() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v2/{KEY}")))
        .respond_with(json(200, r#"{"jsonrpc":"2.0","id":0,"result":"0x1"}"#))
        .mount(&server)
        .await;
    let mut node = keyed(source(SourceKind::Evm, &server));
    node.base_url = format!("{}/v2/{{key}}", server.uri());
    node.chain_id = Some(1);
    let setup = Setup::new(&[("ethereum", node)]);
    let (logs, _guard) = Logs::capture();

    let answer = setup
        .http()
        .fetch(&Call::post_json(
            "ethereum",
            "",
            &serde_json::json!({"jsonrpc": "2.0", "id": 0, "method": "eth_chainId", "params": []}),
        ))
        .await
        .unwrap();

    assert!(
        answer.request.endpoint.contains("/v2/{key}"),
        "{}",
        answer.request.endpoint
    );
    assert!(!answer.request.endpoint.contains(KEY));
    let requests = server.received_requests().await.unwrap();
    assert!(!requests[0].headers.contains_key("authorization"));
    assert!(!logs.text().contains(KEY), "{}", logs.text());
}

#[tokio::test]
async fn a_key_placeholder_without_its_key_fails_before_any_request() {
    let server = MockServer::start().await;
    let mut node = source(SourceKind::Evm, &server);
    node.base_url = format!("{}/v2/{{key}}", server.uri());
    node.api_key_env = Some("UNSET_VARIABLE".into());
    let setup = Setup::new(&[("ethereum", node)]);

    let error = setup
        .http()
        .fetch(&Call::post_json("ethereum", "", &serde_json::json!({})))
        .await
        .unwrap_err();

    assert!(matches!(error, SourceError::MissingKey { .. }), "{error:?}");
    assert_eq!(received(&server).await, 0);
}

#[tokio::test]
async fn a_query_key_stays_out_of_connection_errors() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let mut etherscan = keyed(source(SourceKind::Etherscan, &MockServer::start().await));
    etherscan.base_url = format!("http://{address}");
    let mut setup = Setup::new(&[("etherscan", etherscan)]);
    setup.config.http.max_retries = 0;
    let (logs, _guard) = Logs::capture();

    let error = setup
        .http()
        .fetch(&Call::get("etherscan", "/v2/api?module=stats"))
        .await
        .unwrap_err();

    assert!(matches!(error, SourceError::Network { .. }), "{error:?}");
    assert!(!error.to_string().contains(KEY), "{error}");
    assert!(!logs.text().contains(KEY), "{}", logs.text());
}

#[tokio::test]
async fn an_answer_that_repeats_the_key_is_not_cached() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/coins/list"))
        .respond_with(json(200, &format!(r#"[{{"echo":"{KEY}"}}]"#)))
        .mount(&server)
        .await;
    let setup = Setup::new(&[("coingecko", keyed(source(SourceKind::Coingecko, &server)))]);

    setup
        .http()
        .fetch(&Call::get("coingecko", "/api/v3/coins/list").cached(CacheClass::CoinList))
        .await
        .unwrap();

    assert!(!setup.cache_dir().join("http").exists());
}

#[tokio::test]
async fn a_keyed_api_without_its_key_fails_before_any_request() {
    let server = MockServer::start().await;
    let mut cmc = source(SourceKind::Coinmarketcap, &server);
    cmc.api_key_env = Some("UNSET_VARIABLE".into());
    let setup = Setup::new(&[("coinmarketcap", cmc)]);

    let error = setup
        .http()
        .fetch(&Call::get("coinmarketcap", "/v2/cryptocurrency/map"))
        .await
        .unwrap_err();

    assert_eq!(
        error,
        SourceError::MissingKey {
            source_name: "coinmarketcap".into(),
            variable: "UNSET_VARIABLE".into()
        }
    );
    assert_eq!(received(&server).await, 0);
}

#[tokio::test]
async fn coingecko_without_its_key_is_called_keyless() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/ping"))
        .respond_with(json(200, r#"{"gecko_says":"(V3) To the Moon!"}"#))
        .mount(&server)
        .await;
    let mut coingecko = source(SourceKind::Coingecko, &server);
    coingecko.api_key_env = Some("UNSET_VARIABLE".into());
    let setup = Setup::new(&[("coingecko", coingecko)]);

    setup
        .http()
        .fetch(&Call::get("coingecko", "/api/v3/ping"))
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert!(!requests[0].headers.contains_key("x-cg-demo-api-key"));
}
