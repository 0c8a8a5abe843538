//! Rule pack, round 3 (issue 26): the under- and over-reports of the 2026-12-06 legal-world
//! audit (`shared/reference/audits/2026-12-06/legal-world.md`), each against the deciding text.

mod breach_common;
use breach_common::*;
use serde_json::{Value, json};

/// A controller established in `country` with `persons` whose data is contact details plus
/// `cats`, risk `risk`, not encrypted, not recovered.
fn org(country: &str, persons: Value, cats: &[&str], risk: &str) -> Value {
    let mut all = vec!["contact"];
    all.extend_from_slice(cats);
    let v = with(base(), "organisation.established_in", json!([country]));
    let v = with(v, "data.persons", persons);
    let v = with(v, "data.categories", json!(all));
    let v = with(v, "data.sensitive", json!(null));
    let v = with(v, "data.financial_risk", json!(null));
    with(v, "data.risk", json!(risk))
}

// ---- 1. Under-reports ----------------------------------------------------------------------

#[test]
fn singapore_scale_counts_every_affected_individual_of_an_organisation_in_singapore() {
    // PDPA s26B(1)(b): "is, or is likely to be, of a significant scale"; s26B(3)(a): "affects not
    // fewer than the prescribed number of affected individuals" (500) — no residency limit.
    let a = assess(&org("SG", json!({"JP": 600}), &[], "unlikely"));
    assert_eq!(status(&a, "sg.pdpa.commission"), Required);
    // The individuals' notice needs significant harm, not scale (s26D(2)).
    assert_eq!(status(&a, "sg.pdpa.individuals"), NotRequired);
    // 499 in all: not of significant scale.
    let a = assess(&org("SG", json!({"JP": 300, "SG": 199}), &[], "unlikely"));
    assert_eq!(status(&a, "sg.pdpa.commission"), NotRequired);
    // Persons of unknown count: possible, never a silent not_required.
    let a = assess(&org(
        "SG",
        json!({"SG": 10, "unknown": null}),
        &[],
        "unlikely",
    ));
    assert_eq!(status(&a, "sg.pdpa.commission"), Possible);
    // An organisation outside Singapore still counts only persons in Singapore.
    let a = assess(&org("JP", json!({"JP": 600, "SG": 10}), &[], "unlikely"));
    assert_eq!(status(&a, "sg.pdpa.commission"), NotRequired);
    let a = assess(&org("JP", json!({"SG": 500}), &[], "unlikely"));
    assert_eq!(status(&a, "sg.pdpa.commission"), Required);
}

#[test]
fn singapore_high_risk_is_significant_harm() {
    // s26B(2): "Without limiting subsection (1)(a)" — the prescribed data only deems harm.
    let a = assess(&org("SG", json!({"SG": 10}), &[], "high"));
    assert_eq!(status(&a, "sg.pdpa.commission"), Required);
    assert_eq!(status(&a, "sg.pdpa.individuals"), Required);
    assert!(reasons_mention(
        &a,
        "sg.pdpa.commission",
        "data.risk = high"
    ));
    let a = assess(&org("SG", json!({"SG": 10}), &[], "risk"));
    assert_eq!(status(&a, "sg.pdpa.commission"), NotRequired);
}

#[test]
fn singapore_health_insurance_is_prescribed_data() {
    let a = assess(&org(
        "SG",
        json!({"SG": 10}),
        &["health_insurance"],
        "unlikely",
    ));
    assert_eq!(status(&a, "sg.pdpa.commission"), Required);
    assert_eq!(status(&a, "sg.pdpa.individuals"), Required);
}

#[test]
fn philippines_biometric_and_philhealth_data_enable_identity_fraud() {
    // NPC Circular 16-03 s11(A): "other information" includes "biometric data" and "unique
    // identifiers like Philhealth, SSS, GSIS, TIN number".
    for cat in ["biometric", "health_insurance"] {
        let a = assess(&org("JP", json!({"PH": 10}), &[cat], "high"));
        for id in ["ph.dpa.npc", "ph.dpa.npc.full_report", "ph.dpa.individuals"] {
            assert_eq!(status(&a, id), Required, "{cat} {id}");
        }
    }
    // Contact details alone are neither sensitive nor identity-fraud data.
    let a = assess(&org("JP", json!({"PH": 10}), &[], "high"));
    assert_eq!(status(&a, "ph.dpa.npc"), NotRequired);
}

#[test]
fn korea_biometric_data_is_sensitive_information() {
    // PIPA Enforcement Decree Art. 18(3) (as amended 2020-08-04): "개인의 신체적, 생리적, 행동적
    // 특징에 관한 정보로서 특정 개인을 알아볼 목적으로 일정한 기술적 수단을 통해 생성한 정보".
    let v = with(
        org("JP", json!({"KR": 5}), &["biometric"], "unlikely"),
        "data.malicious",
        json!(false),
    );
    let a = assess(&v);
    assert_eq!(status(&a, "kr.pipa.regulator"), Required);
    assert!(reasons_mention(&a, "kr.pipa.regulator", "Art. 18(3)"));
    let a = assess(&with(v, "data.categories", json!(["contact"])));
    assert_eq!(status(&a, "kr.pipa.regulator"), NotRequired);
}

// ---- 2. Over-reports -----------------------------------------------------------------------

/// A controller established in the US (`US-TX` etc. are the persons' keys).
#[test]
fn australia_an_entity_holding_data_for_another_keeps_its_ndb_duty() {
    // Privacy Act 1988 s26WM: "If: (a) an entity complies with sections 26WK and 26WL in
    // relation to an eligible data breach of the entity; and (b) the access, disclosure or loss
    // that constituted the eligible data breach of the entity is an eligible data breach of one
    // or more other entities; those sections do not apply in relation to those eligible data
    // breaches of those other entities." The entity holding the data for another is relieved
    // only once the other one has complied, which it cannot know when it assesses: its own
    // statement and notices stay due (the pack used to exempt every processor).
    let v = with(
        org("AU", json!({"AU": 5}), &["government_id"], "high"),
        "organisation.role",
        json!("processor"),
    );
    let a = assess(&v);
    for id in ["au.ndb.commissioner", "au.ndb.individuals"] {
        assert_eq!(status(&a, id), Required, "{id}");
    }
    // ... and it tells the entity it holds the data for, so that one of them notifies.
    assert_eq!(status(&a, "au.ndb.controller"), Required);
    assert!(
        ob(&a, "au.ndb.commissioner")
            .reasons
            .iter()
            .any(|n| n.contains("s26WM")),
        "the note names s26WM"
    );
}

fn us(persons: Value, cats: &[&str]) -> Value {
    org("US", persons, cats, "unlikely")
}

#[test]
fn texas_does_not_count_login_credentials_or_biometric_data() {
    // §521.002(a)(2): name + SSN, driver's licence or government ID number, or account/card
    // number with any required code; or information on health or payment for health care.
    for cat in ["credentials", "biometric"] {
        let a = assess(&us(json!({"US-TX": 300}), &[cat]));
        assert_eq!(status(&a, "us-tx.residents"), NotRequired, "{cat}");
        assert_eq!(status(&a, "us-tx.attorney_general"), NotRequired, "{cat}");
    }
    for cat in [
        "government_id",
        "payment_card",
        "health",
        "health_insurance",
    ] {
        let a = assess(&us(json!({"US-TX": 300}), &[cat]));
        assert_eq!(status(&a, "us-tx.residents"), Required, "{cat}");
        assert_eq!(status(&a, "us-tx.attorney_general"), Required, "{cat}");
    }
    let p = with(
        us(json!({"US-TX": 300}), &["credentials"]),
        "organisation.role",
        json!("processor"),
    );
    assert_eq!(status(&assess(&p), "us-tx.owner"), NotRequired);
}

#[test]
fn processor_to_owner_notices_follow_the_encryption_safe_harbour() {
    // The vendor's duty attaches to a "breach of the security of the system": acquisition of
    // unencrypted data, or of encrypted data with its key (Tex. §521.053(a); S.D. §22-40-19(1)).
    let p = with(
        us(
            json!({"US-CA": 10, "US-NY": 10, "US-TX": 10}),
            &["government_id"],
        ),
        "organisation.role",
        json!("processor"),
    );
    let enc = with(
        p.clone(),
        "data.protection",
        json!({"algorithm": "AES-256-GCM", "key_separated": true}),
    );
    let half = with(
        p.clone(),
        "data.protection",
        json!({"algorithm": "AES-256-GCM"}),
    );
    for id in ["us-ca.owner", "us-ny.owner", "us-tx.owner"] {
        assert_eq!(status(&assess(&p), id), Required, "{id}");
        assert_eq!(status(&assess(&enc), id), NotRequired, "{id}");
        // The key's fate unknown: possible, never a silent not_required.
        assert_eq!(status(&assess(&half), id), Possible, "{id}");
    }
}

#[test]
fn us_head_count_ranges_straddling_a_threshold_are_possible() {
    // Cal. Civ. Code §1798.82(f): "more than 500 California residents"; 49–649 does not
    // establish it, nor rule it out.
    let range = json!({"US-CA": {"min": 49, "max": 649}});
    let a = assess(&us(range, &["government_id"]));
    assert_eq!(status(&a, "us-ca.attorney_general"), Possible);
    assert!(a.missing_facts.iter().any(|f| f == "data.persons.US-CA"));
    // The minimum above the threshold: required; the maximum below: not required.
    let a = assess(&us(
        json!({"US-CA": {"min": 501, "max": 900}}),
        &["government_id"],
    ));
    assert_eq!(status(&a, "us-ca.attorney_general"), Required);
    let a = assess(&us(
        json!({"US-CA": {"min": 10, "max": 500}}),
        &["government_id"],
    ));
    assert_eq!(status(&a, "us-ca.attorney_general"), NotRequired);
    // Japan keeps the PPC's suspected-case reading (GL 3-5-3-1): a maximum above 1,000 counts.
    let jp = with(
        base(),
        "data.persons",
        json!({"JP": {"min": 756, "max": 1001}}),
    );
    assert_eq!(status(&assess(&jp), "jp.appi.ppc.final"), Required);
}

#[test]
fn range_reading_is_checked_when_a_pack_is_loaded() {
    let pack = |pred: &str| {
        mamori::breach::RulePack::from_json(&format!(
            r#"{{"schema": "mamori.rulepack.v1", "id": "t", "version": "1",
              "rules": [{{"id": "t.r", "jurisdiction": "US", "recipient": "regulator",
                "offset": "+00:00", "scope": {pred},
                "deadline": {{"kind": "hours", "hours": 24}},
                "basis": "b", "verification": "unverified"}}]}}"#
        ))
    };
    assert!(pack(r#"{"fact": "data.persons.US", "gt": 500, "range": "bounds"}"#).is_ok());
    assert!(pack(r#"{"fact": "data.persons.US", "ge": 500, "range": "suspected"}"#).is_ok());
    for (bad, path) in [
        (
            r#"{"fact": "data.persons.US", "lt": 500, "range": "bounds"}"#,
            "rules[0].scope.range",
        ),
        (
            r#"{"fact": "data.sensitive", "is": true, "range": "bounds"}"#,
            "rules[0].scope.range",
        ),
        (
            r#"{"fact": "data.persons.US", "gt": 5, "range": "max"}"#,
            "rules[0].scope.range",
        ),
    ] {
        match pack(bad) {
            Err(mamori::Error::RulePack { path: p, .. }) => assert_eq!(p, path, "{bad}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
}

// ---- 3. Deadlines that run from another obligation -----------------------------------------

fn after(a: &mamori::breach::Assessment, id: &str) -> (String, u32, Option<String>) {
    match &ob(a, id).due {
        mamori::breach::Due::AfterObligation {
            obligation,
            days,
            latest,
            ..
        } => (obligation.clone(), *days, latest.map(|l| l.to_rfc3339())),
        other => panic!("{id}: {other:?}"),
    }
}

#[test]
fn california_attorney_general_is_due_15_days_after_the_residents_notice() {
    // SB 446: the sample copy "within 15 calendar days of notifying affected consumers".
    let v = us(json!({"US-CA": 600}), &["government_id"]);
    let a = assess(&v);
    assert_eq!(status(&a, "us-ca.attorney_general"), Required);
    // Not yet notified: residents by 1 Jan (30 days, SB 446), so the AG by 16 Jan at the latest.
    assert_eq!(deadline(&a, "us-ca.residents"), "2027-01-01T23:59:59-08:00");
    assert_eq!(
        after(&a, "us-ca.attorney_general"),
        (
            "us-ca.residents".into(),
            15,
            Some("2027-01-16T23:59:59-08:00".into())
        )
    );
    // Residents notified on 10 Dec: the AG by 25 Dec.
    let done = with(
        v.clone(),
        "incident.done",
        json!({"us-ca.residents": "2026-12-10T09:00:00-08:00"}),
    );
    let a = assess(&done);
    assert_eq!(
        after(&a, "us-ca.attorney_general").2.as_deref(),
        Some("2026-12-25T23:59:59-08:00")
    );
    // The timing status reads the latest date.
    let req = mamori::breach::parse_request(&done.to_string()).unwrap();
    let pack = mamori::breach::RulePack::default_pack();
    let timing = |now: &str| {
        let a = pack
            .assess_at(&req, instant(now), chrono::Duration::days(3))
            .unwrap();
        ob(&a, "us-ca.attorney_general").timing.unwrap()
    };
    use mamori::breach::DueStatus;
    assert_eq!(timing("2026-12-20T00:00:00-08:00"), DueStatus::OnTrack);
    assert_eq!(timing("2026-12-24T00:00:00-08:00"), DueStatus::DueSoon);
    assert_eq!(timing("2026-12-26T00:00:00-08:00"), DueStatus::Overdue);
    // Before SB 446 (2026-01-01) no period was set.
    let old = with(v, "incident.aware_at", json!("2025-06-01T10:00:00-07:00"));
    assert!(matches!(
        ob(&assess(&old), "us-ca.attorney_general").due,
        mamori::breach::Due::WithoutUndueDelay
    ));
}

#[test]
fn louisiana_oklahoma_and_iowa_count_from_the_residents_notice() {
    let v = us(
        json!({"US-LA": 600, "US-OK": 600, "US-IA": 600}),
        &["government_id"],
    );
    let a = assess(&v);
    // LAC 16:III §701(B): "within 10 days of distribution of notice to Louisiana citizens";
    // residents within 60 days (2 Dec + 60 = 31 Jan), so 10 Feb at the latest.
    assert_eq!(deadline(&a, "us-la.residents"), "2027-01-31T23:59:59-06:00");
    assert_eq!(
        after(&a, "us-la.attorney_general"),
        (
            "us-la.residents".into(),
            10,
            Some("2027-02-10T23:59:59-06:00".into())
        )
    );
    // Oklahoma and Iowa residents have no fixed period: no latest date until they are done,
    // and the timing status says "act now", never on track.
    for (id, res, days) in [
        ("us-ok.attorney_general", "us-ok.residents", 60),
        ("us-ia.attorney_general", "us-ia.residents", 5),
    ] {
        assert_eq!(status(&a, id), Required, "{id}");
        assert_eq!(after(&a, id), (res.into(), days, None));
    }
    let req = mamori::breach::parse_request(&v.to_string()).unwrap();
    let timed = mamori::breach::RulePack::default_pack()
        .assess_at(
            &req,
            instant("2026-12-04T00:00:00-06:00"),
            chrono::Duration::days(3),
        )
        .unwrap();
    assert_eq!(
        ob(&timed, "us-ia.attorney_general").timing,
        Some(mamori::breach::DueStatus::Immediate)
    );
    // Iowa: 5 business days after the residents' notice of Friday 4 Dec → Friday 11 Dec.
    let done = with(
        v,
        "incident.done",
        json!({"us-ia.residents": "2026-12-04T10:00:00-06:00",
               "us-ok.residents": "2026-12-04T10:00:00-06:00"}),
    );
    let a = assess(&done);
    assert_eq!(
        after(&a, "us-ia.attorney_general").2.as_deref(),
        Some("2026-12-11T23:59:59-06:00")
    );
    assert_eq!(
        after(&a, "us-ok.attorney_general").2.as_deref(),
        Some("2027-02-02T23:59:59-06:00")
    );
    // The JSON form names the obligation, the count and the latest instant.
    let j = mamori::breach::assess_json(&done.to_string()).unwrap();
    assert!(
        j.contains(r#""due":{"kind":"after_obligation","obligation":"us-ia.residents","days":5,"business_days":true,"done_at":"2026-12-04T10:00:00-06:00","latest":"2026-12-11T23:59:59-06:00"}"#),
        "{j}"
    );
}

#[test]
fn after_obligation_deadlines_are_checked_when_a_pack_is_loaded() {
    let pack = |deadline: &str| {
        mamori::breach::RulePack::from_json(&format!(
            r#"{{"schema": "mamori.rulepack.v1", "id": "t", "version": "1",
              "rules": [
                {{"id": "t.a", "jurisdiction": "US", "recipient": "individuals",
                  "offset": "+00:00", "scope": {{"const": true}},
                  "deadline": {{"kind": "calendar_days", "days": 30, "first_day_inclusive": false}},
                  "basis": "b", "verification": "unverified"}},
                {{"id": "t.b", "jurisdiction": "US", "recipient": "regulator",
                  "offset": "+00:00", "scope": {{"const": true}},
                  "deadline": {deadline},
                  "basis": "b", "verification": "unverified"}}]}}"#
        ))
    };
    assert!(pack(r#"{"kind": "after_obligation", "obligation": "t.a", "days": 15}"#).is_ok());
    for (bad, path) in [
        (
            r#"{"kind": "after_obligation", "obligation": "t.x", "days": 15}"#,
            "rules[1].deadline.obligation",
        ),
        (
            r#"{"kind": "after_obligation", "obligation": "t.b", "days": 15}"#,
            "rules[1].deadline.obligation",
        ),
        (
            r#"{"kind": "after_obligation", "days": 15}"#,
            "rules[1].deadline.obligation",
        ),
        (
            r#"{"kind": "after_obligation", "obligation": "t.a"}"#,
            "rules[1].deadline.days",
        ),
        (
            r#"{"kind": "after_obligation", "obligation": "t.a", "days": 5, "calendar": "nope"}"#,
            "rules[1].deadline.calendar",
        ),
        (
            r#"{"kind": "calendar_days", "days": 5, "first_day_inclusive": false, "obligation": "t.a"}"#,
            "rules[1].deadline.obligation",
        ),
    ] {
        match pack(bad) {
            Err(mamori::Error::RulePack { path: p, .. }) => assert_eq!(p, path, "{bad}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
}

/// `incident.done` is checked like `assessed_at`: a notice cannot be done before the awareness
/// it answers, and the error names the entry.
#[test]
fn a_notice_done_before_awareness_is_refused_naming_the_entry() {
    let req = json!({
        "schema": "mamori.assess.v1",
        "organisation": {"type": "business", "role": "controller", "established_in": ["US-CA"]},
        "incident": {
            "kind": "theft",
            "aware_at": "2026-12-03T10:00:00-08:00",
            "done": {"us-ca.residents": "2026-12-01T09:00:00-08:00"}
        },
        "data": {"persons": {"US-CA": 600}}
    });
    let e = mamori::breach::assess_json(&req.to_string()).unwrap_err();
    let msg = e.to_string();
    assert_eq!(e.code(), mamori::ErrorCode::InvalidInput, "{msg}");
    assert!(msg.contains("incident.done.us-ca.residents"), "{msg}");
    assert!(msg.contains("earlier than incident.aware_at"), "{msg}");
}
