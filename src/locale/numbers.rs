//! Figures in words, per language: English `318,421,502`, `+29.46 %`, `2022-10-31`, `₩10.00 bn`;
//! Korean `+29.46%`, `2022년 10월 31일` and won in 만/억/조 (`40억 원`). Rounded figures say so
//! (`≈`) in Korean; English keeps the forms its reports have always had.

use jiff::civil::Date;

use super::Lang;
use crate::message::{Arg, Currency};
use crate::metric::{compact, format_percent, format_price};

/// A figure that is not a message, list or yes/no, in `lang`.
pub(super) fn figure(lang: Lang, arg: &Arg) -> String {
    match (lang, arg) {
        (_, Arg::Amount(value)) => value.grouped(),
        (_, Arg::Number(value)) => format!("{value}"),
        (_, Arg::Count(value)) => value.to_string(),
        (_, Arg::Code(value) | Arg::Text(value)) => value.clone(),
        (Lang::En, Arg::Ratio { value, decimals }) => {
            format!("{:.*} %", usize::from(*decimals), value * 100.0)
        }
        (Lang::Ko, Arg::Ratio { value, decimals }) => {
            format!("{:.*}%", usize::from(*decimals), value * 100.0)
        }
        (Lang::En, Arg::Change(value)) => format_percent(*value),
        (Lang::Ko, Arg::Change(value)) => format_percent(*value).replace(" %", "%"),
        (Lang::En, Arg::Date(value)) => value.to_string(),
        (Lang::Ko, Arg::Date(value)) => korean_date(*value),
        (Lang::En, Arg::Money { currency, value }) => {
            let words = if value.abs() >= 1e6 {
                compact(*value)
            } else {
                format_price(*value)
            };
            format!("{}{words}", symbol(*currency))
        }
        (Lang::Ko, Arg::Money { currency, value }) => korean_money(*currency, *value),
        (Lang::En, Arg::Price { currency, value }) => {
            format!("{}{}", symbol(*currency), format_price(*value))
        }
        (Lang::Ko, Arg::Price { currency, value }) => {
            format!("{}{}", format_price(*value), korean_unit(*currency))
        }
        (Lang::En, Arg::Time(instant)) => instant.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        (Lang::Ko, Arg::Time(instant)) => {
            let seoul = crate::kst::KST.to_datetime(*instant);
            format!(
                "{} {}(한국 시간)",
                korean_date(seoul.date()),
                seoul.strftime("%H:%M")
            )
        }
        (
            _,
            Arg::Bool(_) | Arg::List(_) | Arg::Message(_) | Arg::Exchange(_) | Arg::Caution { .. },
        ) => {
            unreachable!("the localizer words these itself")
        }
    }
}

fn symbol(currency: Currency) -> &'static str {
    match currency {
        Currency::Krw => "₩",
        Currency::Usd => "$",
    }
}

fn korean_unit(currency: Currency) -> &'static str {
    match currency {
        Currency::Krw => "원",
        Currency::Usd => "달러",
    }
}

/// `2022년 10월 31일`.
pub(super) fn korean_date(date: Date) -> String {
    format!("{}년 {}월 {}일", date.year(), date.month(), date.day())
}

/// Money the Korean way, in its two largest units of 조, 억 and 만: ₩4,000,000,000 is `40억 원`,
/// ₩3,901,234,567 is `≈39억 123만 원`, $1,344,917,110,000 is `≈1조 3,449억 달러` (what is dropped
/// makes the `≈`). Below 10,000 the amount is written out: `4.16원`.
pub(super) fn korean_money(currency: Currency, value: f64) -> String {
    let unit = korean_unit(currency);
    let size = value.abs();
    if size < 1e4 {
        return format!("{}{unit}", format_price(value));
    }
    let sign = if value < 0.0 { "-" } else { "" };
    // Whole units of 만 (10⁴); beyond 2⁵³ the f64 is already rounded.
    let man = (size / 1e4).trunc();
    let rounded = size - man * 1e4 > 0.0;
    // `man` is whole and non-negative; a figure beyond u64 (10²³ won) saturates.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let man = man as u64;
    let (jo, eok, man) = (man / 100_000_000, man / 10_000 % 10_000, man % 10_000);
    let units: Vec<(u64, &str)> = [(jo, "조"), (eok, "억"), (man, "만")]
        .into_iter()
        .skip_while(|(count, _)| *count == 0)
        .collect();
    // The two largest units, as Korean writes large sums (`1조 3,449억`); what is dropped makes
    // the sum approximate.
    let dropped = units.iter().skip(2).any(|(count, _)| *count > 0);
    let parts: Vec<String> = units
        .iter()
        .take(2)
        .filter(|(count, _)| *count > 0)
        .map(|(count, name)| format!("{}{name}", grouped(*count)))
        .collect();
    let approx = if rounded || dropped { "≈" } else { "" };
    format!("{approx}{sign}{} {unit}", parts.join(" "))
}

/// `12,345`.
fn grouped(count: u64) -> String {
    crate::amount::Amount::from_whole(count).grouped()
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn won_read_in_man_eok_and_jo() {
        assert_eq!(korean_money(Currency::Krw, 4e9), "40억 원");
        assert_eq!(
            korean_money(Currency::Krw, 3_901_234_567.0),
            "≈39억 123만 원"
        );
        assert_eq!(korean_money(Currency::Krw, 1.25e12), "1조 2,500억 원");
        assert_eq!(
            korean_money(Currency::Usd, 1_344_917_110_000.0),
            "≈1조 3,449억 달러"
        );
        assert_eq!(korean_money(Currency::Krw, 30_000.0), "3만 원");
        assert_eq!(korean_money(Currency::Krw, 4.16), "4.16원");
        assert_eq!(korean_money(Currency::Usd, 6_390_000.0), "639만 달러");
    }

    #[test]
    fn korean_dates_and_percentages() {
        assert_eq!(korean_date(date(2022, 10, 31)), "2022년 10월 31일");
        assert_eq!(figure(Lang::Ko, &Arg::Change(0.294_571)), "+29.46%");
        assert_eq!(figure(Lang::En, &Arg::Change(0.294_571)), "+29.46 %");
        assert_eq!(
            figure(
                Lang::En,
                &Arg::Money {
                    currency: Currency::Krw,
                    value: 1e10
                }
            ),
            "₩10.00 bn"
        );
    }
}
