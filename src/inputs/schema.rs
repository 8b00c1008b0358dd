//! JSON Schemas of the files a user writes, generated from the Rust types with `schemars`.
//!
//! Editors validate and complete TOML against a JSON Schema (taplo, Even Better TOML), given a
//! `#:schema ../../schemas/standard.schema.json` line at the top of a file. So a schema here
//! describes the **file layout** (`schema = 1`, `[standard]` + `[[rule]]`, …), which is not
//! always the in-memory type: thin wrapper types below add the top-level `schema` key, and the
//! config file, whose every key is optional over built-in defaults, has its own layout types.
//!
//! Every object rejects keys it does not define (`additionalProperties: false`), as the loaders
//! do. The generated files live in `schemas/`; a test keeps them equal to what
//! `listingcheck schema` prints, and another that every key the loaders accept is in them.

use std::collections::BTreeMap;
use strum::{EnumIter, IntoStaticStr};

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::inputs::asset::AssetDescriptor;
use crate::inputs::config::{RateLimit, SourceKind};
use crate::inputs::standard::Standard;
use crate::inputs::waiver::Waiver;

/// A file format a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(clap::ValueEnum)]
#[derive(EnumIter, IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum FileKind {
    /// `standards/<family>/<version>.toml`
    Standard,
    /// `assets/<id>.toml`
    Asset,
    /// `waivers.toml`
    Waivers,
    /// `listingcheck.toml`
    Config,
}

impl FileKind {
    /// Where the generated schema is kept, relative to the repository root.
    pub fn path(self) -> String {
        format!("schemas/{}.schema.json", <&str>::from(self))
    }
}

/// The schema of one file format, as pretty JSON with a final newline.
pub fn generate(kind: FileKind) -> String {
    let generator = schemars::generate::SchemaSettings::draft07()
        .with_transform(schemars::transform::RecursiveTransform(drop_null))
        .with_transform(schemars::transform::RecursiveTransform(deny_unknown_keys))
        .into_generator();
    let schema = match kind {
        FileKind::Standard => generator.into_root_schema_for::<StandardFile>(),
        FileKind::Asset => generator.into_root_schema_for::<AssetFile>(),
        FileKind::Waivers => generator.into_root_schema_for::<WaiversFile>(),
        FileKind::Config => generator.into_root_schema_for::<ConfigFile>(),
    };
    serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
}

/// The JSON Schema of a document listingcheck writes (the JSON report), as pretty JSON with a
/// final newline. Objects refuse keys they do not define, as for the files a user writes; a
/// missing value is `null` there, so nulls stay.
pub fn of_document<T: JsonSchema>() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .with_transform(schemars::transform::RecursiveTransform(deny_unknown_keys))
        .into_generator()
        .into_root_schema_for::<T>();
    serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
}

/// TOML has no null: an optional key is one that may be left out, so the `null` that schemars
/// allows for an `Option` is removed.
fn drop_null(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(serde_json::Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            object.insert("type".into(), only);
        }
    }
    let null = serde_json::json!({ "type": "null" });
    if let Some(serde_json::Value::Array(choices)) = object.get_mut("anyOf") {
        choices.retain(|choice| *choice != null);
        if choices.len() == 1 {
            let serde_json::Value::Object(only) = choices.remove(0) else {
                return;
            };
            object.remove("anyOf");
            object.extend(only);
        }
    }
    if let Some(serde_json::Value::Array(values)) = object.get_mut("enum") {
        values.retain(|v| !v.is_null());
    }
}

/// Loaders report every key they do not know, so the schema refuses them too.
fn deny_unknown_keys(schema: &mut Schema) {
    if let Some(object) = schema.as_object_mut()
        && object.contains_key("properties")
        && !object.contains_key("additionalProperties")
    {
        object.insert("additionalProperties".into(), false.into());
    }
}

/// The `schema = 1` key every file starts with.
pub struct FormatVersion;

impl JsonSchema for FormatVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FormatVersion".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The file-format version. This listingcheck reads 1.",
            "type": "integer",
            "const": 1
        })
    }
}

/// A standards file: `standards/<family>/<version>.toml`.
#[derive(JsonSchema)]
#[schemars(title = "listingcheck standard")]
pub struct StandardFile {
    #[schemars(with = "FormatVersion")]
    pub schema: i64,
    #[serde(flatten)]
    pub standard: Standard,
}

/// An asset descriptor: `assets/<id>.toml`, what an issuer disclosed about one asset.
#[derive(JsonSchema)]
#[schemars(title = "listingcheck asset descriptor")]
pub struct AssetFile {
    #[schemars(with = "FormatVersion")]
    pub schema: i64,
    #[serde(flatten)]
    pub descriptor: AssetDescriptor,
}

/// A waivers file: granted exceptions for one asset and one rule each.
#[derive(JsonSchema)]
#[schemars(title = "listingcheck waivers")]
pub struct WaiversFile {
    #[schemars(with = "FormatVersion")]
    pub schema: i64,
    #[serde(rename = "waiver", default)]
    pub waivers: Vec<Waiver>,
}

/// `listingcheck.toml`: where data comes from. Every key is optional; what a file leaves out
/// keeps its built-in default.
#[derive(JsonSchema)]
#[schemars(title = "listingcheck config")]
pub struct ConfigFile {
    #[schemars(with = "FormatVersion")]
    pub schema: i64,
    pub http: Option<HttpTable>,
    pub cache: Option<CacheTable>,
    /// One table per source: a built-in name (upbit, bithumb, coinone, korbit, gopax,
    /// coingecko, coinmarketcap, etherscan, ethereum, …) overrides its defaults; a new name with
    /// a `kind` and `base_url` adds a source, such as a self-hosted node.
    #[serde(default)]
    pub sources: BTreeMap<String, SourceTable>,
}

/// `[http]`: behaviour shared by every source.
#[derive(JsonSchema)]
pub struct HttpTable {
    /// Requests in flight at once, across all sources (default 8).
    #[schemars(range(min = 1))]
    pub concurrency: Option<u32>,
    /// Per-request timeout in seconds (default 20).
    #[schemars(range(min = 1))]
    pub timeout_secs: Option<u32>,
    /// Retries after the first attempt, on 429, 5xx and timeouts (default 4).
    pub max_retries: Option<u32>,
}

/// `[cache]`: the cross-run cache of slow-changing answers.
#[derive(JsonSchema)]
pub struct CacheTable {
    /// Default: `$XDG_CACHE_HOME/listingcheck`, else `~/.cache/listingcheck`.
    pub dir: Option<String>,
    /// Maximum age of coin lists and contract addresses (default 24).
    pub coin_list_hours: Option<u32>,
    /// Maximum age of per-asset exchange lists (default 72).
    pub tickers_hours: Option<u32>,
    /// Maximum age of first-trade dates (default 720).
    pub first_trade_hours: Option<u32>,
}

/// `[sources.<name>]`: one data source.
#[derive(JsonSchema)]
pub struct SourceTable {
    /// What API the source speaks; required for a name that is not built in.
    pub kind: Option<SourceKind>,
    /// Where requests go (http or https); required for a name that is not built in.
    #[schemars(regex(pattern = r"^https?://"))]
    pub base_url: Option<String>,
    pub enabled: Option<bool>,
    /// The name of the environment variable that holds the API key, never the key itself.
    pub api_key_env: Option<String>,
    /// EVM chain id (for `evm` and `etherscan` sources).
    pub chain_id: Option<u32>,
    /// At most `requests` per `per_seconds`; default: the API's published limit.
    pub rate_limit: Option<RateLimit>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_keys_are_not_nullable_since_toml_has_no_null() {
        let schema = generate(FileKind::Config);
        assert!(!schema.contains("\"null\""), "{schema}");
    }

    #[test]
    fn a_standard_schema_requires_the_format_version_and_refuses_unknown_keys() {
        let schema: serde_json::Value =
            serde_json::from_str(&generate(FileKind::Standard)).unwrap();
        assert_eq!(
            schema["properties"]["schema"]["$ref"],
            "#/definitions/FormatVersion"
        );
        assert_eq!(schema["additionalProperties"], false);
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(required.contains(&"schema") && required.contains(&"rule"));
    }
}
