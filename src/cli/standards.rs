//! `listingcheck standards lint|show|diff|sweep`: for standards authors.

use std::path::{Path, PathBuf};

use super::check::DataArgs;
use super::{
    AnalysisOutputArgs, Failure, ListingFormatArgs, Output as _, STANDARDS_DIR, write_output,
};
use listingcheck::analysis::sweep::SweepRequest;
use listingcheck::exit::Exit;
use listingcheck::inputs::diag::Level;
use listingcheck::inputs::standard::Bound;

#[derive(Debug, clap::Subcommand)]
pub enum StandardsCommand {
    /// Validate standards files and report every problem, with file:line:col and a stable code.
    Lint {
        /// Files to lint; default: every standard under standards/.
        files: Vec<PathBuf>,
        /// Treat warnings (such as an uncited rule) as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print one standard: its metadata and its rules with their thresholds and sources.
    Show {
        /// The standards file to print.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        format: ListingFormatArgs,
    },
    /// Diff two standards rule by rule, without data: added, removed, and every changed field
    /// from → to (thresholds, severity, missing-data handling, parameters, filters, metadata).
    Diff {
        /// The standard to compare against (the current one, or the earlier draft).
        #[arg(value_name = "A.toml")]
        a: PathBuf,
        /// The draft whose changes to list.
        #[arg(value_name = "B.toml")]
        b: PathBuf,
        /// Quote reworded titles, rationales and references in full, not only name them.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        output: AnalysisOutputArgs,
    },
    /// How many assets fail one rule as one of its thresholds moves, with each draft's value
    /// marked: a table to read, CSV or JSON to chart (one row per step).
    Sweep(SweepArgs),
}

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// The id of the rule to sweep.
    #[arg(value_name = "RULE")]
    pub rule: String,
    /// The standard whose rule is swept; its value is marked A.
    #[arg(value_name = "A.toml")]
    pub a: PathBuf,
    /// Another draft whose value to mark (B).
    #[arg(value_name = "B.toml")]
    pub b: Option<PathBuf>,
    /// Which threshold moves; needed when the rule sets more than one.
    #[arg(long, value_enum)]
    pub bound: Option<Bound>,
    /// The first value; default: below the drafts' values (see `--to`).
    #[arg(long, value_name = "VALUE", allow_negative_numbers = true)]
    pub from: Option<f64>,
    /// The last value; default: the drafts' span widened by itself on each side, or 0 to twice
    /// a single value.
    #[arg(long, value_name = "VALUE", allow_negative_numbers = true)]
    pub to: Option<f64>,
    /// How many evenly spaced values from --from to --to, both included; the drafts' own values
    /// are added.
    #[arg(long, default_value_t = 21)]
    pub steps: usize,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: AnalysisOutputArgs,
}

pub fn run(command: &StandardsCommand) -> Result<Exit, Failure> {
    match command {
        StandardsCommand::Lint {
            files,
            deny_warnings,
        } => lint(files, *deny_warnings),
        StandardsCommand::Show { file, format } => show(file, format.is_json()),
        StandardsCommand::Diff { a, b, all, output } => {
            let a = super::check::load_standard_file(a)?;
            let b = super::check::load_standard_file(b)?;
            let diff = listingcheck::analysis::standards_diff::diff(&a, &b);
            let renderer = output.renderer(*all);
            output.emit(|out| renderer.standards_diff(&diff, out))?;
            Ok(Exit::Clean)
        }
        StandardsCommand::Sweep(args) => sweep(args),
    }
}

fn sweep(args: &SweepArgs) -> Result<Exit, Failure> {
    let mut standards = vec![super::check::load_standard_file(&args.a)?];
    if let Some(b) = &args.b {
        standards.push(super::check::load_standard_file(b)?);
    }
    let (snapshot, waivers, as_of) = args.data.load()?;
    let request = SweepRequest {
        rule: args.rule.clone(),
        bound: args.bound,
        from: args.from,
        to: args.to,
        steps: args.steps,
    };
    let drafts: Vec<&listingcheck::inputs::standard::LoadedStandard> = standards.iter().collect();
    let sweep = listingcheck::analysis::sweep::sweep(&drafts, &snapshot, &waivers, as_of, &request)
        .map_err(Failure::bad_input)?;
    let renderer = args.output.renderer(false);
    args.output.emit(|out| renderer.sweep(&sweep, out))?;
    Ok(Exit::Clean)
}

fn lint(files: &[PathBuf], deny_warnings: bool) -> Result<Exit, Failure> {
    let files = if files.is_empty() {
        listingcheck::inputs::standard::standard_files(Path::new(STANDARDS_DIR))
            .map_err(Failure::bad_input)?
    } else {
        files.to_vec()
    };
    let (mut errors, mut warnings) = (0, 0);
    for file in &files {
        let diagnostics = match listingcheck::inputs::standard::load(file) {
            Ok(loaded) => loaded.warnings,
            Err(invalid) => invalid.0,
        };
        for diagnostic in diagnostics.diagnostics() {
            match diagnostic.level {
                Level::Error => errors += 1,
                Level::Warning => warnings += 1,
            }
        }
        eprint!("{}", diagnostics.render());
    }
    eprintln!(
        "{} file(s) checked: {errors} error(s), {warnings} warning(s)",
        files.len()
    );
    Ok(if errors > 0 || (deny_warnings && warnings > 0) {
        Exit::BadInput
    } else {
        Exit::Clean
    })
}

fn show(file: &Path, json: bool) -> Result<Exit, Failure> {
    let loaded = super::check::load_standard_file(file)?;
    let text = if json {
        serde_json::to_string_pretty(&loaded.standard).expect("a standard serializes") + "\n"
    } else {
        listingcheck::report::standard_sheet(
            &loaded,
            listingcheck::locale::Localizer::of(super::lang()),
            super::output_width(true),
        )
    };
    write_output(None, text.as_bytes())?;
    Ok(Exit::Clean)
}
