//! Device register: IMEI check digits, the enforced lifecycle (every pair), check-out/check-in,
//! overdue list, audits, history, JSON round trip.

use chrono::{DateTime, FixedOffset};
use mamori::device::{
    Device, DeviceKind, Imei, LifecycleState, Ownership, PhoneNumber, Register, RegisterChange,
    ScreenLock, luhn_check_digit,
};
use mamori::{Error, ErrorCode};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn phone(id: &str) -> Device {
    let mut d = Device::new(id, DeviceKind::Phone, "SC-52C", Ownership::Company);
    d.imei = Some(Imei::parse("490154203237518").unwrap());
    d.phone_number = Some(PhoneNumber::parse("+81 90-1234-5678").unwrap());
    d.colour = Some("black".into());
    d.posture.screen_lock = ScreenLock::Pin { length: 6 };
    d
}

#[test]
fn imei_valid_examples() {
    for s in [
        "490154203237518",
        "356938035643809",
        "49-015420-323751-8",
        "35 693803 564380 9",
    ] {
        let i = Imei::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(i.as_str().len(), 15);
    }
    assert_eq!(Imei::parse("490154203237518").unwrap().tac(), "49015420");
    // The check digit computed from the body is the one printed.
    assert_eq!(luhn_check_digit(b"49015420323751"), 8);
    assert_eq!(luhn_check_digit(b"35693803564380"), 9);
}

#[test]
fn imei_invalid_examples() {
    // Wrong check digit (last digit off by one; two adjacent digits swapped).
    for s in [
        "490154203237517",
        "356938035643808",
        "940154203237518",
        "353918051234560",
    ] {
        let e = Imei::parse(s).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{s}");
        assert!(e.to_string().contains("check digit"), "{s}: {e}");
    }
    // Wrong length, letters.
    assert!(
        Imei::parse("49015420323751")
            .unwrap_err()
            .to_string()
            .contains("15 digits")
    );
    assert!(
        Imei::parse("4901542032375180")
            .unwrap_err()
            .to_string()
            .contains("15 digits")
    );
    assert!(Imei::parse("49015420323751A").is_err());
    assert!(Imei::parse("").is_err());
    // Every single-digit change of a valid IMEI is caught by the Luhn check.
    let good = "490154203237518";
    for pos in 0..15 {
        for d in b'0'..=b'9' {
            let mut b = good.as_bytes().to_vec();
            if b[pos] == d {
                continue;
            }
            b[pos] = d;
            let s = String::from_utf8(b).unwrap();
            assert!(Imei::parse(&s).is_err(), "{s} should fail");
        }
    }
    // JSON deserialisation validates too.
    assert!(serde_json::from_str::<Imei>("\"490154203237517\"").is_err());
    assert!(serde_json::from_str::<Imei>("\"490154203237518\"").is_ok());
}

#[test]
fn phone_numbers_are_redacted_in_debug() {
    let d = phone("P-001");
    let dbg = format!("{d:?}");
    assert!(!dbg.contains("9012345678"), "{dbg}");
    assert!(!dbg.contains("5678"), "{dbg}");
    assert!(PhoneNumber::parse("090-1234-5678").is_err());
    assert!(PhoneNumber::parse("+81").is_err());
    let e = PhoneNumber::parse("+81 90 1234 567x").unwrap_err();
    assert!(!e.to_string().contains("1234"));
}

/// The allowed transitions, written out independently of the implementation.
const ALLOWED: &[(&str, &str)] = &[
    ("in_stock", "assigned"),
    ("in_stock", "lost"),
    ("in_stock", "stolen"),
    ("in_stock", "retired"),
    ("assigned", "in_stock"),
    ("assigned", "lost"),
    ("assigned", "stolen"),
    ("lost", "stolen"),
    ("lost", "recovered"),
    ("lost", "wiped"),
    ("lost", "retired"),
    ("stolen", "lost"),
    ("stolen", "recovered"),
    ("stolen", "wiped"),
    ("stolen", "retired"),
    ("recovered", "in_stock"),
    ("recovered", "wiped"),
    ("recovered", "retired"),
    ("wiped", "recovered"),
    ("wiped", "retired"),
    // The leaver's hand-over (issue 16): begin_handover / return_from_handover.
    ("assigned", "handing_over"),
    ("handing_over", "in_stock"),
    ("handing_over", "lost"),
    ("handing_over", "stolen"),
];

/// Drive a fresh device into `state` through the register's public API.
fn register_with(state: LifecycleState) -> Register {
    use LifecycleState::*;
    let at = t("2025-04-01T09:00:00+09:00");
    let mut r = Register::new();
    r.add(phone("P-1"), at, "it").unwrap();
    let path: &[LifecycleState] = match state {
        InStock => &[],
        Assigned => &[Assigned],
        Lost => &[Assigned, Lost],
        Stolen => &[Assigned, Stolen],
        Recovered => &[Assigned, Lost, Recovered],
        Wiped => &[Assigned, Lost, Wiped],
        Retired => &[Retired],
        HandingOver => &[Assigned, HandingOver],
    };
    for s in path {
        if *s == Assigned {
            r.check_out("P-1", "sales-tanaka", at, None, "it").unwrap();
        } else if *s == HandingOver {
            r.begin_handover("P-1", "HO-1", at, "it").unwrap();
        } else {
            r.transition("P-1", *s, at, "it", None).unwrap();
        }
    }
    assert_eq!(r.get("P-1").unwrap().state, state);
    r
}

#[test]
fn lifecycle_every_pair() {
    let at = t("2025-04-02T09:00:00+09:00");
    let mut refused = 0;
    let mut allowed = 0;
    for from in LifecycleState::ALL {
        for to in LifecycleState::ALL {
            let expected = ALLOWED.contains(&(from.as_str(), to.as_str()));
            assert_eq!(from.can_transition_to(to), expected, "{from} -> {to}");
            let mut r = register_with(from);
            let before = r.clone();
            let res = match (from, to) {
                (_, LifecycleState::Assigned) => r.check_out("P-1", "sales-sato", at, None, "it"),
                (LifecycleState::Assigned, LifecycleState::InStock) => r.check_in("P-1", at, "it"),
                (_, LifecycleState::HandingOver) => r.begin_handover("P-1", "HO-1", at, "it"),
                (LifecycleState::HandingOver, LifecycleState::InStock) => {
                    r.return_from_handover("P-1", "HO-1", at, "it")
                }
                _ => r.transition("P-1", to, at, "it", Some("test")),
            };
            if expected {
                res.unwrap_or_else(|e| panic!("{from} -> {to} should be allowed: {e}"));
                assert_eq!(r.get("P-1").unwrap().state, to);
                allowed += 1;
            } else {
                match res {
                    Err(Error::IllegalTransition { from: f, to: tt }) => {
                        assert_eq!(f, from.as_str());
                        assert!(tt == to.as_str() || tt == "checked_in", "{tt}");
                    }
                    other => panic!("{from} -> {to} should be IllegalTransition, got {other:?}"),
                }
                assert_eq!(
                    r, before,
                    "a refused transition changes nothing ({from} -> {to})"
                );
                refused += 1;
            }
        }
    }
    // 8 states since the hand-over's `handing_over` (issue 16): 64 pairs, 24 allowed.
    assert_eq!(allowed, 24);
    assert_eq!(refused, 64 - 24);
    assert_eq!(ErrorCode::IllegalTransition.as_u32(), 300);
}

#[test]
fn check_in_only_from_assigned_and_transition_does_not_assign() {
    let at = t("2025-04-02T09:00:00+09:00");
    let mut r = register_with(LifecycleState::Recovered);
    // recovered -> in_stock is allowed as a state change, but it is not a check-in.
    assert!(matches!(
        r.check_in("P-1", at, "it"),
        Err(Error::IllegalTransition { .. })
    ));
    let mut r2 = register_with(LifecycleState::InStock);
    assert_eq!(
        r2.transition("P-1", LifecycleState::Assigned, at, "it", None)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    r.transition("P-1", LifecycleState::InStock, at, "it", None)
        .unwrap();
    assert_eq!(r.get("P-1").unwrap().assignee, None);
}

#[test]
fn checkout_checkin_overdue_audit_history() {
    let mut r = Register::new();
    let t0 = t("2025-04-01T09:00:00+09:00");
    for id in ["P-1", "P-2", "P-3"] {
        r.add(phone(id), t0, "it-suzuki").unwrap();
    }
    assert_eq!(
        r.add(phone("P-1"), t0, "it").unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    r.check_out(
        "P-1",
        "sales-tanaka",
        t0,
        Some(t("2025-04-01T18:00:00+09:00")),
        "it",
    )
    .unwrap();
    r.check_out(
        "P-2",
        "sales-sato",
        t0,
        Some(t("2025-04-03T18:00:00+09:00")),
        "it",
    )
    .unwrap();
    r.check_out("P-3", "sales-ito", t0, None, "it").unwrap();
    assert_eq!(
        r.get("P-1").unwrap().assignee.as_deref(),
        Some("sales-tanaka")
    );
    // Double check-out refused.
    assert!(matches!(
        r.check_out("P-1", "x", t0, None, "it"),
        Err(Error::IllegalTransition { .. })
    ));
    // Expected return before check-out refused.
    let mut r2 = Register::new();
    r2.add(phone("Q"), t0, "it").unwrap();
    assert!(
        r2.check_out("Q", "a", t0, Some(t("2025-03-31T00:00:00+09:00")), "it")
            .is_err()
    );

    let now = t("2025-04-02T09:00:00+09:00");
    let od = r.overdue(now);
    assert_eq!(od.len(), 1);
    assert_eq!(od[0].device_id, "P-1");
    assert_eq!(od[0].hours_overdue, 15);
    let later = t("2025-04-05T09:00:00+09:00");
    let od = r.overdue(later);
    assert_eq!(
        od.iter().map(|o| o.device_id.as_str()).collect::<Vec<_>>(),
        ["P-1", "P-2"]
    );
    r.check_in("P-1", now, "it").unwrap();
    assert_eq!(r.overdue(later).len(), 1);
    assert_eq!(r.get("P-1").unwrap().state, LifecycleState::InStock);

    // Audits.
    assert_eq!(r.audit_due(t0).len(), 3);
    r.audit("P-2", now, "it").unwrap();
    assert_eq!(r.audit_due(now), vec!["P-1", "P-3"]);
    assert!(r.audit("nope", now, "it").is_err());

    // History as events.
    let h: Vec<&RegisterChange> = r.history_of("P-1").map(|e| &e.change).collect();
    assert!(matches!(h[0], RegisterChange::Added));
    assert!(matches!(h[1], RegisterChange::CheckedOut { .. }));
    assert!(matches!(h[2], RegisterChange::CheckedIn { assignee } if assignee == "sales-tanaka"));

    // A lost device keeps its last assignee on record and leaves the overdue list.
    r.transition("P-2", LifecycleState::Lost, later, "it", Some("INC-1"))
        .unwrap();
    assert_eq!(
        r.get("P-2").unwrap().assignee.as_deref(),
        Some("sales-sato")
    );
    assert!(r.overdue(later).is_empty());

    // JSON round trip, schema tags, and validation on load.
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"schema\":\"mamori.register.v1\""));
    assert!(json.contains("\"schema\":\"mamori.device.v1\""));
    let back = Register::from_json(&json).unwrap();
    assert_eq!(back, r);
    let broken = json.replacen("\"state\":\"assigned\"", "\"state\":\"in_stock\"", 1);
    assert!(Register::from_json(&broken).is_err());
    let e =
        Register::from_json(&json.replacen("490154203237518", "490154203237517", 1)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        CheckOut(usize, bool),
        CheckIn(usize),
        Transition(usize, usize),
        Audit(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0usize..3, any::<bool>()).prop_map(|(d, r)| Op::CheckOut(d, r)),
            (0usize..3).prop_map(Op::CheckIn),
            (0usize..3, 0usize..7).prop_map(|(d, s)| Op::Transition(d, s)),
            (0usize..3).prop_map(Op::Audit),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Any sequence of register operations: refused ones change nothing, accepted ones follow
        /// the lifecycle table, the check-out invariant holds, and the register round-trips.
        #[test]
        fn register_operations_keep_invariants(ops in proptest::collection::vec(op(), 0..60)) {
            let t0 = t("2025-04-01T09:00:00+09:00");
            let mut r = Register::new();
            let ids = ["P-0", "P-1", "P-2"];
            for id in ids {
                r.add(phone(id), t0, "it").unwrap();
            }
            for (i, o) in ops.into_iter().enumerate() {
                let at = t0 + chrono::Duration::hours(i as i64 + 1);
                let before = r.clone();
                let (id, res) = match o {
                    Op::CheckOut(d, ret) => (ids[d], r.check_out(ids[d], "emp", at, ret.then(|| at + chrono::Duration::days(1)), "it")),
                    Op::CheckIn(d) => (ids[d], r.check_in(ids[d], at, "it")),
                    Op::Transition(d, s) => (ids[d], r.transition(ids[d], LifecycleState::ALL[s], at, "it", None)),
                    Op::Audit(d) => (ids[d], r.audit(ids[d], at, "it")),
                };
                match res {
                    Ok(()) => {
                        let from = before.get(id).unwrap().state;
                        let to = r.get(id).unwrap().state;
                        prop_assert!(from == to || from.can_transition_to(to), "{from} -> {to}");
                        prop_assert_eq!(r.history.len(), before.history.len() + 1);
                    }
                    Err(_) => prop_assert_eq!(&r, &before),
                }
                for e in r.devices.values() {
                    let holds = matches!(e.device.state, LifecycleState::Assigned | LifecycleState::HandingOver);
                    prop_assert_eq!(holds, e.checkout.is_some());
                }
            }
            let json = serde_json::to_string(&r).unwrap();
            prop_assert_eq!(Register::from_json(&json).unwrap(), r);
        }
    }
}

#[test]
fn register_csv_export() {
    let mut r = Register::new();
    let t0 = t("2025-04-01T09:00:00+09:00");
    let mut d = phone("P-1");
    d.model = "Galaxy \"A54\", 5G".into();
    r.add(d, t0, "it").unwrap();
    r.add(phone("P-2"), t0, "it").unwrap();
    r.check_out(
        "P-1",
        "sales-tanaka",
        t0,
        Some(t("2025-04-02T09:00:00+09:00")),
        "it",
    )
    .unwrap();
    r.audit("P-2", t0, "it").unwrap();
    let csv = r.to_csv();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "id,kind,model,serial,imei,colour,ownership,assignee,state,checked_out_at,expected_return,last_audit"
    );
    assert_eq!(
        lines[1],
        "P-1,phone,\"Galaxy \"\"A54\"\", 5G\",,490154203237518,black,company,sales-tanaka,assigned,2025-04-01T09:00:00+09:00,2025-04-02T09:00:00+09:00,"
    );
    assert_eq!(
        lines[2],
        "P-2,phone,SC-52C,,490154203237518,black,company,,in_stock,,,2025-04-01T09:00:00+09:00"
    );
    assert!(!csv.contains("12345678"), "no phone numbers in the export");
}

/// Issue 27: the register can update a device after adding it (e.g. a refreshed screen lock
/// or vault manifest), records which fields changed, and never lets an update change the
/// lifecycle behind the state machine's back.
#[test]
fn update_replaces_the_record_but_not_the_lifecycle() {
    let mut r = Register::new();
    let t0 = t("2025-04-01T09:00:00+09:00");
    let t1 = t("2025-04-02T09:00:00+09:00");
    r.add(phone("P-1"), t0, "it").unwrap();
    r.check_out("P-1", "sales-tanaka", t0, None, "it").unwrap();

    // The host patches the record it read from the register.
    let mut d = r.get("P-1").unwrap().clone();
    d.posture.screen_lock = ScreenLock::Pin { length: 8 };
    d.colour = Some("blue".into());
    r.update(d.clone(), t1, "it-suzuki").unwrap();
    let got = r.get("P-1").unwrap();
    assert_eq!(got.posture.screen_lock, ScreenLock::Pin { length: 8 });
    assert_eq!(got.state, LifecycleState::Assigned);
    assert_eq!(got.assignee.as_deref(), Some("sales-tanaka"));
    let last = r.history.last().unwrap();
    assert_eq!(last.at, t1);
    assert_eq!(
        last.change,
        RegisterChange::Updated {
            fields: vec!["colour".into(), "posture".into()]
        }
    );
    // An update that changes nothing records nothing.
    let n = r.history.len();
    r.update(d.clone(), t1, "it").unwrap();
    assert_eq!(r.history.len(), n);

    // The lifecycle changes only through its own operations: refused, naming the field.
    let mut wrong = d.clone();
    wrong.state = LifecycleState::InStock;
    let e = r.update(wrong, t1, "it").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("device.state"), "{e}");
    let mut wrong = d.clone();
    wrong.assignee = Some("someone-else".into());
    let e = r.update(wrong, t1, "it").unwrap_err();
    assert!(e.to_string().contains("device.assignee"), "{e}");
    // Validation as on add; unknown devices are not found.
    let mut bad = d.clone();
    bad.posture.screen_lock = ScreenLock::Pin { length: 2 };
    assert_eq!(
        r.update(bad, t1, "it").unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        r.update(phone("P-9"), t1, "it").unwrap_err().code(),
        ErrorCode::NotFound
    );
    // Refused updates left the record as it was, and the register still round-trips.
    assert_eq!(r.get("P-1").unwrap(), &d);
    let back = Register::from_json(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
}
