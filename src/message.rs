//! Findings as data: a [`Message`] names a case (`circ-plan-excess`, `no-descriptor`, …) and
//! carries its figures as typed [`Arg`]s, so that a renderer can word it in any language and a
//! machine can read the figures without parsing a sentence.
//!
//! The wording lives in `locales/*/*.ftl` and is applied by [`crate::locale::Localizer`]; nothing
//! here knows a language. Amounts stay exact ([`Amount`] serializes as a decimal string);
//! rounding happens only when a figure is put into words.

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::exchange::Exchange;

/// One case of an explanation with its figures: `{"id": "circ-plan-excess", "args": {…}}`.
// Ids and figure names are almost always literals, so they are borrowed rather than copied: a
// report holds hundreds of thousands of messages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Message {
    /// The case, in kebab-case; each id has a message in every `locales/<lang>/*.ftl`.
    #[schemars(with = "String")]
    pub id: Cow<'static, str>,
    /// The figures by name, each tagged with its kind.
    #[serde(default, skip_serializing_if = "Args::is_empty")]
    #[schemars(with = "BTreeMap<String, Arg>")]
    pub args: Args,
}

impl Message {
    /// A message without figures.
    pub fn new(id: impl Into<Cow<'static, str>>) -> Self {
        Message {
            id: id.into(),
            args: Args::default(),
        }
    }

    /// The message with one more figure.
    #[must_use]
    pub fn with(mut self, name: &'static str, arg: impl Into<Arg>) -> Self {
        self.args.insert(Cow::Borrowed(name), arg.into());
        self
    }

    /// Text kept as it was written, e.g. a schema-1 report's English detail read back by `diff`.
    pub fn verbatim(text: impl Into<String>) -> Self {
        Message::new("verbatim").with("text", Arg::Text(text.into()))
    }

    /// The ids of this message and of every message nested in its figures.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids = vec![self.id.as_ref()];
        for arg in self.args.values() {
            arg.nested_ids(&mut ids);
        }
        ids
    }
}

/// A message's figures by name, kept in name order (the order JSON writes them in): a handful
/// at most, so a sorted list serves better than a map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args(Vec<(Cow<'static, str>, Arg)>);

impl Args {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.0
            .binary_search_by(|(key, _)| key.as_ref().cmp(name))
            .ok()
            .map(|at| &self.0[at].1)
    }

    /// The figures in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Arg)> {
        self.0.iter().map(|(name, arg)| (name.as_ref(), arg))
    }

    pub fn values(&self) -> impl Iterator<Item = &Arg> {
        self.0.iter().map(|(_, arg)| arg)
    }

    /// Sets a figure, replacing one of the same name.
    pub fn insert(&mut self, name: Cow<'static, str>, arg: Arg) {
        match self
            .0
            .binary_search_by(|(key, _)| key.as_ref().cmp(name.as_ref()))
        {
            Ok(at) => self.0[at].1 = arg,
            Err(at) => {
                // Grown one by one: a report holds hundreds of thousands of these lists, and the
                // usual doubling leaves a third of each unused.
                self.0.reserve_exact(1);
                self.0.insert(at, (name, arg));
            }
        }
    }
}

impl Serialize for Args {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Args {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, Arg>::deserialize(deserializer)?;
        Ok(Args(
            map.into_iter()
                .map(|(name, arg)| (Cow::Owned(name), arg))
                .collect(),
        ))
    }
}

/// A currency of a [`Arg::Money`] or [`Arg::Price`] figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(strum::Display)]
#[serde(rename_all = "UPPERCASE")]
#[strum(serialize_all = "UPPERCASE")]
pub enum Currency {
    Krw,
    Usd,
}

/// One figure of a message, tagged with its kind so that a reader knows what it is:
/// `{"amount": "318421502"}`, `{"change": 0.2946}`, `{"money": {"currency": "KRW", "value": 3.9e9}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    /// An exact token amount, as a decimal string.
    Amount(Amount),
    /// A fraction (0.1 is 10 %), put into words as an unsigned percentage with `decimals`
    /// decimals.
    Ratio { value: f64, decimals: u8 },
    /// A signed fraction for a change (0.29 is `+29 %`).
    Change(f64),
    /// A plain number, as its source gave it (an exchange rate, a price).
    Number(f64),
    /// A whole number of things or days.
    Count(i64),
    /// A Korean calendar date.
    Date(#[schemars(with = "crate::kst::CalendarDate")] Date),
    /// An amount of money, shortened in words when large (`₩3.90 bn`, `≈39억 123만 원`).
    Money { currency: Currency, value: f64 },
    /// A price, with its significant digits in words (`₩0.01523`).
    Price { currency: Currency, value: f64 },
    /// A yes or no.
    Bool(bool),
    /// An instant, in UTC; worded as the reader's clock reads it (`2026-11-20 00:00 UTC`,
    /// `2026년 11월 20일 09:00(한국 시간)`).
    Time(#[schemars(with = "String")] Timestamp),
    /// A Korean exchange, worded by the name its users know (`upbit`, 업비트).
    Exchange(Exchange),
    /// A caution (주의) kind as one exchange's API names it (`PRICE_FLUCTUATIONS`): the raw name is
    /// kept, and worded by its Korean name where one is known.
    Caution { exchange: Exchange, kind: String },
    /// Never translated: a symbol, an address, a chain, a source name, an endpoint.
    Code(String),
    /// Text from a file or a source, e.g. a wallet label: shown as written.
    Text(String),
    /// Several figures of one kind; an empty list reads as "none".
    List(Vec<Arg>),
    /// A message inside a message, e.g. the reason in "X; Y".
    Message(Box<Message>),
}

impl Arg {
    pub fn code(value: impl Into<String>) -> Self {
        Arg::Code(value.into())
    }

    pub fn text(value: impl Into<String>) -> Self {
        Arg::Text(value.into())
    }

    /// A percentage with two decimals.
    pub fn ratio(value: f64) -> Self {
        Arg::Ratio { value, decimals: 2 }
    }

    /// A percentage with three decimals, for small ratios such as turnover (`0.830 %`).
    pub fn fine_ratio(value: f64) -> Self {
        Arg::Ratio { value, decimals: 3 }
    }

    pub fn money(currency: Currency, value: f64) -> Self {
        Arg::Money { currency, value }
    }

    pub fn price(currency: Currency, value: f64) -> Self {
        Arg::Price { currency, value }
    }

    pub fn count(value: usize) -> Self {
        Arg::Count(i64::try_from(value).unwrap_or(i64::MAX))
    }

    /// A list of exchanges.
    pub fn exchanges(exchanges: impl IntoIterator<Item = Exchange>) -> Self {
        Arg::List(exchanges.into_iter().map(Arg::Exchange).collect())
    }

    /// A list of codes.
    pub fn codes<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        Arg::List(values.into_iter().map(Arg::code).collect())
    }

    fn nested_ids<'a>(&'a self, ids: &mut Vec<&'a str>) {
        match self {
            Arg::Message(value) => ids.extend(value.ids()),
            Arg::List(items) => items.iter().for_each(|item| item.nested_ids(ids)),
            _ => {}
        }
    }
}

/// Equal messages hash alike, so that a report can keep each observation once.
impl std::hash::Hash for Message {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
        for (name, arg) in self.args.iter() {
            name.hash(state);
            arg.hash(state);
        }
    }
}

impl std::hash::Hash for Arg {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Arg::Amount(amount) => amount.hash(state),
            Arg::Ratio { value, decimals } => (value.to_bits(), decimals).hash(state),
            Arg::Change(value) | Arg::Number(value) => value.to_bits().hash(state),
            Arg::Money { currency, value } | Arg::Price { currency, value } => {
                (currency, value.to_bits()).hash(state);
            }
            Arg::Count(count) => count.hash(state),
            Arg::Date(date) => date.hash(state),
            Arg::Bool(flag) => flag.hash(state),
            Arg::Code(text) | Arg::Text(text) => text.hash(state),
            Arg::Time(instant) => instant.hash(state),
            Arg::Exchange(exchange) => exchange.hash(state),
            Arg::Caution { exchange, kind } => (exchange, kind).hash(state),
            Arg::List(items) => items.hash(state),
            Arg::Message(message) => message.hash(state),
        }
    }
}

impl From<Amount> for Arg {
    fn from(value: Amount) -> Self {
        Arg::Amount(value)
    }
}

impl From<Date> for Arg {
    fn from(value: Date) -> Self {
        Arg::Date(value)
    }
}

impl From<bool> for Arg {
    fn from(value: bool) -> Self {
        Arg::Bool(value)
    }
}

impl From<Message> for Arg {
    fn from(value: Message) -> Self {
        Arg::Message(Box::new(value))
    }
}

impl From<Vec<Message>> for Arg {
    fn from(messages: Vec<Message>) -> Self {
        Arg::List(messages.into_iter().map(Arg::from).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_serializes_its_figures_by_kind_and_amounts_as_exact_strings() {
        let amount: Amount = "318421502.000000000000000001".parse().unwrap();
        let message = Message::new("circulating-supply")
            .with("circulating", amount)
            .with("basis", Message::new("basis-on-chain"));
        let json = serde_json::to_value(&message).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "circulating-supply",
                "args": {
                    "basis": {"message": {"id": "basis-on-chain"}},
                    "circulating": {"amount": "318421502.000000000000000001"}
                }
            })
        );
        let back: Message = serde_json::from_value(json).unwrap();
        assert_eq!(back, message);
        assert_eq!(back.ids(), ["circulating-supply", "basis-on-chain"]);
    }
}
