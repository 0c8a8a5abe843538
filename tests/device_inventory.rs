//! Inventory reconciliation (棚卸): an audit that finds a missing, an unexpected, a mis-held
//! and a wrong-state device, records them in the register's history and yields a ready loss
//! incident whose awareness time is the audit's and whose last confirmed time comes from the
//! check-out history.

use chrono::{DateTime, FixedOffset};
use mamori::device::{
    Device, DeviceKind, Imei, LifecycleState, Ownership, Register, RegisterChange,
};
use mamori::incident::{EventData, Incident};
use mamori::inventory::{InventoryAudit, InventoryFinding, Sighting};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn phone(id: &str, imei: &str, serial: &str) -> Device {
    let mut d = Device::new(id, DeviceKind::Phone, "SC-52C", Ownership::Company);
    d.imei = Some(Imei::parse(imei).unwrap());
    d.serial = Some(serial.into());
    d.colour = Some("black".into());
    d
}

fn sighting() -> Sighting {
    Sighting {
        id: None,
        imei: None,
        serial: None,
        place: None,
        at: None,
        seen_by: None,
        held_by: None,
    }
}

/// P-1 assigned to tanaka (checked out on the 1st, audited on the 3rd, then not seen);
/// P-2 assigned to sato but held by suzuki; P-3 in stock, seen by IMEI; P-4 lost but scanned
/// by serial; plus an unknown phone.
fn setup() -> (Register, InventoryAudit) {
    let mut reg = Register::new();
    let t0 = t("2026-12-01T09:00:00+09:00");
    reg.add(phone("P-1", "490154203237518", "S1"), t0, "admin")
        .unwrap();
    reg.add(phone("P-2", "356938035643809", "S2"), t0, "admin")
        .unwrap();
    reg.add(phone("P-3", "353918051234561", "S3"), t0, "admin")
        .unwrap();
    reg.add(phone("P-4", "352099001761481", "S4"), t0, "admin")
        .unwrap();
    reg.check_out(
        "P-1",
        "tanaka",
        t("2026-12-01T10:00:00+09:00"),
        None,
        "admin",
    )
    .unwrap();
    reg.audit("P-1", t("2026-12-03T17:30:00+09:00"), "admin")
        .unwrap();
    reg.check_out("P-2", "sato", t("2026-12-02T10:00:00+09:00"), None, "admin")
        .unwrap();
    reg.transition(
        "P-4",
        LifecycleState::Lost,
        t("2026-12-02T12:00:00+09:00"),
        "admin",
        Some("INC-7"),
    )
    .unwrap();
    let mut audit = InventoryAudit::new(t("2026-12-05T18:00:00+09:00"), "yamada");
    audit.location = Some("本社 3F".into());
    audit.seen = vec![
        Sighting {
            id: Some("P-2".into()),
            held_by: Some("suzuki".into()),
            ..sighting()
        },
        Sighting {
            imei: Some("35-391805-123456-1".into()),
            ..sighting()
        },
        Sighting {
            serial: Some("S4".into()),
            place: Some("受付".into()),
            ..sighting()
        },
        Sighting {
            serial: Some("X-999".into()),
            held_by: Some("kato".into()),
            ..sighting()
        },
    ];
    (reg, audit)
}

#[test]
fn audit_finds_missing_unexpected_misheld_and_wrong_state() {
    let (mut reg, audit) = setup();
    let history_before = reg.history.len();
    let r = reg.reconcile(&audit).unwrap();
    assert_eq!(r.schema, "mamori.reconciliation.v1");
    assert!(!r.is_clean());
    assert_eq!(r.confirmed, vec!["P-3".to_string()]);

    assert_eq!(r.missing.len(), 1);
    assert_eq!(r.missing[0].device_id, "P-1");
    assert_eq!(
        r.missing[0].finding,
        InventoryFinding::Missing {
            state: LifecycleState::Assigned,
            assignee: Some("tanaka".into()),
            last_confirmed_at: Some(t("2026-12-03T17:30:00+09:00")),
        }
    );
    assert!(r.missing[0].text.ja.contains("棚卸で確認できません"));
    assert!(r.missing[0].text.en.contains("not seen"));

    assert_eq!(r.unexpected.len(), 1);
    assert_eq!(r.unexpected[0].device_id, "serial:X-999");
    assert!(matches!(
        &r.unexpected[0].finding,
        InventoryFinding::Unexpected { held_by: Some(h), place: Some(p), .. } if h == "kato" && p == "本社 3F"
    ));

    assert_eq!(r.mis_held.len(), 1);
    assert_eq!(
        r.mis_held[0].finding,
        InventoryFinding::MisHeld {
            register_holder: Some("sato".into()),
            held_by: "suzuki".into(),
            place: Some("本社 3F".into()),
        }
    );
    assert!(r.mis_held[0].text.ja.contains("suzuki"));

    assert_eq!(r.wrong_state.len(), 1);
    assert_eq!(r.wrong_state[0].device_id, "P-4");
    assert!(matches!(
        r.wrong_state[0].finding,
        InventoryFinding::WrongState {
            state: LifecycleState::Lost,
            ..
        }
    ));
    assert!(r.wrong_state[0].text.ja.contains("紛失"));
    assert!(r.summary.en.contains("1 missing"));
    assert!(r.summary.ja.contains("未確認 1 台"));

    // Recorded in the register's history: three audited devices, four findings.
    let new = &reg.history[history_before..];
    assert_eq!(
        new.iter()
            .filter(|e| e.change == RegisterChange::Audited)
            .count(),
        3
    );
    let findings: Vec<&str> = new
        .iter()
        .filter(|e| matches!(e.change, RegisterChange::InventoryFinding { .. }))
        .map(|e| e.device_id.as_str())
        .collect();
    assert_eq!(findings, ["P-1", "serial:X-999", "P-2", "P-4"]);
    assert_eq!(
        reg.entry("P-3").unwrap().last_audit,
        Some(t("2026-12-05T18:00:00+09:00"))
    );
    // The states are not changed by the audit.
    assert_eq!(reg.get("P-1").unwrap().state, LifecycleState::Assigned);
    // The register still loads from its JSON with the new history entries.
    let json = serde_json::to_string(&reg).unwrap();
    assert_eq!(Register::from_json(&json).unwrap(), reg);
}

#[test]
fn missing_assigned_device_yields_a_ready_loss_incident() {
    let (mut reg, audit) = setup();
    let r = reg.reconcile(&audit).unwrap();
    assert_eq!(r.incidents.len(), 1);
    let m = &r.incidents[0];
    assert_eq!(m.device_id, "P-1");
    assert_eq!(m.assignee, "tanaka");
    let mut inc = Incident::new("INC-INV-1");
    for e in m.events.clone() {
        inc.append(e).unwrap();
    }
    let st = inc.state().unwrap();
    assert!(matches!(
        &inc.events[0].data,
        EventData::Reported { device_id: Some(d), .. } if d == "P-1"
    ));
    assert_eq!(st.reported_at, audit.at);
    let f = st.findings();
    // The 速報 clock starts at the audit (the organisation's awareness) ...
    assert_eq!(f.aware_at, audit.at);
    // ... and the exposure window at the last audit that confirmed the device in hand.
    let w = f.loss_window.expect("loss window");
    assert_eq!(w.from, t("2026-12-03T17:30:00+09:00"));
    assert_eq!(w.to, Some(audit.at));
    assert_eq!(
        st.interview.noticed_by.as_deref(),
        Some("yamada"),
        "noticed by the auditor"
    );
    assert!(
        st.interview
            .identifying_features
            .as_ref()
            .unwrap()
            .iter()
            .any(|f| f.contains("490154203237518"))
    );
    assert!(inc.verify(None).status == mamori::incident::ChainStatus::Verified);
}

#[test]
fn last_confirmed_comes_from_checkout_when_never_audited() {
    let (mut reg, mut audit) = setup();
    // P-1 seen now; P-2 not seen: its last confirmation is its check-out.
    audit.seen = vec![Sighting {
        id: Some("P-1".into()),
        held_by: Some("tanaka".into()),
        ..sighting()
    }];
    let r = reg.reconcile(&audit).unwrap();
    let p2 = r.incidents.iter().find(|i| i.device_id == "P-2").unwrap();
    let EventData::InterviewAnswered { answers } = &p2.events[1].data else {
        panic!("second event is the interview")
    };
    assert_eq!(
        answers.last_confirmed_at,
        Some(t("2026-12-02T10:00:00+09:00"))
    );
    assert_eq!(answers.noticed_missing_at, Some(audit.at));
    // P-3 is in stock and not seen: missing, but no holder, so no prepared incident.
    assert!(r.missing.iter().any(|m| m.device_id == "P-3"));
    assert!(r.incidents.iter().all(|i| i.device_id != "P-3"));
    assert!(r.confirmed.contains(&"P-1".to_string()));
}

#[test]
fn audit_json_is_strict_and_names_the_field() {
    let bad = r#"{"schema":"mamori.inventory_audit.v1","at":"2026-12-05T18:00:00+09:00",
        "auditor":"yamada","seen":[{"place":"3F"}]}"#;
    let e = InventoryAudit::from_json(bad).unwrap_err();
    assert!(e.to_string().contains("seen[0]"), "{e}");
    let typo = r#"{"schema":"mamori.inventory_audit.v1","at":"2026-12-05T18:00:00+09:00",
        "auditor":"yamada","seen":[{"imie":"1"}]}"#;
    assert!(InventoryAudit::from_json(typo).is_err());
}

#[test]
fn reconcile_through_the_c_abi_register_command() {
    use mamori::ffi::*;
    use std::ffi::{CStr, CString};
    let (reg, audit) = setup();
    let doc = CString::new(serde_json::to_string(&reg).unwrap()).unwrap();
    let mut h = std::ptr::null_mut();
    assert_eq!(
        unsafe { mamori_register_new(doc.as_ptr(), &mut h) },
        mamori_result::MAMORI_OK
    );
    let cmd = serde_json::json!({"op": "reconcile", "audit": audit}).to_string();
    let cmd = CString::new(cmd).unwrap();
    let mut out = std::ptr::null_mut();
    assert_eq!(
        unsafe { mamori_register_apply(h, cmd.as_ptr(), &mut out) },
        mamori_result::MAMORI_OK
    );
    let reply: serde_json::Value =
        serde_json::from_str(unsafe { CStr::from_ptr(out) }.to_str().unwrap()).unwrap();
    unsafe { mamori_string_free(out) };
    let rec = &reply["reconciliation"];
    assert_eq!(rec["schema"], "mamori.reconciliation.v1");
    assert_eq!(rec["missing"][0]["device_id"], "P-1");
    assert_eq!(rec["incidents"][0]["events"][0]["data"]["type"], "reported");
    // A sighting without an identifier is refused, naming the field; the register is unchanged.
    let bad = CString::new(
        r#"{"op":"reconcile","audit":{"schema":"mamori.inventory_audit.v1","at":"2026-12-05T18:00:00+09:00","auditor":"y","seen":[{}]}}"#,
    )
    .unwrap();
    let mut out = std::ptr::null_mut();
    assert_eq!(
        unsafe { mamori_register_apply(h, bad.as_ptr(), &mut out) },
        mamori_result::MAMORI_INVALID_INPUT
    );
    let msg = unsafe { CStr::from_ptr(mamori_last_error_message()) }
        .to_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("seen[0]"), "{msg}");
    unsafe { mamori_register_free(h) };
}
