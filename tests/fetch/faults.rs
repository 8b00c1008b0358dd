//! The fault matrix: every source × every fault, through the real binary against the sample
//! world with one source's main call broken. Whatever the fault, the fetch retries only what is
//! retryable and within its budget, records the failure in the snapshot under the source's
//! name, goes on with the other sources, and exits 3; the snapshot it writes is incomplete, so a
//! check of it says INCOMPLETE and exits 3 too.

use std::net::TcpListener;
use std::time::Duration;

use futures::StreamExt as _;
use listingcheck::snapshot::{self, Snapshot};
use listingcheck::source::exchanges::{bithumb, coinone, gopax, korbit, upbit};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockBuilder, ResponseTemplate};

use crate::binary::{listingcheck, path_arg};
use crate::support::sample_world::{COINGECKO_PREFIX, World};
use crate::support::{fixture, get, repo};

/// A source and the call of it that the matrix breaks: the one its data hangs on.
#[derive(Clone, Copy, Debug)]
struct Target {
    source: &'static str,
    /// GET path and query, or `None` for a JSON-RPC node (a POST to its root).
    call: Option<&'static str>,
    /// The sample's answer to that call, cut in half for the truncated-JSON fault.
    sample: &'static str,
}

const TARGETS: [Target; 9] = [
    Target {
        source: "upbit",
        call: Some(upbit::MARKETS_PATH),
        sample: "sample/upbit/market_all.json",
    },
    Target {
        source: "bithumb",
        call: Some(bithumb::MARKETS_PATH),
        sample: "sample/bithumb/market_all.json",
    },
    Target {
        source: "coinone",
        call: Some(coinone::MARKETS_PATH),
        sample: "sample/coinone/markets_krw.json",
    },
    Target {
        source: "korbit",
        call: Some(korbit::PAIRS_PATH),
        sample: "sample/korbit/currency_pairs.json",
    },
    Target {
        source: "gopax",
        call: Some(gopax::PAIRS_PATH),
        sample: "sample/gopax/trading_pairs.json",
    },
    Target {
        source: "coingecko",
        call: Some("/coins/markets?vs_currency=usd&per_page=250"),
        sample: "sample/coingecko/coins_markets.json",
    },
    Target {
        source: "coinmarketcap",
        call: Some("/v2/cryptocurrency/quotes/latest"),
        sample: "sample/coinmarketcap/quotes_latest.json",
    },
    Target {
        source: "ethereum",
        call: None,
        sample: "sample/upbit/market_all.json",
    },
    Target {
        source: "solana",
        call: None,
        sample: "sample/upbit/market_all.json",
    },
];

/// What goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// HTTP 429 with `Retry-After: 1`, every time.
    TooManyRequestsWithRetryAfter,
    /// HTTP 429 with no hint, every time.
    TooManyRequests,
    /// HTTP 503, every time: a burst longer than the retry budget.
    ServerErrors,
    /// The answer comes after the timeout (1 s here).
    SlowerThanTheTimeout,
    /// Nothing listens at the address.
    ConnectionRefused,
    /// Something accepts the connection and closes it without answering.
    ConnectionReset,
    /// The host name does not resolve.
    DnsFailure,
    /// HTTP 200 with the first half of the real answer.
    TruncatedJson,
    /// HTTP 200 with an HTML error page.
    HtmlErrorPageWith200,
    /// HTTP 200 whose JSON is an error object.
    ErrorInside200,
    /// HTTP 200 with JSON of the wrong shape: the fields the source reads are missing.
    FieldsMissing,
}

const FAULTS: [Fault; 11] = [
    Fault::TooManyRequestsWithRetryAfter,
    Fault::TooManyRequests,
    Fault::ServerErrors,
    Fault::SlowerThanTheTimeout,
    Fault::ConnectionRefused,
    Fault::ConnectionReset,
    Fault::DnsFailure,
    Fault::TruncatedJson,
    Fault::HtmlErrorPageWith200,
    Fault::ErrorInside200,
    Fault::FieldsMissing,
];

impl Fault {
    /// The answer the broken call gets, when the fault is in the answer.
    fn answer(self, target: Target) -> Option<ResponseTemplate> {
        let rpc = target.call.is_none();
        Some(match self {
            Fault::TooManyRequestsWithRetryAfter => {
                ResponseTemplate::new(429).insert_header("retry-after", "1")
            }
            Fault::TooManyRequests => ResponseTemplate::new(429),
            Fault::ServerErrors => ResponseTemplate::new(503),
            Fault::SlowerThanTheTimeout => ResponseTemplate::new(200)
                .set_body_raw(fixture(target.sample), "application/json")
                .set_delay(Duration::from_secs(3)),
            Fault::TruncatedJson => {
                let body = if rpc {
                    "[{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":\"0x00000000000000".to_owned()
                } else {
                    let whole = fixture(target.sample);
                    whole[..whole.len() / 2].to_owned()
                };
                ResponseTemplate::new(200).set_body_raw(body, "application/json")
            }
            Fault::HtmlErrorPageWith200 => ResponseTemplate::new(200).set_body_raw(
                "<html><head><title>503</title></head><body>Service temporarily unavailable</body></html>",
                "text/html",
            ),
            Fault::ErrorInside200 => ResponseTemplate::new(200).set_body_raw(
                if rpc {
                    "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":\"internal error\"}}"
                } else {
                    "{\"error\":{\"name\":\"server_error\",\"message\":\"internal error\"},\"status\":{\"error_code\":500,\"error_message\":\"internal error\"}}"
                },
                "application/json",
            ),
            Fault::FieldsMissing => ResponseTemplate::new(200)
                .set_body_raw(if rpc { "[]" } else { "{\"data\":{}}" }, "application/json"),
            Fault::ConnectionRefused | Fault::ConnectionReset | Fault::DnsFailure => return None,
        })
    }

    /// Whether retrying can cure it: only then may the call be sent more than once.
    fn retryable(self) -> bool {
        matches!(
            self,
            Fault::TooManyRequestsWithRetryAfter
                | Fault::TooManyRequests
                | Fault::ServerErrors
                | Fault::SlowerThanTheTimeout
        )
    }
}

/// An address that accepts connections and closes each at once, unanswered.
fn hanging_up() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            drop(stream);
        }
    });
    format!("http://{address}")
}

/// An address nothing listens at.
fn refusing() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}")
}

fn matching(target: Target) -> MockBuilder {
    match target.call {
        Some(call) if target.source == "coingecko" => get(&format!("{COINGECKO_PREFIX}{call}")),
        Some(call) => get(call),
        None => Mock::given(method("POST")).and(path_regex("^/?$")),
    }
}

/// What one fetch with one fault did.
struct Outcome {
    code: i32,
    stderr: String,
    snapshot: Option<Snapshot>,
    /// How many times the broken call reached its mock (not counted for connection faults).
    sent: usize,
    check_code: i32,
}

async fn fetch_with_fault(target: Target, fault: Fault) -> Outcome {
    let world = World::sample().await;
    let mut config = world.config_toml();
    if let Some(answer) = fault.answer(target) {
        matching(target)
            .respond_with(answer)
            .with_priority(1)
            .mount(world.server(target.source))
            .await;
    } else {
        let elsewhere = match fault {
            Fault::ConnectionRefused => refusing(),
            Fault::ConnectionReset => hanging_up(),
            _ => format!("http://{}.fault.invalid", target.source),
        };
        config = config.replace(
            &format!("base_url = \"{}\"", world.base_url(target.source)),
            &format!("base_url = \"{elsewhere}\""),
        );
    }
    if fault == Fault::SlowerThanTheTimeout {
        config = config.replace("[http]\n", "[http]\ntimeout_secs = 1\n");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("listingcheck.toml"), config).unwrap();
    let out = dir.path().join("faulty.json");
    let run = listingcheck(
        dir.path(),
        &[
            "fetch",
            "--assets",
            &path_arg(&repo("assets/sample")),
            "--no-progress",
            "--out",
            &path_arg(&out),
        ],
        &[("CMC_API_KEY", "test-cmc-key")],
    )
    .await;
    // The most times one call was sent: a node gets several different batches, each one call.
    let mut sends: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
    for request in world
        .server(target.source)
        .received_requests()
        .await
        .unwrap_or_default()
    {
        let same_call = match target.call {
            Some(call) => request
                .url
                .path()
                .ends_with(call.split('?').next().unwrap()),
            None => request.method.as_str() == "POST",
        };
        if same_call {
            *sends.entry(request.body.clone()).or_default() += 1;
        }
    }
    let sent = sends.values().copied().max().unwrap_or(0);
    let snapshot = snapshot::read(&out).ok().map(|file| file.snapshot);
    let check = listingcheck(
        dir.path(),
        &[
            "check",
            "--snapshot",
            &path_arg(&out),
            "--standard",
            &path_arg(&repo("standards/daxa-best-practices/2025-06.toml")),
        ],
        &[],
    )
    .await;
    Outcome {
        code: run.code,
        stderr: run.stderr,
        snapshot,
        sent,
        check_code: check.code,
    }
}

/// What must hold for every source and fault; the problems, if any, one line each.
fn problems(target: Target, fault: Fault, outcome: &Outcome) -> Vec<String> {
    let mut problems = Vec::new();
    let mut problem =
        |text: String| problems.push(format!("{} × {fault:?}: {text}", target.source));
    if outcome.code != 3 {
        problem(format!("exit {} instead of 3", outcome.code));
    }
    let Some(snapshot) = &outcome.snapshot else {
        problem(format!(
            "no snapshot written: {}",
            outcome.stderr.lines().last().unwrap_or("")
        ));
        return problems;
    };
    if snapshot.complete {
        problem("the snapshot says it is complete".to_owned());
    }
    if !snapshot
        .failures
        .iter()
        .any(|failure| failure.source == target.source)
    {
        problem(format!(
            "no failure recorded under `{}` (failures: {:?})",
            target.source,
            snapshot
                .failures
                .iter()
                .map(|f| f.source.as_str())
                .collect::<Vec<_>>()
        ));
    }
    let others: std::collections::BTreeSet<&str> = snapshot
        .requests
        .iter()
        .map(|request| request.source.as_str())
        .filter(|source| *source != target.source && *source != "disclosure")
        .collect();
    if others.len() < 5 {
        problem(format!(
            "the other sources did not go on: only {others:?} answered"
        ));
    }
    // max_retries = 1: at most two sends, and one when retrying cannot help.
    let budget = if fault.retryable() { 2 } else { 1 };
    if outcome.sent > budget {
        problem(format!(
            "sent {} times; the budget is {budget}",
            outcome.sent
        ));
    }
    if outcome.check_code != 3 {
        problem(format!(
            "check of the snapshot exits {} instead of 3",
            outcome.check_code
        ));
    }
    problems
}

#[tokio::test(flavor = "multi_thread")]
async fn every_source_under_every_fault_is_recorded_and_exits_3() {
    let cases: Vec<(Target, Fault)> = TARGETS
        .iter()
        .flat_map(|target| FAULTS.iter().map(move |fault| (*target, *fault)))
        .collect();
    let found: Vec<String> = futures::stream::iter(cases)
        .map(|(target, fault)| async move {
            let outcome = fetch_with_fault(target, fault).await;
            problems(target, fault, &outcome)
        })
        .buffer_unordered(4)
        .flat_map(futures::stream::iter)
        .collect()
        .await;
    assert!(
        found.is_empty(),
        "{} problems:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The sample's answer at `fixture` with `from` replaced by `to` everywhere.
fn edited(fixture_path: &str, from: &str, to: &str) -> ResponseTemplate {
    let body = fixture(fixture_path);
    assert!(body.contains(from), "{fixture_path} has no {from}");
    ResponseTemplate::new(200).set_body_raw(body.replace(from, to), "application/json")
}

/// Fetches the sample world after `break_it` has mounted its overrides; the snapshot and exit code.
async fn fetch_broken(break_it: impl AsyncFnOnce(&World)) -> (i32, String, Snapshot, usize) {
    let world = World::sample().await;
    break_it(&world).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("listingcheck.toml"), world.config_toml()).unwrap();
    let out = dir.path().join("faulty.json");
    let run = listingcheck(
        dir.path(),
        &[
            "fetch",
            "--assets",
            &path_arg(&repo("assets/sample")),
            "--no-progress",
            "--out",
            &path_arg(&out),
        ],
        &[("CMC_API_KEY", "test-cmc-key")],
    )
    .await;
    let upbit_markets = world
        .server("upbit")
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|request| request.url.path() == "/v1/market/all")
        .count();
    let snapshot = snapshot::read(&out)
        .unwrap_or_else(|error| panic!("{error}\n{}", run.stderr))
        .snapshot;
    (run.code, run.stderr, snapshot, upbit_markets)
}

fn failure_of<'s>(snapshot: &'s Snapshot, source: &str) -> Option<&'s str> {
    snapshot
        .failures
        .iter()
        .find(|failure| failure.source == source)
        .map(|failure| failure.error.as_str())
}

#[tokio::test(flavor = "multi_thread")]
async fn upbits_418_is_not_retried_and_is_recorded() {
    let (code, stderr, snapshot, sent) = fetch_broken(async |world: &World| {
        get(upbit::MARKETS_PATH)
            .respond_with(ResponseTemplate::new(418))
            .with_priority(1)
            .mount(world.server("upbit"))
            .await;
    })
    .await;
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(sent, 1, "a ban is not retried");
    assert!(
        failure_of(&snapshot, "upbit").is_some(),
        "{:?}",
        snapshot.failures
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_renamed_field_is_recorded_naming_the_source_and_the_field() {
    let (code, stderr, snapshot, _) = fetch_broken(async |world: &World| {
        get(upbit::MARKETS_PATH)
            .respond_with(edited(
                "sample/upbit/market_all.json",
                "\"market\":",
                "\"market_code\":",
            ))
            .with_priority(1)
            .mount(world.server("upbit"))
            .await;
    })
    .await;
    assert_eq!(code, 3, "{stderr}");
    let error = failure_of(&snapshot, "upbit").expect("recorded");
    assert!(error.contains("market"), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn supplies_given_as_strings_are_read_exactly_or_recorded() {
    let (code, stderr, snapshot, _) = fetch_broken(async |world: &World| {
        get(&format!(
            "{COINGECKO_PREFIX}/coins/markets?vs_currency=usd&per_page=250"
        ))
        .respond_with(edited(
            "sample/coingecko/coins_markets.json",
            "\"circulating_supply\": 1000000000.0",
            "\"circulating_supply\": \"1000000000.0\"",
        ))
        .with_priority(1)
        .mount(world.server("coingecko"))
        .await;
    })
    .await;
    let apecoin = snapshot
        .assets
        .iter()
        .find(|asset| asset.id == "apecoin")
        .unwrap();
    let read = apecoin
        .aggregator_quotes
        .iter()
        .any(|quote| quote.circulating_supply.is_some());
    assert!(
        read || (code == 3 && failure_of(&snapshot, "coingecko").is_some()),
        "a supply as a string is neither read nor recorded as a failure: exit {code}\n{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn null_and_negative_supplies_are_never_taken_as_figures() {
    let (_, stderr, snapshot, _) = fetch_broken(async |world: &World| {
        let body = fixture("sample/coingecko/coins_markets.json")
            .replace(
                "\"circulating_supply\": 1000000000.0",
                "\"circulating_supply\": null",
            )
            .replace(
                "\"circulating_supply\": 721460000.0",
                "\"circulating_supply\": -721460000.0",
            )
            .replace("\"total_supply\": 1216000000.0", "\"total_supply\": -1.0");
        get(&format!(
            "{COINGECKO_PREFIX}/coins/markets?vs_currency=usd&per_page=250"
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .with_priority(1)
        .mount(world.server("coingecko"))
        .await;
    })
    .await;
    for id in ["apecoin", "aptos"] {
        let asset = snapshot.assets.iter().find(|asset| asset.id == id).unwrap();
        for quote in &asset.aggregator_quotes {
            let text = format!("{quote:?}");
            assert!(
                !text.contains('-'),
                "{id}: a negative supply was kept: {text}\n{stderr}"
            );
        }
        let from_coingecko = asset.aggregator_quotes.iter().find(|quote| {
            format!("{:?}", quote.source)
                .to_lowercase()
                .contains("coingecko")
        });
        if id == "apecoin" {
            assert!(
                from_coingecko.is_none_or(|quote| quote.circulating_supply.is_none()),
                "a null supply became a figure"
            );
        }
    }
}

/// A node whose `totalSupply()` and balances are 2^200: far above 2^128, still a uint256.
#[derive(Clone)]
struct HugeNode;

impl wiremock::Respond for HugeNode {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let calls: Vec<serde_json::Value> = serde_json::from_slice(&request.body).unwrap();
        let answers: Vec<serde_json::Value> = calls
            .iter()
            .map(|call| {
                let data = call["params"][0]["data"].as_str().unwrap_or_default();
                let result = if data == "0x313ce567" {
                    format!("0x{:064x}", 18)
                } else {
                    format!("0x{:0>64}", format!("1{}", "0".repeat(50)))
                };
                serde_json::json!({"jsonrpc": "2.0", "id": call["id"], "result": result})
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(answers)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_uint256_above_2_to_the_128_is_kept_exactly() {
    let (_, stderr, snapshot, _) = fetch_broken(async |world: &World| {
        Mock::given(method("POST"))
            .and(path_regex("^/?$"))
            .respond_with(HugeNode)
            .with_priority(1)
            .mount(world.server("ethereum"))
            .await;
    })
    .await;
    // 2^200 = 1606938044258990275541962092341162602522202993782792835301376 raw, with 18
    // decimals: every digit kept, none rounded through a float.
    let text = snapshot::to_json(&snapshot);
    assert!(
        text.contains("1606938044258990275541962092341162602522202.993782792835301376"),
        "the exact amount is in the snapshot\n{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_universe_is_a_failure_of_every_exchange_not_a_clean_fetch() {
    let (code, stderr, snapshot, _) = fetch_broken(async |world: &World| {
        for (source, call, body) in [
            ("upbit", upbit::MARKETS_PATH, "[]"),
            ("bithumb", bithumb::MARKETS_PATH, "[]"),
            (
                "coinone",
                coinone::MARKETS_PATH,
                "{\"result\":\"success\",\"error_code\":\"0\",\"server_time\":1795132799000,\"markets\":[]}",
            ),
            ("korbit", korbit::PAIRS_PATH, "{\"success\":true,\"data\":[]}"),
            ("gopax", gopax::PAIRS_PATH, "[]"),
        ] {
            get(call)
                .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
                .with_priority(1)
                .mount(world.server(source))
                .await;
        }
    })
    .await;
    assert_eq!(code, 3, "{stderr}");
    assert!(!snapshot.complete);
    for exchange in ["upbit", "bithumb", "coinone", "korbit", "gopax"] {
        assert!(
            failure_of(&snapshot, exchange).is_some(),
            "{exchange}: {:?}",
            snapshot.failures
        );
    }
}
