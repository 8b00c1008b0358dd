//! One table per document, for spreadsheets: a report is one row per result (passing ones
//! included), a comparison one row per asset, a standards diff one row per changed field, a
//! sweep one row per step (ready to chart), a run diff one row per change with its `kind`, and an
//! asset's history one row per date and rule.

use std::io;

use super::rows::describe_flip;
use super::{RenderOptions, Renderer};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::rundiff::StatusChange;
use crate::analysis::standards_diff::RuleChange;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::{Report, Verdict};
use crate::history::AssetHistory;
use crate::locale::Localizer;
use crate::metric::{Limit, Value};

pub struct CsvRenderer {
    pub options: RenderOptions,
}

/// A verdict's code (`fail`), or `—` where the rule did not apply: CSV cells hold codes, not
/// words, so that a spreadsheet's filters work in every language.
fn verdict_code(verdict: Option<Verdict>) -> &'static str {
    verdict.map_or("—", Verdict::as_str)
}

fn limit(limit: Option<&Limit>) -> String {
    match limit {
        Some(Limit::Number(number)) => number.to_string(),
        Some(Limit::Tokens(amount)) => amount.to_string(),
        None => String::new(),
    }
}

/// A value as a spreadsheet sorts it: the number itself (a ratio as a fraction, tokens exact),
/// `true`/`false`, or empty when missing; the unit is in its own column.
fn value_cell(value: Option<&Value>) -> String {
    match value {
        Some(Value::Number(number)) => number.to_string(),
        Some(Value::Tokens(amount)) => amount.to_string(),
        Some(Value::Bool(flag)) => flag.to_string(),
        None => String::new(),
    }
}

/// A verdict, or empty where the rule did not apply.
fn verdict_cell(verdict: Option<Verdict>) -> &'static str {
    verdict.map_or("", Verdict::as_str)
}

impl Renderer for CsvRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        let words = Localizer::of(self.options.lang);
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "asset",
            "symbol",
            "korean_name",
            "rule",
            "metric",
            "unit",
            "status",
            "severity",
            "value",
            "min",
            "max",
            "warn_min",
            "warn_max",
            "require",
            "detail",
            "waived_from",
            "waiver_expires",
            "evidence_sources",
        ])?;
        for result in &report.results {
            let value = value_cell(result.value.as_ref());
            let mut sources: Vec<&str> = report
                .evidence_of(result)
                .map(|e| report.request(e.req).source.as_str())
                .collect();
            sources.dedup();
            let threshold = &result.threshold;
            writer.write_record([
                result.asset.as_ref(),
                &result.symbol,
                result.korean_name.as_deref().unwrap_or(""),
                &result.rule,
                result.metric.name(),
                <&str>::from(result.unit),
                result.status.as_str(),
                <&str>::from(result.severity),
                &value,
                &limit(threshold.bounds.min.as_ref()),
                &limit(threshold.bounds.max.as_ref()),
                &limit(threshold.bounds.warn_min.as_ref()),
                &limit(threshold.bounds.warn_max.as_ref()),
                &threshold
                    .bounds
                    .require
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
                &words.text(&result.finding),
                result.waiver.as_ref().map_or("", |w| w.would_be.as_str()),
                &result
                    .waiver
                    .as_ref()
                    .map(|w| w.expires.to_string())
                    .unwrap_or_default(),
                &sources.join(" "),
            ])?;
        }
        writer.flush()
    }

    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "asset",
            "symbol",
            "korean_name",
            "verdict_a",
            "verdict_b",
            "change",
            "deciding_a",
            "deciding_b",
            "flipped_by",
            "changed_results",
            "flips",
        ])?;
        let words = Localizer::of(self.options.lang);
        for asset in &comparison.assets {
            let changed: Vec<String> = asset
                .changed_results
                .iter()
                .map(|change| change.describe(words))
                .collect();
            let flips: Vec<String> = asset
                .flips()
                .map(|change| describe_flip(change, words))
                .collect();
            writer.write_record([
                asset.asset.as_str(),
                &asset.symbol,
                asset.korean_name.as_deref().unwrap_or(""),
                verdict_code(asset.a),
                verdict_code(asset.b),
                <&str>::from(asset.change),
                &asset.deciding_a.join(" "),
                &asset.deciding_b.join(" "),
                &asset.flipped_by.join(" "),
                &changed.join("; "),
                &flips.join("; "),
            ])?;
        }
        writer.flush()
    }

    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["rule", "change", "field", "from", "to", "direction"])?;
        for change in &diff.metadata {
            writer.write_record([
                "[standard]",
                "changed",
                &change.field,
                &change.from_text,
                &change.to_text,
                "",
            ])?;
        }
        for rule in &diff.rules {
            match rule.change {
                RuleChange::Changed => {
                    for field in &rule.fields {
                        writer.write_record([
                            rule.id.as_str(),
                            "changed",
                            &field.field,
                            &field.from_text,
                            &field.to_text,
                            field.direction.map_or("", <&str>::from),
                        ])?;
                    }
                }
                RuleChange::Added => writer.write_record([
                    rule.id.as_str(),
                    "added",
                    "rule",
                    "",
                    &rule.describe(Localizer::of(self.options.lang)),
                    "",
                ])?,
                RuleChange::Removed => writer.write_record([
                    rule.id.as_str(),
                    "removed",
                    "rule",
                    &rule.describe(Localizer::of(self.options.lang)),
                    "",
                    "",
                ])?,
                RuleChange::Unchanged => {
                    writer.write_record([rule.id.as_str(), "unchanged", "", "", "", ""])?;
                }
            }
        }
        writer.flush()
    }

    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "rule",
            "bound",
            "threshold",
            "fail",
            "warn",
            "pass",
            "unknown",
            "waived",
            "assets",
            "drafts",
            "failing",
        ])?;
        let bound = sweep.bound.to_string();
        let assets = sweep.assets.to_string();
        for step in &sweep.steps {
            writer.write_record([
                sweep.rule.as_str(),
                &bound,
                &step.threshold.to_string(),
                &step.fail.to_string(),
                &step.warn.to_string(),
                &step.pass.to_string(),
                &step.unknown.to_string(),
                &step.waived.to_string(),
                &assets,
                &step.drafts.join(" "),
                &step.failing.join(" "),
            ])?;
        }
        writer.flush()
    }

    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()> {
        let words = Localizer::of(self.options.lang);
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "kind",
            "asset",
            "symbol",
            "rule",
            "severity",
            "blocking",
            "from",
            "to",
            "unit",
            "value_from",
            "value_to",
            "change",
            "change_measure",
            "detail",
        ])?;
        let lists: [(&str, &[StatusChange]); 4] = [
            ("new_failure", &diff.new_failures),
            ("new_unknown", &diff.new_unknowns),
            ("resolved", &diff.resolved),
            ("other_change", &diff.other_changes),
        ];
        for (kind, changes) in lists {
            for change in changes {
                writer.write_record([
                    kind,
                    &change.asset,
                    &change.symbol,
                    &change.rule,
                    <&str>::from(change.severity),
                    &change.blocking.to_string(),
                    verdict_cell(change.from),
                    verdict_cell(change.to),
                    <&str>::from(change.unit),
                    &value_cell(change.from_value.as_ref()),
                    &value_cell(change.to_value.as_ref()),
                    "",
                    "",
                    &words.text(&change.finding),
                ])?;
            }
        }
        for moved in &diff.moved {
            writer.write_record([
                "moved",
                &moved.asset,
                &moved.symbol,
                &moved.rule,
                "",
                "",
                "",
                "",
                <&str>::from(moved.unit),
                &value_cell(Some(&moved.from)),
                &value_cell(Some(&moved.to)),
                &moved.change.to_string(),
                <&str>::from(moved.measure),
                "",
            ])?;
        }
        for (kind, assets) in [
            ("listed", &diff.listed),
            ("delisted", &diff.delisted),
            ("not_seen", &diff.not_seen),
        ] {
            for asset in assets {
                let verdict = asset.verdict.to_string();
                let (from, to) = if kind == "listed" {
                    ("", verdict.as_str())
                } else {
                    (verdict.as_str(), "")
                };
                writer.write_record([
                    kind,
                    &asset.asset,
                    &asset.symbol,
                    "",
                    "",
                    "",
                    from,
                    to,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ])?;
            }
        }
        for note in &diff.waivers {
            writer.write_record([
                "waiver",
                &note.asset,
                "",
                &note.rule,
                "",
                "",
                "",
                <&str>::from(note.state),
                "",
                "",
                &format!("{} days left", note.days_left),
                &format!("expires {}: {}", note.expires, note.reason),
            ])?;
        }
        writer.flush()
    }

    /// One row per date and rule, with the date's circulation repeated on each, exact.
    fn history(&self, history: &AssetHistory, out: &mut dyn io::Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "as_of",
            "taken_at",
            "snapshot",
            "standard",
            "standard_version",
            "complete",
            "sample",
            "asset",
            "measured_circulating",
            "measured_by",
            "planned_circulating",
            "plan_excess",
            "rule",
            "metric",
            "status",
            "severity",
            "value",
            "threshold",
        ])?;
        for point in &history.points {
            let circulation = point.circulation.as_ref();
            let text = |field: Option<&String>| field.cloned().unwrap_or_default();
            let date = [
                point.as_of.to_string(),
                point.taken_at.to_string(),
                point.snapshot.clone(),
                history.standard.clone(),
                point.standard_version.clone(),
                point.complete.to_string(),
                point.sample.to_string(),
                history.asset.clone(),
                text(circulation.and_then(|c| c.measured.as_ref())),
                text(circulation.and_then(|c| c.measured_by.as_ref())),
                text(circulation.and_then(|c| c.planned.as_ref())),
                circulation
                    .and_then(|c| c.excess)
                    .map_or_else(String::new, |excess| excess.to_string()),
            ];
            for status in &point.statuses {
                writer.write_record(date.iter().map(String::as_str).chain([
                    status.rule.as_str(),
                    &status.metric,
                    &status.status,
                    &status.severity,
                    status.value.as_deref().unwrap_or(""),
                    &status.threshold,
                ]))?;
            }
        }
        writer.flush()
    }
}
