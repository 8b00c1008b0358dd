//! The standards, snapshots and case that ship with listingcheck, by their paths in the
//! repository, and the sweep the document tests run over them.

pub const SAMPLE: &str = "snapshots/sample-20261120T000000Z.json";
pub const WEMIX_CASE: &str = "snapshots/cases/wemix-2022-10-25.json";
pub const NEWEST_ADOPTED: &str = "standards/daxa-best-practices/2025-06.toml";
pub const FSS_A: &str = "standards/fss-listing/2026-draft-a.toml";
pub const FSS_B: &str = "standards/fss-listing/2026-draft-b.toml";

/// `standards sweep` of the foreign track record over three years, both drafts marked.
pub const SWEEP: [&str; 13] = [
    "standards",
    "sweep",
    "FOREIGN-TRACK-RECORD",
    FSS_A,
    FSS_B,
    "--snapshot",
    SAMPLE,
    "--from",
    "0",
    "--to",
    "1095",
    "--steps",
    "12",
];
