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
        let syntax = || AmountError::Syntax(text.to_owned());
        let cleaned: String = text.trim().chars().filter(|c| *c != '_').collect();
        let (whole, fraction) = cleaned.split_once('.').unwrap_or((cleaned.as_str(), ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !all_digits(whole)
            || !all_digits(fraction)
            || (cleaned.contains('.') && fraction.is_empty())
        {
            return Err(syntax());
        }
        let decimals = u8::try_from(fraction.len())
            .ok()
            .filter(|d| *d <= MAX_DECIMALS)
            .ok_or_else(|| AmountError::TooPrecise(text.to_owned()))?;
        let raw = U256::from_str_radix(&format!("{whole}{fraction}"), 10)
            .map_err(|_| AmountError::TooLarge(text.to_owned()))?;
        Ok(Amount { raw, decimals })
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
        for text in ["", "-1", "1e9", "1,000", "1.", ".5", "12a"] {
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
    fn a_linear_step_rounds_down_in_raw_units() {
        assert_eq!(amount("100").mul_div(1, 3).unwrap(), amount("33"));
        assert_eq!(amount("100.00").mul_div(1, 3).unwrap(), amount("33.33"));
    }
}
