//! The charts of an asset's history: planned and measured circulation over the recorded dates
//! with the rule's tolerance band, and the gap to the plan with the projection at the recent rate,
//! dashed and labelled as one. Drawn as the other charts are ([`super::chart`]).

use jiff::civil::Date;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::{
    Axis, BAND, INK, PLAN, WARN_BAND, font, marked_line, numbers_chart, status_colour, svg,
};
use crate::amount::Amount;
use crate::eval::Verdict;
use crate::history::AssetHistory;
use crate::history::projection::{Band, Trend};
use crate::history::series::Outlook;
use crate::kst::days_between;
use crate::locale::Localizer;
use crate::message::{Arg, Message};
use crate::metric::{Limit, Unit};

/// The dates and values of one series of the history, as chart points: day numbers from `start`.
fn day(start: Date, date: Date) -> f64 {
    days_between(start, date) as f64
}

/// A chart coordinate as a whole number: day numbers and token counts, far inside `i64`.
#[allow(
    clippy::cast_possible_truncation,
    reason = "day numbers and token counts of a chart are far inside i64"
)]
fn whole(coordinate: f64) -> i64 {
    coordinate.round() as i64
}

/// The date `days` after `start`, for an axis label.
fn date_at(start: Date, days: f64) -> String {
    start
        .checked_add(jiff::Span::new().days(whole(days)))
        .map_or_else(|_| String::new(), |date| date.to_string())
}

/// An exact decimal amount as a chart coordinate. Only pixels come from it: every figure the
/// page prints stays the exact string.
fn coordinate(amount: &str) -> Option<f64> {
    amount.parse::<Amount>().ok().map(Amount::to_f64)
}

/// A token axis label: `2,100,000,000`.
fn tokens_label(tokens: f64) -> String {
    Amount::from_whole(u64::try_from(whole(tokens)).unwrap_or(0)).grouped()
}

/// `history` (and `check` for an asset with a plan): planned and measured circulation over time,
/// with the rule's tolerance around the plan.
pub(super) fn circulation(history: &AssetHistory, words: &Localizer) -> Option<String> {
    let points: Vec<(Date, f64, f64)> = history
        .points
        .iter()
        .filter_map(|point| {
            let circulation = point.circulation.as_ref()?;
            let measured = coordinate(circulation.measured.as_deref()?)?;
            let planned = coordinate(circulation.planned.as_deref()?)?;
            Some((point.as_of, measured, planned))
        })
        .collect();
    let (start, end) = (points.first()?.0, points.last()?.0);
    let band = match &history.outlook {
        Outlook::Projection { projection, .. } => projection.band,
        _ => Band::default(),
    };
    let widest = |planned: f64| {
        [band.max, band.warn_max]
            .iter()
            .flatten()
            .fold(planned, |top, limit| top.max(planned * (1.0 + limit)))
    };
    let highest = points
        .iter()
        .map(|(_, measured, planned)| measured.max(widest(*planned)))
        .fold(0.0, f64::max);
    let lowest = points
        .iter()
        .map(|(_, measured, planned)| {
            let low = band.min.map_or(*planned, |min| planned * (1.0 + min));
            measured.min(low)
        })
        .fold(f64::INFINITY, f64::min);
    // A margin of a tenth of the range above and below, with room at the top for the legend.
    let pad = ((highest - lowest) * 0.1).max(1.0);
    let (bottom, top) = ((lowest - pad).max(0.0), highest + 2.0 * pad);
    let span = day(start, end).max(1.0);
    let title = words
        .text(&Message::new("chart-circulation-title").with("asset", Arg::text(&history.symbol)));
    svg(400, &title, |root| {
        let mut chart = numbers_chart(
            root,
            &title,
            (0.0..span, bottom..top),
            [
                Axis::new(words.word("chart-axis-date"), &|x| date_at(start, *x)),
                Axis::new(words.word("chart-axis-tokens"), &|y| tokens_label(*y)),
            ],
            118,
        )?;
        let along = |factor: Option<f64>| -> Option<Vec<(f64, f64)>> {
            let factor = factor?;
            Some(
                points
                    .iter()
                    .map(|(date, _, planned)| (day(start, *date), planned * (1.0 + factor)))
                    .collect(),
            )
        };
        let plan = along(Some(0.0)).unwrap_or_default();
        if let Some(upper) = along(band.max) {
            let lower = along(band.min).unwrap_or_else(|| plan.clone());
            chart
                .draw_series([Polygon::new(
                    upper
                        .into_iter()
                        .chain(lower.into_iter().rev())
                        .collect::<Vec<_>>(),
                    BAND.filled(),
                )])?
                .label(words.word("chart-tolerance"))
                .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], BAND.filled()));
        }
        if let (Some(warn), Some(upper)) = (along(band.warn_max), along(band.max)) {
            chart
                .draw_series([Polygon::new(
                    warn.into_iter()
                        .chain(upper.into_iter().rev())
                        .collect::<Vec<_>>(),
                    WARN_BAND.filled(),
                )])?
                .label(words.word("chart-warning-band"))
                .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], WARN_BAND.filled()));
        }
        chart
            .draw_series(LineSeries::new(plan.clone(), PLAN.stroke_width(2)))?
            .label(words.word("chart-planned"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], PLAN.stroke_width(2)));
        let measured: Vec<(f64, f64)> = points
            .iter()
            .map(|(date, measured, _)| (day(start, *date), *measured))
            .collect();
        let ink = status_colour(Verdict::Fail);
        marked_line(&mut chart, &measured, ink, 3)?
            .label(words.word("chart-measured"))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], ink.stroke_width(2)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(INK.mix(0.4))
            .label_font(font(12))
            .draw()?;
        Ok(())
    })
}

/// `history`: the gap between measured and planned circulation, in per cent of the plan, with
/// the rule's bounds and the projection at the recent rate, dashed and labelled as one.
pub(super) fn drift(history: &AssetHistory, words: &Localizer) -> Option<String> {
    let Outlook::Projection { projection, .. } = &history.outlook else {
        return None;
    };
    let points: Vec<(Date, f64)> = history
        .points
        .iter()
        .filter_map(|point| Some((point.as_of, point.circulation.as_ref()?.excess?)))
        .collect();
    let (start, last) = (points.first()?.0, *points.last()?);
    let band = projection.band;
    let ahead: Option<(Date, f64)> = match &projection.trend {
        Trend::Drifting {
            slope_per_day,
            crossings,
        } => {
            let until = crossings
                .iter()
                .filter_map(|crossing| crossing.on)
                .max()
                .unwrap_or(last.0)
                .max(last.0);
            let days = day(last.0, until).max(30.0);
            let end = last
                .0
                .checked_add(jiff::Span::new().days(whole(days)))
                .ok()?;
            Some((end, last.1 + slope_per_day * days))
        }
        _ => None,
    };
    let end = ahead.map_or(last.0, |(date, _)| date);
    let span = day(start, end).max(1.0);
    let values = points
        .iter()
        .map(|(_, ratio)| *ratio)
        .chain(ahead.map(|(_, ratio)| ratio))
        .chain(
            [band.min, band.max, band.warn_min, band.warn_max]
                .into_iter()
                .flatten(),
        )
        .chain([0.0]);
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), v| {
        (low.min(v), high.max(v))
    });
    let pad = ((high - low) * 0.1).max(0.01);
    let title =
        words.text(&Message::new("chart-drift-title").with("asset", Arg::text(&history.symbol)));
    svg(380, &title, |root| {
        let mut chart = numbers_chart(
            root,
            &title,
            (0.0..span, (low - pad)..(high + pad)),
            [
                Axis::new(words.word("chart-axis-date"), &|x| date_at(start, *x)),
                Axis::new(words.word("chart-axis-gap"), &|y| {
                    words.limit(Unit::Ratio, &Limit::Number(*y))
                }),
            ],
            70,
        )?;
        for (limit, colour, id) in [
            (band.max, status_colour(Verdict::Fail), "chart-bound-fail"),
            (band.min, status_colour(Verdict::Fail), "chart-bound-fail"),
            (
                band.warn_max,
                status_colour(Verdict::Warn),
                "chart-bound-warn",
            ),
            (
                band.warn_min,
                status_colour(Verdict::Warn),
                "chart-bound-warn",
            ),
        ] {
            let Some(limit) = limit else { continue };
            chart.draw_series(LineSeries::new(
                [(0.0, limit), (span, limit)],
                colour.stroke_width(1),
            ))?;
            let (x, y) = chart.backend_coord(&(span, limit));
            root.draw(&Text::new(
                format!(
                    "{} {}",
                    words.word(id),
                    words.limit(Unit::Ratio, &Limit::Number(limit))
                ),
                (x - 4, y - 3),
                font(11).pos(Pos::new(HPos::Right, VPos::Bottom)),
            ))?;
        }
        let measured: Vec<(f64, f64)> = points
            .iter()
            .map(|(date, ratio)| (day(start, *date), *ratio))
            .collect();
        marked_line(&mut chart, &measured, INK, 3)?;
        if let Some((date, ratio)) = ahead {
            let from = (day(start, last.0), last.1);
            let to = (day(start, date), ratio);
            chart.draw_series(DashedLineSeries::new(
                [from, to],
                8,
                5,
                PLAN.stroke_width(2),
            ))?;
            let (x, y) = chart.backend_coord(&to);
            root.draw(&Text::new(
                words.text(
                    &Message::new("chart-projection")
                        .with("days", Arg::count(projection.window_days as usize)),
                ),
                (x - 4, y - 10),
                font(12)
                    .color(&PLAN)
                    .pos(Pos::new(HPos::Right, VPos::Bottom)),
            ))?;
        }
        Ok(())
    })
}
