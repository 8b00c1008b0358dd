//! The aggregator and chain sources (CoinGecko, CoinMarketCap, EVM and Solana JSON-RPC,
//! Etherscan), each driven through the real HTTP layer against wiremock servers serving
//! real-shaped bodies from `tests/fixtures/`.

mod coingecko;
mod coinmarketcap;
mod etherscan;
mod evm;
mod solana;
#[path = "../support/mod.rs"]
mod support;
