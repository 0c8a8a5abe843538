//! Issue 26 items 3 and 5 (session 10): the processors' notices to their controllers outside the
//! US (China, Thailand, Vietnam, Malaysia, the Philippines, Indonesia, Canada, Québec, Brazil) and
//! Vietnam's 2026 rules. The fixes make answers more cautious; each `*_fix` test fails on the pack
//! as it was before session 10 (see the commit messages for the words read).

mod breach_common;

use breach_common::*;
use mamori::breach::{Due, Recipient, Verification};
use serde_json::{Value, json};

/// A business established nowhere in particular, with `persons`, contact data only.
fn case(persons: Value, at: &str) -> Value {
    let v = with(base(), "organisation.established_in", json!([]));
    let v = with(v, "data.persons", persons);
    let v = with(v, "data.categories", json!(["contact"]));
    with(v, "incident.aware_at", json!(at))
}

fn processor(v: Value) -> Value {
    with(v, "organisation.role", json!("processor"))
}

fn immediate(a: &mamori::breach::Assessment, id: &str) -> bool {
    matches!(ob(a, id).due, Due::WithoutUndueDelay)
}

// ---- Québec: s18.3 ----------------------------------------------------------------------------

#[test]
fn quebec_mandatary_tells_the_enterprise_even_when_recovered_unviewed_fix() {
    // s18.3 as stated by the CAI: "En cas de manquement à une obligation concernant la
    // confidentialité, le responsable de la protection des renseignements personnels devra être
    // avisé sans délai"; the public bodies' twin clause (A-2.1 s67.2) names "any violation or
    // attempted violation". The old pack exempted data recovered before anyone viewed it.
    for at in ["2023-01-10T10:00:00-05:00", "2026-12-03T10:00:00-05:00"] {
        let v = processor(case(json!({"CA-QC": 3}), at));
        let a = assess(&with(v, "incident.recovered_unviewed", json!(true)));
        assert_eq!(status(&a, "ca-qc.law25.controller"), Required, "{at}");
        assert_eq!(
            ob(&a, "ca-qc.law25.controller").recipient,
            Recipient::Controller
        );
        assert!(immediate(&a, "ca-qc.law25.controller"));
        // The enterprise's own notices still need a risk of serious injury and are not the
        // mandatary's: recovered unviewed, nothing to tell the CAI.
        assert_eq!(status(&a, "ca-qc.law25.cai"), NotRequired);
    }
}

#[test]
fn quebec_s18_3_confirmed_from_2023_09_22_cautious_before() {
    let at = |t: &str| assess(&processor(case(json!({"CA-QC": 3}), t)));
    // The CAI: the clause binds enterprises "seulement à compter du 22 septembre 2023".
    let a = at("2023-09-22T00:30:00-04:00");
    let o = ob(&a, "ca-qc.law25.controller");
    assert_eq!(o.status, Required);
    assert_eq!(o.verification, Verification::Confirmed);
    assert!(o.basis.contains("cai.gouv.qc.ca"), "{}", o.basis);
    assert!(o.basis.contains("devra être avisé sans délai"));
    // The day before: still shown (a cautious reading of the contract), not confirmed.
    let a = at("2023-09-21T23:30:00-04:00");
    let o = ob(&a, "ca-qc.law25.controller");
    assert_eq!(o.status, Required);
    assert_eq!(o.verification, Verification::Unverified);
    assert!(reasons_mention(&a, "ca-qc.law25.controller", "cautious"));
    // Persons in Canada without a province may be Québec residents.
    let a = assess(&processor(case(
        json!({"CA": 3}),
        "2026-12-03T10:00:00-05:00",
    )));
    assert_eq!(status(&a, "ca-qc.law25.controller"), Possible);
    // A controller has no mandatary's duty (out of the rule's scope).
    let a = assess(&case(json!({"CA-QC": 3}), "2026-12-03T10:00:00-05:00"));
    assert!(!has(&a, "ca-qc.law25.controller"));
}

// ---- Vietnam: Decree 13 Art. 23(2), then Law 91/2025 and Decree 356/2025 ----------------------

/// A processor of 3 persons in Vietnam, aware at `at`.
fn vn_processor(at: &str) -> mamori::breach::Assessment {
    assess(&processor(case(json!({"VN": 3}), at)))
}

#[test]
fn vietnam_decree_13_processor_notice_confirmed() {
    // Art. 23(2): "Bên Xử lý dữ liệu cá nhân phải thông báo cho Bên Kiểm soát dữ liệu cá nhân một
    // cách nhanh nhất có thể sau khi nhận thấy có sự vi phạm quy định về bảo vệ dữ liệu cá nhân".
    let a = vn_processor("2024-05-01T09:00:00+07:00");
    let o = ob(&a, "vn.pdp.controller");
    assert_eq!(o.status, Required);
    assert_eq!(o.recipient, Recipient::Controller);
    assert!(immediate(&a, "vn.pdp.controller"));
    assert_eq!(o.verification, Verification::Confirmed);
    assert!(
        o.basis.contains("một cách nhanh nhất có thể"),
        "{}",
        o.basis
    );
    // The processor does not notify the Ministry itself.
    assert_eq!(status(&a, "vn.pdp.authority"), NotRequired);
    // Before Decree 13: no duty.
    let a = vn_processor("2023-06-30T09:00:00+07:00");
    assert_eq!(status(&a, "vn.pdp.controller"), NotRequired);
    // Under Law 91/2025 (from 2026-01-01): still shown, from summaries only.
    let a = vn_processor("2026-01-01T09:00:00+07:00");
    let o = ob(&a, "vn.pdp.controller");
    assert_eq!(o.status, Required);
    assert_eq!(o.verification, Verification::Unverified);
    assert!(o.basis.contains("Law 91/2025/QH15"));
}

#[test]
fn vietnam_biometric_incident_goes_to_the_data_subjects_within_72_hours_fix() {
    // Decree 356/2025 Art. 29, as summarised: an incident with location or biometric data is
    // notified to the affected data subjects within 72 hours. The old pack had no VN notice to
    // individuals at all.
    let at = "2026-03-02T09:00:00+07:00";
    let bio = with(
        case(json!({"VN": 3}), at),
        "data.categories",
        json!(["contact", "biometric"]),
    );
    let a = assess(&bio);
    let o = ob(&a, "vn.pdp.individuals");
    assert_eq!(o.status, Required);
    assert_eq!(o.recipient, Recipient::Individuals);
    assert_eq!(o.verification, Verification::Unverified);
    assert_eq!(
        deadline(&a, "vn.pdp.individuals"),
        "2026-03-05T09:00:00+07:00"
    );
    // Unknown categories: possible, never a silent not_required.
    let a = assess(&with(
        case(json!({"VN": 3}), at),
        "data.categories",
        json!(null),
    ));
    assert_eq!(status(&a, "vn.pdp.individuals"), Possible);
    assert!(
        a.missing_facts
            .iter()
            .any(|f| f.starts_with("data.categories")),
        "{:?}",
        a.missing_facts
    );
    // No biometric data: not required, and the reason says location data is for the host.
    let a = assess(&case(json!({"VN": 3}), at));
    assert_eq!(status(&a, "vn.pdp.individuals"), NotRequired);
    assert!(reasons_mention(&a, "vn.pdp.individuals", "location"));
    // Before the Decree; a processor (it tells its controller); recovered unviewed.
    let before = with(
        bio.clone(),
        "incident.aware_at",
        json!("2025-12-31T09:00:00+07:00"),
    );
    assert_eq!(status(&assess(&before), "vn.pdp.individuals"), NotRequired);
    assert_eq!(
        status(&assess(&processor(bio.clone())), "vn.pdp.individuals"),
        NotRequired
    );
    let back = with(bio, "incident.recovered_unviewed", json!(true));
    assert_eq!(status(&assess(&back), "vn.pdp.individuals"), NotRequired);
}

// ---- Rules kept as cautious additions: what the texts read say ---------------------------------

#[test]
fn processor_notices_without_a_statutory_duty_stay_unverified_and_say_why() {
    let v = processor(case(
        json!({"CN": 3, "TH": 3, "MY": 3, "PH": 3, "ID": 3, "CA": 3, "BR": 3}),
        "2026-12-03T10:00:00+09:00",
    ));
    let a = assess(&v);
    for (id, needle) in [
        ("cn.pipl.controller", "Art. 59"),
        ("id.pdp.controller", "uupdp-info.id"),
        ("ca.pipeda.controller", "cautious addition"),
        ("br.lgpd.controller", "cautious addition"),
        ("my.pdpa.controller", "contractually"),
        ("th.pdpa.controller", "not reached"),
        ("ph.dpa.controller", "not reached"),
    ] {
        let o = ob(&a, id);
        assert_eq!(o.status, Required, "{id}");
        assert_eq!(o.verification, Verification::Unverified, "{id}");
        assert!(o.basis.contains(needle), "{id}: {}", o.basis);
    }
    // The Philippine full report keeps the earliest anchor (awareness), never a later one.
    let a = assess(&with(
        with(
            case(json!({"PH": 3}), "2026-12-03T10:00:00+08:00"),
            "data.sensitive",
            json!(true),
        ),
        "data.risk",
        json!("high"),
    ));
    assert_eq!(status(&a, "ph.dpa.npc.full_report"), Required);
    assert_eq!(
        deadline(&a, "ph.dpa.npc.full_report"),
        "2026-12-08T23:59:59+08:00"
    );
}

// ---- Brazil: the supplement stays counted from knowledge (issue 26 item 2) ---------------------

#[test]
fn brazil_supplement_stays_counted_from_knowledge_never_later() {
    // Res. 15/2024 Art. 6 §3: "no prazo de vinte dias úteis, a contar da data da comunicação".
    // A relative due would give 20 business days after the ANPD's own 3 (23 after knowledge)
    // while the communication is not done: later than counting from knowledge, so it stays.
    // Aware Mon 1 Jun 2026 (Corpus Christi, 4 Jun, counts as a business day) → Mon 29 Jun.
    let v = with(
        case(json!({"BR": 3}), "2026-06-01T10:00:00-03:00"),
        "data.risk",
        json!("high"),
    );
    let a = assess(&v);
    assert_eq!(status(&a, "br.lgpd.anpd.supplement"), Required);
    assert_eq!(
        deadline(&a, "br.lgpd.anpd.supplement"),
        "2026-06-29T23:59:59-03:00"
    );
    assert!(reasons_mention(
        &a,
        "br.lgpd.anpd.supplement",
        "after_obligation"
    ));
    // A recorded communication does not move it.
    let done = with(
        v,
        "incident.done",
        json!({"br.lgpd.anpd": "2026-06-03T12:00:00-03:00"}),
    );
    assert_eq!(
        deadline(&assess(&done), "br.lgpd.anpd.supplement"),
        "2026-06-29T23:59:59-03:00"
    );
}
