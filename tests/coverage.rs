//! `listingcheck assets coverage` on the bundled sample: which listed assets lack a descriptor, a
//! circulation plan or excluded wallets, the largest market cap first, in every format it has.

mod support;

use support::{run_in_repo, run_with_env};

const SAMPLE: &str = "snapshots/sample-20261120T000000Z.json";

fn coverage(extra: &[&str]) -> String {
    let mut args = vec!["assets", "coverage", "--snapshot", SAMPLE];
    args.extend_from_slice(extra);
    let run = run_with_env(&support::repo(""), &args, &[("COLUMNS", "100")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn the_table_lists_the_gaps_largest_first_in_english_and_korean() {
    insta::assert_snapshot!("coverage_table", coverage(&[]));
    insta::assert_snapshot!("coverage_table_ko", coverage(&["--lang", "ko"]));
}

#[test]
fn csv_and_json_give_the_same_rows_with_codes() {
    let csv = coverage(&["--format", "csv"]);
    insta::assert_snapshot!("coverage_csv", csv);
    let json: serde_json::Value = serde_json::from_str(&coverage(&["--format", "json"])).unwrap();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["listed"], 38);
    let gaps = json["gaps"].as_array().unwrap();
    assert_eq!(gaps.len() as u64 + json["covered"].as_u64().unwrap(), 38);
    assert_eq!(gaps.len(), csv.lines().count() - 1, "one CSV row per gap");
    // The largest market cap first, an unknown one last.
    let caps: Vec<f64> = gaps
        .iter()
        .filter_map(|gap| gap["market_cap_usd"].as_f64())
        .collect();
    assert!(caps.windows(2).all(|pair| pair[0] >= pair[1]), "{caps:?}");
    assert!(gaps.last().unwrap()["market_cap_usd"].is_null());
    // The 21 assets without a descriptor lack everything.
    let without = gaps.iter().filter(|gap| gap["descriptor"] == false).count();
    assert_eq!(without, 21);
}

#[test]
fn a_bad_snapshot_is_bad_input() {
    let (code, _, stderr) = run_in_repo(&["assets", "coverage", "--snapshot", "nope.json"]);
    assert_eq!(code, 2, "{stderr}");
}
