//! Every row that names a rule shows its values and thresholds (issue 14, item 3), through the
//! binary on the two FSS drafts and the bundled sample: `compare` names each flip's value against
//! both drafts' thresholds, `standards sweep` names the assets that fail at each step, and
//! `standards diff` lists thresholds first with reworded prose named on one line. The text
//! snapshots run at `COLUMNS=80`, a narrow terminal.

mod support;

use support::shipped::{FSS_A, FSS_B, SAMPLE, SWEEP};
use support::{repo, run_with_env};

const NARROW: [(&str, &str); 1] = [("COLUMNS", "80")];

/// Runs the binary in the repository; its stdout, after checking that it exited 0.
fn stdout(args: &[&str], env: &[(&str, &str)]) -> String {
    let run = run_with_env(&repo(""), args, env);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    serde_json::from_str(&stdout(&args, &[])).expect("JSON")
}

const COMPARE: [&str; 5] = ["compare", FSS_A, FSS_B, "--snapshot", SAMPLE];

const DIFF: [&str; 4] = ["standards", "diff", FSS_A, FSS_B];

#[test]
fn compare_shows_each_flips_value_against_both_thresholds() {
    let table = stdout(&COMPARE, &NARROW);
    // AXS fails draft A's 10 % and only warns under draft B's 20 %.
    assert!(
        table.contains("CIRC-PLAN 12.40 %: fail (block) under ≤ 10.00 %"),
        "{table}"
    );
    insta::assert_snapshot!("compare_table_at_80_columns", table);
}

#[test]
fn compare_json_carries_the_rules_thresholds_under_a_and_b() {
    let comparison = json(&COMPARE);
    assert_eq!(comparison["schema"], 3);
    let axs = comparison["assets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|asset| asset["symbol"] == "AXS")
        .expect("AXS is compared");
    let plan = axs["changed_results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|change| change["rule"] == "CIRC-PLAN")
        .expect("CIRC-PLAN changes AXS");
    // The value is a figure, exact, with its unit; text is for the renderers.
    assert_eq!(plan["unit"], "ratio");
    assert!((plan["value"].as_f64().unwrap() - 0.124).abs() < 1e-3);
    assert_eq!(plan["threshold_a"]["max"], 0.1);
    assert_eq!(plan["threshold_b"]["max"], 0.2);
    assert!(
        plan["threshold_b"]["text"]
            .as_str()
            .unwrap()
            .contains("20.00 %")
    );
    // UNLOCK's window grows from 90 to 180 days under B: each side keeps its own value.
    insta::assert_json_snapshot!("compare_changed_results_of_axs", axs["changed_results"]);
}

#[test]
fn compare_markdown_and_csv_show_the_flips_too() {
    let markdown = stdout(&[&COMPARE[..], &["--format", "markdown"]].concat(), &[]);
    assert!(markdown.contains("CIRC-PLAN 12.40 %: fail (block) under ≤ 10.00 %"));
    let csv = stdout(&[&COMPARE[..], &["--format", "csv"]].concat(), &[]);
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",flips"), "{header}");
    assert!(csv.contains("CIRC-PLAN 12.40 %: fail (block) under ≤ 10.00 %"));
}

#[test]
fn sweep_json_lists_the_failing_assets_of_each_step() {
    let sweep = json(&SWEEP);
    assert_eq!(sweep["schema"], 2);
    let steps = sweep["steps"].as_array().unwrap();
    for step in steps {
        assert_eq!(
            step["failing"].as_array().unwrap().len() as u64,
            step["fail"].as_u64().unwrap(),
            "{step}"
        );
    }
    let named: Vec<&str> = sweep["failing_assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|asset| asset["asset"].as_str().unwrap())
        .collect();
    let last = steps.last().unwrap()["failing"].as_array().unwrap();
    assert!(last.iter().all(|id| named.contains(&id.as_str().unwrap())));
    insta::assert_json_snapshot!("sweep_failing_assets", sweep["failing_assets"]);
}

/// What a sweep's table lists under the table.
fn sweep_changes(args: &[&str]) -> String {
    let table = stdout(args, &NARROW);
    table
        .split_once("Assets that start (+) or stop (−) failing:\n")
        .expect("the changes are listed under the table")
        .1
        .to_owned()
}

#[test]
fn sweep_table_names_the_assets_that_start_or_stop_failing() {
    // A rising `min` only adds failures; a rising `max` only removes them.
    let track_record = sweep_changes(&SWEEP);
    let unlock = sweep_changes(&[
        "standards",
        "sweep",
        "UNLOCK",
        FSS_A,
        FSS_B,
        "--snapshot",
        SAMPLE,
        "--bound",
        "max",
        "--steps",
        "6",
    ]);
    insta::assert_snapshot!(
        "sweep_changes_at_80_columns",
        format!("FOREIGN-TRACK-RECORD min:\n{track_record}\nUNLOCK max:\n{unlock}")
    );
}

#[test]
fn standards_diff_lists_thresholds_first_and_names_reworded_prose_in_one_line() {
    let table = stdout(&DIFF, &NARROW);
    insta::assert_snapshot!("standards_diff_table_at_80_columns", table);
}

#[test]
fn standards_diff_all_quotes_the_reworded_prose() {
    let short = stdout(&DIFF, &[]);
    let all = stdout(&[&DIFF[..], &["--all"]].concat(), &[]);
    // One word of UNLOCK's rationale under B (a phrase could wrap).
    let rationale = "quarterly";
    assert!(!short.contains(rationale), "{short}");
    assert!(all.contains(rationale), "{all}");
    assert!(!all.contains("--all quotes it"));
    // The JSON keeps every field's text either way.
    let diff = json(&DIFF);
    let unlock = diff["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|rule| rule["id"] == "UNLOCK")
        .unwrap();
    assert!(unlock["fields"].to_string().contains(rationale));
}
