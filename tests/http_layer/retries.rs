//! Retries: what the layer retries (429 with `Retry-After`, 5xx, timeouts, connection errors),
//! how long it waits, what it reports when retries run out, and when a source is down for the run.

use std::time::{Duration, Instant};

use listingcheck::exchange::Exchange;
use listingcheck::inputs::config::SourceKind;
use listingcheck::source::http::{Call, SourceError};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{json, received};
use crate::{Setup, keyed, source};

#[tokio::test]
async fn http_429_with_retry_after_is_retried_after_the_advertised_delay() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/coins/markets"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/coins/markets"))
        .respond_with(json(200, "[]"))
        .mount(&server)
        .await;
    let setup = Setup::new(&[("coingecko", source(SourceKind::Coingecko, &server))]);
    let http = setup.http();

    let started = Instant::now();
    let answer = http
        .fetch(&Call::get("coingecko", "/api/v3/coins/markets"))
        .await
        .unwrap();

    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(answer.body, b"[]");
    assert_eq!(received(&server).await, 2);
    let stats = &http.stats()["coingecko"];
    assert_eq!(
        (stats.requests, stats.retries, stats.too_many_requests),
        (2, 1, 1)
    );
}

#[tokio::test]
async fn http_429_with_an_http_date_retry_after_waits_until_that_date() {
    let server = MockServer::start().await;
    let in_two_seconds = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&(jiff::Timestamp::now() + jiff::SignedDuration::from_secs(2)))
        .unwrap();
    Mock::given(path("/v2/tickers"))
        .respond_with(
            ResponseTemplate::new(429).insert_header("retry-after", in_two_seconds.as_str()),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v2/tickers"))
        .respond_with(json(200, r#"{"success":true,"data":[]}"#))
        .mount(&server)
        .await;
    let setup = Setup::new(&[(
        "korbit",
        source(SourceKind::Exchange(Exchange::Korbit), &server),
    )]);

    let started = Instant::now();
    setup
        .http()
        .fetch(&Call::get("korbit", "/v2/tickers"))
        .await
        .unwrap();

    // The date has one-second resolution: at least one full second is left of the two.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_5xx_then_a_success_is_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/ticker"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/ticker"))
        .respond_with(json(200, "[]"))
        .mount(&server)
        .await;
    let setup = Setup::new(&[(
        "upbit",
        source(SourceKind::Exchange(Exchange::Upbit), &server),
    )]);
    let http = setup.http();

    let answer = http.fetch(&Call::get("upbit", "/v1/ticker")).await.unwrap();

    assert_eq!(answer.body, b"[]");
    assert_eq!(received(&server).await, 2);
    assert_eq!(http.stats()["upbit"].retries, 1);
}

#[tokio::test]
async fn a_timeout_then_a_success_is_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/ticker"))
        .respond_with(json(200, "[]").set_delay(Duration::from_secs(3)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/ticker"))
        .respond_with(json(200, "[1]"))
        .mount(&server)
        .await;
    let mut setup = Setup::new(&[(
        "upbit",
        source(SourceKind::Exchange(Exchange::Upbit), &server),
    )]);
    setup.config.http.timeout_secs = 1;

    let answer = setup
        .http()
        .fetch(&Call::get("upbit", "/v1/ticker"))
        .await
        .unwrap();

    assert_eq!(answer.body, b"[1]");
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn exhausted_retries_give_the_error_with_the_retry_count() {
    let server = MockServer::start().await;
    Mock::given(path("/public/v2/markets/KRW"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let mut setup = Setup::new(&[(
        "coinone",
        source(SourceKind::Exchange(Exchange::Coinone), &server),
    )]);
    setup.config.http.max_retries = 2;

    let error = setup
        .http()
        .fetch(&Call::get("coinone", "/public/v2/markets/KRW"))
        .await
        .unwrap_err();

    assert!(
        matches!(
            error,
            SourceError::Http {
                status: 500,
                retries: 2,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("retried 2 times"), "{error}");
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn a_source_failing_three_calls_in_a_row_is_down_for_the_rest_of_the_run() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let mut setup = Setup::new(&[(
        "coinone",
        source(SourceKind::Exchange(Exchange::Coinone), &server),
    )]);
    setup.config.http.max_retries = 1;
    let http = setup.http();

    let mut errors = Vec::new();
    for market in ["KRW", "BTC", "ETH", "USDT", "XRP"] {
        let call = Call::get("coinone", format!("/public/v2/markets/{market}"));
        errors.push(http.fetch(&call).await.unwrap_err());
    }

    for error in &errors[..3] {
        assert!(
            matches!(error, SourceError::Http { status: 503, .. }),
            "{error:?}"
        );
    }
    for error in &errors[3..] {
        assert_eq!(
            *error,
            SourceError::Down {
                source_name: "coinone".into(),
                calls: 3
            }
        );
    }
    assert!(
        errors[3]
            .to_string()
            .contains("coinone is down for the rest of this run")
    );
    assert_eq!(
        received(&server).await,
        6,
        "three calls of two attempts each, then none"
    );
}

#[tokio::test]
async fn an_answer_between_failures_keeps_the_source_up() {
    let server = MockServer::start().await;
    Mock::given(path("/up"))
        .respond_with(json(200, "[]"))
        .mount(&server)
        .await;
    Mock::given(path("/down"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let mut setup = Setup::new(&[(
        "gopax",
        source(SourceKind::Exchange(Exchange::Gopax), &server),
    )]);
    setup.config.http.max_retries = 0;
    let http = setup.http();

    for path in ["/down", "/down", "/up", "/down", "/down", "/up"] {
        let outcome = http.fetch(&Call::get("gopax", path)).await;
        assert!(
            !matches!(outcome, Err(SourceError::Down { .. })),
            "{outcome:?}"
        );
    }
}

#[tokio::test]
async fn refusals_that_are_not_outages_never_put_a_source_down() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let setup = Setup::new(&[(
        "gopax",
        source(SourceKind::Exchange(Exchange::Gopax), &server),
    )]);
    let http = setup.http();

    for _ in 0..5 {
        let error = http
            .fetch(&Call::get("gopax", "/trading-pairs/NOPE-KRW/stats"))
            .await
            .unwrap_err();
        assert!(
            matches!(error, SourceError::Http { status: 404, .. }),
            "{error:?}"
        );
    }
}

#[tokio::test]
async fn a_4xx_other_than_429_is_not_retried_and_says_what_the_api_said() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/cryptocurrency/quotes/latest"))
        .respond_with(ResponseTemplate::new(401).set_body_string(
            r#"{"status":{"error_code":1001,"error_message":"This API Key is invalid."}}"#,
        ))
        .mount(&server)
        .await;
    let setup = Setup::new(&[(
        "coinmarketcap",
        keyed(source(SourceKind::Coinmarketcap, &server)),
    )]);

    let error = setup
        .http()
        .fetch(&Call::get(
            "coinmarketcap",
            "/v2/cryptocurrency/quotes/latest",
        ))
        .await
        .unwrap_err();

    assert!(
        matches!(
            error,
            SourceError::Http {
                status: 401,
                retries: 0,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("This API Key is invalid."),
        "{error}"
    );
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_connection_error_is_retried_and_reported_with_the_count() {
    // A port that nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let mut settings = source(
        SourceKind::Exchange(Exchange::Gopax),
        &MockServer::start().await,
    );
    settings.base_url = format!("http://{address}");
    let mut setup = Setup::new(&[("gopax", settings)]);
    setup.config.http.max_retries = 1;
    let http = setup.http();

    let error = http
        .fetch(&Call::get("gopax", "/trading-pairs"))
        .await
        .unwrap_err();

    assert!(
        matches!(error, SourceError::Network { retries: 1, .. }),
        "{error:?}"
    );
    assert_eq!(http.stats()["gopax"].requests, 2);
}
