//! The failures of a fetch: one [`SourceFailure`] per source, endpoint and error, with the assets
//! it leaves without data, so that a failure repeated over many calls (a node that is down) is one
//! entry naming every asset it touched.

use jiff::Timestamp;

use crate::snapshot::SourceFailure;
use crate::source::chain::ChainError;
use crate::source::jsonrpc::RpcError;
use crate::source::{Http, SourceError};

#[derive(Default)]
pub(super) struct Failures {
    list: Vec<SourceFailure>,
}

impl Failures {
    pub fn add(&mut self, source: &str, endpoint: &str, error: String, assets: &[String]) {
        if let Some(known) = self
            .list
            .iter_mut()
            .find(|f| f.source == source && f.endpoint == endpoint && f.error == error)
        {
            known.assets.extend_from_slice(assets);
        } else {
            self.list.push(SourceFailure {
                source: source.to_owned(),
                endpoint: endpoint.to_owned(),
                error,
                at: Timestamp::now(),
                assets: assets.to_vec(),
            });
        }
    }

    pub fn source_error(&mut self, http: &Http, error: &SourceError, assets: &[String]) {
        let (source, endpoint) = where_failed(http, error);
        self.add(&source, &endpoint, error.to_string(), assets);
    }

    /// A contract call that failed: its batch's request when the request itself failed, else the
    /// node (the call reverted inside a batch that arrived, or the chain has no source).
    pub fn chain_error(&mut self, http: &Http, chain: &str, error: &ChainError, assets: &[String]) {
        let endpoint = match error {
            ChainError::Call { cause, .. } => match cause.as_ref() {
                RpcError::Source(source_error) => where_failed(http, source_error).1,
                _ => node_endpoint(http, chain),
            },
            _ => node_endpoint(http, chain),
        };
        self.add(chain, &endpoint, error.to_string(), assets);
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn finish(mut self) -> Vec<SourceFailure> {
        for failure in &mut self.list {
            failure.assets.sort();
            failure.assets.dedup();
        }
        self.list
    }
}

/// The source and endpoint (never with a key) of a source error.
fn where_failed(http: &Http, error: &SourceError) -> (String, String) {
    match error {
        SourceError::Http {
            source_name,
            endpoint,
            ..
        }
        | SourceError::Api {
            source_name,
            endpoint,
            ..
        }
        | SourceError::Shape {
            source_name,
            endpoint,
            ..
        }
        | SourceError::Timeout {
            source_name,
            endpoint,
            ..
        }
        | SourceError::Network {
            source_name,
            endpoint,
            ..
        } => (source_name.clone(), endpoint.clone()),
        SourceError::Banned { source_name }
        | SourceError::Down { source_name, .. }
        | SourceError::Throttled { source_name, .. }
        | SourceError::MissingKey { source_name, .. }
        | SourceError::Disabled(source_name)
        | SourceError::UnknownSource(source_name) => {
            (source_name.clone(), base_url(http, source_name))
        }
    }
}

pub(super) fn base_url(http: &Http, source: &str) -> String {
    http.settings(source)
        .map(|settings| settings.base_url.clone())
        .unwrap_or_default()
}

/// The node of a chain, as an endpoint: `POST <base_url>`, or nothing for a chain with no source.
pub(super) fn node_endpoint(http: &Http, chain: &str) -> String {
    match http.settings(chain) {
        Some(settings) => format!("POST {}", settings.base_url),
        None => String::new(),
    }
}
