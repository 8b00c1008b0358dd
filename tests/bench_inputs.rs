//! The benchmarks' synthetic inputs stay valid as the catalog grows: `cargo test` does not build
//! the benchmarks, so a standard the loader refuses would otherwise show only when someone
//! measures.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use jiff::civil::date;
use listingcheck::metric::Metric;
use strum::IntoEnumIterator;

#[test]
fn the_benchmark_standard_loads_and_uses_every_metric_of_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.toml");
    std::fs::write(&path, synthetic::STANDARD).unwrap();
    let standard = listingcheck::inputs::standard::load(&path).unwrap();
    let unused: Vec<Metric> = Metric::iter()
        .filter(|metric| !standard.standard.rules.iter().any(|r| r.metric == *metric))
        .collect();
    assert!(unused.is_empty(), "the benchmark standard lacks {unused:?}");
}

#[test]
fn the_benchmark_snapshot_gives_every_rule_a_result_for_every_asset() {
    let dir = tempfile::tempdir().unwrap();
    let standard_path = dir.path().join("bench.toml");
    let snapshot_path = dir.path().join("bench-20261120T000000Z.json");
    std::fs::write(&standard_path, synthetic::STANDARD).unwrap();
    listingcheck::snapshot::write(&snapshot_path, &synthetic::synthetic_snapshot(20)).unwrap();
    let standard = listingcheck::inputs::standard::load(&standard_path).unwrap();
    let snapshot = listingcheck::snapshot::read(&snapshot_path).unwrap();
    let report = listingcheck::eval::evaluate(
        &standard,
        &snapshot,
        &listingcheck::inputs::waiver::Waivers::default(),
        date(2026, 11, 20),
    );
    assert_eq!(report.results.len(), 20 * standard.standard.rules.len());
}
