//! What the chain sources ([`super::evm`], [`super::solana`]) are asked and what they answer: token
//! contracts with the excluded wallets that hold them, read into exact on-chain amounts.
//!
//! Every contract and wallet has its own outcome: a contract that reverts, or a wallet whose
//! balance cannot be read, is an error for that one, with a message naming the chain and the
//! contract, while the rest of the batch stands.
//!
//! Both chain kinds read the same way ([`read_tokens`]): group the tokens by chain, check their
//! addresses, plan every call of a chain into one flat list, send it in JSON-RPC batches, and turn
//! each token's answers into its reading. A kind ([`RpcChain`]) says only which calls a token needs
//! and what their answers mean.

use std::collections::BTreeMap;

use crate::address;
use crate::amount::MAX_DECIMALS;
use crate::inputs::asset::{AssetDescriptor, ChainContract, ExcludedWallet};
use crate::inputs::config::settings::SourceKind;
use crate::snapshot::{ChainSupply, WalletBalance};

use super::Http;
use super::jsonrpc::{RpcAnswer, RpcCall, RpcError};
use super::packing::{FirstSend, Packing, Shares};

/// One token contract (or Solana mint) and the excluded wallets (Solana: token accounts) whose
/// balances of it are to be read, as the asset descriptor lists them.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenQuery {
    pub contract: ChainContract,
    pub wallets: Vec<ExcludedWallet>,
}

impl TokenQuery {
    /// One query per contract of `descriptor`, with the excluded wallets on its chain.
    pub fn of(descriptor: &AssetDescriptor) -> impl Iterator<Item = TokenQuery> + '_ {
        descriptor.chains.iter().map(|contract| TokenQuery {
            contract: contract.clone(),
            wallets: descriptor
                .excluded
                .iter()
                .filter(|wallet| wallet.chain == contract.chain)
                .cloned()
                .collect(),
        })
    }
}

/// What the chain answered for one [`TokenQuery`].
#[derive(Clone, Debug, PartialEq)]
pub struct TokenReading {
    pub chain: String,
    pub contract: String,
    /// The decimals the descriptor states, if it states them.
    pub declared_decimals: Option<u8>,
    /// The decimals the chain reports (`decimals()`, or the mint's), or why it did not.
    pub chain_decimals: Result<u8, ChainError>,
    /// Total supply, scaled by the chain's decimals (the declared ones when the chain's could
    /// not be read).
    pub supply: Result<ChainSupply, ChainError>,
    /// One per wallet of the query, in its order.
    pub balances: Vec<Result<WalletBalance, ChainError>>,
}

/// The descriptor states decimals and the chain reports others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecimalsMismatch {
    pub declared: u8,
    pub on_chain: u8,
}

impl TokenReading {
    /// Whether the descriptor's decimals disagree with the chain's; the caller decides what that
    /// means (the amounts here use the chain's).
    pub fn decimals_mismatch(&self) -> Option<DecimalsMismatch> {
        match (self.declared_decimals, &self.chain_decimals) {
            (Some(declared), Ok(on_chain)) if declared != *on_chain => Some(DecimalsMismatch {
                declared,
                on_chain: *on_chain,
            }),
            _ => None,
        }
    }
}

/// Why a contract's supply or a wallet's balance was not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error(
        "no source named `{chain}` in listingcheck.toml; add a [sources.{chain}] table with kind = \"{kind}\" and the node's base_url"
    )]
    UnknownChain { chain: String, kind: SourceKind },
    #[error(
        "source `{chain}` in listingcheck.toml is of kind `{actual}`, but its contracts need a `{expected}` node; fix `kind` or the descriptor's chain"
    )]
    WrongKind {
        chain: String,
        expected: SourceKind,
        actual: SourceKind,
    },
    #[error(
        "{chain}: `{address}` is not a valid {expected}; fix the {what} in the asset descriptor"
    )]
    BadAddress {
        chain: String,
        address: String,
        what: &'static str,
        expected: &'static str,
    },
    #[error(
        "wallet {address} is listed on chain `{wallet_chain}`, but the contract {contract} it was given with is on `{chain}`; balances are read on the contract's chain"
    )]
    WrongChain {
        chain: String,
        contract: String,
        address: String,
        wallet_chain: String,
    },
    #[error(
        "{chain}: {call} of contract {contract} reverted ({message}); check that {contract} is the token's contract on {chain}"
    )]
    Reverted {
        chain: String,
        contract: String,
        call: String,
        message: String,
    },
    #[error(
        "{chain}: {call} of contract {contract} answered {detail} instead of one 32-byte word; check that {contract} is an ERC-20 contract on {chain}"
    )]
    MalformedWord {
        chain: String,
        contract: String,
        call: String,
        detail: String,
    },
    #[error(
        "{chain}: {call} of {contract} answered an amount listingcheck cannot read ({detail}); the node may not be a {chain} node"
    )]
    MalformedAmount {
        chain: String,
        contract: String,
        call: String,
        detail: String,
    },
    #[error(
        "{chain}: contract {contract} reports {decimals} decimals, more than the {MAX_DECIMALS} listingcheck can represent exactly"
    )]
    TooManyDecimals {
        chain: String,
        contract: String,
        decimals: u64,
    },
    #[error(
        "{chain}: the decimals of contract {contract} are unknown (the chain did not report them and the asset descriptor states none); add `decimals` to the descriptor's [[chain]] entry"
    )]
    DecimalsUnknown { chain: String, contract: String },
    #[error(
        "{chain}: {account} is a token account of mint {account_mint}, not of {contract}; fix the excluded token account in the asset descriptor"
    )]
    ForeignAccount {
        chain: String,
        contract: String,
        account: String,
        account_mint: String,
    },
    #[error("{chain}: {address} is {found}, not {expected}; {help}")]
    WrongAccount {
        chain: String,
        address: String,
        /// What the chain has at the address ("no account at all", "a plain wallet …").
        found: String,
        /// "a token mint", "a token account".
        expected: &'static str,
        /// What to fix.
        help: &'static str,
    },
    #[error("{chain}: {call} of {contract} failed: {cause}")]
    Call {
        chain: String,
        contract: String,
        call: String,
        cause: Box<RpcError>,
    },
}

/// The decimals amounts are scaled by: the chain's, else the declared ones.
pub(crate) fn scale(
    chain: &str,
    contract: &str,
    chain_decimals: &Result<u8, ChainError>,
    declared: Option<u8>,
) -> Result<u8, ChainError> {
    match (chain_decimals.as_ref().ok().copied(), declared) {
        (Some(decimals), _) | (None, Some(decimals)) => Ok(decimals),
        (None, None) => Err(ChainError::DecimalsUnknown {
            chain: chain.to_owned(),
            contract: contract.to_owned(),
        }),
    }
}

/// Checks that `address`, the `what` of a descriptor, has the chain kind's `format`, before any
/// node is asked.
pub(crate) fn check_address(
    format: &address::Format,
    chain: &str,
    address: &str,
    what: &'static str,
) -> Result<(), ChainError> {
    if (format.matches)(address) {
        Ok(())
    } else {
        Err(ChainError::BadAddress {
            chain: chain.to_owned(),
            address: address.to_owned(),
            what,
            expected: format.expected,
        })
    }
}

/// Checks that `chain` is a configured source of `kind`.
pub(crate) fn check_source(http: &Http, chain: &str, kind: SourceKind) -> Result<(), ChainError> {
    match http.settings(chain) {
        None => Err(ChainError::UnknownChain {
            chain: chain.to_owned(),
            kind,
        }),
        Some(settings) if settings.kind != kind => Err(ChainError::WrongKind {
            chain: chain.to_owned(),
            expected: kind,
            actual: settings.kind,
        }),
        Some(_) => Ok(()),
    }
}

/// A reading in which everything failed for one reason (an unknown chain, a bad address).
fn failed_reading(token: &TokenQuery, error: &ChainError) -> TokenReading {
    TokenReading {
        chain: token.contract.chain.clone(),
        contract: token.contract.contract.clone(),
        declared_decimals: token.contract.decimals,
        chain_decimals: Err(error.clone()),
        supply: Err(error.clone()),
        balances: token.wallets.iter().map(|_| Err(error.clone())).collect(),
    }
}

/// The wallet's balance record, once its amount is known.
pub(crate) fn wallet_balance(
    wallet: &ExcludedWallet,
    chain: &str,
    balance: crate::amount::Amount,
    req: u32,
) -> WalletBalance {
    WalletBalance {
        chain: chain.to_owned(),
        address: wallet.address.clone(),
        label: wallet.label.clone(),
        until: wallet.until,
        balance,
        req,
    }
}

/// Checks that a wallet is listed on the contract's chain.
fn same_chain(token: &TokenQuery, wallet: &ExcludedWallet) -> Result<(), ChainError> {
    if wallet.chain == token.contract.chain {
        Ok(())
    } else {
        Err(ChainError::WrongChain {
            chain: token.contract.chain.clone(),
            contract: token.contract.contract.clone(),
            address: wallet.address.clone(),
            wallet_chain: wallet.chain.clone(),
        })
    }
}

/// Decimals as a chain reports them, if an [`crate::amount::Amount`] can carry them.
pub(crate) fn checked_decimals(
    chain: &str,
    contract: &str,
    decimals: u64,
) -> Result<u8, ChainError> {
    u8::try_from(decimals)
        .ok()
        .filter(|decimals| *decimals <= MAX_DECIMALS)
        .ok_or_else(|| ChainError::TooManyDecimals {
            chain: chain.to_owned(),
            contract: contract.to_owned(),
            decimals,
        })
}

/// One kind of JSON-RPC chain source: its addresses, the calls a token needs, and how their
/// answers become a reading.
pub(crate) trait RpcChain {
    const KIND: SourceKind;
    /// Calls per JSON-RPC batch.
    const BATCH_SIZE: usize;
    /// How the calls go packed: into Multicall3 `aggregate3` calls (EVM), or into
    /// `getMultipleAccounts` (Solana).
    type Packing: Packing;
    /// What a token's address is called in errors ("contract address", "mint address").
    const TOKEN_ADDRESS: &'static str;
    /// What an address looks like on this kind of chain.
    const ADDRESS: &'static address::Format;
    /// What an excluded wallet's address is called in errors.
    const WALLET_ADDRESS: &'static str;
    /// The positions of a token's own calls (supply, decimals) in its chain's list of calls.
    type TokenCalls;

    /// Adds the calls a token needs for itself, its address already checked.
    fn plan_token(token: &TokenQuery, calls: &mut CallList) -> Self::TokenCalls;
    /// The call that reads one excluded wallet's balance of the token.
    fn wallet_call(token: &TokenQuery, wallet: &ExcludedWallet) -> RpcCall;
    /// The token's reading, from the answers to its planned calls.
    fn reading(
        chain: &str,
        token: &TokenQuery,
        plan: Plan<Self::TokenCalls>,
        answers: &mut Answers,
    ) -> TokenReading;
}

/// Where one token's calls stand in its chain's list of calls.
pub(crate) struct Plan<T> {
    /// The token's place among the queries.
    pub index: usize,
    pub token: T,
    /// Per excluded wallet: its balance call, or why it was not made.
    pub wallets: Vec<Result<usize, ChainError>>,
}

/// The calls of one chain, in the order they are sent.
#[derive(Default)]
pub(crate) struct CallList(Vec<RpcCall>);

impl CallList {
    /// Adds a call and returns its position.
    pub fn push(&mut self, call: RpcCall) -> usize {
        self.0.push(call);
        self.0.len() - 1
    }
}

/// The answers to a [`CallList`], each taken once by the position its call was given.
pub(crate) struct Answers(Vec<Option<Result<RpcAnswer, RpcError>>>);

impl Answers {
    pub fn take(&mut self, at: usize) -> Result<RpcAnswer, RpcError> {
        self.0[at].take().expect("each answer is read once")
    }
}

/// Reads every token on the source of kind `C` its contract's `chain` names; the chains are read
/// at once, each chain's calls sent with the other reader's where `shares` has a part for it. One
/// reading per query, in their order.
pub(crate) async fn read_tokens<C: RpcChain>(
    http: &Http,
    tokens: &[TokenQuery],
    shares: Shares,
) -> Vec<TokenReading> {
    read_each_chain(
        tokens,
        |token| token.contract.chain.as_str(),
        shares,
        |chain, indexes, send| read_chain::<C>(http, chain, tokens, indexes, send),
    )
    .await
}

/// Reads `items` with `read_chain`, given a chain, the positions of its items (so that each
/// chain's calls share batches) and how its first send goes: with another reader's calls where
/// `shares` has a part for the chain. Every chain at once; one reading per item, in their order.
pub(super) async fn read_each_chain<'i, Item, Reading, Read>(
    items: &'i [Item],
    chain_of: impl Fn(&'i Item) -> &'i str,
    mut shares: Shares,
    read_chain: impl Fn(&'i str, Vec<usize>, FirstSend) -> Read,
) -> Vec<Reading>
where
    Read: Future<Output = Vec<(usize, Reading)>>,
{
    let mut chains: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (at, item) in items.iter().enumerate() {
        chains.entry(chain_of(item)).or_default().push(at);
    }
    let reads: Vec<Read> = chains
        .into_iter()
        .map(|(chain, indexes)| read_chain(chain, indexes, shares.take(chain)))
        .collect();
    // Before waiting: the other reader's send to a chain not read here goes alone.
    drop(shares);
    let mut readings: Vec<(usize, Reading)> = futures::future::join_all(reads)
        .await
        .into_iter()
        .flatten()
        .collect();
    readings.sort_by_key(|(at, _)| *at);
    readings.into_iter().map(|(_, reading)| reading).collect()
}

async fn read_chain<C: RpcChain>(
    http: &Http,
    chain: &str,
    tokens: &[TokenQuery],
    indexes: Vec<usize>,
    send: FirstSend,
) -> Vec<(usize, TokenReading)> {
    if let Err(error) = check_source(http, chain, C::KIND) {
        return indexes
            .into_iter()
            .map(|index| (index, failed_reading(&tokens[index], &error)))
            .collect();
    }
    let mut readings = Vec::new();
    let mut plans = Vec::new();
    let mut calls = CallList::default();
    for index in indexes {
        let token = &tokens[index];
        if let Err(error) = check_address(
            C::ADDRESS,
            chain,
            &token.contract.contract,
            C::TOKEN_ADDRESS,
        ) {
            readings.push((index, failed_reading(token, &error)));
            continue;
        }
        let token_calls = C::plan_token(token, &mut calls);
        let wallets = token
            .wallets
            .iter()
            .map(|wallet| {
                same_chain(token, wallet)?;
                check_address(C::ADDRESS, chain, &wallet.address, C::WALLET_ADDRESS)?;
                Ok(calls.push(C::wallet_call(token, wallet)))
            })
            .collect();
        plans.push(Plan {
            index,
            token: token_calls,
            wallets,
        });
    }
    let outcomes = send
        .call_packed::<C::Packing>(http, chain, &calls.0, C::BATCH_SIZE, 0)
        .await;
    let mut answers = Answers(outcomes.into_iter().map(Some).collect());
    for plan in plans {
        let index = plan.index;
        readings.push((index, C::reading(chain, &tokens[index], plan, &mut answers)));
    }
    readings
}
