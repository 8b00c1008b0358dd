//! The descriptors a fetch embeds: those of `--assets DIR` and the candidates of `--asset FILE`,
//! read and checked before any request is sent, so that bad input costs no fetch.

use std::path::Path;

use jiff::Timestamp;

use super::{FetchError, FetchOptions};
use crate::inputs::asset::{self, LoadedAsset};

/// A descriptor read for this fetch.
pub(super) struct Described {
    pub loaded: LoadedAsset,
    /// The path as given, which the `disclosure` request names.
    pub shown: String,
    /// Given with `--asset` (or to `precheck`).
    pub candidate: bool,
    pub read_at: Timestamp,
}

impl Described {
    fn new(loaded: LoadedAsset, candidate: bool) -> Self {
        Described {
            shown: crate::text::display_path(&loaded.path),
            loaded,
            candidate,
            read_at: Timestamp::now(),
        }
    }

    /// The symbol as exchanges list it, upper case.
    pub fn symbol(&self) -> String {
        self.loaded.descriptor.asset.symbol.to_uppercase()
    }

    pub fn id(&self) -> &str {
        &self.loaded.descriptor.asset.id
    }
}

/// Reads the descriptors of the directory and the candidates, reporting every invalid file, and
/// checks that no symbol or id is claimed twice. A candidate that is also in the directory is one
/// descriptor, marked candidate.
pub(super) fn load(options: &FetchOptions) -> Result<Vec<Described>, FetchError> {
    let mut invalid = Vec::new();
    let mut described: Vec<Described> = Vec::new();
    if let Some(dir) = &options.assets_dir {
        match asset::load_dir(dir) {
            Ok(loaded) => described.extend(loaded.into_iter().map(|l| Described::new(l, false))),
            Err(mut errors) => invalid.append(&mut errors),
        }
    }
    for path in &options.candidates {
        match asset::load(path) {
            Ok(loaded) => match described
                .iter_mut()
                .find(|known| same_file(&known.loaded.path, path))
            {
                Some(known) => known.candidate = true,
                None => described.push(Described::new(loaded, true)),
            },
            Err(error) => invalid.push(error),
        }
    }
    if !invalid.is_empty() {
        return Err(FetchError::InvalidDescriptors(invalid));
    }
    for (index, one) in described.iter().enumerate() {
        for other in &described[index + 1..] {
            if one.symbol() == other.symbol() {
                return Err(FetchError::SymbolClaimedTwice {
                    symbol: one.symbol(),
                    first: one.shown.clone(),
                    second: other.shown.clone(),
                });
            }
            if one.id() == other.id() {
                return Err(FetchError::IdClaimedTwice {
                    id: one.id().to_owned(),
                    first: one.shown.clone(),
                    second: other.shown.clone(),
                });
            }
        }
    }
    Ok(described)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
