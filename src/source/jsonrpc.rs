//! JSON-RPC 2.0 batches, shared by the EVM and Solana sources.
//!
//! Many calls go in one HTTP request as an array. The node may answer the elements in any order,
//! so answers are matched to calls by `id`; one element may carry an `error` while the others
//! succeed, so each call has its own outcome. A batch the node refuses whole (one error object
//! instead of an array, or an HTTP failure) fails every call in it, and only those.

use std::collections::HashMap;
use std::time::Duration;

use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;

use super::{Call, Http, SourceError};

/// One call: a method and its parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct RpcCall {
    pub method: &'static str,
    pub params: serde_json::Value,
}

/// A call's result and the provenance index of the batch that carried it.
#[derive(Clone, Debug)]
pub struct RpcAnswer {
    pub result: Box<RawValue>,
    pub req: u32,
}

/// Why one call has no result.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RpcError {
    /// The node's error object for this call (or for the whole batch).
    #[error("{}", describe_node_error(*.code, .message))]
    Node { code: i64, message: String },
    #[error("the node answered the batch without an answer for this call (id {id})")]
    NoAnswer { id: u64 },
    #[error("the node answered this call with neither a result nor an error (id {id})")]
    Empty { id: u64 },
    #[error(transparent)]
    Source(#[from] SourceError),
}

/// JSON-RPC error codes that mean "rate limited": EIP-1474 -32005 "limit exceeded", -32029 and
/// 429 of some Solana providers. Shared with the HTTP layer, which retries a whole batch refused
/// so, as this module retries one call of it.
pub(crate) const RATE_LIMIT_CODES: [i64; 3] = [-32005, -32029, 429];

/// Whether a node error says the call ran and reverted: EIP-1474 code 3 (geth, the conformance
/// tests), or the generic server error with a revert message that other nodes send.
fn reverted(code: i64, message: &str) -> bool {
    code == 3 || message.to_ascii_lowercase().contains("revert")
}

impl RpcError {
    /// Whether the node refused the call for its rate limit, which a later attempt may get past.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, RpcError::Node { code, message }
            if RATE_LIMIT_CODES.contains(code) || message.to_ascii_lowercase().contains("rate limit"))
    }

    /// Whether the call ran and reverted.
    pub fn is_revert(&self) -> bool {
        matches!(self, RpcError::Node { code, message } if reverted(*code, message))
    }
}

fn describe_node_error(code: i64, message: &str) -> String {
    if reverted(code, message) {
        format!("the call reverted (node error {code}: {message})")
    } else {
        format!("node error {code}: {message}")
    }
}

/// Sends `calls` to the JSON-RPC source `source` in batches of at most `batch_size`, at once
/// (the HTTP layer caps concurrency and rate), and returns one outcome per call, in the order of
/// `calls`.
pub async fn call_batched(
    http: &Http,
    source: &str,
    calls: &[RpcCall],
    batch_size: usize,
) -> Vec<Result<RpcAnswer, RpcError>> {
    call_batched_from(http, source, calls, batch_size, 0).await
}

/// [`call_batched`] with ids from `first_id` on: calls sent to one node at the same time as
/// others (the powers reads beside the supply reads) take ids of their own, so that every request
/// of a run names distinct ids and the provenance table keeps a stable order.
pub async fn call_batched_from(
    http: &Http,
    source: &str,
    calls: &[RpcCall],
    batch_size: usize,
    first_id: u64,
) -> Vec<Result<RpcAnswer, RpcError>> {
    let mut outcomes = send_all(http, source, calls, batch_size, first_id).await;
    // A node may refuse single calls of a batch for its rate limit while answering the rest; the
    // HTTP layer retries whole requests only, so those calls are sent again here, after a pause.
    for attempt in 0..RATE_LIMITED_RETRIES {
        let again: Vec<usize> = outcomes
            .iter()
            .enumerate()
            .filter(|(_, outcome)| matches!(outcome, Err(error) if error.is_rate_limited()))
            .map(|(at, _)| at)
            .collect();
        if again.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500 << attempt)).await;
        let retried: Vec<RpcCall> = again.iter().map(|at| calls[*at].clone()).collect();
        // Fresh ids, beyond those of every earlier attempt.
        let retry_id = first_id + calls.len() as u64 * u64::from(attempt + 1);
        for (at, outcome) in again
            .into_iter()
            .zip(send_all(http, source, &retried, batch_size, retry_id).await)
        {
            outcomes[at] = outcome;
        }
    }
    outcomes
}

/// How often calls refused for a node's rate limit are sent again.
const RATE_LIMITED_RETRIES: u32 = 3;

/// How many ids, from its `first_id` on, a [`call_batched_from`] of `calls` calls may use with
/// its retries: a later send to the same node starts beyond them.
pub(crate) fn ids_used(calls: usize) -> u64 {
    calls as u64 * u64::from(RATE_LIMITED_RETRIES + 1)
}

/// Every call in batches of `batch_size`, at once, with ids from `first_id` on.
async fn send_all(
    http: &Http,
    source: &str,
    calls: &[RpcCall],
    batch_size: usize,
    first_id: u64,
) -> Vec<Result<RpcAnswer, RpcError>> {
    let size = batch_size.max(1);
    let batches = calls
        .chunks(size)
        .zip((first_id..).step_by(size))
        .map(|(batch, first_id)| send_batch(http, source, batch, first_id));
    futures::future::join_all(batches)
        .await
        .into_iter()
        .flatten()
        .collect()
}

#[derive(Deserialize)]
struct Element {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    result: Option<Box<RawValue>>,
    #[serde(default)]
    error: Option<NodeError>,
}

#[derive(Clone, Deserialize)]
struct NodeError {
    code: i64,
    #[serde(default)]
    message: String,
}

impl From<NodeError> for RpcError {
    fn from(error: NodeError) -> Self {
        RpcError::Node {
            code: error.code,
            message: error.message,
        }
    }
}

/// Ids are the calls' positions in the whole list (`first_id` and on), so that every batch of a
/// run asks with different ids: the recorded endpoint names them (`eth_call ×20 (ids 20–39)`), and
/// two batches to one node stay two distinct requests in the provenance table, in a stable order.
async fn send_batch(
    http: &Http,
    source: &str,
    calls: &[RpcCall],
    first_id: u64,
) -> Vec<Result<RpcAnswer, RpcError>> {
    let body: Vec<serde_json::Value> = calls
        .iter()
        .zip(first_id..)
        .map(|(call, id)| {
            json!({"jsonrpc": "2.0", "id": id, "method": call.method, "params": call.params})
        })
        .collect();
    let call = Call::post_json(source, "", &serde_json::Value::Array(body));
    let fail_all = |error: RpcError| calls.iter().map(|_| Err(error.clone())).collect();
    let answer = match http.fetch(&call).await {
        Ok(answer) => answer,
        Err(error) => return fail_all(error.into()),
    };
    let text = String::from_utf8_lossy(&answer.body);
    let elements: Vec<Element> = if text.trim_start().starts_with('[') {
        match serde_json::from_str(&text) {
            Ok(elements) => elements,
            Err(error) => return fail_all(answer.shape(error.to_string()).into()),
        }
    } else {
        // A node that refuses a batch whole (too large, batches disabled) answers one error.
        match serde_json::from_str::<Element>(&text) {
            Ok(Element {
                error: Some(error), ..
            }) => return fail_all(error.into()),
            Ok(_) => {
                return fail_all(
                    answer
                        .shape("a batch was answered by a single result")
                        .into(),
                );
            }
            Err(error) => return fail_all(answer.shape(error.to_string()).into()),
        }
    };
    let mut by_id: HashMap<u64, Element> = elements
        .into_iter()
        .filter_map(|element| Some((id_of(element.id.as_ref()?)?, element)))
        .collect();
    (first_id..)
        .zip(calls)
        .map(|(id, _)| match by_id.remove(&id) {
            None => Err(RpcError::NoAnswer { id }),
            Some(Element {
                error: Some(error), ..
            }) => Err(error.into()),
            Some(Element {
                result: Some(result),
                ..
            }) => Ok(RpcAnswer {
                result,
                req: answer.req,
            }),
            Some(_) => Err(RpcError::Empty { id }),
        })
        .collect()
}

/// A numeric id, also when a node echoes it as a string.
fn id_of(id: &serde_json::Value) -> Option<u64> {
    match id {
        serde_json::Value::Number(number) => number.as_u64(),
        serde_json::Value::String(text) => text.parse().ok(),
        _ => None,
    }
}
