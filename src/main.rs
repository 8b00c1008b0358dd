//! The `listingcheck` binary: parse arguments, run the command, exit with its code.

mod cli;

use clap::Parser;

/// Evaluation allocates many small strings (evidence and details for every result); mimalloc
/// makes a large check about a third faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    crate::cli::console::set(args.console());
    cli::progress::init_logging(
        crate::cli::console::log_filter(),
        crate::cli::console::colors_on(crate::cli::console::Stream::Stderr),
    );
    cli::run(args).into()
}
