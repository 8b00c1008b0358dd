//! The metrics over a window of days: the 2025 zombie-coin exit examples, "average daily
//! turnover below 1 % for two quarters in a row" and "global market cap below ₩4 billion for 30
//! days or more" (REGULATION.md).
//!
//! They read the asset's market day by day (`snapshot::market_days`): CoinGecko's daily chart,
//! and the days earlier runs recorded in the history database when a check is made beside one.
//! Each says how many days of its window it saw. A window not fully seen never passes on what it
//! lacks: a high over part of a window is a lower bound of the true high (`at_least`), and an
//! average over part of a quarter is no average at all.

use jiff::civil::Date;

use super::{Inputs, Outcome};
use crate::kst::{days_before, days_between};
use crate::message::{Arg, Currency, Message};
use crate::metric::Value;
use crate::snapshot::market_days::{MarketDay, days_between as market_days_between};

/// A window of Korean dates, both ends included.
#[derive(Clone, Copy)]
struct Window {
    first: Date,
    last: Date,
}

impl Window {
    fn days(self) -> i64 {
        days_between(self.first, self.last) + 1
    }

    fn message(self, id: &'static str) -> Message {
        Message::new(id)
            .with("first", self.first)
            .with("last", self.last)
    }
}

/// The calendar quarter a date falls in.
fn quarter_of(date: Date) -> Window {
    let first_month = (date.month() - 1) / 3 * 3 + 1;
    let first = Date::new(date.year(), first_month, 1).expect("a quarter starts on a real date");
    let next = first
        .checked_add(jiff::Span::new().months(3))
        .unwrap_or(Date::MAX);
    Window {
        first,
        last: days_before(next, 1),
    }
}

/// The `count` latest calendar quarters that ended before `as_of`, oldest first.
fn complete_quarters_before(as_of: Date, count: i64) -> Vec<Window> {
    let mut quarters = Vec::new();
    let mut current = quarter_of(as_of);
    for _ in 0..count {
        current = quarter_of(days_before(current.first, 1));
        quarters.push(current);
    }
    quarters.reverse();
    quarters
}

impl Inputs<'_> {
    /// The asset's days within `window`, each cited once per request it came from.
    fn market_days_in(&mut self, window: Window) -> Vec<MarketDay> {
        let days = market_days_between(&self.asset.market_days, window.first, window.last);
        let mut reqs: Vec<u32> = days.iter().map(|(_, req)| *req).collect();
        reqs.sort_unstable();
        reqs.dedup();
        for req in reqs {
            let from_req = days.iter().filter(|(_, r)| *r == req).count();
            self.cite(
                req,
                window
                    .message("market-days-of")
                    .with("days", Arg::Count(window.days())),
                Arg::count(from_req),
            );
        }
        days.into_iter().map(|(day, _)| day).collect()
    }

    /// The highest of the average daily global turnovers (trade volume / market cap) of the
    /// `quarters` latest complete calendar quarters. A quarter counts only when every one of its
    /// days was seen; the value is a lower bound when a quarter did not.
    pub(super) fn quarterly_turnover_ratio(&mut self, quarters: i64) -> Outcome {
        if self.asset.market_days.is_empty() {
            return Err(Message::new("no-market-days"));
        }
        let mut parts = Vec::new();
        let mut highest: Option<f64> = None;
        let mut all_seen = true;
        for quarter in complete_quarters_before(self.as_of, quarters) {
            let days = self.market_days_in(quarter);
            let seen = Arg::count(days.len());
            let total = Arg::Count(quarter.days());
            if i64::try_from(days.len()).unwrap_or(i64::MAX) < quarter.days() {
                all_seen = false;
                parts.push(
                    quarter
                        .message("quarter-not-covered")
                        .with("seen", seen)
                        .with("days", total),
                );
                continue;
            }
            let traded: f64 = days.iter().map(|day| day.volume_usd).sum();
            let cap: f64 = days.iter().map(|day| day.market_cap_usd).sum();
            let average = traded / cap;
            highest = Some(highest.map_or(average, |high: f64| high.max(average)));
            parts.push(
                quarter
                    .message("quarter-turnover")
                    .with("ratio", Arg::fine_ratio(average))
                    .with("seen", seen)
                    .with("days", total),
            );
        }
        let Some(highest) = highest else {
            return Err(Message::new("no-quarter-covered").with("quarters", parts));
        };
        self.at_least = !all_seen;
        Ok((
            Value::Number(highest),
            Message::new("quarterly-turnover")
                .with("quarters", parts)
                .with("ratio", Arg::fine_ratio(highest)),
        ))
    }

    /// The highest daily global market cap in won over the `days` days ending on the as-of date,
    /// each day's dollar figure at the snapshot's USD/KRW rate; a lower bound when a day of the
    /// window was not seen.
    pub(super) fn market_cap_krw_high(&mut self, days: i64) -> Outcome {
        if self.asset.market_days.is_empty() {
            return Err(Message::new("no-market-days"));
        }
        let window = Window {
            first: days_before(self.as_of, days - 1),
            last: self.as_of,
        };
        let seen = self.market_days_in(window);
        let Some(high) = seen
            .iter()
            .max_by(|a, b| a.market_cap_usd.total_cmp(&b.market_cap_usd))
            .copied()
        else {
            return Err(window
                .message("no-market-day-in-window")
                .with("days", Arg::Count(window.days())));
        };
        let rate = self.usd_krw()?;
        let cap = high.market_cap_usd * rate;
        let count = i64::try_from(seen.len()).unwrap_or(i64::MAX);
        self.at_least = count < window.days();
        let id = if self.at_least {
            "market-cap-high-part"
        } else {
            "market-cap-high"
        };
        Ok((
            Value::Number(cap),
            window
                .message(id)
                .with("date", high.date)
                .with("usd", Arg::money(Currency::Usd, high.market_cap_usd))
                .with("rate", Arg::Number(rate))
                .with("cap", Arg::money(Currency::Krw, cap))
                .with("seen", Arg::count(seen.len()))
                .with("days", Arg::Count(window.days())),
        ))
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn the_complete_quarters_are_those_ended_before_the_as_of_date() {
        let quarters = complete_quarters_before(date(2026, 11, 20), 2);
        let ends: Vec<(Date, Date)> = quarters.iter().map(|q| (q.first, q.last)).collect();
        assert_eq!(
            ends,
            vec![
                (date(2026, 4, 1), date(2026, 6, 30)),
                (date(2026, 7, 1), date(2026, 9, 30))
            ]
        );
        // On a quarter's last day that quarter is still running.
        let quarters = complete_quarters_before(date(2026, 3, 31), 1);
        assert_eq!(
            (quarters[0].first, quarters[0].last),
            (date(2025, 10, 1), date(2025, 12, 31))
        );
        assert_eq!(quarters[0].days(), 92);
    }
}
