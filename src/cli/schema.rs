//! `listingcheck schema standard|asset|waivers|config`: the JSON Schema of a file format, for
//! editors (taplo, Even Better TOML) to validate and complete the files.

use std::path::PathBuf;

use super::{Failure, write_output};
use listingcheck::exit::Exit;
use listingcheck::inputs::schema::FileKind;

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file format.
    #[arg(value_enum)]
    pub kind: FileKind,
    /// Write the schema to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &SchemaArgs) -> Result<Exit, Failure> {
    write_output(
        args.output.as_deref(),
        listingcheck::inputs::schema::generate(args.kind).as_bytes(),
    )?;
    Ok(Exit::Clean)
}
