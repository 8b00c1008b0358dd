//! Why a source gave no answer: [`SourceError`], whose messages name the source and the endpoint
//! (never with a key) and say what to do.

use std::fmt::Write as _;

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
    pub(super) fn reason(&self) -> String {
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
    pub(super) fn is_outage(&self) -> bool {
        match self {
            SourceError::Http { status, .. } => *status == 408 || (500..=599).contains(status),
            SourceError::Timeout { .. } | SourceError::Network { .. } => true,
            _ => false,
        }
    }

    /// The same error, saying how many times the call was retried.
    pub(super) fn after_retries(mut self, count: u32) -> Self {
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
