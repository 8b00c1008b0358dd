//! listingcheck: checks listed crypto assets against listing standards for issuance and
//! circulation volume.
//!
//! The pipeline has five stages, one module each:
//! sources (`fetch`) → [`snapshot`] → [`standard`] load and validate → [`eval`] → [`report`]
//! render. Evaluation reads only snapshots, so every verdict can be reproduced offline. The
//! binary is a thin shell over [`cli`].

pub mod amount;
pub mod asset;
pub mod cli;
pub mod compare;
pub mod config;
pub mod diag;
pub mod eval;
pub mod exchange;
pub mod exit;
pub mod fetch;
pub mod files;
pub mod kst;
pub mod metric;
pub mod report;
pub mod run;
pub mod rundiff;
pub mod schema;
pub mod snapshot;
pub mod source;
pub mod standard;
pub mod sweep;
pub mod toml_read;
pub mod verify;
pub mod waiver;

/// The name and version written into snapshots and reports.
pub const TOOL: &str = concat!("listingcheck ", env!("CARGO_PKG_VERSION"));

/// A path as reports show it: as the user gave it, with `/` separators.
pub fn display_path(path: &std::path::Path) -> String {
    path.display().to_string().replace('\\', "/")
}
