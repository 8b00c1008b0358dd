//! A metric's values and a rule's thresholds in the reader's language. English keeps the forms
//! the reports and the JSON's `threshold.text` have always had (`29.46 %`, `₩10.00 bn`,
//! `≤ 10.00 % (warn above 5.00 %)`); Korean writes `29.46%`, `100억 원`, `10.00% 이하(5.00% 초과 시 기준 근접)`.

use super::numbers::korean_money;
use super::{Lang, Localizer};
use crate::inputs::standard::Thresholds;
use crate::message::Currency;
use crate::metric::{Limit, Unit, Value, format_ratio};

impl Localizer {
    /// A measured value, or `—` when there is none.
    pub fn value_text(&self, unit: Unit, value: Option<&Value>) -> String {
        value.map_or_else(|| "—".to_owned(), |value| self.value(unit, value))
    }

    /// A measured value: `29.46 %`, `₩3.90 bn`, `yes`.
    pub fn value(&self, unit: Unit, value: &Value) -> String {
        match (self.lang(), value) {
            (Lang::En, _) => unit.format(value),
            (Lang::Ko, Value::Bool(flag)) => self.word(if *flag { "yes" } else { "no" }),
            (Lang::Ko, Value::Tokens(amount)) => amount.grouped(),
            (Lang::Ko, Value::Number(number)) => korean_number(unit, *number),
        }
    }

    /// A threshold's limit: `10.00 %`, `₩4.00 bn`.
    pub fn limit(&self, unit: Unit, limit: &Limit) -> String {
        match (self.lang(), limit) {
            (Lang::En, _) => unit.format_limit(limit),
            (Lang::Ko, Limit::Tokens(amount)) => amount.grouped(),
            (Lang::Ko, Limit::Number(number)) => korean_number(unit, *number),
        }
    }

    /// A rule's thresholds as people read them.
    pub fn thresholds(&self, thresholds: &Thresholds, unit: Unit) -> String {
        if self.lang() == Lang::En {
            return thresholds.describe(unit);
        }
        if let Some(required) = thresholds.require {
            return format!("= {}", self.word(if required { "yes" } else { "no" }));
        }
        let limit = |limit: &Limit| self.limit(unit, limit);
        let text = match (&thresholds.min, &thresholds.max) {
            (Some(min), Some(max)) => format!("{} 이상 {} 이하", limit(min), limit(max)),
            (Some(min), None) => format!("{} 이상", limit(min)),
            (None, Some(max)) => format!("{} 이하", limit(max)),
            (None, None) => String::new(),
        };
        let warns: Vec<String> = [
            thresholds
                .warn_min
                .as_ref()
                .map(|l| format!("{} 미만", limit(l))),
            thresholds
                .warn_max
                .as_ref()
                .map(|l| format!("{} 초과", limit(l))),
        ]
        .into_iter()
        .flatten()
        .collect();
        if warns.is_empty() {
            text
        } else {
            format!("{text}({} 시 기준 근접)", warns.join(" 또는 "))
        }
    }
}

/// A number of a unit the Korean way: `29.46%`, `100억 원`, `639만 달러`, `90일`.
fn korean_number(unit: Unit, number: f64) -> String {
    match unit {
        Unit::Ratio => format_ratio(number).replace(" %", "%"),
        Unit::Krw => korean_money(Currency::Krw, number),
        Unit::Usd => korean_money(Currency::Usd, number),
        Unit::Days => format!("{number:.0}일"),
        Unit::Count | Unit::Tokens | Unit::Bool => format!("{number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn korean() -> &'static Localizer {
        Localizer::of(Lang::Ko)
    }

    #[test]
    fn korean_thresholds_read_as_bounds_with_their_warning_band() {
        let thresholds = Thresholds {
            max: Some(Limit::Number(0.10)),
            warn_max: Some(Limit::Number(0.05)),
            ..Thresholds::default()
        };
        assert_eq!(
            korean().thresholds(&thresholds, Unit::Ratio),
            "10.00% 이하(5.00% 초과 시 기준 근접)"
        );
        let cap = Thresholds {
            min: Some(Limit::Number(4e9)),
            ..Thresholds::default()
        };
        assert_eq!(korean().thresholds(&cap, Unit::Krw), "40억 원 이상");
        assert_eq!(
            Localizer::of(Lang::En).thresholds(&cap, Unit::Krw),
            "≥ ₩4.00 bn"
        );
    }

    #[test]
    fn korean_values_use_korean_units() {
        assert_eq!(korean().value(Unit::Days, &Value::Number(365.0)), "365일");
        assert_eq!(korean().value(Unit::Bool, &Value::Bool(false)), "아니요");
        assert_eq!(
            korean().value(Unit::Ratio, &Value::Number(0.2946)),
            "29.46%"
        );
    }
}
