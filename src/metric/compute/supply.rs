//! The supply metrics: what the issuer disclosed, what circulates and what was issued, measured
//! on-chain where the descriptor declares a contract and as an aggregator reports it otherwise.

use super::{Basis, Inputs, Outcome, signed_ratio};
use crate::amount::Amount;
use crate::metric::{Value, format_percent};
use crate::snapshot::{Aggregator, AggregatorQuote};

impl<'a> Inputs<'a> {
    pub(super) fn disclosure(&self) -> Result<&'a crate::snapshot::Disclosure, String> {
        self.asset
            .disclosure
            .as_ref()
            .ok_or_else(|| "no asset descriptor, so nothing is known of its disclosures".to_owned())
    }

    /// The disclosed plan, and the request that read its descriptor.
    pub(super) fn plan(&self) -> Result<(&'a crate::inputs::asset::Plan, u32), String> {
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
    pub(super) fn measured_on_chain(&self) -> bool {
        self.asset
            .disclosure
            .as_ref()
            .is_some_and(|d| d.descriptor.chains.iter().any(|chain| chain.native))
    }

    /// Why nothing is measured on-chain, for the detail of a reported figure.
    pub(super) fn why_not_on_chain(&self) -> &'static str {
        if self.asset.disclosure.is_some() {
            "the descriptor declares no contract"
        } else {
            "no asset descriptor, so no excluded wallets are known"
        }
    }

    /// On-chain circulating and issued supply: the native total supply minus the excluded wallets
    /// still locked on the as-of date. Each observation is cited once.
    pub(super) fn onchain_supplies(&mut self) -> Result<(Amount, Amount), String> {
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
    pub(super) fn onchain_issued(&mut self) -> Result<Amount, String> {
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
    pub(super) fn reported(
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
    pub(super) fn circulating(&mut self) -> Result<(Amount, Basis), String> {
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
    pub(super) fn issued(&mut self) -> Result<(Amount, Basis), String> {
        if self.measured_on_chain() || self.asset.chain_supplies.iter().any(|supply| supply.native)
        {
            return self.onchain_issued().map(|issued| (issued, Basis::OnChain));
        }
        let why = self.why_not_on_chain();
        self.reported("total supply", |quote| quote.total_supply)
            .map(|(amount, source)| (amount, Basis::Reported(source)))
            .map_err(|reported| format!("{why}; {reported}"))
    }

    pub(super) fn circulation_plan_excess(&mut self) -> Outcome {
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

    pub(super) fn circulation_reported_gap(&mut self) -> Outcome {
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

    pub(super) fn total_supply_excess(&mut self) -> Outcome {
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

    pub(super) fn disclosed(
        &mut self,
        what: &str,
        test: fn(&crate::inputs::asset::Plan) -> bool,
    ) -> Outcome {
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

    pub(super) fn circulating_ratio(&mut self) -> Outcome {
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
    pub(super) fn unlock_ratio(&mut self, days: i64) -> Outcome {
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
}
