//! Issue 26 items 3 and 5, read from the texts: Korea (PIPA Art. 26(8), 34; Enforcement Decree
//! Art. 18, 39, 40), Malaysia (PDPA s12B), Vietnam, China's CAC measures, India and the older
//! Japanese versions. Each test fails on the pack as it was before the reading (see the commit
//! messages for the deciding words).

mod breach_common;

use breach_common::*;
use mamori::breach::{Recipient, Verification};
use serde_json::{Value, json};

/// A JP business with `persons`, contact data only, nothing else triggering.
fn foreign(persons: Value) -> Value {
    let v = with(base(), "data.persons", persons);
    with(v, "data.categories", json!(["contact"]))
}

fn processor(v: Value) -> Value {
    with(v, "organisation.role", json!("processor"))
}

// ---- Korea ----------------------------------------------------------------------------------

#[test]
fn korea_processor_has_the_art_34_duties_itself() {
    // PIPA Art. 26(8) (from 2023-09-15): "수탁자에 관하여는 ... 제34조 ... 를 준용한다. 이 경우
    // \"개인정보처리자\"는 \"수탁자\"로 본다" — the processor notifies and reports like a controller.
    for at in ["2024-05-01T10:00:00+09:00", "2026-12-03T10:15:00+09:00"] {
        let v = processor(foreign(json!({"KR": 2000})));
        let a = assess(&with(v, "incident.aware_at", json!(at)));
        for id in ["kr.pipa.regulator", "kr.pipa.individuals"] {
            assert_eq!(status(&a, id), Required, "{id} at {at}");
            assert_eq!(ob(&a, id).verification, Verification::Confirmed, "{id}");
            assert!(ob(&a, id).basis.contains("Art. 26(8)"), "{id}");
        }
        // It still tells its controller (a reading, kept as an extra notice).
        assert_eq!(status(&a, "kr.pipa.controller"), Required);
        assert_eq!(
            ob(&a, "kr.pipa.controller").recipient,
            Recipient::Controller
        );
    }
}

#[test]
fn korea_lost_data_recovered_unviewed_still_goes_to_the_data_subjects() {
    // Art. 34(1) covers "분실ㆍ도난ㆍ유출" (loss itself); only the report to the PIPC/KISA may be
    // omitted after recovery (Decree Art. 40(1) proviso). Decree Art. 39(1): 72 hours.
    let v = with(
        foreign(json!({"KR": 5})),
        "data.categories",
        json!(["contact", "government_id"]),
    );
    let v = with(v, "incident.recovered_unviewed", json!(true));
    let a = assess(&v);
    assert_eq!(status(&a, "kr.pipa.individuals"), Required);
    assert_eq!(
        deadline(&a, "kr.pipa.individuals"),
        "2026-12-06T10:15:00+09:00"
    );
    assert_eq!(status(&a, "kr.pipa.regulator"), NotRequired);
}

#[test]
fn korea_decree_art_40_triggers_and_72_hours() {
    // Decree Art. 40(1): 1. 1,000 or more persons; 2. sensitive (Art. 18: biometric data made
    // to identify a person) or unique identification information; 3. unlawful external access.
    let reg = |v: &Value| status(&assess(v), "kr.pipa.regulator");
    assert_eq!(reg(&foreign(json!({"KR": 999}))), NotRequired);
    assert_eq!(reg(&foreign(json!({"KR": 1000}))), Required);
    let bio = with(
        foreign(json!({"KR": 3})),
        "data.categories",
        json!(["biometric"]),
    );
    assert_eq!(reg(&bio), Required);
    let hack = with(
        foreign(json!({"KR": 3})),
        "incident.kind",
        json!("unauthorized_access"),
    );
    assert_eq!(reg(&hack), Required);
    assert_eq!(
        deadline(&assess(&hack), "kr.pipa.regulator"),
        "2026-12-06T10:15:00+09:00"
    );
}

// ---- Malaysia -------------------------------------------------------------------------------

#[test]
fn malaysia_s12b_1_has_no_threshold_for_the_commissioner() {
    // s12B(1): "Where a data controller has reason to believe that a personal data breach has
    // occurred, the data controller shall, as soon as practicable, notify the Commissioner".
    let v = foreign(json!({"MY": 3}));
    let a = assess(&v);
    assert_eq!(status(&a, "my.pdpa.commissioner"), Required);
    assert_eq!(
        deadline(&a, "my.pdpa.commissioner"),
        "2026-12-06T09:15:00+08:00"
    );
    // s12B(2): the data subjects only where significant harm is caused or likely.
    assert_eq!(status(&a, "my.pdpa.individuals"), NotRequired);
    let a = assess(&with(v.clone(), "data.sensitive", json!(true)));
    assert_eq!(status(&a, "my.pdpa.individuals"), Required);
    // The duty is the data controller's ("the data controller shall").
    let a = assess(&processor(v));
    assert_eq!(status(&a, "my.pdpa.commissioner"), NotRequired);
    assert_eq!(status(&a, "my.pdpa.controller"), Required);
}

// ---- India ----------------------------------------------------------------------------------

#[test]
fn india_cert_in_direction_ii_from_2022_06_27_processors_included() {
    // Direction (ii): "Any service provider, intermediary, data centre, body corporate and
    // Government organisation shall mandatorily report cyber incidents ... within 6 hours of
    // noticing such incidents"; effective "after 60 days from the date on which it is issued"
    // (28 April 2022): the earliest reading, 27 June 2022.
    let v = with(
        processor(foreign(json!({"IN": 3}))),
        "incident.aware_at",
        json!("2022-06-27T10:00:00+05:30"),
    );
    let a = assess(&v);
    assert_eq!(status(&a, "in.certin.incident"), Required);
    assert_eq!(
        deadline(&a, "in.certin.incident"),
        "2022-06-27T16:00:00+05:30"
    );
    assert_eq!(
        ob(&a, "in.certin.incident").verification,
        Verification::Confirmed
    );
}

// ---- China ----------------------------------------------------------------------------------

#[test]
fn china_cac_annex_counts_one_million_included() {
    // Annex III item 5: "泄露100万人以上公民个人信息"; "本指南中的'以上'均包括本数".
    let cac = |n: u64| status(&assess(&foreign(json!({"CN": n}))), "cn.cac.incident");
    assert_eq!(cac(999_999), NotRequired);
    assert_eq!(cac(1_000_000), Required);
    let a = assess(&foreign(json!({"CN": 1_000_000})));
    assert_eq!(deadline(&a, "cn.cac.incident"), "2026-12-03T13:15:00+08:00");
    assert_eq!(
        ob(&a, "cn.cac.incident").verification,
        Verification::Confirmed
    );
}

// ---- Japan: 番号法 Art. 29-4 --------------------------------------------------------------

const MY_NUMBER_RULES: [&str; 3] = [
    "jp.mynumber.ppc.preliminary",
    "jp.mynumber.ppc.final",
    "jp.mynumber.individuals",
];

#[test]
fn japan_my_number_leak_from_a_public_bodys_system_is_reportable_whatever_the_count() {
    // Rule Art. 2(1)(ロ), (ハ) (quoted by the PPC, FAQ Q4-8): Individual Number data managed
    // in the information systems of administrative organs and local governments — reportable
    // without the 100-person or malice triggers.
    for t in ["public_body", "local_government"] {
        let v = with(base(), "organisation.type", json!(t));
        let v = with(v, "data.categories", json!(["my_number"]));
        let v = with(v, "data.persons", json!({"JP": 3}));
        let a = assess(&v);
        let due: Vec<_> = MY_NUMBER_RULES.iter().map(|id| status(&a, id)).collect();
        assert_eq!(due, [Required; 3], "{t}");
        // Not malicious: the 確報 stays at 30 days.
        assert!(
            ob(&a, "jp.mynumber.ppc.final")
                .reasons
                .iter()
                .any(|r| r.contains("Rule Art. 2(1)"))
        );
    }
    // A business with 3 persons' numbers, no malice: still not reportable.
    let v = with(base(), "data.categories", json!(["my_number"]));
    let v = with(v, "data.persons", json!({"JP": 3}));
    assert_eq!(
        status(&assess(&v), "jp.mynumber.ppc.preliminary"),
        NotRequired
    );
}

#[test]
fn japan_my_number_rules_are_possible_when_the_categories_are_unknown() {
    // Issue 26 (never a silent not_required on an uncertain fact): with no data.categories the
    // request does not say whether My Numbers (特定個人情報) were involved. 150 JP persons is
    // above 番号法's 100 (Rule Art. 2(4)), so the obligations are `possible`, not absent.
    let v = with(base(), "data.persons", json!({"JP": 150}));
    let a = assess(&v);
    for id in MY_NUMBER_RULES {
        assert_eq!(status(&a, id), Possible, "{id}");
        assert!(
            reasons_mention(&a, id, "data.categories.my_number = unknown"),
            "{id}"
        );
        assert!(reasons_mention(&a, id, "特定個人情報"), "{id}");
    }
    // In Japanese too.
    let ja = assess(&with(v.clone(), "lang", json!("ja")));
    assert!(
        ob(&ja, "jp.mynumber.ppc.final")
            .reasons
            .iter()
            .any(|r| r.contains("特定個人情報（マイナンバー）が含まれていれば"))
    );
    // A categories list without my_number keeps them out of scope.
    let a = assess(&with(v.clone(), "data.categories", json!(["contact"])));
    for id in MY_NUMBER_RULES {
        assert!(!has(&a, id), "{id}");
    }
    // A malicious act with an unknown count and unknown categories: possible as well.
    let v = with(base(), "data.malicious", json!(true));
    for id in MY_NUMBER_RULES {
        assert_eq!(status(&assess(&v), id), Possible, "{id}");
    }
}

/// A KR business, 5 KR persons' contact data lost (no Art. 34 / Decree Art. 40 trigger).
fn kr_small(aware_at: &str) -> Value {
    let v = with(
        foreign(json!({"KR": 5})),
        "organisation.established_in",
        json!(["KR"]),
    );
    with(v, "incident.aware_at", json!(aware_at))
}

#[test]
fn korea_ict_provider_before_2023_09_15_reports_any_leak_within_24_hours() {
    // Old PIPA Art. 39-4(1): "정당한 사유 없이 그 사실을 안 때부터 24시간을 경과하여
    // 통지ㆍ신고해서는 아니 된다" — any leak, to users and to the PIPC/KISA, within 24 hours.
    let at = "2022-06-01T10:00:00+09:00";
    let due = "2022-06-02T10:00:00+09:00";
    // Unknown: possible (it was not_required, with only a note), with the 24-hour deadline.
    let a = assess(&kr_small(at));
    assert_eq!(status(&a, "kr.pipa.regulator"), Possible);
    assert_eq!(deadline(&a, "kr.pipa.regulator"), due);
    assert!(reasons_mention(
        &a,
        "kr.pipa.regulator",
        "organisation.kr_ict_provider is unknown"
    ));
    assert!(
        a.missing_facts
            .contains(&"organisation.kr_ict_provider".to_string())
    );
    assert_eq!(status(&a, "kr.pipa.individuals"), Required);
    assert_eq!(deadline(&a, "kr.pipa.individuals"), due);
    // Declared an ICT provider: required within 24 hours.
    let a = assess(&with(
        kr_small(at),
        "organisation.kr_ict_provider",
        json!(true),
    ));
    assert_eq!(status(&a, "kr.pipa.regulator"), Required);
    assert_eq!(deadline(&a, "kr.pipa.regulator"), due);
    assert_eq!(deadline(&a, "kr.pipa.individuals"), due);
    // Declared not one: the general Art. 34 rules (no report under 1,000 persons).
    let a = assess(&with(
        kr_small(at),
        "organisation.kr_ict_provider",
        json!(false),
    ));
    assert_eq!(status(&a, "kr.pipa.regulator"), NotRequired);
    assert!(matches!(
        ob(&a, "kr.pipa.individuals").due,
        mamori::breach::Due::WithoutUndueDelay
    ));
    // Present day: the fact is not read, the answer does not grow.
    let now = "2026-12-03T10:15:00+09:00";
    let a = assess(&kr_small(now));
    let b = assess(&with(
        kr_small(now),
        "organisation.kr_ict_provider",
        json!(true),
    ));
    assert_eq!(a.obligations, b.obligations);
    assert!(
        !a.missing_facts
            .contains(&"organisation.kr_ict_provider".to_string())
    );
}
