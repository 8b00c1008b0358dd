//! `listingcheck.toml`: where data comes from.
//!
//! Every known source has a built-in default (base URL, published rate limit, key variable), so
//! the file is optional; a `[sources.<name>]` table overrides any field, and a table with a new
//! name and a `kind` adds a source, such as a self-hosted chain node. API keys never sit in the
//! file: `api_key_env` names the environment variable that holds the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{Code, FileDiagnostics, Invalid};
use strum::VariantNames as _;

use crate::toml_read::{self, Keyword, Table};

/// The config format this version reads.
pub const CONFIG_SCHEMA: i64 = 1;

/// The file `--config` defaults to.
pub const DEFAULT_CONFIG: &str = "listingcheck.toml";

/// What kind of API a source speaks; decides which module reads it.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantNames,
    strum::Display,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum SourceKind {
    Upbit,
    Bithumb,
    Coinone,
    Korbit,
    Gopax,
    Coingecko,
    Coinmarketcap,
    Etherscan,
    /// An EVM chain's JSON-RPC node.
    Evm,
    /// A Solana JSON-RPC node.
    Solana,
}

impl Keyword for SourceKind {
    const CODE: Code = Code::UnknownValue;
    const WHAT: &'static str = "a source kind";
}

/// A request budget: at most `requests` per `per_seconds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

/// HTTP behaviour shared by every source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Config {
    pub http: HttpSettings,
    pub cache: CacheSettings,
    pub sources: BTreeMap<String, SourceSettings>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            http: HttpSettings::default(),
            cache: CacheSettings::default(),
            sources: default_sources(),
        }
    }
}

/// The built-in sources, at each API's published rate limit.
pub fn default_sources() -> BTreeMap<String, SourceSettings> {
    use SourceKind::{
        Bithumb, Coingecko, Coinmarketcap, Coinone, Etherscan, Evm, Gopax, Korbit, Solana, Upbit,
    };
    let source =
        |kind, base_url: &str, rate_limit, api_key_env: Option<&str>, chain_id: Option<u64>| {
            SourceSettings {
                kind,
                base_url: base_url.to_owned(),
                enabled: true,
                api_key_env: api_key_env.map(str::to_owned),
                rate_limit,
                // Solana's public endpoint limits calls per method, each call of a batch counted.
                bills_each_call: kind == Solana,
                chain_id,
            }
        };
    let mut sources = BTreeMap::new();
    // Exchanges: Upbit 10/s per group, Bithumb 150/s, Coinone ~300/min public, Korbit 50/s, GOPAX 20/s.
    sources.insert(
        "upbit".into(),
        source(
            Upbit,
            "https://api.upbit.com",
            RateLimit::per_second(10),
            None,
            None,
        ),
    );
    sources.insert(
        "bithumb".into(),
        source(
            Bithumb,
            "https://api.bithumb.com",
            RateLimit::per_second(150),
            None,
            None,
        ),
    );
    sources.insert(
        "coinone".into(),
        source(
            Coinone,
            "https://api.coinone.co.kr",
            RateLimit::per_minute(300),
            None,
            None,
        ),
    );
    sources.insert(
        "korbit".into(),
        source(
            Korbit,
            "https://api.korbit.co.kr",
            RateLimit::per_second(50),
            None,
            None,
        ),
    );
    sources.insert(
        "gopax".into(),
        source(
            Gopax,
            "https://api.gopax.co.kr",
            RateLimit::per_second(20),
            None,
            None,
        ),
    );
    // Aggregators: CoinGecko's public/demo plan allows about 30 calls a minute; CoinMarketCap's basic plan 30.
    sources.insert(
        "coingecko".into(),
        source(
            Coingecko,
            "https://api.coingecko.com/api/v3",
            RateLimit::per_minute(30),
            Some("COINGECKO_API_KEY"),
            None,
        ),
    );
    sources.insert(
        "coinmarketcap".into(),
        source(
            Coinmarketcap,
            "https://pro-api.coinmarketcap.com",
            RateLimit::per_minute(30),
            Some("CMC_API_KEY"),
            None,
        ),
    );
    // Etherscan V2 free tier: 3 calls a second, one key for every chain id.
    sources.insert(
        "etherscan".into(),
        source(
            Etherscan,
            "https://api.etherscan.io",
            RateLimit::per_second(3),
            Some("ETHERSCAN_API_KEY"),
            Some(1),
        ),
    );
    // Public chain nodes; point `base_url` at your own node for volume.
    sources.insert(
        "ethereum".into(),
        source(
            Evm,
            "https://ethereum-rpc.publicnode.com",
            RateLimit::per_second(10),
            None,
            Some(1),
        ),
    );
    sources.insert(
        "kaia".into(),
        source(
            Evm,
            "https://public-en.node.kaia.io",
            RateLimit::per_second(10),
            None,
            Some(8217),
        ),
    );
    sources.insert(
        "polygon".into(),
        source(
            Evm,
            "https://polygon-rpc.com",
            RateLimit::per_second(10),
            None,
            Some(137),
        ),
    );
    sources.insert(
        "arbitrum".into(),
        source(
            Evm,
            "https://arb1.arbitrum.io/rpc",
            RateLimit::per_second(10),
            None,
            Some(42161),
        ),
    );
    sources.insert(
        "base".into(),
        source(
            Evm,
            "https://mainnet.base.org",
            RateLimit::per_second(10),
            None,
            Some(8453),
        ),
    );
    sources.insert(
        "bsc".into(),
        source(
            Evm,
            "https://bsc-dataseed.bnbchain.org",
            RateLimit::per_second(10),
            None,
            Some(56),
        ),
    );
    // Solana's public endpoint allows 40 requests per 10 s per IP.
    sources.insert(
        "solana".into(),
        source(
            Solana,
            "https://api.mainnet-beta.solana.com",
            RateLimit {
                requests: 40,
                per_seconds: 10,
            },
            None,
            None,
        ),
    );
    sources
}

/// Reads `path`, or returns the defaults when `path` is the default name and does not exist.
pub fn load(path: Option<&Path>) -> Result<Config, Invalid> {
    let (path, explicit) = match path {
        Some(path) => (path.to_owned(), true),
        None => (PathBuf::from(DEFAULT_CONFIG), false),
    };
    if !explicit && !path.exists() {
        return Ok(Config::default());
    }
    Ok(crate::files::read_checked(&path, parse)?.value)
}

/// Parses config text over the defaults; every problem goes to `diagnostics`.
pub fn parse(source: &str, diagnostics: &mut FileDiagnostics) -> Option<Config> {
    let root = toml_read::parse(source, diagnostics)?;
    mark_secrets(root.get_ref(), diagnostics);
    let mut file = Table::new(&root, "listingcheck.toml");
    let schema_ok = toml_read::check_schema(&mut file, CONFIG_SCHEMA, "config", diagnostics);
    let mut config = Config::default();
    if let Some(http) = file
        .get("http")
        .and_then(|value| Table::of(value, "[http]", diagnostics))
    {
        read_http(http, &mut config.http, diagnostics);
    }
    if let Some(cache) = file
        .get("cache")
        .and_then(|value| Table::of(value, "[cache]", diagnostics))
    {
        read_cache(cache, &mut config.cache, diagnostics);
    }
    // Every key under [sources] is a source name, so the table is walked rather than read by key.
    if let Some(value) = file.get("sources")
        && Table::of(value, "[sources]", diagnostics).is_some()
        && let toml::de::DeValue::Table(entries) = value.get_ref()
    {
        for (name, entry) in entries {
            let name = name.get_ref().to_string();
            let Some(table) = Table::of(entry, format!("[sources.{name}]"), diagnostics) else {
                continue;
            };
            let default = config.sources.get(&name);
            if let Some(settings) = read_source(table, &name, default, diagnostics) {
                config.sources.insert(name, settings);
            }
        }
    }
    file.finish(diagnostics);
    schema_ok.then_some(config)
}

fn read_http(mut table: Table<'_, '_>, http: &mut HttpSettings, diagnostics: &mut FileDiagnostics) {
    if let Some(concurrency) = table.optional::<u32>("concurrency", diagnostics) {
        http.concurrency = positive(concurrency, diagnostics) as usize;
    }
    if let Some(timeout) = table.optional::<u32>("timeout_secs", diagnostics) {
        http.timeout_secs = u64::from(positive(timeout, diagnostics));
    }
    if let Some(retries) = table.optional::<u32>("max_retries", diagnostics) {
        http.max_retries = retries.into_inner();
    }
    table.finish(diagnostics);
}

fn read_cache(
    mut table: Table<'_, '_>,
    cache: &mut CacheSettings,
    diagnostics: &mut FileDiagnostics,
) {
    if let Some(dir) = table.optional::<String>("dir", diagnostics) {
        // `snapshots/` holds only snapshots: the newest file there is what `check` reads.
        if Path::new(dir.get_ref())
            .components()
            .any(|part| part.as_os_str() == "snapshots")
        {
            diagnostics.error(
                Code::InvalidValue,
                dir.span(),
                format!(
                    "the cache directory `{}` is inside a `snapshots` directory, which holds only snapshots; choose another",
                    dir.get_ref()
                ),
            );
        } else {
            cache.dir = Some(PathBuf::from(dir.into_inner()));
        }
    }
    for (key, field) in [
        ("coin_list_hours", &mut cache.coin_list_hours),
        ("tickers_hours", &mut cache.tickers_hours),
        ("first_trade_hours", &mut cache.first_trade_hours),
    ] {
        if let Some(hours) = table.optional::<u32>(key, diagnostics) {
            *field = u64::from(hours.into_inner());
        }
    }
    table.finish(diagnostics);
}

/// One `[sources.<name>]` table over the built-in default of that name, if any.
fn read_source(
    mut table: Table<'_, '_>,
    name: &str,
    default: Option<&SourceSettings>,
    diagnostics: &mut FileDiagnostics,
) -> Option<SourceSettings> {
    let kind = table.optional::<SourceKind>("kind", diagnostics);
    if let (Some(kind), Some(default)) = (&kind, default)
        && *kind.get_ref() != default.kind
    {
        diagnostics
            .error(
                Code::InvalidValue,
                kind.span(),
                format!(
                    "[sources.{name}] is the built-in {} source; its kind cannot change",
                    default.kind
                ),
            )
            .help = Some(format!(
            "give your source another name, e.g. [sources.my-{name}]"
        ));
    }
    let kind = kind.map(toml::Spanned::into_inner);
    let base_url = table.optional::<String>("base_url", diagnostics);
    if let Some(url) = &base_url
        && !(url.get_ref().starts_with("http://") || url.get_ref().starts_with("https://"))
    {
        diagnostics.error(
            Code::InvalidValue,
            url.span(),
            format!("`{}` is not an http(s) URL", url.get_ref()),
        );
    }
    if let Some(url) = &base_url
        && key_in_url(url.get_ref()).is_some()
    {
        diagnostics.error(
            Code::InvalidValue,
            url.span(),
            "`base_url` seems to hold an API key, which would be recorded in every snapshot and error message",
        )
        .help = Some(format!(
            "write {KEY_PLACEHOLDER} where the key goes and name its environment variable in `api_key_env`, e.g. base_url = \"https://eth-mainnet.g.alchemy.com/v2/{KEY_PLACEHOLDER}\" with api_key_env = \"ALCHEMY_KEY\""
        ));
    }
    let enabled = table.optional::<bool>("enabled", diagnostics);
    let bills_each_call = table.optional::<bool>("bills_each_call", diagnostics);
    let api_key_env = table.optional::<String>("api_key_env", diagnostics);
    if let Some(variable) = &api_key_env {
        // A pasted key would otherwise travel into logs and error messages as a "variable name".
        if !is_variable_name(variable.get_ref()) {
            diagnostics.error(Code::InvalidValue, variable.span(), "`api_key_env` names an environment variable (e.g. CMC_API_KEY), never the key itself").help =
                Some("put the key in the environment: export CMC_API_KEY=…".into());
        }
    }
    let chain_id = table
        .optional::<i64>("chain_id", diagnostics)
        .and_then(|id| {
            let parsed = u64::try_from(*id.get_ref()).ok().filter(|id| *id > 0);
            if parsed.is_none() {
                diagnostics.error(
                    Code::InvalidValue,
                    id.span(),
                    "a chain id is a positive integer",
                );
            }
            parsed
        });
    let rate_limit = table
        .get("rate_limit")
        .and_then(|value| {
            Table::of(
                value,
                format!("`rate_limit` of [sources.{name}]"),
                diagnostics,
            )
        })
        .and_then(|mut limit| {
            let requests = limit
                .required::<u32>("requests", diagnostics)
                .map(|r| positive(r, diagnostics));
            let per_seconds = limit
                .required::<u32>("per_seconds", diagnostics)
                .map(|r| positive(r, diagnostics));
            limit.finish(diagnostics);
            Some(RateLimit {
                requests: requests?,
                per_seconds: per_seconds?,
            })
        });
    let header = table.span().start..table.span().start;
    table.finish(diagnostics);
    let Some(kind) = kind.or(default.map(|d| d.kind)) else {
        diagnostics
            .error(
                Code::MissingKey,
                header,
                format!("[sources.{name}] is not a built-in source, so it needs `kind`"),
            )
            .help = Some(format!("one of: {}", SourceKind::VARIANTS.join(", ")));
        return None;
    };
    let Some(base_url) = base_url
        .map(toml::Spanned::into_inner)
        .or(default.map(|d| d.base_url.clone()))
    else {
        diagnostics.error(
            Code::MissingKey,
            header,
            format!("[sources.{name}] is not a built-in source, so it needs `base_url`"),
        );
        return None;
    };
    let api_key_env = api_key_env
        .map(toml::Spanned::into_inner)
        .or(default.and_then(|d| d.api_key_env.clone()));
    if base_url.contains(KEY_PLACEHOLDER) && api_key_env.is_none() {
        diagnostics.error(
            Code::MissingKey,
            header,
            format!("[sources.{name}] writes {KEY_PLACEHOLDER} in its `base_url` but names no `api_key_env` to fill it"),
        );
    }
    Some(SourceSettings {
        kind,
        base_url: base_url.trim_end_matches('/').to_owned(),
        enabled: enabled.map_or(default.is_none_or(|d| d.enabled), toml::Spanned::into_inner),
        api_key_env,
        rate_limit: rate_limit
            .or(default.map(|d| d.rate_limit))
            .unwrap_or(RateLimit::per_second(5)),
        bills_each_call: bills_each_call.map_or(
            default.is_some_and(|d| d.bills_each_call),
            toml::Spanned::into_inner,
        ),
        chain_id: chain_id.or(default.and_then(|d| d.chain_id)),
    })
}

/// Every key `listingcheck.toml` defines, at any depth; source names are tables and are walked.
const CONFIG_KEYS: [&str; 19] = [
    "schema",
    "http",
    "cache",
    "sources",
    "concurrency",
    "timeout_secs",
    "max_retries",
    "dir",
    "coin_list_hours",
    "tickers_hours",
    "first_trade_hours",
    "kind",
    "base_url",
    "enabled",
    "bills_each_call",
    "chain_id",
    "rate_limit",
    "requests",
    "per_seconds",
];

/// Marks what may be a secret, so that no diagnostic quotes it: the value of any key the format
/// does not define (`api_key = "…"` is the usual mistake), an `api_key_env` that is not a
/// variable name, and a `base_url` with a key in it.
fn mark_secrets(table: &toml::de::DeTable<'_>, diagnostics: &mut FileDiagnostics) {
    use toml::de::DeValue;
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        match value.get_ref() {
            DeValue::Table(inner) => mark_secrets(inner, diagnostics),
            DeValue::String(text)
                if (name == "api_key_env" && !is_variable_name(text))
                    || (name == "base_url" && key_in_url(text).is_some()) =>
            {
                diagnostics.mark_secret(value.span());
            }
            _ if name == "api_key_env" || CONFIG_KEYS.contains(&name) => {}
            _ => diagnostics.mark_secret(value.span()),
        }
    }
}

/// `CMC_API_KEY`: upper-case letters, digits and `_`, not starting with a digit.
fn is_variable_name(text: &str) -> bool {
    text.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_uppercase() || b == b'_')
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// The part of a URL that looks like an API key: a query parameter named like one, or a path
/// segment or query value of 20 or more letters, digits, `-` and `_` that mixes letters and digits
/// (Infura's and Alchemy's `/v3/<key>`, Ankr's and QuickNode's tokens, Helius' `?api-key=`).
fn key_in_url(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let keyish = |part: &str| {
        part.len() >= 20
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && part.bytes().any(|b| b.is_ascii_digit())
            && part.bytes().any(|b| b.is_ascii_alphabetic())
    };
    let in_path = path.split('/').skip(1).find(|segment| keyish(segment));
    let in_query = query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let named = [
            "key",
            "apikey",
            "api-key",
            "api_key",
            "token",
            "access_token",
        ]
        .contains(&name.to_ascii_lowercase().as_str());
        (value != KEY_PLACEHOLDER && (named || keyish(value))).then_some(value)
    });
    in_path.or(in_query)
}

fn positive(value: toml::Spanned<u32>, diagnostics: &mut FileDiagnostics) -> u32 {
    if *value.get_ref() == 0 {
        diagnostics.error(Code::InvalidValue, value.span(), "must be at least 1");
        return 1;
    }
    value.into_inner()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn parse_ok(text: &str) -> Config {
        let mut diagnostics = FileDiagnostics::new(Path::new("listingcheck.toml"), text);
        let config = parse(text, &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{}", diagnostics.render());
        config.unwrap()
    }

    #[test]
    fn a_built_in_source_keeps_its_defaults_where_the_file_is_silent() {
        let config =
            parse_ok("schema = 1\n[sources.upbit]\nbase_url = \"http://127.0.0.1:9000/\"\n");
        let upbit = &config.sources["upbit"];
        assert_eq!(upbit.base_url, "http://127.0.0.1:9000");
        assert_eq!(upbit.rate_limit, RateLimit::per_second(10));
    }

    #[test]
    fn a_self_hosted_node_is_a_new_source_with_a_kind() {
        let config = parse_ok(
            "schema = 1\n[sources.mynode]\nkind = \"evm\"\nbase_url = \"http://10.0.0.5:8545\"\nchain_id = 1\nrate_limit = { requests = 100, per_seconds = 1 }\n",
        );
        assert_eq!(config.sources["mynode"].kind, SourceKind::Evm);
        assert_eq!(config.sources["mynode"].rate_limit.requests, 100);
    }

    #[test]
    fn a_cache_directory_inside_snapshots_is_an_error() {
        let text = "schema = 1\n[cache]\ndir = \"snapshots/cache\"\n";
        let mut diagnostics = FileDiagnostics::new(Path::new("listingcheck.toml"), text);
        parse(text, &mut diagnostics);
        assert!(
            diagnostics
                .render()
                .contains("error[invalid-value]: the cache directory `snapshots/cache` is inside a `snapshots` directory"),
            "{}",
            diagnostics.render()
        );
    }

    fn errors_of(text: &str) -> String {
        let mut diagnostics = FileDiagnostics::new(Path::new("listingcheck.toml"), text);
        parse(text, &mut diagnostics);
        diagnostics.render()
    }

    #[test]
    fn a_key_in_base_url_is_refused_with_the_placeholder_as_help() {
        for url in [
            "https://mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161",
            "https://mainnet.helius-rpc.com/?api-key=abc",
        ] {
            let rendered = errors_of(&format!(
                "schema = 1\n[sources.node]\nkind = \"evm\"\nchain_id = 1\nbase_url = \"{url}\"\n"
            ));
            assert!(
                rendered.contains("error[invalid-value]: `base_url` seems to hold an API key"),
                "{rendered}"
            );
            assert!(
                rendered.contains("write {key} where the key goes"),
                "{rendered}"
            );
        }
    }

    #[test]
    fn a_base_url_with_the_key_placeholder_needs_api_key_env() {
        let text = "schema = 1\n[sources.node]\nkind = \"evm\"\nchain_id = 1\nbase_url = \"https://eth-mainnet.g.alchemy.com/v2/{key}\"\n";
        assert!(errors_of(text).contains("error[missing-key]: [sources.node] writes {key}"));
        let config = parse_ok(&format!("{text}api_key_env = \"ALCHEMY_KEY\"\n"));
        assert_eq!(
            config.sources["node"].base_url,
            "https://eth-mainnet.g.alchemy.com/v2/{key}"
        );
    }

    #[test]
    fn a_pasted_key_in_api_key_env_is_refused() {
        let rendered =
            errors_of("schema = 1\n[sources.coingecko]\napi_key_env = \"CG-Ab12Cd34Ef56\"\n");
        assert!(
            rendered.contains("error[invalid-value]: `api_key_env` names an environment variable"),
            "{rendered}"
        );
        assert!(
            errors_of("schema = 1\n[sources.coingecko]\napi_key_env = \"MY_CG_KEY_2\"\n")
                .is_empty()
        );
    }

    #[test]
    fn a_built_in_source_keeps_its_kind() {
        let rendered = errors_of("schema = 1\n[sources.upbit]\nkind = \"evm\"\n");
        assert!(
            rendered
                .contains("[sources.upbit] is the built-in upbit source; its kind cannot change"),
            "{rendered}"
        );
    }

    #[test]
    fn a_chain_id_beyond_32_bits_is_accepted() {
        let config = parse_ok(
            "schema = 1\n[sources.palm]\nkind = \"evm\"\nbase_url = \"http://10.0.0.5:8545\"\nchain_id = 11297108109\n",
        );
        assert_eq!(config.sources["palm"].chain_id, Some(11_297_108_109));
    }

    #[test]
    fn a_new_source_without_a_kind_is_an_error() {
        let text = "schema = 1\n[sources.mynode]\nbase_url = \"http://10.0.0.5:8545\"\n";
        let mut diagnostics = FileDiagnostics::new(Path::new("listingcheck.toml"), text);
        parse(text, &mut diagnostics);
        assert!(
            diagnostics.render().contains(
                "error[missing-key]: [sources.mynode] is not a built-in source, so it needs `kind`"
            ),
            "{}",
            diagnostics.render()
        );
    }
}
