//! Solana over JSON-RPC: `getTokenSupply(mint)` and `getTokenAccountBalance(tokenAccount)`, read
//! exactly from the raw `amount`, a u64 written as a string.
//!
//! `getTokenAccountBalance` takes a token account, not an owner wallet, so the excluded wallets of
//! a Solana asset are its token accounts. Calls go out as JSON-RPC batch arrays, with the same
//! per-call error rules as [`super::evm`].

use ruint::aliases::U256;
use serde::Deserialize;

use super::Http;
use super::chain::{
    self, Answers, CallList, ChainError, Plan, RpcChain, TokenQuery, TokenReading,
    checked_decimals, wallet_balance,
};
use super::jsonrpc::{RpcAnswer, RpcCall, RpcError};
use crate::amount::Amount;
use crate::inputs::asset::ExcludedWallet;
use crate::inputs::config::settings::{RateLimit, SourceDefaults, SourceKind};
use crate::snapshot::ChainSupply;

/// The built-in `[sources.solana]`: the public endpoint, which allows 40 requests per 10 s per IP
/// and limits calls per method, each call of a batch counted.
pub const DEFAULTS: SourceDefaults = SourceDefaults {
    bills_each_call: true,
    ..SourceDefaults::new(
        "solana",
        SourceKind::Solana,
        "https://api.mainnet-beta.solana.com",
        RateLimit {
            requests: 40,
            per_seconds: 10,
        },
    )
};

/// Calls per JSON-RPC batch. The public mainnet endpoint allows 40 calls per 10 s per method and
/// counts batch elements; 20 keeps one batch within that, and is what the EVM source uses too.
pub const BATCH_SIZE: usize = 20;

/// Reads supply, decimals and excluded token-account balances of every mint, each on the Solana
/// source its `chain` names. One reading per query, in their order.
pub async fn read_tokens(http: &Http, tokens: &[TokenQuery]) -> Vec<TokenReading> {
    chain::read_tokens::<Solana>(http, tokens).await
}

struct Solana;

/// The position of a mint's `getTokenSupply` call, which also answers its decimals.
struct MintCalls {
    supply: usize,
}

impl RpcChain for Solana {
    const KIND: SourceKind = SourceKind::Solana;
    const BATCH_SIZE: usize = BATCH_SIZE;
    const PACKS_CALLS: bool = false;
    const TOKEN_ADDRESS: &'static str = "mint address";
    const WALLET_ADDRESS: &'static str = "excluded token account";
    type TokenCalls = MintCalls;

    fn check_address(chain: &str, address: &str, what: &'static str) -> Result<(), ChainError> {
        check_address(chain, address, what)
    }

    fn plan_token(token: &TokenQuery, calls: &mut CallList) -> MintCalls {
        MintCalls {
            supply: calls.push(call("getTokenSupply", &token.contract.contract)),
        }
    }

    fn wallet_call(_token: &TokenQuery, wallet: &ExcludedWallet) -> RpcCall {
        call("getTokenAccountBalance", &wallet.address)
    }

    fn reading(
        chain: &str,
        token: &TokenQuery,
        plan: Plan<MintCalls>,
        answers: &mut Answers,
    ) -> TokenReading {
        let mint = token.contract.contract.as_str();
        let supply = token_amount(
            chain,
            mint,
            "getTokenSupply",
            answers.take(plan.token.supply),
        )
        .map(|(raw, decimals, req)| ChainSupply {
            chain: chain.to_owned(),
            contract: mint.to_owned(),
            native: token.contract.native,
            total_supply: Amount::from_raw(raw, decimals),
            decimals,
            req,
        });
        let chain_decimals = supply
            .as_ref()
            .map(|supply| supply.decimals)
            .map_err(Clone::clone);
        let balances = plan
            .wallets
            .into_iter()
            .zip(&token.wallets)
            .map(|(call, wallet)| {
                let call = call?;
                let what = format!("getTokenAccountBalance({})", wallet.address);
                let (raw, decimals, req) = token_amount(chain, mint, &what, answers.take(call))?;
                if let Ok(mint_decimals) = chain_decimals
                    && mint_decimals != decimals
                {
                    return Err(ChainError::ForeignAccount {
                        chain: chain.to_owned(),
                        contract: mint.to_owned(),
                        account: wallet.address.clone(),
                        account_decimals: decimals,
                        mint_decimals,
                    });
                }
                Ok(wallet_balance(
                    wallet,
                    chain,
                    Amount::from_raw(raw, decimals),
                    req,
                ))
            })
            .collect();
        TokenReading {
            chain: chain.to_owned(),
            contract: mint.to_owned(),
            declared_decimals: token.contract.decimals,
            chain_decimals,
            supply,
            balances,
        }
    }
}

/// A call that takes one address.
fn call(method: &'static str, address: &str) -> RpcCall {
    RpcCall {
        method,
        params: serde_json::json!([address]),
    }
}

/// A Solana address: 32 bytes in base58, 32 to 44 characters.
pub(crate) fn check_address(
    chain: &str,
    address: &str,
    what: &'static str,
) -> Result<(), ChainError> {
    const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let valid = (32..=44).contains(&address.len()) && address.bytes().all(|b| BASE58.contains(&b));
    if valid {
        Ok(())
    } else {
        Err(ChainError::BadAddress {
            chain: chain.to_owned(),
            address: address.to_owned(),
            what,
            expected: "Solana address (32 to 44 base58 characters)",
        })
    }
}

/// `result.value` of `getTokenSupply` and `getTokenAccountBalance`.
#[derive(Deserialize)]
struct Answer {
    value: TokenAmount,
}

#[derive(Deserialize)]
struct TokenAmount {
    /// Raw units, a u64 written as a string so that JavaScript clients keep every digit.
    amount: String,
    decimals: u64,
}

/// The raw amount, decimals and provenance in a call's answer.
fn token_amount(
    chain: &str,
    mint: &str,
    call: &str,
    answer: Result<RpcAnswer, RpcError>,
) -> Result<(U256, u8, u32), ChainError> {
    let answer = answer.map_err(|cause| ChainError::Call {
        chain: chain.to_owned(),
        contract: mint.to_owned(),
        call: call.to_owned(),
        cause: Box::new(cause),
    })?;
    let malformed = |detail: String| ChainError::MalformedAmount {
        chain: chain.to_owned(),
        contract: mint.to_owned(),
        call: call.to_owned(),
        detail,
    };
    let parsed: Answer = serde_json::from_str(answer.result.get())
        .map_err(|error| malformed(format!("{error} in `{}`", answer.result.get())))?;
    let raw: u64 = parsed
        .value
        .amount
        .parse()
        .map_err(|_| malformed(format!("amount `{}` is not a u64", parsed.value.amount)))?;
    let decimals = checked_decimals(chain, mint, parsed.value.decimals)?;
    Ok((U256::from(raw), decimals, answer.req))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_solana_address_is_base58_of_32_to_44_characters() {
        assert!(
            check_address(
                "solana",
                "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
                "m"
            )
            .is_ok()
        );
        for bad in [
            "",
            "0x00000000219ab540356cBB839Cbe05303d7705Fa",
            "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1O",
        ] {
            assert!(check_address("solana", bad, "m").is_err(), "{bad}");
        }
    }
}
