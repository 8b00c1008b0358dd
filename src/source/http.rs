//! The HTTP layer every source shares.
//!
//! A source describes a request as a [`Call`]; [`Http::fetch`] answers it with the body and its
//! provenance (a snapshot [`Request`]: source, endpoint without secrets, fetched_at, cache age).
//! Everything that makes a run polite and robust happens here, once, for every source:
//! - per-source rate limits at the configured values, and a global concurrency cap
//!   ([`gate`]);
//! - timeouts, and retries ([`retry`]) with exponential backoff and jitter on 429, 5xx, timeouts
//!   and connection errors, honouring `Retry-After` and Upbit's `Remaining-Req`; HTTP 418 (Upbit's
//!   ban) ends all calls to that source for the run, and so does an outage: [`gate::OUTAGE_CALLS`]
//!   calls in a row that fail after all their retries;
//! - errors that APIs report inside HTTP 200 answers ([`fault`]);
//! - de-duplication of identical calls in flight at once;
//! - the cross-run cache of slow-changing answers ([`cache`]);
//! - API keys ([`key`]), read from the environment variables the config names and put on the
//!   wire only: never in the recorded endpoint, in errors, in logs or in the cache;
//! - a hook for a progress display ([`ProgressObserver`]) and per-source statistics
//!   ([`Http::stats`]).

mod cache;
mod call;
mod error;
mod fault;
mod gate;
mod key;
mod progress;
mod retry;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::{OnceCell, Semaphore};

use self::cache::Cache;
use self::call::described_endpoint;
pub use self::call::{Answer, CacheClass, Call, Method};
pub use self::error::SourceError;
use self::gate::Gate;
use self::key::{KeyPlacement, Secret, key_placement, needs_key};
pub use self::progress::ProgressObserver;
use crate::inputs::config::settings::{Config, SourceSettings};
use crate::snapshot::Request;

/// Options of one run.
#[derive(Clone, Default)]
pub struct HttpOptions {
    /// Ignore the cross-run cache (answers are still written to it).
    pub refresh: bool,
    /// Told of every call, e.g. to draw a progress bar.
    pub progress: Option<Arc<dyn ProgressObserver>>,
}

impl std::fmt::Debug for HttpOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpOptions")
            .field("refresh", &self.refresh)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// What the layer did for one source, for benchmarks and the end-of-run summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SourceStats {
    /// HTTP requests sent, retries included.
    pub requests: u64,
    /// Attempts that were retried.
    pub retries: u64,
    /// HTTP 429 answers received.
    pub too_many_requests: u64,
    /// Answers that said "rate limited" inside an HTTP 200 (CoinMarketCap 1008, Etherscan …).
    pub rate_limited_answers: u64,
    /// Calls answered from the cross-run cache.
    pub cache_hits: u64,
    /// Calls that joined an identical call already in flight instead of sending their own.
    pub shared: u64,
}

/// A configured source and its run-time state.
struct Source {
    settings: SourceSettings,
    gate: Gate,
    key: Option<Secret>,
}

/// The shared client. It also keeps the provenance table of the run: every successful answer is
/// recorded once, and its index is what observations cite.
pub struct Http {
    client: reqwest::Client,
    sources: HashMap<String, Source>,
    /// The global concurrency cap: one permit per request in flight.
    slots: Semaphore,
    max_retries: u32,
    cache: Cache,
    refresh: bool,
    in_flight: Mutex<HashMap<Call, InFlight>>,
    requests: Mutex<Vec<Request>>,
    stats: Mutex<BTreeMap<String, SourceStats>>,
    progress: Option<Arc<dyn ProgressObserver>>,
}

/// The answer of a call in flight, which identical calls made meanwhile wait for and share.
type InFlight = Arc<OnceCell<Result<Answer, SourceError>>>;

impl Http {
    /// A client for the sources of `config`, with keys from the process environment.
    pub fn new(config: &Config, options: HttpOptions) -> Result<Self, SourceError> {
        Self::with_env(config, options, |variable| std::env::var(variable).ok())
    }

    /// A client whose keys come from `env` (a variable name to its value) instead of the process
    /// environment; keys are read once, here.
    pub fn with_env(
        config: &Config,
        options: HttpOptions,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SourceError> {
        let timeout = Duration::from_secs(config.http.timeout_secs);
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(crate::text::TOOL)
            .build()
            .map_err(|error| SourceError::Network {
                source_name: "http".into(),
                endpoint: String::new(),
                message: error.to_string(),
                retries: 0,
            })?;
        let sources = config
            .sources
            .iter()
            .map(|(name, settings)| {
                let key = settings
                    .api_key_env
                    .as_deref()
                    .and_then(&env)
                    .filter(|key| !key.trim().is_empty())
                    .map(|key| Secret(key.trim().to_owned()));
                let source = Source {
                    settings: settings.clone(),
                    gate: Gate::new(settings.rate_limit, settings.bills_each_call),
                    key,
                };
                (name.clone(), source)
            })
            .collect();
        Ok(Http {
            client,
            sources,
            slots: Semaphore::new(config.http.concurrency.max(1)),
            max_retries: config.http.max_retries,
            cache: Cache::new(&config.cache),
            refresh: options.refresh,
            in_flight: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
            stats: Mutex::new(BTreeMap::new()),
            progress: options.progress,
        })
    }

    /// The provenance table so far, in the order answers arrived.
    pub fn requests(&self) -> Vec<Request> {
        self.requests
            .lock()
            .expect("no panic while holding the lock")
            .clone()
    }

    /// What the layer did so far, per source name (sources never called are absent).
    pub fn stats(&self) -> BTreeMap<String, SourceStats> {
        self.stats.lock().expect("no panic under the lock").clone()
    }

    /// The settings of a source, if it is configured.
    pub fn settings(&self, source: &str) -> Option<&SourceSettings> {
        self.sources.get(source).map(|source| &source.settings)
    }

    /// Whether a source is configured and enabled.
    pub fn enabled(&self, source: &str) -> bool {
        self.settings(source)
            .is_some_and(|settings| settings.enabled)
    }

    /// Answers a call: from the cross-run cache if allowed and fresh, else over HTTP with rate
    /// limits and retries. Identical calls in flight at once share one request and its `req`.
    pub async fn fetch(&self, call: &Call) -> Result<Answer, SourceError> {
        let source = self
            .sources
            .get(&call.source)
            .ok_or_else(|| SourceError::UnknownSource(call.source.clone()))?;
        if !source.settings.enabled {
            return Err(SourceError::Disabled(call.source.clone()));
        }
        if let Some(variable) = &source.settings.api_key_env
            && source.key.is_none()
            && (needs_key(source.settings.kind)
                || matches!(key_placement(&source.settings), KeyPlacement::Url))
        {
            return Err(SourceError::MissingKey {
                source_name: call.source.clone(),
                variable: variable.clone(),
            });
        }
        let (pending, joined) = {
            let mut in_flight = self.in_flight.lock().expect("no panic under the lock");
            match in_flight.get(call) {
                Some(pending) => (Arc::clone(pending), true),
                None => {
                    let pending = Arc::new(OnceCell::new());
                    in_flight.insert(call.clone(), Arc::clone(&pending));
                    (pending, false)
                }
            }
        };
        if joined {
            self.count(&call.source, |stats| stats.shared += 1);
        }
        pending.get_or_init(|| self.answer(call, source)).await;
        {
            let mut in_flight = self.in_flight.lock().expect("no panic under the lock");
            if in_flight
                .get(call)
                .is_some_and(|current| Arc::ptr_eq(current, &pending))
            {
                in_flight.remove(call);
            }
        }
        // The last caller holding the answer takes it; those that joined it earlier get a copy,
        // so an answer nobody shared (most of them, the coin list's megabytes among them) is
        // never copied.
        match Arc::try_unwrap(pending) {
            Ok(only) => only.into_inner().expect("initialised above"),
            Err(shared) => shared.get().expect("initialised above").clone(),
        }
    }

    /// Sends a call and parses the JSON answer into `T`; returns it with the answer's `req`.
    pub async fn fetch_json<T: DeserializeOwned>(
        &self,
        call: &Call,
    ) -> Result<(T, u32), SourceError> {
        let answer = self.fetch(call).await?;
        Ok((answer.parse()?, answer.req))
    }

    /// One call's answer, once per group of identical calls in flight.
    async fn answer(&self, call: &Call, source: &Source) -> Result<Answer, SourceError> {
        if let Some(progress) = &self.progress {
            progress.queued(&call.source);
        }
        let url = format!("{}{}", source.settings.base_url, call.path);
        let endpoint = described_endpoint(call, &url);
        let outcome = self
            .answer_from_cache_or_network(call, source, &url, &endpoint)
            .await;
        if let Some(progress) = &self.progress {
            progress.done(&call.source);
        }
        outcome
    }

    async fn answer_from_cache_or_network(
        &self,
        call: &Call,
        source: &Source,
        url: &str,
        endpoint: &str,
    ) -> Result<Answer, SourceError> {
        if call.cache.is_some()
            && !self.refresh
            && let Some(hit) = self.cache.entry(call, url).read().await
        {
            self.count(&call.source, |stats| stats.cache_hits += 1);
            tracing::debug!(source = %call.source, endpoint, age_secs = hit.age_secs, "answered from the cache");
            return Ok(self.recorded(call, endpoint, hit.body, hit.fetched_at, Some(hit.age_secs)));
        }
        let (body, fetched_at) = self.send_with_retries(call, source, url, endpoint).await?;
        if call.cache.is_some() {
            if source.key.as_ref().is_some_and(|key| key.is_in(&body)) {
                tracing::warn!(source = %call.source, endpoint, "the answer repeats the API key, so it is not cached");
            } else if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_err() {
                // An HTML challenge page or a truncated body answered 200: caching it would
                // repeat the failure for the cache's whole lifetime.
                tracing::warn!(source = %call.source, endpoint, "the answer is not JSON, so it is not cached");
            } else {
                let entry = self.cache.entry(call, url);
                entry.write(&call.source, endpoint, fetched_at, &body).await;
            }
        }
        Ok(self.recorded(call, endpoint, body, fetched_at, None))
    }

    /// An answer, entered in the provenance table so that observations can cite it.
    fn recorded(
        &self,
        call: &Call,
        endpoint: &str,
        body: Vec<u8>,
        fetched_at: Timestamp,
        cache_age_secs: Option<u64>,
    ) -> Answer {
        let request = Request {
            source: call.source.clone(),
            endpoint: endpoint.to_owned(),
            fetched_at,
            cache_age_secs,
        };
        let req = self.record(request.clone());
        Answer { body, req, request }
    }

    /// One HTTP request, through the source's gate.
    /// What an answer means: success, a failure worth retrying (and how long to wait), or a
    /// failure that retrying would not cure.
    /// Sends one request and reads the whole answer.
    /// A request that got no complete answer: timeouts and connection errors are retried.
    fn record(&self, request: Request) -> u32 {
        let mut requests = self
            .requests
            .lock()
            .expect("no panic while holding the lock");
        requests.push(request);
        u32::try_from(requests.len() - 1).expect("fewer than 2^32 requests")
    }

    fn count(&self, source: &str, change: impl FnOnce(&mut SourceStats)) {
        let mut stats = self.stats.lock().expect("no panic under the lock");
        change(stats.entry(source.to_owned()).or_default());
    }
}
