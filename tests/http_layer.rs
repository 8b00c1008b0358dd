//! The shared HTTP layer, through `Http` itself, against wiremock servers: rate limits,
//! concurrency, retries, bans, errors inside HTTP 200, de-duplication, the cross-run cache and
//! the secrecy of API keys.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use listingcheck::exchange::Exchange;
use listingcheck::inputs::config::{
    CacheSettings, Config, HttpSettings, RateLimit, SourceKind, SourceSettings,
};
use listingcheck::source::http::{CacheClass, Call, Http, HttpOptions, SourceError};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const KEY: &str = "k3y-that-must-never-leak-0123456789";

/// A run's config: the given sources, a private cache directory, short timeouts.
struct Setup {
    config: Config,
    _cache: tempfile::TempDir,
}

impl Setup {
    fn new(sources: &[(&str, SourceSettings)]) -> Self {
        let cache = tempfile::tempdir().unwrap();
        let config = Config {
            http: HttpSettings {
                concurrency: 16,
                timeout_secs: 5,
                max_retries: 3,
            },
            cache: CacheSettings {
                dir: Some(cache.path().to_owned()),
                ..CacheSettings::default()
            },
            sources: sources
                .iter()
                .map(|(name, settings)| ((*name).to_owned(), settings.clone()))
                .collect::<BTreeMap<_, _>>(),
        };
        Setup {
            config,
            _cache: cache,
        }
    }

    fn cache_dir(&self) -> &Path {
        self.config.cache.dir.as_deref().unwrap()
    }

    /// A new run over the same config and cache, with `KEY` in `TEST_API_KEY`.
    fn http(&self) -> Http {
        self.http_with(HttpOptions::default())
    }

    fn http_with(&self, options: HttpOptions) -> Http {
        Http::with_env(&self.config, options, |variable| {
            (variable == "TEST_API_KEY").then(|| KEY.to_owned())
        })
        .unwrap()
    }
}

fn source(kind: SourceKind, server: &MockServer) -> SourceSettings {
    SourceSettings {
        kind,
        base_url: server.uri(),
        enabled: true,
        api_key_env: None,
        rate_limit: RateLimit::per_second(100),
        bills_each_call: false,
        chain_id: None,
    }
}

fn keyed(mut settings: SourceSettings) -> SourceSettings {
    settings.api_key_env = Some("TEST_API_KEY".into());
    settings
}

fn ok_json(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// Answers `{}` and notes when each request arrived.
#[derive(Clone, Default)]
struct Arrivals {
    at: Arc<Mutex<Vec<Instant>>>,
    header: Option<(&'static str, &'static str)>,
}

impl Arrivals {
    fn with_header(name: &'static str, value: &'static str) -> Self {
        Arrivals {
            header: Some((name, value)),
            ..Arrivals::default()
        }
    }

    fn instants(&self) -> Vec<Instant> {
        let mut at = self.at.lock().unwrap().clone();
        at.sort();
        at
    }
}

impl Respond for Arrivals {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        self.at.lock().unwrap().push(Instant::now());
        let template = ok_json("{}");
        match self.header {
            Some((name, value)) => template.insert_header(name, value),
            None => template,
        }
    }
}

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

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
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

// ---- retries ----------------------------------------------------------------------------

#[tokio::test]
async fn http_429_with_retry_after_is_retried_after_the_advertised_delay() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/coins/markets"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/coins/markets"))
        .respond_with(ok_json("[]"))
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
        .respond_with(ok_json(r#"{"success":true,"data":[]}"#))
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
        .respond_with(ok_json("[]"))
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
        .respond_with(ok_json("[]").set_delay(Duration::from_secs(3)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/ticker"))
        .respond_with(ok_json("[1]"))
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
        .respond_with(ok_json("[]"))
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

// ---- Upbit's ban and Remaining-Req ------------------------------------------------------------

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

// ---- rate limits and concurrency ----------------------------------------------------------

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
        ok_json("{}")
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

// ---- errors inside HTTP 200 -------------------------------------------------------------------

/// Serves `body` with HTTP 200 to a source of `kind` and returns the error the layer made of it.
async fn error_in_200(kind: SourceKind, body: &str) -> SourceError {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_json(body))
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
        .respond_with(ok_json(body))
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
        .respond_with(ok_json(
            r#"{"status":"0","message":"NOTOK","result":"Max rate limit reached"}"#,
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v2/api"))
        .respond_with(ok_json(r#"{"status":"1","message":"OK","result":"1000"}"#))
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

// ---- de-duplication ---------------------------------------------------------------------------

#[tokio::test]
async fn identical_concurrent_calls_share_one_request() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/coins/list"))
        .respond_with(ok_json("[]").set_delay(Duration::from_millis(300)))
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

// ---- the cross-run cache ----------------------------------------------------------------------

/// A server answering the coin list, and a call for it that may be cached.
async fn coin_list_server() -> (MockServer, Call) {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/coins/list"))
        .respond_with(ok_json(r#"[{"id":"bitcoin"}]"#))
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
        .respond_with(ok_json("[]"))
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
        .respond_with(ok_json("[]"))
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

// ---- keys -------------------------------------------------------------------------------------

#[tokio::test]
async fn a_header_key_is_sent_but_never_recorded_logged_cached_or_put_in_errors() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/cryptocurrency/map"))
        .and(header("X-CMC_PRO_API_KEY", KEY))
        .respond_with(ok_json(r#"{"status":{"error_code":0},"data":[]}"#))
        .mount(&server)
        .await;
    Mock::given(path("/v2/cryptocurrency/quotes/latest"))
        .and(header("X-CMC_PRO_API_KEY", KEY))
        .respond_with(ok_json(&format!(
            r#"{{"status":{{"error_code":1001,"error_message":"API key {KEY} is invalid"}}}}"#
        )))
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
        .respond_with(ok_json(r#"{"status":"1","message":"OK","result":"1000"}"#))
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
        .respond_with(ok_json(r#"{"jsonrpc":"2.0","id":0,"result":"0x1"}"#))
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
        .respond_with(ok_json(&format!(r#"[{{"echo":"{KEY}"}}]"#)))
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
        .respond_with(ok_json(r#"{"gecko_says":"(V3) To the Moon!"}"#))
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

// ---- configuration ----------------------------------------------------------------------------

#[tokio::test]
async fn a_disabled_source_is_refused_without_a_request() {
    let server = MockServer::start().await;
    let mut gopax = source(SourceKind::Exchange(Exchange::Gopax), &server);
    gopax.enabled = false;
    let setup = Setup::new(&[("gopax", gopax)]);

    let error = setup
        .http()
        .fetch(&Call::get("gopax", "/trading-pairs"))
        .await
        .unwrap_err();

    assert_eq!(error, SourceError::Disabled("gopax".into()));
    assert_eq!(received(&server).await, 0);
}
