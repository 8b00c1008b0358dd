//! The issuers' own supply figures: each descriptor's `supply_url`, read through the `issuer`
//! source and given to its asset as a quote of the issuer ([`Aggregator::Issuer`]), which
//! `issuer_claim_excess` compares with the plan and `circulation_reported_gap` with what the chain
//! shows.

use super::descriptors::Described;
use super::{Fetch, Planned};
use crate::amount::Amount;
use crate::snapshot::{Aggregator, AggregatorQuote, Observed};
use crate::source::{Http, SourceError, issuer};

/// Each descriptor's figure, or why there is none, by the descriptor's asset id.
pub(super) type IssuerReads<'d> = Vec<(&'d str, Result<Observed<Amount>, SourceError>)>;

/// Reads the `supply_url` of every descriptor at `in_scope` that names one; none when the
/// `issuer` source is disabled.
pub(super) async fn read<'d>(
    http: &Http,
    descriptors: &'d [Described],
    in_scope: &[usize],
) -> IssuerReads<'d> {
    if !http.enabled(issuer::SOURCE) {
        return Vec::new();
    }
    let reads = in_scope.iter().filter_map(|at| {
        let described = &descriptors[*at];
        let url = described.loaded.descriptor.asset.supply_url.as_deref()?;
        Some(async move { (described.id(), issuer::circulating_supply(http, url).await) })
    });
    futures::future::join_all(reads).await
}

impl Fetch<'_> {
    /// Gives every asset its issuer's figure; a figure that could not be read is a failure.
    pub(super) fn attach_issuer_figures(&mut self, plans: &mut [Planned<'_>], reads: IssuerReads) {
        let plan_of = super::plan_of(plans);
        for (id, read) in reads {
            // A descriptor whose symbol no market list had is not in the snapshot.
            let Some(&at) = plan_of.get(id) else {
                continue;
            };
            match read {
                Ok(figure) => {
                    let quote = AggregatorQuote::circulating_only(
                        Aggregator::Issuer,
                        id,
                        figure.value,
                        figure.req,
                    );
                    plans[at].record.aggregator_quotes.push(quote);
                }
                Err(error) => {
                    let asset = plans[at].record.id.clone();
                    self.failures.source_error(self.http, &error, &[asset]);
                }
            }
        }
    }
}
