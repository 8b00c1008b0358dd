//! Sources: one module per API, each turning HTTP answers into typed observations with their
//! provenance. All of them share one HTTP layer ([`http`]), which owns rate limits, retries,
//! de-duplication and the cross-run cache, so a source module only says what to ask and how to
//! read the answer. Each module also declares its built-in `[sources.<name>]` (`DEFAULTS`), and
//! [`registry`] lists them; [`chain`], [`jsonrpc`] and [`batch`] are what the chain and aggregator
//! modules share.

pub mod batch;
pub mod chain;
pub mod coingecko;
pub mod coinmarketcap;
pub mod etherscan;
pub mod evm;
pub mod exchanges;
pub mod http;
pub mod issuer;
pub mod jsonrpc;
pub mod multicall;
pub mod packing;
pub mod powers;
pub mod registry;
pub mod solana;

pub use self::http::{
    Answer, CacheClass, Call, Http, HttpOptions, Method, ProgressObserver, SourceError, SourceStats,
};
