//! HTML: one self-contained page per document (inline style, charts as inline SVG, a small inline
//! script, no external request), to attach to a listing review or publish from a scheduled job.
//! It holds what the Markdown format holds, and charts it: a check's statuses per rule, a
//! sweep's curve of failures. Without script it reads the same.

use std::io;

use super::chart;
use super::describe::{
    describe_comparison_inputs, describe_comparison_summary, describe_rule_counts,
    describe_run_diff_inputs, describe_run_diff_summary, describe_standard_side,
    describe_waiver_notes,
};
use super::html_page::{banner, end, figure, heading, list, paragraph, start, strong, table};
use super::rows::{
    ASSET_IMPACT_HEADER, CHANGE_HEADER, MOVED_HEADER, RULE_IMPACT_HEADER, STANDARDS_DIFF_HEADER,
    asset_impact_rows, asset_list, change_rows, header, moved_heading, moved_rows, reworded_note,
    rule_impact_rows, run_diff_sections, standards_diff_rows, sweep_failing_changes, sweep_heading,
    sweep_rows, unchanged_rules,
};
use super::{RenderOptions, Renderer, history_rows};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::Report;
use crate::history::AssetHistory;
use crate::locale::Localizer;
use crate::message::{Arg, Message};

pub struct HtmlRenderer {
    pub options: RenderOptions,
}

impl HtmlRenderer {
    fn words(&self) -> &'static Localizer {
        Localizer::of(self.options.lang)
    }

    /// A line of the words of `id` with one text figure.
    fn line(&self, id: &'static str, name: &'static str, text: String) -> String {
        self.words()
            .text(&Message::new(id).with(name, Arg::Text(text)))
    }
}

impl Renderer for HtmlRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        super::html_check::page(report, &[], self.options, out)
    }

    fn report_with_histories(
        &self,
        report: &Report,
        histories: &[AssetHistory],
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        super::html_check::page(report, histories, self.options, out)
    }

    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()> {
        self.comparison_with_sweeps(comparison, &[], out)
    }

    fn comparison_with_sweeps(
        &self,
        comparison: &Comparison,
        sweeps: &[Sweep],
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        let words = self.words();
        let title = super::describe::two_standards_title(
            words,
            "title-comparison",
            &comparison.a,
            &comparison.b,
        );
        start(out, &title, words)?;
        let mut inputs = describe_comparison_inputs(words, comparison);
        inputs.extend(
            comparison
                .metadata
                .iter()
                .map(|change| self.line("metadata-line", "change", change.describe(words))),
        );
        list(out, "inputs", &inputs)?;
        strong(out, &describe_comparison_summary(words, comparison))?;
        if !sweeps.is_empty() {
            heading(out, &words.word("heading-threshold-curves"))?;
            paragraph(out, &words.word("chart-sweep-caption"))?;
            writeln!(out, "<div class=\"curves\">")?;
            for sweep in sweeps {
                figure(out, chart::sweep_curve(sweep, words), "")?;
            }
            writeln!(out, "</div>")?;
        }
        heading(out, &words.word("heading-rules-paired"))?;
        table(
            out,
            &header(words, &RULE_IMPACT_HEADER),
            &rule_impact_rows(comparison, words),
            &[],
            words,
        )?;
        let rows = asset_impact_rows(comparison, self.options.all, words);
        if self.options.all {
            heading(out, &words.word("heading-every-asset"))?;
        } else {
            heading(out, &words.word("heading-assets-changing-short"))?;
            let unchanged = Message::new("unchanged-assets-note")
                .with("count", Arg::count(comparison.summary.unchanged));
            paragraph(out, &words.text(&unchanged).replace('`', ""))?;
        }
        if rows.is_empty() {
            paragraph(out, &words.word("none-listed"))?;
        } else {
            table(
                out,
                &header(words, &ASSET_IMPACT_HEADER),
                &rows,
                &[1, 2],
                words,
            )?;
        }
        end(out, false)
    }

    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        let title =
            super::describe::two_standards_title(words, "title-standards-diff", &diff.a, &diff.b);
        start(out, &title, words)?;
        list(
            out,
            "inputs",
            &[
                describe_standard_side(words, "A", &diff.a),
                describe_standard_side(words, "B", &diff.b),
            ],
        )?;
        strong(out, &describe_rule_counts(words, &diff.counts))?;
        let rows = standards_diff_rows(diff, self.options.all, words);
        if rows.is_empty() {
            paragraph(out, &words.word("standards-same"))?;
        } else {
            table(
                out,
                &header(words, &STANDARDS_DIFF_HEADER),
                &rows,
                &[],
                words,
            )?;
        }
        let unchanged = unchanged_rules(diff);
        if !unchanged.is_empty() {
            paragraph(out, &self.line("unchanged-rules", "rules", unchanged))?;
        }
        if let Some(note) = reworded_note(diff, self.options.all) {
            paragraph(out, &words.word(note))?;
        }
        end(out, false)
    }

    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        start(
            out,
            &super::describe::sweep_title(words, sweep).replace('`', ""),
            words,
        )?;
        list(out, "inputs", &sweep_heading(sweep, words))?;
        figure(
            out,
            chart::sweep_curve(sweep, words),
            &words.word("chart-sweep-caption"),
        )?;
        let (header, rows) = sweep_rows(sweep, words);
        table(out, &header, &rows, &[], words)?;
        let changes = sweep_failing_changes(sweep, words);
        if !changes.is_empty() {
            heading(out, &words.word("heading-sweep-changes"))?;
            list(out, "changes", &changes)?;
        }
        end(out, false)
    }

    /// What is new since the last run comes first: the summary, the new failures and unknowns,
    /// the assets newly listed; then what was resolved or moved, and the inputs last.
    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        start(out, &words.word("title-run-diff"), words)?;
        strong(out, &describe_run_diff_summary(words, diff))?;
        if diff.is_empty() {
            paragraph(out, &words.word("no-run-changes"))?;
        }
        let mut lines = Vec::new();
        for (id, assets) in [
            ("listed-since", &diff.listed),
            ("delisted-since", &diff.delisted),
            ("not-seen-in-new", &diff.not_seen),
        ] {
            if !assets.is_empty() {
                lines.push(self.line(id, "assets", asset_list(assets, words)));
            }
        }
        for (index, (title, changes)) in run_diff_sections(diff, words).into_iter().enumerate() {
            if !changes.is_empty() {
                heading(out, &title)?;
                table(
                    out,
                    &header(words, &CHANGE_HEADER),
                    &change_rows(changes, words),
                    &[3, 4],
                    words,
                )?;
            }
            // The new failures and unknowns are the news; the assets listed since follow them.
            if index == 1 {
                list(out, "notes", &lines)?;
            }
        }
        if !diff.moved.is_empty() {
            heading(out, &moved_heading(diff, words))?;
            table(
                out,
                &header(words, &MOVED_HEADER),
                &moved_rows(diff, words),
                &[],
                words,
            )?;
        }
        let mut inputs = describe_run_diff_inputs(words, diff);
        inputs.extend(
            diff.notes
                .iter()
                .map(|note| self.line("note-line", "text", words.text(note))),
        );
        inputs.extend(
            describe_waiver_notes(words, &diff.waivers)
                .into_iter()
                .map(|line| self.line("waiver-line", "text", line)),
        );
        list(out, "inputs", &inputs)?;
        end(out, false)
    }

    fn history(&self, history: &AssetHistory, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        start(out, &history_rows::heading(history, words), words)?;
        if history.points.iter().any(|point| point.sample) {
            banner(out, "sample", &words.word("banner-sample"))?;
        }
        if let Some(outlook) = history_rows::outlook(history, words) {
            strong(out, &outlook)?;
        }
        if !history.points.is_empty() {
            super::html_check::circulation(out, history, words)?;
            heading(out, &words.word("heading-history-runs"))?;
            let (header, rows) = history_rows::table(history, words);
            let statuses: Vec<usize> = (0..header.len()).collect();
            table(out, &header, &rows, &statuses, words)?;
        }
        list(out, "notes", &history_rows::notes(history, words))?;
        end(out, false)
    }
}
