//! What a person sees in a terminal: tables that fit its width, findings first, thresholds on
//! every row that names a rule, and `fail` in red only where colour is wanted.

mod support;

use support::{Run, repo, run_with_env};
use unicode_width::UnicodeWidthStr as _;

use support::shipped::{
    FSS_A as DRAFT_A, FSS_B as DRAFT_B, NEWEST_ADOPTED as DAXA, SAMPLE, WEMIX_CASE as WEMIX,
};

fn in_repo(args: &[&str], env: &[(&str, &str)]) -> Run {
    run_with_env(&repo(""), args, env)
}

fn widest_line(text: &str) -> (usize, &str) {
    text.lines()
        .map(|line| (line.width(), line))
        .max()
        .unwrap_or_default()
}

#[test]
fn every_table_and_line_fits_an_80_column_terminal() {
    let commands: [&[&str]; 5] = [
        &["check", "--snapshot", SAMPLE, "--standard", DAXA],
        &["check", "--snapshot", WEMIX, "--standard", DRAFT_A],
        &["compare", DRAFT_A, DRAFT_B, "--snapshot", SAMPLE, "--all"],
        &["standards", "diff", DRAFT_A, DRAFT_B],
        &["check", "--snapshot", SAMPLE, "--standard", DAXA, "--all"],
    ];
    for args in commands {
        let run = in_repo(args, &[("COLUMNS", "80")]);
        let (width, line) = widest_line(&run.stdout);
        assert!(width <= 80, "{args:?}: a line of {width} columns:\n{line}");
    }
}

#[test]
fn without_a_terminal_or_columns_tables_fit_100_columns() {
    let run = in_repo(&["check", "--snapshot", WEMIX, "--standard", DRAFT_A], &[]);
    let (width, line) = widest_line(&run.stdout);
    assert!(width <= 100, "a line of {width} columns:\n{line}");
}

#[test]
fn a_wide_terminal_keeps_the_findings_table_with_its_detail_column() {
    let run = in_repo(
        &["check", "--snapshot", WEMIX, "--standard", DRAFT_A],
        &[("COLUMNS", "200")],
    );
    assert!(
        run.stdout.contains("│ Detail"),
        "the findings table keeps its Detail column:\n{}",
        run.stdout
    );
}

#[test]
fn a_narrow_terminal_puts_each_findings_detail_under_it() {
    let run = in_repo(
        &["check", "--snapshot", WEMIX, "--standard", DRAFT_A],
        &[("COLUMNS", "80")],
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|line| line.starts_with("WEMIX 위믹스 · CIRC-PLAN · fail (block)"))
        .unwrap_or_else(|| panic!("the CIRC-PLAN finding heads its lines:\n{}", run.stdout));
    assert!(
        lines[at + 1].contains("Value: 29.46 %"),
        "{}",
        lines[at + 1]
    );
    assert!(
        lines[at + 1].contains("Threshold: ≤ 10.00 %"),
        "{}",
        lines[at + 1]
    );
    assert!(
        lines[at + 2]
            .trim_start()
            .starts_with("circulating 318,421,502")
    );
}

#[test]
fn failures_come_before_warnings_and_unknowns_in_the_asset_table() {
    let run = in_repo(
        &["check", "--snapshot", SAMPLE, "--standard", DAXA],
        &[("COLUMNS", "200")],
    );
    let verdicts: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.starts_with("│ ") && !line.starts_with("│ Asset"))
        .take_while(|line| !line.contains("Rule"))
        .filter_map(|line| line.split('│').nth(2).map(str::trim))
        .filter(|verdict| !verdict.is_empty())
        .collect();
    let rank = |verdict: &str| match verdict {
        "fail" => 0,
        "warn" => 1,
        "unknown" => 2,
        _ => 3,
    };
    assert!(
        verdicts
            .windows(2)
            .all(|pair| rank(pair[0]) <= rank(pair[1])),
        "verdicts in order fail, warn, unknown: {verdicts:?}"
    );
    assert_eq!(verdicts.first(), Some(&"fail"), "{verdicts:?}");
}

#[test]
fn a_row_that_merges_rules_shows_the_threshold_of_each() {
    let run = in_repo(
        &["check", "--snapshot", SAMPLE, "--standard", DAXA],
        &[("COLUMNS", "200")],
    );
    let merged = run
        .stdout
        .lines()
        .skip_while(|line| !line.starts_with("Findings"))
        .find(|line| line.contains("ISSUANCE-PLAN-DISCLOSED") && line.contains("unknown"))
        .unwrap_or_else(|| panic!("a merged unknown row:\n{}", run.stdout));
    assert!(
        merged.contains("= yes"),
        "the first merged rule's threshold is on its line: {merged}"
    );
}

#[test]
fn fail_is_red_only_where_colour_is_wanted() {
    const RED_FAIL: &str = "\x1b[1;31mfail\x1b[0m";
    let check = ["check", "--snapshot", SAMPLE, "--standard", DAXA];
    let always = in_repo(&[&["--color", "always"][..], &check].concat(), &[]);
    assert!(always.stdout.contains(RED_FAIL), "{}", always.stdout);
    let no_color = in_repo(
        &[&["--color", "auto"][..], &check].concat(),
        &[("NO_COLOR", "1")],
    );
    assert!(!no_color.stdout.contains('\x1b'), "{}", no_color.stdout);
    // Not a terminal: `auto` writes no escape codes into a pipe.
    let piped = in_repo(&check, &[]);
    assert!(!piped.stdout.contains('\x1b'), "{}", piped.stdout);
}
