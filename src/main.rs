//! The `listingcheck` binary: parse arguments, run the command, exit with its code.

use clap::Parser;

/// Evaluation allocates many small strings (evidence and details for every result); mimalloc
/// makes a large check about a third faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = listingcheck::cli::Cli::parse();
    listingcheck::source::init_logging();
    listingcheck::cli::run(args).into()
}
