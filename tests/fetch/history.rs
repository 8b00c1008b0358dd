//! `run` records each run in the history beside its snapshots, and a history it cannot write
//! never costs the run its snapshot or report.

use std::path::Path;

use crate::binary::{files, run_job, workdir};
use crate::support::sample_world::World;

fn runs_recorded(snapshots: &Path) -> i64 {
    rusqlite::Connection::open(snapshots.join("history.sqlite"))
        .unwrap()
        .query_row("SELECT count(*) FROM runs", [], |row| row.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_run_records_itself_in_the_history() {
    let world = World::sample().await;
    let dir = workdir(&world);
    let snapshots = dir.path().join("snapshots");

    let first = run_job(dir.path(), &[]).await;
    let second = run_job(dir.path(), &[]).await;

    for run in [&first, &second] {
        assert!(
            run.stderr
                .contains("recorded the run in the history snapshots/history.sqlite"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(runs_recorded(&snapshots), 2);
    let series = crate::support::run(dir.path(), &["history", "KAITO", "--format", "json"]);
    let history: serde_json::Value = serde_json::from_str(&series.1).unwrap();
    assert_eq!(history["asset"], "kaito");
    // Both runs fall on one Korean date: the series keeps the later.
    assert_eq!(history["points"].as_array().unwrap().len(), 1);
    let snapshot = files(&snapshots, "run-").pop().unwrap();
    assert_eq!(
        history["points"][0]["snapshot"],
        snapshot.file_name().unwrap().to_str().unwrap()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_history_that_cannot_be_written_is_an_error_and_the_snapshot_and_report_stay() {
    let world = World::sample().await;
    let dir = workdir(&world);
    let snapshots = dir.path().join("snapshots");
    run_job(dir.path(), &[]).await;
    rusqlite::Connection::open(snapshots.join("history.sqlite"))
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER full_disk BEFORE INSERT ON runs \
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();

    let run = run_job(dir.path(), &[]).await;

    assert_eq!(run.code, 2, "{}", run.stderr);
    let snapshot = files(&snapshots, "run-").pop().unwrap();
    let report = files(&snapshots.join("reports"), "report-").pop().unwrap();
    assert!(
        run.stderr.ends_with(&format!(
            "error: cannot use the history database snapshots/history.sqlite: database or disk is full. The snapshot {} and the report {} are saved; `listingcheck history import` records them once the database can be written\n",
            Path::new("snapshots").join(snapshot.file_name().unwrap()).display(),
            Path::new("snapshots/reports").join(report.file_name().unwrap()).display(),
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.starts_with("# Changes since the last run"),
        "the summary is printed"
    );
    assert_eq!(files(&snapshots, "run-").len(), 2);
    assert_eq!(files(&snapshots.join("reports"), "report-").len(), 2);
    assert_eq!(
        runs_recorded(&snapshots),
        1,
        "the first run's record is intact"
    );
}
