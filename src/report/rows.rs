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
use crate::message::{Arg, Message};
use crate::report::describe::describe_verdict;

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
    pub thresholds: Vec<String>,
}

impl FindingRow<'_> {
    /// The threshold of each rule of the row, in the order of its rules; once when they share
    /// one.
    pub fn threshold(&self, separator: &str) -> String {
        if self.thresholds.iter().all(|t| *t == self.thresholds[0]) {
            self.thresholds[0].clone()
        } else {
            self.thresholds.join(separator)
        }
    }

    /// `fail`, or `waived (fail, until 2027-05-31)`.
    pub fn status(&self, words: &Localizer) -> String {
        match &self.result.waiver {
            Some(waiver) => words.text(
                &Message::new("status-waived")
                    .with("would_be", Arg::text(words.name(waiver.would_be)))
                    .with("expires", Arg::Date(waiver.expires)),
            ),
            None => words.name(self.result.status),
        }
    }

    /// The row's cells under [`FINDINGS_HEADER`], its rules joined by `rule_separator`.
    pub fn cells(&self, rule_separator: &str, words: &Localizer) -> Vec<String> {
        let result = self.result;
        vec![
            asset_label(&result.asset, &result.symbol, result.korean_name.as_deref()),
            self.rules.join(rule_separator),
            self.status(words),
            words.name(result.severity),
            words.value_text(result.unit, result.value.as_ref()),
            self.threshold(rule_separator),
            words.text(&result.finding),
        ]
    }
}

/// The header of the findings table.
pub(super) fn findings_header(words: &Localizer) -> [String; 7] {
    [
        "col-asset",
        "col-rule",
        "col-status",
        "col-severity",
        "col-value",
        "col-threshold",
        "col-detail",
    ]
    .map(|id| words.word(id))
}

/// Words for a header row.
pub(super) fn header(words: &Localizer, ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| words.word(id)).collect()
}

/// Merges neighbouring results that would print the same line but for the rule.
pub(super) fn finding_rows<'a>(
    listed: &[&'a RuleResult],
    words: &Localizer,
) -> Vec<FindingRow<'a>> {
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
        let threshold = words.thresholds(&result.threshold.bounds, result.unit);
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
pub(super) fn side(verdict: Option<Verdict>, words: &Localizer) -> String {
    verdict.map_or_else(|| "—".to_owned(), |v| words.name(v))
}

/// One row per status change, for the lists of a run diff.
pub(super) fn change_rows(changes: &[StatusChange], words: &Localizer) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|change| {
            vec![
                asset_label(&change.asset, &change.symbol, change.korean_name.as_deref()),
                change.rule.clone(),
                words.name(change.severity),
                if change.new_asset {
                    words.word("new-asset")
                } else {
                    side(change.from, words)
                },
                side(change.to, words),
                format!(
                    "{} → {}",
                    words.value_text(change.unit, change.from_value.as_ref()),
                    words.value_text(change.unit, change.to_value.as_ref())
                ),
                change.threshold.clone(),
                words.text(&change.finding),
            ]
        })
        .collect()
}

pub(super) const CHANGE_HEADER: [&str; 8] = [
    "col-asset",
    "col-rule",
    "col-severity",
    "col-was",
    "col-now",
    "col-value-change",
    "col-threshold",
    "col-detail",
];

/// The titled sections of a run diff, each with its rows, in the order people read them.
pub(super) fn run_diff_sections<'a>(
    diff: &'a RunDiff,
    words: &Localizer,
) -> Vec<(String, &'a [StatusChange])> {
    let s = &diff.summary;
    let heading =
        |id: &'static str, count: usize| Message::new(id).with("count", Arg::count(count));
    vec![
        (
            heading("heading-new-failures", s.new_failures)
                .with("blocking", Arg::count(s.new_blocking_failures)),
            diff.new_failures.as_slice(),
        ),
        (
            heading("heading-new-unknowns", s.new_unknowns),
            diff.new_unknowns.as_slice(),
        ),
        (
            heading("heading-resolved", s.resolved),
            diff.resolved.as_slice(),
        ),
        (
            heading("heading-other-changes", s.other_changes),
            diff.other_changes.as_slice(),
        ),
    ]
    .into_iter()
    .map(|(heading, changes)| (words.text(&heading), changes))
    .collect()
}

/// How `--moved` was applied, for the heading of the moved values.
pub(super) fn moved_heading(diff: &RunDiff, words: &Localizer) -> String {
    words.text(
        &Message::new("heading-moved")
            .with(
                "points",
                Arg::text(format!("{:.2}", diff.moved_threshold * 100.0)),
            )
            .with(
                "percent",
                Arg::text(format!("{:.1}", diff.moved_threshold * 100.0)),
            )
            .with("count", Arg::count(diff.summary.moved)),
    )
}

/// The header of a run diff's moved values.
pub(super) const MOVED_HEADER: [&str; 5] =
    ["col-asset", "col-rule", "col-old", "col-new", "col-change"];

/// The rows of a run diff's moved values.
pub(super) fn moved_rows(diff: &RunDiff, words: &Localizer) -> Vec<Vec<String>> {
    diff.moved
        .iter()
        .map(|m| {
            vec![
                asset_label(&m.asset, &m.symbol, m.korean_name.as_deref()),
                m.rule.clone(),
                words.value(m.unit, &m.from),
                words.value(m.unit, &m.to),
                m.describe_change(),
            ]
        })
        .collect()
}

/// `WEMIX 위믹스 (fail)`, joined.
pub(super) fn asset_list(assets: &[AssetRef], words: &Localizer) -> String {
    assets
        .iter()
        .map(|a| {
            format!(
                "{} ({})",
                asset_label(&a.asset, &a.symbol, a.korean_name.as_deref()),
                words.name(a.verdict)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A rule's change between two standards: `changed`, `added`.
pub(super) fn rule_change_name(change: RuleChange, words: &Localizer) -> String {
    words.word(match change {
        RuleChange::Added => "change-added",
        RuleChange::Removed => "change-removed",
        RuleChange::Changed => "change-changed",
        RuleChange::Unchanged => "change-unchanged",
    })
}

/// The rows of a comparison's rule table.
pub(super) fn rule_impact_rows(comparison: &Comparison, words: &Localizer) -> Vec<Vec<String>> {
    comparison
        .rules
        .iter()
        .map(|rule| {
            vec![
                rule.diff.id.clone(),
                rule_change_name(rule.diff.change, words),
                rule.diff.describe(words),
                rule.results_changed.to_string(),
                rule.flipped.len().to_string(),
            ]
        })
        .collect()
}

pub(super) const RULE_IMPACT_HEADER: [&str; 5] = [
    "col-rule",
    "col-change",
    "col-a-to-b",
    "col-results-changed",
    "col-assets-flipped",
];

/// One rule's flip of an asset, its value against the rule's thresholds under A and B:
/// `CIRC-PLAN 12.40 %: fail (block) under ≤ 10.00 % → warn under ≤ 20.00 %`, with `—` on the side
/// where the rule does not apply, and each side's own value where a parameter changed it.
pub(super) fn describe_flip(change: &ResultChange, words: &Localizer) -> String {
    let side = |outcome: Option<Outcome>, threshold: Option<&Threshold>| match (outcome, threshold)
    {
        (Some(outcome), Some(threshold)) => words.text(
            &Message::new("flip-side")
                .with("outcome", Arg::text(outcome.describe(words)))
                .with(
                    "threshold",
                    Arg::text(words.thresholds(&threshold.bounds, change.unit)),
                ),
        ),
        _ => "—".to_owned(),
    };
    let a = side(change.a, change.threshold_a.as_ref());
    let b = side(change.b, change.threshold_b.as_ref());
    let value = words.value_text(change.unit, change.value.as_ref());
    match &change.value_a {
        Some(value_a) => format!(
            "{}: {} {a} → {value} {b}",
            change.rule,
            words.value(change.unit, value_a)
        ),
        None => format!("{} {value}: {a} → {b}", change.rule),
    }
}

/// The assets a comparison lists: those whose verdict changes, or all of them with `--all`; each
/// with the rules that flip it, their values and thresholds ([`describe_flip`]).
pub(super) fn asset_impact_rows(
    comparison: &Comparison,
    all: bool,
    words: &Localizer,
) -> Vec<Vec<String>> {
    comparison
        .assets
        .iter()
        .filter(|asset| all || asset.change != VerdictChange::Unchanged)
        .map(|asset| {
            vec![
                asset_label(&asset.asset, &asset.symbol, asset.korean_name.as_deref()),
                describe_verdict(words, asset.a, &asset.deciding_a),
                describe_verdict(words, asset.b, &asset.deciding_b),
                words.word(match asset.change {
                    VerdictChange::NewlyFailing => "verdict-change-newly-failing",
                    VerdictChange::NewlyPassing => "verdict-change-newly-passing",
                    VerdictChange::Changed => "verdict-change-changed",
                    VerdictChange::Unchanged => "verdict-change-unchanged",
                }),
                asset
                    .flips()
                    .map(|change| describe_flip(change, words))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect()
}

pub(super) const ASSET_IMPACT_HEADER: [&str; 5] = [
    "col-asset",
    "col-under-a",
    "col-under-b",
    "col-change",
    "col-flipped-by",
];

/// The rows of one changed rule or of `[standard]`: a row per field that can change a verdict
/// (thresholds, severity, missing data, parameters, filters) in file order, then the reworded
/// prose (title, rationale, reference, source) on one row, or with `all` a row per prose field
/// quoting both texts.
fn changed_field_rows(
    id: &str,
    fields: &[FieldChange],
    all: bool,
    words: &Localizer,
) -> Vec<Vec<String>> {
    let row = |field: &FieldChange| {
        vec![
            id.to_owned(),
            rule_change_name(RuleChange::Changed, words),
            field.field.clone(),
            field.from_text.clone(),
            field.to_text.clone(),
            field
                .direction
                .map(|d| words.word(d.message_id()))
                .unwrap_or_default(),
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
            words.word("change-reworded"),
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
pub(super) fn standards_diff_rows(
    diff: &StandardsDiff,
    all: bool,
    words: &Localizer,
) -> Vec<Vec<String>> {
    let mut rows = changed_field_rows("[standard]", &diff.metadata, all, words);
    for rule in &diff.rules {
        match rule.change {
            RuleChange::Unchanged => {}
            RuleChange::Added => rows.push(vec![
                rule.id.clone(),
                rule_change_name(rule.change, words),
                words.word("field-rule"),
                "—".to_owned(),
                rule.describe(words),
                String::new(),
            ]),
            RuleChange::Removed => rows.push(vec![
                rule.id.clone(),
                rule_change_name(rule.change, words),
                words.word("field-rule"),
                rule.describe(words),
                "—".to_owned(),
                String::new(),
            ]),
            RuleChange::Changed => {
                rows.extend(changed_field_rows(&rule.id, &rule.fields, all, words));
            }
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
    (reworded && !all).then_some("reworded-note")
}

pub(super) const STANDARDS_DIFF_HEADER: [&str; 6] = [
    "col-rule",
    "col-change",
    "col-field",
    "col-a",
    "col-b",
    "col-direction",
];

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
pub(super) fn sweep_rows(sweep: &Sweep, words: &Localizer) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![sweep.bound.to_string()];
    header.extend(
        [
            "col-fail",
            "col-warn",
            "col-pass",
            "col-unknown",
            "col-waived",
            "col-draft",
        ]
        .map(|id| words.word(id)),
    );
    let rows = sweep
        .steps
        .iter()
        .map(|step| {
            vec![
                words.limit(sweep.unit, &crate::metric::Limit::Number(step.threshold)),
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

/// For each step where the failing assets change, which start and which stop failing since the
/// step before (at the first step, those that fail): `at 12.00 %: +AXS, −WLD`, by symbol.
pub(super) fn sweep_failing_changes(sweep: &Sweep, words: &Localizer) -> Vec<String> {
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
        lines.push(
            words.text(
                &Message::new("sweep-step-changes")
                    .with(
                        "value",
                        Arg::text(
                            words.limit(sweep.unit, &crate::metric::Limit::Number(step.threshold)),
                        ),
                    )
                    .with("changes", Arg::text(changes.join(", "))),
            ),
        );
    }
    lines
}

/// The opening lines of a sweep: what moves, over what data, and where the drafts sit.
pub(super) fn sweep_heading(sweep: &Sweep, words: &Localizer) -> Vec<String> {
    let mut lines = vec![
        words.text(
            &Message::new("sweep-of")
                .with("rule", Arg::code(&sweep.rule))
                .with("bound", Arg::code(sweep.bound.to_string()))
                .with("title", Arg::text(&sweep.title))
                .with("metric", Arg::code(sweep.metric.to_string()))
                .with("id", Arg::code(&sweep.swept.id))
                .with("version", Arg::code(&sweep.swept.version)),
        ),
        words.text(
            &Message::new(if sweep.snapshot.sample {
                "sweep-snapshot-sample"
            } else {
                "sweep-snapshot"
            })
            .with("path", Arg::code(&sweep.snapshot.path))
            .with("taken", Arg::Time(sweep.snapshot.taken_at))
            .with("date", Arg::Date(sweep.as_of))
            .with("assets", Arg::count(sweep.assets)),
        ),
    ];
    lines.extend(super::describe::describe_sweep_drafts(words, sweep));
    lines
}

/// One observation behind a result, as the evidence lists show it.
pub(super) struct EvidenceEntry<'a> {
    pub what: String,
    pub value: String,
    pub source: &'a str,
    pub endpoint: &'a str,
    /// When it was fetched, and the age of a cached answer: `at 2026-11-20T00:00:00Z, cached 30 s`.
    pub at: String,
}

/// When a request was answered: English keeps the instant as recorded (RFC 3339, to the
/// millisecond), Korean gives the time in Seoul, which a reader would otherwise misread.
pub(super) fn fetched_at(words: &Localizer, request: &crate::snapshot::Request) -> Arg {
    match words.lang() {
        crate::locale::Lang::En => Arg::code(request.fetched_at.to_string()),
        crate::locale::Lang::Ko => Arg::Time(request.fetched_at),
    }
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
            let at = match request.cache_age_secs {
                Some(age) => Message::new("evidence-at-cached")
                    .with("age", Arg::Count(i64::try_from(age).unwrap_or(i64::MAX))),
                None => Message::new("evidence-at"),
            };
            EvidenceEntry {
                what: words.text(&evidence.what),
                value: words.arg(&evidence.value),
                source: &request.source,
                endpoint: &request.endpoint,
                at: words.text(&at.with("time", fetched_at(words, request))),
            }
        })
        .collect()
}
