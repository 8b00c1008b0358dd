//! The HTML pages in a real browser: `scripts/html-check.mjs` opens the page of the sample's
//! check, the WEMIX case, a comparison, a sweep, a run diff and an asset's history in headless
//! Chromium, and fails on a console error, a network request, an empty chart or a findings table
//! whose script did not run. It saves each page as a PNG.
//!
//! It runs where Node and Chromium are installed (`CHROMIUM` names another browser) and says that
//! it skipped where they are not, so a machine without a browser stays green. The PNGs go to
//! `LISTINGCHECK_HTML_PNGS` when it is set, to look at; else to a temporary folder.

mod support;

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use support::drifting::drifting;
use support::shipped::{FSS_A, FSS_B, NEWEST_ADOPTED, SAMPLE, SWEEP, WEMIX_CASE};
use support::{repo, run, run_in_repo};

/// Whether `program --version` runs.
fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Writes the page of `args` (run in the repository) to `page`.
fn page(args: &[&str], page: &Path) {
    let mut args = args.to_vec();
    let path = page.display().to_string();
    args.extend(["--format", "html", "--output", &path]);
    let (code, _, stderr) = run_in_repo(&args);
    assert!(
        page.is_file(),
        "listingcheck {} exited {code} without a page: {stderr}",
        args.join(" ")
    );
}

#[test]
fn every_html_page_loads_in_chromium_without_errors_or_requests_and_draws_its_charts() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_owned());
    if !installed("node") || !installed(&chromium) {
        // Written past the test harness's capture, so that a green run still says what it skipped.
        let _ = writeln!(
            std::io::stderr(),
            "html_in_chromium skipped: the HTML check needs Node and Chromium (`{chromium}`); on Debian: apt-get install -y chromium fonts-noto-cjk nodejs"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path();
    page(
        &["check", "--snapshot", SAMPLE, "--standard", NEWEST_ADOPTED],
        &pages.join("check-sample.html"),
    );
    page(
        &[
            "check",
            "--snapshot",
            WEMIX_CASE,
            "--standard",
            FSS_A,
            "--lang",
            "ko",
        ],
        &pages.join("check-wemix-ko.html"),
    );
    page(
        &["compare", FSS_A, FSS_B, "--snapshot", SAMPLE],
        &pages.join("compare.html"),
    );
    page(&SWEEP, &pages.join("sweep.html"));
    page(
        &[
            "diff",
            "tests/fixtures/drafts/snapshots/demo-20240630T010000Z.json",
            "tests/fixtures/drafts/snapshots/demo-20240701T010000Z.json",
            "--standard",
            "tests/fixtures/drafts/2024-01-draft.toml",
        ],
        &pages.join("diff.html"),
    );
    let history = drifting(12);
    let history_page = pages.join("history.html");
    let (code, _, stderr) = run(
        history.path(),
        &[
            "history",
            "import",
            "--standard",
            &repo(NEWEST_ADOPTED).display().to_string(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(
        history.path(),
        &[
            "history",
            "decentraland",
            "--format",
            "html",
            "--output",
            &history_page.display().to_string(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");

    let pngs = std::env::var("LISTINGCHECK_HTML_PNGS")
        .map_or_else(|_| pages.join("png"), std::path::PathBuf::from);
    // The least number of charts each page must draw.
    let expected = [
        ("check-sample.html", 2),
        ("check-wemix-ko.html", 2),
        ("compare.html", 1),
        ("sweep.html", 1),
        ("diff.html", 0),
        ("history.html", 2),
    ];
    let mut command = Command::new("node");
    command
        .arg(repo("scripts/html-check.mjs"))
        .arg("--out")
        .arg(&pngs)
        .env("CHROMIUM", &chromium);
    for (name, charts) in expected {
        command.arg(format!("{}:{charts}", pages.join(name).display()));
    }
    let output = command.output().expect("node runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    println!("{printed}");
    assert!(
        output.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
