//! The reference documents, as text tables in the reader's language: a standard's rules
//! (`standards show`) and the metric catalog (`metrics`).

use strum::IntoEnumIterator;

use super::rows::header;
use super::table::fit;
use crate::inputs::standard::{LoadedStandard, Rule};
use crate::locale::{Lang, Localizer};
use crate::message::{Arg, Message};
use crate::metric::Metric;

/// A rule's title in the reader's language, where the file gives one.
fn rule_title<'a>(words: &Localizer, rule: &'a Rule) -> &'a str {
    match (words.lang(), &rule.title_ko) {
        (Lang::Ko, Some(title)) => title,
        _ => &rule.title,
    }
}

/// A rule's rationale in the reader's language, where the file gives one.
fn rule_rationale<'a>(words: &Localizer, rule: &'a Rule) -> Option<&'a str> {
    match (words.lang(), &rule.rationale_ko) {
        (Lang::Ko, Some(rationale)) => Some(rationale),
        _ => rule.rationale.as_deref(),
    }
}

/// Which assets a rule applies to: `markets KRW; exchanges upbit`, or `all`.
fn applies_to(words: &Localizer, rule: &Rule) -> String {
    let filters = &rule.applies_to;
    let exchanges: Vec<String> = filters.exchanges.iter().map(|e| words.name(*e)).collect();
    let parts: Vec<String> = [
        ("applies-markets", filters.markets.join(",")),
        ("applies-exchanges", exchanges.join(",")),
        ("applies-chains", filters.chains.join(",")),
        ("applies-assets", filters.assets.join(",")),
    ]
    .into_iter()
    .filter(|(_, list)| !list.is_empty())
    .map(|(id, list)| words.text(&Message::new(id).with("list", Arg::Text(list))))
    .collect();
    if parts.is_empty() {
        words.word("applies-all")
    } else {
        parts.join("; ")
    }
}

/// `standards show`: the standard's header, then one row per rule.
pub fn standard_sheet(loaded: &LoadedStandard, words: &Localizer, width: usize) -> String {
    let standard = &loaded.standard;
    let meta = &standard.meta;
    let title = match (words.lang(), &meta.title_ko) {
        (Lang::Ko, Some(title)) => title,
        _ => &meta.title,
    };
    let mut lines = vec![
        words.text(
            &Message::new("sheet-standard")
                .with("id", Arg::code(&meta.id))
                .with("version", Arg::code(&meta.version))
                .with("status", Arg::text(words.name(meta.status)))
                .with("title", Arg::text(title)),
        ),
    ];
    let mut dates =
        vec![words.text(&Message::new("sheet-published").with("date", Arg::Date(meta.published)))];
    if let Some(effective) = meta.effective {
        dates.push(words.text(&Message::new("sheet-effective").with("date", Arg::Date(effective))));
    }
    if let Some(supersedes) = &meta.supersedes {
        dates.push(
            words.text(&Message::new("sheet-supersedes").with("version", Arg::code(supersedes))),
        );
    }
    lines.push(dates.join(", "));
    if let Some(source) = &meta.source {
        lines.push(words.text(&Message::new("sheet-source").with("source", Arg::text(source))));
    }
    lines.push(format!("sha256: {}", loaded.sha256));
    let rows: Vec<Vec<String>> = standard
        .rules
        .iter()
        .map(|rule| {
            let params: Vec<String> = rule
                .params
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let metric = if params.is_empty() {
                rule.metric.name().to_owned()
            } else {
                format!("{} ({})", rule.metric.name(), params.join(", "))
            };
            let cited = [rule.reference.as_deref(), rule_rationale(words, rule)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" — ");
            vec![
                format!("{}\n{}", rule.id, rule_title(words, rule)),
                metric,
                words.thresholds(&rule.thresholds, rule.unit()),
                words.name(rule.severity),
                words.name(rule.when_missing),
                applies_to(words, rule),
                cited,
            ]
        })
        .collect();
    let header = header(
        words,
        &[
            "col-rule",
            "col-metric",
            "col-threshold",
            "col-severity",
            "col-missing-data",
            "col-applies-to",
            "col-reference-rationale",
        ],
    );
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let table = fit(
        &header,
        &rows,
        &[(0, 30), (1, 24), (2, 24), (5, 20), (6, 50)],
        width,
    );
    let lines: Vec<String> = lines
        .iter()
        .flat_map(|line| crate::text::wrap(line, width))
        .collect();
    lines.join("\n") + "\n\n" + &table + "\n"
}

/// `metrics`: one row per metric, its formula and what it needs in the reader's language.
pub fn metric_catalog(words: &Localizer, width: usize) -> String {
    let rows: Vec<Vec<String>> = Metric::iter()
        .map(|metric| {
            let info = metric.info();
            let params: Vec<String> = info
                .params
                .iter()
                .map(|p| format!("{} ({}..={})", p.name, p.min, p.max))
                .collect();
            let (formula, needs) = metric_words(words, metric);
            vec![
                info.name.to_owned(),
                <&str>::from(info.unit).to_owned(),
                params.join(", "),
                formula,
                needs,
            ]
        })
        .collect();
    let header = header(
        words,
        &[
            "col-metric",
            "col-unit",
            "col-params",
            "col-formula",
            "col-needs",
        ],
    );
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    fit(&header, &rows, &[(2, 20), (3, 50), (4, 34)], width) + "\n"
}

/// A metric's formula and what it needs, in words: the catalog's own English, or the
/// translation in `locales/<lang>/metrics.ftl` (`metric-formula-<name>`, `metric-needs-<name>`).
pub fn metric_words(words: &Localizer, metric: Metric) -> (String, String) {
    let info = metric.info();
    if words.lang() == Lang::En {
        return (info.formula.to_owned(), info.needs.to_owned());
    }
    let id = metric.name().replace('_', "-");
    (
        words.word(&format!("metric-formula-{id}")),
        words.word(&format!("metric-needs-{id}")),
    )
}
