//! Identical calls in flight at once share one request.

use std::time::Duration;

use listingcheck::inputs::config::SourceKind;
use listingcheck::source::http::Call;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer};

use crate::support::{json, received};
use crate::{Setup, source};

#[tokio::test]
async fn identical_concurrent_calls_share_one_request() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/coins/list"))
        .respond_with(json(200, "[]").set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let setup = Setup::new(&[("coingecko", source(SourceKind::Coingecko, &server))]);
    let http = setup.http();
    let call = Call::get("coingecko", "/api/v3/coins/list");

    let (a, b, c) = tokio::join!(http.fetch(&call), http.fetch(&call), http.fetch(&call));

    let reqs = [a.unwrap().req, b.unwrap().req, c.unwrap().req];
    assert_eq!(reqs, [0, 0, 0]);
    assert_eq!(received(&server).await, 1);
    assert_eq!(http.requests().len(), 1);
    assert_eq!(http.stats()["coingecko"].shared, 2);
}
