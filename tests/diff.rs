//! `listingcheck diff OLD NEW`: what changed between two runs, and the exit code a scheduled job
//! branches on.

mod support;

use listingcheck::analysis::rundiff::RunDiff;
use support::demo::{
    self, DAY1_NAME, DAY2_NAME, asset, day1, demo_dir, snapshot, write_report, write_snapshot,
};
use support::run;

fn diff_json(dir: &std::path::Path, args: &[&str]) -> (i32, RunDiff) {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, stdout, stderr) = run(dir, &all);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    (
        code,
        serde_json::from_str(&stdout).expect("diff writes a run diff"),
    )
}
fn pairs(changes: &[listingcheck::analysis::rundiff::StatusChange]) -> Vec<(&str, &str)> {
    changes
        .iter()
        .map(|c| (c.asset.as_str(), c.rule.as_str()))
        .collect()
}

#[test]
fn diff_of_a_report_with_itself_is_empty_and_exits_0() {
    let dir = demo_dir();
    write_report(dir.path(), DAY1_NAME, "day1.json");
    let (code, diff) = diff_json(dir.path(), &["day1.json", "day1.json"]);
    assert_eq!(code, 0);
    assert!(diff.is_empty(), "{diff:#?}");
    let (_, text, _) = run(dir.path(), &["diff", "day1.json", "day1.json"]);
    assert!(text.contains("No changes between the two runs."), "{text}");
}

#[test]
fn diff_of_two_snapshots_that_differ_in_one_asset_shows_exactly_that_asset() {
    let dir = demo_dir();
    let mut changed = day1();
    changed.taken_at = "2024-07-01T01:00:00Z".parse().unwrap();
    let bravo = changed.assets.iter_mut().find(|a| a.id == "bravo").unwrap();
    bravo.foreign_exchanges.as_mut().unwrap().value.truncate(1);
    write_snapshot(dir.path(), "changed.json", &changed);
    let (code, diff) = diff_json(
        dir.path(),
        &[DAY1_NAME, "changed.json", "--standard", "a.toml"],
    );
    assert_eq!(pairs(&diff.new_failures), [("bravo", "FX-MIN")]);
    assert!(diff.new_failures[0].blocking);
    assert_eq!(code, 1, "a new blocking failure exits 1");
    let moved: Vec<&str> = diff.moved.iter().map(|m| m.asset.as_str()).collect();
    assert_eq!(moved, ["bravo"], "2 → 1 foreign exchanges is −50 %");
    assert!(diff.resolved.is_empty() && diff.new_unknowns.is_empty());
    assert!(diff.other_changes.is_empty() && diff.listed.is_empty() && diff.delisted.is_empty());
}

#[test]
fn data_that_is_gone_is_a_new_unknown_not_a_resolved_failure() {
    let dir = demo_dir();
    let (_, diff) = diff_json(dir.path(), &[DAY1_NAME, DAY2_NAME, "--standard", "a.toml"]);
    assert_eq!(pairs(&diff.new_unknowns), [("bravo", "FX-MIN")]);
    assert_eq!(diff.new_unknowns[0].value_from, "2");
    assert_eq!(diff.new_unknowns[0].value_to, "—");

    // A failure whose data disappears stays news too: it is not resolved.
    let mut gone = day1();
    gone.taken_at = "2024-07-01T01:00:00Z".parse().unwrap();
    let charlie = gone.assets.iter_mut().find(|a| a.id == "charlie").unwrap();
    charlie.foreign_exchanges = None;
    write_snapshot(dir.path(), "gone.json", &gone);
    let (_, diff) = diff_json(
        dir.path(),
        &[DAY1_NAME, "gone.json", "--standard", "a.toml"],
    );
    assert_eq!(pairs(&diff.new_unknowns), [("charlie", "FX-MIN")]);
    assert!(diff.resolved.is_empty());
}

#[test]
fn listed_and_delisted_assets_are_reported() {
    let dir = demo_dir();
    let (_, diff) = diff_json(dir.path(), &[DAY1_NAME, DAY2_NAME, "--standard", "a.toml"]);
    let listed: Vec<&str> = diff.listed.iter().map(|a| a.asset.as_str()).collect();
    let delisted: Vec<&str> = diff.delisted.iter().map(|a| a.asset.as_str()).collect();
    assert_eq!(listed, ["golf"]);
    assert_eq!(delisted, ["delta"]);
}

#[test]
fn the_demo_days_diff_lists_each_kind_of_change() {
    let dir = demo_dir();
    let (code, diff) = diff_json(
        dir.path(),
        &[
            DAY1_NAME,
            DAY2_NAME,
            "--standard",
            "a.toml",
            "--waivers",
            "waivers.toml",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        pairs(&diff.new_failures),
        [
            ("alpha", "VOL"),
            ("foxtrot", "FX-MIN"),
            ("golf", "FX-MIN"),
            ("golf", "AGE")
        ]
    );
    assert_eq!(
        diff.summary.new_blocking_failures, 3,
        "alpha's VOL only warns"
    );
    assert_eq!(
        pairs(&diff.resolved),
        [
            ("charlie", "FX-MIN"),
            ("charlie", "VOL"),
            ("echo", "WARN-FLAG")
        ]
    );
    assert!(diff.other_changes.is_empty(), "{:?}", diff.other_changes);
    let waivers: Vec<(&str, &str)> = diff
        .waivers
        .iter()
        .map(|w| (w.asset.as_str(), <&str>::from(w.state)))
        .collect();
    assert_eq!(waivers, [("echo", "applied"), ("hotel", "unmatched")]);
    assert!(diff.waivers[0].expiring_soon);
}

#[test]
fn a_new_failure_that_does_not_block_exits_0() {
    let dir = demo_dir();
    let mut jumpy = day1();
    jumpy.taken_at = "2024-07-01T01:00:00Z".parse().unwrap();
    let alpha = jumpy.assets.iter_mut().find(|a| a.id == "alpha").unwrap();
    alpha.listings[0].ticker.as_mut().unwrap().change_24h = Some(0.35);
    write_snapshot(dir.path(), "jumpy.json", &jumpy);
    let (code, diff) = diff_json(
        dir.path(),
        &[DAY1_NAME, "jumpy.json", "--standard", "a.toml"],
    );
    assert_eq!(pairs(&diff.new_failures), [("alpha", "VOL")]);
    assert_eq!(code, 0);
}

#[test]
fn moved_values_follow_the_moved_threshold() {
    let dir = demo_dir();
    let (_, diff) = diff_json(
        dir.path(),
        &[
            DAY1_NAME,
            DAY2_NAME,
            "--standard",
            "a.toml",
            "--moved",
            "0.5",
        ],
    );
    let moved: Vec<(&str, &str)> = diff
        .moved
        .iter()
        .map(|m| (m.asset.as_str(), m.rule.as_str()))
        .collect();
    // Ratios must move 50 percentage points, counts 50 %; a yes/no flip always counts.
    assert_eq!(
        moved,
        [
            ("charlie", "FX-MIN"),
            ("echo", "WARN-FLAG"),
            ("foxtrot", "FX-MIN")
        ]
    );
}

#[test]
fn a_report_and_a_snapshot_are_told_apart_by_their_content() {
    let dir = demo_dir();
    write_report(dir.path(), DAY1_NAME, "day1.json");
    let (_, from_report) = diff_json(
        dir.path(),
        &["day1.json", DAY2_NAME, "--standard", "a.toml"],
    );
    let (_, from_snapshots) =
        diff_json(dir.path(), &[DAY1_NAME, DAY2_NAME, "--standard", "a.toml"]);
    assert_eq!(from_report.summary, from_snapshots.summary);
}

#[test]
fn a_file_that_is_neither_report_nor_snapshot_exits_2() {
    let dir = demo_dir();
    demo::write_text(dir.path(), "other.json", "{\"hello\": 1}");
    let (code, _, stderr) = run(dir.path(), &["diff", "other.json", DAY2_NAME]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("other.json is neither a JSON report"),
        "{stderr}"
    );
}

#[test]
fn diff_renders_in_every_format() {
    let dir = demo_dir();
    for format in ["table", "json", "markdown", "csv", "junit"] {
        let (code, stdout, stderr) = run(
            dir.path(),
            &[
                "diff",
                DAY1_NAME,
                DAY2_NAME,
                "--standard",
                "a.toml",
                "--format",
                format,
            ],
        );
        assert_eq!(code, 1, "{format}: {stderr}");
        assert!(
            stdout.contains("golf") || stdout.contains("GLF"),
            "{format}:\n{stdout}"
        );
    }
}

#[test]
fn junit_of_a_diff_is_well_formed_xml_with_new_blocking_failures_as_failures() {
    let dir = demo_dir();
    let (_, xml, _) = run(
        dir.path(),
        &[
            "diff",
            DAY1_NAME,
            DAY2_NAME,
            "--standard",
            "a.toml",
            "--format",
            "junit",
        ],
    );
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let failures: Vec<(&str, &str)> = document
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .map(|n| {
            let case = n.parent().unwrap();
            (
                case.attribute("classname").unwrap(),
                case.attribute("name").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        failures,
        [("foxtrot", "FX-MIN"), ("golf", "FX-MIN"), ("golf", "AGE")]
    );
    let skipped = document
        .descendants()
        .filter(|n| n.has_tag_name("skipped"))
        .count();
    assert_eq!(skipped, 1, "bravo's data is gone");
    assert_eq!(document.root_element().attribute("failures"), Some("3"));
}

#[test]
fn junit_of_a_report_is_one_suite_per_asset_and_escapes_markup() {
    let dir = demo_dir();
    let mut odd = day1();
    odd.assets[0].symbol = "A<&>\"'".to_owned();
    odd.assets[0].korean_name = Some("알파 & <co>".to_owned());
    let mut extra = asset(
        "zulu",
        "ZUL",
        "줄루",
        &demo::Observations {
            foreign_exchanges: Some(0),
            first_trade: None,
            change_24h: None,
            warning: false,
            cautions: vec![],
        },
    );
    extra.id = "zulu".to_owned();
    odd.assets.push(extra);
    let file = snapshot("2024-06-30T01:00:00Z", odd.assets);
    write_snapshot(dir.path(), "odd.json", &file);
    let (code, xml, stderr) = run(
        dir.path(),
        &[
            "check",
            "--standard",
            "a.toml",
            "--snapshot",
            "odd.json",
            "--format",
            "junit",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let suites: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert_eq!(
        suites.len(),
        8,
        "one suite of inputs and notes, then one per asset"
    );
    assert_eq!(suites[0], "listingcheck: inputs and notes");
    assert_eq!(suites[1], "A<&>\"' 알파 & <co> (alpha)");
    let zulu = document
        .descendants()
        .find(|n| n.attribute("name") == Some("ZUL 줄루 (zulu)"))
        .unwrap();
    let outcome = |rule: &str| {
        let case = zulu
            .children()
            .find(|c| c.attribute("name") == Some(rule))
            .unwrap();
        case.children()
            .find(roxmltree::Node::is_element)
            .map(|n| n.tag_name().name().to_owned())
    };
    assert_eq!(outcome("FX-MIN").as_deref(), Some("failure"));
    assert_eq!(outcome("AGE").as_deref(), Some("skipped"));
    let failure = zulu
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    let body = failure.text().unwrap();
    assert!(
        body.contains("value: 0\nthreshold: ≥ 2\ndetail: 0 foreign exchanges"),
        "{body}"
    );
}

/// The WEMIX case's JSON report as this version writes it, in `dir`.
fn wemix_report_today(repo: &std::path::Path, dir: &std::path::Path) -> std::path::PathBuf {
    let new = dir.join("new.json");
    let (code, _, stderr) = run(
        repo,
        &[
            "check",
            "--snapshot",
            "snapshots/cases/wemix-2022-10-25.json",
            "--standard",
            "standards/fss-listing/2026-draft-a.toml",
            "--format",
            "json",
            "-o",
            new.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    new
}

#[test]
fn a_schema_1_report_of_the_previous_version_still_diffs_with_its_sentences_kept() {
    let repo = support::repo("");
    let old = repo.join("tests/fixtures/reports/wemix-schema-1.json");
    let dir = tempfile::tempdir().unwrap();
    let new = wemix_report_today(&repo, dir.path());
    let (code, diff) = diff_json(&repo, &[old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(diff.is_empty(), "{diff:#?}");

    let listingcheck::analysis::rundiff::RunInput::Report(report) =
        listingcheck::analysis::rundiff::read_input(&old).unwrap()
    else {
        panic!("a report")
    };
    let result = &report.results[0];
    let english = listingcheck::locale::Localizer::of(listingcheck::locale::Lang::En);
    assert_eq!(result.finding.id, "verbatim");
    assert_eq!(
        english.text(&result.finding),
        "circulating 318,421,502 (reported by issuer; nothing measured on-chain) vs planned 245,966,797 by 2022-10-31: +29.46 %"
    );
    let evidence = report.evidence_of(result).next().unwrap();
    assert_eq!(english.arg(&evidence.value), "245,966,797");
    assert_eq!(report.request(evidence.req).source, "disclosure");
    assert_eq!(report.requests.len(), 2, "each request once");
}

#[test]
fn a_schema_2_report_with_its_rule_fields_inline_still_diffs_as_its_baseline() {
    // A daily job's previous report was written by the version before schema 3: it stays the
    // baseline, read with each result's own metric, severity and threshold.
    let repo = support::repo("");
    let old = repo.join("tests/fixtures/reports/wemix-schema-2.json");
    let dir = tempfile::tempdir().unwrap();
    let new = wemix_report_today(&repo, dir.path());
    let (code, diff) = diff_json(&repo, &[old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        diff.new_failures.is_empty() && diff.resolved.is_empty(),
        "{diff:#?}"
    );

    let listingcheck::analysis::rundiff::RunInput::Report(report) =
        listingcheck::analysis::rundiff::read_input(&old).unwrap()
    else {
        panic!("a report")
    };
    let plan = report
        .results
        .iter()
        .find(|r| &*r.rule == "CIRC-PLAN")
        .unwrap();
    assert_eq!(&*plan.symbol, "WEMIX");
    assert_eq!(
        plan.severity,
        listingcheck::inputs::standard::Severity::Block
    );
    assert_eq!(plan.threshold.text, "≤ 10.00 % (warn above 5.00 %)");
}

#[test]
fn a_schema_3_report_reads_back_as_the_report_that_was_written() {
    let repo = support::repo("");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    let (code, _, stderr) = run(
        &repo,
        &["check", "--format", "json", "-o", path.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{stderr}");
    let listingcheck::analysis::rundiff::RunInput::Report(report) =
        listingcheck::analysis::rundiff::read_input(&path).unwrap()
    else {
        panic!("a report")
    };
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(serde_json::to_string(&report).unwrap() + "\n", written);
}

#[test]
fn a_report_whose_result_names_a_rule_it_does_not_list_is_refused_naming_the_file_and_cause() {
    let repo = support::repo("");
    let dir = tempfile::tempdir().unwrap();
    let good = wemix_report_today(&repo, dir.path());
    let mut report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&good).unwrap()).unwrap();
    report["rules"] = serde_json::json!([]);
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, report.to_string()).unwrap();

    let (code, stdout, stderr) = run(
        &repo,
        &["diff", broken.to_str().unwrap(), good.to_str().unwrap()],
    );

    assert_eq!(code, 2, "a corrupt baseline is bad input: {stdout}");
    assert!(stderr.contains("broken.json"), "{stderr}");
    assert!(stderr.contains("which `rules` lacks"), "{stderr}");
}
