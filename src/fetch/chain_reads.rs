//! Chain reads: each descriptor contract's total supply and excluded-wallet balances, read on its
//! chain (EVM and Solana at once, Etherscan standing in for a failed EVM total supply), and given
//! to the asset the descriptor describes, with every error of a reading as a failure.

use std::collections::{BTreeMap, BTreeSet};

use super::descriptors::Described;
use super::failures::node_endpoint;
use super::{Fetch, Planned};
use crate::inputs::asset::ChainContract;
use crate::inputs::config::settings::SourceKind;
use crate::snapshot::ChainSupply;
use crate::source::chain::{TokenQuery, TokenReading};
use crate::source::packing::Shares;
use crate::source::{Http, SourceError, etherscan, evm, solana};

/// One contract of one descriptor, as read on its chain.
struct ChainRead {
    /// The descriptor's position among the fetch's descriptors.
    descriptor: usize,
    reading: TokenReading,
    /// Etherscan's answer, when the EVM total supply failed and Etherscan was asked instead.
    fallback: Option<Result<ChainSupply, SourceError>>,
}

/// The contracts of the descriptors in scope: those read on their chain, and those not read
/// because their chain source is disabled.
pub(super) struct ChainReads {
    reads: Vec<ChainRead>,
    /// (descriptor position, chain).
    disabled: Vec<(usize, String)>,
}

/// Reads every contract of the descriptors at `in_scope` on its chain. A chain source disabled in
/// the config is skipped, like a disabled exchange: reading again would not change it, so it is a
/// note, not a failure (the assets' on-chain metrics are then unknown).
pub(super) async fn read(
    http: &Http,
    descriptors: &[Described],
    in_scope: &[usize],
    shares: Shares,
) -> ChainReads {
    let (enabled, disabled): (Vec<_>, Vec<_>) = chain_jobs(descriptors, in_scope)
        .into_iter()
        .partition(|(_, query)| {
            http.settings(&query.contract.chain)
                .is_none_or(|settings| settings.enabled)
        });
    ChainReads {
        reads: read_chains(http, enabled, shares).await,
        disabled: disabled
            .into_iter()
            .map(|(at, query)| (at, query.contract.chain))
            .collect(),
    }
}

impl Fetch<'_> {
    /// Gives every asset its descriptor's chain reads, in asset order, and notes the contracts
    /// whose chain source is disabled.
    pub(super) fn attach_chain_reads(
        &mut self,
        plans: &mut [Planned<'_>],
        descriptors: &[Described],
        chains: ChainReads,
    ) {
        let plan_of = super::plan_of(plans);
        let mut reads: Vec<(usize, ChainRead)> = chains
            .reads
            .into_iter()
            .filter_map(|read| Some((*plan_of.get(descriptors[read.descriptor].id())?, read)))
            .collect();
        // In asset order, as the notes of Etherscan fallbacks are written.
        reads.sort_by_key(|(at, _)| *at);
        for (at, read) in reads {
            self.attach_chain_read(&mut plans[at], read);
        }
        let mut skipped: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (descriptor, chain) in &chains.disabled {
            if let Some(at) = plan_of.get(descriptors[*descriptor].id()) {
                skipped
                    .entry(chain.as_str())
                    .or_default()
                    .insert(plans[*at].record.id.as_str());
            }
        }
        for (chain, assets) in skipped {
            self.notes.push(format!(
                "The chain source `{chain}` is disabled in listingcheck.toml, so the on-chain supply of {} was not read.",
                assets.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }

    /// One contract's supply and wallet balances; every error of the reading is a failure, and
    /// so is a descriptor whose decimals disagree with the chain's.
    fn attach_chain_read(&mut self, plan: &mut Planned<'_>, read: ChainRead) {
        let http = self.http;
        let asset = std::slice::from_ref(&plan.record.id);
        let reading = read.reading;
        let chain = reading.chain.clone();
        let mismatch = reading.decimals_mismatch();
        let supply_error = reading.supply.as_ref().err().cloned();
        match (reading.supply, read.fallback) {
            (Ok(supply), _) => plan.record.chain_supplies.push(supply),
            (Err(error), Some(Ok(supply))) => {
                self.notes.push(format!(
                    "{error}; the total supply was read from Etherscan instead."
                ));
                plan.record.chain_supplies.push(supply);
            }
            (Err(error), Some(Err(fallback))) => {
                self.failures.chain_error(http, &chain, &error, asset);
                // Without its key Etherscan was no fallback; the node's failure says it all.
                if !matches!(fallback, SourceError::MissingKey { .. }) {
                    self.failures.source_error(http, &fallback, asset);
                }
            }
            (Err(error), None) => self.failures.chain_error(http, &chain, &error, asset),
        }
        // The decimals call fails on its own only when the supply did not fail the same way.
        if let Err(error) = &reading.chain_decimals
            && Some(error) != supply_error.as_ref()
        {
            self.failures.chain_error(http, &chain, error, asset);
        }
        if let (Some(mismatch), Some(described)) = (mismatch, plan.descriptor) {
            self.failures.add(
                &chain,
                &node_endpoint(http, &chain),
                format!(
                    "{chain}: contract {} reports {} decimals, but {} declares {}; amounts use the chain's {}. Correct `decimals` in the descriptor's [[chain]] entry",
                    reading.contract,
                    mismatch.on_chain,
                    described.shown,
                    mismatch.declared,
                    mismatch.on_chain
                ),
                asset,
            );
        }
        for balance in reading.balances {
            match balance {
                Ok(balance) => plan.record.wallet_balances.push(balance),
                Err(error) => self.failures.chain_error(http, &chain, &error, asset),
            }
        }
    }
}

/// One query per contract of each descriptor at the positions `which`, with the excluded wallets
/// on its chain, tagged with the descriptor's position.
fn chain_jobs(descriptors: &[Described], which: &[usize]) -> Vec<(usize, TokenQuery)> {
    which
        .iter()
        .map(|at| (*at, &descriptors[*at]))
        .flat_map(|(at, described)| {
            TokenQuery::of(&described.loaded.descriptor).map(move |query| (at, query))
        })
        .collect()
}

/// Whether a contract is read on a Solana source: its chain's kind says, and for an unknown or
/// misconfigured chain the address's shape picks the reader, which then says what is wrong.
pub(super) fn is_solana(http: &Http, contract: &ChainContract) -> bool {
    match http.settings(&contract.chain).map(|settings| settings.kind) {
        Some(SourceKind::Solana) => true,
        Some(SourceKind::Evm) => false,
        _ => !contract.contract.starts_with("0x"),
    }
}

/// Whether `chain` is configured as a Solana source.
pub(super) fn is_solana_source(http: &Http, chain: &str) -> bool {
    http.settings(chain)
        .is_some_and(|settings| settings.kind == SourceKind::Solana)
}

/// The chains the supply reads and the powers reads of the descriptors at `in_scope` both ask,
/// with a part of each in one shared send to each: configured chain sources that are enabled
/// (an unknown chain fails before anything is sent).
pub(super) fn shared_chains(
    http: &Http,
    descriptors: &[Described],
    in_scope: &[usize],
) -> (Shares, Shares) {
    let chains: BTreeSet<&str> = in_scope
        .iter()
        .flat_map(|at| &descriptors[*at].loaded.descriptor.chains)
        .map(|contract| contract.chain.as_str())
        .filter(|chain| {
            http.settings(chain)
                .is_some_and(|settings| settings.enabled)
        })
        .collect();
    Shares::pair(chains.into_iter().map(str::to_owned))
}

/// Reads every descriptor contract on its chain, EVM and Solana at once, and asks Etherscan for
/// each EVM total supply the node did not give (when Etherscan is enabled and the decimals are
/// known). One [`ChainRead`] per job, in job order.
async fn read_chains(
    http: &Http,
    jobs: Vec<(usize, TokenQuery)>,
    mut shares: Shares,
) -> Vec<ChainRead> {
    let (solana_jobs, evm_jobs): (Vec<_>, Vec<_>) = jobs
        .into_iter()
        .partition(|(_, query)| is_solana(http, &query.contract));
    let (evm_descriptors, evm_queries): (Vec<usize>, Vec<TokenQuery>) =
        evm_jobs.into_iter().unzip();
    let (solana_descriptors, solana_queries): (Vec<usize>, Vec<TokenQuery>) =
        solana_jobs.into_iter().unzip();
    let solana_shares = shares.split_off(|chain| is_solana_source(http, chain));
    let (evm_readings, solana_readings) = tokio::join!(
        evm::read_tokens(http, &evm_queries, shares),
        solana::read_tokens(http, &solana_queries, solana_shares)
    );
    let etherscan_on = http.enabled(etherscan::SOURCE);
    let fallbacks = futures::future::join_all(evm_queries.iter().zip(&evm_readings).map(
        |(query, reading)| async move {
            let decimals = reading
                .chain_decimals
                .as_ref()
                .ok()
                .copied()
                .or(query.contract.decimals);
            match (&reading.supply, decimals) {
                (Err(_), Some(decimals)) if etherscan_on => {
                    Some(etherscan::total_supply(http, &query.contract, decimals).await)
                }
                _ => None,
            }
        },
    ))
    .await;
    let evm = evm_descriptors
        .into_iter()
        .zip(evm_readings)
        .zip(fallbacks)
        .map(|((descriptor, reading), fallback)| ChainRead {
            descriptor,
            reading,
            fallback,
        });
    let solana =
        solana_descriptors
            .into_iter()
            .zip(solana_readings)
            .map(|(descriptor, reading)| ChainRead {
                descriptor,
                reading,
                fallback: None,
            });
    let mut reads: Vec<ChainRead> = evm.chain(solana).collect();
    reads.sort_by_key(|read| read.descriptor);
    reads
}
