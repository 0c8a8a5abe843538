//! Byte layout of the vault file (see `docs/vault-format.md`, which this code must match).

use super::crypto::{check4, check16};
use super::manifest::KdfParams;
use crate::{Error, Result};

/// File magic.
pub(crate) const MAGIC: &[u8; 8] = b"MAMORIVT";
/// The format version this build writes (it also reads version 1 and upgrades it on open).
pub const FORMAT_VERSION: u16 = 2;
/// The first format version (read, never written).
pub(crate) const FORMAT_V1: u16 = 1;
/// Version of the frame layout, bound into every frame's AAD. Frames are byte-identical in
/// format versions 1 and 2, so it stays 1.
pub(crate) const FRAME_LAYOUT: u16 = 1;
/// Header length of a version-1 file.
pub(crate) const HEADER_LEN_V1: usize = 512;
/// Header length of a version-2 file; frames start here.
pub(crate) const HEADER_LEN: usize = 1024;
/// Header checksum (v2): first 16 bytes of SHA-256(bytes 0..112).
pub(crate) const HEADER_SUM_OFF: usize = 144;
/// The recovery slot (v2).
pub(crate) const SLOT_R: usize = 512;
/// Feature words reserved for later extensions (v2, e.g. a transaction chain): required
/// (u32 at 640, a reader refuses unknown bits) and optional (u32 at 644).
pub(crate) const FEATURES_OFF: usize = 640;
/// Length of the MAC'd static part of the header.
pub(crate) const STATIC_LEN: usize = 112;
pub(crate) const SLOT_A: usize = 160;
pub(crate) const SLOT_B: usize = 288;
pub(crate) const SLOT_LEN: usize = 128;
pub(crate) const COUNTER_OFF: usize = 416;
pub(crate) const COUNTER_LEN: usize = 32;
pub(crate) const NORMALIZER_LEN: usize = 42;

pub(crate) const AEAD_AES256GCM: u8 = 1;
pub(crate) const HASH_SHA256: u8 = 1;

pub(crate) const KDF_ARGON2ID: u8 = 1;
pub(crate) const KDF_RAW: u8 = 2;
/// Argon2id(passcode) ‖ 32-byte platform factor → HKDF (v2 only).
pub(crate) const KDF_PLATFORM: u8 = 3;
/// Argon2id(passcode) ‖ 32-byte server share → HKDF (v2 only).
pub(crate) const KDF_SERVER: u8 = 4;

/// Slot roles (v2).
pub(crate) const ROLE_USER: u8 = 0;
pub(crate) const ROLE_RECOVERY: u8 = 1;

pub(crate) const FRAME_HDR: usize = 13;
pub(crate) const MAX_BODY: usize = 16 * 1024 * 1024;
pub(crate) const K_RECORD: u8 = 0xA1;
pub(crate) const K_DELETE: u8 = 0xA2;
pub(crate) const K_LOG: u8 = 0xA3;
pub(crate) const K_CHECKS: u8 = 0xA4;
/// Commit frame: the last frame of every transaction of a chained file (§5.5).
pub(crate) const K_COMMIT: u8 = 0xA5;
/// Required-feature bit 0 (v2 header byte 640): the file has the authenticated transaction
/// chain.
pub(crate) const FEATURE_CHAIN: u32 = 1;
/// Required-feature bit 1: the access log may hold caller-directory entries (event codes 9..=15,
/// docs/vault-format.md §5.3). Set by the first directory export, never cleared; a reader that
/// does not know these entries must refuse the file rather than report a manifest without the
/// labels that left the vault. Only with [`FEATURE_CHAIN`].
pub(crate) const FEATURE_DIRECTORY: u32 = 2;
/// Optional-feature bit 0 (header byte 644): caller-directory labels are outside the vault
/// (an export since the last `labels_removed`). Set by the rewrite of the first export after
/// an acknowledgement, cleared by the rewrite of the acknowledgement; MAC-covered, so cutting
/// the export's log entries off the end of a copy leaves it set (labels reported unknown).
pub(crate) const OPT_LABELS_OUT: u32 = 1;
/// Optional-feature bit 1 (header byte 644): the file was written with a MAC for every key
/// slot position (§2.2), so a missing or wrong one is a finding, not a file from before the
/// feature. MAC-covered, so it cannot be cleared.
pub(crate) const OPT_SLOT_MAC: u32 = 2;
/// Offset of the key-slot MACs (v2 header, §2.2): 32 bytes for each of slots A, B and R.
pub(crate) const SLOT_MACS_OFF: usize = 672;
/// Length of one key-slot MAC.
pub(crate) const SLOT_MAC_LEN: usize = 32;

/// Where the MAC of the slot at `pos` (A, B or R) is kept.
pub(crate) fn slot_mac_off(pos: usize) -> usize {
    SLOT_MACS_OFF
        + SLOT_MAC_LEN
            * match pos {
                SLOT_A => 0,
                SLOT_B => 1,
                _ => 2,
            }
}

/// Offset of the chain base (sequence number u64, head 16 bytes) in a v2 header.
pub(crate) const CHAIN_BASE_OFF: usize = 648;
/// Length of the header extension the header MAC covers in a chained file (640..672).
pub(crate) const EXT_LEN: usize = 32;

/// The static (MAC'd) header fields.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Header {
    /// Format version of the file (1 or 2).
    pub version: u16,
    pub vault_id: [u8; 16],
    pub index_bits: u8,
    pub remote_wipe: bool,
    pub created_ms: i64,
    pub key_id: u32,
    pub wipe_after_failed: u32,
    pub wipe_after_idle_days: u32,
    pub region: [u8; 2],
    pub normalizer: String,
    pub kcv: [u8; 16],
    /// The file carries the transaction chain (required-feature bit 0).
    pub chain: bool,
    /// Chain base: the sequence number and head the first transaction chains onto (the last
    /// transaction before the rewrite that wrote this header; 0 and zeros for a new file).
    pub base_seq: u64,
    /// Chain base head (see `base_seq`).
    pub base_head: [u8; 16],
    /// Required-feature bit 1 ([`FEATURE_DIRECTORY`]): the log may hold directory entries.
    pub directory: bool,
    /// Optional-feature bit 0 ([`OPT_LABELS_OUT`]): directory labels are outside the vault.
    pub labels_out: bool,
    /// Optional-feature bit 1 ([`OPT_SLOT_MAC`]): every key slot has its MAC.
    pub slot_mac: bool,
}

impl Header {
    /// Bytes 0..112 (everything the header MAC covers).
    pub(crate) fn static_bytes(&self) -> [u8; STATIC_LEN] {
        let mut b = [0u8; STATIC_LEN];
        b[0..8].copy_from_slice(MAGIC);
        b[8..10].copy_from_slice(&self.version.to_le_bytes());
        b[10..12].copy_from_slice(&(self.header_len() as u16).to_le_bytes());
        b[12] = AEAD_AES256GCM;
        b[13] = HASH_SHA256;
        b[14] = self.index_bits;
        b[15] = self.remote_wipe as u8;
        b[16..32].copy_from_slice(&self.vault_id);
        b[32..40].copy_from_slice(&self.created_ms.to_le_bytes());
        b[40..44].copy_from_slice(&self.key_id.to_le_bytes());
        b[44..48].copy_from_slice(&self.wipe_after_failed.to_le_bytes());
        b[48..52].copy_from_slice(&self.wipe_after_idle_days.to_le_bytes());
        b[52..54].copy_from_slice(&self.region);
        let n = self.normalizer.len().min(NORMALIZER_LEN);
        b[54..54 + n].copy_from_slice(&self.normalizer.as_bytes()[..n]);
        b[96..112].copy_from_slice(&self.kcv);
        b
    }

    /// Bytes 640..672 of a chained v2 header: required features, optional features, chain
    /// base sequence number and head.
    pub(crate) fn ext_bytes(&self) -> [u8; EXT_LEN] {
        let mut b = [0u8; EXT_LEN];
        if self.chain {
            let req = FEATURE_CHAIN | if self.directory { FEATURE_DIRECTORY } else { 0 };
            let opt = if self.labels_out { OPT_LABELS_OUT } else { 0 }
                | if self.slot_mac { OPT_SLOT_MAC } else { 0 };
            b[0..4].copy_from_slice(&req.to_le_bytes());
            b[4..8].copy_from_slice(&opt.to_le_bytes());
            b[8..16].copy_from_slice(&self.base_seq.to_le_bytes());
            b[16..32].copy_from_slice(&self.base_head);
        }
        b
    }

    /// What the header MAC covers: bytes 0..112, and in a chained file also 640..672 (so the
    /// chain feature bit and base cannot be patched away).
    pub(crate) fn mac_input(&self) -> Vec<u8> {
        let mut v = self.static_bytes().to_vec();
        if self.chain {
            v.extend_from_slice(&self.ext_bytes());
        }
        v
    }

    /// Where the frames start.
    pub(crate) fn header_len(&self) -> usize {
        if self.version == FORMAT_V1 {
            HEADER_LEN_V1
        } else {
            HEADER_LEN
        }
    }

    /// The policy block a v2 key wrap binds (version, flags, vault id, creation time,
    /// wipe policies, region): patching any of them makes every slot fail to unwrap.
    pub(crate) fn policy_bytes(&self) -> Vec<u8> {
        let b = self.static_bytes();
        let mut v = Vec::with_capacity(40);
        v.extend_from_slice(&b[8..10]);
        v.push(b[15]);
        v.extend_from_slice(&b[16..40]);
        v.extend_from_slice(&b[44..54]);
        v
    }

    /// The v2 header checksum (damage detection before any key is known).
    pub(crate) fn checksum(&self) -> [u8; 16] {
        check16(&self.static_bytes())
    }

    /// Parse the static part (magic, version and ids checked; MAC checked by the caller). In
    /// a v2 file the header checksum is verified too, so damage to the static part is
    /// `Corrupt` before any passcode is tried.
    pub(crate) fn parse(file: &[u8]) -> Result<Header> {
        if file.len() >= 10 && &file[..8] == MAGIC {
            let version = u16::from_le_bytes([file[8], file[9]]);
            if version != FORMAT_VERSION && version != FORMAT_V1 {
                return Err(Error::UnsupportedVersion {
                    found: version as u32,
                    supported: "1, 2".to_string(),
                });
            }
        }
        let need = if file.len() >= 10 && u16::from_le_bytes([file[8], file[9]]) == FORMAT_V1 {
            HEADER_LEN_V1
        } else {
            HEADER_LEN
        };
        if file.len() < need {
            if file.len() >= 8 && &file[..8] != MAGIC {
                return Err(Error::corrupt("header", "not a mamori vault (bad magic)"));
            }
            return Err(Error::corrupt(
                "header",
                format!("file shorter than the {need}-byte header"),
            ));
        }
        if &file[..8] != MAGIC {
            return Err(Error::corrupt("header", "not a mamori vault (bad magic)"));
        }
        let version = u16::from_le_bytes([file[8], file[9]]);
        let b = &file[..STATIC_LEN];
        if version == FORMAT_VERSION {
            if check16(b) != file[HEADER_SUM_OFF..HEADER_SUM_OFF + 16] {
                return Err(Error::corrupt("header", "header checksum does not match"));
            }
            let req =
                u32::from_le_bytes(file[FEATURES_OFF..FEATURES_OFF + 4].try_into().expect("4"));
            if req & !(FEATURE_CHAIN | FEATURE_DIRECTORY) != 0
                || (req & FEATURE_DIRECTORY != 0 && req & FEATURE_CHAIN == 0)
            {
                return Err(Error::UnsupportedVersion {
                    found: version as u32,
                    supported: format!("2 without required features {req:#x}"),
                });
            }
        }
        if u16::from_le_bytes([b[10], b[11]]) as usize != need
            || b[12] != AEAD_AES256GCM
            || b[13] != HASH_SHA256
        {
            return Err(Error::corrupt(
                "header",
                "unknown header length or algorithm id",
            ));
        }
        if !(4..=16).contains(&b[14]) || b[15] > 1 {
            return Err(Error::corrupt("header", "index bits or flags out of range"));
        }
        let norm = &b[54..96];
        let end = norm.iter().position(|&c| c == 0).unwrap_or(NORMALIZER_LEN);
        let normalizer = std::str::from_utf8(&norm[..end])
            .map_err(|_| Error::corrupt("header", "normaliser id is not UTF-8"))?
            .to_string();
        let chain = version == FORMAT_VERSION
            && u32::from_le_bytes(file[FEATURES_OFF..FEATURES_OFF + 4].try_into().expect("4"))
                & FEATURE_CHAIN
                != 0;
        let (base_seq, base_head) = if chain {
            (
                u64::from_le_bytes(
                    file[CHAIN_BASE_OFF..CHAIN_BASE_OFF + 8]
                        .try_into()
                        .expect("8"),
                ),
                file[CHAIN_BASE_OFF + 8..CHAIN_BASE_OFF + 24]
                    .try_into()
                    .expect("16"),
            )
        } else {
            (0, [0u8; 16])
        };
        let (directory, labels_out, slot_mac) = if chain {
            let req =
                u32::from_le_bytes(file[FEATURES_OFF..FEATURES_OFF + 4].try_into().expect("4"));
            let opt = u32::from_le_bytes(
                file[FEATURES_OFF + 4..FEATURES_OFF + 8]
                    .try_into()
                    .expect("4"),
            );
            (
                req & FEATURE_DIRECTORY != 0,
                opt & OPT_LABELS_OUT != 0,
                opt & OPT_SLOT_MAC != 0,
            )
        } else {
            (false, false, false)
        };
        Ok(Header {
            chain,
            directory,
            labels_out,
            slot_mac,
            base_seq,
            base_head,
            version,
            index_bits: b[14],
            remote_wipe: b[15] == 1,
            vault_id: b[16..32].try_into().expect("16"),
            created_ms: i64::from_le_bytes(b[32..40].try_into().expect("8")),
            key_id: u32::from_le_bytes(b[40..44].try_into().expect("4")),
            wipe_after_failed: u32::from_le_bytes(b[44..48].try_into().expect("4")),
            wipe_after_idle_days: u32::from_le_bytes(b[48..52].try_into().expect("4")),
            region: [b[52], b[53]],
            normalizer,
            kcv: b[96..112].try_into().expect("16"),
        })
    }

    /// The default region as `&str`. `create` accepts only upper-case ASCII and the header
    /// MAC protects it, so bytes that are not UTF-8 cannot occur; they would read as `""`
    /// (no region) rather than panic.
    pub(crate) fn region_str(&self) -> &str {
        std::str::from_utf8(&self.region).unwrap_or("")
    }
}

/// One key slot.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Slot {
    pub generation: u64,
    pub kdf: u8,
    /// [`ROLE_USER`] or [`ROLE_RECOVERY`] (v2; always user in v1).
    pub role: u8,
    /// Estimated log2 of the passcode's guess space, recorded at create/change (v2; 0 = none).
    pub guess_log2: u8,
    /// Passcode class: 0 none (host key), 1 digits-only PIN, 2 other passcode, 255 unknown (v1).
    pub class: u8,
    /// Source of the platform factor (v2, kind 3; 0 otherwise).
    pub source: u8,
    /// Who chose the passcode (v2 byte 117): 0 a person or host, 1 the library's generator
    /// (EFF large word list, [`super::keysource::GEN_EFF_LARGE`]); then `guess_log2` is the
    /// generated entropy, not an estimate.
    pub generator: u8,
    /// Slot flags (v2 byte 118): bit 0 the passcode is NFKC-normalised before the KDF.
    pub flags: u8,
    pub params: KdfParams,
    pub salt: [u8; 16],
    /// Platform challenge id (kind 3) or server share id (kind 4); zero otherwise (v2).
    pub factor_id: [u8; 16],
    pub nonce: [u8; 12],
    pub wrapped: [u8; 48],
}

/// What a slot position holds.
#[derive(Clone, Debug)]
pub(crate) enum SlotState {
    Empty,
    Damaged,
    Valid(Slot),
}

/// Passcode classes recorded in a v2 slot.
pub(crate) const CLASS_NONE: u8 = 0;
pub(crate) const CLASS_PIN: u8 = 1;
pub(crate) const CLASS_PASSPHRASE: u8 = 2;
pub(crate) const CLASS_UNKNOWN: u8 = 255;

impl Slot {
    /// The slot's bytes in the layout of format `version`.
    pub(crate) fn to_bytes(&self, version: u16) -> [u8; SLOT_LEN] {
        let mut b = [0u8; SLOT_LEN];
        b[0..8].copy_from_slice(&self.generation.to_le_bytes());
        b[8] = self.kdf;
        b[12..16].copy_from_slice(&self.params.m_kib.to_le_bytes());
        b[16..20].copy_from_slice(&self.params.t.to_le_bytes());
        b[20..24].copy_from_slice(&self.params.p.to_le_bytes());
        b[24..40].copy_from_slice(&self.salt);
        if version == FORMAT_V1 {
            b[40..52].copy_from_slice(&self.nonce);
            b[52..100].copy_from_slice(&self.wrapped);
            let c = check16(&b[..112]);
            b[112..128].copy_from_slice(&c);
        } else {
            b[9] = self.role;
            b[10] = self.guess_log2;
            b[11] = self.class;
            b[40..56].copy_from_slice(&self.factor_id);
            b[56..68].copy_from_slice(&self.nonce);
            b[68..116].copy_from_slice(&self.wrapped);
            b[116] = self.source;
            b[117] = self.generator;
            b[118] = self.flags;
            let c = check16(&b[..120]);
            b[120..128].copy_from_slice(&c[..8]);
        }
        b
    }

    /// AAD of the key wrap. v1: `"mamori.v1.slot" ‖ vault id ‖ slot bytes 0..40`. v2:
    /// `"mamori.v2.slot" ‖ policy block ‖ slot bytes 0..56 ‖ slot bytes 116..120`.
    pub(crate) fn wrap_aad(&self, hdr: &Header) -> Vec<u8> {
        let b = self.to_bytes(hdr.version);
        if hdr.version == FORMAT_V1 {
            let mut aad = b"mamori.v1.slot".to_vec();
            aad.extend_from_slice(&hdr.vault_id);
            aad.extend_from_slice(&b[..40]);
            return aad;
        }
        let mut aad = b"mamori.v2.slot".to_vec();
        aad.extend_from_slice(&hdr.policy_bytes());
        aad.extend_from_slice(&b[..56]);
        aad.extend_from_slice(&b[116..120]);
        aad
    }

    pub(crate) fn parse(b: &[u8], version: u16) -> SlotState {
        if b.iter().all(|&x| x == 0) {
            return SlotState::Empty;
        }
        let kdf = b[8];
        let params = KdfParams {
            m_kib: u32::from_le_bytes(b[12..16].try_into().expect("4")),
            t: u32::from_le_bytes(b[16..20].try_into().expect("4")),
            p: u32::from_le_bytes(b[20..24].try_into().expect("4")),
        };
        let generation = u64::from_le_bytes(b[0..8].try_into().expect("8"));
        let salt: [u8; 16] = b[24..40].try_into().expect("16");
        if version == FORMAT_V1 {
            if check16(&b[..112]) != b[112..128] || (kdf != KDF_ARGON2ID && kdf != KDF_RAW) {
                return SlotState::Damaged;
            }
            return SlotState::Valid(Slot {
                generation,
                kdf,
                role: ROLE_USER,
                guess_log2: 0,
                class: if kdf == KDF_RAW {
                    CLASS_NONE
                } else {
                    CLASS_UNKNOWN
                },
                source: 0,
                generator: 0,
                flags: 0,
                params,
                salt,
                factor_id: [0; 16],
                nonce: b[40..52].try_into().expect("12"),
                wrapped: b[52..100].try_into().expect("48"),
            });
        }
        if check16(&b[..120])[..8] != b[120..128]
            || !(KDF_ARGON2ID..=KDF_SERVER).contains(&kdf)
            || b[9] > ROLE_RECOVERY
        {
            return SlotState::Damaged;
        }
        SlotState::Valid(Slot {
            generation,
            kdf,
            role: b[9],
            guess_log2: b[10],
            class: b[11],
            source: b[116],
            generator: b[117],
            flags: b[118],
            params,
            salt,
            factor_id: b[40..56].try_into().expect("16"),
            nonce: b[56..68].try_into().expect("12"),
            wrapped: b[68..116].try_into().expect("48"),
        })
    }

    /// Whether the slot's KEK involves Argon2id (every kind but the host key).
    pub(crate) fn uses_argon2(&self) -> bool {
        self.kdf != KDF_RAW
    }

    /// The 32-byte challenge a platform factor is computed over: vault id ‖ factor id.
    pub(crate) fn challenge(&self, vault_id: &[u8; 16]) -> [u8; 32] {
        let mut c = [0u8; 32];
        c[..16].copy_from_slice(vault_id);
        c[16..].copy_from_slice(&self.factor_id);
        c
    }
}

/// The unauthenticated failed-open counter.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Counter {
    pub failed: u32,
    pub first_ms: i64,
    pub last_ms: i64,
}

impl Counter {
    pub(crate) fn to_bytes(self) -> [u8; COUNTER_LEN] {
        let mut b = [0u8; COUNTER_LEN];
        if self.failed == 0 {
            return b;
        }
        b[0..4].copy_from_slice(&self.failed.to_le_bytes());
        b[4..12].copy_from_slice(&self.first_ms.to_le_bytes());
        b[12..20].copy_from_slice(&self.last_ms.to_le_bytes());
        let c = check4(&[&b[..28]]);
        b[28..32].copy_from_slice(&c);
        b
    }

    /// `None` if the checksum is bad (a torn counter write or damage).
    pub(crate) fn parse(b: &[u8]) -> Option<Counter> {
        if b.iter().all(|&x| x == 0) {
            return Some(Counter::default());
        }
        if check4(&[&b[..28]]) != b[28..32] {
            return None;
        }
        Some(Counter {
            failed: u32::from_le_bytes(b[0..4].try_into().ok()?),
            first_ms: i64::from_le_bytes(b[4..12].try_into().ok()?),
            last_ms: i64::from_le_bytes(b[12..20].try_into().ok()?),
        })
    }
}

/// Append one frame (`kind`, `tx_rem`, `body`) to `out`.
pub(crate) fn write_frame(out: &mut Vec<u8>, kind: u8, tx_rem: u32, body: &[u8]) {
    let mut h = [0u8; FRAME_HDR];
    h[0] = kind;
    h[1..5].copy_from_slice(&(body.len() as u32).to_le_bytes());
    h[5..9].copy_from_slice(&tx_rem.to_le_bytes());
    let c = check4(&[&h[..9], body]);
    h[9..13].copy_from_slice(&c);
    out.extend_from_slice(&h);
    out.extend_from_slice(body);
}

/// A frame located in the file.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawFrame {
    pub off: usize,
    pub kind: u8,
    pub tx_rem: u32,
    pub body_start: usize,
    pub end: usize,
}

impl RawFrame {
    pub(crate) fn verify(&self, file: &[u8]) -> bool {
        check4(&[
            &file[self.off..self.off + 9],
            &file[self.body_start..self.end],
        ]) == file[self.off + 9..self.off + 13]
    }
}

/// Structural parse of a frame at `pos` (no checksum).
pub(crate) fn frame_at(file: &[u8], pos: usize) -> Option<RawFrame> {
    let h = file.get(pos..pos.checked_add(FRAME_HDR)?)?;
    let kind = h[0];
    if !matches!(kind, K_RECORD | K_DELETE | K_LOG | K_CHECKS | K_COMMIT) {
        return None;
    }
    let len = u32::from_le_bytes(h[1..5].try_into().ok()?) as usize;
    if len > MAX_BODY {
        return None;
    }
    let end = pos + FRAME_HDR + len;
    if end > file.len() {
        return None;
    }
    Some(RawFrame {
        off: pos,
        kind,
        tx_rem: u32::from_le_bytes(h[5..9].try_into().ok()?),
        body_start: pos + FRAME_HDR,
        end,
    })
}

/// An item of the frame scan.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Item {
    Frame(RawFrame),
    /// Bytes `[off, end)` are not a valid frame. `whole_frame`: their length field matches
    /// exactly (a damaged frame, not a torn write).
    Damaged {
        off: usize,
        end: usize,
        whole_frame: bool,
    },
}

/// Scan the frames after the header. Every frame's check is verified unless `trusted` (bytes
/// this process just built). After a bad spot the scan resumes at the next offset holding a
/// frame whose check verifies. (The vault loads with [`Scanner`] directly; tests scan.)
#[cfg(test)]
pub(crate) fn scan(file: &[u8], trusted: bool) -> Vec<Item> {
    let mut items = Vec::with_capacity(file.len() / 128);
    let mut sc = Scanner::new(HEADER_LEN, trusted);
    while let Some(it) = sc.next_item(file) {
        items.push(it);
    }
    items
}

/// [`scan`] one item at a time (the caller can use each frame while its bytes are in cache).
///
/// The work is bounded by the file size: every frame on the normal path is checked once, and
/// resynchronising after a bad spot steps over each offset once and spends at most
/// `2 × file length + 1 MiB` bytes of frame checks on candidates in total (a crafted file full
/// of plausible frame headers claiming long bodies would otherwise cost region × length).
/// Once that budget is spent, a candidate is only accepted when it is checked for free by the
/// normal path, so the rest of the file becomes one damaged region.
pub(crate) struct Scanner {
    pos: usize,
    trusted: bool,
    /// Bytes examined so far: frame checks computed plus offsets stepped over.
    pub(crate) examined: u64,
    /// Resync check bytes still allowed.
    budget: u64,
}

/// Extra resync budget beyond twice the file length.
const RESYNC_SLACK: u64 = 1 << 20;

impl Scanner {
    /// A scanner over the frames from `start` (the header length).
    pub(crate) fn new(start: usize, trusted: bool) -> Self {
        Scanner {
            pos: start,
            trusted,
            examined: 0,
            budget: u64::MAX,
        }
    }

    /// The next item of `file` (the same file on every call), or `None` at its end.
    pub(crate) fn next_item(&mut self, file: &[u8]) -> Option<Item> {
        if self.budget == u64::MAX {
            self.budget = 2 * file.len() as u64 + RESYNC_SLACK;
        }
        let pos = self.pos;
        if pos >= file.len() {
            return None;
        }
        if let Some(f) = frame_at(file, pos) {
            if self.trusted {
                self.pos = f.end;
                return Some(Item::Frame(f));
            }
            self.examined += (f.end - f.off) as u64;
            if f.verify(file) {
                self.pos = f.end;
                return Some(Item::Frame(f));
            }
        }
        let mut q = pos + 1;
        let mut next = file.len();
        while q + FRAME_HDR <= file.len() {
            self.examined += 1;
            if let Some(f) = frame_at(file, q) {
                let cost = (f.end - f.off) as u64;
                // A real frame ends at the end of the file or where another frame starts.
                let plausible = f.end == file.len() || frame_at(file, f.end).is_some();
                if plausible && cost <= self.budget {
                    self.budget -= cost;
                    self.examined += cost;
                    if f.verify(file) {
                        next = q;
                        break;
                    }
                }
            }
            q += 1;
        }
        // Whatever the kind byte says, do the bytes up to `next` match the length field?
        let whole_frame = file
            .get(pos + 1..pos + 5)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .is_some_and(|len| pos + FRAME_HDR + len == next);
        self.pos = next;
        Some(Item::Damaged {
            off: pos,
            end: next,
            whole_frame,
        })
    }
}

/// Bytes a scan of `file` (a whole vault file) examines: the bound of docs/vault-format.md §5
/// step 1, for tests.
#[doc(hidden)]
pub fn scan_work(file: &[u8]) -> u64 {
    let start = if file.len() >= 10 && u16::from_le_bytes([file[8], file[9]]) == FORMAT_V1 {
        HEADER_LEN_V1
    } else {
        HEADER_LEN
    };
    let mut sc = Scanner::new(start, false);
    while sc.next_item(file).is_some() {}
    sc.examined
}

/// A group of items forming one transaction (or a damaged run).
#[derive(Debug, Default)]
pub(crate) struct Group {
    pub items: Vec<Item>,
    /// The `tx_rem` countdown reached 0 (damaged items count as one frame each).
    pub finished: bool,
}

impl Group {
    pub(crate) fn start(&self) -> usize {
        match self.items.first() {
            Some(Item::Frame(f)) => f.off,
            Some(Item::Damaged { off, .. }) => *off,
            None => 0,
        }
    }

    /// Whether this group, as the last of the file, looks like a torn (interrupted, never
    /// acknowledged) append: every item but the last is an intact frame, and either the
    /// countdown is unfinished with an intact last frame, or the last item is a damaged region
    /// at the end of the file that is shorter than a frame header, all zero, or starts with
    /// a frame header (known kind) whose length runs past the end of the file.
    pub(crate) fn torn(&self, file: &[u8]) -> bool {
        let n = self.items.len();
        if n == 0
            || self.items[..n - 1]
                .iter()
                .any(|i| matches!(i, Item::Damaged { .. }))
        {
            return false;
        }
        match self.items[n - 1] {
            Item::Frame(_) => !self.finished,
            Item::Damaged {
                off,
                end,
                whole_frame,
            } => {
                if end != file.len() || whole_frame {
                    return false;
                }
                let rest = &file[off..];
                rest.len() < FRAME_HDR
                    || rest.iter().all(|b| *b == 0)
                    || (matches!(rest[0], K_RECORD | K_DELETE | K_LOG | K_CHECKS | K_COMMIT)
                        && off
                            + FRAME_HDR
                            + u32::from_le_bytes([rest[1], rest[2], rest[3], rest[4]]) as usize
                            > file.len())
            }
        }
    }
}

/// Group scanned items into transactions by their `tx_rem` countdown.
pub(crate) fn group(items: &[Item], file: &[u8]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut expect: Option<u32> = None; // the tx_rem the next frame of the open group must have
    for it in items {
        match it {
            Item::Frame(f) => {
                if expect != Some(f.tx_rem) {
                    groups.push(Group::default());
                }
                let g = groups.last_mut().expect("pushed");
                g.items.push(*it);
                if f.tx_rem == 0 {
                    g.finished = true;
                    expect = None;
                } else {
                    expect = Some(f.tx_rem - 1);
                }
            }
            Item::Damaged {
                off, whole_frame, ..
            } => {
                if expect.is_none() {
                    groups.push(Group::default());
                    // A damaged whole frame opening a transaction: its countdown field (a
                    // hint only; the chain MAC decides) keeps the rest of the transaction
                    // together.
                    if *whole_frame && let Some(b) = file.get(off + 5..off + 9) {
                        let rem = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                        if rem > 0 && (rem as usize) < items.len() {
                            expect = Some(rem);
                        }
                    }
                }
                let g = groups.last_mut().expect("pushed");
                g.items.push(*it);
                expect = match expect {
                    Some(0) | None => {
                        g.finished = true;
                        None
                    }
                    Some(e) => Some(e - 1),
                };
            }
        }
    }
    groups
}

/// Parsed record-frame body fields (before decryption).
pub(crate) struct RecordBody<'a> {
    pub id: u64,
    pub key_id: u32,
    /// The tags as stored: `2 × n` bytes, u16 LE each.
    pub tags_raw: &'a [u8],
    pub aad_fields: &'a [u8],
    pub nonce: [u8; 12],
    pub ct: &'a [u8],
    pub tag: [u8; 16],
}

pub(crate) fn parse_record(body: &[u8]) -> Option<RecordBody<'_>> {
    let id = u64::from_le_bytes(body.get(0..8)?.try_into().ok()?);
    let key_id = u32::from_le_bytes(body.get(8..12)?.try_into().ok()?);
    let n = *body.get(12)? as usize;
    let tags_end = 13 + 2 * n;
    let tags_raw = body.get(13..tags_end)?;
    let nonce = body.get(tags_end..tags_end + 12)?.try_into().ok()?;
    let rest = body.get(tags_end + 12..)?;
    if rest.len() < 16 {
        return None;
    }
    let (ct, tag) = rest.split_at(rest.len() - 16);
    Some(RecordBody {
        id,
        key_id,
        tags_raw,
        aad_fields: &body[..tags_end],
        nonce,
        ct,
        tag: tag.try_into().ok()?,
    })
}

impl RecordBody<'_> {
    pub(crate) fn tags(&self) -> Vec<u16> {
        self.tags_raw
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect()
    }
}

/// The AAD of a record or delete frame:
/// `vault id ‖ format version (u16 LE) ‖ kind ‖ body fields before the nonce`.
pub(crate) fn frame_aad(vault_id: &[u8; 16], kind: u8, fields: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(19 + fields.len());
    aad.extend_from_slice(vault_id);
    aad.extend_from_slice(&FRAME_LAYOUT.to_le_bytes());
    aad.push(kind);
    aad.extend_from_slice(fields);
    aad
}

/// Log-frame body length.
pub(crate) const LOG_BODY: usize = 37;

/// Fixed part of a check-frame body: key id (4) ‖ record count (4) ‖ nonce (12).
pub(crate) const CHECKS_HEAD: usize = 20;

/// Parsed check-frame body fields (before decryption).
pub(crate) struct ChecksBody<'a> {
    pub key_id: u32,
    /// Number of record frames it covers (those right before it in its transaction).
    pub count: u32,
    pub head: &'a [u8],
    pub nonce: [u8; 12],
    pub ct: &'a [u8],
    pub tag: [u8; 16],
}

pub(crate) fn parse_checks(body: &[u8]) -> Option<ChecksBody<'_>> {
    let key_id = u32::from_le_bytes(body.get(0..4)?.try_into().ok()?);
    let count = u32::from_le_bytes(body.get(4..8)?.try_into().ok()?);
    let nonce = body.get(8..CHECKS_HEAD)?.try_into().ok()?;
    let rest = body.get(CHECKS_HEAD..)?;
    if rest.len() < 16 || (rest.len() - 16) % 2 != 0 {
        return None;
    }
    let (ct, tag) = rest.split_at(rest.len() - 16);
    Some(ChecksBody {
        key_id,
        count,
        head: &body[..8],
        nonce,
        ct,
        tag: tag.try_into().ok()?,
    })
}

/// The AAD of a check frame: `vault id ‖ version ‖ 0xA4 ‖ key id ‖ count ‖
/// SHA-256(id_1 ‖ nonce_1 ‖ … ‖ id_n ‖ nonce_n)` over the covered record frames' contact ids
/// (u64 LE) and nonces, in file order (near the frame start, so a loader reads no extra cache
/// line per record). It binds the checks to exactly those record versions.
pub(crate) fn checks_aad(vault_id: &[u8; 16], head: &[u8], covered: &[(u64, [u8; 12])]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (id, nonce) in covered {
        h.update(id.to_le_bytes());
        h.update(nonce);
    }
    let mut fields = head.to_vec();
    fields.extend_from_slice(&h.finalize());
    frame_aad(vault_id, K_CHECKS, &fields)
}

/// Tag `i` of the record frame at `off` (`None` if there is no such frame or tag).
pub(crate) fn record_tag(file: &[u8], off: usize, i: usize) -> Option<u16> {
    let f = frame_at(file, off)?;
    let r = parse_record(&file[f.body_start..f.end])?;
    let b = r.tags_raw.get(2 * i..2 * i + 2)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}
