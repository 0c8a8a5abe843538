//! Key sources of the key slots, the passcode strength estimate and the separation bar.
//!
//! Every key slot records how its key-encryption key is made (the [`KeySource`]) and, for the
//! kinds involving a passcode, an estimate of the passcode's guess space made when the
//! passcode was set. Both are bound into the slot's key wrap (`docs/vault-format.md` §2), so
//! a copy of the file cannot be patched into claiming a stronger protection.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::format::{
    CLASS_NONE, CLASS_PASSPHRASE, CLASS_PIN, CLASS_UNKNOWN, KDF_ARGON2ID, KDF_PLATFORM, KDF_RAW,
    KDF_SERVER,
};
use super::manifest::KdfParams;
use crate::{Error, Result};

/// The separation bar: a passcode-only slot counts as `key_separated` only when an attacker
/// holding the file needs at least 2^50 Argon2id runs (at parameters no weaker than the
/// default m = 19 MiB, t = 2).
///
/// Source of the bar: the published GPU rates for Argon2id collected in the vault security
/// audit (hashcat mode 34000 on an RTX 4090: 1,667 H/s at m = 64 MiB, t = 3, i.e.
/// ≈ 8,400 guesses/s scaled to the default parameters; John the Ripper on an RTX 5090:
/// ≈ 14,400/s). 2^50 runs at 14,400/s is ≈ 2,500 GPU-years — out of reach of a thief,
/// even with a rented cluster of 100 GPUs (≈ 25 years). (2^40 would be ≈ 2.4 GPU-years, or
/// ≈ 9 days on 100 GPUs: not "difficult" in the PPC's sense.)
pub const SEPARATION_BAR_LOG2: u32 = 50;

/// By default a passcode-only slot refuses digits-only PINs shorter than this (a 6-digit PIN
/// is ≈ 2^20 guesses: minutes on one GPU, so it is accepted but reported as not separated).
pub const MIN_PIN_DIGITS: usize = 6;

/// Where the 32-byte platform factor of a `passcode+platform` slot comes from (declared by
/// the host at create time and bound into the slot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactorSource {
    /// Android StrongBox (HMAC-SHA256 key, non-exportable).
    AndroidStrongbox,
    /// Android TEE-backed Keystore (HMAC-SHA256 key, non-exportable).
    AndroidTee,
    /// iOS/macOS Secure Enclave (key agreement).
    IosSecureEnclave,
    /// A TPM 2.0 (desktop hosts).
    Tpm,
    /// Software stand-in (tests and demos): the factor lives in ordinary memory or storage,
    /// so such a slot is **not** reported as key-separated.
    Software,
    /// A company key server (`passcode+server` slots; see [`crate::vault::keyshare`]).
    Server,
}

impl FactorSource {
    pub(crate) fn code(self) -> u8 {
        match self {
            FactorSource::AndroidStrongbox => 1,
            FactorSource::AndroidTee => 2,
            FactorSource::IosSecureEnclave => 3,
            FactorSource::Tpm => 4,
            FactorSource::Software => 5,
            FactorSource::Server => 6,
        }
    }

    pub(crate) fn from_code(c: u8) -> Option<FactorSource> {
        Some(match c {
            1 => FactorSource::AndroidStrongbox,
            2 => FactorSource::AndroidTee,
            3 => FactorSource::IosSecureEnclave,
            4 => FactorSource::Tpm,
            5 => FactorSource::Software,
            6 => FactorSource::Server,
            _ => return None,
        })
    }

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FactorSource::AndroidStrongbox => "android_strongbox",
            FactorSource::AndroidTee => "android_tee",
            FactorSource::IosSecureEnclave => "ios_secure_enclave",
            FactorSource::Tpm => "tpm",
            FactorSource::Software => "software",
            FactorSource::Server => "server",
        }
    }
}

/// How a key slot's key-encryption key is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum KeySource {
    /// Argon2id over the passcode alone: the file plus guessing opens it.
    #[serde(rename = "passcode")]
    Passcode,
    /// A random 32-byte key held by the host's keystore.
    #[serde(rename = "host_key")]
    HostKey,
    /// Argon2id(passcode) ‖ a 32-byte factor from a non-exportable platform key.
    #[serde(rename = "passcode+platform")]
    PasscodePlatform,
    /// Argon2id(passcode) ‖ a 32-byte share a company server releases (revocable).
    #[serde(rename = "passcode+server")]
    PasscodeServer,
}

impl KeySource {
    pub(crate) fn from_kdf(kdf: u8) -> KeySource {
        match kdf {
            KDF_RAW => KeySource::HostKey,
            KDF_PLATFORM => KeySource::PasscodePlatform,
            KDF_SERVER => KeySource::PasscodeServer,
            _ => KeySource::Passcode,
        }
    }

    /// The name used in JSON (`passcode`, `host_key`, `passcode+platform`, `passcode+server`).
    pub fn as_str(self) -> &'static str {
        match self {
            KeySource::Passcode => "passcode",
            KeySource::HostKey => "host_key",
            KeySource::PasscodePlatform => "passcode+platform",
            KeySource::PasscodeServer => "passcode+server",
        }
    }
}

/// A passcode strength estimate: log2 of the guesses needed to exhaust the estimated space
/// (rounded to the nearest integer) and the passcode's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Strength {
    pub log2: u8,
    pub class: u8,
}

/// Estimate a passcode: digits-only PINs as 10^len; anything else with `zxcvbn` (its guess
/// estimate, log10 → log2). Only the estimate is stored, never the passcode.
pub(crate) fn estimate(passcode: &[u8]) -> Strength {
    if !passcode.is_empty() && passcode.iter().all(u8::is_ascii_digit) {
        let l = (passcode.len() as f64 * 10f64.log2()).round();
        return Strength {
            log2: l.min(255.0) as u8,
            class: CLASS_PIN,
        };
    }
    let log2 = match std::str::from_utf8(passcode) {
        Ok(s) => {
            let e = zxcvbn::zxcvbn(s, &[]);
            (e.guesses_log10() * 10f64.log2()).round()
        }
        // Not UTF-8 (binary passcodes): count 8 bits per byte at most, conservatively 4.
        Err(_) => passcode.len() as f64 * 4.0,
    };
    Strength {
        log2: log2.clamp(0.0, 255.0) as u8,
        class: CLASS_PASSPHRASE,
    }
}

/// The passcode policy of a slot kind: passcode-only slots refuse digits-only PINs shorter
/// than [`MIN_PIN_DIGITS`] and, with `min_log2`, anything estimated below it. Slots with a
/// platform factor or a server share accept any non-empty passcode.
pub(crate) fn check_policy(
    kdf: u8,
    s: Strength,
    passcode_len: usize,
    min_log2: Option<u8>,
) -> Result<()> {
    if kdf != KDF_ARGON2ID {
        return Ok(());
    }
    if s.class == CLASS_PIN && passcode_len < MIN_PIN_DIGITS {
        return Err(Error::invalid(
            "passcode",
            format!(
                "a passcode-only vault needs a PIN of at least {MIN_PIN_DIGITS} digits (or a \
                 platform factor / server share)"
            ),
        ));
    }
    if let Some(m) = min_log2
        && s.log2 < m
    {
        return Err(Error::invalid(
            "passcode",
            format!(
                "estimated strength 2^{} is below the vault's minimum 2^{m}",
                s.log2
            ),
        ));
    }
    Ok(())
}

/// The default Argon2id cost (m·t) the bar assumes.
const DEFAULT_COST: u64 = 19456 * 2;

/// Offline work (log2 of Argon2id runs) to open a slot from the file alone, or `None` when
/// unknown (a v1 passcode slot, whose strength was never estimated).
pub(crate) fn offline_log2(kdf: u8, class: u8, guess_log2: u8, source: u8) -> Option<u32> {
    match kdf {
        KDF_RAW => Some(256),
        KDF_PLATFORM if FactorSource::from_code(source) == Some(FactorSource::Software) => {
            // The factor is software: assume it can be taken with the file.
            (class != CLASS_UNKNOWN).then_some(u32::from(guess_log2))
        }
        KDF_PLATFORM | KDF_SERVER => Some(256),
        _ if class == CLASS_UNKNOWN || class == CLASS_NONE => None,
        _ => Some(u32::from(guess_log2)),
    }
}

/// Whether a slot's key is separated from the file (`None` = unknown).
pub(crate) fn separated(
    kdf: u8,
    source: u8,
    offline: Option<u32>,
    params: &KdfParams,
) -> Option<bool> {
    let o = offline?;
    let software = kdf == KDF_PLATFORM && source == FactorSource::Software.code();
    if kdf == KDF_ARGON2ID || software {
        let cost = u64::from(params.m_kib) * u64::from(params.t);
        return Some(o >= SEPARATION_BAR_LOG2 && cost >= DEFAULT_COST);
    }
    Some(true)
}

/// A sentence a compliance officer can read about one slot.
pub(crate) fn summary(
    kdf: u8,
    class: u8,
    guess_log2: u8,
    source: u8,
    pin_len: Option<usize>,
) -> String {
    let src = FactorSource::from_code(source)
        .map(FactorSource::as_str)
        .unwrap_or("unspecified");
    match kdf {
        KDF_RAW => "host keystore key (random 256-bit key held outside the file): the file alone \
                    cannot be opened"
            .to_string(),
        KDF_SERVER => "passcode + company-server share: the file alone cannot be opened, and \
                       revoking the share on the server makes every copy undecryptable"
            .to_string(),
        KDF_PLATFORM if source == FactorSource::Software.code() => format!(
            "passcode + software stand-in factor (not a hardware keystore): treated like a \
             passcode alone, ≈ 2^{guess_log2} Argon2id runs"
        ),
        KDF_PLATFORM => format!(
            "passcode + platform factor ({src}, non-exportable): the file alone cannot be opened"
        ),
        _ if class == CLASS_UNKNOWN => "passcode only, strength unknown (set before format v2): \
                                        an attacker with a copy of the file needs an unknown \
                                        number of Argon2id runs"
            .to_string(),
        _ if class == CLASS_PIN => format!(
            "{}-digit PIN only: an attacker with a copy of the file needs ≈ 2^{guess_log2} \
             Argon2id runs",
            pin_len
                .map(|n| n.to_string())
                .unwrap_or_else(|| "short".into())
        ),
        _ => format!(
            "passcode only (estimated ≈ 2^{guess_log2} guesses): an attacker with a copy of the \
             file needs ≈ 2^{guess_log2} Argon2id runs"
        ),
    }
}
