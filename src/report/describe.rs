//! The lines of text that several formats share: the header that says what was checked against
//! what, the summary, verdicts and waiver notes, in the reader's language.

use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::{RunDiff, RunRef};
use crate::analysis::standards_diff::RuleCounts;
use crate::analysis::sweep::Sweep;
use crate::eval::{Report, Summary, Verdict, WaiverNote, WaiverState};
use crate::inputs::standard::StandardRef;
use crate::locale::Localizer;
use crate::message::{Arg, Message};
use crate::metric::Limit;
use crate::snapshot::{SnapshotRef, SourceFailure};

/// A count of things with its noun: `1 asset`, `31 assets`, `자산 31개`. English needs the
/// singular apart, and Fluent is handed formatted figures, so the code picks the message.
pub fn count(words: &Localizer, count: usize, one: &'static str, many: &'static str) -> String {
    let id = if count == 1 { one } else { many };
    words.text(&Message::new(id).with("count", Arg::count(count)))
}

/// A standard's title in the reader's language, where the file gives one.
pub fn standard_title<'a>(words: &Localizer, standard: &'a StandardRef) -> &'a str {
    match (words.lang(), &standard.title_ko) {
        (crate::locale::Lang::Ko, Some(title)) => title,
        _ => &standard.title,
    }
}

/// `Snapshot: … taken 2026-11-20 00:00 UTC`, and whether it is sample data.
pub fn describe_snapshot(words: &Localizer, snapshot: &SnapshotRef) -> String {
    let id = if snapshot.sample {
        "inputs-snapshot-sample"
    } else {
        "inputs-snapshot"
    };
    words.text(
        &Message::new(id)
            .with("path", Arg::code(&snapshot.path))
            .with("taken", Arg::Time(snapshot.taken_at)),
    )
}

/// The one-paragraph header every human-readable format starts with: what was checked against
/// what, and whether the data is a sample or incomplete.
pub fn describe_inputs(words: &Localizer, report: &Report) -> Vec<String> {
    let standard = &report.standard;
    let snapshot = &report.snapshot;
    let mut lines = vec![
        words.text(
            &Message::new("inputs-standard")
                .with("id", Arg::code(&standard.id))
                .with("version", Arg::code(&standard.version))
                .with("status", Arg::text(words.name(standard.status)))
                .with("title", Arg::text(standard_title(words, standard))),
        ),
        describe_snapshot(words, snapshot),
        words.text(&Message::new("inputs-as-of").with("date", Arg::Date(report.as_of))),
    ];
    if let Some(note) = &snapshot.note {
        lines.insert(2, format!("          {note}"));
    }
    if !snapshot.complete && report.source_failures.is_empty() {
        lines.push(words.word("incomplete-unnamed"));
    }
    lines.extend(describe_failures(words, &report.source_failures));
    lines
}

/// `INCOMPLETE: 2 source(s) failed: …`, or nothing when every source answered.
pub fn describe_failures(words: &Localizer, failures: &[SourceFailure]) -> Option<String> {
    if failures.is_empty() {
        return None;
    }
    let failed: Vec<String> = failures
        .iter()
        .map(|f| format!("{} ({})", f.source, f.error))
        .collect();
    Some(
        words.text(
            &Message::new("incomplete-sources")
                .with("count", Arg::count(failed.len()))
                .with("failures", Arg::text(failed.join("; "))),
        ),
    )
}

/// The summary as one line: `31 assets, 310 results: 250 pass, 20 warn, …`.
pub fn describe_summary(words: &Localizer, summary: &Summary) -> String {
    let figure = |count: usize| Arg::count(count);
    words.text(
        &Message::new("check-summary")
            .with(
                "assets",
                Arg::text(count(words, summary.assets, "one-asset", "n-assets")),
            )
            .with(
                "results",
                Arg::text(count(words, summary.results, "one-result", "n-results")),
            )
            .with("pass", figure(summary.pass))
            .with("warn", figure(summary.warn))
            .with("fail", figure(summary.fail))
            .with("blocking", figure(summary.blocking))
            .with("unknown", figure(summary.unknown))
            .with("waived", figure(summary.waived)),
    )
}

/// What to say when no finding is listed: that everything passed, or, when no rule applied to
/// any asset, that nothing was checked at all (often a typo in `applies_to`).
pub fn describe_no_findings(words: &Localizer, report: &Report) -> String {
    words.word(if report.results.is_empty() {
        "nothing-checked"
    } else {
        "no-findings"
    })
}

/// An asset's verdict with the rules that decide it: `fail (CIRC-PLAN, GAP)`, `pass`, or
/// `not checked` when no rule applies.
pub fn describe_verdict(
    words: &Localizer,
    verdict: Option<Verdict>,
    deciding: &[String],
) -> String {
    match verdict {
        None => words.word("not-checked"),
        Some(verdict) if deciding.is_empty() => words.name(verdict),
        Some(verdict) => format!("{} ({})", words.name(verdict), deciding.join(", ")),
    }
}

/// Waiver notes worth a person's attention, one line each.
pub fn describe_waivers(words: &Localizer, report: &Report) -> Vec<String> {
    describe_waiver_notes(words, &report.waivers)
}

/// The lines of [`describe_waivers`] for any list of notes.
pub fn describe_waiver_notes(words: &Localizer, notes: &[WaiverNote]) -> Vec<String> {
    notes
        .iter()
        .filter_map(|note| {
            let id = match note.state {
                WaiverState::Applied if note.expiring_soon => "waiver-expiring",
                WaiverState::Applied => return None,
                WaiverState::Expired => "waiver-expired",
                WaiverState::NotNeeded => "waiver-not-needed",
                WaiverState::Unmatched => "waiver-unmatched",
            };
            Some(
                words.text(
                    &Message::new(id)
                        .with("asset", Arg::code(&note.asset))
                        .with("rule", Arg::code(&note.rule))
                        .with("expires", Arg::Date(note.expires))
                        .with("days", Arg::Count(note.days_left)),
                ),
            )
        })
        .collect()
}

/// `A: fss-listing 2026-draft-a (draft) — standards/…`: one side of a comparison.
pub fn describe_standard_side(words: &Localizer, label: &str, standard: &StandardRef) -> String {
    words.text(
        &Message::new("standard-side")
            .with("label", Arg::code(label))
            .with("id", Arg::code(&standard.id))
            .with("version", Arg::code(&standard.version))
            .with("status", Arg::text(words.name(standard.status)))
            .with("path", Arg::code(&standard.path)),
    )
}

/// The two standards and the snapshot of a comparison, one line each, as every human-readable
/// format opens.
pub fn describe_comparison_inputs(words: &Localizer, comparison: &Comparison) -> Vec<String> {
    let mut lines = vec![
        describe_standard_side(words, "A", &comparison.a),
        describe_standard_side(words, "B", &comparison.b),
        describe_snapshot(words, &comparison.snapshot),
        words.text(&Message::new("comparison-as-of").with("date", Arg::Date(comparison.as_of))),
    ];
    lines.extend(describe_failures(words, &comparison.source_failures));
    lines
}

/// A comparison's summary in one line: `30 assets: 5 failing under A, 7 under B; …`.
pub fn describe_comparison_summary(words: &Localizer, comparison: &Comparison) -> String {
    let s = &comparison.summary;
    words.text(
        &Message::new("comparison-summary")
            .with("assets", Arg::count(s.assets))
            .with("failing_a", Arg::count(s.failing_a))
            .with("failing_b", Arg::count(s.failing_b))
            .with("newly_failing", Arg::count(s.newly_failing))
            .with("newly_passing", Arg::count(s.newly_passing))
            .with("other", Arg::count(s.other_changes))
            .with("unchanged", Arg::count(s.unchanged)),
    )
}

/// `Rules: 1 added, 0 removed, 3 changed, 12 unchanged`.
pub fn describe_rule_counts(words: &Localizer, counts: &RuleCounts) -> String {
    words.text(
        &Message::new("rule-counts")
            .with("added", Arg::count(counts.added))
            .with("removed", Arg::count(counts.removed))
            .with("changed", Arg::count(counts.changed))
            .with("unchanged", Arg::count(counts.unchanged)),
    )
}

/// OLD and NEW of a run diff, one line each.
pub fn describe_run_diff_inputs(words: &Localizer, diff: &RunDiff) -> Vec<String> {
    let run = |label: &str, run: &RunRef| {
        words.text(
            &Message::new(if run.snapshot.sample {
                "run-side-sample"
            } else {
                "run-side"
            })
            .with("label", Arg::code(label))
            .with("id", Arg::code(&run.standard.id))
            .with("version", Arg::code(&run.standard.version))
            .with("path", Arg::code(&run.snapshot.path))
            .with("taken", Arg::Time(run.snapshot.taken_at))
            .with("date", Arg::Date(run.as_of)),
        )
    };
    vec![
        run(&words.word("run-label-old"), &diff.old),
        run(&words.word("run-label-new"), &diff.new),
    ]
}

/// A run diff's counts in one line.
pub fn describe_run_diff_summary(words: &Localizer, diff: &RunDiff) -> String {
    let s = &diff.summary;
    let summary = words.text(
        &Message::new("run-diff-summary")
            .with("new_failures", Arg::count(s.new_failures))
            .with("blocking", Arg::count(s.new_blocking_failures))
            .with("resolved", Arg::count(s.resolved))
            .with("new_unknowns", Arg::count(s.new_unknowns))
            .with("other", Arg::count(s.other_changes))
            .with("moved", Arg::count(s.moved))
            .with("listed", Arg::count(s.listed))
            .with("delisted", Arg::count(s.delisted))
            .with("waivers", Arg::count(s.waivers)),
    );
    if s.not_seen == 0 {
        return summary;
    }
    words.text(
        &Message::new("run-diff-summary-not-seen")
            .with("summary", Arg::text(summary))
            .with("count", Arg::count(s.not_seen)),
    )
}

/// Where each draft of a sweep sits: `A: fss-listing 2026-draft-a: max = 10.00 % → 3 of 31
/// assets fail`.
pub fn describe_sweep_drafts(words: &Localizer, sweep: &Sweep) -> Vec<String> {
    sweep
        .drafts
        .iter()
        .map(|draft| {
            let at = draft.value.map_or_else(
                || "—".to_owned(),
                |value| {
                    let fail = sweep
                        .steps
                        .iter()
                        .find(|s| s.drafts.contains(&draft.label))
                        .map_or(0, |s| s.fail);
                    words.text(
                        &Message::new("sweep-draft-at")
                            .with("bound", Arg::code(sweep.bound.to_string()))
                            .with(
                                "value",
                                Arg::text(words.limit(sweep.unit, &Limit::Number(value))),
                            )
                            .with("fail", Arg::count(fail))
                            .with("assets", Arg::count(sweep.assets)),
                    )
                },
            );
            let note = draft
                .note
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            format!(
                "{}: {} {}: {at}{note}",
                draft.label, draft.standard.id, draft.standard.version
            )
        })
        .collect()
}

/// `Listing check: daxa-best-practices 2025-06`.
pub fn check_title(words: &Localizer, report: &Report) -> String {
    words.text(
        &Message::new("title-check")
            .with("id", Arg::code(&report.standard.id))
            .with("version", Arg::code(&report.standard.version)),
    )
}

/// `Draft comparison: A → B`, `Standards diff: A → B`.
pub fn two_standards_title(
    words: &Localizer,
    id: &'static str,
    a: &StandardRef,
    b: &StandardRef,
) -> String {
    words.text(
        &Message::new(id)
            .with("a_id", Arg::code(&a.id))
            .with("a_version", Arg::code(&a.version))
            .with("b_id", Arg::code(&b.id))
            .with("b_version", Arg::code(&b.version)),
    )
}

/// `Threshold sweep: CIRC-PLAN max`.
pub fn sweep_title(words: &Localizer, sweep: &Sweep) -> String {
    words.text(
        &Message::new("title-sweep")
            .with("rule", Arg::code(&sweep.rule))
            .with("bound", Arg::code(sweep.bound.to_string())),
    )
}
