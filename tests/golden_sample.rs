//! The bundled sample is what the pipeline produces: `fetch` over the real-shaped answers of
//! `tests/fixtures/sample/` (derived from the sample's figures) with `--assets assets/sample`
//! gives the committed `snapshots/sample-20261120T000000Z.json`, up to timestamps and the mock
//! servers' URLs (mapped back to each source's real base URL; CoinGecko's to its Pro API, whose
//! `days=max` history the sample's first trades come from).
//!
//! `LISTINGCHECK_BLESS=1 cargo test --test golden_sample` rewrites the committed sample from the
//! fetch instead, with `taken_at` 2026-11-20T00:00:00Z and each request's `fetched_at` a
//! millisecond after the one before, so that the sample *is* fetch output.

mod support;

use jiff::Timestamp;
use listingcheck::fetch::{FetchOptions, Scope, run_with};
use listingcheck::snapshot::{self, Snapshot};

use support::repo;
use support::sample_world::{World, normalize_timestamps};

const SAMPLE: &str = "snapshots/sample-20261120T000000Z.json";

/// What the sample's fetch was given: the descriptors as the test passes them (a relative path,
/// which is what the disclosure requests name), and every key the sample's sources use.
async fn fetch_the_sample() -> Snapshot {
    let world = World::sample().await;
    let http = world.http(&[
        ("CMC_API_KEY", "sample-cmc-key"),
        ("ETHERSCAN_API_KEY", "sample-etherscan-key"),
    ]);
    let options = FetchOptions {
        assets_dir: Some("assets/sample".into()),
        scope: Scope::Universe,
        ..FetchOptions::default()
    };
    let outcome = run_with(&http, &options).await.expect("the sample fetches");
    let mut snapshot = outcome.snapshot;
    world.unmock(&mut snapshot);
    let taken_at: Timestamp = "2026-11-20T00:00:00Z".parse().unwrap();
    normalize_timestamps(&mut snapshot, taken_at);
    snapshot
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bundled_sample_is_what_fetch_makes_of_the_sample_answers() {
    let committed = snapshot::read(&repo(SAMPLE)).unwrap_or_else(|error| panic!("{error}"));
    let mut fetched = fetch_the_sample().await;
    assert!(
        fetched.failures.is_empty(),
        "the sample fetch failed: {:#?}",
        fetched.failures
    );
    fetched.sample = true;
    fetched.note.clone_from(&committed.snapshot.note);

    support::assert_committed_is_generated(
        &repo(SAMPLE),
        &snapshot::to_json(&fetched),
        "cargo test --test golden_sample",
    );
}
