//! Issue 29, item 4: legal hold (訴訟ホールド) on a device, a vault and an incident. Every erase
//! path — the register's `wiped` transition, `Vault::wipe`, `wipe_reporting`, `wipe_file`, the
//! retention review, the hand-over's retention deletion and wipe, the incident's remote wipe —
//! refuses while a hold is on, with `LEGAL_HOLD` (302) naming the hold, and works after a
//! recorded override or the release; the next actions show the conflict in both languages.

use std::path::Path;

use chrono::{DateTime, FixedOffset, Utc};
use mamori::breach::IncidentKind;
use mamori::device::handover::{
    Handover, HandoverStart, RecipientKind, RetentionPolicy, retention_review,
};
use mamori::device::{Device, DeviceKind, LifecycleState, Ownership, Register, RegisterChange};
use mamori::incident::HoldDecision;
use mamori::incident::{
    ActionId, Event, EventData, HoldAction, Incident, LocateResult, next_actions,
};
use mamori::vault::keyshare::{ShareOp, ShareRegistry};
use mamori::vault::{Contact, FactorSource, Vault, hold_reference};
use mamori::{Error, ErrorCode};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

#[path = "support/vault_key_helpers.rs"]
mod helpers;
#[path = "support/ffi_server_vault.rs"]
mod server_vault;
use helpers::opts;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn vault(path: &Path, seed: u64) -> Vault {
    let v = Vault::create(path, b"correct horse battery staple", opts(seed)).unwrap();
    v.put_many(vec![
        Contact::new("山田 太郎", &["090-1234-5678"]),
        Contact::new("佐藤 花子", &["03-1234-5678"]),
    ])
    .unwrap();
    v
}

/// The error is LEGAL_HOLD and its message names every `needle`.
fn held<T: std::fmt::Debug>(r: mamori::Result<T>, needles: &[&str]) {
    match r {
        Err(e @ Error::LegalHold { .. }) => {
            assert_eq!(e.code(), ErrorCode::LegalHold);
            assert_eq!(e.code().as_u32(), 302);
            let m = e.to_string();
            for n in needles {
                assert!(m.contains(n), "{m:?} lacks {n:?}");
            }
        }
        other => panic!("expected LegalHold, got {other:?}"),
    }
}

/// A register whose phone P-001 is reported lost (`in_stock` → `lost`).
fn lost_phone_register() -> Register {
    let at = t("2026-05-01T09:00:00+09:00");
    let phone = Device::new("P-001", DeviceKind::Phone, "SC-52C", Ownership::Company);
    let mut r = Register::new();
    r.add(phone, at, "it").unwrap();
    r.transition("P-001", LifecycleState::Lost, at, "it", Some("INC-9"))
        .unwrap();
    r
}

#[test]
fn register_wipe_refuses_under_hold_and_works_after_override() {
    let mut r = lost_phone_register();
    let at = t("2026-05-02T10:00:00+09:00");
    r.hold(
        "P-001",
        HoldAction::Place,
        "LH-2026-03",
        "dispute with the leaver",
        at,
        "legal-sato",
    )
    .unwrap();
    held(
        r.transition("P-001", LifecycleState::Wiped, at, "it", None),
        &[
            "LH-2026-03",
            "legal-sato",
            "2026-05-02T10:00:00+09:00",
            "dispute with the leaver",
            "device P-001",
        ],
    );
    assert_eq!(r.get("P-001").unwrap().state, LifecycleState::Lost);
    // An override without a reason is refused and records nothing.
    let n = r.history.len();
    assert_eq!(
        r.hold("P-001", HoldAction::Override, "LH-2026-03", " ", at, "cfo")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(r.history.len(), n);
    let holds = r
        .hold(
            "P-001",
            HoldAction::Override,
            "LH-2026-03",
            "thief has the phone; counsel agrees to wipe",
            at,
            "cfo-ito",
        )
        .unwrap();
    assert_eq!(holds[0].overrides[0].by, "cfo-ito");
    r.transition("P-001", LifecycleState::Wiped, at, "it", None)
        .unwrap();
    // Every hold event is in the history with its actor, time and reason, and survives JSON.
    let events: Vec<_> = r
        .history_of("P-001")
        .filter(|e| matches!(e.change, RegisterChange::Hold { .. }))
        .collect();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].actor, "legal-sato");
    let back = Register::from_json(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back.holds("P-001").unwrap(), r.holds("P-001").unwrap());
}

#[test]
fn a_register_whose_hold_events_do_not_fold_is_refused() {
    let mut r = lost_phone_register();
    let at = t("2026-05-02T10:00:00+09:00");
    r.hold("P-001", HoldAction::Place, "LH-1", "evidence", at, "legal")
        .unwrap();
    // Drop the placement from the stored history: the override left behind does not fold.
    r.hold("P-001", HoldAction::Override, "LH-1", "agreed", at, "cfo")
        .unwrap();
    let placed = r.history.len() - 2;
    r.history.remove(placed);
    let e = Register::from_json(&serde_json::to_string(&r).unwrap()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains(&format!("history[{placed}]")), "{e}");
}

#[test]
fn register_release_lifts_the_hold() {
    let mut r = lost_phone_register();
    let at = t("2026-05-02T10:00:00+09:00");
    r.hold("P-001", HoldAction::Place, "LH-1", "evidence", at, "legal")
        .unwrap();
    held(
        r.transition("P-001", LifecycleState::Wiped, at, "it", None),
        &["LH-1"],
    );
    // Releasing a hold that is not on is NotFound.
    assert_eq!(
        r.hold("P-001", HoldAction::Release, "LH-9", "x", at, "legal")
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    r.hold(
        "P-001",
        HoldAction::Release,
        "LH-1",
        "case settled",
        at,
        "legal",
    )
    .unwrap();
    assert!(!r.holds("P-001").unwrap()[0].is_active());
    r.transition("P-001", LifecycleState::Wiped, at, "it", None)
        .unwrap();
}

#[test]
fn vault_wipes_refuse_under_hold_and_work_after_override() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v");
    let v = vault(&p, 1);
    let holds = v.hold(HoldAction::Place, "LH-7").unwrap();
    assert_eq!(holds.len(), 1);
    assert_eq!(
        holds[0].reference,
        format!("{:08x}", hold_reference("LH-7"))
    );
    // The hold is in the authenticated access log.
    let log = v.access_log().unwrap();
    assert!(log.verified);
    assert!(
        log.entries
            .iter()
            .any(|e| e.event == mamori::vault::AccessEvent::HoldPlaced)
    );
    let reference = holds[0].reference.clone();
    held(v.wipe(), &["wipe of vault", &reference]);
    held(v.wipe_reporting(), &[&reference]);
    // The vault is still open and intact after the refusals.
    assert_eq!(v.len().unwrap(), 2);
    // Placing the same hold twice is refused; the hold survives a compaction.
    assert_eq!(
        v.hold(HoldAction::Place, "LH-7").unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    v.compact().unwrap();
    held(v.wipe(), &[&reference]);
    // The locked-file wipe reads the hold without the key.
    v.close().unwrap();
    held(Vault::wipe_file(&p), &["wipe_file", &reference]);
    assert!(p.exists());
    let v = Vault::open(&p, b"correct horse battery staple", opts(2)).unwrap();
    held(v.wipe(), &[&reference]);
    let holds = v.hold(HoldAction::Override, "LH-7").unwrap();
    assert_eq!(holds[0].overridden_at.len(), 1);
    v.wipe().unwrap();
    assert!(!p.exists());
}

#[test]
fn replaced_versions_are_kept_under_hold_and_compaction_refuses_until_override() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v");
    let v = vault(&p, 21);
    let ids = v.ids().unwrap();
    let reference = v.hold(HoldAction::Place, "LH-13").unwrap()[0]
        .reference
        .clone();
    // Updating a contact stays allowed under the hold; its old version is kept in the file
    // (not overwritten in place), and a compaction, which would drop it, is refused.
    let mut c = v.get(&ids[0]).unwrap();
    let old_phone = c.phones[0].clone();
    c.phones = vec!["090-9999-0000".into()];
    v.put(c).unwrap();
    held(
        v.compact(),
        &[
            "compaction",
            "1 replaced or deleted contact version",
            &reference,
        ],
    );
    // The vault stays usable: the new version is served and found by caller ID.
    let new_phones = v.get(&ids[0]).unwrap().phones.clone();
    assert_eq!(new_phones, vec!["+819099990000"]);
    assert!(v.lookup_phone("090-9999-0000").unwrap().is_some());
    assert!(v.lookup_phone(&old_phone).unwrap().is_none());
    assert_eq!(v.len().unwrap(), 2);
    // Closing does not erase the kept version either.
    v.close().unwrap();
    let v = Vault::open(&p, b"correct horse battery staple", opts(22)).unwrap();
    held(v.compact(), &["compaction"]);
    // After the override the compaction goes through (and drops the old version).
    v.hold(HoldAction::Override, "LH-13").unwrap();
    v.compact().unwrap();
    assert_eq!(v.get(&ids[0]).unwrap().phones, new_phones);
}

#[test]
fn vault_release_lifts_the_hold_for_wipe_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v");
    let v = vault(&p, 3);
    v.hold(HoldAction::Place, "LH-1").unwrap();
    assert_eq!(
        v.hold(HoldAction::Override, "LH-2").unwrap_err().code(),
        ErrorCode::NotFound
    );
    v.close().unwrap();
    held(Vault::wipe_file(&p), &["wipe_file"]);
    let v = Vault::open(&p, b"correct horse battery staple", opts(4)).unwrap();
    v.hold(HoldAction::Release, "LH-1").unwrap();
    assert!(v.holds().unwrap()[0].released_at.is_some());
    v.close().unwrap();
    Vault::wipe_file(&p).unwrap();
    assert!(!p.exists());
}

#[test]
fn vault_delete_refuses_under_hold_and_works_after_release() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(&dir.path().join("v"), 7);
    let ids = v.ids().unwrap();
    v.hold(HoldAction::Place, "LH-8").unwrap();
    held(v.delete(&ids[0]), &["delete of a contact"]);
    assert_eq!(v.len().unwrap(), 2);
    // Adding and reading stay allowed under the hold.
    v.put(Contact::new("鈴木 一郎", &["080-1111-2222"]))
        .unwrap();
    assert_eq!(v.len().unwrap(), 3);
    v.hold(HoldAction::Release, "LH-8").unwrap();
    v.delete(&ids[0]).unwrap();
    assert_eq!(v.len().unwrap(), 2);
}

#[test]
fn retention_and_handover_refuse_under_hold_and_work_after_override() {
    let dir = tempfile::tempdir().unwrap();
    let old = vault(&dir.path().join("old"), 5);
    let new = Vault::create(dir.path().join("new"), b"another long passphrase", opts(6)).unwrap();
    let now = t("2026-06-30T10:00:00+09:00");
    let policy = RetentionPolicy {
        max_unused_days: 365,
    };
    old.hold(HoldAction::Place, "LH-3").unwrap();
    held(
        retention_review(&old, &policy, None, now),
        &["retention deletion"],
    );
    let start = HandoverStart {
        id: "HO-1".into(),
        leaver: "sales-tanaka".into(),
        recipient: "sales-suzuki".into(),
        recipient_kind: RecipientKind::Successor,
        device_id: None,
        share_id: None,
    };
    let mut h = Handover::start(&start, &old, None, now, "it").unwrap();
    // Listing a contact for deletion during the move is retention deletion: refused.
    let ids = old.ids().unwrap();
    held(
        h.move_contacts(&old, &new, &ids[..1], now, "it"),
        &["retention deletion"],
    );
    assert_eq!(h.steps.len(), 1);
    // Moving everything (nothing deleted) is allowed under the hold.
    h.move_contacts(&old, &new, &[], now, "it").unwrap();
    h.record_key_retired(&old, None, now, "it").unwrap();
    let steps = h.steps.len();
    held(
        h.wipe_source(&old, None, now, "it"),
        &["the hand-over's wipe step"],
    );
    assert_eq!(h.steps.len(), steps, "a refused wipe records nothing");
    assert_eq!(old.len().unwrap(), 2, "the old vault is kept");
    old.hold(HoldAction::Override, "LH-3").unwrap();
    let r = retention_review(&old, &policy, None, now).unwrap();
    assert_eq!(r.delete.len() + r.unknown.len() + r.kept as usize, 2);
    h.wipe_source(&old, None, now, "it").unwrap();
}

#[test]
fn a_device_hold_reaches_the_handover_wipe_of_its_vault() {
    let dir = tempfile::tempdir().unwrap();
    let old = vault(&dir.path().join("old"), 9);
    let new = Vault::create(dir.path().join("new"), b"another long passphrase", opts(10)).unwrap();
    let now = t("2026-06-30T10:00:00+09:00");
    let mut reg = Register::new();
    let phone = Device::new("P-002", DeviceKind::Phone, "SC-52C", Ownership::Company);
    reg.add(phone, now, "it").unwrap();
    reg.check_out("P-002", "sales-tanaka", now, None, "it")
        .unwrap();
    reg.hold(
        "P-002",
        HoldAction::Place,
        "LH-4",
        "leaver in dispute",
        now,
        "legal",
    )
    .unwrap();
    let start = HandoverStart {
        id: "HO-2".into(),
        leaver: "sales-tanaka".into(),
        recipient: "sales-suzuki".into(),
        recipient_kind: RecipientKind::Successor,
        device_id: Some("P-002".into()),
        share_id: None,
    };
    let mut h = Handover::start(&start, &old, Some(&mut reg), now, "it").unwrap();
    // The device's hold is now in the vault's own log too.
    let holds = old.holds().unwrap();
    assert_eq!(holds.len(), 1);
    assert_eq!(
        holds[0].reference,
        format!("{:08x}", hold_reference("LH-4"))
    );
    h.move_contacts(&old, &new, &[], now, "it").unwrap();
    h.record_key_retired(&old, None, now, "it").unwrap();
    held(
        h.wipe_source(&old, None, now, "it"),
        &["the hand-over's wipe step"],
    );
    old.hold(HoldAction::Override, "LH-4").unwrap();
    h.wipe_source(&old, None, now, "it").unwrap();
}

fn utc(s: &str) -> DateTime<Utc> {
    t(s).with_timezone(&Utc)
}

fn decision(by: &str, at: &str, reason: &str) -> HoldDecision {
    HoldDecision {
        by: by.into(),
        at: t(at),
        reason: reason.into(),
    }
}

/// A registry with one issued share.
fn registry() -> (ShareRegistry, [u8; 16]) {
    let mut reg = ShareRegistry::new();
    let id = reg
        .issue(
            &mut ChaCha20Rng::seed_from_u64(11),
            utc("2026-04-01T09:00:00+09:00"),
        )
        .id;
    (reg, id)
}

#[test]
fn share_revocation_refuses_under_hold_and_works_after_override() {
    let (mut reg, id) = registry();
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    reg.hold(
        &id,
        HoldAction::Place,
        "LH-11",
        decision(
            "legal-sato",
            "2026-05-02T10:00:00+09:00",
            "the leaver's phone is evidence",
        ),
    )
    .unwrap();
    let entries = reg.log().entries.len();
    held(
        reg.revoke(&id, utc("2026-05-02T11:00:00+09:00")),
        &[
            "revocation",
            "LH-11",
            "legal-sato",
            "the leaver's phone is evidence",
            &format!("server share {hex}"),
        ],
    );
    // Nothing was destroyed or recorded: the share is still released.
    assert!(!reg.is_revoked(&id));
    assert_eq!(reg.log().entries.len(), entries);
    reg.release(&id, utc("2026-05-02T11:30:00+09:00")).unwrap();
    // The hold is in the hash-chained log with who, when and why, and survives a restore.
    let log = reg.log();
    let e = log
        .entries
        .iter()
        .find(|e| e.op == ShareOp::HoldPlaced)
        .unwrap();
    assert_eq!(e.hold.as_ref().unwrap().by, "legal-sato");
    assert_eq!(e.at, Some(utc("2026-05-02T10:00:00+09:00")));
    let mut back = ShareRegistry::restore(&log, reg.head()).unwrap();
    assert_eq!(back.holds(&id), reg.holds(&id));
    held(
        back.revoke(&id, utc("2026-05-02T12:00:00+09:00")),
        &["LH-11"],
    );
    // An override without a reason is refused; with one, the revocation goes through.
    assert_eq!(
        reg.hold(
            &id,
            HoldAction::Override,
            "LH-11",
            decision("cfo", "2026-05-02T12:00:00+09:00", " ")
        )
        .unwrap_err()
        .code(),
        ErrorCode::InvalidInput
    );
    let holds = reg
        .hold(
            &id,
            HoldAction::Override,
            "LH-11",
            decision(
                "cfo-ito",
                "2026-05-02T12:00:00+09:00",
                "the phone is with a thief; erasing outweighs keeping",
            ),
        )
        .unwrap();
    assert_eq!(holds[0].overrides[0].by, "cfo-ito");
    reg.revoke(&id, utc("2026-05-02T12:05:00+09:00")).unwrap();
    assert!(reg.is_revoked(&id));
    let back = ShareRegistry::restore(&reg.log(), reg.head()).unwrap();
    assert!(back.is_revoked(&id));
    assert_eq!(back.holds(&id)[0].overrides.len(), 1);
}

#[test]
fn share_hold_release_and_a_log_whose_hold_entries_do_not_fold() {
    let (mut reg, id) = registry();
    // Entries without holds keep their old form (no `hold` member): old logs still verify.
    let plain = serde_json::to_value(reg.log()).unwrap();
    assert!(plain["entries"][0].get("hold").is_none());
    let at = "2026-05-02T10:00:00+09:00";
    // A hold on an unknown share is NotFound.
    assert_eq!(
        reg.hold(
            &[7; 16],
            HoldAction::Place,
            "LH-1",
            decision("legal", at, "x")
        )
        .unwrap_err()
        .code(),
        ErrorCode::NotFound
    );
    reg.hold(
        &id,
        HoldAction::Place,
        "LH-1",
        decision("legal", at, "evidence"),
    )
    .unwrap();
    reg.hold(
        &id,
        HoldAction::Override,
        "LH-1",
        decision("cfo", at, "agreed"),
    )
    .unwrap();
    // Drop the placement from the stored log and re-chain it by hand: the override left
    // behind does not fold, and restore names the entry.
    let mut log = reg.log();
    log.entries.remove(1);
    let mut prev = log.entries[0].hash.clone();
    for (i, e) in log.entries.iter_mut().enumerate().skip(1) {
        e.seq = i as u64;
        e.prev = prev.clone();
        e.hash = mamori::hashchain::record_hash(&*e).unwrap();
        prev = e.hash.clone();
    }
    let err = ShareRegistry::restore(&log, None).unwrap_err();
    assert!(err.to_string().contains("entries[1].hold"), "{err}");
    // A release lifts the hold.
    let (mut reg, id) = registry();
    reg.hold(
        &id,
        HoldAction::Place,
        "LH-2",
        decision("legal", at, "evidence"),
    )
    .unwrap();
    reg.hold(
        &id,
        HoldAction::Release,
        "LH-2",
        decision("legal", at, "settled"),
    )
    .unwrap();
    reg.revoke(&id, utc(at)).unwrap();
    // A revoked share takes no hold.
    assert_eq!(
        reg.hold(
            &id,
            HoldAction::Place,
            "LH-3",
            decision("legal", at, "late")
        )
        .unwrap_err()
        .code(),
        ErrorCode::ShareRevoked
    );
}

/// A `passcode+server` vault `old` whose server share `id` is issued in `server`, and a
/// hand-over of it (share id `share`, or the vault's own) whose move to `new` is verified.
struct ServerHandover {
    server: ShareRegistry,
    id: [u8; 16],
    old: Vault,
    new: Vault,
    h: Handover,
}

fn server_handover(dir: &Path, share: Option<[u8; 16]>) -> ServerHandover {
    let (mut server, id) = registry();
    // The registry's share for the vault's server slot.
    let issued_share = server
        .release(&id, utc("2026-04-01T09:05:00+09:00"))
        .unwrap();
    let mut challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(15));
    challenge[16..].copy_from_slice(&id);
    let old = Vault::create_with_factor(
        dir.join("old"),
        b"258013",
        FactorSource::Server,
        &challenge,
        &issued_share,
        opts(12),
    )
    .unwrap();
    let new = Vault::create(dir.join("new"), b"another long passphrase", opts(13)).unwrap();
    let now = t("2026-06-30T10:00:00+09:00");
    let start = HandoverStart {
        id: "HO-3".into(),
        leaver: "sales-tanaka".into(),
        recipient: "sales-suzuki".into(),
        recipient_kind: RecipientKind::Successor,
        device_id: None,
        share_id: Some(
            share
                .unwrap_or(id)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        ),
    };
    let mut h = Handover::start(&start, &old, None, now, "it").unwrap();
    h.move_contacts(&old, &new, &[], now, "it").unwrap();
    ServerHandover {
        server,
        id,
        old,
        new,
        h,
    }
}

#[test]
fn handover_revoke_share_refuses_under_a_hold_on_the_share() {
    let dir = tempfile::tempdir().unwrap();
    let s = server_handover(dir.path(), None);
    let (mut server, id, old, mut h) = (s.server, s.id, s.old, s.h);
    let now = t("2026-06-30T10:00:00+09:00");
    server
        .hold(
            &id,
            HoldAction::Place,
            "LH-12",
            decision("legal-sato", "2026-06-30T09:00:00+09:00", "dispute"),
        )
        .unwrap();
    let steps = h.steps.len();
    held(
        h.revoke_share(&mut server, &old, now, "it"),
        &["revocation", "LH-12", "legal-sato", "dispute"],
    );
    assert_eq!(h.steps.len(), steps, "a refused revocation records nothing");
    assert!(!server.is_revoked(&id));
    server
        .hold(
            &id,
            HoldAction::Override,
            "LH-12",
            decision(
                "counsel-ito",
                "2026-06-30T09:30:00+09:00",
                "copy kept by counsel",
            ),
        )
        .unwrap();
    h.revoke_share(&mut server, &old, now, "it").unwrap();
    assert!(server.is_revoked(&id));
}

/// Revoking the share crypto-erases the old vault: a hold in the source vault's own log (as
/// `Handover::start` copies a device's holds there) refuses it too, though the registry holds
/// none; the vault must be the source, and the recorded share must be one it names.
#[test]
fn handover_share_revocation_reads_the_source_vaults_hold() {
    let dir = tempfile::tempdir().unwrap();
    let s = server_handover(dir.path(), None);
    let (mut server, id, old, new, mut h) = (s.server, s.id, s.old, s.new, s.h);
    let now = t("2026-06-30T10:00:00+09:00");
    let reference = old.hold(HoldAction::Place, "LH-15").unwrap()[0]
        .reference
        .clone();
    assert!(server.holds(&id).is_empty());
    let steps = h.steps.len();
    let log = server.log();
    held(
        h.revoke_share(&mut server, &old, now, "it"),
        &["revocation of the server share", &reference],
    );
    assert_eq!(h.steps.len(), steps, "a refused revocation records nothing");
    assert!(!server.is_revoked(&id));
    assert_eq!(server.log(), log, "the registry is untouched");
    // Another vault is not the source (and has no hold to read).
    assert_eq!(
        h.revoke_share(&mut server, &new, now, "it")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    assert!(!server.is_revoked(&id));
    old.hold(HoldAction::Override, "LH-15").unwrap();
    h.revoke_share(&mut server, &old, now, "it").unwrap();
    assert!(server.is_revoked(&id));
    assert_eq!(h.steps.len(), steps + 1);

    // A hand-over started with a share the source vault does not name revokes nothing.
    let dir = tempfile::tempdir().unwrap();
    let s = server_handover(dir.path(), Some([0xab; 16]));
    let (mut server, id, old, mut h) = (s.server, s.id, s.old, s.h);
    let e = h.revoke_share(&mut server, &old, now, "it").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
    assert!(e.to_string().contains("share_id"), "{e}");
    assert!(!server.is_revoked(&id));
}

#[test]
fn host_key_deletion_in_the_handover_refuses_under_hold() {
    let dir = tempfile::tempdir().unwrap();
    let old = Vault::create_with_raw_key(dir.path().join("old"), &[7u8; 32], opts(31)).unwrap();
    old.put(Contact::new("山田 太郎", &["090-1234-5678"]))
        .unwrap();
    let new = Vault::create(dir.path().join("new"), b"another long passphrase", opts(32)).unwrap();
    let now = t("2026-06-30T10:00:00+09:00");
    let start = HandoverStart {
        id: "HO-4".into(),
        leaver: "sales-tanaka".into(),
        recipient: "sales-suzuki".into(),
        recipient_kind: RecipientKind::Successor,
        device_id: None,
        share_id: None,
    };
    let mut h = Handover::start(&start, &old, None, now, "it").unwrap();
    h.move_contacts(&old, &new, &[], now, "it").unwrap();
    let reference = old.hold(HoldAction::Place, "LH-14").unwrap()[0]
        .reference
        .clone();
    let steps = h.steps.len();
    held(
        h.record_key_retired(&old, None, now, "it"),
        &["deletion of the host key", &reference],
    );
    assert_eq!(h.steps.len(), steps, "a refused step records nothing");
    // Another vault is not the source.
    assert_eq!(
        h.record_key_retired(&new, None, now, "it")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    old.hold(HoldAction::Override, "LH-14").unwrap();
    h.record_key_retired(&old, None, now, "it").unwrap();
    assert_eq!(h.steps.len(), steps + 1);
}

fn lost_phone_incident() -> (Incident, Device) {
    let mut d = Device::new("P-001", DeviceKind::Phone, "SC-52C", Ownership::Company);
    d.posture.remote_lock = true;
    d.posture.remote_locate = true;
    d.posture.remote_wipe = true;
    let mut inc = Incident::new("INC-9");
    inc.append(Event::new(
        t("2026-05-01T09:00:00+09:00"),
        "sales-tanaka",
        EventData::Reported {
            kind: IncidentKind::Loss,
            device_id: Some("P-001".into()),
            reporter: "sales-tanaka".into(),
            summary: "phone lost on the train".into(),
        },
    ))
    .unwrap();
    inc.append(Event::new(
        t("2026-05-01T09:30:00+09:00"),
        "it",
        EventData::LocateAttempted {
            result: LocateResult::NoResponse,
            position: None,
        },
    ))
    .unwrap();
    (inc, d)
}

fn hold_event(data: EventData, actor: &str) -> Event {
    Event::new(t("2026-05-01T10:00:00+09:00"), actor, data)
}

#[test]
fn incident_remote_wipe_refuses_under_hold_and_works_after_override() {
    let (mut inc, _) = lost_phone_incident();
    inc.append(hold_event(
        EventData::LegalHoldPlaced {
            hold_id: "LH-5".into(),
            reason: "the phone is evidence in the dispute".into(),
        },
        "legal-sato",
    ))
    .unwrap();
    let n = inc.events.len();
    let wipe = || {
        Event::new(
            t("2026-05-01T11:00:00+09:00"),
            "it",
            EventData::RemoteWipeIssued {
                channel: "MDM".into(),
            },
        )
    };
    held(
        inc.append(wipe()),
        &[
            "LH-5",
            "legal-sato",
            "the phone is evidence",
            "incident INC-9",
        ],
    );
    assert_eq!(inc.events.len(), n, "nothing appended");
    // Overriding a hold that is not on is refused.
    assert_eq!(
        inc.append(hold_event(
            EventData::LegalHoldOverridden {
                hold_id: "LH-6".into(),
                reason: "x".into()
            },
            "cfo"
        ))
        .unwrap_err()
        .code(),
        ErrorCode::InvalidEvent
    );
    inc.append(hold_event(
        EventData::LegalHoldOverridden {
            hold_id: "LH-5".into(),
            reason: "customer data at risk outweighs keeping".into(),
        },
        "cfo-ito",
    ))
    .unwrap();
    inc.append(wipe()).unwrap();
    let st = inc.state().unwrap();
    assert_eq!(st.holds[0].overrides[0].by, "cfo-ito");
    // The log (with its hold events) verifies and replays.
    let back = Incident::from_json(&serde_json::to_string(&inc).unwrap()).unwrap();
    assert_eq!(back.state().unwrap().holds, st.holds);
}

#[test]
fn incident_release_lifts_the_hold() {
    let (mut inc, _) = lost_phone_incident();
    for data in [
        EventData::LegalHoldPlaced {
            hold_id: "LH-5".into(),
            reason: "evidence".into(),
        },
        EventData::LegalHoldReleased {
            hold_id: "LH-5".into(),
            reason: "matter closed".into(),
        },
    ] {
        inc.append(hold_event(data, "legal")).unwrap();
    }
    inc.append(Event::new(
        t("2026-05-01T11:00:00+09:00"),
        "it",
        EventData::RemoteWipeIssued {
            channel: "MDM".into(),
        },
    ))
    .unwrap();
}

#[test]
fn next_actions_show_the_conflict_in_both_languages() {
    let (mut inc, d) = lost_phone_incident();
    let now = t("2026-05-01T12:00:00+09:00");
    // Without a hold: the plain remote-wipe action, no conflict.
    let plain = next_actions(&inc.state().unwrap(), Some(&d), None, now);
    let w = plain.iter().find(|a| a.id == ActionId::RemoteWipe).unwrap();
    assert!(w.conflict.is_none());
    inc.append(hold_event(
        EventData::LegalHoldPlaced {
            hold_id: "LH-5".into(),
            reason: "the phone is evidence".into(),
        },
        "legal-sato",
    ))
    .unwrap();
    let acts = next_actions(&inc.state().unwrap(), Some(&d), None, now);
    let w = acts.iter().find(|a| a.id == ActionId::RemoteWipe).unwrap();
    let c = w.conflict.as_ref().expect("the conflict is shown");
    assert_eq!(c.hold.hold_id, "LH-5");
    // English: do not wipe, lock and locate, the risk.
    for n in [
        "LH-5",
        "legal-sato",
        "do not wipe",
        "locked",
        "locating",
        "Risk",
    ] {
        assert!(c.en.contains(n), "{:?} lacks {n:?}", c.en);
    }
    // Japanese: the same.
    for n in [
        "LH-5",
        "legal-sato",
        "消去せず",
        "遠隔ロック",
        "位置確認",
        "リスク",
    ] {
        assert!(c.ja.contains(n), "{:?} lacks {n:?}", c.ja);
    }
    assert!(w.title.contains("Do not wipe"), "{}", w.title);
    assert!(w.title_ja.contains("訴訟ホールド"), "{}", w.title_ja);
    assert!(w.needs_approval.as_deref().unwrap().contains("override"));
    // Lock and locate stay on the list.
    assert!(acts.iter().any(|a| a.id == ActionId::RemoteLock));
    assert!(acts.iter().any(|a| a.id == ActionId::Locate));
    // After the override, the plain wipe action is back.
    inc.append(hold_event(
        EventData::LegalHoldOverridden {
            hold_id: "LH-5".into(),
            reason: "counsel agrees".into(),
        },
        "cfo-ito",
    ))
    .unwrap();
    let acts = next_actions(&inc.state().unwrap(), Some(&d), None, now);
    let w = acts.iter().find(|a| a.id == ActionId::RemoteWipe).unwrap();
    assert!(w.conflict.is_none());
}

#[test]
fn a_hold_placed_after_the_wipe_was_issued_asks_to_cancel_it() {
    let (mut inc, d) = lost_phone_incident();
    inc.append(Event::new(
        t("2026-05-01T09:45:00+09:00"),
        "it",
        EventData::RemoteWipeIssued {
            channel: "MDM".into(),
        },
    ))
    .unwrap();
    let now = t("2026-05-01T12:00:00+09:00");
    // Without a hold the issued wipe is simply pending: no wipe action.
    let acts = next_actions(&inc.state().unwrap(), Some(&d), None, now);
    assert!(!acts.iter().any(|a| a.id == ActionId::RemoteWipe));
    inc.append(hold_event(
        EventData::LegalHoldPlaced {
            hold_id: "LH-5".into(),
            reason: "evidence".into(),
        },
        "legal-sato",
    ))
    .unwrap();
    let acts = next_actions(&inc.state().unwrap(), Some(&d), None, now);
    let w = acts.iter().find(|a| a.id == ActionId::RemoteWipe).unwrap();
    let c = w.conflict.as_ref().unwrap();
    for n in [
        "LH-5",
        "2026-05-01T09:45:00+09:00",
        "cancel",
        "locked",
        "Risk",
    ] {
        assert!(c.en.contains(n), "{:?} lacks {n:?}", c.en);
    }
    for n in ["取り消し", "遠隔ロック", "リスク"] {
        assert!(c.ja.contains(n), "{:?} lacks {n:?}", c.ja);
    }
    assert!(w.title.contains("Cancel"), "{}", w.title);
    // Once the device confirms the wipe there is nothing left to cancel.
    inc.append(Event::new(
        t("2026-05-01T13:00:00+09:00"),
        "it",
        EventData::RemoteWipeConfirmed,
    ))
    .unwrap();
    let acts = next_actions(&inc.state().unwrap(), Some(&d), None, now);
    assert!(!acts.iter().any(|a| a.id == ActionId::RemoteWipe));
}

mod c_abi {
    use std::ffi::{CStr, CString, c_char};
    use std::ptr;

    use mamori::ffi::*;

    fn c(s: &str) -> CString {
        CString::new(s).unwrap()
    }

    fn last_error() -> String {
        unsafe { CStr::from_ptr(mamori_last_error_message()) }
            .to_string_lossy()
            .into_owned()
    }

    fn take(p: *mut c_char) -> serde_json::Value {
        let s = unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned();
        unsafe { mamori_string_free(p) };
        serde_json::from_str(&s).unwrap()
    }

    fn apply(reg: *mut mamori_register, cmd: &str) -> (mamori_result, Option<serde_json::Value>) {
        let cmd = c(cmd);
        let mut out = ptr::null_mut();
        let r = unsafe { mamori_register_apply(reg, cmd.as_ptr(), &mut out) };
        (r, (r == mamori_result::MAMORI_OK).then(|| take(out)))
    }

    #[test]
    fn register_and_vault_holds_through_the_c_abi() {
        let name = unsafe { CStr::from_ptr(mamori_result_name(302)) };
        assert_eq!(name.to_str().unwrap(), "LEGAL_HOLD");
        // The register: place, refused wipe naming the hold, override, wipe.
        let mut reg = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_register_new(ptr::null(), &mut reg) },
            mamori_result::MAMORI_OK
        );
        let at = "2026-05-01T09:00:00+09:00";
        for cmd in [
            format!(
                r#"{{"op":"add","device":{},"at":"{at}","actor":"it"}}"#,
                serde_json::to_string(&super::Device::new(
                    "P-1",
                    super::DeviceKind::Phone,
                    "SC-52C",
                    super::Ownership::Company
                ))
                .unwrap()
            ),
            format!(r#"{{"op":"transition","id":"P-1","to":"lost","at":"{at}","actor":"it"}}"#),
            format!(
                r#"{{"op":"hold","id":"P-1","action":"place","hold_id":"LH-1","reason":"evidence","at":"{at}","actor":"legal-sato"}}"#
            ),
        ] {
            let (r, _) = apply(reg, &cmd);
            assert_eq!(r, mamori_result::MAMORI_OK, "{cmd}: {}", last_error());
        }
        let wipe =
            format!(r#"{{"op":"transition","id":"P-1","to":"wiped","at":"{at}","actor":"it"}}"#);
        let (r, _) = apply(reg, &wipe);
        assert_eq!(r, mamori_result::MAMORI_LEGAL_HOLD);
        let m = last_error();
        assert!(
            m.contains("LH-1") && m.contains("legal-sato") && m.contains("evidence"),
            "{m}"
        );
        let (r, reply) = apply(
            reg,
            &format!(
                r#"{{"op":"hold","id":"P-1","action":"override","hold_id":"LH-1","reason":"thief has it","at":"{at}","actor":"cfo"}}"#
            ),
        );
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        let reply = reply.unwrap();
        assert_eq!(reply["holds"][0]["overrides"][0]["by"], "cfo");
        assert_eq!(reply["holds"][0]["schema"], "mamori.legal_hold.v1");
        let (r, _) = apply(reg, &wipe);
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        unsafe { mamori_register_free(reg) };

        // The vault: place, refused wipe and wipe_file, release, wipe.
        let dir = tempfile::tempdir().unwrap();
        let path = c(dir.path().join("v").to_str().unwrap());
        let opts = c(r#"{"kdf":{"m_kib":8192,"t":1,"p":1}}"#);
        let mut v = ptr::null_mut();
        let r = unsafe {
            mamori_vault_create(path.as_ptr(), b"123456".as_ptr(), 6, opts.as_ptr(), &mut v)
        };
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        let mut out = ptr::null_mut();
        let req = c(r#"{"action":"place","hold_id":"LH-2"}"#);
        assert_eq!(
            unsafe { mamori_vault_hold(v, req.as_ptr(), &mut out) },
            mamori_result::MAMORI_OK
        );
        let holds = take(out);
        assert_eq!(holds.as_array().unwrap().len(), 1);
        assert_eq!(
            unsafe { mamori_vault_wipe(v) },
            mamori_result::MAMORI_LEGAL_HOLD
        );
        let mut report = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_vault_wipe_report(v, &mut report) },
            mamori_result::MAMORI_LEGAL_HOLD
        );
        // Reading the holds (NULL request).
        let mut out = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_vault_hold(v, ptr::null(), &mut out) },
            mamori_result::MAMORI_OK
        );
        assert!(take(out)[0]["released_at"].is_null());
        unsafe { mamori_vault_close(v) };
        assert_eq!(
            unsafe { mamori_vault_wipe_file(path.as_ptr()) },
            mamori_result::MAMORI_LEGAL_HOLD
        );
        let mut v = ptr::null_mut();
        let r = unsafe { mamori_vault_open(path.as_ptr(), b"123456".as_ptr(), 6, &mut v) };
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        let req = c(r#"{"action":"release","hold_id":"LH-2"}"#);
        let mut out = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_vault_hold(v, req.as_ptr(), &mut out) },
            mamori_result::MAMORI_OK
        );
        unsafe { mamori_string_free(out) };
        assert_eq!(unsafe { mamori_vault_wipe(v) }, mamori_result::MAMORI_OK);
        unsafe { mamori_vault_close(v) };
    }

    #[test]
    fn share_holds_through_the_c_abi() {
        let mut reg = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_keyshare_registry_new(&mut reg) },
            mamori_result::MAMORI_OK
        );
        let (mut id, mut share) = ([0u8; 16], [0u8; 32]);
        let at = c("2026-05-01T09:00:00+09:00");
        assert_eq!(
            unsafe {
                mamori_keyshare_issue_at(reg, at.as_ptr(), id.as_mut_ptr(), share.as_mut_ptr())
            },
            mamori_result::MAMORI_OK
        );
        let hold = |req: Option<&str>| {
            let req = req.map(c);
            let mut out = ptr::null_mut();
            let r = unsafe {
                mamori_keyshare_hold(
                    reg,
                    id.as_ptr(),
                    req.as_ref().map_or(ptr::null(), |r| r.as_ptr()),
                    &mut out,
                )
            };
            (r, (r == mamori_result::MAMORI_OK).then(|| take(out)))
        };
        let (r, holds) = hold(Some(
            r#"{"action":"place","hold_id":"LH-9","reason":"evidence","at":"2026-05-01T10:00:00+09:00","actor":"legal-sato"}"#,
        ));
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        assert_eq!(holds.unwrap()[0]["schema"], "mamori.legal_hold.v1");
        // Both revocation functions refuse, naming the hold; nothing is destroyed.
        let rev = c("2026-05-01T11:00:00+09:00");
        assert_eq!(
            unsafe { mamori_keyshare_revoke_at(reg, id.as_ptr(), rev.as_ptr()) },
            mamori_result::MAMORI_LEGAL_HOLD
        );
        let m = last_error();
        assert!(m.contains("LH-9") && m.contains("legal-sato"), "{m}");
        assert_eq!(
            unsafe { mamori_keyshare_revoke(reg, id.as_ptr()) },
            mamori_result::MAMORI_LEGAL_HOLD
        );
        let mut out_share = [0u8; 32];
        assert_eq!(
            unsafe {
                mamori_keyshare_release_at(reg, id.as_ptr(), rev.as_ptr(), out_share.as_mut_ptr())
            },
            mamori_result::MAMORI_OK
        );
        // An unknown member is refused; NULL reads the holds.
        let (r, _) = hold(Some(
            r#"{"action":"override","hold_id":"LH-9","reason":"x","at":"2026-05-01T10:00:00+09:00","actor":"cfo","extra":1}"#,
        ));
        assert_eq!(r, mamori_result::MAMORI_INVALID_INPUT);
        let (r, holds) = hold(None);
        assert_eq!(r, mamori_result::MAMORI_OK);
        assert!(
            holds.unwrap()[0]["overrides"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        let (r, _) = hold(Some(
            r#"{"action":"override","hold_id":"LH-9","reason":"thief has it","at":"2026-05-01T10:30:00+09:00","actor":"cfo"}"#,
        ));
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        assert_eq!(
            unsafe { mamori_keyshare_revoke_at(reg, id.as_ptr(), rev.as_ptr()) },
            mamori_result::MAMORI_OK,
            "{}",
            last_error()
        );
        unsafe { mamori_keyshare_registry_free(reg) };
    }

    const FAST: &str = r#"{"kdf":{"m_kib":8192,"t":1,"p":1}}"#;

    /// `{"record", "at", "actor"}` for a hand-over step.
    fn step_req(rec: &serde_json::Value, at: &str) -> CString {
        c(&serde_json::json!({"record": rec, "at": at, "actor": "it"}).to_string())
    }

    /// Place, override or release the vault hold `id` through `mamori_vault_hold`; its holds.
    fn vault_hold(v: *mut mamori_vault, action: &str, id: &str) -> serde_json::Value {
        let req = c(&format!(r#"{{"action":"{action}","hold_id":"{id}"}}"#));
        let mut out = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_vault_hold(v, req.as_ptr(), &mut out) },
            mamori_result::MAMORI_OK,
            "{}",
            last_error()
        );
        take(out)
    }

    /// Start a hand-over of `v` (`start`: the `start` member) and move it into a fresh
    /// vault `dir/new`: the record after the verified move, and the destination.
    fn started_and_moved(
        dir: &std::path::Path,
        v: *mut mamori_vault,
        start: &str,
        at: &str,
    ) -> (serde_json::Value, *mut mamori_vault) {
        let start = c(&format!(r#"{{"start":{start},"at":"{at}","actor":"it"}}"#));
        let mut out = ptr::null_mut();
        let r = unsafe { mamori_handover_start(v, ptr::null(), start.as_ptr(), &mut out) };
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        let rec = take(out);
        let mut dst = ptr::null_mut();
        let dpath = c(dir.join("new").to_str().unwrap());
        let opts = c(FAST);
        let r = unsafe {
            mamori_vault_create(
                dpath.as_ptr(),
                b"123456".as_ptr(),
                6,
                opts.as_ptr(),
                &mut dst,
            )
        };
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        let mut out = ptr::null_mut();
        let r = unsafe { mamori_handover_move(v, dst, step_req(&rec, at).as_ptr(), &mut out) };
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        (take(out), dst)
    }

    #[test]
    fn host_key_retirement_through_the_c_abi_reads_the_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = c(dir.path().join("old").to_str().unwrap());
        let opts = c(FAST);
        let key = [9u8; 32];
        let mut v = ptr::null_mut();
        let r = unsafe {
            mamori_vault_create_with_key(path.as_ptr(), key.as_ptr(), opts.as_ptr(), &mut v)
        };
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        let at = "2026-06-30T10:00:00+09:00";
        // Move first (nothing in the vault): the key step comes after it.
        let (rec, dst) = started_and_moved(
            dir.path(),
            v,
            r#"{"id":"HO-5","leaver":"a","recipient":"b","recipient_kind":"company"}"#,
            at,
        );
        let req = |rec: &serde_json::Value| step_req(rec, at);
        vault_hold(v, "place", "LH-15");
        // The older function has no vault: refused for a host_key source.
        let mut out = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_handover_key_retired(req(&rec).as_ptr(), &mut out) },
            mamori_result::MAMORI_INVALID_INPUT
        );
        assert!(
            last_error().contains("mamori_handover_retire_key"),
            "{}",
            last_error()
        );
        assert_eq!(
            unsafe { mamori_handover_retire_key(v, req(&rec).as_ptr(), &mut out) },
            mamori_result::MAMORI_LEGAL_HOLD
        );
        vault_hold(v, "override", "LH-15");
        let mut out = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_handover_retire_key(v, req(&rec).as_ptr(), &mut out) },
            mamori_result::MAMORI_OK,
            "{}",
            last_error()
        );
        assert_eq!(take(out)["steps"].as_array().unwrap().len(), 3);
        unsafe {
            mamori_vault_close(v);
            mamori_vault_close(dst);
        }
    }

    /// Revoking the leaver's server share crypto-erases the source vault: the older
    /// `mamori_handover_revoke_share` (no vault) refuses, naming the new function, and
    /// `mamori_handover_revoke_share_from` is refused with LEGAL_HOLD while the source vault
    /// holds one (none on the share in the registry); the share survives both refusals.
    #[test]
    fn server_share_revocation_through_the_c_abi_reads_the_source_vaults_hold() {
        let dir = tempfile::tempdir().unwrap();
        let mut reg = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_keyshare_registry_new(&mut reg) },
            mamori_result::MAMORI_OK
        );
        let (v, sid, share) = super::server_vault::server_vault(reg, &dir.path().join("old"));
        let at = "2026-06-30T10:00:00+09:00";
        let hex: String = sid.iter().map(|b| format!("{b:02x}")).collect();
        let (rec, dst) = started_and_moved(
            dir.path(),
            v,
            &format!(
                r#"{{"id":"HO-6","leaver":"a","recipient":"b","recipient_kind":"successor","share_id":"{hex}"}}"#
            ),
            at,
        );
        let req = step_req(&rec, at);
        let placed = vault_hold(v, "place", "LH-16");
        let reference = placed[0]["reference"].as_str().unwrap();
        let mut out = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_handover_revoke_share(reg, req.as_ptr(), &mut out) },
            mamori_result::MAMORI_INVALID_INPUT
        );
        let m = last_error();
        assert!(m.contains("mamori_handover_revoke_share_from"), "{m}");
        assert_eq!(
            unsafe { mamori_handover_revoke_share_from(reg, v, req.as_ptr(), &mut out) },
            mamori_result::MAMORI_LEGAL_HOLD
        );
        let m = last_error();
        assert!(m.contains("server share") && m.contains(reference), "{m}");
        // The share is still there: released again by the registry.
        let mut again = [0u8; 32];
        assert_eq!(
            unsafe { mamori_keyshare_release(reg, sid.as_ptr(), again.as_mut_ptr()) },
            mamori_result::MAMORI_OK,
            "{}",
            last_error()
        );
        assert_eq!(again, share);
        vault_hold(v, "release", "LH-16");
        let mut out = ptr::null_mut();
        assert_eq!(
            unsafe { mamori_handover_revoke_share_from(reg, v, req.as_ptr(), &mut out) },
            mamori_result::MAMORI_OK,
            "{}",
            last_error()
        );
        let rec = take(out);
        assert_eq!(rec["steps"].as_array().unwrap().len(), 3);
        assert_eq!(
            unsafe { mamori_keyshare_release(reg, sid.as_ptr(), again.as_mut_ptr()) },
            mamori_result::MAMORI_SHARE_REVOKED
        );
        unsafe {
            mamori_vault_close(v);
            mamori_vault_close(dst);
            mamori_keyshare_registry_free(reg);
        }
    }
}
