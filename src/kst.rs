//! Korean calendar dates.
//!
//! Standards, plans and waivers are written in Korean calendar dates (KST, UTC+9, no daylight
//! saving since 1988), while snapshots record UTC instants. A fetch at 23:30 UTC is already the
//! next day in Seoul, so every instant-to-date step goes through [`date_of`].

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;

/// Korea Standard Time as a fixed offset: no tz database is needed for it.
pub const KST: Offset = Offset::constant(9);

/// The Korean calendar date of a UTC instant.
pub fn date_of(instant: Timestamp) -> Date {
    KST.to_datetime(instant).date()
}

/// Whole days from `from` to `to`; negative when `to` is earlier.
pub fn days_between(from: Date, to: Date) -> i64 {
    let span = from.until(to).map(|span| span.get_days());
    i64::from(span.unwrap_or_default())
}

/// The date `days` days before `date` (after it when negative), clamped to the calendar's ends.
pub fn days_before(date: Date, days: i64) -> Date {
    date.checked_sub(jiff::Span::new().days(days))
        .unwrap_or(if days > 0 { Date::MIN } else { Date::MAX })
}

/// A Korean calendar date: a TOML date such as `2024-07-19`, or the same date quoted.
pub struct CalendarDate;

impl schemars::JsonSchema for CalendarDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CalendarDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A Korean (KST) calendar date such as 2024-07-19, without a time.",
            "type": "string",
            "format": "date"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_past_eleven_utc_is_already_the_next_day_in_seoul() {
        let instant: Timestamp = "2022-10-24T23:30:00Z".parse().unwrap();
        assert_eq!(date_of(instant), jiff::civil::date(2022, 10, 25));
    }

    #[test]
    fn days_between_counts_calendar_days() {
        assert_eq!(
            days_between(
                jiff::civil::date(2022, 10, 25),
                jiff::civil::date(2022, 10, 31)
            ),
            6
        );
        assert_eq!(
            days_between(
                jiff::civil::date(2022, 10, 31),
                jiff::civil::date(2022, 10, 25)
            ),
            -6
        );
        assert_eq!(
            days_between(jiff::civil::date(2020, 1, 1), jiff::civil::date(2022, 1, 1)),
            731
        );
    }
}
