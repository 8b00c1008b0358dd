//! Upbit's ban (HTTP 418) and its `Remaining-Req` header.

use std::time::Duration;

use listingcheck::exchange::Exchange;
use listingcheck::inputs::config::SourceKind;
use listingcheck::source::http::{Call, SourceError};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::received;
use crate::{Arrivals, Setup, source};

#[tokio::test]
async fn http_418_stops_the_source_for_the_rest_of_the_run() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(418))
        .mount(&server)
        .await;
    let setup = Setup::new(&[(
        "upbit",
        source(SourceKind::Exchange(Exchange::Upbit), &server),
    )]);
    let http = setup.http();

    let first = http
        .fetch(&Call::get("upbit", "/v1/ticker"))
        .await
        .unwrap_err();
    let second = http
        .fetch(&Call::get("upbit", "/v1/market/all"))
        .await
        .unwrap_err();

    assert!(matches!(first, SourceError::Banned { .. }), "{first:?}");
    assert!(matches!(second, SourceError::Banned { .. }), "{second:?}");
    assert_eq!(
        received(&server).await,
        1,
        "the second call must not reach the server"
    );
}

#[tokio::test]
async fn remaining_req_sec_0_delays_the_next_call_to_the_next_second() {
    let server = MockServer::start().await;
    let arrivals = Arrivals::with_header("remaining-req", "group=market; min=1800; sec=0");
    Mock::given(method("GET"))
        .respond_with(arrivals.clone())
        .mount(&server)
        .await;
    let setup = Setup::new(&[(
        "upbit",
        source(SourceKind::Exchange(Exchange::Upbit), &server),
    )]);
    let http = setup.http();

    http.fetch(&Call::get("upbit", "/v1/ticker?markets=KRW-BTC"))
        .await
        .unwrap();
    http.fetch(&Call::get("upbit", "/v1/ticker?markets=KRW-ETH"))
        .await
        .unwrap();

    let at = arrivals.instants();
    assert!(
        at[1] - at[0] >= Duration::from_secs(1),
        "{:?}",
        at[1] - at[0]
    );
}
