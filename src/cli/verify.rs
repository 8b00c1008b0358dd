//! `listingcheck verify SNAPSHOT [REPORT]`: for an auditor, whether a snapshot is intact and a
//! report was made from it and reproduces.

use std::path::PathBuf;

use super::Failure;
use listingcheck::exit::Exit;

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The snapshot file: its schema and content hash are checked.
    #[arg(value_name = "SNAPSHOT")]
    pub snapshot: PathBuf,
    /// A JSON report (`check --format json`, or a run's report): checked to be made from
    /// SNAPSHOT, and evaluated again to compare every verdict.
    #[arg(value_name = "REPORT")]
    pub report: Option<PathBuf>,
    /// The standard to evaluate again with; default: the path the report names.
    #[arg(long, value_name = "FILE")]
    pub standard: Option<PathBuf>,
}

pub fn run(args: &VerifyArgs) -> Result<Exit, Failure> {
    let verified = listingcheck::analysis::verify::verify(
        &args.snapshot,
        args.report.as_deref(),
        args.standard.as_deref(),
    )
    .map_err(Failure::bad_input)?;
    let snapshot = &verified.snapshot;
    let mut lines = vec![format!(
        "snapshot {}: schema {}, content hash {} matches its bytes, every observation cites a recorded request{}",
        listingcheck::text::display_path(&snapshot.path),
        listingcheck::snapshot::SNAPSHOT_SCHEMA,
        snapshot.sha256,
        if snapshot.snapshot.is_incomplete() {
            " (the snapshot itself says it is INCOMPLETE: a source failed when it was taken)"
        } else {
            ""
        }
    )];
    if let Some(report) = &verified.report {
        lines.push(format!(
            "report {}: made from this snapshot; its summary equals its rows; standard {} is unchanged (sha256 {}); {} verdicts evaluated again, all equal",
            listingcheck::text::display_path(&report.path),
            listingcheck::text::display_path(&report.standard_path),
            report.standard_sha256,
            report.verdicts
        ));
    }
    lines.push("verified".to_owned());
    println!("{}", lines.join("\n"));
    Ok(Exit::Clean)
}
