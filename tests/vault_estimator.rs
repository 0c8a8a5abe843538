//! Issue 27 item 3 (size): the passphrase estimator is the default-on cargo feature `zxcvbn`.
//! Every manifest key slot names the estimator behind its `offline_guess_log2`
//! (`pin_digits`, `zxcvbn`, `none`), and a build without the feature scores a chosen
//! passphrase as unknown, never higher than zxcvbn would (the bound itself is checked over a
//! corpus in `vault::keysource`'s unit tests, where both estimators are visible).
//!
//! Run both ways: `cargo test --all-features --test vault_estimator` and
//! `cargo test --no-default-features --test vault_estimator`.

use mamori::vault::{KeySpec, Vault};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

#[path = "support/vault_key_helpers.rs"]
mod helpers;
use helpers::opts;

const CHOSEN: &[u8] = "correct horse battery staple 営業部".as_bytes();

#[test]
fn pins_generated_passphrases_and_host_keys_name_their_estimator() {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path().join("pin"), b"123456", opts(1)).unwrap();
    let m = v.manifest().unwrap();
    assert_eq!(m.key_slots[0].estimator.as_deref(), Some("pin_digits"));
    assert_eq!(m.offline_guess_log2, Some(19));

    let p = Vault::generate_passphrase(&mut ChaCha20Rng::seed_from_u64(3));
    let v = Vault::create_with(dir.path().join("gen"), KeySpec::Generated(&p), opts(2)).unwrap();
    let m = v.manifest().unwrap();
    // Exact entropy, not an estimate: `generator` says where it comes from.
    assert_eq!(m.key_slots[0].estimator, None);
    assert_eq!(
        m.key_slots[0].generator.as_deref(),
        Some("eff_large_wordlist")
    );
    assert_eq!(m.offline_guess_log2, Some(90));

    let v =
        Vault::create_with(dir.path().join("host"), KeySpec::HostKey(&[7; 32]), opts(3)).unwrap();
    assert_eq!(v.manifest().unwrap().key_slots[0].estimator, None);
}

#[cfg(feature = "zxcvbn")]
#[test]
fn a_chosen_passphrase_is_scored_by_zxcvbn() {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path().join("p"), CHOSEN, opts(4)).unwrap();
    let m = v.manifest().unwrap();
    assert_eq!(
        m.key_slots[0].estimator.as_deref(),
        Some("zxcvbn"),
        "{m:#?}"
    );
    let n = m.offline_guess_log2.expect("an estimate");
    assert!(n > 0 && n < 128, "{m:#?}");
    assert!(
        m.key_summary.contains("estimated ≈ 2^"),
        "{}",
        m.key_summary
    );
    // The JSON shape carries the member.
    let j = serde_json::to_value(&m).unwrap();
    assert_eq!(j["key_slots"][0]["estimator"], "zxcvbn");
}

/// Without the estimator a chosen passphrase is "strength unknown": the slot records 0 and
/// the unestimated flag, the manifest reports `offline_guess_log2: null` and
/// `estimator: "none"`, the key summary says so, and a vault minimum refuses it (more
/// cautious than zxcvbn, never less). PINs are scored as before.
#[cfg(not(feature = "zxcvbn"))]
#[test]
fn without_zxcvbn_a_chosen_passphrase_is_unknown_never_stronger() {
    use mamori::ErrorCode;
    use mamori::vault::VaultOptions;
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path().join("p"), CHOSEN, opts(4)).unwrap();
    let m = v.manifest().unwrap();
    assert_eq!(m.key_slots[0].estimator.as_deref(), Some("none"), "{m:#?}");
    assert_eq!(m.key_slots[0].offline_guess_log2, None);
    assert_eq!(m.offline_guess_log2, None);
    assert_eq!(m.key_slots[0].key_separated, Some(false));
    assert!(
        m.key_summary.contains("strength not estimated"),
        "{}",
        m.key_summary
    );
    let j = serde_json::to_value(&m).unwrap();
    assert_eq!(j["key_slots"][0]["estimator"], "none");

    let strict = |seed| -> VaultOptions {
        let mut o = opts(seed);
        o.min_passcode_guess_log2 = Some(20);
        o
    };
    let e = Vault::create(dir.path().join("q"), CHOSEN, strict(5)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("no passphrase estimator"), "{e}");
    // A PIN long enough still passes the same minimum.
    Vault::create(dir.path().join("r"), b"12345678", strict(6)).unwrap();
}
