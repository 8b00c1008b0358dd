//! Aligned text tables for people. Korean names line up because widths are measured in terminal
//! columns, not bytes.

use std::io;

use tabled::Table;
use tabled::builder::Builder;
use tabled::settings::Style;

use super::rows::{
    ASSET_IMPACT_HEADER, CHANGE_HEADER, FindingRow, MOVED_HEADER, RULE_IMPACT_HEADER,
    STANDARDS_DIFF_HEADER, asset_impact_rows, asset_label, asset_list, change_rows, finding_rows,
    findings_header, header, listed_results, listed_verdicts, moved_heading, moved_rows,
    reworded_note, rule_impact_rows, run_diff_sections, standards_diff_rows, sweep_failing_changes,
    sweep_heading, sweep_rows, unchanged_rules,
};

use super::describe::{
    count, describe_comparison_inputs, describe_comparison_summary, describe_inputs,
    describe_rule_counts, describe_run_diff_inputs, describe_run_diff_summary,
    describe_standard_side, describe_summary, describe_waiver_notes, describe_waivers,
};
use super::history_rows;
use super::{RenderOptions, Renderer};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::{Report, Verdict};
use crate::history::AssetHistory;
use crate::locale::Localizer;
use crate::message::{Arg, Message};

/// Wrap long detail text so that a table stays readable in a terminal.
const DETAIL_WIDTH: usize = 60;

/// The width of a sweep's bar at 100 % of assets failing.
const BAR_WIDTH: usize = 30;

pub struct TableRenderer {
    pub options: RenderOptions,
}

impl TableRenderer {
    fn words(&self) -> &'static Localizer {
        Localizer::of(self.options.lang)
    }

    /// A line of the words of `id`, with a figure or text.
    fn say_word(
        &self,
        out: &mut dyn io::Write,
        id: &'static str,
        name: &'static str,
        text: String,
    ) -> io::Result<()> {
        self.say(
            out,
            &self
                .words()
                .text(&Message::new(id).with(name, Arg::Text(text))),
        )
    }

    /// A line of prose, wrapped to the width.
    fn say(&self, out: &mut dyn io::Write, text: &str) -> io::Result<()> {
        for line in crate::text::wrap(text, self.options.width.max(RenderOptions::MIN_WIDTH)) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    /// A table whose header is the words of `ids`.
    fn fit(&self, ids: &[&str], rows: &[Vec<String>], wrap: &[(usize, usize)]) -> String {
        let header = header(self.words(), ids);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        self.paint(fit(&header, rows, wrap, self.options.width))
    }

    /// `fail` in red where a status or verdict cell starts with it, when colour is on. Done on
    /// the laid-out text, so that the escape codes never count toward a column's width.
    fn paint(&self, text: String) -> String {
        if !self.options.color {
            return text;
        }
        let fail = self.words().name(Verdict::Fail);
        let red = format!("\x1b[1;31m{fail}\x1b[0m");
        text.replace(&format!("│ {fail} "), &format!("│ {red} "))
            .replace(&format!(" · {fail} ("), &format!(" · {red} ("))
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
    let header = findings_header(words);
    let header_cells: Vec<&str> = header.iter().map(String::as_str).collect();
    let wide = table(
        &header_cells,
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
        let [_, _, _, _, value_label, threshold_label, _] = &header;
        lines.extend(crate::text::wrap(
            &format!(
                "{asset} · {rules} · {}",
                words.outcome_text(&status, &severity)
            ),
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
        let words = self.words();
        for line in describe_inputs(words, report) {
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
                    words.name(verdict.verdict),
                    verdict.deciding_rules.join(", "),
                ]
            })
            .collect();
        if !rows.is_empty() {
            let verdicts = self.fit(
                &["col-asset", "col-verdict", "col-deciding-rules"],
                &rows,
                &[(2, 60)],
            );
            writeln!(out, "{verdicts}")?;
        }
        if !self.options.all && passing > 0 {
            let assets = count(words, passing, "one-more-asset", "n-more-assets");
            writeln!(
                out,
                "{}",
                words.text(&Message::new("more-pass").with("assets", Arg::Text(assets)))
            )?;
        }
        writeln!(out)?;

        let listed = listed_results(report, self.options);
        if listed.is_empty() {
            self.say(out, &super::describe::describe_no_findings(words, report))?;
        } else {
            let findings = self.paint(findings_table(
                &finding_rows(&listed, words),
                self.options.width,
                words,
            ));
            let heading = words.word(if self.options.all {
                "heading-all-results"
            } else {
                "heading-findings-listed"
            });
            writeln!(out, "{heading}:\n{findings}")?;
        }
        writeln!(out)?;
        for line in describe_waivers(words, report) {
            self.say_word(out, "note-line", "text", line)?;
        }
        self.say(out, &describe_summary(words, &report.summary))
    }

    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        for line in describe_comparison_inputs(words, comparison) {
            self.say(out, &line)?;
        }
        for change in &comparison.metadata {
            self.say_word(out, "metadata-line", "change", change.describe(words))?;
        }
        writeln!(out, "\n{}:", words.word("heading-rules-paired"))?;
        writeln!(
            out,
            "{}\n",
            self.fit(
                &RULE_IMPACT_HEADER,
                &rule_impact_rows(comparison, words),
                &[(2, 50)]
            )
        )?;
        let rows = asset_impact_rows(comparison, self.options.all, words);
        if self.options.all {
            writeln!(out, "{}:", words.word("heading-every-asset"))?;
        } else {
            let heading = Message::new("heading-assets-changing")
                .with("unchanged", Arg::count(comparison.summary.unchanged));
            self.say(out, &words.text(&heading))?;
        }
        if rows.is_empty() {
            writeln!(out, "{}", words.word("none-listed"))?;
        } else {
            writeln!(
                out,
                "{}",
                self.fit(&ASSET_IMPACT_HEADER, &rows, &[(1, 30), (2, 30), (4, 70)])
            )?;
        }
        writeln!(out)?;
        self.say(out, &describe_comparison_summary(words, comparison))
    }

    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        self.say(out, &describe_standard_side(words, "A", &diff.a))?;
        self.say(out, &describe_standard_side(words, "B", &diff.b))?;
        self.say(out, &describe_rule_counts(words, &diff.counts))?;
        writeln!(out)?;
        let rows = standards_diff_rows(diff, self.options.all, words);
        if rows.is_empty() {
            writeln!(out, "{}", words.word("standards-same"))?;
        } else {
            writeln!(
                out,
                "{}",
                self.fit(&STANDARDS_DIFF_HEADER, &rows, &[(3, 30), (4, 30)])
            )?;
        }
        let unchanged = unchanged_rules(diff);
        if !unchanged.is_empty() {
            self.say_word(out, "unchanged-rules", "rules", unchanged)?;
        }
        if let Some(note) = reworded_note(diff, self.options.all) {
            self.say(out, &words.word(note))?;
        }
        Ok(())
    }

    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        for line in sweep_heading(sweep, words) {
            self.say(out, &line)?;
        }
        // Beside the counts, a bar of the failing share, which a terminal can show.
        let (mut header, mut rows) = sweep_rows(sweep, words);
        header.insert(6, words.word("col-failing"));
        for (row, step) in rows.iter_mut().zip(&sweep.steps) {
            row.insert(6, bar(step.fail, sweep.assets));
        }
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        writeln!(
            out,
            "\n{}",
            self.paint(fit(&header, &rows, &[], self.options.width))
        )?;
        let changes = sweep_failing_changes(sweep, words);
        if !changes.is_empty() {
            writeln!(out, "\n{}:", words.word("heading-sweep-changes"))?;
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
        let words = self.words();
        for line in describe_run_diff_inputs(words, diff) {
            self.say(out, &line)?;
        }
        for note in &diff.notes {
            self.say_word(out, "note-line", "text", words.text(note))?;
        }
        writeln!(out)?;
        if diff.is_empty() {
            writeln!(out, "{}", words.word("no-run-changes"))?;
        }
        for (heading, changes) in run_diff_sections(diff, words) {
            if !changes.is_empty() {
                writeln!(
                    out,
                    "{heading}:\n{}\n",
                    self.fit(&CHANGE_HEADER, &change_rows(changes, words), &[(7, 32)])
                )?;
            }
        }
        if !diff.moved.is_empty() {
            writeln!(
                out,
                "{}:\n{}\n",
                moved_heading(diff, words),
                self.fit(&MOVED_HEADER, &moved_rows(diff, words), &[])
            )?;
        }
        for (id, assets) in [
            ("listed-since", &diff.listed),
            ("delisted-since", &diff.delisted),
            ("not-seen-in-new", &diff.not_seen),
        ] {
            if !assets.is_empty() {
                self.say_word(out, id, "assets", asset_list(assets, words))?;
            }
        }
        for line in describe_waiver_notes(words, &diff.waivers) {
            self.say_word(out, "waiver-line", "text", line)?;
        }
        self.say(out, &describe_run_diff_summary(words, diff))
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
            self.paint(fit(
                &header,
                &rows,
                &[(header.len() - 1, 40)],
                self.options.width
            ))
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
