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
use zeroize::Zeroizing;

use crate::text::Lang;
use crate::{Error, Result};

/// The offline-work bar of the first separation rule (2^50 Argon2id runs at parameters no
/// weaker than the default m = 19 MiB, t = 2). **No longer sufficient:** an estimate of a
/// passcode a person chose never makes a passcode-only slot `key_separated` (the vault
/// security audit of 2026-12-06, N1: 15 × `1`, an IMEI, "correct horse battery staple" were
/// all rated above it and fell to a 571-word dictionary in seconds). Only a library-generated
/// passphrase of at least [`GENERATED_MIN_LOG2`] bits is. Kept as the reference figure in
/// warnings: 2^50 runs at ≈ 14,400 GPU guesses/s (John the Ripper, RTX 5090, scaled to the
/// default parameters) is ≈ 2,500 GPU-years.
pub const SEPARATION_BAR_LOG2: u32 = 50;

/// By default a passcode-only slot refuses digits-only PINs shorter than this (a 6-digit PIN
/// is ≈ 2^20 guesses: minutes on one GPU, so it is accepted but reported as not separated).
pub const MIN_PIN_DIGITS: usize = 6;

/// Where the 32-byte platform factor of a `passcode+platform` slot comes from (declared by
/// the host at create time and bound into the slot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
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
        self.into()
    }
}

/// How a key slot's key-encryption key is made.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
pub enum KeySource {
    /// Argon2id over the passcode alone: the file plus guessing opens it.
    #[serde(rename = "passcode")]
    #[strum(serialize = "passcode")]
    Passcode,
    /// A random 32-byte key held by the host's keystore.
    #[serde(rename = "host_key")]
    #[strum(serialize = "host_key")]
    HostKey,
    /// Argon2id(passcode) ‖ a 32-byte factor from a non-exportable platform key.
    #[serde(rename = "passcode+platform")]
    #[strum(serialize = "passcode+platform")]
    PasscodePlatform,
    /// Argon2id(passcode) ‖ a 32-byte share a company server releases (revocable).
    #[serde(rename = "passcode+server")]
    #[strum(serialize = "passcode+server")]
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
        self.into()
    }
}

/// A passcode strength estimate: log2 of the guesses needed to exhaust the estimated space
/// (rounded **down**) and the passcode's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Strength {
    pub log2: u8,
    pub class: u8,
    /// `false` when no estimator scored the passcode (a build without the `zxcvbn` feature
    /// scores a non-PIN passphrase as 0, "strength unknown"); recorded in the slot as
    /// [`FLAG_UNESTIMATED`].
    pub estimated: bool,
}

/// A digits-only passcode is scored as at most this many digits (10^8 ≈ 2^26): long digit
/// strings are dates, phone numbers, IMEIs and repeats, which guessers try first.
pub const PIN_SCORE_MAX_DIGITS: usize = 8;

/// Every new passcode (any kind) needs at least this many characters (after NFKC).
pub const MIN_PASSCODE_CHARS: usize = 4;

/// A new passcode of a `passcode+platform` or `passcode+server` slot (kinds 3 and 4) needs at
/// least this many characters (after NFKC): the factor carries the separation, but once it
/// leaks (a share released to a stolen, logged-in phone; a software fallback) the passcode is
/// all that is left, and a 4-digit PIN fell to an imaged copy in 12.5 s (audit 2026-12-06,
/// N4). Six digits is the minimum the audit asked for.
pub const MIN_FACTOR_PASSCODE_CHARS: usize = 6;

/// Estimate a (normalised) passcode: digits-only PINs as 10^len (at most
/// 10^[`PIN_SCORE_MAX_DIGITS`]); anything else with `zxcvbn` (its guess estimate,
/// log10 → log2) when the library is built with the `zxcvbn` feature (the default), and as
/// 0 with `estimated: false` without it ([`unestimated_passphrase`]). Rounded down. Only the
/// estimate is stored, never the passcode.
pub(crate) fn estimate(passcode: &[u8]) -> Strength {
    if let Some(s) = pin_strength(passcode) {
        return s;
    }
    #[cfg(feature = "zxcvbn")]
    {
        zxcvbn_passphrase(passcode)
    }
    #[cfg(not(feature = "zxcvbn"))]
    {
        unestimated_passphrase(passcode)
    }
}

/// A digits-only passcode's score (10^len, at most 10^[`PIN_SCORE_MAX_DIGITS`]); `None` for
/// anything else.
fn pin_strength(passcode: &[u8]) -> Option<Strength> {
    if passcode.is_empty() || !passcode.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let digits = passcode.len().min(PIN_SCORE_MAX_DIGITS);
    let l = (digits as f64 * 10f64.log2()).floor();
    Some(Strength {
        log2: l.min(255.0) as u8,
        class: CLASS_PIN,
        estimated: true,
    })
}

/// zxcvbn's estimate of a passphrase (log10 guesses → log2, rounded down); bytes that are
/// not UTF-8 (only slots set before the UTF-8 rule) score 0.
#[cfg(feature = "zxcvbn")]
fn zxcvbn_passphrase(passcode: &[u8]) -> Strength {
    let log2 = match std::str::from_utf8(passcode) {
        Ok(s) => {
            let e = zxcvbn::zxcvbn(s, &[]);
            (e.guesses_log10() * 10f64.log2()).floor()
        }
        // Not UTF-8 (only slots set before this rule): unknown bytes, scored as nothing.
        Err(_) => 0.0,
    };
    Strength {
        log2: log2.clamp(0.0, 255.0) as u8,
        class: CLASS_PASSPHRASE,
        estimated: true,
    }
}

/// The score of a passphrase in a build without the `zxcvbn` feature (the size-optimised
/// packaging, README "Packaging"): 0, "strength unknown". zxcvbn's guess count is at least 1
/// for every input (log2 ≥ 0), so this is never higher than zxcvbn's score: a small build
/// can only be more cautious (a `min_passcode_guess_log2` refuses every chosen passphrase,
/// the manifest reports the strength as unknown with `estimator: "none"`), never less.
/// Without dictionaries of the common passwords, names and words no bound above 0 holds:
/// zxcvbn scores a single common word near 2^0.
#[cfg_attr(feature = "zxcvbn", allow(dead_code))]
fn unestimated_passphrase(_passcode: &[u8]) -> Strength {
    Strength {
        log2: 0,
        class: CLASS_PASSPHRASE,
        estimated: false,
    }
}

/// Check a **new** passcode and return the bytes the KDF takes: the passcode must be UTF-8
/// text without control characters (a UTF-16 or Shift_JIS host string passed as bytes is
/// refused, not guessed at) and is NFKC-normalised (full-width `１２３４` becomes `1234`,
/// so the digit test and the KDF see one form). The slot records that its passcode was
/// normalised ([`FLAG_NFKC`]), so slots set before this rule still open with the raw bytes.
pub(crate) fn normalize_new(passcode: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    use unicode_normalization::UnicodeNormalization;
    let s = std::str::from_utf8(passcode).map_err(|_| {
        Error::invalid(
            "passcode",
            "not valid UTF-8: pass the passcode as UTF-8 text (a UTF-16, Shift_JIS or binary \
             passcode is refused; hosts must convert their strings to UTF-8)",
        )
    })?;
    if s.chars().any(char::is_control) {
        return Err(Error::invalid(
            "passcode",
            "contains a control character (NUL bytes usually mean UTF-16 text passed as \
             bytes): pass the passcode as UTF-8 text",
        ));
    }
    let n: String = s.nfkc().collect();
    Ok(Zeroizing::new(n.into_bytes()))
}

/// The passcode policy of a slot kind, for a normalised passcode ([`normalize_new`]):
/// every kind needs at least [`MIN_PASSCODE_CHARS`] characters; passcode-only slots refuse
/// digits-only PINs shorter than [`MIN_PIN_DIGITS`] and, with `min_log2`, anything estimated
/// below it. With a platform factor or a server share the factor carries the separation,
/// but the passcode is all that is left once the factor leaks, so those kinds need at least
/// [`MIN_FACTOR_PASSCODE_CHARS`] characters. A library-generated passphrase is always
/// accepted.
pub(crate) fn check_policy(
    kdf: u8,
    s: Strength,
    passcode: &[u8],
    min_log2: Option<u8>,
) -> Result<()> {
    let chars = std::str::from_utf8(passcode).map_or(passcode.len(), |t| t.chars().count());
    if chars < MIN_PASSCODE_CHARS {
        return Err(Error::invalid(
            "passcode",
            format!("at least {MIN_PASSCODE_CHARS} characters (after NFKC normalisation)"),
        ));
    }
    if matches!(kdf, KDF_PLATFORM | KDF_SERVER) && chars < MIN_FACTOR_PASSCODE_CHARS {
        return Err(Error::invalid(
            "passcode",
            format!(
                "a passcode+platform or passcode+server slot needs at least \
                 {MIN_FACTOR_PASSCODE_CHARS} characters (after NFKC normalisation): the \
                 passcode is all that protects a copy once the factor or share leaks"
            ),
        ));
    }
    if kdf != KDF_ARGON2ID {
        return Ok(());
    }
    if s.class == CLASS_PIN && passcode.len() < MIN_PIN_DIGITS {
        return Err(Error::invalid(
            "passcode",
            format!(
                "a passcode-only vault needs a PIN of at least {MIN_PIN_DIGITS} digits (or a \
                 platform factor / server share)"
            ),
        ));
    }
    if let Some(m) = min_log2
        && !s.estimated
    {
        return Err(Error::invalid(
            "passcode",
            format!(
                "this build of the library has no passphrase estimator (cargo feature \
                 `zxcvbn` off), so a chosen passphrase cannot be shown to reach the vault's \
                 minimum 2^{m}: use a generated passphrase or a build with the estimator"
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

/// Generator code of a human-chosen passcode (slot byte 117).
pub(crate) const GEN_NONE: u8 = 0;
/// Generator code of a passphrase the library drew itself: words chosen uniformly from the
/// EFF large word list by the vault's RNG ([`GeneratedPassphrase`]).
pub(crate) const GEN_EFF_LARGE: u8 = 1;
/// Slot flag (byte 118) bit 0: the passcode was NFKC-normalised before the KDF.
pub(crate) const FLAG_NFKC: u8 = 1;
/// Slot flag (byte 118) bit 1: the passcode's strength was not estimated (a chosen
/// passphrase set by a build without the `zxcvbn` feature; `guess_log2` is 0). The manifest
/// reports such a slot's `offline_guess_log2` as unknown and its `estimator` as `none`.
pub(crate) const FLAG_UNESTIMATED: u8 = 2;

/// The estimator behind a slot's `guess_log2`, as the manifest names it (`pin_digits`,
/// `zxcvbn`, `none`); `None` for a slot without a chosen passcode (host key), a generated
/// passphrase (exact entropy, see `generator`) or a passcode set before format v2.
pub(crate) fn estimator_name(kdf: u8, class: u8, generator: u8, flags: u8) -> Option<&'static str> {
    if kdf == KDF_RAW || generator == GEN_EFF_LARGE {
        return None;
    }
    match class {
        CLASS_PIN => Some("pin_digits"),
        CLASS_PASSPHRASE if flags & FLAG_UNESTIMATED != 0 => Some("none"),
        CLASS_PASSPHRASE => Some("zxcvbn"),
        _ => None,
    }
}

/// The entropy (log2) a library-generated passphrase must carry for its passcode-only slot
/// to be reported `key_separated`.
pub const GENERATED_MIN_LOG2: u32 = 80;

/// Words of a generated passphrase: 7 × log2(7776) ≈ 90.5 bits.
pub const GENERATED_WORDS: usize = 7;

/// The EFF large word list (7,776 words, for five dice), © Electronic Frontier Foundation,
/// CC BY 3.0 US (<https://www.eff.org/dice>); the file is byte-for-byte the list's words,
/// one a line (SHA-256 `6d557f06…3bc522`).
const EFF_LARGE: &str = include_str!("eff_large_wordlist.txt");
/// Words in [`EFF_LARGE`].
const EFF_LARGE_WORDS: u32 = 7776;

/// A passphrase the library generated itself ([`crate::vault::Vault::generate_passphrase`]):
/// [`GENERATED_WORDS`] words drawn uniformly from the EFF large word list, separated by
/// spaces. Only such a secret has a known entropy, so only its passcode-only slot can be
/// reported `key_separated` (`docs/vault-format.md` §2.1). It cannot be built from a
/// string: a passphrase a person or host chose is never a `GeneratedPassphrase`. Zeroized
/// on drop; `Debug` shows no words.
pub struct GeneratedPassphrase {
    text: Zeroizing<String>,
    words: usize,
}

impl std::fmt::Debug for GeneratedPassphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeneratedPassphrase")
            .field("words", &self.words)
            .field("entropy_log2", &self.entropy_log2())
            .finish_non_exhaustive()
    }
}

impl GeneratedPassphrase {
    /// Draw `words` words uniformly (rejection sampling) from the EFF large list with `rng`.
    pub(crate) fn generate(rng: &mut dyn rand_core::CryptoRngCore, words: usize) -> Self {
        // Largest multiple of 7776 below 2^32: values at or above it are redrawn.
        let limit = u32::MAX - (u32::MAX % EFF_LARGE_WORDS);
        let mut text = Zeroizing::new(String::with_capacity(words * 10));
        for i in 0..words {
            let k = loop {
                let v = rng.next_u32();
                if v < limit {
                    break v % EFF_LARGE_WORDS;
                }
            };
            if i > 0 {
                text.push(' ');
            }
            text.push_str(EFF_LARGE.lines().nth(k as usize).unwrap_or_default());
        }
        GeneratedPassphrase { text, words }
    }

    /// The passphrase: give it to the user (show it once, or store it in a password manager).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Number of words.
    pub fn words(&self) -> usize {
        self.words
    }

    /// Entropy in bits, rounded down: ⌊words × log2 7776⌋ (7 words: 90).
    pub fn entropy_log2(&self) -> u32 {
        (self.words as f64 * f64::from(EFF_LARGE_WORDS).log2()).floor() as u32
    }

    /// The generator's name as recorded in the manifest (`eff_large_wordlist`).
    pub fn generator(&self) -> &'static str {
        "eff_large_wordlist"
    }
}

/// How a summary describes a passphrase set without an estimator ([`FLAG_UNESTIMATED`]).
const UNESTIMATED_WORDS: &str = "strength not estimated: the library that set it was built \
                                 without its passphrase estimator, so treat it as weak";
/// [`UNESTIMATED_WORDS`] in Japanese.
const UNESTIMATED_WORDS_JA: &str = "強度は未推定：設定したライブラリがパスフレーズの強度推定なしで\
                                    ビルドされていたため、弱いものとして扱う";

/// The default Argon2id cost (m·t) the bar assumes.
const DEFAULT_COST: u64 = 19456 * 2;

/// Offline work (log2 of Argon2id runs) to open a slot from the file alone, or `None` when
/// unknown (a v1 passcode slot, or a passphrase set without an estimator
/// ([`FLAG_UNESTIMATED`]): its strength was never estimated).
pub(crate) fn offline_log2(
    kdf: u8,
    class: u8,
    guess_log2: u8,
    source: u8,
    flags: u8,
) -> Option<u32> {
    let unestimated = flags & FLAG_UNESTIMATED != 0;
    match kdf {
        KDF_RAW => Some(256),
        KDF_PLATFORM if FactorSource::from_code(source) == Some(FactorSource::Software) => {
            // The factor is software: assume it can be taken with the file.
            (class != CLASS_UNKNOWN && !unestimated).then_some(u32::from(guess_log2))
        }
        KDF_PLATFORM | KDF_SERVER => Some(256),
        _ if class == CLASS_UNKNOWN || class == CLASS_NONE || unestimated => None,
        _ => Some(u32::from(guess_log2)),
    }
}

/// Whether a slot's key is separated from the file (`None` = unknown). A passcode-only slot
/// (or one whose factor is a software stand-in) is separated only when the library generated
/// its secret ([`GEN_EFF_LARGE`]) with at least [`GENERATED_MIN_LOG2`] bits, at Argon2id
/// parameters no weaker than the default: an estimate of a secret a person chose never
/// carries the claim, whatever it says. Host keys, hardware platform factors (as declared by
/// the host) and server shares are separated.
pub(crate) fn separated(
    kdf: u8,
    source: u8,
    generator: u8,
    offline: Option<u32>,
    params: &KdfParams,
) -> Option<bool> {
    let software = kdf == KDF_PLATFORM && source == FactorSource::Software.code();
    if kdf == KDF_ARGON2ID || software {
        if generator != GEN_EFF_LARGE {
            return Some(false);
        }
        let o = offline?;
        let cost = u64::from(params.m_kib) * u64::from(params.t);
        return Some(o >= GENERATED_MIN_LOG2 && cost >= DEFAULT_COST);
    }
    offline?;
    Some(true)
}

/// A sentence a compliance officer can read about one slot, in `lang` (the manifest's
/// `key_summary` in English, `key_summary_ja` in Japanese).
pub(crate) fn summary(
    lang: Lang,
    kdf: u8,
    class: u8,
    guess_log2: u8,
    source: u8,
    generator: u8,
    flags: u8,
) -> String {
    let ja = lang == Lang::Ja;
    let unestimated = flags & FLAG_UNESTIMATED != 0 && generator != GEN_EFF_LARGE;
    let src = FactorSource::from_code(source)
        .map(FactorSource::as_str)
        .unwrap_or("unspecified");
    let pin_len = (f64::from(guess_log2) / 10f64.log2()).round() as usize;
    let pick = |en: String, j: String| if ja { j } else { en };
    match kdf {
        KDF_RAW => pick(
            "host keystore key (random 256-bit key held outside the file): the file alone \
             cannot be opened"
                .into(),
            "ホストのキーストアの鍵（ファイルの外に保持される 256 ビットの乱数鍵）：ファイルだけ\
             では開けない"
                .into(),
        ),
        KDF_SERVER => pick(
            "passcode + company-server share: the file alone cannot be opened; revoking the \
             share on the server stops this slot from opening any copy (other slots, e.g. a \
             recovery key, are not affected)"
                .into(),
            "パスコード＋社内サーバーの共有鍵：ファイルだけでは開けない。サーバーで共有鍵を失効\
             させると、このスロットではどの複製も開けなくなる（復旧キーなど他のスロットには\
             影響しない）"
                .into(),
        ),
        KDF_PLATFORM if source == FactorSource::Software.code() && unestimated => pick(
            format!(
                "passcode + software stand-in factor (not a hardware keystore): treated like a \
                 passcode alone, {UNESTIMATED_WORDS}"
            ),
            format!(
                "パスコード＋ソフトウェアの代替要素（ハードウェアのキーストアではない）：\
                 パスコードのみと同じ扱い、{UNESTIMATED_WORDS_JA}"
            ),
        ),
        KDF_PLATFORM if source == FactorSource::Software.code() => pick(
            format!(
                "passcode + software stand-in factor (not a hardware keystore): treated like a \
                 passcode alone, ≈ 2^{guess_log2} Argon2id runs"
            ),
            format!(
                "パスコード＋ソフトウェアの代替要素（ハードウェアのキーストアではない）：\
                 パスコードのみと同じ扱い、約 2^{guess_log2} 回の Argon2id 計算"
            ),
        ),
        KDF_PLATFORM => pick(
            format!(
                "passcode + platform factor ({src}, declared by the host, not attested): the \
                 file alone cannot be opened if the factor really comes from a non-exportable \
                 key"
            ),
            format!(
                "パスコード＋端末の要素（{src}、ホストの申告で未検証）：その要素が本当に取り出せない\
                 鍵から来るなら、ファイルだけでは開けない"
            ),
        ),
        _ if generator == GEN_EFF_LARGE => pick(
            format!(
                "library-generated passphrase (words drawn from the EFF large word list, \
                 {guess_log2} bits): an attacker with a copy of the file needs ≈ \
                 2^{guess_log2} Argon2id runs"
            ),
            format!(
                "ライブラリが生成したパスフレーズ（EFF の大単語リストから選んだ語、\
                 {guess_log2} ビット）：ファイルの複製を持つ攻撃者に約 2^{guess_log2} 回の \
                 Argon2id 計算が必要"
            ),
        ),
        _ if class == CLASS_UNKNOWN => pick(
            "passcode only, chosen by a person, strength unknown (set before format v2): a \
             copy of the file can be attacked by guessing"
                .into(),
            "人が選んだパスコードのみ、強度不明（形式 v2 より前に設定）：ファイルの複製は推測で\
             攻撃され得る"
                .into(),
        ),
        _ if unestimated => pick(
            format!(
                "passcode only, chosen by a person ({UNESTIMATED_WORDS}; never counted as key \
                 separation): a copy of the file can be attacked by guessing"
            ),
            format!(
                "人が選んだパスコードのみ（{UNESTIMATED_WORDS_JA}。鍵の分離とはみなさない）：\
                 ファイルの複製は推測で攻撃され得る"
            ),
        ),
        _ if class == CLASS_PIN && pin_len >= PIN_SCORE_MAX_DIGITS => pick(
            format!(
                "digits-only PIN of {PIN_SCORE_MAX_DIGITS} or more digits (scored as at most \
                 10^{PIN_SCORE_MAX_DIGITS}: long digit strings are dates, phone numbers and \
                 repeats): an attacker with a copy of the file needs ≈ 2^{guess_log2} Argon2id \
                 runs"
            ),
            format!(
                "数字のみの {PIN_SCORE_MAX_DIGITS} 桁以上の PIN（長い数字列は日付・電話番号・\
                 繰り返しが多いため最大 10^{PIN_SCORE_MAX_DIGITS} 通りとして評価）：ファイルの\
                 複製を持つ攻撃者に約 2^{guess_log2} 回の Argon2id 計算が必要"
            ),
        ),
        _ if class == CLASS_PIN => pick(
            format!(
                "{pin_len}-digit PIN only: an attacker with a copy of the file needs \
                 ≈ 2^{guess_log2} Argon2id runs"
            ),
            format!(
                "{pin_len} 桁の PIN のみ：ファイルの複製を持つ攻撃者に約 2^{guess_log2} 回の \
                 Argon2id 計算が必要"
            ),
        ),
        _ => pick(
            format!(
                "passcode only, chosen by a person (estimated ≈ 2^{guess_log2} guesses; an \
                 estimate of a human choice, never counted as key separation): a copy of the \
                 file can be attacked by guessing"
            ),
            format!(
                "人が選んだパスコードのみ（推定 約 2^{guess_log2} 回の推測。人の選択の推定であり、\
                 鍵の分離とはみなさない）：ファイルの複製は推測で攻撃され得る"
            ),
        ),
    }
}

#[cfg(test)]
mod estimator_tests {
    use super::*;

    /// Passphrases people choose (and cracking lists know), long and short, ASCII and not:
    /// the corpus of the small build's bound.
    const CORPUS: &[&str] = &[
        "password",
        "Password1!",
        "letmein",
        "qwertyuiop",
        "asdfghjkl;",
        "iloveyou",
        "monkey123",
        "dragon",
        "trustno1",
        "abc123abc123",
        "aaaaaaaaaaaa",
        "zyxwvutsrq",
        "1q2w3e4r5t",
        "correct horse battery staple",
        "correct horse battery staple 営業部",
        "Tr0ub4dor&3",
        "P@ssw0rd2026",
        "summer2026",
        "Tokyo-2026-12-06",
        "john.smith@example.com",
        "abacus abdomen abdominal abide abiding ability ablaze",
        "パスワード",
        "ひみつのあいことば",
        "営業部の田中です",
        "東京都千代田区1-1",
        "mamori守り2026",
        "x",
        "ab",
        "日",
        "!!!!",
        "🔑🔑🔑🔑",
        "Jx8#kQ2!vL9@mZ4$",
        "the quick brown fox jumps over the lazy dog",
        "ThisIsAVeryLongPassphraseWithoutSpacesButCapitals",
        "0x1F2E3D4C5B6A",
        "12345abcde",
        "zaq12wsx",
        "hunter2",
        "Ω≈ç√∫˜µ≤≥÷",
        "sakura sakura yayoi no sora wa",
    ];

    /// A small build (no `zxcvbn` feature) scores every passphrase at most what zxcvbn
    /// scores it: the answer can only be more cautious.
    #[cfg(feature = "zxcvbn")]
    #[test]
    fn the_small_build_never_scores_above_zxcvbn() {
        for p in CORPUS {
            let n = normalize_new(p.as_bytes()).unwrap();
            let full = estimate(&n);
            let small = unestimated_passphrase(&n);
            if full.class == CLASS_PIN {
                continue;
            }
            assert!(
                small.log2 <= full.log2,
                "{p}: {} > {}",
                small.log2,
                full.log2
            );
            assert_eq!(small.class, full.class, "{p}");
            assert!(full.estimated && !small.estimated, "{p}");
        }
    }

    #[cfg(not(feature = "zxcvbn"))]
    #[test]
    fn without_zxcvbn_every_passphrase_is_unestimated() {
        for p in CORPUS {
            let n = normalize_new(p.as_bytes()).unwrap();
            assert_eq!(estimate(&n), unestimated_passphrase(&n), "{p}");
        }
        // Digits-only PINs keep their score in every build.
        assert_eq!(estimate(b"123456").log2, 19);
        assert!(estimate(b"123456").estimated);
    }

    /// A slot flagged unestimated reports unknown strength, `estimator: none`, and is refused
    /// by a vault minimum with a message naming the missing estimator.
    #[test]
    fn an_unestimated_slot_reports_unknown_strength() {
        let flags = FLAG_NFKC | FLAG_UNESTIMATED;
        assert_eq!(
            offline_log2(KDF_ARGON2ID, CLASS_PASSPHRASE, 0, 0, flags),
            None
        );
        assert_eq!(
            offline_log2(KDF_ARGON2ID, CLASS_PASSPHRASE, 0, 0, FLAG_NFKC),
            Some(0)
        );
        let sw = FactorSource::Software.code();
        assert_eq!(
            offline_log2(KDF_PLATFORM, CLASS_PASSPHRASE, 0, sw, flags),
            None
        );
        assert_eq!(
            offline_log2(KDF_SERVER, CLASS_PASSPHRASE, 0, 0, flags),
            Some(256)
        );
        assert_eq!(
            estimator_name(KDF_ARGON2ID, CLASS_PASSPHRASE, GEN_NONE, flags),
            Some("none")
        );
        assert_eq!(
            estimator_name(KDF_ARGON2ID, CLASS_PASSPHRASE, GEN_NONE, FLAG_NFKC),
            Some("zxcvbn")
        );
        assert_eq!(
            estimator_name(KDF_ARGON2ID, CLASS_PIN, GEN_NONE, FLAG_NFKC),
            Some("pin_digits")
        );
        assert_eq!(estimator_name(KDF_RAW, CLASS_NONE, GEN_NONE, 0), None);
        assert_eq!(
            estimator_name(KDF_ARGON2ID, CLASS_PASSPHRASE, GEN_EFF_LARGE, FLAG_NFKC),
            None
        );
        for (kdf, source) in [(KDF_ARGON2ID, 0), (KDF_PLATFORM, sw)] {
            let s = summary(Lang::En, kdf, CLASS_PASSPHRASE, 0, source, GEN_NONE, flags);
            assert!(s.contains("strength not estimated"), "{s}");
            assert!(!s.contains("2^0"), "{s}");
        }
        let weak = unestimated_passphrase(b"correct horse");
        let e = check_policy(KDF_ARGON2ID, weak, b"correct horse", Some(1)).unwrap_err();
        assert!(e.to_string().contains("no passphrase estimator"), "{e}");
        check_policy(KDF_ARGON2ID, weak, b"correct horse", None).unwrap();
    }
}
