//! The cross-run cache of slow-changing answers (coin lists, exchange lists, first-trade dates).
//!
//! One file per call under `<cache dir>/http/<source>/<sha256 of the call>.entry`: a first line
//! of JSON saying what was asked and when it was fetched, then the body exactly as received.
//! Entries are written atomically, so two runs sharing the directory never see a torn one. The
//! key covers the source, method, URL (without the API key, which is added only on the wire)
//! and request body, so a changed `base_url` never serves an answer from elsewhere.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use super::{CacheClass, Call};
use crate::inputs::config::settings::CacheSettings;

/// The entry format this version reads and writes.
const ENTRY_SCHEMA: u32 = 1;

/// How many entries are read or written at once. Each is file I/O on a thread of the runtime's
/// blocking pool; a daily run answers a thousand calls from the cache at the same moment, and
/// without a bound the pool starts hundreds of threads for them, which on a small machine stalls
/// the requests in flight beside them for a good part of a second.
const FILES_AT_ONCE: usize = 4;

/// The cache of one run.
pub(super) struct Cache {
    dir: PathBuf,
    settings: CacheSettings,
    /// One permit per entry being read or written.
    files: Arc<Semaphore>,
}

/// The place of one call's answer in the cache.
pub(super) struct Entry {
    path: PathBuf,
    max_age_secs: Option<u64>,
    files: Arc<Semaphore>,
}

/// An entry young enough to use.
pub(super) struct Hit {
    pub body: Vec<u8>,
    pub fetched_at: Timestamp,
    pub age_secs: u64,
}

#[derive(Serialize, Deserialize)]
struct Header {
    schema: u32,
    source: String,
    endpoint: String,
    fetched_at: Timestamp,
}

impl Cache {
    pub(super) fn new(settings: &CacheSettings) -> Self {
        Cache {
            dir: settings.resolved_dir().join("http"),
            settings: settings.clone(),
            files: Arc::new(Semaphore::new(FILES_AT_ONCE)),
        }
    }

    /// The maximum age of a class, from the config.
    fn max_age_secs(&self, class: CacheClass) -> u64 {
        let hours = match class {
            CacheClass::CoinList => self.settings.coin_list_hours,
            CacheClass::Tickers => self.settings.tickers_hours,
            CacheClass::FirstTrade => self.settings.first_trade_hours,
        };
        hours.saturating_mul(3600)
    }

    /// The entry of `call` sent to `url` (the URL without key).
    pub(super) fn entry(&self, call: &Call, url: &str) -> Entry {
        let material = format!(
            "{:?} {url}\n{}",
            call.method,
            call.body.as_deref().unwrap_or("")
        );
        let name = format!(
            "{}.entry",
            crate::inputs::files::sha256_hex(material.as_bytes())
        );
        Entry {
            path: self.dir.join(&call.source).join(name),
            max_age_secs: call.cache.map(|class| self.max_age_secs(class)),
            files: Arc::clone(&self.files),
        }
    }
}

impl Entry {
    /// The cached answer, if there is one younger than the call's class allows. An unreadable
    /// or malformed entry is a miss. The file is read off the async runtime's threads.
    pub(super) async fn read(self) -> Option<Hit> {
        let max_age_secs = self.max_age_secs?;
        let now = Timestamp::now();
        let _file = Arc::clone(&self.files)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        tokio::task::spawn_blocking(move || self.read_now(max_age_secs, now))
            .await
            .ok()
            .flatten()
    }

    fn read_now(&self, max_age_secs: u64, now: Timestamp) -> Option<Hit> {
        let bytes = std::fs::read(&self.path).ok()?;
        let newline = bytes.iter().position(|&b| b == b'\n')?;
        let header: Header = match serde_json::from_slice(&bytes[..newline]) {
            Ok(header) => header,
            Err(error) => {
                tracing::debug!(path = %self.path.display(), %error, "ignoring a malformed cache entry");
                return None;
            }
        };
        if header.schema != ENTRY_SCHEMA {
            return None;
        }
        // An entry from the future (a clock set back) is not trusted.
        let age_secs = u64::try_from(now.as_second() - header.fetched_at.as_second()).ok()?;
        if age_secs > max_age_secs {
            return None;
        }
        Some(Hit {
            body: bytes[newline + 1..].to_vec(),
            fetched_at: header.fetched_at,
            age_secs,
        })
    }

    /// Keeps a successful answer, atomically. A failed write only costs the next run a request,
    /// so it is logged rather than returned.
    pub(super) async fn write(
        self,
        source: &str,
        endpoint: &str,
        fetched_at: Timestamp,
        body: &[u8],
    ) {
        let header = Header {
            schema: ENTRY_SCHEMA,
            source: source.to_owned(),
            endpoint: endpoint.to_owned(),
            fetched_at,
        };
        let mut bytes = serde_json::to_vec(&header).expect("a header always serializes");
        bytes.push(b'\n');
        bytes.extend_from_slice(body);
        let path = self.path;
        let _file = self
            .files
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let written = tokio::task::spawn_blocking(move || {
            crate::inputs::files::write_atomic(&path, &bytes).map_err(|error| (path, error))
        })
        .await;
        if let Ok(Err((path, error))) = written {
            tracing::warn!(path = %path.display(), %error, "cannot write to the cache; the next run fetches this answer again");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn cache_in(dir: &std::path::Path) -> Cache {
        Cache::new(&CacheSettings {
            dir: Some(dir.to_owned()),
            ..CacheSettings::default()
        })
    }

    fn call(n: usize) -> Call {
        Call::get("coingecko", format!("/coins/coin-{n}/tickers?page=1"))
            .cached(CacheClass::Tickers)
    }

    fn url(n: usize) -> String {
        format!("https://api.example.com/coins/coin-{n}/tickers?page=1")
    }

    #[tokio::test]
    async fn a_thousand_entries_read_at_once_are_all_answered() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let now = Timestamp::now();
        for n in 0..1000 {
            let body = format!("{{\"coin\":{n}}}");
            cache
                .entry(&call(n), &url(n))
                .write("coingecko", &url(n), now, body.as_bytes())
                .await;
        }

        let hits =
            futures::future::join_all((0..1000).map(|n| cache.entry(&call(n), &url(n)).read()))
                .await;

        for (n, hit) in hits.into_iter().enumerate() {
            assert_eq!(
                hit.expect("a fresh entry").body,
                format!("{{\"coin\":{n}}}").into_bytes()
            );
        }
    }

    #[tokio::test]
    async fn an_entry_is_read_only_when_a_file_slot_is_free() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let entry = || cache.entry(&call(1), &url(1));
        entry()
            .write("coingecko", &url(1), Timestamp::now(), b"{}")
            .await;
        let taken = Arc::clone(&cache.files)
            .acquire_many_owned(u32::try_from(FILES_AT_ONCE).unwrap())
            .await
            .unwrap();

        let mut read = Box::pin(entry().read());
        let waited = tokio::time::timeout(Duration::from_millis(200), &mut read).await;
        assert!(
            waited.is_err(),
            "the entry was read while every slot was taken"
        );
        drop(taken);
        assert!(read.await.is_some());
    }
}
