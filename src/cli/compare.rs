//! `listingcheck compare A.toml B.toml`: the impact of draft B against draft A on one snapshot.

use std::path::PathBuf;

use super::check::{DataArgs, load_standard_file};
use super::{AnalysisOutputArgs, Failure, Output as _};
use jiff::civil::Date;
use listingcheck::analysis::sweep::{Sweep, SweepRequest, sweep};
use listingcheck::exit::Exit;
use listingcheck::inputs::standard::Bound;
use listingcheck::inputs::waiver::Waivers;
use listingcheck::report::Format;
use listingcheck::{LoadedStandard, SnapshotFile};

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The standard to compare against (the current one, or the earlier draft).
    #[arg(value_name = "A.toml")]
    pub a: PathBuf,
    /// The draft whose impact to show.
    #[arg(value_name = "B.toml")]
    pub b: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: AnalysisOutputArgs,
    /// List every asset, not only those whose verdict changes (table and markdown).
    #[arg(long)]
    pub all: bool,
}

pub fn run(args: &CompareArgs) -> Result<Exit, Failure> {
    let a = load_standard_file(&args.a)?;
    let b = load_standard_file(&args.b)?;
    let (snapshot, waivers, as_of) = args.data.load()?;
    let comparison = listingcheck::analysis::compare::compare(&a, &b, &snapshot, &waivers, as_of);
    let renderer = args.output.renderer(args.all);
    let sweeps = if args.output.format() == Format::Html {
        moved_thresholds(&a, &b, &snapshot, &waivers, as_of)
    } else {
        Vec::new()
    };
    args.output
        .emit(|out| renderer.comparison_with_sweeps(&comparison, &sweeps, out))?;
    // Comparing is not failing, but a comparison on missing data is not a clean answer.
    Ok(if snapshot.snapshot.is_incomplete() {
        Exit::SourceFailed
    } else {
        Exit::Clean
    })
}

/// The steps of the sweep of a moved threshold: enough for a smooth curve.
const CURVE_STEPS: usize = 40;

/// A sweep of every threshold a rule of both A and B sets to another value, for the HTML page's
/// curves; A's and B's values are marked on each.
fn moved_thresholds(
    a: &LoadedStandard,
    b: &LoadedStandard,
    snapshot: &SnapshotFile,
    waivers: &Waivers,
    as_of: Date,
) -> Vec<Sweep> {
    let mut sweeps = Vec::new();
    for rule_a in &a.standard.rules {
        let Some(rule_b) = b.standard.rules.iter().find(|rule| rule.id == rule_a.id) else {
            continue;
        };
        for bound in Bound::ALL {
            let (Some(limit_a), Some(limit_b)) =
                (rule_a.thresholds.get(bound), rule_b.thresholds.get(bound))
            else {
                continue;
            };
            if limit_a == limit_b {
                continue;
            }
            let request = SweepRequest {
                rule: rule_a.id.clone(),
                bound: Some(bound),
                from: None,
                to: None,
                steps: CURVE_STEPS,
            };
            // A threshold that cannot be swept (a token amount, say) is simply not charted.
            if let Ok(swept) = sweep(&[a, b], snapshot, waivers, as_of, &request) {
                sweeps.push(swept);
            }
        }
    }
    sweeps
}
