//! Rendering: every document listingcheck produces (a check's [`Report`], a comparison, a
//! standards diff, a sweep, a run diff, an asset's history) in every output format, and the
//! disclosure coverage of a snapshot ([`coverage`]) in its three.
//!
//! Rendering is separate from evaluation (ripgrep's searcher/printer split): one file per output
//! format, each implementing [`Renderer`]; the rows and lines several formats share are built once
//! in [`rows`] and [`describe`].

mod catalog;
mod chart;
mod chart_history;
pub mod coverage;
mod csv;
pub mod describe;
mod history_rows;
mod html;
mod html_check;
mod html_page;
mod json;
mod junit;
mod markdown;
mod rows;
mod table;

pub use self::catalog::{metric_catalog, metric_words, standard_sheet};
pub use self::table::fit as text_table;

use std::io;

use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::Report;
use crate::history::AssetHistory;
use crate::locale::Lang;

/// An output format. Adding one touches its own file and this enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, strum::Display)]
#[strum(serialize_all = "lowercase")]
pub enum Format {
    /// Aligned tables for people (the default on a terminal).
    Table,
    /// The versioned JSON report, for machines.
    Json,
    /// Markdown, ready to post.
    Markdown,
    /// One row per result, passing ones too, for spreadsheets (notes and waiver states are in the
    /// other formats).
    Csv,
    /// JUnit XML, for CI systems: one test suite per asset, one test case per rule.
    Junit,
    /// One self-contained HTML page (inline style, charts and script, no external request), with
    /// each asset's results and evidence folded under it.
    Html,
}

/// Options that change what a renderer shows, never what was evaluated.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    /// Show passing results too, not only the findings.
    pub all: bool,
    /// The columns a text table may take: the terminal's width, or `COLUMNS`, or
    /// [`RenderOptions::DEFAULT_WIDTH`] when the output is not a terminal.
    pub width: usize,
    /// Mark `fail` in red in text tables (never in files, pipes or under `NO_COLOR`; the caller
    /// decides). The word stays, so colour is never the only sign.
    pub color: bool,
    /// The language of findings and evidence (English by default; the CLI takes it from the
    /// environment or `--lang`).
    pub lang: Lang,
}

impl RenderOptions {
    /// The width of text tables written to a file or a pipe.
    pub const DEFAULT_WIDTH: usize = 100;
    /// Narrower than this, a table cannot show its columns at all.
    pub const MIN_WIDTH: usize = 40;
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            all: false,
            width: Self::DEFAULT_WIDTH,
            color: false,
            lang: Lang::En,
        }
    }
}

/// Writes each document listingcheck produces in one output format. A format that cannot
/// express a document returns an `Unsupported` error that says which formats can.
pub trait Renderer {
    /// `check`: one standard on one snapshot.
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()>;
    /// `check` with the histories of the assets that have a circulation plan, where a history
    /// database lies beside the snapshot. Only HTML charts them; the other formats write the
    /// report alone.
    fn report_with_histories(
        &self,
        report: &Report,
        histories: &[AssetHistory],
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        let _ = histories;
        self.report(report, out)
    }
    /// `compare`: standard B against standard A on one snapshot.
    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()>;
    /// `compare` with a sweep of each threshold that moved from A to B. Only HTML charts them;
    /// the other formats write the comparison alone.
    fn comparison_with_sweeps(
        &self,
        comparison: &Comparison,
        sweeps: &[Sweep],
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        let _ = sweeps;
        self.comparison(comparison, out)
    }
    /// `standards diff`: two standards, rule by rule, without data.
    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()>;
    /// `standards sweep`: failures of one rule along a range of one threshold.
    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()>;
    /// `diff`: what changed between two runs.
    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()>;
    /// `history ASSET`: one asset's runs over time and the projection of its drift. Table, CSV,
    /// JSON and HTML show it; the other formats say so.
    fn history(&self, history: &AssetHistory, out: &mut dyn io::Write) -> io::Result<()> {
        let _ = (history, out);
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "an asset's history is shown as a table, CSV, JSON or HTML; use --format table, csv, json or html",
        ))
    }
}

impl Format {
    pub fn renderer(self, options: RenderOptions) -> Box<dyn Renderer> {
        match self {
            Format::Table => Box::new(table::TableRenderer { options }),
            Format::Json => Box::new(json::JsonRenderer),
            Format::Markdown => Box::new(markdown::MarkdownRenderer { options }),
            Format::Csv => Box::new(csv::CsvRenderer { options }),
            Format::Junit => Box::new(junit::JunitRenderer { options }),
            Format::Html => Box::new(html::HtmlRenderer { options }),
        }
    }
}
