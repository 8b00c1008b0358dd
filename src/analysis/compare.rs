//! The impact of draft standard B against draft A on one snapshot: per asset, per rule, and in
//! total. This is what FSS staff ask of a draft: which listed assets would it newly fail, and
//! which rule change is responsible.
//!
//! A comparison is built from two ordinary reports (`evaluate` run once per standard) and the
//! rule-by-rule [`diff`](crate::analysis::standards_diff) of the two standards, so every count in it can be
//! reproduced with two `check` runs.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use strum::IntoStaticStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::analysis::standards_diff::{FieldChange, RuleDiff};
use crate::eval::{AssetVerdict, Report, RuleResult, Verdict};
use crate::inputs::standard::{LoadedStandard, Severity};
use crate::inputs::standard::{StandardRef, Threshold};
use crate::inputs::waiver::Waivers;
use crate::locale::Localizer;
use crate::metric::{Unit, Value};
use crate::snapshot::SnapshotRef;
use crate::snapshot::{SnapshotFile, SourceFailure};

/// The JSON layout of a comparison this version writes. 2: each changed result carries the
/// rule's thresholds under A and B, and A's value where it differs.
pub const COMPARISON_SCHEMA: u32 = 3;

/// Standard B against standard A on one snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub schema: u32,
    pub tool: String,
    pub a: StandardRef,
    pub b: StandardRef,
    pub snapshot: SnapshotRef,
    pub as_of: Date,
    pub summary: ComparisonSummary,
    /// Fields of `[standard]` that differ.
    pub metadata: Vec<FieldChange>,
    /// Every rule of either standard, paired by id, with its impact.
    pub rules: Vec<RuleImpact>,
    /// Every asset checked under either standard, in snapshot order.
    pub assets: Vec<AssetImpact>,
    /// Sources that failed when the snapshot was taken: results that depend on them are unknown
    /// under both standards.
    pub source_failures: Vec<SourceFailure>,
}

/// Asset counts. `newly_failing + newly_passing + other_changes + unchanged = assets`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonSummary {
    pub assets: usize,
    /// Assets whose verdict is `fail` (a blocking failure) under A.
    pub failing_a: usize,
    pub failing_b: usize,
    pub newly_failing: usize,
    pub newly_passing: usize,
    pub other_changes: usize,
    pub unchanged: usize,
}

/// How an asset's verdict moves from A to B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize)]
#[derive(IntoStaticStr, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum VerdictChange {
    /// `fail` under B, anything else (or not checked) under A.
    NewlyFailing,
    /// `fail` under A; `pass`, `warn` or `waived` under B. An asset that is `unknown` under B is
    /// not passing: missing data never counts as a pass.
    NewlyPassing,
    /// Any other change of verdict, e.g. `fail` → `unknown` or `pass` → `warn`.
    Changed,
    Unchanged,
}

/// One asset's verdicts under A and B.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssetImpact {
    pub asset: String,
    pub symbol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
    /// Absent when no rule of A applies to the asset.
    pub a: Option<Verdict>,
    pub b: Option<Verdict>,
    pub change: VerdictChange,
    /// The rules that decide the verdict under A (see [`Report::asset_verdicts`]).
    pub deciding_a: Vec<String>,
    pub deciding_b: Vec<String>,
    /// The rules that flip this asset, as [`flips`] defines it. Empty unless the verdict changes.
    pub flipped_by: Vec<String>,
    /// Every rule whose result on this asset differs between A and B.
    pub changed_results: Vec<ResultChange>,
}

/// A rule's result on one asset, reduced to what decides a verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub status: Verdict,
    pub severity: Severity,
}

impl Outcome {
    fn of(result: &RuleResult) -> Self {
        Outcome {
            status: result.status,
            severity: result.severity,
        }
    }

    /// Whether the severity can matter to a verdict: only failures and unknowns are ranked by
    /// it (see [`Report::asset_verdicts`]).
    fn severity_matters(self) -> bool {
        matches!(self.status, Verdict::Fail | Verdict::Unknown)
    }

    /// `fail (block)` where the severity matters, else `pass`.
    pub fn describe(self, words: &Localizer) -> String {
        if self.severity_matters() {
            words.outcome(self.status, self.severity)
        } else {
            words.name(self.status)
        }
    }
}

/// Whether a rule's result on an asset differs between A and B in a way a verdict can see:
/// another status, a rule that applies under only one standard, or another severity of a
/// failure or unknown. A passing rule whose severity changed has not changed its result.
pub fn result_differs(a: Option<Outcome>, b: Option<Outcome>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.status != b.status || (a.severity_matters() && a.severity != b.severity)
        }
        (None, None) => false,
        _ => true,
    }
}

/// One rule's result on one asset under A and under B; absent where the rule does not apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultChange {
    pub rule: String,
    pub a: Option<Outcome>,
    pub b: Option<Outcome>,
    /// The unit of the rule's metric (B's, else A's).
    pub unit: Unit,
    /// The measured value, from B (else A); absent when missing.
    pub value: Option<Value>,
    /// A's measured value where it differs from `value`: a changed parameter (another window)
    /// measures another quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_a: Option<Value>,
    /// The rule's thresholds under A; absent where the rule does not apply under A.
    pub threshold_a: Option<Threshold>,
    pub threshold_b: Option<Threshold>,
}

impl ResultChange {
    /// `CIRC-PLAN fail (block) → pass`, `UNLOCK — → unknown (block)`.
    pub fn describe(&self, words: &Localizer) -> String {
        let side = |o: Option<Outcome>| o.map_or_else(|| "—".to_owned(), |o| o.describe(words));
        format!("{} {} → {}", self.rule, side(self.a), side(self.b))
    }
}

/// One rule paired across A and B, with how many assets its change flips.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleImpact {
    #[serde(flatten)]
    pub diff: RuleDiff,
    /// Assets whose result for this rule differs between A and B ([`result_differs`]).
    pub results_changed: usize,
    /// The assets this rule flips (see [`flips`]).
    pub flipped: Vec<String>,
}

/// Evaluates both standards on one snapshot (each metric once per asset) and compares the
/// reports.
pub fn compare(
    a: &LoadedStandard,
    b: &LoadedStandard,
    snapshot: &SnapshotFile,
    waivers: &Waivers,
    as_of: Date,
) -> Comparison {
    let [report_a, report_b]: [Report; 2] =
        crate::eval::evaluate_each(&[a, b], snapshot, waivers, as_of)
            .try_into()
            .unwrap_or_else(|_| unreachable!("one report per standard"));
    let diff = crate::analysis::standards_diff::diff(a, b);
    let comparison = from_reports(&report_a, &report_b, diff.rules, diff.metadata);
    // Freeing a report of 560,000 results (20,000 assets) takes about 0.3 s, one allocation at
    // a time: the two are freed side by side.
    std::thread::scope(|scope| {
        scope.spawn(move || drop(report_a));
        drop(report_b);
    });
    comparison
}

/// Whether `rule` flips an asset, given the asset's verdicts and the rule's outcomes under A
/// and B.
///
/// A rule flips an asset when all three hold:
/// 1. the asset's verdict differs between A and B;
/// 2. the rule's result on the asset differs ([`result_differs`]): another status, another
///    severity of a failure or unknown, or the rule applies under only one of the standards;
/// 3. the rule is among the rules that decide the asset's verdict under A or under B (the
///    blocking failures, else the blocking unknowns, else the warnings; see
///    [`Report::asset_verdicts`]).
///
/// So a rule that goes from `fail` to `pass` flips an asset that no other blocking failure keeps
/// failing, and when two failing rules both pass under B, both are credited: the asset passes
/// only because of each. A rule whose result changes without deciding either verdict (a warning
/// behind a blocking failure) flips nothing.
pub fn flips(
    verdicts: (Option<&AssetVerdict>, Option<&AssetVerdict>),
    rule: &str,
    outcomes: (Option<Outcome>, Option<Outcome>),
) -> bool {
    let (a, b) = verdicts;
    let verdict_changed = a.map(|v| v.verdict) != b.map(|v| v.verdict);
    let result_changed = result_differs(outcomes.0, outcomes.1);
    let deciding = [a, b]
        .into_iter()
        .flatten()
        .any(|v| v.deciding_rules.iter().any(|r| r == rule));
    verdict_changed && result_changed && deciding
}

/// Compares two reports of one snapshot, given the rule pairing of their standards.
pub fn from_reports(
    a: &Report,
    b: &Report,
    rules: Vec<RuleDiff>,
    metadata: Vec<FieldChange>,
) -> Comparison {
    let named_a = a.asset_verdicts();
    let named_b = b.asset_verdicts();
    let by_asset_b: FxHashMap<&str, &AssetVerdict> =
        named_b.iter().map(|v| (v.asset.as_str(), v)).collect();
    let by_asset_a: FxHashMap<&str, &AssetVerdict> =
        named_a.iter().map(|v| (v.asset.as_str(), v)).collect();
    let results_a = crate::eval::results_by_asset_and_rule(&a.results);
    let results_b = crate::eval::results_by_asset_and_rule(&b.results);

    // A's assets in report (snapshot) order, then any only B checks.
    let order = named_a.iter().chain(
        named_b
            .iter()
            .filter(|v| !by_asset_a.contains_key(v.asset.as_str())),
    );
    let mut flipped: HashMap<String, Vec<String>> = HashMap::new();
    let mut changed_counts: HashMap<String, usize> = HashMap::new();
    let mut summary = ComparisonSummary::default();
    let mut assets = Vec::new();
    for named in order {
        let asset = named.asset.as_str();
        let verdict_a = by_asset_a.get(asset).copied();
        let verdict_b = by_asset_b.get(asset).copied();
        let mut changed_results = Vec::new();
        let mut flipped_by = Vec::new();
        for rule in &rules {
            let ra = results_a.get(&(asset, rule.id.as_str())).copied();
            let rb = results_b.get(&(asset, rule.id.as_str())).copied();
            let outcomes = (ra.map(Outcome::of), rb.map(Outcome::of));
            if !result_differs(outcomes.0, outcomes.1) {
                continue;
            }
            *changed_counts.entry(rule.id.clone()).or_default() += 1;
            if flips((verdict_a, verdict_b), &rule.id, outcomes) {
                flipped_by.push(rule.id.clone());
                flipped
                    .entry(rule.id.clone())
                    .or_default()
                    .push(asset.to_owned());
            }
            let value = rb.or(ra).and_then(|r| r.value.clone());
            changed_results.push(ResultChange {
                rule: rule.id.clone(),
                unit: rule.rule().unit(),
                a: outcomes.0,
                b: outcomes.1,
                value_a: ra
                    .and_then(|r| r.value.clone())
                    .filter(|v| Some(v) != value.as_ref()),
                value,
                threshold_a: ra.map(|r| Threshold::clone(&r.threshold)),
                threshold_b: rb.map(|r| Threshold::clone(&r.threshold)),
            });
        }
        let (va, vb) = (verdict_a.map(|v| v.verdict), verdict_b.map(|v| v.verdict));
        let change = verdict_change(va, vb);
        summary.assets += 1;
        summary.failing_a += usize::from(va == Some(Verdict::Fail));
        summary.failing_b += usize::from(vb == Some(Verdict::Fail));
        match change {
            VerdictChange::NewlyFailing => summary.newly_failing += 1,
            VerdictChange::NewlyPassing => summary.newly_passing += 1,
            VerdictChange::Changed => summary.other_changes += 1,
            VerdictChange::Unchanged => summary.unchanged += 1,
        }
        assets.push(AssetImpact {
            asset: named.asset.clone(),
            symbol: named.symbol.clone(),
            korean_name: named.korean_name.clone(),
            a: va,
            b: vb,
            change,
            deciding_a: verdict_a
                .map(|v| v.deciding_rules.clone())
                .unwrap_or_default(),
            deciding_b: verdict_b
                .map(|v| v.deciding_rules.clone())
                .unwrap_or_default(),
            flipped_by,
            changed_results,
        });
    }
    let rules = rules
        .into_iter()
        .map(|diff| RuleImpact {
            results_changed: changed_counts.get(diff.id.as_str()).copied().unwrap_or(0),
            flipped: flipped.remove(diff.id.as_str()).unwrap_or_default(),
            diff,
        })
        .collect();
    Comparison {
        schema: COMPARISON_SCHEMA,
        tool: crate::text::TOOL.to_owned(),
        a: a.standard.clone(),
        b: b.standard.clone(),
        snapshot: b.snapshot.clone(),
        as_of: b.as_of,
        summary,
        metadata,
        rules,
        assets,
        source_failures: b.source_failures.clone(),
    }
}

/// How a verdict moves; `None` means no rule applies to the asset.
pub fn verdict_change(a: Option<Verdict>, b: Option<Verdict>) -> VerdictChange {
    let failing = |v: Option<Verdict>| v == Some(Verdict::Fail);
    let passing =
        |v: Option<Verdict>| matches!(v, Some(Verdict::Pass | Verdict::Warn | Verdict::Waived));
    if a == b {
        VerdictChange::Unchanged
    } else if failing(b) {
        VerdictChange::NewlyFailing
    } else if failing(a) && passing(b) {
        VerdictChange::NewlyPassing
    } else {
        VerdictChange::Changed
    }
}

impl AssetImpact {
    /// The changed results of the rules that flip this asset, in rule order.
    pub fn flips(&self) -> impl Iterator<Item = &ResultChange> {
        self.changed_results
            .iter()
            .filter(|change| self.flipped_by.contains(&change.rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(verdict: Verdict, deciding: &[&str]) -> AssetVerdict {
        AssetVerdict {
            asset: "x".into(),
            symbol: "X".into(),
            korean_name: None,
            verdict,
            deciding_rules: deciding.iter().map(|r| (*r).to_owned()).collect(),
        }
    }

    #[allow(clippy::unnecessary_wraps, reason = "`flips` takes optional outcomes")]
    fn outcome(status: Verdict) -> Option<Outcome> {
        Some(Outcome {
            status,
            severity: Severity::Block,
        })
    }

    #[test]
    fn a_deciding_failure_that_passes_under_b_flips_the_asset() {
        let a = verdict(Verdict::Fail, &["PLAN"]);
        let b = verdict(Verdict::Pass, &[]);
        assert!(flips(
            (Some(&a), Some(&b)),
            "PLAN",
            (outcome(Verdict::Fail), outcome(Verdict::Pass))
        ));
    }

    #[test]
    fn two_failures_that_both_pass_under_b_are_both_credited() {
        let a = verdict(Verdict::Fail, &["PLAN", "GAP"]);
        let b = verdict(Verdict::Pass, &[]);
        for rule in ["PLAN", "GAP"] {
            assert!(flips(
                (Some(&a), Some(&b)),
                rule,
                (outcome(Verdict::Fail), outcome(Verdict::Pass))
            ));
        }
    }

    #[test]
    fn a_rule_that_changes_without_deciding_either_verdict_flips_nothing() {
        // The asset goes fail → pass because of PLAN; FX's warning behind it also clears.
        let a = verdict(Verdict::Fail, &["PLAN"]);
        let b = verdict(Verdict::Pass, &[]);
        assert!(!flips(
            (Some(&a), Some(&b)),
            "FX",
            (outcome(Verdict::Warn), outcome(Verdict::Pass))
        ));
    }

    #[test]
    fn nothing_flips_an_asset_whose_verdict_stays() {
        let a = verdict(Verdict::Fail, &["PLAN", "GAP"]);
        let b = verdict(Verdict::Fail, &["GAP"]);
        assert!(!flips(
            (Some(&a), Some(&b)),
            "PLAN",
            (outcome(Verdict::Fail), outcome(Verdict::Pass))
        ));
    }

    #[test]
    fn a_severity_change_alone_flips_a_failing_asset_to_warn() {
        let a = verdict(Verdict::Fail, &["FX"]);
        let b = verdict(Verdict::Warn, &["FX"]);
        let warn = Some(Outcome {
            status: Verdict::Fail,
            severity: Severity::Warn,
        });
        assert!(flips(
            (Some(&a), Some(&b)),
            "FX",
            (outcome(Verdict::Fail), warn)
        ));
    }

    #[test]
    fn an_added_rule_that_fails_flips_a_passing_asset() {
        let a = verdict(Verdict::Pass, &[]);
        let b = verdict(Verdict::Fail, &["NEW"]);
        assert!(flips(
            (Some(&a), Some(&b)),
            "NEW",
            (None, outcome(Verdict::Fail))
        ));
    }

    #[test]
    fn a_passing_rule_whose_severity_changed_has_not_changed_its_result() {
        let pass = |severity| {
            Some(Outcome {
                status: Verdict::Pass,
                severity,
            })
        };
        assert!(!result_differs(pass(Severity::Warn), pass(Severity::Block)));
        let fail = |severity| {
            Some(Outcome {
                status: Verdict::Fail,
                severity,
            })
        };
        assert!(result_differs(fail(Severity::Warn), fail(Severity::Block)));
        assert!(result_differs(None, pass(Severity::Block)));
    }

    #[test]
    fn failing_to_unknown_is_not_newly_passing() {
        assert_eq!(
            verdict_change(Some(Verdict::Fail), Some(Verdict::Unknown)),
            VerdictChange::Changed
        );
        assert_eq!(
            verdict_change(Some(Verdict::Fail), Some(Verdict::Warn)),
            VerdictChange::NewlyPassing
        );
        assert_eq!(
            verdict_change(None, Some(Verdict::Fail)),
            VerdictChange::NewlyFailing
        );
        assert_eq!(
            verdict_change(Some(Verdict::Pass), Some(Verdict::Pass)),
            VerdictChange::Unchanged
        );
    }
}
