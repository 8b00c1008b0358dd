//! The rows and headings that the table, Markdown and HTML formats share (and CSV and JUnit in
//! part), built once so that every format shows the same cells.

use std::collections::{HashMap, HashSet};

use super::RenderOptions;
use crate::analysis::compare::{Comparison, Outcome, ResultChange, VerdictChange};
use crate::analysis::rundiff::{AssetRef, RunDiff, StatusChange};
use crate::analysis::standards_diff::{
    FieldChange, RuleChange, StandardsDiff, is_prose, reworded_fields,
};
use crate::analysis::sweep::Sweep;
use crate::eval::{AssetVerdict, Report, RuleResult, Verdict};
use crate::inputs::standard::Threshold;
use crate::locale::Localizer;

/// `WEMIX 위믹스`: the symbol, and the Korean name where known.
pub(super) fn asset_label(asset: &str, symbol: &str, korean_name: Option<&str>) -> String {
    // When exchanges name one ticker differently, the listings of a second name are an asset of
    // their own (`symbol:ETH@bithumb`); its label says which, or two rows would read alike.
    let shown = asset
        .strip_prefix("symbol:")
        .filter(|rest| rest.contains('@'))
        .unwrap_or(symbol);
    match korean_name {
        Some(name) if !name.is_empty() => format!("{shown} {name}"),
        _ => shown.to_owned(),
    }
}

/// How early a status is listed: failures (blocking ones first), warnings, unknowns, waived,
/// passes. Findings come first so that two failures never hide among many unknowns.
fn listing_rank(status: Verdict, blocking: bool) -> u8 {
    match status {
        Verdict::Fail if blocking => 0,
        Verdict::Fail => 1,
        Verdict::Warn => 2,
        Verdict::Unknown => 3,
        Verdict::Waived => 4,
        Verdict::Pass => 5,
    }
}

/// The asset verdicts a human-readable format lists (the non-passing ones, or all with
/// `--all`): findings first, then by symbol.
pub(super) fn listed_verdicts(report: &Report, options: RenderOptions) -> Vec<AssetVerdict> {
    let mut listed: Vec<AssetVerdict> = report
        .asset_verdicts()
        .into_iter()
        .filter(|v| options.all || v.verdict != Verdict::Pass)
        .collect();
    listed.sort_by(|a, b| {
        let rank = |v: &AssetVerdict| listing_rank(v.verdict, true);
        (rank(a), &a.symbol, &a.asset).cmp(&(rank(b), &b.symbol, &b.asset))
    });
    listed
}

/// The results a human-readable format lists: the findings, or everything with `--all`.
/// Findings come first, worst first, then by symbol; an asset's results keep the standard's
/// rule order.
pub(super) fn listed_results(report: &Report, options: RenderOptions) -> Vec<&RuleResult> {
    let mut listed: Vec<&RuleResult> = report
        .results
        .iter()
        .filter(|r| options.all || r.status != Verdict::Pass)
        .collect();
    listed.sort_by_key(|r| (listing_rank(r.status, r.is_blocking()), &r.symbol, &r.asset));
    listed
}

/// One line of findings: the results of one asset that share status, severity, value and
/// detail, so that four disclosure rules unknown for one missing descriptor read as one line.
pub(super) struct FindingRow<'a> {
    pub result: &'a RuleResult,
    pub rules: Vec<&'a str>,
    /// One per rule.
    pub thresholds: Vec<&'a str>,
}

impl FindingRow<'_> {
    /// The threshold of each rule of the row, in the order of its rules; once when they share
    /// one.
    pub fn threshold(&self, separator: &str) -> String {
        if self.thresholds.iter().all(|t| *t == self.thresholds[0]) {
            self.thresholds[0].to_owned()
        } else {
            self.thresholds.join(separator)
        }
    }

    /// `fail`, or `waived (fail, until 2027-05-31)`.
    pub fn status(&self) -> String {
        match &self.result.waiver {
            Some(waiver) => format!("waived ({}, until {})", waiver.would_be, waiver.expires),
            None => self.result.status.to_string(),
        }
    }

    /// The row's cells under [`FINDINGS_HEADER`], its rules joined by `rule_separator`.
    pub fn cells(&self, rule_separator: &str, words: &Localizer) -> Vec<String> {
        let result = self.result;
        vec![
            asset_label(&result.asset, &result.symbol, result.korean_name.as_deref()),
            self.rules.join(rule_separator),
            self.status(),
            result.severity.to_string(),
            result.value_text(),
            self.threshold(rule_separator),
            words.text(&result.finding),
        ]
    }
}

/// The header of the findings table.
pub(super) const FINDINGS_HEADER: [&str; 7] = [
    "Asset",
    "Rule",
    "Status",
    "Severity",
    "Value",
    "Threshold",
    "Detail",
];

/// Merges neighbouring results that would print the same line but for the rule.
pub(super) fn finding_rows<'a>(listed: &[&'a RuleResult]) -> Vec<FindingRow<'a>> {
    let mut rows: Vec<FindingRow<'a>> = Vec::new();
    for result in listed {
        let same = rows.last().is_some_and(|row| {
            let first = row.result;
            first.asset == result.asset
                && first.status == result.status
                && first.severity == result.severity
                && first.value == result.value
                && first.finding == result.finding
                && first.waiver == result.waiver
        });
        let threshold = result.threshold.text.as_str();
        match rows.last_mut() {
            Some(row) if same => {
                row.rules.push(&result.rule);
                row.thresholds.push(threshold);
            }
            _ => rows.push(FindingRow {
                result,
                rules: vec![&result.rule],
                thresholds: vec![threshold],
            }),
        }
    }
    rows
}

/// A verdict or `—` when the rule did not apply.
pub(super) fn side(verdict: Option<Verdict>) -> String {
    verdict.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

/// One row per status change, for the lists of a run diff.
pub(super) fn change_rows(changes: &[StatusChange], words: &Localizer) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|change| {
            vec![
                asset_label(&change.asset, &change.symbol, change.korean_name.as_deref()),
                change.rule.clone(),
                change.severity.to_string(),
                if change.new_asset {
                    "new asset".to_owned()
                } else {
                    side(change.from)
                },
                side(change.to),
                format!("{} → {}", change.value_from, change.value_to),
                change.threshold.clone(),
                words.text(&change.finding),
            ]
        })
        .collect()
}

pub(super) const CHANGE_HEADER: [&str; 8] = [
    "Asset",
    "Rule",
    "Severity",
    "Was",
    "Now",
    "Value (old → new)",
    "Threshold",
    "Detail",
];

/// The titled sections of a run diff, each with its rows, in the order people read them.
pub(super) fn run_diff_sections(diff: &RunDiff) -> Vec<(String, &[StatusChange])> {
    vec![
        (
            format!(
                "New failures ({}, {} blocking)",
                diff.summary.new_failures, diff.summary.new_blocking_failures
            ),
            diff.new_failures.as_slice(),
        ),
        (
            format!(
                "New unknowns: the data is gone ({})",
                diff.summary.new_unknowns
            ),
            diff.new_unknowns.as_slice(),
        ),
        (
            format!("Resolved failures ({})", diff.summary.resolved),
            diff.resolved.as_slice(),
        ),
        (
            format!("Other changes of status ({})", diff.summary.other_changes),
            diff.other_changes.as_slice(),
        ),
    ]
}

/// How `--moved` was applied, for the heading of the moved values.
pub(super) fn moved_heading(diff: &RunDiff) -> String {
    format!(
        "Values moved by more than {:.2} percentage points (ratios) or {:.1} % (other numbers) ({})",
        diff.moved_threshold * 100.0,
        diff.moved_threshold * 100.0,
        diff.summary.moved
    )
}

/// The header of a run diff's moved values.
pub(super) const MOVED_HEADER: [&str; 5] = ["Asset", "Rule", "Old", "New", "Change"];

/// The rows of a run diff's moved values.
pub(super) fn moved_rows(diff: &RunDiff) -> Vec<Vec<String>> {
    diff.moved
        .iter()
        .map(|m| {
            vec![
                asset_label(&m.asset, &m.symbol, m.korean_name.as_deref()),
                m.rule.clone(),
                m.from_text.clone(),
                m.to_text.clone(),
                m.describe_change(),
            ]
        })
        .collect()
}

/// `WEMIX 위믹스 (fail)`, joined.
pub(super) fn asset_list(assets: &[AssetRef]) -> String {
    assets
        .iter()
        .map(|a| {
            format!(
                "{} ({})",
                asset_label(&a.asset, &a.symbol, a.korean_name.as_deref()),
                a.verdict
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows of a comparison's rule table.
pub(super) fn rule_impact_rows(comparison: &Comparison) -> Vec<Vec<String>> {
    comparison
        .rules
        .iter()
        .map(|rule| {
            vec![
                rule.diff.id.clone(),
                rule.diff.change.to_string(),
                rule.diff.describe(),
                rule.results_changed.to_string(),
                rule.flipped.len().to_string(),
            ]
        })
        .collect()
}

pub(super) const RULE_IMPACT_HEADER: [&str; 5] = [
    "Rule",
    "Change",
    "A → B",
    "Results\nchanged",
    "Assets\nflipped",
];

/// One rule's flip of an asset, its value against the rule's thresholds under A and B:
/// `CIRC-PLAN 12.40 %: fail (block) under ≤ 10.00 % → warn under ≤ 20.00 %`, with `—` on the side
/// where the rule does not apply, and each side's own value where a parameter changed it.
pub(super) fn describe_flip(change: &ResultChange) -> String {
    let side = |outcome: Option<Outcome>, threshold: Option<&Threshold>| match (outcome, threshold)
    {
        (Some(outcome), Some(threshold)) => {
            format!("{} under {}", outcome.describe(), threshold.text)
        }
        _ => "—".to_owned(),
    };
    let a = side(change.a, change.threshold_a.as_ref());
    let b = side(change.b, change.threshold_b.as_ref());
    match &change.value_a {
        Some(value_a) => format!("{}: {value_a} {a} → {} {b}", change.rule, change.value),
        None => format!("{} {}: {a} → {b}", change.rule, change.value),
    }
}

/// The assets a comparison lists: those whose verdict changes, or all of them with `--all`; each
/// with the rules that flip it, their values and thresholds ([`describe_flip`]).
pub(super) fn asset_impact_rows(comparison: &Comparison, all: bool) -> Vec<Vec<String>> {
    comparison
        .assets
        .iter()
        .filter(|asset| all || asset.change != VerdictChange::Unchanged)
        .map(|asset| {
            vec![
                asset_label(&asset.asset, &asset.symbol, asset.korean_name.as_deref()),
                asset.describe_a(),
                asset.describe_b(),
                asset.change.to_string().replace('_', " "),
                asset
                    .flips()
                    .map(describe_flip)
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect()
}

pub(super) const ASSET_IMPACT_HEADER: [&str; 5] = [
    "Asset",
    "Under A",
    "Under B",
    "Change",
    "Flipped by (value: A → B)",
];

/// The rows of one changed rule or of `[standard]`: a row per field that can change a verdict
/// (thresholds, severity, missing data, parameters, filters) in file order, then the reworded
/// prose (title, rationale, reference, source) on one row, or with `all` a row per prose field
/// quoting both texts.
fn changed_field_rows(id: &str, fields: &[FieldChange], all: bool) -> Vec<Vec<String>> {
    let row = |field: &FieldChange| {
        vec![
            id.to_owned(),
            "changed".to_owned(),
            field.field.clone(),
            field.from_text.clone(),
            field.to_text.clone(),
            field.direction.map(|d| d.to_string()).unwrap_or_default(),
        ]
    };
    let (prose, rest): (Vec<&FieldChange>, Vec<&FieldChange>) =
        fields.iter().partition(|f| is_prose(&f.field));
    let mut rows: Vec<Vec<String>> = rest.into_iter().map(row).collect();
    if all {
        rows.extend(prose.into_iter().map(row));
    } else if !prose.is_empty() {
        rows.push(vec![
            id.to_owned(),
            "reworded".to_owned(),
            reworded_fields(fields).join(", "),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    rows
}

/// The rows of a standards diff: the changed fields of `[standard]` and of each rule (see
/// [`changed_field_rows`]), one row per added or removed rule.
pub(super) fn standards_diff_rows(diff: &StandardsDiff, all: bool) -> Vec<Vec<String>> {
    let mut rows = changed_field_rows("[standard]", &diff.metadata, all);
    for rule in &diff.rules {
        match rule.change {
            RuleChange::Unchanged => {}
            RuleChange::Added => rows.push(vec![
                rule.id.clone(),
                "added".to_owned(),
                "rule".to_owned(),
                "—".to_owned(),
                rule.describe(),
                String::new(),
            ]),
            RuleChange::Removed => rows.push(vec![
                rule.id.clone(),
                "removed".to_owned(),
                "rule".to_owned(),
                rule.describe(),
                "—".to_owned(),
                String::new(),
            ]),
            RuleChange::Changed => rows.extend(changed_field_rows(&rule.id, &rule.fields, all)),
        }
    }
    rows
}

/// Said under a standards diff whose prose is named but not quoted.
pub(super) fn reworded_note(diff: &StandardsDiff, all: bool) -> Option<&'static str> {
    let reworded = diff
        .metadata
        .iter()
        .chain(diff.rules.iter().flat_map(|r| &r.fields))
        .any(|f| is_prose(&f.field));
    (reworded && !all).then_some("Reworded prose is named, not quoted; --all quotes it.")
}

pub(super) const STANDARDS_DIFF_HEADER: [&str; 6] =
    ["Rule", "Change", "Field", "A", "B", "Direction"];

/// The ids of the rules both standards define identically.
pub(super) fn unchanged_rules(diff: &StandardsDiff) -> String {
    diff.rules
        .iter()
        .filter(|r| r.change == RuleChange::Unchanged)
        .map(|r| r.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A sweep's steps as people read them: the header (the bound, the verdict counts, the drafts
/// at that value) and one row per step, for the table, Markdown and HTML renderers.
pub(super) fn sweep_rows(sweep: &Sweep) -> (Vec<String>, Vec<Vec<String>>) {
    let header = [
        sweep.bound.to_string().as_str(),
        "Fail",
        "Warn",
        "Pass",
        "Unknown",
        "Waived",
        "Draft",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = sweep
        .steps
        .iter()
        .map(|step| {
            vec![
                sweep.format_threshold(step.threshold),
                step.fail.to_string(),
                step.warn.to_string(),
                step.pass.to_string(),
                step.unknown.to_string(),
                step.waived.to_string(),
                step.drafts.join(", "),
            ]
        })
        .collect();
    (header, rows)
}

/// The heading of [`sweep_failing_changes`].
pub(super) const SWEEP_CHANGES_HEADING: &str = "Assets that start (+) or stop (−) failing";

/// For each step where the failing assets change, which start and which stop failing since the
/// step before (at the first step, those that fail): `at 12.00 %: +AXS, −WLD`, by symbol.
pub(super) fn sweep_failing_changes(sweep: &Sweep) -> Vec<String> {
    let symbols: HashMap<&str, String> = sweep
        .failing_assets
        .iter()
        .map(|a| (a.asset.as_str(), asset_label(&a.asset, &a.symbol, None)))
        .collect();
    let symbol = |id: &str| symbols.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let mut lines = Vec::new();
    let mut before: HashSet<&str> = HashSet::new();
    for step in &sweep.steps {
        let now: HashSet<&str> = step.failing.iter().map(String::as_str).collect();
        let mut started: Vec<String> = now.difference(&before).map(|id| symbol(id)).collect();
        let mut stopped: Vec<String> = before.difference(&now).map(|id| symbol(id)).collect();
        before = now;
        if started.is_empty() && stopped.is_empty() {
            continue;
        }
        started.sort();
        stopped.sort();
        let changes: Vec<String> = started
            .iter()
            .map(|s| format!("+{s}"))
            .chain(stopped.iter().map(|s| format!("−{s}")))
            .collect();
        lines.push(format!(
            "at {}: {}",
            sweep.format_threshold(step.threshold),
            changes.join(", ")
        ));
    }
    lines
}

/// The opening lines of a sweep: what moves, over what data, and where the drafts sit.
pub(super) fn sweep_heading(sweep: &Sweep) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Sweep of {} `{}` ({}, {}) as {} {} defines it",
            sweep.rule, sweep.bound, sweep.title, sweep.metric, sweep.swept.id, sweep.swept.version
        ),
        format!(
            "Snapshot: {} taken {}{}; as of {}; the rule applies to {} assets",
            sweep.snapshot.path,
            sweep.snapshot.taken_at.strftime("%Y-%m-%d %H:%M UTC"),
            if sweep.snapshot.sample {
                " — SAMPLE DATA"
            } else {
                ""
            },
            sweep.as_of,
            sweep.assets
        ),
    ];
    lines.extend(sweep.describe_drafts());
    lines
}

/// One observation behind a result, as the evidence lists show it.
pub(super) struct EvidenceEntry<'a> {
    pub what: String,
    pub value: String,
    pub source: &'a str,
    pub endpoint: &'a str,
    /// When it was fetched, and the age of a cached answer: `2026-11-20T00:00:00Z, cached 30 s`.
    pub at: String,
}

/// The observations behind a result, in the order evaluation cited them.
pub(super) fn evidence_entries<'a>(
    report: &'a Report,
    result: &RuleResult,
    words: &Localizer,
) -> Vec<EvidenceEntry<'a>> {
    report
        .evidence_of(result)
        .map(|evidence| {
            let request = report.request(evidence.req);
            let cached = request
                .cache_age_secs
                .map(|age| format!(", cached {age} s"))
                .unwrap_or_default();
            EvidenceEntry {
                what: words.text(&evidence.what),
                value: words.arg(&evidence.value),
                source: &request.source,
                endpoint: &request.endpoint,
                at: format!("{}{cached}", request.fetched_at),
            }
        })
        .collect()
}
