//! Which kind of listingcheck file a text is, recognised from its first table or key, so that a
//! file passed in the wrong place is named for what it is ("this is a snapshot; pass it with
//! --snapshot") instead of drowning the user in the other format's syntax errors.
//!
//! Recognition looks only at unmistakable markers (a snapshot's envelope, a report's `results`, a
//! standard's `[standard]` table …), and loaders ask only once a file has already failed to read
//! as what was expected: a valid file is never second-guessed.

/// A kind of file listingcheck reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Snapshot,
    Report,
    Standard,
    Asset,
    Waivers,
    Config,
}

impl InputKind {
    /// What the file is, as a noun phrase: "a snapshot".
    fn noun(self) -> &'static str {
        match self {
            InputKind::Snapshot => "a snapshot",
            InputKind::Report => "a JSON report",
            InputKind::Standard => "a standards file",
            InputKind::Asset => "an asset descriptor",
            InputKind::Waivers => "a waivers file",
            InputKind::Config => "a listingcheck.toml config",
        }
    }

    /// Where such a file goes on the command line.
    fn usage(self) -> &'static str {
        match self {
            InputKind::Snapshot => "pass it with --snapshot",
            InputKind::Report => "pass it to `listingcheck diff OLD NEW`",
            InputKind::Standard => "pass it with --standard",
            InputKind::Asset => "pass it to `listingcheck precheck` or `fetch --asset`",
            InputKind::Waivers => "pass it with --waivers",
            InputKind::Config => "pass it with --config",
        }
    }
}

/// The sentence for a file of kind `found` given where `expected` belongs; the caller names the
/// file before it.
pub fn wrong_kind_message(found: InputKind, expected: InputKind) -> String {
    format!(
        "this is {}, not {}; {}",
        found.noun(),
        expected.noun(),
        found.usage()
    )
}

/// The kind of file `text` is, when it carries one kind's unmistakable marker.
pub fn recognise(text: &str) -> Option<InputKind> {
    let head = text.trim_start();
    if head.starts_with('{') {
        // Both JSON documents put their markers near the top: the snapshot's envelope first,
        // the report's `results` after its header.
        if head.contains("\"sha256\"")
            && head.contains("\"snapshot\":")
            && !head.contains("\"results\"")
        {
            return Some(InputKind::Snapshot);
        }
        return head.contains("\"results\"").then_some(InputKind::Report);
    }
    let tables: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with('['))
        .collect();
    let has = |prefix: &str| tables.iter().any(|line| line.starts_with(prefix));
    if has("[standard]") || has("[[rule]]") {
        Some(InputKind::Standard)
    } else if has("[asset]") {
        Some(InputKind::Asset)
    } else if has("[[waiver]]") {
        Some(InputKind::Waivers)
    } else if has("[sources.") || has("[http]") || has("[cache]") {
        Some(InputKind::Config)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_recognised_by_its_marker() {
        let snapshot = r#"{"schema":1,"sha256":"ab","snapshot":{"taken_at":"x"}}"#;
        let report = r#"{"schema":1,"tool":"x","standard":{},"results":[]}"#;
        assert_eq!(recognise(snapshot), Some(InputKind::Snapshot));
        assert_eq!(recognise(report), Some(InputKind::Report));
        assert_eq!(
            recognise("schema = 1\n[standard]\nid = 'x'"),
            Some(InputKind::Standard)
        );
        assert_eq!(
            recognise("schema = 1\n[asset]\nid = 'x'"),
            Some(InputKind::Asset)
        );
        assert_eq!(
            recognise("schema = 1\n[[waiver]]\n"),
            Some(InputKind::Waivers)
        );
        assert_eq!(
            recognise("schema = 1\n[sources.upbit]\n"),
            Some(InputKind::Config)
        );
        assert_eq!(recognise("schema = 1\n"), None);
    }
}
