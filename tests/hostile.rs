//! Hostile files: whatever bytes a user (or a broken disk, or an attacker) puts in a standard, a
//! descriptor, a waivers file, the config or a snapshot, loading never panics and never runs
//! away with memory; it accepts the file or says what is wrong with it. And the invariants
//! behind every verdict: comparing or diffing a thing with itself finds nothing, tightening a
//! threshold never turns a failure into a pass, a report's summary equals its rows.

mod support;

use std::path::{Path, PathBuf};

use listingcheck::eval::Verdict;
use listingcheck::inputs::diag::FileDiagnostics;
use listingcheck::inputs::standard::LoadedStandard;
use listingcheck::inputs::waiver::Waivers;
use listingcheck::metric::Limit;
use listingcheck::snapshot::SnapshotFile;
use proptest::prelude::*;

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn text_of(relative: &str) -> String {
    std::fs::read_to_string(repo(relative)).unwrap()
}

const STANDARD: &str = "standards/fss-listing/2026-draft-a.toml";
const DESCRIPTOR: &str = "assets/sample/apecoin.toml";
const WAIVERS: &str = "snapshots/sample-waivers.toml";
const SAMPLE: &str = "snapshots/sample-20261120T000000Z.json";
const CONFIG: &str = "schema = 1\n\n[http]\nconcurrency = 8\ntimeout_secs = 20\nmax_retries = 2\n\n[cache]\ndir = \"cache\"\n\n[sources.coinmarketcap]\napi_key_env = \"CMC_API_KEY\"\nrate_limit = { requests = 30, per_seconds = 60 }\n\n[sources.node]\nkind = \"evm\"\nchain_id = 1\nbase_url = \"https://eth.example/{key}\"\napi_key_env = \"NODE_KEY\"\n";

/// Pieces that break parsers: quotes, brackets, huge and odd numbers, control characters, wide
/// characters, and the keys the formats define.
const FRAGMENTS: &[&str] = &[
    "\"",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    "\n",
    "\r\n",
    "\t",
    "#",
    "\\",
    "\u{0}",
    "\u{feff}",
    "위믹스",
    "🦀",
    "-",
    "+",
    ".",
    "e",
    "1e999",
    "-1",
    "0",
    "NaN",
    "inf",
    "99999999999999999999999999999999999999999999",
    "0x",
    "1979-05-27",
    "2026-13-45",
    "true",
    "min",
    "max",
    "warn_min",
    "require",
    "metric",
    "schema",
    "[[rule]]",
    "[standard]",
    "%",
    "null",
    ":",
    "\"req\":",
    "4294967295",
    "-0",
    "1.5e308",
];

/// A valid file with a few random edits: a byte range cut out, or a fragment put in.
fn mutated(base: String) -> impl Strategy<Value = String> {
    let len = base.len();
    prop::collection::vec(
        (
            0..=len,
            0..16usize,
            prop::sample::select(FRAGMENTS),
            any::<bool>(),
        ),
        1..6,
    )
    .prop_map(move |edits| {
        let mut text = base.clone();
        for (at, cut, fragment, insert) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            if insert {
                text.insert_str(at, fragment);
            } else {
                let mut end = (at + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, "");
            }
        }
        text
    })
}

/// Any text at all, or a valid file edited.
fn hostile(base: &str) -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), mutated(base.to_owned())]
}

/// Parses with `parse` and renders every diagnostic: neither may panic.
fn parse_and_render<T>(text: &str, parse: fn(&str, &mut FileDiagnostics) -> Option<T>) {
    let mut diagnostics = FileDiagnostics::new(Path::new("hostile.toml"), text);
    let _ = parse(text, &mut diagnostics);
    let _ = diagnostics.render();
}

/// A snapshot file around `content`, with the content's true hash, so that the loader gets past
/// the hash check to the content itself.
fn envelope(content: &str) -> String {
    format!(
        "{{\"schema\":1,\"sha256\":\"{}\",\"snapshot\":{content}}}\n",
        listingcheck::inputs::files::sha256_hex(content.as_bytes())
    )
}

/// The content of the sample snapshot: what its envelope's `snapshot` key holds.
fn sample_content() -> String {
    let text = text_of(SAMPLE);
    let start = text.find("\"snapshot\":").unwrap() + "\"snapshot\":".len();
    let end = text.trim_end().len() - 1;
    text[start..end].to_owned()
}

fn sample() -> SnapshotFile {
    listingcheck::snapshot::read(&repo(SAMPLE)).unwrap()
}

fn standard(relative: &str) -> LoadedStandard {
    listingcheck::inputs::standard::load(&repo(relative)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_standards_loader_never_panics(text in hostile(&text_of(STANDARD))) {
        parse_and_render(&text, listingcheck::inputs::standard::parse);
    }

    #[test]
    fn the_descriptor_loader_never_panics(text in hostile(&text_of(DESCRIPTOR))) {
        parse_and_render(&text, listingcheck::inputs::asset::parse);
    }

    #[test]
    fn the_waivers_loader_never_panics(text in hostile(&text_of(WAIVERS))) {
        parse_and_render(&text, listingcheck::inputs::waiver::parse);
    }

    #[test]
    fn the_config_loader_never_panics(text in hostile(CONFIG)) {
        parse_and_render(&text, listingcheck::inputs::config::parse);
    }

    #[test]
    fn the_snapshot_loader_never_panics_and_what_it_accepts_evaluates(
        content in hostile(&sample_content())
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hostile-20261120T000000Z.json");
        std::fs::write(&path, envelope(&content)).unwrap();
        if let Ok(file) = listingcheck::snapshot::read(&path) {
            let report = listingcheck::eval::evaluate(
                &standard(STANDARD),
                &file,
                &Waivers::default(),
                jiff::civil::date(2026, 11, 20),
            );
            for format in [listingcheck::report::Format::Table, listingcheck::report::Format::Junit] {
                let mut out = Vec::new();
                format
                    .renderer(listingcheck::report::RenderOptions::default())
                    .report(&report, &mut out)
                    .unwrap();
            }
        }
    }

    #[test]
    fn tightening_a_threshold_never_turns_a_failure_into_a_pass(
        rule in 0usize..16,
        tighten in 0.0f64..2.0,
    ) {
        let snapshot = sample();
        let loose = standard(STANDARD);
        let rules = loose.standard.rules.len();
        let mut tight = loose.clone();
        let target = &mut tight.standard.rules[rule % rules];
        // Raise a minimum, lower a maximum, each by a fraction of its own size (plus a little,
        // so that a limit of zero moves too).
        if let Some(Limit::Number(min)) = &mut target.thresholds.min {
            *min += min.abs() * tighten + tighten;
        }
        if let Some(Limit::Number(max)) = &mut target.thresholds.max {
            *max -= max.abs() * tighten + tighten;
        }
        let as_of = jiff::civil::date(2026, 11, 20);
        let before = listingcheck::eval::evaluate(&loose, &snapshot, &Waivers::default(), as_of);
        let after = listingcheck::eval::evaluate(&tight, &snapshot, &Waivers::default(), as_of);
        let after_by = listingcheck::eval::results_by_asset_and_rule(&after.results);
        for result in before.results.iter().filter(|r| r.status == Verdict::Fail) {
            let now = after_by[&(result.asset.as_ref(), result.rule.as_ref())].status;
            prop_assert_eq!(now, Verdict::Fail, "{} {}", result.asset, result.rule);
        }
    }
}

#[test]
fn compare_of_a_standard_with_itself_changes_nothing() {
    let draft = standard(STANDARD);
    let snapshot = sample();
    let comparison = listingcheck::analysis::compare::compare(
        &draft,
        &draft,
        &snapshot,
        &Waivers::default(),
        jiff::civil::date(2026, 11, 20),
    );
    let summary = &comparison.summary;
    assert_eq!(
        (
            summary.newly_failing,
            summary.newly_passing,
            summary.other_changes
        ),
        (0, 0, 0),
        "{summary:?}"
    );
    assert_eq!(summary.unchanged, summary.assets);
}

#[test]
fn diff_of_a_report_with_itself_is_empty() {
    let report = listingcheck::eval::evaluate(
        &standard(STANDARD),
        &sample(),
        &Waivers::default(),
        jiff::civil::date(2026, 11, 20),
    );
    let diff = listingcheck::analysis::rundiff::diff(
        &report,
        &report,
        listingcheck::analysis::rundiff::DiffOptions::default(),
    );
    assert!(diff.is_empty(), "{:?}", diff.summary);
}

#[test]
fn a_reports_summary_equals_its_rows_under_every_shipped_standard() {
    let snapshot = sample();
    for relative in [
        "standards/daxa-best-practices/2024-07.toml",
        "standards/daxa-best-practices/2025-06.toml",
        "standards/fss-listing/2026-draft-a.toml",
        "standards/fss-listing/2026-draft-b.toml",
    ] {
        let report = listingcheck::eval::evaluate(
            &standard(relative),
            &snapshot,
            &Waivers::default(),
            jiff::civil::date(2026, 11, 20),
        );
        assert_eq!(
            listingcheck::eval::summarize(report.summary.assets, &report.results),
            report.summary,
            "{relative}"
        );
    }
}

/// A file of `size` bytes that starts with one MiB of `unit` repeated and goes on in zeros.
///
/// The zeros are a hole (`set_len`), so the file takes one MiB of disk however large it reads:
/// CI machines can be short of disk, and one run failed here with "No space left on device".
fn big_file(path: &Path, unit: &[u8], size: usize) {
    use std::io::Write as _;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0;
    while written < size.min(1024 * 1024) {
        file.write_all(unit).unwrap();
        written += unit.len();
    }
    let file = file.into_inner().unwrap();
    file.set_len(size as u64).unwrap();
}

const HUNDRED_MB: usize = 100 * 1024 * 1024;

#[test]
fn a_100_mb_standard_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    big_file(
        &path,
        b"# padding padding padding padding padding padding padding\n",
        HUNDRED_MB,
    );
    let error = listingcheck::inputs::standard::load(&path)
        .unwrap_err()
        .to_string();
    assert!(error.contains("too large"), "{error}");
}

#[test]
fn a_100_mb_snapshot_of_garbage_is_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge-20261120T000000Z.json");
    big_file(&path, b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", HUNDRED_MB);
    let error = listingcheck::snapshot::read(&path).unwrap_err().to_string();
    assert!(error.contains("huge-20261120T000000Z.json"), "{error}");
}

#[test]
fn a_deeply_nested_toml_file_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.toml");
    let depth = 100_000;
    std::fs::write(
        &path,
        format!(
            "schema = 1\nx = {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    )
    .unwrap();
    for load in [
        |path: &Path| {
            listingcheck::inputs::standard::load(path)
                .err()
                .map(|e| e.to_string())
        },
        |path: &Path| {
            listingcheck::inputs::waiver::load(path)
                .err()
                .map(|e| e.to_string())
        },
        |path: &Path| {
            listingcheck::inputs::config::load(Some(path))
                .err()
                .map(|e| e.to_string())
        },
    ] {
        let error = load(&path).expect("refused");
        assert!(error.contains("nested.toml"), "{error}");
    }
}

#[test]
fn a_deeply_nested_snapshot_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested-20261120T000000Z.json");
    let depth = 100_000;
    let content = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    std::fs::write(&path, envelope(&content)).unwrap();
    let error = listingcheck::snapshot::read(&path).unwrap_err().to_string();
    assert!(error.contains("nested-20261120T000000Z.json"), "{error}");
}
