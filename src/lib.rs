//! listingcheck: checks listed crypto assets against listing standards for issuance and
//! circulation volume.
//!
//! The modules follow the pipeline:
//! [`inputs`] (standards, descriptors, waivers, config) · [`source`] → [`fetch`] → [`snapshot`] →
//! [`eval`] (with the [`metric`] catalog) → [`analysis`] (compare, sweep, run diffs) → [`report`]
//! (one renderer per format), and [`history`] keeps every run's evaluation in a SQLite index of
//! the snapshots. Evaluation reads only snapshots, so every verdict can be reproduced offline.
//! [`watch`] re-reads the on-chain supply between runs and alerts once per episode.
//! The `listingcheck` binary is a thin command line over this library.

pub mod address;
pub mod amount;
pub mod analysis;
pub mod eval;
pub mod exchange;
pub mod exit;
pub mod fetch;
pub mod history;
pub mod inputs;
pub mod kst;
pub mod locale;
pub mod message;
pub mod metric;
pub mod report;
pub mod snapshot;
pub mod source;
pub mod text;
pub mod watch;

// The front door: what a program that checks a snapshot against a standard needs, without
// knowing the module layout.
pub use crate::eval::{Report, RuleResult, Verdict, evaluate};
pub use crate::exit::Exit;
pub use crate::inputs::standard::{LoadedStandard, Rule, Standard, Thresholds};
pub use crate::report::{Format, RenderOptions, Renderer};
pub use crate::snapshot::{Snapshot, SnapshotFile};
