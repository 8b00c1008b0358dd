//! Aligned text tables for people. Korean names line up because widths are measured in terminal
//! columns, not bytes.

use std::io;

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Style, Width};

use super::{
    Comparison, RenderOptions, Renderer, Report, RuleResult, RunDiff, StandardsDiff, Sweep,
    Verdict, describe_inputs, describe_summary, describe_waiver_notes, describe_waivers,
};
use crate::compare::VerdictChange;
use crate::rundiff::StatusChange;
use crate::standard::diff::RuleChange;

/// Wrap long detail text so that a table stays readable in a terminal.
const DETAIL_WIDTH: usize = 60;

/// The width of a sweep's bar at 100 % of assets failing.
const BAR_WIDTH: usize = 30;

pub struct TableRenderer {
    pub options: RenderOptions,
}

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

/// The results a human-readable format lists: the findings, or everything with `--all`. Findings
/// come first, worst first.
pub(super) fn listed_results(report: &Report, options: RenderOptions) -> Vec<&RuleResult> {
    let mut listed: Vec<&RuleResult> = report
        .results
        .iter()
        .filter(|r| options.all || r.status != Verdict::Pass)
        .collect();
    let rank = |r: &RuleResult| match r.status {
        Verdict::Fail if r.is_blocking() => 0,
        Verdict::Fail => 1,
        Verdict::Unknown => 2,
        Verdict::Warn => 3,
        Verdict::Waived => 4,
        Verdict::Pass => 5,
    };
    listed.sort_by_key(|r| rank(r));
    listed
}

/// One line of findings: the results of one asset that share status, severity, value and
/// detail, so that four disclosure rules unknown for one missing descriptor read as one line.
pub(super) struct FindingRow<'a> {
    pub result: &'a RuleResult,
    pub rules: Vec<&'a str>,
    pub thresholds: Vec<&'a str>,
}

impl FindingRow<'_> {
    /// The threshold, when the row is one rule or its rules share one; merged rows of different
    /// rules (all missing the same data) leave it to `--all` and the JSON report.
    pub fn threshold(&self) -> String {
        match self.thresholds.as_slice() {
            [one] => (*one).to_owned(),
            _ => String::new(),
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
    pub fn cells(&self, rule_separator: &str) -> Vec<String> {
        let result = self.result;
        vec![
            asset_label(&result.asset, &result.symbol, result.korean_name.as_deref()),
            self.rules.join(rule_separator),
            self.status(),
            result.severity.to_string(),
            result.value_text(),
            self.threshold(),
            result.detail.clone(),
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
                && first.detail == result.detail
                && first.waiver == result.waiver
        });
        let threshold = result.threshold.text.as_str();
        match rows.last_mut() {
            Some(row) if same => {
                row.rules.push(&result.rule);
                if !row.thresholds.contains(&threshold) {
                    row.thresholds.push(threshold);
                }
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

/// A table with a header row, in the one style every table here uses; `wrap` limits the width
/// of the free-text columns, as (column, width) pairs.
fn build(header: &[&str], rows: Vec<Vec<String>>, wrap: &[(usize, usize)]) -> String {
    let mut builder = Builder::default();
    builder.push_record(header.iter().copied());
    for row in rows {
        builder.push_record(row);
    }
    let mut table = builder.build();
    table.with(Style::sharp());
    for &(column, width) in wrap {
        table.modify(Columns::one(column), Width::wrap(width).keep_words(true));
    }
    table.to_string()
}

/// A verdict or `—` when the rule did not apply.
pub(super) fn side(verdict: Option<Verdict>) -> String {
    verdict.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

/// One row per status change, for the lists of a run diff.
pub(super) fn change_rows(changes: &[StatusChange]) -> Vec<Vec<String>> {
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
                change.detail.clone(),
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
pub(super) fn asset_list(assets: &[crate::rundiff::AssetRef]) -> String {
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

/// The assets a comparison lists: those whose verdict changes, or all of them with `--all`.
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
                asset.flipped_by.join(", "),
            ]
        })
        .collect()
}

pub(super) const ASSET_IMPACT_HEADER: [&str; 5] =
    ["Asset", "Under A", "Under B", "Change", "Flipped by"];

/// The rows of a standards diff: one per changed field, one per added or removed rule.
pub(super) fn standards_diff_rows(diff: &StandardsDiff) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for change in &diff.metadata {
        rows.push(vec![
            "[standard]".to_owned(),
            "changed".to_owned(),
            change.field.clone(),
            change.from_text.clone(),
            change.to_text.clone(),
            String::new(),
        ]);
    }
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
            RuleChange::Changed => {
                for field in &rule.fields {
                    rows.push(vec![
                        rule.id.clone(),
                        "changed".to_owned(),
                        field.field.clone(),
                        field.from_text.clone(),
                        field.to_text.clone(),
                        field.direction.map(|d| d.to_string()).unwrap_or_default(),
                    ]);
                }
            }
        }
    }
    rows
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

/// The opening lines of a sweep: what moves, over what data, and where the drafts sit.
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

/// `█████` in proportion to the assets failing.
pub(super) fn bar(fail: usize, assets: usize) -> String {
    if assets == 0 {
        return String::new();
    }
    "█".repeat((fail * BAR_WIDTH).div_ceil(assets))
}

impl Renderer for TableRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        for line in describe_inputs(report) {
            writeln!(out, "{line}")?;
        }
        writeln!(out)?;

        let verdicts = report.asset_verdicts();
        let passing = verdicts
            .iter()
            .filter(|v| v.verdict == Verdict::Pass)
            .count();
        let rows: Vec<Vec<String>> = verdicts
            .iter()
            .filter(|verdict| self.options.all || verdict.verdict != Verdict::Pass)
            .map(|verdict| {
                vec![
                    asset_label(
                        &verdict.asset,
                        &verdict.symbol,
                        verdict.korean_name.as_deref(),
                    ),
                    verdict.verdict.to_string(),
                    verdict.deciding_rules.join(", "),
                ]
            })
            .collect();
        if !rows.is_empty() {
            writeln!(
                out,
                "{}",
                build(&["Asset", "Verdict", "Deciding rules"], rows, &[(2, 60)])
            )?;
        }
        if !self.options.all && passing > 0 {
            writeln!(
                out,
                "{} pass every rule (--all lists them).",
                super::plural(passing, "more asset")
            )?;
        }
        writeln!(out)?;

        let listed = listed_results(report, self.options);
        if listed.is_empty() {
            writeln!(out, "{}", super::describe_no_findings(report))?;
        } else {
            let rows = finding_rows(&listed)
                .iter()
                .map(|row| row.cells("\n"))
                .collect();
            let findings = build(
                &FINDINGS_HEADER,
                rows,
                &[(2, 16), (5, 24), (6, DETAIL_WIDTH)],
            );
            let heading = if self.options.all {
                "All results"
            } else {
                "Findings (passing results are not listed; --all lists them)"
            };
            writeln!(out, "{heading}:\n{findings}")?;
        }
        writeln!(out)?;
        for line in describe_waivers(report) {
            writeln!(out, "Note: {line}")?;
        }
        writeln!(out, "{}", describe_summary(&report.summary))
    }

    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()> {
        for line in comparison.describe_inputs() {
            writeln!(out, "{line}")?;
        }
        for change in &comparison.metadata {
            writeln!(out, "Metadata: {}", change.describe())?;
        }
        writeln!(out, "\nRules, paired by id:")?;
        writeln!(
            out,
            "{}\n",
            build(
                &RULE_IMPACT_HEADER,
                rule_impact_rows(comparison),
                &[(2, 50)]
            )
        )?;
        let rows = asset_impact_rows(comparison, self.options.all);
        if self.options.all {
            writeln!(out, "Every asset:")?;
        } else {
            writeln!(
                out,
                "Assets whose verdict changes ({} unchanged; --all lists every asset):",
                comparison.summary.unchanged
            )?;
        }
        if rows.is_empty() {
            writeln!(out, "None.")?;
        } else {
            writeln!(out, "{}", build(&ASSET_IMPACT_HEADER, rows, &[]))?;
        }
        writeln!(out, "\n{}", comparison.describe_summary())
    }

    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(out, "{}", diff.a.describe_as("A"))?;
        writeln!(out, "{}", diff.b.describe_as("B"))?;
        writeln!(out, "{}\n", diff.counts.describe())?;
        let rows = standards_diff_rows(diff);
        if rows.is_empty() {
            writeln!(out, "The two standards define the same rules and metadata.")?;
        } else {
            writeln!(
                out,
                "{}",
                build(&STANDARDS_DIFF_HEADER, rows, &[(3, 30), (4, 30)])
            )?;
        }
        let unchanged = unchanged_rules(diff);
        if !unchanged.is_empty() {
            writeln!(out, "Unchanged: {unchanged}")?;
        }
        Ok(())
    }

    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()> {
        for line in sweep_heading(sweep) {
            writeln!(out, "{line}")?;
        }
        // Beside the counts, a bar of the failing share, which a terminal can show.
        let (mut header, mut rows) = sweep_rows(sweep);
        header.insert(6, "Failing".to_owned());
        for (row, step) in rows.iter_mut().zip(&sweep.steps) {
            row.insert(6, bar(step.fail, sweep.assets));
        }
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        writeln!(out, "\n{}", build(&header, rows, &[]))
    }

    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()> {
        for line in diff.describe_inputs() {
            writeln!(out, "{line}")?;
        }
        for note in &diff.notes {
            writeln!(out, "Note: {note}")?;
        }
        writeln!(out)?;
        if diff.is_empty() {
            writeln!(out, "No changes between the two runs.")?;
        }
        for (heading, changes) in run_diff_sections(diff) {
            if !changes.is_empty() {
                writeln!(
                    out,
                    "{heading}:\n{}\n",
                    build(&CHANGE_HEADER, change_rows(changes), &[(7, 32)])
                )?;
            }
        }
        if !diff.moved.is_empty() {
            writeln!(
                out,
                "{}:\n{}\n",
                moved_heading(diff),
                build(&MOVED_HEADER, moved_rows(diff), &[])
            )?;
        }
        if !diff.listed.is_empty() {
            writeln!(out, "Listed since OLD: {}", asset_list(&diff.listed))?;
        }
        if !diff.delisted.is_empty() {
            writeln!(out, "Delisted since OLD: {}", asset_list(&diff.delisted))?;
        }
        if !diff.not_seen.is_empty() {
            writeln!(
                out,
                "Not seen in NEW, whose market lists were not all read (not known to be delisted): {}",
                asset_list(&diff.not_seen)
            )?;
        }
        for line in describe_waiver_notes(&diff.waivers) {
            writeln!(out, "Waiver: {line}")?;
        }
        writeln!(out, "{}", diff.describe_summary())
    }
}

#[cfg(test)]
mod tests {
    use super::asset_label;

    #[test]
    fn an_asset_is_labelled_by_its_symbol_and_korean_name() {
        assert_eq!(
            asset_label("wemix", "WEMIX", Some("위믹스")),
            "WEMIX 위믹스"
        );
        assert_eq!(asset_label("symbol:BEAM", "BEAM", None), "BEAM");
    }

    #[test]
    fn the_listings_of_a_second_name_of_a_ticker_are_labelled_with_their_exchanges() {
        assert_eq!(
            asset_label("symbol:ETH@bithumb", "ETH", Some("이더리움")),
            "ETH@bithumb 이더리움"
        );
    }
}
