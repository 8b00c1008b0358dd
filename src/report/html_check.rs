//! The HTML page of a check: a banner when the data is a sample or incomplete, the summary, the
//! chart of statuses per rule, the findings table (sortable and filterable with script, in its
//! listed order without), then each asset folded with its verdicts, values, thresholds and
//! evidence, and the circulation of each asset with a plan where a history is at hand.

use std::collections::HashMap;
use std::io;

use super::RenderOptions;
use super::chart::{self, STATUS_ORDER};
use super::chart_history;
use super::describe::{
    check_title, describe_inputs, describe_no_findings, describe_summary, describe_verdict,
    describe_waivers,
};
use super::html_page::{
    banner, cell, end, escape, figure, header_row, heading, list, paragraph, start, strong, table,
};
use super::rows::{
    asset_label, evidence_entries, finding_rows, findings_header, header, listed_results,
    listed_verdicts,
};
use crate::eval::{Report, RuleResult};
use crate::history::AssetHistory;
use crate::locale::Localizer;
use crate::message::{Arg, Message};

/// Writes the check page; `histories` are the series of assets with a plan, charted after the
/// findings.
pub(super) fn page(
    report: &Report,
    histories: &[AssetHistory],
    options: RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let words = Localizer::of(options.lang);
    start(out, &check_title(words, report), words)?;
    if report.snapshot.sample {
        banner(out, "sample", &words.word("banner-sample"))?;
    }
    if report.is_incomplete() {
        banner(
            out,
            "incomplete",
            &words.text(
                &Message::new("banner-incomplete")
                    .with("count", Arg::count(report.source_failures.len())),
            ),
        )?;
    }
    list(out, "inputs", &describe_inputs(words, report))?;
    strong(out, &describe_summary(words, &report.summary))?;
    status_chart(out, report, words)?;
    figure(
        out,
        chart::plan_gaps(report, words),
        &words.word("chart-plan-gaps-caption"),
    )?;
    let listed = listed_results(report, options);
    heading(out, &words.word("heading-findings"))?;
    if listed.is_empty() {
        paragraph(out, &describe_no_findings(words, report))?;
    } else {
        findings(out, &listed, words)?;
    }
    assets(out, report, options, words)?;
    for history in histories {
        circulation(out, history, words)?;
    }
    let notes = describe_waivers(words, report);
    if !notes.is_empty() {
        heading(out, &words.word("heading-waivers"))?;
        list(out, "waivers", &notes)?;
    }
    end(out, true)
}

/// The chart of statuses per rule, and its figures in a folded table.
fn status_chart(out: &mut dyn io::Write, report: &Report, words: &Localizer) -> io::Result<()> {
    let counts = chart::rule_status_counts(report);
    if counts.is_empty() {
        return Ok(());
    }
    heading(out, &words.word("heading-status-by-rule"))?;
    figure(
        out,
        chart::status_by_rule(report, words),
        &words.word("chart-status-caption"),
    )?;
    let rows: Vec<Vec<String>> = counts
        .iter()
        .map(|(rule, row)| {
            std::iter::once(rule.clone())
                .chain(row.iter().map(ToString::to_string))
                .collect()
        })
        .collect();
    writeln!(
        out,
        "<details><summary>{}</summary>",
        escape(&words.word("chart-figures"))
    )?;
    table(
        out,
        &header(
            words,
            &[
                "col-rule",
                "col-fail",
                "col-warn",
                "col-unknown",
                "col-waived",
                "col-pass",
            ],
        ),
        &rows,
        &[],
        words,
    )?;
    debug_assert_eq!(STATUS_ORDER.len(), 5, "one column per status");
    writeln!(out, "</details>")
}

/// The findings table: one row per finding line, each carrying its status, rules, asset and
/// listed rank for the script's filters and sort.
fn findings(out: &mut dyn io::Write, listed: &[&RuleResult], words: &Localizer) -> io::Result<()> {
    let rows = finding_rows(listed, words);
    let mut rules: Vec<&str> = Vec::new();
    for row in &rows {
        for rule in &row.rules {
            if !rules.contains(rule) {
                rules.push(rule);
            }
        }
    }
    let mut statuses: Vec<_> = STATUS_ORDER
        .iter()
        .filter(|status| rows.iter().any(|row| row.result.status == **status))
        .collect();
    statuses.dedup();
    let option = |value: &str, text: &str| {
        format!(
            "<option value=\"{}\">{}</option>",
            escape(value),
            escape(text)
        )
    };
    let every = option("", &words.word("filter-every"));
    let status_options: String = statuses
        .iter()
        .map(|status| option(status.as_str(), &words.name(**status)))
        .collect();
    let rule_options: String = rules.iter().map(|rule| option(rule, rule)).collect();
    writeln!(
        out,
        "<div class=\"controls\" hidden>\n<label>{} <select id=\"f-status\">{every}{status_options}</select></label>\n<label>{} <select id=\"f-rule\">{every}{rule_options}</select></label>\n<label>{} <input id=\"f-asset\" type=\"search\"></label>\n</div>",
        escape(&words.word("col-status")),
        escape(&words.word("col-rule")),
        escape(&words.word("col-asset")),
    )?;
    writeln!(out, "<table id=\"findings\">")?;
    let buttons: Vec<String> = findings_header(words)
        .iter()
        .map(|title| format!("<button type=\"button\">{}</button>", escape(title)))
        .collect();
    // The header's words are escaped above; written as they are.
    writeln!(out, "<thead><tr>")?;
    for button in &buttons {
        write!(out, "<th>{button}</th>")?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for (rank, row) in rows.iter().enumerate() {
        let result = row.result;
        let label = asset_label(&result.asset, &result.symbol, result.korean_name.as_deref());
        write!(
            out,
            "<tr data-status=\"{}\" data-rule=\"{}\" data-asset=\"{}\" data-rank=\"{rank}\">",
            result.status.as_str(),
            escape(&row.rules.join(" ")),
            escape(&format!("{} {label}", result.asset).to_lowercase()),
        )?;
        for (column, text) in row.cells(", ", words).iter().enumerate() {
            cell(out, text, column == 2, words)?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")
}

/// Each listed asset, folded: its verdict in the summary, every rule's result inside with value,
/// threshold, detail and evidence.
fn assets(
    out: &mut dyn io::Write,
    report: &Report,
    options: RenderOptions,
    words: &Localizer,
) -> io::Result<()> {
    heading(out, &words.word("heading-assets"))?;
    let verdicts = listed_verdicts(report, options);
    if verdicts.is_empty() {
        return paragraph(out, &words.word("every-asset-passes"));
    }
    let mut by_asset: HashMap<&str, Vec<&RuleResult>> = HashMap::new();
    for result in &report.results {
        by_asset.entry(&result.asset).or_default().push(result);
    }
    let columns = header(
        words,
        &[
            "col-rule",
            "col-status",
            "col-value",
            "col-threshold",
            "col-detail",
            "col-evidence",
        ],
    );
    for verdict in &verdicts {
        writeln!(
            out,
            "<details class=\"asset\"><summary>{} — <span class=\"{}\">{}</span></summary>\n<table>",
            escape(&asset_label(
                &verdict.asset,
                &verdict.symbol,
                verdict.korean_name.as_deref()
            )),
            verdict.verdict.as_str(),
            escape(&describe_verdict(
                words,
                Some(verdict.verdict),
                &verdict.deciding_rules
            )),
        )?;
        header_row(out, &columns)?;
        writeln!(out, "<tbody>")?;
        for result in by_asset.get(verdict.asset.as_str()).into_iter().flatten() {
            write!(out, "<tr><td>{}</td>", escape(&result.rule))?;
            cell(out, &words.name(result.status), true, words)?;
            cell(
                out,
                &words.value_text(result.unit, result.value.as_ref()),
                false,
                words,
            )?;
            cell(
                out,
                &words.thresholds(&result.threshold.bounds, result.unit),
                false,
                words,
            )?;
            cell(out, &words.text(&result.finding), false, words)?;
            evidence(out, report, result, words)?;
            writeln!(out, "</tr>")?;
        }
        writeln!(out, "</tbody>\n</table></details>")?;
    }
    Ok(())
}

/// A result's evidence in one cell: what was observed, where and when.
fn evidence(
    out: &mut dyn io::Write,
    report: &Report,
    result: &RuleResult,
    words: &Localizer,
) -> io::Result<()> {
    let entries = evidence_entries(report, result, words);
    if entries.is_empty() {
        return write!(out, "<td>{}</td>", escape(&words.word("no-observation")));
    }
    write!(out, "<td><ul>")?;
    for entry in entries {
        write!(
            out,
            "<li>{}: <strong>{}</strong> — {} <code>{}</code> {}</li>",
            escape(&entry.what),
            escape(&entry.value),
            escape(entry.source),
            escape(entry.endpoint),
            escape(&entry.at)
        )?;
    }
    write!(out, "</ul></td>")
}

/// An asset's planned and measured circulation over its history, and its drift from the plan.
pub(super) fn circulation(
    out: &mut dyn io::Write,
    history: &AssetHistory,
    words: &Localizer,
) -> io::Result<()> {
    let label = asset_label(
        &history.asset,
        &history.symbol,
        history.korean_name.as_deref(),
    );
    heading(
        out,
        &words.text(&Message::new("heading-circulation").with("asset", Arg::text(label))),
    )?;
    figure(
        out,
        chart_history::circulation(history, words),
        &words.word("chart-circulation-caption"),
    )?;
    figure(
        out,
        chart_history::drift(history, words),
        &words.word("chart-drift-caption"),
    )
}
