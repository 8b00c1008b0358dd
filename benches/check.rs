//! `cargo bench --bench check`: every figure of the speed goals for a large universe, against
//! its goal, at a realistic won-market size (600 assets) and at market scale (20,000 assets).
//!
//! For each size the benchmark builds a synthetic snapshot with realistic per-asset data
//! (listings with tickers and flags, an on-chain supply, three excluded wallets, two aggregator
//! quotes, an embedded descriptor with a plan) and a standard with every metric of the catalog,
//! then measures:
//! - in this process, the median of five runs of each stage: read (verify the hash, parse),
//!   evaluate, render the JSON report (and its size);
//! - the release binary as a user runs it, the median of three runs: `check --format table`,
//!   `check --format json` (wall time and peak resident memory) and `compare` of two drafts.
//!
//! It prints figures and checks nothing: speed goals live in benchmarks, not tests. The next
//! day's fetch is measured by `cargo bench --bench fetch`. `BENCH_ASSETS=1000,5000` measures
//! other sizes; `KEEP_BENCH_SNAPSHOT=FILE` and `KEEP_BENCH_REPORT=FILE` keep the largest size's
//! snapshot and JSON report.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jiff::civil::date;
use listingcheck::report::{Format, RenderOptions};

#[path = "support/synthetic.rs"]
mod synthetic;

use synthetic::{STANDARD, synthetic_snapshot};

const IN_PROCESS_RUNS: usize = 5;
const PROCESS_RUNS: usize = 3;

/// The sizes measured; the goals hold at the largest.
fn sizes() -> Vec<usize> {
    std::env::var("BENCH_ASSETS").ok().map_or_else(
        || vec![600, 20_000],
        |list| {
            list.split(',')
                .map(|n| n.trim().parse().expect("BENCH_ASSETS is a list of counts"))
                .collect()
        },
    )
}

/// What one size measured.
struct Figures {
    assets: usize,
    results: usize,
    snapshot_mb: f64,
    read: Duration,
    evaluate: Duration,
    render_json: Duration,
    json_mb: f64,
    check_table: Run,
    check_json: Run,
    compare: Run,
}

/// One run of the release binary: its wall time and peak resident memory.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    peak_rss_mb: f64,
}

fn main() {
    if std::env::var_os(MEASURE_ONE_RUN).is_some() {
        return run_and_report_peak();
    }
    let sizes = sizes();
    let largest = *sizes.iter().max().expect("at least one size");
    let figures: Vec<Figures> = sizes
        .iter()
        .map(|&assets| measure(assets, assets == largest))
        .collect();
    print(&figures);
}

fn measure(assets: usize, keep: bool) -> Figures {
    let dir = tempfile::tempdir().unwrap();
    let snapshot_path = dir.path().join("bench-20261120T000000Z.json");
    let standard_path = dir.path().join("bench.toml");
    let draft_path = dir.path().join("bench-draft.toml");
    std::fs::write(&standard_path, STANDARD).unwrap();
    std::fs::write(&draft_path, moved_thresholds(STANDARD)).unwrap();
    listingcheck::snapshot::write(&snapshot_path, &synthetic_snapshot(assets)).unwrap();
    let snapshot_mb = std::fs::metadata(&snapshot_path).unwrap().len() as f64 / 1e6;
    if keep && let Some(copy) = std::env::var_os("KEEP_BENCH_SNAPSHOT") {
        std::fs::copy(&snapshot_path, copy).unwrap();
    }
    let standard = listingcheck::inputs::standard::load(&standard_path).unwrap();
    let waivers = listingcheck::inputs::waiver::Waivers::default();

    let (mut read, mut evaluate, mut render) = (Vec::new(), Vec::new(), Vec::new());
    let (mut results, mut json_bytes) = (0, 0);
    for _ in 0..IN_PROCESS_RUNS {
        let start = Instant::now();
        let snapshot = listingcheck::snapshot::read(Path::new(&snapshot_path)).unwrap();
        let read_done = Instant::now();
        let report =
            listingcheck::eval::evaluate(&standard, &snapshot, &waivers, date(2026, 11, 20));
        let evaluate_done = Instant::now();
        let mut out = Vec::with_capacity(256 << 20);
        Format::Json
            .renderer(RenderOptions::default())
            .report(&report, &mut out)
            .unwrap();
        let render_done = Instant::now();
        results = report.results.len();
        json_bytes = out.len();
        if keep && let Some(copy) = std::env::var_os("KEEP_BENCH_REPORT") {
            std::fs::write(copy, &out).unwrap();
        }
        read.push(read_done - start);
        evaluate.push(evaluate_done - read_done);
        render.push(render_done - evaluate_done);
    }

    let snapshot = snapshot_path.to_str().unwrap();
    let standard = standard_path.to_str().unwrap();
    let draft = draft_path.to_str().unwrap();
    let check = |format: &str| {
        let args = [
            "check",
            "--snapshot",
            snapshot,
            "--standard",
            standard,
            "--format",
            format,
        ];
        median_run(dir.path(), &args)
    };
    Figures {
        assets,
        results,
        snapshot_mb,
        read: median(read),
        evaluate: median(evaluate),
        render_json: median(render),
        json_mb: json_bytes as f64 / 1e6,
        check_table: check("table"),
        check_json: check("json"),
        compare: median_run(
            dir.path(),
            &["compare", standard, draft, "--snapshot", snapshot],
        ),
    }
}

/// Draft B of the comparison: the plan tolerance halved and the turnover floor doubled, so that
/// assets change verdicts.
fn moved_thresholds(standard: &str) -> String {
    let moved = standard
        .replace(
            "max = 0.10\nwarn_max = 0.05",
            "max = 0.05\nwarn_max = 0.025",
        )
        .replace("min = 0.01\n", "min = 0.02\n");
    assert_ne!(moved, standard, "the draft moves thresholds");
    moved
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median of [`PROCESS_RUNS`] runs of the release binary, by wall time.
fn median_run(dir: &Path, args: &[&str]) -> Run {
    let mut runs: Vec<Run> = (0..PROCESS_RUNS).map(|_| run_binary(dir, args)).collect();
    runs.sort_by_key(|run| run.wall);
    runs[runs.len() / 2]
}

/// Runs the binary with its output discarded, through a copy of this benchmark (see
/// [`run_and_report_peak`]) so that the kernel's accounting covers this one run alone.
fn run_binary(dir: &Path, args: &[&str]) -> Run {
    let start = Instant::now();
    let output = Command::new(std::env::current_exe().unwrap())
        .env(MEASURE_ONE_RUN, "1")
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let wall = start.elapsed();
    assert!(
        output.status.success(),
        "listingcheck {} failed",
        args.join(" ")
    );
    let peak_kib: f64 = String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .expect("the measuring copy prints the peak in KiB");
    Run {
        wall,
        peak_rss_mb: peak_kib * 1024.0 / 1e6,
    }
}

/// Set in the environment of the measuring copy of this benchmark.
const MEASURE_ONE_RUN: &str = "LISTINGCHECK_BENCH_MEASURE_ONE_RUN";

/// In the measuring copy: runs the binary once with this process's arguments and prints the
/// child's peak resident memory in KiB, as the kernel accounted it on reaping (`getrusage` of
/// the children, of which there is one), which no sampling can miss.
fn run_and_report_peak() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_listingcheck"))
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = std::io::read_to_string(child.stderr.take().unwrap()).unwrap_or_default();
    let status = child.wait().unwrap();
    // The synthetic universe has failures (exit 1); 2 and above mean the run itself failed.
    assert!(
        status.code().is_some_and(|code| code <= 1),
        "listingcheck {} exited {status}: {stderr}",
        args.join(" "),
    );
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage of the children");
    // Linux counts the peak in KiB.
    println!("{}", usage.max_rss());
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

/// One line per figure: each size's value, the goal at 20,000 assets, and how far off it is.
fn print(figures: &[Figures]) {
    let header: Vec<String> = figures
        .iter()
        .map(|f| format!("{:>8} assets", f.assets))
        .collect();
    println!(
        "check benchmark ({} rules, every metric once; goals from issue 10, at 20,000 assets)",
        STANDARD.matches("[[rule]]").count()
    );
    println!("{:<38} {}   goal", "", header.join(" "));
    let line = |name: &str, unit: &str, value: &dyn Fn(&Figures) -> f64, goal: Option<f64>| {
        let values: Vec<String> = figures
            .iter()
            .map(|f| format!("{:>10.1} {unit:<4}", value(f)))
            .collect();
        let verdict = goal.map_or_else(String::new, |goal| {
            let last = value(figures.last().unwrap());
            if last <= goal {
                format!("≤ {goal} {unit}: met")
            } else {
                format!("≤ {goal} {unit}: missed, {:.1}× the goal", last / goal)
            }
        });
        println!("{name:<38} {}   {verdict}", values.join(" "));
    };
    line("results", "", &|f| f.results as f64, None);
    line("snapshot size", "MB", &|f| f.snapshot_mb, None);
    line(
        "read + verify + parse the snapshot",
        "ms",
        &|f| ms(f.read),
        Some(60.0),
    );
    line("evaluate", "ms", &|f| ms(f.evaluate), Some(30.0));
    line(
        "  results per second",
        "M/s",
        &|f| f.results as f64 / f.evaluate.as_secs_f64() / 1e6,
        None,
    );
    line(
        "render the JSON report",
        "ms",
        &|f| ms(f.render_json),
        Some(40.0),
    );
    line("JSON report size", "MB", &|f| f.json_mb, Some(60.0));
    line(
        "check --format table, whole process",
        "ms",
        &|f| ms(f.check_table.wall),
        Some(150.0),
    );
    line(
        "  peak resident memory",
        "MB",
        &|f| f.check_table.peak_rss_mb,
        Some(150.0),
    );
    line(
        "check --format json, whole process",
        "ms",
        &|f| ms(f.check_json.wall),
        Some(150.0),
    );
    line(
        "  peak resident memory",
        "MB",
        &|f| f.check_json.peak_rss_mb,
        Some(150.0),
    );
    line(
        "compare of two drafts",
        "ms",
        &|f| ms(f.compare.wall),
        Some(200.0),
    );
    if let [first, .., last] = figures {
        let scale = last.assets as f64 / first.assets as f64;
        println!(
            "growth from {} to {} assets ({scale:.1}× the assets; linear is {scale:.1}×): \
             read {:.1}×, evaluate {:.1}×, JSON {:.1}×, check table {:.1}×, compare {:.1}×",
            first.assets,
            last.assets,
            ms(last.read) / ms(first.read),
            ms(last.evaluate) / ms(first.evaluate),
            ms(last.render_json) / ms(first.render_json),
            ms(last.check_table.wall) / ms(first.check_table.wall),
            ms(last.compare.wall) / ms(first.compare.wall),
        );
    }
    println!("the next day's fetch: cargo bench --bench fetch");
}
