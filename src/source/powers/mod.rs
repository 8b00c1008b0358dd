//! Who can change a token, read on its chain: EVM proxies, owners, minter roles and Safes
//! ([`evm`]), Solana mint and freeze authorities ([`solana`]). Etherscan's verification of the
//! source is [`super::etherscan::source_code`].
//!
//! Reads go in rounds, each one JSON-RPC batch (its `eth_call`s packed into Multicall3) for every
//! contract of a chain: first what the token says (proxy slots, `owner()`, role counts), then what
//! those addresses say (a ProxyAdmin's owner, each role member), then what every holder is (code
//! or none, a Safe's threshold). Every read that fails is an error naming the chain, the contract
//! and the call, and the powers it leaves undecided are named in the reading: never guessed.

pub mod evm;
pub mod solana;

use crate::address;
use crate::inputs::asset::ChainContract;
use crate::snapshot::powers::{ContractPowers, Platform, Power};

use super::Http;
use super::chain::{ChainError, check_address, check_source};
use super::jsonrpc::{RpcAnswer, RpcError};
use crate::inputs::config::settings::SourceKind;

/// The first JSON-RPC id of each round: far from the supply reads' (from 0), which go to the same
/// node at the same time, or in the same batches as the first round, so that no two calls of a
/// run name the same id.
pub const FIRST_IDS: [u64; 3] = [100_000, 200_000, 300_000];

/// What the chain answered about one contract's powers, and what went wrong reading it.
#[derive(Clone, Debug, PartialEq)]
pub struct PowersReading {
    pub powers: ContractPowers,
    /// Each failed read, once; `powers.unread` names what they leave undecided.
    pub errors: Vec<ChainError>,
    /// Things that could not be decided though nothing failed, for the snapshot's note.
    pub notes: Vec<String>,
}

impl PowersReading {
    fn new(contract: &ChainContract, platform: Platform) -> Self {
        PowersReading {
            powers: ContractPowers {
                chain: contract.chain.clone(),
                contract: contract.contract.clone(),
                platform,
                holders: Vec::new(),
                proxy: None,
                source: None,
                unread: Vec::new(),
            },
            errors: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A read failed: `error` is recorded, and `powers` are left undecided.
    fn failed(&mut self, error: ChainError, powers: &[Power]) {
        if !self.errors.contains(&error) {
            self.errors.push(error);
        }
        self.undecided(powers);
    }

    /// `powers` cannot be decided from what was read.
    fn undecided(&mut self, powers: &[Power]) {
        for power in powers {
            if !self.powers.unread.contains(power) {
                self.powers.unread.push(*power);
            }
        }
        self.powers.unread.sort();
    }

    /// Everything failed for one reason (an unknown chain, a bad address).
    fn failed_whole(contract: &ChainContract, platform: Platform, error: ChainError) -> Self {
        let mut reading = PowersReading::new(contract, platform);
        reading.failed(error, &[Power::Mint, Power::Upgrade, Power::Freeze]);
        reading
    }
}

/// Splits the contracts at `indexes` into those that cannot be read (the chain is no source of
/// `kind`, or the address is malformed), each with its failed reading, and those that can.
fn checked(
    http: &Http,
    chain: &str,
    contracts: &[ChainContract],
    indexes: Vec<usize>,
    platform: Platform,
) -> (Vec<(usize, PowersReading)>, Vec<usize>) {
    let (kind, format, what) = match platform {
        Platform::Evm => (SourceKind::Evm, &address::EVM, "contract address"),
        Platform::Solana => (SourceKind::Solana, &address::SOLANA, "mint address"),
    };
    let mut failed = Vec::new();
    let mut ready = Vec::new();
    for at in indexes {
        let contract = &contracts[at];
        let check = check_source(http, chain, kind)
            .and_then(|()| check_address(format, chain, &contract.contract, what));
        match check {
            Err(error) => failed.push((at, PowersReading::failed_whole(contract, platform, error))),
            Ok(()) => ready.push(at),
        }
    }
    (failed, ready)
}

/// A failed call as a chain error naming the contract and the call.
fn call_error(chain: &str, contract: &str, call: &str, cause: RpcError) -> ChainError {
    ChainError::Call {
        chain: chain.to_owned(),
        contract: contract.to_owned(),
        call: call.to_owned(),
        cause: Box::new(cause),
    }
}

/// An answer that arrived but does not say what it should.
fn malformed(chain: &str, contract: &str, call: &str, answer: &RpcAnswer) -> ChainError {
    ChainError::MalformedWord {
        chain: chain.to_owned(),
        contract: contract.to_owned(),
        call: call.to_owned(),
        detail: format!("`{}`", answer.result.get()),
    }
}
