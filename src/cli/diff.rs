//! `listingcheck diff OLD NEW`: what changed between two runs, for scheduled jobs.

use std::path::{Path, PathBuf};

use super::check::{load_standard, load_waivers};
use super::{Failure, OutputArgs};
use listingcheck::analysis::rundiff::{DEFAULT_MOVED, DiffOptions, RunInput};
use listingcheck::eval::Report;
use listingcheck::exit::Exit;
use listingcheck::inputs::standard::LoadedStandard;
use listingcheck::inputs::waiver::Waivers;

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The earlier run: a JSON report (`check --format json`) or a snapshot.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later run: a JSON report or a snapshot.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Standard to check snapshots with; default as `check`. Reports carry their own results.
    #[arg(long, value_name = "FILE")]
    pub standard: Option<PathBuf>,
    /// Waivers file to check snapshots with.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Report a value as moved when a ratio changes by more than this (0.05 = 5 percentage
    /// points), or another number by more than this fraction of its old value (0.05 = 5 %).
    #[arg(long, value_name = "AMOUNT", default_value_t = DEFAULT_MOVED)]
    pub moved: f64,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: &DiffArgs) -> Result<Exit, Failure> {
    if !(args.moved.is_finite() && args.moved >= 0.0) {
        return Err(Failure::bad_input(format!(
            "--moved must be a number of 0 or more, such as 0.05; found {}",
            args.moved
        )));
    }
    let old = listingcheck::analysis::rundiff::read_input(&args.old).map_err(Failure::bad_input)?;
    let new = listingcheck::analysis::rundiff::read_input(&args.new).map_err(Failure::bad_input)?;
    // Snapshots need a standard and waivers; load them once, and only then.
    let mut context: Option<(LoadedStandard, Waivers)> = None;
    let mut report_of = |input: RunInput, path: &Path| -> Result<Report, Failure> {
        match input {
            RunInput::Report(report) => Ok(*report),
            RunInput::Snapshot(snapshot) => {
                if context.is_none() {
                    context = Some((
                        load_standard(args.standard.as_deref())?,
                        load_waivers(args.waivers.as_deref())?,
                    ));
                }
                let (standard, waivers) = context.as_ref().expect("just loaded");
                super::check::note_if_sample(path, &snapshot);
                let as_of = snapshot.snapshot.as_of(None);
                Ok(listingcheck::eval::evaluate(
                    standard, &snapshot, waivers, as_of,
                ))
            }
        }
    };
    let old = report_of(old, &args.old)?;
    let new = report_of(new, &args.new)?;
    let diff = listingcheck::analysis::rundiff::diff(&old, &new, DiffOptions { moved: args.moved });
    let renderer = args.output.format.renderer(super::render_options(false));
    args.output.emit(|out| renderer.run_diff(&diff, out))?;
    Ok(if diff.has_new_blocking_failures() {
        Exit::Violations
    } else {
        Exit::Clean
    })
}
