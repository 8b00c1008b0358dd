//! `cargo bench --bench check`: how long a full `check` takes on a large universe.
//!
//! DESIGN's goal: a full check of 20,000 assets in under 150 ms (read and verify the snapshot,
//! evaluate every rule, render the JSON report). The benchmark builds a synthetic snapshot with
//! realistic per-asset data (listings with tickers and flags, an on-chain supply, three excluded
//! wallets, two aggregator quotes, an embedded descriptor with a plan), writes it, and times each
//! stage over several runs. It prints figures rather than asserting them.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::{Duration, Instant};

use jiff::civil::date;
use listingcheck::report::{Format, RenderOptions};

#[path = "support/synthetic.rs"]
mod synthetic;

use synthetic::{STANDARD, synthetic_snapshot};

/// The universe size; `BENCH_ASSETS=600` measures a realistic won-market universe.
fn assets() -> usize {
    std::env::var("BENCH_ASSETS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000)
}
const RUNS: usize = 5;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot_path = dir.path().join("bench-20261120T000000Z.json");
    let standard_path = dir.path().join("bench.toml");
    std::fs::write(&standard_path, STANDARD).unwrap();
    listingcheck::snapshot::write(&snapshot_path, &synthetic_snapshot(assets())).unwrap();
    let size = std::fs::metadata(&snapshot_path).unwrap().len();
    if let Some(copy) = std::env::var_os("KEEP_BENCH_SNAPSHOT") {
        std::fs::copy(&snapshot_path, copy).unwrap();
    }
    let standard = listingcheck::inputs::standard::load(&standard_path).unwrap();
    let waivers = listingcheck::inputs::waiver::Waivers::default();

    let (mut read, mut evaluate, mut render, mut total) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut results, mut report_size) = (0, 0);
    for _ in 0..RUNS {
        let start = Instant::now();
        let snapshot = listingcheck::snapshot::read(Path::new(&snapshot_path)).unwrap();
        let read_done = Instant::now();
        let report =
            listingcheck::eval::evaluate(&standard, &snapshot, &waivers, date(2026, 11, 20));
        let evaluate_done = Instant::now();
        let mut out = Vec::with_capacity(64 << 20);
        Format::Json
            .renderer(RenderOptions::default())
            .report(&report, &mut out)
            .unwrap();
        let render_done = Instant::now();
        results = report.results.len();
        report_size = out.len();
        if let Some(copy) = std::env::var_os("KEEP_BENCH_REPORT") {
            std::fs::write(copy, &out).unwrap();
        }
        read.push(read_done - start);
        evaluate.push(evaluate_done - read_done);
        render.push(render_done - evaluate_done);
        total.push(render_done - start);
    }
    println!(
        "check benchmark: {} assets, {} rules, {results} results, snapshot {:.1} MB",
        assets(),
        standard.standard.rules.len(),
        size as f64 / 1e6
    );
    println!(
        "  read + verify hash + parse : {:>8.1} ms (median of {RUNS})",
        median(read).as_secs_f64() * 1e3
    );
    println!(
        "  evaluate                   : {:>8.1} ms",
        median(evaluate).as_secs_f64() * 1e3
    );
    println!(
        "  render JSON report         : {:>8.1} ms",
        median(render).as_secs_f64() * 1e3
    );
    println!(
        "  total                      : {:>8.1} ms  (DESIGN goal: < 150 ms at 20,000 assets)",
        median(total).as_secs_f64() * 1e3
    );
    println!(
        "  JSON report size           : {:>8.1} MB",
        report_size as f64 / 1e6
    );
}
