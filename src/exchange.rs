//! The five won-market exchanges whose listings make up the checked universe.

use serde::{Deserialize, Serialize};

use crate::diag::Code;
use crate::toml_read::Keyword;

/// A Korean won-market exchange. The name is the one used in files, flags and reports.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantNames,
    strum::EnumIter,
    strum::Display,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Exchange {
    Upbit,
    Bithumb,
    Coinone,
    Korbit,
    Gopax,
}

impl Exchange {
    pub const ALL: [Exchange; 5] = [
        Exchange::Upbit,
        Exchange::Bithumb,
        Exchange::Coinone,
        Exchange::Korbit,
        Exchange::Gopax,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The identifier CoinGecko gives the exchange in `/coins/{id}/tickers`, so that foreign
    /// exchanges can be told from domestic ones.
    pub fn coingecko_id(self) -> &'static str {
        match self {
            Exchange::Upbit => "upbit",
            Exchange::Bithumb => "bithumb",
            Exchange::Coinone => "coinone",
            Exchange::Korbit => "korbit",
            Exchange::Gopax => "gopax",
        }
    }
}

impl Keyword for Exchange {
    const CODE: Code = Code::UnknownValue;
    const WHAT: &'static str = "one of the five won-market exchanges";
}
