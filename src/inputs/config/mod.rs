//! `listingcheck.toml`: where data comes from.
//!
//! Every known source has a built-in default (base URL, published rate limit, key variable),
//! declared by its module under `source/` and listed in [`crate::source::registry`], so the file
//! is optional; a `[sources.<name>]` table overrides any field, and a table with a new
//! name and a `kind` adds a source, such as a self-hosted chain node. API keys never sit in the
//! file: `api_key_env` names the environment variable that holds the key.

pub mod settings;

use std::path::{Path, PathBuf};

use strum::VariantNames as _;

pub use self::settings::{
    CacheSettings, Config, HttpSettings, KEY_PLACEHOLDER, RateLimit, SourceKind, SourceSettings,
};
use crate::inputs::diag::{Code, FileDiagnostics, Invalid};
use crate::inputs::toml_read::{self, Table};

/// The config format this version reads.
pub const CONFIG_SCHEMA: i64 = 1;

/// The file `--config` defaults to.
pub const DEFAULT_CONFIG: &str = "listingcheck.toml";

impl Default for Config {
    fn default() -> Self {
        Config {
            http: HttpSettings::default(),
            cache: CacheSettings::default(),
            sources: crate::source::registry::default_sources(),
        }
    }
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
    Ok(
        crate::inputs::files::read_checked(&path, crate::inputs::kind::InputKind::Config, parse)?
            .value,
    )
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
