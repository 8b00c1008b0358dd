//! The history database through the binary (issue 9): `history import` of dated snapshots made
//! from the bundled sample, the series of an asset and the projection of its drift, re-import and
//! `rebuild`, and a write that fails half-way.

mod support;

use std::path::Path;

use support::drifting::drifting;
use support::{repo, run, run_in_repo};

const STANDARD: &str = "standards/daxa-best-practices/2025-06.toml";
const DATABASE: &str = "snapshots/history.sqlite";

fn import(dir: &Path, command: &str) -> (i32, String, String) {
    run(
        dir,
        &[
            "history",
            command,
            "--standard",
            &repo(STANDARD).display().to_string(),
        ],
    )
}

/// Every row of every table, with each run named by its snapshot's hash rather than its id, sorted.
fn rows(dir: &Path) -> Vec<String> {
    let connection = rusqlite::Connection::open(dir.join(DATABASE)).unwrap();
    let mut lines = Vec::new();
    for table in [
        "runs",
        "rules",
        "assets",
        "circulation",
        "statuses",
        "metric_values",
    ] {
        let key = if table == "runs" { "id" } else { "run_id" };
        let mut statement = connection
            .prepare(&format!(
                "SELECT r.snapshot_sha256, t.* FROM {table} t JOIN runs r ON r.id = t.{key}"
            ))
            .unwrap();
        let names: Vec<String> = statement.column_names().map(str::to_owned).collect();
        let mut found = statement.query([]).unwrap();
        while let Some(row) = found.next().unwrap() {
            let cells: Vec<String> = (0..names.len())
                .filter(|at| names[*at] != key)
                .map(|at| format!("{:?}", row.get_ref(at).unwrap()))
                .collect();
            lines.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    lines.sort();
    lines
}

fn count(dir: &Path, table: &str) -> i64 {
    rusqlite::Connection::open(dir.join(DATABASE))
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .unwrap()
}

#[test]
fn import_records_every_snapshot_and_importing_again_replaces_rather_than_duplicates() {
    let dir = drifting(5);

    let (code, _, stderr) = import(dir.path(), "import");

    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "recorded 5 snapshots under daxa-best-practices 2025-06 in the history snapshots/history.sqlite"
        ),
        "{stderr}"
    );
    assert_eq!(count(dir.path(), "runs"), 5);
    assert_eq!(count(dir.path(), "assets"), 5 * 38);
    let first = rows(dir.path());

    let (code, _, stderr) = import(dir.path(), "import");

    assert_eq!(code, 0, "{stderr}");
    assert_eq!(count(dir.path(), "runs"), 5);
    assert_eq!(rows(dir.path()), first);
}

#[test]
fn rebuild_recreates_the_same_rows_from_the_snapshots() {
    let dir = drifting(4);
    import(dir.path(), "import");
    let imported = rows(dir.path());
    rusqlite::Connection::open(dir.path().join(DATABASE))
        .unwrap()
        .execute("DELETE FROM statuses WHERE rule = 'CIRC-PLAN'", [])
        .unwrap();

    let (code, _, stderr) = import(dir.path(), "rebuild");

    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("rebuilt from 4 snapshots"), "{stderr}");
    assert_eq!(rows(dir.path()), imported);
}

#[test]
fn amounts_are_kept_exactly_as_decimal_text() {
    let dir = drifting(1);
    import(dir.path(), "import");

    let (measured, planned): (String, String) =
        rusqlite::Connection::open(dir.path().join(DATABASE))
            .unwrap()
            .query_row(
                "SELECT measured, planned FROM circulation WHERE asset = 'decentraland'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();

    assert_eq!(measured, "1937999327.32");
    assert_eq!(planned, "1945000000");
}

#[test]
fn the_series_has_a_row_per_korean_date_and_the_projection_says_it_is_one() {
    let dir = drifting(5);
    import(dir.path(), "import");

    let (code, stdout, stderr) = run(dir.path(), &["history", "MANA"]);

    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("history_table_of_a_drifting_asset", stdout);
    let (code, korean, stderr) = run(dir.path(), &["history", "MANA", "--lang", "ko"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("history_ko_table_of_a_drifting_asset", korean);
}

#[test]
fn the_projection_of_a_steady_drift_dates_the_warning_and_the_failure() {
    let dir = drifting(5);
    import(dir.path(), "import");

    let (code, stdout, stderr) = run(dir.path(), &["history", "decentraland", "--format", "json"]);

    assert_eq!(code, 0, "{stderr}");
    let history: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let outlook = &history["outlook"];
    assert_eq!(outlook["kind"], "projection");
    assert_eq!(outlook["rule"], "CIRC-PLAN");
    assert_eq!(outlook["points"], 5);
    assert_eq!(outlook["trend"]["trend"], "drifting");
    let crossings = &outlook["trend"]["crossings"];
    // −0.36 % + 1 point a day passes 5 % after 5.36 days and 10 % after 10.36 days.
    assert_eq!(crossings[0]["bound"], "warn_max");
    assert_eq!(crossings[0]["on"], "2026-11-26");
    assert_eq!(crossings[1]["bound"], "max");
    assert_eq!(crossings[1]["on"], "2026-12-01");
    let points = history["points"].as_array().unwrap();
    assert_eq!(points.len(), 5);
    assert_eq!(points[4]["circulation"]["measured"], "2015799327.32");
}

#[test]
fn since_and_rule_narrow_the_series() {
    let dir = drifting(5);
    import(dir.path(), "import");

    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "history",
            "MANA",
            "--since",
            "2026-11-23",
            "--rule",
            "CIRC-PLAN",
            "--format",
            "csv",
        ],
    );

    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[1].starts_with("2026-11-23,"), "{stdout}");
    assert!(
        lines[2].contains(",CIRC-PLAN,circulation_plan_excess,pass,"),
        "{stdout}"
    );
}

#[test]
fn a_short_window_has_too_few_points_for_a_trend_and_says_so() {
    let dir = drifting(5);
    import(dir.path(), "import");

    let (_, stdout, _) = run(dir.path(), &["history", "MANA", "--window", "2"]);

    assert!(
        stdout.replace('\n', " ").contains("Projection, not a verdict: none; a trend needs 3 runs with a plan in the last 2 days, and there are 2."),
        "{stdout}"
    );
}

#[test]
fn an_unknown_asset_is_an_error_that_suggests_the_likely_one() {
    let dir = drifting(1);
    import(dir.path(), "import");

    let (code, _, stderr) = run(dir.path(), &["history", "MANNA"]);

    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: no asset `MANNA` in the history snapshots/history.sqlite; did you mean `MANA`?\n"
    );
}

#[test]
fn a_history_that_was_never_recorded_says_how_to_record_one() {
    let dir = tempfile::tempdir().unwrap();

    let (code, _, stderr) = run(dir.path(), &["history", "MANA"]);

    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "no history database at snapshots/history.sqlite: `listingcheck history import`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_write_that_fails_half_way_leaves_the_database_as_it_was() {
    let dir = drifting(3);
    import(dir.path(), "import");
    let before = rows(dir.path());
    // The disk "fills" when the first snapshot's circulation is written, after its run, assets,
    // metric values and statuses were (and after its old rows were deleted to be replaced).
    rusqlite::Connection::open(dir.path().join(DATABASE))
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER full_disk BEFORE INSERT ON circulation \
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();

    let (code, _, stderr) = import(dir.path(), "import");

    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: cannot use the history database snapshots/history.sqlite: database or disk is full. Nothing was recorded: the database is as it was\n"
    );
    assert_eq!(rows(dir.path()), before);
}

#[test]
fn the_history_page_charts_the_circulation_and_the_drift_with_its_projection() {
    let dir = drifting(5);
    import(dir.path(), "import");
    for (lang, name) in [
        ("en", "history_html_of_a_drifting_asset"),
        ("ko", "history_ko_html_of_a_drifting_asset"),
    ] {
        let (code, stdout, stderr) = run(
            dir.path(),
            &["history", "MANA", "--format", "html", "--lang", lang],
        );
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(name, support::html::chart_structure(&stdout));
    }
}

#[test]
fn a_check_beside_a_history_charts_each_asset_with_a_plan() {
    let dir = drifting(5);
    import(dir.path(), "import");
    let newest = listingcheck::snapshot::all_in(&dir.path().join("snapshots"))
        .unwrap()
        .pop()
        .unwrap();
    let (_, stdout, stderr) = run(
        dir.path(),
        &[
            "check",
            "--snapshot",
            &newest.display().to_string(),
            "--standard",
            &repo(STANDARD).display().to_string(),
            "--format",
            "html",
        ],
    );
    assert!(
        stdout.contains("<h2>Circulation of MANA 디센트럴랜드 over time</h2>"),
        "{stderr}"
    );
    assert!(stdout.contains("aria-label=\"MANA: planned and measured circulation\""));
    // Without a history, the same check has no circulation chart.
    let (_, alone, _) = run_in_repo(&[
        "check",
        "--snapshot",
        "snapshots/sample-20261120T000000Z.json",
        "--standard",
        STANDARD,
        "--format",
        "html",
    ]);
    assert!(!alone.contains("planned and measured circulation"));
}
