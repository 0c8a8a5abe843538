//! Issue 16, item 5: the leaver's hand-over (退職時) — contacts moved into another vault and
//! verified, the leaver's key revoked, the old vault crypto-erased, the device returned; each
//! step hash-chained and guarded; and the retention rule.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use mamori::device::{Device, DeviceKind, LifecycleState, Ownership, Register};
use mamori::handover::{
    Handover, HandoverActionId, HandoverData, HandoverStart, RecipientKind, RetentionPolicy,
    RevocationMethod, UsageBasis, retention_of, retention_review,
};
use mamori::text::Lang;
use mamori::vault::keyshare::ShareRegistry;
use mamori::vault::{Contact, ContactId, FactorSource, FixedClock, KeySource, Vault, VaultOptions};
use mamori::{Error, ErrorCode};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn opts(seed: u64) -> VaultOptions {
    VaultOptions::fast_for_tests()
        .with_rng(ChaCha20Rng::seed_from_u64(seed))
        .with_clock(FixedClock(
            DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
        ))
}

const NAME: &str = "山田 太郎";

fn customers() -> Vec<Contact> {
    let mut a = Contact::new(NAME, &["090-1234-5678"]);
    a.reading = Some("やまだ たろう".into());
    a.company = Some("山田商事株式会社".into());
    a.emails = vec!["yamada@example.jp".into()];
    a.notes = Some("自宅の番号は夜のみ".into());
    a.tags = vec!["customer".into()];
    let mut b = Contact::new("佐藤 花子", &["03-1234-5678", "080-9876-5432"]);
    b.address = Some("東京都千代田区1-1".into());
    b.sensitive = true;
    let c = Contact::new("Smith John", &["+1 415 555 0100"]);
    vec![a, b, c]
}

/// Content of a contact without its id (to compare across vaults).
fn content(c: &Contact) -> serde_json::Value {
    let mut v = serde_json::to_value(c).unwrap();
    v.as_object_mut().unwrap().remove("id");
    v
}

fn sorted_contents(v: &Vault) -> Vec<String> {
    let mut out: Vec<String> = v
        .list()
        .unwrap()
        .iter()
        .map(|c| content(c).to_string())
        .collect();
    out.sort();
    out
}

fn passcode_vault(path: impl AsRef<Path>, passcode: &[u8], seed: u64) -> Vault {
    Vault::create(path, passcode, opts(seed)).unwrap()
}

fn start(device: Option<&str>, share: Option<&[u8; 16]>) -> HandoverStart {
    HandoverStart {
        id: "HO-2026-003".into(),
        leaver: "sales-tanaka".into(),
        recipient: "sales-suzuki".into(),
        recipient_kind: RecipientKind::Successor,
        device_id: device.map(str::to_string),
        share_id: share.map(|s| s.iter().map(|b| format!("{b:02x}")).collect()),
    }
}

fn register_with_assigned_phone() -> Register {
    let at = t("2026-04-01T09:00:00+09:00");
    let mut r = Register::new();
    r.add(
        Device::new("P-007", DeviceKind::Phone, "SC-52C", Ownership::Company),
        at,
        "it-suzuki",
    )
    .unwrap();
    r.check_out("P-007", "sales-tanaka", at, None, "it-suzuki")
        .unwrap();
    r
}

fn code<T>(r: mamori::Result<T>) -> ErrorCode {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.code(),
    }
}

fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            let b = std::fs::read(&p).unwrap();
            if b.windows(needle.len()).any(|w| w == needle) {
                hits.push(p.display().to_string());
            }
        }
    }
    hits
}

/// A passcode+server source vault with the customers, plus the server registry and share id.
fn server_vault(path: &Path) -> (Vault, ShareRegistry, [u8; 16]) {
    let mut server = ShareRegistry::new();
    let issued = server.issue(
        &mut ChaCha20Rng::seed_from_u64(14),
        t("2025-04-01T09:00:00+09:00").with_timezone(&Utc),
    );
    let mut challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(15));
    challenge[16..].copy_from_slice(&issued.id);
    let v = Vault::create_with_factor(
        path,
        b"258013",
        FactorSource::Server,
        &challenge,
        &issued.share,
        opts(16),
    )
    .unwrap();
    v.put_many(customers()).unwrap();
    (v, server, issued.id)
}

#[test]
fn handover_moves_every_contact_and_leaves_nothing_readable_on_the_old_device() {
    let dir = tempfile::tempdir().unwrap();
    let old_path = dir.path().join("tanaka.vault");
    let new_path = dir.path().join("suzuki.vault");
    let (old, mut server, share_id) = server_vault(&old_path);
    // The successor's vault is another tier (passcode only) and already holds a contact.
    let new = Vault::create(&new_path, b"correct horse battery staple", opts(20)).unwrap();
    new.put(Contact::new("既存 顧客", &["090-0000-1111"]))
        .unwrap();
    let before_old = sorted_contents(&old);
    // A thief images the phone before the hand-over.
    let copy = dir.path().join("copy-before-handover");
    std::fs::copy(&old_path, &copy).unwrap();

    let mut reg = register_with_assigned_phone();
    let at = t("2026-06-30T10:00:00+09:00");
    let mut h = Handover::start(
        &start(Some("P-007"), Some(&share_id)),
        &old,
        Some(&mut reg),
        at,
        "it-suzuki",
    )
    .unwrap();
    assert_eq!(reg.get("P-007").unwrap().state, LifecycleState::HandingOver);

    h.move_contacts(&old, &new, &[], at + Duration::minutes(5), "it-suzuki")
        .unwrap();
    // Count and content equal in the destination (Japanese names included).
    assert_eq!(new.len().unwrap(), 4);
    let mut moved = sorted_contents(&new);
    moved.retain(|c| !c.contains("既存"));
    assert_eq!(moved, before_old);
    assert!(new.lookup_phone("090-1234-5678").unwrap().unwrap().name == NAME);
    match &h.steps[1].data {
        HandoverData::ContactsMoved {
            moved,
            source_contacts,
            destination_before,
            destination_after,
            verified,
            destination_key_source,
            ..
        } => {
            assert_eq!((*moved, *source_contacts), (3, 3));
            assert_eq!((*destination_before, *destination_after), (1, 4));
            assert!(*verified);
            assert_eq!(*destination_key_source, KeySource::Passcode);
        }
        other => panic!("{other:?}"),
    }
    // The record holds no plaintext.
    let json = serde_json::to_string(&h).unwrap();
    assert!(!json.contains("山田") && !json.contains("5678"), "{json}");

    h.revoke_share(&mut server, &old, at + Duration::minutes(6), "it-suzuki")
        .unwrap();
    h.wipe_source(
        &old,
        Some(&old_path),
        at + Duration::minutes(7),
        "it-suzuki",
    )
    .unwrap();
    h.return_device(Some(&mut reg), None, at + Duration::hours(1), "it-suzuki")
        .unwrap();
    assert_eq!(reg.get("P-007").unwrap().state, LifecycleState::InStock);
    assert_eq!(reg.get("P-007").unwrap().assignee, None);

    // Nothing readable on the old device: the file is gone, the open handle is wiped, and no
    // file in the directory ever held a plaintext name (the move never touched disk).
    assert!(!old_path.exists());
    assert_eq!(code(old.list()), ErrorCode::Wiped);
    assert!(Vault::open_with_factor(&old_path, b"258013", &[0; 32], opts(30)).is_err());
    assert!(files_containing(dir.path(), NAME.as_bytes()).is_empty());
    assert!(files_containing(dir.path(), "山田商事".as_bytes()).is_empty());
    assert!(files_containing(dir.path(), b"yamada@example").is_empty());

    // Revocation defeats the copy made before the hand-over: the server refuses the share,
    // and without it even the right PIN opens nothing.
    assert_eq!(
        code(server.release(
            &share_id,
            t("2026-07-01T10:00:00+09:00").with_timezone(&Utc)
        )),
        ErrorCode::ShareRevoked
    );
    assert_eq!(
        code(Vault::open(&copy, b"258013", opts(31))),
        ErrorCode::FactorRequired
    );
    assert_eq!(
        code(Vault::open_with_factor(
            &copy,
            b"258013",
            &[0; 32],
            opts(32)
        )),
        ErrorCode::WrongPasscode
    );

    let st = h.status(Lang::Ja);
    assert!(st.complete && st.chain_verified && st.next_actions.is_empty());
    assert_eq!(
        st.done,
        [
            "started",
            "contacts_moved",
            "key_revoked",
            "vault_wiped",
            "device_returned"
        ]
    );
    assert!(
        st.lines[0].contains("退職者 sales-tanaka"),
        "{:?}",
        st.lines
    );
    assert!(st.lines[3].contains("暗号消去"), "{:?}", st.lines);
    // Round trip and tamper evidence.
    let back = Handover::from_json(&json_of(&h)).unwrap();
    assert_eq!(back, h);
    let tampered = json_of(&h).replace("\"moved\":3", "\"moved\":2");
    let bad = Handover::from_json(&tampered).unwrap();
    assert_eq!(bad.status(Lang::En).first_bad, Some(1));
    assert!(!bad.status(Lang::En).chain_verified);
}

fn json_of(h: &Handover) -> String {
    serde_json::to_string(h).unwrap()
}

fn refused(r: mamori::Result<()>, needle: &str) {
    match r {
        Err(Error::InvalidEvent(m)) => assert!(m.contains(needle), "{m}"),
        other => panic!("expected a refused step ({needle}), got {other:?}"),
    }
}

#[test]
fn guards_refuse_out_of_order_steps_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let old_path = dir.path().join("old.vault");
    let (old, mut server, share_id) = server_vault(&old_path);
    let new = Vault::create_with_raw_key(dir.path().join("co.vault"), &[7; 32], opts(21)).unwrap();
    let mut reg = register_with_assigned_phone();
    let at = t("2026-06-30T10:00:00+09:00");
    let mut h = Handover::start(
        &start(Some("P-007"), Some(&share_id)),
        &old,
        Some(&mut reg),
        at,
        "it",
    )
    .unwrap();
    // Cannot wipe, revoke or return before the move is verified.
    refused(
        h.wipe_source(&old, Some(&old_path), at, "it"),
        "the move is not verified",
    );
    assert!(
        old_path.exists() && old.len().unwrap() == 3,
        "nothing wiped"
    );
    refused(
        h.revoke_share(&mut server, &old, at, "it"),
        "next: move_contacts",
    );
    assert!(!server.is_revoked(&share_id), "nothing revoked");
    refused(
        h.return_device(Some(&mut reg), None, at, "it"),
        "move_contacts",
    );
    assert_eq!(reg.get("P-007").unwrap().state, LifecycleState::HandingOver);
    let st = h.status(Lang::En);
    let wipe = st
        .next_actions
        .iter()
        .find(|a| a.id == HandoverActionId::WipeVault)
        .unwrap();
    assert!(!wipe.allowed && wipe.blocked_by == [HandoverActionId::MoveContacts]);

    h.move_contacts(&old, &new, &[], at, "it").unwrap();
    refused(h.move_contacts(&old, &new, &[], at, "it"), "already moved");
    assert_eq!(new.len().unwrap(), 3, "a refused move writes nothing");
    // Wipe before revoke is fine; return before revoke is not.
    h.wipe_source(&old, None, at, "it").unwrap();
    refused(
        h.return_device(Some(&mut reg), None, at, "it"),
        "must be revoked before the device is returned",
    );
    // The wrong revocation path for this tier.
    assert_eq!(
        code(h.record_key_retired(&old, None, at, "it")),
        ErrorCode::InvalidInput
    );
    h.revoke_share(&mut server, &old, at, "it").unwrap();
    h.return_device(Some(&mut reg), None, at, "it").unwrap();
    refused(h.return_device(None, None, at, "it"), "already returned");
    assert_eq!(ErrorCode::InvalidEvent.as_u32(), 301);

    // A stored record whose steps were reordered is refused on load.
    let mut v: serde_json::Value = serde_json::to_value(&h).unwrap();
    let steps = v["steps"].as_array_mut().unwrap();
    steps.swap(1, 4);
    let e = Handover::from_json(&v.to_string()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidEvent, "{e}");
}

#[test]
fn a_failed_verification_records_nothing_and_keeps_the_old_vault() {
    let dir = tempfile::tempdir().unwrap();
    let old = passcode_vault(dir.path().join("old"), b"correct horse battery staple", 1);
    old.put_many(customers()).unwrap();
    let at = t("2026-06-30T10:00:00+09:00");
    let mut h = Handover::start(&start(None, None), &old, None, at, "it").unwrap();
    // Moving into the source itself is refused.
    assert_eq!(
        code(h.move_contacts(&old, &old, &[], at, "it")),
        ErrorCode::InvalidInput
    );
    // A destination that is closed fails before anything is recorded.
    let new = passcode_vault(dir.path().join("new"), b"correct horse battery staple", 2);
    new.close().unwrap();
    assert!(h.move_contacts(&old, &new, &[], at, "it").is_err());
    assert_eq!(h.steps.len(), 1);
    refused(h.wipe_source(&old, None, at, "it"), "not verified");
    assert_eq!(old.len().unwrap(), 3);
}

#[test]
fn passcode_only_vault_records_that_nothing_can_be_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let old_path = dir.path().join("old");
    let old = passcode_vault(&old_path, b"correct horse battery staple", 3);
    old.put_many(customers()).unwrap();
    let copy = dir.path().join("copy");
    std::fs::copy(&old_path, &copy).unwrap();
    let new = passcode_vault(dir.path().join("new"), b"another long passphrase!", 4);
    let at = t("2026-06-30T10:00:00+09:00");
    let mut h = Handover::start(&start(None, None), &old, None, at, "it").unwrap();
    // A share id for a vault without a server slot is refused.
    assert_eq!(
        code(Handover::start(
            &start(None, Some(&[1; 16])),
            &old,
            None,
            at,
            "it"
        )),
        ErrorCode::InvalidInput
    );
    h.move_contacts(&old, &new, &[], at, "it").unwrap();
    let mut server = ShareRegistry::new();
    assert_eq!(
        code(h.revoke_share(&mut server, &old, at, "it")),
        ErrorCode::InvalidInput
    );
    h.record_key_retired(&old, Some("passcode known to the leaver"), at, "it")
        .unwrap();
    match &h.steps[2].data {
        HandoverData::KeyRevoked {
            method, verified, ..
        } => {
            assert_eq!(*method, RevocationMethod::NothingToRevoke);
            assert!(!verified);
        }
        other => panic!("{other:?}"),
    }
    h.wipe_source(&old, Some(&old_path), at, "it").unwrap();
    h.return_device(None, None, at, "it").unwrap();
    let st = h.status(Lang::Ja);
    assert!(st.complete);
    assert!(
        st.warnings.iter().any(|w| w.contains("パスコードのみ")),
        "{:?}",
        st.warnings
    );
    // The honest limit: the old file is gone, but the copy still opens with the passcode.
    assert!(!old_path.exists());
    assert!(Vault::open(&copy, b"correct horse battery staple", opts(5)).is_ok());
    // A wrong passcode does not.
    assert_eq!(
        code(Vault::open(&copy, b"not the leaver's passcode", opts(6))),
        ErrorCode::WrongPasscode
    );
}

#[test]
fn retention_lists_the_right_contacts() {
    let now = t("2026-06-30T10:00:00+09:00");
    let day = |d: i64| now.with_timezone(&Utc) - Duration::days(d);
    let mut cs = Vec::new();
    for (i, (created, updated)) in [
        (Some(day(400)), Some(day(200))), // 0: updated 200 days ago → delete
        (Some(day(400)), Some(day(10))),  // 1: updated recently → keep
        (Some(day(100)), None),           // 2: created 100 days ago → delete (no update)
        (None, None),                     // 3: no date → unknown
        (Some(day(400)), Some(day(400))), // 4: old, but used yesterday per the host → keep
        (Some(day(90)), Some(day(90))),   // 5: exactly at the limit → delete
        (Some(day(89)), Some(day(89))),   // 6: a day short → keep
    ]
    .into_iter()
    .enumerate()
    {
        let mut c = Contact::new(format!("顧客 {i}"), &["090-1234-5678"]);
        c.id = Some(ContactId::from_u64(i as u64 + 1));
        c.created_at = created;
        c.updated_at = updated;
        cs.push(c);
    }
    let mut used = BTreeMap::new();
    used.insert(ContactId::from_u64(5), day(1));
    used.insert(ContactId::from_u64(1), day(300)); // host says: last call 300 days ago
    let policy = RetentionPolicy {
        max_unused_days: 90,
    };
    let r = retention_of(&cs, &policy, Some(&used), now).unwrap();
    let ids = |v: &[mamori::handover::RetentionEntry]| {
        v.iter().map(|e| e.id.as_u64()).collect::<Vec<_>>()
    };
    // Oldest first: contact 1 (host: 300 days, although updated 200 days ago), 3 (created
    // 100 days ago, never updated), 6 (exactly 90 days).
    assert_eq!(ids(&r.delete), [1, 3, 6]);
    assert_eq!(r.delete[0].basis, UsageBasis::LastUsed);
    assert_eq!(r.delete[1].basis, UsageBasis::CreatedAt);
    assert_eq!(r.delete[2].basis, UsageBasis::UpdatedAt);
    assert_eq!(r.delete[2].days_unused, Some(90));
    assert_eq!(ids(&r.unknown), [4]);
    assert_eq!(r.unknown[0].basis, UsageBasis::NoDate);
    assert_eq!(r.kept, 3);
    assert!(
        r.summary(Lang::Ja).contains("削除対象 3 件"),
        "{}",
        r.summary(Lang::Ja)
    );
    assert!(
        r.summary(Lang::Ja).contains("日付不明 1 件"),
        "{}",
        r.summary(Lang::Ja)
    );
    // Without the host's map, dates fall back to updated_at / created_at.
    let r = retention_of(&cs, &policy, None, now).unwrap();
    assert_eq!(ids(&r.delete), [5, 1, 3, 6]);
    assert_eq!(r.kept, 2);
    // A zero-day policy is refused.
    assert_eq!(
        code(retention_of(
            &cs,
            &RetentionPolicy { max_unused_days: 0 },
            None,
            now
        )),
        ErrorCode::InvalidInput
    );
}

#[test]
fn retention_listed_contacts_are_left_behind_and_destroyed_with_the_old_vault() {
    let dir = tempfile::tempdir().unwrap();
    // The vault's clock stamps created/updated 2026-09-21 (1_790_000_000).
    let old = passcode_vault(dir.path().join("old"), b"correct horse battery staple", 7);
    let ids = old.put_many(customers()).unwrap();
    let now = t("2027-06-30T10:00:00+09:00");
    let mut used = BTreeMap::new();
    used.insert(ids[0], now.with_timezone(&Utc) - Duration::days(3));
    let r = retention_review(
        &old,
        &RetentionPolicy {
            max_unused_days: 180,
        },
        Some(&used),
        now,
    )
    .unwrap();
    let mut listed = r.delete_ids();
    listed.sort();
    let mut expected = vec![ids[1], ids[2]];
    expected.sort();
    assert_eq!(listed, expected);
    assert_eq!(r.kept, 1);
    let new = passcode_vault(dir.path().join("new"), b"another long passphrase!", 8);
    let mut h = Handover::start(&start(None, None), &old, None, now, "it").unwrap();
    h.move_contacts(&old, &new, &r.delete_ids(), now, "it")
        .unwrap();
    assert_eq!(new.len().unwrap(), 1);
    assert_eq!(new.list().unwrap()[0].name, NAME);
    match &h.steps[1].data {
        HandoverData::ContactsMoved {
            moved,
            deleted_by_retention,
            ..
        } => assert_eq!((*moved, *deleted_by_retention), (1, 2)),
        other => panic!("{other:?}"),
    }
    // An id that is not in the source is refused.
    let mut h2 = Handover::start(
        &HandoverStart {
            id: "HO-2".into(),
            ..start(None, None)
        },
        &old,
        None,
        now,
        "it",
    )
    .unwrap();
    assert_eq!(
        code(h2.move_contacts(&old, &new, &[ContactId::from_u64(u64::MAX)], now, "it")),
        ErrorCode::InvalidInput
    );
}

/// Issue 15 item 4: the wipe step says when caller-ID labels the vault handed to the OS were
/// never reported removed (the wipe cannot reach them), and after `ack_labels_removed` it
/// does not.
#[test]
fn the_wipe_step_reports_os_held_labels() {
    for ack in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let old_path = dir.path().join("old");
        let old = passcode_vault(&old_path, b"correct horse battery staple", 3);
        old.put_many(customers()).unwrap();
        old.caller_directory(&mamori::vault::directory::DirectoryOptions::default())
            .unwrap();
        if ack {
            old.ack_labels_removed().unwrap();
        }
        let new = passcode_vault(dir.path().join("new"), b"another long passphrase!", 4);
        let at = t("2026-06-30T10:00:00+09:00");
        let mut h = Handover::start(&start(None, None), &old, None, at, "it").unwrap();
        h.move_contacts(&old, &new, &[], at, "it").unwrap();
        h.record_key_retired(&old, None, at, "it").unwrap();
        h.wipe_source(&old, Some(&old_path), at, "it").unwrap();
        match &h.steps.last().unwrap().data {
            HandoverData::VaultWiped {
                os_labels_to_remove,
                ..
            } => assert_eq!(*os_labels_to_remove, !ack),
            other => panic!("{other:?}"),
        }
        assert_eq!(json_of(&h).contains("\"os_labels_to_remove\":true"), !ack);
        let warned = h
            .status(Lang::En)
            .warnings
            .iter()
            .any(|w| w.contains("caller-ID labels"));
        assert_eq!(warned, !ack);
    }
}
