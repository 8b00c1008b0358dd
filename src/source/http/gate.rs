//! Per-source pacing: the published rate limit, the pauses a server asks for (`Retry-After`,
//! Upbit's `Remaining-Req`), a ban (Upbit's HTTP 418) that ends all calls to the source, and the
//! outage breaker: a source whose calls keep failing after every retry is down for the rest of
//! the run, so that an outage costs a few calls' retries rather than every call's.
//!
//! Every attempt, retries included, passes through its source's [`Gate`] while holding one of
//! the global concurrency slots, and is sent right after: the instant the limiter grants is the
//! instant the request leaves.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use governor::clock::Clock as _;
use governor::{DefaultDirectRateLimiter, Quota};
use jiff::Timestamp;
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use crate::inputs::config::settings::RateLimit;

/// The longest pause a server may ask for that a call sits through; a longer one fails the
/// call (and every call to that source while the pause lasts) instead of hanging the run.
pub(super) const LONGEST_WAIT: Duration = Duration::from_secs(120);

/// The longest pause a source's answer can impose, however long it asks for: the arithmetic of
/// instants must not overflow on `Retry-After: 10000000000000000000`.
const LONGEST_PAUSE: Duration = Duration::from_secs(24 * 60 * 60);

/// Calls in a row that must fail after all their retries, unreachable or answering 5xx, before a
/// source counts as down. One such call may be bad luck; three in a row, each retried with
/// growing backoff over several seconds, are an outage, and the hundreds of calls still queued
/// (one per coin on CoinGecko) would otherwise each spend their own retries and timeouts on it.
pub(super) const OUTAGE_CALLS: u32 = 3;

/// The share of every rate-limit window left unused, in percent; see [`pacing`].
const MARGIN_PERCENT: u128 = 10;

/// The gate of one source.
pub(super) struct Gate {
    limit: RateLimit,
    limiter: DefaultDirectRateLimiter,
    /// For a source that bills each call of a batch: the weighted sends of the last window.
    billed: Option<Mutex<VecDeque<(Instant, u32)>>>,
    paused_until: Mutex<Option<Instant>>,
    banned: AtomicBool,
    /// Calls in a row that failed after their retries with an outage; see [`OUTAGE_CALLS`].
    outages: AtomicU32,
}

/// Why the gate will not let a request through.
#[derive(Debug)]
pub(super) enum Refusal {
    /// The source banned us (HTTP 418) earlier in this run.
    Banned,
    /// The source asked for a pause longer than [`LONGEST_WAIT`]; this much of it is left.
    Paused(Duration),
    /// [`OUTAGE_CALLS`] calls in a row failed after all their retries.
    Down,
}

/// The spacing between two requests to a source, so that no window of `per_seconds` ever holds
/// more than `requests` of them.
///
/// governor implements GCRA. Its natural quota, "a burst of `requests`, refilled over
/// `per_seconds`", does not keep that promise: a full burst at the end of one window and the
/// first refills right after it put up to `2 × requests − 1` requests in one sliding window,
/// which is exactly what a server's window counter punishes (Coinone blocks a client for minutes
/// past 5 requests in a second; Upbit answers 429 and then 418). GCRA with a burst of one and a
/// period of `per_seconds / requests` spaces requests evenly instead, and any `requests + 1`
/// consecutive requests then span at least `per_seconds`: the bound holds for every window,
/// aligned or not, at the full long-run rate.
///
/// The servers count arrivals, not our sends, and arrivals jitter (scheduling, connection
/// set-up). The spacing is therefore stretched by [`MARGIN_PERCENT`], so that a request may
/// arrive up to that share of a window late relative to the one `requests` later before the
/// server could see one too many: 100 ms for a 1-second window.
pub(super) fn pacing(limit: RateLimit) -> Duration {
    let window_nanos = u128::from(limit.per_seconds.max(1)) * 1_000_000_000;
    let nanos = window_nanos * (100 + MARGIN_PERCENT) / 100 / u128::from(limit.requests.max(1));
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

/// The governor quota of a rate limit: one request per [`pacing`], no burst.
fn quota(limit: RateLimit) -> Quota {
    Quota::with_period(pacing(limit)).expect("the pacing of a rate limit is never zero")
}

/// The window a source that bills each call is held to: `per_seconds` stretched by
/// [`MARGIN_PERCENT`], as [`pacing`] stretches the spacing.
fn billing_window(limit: RateLimit) -> Duration {
    pacing(limit) * limit.requests.max(1)
}

impl Gate {
    /// The gate of a source with `limit`; `bills_each_call` when the source counts each call of
    /// a JSON-RPC batch as a request.
    pub(super) fn new(limit: RateLimit, bills_each_call: bool) -> Self {
        Gate {
            limit,
            billed: bills_each_call.then(|| Mutex::new(VecDeque::new())),
            limiter: DefaultDirectRateLimiter::direct(quota(limit)),
            paused_until: Mutex::new(None),
            banned: AtomicBool::new(false),
            outages: AtomicU32::new(0),
        }
    }

    /// Waits until a request to this source may leave, and returns the concurrency slot it is
    /// sent under.
    ///
    /// The slot is taken before the rate limiter is asked, and given back while waiting for the
    /// limiter or a pause, so a slow source never holds slots that faster sources could use, and
    /// no time passes between the limiter's grant and the send.
    pub(super) async fn admit<'s>(
        &self,
        slots: &'s Semaphore,
        weight: u32,
    ) -> Result<SemaphorePermit<'s>, Refusal> {
        loop {
            if let Some(wait) = self.blocked()? {
                tokio::time::sleep(wait).await;
                continue;
            }
            let slot = slots
                .acquire()
                .await
                .expect("the semaphore is never closed");
            // Waiting for the slot may have taken a while: look again.
            if let Some(wait) = self.blocked()? {
                drop(slot);
                tokio::time::sleep(wait).await;
                continue;
            }
            match self.limiter.check() {
                Ok(()) => match self.bill(weight, Instant::now()) {
                    None => return Ok(slot),
                    Some(wait) => {
                        drop(slot);
                        tokio::time::sleep(wait).await;
                    }
                },
                Err(not_until) => {
                    drop(slot);
                    let wait = not_until.wait_time_from(self.limiter.clock().now());
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// For a source that bills each call: records a send of `weight` calls at `now` and returns
    /// `None` if the window before it leaves room for them, else the wait until it does.
    ///
    /// The pacing alone cannot keep the promise for batches: the server counts a batch of n calls
    /// as n arrivals at one instant, so a batch must find n free places in the window behind it
    /// (which governor's one-cell-at-a-time GCRA cannot express). Batches are still paced as
    /// requests; this ledger only holds one back while the window is full.
    fn bill(&self, weight: u32, now: Instant) -> Option<Duration> {
        let billed = self.billed.as_ref()?;
        let window = billing_window(self.limit);
        let mut sent = billed.lock().expect("no panic under the lock");
        while sent
            .front()
            .is_some_and(|(at, _)| now.duration_since(*at) >= window)
        {
            sent.pop_front();
        }
        let mut in_window: u32 = sent.iter().map(|(_, calls)| calls).sum();
        // A batch larger than the whole limit can never fit: it goes alone into an empty window.
        if sent.is_empty() || in_window + weight <= self.limit.requests {
            sent.push_back((now, weight));
            return None;
        }
        // The sends that must leave the window before this one fits, oldest first.
        for (at, calls) in sent.iter() {
            in_window -= calls;
            if in_window + weight <= self.limit.requests {
                return Some((*at + window).saturating_duration_since(now));
            }
        }
        unreachable!("an empty window has room for any batch")
    }

    /// How long a pause still lasts, or a refusal.
    fn blocked(&self) -> Result<Option<Duration>, Refusal> {
        if self.is_banned() {
            return Err(Refusal::Banned);
        }
        if self.is_down() {
            return Err(Refusal::Down);
        }
        let paused_until = *self.paused_until.lock().expect("no panic under the lock");
        let Some(left) = paused_until.map(|until| until.saturating_duration_since(Instant::now()))
        else {
            return Ok(None);
        };
        if left > LONGEST_WAIT {
            return Err(Refusal::Paused(left));
        }
        Ok((!left.is_zero()).then_some(left))
    }

    /// Holds every request to this source for `wait` from now; an earlier pause that ends later
    /// is kept.
    pub(super) fn pause_for(&self, wait: Duration) {
        // A server may ask for any wait at all; a day is as good as forever within one run.
        let until = Instant::now() + wait.min(LONGEST_PAUSE);
        let mut paused_until = self.paused_until.lock().expect("no panic under the lock");
        if paused_until.is_none_or(|current| current < until) {
            *paused_until = Some(until);
        }
    }

    pub(super) fn ban(&self) {
        self.banned.store(true, Ordering::SeqCst);
    }

    pub(super) fn is_banned(&self) -> bool {
        self.banned.load(Ordering::SeqCst)
    }

    /// A call got its answer: the source is up, and the outage count starts over.
    pub(super) fn answered(&self) {
        // Once down, down for the run: calls refused meanwhile must not have been refused for
        // nothing, and a report that names the source down once is easier to read than a flap.
        if !self.is_down() {
            self.outages.store(0, Ordering::SeqCst);
        }
    }

    /// A call failed after all its retries with an outage (unreachable, timeouts, HTTP 5xx).
    /// Returns true when this call is the one that puts the source down.
    pub(super) fn outage(&self) -> bool {
        self.outages.fetch_add(1, Ordering::SeqCst) + 1 == OUTAGE_CALLS
    }

    pub(super) fn is_down(&self) -> bool {
        self.outages.load(Ordering::SeqCst) >= OUTAGE_CALLS
    }
}

/// The wait a `Retry-After` header asks for: delay-seconds (`120`) or an HTTP-date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, RFC 9110 § 10.2.3), measured from `now`. A date in the past
/// asks for no wait; anything else is ignored.
pub(super) fn retry_after(value: &str, now: Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds).min(LONGEST_PAUSE));
    }
    let date = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let seconds = date.as_millisecond().saturating_sub(now.as_millisecond());
    Some(Duration::from_millis(u64::try_from(seconds).unwrap_or(0)).min(LONGEST_PAUSE))
}

/// Whether Upbit's `Remaining-Req: group=market; min=573; sec=0` says this second's budget is
/// spent (`sec` reached 0).
pub(super) fn remaining_req_spent(value: &str) -> bool {
    value.split(';').any(|part| {
        part.trim()
            .strip_prefix("sec=")
            .is_some_and(|sec| sec.trim().parse::<u64>() == Ok(0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pacing_spreads_a_window_over_its_requests_with_a_margin() {
        assert_eq!(
            pacing(RateLimit::per_second(10)),
            Duration::from_millis(110)
        );
        assert_eq!(
            pacing(RateLimit::per_minute(30)),
            Duration::from_millis(2200)
        );
        assert_eq!(
            pacing(RateLimit {
                requests: 40,
                per_seconds: 10
            }),
            Duration::from_millis(275)
        );
    }

    /// The instants at which a limiter with `quota` lets `count` eager requests through, on a
    /// simulated clock, in nanoseconds from the first.
    fn grants(quota: Quota, count: usize) -> Vec<u64> {
        use governor::clock::FakeRelativeClock;
        use governor::clock::Reference as _;
        let clock = FakeRelativeClock::default();
        let limiter = governor::RateLimiter::direct_with_clock(quota, clock.clone());
        let start = clock.now();
        let mut granted = Vec::new();
        while granted.len() < count {
            match limiter.check() {
                Ok(()) => granted.push(clock.now().duration_since(start).as_u64()),
                Err(not_until) => clock.advance(not_until.wait_time_from(clock.now())),
            }
        }
        granted
    }

    fn busiest_window(instants: &[u64], width_nanos: u64) -> usize {
        instants
            .iter()
            .map(|start| {
                instants
                    .iter()
                    .filter(|t| **t >= *start && **t < start + width_nanos)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    fn billing_gate() -> Gate {
        Gate::new(
            RateLimit {
                requests: 40,
                per_seconds: 10,
            },
            true,
        )
    }

    #[test]
    fn a_batch_waits_until_the_window_has_room_for_all_its_calls() {
        let gate = billing_gate();
        let start = Instant::now();

        assert_eq!(gate.bill(20, start), None);
        assert_eq!(gate.bill(20, start), None);
        // 43 calls would be in one window: the first batch must leave it (11 s, the window
        // stretched by the margin).
        assert_eq!(gate.bill(3, start), Some(Duration::from_secs(11)));
    }

    #[test]
    fn a_batch_fits_once_the_sends_before_it_have_left_the_window() {
        let gate = billing_gate();
        let start = Instant::now();
        assert_eq!(gate.bill(20, start), None);
        assert_eq!(gate.bill(20, start + Duration::from_secs(1)), None);

        assert_eq!(gate.bill(3, start + Duration::from_secs(11)), None);
    }

    #[test]
    fn a_batch_larger_than_the_limit_goes_alone_into_an_empty_window() {
        let gate = billing_gate();
        let start = Instant::now();

        assert_eq!(gate.bill(50, start), None);
        assert!(gate.bill(1, start).is_some());
    }

    #[test]
    fn a_source_billed_per_request_keeps_no_ledger() {
        let gate = Gate::new(RateLimit::per_second(5), false);
        let now = Instant::now();

        assert_eq!(gate.bill(20, now), None);
        assert_eq!(gate.bill(20, now), None);
    }

    #[test]
    fn paced_requests_never_exceed_the_limit_in_any_window() {
        for limit in [
            RateLimit::per_second(5),
            RateLimit::per_second(10),
            RateLimit::per_minute(30),
            RateLimit {
                requests: 40,
                per_seconds: 10,
            },
        ] {
            let at = grants(quota(limit), 200);
            let window = u64::from(limit.per_seconds) * 1_000_000_000;
            assert!(
                busiest_window(&at, window) <= limit.requests as usize,
                "{limit:?}"
            );
        }
    }

    #[test]
    fn a_burst_quota_would_put_almost_twice_the_limit_in_one_window() {
        // Why the pacing has no burst: GCRA's "5 at once, refilled over a second" lets 9
        // requests into one sliding second.
        let five = std::num::NonZeroU32::new(5).unwrap();
        let at = grants(Quota::per_second(five), 50);
        assert_eq!(busiest_window(&at, 1_000_000_000), 9);
    }

    #[test]
    fn retry_after_reads_seconds() {
        let now = Timestamp::UNIX_EPOCH;
        assert_eq!(retry_after(" 7 ", now), Some(Duration::from_secs(7)));
    }

    #[test]
    fn retry_after_reads_an_http_date() {
        let now: Timestamp = "2015-10-21T07:27:30Z".parse().unwrap();
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(30))
        );
    }

    #[test]
    fn retry_after_in_the_past_asks_for_no_wait() {
        let now: Timestamp = "2015-10-21T08:00:00Z".parse().unwrap();
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_that_is_neither_form_is_ignored() {
        assert_eq!(retry_after("soon", Timestamp::UNIX_EPOCH), None);
        assert_eq!(retry_after("-3", Timestamp::UNIX_EPOCH), None);
        let absurd = retry_after("10000000000000000000", Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(
            absurd, LONGEST_PAUSE,
            "clamped, so that instants cannot overflow"
        );
        Gate::new(
            crate::inputs::config::settings::RateLimit::per_second(1),
            false,
        )
        .pause_for(Duration::MAX);
    }

    #[test]
    fn remaining_req_is_spent_only_when_sec_reaches_zero() {
        assert!(remaining_req_spent("group=market; min=573; sec=0"));
        assert!(!remaining_req_spent("group=market; min=573; sec=9"));
        assert!(!remaining_req_spent("group=market; min=0; sec=4"));
        assert!(!remaining_req_spent("garbage"));
    }

    #[tokio::test]
    async fn a_banned_gate_refuses_at_once() {
        let gate = Gate::new(RateLimit::per_second(5), false);
        gate.ban();
        let slots = Semaphore::new(1);
        assert!(matches!(gate.admit(&slots, 1).await, Err(Refusal::Banned)));
    }

    #[tokio::test]
    async fn a_pause_longer_than_the_longest_wait_is_refused() {
        let gate = Gate::new(RateLimit::per_second(5), false);
        gate.pause_for(LONGEST_WAIT * 2);
        let slots = Semaphore::new(1);
        assert!(matches!(
            gate.admit(&slots, 1).await,
            Err(Refusal::Paused(left)) if left > LONGEST_WAIT
        ));
    }

    #[test]
    fn a_shorter_pause_never_cuts_a_longer_one() {
        let gate = Gate::new(RateLimit::per_second(5), false);
        gate.pause_for(Duration::from_secs(10));
        gate.pause_for(Duration::from_secs(1));
        let left = gate.blocked().unwrap().unwrap();
        assert!(left > Duration::from_secs(5), "{left:?}");
    }
}
