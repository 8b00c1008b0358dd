//! Reports and their rendering.
//!
//! A [`Report`] is what evaluation produces: one result per asset and applicable rule, each with
//! its value, threshold and evidence. It serializes as the versioned JSON report, which `diff`
//! reads back. Rendering is separate from evaluation (ripgrep's searcher/printer split): one file
//! per output format, each implementing [`Renderer`].

mod csv;
mod html;
mod json;
mod junit;
mod markdown;
mod table;

use std::io;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::compare::Comparison;
use crate::metric::{Evidence, Limit, Metric, Unit, Value};
use crate::rundiff::RunDiff;
use crate::snapshot::SourceFailure;
use crate::standard::diff::StandardsDiff;
use crate::standard::{Rule, Severity, Status};
use crate::sweep::Sweep;

/// The JSON report format this version writes.
pub const REPORT_SCHEMA: u32 = 1;

/// The outcome of checking one standard against one snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: u32,
    /// The tool that wrote the report, e.g. `listingcheck 0.1.0`.
    pub tool: String,
    pub standard: StandardRef,
    pub snapshot: SnapshotRef,
    /// The Korean calendar date the rules were applied for.
    pub as_of: Date,
    pub summary: Summary,
    pub results: Vec<RuleResult>,
    /// What became of each waiver: applied, expired, not needed or unmatched.
    pub waivers: Vec<WaiverNote>,
    /// Sources that failed when the snapshot was taken: results that depend on them are unknown.
    pub source_failures: Vec<SourceFailure>,
}

/// Which standard was applied, exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardRef {
    pub id: String,
    pub version: String,
    pub title: String,
    pub status: Status,
    pub path: String,
    pub sha256: String,
}

impl StandardRef {
    /// `A: fss-listing 2026-draft-a (draft) — standards/…`: one side of a comparison.
    pub fn describe_as(&self, label: &str) -> String {
        format!(
            "{label}: {} {} ({}) — {}",
            self.id, self.version, self.status, self.path
        )
    }
}

impl From<&crate::standard::LoadedStandard> for StandardRef {
    fn from(loaded: &crate::standard::LoadedStandard) -> Self {
        let meta = &loaded.standard.meta;
        StandardRef {
            id: meta.id.clone(),
            version: meta.version.clone(),
            title: meta.title.clone(),
            status: meta.status,
            path: crate::display_path(&loaded.path),
            sha256: loaded.sha256.clone(),
        }
    }
}

impl Report {
    /// Whether the snapshot behind the report misses data: `check` exits 3 on it.
    pub fn is_incomplete(&self) -> bool {
        self.snapshot.is_incomplete(&self.source_failures)
    }
}

impl From<&crate::snapshot::SnapshotFile> for SnapshotRef {
    fn from(file: &crate::snapshot::SnapshotFile) -> Self {
        SnapshotRef {
            path: crate::display_path(&file.path),
            taken_at: file.snapshot.taken_at,
            sha256: file.sha256.clone(),
            sample: file.snapshot.sample,
            complete: file.snapshot.complete,
            note: file.snapshot.note.clone(),
            unread_market_lists: crate::exchange::Exchange::ALL
                .into_iter()
                .filter(|exchange| file.snapshot.market_list(*exchange).is_none())
                .collect(),
        }
    }
}

/// Which snapshot was read, exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRef {
    pub path: String,
    pub taken_at: Timestamp,
    pub sha256: String,
    pub sample: bool,
    pub complete: bool,
    /// The snapshot's own note, e.g. where sample figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The won-market exchanges whose market list the snapshot did not read: an asset absent
    /// from the snapshot may still be listed there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread_market_lists: Vec<crate::exchange::Exchange>,
}

impl SnapshotRef {
    /// Whether the data behind the report is incomplete: a source failed, or the snapshot says
    /// so. Missing data is never good news: commands exit 3 on it.
    pub fn is_incomplete(&self, failures: &[SourceFailure]) -> bool {
        !self.complete || !failures.is_empty()
    }

    /// `Snapshot: PATH taken 2026-11-20 00:00 UTC`, flagged when it is sample data.
    pub fn describe(&self) -> String {
        format!(
            "Snapshot: {} taken {}{}",
            self.path,
            self.taken_at.strftime("%Y-%m-%d %H:%M UTC"),
            if self.sample {
                " — SAMPLE DATA, not a real fetch"
            } else {
                ""
            }
        )
    }
}

/// Counts of results by verdict.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub assets: usize,
    pub results: usize,
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    pub unknown: usize,
    pub waived: usize,
    /// Failures of `severity = "block"` rules: these set exit code 1.
    pub blocking: usize,
}

/// The verdict of one rule on one asset.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
    Unknown,
    Waived,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One rule applied to one asset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleResult {
    pub asset: String,
    pub symbol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
    pub rule: String,
    pub metric: Metric,
    pub unit: Unit,
    pub status: Verdict,
    pub severity: Severity,
    /// The measured value; absent when the data is missing.
    pub value: Option<Value>,
    /// Shared by every result of the rule.
    pub threshold: Arc<Threshold>,
    /// How the value was reached, or why it could not be.
    pub detail: String,
    pub evidence: Vec<Evidence>,
    /// Set when a waiver turned a failure or warning into `waived`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<AppliedWaiver>,
}

impl RuleResult {
    /// A failure that blocks listing: a `fail` of a `block` rule.
    pub fn is_blocking(&self) -> bool {
        self.status == Verdict::Fail && self.severity == Severity::Block
    }

    /// The value as people read it, or `—` when missing.
    pub fn value_text(&self) -> String {
        self.value
            .as_ref()
            .map_or_else(|| "—".to_owned(), |value| self.unit.format(value))
    }
}

/// A rule's thresholds, as the JSON report shows them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Limit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Limit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn_min: Option<Limit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn_max: Option<Limit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require: Option<bool>,
    /// The same thresholds as people read them.
    pub text: String,
}

impl From<&Rule> for Threshold {
    fn from(rule: &Rule) -> Self {
        Threshold {
            min: rule.min.clone(),
            max: rule.max.clone(),
            warn_min: rule.warn_min.clone(),
            warn_max: rule.warn_max.clone(),
            require: rule.require,
            text: rule.describe_threshold(),
        }
    }
}

/// The waiver behind a `waived` result, and what the result would otherwise be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedWaiver {
    pub would_be: Verdict,
    pub reason: String,
    pub granted_by: String,
    pub expires: Date,
}

/// What became of one waiver in this check.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum WaiverState {
    /// It turned a failure or warning into `waived`.
    Applied,
    /// It matched a failure or warning but has expired, so the result stands.
    Expired,
    /// It matched a result that passed or is unknown: nothing to waive.
    NotNeeded,
    /// No result has its asset and rule: a typo, or the asset or rule is gone.
    Unmatched,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaiverNote {
    pub asset: String,
    pub rule: String,
    pub state: WaiverState,
    pub expires: Date,
    /// Days from the as-of date to expiry; negative once expired.
    pub days_left: i64,
    /// Within the expiring-soon window, while still applying.
    pub expiring_soon: bool,
    pub reason: String,
    pub granted_by: String,
}

/// The verdict on one asset as a whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetVerdict {
    pub asset: String,
    pub symbol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
    pub verdict: Verdict,
    /// The rules that decide the verdict: the blocking failures, else the unknowns, else the
    /// warnings.
    pub deciding_rules: Vec<String>,
}

impl Report {
    /// Whether a blocking failure should set exit code 1.
    pub fn has_blocking_failures(&self) -> bool {
        self.summary.blocking > 0
    }

    /// One verdict per asset, in report order: `fail` on any blocking failure, else `unknown`
    /// on any unknown result of a blocking rule, else `warn` on any warning or non-blocking
    /// failure, else `waived` if anything was waived, else `pass`.
    pub fn asset_verdicts(&self) -> Vec<AssetVerdict> {
        // Evaluation emits each asset's results together, so grouping neighbours is enough.
        self.results
            .chunk_by(|a, b| a.asset == b.asset)
            .map(|results| {
                let pick = |test: fn(&RuleResult) -> bool| {
                    results
                        .iter()
                        .filter(|r| test(r))
                        .map(|r| r.rule.clone())
                        .collect::<Vec<_>>()
                };
                let tiers = [
                    (Verdict::Fail, pick(RuleResult::is_blocking)),
                    (
                        Verdict::Unknown,
                        pick(|r| r.status == Verdict::Unknown && r.severity == Severity::Block),
                    ),
                    (
                        Verdict::Warn,
                        pick(|r| r.status == Verdict::Warn || r.status == Verdict::Fail),
                    ),
                    (Verdict::Waived, pick(|r| r.status == Verdict::Waived)),
                ];
                let (verdict, deciding_rules) = tiers
                    .into_iter()
                    .find(|(_, rules)| !rules.is_empty())
                    .unwrap_or((Verdict::Pass, Vec::new()));
                let first = &results[0];
                AssetVerdict {
                    asset: first.asset.clone(),
                    symbol: first.symbol.clone(),
                    korean_name: first.korean_name.clone(),
                    verdict,
                    deciding_rules,
                }
            })
            .collect()
    }
}

/// An output format. Adding one touches its own file and this enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, strum::Display)]
#[strum(serialize_all = "lowercase")]
pub enum Format {
    /// Aligned tables for people (the default on a terminal).
    Table,
    /// The versioned JSON report, for machines.
    Json,
    /// Markdown, ready to post.
    Markdown,
    /// One row per result, passing ones too, for spreadsheets (notes and waiver states are in the
    /// other formats).
    Csv,
    /// JUnit XML, for CI systems: one test suite per asset, one test case per rule.
    Junit,
    /// One self-contained HTML page (no script, no external request), with the evidence folded
    /// under each finding.
    Html,
}

/// Options that change what a renderer shows, never what was evaluated.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// Show passing results too, not only the findings.
    pub all: bool,
}

/// Writes each document listingcheck produces in one output format. A format that cannot
/// express a document returns an `Unsupported` error that says which formats can.
pub trait Renderer {
    /// `check`: one standard on one snapshot.
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()>;
    /// `compare`: standard B against standard A on one snapshot.
    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()>;
    /// `standards diff`: two standards, rule by rule, without data.
    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()>;
    /// `standards sweep`: failures of one rule along a range of one threshold.
    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()>;
    /// `diff`: what changed between two runs.
    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()>;
}

impl Format {
    pub fn renderer(self, options: RenderOptions) -> Box<dyn Renderer> {
        match self {
            Format::Table => Box::new(table::TableRenderer { options }),
            Format::Json => Box::new(json::JsonRenderer),
            Format::Markdown => Box::new(markdown::MarkdownRenderer { options }),
            Format::Csv => Box::new(csv::CsvRenderer),
            Format::Junit => Box::new(junit::JunitRenderer),
            Format::Html => Box::new(html::HtmlRenderer { options }),
        }
    }
}

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

/// The results by asset and rule (a standard's rule ids and a snapshot's asset ids are unique,
/// so each pair names one result).
pub fn results_by_asset_and_rule(
    results: &[RuleResult],
) -> std::collections::HashMap<(&str, &str), &RuleResult> {
    results
        .iter()
        .map(|r| ((r.asset.as_str(), r.rule.as_str()), r))
        .collect()
}

/// `1 asset`, `2 assets`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
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
