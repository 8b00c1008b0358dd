//! Threshold sweeps: how many assets fail one rule as one of its bounds moves, with each draft's
//! value marked. This is how a standards author sees where a threshold bites before choosing it.
//!
//! A sweep evaluates only the swept rule. Each asset's metric is computed once; each step then
//! judges the same values against the moved bound, exactly as evaluation would (missing data,
//! `when_missing`, waivers), so a step's counts equal those of a full `check` with the threshold
//! set to the step's value.

use std::collections::HashSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::analysis::standards_diff::diff_rule;
use crate::eval::{Verdict, active_waiver, applies, status_of, usable};
use crate::inputs::standard::Bound;
use crate::inputs::standard::{LoadedStandard, Rule, StandardRef};
use crate::inputs::waiver::Waivers;
use crate::metric::{Limit, Metric, Unit, Value};
use crate::snapshot::{AssetRecord, SnapshotFile, SnapshotRef};

/// The JSON layout of a sweep this version writes. 2: each step lists its failing assets.
pub const SWEEP_SCHEMA: u32 = 2;

/// The most steps a sweep takes; a chart needs far fewer.
pub const MAX_STEPS: usize = 10_000;

/// What to sweep, and over which values.
#[derive(Clone, Debug)]
pub struct SweepRequest {
    pub rule: String,
    /// Required when the rule sets more than one bound.
    pub bound: Option<Bound>,
    /// Default: around the drafts' values (see [`default_range`]).
    pub from: Option<f64>,
    pub to: Option<f64>,
    /// Evenly spaced values from `from` to `to`, both included; the drafts' values are added.
    pub steps: usize,
}

/// Why a sweep cannot be made. Each is bad input (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("rule `{rule}` is in none of the standards; their rules are: {known}")]
    UnknownRule { rule: String, known: String },
    #[error("rule `{rule}` tests a yes/no metric with `require`: there is no threshold to sweep")]
    YesNo { rule: String },
    #[error("rule `{rule}` has no `{bound}`; sweep one it sets: --bound {has}")]
    NoSuchBound {
        rule: String,
        bound: Bound,
        has: String,
    },
    #[error("rule `{rule}` sets {has}: choose the one to move with --bound")]
    WhichBound { rule: String, has: String },
    #[error("--steps must be from 2 to {MAX_STEPS}, found {0}")]
    Steps(usize),
    #[error("--from ({from}) must be below --to ({to})")]
    Range { from: f64, to: f64 },
}

/// One draft's value of the swept bound.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftMark {
    /// `A`, `B`, … in the order the standards were given.
    pub label: String,
    pub standard: StandardRef,
    /// Absent when the draft has no such rule or the rule sets no such bound.
    pub value: Option<f64>,
    /// Why the value is absent, or how the draft's rule differs beyond the swept bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The swept rule's verdicts at one value of the bound. Counts are of assets the rule applies
/// to; `fail + warn + pass + unknown + waived = assets`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepStep {
    pub threshold: f64,
    pub fail: usize,
    pub warn: usize,
    pub pass: usize,
    pub unknown: usize,
    pub waived: usize,
    /// The labels of the drafts whose value this is.
    pub drafts: Vec<String>,
    /// The ids of the assets that fail, in snapshot order.
    pub failing: Vec<String>,
}

/// An asset that fails at one step or more, as people name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweptAsset {
    pub asset: String,
    pub symbol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
}

/// Failure counts of one rule along a range of one bound.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    pub schema: u32,
    pub tool: String,
    pub rule: String,
    pub title: String,
    pub metric: Metric,
    pub unit: Unit,
    pub bound: Bound,
    /// The standard whose definition of the rule is swept (the first that has it).
    pub swept: StandardRef,
    pub snapshot: SnapshotRef,
    pub as_of: Date,
    /// Assets the rule applies to.
    pub assets: usize,
    pub drafts: Vec<DraftMark>,
    /// In increasing order of threshold.
    pub steps: Vec<SweepStep>,
    /// Every asset that fails at one step or more, in snapshot order: the names of the ids the
    /// steps list as `failing`.
    pub failing_assets: Vec<SweptAsset>,
}

/// Sweeps one bound of one rule over a snapshot. `standards` are the drafts to mark (A, then B);
/// the rule as the first of them defines it is the one swept.
pub fn sweep(
    standards: &[&LoadedStandard],
    snapshot: &SnapshotFile,
    waivers: &Waivers,
    as_of: Date,
    request: &SweepRequest,
) -> Result<Sweep, SweepError> {
    let Some((base_standard, base_rule)) = standards
        .iter()
        .find_map(|standard| find_rule(standard, &request.rule).map(|rule| (*standard, rule)))
    else {
        let mut known: Vec<&str> = standards
            .iter()
            .flat_map(|s| s.standard.rules.iter().map(|r| r.id.as_str()))
            .collect();
        known.sort_unstable();
        known.dedup();
        return Err(SweepError::UnknownRule {
            rule: request.rule.clone(),
            known: known.join(", "),
        });
    };
    let bound = choose_bound(base_rule, request.bound)?;
    if !(2..=MAX_STEPS).contains(&request.steps) {
        return Err(SweepError::Steps(request.steps));
    }

    let drafts = marks(standards, base_rule, bound);

    let unit = base_rule.unit();
    let marked: Vec<f64> = drafts.iter().filter_map(|d| d.value).collect();
    let (default_from, default_to) = default_range(&marked, unit);
    let (from, to) = (
        request.from.unwrap_or(default_from),
        request.to.unwrap_or(default_to),
    );
    if from.partial_cmp(&to) != Some(std::cmp::Ordering::Less) {
        return Err(SweepError::Range { from, to });
    }
    let thresholds = thresholds(from, to, request.steps, &marked, unit);

    let family = &base_standard.standard.meta.id;
    let data = &snapshot.snapshot;
    let measured: Vec<(&AssetRecord, Option<Value>, bool)> = data
        .assets
        .iter()
        .filter(|asset| applies(&base_rule.applies_to, asset))
        .map(|asset| {
            let measurement =
                crate::metric::compute(base_rule.metric, &base_rule.params, data, asset, as_of);
            (asset, usable(measurement.value), measurement.at_least)
        })
        .collect();
    let template = base_limit(
        base_rule
            .thresholds
            .get(bound)
            .expect("chosen among the rule's bounds"),
    );
    let steps: Vec<SweepStep> = thresholds
        .into_iter()
        .map(|threshold| {
            let mut rule = base_rule.clone();
            rule.thresholds.set(bound, template(threshold));
            let labels = drafts
                .iter()
                .filter(|d| d.value == Some(threshold))
                .map(|d| d.label.clone())
                .collect();
            count(&rule, threshold, labels, &measured, |asset, status| {
                active_waiver(waivers, family, asset, &rule.id, status, as_of).is_some()
            })
        })
        .collect();
    let ever_failing: HashSet<&str> = steps
        .iter()
        .flat_map(|step| step.failing.iter().map(String::as_str))
        .collect();
    let failing_assets = measured
        .iter()
        .filter(|(asset, _, _)| ever_failing.contains(asset.id.as_str()))
        .map(|(asset, _, _)| SweptAsset {
            asset: asset.id.clone(),
            symbol: asset.symbol.clone(),
            korean_name: asset.korean_name.clone(),
        })
        .collect();

    Ok(Sweep {
        schema: SWEEP_SCHEMA,
        tool: crate::text::TOOL.to_owned(),
        rule: base_rule.id.clone(),
        title: base_rule.title.clone(),
        metric: base_rule.metric,
        unit,
        bound,
        swept: StandardRef::from(base_standard),
        snapshot: SnapshotRef::from(snapshot),
        as_of,
        assets: measured.len(),
        drafts,
        steps,
        failing_assets,
    })
}

/// Each draft's value of the swept bound, labelled A, B, …
fn marks(standards: &[&LoadedStandard], base_rule: &Rule, bound: Bound) -> Vec<DraftMark> {
    let labels = ["A", "B", "C", "D", "E", "F"];
    standards
        .iter()
        .enumerate()
        .map(|(index, standard)| {
            let label = labels
                .get(index)
                .map_or_else(|| format!("#{}", index + 1), |l| (*l).to_owned());
            let (value, note) = match find_rule(standard, &base_rule.id) {
                None => (None, Some(format!("has no rule {}", base_rule.id))),
                Some(rule) => match rule.thresholds.get(bound) {
                    None => (None, Some(format!("rule {} sets no {bound}", base_rule.id))),
                    Some(limit) => {
                        let others: Vec<String> = diff_rule(base_rule, rule)
                            .into_iter()
                            .filter(|change| change.field != <&str>::from(bound))
                            .map(|change| change.field)
                            .collect();
                        let note = (!others.is_empty()).then(|| {
                            format!(
                                "its rule also differs in {}; the sweep holds {}'s definition",
                                others.join(", "),
                                labels[0]
                            )
                        });
                        (Some(limit_value(limit)), note)
                    }
                },
            };
            DraftMark {
                label,
                standard: StandardRef::from(*standard),
                value,
                note,
            }
        })
        .collect()
}

/// The swept rule's verdicts at one threshold; `waived` says whether an active waiver covers a
/// failure or warning of an asset.
fn count(
    rule: &Rule,
    threshold: f64,
    drafts: Vec<String>,
    measured: &[(&AssetRecord, Option<Value>, bool)],
    waived: impl Fn(&str, Verdict) -> bool,
) -> SweepStep {
    let mut step = SweepStep {
        threshold,
        fail: 0,
        warn: 0,
        pass: 0,
        unknown: 0,
        waived: 0,
        drafts,
        failing: Vec::new(),
    };
    for (asset, value, at_least) in measured {
        let mut status = status_of(rule, value.as_ref(), *at_least);
        if waived(&asset.id, status) {
            status = Verdict::Waived;
        }
        if status == Verdict::Fail {
            step.failing.push(asset.id.clone());
        }
        *match status {
            Verdict::Fail => &mut step.fail,
            Verdict::Warn => &mut step.warn,
            Verdict::Pass => &mut step.pass,
            Verdict::Unknown => &mut step.unknown,
            Verdict::Waived => &mut step.waived,
        } += 1;
    }
    step
}

fn find_rule<'s>(standard: &'s LoadedStandard, id: &str) -> Option<&'s Rule> {
    standard.standard.rules.iter().find(|rule| rule.id == id)
}

fn choose_bound(rule: &Rule, asked: Option<Bound>) -> Result<Bound, SweepError> {
    if rule.thresholds.require.is_some() {
        return Err(SweepError::YesNo {
            rule: rule.id.clone(),
        });
    }
    let present: Vec<Bound> = rule.thresholds.bounds().map(|(bound, _)| bound).collect();
    let names = || {
        present
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (asked, present.as_slice()) {
        (Some(bound), _) if present.contains(&bound) => Ok(bound),
        (Some(bound), _) => Err(SweepError::NoSuchBound {
            rule: rule.id.clone(),
            bound,
            has: names(),
        }),
        (None, [only]) => Ok(*only),
        (None, _) => Err(SweepError::WhichBound {
            rule: rule.id.clone(),
            has: names(),
        }),
    }
}

fn limit_value(limit: &Limit) -> f64 {
    match limit {
        Limit::Number(number) => *number,
        Limit::Tokens(amount) => amount.to_f64(),
    }
}

/// Turns a step's value into a limit of the same kind as the rule's: a number, or whole tokens.
fn base_limit(limit: &Limit) -> impl Fn(f64) -> Limit {
    let tokens = matches!(limit, Limit::Tokens(_));
    move |value| {
        if tokens {
            // A draft's own value may have a fraction: its shortest decimal text is exact up to
            // 2^53 tokens. (Rust prints f64 without exponents.)
            Limit::Tokens(value.max(0.0).to_string().parse().unwrap_or(Amount::ZERO))
        } else {
            Limit::Number(value)
        }
    }
}

/// Whether a unit takes only whole values as thresholds.
fn whole(unit: Unit) -> bool {
    matches!(unit, Unit::Count | Unit::Days | Unit::Tokens)
}

/// The range a sweep covers when none is given: from the lowest draft value to the highest,
/// widened by their distance on each side; around a single value `v`, from 0 to 2v. Units that
/// cannot be negative (counts, days, money, tokens) start at 0 at the lowest.
pub fn default_range(values: &[f64], unit: Unit) -> (f64, f64) {
    let lowest = values.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (from, to) = if !lowest.is_finite() {
        (0.0, 1.0)
    } else if highest > lowest {
        let distance = highest - lowest;
        (lowest - distance, highest + distance)
    } else if lowest == 0.0 {
        (-1.0, 1.0)
    } else {
        let (a, b): (f64, f64) = (0.0, 2.0 * lowest);
        (a.min(b), a.max(b))
    };
    if unit == Unit::Ratio {
        (from, to)
    } else {
        (from.max(0.0), to.max(from.max(0.0) + 1.0))
    }
}

/// `steps` evenly spaced values from `from` to `to`, plus the drafts' values, sorted and without
/// repeats; whole numbers for whole units.
fn thresholds(from: f64, to: f64, steps: usize, marked: &[f64], unit: Unit) -> Vec<f64> {
    let last = (steps - 1) as f64;
    let mut values: Vec<f64> = (0..steps)
        .map(|i| {
            let value = from + (to - from) * (i as f64) / last;
            // Spare a chart's axis from `0.30000000000000004`.
            let value = (value * 1e12).round() / 1e12;
            if whole(unit) { value.round() } else { value }
        })
        .chain(marked.iter().copied())
        .collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_range_widens_the_drafts_span_by_itself() {
        let (from, to) = default_range(&[0.05, 0.10], Unit::Ratio);
        assert!(
            from.abs() < 1e-12 && (to - 0.15).abs() < 1e-12,
            "{from} {to}"
        );
        assert_eq!(default_range(&[3.0], Unit::Count), (0.0, 6.0));
        assert_eq!(default_range(&[2.0, 4.0], Unit::Count), (0.0, 6.0));
    }

    #[test]
    fn thresholds_include_the_drafts_values() {
        let values = thresholds(0.0, 0.2, 3, &[0.05, 0.1], Unit::Ratio);
        assert_eq!(values, [0.0, 0.05, 0.1, 0.2]);
    }

    #[test]
    fn whole_units_step_in_whole_numbers() {
        let values = thresholds(0.0, 5.0, 4, &[], Unit::Count);
        assert_eq!(values, [0.0, 2.0, 3.0, 5.0]);
    }
}
