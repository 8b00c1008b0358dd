//! The cross-run cache: what is served from it, for how long, and what is never written to it.

use std::path::Path;

use listingcheck::inputs::config::SourceKind;
use listingcheck::source::http::{CacheClass, Call, HttpOptions};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{json, received};
use crate::{Setup, source};

/// A server answering the coin list, and a call for it that may be cached.
async fn coin_list_server() -> (MockServer, Call) {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/coins/list"))
        .respond_with(json(200, r#"[{"id":"bitcoin"}]"#))
        .mount(&server)
        .await;
    let call = Call::get("coingecko", "/api/v3/coins/list?include_platform=true")
        .cached(CacheClass::CoinList);
    (server, call)
}

/// Makes every cache entry look fetched `age` ago.
fn age_cache_entries(dir: &Path, age: jiff::SignedDuration) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            age_cache_entries(&path, age);
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let newline = bytes.iter().position(|&b| b == b'\n').unwrap();
        let mut header: serde_json::Value = serde_json::from_slice(&bytes[..newline]).unwrap();
        let fetched_at: jiff::Timestamp = header["fetched_at"].as_str().unwrap().parse().unwrap();
        header["fetched_at"] = (fetched_at - age).to_string().into();
        let mut aged = serde_json::to_vec(&header).unwrap();
        aged.extend_from_slice(&bytes[newline..]);
        std::fs::write(&path, aged).unwrap();
    }
}

#[tokio::test]
async fn a_cached_answer_within_its_max_age_is_served_without_a_request() {
    let (server, call) = coin_list_server().await;
    let setup = Setup::new(&[("coingecko", source(SourceKind::Coingecko, &server))]);
    let first = setup.http().fetch(&call).await.unwrap();

    let next_run = setup.http();
    let second = next_run.fetch(&call).await.unwrap();

    assert_eq!(received(&server).await, 1);
    assert_eq!(second.body, first.body);
    assert_eq!(next_run.stats()["coingecko"].cache_hits, 1);
}

#[tokio::test]
async fn a_cache_hit_records_its_age_and_when_it_was_fetched() {
    let (server, call) = coin_list_server().await;
    let setup = Setup::new(&[("coingecko", source(SourceKind::Coingecko, &server))]);
    let first = setup.http().fetch(&call).await.unwrap();
    age_cache_entries(setup.cache_dir(), jiff::SignedDuration::from_hours(1));

    let next_run = setup.http();
    let second = next_run.fetch(&call).await.unwrap();

    let age = second
        .request
        .cache_age_secs
        .expect("a cache hit records its age");
    assert!((3600..3660).contains(&age), "{age}");
    assert_eq!(
        second.request.fetched_at,
        first.request.fetched_at - jiff::SignedDuration::from_hours(1)
    );
    assert_eq!(next_run.requests()[second.req as usize], second.request);
    assert_eq!(first.request.cache_age_secs, None);
}

#[tokio::test]
async fn a_cache_entry_older_than_its_max_age_is_fetched_again() {
    let (server, call) = coin_list_server().await;
    let setup = Setup::new(&[("coingecko", source(SourceKind::Coingecko, &server))]);
    setup.http().fetch(&call).await.unwrap();
    // The coin list's maximum age is 24 hours by default.
    age_cache_entries(setup.cache_dir(), jiff::SignedDuration::from_hours(25));

    let second = setup.http().fetch(&call).await.unwrap();

    assert_eq!(received(&server).await, 2);
    assert_eq!(second.request.cache_age_secs, None);
}

#[tokio::test]
async fn refresh_ignores_the_cache_but_writes_a_fresh_entry() {
    let (server, call) = coin_list_server().await;
    let setup = Setup::new(&[("coingecko", source(SourceKind::Coingecko, &server))]);
    setup.http().fetch(&call).await.unwrap();

    let refreshed = setup
        .http_with(HttpOptions {
            refresh: true,
            ..HttpOptions::default()
        })
        .fetch(&call)
        .await
        .unwrap();
    let after = setup.http().fetch(&call).await.unwrap();

    assert_eq!(received(&server).await, 2);
    assert_eq!(refreshed.request.cache_age_secs, None);
    assert_eq!(after.request.fetched_at, refreshed.request.fetched_at);
}

#[tokio::test]
async fn a_failed_answer_is_never_cached() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/coins/list"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/coins/list"))
        .respond_with(json(200, "[]"))
        .mount(&server)
        .await;
    let mut setup = Setup::new(&[("coingecko", source(SourceKind::Coingecko, &server))]);
    setup.config.http.max_retries = 0;
    let call = Call::get("coingecko", "/api/v3/coins/list").cached(CacheClass::CoinList);
    setup.http().fetch(&call).await.unwrap_err();

    let second = setup.http().fetch(&call).await.unwrap();

    assert_eq!(second.body, b"[]");
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_200_answer_that_is_not_json_is_never_cached() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/coins/list"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>Just a moment...</html>"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/coins/list"))
        .respond_with(json(200, "[]"))
        .mount(&server)
        .await;
    let setup = Setup::new(&[("coingecko", source(SourceKind::Coingecko, &server))]);
    let call = Call::get("coingecko", "/api/v3/coins/list").cached(CacheClass::CoinList);
    setup.http().fetch(&call).await.unwrap();

    let second = setup.http().fetch(&call).await.unwrap();

    assert_eq!(second.body, b"[]", "the challenge page was not kept");
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_call_not_marked_cached_never_uses_the_cache() {
    let (server, cached) = coin_list_server().await;
    let setup = Setup::new(&[("coingecko", source(SourceKind::Coingecko, &server))]);
    setup.http().fetch(&cached).await.unwrap();

    let uncached = Call {
        cache: None,
        ..cached
    };
    setup.http().fetch(&uncached).await.unwrap();

    assert_eq!(received(&server).await, 2);
}
