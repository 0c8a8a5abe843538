//! Signed incident records: an edited log whose unkeyed chain was recomputed passes the chain
//! check but is rejected when it was signed, and is flagged as unsigned when it was not.

use chrono::{DateTime, FixedOffset};
use mamori::breach::IncidentKind;
use mamori::incident::*;
use mamori::text::Lang;
use zeroize::Zeroizing;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn signer(seed: u8) -> IncidentSigner {
    IncidentSigner::from_seed(format!("desk-{seed}"), Zeroizing::new([seed; 32])).unwrap()
}

fn trusted(s: &IncidentSigner) -> Vec<TrustedKey> {
    vec![TrustedKey {
        key_id: s.key_id().to_string(),
        public_key: s.public_key_hex(),
        holder: "総務部".into(),
    }]
}

fn events() -> Vec<Event> {
    vec![
        Event::new(
            t("2026-12-12T23:30:00+09:00"),
            "soumu",
            EventData::Reported {
                kind: IncidentKind::Loss,
                device_id: Some("P-1".into()),
                reporter: "tanaka".into(),
                summary: "phone lost after a staff party on the 12th".into(),
            },
        ),
        Event::new(
            t("2026-12-13T09:00:00+09:00"),
            "soumu",
            EventData::RemoteLockIssued {
                channel: "MDM".into(),
            },
        ),
        Event::new(
            t("2026-12-13T09:05:00+09:00"),
            "soumu",
            EventData::RemoteLockConfirmed,
        ),
    ]
}

/// The insider's edit (seed 002): the loss date moved from the 12th to the 14th, then every
/// hash recomputed so that the unkeyed chain verifies again.
fn edit_and_rechain(inc: &Incident) -> Incident {
    let mut forged = inc.clone();
    forged.events[0].at = t("2026-12-14T23:30:00+09:00");
    forged.events[0].recorded_at = Some(t("2026-12-14T23:30:00+09:00"));
    let mut prev = genesis(&forged.id);
    for e in &mut forged.events {
        e.prev = Some(prev.clone());
        e.hash = Some(event_hash(e).unwrap());
        prev = e.hash.clone().unwrap();
    }
    forged
}

#[test]
fn edited_rechained_log_is_rejected_when_signed() {
    let desk = signer(7);
    let mut inc = Incident::new("INC-SIG-1");
    for e in events() {
        inc.append_signed(e, &desk).unwrap();
    }
    let cp = inc.checkpoint(&desk).unwrap();
    let ok = verify_signed(&inc, &trusted(&desk), std::slice::from_ref(&cp), Lang::En);
    assert_eq!(ok.status, SignatureStatus::Verified, "{}", ok.summary);
    assert_eq!(ok.signed.len(), 3);
    assert_eq!(ok.signed[0].holder, "総務部");
    assert!(ok.unsigned.is_empty());
    assert_eq!(ok.checkpoints_verified, vec![0]);

    let forged = edit_and_rechain(&inc);
    // The unkeyed chain cannot tell ...
    assert_eq!(forged.verify(None).status, ChainStatus::Verified);
    // ... the signatures can.
    let bad = verify_signed(&forged, &trusted(&desk), &[], Lang::Ja);
    assert_eq!(bad.status, SignatureStatus::Rejected);
    let bad_events: Vec<_> = bad.problems.iter().filter_map(|p| p.event_index).collect();
    assert_eq!(bad_events, vec![0, 1, 2], "every later hash changed too");
    assert!(
        bad.problems
            .iter()
            .all(|p| p.code == SignatureProblemCode::BadSignature)
    );
    assert!(bad.summary.contains("改ざん"), "{}", bad.summary);

    // Stripping the signatures does not help: nothing is verified, all are unsigned, and the
    // checkpoint kept outside the log no longer matches.
    let mut stripped = forged.clone();
    for e in &mut stripped.events {
        e.signature = None;
    }
    let s = verify_signed(&stripped, &trusted(&desk), &[cp], Lang::En);
    assert_eq!(s.status, SignatureStatus::Rejected);
    assert_eq!(s.unsigned, vec![0, 1, 2]);
    assert_eq!(s.problems[0].code, SignatureProblemCode::CheckpointMismatch);

    // Re-signing with a key of the forger's own is not trusted.
    let forger = signer(9);
    let mut resigned = Incident::new("INC-SIG-1");
    for mut e in forged.events.clone() {
        e.signature = None;
        e.recorded_at = None;
        resigned.append_signed(e, &forger).unwrap();
    }
    let r = verify_signed(&resigned, &trusted(&desk), &[], Lang::En);
    assert_eq!(r.status, SignatureStatus::Rejected);
    assert!(
        r.problems
            .iter()
            .all(|p| p.code == SignatureProblemCode::UntrustedKey)
    );
}

#[test]
fn edited_rechained_unsigned_log_is_flagged_unsigned() {
    let desk = signer(7);
    let mut inc = Incident::new("INC-SIG-2");
    for e in events() {
        inc.append(e).unwrap();
    }
    let forged = edit_and_rechain(&inc);
    assert_eq!(forged.verify(None).status, ChainStatus::Verified);
    let c = verify_signed(&forged, &trusted(&desk), &[], Lang::En);
    assert_eq!(c.status, SignatureStatus::Unsigned);
    assert_eq!(c.unsigned, vec![0, 1, 2]);
    assert!(c.signed.is_empty());
    assert!(c.summary.contains("unsigned"), "{}", c.summary);
}

#[test]
fn signing_does_not_change_the_chain_and_round_trips() {
    let desk = signer(3);
    let mut plain = Incident::new("INC-SIG-3");
    let mut signed = Incident::new("INC-SIG-3");
    for e in events() {
        plain.append(e.clone()).unwrap();
        signed.append_signed(e, &desk).unwrap();
    }
    let hashes = |i: &Incident| i.events.iter().map(|e| e.hash.clone()).collect::<Vec<_>>();
    assert_eq!(hashes(&plain), hashes(&signed));
    let json = serde_json::to_string(&signed).unwrap();
    let back = Incident::from_json(&json).unwrap();
    assert_eq!(back, signed);
    assert_eq!(
        verify_signed(&back, &trusted(&desk), &[], Lang::En).status,
        SignatureStatus::Verified
    );
    // The private key never shows in Debug.
    let dbg = format!("{desk:?}");
    assert!(
        dbg.contains("desk-3") && !dbg.contains(&"03".repeat(32)),
        "{dbg}"
    );
}
