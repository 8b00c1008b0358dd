//! Evaluation: `(standard, snapshot, waivers, as_of) -> Report`.
//!
//! A pure function, with no I/O and no clock, so that a verdict can be reproduced from the same
//! inputs byte for byte. Missing data gives `unknown` (or `fail` where a rule says
//! `when_missing = "fail"`), never `pass`.

mod document;
mod report;
pub mod upgrade;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use std::sync::Arc;

use jiff::civil::Date;

pub use self::report::{
    AppliedWaiver, AssetVerdict, REPORT_SCHEMA, Report, RuleResult, Summary, Verdict, WaiverNote,
    WaiverState, results_by_asset_and_rule,
};
use crate::inputs::standard::{AppliesTo, LoadedStandard, Rule, WhenMissing};
use crate::inputs::standard::{StandardRef, Threshold};
use crate::inputs::waiver::{EXPIRING_SOON_DAYS, Waivers};
use crate::kst::days_between;
use crate::message::Message;
use crate::metric::{self, Evidence, Measurement, Metric, Value};
use crate::snapshot::SnapshotRef;
use crate::snapshot::{AssetRecord, Request, Snapshot, SnapshotFile};

/// Below this many assets, evaluating on one thread is faster than starting more.
const ASSETS_PER_THREAD: usize = 512;

/// Applies every rule of `standard` to every asset of `snapshot` on `as_of`.
pub fn evaluate(
    standard: &LoadedStandard,
    snapshot: &SnapshotFile,
    waivers: &Waivers,
    as_of: Date,
) -> Report {
    evaluate_each(&[standard], snapshot, waivers, as_of)
        .pop()
        .expect("one report per standard")
}

/// [`evaluate`] for each of several standards on one snapshot, as `compare` needs: a metric
/// that several standards' rules measure alike (same metric, same parameters) is computed once
/// per asset for all of them.
pub fn evaluate_each(
    standards: &[&LoadedStandard],
    snapshot: &SnapshotFile,
    waivers: &Waivers,
    as_of: Date,
) -> Vec<Report> {
    let data = &snapshot.snapshot;
    let context = Context {
        judges: standards
            .iter()
            .map(|standard| Judge::of(standard))
            .collect(),
        snapshot: data,
        waivers,
        as_of,
    };
    // Assets are independent, so large universes are split across threads; chunks are joined in
    // order, which keeps the report identical to a single-threaded run.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunk = data.assets.len().div_ceil(threads).max(ASSETS_PER_THREAD);
    let by_worker: Vec<Vec<Cited>> = std::thread::scope(|scope| {
        let context = &context;
        let workers: Vec<_> = data
            .assets
            .chunks(chunk)
            .map(|assets| scope.spawn(move || context.judge_and_cite(assets)))
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("evaluation never panics"))
            .collect()
    });
    let mut by_standard: Vec<Vec<Cited>> = standards.iter().map(|_| Vec::new()).collect();
    for worker in by_worker {
        for (parts, cited) in by_standard.iter_mut().zip(worker) {
            parts.push(cited);
        }
    }
    standards
        .iter()
        .zip(by_standard)
        .map(|(standard, cited)| {
            let family = &standard.standard.meta.id;
            let (results, evidence, requests) = join_citations(data, cited);
            let assets = results.chunk_by(|a, b| a.asset == b.asset).count();
            Report {
                schema: crate::eval::REPORT_SCHEMA,
                tool: crate::text::TOOL.to_owned(),
                standard: StandardRef::from(*standard),
                snapshot: SnapshotRef::from(snapshot),
                as_of,
                summary: summarize(assets, &results),
                waivers: waiver_notes(family, waivers, &results, as_of),
                results,
                evidence,
                requests,
                source_failures: data.failures.clone(),
            }
        })
        .collect()
}

/// One worker's results for one standard, their evidence cited into its table.
type Cited = (Vec<RuleResult>, Citations);

/// A result and the evidence its measurement cited, before the report's tables are built.
type Judged = (RuleResult, Vec<Evidence>);

/// Observations, each kept once, in the order first cited: an asset's rules cite the same
/// supply figures, and assets share a rate or a market list.
#[derive(Default)]
struct Citations {
    table: Vec<Evidence>,
    /// The first index into `table` of each hash: equal observations hash alike.
    by_hash: FxHashMap<u64, u32>,
    /// The other indexes of a hash that unequal observations share (rare).
    collisions: FxHashMap<u64, Vec<u32>>,
}

impl Citations {
    /// The index of `item` in the table, added if it is new.
    fn cite(&mut self, item: Evidence) -> u32 {
        let hash = hash_of(&item);
        let at = index(self.table.len());
        let first = *self.by_hash.entry(hash).or_insert(at);
        if first != at {
            let others = self.collisions.entry(hash).or_default();
            let same = std::iter::once(first)
                .chain(others.iter().copied())
                .find(|seen| self.table[*seen as usize] == item);
            if let Some(seen) = same {
                return seen;
            }
            others.push(at);
        }
        self.table.push(item);
        at
    }
}

fn hash_of(item: &Evidence) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(item)
}

fn index(len: usize) -> u32 {
    u32::try_from(len).expect("fewer than 2³² observations")
}

/// The report's tables from each worker's results and observations, in order: the results cite
/// their evidence by index into one table of observations (each once), which cite their
/// requests by index into the requests (each once, in the order first cited, where the
/// snapshot's index was). The tables are what one worker citing every asset in turn would build.
fn join_citations(
    snapshot: &Snapshot,
    cited: Vec<Cited>,
) -> (Vec<RuleResult>, Vec<Evidence>, Vec<Arc<Request>>) {
    let mut results = Vec::with_capacity(cited.iter().map(|(results, _)| results.len()).sum());
    let mut all = Citations::default();
    for (worker_results, citations) in cited {
        let moved: Vec<u32> = citations
            .table
            .into_iter()
            .map(|item| all.cite(item))
            .collect();
        results.extend(worker_results.into_iter().map(|mut result| {
            for at in &mut result.evidence {
                *at = moved[*at as usize];
            }
            result
        }));
    }
    let mut request_index: FxHashMap<u32, u32> = FxHashMap::default();
    let mut requests = Vec::new();
    for item in &mut all.table {
        item.req = *request_index.entry(item.req).or_insert_with(|| {
            requests.push(Arc::clone(snapshot.request(item.req)));
            index(requests.len() - 1)
        });
    }
    (results, all.table, requests)
}

/// What every result of one evaluation shares.
struct Context<'a> {
    judges: Vec<Judge<'a>>,
    snapshot: &'a Snapshot,
    waivers: &'a Waivers,
    as_of: Date,
}

/// One standard's rules, with what their results share.
struct Judge<'a> {
    family: &'a str,
    rules: &'a [Rule],
    /// Each rule's thresholds, built once and shared by its results.
    thresholds: Vec<Arc<Threshold>>,
    /// Each rule's id, shared by its results.
    rule_ids: Vec<Arc<str>>,
}

impl<'a> Judge<'a> {
    fn of(standard: &'a LoadedStandard) -> Self {
        let rules = &standard.standard.rules;
        Judge {
            family: &standard.standard.meta.id,
            rules,
            thresholds: rules
                .iter()
                .map(|rule| Arc::new(Threshold::from(rule)))
                .collect(),
            rule_ids: rules
                .iter()
                .map(|rule| Arc::from(rule.id.as_str()))
                .collect(),
        }
    }
}

/// An asset's measurements by metric and parameters, kept while several standards judge it.
type Measured<'a> = Vec<(Metric, &'a BTreeMap<String, i64>, Measurement)>;

impl<'a> Context<'a> {
    /// The results of a run of assets for each standard, their evidence cited into one table
    /// per standard.
    fn judge_and_cite(&self, assets: &[AssetRecord]) -> Vec<Cited> {
        let mut cited: Vec<Cited> = self
            .judges
            .iter()
            .map(|judge| {
                let results = Vec::with_capacity(assets.len() * judge.rules.len());
                (results, Citations::default())
            })
            .collect();
        for asset in assets {
            let mut measured = Measured::new();
            for (judge, (results, citations)) in self.judges.iter().zip(&mut cited) {
                for (mut result, evidence) in self.results_for(judge, asset, &mut measured) {
                    result.evidence = evidence
                        .into_iter()
                        .map(|item| citations.cite(item))
                        .collect();
                    results.push(result);
                }
            }
        }
        cited
    }

    /// The measurement of `rule` on `asset`: computed, or copied from another standard's rule
    /// that measured the same.
    fn measure(
        &self,
        rule: &'a Rule,
        asset: &AssetRecord,
        measured: &mut Measured<'a>,
    ) -> Measurement {
        let compute =
            || metric::compute(rule.metric, &rule.params, self.snapshot, asset, self.as_of);
        if self.judges.len() == 1 {
            return compute();
        }
        let known = measured
            .iter()
            .find(|(metric, params, _)| *metric == rule.metric && **params == rule.params);
        if let Some((_, _, measurement)) = known {
            return measurement.clone();
        }
        let measurement = compute();
        measured.push((rule.metric, &rule.params, measurement.clone()));
        measurement
    }

    /// The results of every applicable rule of one standard for one asset, waivers applied.
    fn results_for(
        &self,
        judge: &Judge<'a>,
        asset: &AssetRecord,
        measured: &mut Measured<'a>,
    ) -> Vec<Judged> {
        let mut results = Vec::with_capacity(judge.rules.len());
        let names = Names::of(asset);
        for ((rule, threshold), rule_id) in judge
            .rules
            .iter()
            .zip(&judge.thresholds)
            .zip(&judge.rule_ids)
        {
            if !applies(&rule.applies_to, asset) {
                continue;
            }
            let measurement = self.measure(rule, asset, measured);
            let (mut result, evidence) = judge_one(
                rule,
                Arc::clone(rule_id),
                Arc::clone(threshold),
                &names,
                measurement,
            );
            if let Some(waiver) = active_waiver(
                self.waivers,
                judge.family,
                &asset.id,
                &rule.id,
                result.status,
                self.as_of,
            ) {
                result.waiver = Some(AppliedWaiver {
                    would_be: result.status,
                    reason: waiver.reason.clone(),
                    granted_by: waiver.granted_by.clone(),
                    expires: waiver.expires,
                });
                result.status = Verdict::Waived;
            }
            results.push((result, evidence));
        }
        results
    }
}

/// Whether a rule's `applies_to` filters admit an asset. A candidate (not yet listed) is being
/// checked for exactly the markets and exchanges a rule names, so those filters admit it.
pub fn applies(filters: &AppliesTo, asset: &AssetRecord) -> bool {
    let market = filters.markets.is_empty()
        || asset.candidate
        || asset
            .listings
            .iter()
            .any(|listing| filters.markets.contains(&listing.quote));
    let exchange = filters.exchanges.is_empty()
        || asset.candidate
        || asset
            .listings
            .iter()
            .any(|listing| filters.exchanges.contains(&listing.exchange));
    // Issued on a chain means natively: a lock-and-mint copy elsewhere does not count.
    let declared_chains = asset.disclosure.iter().flat_map(|d| {
        d.descriptor
            .chains
            .iter()
            .filter(|c| c.native)
            .map(|c| &c.chain)
    });
    let mut chains = declared_chains.chain(
        asset
            .chain_supplies
            .iter()
            .filter(|s| s.native)
            .map(|s| &s.chain),
    );
    let chain = filters.chains.is_empty() || chains.any(|chain| filters.chains.contains(chain));
    let listed_asset = filters.assets.is_empty() || filters.assets.contains(&asset.id);
    market && exchange && chain && listed_asset
}

/// An asset's names, made once and shared by its results.
struct Names {
    id: Arc<str>,
    symbol: Arc<str>,
    korean_name: Option<Arc<str>>,
}

impl Names {
    fn of(asset: &AssetRecord) -> Self {
        Names {
            id: Arc::from(asset.id.as_str()),
            symbol: Arc::from(asset.symbol.as_str()),
            korean_name: asset.korean_name.as_deref().map(Arc::from),
        }
    }
}

/// The verdict of one rule on one measurement.
fn judge_one(
    rule: &Rule,
    rule_id: Arc<str>,
    threshold: Arc<Threshold>,
    asset: &Names,
    measurement: Measurement,
) -> Judged {
    let Measurement {
        value,
        at_least,
        finding,
        evidence,
    } = measurement;
    let value = usable(value);
    let status = status_of(rule, value.as_ref(), at_least);
    let finding = match (&value, status) {
        (None, Verdict::Fail) => Message::new("missing-data-fails").with("reason", finding),
        (Some(_), Verdict::Unknown) => {
            Message::new("lower-bound-unsettled").with("reason", finding)
        }
        _ => finding,
    };
    let result = RuleResult {
        asset: Arc::clone(&asset.id),
        symbol: Arc::clone(&asset.symbol),
        korean_name: asset.korean_name.clone(),
        rule: rule_id,
        metric: rule.metric,
        unit: rule.unit(),
        status,
        severity: rule.severity,
        value,
        threshold,
        finding,
        evidence: Vec::new(),
        waiver: None,
    };
    (result, evidence)
}

/// A measured value fit to judge: a non-finite number (a division by zero upstream) counts as
/// missing, never as a pass.
pub fn usable(value: Option<Value>) -> Option<Value> {
    value.filter(|value| !matches!(value, Value::Number(n) if !n.is_finite()))
}

/// The verdict of a rule on a usable value, or on its absence (`when_missing`), before waivers.
/// `at_least` says the true value is only known to be at least `value`.
pub fn status_of(rule: &Rule, value: Option<&Value>, at_least: bool) -> Verdict {
    match value {
        None if rule.when_missing == WhenMissing::Fail => Verdict::Fail,
        None => Verdict::Unknown,
        Some(value) if at_least => rule
            .thresholds
            .standing_of_lower_bound(value)
            .map_or(Verdict::Unknown, Verdict::from),
        Some(value) => rule.thresholds.standing(value).into(),
    }
}

/// The waiver that turns a failure or warning of `rule` on `asset` into `waived`: one that
/// matches and has not expired on `as_of`.
pub fn active_waiver<'w>(
    waivers: &'w Waivers,
    family: &str,
    asset: &str,
    rule: &str,
    status: Verdict,
    as_of: Date,
) -> Option<&'w crate::inputs::waiver::Waiver> {
    if !matches!(status, Verdict::Fail | Verdict::Warn) {
        return None;
    }
    waivers.in_force(family, asset, rule, as_of)
}

/// The counts of a report's rows: a report's summary always equals this.
pub fn summarize(assets: usize, results: &[RuleResult]) -> Summary {
    let mut summary = Summary {
        assets,
        results: results.len(),
        ..Summary::default()
    };
    for result in results {
        match result.status {
            Verdict::Pass => summary.pass += 1,
            Verdict::Warn => summary.warn += 1,
            Verdict::Fail => summary.fail += 1,
            Verdict::Unknown => summary.unknown += 1,
            Verdict::Waived => summary.waived += 1,
        }
        if result.is_blocking() {
            summary.blocking += 1;
        }
    }
    summary
}

/// What became of each waiver that concerns this standard.
fn waiver_notes(
    family: &str,
    waivers: &Waivers,
    results: &[RuleResult],
    as_of: Date,
) -> Vec<WaiverNote> {
    if waivers.waivers.is_empty() {
        return Vec::new();
    }
    let by_asset_and_rule = crate::eval::results_by_asset_and_rule(results);
    waivers
        .waivers
        .iter()
        .filter(|waiver| waiver.standard.as_deref().is_none_or(|s| s == family))
        .map(|waiver| {
            let matched = by_asset_and_rule
                .get(&(waiver.asset.as_str(), waiver.rule.as_str()))
                .copied();
            let days_left = days_between(as_of, waiver.expires);
            // Decided from the waiver's own date and from which waiver the result carries, since
            // another waiver may cover the same result.
            let applied = |result: &RuleResult| {
                result.waiver.as_ref().is_some_and(|w| {
                    w.expires == waiver.expires
                        && w.reason == waiver.reason
                        && w.granted_by == waiver.granted_by
                })
            };
            let state = match matched {
                None => WaiverState::Unmatched,
                Some(_) if !waiver.in_force(as_of) => WaiverState::Expired,
                Some(result) if applied(result) => WaiverState::Applied,
                Some(_) => WaiverState::NotNeeded,
            };
            WaiverNote {
                asset: waiver.asset.clone(),
                rule: waiver.rule.clone(),
                state,
                expires: waiver.expires,
                days_left,
                expiring_soon: (0..=EXPIRING_SOON_DAYS).contains(&days_left),
                reason: waiver.reason.clone(),
                granted_by: waiver.granted_by.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use jiff::civil::date;
    use proptest::prelude::*;
    use strum::IntoEnumIterator;

    use super::*;
    use crate::inputs::diag::FileDiagnostics;
    use crate::inputs::standard::{Severity, Standard, StandardMeta, Status, Thresholds};
    use crate::inputs::waiver::Waiver;
    use crate::metric::{Limit, Metric, Unit};
    use crate::snapshot::{Aggregator, AggregatorQuote, IdentifiedBy, Request, Snapshot};

    #[test]
    fn equal_observations_are_cited_once_in_the_order_first_cited() {
        let observation = |address: &str, req| Evidence {
            what: Message::new("wallet-excluded")
                .with("address", crate::message::Arg::code(address)),
            value: crate::message::Arg::Count(1),
            req,
        };
        let mut citations = Citations::default();
        let cited: Vec<u32> = [
            observation("0xa", 0),
            observation("0xb", 0),
            observation("0xa", 0),
            observation("0xa", 1),
        ]
        .into_iter()
        .map(|item| citations.cite(item))
        .collect();
        assert_eq!(cited, [0, 1, 0, 2]);
        assert_eq!(citations.table.len(), 3);
    }

    /// A finding as the English reports word it.
    fn english(finding: &crate::message::Message) -> String {
        crate::locale::Localizer::of(crate::locale::Lang::En).text(finding)
    }

    fn rule(
        metric: Metric,
        min: Option<f64>,
        max: Option<f64>,
        warn_min: Option<f64>,
        warn_max: Option<f64>,
    ) -> Rule {
        Rule {
            id: "R".into(),
            title: "rule".into(),
            title_ko: None,
            metric,
            thresholds: Thresholds {
                min: min.map(Limit::Number),
                max: max.map(Limit::Number),
                warn_min: warn_min.map(Limit::Number),
                warn_max: warn_max.map(Limit::Number),
                require: None,
            },
            severity: Severity::Block,
            when_missing: WhenMissing::Unknown,
            params: BTreeMap::from([("days".to_owned(), 90)]),
            applies_to: AppliesTo::default(),
            rationale: None,
            rationale_ko: None,
            reference: Some("test".into()),
        }
    }

    /// The verdict on a value known exactly.
    fn verdict_of(rule: &Rule, value: &Value) -> Verdict {
        status_of(rule, Some(value), false)
    }

    /// The verdict when the true value is only known to be at least `value`.
    fn verdict_of_lower_bound(rule: &Rule, value: &Value) -> Verdict {
        status_of(rule, Some(value), true)
    }

    fn asset(id: &str) -> AssetRecord {
        AssetRecord::new(id.into(), id.to_uppercase(), IdentifiedBy::Unresolved)
    }

    fn snapshot(assets: Vec<AssetRecord>) -> SnapshotFile {
        let taken_at = "2026-11-20T00:00:00Z".parse().unwrap();
        SnapshotFile {
            path: PathBuf::from("test.json"),
            sha256: "0".repeat(64),
            snapshot: Snapshot {
                taken_at,
                sample: false,
                complete: true,
                note: None,
                tool: "test".into(),
                requests: vec![std::sync::Arc::new(Request {
                    source: "coingecko".into(),
                    endpoint: "https://api.coingecko.com/api/v3/coins/markets".into(),
                    fetched_at: taken_at,
                    cache_age_secs: None,
                })],
                failures: vec![],
                market_lists: vec![],
                usd_krw: None,
                assets,
            },
        }
    }

    fn standard(rules: Vec<Rule>) -> LoadedStandard {
        let meta = StandardMeta {
            id: "test".into(),
            version: "1".into(),
            title: "test".into(),
            title_ko: None,
            status: Status::Draft,
            published: date(2026, 1, 1),
            effective: None,
            supersedes: None,
            source: None,
        };
        LoadedStandard {
            path: PathBuf::from("test.toml"),
            sha256: "0".repeat(64),
            standard: Standard { meta, rules },
            warnings: FileDiagnostics::new(std::path::Path::new("test.toml"), ""),
        }
    }

    /// An asset whose circulating ratio, as reported by CoinGecko, is `ratio`.
    fn asset_with_ratio(id: &str, circulating: u64, total: u64) -> AssetRecord {
        let mut asset = asset(id);
        asset.aggregator_quotes.push(AggregatorQuote {
            source: Aggregator::Coingecko,
            id: id.into(),
            circulating_supply: Some(crate::amount::Amount::from_whole(circulating)),
            total_supply: Some(crate::amount::Amount::from_whole(total)),
            max_supply: None,
            self_reported_circulating_supply: None,
            price_usd: None,
            market_cap_usd: None,
            volume_24h_usd: None,
            req: 0,
        });
        asset
    }

    fn optional_limit() -> impl Strategy<Value = Option<f64>> {
        prop::option::of(-2.0f64..2.0)
    }

    proptest! {
        #[test]
        fn a_fail_is_exactly_a_value_outside_the_bounds(value in -3.0f64..3.0, min in optional_limit(), max in optional_limit(), warn_min in optional_limit(), warn_max in optional_limit()) {
            let verdict = verdict_of(&rule(Metric::CirculationPlanExcess, min, max, warn_min, warn_max), &Value::Number(value));
            let outside = min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max);
            prop_assert_eq!(verdict == Verdict::Fail, outside);
        }

        #[test]
        fn tightening_a_threshold_never_turns_a_fail_into_a_pass(value in -3.0f64..3.0, min in optional_limit(), max in optional_limit(), raise in 0.0f64..1.0, lower in 0.0f64..1.0) {
            let loose = verdict_of(&rule(Metric::CirculationPlanExcess, min, max, None, None), &Value::Number(value));
            let tight = verdict_of(&rule(Metric::CirculationPlanExcess, min.map(|m| m + raise), max.map(|m| m - lower), None, None), &Value::Number(value));
            if loose == Verdict::Fail {
                prop_assert_eq!(tight, Verdict::Fail);
            }
        }

        #[test]
        fn a_value_equal_to_a_limit_passes(limit in -2.0f64..2.0) {
            prop_assert_eq!(verdict_of(&rule(Metric::CirculationPlanExcess, Some(limit), Some(limit), None, None), &Value::Number(limit)), Verdict::Pass);
        }
    }

    #[test]
    fn missing_data_is_unknown_never_pass_for_every_metric() {
        let snapshot = snapshot(vec![asset("empty")]);
        // The days since a joint delisting read only the built-in history of delistings, which
        // is never missing: for an asset without a record they are a lower bound.
        for metric in Metric::iter().filter(|m| *m != Metric::DaysSinceJointDelisting) {
            let mut rule = rule(metric, Some(-1e18), Some(1e18), None, None);
            if metric.unit() == Unit::Bool {
                rule.thresholds = Thresholds {
                    require: Some(true),
                    ..Thresholds::default()
                };
            }
            let report = evaluate(
                &standard(vec![rule]),
                &snapshot,
                &Waivers::default(),
                date(2026, 11, 20),
            );
            let result = &report.results[0];
            assert_eq!(
                result.status,
                Verdict::Unknown,
                "{metric}: {}",
                english(&result.finding)
            );
            assert!(result.value.is_none(), "{metric}");
            assert!(
                !english(&result.finding).is_empty(),
                "{metric}: an unknown says why"
            );
        }
    }

    #[test]
    fn a_lower_bound_passes_a_minimum_it_reaches() {
        let min_age = rule(Metric::DaysSinceFirstTrade, Some(180.0), None, None, None);
        assert_eq!(
            verdict_of_lower_bound(&min_age, &Value::Number(365.0)),
            Verdict::Pass
        );
    }

    #[test]
    fn a_lower_bound_below_a_minimum_is_unknown_not_fail() {
        let min_age = rule(Metric::DaysSinceFirstTrade, Some(730.0), None, None, None);
        assert_eq!(
            verdict_of_lower_bound(&min_age, &Value::Number(365.0)),
            Verdict::Unknown
        );
    }

    #[test]
    fn a_lower_bound_above_a_maximum_is_a_certain_failure() {
        let max_age = rule(Metric::DaysSinceFirstTrade, None, Some(30.0), None, None);
        assert_eq!(
            verdict_of_lower_bound(&max_age, &Value::Number(365.0)),
            Verdict::Fail
        );
        let max_age = rule(Metric::DaysSinceFirstTrade, None, Some(400.0), None, None);
        assert_eq!(
            verdict_of_lower_bound(&max_age, &Value::Number(365.0)),
            Verdict::Unknown
        );
    }

    #[test]
    fn missing_data_fails_where_the_rule_says_so() {
        let mut rule = rule(Metric::CirculationPlanExcess, None, Some(0.1), None, None);
        rule.when_missing = WhenMissing::Fail;
        let report = evaluate(
            &standard(vec![rule]),
            &snapshot(vec![asset("empty")]),
            &Waivers::default(),
            date(2026, 11, 20),
        );
        assert_eq!(report.results[0].status, Verdict::Fail);
        let finding = english(&report.results[0].finding);
        assert!(
            finding.contains("treats missing data as a failure"),
            "{finding}"
        );
        assert_eq!(report.summary.blocking, 1);
    }

    #[test]
    fn a_rule_whose_filters_exclude_an_asset_gives_no_row() {
        let mut rule = rule(Metric::CirculatingRatio, Some(0.1), None, None, None);
        rule.applies_to.markets = vec!["KRW".into()];
        let report = evaluate(
            &standard(vec![rule]),
            &snapshot(vec![asset_with_ratio("unlisted", 5, 10)]),
            &Waivers::default(),
            date(2026, 11, 20),
        );
        assert!(report.results.is_empty());
        assert_eq!(report.summary.assets, 0);
    }

    #[test]
    fn every_result_carries_value_threshold_and_evidence() {
        let report = evaluate(
            &standard(vec![rule(
                Metric::CirculatingRatio,
                Some(0.6),
                None,
                None,
                None,
            )]),
            &snapshot(vec![asset_with_ratio("x", 5, 10)]),
            &Waivers::default(),
            date(2026, 11, 20),
        );
        let result = &report.results[0];
        assert_eq!(result.status, Verdict::Fail);
        assert_eq!(result.value, Some(Value::Number(0.5)));
        assert_eq!(result.threshold.bounds.min, Some(Limit::Number(0.6)));
        assert_eq!(result.evidence.len(), 2, "{:?}", result.evidence);
        assert!(
            report
                .evidence_of(result)
                .all(|e| report.request(e.req).source == "coingecko"
                    && report.request(e.req).endpoint.ends_with("/coins/markets"))
        );
    }

    fn waiver(expires: jiff::civil::Date) -> Waivers {
        Waivers {
            path: None,
            waivers: vec![Waiver {
                asset: "x".into(),
                rule: "R".into(),
                standard: None,
                reason: "issuer remediation agreed".into(),
                granted_by: "listing committee".into(),
                expires,
            }],
        }
    }

    fn waived_check(expires: jiff::civil::Date, as_of: jiff::civil::Date) -> Report {
        evaluate(
            &standard(vec![rule(
                Metric::CirculatingRatio,
                Some(0.6),
                None,
                None,
                None,
            )]),
            &snapshot(vec![asset_with_ratio("x", 5, 10)]),
            &waiver(expires),
            as_of,
        )
    }

    #[test]
    fn an_active_waiver_turns_a_failure_into_waived_and_keeps_what_it_would_be() {
        let report = waived_check(date(2026, 12, 31), date(2026, 11, 20));
        let result = &report.results[0];
        assert_eq!(result.status, Verdict::Waived);
        assert_eq!(result.waiver.as_ref().unwrap().would_be, Verdict::Fail);
        assert_eq!(report.summary.blocking, 0);
        assert_eq!(report.waivers[0].state, WaiverState::Applied);
        assert!(!report.waivers[0].expiring_soon);
    }

    #[test]
    fn a_waiver_applies_through_its_expiry_date_and_not_a_day_longer() {
        assert_eq!(
            waived_check(date(2026, 11, 20), date(2026, 11, 20)).results[0].status,
            Verdict::Waived
        );
        let expired = waived_check(date(2026, 11, 19), date(2026, 11, 20));
        assert_eq!(expired.results[0].status, Verdict::Fail);
        assert_eq!(expired.waivers[0].state, WaiverState::Expired);
        assert_eq!(expired.waivers[0].days_left, -1);
        assert_eq!(expired.summary.blocking, 1);
    }

    #[test]
    fn a_waiver_expiring_within_fourteen_days_is_flagged() {
        assert!(waived_check(date(2026, 12, 4), date(2026, 11, 20)).waivers[0].expiring_soon);
        assert!(!waived_check(date(2026, 12, 5), date(2026, 11, 20)).waivers[0].expiring_soon);
    }

    #[test]
    fn an_expired_waiver_never_hides_one_still_in_force() {
        let mut waivers = waiver(date(2026, 1, 31));
        let mut specific = waivers.waivers[0].clone();
        specific.standard = Some("test".into());
        specific.expires = date(2026, 12, 31);
        waivers.waivers.push(specific);
        let report = evaluate(
            &standard(vec![rule(
                Metric::CirculatingRatio,
                Some(0.6),
                None,
                None,
                None,
            )]),
            &snapshot(vec![asset_with_ratio("x", 5, 10)]),
            &waivers,
            date(2026, 11, 20),
        );
        assert_eq!(report.results[0].status, Verdict::Waived);
        let states: Vec<WaiverState> = report.waivers.iter().map(|note| note.state).collect();
        assert_eq!(states, [WaiverState::Expired, WaiverState::Applied]);
    }

    #[test]
    fn a_waiver_that_matches_nothing_is_reported() {
        let mut waivers = waiver(date(2026, 12, 31));
        waivers.waivers[0].asset = "typo".into();
        let report = evaluate(
            &standard(vec![rule(
                Metric::CirculatingRatio,
                Some(0.6),
                None,
                None,
                None,
            )]),
            &snapshot(vec![asset_with_ratio("x", 5, 10)]),
            &waivers,
            date(2026, 11, 20),
        );
        assert_eq!(report.results[0].status, Verdict::Fail);
        assert_eq!(report.waivers[0].state, WaiverState::Unmatched);
    }

    #[test]
    fn a_waiver_on_a_passing_result_is_not_needed() {
        let report = evaluate(
            &standard(vec![rule(
                Metric::CirculatingRatio,
                Some(0.1),
                None,
                None,
                None,
            )]),
            &snapshot(vec![asset_with_ratio("x", 5, 10)]),
            &waiver(date(2026, 12, 31)),
            date(2026, 11, 20),
        );
        assert_eq!(report.results[0].status, Verdict::Pass);
        assert_eq!(report.waivers[0].state, WaiverState::NotNeeded);
    }

    #[test]
    fn a_waiver_for_another_standard_family_does_not_apply() {
        let mut waivers = waiver(date(2026, 12, 31));
        waivers.waivers[0].standard = Some("daxa-best-practices".into());
        let report = evaluate(
            &standard(vec![rule(
                Metric::CirculatingRatio,
                Some(0.6),
                None,
                None,
                None,
            )]),
            &snapshot(vec![asset_with_ratio("x", 5, 10)]),
            &waivers,
            date(2026, 11, 20),
        );
        assert_eq!(report.results[0].status, Verdict::Fail);
        assert!(report.waivers.is_empty());
    }
}
