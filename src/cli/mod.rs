//! The command line: argument definitions (clap derive) and dispatch. Each command lives in its
//! own file and is a thin layer over the library; it returns an [`Exit`] or a [`Failure`].

mod assets;
mod check;
mod compare;
mod completions;
pub mod console;
mod diff;
mod fetch;
mod history;
mod init;
mod man;
mod metrics;
mod plan;
mod precheck;
pub mod progress;
mod run;
mod schema;
mod standards;
mod verify;
mod watch;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use clap::ValueEnum as _;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::cli::console::{ColorChoice, Console};
use listingcheck::exit::Exit;
use listingcheck::locale::Lang;
use listingcheck::report::Format;

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
    after_help = "Exit codes: 0 done, no blocking failure; 1 blocking failures (diff, run: new ones); 2 bad input; 3 a source failed beyond its retries, or the data read is incomplete (fetch, precheck, run; check, compare, diff)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print no notes on stderr (which defaults were chosen, what was written); errors still.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Log more on stderr: -v each source's progress, -vv every request (RUST_LOG wins).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// When to colour output; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, global = true, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The language of findings and evidence [default: ko if LC_ALL, LC_MESSAGES or LANG says so]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

impl Cli {
    /// What the user asked of the terminal.
    pub fn console(&self) -> Console {
        Console {
            color: self.color,
            quiet: self.quiet,
            verbose: self.verbose,
        }
    }
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
    /// What the listed assets' disclosures lack.
    #[command(subcommand)]
    Assets(assets::AssetsCommand),
    /// Draft a descriptor's plan from a plan published elsewhere.
    #[command(subcommand)]
    Plan(plan::PlanCommand),
    /// The impact of draft standard B against A on one snapshot: per asset, per rule, and the
    /// newly failing and newly passing counts.
    Compare(compare::CompareArgs),
    /// What changed between two runs (JSON reports or snapshots): new failures, resolved ones,
    /// new unknowns, moved values, listings. Exits 1 on a new blocking failure.
    Diff(diff::DiffArgs),
    /// The scheduled job: fetch, check, save the snapshot and the report under snapshots/, record
    /// the run in the history, and print what changed since the previous run. Exits 1 on a new
    /// blocking failure, else 3 when a source failed; 2 when the history cannot be written.
    Run(run::RunArgs),
    /// The runs kept in snapshots/history.sqlite: `history ASSET` prints an asset's series per
    /// Korean date and the projection of its drift from its plan; `history import` records the
    /// snapshots there, `history rebuild` recreates the database from them.
    History(history::HistoryArgs),
    /// Print the JSON Schema of a file format (standard, asset, waivers, config) for editors.
    Schema(schema::SchemaArgs),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
    /// Set up a working folder: the shipped standards, the sample snapshot and waivers, an
    /// example descriptor, a config naming every source, a waivers file and a crontab line.
    Init(init::InitArgs),
    /// Print the manual page (roff), e.g. into ~/.local/share/man/man1/listingcheck.1.
    Man,
    /// For an auditor: check a snapshot's schema and content hash and, given a JSON report, that
    /// it was made from that snapshot and that evaluating again gives the same verdicts. Exits 0
    /// when verified, 2 with the reason otherwise.
    Verify(verify::VerifyArgs),
    /// Re-read the on-chain supply and excluded balances of every asset with a descriptor every
    /// interval, check the standard's supply rules on them, and print one JSON alert per episode
    /// (optionally POSTed to a webhook). Runs until SIGTERM or SIGINT, then exits 0; 2 on bad
    /// input.
    Watch(watch::WatchArgs),
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
        Command::Assets(command) => assets::run(&command),
        Command::Plan(command) => plan::run(&command),
        Command::Compare(args) => compare::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Run(args) => run::run(&args),
        Command::History(args) => history::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Man => man::run(),
        Command::Verify(args) => verify::run(&args),
        Command::Watch(args) => watch::run(&args),
    };
    match outcome {
        Ok(exit) => exit,
        Err(failure) => {
            eprintln!("error: {}", failure.message.trim_end());
            failure.exit
        }
    }
}

/// The formats offered for `--format`: every one, or all but JUnit for documents that are not
/// test results (comparisons, standards diffs, sweeps), so that a format is offered only where
/// it works.
pub fn format_parser(junit: bool) -> impl TypedValueParser<Value = Format> {
    let values: Vec<PossibleValue> = Format::value_variants()
        .iter()
        .filter(|format| junit || **format != Format::Junit)
        .filter_map(|format| {
            let value = format.to_possible_value()?;
            Some(if *format == Format::Table {
                value.help("Aligned tables for people")
            } else {
                value
            })
        })
        .collect();
    PossibleValuesParser::new(values)
        .map(|name| Format::from_str(&name, false).expect("a format from the list"))
}

/// The language of the run: `--lang`, else the environment's.
static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// The language of the run's findings and evidence.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// Output options of a command whose document is test results (check, precheck, diff).
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_parser = format_parser(true), default_value = "table")]
    pub format: Format,
    /// Write the output to FILE (atomically) instead of standard output; its folder must exist.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Output options of a command whose document is not test results (compare, standards diff,
/// standards sweep): no JUnit.
#[derive(Debug, clap::Args)]
pub struct AnalysisOutputArgs {
    /// Output format.
    #[arg(long, value_parser = format_parser(false), default_value = "table")]
    pub format: Format,
    /// Write the output to FILE (atomically) instead of standard output; its folder must exist.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Where and in which format a command prints its document.
pub trait Output {
    fn format(&self) -> Format;
    /// The file to write, or `None` for standard output.
    fn path(&self) -> Option<&Path>;

    /// The renderer of the chosen format, for the width the output goes to.
    fn renderer(&self, all: bool) -> Box<dyn listingcheck::Renderer> {
        renderer(self.format(), all, self.path())
    }

    /// See [`emit`].
    fn emit(
        &self,
        render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Failure> {
        emit(self.path(), render)
    }
}

impl Output for OutputArgs {
    fn format(&self) -> Format {
        self.format
    }

    fn path(&self) -> Option<&Path> {
        self.output.as_deref()
    }
}

impl Output for AnalysisOutputArgs {
    fn format(&self) -> Format {
        self.format
    }

    fn path(&self) -> Option<&Path> {
        self.output.as_deref()
    }
}

/// Renders straight into the file (atomically: a failed render never leaves a half-written
/// file) or into stdout, so that a large report is never held whole in memory.
fn emit(
    output: Option<&Path>,
    render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let Some(path) = output else {
        let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        return match render(&mut stdout).and_then(|()| stdout.flush()) {
            // A closed pipe (`| head`) is not an error worth reporting.
            Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(Failure::bad_input(format!("cannot render output: {error}")))
            }
            _ => Ok(()),
        };
    };
    check_output_path(path)?;
    listingcheck::inputs::files::write_atomic_with(path, render).map_err(|error| {
        Failure::bad_input(format!(
            "cannot write {}: {}",
            listingcheck::text::display_path(path),
            listingcheck::inputs::files::io_problem(&error)
        ))
    })
}

/// Output of a catalog-like listing (metrics, standards show): a table or JSON.
#[derive(Debug, clap::Args)]
pub struct ListingFormatArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListingFormat::Table)]
    pub format: ListingFormat,
    /// Same as `--format json` (kept for scripts written before `--format`).
    #[arg(long, hide = true)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListingFormat {
    /// Aligned tables for people.
    Table,
    /// JSON, for machines.
    Json,
}

impl ListingFormatArgs {
    pub fn is_json(&self) -> bool {
        self.json || self.format == ListingFormat::Json
    }
}

/// Refuses an output path whose folder does not exist, or that is a folder, before any work.
pub fn check_output_path(path: &Path) -> Result<(), Failure> {
    listingcheck::inputs::files::output_target_problem(path)
        .map_or(Ok(()), |problem| Err(Failure::bad_input(problem)))
}

/// Reads `--as-of`: a Korean calendar date, written YYYY-MM-DD.
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse::<jiff::civil::Date>()
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| "expected a date written YYYY-MM-DD, such as 2026-11-20".to_owned())
}

/// The columns a text table may take: `COLUMNS` where it is set, else the terminal's width when
/// printing to one, else the width for files and pipes.
pub fn output_width(to_stdout: bool) -> usize {
    let width = if to_stdout {
        console::width(console::Stream::Stdout)
    } else {
        console::columns()
    };
    width.unwrap_or(listingcheck::RenderOptions::DEFAULT_WIDTH)
}

/// The renderer of `format` for output to `path` (stdout when `None`).
fn renderer(format: Format, all: bool, path: Option<&Path>) -> Box<dyn listingcheck::Renderer> {
    format.renderer(listingcheck::RenderOptions {
        all,
        width: output_width(path.is_none()),
        color: output_color(path.is_none()),
        lang: lang(),
    })
}

/// Whether text tables colour `fail`: on a terminal as `--color` and `NO_COLOR` decide, and into
/// a file only with `--color always`.
pub fn output_color(to_stdout: bool) -> bool {
    use crate::cli::console::{ColorChoice, Stream, colors_on, get};
    if to_stdout {
        colors_on(Stream::Stdout)
    } else {
        get().color == ColorChoice::Always
    }
}

/// Writes bytes to `path` atomically, or to stdout. The path's folder must exist.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    match path {
        Some(path) => {
            check_output_path(path)?;
            listingcheck::inputs::files::write_atomic(path, bytes).map_err(|error| {
                Failure::bad_input(format!(
                    "cannot write {}: {}",
                    listingcheck::text::display_path(path),
                    listingcheck::inputs::files::io_problem(&error)
                ))
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
