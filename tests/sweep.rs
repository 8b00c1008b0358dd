//! `listingcheck standards sweep`: failures of one rule along a range of one threshold.

mod support;

use listingcheck::analysis::sweep::SweepRequest;
use listingcheck::eval::Verdict;
use listingcheck::inputs::standard::Bound;
use listingcheck::inputs::standard::LoadedStandard;
use listingcheck::inputs::waiver::Waivers;
use listingcheck::metric::Limit;
use listingcheck::snapshot::SnapshotFile;
use support::demo::{DAY1_NAME, DRAFT_A, DRAFT_B, demo_dir, standard};
use support::run;

fn day1_file(dir: &std::path::Path) -> SnapshotFile {
    listingcheck::snapshot::read(&dir.join(DAY1_NAME)).unwrap()
}

/// Counts of one rule's verdicts in a full evaluation with `bound` set to `value`.
fn evaluated(
    base: &LoadedStandard,
    rule: &str,
    bound: Bound,
    value: f64,
    snapshot: &SnapshotFile,
    waivers: &Waivers,
) -> [usize; 5] {
    let mut moved = base.clone();
    let target = moved
        .standard
        .rules
        .iter_mut()
        .find(|r| r.id == rule)
        .unwrap();
    target.thresholds.set(bound, Limit::Number(value));
    let as_of = jiff::civil::date(2024, 6, 30);
    let report = listingcheck::eval::evaluate(&moved, snapshot, waivers, as_of);
    let mut counts = [0; 5];
    for result in report.results.iter().filter(|r| &*r.rule == rule) {
        counts[match result.status {
            Verdict::Fail => 0,
            Verdict::Warn => 1,
            Verdict::Pass => 2,
            Verdict::Unknown => 3,
            Verdict::Waived => 4,
        }] += 1;
    }
    counts
}

#[test]
fn sweep_counts_equal_separate_evaluations_at_each_step() {
    let dir = demo_dir();
    let a = standard(dir.path(), "a.toml", DRAFT_A);
    let b = standard(dir.path(), "b.toml", DRAFT_B);
    let snapshot = day1_file(dir.path());
    let waivers = listingcheck::inputs::waiver::load(&dir.path().join("waivers.toml")).unwrap();
    let as_of = jiff::civil::date(2024, 6, 30);
    for (rule, bound, from, to) in [
        ("FX-MIN", None, 0.0, 7.0),
        ("AGE", None, 0.0, 2000.0),
        ("VOL", Some(Bound::Max), -0.1, 0.5),
        ("VOL", Some(Bound::Min), -0.5, 0.1),
    ] {
        let request = SweepRequest {
            rule: rule.to_owned(),
            bound,
            from: Some(from),
            to: Some(to),
            steps: 13,
        };
        let sweep =
            listingcheck::analysis::sweep::sweep(&[&a, &b], &snapshot, &waivers, as_of, &request)
                .unwrap();
        assert!(
            sweep.steps.len() >= 8,
            "{rule}: whole units dedupe their rounded steps"
        );
        for step in &sweep.steps {
            let counts = [step.fail, step.warn, step.pass, step.unknown, step.waived];
            assert_eq!(
                counts,
                evaluated(&a, rule, sweep.bound, step.threshold, &snapshot, &waivers),
                "{rule} {} = {}",
                sweep.bound,
                step.threshold
            );
            assert_eq!(counts.iter().sum::<usize>(), sweep.assets);
        }
    }
}

#[test]
fn sweep_marks_each_drafts_value_with_its_label() {
    let dir = demo_dir();
    let (code, csv, stderr) = run(
        dir.path(),
        &[
            "standards",
            "sweep",
            "FX-MIN",
            "a.toml",
            "b.toml",
            "--snapshot",
            DAY1_NAME,
            "--from",
            "0",
            "--to",
            "5",
            "--steps",
            "6",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        csv,
        "\
rule,bound,threshold,fail,warn,pass,unknown,waived,assets,drafts,failing
FX-MIN,min,0,0,0,5,1,0,6,,
FX-MIN,min,1,0,0,5,1,0,6,,
FX-MIN,min,2,1,0,4,1,0,6,A,charlie
FX-MIN,min,3,2,0,3,1,0,6,B,bravo charlie
FX-MIN,min,4,3,0,2,1,0,6,,bravo charlie echo
FX-MIN,min,5,4,0,1,1,0,6,,bravo charlie echo foxtrot
"
    );
}

#[test]
fn sweeping_a_two_sided_rule_asks_which_bound_moves() {
    let dir = demo_dir();
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "standards",
            "sweep",
            "VOL",
            "a.toml",
            "--snapshot",
            DAY1_NAME,
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("rule `VOL` sets min, max: choose the one to move with --bound"),
        "{stderr}"
    );
}

#[test]
fn sweeping_a_rule_no_standard_has_names_the_rules_they_have() {
    let dir = demo_dir();
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "standards",
            "sweep",
            "NOPE",
            "a.toml",
            "b.toml",
            "--snapshot",
            DAY1_NAME,
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("their rules are: AGE, CAUTION, FX-MIN, VOL, WARN-FLAG"),
        "{stderr}"
    );
}

#[test]
fn sweeping_a_yes_no_rule_is_refused() {
    let dir = demo_dir();
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "standards",
            "sweep",
            "WARN-FLAG",
            "a.toml",
            "--snapshot",
            DAY1_NAME,
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("there is no threshold to sweep"),
        "{stderr}"
    );
}

#[test]
fn sweep_json_has_one_step_per_row_and_notes_other_differences_of_b() {
    let dir = demo_dir();
    let (code, json, stderr) = run(
        dir.path(),
        &[
            "standards",
            "sweep",
            "AGE",
            "a.toml",
            "b.toml",
            "--snapshot",
            DAY1_NAME,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let sweep: listingcheck::analysis::sweep::Sweep = serde_json::from_str(&json).unwrap();
    assert_eq!(sweep.bound, Bound::Min);
    assert_eq!(sweep.drafts[0].value, Some(90.0));
    assert_eq!(sweep.drafts[1].value, Some(60.0));
    assert_eq!(
        sweep.drafts[1].note.as_deref(),
        Some("its rule also differs in when_missing; the sweep holds A's definition")
    );
    assert!(
        sweep
            .steps
            .windows(2)
            .all(|w| w[0].threshold < w[1].threshold)
    );
}
