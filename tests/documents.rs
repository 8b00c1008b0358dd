//! Every document the tool writes, in every format, through the real binary: one insta snapshot
//! each, named `<document>_<format>`. Where a format refuses a document, the snapshot is the
//! refusal: its exit code and message.
//!
//! The documents run on data the repository ships: the bundled sample with its newest adopted
//! standard, the WEMIX case with the first FSS draft, the two FSS drafts compared, diffed and
//! swept on the sample (the README's examples), and the two demo days of
//! `tests/fixtures/drafts/snapshots/` diffed under the demo's first draft; each of them also with
//! `--lang ko`, in every format with words in it. `cargo insta review` accepts a change.

mod support;

use std::fmt::Write as _;

use support::run_in_repo;
use support::shipped::{FSS_A, FSS_B, NEWEST_ADOPTED, SAMPLE, SWEEP, WEMIX_CASE};

const DEMO_DAY1: &str = "tests/fixtures/drafts/snapshots/demo-20240630T010000Z.json";
const DEMO_DAY2: &str = "tests/fixtures/drafts/snapshots/demo-20240701T010000Z.json";
const DEMO_DRAFT: &str = "tests/fixtures/drafts/2024-01-draft.toml";

/// The arguments of each document, before `--format`; a document named `…_ko` is the same
/// document with `--lang ko`.
fn arguments(document: &str) -> Vec<&'static str> {
    if let Some(english) = document.strip_suffix("_ko") {
        let mut args = arguments(english);
        args.extend(["--lang", "ko"]);
        return args;
    }
    match document {
        "check_sample" => vec!["check", "--snapshot", SAMPLE, "--standard", NEWEST_ADOPTED],
        "check_wemix" => vec!["check", "--snapshot", WEMIX_CASE, "--standard", FSS_A],
        "compare" => vec!["compare", FSS_A, FSS_B, "--snapshot", SAMPLE],
        "standards_diff" => vec!["standards", "diff", FSS_A, FSS_B],
        "standards_sweep" => SWEEP.to_vec(),
        "diff" => vec!["diff", DEMO_DAY1, DEMO_DAY2, "--standard", DEMO_DRAFT],
        other => panic!("no document {other}"),
    }
}

/// Runs `document` in `format` and snapshots what it printed, with its exit code. The tool's
/// version is redacted: it changes with every release, not with what a document says.
fn assert_document(document: &str, format: &str) {
    let mut args = arguments(document);
    args.extend(["--format", format]);
    let (code, mut stdout, stderr) = run_in_repo(&args);
    // JSON is written on one line; indented, a change reads as the lines it touches.
    if format == "json"
        && let Ok(value) = serde_json::from_str::<serde_json::Value>(&stdout)
    {
        stdout = serde_json::to_string_pretty(&value).unwrap() + "\n";
    }
    if format == "html" {
        stdout = support::html::chart_structure(&stdout);
    }
    let mut printed = format!("exit code {code}\n");
    if !stderr.is_empty() {
        let _ = write!(printed, "--- stderr\n{stderr}");
    }
    if !stdout.is_empty() {
        let _ = write!(printed, "--- stdout\n{stdout}");
    }
    insta::with_settings!({
        filters => vec![(r"listingcheck \d+\.\d+\.\d+", "listingcheck [version]")],
        description => format!("listingcheck {}", args.join(" ")),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("{document}_{format}"), printed);
    });
}

/// One test per listed format of `document`, named after the format.
macro_rules! documents {
    ($document:ident: $($format:ident),+) => {
        mod $document {
            $(
                #[test]
                fn $format() {
                    super::assert_document(stringify!($document), stringify!($format));
                }
            )+
        }
    };
}

documents!(check_sample: table, json, markdown, csv, junit, html);
documents!(check_wemix: table, json, markdown, csv, junit, html);
documents!(compare: table, json, markdown, csv, junit, html);
documents!(standards_diff: table, json, markdown, csv, junit, html);
documents!(standards_sweep: table, json, markdown, csv, junit, html);
documents!(diff: table, json, markdown, csv, junit, html);

// The Korean documents: every format with words in it (JSON holds figures and message ids, the
// same in every language).
documents!(check_sample_ko: table, markdown, csv, junit, html);
documents!(check_wemix_ko: table, markdown, csv, junit, html);
documents!(compare_ko: table, markdown, csv, junit, html);
documents!(standards_diff_ko: table, markdown, csv, junit, html);
documents!(standards_sweep_ko: table, markdown, csv, junit, html);
documents!(diff_ko: table, markdown, csv, junit, html);

#[test]
fn a_korean_locale_words_the_findings_in_korean_and_lang_overrides_it() {
    let args = ["check", "--snapshot", WEMIX_CASE, "--standard", FSS_A];
    let korean = support::run_with_env(
        &support::repo(""),
        &args,
        &[("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "ko_KR.UTF-8")],
    );
    assert!(korean.stdout.contains("계획 유통량"), "{}", korean.stdout);
    let mut english_args = args.to_vec();
    english_args.extend(["--lang", "en"]);
    let english = support::run_with_env(
        &support::repo(""),
        &english_args,
        &[("LC_ALL", "ko_KR.UTF-8")],
    );
    assert!(english.stdout.contains("vs planned"), "{}", english.stdout);
}
