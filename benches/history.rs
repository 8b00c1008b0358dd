//! `cargo bench --bench history`: how long `history import` of a year of daily snapshots takes,
//! how large the database grows, and how long `history ASSET` then takes, as a table and as the
//! HTML page with its charts.
//!
//! Issue 9's figure: 365 daily snapshots of 600 assets (`BENCH_DAYS`, `BENCH_ASSETS` change
//! them), made from the synthetic universe of the check benchmark, in which the first asset's
//! excluded wallet pays out a little every day so that its series drifts. The import and the
//! series run through the library calls the commands make. It prints figures rather than
//! asserting them.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use listingcheck::history::{History, SeriesQuery};
use listingcheck::report::{Format, RenderOptions};

#[path = "support/synthetic.rs"]
mod synthetic;

use synthetic::{STANDARD, synthetic_snapshot, tokens};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

const SERIES_RUNS: usize = 5;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let (days, assets) = (setting("BENCH_DAYS", 365), setting("BENCH_ASSETS", 600));
    let dir = tempfile::tempdir().unwrap();
    let snapshots = dir.path().join("snapshots");
    std::fs::create_dir(&snapshots).unwrap();
    let standard_path = dir.path().join("bench.toml");
    std::fs::write(&standard_path, STANDARD).unwrap();
    let standard = listingcheck::inputs::standard::load(&standard_path).unwrap();
    let waivers = listingcheck::inputs::waiver::Waivers::default();

    let start = Instant::now();
    let universe = synthetic_snapshot(usize::try_from(assets).unwrap());
    let mut bytes = 0;
    for day in 0..days {
        let mut snapshot = universe.clone();
        let back = i64::try_from(days - 1 - day).unwrap();
        snapshot.taken_at = universe
            .taken_at
            .checked_sub(jiff::SignedDuration::from_hours(24 * back))
            .unwrap();
        snapshot.assets[0].wallet_balances[0].balance = tokens(200_000_000 - 100_000 * day);
        let path = snapshots.join(listingcheck::snapshot::file_name("run", snapshot.taken_at));
        listingcheck::snapshot::write(&path, &snapshot).unwrap();
        bytes += std::fs::metadata(&path).unwrap().len();
    }
    let generated = start.elapsed();

    let database = listingcheck::history::path_in(&snapshots);
    let paths = listingcheck::snapshot::all_in(&snapshots).unwrap();
    let start = Instant::now();
    let imported = History::open(&database)
        .unwrap()
        .import(&paths, &standard, &waivers)
        .unwrap();
    let import = start.elapsed();
    let size = std::fs::metadata(&database).unwrap().len();
    let start = Instant::now();
    History::open(&database)
        .unwrap()
        .import(&paths, &standard, &waivers)
        .unwrap();
    let reimport = start.elapsed();

    let query = SeriesQuery {
        since: None,
        rule: None,
        window_days: listingcheck::history::projection::DEFAULT_WINDOW_DAYS,
    };
    let mut points = 0;
    let mut page_size = 0;
    let mut times = |format: Format| {
        let mut times = Vec::new();
        for _ in 0..SERIES_RUNS {
            let start = Instant::now();
            let history = History::open_existing(&database).unwrap();
            let series = history.series("token-00000", &query).unwrap();
            let mut out = Vec::new();
            format
                .renderer(RenderOptions::default())
                .history(&series, &mut out)
                .unwrap();
            times.push(start.elapsed());
            points = series.points.len();
            page_size = out.len();
        }
        median(times)
    };
    let table_time = times(Format::Table);
    // The page with the circulation and drift charts (plotters' SVG) of the same series.
    let html_time = times(Format::Html);

    println!(
        "history benchmark: {} daily snapshots of {assets} assets ({:.0} MB of snapshots, written in {:.1} s), {} rules",
        imported.recorded.len(),
        bytes as f64 / 1e6,
        generated.as_secs_f64(),
        standard.standard.rules.len()
    );
    println!(
        "  history import (read, evaluate, record) : {:>8.1} s  ({:.1} ms a snapshot)",
        import.as_secs_f64(),
        import.as_secs_f64() * 1e3 / days as f64
    );
    println!(
        "  import again (every run replaced)      : {:>8.1} s",
        reimport.as_secs_f64()
    );
    println!(
        "  database size                          : {:>8.1} MB",
        size as f64 / 1e6
    );
    println!(
        "  history ASSET ({points} dates, table)        : {:>8.1} ms (median of {SERIES_RUNS})",
        table_time.as_secs_f64() * 1e3
    );
    println!(
        "  history ASSET ({points} dates, html charts)  : {:>8.1} ms (median of {SERIES_RUNS}), a {:.0} kB page",
        html_time.as_secs_f64() * 1e3,
        page_size as f64 / 1e3
    );
}
