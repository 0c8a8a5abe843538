//! Issue 13 "Add": every US state, DC, Puerto Rico, Guam and the US Virgin Islands, plus the
//! federal FTC Safeguards Rule, SEC Form 8-K Item 1.05 and NYDFS 500.17.
//!
//! The expectations here are written by hand from the statutes (not re-read from
//! `rules/tools/us_states.py`), so a slip in the generator's table shows up as a failure.

mod breach_common;

#[path = "support/requires.rs"]
mod requires;

use breach_common::*;
use mamori::breach::{self, Due, Recipient};
use serde_json::{Value, json};

/// Every jurisdiction with its capital's IANA zone, the UTC offset in July, and the residents'
/// deadline in calendar days after discovery (`None` = without unreasonable delay).
const JURISDICTIONS: &[(&str, &str, &str, Option<i64>)] = &[
    ("AL", "America/Chicago", "-05:00", Some(45)),
    ("AK", "America/Juneau", "-08:00", None),
    ("AZ", "America/Phoenix", "-07:00", Some(45)),
    ("AR", "America/Chicago", "-05:00", None),
    ("CA", "America/Los_Angeles", "-07:00", Some(30)),
    ("CO", "America/Denver", "-06:00", Some(30)),
    ("CT", "America/New_York", "-04:00", Some(60)),
    ("DE", "America/New_York", "-04:00", Some(60)),
    ("FL", "America/New_York", "-04:00", Some(30)),
    ("GA", "America/New_York", "-04:00", None),
    ("HI", "Pacific/Honolulu", "-10:00", None),
    ("ID", "America/Boise", "-06:00", None),
    ("IL", "America/Chicago", "-05:00", None),
    ("IN", "America/Indiana/Indianapolis", "-04:00", Some(45)),
    ("IA", "America/Chicago", "-05:00", None),
    ("KS", "America/Chicago", "-05:00", None),
    ("KY", "America/New_York", "-04:00", None),
    ("LA", "America/Chicago", "-05:00", Some(60)),
    ("ME", "America/New_York", "-04:00", Some(30)),
    ("MD", "America/New_York", "-04:00", Some(45)),
    ("MA", "America/New_York", "-04:00", None),
    ("MI", "America/Detroit", "-04:00", None),
    ("MN", "America/Chicago", "-05:00", None),
    ("MS", "America/Chicago", "-05:00", None),
    ("MO", "America/Chicago", "-05:00", None),
    ("MT", "America/Denver", "-06:00", None),
    ("NE", "America/Chicago", "-05:00", None),
    ("NV", "America/Los_Angeles", "-07:00", None),
    ("NH", "America/New_York", "-04:00", None),
    ("NJ", "America/New_York", "-04:00", None),
    ("NM", "America/Denver", "-06:00", Some(45)),
    ("NY", "America/New_York", "-04:00", Some(30)),
    ("NC", "America/New_York", "-04:00", None),
    ("ND", "America/Chicago", "-05:00", None),
    ("OH", "America/New_York", "-04:00", Some(45)),
    ("OK", "America/Chicago", "-05:00", None),
    ("OR", "America/Los_Angeles", "-07:00", Some(45)),
    ("PA", "America/New_York", "-04:00", None),
    ("RI", "America/New_York", "-04:00", Some(45)),
    ("SC", "America/New_York", "-04:00", None),
    ("SD", "America/Chicago", "-05:00", Some(60)),
    ("TN", "America/Chicago", "-05:00", Some(45)),
    ("TX", "America/Chicago", "-05:00", Some(60)),
    ("UT", "America/Denver", "-06:00", None),
    ("VT", "America/New_York", "-04:00", Some(45)),
    ("VA", "America/New_York", "-04:00", None),
    ("WA", "America/Los_Angeles", "-07:00", Some(30)),
    ("WV", "America/New_York", "-04:00", None),
    ("WI", "America/Chicago", "-05:00", Some(45)),
    ("WY", "America/Denver", "-06:00", None),
    ("DC", "America/New_York", "-04:00", None),
    ("PR", "America/Puerto_Rico", "-04:00", None),
    ("GU", "Pacific/Guam", "+10:00", None),
    ("VI", "America/St_Thomas", "-04:00", None),
];

fn id(code: &str, duty: &str) -> String {
    format!("us-{}.{duty}", code.to_lowercase())
}

/// `n` residents of `code` with an SSN leaked, discovered at `aware` (RFC 3339).
fn case(code: &str, n: u64, aware: &str) -> Value {
    let v = with(base(), "data.persons", json!({ format!("US-{code}"): n }));
    let v = with(v, "data.categories", json!(["contact", "government_id"]));
    with(v, "incident.aware_at", json!(aware))
}

/// Typed and JSON answers agree.
fn both(v: &Value) -> mamori::breach::Assessment {
    let typed = assess(v);
    let json = breach::assess_json(&v.to_string()).unwrap();
    assert_eq!(json, serde_json::to_string(&typed).unwrap());
    typed
}

fn pack() -> Value {
    serde_json::from_str(breach::DEFAULT_PACK_JSON).unwrap()
}

#[test]
fn every_state_dc_and_territory_has_a_residents_rule_in_its_capitals_zone() {
    assert_eq!(JURISDICTIONS.len(), 50 + 4);
    let p = pack();
    let rules = p["rules"].as_array().unwrap();
    for (code, zone, _, _) in JURISDICTIONS {
        let want = id(code, "residents");
        let found: Vec<&Value> = rules.iter().filter(|r| r["id"] == want.as_str()).collect();
        assert!(!found.is_empty(), "no {want}");
        for r in found {
            assert_eq!(r["jurisdiction"], format!("US-{code}"), "{want}");
            assert_eq!(r["recipient"], "individuals", "{want}");
            assert_eq!(r["zone"], *zone, "{want}");
            assert_eq!(
                r["scope"]["fact"],
                format!("data.persons.US-{code}"),
                "{want}"
            );
            assert!(r["basis"].as_str().is_some_and(|b| b.len() > 10), "{want}");
            assert!(
                matches!(r["verification"].as_str(), Some("unverified" | "confirmed")),
                "{want}"
            );
        }
    }
}

#[test]
fn texts_of_the_new_us_rules_are_bilingual() {
    let p = pack();
    let text_keys = [
        "title",
        "scope_reason",
        "no_trigger_reason",
        "reason",
        "reason_unknown",
        "reason_false",
    ];
    fn walk(v: &Value, keys: &[&str], rule: &str, n: &mut usize) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if keys.contains(&k.as_str()) {
                        assert!(
                            x["en"].is_string() && x["ja"].is_string(),
                            "{rule}.{k} is not {{en, ja}}: {x}"
                        );
                        *n += 1;
                    } else if k == "notes" {
                        for note in x.as_array().unwrap() {
                            assert!(note["en"].is_string() && note["ja"].is_string(), "{rule}");
                        }
                    } else {
                        walk(x, keys, rule, n);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, keys, rule, n)),
            _ => {}
        }
    }
    let mut n = 0;
    for r in p["rules"].as_array().unwrap() {
        let rid = r["id"].as_str().unwrap();
        let hand = [
            "us-ca.",
            "us-ny.residents",
            "us-ny.attorney_general",
            "us-tx.",
        ];
        let ours = (rid.starts_with("us-") && !hand.iter().any(|h| rid.starts_with(h)))
            || rid.starts_with("us.ftc.")
            || rid.starts_with("us.sec.");
        if ours {
            walk(r, &text_keys, rid, &mut n);
        }
    }
    assert!(n > 500, "only {n} texts checked");
}

#[test]
fn a_worked_case_per_jurisdiction_gives_the_residents_deadline_in_the_local_zone() {
    // Discovered 1 July 2026, 12:00 UTC: still 1 July in every zone from Honolulu to Guam.
    for (code, _, july, days) in JURISDICTIONS {
        let a = both(&case(code, 10, "2026-07-01T12:00:00Z"));
        let rid = id(code, "residents");
        assert_eq!(status(&a, &rid), Required, "{rid}");
        assert_eq!(ob(&a, &rid).recipient, Recipient::Individuals, "{rid}");
        match days {
            Some(d) => {
                let date = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
                    + chrono::Duration::days(*d);
                assert_eq!(
                    deadline(&a, &rid),
                    format!("{date}T23:59:59{july}"),
                    "{rid}"
                );
            }
            None => assert_eq!(ob(&a, &rid).due, Due::WithoutUndueDelay, "{rid}"),
        }
    }
}

#[test]
fn deadlines_cross_daylight_saving_time() {
    // Discovered Mon 2 March 2026 in standard time; DST starts 8 March.
    let cases = [
        // (state, aware, rule, deadline)
        (
            "FL",
            "2026-03-02T10:00:00-05:00",
            "us-fl.residents",
            "2026-04-01T23:59:59-04:00",
        ),
        (
            "WA",
            "2026-03-02T10:00:00-08:00",
            "us-wa.residents",
            "2026-04-01T23:59:59-07:00",
        ),
        (
            "CO",
            "2026-03-02T10:00:00-07:00",
            "us-co.residents",
            "2026-04-01T23:59:59-06:00",
        ),
        (
            "DE",
            "2026-03-02T10:00:00-05:00",
            "us-de.residents",
            "2026-05-01T23:59:59-04:00",
        ),
        // Arizona keeps standard time all year.
        (
            "AZ",
            "2026-03-02T10:00:00-07:00",
            "us-az.residents",
            "2026-04-16T23:59:59-07:00",
        ),
        // Puerto Rico has no daylight saving either: DACO within 10 days.
        (
            "PR",
            "2026-03-02T10:00:00-04:00",
            "us-pr.regulator",
            "2026-03-12T23:59:59-04:00",
        ),
        // Back to standard time on 1 November 2026.
        (
            "ME",
            "2026-10-15T10:00:00-04:00",
            "us-me.residents",
            "2026-11-14T23:59:59-05:00",
        ),
    ];
    for (st, aware, rid, want) in cases {
        let a = both(&case(st, 600, aware));
        assert_eq!(status(&a, rid), Required, "{rid}");
        assert_eq!(deadline(&a, rid), want, "{rid}");
    }
    // A late-evening discovery in Honolulu is already the next day in UTC: the local date counts.
    let a = both(&case("HI", 2000, "2026-07-01T22:00:00-10:00"));
    assert_eq!(status(&a, "us-hi.regulator"), Required);
    assert_eq!(ob(&a, "us-hi.regulator").due, Due::WithoutUndueDelay);
}

#[test]
fn regulator_thresholds() {
    let aware = "2026-07-01T10:00:00-04:00";
    // (rule, largest count without the notice, smallest count with it, deadline for the latter)
    let cases: &[(&str, &str, u64, u64, Option<&str>)] = &[
        (
            "FL",
            "us-fl.attorney_general",
            499,
            500,
            Some("2026-07-31T23:59:59-04:00"),
        ),
        (
            "WA",
            "us-wa.attorney_general",
            500,
            501,
            Some("2026-07-31T23:59:59-07:00"),
        ),
        (
            "CO",
            "us-co.attorney_general",
            499,
            500,
            Some("2026-07-31T23:59:59-06:00"),
        ),
        (
            "DE",
            "us-de.attorney_general",
            500,
            501,
            Some("2026-08-30T23:59:59-04:00"),
        ),
        (
            "AZ",
            "us-az.attorney_general",
            1000,
            1001,
            Some("2026-08-15T23:59:59-07:00"),
        ),
        (
            "NM",
            "us-nm.attorney_general",
            1000,
            1001,
            Some("2026-08-15T23:59:59-06:00"),
        ),
        (
            "OR",
            "us-or.attorney_general",
            250,
            251,
            Some("2026-08-15T23:59:59-07:00"),
        ),
        ("ND", "us-nd.attorney_general", 250, 251, None),
        ("DC", "us-dc.attorney_general", 49, 50, None),
        ("IL", "us-il.attorney_general", 500, 501, None),
        ("SC", "us-sc.regulator", 1000, 1001, None),
        // HRS §487N-2(f) not read; the charts say "more than 1,000" or "1,000 or more": the
        // cautious reading counts 1,000 (round 6a, tests/breach_us_round6a.rs).
        ("HI", "us-hi.regulator", 999, 1000, None),
        ("PA", "us-pa.attorney_general", 500, 501, None),
    ];
    for (st, rid, below, at, dl) in cases {
        let a = both(&case(st, *below, aware));
        assert_eq!(status(&a, rid), NotRequired, "{rid} with {below}");
        let a = both(&case(st, *at, aware));
        assert_eq!(status(&a, rid), Required, "{rid} with {at}");
        assert_eq!(ob(&a, rid).recipient, Recipient::Regulator, "{rid}");
        match dl {
            Some(d) => assert_eq!(deadline(&a, rid), *d, "{rid}"),
            None => assert_eq!(ob(&a, rid).due, Due::WithoutUndueDelay, "{rid}"),
        }
    }
    // Any number: Connecticut, Indiana, Maryland, New Jersey (State Police), Vermont.
    for rid in [
        "us-ct.attorney_general",
        "us-in.attorney_general",
        "us-md.attorney_general",
        "us-nj.regulator",
        "us-vt.attorney_general",
    ] {
        let st = rid[3..5].to_uppercase();
        let a = both(&case(&st, 1, aware));
        assert_eq!(status(&a, rid), Required, "{rid}");
    }
    // Vermont's preliminary notice: 14 business days (Wed 1 Jul → Tue 21 Jul).
    let a = both(&case("VT", 1, aware));
    assert_eq!(
        deadline(&a, "us-vt.attorney_general"),
        "2026-07-21T23:59:59-04:00"
    );
    // States without a regulator notice have no such rule.
    let p = pack();
    for st in ["ga", "ky", "mi", "wy", "gu", "vi"] {
        assert!(
            !p["rules"].as_array().unwrap().iter().any(|r| {
                let i = r["id"].as_str().unwrap();
                i.starts_with(&format!("us-{st}.")) && r["recipient"] == "regulator"
            }),
            "{st}"
        );
    }
}

#[test]
fn new_duties_start_on_their_effective_dates() {
    // Oklahoma's AG notice (SB 626) from 2026-01-01; Pennsylvania's (Act 33) from 2024-09-26.
    let a = both(&case("OK", 600, "2025-12-30T10:00:00-06:00"));
    assert_eq!(status(&a, "us-ok.attorney_general"), NotRequired);
    assert_eq!(status(&a, "us-ok.residents"), Required);
    let a = both(&case("OK", 600, "2026-01-02T10:00:00-06:00"));
    assert_eq!(status(&a, "us-ok.attorney_general"), Required);
    // Issue 26: SB 626's AG notice is due "no more than 60 days after" the residents' notice,
    // which has no fixed period — a relative deadline with no latest date until that notice is
    // sent (was: 60 days from discovery, a reading the text does not support).
    assert!(matches!(
        &ob(&a, "us-ok.attorney_general").due,
        mamori::breach::Due::AfterObligation { obligation, days: 60, latest: None, .. }
            if obligation == "us-ok.residents"
    ));
    let a = both(&case("PA", 600, "2024-09-01T10:00:00-04:00"));
    assert_eq!(status(&a, "us-pa.attorney_general"), NotRequired);
    let a = both(&case("PA", 600, "2024-10-01T10:00:00-04:00"));
    assert_eq!(status(&a, "us-pa.attorney_general"), Required);
}

#[test]
fn names_and_phone_numbers_alone_never_trigger_a_state_notice() {
    for (code, ..) in JURISDICTIONS {
        let v = with(
            case(code, 5000, "2026-07-01T12:00:00Z"),
            "data.categories",
            json!(["contact"]),
        );
        let a = both(&v);
        for o in a
            .obligations
            .iter()
            .filter(|o| o.jurisdiction == format!("US-{code}"))
        {
            assert_eq!(o.status, NotRequired, "{} with contacts only", o.id);
        }
    }
}

#[test]
fn unknown_categories_are_possible_and_each_covered_element_is_required() {
    for (code, ..) in JURISDICTIONS {
        let v = with(
            case(code, 10, "2026-07-01T12:00:00Z"),
            "data.categories",
            json!(null),
        );
        let v = with(v, "data.sensitive", json!(null));
        let v = with(v, "data.financial_risk", json!(null));
        let a = both(&v);
        let rid = id(code, "residents");
        assert_eq!(status(&a, &rid), Possible, "{rid}");
        assert!(a.missing_facts.contains(&"data.categories".to_string()));
        // Payment card and account numbers are personal information everywhere.
        for c in ["payment_card", "financial_account", "government_id"] {
            let v = with(
                case(code, 10, "2026-07-01T12:00:00Z"),
                "data.categories",
                json!([c]),
            );
            assert_eq!(status(&both(&v), &rid), Required, "{rid} with {c}");
        }
    }
    // Medical data: California, Florida, Washington yes; Massachusetts, Georgia, Ohio no.
    let med = |st: &str| {
        let v = with(
            case(st, 10, "2026-07-01T12:00:00Z"),
            "data.categories",
            json!(["health"]),
        );
        status(&both(&v), &id(st, "residents"))
    };
    for st in ["CA", "FL", "WA", "IL", "OR", "MD", "DE", "TX", "NY"] {
        assert_eq!(med(st), Required, "{st}");
    }
    for st in ["MA", "GA", "OH", "MI", "KS", "GU"] {
        assert_eq!(med(st), NotRequired, "{st}");
    }
}

#[test]
fn encrypted_with_the_key_kept_separately_is_exempt_everywhere() {
    // Except Wyoming: §40-12-501(a) exempts only redacted data elements, not encrypted ones
    // (issue 26; tests/breach_us_law_ne_wy.rs).
    for (code, ..) in JURISDICTIONS.iter().filter(|j| j.0 != "WY") {
        let v = with(
            case(code, 5000, "2026-07-01T12:00:00Z"),
            "data.protection",
            json!({"algorithm": "AES-256-GCM", "key_separated": true, "remote_wipe": false}),
        );
        let a = both(&v);
        for o in a
            .obligations
            .iter()
            .filter(|o| o.jurisdiction == format!("US-{code}"))
        {
            assert_eq!(o.status, NotRequired, "{} encrypted", o.id);
        }
        // Key location unknown: undetermined, never not_required.
        let v = with(
            case(code, 5000, "2026-07-01T12:00:00Z"),
            "data.protection",
            json!({"algorithm": "AES-256-GCM", "key_separated": null, "remote_wipe": false}),
        );
        let a = both(&v);
        assert_eq!(status(&a, &id(code, "residents")), Possible, "{code}");
    }
}

#[test]
fn us_persons_of_unknown_state_make_every_state_rule_possible() {
    for persons in [
        json!({"US": 40}),
        json!({"unknown": null}),
        json!({"US": null}),
    ] {
        let v = with(base(), "data.persons", persons.clone());
        let v = with(v, "data.categories", json!(["payment_card"]));
        let a = both(&v);
        for (code, ..) in JURISDICTIONS {
            let rid = id(code, "residents");
            assert_eq!(status(&a, &rid), Possible, "{rid} with {persons}");
            assert_ne!(status(&a, &rid), NotRequired);
        }
        // Thresholds: 40 US persons of unknown state cannot exceed Florida's 500 ...
        if persons == json!({"US": 40}) {
            assert_eq!(status(&a, "us-fl.attorney_general"), NotRequired);
            // ... but may include a DC resident (50 or more? no: 40 < 50) and a CT resident (any).
            assert_eq!(status(&a, "us-dc.attorney_general"), NotRequired);
            assert_eq!(status(&a, "us-ct.attorney_general"), Possible);
        } else {
            assert_eq!(status(&a, "us-fl.attorney_general"), Possible);
        }
    }
    // Contacts only: nothing is possible even with persons of unknown state.
    let v = with(base(), "data.persons", json!({"US": 40}));
    let a = both(&with(v, "data.categories", json!(["contact"])));
    for (code, ..) in JURISDICTIONS {
        assert_eq!(status(&a, &id(code, "residents")), NotRequired, "{code}");
    }
}

#[test]
fn a_processor_notifies_the_owner_instead() {
    // Except where the statute binds whoever holds the data: Rhode Island §11-49.3-4(a)(1),
    // Puerto Rico §4052 (owner or custodian), Mississippi §75-24-29(1) ("owns, licenses or
    // maintains") — there the processor notifies the residents too (issue 26;
    // tests/breach_us_law_ne_wy.rs, tests/breach_us_round4.rs).
    for (code, ..) in JURISDICTIONS
        .iter()
        .filter(|j| !["RI", "PR", "MS"].contains(&j.0))
    {
        let v = with(
            case(code, 600, "2026-07-01T10:00:00-04:00"),
            "organisation.role",
            json!("processor"),
        );
        let a = both(&v);
        assert_eq!(status(&a, &id(code, "residents")), NotRequired, "{code}");
        let o = ob(&a, &id(code, "owner"));
        assert_eq!(o.status, Required, "{code}");
        assert_eq!(o.recipient, Recipient::Controller, "{code}");
    }
    // Florida: a third-party agent tells the covered entity within 10 days.
    let v = with(
        case("FL", 600, "2026-07-01T10:00:00-04:00"),
        "organisation.role",
        json!("processor"),
    );
    assert_eq!(
        deadline(&both(&v), "us-fl.owner"),
        "2026-07-11T23:59:59-04:00"
    );
    // Georgia: within 24 hours; Oregon: within 10 days; Texas: immediately.
    let proc_ = |st: &str| {
        both(&with(
            case(st, 600, "2026-07-01T10:00:00-04:00"),
            "organisation.role",
            json!("processor"),
        ))
    };
    assert_eq!(
        deadline(&proc_("GA"), "us-ga.owner"),
        "2026-07-02T10:00:00-04:00"
    );
    assert_eq!(
        deadline(&proc_("OR"), "us-or.owner"),
        "2026-07-11T23:59:59-07:00"
    );
    assert_eq!(ob(&proc_("TX"), "us-tx.owner").due, Due::WithoutUndueDelay);
}

#[test]
fn federal_rules_ask_nothing_of_organisations_that_declare_nothing() {
    let v = with(
        with(base(), "data.persons", json!({"US-CA": 900, "US": null})),
        "data.categories",
        json!(["payment_card"]),
    );
    let a = both(&v);
    for rid in ["us.ftc.safeguards", "us.sec.form_8k", "us-ny.dfs"] {
        assert!(!has(&a, rid), "{rid} assessed without a declaration");
    }
    for f in [
        "organisation.us_financial_institution",
        "organisation.sec_registrant",
        "organisation.nydfs_covered",
    ] {
        assert!(!a.missing_facts.contains(&f.to_string()), "{f} asked");
    }
}

#[test]
fn ftc_safeguards_rule_for_declared_financial_institutions() {
    let fi = |persons: Value, aware: &str| {
        let v = with(base(), "data.persons", persons);
        let v = with(v, "organisation.us_financial_institution", json!(true));
        with(v, "incident.aware_at", json!(aware))
    };
    let a = both(&fi(
        json!({"US-CA": 300, "US-TX": 200}),
        "2026-07-01T10:00:00-04:00",
    ));
    assert_eq!(status(&a, "us.ftc.safeguards"), Required);
    assert_eq!(
        deadline(&a, "us.ftc.safeguards"),
        "2026-07-31T23:59:59-04:00"
    );
    let a = both(&fi(json!({"US-CA": 499}), "2026-07-01T10:00:00-04:00"));
    assert_eq!(status(&a, "us.ftc.safeguards"), NotRequired);
    // An unknown count is possible for a declared institution.
    let a = both(&fi(json!({"US": null}), "2026-07-01T10:00:00-04:00"));
    assert_eq!(status(&a, "us.ftc.safeguards"), Possible);
    // In force from 13 May 2024.
    let a = both(&fi(json!({"US-CA": 900}), "2024-05-01T10:00:00-04:00"));
    assert_eq!(status(&a, "us.ftc.safeguards"), NotRequired);
    // Encrypted with the key kept separately: not a notification event.
    let v = with(
        fi(json!({"US-CA": 900}), "2026-07-01T10:00:00-04:00"),
        "data.protection",
        json!({"algorithm": "AES-256-GCM", "key_separated": true, "remote_wipe": false}),
    );
    assert_eq!(status(&both(&v), "us.ftc.safeguards"), NotRequired);
}

#[test]
fn sec_form_8k_counts_four_business_days_from_the_materiality_determination() {
    let v = with(base(), "organisation.sec_registrant", json!(true));
    let v = with(v, "incident.aware_at", json!("2026-06-29T10:00:00-04:00"));
    // Determined material on Thu 2 July 2026: Fri 3, Mon 6, Tue 7, Wed 8 (federal holidays are
    // not skipped: earlier, never later).
    let v = with(
        v,
        "incident.assessed_at",
        json!("2026-07-02T16:00:00-04:00"),
    );
    let a = both(&v);
    assert_eq!(status(&a, "us.sec.form_8k"), Required);
    assert_eq!(deadline(&a, "us.sec.form_8k"), "2026-07-08T23:59:59-04:00");
    // Without a determination date, counted from awareness (Mon 29 June → Fri 3 July).
    let v = with(v, "incident.assessed_at", json!(null));
    let a = both(&v);
    assert_eq!(deadline(&a, "us.sec.form_8k"), "2026-07-03T23:59:59-04:00");
}

#[test]
fn nydfs_covered_entities_report_within_72_hours() {
    let v = with(base(), "organisation.nydfs_covered", json!(true));
    let v = with(v, "incident.aware_at", json!("2026-07-01T10:00:00-04:00"));
    // Ransomware, no US persons at all.
    let a = both(&with(v.clone(), "incident.kind", json!("malware")));
    assert_eq!(status(&a, "us-ny.dfs"), Required);
    assert_eq!(deadline(&a, "us-ny.dfs"), "2026-07-04T10:00:00-04:00");
    // A lost phone with Texas residents' SSNs: a state notice is due, so DFS too.
    let v2 = with(
        with(v.clone(), "data.persons", json!({"US-TX": 3})),
        "data.categories",
        json!(["government_id"]),
    );
    assert_eq!(status(&both(&v2), "us-ny.dfs"), Required);
    // A lost phone with only Japanese contacts: nothing for DFS. (The request used to give no
    // categories at all; since 500.1(g)(1) counts a notice to any government body, unknown
    // categories make DFS `possible` — tests/breach_us_round6c.rs — so the contacts are said.)
    let v = with(v, "data.categories", json!(["contact"]));
    assert_eq!(status(&both(&v), "us-ny.dfs"), NotRequired);
}

#[test]
fn the_generated_rules_match_their_table() {
    if !requires::available(
        "the_generated_rules_match_their_table",
        requires::missing_tool(&["python3"]),
        "apt-get install python3",
    ) {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new("python3")
        .arg(format!("{root}/rules/tools/us_states.py"))
        .arg("--check")
        .output()
        .expect("python3 is needed to check rules/tools/us_states.py against the pack");
    assert!(
        out.status.success(),
        "rules/default.json and rules/tools/us_states.py have drifted (run `python3 rules/tools/us_states.py`): {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_drift_check_catches_a_hand_edit_of_a_generated_rule() {
    if !requires::available(
        "the_drift_check_catches_a_hand_edit_of_a_generated_rule",
        requires::missing_tool(&["python3"]),
        "apt-get install python3",
    ) {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let edited = breach::DEFAULT_PACK_JSON.replacen(
        "\"basis\": \"Fla. Stat. §501.171 (as expeditiously",
        "\"basis\": \"Fla. Stat. §501.171 (edited by hand; as expeditiously",
        1,
    );
    assert_ne!(edited, breach::DEFAULT_PACK_JSON);
    let path = std::env::temp_dir().join(format!("mamori-us-drift-{}.json", std::process::id()));
    std::fs::write(&path, &edited).unwrap();
    let out = std::process::Command::new("python3")
        .arg(format!("{root}/rules/tools/us_states.py"))
        .args(["--check", "--pack"])
        .arg(&path)
        .output()
        .expect("python3");
    std::fs::remove_file(&path).ok();
    assert!(
        !out.status.success(),
        "a hand edit of us-fl.residents went unnoticed"
    );
}

// ---- Issue 26, item 3: rows confirmed from the statute text (AL–MT) ------------------------

/// `n` residents of `code` whose leaked data is contact details plus `cat`, found 1 Jul 2026.
fn with_category(code: &str, n: u64, cat: &str) -> Value {
    with(
        case(code, n, "2026-07-01T10:00:00-05:00"),
        "data.categories",
        json!(["contact", cat]),
    )
}

#[test]
fn login_credentials_to_a_financial_account_are_personal_information_in_hi_ia_mo() {
    // Haw. Rev. Stat. §487N-1 (text read): "(3) Account number, credit or debit card number,
    // access code, or password that would permit access to an individual's financial account" —
    // a password for a financial account is an element on its own. Iowa Code §715C.1 and Mo. Rev. Stat.
    // §407.1500.1 (element lists as quoted by McAfee and DWT): a "unique electronic identifier or routing code, in
    // combination with any required security code, access code, or password that would permit
    // access to an individual's financial account". mamori's `credentials` cannot say which
    // account a login opens, so it counts (cautious; was `not_required`, an under-report).
    for st in ["HI", "IA", "MO"] {
        let a = both(&with_category(st, 10, "credentials"));
        assert_eq!(status(&a, &id(st, "residents")), Required, "{st}");
        assert!(
            reasons_mention(&a, &id(st, "residents"), "login credentials"),
            "{st}"
        );
    }
    // Kansas and Kentucky list no password element (§50-7a01 per the charts; §365.732(1)(c), text read).
    for st in ["KS", "KY"] {
        let a = both(&with_category(st, 10, "credentials"));
        assert_eq!(status(&a, &id(st, "residents")), NotRequired, "{st}");
    }
}

#[test]
fn elements_mamori_has_no_category_for_count_as_other_or_their_nearest_category() {
    // Ariz. Rev. Stat. §18-551: a "private key that is unique to an individual and that is used
    // to authenticate or sign an electronic record" is a specified data element; mamori has no
    // category for it, so `other` triggers (as for WA/ND's date of birth). Was `not_required`.
    let a = both(&with_category("AZ", 10, "other"));
    assert_eq!(status(&a, "us-az.residents"), Required);
    // Mont. Code §30-14-1704: "medical record information" (§33-19-104: medical
    // history, medical claims history or treatment) — an insurer's member and claims data is
    // covered; `health_insurance` triggers (cautious; was `not_required`).
    let a = both(&with_category("MT", 10, "health_insurance"));
    assert_eq!(status(&a, "us-mt.residents"), Required);
}

#[test]
fn iowa_attorney_general_notice_is_due_at_500_residents() {
    // The Iowa Attorney General: a breach "that affects at least 500 Iowa residents" is reported
    // within five business days after notifying them (iowaattorneygeneral.gov); secondary charts
    // say "more than 500". The cautious reading counts 500 itself (was `not_required`).
    let a = both(&case("IA", 500, "2026-07-01T10:00:00-05:00"));
    assert_eq!(status(&a, "us-ia.attorney_general"), Required);
    let a = both(&case("IA", 499, "2026-07-01T10:00:00-05:00"));
    assert_eq!(status(&a, "us-ia.attorney_general"), NotRequired);
}

#[test]
fn montana_says_when_the_consumer_reporting_agencies_must_be_coordinated_with() {
    // Mont. Code §30-14-1704: a notice that suggests the resident may obtain a copy of the
    // credit file obliges the business to coordinate with the consumer reporting agency.
    let p = pack();
    let r = p["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "us-mt.residents")
        .unwrap();
    let notes = r["notes"].to_string();
    assert!(
        notes.contains("coordinate with the consumer reporting agenc"),
        "{notes}"
    );
}

/// The rules of the A–M jurisdictions whose statute text was read in issue 26.
const CONFIRMED_A_TO_M: &[&str] = &[
    "us-al.residents",
    "us-al.attorney_general",
    "us-al.owner",
    "us-ak.residents",
    "us-ar.residents",
    "us-ar.attorney_general",
    "us-ar.owner",
    "us-de.residents",
    "us-de.owner",
    "us-ga.residents",
    "us-ga.owner",
    "us-hi.residents",
    "us-hi.owner",
    "us-ia.residents",
    "us-ks.residents",
    "us-ks.owner",
    "us-ky.residents",
    "us-mn.residents",
];

#[test]
fn rules_confirmed_from_the_text_name_the_sections_read_and_where() {
    let p = pack();
    let rules = p["rules"].as_array().unwrap();
    for rid in CONFIRMED_A_TO_M {
        let r = rules
            .iter()
            .find(|r| r["id"] == *rid)
            .unwrap_or_else(|| panic!("no {rid}"));
        assert_eq!(r["verification"], "confirmed", "{rid}");
        let basis = r["basis"].as_str().unwrap();
        assert!(basis.contains("text read ("), "{rid}: {basis}");
        assert!(basis.contains('§'), "{rid}: {basis}");
    }
    // Read in part only: Hawaii's regulator notice, whose subsection was not reached, stays
    // `unverified` (Iowa's §715C.2(8) and Delaware's §12B-102(d) were read in round 5b:
    // tests/breach_us_round5b.rs).
    let r = rules.iter().find(|r| r["id"] == "us-hi.regulator").unwrap();
    assert_eq!(r["verification"], "unverified", "us-hi.regulator");
}
