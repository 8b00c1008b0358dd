//! Computing one metric for one asset from a snapshot.
//!
//! Every computation cites the observations it used as [`Evidence`], and gives no value (which
//! evaluation turns into `unknown`) whenever an input is missing: a count that could be too low
//! because an exchange failed is not a count.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

mod market;
mod powers;
mod record;
mod supply;
mod window;

use super::{Metric, Value};
use crate::amount::Amount;
use crate::inputs::asset::Power;
use crate::message::{Arg, Message};
use crate::snapshot::{Aggregator, AssetRecord, Snapshot};

/// One observation behind a verdict: what it is, its figure, and the request that fetched it.
#[derive(Clone, Debug, PartialEq, Hash)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evidence {
    /// What the observation is, e.g. `total-supply-of` a contract on a chain.
    pub what: Message,
    pub value: Arg,
    /// The request, by its index: into the snapshot's requests while evaluating, into the
    /// report's `requests` table in a report.
    pub req: u32,
}

/// A metric's value for one asset, or why there is none, with the evidence either way.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    pub value: Option<Value>,
    /// The true value is at least `value`, not exactly it: the source's history is cut short.
    pub at_least: bool,
    /// How the value was reached, or why it could not be.
    pub finding: Message,
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
    let (value, finding) = match outcome {
        Ok((value, finding)) => (Some(value), finding),
        Err(why) => (None, why),
    };
    Measurement {
        value,
        at_least: inputs.at_least,
        finding,
        evidence: inputs.evidence,
    }
}

/// A value and how it was reached, or why it could not be.
type Outcome = Result<(Value, Message), Message>;

/// Where a circulating or issued figure comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Basis {
    OnChain,
    Reported(Aggregator),
}

impl Basis {
    fn message(self) -> Message {
        match self {
            Basis::OnChain => Message::new("basis-on-chain"),
            // The issuer is a party, named in the reader's language; an aggregator is a name.
            Basis::Reported(Aggregator::Issuer) => {
                Message::new("basis-reported").with("source", Message::new("source-issuer"))
            }
            Basis::Reported(Aggregator::PublicRecord) => {
                Message::new("basis-reported").with("source", Message::new("source-public-record"))
            }
            Basis::Reported(aggregator) => {
                Message::new("basis-reported").with("source", Arg::code(<&str>::from(aggregator)))
            }
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

impl Inputs<'_> {
    fn metric(&mut self, metric: Metric, params: &BTreeMap<String, i64>) -> Outcome {
        match metric {
            Metric::CirculatingSupply => {
                let (circulating, basis) = self.circulating()?;
                Ok((
                    Value::Tokens(circulating),
                    Message::new("circulating-supply")
                        .with("circulating", circulating)
                        .with("basis", basis.message()),
                ))
            }
            Metric::CirculationPlanExcess => self.circulation_plan_excess(),
            Metric::CirculationReportedGap => self.circulation_reported_gap(),
            Metric::TotalSupplyExcess => self.total_supply_excess(),
            Metric::IssuancePlanDisclosed => self
                .disclosed(Message::new("figure-a-max-supply"), |plan| {
                    plan.max_supply.is_some()
                }),
            Metric::CirculationPlanDisclosed => self.disclosed(
                Message::new("figure-a-circulation-schedule"),
                crate::inputs::asset::Plan::has_schedule,
            ),
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
            Metric::PlanRevisions => {
                self.plan_revisions(params.get("days").copied().unwrap_or(365))
            }
            Metric::DaysSinceJointDelisting => self.days_since_joint_delisting(),
            Metric::IssuerClaimExcess => self.issuer_claim_excess(),
            Metric::MintAuthoritySingleKey => self.single_key(Power::Mint),
            Metric::UpgradeAuthoritySingleKey => self.single_key(Power::Upgrade),
            Metric::FreezeAuthority => self.freeze_authority(),
            Metric::ContractSourceVerified => self.contract_source_verified(),
            Metric::PowersMatchDisclosure => self.powers_match_disclosure(),
            Metric::QuarterlyTurnoverRatio => {
                self.quarterly_turnover_ratio(params.get("quarters").copied().unwrap_or(2))
            }
            Metric::MarketCapKrwHigh => {
                self.market_cap_krw_high(params.get("days").copied().unwrap_or(30))
            }
        }
    }

    fn cite(&mut self, req: u32, what: Message, value: impl Into<Arg>) {
        self.evidence.push(Evidence {
            what,
            value: value.into(),
            req,
        });
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
fn signed_ratio(value: Amount, base: Amount) -> Result<f64, Message> {
    let (difference, negative) = value
        .abs_diff(base)
        .ok_or_else(|| Message::new("amounts-overflow"))?;
    let ratio = difference
        .ratio_to(base)
        .ok_or_else(|| Message::new("zero-division"))?;
    Ok(if negative { -ratio } else { ratio })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use jiff::civil::date;

    use super::*;
    use crate::exchange::Exchange;
    use crate::inputs::asset::{
        AssetDescriptor, ChainContract, ExcludedWallet, Identity, Plan, ScheduleEntry,
    };
    use crate::snapshot::AggregatorQuote;
    use crate::snapshot::{
        ChainSupply, Disclosure, Flags, IdentifiedBy, Listing, Observed, Request, WalletBalance,
    };

    /// A finding as the English reports word it.
    fn english(finding: &Message) -> String {
        crate::locale::Localizer::of(crate::locale::Lang::En).text(finding)
    }

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
                supply_url: None,
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
                staked: None,
                staking_rewards_circulate: false,
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
                revisions: vec![],
            }),
            powers: None,
        };
        AssetRecord {
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
                status: Vec::new(),
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
            ..AssetRecord::new("tok".into(), "TOK".into(), IdentifiedBy::Descriptor)
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
            english(&measured.finding)
        );
    }

    #[test]
    fn a_missing_wallet_balance_is_unknown_not_the_aggregators_figure() {
        let mut asset = asset();
        asset.wallet_balances.clear();
        let measured = measure(Metric::CirculatingSupply, asset, &[]);
        assert_eq!(measured.value, None);
        assert!(
            english(&measured.finding).contains("no balance for excluded wallet `treasury`"),
            "{}",
            english(&measured.finding)
        );
        assert!(
            measured
                .evidence
                .iter()
                .all(|e| e.what.id != "reported-figure"),
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
            english(&measured.finding).contains("reported by coingecko"),
            "{}",
            english(&measured.finding)
        );
    }

    /// The asset whose treasury staked 800 of its 900: 100 are staking rewards.
    fn staking(rewards_circulate: bool) -> AssetRecord {
        let mut asset = asset();
        let wallet = &mut asset.disclosure.as_mut().unwrap().descriptor.excluded[0];
        wallet.staked = Some(tokens(800));
        wallet.staking_rewards_circulate = rewards_circulate;
        asset
    }

    #[test]
    fn staking_rewards_of_an_excluded_wallet_stay_excluded_unless_the_descriptor_says_they_circulate()
     {
        let kept = measure(Metric::CirculatingSupply, staking(false), &[]);
        assert_eq!(kept.value, Some(Value::Tokens(tokens(100))));
        let counted = measure(Metric::CirculatingSupply, staking(true), &[]);
        assert_eq!(counted.value, Some(Value::Tokens(tokens(200))));
        for (measured, id) in [
            (&kept, "staking-rewards-excluded"),
            (&counted, "staking-rewards-circulating"),
        ] {
            let rewards = measured.evidence.iter().find(|e| e.what.id == id).unwrap();
            assert_eq!(rewards.value, Arg::Amount(tokens(100)), "{id}");
        }
        // The plan rules measure the same circulation: 200 against the 300 planned.
        let excess = measure(Metric::CirculationPlanExcess, staking(true), &[]);
        assert_eq!(excess.value, Some(Value::Number(-1.0 / 3.0)));
    }

    #[test]
    fn the_circulating_ratio_cites_the_total_supply_once() {
        let measured = measure(Metric::CirculatingRatio, asset(), &[]);
        assert_eq!(measured.value, Some(Value::Number(0.1)));
        assert_eq!(
            measured
                .evidence
                .iter()
                .filter(|e| e.what.id == "total-supply-of")
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
        assert_eq!(warning.value, None, "{}", english(&warning.finding));
        assert!(
            english(&warning.finding).contains("bithumb's market list was not read"),
            "{}",
            english(&warning.finding)
        );
        assert_eq!(cautions.value, None, "{}", english(&cautions.finding));
    }

    #[test]
    fn a_listing_whose_flags_were_not_read_leaves_the_warning_open() {
        let measured = measure(Metric::InvestmentWarning, asset(), &[]);
        assert_eq!(measured.value, None);
        assert!(
            english(&measured.finding).contains("upbit lists it, but its flags were not read"),
            "{}",
            english(&measured.finding)
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
