//! File helpers shared by every loader and writer: reading inputs, hashing, atomic writes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::inputs::diag::{Code, FileDiagnostics, Invalid};
use crate::inputs::kind::{InputKind, recognise, wrong_kind_message};

/// The largest standard, descriptor, waivers file or config read: the shipped ones are a few
/// kilobytes, so anything near this is the wrong file, and reading it whole would only cost
/// memory.
pub const MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a user's input file; failure is an `unreadable` diagnostic naming the file.
pub fn read_input(path: &Path) -> Result<String, Invalid> {
    let unreadable = |message: String| {
        let mut diagnostics = FileDiagnostics::new(path, "");
        diagnostics.error(Code::Unreadable, 0..0, message);
        Invalid(diagnostics)
    };
    if let Ok(metadata) = std::fs::metadata(path)
        && metadata.len() > MAX_INPUT_BYTES
    {
        return Err(unreadable(format!(
            "{} is too large to be an input file ({} bytes; the limit is {MAX_INPUT_BYTES}): is it the right file?",
            path.display(),
            metadata.len()
        )));
    }
    std::fs::read_to_string(path).map_err(|error| unreadable(io_problem(&error)))
}

/// What went wrong with a file, in words rather than the operating system's terms.
pub fn io_problem(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file".to_owned(),
        ErrorKind::IsADirectory => "it is a folder, not a file".to_owned(),
        ErrorKind::NotADirectory => "a part of the path is a file, not a folder".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::InvalidData => "it is not UTF-8 text".to_owned(),
        _ => error.to_string(),
    }
}

/// Why `path` cannot take an output file the user named, if it cannot: listingcheck creates no
/// folder the user did not ask for.
pub fn output_target_problem(path: &Path) -> Option<String> {
    let shown = crate::text::display_path(path);
    if path.is_dir() {
        return Some(format!(
            "cannot write {shown}: it is a folder; give a file name inside it"
        ));
    }
    let parent = path.parent().filter(|dir| !dir.as_os_str().is_empty())?;
    let folder = crate::text::display_path(parent);
    if parent.is_dir() {
        None
    } else if parent.exists() || parent.ancestors().skip(1).any(Path::is_file) {
        Some(format!(
            "cannot write {shown}: {folder} is a file, not a folder"
        ))
    } else {
        Some(format!(
            "cannot write {shown}: the folder {folder} does not exist; create it first"
        ))
    }
}

/// A TOML input that passed its checks: what `parse` built, the file's text, and the warnings.
pub struct Checked<T> {
    pub value: T,
    pub source: String,
    pub warnings: FileDiagnostics,
}

/// Reads `path`, a file of kind `expected`, and checks it with [`check_text`].
pub fn read_checked<T>(
    path: &Path,
    expected: InputKind,
    parse: impl FnOnce(&str, &mut FileDiagnostics) -> Option<T>,
) -> Result<Checked<T>, Invalid> {
    check_text(path, read_input(path)?, expected, parse)
}

/// Parses the text of `path`, a file of kind `expected`, with `parse`, which reports every
/// problem it finds; any error rejects the file, with all of them. A file that fails and is
/// recognisably another kind is reported as that, in one line.
pub fn check_text<T>(
    path: &Path,
    source: String,
    expected: InputKind,
    parse: impl FnOnce(&str, &mut FileDiagnostics) -> Option<T>,
) -> Result<Checked<T>, Invalid> {
    let mut diagnostics = FileDiagnostics::new(path, &source);
    match parse(&source, &mut diagnostics) {
        Some(value) if !diagnostics.has_errors() => Ok(Checked {
            value,
            source,
            warnings: diagnostics,
        }),
        _ => match recognise(&source).filter(|&found| found != expected) {
            Some(found) => {
                let mut wrong = FileDiagnostics::new(path, &source);
                wrong.error(Code::WrongKind, 0..0, wrong_kind_message(found, expected));
                Err(Invalid(wrong))
            }
            None => Err(Invalid(diagnostics)),
        },
    }
}

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(bytes) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The `*.toml` files directly in `dir`, sorted by name.
pub fn toml_files_in(dir: &Path) -> Result<Vec<PathBuf>, Invalid> {
    Ok(entries_of(dir)?
        .into_iter()
        .filter(|path| is_toml_file(path))
        .collect())
}

/// The entries of `dir`, sorted; a directory that cannot be listed is an error naming it.
pub fn entries_of(dir: &Path) -> Result<Vec<PathBuf>, Invalid> {
    let entries = std::fs::read_dir(dir).map_err(|error| {
        let mut diagnostics = FileDiagnostics::new(dir, "");
        diagnostics.error(
            Code::Unreadable,
            0..0,
            if error.kind() == std::io::ErrorKind::NotFound {
                "no such folder".to_owned()
            } else {
                io_problem(&error)
            },
        );
        Invalid(diagnostics)
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    Ok(paths)
}

pub fn is_toml_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "toml") && path.is_file()
}

/// Writes a file so that a reader sees either the old content or the new, never a torn one:
/// the bytes go to a temporary file in the same directory, are flushed to disk, and the
/// temporary file is renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// [`write_atomic`] of what `write` writes, streamed through a buffer: a large report is never
/// held whole in memory.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&temp)?);
        write(&mut file)?;
        let file = file
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
