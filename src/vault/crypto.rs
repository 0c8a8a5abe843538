//! Key derivation, key wrapping, record sealing and the blind index (RustCrypto only).

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use super::manifest::KdfParams;
use crate::{Error, Result};

type HmacSha256 = Hmac<Sha256>;

/// Lower bound of Argon2id memory (KiB): 8 MiB.
pub const KDF_MIN_M_KIB: u32 = 8 * 1024;
/// Upper bound of Argon2id memory (KiB): 1 GiB.
pub const KDF_MAX_M_KIB: u32 = 1024 * 1024;
/// Bounds of Argon2id iterations.
pub const KDF_T_RANGE: (u32, u32) = (1, 10);
/// Bounds of Argon2id lanes.
pub const KDF_P_RANGE: (u32, u32) = (1, 8);

impl Default for KdfParams {
    fn default() -> Self {
        KdfParams {
            m_kib: 19456,
            t: 2,
            p: 1,
        }
    }
}

impl KdfParams {
    /// The smallest parameters the vault accepts (m = 8 MiB, t = 1, p = 1): for tests only.
    pub const MIN: KdfParams = KdfParams {
        m_kib: KDF_MIN_M_KIB,
        t: 1,
        p: 1,
    };

    /// `Err(ParamsOutOfBounds)` unless m ∈ [8 MiB, 1 GiB], t ∈ [1, 10], p ∈ [1, 8].
    pub fn check(&self) -> Result<()> {
        if !(KDF_MIN_M_KIB..=KDF_MAX_M_KIB).contains(&self.m_kib) {
            return Err(Error::ParamsOutOfBounds(format!(
                "argon2id m_kib = {} outside [{KDF_MIN_M_KIB}, {KDF_MAX_M_KIB}]",
                self.m_kib
            )));
        }
        if !(KDF_T_RANGE.0..=KDF_T_RANGE.1).contains(&self.t) {
            return Err(Error::ParamsOutOfBounds(format!(
                "argon2id t = {} outside [1, 10]",
                self.t
            )));
        }
        if !(KDF_P_RANGE.0..=KDF_P_RANGE.1).contains(&self.p) {
            return Err(Error::ParamsOutOfBounds(format!(
                "argon2id p = {} outside [1, 8]",
                self.p
            )));
        }
        Ok(())
    }
}

/// Overwrite the dead stack below the caller with zeros (128 KiB): the key material that
/// moves of `Zeroizing` values, HKDF/HMAC and AES leave in stack frames that have returned is
/// not reachable by any destructor, so the vault scrubs it on the paths that handle keys
/// (after create, after the unlock on the KDF worker thread, after open, on close). Best
/// effort by construction, but checked by `tests/vault_memory.rs`.
#[inline(never)]
pub(crate) fn scrub_stack() {
    let mut buf = [0u8; 128 * 1024];
    buf.zeroize();
    std::hint::black_box(&mut buf);
}

/// A 32-byte secret that is zeroized on drop.
pub(crate) type Key32 = Zeroizing<[u8; 32]>;

/// Passcode → KEK with Argon2id (v0x13, 32-byte output).
pub(crate) fn kek_from_passcode(passcode: &[u8], salt: &[u8; 16], p: &KdfParams) -> Result<Key32> {
    p.check()?;
    let params = argon2::Params::new(p.m_kib, p.t, p.p, Some(32))
        .map_err(|e| Error::ParamsOutOfBounds(format!("argon2id: {e}")))?;
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    a.hash_password_into(passcode, salt, out.as_mut())
        .map_err(|e| Error::Internal(format!("argon2id: {e}")))?;
    Ok(out)
}

/// Raw 32-byte key → KEK with HKDF-SHA256 (salt = slot salt).
pub(crate) fn kek_from_raw(key: &[u8; 32], salt: &[u8; 16]) -> Key32 {
    let hk = Hkdf::<Sha256>::new(Some(salt), key);
    let mut out = Zeroizing::new([0u8; 32]);
    hk.expand(b"mamori.v1.kek.raw", out.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 length");
    out
}

/// Passcode plus a 32-byte second factor (platform factor or server share) → KEK:
/// `HKDF(salt, Argon2id(passcode) ‖ factor, info)`.
pub(crate) fn kek_from_factor(
    passcode: &[u8],
    factor: &[u8; 32],
    salt: &[u8; 16],
    p: &KdfParams,
    info: &[u8],
) -> Result<Key32> {
    let a = kek_from_passcode(passcode, salt, p)?;
    let mut ikm = Zeroizing::new([0u8; 64]);
    ikm[..32].copy_from_slice(a.as_ref());
    ikm[32..].copy_from_slice(factor);
    let hk = Hkdf::<Sha256>::new(Some(salt), ikm.as_ref());
    let mut out = Zeroizing::new([0u8; 32]);
    hk.expand(info, out.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 length");
    Ok(out)
}

fn gcm(key: &[u8; 32]) -> Aes256Gcm {
    Aes256Gcm::new(key.into())
}

/// Seal `buf` in place; returns the 16-byte tag.
pub(crate) fn seal(key: &Aes256Gcm, nonce: &[u8; 12], aad: &[u8], buf: &mut [u8]) -> [u8; 16] {
    let tag = key
        .encrypt_in_place_detached(Nonce::from_slice(nonce), aad, buf)
        .expect("AES-GCM encryption of a buffer below 64 GiB cannot fail");
    tag.into()
}

/// Open `buf` in place; false if the tag does not verify (buf is then garbage: zeroize it).
pub(crate) fn open(
    key: &Aes256Gcm,
    nonce: &[u8; 12],
    aad: &[u8],
    buf: &mut [u8],
    tag: &[u8; 16],
) -> bool {
    key.decrypt_in_place_detached(Nonce::from_slice(nonce), aad, buf, Tag::from_slice(tag))
        .is_ok()
}

/// Wrap the 32-byte master key under a KEK.
pub(crate) fn wrap(kek: &[u8; 32], nonce: &[u8; 12], aad: &[u8], vmk: &[u8; 32]) -> [u8; 48] {
    let mut out = [0u8; 48];
    out[..32].copy_from_slice(vmk);
    let tag = seal(&gcm(kek), nonce, aad, &mut out[..32]);
    out[32..].copy_from_slice(&tag);
    out
}

/// Unwrap; `None` if the KEK is wrong (or the slot was tampered with).
pub(crate) fn unwrap(
    kek: &[u8; 32],
    nonce: &[u8; 12],
    aad: &[u8],
    wrapped: &[u8; 48],
) -> Option<Key32> {
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&wrapped[..32]);
    let mut tag = [0u8; 16];
    tag.copy_from_slice(&wrapped[32..]);
    if open(&gcm(kek), nonce, aad, out.as_mut(), &tag) {
        Some(out)
    } else {
        out.zeroize();
        None
    }
}

/// The subkeys of an open vault, all derived from the master key with HKDF-SHA256.
pub(crate) struct Keys {
    vmk: Key32,
    /// HMAC-SHA256 keyed with K_index (the key itself is zeroized once this is built), cloned
    /// per lookup (saves re-hashing the padded key: two of the four SHA-256 blocks of a
    /// blind-index tag). **Not zeroized:** the `hmac` 0.12 / `sha2` 0.10 crates offer no
    /// zeroization of their state, so the two SHA-256 midstates (inner and outer padded
    /// key, as good as K_index for computing tags, but not the key bytes themselves) stay in
    /// freed memory after close; so do those of the short-lived per-call HMAC states.
    index_mac: HmacSha256,
    header: Key32,
    check: Key32,
    log: Key32,
    /// K_chain (HKDF info `mamori.v2.chain`): the transaction-chain MACs.
    chain: Key32,
    /// K_slots (HKDF info `mamori.v2.slots`): the key-slot MACs.
    slots: Key32,
    /// The record cipher of each key id seen (a handful: compaction moves to a new id).
    records: Vec<(u32, Aes256Gcm)>,
}

fn expand(vmk: &[u8; 32], info: &[u8]) -> Key32 {
    let hk = Hkdf::<Sha256>::from_prk(vmk).expect("32-byte PRK is valid");
    let mut out = Zeroizing::new([0u8; 32]);
    hk.expand(info, out.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 length");
    out
}

impl Keys {
    pub(crate) fn new(vmk: Key32) -> Self {
        let index = expand(&vmk, b"mamori.v1.index");
        let index_mac = <HmacSha256 as Mac>::new_from_slice(index.as_ref()).expect("any len");
        Keys {
            index_mac,
            header: expand(&vmk, b"mamori.v1.header"),
            check: expand(&vmk, b"mamori.v1.keycheck"),
            log: expand(&vmk, b"mamori.v1.log"),
            chain: expand(&vmk, b"mamori.v2.chain"),
            slots: expand(&vmk, b"mamori.v2.slots"),
            // Room for a handful of key ids: a reallocation would move AES key schedules
            // into new memory and free the old copy unwiped.
            records: Vec::with_capacity(8),
            vmk,
        }
    }

    pub(crate) fn vmk(&self) -> &[u8; 32] {
        &self.vmk
    }

    /// The record cipher for key id `id` (HKDF info `mamori.v1.record` ‖ id as u32 BE).
    pub(crate) fn record(&mut self, id: u32) -> &Aes256Gcm {
        let i = match self.records.iter().position(|(k, _)| *k == id) {
            Some(i) => i,
            None => {
                let mut info = b"mamori.v1.record".to_vec();
                info.extend_from_slice(&id.to_be_bytes());
                let k = expand(&self.vmk, &info);
                self.records.push((id, gcm(&k)));
                self.records.len() - 1
            }
        };
        &self.records[i].1
    }

    /// Forget the derived record ciphers (a reload derives the ones its frames use).
    pub(crate) fn clear_records(&mut self) {
        self.records.clear();
    }

    /// Already-derived record cipher (for read paths that hold only `&self`).
    pub(crate) fn record_ref(&self, id: u32) -> Option<&Aes256Gcm> {
        self.records.iter().find(|(k, _)| *k == id).map(|(_, c)| c)
    }

    /// Full 32-byte blind-index HMAC of an E.164 string (`"v1" ‖ e164`).
    pub(crate) fn index_mac(&self, e164: &str) -> [u8; 32] {
        let mut m = self.index_mac.clone();
        m.update(b"v1");
        m.update(e164.as_bytes());
        m.finalize().into_bytes().into()
    }

    /// The key-check value stored in the header.
    pub(crate) fn key_check(&self, vault_id: &[u8; 16]) -> [u8; 16] {
        let mut m = <HmacSha256 as Mac>::new_from_slice(self.check.as_ref()).expect("any len");
        m.update(b"mamori.v1.kcv");
        m.update(vault_id);
        let full: [u8; 32] = m.finalize().into_bytes().into();
        full[..16].try_into().expect("16")
    }

    /// HMAC-SHA256 with the header key.
    pub(crate) fn header_mac(&self, data: &[u8]) -> [u8; 32] {
        let mut m = <HmacSha256 as Mac>::new_from_slice(self.header.as_ref()).expect("any len");
        m.update(data);
        m.finalize().into_bytes().into()
    }

    /// HMAC-SHA256 with the log key, truncated to 16 bytes.
    pub(crate) fn log_mac(&self, data: &[u8]) -> [u8; 16] {
        let mut m = <HmacSha256 as Mac>::new_from_slice(self.log.as_ref()).expect("any len");
        m.update(data);
        let full: [u8; 32] = m.finalize().into_bytes().into();
        full[..16].try_into().expect("16")
    }
}

impl Keys {
    /// HMAC-SHA256 with the chain key, truncated to 16 bytes.
    pub(crate) fn chain_mac(&self, data: &[u8]) -> [u8; 16] {
        let mut m = <HmacSha256 as Mac>::new_from_slice(self.chain.as_ref()).expect("any len");
        m.update(data);
        let full: [u8; 32] = m.finalize().into_bytes().into();
        full[..16].try_into().expect("16")
    }
}

impl Keys {
    /// The MAC of the key slot at `pos` (docs/vault-format.md §2.2): HMAC(K_slots,
    /// `"mamori.v2.slotmac"` ‖ vault id ‖ position as u16 LE ‖ the slot's 128 bytes). Empty
    /// slots have one too, so removing a slot is noticed like adding or changing one.
    pub(crate) fn slot_mac(&self, vault_id: &[u8; 16], pos: usize, slot: &[u8]) -> [u8; 32] {
        let mut m = <HmacSha256 as Mac>::new_from_slice(self.slots.as_ref()).expect("any len");
        m.update(b"mamori.v2.slotmac");
        m.update(vault_id);
        m.update(&(pos as u16).to_le_bytes());
        m.update(slot);
        m.finalize().into_bytes().into()
    }
}

/// CRC-32 (IEEE) of the concatenated parts, little-endian: the frame and counter check
/// (torn-write and damage detection, not authentication — AES-GCM and the MACs do that).
pub(crate) fn check4(parts: &[&[u8]]) -> [u8; 4] {
    let mut h = crc32fast::Hasher::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().to_le_bytes()
}

/// SHA-256 truncated to 16 bytes: the key-slot checksum.
pub(crate) fn check16(data: &[u8]) -> [u8; 16] {
    use sha2::Digest;
    let d = Sha256::digest(data);
    d[..16].try_into().expect("16")
}
