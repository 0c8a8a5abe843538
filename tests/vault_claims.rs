//! Issue 24, key claims: the manifest claims only what a copy of the file cannot disprove.
//! Regression tests for the vault security audit of 2026-12-06 (N1 passcode estimates, N3
//! unauthenticated key slots, N4 host-declared factors and recovery keys, N6 grafted old
//! slots, N13 passcode policy).

use std::path::Path;

use mamori::ErrorCode;
use mamori::breach::ObligationStatus;
use mamori::vault::keyshare::ShareRegistry;
use mamori::vault::{
    Contact, FactorAssurance, FactorSource, GENERATED_WORDS, KdfParams, KeySpec, Manifest, Vault,
    VaultOptions,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sha2::Digest;

#[path = "support/vault_key_helpers.rs"]
mod helpers;
use helpers::{SoftKeystore, code, final_report_status, opts, put_some};

/// Default Argon2id parameters (the separation rule requires them).
fn default_opts(seed: u64) -> VaultOptions {
    opts(seed).with_kdf(KdfParams::default())
}

/// The manifest claims nothing a thief with the file could disprove.
fn assert_claims_nothing(m: &Manifest) {
    assert!(!m.key_separated, "{m:#?}");
    assert!(!m.remote_wipe, "{m:#?}");
    assert_ne!(m.protection().key_separated, Some(true), "{m:#?}");
    assert_ne!(m.offline_guess_log2, Some(256), "{m:#?}");
    let (status, reasons) = final_report_status(m);
    assert_eq!(status, ObligationStatus::Required, "{reasons:#?}");
}

// ------------------------------------------------------------------ N1: passcode estimates

/// `パスワード123` in Shift_JIS (CP932).
const SJIS_PASSWORD_123: &[u8] = &[
    0x83, 0x70, 0x83, 0x58, 0x83, 0x8F, 0x81, 0x5B, 0x83, 0x68, b'1', b'2', b'3',
];

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[test]
fn no_human_chosen_passcode_of_the_audit_is_key_separated() {
    let dir = tempfile::tempdir().unwrap();
    let passcodes: Vec<(&str, Vec<u8>)> = vec![
        ("15 x 1", b"111111111111111".to_vec()),
        ("16 x 0", b"0000000000000000".to_vec()),
        ("1234567890123456", b"1234567890123456".to_vec()),
        ("an IMEI", b"490154203237518".to_vec()),
        ("a date typed twice", b"2024120620241206".to_vec()),
        ("password as UTF-16LE", utf16le("password")),
        ("パスワード123 as Shift_JIS", SJIS_PASSWORD_123.to_vec()),
        ("13 x 0xFF", vec![0xFF; 13]),
        (
            "correct horse battery staple",
            b"correct horse battery staple".to_vec(),
        ),
        // Even 7 real EFF words, when a person (or host) chose them, are not separated.
        (
            "EFF words chosen by hand",
            b"abacus abdomen abdominal abide abiding ability ablaze".to_vec(),
        ),
    ];
    for (i, (what, p)) in passcodes.iter().enumerate() {
        let path = dir.path().join(format!("v{i}"));
        match Vault::create(&path, p, default_opts(100 + i as u64)) {
            Err(e) => {
                // Refused at create: only for passcodes that are not UTF-8 text.
                assert_eq!(e.code(), ErrorCode::InvalidInput, "{what}: {e}");
                assert!(
                    std::str::from_utf8(p).is_err() || p.contains(&0),
                    "{what} refused: {e}"
                );
                assert!(e.to_string().contains("UTF-8"), "{what}: {e}");
            }
            Ok(v) => {
                let m = v.manifest().unwrap();
                assert_claims_nothing(&m);
                assert_eq!(m.key_slots[0].key_separated, Some(false), "{what}");
                assert_eq!(m.key_slots[0].generator, None, "{what}");
                // The estimate stays as information, rounded down and capped for digits.
                assert!(m.offline_guess_log2.unwrap() < 80, "{what}: {m:?}");
            }
        }
    }
}

#[test]
fn digits_are_scored_as_a_pin_and_rounded_down() {
    let dir = tempfile::tempdir().unwrap();
    // 10^6 = 2^19.93: rounded down, 19 (was rounded to 20).
    let v = Vault::create(dir.path().join("a"), b"123456", opts(1)).unwrap();
    assert_eq!(v.manifest().unwrap().offline_guess_log2, Some(19));
    // 15 digits: scored as at most 10^8 (2^26), not 2^49.8 rounded up to the old bar.
    v.set_passcode(b"111111111111111").unwrap();
    let m = v.manifest().unwrap();
    assert_eq!(m.offline_guess_log2, Some(26));
    assert!(
        m.key_summary.contains("8 or more digits"),
        "{}",
        m.key_summary
    );
}

#[test]
fn a_generated_passphrase_is_the_only_separated_passcode() {
    let dir = tempfile::tempdir().unwrap();
    let p = Vault::generate_passphrase(&mut ChaCha20Rng::seed_from_u64(7));
    assert_eq!(p.words(), GENERATED_WORDS);
    assert_eq!(p.as_str().split(' ').count(), 7);
    assert_eq!(p.entropy_log2(), 90);
    assert!(!format!("{p:?}").contains(p.as_str().split(' ').next().unwrap()));
    // Deterministic with an injected RNG, different with another seed.
    let q = Vault::generate_passphrase(&mut ChaCha20Rng::seed_from_u64(7));
    assert_eq!(p.as_str(), q.as_str());
    let r = Vault::generate_passphrase(&mut ChaCha20Rng::seed_from_u64(8));
    assert_ne!(p.as_str(), r.as_str());

    let path = dir.path().join("g");
    let v = Vault::create_with(&path, KeySpec::Generated(&p), default_opts(2)).unwrap();
    put_some(&v);
    let m = v.manifest().unwrap();
    assert!(m.key_separated, "{m:#?}");
    assert_eq!(m.offline_guess_log2, Some(90));
    assert_eq!(
        m.key_slots[0].generator.as_deref(),
        Some("eff_large_wordlist")
    );
    assert!(
        m.key_summary.contains("library-generated"),
        "{}",
        m.key_summary
    );
    assert_eq!(final_report_status(&m).0, ObligationStatus::NotRequired);
    drop(v);
    // It opens with the passphrase as bytes.
    let v = Vault::open(&path, p.as_str().as_bytes(), default_opts(3)).unwrap();
    assert_eq!(v.len().unwrap(), 1);
    drop(v);

    // The same words typed in by a host as an ordinary passcode: not separated.
    let v = Vault::create(dir.path().join("h"), p.as_str().as_bytes(), default_opts(4)).unwrap();
    assert_claims_nothing(&v.manifest().unwrap());

    // Below the default Argon2id cost even a generated passphrase is not separated.
    let v = Vault::create_with(dir.path().join("f"), KeySpec::Generated(&p), opts(5)).unwrap();
    assert!(!v.manifest().unwrap().key_separated);
}

#[test]
fn set_generated_passphrase_replaces_a_pin_and_revokes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let v = Vault::create(&path, b"123456", default_opts(10)).unwrap();
    put_some(&v);
    assert!(!v.manifest().unwrap().key_separated);
    let p = v.set_generated_passphrase().unwrap();
    let m = v.manifest().unwrap();
    assert!(m.key_separated, "{m:#?}");
    assert_eq!(m.offline_guess_log2, Some(90));
    drop(v);
    assert_eq!(
        code(Vault::open(&path, b"123456", default_opts(11))),
        ErrorCode::WrongPasscode
    );
    let v = Vault::open(&path, p.as_str().as_bytes(), default_opts(12)).unwrap();
    assert!(v.manifest().unwrap().key_separated);
}

#[test]
fn the_generated_marker_cannot_be_patched_into_a_slot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    drop(Vault::create(&path, b"123456", default_opts(13)).unwrap());
    let mut b = std::fs::read(&path).unwrap();
    // Slot A: claim "generated" (byte 117) with 90 bits (byte 10), checksum recomputed.
    b[160 + 10] = 90;
    b[160 + 11] = 2;
    b[160 + 117] = 1;
    let c = sha2::Sha256::digest(&b[160..280]);
    b[280..288].copy_from_slice(&c[..8]);
    std::fs::write(&path, &b).unwrap();
    assert_eq!(
        code(Vault::open(&path, b"123456", default_opts(14))),
        ErrorCode::WrongPasscode
    );
}

#[test]
fn passcode_policy_normalises_and_refuses_what_a_host_got_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    // One character, any kind.
    assert_eq!(
        code(Vault::create(p("a"), b"a", opts(20))),
        ErrorCode::InvalidInput
    );
    // Full-width digits are a 4-digit PIN after NFKC: too short for a passcode-only slot.
    assert_eq!(
        code(Vault::create(p("b"), "１２３４".as_bytes(), opts(21))),
        ErrorCode::InvalidInput
    );
    // Full-width 6 digits: the same PIN as ASCII 123456 (normalised before the KDF).
    let v = Vault::create(p("c"), "１２３４５６".as_bytes(), opts(22)).unwrap();
    assert_eq!(v.manifest().unwrap().offline_guess_log2, Some(19));
    drop(v);
    drop(Vault::open(p("c"), b"123456", opts(23)).unwrap());
    drop(Vault::open(p("c"), "１２３４５６".as_bytes(), opts(24)).unwrap());
    // Not UTF-8, or UTF-16 passed as bytes: refused with a message naming the fix.
    for bad in [
        SJIS_PASSWORD_123.to_vec(),
        utf16le("password"),
        vec![0xFF; 13],
    ] {
        let e = Vault::create(p("d"), &bad, opts(25)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(e.to_string().contains("UTF-8"), "{e}");
    }
    let v = Vault::create(p("e"), b"123456", opts(26)).unwrap();
    assert_eq!(
        code(v.set_passcode(SJIS_PASSWORD_123)),
        ErrorCode::InvalidInput
    );
    assert_eq!(code(v.set_passcode(b"abc")), ErrorCode::InvalidInput);
    // Kinds 3 and 4 keep a minimum too (6 characters after NFKC, audit N4): "1" and a
    // 4-digit PIN are refused for both, 6 digits (also typed full-width) accepted.
    let challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(27));
    let f = [7u8; 32];
    assert_eq!(
        code(Vault::create_with_factor(
            p("f"),
            b"1",
            FactorSource::AndroidStrongbox,
            &challenge,
            &f,
            opts(28),
        )),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        code(Vault::create_with_factor(
            p("g"),
            "１".as_bytes(),
            FactorSource::Server,
            &challenge,
            &f,
            opts(29),
        )),
        ErrorCode::InvalidInput
    );
    for (i, source) in [FactorSource::AndroidStrongbox, FactorSource::Server]
        .into_iter()
        .enumerate()
    {
        for short in [&b"2580"[..], b"25801", "２５８０１".as_bytes()] {
            let e = Vault::create_with_factor(p("h"), short, source, &challenge, &f, opts(30))
                .unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidInput, "{source:?}");
            assert!(e.to_string().contains("at least 6 characters"), "{e}");
        }
        drop(
            Vault::create_with_factor(
                p(&format!("h{i}")),
                "２５８０１３".as_bytes(),
                source,
                &challenge,
                &f,
                opts(30),
            )
            .unwrap(),
        );
    }
}

// ------------------------------------------------------------------ N3: forged key slots

/// A 128-byte v2 slot of `kind`, `role`, `generation` and strength `guess_log2` with random
/// contents and its unkeyed checksum recomputed (the audit's exp02).
fn forged_slot(kind: u8, role: u8, generation: u64, guess_log2: u8, source: u8) -> [u8; 128] {
    let mut s = [0u8; 128];
    let mut rng = ChaCha20Rng::seed_from_u64(u64::from(kind) * 7 + u64::from(role));
    rand_core::RngCore::fill_bytes(&mut rng, &mut s);
    s[0..8].copy_from_slice(&generation.to_le_bytes());
    s[8] = kind;
    s[9] = role;
    s[10] = guess_log2;
    s[11] = if kind == 2 { 0 } else { 2 };
    s[12..16].copy_from_slice(&19456u32.to_le_bytes());
    s[16..20].copy_from_slice(&2u32.to_le_bytes());
    s[20..24].copy_from_slice(&1u32.to_le_bytes());
    s[116] = source;
    s[117..120].fill(0);
    let c = sha2::Sha256::digest(&s[..120]);
    s[120..].copy_from_slice(&c[..8]);
    s
}

fn plant(path: &Path, at: usize, slot: &[u8; 128]) {
    let mut b = std::fs::read(path).unwrap();
    b[at..at + 128].copy_from_slice(slot);
    std::fs::write(path, &b).unwrap();
}

#[test]
fn a_forged_key_slot_withdraws_every_claim_and_is_not_carried_over() {
    let cases: [(&str, [u8; 128]); 5] = [
        ("server, user, gen 99", forged_slot(4, 0, 99, 0, 6)),
        ("server, recovery", forged_slot(4, 1, 1, 0, 6)),
        ("host key, user, gen 99", forged_slot(2, 0, 99, 0, 0)),
        ("passcode 2^200", forged_slot(1, 0, 99, 200, 0)),
        ("secure enclave", forged_slot(3, 0, 99, 0, 3)),
    ];
    for (i, (what, slot)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v");
        let v = Vault::create(&path, b"123456", opts(40 + i as u64)).unwrap();
        put_some(&v);
        drop(v);
        plant(&path, 512, slot);
        let v = Vault::open(&path, b"123456", opts(50 + i as u64)).unwrap();
        let m = v.manifest().unwrap();
        assert_claims_nothing(&m);
        assert_eq!(m.offline_guess_log2, None, "{what}: {m:#?}");
        // The manifest says so too (the incident link then leaves the count undetermined).
        assert!(!m.intact, "{what}: manifest intact beside a forged slot");
        assert!(
            m.key_slots.iter().any(|s| !s.authenticated),
            "{what}: {m:#?}"
        );
        let d = v.damage().unwrap();
        assert!(!d.intact, "{what}");
        assert!(
            d.findings
                .iter()
                .any(|f| f.contains("offset 512") && f.contains("not authenticated")),
            "{what}: {:?}",
            d.findings
        );
        // A rewrite drops it; the manifest then describes the real PIN slot.
        v.compact().unwrap();
        drop(v);
        let b = std::fs::read(&path).unwrap();
        assert!(b[512..640].iter().all(|x| *x == 0), "{what}: carried over");
        let v = Vault::open(&path, b"123456", opts(60 + i as u64)).unwrap();
        let m = v.manifest().unwrap();
        assert_eq!(m.key_slots.len(), 1, "{what}");
        assert_eq!(m.offline_guess_log2, Some(19));
        assert!(v.damage().unwrap().intact, "{what}");
    }
}

#[test]
fn a_forged_second_user_slot_is_erased_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    drop(Vault::create(&path, b"123456", opts(70)).unwrap());
    plant(&path, 288, &forged_slot(2, 0, 99, 0, 0));
    let v = Vault::open(&path, b"123456", opts(71)).unwrap();
    // Like the stale slot of an interrupted passcode change: only the slot that opened the
    // vault stays, so the forged one can claim nothing.
    let m = v.manifest().unwrap();
    assert_claims_nothing(&m);
    assert_eq!(m.key_slots.len(), 1);
    assert!(m.key_slots[0].authenticated);
    drop(v);
    let b = std::fs::read(&path).unwrap();
    assert!(b[288..416].iter().all(|x| *x == 0));
    let v = Vault::open(&path, b"123456", opts(72)).unwrap();
    assert!(v.damage().unwrap().intact);
}

#[test]
fn removing_an_authenticated_slot_is_noticed() {
    // A host-key vault with a weak PIN... recovery slot: the thief keeps a copy with the
    // recovery slot and deletes it from the phone's file, hoping for "separated".
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let key = [9u8; 32];
    let v = Vault::create_with_raw_key(&path, &key, opts(80)).unwrap();
    v.add_recovery_key(&[3u8; 32]).unwrap();
    let m = v.manifest().unwrap();
    assert!(m.key_slots.iter().all(|s| s.authenticated), "{m:#?}");
    assert_eq!(m.key_slots.len(), 2);
    assert!(v.damage().unwrap().intact);
    drop(v);
    // Still authenticated after a reopen (the table MAC covers the recovery slot).
    let v = Vault::open_with_raw_key(&path, &key, opts(81)).unwrap();
    assert!(v.damage().unwrap().intact);
    assert!(v.manifest().unwrap().key_separated);
    drop(v);
    plant(&path, 512, &[0u8; 128]);
    let v = Vault::open_with_raw_key(&path, &key, opts(82)).unwrap();
    let m = v.manifest().unwrap();
    assert!(!m.key_separated, "{m:#?}");
    assert_ne!(m.protection().key_separated, Some(true));
    assert!(!v.damage().unwrap().intact);
}

#[test]
fn the_forged_slot_is_caught_through_the_c_abi() {
    use mamori::ffi::*;
    use std::ffi::{CStr, CString};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    drop(Vault::create(&path, b"123456", opts(90)).unwrap());
    plant(&path, 512, &forged_slot(4, 0, 99, 0, 6));
    let cpath = CString::new(path.to_str().unwrap()).unwrap();
    let mut v: *mut mamori_vault = std::ptr::null_mut();
    // SAFETY: valid C strings and out-pointers; the handle is closed below.
    unsafe {
        assert_eq!(
            mamori_vault_open(cpath.as_ptr(), b"123456".as_ptr(), 6, &mut v),
            mamori_result::MAMORI_OK
        );
        let mut out: *mut std::ffi::c_char = std::ptr::null_mut();
        assert_eq!(mamori_vault_manifest(v, &mut out), mamori_result::MAMORI_OK);
        let json = CStr::from_ptr(out).to_str().unwrap().to_string();
        mamori_string_free(out);
        mamori_vault_close(v);
        let m: Manifest = serde_json::from_str(&json).unwrap();
        assert_claims_nothing(&m);
        assert!(json.contains("\"authenticated\":false"), "{json}");
    }
}

// ------------------------------------------------------------------ N4: declared factors

#[test]
fn a_platform_factor_is_reported_as_declared_by_the_host() {
    let dir = tempfile::tempdir().unwrap();
    let challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(100));
    let f = SoftKeystore([5u8; 32]).factor(&challenge);
    let v = Vault::create_with_factor(
        dir.path().join("v"),
        b"123456",
        FactorSource::IosSecureEnclave,
        &challenge,
        &f,
        opts(101),
    )
    .unwrap();
    let m = v.manifest().unwrap();
    assert_eq!(m.factor_assurance, Some(FactorAssurance::DeclaredByHost));
    assert_eq!(
        m.key_slots[0].factor_assurance,
        Some(FactorAssurance::DeclaredByHost)
    );
    assert!(
        m.key_summary.contains("declared by the host, not attested"),
        "{}",
        m.key_summary
    );
    let (_, reasons) = final_report_status(&m);
    assert!(
        reasons.iter().any(|r| r.contains("declared by the host")),
        "{reasons:#?}"
    );
}

#[test]
fn a_recovery_key_withdraws_remote_wipe() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = ShareRegistry::new();
    let issued = server.issue(
        &mut ChaCha20Rng::seed_from_u64(110),
        chrono::DateTime::UNIX_EPOCH,
    );
    let mut challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(111));
    challenge[16..].copy_from_slice(&issued.id);
    let v = Vault::create_with_factor(
        dir.path().join("v"),
        b"258013",
        FactorSource::Server,
        &challenge,
        &issued.share,
        opts(112),
    )
    .unwrap();
    let m = v.manifest().unwrap();
    assert!(m.remote_wipe && m.key_separated);
    assert!(!m.key_summary.contains("every copy"), "{}", m.key_summary);
    v.add_recovery_key(&[4u8; 32]).unwrap();
    let m = v.manifest().unwrap();
    assert!(
        !m.remote_wipe,
        "the recovery key still opens a copy: {m:#?}"
    );
    assert!(!m.key_summary.contains("every copy"), "{}", m.key_summary);
    assert_eq!(m.protection().remote_wipe, Some(false));
}

// ------------------------------------------------------------------ N6: grafted old slots

fn graft_case(set: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let v = Vault::create(&path, b"123456", opts(120)).unwrap();
    put_some(&v);
    drop(v);
    let old_image = std::fs::read(&path).unwrap();
    let v = Vault::open(&path, b"123456", opts(121)).unwrap();
    if set {
        v.set_passcode(b"a new passphrase").unwrap();
    } else {
        v.change_passcode(b"123456", b"a new passphrase").unwrap();
    }
    v.put(Contact::new("後藤 D", &["090-0000-0004"])).unwrap();
    drop(v);
    // Graft the old slot A (and, in the second round, the whole old slot area with its
    // table MAC) into the current file: the old PIN must open nothing.
    for whole in [false, true] {
        let mut b = std::fs::read(&path).unwrap();
        let keep = b.clone();
        if whole {
            b[160..416].copy_from_slice(&old_image[160..416]);
            b[512..704].copy_from_slice(&old_image[512..704]);
        } else {
            b[160..288].copy_from_slice(&old_image[160..288]);
        }
        std::fs::write(&path, &b).unwrap();
        let r = Vault::open(&path, b"123456", opts(122));
        assert_eq!(
            r.as_ref().map(|_| ()).unwrap_err().code(),
            ErrorCode::Corrupt,
            "set={set} whole={whole}"
        );
        drop(r);
        std::fs::write(&path, &keep).unwrap();
    }
    // The owner's passphrase still works.
    let v = Vault::open(&path, b"a new passphrase", opts(123)).unwrap();
    assert_eq!(v.len().unwrap(), 2);
}

#[test]
fn a_grafted_old_slot_does_not_open_after_change_passcode() {
    graft_case(false);
}

#[test]
fn a_grafted_old_slot_does_not_open_after_set_passcode() {
    graft_case(true);
}
