//! Interruptions: a real `fetch` or `run` process, stopped by a real signal (SIGKILL, SIGINT)
//! while it waits on a slow source, at several moments. Every earlier snapshot, report and cache
//! entry stays as it was, no half-written file is left where a command would read it, and the
//! next run takes the lock the dead one held, succeeds, and answers from the cache.
//!
//! The moments are events, not times: the process is stopped once the slow source has received
//! its request, so a slow machine changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use listingcheck::source::exchanges::upbit;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::binary::{path_arg, run_job, workdir};
use crate::support::sample_world::{EvmNode, World};
use crate::support::{get, repo};

/// Which signal stops the process.
#[derive(Clone, Copy, Debug)]
enum Signal {
    Kill,
    Interrupt,
}

/// Where the process is when it is stopped: waiting on this source's first answer, which the
/// mock holds back.
#[derive(Clone, Copy, Debug)]
enum Moment {
    /// The first calls: Upbit's market list.
    MarketLists,
    /// Late in the fetch: the Ethereum node's first batch, after the exchanges and CoinGecko.
    ChainCalls,
}

/// Holds back the first answer of the source a moment names; later answers are prompt.
async fn slow_down(world: &World, moment: Moment) -> &'static str {
    let held = ResponseTemplate::new(500).set_delay(Duration::from_secs(120));
    match moment {
        Moment::MarketLists => {
            get(upbit::MARKETS_PATH)
                .respond_with(held)
                .up_to_n_times(1)
                .with_priority(1)
                .mount(world.server("upbit"))
                .await;
            "upbit"
        }
        Moment::ChainCalls => {
            Mock::given(method("POST"))
                .and(path_regex("^/?$"))
                .respond_with(held)
                .up_to_n_times(1)
                .with_priority(1)
                .mount(world.server("ethereum"))
                .await;
            // Later batches answer as the sample does.
            Mock::given(method("POST"))
                .and(path_regex("^/?$"))
                .respond_with(EvmNode::sample("ethereum"))
                .with_priority(2)
                .mount(world.server("ethereum"))
                .await;
            "ethereum"
        }
    }
}

/// Starts the binary in `dir` without waiting for it.
fn start(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_listingcheck"))
        .current_dir(dir)
        .args(args)
        .env_remove("COINGECKO_API_KEY")
        .env_remove("ETHERSCAN_API_KEY")
        .env("CMC_API_KEY", "test-cmc-key")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits until `source`'s server has received a request: the process is now waiting on it.
async fn until_asked(world: &World, source: &str) {
    for _ in 0..600 {
        if !world
            .server(source)
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{source} was never asked");
}

fn stop(child: &mut Child, signal: Signal) {
    match signal {
        Signal::Kill => child.kill().unwrap(),
        Signal::Interrupt => {
            let status = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status()
                .unwrap();
            assert!(status.success());
        }
    }
    let status = child.wait().unwrap();
    assert!(!status.success(), "the process was stopped, not finished");
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path, bytes);
            }
        }
    }
    files
}

/// Every file that was under `dir` before is there with the same bytes; every new one is a
/// whole snapshot or report, never a temporary file.
fn assert_intact(before: &BTreeMap<PathBuf, Vec<u8>>, dir: &Path) {
    let after = contents(dir);
    for (path, bytes) in before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    for path in after.keys().filter(|path| !before.contains_key(*path)) {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(
            !name.ends_with(".tmp"),
            "a half-written file: {}",
            path.display()
        );
        if name.ends_with(".json") && !path.starts_with(dir.join("cache")) {
            listingcheck::snapshot::read(path)
                .map(drop)
                .or_else(|_| {
                    serde_json::from_slice::<listingcheck::eval::Report>(&after[path]).map(drop)
                })
                .unwrap_or_else(|error| panic!("{} is not whole: {error}", path.display()));
        }
    }
}

/// A directory with one finished run (snapshot, report, cache), then `command` stopped by
/// `signal` at `moment`; then a new run.
async fn interrupted(command: &str, moment: Moment, signal: Signal) {
    let world = World::sample().await;
    let dir = workdir(&world);
    let baseline = run_job(dir.path(), &[]).await;
    assert_eq!(baseline.code, 1, "the baseline run: {}", baseline.stderr);
    let before = contents(dir.path());
    let cache_before = contents(&world.cache_dir());
    let source = slow_down(&world, moment).await;

    let assets = path_arg(&repo("assets/sample"));
    let standard = path_arg(&repo("standards/daxa-best-practices/2025-06.toml"));
    let args: Vec<&str> = match command {
        "fetch" => vec!["fetch", "--assets", &assets, "--no-progress"],
        _ => vec![
            "run",
            "--assets",
            &assets,
            "--standard",
            &standard,
            "--no-progress",
        ],
    };
    let mut child = start(dir.path(), &args);
    until_asked(&world, source).await;
    stop(&mut child, signal);

    assert_intact(&before, dir.path());
    assert_intact(&cache_before, &world.cache_dir());

    let rerun = run_job(dir.path(), &[]).await;
    assert_eq!(
        rerun.code, 0,
        "the rerun finds nothing new: {}\n{}",
        rerun.stdout, rerun.stderr
    );
    assert!(
        !rerun
            .stderr
            .contains("waiting for another listingcheck run"),
        "the dead process's lock is no obstacle: {}",
        rerun.stderr
    );
    let from_cache: usize = rerun
        .stderr
        .split(" answered from the cache")
        .next()
        .and_then(|head| head.rsplit('(').next())
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("no cache count in {}", rerun.stderr));
    assert!(from_cache > 0, "{}", rerun.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_killed_while_reading_market_lists_leaves_everything_intact() {
    interrupted("fetch", Moment::MarketLists, Signal::Kill).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_interrupted_during_chain_calls_leaves_everything_intact() {
    interrupted("fetch", Moment::ChainCalls, Signal::Interrupt).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn run_killed_during_chain_calls_leaves_everything_intact_and_its_lock_free() {
    interrupted("run", Moment::ChainCalls, Signal::Kill).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn run_interrupted_while_reading_market_lists_leaves_everything_intact() {
    interrupted("run", Moment::MarketLists, Signal::Interrupt).await;
}
