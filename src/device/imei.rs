//! IMEI numbers, validated by their Luhn check digit.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Error, Result};

/// A 15-digit IMEI whose last digit is the Luhn check digit of the first 14 (3GPP TS 23.003).
///
/// Serialised as a string of 15 digits. Parsing accepts spaces and hyphens between digit groups
/// (as printed on boxes and SIM trays: `49-015420-323751-8`) and stores the digits only.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Imei(String);

impl Imei {
    /// Parse and validate an IMEI. Errors name the problem (length, non-digit, check digit)
    /// without echoing the number.
    pub fn parse(input: &str) -> Result<Self> {
        let mut digits = String::with_capacity(15);
        for c in input.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' => {}
                _ => {
                    return Err(Error::invalid(
                        "imei",
                        "an IMEI may contain only digits, spaces and hyphens",
                    ));
                }
            }
        }
        if digits.len() != 15 {
            return Err(Error::invalid(
                "imei",
                format!("an IMEI has 15 digits, found {}", digits.len()),
            ));
        }
        let body = &digits.as_bytes()[..14];
        let expected = luhn_check_digit(body);
        let found = digits.as_bytes()[14] - b'0';
        if expected != found {
            return Err(Error::invalid(
                "imei",
                "check digit does not match (Luhn); the number is mistyped",
            ));
        }
        Ok(Imei(digits))
    }

    /// The 15 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Type Allocation Code (first 8 digits: identifies the maker and model).
    pub fn tac(&self) -> &str {
        &self.0[..8]
    }
}

/// The Luhn check digit for a run of ASCII digits (the digit that makes the whole number
/// pass the Luhn test). Non-digit bytes are treated as 0; callers pass digits only.
pub fn luhn_check_digit(digits: &[u8]) -> u8 {
    // Double every second digit counting from the rightmost digit of the body.
    let mut sum: u32 = 0;
    for (i, b) in digits.iter().rev().enumerate() {
        let d = u32::from(b.wrapping_sub(b'0') % 10);
        let v = if i % 2 == 0 {
            let x = d * 2;
            if x > 9 { x - 9 } else { x }
        } else {
            d
        };
        sum += v;
    }
    ((10 - (sum % 10)) % 10) as u8
}

impl fmt::Debug for Imei {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Imei({})", self.0)
    }
}

impl fmt::Display for Imei {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Imei {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Imei::parse(s)
    }
}

impl<'de> Deserialize<'de> for Imei {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Imei::parse(&s).map_err(serde::de::Error::custom)
    }
}
