//! Parsing a snapshot's content, its assets on every core.
//!
//! At market scale a snapshot is hundreds of megabytes, nearly all of it assets (their market
//! days above all), and one core parses JSON at a few hundred megabytes a second. The layout
//! [`super::to_json`] writes puts each asset on a line of its own, and a JSON string holds no raw
//! newline, so those lines can be cut apart without reading them and parsed side by side. Any
//! other layout, and any content that does not parse so, is parsed whole, as one value: that
//! parse is the one that says where a broken file breaks.

use std::num::NonZero;

use super::{AssetRecord, Snapshot};

/// The key line that opens the assets, the last member of the content as written.
const ASSETS_OPEN: &str = "\n\"assets\":[\n";
/// What follows the last asset line as written: the array's close, then the content's.
const ASSETS_CLOSE: &str = "\n]\n}";

/// The snapshot `content` holds.
pub(super) fn parse_content(content: &str) -> serde_json::Result<Snapshot> {
    let threads = std::thread::available_parallelism().map_or(1, NonZero::get);
    match written_parts(content) {
        Some((rest, asset_lines)) if threads > 1 => {
            parse_by_lines(&rest, asset_lines, threads).map_or_else(|| whole(content), Ok)
        }
        _ => whole(content),
    }
}

fn whole(content: &str) -> serde_json::Result<Snapshot> {
    serde_json::from_str(content)
}

/// The content without its asset lines (an empty assets array in their place), and those lines,
/// when `content` is laid out as written with at least one asset.
fn written_parts(content: &str) -> Option<(String, &str)> {
    // The assets come after the requests and failures, a small part of the content: a search
    // from the start stops early.
    let open =
        memchr::memmem::find(content.as_bytes(), ASSETS_OPEN.as_bytes())? + ASSETS_OPEN.len();
    let asset_lines = content.get(open..)?.strip_suffix(ASSETS_CLOSE)?;
    if asset_lines.is_empty() {
        return None;
    }
    let rest = format!("{}{ASSETS_CLOSE}", &content[..open - 1]);
    Some((rest, asset_lines))
}

/// The snapshot of `rest` with the assets of `asset_lines`, parsed in `threads` (at least one)
/// runs of whole lines; `None` when any part does not parse as written.
fn parse_by_lines(rest: &str, asset_lines: &str, threads: usize) -> Option<Snapshot> {
    let runs = runs_of_lines(asset_lines, threads);
    let last_run = runs.len() - 1;
    let (snapshot, assets) = std::thread::scope(|scope| {
        let workers: Vec<_> = runs
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, run)| scope.spawn(move || parse_assets(run, i == last_run)))
            .collect();
        let first = parse_assets(runs[0], last_run == 0);
        let snapshot = serde_json::from_str::<Snapshot>(rest).ok();
        let mut assets = vec![first];
        assets.extend(
            workers
                .into_iter()
                .map(|worker| worker.join().expect("parsing never panics")),
        );
        (snapshot, assets)
    });
    // `rest` holds an empty assets array where the lines were; a second `assets` key anywhere
    // is a duplicate field, which fails its parse as it fails the whole one.
    let mut snapshot = snapshot?;
    let mut all = Vec::with_capacity(assets.iter().flatten().map(Vec::len).sum());
    for run in assets {
        all.extend(run?);
    }
    snapshot.assets = all;
    Some(snapshot)
}

/// `text` cut into at most `count` runs of whole lines of about equal length, in order.
fn runs_of_lines(text: &str, count: usize) -> Vec<&str> {
    let mut runs = Vec::with_capacity(count);
    let mut rest = text;
    for left in (1..=count).rev() {
        if rest.is_empty() {
            break;
        }
        let cut = if left == 1 {
            rest.len()
        } else {
            let aim = rest.len() / left;
            memchr::memchr(b'\n', &rest.as_bytes()[aim..]).map_or(rest.len(), |i| aim + i)
        };
        runs.push(&rest[..cut]);
        rest = rest.get(cut + 1..).unwrap_or_default();
    }
    runs
}

/// The assets of a run of lines: each line is one asset and a comma, but the array's last line,
/// which has no comma.
fn parse_assets(run: &str, ends_array: bool) -> Option<Vec<AssetRecord>> {
    let run = if ends_array {
        run
    } else {
        run.strip_suffix(',')?
    };
    // A line holds one asset; the `memchr` crate finds line ends many times faster than the
    // standard library's byte-wise search, which took a tenth of the read.
    let mut assets = Vec::new();
    let mut rest = run;
    while let Some(end) = memchr::memchr(b'\n', rest.as_bytes()) {
        let line = rest[..end].strip_suffix(',')?;
        assets.push(serde_json::from_str(line).ok()?);
        rest = &rest[end + 1..];
    }
    assets.push(serde_json::from_str(rest).ok()?);
    Some(assets)
}

#[cfg(test)]
mod tests {
    use super::super::io::written_envelope;
    use super::*;

    #[test]
    fn lines_are_cut_into_runs_of_whole_lines_in_order() {
        // Korean names are several bytes a letter: an aim inside one must not split it.
        let text = "a,\n위믹스 위믹스,\n위믹스,\nd";
        for count in 1..9 {
            let runs = runs_of_lines(text, count);
            assert!(runs.len() <= count);
            assert_eq!(runs.join("\n"), text, "{count}");
            assert!(runs.iter().all(|run| !run.is_empty()));
        }
    }

    fn sample() -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/snapshots/sample-20261120T000000Z.json"
        );
        let text = std::fs::read_to_string(path).unwrap();
        written_envelope(&text).unwrap().content.to_owned()
    }

    #[test]
    fn the_assets_parsed_line_by_line_equal_the_whole_parse() {
        let content = sample();
        let whole = whole(&content).unwrap();
        assert!(whole.assets.len() > 10);
        let (rest, asset_lines) = written_parts(&content).unwrap();
        for threads in [1, 2, 3, 7, 100] {
            let by_lines = parse_by_lines(&rest, asset_lines, threads).unwrap();
            assert_eq!(by_lines, whole, "{threads} threads");
        }
    }

    #[test]
    fn what_to_json_writes_is_parsed_by_lines() {
        let snapshot = whole(&sample()).unwrap();
        let text = super::super::to_json(&snapshot);
        let content = written_envelope(&text).unwrap().content;
        let (rest, asset_lines) = written_parts(content).expect("the written layout");
        assert_eq!(parse_by_lines(&rest, asset_lines, 2).unwrap(), snapshot);
    }

    #[test]
    fn a_broken_asset_line_is_left_to_the_whole_parse() {
        let content = sample().replacen("{\"id\":\"bitcoin\"", "{\"id\"::\"bitcoin\"", 1);
        let (rest, asset_lines) = written_parts(&content).unwrap();
        assert!(parse_by_lines(&rest, asset_lines, 2).is_none());
        assert!(parse_content(&content).is_err());
    }

    #[test]
    fn another_layout_is_parsed_whole() {
        let content = sample();
        let compact = serde_json::to_string(&whole(&content).unwrap()).unwrap();
        assert!(written_parts(&compact).is_none());
        assert_eq!(parse_content(&compact).unwrap(), whole(&content).unwrap());
    }
}
