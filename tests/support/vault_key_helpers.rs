//! Helpers shared by the key-custody tests (`vault_keys.rs`, `vault_claims.rs`).
#![allow(dead_code)]

use std::path::Path;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use mamori::breach::{AssessRequest, ObligationStatus};
use mamori::vault::{Contact, FixedClock, Manifest, Vault, VaultOptions};
use mamori::{ErrorCode, Result};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

pub fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap()
}

pub fn opts(seed: u64) -> VaultOptions {
    VaultOptions::fast_for_tests()
        .with_rng(ChaCha20Rng::seed_from_u64(seed))
        .with_clock(FixedClock(t0()))
}

/// Default Argon2id parameters: the separation bar assumes them (used where the verdict
/// depends on the passcode's strength; a PIN-only vault is weak at any parameters).
pub fn code<T: std::fmt::Debug>(r: Result<T>) -> ErrorCode {
    r.expect_err("expected an error").code()
}

/// Software stand-in for a platform keystore (Android StrongBox HMAC key): HMAC-SHA256 over
/// the challenge with a key that, on a phone, would never leave the secure element.
pub struct SoftKeystore(pub [u8; 32]);

impl SoftKeystore {
    pub fn factor(&self, challenge: &[u8; 32]) -> [u8; 32] {
        let mut m = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.0).unwrap();
        m.update(challenge);
        m.finalize().into_bytes().into()
    }
}

/// Assess a lost phone whose vault of 1,200 JP persons is described by `m`.
pub fn final_report_status(m: &Manifest) -> (ObligationStatus, Vec<String>) {
    let mut req: AssessRequest = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/requests/lost_phone_1200.json"),
        )
        .unwrap(),
    )
    .unwrap();
    req.data.malicious = Some(false);
    req.data.protection = Some(m.protection());
    let a = mamori::breach::assess(&req).unwrap();
    let o = a
        .obligations
        .iter()
        .find(|o| o.id == "jp.appi.ppc.final")
        .expect("jp.appi.ppc.final");
    (o.status, o.reasons.iter().map(|r| r.to_string()).collect())
}

pub fn put_some(v: &Vault) {
    v.put(Contact::new("山田 太郎", &["090-1234-5678"]))
        .unwrap();
}
