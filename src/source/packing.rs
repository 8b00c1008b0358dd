//! Packing many JSON-RPC calls into one: Multicall3's `aggregate3` on EVM chains
//! ([`super::multicall`]) and `getMultipleAccounts` on Solana ([`super::solana`]). A packed call
//! costs one element of a batch, and at a node that bills each element (Solana's public
//! endpoint), one call of its rate limit, where the calls alone would cost hundreds.
//!
//! Both work the same way, so the way lives here once: the calls that can be packed go in packs,
//! the others beside them in the same batches, and every call gets back the answer it would have
//! had alone. A pack the node refuses with an error of its own, or answers in a shape that cannot
//! be unpacked (a chain without Multicall3 answers `0x`), is sent again as its calls alone:
//! packing is a saving, never a new way to fail. A pack that failed for the node's rate limit or
//! in transport is not: its calls alone would meet the same refusal a hundred times over, at a
//! node that bills each of them, so each call takes the pack's error.

use super::Http;
use super::jsonrpc::{RpcAnswer, RpcCall, RpcError, call_batched_from, ids_used};

/// One way of packing calls.
pub trait Packing {
    /// What one call contributes to a pack.
    type Item;
    /// Calls per pack.
    const PER_PACK: usize;
    /// The call's part of a pack, if it can go in one.
    fn item(call: &RpcCall) -> Option<Self::Item>;
    /// The call that carries `items`.
    fn pack(items: &[Self::Item]) -> RpcCall;
    /// The answers of a pack's `count` calls, each as the call alone would have been answered;
    /// `None` when the answer is not one of a pack of `count`.
    fn unpack(answer: RpcAnswer, count: usize) -> Option<Vec<Result<RpcAnswer, RpcError>>>;
}

/// Sends `calls` to `source`, those that `P` can pack in packs, in JSON-RPC batches of
/// `batch_size` with ids from `first_id` on, and returns one outcome per call, in their order,
/// as plain batches would.
pub async fn call_packed_from<P: Packing>(
    http: &Http,
    source: &str,
    calls: &[RpcCall],
    batch_size: usize,
    first_id: u64,
) -> Vec<Result<RpcAnswer, RpcError>> {
    let mut packable: Vec<(usize, P::Item)> = Vec::new();
    let mut alone: Vec<usize> = Vec::new();
    for (at, call) in calls.iter().enumerate() {
        match P::item(call) {
            Some(item) => packable.push((at, item)),
            None => alone.push(at),
        }
    }
    let mut packs: Vec<Vec<usize>> = Vec::new();
    let mut sent: Vec<RpcCall> = Vec::new();
    let mut items = packable.into_iter().peekable();
    while items.peek().is_some() {
        let (positions, items): (Vec<usize>, Vec<P::Item>) =
            items.by_ref().take(P::PER_PACK).unzip();
        sent.push(P::pack(&items));
        packs.push(positions);
    }
    sent.extend(alone.iter().map(|at| calls[*at].clone()));
    let mut answers = call_batched_from(http, source, &sent, batch_size, first_id)
        .await
        .into_iter();

    let mut outcomes: Vec<Option<Result<RpcAnswer, RpcError>>> = vec![None; calls.len()];
    let mut refused: Vec<usize> = Vec::new();
    for positions in packs {
        match answers.next().expect("one answer per call sent") {
            Err(error) if !matches!(error, RpcError::Node { .. }) || error.is_rate_limited() => {
                for at in positions {
                    outcomes[at] = Some(Err(error.clone()));
                }
            }
            Err(_) => refused.extend(positions),
            Ok(answer) => match P::unpack(answer, positions.len()) {
                Some(unpacked) if unpacked.len() == positions.len() => {
                    for (at, outcome) in positions.into_iter().zip(unpacked) {
                        outcomes[at] = Some(outcome);
                    }
                }
                _ => refused.extend(positions),
            },
        }
    }
    for (at, answer) in alone.into_iter().zip(answers) {
        outcomes[at] = Some(answer);
    }
    if !refused.is_empty() {
        refused.sort_unstable();
        let plain: Vec<RpcCall> = refused.iter().map(|at| calls[*at].clone()).collect();
        // Ids beyond every id the first send and its retries may have used.
        let again_id = first_id + ids_used(sent.len());
        for (at, outcome) in refused
            .into_iter()
            .zip(call_batched_from(http, source, &plain, batch_size, again_id).await)
        {
            outcomes[at] = Some(outcome);
        }
    }
    outcomes
        .into_iter()
        .map(|outcome| outcome.expect("every call has an outcome"))
        .collect()
}
