//! `watch`: a long-running process that re-reads, every interval, only what can move fast for
//! every asset with chain contracts in its descriptor (total supply and the excluded wallets'
//! balances), evaluates the standard's supply rules on it, and alerts once per episode.
//!
//! The parts: [`poll`] (the reads and the evaluation, I/O), [`episodes`] (which alerts a poll
//! raises, pure), [`alert`] (their JSON shape and words) and [`webhook`] (delivery in a task of
//! its own). This file is the loop: poll, print and send the alerts, save the open episodes,
//! wait; a SIGTERM or SIGINT ends it after the poll in flight.

pub mod alert;
pub mod episodes;
pub mod poll;
pub mod powers;
pub mod webhook;

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;

use self::alert::{Alert, Event};
use self::episodes::{Episodes, WatchState};
use self::poll::Watched;
use self::webhook::Webhook;
use crate::inputs::config::Config;
use crate::locale::{Lang, Localizer};
use crate::source::{Http, HttpOptions, SourceError};

/// The name of the state file, beside the snapshots unless `--state` says otherwise.
pub const STATE_FILE: &str = "watch-state.json";
/// How long a stopping watch waits for the webhook to deliver what is queued.
const WEBHOOK_GRACE: Duration = Duration::from_secs(5);

/// How a watch runs.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    pub interval: Duration,
    /// Stop after this many polls (tests); `None` runs until a signal.
    pub polls: Option<u64>,
    /// Failed polls in a row before a source's assets are reported unseen.
    pub blind_after: u32,
    /// The open episodes, read at start and written after every poll.
    pub state: PathBuf,
    pub webhook: Option<String>,
    pub lang: Lang,
    /// Re-read who holds the tokens' powers every this many polls (`None`: never).
    pub powers_every: Option<u64>,
}

/// What a finished watch did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatchSummary {
    pub polls: u64,
    pub alerts: u64,
    /// Requests sent by the last poll, retries included.
    pub requests_last_poll: u64,
    /// The webhook's (delivered, failed, dropped).
    pub webhook: Option<(u64, u64, u64)>,
}

/// Why a watch could not start (all bad input or a broken environment).
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(
        "cannot read the watch state {path}: {problem}; fix or delete it (deleting alerts every open episode again)"
    )]
    State { path: String, problem: String },
    #[error("cannot start the HTTP client: {0}")]
    Client(#[source] SourceError),
    #[error("cannot start the webhook client: {0}")]
    Webhook(#[source] reqwest::Error),
    #[error("cannot listen for SIGTERM and SIGINT: {0}")]
    Signals(#[source] std::io::Error),
}

/// Parses an interval written as a number and a unit: `30s`, `10m`, `1h`, or `250ms` (for tests
/// and measurements); a bare number is seconds.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let millis_per_unit = match unit.trim() {
        "ms" => 1,
        "" | "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => 0,
    };
    match number.parse::<u64>() {
        Ok(count) if count > 0 && millis_per_unit > 0 => {
            Ok(Duration::from_millis(count.saturating_mul(millis_per_unit)))
        }
        _ => Err("expected a number and a unit: 30s, 10m or 1h".to_owned()),
    }
}

/// The state in `path`, or a fresh one when there is no such file.
pub fn load_state(path: &Path) -> Result<WatchState, WatchError> {
    let problem = |problem: String| WatchError::State {
        path: crate::text::display_path(path),
        problem,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|error| problem(error.to_string())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(WatchState::default()),
        Err(error) => Err(problem(crate::inputs::files::io_problem(&error))),
    }
}

/// Watches until `options.polls` polls are done or a signal comes; each alert's JSON line is
/// given to `print` and queued for the webhook.
pub async fn run(
    config: &Config,
    watched: &Watched,
    options: &WatchOptions,
    print: &mut dyn FnMut(&str),
) -> Result<WatchSummary, WatchError> {
    let mut stop = Stop::listen().map_err(WatchError::Signals)?;
    let webhook = options
        .webhook
        .clone()
        .map(Webhook::start)
        .transpose()
        .map_err(WatchError::Webhook)?;
    let words = Localizer::of(options.lang);
    let state = load_state(&options.state)?;
    let mut episodes = Episodes::new(state, watched.baseline(), options.blind_after);
    let mut holders = watched.known_holders();
    let mut summary = WatchSummary::default();
    loop {
        let at = Timestamp::now();
        // A client per poll: its provenance table and outage records start empty each time, so
        // memory stays flat and a source that was down is asked again.
        let http = Http::new(
            config,
            HttpOptions {
                refresh: true,
                progress: None,
            },
        )
        .map_err(WatchError::Client)?;
        let outcome = watched.poll(&http, at).await;
        let mut events = episodes.step(outcome, at);
        if options
            .powers_every
            .is_some_and(|every| (summary.polls + 1) % every.max(1) == 0)
        {
            let reread = powers::reread(&http, holders.contracts(), |contract| {
                match http.settings(&contract.chain).map(|settings| settings.kind) {
                    Some(crate::inputs::config::settings::SourceKind::Solana) => {
                        crate::snapshot::powers::Platform::Solana
                    }
                    _ => crate::snapshot::powers::Platform::Evm,
                }
            })
            .await;
            events.extend(
                holders
                    .update(reread)
                    .into_iter()
                    .map(Event::HoldersChanged),
            );
        }
        summary.requests_last_poll = http.stats().values().map(|stats| stats.requests).sum();
        drop(http);
        for event in events {
            let line = serde_json::to_string(&Alert::new(at, event, words))
                .expect("an alert is plain data");
            print(&line);
            if let Some(webhook) = &webhook {
                webhook.send(line);
            }
            summary.alerts += 1;
        }
        save_state(&options.state, &episodes.state);
        summary.polls += 1;
        tracing::info!(
            poll = summary.polls,
            requests = summary.requests_last_poll,
            alerts = summary.alerts,
            "poll done"
        );
        if options.polls.is_some_and(|polls| summary.polls >= polls) {
            break;
        }
        tokio::select! {
            biased;
            () = stop.wait() => break,
            () = tokio::time::sleep(options.interval) => {}
        }
    }
    if let Some(webhook) = webhook {
        summary.webhook = Some(webhook.finish(WEBHOOK_GRACE).await);
    }
    Ok(summary)
}

/// Writes the state atomically. A failure is logged, not fatal: the watch goes on, and a restart
/// may alert an open episode again.
fn save_state(path: &Path, state: &WatchState) {
    let json = serde_json::to_string_pretty(state).expect("the state is plain data");
    if let Err(error) = crate::inputs::files::write_atomic(path, json.as_bytes()) {
        tracing::warn!(
            path = %path.display(),
            problem = crate::inputs::files::io_problem(&error),
            "cannot write the watch state"
        );
    }
}

/// SIGTERM and SIGINT, listened to from the start so that one arriving during a poll ends the
/// watch when the poll is done.
struct Stop {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl Stop {
    #[cfg(unix)]
    fn listen() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Stop {
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    #[cfg(not(unix))]
    fn listen() -> std::io::Result<Self> {
        Ok(Stop {})
    }

    #[cfg(unix)]
    async fn wait(&mut self) {
        tokio::select! {
            _ = self.terminate.recv() => {}
            _ = self.interrupt.recv() => {}
        }
    }

    #[cfg(not(unix))]
    async fn wait(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_seconds_minutes_or_hours() {
        assert_eq!(parse_interval("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_interval("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_interval("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_interval("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_interval("250ms"), Ok(Duration::from_millis(250)));
        for bad in ["", "0s", "10x", "m", "-5m", "1.5h"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }
}
