//! Aligned text tables for people. Korean names line up because widths are measured in terminal
//! columns, not bytes.

use std::io;

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Style, Width};

use super::{
    RenderOptions, Renderer, Report, RuleResult, Verdict, describe_inputs, describe_summary,
    describe_waivers,
};

/// Wrap long detail text so that a table stays readable in a terminal.
const DETAIL_WIDTH: usize = 70;

pub struct TableRenderer {
    pub options: RenderOptions,
}

/// `WEMIX 위믹스`: the symbol, and the Korean name where known.
pub(super) fn asset_label(symbol: &str, korean_name: Option<&str>) -> String {
    match korean_name {
        Some(name) if !name.is_empty() => format!("{symbol} {name}"),
        _ => symbol.to_owned(),
    }
}

/// The results a human-readable format lists: the findings, or everything with `--all`. Findings
/// come first, worst first.
pub(super) fn listed_results(report: &Report, options: RenderOptions) -> Vec<&RuleResult> {
    let mut listed: Vec<&RuleResult> = report
        .results
        .iter()
        .filter(|r| options.all || r.status != Verdict::Pass)
        .collect();
    let rank = |r: &RuleResult| match r.status {
        Verdict::Fail if r.is_blocking() => 0,
        Verdict::Fail => 1,
        Verdict::Unknown => 2,
        Verdict::Warn => 3,
        Verdict::Waived => 4,
        Verdict::Pass => 5,
    };
    listed.sort_by_key(|r| rank(r));
    listed
}

impl Renderer for TableRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        for line in describe_inputs(report) {
            writeln!(out, "{line}")?;
        }
        writeln!(out)?;

        let mut assets = Builder::default();
        assets.push_record(["Asset", "Verdict", "Deciding rules"]);
        for verdict in report.asset_verdicts() {
            assets.push_record([
                asset_label(&verdict.symbol, verdict.korean_name.as_deref()),
                verdict.verdict.to_string(),
                verdict.deciding_rules.join(", "),
            ]);
        }
        let mut assets = assets.build();
        assets.with(Style::sharp());
        writeln!(out, "{assets}\n")?;

        let listed = listed_results(report, self.options);
        if listed.is_empty() {
            writeln!(out, "No findings: every result passes.")?;
        } else {
            let mut findings = Builder::default();
            findings.push_record([
                "Asset",
                "Rule",
                "Status",
                "Severity",
                "Value",
                "Threshold",
                "Detail",
            ]);
            for result in &listed {
                let status = match &result.waiver {
                    Some(waiver) => {
                        format!("waived ({}, until {})", waiver.would_be, waiver.expires)
                    }
                    None => result.status.to_string(),
                };
                findings.push_record([
                    asset_label(&result.symbol, result.korean_name.as_deref()),
                    result.rule.clone(),
                    status,
                    result.severity.to_string(),
                    result.value_text(),
                    result.threshold.text.clone(),
                    result.detail.clone(),
                ]);
            }
            let mut findings = findings.build();
            findings
                .with(Style::sharp())
                .modify(Columns::one(6), Width::wrap(DETAIL_WIDTH).keep_words(true));
            let heading = if self.options.all {
                "All results"
            } else {
                "Findings (passing results are not listed; --all lists them)"
            };
            writeln!(out, "{heading}:\n{findings}")?;
        }
        writeln!(out)?;
        for line in describe_waivers(report) {
            writeln!(out, "Note: {line}")?;
        }
        writeln!(out, "{}", describe_summary(&report.summary))
    }
}
