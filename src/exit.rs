//! The process exit code. README § Exit codes documents the same table.

/// What the process tells its caller. Scripts and schedulers branch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Done, and no blocking failure (for `diff` and `run`: no *new* blocking failure).
    Clean = 0,
    /// Blocking compliance failures (for `diff` and `run`: new ones).
    Violations = 1,
    /// Bad input: unreadable or invalid standards, assets, waivers, config or snapshot, or bad
    /// usage.
    BadInput = 2,
    /// Data could not be fetched (a source failed beyond its retries), or a command read a
    /// snapshot that is incomplete: missing data is never a clean exit.
    SourceFailed = 3,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit as u8)
    }
}
