//! What the user asked of the terminal, decided once at start: colour, quiet, verbosity.
//!
//! The command line sets it ([`set`]) from `--color`, `-q` and `-v`; everything that writes for
//! people asks it: notes on stderr go through [`note`], and a renderer that colours `fail` asks
//! [`colors_on`] for its stream. `NO_COLOR` (any non-empty value) turns colour off unless
//! `--color always` is given, as <https://no-color.org> asks.

use std::io::IsTerminal as _;
use std::sync::OnceLock;

/// When to colour output: `auto` when the stream is a terminal and `NO_COLOR` is not set,
/// `always` even into a file or a pipe, or `never`. (The variants carry no doc comments so that
/// `--help` stays one line per option.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// A stream that may be coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// The user's choices for the terminal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Console {
    pub color: ColorChoice,
    /// No notes on stderr (errors still).
    pub quiet: bool,
    /// How many `-v`: 1 shows each source's progress (`info`), 2 every request (`debug`).
    pub verbose: u8,
}

static CONSOLE: OnceLock<Console> = OnceLock::new();

/// Records the user's choices; the first call wins.
pub fn set(console: Console) {
    let _ = CONSOLE.set(console);
}

/// The user's choices, or the defaults when none were recorded (as in library use).
pub fn get() -> Console {
    CONSOLE.get().copied().unwrap_or_default()
}

/// Whether to colour `stream`, under the recorded choice.
pub fn colors_on(stream: Stream) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let terminal = match stream {
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    };
    decide(get().color, no_color, terminal)
}

fn decide(choice: ColorChoice, no_color: bool, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    }
}

/// The log filter `-v` asks for, when `RUST_LOG` does not say otherwise.
pub fn log_filter() -> &'static str {
    match get().verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    }
}

/// Writes a note (which defaults were chosen, what was written) to stderr, unless `-q`.
/// Notes are wrapped to the terminal's width (or `COLUMNS`); into a log file, each stays one
/// line, which `grep` finds whole.
pub fn note(text: impl std::fmt::Display) {
    if get().quiet {
        return;
    }
    let text = text.to_string();
    // Narrower than 20 columns, wrapping would break every word onto its own line.
    match width(Stream::Stderr).filter(|&columns| columns >= 20) {
        Some(width) => {
            for line in text.lines() {
                for part in listingcheck::text::wrap(line, width) {
                    eprintln!("{part}");
                }
            }
        }
        None => eprintln!("{text}"),
    }
}

/// The columns of `stream`: `COLUMNS` where it is set, else the terminal's width when the
/// stream is a terminal, else none.
pub fn width(stream: Stream) -> Option<usize> {
    columns().or_else(|| {
        let size = match stream {
            Stream::Stdout => terminal_size::terminal_size_of(std::io::stdout()),
            Stream::Stderr => terminal_size::terminal_size_of(std::io::stderr()),
        };
        size.map(|(width, _)| usize::from(width.0))
    })
}

/// The width the user set in `COLUMNS`, if a positive number.
pub fn columns() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|&columns| columns > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_turns_auto_off_but_not_always() {
        assert!(decide(ColorChoice::Auto, false, true));
        assert!(!decide(ColorChoice::Auto, true, true));
        assert!(!decide(ColorChoice::Auto, false, false));
        assert!(decide(ColorChoice::Always, true, false));
        assert!(!decide(ColorChoice::Never, false, true));
    }
}
