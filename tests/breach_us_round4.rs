//! Issue 26, item 3, fourth reading (Texas, Vermont, South Dakota, and North Dakota's vendor
//! clause): what the statute texts read this round changed. Each expectation is written from the
//! text (section and words in the comment), not from `rules/tools/us_states.py`.

mod breach_common;

use breach_common::*;
use mamori::breach::Verification;
use serde_json::{Value, json};

/// `n` residents of `code` with data of `cats`, discovered 2026-07-01.
fn case(code: &str, n: Value, cats: &[&str]) -> Value {
    let mut v = base();
    for (path, value) in [
        ("organisation.established_in", json!(["US"])),
        ("data.persons", json!({ format!("US-{code}"): n })),
        ("data.categories", json!(cats)),
        ("incident.aware_at", json!("2026-07-01T10:00:00-04:00")),
    ] {
        set(&mut v, path, value);
    }
    v
}

fn processor(v: Value) -> Value {
    with(v, "organisation.role", json!("processor"))
}

fn verification(id: &str) -> Verification {
    let a = assess(&processor(case(
        &id[3..5].to_uppercase(),
        json!(1000),
        &["government_id"],
    )));
    ob(&a, id).verification
}

#[test]
fn rules_read_this_round_are_confirmed_and_the_rest_stay_unverified() {
    for id in [
        "us-tx.attorney_general",
        "us-vt.residents",
        "us-vt.owner",
        "us-sd.residents",
        "us-sd.attorney_general",
        "us-nd.owner",
        "us-ny.attorney_general",
        "us-ny.owner",
        "us-ms.residents",
        "us-mn.owner",
        "us-nj.owner",
    ] {
        assert_eq!(verification(id), Verification::Confirmed, "{id}");
    }
    // South Dakota has no vendor clause. (Texas §521.053(c) and Mississippi's (4) were read in
    // round 6b: tests/breach_us_round6b.rs; Vermont §2435(b)(3)(B)'s 14 business days in the
    // state code in round 6d: tests/breach_us_codes.rs.)
    assert_eq!(verification("us-sd.owner"), Verification::Unverified);
}

#[test]
fn texas_attorney_general_binds_whoever_must_provide_notification_processors_included() {
    // Tex. Bus. & Com. Code §521.053(i) (S.B. 768): "A person who is required to disclose or
    // provide notification of a breach of system security under this section shall notify the
    // attorney general ... not later than the 30th day ... if the breach involves at least 250
    // residents of this state". A processor must provide notification to the owner under (c).
    let a = assess(&processor(case("TX", json!(250), &["government_id"])));
    assert_eq!(status(&a, "us-tx.attorney_general"), Required);
    assert_eq!(
        deadline(&a, "us-tx.attorney_general"),
        "2026-07-31T23:59:59-05:00"
    );
    assert_eq!(status(&a, "us-tx.owner"), Required);
    assert_eq!(status(&a, "us-tx.residents"), NotRequired);
    let a = assess(&processor(case("TX", json!(249), &["government_id"])));
    assert_eq!(status(&a, "us-tx.attorney_general"), NotRequired);
}

#[test]
fn vermont_regulator_notice_is_asked_of_every_data_collector() {
    // 9 V.S.A. §2435(b)(3): "A data collector or other entity subject to this subchapter shall
    // provide notice of a breach to the Attorney General or to the Department of Financial
    // Regulation"; (b)(2): a data collector that maintains data it does not own "shall notify
    // the owner or licensee ... immediately following discovery".
    let a = assess(&processor(case("VT", json!(1), &["credentials"])));
    assert_eq!(status(&a, "us-vt.attorney_general"), Required);
    assert_eq!(status(&a, "us-vt.owner"), Required);
    assert_eq!(status(&a, "us-vt.residents"), NotRequired);
    // (b)(1): the owner's notice to consumers "not later than 45 days after the discovery".
    let a = assess(&case("VT", json!(1), &["credentials"]));
    assert_eq!(deadline(&a, "us-vt.residents"), "2026-08-15T23:59:59-04:00");
}

#[test]
fn south_dakota_counts_health_insurance_and_the_attorney_general_above_250() {
    // S.D. Codified Laws §22-40-19(4)(d): "Health information as defined in 45 CFR 160.103",
    // which covers payment for health care.
    let a = assess(&case("SD", json!(10), &["health_insurance"]));
    assert_eq!(status(&a, "us-sd.residents"), Required);
    // §22-40-20: "any breach of system security that exceeds two hundred fifty residents".
    let a = assess(&case("SD", json!(250), &["government_id"]));
    assert_eq!(status(&a, "us-sd.attorney_general"), NotRequired);
    let a = assess(&case("SD", json!(251), &["government_id"]));
    assert_eq!(status(&a, "us-sd.attorney_general"), Required);
    // "not later than sixty days from the discovery or notification".
    assert_eq!(deadline(&a, "us-sd.residents"), "2026-08-30T23:59:59-05:00");
    // A head count straddling the threshold is undetermined, not "above" (issue 26).
    let a = assess(&case(
        "SD",
        json!({"min": 100, "max": 400}),
        &["government_id"],
    ));
    assert_eq!(status(&a, "us-sd.attorney_general"), Possible);
    let a = assess(&case(
        "TX",
        json!({"min": 100, "max": 400}),
        &["government_id"],
    ));
    assert_eq!(status(&a, "us-tx.attorney_general"), Possible);
}

#[test]
fn processor_notices_keep_the_encryption_safe_harbour() {
    // N.D. Cent. Code §51-30-03 and 9 V.S.A. §2435(b)(2) oblige the processor for a breach of
    // the data's security, which (§51-30-01, §2430) excludes data secured by encryption.
    // Every processor-to-owner rule of this round's jurisdictions keeps it (Wyoming alone has no
    // encryption safe harbour: §40-12-501, tests/breach_us_law_ne_wy.rs).
    for code in [
        "ND", "VT", "SD", "TX", "NY", "ME", "MI", "MO", "MS", "MT", "OK", "UT", "WA", "AK", "GU",
        "KY", "MN", "NJ", "NM", "OH", "PA", "RI", "TN", "VI", "WI",
    ] {
        let v = with(
            processor(case(code, json!(1000), &["government_id"])),
            "data.protection",
            json!({"algorithm": "AES-256-GCM", "key_separated": true, "remote_wipe": false}),
        );
        let a = assess(&v);
        let id = format!("us-{}.owner", code.to_lowercase());
        assert_eq!(status(&a, &id), NotRequired, "{id}");
    }
}

#[test]
fn mississippi_binds_whoever_owns_licenses_or_maintains_the_data() {
    // Miss. Code §75-24-29(1): "This section applies to any person who ... owns, licenses or
    // maintains personal information of any resident of this state"; (3) puts the disclosure
    // to affected individuals on such a person: a processor notifies the residents too.
    let a = assess(&processor(case("MS", json!(3), &["payment_card"])));
    assert_eq!(status(&a, "us-ms.residents"), Required);
    assert_eq!(status(&a, "us-ms.owner"), Required);
    assert_eq!(
        ob(&a, "us-ms.residents").due,
        mamori::breach::Due::WithoutUndueDelay
    );
}

#[test]
fn new_york_attorney_general_notice_states_the_side_duties() {
    // N.Y. Gen. Bus. Law §899-aa(8)(a): "In the event that any New York residents are to be
    // notified" — any number; the owner notifies (a processor tells the owner under (3)).
    let a = assess(&case("NY", json!(1), &["biometric"]));
    assert_eq!(status(&a, "us-ny.attorney_general"), Required);
    let a = assess(&processor(case("NY", json!(1), &["biometric"])));
    assert_eq!(status(&a, "us-ny.attorney_general"), NotRequired);
    assert_eq!(status(&a, "us-ny.owner"), Required);
    // (2)(a): the written no-notice determination to the AG within 10 days above 500 residents;
    // (9): a HIPAA covered entity tells the AG within five business days of notifying HHS.
    let pack: Value = serde_json::from_str(mamori::breach::DEFAULT_PACK_JSON).unwrap();
    let notes = pack["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == "us-ny.attorney_general")
        .map(|r| r["notes"].to_string())
        .collect::<String>();
    assert!(notes.contains("within 10 days"), "{notes}");
    assert!(notes.contains("five business days"), "{notes}");
}

#[test]
fn attorney_general_head_counts_straddling_the_threshold_are_possible() {
    // Issue 26: a range of residents across a regulator's threshold is undetermined, not "above"
    // (every threshold here is read by its bounds). MO §407.1500.2(8) more than 1,000; WA RCW
    // 19.255.010 more than 500; OK SB 626 500 or more; UT §13-44-202 500 or more.
    for (code, min, max, id) in [
        ("MO", 900, 1100, "us-mo.attorney_general"),
        ("WA", 400, 600, "us-wa.attorney_general"),
        ("OK", 400, 600, "us-ok.attorney_general"),
        ("UT", 400, 600, "us-ut.attorney_general"),
        ("SD", 200, 300, "us-sd.attorney_general"),
        ("TX", 200, 300, "us-tx.attorney_general"),
    ] {
        let straddling = json!({"min": min, "max": max});
        let a = assess(&case(code, straddling, &["government_id"]));
        assert_eq!(status(&a, id), Possible, "{id}");
        let above = json!({"min": max, "max": max + 10});
        assert_eq!(
            status(&assess(&case(code, above, &["government_id"])), id),
            Required,
            "{id}"
        );
        let below = json!({"min": 1, "max": min});
        let a = assess(&case(code, below, &["government_id"]));
        assert_eq!(status(&a, id), NotRequired, "{id}");
    }
}
