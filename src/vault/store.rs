//! The vault itself.

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
    UnreadableRecord,
};
use super::format::*;
use super::index::{BuildEntry, Index, packed};
use super::keysource::{self, FactorSource, KeySource};
use super::log::{ACCESS_LOG_SCHEMA, AccessEvent, AccessLog, AccessLogEntry};
use super::manifest::{KdfParams, KeySlotInfo, MANIFEST_SCHEMA, Manifest};
use super::options::{BoxRng, Clock, VaultOptions};
use super::persons::count_persons;
use super::phone::{MAX_PHONE_INPUT, Normalizer};
use super::storage::{FileStorage, Storage};
use crate::{Error, Result};

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
        Ok(match (self, slot.kdf) {
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
    /// A passcode-only slot (subject to the passcode policy).
    Passcode(&'a [u8]),
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
            KeySpec::HostKey(k) => Secret::Raw(k),
            KeySpec::PasscodeFactor {
                passcode, factor, ..
            } => Secret::Factor(passcode, factor),
        }
    }

    fn kdf(&self) -> u8 {
        match self {
            KeySpec::Passcode(_) => KDF_ARGON2ID,
            KeySpec::HostKey(_) => KDF_RAW,
            KeySpec::PasscodeFactor {
                source: FactorSource::Server,
                ..
            } => KDF_SERVER,
            KeySpec::PasscodeFactor { .. } => KDF_PLATFORM,
        }
    }

    fn check(&self, min_log2: Option<u8>) -> Result<()> {
        if let Some(p) = self.secret().passcode() {
            check_passcode(p)?;
            keysource::check_policy(self.kdf(), keysource::estimate(p), p.len(), min_log2)?;
        }
        Ok(())
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
        let strength = self.secret().passcode().map(keysource::estimate);
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
            guess_log2: strength.map_or(0, |s| s.log2),
            class: strength.map_or(CLASS_NONE, |s| s.class),
            source,
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

fn check_region(r: &str) -> Result<[u8; 2]> {
    let b = r.as_bytes();
    if b.len() != 2 || !b.iter().all(u8::is_ascii_uppercase) {
        return Err(Error::invalid(
            "default_region",
            "an upper-case ISO 3166 alpha-2 code",
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
    /// (a `passcode` slot). The passcode policy applies: digits-only PINs shorter than
    /// [`crate::vault::MIN_PIN_DIGITS`] are refused, and so is anything below
    /// [`VaultOptions::min_passcode_guess_log2`]. Such a vault is reported as key-separated
    /// only when its passcode's estimated strength meets
    /// [`crate::vault::SEPARATION_BAR_LOG2`].
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
        check_region(&options.default_region)?;
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
        let storage = FileStorage::open(path.as_ref())?;
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
        check_region(&options.default_region)?;
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

    fn create_in(
        mut storage: Box<dyn Storage>,
        spec: KeySpec<'_>,
        mut options: VaultOptions,
    ) -> Result<Vault> {
        let region = check_region(&options.default_region)?;
        let rotate_after = options.rotate_after.unwrap_or(ROTATE_AFTER).max(1);
        let (mut rng, clock, normalizer) = options.take_parts();
        let now = clock.now();
        let mut vault_id = [0u8; 16];
        rng.fill_bytes(&mut vault_id);
        if let KeySpec::PasscodeFactor { challenge, .. } = &spec {
            vault_id.copy_from_slice(&challenge[..16]);
        }
        let mut vmk = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(vmk.as_mut());
        let keys = Keys::new(vmk);
        let hdr = Header {
            version: FORMAT_VERSION,
            vault_id,
            index_bits: MIN_INDEX_BITS,
            remote_wipe: options.remote_wipe,
            created_ms: ms(now),
            key_id: 0,
            wipe_after_failed: options.wipe_after_failed.unwrap_or(0),
            wipe_after_idle_days: options.wipe_after_idle_days.unwrap_or(0),
            region,
            normalizer: normalizer_label(normalizer.as_ref()),
            kcv: keys.key_check(&vault_id),
            chain: true,
            base_seq: 0,
            base_head: [0; 16],
        };
        let slot = spec.make_slot(1, ROLE_USER, options.kdf, &hdr, &mut rng, keys.vmk())?;
        let mut file = build_header(&hdr, &keys, &[(SLOT_A, slot.to_bytes(hdr.version))]);
        let mut st = State::new(
            Box::new(NullStorage),
            FileBuf::default(),
            hdr,
            keys,
            SLOT_A,
            slot,
            rotate_after,
            rng,
            clock,
            normalizer,
        );
        st.min_log2 = options.min_passcode_guess_log2;
        let frame = st.log_frame(AccessEvent::Created, 1, now);
        let at = file.len();
        file.extend_from_slice(&frame);
        st.seal_tx(&mut file, at);
        storage.append(&file)?;
        storage.sync()?;
        st.storage = storage;
        st.data = file.into();
        st.load(true);
        let v = Vault {
            inner: RwLock::new(Inner::Open(Box::new(st))),
        };
        crypto::scrub_stack();
        Ok(v)
    }

    fn open_in(
        mut storage: Box<dyn Storage>,
        secret: Secret<'_>,
        mut options: VaultOptions,
    ) -> Result<Vault> {
        let rotate_after = options.rotate_after.unwrap_or(ROTATE_AFTER).max(1);
        let anchor = options.anchor.take();
        let (rng, clock, normalizer) = options.take_parts();
        let mut head = storage.read_prefix(HEADER_LEN)?;
        let hdr = Header::parse(&head)?;
        head.truncate(hdr.header_len());
        let slots: Vec<(usize, SlotState)> = slot_positions(&hdr)
            .into_iter()
            .map(|p| (p, Slot::parse(&head[p..p + SLOT_LEN], hdr.version)))
            .collect();
        let all_valid: Vec<(usize, Slot)> = slots
            .iter()
            .filter_map(|(p, s)| match s {
                SlotState::Valid(s) => Some((*p, s.clone())),
                _ => None,
            })
            .collect();
        if all_valid.is_empty() {
            if slots.iter().all(|(_, s)| matches!(s, SlotState::Empty)) {
                return Err(Error::Wiped);
            }
            return Err(Error::corrupt("key slots", "no readable key slot"));
        }
        let mut valid: Vec<(usize, Slot)> = all_valid
            .iter()
            .filter(|(_, s)| secret.fits(s.kdf))
            .cloned()
            .collect();
        if valid.is_empty() {
            let kinds: Vec<&str> = all_valid
                .iter()
                .map(|(_, s)| KeySource::from_kdf(s.kdf).as_str())
                .collect();
            return Err(Error::FactorRequired(format!(
                "this vault's key slots are {}; the secret given fits none of them",
                kinds.join(", ")
            )));
        }
        for (_, s) in &valid {
            if s.uses_argon2() {
                s.params.check()?;
            }
        }
        // User slots first (newest generation first), then the recovery slot.
        valid.sort_by_key(|s| (s.1.role, std::cmp::Reverse(s.1.generation)));
        let user_slot = all_valid
            .iter()
            .filter(|(_, s)| s.role == ROLE_USER)
            .max_by_key(|(_, s)| s.generation)
            .cloned();
        // The KDF runs on a second thread while this one reads, scans and loads the file up to
        // the first frame that needs a key (in a typical vault: everything but the check
        // frames and deletes), so an open costs about max(KDF, load) rather than their sum.
        // Nothing loaded is exposed before the keys are verified below.
        let hdr_ref = &hdr;
        let placeholder_slot = valid[0].1.clone();
        // The KEK is kept only for a v1 file, to re-wrap its slot in the v2 layout below.
        // Boxed: the worker's result crosses the join through a heap packet that is freed
        // unwiped, so only a pointer may travel; the key bytes stay in one zeroizing box.
        type Found = (usize, Slot, Box<crypto::Key32>, Option<Box<crypto::Key32>>);
        let unlock = || -> Result<Option<Found>> {
            for (pos, s) in &valid {
                if let Some(kek) = secret.kek(s)?
                    && let Some(vmk) =
                        crypto::unwrap(&kek, &s.nonce, &s.wrap_aad(hdr_ref), &s.wrapped)
                {
                    let keep = (hdr_ref.version == FORMAT_V1).then(|| Box::new(kek));
                    return Ok(Some((*pos, s.clone(), Box::new(vmk), keep)));
                }
            }
            Ok(None)
        };
        // The worker also warms the phone normaliser (libphonenumber's metadata and tables are
        // built on first use, several milliseconds) once Argon2id is done: it finishes well
        // before the load, and the first caller-ID lookup after an open is the common case.
        let warm = Arc::clone(&normalizer);
        let region = hdr.region_str().to_owned();
        let unlock_and_warm = || {
            let r = unlock();
            crypto::scrub_stack();
            let _ = warm.normalize("+81312345678", &region);
            let _ = warm.normalize("03-1234-5678", &region);
            r
        };
        let (found, loaded) = std::thread::scope(|sc| {
            let worker = std::thread::Builder::new().spawn_scoped(sc, unlock_and_warm);
            let loaded = read_file(storage.as_mut()).map(|data| {
                // Placeholder keys until the KDF finishes: `keys_ready = false` keeps every
                // frame that needs a key for the second phase.
                let mut st = State::new(
                    storage,
                    data,
                    hdr.clone(),
                    Keys::new(Zeroizing::new([0u8; 32])),
                    SLOT_A,
                    placeholder_slot,
                    rotate_after,
                    rng,
                    clock,
                    normalizer,
                );
                st.keys_ready = false;
                let (groups, first) = st.load_fused(false, true);
                // The chain digests need no key: computed here, beside the KDF.
                let digests: Vec<Option<[u8; 32]>> = if st.hdr.chain {
                    groups
                        .iter()
                        .map(|g| {
                            chain::commit_of(&st.data, g).map(|c| chain::digest(&st.data, c.3))
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                (st, groups, first, digests)
            });
            let found = match worker {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|_| Err(Error::Internal("kdf worker".into()))),
                Err(_) => unlock(),
            };
            (found, loaded)
        });
        let found = found?;
        let (mut st, groups, first, digests) = loaded?;
        let hl = hdr.header_len();
        if st.data.len() < hl || st.data[..hl] != head[..] {
            return Err(Error::corrupt("header", "the file changed while opening"));
        }
        let counter_bytes = &st.data[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN];
        let counter = Counter::parse(counter_bytes);
        let Some(found) = found else {
            // Wrong passcode: bump the unauthenticated counter, maybe wipe.
            let now = ms(st.clock.now());
            let storage = st.storage.as_mut();
            let mut c = counter.unwrap_or_default();
            c.failed = c.failed.saturating_add(1);
            if c.first_ms == 0 {
                c.first_ms = now;
            }
            c.last_ms = now;
            storage.write_at(COUNTER_OFF as u64, &c.to_bytes())?;
            storage.sync()?;
            if hdr.wipe_after_failed > 0 && c.failed >= hdr.wipe_after_failed {
                erase(storage, st.data.len())?;
                return Err(Error::Wiped);
            }
            return Err(Error::WrongPasscode);
        };
        let (slot_pos, slot, vmk, v1_kek) = found;
        let keys = Keys::new(Zeroizing::new(**vmk));
        drop(vmk);
        if !bool::from(keys.key_check(&hdr.vault_id).ct_eq(&hdr.kcv)) {
            return Err(Error::corrupt("header", "key-check value does not match"));
        }
        let mut mac_in = st.data[..STATIC_LEN].to_vec();
        if hdr.chain {
            mac_in.extend_from_slice(&st.data[FEATURES_OFF..FEATURES_OFF + EXT_LEN]);
        }
        let mac = keys.header_mac(&mac_in);
        if !bool::from(mac.ct_eq(&st.data[STATIC_LEN..STATIC_LEN + 32])) {
            return Err(Error::corrupt("header", "header MAC does not verify"));
        }
        st.min_log2 = options.min_passcode_guess_log2;
        if slot.role == ROLE_RECOVERY {
            // Opened by the recovery slot: the user slot stays as it is (rekey replaces it).
            st.opened_by_recovery = true;
            let (upos, uslot) = user_slot.unwrap_or((slot_pos, slot.clone()));
            st.install_keys(keys, upos, uslot);
        } else {
            st.install_keys(keys, slot_pos, slot);
        }
        // Finish (or undo) a passcode change interrupted by a crash: the user slot that opened
        // the vault becomes the only one.
        let other = if slot_pos == SLOT_A { SLOT_B } else { SLOT_A };
        if slot_pos != SLOT_R && st.data[other..other + SLOT_LEN].iter().any(|b| *b != 0) {
            st.storage.write_at(other as u64, &[0u8; SLOT_LEN])?;
            st.storage.sync()?;
            st.data[other..other + SLOT_LEN].fill(0);
        }
        // Second phase: the frames from the first one that needed a key.
        let good = match first {
            Ok(good) => good,
            Err(at) => st.load_groups(&groups, at, false).unwrap_or(st.data.len()),
        };
        st.verify_chain(&groups, good, Some(&digests));
        drop(groups);
        // A rolled-back file is refused before anything is written to it.
        if let Some(a) = &anchor {
            st.verify_anchor(a)?;
        }
        if good < st.data.len() {
            // Torn tail: an unacknowledged write (docs/vault-format.md §5 step 3). Drop it
            // before appending anything; the damage report says so for this session.
            st.report.truncated = Some((good, st.data.len() - good));
            st.storage.truncate(good as u64)?;
            st.storage.sync()?;
            st.data.truncate(good);
        }
        let now = st.clock.now();
        // Idle-wipe policy (the last successful open is in the authenticated log).
        if st.hdr.wipe_after_idle_days > 0
            && let Some(last) = st.last_open_ms()
            && ms(now) - last > i64::from(st.hdr.wipe_after_idle_days) * 86_400_000
        {
            st.wipe()?;
            return Err(Error::Wiped);
        }
        // Fold failed opens into the log, then reset the counter.
        let counter = counter.unwrap_or(Counter {
            failed: 1,
            first_ms: 0,
            last_ms: 0,
        });
        if counter.failed > 0 {
            let at = DateTime::from_timestamp_millis(counter.last_ms).unwrap_or(now);
            let f = st.log_frame(AccessEvent::FailedOpens, counter.failed, at);
            st.commit(f)?;
            st.storage
                .write_at(COUNTER_OFF as u64, &Counter::default().to_bytes())?;
            st.storage.sync()?;
            st.data[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN].fill(0);
        }
        // The `opened` entry is appended without its own sync (that would add an fsync to
        // every open): it becomes durable with the next write, `close` or drop.
        let f = st.log_frame(AccessEvent::Opened, 1, now);
        st.commit_with(f, false)?;
        // Nothing found: automatic rewrites may run (they would drop unauthenticated bytes,
        // the evidence of a change to the file, so they wait while any is reported).
        let clean = st.report.clean() && st.damaged.is_empty();
        if st.hdr.version == FORMAT_V1
            && clean
            && let Some(kek) = v1_kek
            && !st.opened_by_recovery
        {
            // Upgrade a v1 file to v2 on this first write: re-wrap the slot under the v2
            // AAD (same KEK, salt and parameters; the passcode strength was never estimated,
            // so the slot says "unknown") and rewrite the file with a v2 header. If the
            // rewrite is refused (a damaged record), the file stays v1 and opens as before.
            let old = (st.hdr.clone(), st.slot.clone(), st.slot_pos);
            st.hdr.version = FORMAT_VERSION;
            let mut slot = st.slot.clone();
            st.random(&mut slot.nonce);
            slot.wrapped = crypto::wrap(&kek, &slot.nonce, &slot.wrap_aad(&st.hdr), st.keys.vmk());
            st.slot = slot;
            st.slot_pos = SLOT_A;
            if st.compact(None).is_err() {
                (st.hdr, st.slot, st.slot_pos) = old;
            }
        }
        if st.hdr.version == FORMAT_VERSION && !st.hdr.chain && clean {
            // A v2 file written before the chain: rewritten with it (one compaction).
            let _ = st.compact(None);
        }
        if clean && st.hdr.normalizer != normalizer_label(st.normalizer.as_ref()) {
            // The normaliser changed: rebuild the index. A damaged record blocks the
            // rebuild (it cannot be re-sealed); the vault still opens and `damaged()` says
            // why lookups may miss.
            let _ = st.compact(None);
        }
        let v = Vault {
            inner: RwLock::new(Inner::Open(Box::new(st))),
        };
        crypto::scrub_stack();
        Ok(v)
    }

    /// Crypto-erase the vault file at `path` without its passcode (for a remote-wipe command
    /// arriving while the vault is locked): overwrite both key slots and the key-check value,
    /// sync, then delete the file. [`Error::Locked`] if the vault is open elsewhere.
    ///
    /// The slots are overwritten even when the file is damaged (as long as it is still
    /// recognisably a mamori vault), and every I/O error is reported: `Ok` means the key
    /// slots were overwritten, synced and read back as zero, and the file was deleted.
    pub fn wipe_file(path: impl AsRef<Path>) -> Result<()> {
        let mut s = FileStorage::open(path.as_ref())?;
        let data = s.read_prefix(HEADER_LEN)?;
        if !looks_like_vault(&data) {
            return Err(Error::corrupt(
                "header",
                "not recognisably a mamori vault; nothing overwritten",
            ));
        }
        erase(&mut s, data.len())
    }

    // ---------------------------------------------------------------- locking helpers

    fn read(&self) -> Result<RwLockReadGuard<'_, Inner>> {
        let g = self.inner.read().unwrap_or_else(|e| e.into_inner());
        match &*g {
            Inner::Open(_) => Ok(g),
            Inner::Wiped => Err(Error::Wiped),
            Inner::Closed => Err(Error::invalid("vault", "the vault is closed")),
        }
    }

    fn write(&self) -> Result<RwLockWriteGuard<'_, Inner>> {
        let g = self.inner.write().unwrap_or_else(|e| e.into_inner());
        match &*g {
            Inner::Open(_) => Ok(g),
            Inner::Wiped => Err(Error::Wiped),
            Inner::Closed => Err(Error::invalid("vault", "the vault is closed")),
        }
    }

    fn with_read<T>(&self, f: impl FnOnce(&State) -> Result<T>) -> Result<T> {
        let g = self.read()?;
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
        self.with_read(|st| {
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
        self.with_read(|st| st.lookup(number, contact::decode))
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
        self.with_read(|st| st.lookup(number, contact::decode_caller))
    }

    /// Delete a contact ([`Error::NotFound`] if none). Durable when this returns.
    pub fn delete(&self, id: &ContactId) -> Result<()> {
        self.with_write(|st| st.delete(id.0))
    }

    /// All readable contacts in storage order. Damaged records are skipped and reported by
    /// [`Vault::damaged`].
    pub fn list(&self) -> Result<Vec<Contact>> {
        self.with_read(|st| Ok(st.all().into_iter().filter_map(|r| r.ok()).collect()))
    }

    /// The ids of all contacts (without decrypting anything).
    pub fn ids(&self) -> Result<Vec<ContactId>> {
        self.with_read(|st| {
            let mut v: Vec<(usize, u64)> = st.records.iter().map(|(k, e)| (e.off, *k)).collect();
            v.sort_unstable();
            Ok(v.into_iter().map(|(_, k)| ContactId(k)).collect())
        })
    }

    /// Number of contacts (without decrypting anything).
    pub fn len(&self) -> Result<usize> {
        self.with_read(|st| Ok(st.records.len()))
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
        self.with_read(|st| {
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
        self.with_write(|st| st.change_passcode(Some(old), new))
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
        self.with_write(|st| st.change_passcode(None, new))
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
    /// on this vault returns [`Error::Wiped`].
    pub fn wipe(&self) -> Result<()> {
        let mut g = self.write()?;
        let r = match &mut *g {
            Inner::Open(st) => st.wipe(),
            _ => Ok(()),
        };
        *g = Inner::Wiped;
        r
    }

    /// Close the vault: drop (and zeroize) the keys and release the file lock. Later calls
    /// return [`Error::InvalidInput`] (`vault`: closed).
    pub fn close(&self) -> Result<()> {
        let mut g = self.write()?;
        *g = Inner::Closed;
        drop(g);
        crypto::scrub_stack();
        Ok(())
    }
}

impl Drop for State {
    fn drop(&mut self) {
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
/// in a file long enough for a v2 header, 512..640), sync, read back, delete. Every I/O
/// error is returned; the read-back must show zeros.
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
    storage.remove()?;
    Ok(())
}

fn hex(b: &[u8]) -> String {
    chain::hex(b)
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

impl State {
    /// A state with empty in-memory tables, before the file is loaded (open) or written
    /// (create).
    #[allow(clippy::too_many_arguments)]
    fn new(
        storage: Box<dyn Storage>,
        data: FileBuf,
        hdr: Header,
        keys: Keys,
        slot_pos: usize,
        slot: Slot,
        rotate_after: u64,
        rng: BoxRng,
        clock: Arc<dyn Clock>,
        normalizer: Arc<dyn Normalizer>,
    ) -> State {
        State {
            storage,
            data,
            hdr,
            keys,
            slot_pos,
            slot,
            records: IdMap::default(),
            suspect: IdMap::default(),
            lost: IdMap::default(),
            index: Index::default(),
            building: false,
            pending: Vec::new(),
            tx_recs: Vec::new(),
            keys_ready: true,
            key_ids_seen: Vec::new(),
            superseded: false,
            pool: Vec::new(),
            logs: Vec::new(),
            log_head: [0; 16],
            log_seq: 0,
            damaged: Vec::new(),
            enc_count: 0,
            rotate_after,
            dirty: false,
            min_log2: None,
            opened_by_recovery: false,
            rng,
            clock,
            normalizer,
            chain_seq: 0,
            chain_head: [0; 16],
            durable: (0, [0; 16]),
            heads: Vec::new(),
            report: ChainReport::default(),
            pending_scrub: Vec::new(),
            regions: Vec::new(),
        }
    }

    // ---------------------------------------------------------------- loading

    /// Build the in-memory index from `self.data`; returns the length of the good prefix
    /// (shorter than the data when the tail is torn). `trusted`: the bytes were just built
    /// in memory by this process (a rewrite), so the tail's frame checks need no verifying.
    fn load(&mut self, trusted: bool) -> usize {
        // With the keys ready, the load never stops for them.
        let (groups, r) = self.load_fused(trusted, false);
        let good = r.unwrap_or(self.data.len());
        self.verify_chain(&groups, good, None);
        good
    }

    /// One pass over the file: each frame is checked and applied while its bytes are still
    /// in cache (a scan and a separate apply pass would read every frame from memory twice).
    /// Returns the items grouped into transactions and the result of [`State::load_groups`]:
    /// the good prefix, or — with `stop_for_keys` and the keys not ready — where the first
    /// frame that needs a key is (the frames from there on are checked but not applied).
    ///
    /// Only the last transaction can be a torn write that must not be applied; that is known
    /// at the end. In that rare case (after a crash) the tables are rebuilt from the items in
    /// a second pass that stops before it.
    fn load_fused(
        &mut self,
        trusted: bool,
        stop_for_keys: bool,
    ) -> (Vec<Group>, std::result::Result<usize, usize>) {
        self.reset_load(self.data.len() / 256);
        let mut items = Vec::with_capacity(self.data.len() / 128);
        let mut sc = Scanner::new(self.hdr.header_len(), trusted);
        let mut stopped: Option<usize> = None;
        while let Some(it) = sc.next_item(&self.data) {
            items.push(it);
            if stopped.is_some() {
                continue;
            }
            match it {
                Item::Frame(f)
                    if stop_for_keys
                        && !self.keys_ready
                        && matches!(f.kind, K_DELETE | K_CHECKS) =>
                {
                    stopped = Some(items.len() - 1);
                }
                it => self.apply_item(it),
            }
        }
        let groups = group(&items, &self.data);
        if groups.last().is_some_and(|g| g.torn(&self.data)) {
            self.reset_load(items.len());
            let r = self.load_groups(&groups, 0, stop_for_keys);
            return (groups, r);
        }
        match stopped {
            Some(k) => (groups, Err(k)),
            None => {
                self.build_index();
                (groups, Ok(self.data.len()))
            }
        }
    }

    /// Apply one scanned item (a frame, or a damaged region).
    fn apply_item(&mut self, it: Item) {
        match it {
            Item::Damaged {
                off,
                end,
                whole_frame,
            } => {
                // A damaged record frame whose header and AAD fields still parse keeps its
                // place for the check frame (which binds ids and nonces only).
                let rec = if whole_frame && self.data[off] == K_RECORD {
                    parse_record(&self.data[off + FRAME_HDR..end]).map(|r| TxRec {
                        id: r.id,
                        off,
                        tx_rem: u32::from_le_bytes(
                            self.data[off + 5..off + 9].try_into().expect("4"),
                        ),
                        nonce: r.nonce,
                        pending_start: self.pending.len(),
                        ntags: r.tags_raw.len() / 2,
                    })
                } else {
                    None
                };
                match rec {
                    Some(t) => {
                        if self
                            .tx_recs
                            .last()
                            .is_some_and(|p| p.tx_rem != t.tx_rem + 1)
                        {
                            self.tx_recs.clear();
                        }
                        self.tx_recs.push(t);
                    }
                    None => self.tx_recs.clear(),
                }
                if whole_frame {
                    self.regions.push((self.damaged.len(), off));
                }
                self.damaged
                    .push(format!("damaged bytes at offset {off}..{end}"));
                self.mark_suspect(off);
            }
            Item::Frame(f) => self.apply(f),
        }
    }

    /// Reset the in-memory tables for a load of about `items` frames.
    fn reset_load(&mut self, items: usize) {
        self.records.clear();
        self.index = Index::default();
        self.building = true;
        self.superseded = false;
        self.pending = Vec::with_capacity(self.data.len() / 128);
        self.tx_recs.clear();
        self.logs.clear();
        self.log_head = [0; 16];
        self.log_seq = 0;
        self.damaged.clear();
        self.enc_count = 0;
        self.suspect.clear();
        self.lost.clear();
        self.pending_scrub.clear();
        self.regions.clear();
        self.key_ids_seen.clear();
        self.key_ids_seen.push(self.hdr.key_id);
        if self.keys_ready {
            self.keys.clear_records();
            let _ = self.keys.record(self.hdr.key_id);
        }
        self.records.reserve(items);
    }

    /// Apply the items of `groups` from the `from`-th (counting across groups) on; returns
    /// the length of the good prefix (see [`State::load`]). With `stop_for_keys` and the
    /// keys not ready, stops before the first frame that needs a key and returns `Err(its
    /// item number)` to resume from.
    fn load_groups(
        &mut self,
        groups: &[Group],
        from: usize,
        stop_for_keys: bool,
    ) -> std::result::Result<usize, usize> {
        let n = groups.len();
        let mut first = 0; // item number of the group's first item
        for (gi, g) in groups.iter().enumerate() {
            let next = first + g.items.len();
            if next <= from {
                // Applied before.
                first = next;
                continue;
            }
            if gi + 1 == n && g.torn(&self.data) {
                // A torn tail: the last transaction was never acknowledged.
                self.build_index();
                return Ok(g.start());
            }
            for (k, it) in (first..).zip(&g.items).skip(from.saturating_sub(first)) {
                if let Item::Frame(f) = it
                    && stop_for_keys
                    && !self.keys_ready
                    && matches!(f.kind, K_DELETE | K_CHECKS)
                {
                    return Err(k);
                }
                self.apply_item(*it);
            }
            first = next;
        }
        self.build_index();
        Ok(self.data.len())
    }

    /// Install the real keys after the first phase of an open and derive the record keys
    /// of the frames applied so far.
    fn install_keys(&mut self, keys: Keys, slot_pos: usize, slot: Slot) {
        self.keys = keys;
        self.slot_pos = slot_pos;
        self.slot = slot;
        self.keys_ready = true;
        for id in std::mem::take(&mut self.key_ids_seen) {
            let _ = self.keys.record(id);
            self.key_ids_seen.push(id);
        }
    }

    // ---------------------------------------------------------------- transaction chain

    /// 1 in a chained file (every transaction ends in a commit frame), else 0: added to the
    /// `tx_rem` of every frame a writer builds.
    fn cr(&self) -> u32 {
        u32::from(self.hdr.chain)
    }

    /// Close the transaction whose frames are `out[start..]` (their `tx_rem` already count
    /// the commit frame): append its commit frame and advance the chain. No-op in a file
    /// without the chain.
    fn seal_tx(&mut self, out: &mut Vec<u8>, start: usize) {
        if !self.hdr.chain {
            return;
        }
        let d = chain::digest_bytes(&out[start..]);
        let seq = self.chain_seq + 1;
        let prev = self.chain_head;
        let mac = self
            .keys
            .chain_mac(&chain::mac_input(&self.hdr.vault_id, seq, &prev, &d));
        let mut body = [0u8; chain::COMMIT_BODY];
        body[0..8].copy_from_slice(&seq.to_le_bytes());
        body[8..24].copy_from_slice(&prev);
        body[24..40].copy_from_slice(&mac);
        write_frame(out, K_COMMIT, 0, &body);
        self.chain_seq = seq;
        self.chain_head = mac;
        self.heads.push((seq, mac));
    }

    /// Verify the chain over the loaded `groups` (the file's good prefix ends at `good`; a
    /// torn last group beyond it was not applied) and, where a transaction does not
    /// authenticate or is out of order, reload applying only what the chain allows
    /// (docs/vault-format.md §5.5). Needs the real keys.
    fn verify_chain(
        &mut self,
        groups: &[Group],
        good: usize,
        digests: Option<&[Option<[u8; 32]>]>,
    ) {
        let truncated = self.report.truncated;
        self.report = ChainReport {
            truncated,
            ..ChainReport::default()
        };
        self.heads.clear();
        let ng = if good < self.data.len() {
            groups.len().saturating_sub(1)
        } else {
            groups.len()
        };
        if !self.hdr.chain {
            self.chain_seq = 0;
            self.chain_head = [0; 16];
            self.durable = (0, [0; 16]);
            return;
        }
        let mut apply = vec![false; ng];
        // Authentic transactions already applied under their sequence number (a duplicate or
        // replay): reported, but the state they would set is the chain's own.
        let mut replayed = vec![false; ng];
        let mut committed: Vec<(u64, usize, [u8; 16], [u8; 16])> = Vec::with_capacity(ng);
        for (gi, g) in groups[..ng].iter().enumerate() {
            let span = (g.start(), group_end(g));
            match chain::commit_of(&self.data, g) {
                Some((seq, prev, mac, rest)) => {
                    let d = match digests.and_then(|v| v.get(gi).copied().flatten()) {
                        Some(d) => d,
                        None => chain::digest(&self.data, rest),
                    };
                    let want =
                        self.keys
                            .chain_mac(&chain::mac_input(&self.hdr.vault_id, seq, &prev, &d));
                    if bool::from(want.ct_eq(&mac)) {
                        committed.push((seq, gi, prev, mac));
                    } else {
                        self.report.suspect.push((
                            span.0,
                            span.1,
                            "its chain MAC does not verify (damaged or altered)".into(),
                        ));
                    }
                }
                None => self.report.suspect.push((
                    span.0,
                    span.1,
                    "no intact commit frame (damaged, or frames added from elsewhere)".into(),
                )),
            }
        }
        let in_file_order = committed.windows(2).all(|w| w[0].0 < w[1].0);
        committed.sort_by_key(|c| c.0);
        let mut cur = (self.hdr.base_seq, self.hdr.base_head);
        self.heads.push(cur);
        let mut order = Vec::with_capacity(committed.len());
        for (seq, gi, prev, mac) in committed {
            let g = &groups[gi];
            if seq <= cur.0 {
                self.report.suspect.push((
                    g.start(),
                    group_end(g),
                    format!(
                        "transaction {seq} is a duplicate or a replay (the chain is at {})",
                        cur.0
                    ),
                ));
                replayed[gi] = true;
                continue;
            }
            if seq != cur.0 + 1 {
                self.report.lost.push((cur.0 + 1, seq - 1));
                self.report.breaks.push((
                    g.start(),
                    format!("transaction {seq} follows transaction {}", cur.0),
                ));
            } else if prev != cur.1 {
                self.report.breaks.push((
                    g.start(),
                    format!(
                        "transaction {seq} does not chain onto transaction {}",
                        cur.0
                    ),
                ));
            }
            if !in_file_order && !self.report.breaks.iter().any(|b| b.0 == g.start()) {
                self.report.breaks.push((
                    g.start(),
                    format!("transaction {seq} is out of file order (applied in sequence order)"),
                ));
            }
            apply[gi] = true;
            order.push(gi);
            cur = (seq, mac);
            self.heads.push(cur);
        }
        self.chain_seq = cur.0;
        self.chain_head = cur.1;
        self.durable = cur;
        if in_file_order && apply.iter().all(|a| *a) {
            return;
        }
        // Reload: the applied transactions in sequence order; the others only mark the
        // contacts they name as damaged (never served, never resurrected).
        self.reset_load(self.data.len() / 256);
        if in_file_order {
            for (gi, g) in groups[..ng].iter().enumerate() {
                if apply[gi] {
                    for it in &g.items {
                        self.apply_item(*it);
                    }
                } else if !replayed[gi] {
                    self.mark_group(g);
                }
            }
        } else {
            for gi in &order {
                for it in &groups[*gi].items {
                    self.apply_item(*it);
                }
            }
            for (gi, g) in groups[..ng].iter().enumerate() {
                if !apply[gi] && !replayed[gi] {
                    self.mark_group(g);
                }
            }
        }
        self.build_index();
    }

    /// A transaction that is not applied: every contact a frame of it names is reported as
    /// damaged until a later applied frame replaces or deletes it.
    fn mark_group(&mut self, g: &Group) {
        for it in &g.items {
            match *it {
                Item::Frame(f) if matches!(f.kind, K_RECORD | K_DELETE) => {
                    let Some(b) = self.data.get(f.body_start..f.body_start + 8) else {
                        continue;
                    };
                    let id = u64::from_le_bytes(b.try_into().expect("8"));
                    if self.records.contains_key(&id) {
                        self.suspect.insert(id, f.off);
                    } else if id != 0 {
                        self.lost.insert(id, f.off);
                    }
                }
                Item::Frame(_) => {}
                Item::Damaged { off, end, .. } => {
                    self.damaged
                        .push(format!("damaged bytes at offset {off}..{end}"));
                    self.mark_suspect(off);
                }
            }
        }
    }

    /// The anchor of the last acknowledged write.
    fn anchor(&self) -> Result<Anchor> {
        if !self.hdr.chain {
            return Err(Error::corrupt(
                "transaction chain",
                "this file has no transaction chain yet (a damaged record blocked its upgrade)",
            ));
        }
        Ok(Anchor {
            schema: chain::ANCHOR_SCHEMA.to_string(),
            vault_id: hex(&self.hdr.vault_id),
            seq: self.durable.0,
            head: hex(&self.durable.1),
        })
    }

    /// Check that this file is not older than `a` (see [`Vault::verify_anchor`]).
    fn verify_anchor(&self, a: &Anchor) -> Result<()> {
        if a.schema != chain::ANCHOR_SCHEMA {
            return Err(Error::invalid(
                "anchor.schema",
                format!("expected \"{}\"", chain::ANCHOR_SCHEMA),
            ));
        }
        let vid: [u8; 16] = chain::unhex(&a.vault_id)
            .ok_or_else(|| Error::invalid("anchor.vault_id", "expected 32 hex digits"))?;
        let head: [u8; 16] = chain::unhex(&a.head)
            .ok_or_else(|| Error::invalid("anchor.head", "expected 32 hex digits"))?;
        if vid != self.hdr.vault_id {
            return Err(Error::corrupt(
                "anchor",
                "the anchor belongs to another vault (vault id differs)",
            ));
        }
        if !self.hdr.chain {
            return Err(Error::RolledBack(format!(
                "the file has no transaction chain, so it predates the anchor (transaction {})",
                a.seq
            )));
        }
        if a.seq > self.chain_seq {
            return Err(Error::RolledBack(format!(
                "the file ends at transaction {}, the anchor is at transaction {}",
                self.chain_seq, a.seq
            )));
        }
        if let Some((_, h)) = self.heads.iter().find(|(s, _)| *s == a.seq)
            && !bool::from(h.ct_eq(&head))
        {
            return Err(Error::RolledBack(format!(
                "transaction {} of the file is not the anchored one: the file is an older copy \
                 written to since",
                a.seq
            )));
        }
        Ok(())
    }

    // ---------------------------------------------------------------- erasure

    /// Overwrite the ciphertext of the superseded or deleted record frames in
    /// `pending_scrub` with zeros in place (the frame check is rewritten to match; the chain
    /// input leaves the ciphertext out, so the chain still verifies), then sync.
    fn scrub(&mut self) -> Result<()> {
        if self.pending_scrub.is_empty() {
            return Ok(());
        }
        let offs = std::mem::take(&mut self.pending_scrub);
        let mut wrote = false;
        for off in offs {
            let Some(f) = frame_at(&self.data, off) else {
                continue;
            };
            if f.kind != K_RECORD || !f.verify(&self.data) {
                continue;
            }
            let body = &self.data[f.body_start..f.end];
            let Some(r) = parse_record(body) else {
                continue;
            };
            if r.ct.iter().all(|b| *b == 0) {
                continue;
            }
            let ct_start = f.body_start + (body.len() - r.ct.len() - 16);
            let ct_end = f.end - 16;
            let mut new = self.data[off..f.end].to_vec();
            new[ct_start - off..ct_end - off].fill(0);
            let c = crypto::check4(&[&new[..9], &new[FRAME_HDR..]]);
            new[9..13].copy_from_slice(&c);
            self.storage.write_at((off + 9) as u64, &new[9..])?;
            self.data[off..f.end].copy_from_slice(&new);
            wrote = true;
        }
        if wrote {
            self.storage.sync()?;
        }
        Ok(())
    }

    /// Build the blind index at the end of a load from the entries collected in file order
    /// (dropping those of superseded or deleted versions, if any).
    fn build_index(&mut self) {
        let mut entries = std::mem::take(&mut self.pending);
        self.tx_recs.clear();
        if self.superseded {
            entries.retain(|(_, id, off, _)| self.records.get(id).is_some_and(|e| e.off == *off));
        }
        self.index = Index::build(self.hdr.index_bits, &entries);
        self.building = false;
        self.superseded = false;
        self.forgive_superseded();
    }

    /// A damaged whole record frame whose contact was replaced or deleted by a later intact
    /// frame cost nothing (e.g. an in-place erasure a crash interrupted): not reported.
    fn forgive_superseded(&mut self) {
        let mut drop_msgs = Vec::new();
        for (msg, off) in std::mem::take(&mut self.regions) {
            if self.data.get(off) != Some(&K_RECORD) {
                continue;
            }
            let Some(b) = self.data.get(off + FRAME_HDR..off + FRAME_HDR + 8) else {
                continue;
            };
            let id = u64::from_le_bytes(b.try_into().expect("8"));
            let later = match self.records.get(&id) {
                Some(e) => e.off > off && !self.suspect.contains_key(&id),
                None => !self.lost.contains_key(&id),
            };
            if later && !self.suspect.values().any(|o| *o == off) {
                drop_msgs.push(msg);
            }
        }
        for m in drop_msgs.into_iter().rev() {
            if m < self.damaged.len() {
                self.damaged.remove(m);
            }
        }
    }

    /// A damaged frame at `off` may have replaced or deleted a contact: the id it names —
    /// or, if the damage hit the id itself, an existing id one byte away from it (ids are
    /// random 64-bit values, so a match is no accident) — is reported as damaged rather
    /// than served in a possibly outdated version.
    fn mark_suspect(&mut self, off: usize) {
        let Some(b) = self.data.get(off + FRAME_HDR..off + FRAME_HDR + 8) else {
            return;
        };
        let claimed: [u8; 8] = b.try_into().expect("8");
        let id = u64::from_le_bytes(claimed);
        if self.records.contains_key(&id) {
            self.suspect.insert(id, off);
            return;
        }
        // Exactly one existing id one byte away; several (caller-chosen sequential ids)
        // would be a guess, so none is marked then.
        let mut found = None;
        for i in 0..8 {
            for v in 0..=255u8 {
                if v == claimed[i] {
                    continue;
                }
                let mut c = claimed;
                c[i] = v;
                let cand = u64::from_le_bytes(c);
                if self.records.contains_key(&cand) {
                    if found.is_some() {
                        return;
                    }
                    found = Some(cand);
                }
            }
        }
        match found {
            Some(id) => {
                self.suspect.insert(id, off);
            }
            // Possibly a new contact whose only frame is damaged: `get` reports it as
            // damaged instead of not found.
            None => {
                self.lost.insert(id, off);
            }
        }
    }

    fn remove_entry(&mut self, id: u64) {
        self.suspect.remove(&id);
        self.lost.remove(&id);
        let Some(old) = self.records.remove(&id) else {
            return;
        };
        self.pending_scrub.push(old.off);
        if self.building {
            self.superseded = true;
            return;
        }
        let Some(f) = frame_at(&self.data, old.off) else {
            return;
        };
        let Some(r) = parse_record(&self.data[f.body_start..f.end]) else {
            return;
        };
        if !self.building {
            for t in r.tags() {
                self.index.remove(t, id);
            }
        }
    }

    fn apply(&mut self, f: RawFrame) {
        let body = &self.data[f.body_start..f.end];
        match f.kind {
            K_RECORD => {
                let Some(r) = parse_record(body) else {
                    self.damaged
                        .push(format!("malformed record frame at offset {}", f.off));
                    return;
                };
                let limit = 1usize << self.hdr.index_bits;
                let tags = r
                    .tags_raw
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]));
                let ntags = r.tags_raw.len() / 2;
                if r.key_id > self.hdr.key_id || tags.clone().any(|t| t as usize >= limit) {
                    self.damaged
                        .push(format!("malformed record frame at offset {}", f.off));
                    return;
                }
                let (id, key_id) = (r.id, r.key_id);
                if key_id == self.hdr.key_id {
                    self.enc_count += 1;
                }
                if !self.key_ids_seen.contains(&key_id) {
                    self.key_ids_seen.push(key_id);
                    if self.keys_ready {
                        let _ = self.keys.record(key_id);
                    }
                }
                if self
                    .tx_recs
                    .last()
                    .is_some_and(|p| p.tx_rem != f.tx_rem + 1)
                {
                    self.tx_recs.clear();
                }
                self.tx_recs.push(TxRec {
                    id,
                    off: f.off,
                    tx_rem: f.tx_rem,
                    nonce: r.nonce,
                    pending_start: self.pending.len(),
                    ntags,
                });
                if self.building {
                    // One hash probe per record while loading.
                    if let Some(old) = self.records.insert(id, Entry { off: f.off }) {
                        self.superseded = true;
                        self.pending_scrub.push(old.off);
                    }
                    if !self.suspect.is_empty() || !self.lost.is_empty() {
                        self.suspect.remove(&id);
                        self.lost.remove(&id);
                    }
                    for t in tags {
                        self.pending.push((t, id, f.off, packed(None)));
                    }
                } else {
                    let tags: Vec<u16> = tags.collect();
                    self.remove_entry(id);
                    for t in tags {
                        self.index.insert(t, id, f.off, packed(None));
                    }
                    self.records.insert(id, Entry { off: f.off });
                }
            }
            K_DELETE => {
                self.tx_recs.clear();
                if body.len() != 40 {
                    self.damaged
                        .push(format!("malformed delete frame at offset {}", f.off));
                    return;
                }
                let id = u64::from_le_bytes(body[0..8].try_into().expect("8"));
                let key_id = u32::from_le_bytes(body[8..12].try_into().expect("4"));
                let nonce: [u8; 12] = body[12..24].try_into().expect("12");
                let tag: [u8; 16] = body[24..40].try_into().expect("16");
                let aad = frame_aad(&self.hdr.vault_id, K_DELETE, &body[..12]);
                if key_id > self.hdr.key_id
                    || !crypto::open(self.keys.record(key_id), &nonce, &aad, &mut [], &tag)
                {
                    self.damaged
                        .push(format!("unauthentic delete frame at offset {}", f.off));
                    self.mark_suspect(f.off);
                    return;
                }
                if key_id == self.hdr.key_id {
                    self.enc_count += 1;
                }
                self.remove_entry(id);
            }
            K_CHECKS => {
                let recs = std::mem::take(&mut self.tx_recs);
                if !self.apply_checks(f, &recs) {
                    self.damaged.push(format!(
                        "unusable check frame at offset {} (lookups of its records open every \
                         candidate)",
                        f.off
                    ));
                }
            }
            K_LOG => {
                self.tx_recs.clear();
                if body.len() != LOG_BODY {
                    self.damaged
                        .push(format!("malformed log frame at offset {}", f.off));
                    return;
                }
                let seq = u64::from_le_bytes(body[0..8].try_into().expect("8"));
                self.log_head = body[21..37].try_into().expect("16");
                self.log_seq = seq.saturating_add(1);
                self.logs.push(f.off);
            }
            _ => {}
        }
    }

    /// Read a check frame covering the record frames `recs` (the last `count` of them must be
    /// its transaction's records, right before it) and attach its checks to their index
    /// entries. False if it is malformed, does not follow its records, or does not
    /// authenticate; the entries then keep no check (every candidate is opened).
    fn apply_checks(&mut self, f: RawFrame, recs: &[TxRec]) -> bool {
        let Some(c) = parse_checks(&self.data[f.body_start..f.end]) else {
            return false;
        };
        let n = c.count as usize;
        if f.tx_rem != self.cr() || n == 0 || n > recs.len() || c.key_id > self.hdr.key_id {
            return false;
        }
        let covered = &recs[recs.len() - n..];
        if covered
            .iter()
            .enumerate()
            .any(|(i, r)| r.tx_rem as usize != n - i + f.tx_rem as usize)
            || covered.iter().map(|r| r.ntags).sum::<usize>() * 2 != c.ct.len()
        {
            return false;
        }
        let ids: Vec<(u64, [u8; 12])> = covered.iter().map(|r| (r.id, r.nonce)).collect();
        let aad = checks_aad(&self.hdr.vault_id, c.head, &ids);
        let mut pt = Zeroizing::new(c.ct.to_vec());
        let (nonce, tag, key_id) = (c.nonce, c.tag, c.key_id);
        if !crypto::open(self.keys.record(key_id), &nonce, &aad, &mut pt, &tag) {
            return false;
        }
        if key_id == self.hdr.key_id {
            self.enc_count += 1;
        }
        let mut k = 0;
        for r in covered {
            for i in 0..r.ntags {
                let chk = packed(Some(u16::from_le_bytes([pt[2 * k], pt[2 * k + 1]])));
                k += 1;
                if self.building {
                    if let Some(e) = self.pending.get_mut(r.pending_start + i)
                        && e.1 == r.id
                        && e.2 == r.off
                    {
                        e.3 = chk;
                    }
                } else if let Some(t) = record_tag(&self.data, r.off, i) {
                    self.index.set_check(t, r.id, r.off, chk);
                }
            }
        }
        true
    }

    fn last_open_ms(&self) -> Option<i64> {
        self.logs.iter().rev().find_map(|off| {
            let b = &self.data[off + FRAME_HDR..off + FRAME_HDR + LOG_BODY];
            let ev = AccessEvent::from_code(b[16])?;
            matches!(ev, AccessEvent::Opened | AccessEvent::Created)
                .then(|| i64::from_le_bytes(b[8..16].try_into().expect("8")))
        })
    }

    // ---------------------------------------------------------------- writing

    /// Append frames and sync; then index them. On failure the file is cut back.
    fn commit(&mut self, bytes: Vec<u8>) -> Result<()> {
        self.commit_with(bytes, true)
    }

    fn commit_with(&mut self, mut bytes: Vec<u8>, sync: bool) -> Result<()> {
        let start = self.data.len();
        let saved = (self.chain_seq, self.chain_head, self.heads.len());
        self.seal_tx(&mut bytes, 0);
        let r = self.storage.append(&bytes).and_then(|_| {
            if sync {
                self.dirty = false;
                self.storage.sync()
            } else {
                self.dirty = true;
                Ok(())
            }
        });
        if let Err(e) = r {
            let _ = self.storage.truncate(start as u64);
            (self.chain_seq, self.chain_head) = (saved.0, saved.1);
            self.heads.truncate(saved.2);
            return Err(e.into());
        }
        if sync {
            self.durable = (self.chain_seq, self.chain_head);
        }
        self.data.extend_from_slice(&bytes);
        let mut pos = start;
        while let Some(f) = frame_at(&self.data, pos) {
            self.apply(f);
            pos = f.end;
        }
        // Deletion that deletes: the replaced or deleted versions' ciphertext is overwritten
        // before the write returns (the write itself is already durable).
        if sync {
            self.scrub()?;
        }
        Ok(())
    }

    fn log_frame(&self, event: AccessEvent, count: u32, at: DateTime<Utc>) -> Vec<u8> {
        self.log_frame_rem(event, count, at, self.cr())
    }

    /// [`State::log_frame`] with an explicit `tx_rem` (a log entry inside a longer
    /// transaction of a rewrite).
    fn log_frame_rem(
        &self,
        event: AccessEvent,
        count: u32,
        at: DateTime<Utc>,
        tx_rem: u32,
    ) -> Vec<u8> {
        let mut body = [0u8; LOG_BODY];
        body[0..8].copy_from_slice(&self.log_seq.to_le_bytes());
        body[8..16].copy_from_slice(&ms(at).to_le_bytes());
        body[16] = event.code();
        body[17..21].copy_from_slice(&count.to_le_bytes());
        let mac = self.log_mac(&self.log_head, &body[..21]);
        body[21..37].copy_from_slice(&mac);
        let mut out = Vec::with_capacity(FRAME_HDR + LOG_BODY);
        write_frame(&mut out, K_LOG, tx_rem, &body);
        out
    }

    fn log_mac(&self, prev: &[u8; 16], fields: &[u8]) -> [u8; 16] {
        let mut m = b"mamori.v1.log".to_vec();
        m.extend_from_slice(&self.hdr.vault_id);
        m.extend_from_slice(prev);
        m.extend_from_slice(fields);
        self.keys.log_mac(&m)
    }

    /// Non-secret random bytes from the block pool.
    fn random(&mut self, out: &mut [u8]) {
        if self.pool.len() < out.len() {
            let mut fresh = vec![0u8; POOL.max(out.len())];
            self.rng.fill_bytes(&mut fresh);
            self.pool.extend_from_slice(&fresh);
        }
        let at = self.pool.len() - out.len();
        out.copy_from_slice(&self.pool[at..]);
        self.pool.truncate(at);
    }

    /// The blind-index tag (`bits` wide) and the 16-bit check of a normalised number.
    fn tag_check(&self, e164: &str, bits: u8) -> (u16, u16) {
        let m = self.keys.index_mac(e164);
        (
            u16::from_be_bytes([m[0], m[1]]) >> (16 - bits),
            u16::from_be_bytes([m[2], m[3]]),
        )
    }

    /// Append `nonce ‖ AES-GCM(K_rec[key_id], nonce, aad, pt) ‖ tag` to `body` (fresh random
    /// nonce): the sealed tail of record and check frames.
    fn seal_into(&mut self, key_id: u32, aad: &[u8], pt: &[u8], body: &mut Vec<u8>) {
        let mut nonce = [0u8; 12];
        self.random(&mut nonce);
        body.extend_from_slice(&nonce);
        let ct_start = body.len();
        body.extend_from_slice(pt);
        let tag = crypto::seal(self.keys.record(key_id), &nonce, aad, &mut body[ct_start..]);
        body.extend_from_slice(&tag);
    }

    /// Normalise phones, fill timestamps and id, and seal one record frame body. Also
    /// returns the checks of its tags, in the stored tag order (for a check frame).
    fn seal_record(
        &mut self,
        mut c: Contact,
        now: DateTime<Utc>,
        bits: u8,
        key_id: u32,
        taken: &mut BTreeSet<u64>,
    ) -> Result<(u64, Vec<u8>, Vec<u16>)> {
        contact::validate(&c)?;
        let region = self.hdr.region_str();
        // (tag, check) per distinct number; two numbers may share a truncated tag, so a tag
        // can appear twice (with different checks).
        let mut tags: Vec<(u16, u16)> = Vec::new();
        for p in c.phones.iter_mut() {
            if let Some(e) = self.normalizer.normalize(p, region) {
                tags.push(self.tag_check(&e, bits));
                *p = e;
            } else {
                *p = p.trim().to_string();
            }
        }
        tags.sort_unstable();
        tags.dedup();
        let id = match c.id {
            Some(id) => id.0,
            None => loop {
                let mut b = [0u8; 8];
                self.random(&mut b);
                let v = u64::from_le_bytes(b);
                if v != 0 && !self.records.contains_key(&v) && !taken.contains(&v) {
                    break v;
                }
            },
        };
        taken.insert(id);
        c.id = None;
        let now_ms = DateTime::from_timestamp_millis(ms(now));
        if c.created_at.is_none() {
            c.created_at = now_ms;
        }
        if c.updated_at.is_none() {
            c.updated_at = now_ms;
        }
        let mut pt = Zeroizing::new(Vec::with_capacity(256));
        contact::encode(&c, &mut pt);
        if pt.len() + 13 + 2 * tags.len() + 28 > MAX_BODY {
            return Err(Error::invalid("contact", "larger than 16 MiB when encoded"));
        }
        let mut body = Vec::with_capacity(13 + 2 * tags.len() + 12 + pt.len() + 16);
        body.extend_from_slice(&id.to_le_bytes());
        body.extend_from_slice(&key_id.to_le_bytes());
        body.push(tags.len() as u8);
        for (t, _) in &tags {
            body.extend_from_slice(&t.to_le_bytes());
        }
        let aad = frame_aad(&self.hdr.vault_id, K_RECORD, &body);
        self.seal_into(key_id, &aad, &pt, &mut body);
        Ok((id, body, tags.into_iter().map(|(_, c)| c).collect()))
    }

    /// Seal `contacts` as the frames of one transaction: the record frames, then (for two or
    /// more records) one check frame covering them. Errors name the failing contact.
    fn seal_batch(
        &mut self,
        contacts: Vec<Contact>,
        now: DateTime<Utc>,
        bits: u8,
        key_id: u32,
        out: &mut Vec<u8>,
    ) -> Result<Vec<ContactId>> {
        let n = contacts.len();
        let with_checks = n >= 2;
        let mut ids = Vec::with_capacity(n);
        let mut taken = BTreeSet::new();
        let mut covered: Vec<(u64, [u8; 12])> = Vec::with_capacity(if with_checks { n } else { 0 });
        let mut checks: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::new());
        for (i, c) in contacts.into_iter().enumerate() {
            let (id, body, chk) =
                self.seal_record(c, now, bits, key_id, &mut taken)
                    .map_err(|e| match e {
                        Error::InvalidInput { path, message } => Error::InvalidInput {
                            path: format!("contacts[{i}].{path}"),
                            message,
                        },
                        e => e,
                    })?;
            let rem = (n - 1 - i) as u32 + u32::from(with_checks) + self.cr();
            write_frame(out, K_RECORD, rem, &body);
            if with_checks {
                let at = 13 + 2 * chk.len();
                let nonce: [u8; 12] = body[at..at + 12].try_into().expect("12");
                covered.push((id, nonce));
                for c in chk {
                    checks.extend_from_slice(&c.to_le_bytes());
                }
            }
            ids.push(ContactId(id));
        }
        if with_checks {
            let mut body = Vec::with_capacity(CHECKS_HEAD + checks.len() + 16);
            body.extend_from_slice(&key_id.to_le_bytes());
            body.extend_from_slice(&(n as u32).to_le_bytes());
            let aad = checks_aad(&self.hdr.vault_id, &body, &covered);
            self.seal_into(key_id, &aad, &checks, &mut body);
            write_frame(out, K_CHECKS, self.cr(), &body);
        }
        Ok(ids)
    }

    fn put_many(&mut self, contacts: Vec<Contact>) -> Result<Vec<ContactId>> {
        if contacts.is_empty() {
            return Ok(Vec::new());
        }
        if contacts.len() > u32::MAX as usize / 2 {
            return Err(Error::invalid("contacts", "too many in one batch"));
        }
        // One frame per record, plus the check frame of a batch.
        let frames = contacts.len() as u64 + u64::from(contacts.len() >= 2);
        if self.enc_count + frames >= self.rotate_after {
            self.compact(None)?;
        }
        let now = self.clock.now();
        // A fresh (empty) vault sizes its index for the batch up front: one rewrite, no
        // rebuild later.
        let phones: usize = contacts.iter().map(|c| c.phones.len()).sum();
        let fresh = self.hdr.chain
            && self.records.is_empty()
            && self.lost.is_empty()
            && bits_for(phones) > self.hdr.index_bits;
        let bits = if fresh {
            bits_for(phones)
        } else {
            self.hdr.index_bits
        };
        let key_id = self.hdr.key_id;
        let mut out = Vec::with_capacity(contacts.len() * 300);
        let ids = self.seal_batch(contacts, now, bits, key_id, &mut out)?;
        if fresh {
            // Rewrite: header with the new index width, the log, then the batch.
            let mut hdr = self.chained(self.hdr.clone());
            hdr.index_bits = bits;
            let mut image = self.image_prefix(&hdr);
            let old_hdr = std::mem::replace(&mut self.hdr, hdr.clone());
            let saved = (self.chain_seq, self.chain_head, self.heads.clone());
            let mut bodies = self.log_bodies();
            if let Some(last) = bodies.pop() {
                self.logs_tx(&mut image, &bodies, last);
            }
            let start = image.len();
            image.extend_from_slice(&out);
            self.seal_tx(&mut image, start);
            if let Err(e) = self.storage.replace(&image) {
                self.hdr = old_hdr;
                (self.chain_seq, self.chain_head, self.heads) = saved;
                return Err(e.into());
            }
            self.report = ChainReport::default();
            self.data = image.into();
            self.load(true);
        } else {
            self.commit(out)?;
            if self.hdr.index_bits < MAX_INDEX_BITS
                && self.index.len() > 1usize << (self.hdr.index_bits + 3)
            {
                // Buckets grew past ~8 numbers each: rebuild the index wider. The batch is
                // already durable, so a failed rebuild is not the caller's error; the next
                // write retries it.
                let _ = self.compact(None);
            }
        }
        Ok(ids)
    }

    fn delete(&mut self, id: u64) -> Result<()> {
        if !self.records.contains_key(&id) && !self.lost.contains_key(&id) {
            return Err(Error::not_found(format!("contact {}", ContactId(id))));
        }
        if self.enc_count + 1 >= self.rotate_after {
            self.compact(None)?;
        }
        let key_id = self.hdr.key_id;
        let mut body = Vec::with_capacity(40);
        body.extend_from_slice(&id.to_le_bytes());
        body.extend_from_slice(&key_id.to_le_bytes());
        let aad = frame_aad(&self.hdr.vault_id, K_DELETE, &body);
        let mut nonce = [0u8; 12];
        self.random(&mut nonce);
        let tag = crypto::seal(self.keys.record(key_id), &nonce, &aad, &mut []);
        body.extend_from_slice(&nonce);
        body.extend_from_slice(&tag);
        let mut out = Vec::new();
        write_frame(&mut out, K_DELETE, self.cr(), &body);
        self.commit(out)
    }

    // ---------------------------------------------------------------- reading

    fn corrupt_at(&self, id: u64, e: &Entry) -> Error {
        Error::corrupt(
            format!("record {} at offset {}", ContactId(id), e.off),
            "record does not authenticate",
        )
    }

    fn decrypt(&self, id: u64, e: &Entry) -> Result<Zeroizing<Vec<u8>>> {
        self.decrypt_at(id, e.off)
    }

    /// Open the record frame at `off`, which must belong to contact `id`.
    fn decrypt_at(&self, id: u64, off: usize) -> Result<Zeroizing<Vec<u8>>> {
        let mut pt = Zeroizing::new(Vec::new());
        let n = self.open_into(id, off, &mut [], &mut pt)?.len();
        pt.truncate(n);
        Ok(pt)
    }

    /// Authenticate and decrypt the record frame at `off` (which must belong to contact
    /// `id`), parsing it once: into `stack` when the plaintext fits (the caller zeroizes it),
    /// else into `heap` (resized). Returns the plaintext.
    fn open_into<'b>(
        &self,
        id: u64,
        off: usize,
        stack: &'b mut [u8],
        heap: &'b mut Zeroizing<Vec<u8>>,
    ) -> Result<&'b [u8]> {
        let bad = || {
            Error::corrupt(
                format!("record {} at offset {off}", ContactId(id)),
                "record does not authenticate",
            )
        };
        if let Some(at) = self.suspect.get(&id) {
            return Err(Error::corrupt(
                format!("record {}", ContactId(id)),
                format!("a later change to this contact is damaged (offset {at})"),
            ));
        }
        let f = frame_at(&self.data, off).ok_or_else(bad)?;
        let r = parse_record(&self.data[f.body_start..f.end]).ok_or_else(bad)?;
        let key = self.keys.record_ref(r.key_id).ok_or_else(bad)?;
        let n = r.ct.len();
        if r.id != id {
            return Err(bad());
        }
        let buf: &'b mut [u8] = if n <= stack.len() {
            stack
        } else {
            heap.clear();
            heap.resize(n, 0);
            heap.as_mut_slice()
        };
        // The AAD on the stack for up to 64 tags (all this version writes), else on the heap.
        let mut small = [0u8; 19 + 13 + 2 * 64];
        let aad_len = 19 + r.aad_fields.len();
        let heap;
        let aad: &[u8] = if aad_len <= small.len() {
            small[..16].copy_from_slice(&self.hdr.vault_id);
            small[16..18].copy_from_slice(&FRAME_LAYOUT.to_le_bytes());
            small[18] = K_RECORD;
            small[19..aad_len].copy_from_slice(r.aad_fields);
            &small[..aad_len]
        } else {
            heap = frame_aad(&self.hdr.vault_id, K_RECORD, r.aad_fields);
            &heap
        };
        buf[..n].copy_from_slice(r.ct);
        if !crypto::open(key, &r.nonce, aad, &mut buf[..n], &r.tag) {
            buf[..n].zeroize();
            return Err(bad());
        }
        Ok(&buf[..n])
    }

    fn all(&self) -> Vec<Result<Contact>> {
        let mut v: Vec<(&u64, &Entry)> = self.records.iter().collect();
        v.sort_unstable_by_key(|(_, e)| e.off);
        v.into_iter()
            .map(|(id, e)| {
                let pt = self.decrypt(*id, e)?;
                contact::decode(&pt, ContactId(*id)).ok_or_else(|| self.corrupt_at(*id, e))
            })
            .collect()
    }

    /// The newest record holding `number`, decoded with `decode`. (Candidates' plaintexts go
    /// through a stack buffer of [`STACK_PT`] bytes; records are ~250 bytes.)
    fn lookup<T>(
        &self,
        number: &str,
        decode: impl Fn(&[u8], ContactId) -> Option<T>,
    ) -> Result<Option<T>> {
        let Some(e164) = self.normalizer.normalize(number, self.hdr.region_str()) else {
            return Ok(None);
        };
        let e164 = Zeroizing::new(e164);
        let (t, want) = self.tag_check(&e164, self.hdr.index_bits);
        // (offset, answer) of the newest matching record so far.
        let mut best: Option<(usize, T)> = None;
        let mut corrupt = None;
        // Candidates are opened into a stack buffer (zeroized below; a larger record goes to
        // `heap`, zeroized on drop) and the match is decoded from there.
        let mut stack = [0u8; STACK_PT];
        let mut heap = Zeroizing::new(Vec::new());
        let mut used = 0usize;
        // Touch every candidate's frame first: the independent cache misses overlap instead
        // of being paid one after another. (Candidates are iterated twice rather than
        // collected: no allocation per lookup.)
        let mut touch = 0u8;
        for (_, off) in self.index.candidates(t, want) {
            touch ^= self.data.get(off).copied().unwrap_or(0);
        }
        std::hint::black_box(touch);
        let bad =
            |off: usize| Error::corrupt(format!("record at offset {off}"), "undecodable plaintext");
        for (id, off) in self.index.candidates(t, want) {
            if best.as_ref().is_some_and(|b| b.0 > off) {
                continue;
            }
            let opened = self
                .open_into(id, off, &mut stack, &mut heap)
                .and_then(|pt| {
                    // (A plaintext that did not fit went to `heap`; wiping that much of the
                    // stack buffer as well is harmless.)
                    used = used.max(pt.len().min(STACK_PT));
                    match contact::has_phone(pt, &e164) {
                        Some(true) => decode(pt, ContactId(id)).map(Some).ok_or_else(|| bad(off)),
                        _ => Ok(None),
                    }
                });
            match opened {
                Ok(Some(v)) => best = Some((off, v)),
                Ok(None) => {}
                Err(err) => corrupt = Some(err),
            }
        }
        // Wipe the plaintext that passed through the stack buffer.
        stack[..used].zeroize();
        match (best, corrupt) {
            (Some((_, v)), _) => Ok(Some(v)),
            (None, Some(err)) => Err(err),
            (None, None) => Ok(None),
        }
    }

    fn read_log(&self) -> (Vec<AccessLogEntry>, Result<()>) {
        let mut prev = [0u8; 16];
        let mut out = Vec::new();
        let mut res = Ok(());
        for (i, off) in self.logs.iter().enumerate() {
            let b = &self.data[off + FRAME_HDR..off + FRAME_HDR + LOG_BODY];
            let seq = u64::from_le_bytes(b[0..8].try_into().expect("8"));
            let at = i64::from_le_bytes(b[8..16].try_into().expect("8"));
            let event = AccessEvent::from_code(b[16]);
            let count = u32::from_le_bytes(b[17..21].try_into().expect("4"));
            let mac: [u8; 16] = b[21..37].try_into().expect("16");
            let want = self.log_mac(&prev, &b[..21]);
            if res.is_ok() && (seq != i as u64 || !bool::from(want.ct_eq(&mac)) || event.is_none())
            {
                res = Err(Error::corrupt(
                    format!("access log entry {i} at offset {off}"),
                    "chain MAC does not verify",
                ));
            }
            prev = mac;
            if let Some(event) = event {
                out.push(AccessLogEntry {
                    seq,
                    at: DateTime::from_timestamp_millis(at).unwrap_or_default(),
                    event,
                    count,
                    mac: hex(&mac),
                });
            }
        }
        if res.is_ok() && !self.damaged.is_empty() {
            // A damaged region may have held log entries; the chain cannot vouch for them.
            // (The MAC chain itself still links the entries that remain.)
        }
        (out, res)
    }

    /// The damage report (see [`Vault::damage`]).
    fn damage(&self) -> DamageReport {
        let mut unreadable = Vec::new();
        let mut ids: Vec<(&u64, &Entry)> = self.records.iter().collect();
        ids.sort_unstable_by_key(|(_, e)| e.off);
        for (id, e) in ids {
            let r = self
                .decrypt(*id, e)
                .and_then(|pt| {
                    contact::decode(&pt, ContactId(*id)).ok_or_else(|| self.corrupt_at(*id, e))
                })
                .err();
            if let Some(err) = r {
                let off = self.suspect.get(id).copied().unwrap_or(e.off);
                unreadable.push(UnreadableRecord {
                    id: ContactId(*id).to_hex(),
                    offset: off as u64,
                    reason: err.to_string(),
                });
            }
        }
        let mut lost: Vec<(&u64, &usize)> = self.lost.iter().collect();
        lost.sort_unstable_by_key(|(_, o)| **o);
        for (id, off) in lost {
            unreadable.push(UnreadableRecord {
                id: ContactId(*id).to_hex(),
                offset: *off as u64,
                reason: "named only by a damaged or unauthenticated frame".into(),
            });
        }
        let r = &self.report;
        let mut findings = self.damaged.clone();
        findings.extend(r.lines());
        for u in &unreadable {
            findings.push(format!(
                "record {} at offset {}: {}",
                u.id, u.offset, u.reason
            ));
        }
        findings.dedup();
        DamageReport {
            schema: DAMAGE_SCHEMA.to_string(),
            intact: findings.is_empty() && r.truncated.is_none(),
            chained: self.hdr.chain,
            chain_seq: self.chain_seq,
            unreadable_records: unreadable,
            lost_transactions: r
                .lost
                .iter()
                .map(|(a, b)| LostTransactions {
                    from_seq: *a,
                    to_seq: *b,
                })
                .collect(),
            suspect_transactions: r
                .suspect
                .iter()
                .map(|(a, b, why)| DamagedRange {
                    offset: *a as u64,
                    end: *b as u64,
                    reason: why.clone(),
                })
                .collect(),
            chain_breaks: r
                .breaks
                .iter()
                .map(|(a, why)| DamagedRange {
                    offset: *a as u64,
                    end: *a as u64,
                    reason: why.clone(),
                })
                .collect(),
            truncated: r.truncated.map(|(at, n)| DamagedRange {
                offset: at as u64,
                end: (at + n) as u64,
                reason: "torn tail of an interrupted, never acknowledged write".into(),
            }),
            findings,
        }
    }

    fn manifest(&self) -> Manifest {
        let all = self.all();
        // Records that do not decrypt, and new contacts whose only frame is damaged: persons
        // of unknown identity and country.
        let unreadable = all.iter().filter(|r| r.is_err()).count() + self.lost.len();
        let contacts: Vec<Contact> = all.into_iter().filter_map(|r| r.ok()).collect();
        let persons = count_persons(&contacts, unreadable as u64);
        let mut by_tag: BTreeMap<String, u64> = BTreeMap::new();
        for c in &contacts {
            let tags: BTreeSet<&String> = c.tags.iter().collect();
            for t in tags {
                *by_tag.entry(t.clone()).or_default() += 1;
            }
        }
        let raw = self.slot.kdf == KDF_RAW;
        let mut key_slots = Vec::new();
        let mut warnings = Vec::new();
        let mut slots = self.slots();
        slots.sort_by_key(|(_, s)| (s.role, std::cmp::Reverse(s.generation)));
        // Only the current user slot (a stale second user slot is zeroed at open).
        slots.dedup_by_key(|(_, s)| s.role);
        for (_, s) in &slots {
            let offline = keysource::offline_log2(s.kdf, s.class, s.guess_log2, s.source);
            let sep = keysource::separated(s.kdf, s.source, offline, &s.params);
            let pin_len = (s.class == CLASS_PIN)
                .then(|| (f64::from(s.guess_log2) / 10f64.log2()).round() as usize);
            let summary = keysource::summary(s.kdf, s.class, s.guess_log2, s.source, pin_len);
            if sep != Some(true) {
                warnings.push(format!(
                    "{} slot not key-separated: {summary} (bar: 2^{} runs)",
                    if s.role == ROLE_RECOVERY {
                        "recovery"
                    } else {
                        "user"
                    },
                    keysource::SEPARATION_BAR_LOG2
                ));
            }
            key_slots.push(KeySlotInfo {
                role: if s.role == ROLE_RECOVERY {
                    "recovery"
                } else {
                    "user"
                }
                .to_string(),
                key_source: KeySource::from_kdf(s.kdf),
                factor_source: matches!(s.kdf, KDF_PLATFORM | KDF_SERVER)
                    .then(|| FactorSource::from_code(s.source))
                    .flatten(),
                offline_guess_log2: offline,
                key_separated: sep,
                kdf_params: s.uses_argon2().then_some(s.params),
                summary,
            });
        }
        let key_separated =
            !key_slots.is_empty() && key_slots.iter().all(|s| s.key_separated == Some(true));
        let offline_guess_log2 = key_slots
            .iter()
            .map(|s| s.offline_guess_log2)
            .try_fold(u32::MAX, |m, o| o.map(|o| m.min(o)))
            .filter(|m| *m != u32::MAX);
        let key_summary = key_slots
            .iter()
            .map(|s| {
                if s.role == "recovery" {
                    format!("recovery slot: {}", s.summary)
                } else {
                    s.summary.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        Manifest {
            schema: MANIFEST_SCHEMA.to_string(),
            vault_id: hex(&self.hdr.vault_id),
            format_version: self.hdr.version,
            contacts: self.records.len() as u64,
            persons: persons.persons(),
            persons_min: persons.min,
            persons_max: persons.max,
            persons_by_jurisdiction: persons.by_jurisdiction,
            by_tag,
            sensitive: contacts.iter().any(|c| c.sensitive),
            algorithm: "AES-256-GCM".to_string(),
            kdf: if raw { "raw-key" } else { "argon2id" }.to_string(),
            kdf_params: (!raw).then_some(self.slot.params),
            key_source: KeySource::from_kdf(self.slot.kdf),
            key_slots,
            key_separated,
            offline_guess_log2,
            remote_wipe: slots.iter().any(|(_, s)| s.kdf == KDF_SERVER),
            remote_wipe_declared: self.hdr.remote_wipe,
            key_summary,
            warnings,
        }
    }

    // ---------------------------------------------------------------- keys, compaction, wipe

    /// Re-wrap the master key under `new`; with `old`, first verify it against the current
    /// slot (its Argon2id run and the new one's run on two threads).
    fn change_passcode(&mut self, old: Option<&[u8]>, new: &[u8]) -> Result<()> {
        if self.slot.kdf != KDF_ARGON2ID {
            return Err(Error::invalid(
                "passcode",
                format!(
                    "this vault's user slot is {}; use rekey to change its key",
                    KeySource::from_kdf(self.slot.kdf).as_str()
                ),
            ));
        }
        let strength = keysource::estimate(new);
        keysource::check_policy(KDF_ARGON2ID, strength, new.len(), self.min_log2)?;
        let mut slot = Slot {
            generation: self.slot.generation + 1,
            kdf: KDF_ARGON2ID,
            role: ROLE_USER,
            guess_log2: strength.log2,
            class: strength.class,
            source: 0,
            params: self.slot.params,
            salt: [0; 16],
            factor_id: [0; 16],
            nonce: [0; 12],
            wrapped: [0; 48],
        };
        self.rng.fill_bytes(&mut slot.salt);
        self.rng.fill_bytes(&mut slot.nonce);
        let (salt, params) = (slot.salt, slot.params);
        let kek = match old {
            None => crypto::kek_from_passcode(new, &salt, &params)?,
            Some(old) => {
                // Verify the old passcode and derive the new KEK at the same time (two
                // Argon2id runs, on two cores when there are two; sequentially if no thread
                // can be started).
                let (old_kek, new_kek) = std::thread::scope(|sc| {
                    let worker = std::thread::Builder::new()
                        .spawn_scoped(sc, move || crypto::kek_from_passcode(new, &salt, &params));
                    let old_kek =
                        crypto::kek_from_passcode(old, &self.slot.salt, &self.slot.params);
                    let new_kek = match worker {
                        Ok(h) => h
                            .join()
                            .unwrap_or_else(|_| Err(Error::Internal("argon2id worker".into()))),
                        Err(_) => crypto::kek_from_passcode(new, &salt, &params),
                    };
                    (old_kek, new_kek)
                });
                let (old_kek, kek) = (old_kek?, new_kek?);
                let ok = crypto::unwrap(
                    &old_kek,
                    &self.slot.nonce,
                    &self.slot.wrap_aad(&self.hdr),
                    &self.slot.wrapped,
                )
                .is_some_and(|k| bool::from(k.ct_eq(self.keys.vmk())));
                if !ok {
                    return Err(Error::WrongPasscode);
                }
                kek
            }
        };
        slot.wrapped = crypto::wrap(
            &kek,
            &slot.nonce,
            &slot.wrap_aad(&self.hdr),
            self.keys.vmk(),
        );
        let other = if self.slot_pos == SLOT_A {
            SLOT_B
        } else {
            SLOT_A
        };
        let bytes = slot.to_bytes(self.hdr.version);
        // 1. new slot, synced: both passcodes work.
        self.storage.write_at(other as u64, &bytes)?;
        self.storage.sync()?;
        self.data[other..other + SLOT_LEN].copy_from_slice(&bytes);
        // 2. erase the old slot and log the change, one sync: only the new one works.
        if self.slot_pos != SLOT_R {
            self.storage
                .write_at(self.slot_pos as u64, &[0u8; SLOT_LEN])?;
            self.data[self.slot_pos..self.slot_pos + SLOT_LEN].fill(0);
        }
        self.slot_pos = other;
        self.slot = slot;
        let now = self.clock.now();
        let f = self.log_frame(AccessEvent::PasscodeChanged, 1, now);
        self.commit(f)
    }

    /// Write a `host_key` recovery slot (role recovery) for `key` beside the user slot.
    fn add_recovery(&mut self, key: &[u8; 32]) -> Result<()> {
        if self.hdr.version == FORMAT_V1 {
            return Err(Error::invalid(
                "vault",
                "a format v1 file has no recovery slot (it is upgraded on the next rewrite)",
            ));
        }
        let generation = match Slot::parse(&self.data[SLOT_R..SLOT_R + SLOT_LEN], self.hdr.version)
        {
            SlotState::Valid(s) => s.generation + 1,
            _ => 1,
        };
        let slot = KeySpec::HostKey(key).make_slot(
            generation,
            ROLE_RECOVERY,
            KdfParams::default(),
            &self.hdr,
            &mut self.rng,
            self.keys.vmk(),
        )?;
        let bytes = slot.to_bytes(self.hdr.version);
        self.storage.write_at(SLOT_R as u64, &bytes)?;
        self.storage.sync()?;
        self.data[SLOT_R..SLOT_R + SLOT_LEN].copy_from_slice(&bytes);
        Ok(())
    }

    /// The valid key slots in the file (position, slot).
    fn slots(&self) -> Vec<(usize, Slot)> {
        slot_positions(&self.hdr)
            .into_iter()
            .filter_map(
                |p| match Slot::parse(self.data.get(p..p + SLOT_LEN)?, self.hdr.version) {
                    SlotState::Valid(s) => Some((p, s)),
                    _ => None,
                },
            )
            .collect()
    }

    /// The header (with the current slot and counter) for a rewritten file.
    fn image_prefix(&self, hdr: &Header) -> Vec<u8> {
        let mut slots = vec![(self.slot_pos, self.slot.to_bytes(hdr.version))];
        if hdr.version != FORMAT_V1
            && self.data_version() != FORMAT_V1
            && self.slot_pos != SLOT_R
            && let Some(r) = self.data.get(SLOT_R..SLOT_R + SLOT_LEN)
            && r.iter().any(|b| *b != 0)
        {
            slots.push((SLOT_R, r.try_into().expect("slot length")));
        }
        let mut image = build_header(hdr, &self.keys, &slots);
        image[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN]
            .copy_from_slice(&self.data[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN]);
        image
    }

    /// The rewrite header for `hdr`: chained, its base the current chain position.
    fn chained(&self, mut hdr: Header) -> Header {
        hdr.version = FORMAT_VERSION;
        hdr.chain = true;
        hdr.base_seq = self.chain_seq;
        hdr.base_head = self.chain_head;
        hdr
    }

    /// Append to `image` one transaction of the access-log entries `bodies` (re-framed,
    /// same bodies) followed by `last` (a log-entry body), and its commit frame.
    fn logs_tx(&mut self, image: &mut Vec<u8>, bodies: &[[u8; LOG_BODY]], last: [u8; LOG_BODY]) {
        let start = image.len();
        let n = bodies.len() as u32 + 1;
        for (i, b) in bodies.iter().chain(std::iter::once(&last)).enumerate() {
            write_frame(image, K_LOG, n - 1 - i as u32 + self.cr(), b);
        }
        self.seal_tx(image, start);
    }

    /// The bodies of the access-log frames of the file, in order.
    fn log_bodies(&self) -> Vec<[u8; LOG_BODY]> {
        self.logs
            .iter()
            .map(|off| {
                self.data[off + FRAME_HDR..off + FRAME_HDR + LOG_BODY]
                    .try_into()
                    .expect("log body")
            })
            .collect()
    }

    /// The format version of the bytes in `self.data` (the header may already say 2 while a
    /// v1 file is being upgraded).
    fn data_version(&self) -> u16 {
        self.data
            .get(8..10)
            .map_or(FORMAT_VERSION, |b| u16::from_le_bytes([b[0], b[1]]))
    }

    /// Master-key rotation: a new VMK, every live record re-sealed under it, the access log
    /// re-authenticated under the new log key (after verifying it under the old one), a single
    /// new user slot for `spec`, no other slot; written like a compaction (temp file, sync,
    /// rename, directory sync), so a crash leaves the old or the new file.
    fn rekey(&mut self, spec: KeySpec<'_>) -> Result<()> {
        spec.check(self.min_log2)?;
        if let KeySpec::PasscodeFactor {
            source, challenge, ..
        } = &spec
            && *source != FactorSource::Server
            && challenge[..16] != self.hdr.vault_id
        {
            // The slot keeps this vault's id, so `unlock_challenge` would later return a
            // challenge the factor was not computed over and every unlock would fail.
            return Err(Error::invalid(
                "challenge",
                "bytes 0..16 must be this vault's id (use Vault::rekey_challenge / \
                 mamori_vault_rekey_challenge, not new_challenge)",
            ));
        }
        if let Some((id, off)) = self.lost.iter().next() {
            return Err(Error::corrupt(
                format!("record {} at offset {off}", ContactId(*id)),
                "the frame is damaged; delete the contact before rekeying",
            ));
        }
        self.read_log().1?;
        let mut live: Vec<(u64, Entry)> =
            self.records.iter().map(|(k, e)| (*k, e.clone())).collect();
        live.sort_unstable_by_key(|(_, e)| e.off);
        let mut contacts = Vec::with_capacity(live.len());
        let mut phones = 0;
        for (id, e) in &live {
            let pt = self.decrypt(*id, e)?;
            let c = contact::decode(&pt, ContactId(*id)).ok_or_else(|| self.corrupt_at(*id, e))?;
            phones += c.phones.len();
            contacts.push(c);
        }
        let log_bodies: Vec<[u8; 21]> = self
            .log_bodies()
            .iter()
            .map(|b| b[..21].try_into().expect("21"))
            .collect();
        let mut vmk = Zeroizing::new([0u8; 32]);
        self.rng.fill_bytes(vmk.as_mut());
        let new_keys = Keys::new(vmk);
        let mut hdr = self.chained(self.hdr.clone());
        hdr.key_id = 0;
        hdr.index_bits = bits_for(phones).max(MIN_INDEX_BITS);
        hdr.normalizer = normalizer_label(self.normalizer.as_ref());
        hdr.kcv = new_keys.key_check(&hdr.vault_id);
        let params = if self.slot.uses_argon2() {
            self.slot.params
        } else {
            KdfParams::default()
        };
        let generation = self
            .slots()
            .iter()
            .map(|(_, s)| s.generation)
            .max()
            .unwrap_or(0)
            + 1;
        let slot = spec.make_slot(
            generation,
            ROLE_USER,
            params,
            &hdr,
            &mut self.rng,
            new_keys.vmk(),
        )?;
        let saved = (
            std::mem::replace(&mut self.keys, new_keys),
            std::mem::replace(&mut self.hdr, hdr.clone()),
            self.log_head,
            self.log_seq,
            (self.chain_seq, self.chain_head, self.heads.clone()),
        );
        type Saved = (
            Keys,
            Header,
            [u8; 16],
            u64,
            (u64, [u8; 16], Vec<(u64, [u8; 16])>),
        );
        let restore = |st: &mut State, saved: Saved| {
            st.keys = saved.0;
            st.hdr = saved.1;
            st.log_head = saved.2;
            st.log_seq = saved.3;
            (st.chain_seq, st.chain_head, st.heads) = saved.4;
        };
        let mut image = build_header(&hdr, &self.keys, &[(SLOT_A, slot.to_bytes(hdr.version))]);
        image[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN]
            .copy_from_slice(&self.data[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN]);
        let now = self.clock.now();
        let n = contacts.len();
        let start = image.len();
        if let Err(e) = self.seal_batch(contacts, now, hdr.index_bits, 0, &mut image) {
            restore(self, saved);
            return Err(e);
        }
        if n > 0 {
            self.seal_tx(&mut image, start);
        }
        // The log, re-chained under the new log key (same entries, new MACs).
        let mut head = [0u8; 16];
        let mut bodies = Vec::with_capacity(log_bodies.len());
        for fields in &log_bodies {
            let mac = self.log_mac(&head, fields);
            let mut body = [0u8; LOG_BODY];
            body[..21].copy_from_slice(fields);
            body[21..].copy_from_slice(&mac);
            bodies.push(body);
            head = mac;
        }
        self.log_head = head;
        self.log_seq = log_bodies.len() as u64;
        let f = self.log_frame(AccessEvent::Rekeyed, n as u32, now);
        let last: [u8; LOG_BODY] = f[FRAME_HDR..].try_into().expect("log body");
        self.logs_tx(&mut image, &bodies, last);
        if let Err(e) = self.storage.replace(&image) {
            restore(self, saved);
            return Err(e.into());
        }
        self.keys.clear_records();
        self.data = image.into();
        self.slot_pos = SLOT_A;
        self.slot = slot;
        self.opened_by_recovery = false;
        self.enc_count = 0;
        self.report = ChainReport::default();
        self.load(true);
        Ok(())
    }

    /// Rewrite the file: live records re-sealed under key id + 1 with a re-sized,
    /// re-normalised index; log frames copied verbatim; then a `compacted` log entry.
    fn compact(&mut self, bits: Option<u8>) -> Result<()> {
        if let Some((id, off)) = self.lost.iter().next() {
            return Err(Error::corrupt(
                format!("record {} at offset {off}", ContactId(*id)),
                "the frame is damaged; delete the contact before compacting",
            ));
        }
        let mut live: Vec<(u64, Entry)> =
            self.records.iter().map(|(k, e)| (*k, e.clone())).collect();
        live.sort_unstable_by_key(|(_, e)| e.off);
        let mut contacts = Vec::with_capacity(live.len());
        let mut phones = 0;
        for (id, e) in &live {
            let pt = self.decrypt(*id, e)?;
            let c = contact::decode(&pt, ContactId(*id)).ok_or_else(|| self.corrupt_at(*id, e))?;
            phones += c.phones.len();
            contacts.push(c);
        }
        let mut hdr = self.chained(self.hdr.clone());
        hdr.key_id = hdr
            .key_id
            .checked_add(1)
            .ok_or_else(|| Error::Internal("record key ids exhausted".into()))?;
        hdr.index_bits = bits.unwrap_or_else(|| bits_for(phones).max(MIN_INDEX_BITS));
        hdr.normalizer = normalizer_label(self.normalizer.as_ref());
        let mut image = self.image_prefix(&hdr);
        let old_hdr = std::mem::replace(&mut self.hdr, hdr.clone());
        let saved = (self.chain_seq, self.chain_head, self.heads.clone());
        let now = self.clock.now();
        let n = contacts.len();
        let start = image.len();
        if let Err(e) = self.seal_batch(contacts, now, hdr.index_bits, hdr.key_id, &mut image) {
            self.hdr = old_hdr;
            return Err(e);
        }
        if n > 0 {
            self.seal_tx(&mut image, start);
        }
        // The compacted-entry MAC chains onto the current log head.
        let f = self.log_frame(AccessEvent::Compacted, n as u32, now);
        let last: [u8; LOG_BODY] = f[FRAME_HDR..].try_into().expect("log body");
        let bodies = self.log_bodies();
        self.logs_tx(&mut image, &bodies, last);
        if let Err(e) = self.storage.replace(&image) {
            self.hdr = old_hdr;
            (self.chain_seq, self.chain_head, self.heads) = saved;
            return Err(e.into());
        }
        self.report = ChainReport::default();
        self.data = image.into();
        self.load(true);
        Ok(())
    }

    fn wipe(&mut self) -> Result<()> {
        let now = self.clock.now();
        let f = self.log_frame(AccessEvent::Wiped, 1, now);
        // Best effort: the entry is gone with the file anyway.
        let _ = self.storage.append(&f);
        let r = erase(self.storage.as_mut(), self.data.len());
        self.data.clear();
        self.records.clear();
        self.index = Index::default();
        self.keys = Keys::new(Zeroizing::new([0u8; 32]));
        r
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
    fn name_folding() {
        assert_eq!(fold_name("ヤマダ"), "やまだ");
        assert_eq!(fold_name("ＡＢＣ"), "abc");
    }
}
