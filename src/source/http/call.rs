//! What a source asks ([`Call`]) and what it gets back ([`Answer`]), with the endpoint as the
//! provenance table records it.

use serde::de::DeserializeOwned;

use super::SourceError;
use crate::snapshot::Request;

/// GET or POST.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
}

/// Which cross-run cache an answer may be kept in; `None` on a [`Call`] means never cached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CacheClass {
    /// Coin lists, contract addresses and contracts' verified sources.
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
    /// The answer's index in the provenance table ([`Http::requests`](super::Http::requests)): observations cite it as
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

/// The endpoint as recorded: the URL without keys, plus the JSON-RPC method for POSTs so that the
/// provenance says what was asked.
pub(super) fn described_endpoint(call: &Call, endpoint: &str) -> String {
    match (&call.method, &call.body) {
        (Method::Post, Some(body)) => format!("POST {endpoint} {}", summarize_rpc(body)),
        _ => endpoint.to_owned(),
    }
}

/// `eth_call ×12 (ids 20–31)` for a JSON-RPC batch (`eth_call ×1 + eth_getStorageAt ×3 (ids
/// 0–3)` when it mixes methods), or the method of a single call with its id: the ids tell apart
/// two batches of the same size sent to one node in one run.
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
    if let [one] = methods.as_slice() {
        return format!("{one}{ids}");
    }
    // Each method with its count, in the order they first appear.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for method in &methods {
        match counts.iter_mut().find(|(seen, _)| seen == method) {
            Some((_, count)) => *count += 1,
            None => counts.push((method, 1)),
        }
    }
    if counts.is_empty() {
        return String::new();
    }
    let counted: Vec<String> = counts
        .iter()
        .map(|(method, count)| format!("{method} ×{count}"))
        .collect();
    format!("{}{ids}", counted.join(" + "))
}

#[cfg(test)]
mod tests {
    use super::summarize_rpc;

    #[test]
    fn a_batch_of_one_method_is_named_with_its_count_and_ids() {
        let body = r#"[{"id":20,"method":"eth_call"},{"id":21,"method":"eth_call"}]"#;
        assert_eq!(summarize_rpc(body), "eth_call ×2 (ids 20–21)");
    }

    #[test]
    fn a_batch_that_mixes_methods_names_each_with_its_count() {
        let body = r#"[{"id":0,"method":"eth_call"},{"id":1,"method":"eth_getStorageAt"},
            {"id":2,"method":"eth_getStorageAt"}]"#;
        assert_eq!(
            summarize_rpc(body),
            "eth_call ×1 + eth_getStorageAt ×2 (ids 0–2)"
        );
    }

    #[test]
    fn a_single_call_is_named_with_its_id() {
        let body = r#"[{"id":7,"method":"getMultipleAccounts"}]"#;
        assert_eq!(summarize_rpc(body), "getMultipleAccounts (id 7)");
    }
}
