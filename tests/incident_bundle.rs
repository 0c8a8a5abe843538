//! The evidence bundle: self-contained, checkable with the library alone, and any changed byte
//! (at hundreds of positions across the file) fails its check.

use chrono::{DateTime, FixedOffset};
use mamori::breach::IncidentKind;
use mamori::device::{Device, DeviceKind, Ownership, Register};
use mamori::incident::*;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn request() -> BundleRequest {
    let mut reg = Register::new();
    let d = Device::new("P-1", DeviceKind::Phone, "SC-52C", Ownership::Company);
    reg.add(d, t("2026-12-01T09:00:00+09:00"), "soumu").unwrap();
    reg.check_out(
        "P-1",
        "tanaka",
        t("2026-12-01T10:00:00+09:00"),
        None,
        "soumu",
    )
    .unwrap();
    let mut inc = Incident::new("INC-BUNDLE-1");
    inc.append(Event::new(
        t("2026-12-12T23:30:00+09:00"),
        "soumu",
        EventData::Reported {
            kind: IncidentKind::Loss,
            device_id: Some("P-1".into()),
            reporter: "tanaka".into(),
            summary: "社用スマートフォン紛失 \"after\" a party".into(),
        },
    ))
    .unwrap();
    inc.append(Event::new(
        t("2026-12-13T09:00:00+09:00"),
        "soumu",
        EventData::RemoteLockIssued {
            channel: "MDM".into(),
        },
    ))
    .unwrap();
    BundleRequest {
        incident: inc,
        device: reg.get("P-1").cloned(),
        device_history: reg.history_of("P-1").cloned().collect(),
        assessments: Vec::new(),
        trusted_keys: Vec::new(),
        checkpoints: Vec::new(),
        organisation_name: Some("株式会社サンプル".into()),
        now: t("2026-12-13T12:00:00+09:00"),
    }
}

#[test]
fn bundle_is_self_contained_and_verifies() {
    let files = evidence_bundle(&request()).unwrap();
    let check = verify_bundle(files.json.as_bytes(), Some(files.html.as_bytes()));
    assert_eq!(check.status, BundleStatus::Intact, "{:?}", check.problems);
    assert_eq!(check.html_matches, Some(true));
    assert_eq!(check.chain_status, Some(ChainStatus::Verified));
    let b: EvidenceBundle = serde_json::from_str(&files.json).unwrap();
    assert_eq!(b.schema, "mamori.evidence_bundle.v1");
    assert_eq!(b.incident.events.len(), 2);
    assert_eq!(b.device.as_ref().unwrap().id, "P-1");
    assert_eq!(b.device_history.len(), 2);
    assert_eq!(b.report_drafts.len(), 2);
    assert_eq!(b.notice_drafts.len(), 1);
    // No trusted keys: every event is listed as unsigned, never as verified.
    assert_eq!(b.signatures.status, SignatureStatus::Unsigned);
    assert_eq!(b.signatures.unsigned, vec![0, 1]);
    // Deterministic: the same request gives the same bytes.
    assert_eq!(evidence_bundle(&request()).unwrap(), files);
}

#[test]
fn any_changed_byte_fails_the_check() {
    let files = evidence_bundle(&request()).unwrap();
    let bytes = files.json.as_bytes();
    let step = (bytes.len() / 600).max(1);
    let mut checked = 0;
    for i in (0..bytes.len()).step_by(step).chain([bytes.len() - 1]) {
        for flip in [0x01u8, 0x20, 0x80] {
            let mut m = bytes.to_vec();
            m[i] ^= flip;
            let c = verify_bundle(&m, None);
            assert_ne!(
                c.status,
                BundleStatus::Intact,
                "byte {i} ^ {flip:#x} ({:?}) went unnoticed",
                bytes[i] as char
            );
            checked += 1;
        }
    }
    assert!(checked > 1500, "{checked}");
    // Inserted whitespace and a truncated file fail too.
    let spaced = files.json.replacen(',', ", ", 1);
    assert_eq!(
        verify_bundle(spaced.as_bytes(), None).status,
        BundleStatus::Altered
    );
    assert_ne!(
        verify_bundle(&bytes[..bytes.len() - 1], None).status,
        BundleStatus::Intact
    );
    // A changed HTML report is caught through its digest.
    let html = files.html.replacen("<", "< ", 1);
    let c = verify_bundle(bytes, Some(html.as_bytes()));
    assert_eq!(c.status, BundleStatus::Altered);
    assert_eq!(c.html_matches, Some(false));
}
