//! `listingcheck history`: the runs kept in the history database beside the snapshots.
//! `history import` and `history rebuild` fill it from the snapshots; `history ASSET` prints one
//! asset's series and the projection of its drift from its circulation plan.

use std::path::{Path, PathBuf};

use clap::ValueEnum as _;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use jiff::civil::Date;

use super::check::{load_standard, load_waivers};
use super::{Failure, SNAPSHOTS_DIR, write_output};
use crate::cli::console::note;
use listingcheck::exit::Exit;
use listingcheck::history::projection::DEFAULT_WINDOW_DAYS;
use listingcheck::history::{History, HistoryError, Imported, SeriesQuery};
use listingcheck::report::{Format, RenderOptions};
use listingcheck::text::display_path;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub command: Option<HistoryCommand>,
    /// The asset: its id, symbol or Korean name, as recorded.
    #[arg(value_name = "ASSET", required = true)]
    pub asset: Option<String>,
    /// The snapshots directory whose history database (history.sqlite) to read.
    #[arg(long, value_name = "DIR", default_value = SNAPSHOTS_DIR)]
    pub snapshots: PathBuf,
    /// Only the runs on or after this Korean date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub since: Option<Date>,
    /// Only this rule's value and status.
    #[arg(long, value_name = "RULE")]
    pub rule: Option<String>,
    /// How many days of recent runs the projection fits.
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_WINDOW_DAYS,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub window: u32,
    /// Output format.
    #[arg(long, value_parser = history_format(), default_value = "table")]
    pub format: Format,
    /// Write the output to FILE (atomically) instead of standard output; its folder must exist.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
pub enum HistoryCommand {
    /// Evaluate every snapshot in the snapshots directory and record it in the history; a
    /// snapshot recorded before under the same standard is replaced, never duplicated.
    Import(ImportArgs),
    /// Delete the history database and recreate it from the snapshots (the source of truth).
    Rebuild(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The snapshots directory; its history database is history.sqlite in it.
    #[arg(long, value_name = "DIR", default_value = SNAPSHOTS_DIR)]
    pub snapshots: PathBuf,
    /// Standards file; default: the newest adopted standard in standards/, else the newest draft.
    #[arg(long, value_name = "FILE")]
    pub standard: Option<PathBuf>,
    /// Waivers file, as a run would apply it.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
}

/// The formats that show a history: a table, CSV, JSON and HTML (with its charts).
fn history_format() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(["table", "csv", "json", "html"])
        .map(|name| Format::from_str(&name, false).expect("a format from the list"))
}

pub fn run(args: &HistoryArgs) -> Result<Exit, Failure> {
    match &args.command {
        Some(HistoryCommand::Import(import)) => fill(import, false),
        Some(HistoryCommand::Rebuild(import)) => fill(import, true),
        None => show(args),
    }
}

/// `history import` (or `rebuild`, which starts from an empty database).
fn fill(args: &ImportArgs, rebuild: bool) -> Result<Exit, Failure> {
    let standard = load_standard(args.standard.as_deref())?;
    let waivers = load_waivers(args.waivers.as_deref())?;
    let snapshots = listingcheck::snapshot::all_in(&args.snapshots).unwrap_or_default();
    if snapshots.is_empty() {
        return Err(Failure::bad_input(format!(
            "no snapshot named like `*-YYYYMMDDTHHMMSSZ.json` in {}: nothing to record. `listingcheck run` and `listingcheck fetch` write snapshots there",
            display_path(&args.snapshots)
        )));
    }
    let path = listingcheck::history::path_in(&args.snapshots);
    let imported = if rebuild {
        listingcheck::history::rebuild(&path, &snapshots, &standard, &waivers)
    } else {
        History::open(&path).and_then(|mut history| history.import(&snapshots, &standard, &waivers))
    }
    .map_err(|error| unwritten(&error))?;
    report_import(&path, &imported, &standard, rebuild);
    Ok(if imported.skipped.is_empty() {
        Exit::Clean
    } else {
        Exit::BadInput
    })
}

/// A failed write, which changed nothing.
fn unwritten(error: &HistoryError) -> Failure {
    Failure::bad_input(format!(
        "{error}. Nothing was recorded: the database is as it was"
    ))
}

fn report_import(
    path: &Path,
    imported: &Imported,
    standard: &listingcheck::LoadedStandard,
    rebuild: bool,
) {
    for problem in &imported.skipped {
        note(format!("skipped: {problem}"));
    }
    let meta = &standard.standard.meta;
    note(format!(
        "{} {} under {} {} in the history {}",
        if rebuild { "rebuilt from" } else { "recorded" },
        listingcheck::text::plural(imported.recorded.len(), "snapshot"),
        meta.id,
        meta.version,
        display_path(path)
    ));
}

/// `history ASSET`.
fn show(args: &HistoryArgs) -> Result<Exit, Failure> {
    if let Some(path) = &args.output {
        super::check_output_path(path)?;
    }
    let asset = args
        .asset
        .as_deref()
        .expect("clap requires ASSET without a subcommand");
    let history = History::open_existing(&listingcheck::history::path_in(&args.snapshots))
        .map_err(Failure::bad_input)?;
    let series = history
        .series(
            asset,
            &SeriesQuery {
                since: args.since,
                rule: args.rule.clone(),
                window_days: args.window,
            },
        )
        .map_err(Failure::bad_input)?;
    let renderer = args.format.renderer(RenderOptions {
        all: false,
        width: super::output_width(args.output.is_none()),
        color: super::output_color(args.output.is_none()),
        lang: super::lang(),
    });
    let mut text = Vec::new();
    renderer
        .history(&series, &mut text)
        .map_err(|error| Failure::bad_input(format!("cannot render the history: {error}")))?;
    write_output(args.output.as_deref(), &text)?;
    Ok(Exit::Clean)
}
