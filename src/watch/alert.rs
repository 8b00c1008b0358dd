//! The alerts `watch` prints, one JSON object a line, and POSTs to a webhook: their documented,
//! versioned shape (`schema`), and their human text in the reader's language.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::eval::Verdict;
use crate::locale::{Localizer, Named as _};
use crate::message::{Arg, Message};
use crate::metric::{Unit, Value};

/// The `schema` of every alert; a change of shape that can break a reader bumps the number.
pub const ALERT_SCHEMA: &str = "listingcheck-watch-alert/1";

/// One alert: what happened, when, and the same in words (`text`, which Slack shows).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    pub schema: &'static str,
    /// When the poll that saw it was read.
    pub at: Timestamp,
    #[serde(flatten)]
    pub event: Event,
    pub text: String,
}

/// What an alert is about, tagged by `kind`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A rule that passed no longer does: an episode opens.
    Raised(RuleChange),
    /// An open episode worsened beyond the worst status it was alerted at.
    Worsened(RuleChange),
    /// The rule passes again: the episode closes.
    Resolved(RuleChange),
    /// A chain source failed for `--blind-after` polls in a row: these assets are not watched.
    CannotSee(Sight),
    /// The source answers again.
    CanSeeAgain(Sight),
    /// Who holds a power over a token changed, or a multisig's threshold did (`--powers-every`).
    HoldersChanged(super::powers::HoldersChange),
}

/// One rule's status on one asset moving, with the figures it was judged on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleChange {
    pub asset: String,
    pub symbol: String,
    pub rule: String,
    pub before: Verdict,
    pub now: Verdict,
    /// The rule's measured value: exact tokens as a decimal string, ratios as numbers; absent
    /// when it could not be measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(skip)]
    pub unit: Option<Unit>,
    /// The on-chain figures read in this poll.
    pub figures: Figures,
    /// The excluded wallets whose balance changed since the previous poll.
    pub moved: Vec<WalletMove>,
}

/// A chain source that cannot be read, and the assets that leaves unwatched.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sight {
    pub source: String,
    pub assets: Vec<String>,
    /// Polls in a row the source failed (0 when it answers again).
    pub failed_polls: u32,
    /// The source's last error, as it reported it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// An asset's on-chain figures of one poll: exact amounts as decimal strings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub supplies: Vec<SupplyFigure>,
    pub balances: Vec<BalanceFigure>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupplyFigure {
    pub chain: String,
    pub contract: String,
    pub total_supply: Amount,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BalanceFigure {
    pub chain: String,
    pub address: String,
    pub label: String,
    pub balance: Amount,
}

/// An excluded wallet's balance between two polls; `change` is signed (`-1000000`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WalletMove {
    pub chain: String,
    pub address: String,
    pub label: String,
    pub before: Amount,
    pub now: Amount,
    pub change: String,
}

impl WalletMove {
    /// The move of a wallet from `before` to `now`, or `None` when its balance is the same.
    pub fn between(before: &BalanceFigure, now: &BalanceFigure) -> Option<WalletMove> {
        let (size, negative) = now.balance.abs_diff(before.balance)?;
        (!size.is_zero()).then(|| WalletMove {
            chain: now.chain.clone(),
            address: now.address.clone(),
            label: now.label.clone(),
            before: before.balance,
            now: now.balance,
            change: format!("{}{size}", if negative { "-" } else { "+" }),
        })
    }
}

impl Alert {
    /// The alert of `event` seen at `at`, worded by `words`.
    pub fn new(at: Timestamp, event: Event, words: &Localizer) -> Self {
        let text = words.text(&event.message(words));
        Alert {
            schema: ALERT_SCHEMA,
            at,
            event,
            text,
        }
    }
}

impl Event {
    /// The event as a message of `locales/*/watch.ftl`.
    fn message(&self, words: &Localizer) -> Message {
        match self {
            Event::Raised(change) => change.message("watch-raised", words),
            Event::Worsened(change) => change.message("watch-worsened", words),
            Event::Resolved(change) => change.message("watch-resolved", words),
            Event::CannotSee(sight) => Message::new("watch-cannot-see")
                .with("source", Arg::code(&sight.source))
                .with(
                    "assets",
                    Arg::codes(sight.assets.iter().map(String::as_str)),
                )
                .with("polls", Arg::count(sight.failed_polls as usize)),
            Event::HoldersChanged(change) => Message::new("watch-holders-changed")
                .with("symbol", Arg::code(&change.symbol))
                .with("contract", Arg::code(&change.contract))
                .with("chain", Arg::code(&change.chain))
                .with(
                    "before",
                    Arg::codes(change.before.iter().map(String::as_str)),
                )
                .with("now", Arg::codes(change.now.iter().map(String::as_str))),
            Event::CanSeeAgain(sight) => Message::new("watch-can-see-again")
                .with("source", Arg::code(&sight.source))
                .with(
                    "assets",
                    Arg::codes(sight.assets.iter().map(String::as_str)),
                ),
        }
    }
}

impl RuleChange {
    fn message(&self, id: &'static str, words: &Localizer) -> Message {
        let value = match (self.unit, &self.value) {
            (Some(unit), Some(value)) => words.value(unit, value),
            _ => "—".to_owned(),
        };
        let moved: Vec<Arg> = self
            .moved
            .iter()
            .map(|wallet| {
                Arg::Message(Box::new(
                    Message::new("watch-wallet-moved")
                        .with("label", Arg::text(&wallet.label))
                        .with("address", Arg::code(&wallet.address))
                        .with("change", Arg::code(&wallet.change)),
                ))
            })
            .collect();
        let message = Message::new(id)
            .with("symbol", Arg::code(&self.symbol))
            .with("rule", Arg::code(&self.rule))
            .with("before", Message::new(self.before.message_id()))
            .with("now", Message::new(self.now.message_id()))
            .with("value", Arg::text(value));
        if moved.is_empty() {
            message.with("moved", Message::new("watch-no-wallet-moved"))
        } else {
            message.with(
                "moved",
                Message::new("watch-wallets-moved").with("wallets", Arg::List(moved)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;

    fn raised() -> Event {
        let reserve = |tokens: u64| BalanceFigure {
            chain: "ethereum".to_owned(),
            address: "0x2222".to_owned(),
            label: "Foundation reserve".to_owned(),
            balance: Amount::from_whole(tokens),
        };
        Event::Raised(RuleChange {
            asset: "reserve-token".to_owned(),
            symbol: "RSV".to_owned(),
            rule: "CIRC-PLAN".to_owned(),
            before: Verdict::Pass,
            now: Verdict::Fail,
            value: Some(Value::Number(0.25)),
            unit: Some(Unit::Ratio),
            figures: Figures::default(),
            moved: WalletMove::between(&reserve(600_000_000), &reserve(500_000_000))
                .into_iter()
                .collect(),
        })
    }

    fn sight() -> Sight {
        Sight {
            source: "ethereum".to_owned(),
            assets: vec!["reserve-token".to_owned()],
            failed_polls: 3,
            error: Some("node down".to_owned()),
        }
    }

    fn text(lang: Lang, event: Event) -> String {
        Alert::new(Timestamp::UNIX_EPOCH, event, Localizer::of(lang)).text
    }

    #[test]
    fn alerts_are_worded_in_english_and_korean() {
        assert_eq!(
            text(Lang::En, raised()),
            "RSV: CIRC-PLAN went from pass to fail (measured 25.00 %). Excluded wallets that moved since the previous poll: Foundation reserve (0x2222) -100000000."
        );
        assert_eq!(
            text(Lang::Ko, raised()),
            "RSV: CIRC-PLAN 판정이 바뀌었습니다(적합 → 부적합, 측정값 25.00%). 직전 조회 이후 잔고가 움직인 유통량 제외 지갑: Foundation reserve(0x2222) -100000000."
        );
        assert_eq!(
            text(Lang::En, Event::CannotSee(sight())),
            "Cannot see reserve-token: the source ethereum failed 3 polls in a row, so their supply rules are not being watched."
        );
        assert!(text(Lang::Ko, Event::CanSeeAgain(sight())).contains("감시를 재개합니다"));
    }

    #[test]
    fn an_alert_is_one_json_object_with_its_schema_and_kind() {
        let alert = Alert::new(
            Timestamp::UNIX_EPOCH,
            Event::CannotSee(sight()),
            Localizer::of(Lang::En),
        );
        let json: serde_json::Value = serde_json::to_value(&alert).unwrap();
        assert_eq!(json["schema"], ALERT_SCHEMA);
        assert_eq!(json["kind"], "cannot_see");
        assert_eq!(json["source"], "ethereum");
        assert_eq!(json["failed_polls"], 3);
        assert_eq!(json["at"], "1970-01-01T00:00:00Z");
    }
}
