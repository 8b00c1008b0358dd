//! The versioned JSON report, for machines.

use std::io;

use super::{Renderer, Report};

pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        writeln!(out)
    }
}
