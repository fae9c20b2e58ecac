//! Exact decimal values.
//!
//! Values are kept as an integer mantissa and a decimal scale so that
//! `40764.57万` is exactly 407645700: no binary float is involved until a
//! value is written out.

use serde::{Serialize, Serializer};
use std::fmt;

/// An exact decimal number: `mantissa × 10^-scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// Largest magnitude kept; beyond it arithmetic saturates to `None`.
const LIMIT: i128 = 1_000_000_000_000_000_000_000_000_000;

/// `10^k` for every `k` whose power fits an `i128`: a look-up where
/// `checked_pow` multiplies, checking each step.
const POWERS_OF_TEN: [i128; 39] = {
    let mut p = [1i128; 39];
    let mut k = 1;
    while k < p.len() {
        p[k] = p[k - 1] * 10;
        k += 1;
    }
    p
};

/// `a * b`, `None` when it overflows an `i128`. Two factors that fit an
/// `i64` cannot overflow it: their product (the usual case) is taken
/// without the dear overflow test of a 128-bit multiplication.
#[inline]
fn product(a: i128, b: i128) -> Option<i128> {
    if i64::try_from(a).is_ok() && i64::try_from(b).is_ok() {
        Some(a * b)
    } else {
        a.checked_mul(b)
    }
}

/// `10^k`, `None` when it overflows an `i128` (as `10i128.checked_pow(k)`).
fn power_of_ten(k: u32) -> Option<i128> {
    POWERS_OF_TEN.get(k as usize).copied()
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal { mantissa: 0, scale: 0 };

    /// A whole number.
    pub const fn from_int(n: i64) -> Decimal {
        Decimal { mantissa: n as i128, scale: 0 }
    }

    /// `mantissa × 10^-scale`, reduced to its shortest form.
    pub fn new(mantissa: i128, scale: u32) -> Decimal {
        Decimal { mantissa, scale }.reduced()
    }

    /// Parses ASCII digits with an optional single `.` (`"40764.57"`).
    pub fn parse(s: &str) -> Option<Decimal> {
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let mut r = DigitReader::default();
        r.int(int.as_bytes());
        r.frac(frac.as_bytes());
        r.finish()
    }

    fn reduced(mut self) -> Decimal {
        // Whole numbers, the usual case, have nothing to reduce; the
        // remainder is then never taken (an i128 one is a library call,
        // which the compiler would otherwise compute ahead of the test).
        if self.scale == 0 {
            return self;
        }
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// The mantissas of `a` and `b` at their common scale. Inlined for the
    /// usual case, two whole numbers; the others are rescaled out of line.
    #[inline]
    fn aligned(a: Decimal, b: Decimal) -> Option<(i128, i128, u32)> {
        if a.scale == b.scale {
            return Some((a.mantissa, b.mantissa, a.scale));
        }
        Decimal::rescaled(a, b)
    }

    #[inline(never)]
    fn rescaled(a: Decimal, b: Decimal) -> Option<(i128, i128, u32)> {
        let scale = a.scale.max(b.scale);
        let am = product(a.mantissa, power_of_ten(scale - a.scale)?)?;
        let bm = product(b.mantissa, power_of_ten(scale - b.scale)?)?;
        Some((am, bm, scale))
    }

    /// Exact sum, `None` on overflow.
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let (a, b, scale) = Decimal::aligned(self, other)?;
        let m = a.checked_add(b)?;
        (m.abs() <= LIMIT).then(|| Decimal::new(m, scale))
    }

    /// Exact product, `None` on overflow.
    pub fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        let m = product(self.mantissa, other.mantissa)?;
        (m.abs() <= LIMIT).then(|| Decimal::new(m, self.scale + other.scale))
    }

    /// Multiplies by a power of ten (a magnitude such as 万 = 10^4).
    pub fn shifted(self, pow10: u32) -> Option<Decimal> {
        if self.scale >= pow10 {
            return Some(Decimal::new(self.mantissa, self.scale - pow10));
        }
        let m = product(self.mantissa, power_of_ten(pow10 - self.scale)?)?;
        (m.abs() <= LIMIT).then(|| Decimal::new(m, 0))
    }

    /// The negated value.
    pub fn negated(self) -> Decimal {
        Decimal { mantissa: -self.mantissa, scale: self.scale }
    }

    /// True for a whole number.
    pub fn is_integer(&self) -> bool {
        self.scale == 0
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// The value as an integer, if it is one and fits.
    pub fn to_i64(&self) -> Option<i64> {
        if self.scale == 0 {
            i64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }

    /// The nearest binary float (for output and comparisons only).
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }
}

/// Reads a decimal from ASCII digits given piece by piece, as
/// [`Decimal::parse`] reads them written out in one string (`int` pieces
/// before the point, `frac` pieces after it).
#[derive(Default)]
pub(crate) struct DigitReader {
    mantissa: i128,
    scale: u32,
    /// A non-digit or an overflow was seen: there is no value.
    bad: bool,
}

impl DigitReader {
    pub(crate) fn int(&mut self, digits: &[u8]) {
        self.feed(digits);
    }

    pub(crate) fn frac(&mut self, digits: &[u8]) {
        self.feed(digits);
        self.scale += digits.len() as u32;
    }

    fn feed(&mut self, digits: &[u8]) {
        // Below this, a digit more can neither overflow nor pass LIMIT: the
        // checked i128 arithmetic (a library call) is left to long numbers.
        const SMALL: i128 = 1_000_000_000_000_000_000;
        for &b in digits {
            if b.is_ascii_digit() && !self.bad && (0..SMALL).contains(&self.mantissa) {
                self.mantissa = self.mantissa * 10 + (b - b'0') as i128;
                continue;
            }
            let next = if b.is_ascii_digit() { self.mantissa.checked_mul(10).and_then(|m| m.checked_add((b - b'0') as i128)) } else { None };
            match next {
                Some(m) if m <= LIMIT && !self.bad => self.mantissa = m,
                _ => {
                    self.bad = true;
                    return;
                }
            }
        }
    }

    pub(crate) fn finish(self) -> Option<Decimal> {
        (!self.bad).then(|| Decimal::new(self.mantissa, self.scale))
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match Decimal::aligned(*self, *other) {
            Some((a, b, _)) => a.cmp(&b),
            None => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let padded = if digits.len() <= scale {
            format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

impl Serialize for Decimal {
    /// Whole numbers are written as JSON integers, others as the shortest
    /// float that reads back to the same decimal.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.to_i64() {
            Some(n) => s.serialize_i64(n),
            None => s.serialize_f64(self.to_f64()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wan_applied_exactly() {
        let v = Decimal::parse("40764.57").unwrap().shifted(4).unwrap();
        assert_eq!(v.to_i64(), Some(407_645_700));
        assert_eq!(v.to_string(), "407645700");
    }

    #[test]
    fn display_of_fractions() {
        assert_eq!(Decimal::parse("0.05").unwrap().to_string(), "0.05");
        assert_eq!(Decimal::parse("96.80").unwrap().to_string(), "96.8");
        assert_eq!(Decimal::new(-15, 1).to_string(), "-1.5");
    }

    #[test]
    fn arithmetic() {
        let a = Decimal::parse("1.5").unwrap();
        let b = Decimal::parse("0.25").unwrap();
        assert_eq!(a.checked_add(b).unwrap().to_string(), "1.75");
        assert_eq!(a.checked_mul(b).unwrap().to_string(), "0.375");
        assert!(a > b);
        assert_eq!(Decimal::parse("1.8").unwrap().shifted(8).unwrap().to_i64(), Some(180_000_000));
    }

    #[test]
    fn digits_read_in_pieces_equal_parse() {
        let mut r = DigitReader::default();
        r.int(b"1");
        r.int(b"234");
        r.frac(b"50");
        assert_eq!(r.finish(), Decimal::parse("1234.50"));
        let mut r = DigitReader::default();
        r.int("9".repeat(40).as_bytes());
        assert_eq!(r.finish(), None);
    }

    #[test]
    fn products_as_checked_mul() {
        let factors = [0, 1, -1, 7, -10, i64::MAX as i128, i64::MIN as i128, i64::MAX as i128 + 1, LIMIT, -LIMIT, i128::MAX, i128::MIN, 1 << 100];
        for a in factors {
            for b in factors {
                assert_eq!(product(a, b), a.checked_mul(b), "{a} * {b}");
            }
        }
    }

    #[test]
    fn powers_of_ten_as_checked_pow() {
        for k in 0..80 {
            assert_eq!(power_of_ten(k), 10i128.checked_pow(k), "{k}");
        }
    }

    #[test]
    fn rejects_garbage_and_overflow() {
        assert!(Decimal::parse("1a").is_none());
        assert!(Decimal::parse(".").is_none());
        assert!(Decimal::parse(&"9".repeat(60)).is_none());
    }
}
