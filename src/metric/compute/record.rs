//! The metrics of an asset's record over time: changes of its circulation plan, and the joint
//! delistings that bar a relisting for a year.

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::Deserialize;

use super::{Inputs, Outcome};
use crate::exchange::Exchange;
use crate::kst::days_between;
use crate::message::{Arg, Message};
use crate::metric::Value;

/// `records/joint-delistings.toml`, built in: the joint delistings decided through DAXA.
const JOINT_DELISTINGS: &str = include_str!("../../../records/joint-delistings.toml");

/// The history of joint delistings.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointDelistings {
    /// The first day the history covers: before it, no record is no evidence.
    pub covers_from: Date,
    #[serde(rename = "delisting")]
    pub delistings: Vec<JointDelisting>,
}

/// One joint delisting.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointDelisting {
    /// The asset ids it applies to: descriptor ids and CoinGecko ids.
    pub ids: Vec<String>,
    /// For the reader of the file.
    #[serde(rename = "symbol")]
    _symbol: String,
    pub decided: Date,
    /// The Korean date trading support ended, from which the relisting bar runs.
    pub ended: Date,
    pub exchanges: Vec<Exchange>,
    pub reason: String,
    pub source: String,
}

/// The built-in history, read once.
pub fn joint_delistings() -> &'static JointDelistings {
    static HISTORY: LazyLock<JointDelistings> = LazyLock::new(|| {
        toml::from_str(JOINT_DELISTINGS).expect("records/joint-delistings.toml is valid (tested)")
    });
    &HISTORY
}

impl Inputs<'_> {
    /// Revisions of the circulation plan dated within the `days` before the as-of date, the
    /// as-of date included.
    pub(super) fn plan_revisions(&mut self, days: i64) -> Outcome {
        let (plan, req) = self.plan()?;
        let in_window: Vec<_> = plan
            .revisions
            .iter()
            .filter(|revision| (0..days).contains(&days_between(revision.date, self.as_of)))
            .collect();
        for revision in &in_window {
            self.cite(
                req,
                Message::new("plan-revision-of")
                    .with("date", revision.date)
                    .with("source", Arg::code(&revision.source)),
                Arg::text(&revision.reason),
            );
        }
        let count = in_window.len();
        Ok((
            Value::Number(count as f64),
            Message::new("plan-revisions")
                .with("count", Arg::count(count))
                .with("days", Arg::Count(days))
                .with("as_of", self.as_of),
        ))
    }

    /// Days from the end of the asset's latest joint delisting to the as-of date; without one on
    /// record, a lower bound counted from the start of the history.
    pub(super) fn days_since_joint_delisting(&mut self) -> Outcome {
        let history = joint_delistings();
        let latest = history
            .delistings
            .iter()
            .filter(|delisting| delisting.ids.contains(&self.asset.id))
            .filter(|delisting| delisting.ended <= self.as_of)
            .max_by_key(|delisting| delisting.ended);
        if let Some(delisting) = latest {
            let days = days_between(delisting.ended, self.as_of);
            return Ok((
                Value::Number(days as f64),
                Message::new("jointly-delisted")
                    .with("decided", delisting.decided)
                    .with("reason", Arg::text(&delisting.reason))
                    .with("ended", delisting.ended)
                    .with(
                        "exchanges",
                        Arg::exchanges(delisting.exchanges.iter().copied()),
                    )
                    .with("days", Arg::Count(days))
                    .with("as_of", self.as_of)
                    .with("source", Arg::code(&delisting.source)),
            ));
        }
        let days = days_between(history.covers_from, self.as_of);
        if days < 0 {
            return Err(Message::new("delisting-history-starts-later")
                .with("covers_from", history.covers_from));
        }
        self.at_least = true;
        Ok((
            Value::Number(days as f64),
            Message::new("no-joint-delisting")
                .with("covers_from", history.covers_from)
                .with("days", Arg::Count(days)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_history_reads_and_starts_with_its_first_delisting() {
        let history = joint_delistings();
        let first = history.delistings.iter().map(|d| d.ended).min().unwrap();
        assert_eq!(history.covers_from, first);
        for delisting in &history.delistings {
            assert!(delisting.decided <= delisting.ended, "{:?}", delisting.ids);
            assert!(
                delisting.source.starts_with("https://"),
                "{:?}",
                delisting.ids
            );
        }
    }
}
