//! The words of an asset's history, shared by the formats that show it to people: the heading,
//! the table of runs, the projection's sentence and the notes.

use super::rows::asset_label;
use crate::amount::Amount;
use crate::history::AssetHistory;
use crate::history::projection::{Crossing, Trend};
use crate::history::series::{Outlook, Point};
use crate::inputs::standard::Bound;
use crate::locale::Localizer;
use crate::message::{Arg, Message};

/// What a cell without a figure shows.
const NONE: &str = "—";

/// `WEMIX 위믹스 under daxa-best-practices: 5 runs from … to … (history …)`.
pub(super) fn heading(history: &AssetHistory, words: &Localizer) -> String {
    let asset = label(history);
    let database = Arg::code(&history.database);
    match (history.points.first(), history.points.last()) {
        (Some(first), Some(last)) => words.text(
            &Message::new("history-heading")
                .with("asset", Arg::text(asset))
                .with("standard", Arg::code(&history.standard))
                .with("runs", Arg::count(history.points.len()))
                .with("from", first.as_of)
                .with("to", last.as_of)
                .with("database", database),
        ),
        _ => words.text(
            &Message::new("history-empty")
                .with("asset", Arg::text(asset))
                .with("database", database),
        ),
    }
}

fn label(history: &AssetHistory) -> String {
    asset_label(
        &history.asset,
        &history.symbol,
        history.korean_name.as_deref(),
    )
}

/// The table of runs, a row per Korean date: the circulation columns when the asset has a plan,
/// then the asked rule's value and status, or the verdict and the rules not passing.
pub(super) fn table(history: &AssetHistory, words: &Localizer) -> (Vec<String>, Vec<Vec<String>>) {
    let column = |id: &'static str| words.text(&Message::new(id));
    let planned = history
        .points
        .iter()
        .any(|point| point.circulation.is_some());
    let mut header = vec![column("history-column-date")];
    if planned {
        header.extend([
            column("history-column-measured"),
            column("history-column-planned"),
            column("history-column-excess"),
        ]);
    }
    match &history.rule {
        Some(rule) => header.extend(
            ["history-column-value", "history-column-status"]
                .map(|id| words.text(&Message::new(id).with("rule", Arg::code(rule)))),
        ),
        None => header.extend([
            column("history-column-verdict"),
            column("history-column-not-passing"),
        ]),
    }
    let rows = history
        .points
        .iter()
        .map(|point| {
            let mut row = vec![date_cell(point, words)];
            if planned {
                let circulation = point.circulation.as_ref();
                let amount = |text: Option<&String>| {
                    text.and_then(|text| text.parse::<Amount>().ok())
                        .map_or_else(|| NONE.to_owned(), |amount| words.arg(&Arg::Amount(amount)))
                };
                row.push(amount(circulation.and_then(|c| c.measured.as_ref())));
                row.push(amount(circulation.and_then(|c| c.planned.as_ref())));
                row.push(
                    circulation
                        .and_then(|c| c.excess)
                        .map_or_else(|| NONE.to_owned(), |excess| words.arg(&Arg::Change(excess))),
                );
            }
            if history.rule.is_some() {
                let status = point.statuses.first();
                row.push(
                    status
                        .and_then(|status| status.value.clone())
                        .unwrap_or_else(|| NONE.to_owned()),
                );
                row.push(status.map_or_else(
                    || NONE.to_owned(),
                    |status| verdict_word(words, &status.status),
                ));
            } else {
                row.push(verdict_word(words, &point.verdict));
                let not_passing: Vec<String> = point
                    .statuses
                    .iter()
                    .filter(|status| status.status != "pass")
                    .map(|status| {
                        format!("{} {}", status.rule, verdict_word(words, &status.status))
                    })
                    .collect();
                row.push(if not_passing.is_empty() {
                    NONE.to_owned()
                } else {
                    not_passing.join(", ")
                });
            }
            row
        })
        .collect();
    (header, rows)
}

/// The date, marked `*` for sample data and `!` for a run whose data is incomplete.
fn date_cell(point: &Point, words: &Localizer) -> String {
    let mut cell = words.arg(&Arg::Date(point.as_of));
    if point.sample {
        cell.push_str(" *");
    }
    if !point.complete {
        cell.push_str(" !");
    }
    cell
}

/// What the marks in the date column mean, for the marks that appear.
pub(super) fn notes(history: &AssetHistory, words: &Localizer) -> Vec<String> {
    let mut notes = Vec::new();
    if history.points.iter().any(|point| point.sample) {
        notes.push(words.text(&Message::new("history-sample-note")));
    }
    if history.points.iter().any(|point| !point.complete) {
        notes.push(words.text(&Message::new("history-incomplete-note")));
    }
    notes
}

/// The projection in one sentence that says it is one, or why there is none. `None` for an
/// empty series.
pub(super) fn outlook(history: &AssetHistory, words: &Localizer) -> Option<String> {
    if history.points.is_empty() {
        return None;
    }
    let (rule, projection) = match &history.outlook {
        Outlook::NoPlan => return Some(words.text(&Message::new("history-no-plan"))),
        Outlook::NoRule => return Some(words.text(&Message::new("history-no-rule"))),
        Outlook::Projection { rule, projection } => (Arg::code(rule), projection),
    };
    let days = Arg::Count(i64::from(projection.window_days));
    let points = Arg::count(projection.points);
    let message = match &projection.trend {
        Trend::TooFewPoints { points, needed } => Message::new("history-too-few")
            .with("points", Arg::count(*points))
            .with("needed", Arg::count(*needed)),
        Trend::Flat { slope_per_day } => Message::new("history-flat")
            .with("slope", Arg::Change(*slope_per_day))
            .with("rule", rule.clone())
            .with("points", points),
        Trend::Receding { slope_per_day } => Message::new("history-receding")
            .with("slope", Arg::Change(*slope_per_day))
            .with("rule", rule.clone())
            .with("points", points),
        Trend::Drifting {
            slope_per_day,
            crossings,
        } => Message::new("history-projection")
            .with("slope", Arg::Change(*slope_per_day))
            .with(
                "crossings",
                crossings
                    .iter()
                    // A bound beyond the horizon is not worth a clause when another is near.
                    .filter(|crossing| crossing.on.is_some() || crossing.already)
                    .map(|crossing| crossing_message(crossing, &rule))
                    .collect::<Vec<_>>(),
            )
            .with("points", points),
    };
    Some(words.text(&message.with("days", days)))
}

/// `CIRC-PLAN fails (above 10.00 %) on 2026-12-01`, or that the line is past the bound already.
fn crossing_message(crossing: &Crossing, rule: &Arg) -> Message {
    let fails = matches!(crossing.bound, Bound::Max | Bound::Min);
    let side = if crossing.bound.is_lower() {
        "history-below"
    } else {
        "history-above"
    };
    let bound = Message::new(side).with("limit", Arg::ratio(crossing.limit));
    let message = match (crossing.on, fails) {
        (Some(date), true) => Message::new("history-fails-on").with("date", date),
        (Some(date), false) => Message::new("history-warns-on").with("date", date),
        (None, true) => Message::new("history-fails-already"),
        (None, false) => Message::new("history-warns-already"),
    };
    message.with("rule", rule.clone()).with("bound", bound)
}

/// A verdict as the database keeps it (`fail`), in the reader's words; a word the tool does not
/// know (a newer version's) is shown as stored.
fn verdict_word(words: &Localizer, stored: &str) -> String {
    use strum::IntoEnumIterator as _;
    crate::eval::Verdict::iter()
        .find(|verdict| verdict.as_str() == stored)
        .map_or_else(|| stored.to_owned(), |verdict| words.name(verdict))
}
