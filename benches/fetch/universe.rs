//! The benchmark's universe: assets listed in the won markets, generated from a fixed seed, with
//! what every source knows of them, and the fewest requests a fetch of them needs.
//!
//! The shares follow the live markets: Bithumb lists the most KRW pairs, then Coinone, Upbit,
//! Korbit and GOPAX; a third of the assets have a descriptor (most with a token contract on an EVM
//! chain or Solana and excluded wallets, some native coins with a plan only); most of the rest are
//! matched on CoinGecko by symbol and name; about one in eight stays unresolved for each of the
//! reasons fetch knows (listed only on Coinone, which names no coin; two CoinGecko coins with the
//! symbol and name; none with the name; none with the symbol). CoinGecko's coin list also holds
//! bridged copies sharing a listed symbol and thousands of coins no exchange here lists.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use listingcheck::exchange::Exchange;
use listingcheck::fetch::normalize_name;

/// The same universe on every run.
const SEED: u64 = 0x4c15_7106;

/// CoinGecko coins that no exchange here lists: the live list has about 17,000.
const UNLISTED_COINS: usize = 6_000;

/// The chance that an exchange lists an asset (drawn for each exchange on its own), which gives
/// 600 assets about the live spread: Bithumb 470 KRW pairs, Coinone 280, Upbit 175, Korbit 165
/// and GOPAX 90.
const LISTED_ON: [(Exchange, f64); 5] = [
    (Exchange::Upbit, 0.32),
    (Exchange::Bithumb, 0.66),
    (Exchange::Coinone, 0.45),
    (Exchange::Korbit, 0.28),
    (Exchange::Gopax, 0.15),
];

/// EVM chains of descriptor contracts, with their shares.
const EVM_CHAINS: [(&str, f64); 5] = [
    ("ethereum", 0.60),
    ("bsc", 0.12),
    ("arbitrum", 0.10),
    ("base", 0.10),
    ("polygon", 0.08),
];

/// The chains the benchmark serves.
/// The chains whose public endpoint counts each call of a JSON-RPC batch against its rate limit,
/// as listingcheck's `bills_each_call` default says.
pub const BILLS_EACH_CALL: [&str; 1] = ["solana"];

pub const CHAINS: [&str; 6] = ["ethereum", "bsc", "arbitrum", "base", "polygon", "solana"];

pub struct Universe {
    pub assets: Vec<Asset>,
    /// CoinGecko coins that are no asset here: bridged copies, namesakes, unlisted coins.
    pub other_coins: Vec<Coin>,
}

pub struct Asset {
    pub symbol: String,
    /// The English name the exchanges give.
    pub name: String,
    /// Korbit's `fullName`, which sometimes adds "Token".
    pub korbit_name: String,
    pub korean_name: String,
    pub identity: Identity,
    /// The KRW markets listing it, in [`Exchange::ALL`] order.
    pub exchanges: Vec<Exchange>,
    /// Its coin on CoinGecko, when CoinGecko tracks it.
    pub coin: Option<Coin>,
    pub descriptor: Option<Descriptor>,
    pub figures: Figures,
}

/// How fetch identifies the asset.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    Descriptor,
    /// Matched on CoinGecko by symbol and name.
    Matched,
    Unresolved(Unresolved),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// Listed only on Coinone, whose API names no coin.
    CoinoneOnly,
    /// CoinGecko has two coins with the symbol and the name.
    TwoCoins,
    /// CoinGecko has the symbol only under another name.
    OtherName,
    /// CoinGecko has no coin with the symbol (a new listing).
    NotOnCoinGecko,
}

#[derive(Clone)]
pub struct Coin {
    pub id: String,
    /// Lower case, as CoinGecko writes it.
    pub symbol: String,
    pub name: String,
    /// CoinGecko platform id → contract.
    pub platforms: Vec<(String, String)>,
}

pub struct Descriptor {
    pub id: String,
    /// Whether the descriptor names the CoinGecko coin.
    pub names_coingecko: bool,
    pub coinmarketcap: Option<u32>,
    pub contracts: Vec<Contract>,
}

pub struct Contract {
    pub chain: &'static str,
    pub address: String,
    pub decimals: u8,
    /// In raw units; Solana mints hold a u64.
    pub supply: u128,
    pub wallets: Vec<Wallet>,
}

pub struct Wallet {
    /// An EVM holder, or a Solana token account.
    pub address: String,
    pub balance: u128,
}

/// Market figures, the same wherever they are served.
pub struct Figures {
    pub price_usd: f64,
    pub circulating: u64,
    pub total: u64,
    pub max: Option<u64>,
    pub volume_usd: f64,
    /// CoinGecko's tickers of the coin, over all exchanges.
    pub tickers: usize,
    pub first_trade_days_ago: i64,
    /// Change over 24 h, as a ratio.
    pub change: f64,
}

impl Asset {
    pub fn listed_on(&self, exchange: Exchange) -> bool {
        self.exchanges.contains(&exchange)
    }

    /// The CoinGecko id fetch asks CoinGecko about, if any.
    pub fn fetched_coingecko_id(&self) -> Option<&str> {
        match self.identity {
            Identity::Descriptor => self
                .descriptor
                .as_ref()
                .filter(|d| d.names_coingecko)
                .and(self.coin.as_ref())
                .map(|coin| coin.id.as_str()),
            Identity::Matched => self.coin.as_ref().map(|coin| coin.id.as_str()),
            Identity::Unresolved(_) => None,
        }
    }

    pub fn coinmarketcap_id(&self) -> Option<u32> {
        self.descriptor.as_ref()?.coinmarketcap
    }
}

impl Universe {
    /// `count` assets, the same ones for the same count; a smaller count gives a prefix of a
    /// larger one's assets, so the cold run's universe is part of the warm run's.
    pub fn generate(count: usize) -> Universe {
        let mut rng = fastrand::Rng::with_seed(SEED);
        let mut names = Names::default();
        let mut assets = Vec::with_capacity(count);
        let mut other_coins = Vec::new();
        for index in 0..count {
            let asset = generate_asset(&mut rng, &mut names, index, &mut other_coins);
            assets.push(asset);
        }
        for _ in 0..UNLISTED_COINS {
            let (name, symbol) = names.fresh(&mut rng, 2, &[" Finance", " Inu", " AI", " Swap"]);
            other_coins.push(Coin {
                id: names.coin_id(&name),
                symbol: symbol.to_lowercase(),
                name,
                platforms: platforms(&mut rng),
            });
        }
        Universe {
            assets,
            other_coins,
        }
    }

    /// Every coin of CoinGecko's list.
    pub fn coins(&self) -> impl Iterator<Item = &Coin> {
        self.assets
            .iter()
            .filter_map(|asset| asset.coin.as_ref())
            .chain(&self.other_coins)
    }
}

/// Unique names, symbols and coin ids.
#[derive(Default)]
struct Names {
    normalized: HashSet<String>,
    symbols: HashSet<String>,
    ids: HashSet<String>,
}

const SYLLABLES: [&str; 40] = [
    "ka", "lo", "mi", "ren", "tor", "vex", "zu", "nar", "pel", "qui", "sa", "tin", "bo", "dra",
    "fen", "gal", "hy", "jo", "kri", "lum", "mor", "nex", "ori", "pax", "rho", "syn", "tal", "ul",
    "ven", "wyn", "xa", "yor", "zen", "cel", "dex", "er", "fi", "ga", "io", "ne",
];

const HANGUL: [&str; 20] = [
    "카", "로", "미", "렌", "토", "벡", "주", "나", "펠", "키", "사", "틴", "보", "드", "펜", "갈",
    "히", "조", "루", "제",
];

impl Names {
    /// A name of `syllables` syllables plus one of `suffixes` (if any), whose normalized form and
    /// symbol no earlier name has.
    fn fresh(
        &mut self,
        rng: &mut fastrand::Rng,
        syllables: usize,
        suffixes: &[&str],
    ) -> (String, String) {
        loop {
            let mut stem = String::new();
            for _ in 0..syllables + rng.usize(0..2) {
                stem.push_str(SYLLABLES[rng.usize(..SYLLABLES.len())]);
            }
            let mut name = capitalized(&stem);
            if !suffixes.is_empty() {
                name.push_str(suffixes[rng.usize(..suffixes.len())]);
            }
            let letters: String = stem.chars().filter(char::is_ascii_alphabetic).collect();
            let symbol = letters[..letters.len().min(3 + rng.usize(0..3))].to_uppercase();
            if self.normalized.insert(normalize_name(&name)) && self.symbols.insert(symbol.clone())
            {
                return (name, symbol);
            }
        }
    }

    fn coin_id(&mut self, name: &str) -> String {
        let base: String = name
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let mut id = base.clone();
        let mut n = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn generate_asset(
    rng: &mut fastrand::Rng,
    names: &mut Names,
    index: usize,
    other_coins: &mut Vec<Coin>,
) -> Asset {
    let (name, symbol) = names.fresh(rng, 2, &[]);
    let korean_name: String = (0..2 + rng.usize(0..2))
        .map(|_| HANGUL[rng.usize(..HANGUL.len())])
        .collect();
    let korbit_name = if rng.f64() < 0.15 {
        format!("{name} Token")
    } else {
        name.clone()
    };
    let roll = rng.f64();
    let identity = match roll {
        r if r < 0.30 => Identity::Descriptor,
        r if r < 0.88 => Identity::Matched,
        r if r < 0.92 => Identity::Unresolved(Unresolved::CoinoneOnly),
        r if r < 0.95 => Identity::Unresolved(Unresolved::TwoCoins),
        r if r < 0.97 => Identity::Unresolved(Unresolved::OtherName),
        _ => Identity::Unresolved(Unresolved::NotOnCoinGecko),
    };
    let exchanges = exchanges(rng, identity);
    // The coin CoinGecko tracks under the asset's own name, if any; a descriptor uses its id.
    let own_coin = !matches!(
        identity,
        Identity::Unresolved(Unresolved::NotOnCoinGecko | Unresolved::OtherName)
    );
    let coin_id = own_coin.then(|| names.coin_id(&name));
    let descriptor = coin_id
        .as_ref()
        .filter(|_| identity == Identity::Descriptor)
        .map(|id| descriptor(rng, id.clone(), index));
    let own_platforms: Vec<(String, String)> = descriptor.as_ref().map_or_else(
        || platforms(rng),
        |d| {
            d.contracts
                .iter()
                .map(|c| (platform_of(c.chain).to_owned(), c.address.clone()))
                .collect()
        },
    );
    let own = coin_id.map(|id| Coin {
        id,
        symbol: symbol.to_lowercase(),
        name: name.clone(),
        platforms: own_platforms,
    });
    let coin = match identity {
        Identity::Unresolved(Unresolved::OtherName) => {
            let (other, _) = names.fresh(rng, 3, &[]);
            other_coins.push(Coin {
                id: names.coin_id(&other),
                symbol: symbol.to_lowercase(),
                name: other,
                platforms: platforms(rng),
            });
            None
        }
        Identity::Unresolved(Unresolved::TwoCoins) => {
            let first = own.expect("a coin of its own");
            other_coins.push(Coin {
                id: names.coin_id(&name),
                platforms: Vec::new(),
                ..first.clone()
            });
            other_coins.push(first);
            None
        }
        _ => own,
    };
    // A fifth of the coins have a bridged copy sharing the symbol under another name.
    if let Some(coin) = &coin
        && rng.f64() < 0.2
    {
        let bridged = format!("{name} (Wormhole)");
        other_coins.push(Coin {
            id: names.coin_id(&bridged),
            symbol: coin.symbol.clone(),
            name: bridged,
            platforms: platforms(rng),
        });
    }
    Asset {
        symbol,
        name,
        korbit_name,
        korean_name,
        identity,
        exchanges,
        coin,
        descriptor,
        figures: figures(rng),
    }
}

fn exchanges(rng: &mut fastrand::Rng, identity: Identity) -> Vec<Exchange> {
    if identity == Identity::Unresolved(Unresolved::CoinoneOnly) {
        return vec![Exchange::Coinone];
    }
    let mut listed: Vec<Exchange> = LISTED_ON
        .iter()
        .filter(|(_, share)| rng.f64() < *share)
        .map(|(exchange, _)| *exchange)
        .collect();
    // Every other asset is listed where an English name is given, so that it can be matched.
    if !listed.iter().any(|e| *e != Exchange::Coinone) {
        listed.push(Exchange::Bithumb);
        listed.sort();
    }
    listed
}

fn descriptor(rng: &mut fastrand::Rng, id: String, index: usize) -> Descriptor {
    // A few descriptors are of native coins: a plan, no contract.
    let contracts = if rng.f64() < 0.08 {
        Vec::new()
    } else if rng.f64() < 0.18 {
        vec![solana_mint(rng)]
    } else {
        let first = pick_chain(rng, None);
        let mut contracts = vec![evm_contract(rng, first)];
        // One in ten is bridged to a second EVM chain, with its own wallets there.
        if rng.f64() < 0.10 {
            let second = pick_chain(rng, Some(contracts[0].chain));
            contracts.push(evm_contract(rng, second));
        }
        contracts
    };
    Descriptor {
        id,
        names_coingecko: rng.f64() < 0.95,
        coinmarketcap: (rng.f64() < 0.90).then(|| 20_000 + u32::try_from(index).unwrap() * 7),
        contracts,
    }
}

fn pick_chain(rng: &mut fastrand::Rng, not: Option<&str>) -> &'static str {
    loop {
        let mut roll = rng.f64();
        for (chain, share) in EVM_CHAINS {
            if roll < share {
                if Some(chain) != not {
                    return chain;
                }
                break;
            }
            roll -= share;
        }
    }
}

/// 0 to 5 excluded wallets, about 2.5 on average.
fn wallet_count(rng: &mut fastrand::Rng) -> usize {
    rng.usize(0..6)
}

/// The excluded wallets of a contract, each holding 1 % to 7 % of its supply.
fn wallets(
    rng: &mut fastrand::Rng,
    supply: u128,
    address: fn(&mut fastrand::Rng) -> String,
) -> Vec<Wallet> {
    (0..wallet_count(rng))
        .map(|_| Wallet {
            address: address(rng),
            balance: supply / 100 * u128::from(rng.u64(1..8)),
        })
        .collect()
}

fn evm_contract(rng: &mut fastrand::Rng, chain: &'static str) -> Contract {
    let decimals = if rng.f64() < 0.9 { 18 } else { 6 };
    let unit = 10u128.pow(u32::from(decimals));
    let tokens = u128::from(rng.u64(10_000_000..100_000_000_000));
    let supply = tokens * unit;
    let wallets = wallets(rng, supply, evm_address);
    Contract {
        chain,
        address: evm_address(rng),
        decimals,
        supply,
        wallets,
    }
}

fn solana_mint(rng: &mut fastrand::Rng) -> Contract {
    let decimals = if rng.bool() { 6 } else { 9 };
    let unit = 10u128.pow(u32::from(decimals));
    // A mint's supply is a u64 of raw units.
    let tokens = u128::from(rng.u64(10_000_000..10_000_000_000));
    let supply = tokens * unit;
    let wallets = wallets(rng, supply, solana_address);
    Contract {
        chain: "solana",
        address: solana_address(rng),
        decimals,
        supply,
        wallets,
    }
}

fn evm_address(rng: &mut fastrand::Rng) -> String {
    const HEX: &[u8] = b"0123456789abcdef";
    let digits: String = (0..40)
        .map(|_| char::from(HEX[rng.usize(..HEX.len())]))
        .collect();
    format!("0x{digits}")
}

fn solana_address(rng: &mut fastrand::Rng) -> String {
    // 44 draws of a base58 digit, as when the address was those digits, so that the universe
    // (drawn from the same sequence) stays the one the README's figures were measured on; the
    // first 32 make the address's bytes.
    let digits: Vec<usize> = (0..44).map(|_| rng.usize(..58)).collect();
    listingcheck::source::solana::node::address(std::array::from_fn(|at| {
        u8::try_from((digits[at] * 37 + at) % 256).expect("a byte")
    }))
}

/// CoinGecko's platform id of a chain.
fn platform_of(chain: &str) -> &'static str {
    match chain {
        "ethereum" => "ethereum",
        "bsc" => "binance-smart-chain",
        "arbitrum" => "arbitrum-one",
        "base" => "base",
        "polygon" => "polygon-pos",
        _ => "solana",
    }
}

/// A coin's contracts as CoinGecko lists them: none for a native coin, else one or two.
fn platforms(rng: &mut fastrand::Rng) -> Vec<(String, String)> {
    match rng.usize(0..4) {
        0 => Vec::new(),
        1 | 2 => vec![("ethereum".to_owned(), evm_address(rng))],
        _ => vec![
            ("ethereum".to_owned(), evm_address(rng)),
            ("binance-smart-chain".to_owned(), evm_address(rng)),
        ],
    }
}

fn figures(rng: &mut fastrand::Rng) -> Figures {
    let total = rng.u64(10_000_000..50_000_000_000);
    let circulating = total / 100 * rng.u64(20..100);
    // Most coins trade on a few dozen markets; one in five on over a hundred, so its tickers take
    // several pages.
    let tickers = match rng.f64() {
        r if r < 0.80 => rng.usize(3..60),
        r if r < 0.95 => rng.usize(60..150),
        _ => rng.usize(150..400),
    };
    Figures {
        price_usd: 10f64.powf(rng.f64() * 6.0 - 3.0),
        circulating,
        total,
        max: rng.bool().then_some(total),
        volume_usd: 10f64.powf(rng.f64() * 4.0 + 4.0),
        tickers,
        first_trade_days_ago: rng.i64(20..3_000),
        change: rng.f64() * 0.2 - 0.1,
    }
}

/// The fewest requests a fetch of `assets` can make to one source, and how they add up.
pub struct Minimum {
    pub requests: u64,
    /// What the source's rate limit counts: the requests, or for a source that bills each call of
    /// a JSON-RPC batch (Solana's public endpoint), the calls.
    pub billed: u64,
    /// The terms, for people: "market list 1 + tickers 1".
    pub terms: String,
}

/// Whether the cross-run cache is empty (a first run) or holds fresh answers of every cacheable
/// request (a daily run, within the cache's maximum ages).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    Cold,
    Warm,
}

/// The tickers pages of a coin: CoinGecko serves 100 a page and says nothing of the total, so
/// only a short page ends the list: `n / 100 + 1` pages (a coin with exactly 100 tickers needs an
/// empty second page to know it is done).
pub fn ticker_pages(tickers: usize) -> u64 {
    u64::try_from(tickers / 100 + 1).unwrap()
}

/// The fewest requests per source that a fetch of `assets` can make, batching every request an
/// API lets batch.
pub fn minimum(assets: &[Asset], cache: Cache) -> BTreeMap<&'static str, Minimum> {
    let count = |n: usize| u64::try_from(n).unwrap();
    let batches = |n: usize, size: usize| count(n.div_ceil(size));
    let mut minimum = BTreeMap::new();
    let mut put = |source: &'static str, terms: &[(&str, u64)]| {
        let requests = terms.iter().map(|(_, n)| n).sum();
        let terms = terms
            .iter()
            .map(|(what, n)| format!("{what} {n}"))
            .collect::<Vec<_>>()
            .join(" + ");
        minimum.insert(
            source,
            Minimum {
                requests,
                billed: requests,
                terms,
            },
        );
    };
    // The exchanges: each answers every KRW market in one request, and every KRW ticker in one
    // more. Bithumb's caution alerts are a third request (its market list carries only the
    // warning); Korbit and GOPAX need their alert lists and, since their pair lists give no
    // names, their currency lists for the English names that identity matching reads. None of
    // these is cacheable: listings, prices and alerts are what a daily run is for.
    put("upbit", &[("market list", 1), ("tickers", 1)]);
    put(
        "bithumb",
        &[("market list", 1), ("caution alerts", 1), ("tickers", 1)],
    );
    put("coinone", &[("market list", 1), ("tickers", 1)]);
    put(
        "korbit",
        &[
            ("pairs", 1),
            ("tickers", 1),
            ("caution alerts", 1),
            ("names", 1),
        ],
    );
    put(
        "gopax",
        &[
            ("pairs", 1),
            ("tickers", 1),
            ("caution alerts", 1),
            ("names", 1),
        ],
    );

    // CoinGecko: the USD→KRW rate once; supplies and prices 250 coins a request (the most
    // `per_page` allows). Cold, also the coin list (for identity; cached a day), and per coin,
    // which no endpoint batches, its tickers pages (cached 3 days) and its price history (cached
    // 30 days). Warm, those come from the cache.
    let coins: Vec<&Asset> = assets
        .iter()
        .filter(|asset| asset.fetched_coingecko_id().is_some())
        .collect();
    let markets = batches(coins.len(), 250);
    match cache {
        Cache::Cold => {
            let pages: u64 = coins.iter().map(|a| ticker_pages(a.figures.tickers)).sum();
            put(
                "coingecko",
                &[
                    ("coin list", 1),
                    ("rate", 1),
                    (&format!("markets ⌈{}/250⌉", coins.len()), markets),
                    ("tickers pages", pages),
                    ("histories", count(coins.len())),
                ],
            );
        }
        Cache::Warm => put(
            "coingecko",
            &[
                ("rate", 1),
                (&format!("markets ⌈{}/250⌉", coins.len()), markets),
            ],
        ),
    }

    // CoinMarketCap: the descriptors' ids, 100 a request (one credit per 100 coins either way).
    let cmc = assets.iter().filter_map(Asset::coinmarketcap_id).count();
    if cmc > 0 {
        put(
            "coinmarketcap",
            &[(&format!("quotes ⌈{cmc}/100⌉"), batches(cmc, 100))],
        );
    }

    // Chains: per chain, every read of every descriptor contract on it, the supply's and the
    // powers' (issue 18; not cacheable: who holds a token's powers is what a daily run checks),
    // the supply's and the powers' first round sharing their batches, as a fetch sends them.
    // EVM: decimals() and totalSupply() per contract, balanceOf() per excluded wallet,
    // and owner() and getRoleMemberCount(MINTER_ROLE) per contract, packed into Multicall3
    // aggregate3 calls of 250, beside three eth_getStorageAt per contract (the EIP-1967 slots,
    // which no call can pack), in JSON-RPC batches of 20 (the largest every public node
    // accepts). Solana: the account of every mint (its supply, decimals and authorities at
    // once) and of every excluded token account, packed into getMultipleAccounts calls of 100,
    // in batches of 20. The universe's tokens have no proxy, owner, minter or live authority, so
    // the powers' later rounds (the holders) have nothing to ask.
    let mut billed_per_call = Vec::new();
    for chain in CHAINS {
        let contracts: Vec<&Contract> = assets
            .iter()
            .filter_map(|asset| asset.descriptor.as_ref())
            .flat_map(|d| &d.contracts)
            .filter(|c| c.chain == chain)
            .collect();
        if contracts.is_empty() {
            continue;
        }
        let tokens = contracts.len();
        let wallets: usize = contracts.iter().map(|c| c.wallets.len()).sum();
        if chain == "solana" {
            let reads = tokens + wallets;
            let calls = reads.div_ceil(listingcheck::source::solana::ACCOUNTS_PER_CALL);
            put(
                chain,
                &[(
                    &format!("batches ⌈⌈{reads} accounts/100⌉ getMultipleAccounts/20⌉"),
                    batches(calls, 20),
                )],
            );
            billed_per_call.push((chain, calls));
        } else {
            let words = 2 * tokens + wallets + 2 * tokens;
            let packed = words.div_ceil(listingcheck::source::multicall::CALLS_PER_AGGREGATE);
            let slots = 3 * tokens;
            put(
                chain,
                &[(
                    &format!(
                        "batches ⌈(⌈{words} calls/250⌉ aggregate3 + {slots} eth_getStorageAt)/20⌉"
                    ),
                    batches(packed + slots, 20),
                )],
            );
        }
    }
    for (chain, calls) in billed_per_call {
        let need = minimum.get_mut(chain).expect("put above");
        need.billed = count(calls);
        write!(need.terms, ", billed per call: {calls}").expect("writing to a String");
    }
    minimum
}
