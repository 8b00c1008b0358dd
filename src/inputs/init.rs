//! `listingcheck init [DIR]`: a working folder for a new user, written from the files built into
//! the binary: the shipped standards, the sample snapshot and its waivers, an example descriptor
//! with comments, a config naming every source, an empty waivers file and a crontab line. With
//! it, `check`, `compare` and `precheck --snapshot` work at once, offline, in that folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::inputs::embedded::{EmbeddedFile, SAMPLE_SNAPSHOT, SAMPLE_WAIVERS, STANDARDS};

/// Where the example descriptor goes: not under `assets/`, whose descriptors a live `fetch`
/// applies to listed assets.
pub const EXAMPLE_DESCRIPTOR: &str = "candidates/example.toml";

/// The daily job, as a crontab line (09:05 in Korea is 00:05 UTC); cron starts in the home
/// folder, so the line names the folder in full.
pub fn crontab_line(dir: &Path) -> String {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
    format!(
        "5 0 * * *  cd {} && listingcheck run --keep 90 --no-progress -o today.md 2>>run.log",
        dir.display()
    )
}

/// Why a folder could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(
        "{dir} already holds {}; listingcheck init writes only into a folder without them. Move them away, or choose another folder",
        .existing.join(", ")
    )]
    WouldOverwrite { dir: PathBuf, existing: Vec<String> },
    #[error("cannot write {path}: {problem}")]
    Write { path: PathBuf, problem: String },
}

/// Every file `init` writes, relative to the folder, with its text.
pub fn files(dir: &Path) -> Vec<(String, String)> {
    let shipped = |file: &EmbeddedFile| (file.path.to_owned(), file.text.to_owned());
    let mut files: Vec<(String, String)> = STANDARDS.iter().map(shipped).collect();
    files.push(shipped(&SAMPLE_SNAPSHOT));
    files.push(shipped(&SAMPLE_WAIVERS));
    files.push((
        EXAMPLE_DESCRIPTOR.to_owned(),
        EXAMPLE_DESCRIPTOR_TEXT.to_owned(),
    ));
    files.push(("waivers.toml".to_owned(), WAIVERS_TEXT.to_owned()));
    files.push((
        crate::inputs::config::DEFAULT_CONFIG.to_owned(),
        config_text(),
    ));
    files.push(("crontab.txt".to_owned(), format!("{}\n", crontab_line(dir))));
    files
}

/// Writes the working folder into `dir` (created if missing) and returns the files written.
/// Nothing is written when any of them exists already.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let files = files(dir);
    let existing: Vec<String> = files
        .iter()
        .map(|(path, _)| path.clone())
        .filter(|path| dir.join(path).exists())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::WouldOverwrite {
            dir: dir.to_owned(),
            existing,
        });
    }
    let mut written = Vec::new();
    for (relative, text) in files {
        let path = dir.join(relative);
        crate::inputs::files::write_atomic(&path, text.as_bytes()).map_err(|error| {
            InitError::Write {
                path: path.clone(),
                problem: crate::inputs::files::io_problem(&error),
            }
        })?;
        written.push(path);
    }
    Ok(written)
}

/// `listingcheck.toml` with every built-in source at its defaults, so that a user sees what can
/// be changed; the `#:schema` line lets editors check it.
fn config_text() -> String {
    let mut text = String::from(
        "# The sources listingcheck fetches from, each at its built-in defaults: change a value, or\n\
         # set `enabled = false`. API keys never sit here: `api_key_env` names the environment\n\
         # variable that holds one. `listingcheck schema config` prints every key.\n\
         schema = 1\n\n\
         [http]\nconcurrency = 8\ntimeout_secs = 20\nmax_retries = 4\n",
    );
    for (name, source) in crate::source::registry::default_sources() {
        let _ = writeln!(text, "\n[sources.{name}]");
        // The issuers' source has no base URL: each of its calls names a descriptor's whole URL.
        if !source.base_url.is_empty() {
            let _ = writeln!(text, "base_url = \"{}\"", source.base_url);
        }
        let _ = writeln!(
            text,
            "rate_limit = {{ requests = {}, per_seconds = {} }}",
            source.rate_limit.requests, source.rate_limit.per_seconds
        );
        if let Some(variable) = &source.api_key_env {
            let _ = writeln!(text, "api_key_env = \"{variable}\"");
        }
        if let Some(chain_id) = source.chain_id {
            let _ = writeln!(text, "chain_id = {chain_id}");
        }
    }
    text
}

const WAIVERS_TEXT: &str = r#"# Waivers: exceptions for one asset and one rule, each with a reason and an expiry.
# Use: listingcheck check --waivers waivers.toml
schema = 1

# [[waiver]]
# asset = "curve-dao-token"            # the asset's id
# rule = "ZOMBIE-TURNOVER"             # the rule's id
# standard = "daxa-best-practices"     # optional: only under this standard
# reason = "why the exception is granted"
# granted_by = "who granted it"
# expires = 2027-05-31
"#;

const EXAMPLE_DESCRIPTOR_TEXT: &str = r#"# An asset descriptor: what an issuer disclosed about one token. Copy it, fill it in from the
# disclosure, and check the candidate with
#   listingcheck precheck candidates/example.toml                      (fetches live data)
#   listingcheck precheck candidates/example.toml --snapshot FILE      (offline, on a snapshot)
# The figures below are EXAMPLES (Chainlink's contract, an invented plan), not a disclosure.
schema = 1

[asset]
id = "example-token"          # lowercase id, unique across descriptors
symbol = "EXT"                # the ticker exchanges list it under
name = "Example Token"
korean_name = "예시토큰"       # optional
coingecko = "chainlink"       # optional: CoinGecko id, for prices, foreign exchanges, first trade

# Where the token lives; repeat [[chain]] for each chain.
[[chain]]
chain = "ethereum"            # a source in listingcheck.toml
contract = "0x514910771AF9Ca656af840dff83E8264EcF986CA"
decimals = 18

# Wallets whose balance is not circulating (team, treasury, vesting); repeat as needed.
[[excluded]]
chain = "ethereum"
address = "0x68743bd800ce8466f88ef80a18707a1e96addcc4"
label = "team reserve (example)"

# The disclosed issuance and circulation plan.
[plan]
max_supply = 1_000_000_000
source = "where the plan was published (example)"
disclosed = 2025-01-15

[[plan.schedule]]             # planned circulating supply by each date, in order
date = 2026-06-30
circulating = 650_000_000

[[plan.schedule]]
date = 2026-12-31
circulating = 700_000_000
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_file_reads_back_as_its_kind() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path()).unwrap();
        let at = |relative: &str| dir.path().join(relative);
        crate::inputs::asset::load(&at(EXAMPLE_DESCRIPTOR)).unwrap();
        crate::inputs::waiver::load(&at("waivers.toml")).unwrap();
        let config = crate::inputs::config::load(Some(&at("listingcheck.toml"))).unwrap();
        assert_eq!(config, crate::inputs::config::Config::default());
        crate::inputs::standard::select_default(&at("standards")).unwrap();
        crate::snapshot::read(&at(SAMPLE_SNAPSHOT.path)).unwrap();
    }

    #[test]
    fn an_existing_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("waivers.toml"), "mine").unwrap();
        let error = init(dir.path()).unwrap_err();
        assert!(
            error.to_string().contains("already holds waivers.toml"),
            "{error}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("waivers.toml")).unwrap(),
            "mine"
        );
        assert!(!dir.path().join("standards").exists());
    }
}
