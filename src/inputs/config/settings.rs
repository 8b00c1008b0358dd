//! The configuration as the program uses it, after defaults are applied: the HTTP layer's,
//! the cache's and every source's settings. Reading `listingcheck.toml` is [`super`]'s job.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::exchange::Exchange;
use crate::inputs::diag::Code;
use crate::inputs::toml_read::Keyword;
use strum::VariantNames as _;

/// What kind of API a source speaks; decides which module reads it. Written as one word in files
/// and JSON (`upbit`, `evm`): an exchange's kind is the exchange's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// A won-market exchange's public API.
    Exchange(Exchange),
    Coingecko,
    Coinmarketcap,
    Etherscan,
    /// An EVM chain's JSON-RPC node.
    Evm,
    /// A Solana JSON-RPC node.
    Solana,
    /// The issuers' own supply endpoints (a descriptor's `supply_url`): one plain number each.
    Issuer,
}

/// The kinds that are not an exchange, as written.
const OTHER_KINDS: [(&str, SourceKind); 6] = [
    ("coingecko", SourceKind::Coingecko),
    ("coinmarketcap", SourceKind::Coinmarketcap),
    ("etherscan", SourceKind::Etherscan),
    ("evm", SourceKind::Evm),
    ("solana", SourceKind::Solana),
    ("issuer", SourceKind::Issuer),
];

/// Every kind as written: the exchanges first, in [`Exchange`] order.
const KIND_NAMES: [&str; Exchange::VARIANTS.len() + OTHER_KINDS.len()] = {
    let mut names = [""; Exchange::VARIANTS.len() + OTHER_KINDS.len()];
    let mut at = 0;
    while at < Exchange::VARIANTS.len() {
        names[at] = Exchange::VARIANTS[at];
        at += 1;
    }
    while at < names.len() {
        names[at] = OTHER_KINDS[at - Exchange::VARIANTS.len()].0;
        at += 1;
    }
    names
};

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Exchange(exchange) => exchange.as_str(),
            other => {
                OTHER_KINDS
                    .iter()
                    .find(|(_, kind)| *kind == other)
                    .expect("every kind but an exchange is in OTHER_KINDS")
                    .0
            }
        }
    }
}

impl strum::VariantNames for SourceKind {
    const VARIANTS: &'static [&'static str] = &KIND_NAMES;
}

impl std::str::FromStr for SourceKind {
    type Err = strum::ParseError;

    fn from_str(word: &str) -> Result<Self, Self::Err> {
        match word.parse::<Exchange>() {
            Ok(exchange) => Ok(SourceKind::Exchange(exchange)),
            Err(_) => OTHER_KINDS
                .iter()
                .find(|(name, _)| *name == word)
                .map(|(_, kind)| *kind)
                .ok_or(strum::ParseError::VariantNotFound),
        }
    }
}

impl std::fmt::Display for SourceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SourceKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SourceKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = String::deserialize(deserializer)?;
        word.parse()
            .map_err(|_| serde::de::Error::unknown_variant(&word, &KIND_NAMES))
    }
}

impl schemars::JsonSchema for SourceKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SourceKind".into()
    }

    /// One word: an exchange or an aggregator, or a chain node, which the schema describes.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let plain: Vec<&str> = KIND_NAMES
            .iter()
            .copied()
            .filter(|name| !matches!(*name, "evm" | "solana"))
            .collect();
        schemars::json_schema!({
            "description": "What kind of API a source speaks; decides which module reads it.",
            "oneOf": [
                { "type": "string", "enum": plain },
                { "description": "An EVM chain's JSON-RPC node.", "type": "string", "const": "evm" },
                { "description": "A Solana JSON-RPC node.", "type": "string", "const": "solana" }
            ]
        })
    }
}

impl Keyword for SourceKind {
    const CODE: Code = Code::UnknownValue;
    const WHAT: &'static str = "a source kind";
}

/// A request budget: at most `requests` per `per_seconds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct RateLimit {
    pub requests: u32,
    pub per_seconds: u32,
}

impl RateLimit {
    pub const fn per_second(requests: u32) -> Self {
        RateLimit {
            requests,
            per_seconds: 1,
        }
    }

    pub const fn per_minute(requests: u32) -> Self {
        RateLimit {
            requests,
            per_seconds: 60,
        }
    }
}

/// What a `base_url` writes where the key goes (`https://eth-mainnet.g.alchemy.com/v2/{key}`):
/// the key from `api_key_env` replaces it on the wire only, so the URL recorded in snapshots
/// and errors never holds the key.
pub const KEY_PLACEHOLDER: &str = "{key}";

/// One `[sources.<name>]` table, after defaults are applied.
#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct SourceSettings {
    pub kind: SourceKind,
    /// Where requests go; tests and self-hosted nodes point it elsewhere. A gateway that takes
    /// its key in the URL is written with [`KEY_PLACEHOLDER`] where the key goes.
    pub base_url: String,
    pub enabled: bool,
    /// The name of the environment variable holding the API key, never the key itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_env: Option<String>,
    pub rate_limit: RateLimit,
    /// Whether the source counts every call of a JSON-RPC batch against `rate_limit`, as
    /// Solana's public endpoint does, rather than every HTTP request.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bills_each_call: bool,
    /// EVM chain id (for `evm` and `etherscan` sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<u64>,
}

impl SourceSettings {
    /// Whether this is CoinGecko's Pro API (`pro-api` in the base URL): its key goes in another
    /// header, and it serves a coin's whole price history.
    pub fn is_coingecko_pro(&self) -> bool {
        self.kind == SourceKind::Coingecko && self.base_url.contains("pro-api")
    }
}

/// What a source module declares about its API: the built-in `[sources.<name>]` it stands for.
/// `listingcheck.toml` may override every field but the name and the kind.
#[derive(Clone, Copy, Debug)]
pub struct SourceDefaults {
    /// The `[sources.<name>]` key, which requests, failures and flags name.
    pub name: &'static str,
    pub kind: SourceKind,
    pub base_url: &'static str,
    /// The API's published limit.
    pub rate_limit: RateLimit,
    /// The environment variable holding the API key, for a source that takes one.
    pub api_key_env: Option<&'static str>,
    /// See [`SourceSettings::bills_each_call`].
    pub bills_each_call: bool,
    pub chain_id: Option<u64>,
}

impl SourceDefaults {
    /// A keyless source at `base_url`, billed per HTTP request, on no chain.
    pub const fn new(
        name: &'static str,
        kind: SourceKind,
        base_url: &'static str,
        rate_limit: RateLimit,
    ) -> Self {
        SourceDefaults {
            name,
            kind,
            base_url,
            rate_limit,
            api_key_env: None,
            bills_each_call: false,
            chain_id: None,
        }
    }

    /// An exchange's public API, keyless, at `requests` per `per_seconds`, named as the exchange
    /// is written.
    pub const fn exchange(
        exchange: Exchange,
        base_url: &'static str,
        requests: u32,
        per_seconds: u32,
    ) -> Self {
        let rate_limit = RateLimit {
            requests,
            per_seconds,
        };
        let name = Exchange::VARIANTS[exchange as usize];
        SourceDefaults::new(name, SourceKind::Exchange(exchange), base_url, rate_limit)
    }

    /// The settings of the source before `listingcheck.toml` is read.
    pub fn settings(&self) -> SourceSettings {
        SourceSettings {
            kind: self.kind,
            base_url: self.base_url.to_owned(),
            enabled: true,
            api_key_env: self.api_key_env.map(str::to_owned),
            rate_limit: self.rate_limit,
            bills_each_call: self.bills_each_call,
            chain_id: self.chain_id,
        }
    }
}

/// HTTP behaviour shared by every source.
#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct HttpSettings {
    /// Requests in flight at once, across all sources.
    pub concurrency: usize,
    /// Per-request timeout.
    pub timeout_secs: u64,
    /// Retries after the first attempt, on 429, 5xx and timeouts.
    pub max_retries: u32,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            concurrency: 8,
            timeout_secs: 20,
            max_retries: 4,
        }
    }
}

/// The cross-run cache of slow-changing answers.
#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct CacheSettings {
    /// Default: `$XDG_CACHE_HOME/listingcheck`, else `~/.cache/listingcheck`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir: Option<PathBuf>,
    /// Maximum age of coin lists and contract addresses.
    pub coin_list_hours: u64,
    /// Maximum age of per-asset exchange lists (CoinGecko tickers).
    pub tickers_hours: u64,
    /// Maximum age of first-trade dates.
    pub first_trade_hours: u64,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            dir: None,
            coin_list_hours: 24,
            tickers_hours: 72,
            first_trade_hours: 24 * 30,
        }
    }
}

impl CacheSettings {
    /// The cache directory: configured, else the platform's user cache directory.
    pub fn resolved_dir(&self) -> PathBuf {
        if let Some(dir) = &self.dir {
            return dir.clone();
        }
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")));
        base.unwrap_or_else(std::env::temp_dir).join("listingcheck")
    }
}

/// The whole configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct Config {
    pub http: HttpSettings,
    pub cache: CacheSettings,
    pub sources: BTreeMap<String, SourceSettings>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_as_it_is_written() {
        for name in SourceKind::VARIANTS {
            let kind: SourceKind = name.parse().unwrap();
            assert_eq!(kind.as_str(), *name);
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<SourceKind>(&format!("\"{name}\"")).unwrap(),
                kind
            );
        }
        assert_eq!(
            "gopax".parse::<SourceKind>().unwrap(),
            SourceKind::Exchange(Exchange::Gopax)
        );
    }

    #[test]
    fn an_unknown_kind_is_refused_naming_the_known_ones() {
        assert!("binance".parse::<SourceKind>().is_err());
        let error = serde_json::from_str::<SourceKind>("\"binance\"")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("unknown variant `binance`, expected one of `upbit`"),
            "{error}"
        );
    }
}
