//! The powers over Solana mints: the mint's account (`jsonParsed`) gives its `mintAuthority` and
//! `freezeAuthority` (null: nobody) and the token program that owns it; each authority's account
//! tells a plain wallet (owned by the System Program) from an SPL Token multisig (its `m` of `n`)
//! and from any other program's account (a Squads vault). Both rounds are account reads, packed
//! into `getMultipleAccounts` calls as the supply reads are ([`crate::source::solana`]).

use std::collections::BTreeSet;

use serde::Deserialize;

use super::{FIRST_IDS, PowersReading};
use crate::inputs::asset::ChainContract;
use crate::snapshot::powers::{Holder, HolderKind, Platform, Power, SourceCode, Via};
use crate::source::Http;
use crate::source::chain::ChainError;
use crate::source::chain::read_each_chain;
use crate::source::jsonrpc::RpcCall;
use crate::source::packing::{FirstSend, Shares, call_packed_from};
use crate::source::solana::{
    Account, BATCH_SIZE, MultipleAccounts, SYSTEM_PROGRAM, account_in, get_account_info,
};

/// A mint's `info`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MintInfo {
    mint_authority: Option<String>,
    freeze_authority: Option<String>,
}

/// An SPL Token multisig's `info`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MultisigInfo {
    num_required_signers: u32,
    num_valid_signers: u32,
}

/// Reads the authorities of every mint, each on the Solana source its `chain` names; each
/// chain's first round goes with another reader's calls where `shares` has a part for it
/// ([`Shares::none`]: alone). One reading per mint, in their order.
pub async fn read(http: &Http, mints: &[ChainContract], shares: Shares) -> Vec<PowersReading> {
    read_each_chain(
        mints,
        |contract| contract.chain.as_str(),
        shares,
        |chain, indexes, first_send| read_chain(http, chain, mints, indexes, first_send),
    )
    .await
}

async fn read_chain(
    http: &Http,
    chain: &str,
    mints: &[ChainContract],
    indexes: Vec<usize>,
    first_send: FirstSend,
) -> Vec<(usize, PowersReading)> {
    let (mut done, reading_now) = super::checked(http, chain, mints, indexes, Platform::Solana);
    if reading_now.is_empty() {
        return done;
    }
    // Round 1: the mints.
    let calls: Vec<RpcCall> = reading_now
        .iter()
        .map(|at| get_account_info(&mints[*at].contract))
        .collect();
    let answers = first_send
        .call_packed::<MultipleAccounts>(http, chain, &calls, BATCH_SIZE, FIRST_IDS[0])
        .await;
    // (mint index, via, authority or none, req)
    let mut found: Vec<(usize, Via, Option<String>, u32)> = Vec::new();
    let mut readings: Vec<(usize, PowersReading)> = Vec::new();
    for (at, answer) in reading_now.iter().zip(answers) {
        let mint = &mints[*at];
        let mut reading = PowersReading::new(mint, Platform::Solana);
        let call = "getAccountInfo";
        match account_in(chain, &mint.contract, call, answer) {
            Err(error) => reading.failed(error, &[Power::Mint, Power::Freeze]),
            Ok((None, _)) => reading.failed(
                ChainError::MalformedAmount {
                    chain: chain.to_owned(),
                    contract: mint.contract.clone(),
                    call: call.to_owned(),
                    detail: "no account at this address".to_owned(),
                },
                &[Power::Mint, Power::Freeze],
            ),
            Ok((Some(account), req)) => {
                let program = account.token_program();
                reading.powers.source = Some(SourceCode {
                    verified: program.is_some(),
                    name: Some(program.map_or(account.owner.clone(), str::to_owned)),
                    abi: None,
                    req,
                });
                let info = account
                    .token_info("mint")
                    .and_then(|info| serde_json::from_value::<MintInfo>(info.clone()).ok());
                match info {
                    Some(info) => {
                        found.push((*at, Via::MintAuthority, info.mint_authority, req));
                        found.push((*at, Via::FreezeAuthority, info.freeze_authority, req));
                    }
                    None => reading.failed(
                        ChainError::MalformedAmount {
                            chain: chain.to_owned(),
                            contract: mint.contract.clone(),
                            call: call.to_owned(),
                            detail: "the account is not a parsed token mint".to_owned(),
                        },
                        &[Power::Mint, Power::Freeze],
                    ),
                }
            }
        }
        readings.push((*at, reading));
    }
    // Round 2: the authorities.
    let authorities: Vec<String> = found
        .iter()
        .filter_map(|(_, _, authority, _)| authority.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let calls: Vec<RpcCall> = authorities.iter().map(|a| get_account_info(a)).collect();
    let answers =
        call_packed_from::<MultipleAccounts>(http, chain, &calls, BATCH_SIZE, FIRST_IDS[1]).await;
    for (at, via, authority, req) in found {
        let (_, reading) = readings
            .iter_mut()
            .find(|(index, _)| *index == at)
            .expect("every found authority has its mint's reading");
        let power = if via == Via::MintAuthority {
            Power::Mint
        } else {
            Power::Freeze
        };
        let Some(authority) = authority else {
            reading.powers.holders.push(Holder {
                via,
                address: None,
                kind: HolderKind::None,
                threshold: None,
                signers: None,
                req,
            });
            continue;
        };
        let position = authorities
            .iter()
            .position(|a| *a == authority)
            .expect("every authority was asked");
        let call = format!("getAccountInfo({authority})");
        // An authority of several powers was asked once: each reads its own copy of the answer.
        match account_in(chain, &mints[at].contract, &call, answers[position].clone()) {
            Err(error) => reading.failed(error, &[power]),
            Ok((None, _)) => {
                // No account: a key never funded, or an address a program derives; which one
                // cannot be told from the chain's answer.
                reading.undecided(&[power]);
                reading.notes.push(format!(
                    "{chain}: the {} of mint {} is {authority}, which has no account: a wallet never funded or a program-derived address, which listingcheck cannot tell apart.",
                    if power == Power::Mint { "mint authority" } else { "freeze authority" },
                    mints[at].contract
                ));
            }
            Ok((Some(account), req)) => {
                let (kind, threshold, signers) = kind_of(&account);
                reading.powers.holders.push(Holder {
                    via,
                    address: Some(authority),
                    kind,
                    threshold,
                    signers,
                    req,
                });
            }
        }
    }
    done.extend(readings);
    done
}

/// A wallet, an SPL multisig (with its `m` of `n`), or another program's account.
fn kind_of(account: &Account) -> (HolderKind, Option<u32>, Option<u32>) {
    if account.owner == SYSTEM_PROGRAM {
        return (HolderKind::Key, None, None);
    }
    if let Some(info) = account.token_info("multisig")
        && let Ok(info) = serde_json::from_value::<MultisigInfo>(info.clone())
    {
        return (
            HolderKind::Multisig,
            Some(info.num_required_signers),
            Some(info.num_valid_signers),
        );
    }
    (HolderKind::Contract, None, None)
}
