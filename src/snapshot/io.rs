//! Reading and writing snapshot files: the envelope, the content hash, atomic writes, and
//! finding the newest snapshot in a directory.

use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::Snapshot;
use crate::inputs::files::{io_problem, sha256_hex, write_atomic};
use crate::inputs::kind::{InputKind, recognise, wrong_kind_message};

/// The snapshot format this version reads and writes.
pub const SNAPSHOT_SCHEMA: u32 = 1;

/// A snapshot as read from disk.
#[derive(Clone, Debug)]
pub struct SnapshotFile {
    pub path: PathBuf,
    /// SHA-256 of the `snapshot` value's bytes, verified on read.
    pub sha256: String,
    pub snapshot: Snapshot,
}

/// Why a snapshot could not be used. Each is bad input (exit 2) and names the file.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot read snapshot {path}: {}", io_problem(.source))]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{path}: {}", wrong_kind_message(*.found, InputKind::Snapshot))]
    WrongKind { path: PathBuf, found: InputKind },
    #[error(
        "snapshot {path} is corrupt at line {line}, column {column}: {message}. Fetch a new one with `listingcheck fetch`"
    )]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "snapshot {path} has schema {found}, but this listingcheck reads schema {SNAPSHOT_SCHEMA}; it was written by a newer version, so upgrade listingcheck"
    )]
    FutureSchema { path: PathBuf, found: u32 },
    #[error(
        "snapshot {path} has schema {found}, which this listingcheck no longer reads (it reads {SNAPSHOT_SCHEMA}); fetch a new snapshot"
    )]
    PastSchema { path: PathBuf, found: u32 },
    #[error(
        "snapshot {path} does not match its content hash (stated {stated}, computed {computed}): it was changed or truncated after it was written. Fetch a new one, or restore it from where it was kept"
    )]
    HashMismatch {
        path: PathBuf,
        stated: String,
        computed: String,
    },
    #[error(
        "snapshot {path} is corrupt: an observation cites request #{req}, but only {count} requests are recorded"
    )]
    DanglingRequest {
        path: PathBuf,
        req: u32,
        count: usize,
    },
    #[error(
        "snapshot {path} is corrupt: the disclosure of asset `{asset}` has a schedule out of order ({problem})"
    )]
    InvalidDisclosure {
        path: PathBuf,
        asset: String,
        problem: String,
    },
    #[error(
        "no snapshot named like `*-YYYYMMDDTHHMMSSZ.json` in {dir}. Run `listingcheck fetch`, or pass --snapshot FILE"
    )]
    NoneFound { dir: PathBuf },
    #[error(
        "every snapshot in {dir} is incomplete (a source failed when it was taken). Check the newest anyway with --snapshot {newest}, or fetch again"
    )]
    NoneComplete { dir: PathBuf, newest: PathBuf },
    #[error("cannot write snapshot {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

#[derive(Deserialize)]
struct Version {
    schema: u32,
}

/// The parts of a snapshot file around its content.
pub(super) struct Envelope<'a> {
    schema: u32,
    sha256: String,
    /// The `snapshot` value's text, whose bytes the hash covers.
    pub(super) content: &'a str,
}

/// The envelope of a file laid out as [`to_json`] writes it: `{"schema":N,"sha256":"…",
/// "snapshot":…}` on one line. Found by its shape alone, so that reading a large snapshot does
/// not scan its content once more before parsing it; whether the content is one JSON value is for
/// its parse to say.
pub(super) fn written_envelope(text: &str) -> Option<Envelope<'_>> {
    let rest = text.strip_prefix("{\"schema\":")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    // JSON writes no leading zero.
    if digits > 1 && rest.starts_with('0') {
        return None;
    }
    let schema = rest[..digits].parse().ok()?;
    let (sha256, rest) = rest[digits..]
        .strip_prefix(",\"sha256\":\"")?
        .split_at_checked(64)?;
    let content = rest
        .strip_prefix("\",\"snapshot\":")?
        .trim_end()
        .strip_suffix('}')?;
    sha256
        .bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then(|| Envelope {
            schema,
            sha256: sha256.to_owned(),
            content,
        })
}

/// The envelope of a file in any JSON layout.
fn parsed_envelope(text: &str) -> Result<Envelope<'_>, serde_json::Error> {
    #[derive(Deserialize)]
    struct Parsed<'a> {
        schema: u32,
        sha256: String,
        #[serde(borrow)]
        snapshot: &'a RawValue,
    }
    let parsed: Parsed<'_> = serde_json::from_str(text)?;
    Ok(Envelope {
        schema: parsed.schema,
        sha256: parsed.sha256,
        content: parsed.snapshot.get(),
    })
}

/// Reads a snapshot, checking its schema, its hash and that every observation's provenance
/// exists.
pub fn read(path: &Path) -> Result<SnapshotFile, SnapshotError> {
    let text = std::fs::read_to_string(path).map_err(|source| SnapshotError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    read_text(path, &text)
}

/// Reads the text of a snapshot that `path` names, such as the built-in sample, with the checks
/// of [`read`].
pub fn read_text(path: &Path, text: &str) -> Result<SnapshotFile, SnapshotError> {
    let corrupt = |error: &serde_json::Error, base: usize| {
        let (line, column) = position(text, base, error.line(), error.column());
        SnapshotError::Corrupt {
            path: path.to_owned(),
            line,
            column,
            message: strip_position(&error.to_string()),
        }
    };
    let check_schema = |found: u32| match found {
        SNAPSHOT_SCHEMA => Ok(()),
        found if found > SNAPSHOT_SCHEMA => Err(SnapshotError::FutureSchema {
            path: path.to_owned(),
            found,
        }),
        found => Err(SnapshotError::PastSchema {
            path: path.to_owned(),
            found,
        }),
    };
    // The envelope as `to_json` lays it out, found without a scan; any other layout is parsed,
    // and only when that fails the schema alone, so that a newer layout is reported as newer
    // rather than corrupt (each scan of a large snapshot costs).
    let unparsed = |envelope_error: serde_json::Error| {
        if let Some(found) = recognise(text).filter(|&found| found != InputKind::Snapshot) {
            return SnapshotError::WrongKind {
                path: path.to_owned(),
                found,
            };
        }
        match serde_json::from_str::<Version>(text) {
            Err(error) => corrupt(&error, 0),
            Ok(version) => check_schema(version.schema)
                .err()
                .unwrap_or_else(|| corrupt(&envelope_error, 0)),
        }
    };
    let mut envelope = match written_envelope(text) {
        Some(envelope) => envelope,
        None => parsed_envelope(text).map_err(unparsed)?,
    };
    check_schema(envelope.schema)?;
    let (mut computed, mut parsed) = hash_and_parse(envelope.content);
    // Whether the file is JSON at all, and where it is not, is said before its hash; a file
    // edited after the shape was found (a key after the content) is read as any layout.
    if computed != envelope.sha256 || parsed.is_err() {
        let general = parsed_envelope(text).map_err(unparsed)?;
        if general.content.len() != envelope.content.len() {
            check_schema(general.schema)?;
            (computed, parsed) = hash_and_parse(general.content);
            envelope = general;
        }
    }
    let content = envelope.content;
    if computed != envelope.sha256 {
        return Err(SnapshotError::HashMismatch {
            path: path.to_owned(),
            stated: envelope.sha256,
            computed,
        });
    }
    let base = content.as_ptr() as usize - text.as_ptr() as usize;
    let mut snapshot = parsed.map_err(|error| corrupt(&error, base))?;
    let count = snapshot.requests.len();
    let mut dangling = None;
    snapshot.visit_reqs_mut(|req| {
        if *req as usize >= count {
            dangling.get_or_insert(*req);
        }
    });
    if let Some(req) = dangling {
        return Err(SnapshotError::DanglingRequest {
            path: path.to_owned(),
            req,
            count,
        });
    }
    // Descriptors were checked when read from TOML; a snapshot written elsewhere is checked again,
    // so that evaluation can rely on a schedule in order.
    for asset in &snapshot.assets {
        let plan = asset
            .disclosure
            .as_ref()
            .and_then(|d| d.descriptor.plan.as_ref());
        if let Some(problem) = plan.and_then(crate::inputs::asset::Plan::schedule_problem) {
            return Err(SnapshotError::InvalidDisclosure {
                path: path.to_owned(),
                asset: asset.id.clone(),
                problem,
            });
        }
    }
    Ok(SnapshotFile {
        path: path.to_owned(),
        sha256: computed,
        snapshot,
    })
}

/// The content's hash and the snapshot it holds. Neither needs the other, so the hash runs beside
/// the parse (which spreads the assets over every core itself). The caller judges the hash first,
/// as if it ran first.
fn hash_and_parse(content: &str) -> (String, serde_json::Result<Snapshot>) {
    std::thread::scope(|scope| {
        let hashing = scope.spawn(|| sha256_hex(content.as_bytes()));
        let parsed = super::parse::parse_content(content);
        (hashing.join().expect("hashing never panics"), parsed)
    })
}

/// The file's line and column of a position that serde reports within a slice starting at `base`.
fn position(text: &str, base: usize, line: usize, column: usize) -> (usize, usize) {
    let before = &text[..base];
    let base_line = before.matches('\n').count();
    let base_column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    if line <= 1 {
        (base_line + 1, base_column + column)
    } else {
        (base_line + line, column)
    }
}

fn strip_position(message: &str) -> String {
    message
        .find(" at line ")
        .map_or(message, |i| &message[..i])
        .to_owned()
}

/// The snapshot as file text: the envelope on its first line, then one line per top-level key
/// of the content and one per asset, request and failure, so that files diff well in git while
/// staying compact.
pub fn to_json(snapshot: &Snapshot) -> String {
    let mut content = Vec::with_capacity(snapshot.assets.len() * 1024);
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut content, LineFormatter::default());
    serde::Serialize::serialize(snapshot, &mut serializer).expect("a snapshot always serializes");
    let content = String::from_utf8(content).expect("serde_json writes UTF-8");
    let sha256 = sha256_hex(content.as_bytes());
    format!("{{\"schema\":{SNAPSHOT_SCHEMA},\"sha256\":\"{sha256}\",\"snapshot\":{content}}}\n")
}

/// Writes a snapshot atomically and returns its content hash.
pub fn write(path: &Path, snapshot: &Snapshot) -> Result<String, SnapshotError> {
    let text = to_json(snapshot);
    write_atomic(path, text.as_bytes()).map_err(|source| SnapshotError::Write {
        path: path.to_owned(),
        source,
    })?;
    Ok(written_envelope(&text)
        .expect("to_json writes the envelope's shape")
        .sha256)
}

/// The file name `fetch` and `run` give a snapshot taken at `taken_at`.
pub fn file_name(prefix: &str, taken_at: Timestamp) -> String {
    format!("{prefix}-{}.json", taken_at.strftime("%Y%m%dT%H%M%SZ"))
}

/// The UTC instant in a snapshot's file name, if it has one.
fn stamp_of(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?.strip_suffix(".json")?;
    let stamp = name.get(name.len().checked_sub(16)?..)?;
    let bytes = stamp.as_bytes();
    let shape = bytes.len() == 16
        && bytes[8] == b'T'
        && bytes[15] == b'Z'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| matches!(i, 8 | 15) || b.is_ascii_digit());
    shape.then_some(stamp)
}

/// The prefix of the snapshots `precheck` writes: one candidate each, never the universe a
/// default `check` means.
pub const PRECHECK_PREFIX: &str = "precheck-";

/// The newest snapshot of the listed universe directly in `dir`, by the UTC instant in its name.
/// Subdirectories (such as `snapshots/cases/`) and precheck snapshots are not considered.
pub fn newest_in(dir: &Path) -> Result<PathBuf, SnapshotError> {
    candidates_in(dir)?
        .into_iter()
        .next()
        .ok_or_else(|| SnapshotError::NoneFound {
            dir: dir.to_owned(),
        })
}

/// The newest *complete* snapshot in `dir` (as [`newest_in`] chooses), and the newer ones it
/// passed over because a source failed when they were taken, newest first. Missing data is
/// never good news, so a default input is never an incomplete snapshot; a file that cannot be
/// read is still an error, not something to pass over.
pub fn newest_complete_in(dir: &Path) -> Result<(SnapshotFile, Vec<PathBuf>), SnapshotError> {
    let mut skipped = Vec::new();
    for path in candidates_in(dir)? {
        let file = read(&path)?;
        if file.snapshot.is_incomplete() {
            skipped.push(path);
        } else {
            return Ok((file, skipped));
        }
    }
    match skipped.into_iter().next() {
        Some(newest) => Err(SnapshotError::NoneComplete {
            dir: dir.to_owned(),
            newest,
        }),
        None => Err(SnapshotError::NoneFound {
            dir: dir.to_owned(),
        }),
    }
}

/// Every snapshot of the listed universe directly in `dir` (those [`newest_in`] chooses from),
/// oldest first: what `history import` records.
pub fn all_in(dir: &Path) -> Result<Vec<PathBuf>, SnapshotError> {
    let mut found = candidates_in(dir)?;
    found.reverse();
    Ok(found)
}

/// The snapshots of the listed universe directly in `dir`, newest first.
fn candidates_in(dir: &Path) -> Result<Vec<PathBuf>, SnapshotError> {
    let entries = std::fs::read_dir(dir).map_err(|_| SnapshotError::NoneFound {
        dir: dir.to_owned(),
    })?;
    let mut found: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .filter(|path| {
            !path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(PRECHECK_PREFIX))
        })
        .filter_map(|path| {
            stamp_of(&path)
                .map(str::to_owned)
                .map(|stamp| (stamp, path))
        })
        .collect();
    found.sort_unstable_by(|a, b| b.cmp(a));
    Ok(found.into_iter().map(|(_, path)| path).collect())
}

/// Compact JSON with a line break before each top-level key of the content and before each element
/// of its top-level arrays.
#[derive(Default)]
struct LineFormatter {
    depth: usize,
}

impl LineFormatter {
    fn open<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        writer.write_all(bracket)
    }

    /// Closes a bracket, on a line of its own when it closes back to `own_line_at`.
    fn close<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
        own_line_at: usize,
    ) -> io::Result<()> {
        self.depth -= 1;
        if self.depth == own_line_at {
            writer.write_all(b"\n")?;
        }
        writer.write_all(bracket)
    }

    /// Separates a member from the one before it, and starts a line for it at `own_line_at`.
    fn separate<W: ?Sized + io::Write>(
        &self,
        writer: &mut W,
        first: bool,
        own_line_at: usize,
    ) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        if self.depth == own_line_at {
            writer.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for LineFormatter {
    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}", 0)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.separate(writer, first, 1)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]", 1)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.separate(writer, first, 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{AssetRecord, IdentifiedBy, Request};

    fn snapshot() -> Snapshot {
        Snapshot {
            taken_at: "2026-11-20T00:00:00Z".parse().unwrap(),
            sample: true,
            complete: true,
            note: Some("test".into()),
            tool: "listingcheck test".into(),
            requests: vec![std::sync::Arc::new(Request {
                source: "upbit".into(),
                endpoint: "https://api.upbit.com/v1/market/all".into(),
                fetched_at: "2026-11-20T00:00:01Z".parse().unwrap(),
                cache_age_secs: None,
            })],
            failures: vec![],
            market_lists: vec![],
            usd_krw: None,
            assets: vec![AssetRecord {
                name: Some("WEMIX".into()),
                korean_name: Some("위믹스".into()),
                ..AssetRecord::new("wemix".into(), "WEMIX".into(), IdentifiedBy::Descriptor)
            }],
        }
    }

    #[test]
    fn a_written_snapshot_reads_back_identical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snapshot-20261120T000000Z.json");
        let sha = write(&path, &snapshot()).unwrap();
        let read_back = read(&path).unwrap();
        assert_eq!(read_back.snapshot, snapshot());
        assert_eq!(read_back.sha256, sha);
    }

    #[test]
    fn a_snapshot_whose_envelope_is_laid_out_otherwise_still_reads() {
        let text = to_json(&snapshot());
        let Envelope {
            sha256: sha,
            content,
            ..
        } = written_envelope(&text).unwrap();
        let layouts = [
            format!(
                "{{\n  \"sha256\": \"{sha}\",\n  \"schema\": 1,\n  \"snapshot\": {content}\n}}"
            ),
            format!(
                "{{\"schema\":1,\"sha256\":\"{sha}\",\"snapshot\":{content},\"note\":\"kept by hand\"}}"
            ),
        ];
        for layout in layouts {
            let read_back = read_text(Path::new("s.json"), &layout).unwrap();
            assert_eq!(read_back.snapshot, snapshot());
        }
    }

    #[test]
    fn a_snapshot_broken_inside_its_written_shape_is_corrupt_where_it_breaks() {
        let text = to_json(&snapshot());
        let broken = text.replacen("\"taken_at\":", "\"taken_at\"::", 1);
        let error = read_text(Path::new("s.json"), &broken).unwrap_err();
        assert!(
            matches!(error, SnapshotError::Corrupt { line: 2, .. }),
            "{error}"
        );
    }

    #[test]
    fn a_snapshot_broken_inside_an_asset_is_corrupt_at_that_assets_line() {
        let mut many = snapshot();
        for id in ["a", "b", "c", "d"] {
            many.assets.push(AssetRecord::new(
                id.into(),
                id.to_uppercase(),
                IdentifiedBy::Descriptor,
            ));
        }
        let text = to_json(&many);
        let line = 1 + text
            .lines()
            .position(|line| line.starts_with("{\"id\":\"c\""))
            .unwrap();
        let broken = text.replacen("{\"id\":\"c\"", "{\"id\"::\"c\"", 1);
        let error = read_text(Path::new("s.json"), &broken).unwrap_err();
        assert!(
            matches!(error, SnapshotError::Corrupt { line: at, column: 7, .. } if at == line),
            "{error}"
        );
    }

    #[test]
    fn an_edited_snapshot_fails_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        write(&path, &snapshot()).unwrap();
        let edited = std::fs::read_to_string(&path)
            .unwrap()
            .replace("WEMIX", "WEMIY");
        std::fs::write(&path, edited).unwrap();
        assert!(matches!(
            read(&path),
            Err(SnapshotError::HashMismatch { .. })
        ));
    }

    #[test]
    fn a_truncated_snapshot_is_corrupt_with_a_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let text = to_json(&snapshot());
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
        let error = read(&path).unwrap_err();
        assert!(matches!(error, SnapshotError::Corrupt { .. }), "{error}");
        assert!(
            error.to_string().contains("s.json is corrupt at line"),
            "{error}"
        );
    }

    #[test]
    fn a_future_schema_is_reported_as_newer_not_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(&path, r#"{"schema":2,"whatever":{}}"#).unwrap();
        assert!(matches!(
            read(&path),
            Err(SnapshotError::FutureSchema { found: 2, .. })
        ));
    }

    #[test]
    fn a_dangling_request_index_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let mut broken = snapshot();
        broken.usd_krw = Some(crate::snapshot::Observed {
            value: 1400.0,
            req: 7,
        });
        write(&path, &broken).unwrap();
        assert!(matches!(
            read(&path),
            Err(SnapshotError::DanglingRequest {
                req: 7,
                count: 1,
                ..
            })
        ));
    }

    #[test]
    fn a_disclosure_with_a_falling_schedule_is_refused_on_read() {
        use crate::inputs::asset::{AssetDescriptor, Identity, Plan, ScheduleEntry};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let mut bad = snapshot();
        let entry = |day, amount, linear| ScheduleEntry {
            date: jiff::civil::date(2026, 1, day),
            circulating: crate::amount::Amount::from_whole(amount),
            linear,
        };
        let descriptor = AssetDescriptor {
            asset: Identity {
                id: "wemix".into(),
                symbol: "WEMIX".into(),
                name: "WEMIX".into(),
                korean_name: None,
                coingecko: None,
                coinmarketcap: None,
                supply_url: None,
            },
            chains: vec![],
            excluded: vec![],
            plan: Some(Plan {
                max_supply: None,
                source: None,
                disclosed: None,
                schedule: vec![entry(1, 200, false), entry(2, 150, true)],
                revisions: vec![],
            }),
            powers: None,
        };
        bad.assets[0].disclosure = Some(crate::snapshot::Disclosure {
            sha256: String::new(),
            descriptor,
            req: 0,
        });
        write(&path, &bad).unwrap();
        let error = read(&path).unwrap_err();
        assert!(
            matches!(error, SnapshotError::InvalidDisclosure { .. }),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .contains("150 is below the previous entry's 200"),
            "{error}"
        );
    }

    #[test]
    fn canonical_order_does_not_depend_on_arrival_order() {
        let at = |s: &str| s.parse().unwrap();
        let request = |source: &str, second: &str| Request {
            source: source.into(),
            endpoint: format!("https://{source}"),
            fetched_at: at(second),
            cache_age_secs: None,
        };
        let mut first = snapshot();
        first.requests = vec![
            request("upbit", "2026-11-20T00:00:02Z").into(),
            request("coingecko", "2026-11-20T00:00:01Z").into(),
        ];
        first.usd_krw = Some(crate::snapshot::Observed {
            value: 1400.0,
            req: 1,
        });
        let mut second = snapshot();
        second.requests = vec![
            request("coingecko", "2026-11-20T00:00:01Z").into(),
            request("upbit", "2026-11-20T00:00:02Z").into(),
        ];
        second.usd_krw = Some(crate::snapshot::Observed {
            value: 1400.0,
            req: 0,
        });
        first.canonicalize();
        second.canonicalize();
        assert_eq!(first, second);
        assert_eq!(
            first.request(first.usd_krw.as_ref().unwrap().req).source,
            "coingecko"
        );
    }

    #[test]
    fn the_newest_snapshot_is_chosen_by_the_instant_in_its_name() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "precheck-newcoin-20261121T000000Z.json",
            "sample-20261101T000000Z.json",
            "snapshot-20261120T000000Z.json",
            "snapshot-20261119T235959Z.json",
            "notes.json",
        ] {
            std::fs::write(dir.path().join(name), "{}").unwrap();
        }
        assert_eq!(
            newest_in(dir.path()).unwrap().file_name().unwrap(),
            "snapshot-20261120T000000Z.json"
        );
    }
}
