//! The powers over EVM tokens: the EIP-1967 proxy slots (`eth_getStorageAt`), the `owner()` of
//! the token and of its ProxyAdmin or beacon, the members of AccessControl's `MINTER_ROLE` where
//! the roles can be enumerated, and for every holder whether it has code (`eth_getCode`) and, for
//! a Safe, its threshold and owners.
//!
//! A call that reverts or answers nothing says the contract lacks the function (no `owner()`, no
//! enumerable roles, not a Safe); only a failure of the node is an error.

use std::collections::{BTreeSet, HashMap};

use ruint::aliases::U256;
use serde_json::json;

use super::{FIRST_IDS, PowersReading, call_error, malformed};
use crate::inputs::asset::ChainContract;
use crate::snapshot::powers::{Holder, HolderKind, Platform, Power, Proxy, Via};
use crate::source::Http;
use crate::source::chain::read_each_chain;
use crate::source::evm::BATCH_SIZE;
use crate::source::jsonrpc::{RpcAnswer, RpcCall, RpcError};
use crate::source::multicall::Multicall3;
use crate::source::packing::{FirstSend, Shares};

/// EIP-1967's slots: `bytes32(uint256(keccak256('eip1967.proxy.<name>')) - 1)`.
pub const IMPLEMENTATION_SLOT: &str =
    "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
pub const ADMIN_SLOT: &str = "0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103";
pub const BEACON_SLOT: &str = "0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50";

/// `owner()`.
pub const OWNER: &str = "0x8da5cb5b";
/// `getRoleMemberCount(bytes32)`.
pub const GET_ROLE_MEMBER_COUNT: &str = "0xca15c873";
/// `getRoleMember(bytes32,uint256)`.
pub const GET_ROLE_MEMBER: &str = "0x9010d07c";
/// `keccak256("MINTER_ROLE")`, OpenZeppelin's name for the role that mints.
pub const MINTER_ROLE: &str = "9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6";
/// Safe's `getThreshold()`.
pub const GET_THRESHOLD: &str = "0xe75235b8";
/// Safe's `getOwners()`.
pub const GET_OWNERS: &str = "0xa0e67e2b";

/// Role members read at most: a role held by more accounts than this is read in part, and says
/// so.
const MAX_ROLE_MEMBERS: usize = 10;

/// Reads the powers over every token, each on the EVM source its `chain` names; each chain's
/// first round goes with another reader's calls where `shares` has a part for it
/// ([`Shares::none`]: alone). One reading per contract, in their order.
pub async fn read(http: &Http, contracts: &[ChainContract], shares: Shares) -> Vec<PowersReading> {
    read_each_chain(
        contracts,
        |contract| contract.chain.as_str(),
        shares,
        |chain, indexes, first_send| read_chain(http, chain, contracts, indexes, first_send),
    )
    .await
}

/// The calls of one round on one chain, sent together: the `eth_call`s packed into Multicall3,
/// the others (`eth_getStorageAt`, `eth_getCode`) beside them in the same batches.
#[derive(Default)]
struct Round {
    calls: Vec<RpcCall>,
}

/// Where a call of a round stands.
#[derive(Clone, Copy)]
struct Slot(usize);

impl Round {
    fn plain(&mut self, method: &'static str, params: serde_json::Value) -> Slot {
        self.calls.push(RpcCall { method, params });
        Slot(self.calls.len() - 1)
    }

    fn call(&mut self, to: &str, data: &str) -> Slot {
        self.plain("eth_call", json!([{ "to": to, "data": data }, "latest"]))
    }

    /// Sends the round's calls as `send` says, with ids from `first_id` on.
    async fn send(self, http: &Http, chain: &str, send: FirstSend, first_id: u64) -> Answered {
        Answered(
            send.call_packed::<Multicall3>(http, chain, &self.calls, BATCH_SIZE, first_id)
                .await,
        )
    }
}

struct Answered(Vec<Result<RpcAnswer, RpcError>>);

impl Answered {
    fn get(&self, slot: Slot) -> &Result<RpcAnswer, RpcError> {
        &self.0[slot.0]
    }
}

/// What a call told.
enum Told {
    /// The returned data (a storage word, code, a call's return data), as bytes.
    Data(Vec<u8>, u32),
    /// The call reverted: the contract lacks the function.
    Reverted,
    /// The node failed.
    Failed(RpcError),
    /// The answer is not hex data.
    Malformed,
}

fn told(answer: &Result<RpcAnswer, RpcError>) -> Told {
    match answer {
        Ok(answer) => {
            let text: Option<String> = serde_json::from_str(answer.result.get()).ok();
            match text
                .as_deref()
                .and_then(|text| text.strip_prefix("0x"))
                .and_then(crate::source::multicall::unhex)
            {
                Some(bytes) => Told::Data(bytes, answer.req),
                None => Told::Malformed,
            }
        }
        Err(error) if error.is_revert() => Told::Reverted,
        Err(error) => Told::Failed(error.clone()),
    }
}

/// The error of a call whose answer told nothing usable: the node's failure, or the answer as
/// malformed.
fn failure(
    chain: &str,
    contract: &str,
    call: &str,
    answer: &Result<RpcAnswer, RpcError>,
) -> crate::source::chain::ChainError {
    match answer {
        Ok(answer) => malformed(chain, contract, call, answer),
        Err(cause) => call_error(chain, contract, call, cause.clone()),
    }
}

/// The address in the low 20 bytes of a 32-byte word, `None` for zero; `Err` if it is no word.
fn address_in(word: &[u8]) -> Result<Option<String>, ()> {
    if word.len() != 32 || word[..12].iter().any(|b| *b != 0) {
        return Err(());
    }
    if word.iter().all(|b| *b == 0) {
        return Ok(None);
    }
    Ok(Some(format!("0x{}", hex(&word[12..]))))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// A small uint256 word as a count; `None` if it is no word or too large.
fn count_in(word: &[u8]) -> Option<u64> {
    (word.len() == 32)
        .then(|| U256::from_be_slice(word))?
        .try_into()
        .ok()
}

/// `getOwners()`'s array length: the offset word, then the length.
fn array_length(data: &[u8]) -> Option<u64> {
    let offset = usize::try_from(count_in(data.get(..32)?)?).ok()?;
    count_in(data.get(offset..offset.checked_add(32)?)?)
}

const ZERO_ADDRESS: &str = "0x0000000000000000000000000000000000000000";

/// One token being read.
struct Token<'c> {
    at: usize,
    contract: &'c ChainContract,
    reading: PowersReading,
}

/// A holder found, before what it is has been read.
struct Found {
    via: Via,
    address: String,
    /// The answer that named it.
    req: u32,
}

async fn read_chain(
    http: &Http,
    chain: &str,
    contracts: &[ChainContract],
    indexes: Vec<usize>,
    first_send: FirstSend,
) -> Vec<(usize, PowersReading)> {
    let (mut done, ready) = super::checked(http, chain, contracts, indexes, Platform::Evm);
    let mut tokens: Vec<Token<'_>> = ready
        .into_iter()
        .map(|at| Token {
            at,
            contract: &contracts[at],
            reading: PowersReading::new(&contracts[at], Platform::Evm),
        })
        .collect();
    if tokens.is_empty() {
        return done;
    }

    // Round 1: what the token says.
    let mut first = Round::default();
    let asked: Vec<[Slot; 5]> = tokens
        .iter()
        .map(|token| {
            let address = token.contract.contract.as_str();
            let slot = |round: &mut Round, slot: &str| {
                round.plain("eth_getStorageAt", json!([address, slot, "latest"]))
            };
            [
                slot(&mut first, IMPLEMENTATION_SLOT),
                slot(&mut first, ADMIN_SLOT),
                slot(&mut first, BEACON_SLOT),
                first.call(address, OWNER),
                first.call(address, &format!("{GET_ROLE_MEMBER_COUNT}{MINTER_ROLE}")),
            ]
        })
        .collect();
    let answered = first.send(http, chain, first_send, FIRST_IDS[0]).await;
    let mut found: Vec<Vec<Found>> = tokens.iter().map(|_| Vec::new()).collect();
    let mut members: Vec<u64> = vec![0; tokens.len()];
    for ((token, slots), (found, members)) in tokens
        .iter_mut()
        .zip(&asked)
        .zip(found.iter_mut().zip(members.iter_mut()))
    {
        read_first_round(chain, token, slots, &answered, found, members);
    }

    // Round 2: what the proxy's admin and beacon, and the role, say.
    let mut second = Round::default();
    let mut asked_second: Vec<(usize, Via, String, Slot)> = Vec::new();
    let mut notes = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        if let Some(proxy) = &token.reading.powers.proxy {
            for (via, address) in [
                (Via::ProxyAdminOwner, &proxy.admin),
                (Via::BeaconOwner, &proxy.beacon),
            ] {
                if let Some(address) = address {
                    let slot = second.call(address, OWNER);
                    asked_second.push((index, via, address.clone(), slot));
                }
            }
        }
        let count = usize::try_from(members[index]).unwrap_or(usize::MAX);
        for member in 0..count.min(MAX_ROLE_MEMBERS) {
            let slot = second.call(
                &token.contract.contract,
                &format!("{GET_ROLE_MEMBER}{MINTER_ROLE}{member:064x}"),
            );
            asked_second.push((index, Via::MinterRole, String::new(), slot));
        }
        if count > MAX_ROLE_MEMBERS {
            notes.push((
                index,
                format!(
                    "{chain}: {} has {count} MINTER_ROLE members; the first {MAX_ROLE_MEMBERS} were read.",
                    token.contract.contract
                ),
            ));
        }
    }
    for (index, note) in notes {
        tokens[index].reading.notes.push(note);
    }
    let answered = second
        .send(http, chain, FirstSend::Alone, FIRST_IDS[1])
        .await;
    for (index, via, address, slot) in asked_second {
        let token = &mut tokens[index];
        read_second(
            chain,
            token,
            via,
            address,
            &answered,
            slot,
            &mut found[index],
        );
    }

    // Round 3: what every holder is.
    let addresses: BTreeSet<String> = found
        .iter()
        .flatten()
        .map(|found| found.address.clone())
        .filter(|address| address != ZERO_ADDRESS)
        .collect();
    let mut third = Round::default();
    let kinds_asked: HashMap<String, [Slot; 3]> = addresses
        .iter()
        .map(|address| {
            let slots = [
                third.plain("eth_getCode", json!([address, "latest"])),
                third.call(address, GET_THRESHOLD),
                third.call(address, GET_OWNERS),
            ];
            (address.clone(), slots)
        })
        .collect();
    let answered = third
        .send(http, chain, FirstSend::Alone, FIRST_IDS[2])
        .await;
    for (token, found) in tokens.iter_mut().zip(found) {
        for holder in found {
            let kind = if holder.address == ZERO_ADDRESS {
                Ok((HolderKind::None, None, None, holder.req))
            } else {
                kind_of(&answered, kinds_asked[&holder.address])
            };
            match kind {
                Ok((kind, threshold, signers, req)) => {
                    token.reading.powers.holders.push(Holder {
                        via: holder.via,
                        address: Some(holder.address),
                        kind,
                        threshold,
                        signers,
                        req,
                    });
                }
                Err(slot) => {
                    let call = format!("what {} is (eth_getCode, Safe)", holder.address);
                    let error = failure(chain, &token.contract.contract, &call, answered.get(slot));
                    token.reading.failed(error, powers_of(holder.via));
                }
            }
        }
        token
            .reading
            .powers
            .holders
            .sort_by(|a, b| (a.via, &a.address).cmp(&(b.via, &b.address)));
        token.reading.powers.holders.dedup();
    }
    done.extend(tokens.into_iter().map(|token| (token.at, token.reading)));
    done
}

/// The powers a holder found by `via` may hold, which its failed read leaves undecided.
fn powers_of(via: Via) -> &'static [Power] {
    match via {
        Via::Owner => &[Power::Mint, Power::Upgrade],
        Via::MinterRole | Via::MintAuthority => &[Power::Mint],
        Via::FreezeAuthority => &[Power::Freeze],
        Via::ProxyAdmin | Via::ProxyAdminOwner | Via::BeaconOwner => &[Power::Upgrade],
    }
}

/// The proxy slots, the token's owner and its role count.
fn read_first_round(
    chain: &str,
    token: &mut Token<'_>,
    slots: &[Slot; 5],
    answered: &Answered,
    found: &mut Vec<Found>,
    members: &mut u64,
) {
    let contract = token.contract.contract.clone();
    let reading = &mut token.reading;
    // The proxy slots.
    let mut proxy = Proxy {
        implementation: None,
        admin: None,
        beacon: None,
        req: 0,
    };
    let mut slots_read = true;
    for (slot, (name, target)) in slots[..3].iter().zip([
        ("implementation", &mut proxy.implementation),
        ("admin", &mut proxy.admin),
        ("beacon", &mut proxy.beacon),
    ]) {
        let call = format!("eth_getStorageAt({name} slot)");
        let answer = answered.get(*slot);
        let read = match told(answer) {
            Told::Data(word, req) => address_in(&word).map(|address| (address, req)).ok(),
            _ => None,
        };
        match (read, answer) {
            (Some((address, req)), _) => {
                *target = address;
                proxy.req = req;
            }
            (None, Ok(answer)) => {
                reading.failed(
                    malformed(chain, &contract, &call, answer),
                    &[Power::Upgrade],
                );
                slots_read = false;
            }
            (None, Err(cause)) => {
                let error = call_error(chain, &contract, &call, cause.clone());
                reading.failed(error, &[Power::Upgrade]);
                slots_read = false;
            }
        }
    }
    if slots_read
        && (proxy.implementation.is_some() || proxy.admin.is_some() || proxy.beacon.is_some())
    {
        reading.powers.proxy = Some(proxy);
    }
    // The owner: none when the token has no owner().
    match told(answered.get(slots[3])) {
        Told::Data(word, req) => {
            if let Ok(address) = address_in(&word) {
                found.push(Found {
                    via: Via::Owner,
                    address: address.unwrap_or_else(|| ZERO_ADDRESS.to_owned()),
                    req,
                });
            }
        }
        Told::Reverted | Told::Malformed => {}
        Told::Failed(cause) => reading.failed(
            call_error(chain, &contract, "owner()", cause),
            &[Power::Mint, Power::Upgrade],
        ),
    }
    // The minter role's members: none when the roles cannot be enumerated.
    match told(answered.get(slots[4])) {
        Told::Data(word, _) => *members = count_in(&word).unwrap_or(0),
        Told::Reverted | Told::Malformed => {}
        Told::Failed(cause) => reading.failed(
            call_error(chain, &contract, "getRoleMemberCount(MINTER_ROLE)", cause),
            &[Power::Mint],
        ),
    }
}

/// A ProxyAdmin's or beacon's owner, or a role member.
fn read_second(
    chain: &str,
    token: &mut Token<'_>,
    via: Via,
    address: String,
    answered: &Answered,
    slot: Slot,
    found: &mut Vec<Found>,
) {
    let contract = token.contract.contract.clone();
    match (told(answered.get(slot)), via) {
        (Told::Data(word, req), Via::MinterRole) => match address_in(&word) {
            Ok(Some(member)) => found.push(Found {
                via,
                address: member,
                req,
            }),
            _ => {
                let answer = answered
                    .get(slot)
                    .as_ref()
                    .expect("data came from an answer");
                let call = "getRoleMember(MINTER_ROLE)";
                token
                    .reading
                    .failed(malformed(chain, &contract, call, answer), &[Power::Mint]);
            }
        },
        (Told::Data(word, req), _) => match address_in(&word) {
            Ok(owner) => found.push(Found {
                via,
                address: owner.unwrap_or_else(|| ZERO_ADDRESS.to_owned()),
                req,
            }),
            // Empty data: the admin is a key, or a contract without owner(); it holds the
            // power itself.
            Err(()) => found.push(Found {
                via: own_holder(via),
                address,
                req,
            }),
        },
        (Told::Reverted | Told::Malformed, Via::MinterRole) => {
            let error = failure(
                chain,
                &contract,
                "getRoleMember(MINTER_ROLE)",
                answered.get(slot),
            );
            token.reading.failed(error, &[Power::Mint]);
        }
        (Told::Reverted | Told::Malformed, _) => {
            let req = answered.get(slot).as_ref().map_or(
                token.reading.powers.proxy.as_ref().map_or(0, |p| p.req),
                |a| a.req,
            );
            found.push(Found {
                via: own_holder(via),
                address,
                req,
            });
        }
        (Told::Failed(cause), _) => {
            let call = format!("owner() of {address}");
            token
                .reading
                .failed(call_error(chain, &contract, &call, cause), powers_of(via));
        }
    }
}

/// How an admin or beacon without an `owner()` holds the power: itself.
fn own_holder(via: Via) -> Via {
    match via {
        Via::ProxyAdminOwner => Via::ProxyAdmin,
        other => other,
    }
}

/// What a holder is, from its code and, if it has code, Safe's `getThreshold()` and
/// `getOwners()`: kind, threshold, signers and the request that told. `Err` names the call whose
/// answer told nothing usable.
#[allow(clippy::type_complexity)]
fn kind_of(
    answered: &Answered,
    slots: [Slot; 3],
) -> Result<(HolderKind, Option<u32>, Option<u32>, u32), Slot> {
    let (code, code_req) = match told(answered.get(slots[0])) {
        Told::Data(code, req) => (code, req),
        Told::Failed(_) | Told::Reverted | Told::Malformed => return Err(slots[0]),
    };
    if code.is_empty() {
        return Ok((HolderKind::Key, None, None, code_req));
    }
    let threshold = match told(answered.get(slots[1])) {
        Told::Data(word, req) => count_in(&word)
            .and_then(|t| u32::try_from(t).ok())
            .map(|t| (t, req)),
        Told::Failed(_) => return Err(slots[1]),
        Told::Reverted | Told::Malformed => None,
    };
    let signers = match told(answered.get(slots[2])) {
        Told::Data(data, _) => array_length(&data).and_then(|n| u32::try_from(n).ok()),
        Told::Failed(_) => return Err(slots[2]),
        Told::Reverted | Told::Malformed => None,
    };
    Ok(match (threshold, signers) {
        (Some((threshold, req)), Some(signers)) if threshold > 0 => {
            (HolderKind::Multisig, Some(threshold), Some(signers), req)
        }
        _ => (HolderKind::Contract, None, None, code_req),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_the_low_twenty_bytes_of_a_word() {
        let mut word = vec![0u8; 32];
        assert_eq!(address_in(&word), Ok(None));
        word[31] = 0xab;
        assert_eq!(
            address_in(&word),
            Ok(Some(
                "0x00000000000000000000000000000000000000ab".to_owned()
            ))
        );
        word[0] = 1;
        assert_eq!(address_in(&word), Err(()));
        assert_eq!(address_in(&[]), Err(()));
    }

    #[test]
    fn get_owners_answers_an_array_whose_length_is_the_signers() {
        let mut data = vec![0u8; 64 + 32 * 5];
        data[31] = 0x20;
        data[63] = 5;
        assert_eq!(array_length(&data), Some(5));
        assert_eq!(array_length(&data[..40]), None);
    }
}
