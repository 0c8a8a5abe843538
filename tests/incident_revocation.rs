//! Issue 24 item 4, "revocation as a fact, not a promise" (audit 2026-12-06 N4, exp05 c/f): a
//! `passcode+server` vault's remote-erasure exemption holds only when the incident records the
//! share's revocation (`key_share_revoked`) with the key server's hash-chained log, and that log
//! shows no release of the share since the phone was last confirmed in hand. A share released
//! to whoever held the phone after that moment opens an imaged copy with the passcode, whatever
//! the revocation does later.

#[path = "support/vault_interview.rs"]
mod vault_interview;
use vault_interview::{enrolled, vault_interview};

use std::ffi::{CStr, CString};
use std::ptr;

use chrono::{DateTime, FixedOffset, Utc};
use mamori::breach::{self, IncidentKind, ObligationStatus, Organisation};
use mamori::device::{Device, DeviceKind, Ownership};
use mamori::incident::*;
use mamori::vault::Manifest;
use mamori::vault::keyshare::{ShareLog, ShareRegistry};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    t(s).to_utc()
}

const LAST_SEEN: &str = "2026-12-04T21:30:00+09:00";

fn org() -> Organisation {
    serde_json::from_value(
        serde_json::json!({"type": "business", "role": "controller", "established_in": ["JP"]}),
    )
    .unwrap()
}

/// A real `passcode+server` vault's manifest and its key server (the share released at the
/// last unlock before the phone was last seen).
fn server_vault() -> (Manifest, ShareRegistry, [u8; 16]) {
    let dir = tempfile::tempdir().unwrap();
    let (v, mut server, id) = enrolled(dir.path(), 240);
    let m = v.manifest().unwrap();
    assert!(m.remote_wipe && m.key_separated, "{m:#?}");
    assert_eq!(m.key_slots[0].share_id.as_deref(), Some(hex(&id).as_str()));
    server
        .release(&id, utc("2026-12-04T08:10:00+09:00"))
        .unwrap();
    (m, server, id)
}

/// [`server_vault`] whose share the lost phone (still logged in) fetched at 02:14, after it
/// was last seen, and which the server revoked at 09:18 on the loss report.
fn captured_then_revoked() -> (Manifest, ShareRegistry, [u8; 16]) {
    let (m, mut server, id) = server_vault();
    server
        .release(&id, utc("2026-12-05T02:14:00+09:00"))
        .unwrap();
    server
        .revoke(&id, utc("2026-12-05T09:18:00+09:00"))
        .unwrap();
    (m, server, id)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The loss: reported the next morning, the phone last seen at [`LAST_SEEN`], dropped.
fn case(last_seen: Option<&str>) -> Incident {
    let mut inc = Incident::new("INC-2026-024");
    inc.append(Event::new(
        t("2026-12-05T09:00:00+09:00"),
        "sales-tanaka",
        EventData::Reported {
            kind: IncidentKind::Loss,
            device_id: Some("P-024".into()),
            reporter: "sales-tanaka".into(),
            summary: "company phone lost after dinner".into(),
        },
    ))
    .unwrap();
    inc.append(vault_interview(
        last_seen.map(t),
        StolenOrDropped::Dropped,
        "customer contacts (mamori vault)",
    ))
    .unwrap();
    inc
}

fn revocation(inc: &mut Incident, id: &[u8; 16], log: Option<ShareLog>) {
    inc.append(Event::new(
        t("2026-12-05T09:20:00+09:00"),
        "it-suzuki",
        EventData::KeyShareRevoked {
            share_ids: vec![hex(id)],
            registry_log: log.map(Box::new),
        },
    ))
    .unwrap();
}

/// The JP obligations' statuses and the link.
fn assess(inc: &Incident, m: &Manifest) -> (Vec<ObligationStatus>, AssessLink) {
    let mut d = Device::new("P-024", DeviceKind::Phone, "SC-52C", Ownership::Company);
    d.posture.vault = Some(m.clone());
    let link = assess_request(&inc.state().unwrap(), Some(&d), &org());
    let a = breach::assess(&link.request).unwrap();
    let jp = a
        .obligations
        .iter()
        .filter(|o| o.jurisdiction == "JP")
        .map(|o| o.status)
        .collect::<Vec<_>>();
    assert!(!jp.is_empty());
    (jp, link)
}

fn not_exempt(jp: &[ObligationStatus]) -> bool {
    jp.iter()
        .any(|s| matches!(s, ObligationStatus::Required | ObligationStatus::Possible))
}

fn summary(link: &AssessLink) -> String {
    link.request
        .data
        .protection
        .as_ref()
        .and_then(|p| p.key_summary.clone())
        .unwrap_or_default()
}

#[test]
fn revocation_recorded_and_no_release_since_last_seen_exempts() {
    let (m, mut server, id) = server_vault();
    server
        .revoke(&id, utc("2026-12-05T09:18:00+09:00"))
        .unwrap();
    let mut inc = case(Some(LAST_SEEN));
    revocation(&mut inc, &id, Some(server.log()));
    let (jp, link) = assess(&inc, &m);
    assert!(
        jp.iter().all(|s| *s == ObligationStatus::NotRequired),
        "{jp:?} {:?}",
        link.notes
    );
    let p = link.request.data.protection.as_ref().unwrap();
    assert_eq!((p.key_separated, p.remote_wipe), (Some(true), Some(true)));
    assert!(
        link.notes
            .iter()
            .any(|n| n.contains("registry log verified")),
        "{:?}",
        link.notes
    );
}

/// The audit's exp05 (c): the phone (still logged in) fetched the share after it left the
/// owner's hands; the revocation the next morning does not take it back.
#[test]
fn a_share_released_after_the_phone_was_last_seen_is_not_erased_by_the_revocation() {
    let (m, server, id) = captured_then_revoked();
    let mut inc = case(Some(LAST_SEEN));
    revocation(&mut inc, &id, Some(server.log()));
    let (jp, link) = assess(&inc, &m);
    assert!(not_exempt(&jp), "{jp:?} {:?}", link.notes);
    let p = link.request.data.protection.as_ref().unwrap();
    assert_eq!((p.key_separated, p.remote_wipe), (None, Some(false)));
    let why = summary(&link);
    assert!(
        why.contains("released at 2026-12-04T17:14:00") && why.contains("whoever held it"),
        "{why}"
    );
}

/// Without a `key_share_revoked` event the exemption is not established (before issue 24 the
/// manifest's `remote_wipe: true` alone made the loss `not_required`).
#[test]
fn no_revocation_event_no_exemption() {
    let (m, _server, _id) = server_vault();
    let inc = case(Some(LAST_SEEN));
    let (jp, link) = assess(&inc, &m);
    assert!(not_exempt(&jp), "{jp:?} {:?}", link.notes);
    let p = link.request.data.protection.as_ref().unwrap();
    assert_eq!((p.key_separated, p.remote_wipe), (None, None));
    assert!(
        summary(&link).contains("records no revocation"),
        "{}",
        summary(&link)
    );
}

#[test]
fn a_revocation_without_the_log_or_without_the_last_seen_time_is_not_enough() {
    let (m, mut server, id) = server_vault();
    server
        .revoke(&id, utc("2026-12-05T09:18:00+09:00"))
        .unwrap();
    let mut inc = case(Some(LAST_SEEN));
    revocation(&mut inc, &id, None);
    let (jp, link) = assess(&inc, &m);
    assert!(not_exempt(&jp), "{jp:?}");
    assert!(
        summary(&link).contains("no registry log"),
        "{}",
        summary(&link)
    );

    let mut inc = case(None);
    revocation(&mut inc, &id, Some(server.log()));
    let (jp, link) = assess(&inc, &m);
    assert!(not_exempt(&jp), "{jp:?}");
    assert!(
        summary(&link).contains("last_confirmed_at"),
        "{}",
        summary(&link)
    );

    // A revocation of another share says nothing about this vault's.
    let mut inc = case(Some(LAST_SEEN));
    revocation(&mut inc, &[7; 16], Some(server.log()));
    let (jp, _) = assess(&inc, &m);
    assert!(not_exempt(&jp), "{jp:?}");
}

/// A log with the late release edited out (re-dated, or removed) does not verify: the link
/// names the entry and grants nothing; restoring the registry from it is refused.
#[test]
fn a_tampered_registry_log_is_refused() {
    let (m, server, id) = captured_then_revoked();
    let head = server.head().unwrap().to_string();
    let mut redated = server.log();
    redated.entries[2].at = Some(utc("2026-12-04T19:00:00+09:00"));
    let e = ShareRegistry::restore(&redated, None).unwrap_err();
    assert!(e.to_string().contains("entries[2].hash"), "{e}");
    let mut removed = server.log();
    removed.entries.remove(2);
    let e = ShareRegistry::restore(&removed, Some(&head)).unwrap_err();
    assert!(e.to_string().contains("entries[2]"), "{e}");

    let mut inc = case(Some(LAST_SEEN));
    revocation(&mut inc, &id, Some(redated));
    let (jp, link) = assess(&inc, &m);
    assert!(not_exempt(&jp), "{jp:?}");
    let why = summary(&link);
    assert!(
        why.contains("does not verify") && why.contains("entries[2].hash"),
        "{why}"
    );
}

/// A recovery key opens every copy whatever happens to the share: no remote-erasure claim,
/// and the slot summary never says every copy becomes undecryptable.
#[test]
fn a_recovery_key_leaves_no_remote_erasure_claim() {
    let dir = tempfile::tempdir().unwrap();
    let (v, mut server, id) = enrolled(dir.path(), 242);
    v.add_recovery_key(&[4u8; 32]).unwrap();
    let m = v.manifest().unwrap();
    assert!(!m.remote_wipe);
    assert!(!m.key_summary.contains("every copy"), "{}", m.key_summary);
    // Even with a clean revocation on record the link grants no remote erasure.
    server
        .revoke(&id, utc("2026-12-05T09:18:00+09:00"))
        .unwrap();
    let mut inc = case(Some(LAST_SEEN));
    revocation(&mut inc, &id, Some(server.log()));
    let (_, link) = assess(&inc, &m);
    assert_eq!(
        link.request.data.protection.as_ref().unwrap().remote_wipe,
        Some(false)
    );
}

/// The coordinator's decision for issue 24: the manifest is `mamori.manifest.v3`; a v2
/// document is still accepted as input but cannot show it is intact, so its head count is
/// undetermined.
#[test]
fn a_v2_manifest_is_accepted_but_not_intact() {
    let (m, _, _) = server_vault();
    assert_eq!(m.schema, "mamori.manifest.v3");
    assert!(m.intact_proven());
    let mut v2 = serde_json::to_value(&m).unwrap();
    v2["schema"] = "mamori.manifest.v2".into();
    let v2: Manifest = serde_json::from_value(v2).unwrap();
    assert!(v2.intact && !v2.intact_proven());
    let inc = case(Some(LAST_SEEN));
    let mut d = Device::new("P-024", DeviceKind::Phone, "SC-52C", Ownership::Company);
    d.posture.vault = Some(v2);
    let link = assess_request(&inc.state().unwrap(), Some(&d), &org());
    let unknown = link.request.data.persons["unknown"].unwrap();
    assert_eq!(unknown.max(), None, "{:?}", link.notes);
    assert!(
        link.notes
            .iter()
            .any(|n| n.contains("mamori.manifest.v2 document cannot show")),
        "{:?}",
        link.notes
    );
}

// ------------------------------------------------------------------ through the C ABI

fn last_error() -> String {
    unsafe { CStr::from_ptr(mamori::ffi::mamori_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

fn take(p: *mut std::ffi::c_char) -> String {
    let s = unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string();
    unsafe { mamori::ffi::mamori_string_free(p) };
    s
}

#[test]
fn c_abi_logs_times_restores_with_verification_and_answers_released_after() {
    use mamori::ffi::*;
    let ok = mamori_result::MAMORI_OK;
    let c = |s: &str| CString::new(s).unwrap();
    let mut reg = ptr::null_mut();
    assert_eq!(unsafe { mamori_keyshare_registry_new(&mut reg) }, ok);
    let (mut id, mut share, mut got) = ([0u8; 16], [0u8; 32], [0u8; 32]);
    let issued = c("2026-10-01T09:00:00+09:00");
    assert_eq!(
        unsafe {
            mamori_keyshare_issue_at(reg, issued.as_ptr(), id.as_mut_ptr(), share.as_mut_ptr())
        },
        ok
    );
    let bad = c("yesterday");
    assert_eq!(
        unsafe { mamori_keyshare_release_at(reg, id.as_ptr(), bad.as_ptr(), got.as_mut_ptr()) },
        mamori_result::MAMORI_INVALID_INPUT
    );
    assert!(last_error().contains("at"), "{}", last_error());
    let late = c("2026-12-05T02:14:00+09:00");
    assert_eq!(
        unsafe { mamori_keyshare_release_at(reg, id.as_ptr(), late.as_ptr(), got.as_mut_ptr()) },
        ok
    );
    assert_eq!(got, share);
    let rev = c("2026-12-05T09:18:00+09:00");
    assert_eq!(
        unsafe { mamori_keyshare_revoke_at(reg, id.as_ptr(), rev.as_ptr()) },
        ok
    );
    let mut out = ptr::null_mut();
    assert_eq!(unsafe { mamori_keyshare_log(reg, &mut out) }, ok);
    let log_json = take(out);
    let log: ShareLog = serde_json::from_str(&log_json).unwrap();
    assert_eq!(log.entries.len(), 3);
    let after = c(LAST_SEEN);
    assert_eq!(
        unsafe { mamori_keyshare_released_after(reg, id.as_ptr(), after.as_ptr(), &mut out) },
        ok
    );
    let check: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(check["schema"], "mamori.share_release_check.v1");
    assert_eq!(check["released_after"], true);
    assert_eq!(check["revoked"], true);
    unsafe { mamori_keyshare_registry_free(reg) };

    // Restore: the same log reloads (and still refuses the revoked share); a re-dated entry
    // is refused with its name.
    let head = c(log.head().unwrap());
    let j = c(&log_json);
    let mut back = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_keyshare_registry_restore(j.as_ptr(), head.as_ptr(), &mut back) },
        ok,
        "{}",
        last_error()
    );
    assert_eq!(
        unsafe { mamori_keyshare_insert(back, id.as_ptr(), share.as_ptr()) },
        mamori_result::MAMORI_SHARE_REVOKED
    );
    unsafe { mamori_keyshare_registry_free(back) };
    let mut edited = log.clone();
    edited.entries[1].at = Some(utc("2026-12-04T19:00:00+09:00"));
    let j = c(&serde_json::to_string(&edited).unwrap());
    let mut back = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_keyshare_registry_restore(j.as_ptr(), ptr::null(), &mut back) },
        mamori_result::MAMORI_INVALID_INPUT
    );
    assert!(back.is_null());
    assert!(last_error().contains("entries[1].hash"), "{}", last_error());
}

/// The link's notes say what the assessment used: once the revocation check withdraws the
/// manifest's claims, no note may still say "key separated: true, remote wipe: true".
#[test]
fn notes_report_the_withdrawn_claims_not_the_manifests() {
    let (m, _server, _id) = server_vault();
    let inc = case(Some(LAST_SEEN));
    let (_jp, link) = assess(&inc, &m);
    let summary_note = link
        .notes
        .iter()
        .find(|n| n.contains("persons in") && n.contains("with key separated"))
        .expect("the vault's summary note");
    assert!(
        summary_note.contains("key separated: unknown, remote wipe: unknown"),
        "{summary_note}"
    );
    assert!(
        !link.notes.iter().any(|n| n.contains("remote wipe: true")),
        "{:?}",
        link.notes
    );
}
