//! The aggregators' figures of the identified assets: CoinGecko's markets, the exchanges trading
//! each coin abroad and its first trade, and CoinMarketCap's quotes of the ids descriptors name;
//! each given to the assets of its id, with the ids that failed or went missing as failures.

use std::collections::{BTreeMap, BTreeSet};

use super::descriptors::Described;
use super::failures::base_url;
use super::{Fetch, Planned};
use crate::exchange::Exchange;
use crate::snapshot::{AggregatorQuote, FirstTrade, Observed};
use crate::source::batch::Batched;
use crate::source::{Http, SourceError, coingecko, coinmarketcap};

/// The per-coin answers of CoinGecko: the exchanges trading it, and its market chart.
type CoinData = (
    String,
    Result<Observed<Vec<String>>, SourceError>,
    Result<coingecko::MarketChart, SourceError>,
);

/// What CoinGecko answered for the identified assets.
pub(super) struct CoinGeckoReads {
    /// `None` when CoinGecko is disabled or no asset has a CoinGecko id.
    markets: Option<Batched<AggregatorQuote>>,
    coins: Vec<CoinData>,
}

/// CoinMarketCap's quotes of the ids the descriptors at `in_scope` name; `None` when
/// CoinMarketCap is disabled or no descriptor names an id.
pub(super) async fn read_coinmarketcap(
    http: &Http,
    descriptors: &[Described],
    in_scope: &[usize],
) -> Option<Batched<AggregatorQuote>> {
    let ids: Vec<u32> = in_scope
        .iter()
        .filter_map(|at| descriptors[*at].loaded.descriptor.asset.coinmarketcap)
        .collect::<BTreeSet<u32>>()
        .into_iter()
        .collect();
    if http.enabled(coinmarketcap::SOURCE) && !ids.is_empty() {
        Some(coinmarketcap::quotes(http, &ids).await)
    } else {
        None
    }
}

impl Fetch<'_> {
    /// What the identified assets need from CoinGecko, at once: figures and per-coin data.
    pub(super) async fn read_coingecko(&self, plans: &[Planned<'_>]) -> CoinGeckoReads {
        let http = self.http;
        let coingecko_ids: Vec<String> = plans
            .iter()
            .filter_map(|plan| plan.coingecko.clone())
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        let coingecko_on = self.http.enabled(coingecko::SOURCE) && !coingecko_ids.is_empty();
        let (markets, coins) = tokio::join!(
            async {
                if coingecko_on {
                    Some(coingecko::markets(http, &coingecko_ids).await)
                } else {
                    None
                }
            },
            futures::future::join_all(coingecko_ids.iter().filter(|_| coingecko_on).map(
                |id| async move {
                    let (trading, chart) = tokio::join!(
                        coingecko::exchanges_trading(http, id),
                        coingecko::market_chart(http, id)
                    );
                    (id.clone(), trading, chart)
                }
            )),
        );
        CoinGeckoReads { markets, coins }
    }

    /// Gives every asset its aggregator figures: CoinGecko's and CoinMarketCap's quotes, and
    /// CoinGecko's per-coin data.
    pub(super) fn attach_quotes(
        &mut self,
        plans: &mut [Planned<'_>],
        coingecko: CoinGeckoReads,
        coinmarketcap: Option<&Batched<AggregatorQuote>>,
    ) {
        let mut by_coingecko: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_coinmarketcap: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (at, plan) in plans.iter().enumerate() {
            if let Some(id) = &plan.coingecko {
                by_coingecko.entry(id.clone()).or_default().push(at);
            }
            if let Some(id) = plan.coinmarketcap {
                by_coinmarketcap.entry(id.to_string()).or_default().push(at);
            }
        }
        if !self.http.enabled(coinmarketcap::SOURCE) && !by_coinmarketcap.is_empty() {
            self.notes.push(format!(
                "CoinMarketCap is disabled in listingcheck.toml, so the CoinMarketCap figures of {} were not fetched.",
                crate::text::plural(by_coinmarketcap.len(), "asset")
            ));
        }
        if let Some(markets) = &coingecko.markets {
            self.attach_aggregator(
                plans,
                &by_coingecko,
                markets,
                (coingecko::SOURCE, "/coins/markets"),
                |_| true,
            );
        }
        if let Some(quotes) = coinmarketcap {
            self.attach_coinmarketcap(plans, &by_coinmarketcap, quotes);
        }
        for data in coingecko.coins {
            self.attach_coin_data(plans, &by_coingecko, data);
        }
    }

    /// Gives each asset the quotes of its aggregator id, and reports the ids that failed or were
    /// left out, on `endpoint` (source, path). Ids may be asked for beyond the snapshot's assets
    /// (CoinMarketCap's, for every descriptor), so a failure or a missing id that touches no
    /// asset is no gap in it; nor is a failure that `reported` declines.
    fn attach_aggregator(
        &mut self,
        plans: &mut [Planned<'_>],
        by_id: &BTreeMap<String, Vec<usize>>,
        batched: &Batched<AggregatorQuote>,
        (source, path): (&str, &str),
        reported: impl Fn(&SourceError) -> bool,
    ) {
        let assets = |ids: &[String], plans: &[Planned<'_>]| -> Vec<String> {
            ids.iter()
                .flat_map(|id| by_id.get(id).into_iter().flatten())
                .map(|at| plans[*at].record.id.clone())
                .collect()
        };
        for quote in &batched.items {
            for at in by_id.get(&quote.id).into_iter().flatten() {
                plans[*at].record.aggregator_quotes.push(quote.clone());
            }
        }
        for failure in batched.failures.iter().filter(|f| reported(&f.error)) {
            let assets = assets(&failure.ids, plans);
            if !assets.is_empty() {
                self.failures
                    .source_error(self.http, &failure.error, &assets);
            }
        }
        for id in &batched.missing {
            let assets = assets(std::slice::from_ref(id), plans);
            if !assets.is_empty() {
                self.missing_id(source, path, id, &assets);
            }
        }
    }

    /// CoinMarketCap's quotes. Without its key CoinMarketCap answers nothing, and every call fails
    /// at once: that is a choice of configuration, which retrying would not change, so it is a
    /// note rather than a failure that would mark every run incomplete.
    fn attach_coinmarketcap(
        &mut self,
        plans: &mut [Planned<'_>],
        by_coinmarketcap: &BTreeMap<String, Vec<usize>>,
        quotes: &Batched<AggregatorQuote>,
    ) {
        self.attach_aggregator(
            plans,
            by_coinmarketcap,
            quotes,
            (coinmarketcap::SOURCE, "/v2/cryptocurrency/quotes/latest"),
            |error| !matches!(error, SourceError::MissingKey { .. }),
        );
        let without_key = quotes
            .failures
            .iter()
            .find_map(|failure| match &failure.error {
                SourceError::MissingKey { variable, .. } => Some(variable),
                _ => None,
            });
        if let Some(variable) = without_key.filter(|_| !by_coinmarketcap.is_empty()) {
            self.notes.push(format!(
                "CoinMarketCap was not asked: it needs an API key in the environment variable {variable}, which is not set. {} name a CoinMarketCap id; their checks use CoinGecko's figures alone.",
                crate::text::plural(by_coinmarketcap.values().map(Vec::len).sum(), "descriptor")
            ));
        }
    }

    /// An id that an answer which did arrive left out: the asset's figures from that source are
    /// missing, though nothing failed on the wire.
    fn missing_id(&mut self, source: &str, path: &str, id: &str, assets: &[String]) {
        self.failures.add(
            source,
            &format!("{}{path}", base_url(self.http, source)),
            format!(
                "{source}'s answer has no entry for id `{id}`: the id is wrong (check the asset's descriptor) or {source} no longer tracks the coin"
            ),
            assets,
        );
    }

    /// A coin's foreign exchanges (CoinGecko's exchanges trading it, without the five Korean
    /// ones), its first trade and its market day by day.
    fn attach_coin_data(
        &mut self,
        plans: &mut [Planned<'_>],
        by_coingecko: &BTreeMap<String, Vec<usize>>,
        (id, trading, chart): CoinData,
    ) {
        let ats = by_coingecko.get(&id).cloned().unwrap_or_default();
        let assets: Vec<String> = ats.iter().map(|at| plans[*at].record.id.clone()).collect();
        match trading {
            Ok(observed) => {
                let foreign = Observed {
                    value: observed
                        .value
                        .into_iter()
                        .filter(|exchange| {
                            !Exchange::ALL
                                .iter()
                                .any(|korean| korean.coingecko_id() == exchange)
                        })
                        .collect(),
                    req: observed.req,
                };
                for at in &ats {
                    plans[*at].record.foreign_exchanges = Some(foreign.clone());
                }
            }
            Err(error) => self.failures.source_error(self.http, &error, &assets),
        }
        match chart {
            Ok(chart) => {
                let first = chart.first_trade.map(|first| match first {
                    coingecko::FirstTrade::On(date) => (date, false),
                    coingecko::FirstTrade::OnOrBefore(date) => (date, true),
                });
                for at in &ats {
                    let record = &mut plans[*at].record;
                    // No price at all yet: the metric says the first trade was not observed.
                    record.first_trade = first.as_ref().map(|(date, on_or_before)| FirstTrade {
                        date: date.value,
                        on_or_before: *on_or_before,
                        req: date.req,
                    });
                    record.market_days = vec![chart.days.clone()];
                }
            }
            Err(error) => self.failures.source_error(self.http, &error, &assets),
        }
    }
}
