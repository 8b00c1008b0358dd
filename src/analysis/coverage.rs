//! Disclosure coverage: which listed assets of a snapshot lack a descriptor, a circulation plan or
//! excluded wallets, largest first, so that a listing team knows which disclosure to write down
//! first. Without them the disclosure rules can only say `unknown`.

use serde::Serialize;

use crate::snapshot::{Aggregator, AssetRecord, Snapshot};

/// The assets of a snapshot that lack part of their disclosure, ordered by market cap.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    pub schema: u32,
    /// The assets the snapshot lists (candidates aside).
    pub listed: usize,
    /// How many of them lack nothing.
    pub covered: usize,
    pub gaps: Vec<CoverageGap>,
}

/// One asset and what its disclosure lacks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoverageGap {
    pub asset: String,
    pub symbol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
    /// The market cap an aggregator reports (CoinGecko first), in US dollars.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market_cap_usd: Option<f64>,
    /// Whether a descriptor records the disclosure at all.
    pub descriptor: bool,
    /// Whether the descriptor holds a circulation schedule (what `CIRC-PLAN` compares with).
    pub plan: bool,
    /// Whether the descriptor names non-circulating wallets.
    pub excluded_wallets: bool,
}

impl CoverageGap {
    fn of(asset: &AssetRecord) -> Self {
        let descriptor = asset.disclosure.as_ref().map(|d| &d.descriptor);
        let market_cap_usd = [Aggregator::Coingecko, Aggregator::Coinmarketcap]
            .into_iter()
            .find_map(|source| {
                asset
                    .aggregator_quotes
                    .iter()
                    .filter(|quote| quote.source == source)
                    .find_map(|quote| quote.market_cap_usd)
            });
        CoverageGap {
            asset: asset.id.clone(),
            symbol: asset.symbol.clone(),
            korean_name: asset.korean_name.clone(),
            market_cap_usd,
            descriptor: descriptor.is_some(),
            plan: descriptor
                .and_then(|d| d.plan.as_ref())
                .is_some_and(crate::inputs::asset::Plan::has_schedule),
            excluded_wallets: descriptor.is_some_and(|d| !d.excluded.is_empty()),
        }
    }

    fn lacks_anything(&self) -> bool {
        !(self.descriptor && self.plan && self.excluded_wallets)
    }
}

/// The coverage of a snapshot's listed assets: those that lack something, the largest market cap
/// first (an unknown cap last), then by symbol.
pub fn coverage(snapshot: &Snapshot) -> Coverage {
    let listed: Vec<&AssetRecord> = snapshot
        .assets
        .iter()
        .filter(|asset| !asset.candidate)
        .collect();
    let mut gaps: Vec<CoverageGap> = listed
        .iter()
        .map(|asset| CoverageGap::of(asset))
        .filter(CoverageGap::lacks_anything)
        .collect();
    gaps.sort_by(|a, b| {
        let cap = |gap: &CoverageGap| gap.market_cap_usd.unwrap_or(f64::NEG_INFINITY);
        cap(b)
            .total_cmp(&cap(a))
            .then_with(|| a.symbol.cmp(&b.symbol))
            .then_with(|| a.asset.cmp(&b.asset))
    });
    Coverage {
        schema: 1,
        listed: listed.len(),
        covered: listed.len() - gaps.len(),
        gaps,
    }
}
