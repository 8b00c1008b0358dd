//! What a run shows on stderr: a progress bar of the HTTP layer's calls, and the log.
//!
//! Both belong to the command line, not the library: the HTTP layer only tells a
//! [`ProgressObserver`] of its calls. The bar is drawn only when asked for and stderr is a
//! terminal. Log lines written while it is drawn suspend it for the moment of the write, so the
//! two never garble each other.

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, WeakProgressBar};
use listingcheck::source::ProgressObserver;

/// The bar being drawn, if any, for the log writer to suspend.
static DRAWN: Mutex<Option<WeakProgressBar>> = Mutex::new(None);

/// Installs the log: `tracing` events to stderr, filtered by `RUST_LOG`, else by `default_filter`
/// (`warn` shows retries and cache problems; `-v` and `-vv` raise it), coloured when `ansi`.
/// Calling it again does nothing.
pub fn init_logging(default_filter: &str, ansi: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    let _already_installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| LogWriter)
        .with_ansi(ansi)
        .with_target(false)
        .try_init();
}

/// Writes log lines to stderr around the progress bar.
struct LogWriter;

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let bar = DRAWN
            .lock()
            .expect("no panic under the lock")
            .as_ref()
            .and_then(WeakProgressBar::upgrade);
        match bar {
            Some(bar) => bar.suspend(|| std::io::stderr().write_all(buf))?,
            None => std::io::stderr().write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// Calls queued and done, in total (the bar) and per source (its message).
pub struct Progress {
    bar: ProgressBar,
    per_source: Mutex<BTreeMap<String, (u64, u64)>>,
}

impl Progress {
    /// A bar on stderr, or `None` where it is not wanted or stderr is not a terminal.
    pub fn on_stderr(wanted: bool) -> Option<Arc<dyn ProgressObserver>> {
        (wanted && std::io::stderr().is_terminal())
            .then(|| Arc::new(Progress::new()) as Arc<dyn ProgressObserver>)
    }

    fn new() -> Self {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos}/{len} requests  {wide_msg}")
                .expect("the template is valid"),
        );
        *DRAWN.lock().expect("no panic under the lock") = Some(bar.downgrade());
        Progress {
            bar,
            per_source: Mutex::new(BTreeMap::new()),
        }
    }

    fn update(&self, source: &str, change: impl FnOnce(&mut (u64, u64))) {
        let mut per_source = self.per_source.lock().expect("no panic under the lock");
        change(per_source.entry(source.to_owned()).or_default());
        let message = per_source
            .iter()
            .map(|(source, (done, queued))| format!("{source} {done}/{queued}"))
            .collect::<Vec<_>>()
            .join(" · ");
        self.bar.set_message(message);
    }
}

impl ProgressObserver for Progress {
    fn queued(&self, source: &str) {
        self.bar.inc_length(1);
        self.update(source, |(_, queued)| *queued += 1);
    }

    fn done(&self, source: &str) {
        self.bar.inc(1);
        self.update(source, |(done, _)| *done += 1);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        let mut drawn = DRAWN.lock().expect("no panic under the lock");
        if drawn
            .as_ref()
            .and_then(WeakProgressBar::upgrade)
            .is_none_or(|bar| bar.is_finished())
        {
            *drawn = None;
        }
    }
}
