//! EVM chains over JSON-RPC: `totalSupply()`, `decimals()` and `balanceOf(wallet)` of ERC-20
//! contracts, as exact uint256 words.
//!
//! Batching: the calls of every contract on one chain go packed into Multicall3 `aggregate3`
//! calls ([`super::multicall`]), which go out as JSON-RPC batch arrays of at most
//! [`BATCH_SIZE`]; a chain without Multicall3 gets the plain calls in such batches.

use ruint::aliases::U256;

use super::Http;
use super::chain::{
    self, Answers, CallList, ChainError, Plan, RpcChain, TokenQuery, TokenReading,
    checked_decimals, scale, wallet_balance,
};
use super::jsonrpc::{RpcAnswer, RpcCall, RpcError};
use super::packing::Shares;
use crate::amount::Amount;
use crate::inputs::asset::ExcludedWallet;
use crate::inputs::config::settings::{RateLimit, SourceDefaults, SourceKind};
use crate::snapshot::ChainSupply;

/// The built-in chain sources: public nodes, at 10 requests a second each. Point `base_url` at
/// your own node for volume.
pub const PUBLIC_NODES: [SourceDefaults; 6] = [
    node("ethereum", "https://ethereum-rpc.publicnode.com", 1),
    node("kaia", "https://public-en.node.kaia.io", 8217),
    node("polygon", "https://polygon-rpc.com", 137),
    node("arbitrum", "https://arb1.arbitrum.io/rpc", 42161),
    node("base", "https://mainnet.base.org", 8453),
    node("bsc", "https://bsc-dataseed.bnbchain.org", 56),
];

const fn node(name: &'static str, base_url: &'static str, chain_id: u64) -> SourceDefaults {
    SourceDefaults {
        chain_id: Some(chain_id),
        ..SourceDefaults::new(name, SourceKind::Evm, base_url, RateLimit::per_second(10))
    }
}

/// Calls per JSON-RPC batch. Public nodes cap batches low and differently (Moralis 20, Besu's
/// default 50, Polygon's Bor 100, Alchemy 1000) and some bill each element as a request; 20 is
/// accepted by all of them.
pub const BATCH_SIZE: usize = 20;

/// `totalSupply()`.
const TOTAL_SUPPLY: &str = "0x18160ddd";
/// `decimals()`.
const DECIMALS: &str = "0x313ce567";
/// `balanceOf(address)`, followed by the address left-padded to 32 bytes.
const BALANCE_OF: &str = "0x70a08231";

/// Reads supply, decimals and excluded-wallet balances of every token, each on the EVM source its
/// contract's `chain` names; each chain's calls go with another reader's where `shares` has a
/// part for it ([`Shares::none`]: alone). One reading per query, in their order.
pub async fn read_tokens(http: &Http, tokens: &[TokenQuery], shares: Shares) -> Vec<TokenReading> {
    chain::read_tokens::<Evm>(http, tokens, shares).await
}

struct Evm;

/// The positions of a contract's `decimals()` and `totalSupply()` calls.
struct ContractCalls {
    decimals: usize,
    supply: usize,
}

impl RpcChain for Evm {
    const KIND: SourceKind = SourceKind::Evm;
    const BATCH_SIZE: usize = BATCH_SIZE;
    type Packing = super::multicall::Multicall3;
    const TOKEN_ADDRESS: &'static str = "contract address";
    const WALLET_ADDRESS: &'static str = "excluded wallet address";
    const ADDRESS: &'static crate::address::Format = &crate::address::EVM;
    type TokenCalls = ContractCalls;

    fn plan_token(token: &TokenQuery, calls: &mut CallList) -> ContractCalls {
        let contract = &token.contract.contract;
        ContractCalls {
            decimals: calls.push(eth_call(contract, DECIMALS)),
            supply: calls.push(eth_call(contract, TOTAL_SUPPLY)),
        }
    }

    fn wallet_call(token: &TokenQuery, wallet: &ExcludedWallet) -> RpcCall {
        eth_call(&token.contract.contract, &balance_of(&wallet.address))
    }

    fn reading(
        chain: &str,
        token: &TokenQuery,
        plan: Plan<ContractCalls>,
        answers: &mut Answers,
    ) -> TokenReading {
        let contract = token.contract.contract.as_str();
        let chain_decimals = word(
            chain,
            contract,
            "decimals()",
            answers.take(plan.token.decimals),
        )
        .and_then(|(decimals, _)| {
            let decimals = u64::try_from(decimals).unwrap_or(u64::MAX);
            checked_decimals(chain, contract, decimals)
        });
        let scale = scale(chain, contract, &chain_decimals, token.contract.decimals);
        // The call's own failure first: it says more than the missing decimals.
        let supply = word(
            chain,
            contract,
            "totalSupply()",
            answers.take(plan.token.supply),
        )
        .and_then(|(raw, req)| {
            let decimals = scale.clone()?;
            Ok(ChainSupply {
                chain: chain.to_owned(),
                contract: contract.to_owned(),
                native: token.contract.native,
                total_supply: Amount::from_raw(raw, decimals),
                decimals,
                req,
            })
        });
        let balances = plan
            .wallets
            .into_iter()
            .zip(&token.wallets)
            .map(|(call, wallet)| {
                let what = format!("balanceOf({})", wallet.address);
                let (raw, req) = word(chain, contract, &what, answers.take(call?))?;
                let decimals = scale.clone()?;
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
            contract: contract.to_owned(),
            declared_decimals: token.contract.decimals,
            chain_decimals,
            supply,
            balances,
        }
    }
}

fn eth_call(contract: &str, data: &str) -> RpcCall {
    RpcCall {
        method: "eth_call",
        params: serde_json::json!([{ "to": contract, "data": data }, "latest"]),
    }
}

/// `balanceOf(wallet)` call data: the selector, then the address left-padded to 32 bytes.
fn balance_of(wallet: &str) -> String {
    let hex = wallet[2..].to_ascii_lowercase();
    format!("{BALANCE_OF}{hex:0>64}")
}

/// The uint256 in a call's answer, which must be exactly one 32-byte word.
fn word(
    chain: &str,
    contract: &str,
    call: &str,
    answer: Result<RpcAnswer, RpcError>,
) -> Result<(U256, u32), ChainError> {
    let failed = |cause: RpcError| {
        if cause.is_revert()
            && let RpcError::Node { message, .. } = &cause
        {
            ChainError::Reverted {
                chain: chain.to_owned(),
                contract: contract.to_owned(),
                call: call.to_owned(),
                message: message.clone(),
            }
        } else {
            ChainError::Call {
                chain: chain.to_owned(),
                contract: contract.to_owned(),
                call: call.to_owned(),
                cause: Box::new(cause),
            }
        }
    };
    let malformed = |detail: String| ChainError::MalformedWord {
        chain: chain.to_owned(),
        contract: contract.to_owned(),
        call: call.to_owned(),
        detail,
    };
    let answer = answer.map_err(failed)?;
    let text: String = serde_json::from_str(answer.result.get())
        .map_err(|_| malformed(format!("`{}`", answer.result.get())))?;
    let hex = text
        .strip_prefix("0x")
        .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| malformed(format!("`{text}`")))?;
    match hex.len() {
        64 => Ok((
            U256::from_str_radix(hex, 16).expect("64 hex digits fit 256 bits"),
            answer.req,
        )),
        0 => Err(malformed(
            "no data (0x): there is no contract at this address".to_owned(),
        )),
        len => Err(malformed(format!("{} bytes ({text})", len.div_ceil(2)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_of_pads_the_wallet_to_a_32_byte_word() {
        assert_eq!(
            balance_of("0x00000000219ab540356cBB839Cbe05303d7705Fa"),
            "0x70a08231\
             00000000000000000000000000000000219ab540356cbb839cbe05303d7705fa"
        );
    }
}
