//! Identity resolution: which asset an exchange symbol stands for.
//!
//! An asset descriptor that names the symbol decides (that is [`crate::fetch`]'s job, since it
//! owns the descriptors); without one, CoinGecko's coin list is searched on the symbol **and** the
//! name, because symbols alone are not unique (CoinGecko lists dozens of coins called `ETH`,
//! mostly bridged copies). The names are the English names the exchanges give: Upbit and Bithumb
//! in their market lists, Korbit in `/v2/currencies`, GOPAX in `/assets`. Coinone's public API
//! names no coin, so a symbol listed only on Coinone has no name to match and stays unresolved
//! unless a descriptor names it.
//!
//! A match must be unique: two coins with the symbol and the name leave the symbol unresolved,
//! with a note naming both, rather than a guess.

use std::collections::HashMap;

use crate::source::coingecko::Coin;
use crate::text::plural;

/// Words that some exchanges add to a name and CoinGecko leaves off (or the other way round):
/// "Curve DAO Token" is CoinGecko's "Curve DAO", "NEAR Protocol" is Upbit's "Near". Dropped only
/// at the end of a name of several words, and only ever compared among coins that already share
/// the symbol.
const GENERIC_LAST_WORDS: [&str; 4] = ["token", "coin", "protocol", "network"];

/// What a note tells the listing team to do about a symbol left unresolved.
const ADD_A_DESCRIPTOR: &str = "add a descriptor naming the intended coin. Without one, no \
                                aggregator or chain data is fetched";

/// A name as it is compared: lower case, letters and digits only (case, spaces and punctuation
/// do not count), without a generic last word.
pub fn normalize_name(name: &str) -> String {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() > 1
        && words
            .last()
            .is_some_and(|last| GENERIC_LAST_WORDS.contains(&last.as_str()))
    {
        words.pop();
    }
    words.concat()
}

/// CoinGecko's coins by lower-case symbol, built once per fetch.
pub struct CoinIndex<'a> {
    by_symbol: HashMap<String, Vec<&'a Coin>>,
}

impl<'a> CoinIndex<'a> {
    pub fn new(coins: &'a [Coin]) -> Self {
        let mut by_symbol: HashMap<String, Vec<&Coin>> = HashMap::new();
        for coin in coins {
            by_symbol
                .entry(coin.symbol.to_lowercase())
                .or_default()
                .push(coin);
        }
        CoinIndex { by_symbol }
    }

    /// The one coin with `symbol` whose name matches one of `names`, and the name that matched;
    /// else why there is none, as the note the listing team reads.
    pub fn resolve(&self, symbol: &str, names: &[String]) -> Result<(&'a Coin, String), String> {
        if names.is_empty() {
            return Err(format!(
                "no exchange listing {symbol} gives an English name, so CoinGecko's list cannot be \
                 matched on symbol and name; {ADD_A_DESCRIPTOR}"
            ));
        }
        let same_symbol = self
            .by_symbol
            .get(&symbol.to_lowercase())
            .map_or(&[][..], Vec::as_slice);
        if same_symbol.is_empty() {
            return Err(format!(
                "CoinGecko lists no coin with symbol {symbol}; {ADD_A_DESCRIPTOR}"
            ));
        }
        let wanted: Vec<(String, &String)> = names
            .iter()
            .map(|name| (normalize_name(name), name))
            .collect();
        let mut matched: Vec<(&Coin, &String)> = Vec::new();
        for coin in same_symbol {
            let normalized = normalize_name(&coin.name);
            if let Some((_, name)) = wanted.iter().find(|(wanted, _)| *wanted == normalized) {
                matched.push((coin, name));
            }
        }
        let shown_names = names.join(" or ");
        match matched.as_slice() {
            [(coin, name)] => Ok((coin, (*name).clone())),
            [] => Err(format!(
                "CoinGecko lists {} with symbol {symbol} ({}), none named {shown_names}; \
                 {ADD_A_DESCRIPTOR}",
                plural(same_symbol.len(), "coin"),
                ids(same_symbol.iter().copied())
            )),
            several => Err(format!(
                "CoinGecko lists {} with symbol {symbol} and name {shown_names} ({}), so the \
                 symbol was not matched; {ADD_A_DESCRIPTOR}",
                plural(several.len(), "coin"),
                ids(several.iter().map(|(coin, _)| *coin))
            )),
        }
    }
}

/// "ids `a` and `b`", "ids `a`, `b` and 3 more": enough to choose from, never a wall of text.
fn ids<'c>(coins: impl Iterator<Item = &'c Coin>) -> String {
    const SHOWN: usize = 5;
    let mut ids: Vec<&str> = coins.map(|coin| coin.id.as_str()).collect();
    ids.sort_unstable();
    let mut ids: Vec<String> = ids.into_iter().map(|id| format!("`{id}`")).collect();
    let more = ids.len().saturating_sub(SHOWN);
    ids.truncate(SHOWN);
    let label = if ids.len() + more == 1 { "id" } else { "ids" };
    let listed = match (ids.as_slice(), more) {
        ([one], 0) => one.clone(),
        (shown, 0) => format!(
            "{} and {}",
            shown[..shown.len() - 1].join(", "),
            shown[shown.len() - 1]
        ),
        (shown, more) => format!("{} and {more} more", shown.join(", ")),
    };
    format!("{label} {listed}")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn coin(id: &str, symbol: &str, name: &str) -> Coin {
        Coin {
            id: id.to_owned(),
            symbol: symbol.to_owned(),
            name: name.to_owned(),
            platforms: BTreeMap::new(),
        }
    }

    #[test]
    fn names_compare_without_case_spaces_punctuation_or_a_generic_last_word() {
        assert_eq!(
            normalize_name("Curve DAO Token"),
            normalize_name("Curve DAO")
        );
        assert_eq!(normalize_name("NEAR Protocol"), normalize_name("Near"));
        assert_eq!(normalize_name("Shiba-Inu"), normalize_name("shiba inu"));
        assert_ne!(
            normalize_name("Ethereum (Wormhole)"),
            normalize_name("Ethereum")
        );
        assert_eq!(normalize_name("Token"), "token", "a one-word name is kept");
    }

    #[test]
    fn a_bridged_copy_with_the_same_symbol_does_not_make_a_match_ambiguous() {
        let coins = [
            coin("ethereum", "eth", "Ethereum"),
            coin("ethereum-wormhole", "eth", "Ethereum (Wormhole)"),
        ];
        let index = CoinIndex::new(&coins);
        let (coin, name) = index.resolve("ETH", &["Ethereum".to_owned()]).unwrap();
        assert_eq!(coin.id, "ethereum");
        assert_eq!(name, "Ethereum");
    }

    #[test]
    fn two_coins_with_the_symbol_and_the_name_are_named_in_the_note() {
        let coins = [coin("beam", "beam", "Beam"), coin("beam-2", "beam", "Beam")];
        let note = CoinIndex::new(&coins)
            .resolve("BEAM", &["Beam".to_owned()])
            .unwrap_err();
        assert_eq!(
            note,
            "CoinGecko lists 2 coins with symbol BEAM and name Beam (ids `beam` and `beam-2`), so \
             the symbol was not matched; add a descriptor naming the intended coin. Without one, \
             no aggregator or chain data is fetched"
        );
    }

    #[test]
    fn a_symbol_whose_coins_have_other_names_lists_them() {
        let coins = [coin("crv-bridged", "crv", "Bridged Curve")];
        let note = CoinIndex::new(&coins)
            .resolve("CRV", &["Curve DAO Token".to_owned()])
            .unwrap_err();
        assert!(
            note.starts_with(
                "CoinGecko lists 1 coin with symbol CRV (id `crv-bridged`), none named Curve DAO Token;"
            ),
            "{note}"
        );
    }

    #[test]
    fn without_an_english_name_nothing_is_matched() {
        let coins = [coin("bitcoin", "btc", "Bitcoin")];
        let note = CoinIndex::new(&coins).resolve("BTC", &[]).unwrap_err();
        assert!(
            note.starts_with("no exchange listing BTC gives an English name"),
            "{note}"
        );
    }

    #[test]
    fn long_id_lists_are_cut() {
        let coins: Vec<Coin> = (0..8).map(|i| coin(&format!("x-{i}"), "x", "X")).collect();
        let note = CoinIndex::new(&coins)
            .resolve("X", &["X".to_owned()])
            .unwrap_err();
        assert!(
            note.contains("(ids `x-0`, `x-1`, `x-2`, `x-3`, `x-4` and 3 more)"),
            "{note}"
        );
    }
}
