//! `listingcheck schema standard|asset|waivers|config|report`: the JSON Schema of a file format,
//! for editors (taplo, Even Better TOML) to validate and complete the files, and of the JSON
//! report, for the programs that read it.

use std::path::PathBuf;

use super::{Failure, write_output};
use listingcheck::eval::Report;
use listingcheck::exit::Exit;
use listingcheck::inputs::schema::FileKind;

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file format.
    #[arg(value_enum)]
    pub kind: SchemaKind,
    /// Write the schema to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A file a user writes, or the report listingcheck writes.
#[derive(Clone, Copy, Debug)]
pub enum SchemaKind {
    File(FileKind),
    /// The JSON report of `check --format json`.
    Report,
}

impl clap::ValueEnum for SchemaKind {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            SchemaKind::File(FileKind::Standard),
            SchemaKind::File(FileKind::Asset),
            SchemaKind::File(FileKind::Waivers),
            SchemaKind::File(FileKind::Config),
            SchemaKind::Report,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        match self {
            SchemaKind::File(kind) => kind.to_possible_value(),
            SchemaKind::Report => Some(
                clap::builder::PossibleValue::new("report")
                    .help("The JSON report of `check --format json`"),
            ),
        }
    }
}

pub fn run(args: &SchemaArgs) -> Result<Exit, Failure> {
    let schema = match args.kind {
        SchemaKind::File(kind) => listingcheck::inputs::schema::generate(kind),
        SchemaKind::Report => listingcheck::inputs::schema::of_document::<Report>(),
    };
    write_output(args.output.as_deref(), schema.as_bytes())?;
    Ok(Exit::Clean)
}
