//! Issue 12 (facts that never under-report: vocabulary, ranges, unknown malice) and issue 13
//! (the legal audit's fixes), each through the typed API, the JSON contract and, for the
//! issue-12 must-shows, the C ABI (`mamori_assess`). Every test here failed on the 2026.11.1
//! pack.

mod breach_common;
use std::ffi::{CStr, CString};
use std::ptr;

use breach_common::*;
use mamori::breach::{self, Recipient, Verification};
use mamori::ffi::{mamori_assess, mamori_result, mamori_string_free};
use serde_json::{Value, json};

fn jp_all(a: &mamori::breach::Assessment) -> Vec<mamori::breach::ObligationStatus> {
    [
        "jp.appi.ppc.preliminary",
        "jp.appi.ppc.final",
        "jp.appi.individuals",
    ]
    .iter()
    .map(|id| status(a, id))
    .collect()
}

/// The assessment through the C ABI, parsed back.
fn assess_c(v: &Value) -> mamori::breach::Assessment {
    let req = CString::new(v.to_string()).unwrap();
    let mut out = ptr::null_mut();
    let r = unsafe { mamori_assess(req.as_ptr(), &mut out) };
    assert_eq!(r, mamori_result::MAMORI_OK);
    let s = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
    unsafe { mamori_string_free(out) };
    serde_json::from_str(&s).unwrap()
}

/// The same request through the typed API, the JSON contract and the C ABI: all agree.
fn all_ways(v: &Value) -> mamori::breach::Assessment {
    let typed = assess(v);
    let json = breach::assess_json(&v.to_string()).unwrap();
    assert_eq!(json, serde_json::to_string(&typed).unwrap());
    let c = assess_c(v);
    assert_eq!(c, typed);
    typed
}

fn german_customers() -> Value {
    with(
        with(base(), "data.persons", json!({"DE": 300, "FR": 20})),
        "data.risk",
        json!(null),
    )
}

// ---- Issue 12 ------------------------------------------------------------------------------

#[test]
fn german_customers_get_gdpr_never_absent() {
    let a = all_ways(&german_customers());
    let s = status(&a, "eu.gdpr.authority");
    assert!(matches!(s, Required | Possible), "{s:?}");
    assert!(reasons_mention(&a, "eu.gdpr.authority", "320"));
    let a = all_ways(&with(german_customers(), "data.risk", json!("risk")));
    assert_eq!(status(&a, "eu.gdpr.authority"), Required);
    // Established in a member state is established in the EU.
    let v = with(
        with(base(), "organisation.established_in", json!(["DE"])),
        "data.risk",
        json!("risk"),
    );
    assert_eq!(status(&all_ways(&v), "eu.gdpr.authority"), Required);
    // Legacy regime keys keep working; GB is UK GDPR.
    let v = with(base(), "data.persons", json!({"EU": 3, "GB": 2}));
    let v = with(v, "data.risk", json!("risk"));
    let a = all_ways(&v);
    assert_eq!(status(&a, "eu.gdpr.authority"), Required);
    assert_eq!(status(&a, "uk.gdpr.authority"), Required);
}

#[test]
fn unknown_jurisdiction_assesses_and_is_never_silently_dropped() {
    let v = with(base(), "data.persons", json!({"JP": 5, "unknown": 3}));
    let a = all_ways(&v);
    // Persons of unknown jurisdiction may be EU residents: GDPR is possible, naming the fact.
    assert_eq!(status(&a, "eu.gdpr.authority"), NotRequired); // risk: unlikely
    let v = with(v, "data.risk", json!("risk"));
    let a = all_ways(&v);
    assert_eq!(status(&a, "eu.gdpr.authority"), Possible);
    assert!(
        a.missing_facts
            .contains(&"data.persons.unknown".to_string())
    );
    // They count toward Japan's every-person threshold.
    let v = with(base(), "data.persons", json!({"JP": 600, "unknown": 401}));
    assert_eq!(jp_all(&all_ways(&v)), [Required; 3]);
    // A JSON null count under `unknown` works too.
    let v = with(base(), "data.persons", json!({"unknown": null}));
    let a = all_ways(&v);
    assert_eq!(jp_all(&a), [Possible; 3]);
}

#[test]
fn us_person_of_unknown_state_makes_state_rules_possible() {
    let v = with(
        with(base(), "data.persons", json!({"US": 800})),
        "data.categories",
        json!(["government_id"]),
    );
    let a = all_ways(&v);
    assert_eq!(status(&a, "us-ca.residents"), Possible);
    assert_eq!(status(&a, "us-ca.attorney_general"), Possible);
    assert!(a.missing_facts.contains(&"data.persons.US".to_string()));
    let v = with(v, "data.persons", json!({"US-NY": 800}));
    assert!(!has(&all_ways(&v), "us-ca.residents"));
}

#[test]
fn range_with_max_above_1000_requires_the_final_report() {
    let v = with(
        base(),
        "data.persons",
        json!({"JP": {"min": 756, "max": 1001}}),
    );
    let a = all_ways(&v);
    assert_eq!(status(&a, "jp.appi.ppc.final"), Required);
    assert!(reasons_mention(
        &a,
        "jp.appi.ppc.final",
        "756–1001 (a range)"
    ));
    assert_eq!(
        a.jp_report_draft.unwrap().items[2].value.as_deref(),
        Some("756–1001 (a range)")
    );
    let v = with(
        base(),
        "data.persons",
        json!({"JP": {"min": 756, "max": 1000}}),
    );
    assert_eq!(status(&all_ways(&v), "jp.appi.ppc.final"), NotRequired);
    let v = with(
        base(),
        "data.persons",
        json!({"JP": {"min": 756, "max": null}}),
    );
    let a = all_ways(&v);
    assert_eq!(status(&a, "jp.appi.ppc.final"), Possible);
    // data.categories too: base() does not list them, so the 番号法 rules (more than 100
    // persons) are possible as well (issue 26: an unknown my_number is never out of scope).
    assert_eq!(a.missing_facts, ["data.categories", "data.persons.JP"]);
    let v = with(
        base(),
        "data.persons",
        json!({"JP": {"min": 1001, "max": null}}),
    );
    assert_eq!(status(&all_ways(&v), "jp.appi.ppc.final"), Required);
    // min > max and unknown range keys are rejected, naming the key.
    for bad in [json!({"min": 5, "max": 4}), json!({"min": 1, "mx": 4})] {
        let v = with(base(), "data.persons", json!({ "JP": bad }));
        match breach::assess_json(&v.to_string()) {
            Err(mamori::Error::InvalidInput { path, .. }) => assert_eq!(path, "data.persons.JP"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn unknown_malice_on_a_loss_is_possible_with_60_days() {
    let v = with(base(), "data.malicious", json!(null));
    let a = all_ways(&v);
    assert_eq!(status(&a, "jp.appi.ppc.final"), Possible);
    // data.categories too: unknown categories leave the 番号法 rules possible (issue 26).
    assert_eq!(a.missing_facts, ["data.categories", "data.malicious"]);
    assert_eq!(
        deadline(&a, "jp.appi.ppc.final"),
        "2027-02-01T23:59:59+09:00"
    );
    // With another trigger true the earlier 30-day deadline stands (malice unknown).
    let v = with(v, "data.persons.JP", json!(1200));
    let a = all_ways(&v);
    assert_eq!(status(&a, "jp.appi.ppc.final"), Required);
    assert_eq!(
        deadline(&a, "jp.appi.ppc.final"),
        "2027-01-04T23:59:59+09:00"
    );
}

// ---- Issue 13 ------------------------------------------------------------------------------

fn processor(persons: Value) -> Value {
    let v = with(base(), "organisation.role", json!("processor"));
    let v = with(v, "data.persons", persons);
    let v = with(v, "data.risk", json!("high"));
    with(v, "data.categories", json!(["government_id"]))
}

#[test]
fn processors_notify_their_controller_outside_jp_eu_uk() {
    let a = all_ways(&processor(
        json!({"SG": 600, "US-CA": 600, "AU": 5, "KR": 2000}),
    ));
    for id in [
        "sg.pdpa.commission",
        "sg.pdpa.individuals",
        "us-ca.residents",
        "us-ca.attorney_general",
    ] {
        assert_eq!(status(&a, id), NotRequired, "{id}");
    }
    // Korea is another exception (issue 26): PIPA Art. 26(8) applies Art. 34 to the processor
    // (수탁자) as if it were the controller, so it reports and notifies itself as well.
    for id in ["kr.pipa.regulator", "kr.pipa.individuals"] {
        assert_eq!(status(&a, id), Required, "{id}");
    }
    for id in [
        "sg.pdpa.organisation",
        "us-ca.owner",
        "au.ndb.controller",
        "kr.pipa.controller",
    ] {
        assert_eq!(status(&a, id), Required, "{id}");
        assert_eq!(ob(&a, id).recipient, Recipient::Controller, "{id}");
    }
    assert_eq!(
        ob(&a, "sg.pdpa.organisation").verification,
        Verification::Confirmed
    );
    // Australia is the exception (issue 26): an entity holding the data for another keeps its
    // own s26WK/s26WL duty until the other entity complies (Privacy Act 1988 s26WM).
    for id in ["au.ndb.commissioner", "au.ndb.individuals"] {
        assert_eq!(status(&a, id), Required, "{id}");
    }
    // HIPAA business associate: its own duty to the covered entity, 60 days.
    let v = with(
        processor(json!({"US-NY": 20})),
        "organisation.hipaa_covered",
        json!(true),
    );
    let a = all_ways(&v);
    assert_eq!(status(&a, "us.hipaa.individuals"), NotRequired);
    assert_eq!(status(&a, "us.hipaa.covered_entity"), Required);
}

#[test]
fn california_needs_a_1798_82_h_data_element() {
    let ca = with(base(), "data.persons", json!({"US-CA": 600}));
    let contacts = with(ca.clone(), "data.categories", json!(["contact"]));
    let a = all_ways(&contacts);
    assert_eq!(status(&a, "us-ca.residents"), NotRequired);
    assert_eq!(status(&a, "us-ca.attorney_general"), NotRequired);
    for c in [
        "government_id",
        "my_number",
        "payment_card",
        "credentials",
        "health",
    ] {
        let a = all_ways(&with(ca.clone(), "data.categories", json!(["contact", c])));
        assert_eq!(status(&a, "us-ca.residents"), Required, "{c}");
    }
    // No categories given: possible, naming the fact.
    let a = all_ways(&ca);
    assert_eq!(status(&a, "us-ca.residents"), Possible);
    assert!(a.missing_facts.contains(&"data.categories".to_string()));
    // `sensitive` stays a shorthand for Japan.
    let v = with(
        with(base(), "data.sensitive", json!(null)),
        "data.categories",
        json!(["health"]),
    );
    assert_eq!(jp_all(&all_ways(&v)), [Required; 3]);
}

#[test]
fn hipaa_media_notice_over_500_in_one_state() {
    let v = with(
        with(base(), "organisation.hipaa_covered", json!(true)),
        "data.persons",
        json!({"US-CA": 600, "US-NY": 20}),
    );
    let a = all_ways(&v);
    assert_eq!(status(&a, "us.hipaa.media"), Required);
    assert_eq!(ob(&a, "us.hipaa.media").recipient, Recipient::Public);
    // 3 Dec 10:15 JST = 2 Dec 20:15 EST; 60 days after 2 Dec = 31 Jan 2027.
    assert_eq!(deadline(&a, "us.hipaa.media"), "2027-01-31T23:59:59-05:00");
    // 400 + 400 in two states: no state over 500; the HHS log is the annual one.
    let v = with(v, "data.persons", json!({"US-CA": 400, "US-NY": 400}));
    let a = all_ways(&v);
    assert_eq!(status(&a, "us.hipaa.media"), NotRequired);
    // 600 of unknown state: possibly all in one state.
    let v = with(v, "data.persons", json!({"US": 600}));
    assert_eq!(status(&all_ways(&v), "us.hipaa.media"), Possible);
}

#[test]
fn au_and_sg_assessment_clocks_have_dates() {
    let v = with(
        with(base(), "data.persons", json!({"AU": 5, "SG": 5})),
        "data.risk",
        json!(null),
    );
    let a = all_ways(&v);
    assert_eq!(status(&a, "au.ndb.assessment"), Required);
    assert_eq!(status(&a, "sg.pdpa.assessment"), Required);
    assert_eq!(ob(&a, "au.ndb.assessment").recipient, Recipient::Internal);
    // 3 Dec 10:15 JST = 3 Dec 12:15 AEDT; 30 days after = 2 Jan 2027 (AEDT, +11:00).
    assert_eq!(
        deadline(&a, "au.ndb.assessment"),
        "2027-01-02T23:59:59+11:00"
    );
    assert_eq!(
        deadline(&a, "sg.pdpa.assessment"),
        "2027-01-02T23:59:59+08:00"
    );
    let a = all_ways(&with(v, "data.risk", json!("unlikely")));
    assert_eq!(status(&a, "au.ndb.assessment"), NotRequired);
}

#[test]
fn public_bodies_rule_43_5_art_68_2_ii_and_local_governments() {
    let lg = with(
        with(base(), "organisation.type", json!("local_government")),
        "data.categories",
        json!(["contact", "ordinance_sensitive"]),
    );
    assert_eq!(jp_all(&all_ways(&lg)), [Required; 3]);
    // Local bodies came under Art. 68 on 2023-04-01.
    let early = with(
        lg.clone(),
        "incident.aware_at",
        json!("2023-03-31T10:00:00+09:00"),
    );
    assert_eq!(jp_all(&all_ways(&early)), [NotRequired; 3]);
    // Art. 78(1) non-disclosure information: no notice to individuals, reports still due.
    let pb = with(
        with(base(), "organisation.type", json!("public_body")),
        "data.persons.JP",
        json!(150),
    );
    let nd = with(
        pb.clone(),
        "data.categories",
        json!(["contact", "non_disclosure"]),
    );
    assert_eq!(jp_all(&all_ways(&nd)), [Required, Required, NotRequired]);
    let a = all_ways(&pb);
    assert!(ob(&a, "jp.appi.individuals").basis.contains("Art. 68(2)"));
    assert!(!ob(&a, "jp.appi.individuals").basis.contains("Art. 10"));
}

#[test]
fn korea_is_versioned_and_unique_identifiers_trigger() {
    let kr = with(
        with(base(), "data.persons", json!({"KR": 5})),
        "data.categories",
        json!(["government_id"]),
    );
    let a = all_ways(&kr);
    assert_eq!(status(&a, "kr.pipa.regulator"), Required);
    assert_eq!(
        deadline(&a, "kr.pipa.regulator"),
        "2026-12-06T10:15:00+09:00"
    );
    let old = with(kr, "incident.aware_at", json!("2023-09-01T10:00:00+09:00"));
    // Before 2023-09-15 with organisation.kr_ict_provider unknown: an ICT service provider
    // had 24 hours (old Art. 39-4(1)), so the earlier deadline is shown (issue 26; it was
    // "without undue delay", which could be later than 24 hours).
    let a = all_ways(&old);
    assert_eq!(
        deadline(&a, "kr.pipa.regulator"),
        "2023-09-02T10:00:00+09:00"
    );
    // Declared not an ICT provider: the general rule, without undue delay.
    let a = all_ways(&with(old, "organisation.kr_ict_provider", json!(false)));
    assert!(matches!(
        ob(&a, "kr.pipa.regulator").due,
        mamori::breach::Due::WithoutUndueDelay
    ));
}

#[test]
fn us_deadlines_follow_daylight_saving() {
    // Aware 1 Jul 2026 10:00 PDT; 30 days after 1 Jul = 31 Jul, end of day in PDT (-07:00).
    let v = with(
        with(
            with(base(), "data.persons", json!({"US-CA": 10})),
            "data.categories",
            json!(["payment_card"]),
        ),
        "incident.aware_at",
        json!("2026-07-01T10:00:00-07:00"),
    );
    assert_eq!(
        deadline(&all_ways(&v), "us-ca.residents"),
        "2026-07-31T23:59:59-07:00"
    );
    // In winter: PST (-08:00).
    let v = with(v, "incident.aware_at", json!("2026-12-01T10:00:00-08:00"));
    assert_eq!(
        deadline(&all_ways(&v), "us-ca.residents"),
        "2026-12-31T23:59:59-08:00"
    );
}

// ---- Issue 13 "Add": first new regimes (unverified) ------------------------------------------

#[test]
fn my_number_leak_of_150_employees_is_reportable() {
    // A lost HR laptop with 150 employees' My Numbers: below APPI's 1,000, above 番号法's 100.
    let v = with(
        with(base(), "data.persons", json!({"JP": 150})),
        "data.categories",
        json!(["contact", "my_number"]),
    );
    let a = all_ways(&v);
    assert_eq!(status(&a, "jp.appi.ppc.final"), NotRequired);
    assert_eq!(status(&a, "jp.mynumber.ppc.final"), Required);
    assert_eq!(status(&a, "jp.mynumber.ppc.preliminary"), Required);
    assert_eq!(status(&a, "jp.mynumber.individuals"), Required);
    assert_eq!(
        deadline(&a, "jp.mynumber.ppc.final"),
        "2027-01-04T23:59:59+09:00"
    );
    assert_eq!(
        ob(&a, "jp.mynumber.ppc.final").verification,
        Verification::Unverified
    );
    let a = all_ways(&with(v.clone(), "data.persons.JP", json!(100)));
    assert_eq!(status(&a, "jp.mynumber.ppc.final"), NotRequired);
    // No My Number: no 番号法 obligation.
    let a = all_ways(&with(v, "data.categories", json!(["contact"])));
    assert!(!has(&a, "jp.mynumber.ppc.final"));
}

#[test]
fn new_york_and_texas_as_data() {
    let v = with(
        with(base(), "data.persons", json!({"US-NY": 10, "US-TX": 300})),
        "data.categories",
        json!(["payment_card"]),
    );
    let a = all_ways(&v);
    assert_eq!(status(&a, "us-ny.residents"), Required);
    assert_eq!(status(&a, "us-ny.attorney_general"), Required);
    assert_eq!(status(&a, "us-tx.residents"), Required);
    assert_eq!(status(&a, "us-tx.attorney_general"), Required);
    // 3 Dec 10:15 JST = 2 Dec 19:15 CST; 60 days after 2 Dec = 31 Jan 2027.
    assert_eq!(deadline(&a, "us-tx.residents"), "2027-01-31T23:59:59-06:00");
    let a = all_ways(&with(v, "data.persons.US-TX", json!(249)));
    assert_eq!(status(&a, "us-tx.attorney_general"), NotRequired);
    assert_eq!(status(&a, "us-tx.residents"), Required);
}

// ---- Issue 13: sector-delegated recipients (APPI Art. 150, 事業所管大臣) ------------------

const JP_REPORTS: [&str; 2] = ["jp.appi.ppc.preliminary", "jp.appi.ppc.final"];

/// A Japanese business, 1,200 persons (PPC Rules Art. 7(4)), reasons in `lang`.
fn jp_1200(report_to: Option<&str>, lang: &str) -> Value {
    let v = with(base(), "data.persons", json!({"JP": 1200}));
    let v = with(v, "lang", json!(lang));
    match report_to {
        Some(r) => with(v, "organisation.jp_report_to", json!(r)),
        None => v,
    }
}

fn recipient_lines<'a>(a: &'a breach::Assessment, id: &str, prefix: &str) -> Vec<&'a str> {
    ob(a, id)
        .reasons
        .iter()
        .filter(|r| r.starts_with(prefix))
        .map(|r| r.as_str())
        .collect()
}

#[test]
fn jp_reports_name_the_ppc_and_the_delegation_when_undeclared() {
    let en = all_ways(&jp_1200(None, "en"));
    let ja = all_ways(&jp_1200(None, "ja"));
    for id in JP_REPORTS {
        assert_eq!(status(&en, id), Required);
        assert_eq!(ob(&en, id).recipient, Recipient::Regulator);
        let lines = recipient_lines(&en, id, "Recipient:");
        assert_eq!(lines.len(), 1, "{id}: {lines:?}");
        for needle in [
            "Personal Information Protection Commission (個人情報保護委員会",
            "事業所管大臣",
            "金融庁",
            "Art. 150(1)",
            "unverified",
            "organisation.jp_report_to",
        ] {
            assert!(lines[0].contains(needle), "{id}: {needle} in {}", lines[0]);
        }
        let lines = recipient_lines(&ja, id, "報告先:");
        assert_eq!(lines.len(), 1, "{id}: {lines:?}");
        for needle in [
            "個人情報保護委員会（Personal Information Protection Commission",
            "事業所管大臣",
            "第150条第1項",
            "未確認",
        ] {
            assert!(lines[0].contains(needle), "{id}: {needle} in {}", lines[0]);
        }
    }
    // Not a fact that decides anything: never asked for.
    assert!(
        !en.missing_facts
            .iter()
            .any(|f| f == "organisation.jp_report_to")
    );
    // Only the PPC reports name a recipient; the notice to individuals does not.
    assert!(recipient_lines(&en, "jp.appi.individuals", "Recipient:").is_empty());
}

#[test]
fn a_delegated_sector_names_its_minister_and_keeps_the_duty_and_deadline() {
    let undeclared = assess(&jp_1200(None, "en"));
    for (code, en_names, ja_names) in [
        (
            "fsa",
            &[
                "Commissioner of the Financial Services Agency (金融庁長官",
                "Art. 150(4)",
                "財務局",
            ][..],
            &[
                "金融庁長官（金融庁、Commissioner of the Financial Services Agency）",
                "第4項",
            ][..],
        ),
        (
            "mic",
            &["Minister for Internal Affairs and Communications (総務大臣"][..],
            &["総務大臣（総務省、Minister for Internal Affairs and Communications）"][..],
        ),
        (
            "other_minister",
            &["competent minister (事業所管大臣)", "list of delegations"][..],
            &["事業所管大臣（competent minister）"][..],
        ),
        (
            "ppc",
            &["Personal Information Protection Commission (個人情報保護委員会"][..],
            &["個人情報保護委員会（Personal Information Protection Commission"][..],
        ),
    ] {
        let en = all_ways(&jp_1200(Some(code), "en"));
        let ja = all_ways(&jp_1200(Some(code), "ja"));
        for id in JP_REPORTS {
            // Who receives it changes; whether and when it is due do not.
            assert_eq!(status(&en, id), status(&undeclared, id), "{code} {id}");
            assert_eq!(ob(&en, id).due, ob(&undeclared, id).due, "{code} {id}");
            assert_eq!(ob(&en, id).basis, ob(&undeclared, id).basis, "{code} {id}");
            assert_eq!(ob(&en, id).recipient, Recipient::Regulator);
            let lines = recipient_lines(&en, id, "Recipient:");
            assert_eq!(lines.len(), 1, "{code} {id}: {lines:?}");
            for n in en_names {
                assert!(lines[0].contains(n), "{code} {id}: {n} in {}", lines[0]);
            }
            assert!(lines[0].contains(&format!("organisation.jp_report_to = {code}")));
            // The undeclared prompt is gone.
            assert!(!lines[0].contains("Declare organisation.jp_report_to"));
            if code != "ppc" {
                assert!(lines[0].contains("not the PPC"), "{code}: {}", lines[0]);
                assert!(lines[0].contains("unverified"), "{code}: {}", lines[0]);
            }
            let lines = recipient_lines(&ja, id, "報告先:");
            assert_eq!(lines.len(), 1, "{code} {id}: {lines:?}");
            for n in ja_names {
                assert!(lines[0].contains(n), "{code} {id}: {n} in {}", lines[0]);
            }
        }
        // Everything else in the assessment is as without the declaration.
        let strip = |a: &breach::Assessment| {
            let mut a = a.clone();
            for o in &mut a.obligations {
                o.reasons.retain(|r| !r.starts_with("Recipient:"));
            }
            a
        };
        assert_eq!(strip(&en), strip(&undeclared), "{code}");
    }
    // A processor (委託先) reports to its controller, not to any minister.
    let p = with(
        jp_1200(Some("fsa"), "en"),
        "organisation.role",
        json!("processor"),
    );
    let a = assess(&p);
    for id in JP_REPORTS {
        assert_eq!(status(&a, id), NotRequired);
        assert!(recipient_lines(&a, id, "Recipient:").is_empty());
    }
    // Public bodies report to the PPC (APPI Art. 68): no delegation note.
    let pb = with(
        jp_1200(Some("fsa"), "en"),
        "organisation.type",
        json!("public_body"),
    );
    let a = assess(&pb);
    for id in JP_REPORTS {
        assert_eq!(status(&a, id), Required);
        assert!(recipient_lines(&a, id, "Recipient:").is_empty());
    }
}

#[test]
fn an_unknown_recipient_code_is_rejected() {
    let bad = jp_1200(Some("meti"), "en");
    let e = breach::parse_request(&bad.to_string()).unwrap_err();
    assert!(e.to_string().contains("jp_report_to"), "{e}");
}

#[test]
fn pack_notes_may_depend_on_a_declared_fact() {
    let pack = |note: Value| {
        json!({
            "schema": "mamori.rulepack.v1", "id": "t", "version": "1",
            "rules": [{
                "id": "t.r", "jurisdiction": "JP", "recipient": "regulator", "offset": "+09:00",
                "scope": {"fact": "organisation.established_in", "contains": "JP"},
                "deadline": {"kind": "hours", "hours": 24},
                "basis": "test", "verification": "unverified",
                "notes": ["always", note]
            }]
        })
        .to_string()
    };
    let ok = breach::RulePack::from_json(&pack(json!({
        "when": {"fact": "organisation.jp_report_to", "eq": "fsa", "unknown_as": false},
        "text": {"en": "to the FSA", "ja": "金融庁へ"}
    })))
    .unwrap();
    let reasons = |v: &Value| {
        let req = breach::parse_request(&v.to_string()).unwrap();
        ok.assess(&req).unwrap().obligations[0].reasons.clone()
    };
    assert_eq!(reasons(&base()), ["always"]);
    let fsa = with(base(), "organisation.jp_report_to", json!("fsa"));
    assert_eq!(reasons(&fsa), ["always", "to the FSA"]);
    assert_eq!(
        reasons(&with(fsa, "lang", json!("ja"))),
        ["always", "金融庁へ"]
    );
    // A declaration needs `unknown_as` (an undeclared recipient is not a missing fact).
    let e = breach::RulePack::from_json(&pack(json!({
        "when": {"fact": "organisation.jp_report_to", "eq": "fsa"}, "text": "x"
    })))
    .unwrap_err();
    assert!(e.to_string().contains("unknown_as"), "{e}");
    // Unknown values and unknown keys are refused.
    assert!(
        breach::RulePack::from_json(&pack(json!({
            "when": {"fact": "organisation.jp_report_to", "eq": "meti", "unknown_as": false},
            "text": "x"
        })))
        .is_err()
    );
    assert!(
        breach::RulePack::from_json(&pack(json!({
            "when": {"const": true}, "text": "x", "extra": 1
        })))
        .is_err()
    );
}

// ---- Issue 13: worked cases the earlier tests did not reach ---------------------------------

#[test]
fn korea_2026_amendment_applies_from_local_midnight_on_2026_09_11() {
    // A passport-number list (unique identification information, 고유식별정보), 5 persons.
    let kr = with(
        with(base(), "data.persons", json!({"KR": 5})),
        "data.categories",
        json!(["contact", "government_id"]),
    );
    // 2026-09-10 23:30 KST: the 2023 rules (72 h, no amendment).
    let before = with(
        kr.clone(),
        "incident.aware_at",
        json!("2026-09-10T14:30:00Z"),
    );
    let a = all_ways(&before);
    for id in ["kr.pipa.regulator", "kr.pipa.individuals"] {
        assert_eq!(status(&a, id), Required, "{id}");
        assert!(!ob(&a, id).basis.contains("2026 amendment"), "{id}");
    }
    assert_eq!(
        instant(&deadline(&a, "kr.pipa.regulator")),
        instant("2026-09-13T14:30:00Z")
    );
    // 2026-09-11 00:30 KST (still 09-10 in UTC): the amended rules, same 72 h.
    let after = with(kr, "incident.aware_at", json!("2026-09-10T15:30:00Z"));
    let a = all_ways(&after);
    for id in ["kr.pipa.regulator", "kr.pipa.individuals"] {
        assert_eq!(status(&a, id), Required, "{id}");
        assert!(ob(&a, id).basis.contains("2026 amendment"), "{id}");
        assert!(
            reasons_mention(&a, id, "possible leak must be notified"),
            "{id}: {:?}",
            ob(&a, id).reasons
        );
        // Confirmed from the 2026 Act and Decree texts (issue 26).
        assert_eq!(ob(&a, id).verification, Verification::Confirmed);
    }
    assert_eq!(
        deadline(&a, "kr.pipa.regulator"),
        "2026-09-14T00:30:00+09:00"
    );
    // Unique identifiers trigger the regulator report with only 5 persons; contact data alone
    // does not (no 1,000, not sensitive, no hacking).
    let contact = with(after, "data.categories", json!(["contact"]));
    let contact = with(contact, "data.sensitive", json!(false));
    assert_eq!(
        status(&all_ways(&contact), "kr.pipa.regulator"),
        NotRequired
    );
}

#[test]
fn california_every_1798_82_h_element_triggers_and_contact_data_never_does() {
    let ca = with(base(), "data.persons", json!({"US-CA": 20}));
    for c in [
        "financial_account",
        "health_insurance",
        "biometric",
        "genetic",
    ] {
        let a = all_ways(&with(ca.clone(), "data.categories", json!(["contact", c])));
        assert_eq!(status(&a, "us-ca.residents"), Required, "{c}");
        // Under 500 residents: no sample copy to the Attorney General.
        assert_eq!(status(&a, "us-ca.attorney_general"), NotRequired, "{c}");
    }
    // From 2026-01-01 (SB 446): 30 calendar days after discovery, in Pacific time.
    let a = all_ways(&with(ca.clone(), "data.categories", json!(["biometric"])));
    assert_eq!(deadline(&a, "us-ca.residents"), "2027-01-01T23:59:59-08:00");
    // Before 2026: the most expedient time possible (no fixed number of days).
    let old = with(
        with(ca, "data.categories", json!(["biometric"])),
        "incident.aware_at",
        json!("2025-12-31T10:00:00-08:00"),
    );
    assert!(matches!(
        ob(&all_ways(&old), "us-ca.residents").due,
        mamori::breach::Due::WithoutUndueDelay
    ));
}

#[test]
fn india_processor_informs_its_data_fiduciary_and_keeps_its_cert_in_duty() {
    // A data processor for Indian data principals, after the DPDP Rules' Rule 7 came into force.
    let v = with(
        processor(json!({"IN": 40})),
        "incident.aware_at",
        json!("2027-06-01T10:00:00+05:30"),
    );
    let a = all_ways(&v);
    // The Board and the principals are the Data Fiduciary's to tell (DPDP Act s8(6)).
    for id in [
        "in.dpdp.board.initial",
        "in.dpdp.board",
        "in.dpdp.individuals",
    ] {
        assert_eq!(status(&a, id), NotRequired, "{id}");
    }
    assert_eq!(status(&a, "in.dpdp.controller"), Required);
    assert_eq!(
        ob(&a, "in.dpdp.controller").recipient,
        Recipient::Controller
    );
    assert_eq!(
        ob(&a, "in.dpdp.controller").verification,
        Verification::Unverified
    );
    // CERT-In's 6 hours bind every service provider or body corporate, processors included.
    assert_eq!(status(&a, "in.certin.incident"), Required);
    assert_eq!(
        deadline(&a, "in.certin.incident"),
        "2027-06-01T16:00:00+05:30"
    );
    // Before 2027-05-13 the DPDP processor rule is not in force either.
    let early = with(v, "incident.aware_at", json!("2027-05-12T10:00:00+05:30"));
    assert_eq!(status(&all_ways(&early), "in.dpdp.controller"), NotRequired);
}

#[test]
fn hipaa_media_needs_more_than_500_in_one_state_and_keeps_eastern_summer_time() {
    let v = with(
        with(base(), "organisation.hipaa_covered", json!(true)),
        "incident.aware_at",
        json!("2026-06-01T09:00:00-04:00"),
    );
    // Exactly 500 residents of one State is not "more than 500" (45 CFR 164.406(a)), but it is
    // "500 or more" for HHS (164.408(b)): notified with the individuals, not in the annual log.
    let a = all_ways(&with(v.clone(), "data.persons", json!({"US-NY": 500})));
    assert_eq!(status(&a, "us.hipaa.media"), NotRequired);
    assert_eq!(deadline(&a, "us.hipaa.hhs"), "2026-07-31T23:59:59-04:00");
    // 499: the annual log, 60 days after the end of the calendar year (EST in winter).
    let a = all_ways(&with(v.clone(), "data.persons", json!({"US-NY": 499})));
    assert_eq!(status(&a, "us.hipaa.media"), NotRequired);
    assert_eq!(deadline(&a, "us.hipaa.hhs"), "2027-03-01T23:59:59-05:00");
    // 501: prominent media outlets, 60 days after discovery, end of day in EDT (-04:00).
    let a = all_ways(&with(v.clone(), "data.persons", json!({"US-NY": 501})));
    assert_eq!(status(&a, "us.hipaa.media"), Required);
    assert_eq!(deadline(&a, "us.hipaa.media"), "2026-07-31T23:59:59-04:00");
    assert_eq!(
        deadline(&a, "us.hipaa.individuals"),
        deadline(&a, "us.hipaa.media")
    );
    // Not a covered entity: HIPAA is out of scope (not listed), however many residents.
    let a = all_ways(&with(
        with(v, "data.persons", json!({"US-NY": 5000})),
        "organisation.hipaa_covered",
        json!(false),
    ));
    assert!(!has(&a, "us.hipaa.media"), "{:?}", ids(&a));
    assert_eq!(status(&a, "us-ny.residents"), Possible);
}
