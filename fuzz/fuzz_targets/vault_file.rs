//! Arbitrary bytes as a vault file, opened with the right key/passcode and with a wrong one.
//! Properties: never a panic; errors are typed (never INTERNAL); a wrong key or passcode never
//! opens a file; with the right key, every contact the reader returns is one that was written
//! (a tampered file never yields data that differs from what was written).
//!
//! Input: one selector byte, then the file. Selector % 8 == 0 uses the (slow, Argon2id)
//! passcode path; otherwise the raw-key path.
//!
//! Cost. Scratch files live in `mamori_fuzz::scratch_dir()` (a tmpfs when there is one), so the
//! syncs of an open cost nothing. The passcode path pays one Argon2id run per attempt at the
//! file's own parameters (the seeds use the minimum, 8 MiB, t = 1); it dominates the target.
//! What a *wrong* passcode does depends only on the file's header (static part, key slots,
//! failed-open counter: the first 512 bytes): the records are scanned but not used before the unwrap
//! fails. So on the passcode path every input is opened with the right passcode and with a
//! wrong raw key (the refusal path — failed-open counter, wipe policy, scan of the whole file —
//! without a KDF), and with a wrong passcode when its header differs from the passcode seed's
//! (whose refusal is checked once per process). Which attempts run depends on the input alone.
#![no_main]

use std::path::PathBuf;
use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use mamori::ErrorCode;
use mamori::vault::{Vault, VaultOptions};
use mamori_fuzz::{
    VAULT_KEY, VAULT_PASSCODE, WRONG_KEY, WRONG_PASSCODE, content, known_contacts, scratch_dir,
};

/// The passcode-protected seed (selector byte, then the file).
const PASSCODE_SEED: &[u8] = include_bytes!("../corpus/vault_file/passcode");

/// The passcode seed's header: static part, MAC, key slots and failed-open counter, as long as
/// the header says it is (`docs/vault-format.md` §1: u16 at offset 10, 512 in format 1); the
/// whole seed if that field is implausible.
fn seed_header() -> &'static [u8] {
    let f = &PASSCODE_SEED[1..];
    let n = f
        .get(10..12)
        .map_or(0, |b| usize::from(u16::from_le_bytes([b[0], b[1]])));
    &f[..if (12..=f.len()).contains(&n) {
        n
    } else {
        f.len()
    }]
}

/// A wrong passcode is refused on the seed's header (checked once per process).
fn check_seed_refuses_wrong_passcode() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let p = scratch_dir().join(format!(
            "mamori-fuzz-vault-seed-{}.vault",
            std::process::id()
        ));
        std::fs::write(&p, &PASSCODE_SEED[1..]).expect("temp file");
        let r = Vault::open(&p, WRONG_PASSCODE, VaultOptions::fast_for_tests());
        assert!(
            matches!(&r, Err(e) if e.code() == ErrorCode::WrongPasscode),
            "the seed's header does not refuse a wrong passcode"
        );
        let _ = std::fs::remove_file(&p);
    });
}

fn path() -> PathBuf {
    scratch_dir().join(format!(
        "mamori-fuzz-vault-file-{}.vault",
        std::process::id()
    ))
}

fn typed(e: &mamori::Error) {
    assert!(
        !matches!(e.code(), ErrorCode::Internal | ErrorCode::Panic),
        "untyped error: {e}"
    );
}

fn check_open(v: &Vault) {
    let known: Vec<_> = known_contacts().iter().map(content).collect();
    match v.list() {
        Ok(list) => {
            for c in &list {
                assert!(
                    known.contains(&content(c)),
                    "reader returned data never written"
                );
                if let Some(id) = &c.id {
                    match v.get(id) {
                        Ok(g) => assert!(known.contains(&content(&g)), "get: unwritten data"),
                        Err(e) => typed(&e),
                    }
                }
            }
        }
        Err(e) => typed(&e),
    }
    for k in known_contacts() {
        for p in &k.phones {
            match v.lookup_phone(p) {
                Ok(Some(c)) => {
                    assert!(known.contains(&content(&c)), "lookup: unwritten data");
                    assert!(
                        content(&c).3.contains(p),
                        "lookup returned another number's owner"
                    );
                }
                Ok(None) => {}
                Err(e) => typed(&e),
            }
        }
    }
    let _ = v.manifest();
    let _ = v.damaged();
}

enum Secret {
    Passcode(&'static [u8]),
    Key(&'static [u8; 32]),
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, file)) = data.split_first() else {
        return;
    };
    let p = path();
    let passcode_path = sel % 8 == 0;
    let attempts: &[(Secret, bool)] = if !passcode_path {
        &[
            (Secret::Key(&VAULT_KEY), true),
            (Secret::Key(&WRONG_KEY), false),
        ]
    } else if file.starts_with(seed_header()) {
        check_seed_refuses_wrong_passcode();
        &[
            (Secret::Passcode(VAULT_PASSCODE), true),
            (Secret::Key(&WRONG_KEY), false),
        ]
    } else {
        &[
            (Secret::Passcode(VAULT_PASSCODE), true),
            (Secret::Key(&WRONG_KEY), false),
            (Secret::Passcode(WRONG_PASSCODE), false),
        ]
    };
    for (secret, right) in attempts {
        std::fs::write(&p, file).expect("temp file");
        let opened = match secret {
            Secret::Passcode(pc) => Vault::open(&p, pc, VaultOptions::fast_for_tests()),
            Secret::Key(key) => Vault::open_with_raw_key(&p, key, VaultOptions::fast_for_tests()),
        };
        match opened {
            Ok(v) => {
                assert!(*right, "a wrong key/passcode opened the vault");
                check_open(&v);
                let _ = v.close();
            }
            Err(e) => typed(&e),
        }
    }
    let _ = std::fs::remove_file(&p);
});
