//! JUnit XML, for CI systems that show test results (GitLab, Jenkins, GitHub test reporters).
//!
//! A report is one `<testsuite>` per asset and one `<testcase>` per rule: a failure is a
//! `<failure>` carrying the value, threshold and detail; an unknown is `<skipped>` with the reason
//! the data is missing; warnings and waivers pass, with a note in `<system-out>`. A run diff is
//! one suite of new failures (blocking ones as `<failure>`), one of new unknowns (`<skipped>`)
//! and one of resolved failures. A source that failed is an `<error>` in a suite of its own, in
//! both: missing data is never a green build. Comparisons, standards diffs and sweeps are not test results,
//! so this format refuses them.

use std::fmt::Write as _;
use std::io;

use super::describe::describe_waiver_notes;
use super::rows::asset_label;
use super::{RenderOptions, Renderer};
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::rundiff::StatusChange;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::{Report, RuleResult, Verdict};
use crate::locale::Localizer;
use crate::message::{Arg, Message};
use crate::snapshot::SourceFailure;

pub struct JunitRenderer {
    pub options: RenderOptions,
}

/// Escapes text for an XML attribute or element. Characters XML 1.0 cannot carry at all (most
/// control characters) are dropped, and line breaks in attributes are kept as character
/// references so that parsers do not normalize them to spaces.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' => escaped.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A test case being written.
struct Case {
    name: String,
    classname: String,
    /// `<failure>`, `<skipped>` or nothing, already rendered.
    outcome: String,
    system_out: Option<String>,
}

impl Case {
    fn write(&self, xml: &mut String) {
        let _ = write!(
            xml,
            "    <testcase name=\"{}\" classname=\"{}\"",
            escape(&self.name),
            escape(&self.classname)
        );
        if self.outcome.is_empty() && self.system_out.is_none() {
            xml.push_str("/>\n");
            return;
        }
        xml.push_str(">\n");
        xml.push_str(&self.outcome);
        if let Some(text) = &self.system_out {
            let _ = writeln!(xml, "      <system-out>{}</system-out>", escape(text));
        }
        xml.push_str("    </testcase>\n");
    }
}

fn failure(message: &str, kind: &str, body: &str) -> String {
    format!(
        "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
        escape(message),
        escape(kind),
        escape(body)
    )
}

fn error(message: &str, kind: &str, body: &str) -> String {
    format!(
        "      <error message=\"{}\" type=\"{}\">{}</error>\n",
        escape(message),
        escape(kind),
        escape(body)
    )
}

/// The suite of the data's completeness: one `<error>` per source that failed (or one for a
/// snapshot marked incomplete without saying why), so that incomplete data never shows green.
fn sources_suite(complete: bool, failures: &[SourceFailure], words: &Localizer) -> Option<Suite> {
    let mut cases: Vec<Case> = failures
        .iter()
        .map(|failure| {
            let message = words.text(
                &Message::new("junit-source-failed")
                    .with("source", Arg::code(&failure.source))
                    .with("error", Arg::text(&failure.error)),
            );
            let assets = if failure.assets.is_empty() {
                words.word("not-known")
            } else {
                failure.assets.join(", ")
            };
            let body = words.text(
                &Message::new("junit-source-body")
                    .with("endpoint", Arg::code(&failure.endpoint))
                    .with("assets", Arg::text(assets)),
            );
            Case {
                name: failure.endpoint.clone(),
                classname: format!("source.{}", failure.source),
                outcome: error(&message, "source-failed", &body),
                system_out: None,
            }
        })
        .collect();
    if cases.is_empty() && !complete {
        cases.push(Case {
            name: "snapshot".to_owned(),
            classname: "source".to_owned(),
            outcome: error(
                &words.word("junit-incomplete"),
                "incomplete",
                &words.word("junit-incomplete-body"),
            ),
            system_out: None,
        });
    }
    (!cases.is_empty()).then(|| Suite {
        name: "sources".to_owned(),
        cases,
        system_out: None,
    })
}

fn skipped(message: &str) -> String {
    format!("      <skipped message=\"{}\"/>\n", escape(message))
}

/// A suite of cases, with its counts.
struct Suite {
    name: String,
    cases: Vec<Case>,
    system_out: Option<String>,
}

impl Suite {
    fn count(&self, tag: &str) -> usize {
        self.cases
            .iter()
            .filter(|c| c.outcome.trim_start().starts_with(tag))
            .count()
    }

    fn write(&self, xml: &mut String) {
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            escape(&self.name),
            self.cases.len(),
            self.count("<failure"),
            self.count("<error"),
            self.count("<skipped")
        );
        for case in &self.cases {
            case.write(xml);
        }
        if let Some(text) = &self.system_out {
            let _ = writeln!(xml, "    <system-out>{}</system-out>", escape(text));
        }
        xml.push_str("  </testsuite>\n");
    }
}

fn document(name: &str, suites: &[Suite], out: &mut dyn io::Write) -> io::Result<()> {
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(|s| s.count("<failure")).sum();
    let skipped: usize = suites.iter().map(|s| s.count("<skipped")).sum();
    let errors: usize = suites.iter().map(|s| s.count("<error")).sum();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">",
        escape(name)
    );
    for suite in suites {
        suite.write(&mut xml);
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
}

fn result_case(report: &Report, result: &RuleResult, words: &Localizer) -> Case {
    // Every text of a case names the value, the threshold and the finding.
    let case = |id: &'static str| {
        Message::new(id)
            .with("rule", Arg::code(result.rule.as_ref()))
            .with("severity", Arg::text(words.name(result.severity)))
            .with(
                "value",
                Arg::text(words.value_text(result.unit, result.value.as_ref())),
            )
            .with(
                "threshold",
                Arg::text(words.thresholds(&result.threshold.bounds, result.unit)),
            )
            .with("detail", Arg::text(words.text(&result.finding)))
    };
    let (outcome, system_out) = match result.status {
        // Only blocking failures fail the build, as only they set exit code 1.
        Verdict::Fail if !result.is_blocking() => (
            String::new(),
            Some(words.text(&case("junit-fail-not-blocking"))),
        ),
        Verdict::Fail => {
            let mut body = words.text(&case("junit-fail-body"));
            for evidence in report.evidence_of(result) {
                let request = report.request(evidence.req);
                let line = Message::new("junit-evidence")
                    .with("what", Arg::text(words.text(&evidence.what)))
                    .with("value", Arg::text(words.arg(&evidence.value)))
                    .with("source", Arg::code(&request.source))
                    .with("endpoint", Arg::code(&request.endpoint))
                    .with("time", super::rows::fetched_at(words, request));
                let _ = write!(body, "\n{}", words.text(&line));
            }
            let message = words.text(&case("junit-fail-message"));
            (failure(&message, result.severity.into(), &body), None)
        }
        Verdict::Unknown => (skipped(&words.text(&case("junit-unknown"))), None),
        Verdict::Warn => (String::new(), Some(words.text(&case("junit-warn")))),
        Verdict::Waived => (
            String::new(),
            result.waiver.as_ref().map(|waiver| {
                words.text(
                    &Message::new("junit-waived")
                        .with("would_be", Arg::text(words.name(waiver.would_be)))
                        .with("expires", Arg::Date(waiver.expires))
                        .with("granted_by", Arg::text(&waiver.granted_by))
                        .with("reason", Arg::text(&waiver.reason)),
                )
            }),
        ),
        Verdict::Pass => (String::new(), None),
    };
    Case {
        name: result.rule.to_string(),
        classname: result.asset.to_string(),
        outcome,
        system_out,
    }
}

fn change_case(change: &StatusChange, outcome: String, system_out: Option<String>) -> Case {
    Case {
        name: change.rule.clone(),
        classname: change.asset.clone(),
        outcome,
        system_out,
    }
}

fn unsupported(document: &str, use_instead: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        format!(
            "JUnit XML describes test results, which {document} is not; use --format {use_instead}"
        ),
    )
}

impl Renderer for JunitRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        let words = Localizer::of(self.options.lang);
        let suites: Vec<Suite> = report
            .results
            .chunk_by(|a, b| a.asset == b.asset)
            .map(|results| {
                let first = &results[0];
                Suite {
                    name: format!(
                        "{} ({})",
                        asset_label(&first.asset, &first.symbol, first.korean_name.as_deref()),
                        first.asset
                    ),
                    cases: results
                        .iter()
                        .map(|result| result_case(report, result, words))
                        .collect(),
                    system_out: None,
                }
            })
            .collect();
        // What a reader of the build log must know: sample or incomplete data, waiver notes.
        let mut notes = super::describe::describe_inputs(words, report);
        notes.extend(
            super::describe::describe_waivers(words, report)
                .into_iter()
                .map(|line| words.text(&Message::new("note-line").with("text", Arg::Text(line)))),
        );
        notes.push(super::describe::describe_summary(words, &report.summary));
        let mut suites = suites;
        suites.insert(
            0,
            Suite {
                name: "listingcheck: inputs and notes".to_owned(),
                cases: Vec::new(),
                system_out: Some(notes.join("\n")),
            },
        );
        if let Some(sources) =
            sources_suite(report.snapshot.complete, &report.source_failures, words)
        {
            suites.insert(1, sources);
        }
        document(
            &format!(
                "listingcheck {} {} on {}",
                report.standard.id, report.standard.version, report.snapshot.path
            ),
            &suites,
            out,
        )
    }

    fn comparison(&self, _: &Comparison, _: &mut dyn io::Write) -> io::Result<()> {
        Err(unsupported("a comparison", "table, json, markdown or csv"))
    }

    fn standards_diff(&self, _: &StandardsDiff, _: &mut dyn io::Write) -> io::Result<()> {
        Err(unsupported(
            "a standards diff",
            "table, json, markdown or csv",
        ))
    }

    fn sweep(&self, _: &Sweep, _: &mut dyn io::Write) -> io::Result<()> {
        Err(unsupported("a sweep", "csv or json to chart it, or table"))
    }

    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()> {
        let words = Localizer::of(self.options.lang);
        let new_failures = diff
            .new_failures
            .iter()
            .map(|change| {
                let case = |id: &'static str| {
                    Message::new(id)
                        .with("rule", Arg::code(&change.rule))
                        .with("severity", Arg::text(words.name(change.severity)))
                        .with(
                            "was",
                            Arg::text(if change.new_asset {
                                words.word("not-listed-before")
                            } else {
                                super::rows::side(change.from, words)
                            }),
                        )
                        .with(
                            "from",
                            Arg::text(words.value_text(change.unit, change.from_value.as_ref())),
                        )
                        .with(
                            "to",
                            Arg::text(words.value_text(change.unit, change.to_value.as_ref())),
                        )
                        .with("threshold", Arg::text(&change.threshold))
                        .with("detail", Arg::text(words.text(&change.finding)))
                };
                let body = words.text(&case("junit-change-body"));
                if change.blocking {
                    let message = words.text(&case("junit-new-blocking"));
                    change_case(change, failure(&message, "block", &body), None)
                } else {
                    let note = words.text(&case("junit-new-failure").with("body", Arg::Text(body)));
                    change_case(change, String::new(), Some(note))
                }
            })
            .collect();
        let new_unknowns = diff
            .new_unknowns
            .iter()
            .map(|change| {
                let message = words.text(
                    &Message::new("junit-data-gone")
                        .with(
                            "from",
                            Arg::text(words.value_text(change.unit, change.from_value.as_ref())),
                        )
                        .with("now", Arg::text(super::rows::side(change.to, words)))
                        .with("detail", Arg::text(words.text(&change.finding))),
                );
                change_case(change, skipped(&message), None)
            })
            .collect();
        let resolved = diff
            .resolved
            .iter()
            .map(|change| {
                let note = words.text(
                    &Message::new("junit-resolved")
                        .with("now", Arg::text(super::rows::side(change.to, words))),
                );
                change_case(change, String::new(), Some(note))
            })
            .collect();
        let mut summary = vec![super::describe::describe_run_diff_summary(words, diff)];
        summary.extend(diff.notes.iter().map(|note| words.text(note)));
        summary.extend(describe_waiver_notes(words, &diff.waivers));
        let mut suites = vec![
            Suite {
                name: "new failures".to_owned(),
                cases: new_failures,
                system_out: Some(summary.join("\n")),
            },
            Suite {
                name: "new unknowns".to_owned(),
                cases: new_unknowns,
                system_out: None,
            },
            Suite {
                name: "resolved failures".to_owned(),
                cases: resolved,
                system_out: None,
            },
        ];
        suites.extend(sources_suite(
            diff.new.snapshot.complete,
            &diff.source_failures,
            words,
        ));
        document(
            &format!(
                "listingcheck diff {} → {}",
                diff.old.snapshot.path, diff.new.snapshot.path
            ),
            &suites,
            out,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("a<b & \"c\" 'd'\u{1}\ne"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&#10;e"
        );
    }
}
