//! The lines of text that several formats share: the header that says what was checked against
//! what, the summary, verdicts and waiver notes.

use crate::eval::{Report, Summary, Verdict, WaiverNote, WaiverState};
use crate::snapshot::SourceFailure;
use crate::text::plural;

/// The one-paragraph header every human-readable format starts with: what was checked against
/// what, and whether the data is a sample or incomplete.
pub fn describe_inputs(report: &Report) -> Vec<String> {
    let standard = &report.standard;
    let snapshot = &report.snapshot;
    let mut lines = vec![
        format!(
            "Standard: {} {} ({}) — {}",
            standard.id, standard.version, standard.status, standard.title
        ),
        snapshot.describe(),
        format!("As of:    {} (Korean date)", report.as_of),
    ];
    if let Some(note) = &snapshot.note {
        lines.insert(2, format!("          {note}"));
    }
    if !snapshot.complete && report.source_failures.is_empty() {
        lines.push("INCOMPLETE: the snapshot says so, without naming a failed source".to_owned());
    }
    lines.extend(describe_failures(&report.source_failures));
    lines
}

/// `INCOMPLETE: 2 source(s) failed: …`, or nothing when every source answered.
pub fn describe_failures(failures: &[SourceFailure]) -> Option<String> {
    if failures.is_empty() {
        return None;
    }
    let failed: Vec<String> = failures
        .iter()
        .map(|f| format!("{} ({})", f.source, f.error))
        .collect();
    Some(format!(
        "INCOMPLETE: {} source(s) failed: {}",
        failed.len(),
        failed.join("; ")
    ))
}

/// The summary as one line: `31 assets, 310 results: 250 pass, 20 warn, …`.
pub fn describe_summary(summary: &Summary) -> String {
    format!(
        "{}, {}: {} pass, {} warn, {} fail ({} blocking), {} unknown, {} waived",
        plural(summary.assets, "asset"),
        plural(summary.results, "result"),
        summary.pass,
        summary.warn,
        summary.fail,
        summary.blocking,
        summary.unknown,
        summary.waived
    )
}

/// What to say when no finding is listed: that everything passed, or, when no rule applied to
/// any asset, that nothing was checked at all (often a typo in `applies_to`).
pub fn describe_no_findings(report: &Report) -> &'static str {
    if report.results.is_empty() {
        "No rule applied to any asset, so nothing was checked: look at the rules' `applies_to`."
    } else {
        "No findings: every result passes."
    }
}

/// An asset's verdict with the rules that decide it: `fail (CIRC-PLAN, GAP)`, `pass`, or
/// `not checked` when no rule applies.
pub fn describe_verdict(verdict: Option<Verdict>, deciding: &[String]) -> String {
    match verdict {
        None => "not checked".to_owned(),
        Some(verdict) if deciding.is_empty() => verdict.to_string(),
        Some(verdict) => format!("{verdict} ({})", deciding.join(", ")),
    }
}

/// Waiver notes worth a person's attention, one line each.
pub fn describe_waivers(report: &Report) -> Vec<String> {
    describe_waiver_notes(&report.waivers)
}

/// The lines of [`describe_waivers`] for any list of notes.
pub fn describe_waiver_notes(notes: &[WaiverNote]) -> Vec<String> {
    notes
        .iter()
        .filter_map(|note| {
            let what = format!("waiver {} / {}", note.asset, note.rule);
            match note.state {
                WaiverState::Applied if note.expiring_soon => Some(format!(
                    "{what} expires on {} ({} days left)",
                    note.expires, note.days_left
                )),
                WaiverState::Applied => None,
                WaiverState::Expired => Some(format!(
                    "{what} expired on {}; the result stands",
                    note.expires
                )),
                WaiverState::NotNeeded => {
                    Some(format!("{what} is not needed: the result is not a failure"))
                }
                WaiverState::Unmatched => Some(format!(
                    "{what} matched nothing in this check (typo, or the asset or rule is gone)"
                )),
            }
        })
        .collect()
}
