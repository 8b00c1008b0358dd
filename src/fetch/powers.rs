//! The powers over each descriptor contract: who can mint, upgrade or freeze it, read on its
//! chain ([`crate::source::powers`]), and whether its source is verified (Etherscan's
//! `getsourcecode`, of a proxy's implementation too), given to the asset the descriptor describes
//! with every error of a reading as a failure.
//!
//! Etherscan without its key is skipped, like CoinMarketCap: a note, not a failure, and the
//! metrics that need the source say `unknown`.

use std::collections::HashMap;

use super::chain_reads::{is_solana, is_solana_source};
use super::descriptors::Described;
use super::{Fetch, Planned};
use crate::snapshot::powers::{AbiPowers, Platform, SourceCode};
use crate::source::packing::Shares;
use crate::source::powers::{PowersReading, evm, solana};
use crate::source::{Http, SourceError, etherscan};

/// One contract's powers, with the descriptor it came from and what Etherscan said.
pub(super) struct PowersRead {
    descriptor: usize,
    reading: PowersReading,
    /// Errors of Etherscan, other than a missing key.
    source_errors: Vec<SourceError>,
}

/// The powers read for the descriptors in scope, and whether Etherscan was skipped for want of
/// its key.
pub(super) struct PowersReads {
    reads: Vec<PowersRead>,
    etherscan_without_key: Option<String>,
}

/// Reads the powers over every contract of the descriptors at `in_scope` whose chain source is
/// enabled (a disabled one is noted by the chain reads).
pub(super) async fn read(
    http: &Http,
    descriptors: &[Described],
    in_scope: &[usize],
    mut shares: Shares,
) -> PowersReads {
    let jobs: Vec<(usize, crate::inputs::asset::ChainContract)> = in_scope
        .iter()
        .flat_map(|at| {
            descriptors[*at]
                .loaded
                .descriptor
                .chains
                .iter()
                .map(move |contract| (*at, contract.clone()))
        })
        .filter(|(_, contract)| {
            http.settings(&contract.chain)
                .is_none_or(|settings| settings.enabled)
        })
        .collect();
    let (solana_jobs, evm_jobs): (Vec<_>, Vec<_>) = jobs
        .into_iter()
        .partition(|(_, contract)| is_solana(http, contract));
    let (evm_at, evm_contracts): (Vec<usize>, Vec<_>) = evm_jobs.into_iter().unzip();
    let (solana_at, solana_mints): (Vec<usize>, Vec<_>) = solana_jobs.into_iter().unzip();
    let solana_shares = shares.split_off(|chain| is_solana_source(http, chain));
    let (evm_readings, solana_readings) = tokio::join!(
        evm::read(http, &evm_contracts, shares),
        solana::read(http, &solana_mints, solana_shares)
    );
    let etherscan_on = http.enabled(etherscan::SOURCE);
    let sources = futures::future::join_all(
        evm_readings
            .iter()
            .map(|reading| verified_source(http, reading, etherscan_on)),
    )
    .await;
    let mut etherscan_without_key = None;
    let mut reads = Vec::new();
    for ((descriptor, mut reading), source) in evm_at.into_iter().zip(evm_readings).zip(sources) {
        let mut source_errors = Vec::new();
        match source {
            Some(Ok(source)) => reading.powers.source = Some(source),
            Some(Err(SourceError::MissingKey { variable, .. })) => {
                etherscan_without_key = Some(variable);
            }
            Some(Err(error)) => source_errors.push(error),
            None => {}
        }
        reads.push(PowersRead {
            descriptor,
            reading,
            source_errors,
        });
    }
    reads.extend(
        solana_at
            .into_iter()
            .zip(solana_readings)
            .map(|(descriptor, reading)| PowersRead {
                descriptor,
                reading,
                source_errors: Vec::new(),
            }),
    );
    reads.sort_by_key(|read| read.descriptor);
    PowersReads {
        reads,
        etherscan_without_key,
    }
}

/// Etherscan's word on the token's source, and on its implementation's when it is a proxy: the
/// implementation's ABI says what the token can do, and both must be verified. `None` when
/// Etherscan is disabled.
async fn verified_source(
    http: &Http,
    reading: &PowersReading,
    etherscan_on: bool,
) -> Option<Result<SourceCode, SourceError>> {
    if !etherscan_on || reading.powers.platform != Platform::Evm {
        return None;
    }
    let chain = &reading.powers.chain;
    let token = match etherscan::source_code(http, chain, &reading.powers.contract).await {
        Ok(token) => token,
        Err(error) => return Some(Err(error)),
    };
    let implementation = reading
        .powers
        .proxy
        .as_ref()
        .and_then(|proxy| proxy.implementation.clone())
        .or_else(|| token.implementation.clone());
    let behind = match implementation {
        Some(address) => match etherscan::source_code(http, chain, &address).await {
            Ok(behind) => Some(behind),
            Err(error) => return Some(Err(error)),
        },
        None => None,
    };
    let (code, verified) = match &behind {
        Some(behind) => (behind, token.verified && behind.verified),
        None => (&token, token.verified),
    };
    Some(Ok(SourceCode {
        verified,
        name: code.name.clone(),
        abi: code
            .abi
            .as_deref()
            .filter(|_| verified)
            .and_then(AbiPowers::of_abi),
        req: code.req,
    }))
}

impl Fetch<'_> {
    /// Gives every asset the powers over its descriptor's contracts, in asset order; every error
    /// is a failure naming the asset.
    pub(super) fn attach_powers(
        &mut self,
        plans: &mut [Planned<'_>],
        descriptors: &[Described],
        powers: PowersReads,
    ) {
        let http = self.http;
        let plan_of: HashMap<&str, usize> = plans
            .iter()
            .enumerate()
            .filter_map(|(at, plan)| Some((plan.descriptor?.id(), at)))
            .collect();
        let mut used_etherscan = false;
        for read in powers.reads {
            let Some(at) = plan_of.get(descriptors[read.descriptor].id()) else {
                continue;
            };
            let plan = &mut plans[*at];
            let asset = std::slice::from_ref(&plan.record.id);
            let chain = read.reading.powers.chain.clone();
            for error in &read.reading.errors {
                self.failures.chain_error(http, &chain, error, asset);
            }
            for error in &read.source_errors {
                self.failures.source_error(http, error, asset);
            }
            used_etherscan |= read.reading.powers.platform == Platform::Evm;
            self.notes.extend(read.reading.notes);
            plan.record.powers.push(read.reading.powers);
        }
        if let (Some(variable), true) = (powers.etherscan_without_key, used_etherscan) {
            self.notes.push(format!(
                "Etherscan was not asked whether the EVM contracts' sources are verified: it needs an API key in the environment variable {variable}, which is not set; contract_source_verified, freeze_authority and the mint powers that depend on the ABI are unknown."
            ));
        }
    }
}
