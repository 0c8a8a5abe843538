//! Issue 10 (key custody): key sources per slot, the honest manifest and what the breach
//! engine concludes from it, passcode policy, rekey, wipe of damaged files, damage versus
//! wrong passcode, and the v1 → v2 upgrade.

use std::path::Path;

use mamori::ErrorCode;
use mamori::breach::ObligationStatus;
use mamori::vault::keyshare::ShareRegistry;
use mamori::vault::{AccessEvent, Contact, FactorSource, KeySource, KeySpec, Unlock, Vault};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sha2::Digest;

#[path = "support/vault_key_helpers.rs"]
mod helpers;
use helpers::{SoftKeystore, code, final_report_status, opts, put_some};

#[test]
fn six_digit_pin_only_vault_is_not_separated_and_1200_jp_persons_are_reportable() {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path().join("v"), b"123456", opts(1)).unwrap();
    put_some(&v);
    let m = v.manifest().unwrap();
    assert_eq!(m.key_source, KeySource::Passcode);
    assert!(!m.key_separated);
    // 10^6 = 2^19.93, rounded down (issue 24: estimates never round up).
    assert_eq!(m.offline_guess_log2, Some(19));
    assert!(!m.warnings.is_empty());
    assert!(
        m.key_summary
            .contains("6-digit PIN only: an attacker with a copy of the file needs ≈ 2^19"),
        "{}",
        m.key_summary
    );
    let p = m.protection();
    assert_eq!(p.key_separated, Some(false));
    assert_eq!(p.remote_wipe, Some(false));
    let (status, reasons) = final_report_status(&m);
    assert_eq!(status, ObligationStatus::Required, "{reasons:#?}");
    assert!(
        reasons.iter().any(|r| r.contains("6-digit PIN only")),
        "{reasons:#?}"
    );
}

#[test]
fn a_declared_remote_wipe_exempts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = opts(2);
    o.remote_wipe = true;
    let v = Vault::create(dir.path().join("v"), b"123456", o).unwrap();
    let m = v.manifest().unwrap();
    assert!(m.remote_wipe_declared);
    assert!(!m.remote_wipe);
    assert_eq!(final_report_status(&m).0, ObligationStatus::Required);
}

#[test]
fn host_key_vault_is_separated_and_not_reportable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let key = [9u8; 32];
    let v = Vault::create_with_raw_key(&path, &key, opts(3)).unwrap();
    put_some(&v);
    let m = v.manifest().unwrap();
    assert_eq!(m.key_source, KeySource::HostKey);
    assert!(m.key_separated);
    assert_eq!(m.offline_guess_log2, Some(256));
    let (status, reasons) = final_report_status(&m);
    assert_eq!(status, ObligationStatus::NotRequired, "{reasons:#?}");
    drop(v);
    assert_eq!(
        code(Vault::open_with_raw_key(&path, &[8u8; 32], opts(4))),
        ErrorCode::WrongPasscode
    );
    let v = Vault::open_with(&path, Unlock::HostKey(&key), opts(5)).unwrap();
    assert_eq!(v.len().unwrap(), 1);
}

#[test]
fn platform_factor_vault_is_separated_wrong_and_missing_factor_fail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let ks = SoftKeystore([5u8; 32]);
    let challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(6));
    let factor = ks.factor(&challenge);
    // A 4-digit PIN is fine with a platform factor.
    let v = Vault::create_with_factor(
        &path,
        b"123456",
        FactorSource::AndroidStrongbox,
        &challenge,
        &factor,
        opts(7),
    )
    .unwrap();
    put_some(&v);
    let m = v.manifest().unwrap();
    assert_eq!(m.key_source, KeySource::PasscodePlatform);
    assert_eq!(
        m.key_slots[0].factor_source,
        Some(FactorSource::AndroidStrongbox)
    );
    assert!(m.key_separated, "{m:#?}");
    let (status, reasons) = final_report_status(&m);
    assert_eq!(status, ObligationStatus::NotRequired, "{reasons:#?}");
    drop(v);
    // Sans-IO unlock: the challenge comes from the file, the factor from the keystore.
    let c = Vault::unlock_challenge(&path).unwrap();
    assert_eq!(c, challenge);
    // Missing factor: not a failed attempt.
    assert_eq!(
        code(Vault::open(&path, b"123456", opts(8))),
        ErrorCode::FactorRequired
    );
    // Wrong factor, wrong PIN: wrong passcode.
    let other = SoftKeystore([6u8; 32]).factor(&c);
    assert_eq!(
        code(Vault::open_with_factor(&path, b"123456", &other, opts(9))),
        ErrorCode::WrongPasscode
    );
    assert_eq!(
        code(Vault::open_with_factor(
            &path,
            b"123457",
            &ks.factor(&c),
            opts(10)
        )),
        ErrorCode::WrongPasscode
    );
    let v = Vault::open_with_factor_fn(
        &path,
        b"123456",
        |c| Ok(zeroize::Zeroizing::new(ks.factor(c))),
        opts(11),
    )
    .unwrap();
    assert_eq!(v.len().unwrap(), 1);
    let log = v.access_log().unwrap();
    let failed: u32 = log
        .entries
        .iter()
        .filter(|e| e.event == AccessEvent::FailedOpens)
        .map(|e| e.count)
        .sum();
    assert_eq!(failed, 2, "the missing factor is not counted");
}

#[test]
fn a_software_factor_is_not_reported_as_separation() {
    let dir = tempfile::tempdir().unwrap();
    let challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(12));
    let f = SoftKeystore([1; 32]).factor(&challenge);
    let v = Vault::create_with_factor(
        dir.path().join("v"),
        b"123456",
        FactorSource::Software,
        &challenge,
        &f,
        opts(13),
    )
    .unwrap();
    let m = v.manifest().unwrap();
    assert!(!m.key_separated);
    assert_eq!(m.offline_guess_log2, Some(19));
}

#[test]
fn a_revoked_server_share_defeats_a_copy_made_before_the_revocation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let mut server = ShareRegistry::new();
    let issued = server.issue(&mut ChaCha20Rng::seed_from_u64(14), utc(9));
    let mut challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(15));
    challenge[16..].copy_from_slice(&issued.id);
    let v = Vault::create_with_factor(
        &path,
        b"258013",
        FactorSource::Server,
        &challenge,
        &issued.share,
        opts(16),
    )
    .unwrap();
    put_some(&v);
    let m = v.manifest().unwrap();
    assert_eq!(m.key_source, KeySource::PasscodeServer);
    assert!(m.remote_wipe && m.key_separated);
    drop(v);
    // The thief images the phone before the loss report.
    let copy = dir.path().join("copy");
    std::fs::copy(&path, &copy).unwrap();
    // Before the revocation the owner unlocks with the share the server releases.
    let id: [u8; 16] = Vault::unlock_challenge(&path).unwrap()[16..]
        .try_into()
        .unwrap();
    assert_eq!(id, issued.id);
    let share = server.release(&id, utc(10)).unwrap();
    drop(Vault::open_with_factor(&path, b"258013", &share, opts(17)).unwrap());
    drop(share);
    // Loss report: the server destroys the share.
    server.revoke(&id, utc(12)).unwrap();
    assert_eq!(code(server.release(&id, utc(13))), ErrorCode::ShareRevoked);
    assert_eq!(code(server.insert(id, &[0; 32])), ErrorCode::ShareRevoked);
    // The copy: even the right PIN opens nothing without the share, and no share exists.
    assert_eq!(
        code(Vault::open(&copy, b"258013", opts(18))),
        ErrorCode::FactorRequired
    );
    for guess in [[0u8; 32], [0xFF; 32]] {
        assert_eq!(
            code(Vault::open_with_factor(&copy, b"258013", &guess, opts(19))),
            ErrorCode::WrongPasscode
        );
    }
}

/// Recompute the v2 header checksum after a deliberate patch of the static header.
fn reseal_header_checksum(b: &mut [u8]) {
    let sum = sha2::Sha256::digest(&b[..112]);
    b[144..160].copy_from_slice(&sum[..16]);
}

#[test]
fn patched_policy_fields_give_neither_a_bypass_nor_an_oracle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let mut o = opts(20);
    o.wipe_after_failed = Some(3);
    drop(Vault::create(&path, b"123456", o).unwrap());
    let good = std::fs::read(&path).unwrap();
    // Turn the wipe policy off (bytes 44..48) and make the damage check pass.
    let mut b = good.clone();
    b[44..48].copy_from_slice(&0u32.to_le_bytes());
    reseal_header_checksum(&mut b);
    std::fs::write(&path, &b).unwrap();
    // The right PIN and a wrong one now give the same answer: no oracle, and the patched
    // file opens for nobody.
    for pin in [b"123456", b"000000", b"123456"] {
        assert_eq!(
            code(Vault::open(&path, pin, opts(21))),
            ErrorCode::WrongPasscode
        );
    }
    // Idle-days and the flags are bound the same way.
    for (off, val) in [(48usize, 9u8), (15, 1)] {
        let mut b = good.clone();
        b[off] = val;
        reseal_header_checksum(&mut b);
        std::fs::write(&path, &b).unwrap();
        assert_eq!(
            code(Vault::open(&path, b"123456", opts(22))),
            ErrorCode::WrongPasscode
        );
    }
    // A patch without the checksum is damage, reported as such and not counted.
    let mut b = good.clone();
    b[44] = 0;
    std::fs::write(&path, &b).unwrap();
    assert_eq!(
        code(Vault::open(&path, b"123456", opts(23))),
        ErrorCode::Corrupt
    );
    std::fs::write(&path, &good).unwrap();
    drop(Vault::open(&path, b"123456", opts(24)).unwrap());
}

#[test]
fn a_flipped_bit_in_the_vault_id_is_corrupt_and_never_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let mut o = opts(25);
    o.wipe_after_failed = Some(3);
    let v = Vault::create(&path, b"123456", o).unwrap();
    put_some(&v);
    drop(v);
    let good = std::fs::read(&path).unwrap();
    for byte in 16..32 {
        let mut b = good.clone();
        b[byte] ^= 0x10;
        std::fs::write(&path, &b).unwrap();
        for _ in 0..4 {
            assert_eq!(
                code(Vault::open(&path, b"123456", opts(26))),
                ErrorCode::Corrupt,
                "byte {byte}"
            );
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b,
            "nothing written, nothing wiped"
        );
    }
    std::fs::write(&path, &good).unwrap();
    let v = Vault::open(&path, b"123456", opts(27)).unwrap();
    assert!(
        v.access_log()
            .unwrap()
            .entries
            .iter()
            .all(|e| e.event != AccessEvent::FailedOpens)
    );
}

#[test]
fn an_old_slot_grafted_back_after_rekey_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let v = Vault::create(&path, b"123456", opts(28)).unwrap();
    put_some(&v);
    let before = std::fs::read(&path).unwrap();
    let old_slot = before[160..288].to_vec();
    v.rekey(KeySpec::Passcode(b"a much longer passphrase 7"))
        .unwrap();
    v.put(Contact::new("after the rekey", &["03-1111-2222"]))
        .unwrap();
    let m = v.manifest().unwrap();
    assert_eq!(m.contacts, 2);
    drop(v);
    let after = std::fs::read(&path).unwrap();
    assert_ne!(after[160..288], old_slot[..]);
    assert!(after[288..416].iter().all(|b| *b == 0), "old slots gone");
    assert_eq!(
        code(Vault::open(&path, b"123456", opts(29))),
        ErrorCode::WrongPasscode
    );
    // Graft the old slot into either position: it unwraps the old master key only, which
    // fails the new key check — nothing is served.
    for pos in [160usize, 288] {
        let mut b = after.clone();
        b[pos..pos + 128].copy_from_slice(&old_slot);
        std::fs::write(&path, &b).unwrap();
        let r = Vault::open(&path, b"123456", opts(30));
        assert_eq!(code(r), ErrorCode::Corrupt, "graft at {pos}");
    }
    std::fs::write(&path, &after).unwrap();
    let v = Vault::open(&path, b"a much longer passphrase 7", opts(31)).unwrap();
    assert_eq!(v.len().unwrap(), 2);
    v.verify_access_log().unwrap();
    assert!(
        v.access_log()
            .unwrap()
            .entries
            .iter()
            .any(|e| e.event == AccessEvent::Rekeyed)
    );
}

#[test]
fn rekey_changes_the_key_source_and_drops_the_recovery_slot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let v = Vault::create(&path, b"123456", opts(32)).unwrap();
    put_some(&v);
    let company = [3u8; 32];
    v.add_recovery_key(&company).unwrap();
    let m = v.manifest().unwrap();
    assert_eq!(m.key_slots.len(), 2);
    assert!(!m.key_separated, "the PIN slot still opens the file");
    drop(v);
    // The company opens with its recovery key and moves the user to a platform factor.
    let v = Vault::open_with_raw_key(&path, &company, opts(33)).unwrap();
    let ks = SoftKeystore([4; 32]);
    // A challenge from `new_challenge` names another vault id: refused before any change
    // (the slot would keep this vault's id, `unlock_challenge` would return bytes the factor
    // was not computed over, and every sans-IO unlock would fail as WRONG_PASSCODE).
    let foreign = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(34));
    assert_eq!(
        code(v.rekey(KeySpec::PasscodeFactor {
            passcode: b"123456",
            source: FactorSource::IosSecureEnclave,
            challenge: &foreign,
            factor: &ks.factor(&foreign),
        })),
        ErrorCode::InvalidInput
    );
    assert_eq!(v.manifest().unwrap().key_slots.len(), 2, "nothing changed");
    let c = v
        .rekey_challenge(&mut ChaCha20Rng::seed_from_u64(34))
        .unwrap();
    v.rekey(KeySpec::PasscodeFactor {
        passcode: b"123456",
        source: FactorSource::IosSecureEnclave,
        challenge: &c,
        factor: &ks.factor(&c),
    })
    .unwrap();
    let m = v.manifest().unwrap();
    assert_eq!(m.key_slots.len(), 1);
    assert!(m.key_separated);
    drop(v);
    assert_eq!(
        code(Vault::open_with_raw_key(&path, &company, opts(35))),
        ErrorCode::FactorRequired
    );
    // The documented sans-IO unlock works after the rekey: the challenge read back from the
    // file is the one the factor was computed over.
    let read_back = Vault::unlock_challenge(&path).unwrap();
    assert_eq!(read_back, c);
    let v = Vault::open_with_factor(&path, b"123456", &ks.factor(&read_back), opts(36)).unwrap();
    assert_eq!(v.len().unwrap(), 1);
}

#[test]
fn passcode_policy() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        code(Vault::create(dir.path().join("a"), b"12345", opts(37))),
        ErrorCode::InvalidInput
    );
    assert!(!dir.path().join("a").exists());
    let mut o = opts(38);
    o.min_passcode_guess_log2 = Some(40);
    assert_eq!(
        code(Vault::create(dir.path().join("b"), b"123456", o)),
        ErrorCode::InvalidInput
    );
    let v = Vault::create(dir.path().join("c"), b"123456", opts(39)).unwrap();
    assert!(!v.manifest().unwrap().warnings.is_empty());
    assert_eq!(code(v.set_passcode(b"9876")), ErrorCode::InvalidInput);
    v.set_passcode(b"correct horse battery staple").unwrap();
    let m = v.manifest().unwrap();
    assert!(m.offline_guess_log2.unwrap() > 20, "{m:?}");
}

#[test]
fn wipe_file_erases_a_damaged_vault_and_refuses_a_foreign_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    drop(Vault::create(&path, b"123456", opts(40)).unwrap());
    let mut b = std::fs::read(&path).unwrap();
    b[0] ^= 0xFF; // one damaged magic byte
    std::fs::write(&path, &b).unwrap();
    let copy_of_slots = b[160..416].to_vec();
    assert!(copy_of_slots.iter().any(|x| *x != 0));
    Vault::wipe_file(&path).unwrap();
    assert!(!path.exists());
    // A file that is not a vault is left alone.
    let other = dir.path().join("notes.txt");
    std::fs::write(&other, vec![b'x'; 2048]).unwrap();
    assert_eq!(code(Vault::wipe_file(&other)), ErrorCode::Corrupt);
    assert_eq!(std::fs::read(&other).unwrap(), vec![b'x'; 2048]);
}

#[test]
fn the_v1_fixture_opens_and_is_upgraded_to_v2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.mamori");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-v1.mamori"),
        &path,
    )
    .unwrap();
    assert_eq!(std::fs::read(&path).unwrap()[8], 1);
    let v = Vault::open(&path, b"123456", opts(41)).unwrap();
    assert_eq!(v.len().unwrap(), 3);
    assert_eq!(
        v.lookup_phone("+81 90 1234 5678").unwrap().unwrap().name,
        "山田 太郎"
    );
    let m = v.manifest().unwrap();
    assert_eq!(m.format_version, 2);
    // The v1 file never recorded the PIN's strength: unknown. A passcode a person chose is
    // never separated whatever its strength (issue 24), so the claim is `false`, not unknown.
    assert!(!m.key_separated);
    assert_eq!(m.offline_guess_log2, None);
    assert_eq!(m.protection().key_separated, Some(false));
    v.verify_access_log().unwrap();
    // The file had no transaction chain when it was opened: the upgrade cannot vouch for what
    // happened to it before, so this open never reports it intact (nor chained).
    let d = v.damage().unwrap();
    assert!(!d.intact && !d.chained, "{d:?}");
    assert!(
        d.findings
            .iter()
            .any(|f| f.contains("no transaction chain"))
    );
    drop(v);
    let b = std::fs::read(&path).unwrap();
    assert_eq!(u16::from_le_bytes([b[8], b[9]]), 2);
    let v = Vault::open(&path, b"123456", opts(42)).unwrap();
    assert_eq!(v.len().unwrap(), 3);
    // Opened again, the chain written by the upgrade verifies.
    let d = v.damage().unwrap();
    assert!(d.intact && d.chained, "{d:?}");
    // A passcode change records an estimate.
    v.set_passcode(b"123456").unwrap();
    assert_eq!(v.manifest().unwrap().offline_guess_log2, Some(19));
}

/// A time on 2026-12-01 (UTC), at `h` o'clock.
fn utc(h: u32) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap()
}
