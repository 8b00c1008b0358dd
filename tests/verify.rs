//! `listingcheck verify SNAPSHOT [REPORT]`: what an auditor relies on, one property each.

mod support;

use std::path::Path;

use support::demo::{DAY1_NAME, DAY2_NAME, demo_dir, write_report};
use support::run;

/// Rewrites a JSON file through `change`.
fn edit_json(path: &Path, change: impl FnOnce(&mut serde_json::Value)) {
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    change(&mut value);
    std::fs::write(path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}

#[test]
fn an_untouched_snapshot_verifies_and_exits_0() {
    let dir = demo_dir();
    let (code, stdout, stderr) = run(dir.path(), &["verify", DAY1_NAME]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("content hash"), "{stdout}");
    assert!(stdout.ends_with("verified\n"), "{stdout}");
}

#[test]
fn a_report_made_from_the_snapshot_verifies_every_verdict() {
    let dir = demo_dir();
    write_report(dir.path(), DAY1_NAME, "day1.json");
    let (code, stdout, stderr) = run(dir.path(), &["verify", DAY1_NAME, "day1.json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("made from this snapshot") && stdout.contains("all equal"),
        "{stdout}"
    );
}

#[test]
fn a_snapshot_edited_after_it_was_written_is_not_verified() {
    let dir = demo_dir();
    let path = dir.path().join(DAY1_NAME);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\"ALP\"", "\"ALQ\"", 1)).unwrap();
    let (code, _, stderr) = run(dir.path(), &["verify", DAY1_NAME]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("does not match its content hash"),
        "{stderr}"
    );
}

#[test]
fn a_snapshot_of_an_unknown_schema_is_not_verified() {
    let dir = demo_dir();
    let path = dir.path().join(DAY1_NAME);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("{\"schema\":1,", "{\"schema\":9,", 1)).unwrap();
    let (code, _, stderr) = run(dir.path(), &["verify", DAY1_NAME]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("schema 9"), "{stderr}");
}

#[test]
fn a_report_of_another_snapshot_is_not_verified() {
    let dir = demo_dir();
    write_report(dir.path(), DAY2_NAME, "day2.json");
    let (code, _, stderr) = run(dir.path(), &["verify", DAY1_NAME, "day2.json"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("was not made from snapshot"), "{stderr}");
}

#[test]
fn a_report_whose_verdict_was_edited_is_not_verified() {
    let dir = demo_dir();
    write_report(dir.path(), DAY1_NAME, "day1.json");
    let path = dir.path().join("day1.json");
    edit_json(&path, |report| {
        let results = report["results"].as_array_mut().unwrap();
        let failing = results
            .iter_mut()
            .find(|result| result["status"] == "fail")
            .expect("day 1 has a failure");
        failing["status"] = "pass".into();
        let summary = &mut report["summary"];
        summary["fail"] = (summary["fail"].as_u64().unwrap() - 1).into();
        summary["pass"] = (summary["pass"].as_u64().unwrap() + 1).into();
        if failing_was_blocking(report) {
            let summary = &mut report["summary"];
            summary["blocking"] = (summary["blocking"].as_u64().unwrap() - 1).into();
        }
    });
    let (code, _, stderr) = run(dir.path(), &["verify", DAY1_NAME, "day1.json"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("evaluating again gives other verdicts"),
        "{stderr}"
    );
    assert!(stderr.contains("the report says pass"), "{stderr}");
}

/// Whether the result just turned to `pass` was a blocking failure: its rule blocks.
fn failing_was_blocking(report: &serde_json::Value) -> bool {
    let blocking_fails = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail" && r["severity"] == "block")
        .count() as u64;
    blocking_fails < report["summary"]["blocking"].as_u64().unwrap()
}

#[test]
fn a_report_whose_summary_does_not_equal_its_rows_is_not_verified() {
    let dir = demo_dir();
    write_report(dir.path(), DAY1_NAME, "day1.json");
    edit_json(&dir.path().join("day1.json"), |report| {
        report["summary"]["fail"] = 0.into();
    });
    let (code, _, stderr) = run(dir.path(), &["verify", DAY1_NAME, "day1.json"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("does not equal its rows"), "{stderr}");
}

#[test]
fn a_report_whose_standard_changed_since_is_not_verified() {
    let dir = demo_dir();
    write_report(dir.path(), DAY1_NAME, "day1.json");
    let standard = dir.path().join("a.toml");
    let text = std::fs::read_to_string(&standard).unwrap();
    std::fs::write(&standard, format!("{text}\n# edited\n")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["verify", DAY1_NAME, "day1.json"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("has changed since the report was made"),
        "{stderr}"
    );
}
