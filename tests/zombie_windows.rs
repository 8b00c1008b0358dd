//! The 2025 zombie-coin rules over their real windows, through the binary: "global market cap
//! below ₩4 billion for 30 days or more" and "average daily turnover below 1 % for two quarters in
//! a row". Without CoinGecko's daily chart in the snapshot, `check` fills the window from the days
//! earlier runs recorded in the history database beside the snapshots; a window not fully seen
//! never fails on what it lacks (a high is a lower bound) and never passes on it either.

mod support;

use std::path::Path;

use support::drifting::daily_from_sample;
use support::{repo, run};

const STANDARD: &str = "standards/daxa-best-practices/2025-06.toml";

/// A folder with `snapshots/` holding `days` daily snapshots made from the bundled sample, the
/// last on the sample's own 2026-11-20, none with a daily chart; MediBloc's market cap as
/// CoinGecko reports it is $2 m every day, about ₩2.9 bn.
fn days_without_chart(days: u64) -> tempfile::TempDir {
    let first_day = 1 - i64::try_from(days).unwrap();
    daily_from_sample(days, first_day, |snapshot, _| {
        for asset in &mut snapshot.assets {
            asset.market_days.clear();
            if asset.id == "medibloc" {
                for quote in &mut asset.aggregator_quotes {
                    quote.market_cap_usd = Some(2_000_000.0);
                }
            }
        }
    })
}

fn import(dir: &Path) {
    let standard = repo(STANDARD).display().to_string();
    let (code, _, stderr) = run(dir, &["history", "import", "--standard", &standard]);
    assert_eq!(code, 0, "{stderr}");
}

/// The CSV row of `asset` and `rule` in a check of the newest snapshot.
fn row(csv: &str, asset: &str, rule: &str) -> String {
    csv.lines()
        .find(|line| line.starts_with(&format!("{asset},")) && line.contains(&format!(",{rule},")))
        .unwrap_or_else(|| panic!("no {asset} {rule} in\n{csv}"))
        .to_owned()
}

fn check(dir: &Path) -> (String, String) {
    let standard = repo(STANDARD).display().to_string();
    let (code, stdout, stderr) = run(
        dir,
        &["check", "--standard", &standard, "--format", "csv", "--all"],
    );
    assert!(code == 0 || code == 1, "{stderr}");
    (stdout, stderr)
}

#[test]
fn thirty_recorded_days_below_four_billion_won_fail_the_market_cap_rule() {
    let dir = days_without_chart(30);
    import(dir.path());

    let (csv, stderr) = check(dir.path());

    assert!(
        stderr.contains("the windows of days also read the market days recorded in the history snapshots/history.sqlite"),
        "{stderr}"
    );
    let medibloc = row(&csv, "medibloc", "ZOMBIE-MARKET-CAP");
    assert!(medibloc.contains(",fail,warn,"), "{medibloc}");
    assert!(
        medibloc.contains("highest daily global market cap from 2026-10-22 to 2026-11-20: $2.00 m"),
        "{medibloc}"
    );
    assert!(medibloc.contains("(30 of 30 days seen)"), "{medibloc}");
    // The days from the history, the USD/KRW rate from CoinGecko.
    assert!(medibloc.ends_with(",history coingecko"), "{medibloc}");
    let bitcoin = row(&csv, "bitcoin", "ZOMBIE-MARKET-CAP");
    assert!(bitcoin.contains(",pass,warn,"), "{bitcoin}");
}

#[test]
fn a_report_whose_windows_read_the_history_verifies_beside_it() {
    let dir = days_without_chart(30);
    import(dir.path());
    let standard = repo(STANDARD).display().to_string();
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "check",
            "--standard",
            &standard,
            "--format",
            "json",
            "-o",
            "report.json",
        ],
    );
    assert!(code == 0 || code == 1, "{stderr}");
    let newest = listingcheck::snapshot::newest_in(&dir.path().join("snapshots")).unwrap();

    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "verify",
            &newest.display().to_string(),
            "report.json",
            "--standard",
            &standard,
        ],
    );

    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn a_window_seen_in_part_is_a_lower_bound_that_can_pass_but_never_fail() {
    let dir = days_without_chart(10);
    import(dir.path());

    let (csv, _) = check(dir.path());

    let medibloc = row(&csv, "medibloc", "ZOMBIE-MARKET-CAP");
    assert!(medibloc.contains(",unknown,warn,"), "{medibloc}");
    assert!(
        medibloc.contains("only 10 of 30 days were seen, so the true high may be higher"),
        "{medibloc}"
    );
    assert!(
        medibloc.contains("only a lower bound is known, which does not settle this rule"),
        "{medibloc}"
    );
    let bitcoin = row(&csv, "bitcoin", "ZOMBIE-MARKET-CAP");
    assert!(bitcoin.contains(",pass,warn,"), "{bitcoin}");
    // Ten days cover no quarter: the turnover rule cannot be settled either way.
    let turnover = row(&csv, "medibloc", "ZOMBIE-TURNOVER");
    assert!(turnover.contains(",unknown,warn,"), "{turnover}");
    assert!(
        turnover.contains("2026-07-01 to 2026-09-30 not covered (0 of 92 days seen)"),
        "{turnover}"
    );
}

#[test]
fn without_a_chart_or_a_history_the_windows_are_unknown() {
    let dir = days_without_chart(1);

    let (csv, stderr) = check(dir.path());

    assert!(!stderr.contains("history"), "{stderr}");
    for rule in ["ZOMBIE-MARKET-CAP", "ZOMBIE-TURNOVER"] {
        let line = row(&csv, "bitcoin", rule);
        assert!(line.contains(",unknown,warn,"), "{line}");
        assert!(
            line.contains("the asset's market day by day was not observed"),
            "{line}"
        );
    }
}

#[test]
fn a_history_of_schema_1_gains_the_market_table_and_keeps_its_runs() {
    let dir = days_without_chart(2);
    import(dir.path());
    let database = dir.path().join("snapshots/history.sqlite");
    {
        let connection = rusqlite::Connection::open(&database).unwrap();
        connection
            .execute_batch("DROP TABLE market; PRAGMA user_version = 1;")
            .unwrap();
    }

    import(dir.path());

    let connection = rusqlite::Connection::open(&database).unwrap();
    let version: i64 = connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    let (runs, market): (i64, i64) = connection
        .query_row(
            "SELECT (SELECT count(*) FROM runs), (SELECT count(DISTINCT run_id) FROM market)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((version, runs, market), (2, 2, 2));
}
