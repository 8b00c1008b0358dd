//! Versioned JSON, for machines: each document serializes as itself, with its own `schema`
//! number, on one line (a 20,000-asset report is a third of its indented size; `jq .` indents
//! it for a reader).

use std::io::{self, Write as _};

use serde::Serialize;

use super::Renderer;
use crate::analysis::compare::Comparison;
use crate::analysis::rundiff::RunDiff;
use crate::analysis::standards_diff::StandardsDiff;
use crate::analysis::sweep::Sweep;
use crate::eval::Report;
use crate::history::AssetHistory;

pub struct JsonRenderer;

fn write(document: &impl Serialize, out: &mut dyn io::Write) -> io::Result<()> {
    // serde_json writes token by token; a buffer of its own keeps those small writes out of
    // `out`'s virtual calls (a 20,000-asset report is millions of them).
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut buffered, document)?;
    writeln!(buffered)?;
    buffered.flush()
}

impl Renderer for JsonRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        write(report, out)
    }

    fn comparison(&self, comparison: &Comparison, out: &mut dyn io::Write) -> io::Result<()> {
        write(comparison, out)
    }

    fn standards_diff(&self, diff: &StandardsDiff, out: &mut dyn io::Write) -> io::Result<()> {
        write(diff, out)
    }

    fn sweep(&self, sweep: &Sweep, out: &mut dyn io::Write) -> io::Result<()> {
        write(sweep, out)
    }

    fn run_diff(&self, diff: &RunDiff, out: &mut dyn io::Write) -> io::Result<()> {
        write(diff, out)
    }

    fn history(&self, history: &AssetHistory, out: &mut dyn io::Write) -> io::Result<()> {
        write(history, out)
    }
}
