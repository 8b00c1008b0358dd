//! Evaluation: `(standard, snapshot, waivers, as_of) -> Report`.
//!
//! A pure function, with no I/O and no clock, so that a verdict can be reproduced from the same
//! inputs byte for byte. Missing data gives `unknown` (or `fail` where a rule says
//! `when_missing = "fail"`), never `pass`.

use jiff::civil::Date;

use crate::kst::days_between;
use crate::metric::{self, Measurement, Value};
use crate::report::{
    AppliedWaiver, Report, RuleResult, SnapshotRef, StandardRef, Summary, Threshold, Verdict,
    WaiverNote, WaiverState,
};
use crate::snapshot::{AssetRecord, SnapshotFile};
use crate::standard::{AppliesTo, LoadedStandard, Rule, WhenMissing};
use crate::waiver::{EXPIRING_SOON_DAYS, Waivers};

/// Applies every rule of `standard` to every asset of `snapshot` on `as_of`.
pub fn evaluate(
    standard: &LoadedStandard,
    snapshot: &SnapshotFile,
    waivers: &Waivers,
    as_of: Date,
) -> Report {
    let family = &standard.standard.meta.id;
    let data = &snapshot.snapshot;
    let mut results = Vec::new();
    let mut assets = 0;
    for asset in &data.assets {
        let before = results.len();
        for rule in standard
            .standard
            .rules
            .iter()
            .filter(|rule| applies(&rule.applies_to, asset))
        {
            let measurement = metric::compute(rule.metric, &rule.params, data, asset, as_of);
            let mut result = judge(rule, asset, measurement);
            if let Some(waiver) =
                active_waiver(waivers, family, &asset.id, &rule.id, result.status, as_of)
            {
                result.waiver = Some(AppliedWaiver {
                    would_be: result.status,
                    reason: waiver.reason.clone(),
                    granted_by: waiver.granted_by.clone(),
                    expires: waiver.expires,
                });
                result.status = Verdict::Waived;
            }
            results.push(result);
        }
        if results.len() > before {
            assets += 1;
        }
    }
    let waiver_notes = waiver_notes(family, waivers, &results, as_of);
    let summary = summarize(assets, &results);
    Report {
        schema: crate::report::REPORT_SCHEMA,
        tool: crate::TOOL.to_owned(),
        standard: StandardRef::from(standard),
        snapshot: SnapshotRef::from(snapshot),
        as_of,
        summary,
        results,
        waivers: waiver_notes,
        source_failures: data.failures.clone(),
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
    let declared_chains = asset
        .disclosure
        .iter()
        .flat_map(|d| d.descriptor.chains.iter().map(|c| &c.chain));
    let mut chains = declared_chains.chain(asset.chain_supplies.iter().map(|s| &s.chain));
    let chain = filters.chains.is_empty() || chains.any(|chain| filters.chains.contains(chain));
    let listed_asset = filters.assets.is_empty() || filters.assets.contains(&asset.id);
    market && exchange && chain && listed_asset
}

/// The verdict of one rule on one measurement.
fn judge(rule: &Rule, asset: &AssetRecord, measurement: Measurement) -> RuleResult {
    let Measurement {
        value,
        detail,
        evidence,
    } = measurement;
    let value = usable(value);
    let status = status_of(rule, value.as_ref());
    let detail = if value.is_none() && status == Verdict::Fail {
        format!("{detail} (the rule treats missing data as a failure)")
    } else {
        detail
    };
    RuleResult {
        asset: asset.id.clone(),
        symbol: asset.symbol.clone(),
        korean_name: asset.korean_name.clone(),
        rule: rule.id.clone(),
        metric: rule.metric,
        unit: rule.unit(),
        status,
        severity: rule.severity,
        value,
        threshold: Threshold::from(rule),
        detail,
        evidence,
        waiver: None,
    }
}

/// A measured value fit to judge: a non-finite number (a division by zero upstream) counts as
/// missing, never as a pass.
pub fn usable(value: Option<Value>) -> Option<Value> {
    value.filter(|value| !matches!(value, Value::Number(n) if !n.is_finite()))
}

/// The verdict of a rule on a usable value, or on its absence (`when_missing`), before waivers.
pub fn status_of(rule: &Rule, value: Option<&Value>) -> Verdict {
    match value {
        None if rule.when_missing == WhenMissing::Fail => Verdict::Fail,
        None => Verdict::Unknown,
        Some(value) => verdict_of(rule, value),
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
) -> Option<&'w crate::waiver::Waiver> {
    if !matches!(status, Verdict::Fail | Verdict::Warn) {
        return None;
    }
    waivers
        .find(family, asset, rule)
        .filter(|waiver| as_of <= waiver.expires)
}

/// `fail` when the value breaks `min` or `max` (or differs from `require`), `warn` when it is
/// only outside the warning band, `pass` otherwise. Limits are strict: a value equal to `max`
/// passes.
pub fn verdict_of(rule: &Rule, value: &Value) -> Verdict {
    if let (Some(required), Value::Bool(actual)) = (rule.require, value) {
        return if *actual == required {
            Verdict::Pass
        } else {
            Verdict::Fail
        };
    }
    let broken = |limit: &Option<crate::metric::Limit>, below: bool| {
        limit
            .as_ref()
            .and_then(|limit| {
                if below {
                    limit.undercut_by(value)
                } else {
                    limit.exceeded_by(value)
                }
            })
            .unwrap_or(false)
    };
    if broken(&rule.min, true) || broken(&rule.max, false) {
        Verdict::Fail
    } else if broken(&rule.warn_min, true) || broken(&rule.warn_max, false) {
        Verdict::Warn
    } else {
        Verdict::Pass
    }
}

fn summarize(assets: usize, results: &[RuleResult]) -> Summary {
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
    waivers
        .waivers
        .iter()
        .filter(|waiver| waiver.standard.as_deref().is_none_or(|s| s == family))
        .map(|waiver| {
            let matched = results
                .iter()
                .find(|r| r.asset == waiver.asset && r.rule == waiver.rule);
            let days_left = days_between(as_of, waiver.expires);
            let state = match matched {
                None => WaiverState::Unmatched,
                Some(result) if result.status == Verdict::Waived => WaiverState::Applied,
                Some(result) if matches!(result.status, Verdict::Fail | Verdict::Warn) => {
                    WaiverState::Expired
                }
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
