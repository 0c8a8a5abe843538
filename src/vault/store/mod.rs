//! The vault itself: the public [`Vault`] API, its key specifications and the in-memory
//! `State` behind the lock. `State`'s methods live by concern in the submodules:
//! `open` (the shared create/open bodies), `load` (scan, chain, anchor, tables), `write`
//! (commits, sealing, put/delete), `read` (decrypt, list, caller-ID lookup, access log),
//! `report` (damage report, manifest), `keys` (passcode change, recovery slot, rekey) and
//! `compact` (compaction, wipe). The file format is specified in `docs/vault-format.md`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::{DateTime, Utc};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use super::buf::{FileBuf, HUGE_MIN};
use super::chain::{self, Anchor, ChainReport};
use super::contact::{self, CallerId, Contact, ContactId};
use super::crypto::{self, Keys};
use super::damage::{
    DAMAGE_SCHEMA, DamageReport, DamagedRange, EXPORT_SCHEMA, ExportReport, LostTransactions,
    TailCut, UnreadableRecord,
};
use super::format::*;
use super::index::{BuildEntry, Index, packed};
use super::keysource::{self, FactorSource, GeneratedPassphrase, KeySource};
use super::log::{ACCESS_LOG_SCHEMA, AccessEvent, AccessLog, AccessLogEntry};
use super::manifest::{
    KdfParams, KeySlotInfo, LabelsOutsideVault, LabelsState, MANIFEST_SCHEMA, Manifest, WipeReport,
};
use super::options::{BoxRng, Clock, VaultOptions};
use super::persons::count_persons;
use super::phone::{self, MAX_PHONE_INPUT, Normalizer};
use super::storage::{FileStorage, Storage};
use crate::hashchain::hex;
use crate::{Error, Result};

mod attempts;
mod compact;
mod directory;
mod hold;
pub use hold::{VaultHold, hold_reference};
mod keys;
mod load;
mod open;
mod read;
mod report;
mod write;

/// Record-key rotation threshold: when this many frames have been sealed under the current
/// record key (counted from the file), the next write first compacts the vault, which
/// re-encrypts every record under a fresh key id. Well below the 2^32 random-nonce bound.
pub const ROTATE_AFTER: u64 = 1 << 31;

const MIN_INDEX_BITS: u8 = 4;
const MAX_INDEX_BITS: u8 = 16;

/// The index width for `r` indexed numbers: ⌊log2(r/2)⌋ clamped to [4, 16], so that each
/// bucket holds about 2 or more numbers (CipherSweet's rule C ≥ 2) until 2^17 numbers.
fn bits_for(r: usize) -> u8 {
    let half = (r / 2).max(1);
    let l = (usize::BITS - 1 - half.leading_zeros()) as u8;
    l.clamp(MIN_INDEX_BITS, MAX_INDEX_BITS)
}

#[derive(Clone, Copy)]
enum Secret<'a> {
    Passcode(&'a [u8]),
    Raw(&'a [u8; 32]),
    /// Passcode plus a 32-byte platform factor or server share.
    Factor(&'a [u8], &'a [u8; 32]),
}

impl Secret<'_> {
    /// Whether this secret is of the kind a slot of `kdf` needs.
    fn fits(&self, kdf: u8) -> bool {
        matches!(
            (self, kdf),
            (Secret::Passcode(_), KDF_ARGON2ID)
                | (Secret::Raw(_), KDF_RAW)
                | (Secret::Factor(..), KDF_PLATFORM | KDF_SERVER)
        )
    }

    fn kek(&self, slot: &Slot) -> Result<Option<crypto::Key32>> {
        // A slot set since passcodes are normalised takes the NFKC form; older slots the
        // bytes as given (so every file still opens with what it was created with).
        let norm;
        let this = if slot.flags & keysource::FLAG_NFKC != 0
            && let Some(p) = self.passcode()
            && let Ok(n) = keysource::normalize_new(p)
        {
            norm = n;
            match self {
                Secret::Factor(_, f) => Secret::Factor(&norm, f),
                _ => Secret::Passcode(&norm),
            }
        } else {
            *self
        };
        Ok(match (&this, slot.kdf) {
            (Secret::Passcode(p), KDF_ARGON2ID) => {
                Some(crypto::kek_from_passcode(p, &slot.salt, &slot.params)?)
            }
            (Secret::Raw(k), KDF_RAW) => Some(crypto::kek_from_raw(k, &slot.salt)),
            (Secret::Factor(p, f), KDF_PLATFORM) => Some(crypto::kek_from_factor(
                p,
                f,
                &slot.salt,
                &slot.params,
                b"mamori.v2.kek.platform",
            )?),
            (Secret::Factor(p, f), KDF_SERVER) => Some(crypto::kek_from_factor(
                p,
                f,
                &slot.salt,
                &slot.params,
                b"mamori.v2.kek.server",
            )?),
            _ => None,
        })
    }

    fn passcode(&self) -> Option<&[u8]> {
        match self {
            Secret::Passcode(p) | Secret::Factor(p, _) => Some(p),
            Secret::Raw(_) => None,
        }
    }
}

/// How to unlock an existing vault.
pub enum Unlock<'a> {
    /// A passcode (for a `passcode` slot).
    Passcode(&'a [u8]),
    /// A 32-byte host keystore key (for a `host_key` slot).
    HostKey(&'a [u8; 32]),
    /// A passcode plus the 32-byte platform factor computed over the slot's challenge
    /// ([`Vault::unlock_challenge`]) or the server share (for `passcode+platform` and
    /// `passcode+server` slots).
    PasscodeFactor {
        /// The passcode.
        passcode: &'a [u8],
        /// The factor or share.
        factor: &'a [u8; 32],
    },
}

impl std::fmt::Debug for Unlock<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unlock::Passcode(_) => "Unlock::Passcode(..)",
            Unlock::HostKey(_) => "Unlock::HostKey(..)",
            Unlock::PasscodeFactor { .. } => "Unlock::PasscodeFactor(..)",
        })
    }
}

impl<'a> Unlock<'a> {
    fn secret(&self) -> Secret<'a> {
        match *self {
            Unlock::Passcode(p) => Secret::Passcode(p),
            Unlock::HostKey(k) => Secret::Raw(k),
            Unlock::PasscodeFactor { passcode, factor } => Secret::Factor(passcode, factor),
        }
    }
}

/// The key source of a new key slot (create, [`Vault::rekey`]).
pub enum KeySpec<'a> {
    /// A passcode-only slot (subject to the passcode policy). Never reported
    /// `key_separated`, whatever its estimated strength: a person chose it.
    Passcode(&'a [u8]),
    /// A passcode-only slot for a passphrase the library generated
    /// ([`Vault::generate_passphrase`]): the slot records the generator and the entropy
    /// (authenticated), and is reported `key_separated` (at default Argon2id parameters or
    /// stronger).
    Generated(&'a GeneratedPassphrase),
    /// A slot opened by a 32-byte host keystore key.
    HostKey(&'a [u8; 32]),
    /// A `passcode+platform` slot (any source but [`FactorSource::Server`]) or a
    /// `passcode+server` slot ([`FactorSource::Server`]).
    PasscodeFactor {
        /// The passcode.
        passcode: &'a [u8],
        /// Where the factor comes from.
        source: FactorSource,
        /// The challenge the factor was computed over: from [`Vault::new_challenge`] for a
        /// platform factor; for a server share, 16 random bytes ‖ the 16-byte share id.
        challenge: &'a [u8; 32],
        /// The 32-byte factor (platform HMAC over the challenge, or the server share).
        factor: &'a [u8; 32],
    },
}

impl std::fmt::Debug for KeySpec<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySpec::Passcode(_) => f.write_str("KeySpec::Passcode(..)"),
            KeySpec::Generated(_) => f.write_str("KeySpec::Generated(..)"),
            KeySpec::HostKey(_) => f.write_str("KeySpec::HostKey(..)"),
            KeySpec::PasscodeFactor { source, .. } => {
                write!(f, "KeySpec::PasscodeFactor({})", source.as_str())
            }
        }
    }
}

impl<'a> KeySpec<'a> {
    fn secret(&self) -> Secret<'a> {
        match *self {
            KeySpec::Passcode(p) => Secret::Passcode(p),
            KeySpec::Generated(g) => Secret::Passcode(g.as_str().as_bytes()),
            KeySpec::HostKey(k) => Secret::Raw(k),
            KeySpec::PasscodeFactor {
                passcode, factor, ..
            } => Secret::Factor(passcode, factor),
        }
    }

    fn kdf(&self) -> u8 {
        match self {
            KeySpec::Passcode(_) | KeySpec::Generated(_) => KDF_ARGON2ID,
            KeySpec::HostKey(_) => KDF_RAW,
            KeySpec::PasscodeFactor {
                source: FactorSource::Server,
                ..
            } => KDF_SERVER,
            KeySpec::PasscodeFactor { .. } => KDF_PLATFORM,
        }
    }

    fn check(&self, min_log2: Option<u8>) -> Result<()> {
        if let KeySpec::Generated(_) = self {
            return Ok(());
        }
        if let Some(p) = self.secret().passcode() {
            check_passcode(p)?;
            let n = keysource::normalize_new(p)?;
            keysource::check_policy(self.kdf(), keysource::estimate(&n), &n, min_log2)?;
        }
        Ok(())
    }

    /// (strength, generator) of the new slot's passcode (`None` for a host key).
    fn strength(&self) -> Result<Option<(keysource::Strength, u8)>> {
        Ok(match self {
            KeySpec::HostKey(_) => None,
            KeySpec::Generated(g) => Some((
                keysource::Strength {
                    log2: g.entropy_log2().min(255) as u8,
                    class: CLASS_PASSPHRASE,
                    estimated: true,
                },
                keysource::GEN_EFF_LARGE,
            )),
            _ => {
                let secret = self.secret();
                let n = keysource::normalize_new(secret.passcode().unwrap_or_default())?;
                Some((keysource::estimate(&n), keysource::GEN_NONE))
            }
        })
    }

    /// A new slot wrapping `vmk` for `hdr`.
    fn make_slot(
        &self,
        generation: u64,
        role: u8,
        params: KdfParams,
        hdr: &Header,
        rng: &mut BoxRng,
        vmk: &[u8; 32],
    ) -> Result<Slot> {
        let kdf = self.kdf();
        let strength = self.strength()?;
        let (source, factor_id) = match self {
            KeySpec::PasscodeFactor {
                source, challenge, ..
            } => (source.code(), challenge[16..].try_into().expect("16 bytes")),
            _ => (0, [0u8; 16]),
        };
        let mut slot = Slot {
            generation,
            kdf,
            role,
            guess_log2: strength.map_or(0, |s| s.0.log2),
            class: strength.map_or(CLASS_NONE, |s| s.0.class),
            source,
            generator: strength.map_or(keysource::GEN_NONE, |s| s.1),
            flags: match strength {
                Some((s, _)) if !s.estimated => keysource::FLAG_NFKC | keysource::FLAG_UNESTIMATED,
                Some(_) => keysource::FLAG_NFKC,
                None => 0,
            },
            params: if kdf == KDF_RAW {
                KdfParams {
                    m_kib: 0,
                    t: 0,
                    p: 0,
                }
            } else {
                params
            },
            salt: [0; 16],
            factor_id,
            nonce: [0; 12],
            wrapped: [0; 48],
        };
        rng.fill_bytes(&mut slot.salt);
        rng.fill_bytes(&mut slot.nonce);
        let kek = self
            .secret()
            .kek(&slot)?
            .ok_or_else(|| Error::Internal("kdf kind".into()))?;
        slot.wrapped = crypto::wrap(&kek, &slot.nonce, &slot.wrap_aad(hdr), vmk);
        Ok(slot)
    }
}

/// Contact ids are random 64-bit values: a multiply-mix is enough to spread them and much
/// cheaper than SipHash on the lookup path.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, v: u64) {
        let x = (v ^ (v >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        self.0 = x ^ (x >> 29);
    }
}

type IdMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<IdHasher>>;

/// Non-secret random bytes (nonces, contact ids) are drawn from the RNG in blocks.
const POOL: usize = 4096;

/// Size of the stack buffer a caller-ID lookup opens candidate records into.
const STACK_PT: usize = 1024;

/// A record frame a following check frame may cover.
#[derive(Clone, Copy, Debug)]
struct TxRec {
    id: u64,
    off: usize,
    tx_rem: u32,
    /// The record's nonce (bound into the check frame's AAD).
    nonce: [u8; 12],
    /// Where its index entries start in `pending` (while loading).
    pending_start: usize,
    ntags: usize,
}

#[derive(Clone, Debug)]
struct Entry {
    /// Offset of the record's frame (its tags are read back from the frame when needed).
    off: usize,
}

struct State {
    storage: Box<dyn Storage>,
    data: FileBuf,
    hdr: Header,
    keys: Keys,
    slot_pos: usize,
    slot: Slot,
    records: IdMap<Entry>,
    /// Contacts whose latest change may be in a damaged frame (id → its offset).
    suspect: IdMap<usize>,
    /// Ids named by damaged frames that have no intact version (id → offset).
    lost: IdMap<usize>,
    /// Blind index: tag → (contact id, frame offset) of every indexed number.
    index: Index,
    /// Loading: the index is built once at the end instead of frame by frame.
    building: bool,
    /// Loading: (tag, id, offset, packed check) of every record frame applied so far.
    pending: Vec<BuildEntry>,
    /// Record frames applied since the last frame of another kind, in file order: what a
    /// check frame that follows them covers.
    tx_recs: Vec<TxRec>,
    /// `keys` hold the vault's real keys. False only during the first phase of an open,
    /// which applies frames while Argon2id still runs on another thread and stops at the
    /// first frame that needs a key (a delete or check frame).
    keys_ready: bool,
    /// Record key ids named by applied frames (derived once the keys are ready).
    key_ids_seen: Vec<u32>,
    /// Loading: some applied record was later replaced or deleted.
    superseded: bool,
    pool: Vec<u8>,
    logs: Vec<usize>,
    log_head: [u8; 16],
    log_seq: u64,
    damaged: Vec<String>,
    enc_count: u64,
    /// Rotation threshold ([`ROTATE_AFTER`]; lower only in tests).
    rotate_after: u64,
    /// Appended bytes that are not synced yet (the `opened` log entry).
    dirty: bool,
    /// Minimum passcode strength for passcode-only slots (from the options).
    min_log2: Option<u8>,
    /// This open used the recovery slot (`slot` is then the user slot, if any).
    opened_by_recovery: bool,
    /// The file had no transaction chain when this open loaded it (v1, or v2 from before the
    /// chain): whatever was removed or replayed before this open cannot be detected, even
    /// after the upgrade rewrote it with a chain.
    loaded_unchained: bool,
    rng: BoxRng,
    clock: Arc<dyn Clock>,
    normalizer: Arc<dyn Normalizer>,
    /// Sequence number and head (chain MAC) of the last applied transaction.
    chain_seq: u64,
    chain_head: [u8; 16],
    /// The same after the last synced write (what an anchor may promise).
    durable: (u64, [u8; 16]),
    /// (seq, head) of every applied transaction of this file, from the chain base on.
    heads: Vec<(u64, [u8; 16])>,
    /// What the chain verification found.
    report: ChainReport,
    /// Superseded or deleted record frames whose ciphertext is still in the file.
    pending_scrub: Vec<usize>,
    /// Loading: damaged whole frames (index of their message in `damaged`, offset).
    regions: Vec<(usize, usize)>,
    /// Key slots this process knows to be authentic, with their exact bytes: the slot that
    /// unwrapped at open and the slots it wrote since (docs/vault-format.md §2.2).
    own_slots: Vec<(usize, [u8; SLOT_LEN])>,
    /// The process that opened the vault (a forked child must not reuse its nonce pool).
    pid: u32,
    /// Loading: damage that names no contact id for sure (a damaged region spanning more
    /// than one frame, a malformed record): what it held is unknown, so the manifest's head
    /// count has no upper bound (docs/vault-format.md §13).
    unbounded: Vec<String>,
    /// Opened with [`VaultOptions::read_only`]: nothing is written.
    read_only: bool,
    /// Records served from a transaction that does not authenticate, because their own
    /// AES-GCM tag verifies and the chain shows transactions missing where it sits (id →
    /// offset; reported by the damage report while that frame is the contact's current one).
    salvaged: IdMap<usize>,
}

enum Inner {
    Open(Box<State>),
    Wiped,
    Closed,
}

/// An open vault. `Send + Sync`: share it between threads (e.g. in an `Arc`).
pub struct Vault {
    inner: RwLock<Inner>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").finish_non_exhaustive()
    }
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// The options' `default_region` as the header stores it: an upper-case ISO 3166 alpha-2 code
/// that the normaliser has numbering metadata for (`"XX"` or `"EU"` would leave every
/// national-format number unindexed, silently).
fn check_region(options: &VaultOptions) -> Result<[u8; 2]> {
    let r = options.default_region.as_str();
    let b = r.as_bytes();
    if b.len() != 2 || !b.iter().all(u8::is_ascii_uppercase) {
        return Err(Error::invalid(
            "default_region",
            // debug-quote: the caller's region string, quoted and escaped
            format!("{r:?} is not an upper-case ISO 3166 alpha-2 code such as \"JP\""),
        ));
    }
    let known = match options.normalizer.as_deref() {
        Some(n) => n.knows_region(r),
        None => phone::LibPhoneNormalizer.knows_region(r),
    };
    if !known {
        return Err(Error::invalid(
            "default_region",
            format!(
                // debug-quote: the caller's region string, quoted and escaped
                "{r:?} is not a region the phone-number metadata knows (an ISO 3166 alpha-2 \
                 country code such as \"JP\", \"US\", \"GB\")"
            ),
        ));
    }
    Ok([b[0], b[1]])
}

fn normalizer_label(n: &dyn Normalizer) -> String {
    let mut s = format!("{}/{}", n.id(), n.version());
    s.truncate(NORMALIZER_LEN);
    while !s.is_char_boundary(s.len()) {
        s.pop();
    }
    s
}

fn check_passcode(p: &[u8]) -> Result<()> {
    if p.is_empty() {
        return Err(Error::invalid("passcode", "must not be empty"));
    }
    if p.len() > 4096 {
        return Err(Error::invalid("passcode", "longer than 4096 bytes"));
    }
    Ok(())
}

impl Vault {
    // ---------------------------------------------------------------- create / open

    /// Create a new vault file at `path` (it must not exist), protected by `passcode` alone
    /// (a `passcode` slot). The passcode must be UTF-8 text without control characters; it
    /// is NFKC-normalised, and the passcode policy applies: fewer than
    /// [`crate::vault::MIN_PASSCODE_CHARS`] characters, digits-only PINs shorter than
    /// [`crate::vault::MIN_PIN_DIGITS`] and anything below
    /// [`VaultOptions::min_passcode_guess_log2`] are refused. Such a vault is **never**
    /// reported as key-separated: a person chose the passcode. Use
    /// [`Vault::generate_passphrase`] with [`KeySpec::Generated`] for a passcode-only vault
    /// that is.
    pub fn create(path: impl AsRef<Path>, passcode: &[u8], options: VaultOptions) -> Result<Vault> {
        Self::create_with(path, KeySpec::Passcode(passcode), options)
    }

    /// Create a new vault with the key source `spec` (passcode, host key, passcode + platform
    /// factor, passcode + server share).
    pub fn create_with(
        path: impl AsRef<Path>,
        spec: KeySpec<'_>,
        options: VaultOptions,
    ) -> Result<Vault> {
        spec.check(options.min_passcode_guess_log2)?;
        options.kdf.check()?;
        check_region(&options)?;
        let storage = FileStorage::create(path.as_ref())?;
        Self::create_in(Box::new(storage), spec, options)
    }

    /// Create a new vault protected by a raw 32-byte key (e.g. from a platform keystore):
    /// a `host_key` slot.
    pub fn create_with_raw_key(
        path: impl AsRef<Path>,
        key: &[u8; 32],
        options: VaultOptions,
    ) -> Result<Vault> {
        Self::create_with(path, KeySpec::HostKey(key), options)
    }

    /// Create a `passcode+platform` vault (or `passcode+server` with
    /// [`FactorSource::Server`]): `challenge` from [`Vault::new_challenge`] (for a server
    /// share: 16 random bytes ‖ the share id), `factor` computed by the platform's
    /// non-exportable key over it (or the server's share). PINs of any length are accepted.
    pub fn create_with_factor(
        path: impl AsRef<Path>,
        passcode: &[u8],
        source: FactorSource,
        challenge: &[u8; 32],
        factor: &[u8; 32],
        options: VaultOptions,
    ) -> Result<Vault> {
        Self::create_with(
            path,
            KeySpec::PasscodeFactor {
                passcode,
                source,
                challenge,
                factor,
            },
            options,
        )
    }

    /// A fresh random challenge for [`Vault::create_with_factor`] (32 bytes: the new vault's
    /// id ‖ the slot's factor id).
    pub fn new_challenge(rng: &mut dyn rand_core::CryptoRngCore) -> [u8; 32] {
        let mut c = [0u8; 32];
        rng.fill_bytes(&mut c);
        c
    }

    /// The 32-byte challenge of the vault's `passcode+platform` or `passcode+server` slot,
    /// read from the file without any secret (sans-IO unlock, step 1: have the platform key
    /// compute the factor over it, or ask the server for the share whose id is bytes 16..32,
    /// then call [`Vault::open_with_factor`]). [`Error::FactorRequired`] if the vault has no
    /// such slot.
    pub fn unlock_challenge(path: impl AsRef<Path>) -> Result<[u8; 32]> {
        let mut s = FileStorage::open(path.as_ref())?;
        let head = s.read_prefix(HEADER_LEN)?;
        let hdr = Header::parse(&head)?;
        for pos in slot_positions(&hdr) {
            if let SlotState::Valid(sl) = Slot::parse(&head[pos..pos + SLOT_LEN], hdr.version)
                && matches!(sl.kdf, KDF_PLATFORM | KDF_SERVER)
            {
                return Ok(sl.challenge(&hdr.vault_id));
            }
        }
        Err(Error::FactorRequired(
            "this vault has no passcode+platform or passcode+server slot".into(),
        ))
    }

    /// Open the vault at `path` with `passcode` (a `passcode` slot).
    pub fn open(path: impl AsRef<Path>, passcode: &[u8], options: VaultOptions) -> Result<Vault> {
        Self::open_with(path, Unlock::Passcode(passcode), options)
    }

    /// Open the vault at `path` with any [`Unlock`] secret. A secret that fits no key slot
    /// (e.g. a passcode alone for a `passcode+platform` vault) is [`Error::FactorRequired`]
    /// and is not counted as a failed attempt; a wrong passcode, key or factor is
    /// [`Error::WrongPasscode`].
    pub fn open_with(
        path: impl AsRef<Path>,
        unlock: Unlock<'_>,
        options: VaultOptions,
    ) -> Result<Vault> {
        if let Some(p) = unlock.secret().passcode() {
            check_passcode(p)?;
        }
        let storage = if options.read_only {
            FileStorage::open_read_only(path.as_ref())?
        } else {
            FileStorage::open(path.as_ref())?
        };
        Self::open_in(Box::new(storage), unlock.secret(), options)
    }

    /// Open the vault at `path` with a raw 32-byte key (its `host_key` slot).
    pub fn open_with_raw_key(
        path: impl AsRef<Path>,
        key: &[u8; 32],
        options: VaultOptions,
    ) -> Result<Vault> {
        Self::open_with(path, Unlock::HostKey(key), options)
    }

    /// Open a `passcode+platform` or `passcode+server` vault (sans-IO unlock, step 2).
    pub fn open_with_factor(
        path: impl AsRef<Path>,
        passcode: &[u8],
        factor: &[u8; 32],
        options: VaultOptions,
    ) -> Result<Vault> {
        Self::open_with(path, Unlock::PasscodeFactor { passcode, factor }, options)
    }

    /// Open a vault whose factor comes from a synchronous callback over the challenge (for
    /// desktop hosts; mobile hosts use the two-step [`Vault::unlock_challenge`] +
    /// [`Vault::open_with_factor`]).
    pub fn open_with_factor_fn(
        path: impl AsRef<Path>,
        passcode: &[u8],
        factor: impl FnOnce(&[u8; 32]) -> Result<Zeroizing<[u8; 32]>>,
        options: VaultOptions,
    ) -> Result<Vault> {
        let c = Self::unlock_challenge(path.as_ref())?;
        let f = factor(&c)?;
        Self::open_with_factor(path, passcode, &f, options)
    }

    /// Create a vault on a custom [`Storage`] (advanced; used by fault-injection tests).
    #[doc(hidden)]
    pub fn create_on_storage(
        storage: Box<dyn Storage>,
        passcode: &[u8],
        options: VaultOptions,
    ) -> Result<Vault> {
        let spec = KeySpec::Passcode(passcode);
        spec.check(options.min_passcode_guess_log2)?;
        options.kdf.check()?;
        check_region(&options)?;
        Self::create_in(storage, spec, options)
    }

    /// Open a vault on a custom [`Storage`] (advanced; used by fault-injection tests).
    #[doc(hidden)]
    pub fn open_on_storage(
        storage: Box<dyn Storage>,
        passcode: &[u8],
        options: VaultOptions,
    ) -> Result<Vault> {
        check_passcode(passcode)?;
        Self::open_in(storage, Secret::Passcode(passcode), options)
    }

    /// Crypto-erase the vault file at `path` without its passcode (for a remote-wipe command
    /// arriving while the vault is locked): overwrite both key slots and the key-check value,
    /// sync, then delete the file. [`Error::Locked`] if the vault is open elsewhere.
    ///
    /// The slots are overwritten even when the file is damaged (as long as it is still
    /// recognisably a mamori vault), and every I/O error is reported: `Ok` means the key
    /// slots were overwritten, synced and read back as zero, and the file was deleted.
    ///
    /// Refused with [`Error::LegalHold`] (nothing overwritten) while the file's access log
    /// holds a legal hold that is neither overridden nor released ([`Vault::hold`]). Without
    /// the key the entries are read by their frame checks only: a forged release could lift a
    /// hold here, but forging one needs write access to the file, which could delete it
    /// anyway; a damaged entry is skipped.
    pub fn wipe_file(path: impl AsRef<Path>) -> Result<()> {
        let mut s = FileStorage::open(path.as_ref())?;
        let data = s.read_prefix(HEADER_LEN)?;
        if !looks_like_vault(&data) {
            return Err(Error::corrupt(
                "header",
                "not recognisably a mamori vault; nothing overwritten",
            ));
        }
        hold::check_file_holds(&s.read_all()?)?;
        erase(&mut s, data.len())
    }

    // ---------------------------------------------------------------- locking helpers

    /// The read lock. `fork_check`: refuse a forked child ([`State::same_process`]). Contact
    /// reads skip it: they decrypt records already in memory, draw no nonce and write
    /// nothing, so a child reading its copy of the parent's memory repeats no nonce (that is
    /// what the check exists for, audit 2026-12-06 N8), and a lookup makes no `getpid` system
    /// call (BENCHMARKS.md, vault vs SQLCipher). Every write, every key operation and every report
    /// the host may act on (manifest, damage, anchor, access log, which must describe the
    /// file, not a snapshot the child inherited) keep it.
    fn read(&self, fork_check: bool) -> Result<RwLockReadGuard<'_, Inner>> {
        let g = self.inner.read().unwrap_or_else(|e| e.into_inner());
        match &*g {
            Inner::Open(st) if fork_check => st.same_process().map(|_| g),
            Inner::Open(_) => Ok(g),
            Inner::Wiped => Err(Error::Wiped),
            Inner::Closed => Err(Error::invalid("vault", "the vault is closed")),
        }
    }

    fn write(&self) -> Result<RwLockWriteGuard<'_, Inner>> {
        let g = self.inner.write().unwrap_or_else(|e| e.into_inner());
        match &*g {
            Inner::Open(s) if s.read_only => Err(Error::invalid(
                "vault",
                "opened read-only (the read_only open option): nothing may be written",
            )),
            Inner::Open(st) => st.same_process().map(|_| g),
            Inner::Wiped => Err(Error::Wiped),
            Inner::Closed => Err(Error::invalid("vault", "the vault is closed")),
        }
    }

    /// Read under the lock, refusing a forked child (see [`Vault::read`]).
    fn with_read<T>(&self, f: impl FnOnce(&State) -> Result<T>) -> Result<T> {
        self.with_read_lock(true, f)
    }

    /// Read contacts under the lock; a forked child may (see [`Vault::read`]).
    fn with_contacts<T>(&self, f: impl FnOnce(&State) -> Result<T>) -> Result<T> {
        self.with_read_lock(false, f)
    }

    fn with_read_lock<T>(
        &self,
        fork_check: bool,
        f: impl FnOnce(&State) -> Result<T>,
    ) -> Result<T> {
        let g = self.read(fork_check)?;
        match &*g {
            Inner::Open(s) => f(s),
            _ => Err(Error::Internal("state".into())),
        }
    }

    fn with_write<T>(&self, f: impl FnOnce(&mut State) -> Result<T>) -> Result<T> {
        let mut g = self.write()?;
        match &mut *g {
            Inner::Open(s) => f(s),
            _ => Err(Error::Internal("state".into())),
        }
    }

    // ---------------------------------------------------------------- contacts

    /// Store a contact; returns its id. A contact whose `id` already exists replaces it.
    /// Durable (synced) when this returns.
    pub fn put(&self, contact: Contact) -> Result<ContactId> {
        self.put_many(vec![contact])
            .map(|v| v.into_iter().next().expect("one id per contact"))
    }

    /// Store many contacts atomically with one sync: after a crash either all or none of
    /// them are present. Returns their ids in order. Nothing is written if any is invalid.
    pub fn put_many(&self, contacts: Vec<Contact>) -> Result<Vec<ContactId>> {
        self.with_write(|st| st.put_many(contacts))
    }

    /// The contact with this id ([`Error::NotFound`] if none; [`Error::Corrupt`] if its
    /// record is damaged).
    pub fn get(&self, id: &ContactId) -> Result<Contact> {
        self.with_contacts(|st| {
            let Some(e) = st.records.get(&id.0) else {
                if let Some(off) = st.lost.get(&id.0) {
                    return Err(Error::corrupt(
                        format!("record {id} at offset {off}"),
                        "the frame is damaged",
                    ));
                }
                return Err(Error::not_found(format!("contact {id}")));
            };
            let pt = st.decrypt(id.0, e)?;
            contact::decode(&pt, *id).ok_or_else(|| st.corrupt_at(id.0, e))
        })
    }

    /// Caller-ID lookup: the contact that has this number, in any common format
    /// (`090-1234-5678`, `+81 90 1234 5678`, `0081…`, full-width digits). `Ok(None)` if no
    /// contact has it or the input is not a phone number; [`Error::InvalidInput`] if the
    /// input is longer than 512 bytes. If several contacts share the number, the most
    /// recently stored one is returned.
    pub fn lookup_phone(&self, number: &str) -> Result<Option<Contact>> {
        if number.len() > MAX_PHONE_INPUT * 4 {
            return Err(Error::invalid("phone", "longer than 512 bytes"));
        }
        self.with_contacts(|st| st.lookup(number, contact::decode))
    }

    /// Caller-ID lookup for an incoming-call screen: like [`Vault::lookup_phone`] (same
    /// matching, same errors) but returns only the contact's id, name and company, decoding
    /// nothing else of the record.
    ///
    /// ```no_run
    /// # use mamori::vault::{Contact, Vault, VaultOptions};
    /// # let v = Vault::create("contacts.vault", b"123456", VaultOptions::default())?;
    /// let mut c = Contact::new("山田 太郎", &["090-1234-5678"]);
    /// c.company = Some("山田商事".into());
    /// v.put(c)?;
    /// let who = v.caller_id("+81 90-1234-5678")?.expect("known caller");
    /// assert_eq!((who.name.as_str(), who.company.as_deref()), ("山田 太郎", Some("山田商事")));
    /// # Ok::<(), mamori::Error>(())
    /// ```
    pub fn caller_id(&self, number: &str) -> Result<Option<CallerId>> {
        if number.len() > MAX_PHONE_INPUT * 4 {
            return Err(Error::invalid("phone", "longer than 512 bytes"));
        }
        self.with_contacts(|st| st.lookup(number, contact::decode_caller))
    }

    /// Delete a contact ([`Error::NotFound`] if none). Durable when this returns. Refused
    /// with [`Error::LegalHold`] while a legal hold in the vault's log is on and not
    /// overridden ([`Vault::hold`]): held data is kept.
    pub fn delete(&self, id: &ContactId) -> Result<()> {
        self.with_write(|st| {
            st.check_hold("delete of a contact")?;
            st.delete(id.0)
        })
    }

    /// All readable contacts in storage order. Damaged records are skipped and reported by
    /// [`Vault::damaged`].
    pub fn list(&self) -> Result<Vec<Contact>> {
        self.with_contacts(|st| Ok(st.all().into_iter().filter_map(|r| r.ok()).collect()))
    }

    /// The ids of all contacts (without decrypting anything).
    pub fn ids(&self) -> Result<Vec<ContactId>> {
        self.with_contacts(|st| {
            let mut v: Vec<(usize, u64)> = st.records.iter().map(|(k, e)| (e.off, *k)).collect();
            v.sort_unstable();
            Ok(v.into_iter().map(|(_, k)| ContactId(k)).collect())
        })
    }

    /// Number of contacts (without decrypting anything).
    pub fn len(&self) -> Result<usize> {
        self.with_contacts(|st| Ok(st.records.len()))
    }

    /// Whether the vault holds no contacts.
    pub fn is_empty(&self) -> Result<bool> {
        self.len().map(|n| n == 0)
    }

    /// Export every readable contact and record an `exported` entry in the access log.
    /// Records that cannot be read are not in the list: [`Vault::export_report`] returns
    /// them by id beside the contacts, [`Vault::damage`] says why.
    pub fn export(&self) -> Result<Vec<Contact>> {
        self.with_write(|st| {
            let all: Vec<Contact> = st.all().into_iter().filter_map(|r| r.ok()).collect();
            let now = st.clock.now();
            let f = st.log_frame(AccessEvent::Exported, all.len() as u32, now);
            st.commit(f)?;
            Ok(all)
        })
    }

    /// Contacts whose name or reading starts with `prefix`, compared after folding
    /// full-width Latin letters and digits to ASCII, katakana to hiragana and upper to lower
    /// case (so `ヤマ`, `やま` and `山` find `山田` read `やまだ`; half-width katakana is not
    /// folded). An empty prefix matches nothing. Decrypts every record (O(n)).
    pub fn search_name_prefix(&self, prefix: &str) -> Result<Vec<Contact>> {
        let p = fold_name(prefix);
        if p.is_empty() {
            return Ok(Vec::new());
        }
        self.with_contacts(|st| {
            Ok(st
                .all()
                .into_iter()
                .filter_map(|r| r.ok())
                .filter(|c| {
                    fold_name(&c.name).starts_with(&p)
                        || c.reading
                            .as_deref()
                            .is_some_and(|r| fold_name(r).starts_with(&p))
                })
                .collect())
        })
    }

    /// Descriptions of damaged regions and records found since open (empty when healthy).
    /// Never contains contact data. The same findings as [`Vault::damage`]`.findings`.
    pub fn damaged(&self) -> Result<Vec<String>> {
        self.with_read(|st| Ok(st.damage().findings))
    }

    /// The damage report (`mamori.damage.v1`): unreadable records, lost and suspect
    /// transactions, chain breaks, a torn tail cut off by this open; `intact` is true only
    /// when nothing was found. Decrypts every record (O(n)).
    pub fn damage(&self) -> Result<DamageReport> {
        self.with_read(|st| Ok(st.damage()))
    }

    /// The rollback anchor (`mamori.anchor.v1`) of the last acknowledged (synced) write:
    /// keep it where a thief of the file cannot reach it and pass it to
    /// [`Vault::verify_anchor`] or to the `anchor` open option. Costs nothing (no I/O).
    /// [`Error::Corrupt`] for a file without the chain (a v1 file whose upgrade a damaged
    /// record blocked).
    pub fn anchor(&self) -> Result<Anchor> {
        self.with_read(|st| st.anchor())
    }

    /// Check this vault's file against an anchor kept by the host:
    /// [`Error::RolledBack`] if the file is older (it ends before the anchored transaction,
    /// or holds another transaction under its number), [`Error::Corrupt`] if the anchor is
    /// of another vault, [`Error::InvalidInput`] if it is malformed.
    pub fn verify_anchor(&self, anchor: &Anchor) -> Result<()> {
        self.with_read(|st| st.verify_anchor(anchor))
    }

    /// [`Vault::export`] that also reports what it could not include: the readable
    /// contacts, the unreadable records (ids and why) and whether the file is intact. Records
    /// an `exported` entry like `export`.
    pub fn export_report(&self) -> Result<ExportReport> {
        let contacts = self.export()?;
        self.with_read(|st| {
            let d = st.damage();
            Ok(ExportReport {
                schema: EXPORT_SCHEMA.to_string(),
                contacts,
                unreadable: d.unreadable_records,
                intact: d.intact,
            })
        })
    }

    // ---------------------------------------------------------------- keys

    /// Change the passcode in O(1): the master key is re-wrapped into the other key slot
    /// (synced), then the old slot is erased (synced). A crash in between leaves both
    /// passcodes working; never neither. Records are not re-encrypted.
    pub fn change_passcode(&self, old: &[u8], new: &[u8]) -> Result<()> {
        check_passcode(new)?;
        self.with_write(|st| st.change_passcode(Some(old), &KeySpec::Passcode(new)))
    }

    /// Set a new passcode on this open vault without re-entering the current one — like
    /// SQLCipher's `PRAGMA rekey`: whoever holds the open vault may rekey it. One Argon2id
    /// run (for the new passcode) instead of two; otherwise exactly
    /// [`Vault::change_passcode`] (O(1), crash-safe, logged as `passcode_changed`). Use it
    /// right after the user authenticated (e.g. the open that returned this handle);
    /// prefer `change_passcode` when the handle may have been left open unattended.
    ///
    /// ```no_run
    /// # use mamori::vault::{Vault, VaultOptions};
    /// let v = Vault::open("contacts.vault", b"123456", VaultOptions::default())?;
    /// v.set_passcode(b"a longer passphrase")?;
    /// # Ok::<(), mamori::Error>(())
    /// ```
    pub fn set_passcode(&self, new: &[u8]) -> Result<()> {
        check_passcode(new)?;
        self.with_write(|st| st.change_passcode(None, &KeySpec::Passcode(new)))
    }

    /// A passphrase the library generates itself: [`crate::vault::GENERATED_WORDS`] (7)
    /// words drawn uniformly with `rng` from the EFF large word list (7,776 words, so
    /// ⌊7 × log2 7776⌋ = 90 bits). Use it with [`KeySpec::Generated`] (create, rekey) or
    /// [`Vault::set_generated_passphrase`]; only such a passcode-only slot is reported
    /// `key_separated`, because only a generated secret has a known entropy.
    ///
    /// ```no_run
    /// # use mamori::vault::{KeySpec, Vault, VaultOptions};
    /// let p = Vault::generate_passphrase(&mut rand_core::OsRng);
    /// let v = Vault::create_with("contacts.vault", KeySpec::Generated(&p), VaultOptions::default())?;
    /// assert!(v.manifest()?.key_separated);
    /// println!("write this down: {}", p.as_str());
    /// # Ok::<(), mamori::Error>(())
    /// ```
    pub fn generate_passphrase(rng: &mut dyn rand_core::CryptoRngCore) -> GeneratedPassphrase {
        GeneratedPassphrase::generate(rng, keysource::GENERATED_WORDS)
    }

    /// Replace the user's passcode with a passphrase generated from the vault's RNG
    /// ([`Vault::generate_passphrase`]) and return it (show it to the user once). Like
    /// [`Vault::set_passcode`] otherwise: O(1), crash-safe, logged, the old passcode revoked.
    pub fn set_generated_passphrase(&self) -> Result<GeneratedPassphrase> {
        self.with_write(|st| {
            let p = GeneratedPassphrase::generate(&mut *st.rng, keysource::GENERATED_WORDS);
            st.change_passcode(None, &KeySpec::Generated(&p))?;
            Ok(p)
        })
    }

    /// Rotate the master key (suspected compromise, a change of key source, or after a
    /// recovery-slot open): a new random VMK, every live record re-sealed under it, the
    /// access log re-authenticated, and exactly one key slot for `spec` — every old slot
    /// (passcode, recovery) is gone. Crash-safe like [`Vault::compact`]. A copy of an old key
    /// slot grafted back into the file afterwards unwraps only the old master key, which
    /// opens nothing written since (the key check fails: [`Error::Corrupt`]). Refuses
    /// ([`Error::Corrupt`]) while a record is damaged or the access log does not verify.
    ///
    /// ```no_run
    /// # use mamori::vault::{KeySpec, Vault, VaultOptions};
    /// let v = Vault::open("contacts.vault", b"123456", VaultOptions::default())?;
    /// v.rekey(KeySpec::HostKey(&[7u8; 32]))?;
    /// # Ok::<(), mamori::Error>(())
    /// ```
    pub fn rekey(&self, spec: KeySpec<'_>) -> Result<()> {
        self.with_write(|st| st.rekey(spec))
    }

    /// The challenge for rekeying this vault to a `passcode+platform` slot: this vault's id ‖
    /// a fresh random factor id. Compute the platform factor over it, then call
    /// [`Vault::rekey`] with [`KeySpec::PasscodeFactor`]; [`Vault::unlock_challenge`] returns
    /// the same 32 bytes afterwards. (A challenge from [`Vault::new_challenge`] carries a
    /// random vault id, which a rekey cannot adopt: [`Vault::rekey`] refuses it.)
    pub fn rekey_challenge(&self, rng: &mut dyn rand_core::CryptoRngCore) -> Result<[u8; 32]> {
        self.with_read(|st| {
            let mut c = [0u8; 32];
            c[..16].copy_from_slice(&st.hdr.vault_id);
            rng.fill_bytes(&mut c[16..]);
            Ok(c)
        })
    }

    /// Add (or replace) the recovery slot: a `host_key` slot for a 32-byte key the company
    /// keeps (e.g. in its key server), beside the user's slot. The manifest then reports the
    /// weaker of the two. Not for format v1 files that could not be upgraded.
    pub fn add_recovery_key(&self, key: &[u8; 32]) -> Result<()> {
        self.with_write(|st| st.add_recovery(key))
    }

    // ---------------------------------------------------------------- manifest, log

    /// What the vault holds and how it is protected (decrypts the records to count persons,
    /// tags and sensitivity; no plaintext leaves this call).
    pub fn manifest(&self) -> Result<Manifest> {
        self.with_read(|st| Ok(st.manifest()))
    }

    /// The access log (verified) for export as JSON.
    pub fn access_log(&self) -> Result<AccessLog> {
        self.with_read(|st| {
            let (entries, ok) = st.read_log();
            Ok(AccessLog {
                schema: ACCESS_LOG_SCHEMA.to_string(),
                vault_id: hex(&st.hdr.vault_id),
                entries,
                verified: ok.is_ok(),
            })
        })
    }

    /// Verify the access log's MAC chain: [`Error::Corrupt`] naming the first bad entry.
    pub fn verify_access_log(&self) -> Result<()> {
        self.with_read(|st| st.read_log().1)
    }

    // ---------------------------------------------------------------- maintenance

    /// Rewrite the file without deleted or replaced records (temp file, sync, atomic
    /// rename, directory sync), re-encrypting every record under a fresh record key and
    /// rebuilding the caller-ID index. Refuses ([`Error::Corrupt`]) while a live record is
    /// damaged: delete it first.
    pub fn compact(&self) -> Result<()> {
        self.with_write(|st| st.compact(None))
    }

    /// Crypto-erase: log the wipe, overwrite every key slot and the key-check value in the
    /// file, sync, read them back, zeroize the keys in memory, delete the file. An I/O error
    /// on the way is returned (the keys in memory are dropped regardless). Every later call
    /// on this vault returns [`Error::Wiped`]. Caller-ID labels handed to the operating
    /// system ([`Vault::caller_directory`]) are not reached: when the manifest's
    /// `labels_outside_vault` is not `none`, the app must remove them itself (iOS: reload
    /// the Call Directory extension with an empty list; Android: delete its table).
    ///
    /// Refused with [`Error::LegalHold`] (nothing written, the vault stays open) while a
    /// legal hold in the vault's log is on and not overridden ([`Vault::hold`]).
    pub fn wipe(&self) -> Result<()> {
        let mut g = self.write()?;
        if let Inner::Open(st) = &*g {
            st.check_hold("wipe")?;
        }
        let r = match &mut *g {
            Inner::Open(st) => st.wipe(),
            _ => Ok(()),
        };
        *g = Inner::Wiped;
        r
    }

    /// [`Vault::wipe`], reporting what the wipe could not reach ([`WipeReport`],
    /// `mamori.wipe.v1`): `os_labels_to_remove` is true when caller-ID labels handed to the
    /// operating system ([`Vault::caller_directory`]) may still be there (the manifest's
    /// `labels_outside_vault` just before the wipe is `exported` or `unknown`). An I/O error
    /// of the wipe is returned as by [`Vault::wipe`] (the keys in memory are dropped
    /// regardless).
    pub fn wipe_reporting(&self) -> Result<WipeReport> {
        // One write lock for both steps, so no export can slip in between.
        let mut g = self.write()?;
        let Inner::Open(st) = &mut *g else {
            return Err(Error::Internal("state".into()));
        };
        st.check_hold("wipe")?;
        let m = st.manifest();
        let r = st.wipe();
        *g = Inner::Wiped;
        drop(g);
        r?;
        let labels = m.labels_outside_vault;
        Ok(WipeReport {
            schema: crate::vault::WIPE_SCHEMA.to_string(),
            vault_id: m.vault_id,
            os_labels_to_remove: labels.as_ref().is_none_or(|l| l.any()),
            labels_outside_vault: labels,
        })
    }

    /// Close the vault: drop (and zeroize) the keys and release the file lock. Later calls
    /// return [`Error::InvalidInput`] (`vault`: closed).
    pub fn close(&self) -> Result<()> {
        // Allowed in a forked child too (it only drops the keys; `Drop` writes nothing there).
        let mut g = self.inner.write().unwrap_or_else(|e| e.into_inner());
        match &*g {
            Inner::Wiped => return Err(Error::Wiped),
            Inner::Closed => return Err(Error::invalid("vault", "the vault is closed")),
            Inner::Open(_) => {}
        }
        *g = Inner::Closed;
        drop(g);
        crypto::scrub_stack();
        Ok(())
    }
}

impl State {
    /// Refuse use from a process other than the one that opened the vault: a child forked
    /// after the open shares the nonce pool (and the RNG state of an injected RNG), so its
    /// AES-GCM nonces would repeat the parent's (audit 2026-12-06 N8), and it shares the
    /// parent's file lock and offsets.
    pub(super) fn same_process(&self) -> Result<()> {
        let now = std::process::id();
        if now != self.pid {
            return Err(Error::invalid(
                "vault",
                format!(
                    "this handle was opened by process {}; process {now} (a forked child) must \
                     not use it, or AES-GCM nonces would repeat: open the vault in the child \
                     after the parent has closed it",
                    self.pid
                ),
            ));
        }
        Ok(())
    }
}

impl Drop for State {
    fn drop(&mut self) {
        if self.pid != std::process::id() || self.read_only {
            // A forked child dropping its copy (the file is the parent's), or a read-only
            // open (nothing is written).
            return;
        }
        // Superseded versions a crash left readable are overwritten at the latest on close.
        if !self.data.is_empty() {
            let _ = self.scrub();
        }
        if self.dirty {
            let _ = self.storage.sync();
        }
    }
}

/// The whole file, read straight into a [`FileBuf`] (a huge-page map when large).
fn read_file(storage: &mut dyn Storage) -> std::io::Result<FileBuf> {
    let len = usize::try_from(storage.content_len()?)
        .map_err(|_| std::io::Error::other("file larger than the address space"))?;
    if len < HUGE_MIN {
        return Ok(storage.read_all()?.into());
    }
    let mut buf = FileBuf::zeroed(len);
    storage.read_exact_at(0, &mut buf)?;
    Ok(buf)
}

/// The key-slot positions of a file of this header's version.
fn slot_positions(hdr: &Header) -> Vec<usize> {
    if hdr.version == FORMAT_V1 {
        vec![SLOT_A, SLOT_B]
    } else {
        vec![SLOT_A, SLOT_B, SLOT_R]
    }
}

/// Whether a (possibly damaged) file is still recognisably a mamori vault: at least three of
/// magic (≤ 2 bytes off), version, header length, AEAD id and hash id as written. Guards
/// `wipe_file` against overwriting a file that is not a vault at all.
fn looks_like_vault(d: &[u8]) -> bool {
    if d.len() < HEADER_LEN_V1 {
        return false;
    }
    let magic_off = d[..8].iter().zip(MAGIC).filter(|(a, b)| a != b).count();
    let version = u16::from_le_bytes([d[8], d[9]]);
    let hlen = u16::from_le_bytes([d[10], d[11]]) as usize;
    let votes = [
        magic_off <= 2,
        version == FORMAT_V1 || version == FORMAT_VERSION,
        hlen == HEADER_LEN_V1 || hlen == HEADER_LEN,
        d[12] == AEAD_AES256GCM,
        d[13] == HASH_SHA256,
    ];
    votes.iter().filter(|v| **v).count() >= 3
}

/// Crypto-erase: overwrite every key-slot position and the KCV (bytes 96..112, 160..416 and,
/// in a file long enough for a v2 header, 512..640), sync, read back, crypto-erase and delete
/// every copy the library made (a rewrite's temp file), delete. Every I/O error is returned;
/// the read-back must show zeros.
fn erase(storage: &mut dyn Storage, file_len: usize) -> Result<()> {
    storage.write_at(SLOT_A as u64, &[0u8; 2 * SLOT_LEN])?;
    storage.write_at(96, &[0u8; 16])?;
    let v2 = file_len >= SLOT_R + SLOT_LEN;
    if v2 {
        storage.write_at(SLOT_R as u64, &[0u8; SLOT_LEN])?;
    }
    storage.sync()?;
    let back = storage.read_prefix(if v2 { SLOT_R + SLOT_LEN } else { HEADER_LEN_V1 })?;
    let zero = |r: std::ops::Range<usize>| back.get(r).is_some_and(|b| b.iter().all(|x| *x == 0));
    if !zero(96..112)
        || !zero(SLOT_A..SLOT_B + SLOT_LEN)
        || (v2 && !zero(SLOT_R..SLOT_R + SLOT_LEN))
    {
        return Err(Error::Io(std::io::Error::other(
            "the key slots did not read back as zero after the wipe",
        )));
    }
    storage.remove_copies()?;
    storage.remove()?;
    Ok(())
}

/// End offset of a group's last item.
fn group_end(g: &Group) -> usize {
    match g.items.last() {
        Some(Item::Frame(f)) => f.end,
        Some(Item::Damaged { end, .. }) => *end,
        None => 0,
    }
}

/// Fold for name search: full-width → ASCII, katakana → hiragana, lower case.
fn fold_name(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn build_header(hdr: &Header, keys: &Keys, slots: &[(usize, [u8; SLOT_LEN])]) -> Vec<u8> {
    let mut file = vec![0u8; hdr.header_len()];
    let st = hdr.static_bytes();
    file[..STATIC_LEN].copy_from_slice(&st);
    let mac = keys.header_mac(&hdr.mac_input());
    file[STATIC_LEN..STATIC_LEN + 32].copy_from_slice(&mac);
    if hdr.version != FORMAT_V1 {
        file[HEADER_SUM_OFF..HEADER_SUM_OFF + 16].copy_from_slice(&hdr.checksum());
        file[FEATURES_OFF..FEATURES_OFF + EXT_LEN].copy_from_slice(&hdr.ext_bytes());
    }
    for (pos, b) in slots {
        file[*pos..*pos + SLOT_LEN].copy_from_slice(b);
    }
    if hdr.version != FORMAT_V1 && hdr.slot_mac {
        for pos in [SLOT_A, SLOT_B, SLOT_R] {
            let mac = keys.slot_mac(&hdr.vault_id, pos, &file[pos..pos + SLOT_LEN]);
            let at = slot_mac_off(pos);
            file[at..at + SLOT_MAC_LEN].copy_from_slice(&mac);
        }
    }
    file
}

/// Placeholder storage used only while a new vault's first bytes are being assembled.
struct NullStorage;

impl Storage for NullStorage {
    fn read_all(&mut self) -> std::io::Result<Vec<u8>> {
        Ok(Vec::new())
    }
    fn append(&mut self, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
    fn write_at(&mut self, _: u64, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
    fn truncate(&mut self, _: u64) -> std::io::Result<()> {
        Ok(())
    }
    fn sync(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    fn replace(&mut self, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
    fn remove(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_bits() {
        assert_eq!(bits_for(0), 4);
        assert_eq!(bits_for(7_500), 11);
        assert_eq!(bits_for(165_044), 16);
        assert_eq!(bits_for(1 << 30), 16);
    }

    /// A vault of `n` contacts stored in one batch on a simulated disk (checks written).
    fn batch_vault(n: u32) -> (Vault, Arc<std::sync::Mutex<super::super::storage::MemDisk>>) {
        use rand_chacha::rand_core::SeedableRng;
        let disk = Arc::new(std::sync::Mutex::new(
            super::super::storage::MemDisk::default(),
        ));
        let st = super::super::storage::FaultyStorage::new(disk.clone());
        let o = VaultOptions::fast_for_tests().with_rng(rand_chacha::ChaCha20Rng::seed_from_u64(7));
        let v = Vault::create_on_storage(Box::new(st), b"pass", o).unwrap();
        let cs = (0..n)
            .map(|i| Contact::new(format!("c{i}"), &[&format!("090-{:04}-{:04}", i % 97, i)]))
            .collect();
        v.put_many(cs).unwrap();
        (v, disk)
    }

    fn reopen(disk: &Arc<std::sync::Mutex<super::super::storage::MemDisk>>) -> Vault {
        let st = super::super::storage::FaultyStorage::new(disk.clone());
        Vault::open_on_storage(Box::new(st), b"pass", VaultOptions::fast_for_tests()).unwrap()
    }

    /// For every number: (candidates the index yields, entries in its tag's bucket).
    fn candidate_counts(v: &Vault, n: u32) -> Vec<(usize, usize)> {
        v.with_read(|st| {
            Ok((0..n)
                .map(|i| {
                    let e = format!("+8190{:04}{:04}", i % 97, i);
                    let (t, want) = st.tag_check(&e, st.hdr.index_bits);
                    (st.index.candidates(t, want).count(), st.index.bucket_len(t))
                })
                .collect())
        })
        .unwrap()
    }

    #[test]
    fn check_frames_leave_one_candidate_per_number() {
        let n = 400;
        let (v, disk) = batch_vault(n);
        for v in [v, reopen(&disk)] {
            let counts = candidate_counts(&v, n);
            // Buckets are shared (the stored tags are truncated on purpose)...
            assert!(counts.iter().filter(|c| c.1 > 1).count() > (n / 2) as usize);
            // ...but the in-memory checks leave exactly the number's own record.
            assert!(counts.iter().all(|c| c.0 == 1), "{counts:?}");
            assert!(v.damaged().unwrap().is_empty());
            for i in 0..n {
                let c = v
                    .lookup_phone(&format!("090{:04}{:04}", i % 97, i))
                    .unwrap()
                    .unwrap();
                assert_eq!(c.name, format!("c{i}"));
            }
            // A number that is not there: no candidate survives its check (almost surely).
            assert_eq!(v.lookup_phone("08011112222").unwrap(), None);
        }
    }

    #[test]
    fn a_damaged_check_frame_only_costs_speed() {
        let n = 300;
        let (v, disk) = batch_vault(n);
        drop(v);
        // Flip a byte inside the check frame's ciphertext and fix its CRC, so that only
        // AES-GCM can tell: the frame must be refused, not trusted.
        {
            let mut d = disk.lock().unwrap();
            let items = scan(&d.current, false);
            let f = items
                .iter()
                .find_map(|it| match it {
                    Item::Frame(f) if f.kind == K_CHECKS => Some(*f),
                    _ => None,
                })
                .expect("a check frame");
            let mut body = d.current[f.body_start..f.end].to_vec();
            body[CHECKS_HEAD + 3] ^= 0x40;
            let mut fr = Vec::new();
            write_frame(&mut fr, K_CHECKS, f.tx_rem, &body);
            d.current[f.off..f.end].copy_from_slice(&fr);
            d.durable = d.current.clone();
        }
        let v = reopen(&disk);
        assert!(
            v.damaged()
                .unwrap()
                .iter()
                .any(|m| m.contains("check frame")),
            "{:?}",
            v.damaged()
        );
        let counts = candidate_counts(&v, n);
        assert!(counts.iter().any(|c| c.0 > 1), "no checks are trusted");
        for i in 0..n {
            let c = v
                .lookup_phone(&format!("+8190{:04}{:04}", i % 97, i))
                .unwrap()
                .unwrap();
            assert_eq!(c.name, format!("c{i}"));
        }
    }

    #[test]
    fn single_puts_and_replacements_keep_lookups_exact() {
        let n = 200;
        let (v, disk) = batch_vault(n);
        // Replace contact 5 (single put: no check frame) with a new number; delete 6.
        let ids = v.ids().unwrap();
        let c5 = v.lookup_phone("090-0005-0005").unwrap().unwrap();
        let c6 = v.lookup_phone("090-0006-0006").unwrap().unwrap();
        let mut c = c5.clone();
        c.phones = vec!["080-1234-0005".into()];
        v.put(c).unwrap();
        v.delete(&c6.id.unwrap()).unwrap();
        // A second batch, into the now non-empty vault: checks set on overlay entries.
        let more: Vec<Contact> = (0..50)
            .map(|i| Contact::new(format!("m{i}"), &[&format!("070-5555-{i:04}")]))
            .collect();
        v.put_many(more).unwrap();
        for v in [v, reopen(&disk)] {
            assert_eq!(v.len().unwrap(), ids.len() - 1 + 50);
            assert_eq!(v.lookup_phone("090-0005-0005").unwrap(), None);
            assert_eq!(v.lookup_phone("080-1234-0005").unwrap().unwrap().id, c5.id);
            assert_eq!(v.lookup_phone("090-0006-0006").unwrap(), None);
            for i in 0..50 {
                let e = format!("+8170 5555 {i:04}");
                assert_eq!(v.lookup_phone(&e).unwrap().unwrap().name, format!("m{i}"));
                v.with_read(|st| {
                    let (t, want) = st.tag_check(&format!("+81705555{i:04}"), st.hdr.index_bits);
                    assert_eq!(st.index.candidates(t, want).count(), 1);
                    Ok(())
                })
                .unwrap();
            }
        }
    }

    #[test]
    fn a_forked_child_cannot_use_the_handle() {
        let (v, disk) = batch_vault(3);
        let id = v.ids().unwrap()[0];
        let set_pid = |v: &Vault, f: fn(u32) -> u32| {
            if let Inner::Open(st) = &mut *v.inner.write().unwrap() {
                st.pid = f(st.pid);
            }
        };
        // As seen from a child forked after the open: the handle names another process.
        set_pid(&v, |p| p ^ 1);
        let before = disk.lock().unwrap().current.clone();
        // Everything that draws a nonce, uses a key to write, or writes the file is refused
        // (the nonce pool and an injected RNG's state are the parent's), and so is every
        // report the host may act on (it would describe the inherited snapshot, not the file).
        let dir = crate::vault::directory::DirectoryOptions {
            label_policy: crate::vault::directory::LabelPolicy::Name,
            shared_label: None,
        };
        for e in [
            v.put(Contact::new("子", &["090-9999-0000"]))
                .map(|_| ())
                .unwrap_err(),
            v.put_many(vec![Contact::new("子", &["090-9999-0002"])])
                .map(|_| ())
                .unwrap_err(),
            v.delete(&id).map(|_| ()).unwrap_err(),
            v.export().map(|_| ()).unwrap_err(),
            v.caller_directory(&dir).map(|_| ()).unwrap_err(),
            v.ack_labels_removed().map(|_| ()).unwrap_err(),
            v.set_passcode(b"another pass").unwrap_err(),
            v.change_passcode(b"pass", b"another pass").unwrap_err(),
            v.add_recovery_key(&[3; 32]).unwrap_err(),
            v.compact().unwrap_err(),
            v.manifest().map(|_| ()).unwrap_err(),
            v.damage().map(|_| ()).unwrap_err(),
            v.anchor().map(|_| ()).unwrap_err(),
            v.access_log().map(|_| ()).unwrap_err(),
            v.wipe().unwrap_err(),
        ] {
            assert_eq!(e.code(), crate::ErrorCode::InvalidInput, "{e}");
            assert!(e.to_string().contains("forked child"), "{e}");
        }
        // Contact reads decrypt what is in memory (no nonce, nothing written): allowed.
        assert_eq!(v.len().unwrap(), 3);
        assert_eq!(v.get(&id).unwrap().name, "c0");
        assert!(v.caller_id("090-0000-0000").unwrap().is_some());
        assert_eq!(disk.lock().unwrap().current, before, "nothing written");
        // The opener itself goes on.
        set_pid(&v, |p| p ^ 1);
        assert_eq!(v.len().unwrap(), 3);
        v.put(Contact::new("親", &["090-9999-0001"])).unwrap();
        // A child may still close its copy (dropping writes nothing there).
        set_pid(&v, |p| p ^ 1);
        v.close().unwrap();
    }

    #[test]
    fn name_folding() {
        assert_eq!(fold_name("ヤマダ"), "やまだ");
        assert_eq!(fold_name("ＡＢＣ"), "abc");
    }
}
