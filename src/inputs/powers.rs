//! The `[powers]` table of an asset descriptor: who the issuer says can mint, upgrade or freeze
//! the token, so that `powers_match_disclosure` can hold it against what the chain says.
//!
//! The kinds of power and of holder are shared with the snapshot's reading of the chain
//! ([`crate::snapshot::powers`]): a declaration and an observation compare word for word.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantNames};

use crate::inputs::diag::{Code, FileDiagnostics};
use crate::inputs::toml_read::{self, Keyword, Table};

/// A power over a token's supply or its holders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(EnumString, IntoStaticStr, VariantNames, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Power {
    /// Creating new tokens.
    Mint,
    /// Replacing the token contract's code (a proxy's admin, or its ProxyAdmin's or beacon's
    /// owner).
    Upgrade,
    /// Freezing, pausing or blacklisting holders.
    Freeze,
}

impl Keyword for Power {
    const CODE: Code = Code::UnknownValue;
    const WHAT: &'static str = "a power (mint, upgrade or freeze)";
}

/// What holds a power.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(EnumString, IntoStaticStr, VariantNames, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum HolderKind {
    /// One private key: an EVM account without code, or a Solana wallet owned by the System
    /// Program.
    Key,
    /// A multisig whose threshold was read: a Safe (`getThreshold`, `getOwners`) or an SPL Token
    /// multisig account.
    Multisig,
    /// Another contract or program (a timelock, a Squads vault, a contract without a threshold).
    Contract,
    /// Nobody: a null Solana authority, an owner renounced to the zero address.
    None,
}

impl Keyword for HolderKind {
    const CODE: Code = Code::UnknownValue;
    const WHAT: &'static str = "a holder kind (key, multisig, contract or none)";
}

/// What the issuer discloses about who holds the powers over its token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DeclaredPowers {
    /// Where the issuer published it.
    pub source: String,
    #[serde(rename = "holder", default, skip_serializing_if = "Vec::is_empty")]
    pub holders: Vec<DeclaredHolder>,
}

/// One holder of one power on one chain, as disclosed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DeclaredHolder {
    pub power: Power,
    /// A chain the descriptor's `[[chain]]` declares.
    pub chain: String,
    /// The holder's address; absent for `kind = "none"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub kind: HolderKind,
    /// Signatures a multisig needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
}

/// Reads `[powers]`; `None` if the table is unusable (its problems are in `diagnostics`).
pub(crate) fn read(
    mut table: Table<'_, '_>,
    check_address: impl Fn(&toml::Spanned<String>, &mut FileDiagnostics),
    diagnostics: &mut FileDiagnostics,
) -> Option<(DeclaredPowers, Vec<Range<usize>>)> {
    let source = table.required::<String>("source", diagnostics);
    let entries = table.array_of_tables("holder", diagnostics);
    table.finish(diagnostics);
    let mut holders = Vec::new();
    let mut spans = Vec::new();
    let mut complete = true;
    for (index, value) in entries {
        match read_holder(value, index, &check_address, diagnostics) {
            Some((holder, span)) => {
                holders.push(holder);
                spans.push(span);
            }
            None => complete = false,
        }
    }
    let powers = DeclaredPowers {
        source: source?.into_inner(),
        holders,
    };
    complete.then_some((powers, spans))
}

fn read_holder(
    value: &toml_read::Value<'_>,
    index: usize,
    check_address: &impl Fn(&toml::Spanned<String>, &mut FileDiagnostics),
    diagnostics: &mut FileDiagnostics,
) -> Option<(DeclaredHolder, Range<usize>)> {
    let mut table = Table::of(
        value,
        format!("[[powers.holder]] #{}", index + 1),
        diagnostics,
    )?;
    let power = table.required::<Power>("power", diagnostics);
    let chain = table.required::<String>("chain", diagnostics);
    let address = table.optional::<String>("address", diagnostics);
    if let Some(address) = &address {
        check_address(address, diagnostics);
    }
    let kind = table.required::<HolderKind>("kind", diagnostics);
    let threshold = table.optional::<u32>("threshold", diagnostics);
    let span = table.span();
    table.finish(diagnostics);
    let kind_value = *kind.as_ref()?.get_ref();
    match (kind_value, &address) {
        (HolderKind::None, Some(address)) => {
            diagnostics.error(
                Code::InvalidValue,
                address.span(),
                "a holder of kind `none` has no address: nobody holds the power",
            );
        }
        (HolderKind::Key | HolderKind::Multisig | HolderKind::Contract, None) => {
            diagnostics
                .error(
                    Code::MissingKey,
                    span.clone(),
                    format!("a holder of kind `{kind_value}` needs an `address`"),
                )
                .help = Some(
                "give the holder's address, or `kind = \"none\"` if nobody holds the power".into(),
            );
        }
        _ => {}
    }
    match (kind_value, &threshold) {
        (HolderKind::Multisig, None) => {
            diagnostics.error(
                Code::MissingKey,
                span.clone(),
                "a multisig holder needs a `threshold`: the signatures it takes",
            );
        }
        (HolderKind::Multisig, Some(threshold)) if *threshold.get_ref() == 0 => {
            diagnostics.error(
                Code::InvalidValue,
                threshold.span(),
                "a multisig takes at least one signature",
            );
        }
        (HolderKind::Key | HolderKind::Contract | HolderKind::None, Some(threshold)) => {
            diagnostics.error(
                Code::InvalidValue,
                threshold.span(),
                "only a multisig has a `threshold`",
            );
        }
        _ => {}
    }
    let chain = chain?;
    let chain_span = chain.span();
    Some((
        DeclaredHolder {
            power: power?.into_inner(),
            chain: chain.into_inner(),
            address: address.map(toml::Spanned::into_inner),
            kind: kind_value,
            threshold: threshold.map(toml::Spanned::into_inner),
        },
        chain_span,
    ))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const HEAD: &str = "schema = 1\n[asset]\nid = \"t\"\nsymbol = \"T\"\nname = \"T\"\n[[chain]]\nchain = \"ethereum\"\ncontract = \"0x0000000000000000000000000000000000000001\"\n[powers]\nsource = \"https://example.org\"\n";

    /// The descriptor's `[powers]` and the codes of its problems.
    fn read(holders: &str) -> (Option<DeclaredPowers>, Vec<Code>) {
        let source = format!("{HEAD}{holders}");
        let mut diagnostics = FileDiagnostics::new(Path::new("t.toml"), &source);
        let descriptor = crate::inputs::asset::parse(&source, &mut diagnostics);
        let codes = diagnostics.diagnostics().iter().map(|d| d.code).collect();
        (descriptor.and_then(|d| d.powers), codes)
    }

    #[test]
    fn a_declared_safe_reads_with_its_threshold() {
        let (powers, codes) = read(
            "[[powers.holder]]\npower = \"mint\"\nchain = \"ethereum\"\naddress = \"0x0000000000000000000000000000000000000002\"\nkind = \"multisig\"\nthreshold = 3\n",
        );
        assert!(codes.is_empty(), "{codes:?}");
        let holder = &powers.unwrap().holders[0];
        assert_eq!(
            (holder.power, holder.kind, holder.threshold),
            (Power::Mint, HolderKind::Multisig, Some(3))
        );
    }

    #[test]
    fn a_holder_contradicting_its_kind_is_an_error() {
        for (holder, code) in [
            (
                "kind = \"multisig\"\naddress = \"0x0000000000000000000000000000000000000002\"",
                Code::MissingKey,
            ),
            ("kind = \"key\"", Code::MissingKey),
            (
                "kind = \"none\"\naddress = \"0x0000000000000000000000000000000000000002\"",
                Code::InvalidValue,
            ),
            (
                "kind = \"key\"\naddress = \"0x0000000000000000000000000000000000000002\"\nthreshold = 2",
                Code::InvalidValue,
            ),
            ("kind = \"wallet\"", Code::UnknownValue),
        ] {
            let (_, codes) = read(&format!(
                "[[powers.holder]]\npower = \"mint\"\nchain = \"ethereum\"\n{holder}\n"
            ));
            assert!(codes.contains(&code), "{holder}: {codes:?}");
        }
    }

    #[test]
    fn a_holder_on_an_undeclared_chain_is_an_unknown_chain() {
        let (_, codes) =
            read("[[powers.holder]]\npower = \"freeze\"\nchain = \"solana\"\nkind = \"none\"\n");
        assert_eq!(codes, [Code::UnknownChain]);
    }
}
