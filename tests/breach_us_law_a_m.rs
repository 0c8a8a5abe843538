//! Issue 26, item 3 for the A–M jurisdictions read in round 4 (CA, FL, IL, MA, IN, DC, ...):
//! which rules were confirmed from their text and what the reading changed. Each expectation is
//! written from the text (section named in the comment), not from `rules/tools/us_states.py`.

mod breach_common;

use breach_common::*;
use mamori::breach::Due;
use serde_json::Value;

/// Every version of rule `id` in the default pack.
fn versions(id: &str) -> Vec<Value> {
    let p: Value = serde_json::from_str(mamori::breach::DEFAULT_PACK_JSON).unwrap();
    let out: Vec<Value> = p["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == id)
        .cloned()
        .collect();
    assert!(!out.is_empty(), "no rule {id}");
    out
}

#[test]
fn confirmed_rules_name_the_text_they_were_read_in() {
    // Read: Cal. Civ. Code §1798.82(a) before and after SB 446, (b), (f) before and after SB 446;
    // Fla. Stat. §501.171(1), (4)(a), (6)(a); 815 ILCS 530/5, 530/10(a), (b), (e); Mass. Gen.
    // Laws ch. 93H §1, §3(a)-(b); Ind. Code §24-4.9-2-10, §24-4.9-3-1 to -3; D.C. Code §28-3851
    // and §28-3852(a); Conn. Gen. Stat. §36a-701b(a)-(c); La. R.S. 51:3074(C)-(E).
    let confirmed = [
        "us-ca.residents",
        "us-ca.attorney_general",
        "us-ca.owner",
        "us-fl.residents",
        "us-fl.attorney_general",
        "us-fl.owner",
        "us-il.residents",
        "us-il.attorney_general",
        "us-il.owner",
        "us-ma.residents",
        "us-ma.attorney_general",
        "us-ma.owner",
        "us-in.residents",
        "us-in.attorney_general",
        "us-in.owner",
        "us-dc.residents",
        "us-ct.residents",
        "us-ct.attorney_general",
        "us-ct.owner",
        "us-la.residents",
        "us-la.attorney_general",
        "us-md.residents",
        "us-id.residents",
    ];
    for id in confirmed {
        for r in versions(id) {
            assert_eq!(r["verification"], "confirmed", "{id}");
            let basis = r["basis"].as_str().unwrap();
            assert!(
                basis.contains("read") || basis.contains("quoted"),
                "{id}: basis names no text: {basis}"
            );
        }
    }
    // Not reached in the text: Idaho's vendor clause and Hawaii's §487N-2(f). The residents'
    // rules of Colorado and Arizona were confirmed in the fifth reading
    // (tests/breach_us_round5.rs); D.C.'s §28-3852(b) and (b-1), Louisiana's §51:3074(D),
    // Maryland's §14-3504(c) and (h), Iowa's §715C.2(8) and Delaware's §12B-102(d) in round 5b
    // (tests/breach_us_round5b.rs); Colorado's §6-1-716(2)(f) and Arizona's §18-552(B) as
    // amended by HB 2146 in round 6a (tests/breach_us_round6a.rs).
    // (Idaho's vendor clause was read in the Idaho Code in round 6d: tests/breach_us_codes.rs.)
    for r in versions("us-hi.regulator") {
        assert_eq!(r["verification"], "unverified");
    }
}

#[test]
fn indiana_counts_age_verification_data() {
    // Ind. Code §24-4.9-2-10(3) (P.L.98-2024): personal information includes "information
    // collected by an adult oriented website operator, or their designee, under IC 24-4-23" — no
    // mamori category, so `other` triggers the notices.
    let a = assess(&us_case("IN", 10, &["other"]));
    assert_eq!(status(&a, "us-in.residents"), Required);
    assert_eq!(status(&a, "us-in.attorney_general"), Required);
    // Contact details alone still do not.
    let a = assess(&us_case("IN", 10, &["contact"]));
    assert_eq!(status(&a, "us-in.residents"), NotRequired);
}

#[test]
fn indiana_vendor_tells_the_owner_within_45_days() {
    // Ind. Code §24-4.9-3-2: a person that maintains data but is not the data base owner "shall
    // notify the data base owner"; §24-4.9-3-3(a): every "disclosure or notification under this
    // chapter" is due "without unreasonable delay, but not more than forty-five (45) days after
    // the discovery of the breach".
    let a = assess(&as_processor(us_case("IN", 10, &["government_id"])));
    assert_eq!(status(&a, "us-in.owner"), Required);
    assert!(matches!(ob(&a, "us-in.owner").due, Due::Deadline { .. }));
    assert_eq!(deadline(&a, "us-in.owner"), "2026-08-15T23:59:59-04:00");
    // The owner itself: residents and the Attorney General within the same 45 days (§24-4.9-3-1(c)).
    let a = assess(&us_case("IN", 10, &["government_id"]));
    assert_eq!(
        deadline(&a, "us-in.attorney_general"),
        "2026-08-15T23:59:59-04:00"
    );
}

#[test]
fn massachusetts_counts_account_numbers_without_a_code_and_tells_every_breach() {
    // Mass. Gen. Laws ch. 93H §1: "financial account number, or credit or debit card number,
    // with or without any required security code"; §3(b): notice "to the attorney general, the
    // director of consumer affairs and business regulation and to such resident", whatever the
    // number.
    // §3(a): a person that maintains data it does not own notifies the owner, not the residents.
    let owner = assess(&us_case("MA", 1, &["payment_card"]));
    let vendor = assess(&as_processor(us_case("MA", 1, &["payment_card"])));
    assert_eq!(
        [
            status(&owner, "us-ma.residents"),
            status(&owner, "us-ma.attorney_general"),
            status(&vendor, "us-ma.residents"),
            status(&vendor, "us-ma.owner"),
        ],
        [Required, Required, NotRequired, Required]
    );
}

#[test]
fn illinois_attorney_general_above_500_residents() {
    // 815 ILCS 530/10(e): "more than 500 Illinois residents as a result of a single breach".
    let a = assess(&us_case("IL", 500, &["biometric"]));
    assert_eq!(status(&a, "us-il.residents"), Required);
    assert_eq!(status(&a, "us-il.attorney_general"), NotRequired);
    let a = assess(&us_case("IL", 501, &["biometric"]));
    assert_eq!(status(&a, "us-il.attorney_general"), Required);
    assert!(matches!(
        ob(&a, "us-il.attorney_general").due,
        Due::WithoutUndueDelay
    ));
}

#[test]
fn connecticut_counts_precise_geolocation() {
    // 2023 SB 1058 (in force 2023-10-01) adds precise geolocation data to §36a-701b's personal
    // information — no mamori category, so `other` triggers the notices.
    let a = assess(&us_case("CT", 3, &["other"]));
    assert_eq!(status(&a, "us-ct.residents"), Required);
    assert_eq!(status(&a, "us-ct.attorney_general"), Required);
    // §36a-701b(b)(1): at most 60 days after discovery; (b)(2) the Attorney General no later.
    assert_eq!(deadline(&a, "us-ct.residents"), "2026-08-30T23:59:59-04:00");
    assert_eq!(
        deadline(&a, "us-ct.attorney_general"),
        "2026-08-30T23:59:59-04:00"
    );
}
