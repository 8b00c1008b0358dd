//! Etherscan V2: the fallback for an EVM contract's total supply when its chain's node does not
//! answer. One key serves every chain, chosen by `chainid`; the HTTP layer adds the key as the
//! `apikey` query parameter.
//!
//! Errors come as `status "0"` inside an HTTP 200 (`{"status":"0","message":"NOTOK","result":
//! "Invalid API Key"}`); the HTTP layer turns those into errors, so an answer that reaches this
//! module has a result.

use ruint::aliases::U256;
use serde::Deserialize;

use super::batch::query_value;
use super::{Call, Http, SourceError};
use crate::amount::Amount;
use crate::inputs::asset::ChainContract;
use crate::inputs::config::settings::{RateLimit, SourceDefaults, SourceKind};
use crate::snapshot::ChainSupply;

/// The built-in `[sources.etherscan]`. Etherscan V2's free tier allows 3 calls a second, one key
/// for every chain id.
pub const DEFAULTS: SourceDefaults = SourceDefaults {
    api_key_env: Some("ETHERSCAN_API_KEY"),
    chain_id: Some(1),
    ..SourceDefaults::new(
        "etherscan",
        SourceKind::Etherscan,
        "https://api.etherscan.io",
        RateLimit::per_second(3),
    )
};

/// The source's name in `listingcheck.toml`.
pub const SOURCE: &str = DEFAULTS.name;

/// Total supply of `contract` from `module=stats&action=tokensupply`, in raw units scaled by
/// `decimals` (the chain's, or the descriptor's when the chain's node failed). The chain id is
/// that of the contract's chain source (`chain_id` in its `[sources.<chain>]`).
pub async fn total_supply(
    http: &Http,
    contract: &ChainContract,
    decimals: u8,
) -> Result<ChainSupply, SourceError> {
    #[derive(Deserialize)]
    struct Body {
        result: serde_json::Value,
    }

    let chain_id = chain_id_of(http, &contract.chain)?;
    let call = Call::get(
        SOURCE,
        format!(
            "/v2/api?chainid={chain_id}&module=stats&action=tokensupply&contractaddress={}",
            query_value(&contract.contract)
        ),
    );
    let answer = http.fetch(&call).await?;
    let body: Body = answer.parse()?;
    let raw = body
        .result
        .as_str()
        .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|digits| U256::from_str_radix(digits, 10).ok())
        .ok_or_else(|| {
            answer.shape(format!(
                "`result` {} is not an amount in raw units",
                body.result
            ))
        })?;
    Ok(ChainSupply {
        chain: contract.chain.clone(),
        contract: contract.contract.clone(),
        native: contract.native,
        total_supply: Amount::from_raw(raw, decimals),
        decimals,
        req: answer.req,
    })
}

/// A contract's source as Etherscan's `module=contract&action=getsourcecode` answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractSource {
    /// Whether the source is published and verified.
    pub verified: bool,
    /// The contract's name, when verified.
    pub name: Option<String>,
    /// The ABI as JSON text, when verified.
    pub abi: Option<String>,
    /// The implementation Etherscan names for a proxy it recognises.
    pub implementation: Option<String>,
    pub req: u32,
}

/// The source of `address` on `chain`'s network: verified or not, its name and ABI. Kept in the
/// cross-run cache for a day with the coin lists, since a contract's verification rarely changes.
pub async fn source_code(
    http: &Http,
    chain: &str,
    address: &str,
) -> Result<ContractSource, SourceError> {
    #[derive(Deserialize)]
    struct Body {
        result: Vec<Entry>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Entry {
        #[serde(default)]
        source_code: String,
        #[serde(rename = "ABI", default)]
        abi: String,
        #[serde(default)]
        contract_name: String,
        #[serde(default)]
        implementation: String,
    }

    let chain_id = chain_id_of(http, chain)?;
    let call = Call::get(
        SOURCE,
        format!(
            "/v2/api?chainid={chain_id}&module=contract&action=getsourcecode&address={}",
            query_value(address)
        ),
    )
    .cached(super::CacheClass::CoinList);
    let answer = http.fetch(&call).await?;
    let body: Body = answer.parse()?;
    let entry = body
        .result
        .into_iter()
        .next()
        .ok_or_else(|| answer.shape("`result` is an empty list"))?;
    let verified = !entry.source_code.is_empty() && entry.abi.trim_start().starts_with('[');
    let present = |text: String| (!text.is_empty()).then_some(text);
    Ok(ContractSource {
        verified,
        name: present(entry.contract_name).filter(|_| verified),
        abi: verified.then_some(entry.abi),
        implementation: present(entry.implementation),
        req: answer.req,
    })
}

/// The chain id of a chain source (`chain_id` in its `[sources.<chain>]`), which picks the network
/// Etherscan answers for.
fn chain_id_of(http: &Http, chain: &str) -> Result<u64, SourceError> {
    http.settings(chain)
        .and_then(|settings| settings.chain_id)
        .ok_or_else(|| {
            SourceError::api(
                SOURCE,
                "/v2/api",
                format!(
                    "chain `{chain}` has no `chain_id` in listingcheck.toml, so Etherscan cannot be asked about it"
                ),
            )
        })
}
