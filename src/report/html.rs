//! HTML: one self-contained page (inline style, no script, no external request), to attach to a
//! listing review or publish from a scheduled job. It holds what the Markdown format holds, with
//! each result's evidence folded under its finding.

use std::io;

use strum::IntoEnumIterator;

use super::describe::{
    describe_comparison_inputs, describe_comparison_summary, describe_inputs, describe_rule_counts,
    describe_run_diff_inputs, describe_run_diff_summary, describe_standard_side, describe_summary,
    describe_verdict, describe_waiver_notes, describe_waivers,
};
use super::rows::{
    ASSET_IMPACT_HEADER, CHANGE_HEADER, MOVED_HEADER, RULE_IMPACT_HEADER, STANDARDS_DIFF_HEADER,
    asset_impact_rows, asset_label, asset_list, change_rows, evidence_entries, finding_rows,
    findings_header, header, listed_results, listed_verdicts, moved_heading, moved_rows,
    reworded_note, rule_impact_rows, run_diff_sections, standards_diff_rows, sweep_failing_changes,
    sweep_heading, sweep_rows, unchanged_rules,
};
use super::{RenderOptions, Renderer};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::{Report, RuleResult, Verdict};
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
    fn line(&self, id: &str, name: &str, text: String) -> String {
        self.words()
            .text(&Message::new(id).with(name, Arg::Text(text)))
    }
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

/// The class that colours a status cell: the verdict whose name it starts with (`waived (fail,
/// …)` is `waived`), if any.
fn status_class(status: &str, words: &Localizer) -> &'static str {
    Verdict::iter()
        .find(|verdict| {
            let name = words.name(*verdict);
            status == name
                || status.starts_with(&format!("{name} "))
                || status.starts_with(&format!("{name}("))
        })
        .map_or("", Verdict::as_str)
}

fn start(out: &mut dyn io::Write, title: &str, words: &Localizer) -> io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>",
        words.lang(),
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
    header: &[String],
    rows: &[Vec<String>],
    status_columns: &[usize],
    words: &Localizer,
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
                status_class(text, words)
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
        result.status.as_str(),
        escape(&words.name(result.status))
    )?;
    let entries = evidence_entries(report, result, words);
    if entries.is_empty() {
        writeln!(out, "<li>{}</li>", escape(&words.word("no-observation")))?;
    }
    for entry in entries {
        writeln!(
            out,
            "<li>{}: <strong>{}</strong> — {} <code>{}</code> {}</li>",
            escape(&entry.what),
            escape(&entry.value),
            escape(entry.source),
            escape(entry.endpoint),
            escape(&entry.at)
        )?;
    }
    writeln!(out, "</ul></details>")
}

impl Renderer for HtmlRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        start(out, &super::describe::check_title(words, report), words)?;
        list(out, "inputs", &describe_inputs(words, report))?;
        strong(out, &describe_summary(words, &report.summary))?;
        heading(out, &words.word("heading-assets"))?;
        let verdicts: Vec<Vec<String>> = listed_verdicts(report, self.options)
            .into_iter()
            .map(|v| {
                vec![
                    asset_label(&v.asset, &v.symbol, v.korean_name.as_deref()),
                    describe_verdict(words, Some(v.verdict), &v.deciding_rules),
                ]
            })
            .collect();
        if verdicts.is_empty() {
            paragraph(out, &words.word("every-asset-passes"))?;
        } else {
            table(
                out,
                &header(words, &["col-asset", "col-verdict"]),
                &verdicts,
                &[1],
                words,
            )?;
        }
        let listed = listed_results(report, self.options);
        heading(out, &words.word("heading-findings"))?;
        if listed.is_empty() {
            paragraph(out, &super::describe::describe_no_findings(words, report))?;
        } else {
            let rows: Vec<Vec<String>> = finding_rows(&listed, words)
                .iter()
                .map(|row| row.cells(", ", words))
                .collect();
            table(out, &findings_header(words), &rows, &[2], words)?;
            heading(out, &words.word("heading-evidence"))?;
            for result in &listed {
                evidence(out, report, result, words)?;
            }
        }
        let notes = describe_waivers(words, report);
        if !notes.is_empty() {
            heading(out, &words.word("heading-waivers"))?;
            list(out, "waivers", &notes)?;
        }
        end(out)
    }

    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()> {
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
        end(out)
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
        end(out)
    }

    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        start(
            out,
            &super::describe::sweep_title(words, sweep).replace('`', ""),
            words,
        )?;
        list(out, "inputs", &sweep_heading(sweep, words))?;
        let (header, rows) = sweep_rows(sweep, words);
        table(out, &header, &rows, &[], words)?;
        let changes = sweep_failing_changes(sweep, words);
        if !changes.is_empty() {
            heading(out, &words.word("heading-sweep-changes"))?;
            list(out, "changes", &changes)?;
        }
        end(out)
    }

    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()> {
        let words = self.words();
        start(out, &words.word("title-run-diff"), words)?;
        let mut inputs = describe_run_diff_inputs(words, diff);
        inputs.extend(
            diff.notes
                .iter()
                .map(|note| self.line("note-line", "text", words.text(note))),
        );
        list(out, "inputs", &inputs)?;
        strong(out, &describe_run_diff_summary(words, diff))?;
        if diff.is_empty() {
            paragraph(out, &words.word("no-run-changes"))?;
        }
        for (title, changes) in run_diff_sections(diff, words) {
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
        lines.extend(
            describe_waiver_notes(words, &diff.waivers)
                .into_iter()
                .map(|line| self.line("waiver-line", "text", line)),
        );
        list(out, "notes", &lines)?;
        end(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;

    #[test]
    fn text_from_a_source_cannot_open_an_element() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn a_status_is_coloured_by_its_verdict_in_either_language() {
        let english = Localizer::of(Lang::En);
        assert_eq!(
            status_class("waived (fail, until 2027-05-31)", english),
            "waived"
        );
        assert_eq!(status_class("fail", english), "fail");
        assert_eq!(status_class("—", english), "");
        let korean = Localizer::of(Lang::Ko);
        assert_eq!(status_class("부적합", korean), "fail");
        assert_eq!(status_class("적합", korean), "pass");
        assert_eq!(status_class("판정 불가", korean), "unknown");
    }
}
