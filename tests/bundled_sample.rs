//! The bundled sample and the shipped standards, through the real binary: what a newcomer sees
//! with `cargo run --release -- check`, and what FSS staff see comparing the two shipped drafts.

mod support;

use serde_json::Value as Json;
use support::run_in_repo as listingcheck;

const SAMPLE: &str = "snapshots/sample-20261120T000000Z.json";
const WAIVERS: &str = "snapshots/sample-waivers.toml";
const DRAFT_A: &str = "standards/fss-listing/2026-draft-a.toml";
const DRAFT_B: &str = "standards/fss-listing/2026-draft-b.toml";

fn json(args: &[&str]) -> Json {
    let (_, stdout, stderr) = listingcheck(args);
    serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stderr}"))
}

#[test]
fn check_with_no_arguments_says_which_standard_and_snapshot_it_chose() {
    let (code, _, stderr) = listingcheck(&["check"]);
    assert_eq!(code, 1, "the sample has blocking failures");
    assert!(
        stderr.contains("using standard standards/daxa-best-practices/2025-06.toml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the newest adopted standard in standards/"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "using snapshot {SAMPLE} (the newest in snapshots/)"
        )),
        "{stderr}"
    );
}

#[test]
fn the_default_check_of_the_sample_gives_every_status() {
    let report = json(&["check", "--waivers", WAIVERS, "--format", "json"]);
    let summary = &report["summary"];
    for status in ["pass", "warn", "fail", "unknown", "waived"] {
        assert!(
            summary[status].as_u64().unwrap() > 0,
            "no `{status}` in {summary}"
        );
    }
    assert_eq!(report["snapshot"]["sample"], true);
    assert_eq!(report["standard"]["id"], "daxa-best-practices");
}

#[test]
fn the_sample_waivers_show_applied_expiring_expired_and_unmatched() {
    let report = json(&["check", "--waivers", WAIVERS, "--format", "json"]);
    let states: Vec<(String, String, bool)> = report["waivers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["asset"].as_str().unwrap().to_owned(),
                w["state"].as_str().unwrap().to_owned(),
                w["expiring_soon"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(
        states.contains(&("curve-dao-token".into(), "applied".into(), false)),
        "{states:?}"
    );
    assert!(
        states.contains(&("ethereum-name-service".into(), "applied".into(), true)),
        "{states:?}"
    );
    assert!(
        states.contains(&("axie-infinity".into(), "expired".into(), false)),
        "{states:?}"
    );
    assert!(
        states.contains(&("shiba".into(), "unmatched".into(), false)),
        "{states:?}"
    );
}

#[test]
fn the_default_table_of_the_sample() {
    let (code, stdout, _) = listingcheck(&["check", "--waivers", WAIVERS]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn the_json_report_of_the_wemix_case() {
    let report = json(&[
        "check",
        "--snapshot",
        "snapshots/cases/wemix-2022-10-25.json",
        "--standard",
        DRAFT_A,
        "--format",
        "json",
    ]);
    insta::assert_json_snapshot!(report);
}

#[test]
fn every_format_renders_the_sample() {
    for format in ["table", "json", "markdown", "csv", "junit", "html"] {
        let (code, stdout, stderr) = listingcheck(&["check", "--format", format]);
        assert_eq!(code, 1, "{format}: {stderr}");
        assert!(
            stdout.len() > 1000,
            "{format} printed {} bytes",
            stdout.len()
        );
    }
}

#[test]
fn the_html_report_folds_every_asset_with_a_finding_with_its_results_and_evidence() {
    let (_, html, _) = listingcheck(&["check", "--format", "html"]);
    let report = json(&["check", "--format", "json"]);
    let results = report["results"].as_array().unwrap();
    let mut with_findings: Vec<&str> = results
        .iter()
        .filter(|r| r["status"] != "pass")
        .map(|r| r["asset"].as_str().unwrap())
        .collect();
    with_findings.sort_unstable();
    with_findings.dedup();
    let their_results = results
        .iter()
        .filter(|r| with_findings.contains(&r["asset"].as_str().unwrap()))
        .count();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert_eq!(
        html.matches("<details class=\"asset\">").count(),
        with_findings.len()
    );
    let folded = &html[html.find("<details class=\"asset\">").unwrap()..];
    assert_eq!(
        folded.matches("<tr><td>").count(),
        their_results,
        "every result of those assets, passing ones too, with its evidence"
    );
    assert!(
        html.contains("class=\"chart\" role=\"img\""),
        "the chart is inline"
    );
    for loads in [
        "<script src",
        " src=\"",
        "<link",
        "@import",
        "url(",
        "http-equiv",
    ] {
        assert!(!html.contains(loads), "the page loads nothing: {loads}");
    }
}

#[test]
fn the_csv_report_lists_every_result_passing_ones_too() {
    let (_, csv, _) = listingcheck(&["check", "--format", "csv"]);
    let report = json(&["check", "--format", "json"]);
    let results = report["results"].as_array().unwrap().len();
    assert_eq!(
        csv.lines().count(),
        results + 1,
        "one header line and one line per result"
    );
}

#[test]
fn compare_of_the_shipped_fss_drafts_on_the_sample() {
    let comparison = json(&[
        "compare",
        DRAFT_A,
        DRAFT_B,
        "--snapshot",
        SAMPLE,
        "--format",
        "json",
    ]);
    let summary = &comparison["summary"];
    assert_eq!(summary["assets"], 38);
    assert_eq!(summary["failing_a"], 4);
    assert_eq!(summary["failing_b"], 4);
    assert_eq!(summary["newly_failing"], 3);
    assert_eq!(summary["newly_passing"], 2);
    assert_eq!(summary["other_changes"], 3);
    assert_eq!(summary["unchanged"], 30);
    let by_change = |change: &str| -> Vec<String> {
        comparison["assets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["change"] == change)
            .map(|a| a["asset"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        by_change("newly_failing"),
        ["berachain-bera", "kaito", "pudgy-penguins"]
    );
    assert_eq!(
        by_change("newly_passing"),
        ["axie-infinity", "worldcoin-wld"]
    );
    let rule = |id: &str| {
        comparison["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no rule {id}"))
            .clone()
    };
    assert_eq!(rule("MIN-MARKET-CAP")["change"], "removed");
    assert_eq!(rule("CIRC-REPORTED-GAP")["change"], "added");
    assert_eq!(
        rule("FOREIGN-TRACK-RECORD")["flipped"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn compare_exits_0_even_when_a_draft_fails_assets() {
    let (code, _, stderr) = listingcheck(&["compare", DRAFT_A, DRAFT_B, "--snapshot", SAMPLE]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn compare_of_a_shipped_draft_with_itself_changes_nothing() {
    let comparison = json(&[
        "compare",
        DRAFT_A,
        DRAFT_A,
        "--snapshot",
        SAMPLE,
        "--format",
        "json",
    ]);
    let summary = &comparison["summary"];
    assert_eq!(summary["newly_failing"], 0);
    assert_eq!(summary["newly_passing"], 0);
    assert_eq!(summary["other_changes"], 0);
    assert_eq!(summary["unchanged"], 38);
}

#[test]
fn every_shipped_standard_lints_clean() {
    let (code, _, stderr) = listingcheck(&["standards", "lint", "--deny-warnings"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 error(s), 0 warning(s)"), "{stderr}");
}

#[test]
fn the_help_lists_every_command() {
    let (code, stdout, _) = listingcheck(&["--help"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}
