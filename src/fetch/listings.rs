//! What the exchanges list: every enabled exchange's KRW market list, read at once with CoinGecko's
//! coin list (which identity resolution matches symbols on) and the USD→KRW rate, and each listing
//! filed under its symbol with the names its exchange gives the coin.

use std::collections::{BTreeMap, BTreeSet};

use super::{Fetch, Scope};
use crate::exchange::Exchange;
use crate::snapshot::{Listing, Observed};
use crate::source::SourceError;
use crate::source::coingecko::{self, Coin};
use crate::source::exchanges::{self, ExchangeListings, ListedAsset};

/// What one symbol is listed as, across the exchanges, each listing with the names its exchange
/// gives the coin, in exchange order.
#[derive(Default)]
pub(super) struct Listed(pub(super) Vec<ListedAsset>);

impl Listed {
    /// The distinct English names, in exchange order.
    pub(super) fn english_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in self
            .0
            .iter()
            .filter_map(|listed| listed.english_name.as_ref())
        {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    }

    /// The exchanges that list it without a name, e.g. `Coinone`.
    pub(super) fn unnamed_exchanges(&self) -> Vec<&'static str> {
        self.0
            .iter()
            .filter(|listed| listed.english_name.is_none())
            .map(|listed| listed.listing.exchange.display_name())
            .collect()
    }

    pub(super) fn korean_name(&self) -> Option<String> {
        self.0.iter().find_map(|listed| listed.korean_name.clone())
    }

    /// The exchanges and the names they give, e.g. `Upbit "Foo", Bithumb "Bar"`.
    pub(super) fn who_names_what(&self) -> String {
        self.0
            .iter()
            .filter_map(|listed| {
                let name = listed.english_name.as_ref()?;
                Some(format!(
                    "{} \"{name}\"",
                    listed.listing.exchange.display_name()
                ))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The exchanges listing it, as an asset id names them: `bithumb+korbit`.
    pub(super) fn exchanges(&self) -> String {
        let exchanges: BTreeSet<Exchange> = self
            .0
            .iter()
            .map(|listed| listed.listing.exchange)
            .collect();
        exchanges
            .into_iter()
            .map(Exchange::as_str)
            .collect::<Vec<_>>()
            .join("+")
    }

    pub(super) fn into_listings(self) -> Vec<Listing> {
        self.0.into_iter().map(|listed| listed.listing).collect()
    }
}

/// What the exchanges answered.
#[derive(Default)]
pub(super) struct Listings {
    pub(super) market_lists: Vec<Observed<Exchange>>,
    pub(super) by_symbol: BTreeMap<String, Listed>,
    /// Requests after a market list that failed; the assets they touch are known once the
    /// symbols are assets.
    pub(super) partial_failures: Vec<(Exchange, SourceError)>,
}

impl Listings {
    /// One exchange's answer: its market list, each listing under its symbol, the names.
    fn add(&mut self, answer: ExchangeListings) {
        self.market_lists.push(Observed {
            value: answer.exchange,
            req: answer.market_list_req,
        });
        for asset in answer.listings {
            self.by_symbol
                .entry(asset.symbol.to_uppercase())
                .or_default()
                .0
                .push(asset);
        }
        let exchange = answer.exchange;
        self.partial_failures.extend(
            answer
                .partial_failures
                .into_iter()
                .map(|error| (exchange, error)),
        );
    }
}

/// What became of CoinGecko's coin list.
pub(super) enum CoinList {
    Read(Observed<Vec<Coin>>),
    /// The failure is recorded once the symbols it left unresolved are known.
    Failed(SourceError),
    /// Not asked for, and why.
    NotAsked(&'static str),
}

impl Fetch<'_> {
    /// The exchanges' listings, CoinGecko's coin list (for identity) and the USD→KRW rate, at
    /// once.
    pub(super) async fn read_market_lists(
        &mut self,
        scope: Scope,
    ) -> (Listings, CoinList, Option<Observed<f64>>) {
        let http = self.http;
        let mut read = Vec::new();
        for exchange in Exchange::ALL {
            if self.http.enabled(exchange.as_str()) {
                read.push(exchange);
            } else {
                self.notes.push(format!(
                    "{exchange} is disabled in listingcheck.toml, so its market list was not read."
                ));
            }
        }
        let coingecko_on = self.http.enabled(coingecko::SOURCE);
        if !coingecko_on {
            self.notes.push(
                "CoinGecko is disabled in listingcheck.toml: no coin list, aggregator figures, foreign exchanges, first trades or USD/KRW rate were fetched."
                    .to_owned(),
            );
        }
        let (answers, coin_list, usd_krw) = tokio::join!(
            futures::future::join_all(
                read.iter()
                    .map(|exchange| exchanges::fetch(http, *exchange))
            ),
            async {
                match scope {
                    Scope::Candidates => {
                        CoinList::NotAsked("a precheck identifies candidates by descriptor")
                    }
                    Scope::Universe if !coingecko_on => CoinList::NotAsked("CoinGecko is disabled"),
                    Scope::Universe => match coingecko::coin_list(http).await {
                        Ok(coins) => CoinList::Read(coins),
                        Err(error) => CoinList::Failed(error),
                    },
                }
            },
            async {
                if coingecko_on {
                    Some(coingecko::usd_krw(http).await)
                } else {
                    None
                }
            },
        );
        let mut listings = Listings::default();
        for answer in answers {
            match answer {
                Ok(answer) => listings.add(answer),
                Err(error) => self.failures.source_error(http, &error, &[]),
            }
        }
        let usd_krw = match usd_krw {
            Some(Ok(rate)) => Some(rate),
            Some(Err(error)) => {
                self.failures.source_error(http, &error, &[]);
                None
            }
            None => None,
        };
        (listings, coin_list, usd_krw)
    }
}
