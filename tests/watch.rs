//! `listingcheck watch` through the binary (issue 16): one asset whose descriptor names a reserve
//! wallet on an Ethereum node served by wiremock, a standard with a 1 % circulation band, and a
//! node whose answers a test can change after a number of polls.

mod support;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use jiff::Timestamp;
use listingcheck::amount::Amount;
use listingcheck::snapshot::powers::{ContractPowers, Platform};
use listingcheck::snapshot::{
    AssetRecord, ChainSupply, Disclosure, IdentifiedBy, Request, Snapshot, WalletBalance,
};
use serde_json::Value;
use support::source_harness::{RpcNode, word, word_of};
use tempfile::TempDir;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const CONTRACT: &str = "0x1111111111111111111111111111111111111111";
const RESERVE: &str = "0x2222222222222222222222222222222222222222";
/// 10^18: one token of 18 decimals.
const ONE: &str = "000000000000000000";

const DESCRIPTOR: &str = r#"schema = 1

[asset]
id = "reserve-token"
symbol = "RSV"
name = "Reserve Token"

[[chain]]
chain = "ethereum"
contract = "0x1111111111111111111111111111111111111111"
decimals = 18

[[excluded]]
chain = "ethereum"
address = "0x2222222222222222222222222222222222222222"
label = "Foundation reserve"

[plan]
max_supply = 1_000_000_000
source = "test plan"
disclosed = 2020-01-01

[[plan.schedule]]
date = 2020-01-01
circulating = 400_000_000

[[plan.schedule]]
date = 2040-01-01
circulating = 400_000_000
"#;

const STANDARD: &str = r#"schema = 1

[standard]
id = "watch-test"
version = "1"
title = "Circulation within 1 % of the plan"
status = "draft"
published = 2026-01-01
source = "listingcheck's watch tests"

[[rule]]
id = "CIRC-PLAN"
title = "Circulating supply within 1 % of the disclosed plan"
metric = "circulation_plan_excess"
max = 0.01
warn_max = 0.005
severity = "block"
rationale = "A monitoring band: 1 % against the plan"

[[rule]]
id = "FOREIGN-EXCHANGES"
title = "Traded abroad"
metric = "foreign_exchange_count"
min = 3
severity = "block"
rationale = "Not a supply rule: watch leaves it out"
"#;

/// The Ethereum node: 1,000,000,000 tokens issued, the reserve holding `reserve` million tokens.
fn node(reserve: u64) -> RpcNode {
    RpcNode::new()
        .eth_call(CONTRACT, "0x313ce567", word(18))
        .eth_call(CONTRACT, "0x18160ddd", word_of(&format!("1000000000{ONE}")))
        .eth_call(
            CONTRACT,
            &format!("0x70a08231{:0>64}", &RESERVE[2..]),
            word_of(&format!("{reserve}000000{ONE}")),
        )
}

/// A node that answers as `before` for its first `polls` requests, then as `after`.
struct Moving {
    before: RpcNode,
    after: RpcNode,
    polls: usize,
    seen: AtomicUsize,
}

impl Respond for Moving {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        if self.seen.fetch_add(1, Ordering::SeqCst) < self.polls {
            self.before.respond(request)
        } else {
            self.after.respond(request)
        }
    }
}

/// A working directory: the descriptor, the standard, a snapshot of the asset taken before the
/// watch (reserve 600 M: 400 M circulating, on plan) and a `listingcheck.toml` pointing
/// `ethereum` at `node_url`.
fn workdir(node_url: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("rsv.toml"), DESCRIPTOR).unwrap();
    std::fs::write(root.join("standard.toml"), STANDARD).unwrap();
    std::fs::write(
        root.join("listingcheck.toml"),
        format!(
            "schema = 1\n\n[http]\nmax_retries = 0\n\n[cache]\ndir = \"{}\"\n\n[sources.ethereum]\nbase_url = \"{node_url}\"\nrate_limit = {{ requests = 1000, per_seconds = 1 }}\n",
            root.join("cache").display()
        ),
    )
    .unwrap();
    let loaded = listingcheck::inputs::asset::load(&root.join("rsv.toml")).unwrap();
    let taken_at: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
    let request = |source: &str, endpoint: &str| {
        Arc::new(Request {
            source: source.to_owned(),
            endpoint: endpoint.to_owned(),
            fetched_at: taken_at,
            cache_age_secs: None,
        })
    };
    let tokens = |millions: u64| Amount::from_whole(millions * 1_000_000);
    let snapshot = Snapshot {
        taken_at,
        sample: false,
        complete: true,
        note: None,
        tool: "listingcheck tests".to_owned(),
        requests: vec![
            request("disclosure", "rsv.toml"),
            request("ethereum", node_url),
        ],
        failures: vec![],
        market_lists: vec![],
        usd_krw: None,
        assets: vec![AssetRecord {
            name: Some("Reserve Token".to_owned()),
            disclosure: Some(Disclosure {
                sha256: loaded.sha256,
                descriptor: loaded.descriptor,
                req: 0,
            }),
            chain_supplies: vec![ChainSupply {
                chain: "ethereum".to_owned(),
                contract: CONTRACT.to_owned(),
                native: true,
                total_supply: tokens(1000),
                decimals: 18,
                req: 1,
            }],
            wallet_balances: vec![WalletBalance {
                chain: "ethereum".to_owned(),
                address: RESERVE.to_owned(),
                label: "Foundation reserve".to_owned(),
                until: None,
                balance: tokens(600),
                req: 1,
            }],
            ..AssetRecord::new(
                "reserve-token".to_owned(),
                "RSV".to_owned(),
                IdentifiedBy::Descriptor,
            )
        }],
    };
    std::fs::create_dir(root.join("snapshots")).unwrap();
    listingcheck::snapshot::write(
        &root.join("snapshots/snapshot-20261201T000000Z.json"),
        &snapshot,
    )
    .unwrap();
    dir
}

/// Runs `watch` in `dir` off the async runtime (the mock servers keep answering): exit code,
/// the alerts on stdout, stderr.
async fn watch(dir: &Path, extra: &[&str]) -> (i32, Vec<Value>, String) {
    let mut args = vec![
        "watch".to_owned(),
        "--standard".to_owned(),
        "standard.toml".to_owned(),
        "--interval".to_owned(),
        "1s".to_owned(),
    ];
    args.extend(extra.iter().map(|arg| (*arg).to_owned()));
    let dir = dir.to_owned();
    let run = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        support::run_with_env(&dir, &args, &[])
    })
    .await
    .unwrap();
    let alerts = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    (run.code, alerts, run.stderr)
}

async fn server(respond: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(respond)
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn on_plan_data_raises_nothing() {
    let chain = server(node(600)).await;
    let dir = workdir(&chain.uri());

    let (code, alerts, stderr) = watch(dir.path(), &["--polls", "3"]).await;

    assert_eq!(code, 0, "{stderr}");
    assert!(alerts.is_empty(), "{alerts:?}");
    assert_eq!(support::received(&chain).await, 3, "one request a poll");
    assert!(
        stderr.contains("watch stopped after 3 poll(s): 0 alert(s)"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reserve_moving_out_is_alerted_within_one_poll_once_and_resolved_when_it_returns() {
    // Polls 1–2 on plan; 100 M leave the reserve before poll 3; they are back from poll 6.
    let moving = Moving {
        before: node(600),
        after: node(500),
        polls: 2,
        seen: AtomicUsize::new(0),
    };
    let chain = server(moving).await;
    let dir = workdir(&chain.uri());

    let (code, alerts, stderr) = watch(dir.path(), &["--polls", "5"]).await;

    assert_eq!(code, 0, "{stderr}");
    assert_eq!(alerts.len(), 1, "one alert for the episode: {alerts:#?}");
    let alert = &alerts[0];
    assert_eq!(alert["schema"], "listingcheck-watch-alert/1");
    assert_eq!(alert["kind"], "raised");
    assert_eq!(alert["asset"], "reserve-token");
    assert_eq!(alert["rule"], "CIRC-PLAN");
    assert_eq!(alert["before"], "pass");
    assert_eq!(alert["now"], "fail");
    assert_eq!(alert["value"], 0.25);
    assert_eq!(
        alert["figures"]["supplies"][0]["total_supply"],
        "1000000000"
    );
    assert_eq!(alert["figures"]["balances"][0]["balance"], "500000000");
    let moved = &alert["moved"][0];
    assert_eq!(moved["address"], RESERVE);
    assert_eq!(moved["before"], "600000000");
    assert_eq!(moved["now"], "500000000");
    assert_eq!(moved["change"], "-100000000");
    let text = alert["text"].as_str().unwrap();
    assert!(
        text.contains("RSV: CIRC-PLAN went from pass to fail"),
        "{text}"
    );
    assert!(text.contains("Foundation reserve"), "{text}");

    // A restart reads the open episode back: the still-moved reserve raises nothing new, and the
    // reserve's return closes the episode.
    let (code, alerts, stderr) = watch(dir.path(), &["--polls", "1"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(alerts.is_empty(), "the restart alerted again: {alerts:#?}");
    chain.reset().await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(node(600))
        .mount(&chain)
        .await;
    let (_, alerts, _) = watch(dir.path(), &["--polls", "1"]).await;
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    assert_eq!(alerts[0]["kind"], "resolved");
    assert_eq!(alerts[0]["before"], "fail");
    assert_eq!(alerts[0]["now"], "pass");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_node_raises_cannot_see_after_k_polls_once() {
    let chain = server(ResponseTemplate::new(500)).await;
    let dir = workdir(&chain.uri());

    let (code, alerts, stderr) = watch(dir.path(), &["--polls", "4", "--blind-after", "2"]).await;

    assert_eq!(code, 0, "{stderr}");
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    assert_eq!(alerts[0]["kind"], "cannot_see");
    assert_eq!(alerts[0]["source"], "ethereum");
    assert_eq!(alerts[0]["assets"][0], "reserve-token");
    assert_eq!(alerts[0]["failed_polls"], 2);
    assert!(
        alerts[0]["text"]
            .as_str()
            .unwrap()
            .contains("Cannot see reserve-token"),
        "{alerts:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dead_webhook_does_not_stop_the_watch() {
    let moving = Moving {
        before: node(600),
        after: node(500),
        polls: 1,
        seen: AtomicUsize::new(0),
    };
    let chain = server(moving).await;
    let dir = workdir(&chain.uri());
    // Nothing listens on this port once the listener is dropped.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/hook", listener.local_addr().unwrap())
    };

    let started = std::time::Instant::now();
    let (code, alerts, stderr) = watch(dir.path(), &["--polls", "3", "--webhook", &dead]).await;

    assert_eq!(code, 0, "{stderr}");
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    assert_eq!(support::received(&chain).await, 3, "every poll ran");
    assert!(
        stderr.contains("webhook: 0 delivered"),
        "the webhook's fate is reported: {stderr}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_live_webhook_gets_the_alert_with_a_slack_text() {
    let chain = server(Moving {
        before: node(600),
        after: node(500),
        polls: 1,
        seen: AtomicUsize::new(0),
    })
    .await;
    let hook = server(ResponseTemplate::new(200)).await;
    let dir = workdir(&chain.uri());

    let (code, alerts, stderr) = watch(
        dir.path(),
        &["--polls", "2", "--webhook", &format!("{}/hook", hook.uri())],
    )
    .await;

    assert_eq!(code, 0, "{stderr}");
    let posted = hook.received_requests().await.unwrap();
    assert_eq!(posted.len(), 1);
    let body: Value = serde_json::from_slice(&posted[0].body).unwrap();
    assert_eq!(body, alerts[0]);
    assert!(body["text"].as_str().unwrap().starts_with("RSV: "));
    assert!(
        stderr.contains("webhook: 1 delivered, 0 failed after retries, 0 dropped"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_stops_the_watch_with_exit_0() {
    let chain = server(node(600)).await;
    let dir = workdir(&chain.uri());
    let mut child = Command::new(env!("CARGO_BIN_EXE_listingcheck"))
        .current_dir(dir.path())
        .args(["watch", "--standard", "standard.toml", "--interval", "1h"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if support::received(&chain).await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        support::received(&chain).await > 0,
        "the first poll never ran"
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();

    assert_eq!(status.code(), Some(0));
    assert!(dir.path().join("snapshots/watch-state.json").exists());
}

/// A node of any chain that answers every read with a small number: `decimals()`,
/// `totalSupply()`, `balanceOf`, and Solana's mints and token accounts (those it was told of;
/// any other Solana address is a mint). For the powers reads, every EVM token is owned by, and
/// has six `MINTER_ROLE` members that are all, the key `0x…06`; no slot is set; every Solana
/// authority is revoked.
#[derive(Clone, Default)]
struct AnyNode {
    /// Solana token accounts and their mints.
    token_accounts: Arc<std::collections::HashMap<String, String>>,
}

impl AnyNode {
    fn answer(&self, call: &Value) -> Value {
        use listingcheck::source::solana::node;
        if let Some(answer) =
            listingcheck::source::multicall::answer_as_node(call, |one| self.answer(one))
        {
            return answer;
        }
        match call["method"].as_str() {
            Some("eth_call") => word(6),
            // The powers reads: no EIP-1967 slot is set, and no holder has code.
            Some("eth_getStorageAt") => word(0),
            Some("eth_getCode") => serde_json::json!({"result": "0x"}),
            _ => {
                let address = call["params"][0].as_str().unwrap_or_default();
                node::account_info(&match self.token_accounts.get(address) {
                    Some(mint) => node::token_account(mint, &node::address([7; 32]), "1000000", 6),
                    None => node::mint("1000000", 6, None, None),
                })
            }
        }
    }
}

impl Respond for AnyNode {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        support::batch_answer(&request.body, |call| self.answer(call))
    }
}

/// The chains' nodes and the reads per chain of 600 descriptor assets spread as the fetch
/// benchmark spreads its descriptors (8 % native coins without a contract, 18 % of the rest
/// Solana mints, the others on five EVM chains with one in ten bridged to a second; 0 to 5
/// excluded wallets a contract), in a working directory with their snapshot.
struct Universe {
    dir: TempDir,
    servers: std::collections::BTreeMap<&'static str, MockServer>,
    reads: std::collections::BTreeMap<&'static str, usize>,
    /// Contracts (Solana: mints) per chain.
    contracts: std::collections::BTreeMap<&'static str, usize>,
}

async fn universe_of_600() -> Universe {
    const EVM: [(&str, f64); 5] = [
        ("ethereum", 0.60),
        ("bsc", 0.12),
        ("arbitrum", 0.10),
        ("base", 0.10),
        ("polygon", 0.08),
    ];
    let mut rng = fastrand::Rng::with_seed(16);
    let evm_chain = |rng: &mut fastrand::Rng, not: Option<&str>| loop {
        let mut roll = rng.f64();
        for (chain, share) in EVM {
            if roll < share {
                if Some(chain) != not {
                    return chain;
                }
                break;
            }
            roll -= share;
        }
    };
    // 44 draws of a base58 digit, as when the address was those digits, so that the universe
    // stays the one the README's figures were measured on; the first 32 make its bytes.
    let base58 = |rng: &mut fastrand::Rng| -> String {
        let digits: Vec<usize> = (0..44).map(|_| rng.usize(..58)).collect();
        listingcheck::source::solana::node::address(std::array::from_fn(|at| {
            u8::try_from((digits[at] * 37 + at) % 256).unwrap()
        }))
    };
    let mut token_accounts = std::collections::HashMap::new();
    let hex = |rng: &mut fastrand::Rng| format!("0x{:040x}", rng.u128(..));
    // Reads per chain: (EVM words or Solana calls).
    let mut reads: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let mut contracts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let mut assets = Vec::new();
    for n in 0..600 {
        let mut chains = Vec::new();
        let mut excluded = Vec::new();
        let mut powers = Vec::new();
        let mut contract = |rng: &mut fastrand::Rng, chain: &'static str| {
            let solana = chain == "solana";
            let address = if solana { base58(rng) } else { hex(rng) };
            // What the snapshot's fetch found, so that the watch can read it again.
            powers.push(ContractPowers {
                chain: chain.to_owned(),
                contract: address.clone(),
                platform: if solana {
                    Platform::Solana
                } else {
                    Platform::Evm
                },
                holders: vec![],
                proxy: None,
                source: None,
                unread: vec![],
            });
            chains.push(serde_json::json!({"chain": chain, "contract": address, "decimals": 6}));
            let wallets = rng.usize(0..6);
            for w in 0..wallets {
                let address = if solana { base58(rng) } else { hex(rng) };
                if solana {
                    token_accounts.insert(
                        address.clone(),
                        chains.last().unwrap()["contract"]
                            .as_str()
                            .unwrap()
                            .to_owned(),
                    );
                }
                excluded.push(
                    serde_json::json!({"chain": chain, "address": address, "label": format!("vesting {w}")}),
                );
            }
            *reads.entry(chain).or_default() += wallets + if solana { 1 } else { 2 };
            *contracts.entry(chain).or_default() += 1;
        };
        if rng.f64() >= 0.08 {
            if rng.f64() < 0.18 {
                contract(&mut rng, "solana");
            } else {
                let first = evm_chain(&mut rng, None);
                contract(&mut rng, first);
                if rng.f64() < 0.10 {
                    let second = evm_chain(&mut rng, Some(first));
                    contract(&mut rng, second);
                }
            }
        }
        let descriptor = serde_json::json!({
            "asset": {"id": format!("asset-{n}"), "symbol": format!("A{n}"), "name": format!("Asset {n}")},
            "chain": chains,
            "excluded": excluded,
        });
        assets.push(AssetRecord {
            disclosure: Some(Disclosure {
                sha256: "0".repeat(64),
                descriptor: serde_json::from_value(descriptor).unwrap(),
                req: 0,
            }),
            powers,
            ..AssetRecord::new(
                format!("asset-{n}"),
                format!("A{n}"),
                IdentifiedBy::Descriptor,
            )
        });
    }
    let mut servers = std::collections::BTreeMap::new();
    for chain in EVM.iter().map(|(chain, _)| *chain) {
        servers.insert(chain, server(AnyNode::default()).await);
    }
    let solana = AnyNode {
        token_accounts: Arc::new(token_accounts),
    };
    servers.insert("solana", server(solana).await);
    let dir = tempfile::tempdir().unwrap();
    let mut config = format!(
        "schema = 1\n\n[http]\nmax_retries = 0\n\n[cache]\ndir = \"{}\"\n",
        dir.path().join("cache").display()
    );
    for (chain, server) in &servers {
        let _ = write!(
            config,
            "\n[sources.{chain}]\nbase_url = \"{}\"\nrate_limit = {{ requests = 1000, per_seconds = 1 }}\n",
            server.uri()
        );
    }
    std::fs::write(dir.path().join("listingcheck.toml"), config).unwrap();
    std::fs::write(dir.path().join("standard.toml"), STANDARD).unwrap();
    let taken_at: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
    let snapshot = Snapshot {
        taken_at,
        sample: false,
        complete: true,
        note: None,
        tool: "listingcheck tests".to_owned(),
        requests: vec![Arc::new(Request {
            source: "disclosure".to_owned(),
            endpoint: "assets/".to_owned(),
            fetched_at: taken_at,
            cache_age_secs: None,
        })],
        failures: vec![],
        market_lists: vec![],
        usd_krw: None,
        assets,
    };
    std::fs::create_dir(dir.path().join("snapshots")).unwrap();
    listingcheck::snapshot::write(
        &dir.path().join("snapshots/snapshot-20261201T000000Z.json"),
        &snapshot,
    )
    .unwrap();
    Universe {
        dir,
        servers,
        reads,
        contracts,
    }
}

/// Requests a poll sends for the 600 assets: one Multicall3 call per 250 EVM reads, one
/// `getMultipleAccounts` per 100 Solana reads, 20 such calls to a batch. The README's
/// Performance section quotes the figures this prints (`--nocapture`).
#[tokio::test(flavor = "multi_thread")]
async fn a_poll_of_600_descriptor_assets_sends_one_request_per_chain() {
    let Universe {
        dir,
        servers,
        reads,
        ..
    } = universe_of_600().await;

    let (code, _, stderr) = watch(dir.path(), &["--polls", "1", "--powers-every", "0"]).await;

    assert_eq!(code, 0, "{stderr}");
    let mut total = 0;
    for (chain, server) in &servers {
        let sent = support::received(server).await;
        let calls = reads.get(chain).copied().unwrap_or(0);
        let per_call = if *chain == "solana" { 100 } else { 250 };
        let expected = calls.div_ceil(per_call).div_ceil(20);
        eprintln!("{chain}: {calls} reads, {sent} requests");
        assert_eq!(sent, expected, "{chain}: {calls} reads");
        total += sent;
    }
    eprintln!("600 descriptor assets: {total} requests a poll");
    assert!(
        stderr.contains(&format!("{total} request(s) in the last poll")),
        "{stderr}"
    );
}

/// Requests of a poll that also re-reads who holds the powers (`--powers-every`), for the same
/// 600 assets, beside the supply's one request per chain. EVM, in three rounds: the three
/// EIP-1967 slots of each token (plain calls) with its `owner()` and `getRoleMemberCount` (in
/// Multicall3); the six `getRoleMember`s of each; the code of the one holder and its Safe calls.
/// Solana: the mints' accounts, 100 to a call; revoked authorities leave nothing more to ask.
/// The README's Performance section quotes the figures this prints (`--nocapture`).
#[tokio::test(flavor = "multi_thread")]
async fn a_poll_that_rereads_the_powers_of_600_assets_adds_their_rounds_per_chain() {
    let Universe {
        dir,
        servers,
        contracts,
        ..
    } = universe_of_600().await;

    let (code, _, stderr) = watch(dir.path(), &["--polls", "1", "--powers-every", "1"]).await;

    assert_eq!(code, 0, "{stderr}");
    let mut total = 0;
    for (chain, server) in &servers {
        let sent = support::received(server).await;
        let tokens = contracts.get(chain).copied().unwrap_or(0);
        let powers = if *chain == "solana" {
            tokens.div_ceil(100).div_ceil(20)
        } else {
            let first = (3 * tokens + (2 * tokens).div_ceil(250)).div_ceil(20);
            let second = (6 * tokens).div_ceil(250).div_ceil(20);
            let third = 1;
            first + second + third
        };
        eprintln!("{chain}: {tokens} contracts, {sent} requests (1 for the supply)");
        assert_eq!(sent, 1 + powers, "{chain}: {tokens} contracts");
        total += sent;
    }
    eprintln!("600 descriptor assets, powers re-read: {total} requests a poll");
    assert!(
        stderr.contains(&format!("{total} request(s) in the last poll")),
        "{stderr}"
    );
}

/// Memory over many polls of the 600 assets, 1 ms apart: the resident set sampled from
/// /proc every half second. Run by hand (`cargo test --release --test watch -- --ignored
/// --nocapture`, `WATCH_POLLS` polls, default 1,500: this process, which serves the mock
/// nodes, grows by about 16 MB a second, and 10,000 polls would take gigabytes); the README
/// quotes it.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "minutes long; a measurement for the README"]
async fn memory_stays_flat_over_many_polls() {
    let polls: u64 = std::env::var("WATCH_POLLS").map_or(1_500, |n| n.parse().unwrap());
    let universe = universe_of_600().await;
    let started = std::time::Instant::now();
    // `WATCH_BIN` may name a release build of the binary, whose figures the README quotes.
    let binary = std::env::var("WATCH_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_listingcheck").to_owned());
    let mut child = Command::new(binary)
        .current_dir(universe.dir.path())
        .args([
            "watch",
            "-q",
            "--standard",
            "standard.toml",
            "--interval",
            "1ms",
        ])
        .args(["--polls", &polls.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut samples: Vec<(f64, u64)> = Vec::new();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        let rss = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|status| {
                let line = status
                    .lines()
                    .find(|line| line.starts_with("VmRSS:"))?
                    .to_owned();
                line.split_whitespace().nth(1)?.parse::<u64>().ok()
            });
        if let Some(kib) = rss {
            samples.push((started.elapsed().as_secs_f64(), kib));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let early = samples[samples.len() / 10].1;
    let last = samples.last().unwrap().1;
    let peak = samples.iter().map(|(_, kib)| *kib).max().unwrap();
    eprintln!(
        "{polls} polls of 600 assets in {elapsed:.0} s ({:.1} ms a poll): RSS {} MiB at 10 % of the run, {} MiB at the end, peak {} MiB",
        elapsed * 1000.0 / polls as f64,
        early / 1024,
        last / 1024,
        peak / 1024
    );
    assert!(
        last <= early + early / 2,
        "RSS grew from {early} KiB to {last} KiB"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_safe_whose_threshold_drops_is_alerted_though_no_rule_moves() {
    const SAFE: &str = "0x4444444444444444444444444444444444444444";
    let mut owners = format!("0x{:064x}{:064x}", 0x20, 5);
    for owner in 0..5 {
        let _ = write!(owners, "{:064x}", 0xa0 + owner);
    }
    let revert = serde_json::json!({"error": {"code": 3, "message": "execution reverted"}});
    let chain = server(
        node(600)
            .call("eth_getStorageAt", CONTRACT, word(0))
            .eth_call(
                CONTRACT,
                "0x8da5cb5b",
                serde_json::json!({"result": format!("0x{:0>64}", &SAFE[2..])}),
            )
            .eth_call(
                CONTRACT,
                &format!(
                    "0xca15c873{}",
                    listingcheck::source::powers::evm::MINTER_ROLE
                ),
                revert,
            )
            .call("eth_getCode", SAFE, serde_json::json!({"result": "0x6080"}))
            .eth_call(SAFE, "0xe75235b8", word(1))
            .eth_call(SAFE, "0xa0e67e2b", serde_json::json!({"result": owners})),
    )
    .await;
    let dir = workdir(&chain.uri());
    // The snapshot saw the Safe at 3 of 5.
    let path = dir.path().join("snapshots/snapshot-20261201T000000Z.json");
    let mut snapshot = listingcheck::snapshot::read(&path).unwrap().snapshot;
    snapshot.assets[0].powers = vec![
        serde_json::from_value(serde_json::json!({
            "chain": "ethereum", "contract": CONTRACT, "platform": "evm",
            "holders": [{"via": "owner", "address": SAFE, "kind": "multisig",
                         "threshold": 3, "signers": 5, "req": 1}],
        }))
        .unwrap(),
    ];
    listingcheck::snapshot::write(&path, &snapshot).unwrap();

    let (code, alerts, stderr) = watch(dir.path(), &["--polls", "1", "--powers-every", "1"]).await;

    assert_eq!(code, 0, "{stderr}");
    let [alert] = alerts.as_slice() else {
        panic!("{alerts:#?}\n{stderr}")
    };
    assert_eq!(alert["kind"], "holders_changed");
    assert_eq!(alert["asset"], "reserve-token");
    assert_eq!(
        alert["before"][0],
        format!("owner {SAFE} multisig 3/5"),
        "{alert:#?}"
    );
    assert_eq!(alert["now"][0], format!("owner {SAFE} multisig 1/5"));
}
