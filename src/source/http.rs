//! The HTTP layer every source shares.
//!
//! A source describes a request as a [`Call`]; [`Http::fetch`] sends it and returns the body with
//! its provenance (a snapshot [`Request`]: source, endpoint without secrets, fetched_at, cache
//! age). Keys are added here, from the environment variable the config names, and never appear
//! in the recorded endpoint, in errors or in logs.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use jiff::Timestamp;
use serde::de::DeserializeOwned;

use crate::config::{Config, SourceKind, SourceSettings};
use crate::snapshot::Request;

/// Why a source gave no answer. Messages name the source and the endpoint (without keys) and
/// say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error(
        "{source_name} answered HTTP {status} at {endpoint}; retried {retries} times. Check `base_url` in listingcheck.toml or try again later"
    )]
    Http {
        source_name: String,
        endpoint: String,
        status: u16,
        retries: u32,
    },
    #[error("{source_name} reported an error at {endpoint}: {message}")]
    Api {
        source_name: String,
        endpoint: String,
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
    #[error("cannot reach {source_name} at {endpoint}: {message}")]
    Network {
        source_name: String,
        endpoint: String,
        message: String,
    },
    #[error(
        "{source_name} banned this client temporarily (HTTP 418) after too many requests; no further calls are made to it in this run"
    )]
    Banned { source_name: String },
    #[error(
        "{source_name} needs an API key in the environment variable {variable}, which is not set"
    )]
    MissingKey {
        source_name: String,
        variable: String,
    },
    #[error("no source named `{0}` in listingcheck.toml")]
    UnknownSource(String),
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

/// Options of one run.
#[derive(Clone, Debug, Default)]
pub struct HttpOptions {
    /// Ignore the cross-run cache (answers are still written to it).
    pub refresh: bool,
}

/// The shared client. It also keeps the provenance table of the run: every successful answer is
/// recorded once, and its index is what observations cite.
pub struct Http {
    client: reqwest::Client,
    sources: HashMap<String, SourceSettings>,
    requests: Mutex<Vec<Request>>,
}

impl Http {
    pub fn new(config: &Config, _options: HttpOptions) -> Result<Self, SourceError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(config.http.timeout_secs))
            .user_agent(crate::TOOL)
            .build()
            .map_err(|error| SourceError::Network {
                source_name: "http".into(),
                endpoint: String::new(),
                message: error.to_string(),
            })?;
        Ok(Http {
            client,
            sources: config.sources.clone().into_iter().collect(),
            requests: Mutex::new(Vec::new()),
        })
    }

    /// The provenance table so far, in the order answers arrived.
    pub fn requests(&self) -> Vec<Request> {
        self.requests
            .lock()
            .expect("no panic while holding the lock")
            .clone()
    }

    fn record(&self, request: Request) -> u32 {
        let mut requests = self
            .requests
            .lock()
            .expect("no panic while holding the lock");
        requests.push(request);
        u32::try_from(requests.len() - 1).expect("fewer than 2^32 requests")
    }

    /// The settings of a source, if it is configured.
    pub fn settings(&self, source: &str) -> Option<&SourceSettings> {
        self.sources.get(source)
    }

    /// Sends a call and returns the raw body.
    pub async fn fetch(&self, call: &Call) -> Result<Answer, SourceError> {
        let settings = self
            .sources
            .get(&call.source)
            .ok_or_else(|| SourceError::UnknownSource(call.source.clone()))?;
        let endpoint = format!("{}{}", settings.base_url, call.path);
        let mut url = endpoint.clone();
        let mut request = match call.method {
            Method::Get => self.client.get(&url),
            Method::Post => self
                .client
                .post(&url)
                .header("content-type", "application/json")
                .body(call.body.clone().unwrap_or_default()),
        };
        if let Some(variable) = &settings.api_key_env
            && let Ok(key) = std::env::var(variable)
        {
            match key_placement(settings) {
                KeyPlacement::Header(name) => request = request.header(name, key),
                KeyPlacement::Query(name) => {
                    url = format!(
                        "{url}{}{name}={key}",
                        if url.contains('?') { '&' } else { '?' }
                    );
                    request = match call.method {
                        Method::Get => self.client.get(&url),
                        Method::Post => self
                            .client
                            .post(&url)
                            .header("content-type", "application/json")
                            .body(call.body.clone().unwrap_or_default()),
                    };
                }
            }
        }
        let fetched_at = Timestamp::now();
        let response = request.send().await.map_err(|error| {
            if error.is_timeout() {
                SourceError::Timeout {
                    source_name: call.source.clone(),
                    endpoint: endpoint.clone(),
                    retries: 0,
                }
            } else {
                SourceError::Network {
                    source_name: call.source.clone(),
                    endpoint: endpoint.clone(),
                    message: error.without_url().to_string(),
                }
            }
        })?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(SourceError::Http {
                source_name: call.source.clone(),
                endpoint,
                status,
                retries: 0,
            });
        }
        let body = response
            .bytes()
            .await
            .map_err(|error| SourceError::Network {
                source_name: call.source.clone(),
                endpoint: endpoint.clone(),
                message: error.without_url().to_string(),
            })?
            .to_vec();
        let request = Request {
            source: call.source.clone(),
            endpoint: described_endpoint(call, &endpoint),
            fetched_at,
            cache_age_secs: None,
        };
        let req = self.record(request.clone());
        Ok(Answer { body, req, request })
    }

    /// Sends a call and parses the JSON answer into `T`; returns it with the answer's `req`.
    pub async fn fetch_json<T: DeserializeOwned>(
        &self,
        call: &Call,
    ) -> Result<(T, u32), SourceError> {
        let answer = self.fetch(call).await?;
        let parsed = serde_json::from_slice(&answer.body).map_err(|error| SourceError::Shape {
            source_name: call.source.clone(),
            endpoint: answer.request.endpoint.clone(),
            detail: error.to_string(),
        })?;
        Ok((parsed, answer.req))
    }
}

/// The endpoint as recorded: the URL without keys, plus the JSON-RPC method for POSTs so that the
/// provenance says what was asked.
fn described_endpoint(call: &Call, endpoint: &str) -> String {
    match (&call.method, &call.body) {
        (Method::Post, Some(body)) => format!("POST {endpoint} {}", summarize_rpc(body)),
        _ => endpoint.to_owned(),
    }
}

/// `eth_call ×12` for a JSON-RPC batch, or the method of a single call.
fn summarize_rpc(body: &str) -> String {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else {
        return String::new();
    };
    let methods: Vec<&str> = match &value {
        serde_json::Value::Array(calls) => calls
            .iter()
            .filter_map(|c| c.get("method")?.as_str())
            .collect(),
        single => single
            .get("method")
            .and_then(serde_json::Value::as_str)
            .into_iter()
            .collect(),
    };
    match methods.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [first, ..] => format!("{first} ×{}", methods.len()),
    }
}

/// Where an API expects its key.
enum KeyPlacement {
    Header(&'static str),
    Query(&'static str),
}

fn key_placement(settings: &SourceSettings) -> KeyPlacement {
    match settings.kind {
        SourceKind::Coingecko if settings.base_url.contains("pro-api") => {
            KeyPlacement::Header("x-cg-pro-api-key")
        }
        SourceKind::Coingecko => KeyPlacement::Header("x-cg-demo-api-key"),
        SourceKind::Coinmarketcap => KeyPlacement::Header("X-CMC_PRO_API_KEY"),
        SourceKind::Etherscan => KeyPlacement::Query("apikey"),
        _ => KeyPlacement::Header("authorization"),
    }
}
