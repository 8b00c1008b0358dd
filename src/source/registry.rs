//! Every built-in source, one line each. A source module declares its own defaults (name, base
//! URL, rate limit, key variable); this list is what makes them built in.

use std::collections::BTreeMap;

use super::exchanges::{bithumb, coinone, gopax, korbit, upbit};
use super::{coingecko, coinmarketcap, etherscan, evm, issuer, solana};
use crate::inputs::config::settings::{SourceDefaults, SourceSettings};

/// The built-in sources: the exchanges in [`Exchange`](crate::exchange::Exchange) order, the
/// aggregators, Etherscan, the issuers' supply endpoints and the public chain nodes.
pub fn built_in() -> impl Iterator<Item = &'static SourceDefaults> {
    const SOURCES: &[&SourceDefaults] = &[
        &upbit::DEFAULTS,
        &bithumb::DEFAULTS,
        &coinone::DEFAULTS,
        &korbit::DEFAULTS,
        &gopax::DEFAULTS,
        &coingecko::DEFAULTS,
        &coinmarketcap::DEFAULTS,
        &etherscan::DEFAULTS,
        &solana::DEFAULTS,
        &issuer::DEFAULTS,
    ];
    SOURCES.iter().copied().chain(&evm::PUBLIC_NODES)
}

/// The settings of every built-in source, by name, before `listingcheck.toml` is read.
pub fn default_sources() -> BTreeMap<String, SourceSettings> {
    built_in()
        .map(|defaults| (defaults.name.to_owned(), defaults.settings()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Exchange;
    use crate::inputs::config::settings::SourceKind;

    #[test]
    fn every_exchange_is_a_built_in_source_under_its_own_name() {
        for exchange in Exchange::ALL {
            let defaults = built_in()
                .find(|defaults| defaults.kind == SourceKind::Exchange(exchange))
                .unwrap_or_else(|| panic!("{exchange} has no line in the registry"));
            assert_eq!(defaults.name, exchange.as_str());
        }
    }

    #[test]
    fn built_in_names_are_unique() {
        assert_eq!(default_sources().len(), built_in().count());
    }
}
