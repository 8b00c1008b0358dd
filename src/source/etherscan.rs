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

    let chain_id = http
        .settings(&contract.chain)
        .and_then(|settings| settings.chain_id)
        .ok_or_else(|| {
            SourceError::api(
                SOURCE,
                "/v2/api",
                format!(
                "chain `{}` has no `chain_id` in listingcheck.toml, so Etherscan cannot be asked about it",
                    contract.chain
                ),
            )
        })?;
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
