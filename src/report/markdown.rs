//! Markdown, ready to post to a chat or an issue: the findings as a table, then the evidence
//! behind each one.

use std::io;

use super::describe::{
    describe_comparison_inputs, describe_comparison_summary, describe_inputs, describe_rule_counts,
    describe_run_diff_inputs, describe_run_diff_summary, describe_standard_side, describe_summary,
    describe_waiver_notes, describe_waivers,
};
use super::rows::{
    ASSET_IMPACT_HEADER, CHANGE_HEADER, MOVED_HEADER, RULE_IMPACT_HEADER, STANDARDS_DIFF_HEADER,
    asset_impact_rows, asset_label, asset_list, change_rows, evidence_entries, finding_rows,
    findings_header, header, listed_results, moved_heading, moved_rows, reworded_note,
    rule_impact_rows, run_diff_sections, standards_diff_rows, sweep_failing_changes, sweep_heading,
    sweep_rows, unchanged_rules,
};
use super::{RenderOptions, Renderer};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::Report;
use crate::locale::Localizer;
use crate::message::{Arg, Message};

pub struct MarkdownRenderer {
    pub options: RenderOptions,
}

/// Escapes the characters that would break a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table: a header, its rule, and one line per row.
fn table(out: &mut dyn io::Write, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let header: Vec<String> = header.iter().map(|h| h.replace('\n', " ")).collect();
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(header.len()))?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

impl MarkdownRenderer {
    fn words(&self) -> &'static Localizer {
        Localizer::of(self.options.lang)
    }

    /// A line of the words of `id` with one text figure.
    fn line(&self, id: &'static str, name: &'static str, text: String) -> String {
        self.words()
            .text(&Message::new(id).with(name, Arg::Text(text)))
    }
}

impl Renderer for MarkdownRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        writeln!(out, "# {}\n", super::describe::check_title(words, report))?;
        for line in describe_inputs(words, report) {
            writeln!(out, "- {}", cell(&line))?;
        }
        writeln!(out, "\n**{}**\n", describe_summary(words, &report.summary))?;
        let listed = listed_results(report, self.options);
        if listed.is_empty() {
            writeln!(
                out,
                "{}",
                super::describe::describe_no_findings(words, report)
            )?;
        } else {
            let rows: Vec<Vec<String>> = finding_rows(&listed, words)
                .iter()
                .map(|row| row.cells(", ", words))
                .collect();
            table(out, &findings_header(words), &rows)?;
            writeln!(out, "\n## {}\n", words.word("heading-evidence"))?;
            for result in &listed {
                writeln!(
                    out,
                    "### {} — {} ({})\n",
                    cell(&asset_label(
                        &result.asset,
                        &result.symbol,
                        result.korean_name.as_deref()
                    )),
                    result.rule,
                    words.name(result.status)
                )?;
                let entries = evidence_entries(report, result, words);
                if entries.is_empty() {
                    writeln!(out, "- {}", words.word("no-observation"))?;
                }
                for entry in entries {
                    writeln!(
                        out,
                        "- {}: **{}** — {} `{}` {}",
                        cell(&entry.what),
                        cell(&entry.value),
                        entry.source,
                        entry.endpoint,
                        entry.at
                    )?;
                }
                writeln!(out)?;
            }
        }
        let notes = describe_waivers(words, report);
        if !notes.is_empty() {
            writeln!(out, "## {}\n", words.word("heading-waivers"))?;
            for line in notes {
                writeln!(out, "- {line}")?;
            }
        }
        Ok(())
    }

    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        writeln!(
            out,
            "# {}\n",
            super::describe::two_standards_title(
                words,
                "title-comparison",
                &comparison.a,
                &comparison.b
            )
        )?;
        for line in describe_comparison_inputs(words, comparison) {
            writeln!(out, "- {}", cell(&line))?;
        }
        for change in &comparison.metadata {
            let line = self.line("metadata-line", "change", change.describe(words));
            writeln!(out, "- {}", cell(&line))?;
        }
        writeln!(
            out,
            "\n**{}**\n",
            describe_comparison_summary(words, comparison)
        )?;
        writeln!(out, "## {}\n", words.word("heading-rules-paired"))?;
        table(
            out,
            &header(words, &RULE_IMPACT_HEADER),
            &rule_impact_rows(comparison, words),
        )?;
        let rows = asset_impact_rows(comparison, self.options.all, words);
        if self.options.all {
            writeln!(out, "\n## {}\n", words.word("heading-every-asset"))?;
        } else {
            let unchanged = Message::new("unchanged-assets-note")
                .with("count", Arg::count(comparison.summary.unchanged));
            writeln!(
                out,
                "\n## {}\n\n{}\n",
                words.word("heading-assets-changing-short"),
                words.text(&unchanged)
            )?;
        }
        if rows.is_empty() {
            writeln!(out, "{}", words.word("none-listed"))
        } else {
            table(out, &header(words, &ASSET_IMPACT_HEADER), &rows)
        }
    }

    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        writeln!(
            out,
            "# {}\n",
            super::describe::two_standards_title(words, "title-standards-diff", &diff.a, &diff.b)
        )?;
        for (label, side) in [("A", &diff.a), ("B", &diff.b)] {
            writeln!(
                out,
                "- {}",
                cell(&describe_standard_side(words, label, side))
            )?;
        }
        writeln!(out, "\n**{}**\n", describe_rule_counts(words, &diff.counts))?;
        let rows = standards_diff_rows(diff, self.options.all, words);
        if rows.is_empty() {
            writeln!(out, "{}", words.word("standards-same"))?;
        } else {
            table(out, &header(words, &STANDARDS_DIFF_HEADER), &rows)?;
        }
        let unchanged = unchanged_rules(diff);
        if !unchanged.is_empty() {
            writeln!(
                out,
                "\n{}",
                self.line("unchanged-rules", "rules", unchanged)
            )?;
        }
        if let Some(note) = reworded_note(diff, self.options.all) {
            writeln!(out, "\n{}", words.word(note))?;
        }
        Ok(())
    }

    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        writeln!(out, "# {}\n", super::describe::sweep_title(words, sweep))?;
        for line in sweep_heading(sweep, words) {
            writeln!(out, "- {}", cell(&line))?;
        }
        writeln!(out)?;
        let (header, rows) = sweep_rows(sweep, words);
        table(out, &header, &rows)?;
        let changes = sweep_failing_changes(sweep, words);
        if !changes.is_empty() {
            writeln!(out, "\n## {}\n", words.word("heading-sweep-changes"))?;
            for line in changes {
                writeln!(out, "- {}", cell(&line))?;
            }
        }
        Ok(())
    }

    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        writeln!(out, "# {}\n", words.word("title-run-diff"))?;
        for line in describe_run_diff_inputs(words, diff) {
            writeln!(out, "- {}", cell(&line))?;
        }
        for note in &diff.notes {
            let line = self.line("note-line", "text", words.text(note));
            writeln!(out, "- {}", cell(&line))?;
        }
        writeln!(out, "\n**{}**\n", describe_run_diff_summary(words, diff))?;
        if diff.is_empty() {
            writeln!(out, "{}", words.word("no-run-changes"))?;
        }
        for (heading, changes) in run_diff_sections(diff, words) {
            if !changes.is_empty() {
                writeln!(out, "## {heading}\n")?;
                table(
                    out,
                    &header(words, &CHANGE_HEADER),
                    &change_rows(changes, words),
                )?;
                writeln!(out)?;
            }
        }
        if !diff.moved.is_empty() {
            writeln!(out, "## {}\n", moved_heading(diff, words))?;
            table(out, &header(words, &MOVED_HEADER), &moved_rows(diff, words))?;
            writeln!(out)?;
        }
        for (id, assets) in [
            ("listed-since", &diff.listed),
            ("delisted-since", &diff.delisted),
            ("not-seen-in-new", &diff.not_seen),
        ] {
            if !assets.is_empty() {
                writeln!(
                    out,
                    "- {}",
                    cell(&self.line(id, "assets", asset_list(assets, words)))
                )?;
            }
        }
        for line in describe_waiver_notes(words, &diff.waivers) {
            writeln!(out, "- {}", cell(&self.line("waiver-line", "text", line)))?;
        }
        Ok(())
    }
}
