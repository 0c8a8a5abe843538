//! Arbitrary bytes as a vault file, opened with the right key/passcode and with a wrong one.
//! Properties: never a panic; errors are typed (never INTERNAL); a wrong key or passcode never
//! opens a file; with the right key, every contact the reader returns is one that was written
//! (a tampered file never yields data that differs from what was written).
//!
//! Input: one selector byte, then the file. Selector % 8 == 0 uses the (slow, Argon2id)
//! passcode path; otherwise the raw-key path.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use mamori::ErrorCode;
use mamori::vault::{Vault, VaultOptions};
use mamori_fuzz::{VAULT_KEY, VAULT_PASSCODE, WRONG_KEY, WRONG_PASSCODE, content, known_contacts};

fn path() -> PathBuf {
    std::env::temp_dir().join(format!(
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

fuzz_target!(|data: &[u8]| {
    let Some((&sel, file)) = data.split_first() else {
        return;
    };
    let p = path();
    let passcode_path = sel % 8 == 0;
    for right in [true, false] {
        std::fs::write(&p, file).expect("temp file");
        let opened = if passcode_path {
            let pc = if right {
                VAULT_PASSCODE
            } else {
                WRONG_PASSCODE
            };
            Vault::open(&p, pc, VaultOptions::fast_for_tests())
        } else {
            let key = if right { &VAULT_KEY } else { &WRONG_KEY };
            Vault::open_with_raw_key(&p, key, VaultOptions::fast_for_tests())
        };
        match opened {
            Ok(v) => {
                assert!(right, "a wrong key/passcode opened the vault");
                check_open(&v);
                let _ = v.close();
            }
            Err(e) => typed(&e),
        }
    }
    let _ = std::fs::remove_file(&p);
});
