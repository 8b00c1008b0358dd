//! Who can change a token: the holders of its mint, upgrade and freeze powers, and its source
//! code's verification, as read on its chain and from Etherscan.
//!
//! The snapshot records what was read, not what it means: each holder with the way it holds its
//! power ([`Via`]) and what it is (a key, a multisig with its threshold, another contract, nobody),
//! the proxy slots, and the verified ABI's functions. What the reads could not establish is named
//! in `unread` (the failure itself is among the snapshot's failures), so that a metric says
//! `unknown` instead of guessing. The metrics (`metric/compute/powers.rs`) decide the rest.

use serde::{Deserialize, Serialize};
use strum::IntoStaticStr;

pub use crate::inputs::powers::{HolderKind, Power};

/// What was read about one token contract (or Solana mint).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractPowers {
    pub chain: String,
    pub contract: String,
    pub platform: Platform,
    /// Everyone found holding a power, with how.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holders: Vec<Holder>,
    /// EVM: the EIP-1967 slots, when one of them is set. Absent when none is set, or when they
    /// were not read (then `unread` holds `upgrade`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<Proxy>,
    /// Whether the source is verified, and what its ABI can do; absent when it was not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceCode>,
    /// The powers a failed read leaves undecided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread: Vec<Power>,
}

/// The kind of chain a token lives on, which decides how its powers are read.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    IntoStaticStr
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Platform {
    /// An ERC-20 contract.
    Evm,
    /// An SPL Token (or Token-2022) mint.
    Solana,
}

/// How a holder holds its power.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize, IntoStaticStr)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Via {
    /// A Solana mint's `mintAuthority`.
    MintAuthority,
    /// A Solana mint's `freezeAuthority`.
    FreezeAuthority,
    /// The token's `owner()`: it mints where the verified ABI has a mint function, and upgrades a
    /// proxy that upgrades itself (UUPS: an implementation but no admin or beacon).
    Owner,
    /// A member of AccessControl's `MINTER_ROLE`.
    MinterRole,
    /// The address in the EIP-1967 admin slot, when it has no `owner()` of its own.
    ProxyAdmin,
    /// The `owner()` of the contract in the admin slot (a ProxyAdmin).
    ProxyAdminOwner,
    /// The `owner()` of the beacon in the beacon slot.
    BeaconOwner,
}

/// One holder of a power.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub via: Via,
    /// Absent for nobody (a null Solana authority).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub kind: HolderKind,
    /// A multisig's signatures needed, and of how many signers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signers: Option<u32>,
    /// The request that told what the holder is.
    pub req: u32,
}

/// The EIP-1967 slots of a proxy; each absent when zero.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proxy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beacon: Option<String>,
    pub req: u32,
}

impl Proxy {
    /// A proxy that upgrades itself: the implementation's code, guarded by the token's owner,
    /// decides (UUPS).
    pub fn upgrades_itself(&self) -> bool {
        self.admin.is_none() && self.beacon.is_none()
    }
}

/// The answer about a token's source code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCode {
    pub verified: bool,
    /// Etherscan's contract name (the implementation's, for a proxy), or the Solana token program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The verified ABI's functions that mint, pause or blacklist; absent without an ABI (an
    /// unverified contract, a Solana mint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abi: Option<AbiPowers>,
    pub req: u32,
}

/// The functions of an ABI that use a power, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbiPowers {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mint: Vec<String>,
    /// Pause, freeze and blacklist functions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub freeze: Vec<String>,
}

impl AbiPowers {
    /// The functions of an ABI (a JSON array of entries) that mint, pause, freeze or blacklist,
    /// by the words of their names; `None` if the text is not an ABI.
    pub fn of_abi(abi: &str) -> Option<AbiPowers> {
        #[derive(Deserialize)]
        struct Entry {
            #[serde(rename = "type", default)]
            kind: String,
            #[serde(default)]
            name: String,
        }
        let entries: Vec<Entry> = serde_json::from_str(abi).ok()?;
        let mut powers = AbiPowers::default();
        for entry in entries.iter().filter(|entry| entry.kind == "function") {
            let name = entry.name.to_ascii_lowercase();
            let list = if name.starts_with("mint") || name == "issue" {
                &mut powers.mint
            } else if ["pause", "freeze", "blacklist", "blocklist", "addblacklist"]
                .iter()
                .any(|word| name.starts_with(word))
                || name.contains("blacklist")
            {
                &mut powers.freeze
            } else {
                continue;
            };
            if !list.contains(&entry.name) {
                list.push(entry.name.clone());
            }
        }
        Some(powers)
    }
}

impl ContractPowers {
    /// Calls `visit` on every `req` index.
    pub fn visit_reqs_mut(&mut self, visit: &mut impl FnMut(&mut u32)) {
        self.holders
            .iter_mut()
            .for_each(|holder| visit(&mut holder.req));
        self.proxy
            .iter_mut()
            .for_each(|proxy| visit(&mut proxy.req));
        self.source
            .iter_mut()
            .for_each(|source| visit(&mut source.req));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abi_shows_its_mint_pause_and_blacklist_functions() {
        let abi = r#"[{"type":"function","name":"mint","inputs":[]},
            {"type":"function","name":"transfer"},{"type":"event","name":"Paused"},
            {"type":"function","name":"pause"},{"type":"function","name":"addBlackList"},
            {"type":"function","name":"mint"}]"#;
        let powers = AbiPowers::of_abi(abi).unwrap();
        assert_eq!(powers.mint, ["mint"]);
        assert_eq!(powers.freeze, ["pause", "addBlackList"]);
        assert_eq!(AbiPowers::of_abi("Contract source code not verified"), None);
    }
}
