//! `listingcheck init [DIR]`: write a working folder from the files built into the binary.

use std::path::PathBuf;

use super::Failure;
use crate::cli::console::note;
use listingcheck::exit::Exit;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to set up; created if missing.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

pub fn run(args: &InitArgs) -> Result<Exit, Failure> {
    let written = listingcheck::inputs::init::init(&args.dir).map_err(Failure::bad_input)?;
    for path in &written {
        note(format!("wrote {}", listingcheck::text::display_path(path)));
    }
    let dir = listingcheck::text::display_path(&args.dir);
    note(format!(
        "Next: cd {dir} && listingcheck check (exits 1: the sample has blocking failures). For a daily run, add the line in crontab.txt with `crontab -e`:\n  {}",
        listingcheck::inputs::init::crontab_line(&args.dir)
    ));
    Ok(Exit::Clean)
}
