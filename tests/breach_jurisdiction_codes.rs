//! Issue 27 item 6: a jurisdiction code no country has (`XX`, `JPN`) in
//! `organisation.established_in` or as a key of `data.persons` used to pass the syntax check
//! and be counted by no rule, silently (under-report). It is refused with an error naming the
//! field and the value; ISO 3166-1 alpha-2 codes, ISO 3166-2 subdivisions, the legacy regime
//! keys and `unknown` still pass.

use std::ffi::{CStr, CString};
use std::ptr;

use mamori::ErrorCode;
use mamori::breach::{assess, parse_request};

fn request(established_in: &str, persons: &str) -> String {
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/requests/lost_phone_1200.json"),
    )
    .unwrap();
    base.replace(
        r#""established_in": ["JP"]"#,
        &format!(r#""established_in": {established_in}"#),
    )
    .replace(
        r#""persons": {"JP": 1200}"#,
        &format!(r#""persons": {persons}"#),
    )
}

fn refused(json: &str, field: &str, value: &str) {
    let e = parse_request(json).expect_err(json);
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
    let m = e.to_string();
    assert!(m.contains(field), "{m:?} lacks the field {field:?}");
    assert!(
        m.contains(&format!("`{value}`")),
        "{m:?} lacks the value {value:?}"
    );
}

#[test]
fn codes_no_country_has_are_refused_naming_field_and_value() {
    refused(
        &request(r#"["XX"]"#, r#"{"JP": 1200}"#),
        "organisation.established_in[0]",
        "XX",
    );
    refused(
        &request(r#"["JP", "JPN"]"#, r#"{"JP": 1200}"#),
        "organisation.established_in[1]",
        "JPN",
    );
    refused(
        &request(r#"["JP"]"#, r#"{"JP": 1200, "JPN": 5}"#),
        "data.persons.JPN",
        "JPN",
    );
    refused(
        &request(r#"["JP"]"#, r#"{"XX": 5}"#),
        "data.persons.XX",
        "XX",
    );
    refused(
        &request(r#"["JP"]"#, r#"{"XX-CA": 5}"#),
        "data.persons.XX-CA",
        "XX-CA",
    );
    // `unknown` is a person key, not an establishment.
    refused(
        &request(r#"["unknown"]"#, r#"{"JP": 1200}"#),
        "organisation.established_in[0]",
        "unknown",
    );
}

#[test]
fn iso_codes_subdivisions_legacy_keys_and_unknown_pass() {
    let json = request(
        r#"["JP", "EU", "UK", "EEA", "US-CA", "GB"]"#,
        r#"{"JP": 1200, "ZA": 3, "US-CA": 2, "JP-13": 1, "GB-ENG": 1, "EU": 1, "unknown": null}"#,
    );
    let req = parse_request(&json).unwrap();
    assess(&req).unwrap();
}

#[test]
fn mamori_assess_refuses_an_unknown_code() {
    let json = CString::new(request(r#"["JP"]"#, r#"{"JP": 1200, "JPN": 5}"#)).unwrap();
    let mut out = ptr::null_mut();
    let r = unsafe { mamori::ffi::mamori_assess(json.as_ptr(), &mut out) };
    assert_eq!(r, mamori::ffi::mamori_result::MAMORI_INVALID_INPUT);
    assert!(out.is_null());
    let m = unsafe { CStr::from_ptr(mamori::ffi::mamori_last_error_message()) }
        .to_string_lossy()
        .into_owned();
    assert!(m.contains("data.persons.JPN") && m.contains("`JPN`"), "{m}");
}

/// A valid code no rule of the pack covers (`ZA`): with a California business the answer used
/// to be "nothing to report" with no word about the 500 persons in South Africa.
#[test]
fn persons_under_a_code_no_rule_covers_are_named_not_dropped() {
    let json = request(r#"["US-CA"]"#, r#"{"ZA": 500, "US-CA": 0, "unknown": 0}"#);
    let a = assess(&parse_request(&json).unwrap()).unwrap();
    assert!(a.obligations.is_empty(), "{:?}", a.obligations);
    assert_eq!(a.uncovered.len(), 1, "{:?}", a.uncovered);
    let u = &a.uncovered[0];
    assert_eq!(u.jurisdiction, "ZA");
    assert_eq!(u.persons, Some(mamori::breach::Count::exact(500)));
    for n in ["data.persons.ZA", "500", "not assessed"] {
        assert!(u.note.contains(n), "{:?} lacks {n:?}", u.note);
    }
    // The JSON answer (the C ABI's fast path) says the same, byte for byte as the typed one.
    let j = mamori::breach::assess_json(&json).unwrap();
    assert_eq!(j, serde_json::to_string(&a).unwrap());
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    assert_eq!(v["uncovered"][0]["jurisdiction"], "ZA");
    // In Japanese, and with a range or an unknown count.
    let ja = json.replacen('{', r#"{"lang": "ja", "#, 1).replace(
        r#""ZA": 500"#,
        r#""ZA": {"min": 10, "max": 20}, "BR-SP": null, "NG": 3"#,
    );
    let a = assess(&parse_request(&ja).unwrap()).unwrap();
    let keys: Vec<_> = a
        .uncovered
        .iter()
        .map(|u| u.jurisdiction.as_str())
        .collect();
    assert_eq!(
        keys,
        ["NG", "ZA"],
        "BR-SP is under BR, which the pack covers"
    );
    assert!(
        a.uncovered[1].note.contains("10–20人"),
        "{}",
        a.uncovered[1].note
    );
    assert!(
        a.uncovered[1].note.contains("判定していません"),
        "{}",
        a.uncovered[1].note
    );
}

#[test]
fn covered_codes_and_zero_counts_are_not_listed() {
    let json = request(
        r#"["JP"]"#,
        r#"{"JP": 1200, "US": 3, "GB": 2, "DE-BY": 1, "JP-13": 1, "EU": 1, "unknown": null, "ZA": 0}"#,
    );
    let a = assess(&parse_request(&json).unwrap()).unwrap();
    assert!(a.uncovered.is_empty(), "{:?}", a.uncovered);
    let v: serde_json::Value =
        serde_json::from_str(&mamori::breach::assess_json(&json).unwrap()).unwrap();
    assert!(v.get("uncovered").is_none(), "absent when empty");
}
