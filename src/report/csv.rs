//! One table per document, for spreadsheets: a report is one row per result (passing ones
//! included), a comparison one row per asset, a standards diff one row per changed field, a
//! sweep one row per step (ready to chart), and a run diff one row per change with its `kind`.

use std::io;

use super::rows::side;
use super::{RenderOptions, Renderer};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::rundiff::StatusChange;
use crate::analysis::standards_diff::RuleChange;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::Report;
use crate::locale::Localizer;
use crate::metric::{Limit, Value};

pub struct CsvRenderer {
    pub options: RenderOptions,
}

fn limit(limit: Option<&Limit>) -> String {
    match limit {
        Some(Limit::Number(number)) => number.to_string(),
        Some(Limit::Tokens(amount)) => amount.to_string(),
        None => String::new(),
    }
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
            let value = match &result.value {
                Some(Value::Number(number)) => number.to_string(),
                Some(Value::Tokens(amount)) => amount.to_string(),
                Some(Value::Bool(flag)) => flag.to_string(),
                None => String::new(),
            };
            let mut sources: Vec<&str> = report
                .evidence_of(result)
                .map(|e| report.request(e.req).source.as_str())
                .collect();
            sources.dedup();
            let threshold = &result.threshold;
            writer.write_record([
                result.asset.as_str(),
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
        ])?;
        for asset in &comparison.assets {
            let changed: Vec<String> = asset
                .changed_results
                .iter()
                .map(crate::analysis::compare::ResultChange::describe)
                .collect();
            writer.write_record([
                asset.asset.as_str(),
                &asset.symbol,
                asset.korean_name.as_deref().unwrap_or(""),
                &side(asset.a),
                &side(asset.b),
                <&str>::from(asset.change),
                &asset.deciding_a.join(" "),
                &asset.deciding_b.join(" "),
                &asset.flipped_by.join(" "),
                &changed.join("; "),
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
                    &rule.describe(),
                    "",
                ])?,
                RuleChange::Removed => writer.write_record([
                    rule.id.as_str(),
                    "removed",
                    "rule",
                    &rule.describe(),
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
            "value_from",
            "value_to",
            "change",
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
                    &side(change.from),
                    &side(change.to),
                    &change.value_from,
                    &change.value_to,
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
                &moved.from_text,
                &moved.to_text,
                &moved.describe_change(),
                "",
            ])?;
        }
        for (kind, assets) in [("listed", &diff.listed), ("delisted", &diff.delisted)] {
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
}
