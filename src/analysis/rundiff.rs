//! The compliance diff between two runs: what changed since yesterday.
//!
//! [`diff`] takes two reports (OLD and NEW) and lists new failures, resolved failures, new
//! unknowns (data that was there and is gone is news, not silence), values that moved, assets
//! listed or delisted between the runs, and waivers that need attention. `listingcheck diff`
//! calls it on two JSON reports or two snapshots; `run` calls it on the previous report and the
//! one it just made.
//!
//! Each result is keyed by asset and rule, and lands in at most one list, in this order of
//! precedence: new failure, new unknown, resolved, other change.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use strum::IntoStaticStr;

use jiff::civil::Date;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::eval::{REPORT_SCHEMA, Report, RuleResult, Summary, Verdict, WaiverNote, WaiverState};
use crate::inputs::standard::Severity;
use crate::inputs::standard::StandardRef;
use crate::message::{Arg, Message};
use crate::metric::{Metric, Unit, Value};
use crate::snapshot::SnapshotFile;
use crate::snapshot::SnapshotRef;

/// The JSON layout of a run diff this version writes.
pub const RUN_DIFF_SCHEMA: u32 = 2;

/// The default of `--moved`: 5 percentage points for ratios, 5 % of the old value otherwise.
pub const DEFAULT_MOVED: f64 = 0.05;

/// What counts as news.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiffOptions {
    /// A ratio moved when it changed by more than this, in absolute terms (0.05 = 5 percentage
    /// points); any other number when it changed by more than this fraction of its old value
    /// (0.05 = 5 %). A yes/no value moved whenever it flipped.
    pub moved: f64,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            moved: DEFAULT_MOVED,
        }
    }
}

/// One run, as the diff names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRef {
    pub standard: StandardRef,
    pub snapshot: SnapshotRef,
    pub as_of: Date,
    pub summary: Summary,
}

impl RunRef {
    fn of(report: &Report) -> Self {
        RunRef {
            standard: report.standard.clone(),
            snapshot: report.snapshot.clone(),
            as_of: report.as_of,
            summary: report.summary.clone(),
        }
    }
}

/// One rule's result on one asset in OLD and in NEW.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub asset: String,
    pub symbol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
    pub rule: String,
    pub metric: Metric,
    /// The rule's severity in NEW (else OLD).
    pub severity: Severity,
    /// Absent when the rule did not apply to the asset in OLD (a new rule, or a new asset).
    pub from: Option<Verdict>,
    /// Absent when the rule no longer applies in NEW.
    pub to: Option<Verdict>,
    /// The value in OLD as people read it; `—` when missing.
    pub value_from: String,
    pub value_to: String,
    /// The unit of the values below.
    pub unit: Unit,
    /// The values themselves, exact, for machines; absent when missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_value: Option<Value>,
    /// The threshold in NEW (else OLD), as people read it.
    pub threshold: String,
    /// NEW's explanation (else OLD's): how the value was reached, or why it is missing.
    pub finding: Message,
    /// A failure of a `block` rule in NEW: it sets exit code 1.
    pub blocking: bool,
    /// The asset was not in OLD at all.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub new_asset: bool,
}

/// How a value's move is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize)]
#[derive(IntoStaticStr, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum MoveMeasure {
    /// Ratios: NEW − OLD, in ratio units (0.05 = 5 percentage points).
    Points,
    /// Other numbers: (NEW − OLD) / |OLD|.
    Relative,
    /// Yes/no values: they flipped.
    Flipped,
}

/// A value that moved by more than `--moved`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueMove {
    pub asset: String,
    pub symbol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
    pub rule: String,
    pub metric: Metric,
    pub unit: Unit,
    pub from: Value,
    pub to: Value,
    pub from_text: String,
    pub to_text: String,
    pub measure: MoveMeasure,
    /// Signed; infinite when a relative move starts from zero; 1 for a flipped yes/no.
    pub change: f64,
}

impl ValueMove {
    /// `+4.20 pp`, `+12.5 %`, `flipped`.
    pub fn describe_change(&self) -> String {
        match self.measure {
            MoveMeasure::Points => format!("{:+.2} pp", self.change * 100.0),
            MoveMeasure::Relative if self.change.is_infinite() => "from zero".to_owned(),
            MoveMeasure::Relative => format!("{:+.1} %", self.change * 100.0),
            MoveMeasure::Flipped => "flipped".to_owned(),
        }
    }
}

/// An asset that appears in only one of the two runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssetRef {
    pub asset: String,
    pub symbol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
    /// Its verdict in the run that has it.
    pub verdict: Verdict,
}

/// Counts of each list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSummary {
    pub new_failures: usize,
    /// New failures of `block` rules: when not zero, `diff` exits 1.
    pub new_blocking_failures: usize,
    pub resolved: usize,
    pub new_unknowns: usize,
    pub other_changes: usize,
    pub moved: usize,
    pub listed: usize,
    pub delisted: usize,
    pub waivers: usize,
    /// Assets of OLD absent from NEW while some market list was not read in NEW: not known to
    /// be delisted.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_seen: usize,
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if"
)]
fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// What changed between two runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunDiff {
    pub schema: u32,
    pub tool: String,
    pub old: RunRef,
    pub new: RunRef,
    /// The `--moved` threshold the diff applied.
    pub moved_threshold: f64,
    pub summary: DiffSummary,
    /// Failures in NEW that were not failures in OLD, including those of newly listed assets.
    pub new_failures: Vec<StatusChange>,
    /// Failures in OLD that are `pass`, `warn` or `waived` in NEW. A failure whose data is gone
    /// is not resolved: it is a new unknown. A delisted asset's failures are not listed here.
    pub resolved: Vec<StatusChange>,
    /// Results that had a value in OLD and have none in NEW: the data is gone.
    pub new_unknowns: Vec<StatusChange>,
    /// Any other change of status: `pass` ↔ `warn`, data that came back, a rule that started or
    /// stopped applying. A newly listed asset's results are not repeated here: `listed` has it.
    pub other_changes: Vec<StatusChange>,
    pub moved: Vec<ValueMove>,
    /// Assets checked in NEW but not in OLD.
    pub listed: Vec<AssetRef>,
    /// Assets checked in OLD but not in NEW, every market list having been read in NEW.
    pub delisted: Vec<AssetRef>,
    /// Assets checked in OLD but not in NEW when NEW did not read every market list: an unread
    /// list is no evidence of a delisting, so these are unknown, not delisted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_seen: Vec<AssetRef>,
    /// The exchanges whose market list NEW did not read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread_market_lists: Vec<crate::exchange::Exchange>,
    /// The sources that failed when NEW's snapshot was taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_failures: Vec<crate::snapshot::SourceFailure>,
    /// NEW's waivers that need attention: expired, expiring soon, not needed, or matching
    /// nothing.
    pub waivers: Vec<WaiverNote>,
    /// Things to know before trusting the diff, e.g. that the two runs applied different
    /// standards.
    pub notes: Vec<Message>,
}

impl RunDiff {
    /// Whether a new blocking failure should set exit code 1.
    pub fn has_new_blocking_failures(&self) -> bool {
        self.summary.new_blocking_failures > 0
    }

    /// Whether nothing at all changed.
    pub fn is_empty(&self) -> bool {
        self.summary == DiffSummary::default()
    }

    /// Whether NEW's data is incomplete (a source failed): missing data is never good news, so
    /// `diff` and `run` exit 3 on it when nothing blocks.
    pub fn is_incomplete(&self) -> bool {
        self.new.snapshot.is_incomplete(&self.source_failures)
    }
}

/// Diffs two reports.
pub fn diff(old: &Report, new: &Report, options: DiffOptions) -> RunDiff {
    let old_results = crate::eval::results_by_asset_and_rule(&old.results);
    let new_results = crate::eval::results_by_asset_and_rule(&new.results);
    let old_assets: HashSet<&str> = old.results.iter().map(|r| r.asset.as_ref()).collect();
    let new_assets: HashSet<&str> = new.results.iter().map(|r| r.asset.as_ref()).collect();

    let mut diff = RunDiff {
        schema: RUN_DIFF_SCHEMA,
        tool: crate::text::TOOL.to_owned(),
        old: RunRef::of(old),
        new: RunRef::of(new),
        moved_threshold: options.moved,
        summary: DiffSummary::default(),
        new_failures: Vec::new(),
        resolved: Vec::new(),
        new_unknowns: Vec::new(),
        other_changes: Vec::new(),
        moved: Vec::new(),
        listed: Vec::new(),
        delisted: Vec::new(),
        not_seen: Vec::new(),
        unread_market_lists: new.snapshot.unread_market_lists.clone(),
        source_failures: new.source_failures.clone(),
        waivers: Vec::new(),
        notes: notes(old, new),
    };

    // NEW's results in NEW's order, then what only OLD had for assets still checked.
    let pairs = new
        .results
        .iter()
        .map(|r| {
            (
                old_results
                    .get(&(r.asset.as_ref(), r.rule.as_ref()))
                    .copied(),
                Some(r),
            )
        })
        .chain(
            old.results
                .iter()
                .filter(|r| {
                    new_assets.contains(r.asset.as_ref())
                        && !new_results.contains_key(&(r.asset.as_ref(), r.rule.as_ref()))
                })
                .map(|r| (Some(r), None)),
        );
    for (before, after) in pairs {
        let new_asset = !old_assets.contains(after.or(before).map_or("", |r| r.asset.as_ref()));
        let change = status_change(before, after, new_asset);
        let (from, to) = (change.from, change.to);
        if to == Some(Verdict::Fail) && from != Some(Verdict::Fail) {
            diff.new_failures.push(change);
        } else if new_asset {
            // A newly listed asset's other results are in `listed`, under its verdict.
        } else if before.is_some_and(|r| r.value.is_some())
            && after.is_some_and(|r| r.value.is_none())
        {
            diff.new_unknowns.push(change);
        } else if from == Some(Verdict::Fail)
            && matches!(to, Some(Verdict::Pass | Verdict::Warn | Verdict::Waived))
        {
            diff.resolved.push(change);
        } else if from != to {
            diff.other_changes.push(change);
        }
        if let (Some(before), Some(after)) = (before, after)
            && let Some(moved) = value_move(before, after, options.moved)
        {
            diff.moved.push(moved);
        }
    }

    (diff.listed, diff.delisted) = listings(old, new);
    if !diff.unread_market_lists.is_empty() {
        diff.not_seen = std::mem::take(&mut diff.delisted);
    }
    if !diff.unread_market_lists.is_empty() {
        diff.notes.push(
            Message::new("note-unread-market-lists")
                .with(
                    "exchanges",
                    Arg::exchanges(diff.unread_market_lists.clone()),
                )
                .with("count", Arg::count(diff.not_seen.len())),
        );
    }
    diff.waivers = new
        .waivers
        .iter()
        .filter(|note| note.state != WaiverState::Applied || note.expiring_soon)
        .cloned()
        .collect();

    diff.summary = DiffSummary {
        new_failures: diff.new_failures.len(),
        new_blocking_failures: diff.new_failures.iter().filter(|c| c.blocking).count(),
        resolved: diff.resolved.len(),
        new_unknowns: diff.new_unknowns.len(),
        other_changes: diff.other_changes.len(),
        moved: diff.moved.len(),
        listed: diff.listed.len(),
        delisted: diff.delisted.len(),
        waivers: diff.waivers.len(),
        not_seen: diff.not_seen.len(),
    };
    diff
}

/// Assets checked in NEW but not OLD (listed), and in OLD but not NEW (delisted).
fn listings(old: &Report, new: &Report) -> (Vec<AssetRef>, Vec<AssetRef>) {
    let only = |report: &Report, other: &Report| -> Vec<AssetRef> {
        let present: HashSet<&str> = other.results.iter().map(|r| r.asset.as_ref()).collect();
        report
            .asset_verdicts()
            .into_iter()
            .filter(|v| !present.contains(v.asset.as_str()))
            .map(|v| AssetRef {
                asset: v.asset,
                symbol: v.symbol,
                korean_name: v.korean_name,
                verdict: v.verdict,
            })
            .collect()
    };
    (only(new, old), only(old, new))
}

fn status_change(
    before: Option<&RuleResult>,
    after: Option<&RuleResult>,
    new_asset: bool,
) -> StatusChange {
    let current = after.or(before).expect("a pair has at least one side");
    let value = |r: Option<&RuleResult>| r.map_or_else(|| "—".to_owned(), RuleResult::value_text);
    StatusChange {
        asset: current.asset.to_string(),
        symbol: current.symbol.to_string(),
        korean_name: current.korean_name.as_deref().map(str::to_owned),
        rule: current.rule.to_string(),
        metric: current.metric,
        severity: current.severity,
        from: before.map(|r| r.status),
        to: after.map(|r| r.status),
        value_from: value(before),
        value_to: value(after),
        unit: current.unit,
        from_value: before.and_then(|r| r.value.clone()),
        to_value: after.and_then(|r| r.value.clone()),
        threshold: current.threshold.text.clone(),
        finding: current.finding.clone(),
        blocking: after.is_some_and(RuleResult::is_blocking),
        new_asset,
    }
}

/// The move of a value between two results, if it exceeds the threshold.
fn value_move(before: &RuleResult, after: &RuleResult, threshold: f64) -> Option<ValueMove> {
    let (from, to) = (before.value.as_ref()?, after.value.as_ref()?);
    let relative = |old: f64, new: f64| {
        if old == 0.0 {
            if new == 0.0 {
                0.0
            } else {
                f64::INFINITY.copysign(new)
            }
        } else {
            (new - old) / old.abs()
        }
    };
    let (measure, change) = match (from, to) {
        (Value::Bool(a), Value::Bool(b)) => (MoveMeasure::Flipped, if a == b { 0.0 } else { 1.0 }),
        (Value::Number(a), Value::Number(b)) if after.unit == Unit::Ratio => {
            (MoveMeasure::Points, b - a)
        }
        (Value::Number(a), Value::Number(b)) => (MoveMeasure::Relative, relative(*a, *b)),
        (Value::Tokens(a), Value::Tokens(b)) => {
            let (difference, negative) = b.abs_diff(*a)?;
            let size = if a.is_zero() {
                if difference.is_zero() {
                    0.0
                } else {
                    f64::INFINITY
                }
            } else {
                difference.ratio_to(*a)?
            };
            (MoveMeasure::Relative, if negative { -size } else { size })
        }
        _ => return None,
    };
    let moved = match measure {
        MoveMeasure::Flipped => change != 0.0,
        _ => change.abs() > threshold,
    };
    moved.then(|| ValueMove {
        asset: after.asset.to_string(),
        symbol: after.symbol.to_string(),
        korean_name: after.korean_name.as_deref().map(str::to_owned),
        rule: after.rule.to_string(),
        metric: after.metric,
        unit: after.unit,
        from: from.clone(),
        to: to.clone(),
        from_text: before.value_text(),
        to_text: after.value_text(),
        measure,
        change,
    })
}

fn notes(old: &Report, new: &Report) -> Vec<Message> {
    let mut notes = Vec::new();
    if old.standard.sha256 != new.standard.sha256 {
        notes.push(
            Message::new("note-standards-differ")
                .with("old_id", Arg::code(&old.standard.id))
                .with("old_version", Arg::code(&old.standard.version))
                .with("new_id", Arg::code(&new.standard.id))
                .with("new_version", Arg::code(&new.standard.version)),
        );
    }
    if new.snapshot.taken_at < old.snapshot.taken_at {
        notes.push(
            Message::new("note-new-before-old")
                .with("new", Arg::code(new.snapshot.taken_at.to_string()))
                .with("old", Arg::code(old.snapshot.taken_at.to_string())),
        );
    }
    for failure in &new.source_failures {
        notes.push(
            Message::new("note-source-failed")
                .with("source", Arg::code(&failure.source))
                .with("error", Arg::text(&failure.error)),
        );
    }
    notes
}

/// A file `diff` was given: a JSON report or a snapshot, told apart by content.
#[derive(Debug)]
pub enum RunInput {
    Report(Box<Report>),
    Snapshot(Box<SnapshotFile>),
}

/// Why a `diff` input could not be read. Each is bad input (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum RunInputError {
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is neither a JSON report (`check --format json`) nor a snapshot: {reason}")]
    Unrecognized { path: PathBuf, reason: String },
    #[error(
        "{path} is a report of schema {found}, but this listingcheck reads schemas 1 to {REPORT_SCHEMA}; check the snapshot again with this version"
    )]
    ReportSchema { path: PathBuf, found: u32 },
    #[error("report {path} is corrupt: {message}. Write it again with `check --format json`")]
    CorruptReport { path: PathBuf, message: String },
    #[error(transparent)]
    Snapshot(#[from] crate::snapshot::SnapshotError),
}

/// The top-level keys that tell a report from a snapshot, read without building either.
#[derive(Deserialize)]
struct Probe {
    schema: Option<u32>,
    results: Option<IgnoredAny>,
    snapshot: Option<IgnoredAny>,
}

/// Reads a report or a snapshot, whichever the file holds.
pub fn read_input(path: &Path) -> Result<RunInput, RunInputError> {
    let text = std::fs::read_to_string(path).map_err(|source| RunInputError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    let unrecognized = |reason: String| RunInputError::Unrecognized {
        path: path.to_owned(),
        reason,
    };
    let probe: Probe = serde_json::from_str(&text).map_err(|e| unrecognized(e.to_string()))?;
    match (probe.results, probe.snapshot) {
        (Some(_), _) => {
            let corrupt = |message: String| RunInputError::CorruptReport {
                path: path.to_owned(),
                message,
            };
            let report: Report = match probe.schema.unwrap_or(0) {
                // Schema 2 wrote each result's rule and asset fields inline; the reader takes both.
                2 | REPORT_SCHEMA => {
                    serde_json::from_str(&text).map_err(|error| corrupt(error.to_string()))?
                }
                // The previous version's reports stay comparable: their sentences kept verbatim.
                1 => serde_json::from_str(&text)
                    .map_err(|error| error.to_string())
                    .and_then(crate::eval::upgrade::from_schema_1)
                    .map_err(corrupt)?,
                found => {
                    return Err(RunInputError::ReportSchema {
                        path: path.to_owned(),
                        found,
                    });
                }
            };
            Ok(RunInput::Report(Box::new(report)))
        }
        (None, Some(_)) => {
            drop(text);
            Ok(RunInput::Snapshot(Box::new(crate::snapshot::read(path)?)))
        }
        (None, None) => Err(unrecognized(
            "it has neither `results` (a report) nor `snapshot` (a snapshot file)".to_owned(),
        )),
    }
}
