//! Aligned text tables for people. Korean names line up because widths are measured in terminal
//! columns, not bytes.

use std::io;

use tabled::Table;
use tabled::builder::Builder;
use tabled::settings::Style;

use super::rows::{
    ASSET_IMPACT_HEADER, CHANGE_HEADER, FINDINGS_HEADER, FindingRow, MOVED_HEADER,
    RULE_IMPACT_HEADER, STANDARDS_DIFF_HEADER, SWEEP_CHANGES_HEADING, asset_impact_rows,
    asset_label, asset_list, change_rows, finding_rows, listed_results, listed_verdicts,
    moved_heading, moved_rows, reworded_note, rule_impact_rows, run_diff_sections,
    standards_diff_rows, sweep_failing_changes, sweep_heading, sweep_rows, unchanged_rules,
};

use super::describe::{describe_inputs, describe_summary, describe_waiver_notes, describe_waivers};
use super::history_rows;
use super::{RenderOptions, Renderer};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::{Report, Verdict};
use crate::history::AssetHistory;
use crate::locale::Localizer;

/// Wrap long detail text so that a table stays readable in a terminal.
const DETAIL_WIDTH: usize = 60;

/// The width of a sweep's bar at 100 % of assets failing.
const BAR_WIDTH: usize = 30;

pub struct TableRenderer {
    pub options: RenderOptions,
}

impl TableRenderer {
    /// A line of prose, wrapped to the width.
    fn say(&self, out: &mut dyn io::Write, text: &str) -> io::Result<()> {
        for line in crate::text::wrap(text, self.options.width.max(RenderOptions::MIN_WIDTH)) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    fn fit(&self, header: &[&str], rows: &[Vec<String>], wrap: &[(usize, usize)]) -> String {
        self.paint(fit(header, rows, wrap, self.options.width))
    }

    /// `fail` in red where a status or verdict cell starts with it, when colour is on. Done on
    /// the laid-out text, so that the escape codes never count toward a column's width.
    fn paint(&self, text: String) -> String {
        const RED_FAIL: &str = "\x1b[1;31mfail\x1b[0m";
        if !self.options.color {
            return text;
        }
        text.replace("│ fail ", &format!("│ {RED_FAIL} "))
            .replace(" · fail (", &format!(" · {RED_FAIL} ("))
    }
}

/// A table with a header row, in the one style every table here uses.
fn table(header: &[&str], rows: Vec<Vec<String>>) -> Table {
    let mut builder = Builder::default();
    builder.push_record(header.iter().copied());
    for row in rows {
        builder.push_record(row);
    }
    let mut table = builder.build();
    table.with(Style::sharp());
    table
}

/// The cells with each free-text column's text wrapped at spaces to its width, as (column,
/// width) pairs; a word longer than the width is never broken.
fn wrap_cells(rows: &[Vec<String>], widths: &[(usize, usize)]) -> Vec<Vec<String>> {
    let mut rows = rows.to_vec();
    for row in &mut rows {
        for &(column, column_width) in widths {
            if let Some(cell) = row.get_mut(column) {
                *cell = cell
                    .lines()
                    .flat_map(|line| crate::text::wrap(line, column_width))
                    .collect::<Vec<_>>()
                    .join("\n");
            }
        }
    }
    rows
}

/// The table at most `width` columns wide: its free-text columns wrapped to their `wrap` widths
/// as (column, width) pairs, and narrowed further, widest first, where the table is still too
/// wide, but never below their longest word. A table without enough free text to give is
/// printed as narrow as its words allow.
pub fn fit(header: &[&str], rows: &[Vec<String>], wrap: &[(usize, usize)], width: usize) -> String {
    use unicode_width::UnicodeWidthStr as _;
    /// A free-text column narrower than this reads as a column of fragments.
    const FLOOR: usize = 12;
    let floors: Vec<usize> = wrap
        .iter()
        .map(|&(column, column_width)| {
            let longest = rows
                .iter()
                .filter_map(|row| row.get(column))
                .flat_map(|cell| cell.split_whitespace())
                .map(str::width)
                .max()
                .unwrap_or(0);
            longest.clamp(FLOOR, column_width.max(FLOOR))
        })
        .collect();
    let mut widths = wrap.to_vec();
    loop {
        let fitted = table(header, wrap_cells(rows, &widths));
        let total = fitted.total_width();
        if total <= width {
            return fitted.to_string();
        }
        let Some((widest, floor)) = widths
            .iter_mut()
            .zip(&floors)
            .filter(|((_, column_width), floor)| column_width > floor)
            .max_by_key(|((_, column_width), _)| *column_width)
        else {
            return records(header, rows, width);
        };
        widest.1 = widest.1.saturating_sub(total - width).max(*floor);
    }
}

/// A table too wide for any wrapping, one row under another: the row's first cell on a line of
/// its own, then each other non-empty cell after its header, indented.
fn records(header: &[&str], rows: &[Vec<String>], width: usize) -> String {
    let width = width.max(RenderOptions::MIN_WIDTH);
    let mut lines = Vec::new();
    for row in rows {
        let mut cells = row.iter().map(|cell| cell.replace('\n', ", "));
        lines.extend(crate::text::wrap(&cells.next().unwrap_or_default(), width));
        let rest: Vec<String> = header
            .iter()
            .skip(1)
            .zip(cells)
            .filter(|(_, cell)| !cell.is_empty())
            .map(|(name, cell)| format!("{}: {cell}", name.replace('\n', " ")))
            .collect();
        lines.extend(crate::text::wrap_indented(
            &format!("  {}", rest.join(" · ")),
            width,
            4,
        ));
    }
    lines.join("\n")
}

/// The findings table, or where it does not fit the width, the findings one under another: the
/// asset, rules and status on one line, the value and threshold on the next, then the detail.
fn findings_table(rows: &[FindingRow<'_>], width: usize, words: &Localizer) -> String {
    let cells: Vec<Vec<String>> = rows.iter().map(|row| row.cells("\n", words)).collect();
    let wide = table(
        &FINDINGS_HEADER,
        wrap_cells(&cells, &[(2, 16), (5, 24), (6, DETAIL_WIDTH)]),
    );
    if wide.total_width() <= width {
        return wide.to_string();
    }
    let width = width.max(RenderOptions::MIN_WIDTH);
    let mut lines = Vec::new();
    for row in rows {
        let [asset, rules, status, severity, value, threshold, detail] =
            <[String; 7]>::try_from(row.cells(", ", words))
                .expect("a findings row has seven cells");
        let [_, _, _, _, value_label, threshold_label, _] = FINDINGS_HEADER;
        lines.extend(crate::text::wrap(
            &format!("{asset} · {rules} · {status} ({severity})"),
            width,
        ));
        lines.extend(crate::text::wrap_indented(
            &format!("  {value_label}: {value} · {threshold_label}: {threshold}"),
            width,
            4,
        ));
        lines.extend(crate::text::wrap(&format!("  {detail}"), width));
    }
    lines.join("\n")
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
            self.say(out, &line)?;
        }
        writeln!(out)?;

        let passing = report
            .asset_verdicts()
            .iter()
            .filter(|v| v.verdict == Verdict::Pass)
            .count();
        let rows: Vec<Vec<String>> = listed_verdicts(report, self.options)
            .iter()
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
            let verdicts = self.fit(&["Asset", "Verdict", "Deciding rules"], &rows, &[(2, 60)]);
            writeln!(out, "{verdicts}")?;
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
            self.say(out, super::describe::describe_no_findings(report))?;
        } else {
            let findings = self.paint(findings_table(
                &finding_rows(&listed),
                self.options.width,
                Localizer::of(self.options.lang),
            ));
            let heading = if self.options.all {
                "All results"
            } else {
                "Findings (passing results are not listed; --all lists them)"
            };
            writeln!(out, "{heading}:\n{findings}")?;
        }
        writeln!(out)?;
        for line in describe_waivers(report) {
            self.say(out, &format!("Note: {line}"))?;
        }
        self.say(out, &describe_summary(&report.summary))
    }

    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()> {
        for line in comparison.describe_inputs() {
            self.say(out, &line)?;
        }
        for change in &comparison.metadata {
            self.say(out, &format!("Metadata: {}", change.describe()))?;
        }
        writeln!(out, "\nRules, paired by id:")?;
        writeln!(
            out,
            "{}\n",
            self.fit(
                &RULE_IMPACT_HEADER,
                &rule_impact_rows(comparison),
                &[(2, 50)]
            )
        )?;
        let rows = asset_impact_rows(comparison, self.options.all);
        if self.options.all {
            writeln!(out, "Every asset:")?;
        } else {
            self.say(
                out,
                &format!(
                    "Assets whose verdict changes ({} unchanged; --all lists every asset):",
                    comparison.summary.unchanged
                ),
            )?;
        }
        if rows.is_empty() {
            writeln!(out, "None.")?;
        } else {
            writeln!(
                out,
                "{}",
                self.fit(&ASSET_IMPACT_HEADER, &rows, &[(1, 30), (2, 30), (4, 70)])
            )?;
        }
        writeln!(out)?;
        self.say(out, &comparison.describe_summary())
    }

    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()> {
        self.say(out, &diff.a.describe_as("A"))?;
        self.say(out, &diff.b.describe_as("B"))?;
        self.say(out, &diff.counts.describe())?;
        writeln!(out)?;
        let rows = standards_diff_rows(diff, self.options.all);
        if rows.is_empty() {
            writeln!(out, "The two standards define the same rules and metadata.")?;
        } else {
            writeln!(
                out,
                "{}",
                self.fit(&STANDARDS_DIFF_HEADER, &rows, &[(3, 30), (4, 30)])
            )?;
        }
        let unchanged = unchanged_rules(diff);
        if !unchanged.is_empty() {
            self.say(out, &format!("Unchanged: {unchanged}"))?;
        }
        if let Some(note) = reworded_note(diff, self.options.all) {
            self.say(out, note)?;
        }
        Ok(())
    }

    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()> {
        for line in sweep_heading(sweep) {
            self.say(out, &line)?;
        }
        // Beside the counts, a bar of the failing share, which a terminal can show.
        let (mut header, mut rows) = sweep_rows(sweep);
        header.insert(6, "Failing".to_owned());
        for (row, step) in rows.iter_mut().zip(&sweep.steps) {
            row.insert(6, bar(step.fail, sweep.assets));
        }
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        writeln!(out, "\n{}", self.fit(&header, &rows, &[]))?;
        let changes = sweep_failing_changes(sweep);
        if !changes.is_empty() {
            writeln!(out, "\n{SWEEP_CHANGES_HEADING}:")?;
            let width = self.options.width.max(RenderOptions::MIN_WIDTH);
            for line in changes {
                for wrapped in crate::text::wrap_indented(&format!("  {line}"), width, 4) {
                    writeln!(out, "{wrapped}")?;
                }
            }
        }
        Ok(())
    }

    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()> {
        for line in diff.describe_inputs() {
            self.say(out, &line)?;
        }
        for note in &diff.notes {
            self.say(out, &format!("Note: {note}"))?;
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
                    self.fit(
                        &CHANGE_HEADER,
                        &change_rows(changes, Localizer::of(self.options.lang)),
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
                self.fit(&MOVED_HEADER, &moved_rows(diff), &[])
            )?;
        }
        if !diff.listed.is_empty() {
            self.say(
                out,
                &format!("Listed since OLD: {}", asset_list(&diff.listed)),
            )?;
        }
        if !diff.delisted.is_empty() {
            self.say(
                out,
                &format!("Delisted since OLD: {}", asset_list(&diff.delisted)),
            )?;
        }
        if !diff.not_seen.is_empty() {
            writeln!(
                out,
                "Not seen in NEW, whose market lists were not all read (not known to be delisted): {}",
                asset_list(&diff.not_seen)
            )?;
        }
        for line in describe_waiver_notes(&diff.waivers) {
            self.say(out, &format!("Waiver: {line}"))?;
        }
        self.say(out, &diff.describe_summary())
    }

    fn history(&self, history: &AssetHistory, out: &mut dyn io::Write) -> io::Result<()> {
        let words = Localizer::of(self.options.lang);
        self.say(out, &history_rows::heading(history, words))?;
        if history.points.is_empty() {
            return Ok(());
        }
        let (header, rows) = history_rows::table(history, words);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        // The last column lists rules, the one that can grow.
        writeln!(
            out,
            "\n{}\n",
            self.fit(&header, &rows, &[(header.len() - 1, 40)])
        )?;
        if let Some(outlook) = history_rows::outlook(history, words) {
            self.say(out, &outlook)?;
        }
        for note in history_rows::notes(history, words) {
            self.say(out, &note)?;
        }
        Ok(())
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
