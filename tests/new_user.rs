//! What a new user trips on (issue 14), through the real binary: working outside the checkout,
//! one vocabulary of flags, `-o` paths, files of the wrong kind, an offline precheck, and the
//! README's promises.

mod support;

use std::path::Path;

use support::{repo, run, run_in_repo};

const SAMPLE: &str = "snapshots/sample-20261120T000000Z.json";
const DRAFT_A: &str = "standards/fss-listing/2026-draft-a.toml";
const DRAFT_B: &str = "standards/fss-listing/2026-draft-b.toml";

/// Runs in a fresh, empty folder: what an installed binary sees away from the checkout.
fn in_empty_folder(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), args)
}

// Item 4: outside the checkout, the built-in standards and sample; `init` writes a folder.

#[test]
fn check_in_an_empty_folder_uses_the_built_in_standard_and_sample_and_says_so() {
    let (code, stdout, stderr) = in_empty_folder(&["check"]);
    assert_eq!(code, 1, "the sample has blocking failures\n{stderr}");
    assert!(stdout.contains("SAMPLE DATA"), "{stdout}");
    insta::assert_snapshot!(stderr, @r"
    no standards/ folder here: using the built-in standard daxa-best-practices 2025-06 (`listingcheck init` writes the built-in files out)
    no snapshots/ folder here: using the built-in sample snapshot snapshots/sample-20261120T000000Z.json
    note: snapshots/sample-20261120T000000Z.json is SAMPLE DATA shipped with listingcheck, not a real fetch
    ");
}

#[test]
fn a_named_standard_that_does_not_exist_is_an_error_naming_it_even_outside_the_checkout() {
    let (code, _, stderr) = in_empty_folder(&["check", "--standard", "standards/x.toml"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr, @"error: standards/x.toml: error[unreadable]: no such file");
}

#[test]
fn init_writes_a_folder_where_check_compare_and_lint_work() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(dir.path(), &["init", "work"]);
    assert_eq!(code, 0, "{stderr}");
    let work = dir.path().join("work");
    let mut written: Vec<String> = stderr
        .lines()
        .filter_map(|line| line.strip_prefix("wrote "))
        .map(str::to_owned)
        .collect();
    written.sort();
    insta::assert_snapshot!(written.join("\n"), @r"
    work/candidates/example.toml
    work/crontab.txt
    work/listingcheck.toml
    work/snapshots/sample-20261120T000000Z.json
    work/snapshots/sample-waivers.toml
    work/standards/daxa-best-practices/2024-07.toml
    work/standards/daxa-best-practices/2025-06.toml
    work/standards/fss-listing/2026-draft-a.toml
    work/standards/fss-listing/2026-draft-b.toml
    work/standards/listing-monitor/2026-12.toml
    work/waivers.toml
    ");
    assert!(
        std::fs::read_to_string(work.join("crontab.txt"))
            .unwrap()
            .contains("listingcheck run --keep 90")
    );
    let (code, _, stderr) = run(&work, &["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("using standard standards/daxa-best-practices/2025-06.toml"));
    assert_eq!(run(&work, &["compare", DRAFT_A, DRAFT_B]).0, 0);
    assert_eq!(run(&work, &["standards", "lint"]).0, 0);
    let (code, _, stderr) = run(dir.path(), &["init", "work"]);
    assert_eq!(code, 2, "a second init overwrites nothing");
    assert!(stderr.contains("already holds"), "{stderr}");
}

// Item 6: `-o` creates no folder and says what is wrong in words.

#[test]
fn output_into_a_missing_folder_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (snapshot, standard) = (repo(SAMPLE), repo(DRAFT_A));
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "check",
            "--snapshot",
            snapshot.to_str().unwrap(),
            "--standard",
            standard.to_str().unwrap(),
            "-o",
            "missing/out.md",
        ],
    );
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(!dir.path().join("missing").exists());
    insta::assert_snapshot!(
        last_line(&stderr),
        @"error: cannot write missing/out.md: the folder missing does not exist; create it first"
    );
}

#[test]
fn output_onto_a_folder_or_under_a_file_says_so_in_words() {
    let (code, _, stderr) = run_in_repo(&["check", "-o", "snapshots"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(
        last_line(&stderr),
        @"error: cannot write snapshots: it is a folder; give a file name inside it"
    );
    let (code, _, stderr) = run_in_repo(&["check", "-o", "README.md/out.md"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(
        last_line(&stderr),
        @"error: cannot write README.md/out.md: README.md is a file, not a folder"
    );
}

// Item 7: a file of the wrong kind is named for what it is.

#[test]
fn a_snapshot_given_as_a_standard_is_named_as_a_snapshot() {
    let (code, _, stderr) = run_in_repo(&["compare", DRAFT_A, SAMPLE]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr, @"error: snapshots/sample-20261120T000000Z.json: error[wrong-kind]: this is a snapshot, not a standards file; pass it with --snapshot");
}

#[test]
fn a_standard_given_as_a_snapshot_is_named_as_a_standard() {
    let (code, _, stderr) = run_in_repo(&["check", "--standard", DRAFT_B, "--snapshot", DRAFT_B]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr, @"error: standards/fss-listing/2026-draft-b.toml: this is a standards file, not a snapshot; pass it with --standard");
}

#[test]
fn a_missing_file_has_no_location() {
    let (code, _, stderr) =
        run_in_repo(&["check", "--snapshot", SAMPLE, "--standard", "nope.toml"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr, @"error: nope.toml: error[unreadable]: no such file");
}

#[test]
fn a_date_that_is_not_yyyy_mm_dd_says_what_is_expected() {
    let (code, _, stderr) = in_empty_folder(&["check", "--as-of", "yesterday"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("invalid value 'yesterday' for '--as-of <DATE>': expected a date written YYYY-MM-DD, such as 2026-11-20"),
        "{stderr}"
    );
}

fn last_line(text: &str) -> &str {
    text.trim_end().lines().last().unwrap_or_default()
}

// Item 5: one vocabulary of flags, offered only where they work.

#[test]
fn quiet_silences_notes_but_not_errors() {
    let (code, _, stderr) = in_empty_folder(&["check", "-q"]);
    assert_eq!(code, 1);
    assert_eq!(stderr, "");
    let (code, _, stderr) = in_empty_folder(&["-q", "check", "--snapshot", "nope.json"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr, @"error: cannot read snapshot nope.json: no such file");
}

#[test]
fn metrics_and_standards_show_take_format_and_keep_json_as_an_alias() {
    let (_, by_format, _) = run_in_repo(&["metrics", "--format", "json"]);
    let (_, by_alias, _) = run_in_repo(&["metrics", "--json"]);
    assert!(by_format.starts_with('['));
    assert_eq!(by_format, by_alias);
    let (_, by_format, _) = run_in_repo(&["standards", "show", DRAFT_A, "--format", "json"]);
    let (_, by_alias, _) = run_in_repo(&["standards", "show", DRAFT_A, "--json"]);
    assert!(by_format.starts_with('{'));
    assert_eq!(by_format, by_alias);
}

#[test]
fn fetch_takes_dash_o_and_keeps_out_as_an_alias() {
    for flag in ["-o", "--output", "--out"] {
        let (code, _, stderr) = in_empty_folder(&["fetch", flag, "missing/s.json"]);
        assert_eq!(code, 2, "{flag}: {stderr}");
        assert!(
            stderr.contains("the folder missing does not exist"),
            "{flag}: {stderr}"
        );
    }
}

#[test]
fn junit_is_offered_only_for_test_results() {
    let (code, _, stderr) =
        run_in_repo(&["standards", "diff", DRAFT_A, DRAFT_B, "--format", "junit"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("[possible values: table, json, markdown, csv, html]"),
        "{stderr}"
    );
    let (_, help, _) = run_in_repo(&["standards", "sweep", "--help"]);
    assert!(!help.contains("junit"), "{help}");
    let (_, help, _) = run_in_repo(&["check", "--help"]);
    assert!(
        help.contains("junit") && !help.contains("default on a terminal"),
        "{help}"
    );
}

#[test]
fn standards_diff_explains_its_arguments() {
    let (_, help, _) = run_in_repo(&["standards", "diff", "--help"]);
    assert!(help.contains("The standard to compare against"), "{help}");
    assert!(help.contains("The draft whose changes to list"), "{help}");
}

#[test]
fn color_takes_auto_always_never_and_man_prints_a_manual_page() {
    let (code, _, _) = in_empty_folder(&["--color", "never", "metrics"]);
    assert_eq!(code, 0);
    let (code, _, stderr) = in_empty_folder(&["--color", "sometimes", "metrics"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("[possible values: auto, always, never]"),
        "{stderr}"
    );
    let (code, page, _) = in_empty_folder(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH listingcheck 1"), "{page}");
}

// Item 8: precheck offline, on a snapshot; the docs' paths exist.

#[test]
fn precheck_on_a_snapshot_needs_no_network() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["init", "."]).0, 0);
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "precheck",
            "candidates/example.toml",
            "--snapshot",
            SAMPLE,
            "--format",
            "json",
        ],
    );
    assert!(
        code == 0 || code == 1,
        "a verdict, not bad input or a failed source: {code} {stderr}"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["summary"]["assets"], 1, "{stdout}");
    let (code, _, stderr) = run_in_repo(&[
        "precheck",
        "assets/cases/wemix-2022.toml",
        "--snapshot",
        SAMPLE,
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("holds no asset `wemix`"), "{stderr}");
}

#[test]
fn every_standards_and_candidates_path_in_the_docs_exists_or_is_made_by_init() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["init", "."]).0, 0);
    for doc in [
        "README.md",
        "docs/fetch.md",
        "docs/drafts.md",
        "docs/diff.md",
    ] {
        let text = std::fs::read_to_string(repo(doc)).unwrap();
        for word in text.split(|c: char| c.is_whitespace() || "`()[]|,".contains(c)) {
            let cited = word.trim_end_matches(['.', ':', ';']);
            if (cited.starts_with("standards/") || cited.starts_with("candidates/"))
                && Path::new(cited)
                    .extension()
                    .is_some_and(|ext| ext == "toml")
                && !cited.contains(['<', '*'])
            {
                assert!(
                    repo(cited).is_file() || dir.path().join(cited).is_file(),
                    "{doc} cites {cited}, which neither the repository nor `init` has"
                );
            }
        }
    }
}

// Item 9: the README says, under its two commands, what a newcomer needs first.

#[test]
fn the_readme_says_rust_version_build_time_the_samples_exit_1_and_every_exit_code_up_front() {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let top: String = readme.lines().take(30).collect::<Vec<_>>().join("\n");
    let manifest = std::fs::read_to_string(repo("Cargo.toml")).unwrap();
    let rust_version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("rust-version = "))
        .unwrap()
        .trim_matches('"');
    for needed in [
        format!("Rust {rust_version} or newer"),
        "takes\nseveral minutes".to_owned(),
        "exits 1 on the sample on\npurpose".to_owned(),
        "**0** done".to_owned(),
        "**1** blocking failures".to_owned(),
        "**2** bad input".to_owned(),
        "**3** a source failed".to_owned(),
        "cargo install --path .".to_owned(),
    ] {
        assert!(top.contains(&needed), "the README's top lacks {needed:?}");
    }
}
