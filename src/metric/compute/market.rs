//! The market metrics: listings at home and abroad, trading history, prices, turnover, and the
//! warnings and cautions the exchanges publish.

use std::collections::BTreeMap;

use super::{Inputs, Outcome};
use crate::exchange::{CautionKind, Exchange};
use crate::kst::days_between;
use crate::locale::Named;
use crate::message::{Arg, Currency, Message};
use crate::metric::Value;

/// A message about one exchange.
fn on(id: &'static str, exchange: Exchange) -> Message {
    Message::new(id).with("exchange", Arg::Exchange(exchange))
}

/// A caution flag's kind, or, for a flag of no known kind, the flag itself.
type CautionKey<'a> = Result<CautionKind, (Exchange, &'a str)>;

/// One caution kind of one exchange.
fn caution(exchange: Exchange, kind: &str) -> Arg {
    Arg::Caution {
        exchange,
        kind: kind.to_owned(),
    }
}

/// What was traded in a day as a fraction of the market cap.
fn turnover(traded: f64, cap: f64) -> Result<f64, Message> {
    if cap <= 0.0 {
        return Err(Message::new("market-cap-zero"));
    }
    Ok(traded / cap)
}

impl Inputs<'_> {
    /// Cites what `exchange` publishes about the state of the asset's KRW market, as written.
    fn cite_status(&mut self, exchange: Exchange) {
        let asset = self.asset;
        let listings = asset
            .listings
            .iter()
            .filter(|listing| listing.exchange == exchange && listing.quote == "KRW");
        for status in listings.flat_map(|listing| &listing.status) {
            self.cite(
                status.req,
                on("market-status-on", exchange).with("field", Arg::code(&status.field)),
                Arg::code(&status.value),
            );
        }
    }

    /// The exchanges whose market list the snapshot did not read.
    fn unread_market_lists(&self) -> Vec<Exchange> {
        self.snapshot.unread_market_lists()
    }

    pub(super) fn foreign_exchange_count(&mut self) -> Outcome {
        let observed = self
            .asset
            .foreign_exchanges
            .as_ref()
            .ok_or_else(|| Message::new("no-foreign-exchange-list"))?;
        let count = observed.value.len();
        self.cite(
            observed.req,
            Message::new("foreign-exchanges"),
            Arg::codes(observed.value.iter().map(String::as_str)),
        );
        Ok((
            Value::Number(count as f64),
            Message::new("foreign-exchange-count").with("count", Arg::count(count)),
        ))
    }

    pub(super) fn domestic_exchange_count(&mut self) -> Outcome {
        let unread = self.unread_market_lists();
        if !unread.is_empty() {
            return Err(
                Message::new("market-lists-unread").with("exchanges", Arg::exchanges(unread))
            );
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
                        on("krw-market-on", exchange),
                        Arg::code(&listing.market),
                    );
                    self.cite_status(exchange);
                    listed_on.push(exchange);
                }
                None => {
                    let req = self.snapshot.market_list(exchange).expect("checked above");
                    self.cite(req, on("krw-market-on", exchange), Message::new("none"));
                }
            }
        }
        let count = listed_on.len();
        let detail = if listed_on.is_empty() {
            Message::new("not-listed-krw")
        } else {
            Message::new("listed-krw-on").with("exchanges", Arg::exchanges(listed_on))
        };
        Ok((Value::Number(count as f64), detail))
    }

    pub(super) fn days_since_first_trade(&mut self) -> Outcome {
        let first = self
            .asset
            .first_trade
            .as_ref()
            .ok_or_else(|| Message::new("no-first-trade"))?;
        let days = days_between(first.date, self.as_of);
        let detail = |id: &'static str| {
            Message::new(id)
                .with("first", first.date)
                .with("days", Arg::Count(days))
                .with("as_of", self.as_of)
        };
        if first.on_or_before {
            let detail = detail("first-traded-at-least");
            self.cite(
                first.req,
                Message::new("first-trade-history-start"),
                Message::new("on-or-before").with("date", first.date),
            );
            self.at_least = true;
            return Ok((Value::Number(days as f64), detail));
        }
        let detail = detail("first-traded");
        self.cite(first.req, Message::new("first-trade"), first.date);
        Ok((Value::Number(days as f64), detail))
    }

    pub(super) fn usd_krw(&mut self) -> Result<f64, Message> {
        let fx = self
            .snapshot
            .usd_krw
            .as_ref()
            .ok_or_else(|| Message::new("no-usd-krw"))?;
        let (rate, req) = (fx.value, fx.req);
        self.cite(req, Message::new("usd-krw-rate"), Arg::Number(rate));
        Ok(rate)
    }

    pub(super) fn price_usd(&mut self) -> Result<f64, Message> {
        let quote = self
            .asset
            .aggregator_quotes
            .iter()
            .find(|quote| quote.price_usd.is_some())
            .ok_or_else(|| Message::new("no-usd-price"))?;
        let price = quote.price_usd.expect("found by is_some");
        self.cite(
            quote.req,
            Message::new("global-usd-price").with("source", Arg::code(<&str>::from(quote.source))),
            Arg::Number(price),
        );
        Ok(price)
    }

    pub(super) fn market_cap_krw(&mut self) -> Result<(f64, Message), Message> {
        let (circulating, basis) = self.circulating()?;
        let price = self.price_usd()?;
        let rate = self.usd_krw()?;
        let cap = circulating.to_f64() * price * rate;
        Ok((
            cap,
            Message::new("market-cap-krw")
                .with("circulating", circulating)
                .with("basis", basis.message())
                .with("price", Arg::price(Currency::Usd, price))
                .with("rate", Arg::Number(rate))
                .with("cap", Arg::money(Currency::Krw, cap)),
        ))
    }

    /// The KRW markets with a ticker; unknown when a KRW listing has none, since a sum or extreme
    /// over part of the markets would mislead.
    pub(super) fn krw_tickers(
        &mut self,
    ) -> Result<Vec<(Exchange, crate::snapshot::Ticker)>, Message> {
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
                return Err(
                    Message::new("krw-market-unknown").with("exchanges", Arg::exchanges(unread))
                );
            }
            return Err(Message::new("not-traded-krw"));
        }
        if let Some(missing) = listings.iter().find(|listing| listing.ticker.is_none()) {
            return Err(
                on("no-ticker", missing.exchange).with("market", Arg::code(&missing.market))
            );
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
                on("trade-value-24h", *exchange),
                Arg::price(Currency::Krw, ticker.volume_24h),
            );
            traded += ticker.volume_24h;
        }
        let (cap, _) = self.market_cap_krw()?;
        let ratio = turnover(traded, cap)?;
        Ok((
            Value::Number(ratio),
            Message::new("daily-turnover")
                .with("traded", Arg::money(Currency::Krw, traded))
                .with("cap", Arg::money(Currency::Krw, cap))
                .with("ratio", Arg::fine_ratio(ratio)),
        ))
    }

    pub(super) fn global_turnover_ratio(&mut self) -> Outcome {
        let quote = self
            .asset
            .aggregator_quotes
            .iter()
            .find(|quote| quote.volume_24h_usd.is_some() && quote.price_usd.is_some())
            .ok_or_else(|| Message::new("no-global-volume"))?;
        let (volume, price, req, source) = (
            quote.volume_24h_usd.expect("found"),
            quote.price_usd.expect("found"),
            quote.req,
            Arg::code(<&str>::from(quote.source)),
        );
        let usd = |value| Arg::price(Currency::Usd, value);
        self.cite(
            req,
            Message::new("global-volume-24h").with("source", source.clone()),
            usd(volume),
        );
        self.cite(
            req,
            Message::new("global-usd-price").with("source", source),
            usd(price),
        );
        let (circulating, basis) = self.circulating()?;
        let cap = circulating.to_f64() * price;
        let ratio = turnover(volume, cap)?;
        Ok((
            Value::Number(ratio),
            Message::new("global-turnover")
                .with("volume", Arg::money(Currency::Usd, volume))
                .with("cap", Arg::money(Currency::Usd, cap))
                .with("circulating", circulating)
                .with("basis", basis.message())
                .with("ratio", Arg::fine_ratio(ratio)),
        ))
    }

    pub(super) fn domestic_premium(&mut self) -> Outcome {
        let tickers = self.krw_tickers()?;
        let reference = self.price_usd()? * self.usd_krw()?;
        if reference <= 0.0 {
            return Err(Message::new("reference-price-zero"));
        }
        let mut largest: Option<(f64, Exchange)> = None;
        for (exchange, ticker) in &tickers {
            self.cite(
                ticker.req,
                on("krw-price-on", *exchange),
                Message::new("krw-price").with("price", Arg::Number(ticker.price)),
            );
            let premium = ticker.price / reference - 1.0;
            if largest.is_none_or(|(p, _)| premium.abs() > p.abs()) {
                largest = Some((premium, *exchange));
            }
        }
        let (premium, exchange) = largest.expect("krw_tickers is never empty");
        Ok((
            Value::Number(premium),
            on("domestic-premium", exchange)
                .with("reference", Arg::price(Currency::Krw, reference))
                .with("premium", Arg::Change(premium)),
        ))
    }

    pub(super) fn price_change_24h(&mut self) -> Outcome {
        let tickers = self.krw_tickers()?;
        let mut largest: Option<(f64, Exchange)> = None;
        for (exchange, ticker) in &tickers {
            let Some(change) = ticker.change_24h else {
                return Err(on("no-change-24h", *exchange));
            };
            self.cite(
                ticker.req,
                on("change-24h-on", *exchange),
                Arg::Change(change),
            );
            if largest.is_none_or(|(c, _)| change.abs() > c.abs()) {
                largest = Some((change, *exchange));
            }
        }
        let (change, exchange) = largest.expect("krw_tickers is never empty");
        Ok((
            Value::Number(change),
            on("price-change-24h", exchange).with("change", Arg::Change(change)),
        ))
    }

    /// One kind of flag on every exchange that publishes it, with its request, and the gaps that
    /// leave the question open: an exchange whose market list was not read, or a listing whose
    /// flags were not read.
    pub(super) fn flags_of<T: Clone>(
        &self,
        publishes: fn(Exchange) -> bool,
        pick: fn(&crate::snapshot::Flags) -> Option<&crate::snapshot::Observed<T>>,
    ) -> (Vec<(Exchange, T, u32)>, Vec<Message>) {
        let (mut seen, mut gaps) = (Vec::new(), Vec::new());
        for exchange in Exchange::ALL.into_iter().filter(|e| publishes(*e)) {
            if self.snapshot.market_list(exchange).is_none() {
                gaps.push(on("market-list-unread", exchange));
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
                None => gaps.push(on("flags-unread", exchange)),
            }
        }
        (seen, gaps)
    }

    pub(super) fn investment_warning(&mut self) -> Outcome {
        let (seen, gaps) =
            self.flags_of(Exchange::publishes_warning, |flags| flags.warning.as_ref());
        for (exchange, warned, req) in &seen {
            self.cite(*req, on("investment-warning-on", *exchange), *warned);
        }
        let warned: Vec<Exchange> = seen
            .iter()
            .filter(|(_, warned, _)| *warned)
            .map(|(e, _, _)| *e)
            .collect();
        if !warned.is_empty() {
            return Ok((
                Value::Bool(true),
                Message::new("warning-designated").with("exchanges", Arg::exchanges(warned)),
            ));
        }
        if !gaps.is_empty() {
            return Err(Message::new("warning-not-ruled-out").with("gaps", gaps));
        }
        if seen.is_empty() {
            return Err(Message::new("no-warning-publisher"));
        }
        let names = seen.iter().map(|(e, _, _)| *e);
        Ok((
            Value::Bool(false),
            Message::new("no-warning").with("exchanges", Arg::exchanges(names)),
        ))
    }

    pub(super) fn caution_flags(&mut self) -> Outcome {
        let (seen, gaps) = self.flags_of(Exchange::publishes_cautions, |flags| {
            flags.cautions.as_ref()
        });
        for (exchange, cautions, req) in &seen {
            self.cite(
                *req,
                on("caution-flags-on", *exchange),
                Arg::List(
                    cautions
                        .iter()
                        .map(|kind| caution(*exchange, kind))
                        .collect(),
                ),
            );
            // GOPAX's alert level and Bithumb's alert tiers, beside the kinds they qualify.
            self.cite_status(*exchange);
        }
        if !gaps.is_empty() {
            // A count over part of the exchanges could be too low.
            return Err(Message::new("caution-count-could-be-low").with("gaps", gaps));
        }
        if seen.is_empty() {
            return Err(Message::new("no-caution-publisher"));
        }
        // One market event flagged by several exchanges is one caution: count kinds, not flags,
        // and keep each exchange's own name for the kind as its evidence.
        // A kind we cannot place is a kind of its own.
        // Each kind with the exchanges' own flags for it, and the exchanges that raised it; a
        // flag of no known kind stands alone.
        let mut kinds: BTreeMap<CautionKey, (Vec<Arg>, Vec<Exchange>)> = BTreeMap::new();
        for (exchange, cautions, _) in &seen {
            for raw in cautions {
                let kind = CautionKind::of(raw).ok_or((*exchange, raw.as_str()));
                let (flags, exchanges) = kinds.entry(kind).or_default();
                flags.push(caution(*exchange, raw));
                if !exchanges.contains(exchange) {
                    exchanges.push(*exchange);
                }
            }
        }
        let count = kinds.len();
        let detail = if kinds.is_empty() {
            Message::new("no-caution")
        } else {
            let named = kinds
                .into_iter()
                .map(|(kind, (flags, exchanges))| match kind {
                    Ok(kind) => Message::new("caution-kind-seen")
                        .with("kind", Message::new(kind.message_id()))
                        .with("flags", Arg::List(flags))
                        .with("exchanges", Arg::exchanges(exchanges)),
                    Err((exchange, raw)) => {
                        Message::new("caution-kind-unplaced").with("flag", caution(exchange, raw))
                    }
                });
            Message::new("caution-kinds").with("kinds", named.collect::<Vec<_>>())
        };
        Ok((Value::Number(count as f64), detail))
    }
}
