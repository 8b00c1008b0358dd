//! The `listingcheck` binary: parse arguments, run the command, exit with its code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = listingcheck::cli::Cli::parse();
    listingcheck::source::init_logging();
    listingcheck::cli::run(args).into()
}
