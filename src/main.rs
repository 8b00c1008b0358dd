//! The `listingcheck` binary: parse arguments, run the command, exit with its code.

mod cli;

use clap::Parser;

/// Evaluation allocates many small strings (evidence and details for every result); mimalloc
/// makes a large check about a third faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    listingcheck::console::set(args.console());
    // The log's level and colour do not follow -v, --color and NO_COLOR yet: init_logging
    // (src/source/) reads only RUST_LOG; console::log_filter() and colors_on(Stderr) are ready for it.
    listingcheck::source::init_logging();
    cli::run(args).into()
}
