//! Solana over JSON-RPC: the accounts of mints and of excluded token accounts, read with the
//! `jsonParsed` encoding: a mint's `supply` and `decimals`, a token account's `mint` and
//! `tokenAmount`, exact from the raw amounts (u64s written as strings).
//!
//! Every account read of a chain goes packed into `getMultipleAccounts` calls of
//! [`ACCOUNTS_PER_CALL`] ([`MultipleAccounts`]): the public endpoint bills each call of a batch
//! against its 40 per 10 s, and the 600 reads of a daily fetch are then 6 calls, not 600.
//!
//! The excluded wallets of a Solana asset are its token accounts: an account of another mint,
//! or a plain wallet given where its token account belongs, is an error that says so.

use ruint::aliases::U256;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::Http;
use super::chain::{
    self, Answers, CallList, ChainError, Plan, RpcChain, TokenQuery, TokenReading,
    checked_decimals, wallet_balance,
};
use super::jsonrpc::{RpcAnswer, RpcCall, RpcError};
use super::packing::Packing;
use super::packing::Shares;
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
/// source its `chain` names; each chain's calls go with another reader's where `shares` has a
/// part for it ([`Shares::none`]: alone). One reading per query, in their order.
pub async fn read_tokens(http: &Http, tokens: &[TokenQuery], shares: Shares) -> Vec<TokenReading> {
    chain::read_tokens::<Solana>(http, tokens, shares).await
}

struct Solana;

/// The position of the read of a mint's account, which answers its supply and decimals.
struct MintCalls {
    mint: usize,
}

impl RpcChain for Solana {
    const KIND: SourceKind = SourceKind::Solana;
    const BATCH_SIZE: usize = BATCH_SIZE;
    type Packing = MultipleAccounts;
    const TOKEN_ADDRESS: &'static str = "mint address";
    const WALLET_ADDRESS: &'static str = "excluded token account";
    const ADDRESS: &'static crate::address::Format = &crate::address::SOLANA;
    type TokenCalls = MintCalls;

    fn plan_token(token: &TokenQuery, calls: &mut CallList) -> MintCalls {
        MintCalls {
            mint: calls.push(get_account_info(&token.contract.contract)),
        }
    }

    fn wallet_call(_token: &TokenQuery, wallet: &ExcludedWallet) -> RpcCall {
        get_account_info(&wallet.address)
    }

    fn reading(
        chain: &str,
        token: &TokenQuery,
        plan: Plan<MintCalls>,
        answers: &mut Answers,
    ) -> TokenReading {
        let mint = token.contract.contract.as_str();
        let supply =
            mint_supply(chain, mint, answers.take(plan.token.mint)).map(|(raw, decimals, req)| {
                ChainSupply {
                    chain: chain.to_owned(),
                    contract: mint.to_owned(),
                    native: token.contract.native,
                    total_supply: Amount::from_raw(raw, decimals),
                    decimals,
                    req,
                }
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
                let (raw, decimals, req) =
                    account_balance(chain, mint, &wallet.address, answers.take(call?))?;
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

/// The options of every account read: parsed by the node where it knows the program, as of the
/// latest finalized block.
fn account_options() -> Value {
    json!({"encoding": "jsonParsed", "commitment": "finalized"})
}

/// `getAccountInfo(address)`: the one way a Solana read asks for an account, so that every
/// read of a chain can go packed into `getMultipleAccounts`.
pub(crate) fn get_account_info(address: &str) -> RpcCall {
    RpcCall {
        method: "getAccountInfo",
        params: json!([address, account_options()]),
    }
}

/// `result` of `getAccountInfo`: the account, or `null` where there is none.
#[derive(Deserialize)]
pub(crate) struct AccountInfo {
    pub value: Option<Account>,
}

#[derive(Deserialize)]
pub(crate) struct Account {
    /// The program that owns the account.
    pub owner: String,
    /// `{"parsed": {"type": …, "info": …}, "program": …}` for accounts a parser knows; base64
    /// otherwise.
    pub data: Value,
}

/// The System Program: the owner of every plain wallet.
pub const SYSTEM_PROGRAM: &str = "11111111111111111111111111111111";

/// The SPL Token program and Token-2022, by their addresses and names.
pub const TOKEN_PROGRAMS: [(&str, &str); 2] = [
    ("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "spl-token"),
    (
        "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb",
        "spl-token-2022",
    ),
];

impl Account {
    /// The name of the token program that owns the account, if one does.
    pub fn token_program(&self) -> Option<&'static str> {
        TOKEN_PROGRAMS
            .iter()
            .find(|(address, _)| *address == self.owner)
            .map(|(_, name)| *name)
    }

    /// The parsed `info` of a token program's account of type `kind` (`mint`, `account`,
    /// `multisig`).
    pub fn token_info(&self, kind: &str) -> Option<&Value> {
        self.token_program()?;
        let parsed = &self.data["parsed"];
        (parsed["type"] == kind).then(|| &parsed["info"])
    }

    /// What the account is, for an error that says it is not what was expected.
    fn described(&self) -> String {
        if self.owner == SYSTEM_PROGRAM {
            return "a plain wallet (owned by the System Program)".to_owned();
        }
        match (self.token_program(), self.data["parsed"]["type"].as_str()) {
            (Some(program), Some(kind)) => format!("an {program} account of type `{kind}`"),
            (Some(program), None) => format!(
                "an {program} account that the node did not parse (it answered raw data for `jsonParsed`)"
            ),
            (None, _) => format!("an account of program {}", self.owner),
        }
    }
}

/// Reads the account in an answer to [`get_account_info`], naming `call` in errors.
pub(crate) fn account_in(
    chain: &str,
    contract: &str,
    call: &str,
    answer: Result<RpcAnswer, RpcError>,
) -> Result<(Option<Account>, u32), ChainError> {
    let answer = answer.map_err(|cause| ChainError::Call {
        chain: chain.to_owned(),
        contract: contract.to_owned(),
        call: call.to_owned(),
        cause: Box::new(cause),
    })?;
    let info: AccountInfo =
        serde_json::from_str(answer.result.get()).map_err(|error| ChainError::MalformedAmount {
            chain: chain.to_owned(),
            contract: contract.to_owned(),
            call: call.to_owned(),
            detail: format!("{error} in `{}`", answer.result.get()),
        })?;
    Ok((info.value, answer.req))
}

/// The account at `address` if it is a token program's account of type `kind`, or the error
/// that it is missing or is something else.
fn expected_account(
    chain: &str,
    address: &str,
    found: Option<Account>,
    kind: &str,
    expected: &'static str,
    help: &'static str,
) -> Result<Account, ChainError> {
    let wrong = |found: String| ChainError::WrongAccount {
        chain: chain.to_owned(),
        address: address.to_owned(),
        found,
        expected,
        help,
    };
    let account = found.ok_or_else(|| wrong("no account at all".to_owned()))?;
    if account.token_info(kind).is_none() {
        return Err(wrong(account.described()));
    }
    Ok(account)
}

/// A mint's `info`, as far as the supply needs it.
#[derive(Deserialize)]
struct MintSupply {
    /// Raw units, a u64 written as a string so that JavaScript clients keep every digit.
    supply: String,
    decimals: u64,
}

/// A token account's `info`, as far as its balance needs it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenAccount {
    mint: String,
    token_amount: TokenAmount,
}

#[derive(Deserialize)]
struct TokenAmount {
    amount: String,
    decimals: u64,
}

/// The raw supply, decimals and provenance of a mint, from its account.
fn mint_supply(
    chain: &str,
    mint: &str,
    answer: Result<RpcAnswer, RpcError>,
) -> Result<(U256, u8, u32), ChainError> {
    let call = "getAccountInfo";
    let (found, req) = account_in(chain, mint, call, answer)?;
    let account = expected_account(
        chain,
        mint,
        found,
        "mint",
        "a token mint",
        "fix the mint address in the asset descriptor",
    )?;
    let info: MintSupply = parsed_info(chain, mint, call, &account, "mint")?;
    let raw = raw_amount(chain, mint, call, &info.supply)?;
    Ok((raw, checked_decimals(chain, mint, info.decimals)?, req))
}

/// The raw balance, decimals and provenance of an excluded token account of `mint`.
fn account_balance(
    chain: &str,
    mint: &str,
    address: &str,
    answer: Result<RpcAnswer, RpcError>,
) -> Result<(U256, u8, u32), ChainError> {
    let call = format!("getAccountInfo({address})");
    let (found, req) = account_in(chain, mint, &call, answer)?;
    let account = expected_account(
        chain,
        address,
        found,
        "account",
        "a token account",
        "fix the excluded token account in the asset descriptor: a wallet's tokens are held in its associated token account, not in the wallet",
    )?;
    let info: TokenAccount = parsed_info(chain, mint, &call, &account, "account")?;
    if info.mint != mint {
        return Err(ChainError::ForeignAccount {
            chain: chain.to_owned(),
            contract: mint.to_owned(),
            account: address.to_owned(),
            account_mint: info.mint,
        });
    }
    let raw = raw_amount(chain, mint, &call, &info.token_amount.amount)?;
    let decimals = checked_decimals(chain, mint, info.token_amount.decimals)?;
    Ok((raw, decimals, req))
}

/// The typed `info` of a token program's account of type `kind`.
fn parsed_info<T: serde::de::DeserializeOwned>(
    chain: &str,
    mint: &str,
    call: &str,
    account: &Account,
    kind: &str,
) -> Result<T, ChainError> {
    let info = account.token_info(kind).cloned().unwrap_or_default();
    serde_json::from_value(info.clone()).map_err(|error| ChainError::MalformedAmount {
        chain: chain.to_owned(),
        contract: mint.to_owned(),
        call: call.to_owned(),
        detail: format!("{error} in `{info}`"),
    })
}

/// A raw amount: a u64 written as a string.
fn raw_amount(chain: &str, mint: &str, call: &str, amount: &str) -> Result<U256, ChainError> {
    let raw: u64 = amount.parse().map_err(|_| ChainError::MalformedAmount {
        chain: chain.to_owned(),
        contract: mint.to_owned(),
        call: call.to_owned(),
        detail: format!("amount `{amount}` is not a u64"),
    })?;
    Ok(U256::from(raw))
}

/// Accounts per `getMultipleAccounts` call: the most the method takes.
pub const ACCOUNTS_PER_CALL: usize = 100;

/// Solana's way of packing account reads: `getAccountInfo` calls into `getMultipleAccounts`,
/// whose answer lists the accounts in the order asked, `null` where there is none.
pub struct MultipleAccounts;

/// `result` of `getMultipleAccounts`, each account left as written.
#[derive(Deserialize)]
struct MultipleAnswer<'a> {
    #[serde(borrow)]
    context: &'a RawValue,
    #[serde(borrow)]
    value: Vec<&'a RawValue>,
}

impl Packing for MultipleAccounts {
    type Item = String;
    const PER_PACK: usize = ACCOUNTS_PER_CALL;

    fn item(call: &RpcCall) -> Option<String> {
        let same_options = call.params.get(1) == Some(&account_options());
        (call.method == "getAccountInfo" && same_options && call.params.as_array()?.len() == 2)
            .then(|| call.params[0].as_str().map(str::to_owned))
            .flatten()
    }

    fn pack(items: &[String]) -> RpcCall {
        RpcCall {
            method: "getMultipleAccounts",
            params: json!([items, account_options()]),
        }
    }

    fn unpack(answer: RpcAnswer, count: usize) -> Option<Vec<Result<RpcAnswer, RpcError>>> {
        let multiple: MultipleAnswer = serde_json::from_str(answer.result.get()).ok()?;
        if multiple.value.len() != count {
            return None;
        }
        let context = multiple.context.get();
        multiple
            .value
            .iter()
            .map(|account| {
                let text = format!("{{\"context\":{context},\"value\":{}}}", account.get());
                Some(Ok(RpcAnswer {
                    result: RawValue::from_string(text).ok()?,
                    req: answer.req,
                }))
            })
            .collect()
    }
}

/// What a Solana node answers, for the nodes of tests and benchmarks: accounts as `jsonParsed`
/// writes them, and `getMultipleAccounts` answered account by account.
pub mod node {
    use serde_json::{Value, json};

    use super::TOKEN_PROGRAMS;

    /// The `context` of every answer.
    pub fn context() -> Value {
        json!({"apiVersion": "2.2.14", "slot": 381_662_117})
    }

    /// `{"result": …}` of `getAccountInfo` for `account` (`null`: there is none).
    pub fn account_info(account: &Value) -> Value {
        json!({"result": {"context": context(), "value": account}})
    }

    /// An SPL Token mint with its raw supply, decimals and authorities (`None`: revoked).
    pub fn mint(
        supply: &str,
        decimals: u8,
        mint_authority: Option<&str>,
        freeze_authority: Option<&str>,
    ) -> Value {
        json!({
            "data": {"parsed": {"info": {
                "decimals": decimals,
                "freezeAuthority": freeze_authority,
                "isInitialized": true,
                "mintAuthority": mint_authority,
                "supply": supply,
            }, "type": "mint"}, "program": "spl-token", "space": 82},
            "executable": false, "lamports": 1_461_600u64,
            "owner": TOKEN_PROGRAMS[0].0, "rentEpoch": u64::MAX, "space": 82,
        })
    }

    /// An SPL Token account of `mint` held by `owner`, with its raw amount.
    pub fn token_account(mint: &str, owner: &str, amount: &str, decimals: u8) -> Value {
        let ui = ui_amount(amount, decimals);
        json!({
            "data": {"parsed": {"info": {
                "isNative": false,
                "mint": mint,
                "owner": owner,
                "state": "initialized",
                "tokenAmount": {
                    "amount": amount,
                    "decimals": decimals,
                    "uiAmount": ui.parse::<f64>().unwrap_or_default(),
                    "uiAmountString": ui,
                },
            }, "type": "account"}, "program": "spl-token", "space": 165},
            "executable": false, "lamports": 2_039_280u64,
            "owner": TOKEN_PROGRAMS[0].0, "rentEpoch": u64::MAX, "space": 165,
        })
    }

    /// The address of 32 bytes, in base58: the inverse of what [`crate::address::is_solana`]
    /// reads.
    pub fn address(bytes: [u8; 32]) -> String {
        // Big-endian base-58 digits of the number, little end first while they are built.
        let mut digits: Vec<u8> = Vec::new();
        for byte in bytes {
            let mut carry = u32::from(byte);
            for digit in &mut digits {
                carry += u32::from(*digit) << 8;
                *digit = u8::try_from(carry % 58).expect("below 58");
                carry /= 58;
            }
            while carry > 0 {
                digits.push(u8::try_from(carry % 58).expect("below 58"));
                carry /= 58;
            }
        }
        let zeros = bytes.iter().take_while(|b| **b == 0).count();
        std::iter::repeat_n(b'1', zeros)
            .chain(
                digits
                    .iter()
                    .rev()
                    .map(|d| crate::address::BASE58[usize::from(*d)]),
            )
            .map(char::from)
            .collect()
    }

    /// A plain wallet: an account of the System Program with no data.
    pub fn wallet() -> Value {
        json!({
            "data": ["", "base64"], "executable": false, "lamports": 2_039_280_000u64,
            "owner": super::SYSTEM_PROGRAM, "rentEpoch": u64::MAX, "space": 0,
        })
    }

    /// `uiAmountString`: the raw amount with its decimal point, trailing zeros dropped.
    fn ui_amount(raw: &str, decimals: u8) -> String {
        let decimals = usize::from(decimals);
        let padded = format!("{raw:0>width$}", width = decimals + 1);
        let (whole, fraction) = padded.split_at(padded.len() - decimals);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            whole.to_owned()
        } else {
            format!("{whole}.{fraction}")
        }
    }

    /// How a node answers `call`, a JSON-RPC element, when it is `getMultipleAccounts`: each account
    /// answered by `answer_one` as `getAccountInfo` of it alone (`{"result": …}` or
    /// `{"error": …}`), and any error refusing the whole call, as a node's does. `None` for any other
    /// call. For the nodes of tests and benchmarks.
    pub fn answer_as_node(call: &Value, answer_one: impl Fn(&Value) -> Value) -> Option<Value> {
        if call["method"] != "getMultipleAccounts" {
            return None;
        }
        let options = call["params"][1].clone();
        let mut context = Value::Null;
        let mut accounts = Vec::new();
        for address in call["params"][0].as_array()? {
            let alone = json!({"method": "getAccountInfo", "params": [address, options]});
            let outcome = answer_one(&alone);
            if outcome.get("error").is_some() {
                return Some(outcome);
            }
            context = outcome["result"]["context"].clone();
            accounts.push(outcome["result"]["value"].clone());
        }
        Some(json!({"result": {"context": context, "value": accounts}}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_written_by_the_test_nodes_reads_back_as_32_bytes() {
        assert_eq!(node::address([0; 32]), SYSTEM_PROGRAM);
        for seed in 0..=255u8 {
            let bytes: [u8; 32] = std::array::from_fn(|i| {
                seed.wrapping_mul(31).wrapping_add(u8::try_from(i).unwrap())
            });
            let address = node::address(bytes);
            assert!(crate::address::is_solana(&address), "{address}");
        }
        assert_eq!(
            node::address([0xff; 32]),
            "JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG"
        );
    }
}
