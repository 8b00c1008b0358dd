//! HTML: one self-contained page (inline style, no script, no external request), to attach to a
//! listing review or publish from a scheduled job. It holds what the Markdown format holds, with
//! each result's evidence folded under its finding.

use std::io;

use super::describe::{
    describe_inputs, describe_summary, describe_verdict, describe_waiver_notes, describe_waivers,
};
use super::rows::{
    ASSET_IMPACT_HEADER, CHANGE_HEADER, FINDINGS_HEADER, MOVED_HEADER, RULE_IMPACT_HEADER,
    STANDARDS_DIFF_HEADER, SWEEP_CHANGES_HEADING, asset_impact_rows, asset_label, asset_list,
    change_rows, evidence_entries, finding_rows, listed_results, listed_verdicts, moved_heading,
    moved_rows, reworded_note, rule_impact_rows, run_diff_sections, standards_diff_rows,
    sweep_failing_changes, sweep_heading, sweep_rows, unchanged_rules,
};
use super::{RenderOptions, Renderer};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::{Report, RuleResult};
use crate::locale::Localizer;

pub struct HtmlRenderer {
    pub options: RenderOptions,
}

/// The page's style: readable in print, status words coloured where tables show them.
const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1b1b}\
table{border-collapse:collapse;margin:.5em 0 1.5em}\
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f2f2f2}\
.fail{color:#b00020;font-weight:600}.warn{color:#9a6700}.unknown{color:#5a5a5a;font-style:italic}\
.pass{color:#1a7f37}.waived{color:#6f42c1}\
details{margin:.2em 0}summary{cursor:pointer}\
ul.inputs{list-style:none;padding:0}code{font-size:12px}";

/// Text made safe for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The class that colours a status cell: the status word it starts with (`waived (fail, …)`
/// is `waived`), if it is one.
fn status_class(status: &str) -> &'static str {
    let word = status.split([' ', '(']).next().unwrap_or_default();
    match word {
        "fail" => "fail",
        "warn" => "warn",
        "unknown" => "unknown",
        "pass" => "pass",
        "waived" => "waived",
        _ => "",
    }
}

fn start(out: &mut dyn io::Write, title: &str) -> io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>",
        escape(title),
        escape(title)
    )
}

fn end(out: &mut dyn io::Write) -> io::Result<()> {
    writeln!(out, "</body>\n</html>")
}

fn heading(out: &mut dyn io::Write, text: &str) -> io::Result<()> {
    writeln!(out, "<h2>{}</h2>", escape(text))
}

fn paragraph(out: &mut dyn io::Write, text: &str) -> io::Result<()> {
    writeln!(out, "<p>{}</p>", escape(text))
}

fn strong(out: &mut dyn io::Write, text: &str) -> io::Result<()> {
    writeln!(out, "<p><strong>{}</strong></p>", escape(text))
}

fn list<S: AsRef<str>>(out: &mut dyn io::Write, class: &str, items: &[S]) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(out, "<ul class=\"{class}\">")?;
    for item in items {
        writeln!(out, "<li>{}</li>", escape(item.as_ref()))?;
    }
    writeln!(out, "</ul>")
}

/// A table; cells of the columns in `status_columns` are coloured by the status they show.
fn table(
    out: &mut dyn io::Write,
    header: &[&str],
    rows: &[Vec<String>],
    status_columns: &[usize],
) -> io::Result<()> {
    writeln!(out, "<table>\n<thead><tr>")?;
    for title in header {
        write!(out, "<th>{}</th>", escape(&title.replace('\n', " ")))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for row in rows {
        write!(out, "<tr>")?;
        for (column, text) in row.iter().enumerate() {
            let class = if status_columns.contains(&column) {
                status_class(text)
            } else {
                ""
            };
            if class.is_empty() {
                write!(out, "<td>{}</td>", escape(text))?;
            } else {
                write!(out, "<td class=\"{class}\">{}</td>", escape(text))?;
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")
}

/// A result's evidence, folded: what was observed, where and when.
fn evidence(
    out: &mut dyn io::Write,
    report: &Report,
    result: &RuleResult,
    words: &Localizer,
) -> io::Result<()> {
    writeln!(
        out,
        "<details><summary>{} — {} (<span class=\"{}\">{}</span>)</summary>\n<ul>",
        escape(&asset_label(
            &result.asset,
            &result.symbol,
            result.korean_name.as_deref()
        )),
        escape(&result.rule),
        status_class(result.status.as_str()),
        result.status
    )?;
    let entries = evidence_entries(report, result, words);
    if entries.is_empty() {
        writeln!(out, "<li>no observation was available</li>")?;
    }
    for entry in entries {
        writeln!(
            out,
            "<li>{}: <strong>{}</strong> — {} <code>{}</code> at {}</li>",
            escape(&entry.what),
            escape(&entry.value),
            escape(entry.source),
            escape(entry.endpoint),
            entry.at
        )?;
    }
    writeln!(out, "</ul></details>")
}

impl Renderer for HtmlRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        start(
            out,
            &format!(
                "Listing check: {} {}",
                report.standard.id, report.standard.version
            ),
        )?;
        list(out, "inputs", &describe_inputs(report))?;
        strong(out, &describe_summary(&report.summary))?;
        heading(out, "Assets")?;
        let verdicts: Vec<Vec<String>> = listed_verdicts(report, self.options)
            .into_iter()
            .map(|v| {
                vec![
                    asset_label(&v.asset, &v.symbol, v.korean_name.as_deref()),
                    describe_verdict(Some(v.verdict), &v.deciding_rules),
                ]
            })
            .collect();
        if verdicts.is_empty() {
            paragraph(out, "Every asset passes.")?;
        } else {
            table(out, &["Asset", "Verdict"], &verdicts, &[1])?;
        }
        let listed = listed_results(report, self.options);
        heading(out, "Findings")?;
        if listed.is_empty() {
            paragraph(out, super::describe::describe_no_findings(report))?;
        } else {
            let rows: Vec<Vec<String>> = finding_rows(&listed)
                .iter()
                .map(|row| row.cells(", ", Localizer::of(self.options.lang)))
                .collect();
            table(out, &FINDINGS_HEADER, &rows, &[2])?;
            heading(out, "Evidence")?;
            for result in &listed {
                evidence(out, report, result, Localizer::of(self.options.lang))?;
            }
        }
        let notes = describe_waivers(report);
        if !notes.is_empty() {
            heading(out, "Waivers")?;
            list(out, "waivers", &notes)?;
        }
        end(out)
    }

    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()> {
        start(
            out,
            &format!(
                "Draft comparison: {} {} → {} {}",
                comparison.a.id, comparison.a.version, comparison.b.id, comparison.b.version
            ),
        )?;
        let mut inputs = comparison.describe_inputs();
        inputs.extend(
            comparison
                .metadata
                .iter()
                .map(|change| format!("Metadata: {}", change.describe())),
        );
        list(out, "inputs", &inputs)?;
        strong(out, &comparison.describe_summary())?;
        heading(out, "Rules, paired by id")?;
        table(out, &RULE_IMPACT_HEADER, &rule_impact_rows(comparison), &[])?;
        let rows = asset_impact_rows(comparison, self.options.all);
        if self.options.all {
            heading(out, "Every asset")?;
        } else {
            heading(out, "Assets whose verdict changes")?;
            paragraph(
                out,
                &format!(
                    "{} assets are unchanged; --all lists every asset.",
                    comparison.summary.unchanged
                ),
            )?;
        }
        if rows.is_empty() {
            paragraph(out, "None.")?;
        } else {
            table(out, &ASSET_IMPACT_HEADER, &rows, &[1, 2])?;
        }
        end(out)
    }

    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()> {
        start(
            out,
            &format!(
                "Standards diff: {} {} → {} {}",
                diff.a.id, diff.a.version, diff.b.id, diff.b.version
            ),
        )?;
        list(
            out,
            "inputs",
            &[diff.a.describe_as("A"), diff.b.describe_as("B")],
        )?;
        strong(out, &diff.counts.describe())?;
        let rows = standards_diff_rows(diff, self.options.all);
        if rows.is_empty() {
            paragraph(out, "The two standards define the same rules and metadata.")?;
        } else {
            table(out, &STANDARDS_DIFF_HEADER, &rows, &[])?;
        }
        let unchanged = unchanged_rules(diff);
        if !unchanged.is_empty() {
            paragraph(out, &format!("Unchanged: {unchanged}"))?;
        }
        if let Some(note) = reworded_note(diff, self.options.all) {
            paragraph(out, note)?;
        }
        end(out)
    }

    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()> {
        start(
            out,
            &format!("Threshold sweep: {} {}", sweep.rule, sweep.bound),
        )?;
        list(out, "inputs", &sweep_heading(sweep))?;
        let (header, rows) = sweep_rows(sweep);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        table(out, &header, &rows, &[])?;
        let changes = sweep_failing_changes(sweep);
        if !changes.is_empty() {
            heading(out, SWEEP_CHANGES_HEADING)?;
            list(out, "changes", &changes)?;
        }
        end(out)
    }

    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()> {
        start(out, "Changes since the last run")?;
        let mut inputs = diff.describe_inputs();
        inputs.extend(diff.notes.iter().map(|note| format!("Note: {note}")));
        list(out, "inputs", &inputs)?;
        strong(out, &diff.describe_summary())?;
        if diff.is_empty() {
            paragraph(out, "No changes between the two runs.")?;
        }
        for (title, changes) in run_diff_sections(diff) {
            if !changes.is_empty() {
                heading(out, &title)?;
                table(
                    out,
                    &CHANGE_HEADER,
                    &change_rows(changes, Localizer::of(self.options.lang)),
                    &[3, 4],
                )?;
            }
        }
        if !diff.moved.is_empty() {
            heading(out, &moved_heading(diff))?;
            table(out, &MOVED_HEADER, &moved_rows(diff), &[])?;
        }
        let mut lines = Vec::new();
        if !diff.listed.is_empty() {
            lines.push(format!("Listed since OLD: {}", asset_list(&diff.listed)));
        }
        if !diff.delisted.is_empty() {
            lines.push(format!(
                "Delisted since OLD: {}",
                asset_list(&diff.delisted)
            ));
        }
        if !diff.not_seen.is_empty() {
            lines.push(format!(
                "Not seen in NEW, whose market lists were not all read (not known to be delisted): {}",
                asset_list(&diff.not_seen)
            ));
        }
        lines.extend(
            describe_waiver_notes(&diff.waivers)
                .into_iter()
                .map(|line| format!("Waiver: {line}")),
        );
        list(out, "notes", &lines)?;
        end(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_a_source_cannot_open_an_element() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn a_waived_status_is_coloured_as_waived() {
        assert_eq!(status_class("waived (fail, until 2027-05-31)"), "waived");
        assert_eq!(status_class("fail"), "fail");
        assert_eq!(status_class("—"), "");
    }
}
