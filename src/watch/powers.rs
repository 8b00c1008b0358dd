//! Who can change a watched token, re-read every few polls: a holder of its mint, upgrade or
//! freeze power that changes, or a multisig whose threshold changes, is an alert of its own,
//! whatever the rules make of it (a Safe going from 3 of 5 to 1 of 5 still passes
//! `MINT-SINGLE-KEY`, and is exactly what a listing team wants to hear of).
//!
//! The first re-read is compared with the snapshot's powers records. A contract whose re-read
//! failed is left out of the comparison (a failed read says nothing about its holders), and keeps
//! its previous holders for the next one.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::inputs::asset::ChainContract;
use crate::snapshot::powers::{ContractPowers, Holder, Platform};
use crate::source::Http;
use crate::source::packing::Shares;
use crate::source::powers::{evm, solana};

/// The holders of one contract's powers changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HoldersChange {
    pub asset: String,
    pub symbol: String,
    pub chain: String,
    pub contract: String,
    /// Each holder as `via address kind [threshold/signers]`, before and now.
    pub before: Vec<String>,
    pub now: Vec<String>,
}

/// A holder in one line: `owner 0x… multisig 3/5`.
fn line(holder: &Holder) -> String {
    let mut text = format!(
        "{} {} {}",
        <&str>::from(holder.via),
        holder.address.as_deref().unwrap_or("-"),
        holder.kind
    );
    if let (Some(threshold), Some(signers)) = (holder.threshold, holder.signers) {
        let _ = write!(text, " {threshold}/{signers}");
    }
    text
}

fn lines(powers: &ContractPowers) -> Vec<String> {
    let mut lines: Vec<String> = powers.holders.iter().map(line).collect();
    lines.sort();
    lines
}

/// The known powers of the watched assets (asset id → its contracts' records), and what changed
/// in a re-read.
#[derive(Clone, Debug, Default)]
pub struct KnownHolders {
    /// Asset id → (symbol, its contracts' records).
    known: BTreeMap<String, (String, Vec<ContractPowers>)>,
}

impl KnownHolders {
    /// What the snapshot recorded for each asset.
    pub fn from_snapshot<'a>(
        assets: impl Iterator<Item = &'a crate::snapshot::AssetRecord>,
    ) -> Self {
        KnownHolders {
            known: assets
                .filter(|asset| !asset.powers.is_empty())
                .map(|asset| {
                    (
                        asset.id.clone(),
                        (asset.symbol.clone(), asset.powers.clone()),
                    )
                })
                .collect(),
        }
    }

    /// The contracts to re-read, with the asset each belongs to.
    pub fn contracts(&self) -> Vec<(String, ChainContract)> {
        self.known
            .iter()
            .flat_map(|(id, (_, records))| {
                records.iter().map(move |record| {
                    let contract = ChainContract {
                        chain: record.chain.clone(),
                        contract: record.contract.clone(),
                        decimals: None,
                        native: true,
                    };
                    (id.clone(), contract)
                })
            })
            .collect()
    }

    /// Takes the re-read records in, returning the changes of holders. A record whose read
    /// failed (`unread` not empty) changes nothing.
    pub fn update(&mut self, reread: Vec<(String, ContractPowers)>) -> Vec<HoldersChange> {
        let mut changes = Vec::new();
        for (id, now) in reread {
            if !now.unread.is_empty() {
                continue;
            }
            let Some((symbol, records)) = self.known.get_mut(&id) else {
                continue;
            };
            let Some(before) = records
                .iter_mut()
                .find(|record| record.chain == now.chain && record.contract == now.contract)
            else {
                continue;
            };
            let (was, is) = (lines(before), lines(&now));
            if was != is {
                changes.push(HoldersChange {
                    asset: id.clone(),
                    symbol: symbol.clone(),
                    chain: now.chain.clone(),
                    contract: now.contract.clone(),
                    before: was,
                    now: is,
                });
            }
            before.holders = now.holders;
        }
        changes
    }
}

/// Re-reads the holders of `contracts` (asset id, contract) on their chains, EVM and Solana at
/// once; Etherscan is not asked again (a contract's source does not change with its holders).
pub async fn reread(
    http: &Http,
    contracts: Vec<(String, ChainContract)>,
    platform_of: impl Fn(&ChainContract) -> Platform,
) -> Vec<(String, ContractPowers)> {
    let (solana_jobs, evm_jobs): (Vec<_>, Vec<_>) = contracts
        .into_iter()
        .partition(|(_, contract)| platform_of(contract) == Platform::Solana);
    let (evm_ids, evm_contracts): (Vec<String>, Vec<ChainContract>) = evm_jobs.into_iter().unzip();
    let (solana_ids, solana_mints): (Vec<String>, Vec<ChainContract>) =
        solana_jobs.into_iter().unzip();
    let (evm_readings, solana_readings) = tokio::join!(
        evm::read(http, &evm_contracts, Shares::none()),
        solana::read(http, &solana_mints, Shares::none())
    );
    evm_ids
        .into_iter()
        .zip(evm_readings)
        .chain(solana_ids.into_iter().zip(solana_readings))
        .map(|(id, reading)| (id, reading.powers))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::powers::{HolderKind, Via};

    fn record(threshold: u32, unread: bool) -> ContractPowers {
        ContractPowers {
            chain: "ethereum".into(),
            contract: "0x01".into(),
            platform: Platform::Evm,
            holders: vec![Holder {
                via: Via::Owner,
                address: Some("0x0a".into()),
                kind: HolderKind::Multisig,
                threshold: Some(threshold),
                signers: Some(5),
                req: 0,
            }],
            proxy: None,
            source: None,
            unread: if unread {
                vec![crate::snapshot::powers::Power::Mint]
            } else {
                vec![]
            },
        }
    }

    fn known() -> KnownHolders {
        let mut known = KnownHolders::default();
        known
            .known
            .insert("tok".into(), ("TOK".into(), vec![record(3, false)]));
        known
    }

    #[test]
    fn a_lowered_threshold_is_a_change_though_no_rule_moves() {
        let mut known = known();
        let changes = known.update(vec![("tok".into(), record(1, false))]);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].before, ["owner 0x0a multisig 3/5"]);
        assert_eq!(changes[0].now, ["owner 0x0a multisig 1/5"]);
        assert!(
            known
                .update(vec![("tok".into(), record(1, false))])
                .is_empty(),
            "alerted once"
        );
    }

    #[test]
    fn the_alert_says_what_the_holders_were_and_are_in_both_languages() {
        use crate::locale::{Lang, Localizer};
        use crate::watch::alert::{Alert, Event};
        let change = known()
            .update(vec![("tok".into(), record(1, false))])
            .remove(0);
        let at = "2026-11-20T00:00:00Z".parse().unwrap();
        let alert = |lang| {
            Alert::new(
                at,
                Event::HoldersChanged(change.clone()),
                Localizer::of(lang),
            )
        };
        let english = alert(Lang::En);
        assert_eq!(
            english.text,
            "TOK: who can mint, upgrade or freeze 0x01 on ethereum changed: was owner 0x0a multisig 3/5, now owner 0x0a multisig 1/5."
        );
        assert!(alert(Lang::Ko).text.contains("권한 보유자가 바뀜"));
        let json = serde_json::to_value(&english).unwrap();
        assert_eq!(json["kind"], "holders_changed");
        assert_eq!(json["now"][0], "owner 0x0a multisig 1/5");
    }

    #[test]
    fn a_failed_reread_changes_nothing() {
        let mut known = known();
        assert!(
            known
                .update(vec![("tok".into(), record(1, true))])
                .is_empty()
        );
        assert_eq!(
            known.update(vec![("tok".into(), record(3, false))]),
            [],
            "the holders kept are the last read"
        );
    }
}
