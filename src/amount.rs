//! Exact token amounts.
//!
//! Supplies are never parsed through `f64`: 318,421,502 × 10¹⁸ raw units does not fit one. An
//! [`Amount`] is a non-negative `raw / 10^decimals` with a `U256` numerator, so an on-chain
//! `totalSupply` and a disclosed plan figure compare exactly. Ratios are computed in `f64` only at
//! the last step, from exact differences.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use ruint::aliases::U256;

/// The most fractional digits an amount may carry. ERC-20 tokens use at most 18 in practice; 36
/// leaves room for aggregators that print long fractions, and 10^36 still fits a `U256` with
/// room for 10^41 whole tokens.
pub const MAX_DECIMALS: u8 = 36;

/// An exact, non-negative amount of tokens.
#[derive(Clone, Copy, Debug)]
pub struct Amount {
    raw: U256,
    decimals: u8,
}

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("`{0}` is not an amount: write digits, optionally with `_` separators and one `.`")]
    Syntax(String),
    #[error("`{0}` has more than {MAX_DECIMALS} fractional digits")]
    TooPrecise(String),
    #[error("`{0}` is too large for a 256-bit amount")]
    TooLarge(String),
    #[error("`{0}` is not a JSON number")]
    NotJsonNumber(String),
    #[error("`{0}` is negative; a supply or balance cannot be")]
    Negative(String),
}

impl Amount {
    pub const ZERO: Amount = Amount {
        raw: U256::ZERO,
        decimals: 0,
    };

    /// An amount from on-chain raw units and the token's `decimals`.
    pub fn from_raw(raw: U256, decimals: u8) -> Self {
        Amount { raw, decimals }
    }

    /// A whole number of tokens.
    pub fn from_whole(tokens: u64) -> Self {
        Amount {
            raw: U256::from(tokens),
            decimals: 0,
        }
    }

    /// The raw numerator, in units of `10^-decimals`.
    pub fn raw(&self) -> U256 {
        self.raw
    }

    /// The raw numerator at another scale, e.g. a contract's `decimals`, if that is exact.
    pub fn raw_at(self, decimals: u8) -> Option<U256> {
        self.rescaled(decimals)
    }

    pub fn decimals(&self) -> u8 {
        self.decimals
    }

    pub fn is_zero(&self) -> bool {
        self.raw.is_zero()
    }

    /// The same value expressed with `decimals` fractional digits, if that is exact and fits.
    fn rescaled(self, decimals: u8) -> Option<U256> {
        match decimals.cmp(&self.decimals) {
            Ordering::Equal => Some(self.raw),
            Ordering::Greater => self.raw.checked_mul(pow10(decimals - self.decimals)?),
            Ordering::Less => {
                let divisor = pow10(self.decimals - decimals)?;
                (self.raw % divisor).is_zero().then(|| self.raw / divisor)
            }
        }
    }

    /// Both operands on the finer of their two scales.
    fn aligned(self, other: Amount) -> Option<(U256, U256, u8)> {
        let decimals = self.decimals.max(other.decimals);
        Some((
            self.rescaled(decimals)?,
            other.rescaled(decimals)?,
            decimals,
        ))
    }

    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        let (a, b, decimals) = self.aligned(other)?;
        Some(Amount {
            raw: a.checked_add(b)?,
            decimals,
        })
    }

    /// `self - other`, or `None` when `other` is larger: amounts are never negative.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        let (a, b, decimals) = self.aligned(other)?;
        Some(Amount {
            raw: a.checked_sub(b)?,
            decimals,
        })
    }

    /// `self - other` as a signed pair: the magnitude and whether it is negative.
    pub fn abs_diff(self, other: Amount) -> Option<(Amount, bool)> {
        match self.cmp(&other) {
            Ordering::Less => Some((other.checked_sub(self)?, true)),
            _ => Some((self.checked_sub(other)?, false)),
        }
    }

    /// `self × numerator / denominator`, rounded down: the exact step of a linear schedule.
    pub fn mul_div(self, numerator: u64, denominator: u64) -> Option<Amount> {
        if denominator == 0 {
            return None;
        }
        let raw = self.raw.checked_mul(U256::from(numerator))? / U256::from(denominator);
        Some(Amount {
            raw,
            decimals: self.decimals,
        })
    }

    /// Parses the text of a JSON number exactly, as aggregators print supplies: `19675987`,
    /// `19675987.0`, `1.5e+21`, `2.5E-3`. The digits and the exponent are read as written, never
    /// through `f64`, so `318421502000000000000000000` keeps every digit. Negative numbers are
    /// refused: a supply cannot be.
    pub fn from_json_number(text: &str) -> Result<Self, AmountError> {
        let not_a_number = || AmountError::NotJsonNumber(text.to_owned());
        if text.starts_with('-') {
            return Err(AmountError::Negative(text.to_owned()));
        }
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        // JSON's grammar: no leading zeros, digits on both sides of a `.`.
        if !all_digits(whole)
            || (whole.len() > 1 && whole.starts_with('0'))
            || (mantissa.contains('.') && !all_digits(fraction))
        {
            return Err(not_a_number());
        }
        let exponent: i64 = match exponent {
            None => 0,
            Some(exp) => {
                let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
                if !all_digits(digits) {
                    return Err(not_a_number());
                }
                // An exponent beyond any 256-bit amount is reported as such, not as a parse error.
                exp.parse().unwrap_or(if exp.starts_with('-') {
                    i64::MIN
                } else {
                    i64::MAX
                })
            }
        };
        // value = digits × 10^(exponent − fraction length); trailing zeros of the digits only
        // change the scale, so they are dropped to keep the scale small.
        let mut digits = format!("{whole}{fraction}");
        let mut scale = i64::try_from(fraction.len())
            .unwrap_or(i64::MAX)
            .saturating_sub(exponent);
        while scale > 0 && digits.len() > 1 && digits.ends_with('0') {
            digits.pop();
            scale -= 1;
        }
        let raw = U256::from_str_radix(&digits, 10)
            .map_err(|_| AmountError::TooLarge(text.to_owned()))?;
        if raw.is_zero() {
            return Ok(Amount::ZERO);
        }
        if scale >= 0 {
            let decimals = u8::try_from(scale)
                .ok()
                .filter(|d| *d <= MAX_DECIMALS)
                .ok_or_else(|| AmountError::TooPrecise(text.to_owned()))?;
            return Ok(Amount { raw, decimals });
        }
        let raw = u8::try_from(-scale)
            .ok()
            .and_then(pow10)
            .and_then(|factor| raw.checked_mul(factor))
            .ok_or_else(|| AmountError::TooLarge(text.to_owned()))?;
        Ok(Amount { raw, decimals: 0 })
    }

    /// The nearest `f64`, for ratios and charts. Never use it to compare supplies.
    pub fn to_f64(self) -> f64 {
        let digits = self.raw.to_string();
        // A decimal string with an exponent parses to the correctly rounded f64.
        format!("{digits}e-{}", self.decimals)
            .parse()
            .unwrap_or(f64::NAN)
    }

    /// `self / denominator` as an `f64`, or `None` when the denominator is zero.
    pub fn ratio_to(self, denominator: Amount) -> Option<f64> {
        if denominator.is_zero() {
            return None;
        }
        Some(self.to_f64() / denominator.to_f64())
    }

    /// The plain decimal text with a thousands separator: `318,421,502.5`.
    pub fn grouped(&self) -> String {
        let plain = self.to_string();
        let (whole, fraction) = plain
            .split_once('.')
            .map_or((plain.as_str(), None), |(w, f)| (w, Some(f)));
        let mut out = String::with_capacity(plain.len() + whole.len() / 3);
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(digit);
        }
        if let Some(fraction) = fraction {
            out.push('.');
            out.push_str(fraction);
        }
        out
    }
}

fn pow10(exp: u8) -> Option<U256> {
    U256::from(10u8).checked_pow(U256::from(exp))
}

impl PartialEq for Amount {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Amount {}

impl PartialOrd for Amount {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Amount {
    fn cmp(&self, other: &Self) -> Ordering {
        if let Some((a, b, _)) = self.aligned(*other) {
            return a.cmp(&b);
        }
        // Rescaling overflowed 256 bits: compare whole parts, then the fractions as text.
        let (a_whole, b_whole) = (
            self.raw / pow10(self.decimals).unwrap_or(U256::MAX),
            other.raw / pow10(other.decimals).unwrap_or(U256::MAX),
        );
        a_whole
            .cmp(&b_whole)
            .then_with(|| self.to_string().cmp(&other.to_string()))
    }
}

/// Hashes the whole part, which equal amounts share whatever their scale (`5` and `5.0`), without
/// writing the amount out.
impl std::hash::Hash for Amount {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.raw / pow10(self.decimals).unwrap_or(U256::MAX)).hash(state);
    }
}

/// The shortest exact decimal text: `245966797`, `0.5`. Trailing fractional zeros are dropped,
/// so equal amounts print alike whatever their scale.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.raw.to_string();
        let decimals = usize::from(self.decimals);
        if decimals == 0 {
            return f.write_str(&digits);
        }
        let padded = format!("{digits:0>width$}", width = decimals + 1);
        let (whole, fraction) = padded.split_at(padded.len() - decimals);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            f.write_str(whole)
        } else {
            write!(f, "{whole}.{fraction}")
        }
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// Parses `245966797`, `245_966_797` or `0.000001`. Signs, exponents and commas are refused:
    /// a disclosure is written out in full.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // One pass, no allocation: snapshots hold many amounts, so this is on the path of `check`.
        let syntax = || AmountError::Syntax(text.to_owned());
        let (mut small, mut big): (u128, Option<U256>) = (0, None);
        let (mut whole_digits, mut decimals, mut point) = (0usize, 0usize, false);
        let bytes = text.as_bytes();
        for (at, &byte) in bytes.iter().enumerate() {
            let digit = match byte {
                // As in TOML integers: an underscore only between two digits.
                b'_' if at > 0
                    && bytes[at - 1].is_ascii_digit()
                    && bytes.get(at + 1).is_some_and(u8::is_ascii_digit) =>
                {
                    continue;
                }
                b'.' if !point && whole_digits > 0 => {
                    point = true;
                    continue;
                }
                b'0'..=b'9' => byte - b'0',
                _ => return Err(syntax()),
            };
            if point {
                decimals += 1;
            } else {
                whole_digits += 1;
            }
            match (
                &mut big,
                small
                    .checked_mul(10)
                    .and_then(|s| s.checked_add(u128::from(digit))),
            ) {
                (None, Some(next)) => small = next,
                (big, _) => {
                    let current = big.unwrap_or(U256::from(small));
                    let next = current
                        .checked_mul(U256::from(10u8))
                        .and_then(|v| v.checked_add(U256::from(digit)));
                    *big = Some(next.ok_or_else(|| AmountError::TooLarge(text.to_owned()))?);
                }
            }
        }
        if whole_digits == 0 || (point && decimals == 0) {
            return Err(syntax());
        }
        let decimals = u8::try_from(decimals)
            .ok()
            .filter(|d| *d <= MAX_DECIMALS)
            .ok_or_else(|| AmountError::TooPrecise(text.to_owned()))?;
        Ok(Amount {
            raw: big.unwrap_or(U256::from(small)),
            decimals,
        })
    }
}

impl serde::Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// In files a user writes, an amount is an integer or a decimal string.
impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact amount of tokens: an integer, or a decimal string such as \"245966797.5\"",
            "anyOf": [{ "type": "integer", "minimum": 0 }, { "type": "string", "pattern": "^[0-9][0-9_]*(\\.[0-9]+)?$" }]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    proptest::proptest! {
        #[test]
        fn printing_then_parsing_gives_the_same_amount(raw in proptest::num::u128::ANY, extra in 0u64..1_000_000, decimals in 0u8..=36) {
            let raw = U256::from(raw) * U256::from(extra + 1);
            let amount = Amount::from_raw(raw, decimals);
            proptest::prop_assert_eq!(amount.to_string().parse::<Amount>().unwrap(), amount);
            proptest::prop_assert_eq!(amount.grouped().replace(',', "_").parse::<Amount>().unwrap(), amount);
        }
    }

    #[test]
    fn wemix_supply_in_raw_units_is_exact() {
        let raw = U256::from_str_radix("318421502000000000000000000", 10).unwrap();
        let measured = Amount::from_raw(raw, 18);
        assert_eq!(measured, amount("318_421_502"));
        assert_eq!(measured.to_string(), "318421502");
        assert_eq!(measured.grouped(), "318,421,502");
    }

    #[test]
    fn amounts_of_different_scales_subtract_exactly() {
        let difference = amount("318421502")
            .checked_sub(amount("245966797.000001"))
            .unwrap();
        assert_eq!(difference.to_string(), "72454704.999999");
    }

    #[test]
    fn subtraction_below_zero_is_refused() {
        assert_eq!(amount("1").checked_sub(amount("1.5")), None);
    }

    #[test]
    fn the_wemix_excess_ratio_is_twenty_nine_and_a_half_percent() {
        let (excess, negative) = amount("318421502").abs_diff(amount("245966797")).unwrap();
        assert!(!negative);
        let ratio = excess.ratio_to(amount("245966797")).unwrap();
        assert!((ratio - 0.294_571).abs() < 1e-6, "{ratio}");
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for text in [
            "", "-1", "1e9", "1,000", "1.", ".5", "12a", "1._5", "1__0", "_1", "1_", " 7 ",
        ] {
            assert!(text.parse::<Amount>().is_err(), "{text}");
        }
    }

    #[test]
    fn fractional_amounts_print_without_trailing_zeros() {
        assert_eq!(
            Amount::from_raw(U256::from(1_500_000u64), 6).to_string(),
            "1.5"
        );
        assert_eq!(
            Amount::from_raw(U256::from(5u64), 6).to_string(),
            "0.000005"
        );
    }

    #[test]
    fn json_integers_and_trailing_zero_fractions_parse_exactly() {
        assert_eq!(
            Amount::from_json_number("19675987").unwrap(),
            amount("19675987")
        );
        let with_zero = Amount::from_json_number("19675987.0").unwrap();
        assert_eq!(with_zero, amount("19675987"));
        assert_eq!(with_zero.to_string(), "19675987");
        assert_eq!(Amount::from_json_number("0").unwrap(), Amount::ZERO);
        assert_eq!(Amount::from_json_number("0.0").unwrap(), Amount::ZERO);
    }

    #[test]
    fn json_exponent_forms_parse_exactly() {
        let cases = [
            ("1.5e+21", "1500000000000000000000"),
            ("1.5e21", "1500000000000000000000"),
            ("1.5E21", "1500000000000000000000"),
            ("2e0", "2"),
            ("2.5e-3", "0.0025"),
            ("123456789.123456789e2", "12345678912.3456789"),
            ("3.18421502e26", "318421502000000000000000000"),
        ];
        for (json, exact) in cases {
            let parsed = Amount::from_json_number(json).unwrap();
            assert_eq!(parsed, amount(exact), "{json}");
            assert_eq!(parsed.to_string(), exact, "{json}");
        }
    }

    #[test]
    fn json_numbers_longer_than_an_f64_keep_every_digit() {
        let parsed = Amount::from_json_number("318421502000000000000000001").unwrap();
        assert_eq!(parsed.to_string(), "318421502000000000000000001");
        let fraction = Amount::from_json_number("60315680.8748074123456789").unwrap();
        assert_eq!(fraction.to_string(), "60315680.8748074123456789");
    }

    #[test]
    fn negative_json_numbers_are_refused_as_negative() {
        assert_eq!(
            Amount::from_json_number("-1.5"),
            Err(AmountError::Negative("-1.5".into()))
        );
    }

    #[test]
    fn malformed_json_numbers_are_refused() {
        for text in [
            "", "1.", ".5", "01", "1e", "1e+", "1.5x", "NaN", "Infinity", "\"1\"", "1_000", "1,5",
        ] {
            assert_eq!(
                Amount::from_json_number(text),
                Err(AmountError::NotJsonNumber(text.into())),
                "{text}"
            );
        }
    }

    #[test]
    fn json_numbers_beyond_256_bits_or_36_decimals_are_refused() {
        assert!(matches!(
            Amount::from_json_number("1e100"),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            Amount::from_json_number("1e99999999999999999999"),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            Amount::from_json_number("1e-40"),
            Err(AmountError::TooPrecise(_))
        ));
    }

    #[test]
    fn a_linear_step_rounds_down_in_raw_units() {
        assert_eq!(amount("100").mul_div(1, 3).unwrap(), amount("33"));
        assert_eq!(amount("100.00").mul_div(1, 3).unwrap(), amount("33.33"));
    }
}
