//! Aligned text tables for people. Korean names line up because widths are measured in terminal
//! columns, not bytes.

use std::io;

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Style, Width};

use super::rows::{
    ASSET_IMPACT_HEADER, CHANGE_HEADER, FINDINGS_HEADER, MOVED_HEADER, RULE_IMPACT_HEADER,
    STANDARDS_DIFF_HEADER, asset_impact_rows, asset_label, asset_list, change_rows, finding_rows,
    listed_results, moved_heading, moved_rows, rule_impact_rows, run_diff_sections,
    standards_diff_rows, sweep_heading, sweep_rows, unchanged_rules,
};

use super::describe::{describe_inputs, describe_summary, describe_waiver_notes, describe_waivers};
use super::{RenderOptions, Renderer};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::{Report, Verdict};
use crate::locale::Localizer;

/// Wrap long detail text so that a table stays readable in a terminal.
const DETAIL_WIDTH: usize = 60;

/// The width of a sweep's bar at 100 % of assets failing.
const BAR_WIDTH: usize = 30;

pub struct TableRenderer {
    pub options: RenderOptions,
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

/// `█████` in proportion to the assets failing.
fn bar(fail: usize, assets: usize) -> String {
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
                crate::text::plural(passing, "more asset")
            )?;
        }
        writeln!(out)?;

        let listed = listed_results(report, self.options);
        if listed.is_empty() {
            writeln!(out, "{}", super::describe::describe_no_findings(report))?;
        } else {
            let rows = finding_rows(&listed)
                .iter()
                .map(|row| row.cells("\n", Localizer::of(self.options.lang)))
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
                    build(
                        &CHANGE_HEADER,
                        change_rows(changes, Localizer::of(self.options.lang)),
                        &[(7, 32)]
                    )
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
