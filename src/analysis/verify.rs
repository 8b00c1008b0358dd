//! Verification for an auditor: is this snapshot what it says it is, and was this report made
//! from it?
//!
//! A snapshot verifies when it reads back (schema, content hash over its exact bytes, every
//! observation's provenance). A report verifies against a snapshot when it names that snapshot's
//! hash, its counts equal its rows, the standard it names is unchanged, and evaluating that
//! standard on the snapshot again gives every verdict the report states.

use std::path::{Path, PathBuf};

use crate::analysis::rundiff::{RunInput, RunInputError};
use crate::eval::{Report, Verdict};
use crate::inputs::standard::LoadedStandard;
use crate::inputs::waiver::Waivers;
use crate::snapshot::{SnapshotError, SnapshotFile};

/// What was verified.
#[derive(Debug)]
pub struct Verified {
    pub snapshot: SnapshotFile,
    /// Present when a report was verified too.
    pub report: Option<VerifiedReport>,
}

/// A report that was made from the snapshot and reproduces.
#[derive(Debug)]
pub struct VerifiedReport {
    pub path: PathBuf,
    pub standard_path: PathBuf,
    pub standard_sha256: String,
    /// How many verdicts were recomputed, all equal.
    pub verdicts: usize,
}

/// One verdict the report states that evaluating again does not give.
#[derive(Debug, PartialEq, Eq)]
pub struct VerdictMismatch {
    pub asset: String,
    pub rule: String,
    /// In the report; `None` when the report lacks the result.
    pub stated: Option<Verdict>,
    /// Evaluated again; `None` when the rule no longer gives a result for the asset.
    pub recomputed: Option<Verdict>,
}

/// Why verification failed. Each names the file and what does not hold.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("not verified: {0}")]
    Snapshot(#[from] SnapshotError),
    #[error("not verified: {0}")]
    Report(RunInputError),
    #[error("not verified: {path} is a snapshot, not a report; give the report second")]
    NotAReport { path: PathBuf },
    #[error(
        "not verified: report {report} was not made from snapshot {snapshot}: it names sha256 {stated}, the snapshot's content hash is {actual}"
    )]
    OtherSnapshot {
        report: PathBuf,
        snapshot: PathBuf,
        stated: String,
        actual: String,
    },
    #[error(
        "not verified: report {report} states a summary that does not equal its rows (stated {stated}; its rows count {counted})"
    )]
    Summary {
        report: PathBuf,
        stated: String,
        counted: String,
    },
    #[error(
        "not verified: the standard the report names, {path}, cannot be read ({message}); pass the same file with --standard"
    )]
    StandardUnreadable { path: PathBuf, message: String },
    #[error(
        "not verified: standard {path} has changed since the report was made (the report names sha256 {stated}, the file's is {actual}); pass the file as it was with --standard"
    )]
    StandardChanged {
        path: PathBuf,
        stated: String,
        actual: String,
    },
    #[error(
        "not verified: evaluating again gives other verdicts than report {report} states, in {} results; the first: {}",
        .mismatches.len(),
        describe_mismatch(&.mismatches[0])
    )]
    Verdicts {
        report: PathBuf,
        mismatches: Vec<VerdictMismatch>,
    },
}

fn describe_mismatch(mismatch: &VerdictMismatch) -> String {
    let side = |verdict: Option<Verdict>| verdict.map_or("no result", Verdict::as_str);
    format!(
        "{} {}: the report says {}, evaluating again gives {}",
        mismatch.asset,
        mismatch.rule,
        side(mismatch.stated),
        side(mismatch.recomputed)
    )
}

/// Verifies a snapshot and, given one, a report against it. `standard` overrides the path the
/// report names (which is relative to where it was made).
pub fn verify(
    snapshot_path: &Path,
    report_path: Option<&Path>,
    standard: Option<&Path>,
) -> Result<Verified, VerifyError> {
    let snapshot = crate::snapshot::read(snapshot_path)?;
    let Some(report_path) = report_path else {
        return Ok(Verified {
            snapshot,
            report: None,
        });
    };
    let report =
        match crate::analysis::rundiff::read_input(report_path).map_err(VerifyError::Report)? {
            RunInput::Report(report) => *report,
            RunInput::Snapshot(_) => {
                return Err(VerifyError::NotAReport {
                    path: report_path.to_owned(),
                });
            }
        };
    if report.snapshot.sha256 != snapshot.sha256 {
        return Err(VerifyError::OtherSnapshot {
            report: report_path.to_owned(),
            snapshot: snapshot_path.to_owned(),
            stated: report.snapshot.sha256.clone(),
            actual: snapshot.sha256.clone(),
        });
    }
    let counted = crate::eval::summarize(report.summary.assets, &report.results);
    if counted != report.summary {
        return Err(VerifyError::Summary {
            report: report_path.to_owned(),
            stated: format!("{:?}", report.summary),
            counted: format!("{counted:?}"),
        });
    }
    let standard_path =
        standard.map_or_else(|| PathBuf::from(&report.standard.path), Path::to_owned);
    let loaded = crate::inputs::standard::load(&standard_path).map_err(|invalid| {
        VerifyError::StandardUnreadable {
            path: standard_path.clone(),
            message: invalid.to_string(),
        }
    })?;
    if loaded.sha256 != report.standard.sha256 {
        return Err(VerifyError::StandardChanged {
            path: standard_path,
            stated: report.standard.sha256.clone(),
            actual: loaded.sha256.clone(),
        });
    }
    let mismatches = recompute(&loaded, &snapshot, &report);
    if !mismatches.is_empty() {
        return Err(VerifyError::Verdicts {
            report: report_path.to_owned(),
            mismatches,
        });
    }
    Ok(Verified {
        snapshot,
        report: Some(VerifiedReport {
            path: report_path.to_owned(),
            standard_path,
            standard_sha256: loaded.sha256,
            verdicts: report.results.len(),
        }),
    })
}

/// The verdicts that differ between the report and a new evaluation. Waivers are not recorded
/// in a report by file, so the comparison is before waivers: a `waived` result stands for the
/// verdict it would otherwise be.
fn recompute(
    standard: &LoadedStandard,
    snapshot: &SnapshotFile,
    report: &Report,
) -> Vec<VerdictMismatch> {
    // As `check` and `run`: the windows of days read the history database beside the snapshot
    // too, if there is one (the report then cites a `history` request).
    let mut filled = snapshot.clone();
    let _ = crate::history::market::fill_from_history_beside(&mut filled, standard, report.as_of);
    let again = crate::eval::evaluate(standard, &filled, &Waivers::default(), report.as_of);
    let stated_of = |result: &crate::eval::RuleResult| match (&result.waiver, result.status) {
        (Some(waiver), Verdict::Waived) => waiver.would_be,
        (_, status) => status,
    };
    let stated = crate::eval::results_by_asset_and_rule(&report.results);
    let recomputed = crate::eval::results_by_asset_and_rule(&again.results);
    let mut mismatches = Vec::new();
    for result in &report.results {
        let key = (result.asset.as_ref(), result.rule.as_ref());
        let now = recomputed.get(&key).map(|r| r.status);
        if now != Some(stated_of(result)) {
            mismatches.push(VerdictMismatch {
                asset: result.asset.to_string(),
                rule: result.rule.to_string(),
                stated: Some(result.status),
                recomputed: now,
            });
        }
    }
    for result in &again.results {
        if !stated.contains_key(&(result.asset.as_ref(), result.rule.as_ref())) {
            mismatches.push(VerdictMismatch {
                asset: result.asset.to_string(),
                rule: result.rule.to_string(),
                stated: None,
                recomputed: Some(result.status),
            });
        }
    }
    mismatches
}
