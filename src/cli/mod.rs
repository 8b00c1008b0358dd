//! The command line: argument definitions (clap derive) and dispatch. Each command lives in its
//! own file and is a thin layer over the library; it returns an [`Exit`] or a [`Failure`].

mod check;
mod compare;
mod completions;
mod diff;
mod fetch;
mod metrics;
mod precheck;
mod run;
mod schema;
mod standards;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use listingcheck::exit::Exit;
use listingcheck::locale::Lang;
use listingcheck::report::{Format, RenderOptions};

/// Where `check` looks for standards when none is given.
pub const STANDARDS_DIR: &str = "standards";
/// Where `check` looks for snapshots when none is given.
pub const SNAPSHOTS_DIR: &str = "snapshots";

/// Checks listed crypto assets against listing standards for issuance and circulation volume.
#[derive(Debug, Parser)]
#[command(
    name = "listingcheck",
    version,
    about,
    long_about = None,
    max_term_width = 100,
    after_help = "Exit codes: 0 done, no blocking failure; 1 blocking failures (diff, run: new ones); 2 bad input; 3 a source failed beyond its retries (fetch, precheck, run)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of findings and evidence [default: ko if LC_ALL, LC_MESSAGES or LANG says so]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a standard on a snapshot. With no arguments: the newest adopted standard (else the
    /// newest draft) in standards/ on the newest snapshot in snapshots/.
    Check(check::CheckArgs),
    /// Fetch live data for every asset listed in a KRW market (and candidates) into a new snapshot.
    /// Exits 3 when a source failed beyond its retries; the snapshot is still written.
    Fetch(fetch::FetchArgs),
    /// Fetch what one candidate token needs and check it, listing every rule. Exits 2 on bad
    /// input, 3 when a source failed, else 1 on a blocking failure.
    Precheck(precheck::PrecheckArgs),
    /// Validate, print or compare standards files.
    #[command(subcommand)]
    Standards(standards::StandardsCommand),
    /// Print the metric catalog: every metric a rule can test, with unit and formula.
    Metrics(metrics::MetricsArgs),
    /// The impact of draft standard B against A on one snapshot: per asset, per rule, and the
    /// newly failing and newly passing counts.
    Compare(compare::CompareArgs),
    /// What changed between two runs (JSON reports or snapshots): new failures, resolved ones,
    /// new unknowns, moved values, listings. Exits 1 on a new blocking failure.
    Diff(diff::DiffArgs),
    /// The scheduled job: fetch, check, save the snapshot and the report under snapshots/, and
    /// print what changed since the previous run. Exits 1 on a new blocking failure, else 3 when a
    /// source failed.
    Run(run::RunArgs),
    /// Print the JSON Schema of a file format (standard, asset, waivers, config) for editors.
    Schema(schema::SchemaArgs),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
}

/// A command that could not finish: what to tell the user, and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn bad_input(message: impl std::fmt::Display) -> Self {
        Failure {
            exit: Exit::BadInput,
            message: message.to_string(),
        }
    }
}

/// Runs a parsed command line and returns the exit code; messages go to stderr.
pub fn run(cli: Cli) -> Exit {
    LANG.get_or_init(|| cli.lang.unwrap_or_else(Lang::from_env));
    let outcome = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fetch(args) => fetch::run(&args),
        Command::Precheck(args) => precheck::run(&args),
        Command::Standards(command) => standards::run(&command),
        Command::Metrics(args) => metrics::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Completions(args) => completions::run(&args),
    };
    match outcome {
        Ok(exit) => exit,
        Err(failure) => {
            eprintln!("error: {}", failure.message.trim_end());
            failure.exit
        }
    }
}

/// The language of the run: `--lang`, else the environment's.
static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// What a renderer shows: passing results too when `all`, in the run's language.
pub fn render_options(all: bool) -> RenderOptions {
    RenderOptions {
        all,
        lang: LANG.get().copied().unwrap_or_default(),
    }
}

/// Output options shared by every command that prints a document.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the output to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    /// Renders into memory, then writes to the file or stdout: a failed render never leaves a
    /// half-written file.
    pub fn emit(
        &self,
        render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
    ) -> Result<(), Failure> {
        let mut buffer = Vec::new();
        render(&mut buffer)
            .map_err(|error| Failure::bad_input(format!("cannot render output: {error}")))?;
        write_output(self.output.as_deref(), &buffer)
    }
}

/// Writes bytes to `path` atomically, or to stdout.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    match path {
        Some(path) => {
            listingcheck::inputs::files::write_atomic(path, bytes).map_err(|error| Failure {
                exit: Exit::BadInput,
                message: format!("cannot write {}: {error}", path.display()),
            })
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout.write_all(bytes).and_then(|()| stdout.flush());
            Ok(())
        }
    }
}
