//! The outcome of an evaluation: one result per asset and applicable rule, each with its value,
//! threshold and evidence, and the verdict per asset.
//!
//! A [`Report`] serializes as the versioned JSON report, which `diff` reads back; the renderers in
//! `report/` turn it into every other format.

use std::sync::Arc;
use strum::{EnumIter, IntoStaticStr};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::inputs::standard::{Severity, StandardRef, Standing, Threshold};
use crate::message::Message;
use crate::metric::{Evidence, Metric, Unit, Value};
use crate::snapshot::{Request, SnapshotRef, SourceFailure};

/// The JSON report format this version writes.
pub const REPORT_SCHEMA: u32 = 3;

/// The outcome of checking one standard against one snapshot. Its JSON is laid out by
/// [`super::document`].
#[derive(Clone, Debug, PartialEq)]
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
    /// The observations the results cite, each once (a result's `evidence` holds
    /// indexes into this): the rules of one asset mostly cite the same supply figures.
    pub evidence: Vec<Evidence>,
    /// The requests the evidence cites (`req` is an index into this), each once.
    pub requests: Vec<Arc<Request>>,
    /// What became of each waiver: applied, expired, not needed or unmatched.
    pub waivers: Vec<WaiverNote>,
    /// Sources that failed when the snapshot was taken: results that depend on them are unknown.
    pub source_failures: Vec<SourceFailure>,
}

/// Counts of results by verdict.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(IntoStaticStr, EnumIter, strum::Display)]
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

impl From<Standing> for Verdict {
    fn from(standing: Standing) -> Self {
        match standing {
            Standing::Pass => Verdict::Pass,
            Standing::Warn => Verdict::Warn,
            Standing::Fail => Verdict::Fail,
        }
    }
}

/// One rule applied to one asset. Its JSON is the report's `results` entry, laid out by
/// [`super::document`] with the rule's and the asset's shared fields apart.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleResult {
    /// The asset's id, symbol and Korean name and the rule's id are shared by every result that
    /// names them (a large check holds hundreds of thousands of results).
    pub asset: Arc<str>,
    pub symbol: Arc<str>,
    pub korean_name: Option<Arc<str>>,
    pub rule: Arc<str>,
    pub metric: Metric,
    pub unit: Unit,
    pub status: Verdict,
    pub severity: Severity,
    /// The measured value; absent when the data is missing.
    pub value: Option<Value>,
    /// Shared by every result of the rule.
    pub threshold: Arc<Threshold>,
    /// How the value was reached, or why it could not be.
    pub finding: Message,
    /// The observations behind the result, as indexes into the report's `evidence`.
    pub evidence: Vec<u32>,
    /// Set when a waiver turned a failure or warning into `waived`.
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

/// The waiver behind a `waived` result, and what the result would otherwise be.
#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct AppliedWaiver {
    pub would_be: Verdict,
    pub reason: String,
    pub granted_by: String,
    #[schemars(with = "crate::kst::CalendarDate")]
    pub expires: Date,
}

/// What became of one waiver in this check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(IntoStaticStr, strum::Display)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct WaiverNote {
    pub asset: String,
    pub rule: String,
    pub state: WaiverState,
    #[schemars(with = "crate::kst::CalendarDate")]
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
    /// Whether the snapshot behind the report misses data: `check` exits 3 on it.
    pub fn is_incomplete(&self) -> bool {
        self.snapshot.is_incomplete(&self.source_failures)
    }

    /// The observations behind `result`, in the order evaluation cited them.
    pub fn evidence_of<'a>(&'a self, result: &'a RuleResult) -> impl Iterator<Item = &'a Evidence> {
        result
            .evidence
            .iter()
            .map(|at| &self.evidence[*at as usize])
    }

    /// A request the evidence cites, by its index into `requests`.
    pub fn request(&self, req: u32) -> &Request {
        &self.requests[req as usize]
    }

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
                        .map(|r| r.rule.to_string())
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
                    asset: first.asset.to_string(),
                    symbol: first.symbol.to_string(),
                    korean_name: first.korean_name.as_deref().map(str::to_owned),
                    verdict,
                    deciding_rules,
                }
            })
            .collect()
    }
}

/// The results by asset and rule (a standard's rule ids and a snapshot's asset ids are unique,
/// so each pair names one result).
pub fn results_by_asset_and_rule(
    results: &[RuleResult],
) -> rustc_hash::FxHashMap<(&str, &str), &RuleResult> {
    results
        .iter()
        .map(|r| ((r.asset.as_ref(), r.rule.as_ref()), r))
        .collect()
}
