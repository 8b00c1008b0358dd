//! `listingcheck standards lint|show|diff|sweep`: for standards authors.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Style, Width};

use super::check::DataArgs;
use super::{Failure, OutputArgs, STANDARDS_DIR, write_output};
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
        file: PathBuf,
        /// Print the parsed standard as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Diff two standards rule by rule, without data: added, removed, and every changed field
    /// from → to (thresholds, severity, missing-data handling, parameters, filters, metadata).
    Diff {
        #[arg(value_name = "A.toml")]
        a: PathBuf,
        #[arg(value_name = "B.toml")]
        b: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
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
    pub output: OutputArgs,
}

pub fn run(command: &StandardsCommand) -> Result<Exit, Failure> {
    match command {
        StandardsCommand::Lint {
            files,
            deny_warnings,
        } => lint(files, *deny_warnings),
        StandardsCommand::Show { file, json } => show(file, *json),
        StandardsCommand::Diff { a, b, output } => {
            let a = super::check::load_standard_file(a)?;
            let b = super::check::load_standard_file(b)?;
            let diff = listingcheck::analysis::standards_diff::diff(&a, &b);
            let renderer = output.format.renderer(super::render_options(false));
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
    let renderer = args.output.format.renderer(super::render_options(false));
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
    let standard = &loaded.standard;
    let text = if json {
        serde_json::to_string_pretty(standard).expect("a standard serializes") + "\n"
    } else {
        let meta = &standard.meta;
        let mut text = format!(
            "{} {} ({}) — {}\npublished {}",
            meta.id, meta.version, meta.status, meta.title, meta.published
        );
        if let Some(effective) = meta.effective {
            let _ = write!(text, ", effective {effective}");
        }
        if let Some(supersedes) = &meta.supersedes {
            let _ = write!(text, ", supersedes {supersedes}");
        }
        if let Some(source) = &meta.source {
            let _ = write!(text, "\nsource: {source}");
        }
        let _ = write!(text, "\nsha256: {}\n\n", loaded.sha256);
        let mut builder = Builder::default();
        builder.push_record([
            "Rule",
            "Metric",
            "Threshold",
            "Severity",
            "Missing data",
            "Applies to",
            "Reference / rationale",
        ]);
        for rule in &standard.rules {
            let mut applies = Vec::new();
            let filters = &rule.applies_to;
            if !filters.markets.is_empty() {
                applies.push(format!("markets {}", filters.markets.join(",")));
            }
            if !filters.exchanges.is_empty() {
                applies.push(format!(
                    "exchanges {}",
                    filters
                        .exchanges
                        .iter()
                        .map(|e| e.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                ));
            }
            if !filters.chains.is_empty() {
                applies.push(format!("chains {}", filters.chains.join(",")));
            }
            if !filters.assets.is_empty() {
                applies.push(format!("assets {}", filters.assets.join(",")));
            }
            let params: Vec<String> = rule
                .params
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let metric = if params.is_empty() {
                rule.metric.name().to_owned()
            } else {
                format!("{} ({})", rule.metric.name(), params.join(", "))
            };
            let cited = [rule.reference.as_deref(), rule.rationale.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" — ");
            builder.push_record([
                format!("{}\n{}", rule.id, rule.title),
                metric,
                rule.thresholds.describe(rule.unit()),
                rule.severity.to_string(),
                rule.when_missing.to_string(),
                if applies.is_empty() {
                    "all".to_owned()
                } else {
                    applies.join("; ")
                },
                cited,
            ]);
        }
        let mut table = builder.build();
        table
            .with(Style::sharp())
            .modify(Columns::one(0), Width::wrap(30).keep_words(true))
            .modify(Columns::one(6), Width::wrap(50).keep_words(true));
        text + &table.to_string() + "\n"
    };
    write_output(None, text.as_bytes())?;
    Ok(Exit::Clean)
}
