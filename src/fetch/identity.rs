//! Identity resolution: which asset an exchange symbol stands for.
//!
//! An asset descriptor that names the symbol decides, for the listings its exchanges name as the
//! descriptor does; without one, CoinGecko's coin list is searched on the symbol **and** the name, because symbols alone are not unique (CoinGecko lists dozens of coins called `ETH`,
//! mostly bridged copies). The names are the English names the exchanges give: Upbit and Bithumb
//! in their market lists, Korbit in `/v2/currencies`, GOPAX in `/assets`. Coinone's public API
//! names no coin, so a symbol listed only on Coinone has no name to match and stays unresolved
//! unless a descriptor names it.
//!
//! A match must be unique: two coins with the symbol and the name leave the symbol unresolved,
//! with a note naming both, rather than a guess.

use std::collections::{BTreeSet, HashMap};

use super::descriptors::Described;
use super::listings::{CoinList, Listed, Listings};
use super::{Fetch, Planned, Scope};
use crate::snapshot::{AssetRecord, IdentifiedBy};
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

impl Listed {
    /// Whether an exchange gives the coin this name (as names are compared).
    fn is_named(&self, name: &str) -> bool {
        let wanted = normalize_name(name);
        self.0.iter().any(|listed| {
            listed
                .english_name
                .as_deref()
                .is_some_and(|given| normalize_name(given) == wanted)
        })
    }

    /// The listings split by the coin their exchanges name: one group per distinct name (as names
    /// are compared), in the order the names first appear. Two exchanges that name one ticker
    /// differently list two coins, or one coin under two spellings; either way their markets are
    /// not merged into one asset on the ticker alone. An exchange that gives no name (Coinone)
    /// cannot tell which coin it lists, so its listings stay in the first group.
    fn split_by_name(self) -> Vec<Listed> {
        let mut groups: Vec<(Option<String>, Listed)> = Vec::new();
        let mut unnamed = Vec::new();
        for listed in self.0 {
            let Some(name) = listed.english_name.as_deref().map(normalize_name) else {
                unnamed.push(listed);
                continue;
            };
            match groups
                .iter_mut()
                .find(|(key, _)| key.as_ref() == Some(&name))
            {
                Some((_, group)) => group.0.push(listed),
                None => groups.push((Some(name), Listed(vec![listed]))),
            }
        }
        match groups.first_mut() {
            Some((_, first)) => first.0.extend(unnamed),
            None => groups.push((None, Listed(unnamed))),
        }
        groups.into_iter().map(|(_, group)| group).collect()
    }
}

impl Fetch<'_> {
    /// Turns symbols into assets: a descriptor naming the symbol first, else CoinGecko's list on
    /// symbol and name, else unresolved with a note. One plan per asset, in symbol order.
    pub(super) fn identify<'d>(
        &mut self,
        descriptors: &'d [Described],
        scope: Scope,
        mut listings: Listings,
        coin_list: &CoinList,
    ) -> Vec<Planned<'d>> {
        let by_symbol: HashMap<String, &Described> =
            descriptors.iter().map(|d| (d.symbol(), d)).collect();
        let mut symbols: BTreeSet<String> = descriptors
            .iter()
            .filter(|d| d.candidate)
            .map(Described::symbol)
            .collect();
        if scope == Scope::Universe {
            symbols.extend(listings.by_symbol.keys().cloned());
            for described in descriptors.iter().filter(|d| !d.candidate) {
                if !listings.by_symbol.contains_key(&described.symbol()) {
                    self.notes.push(format!(
                        "{} describes {}, which no market list that was read lists in KRW, so it is not in this snapshot; pass it with --asset to check it as a candidate.",
                        described.shown,
                        described.symbol()
                    ));
                }
            }
        }
        // The coins already taken, each by its symbol: one coin is one asset.
        let claimed: HashMap<String, String> = descriptors
            .iter()
            .filter(|d| symbols.contains(&d.symbol()))
            .flat_map(|d| {
                let asset = &d.loaded.descriptor.asset;
                [Some(asset.id.clone()), asset.coingecko.clone()]
                    .into_iter()
                    .flatten()
                    .map(|coin| (coin, d.symbol()))
            })
            .collect();
        let mut resolver = Resolver {
            coins: CoinLookup::new(coin_list),
            claimed,
            left_by_coin_list: Vec::new(),
        };
        let mut plans = Vec::new();
        for symbol in symbols {
            let listed = listings.by_symbol.remove(&symbol).unwrap_or_default();
            let described = by_symbol.get(&symbol).copied();
            let unnamed = listed.unnamed_exchanges();
            let mut groups = listed.split_by_name();
            // A descriptor names the coin, so it describes the group its exchanges name alike. When
            // no exchange gives its name, it still claims every listing of the symbol, and says so.
            let described_group = described.map(|described| {
                let name = &described.loaded.descriptor.asset.name;
                match groups.iter().position(|group| group.is_named(name)) {
                    Some(at) => DescribedGroup { at, named: true },
                    None => {
                        let merged = Listed(groups.drain(..).flat_map(|group| group.0).collect());
                        groups.push(merged);
                        DescribedGroup {
                            at: 0,
                            named: false,
                        }
                    }
                }
            });
            let apart = (groups.len() > 1).then(|| {
                let mut who = groups
                    .iter()
                    .map(Listed::who_names_what)
                    .collect::<Vec<_>>()
                    .join(", ");
                let unnamed = match unnamed.as_slice() {
                    [] => String::new(),
                    [one] => format!("; {one} gives no name, so its listing stays with the first"),
                    several => format!(
                        "; {} give no name, so their listings stay with the first",
                        several.join(" and ")
                    ),
                };
                who += &unnamed;
                self.notes.push(format!(
                    "The exchanges name {symbol} differently ({who}), so their listings are kept apart as {} assets rather than merged on the ticker; a descriptor naming the intended coin settles which is which.",
                    groups.len()
                ));
                who
            });
            for (at, group) in groups.into_iter().enumerate() {
                let kept_apart = apart.as_ref().map(|who| {
                    format!(
                        "the exchanges name {symbol} differently ({who}); this asset is the {symbol} of {}, kept apart from the others",
                        group.who_names_what()
                    )
                });
                let id = match at {
                    0 => format!("symbol:{symbol}"),
                    _ => format!("symbol:{symbol}@{}", group.exchanges()),
                };
                let english_names = group.english_names();
                let mut plan = Planned {
                    record: AssetRecord {
                        name: english_names.first().cloned(),
                        korean_name: group.korean_name(),
                        listings: group.into_listings(),
                        ..AssetRecord::new(id, symbol.clone(), IdentifiedBy::Unresolved)
                    },
                    descriptor: None,
                    coingecko: None,
                    coinmarketcap: None,
                };
                match described.zip(described_group.filter(|group| group.at == at)) {
                    Some((described, group)) => {
                        self.describe(&mut plan, described, group.named, &english_names);
                    }
                    None => resolver.resolve(&mut plan, &english_names),
                }
                if let Some(kept_apart) = kept_apart {
                    plan.record.identity_note = Some(match plan.record.identity_note.take() {
                        Some(note) => format!("{kept_apart}; {note}"),
                        None => kept_apart,
                    });
                }
                plans.push(plan);
            }
        }
        if let CoinList::Failed(error) = coin_list {
            self.failures
                .source_error(self.http, error, &resolver.left_by_coin_list);
        }
        for (exchange, error) in &listings.partial_failures {
            let assets: Vec<String> = plans
                .iter()
                .filter(|plan| {
                    plan.record
                        .listings
                        .iter()
                        .any(|listing| listing.exchange == *exchange)
                })
                .map(|plan| plan.record.id.clone())
                .collect();
            self.failures.source_error(self.http, error, &assets);
        }
        plans
    }

    /// Makes `plan` the asset its descriptor describes; `name_given` when an exchange gives the coin
    /// the descriptor's name. A descriptor claims a symbol, but the
    /// exchanges' names say which coin they list: a new token whose ticker collides with a listed
    /// coin must not inherit its markets, and a descriptor of another coin must not go unnoticed.
    fn describe<'d>(
        &mut self,
        plan: &mut Planned<'d>,
        described: &'d Described,
        name_given: bool,
        english_names: &[String],
    ) {
        let asset = &described.loaded.descriptor.asset;
        let symbol = &plan.record.symbol;
        if !name_given && !english_names.is_empty() {
            let names = english_names.join("\", \"");
            if described.candidate {
                plan.record.listings.clear();
                plan.record.identity_note = Some(format!(
                    "the exchanges list a {symbol} named \"{names}\", not {}: those listings belong to another coin and are left out",
                    asset.name
                ));
            } else {
                let note = format!(
                    "the exchanges name the {symbol} they list \"{names}\", but its descriptor says {}: check that the descriptor describes the listed coin",
                    asset.name
                );
                self.notes.push(format!("{}: {note}.", asset.id));
                plan.record.identity_note = Some(note);
            }
        }
        let record = &mut plan.record;
        record.id.clone_from(&asset.id);
        record.name = Some(asset.name.clone());
        record.korean_name = asset.korean_name.clone().or(record.korean_name.take());
        record.identified_by = IdentifiedBy::Descriptor;
        record.candidate = described.candidate;
        plan.descriptor = Some(described);
        plan.coingecko.clone_from(&asset.coingecko);
        plan.coinmarketcap = asset.coinmarketcap;
    }
}

/// The listings of a symbol that its descriptor describes: the group at `at`, and whether an
/// exchange gives it the descriptor's name (else every listing was merged into it).
#[derive(Clone, Copy)]
struct DescribedGroup {
    at: usize,
    named: bool,
}

/// CoinGecko's coin list as identity resolution uses it.
enum CoinLookup<'c> {
    Index(CoinIndex<'c>),
    /// The list failed (the failure is recorded once the symbols it left unresolved are known).
    Failed,
    /// Not asked for, and why.
    NotAsked(&'static str),
}

impl<'c> CoinLookup<'c> {
    fn new(coin_list: &'c CoinList) -> Self {
        match coin_list {
            CoinList::Read(coins) => CoinLookup::Index(CoinIndex::new(&coins.value)),
            CoinList::Failed(_) => CoinLookup::Failed,
            CoinList::NotAsked(why) => CoinLookup::NotAsked(why),
        }
    }
}

/// Matches symbols without a descriptor on CoinGecko's coin list, one coin to one asset.
struct Resolver<'c> {
    coins: CoinLookup<'c>,
    /// The coins already taken, each with the symbol that took it.
    claimed: HashMap<String, String>,
    /// The assets left unmatched because the coin list failed.
    left_by_coin_list: Vec<String>,
}

impl Resolver<'_> {
    /// Makes `plan` the CoinGecko coin its symbol and `english_names` match, or leaves it
    /// unresolved with a note saying why.
    fn resolve(&mut self, plan: &mut Planned<'_>, english_names: &[String]) {
        let symbol = plan.record.symbol.clone();
        let resolved = match &self.coins {
            CoinLookup::Index(index) => index
                .resolve(&symbol, english_names)
                .and_then(|(coin, name)| match self.claimed.get(&coin.id) {
                    Some(other) => Err(format!(
                        "CoinGecko's `{}` matches {symbol} by symbol and name, but it is already the asset of {other}; add a descriptor naming the intended coin. Without one, no aggregator or chain data is fetched",
                        coin.id
                    )),
                    None => Ok((coin, name)),
                }),
            CoinLookup::Failed => {
                self.left_by_coin_list.push(plan.record.id.clone());
                Err(format!(
                    "CoinGecko's coin list could not be read (see the snapshot's failures), so {symbol} was not matched; fetch again, or add a descriptor naming the coin"
                ))
            }
            CoinLookup::NotAsked(why) => Err(format!(
                "{symbol} was not matched on CoinGecko ({why}); add a descriptor naming the coin"
            )),
        };
        match resolved {
            Ok((coin, name)) => {
                self.claimed.insert(coin.id.clone(), symbol.clone());
                let record = &mut plan.record;
                record.identity_note = Some(format!(
                    "matched CoinGecko `{}` by symbol {symbol} and name {name}",
                    coin.id
                ));
                record.id.clone_from(&coin.id);
                record.name = Some(coin.name.clone());
                record.identified_by = IdentifiedBy::Coingecko;
                plan.coingecko = Some(coin.id.clone());
            }
            Err(note) => plan.record.identity_note = Some(note),
        }
    }
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
