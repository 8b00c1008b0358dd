//! The disclosure coverage of a snapshot ([`Coverage`]) as a table or CSV; its JSON is the
//! document itself. Not a [`super::Renderer`]: it is no check, comparison or diff, and has only
//! these three formats.

use std::io;

use crate::analysis::coverage::{Coverage, CoverageGap};
use crate::locale::Localizer;
use crate::message::{Arg, Currency, Message};
use crate::report::rows::asset_label;

/// The heading, the table of assets that lack something, and the summary, in the reader's words.
pub fn table(
    coverage: &Coverage,
    snapshot: &str,
    words: &Localizer,
    width: usize,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let title = words.text(&Message::new("title-coverage").with("path", Arg::code(snapshot)));
    writeln!(out, "{}\n", crate::text::wrap(&title, width).join("\n"))?;
    if !coverage.gaps.is_empty() {
        let header: Vec<String> = [
            "col-asset",
            "col-market-cap",
            "col-descriptor",
            "col-plan",
            "col-excluded-wallets",
        ]
        .iter()
        .map(|id| words.word(id))
        .collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let has = |present: bool| {
            words.word(if present {
                "coverage-present"
            } else {
                "coverage-missing"
            })
        };
        let rows: Vec<Vec<String>> = coverage
            .gaps
            .iter()
            .map(|gap| {
                vec![
                    label(gap),
                    market_cap(gap, words),
                    has(gap.descriptor),
                    has(gap.plan),
                    has(gap.excluded_wallets),
                ]
            })
            .collect();
        writeln!(out, "{}", super::text_table(&header, &rows, &[], width))?;
    }
    let summary = if coverage.gaps.is_empty() {
        Message::new("coverage-complete").with("listed", Arg::count(coverage.listed))
    } else {
        Message::new("coverage-summary")
            .with("gaps", Arg::count(coverage.gaps.len()))
            .with("listed", Arg::count(coverage.listed))
    };
    writeln!(
        out,
        "{}",
        crate::text::wrap(&words.text(&summary), width).join("\n")
    )
}

/// One row per asset that lacks something; column names and yes/no stay codes in every language,
/// as in every CSV of listingcheck.
pub fn csv(coverage: &Coverage, out: &mut dyn io::Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "asset",
        "symbol",
        "korean_name",
        "market_cap_usd",
        "descriptor",
        "plan",
        "excluded_wallets",
    ])?;
    let yes_no = |flag: bool| if flag { "yes" } else { "no" };
    for gap in &coverage.gaps {
        writer.write_record([
            gap.asset.as_str(),
            gap.symbol.as_str(),
            gap.korean_name.as_deref().unwrap_or(""),
            &gap.market_cap_usd
                .map_or_else(String::new, |cap| format!("{cap:.0}")),
            yes_no(gap.descriptor),
            yes_no(gap.plan),
            yes_no(gap.excluded_wallets),
        ])?;
    }
    writer.flush()
}

fn label(gap: &CoverageGap) -> String {
    asset_label(&gap.asset, &gap.symbol, gap.korean_name.as_deref())
}

fn market_cap(gap: &CoverageGap, words: &Localizer) -> String {
    gap.market_cap_usd.map_or_else(
        || words.word("not-known"),
        |cap| words.arg(&Arg::money(Currency::Usd, cap)),
    )
}
