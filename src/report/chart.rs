//! The charts of the HTML pages, drawn with plotters' SVG backend and inlined in the page: no
//! script, no font file, no request. Each chart is an `<svg>` with a `<title>` and an
//! `aria-label`; its words (titles, axes, statuses) come from the localizer, and the page prints
//! its figures as words beside it, so that colour is never the only sign.

use std::error::Error;

use jiff::civil::Date;
use plotters::chart::SeriesAnno;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::html_page::escape;
use crate::amount::Amount;
use crate::analysis::sweep::{Sweep, SweepStep};
use crate::eval::{Report, Verdict};
use crate::history::AssetHistory;
use crate::history::projection::{Band, Trend};
use crate::history::series::Outlook;
use crate::inputs::standard::Bound;
use crate::kst::days_between;
use crate::locale::Localizer;
use crate::message::{Arg, Message};
use crate::metric::{Limit, Metric, Unit, Value};

/// The order statuses are stacked and listed in: findings first.
pub(super) const STATUS_ORDER: [Verdict; 5] = [
    Verdict::Fail,
    Verdict::Warn,
    Verdict::Unknown,
    Verdict::Waived,
    Verdict::Pass,
];

/// Chart colours; the status words always stand beside them.
fn status_colour(verdict: Verdict) -> RGBColor {
    match verdict {
        Verdict::Fail => RGBColor(0xb0, 0x00, 0x20),
        Verdict::Warn => RGBColor(0xd4, 0xa0, 0x17),
        Verdict::Unknown => RGBColor(0x9a, 0x9a, 0x9a),
        Verdict::Waived => RGBColor(0x6f, 0x42, 0xc1),
        Verdict::Pass => RGBColor(0x1a, 0x7f, 0x37),
    }
}

const INK: RGBColor = RGBColor(0x1b, 0x1b, 0x1b);
const PLAN: RGBColor = RGBColor(0x1f, 0x5f, 0xaf);
const BAND: RGBColor = RGBColor(0xd8, 0xe6, 0xf5);
const WARN_BAND: RGBColor = RGBColor(0xf6, 0xe7, 0xb8);
const WIDTH: u32 = 760;

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), Box<dyn Error>>;

/// Draws a chart of `height` pixels into an inline SVG element labelled `title`. `None` when
/// plotters could not draw it (the page then shows the figures without the chart).
fn svg(height: u32, title: &str, draw: impl FnOnce(&Area) -> Drawn) -> Option<String> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        draw(&root).ok()?;
        root.present().ok()?;
    }
    // plotters writes `<svg width=… height=… viewBox=… xmlns=…>`: name the chart for screen
    // readers and printouts there.
    let opening = text.find('>')?;
    let label = escape(title);
    Some(format!(
        "{} class=\"chart\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>{}",
        &text[..opening],
        &text[opening + 1..]
    ))
}

fn font(size: u32) -> TextStyle<'static> {
    (FontFamily::SansSerif, f64::from(size) * 1.24)
        .into_font()
        .color(&INK)
}

/// How many results of each rule are in each status, in the order of [`STATUS_ORDER`]; rules in
/// the standard's order (as the results list them).
pub(super) fn rule_status_counts(report: &Report) -> Vec<(String, [usize; 5])> {
    let mut counts: Vec<(String, [usize; 5])> = Vec::new();
    for result in &report.results {
        let slot = STATUS_ORDER
            .iter()
            .position(|status| *status == result.status)
            .expect("every verdict is in STATUS_ORDER");
        match counts.iter_mut().find(|(rule, _)| *rule == result.rule) {
            Some((_, row)) => row[slot] += 1,
            None => {
                let mut row = [0; 5];
                row[slot] = 1;
                counts.push((result.rule.clone(), row));
            }
        }
    }
    counts
}

/// `check`: one bar per rule, split by status, each part named and counted where it fits.
pub(super) fn status_by_rule(report: &Report, words: &Localizer) -> Option<String> {
    let counts = rule_status_counts(report);
    if counts.is_empty() {
        return None;
    }
    let rows = counts.len();
    let most = counts
        .iter()
        .map(|(_, row)| row.iter().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    let label_width = counts.iter().map(|(rule, _)| rule.len()).max().unwrap_or(4) * 8 + 16;
    let title = words.word("chart-status-title");
    let height = 130 + 30 * u32::try_from(rows).unwrap_or(u32::MAX / 64);
    svg(height, &title, |root| {
        legend(root, height, &counts, words)?;
        let upper = root.margin(0, 24, 0, 0);
        let mut chart = ChartBuilder::on(&upper)
            .caption(&title, font(15))
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(u32::try_from(label_width).unwrap_or(200))
            // plotters' integer ranges include their end: rows − 1 is the last row (and a range
            // of one value has no height, so a single row gets an empty one above it).
            .build_cartesian_2d(0.0..most as f64, (0..rows.max(2) - 1).into_segmented())?;
        chart
            .configure_mesh()
            .max_light_lines(1)
            .disable_y_mesh()
            .x_desc(words.word("chart-axis-assets"))
            .x_label_formatter(&|x| count_label(*x))
            .x_labels(most.min(10) + 1)
            .y_labels(rows)
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(row) => (rows - 1)
                    .checked_sub(*row)
                    .and_then(|index| counts.get(index))
                    .map_or_else(String::new, |(rule, _)| rule.clone()),
                _ => String::new(),
            })
            .label_style(font(12))
            .axis_desc_style(font(12))
            .draw()?;
        let plot = chart.plotting_area();
        for (index, (_, row)) in counts.iter().enumerate() {
            let y = rows - 1 - index;
            let mut from = 0.0;
            for (status, count) in STATUS_ORDER.iter().zip(row) {
                if *count == 0 {
                    continue;
                }
                let to = from + *count as f64;
                let left_edge = from;
                from = to;
                let top = SegmentValue::Exact(y + 1);
                let bottom = SegmentValue::Exact(y);
                let mut bar = Rectangle::new(
                    [(left_edge, top), (to, bottom)],
                    status_colour(*status).filled(),
                );
                bar.set_margin(4, 4, 0, 1);
                plot.draw(&bar)?;
                let label = format!("{} {count}", words.name(*status));
                let (left, _) = plot.map_coordinate(&(left_edge, SegmentValue::CenterOf(y)));
                let (right, middle) = plot.map_coordinate(&(to, SegmentValue::CenterOf(y)));
                // The naive text width of plotters counts bytes; Korean words are wider in
                // bytes than on screen, so this errs on the side of leaving the count alone.
                let fits = |text: &str| i32::try_from(text.len() * 7 + 6).unwrap_or(i32::MAX);
                let text = if right - left >= fits(&label) {
                    label
                } else if right - left >= fits(&count.to_string()) {
                    count.to_string()
                } else {
                    continue;
                };
                root.draw(&Text::new(
                    text,
                    (left + 4, middle),
                    font(11)
                        .color(&WHITE)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
        }
        Ok(())
    })
}

/// The statuses the bars show, each a box of its colour and its word, on the chart's last line.
fn legend(root: &Area, height: u32, counts: &[(String, [usize; 5])], words: &Localizer) -> Drawn {
    let y = i32::try_from(height).unwrap_or(i32::MAX) - 16;
    let mut x = 60;
    for (slot, status) in STATUS_ORDER.iter().enumerate() {
        if counts.iter().all(|(_, row)| row[slot] == 0) {
            continue;
        }
        root.draw(&Rectangle::new(
            [(x, y - 6), (x + 12, y + 6)],
            status_colour(*status).filled(),
        ))?;
        let word = words.name(*status);
        root.draw(&Text::new(
            word.clone(),
            (x + 17, y),
            font(12).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += 40 + i32::try_from(word.chars().count() * 9).unwrap_or(100);
    }
    Ok(())
}

/// A chart of numbers against numbers, as every chart but the bars is.
type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// One axis of a chart: what it measures, with its unit, and how a tick reads.
struct Axis<'f> {
    description: String,
    tick: &'f dyn Fn(&f64) -> String,
}

impl<'f> Axis<'f> {
    fn new(description: String, tick: &'f dyn Fn(&f64) -> String) -> Self {
        Axis { description, tick }
    }
}

/// A chart of numbers against numbers over `ranges` under its caption, both axes described and
/// ticked; `y_label_width` pixels hold the vertical axis's ticks and description.
fn numbers_chart<'a, 'b>(
    root: &'a Area<'b>,
    title: &str,
    (x, y): (std::ops::Range<f64>, std::ops::Range<f64>),
    [across, up]: [Axis; 2],
    y_label_width: u32,
) -> Result<Plot<'a, 'b>, Box<dyn Error>> {
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(15))
        .margin(14)
        .margin_right(36)
        .x_label_area_size(46)
        .y_label_area_size(y_label_width)
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .max_light_lines(1)
        .x_desc(across.description)
        .y_desc(up.description)
        .x_label_formatter(across.tick)
        .y_label_formatter(up.tick)
        .x_labels(6)
        .y_labels(6)
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    Ok(chart)
}

/// A series drawn as a line through its points, each point marked by a dot of `dot` pixels;
/// the line's entry, for a legend.
fn marked_line<'c, 'a, 'b>(
    chart: &'c mut Plot<'a, 'b>,
    points: &[(f64, f64)],
    colour: RGBColor,
    dot: u32,
) -> Result<&'c mut SeriesAnno<'a, SVGBackend<'b>>, Box<dyn Error>> {
    chart.draw_series(
        points
            .iter()
            .map(|point| Circle::new(*point, dot, colour.filled())),
    )?;
    Ok(chart.draw_series(LineSeries::new(points.to_vec(), colour.stroke_width(2)))?)
}

/// A count axis label: whole numbers only, so that a short axis never reads `1, 1, 2`.
fn count_label(count: f64) -> String {
    if (count - count.round()).abs() < 1e-9 {
        format!("{count:.0}")
    } else {
        String::new()
    }
}

/// The most assets the chart of gaps to the plan shows: those furthest above their plan.
const MOST_PLANS: usize = 20;

/// `check`: each asset's measured circulation against its disclosed plan, in per cent of the
/// plan, with the rule's bounds: the WEMIX case's +29.46 % at a glance. Each bar carries its
/// figure and status in words.
pub(super) fn plan_gaps(report: &Report, words: &Localizer) -> Option<String> {
    let mut gaps: Vec<(String, f64, Verdict, Band)> = report
        .results
        .iter()
        .filter(|result| result.metric == Metric::CirculationPlanExcess)
        .filter_map(|result| match result.value {
            Some(Value::Number(gap)) => Some((
                result.symbol.clone(),
                gap,
                result.status,
                Band::of(&result.threshold.bounds),
            )),
            _ => None,
        })
        .collect();
    gaps.sort_by(|a, b| b.1.total_cmp(&a.1));
    gaps.truncate(MOST_PLANS);
    let rows = gaps.len();
    let band = gaps.first()?.3;
    let limits = [band.min, band.max, band.warn_min, band.warn_max];
    let (low, high) = gaps
        .iter()
        .map(|(_, gap, _, _)| *gap)
        .chain(limits.into_iter().flatten())
        .chain([0.0])
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), v| {
            (low.min(v), high.max(v))
        });
    let pad = ((high - low) * 0.12).max(0.01);
    let title = words.word("chart-plan-gaps-title");
    let height = 130 + 30 * u32::try_from(rows.max(3)).unwrap_or(u32::MAX / 64);
    svg(height, &title, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(&title, font(15))
            .margin(14)
            .margin_right(36)
            .x_label_area_size(46)
            .y_label_area_size(90)
            .build_cartesian_2d(
                (low - pad)..(high + pad),
                (0..rows.max(2) - 1).into_segmented(),
            )?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(1)
            .x_desc(words.word("chart-axis-gap"))
            .x_label_formatter(&|x| words.limit(Unit::Ratio, &Limit::Number(*x)))
            .x_labels(6)
            .y_labels(rows)
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(row) => (rows - 1)
                    .checked_sub(*row)
                    .and_then(|index| gaps.get(index))
                    .map_or_else(String::new, |(symbol, ..)| symbol.clone()),
                _ => String::new(),
            })
            .label_style(font(11))
            .axis_desc_style(font(12))
            .draw()?;
        for (limit, status) in [
            (band.max, Verdict::Fail),
            (band.min, Verdict::Fail),
            (band.warn_max, Verdict::Warn),
            (band.warn_min, Verdict::Warn),
        ] {
            let Some(limit) = limit else { continue };
            chart.draw_series(DashedLineSeries::new(
                [
                    (limit, SegmentValue::Exact(0)),
                    (limit, SegmentValue::Exact(rows.max(2))),
                ],
                5,
                3,
                status_colour(status).stroke_width(1),
            ))?;
        }
        for (index, (_, gap, status, _)) in gaps.iter().enumerate() {
            let y = rows - 1 - index;
            // plotters draws a rectangle from its upper left corner: a gap below the plan
            // starts at the gap.
            let mut bar = Rectangle::new(
                [
                    (gap.min(0.0), SegmentValue::Exact(y + 1)),
                    (gap.max(0.0), SegmentValue::Exact(y)),
                ],
                status_colour(*status).filled(),
            );
            bar.set_margin(4, 4, 0, 0);
            chart.draw_series([bar])?;
            let (x, middle) = chart.backend_coord(&(gap.max(0.0), SegmentValue::CenterOf(y)));
            root.draw(&Text::new(
                format!(
                    "{} {}",
                    words.limit(Unit::Ratio, &Limit::Number(*gap)),
                    words.name(*status)
                ),
                (x + 6, middle),
                font(11).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        Ok(())
    })
}

/// A sweep's threshold as the reader reads it: `10.00 %`, `₩4.00 bn`.
fn threshold_text(words: &Localizer, unit: Unit, value: f64) -> String {
    words.limit(unit, &Limit::Number(value))
}

/// `standards sweep` (and `compare` for a moved rule): failing assets as the threshold moves,
/// with each draft's value marked.
pub(super) fn sweep_curve(sweep: &Sweep, words: &Localizer) -> Option<String> {
    let first = sweep.steps.first()?.threshold;
    let last = sweep.steps.last()?.threshold;
    if sweep.steps.len() < 2 || last <= first {
        return None;
    }
    // A warning bound moves warnings, not failures: its curve counts the assets it warns.
    let warning = matches!(sweep.bound, Bound::WarnMin | Bound::WarnMax);
    // The words of each kind of curve: its title, its axis and its marks.
    let (status, title_id, axis_id, mark_id) = if warning {
        (
            Verdict::Warn,
            "chart-sweep-title-warn",
            "chart-axis-warn",
            "chart-draft-mark-warn",
        )
    } else {
        (
            Verdict::Fail,
            "chart-sweep-title-fail",
            "chart-axis-fail",
            "chart-draft-mark-fail",
        )
    };
    let count = |step: &SweepStep| if warning { step.warn } else { step.fail };
    let most = sweep.steps.iter().map(count).max().unwrap_or(0);
    let top = (most.max(1) as f64) * 1.15;
    let title = words.text(
        &Message::new(title_id)
            .with("rule", Arg::text(&sweep.rule))
            .with("bound", Arg::text(sweep.bound.to_string())),
    );
    svg(380, &title, |root| {
        let threshold_axis = words.text(
            &Message::new("chart-axis-threshold")
                .with("rule", Arg::text(&sweep.rule))
                .with("bound", Arg::text(sweep.bound.to_string())),
        );
        let mut chart = numbers_chart(
            root,
            &title,
            (first..last, 0.0..top),
            [
                Axis::new(threshold_axis, &|x| threshold_text(words, sweep.unit, *x)),
                Axis::new(words.word(axis_id), &|y| count_label(*y)),
            ],
            56,
        )?;
        let fail = status_colour(status);
        let points: Vec<(f64, f64)> = sweep
            .steps
            .iter()
            .map(|step| (step.threshold, count(step) as f64))
            .collect();
        marked_line(&mut chart, &points, fail, 2)?;
        for (index, draft) in sweep.drafts.iter().enumerate() {
            let Some(value) = draft.value else { continue };
            let failing = sweep
                .steps
                .iter()
                .find(|step| step.drafts.contains(&draft.label))
                .map_or(0, count);
            chart.draw_series(DashedLineSeries::new(
                [(value, 0.0), (value, top)],
                6,
                4,
                INK.stroke_width(1),
            ))?;
            let label = words.text(
                &Message::new(mark_id)
                    .with("label", Arg::text(&draft.label))
                    .with("value", Arg::text(threshold_text(words, sweep.unit, value)))
                    .with("count", Arg::count(failing)),
            );
            chart.draw_series([Circle::new((value, failing as f64), 5, INK.stroke_width(2))])?;
            // Near the right edge the mark's words go to its left.
            let (anchor, shift) = if value > first + (last - first) * 0.6 {
                (HPos::Right, -8)
            } else {
                (HPos::Left, 8)
            };
            let (x, y) = chart.backend_coord(&(value, failing as f64));
            root.draw(&Text::new(
                label,
                // Each draft's words on a line of their own, so that close marks stay legible.
                (x + shift, y - 12 - 16 * i32::try_from(index).unwrap_or(0)),
                font(12).pos(Pos::new(anchor, VPos::Bottom)),
            ))?;
        }
        Ok(())
    })
}

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
