//! Rate limits and concurrency: no window holds more requests (or billed calls of a batch) than
//! a source allows, sources are limited independently, and the global cap holds across them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use listingcheck::exchange::Exchange;
use listingcheck::inputs::config::{RateLimit, SourceKind};
use listingcheck::source::http::Call;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::support::json;
use crate::{Arrivals, Setup, source};

/// The most requests that any window of `width` (half-open) holds.
fn busiest_window(arrivals: &[Instant], width: Duration) -> usize {
    arrivals
        .iter()
        .map(|start| {
            arrivals
                .iter()
                .filter(|t| **t >= *start && **t < *start + width)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// A Solana JSON-RPC batch of `calls` calls, numbered from `first`.
fn solana_batch(first: u64, calls: u64) -> Call {
    let calls: Vec<serde_json::Value> = (first..first + calls)
        .map(|id| serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "getTokenSupply", "params": []}))
        .collect();
    Call::post_json("solana", "", &serde_json::Value::Array(calls))
}

#[tokio::test]
async fn a_source_that_bills_each_call_spends_its_budget_per_call_of_a_batch() {
    let server = MockServer::start().await;
    let arrivals = Arrivals::default();
    Mock::given(method("POST"))
        .respond_with(arrivals.clone())
        .mount(&server)
        .await;
    let mut solana = source(SourceKind::Solana, &server);
    solana.rate_limit = RateLimit::per_second(5);
    solana.bills_each_call = true;
    let setup = Setup::new(&[("solana", solana)]);
    let http = setup.http();

    http.fetch(&solana_batch(0, 5)).await.unwrap();
    http.fetch(&solana_batch(5, 5)).await.unwrap();

    // Ten calls at 5 a second: the two batches cannot both arrive within one second.
    let at = arrivals.instants();
    assert_eq!(
        busiest_window(&at, Duration::from_secs(1)),
        1,
        "arrivals in ms: {:?}",
        at.iter()
            .map(|t| (*t - at[0]).as_millis())
            .collect::<Vec<_>>()
    );
}

/// Records one arrival per call of each JSON-RPC batch, as a server that bills each call counts.
#[derive(Clone, Default)]
struct CallArrivals {
    at: Arc<Mutex<Vec<Instant>>>,
}

impl Respond for CallArrivals {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let calls = serde_json::from_slice::<Vec<serde_json::Value>>(&request.body)
            .map_or(1, |calls| calls.len());
        let now = Instant::now();
        self.at
            .lock()
            .unwrap()
            .extend(std::iter::repeat_n(now, calls));
        json(200, "{}")
    }
}

#[tokio::test]
async fn batches_of_any_size_sent_at_once_never_put_more_calls_in_a_window_than_the_limit() {
    let server = MockServer::start().await;
    let arrivals = CallArrivals::default();
    Mock::given(method("POST"))
        .respond_with(arrivals.clone())
        .mount(&server)
        .await;
    let mut solana = source(SourceKind::Solana, &server);
    solana.rate_limit = RateLimit::per_second(4);
    solana.bills_each_call = true;
    let setup = Setup::new(&[("solana", solana)]);
    let http = setup.http();
    // Short batches beside full ones: a short one sent early must not leave a full one no room.
    let batches = [(0, 1), (10, 4), (20, 2), (30, 4), (40, 1)]
        .map(|(first, calls)| solana_batch(first, calls));

    for answer in futures::future::join_all(batches.iter().map(|call| http.fetch(call))).await {
        answer.unwrap();
    }

    let at = {
        let mut at = arrivals.at.lock().unwrap().clone();
        at.sort();
        at
    };
    assert_eq!(at.len(), 12);
    assert!(
        busiest_window(&at, Duration::from_secs(1)) <= 4,
        "arrivals in ms: {:?}",
        at.iter()
            .map(|t| (*t - at[0]).as_millis())
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn no_one_second_window_holds_more_requests_than_the_rate_limit() {
    let server = MockServer::start().await;
    let arrivals = Arrivals::default();
    Mock::given(method("GET"))
        .respond_with(arrivals.clone())
        .mount(&server)
        .await;
    let mut upbit = source(SourceKind::Exchange(Exchange::Upbit), &server);
    upbit.rate_limit = RateLimit::per_second(5);
    let setup = Setup::new(&[("upbit", upbit)]);
    let http = Arc::new(setup.http());

    let mut calls = tokio::task::JoinSet::new();
    for n in 0..12 {
        let http = Arc::clone(&http);
        calls.spawn(async move {
            http.fetch(&Call::get("upbit", format!("/v1/ticker?n={n}")))
                .await
        });
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().unwrap();
    }

    let at = arrivals.instants();
    assert_eq!(at.len(), 12);
    assert!(
        busiest_window(&at, Duration::from_secs(1)) <= 5,
        "arrivals after the first, in ms: {:?}",
        at.iter()
            .map(|t| (*t - at[0]).as_millis())
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn two_sources_are_rate_limited_independently() {
    let server_a = MockServer::start().await;
    let server_b = MockServer::start().await;
    let (a, b) = (Arrivals::default(), Arrivals::default());
    Mock::given(method("GET"))
        .respond_with(a.clone())
        .mount(&server_a)
        .await;
    Mock::given(method("GET"))
        .respond_with(b.clone())
        .mount(&server_b)
        .await;
    let mut upbit = source(SourceKind::Exchange(Exchange::Upbit), &server_a);
    upbit.rate_limit = RateLimit::per_second(5);
    let mut korbit = source(SourceKind::Exchange(Exchange::Korbit), &server_b);
    korbit.rate_limit = RateLimit::per_second(5);
    let setup = Setup::new(&[("upbit", upbit), ("korbit", korbit)]);
    let http = Arc::new(setup.http());

    let mut calls = tokio::task::JoinSet::new();
    for n in 0..6 {
        for name in ["upbit", "korbit"] {
            let http = Arc::clone(&http);
            calls.spawn(async move { http.fetch(&Call::get(name, format!("/x?n={n}"))).await });
        }
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().unwrap();
    }

    let (a, b) = (a.instants(), b.instants());
    assert!(busiest_window(&a, Duration::from_secs(1)) <= 5);
    assert!(busiest_window(&b, Duration::from_secs(1)) <= 5);
    // Together they went faster than one budget of 5 a second would allow.
    let mut both: Vec<Instant> = a.iter().chain(&b).copied().collect();
    both.sort();
    assert!(busiest_window(&both, Duration::from_secs(1)) > 5);
}

#[tokio::test]
async fn the_global_concurrency_cap_holds_across_sources() {
    let delay = Duration::from_millis(300);
    let servers = [MockServer::start().await, MockServer::start().await];
    let arrivals = Arrivals::default();
    for server in &servers {
        let recorder = arrivals.clone();
        Mock::given(method("GET"))
            .respond_with(move |request: &wiremock::Request| {
                recorder.respond(request).set_delay(delay)
            })
            .mount(server)
            .await;
    }
    let mut setup = Setup::new(&[
        (
            "upbit",
            source(SourceKind::Exchange(Exchange::Upbit), &servers[0]),
        ),
        (
            "korbit",
            source(SourceKind::Exchange(Exchange::Korbit), &servers[1]),
        ),
    ]);
    setup.config.http.concurrency = 2;
    let http = Arc::new(setup.http());

    let mut calls = tokio::task::JoinSet::new();
    for n in 0..4 {
        for name in ["upbit", "korbit"] {
            let http = Arc::clone(&http);
            calls.spawn(async move { http.fetch(&Call::get(name, format!("/x?n={n}"))).await });
        }
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().unwrap();
    }

    // A slot is held from before the send until the answer is read, at least `delay` after
    // the request arrived; so no window of `delay` sees more arrivals than there are slots.
    assert_eq!(busiest_window(&arrivals.instants(), delay), 2);
}
