//! `listingcheck watch`: the supply rules of a standard, re-checked on fresh chain reads every
//! interval, with one alert per episode on stdout (and a webhook).

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use super::{Failure, SNAPSHOTS_DIR};
use crate::cli::console::note;
use listingcheck::exit::Exit;
use listingcheck::watch::poll::{Watched, supply_rules};
use listingcheck::watch::{STATE_FILE, WatchOptions};

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// Time between polls: 30s, 10m, 1h (250ms for measurements).
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = listingcheck::watch::parse_interval)]
    pub interval: Duration,
    /// Standards file; default: the newest adopted standard in standards/, else the newest draft.
    /// Only its rules on supply metrics are watched.
    #[arg(long, value_name = "FILE")]
    pub standard: Option<PathBuf>,
    /// The folder whose newest snapshot says which assets, contracts and wallets to watch.
    #[arg(long, value_name = "DIR", default_value = SNAPSHOTS_DIR)]
    pub snapshots: PathBuf,
    /// The sources' configuration [default: listingcheck.toml, if it exists, else built-in
    /// defaults].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// POST every alert's JSON (with a Slack-compatible `text`) to URL.
    #[arg(long, value_name = "URL")]
    pub webhook: Option<String>,
    /// Alert that a chain source's assets cannot be seen after it failed this many polls in a row.
    #[arg(long, value_name = "K", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub blind_after: u32,
    /// The open episodes, kept across restarts [default: watch-state.json beside the snapshots].
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Re-read who can mint, upgrade or freeze the tokens every N polls, and alert when a holder
    /// or a multisig's threshold changes; 0 never re-reads them.
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub powers_every: u64,
    /// Stop after N polls (for tests and one-off checks); default: run until SIGTERM or SIGINT.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub polls: Option<u64>,
}

pub fn run(args: &WatchArgs) -> Result<Exit, Failure> {
    let standard = super::check::load_standard(args.standard.as_deref())?;
    let standard = supply_rules(&standard).ok_or_else(|| {
        Failure::bad_input(format!(
            "{} has no rule on a supply metric, so there is nothing to watch",
            listingcheck::text::display_path(&standard.path)
        ))
    })?;
    let path = listingcheck::snapshot::newest_in(&args.snapshots).map_err(Failure::bad_input)?;
    let snapshot = listingcheck::snapshot::read(&path).map_err(Failure::bad_input)?;
    let config =
        listingcheck::inputs::config::load(args.config.as_deref()).map_err(Failure::bad_input)?;
    let watched = Watched::new(snapshot, standard);
    let assets = watched.assets();
    if assets.is_empty() {
        return Err(Failure::bad_input(format!(
            "no asset of {} has a descriptor with chain contracts, so there is nothing to watch",
            listingcheck::text::display_path(&path)
        )));
    }
    note(format!(
        "watching {} asset(s) of {} ({} contract(s)) every {:?} under {} rule(s) of {}",
        assets.len(),
        listingcheck::text::display_path(&path),
        watched.queries.len(),
        args.interval,
        watched.standard.standard.rules.len(),
        watched.standard.standard.meta.id,
    ));
    let options = WatchOptions {
        interval: args.interval,
        polls: args.polls,
        blind_after: args.blind_after,
        state: args
            .state
            .clone()
            .unwrap_or_else(|| args.snapshots.join(STATE_FILE)),
        webhook: args.webhook.clone(),
        lang: super::lang(),
        powers_every: (args.powers_every > 0).then_some(args.powers_every),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::bad_input(format!("cannot start the async runtime: {error}")))?;
    let mut print = |line: &str| {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe is no reason to stop watching: the webhook may still be listening.
        let _ = writeln!(stdout, "{line}").and_then(|()| stdout.flush());
    };
    let summary = runtime
        .block_on(listingcheck::watch::run(
            &config, &watched, &options, &mut print,
        ))
        .map_err(Failure::bad_input)?;
    let webhook = summary
        .webhook
        .map_or(String::new(), |(delivered, failed, dropped)| {
            format!(
                "; webhook: {delivered} delivered, {failed} failed after retries, {dropped} dropped"
            )
        });
    note(format!(
        "watch stopped after {} poll(s): {} alert(s), {} request(s) in the last poll{webhook}",
        summary.polls, summary.alerts, summary.requests_last_poll
    ));
    Ok(Exit::Clean)
}
