//! Missing or failed data is never good news: the regressions of issue 11 ("Trust") that need the
//! binary talking to sources (the sample world, or hosts that do not exist).

use std::fmt::Write as _;

use wiremock::ResponseTemplate;

use crate::binary::{files, listingcheck, path_arg, run_job, workdir};
use crate::support::sample_world::{COINGECKO_PREFIX, World};
use crate::support::{get, repo};

/// Mounts HTTP 500 on the market list of every exchange and on CoinGecko's two global calls:
/// seven sources down, as the issue found it.
async fn seven_sources_down(world: &World) {
    use listingcheck::source::exchanges::{bithumb, coinone, gopax, korbit, upbit};
    for (source, path) in [
        ("upbit", upbit::MARKETS_PATH),
        ("bithumb", bithumb::MARKETS_PATH),
        ("coinone", coinone::MARKETS_PATH),
        ("korbit", korbit::PAIRS_PATH),
        ("gopax", gopax::PAIRS_PATH),
    ] {
        get(path)
            .respond_with(ResponseTemplate::new(500))
            .with_priority(1)
            .mount(world.server(source))
            .await;
    }
    for rest in ["/coins/list?include_platform=true", "/exchange_rates"] {
        get(&format!("{COINGECKO_PREFIX}{rest}"))
            .respond_with(ResponseTemplate::new(500))
            .with_priority(1)
            .mount(world.server("coingecko"))
            .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn run_junit_with_sources_down_exits_3_and_counts_each_failure_as_an_error() {
    let world = World::sample().await;
    seven_sources_down(&world).await;
    let dir = workdir(&world);

    let run = run_job(dir.path(), &["--format", "junit"]).await;

    assert_eq!(run.code, 3, "{}", run.stderr);
    let xml = roxmltree::Document::parse(&run.stdout).unwrap();
    let errors: usize = xml
        .root_element()
        .attribute("errors")
        .unwrap()
        .parse()
        .unwrap();
    assert!(errors >= 7, "{}", run.stdout);
    assert!(
        xml.descendants()
            .filter(|node| node.has_tag_name("error"))
            .any(|node| node
                .attribute("message")
                .unwrap()
                .contains("source upbit failed")),
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_after_a_failed_run_is_compared_with_the_last_complete_one() {
    let world = World::sample().await;
    let dir = workdir(&world);
    assert_eq!(run_job(dir.path(), &[]).await.code, 1, "the baseline");
    let down = World::sample().await;
    seven_sources_down(&down).await;
    std::fs::write(dir.path().join("listingcheck.toml"), down.config_toml()).unwrap();
    assert_eq!(run_job(dir.path(), &[]).await.code, 3, "the failed run");
    std::fs::write(dir.path().join("listingcheck.toml"), world.config_toml()).unwrap();

    let third = run_job(dir.path(), &[]).await;

    assert_eq!(third.code, 0, "{}{}", third.stdout, third.stderr);
    assert!(
        third
            .stdout
            .contains("was passed over: its data was incomplete"),
        "{}",
        third.stdout
    );
    assert!(
        third.stdout.contains("0 listed, 0 delisted"),
        "{}",
        third.stdout
    );
    assert_eq!(files(&dir.path().join("snapshots"), "run-").len(), 3);
}

/// A `listingcheck.toml` pointing every source at a host name that does not resolve, with the
/// default retries.
fn offline_config() -> String {
    let mut text = String::from("schema = 1\n");
    for source in crate::support::sample_world::SOURCES {
        let _ = write!(
            text,
            "\n[sources.{source}]\nbase_url = \"http://{source}.listingcheck-test.invalid\"\n"
        );
    }
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn a_host_that_does_not_resolve_is_not_retried() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("listingcheck.toml"), offline_config()).unwrap();

    let run = listingcheck(
        dir.path(),
        &[
            "precheck",
            &path_arg(&repo("tests/fixtures/fetch/curve-dao-token.toml")),
            "--standard",
            &path_arg(&repo("standards/daxa-best-practices/2025-06.toml")),
            "--no-progress",
        ],
        &[],
    )
    .await;

    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(!run.stderr.contains("retrying"), "{}", run.stderr);
    assert!(run.stdout.contains("dns error"), "{}", run.stdout);
    assert!(!run.stdout.contains("retried 4 times"), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn precheck_with_no_market_list_read_never_says_not_traded_in_a_krw_market() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("listingcheck.toml"), offline_config()).unwrap();

    let run = listingcheck(
        dir.path(),
        &[
            "precheck",
            &path_arg(&repo("tests/fixtures/fetch/curve-dao-token.toml")),
            "--standard",
            &path_arg(&repo("standards/daxa-best-practices/2025-06.toml")),
            "--no-progress",
            "--format",
            "json",
        ],
        &[],
    )
    .await;

    assert_eq!(run.code, 3, "{}", run.stderr);
    // The JSON report names the finding by its message id; its English text is "no KRW market
    // is known: the market list of … was not read".
    assert!(!run.stdout.contains("\"not-traded-krw\""), "{}", run.stdout);
    assert!(
        run.stdout.contains("\"krw-market-unknown\""),
        "{}",
        run.stdout
    );
}
