//! The closed sets of names a report shows (verdicts, severities, standard statuses, exchanges,
//! the exchanges' caution kinds), each with its message id, so that every name is worded in the
//! reader's language.

use crate::eval::Verdict;
use crate::exchange::{CautionKind, Exchange};
use crate::inputs::standard::{Severity, Status, WhenMissing};

/// A value named by a message of its own.
pub trait Named: Copy {
    fn message_id(self) -> &'static str;
}

impl Named for Verdict {
    fn message_id(self) -> &'static str {
        match self {
            Verdict::Pass => "verdict-pass",
            Verdict::Warn => "verdict-warn",
            Verdict::Fail => "verdict-fail",
            Verdict::Unknown => "verdict-unknown",
            Verdict::Waived => "verdict-waived",
        }
    }
}

impl Named for Severity {
    fn message_id(self) -> &'static str {
        match self {
            Severity::Block => "severity-block",
            Severity::Warn => "severity-warn",
            Severity::Info => "severity-info",
        }
    }
}

impl Named for Status {
    fn message_id(self) -> &'static str {
        match self {
            Status::Draft => "status-draft",
            Status::Adopted => "status-adopted",
            Status::Withdrawn => "status-withdrawn",
        }
    }
}

impl Named for WhenMissing {
    fn message_id(self) -> &'static str {
        match self {
            WhenMissing::Unknown => "when-missing-unknown",
            WhenMissing::Fail => "when-missing-fail",
        }
    }
}

impl Named for Exchange {
    fn message_id(self) -> &'static str {
        match self {
            Exchange::Upbit => "exchange-upbit",
            Exchange::Bithumb => "exchange-bithumb",
            Exchange::Coinone => "exchange-coinone",
            Exchange::Korbit => "exchange-korbit",
            Exchange::Gopax => "exchange-gopax",
        }
    }
}

impl Named for CautionKind {
    fn message_id(self) -> &'static str {
        match self {
            CautionKind::Price => "caution-class-price",
            CautionKind::Volume => "caution-class-volume",
            CautionKind::Deposits => "caution-class-deposits",
            CautionKind::GlobalPriceGap => "caution-class-global-price-gap",
            CautionKind::SmallAccounts => "caution-class-small-accounts",
            CautionKind::ExchangeConcentration => "caution-class-exchange-concentration",
        }
    }
}

/// The message that names a caution kind as an exchange's API spells it, where we know the kind:
/// Upbit's `market_event.caution` keys and Bithumb's `warning_type` values.
pub fn caution_kind_id(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "PRICE_FLUCTUATIONS" => "caution-price-fluctuations",
        "TRADING_VOLUME_SOARING" => "caution-trading-volume-soaring",
        "DEPOSIT_AMOUNT_SOARING" => "caution-deposit-amount-soaring",
        "GLOBAL_PRICE_DIFFERENCES" => "caution-global-price-differences",
        "CONCENTRATION_OF_SMALL_ACCOUNTS" => "caution-concentration-of-small-accounts",
        "PRICE_SUDDEN_FLUCTUATION" => "caution-price-sudden-fluctuation",
        "TRADING_VOLUME_SUDDEN_FLUCTUATION" => "caution-trading-volume-sudden-fluctuation",
        "DEPOSIT_AMOUNT_SUDDEN_FLUCTUATION" => "caution-deposit-amount-sudden-fluctuation",
        "PRICE_DIFFERENCE_HIGH" => "caution-price-difference-high",
        "SPECIFIC_ACCOUNT_HIGH_TRANSACTION" => "caution-specific-account-high-transaction",
        "EXCHANGE_TRADING_CONCENTRATION" => "caution-exchange-trading-concentration",
        _ => return None,
    })
}
