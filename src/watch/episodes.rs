//! Episodes: which alerts a poll raises, given what is already open. Pure, so that every rule
//! of alerting is a unit test.
//!
//! A rule's episode opens when its status leaves `pass` (`unknown` counts as worse than `pass`:
//! a figure that cannot be judged is no all-clear), is alerted again only when it gets worse than
//! the worst status already alerted (pass < unknown < warn < fail), and closes with a `resolved`
//! alert when the rule passes again. Keeping the worst status, rather than the last, means a
//! figure wavering around a bound alerts once, not at every crossing.
//!
//! A chain source that fails is not an episode of the rules it blinds: their statuses are held as
//! they were (a failed read says nothing about the reserve), and after `blind_after` failed polls
//! in a row one `cannot_see` alert names the source and the assets it blinds; one `can_see_again`
//! follows when it answers again. The open episodes and blind sources are the [`WatchState`]
//! a restart reads back, so that it does not alert again what is already open.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::alert::{BalanceFigure, Event, Figures, RuleChange, Sight, WalletMove};
use crate::eval::Verdict;
use crate::metric::{Unit, Value};

/// The `schema` of the state file.
pub const STATE_SCHEMA: u32 = 1;

/// One rule's result on one asset in a poll.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleStatus {
    pub asset: String,
    pub symbol: String,
    pub rule: String,
    pub status: Verdict,
    pub unit: Unit,
    pub value: Option<Value>,
}

/// What one chain source did in a poll: the assets it could not read (empty when it read all),
/// and its first error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceOutcome {
    pub blinded: BTreeSet<String>,
    pub error: Option<String>,
}

/// What one poll read and judged: the input of [`Episodes::step`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PollOutcome {
    pub results: Vec<RuleStatus>,
    /// Per asset, the on-chain figures read.
    pub figures: BTreeMap<String, Figures>,
    /// Per chain source asked in this poll.
    pub sources: BTreeMap<String, SourceOutcome>,
}

/// What survives a restart: the open episodes and the sources' failure counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WatchState {
    pub schema: u32,
    /// Asset id → rule id → the open episode.
    pub open: BTreeMap<String, BTreeMap<String, OpenEpisode>>,
    /// Chain source → how it has been failing.
    pub sources: BTreeMap<String, SourceSight>,
}

impl Default for WatchState {
    fn default() -> Self {
        WatchState {
            schema: STATE_SCHEMA,
            open: BTreeMap::new(),
            sources: BTreeMap::new(),
        }
    }
}

/// An open episode: the worst status alerted, since when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenEpisode {
    pub status: Verdict,
    pub since: Timestamp,
}

/// A chain source's failing streak.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceSight {
    pub failed_polls: u32,
    /// A `cannot_see` alert was raised and no `can_see_again` yet; the assets it named.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blinded: Vec<String>,
}

/// The episodes of a watch: the persisted state, and the balances of the previous poll (the
/// snapshot's, before the first) that wallet moves are measured from.
#[derive(Debug)]
pub struct Episodes {
    pub state: WatchState,
    previous: BTreeMap<String, Vec<BalanceFigure>>,
    blind_after: u32,
}

/// How bad a status is for alerting; a waived result is as good as a pass.
fn rank(status: Verdict) -> u8 {
    match status {
        Verdict::Pass | Verdict::Waived => 0,
        Verdict::Unknown => 1,
        Verdict::Warn => 2,
        Verdict::Fail => 3,
    }
}

impl Episodes {
    /// Episodes continuing `state`, measuring the first poll's wallet moves from `baseline`
    /// (asset id → balances), raising `cannot_see` after `blind_after` failed polls (at least 1).
    pub fn new(
        state: WatchState,
        baseline: BTreeMap<String, Vec<BalanceFigure>>,
        blind_after: u32,
    ) -> Self {
        Episodes {
            state,
            previous: baseline,
            blind_after: blind_after.max(1),
        }
    }

    /// The events of one poll, sources first, then rules in the order of the results.
    pub fn step(&mut self, poll: PollOutcome, at: Timestamp) -> Vec<Event> {
        let mut events = self.step_sources(&poll.sources);
        let blinded: BTreeSet<&String> = poll
            .sources
            .values()
            .flat_map(|outcome| &outcome.blinded)
            .collect();
        for result in poll.results {
            if blinded.contains(&result.asset) {
                continue;
            }
            let before = self
                .state
                .open
                .get(&result.asset)
                .and_then(|rules| rules.get(&result.rule))
                .map(|episode| episode.status);
            let kind: fn(RuleChange) -> Event = match before {
                None if rank(result.status) == 0 => continue,
                None => Event::Raised,
                Some(_) if rank(result.status) == 0 => Event::Resolved,
                Some(before) if rank(result.status) > rank(before) => Event::Worsened,
                Some(_) => continue,
            };
            self.record(&result, at);
            let figures = poll.figures.get(&result.asset).cloned().unwrap_or_default();
            let moved = moves(
                self.previous.get(&result.asset).map_or(&[], Vec::as_slice),
                &figures.balances,
            );
            events.push(kind(RuleChange {
                asset: result.asset,
                symbol: result.symbol,
                rule: result.rule,
                before: before.unwrap_or(Verdict::Pass),
                now: result.status,
                value: result.value,
                unit: Some(result.unit),
                figures,
                moved,
            }));
        }
        for (asset, figures) in poll.figures {
            if !blinded.contains(&asset) {
                self.previous.insert(asset, figures.balances);
            }
        }
        events
    }

    /// Opens, worsens or closes the episode of `result`'s rule on its asset.
    fn record(&mut self, result: &RuleStatus, at: Timestamp) {
        if rank(result.status) == 0 {
            if let Some(rules) = self.state.open.get_mut(&result.asset) {
                rules.remove(&result.rule);
                if rules.is_empty() {
                    self.state.open.remove(&result.asset);
                }
            }
            return;
        }
        let rules = self.state.open.entry(result.asset.clone()).or_default();
        let since = rules.get(&result.rule).map_or(at, |episode| episode.since);
        rules.insert(
            result.rule.clone(),
            OpenEpisode {
                status: result.status,
                since,
            },
        );
    }

    fn step_sources(&mut self, sources: &BTreeMap<String, SourceOutcome>) -> Vec<Event> {
        let mut events = Vec::new();
        for (source, outcome) in sources {
            let sight = self.state.sources.entry(source.clone()).or_default();
            if outcome.blinded.is_empty() {
                if !sight.blinded.is_empty() {
                    events.push(Event::CanSeeAgain(Sight {
                        source: source.clone(),
                        assets: std::mem::take(&mut sight.blinded),
                        failed_polls: 0,
                        error: None,
                    }));
                }
                self.state.sources.remove(source);
                continue;
            }
            sight.failed_polls += 1;
            if sight.failed_polls >= self.blind_after && sight.blinded.is_empty() {
                sight.blinded = outcome.blinded.iter().cloned().collect();
                events.push(Event::CannotSee(Sight {
                    source: source.clone(),
                    assets: sight.blinded.clone(),
                    failed_polls: sight.failed_polls,
                    error: outcome.error.clone(),
                }));
            }
        }
        events
    }
}

/// The wallets of `now` whose balance differs from `before` (matched by chain and address).
fn moves(before: &[BalanceFigure], now: &[BalanceFigure]) -> Vec<WalletMove> {
    now.iter()
        .filter_map(|wallet| {
            let earlier = before
                .iter()
                .find(|old| old.chain == wallet.chain && old.address == wallet.address)?;
            WalletMove::between(earlier, wallet)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::Amount;

    const K: u32 = 3;

    fn at(minute: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + minute * 60).unwrap()
    }

    fn status(asset: &str, rule: &str, status: Verdict) -> RuleStatus {
        RuleStatus {
            asset: asset.to_owned(),
            symbol: asset.to_uppercase(),
            rule: rule.to_owned(),
            status,
            unit: Unit::Ratio,
            value: Some(Value::Number(0.1)),
        }
    }

    fn poll(results: Vec<RuleStatus>) -> PollOutcome {
        PollOutcome {
            results,
            ..PollOutcome::default()
        }
    }

    fn kinds(events: &[Event]) -> Vec<String> {
        events
            .iter()
            .map(|event| match event {
                Event::Raised(c) => format!("raised {} {} {}→{}", c.asset, c.rule, c.before, c.now),
                Event::Worsened(c) => {
                    format!("worsened {} {} {}→{}", c.asset, c.rule, c.before, c.now)
                }
                Event::Resolved(c) => {
                    format!("resolved {} {} {}→{}", c.asset, c.rule, c.before, c.now)
                }
                Event::CannotSee(s) => format!("cannot_see {} {:?}", s.source, s.assets),
                Event::CanSeeAgain(s) => format!("can_see_again {} {:?}", s.source, s.assets),
                Event::HoldersChanged(c) => format!("holders_changed {} {}", c.asset, c.contract),
            })
            .collect()
    }

    fn episodes() -> Episodes {
        Episodes::new(WatchState::default(), BTreeMap::new(), K)
    }

    #[test]
    fn passing_rules_raise_nothing() {
        let mut episodes = episodes();
        for minute in 0..5 {
            let events = episodes.step(poll(vec![status("a", "r", Verdict::Pass)]), at(minute));
            assert!(events.is_empty());
        }
        assert!(episodes.state.open.is_empty());
    }

    #[test]
    fn one_alert_per_episode_until_it_worsens_and_one_when_resolved() {
        let mut episodes = episodes();
        let sequence = [
            Verdict::Pass,
            Verdict::Warn,
            Verdict::Warn,
            Verdict::Fail,
            Verdict::Warn,
            Verdict::Fail,
            Verdict::Pass,
            Verdict::Pass,
        ];
        let mut all = Vec::new();
        for (minute, verdict) in (0..).zip(sequence) {
            all.extend(kinds(
                &episodes.step(poll(vec![status("a", "r", verdict)]), at(minute)),
            ));
        }
        assert_eq!(
            all,
            [
                "raised a r pass→warn",
                "worsened a r warn→fail",
                "resolved a r fail→pass"
            ]
        );
        assert!(episodes.state.open.is_empty());
    }

    #[test]
    fn unknown_is_worse_than_pass_and_better_than_warn() {
        let mut episodes = episodes();
        let mut all = Vec::new();
        for (minute, verdict) in (0..).zip([Verdict::Unknown, Verdict::Warn, Verdict::Unknown]) {
            all.extend(kinds(
                &episodes.step(poll(vec![status("a", "r", verdict)]), at(minute)),
            ));
        }
        assert_eq!(
            all,
            ["raised a r pass→unknown", "worsened a r unknown→warn"]
        );
    }

    #[test]
    fn a_restart_from_the_state_does_not_alert_what_is_open() {
        let mut first = episodes();
        first.step(poll(vec![status("a", "r", Verdict::Fail)]), at(0));
        let saved = serde_json::to_string(&first.state).unwrap();
        let mut restarted =
            Episodes::new(serde_json::from_str(&saved).unwrap(), BTreeMap::new(), K);
        let events = restarted.step(poll(vec![status("a", "r", Verdict::Fail)]), at(10));
        assert!(events.is_empty());
        let events = restarted.step(poll(vec![status("a", "r", Verdict::Pass)]), at(20));
        assert_eq!(kinds(&events), ["resolved a r fail→pass"]);
    }

    fn balance(address: &str, tokens: u64) -> BalanceFigure {
        BalanceFigure {
            chain: "ethereum".to_owned(),
            address: address.to_owned(),
            label: format!("reserve {address}"),
            balance: Amount::from_whole(tokens),
        }
    }

    #[test]
    fn an_alert_names_the_wallets_that_moved_since_the_previous_poll() {
        let baseline = BTreeMap::from([(
            "a".to_owned(),
            vec![balance("0x1", 1000), balance("0x2", 500)],
        )]);
        let mut episodes = Episodes::new(WatchState::default(), baseline, K);
        let mut moved = poll(vec![status("a", "r", Verdict::Fail)]);
        moved.figures.insert(
            "a".to_owned(),
            Figures {
                supplies: Vec::new(),
                balances: vec![balance("0x1", 400), balance("0x2", 500)],
            },
        );
        let events = episodes.step(moved, at(0));
        let Event::Raised(change) = &events[0] else {
            panic!("{events:?}")
        };
        assert_eq!(change.moved.len(), 1);
        assert_eq!(change.moved[0].address, "0x1");
        assert_eq!(change.moved[0].change, "-600");
        assert_eq!(change.moved[0].before, Amount::from_whole(1000));
    }

    fn failing(source: &str, assets: &[&str]) -> BTreeMap<String, SourceOutcome> {
        BTreeMap::from([(
            source.to_owned(),
            SourceOutcome {
                blinded: assets.iter().map(|a| (*a).to_owned()).collect(),
                error: Some("node down".to_owned()),
            },
        )])
    }

    #[test]
    fn a_source_failing_k_polls_in_a_row_raises_one_cannot_see_and_one_can_see_again() {
        let mut episodes = episodes();
        let mut all = Vec::new();
        for minute in 0..5 {
            let mut blind = poll(vec![status("a", "r", Verdict::Unknown)]);
            blind.sources = failing("ethereum", &["a"]);
            all.extend(kinds(&episodes.step(blind, at(minute))));
            if minute + 1 < i64::from(K) {
                assert!(all.is_empty(), "alerted before {K} failed polls: {all:?}");
            }
        }
        let mut seeing = poll(vec![status("a", "r", Verdict::Pass)]);
        seeing.sources = failing("ethereum", &[]);
        all.extend(kinds(&episodes.step(seeing, at(6))));
        assert_eq!(
            all,
            [
                r#"cannot_see ethereum ["a"]"#,
                r#"can_see_again ethereum ["a"]"#
            ]
        );
    }

    #[test]
    fn a_failure_that_stops_before_k_polls_raises_nothing_and_resets_the_count() {
        let mut episodes = episodes();
        for round in 0..3 {
            for minute in 0..i64::from(K) - 1 {
                let mut blind = poll(Vec::new());
                blind.sources = failing("ethereum", &["a"]);
                assert!(episodes.step(blind, at(round * 10 + minute)).is_empty());
            }
            let mut seeing = poll(Vec::new());
            seeing.sources = failing("ethereum", &[]);
            assert!(episodes.step(seeing, at(round * 10 + 9)).is_empty());
        }
    }
}
