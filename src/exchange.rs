//! The five won-market exchanges whose listings make up the checked universe.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::inputs::diag::Code;
use crate::inputs::toml_read::Keyword;

/// A Korean won-market exchange. The name is the one used in files, flags and reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(EnumString, IntoStaticStr, VariantNames, EnumIter, strum::Display)]
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

    /// The exchange as a sentence names it.
    pub fn display_name(self) -> &'static str {
        match self {
            Exchange::Upbit => "Upbit",
            Exchange::Bithumb => "Bithumb",
            Exchange::Coinone => "Coinone",
            Exchange::Korbit => "Korbit",
            Exchange::Gopax => "GOPAX",
        }
    }

    /// Whether the exchange's API designates assets for investment warning (유의). Where it does,
    /// a listing without the designation is a gap in the data, not "no warning".
    pub fn publishes_warning(self) -> bool {
        matches!(self, Exchange::Upbit | Exchange::Bithumb)
    }

    /// Whether the exchange's API publishes caution (주의) flags per market: Upbit and Bithumb with
    /// their market lists, Korbit (`/v2/marketAlerts`) and GOPAX (`/trading-pairs/cautions`) as
    /// lists of the markets under an alert. Coinone publishes none.
    pub fn publishes_cautions(self) -> bool {
        !matches!(self, Exchange::Coinone)
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

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator as _;

    use super::*;

    #[test]
    fn all_names_every_exchange_in_declaration_order() {
        assert_eq!(Exchange::ALL.to_vec(), Exchange::iter().collect::<Vec<_>>());
    }
}
