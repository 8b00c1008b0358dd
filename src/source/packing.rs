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
//!
//! Two readers that ask one node at the same moment (a fetch's supply reads and the first round of
//! its powers reads) share their send ([`Shares`]): their calls go in one set of packs and
//! batches, where each alone would leave a batch part-empty.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::oneshot;

use super::Http;
use super::jsonrpc::{RpcAnswer, RpcCall, RpcError, call_batched_from, ids_used};

/// One call's outcome, as a plain batch would give it.
type Outcome = Result<RpcAnswer, RpcError>;

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
    fn unpack(answer: RpcAnswer, count: usize) -> Option<Vec<Outcome>>;
}

/// Sends `calls` to `source`, those that `P` can pack in packs, in JSON-RPC batches of
/// `batch_size` with ids from `first_id` on, and returns one outcome per call, in their order,
/// as plain batches would. A call made twice is sent once, and both get its outcome: two readers
/// sharing a send may ask the same thing (a Solana mint's account, for its supply and for its
/// authorities).
pub async fn call_packed_from<P: Packing>(
    http: &Http,
    source: &str,
    calls: &[RpcCall],
    batch_size: usize,
    first_id: u64,
) -> Vec<Outcome> {
    let mut distinct: Vec<RpcCall> = Vec::new();
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    let twin_of: Vec<usize> = calls
        .iter()
        .map(|call| {
            *seen
                .entry((call.method, call.params.to_string()))
                .or_insert_with(|| {
                    distinct.push(call.clone());
                    distinct.len() - 1
                })
        })
        .collect();
    let outcomes = send_packed::<P>(http, source, &distinct, batch_size, first_id).await;
    twin_of.into_iter().map(|at| outcomes[at].clone()).collect()
}

/// [`call_packed_from`] of calls that are all distinct.
async fn send_packed<P: Packing>(
    http: &Http,
    source: &str,
    calls: &[RpcCall],
    batch_size: usize,
    first_id: u64,
) -> Vec<Outcome> {
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

    let mut outcomes: Vec<Option<Outcome>> = vec![None; calls.len()];
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

/// One reader's part in the sends it shares with another reader, one per node. Each reader takes
/// the [`FirstSend`] of every node it reads before it waits on anything, and drops the rest, so
/// that a node the other reader alone asks never waits.
#[derive(Default)]
pub struct Shares(HashMap<String, Share>);

impl Shares {
    /// Nothing shared: every send goes alone.
    pub fn none() -> Self {
        Shares::default()
    }

    /// The two readers' parts in one shared send to each of `sources`.
    pub fn pair(sources: impl IntoIterator<Item = String>) -> (Shares, Shares) {
        let (mut one, mut other) = (Shares::none(), Shares::none());
        for source in sources {
            let meeting = Arc::new(Mutex::new(Meeting::Nobody));
            one.0.insert(source.clone(), Share::at(&meeting));
            other.0.insert(source, Share::at(&meeting));
        }
        (one, other)
    }

    /// The parts for the sources that `which` picks, taken out of these.
    #[must_use]
    pub fn split_off(&mut self, which: impl Fn(&str) -> bool) -> Shares {
        let picked: Vec<String> = self.0.keys().filter(|s| which(s)).cloned().collect();
        Shares(
            picked
                .into_iter()
                .filter_map(|source| self.0.remove_entry(&source))
                .collect(),
        )
    }

    /// How the first send to `source` goes.
    pub fn take(&mut self, source: &str) -> FirstSend {
        self.0
            .remove(source)
            .map_or(FirstSend::Alone, FirstSend::Shared)
    }
}

/// How a reader's first packed send to one node goes: alone, or with the other reader's calls.
pub enum FirstSend {
    Alone,
    Shared(Share),
}

impl FirstSend {
    /// [`call_packed_from`], with the other reader's calls when it brings any: the calls of the
    /// reader with the lower `first_id` go first, whichever arrives first, so that the same reads
    /// make the same requests. Each reader gets the outcomes of its own calls.
    pub async fn call_packed<P: Packing>(
        self,
        http: &Http,
        source: &str,
        calls: &[RpcCall],
        batch_size: usize,
        first_id: u64,
    ) -> Vec<Outcome> {
        // With nothing to send, the other reader's calls go as they would alone (the part drops).
        if calls.is_empty() {
            return Vec::new();
        }
        let alone = || call_packed_from::<P>(http, source, calls, batch_size, first_id);
        let FirstSend::Shared(mut share) = self else {
            return alone().await;
        };
        share.arrived = true;
        // Under one lock, so that two readers arriving at once cannot both wait.
        let step = {
            let mut meeting = share.meeting();
            match std::mem::replace(&mut *meeting, Meeting::Left) {
                Meeting::Nobody => {
                    let (tell, told) = oneshot::channel();
                    *meeting = Meeting::Waiting(tell);
                    Step::Wait(told)
                }
                Meeting::Waiting(tell) => Step::Join(tell),
                Meeting::Left => Step::Alone,
            }
        };
        match step {
            Step::Alone => alone().await,
            Step::Wait(told) => {
                let Ok(Some(other)) = told.await else {
                    return alone().await;
                };
                let mine_first = first_id <= other.first_id;
                let (first, second) = if mine_first {
                    (calls, other.calls.as_slice())
                } else {
                    (other.calls.as_slice(), calls)
                };
                let both: Vec<RpcCall> = first.iter().chain(second).cloned().collect();
                let mut outcomes = call_packed_from::<P>(
                    http,
                    source,
                    &both,
                    batch_size,
                    first_id.min(other.first_id),
                )
                .await;
                let later = outcomes.split_off(first.len());
                let (mine, theirs) = if mine_first {
                    (outcomes, later)
                } else {
                    (later, outcomes)
                };
                // The other reader gone, its outcomes go unread.
                let _ = other.outcomes.send(theirs);
                mine
            }
            Step::Join(tell) => {
                let (give, given) = oneshot::channel();
                let arrival = Arrival {
                    calls: calls.to_vec(),
                    first_id,
                    outcomes: give,
                };
                if tell.send(Some(arrival)).is_err() {
                    return alone().await;
                }
                match given.await {
                    Ok(outcomes) => outcomes,
                    // The reader that sends was stopped before it did.
                    Err(_) => alone().await,
                }
            }
        }
    }
}

/// One reader's part in the send to one node.
pub struct Share {
    meeting: Arc<Mutex<Meeting>>,
    /// Whether the reader brought its calls; a part dropped without them lets the other go alone.
    arrived: bool,
}

impl Share {
    fn at(meeting: &Arc<Mutex<Meeting>>) -> Self {
        Share {
            meeting: Arc::clone(meeting),
            arrived: false,
        }
    }

    fn meeting(&self) -> std::sync::MutexGuard<'_, Meeting> {
        self.meeting.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        if self.arrived {
            return;
        }
        if let Meeting::Waiting(tell) = std::mem::replace(&mut *self.meeting(), Meeting::Left) {
            let _ = tell.send(None);
        }
    }
}

/// Where the two readers of one node stand.
enum Meeting {
    /// Neither has come.
    Nobody,
    /// One came and waits to hear whether the other brings calls.
    Waiting(oneshot::Sender<Option<Arrival>>),
    /// One left without calls, or the two met: whoever comes now goes alone.
    Left,
}

/// What a reader arriving at a meeting does.
enum Step {
    Alone,
    /// Wait to hear from the other reader, then send for both.
    Wait(oneshot::Receiver<Option<Arrival>>),
    /// Give the calls to the reader who waits.
    Join(oneshot::Sender<Option<Arrival>>),
}

/// The calls the second reader brings, and where its outcomes go.
struct Arrival {
    calls: Vec<RpcCall>,
    first_id: u64,
    outcomes: oneshot::Sender<Vec<Outcome>>,
}
