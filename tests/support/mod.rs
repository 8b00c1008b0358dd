//! What every test crate shares, in one place: fixtures, wiremock helpers, the binary under test,
//! and the worlds the tests run in. Each test crate includes it with `mod support;` (a crate in
//! `tests/*.rs`) or `#[path = "../support/mod.rs"] mod support;` (a folder crate).
//!
//! - [`case`]: the rebuilt cases of `assets/cases/`, built from the public record;
//! - [`demo`]: the synthetic demo universe of the compare, sweep and diff tests;
//! - [`shipped`]: the standards, sample and case that ship with listingcheck, and the commands
//!   the document tests run on them;
//! - [`exchange_mocks`]: one exchange's normal answers on a mock server;
//! - [`source_harness`]: the aggregator and chain sources against mock servers and RPC nodes;
//! - [`sample_world`]: every source serving the bundled sample's answers, for fetch;
//! - [`drifting`]: daily snapshots in which one asset drifts from its plan, for the history;
//! - [`html`]: an HTML page reduced to its structure for a snapshot.

#![allow(
    dead_code,
    reason = "each test crate uses a part of the support module"
)]

pub mod case;
pub mod demo;
pub mod drifting;
pub mod exchange_mocks;
pub mod html;
pub mod sample_world;
pub mod shipped;
pub mod source_harness;

use std::path::{Path, PathBuf};

use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

/// A path in the repository.
pub fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The text of `tests/fixtures/<relative>`.
pub fn fixture(relative: &str) -> String {
    let path = repo(&format!("tests/fixtures/{relative}"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A fixture parsed as JSON.
pub fn fixture_json(relative: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(relative)).unwrap()
}

/// HTTP 200 with a fixture as its JSON body.
pub fn ok(fixture_path: &str) -> ResponseTemplate {
    json(200, &fixture(fixture_path))
}

/// A JSON answer with any status.
pub fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

/// A GET of `path_and_query` (`/v1/market/all?is_details=true`), matched on path and every
/// query parameter.
pub fn get(path_and_query: &str) -> MockBuilder {
    let (only_path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut mock = Mock::given(method("GET")).and(path(only_path));
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        mock = mock.and(query_param(name, value));
    }
    mock
}

/// Answers each element of a JSON-RPC batch, back to front (nodes may answer in any order),
/// echoing its `id`; `answer` gives the rest of each element (`result` or `error`). A Solana
/// `getMultipleAccounts` is answered account by account, by `answer` of `getAccountInfo`.
pub fn batch_answer(
    body: &[u8],
    answer: impl Fn(&serde_json::Value) -> serde_json::Value,
) -> ResponseTemplate {
    let batch: serde_json::Value = serde_json::from_slice(body).unwrap();
    let answers: Vec<serde_json::Value> = batch
        .as_array()
        .expect("a batch")
        .iter()
        .rev()
        .map(|call| {
            let mut element = serde_json::json!({"jsonrpc": "2.0", "id": call["id"]});
            let outcome = listingcheck::source::solana::node::answer_as_node(call, &answer)
                .unwrap_or_else(|| answer(call));
            for (key, value) in outcome.as_object().unwrap() {
                element[key] = value.clone();
            }
            element
        })
        .collect();
    ResponseTemplate::new(200).set_body_json(answers)
}

/// How many requests `server` received.
pub async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// The binary under test, with no API key from the machine running the tests: only those a test
/// gives; and in English whatever the machine's locale, unless a test asks for `--lang`.
pub fn listingcheck() -> assert_cmd::Command {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("listingcheck");
    command
        .env("LC_ALL", "C")
        .env_remove("CMC_API_KEY")
        .env_remove("COINGECKO_API_KEY")
        .env_remove("ETHERSCAN_API_KEY");
    command
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary in `dir` with `env` as extra environment.
pub fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = listingcheck()
        .current_dir(dir)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 errors"),
    }
}

/// Runs the binary in `dir`: the exit code, stdout and stderr.
pub fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let Run {
        code,
        stdout,
        stderr,
    } = run_with_env(dir, args, &[]);
    (code, stdout, stderr)
}

/// Runs the binary in the repository, where the bundled sample and standards are.
pub fn run_in_repo(args: &[&str]) -> (i32, String, String) {
    run(&repo(""), args)
}

/// Checks that a data file the tool ships (a snapshot, a fixture the docs use) is exactly what
/// the test's code generates from its sources. With `LISTINGCHECK_BLESS=1` it rewrites the file
/// instead, so that the diff can be reviewed in git; `rerun` is the test command to name.
///
/// These stay plain files rather than insta snapshots because the tool and the docs read them
/// where they are.
pub fn assert_committed_is_generated(committed: &Path, generated: &str, rerun: &str) {
    if std::env::var_os("LISTINGCHECK_BLESS").is_some() {
        std::fs::write(committed, generated)
            .unwrap_or_else(|error| panic!("{}: {error}", committed.display()));
        eprintln!("blessed {}", committed.display());
        return;
    }
    let on_disk = std::fs::read_to_string(committed).unwrap_or_default();
    if on_disk == generated {
        return;
    }
    // A snapshot's first line holds the hash of the rest: show the first difference past it.
    let first = on_disk
        .lines()
        .zip(generated.lines())
        .skip(1)
        .position(|(a, b)| a != b)
        .map_or_else(
            || on_disk.lines().count().min(generated.lines().count()),
            |at| at + 1,
        );
    let line = |text: &str| text.lines().nth(first).unwrap_or("<end>").to_owned();
    panic!(
        "{} is not what the test generates (first difference on line {}):\n  committed: {}\n  generated: {}\nRegenerate it with `LISTINGCHECK_BLESS=1 {rerun}`, and review the diff",
        committed.display(),
        first + 1,
        line(&on_disk),
        line(generated)
    );
}
