//! `listingcheck man`: the manual page, generated from the argument definitions (clap_mangen) so
//! that it never lags behind them.

use clap::CommandFactory as _;

use super::{Cli, Failure};
use listingcheck::exit::Exit;

pub fn run() -> Result<Exit, Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|error| Failure::bad_input(format!("cannot render the manual page: {error}")))?;
    super::write_output(None, &page)?;
    Ok(Exit::Clean)
}
