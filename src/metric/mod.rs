//! The metric catalog: every quantity a rule can test, with its unit, formula and inputs.
//!
//! Metric names are part of the public contract (standards files name them). [`compute`] turns a
//! snapshot's observations about one asset into a [`Measurement`]: a value, or the reason there is
//! none, and always the evidence behind it.

mod compute;

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr, VariantNames};

pub use self::compute::{Evidence, Measurement, compute, format_price};
use crate::amount::Amount;
use crate::inputs::diag::Code;
use crate::inputs::toml_read::Keyword;

/// A metric from the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(EnumString, IntoStaticStr, VariantNames, EnumIter, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Metric {
    CirculatingSupply,
    CirculationPlanExcess,
    CirculationReportedGap,
    TotalSupplyExcess,
    IssuancePlanDisclosed,
    CirculationPlanDisclosed,
    CirculatingRatio,
    UnlockRatio,
    ForeignExchangeCount,
    DomesticExchangeCount,
    DaysSinceFirstTrade,
    MarketCapKrw,
    DailyTurnoverRatio,
    GlobalTurnoverRatio,
    DomesticPremium,
    #[serde(rename = "price_change_24h")]
    #[strum(serialize = "price_change_24h")]
    PriceChange24h,
    InvestmentWarning,
    CautionFlags,
    PlanRevisions,
    DaysSinceJointDelisting,
    IssuerClaimExcess,
    MintAuthoritySingleKey,
    UpgradeAuthoritySingleKey,
    FreezeAuthority,
    ContractSourceVerified,
    PowersMatchDisclosure,
    QuarterlyTurnoverRatio,
    MarketCapKrwHigh,
}

impl Keyword for Metric {
    const CODE: Code = Code::UnknownMetric;
    const WHAT: &'static str = "a metric in the catalog (see `listingcheck metrics`)";
}

/// What a metric's value measures, which decides the thresholds it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Unit {
    /// A fraction: 0.10 is 10 %. Signed where the formula says so.
    Ratio,
    /// A whole number of things.
    Count,
    /// Korean won.
    Krw,
    /// US dollars.
    Usd,
    /// Whole tokens, exact.
    Tokens,
    /// Calendar days.
    Days,
    /// Yes or no; tested with `require`.
    Bool,
}

/// A parameter a metric takes from a rule's `params`.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Param {
    pub name: &'static str,
    pub meaning: &'static str,
    pub min: i64,
    pub max: i64,
}

/// The catalog entry of a metric.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct MetricInfo {
    pub name: &'static str,
    pub unit: Unit,
    pub formula: &'static str,
    /// The observations the metric is computed from.
    pub needs: &'static str,
    pub params: &'static [Param],
}

const DAYS: Param = Param {
    name: "days",
    meaning: "length of the look-ahead window in days",
    min: 1,
    max: 3650,
};

const DAYS_BACK: Param = Param {
    name: "days",
    meaning: "length of the look-back window in days, the as-of date included",
    min: 1,
    max: 3650,
};

const QUARTERS: Param = Param {
    name: "quarters",
    meaning: "how many complete calendar quarters, the latest before the as-of date",
    min: 1,
    max: 8,
};

impl Metric {
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn info(self) -> MetricInfo {
        #[allow(clippy::enum_glob_use)]
        use {Metric::*, Unit::*};
        let (unit, formula, needs, params): (Unit, &str, &str, &[Param]) = match self {
            CirculatingSupply => (
                Tokens,
                "on-chain total supply of native chains − balances of excluded wallets still locked on the as-of date; if nothing is measured on-chain, the aggregator's reported circulating supply, marked as such",
                "chain RPC (totalSupply, balanceOf) + descriptor; else CoinGecko/CoinMarketCap",
                &[],
            ),
            CirculationPlanExcess => (
                Ratio,
                "(circulating − planned circulating on the as-of date) / planned; signed",
                "circulating_supply + descriptor plan schedule",
                &[],
            ),
            CirculationReportedGap => (
                Ratio,
                "max over aggregators of |reported circulating − on-chain circulating| / on-chain circulating",
                "chain RPC + descriptor + CoinGecko/CoinMarketCap",
                &[],
            ),
            TotalSupplyExcess => (
                Ratio,
                "(issued supply − disclosed max supply) / disclosed max supply; > 0 means issued beyond the plan",
                "chain RPC totalSupply (else aggregator total supply) + descriptor plan max_supply",
                &[],
            ),
            IssuancePlanDisclosed => (
                Bool,
                "the descriptor discloses a max supply",
                "descriptor",
                &[],
            ),
            CirculationPlanDisclosed => (
                Bool,
                "the descriptor discloses a circulation schedule",
                "descriptor",
                &[],
            ),
            CirculatingRatio => (
                Ratio,
                "circulating / issued supply, both on-chain or both reported",
                "chain RPC + descriptor; else aggregator",
                &[],
            ),
            UnlockRatio => (
                Ratio,
                "(planned circulating by as-of + days − circulating now) / circulating now; 0 when the plan allows no more",
                "descriptor plan schedule + circulating_supply",
                &[DAYS],
            ),
            ForeignExchangeCount => (
                Count,
                "exchanges outside Korea that trade the asset",
                "CoinGecko /coins/{id}/tickers",
                &[],
            ),
            DomesticExchangeCount => (
                Count,
                "won-market exchanges (of upbit, bithumb, coinone, korbit, gopax) that list it in KRW; unknown if any of their market lists failed",
                "exchange market lists",
                &[],
            ),
            DaysSinceFirstTrade => (
                Days,
                "as-of date − date of the first trade anywhere; a lower bound when the source's history starts later, and judged as one",
                "CoinGecko market history",
                &[],
            ),
            MarketCapKrw => (
                Krw,
                "circulating × global USD price × USD/KRW",
                "circulating_supply + aggregator price + USD/KRW rate",
                &[],
            ),
            DailyTurnoverRatio => (
                Ratio,
                "domestic 24 h trade value in KRW markets / market_cap_krw",
                "exchange tickers + market_cap_krw",
                &[],
            ),
            GlobalTurnoverRatio => (
                Ratio,
                "global 24 h trade volume reported by an aggregator (USD) / (circulating × global USD price)",
                "CoinGecko /coins/markets total_volume (else CoinMarketCap volume_24h) + circulating_supply",
                &[],
            ),
            DomesticPremium => (
                Ratio,
                "KRW price / (global USD price × USD/KRW) − 1, the largest in size across KRW markets; signed",
                "exchange tickers + aggregator price + USD/KRW rate",
                &[],
            ),
            PriceChange24h => (
                Ratio,
                "price change since the previous day's close (the exchanges' signed change rate), the largest in size across KRW markets; signed",
                "exchange tickers",
                &[],
            ),
            InvestmentWarning => (
                Bool,
                "any exchange designates the asset for investment warning (유의)",
                "exchange market flags (upbit market_event, bithumb market_warning)",
                &[],
            ),
            CautionFlags => (
                Count,
                "kinds of active caution (주의) across exchanges, each market event once however many exchanges flag it (price, volume, deposits, global price gap, small-account concentration, exchange concentration; a kind that cannot be placed counts on its own); Upbit's cautions hold at any alert tier since 2026-01-29 (주의, 경고 or 위험: Upbit does not publish the tier)",
                "exchange market flags (upbit market_event.caution, bithumb virtual_asset_warning, korbit marketAlerts without limit_buy_range, gopax cautions)",
                &[],
            ),
            PlanRevisions => (
                Count,
                "revisions of the circulation plan dated within the window before the as-of date (`params.days`, default 365)",
                "descriptor plan.revisions",
                &[DAYS_BACK],
            ),
            DaysSinceJointDelisting => (
                Days,
                "as-of date − the day trading support ended in the asset's latest joint delisting; with none on record, a lower bound counted from the start of the history, and judged as one",
                "records/joint-delistings.toml (built in)",
                &[],
            ),
            IssuerClaimExcess => (
                Ratio,
                "(the issuer's own circulating figure − planned circulating on the as-of date) / planned; signed. The issuer's figure is the plain number its descriptor's supply_url answers (or an issuer's statement a rebuilt case records), else CoinMarketCap's self_reported_circulating_supply",
                "the issuer's supply_url (else CoinMarketCap self_reported_circulating_supply) + descriptor plan schedule",
                &[],
            ),
            MintAuthoritySingleKey => (
                Bool,
                "one key (an account without code, a plain Solana wallet) can mint: the mint authority, a MINTER_ROLE member, or the owner() of a token whose verified ABI has a mint function; no when nobody can (null authority, owner renounced, no mint function in the verified ABI) or only contracts can (the evidence names them: Safe 3 of 5)",
                "Solana getAccountInfo (mint, authority); EVM owner(), getRoleMember(MINTER_ROLE), eth_getCode, Safe getThreshold/getOwners + Etherscan getsourcecode",
                &[],
            ),
            UpgradeAuthoritySingleKey => (
                Bool,
                "one key can replace the token contract's code: an EIP-1967 proxy whose admin, or whose ProxyAdmin's or beacon's owner (the token's owner() for a proxy that upgrades itself), has no code; no for a contract that is no such proxy, and for a Solana mint",
                "EVM eth_getStorageAt (EIP-1967 implementation, admin and beacon slots), owner(), eth_getCode, Safe getThreshold/getOwners",
                &[],
            ),
            FreezeAuthority => (
                Bool,
                "someone can freeze, pause or blacklist holders: a Solana mint's freeze authority, or a pause, freeze or blacklist function in the verified ABI",
                "Solana getAccountInfo (mint); Etherscan getsourcecode",
                &[],
            ),
            ContractSourceVerified => (
                Bool,
                "the token contract's source (and a proxy's implementation's) is verified on Etherscan; a Solana mint's token program counts as verified",
                "Etherscan getsourcecode; Solana getAccountInfo (mint)",
                &[],
            ),
            PowersMatchDisclosure => (
                Bool,
                "every power the descriptor's [powers] declares is held on its chain by exactly the declared holders (address, kind, threshold); unknown when nothing is declared",
                "descriptor [powers] + the reads of the powers metrics",
                &[],
            ),
            QuarterlyTurnoverRatio => (
                Ratio,
                "the highest, over the latest complete calendar quarters before the as-of date (`params.quarters`, default 2), of each quarter's average daily global turnover (sum of the days' 24 h trade volume / sum of the days' market cap, as the aggregator reports them); below a min in every quarter means below it quarter after quarter. A quarter counts only when every day of it is seen; a lower bound, judged as one, when one is not",
                "CoinGecko daily market chart (market_caps, total_volumes), else the days a history database recorded",
                &[QUARTERS],
            ),
            MarketCapKrwHigh => (
                Krw,
                "the highest daily global market cap (as the aggregator reports it, in USD × the snapshot's USD/KRW) over the window ending on the as-of date (`params.days`, default 30); below a min means below it every day of the window. A lower bound, judged as one, when a day of the window is not seen",
                "CoinGecko daily market chart (market_caps), else the days a history database recorded + USD/KRW rate",
                &[DAYS_BACK],
            ),
        };
        MetricInfo {
            name: self.name(),
            unit,
            formula,
            needs,
            params,
        }
    }

    pub fn unit(self) -> Unit {
        self.info().unit
    }

    /// Whether the metric says who can change the token (mint, upgrade, freeze) or whether its
    /// source is verified: a listing team's first question, which `precheck` answers first.
    pub fn is_power(self) -> bool {
        matches!(
            self,
            Metric::MintAuthoritySingleKey
                | Metric::UpgradeAuthoritySingleKey
                | Metric::FreezeAuthority
                | Metric::ContractSourceVerified
                | Metric::PowersMatchDisclosure
        )
    }
}

/// A metric's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Tokens(Amount),
    Bool(bool),
}

/// A threshold limit: a number, or an exact amount for token metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Limit {
    Number(f64),
    Tokens(Amount),
}

impl Limit {
    /// How two limits of one kind compare; `None` if the kinds differ or a number is NaN.
    pub fn compare(&self, other: &Limit) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Limit::Number(a), Limit::Number(b)) => a.partial_cmp(b),
            (Limit::Tokens(a), Limit::Tokens(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// Whether `value` is strictly greater than the limit, which breaks a `max`; `None` if the
    /// kinds differ.
    pub fn exceeded_by(&self, value: &Value) -> Option<bool> {
        match (self, value) {
            (Limit::Number(limit), Value::Number(v)) => Some(v > limit),
            (Limit::Tokens(limit), Value::Tokens(v)) => Some(v > limit),
            _ => None,
        }
    }

    /// Whether `value` is strictly less than the limit, which breaks a `min`; `None` if the kinds
    /// differ.
    pub fn undercut_by(&self, value: &Value) -> Option<bool> {
        match (self, value) {
            (Limit::Number(limit), Value::Number(v)) => Some(v < limit),
            (Limit::Tokens(limit), Value::Tokens(v)) => Some(v < limit),
            _ => None,
        }
    }
}

impl Unit {
    /// A value as people read it: `+29.46 %`, `₩3.9 bn`, `318,421,502`, `812 days`.
    pub fn format(self, value: &Value) -> String {
        match value {
            Value::Bool(flag) => if *flag { "yes" } else { "no" }.to_owned(),
            Value::Tokens(amount) => amount.grouped(),
            Value::Number(number) => self.format_number(*number),
        }
    }

    pub fn format_limit(self, limit: &Limit) -> String {
        match limit {
            Limit::Number(number) => self.format_number(*number),
            Limit::Tokens(amount) => amount.grouped(),
        }
    }

    fn format_number(self, number: f64) -> String {
        match self {
            Unit::Ratio => format_ratio(number),
            Unit::Krw => format!("₩{}", compact(number)),
            Unit::Usd => format!("${}", compact(number)),
            Unit::Days => format!("{number:.0} days"),
            Unit::Count | Unit::Tokens | Unit::Bool => format!("{number}"),
        }
    }
}

/// A ratio as a percentage with two decimals, signed only when negative: `29.46 %`, `-0.50 %`.
/// Values and thresholds read this way; a detail that states a change uses [`format_percent`].
pub fn format_ratio(ratio: f64) -> String {
    format_percent(ratio).trim_start_matches('+').to_owned()
}

/// A ratio as a signed percentage with two decimals, for changes: `+29.46 %`, `-0.50 %`, `0 %`.
pub fn format_percent(ratio: f64) -> String {
    let percent = ratio * 100.0;
    if percent == 0.0 {
        "0 %".to_owned()
    } else if percent.abs() < 0.01 {
        format!("{percent:+.4} %")
    } else {
        format!("{percent:+.2} %")
    }
}

/// Large money amounts in thousands, millions, billions or trillions: `3.90 bn`.
pub fn compact(number: f64) -> String {
    let size = number.abs();
    let (scaled, suffix) = if size >= 1e12 {
        (number / 1e12, " tn")
    } else if size >= 1e9 {
        (number / 1e9, " bn")
    } else if size >= 1e6 {
        (number / 1e6, " m")
    } else {
        return format!("{number:.0}");
    };
    format!("{scaled:.2}{suffix}")
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn every_metric_name_round_trips() {
        for metric in Metric::iter() {
            assert_eq!(metric.name().parse::<Metric>().unwrap(), metric);
            assert_eq!(serde_json::to_value(metric).unwrap(), metric.name());
        }
        assert_eq!(Metric::PriceChange24h.name(), "price_change_24h");
    }

    #[test]
    fn ratios_print_as_signed_percentages() {
        assert_eq!(format_percent(0.294_571), "+29.46 %");
        assert_eq!(format_percent(-0.005), "-0.50 %");
        assert_eq!(Unit::Krw.format(&Value::Number(3.9e9)), "₩3.90 bn");
    }
}
