//! The trend projection: at the rate circulation has drifted from its plan over the last days,
//! when would it cross the circulation rule's warning and failing bounds?
//!
//! A least-squares line through (day, (measured − planned) / planned) over a window of recent
//! runs, extended forward. It is a projection, never a verdict: every output labels it so, and
//! too few points, a flat line or a drift back toward the plan say so instead of a date.

use jiff::civil::Date;
use serde::Serialize;

use crate::inputs::standard::{Bound, Thresholds};
use crate::kst::days_between;
use crate::metric::Limit;

/// The window of recent runs a projection fits, when no `--window` is given.
pub const DEFAULT_WINDOW_DAYS: u32 = 30;
/// Fewer points than this make no trend.
pub const MIN_POINTS: usize = 3;
/// A crossing further away than this (about ten years) is no crossing at all.
pub const HORIZON_DAYS: i64 = 3653;

/// The bounds of a rule on a signed ratio, as the rule's thresholds give them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Band {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub warn_min: Option<f64>,
    pub warn_max: Option<f64>,
}

impl Band {
    /// The numeric bounds of `thresholds`.
    pub fn of(thresholds: &Thresholds) -> Band {
        let number = |limit: &Option<Limit>| match limit {
            Some(Limit::Number(number)) => Some(*number),
            _ => None,
        };
        Band {
            min: number(&thresholds.min),
            max: number(&thresholds.max),
            warn_min: number(&thresholds.warn_min),
            warn_max: number(&thresholds.warn_max),
        }
    }

    /// The bounds a value moving up (or down) meets, warning first.
    fn ahead(self, upward: bool) -> Vec<(Bound, f64)> {
        let bounds = if upward {
            [(Bound::WarnMax, self.warn_max), (Bound::Max, self.max)]
        } else {
            [(Bound::WarnMin, self.warn_min), (Bound::Min, self.min)]
        };
        bounds
            .into_iter()
            .filter_map(|(bound, limit)| limit.map(|limit| (bound, limit)))
            .collect()
    }
}

/// What the fitted line says.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "trend", rename_all = "snake_case")]
pub enum Trend {
    /// Fewer than [`MIN_POINTS`] runs in the window.
    TooFewPoints { points: usize, needed: usize },
    /// No bound is reached within [`HORIZON_DAYS`] at this rate.
    Flat { slope_per_day: f64 },
    /// Moving back toward the plan: no bound lies ahead.
    Receding { slope_per_day: f64 },
    /// Moving toward a bound: when each is crossed.
    Drifting {
        slope_per_day: f64,
        crossings: Vec<Crossing>,
    },
}

/// When the line crosses one bound.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Crossing {
    pub bound: Bound,
    pub limit: f64,
    /// The first Korean date on which the line is beyond the bound; `None` when that is beyond
    /// the horizon.
    pub on: Option<Date>,
    /// The line is beyond the bound already on the last run's date.
    pub already: bool,
}

/// A projection over the last runs of one asset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Projection {
    pub window_days: u32,
    /// The runs fitted.
    pub points: usize,
    /// The first and last date fitted.
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub band: Band,
    pub trend: Trend,
}

/// Fits `series` (Korean date, ratio; in date order, one point a date) over the `window_days`
/// up to its last date, and projects it against `band`.
pub fn project(series: &[(Date, f64)], band: Band, window_days: u32) -> Projection {
    let last = series.last().map(|(date, _)| *date);
    let window: Vec<(Date, f64)> = series
        .iter()
        .filter(|(date, _)| {
            last.is_some_and(|last| days_between(*date, last) < i64::from(window_days))
        })
        .copied()
        .collect();
    let projection = |trend| Projection {
        window_days,
        points: window.len(),
        from: window.first().map(|(date, _)| *date),
        to: last,
        band,
        trend,
    };
    if window.len() < MIN_POINTS {
        return projection(Trend::TooFewPoints {
            points: window.len(),
            needed: MIN_POINTS,
        });
    }
    let start = window[0].0;
    let xs: Vec<f64> = window
        .iter()
        .map(|(date, _)| days_between(start, *date) as f64)
        .collect();
    let ys: Vec<f64> = window.iter().map(|(_, ratio)| *ratio).collect();
    let (intercept, slope) = least_squares(&xs, &ys);
    let last_x = *xs.last().expect("three points or more");
    let ahead = band.ahead(slope > 0.0);
    if slope == 0.0 || ahead.is_empty() {
        return projection(if slope == 0.0 {
            Trend::Flat { slope_per_day: 0.0 }
        } else {
            Trend::Receding {
                slope_per_day: slope,
            }
        });
    }
    let crossings: Vec<Crossing> = ahead
        .into_iter()
        .map(|(bound, limit)| {
            // The first whole day past the point where the line meets the limit.
            let day = ((limit - intercept) / slope).floor() + 1.0;
            let already = day <= last_x;
            let on = if already || day - last_x > HORIZON_DAYS as f64 {
                None
            } else {
                #[allow(
                    clippy::cast_possible_truncation,
                    reason = "a whole number of days within the horizon"
                )]
                let days = day as i64;
                start.checked_add(jiff::Span::new().days(days)).ok()
            };
            Crossing {
                bound,
                limit,
                on,
                already,
            }
        })
        .collect();
    if crossings
        .iter()
        .all(|crossing| crossing.on.is_none() && !crossing.already)
    {
        return projection(Trend::Flat {
            slope_per_day: slope,
        });
    }
    projection(Trend::Drifting {
        slope_per_day: slope,
        crossings,
    })
}

/// The least-squares line through the points: (intercept, slope).
fn least_squares(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_y = ys.iter().sum::<f64>() / n;
    let (mut covariance, mut variance) = (0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        covariance += (x - mean_x) * (y - mean_y);
        variance += (x - mean_x) * (x - mean_x);
    }
    let slope = if variance == 0.0 {
        0.0
    } else {
        covariance / variance
    };
    (mean_y - slope * mean_x, slope)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    /// CIRC-PLAN of the DAXA standard: fail above 10 %, warn above 5 %.
    const CIRC_PLAN: Band = Band {
        min: None,
        max: Some(0.10),
        warn_min: None,
        warn_max: Some(0.05),
    };

    fn daily(from: Date, ratios: &[f64]) -> Vec<(Date, f64)> {
        ratios
            .iter()
            .enumerate()
            .map(|(day, ratio)| {
                (
                    from.checked_add(jiff::Span::new().days(i64::try_from(day).unwrap()))
                        .unwrap(),
                    *ratio,
                )
            })
            .collect()
    }

    #[test]
    fn a_steady_drift_crosses_warn_then_fail_on_the_days_the_line_passes_them() {
        // −0.36 % on 2026-11-20, one percentage point more each day.
        let series = daily(
            date(2026, 11, 20),
            &[-0.0036, 0.0064, 0.0164, 0.0264, 0.0364],
        );
        let projection = project(&series, CIRC_PLAN, 30);
        assert_eq!(projection.points, 5);
        let Trend::Drifting {
            slope_per_day,
            crossings,
        } = projection.trend
        else {
            panic!("{:?}", projection.trend)
        };
        assert!((slope_per_day - 0.01).abs() < 1e-12);
        // 5.36 days after the first point the line is at 5 %: above it from the 6th day.
        assert_eq!(crossings[0].bound, Bound::WarnMax);
        assert_eq!(crossings[0].on, Some(date(2026, 11, 26)));
        assert_eq!(crossings[1].bound, Bound::Max);
        assert_eq!(crossings[1].on, Some(date(2026, 12, 1)));
    }

    #[test]
    fn fewer_than_three_points_make_no_trend() {
        let series = daily(date(2026, 11, 20), &[0.0, 0.05]);
        assert_eq!(
            project(&series, CIRC_PLAN, 30).trend,
            Trend::TooFewPoints {
                points: 2,
                needed: 3
            }
        );
    }

    #[test]
    fn only_the_window_counts() {
        // Two points a year ago, three in the window.
        let mut series = daily(date(2025, 11, 20), &[0.5, 0.6]);
        series.extend(daily(date(2026, 11, 20), &[0.0, 0.0, 0.0]));
        let projection = project(&series, CIRC_PLAN, 30);
        assert_eq!(projection.points, 3);
        assert_eq!(projection.trend, Trend::Flat { slope_per_day: 0.0 });
    }

    #[test]
    fn a_drift_back_toward_the_plan_is_receding() {
        let series = daily(date(2026, 11, 20), &[0.12, 0.11, 0.10, 0.09]);
        assert!(matches!(
            project(&series, CIRC_PLAN, 30).trend,
            Trend::Receding { .. }
        ));
    }

    #[test]
    fn a_line_already_past_the_warning_says_so_and_dates_the_failure() {
        let series = daily(date(2026, 11, 20), &[0.065, 0.075, 0.085]);
        let Trend::Drifting { crossings, .. } = project(&series, CIRC_PLAN, 30).trend else {
            panic!()
        };
        assert!(crossings[0].already);
        assert_eq!(crossings[0].on, None);
        // 0.065 + 0.01 x > 0.10 from x = 4.
        assert_eq!(crossings[1].on, Some(date(2026, 11, 24)));
    }

    #[test]
    fn a_crawl_that_takes_decades_is_flat() {
        let series = daily(date(2026, 11, 20), &[0.0, 0.000_001, 0.000_002]);
        assert!(matches!(
            project(&series, CIRC_PLAN, 30).trend,
            Trend::Flat { .. }
        ));
    }
}
