//! `listingcheck fetch`: pull live data for the listed universe (and candidates) into a new
//! snapshot.

use std::path::{Path, PathBuf};

use super::{Failure, SNAPSHOTS_DIR};
use crate::cli::console::note;
use listingcheck::exit::Exit;
use listingcheck::fetch::{DEFAULT_ASSETS_DIR, FetchOptions, FetchOutcome, Scope};
use listingcheck::source::HttpOptions;

#[derive(Debug, clap::Args)]
pub struct FetchArgs {
    /// A candidate's asset descriptor, checked whether or not an exchange lists it (repeatable).
    #[arg(long = "asset", value_name = "FILE")]
    pub candidates: Vec<PathBuf>,
    /// Directory of asset descriptors for listed assets [default: assets, if it exists].
    #[arg(long, value_name = "DIR")]
    pub assets: Option<PathBuf>,
    /// Where to write the snapshot [default: snapshots/snapshot-<UTC time>.json]; its folder
    /// must exist.
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "out",
        value_name = "FILE"
    )]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Where data comes from and how the fetch shows itself; shared by `fetch` and `precheck`.
#[derive(Debug, clap::Args)]
pub struct SourceArgs {
    /// The sources' configuration [default: listingcheck.toml, if it exists, else built-in
    /// defaults].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore the cross-run cache of slow-changing answers (fresh answers are still cached).
    #[arg(long)]
    pub refresh: bool,
    /// Draw no progress bar on stderr.
    #[arg(long)]
    pub no_progress: bool,
}

impl SourceArgs {
    /// Fetches with these sources: bad config or descriptors are bad input (exit 2).
    pub fn fetch(
        &self,
        assets_dir: Option<PathBuf>,
        candidates: Vec<PathBuf>,
        scope: Scope,
    ) -> Result<FetchOutcome, Failure> {
        let config = listingcheck::inputs::config::load(self.config.as_deref())
            .map_err(Failure::bad_input)?;
        let options = FetchOptions {
            assets_dir,
            candidates,
            scope,
            http: HttpOptions {
                refresh: self.refresh,
                progress: super::progress::Progress::on_stderr(!self.no_progress),
            },
        };
        listingcheck::fetch::run(&config, &options).map_err(Failure::bad_input)
    }
}

pub fn run(args: &FetchArgs) -> Result<Exit, Failure> {
    if let Some(path) = &args.out {
        super::check_output_path(path)?;
    }
    // The default directory is optional; one the user names must exist.
    if let Some(dir) = &args.assets
        && !dir.is_dir()
    {
        return Err(Failure::bad_input(format!(
            "--assets {}: no such directory of asset descriptors",
            listingcheck::text::display_path(dir)
        )));
    }
    let assets_dir = args.assets.clone().or_else(|| {
        let default = Path::new(DEFAULT_ASSETS_DIR);
        default.is_dir().then(|| default.to_owned())
    });
    let outcome = args
        .sources
        .fetch(assets_dir, args.candidates.clone(), Scope::Universe)?;
    let path = args.out.clone().unwrap_or_else(|| {
        Path::new(SNAPSHOTS_DIR).join(listingcheck::snapshot::file_name(
            "snapshot",
            outcome.snapshot.taken_at,
        ))
    });
    save(&path, &outcome)?;
    Ok(if outcome.snapshot.failures.is_empty() {
        Exit::Clean
    } else {
        Exit::SourceFailed
    })
}

/// Writes the snapshot atomically and tells stderr where, with the fetch's summary, failures and
/// notes; returns the snapshot's content hash.
pub fn save(path: &Path, outcome: &FetchOutcome) -> Result<String, Failure> {
    let sha256 =
        listingcheck::snapshot::write(path, &outcome.snapshot).map_err(Failure::bad_input)?;
    note(format!(
        "wrote {} (sha256 {})",
        listingcheck::text::display_path(path),
        &sha256[..12]
    ));
    note(outcome.summary());
    for failure in &outcome.snapshot.failures {
        let assets = if failure.assets.is_empty() {
            String::new()
        } else {
            format!(" [affects {}]", failure.assets.join(", "))
        };
        eprintln!("  failed: {}{assets}", failure.error);
    }
    if let Some(note) = &outcome.snapshot.note {
        self::note(format!("note: {note}"));
    }
    Ok(sha256)
}
