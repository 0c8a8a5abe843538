//! ISO 3166-1 alpha-2: the officially assigned country codes (249), the vocabulary of the
//! request's jurisdiction keys (`data.persons`, `organisation.established_in`,
//! `docs/breach.md` "Jurisdiction vocabulary").
//!
//! Source: the ISO 3166 Maintenance Agency's list of officially assigned alpha-2 codes
//! (ISO Online Browsing Platform, <https://www.iso.org/obp/ui/#search/code/>), as of 2024:
//! no user-assigned (`XK`, `AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`), exceptionally reserved (`EU`,
//! `UK`, …) or transitionally reserved code. The request's own pseudo-codes (`unknown`, and
//! the legacy regime keys `EU`, `EEA`, `UK`) are checked beside it.
//!
//! A code that passes the syntax (`A-Z`, `0-9`, `-`) but is no country — `XX`, `JPN` — would
//! otherwise be counted by no rule without a word (issue 27 item 6): it is refused, naming the
//! field and the value.

use crate::error::{Error, Result};

/// The officially assigned ISO 3166-1 alpha-2 codes, sorted (binary search).
pub(crate) const ALPHA2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// The legacy regime keys the request format still accepts (`docs/breach.md`): `EU`, `EEA`
/// (EU/EEA residents) and `UK` (= `GB`).
pub(crate) const LEGACY_KEYS: [&str; 3] = ["EEA", "EU", "UK"];

/// An officially assigned ISO 3166-1 alpha-2 code.
pub(crate) fn is_alpha2(code: &str) -> bool {
    ALPHA2.binary_search(&code).is_ok()
}

/// A jurisdiction code of the request: an ISO 3166-1 alpha-2 code (`JP`), one followed by an
/// ISO 3166-2 subdivision part of 1–3 letters or digits (`US-CA`, `JP-13`, `GB-ENG`), or a
/// legacy regime key (`EU`, `EEA`, `UK`).
pub(crate) fn is_jurisdiction_code(code: &str) -> bool {
    if LEGACY_KEYS.contains(&code) {
        return true;
    }
    match code.split_once('-') {
        None => is_alpha2(code),
        Some((country, sub)) => {
            is_alpha2(country)
                && (1..=3).contains(&sub.len())
                && sub
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }
    }
}

/// [`Error::InvalidInput`] at `field` unless `code` is a jurisdiction code
/// ([`is_jurisdiction_code`]); the message quotes the value.
pub(crate) fn check_jurisdiction(field: &str, code: &str, unknown_allowed: bool) -> Result<()> {
    if is_jurisdiction_code(code) || (unknown_allowed && code == super::predicate::UNKNOWN_KEY) {
        return Ok(());
    }
    let unknown = if unknown_allowed {
        ", or `unknown` for persons whose jurisdiction is not known"
    } else {
        ""
    };
    Err(Error::invalid(
        field,
        format!(
            "`{code}` is not a jurisdiction code: expected an ISO 3166-1 alpha-2 country code \
             (`JP`, `DE`, `ZA`), one with an ISO 3166-2 subdivision (`US-CA`, `JP-13`), or a \
             legacy regime key (`EU`, `EEA`, `UK`){unknown}; a code no country has would be \
             counted by no rule"
        ),
    ))
}

/// Every entry of `organisation.established_in` and every key of `data.persons` is a
/// jurisdiction code (persons also `unknown`); the error names the field and the value.
pub(crate) fn check_request_codes(req: &super::AssessRequest) -> Result<()> {
    // The field's name is only formatted for an error (valid codes are the common case: every
    // request is checked, twice on the JSON path).
    for (i, c) in req.organisation.established_in.iter().enumerate() {
        if !is_jurisdiction_code(c) {
            check_jurisdiction(&format!("organisation.established_in[{i}]"), c, false)?;
        }
    }
    for k in req.data.persons.keys() {
        if is_jurisdiction_code(k) || k == super::predicate::UNKNOWN_KEY {
            continue;
        }
        let field = if k.is_empty() {
            "data.persons".to_string()
        } else {
            format!("data.persons.{k}")
        };
        check_jurisdiction(&field, k, true)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_unique_and_two_upper_case_letters() {
        assert!(ALPHA2.windows(2).all(|w| w[0] < w[1]));
        assert!(
            ALPHA2
                .iter()
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
        assert!(LEGACY_KEYS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn codes() {
        for ok in [
            "JP", "ZA", "US-CA", "JP-13", "GB-ENG", "CA-QC", "EU", "EEA", "UK",
        ] {
            assert!(is_jurisdiction_code(ok), "{ok}");
        }
        for bad in [
            "XX", "JPN", "XK", "ZZ", "US-", "US-CALI", "XX-CA", "jp", "", "-", "US-C-A",
        ] {
            assert!(!is_jurisdiction_code(bad), "{bad}");
        }
        assert!(check_jurisdiction("data.persons.unknown", "unknown", true).is_ok());
        let e = check_jurisdiction("organisation.established_in[0]", "unknown", false)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("established_in[0]") && e.contains("`unknown`"),
            "{e}"
        );
    }
}
