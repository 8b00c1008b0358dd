//! Bad input, through the real binary: every problem is reported with `path:line:col`, a stable
//! code and a message, and the exit code is 2.
//!
//! Each file in `tests/fixtures/standards/invalid/` states the errors it must produce in
//! `# expect: LINE:COL CODE` lines at its top.

use std::path::Path;

mod support;

use support::listingcheck;

const CASE: &str = "snapshots/cases/wemix-2022-10-25.json";

/// The `# expect:` lines of a fixture, as `path:line:col: error[code]` prefixes.
fn expected_errors(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let expected: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix("# expect: "))
        .map(|expect| {
            let (position, code) = expect.split_once(' ').unwrap();
            format!("{path}:{position}: error[{code}]")
        })
        .collect();
    assert!(!expected.is_empty(), "{path} states no expected error");
    expected
}

/// `standards lint` and `check --standard` both report exactly the expected errors and exit 2.
fn assert_reported(fixture: &str) {
    let path = format!("tests/fixtures/standards/invalid/{fixture}");
    let expected = expected_errors(&path);
    for args in [
        vec!["standards", "lint", &path],
        vec!["check", "--snapshot", CASE, "--standard", &path],
    ] {
        let output = listingcheck().args(&args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}\n{stderr}");
        for error in &expected {
            assert!(
                stderr.contains(error),
                "{args:?}: missing `{error}` in\n{stderr}"
            );
        }
        assert_eq!(
            stderr.matches(": error[").count(),
            expected.len(),
            "{args:?}: unexpected errors in\n{stderr}"
        );
        assert!(
            output.stdout.is_empty(),
            "nothing is printed on stdout for bad input"
        );
    }
}

macro_rules! invalid_standard {
    ($($name:ident => $fixture:literal,)*) => {
        $(#[test]
        fn $name() {
            assert_reported($fixture);
        })*
    };
}

invalid_standard! {
    an_unknown_metric_is_reported_at_its_value => "unknown-metric.toml",
    a_duplicate_rule_id_is_reported_at_the_second_rule => "duplicate-rule-id.toml",
    min_above_max_is_reported => "min-above-max.toml",
    a_limit_on_a_yes_no_metric_is_a_unit_mismatch => "threshold-unit-mismatch-bool.toml",
    a_fractional_count_is_a_unit_mismatch => "threshold-unit-mismatch-count.toml",
    require_on_a_measured_metric_is_a_unit_mismatch => "threshold-unit-mismatch-require.toml",
    a_rule_without_a_title_is_missing_a_key => "missing-key-title.toml",
    a_standard_without_version_and_date_is_missing_two_keys => "missing-key-version.toml",
    an_unknown_status_is_reported => "unknown-status.toml",
    an_unknown_severity_is_reported => "unknown-severity.toml",
    an_unknown_when_missing_is_reported => "unknown-when-missing.toml",
    a_misspelt_key_is_an_unknown_key => "unknown-key.toml",
    a_rule_without_threshold_is_reported => "missing-threshold.toml",
    a_warning_band_outside_the_limits_is_reported => "warn-band-outside-limits.toml",
    a_parameter_the_metric_does_not_take_is_reported => "unknown-param.toml",
    a_missing_parameter_is_reported => "missing-param.toml",
    a_quoted_percentage_is_a_wrong_type => "wrong-type.toml",
    a_future_schema_is_unsupported => "unsupported-schema.toml",
    broken_toml_is_a_syntax_error => "toml-syntax.toml",
    an_exchange_outside_the_five_is_an_unknown_value => "unknown-value.toml",
    every_problem_of_a_file_is_reported_in_one_run => "many-problems.toml",
}

#[test]
fn every_invalid_fixture_is_covered_by_a_test() {
    let source = std::fs::read_to_string("tests/invalid_inputs.rs").unwrap();
    for entry in std::fs::read_dir("tests/fixtures/standards/invalid").unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            source.contains(&format!("\"{name}\"")),
            "{name} has no test"
        );
    }
}

#[test]
fn a_caret_points_at_the_offending_value() {
    let output = listingcheck()
        .args([
            "standards",
            "lint",
            "tests/fixtures/standards/invalid/unknown-metric.toml",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "14 | metric = \"circulation_plan_excesss\"\n   |          ^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: did you mean `circulation_plan_excess`?"),
        "{stderr}"
    );
}

#[test]
fn an_uncited_rule_is_a_warning_that_deny_warnings_turns_into_failure() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("uncited.toml");
    std::fs::write(&path, "schema = 1\n[standard]\nid = \"x\"\nversion = \"1\"\ntitle = \"t\"\nstatus = \"draft\"\npublished = 2026-01-01\n[[rule]]\nid = \"R\"\ntitle = \"t\"\nmetric = \"circulating_ratio\"\nmin = 0.1\n").unwrap();
    let lint = listingcheck()
        .args(["standards", "lint"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&lint.stderr).contains(
            "warning[uncited-rule]: rule `R` cites no `reference` and gives no `rationale`"
        )
    );
    let strict = listingcheck()
        .args(["standards", "lint", "--deny-warnings"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(2));
}

#[test]
fn a_missing_standards_file_is_bad_input_naming_the_file() {
    let output = listingcheck()
        .args([
            "check",
            "--snapshot",
            CASE,
            "--standard",
            "standards/nope.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("standards/nope.toml: error[unreadable]: no such file")
    );
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_invalid_waivers_file_is_bad_input_with_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = write(
        dir.path(),
        "waivers.toml",
        "schema = 1\n[[waiver]]\nasset = \"wemix\"\nrule = \"CIRC-PLAN\"\nreason = \"\"\nexpires = \"soon\"\n",
    );
    let output = listingcheck()
        .args([
            "check",
            "--snapshot",
            CASE,
            "--standard",
            "tests/fixtures/standards/valid.toml",
            "--waivers",
        ])
        .arg(&waivers)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("waivers.toml:2:1: error[missing-key]: [[waiver]] #1 has no `granted_by`"),
        "{stderr}"
    );
    assert!(stderr.contains("waivers.toml:5:10: error[invalid-value]: a waiver must say why it was granted and by whom; this is empty"), "{stderr}");
    assert!(
        stderr.contains("waivers.toml:6:11: error[invalid-value]: expected a valid calendar date"),
        "{stderr}"
    );
}

/// Checks `snapshot` against a valid standard, asserts that it is refused as bad input (exit 2),
/// and returns what was said on stderr.
fn check_rejects_snapshot(snapshot: &Path) -> String {
    let output = listingcheck()
        .args([
            "check",
            "--standard",
            "tests/fixtures/standards/valid.toml",
            "--snapshot",
        ])
        .arg(snapshot)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    stderr
}

#[test]
fn a_corrupt_snapshot_is_bad_input_naming_the_file_and_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(CASE).unwrap();
    let truncated = write(dir.path(), "truncated.json", &text[..text.len() / 2]);
    let stderr = check_rejects_snapshot(&truncated);
    assert!(
        stderr.contains("truncated.json is corrupt at line"),
        "{stderr}"
    );
}

#[test]
fn an_edited_snapshot_fails_its_content_hash() {
    let dir = tempfile::tempdir().unwrap();
    let edited = write(
        dir.path(),
        "edited.json",
        &std::fs::read_to_string(CASE)
            .unwrap()
            .replace("318421502", "245966797"),
    );
    let stderr = check_rejects_snapshot(&edited);
    assert!(
        stderr.contains("edited.json does not match its content hash"),
        "{stderr}"
    );
}

#[test]
fn a_future_snapshot_is_bad_input_asking_for_an_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let future = write(
        dir.path(),
        "future.json",
        "{\"schema\":7,\"sha256\":\"\",\"snapshot\":{\"assets\":[]}}",
    );
    let stderr = check_rejects_snapshot(&future);
    assert!(
        stderr.contains("future.json has schema 7, but this listingcheck reads schema 1")
            && stderr.contains("upgrade listingcheck"),
        "{stderr}"
    );
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(
        listingcheck()
            .args(["check", "--format", "yaml"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        listingcheck()
            .args(["check", "--as-of", "yesterday"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}
