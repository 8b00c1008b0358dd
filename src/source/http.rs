//! The HTTP layer every source shares.
//!
//! A source describes a request as a [`Call`]; [`Http::fetch`] answers it with the body and its
//! provenance (a snapshot [`Request`]: source, endpoint without secrets, fetched_at, cache age).
//! Everything that makes a run polite and robust happens here, once, for every source:
//! - per-source rate limits at the configured values, and a global concurrency cap
//!   ([`gate`]);
//! - timeouts, and retries with exponential backoff and jitter on 429, 5xx, timeouts and
//!   connection errors, honouring `Retry-After` and Upbit's `Remaining-Req`; HTTP 418 (Upbit's
//!   ban) ends all calls to that source for the run, and so does an outage: [`gate::OUTAGE_CALLS`]
//!   calls in a row that fail after all their retries;
//! - errors that APIs report inside HTTP 200 answers ([`fault`]);
//! - de-duplication of identical calls in flight at once;
//! - the cross-run cache of slow-changing answers ([`cache`]);
//! - API keys, read from the environment variables the config names and put on the wire only:
//!   never in the recorded endpoint, in errors, in logs or in the cache;
//! - logs, a progress bar ([`progress`]) and per-source statistics ([`Http::stats`]).

mod cache;
mod fault;
mod gate;
mod progress;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::{OnceCell, Semaphore};

use self::cache::Cache;
use self::gate::{Gate, LONGEST_WAIT, OUTAGE_CALLS, Refusal};
pub use self::progress::init_logging;
use crate::config::{Config, KEY_PLACEHOLDER, SourceKind, SourceSettings};
use crate::snapshot::Request;

/// Why a source gave no answer. Messages name the source and the endpoint (without keys) and
/// say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error(
        "{source_name} answered HTTP {status} at {endpoint}{}; retried {retries} times. Check `base_url` in listingcheck.toml or try again later",
        said(detail)
    )]
    Http {
        source_name: String,
        endpoint: String,
        status: u16,
        retries: u32,
        /// What the API said in the body, if it said anything we recognise.
        detail: String,
    },
    #[error("{source_name} reported an error at {endpoint}: {message}")]
    Api {
        source_name: String,
        endpoint: String,
        /// The API's code and message; when the API kept saying "rate limited", how often we
        /// retried.
        message: String,
    },
    #[error(
        "{source_name}: the answer of {endpoint} is not what listingcheck expects ({detail}); the API may have changed"
    )]
    Shape {
        source_name: String,
        endpoint: String,
        detail: String,
    },
    #[error("{source_name} did not answer {endpoint} within the timeout; retried {retries} times")]
    Timeout {
        source_name: String,
        endpoint: String,
        retries: u32,
    },
    #[error("cannot reach {source_name} at {endpoint}: {message}; retried {retries} times")]
    Network {
        source_name: String,
        endpoint: String,
        message: String,
        retries: u32,
    },
    #[error(
        "{source_name} banned this client temporarily (HTTP 418) after too many requests; no further calls are made to it in this run"
    )]
    Banned { source_name: String },
    #[error(
        "{source_name} is down for the rest of this run: {calls} calls in a row failed after all their retries (no connection, timeouts or HTTP 5xx); the data it would give is missing, and the first failures say why"
    )]
    Down { source_name: String, calls: u32 },
    #[error(
        "{source_name} asked listingcheck to wait {wait_secs} s before calling again, longer than a run waits; try again later"
    )]
    Throttled { source_name: String, wait_secs: u64 },
    #[error(
        "{source_name} needs an API key in the environment variable {variable}, which is not set"
    )]
    MissingKey {
        source_name: String,
        variable: String,
    },
    #[error("source `{0}` is disabled in listingcheck.toml (`enabled = false`)")]
    Disabled(String),
    #[error("no source named `{0}` in listingcheck.toml")]
    UnknownSource(String),
}

fn said(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

impl SourceError {
    /// An error reported by the API in its answer.
    pub fn api(source_name: &str, endpoint: &str, message: impl Into<String>) -> Self {
        SourceError::Api {
            source_name: source_name.to_owned(),
            endpoint: endpoint.to_owned(),
            message: message.into(),
        }
    }

    /// An answer that does not have the expected shape.
    pub fn shape(source_name: &str, endpoint: &str, detail: impl Into<String>) -> Self {
        SourceError::Shape {
            source_name: source_name.to_owned(),
            endpoint: endpoint.to_owned(),
            detail: detail.into(),
        }
    }

    /// What went wrong, in a few words, for the log of a retry.
    fn reason(&self) -> String {
        match self {
            SourceError::Http { status, detail, .. } => format!("HTTP {status}{}", said(detail)),
            SourceError::Timeout { .. } => "no answer within the timeout".to_owned(),
            SourceError::Network { message, .. } | SourceError::Api { message, .. } => {
                message.clone()
            }
            other => other.to_string(),
        }
    }

    /// Whether the error says the source is unreachable or failing, rather than refusing this
    /// one call: what the outage breaker counts.
    fn is_outage(&self) -> bool {
        match self {
            SourceError::Http { status, .. } => *status == 408 || (500..=599).contains(status),
            SourceError::Timeout { .. } | SourceError::Network { .. } => true,
            _ => false,
        }
    }

    /// The same error, saying how many times the call was retried.
    fn after_retries(mut self, count: u32) -> Self {
        match &mut self {
            SourceError::Http { retries, .. }
            | SourceError::Timeout { retries, .. }
            | SourceError::Network { retries, .. } => *retries = count,
            SourceError::Api { message, .. } if count > 0 => {
                let _ = write!(message, "; retried {count} times");
            }
            _ => {}
        }
        self
    }
}

/// GET or POST.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
}

/// Which cross-run cache an answer may be kept in; `None` on a [`Call`] means never cached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CacheClass {
    /// Coin lists and contract addresses.
    CoinList,
    /// Per-asset exchange lists (CoinGecko tickers).
    Tickers,
    /// First-trade dates.
    FirstTrade,
}

/// One request to one source.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Call {
    /// The source's name in the config (`upbit`, `coingecko`, `ethereum`, …).
    pub source: String,
    pub method: Method,
    /// Path and query after the source's `base_url`, e.g. `/v1/market/all?isDetails=true`.
    pub path: String,
    /// A JSON body, for POST (JSON-RPC).
    pub body: Option<String>,
    pub cache: Option<CacheClass>,
}

impl Call {
    pub fn get(source: &str, path: impl Into<String>) -> Self {
        Call {
            source: source.to_owned(),
            method: Method::Get,
            path: path.into(),
            body: None,
            cache: None,
        }
    }

    pub fn post_json(source: &str, path: impl Into<String>, body: &serde_json::Value) -> Self {
        Call {
            source: source.to_owned(),
            method: Method::Post,
            path: path.into(),
            body: Some(body.to_string()),
            cache: None,
        }
    }

    /// Lets the answer come from, and go to, the cross-run cache of `class`.
    #[must_use]
    pub fn cached(mut self, class: CacheClass) -> Self {
        self.cache = Some(class);
        self
    }
}

/// A successful answer and where it came from.
#[derive(Clone, Debug)]
pub struct Answer {
    pub body: Vec<u8>,
    /// The answer's index in the provenance table ([`Http::requests`]): observations cite it as
    /// their `req`.
    pub req: u32,
    pub request: Request,
}

impl Answer {
    /// The body parsed as `T`, or a [`SourceError::Shape`] naming the source and endpoint.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, SourceError> {
        serde_json::from_slice(&self.body).map_err(|error| self.shape(error.to_string()))
    }

    /// A [`SourceError::Shape`] for this answer: it arrived but does not say what it should.
    pub fn shape(&self, detail: impl Into<String>) -> SourceError {
        SourceError::shape(&self.request.source, &self.request.endpoint, detail)
    }
}

/// Options of one run.
#[derive(Clone, Copy, Debug, Default)]
pub struct HttpOptions {
    /// Ignore the cross-run cache (answers are still written to it).
    pub refresh: bool,
    /// Draw a progress bar on stderr; it stays off anyway when stderr is not a terminal.
    pub progress: bool,
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

/// Wait before each retry: `BACKOFF_BASE × 2^retry`, at most `BACKOFF_CAP`, of which a random
/// part up to half is taken off (jitter) so that callers that failed together do not retry
/// together.
const BACKOFF_BASE: Duration = Duration::from_millis(250);
const BACKOFF_CAP: Duration = Duration::from_secs(30);

/// Upbit's `Remaining-Req` counts requests per second: once `sec` reaches 0, a full second from
/// the answer is sure to be past the server's second, however its clock is aligned with ours.
const REMAINING_REQ_PAUSE: Duration = Duration::from_secs(1);

/// An API key: put on the wire and nowhere else (its `Debug` does not show it).
#[derive(Clone)]
struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    /// `text` with every occurrence of the key replaced, for anything that came from a server.
    fn redact(&self, text: &str) -> String {
        text.replace(&self.0, "<redacted>")
    }
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
    progress: progress::Progress,
}

/// The answer of a call in flight, which identical calls made meanwhile wait for and share.
type InFlight = Arc<OnceCell<Result<Answer, SourceError>>>;

/// A complete HTTP answer.
struct Received {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
    /// When the request was sent.
    fetched_at: Timestamp,
}

/// How one attempt ended.
enum Attempt {
    Done {
        body: Vec<u8>,
        fetched_at: Timestamp,
    },
    Retry {
        error: SourceError,
        wait: Wait,
    },
    Fail(SourceError),
}

/// How long to wait before a retry.
enum Wait {
    /// The server said how long (`Retry-After`): the whole source pauses that long.
    Server(Duration),
    /// The server said "rate limited" without saying how long: the whole source pauses for one
    /// rate-limit window (the server's count has then started over), or the backoff if longer.
    Window,
    /// Anything else (5xx, timeout, connection): this call alone backs off.
    Backoff,
}

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
            .user_agent(crate::TOOL)
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
            progress: progress::Progress::new(options.progress),
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
        self.progress.queued(&call.source);
        let url = format!("{}{}", source.settings.base_url, call.path);
        let endpoint = described_endpoint(call, &url);
        let outcome = self
            .answer_from_cache_or_network(call, source, &url, &endpoint)
            .await;
        self.progress.done(&call.source);
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
            if source
                .key
                .as_ref()
                .is_some_and(|key| contains(&body, key.0.as_bytes()))
            {
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

    async fn send_with_retries(
        &self,
        call: &Call,
        source: &Source,
        url: &str,
        endpoint: &str,
    ) -> Result<(Vec<u8>, Timestamp), SourceError> {
        let mut retries = 0;
        loop {
            let (error, wait) = match self.attempt(call, source, url, endpoint, retries).await {
                Attempt::Done { body, fetched_at } => {
                    source.gate.answered();
                    return Ok((body, fetched_at));
                }
                Attempt::Fail(error) => return Err(error.after_retries(retries)),
                Attempt::Retry { error, .. } if retries >= self.max_retries => {
                    if error.is_outage() && source.gate.outage() {
                        tracing::warn!(source = %call.source, endpoint, "{OUTAGE_CALLS} calls in a row failed after all their retries: no more calls to this source in this run");
                    }
                    return Err(error.after_retries(retries));
                }
                Attempt::Retry { error, wait } => (error, wait),
            };
            let backoff = backoff(retries);
            // A wait the server asked for holds every call to the source; a backoff only this one.
            let (delay, whole_source) = match wait {
                Wait::Server(asked) if asked > LONGEST_WAIT => {
                    source.gate.pause_for(asked);
                    return Err(SourceError::Throttled {
                        source_name: call.source.clone(),
                        wait_secs: asked.as_secs(),
                    });
                }
                Wait::Server(asked) if !asked.is_zero() => (asked, true),
                Wait::Server(_) | Wait::Backoff => (backoff, false),
                Wait::Window => {
                    let window =
                        Duration::from_secs(u64::from(source.settings.rate_limit.per_seconds));
                    (window.max(backoff), true)
                }
            };
            retries += 1;
            self.count(&call.source, |stats| stats.retries += 1);
            tracing::warn!(
                source = %call.source,
                endpoint,
                retry = retries,
                of = self.max_retries,
                wait_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                "retrying after {}",
                error.reason()
            );
            if whole_source {
                source.gate.pause_for(delay);
            } else {
                tokio::time::sleep(delay).await;
            }
        }
    }

    /// One HTTP request, through the source's gate.
    async fn attempt(
        &self,
        call: &Call,
        source: &Source,
        url: &str,
        endpoint: &str,
        retries: u32,
    ) -> Attempt {
        let weight = if source.settings.bills_each_call {
            batch_len(call)
        } else {
            1
        };
        let slot = match source.gate.admit(&self.slots, weight).await {
            Ok(slot) => slot,
            Err(Refusal::Banned) => {
                return Attempt::Fail(SourceError::Banned {
                    source_name: call.source.clone(),
                });
            }
            Err(Refusal::Paused(left)) => {
                return Attempt::Fail(SourceError::Throttled {
                    source_name: call.source.clone(),
                    wait_secs: left.as_secs(),
                });
            }
            Err(Refusal::Down) => {
                return Attempt::Fail(SourceError::Down {
                    source_name: call.source.clone(),
                    calls: OUTAGE_CALLS,
                });
            }
        };
        self.count(&call.source, |stats| stats.requests += 1);
        let started = std::time::Instant::now();
        let result = self.send(call, source, url).await;
        drop(slot);
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let received = match result {
            Ok(received) => received,
            Err(error) => {
                let attempt = Self::transport_failure(call, source, endpoint, error);
                if let Attempt::Retry { error, .. } | Attempt::Fail(error) = &attempt {
                    tracing::debug!(source = %call.source, endpoint, attempt = retries + 1, elapsed_ms, "no answer: {error}");
                }
                return attempt;
            }
        };
        tracing::debug!(source = %call.source, endpoint, status = received.status, attempt = retries + 1, elapsed_ms, bytes = received.body.len(), "answered");
        self.judge(call, source, endpoint, received)
    }

    /// What an answer means: success, a failure worth retrying (and how long to wait), or a
    /// failure that retrying would not cure.
    fn judge(&self, call: &Call, source: &Source, endpoint: &str, received: Received) -> Attempt {
        let Received {
            status,
            headers,
            body,
            fetched_at,
        } = received;
        if headers
            .get("remaining-req")
            .and_then(|value| value.to_str().ok())
            .is_some_and(gate::remaining_req_spent)
        {
            source.gate.pause_for(REMAINING_REQ_PAUSE);
        }
        let retry_after = headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| gate::retry_after(value, Timestamp::now()));
        let fault = fault::fault(source.settings.kind, &body).map(|mut fault| {
            if let Some(key) = &source.key {
                fault.message = key.redact(&fault.message);
            }
            fault
        });
        let http_error = |detail: String| SourceError::Http {
            source_name: call.source.clone(),
            endpoint: endpoint.to_owned(),
            status,
            retries: 0,
            detail,
        };
        let detail = || {
            fault
                .as_ref()
                .map(|f| f.message.clone())
                .unwrap_or_default()
        };
        match status {
            418 => {
                source.gate.ban();
                tracing::warn!(source = %call.source, endpoint, "HTTP 418: the source banned this client; no more calls to it in this run");
                Attempt::Fail(SourceError::Banned {
                    source_name: call.source.clone(),
                })
            }
            429 => {
                self.count(&call.source, |stats| stats.too_many_requests += 1);
                Attempt::Retry {
                    error: http_error(detail()),
                    wait: retry_after.map_or(Wait::Window, Wait::Server),
                }
            }
            // 408: the server gave up waiting for our request, a timeout on its side.
            408 | 500..=599 => Attempt::Retry {
                error: http_error(detail()),
                wait: retry_after.map_or(Wait::Backoff, Wait::Server),
            },
            200..=299 => match fault {
                Some(fault) if fault.rate_limited => {
                    self.count(&call.source, |stats| stats.rate_limited_answers += 1);
                    Attempt::Retry {
                        error: SourceError::api(&call.source, endpoint, fault.message),
                        wait: retry_after.map_or(Wait::Window, Wait::Server),
                    }
                }
                Some(fault) => {
                    Attempt::Fail(SourceError::api(&call.source, endpoint, fault.message))
                }
                None => Attempt::Done { body, fetched_at },
            },
            _ => Attempt::Fail(http_error(detail())),
        }
    }

    /// Sends one request and reads the whole answer.
    async fn send(
        &self,
        call: &Call,
        source: &Source,
        url: &str,
    ) -> Result<Received, reqwest::Error> {
        let placement = key_placement(&source.settings);
        let url = match (&source.key, &placement) {
            (Some(key), KeyPlacement::Url) => url.replace(KEY_PLACEHOLDER, &key.0),
            _ => url.to_owned(),
        };
        let mut request = match call.method {
            Method::Get => self.client.get(&url),
            Method::Post => self
                .client
                .post(&url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(call.body.clone().unwrap_or_default()),
        };
        if let Some(key) = &source.key {
            request = match placement {
                KeyPlacement::Header(name) => request.header(name, &key.0),
                KeyPlacement::Bearer => request.bearer_auth(&key.0),
                KeyPlacement::Query(name) => request.query(&[(name, &key.0)]),
                KeyPlacement::Url => request,
            };
        }
        let fetched_at = Timestamp::now();
        let response = request.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        Ok(Received {
            status,
            headers,
            body,
            fetched_at,
        })
    }

    /// A request that got no complete answer: timeouts and connection errors are retried.
    fn transport_failure(
        call: &Call,
        source: &Source,
        endpoint: &str,
        error: reqwest::Error,
    ) -> Attempt {
        if error.is_timeout() {
            return Attempt::Retry {
                error: SourceError::Timeout {
                    source_name: call.source.clone(),
                    endpoint: endpoint.to_owned(),
                    retries: 0,
                },
                wait: Wait::Backoff,
            };
        }
        // A request that could not even be built (a malformed `base_url`) fails the same way
        // every time, and so does a host name that does not resolve (no network, or a typo in
        // `base_url`): retrying it only makes an offline run slow and noisy.
        let permanent = error.is_builder() || is_dns_failure(&error);
        // The URL (which may hold a query key) is left out; the causes say what went wrong.
        let error = error.without_url();
        let mut message = error.to_string();
        let mut cause = std::error::Error::source(&error);
        while let Some(inner) = cause {
            message.push_str(": ");
            message.push_str(&inner.to_string());
            cause = inner.source();
        }
        if let Some(key) = &source.key {
            message = key.redact(&message);
        }
        let error = SourceError::Network {
            source_name: call.source.clone(),
            endpoint: endpoint.to_owned(),
            message,
            retries: 0,
        };
        if permanent {
            Attempt::Fail(error)
        } else {
            Attempt::Retry {
                error,
                wait: Wait::Backoff,
            }
        }
    }

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

/// Whether the host name of the request could not be resolved. hyper's connector names this
/// cause "dns error"; the resolver's own message ("Name or service not known", "No address
/// associated with hostname", …) varies by system.
fn is_dns_failure(error: &reqwest::Error) -> bool {
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        if inner.to_string().starts_with("dns error") {
            return true;
        }
        cause = inner.source();
    }
    false
}

/// The wait before retry number `retry + 1`.
fn backoff(retry: u32) -> Duration {
    let full = BACKOFF_BASE
        .saturating_mul(2u32.saturating_pow(retry))
        .min(BACKOFF_CAP);
    full / 2 + full.mul_f64(fastrand::f64() / 2.0)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// The endpoint as recorded: the URL without keys, plus the JSON-RPC method for POSTs so that the
/// provenance says what was asked.
fn described_endpoint(call: &Call, endpoint: &str) -> String {
    match (&call.method, &call.body) {
        (Method::Post, Some(body)) => format!("POST {endpoint} {}", summarize_rpc(body)),
        _ => endpoint.to_owned(),
    }
}

/// The number of calls in a JSON-RPC batch (1 for anything else), for sources that bill each.
fn batch_len(call: &Call) -> u32 {
    let Some(body) = call
        .body
        .as_deref()
        .filter(|body| body.trim_start().starts_with('['))
    else {
        return 1;
    };
    serde_json::from_str::<Vec<serde::de::IgnoredAny>>(body).map_or(1, |calls| {
        u32::try_from(calls.len()).unwrap_or(u32::MAX).max(1)
    })
}

/// `eth_call ×12 (ids 20–31)` for a JSON-RPC batch, or the method of a single call with its id:
/// the ids tell apart two batches of the same size sent to one node in one run.
fn summarize_rpc(body: &str) -> String {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else {
        return String::new();
    };
    let calls: Vec<&serde_json::Value> = match &value {
        serde_json::Value::Array(calls) => calls.iter().collect(),
        single => vec![single],
    };
    let methods: Vec<&str> = calls
        .iter()
        .filter_map(|c| c.get("method")?.as_str())
        .collect();
    let ids: Vec<u64> = calls.iter().filter_map(|c| c.get("id")?.as_u64()).collect();
    let ids = match (ids.iter().min(), ids.iter().max()) {
        (Some(low), Some(high)) if ids.len() == calls.len() && low == high => {
            format!(" (id {low})")
        }
        (Some(low), Some(high)) if ids.len() == calls.len() => format!(" (ids {low}–{high})"),
        _ => String::new(),
    };
    match methods.as_slice() {
        [] => String::new(),
        [one] => format!("{one}{ids}"),
        [first, ..] => format!("{first} ×{}{ids}", methods.len()),
    }
}

/// Whether an API of this kind refuses to answer without a key. CoinGecko answers keyless (at a
/// lower, IP-shared rate), and chain nodes and exchanges' public APIs need none; CoinMarketCap
/// and Etherscan answer nothing useful without one, so the call fails before the network.
fn needs_key(kind: SourceKind) -> bool {
    matches!(kind, SourceKind::Coinmarketcap | SourceKind::Etherscan)
}

/// Where an API expects its key.
enum KeyPlacement {
    Header(&'static str),
    Query(&'static str),
    /// `Authorization: Bearer <key>`, what managed RPC gateways commonly accept.
    Bearer,
    /// In place of [`KEY_PLACEHOLDER`] in the `base_url`, for gateways that take nothing else.
    Url,
}

fn key_placement(settings: &SourceSettings) -> KeyPlacement {
    if settings.base_url.contains(KEY_PLACEHOLDER) {
        return KeyPlacement::Url;
    }
    match settings.kind {
        SourceKind::Coingecko if settings.is_coingecko_pro() => {
            KeyPlacement::Header("x-cg-pro-api-key")
        }
        SourceKind::Coingecko => KeyPlacement::Header("x-cg-demo-api-key"),
        SourceKind::Coinmarketcap => KeyPlacement::Header("X-CMC_PRO_API_KEY"),
        SourceKind::Etherscan => KeyPlacement::Query("apikey"),
        _ => KeyPlacement::Bearer,
    }
}
