//! Money as the aggregates add it up: a fixed-point decimal of six places, exact under addition,
//! so that sums kept by DynamoDB (`ADD` on numbers is decimal and exact) never drift the way
//! floating point would. Deal values reach 1e15 and hold a handful of places; six places keep
//! every value a client can send within reach of a sum of millions of them in DynamoDB's 38
//! digits.

use std::fmt;

/// Units of 10⁻⁶.
const SCALE: i128 = 1_000_000;
const PLACES: usize = 6;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(i128);

impl Decimal {
    pub const ZERO: Decimal = Decimal(0);

    pub fn from_int(n: i64) -> Decimal {
        Decimal(i128::from(n) * SCALE)
    }

    /// A decimal number as JSON or DynamoDB write it (`12500.25`, `-3`, `1e15`, `2.5E-7`),
    /// rounded half to even to six places; `None` for anything else or beyond 10²⁵.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (number, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], rest[at + 1..].parse::<i32>().ok()?),
            None => (rest, 0),
        };
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let digits = format!("{whole}{fraction}");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = digits.trim_start_matches('0');
        // Significant digits beyond what an f64 or a sum can hold are not money.
        if digits.len() > 32 {
            return None;
        }
        let mantissa: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        let shift = exponent - i32::try_from(fraction.len()).ok()? + PLACES as i32;
        let units = if shift >= 0 {
            mantissa.checked_mul(10i128.checked_pow(u32::try_from(shift).ok()?)?)?
        } else {
            let divisor = 10i128.checked_pow(u32::try_from(-shift).ok()?);
            match divisor {
                Some(divisor) => divide_half_even(mantissa, divisor),
                None => 0,
            }
        };
        if units > 10i128.pow(25) * SCALE {
            return None;
        }
        Some(Decimal(if negative { -units } else { units }))
    }

    /// `self × percent / 100`, rounded half to even to six places.
    pub fn percent_of(self, percent: Decimal) -> Decimal {
        let product = self.0.saturating_mul(percent.0);
        Decimal(divide_half_even(product, 100 * SCALE))
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// As a JSON number: exact for every sum below 2⁵³ units of the last place it uses.
    pub fn to_json(self) -> serde_json::Value {
        if self.0 % SCALE == 0 {
            if let Ok(whole) = i64::try_from(self.0 / SCALE) {
                return serde_json::Value::from(whole);
            }
        }
        self.to_string()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

impl std::ops::Add for Decimal {
    type Output = Decimal;
    fn add(self, other: Decimal) -> Decimal {
        Decimal(self.0.saturating_add(other.0))
    }
}

impl std::ops::AddAssign for Decimal {
    fn add_assign(&mut self, other: Decimal) {
        *self = *self + other;
    }
}

impl std::ops::Neg for Decimal {
    type Output = Decimal;
    fn neg(self) -> Decimal {
        Decimal(-self.0)
    }
}

impl std::ops::Sub for Decimal {
    type Output = Decimal;
    fn sub(self, other: Decimal) -> Decimal {
        self + (-other)
    }
}

impl std::iter::Sum for Decimal {
    fn sum<I: Iterator<Item = Decimal>>(iter: I) -> Decimal {
        iter.fold(Decimal::ZERO, |sum, next| sum + next)
    }
}

/// Plain decimal notation without trailing zeros: `12500.25`, `-3`, `0.000001`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        let scale = SCALE.unsigned_abs();
        let whole = magnitude / scale;
        let fraction = magnitude % scale;
        if fraction == 0 {
            return write!(f, "{sign}{whole}");
        }
        let fraction = format!("{fraction:0PLACES$}");
        write!(f, "{sign}{whole}.{}", fraction.trim_end_matches('0'))
    }
}

fn divide_half_even(numerator: i128, divisor: i128) -> i128 {
    let quotient = numerator / divisor;
    let remainder = numerator % divisor;
    let twice = remainder.abs() * 2;
    let away = twice > divisor || (twice == divisor && quotient % 2 != 0);
    if !away {
        quotient
    } else if numerator < 0 {
        quotient - 1
    } else {
        quotient + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).expect(text)
    }

    #[test]
    fn numbers_in_every_spelling_json_and_dynamodb_use_parse_exactly() {
        assert_eq!(d("12500.25").to_string(), "12500.25");
        assert_eq!(d("1e15").to_string(), "1000000000000000");
        assert_eq!(d("1000000000000000.0").to_string(), "1000000000000000");
        assert_eq!(d("2.5E-5").to_string(), "0.000025");
        assert_eq!(d("-3").to_string(), "-3");
        assert_eq!(d("0").to_string(), "0");
        assert_eq!(d("0.1").to_string(), "0.1");
        assert_eq!(d("007.50").to_string(), "7.5");
        for bad in [
            "",
            "-",
            "1.2.3",
            "abc",
            "1e",
            "1e999999999999",
            "1e40",
            "--1",
            "1,5",
        ] {
            assert_eq!(Decimal::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn places_beyond_six_round_half_to_even() {
        assert_eq!(d("0.0000005").to_string(), "0");
        assert_eq!(d("0.0000015").to_string(), "0.000002");
        assert_eq!(d("0.0000025").to_string(), "0.000002");
        assert_eq!(d("-0.0000015").to_string(), "-0.000002");
        assert_eq!(d("1e-30").to_string(), "0");
    }

    #[test]
    fn sums_of_tenths_stay_exact_where_floating_point_drifts() {
        let tenth = d("0.1");
        let sum: Decimal = std::iter::repeat_n(tenth, 10).sum();
        assert_eq!(sum, d("1"));
        assert_ne!((0..10).map(|_| 0.1f64).sum::<f64>(), 1.0);
        assert_eq!((d("5") - d("7.25")).to_string(), "-2.25");
    }

    #[test]
    fn a_percentage_of_a_value_rounds_to_six_places() {
        assert_eq!(d("12500.25").percent_of(d("40")).to_string(), "5000.1");
        assert_eq!(
            d("100").percent_of(d("33.3333333")).to_string(),
            "33.333333"
        );
        assert_eq!(
            d("1e15").percent_of(d("100")).to_string(),
            "1000000000000000"
        );
        assert_eq!(d("10").percent_of(Decimal::ZERO), Decimal::ZERO);
        assert_eq!(Decimal::from_int(3).to_string(), "3");
    }

    #[test]
    fn as_json_a_sum_is_the_number_it_spells() {
        assert_eq!(d("12500.25").to_json(), serde_json::json!(12500.25));
        assert_eq!(d("3").to_json(), serde_json::json!(3));
    }
}
