//! The supply metrics: what the issuer disclosed, what circulates and what was issued, measured
//! on-chain where the descriptor declares a contract and as an aggregator reports it otherwise.

use super::{Basis, Inputs, Outcome, signed_ratio};
use crate::amount::Amount;
use crate::message::{Arg, Message};
use crate::metric::Value;
use crate::snapshot::{Aggregator, AggregatorQuote};

/// The two reasons behind one gap: "X; Y".
fn two_reasons(first: Message, second: Message) -> Message {
    Message::new("two-reasons")
        .with("first", first)
        .with("second", second)
}

impl<'a> Inputs<'a> {
    pub(super) fn disclosure(&self) -> Result<&'a crate::snapshot::Disclosure, Message> {
        self.asset
            .disclosure
            .as_ref()
            .ok_or_else(|| Message::new("no-descriptor"))
    }

    /// The disclosed plan, and the request that read its descriptor.
    pub(super) fn plan(&self) -> Result<(&'a crate::inputs::asset::Plan, u32), Message> {
        let disclosure = self.disclosure()?;
        let plan = disclosure
            .descriptor
            .plan
            .as_ref()
            .ok_or_else(|| Message::new("no-plan"))?;
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
    pub(super) fn why_not_on_chain(&self) -> Message {
        if self.asset.disclosure.is_some() {
            Message::new("no-contract")
        } else {
            Message::new("no-descriptor-no-wallets")
        }
    }

    /// On-chain circulating and issued supply: the native total supply minus the excluded wallets
    /// still locked on the as-of date. Each observation is cited once.
    pub(super) fn onchain_supplies(&mut self) -> Result<(Amount, Amount), Message> {
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
            let with_wallet = |id: &'static str| {
                Message::new(id)
                    .with("label", Arg::text(&wallet.label))
                    .with("address", Arg::code(&wallet.address))
                    .with("chain", Arg::code(&wallet.chain))
            };
            let balance = self
                .asset
                .wallet_balances
                .iter()
                .find(|balance| {
                    balance.chain == wallet.chain
                        && balance.address.eq_ignore_ascii_case(&wallet.address)
                })
                .ok_or_else(|| with_wallet("no-wallet-balance"))?;
            let locked = wallet.until.is_none_or(|until| self.as_of < until);
            let what = match wallet.until {
                Some(until) if !locked => with_wallet("wallet-released").with("until", until),
                Some(until) => with_wallet("wallet-locked").with("until", until),
                None => with_wallet("wallet-excluded"),
            };
            self.cite(balance.req, what, balance.balance);
            if locked {
                let kept_out = self.excluded_part(wallet, balance.balance, balance.req);
                excluded = excluded
                    .checked_add(kept_out)
                    .ok_or_else(|| Message::new("excluded-overflow"))?;
            }
        }
        let circulating = total.checked_sub(excluded).ok_or_else(|| {
            Message::new("excluded-exceed-total")
                .with("excluded", excluded)
                .with("total", total)
        })?;
        Ok((circulating, total))
    }

    /// The part of a locked wallet's `balance` kept out of circulation: all of it, unless the
    /// descriptor counts its staking rewards (the balance above its `staked` principal) as
    /// circulating. The rewards are cited either way, with the descriptor's choice.
    fn excluded_part(
        &mut self,
        wallet: &crate::inputs::asset::ExcludedWallet,
        balance: Amount,
        req: u32,
    ) -> Amount {
        let Some(staked) = wallet.staked else {
            return balance;
        };
        let rewards = balance.checked_sub(staked).unwrap_or(Amount::ZERO);
        let id = if wallet.staking_rewards_circulate {
            "staking-rewards-circulating"
        } else {
            "staking-rewards-excluded"
        };
        self.cite(
            req,
            Message::new(id)
                .with("label", Arg::text(&wallet.label))
                .with("staked", staked),
            rewards,
        );
        if wallet.staking_rewards_circulate {
            balance.min(staked)
        } else {
            balance
        }
    }

    /// On-chain issued supply: the total supply of every natively issuing contract, each of those
    /// the descriptor declares being required.
    pub(super) fn onchain_issued(&mut self) -> Result<Amount, Message> {
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
                    return Err(Message::new("no-chain-supply")
                        .with("contract", Arg::code(&chain.contract))
                        .with("chain", Arg::code(&chain.chain)));
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
                .map_or_else(|| Arg::text("?"), |raw| Arg::code(raw.to_string()));
            self.cite(
                supply.req,
                Message::new("total-supply-of")
                    .with("contract", Arg::code(&supply.contract))
                    .with("chain", Arg::code(&supply.chain)),
                Message::new("total-supply-raw")
                    .with("total", supply.total_supply)
                    .with("raw", raw)
                    .with("decimals", Arg::count(usize::from(supply.decimals))),
            );
            total = total
                .checked_add(supply.total_supply)
                .ok_or_else(|| Message::new("total-overflow"))?;
            counted += 1;
        }
        if counted == 0 {
            return Err(Message::new("no-onchain-total"));
        }
        Ok(total)
    }

    /// A supply field as an aggregator reports it: CoinGecko first, then CoinMarketCap, then the
    /// issuer's own figure, whatever order the snapshot lists them in.
    pub(super) fn reported(
        &mut self,
        label: Message,
        field: fn(&AggregatorQuote) -> Option<Amount>,
    ) -> Result<(Amount, Aggregator), Message> {
        let rank = |source: Aggregator| match source {
            Aggregator::Coingecko => 0,
            Aggregator::Coinmarketcap => 1,
            Aggregator::Issuer => 2,
            Aggregator::PublicRecord => 3,
        };
        let quote = self
            .asset
            .aggregator_quotes
            .iter()
            .filter_map(|quote| field(quote).map(|amount| (quote, amount)))
            .min_by_key(|(quote, _)| rank(quote.source));
        let (quote, amount) = quote
            .ok_or_else(|| Message::new("no-aggregator-reports").with("figure", label.clone()))?;
        self.cite(
            quote.req,
            Message::new("reported-figure")
                .with("figure", label)
                .with("source", Arg::code(<&str>::from(quote.source)))
                .with("id", Arg::code(&quote.id)),
            amount,
        );
        Ok((amount, quote.source))
    }

    /// Circulating supply: measured on-chain when the descriptor declares a contract, else as an
    /// aggregator reports it.
    pub(super) fn circulating(&mut self) -> Result<(Amount, Basis), Message> {
        if self.measured_on_chain() {
            return self
                .onchain_supplies()
                .map(|(circulating, _)| (circulating, Basis::OnChain));
        }
        let why = self.why_not_on_chain();
        self.reported(Message::new("figure-circulating-supply"), |quote| {
            quote.circulating_supply
        })
        .map(|(amount, source)| (amount, Basis::Reported(source)))
        .map_err(|reported| two_reasons(why, reported))
    }

    /// Issued supply: on-chain when a native contract's supply is known or declared, else as an
    /// aggregator reports it.
    pub(super) fn issued(&mut self) -> Result<(Amount, Basis), Message> {
        if self.measured_on_chain() || self.asset.chain_supplies.iter().any(|supply| supply.native)
        {
            return self.onchain_issued().map(|issued| (issued, Basis::OnChain));
        }
        let why = self.why_not_on_chain();
        self.reported(Message::new("figure-total-supply"), |quote| {
            quote.total_supply
        })
        .map(|(amount, source)| (amount, Basis::Reported(source)))
        .map_err(|reported| two_reasons(why, reported))
    }

    pub(super) fn circulation_plan_excess(&mut self) -> Outcome {
        let (planned, period) = self.planned_now()?;
        let (circulating, basis) = self.circulating()?;
        if planned.is_zero() {
            return Err(Message::new("plan-zero").with("as_of", self.as_of));
        }
        let ratio = signed_ratio(circulating, planned)?;
        let detail = Message::new("circ-plan-excess")
            .with("circulating", circulating)
            .with("basis", basis.message())
            .with("planned", planned)
            .with("period", period)
            .with("excess", Arg::Change(ratio));
        Ok((Value::Number(ratio), detail))
    }

    /// The issuer's own figure of its circulating supply against its own plan: CoinMarketCap's
    /// self-reported circulating supply, else an issuer's statement a rebuilt case records.
    pub(super) fn issuer_claim_excess(&mut self) -> Outcome {
        let (planned, period) = self.planned_now()?;
        // The issuer's own figure first (its supply endpoint, or a statement a rebuilt case
        // records), else the copy CoinMarketCap keeps of what the project reports.
        let claim = self
            .asset
            .aggregator_quotes
            .iter()
            .filter(|quote| quote.source == Aggregator::Issuer)
            .find_map(|quote| {
                let figure = Message::new("figure-circulating-supply");
                quote.circulating_supply.map(|a| (quote, a, figure))
            })
            .or_else(|| {
                self.asset.aggregator_quotes.iter().find_map(|quote| {
                    let figure = Message::new("figure-self-reported-circulating-supply");
                    quote
                        .self_reported_circulating_supply
                        .map(|a| (quote, a, figure))
                })
            });
        let (quote, claimed, figure) = claim.ok_or_else(|| Message::new("no-issuer-claim"))?;
        let source: Arg = match quote.source {
            Aggregator::Issuer => Message::new("source-issuer").into(),
            other => Arg::code(<&str>::from(other)),
        };
        self.cite(
            quote.req,
            Message::new("reported-figure")
                .with("figure", figure.clone())
                .with("source", Arg::code(<&str>::from(quote.source)))
                .with("id", Arg::code(&quote.id)),
            claimed,
        );
        if planned.is_zero() {
            return Err(Message::new("plan-zero").with("as_of", self.as_of));
        }
        let ratio = signed_ratio(claimed, planned)?;
        Ok((
            Value::Number(ratio),
            Message::new("issuer-claim-excess")
                .with("figure", figure)
                .with("claimed", claimed)
                .with("source", source)
                .with("planned", planned)
                .with("period", period)
                .with("excess", Arg::Change(ratio)),
        ))
    }

    /// The circulation the plan allows on the as-of date, cited, and the period it belongs to.
    fn planned_now(&mut self) -> Result<(Amount, Message), Message> {
        let (plan, req) = self.plan()?;
        let planned = plan
            .planned_at(self.as_of)
            .ok_or_else(|| Message::new("no-schedule"))?;
        let period = match &planned.from {
            Some(from) => Message::new("period-linear")
                .with("from", from.circulating)
                .with("from_date", from.date)
                .with("to", planned.target.circulating)
                .with("to_date", planned.target.date),
            None => Message::new("period-by").with("date", planned.target.date),
        };
        let what = match plan.source.as_deref() {
            Some(source) => {
                Message::new("planned-circulating-sourced").with("source", Arg::text(source))
            }
            None => Message::new("planned-circulating"),
        };
        self.cite(
            req,
            what.with("period", period.clone())
                .with("as_of", self.as_of),
            planned.amount,
        );
        Ok((planned.amount, period))
    }

    pub(super) fn circulation_reported_gap(&mut self) -> Outcome {
        if !self.measured_on_chain() {
            return Err(
                Message::new("nothing-onchain-to-compare").with("why", self.why_not_on_chain())
            );
        }
        let (onchain, _) = self.onchain_supplies()?;
        if onchain.is_zero() {
            return Err(Message::new("onchain-zero"));
        }
        let mut worst: Option<(f64, Message)> = None;
        for quote in &self.asset.aggregator_quotes {
            let reported = [
                (
                    Message::new("figure-circulating-supply"),
                    quote.circulating_supply,
                ),
                (
                    Message::new("figure-self-reported-circulating-supply"),
                    quote.self_reported_circulating_supply,
                ),
            ];
            for (label, amount) in reported {
                let Some(amount) = amount else { continue };
                let source = Arg::code(<&str>::from(quote.source));
                self.cite(
                    quote.req,
                    Message::new("reported-figure")
                        .with("figure", label.clone())
                        .with("source", source.clone())
                        .with("id", Arg::code(&quote.id)),
                    amount,
                );
                let ratio = signed_ratio(amount, onchain)?.abs();
                if worst.as_ref().is_none_or(|(w, _)| ratio > *w) {
                    worst = Some((
                        ratio,
                        Message::new("circ-reported-gap")
                            .with("source", source)
                            .with("figure", label.clone())
                            .with("reported", amount)
                            .with("onchain", onchain)
                            .with("gap", Arg::ratio(ratio)),
                    ));
                }
            }
        }
        let (ratio, detail) = worst.ok_or_else(|| {
            Message::new("no-aggregator-reports")
                .with("figure", Message::new("figure-circulating-supply"))
        })?;
        Ok((Value::Number(ratio), detail))
    }

    pub(super) fn total_supply_excess(&mut self) -> Outcome {
        let (plan, req) = self.plan()?;
        let max = plan
            .max_supply
            .ok_or_else(|| Message::new("no-max-supply"))?;
        self.cite(req, Message::new("disclosed-max-supply"), max);
        if max.is_zero() {
            return Err(Message::new("max-supply-zero"));
        }
        let (issued, basis) = self.issued()?;
        let ratio = signed_ratio(issued, max)?;
        Ok((
            Value::Number(ratio),
            Message::new("total-supply-excess")
                .with("issued", issued)
                .with("basis", basis.message())
                .with("max", max)
                .with("excess", Arg::Change(ratio)),
        ))
    }

    /// Whether the descriptor discloses `what`, by `test`.
    pub(super) fn disclosed(
        &mut self,
        what: Message,
        test: fn(&crate::inputs::asset::Plan) -> bool,
    ) -> Outcome {
        let disclosure = self.disclosure()?;
        let disclosed = disclosure.descriptor.plan.as_ref().is_some_and(test);
        let req = disclosure.req;
        self.cite(
            req,
            Message::new("descriptor-discloses-evidence").with("what", what.clone()),
            disclosed,
        );
        let detail = if disclosed {
            Message::new("descriptor-discloses")
        } else {
            Message::new("descriptor-does-not-disclose")
        };
        Ok((Value::Bool(disclosed), detail.with("what", what)))
    }

    pub(super) fn circulating_ratio(&mut self) -> Outcome {
        let (circulating, issued, basis) = if self.measured_on_chain() {
            let (circulating, issued) = self.onchain_supplies()?;
            (circulating, issued, Basis::OnChain)
        } else {
            // Both figures from the same basis, so that a reported circulating supply is never divided
            // by a measured total.
            let why = self.why_not_on_chain();
            let (circulating, source) = self
                .reported(Message::new("figure-circulating-supply"), |quote| {
                    quote.circulating_supply
                })
                .map_err(|e| two_reasons(why, e))?;
            let (issued, _) = self.reported(Message::new("figure-total-supply"), |quote| {
                quote.total_supply
            })?;
            (circulating, issued, Basis::Reported(source))
        };
        let ratio = circulating
            .ratio_to(issued)
            .ok_or_else(|| Message::new("issued-zero"))?;
        Ok((
            Value::Number(ratio),
            Message::new("circulating-ratio")
                .with("circulating", circulating)
                .with("issued", issued)
                .with("basis", basis.message())
                .with("ratio", Arg::ratio(ratio)),
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
            .map_err(|e| {
                Message::new("days-overflow")
                    .with("days", Arg::Count(days))
                    .with("as_of", self.as_of)
                    .with("error", Arg::text(e.to_string()))
            })?;
        let then = plan
            .planned_at(later)
            .ok_or_else(|| Message::new("no-schedule"))?;
        self.cite(
            req,
            Message::new("planned-circulating-by")
                .with("date", later)
                .with("target", then.target.date),
            then.amount,
        );
        let (circulating, basis) = self.circulating()?;
        let increase = then.amount.checked_sub(circulating).unwrap_or(Amount::ZERO);
        let ratio = increase
            .ratio_to(circulating)
            .ok_or_else(|| Message::new("circulating-zero"))?;
        Ok((
            Value::Number(ratio),
            Message::new("unlock-ratio")
                .with("planned", then.amount)
                .with("date", later)
                .with("increase", increase)
                .with("circulating", circulating)
                .with("basis", basis.message())
                .with("ratio", Arg::ratio(ratio)),
        ))
    }
}
