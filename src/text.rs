//! How the tool names itself and things in text: its name and version, paths, counted nouns.

/// The name and version written into snapshots and reports.
pub const TOOL: &str = concat!("listingcheck ", env!("CARGO_PKG_VERSION"));

/// A path as reports show it: as the user gave it, with `/` separators.
pub fn display_path(path: &std::path::Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// `1 asset`, `2 assets`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
