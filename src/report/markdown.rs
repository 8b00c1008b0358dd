//! Markdown, ready to post to a chat or an issue: the findings as a table, then the evidence
//! behind each one.

use std::io;

use super::describe::{describe_inputs, describe_summary, describe_waiver_notes, describe_waivers};
use super::rows::{
    ASSET_IMPACT_HEADER, CHANGE_HEADER, FINDINGS_HEADER, MOVED_HEADER, RULE_IMPACT_HEADER,
    STANDARDS_DIFF_HEADER, SWEEP_CHANGES_HEADING, asset_impact_rows, asset_label, asset_list,
    change_rows, evidence_entries, finding_rows, listed_results, moved_heading, moved_rows,
    reworded_note, rule_impact_rows, run_diff_sections, standards_diff_rows, sweep_failing_changes,
    sweep_heading, sweep_rows, unchanged_rules,
};
use super::{RenderOptions, Renderer};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::Report;
use crate::locale::Localizer;

pub struct MarkdownRenderer {
    pub options: RenderOptions,
}

/// Escapes the characters that would break a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table: a header, its rule, and one line per row.
fn table(out: &mut dyn io::Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let header: Vec<String> = header.iter().map(|h| h.replace('\n', " ")).collect();
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(header.len()))?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

impl Renderer for MarkdownRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(
            out,
            "# Listing check: {} {}\n",
            report.standard.id, report.standard.version
        )?;
        for line in describe_inputs(report) {
            writeln!(out, "- {}", cell(&line))?;
        }
        writeln!(out, "\n**{}**\n", describe_summary(&report.summary))?;
        let listed = listed_results(report, self.options);
        if listed.is_empty() {
            writeln!(out, "{}", super::describe::describe_no_findings(report))?;
        } else {
            let rows: Vec<Vec<String>> = finding_rows(&listed)
                .iter()
                .map(|row| row.cells(", ", Localizer::of(self.options.lang)))
                .collect();
            table(out, &FINDINGS_HEADER, &rows)?;
            writeln!(out, "\n## Evidence\n")?;
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
                    result.status
                )?;
                let entries = evidence_entries(report, result, Localizer::of(self.options.lang));
                if entries.is_empty() {
                    writeln!(out, "- no observation was available")?;
                }
                for entry in entries {
                    writeln!(
                        out,
                        "- {}: **{}** — {} `{}` at {}",
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
        let notes = describe_waivers(report);
        if !notes.is_empty() {
            writeln!(out, "## Waivers\n")?;
            for line in notes {
                writeln!(out, "- {line}")?;
            }
        }
        Ok(())
    }

    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(
            out,
            "# Draft comparison: {} {} → {} {}\n",
            comparison.a.id, comparison.a.version, comparison.b.id, comparison.b.version
        )?;
        for line in comparison.describe_inputs() {
            writeln!(out, "- {}", cell(&line))?;
        }
        for change in &comparison.metadata {
            writeln!(out, "- Metadata: {}", cell(&change.describe()))?;
        }
        writeln!(out, "\n**{}**\n", comparison.describe_summary())?;
        writeln!(out, "## Rules, paired by id\n")?;
        table(out, &RULE_IMPACT_HEADER, &rule_impact_rows(comparison))?;
        let rows = asset_impact_rows(comparison, self.options.all);
        if self.options.all {
            writeln!(out, "\n## Every asset\n")?;
        } else {
            writeln!(
                out,
                "\n## Assets whose verdict changes\n\n{} assets are unchanged; `--all` lists every asset.\n",
                comparison.summary.unchanged
            )?;
        }
        if rows.is_empty() {
            writeln!(out, "None.")
        } else {
            table(out, &ASSET_IMPACT_HEADER, &rows)
        }
    }

    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(
            out,
            "# Standards diff: {} {} → {} {}\n",
            diff.a.id, diff.a.version, diff.b.id, diff.b.version
        )?;
        for (label, side) in [("A", &diff.a), ("B", &diff.b)] {
            writeln!(
                out,
                "- {label}: {} {} ({}) — `{}`",
                side.id, side.version, side.status, side.path
            )?;
        }
        writeln!(out, "\n**{}**\n", diff.counts.describe())?;
        let rows = standards_diff_rows(diff, self.options.all);
        if rows.is_empty() {
            writeln!(out, "The two standards define the same rules and metadata.")?;
        } else {
            table(out, &STANDARDS_DIFF_HEADER, &rows)?;
        }
        let unchanged = unchanged_rules(diff);
        if !unchanged.is_empty() {
            writeln!(out, "\nUnchanged: {unchanged}")?;
        }
        if let Some(note) = reworded_note(diff, self.options.all) {
            writeln!(out, "\n{note}")?;
        }
        Ok(())
    }

    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(out, "# Threshold sweep: {} `{}`\n", sweep.rule, sweep.bound)?;
        for line in sweep_heading(sweep) {
            writeln!(out, "- {}", cell(&line))?;
        }
        writeln!(out)?;
        let (header, rows) = sweep_rows(sweep);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        table(out, &header, &rows)?;
        let changes = sweep_failing_changes(sweep);
        if !changes.is_empty() {
            writeln!(out, "\n## {SWEEP_CHANGES_HEADING}\n")?;
            for line in changes {
                writeln!(out, "- {}", cell(&line))?;
            }
        }
        Ok(())
    }

    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(out, "# Changes since the last run\n")?;
        for line in diff.describe_inputs() {
            writeln!(out, "- {}", cell(&line))?;
        }
        for note in &diff.notes {
            writeln!(out, "- Note: {}", cell(note))?;
        }
        writeln!(out, "\n**{}**\n", diff.describe_summary())?;
        if diff.is_empty() {
            writeln!(out, "No changes between the two runs.")?;
        }
        for (heading, changes) in run_diff_sections(diff) {
            if !changes.is_empty() {
                writeln!(out, "## {heading}\n")?;
                table(
                    out,
                    &CHANGE_HEADER,
                    &change_rows(changes, Localizer::of(self.options.lang)),
                )?;
                writeln!(out)?;
            }
        }
        if !diff.moved.is_empty() {
            writeln!(out, "## {}\n", moved_heading(diff))?;
            table(out, &MOVED_HEADER, &moved_rows(diff))?;
            writeln!(out)?;
        }
        if !diff.listed.is_empty() {
            writeln!(
                out,
                "- Listed since OLD: {}",
                cell(&asset_list(&diff.listed))
            )?;
        }
        if !diff.delisted.is_empty() {
            writeln!(
                out,
                "- Delisted since OLD: {}",
                cell(&asset_list(&diff.delisted))
            )?;
        }
        if !diff.not_seen.is_empty() {
            writeln!(
                out,
                "- Not seen in NEW, whose market lists were not all read (not known to be delisted): {}",
                cell(&asset_list(&diff.not_seen))
            )?;
        }
        for line in describe_waiver_notes(&diff.waivers) {
            writeln!(out, "- Waiver: {}", cell(&line))?;
        }
        Ok(())
    }
}
