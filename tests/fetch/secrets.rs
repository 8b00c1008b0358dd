//! API keys stay secret: a recognisable key per keyed source, every command and format with trace
//! logging, on success and on 401/500 answers that echo the key back, and the key is nowhere a
//! user or a log could see it: stdout, stderr, snapshots, reports, the cache, the run history.

use std::path::{Path, PathBuf};

use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::binary::{listingcheck, path_arg};
use crate::support::sample_world::{COINGECKO_PREFIX, EvmNode, World};
use crate::support::{get, repo};

const CMC_KEY: &str = "LCKEY-cmc-5f1d2e3c4b5a6978";
const COINGECKO_KEY: &str = "LCKEY-cg-0a9b8c7d6e5f4321";
const NODE_KEY: &str = "LCKEYnode1234567890abcdef";
const KEYS: [&str; 3] = [CMC_KEY, COINGECKO_KEY, NODE_KEY];

/// The environment of every command: the keys, and every log line there is.
fn env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("CMC_API_KEY", CMC_KEY),
        ("COINGECKO_API_KEY", COINGECKO_KEY),
        ("LC_TEST_NODE_KEY", NODE_KEY),
        ("RUST_LOG", "trace"),
    ]
}

/// The world's config, with the Ethereum node's key in its URL path as Infura and Alchemy take it.
async fn keyed_world() -> (World, tempfile::TempDir) {
    let world = World::sample().await;
    Mock::given(method("POST"))
        .and(path(format!("/{NODE_KEY}")))
        .respond_with(EvmNode::sample("ethereum"))
        .with_priority(2)
        .mount(world.server("ethereum"))
        .await;
    let node = world.base_url("ethereum");
    let config = world.config_toml().replace(
        &format!("base_url = \"{node}\"\n"),
        &format!("base_url = \"{node}/{{key}}\"\napi_key_env = \"LC_TEST_NODE_KEY\"\n"),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("listingcheck.toml"), config).unwrap();
    (world, dir)
}

/// Every answer of the keyed sources turns into an error that quotes the key back.
async fn echo_the_keys_in_errors(world: &World) {
    Mock::given(method("GET"))
        .and(path("/v2/cryptocurrency/quotes/latest"))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!(
            "{{\"status\":{{\"error_code\":1001,\"error_message\":\"This API Key {CMC_KEY} is invalid.\"}}}}"
        )))
        .with_priority(1)
        .mount(world.server("coinmarketcap"))
        .await;
    get(&format!("{COINGECKO_PREFIX}/exchange_rates"))
        .respond_with(ResponseTemplate::new(500).set_body_string(format!(
            "<html><body>upstream failed for key {COINGECKO_KEY}</body></html>"
        )))
        .with_priority(1)
        .mount(world.server("coingecko"))
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/{NODE_KEY}")))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!(
            "{{\"jsonrpc\":\"2.0\",\"error\":{{\"code\":-32001,\"message\":\"invalid project id {NODE_KEY}\"}}}}"
        )))
        .with_priority(1)
        .mount(world.server("ethereum"))
        .await;
}

/// Runs every command in every format it takes; returns everything printed.
async fn every_command(dir: &Path) -> String {
    let env = env();
    let standard = path_arg(&repo("standards/daxa-best-practices/2025-06.toml"));
    let draft_a = path_arg(&repo("standards/fss-listing/2026-draft-a.toml"));
    let draft_b = path_arg(&repo("standards/fss-listing/2026-draft-b.toml"));
    let assets = path_arg(&repo("assets/sample"));
    let candidate = path_arg(&repo("tests/fixtures/fetch/curve-dao-token.toml"));
    let mut printed = String::new();
    let mut call = async |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = listingcheck(dir, &args, &env).await;
        printed.push_str(&run.stdout);
        printed.push_str(&run.stderr);
    };
    let owned = |args: &[&str]| args.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>();

    call(owned(&[
        "fetch",
        "--assets",
        &assets,
        "--no-progress",
        "--out",
        "fetched.json",
    ]))
    .await;
    call(owned(&[
        "precheck",
        &candidate,
        "--standard",
        &standard,
        "--no-progress",
    ]))
    .await;
    for format in ["table", "json", "markdown", "csv", "junit", "html"] {
        call(owned(&[
            "run",
            "--assets",
            &assets,
            "--standard",
            &standard,
            "--no-progress",
            "--format",
            format,
        ]))
        .await;
        call(owned(&[
            "check",
            "--standard",
            &standard,
            "--snapshot",
            "fetched.json",
            "--format",
            format,
            "--all",
        ]))
        .await;
        call(owned(&[
            "compare",
            &draft_a,
            &draft_b,
            "--snapshot",
            "fetched.json",
            "--format",
            format,
        ]))
        .await;
        call(owned(&[
            "diff",
            "fetched.json",
            "fetched.json",
            "--standard",
            &standard,
            "--format",
            format,
        ]))
        .await;
    }
    call(owned(&["verify", "fetched.json"])).await;
    call(owned(&["check"])).await;
    printed
}

/// Every file under `dir`, recursively.
fn every_file(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn assert_no_key(printed: &str, dirs: &[&Path]) {
    for key in KEYS {
        assert!(
            !printed.contains(key),
            "{key} was printed:\n{}",
            printed
                .lines()
                .filter(|line| line.contains(key))
                .take(5)
                .collect::<Vec<_>>()
                .join("\n")
        );
        for dir in dirs {
            for file in every_file(dir) {
                let bytes = std::fs::read(&file).unwrap();
                let text = String::from_utf8_lossy(&bytes);
                assert!(!text.contains(key), "{key} is in {}", file.display());
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_command_or_format_shows_an_api_key_when_every_source_answers() {
    let (world, dir) = keyed_world().await;

    let printed = every_command(dir.path()).await;

    assert!(
        printed.contains("coinmarketcap"),
        "the keyed sources were asked"
    );
    assert_no_key(&printed, &[dir.path(), &world.cache_dir()]);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_command_or_format_shows_an_api_key_when_the_sources_echo_it_in_errors() {
    let (world, dir) = keyed_world().await;
    echo_the_keys_in_errors(&world).await;

    let printed = every_command(dir.path()).await;

    assert!(printed.contains("401"), "the 401 answers were seen");
    assert_no_key(&printed, &[dir.path(), &world.cache_dir()]);
}
