//! Missing or failed data is never good news: the regressions of issue 11 ("Trust") that need no
//! mock server, each through the binary as a user meets it.

mod support;

use jiff::Timestamp;
use listingcheck::snapshot::{Snapshot, SourceFailure};
use support::demo::{DAY1_NAME, DRAFT_A, day1, write_snapshot, write_text};
use support::run;

/// Day 1 fetched again with every exchange unreachable: no market list read, so no asset, and
/// a failure per exchange.
fn every_exchange_unreachable() -> Snapshot {
    let mut snapshot = day1();
    snapshot.taken_at = "2024-07-01T01:00:00Z".parse().unwrap();
    snapshot.assets.clear();
    snapshot.market_lists.clear();
    snapshot.complete = false;
    snapshot.failures = ["upbit", "bithumb", "coinone", "korbit", "gopax"]
        .into_iter()
        .map(|exchange| SourceFailure {
            source: exchange.to_owned(),
            endpoint: format!("https://{exchange}.invalid/markets"),
            error: format!("cannot reach {exchange}: Connection refused"),
            at: Timestamp::UNIX_EPOCH,
            assets: vec![],
        })
        .collect();
    snapshot
}

/// A directory laid out as a user's: `standards/`, and `snapshots/` with day 1 and a later,
/// failed fetch.
fn a_failed_run_after_a_good_one() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("standards/demo")).unwrap();
    std::fs::create_dir_all(dir.path().join("snapshots")).unwrap();
    write_text(
        &dir.path().join("standards/demo"),
        "2024-01-draft.toml",
        DRAFT_A,
    );
    write_text(dir.path(), "a.toml", DRAFT_A);
    write_snapshot(&dir.path().join("snapshots"), DAY1_NAME, &day1());
    write_snapshot(
        &dir.path().join("snapshots"),
        "run-20240701T010000Z.json",
        &every_exchange_unreachable(),
    );
    dir
}

#[test]
fn diff_against_a_snapshot_whose_market_lists_were_not_read_delists_nothing_and_exits_3() {
    let dir = a_failed_run_after_a_good_one();
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "diff",
            &format!("snapshots/{DAY1_NAME}"),
            "snapshots/run-20240701T010000Z.json",
            "--standard",
            "a.toml",
        ],
    );
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(stdout.contains("0 delisted"), "{stdout}");
    assert!(stdout.contains("6 not seen"), "{stdout}");
    assert!(
        stdout
            .contains("NEW did not read the market list of upbit, bithumb, coinone, korbit, gopax"),
        "{stdout}"
    );
    assert!(!stdout.contains("Delisted since OLD"), "{stdout}");
}

#[test]
fn diff_json_lists_the_unread_exchanges_and_the_assets_not_seen() {
    let dir = a_failed_run_after_a_good_one();
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "diff",
            &format!("snapshots/{DAY1_NAME}"),
            "snapshots/run-20240701T010000Z.json",
            "--standard",
            "a.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    let diff: listingcheck::analysis::rundiff::RunDiff = serde_json::from_str(&stdout).unwrap();
    assert!(diff.delisted.is_empty());
    assert_eq!(diff.not_seen.len(), 6);
    assert_eq!(diff.unread_market_lists.len(), 5);
    assert_eq!(diff.source_failures.len(), 5);
}

#[test]
fn check_by_default_skips_an_incomplete_snapshot_and_says_so() {
    let dir = a_failed_run_after_a_good_one();
    let (code, stdout, stderr) = run(dir.path(), &["check"]);
    assert!(
        stderr.contains("skipped snapshot snapshots/run-20240701T010000Z.json: it is incomplete"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("using snapshot snapshots/{DAY1_NAME}")),
        "{stderr}"
    );
    assert!(!stdout.contains("INCOMPLETE"), "{stdout}");
    assert_ne!(code, 3, "{stderr}");
}

#[test]
fn check_with_only_incomplete_snapshots_exits_3_naming_the_newest() {
    let dir = a_failed_run_after_a_good_one();
    std::fs::remove_file(dir.path().join("snapshots").join(DAY1_NAME)).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("every snapshot in snapshots is incomplete"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--snapshot snapshots/run-20240701T010000Z.json"),
        "{stderr}"
    );
}

#[test]
fn check_on_an_incomplete_snapshot_named_explicitly_is_marked_incomplete_and_exits_3() {
    let dir = a_failed_run_after_a_good_one();
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "check",
            "--standard",
            "a.toml",
            "--snapshot",
            "snapshots/run-20240701T010000Z.json",
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(stdout.contains("INCOMPLETE"), "{stdout}");
}

#[test]
fn check_on_an_incomplete_snapshot_with_some_data_exits_3_even_without_failures() {
    let dir = a_failed_run_after_a_good_one();
    let mut partial = day1();
    partial.complete = false;
    partial.failures.clear();
    write_snapshot(dir.path(), "partial.json", &partial);
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "check",
            "--standard",
            "a.toml",
            "--snapshot",
            "partial.json",
        ],
    );
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(stdout.contains("INCOMPLETE"), "{stdout}");
}

#[test]
fn compare_on_an_incomplete_snapshot_is_marked_incomplete_and_exits_3() {
    let dir = a_failed_run_after_a_good_one();
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "compare",
            "a.toml",
            "a.toml",
            "--snapshot",
            "snapshots/run-20240701T010000Z.json",
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(stdout.contains("INCOMPLETE"), "{stdout}");
}

#[test]
fn check_junit_on_an_incomplete_snapshot_counts_each_failed_source_as_an_error() {
    let dir = a_failed_run_after_a_good_one();
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "check",
            "--standard",
            "a.toml",
            "--snapshot",
            "snapshots/run-20240701T010000Z.json",
            "--format",
            "junit",
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    let xml = roxmltree::Document::parse(&stdout).unwrap();
    assert_eq!(
        xml.root_element().attribute("errors"),
        Some("5"),
        "{stdout}"
    );
    assert_eq!(
        xml.descendants()
            .filter(|node| node.has_tag_name("error"))
            .count(),
        5
    );
}

#[test]
fn a_config_error_never_quotes_the_api_key_written_in_it() {
    let dir = tempfile::tempdir().unwrap();
    write_text(
        dir.path(),
        "listingcheck.toml",
        "schema = 1\n\n[sources.coingecko]\napi_key = \"CG-secret123\"\n",
    );
    let (code, stdout, stderr) = run(dir.path(), &["fetch", "--no-progress"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("did you mean `api_key_env`?"), "{stderr}");
    assert!(stderr.contains("api_key = "), "{stderr}");
    assert!(!stderr.contains("secret123"), "{stderr}");
    assert!(!stdout.contains("secret123"), "{stdout}");
}

#[test]
fn a_config_error_never_quotes_a_key_pasted_into_base_url_or_api_key_env() {
    let dir = tempfile::tempdir().unwrap();
    write_text(
        dir.path(),
        "listingcheck.toml",
        "schema = 1\n\n[sources.ethereum]\nbase_url = \"https://mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161\"\n\n[sources.coinmarketcap]\napi_key_env = \"b54bcf4d-1bca-4e8e-9a24-22ff2c3d462c\"\n",
    );
    let (code, _, stderr) = run(dir.path(), &["fetch", "--no-progress"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("seems to hold an API key"), "{stderr}");
    assert!(
        !stderr.contains("9aa3d95b3bc440fa88ea12eaa4456161"),
        "{stderr}"
    );
    assert!(!stderr.contains("b54bcf4d"), "{stderr}");
}
