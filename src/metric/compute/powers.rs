//! The powers metrics: whether one key can mint or upgrade the token, whether someone can freeze
//! its holders, whether its source is verified, and whether the chain agrees with what the issuer
//! disclosed about it.
//!
//! A power is judged per contract from what the snapshot read ([`ContractPowers`]): its holders,
//! nobody (with the reason), or unknown (with what is missing). Over an asset's contracts one key
//! anywhere is enough for `yes`; otherwise any unknown contract leaves the answer unknown.

use std::collections::BTreeSet;

use super::{Inputs, Outcome};
use crate::inputs::asset::{DeclaredHolder, HolderKind, Power};
use crate::message::{Arg, Message};
use crate::metric::Value;
use crate::snapshot::powers::{ContractPowers, Holder, Platform, Via};

/// Who holds one power over one contract.
enum Judged<'a> {
    Holders(Vec<&'a Holder>),
    /// Nobody can use the power, and why.
    Nobody(Message),
    /// What is missing to say.
    Unknown(Message),
}

/// A holder, in words: `key 0x…`, `Safe 3 of 5 0x…`, `renounced`.
fn holder_words(holder: &Holder, platform: Platform) -> Message {
    let address = Arg::code(holder.address.as_deref().unwrap_or_default());
    match holder.kind {
        HolderKind::Key => Message::new("holder-key").with("address", address),
        HolderKind::Multisig => Message::new(match platform {
            Platform::Evm => "holder-safe",
            Platform::Solana => "holder-spl-multisig",
        })
        .with("address", address)
        .with(
            "threshold",
            Arg::Count(i64::from(holder.threshold.unwrap_or(0))),
        )
        .with(
            "signers",
            Arg::Count(i64::from(holder.signers.unwrap_or(0))),
        ),
        HolderKind::Contract => Message::new("holder-contract").with("address", address),
        HolderKind::None if holder.address.is_some() => {
            Message::new("holder-renounced").with("address", address)
        }
        HolderKind::None => Message::new("holder-none"),
    }
}

fn via_words(via: Via) -> Message {
    Message::new(match via {
        Via::MintAuthority => "via-mint-authority",
        Via::FreezeAuthority => "via-freeze-authority",
        Via::Owner => "via-owner",
        Via::MinterRole => "via-minter-role",
        Via::ProxyAdmin => "via-proxy-admin",
        Via::ProxyAdminOwner => "via-proxy-admin-owner",
        Via::BeaconOwner => "via-beacon-owner",
    })
}

fn power_words(power: Power) -> Message {
    Message::new(match power {
        Power::Mint => "power-mint",
        Power::Upgrade => "power-upgrade",
        Power::Freeze => "power-freeze",
    })
}

/// `key 0x… (owner() of 0x… on ethereum)`.
fn holder_in_place(holder: &Holder, powers: &ContractPowers) -> Message {
    Message::new("holder-in-place")
        .with("holder", holder_words(holder, powers.platform))
        .with("via", via_words(holder.via))
        .with("contract", Arg::code(&powers.contract))
        .with("chain", Arg::code(&powers.chain))
}

fn on_contract(id: &'static str, powers: &ContractPowers) -> Message {
    Message::new(id)
        .with("contract", Arg::code(&powers.contract))
        .with("chain", Arg::code(&powers.chain))
}

/// Who holds `power` over the contract `powers` describes.
fn judge(powers: &ContractPowers, power: Power) -> Judged<'_> {
    if powers.unread.contains(&power) {
        return Judged::Unknown(
            on_contract("power-unread", powers).with("power", power_words(power)),
        );
    }
    let via = |wanted: &[Via]| -> Vec<&Holder> {
        powers
            .holders
            .iter()
            .filter(|holder| wanted.contains(&holder.via))
            .collect()
    };
    let candidates = match (powers.platform, power) {
        (Platform::Solana, Power::Mint) => via(&[Via::MintAuthority]),
        (Platform::Solana, Power::Freeze) => via(&[Via::FreezeAuthority]),
        (Platform::Solana, Power::Upgrade) => {
            return Judged::Nobody(Message::new("mint-not-upgradeable"));
        }
        (Platform::Evm, Power::Mint) => {
            let roles = via(&[Via::MinterRole]);
            let Some(abi) = abi_of(powers) else {
                // Members of a role named for minting can mint whatever the ABI says.
                if roles.iter().any(|holder| holder.kind == HolderKind::Key) {
                    return Judged::Holders(roles);
                }
                return Judged::Unknown(source_gap(powers));
            };
            if abi.mint.is_empty() {
                return Judged::Nobody(on_contract("no-mint-function", powers));
            }
            let mut candidates = roles;
            candidates.extend(via(&[Via::Owner]));
            candidates
        }
        (Platform::Evm, Power::Upgrade) => {
            let Some(proxy) = &powers.proxy else {
                return Judged::Nobody(on_contract("not-a-proxy", powers));
            };
            if proxy.upgrades_itself() {
                via(&[Via::Owner])
            } else {
                via(&[Via::ProxyAdmin, Via::ProxyAdminOwner, Via::BeaconOwner])
            }
        }
        (Platform::Evm, Power::Freeze) => {
            let Some(abi) = abi_of(powers) else {
                return Judged::Unknown(source_gap(powers));
            };
            if abi.freeze.is_empty() {
                return Judged::Nobody(on_contract("no-freeze-function", powers));
            }
            // Who may call them is not read: the functions are the power.
            return Judged::Holders(Vec::new());
        }
    };
    if candidates.is_empty() {
        return Judged::Unknown(
            on_contract("guard-unknown", powers).with("power", power_words(power)),
        );
    }
    if candidates
        .iter()
        .all(|holder| holder.kind == HolderKind::None)
    {
        let why: Vec<Message> = candidates
            .iter()
            .map(|holder| holder_in_place(holder, powers))
            .collect();
        return Judged::Nobody(Message::new("items-listed").with("items", why));
    }
    Judged::Holders(
        candidates
            .into_iter()
            .filter(|holder| holder.kind != HolderKind::None)
            .collect(),
    )
}

/// The answer over an asset's contracts: the decisive one when a contract gives it (one key
/// anywhere, one unverified source), else unknown when a contract cannot say, else the other.
fn settle(
    decisive: Option<(bool, Message)>,
    undecided: Option<Message>,
    otherwise: (bool, Message),
) -> Outcome {
    if let Some((value, why)) = decisive {
        return Ok((Value::Bool(value), why));
    }
    if let Some(why) = undecided {
        return Err(why);
    }
    Ok((Value::Bool(otherwise.0), otherwise.1))
}

/// Why who holds `power` is unknown, if anything is missing.
fn undecided(power: Power, gaps: Vec<Message>) -> Option<Message> {
    (!gaps.is_empty()).then(|| {
        Message::new("power-undecided")
            .with("power", power_words(power))
            .with("gaps", gaps)
    })
}

/// The verified ABI's powers, if the source is verified.
fn abi_of(powers: &ContractPowers) -> Option<&crate::snapshot::powers::AbiPowers> {
    powers
        .source
        .as_ref()
        .filter(|source| source.verified)?
        .abi
        .as_ref()
}

/// Why the ABI is not known: the source was not read, or it is not verified.
fn source_gap(powers: &ContractPowers) -> Message {
    match &powers.source {
        None => on_contract("source-unread", powers),
        Some(_) => on_contract("source-unverified", powers),
    }
}

impl<'a> Inputs<'a> {
    /// The powers read for the asset's contracts, or why there are none.
    fn contract_powers(&self) -> Result<&'a [ContractPowers], Message> {
        let disclosure = self.disclosure()?;
        if disclosure.descriptor.chains.is_empty() {
            return Err(Message::new("no-contract"));
        }
        if self.asset.powers.is_empty() {
            return Err(Message::new("powers-not-read"));
        }
        let asset: &'a crate::snapshot::AssetRecord = self.asset;
        Ok(&asset.powers)
    }

    fn cite_holder(&mut self, holder: &Holder, powers: &ContractPowers, power: Power) {
        self.cite(
            holder.req,
            Message::new("power-holder-of")
                .with("power", power_words(power))
                .with("via", via_words(holder.via))
                .with("contract", Arg::code(&powers.contract))
                .with("chain", Arg::code(&powers.chain)),
            holder_words(holder, powers.platform),
        );
    }

    /// `mint_authority_single_key` and `upgrade_authority_single_key`: whether one key holds
    /// `power` over any of the asset's contracts.
    pub(super) fn single_key(&mut self, power: Power) -> Outcome {
        let all = self.contract_powers()?;
        let mut keys = Vec::new();
        let mut others = Vec::new();
        let mut gaps = Vec::new();
        for powers in all {
            match judge(powers, power) {
                Judged::Holders(holders) => {
                    for holder in holders {
                        self.cite_holder(holder, powers, power);
                        let words = holder_in_place(holder, powers);
                        if holder.kind == HolderKind::Key {
                            keys.push(words);
                        } else {
                            others.push(words);
                        }
                    }
                }
                Judged::Nobody(why) => others.push(why),
                Judged::Unknown(why) => gaps.push(why),
            }
        }
        settle(
            (!keys.is_empty()).then(|| {
                let why = Message::new("single-key-holds").with("power", power_words(power));
                (true, why.with("holders", keys))
            }),
            undecided(power, gaps),
            (
                false,
                Message::new("no-single-key")
                    .with("power", power_words(power))
                    .with("holders", others),
            ),
        )
    }

    /// `freeze_authority`: whether anyone can freeze, pause or blacklist holders.
    pub(super) fn freeze_authority(&mut self) -> Outcome {
        let all = self.contract_powers()?;
        let mut can = Vec::new();
        let mut cannot = Vec::new();
        let mut gaps = Vec::new();
        for powers in all {
            match judge(powers, Power::Freeze) {
                Judged::Holders(holders) => {
                    for holder in &holders {
                        self.cite_holder(holder, powers, Power::Freeze);
                        can.push(holder_in_place(holder, powers));
                    }
                    if let Some(source) = &powers.source
                        && let Some(abi) = source.abi.as_ref().filter(|abi| !abi.freeze.is_empty())
                    {
                        let functions = Arg::codes(abi.freeze.iter().map(String::as_str));
                        self.cite(
                            source.req,
                            on_contract("freeze-functions-of", powers),
                            functions.clone(),
                        );
                        can.push(
                            on_contract("freeze-functions", powers).with("functions", functions),
                        );
                    }
                }
                Judged::Nobody(why) => cannot.push(why),
                Judged::Unknown(why) => gaps.push(why),
            }
        }
        settle(
            (!can.is_empty()).then(|| (true, Message::new("freeze-possible").with("holders", can))),
            undecided(Power::Freeze, gaps),
            (
                false,
                Message::new("freeze-impossible").with("reasons", cannot),
            ),
        )
    }

    /// `contract_source_verified`: every contract's source is verified (a Solana mint's token
    /// program counts as verified).
    pub(super) fn contract_source_verified(&mut self) -> Outcome {
        let all = self.contract_powers()?;
        let mut unverified = Vec::new();
        let mut verified = Vec::new();
        let mut gaps = Vec::new();
        for powers in all {
            let Some(source) = &powers.source else {
                gaps.push(on_contract("source-unread", powers));
                continue;
            };
            let name = Arg::code(source.name.as_deref().unwrap_or("?"));
            let words = match (powers.platform, source.verified) {
                (Platform::Solana, _) => {
                    on_contract("source-token-program", powers).with("name", name)
                }
                (Platform::Evm, true) => on_contract("source-verified", powers).with("name", name),
                (Platform::Evm, false) => on_contract("source-unverified", powers),
            };
            self.cite(
                source.req,
                on_contract("source-of", powers),
                Message::new(if source.verified {
                    "source-is-verified"
                } else {
                    "source-not-verified"
                }),
            );
            if source.verified {
                verified.push(words);
            } else {
                unverified.push(words);
            }
        }
        let listed = |items: Vec<Message>| Message::new("items-listed").with("items", items);
        settle(
            (!unverified.is_empty()).then(|| (false, listed(unverified))),
            (!gaps.is_empty()).then(|| listed(gaps)),
            (true, listed(verified)),
        )
    }

    /// `powers_match_disclosure`: every power the descriptor declares is held on its chain by
    /// exactly the declared holders.
    pub(super) fn powers_match_disclosure(&mut self) -> Outcome {
        let disclosure = self.disclosure()?;
        let req = disclosure.req;
        let declared = disclosure
            .descriptor
            .powers
            .as_ref()
            .ok_or_else(|| Message::new("no-powers-declared"))?;
        let source = declared.source.clone();
        let all = self.contract_powers()?;
        let groups: BTreeSet<(Power, &str)> = declared
            .holders
            .iter()
            .map(|holder| (holder.power, holder.chain.as_str()))
            .collect();
        let mut differences = Vec::new();
        let mut gaps = Vec::new();
        for (power, chain) in groups {
            let said: BTreeSet<Side> = declared
                .holders
                .iter()
                .filter(|holder| holder.power == power && holder.chain == chain)
                .map(Side::declared)
                .collect();
            let Some(powers) = all.iter().find(|powers| powers.chain == chain) else {
                gaps.push(Message::new("powers-chain-unread").with("chain", Arg::code(chain)));
                continue;
            };
            let seen: BTreeSet<Side> = match judge(powers, power) {
                Judged::Holders(holders) if holders.is_empty() => {
                    gaps.push(
                        on_contract("holder-unread", powers).with("power", power_words(power)),
                    );
                    continue;
                }
                Judged::Holders(holders) => {
                    for holder in &holders {
                        self.cite_holder(holder, powers, power);
                    }
                    holders.into_iter().map(Side::observed).collect()
                }
                Judged::Nobody(_) => BTreeSet::from([Side::nobody()]),
                Judged::Unknown(why) => {
                    gaps.push(why);
                    continue;
                }
            };
            if said != seen {
                let words = |sides: &BTreeSet<Side>| {
                    Arg::List(sides.iter().map(|side| Arg::from(side.words())).collect())
                };
                differences.push(
                    on_contract("powers-differ", powers)
                        .with("power", power_words(power))
                        .with("declared", words(&said))
                        .with("observed", words(&seen)),
                );
            }
        }
        self.cite(
            req,
            Message::new("powers-declared").with("source", Arg::code(&source)),
            Arg::count(declared.holders.len()),
        );
        settle(
            (!differences.is_empty()).then(|| {
                let why = Message::new("powers-disagree");
                (false, why.with("differences", differences))
            }),
            (!gaps.is_empty()).then(|| Message::new("powers-match-undecided").with("gaps", gaps)),
            (
                true,
                Message::new("powers-agree")
                    .with("count", Arg::count(declared.holders.len()))
                    .with("source", Arg::code(&source)),
            ),
        )
    }
}

/// One side's holder of a power, as compared: address (lowercase), kind and threshold.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Side {
    address: Option<String>,
    kind: HolderKind,
    threshold: Option<u32>,
}

impl Side {
    fn new(address: Option<&String>, kind: HolderKind, threshold: Option<u32>) -> Side {
        Side {
            address: address.map(|a| normalized(a)),
            kind,
            threshold,
        }
    }

    fn declared(holder: &DeclaredHolder) -> Side {
        Side::new(holder.address.as_ref(), holder.kind, holder.threshold)
    }

    fn observed(holder: &Holder) -> Side {
        Side::new(holder.address.as_ref(), holder.kind, holder.threshold)
    }

    fn nobody() -> Side {
        Side {
            address: None,
            kind: HolderKind::None,
            threshold: None,
        }
    }

    fn words(&self) -> Message {
        let address = Arg::code(self.address.clone().unwrap_or_default());
        match self.kind {
            HolderKind::Key => Message::new("holder-key").with("address", address),
            HolderKind::Multisig => Message::new("holder-multisig")
                .with("address", address)
                .with(
                    "threshold",
                    Arg::Count(i64::from(self.threshold.unwrap_or(0))),
                ),
            HolderKind::Contract => Message::new("holder-contract").with("address", address),
            HolderKind::None => Message::new("holder-none"),
        }
    }
}

/// EVM addresses compare without case; Solana's are case-sensitive base58.
fn normalized(address: &str) -> String {
    if address.starts_with("0x") || address.starts_with("0X") {
        address.to_ascii_lowercase()
    } else {
        address.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use crate::metric::{Metric, Value, compute};
    use crate::snapshot::Snapshot;

    /// A snapshot of one asset with an EVM contract and the given powers records.
    fn snapshot(powers: &serde_json::Value) -> Snapshot {
        serde_json::from_value(json!({
            "taken_at": "2026-11-20T00:00:00Z", "sample": false, "complete": true, "tool": "test",
            "requests": [{"source": "test", "endpoint": "test", "fetched_at": "2026-11-20T00:00:00Z"}],
            "assets": [{
                "id": "tok", "symbol": "TOK", "identified_by": "descriptor",
                "disclosure": {"sha256": "", "req": 0, "descriptor": {
                    "asset": {"id": "tok", "symbol": "TOK", "name": "Token"},
                    "chain": [{"chain": "ethereum", "contract": "0x01"}, {"chain": "base", "contract": "0x02"}]
                }},
                "powers": powers,
            }],
        }))
        .unwrap()
    }

    fn value(metric: Metric, powers: &serde_json::Value) -> Option<Value> {
        let snapshot = snapshot(powers);
        let as_of = jiff::civil::date(2026, 11, 20);
        compute(
            metric,
            &BTreeMap::new(),
            &snapshot,
            &snapshot.assets[0],
            as_of,
        )
        .value
    }

    fn contract(chain: &str, extra: serde_json::Value) -> serde_json::Value {
        let mut record = json!({"chain": chain, "contract": "0x01", "platform": "evm"});
        if let serde_json::Value::Object(fields) = extra {
            record.as_object_mut().unwrap().extend(fields);
        }
        record
    }

    #[test]
    fn a_proxy_that_upgrades_itself_is_upgraded_by_the_tokens_owner() {
        let uups = contract(
            "ethereum",
            json!({
                "proxy": {"implementation": "0x0a", "req": 0},
                "holders": [{"via": "owner", "address": "0x0b", "kind": "key", "req": 0}],
            }),
        );
        let plain = contract("base", json!({}));
        assert_eq!(
            value(Metric::UpgradeAuthoritySingleKey, &json!([uups, plain])),
            Some(Value::Bool(true))
        );
    }

    #[test]
    fn one_key_on_any_contract_is_enough_though_another_is_unknown() {
        let beacon = contract(
            "ethereum",
            json!({
                "proxy": {"beacon": "0x0c", "req": 0},
                "holders": [{"via": "beacon-owner", "address": "0x0d", "kind": "key", "req": 0}],
            }),
        );
        let unread = contract("base", json!({"unread": ["upgrade"]}));
        assert_eq!(
            value(
                Metric::UpgradeAuthoritySingleKey,
                &json!([beacon, unread.clone()])
            ),
            Some(Value::Bool(true))
        );
        let safe = contract(
            "ethereum",
            json!({
                "proxy": {"admin": "0x0e", "req": 0},
                "holders": [{"via": "proxy-admin-owner", "address": "0x0f", "kind": "multisig",
                             "threshold": 2, "signers": 3, "req": 0}],
            }),
        );
        assert_eq!(
            value(Metric::UpgradeAuthoritySingleKey, &json!([safe, unread])),
            None,
            "no key seen, one contract unread: unknown"
        );
    }

    #[test]
    fn a_verified_abi_without_a_mint_function_mints_nothing_whoever_owns_it() {
        let token = contract(
            "ethereum",
            json!({
                "holders": [{"via": "owner", "address": "0x0b", "kind": "key", "req": 0}],
                "source": {"verified": true, "abi": {"freeze": ["pause"]}, "req": 0},
            }),
        );
        let both = json!([
            token,
            contract(
                "base",
                json!({"source": {"verified": true, "abi": {}, "req": 0}})
            )
        ]);
        assert_eq!(
            value(Metric::MintAuthoritySingleKey, &both),
            Some(Value::Bool(false))
        );
        assert_eq!(
            value(Metric::FreezeAuthority, &both),
            Some(Value::Bool(true))
        );
        assert_eq!(
            value(Metric::ContractSourceVerified, &both),
            Some(Value::Bool(true))
        );
    }
}
