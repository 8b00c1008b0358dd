//! Markdown, ready to post to a chat or an issue: the findings as a table, then the evidence
//! behind each one.

use std::io;

use super::table::{asset_label, listed_results};
use super::{RenderOptions, Renderer, Report, describe_inputs, describe_summary, describe_waivers};

pub struct MarkdownRenderer {
    pub options: RenderOptions,
}

/// Escapes the characters that would break a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
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
            writeln!(out, "No findings: every result passes.")?;
        } else {
            writeln!(
                out,
                "| Asset | Rule | Status | Severity | Value | Threshold | Detail |"
            )?;
            writeln!(out, "|---|---|---|---|---|---|---|")?;
            for result in &listed {
                let status = match &result.waiver {
                    Some(waiver) => {
                        format!("waived ({}, until {})", waiver.would_be, waiver.expires)
                    }
                    None => result.status.to_string(),
                };
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    cell(&asset_label(&result.symbol, result.korean_name.as_deref())),
                    cell(&result.rule),
                    status,
                    result.severity,
                    cell(&result.value_text()),
                    cell(&result.threshold.text),
                    cell(&result.detail)
                )?;
            }
            writeln!(out, "\n## Evidence\n")?;
            for result in &listed {
                writeln!(
                    out,
                    "### {} — {} ({})\n",
                    cell(&asset_label(&result.symbol, result.korean_name.as_deref())),
                    result.rule,
                    result.status
                )?;
                if result.evidence.is_empty() {
                    writeln!(out, "- no observation was available")?;
                }
                for evidence in &result.evidence {
                    let cached = evidence
                        .request
                        .cache_age_secs
                        .map(|age| format!(", cached {age} s"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "- {}: **{}** — {} `{}` at {}{cached}",
                        cell(&evidence.what),
                        cell(&evidence.value),
                        evidence.request.source,
                        evidence.request.endpoint,
                        evidence.request.fetched_at
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
}
