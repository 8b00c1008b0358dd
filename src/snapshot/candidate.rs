//! `precheck DESCRIPTOR --snapshot FILE`: a candidate checked offline, on data already fetched.
//!
//! The snapshot must hold the candidate (found by the descriptor's id, else its CoinGecko id,
//! else its symbol); the descriptor's disclosure replaces the one the snapshot recorded, and the
//! snapshot is cut down to that one asset, as a live precheck's would be.

use std::sync::Arc;

use crate::inputs::asset::LoadedAsset;
use crate::snapshot::{Disclosure, Request, SnapshotFile};

/// Why a candidate cannot be checked on a snapshot.
#[derive(Debug, thiserror::Error)]
pub enum CandidateError {
    #[error(
        "{snapshot} holds no asset `{id}` or symbol {symbol}; check the descriptor's id, or run precheck without --snapshot to fetch its data"
    )]
    NotInSnapshot {
        snapshot: String,
        id: String,
        symbol: String,
    },
}

/// The snapshot cut down to the candidate `asset` describes, with its disclosure attached.
pub fn on_snapshot(
    mut file: SnapshotFile,
    asset: &LoadedAsset,
) -> Result<SnapshotFile, CandidateError> {
    let identity = &asset.descriptor.asset;
    let position = [Some(identity.id.as_str()), identity.coingecko.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|id| {
            file.snapshot
                .assets
                .iter()
                .position(|record| record.id == id)
        })
        .or_else(|| {
            file.snapshot
                .assets
                .iter()
                .position(|record| record.symbol.eq_ignore_ascii_case(&identity.symbol))
        })
        .ok_or_else(|| CandidateError::NotInSnapshot {
            snapshot: crate::text::display_path(&file.path),
            id: identity.id.clone(),
            symbol: identity.symbol.clone(),
        })?;
    let mut record = file.snapshot.assets.swap_remove(position);
    let req = u32::try_from(file.snapshot.requests.len()).expect("fewer than 2^32 requests");
    file.snapshot.requests.push(Arc::new(Request {
        source: crate::fetch::DISCLOSURE_SOURCE.to_owned(),
        endpoint: crate::text::display_path(&asset.path),
        fetched_at: file.snapshot.taken_at,
        cache_age_secs: None,
    }));
    record.disclosure = Some(Disclosure {
        sha256: asset.sha256.clone(),
        descriptor: asset.descriptor.clone(),
        req,
    });
    record.candidate = true;
    file.snapshot.assets = vec![record];
    Ok(file)
}
