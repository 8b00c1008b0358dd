//! An asset's global market day by day — its market cap and 24-hour trade volume as an
//! aggregator reports them — for the metrics over a window (the 2025 zombie-coin rules: two
//! quarters of turnover, 30 days of market cap).
//!
//! A snapshot holds one series per place the days came from: CoinGecko's daily market chart,
//! and, when a check is made beside a history database, the days earlier runs recorded. A day
//! missing from every series is not seen, and a metric over the window says so.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How many days of an aggregator's daily chart a snapshot keeps: two complete calendar quarters
/// before any day of the current one (at most 92 + 91 + 91 days) and a little more.
pub const KEPT_DAYS: i64 = 280;

/// The days of one source, all from one request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketDays {
    /// By Korean date, increasing, each date once.
    #[serde(deserialize_with = "days_with_room")]
    pub days: Vec<MarketDay>,
    pub req: u32,
}

/// Reads a series into a vector sized for a kept chart at once, refusing days out of date order.
/// JSON does not say how long an array is, so a vector read element by element would double up
/// to 512 days and be copied at each step: at market scale, a hundred megabytes of a snapshot's
/// read. The order is what [`days_between`] relies on, so a snapshot edited out of it is corrupt
/// where the day stands.
fn days_with_room<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<MarketDay>, D::Error> {
    struct Days;
    impl<'de> serde::de::Visitor<'de> for Days {
        type Value = Vec<MarketDay>;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("an array of market days")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let kept = usize::try_from(KEPT_DAYS).unwrap_or_default();
            let room = seq.size_hint().map_or(kept, |hint| hint.min(kept));
            let mut days: Vec<MarketDay> = Vec::with_capacity(room);
            while let Some(day) = seq.next_element::<MarketDay>()? {
                if let Some(before) = days.last()
                    && before.date >= day.date
                {
                    return Err(serde::de::Error::custom(format!(
                        "market day {} follows {}: the days of a series are in date order, each once",
                        day.date, before.date
                    )));
                }
                days.push(day);
            }
            Ok(days)
        }
    }
    deserializer.deserialize_seq(Days)
}

/// One Korean date's market cap and the trade volume of the 24 hours before the figure was
/// taken, both in US dollars, as the source reports them. Written as a JSON array
/// `["2026-11-20", market cap, volume]` to keep a snapshot of many assets small.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "(Date, f64, f64)", into = "(Date, f64, f64)")]
pub struct MarketDay {
    pub date: Date,
    pub market_cap_usd: f64,
    pub volume_usd: f64,
}

impl From<(Date, f64, f64)> for MarketDay {
    fn from((date, market_cap_usd, volume_usd): (Date, f64, f64)) -> Self {
        MarketDay {
            date,
            market_cap_usd,
            volume_usd,
        }
    }
}

impl From<MarketDay> for (Date, f64, f64) {
    fn from(day: MarketDay) -> Self {
        (day.date, day.market_cap_usd, day.volume_usd)
    }
}

/// The days of `series` between `first` and `last` (both included), each date from the first
/// series that has it, with that series' request: the earlier series are preferred.
pub fn days_between(series: &[MarketDays], first: Date, last: Date) -> Vec<(MarketDay, u32)> {
    // One series, the usual case, is in order already: its days are a slice of it.
    if let [one] = series {
        let start = one.days.partition_point(|day| day.date < first);
        let end = one.days.partition_point(|day| day.date <= last);
        return one.days[start..end.max(start)]
            .iter()
            .map(|day| (*day, one.req))
            .collect();
    }
    let mut seen: std::collections::BTreeMap<Date, (MarketDay, u32)> =
        std::collections::BTreeMap::new();
    for one in series {
        for day in one.days.iter().filter(|d| (first..=last).contains(&d.date)) {
            seen.entry(day.date).or_insert((*day, one.req));
        }
    }
    seen.into_values().collect()
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn a_day_is_written_as_an_array_and_read_back() {
        let day = MarketDay {
            date: date(2026, 11, 20),
            market_cap_usd: 1.5e9,
            volume_usd: 2.25e7,
        };
        let json = serde_json::to_string(&day).unwrap();
        assert_eq!(json, r#"["2026-11-20",1500000000.0,22500000.0]"#);
        assert_eq!(serde_json::from_str::<MarketDay>(&json).unwrap(), day);
    }

    #[test]
    fn a_series_out_of_date_order_is_refused_where_it_breaks() {
        let json = r#"{"days":[["2026-11-20",1.0,1.0],["2026-11-19",1.0,1.0]],"req":0}"#;
        let error = serde_json::from_str::<MarketDays>(json).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("market day 2026-11-19 follows 2026-11-20"),
            "{error}"
        );
        let twice = r#"{"days":[["2026-11-20",1.0,1.0],["2026-11-20",2.0,1.0]],"req":0}"#;
        assert!(serde_json::from_str::<MarketDays>(twice).is_err());
    }

    #[test]
    fn one_series_gives_its_days_within_the_window() {
        let chart = MarketDays {
            days: [17, 18, 20, 21]
                .map(|d| MarketDay {
                    date: date(2026, 11, d),
                    market_cap_usd: f64::from(d),
                    volume_usd: 0.0,
                })
                .to_vec(),
            req: 4,
        };
        let caps = |first, last| -> Vec<(f64, u32)> {
            days_between(
                std::slice::from_ref(&chart),
                date(2026, 11, first),
                date(2026, 11, last),
            )
            .iter()
            .map(|(d, r)| (d.market_cap_usd, *r))
            .collect()
        };
        assert_eq!(caps(18, 20), vec![(18.0, 4), (20.0, 4)]);
        assert_eq!(caps(19, 19), vec![]);
        assert_eq!(caps(22, 30), vec![]);
        assert_eq!(caps(21, 17), vec![]);
    }

    #[test]
    fn the_first_series_with_a_date_gives_it() {
        let day = |d, cap| MarketDay {
            date: date(2026, 11, d),
            market_cap_usd: cap,
            volume_usd: 0.0,
        };
        let chart = MarketDays {
            days: vec![day(19, 1.0), day(20, 2.0)],
            req: 0,
        };
        let history = MarketDays {
            days: vec![day(18, 9.0), day(19, 9.0)],
            req: 1,
        };
        let days = days_between(&[chart, history], date(2026, 11, 18), date(2026, 11, 19));
        let got: Vec<(f64, u32)> = days.iter().map(|(d, r)| (d.market_cap_usd, *r)).collect();
        assert_eq!(got, vec![(9.0, 1), (1.0, 0)]);
    }
}
