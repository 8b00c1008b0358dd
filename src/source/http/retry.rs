//! One call on the wire: each attempt through the source's gate, what its answer means, and the
//! retries, with their backoff or the wait the server asked for.

use std::time::Duration;

use jiff::Timestamp;

use super::gate::{self, LONGEST_WAIT, OUTAGE_CALLS, Refusal};
use super::key::{KeyPlacement, key_placement};
use super::{Call, Http, Method, Source, SourceError, fault};
use crate::inputs::config::settings::KEY_PLACEHOLDER;

/// Wait before each retry: `BACKOFF_BASE × 2^retry`, at most `BACKOFF_CAP`, of which a random
/// part up to half is taken off (jitter) so that callers that failed together do not retry
/// together.
const BACKOFF_BASE: Duration = Duration::from_millis(250);
const BACKOFF_CAP: Duration = Duration::from_secs(30);
/// Upbit's `Remaining-Req` counts requests per second: once `sec` reaches 0, a full second from
/// the answer is sure to be past the server's second, however its clock is aligned with ours.
const REMAINING_REQ_PAUSE: Duration = Duration::from_secs(1);

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
    pub(super) async fn send_with_retries(
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
