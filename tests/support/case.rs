//! Rebuilt cases: a snapshot made from a descriptor of `assets/cases/` and the public record, so
//! that its provenance is readable code. Not a fetch: the chain's state of the day is not re-read,
//! so the measured figure is the one the public record gives, under the source that gave it.

use std::path::Path;
use std::sync::Arc;

use listingcheck::amount::Amount;
use listingcheck::exchange::Exchange;
use listingcheck::snapshot::{
    Aggregator, AggregatorQuote, AssetRecord, Disclosure, IdentifiedBy, Listing, Observed, Request,
    Snapshot,
};

/// The figure the public record gives for the asset, and which record gives it.
pub struct Figure {
    pub source: Aggregator,
    /// The source's id of the asset.
    pub id: &'static str,
    pub circulating: Option<u64>,
    pub total: Option<u64>,
    /// Index into [`Case::records`].
    pub record: usize,
}

/// One rebuilt case.
pub struct Case {
    pub descriptor: &'static str,
    /// The instant of the case (UTC); its Korean date is the as-of date.
    pub taken_at: &'static str,
    pub note: &'static str,
    /// The public record, one request each: an address and what it says.
    pub records: &'static [&'static str],
    /// Where the asset traded: exchange, market, quote currency, and the record that says so.
    pub listings: &'static [(Exchange, &'static str, &'static str, usize)],
    pub figure: Figure,
}

impl Case {
    /// The case snapshot: request 0 is the descriptor, request 1 + i the record i.
    pub fn build(&self) -> Snapshot {
        let loaded = listingcheck::inputs::asset::load(Path::new(self.descriptor))
            .unwrap_or_else(|error| panic!("{}: {error:?}", self.descriptor));
        let taken_at = self.taken_at.parse().unwrap();
        let request = |source: &str, endpoint: &str| {
            Arc::new(Request {
                source: source.into(),
                endpoint: endpoint.into(),
                fetched_at: taken_at,
                cache_age_secs: None,
            })
        };
        let mut requests = vec![request("disclosure", self.descriptor)];
        requests.extend(
            self.records
                .iter()
                .map(|record| request("public-record", record)),
        );
        let req = |record: usize| u32::try_from(record + 1).unwrap();
        let listings = self
            .listings
            .iter()
            .map(|&(exchange, market, quote, record)| Listing {
                exchange,
                market: market.into(),
                quote: quote.into(),
                req: req(record),
                ticker: None,
                flags: None,
                status: Vec::new(),
            })
            .collect::<Vec<_>>();
        let market_lists = listings
            .iter()
            .map(|listing| Observed {
                value: listing.exchange,
                req: listing.req,
            })
            .collect();
        let descriptor = loaded.descriptor;
        let identity = &descriptor.asset;
        let unobserved = AssetRecord::new(
            identity.id.clone(),
            identity.symbol.clone(),
            IdentifiedBy::Descriptor,
        );
        let asset = AssetRecord {
            name: Some(identity.name.clone()),
            korean_name: identity.korean_name.clone(),
            listings,
            aggregator_quotes: vec![AggregatorQuote {
                source: self.figure.source,
                id: self.figure.id.into(),
                circulating_supply: self.figure.circulating.map(Amount::from_whole),
                total_supply: self.figure.total.map(Amount::from_whole),
                max_supply: None,
                self_reported_circulating_supply: None,
                price_usd: None,
                market_cap_usd: None,
                volume_24h_usd: None,
                req: req(self.figure.record),
            }],
            disclosure: Some(Disclosure {
                sha256: loaded.sha256,
                descriptor,
                req: 0,
            }),
            ..unobserved
        };
        Snapshot {
            taken_at,
            sample: true,
            complete: true,
            note: Some(self.note.into()),
            tool: "tests/cases.rs".into(),
            requests,
            failures: vec![],
            market_lists,
            usd_krw: None,
            assets: vec![asset],
        }
    }
}
