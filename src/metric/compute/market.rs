//! The market metrics: listings at home and abroad, trading history, prices, turnover, and the
//! warnings and cautions the exchanges publish.

use super::{Inputs, Outcome, format_price, money};
use crate::exchange::Exchange;
use crate::kst::days_between;
use crate::metric::Value;
use crate::metric::format_percent;

impl Inputs<'_> {
    /// The exchanges whose market list the snapshot did not read, named: `bithumb, gopax`.
    fn unread_market_lists(&self) -> String {
        let unread: Vec<&str> = self
            .snapshot
            .unread_market_lists()
            .into_iter()
            .map(Exchange::as_str)
            .collect();
        unread.join(", ")
    }

    pub(super) fn foreign_exchange_count(&mut self) -> Outcome {
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

    pub(super) fn domestic_exchange_count(&mut self) -> Outcome {
        let unread = self.unread_market_lists();
        if !unread.is_empty() {
            return Err(format!(
                "the market list of {unread} was not read (failed or disabled), so the count could be too low"
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

    pub(super) fn days_since_first_trade(&mut self) -> Outcome {
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

    pub(super) fn usd_krw(&mut self) -> Result<f64, String> {
        let fx = self
            .snapshot
            .usd_krw
            .as_ref()
            .ok_or("no USD/KRW rate in the snapshot")?;
        let (rate, req) = (fx.value, fx.req);
        self.cite(req, "USD/KRW rate", format!("{rate}"));
        Ok(rate)
    }

    pub(super) fn price_usd(&mut self) -> Result<f64, String> {
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

    pub(super) fn market_cap_krw(&mut self) -> Result<(f64, String), String> {
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
    pub(super) fn krw_tickers(
        &mut self,
    ) -> Result<Vec<(Exchange, crate::snapshot::Ticker)>, String> {
        let listings: Vec<_> = self
            .asset
            .listings
            .iter()
            .filter(|listing| listing.quote == "KRW")
            .collect();
        if listings.is_empty() {
            // An unread market list is no evidence that the asset is not traded there.
            let unread = self.unread_market_lists();
            if !unread.is_empty() {
                return Err(format!(
                    "no KRW market is known: the market list of {unread} was not read (failed or disabled)"
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

    pub(super) fn daily_turnover_ratio(&mut self) -> Outcome {
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

    pub(super) fn global_turnover_ratio(&mut self) -> Outcome {
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

    pub(super) fn domestic_premium(&mut self) -> Outcome {
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

    pub(super) fn price_change_24h(&mut self) -> Outcome {
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
    pub(super) fn flags_of<T: Clone>(
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

    pub(super) fn investment_warning(&mut self) -> Outcome {
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

    pub(super) fn caution_flags(&mut self) -> Outcome {
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
