//! `listingcheck fetch` and `listingcheck precheck` as a user runs them: the binary, in a
//! directory of its own with a `listingcheck.toml` pointing every source at the sample world.

use std::path::{Path, PathBuf};

use listingcheck::snapshot::{self, SnapshotFile};
use tempfile::TempDir;
use wiremock::ResponseTemplate;

use crate::support::sample_world::World;
use crate::support::{Run, get, repo, run_with_env};

/// Runs the binary in `dir` with `env` as extra environment, off the async runtime so that the
/// mock servers keep answering.
pub(crate) async fn listingcheck(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let dir = dir.to_owned();
    let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run_with_env(&dir, &args, &env)
    })
    .await
    .unwrap()
}

/// A working directory with the world's `listingcheck.toml`.
pub(crate) fn workdir(world: &World) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("listingcheck.toml"), world.config_toml()).unwrap();
    dir
}

pub(crate) fn path_arg(path: &Path) -> String {
    path.display().to_string()
}

/// The one snapshot written under `dir`.
pub(crate) fn written(dir: &Path) -> SnapshotFile {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    let [file] = files.as_slice() else {
        panic!("expected one snapshot in {}: {files:?}", dir.display())
    };
    snapshot::read(file).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_writes_a_snapshot_says_where_and_exits_0() {
    let world = World::sample().await;
    let dir = workdir(&world);
    let assets = path_arg(&repo("assets/sample"));

    let run = listingcheck(
        dir.path(),
        &["fetch", "--assets", &assets, "--no-progress"],
        &[],
    )
    .await;

    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = written(&dir.path().join("snapshots"));
    let name = file.path.file_name().unwrap().to_str().unwrap().to_owned();
    assert!(
        name.starts_with("snapshot-2") && name.ends_with("Z.json"),
        "{name}"
    );
    assert!(
        run.stderr
            .contains(&format!("wrote snapshots/{name} (sha256 ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "38 assets (17 by descriptor, 20 matched on CoinGecko, 1 unresolved; 0 candidates) from"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("No source failed."), "{}", run.stderr);
    assert!(file.snapshot.complete);
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_exits_3_when_a_source_failed_and_still_writes_the_incomplete_snapshot() {
    let world = World::sample().await;
    get(listingcheck::source::exchanges::upbit::MARKETS_PATH)
        .respond_with(ResponseTemplate::new(500))
        .with_priority(1)
        .mount(world.server("upbit"))
        .await;
    let dir = workdir(&world);
    let out = dir.path().join("today.json");

    let run = listingcheck(
        dir.path(),
        &["fetch", "--no-progress", "--out", &path_arg(&out)],
        &[],
    )
    .await;

    assert_eq!(run.code, 3, "{}", run.stderr);
    let file = snapshot::read(&out).unwrap();
    assert!(!file.snapshot.complete);
    assert_eq!(file.snapshot.failures[0].source, "upbit");
    assert!(
        run.stderr
            .contains("1 source failure: the snapshot is incomplete"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("  failed: upbit answered HTTP 500 at"),
        "{}",
        run.stderr
    );
    assert!(
        file.snapshot
            .assets
            .iter()
            .any(|asset| asset.symbol == "WLD"),
        "Bithumb's listings are kept"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_candidate_given_with_asset_is_marked_candidate() {
    let world = World::sample().await;
    let dir = workdir(&world);
    let candidate = path_arg(&repo("tests/fixtures/fetch/curve-dao-token.toml"));

    let run = listingcheck(
        dir.path(),
        &[
            "fetch",
            "--assets",
            &path_arg(&repo("assets/sample")),
            "--asset",
            &candidate,
            "--no-progress",
        ],
        &[("CMC_API_KEY", "test-cmc-key")],
    )
    .await;

    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = written(&dir.path().join("snapshots"));
    let curve = file
        .snapshot
        .assets
        .iter()
        .find(|asset| asset.symbol == "CRV")
        .unwrap();
    assert!(curve.candidate);
    assert_eq!(curve.id, "curve-dao-token");
    assert_eq!(
        curve.identified_by,
        listingcheck::snapshot::IdentifiedBy::Descriptor
    );
    assert_eq!(
        file.snapshot.assets.iter().filter(|a| a.candidate).count(),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn precheck_prints_every_rule_for_the_candidate_and_saves_its_snapshot() {
    let world = World::sample().await;
    let dir = workdir(&world);
    let standard = repo("standards/daxa-best-practices/2025-06.toml");
    let candidate = path_arg(&repo("tests/fixtures/fetch/curve-dao-token.toml"));

    let run = listingcheck(
        dir.path(),
        &[
            "precheck",
            &candidate,
            "--standard",
            &path_arg(&standard),
            "--format",
            "json",
            "--no-progress",
        ],
        &[],
    )
    .await;

    let saved = written(&dir.path().join("snapshots"));
    let name = saved.path.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("precheck-curve-dao-token-2"), "{name}");
    assert!([0, 1].contains(&run.code), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules = listingcheck::inputs::standard::load(&standard)
        .unwrap()
        .standard
        .rules;
    let [curve] = saved.snapshot.assets.as_slice() else {
        panic!("the precheck snapshot holds the candidate only")
    };
    let applicable = rules
        .iter()
        .filter(|rule| listingcheck::eval::applies(&rule.applies_to, curve))
        .count();
    assert_eq!(
        applicable,
        rules.len() - 1,
        "the meme-coin rule names its assets"
    );
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), applicable, "every rule, passing ones too");
    assert!(
        results
            .iter()
            .all(|result| result["asset"] == "curve-dao-token")
    );
    let statuses: Vec<&str> = results
        .iter()
        .map(|result| result["status"].as_str().unwrap())
        .collect();
    assert!(statuses.contains(&"pass"), "{statuses:?}");
    assert_eq!(report["snapshot"]["complete"], true);
    let domestic = results
        .iter()
        .find(|result| result["metric"] == "domestic_exchange_count");
    if let Some(domestic) = domestic {
        assert_eq!(
            domestic["value"], 3.0,
            "listed on Coinone, Korbit and GOPAX"
        );
    }
}

/// Curve's candidate descriptor written into `dir` with `added` after its line `after`.
fn curve_with(dir: &Path, after: &str, added: &str) -> String {
    let text = std::fs::read_to_string(repo("tests/fixtures/fetch/curve-dao-token.toml")).unwrap();
    let line = format!("{after}\n");
    assert!(text.contains(&line), "no line `{after}`");
    let path = dir.join("curve-dao-token.toml");
    std::fs::write(&path, text.replacen(&line, &format!("{line}{added}"), 1)).unwrap();
    path_arg(&path)
}

/// Curve's team wallet (612,000,000 CRV on the sample chain) staking 600,000,000, and what the
/// descriptor says of the 12,000,000 rewards.
const TEAM_WALLET: &str = "label = \"TEST: illustrative team vesting\"";

/// The line of Curve's descriptor after which its `[asset]` table can take another key.
const COINGECKO_ID: &str = "coingecko = \"curve-dao-token\"";

#[tokio::test(flavor = "multi_thread")]
async fn staking_rewards_of_an_excluded_wallet_circulate_only_when_its_descriptor_says_so() {
    let world = World::sample().await;
    let standard = path_arg(&repo("standards/daxa-best-practices/2025-06.toml"));
    let mut seen = Vec::new();
    for rewards in ["", "staking_rewards_circulate = true\n"] {
        let dir = workdir(&world);
        let candidate = curve_with(
            dir.path(),
            TEAM_WALLET,
            &format!("staked = 600_000_000\n{rewards}"),
        );
        let run = listingcheck(
            dir.path(),
            &[
                "precheck",
                &candidate,
                "--standard",
                &standard,
                "--format",
                "json",
                "--no-progress",
            ],
            &[],
        )
        .await;
        assert!([0, 1].contains(&run.code), "{}", run.stderr);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let circulation = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|result| result["rule"] == "CIRC-PLAN")
            .unwrap()["finding"]["args"]["circulating"]["amount"]
            .clone();
        let rewards = report["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| {
                item["what"]["id"]
                    .as_str()
                    .is_some_and(|id| id.starts_with("staking-rewards-"))
            })
            .unwrap_or_else(|| panic!("no staking rewards in the evidence: {}", run.stdout));
        seen.push((
            circulation,
            rewards["what"]["id"].clone(),
            rewards["value"]["amount"].clone(),
        ));
    }
    assert_eq!(
        seen,
        [
            (
                serde_json::json!("1383000000"),
                serde_json::json!("staking-rewards-excluded"),
                serde_json::json!("12000000")
            ),
            (
                serde_json::json!("1395000000"),
                serde_json::json!("staking-rewards-circulating"),
                serde_json::json!("12000000")
            ),
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn staking_rewards_that_circulate_without_a_staked_principal_are_refused() {
    let world = World::sample().await;
    let dir = workdir(&world);
    let candidate = curve_with(
        dir.path(),
        TEAM_WALLET,
        "staking_rewards_circulate = true\n",
    );

    let run = listingcheck(dir.path(), &["precheck", &candidate, "--no-progress"], &[]).await;

    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[missing-key]: staking rewards that circulate need the principal they are counted above"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_issuers_supply_url_is_its_claim_against_the_plan_and_the_chain() {
    let world = World::sample().await;
    let issuer = wiremock::MockServer::start().await;
    // As issuers publish it for the aggregators: one number, a line end after it.
    wiremock::Mock::given(wiremock::matchers::path("/api/circulating-supply"))
        .respond_with(ResponseTemplate::new(200).set_body_string("1390000000.5\n"))
        .expect(1)
        .mount(&issuer)
        .await;
    let dir = workdir(&world);
    let url = format!("{}/api/circulating-supply", issuer.uri());
    let supply_url = format!("supply_url = \"{url}\"\n");
    let candidate = curve_with(dir.path(), COINGECKO_ID, &supply_url);

    let run = listingcheck(
        dir.path(),
        &[
            "precheck",
            &candidate,
            "--standard",
            &path_arg(&repo("standards/listing-monitor/2026-12.toml")),
            "--format",
            "json",
            "--no-progress",
        ],
        &[],
    )
    .await;

    assert!([0, 1].contains(&run.code), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let claim = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["rule"] == "ISSUER-CLAIM")
        .unwrap();
    assert!(claim["value"].is_number(), "{claim}");
    let args = &claim["finding"]["args"];
    assert_eq!(args["claimed"]["amount"], "1390000000.5", "{claim}");
    assert_eq!(args["source"]["message"]["id"], "source-issuer", "{claim}");
    let request = report["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|request| request["source"] == "issuer")
        .unwrap_or_else(|| panic!("no issuer request in {}", report["requests"]));
    assert_eq!(request["endpoint"], url.as_str());
    // Recorded in the snapshot as the issuer's quote.
    let saved = written(&dir.path().join("snapshots"));
    let quote = saved.snapshot.assets[0]
        .aggregator_quotes
        .iter()
        .find(|quote| quote.source == listingcheck::snapshot::Aggregator::Issuer)
        .unwrap();
    assert_eq!(
        quote.circulating_supply.unwrap().to_string(),
        "1390000000.5"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_supply_url_that_answers_no_plain_number_is_a_failure_naming_it() {
    let world = World::sample().await;
    let issuer = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/supply"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&issuer)
        .await;
    let dir = workdir(&world);
    let supply_url = format!("supply_url = \"{}/supply\"\n", issuer.uri());
    let candidate = curve_with(dir.path(), COINGECKO_ID, &supply_url);

    let run = listingcheck(
        dir.path(),
        &["precheck", &candidate, "--format", "json", "--no-progress"],
        &[],
    )
    .await;

    assert_eq!(run.code, 3, "an incomplete snapshot: {}", run.stderr);
    let saved = written(&dir.path().join("snapshots"));
    let failure = saved
        .snapshot
        .failures
        .iter()
        .find(|failure| failure.source == "issuer")
        .unwrap_or_else(|| panic!("{:?}", saved.snapshot.failures));
    assert!(
        failure
            .error
            .contains("`<html>maintenance</html>` is not a plain number"),
        "{}",
        failure.error
    );
    assert_eq!(failure.assets, ["curve-dao-token"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn precheck_exits_3_and_says_incomplete_when_a_source_failed() {
    let world = World::sample().await;
    get(listingcheck::source::exchanges::coinone::MARKETS_PATH)
        .respond_with(ResponseTemplate::new(500))
        .with_priority(1)
        .mount(world.server("coinone"))
        .await;
    let dir = workdir(&world);
    let standard = repo("standards/daxa-best-practices/2025-06.toml");

    let run = listingcheck(
        dir.path(),
        &[
            "precheck",
            &path_arg(&repo("tests/fixtures/fetch/curve-dao-token.toml")),
            "--standard",
            &path_arg(&standard),
            "--no-progress",
        ],
        &[],
    )
    .await;

    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("INCOMPLETE: 1 source(s) failed: coinone"),
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_key_never_appears_in_the_written_snapshot() {
    let world = World::sample().await;
    let dir = workdir(&world);
    let key = "cmc-secret-7f3a9b";
    let out = dir.path().join("keyed.json");

    let run = listingcheck(
        dir.path(),
        &[
            "fetch",
            "--assets",
            &path_arg(&repo("assets/sample")),
            "--out",
            &path_arg(&out),
            "--no-progress",
        ],
        &[
            ("CMC_API_KEY", key),
            ("COINGECKO_API_KEY", "cg-secret-1c2d"),
            ("RUST_LOG", "listingcheck=debug"),
        ],
    )
    .await;

    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = snapshot::read(&out).unwrap();
    assert!(
        file.snapshot
            .requests
            .iter()
            .any(|request| request.source == "coinmarketcap"),
        "CoinMarketCap was asked, with the key"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    for secret in [key, "cg-secret-1c2d"] {
        assert!(!text.contains(secret), "the snapshot holds {secret}");
        assert!(!run.stderr.contains(secret), "the log holds {secret}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_descriptors_claiming_one_symbol_are_bad_input_naming_both() {
    let world = World::sample().await;
    let dir = workdir(&world);
    let assets = dir.path().join("assets");
    std::fs::create_dir(&assets).unwrap();
    let curve = std::fs::read_to_string(repo("tests/fixtures/fetch/curve-dao-token.toml")).unwrap();
    std::fs::write(assets.join("curve-dao-token.toml"), &curve).unwrap();
    std::fs::write(
        assets.join("curve-copy.toml"),
        curve.replace("id = \"curve-dao-token\"", "id = \"curve-copy\""),
    )
    .unwrap();

    let run = listingcheck(dir.path(), &["fetch", "--no-progress"], &[]).await;

    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: assets/curve-copy.toml and assets/curve-dao-token.toml both describe symbol CRV"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !dir.path().join("snapshots").exists(),
        "nothing was fetched"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_descriptor_is_bad_input_with_its_diagnostics() {
    let world = World::sample().await;
    let dir = workdir(&world);
    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        "schema = 1\n[asset]\nid = \"Broken\"\nsymbol = \"BRK\"\nname = \"Broken\"\n",
    )
    .unwrap();

    let run = listingcheck(
        dir.path(),
        &["fetch", "--asset", &path_arg(&broken), "--no-progress"],
        &[],
    )
    .await;

    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("broken.toml:3:6: error[invalid-value]"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_assets_directory_that_does_not_exist_is_bad_input() {
    let world = World::sample().await;
    let dir = workdir(&world);

    let run = listingcheck(
        dir.path(),
        &["fetch", "--assets", "no-such-dir", "--no-progress"],
        &[],
    )
    .await;

    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: --assets no-such-dir: no such directory of asset descriptors\n"
    );
}

/// `listingcheck run` in `dir` against the sample world, checked with the default DAXA standard.
pub(crate) async fn run_job(dir: &Path, extra: &[&str]) -> Run {
    let assets = path_arg(&repo("assets/sample"));
    let standard = path_arg(&repo("standards/daxa-best-practices/2025-06.toml"));
    let mut args = vec![
        "run",
        "--assets",
        &assets,
        "--standard",
        &standard,
        "--no-progress",
    ];
    args.extend_from_slice(extra);
    listingcheck(dir, &args, &[("CMC_API_KEY", "test-cmc-key")]).await
}

/// The files `prefix*.json` directly in `dir`, sorted.
pub(crate) fn files(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|entry| entry.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|path| {
        path.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with(prefix)
    });
    files.sort();
    files
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_run_is_the_baseline_and_its_blocking_failures_are_new() {
    let world = World::sample().await;
    let dir = workdir(&world);

    let first = run_job(dir.path(), &[]).await;

    assert_eq!(
        first.code, 1,
        "the sample has blocking failures: {}",
        first.stderr
    );
    assert!(
        first.stdout.starts_with("# Changes since the last run"),
        "{}",
        first.stdout
    );
    assert!(
        first.stdout.contains("this run is the baseline"),
        "{}",
        first.stdout
    );
    assert_eq!(files(&dir.path().join("snapshots"), "run-").len(), 1);
    assert_eq!(
        files(&dir.path().join("snapshots/reports"), "report-").len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_run_on_unchanged_data_reports_nothing_new_and_exits_0() {
    let world = World::sample().await;
    let dir = workdir(&world);

    run_job(dir.path(), &[]).await;
    let second = run_job(dir.path(), &["--format", "json"]).await;

    assert_eq!(second.code, 0, "{}\n{}", second.stdout, second.stderr);
    let diff: serde_json::Value = serde_json::from_str(&second.stdout).unwrap();
    let summary = &diff["summary"];
    for count in [
        "new_failures",
        "resolved",
        "new_unknowns",
        "other_changes",
        "moved",
        "listed",
        "delisted",
    ] {
        assert_eq!(summary[count], 0, "{count}: {summary}");
    }
    assert!(
        second
            .stderr
            .contains("compared with the previous run's report snapshots/reports/report-"),
        "{}",
        second.stderr
    );
    assert_eq!(
        files(&dir.path().join("snapshots"), "run-").len(),
        2,
        "two runs, two snapshots"
    );
    assert_eq!(
        files(&dir.path().join("snapshots/reports"), "report-").len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_runs_started_at_once_take_turns_and_both_leave_whole_files() {
    let world = World::sample().await;
    let dir = workdir(&world);

    let (a, b) = tokio::join!(run_job(dir.path(), &[]), run_job(dir.path(), &[]));

    let mut codes = [a.code, b.code];
    codes.sort_unstable();
    assert_eq!(
        codes,
        [0, 1],
        "the first is the baseline (1), the second finds nothing new (0)\n{}\n{}",
        a.stderr,
        b.stderr
    );
    let snapshots = files(&dir.path().join("snapshots"), "run-");
    let reports = files(&dir.path().join("snapshots/reports"), "report-");
    assert_eq!(
        (snapshots.len(), reports.len()),
        (2, 2),
        "{snapshots:?} {reports:?}"
    );
    for path in &snapshots {
        snapshot::read(path).unwrap_or_else(|error| panic!("{error}"));
    }
    for path in &reports {
        let report: listingcheck::eval::Report =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(report.summary.assets, 38);
    }
    assert!(
        !dir.path().join("snapshots").read_dir().unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp")),
        "no temporary file is left"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn keep_removes_all_but_the_newest_runs() {
    let world = World::sample().await;
    let dir = workdir(&world);

    for _ in 0..3 {
        run_job(dir.path(), &["--keep", "2"]).await;
    }

    assert_eq!(files(&dir.path().join("snapshots"), "run-").len(), 2);
    assert_eq!(
        files(&dir.path().join("snapshots/reports"), "report-").len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn run_gives_junit_for_ci_systems() {
    let world = World::sample().await;
    let dir = workdir(&world);

    let run = run_job(dir.path(), &["--format", "junit"]).await;

    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        roxmltree::Document::parse(&run.stdout).is_ok(),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("<failure"),
        "the baseline's blocking failures are new: {}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn keep_zero_is_refused_as_it_would_delete_the_run_itself() {
    let world = World::sample().await;
    let dir = workdir(&world);

    let run = run_job(dir.path(), &["--keep", "0"]).await;

    assert_eq!(run.code, 2, "{}", run.stderr);
}
