//! The charts of the HTML pages, drawn with plotters' SVG backend and inlined in the page: no
//! script, no font file, no request. Each chart is an `<svg>` with a `<title>` and an
//! `aria-label`; its words (titles, axes, statuses) come from the localizer, and the page prints
//! its figures as words beside it, so that colour is never the only sign. An asset's history has
//! its charts in [`super::chart_history`].

use std::error::Error;
use std::sync::Arc;

use plotters::chart::SeriesAnno;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::html_page::escape;
use crate::analysis::sweep::{Sweep, SweepStep};
use crate::eval::{Report, Verdict};
use crate::history::projection::Band;
use crate::inputs::standard::Bound;
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
pub(super) fn status_colour(verdict: Verdict) -> RGBColor {
    match verdict {
        Verdict::Fail => RGBColor(0xb0, 0x00, 0x20),
        Verdict::Warn => RGBColor(0xd4, 0xa0, 0x17),
        Verdict::Unknown => RGBColor(0x9a, 0x9a, 0x9a),
        Verdict::Waived => RGBColor(0x6f, 0x42, 0xc1),
        Verdict::Pass => RGBColor(0x1a, 0x7f, 0x37),
    }
}

pub(super) const INK: RGBColor = RGBColor(0x1b, 0x1b, 0x1b);
pub(super) const PLAN: RGBColor = RGBColor(0x1f, 0x5f, 0xaf);
pub(super) const BAND: RGBColor = RGBColor(0xd8, 0xe6, 0xf5);
pub(super) const WARN_BAND: RGBColor = RGBColor(0xf6, 0xe7, 0xb8);
const WIDTH: u32 = 760;

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), Box<dyn Error>>;

/// Draws a chart of `height` pixels into an inline SVG element labelled `title`. `None` when
/// plotters could not draw it (the page then shows the figures without the chart).
pub(super) fn svg(height: u32, title: &str, draw: impl FnOnce(&Area) -> Drawn) -> Option<String> {
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

pub(super) fn font(size: u32) -> TextStyle<'static> {
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
        match counts.iter_mut().find(|(rule, _)| **rule == *result.rule) {
            Some((_, row)) => row[slot] += 1,
            None => {
                let mut row = [0; 5];
                row[slot] = 1;
                counts.push((result.rule.to_string(), row));
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
pub(super) struct Axis<'f> {
    description: String,
    tick: &'f dyn Fn(&f64) -> String,
}

impl<'f> Axis<'f> {
    pub(super) fn new(description: String, tick: &'f dyn Fn(&f64) -> String) -> Self {
        Axis { description, tick }
    }
}

/// A chart of numbers against numbers over `ranges` under its caption, both axes described and
/// ticked; `y_label_width` pixels hold the vertical axis's ticks and description.
pub(super) fn numbers_chart<'a, 'b>(
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
pub(super) fn marked_line<'c, 'a, 'b>(
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
    let mut gaps: Vec<(Arc<str>, f64, Verdict, Band)> = report
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
                    .map_or_else(String::new, |(symbol, ..)| symbol.to_string()),
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
