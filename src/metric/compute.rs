//! Computing one metric for one asset from a snapshot.
//!
//! Every computation cites the observations it used as [`Evidence`], and gives no value (which
//! evaluation turns into `unknown`) whenever an input is missing: a count that could be too low
//! because an exchange failed is not a count.

use std::collections::BTreeMap;

use std::sync::Arc;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Metric, Value, format_percent};
use crate::amount::Amount;
use crate::exchange::Exchange;
use crate::kst::days_between;
use crate::snapshot::{Aggregator, AggregatorQuote, AssetRecord, Request, Snapshot};

/// One observation behind a verdict, with its provenance (source, endpoint, fetched_at and, for
/// cached answers, cache_age_secs, flattened into the evidence object).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What the observation is, e.g. "total supply of 0x… on ethereum".
    pub what: String,
    pub value: String,
    #[serde(flatten)]
    pub request: Arc<Request>,
}

/// A metric's value for one asset, or why there is none, with the evidence either way.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    pub value: Option<Value>,
    /// The true value is at least `value`, not exactly it: the source's history is cut short.
    pub at_least: bool,
    /// How the value was reached, or why it could not be.
    pub detail: String,
    pub evidence: Vec<Evidence>,
}

/// Computes `metric` for `asset` on `as_of`.
pub fn compute(
    metric: Metric,
    params: &BTreeMap<String, i64>,
    snapshot: &Snapshot,
    asset: &AssetRecord,
    as_of: Date,
) -> Measurement {
    let mut inputs = Inputs {
        snapshot,
        asset,
        as_of,
        evidence: Vec::new(),
        at_least: false,
    };
    let outcome = inputs.metric(metric, params);
    let (value, detail) = match outcome {
        Ok((value, detail)) => (Some(value), detail),
        Err(why) => (None, why),
    };
    Measurement {
        value,
        at_least: inputs.at_least,
        detail,
        evidence: inputs.evidence,
    }
}

/// A value and how it was reached, or why it could not be.
type Outcome = Result<(Value, String), String>;

/// Where a circulating or issued figure comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Basis {
    OnChain,
    Reported(Aggregator),
}

impl Basis {
    fn describe(self) -> String {
        match self {
            Basis::OnChain => "measured on-chain".to_owned(),
            Basis::Reported(aggregator) => format!(
                "reported by {}; nothing measured on-chain",
                <&str>::from(aggregator)
            ),
        }
    }
}

struct Inputs<'a> {
    snapshot: &'a Snapshot,
    asset: &'a AssetRecord,
    as_of: Date,
    evidence: Vec<Evidence>,
    at_least: bool,
}

impl<'a> Inputs<'a> {
    fn metric(&mut self, metric: Metric, params: &BTreeMap<String, i64>) -> Outcome {
        match metric {
            Metric::CirculatingSupply => {
                let (circulating, basis) = self.circulating()?;
                Ok((
                    Value::Tokens(circulating),
                    format!("{} tokens, {}", circulating.grouped(), basis.describe()),
                ))
            }
            Metric::CirculationPlanExcess => self.circulation_plan_excess(),
            Metric::CirculationReportedGap => self.circulation_reported_gap(),
            Metric::TotalSupplyExcess => self.total_supply_excess(),
            Metric::IssuancePlanDisclosed => {
                self.disclosed("a max supply", |plan| plan.max_supply.is_some())
            }
            Metric::CirculationPlanDisclosed => {
                self.disclosed("a circulation schedule", crate::asset::Plan::has_schedule)
            }
            Metric::CirculatingRatio => self.circulating_ratio(),
            Metric::UnlockRatio => self.unlock_ratio(params.get("days").copied().unwrap_or(90)),
            Metric::ForeignExchangeCount => self.foreign_exchange_count(),
            Metric::DomesticExchangeCount => self.domestic_exchange_count(),
            Metric::DaysSinceFirstTrade => self.days_since_first_trade(),
            Metric::MarketCapKrw => self
                .market_cap_krw()
                .map(|(cap, detail)| (Value::Number(cap), detail)),
            Metric::DailyTurnoverRatio => self.daily_turnover_ratio(),
            Metric::GlobalTurnoverRatio => self.global_turnover_ratio(),
            Metric::DomesticPremium => self.domestic_premium(),
            Metric::PriceChange24h => self.price_change_24h(),
            Metric::InvestmentWarning => self.investment_warning(),
            Metric::CautionFlags => self.caution_flags(),
        }
    }

    fn cite(&mut self, req: u32, what: impl Into<String>, value: impl Into<String>) {
        self.evidence.push(Evidence {
            what: what.into(),
            value: value.into(),
            request: Arc::clone(self.snapshot.request(req)),
        });
    }

    fn disclosure(&self) -> Result<&'a crate::snapshot::Disclosure, String> {
        self.asset
            .disclosure
            .as_ref()
            .ok_or_else(|| "no asset descriptor, so nothing is known of its disclosures".to_owned())
    }

    /// The disclosed plan, and the request that read its descriptor.
    fn plan(&self) -> Result<(&'a crate::asset::Plan, u32), String> {
        let disclosure = self.disclosure()?;
        let plan = disclosure
            .descriptor
            .plan
            .as_ref()
            .ok_or("the asset descriptor discloses no plan")?;
        Ok((plan, disclosure.req))
    }

    /// Whether the asset's supply is measured on-chain: its descriptor declares a natively issuing
    /// contract. A gap in the on-chain data is then a gap (`unknown`), never a reason to take an
    /// aggregator's word instead.
    fn measured_on_chain(&self) -> bool {
        self.asset
            .disclosure
            .as_ref()
            .is_some_and(|d| d.descriptor.chains.iter().any(|chain| chain.native))
    }

    /// Why nothing is measured on-chain, for the detail of a reported figure.
    fn why_not_on_chain(&self) -> &'static str {
        if self.asset.disclosure.is_some() {
            "the descriptor declares no contract"
        } else {
            "no asset descriptor, so no excluded wallets are known"
        }
    }

    /// On-chain circulating and issued supply: the native total supply minus the excluded wallets
    /// still locked on the as-of date. Each observation is cited once.
    fn onchain_supplies(&mut self) -> Result<(Amount, Amount), String> {
        let total = self.onchain_issued()?;
        let descriptor = &self
            .asset
            .disclosure
            .as_ref()
            .expect("measured_on_chain checked the disclosure")
            .descriptor;
        let mut excluded = Amount::ZERO;
        for wallet in &descriptor.excluded {
            let native = descriptor
                .chains
                .iter()
                .any(|chain| chain.chain == wallet.chain && chain.native);
            if !native {
                continue;
            }
            let balance = self
                .asset
                .wallet_balances
                .iter()
                .find(|balance| balance.chain == wallet.chain && balance.address.eq_ignore_ascii_case(&wallet.address))
                .ok_or_else(|| format!("no balance for excluded wallet `{}` ({} on {}): the chain source failed or is not configured", wallet.label, wallet.address, wallet.chain))?;
            let locked = wallet.until.is_none_or(|until| self.as_of < until);
            let what = match wallet.until {
                Some(until) if !locked => format!(
                    "balance of `{}` {} on {} (circulating since {until})",
                    wallet.label, wallet.address, wallet.chain
                ),
                Some(until) => format!(
                    "balance of excluded `{}` {} on {} (locked until {until})",
                    wallet.label, wallet.address, wallet.chain
                ),
                None => format!(
                    "balance of excluded `{}` {} on {}",
                    wallet.label, wallet.address, wallet.chain
                ),
            };
            self.cite(balance.req, what, balance.balance.grouped());
            if locked {
                excluded = excluded
                    .checked_add(balance.balance)
                    .ok_or("excluded balances overflow 256 bits")?;
            }
        }
        let circulating = total.checked_sub(excluded).ok_or_else(|| {
            format!("excluded wallets hold {} but the total supply is {}: a wallet may be listed on the wrong chain", excluded.grouped(), total.grouped())
        })?;
        Ok((circulating, total))
    }

    /// On-chain issued supply: the total supply of every natively issuing contract, each of those
    /// the descriptor declares being required.
    fn onchain_issued(&mut self) -> Result<Amount, String> {
        if let Some(disclosure) = &self.asset.disclosure {
            for chain in disclosure
                .descriptor
                .chains
                .iter()
                .filter(|chain| chain.native)
            {
                let found = self.asset.chain_supplies.iter().any(|supply| {
                    supply.chain == chain.chain
                        && supply.contract.eq_ignore_ascii_case(&chain.contract)
                });
                if !found {
                    return Err(format!(
                        "no total supply for {} on {}: the chain source failed or is not configured",
                        chain.contract, chain.chain
                    ));
                }
            }
        }
        let mut total = Amount::ZERO;
        let mut counted = 0;
        for supply in self
            .asset
            .chain_supplies
            .iter()
            .filter(|supply| supply.native)
        {
            let raw = supply
                .total_supply
                .raw_at(supply.decimals)
                .map_or_else(|| "?".to_owned(), |raw| raw.to_string());
            self.cite(
                supply.req,
                format!("total supply of {} on {}", supply.contract, supply.chain),
                format!(
                    "{} (raw {raw}, {} decimals)",
                    supply.total_supply.grouped(),
                    supply.decimals
                ),
            );
            total = total
                .checked_add(supply.total_supply)
                .ok_or("total supply overflows 256 bits")?;
            counted += 1;
        }
        if counted == 0 {
            return Err("no on-chain total supply was observed".to_owned());
        }
        Ok(total)
    }

    /// A supply field as an aggregator reports it: CoinGecko first, then CoinMarketCap, then the
    /// issuer's own figure, whatever order the snapshot lists them in.
    fn reported(
        &mut self,
        label: &str,
        field: fn(&AggregatorQuote) -> Option<Amount>,
    ) -> Result<(Amount, Aggregator), String> {
        let rank = |source: Aggregator| match source {
            Aggregator::Coingecko => 0,
            Aggregator::Coinmarketcap => 1,
            Aggregator::Issuer => 2,
        };
        let quote = self
            .asset
            .aggregator_quotes
            .iter()
            .filter_map(|quote| field(quote).map(|amount| (quote, amount)))
            .min_by_key(|(quote, _)| rank(quote.source));
        let (quote, amount) = quote.ok_or_else(|| format!("no aggregator reports a {label}"))?;
        self.cite(
            quote.req,
            format!(
                "{label} reported by {} for `{}`",
                <&str>::from(quote.source),
                quote.id
            ),
            amount.grouped(),
        );
        Ok((amount, quote.source))
    }

    /// Circulating supply: measured on-chain when the descriptor declares a contract, else as an
    /// aggregator reports it.
    fn circulating(&mut self) -> Result<(Amount, Basis), String> {
        if self.measured_on_chain() {
            return self
                .onchain_supplies()
                .map(|(circulating, _)| (circulating, Basis::OnChain));
        }
        let why = self.why_not_on_chain();
        self.reported("circulating supply", |quote| quote.circulating_supply)
            .map(|(amount, source)| (amount, Basis::Reported(source)))
            .map_err(|reported| format!("{why}; {reported}"))
    }

    /// Issued supply: on-chain when a native contract's supply is known or declared, else as an
    /// aggregator reports it.
    fn issued(&mut self) -> Result<(Amount, Basis), String> {
        if self.measured_on_chain() || self.asset.chain_supplies.iter().any(|supply| supply.native)
        {
            return self.onchain_issued().map(|issued| (issued, Basis::OnChain));
        }
        let why = self.why_not_on_chain();
        self.reported("total supply", |quote| quote.total_supply)
            .map(|(amount, source)| (amount, Basis::Reported(source)))
            .map_err(|reported| format!("{why}; {reported}"))
    }

    fn circulation_plan_excess(&mut self) -> Outcome {
        let (plan, req) = self.plan()?;
        let planned = plan
            .planned_at(self.as_of)
            .ok_or("the descriptor's plan has no circulation schedule")?;
        let published = plan
            .source
            .as_deref()
            .map(|source| format!("; source: {source}"))
            .unwrap_or_default();
        let period = match &planned.from {
            Some(from) => format!(
                "linear from {} on {} to {} on {}",
                from.circulating.grouped(),
                from.date,
                planned.target.circulating.grouped(),
                planned.target.date
            ),
            None => format!("by {}", planned.target.date),
        };
        self.cite(
            req,
            format!(
                "planned circulating supply {period}, for {}{published}",
                self.as_of
            ),
            planned.amount.grouped(),
        );
        let (circulating, basis) = self.circulating()?;
        if planned.amount.is_zero() {
            return Err(format!(
                "the plan's circulating supply on {} is zero, so an excess ratio is undefined",
                self.as_of
            ));
        }
        let ratio = signed_ratio(circulating, planned.amount)?;
        let detail = format!(
            "circulating {} ({}) vs planned {} {period}: {}",
            circulating.grouped(),
            basis.describe(),
            planned.amount.grouped(),
            format_percent(ratio)
        );
        Ok((Value::Number(ratio), detail))
    }

    fn circulation_reported_gap(&mut self) -> Outcome {
        if !self.measured_on_chain() {
            return Err(format!(
                "{}, so nothing is measured on-chain to compare with",
                self.why_not_on_chain()
            ));
        }
        let (onchain, _) = self.onchain_supplies()?;
        if onchain.is_zero() {
            return Err(
                "on-chain circulating supply is zero, so a gap ratio is undefined".to_owned(),
            );
        }
        let mut worst: Option<(f64, String)> = None;
        for quote in &self.asset.aggregator_quotes {
            let reported = [
                ("circulating supply", quote.circulating_supply),
                (
                    "self-reported circulating supply",
                    quote.self_reported_circulating_supply,
                ),
            ];
            for (label, amount) in reported {
                let Some(amount) = amount else { continue };
                let source: &str = quote.source.into();
                self.cite(
                    quote.req,
                    format!("{label} reported by {source} for `{}`", quote.id),
                    amount.grouped(),
                );
                let (gap, _) = amount
                    .abs_diff(onchain)
                    .ok_or("amounts overflow 256 bits")?;
                let ratio = gap.ratio_to(onchain).ok_or("zero on-chain supply")?;
                if worst.as_ref().is_none_or(|(w, _)| ratio > *w) {
                    worst = Some((
                        ratio,
                        format!(
                            "{source} {label} {} vs on-chain {}",
                            amount.grouped(),
                            onchain.grouped()
                        ),
                    ));
                }
            }
        }
        let (ratio, which) = worst.ok_or("no aggregator reports a circulating supply")?;
        Ok((
            Value::Number(ratio),
            format!("{which}: gap {:.2} %", ratio * 100.0),
        ))
    }

    fn total_supply_excess(&mut self) -> Outcome {
        let (plan, req) = self.plan()?;
        let max = plan
            .max_supply
            .ok_or("the descriptor's plan discloses no max_supply")?;
        self.cite(req, "disclosed max supply", max.grouped());
        if max.is_zero() {
            return Err("the disclosed max supply is zero".to_owned());
        }
        let (issued, basis) = self.issued()?;
        let ratio = signed_ratio(issued, max)?;
        Ok((
            Value::Number(ratio),
            format!(
                "issued {} ({}) vs disclosed max {}: {}",
                issued.grouped(),
                basis.describe(),
                max.grouped(),
                format_percent(ratio)
            ),
        ))
    }

    fn disclosed(&mut self, what: &str, test: fn(&crate::asset::Plan) -> bool) -> Outcome {
        let disclosure = self.disclosure()?;
        let disclosed = disclosure.descriptor.plan.as_ref().is_some_and(test);
        let req = disclosure.req;
        let answer = if disclosed { "yes" } else { "no" };
        self.cite(req, format!("descriptor discloses {what}"), answer);
        Ok((
            Value::Bool(disclosed),
            format!(
                "the descriptor {} {what}",
                if disclosed {
                    "discloses"
                } else {
                    "does not disclose"
                }
            ),
        ))
    }

    fn circulating_ratio(&mut self) -> Outcome {
        // Both figures from the same basis, so that a reported circulating supply is never divided
        // by a measured total.
        let (circulating, issued, basis) = if self.measured_on_chain() {
            let (circulating, issued) = self.onchain_supplies()?;
            (circulating, issued, Basis::OnChain)
        } else {
            let why = self.why_not_on_chain();
            let (circulating, source) = self
                .reported("circulating supply", |quote| quote.circulating_supply)
                .map_err(|e| format!("{why}; {e}"))?;
            let (issued, _) = self.reported("total supply", |quote| quote.total_supply)?;
            (circulating, issued, Basis::Reported(source))
        };
        let ratio = circulating
            .ratio_to(issued)
            .ok_or("the issued supply is zero")?;
        Ok((
            Value::Number(ratio),
            format!(
                "circulating {} / issued {} ({}) = {:.2} %",
                circulating.grouped(),
                issued.grouped(),
                basis.describe(),
                ratio * 100.0
            ),
        ))
    }

    /// What the plan lets circulate `days` from now beyond what circulates today. Measured against
    /// today's circulation rather than today's target, because a target is for the end of its
    /// period: an unlock due later in the current period is still ahead.
    fn unlock_ratio(&mut self, days: i64) -> Outcome {
        let (plan, req) = self.plan()?;
        let later = self
            .as_of
            .checked_add(jiff::Span::new().days(days))
            .map_err(|e| format!("cannot add {days} days to {}: {e}", self.as_of))?;
        let then = plan
            .planned_at(later)
            .ok_or("the descriptor's plan has no circulation schedule")?;
        self.cite(
            req,
            format!(
                "planned circulating supply by {later} (target by {})",
                then.target.date
            ),
            then.amount.grouped(),
        );
        let (circulating, basis) = self.circulating()?;
        let increase = then.amount.checked_sub(circulating).unwrap_or(Amount::ZERO);
        let ratio = increase
            .ratio_to(circulating)
            .ok_or("circulating supply is zero")?;
        Ok((
            Value::Number(ratio),
            format!(
                "plan allows {} by {later}, {} more than the {} circulating now ({}): {:.2} %",
                then.amount.grouped(),
                increase.grouped(),
                circulating.grouped(),
                basis.describe(),
                ratio * 100.0
            ),
        ))
    }

    fn foreign_exchange_count(&mut self) -> Outcome {
        let observed = self
            .asset
            .foreign_exchanges
            .as_ref()
            .ok_or("no exchange list from CoinGecko tickers for this asset")?;
        let count = observed.value.len();
        let shown = if observed.value.is_empty() {
            "none".to_owned()
        } else {
            observed.value.join(", ")
        };
        self.cite(
            observed.req,
            "exchanges outside Korea trading the asset",
            shown,
        );
        Ok((
            Value::Number(count as f64),
            format!("{count} foreign exchanges"),
        ))
    }

    fn domestic_exchange_count(&mut self) -> Outcome {
        let unread: Vec<&str> = Exchange::ALL
            .into_iter()
            .filter(|exchange| self.snapshot.market_list(*exchange).is_none())
            .map(Exchange::as_str)
            .collect();
        if !unread.is_empty() {
            return Err(format!(
                "the market list of {} was not read (failed or disabled), so the count could be too low",
                unread.join(", ")
            ));
        }
        let mut listed_on = Vec::new();
        for exchange in Exchange::ALL {
            let listing = self
                .asset
                .listings
                .iter()
                .find(|listing| listing.exchange == exchange && listing.quote == "KRW");
            match listing {
                Some(listing) => {
                    self.cite(
                        listing.req,
                        format!("KRW market on {exchange}"),
                        listing.market.clone(),
                    );
                    listed_on.push(exchange.as_str());
                }
                None => {
                    let req = self.snapshot.market_list(exchange).expect("checked above");
                    self.cite(req, format!("KRW market on {exchange}"), "none");
                }
            }
        }
        let detail = if listed_on.is_empty() {
            "not listed in a KRW market".to_owned()
        } else {
            format!("listed in KRW on {}", listed_on.join(", "))
        };
        Ok((Value::Number(listed_on.len() as f64), detail))
    }

    fn days_since_first_trade(&mut self) -> Outcome {
        let first = self
            .asset
            .first_trade
            .as_ref()
            .ok_or("the date of the first trade was not observed")?;
        let days = days_between(first.date, self.as_of);
        if first.on_or_before {
            self.cite(
                first.req,
                "first trade (the source's history starts here)",
                format!("on or before {}", first.date),
            );
            self.at_least = true;
            return Ok((
                Value::Number(days as f64),
                format!(
                    "first traded on or before {}: at least {days} days before {}",
                    first.date, self.as_of
                ),
            ));
        }
        self.cite(first.req, "first trade", first.date.to_string());
        Ok((
            Value::Number(days as f64),
            format!(
                "first traded {}, {days} days before {}",
                first.date, self.as_of
            ),
        ))
    }

    fn usd_krw(&mut self) -> Result<f64, String> {
        let fx = self
            .snapshot
            .usd_krw
            .as_ref()
            .ok_or("no USD/KRW rate in the snapshot")?;
        let (rate, req) = (fx.value, fx.req);
        self.cite(req, "USD/KRW rate", format!("{rate}"));
        Ok(rate)
    }

    fn price_usd(&mut self) -> Result<f64, String> {
        let quote = self
            .asset
            .aggregator_quotes
            .iter()
            .find(|quote| quote.price_usd.is_some())
            .ok_or("no aggregator reports a USD price")?;
        let price = quote.price_usd.expect("found by is_some");
        self.cite(
            quote.req,
            format!(
                "global USD price reported by {}",
                <&str>::from(quote.source)
            ),
            format!("{price}"),
        );
        Ok(price)
    }

    fn market_cap_krw(&mut self) -> Result<(f64, String), String> {
        let (circulating, basis) = self.circulating()?;
        let price = self.price_usd()?;
        let rate = self.usd_krw()?;
        let cap = circulating.to_f64() * price * rate;
        Ok((
            cap,
            format!(
                "{} circulating ({}) × ${} × {rate} KRW/USD = ₩{}",
                circulating.grouped(),
                basis.describe(),
                format_price(price),
                money(cap)
            ),
        ))
    }

    /// The KRW markets with a ticker; unknown when a KRW listing has none, since a sum or extreme
    /// over part of the markets would mislead.
    fn krw_tickers(&mut self) -> Result<Vec<(Exchange, crate::snapshot::Ticker)>, String> {
        let listings: Vec<_> = self
            .asset
            .listings
            .iter()
            .filter(|listing| listing.quote == "KRW")
            .collect();
        if listings.is_empty() {
            let unread: Vec<&str> = Exchange::ALL
                .into_iter()
                .filter(|exchange| self.snapshot.market_list(*exchange).is_none())
                .map(Exchange::as_str)
                .collect();
            // An unread market list is no evidence that the asset is not traded there.
            if !unread.is_empty() {
                return Err(format!(
                    "no KRW market is known: the market list of {} was not read (failed or disabled)",
                    unread.join(", ")
                ));
            }
            return Err("not traded in a KRW market".to_owned());
        }
        if let Some(missing) = listings.iter().find(|listing| listing.ticker.is_none()) {
            return Err(format!(
                "no ticker for {} on {}",
                missing.market, missing.exchange
            ));
        }
        Ok(listings
            .into_iter()
            .map(|listing| {
                (
                    listing.exchange,
                    listing.ticker.clone().expect("checked above"),
                )
            })
            .collect())
    }

    fn daily_turnover_ratio(&mut self) -> Outcome {
        let tickers = self.krw_tickers()?;
        let mut traded = 0.0;
        for (exchange, ticker) in &tickers {
            self.cite(
                ticker.req,
                format!("24 h trade value on {exchange}"),
                format!("₩{:.0}", ticker.volume_24h),
            );
            traded += ticker.volume_24h;
        }
        let (cap, _) = self.market_cap_krw()?;
        if cap <= 0.0 {
            return Err("market cap is zero".to_owned());
        }
        let ratio = traded / cap;
        Ok((
            Value::Number(ratio),
            format!(
                "₩{} traded in 24 h in KRW markets / ₩{} market cap = {:.3} %",
                money(traded),
                money(cap),
                ratio * 100.0
            ),
        ))
    }

    fn global_turnover_ratio(&mut self) -> Outcome {
        let quote = self
            .asset
            .aggregator_quotes
            .iter()
            .find(|quote| quote.volume_24h_usd.is_some() && quote.price_usd.is_some())
            .ok_or("no aggregator reports a global 24 h volume and price")?;
        let (volume, price, req, source) = (
            quote.volume_24h_usd.expect("found"),
            quote.price_usd.expect("found"),
            quote.req,
            quote.source,
        );
        let source: &str = source.into();
        self.cite(
            req,
            format!("global 24 h volume reported by {source}"),
            format!("${}", format_price(volume)),
        );
        self.cite(
            req,
            format!("global USD price reported by {source}"),
            format!("${}", format_price(price)),
        );
        let (circulating, basis) = self.circulating()?;
        let cap = circulating.to_f64() * price;
        if cap <= 0.0 {
            return Err("market cap is zero".to_owned());
        }
        let ratio = volume / cap;
        Ok((
            Value::Number(ratio),
            format!(
                "${} traded in 24 h worldwide / ${} market cap ({} circulating, {}) = {:.3} %",
                money(volume),
                money(cap),
                circulating.grouped(),
                basis.describe(),
                ratio * 100.0
            ),
        ))
    }

    fn domestic_premium(&mut self) -> Outcome {
        let tickers = self.krw_tickers()?;
        let reference = self.price_usd()? * self.usd_krw()?;
        if reference <= 0.0 {
            return Err("the global reference price is zero".to_owned());
        }
        let mut largest: Option<(f64, Exchange)> = None;
        for (exchange, ticker) in &tickers {
            self.cite(
                ticker.req,
                format!("KRW price on {exchange}"),
                format!("₩{}", ticker.price),
            );
            let premium = ticker.price / reference - 1.0;
            if largest.is_none_or(|(p, _)| premium.abs() > p.abs()) {
                largest = Some((premium, *exchange));
            }
        }
        let (premium, exchange) = largest.expect("krw_tickers is never empty");
        Ok((
            Value::Number(premium),
            format!(
                "{exchange} price vs global ₩{}: {}",
                format_price(reference),
                format_percent(premium)
            ),
        ))
    }

    fn price_change_24h(&mut self) -> Outcome {
        let tickers = self.krw_tickers()?;
        let mut largest: Option<(f64, Exchange)> = None;
        for (exchange, ticker) in &tickers {
            let Some(change) = ticker.change_24h else {
                return Err(format!("{exchange} reports no 24 h change"));
            };
            self.cite(
                ticker.req,
                format!("24 h change on {exchange}"),
                format_percent(change),
            );
            if largest.is_none_or(|(c, _)| change.abs() > c.abs()) {
                largest = Some((change, *exchange));
            }
        }
        let (change, exchange) = largest.expect("krw_tickers is never empty");
        Ok((
            Value::Number(change),
            format!("{} on {exchange}", format_percent(change)),
        ))
    }

    /// One kind of flag on every exchange that publishes it, with its request, and the gaps that
    /// leave the question open: an exchange whose market list was not read, or a listing whose
    /// flags were not read.
    fn flags_of<T: Clone>(
        &self,
        publishes: fn(Exchange) -> bool,
        pick: fn(&crate::snapshot::Flags) -> Option<&crate::snapshot::Observed<T>>,
    ) -> (Vec<(Exchange, T, u32)>, Vec<String>) {
        let (mut seen, mut gaps) = (Vec::new(), Vec::new());
        for exchange in Exchange::ALL.into_iter().filter(|e| publishes(*e)) {
            if self.snapshot.market_list(exchange).is_none() {
                gaps.push(format!("{exchange}'s market list was not read"));
                continue;
            }
            let Some(listing) = self
                .asset
                .listings
                .iter()
                .find(|l| l.exchange == exchange && l.quote == "KRW")
            else {
                continue;
            };
            match listing.flags.as_ref().and_then(pick) {
                Some(flag) => seen.push((exchange, flag.value.clone(), flag.req)),
                None => gaps.push(format!("{exchange} lists it, but its flags were not read")),
            }
        }
        (seen, gaps)
    }

    fn investment_warning(&mut self) -> Outcome {
        let (seen, gaps) =
            self.flags_of(Exchange::publishes_warning, |flags| flags.warning.as_ref());
        for (exchange, warned, req) in &seen {
            self.cite(
                *req,
                format!("investment warning (유의) on {exchange}"),
                if *warned { "yes" } else { "no" },
            );
        }
        let warned: Vec<&str> = seen
            .iter()
            .filter(|(_, warned, _)| *warned)
            .map(|(e, _, _)| e.as_str())
            .collect();
        if !warned.is_empty() {
            return Ok((
                Value::Bool(true),
                format!("designated by {}", warned.join(", ")),
            ));
        }
        if !gaps.is_empty() {
            return Err(format!(
                "no designation seen, but a warning cannot be ruled out: {}",
                gaps.join("; ")
            ));
        }
        if seen.is_empty() {
            return Err("none of the exchanges listing the asset publishes an investment-warning designation".to_owned());
        }
        let names: Vec<&str> = seen.iter().map(|(e, _, _)| e.as_str()).collect();
        Ok((
            Value::Bool(false),
            format!("no warning on {}", names.join(", ")),
        ))
    }

    fn caution_flags(&mut self) -> Outcome {
        let (seen, gaps) = self.flags_of(Exchange::publishes_cautions, |flags| {
            flags.cautions.as_ref()
        });
        for (exchange, cautions, req) in &seen {
            let shown = if cautions.is_empty() {
                "none".to_owned()
            } else {
                cautions.join(", ")
            };
            self.cite(*req, format!("caution (주의) flags on {exchange}"), shown);
        }
        if !gaps.is_empty() {
            // A count over part of the exchanges could be too low.
            return Err(format!("the count could be too low: {}", gaps.join("; ")));
        }
        if seen.is_empty() {
            return Err(
                "none of the exchanges listing the asset publishes caution flags".to_owned(),
            );
        }
        let named: Vec<String> = seen
            .iter()
            .flat_map(|(exchange, cautions, _)| {
                cautions.iter().map(move |c| format!("{exchange}:{c}"))
            })
            .collect();
        let detail = if named.is_empty() {
            "no active caution flag".to_owned()
        } else {
            named.join(", ")
        };
        Ok((Value::Number(named.len() as f64), detail))
    }
}

/// An amount of money in a sentence: compact when large (`3.90 bn`), else with its significant
/// digits.
fn money(amount: f64) -> String {
    if amount.abs() >= 1e6 {
        super::compact(amount)
    } else {
        format_price(amount)
    }
}

/// A price or amount of money with the digits that matter: whole units above 100, cents above 1,
/// and four significant digits below (₩0.01523 for SHIB, not ₩0.02).
pub fn format_price(price: f64) -> String {
    let size = price.abs();
    if size >= 100.0 || size == 0.0 {
        format!("{price:.0}")
    } else if size >= 1.0 {
        format!("{price:.2}")
    } else {
        // One more decimal for every leading zero after the point.
        let (mut decimals, mut scaled) = (3, size);
        while scaled < 1.0 && decimals < 12 {
            scaled *= 10.0;
            decimals += 1;
        }
        format!("{price:.decimals$}")
    }
}

/// `(value − base) / base`, signed, from exact amounts.
fn signed_ratio(value: Amount, base: Amount) -> Result<f64, String> {
    let (difference, negative) = value.abs_diff(base).ok_or("amounts overflow 256 bits")?;
    let ratio = difference
        .ratio_to(base)
        .ok_or("division by a zero amount")?;
    Ok(if negative { -ratio } else { ratio })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use jiff::civil::date;

    use super::*;
    use crate::asset::{
        AssetDescriptor, ChainContract, ExcludedWallet, Identity, Plan, ScheduleEntry,
    };
    use crate::snapshot::{
        ChainSupply, Disclosure, Flags, IdentifiedBy, Listing, Observed, Request, WalletBalance,
    };

    fn tokens(whole: u64) -> Amount {
        Amount::from_whole(whole)
    }

    /// A token with one contract, one excluded treasury and a two-step plan, listed on Upbit.
    fn asset() -> AssetRecord {
        let descriptor = AssetDescriptor {
            asset: Identity {
                id: "tok".into(),
                symbol: "TOK".into(),
                name: "Token".into(),
                korean_name: None,
                coingecko: Some("tok".into()),
                coinmarketcap: None,
            },
            chains: vec![ChainContract {
                chain: "ethereum".into(),
                contract: format!("0x{:040x}", 1),
                decimals: Some(18),
                native: true,
            }],
            excluded: vec![ExcludedWallet {
                chain: "ethereum".into(),
                address: format!("0x{:040x}", 2),
                label: "treasury".into(),
                until: None,
            }],
            plan: Some(Plan {
                max_supply: Some(tokens(1_000)),
                source: None,
                disclosed: None,
                schedule: vec![
                    ScheduleEntry {
                        date: date(2026, 9, 30),
                        circulating: tokens(100),
                        linear: false,
                    },
                    ScheduleEntry {
                        date: date(2026, 12, 31),
                        circulating: tokens(300),
                        linear: false,
                    },
                ],
            }),
        };
        AssetRecord {
            id: "tok".into(),
            symbol: "TOK".into(),
            name: None,
            korean_name: None,
            identified_by: IdentifiedBy::Descriptor,
            identity_note: None,
            candidate: false,
            disclosure: Some(Disclosure {
                sha256: String::new(),
                descriptor,
                req: 0,
            }),
            listings: vec![Listing {
                exchange: Exchange::Upbit,
                market: "KRW-TOK".into(),
                quote: "KRW".into(),
                req: 0,
                ticker: None,
                flags: None,
            }],
            chain_supplies: vec![ChainSupply {
                chain: "ethereum".into(),
                contract: format!("0x{:040x}", 1),
                native: true,
                total_supply: tokens(1_000),
                decimals: 18,
                req: 0,
            }],
            wallet_balances: vec![WalletBalance {
                chain: "ethereum".into(),
                address: format!("0x{:040x}", 2),
                label: "treasury".into(),
                until: None,
                balance: tokens(900),
                req: 0,
            }],
            aggregator_quotes: vec![AggregatorQuote {
                source: Aggregator::Coingecko,
                id: "tok".into(),
                circulating_supply: Some(tokens(500)),
                total_supply: Some(tokens(1_000)),
                max_supply: None,
                self_reported_circulating_supply: None,
                price_usd: None,
                market_cap_usd: None,
                volume_24h_usd: None,
                req: 0,
            }],
            foreign_exchanges: None,
            first_trade: None,
        }
    }

    fn snapshot(asset: AssetRecord) -> Snapshot {
        let at = "2026-11-20T00:00:00Z".parse().unwrap();
        Snapshot {
            taken_at: at,
            sample: false,
            complete: true,
            note: None,
            tool: "test".into(),
            requests: vec![Arc::new(Request {
                source: "test".into(),
                endpoint: "test".into(),
                fetched_at: at,
                cache_age_secs: None,
            })],
            failures: vec![],
            market_lists: Exchange::ALL
                .into_iter()
                .map(|value| Observed { value, req: 0 })
                .collect(),
            usd_krw: None,
            assets: vec![asset],
        }
    }

    fn measure(metric: Metric, asset: AssetRecord, params: &[(&str, i64)]) -> Measurement {
        let params: BTreeMap<String, i64> =
            params.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
        let snapshot = snapshot(asset);
        compute(
            metric,
            &params,
            &snapshot,
            &snapshot.assets[0],
            date(2026, 11, 20),
        )
    }

    #[test]
    fn an_unlock_due_later_in_the_current_period_counts_as_unlock_pressure() {
        // 100 circulate; the plan allows 300 by 2026-12-31, 41 days away.
        let measured = measure(Metric::UnlockRatio, asset(), &[("days", 90)]);
        assert_eq!(
            measured.value,
            Some(Value::Number(2.0)),
            "{}",
            measured.detail
        );
    }

    #[test]
    fn a_missing_wallet_balance_is_unknown_not_the_aggregators_figure() {
        let mut asset = asset();
        asset.wallet_balances.clear();
        let measured = measure(Metric::CirculatingSupply, asset, &[]);
        assert_eq!(measured.value, None);
        assert!(
            measured
                .detail
                .contains("no balance for excluded wallet `treasury`"),
            "{}",
            measured.detail
        );
        assert!(
            measured
                .evidence
                .iter()
                .all(|e| !e.what.contains("reported by")),
            "{:?}",
            measured.evidence
        );
    }

    #[test]
    fn without_a_contract_the_aggregators_figure_is_used_and_says_so() {
        let mut asset = asset();
        asset.disclosure.as_mut().unwrap().descriptor.chains.clear();
        let measured = measure(Metric::CirculatingSupply, asset, &[]);
        assert_eq!(measured.value, Some(Value::Tokens(tokens(500))));
        assert!(
            measured.detail.contains("reported by coingecko"),
            "{}",
            measured.detail
        );
    }

    #[test]
    fn the_circulating_ratio_cites_the_total_supply_once() {
        let measured = measure(Metric::CirculatingRatio, asset(), &[]);
        assert_eq!(measured.value, Some(Value::Number(0.1)));
        assert_eq!(
            measured
                .evidence
                .iter()
                .filter(|e| e.what.starts_with("total supply"))
                .count(),
            1
        );
    }

    #[test]
    fn coingecko_is_preferred_whatever_the_order_of_quotes() {
        let mut asset = asset();
        asset.disclosure = None;
        let mut cmc = asset.aggregator_quotes[0].clone();
        cmc.source = Aggregator::Coinmarketcap;
        cmc.circulating_supply = Some(tokens(7));
        asset.aggregator_quotes.insert(0, cmc);
        assert_eq!(
            measure(Metric::CirculatingSupply, asset, &[]).value,
            Some(Value::Tokens(tokens(500)))
        );
    }

    #[test]
    fn a_warning_cannot_be_ruled_out_when_an_exchange_that_publishes_it_was_not_read() {
        let mut asset = asset();
        asset.listings[0].flags = Some(Flags {
            warning: Some(Observed {
                value: false,
                req: 0,
            }),
            cautions: Some(Observed {
                value: vec![],
                req: 0,
            }),
        });
        let mut snapshot = snapshot(asset);
        snapshot
            .market_lists
            .retain(|list| list.value != Exchange::Bithumb);
        let (warning, cautions) = (
            compute(
                Metric::InvestmentWarning,
                &BTreeMap::new(),
                &snapshot,
                &snapshot.assets[0],
                date(2026, 11, 20),
            ),
            compute(
                Metric::CautionFlags,
                &BTreeMap::new(),
                &snapshot,
                &snapshot.assets[0],
                date(2026, 11, 20),
            ),
        );
        assert_eq!(warning.value, None, "{}", warning.detail);
        assert!(
            warning
                .detail
                .contains("bithumb's market list was not read"),
            "{}",
            warning.detail
        );
        assert_eq!(cautions.value, None, "{}", cautions.detail);
    }

    #[test]
    fn a_listing_whose_flags_were_not_read_leaves_the_warning_open() {
        let measured = measure(Metric::InvestmentWarning, asset(), &[]);
        assert_eq!(measured.value, None);
        assert!(
            measured
                .detail
                .contains("upbit lists it, but its flags were not read"),
            "{}",
            measured.detail
        );
    }

    #[test]
    fn one_warning_is_enough_even_with_gaps_elsewhere() {
        let mut asset = asset();
        asset.listings[0].flags = Some(Flags {
            warning: Some(Observed {
                value: true,
                req: 0,
            }),
            cautions: None,
        });
        let mut snapshot = snapshot(asset);
        snapshot.market_lists.clear();
        snapshot.market_lists.push(Observed {
            value: Exchange::Upbit,
            req: 0,
        });
        let measured = compute(
            Metric::InvestmentWarning,
            &BTreeMap::new(),
            &snapshot,
            &snapshot.assets[0],
            date(2026, 11, 20),
        );
        assert_eq!(measured.value, Some(Value::Bool(true)));
    }

    #[test]
    fn small_prices_keep_four_significant_digits() {
        assert_eq!(format_price(0.015_234), "0.01523");
        assert_eq!(format_price(2.345_67), "2.35");
        assert_eq!(format_price(97_061_234.4), "97061234");
        assert_eq!(format_price(0.000_012_346), "0.00001235");
    }
}
