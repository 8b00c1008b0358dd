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

/// The kind of market event behind a caution (주의), whatever exchange flagged it. The exchanges
/// run one market-alert system (DAXA's, from 2023-07-04) and name its kinds each in its own way, so
/// that one event flagged by several exchanges is one caution of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CautionKind {
    /// A sudden rise or fall of the price.
    Price,
    /// A surge of the trading volume.
    Volume,
    /// A surge of deposits.
    Deposits,
    /// A gap between the domestic and the global price.
    GlobalPriceGap,
    /// Trading concentrated in a few accounts.
    SmallAccounts,
    /// Trading concentrated on one exchange (Bithumb's `EXCHANGE_TRADING_CONCENTRATION`).
    ExchangeConcentration,
}

impl CautionKind {
    /// The kind of a caution as an exchange's API names it: Upbit's `market_event.caution` keys,
    /// Bithumb's `warning_type`, GOPAX's `is…` fields without the `is`, Korbit's alert `type`.
    /// `None` for a name we cannot place (GOPAX's `AlertLevel1`, Korbit's `concentration`, whose
    /// published documentation does not say which concentration it means, or a kind added later):
    /// such a caution counts as a kind of its own.
    pub fn of(raw: &str) -> Option<CautionKind> {
        Some(match raw {
            "PRICE_FLUCTUATIONS" | "PRICE_SUDDEN_FLUCTUATION" | "PriceChange" | "price" => {
                CautionKind::Price
            }
            "TRADING_VOLUME_SOARING"
            | "TRADING_VOLUME_SUDDEN_FLUCTUATION"
            | "SoarTradingVolume" => CautionKind::Volume,
            "DEPOSIT_AMOUNT_SOARING"
            | "DEPOSIT_AMOUNT_SUDDEN_FLUCTUATION"
            | "SoarDepositAmount" => CautionKind::Deposits,
            "GLOBAL_PRICE_DIFFERENCES" | "PRICE_DIFFERENCE_HIGH" | "GlobalPriceDifference" => {
                CautionKind::GlobalPriceGap
            }
            "CONCENTRATION_OF_SMALL_ACCOUNTS"
            | "SPECIFIC_ACCOUNT_HIGH_TRANSACTION"
            | "MonopolyTrading"
            | "MonopolyBuy" => CautionKind::SmallAccounts,
            "EXCHANGE_TRADING_CONCENTRATION" => CautionKind::ExchangeConcentration,
            _ => return None,
        })
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

    #[test]
    fn one_market_event_has_one_kind_whichever_exchange_names_it() {
        for raw in [
            "PRICE_FLUCTUATIONS",
            "PRICE_SUDDEN_FLUCTUATION",
            "PriceChange",
            "price",
        ] {
            assert_eq!(CautionKind::of(raw), Some(CautionKind::Price), "{raw}");
        }
        assert_eq!(
            CautionKind::of("EXCHANGE_TRADING_CONCENTRATION"),
            Some(CautionKind::ExchangeConcentration)
        );
        assert_eq!(CautionKind::of("AlertLevel2"), None);
        assert_eq!(CautionKind::of("limit_buy_range"), None);
    }
}
