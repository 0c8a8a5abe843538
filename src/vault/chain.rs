//! The authenticated transaction chain (docs/vault-format.md §5.5) and the rollback anchor.
//!
//! Every transaction of a chained file ends in a commit frame holding its sequence number,
//! the previous transaction's chain MAC and its own: `HMAC(K_chain, "mamori.v2.chain" ‖
//! vault id ‖ seq ‖ prev ‖ digest)`, truncated to 16 bytes, where `digest` is SHA-256 over the
//! chain input of the transaction's other frames (frame bytes 0..9 and the body, except a
//! record's ciphertext, which its own AES-GCM tag binds — so deleting a record can overwrite
//! its ciphertext in place without breaking the chain).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::format::{
    CHECKS_HEAD, FRAME_HDR, Group, Item, K_CHECKS, K_COMMIT, K_RECORD, frame_at, parse_record,
};

/// The schema tag of an anchor.
pub const ANCHOR_SCHEMA: &str = "mamori.anchor.v1";

/// Length of a commit frame body: seq (8) ‖ prev (16) ‖ mac (16).
pub(crate) const COMMIT_BODY: usize = 40;

/// A rollback anchor (`mamori.anchor.v1`): the vault's chain position after its last
/// acknowledged (synced) write. The host keeps it where a thief of the file cannot reach it
/// (keystore, server, another file) and gives it back on open ([`crate::vault::VaultOptions`]
/// `anchor`) or to [`crate::vault::Vault::verify_anchor`]: a file older than the anchor is
/// refused with [`crate::Error::RolledBack`].
///
/// ```json
/// {"schema": "mamori.anchor.v1", "vault_id": "9f…", "seq": 42, "head": "3c…"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// Always `"mamori.anchor.v1"`.
    pub schema: String,
    /// The vault's id (32 lower-case hex digits).
    pub vault_id: String,
    /// Sequence number of the last acknowledged transaction.
    pub seq: u64,
    /// Its chain MAC (32 lower-case hex digits).
    pub head: String,
}

/// Feed the chain input of the item `[off, end)` (a frame, or a damaged region that may have
/// been one) to `h`: frame bytes 0..9 (kind, length, countdown) and the body, with the
/// ciphertext of a record or check frame left out (its AES-GCM tag, which is kept, binds it). A damaged region
/// that does not parse as a frame is fed whole (it will not verify).
fn feed(h: &mut Sha256, file: &[u8], off: usize, end: usize) {
    let b = &file[off..end];
    if b.len() < FRAME_HDR {
        h.update(b);
        return;
    }
    h.update(&b[..9]);
    let body = &b[FRAME_HDR..];
    if b[0] == K_RECORD
        && let Some(r) = parse_record(body)
    {
        let keep = body.len() - r.ct.len() - 16;
        h.update(&body[..keep]);
        h.update(&body[body.len() - 16..]);
    } else if b[0] == K_CHECKS && body.len() >= CHECKS_HEAD + 16 {
        // A check frame's ciphertext is bound by its own tag too.
        h.update(&body[..CHECKS_HEAD]);
        h.update(&body[body.len() - 16..]);
    } else {
        h.update(body);
    }
}

/// The digest of a transaction: SHA-256 over the chain input of its items except the final
/// commit frame.
pub(crate) fn digest(file: &[u8], items: &[Item]) -> [u8; 32] {
    let mut h = Sha256::new();
    for it in items {
        let (off, end) = match it {
            Item::Frame(f) => (f.off, f.end),
            Item::Damaged { off, end, .. } => (*off, *end),
        };
        feed(&mut h, file, off, end);
    }
    h.finalize().into()
}

/// The digest of the frames in `bytes` (intact frames this process just built).
pub(crate) fn digest_bytes(bytes: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    let mut pos = 0;
    while let Some(f) = frame_at(bytes, pos) {
        feed(&mut h, bytes, f.off, f.end);
        pos = f.end;
    }
    h.finalize().into()
}

/// A commit frame's fields (seq, prev, mac) and the other items of its transaction.
pub(crate) type Commit<'a> = (u64, [u8; 16], [u8; 16], &'a [Item]);

/// The commit of a group: its last item is an intact commit frame (40-byte body) and no
/// other item is one. Returns (seq, prev, mac) and the group's other items.
pub(crate) fn commit_of<'a>(file: &[u8], g: &'a Group) -> Option<Commit<'a>> {
    let (last, rest) = g.items.split_last()?;
    let Item::Frame(f) = last else { return None };
    if f.kind != K_COMMIT || f.tx_rem != 0 || f.end - f.body_start != COMMIT_BODY {
        return None;
    }
    if rest
        .iter()
        .any(|i| matches!(i, Item::Frame(f) if f.kind == K_COMMIT))
    {
        return None;
    }
    let b = &file[f.body_start..f.end];
    Some((
        u64::from_le_bytes(b[0..8].try_into().expect("8")),
        b[8..24].try_into().expect("16"),
        b[24..40].try_into().expect("16"),
        rest,
    ))
}

/// The message a chain MAC covers.
pub(crate) fn mac_input(
    vault_id: &[u8; 16],
    seq: u64,
    prev: &[u8; 16],
    digest: &[u8; 32],
) -> Vec<u8> {
    let mut m = Vec::with_capacity(15 + 16 + 8 + 16 + 32);
    m.extend_from_slice(b"mamori.v2.chain");
    m.extend_from_slice(vault_id);
    m.extend_from_slice(&seq.to_le_bytes());
    m.extend_from_slice(prev);
    m.extend_from_slice(digest);
    m
}

pub(crate) use crate::hashchain::unhex;

/// What the chain verification of the last load found (kept across reloads of the same
/// session until the next full load).
#[derive(Default, Clone, Debug)]
pub(crate) struct ChainReport {
    /// Sequence-number ranges (inclusive) of transactions missing from the chain.
    pub lost: Vec<(u64, u64)>,
    /// Transactions not applied: (start offset, end offset, reason).
    pub suspect: Vec<(usize, usize, String)>,
    /// Chain breaks: (offset of the transaction after the break, description).
    pub breaks: Vec<(usize, String)>,
    /// A torn tail this open dropped: (offset the file was cut back to, bytes dropped).
    pub truncated: Option<(usize, usize)>,
    /// The torn tail may have held a contact (it is more than log entries) and no anchor
    /// showed it unacknowledged: the head count has no upper bound for this session.
    pub tail_contacts: bool,
    /// An anchor given to the open passed before the tail was cut.
    pub tail_anchored: bool,
    /// Opened read-only: the tail was left in the file (not applied).
    pub tail_kept: bool,
}

impl ChainReport {
    /// Nothing was found.
    pub(crate) fn clean(&self) -> bool {
        self.lost.is_empty()
            && self.suspect.is_empty()
            && self.breaks.is_empty()
            && self.truncated.is_none()
    }

    /// One line per finding (for `Vault::damaged`; a torn tail dropped after a crash is not
    /// damage there, the damage report has it under `truncated`).
    pub(crate) fn lines(&self) -> Vec<String> {
        let mut v = Vec::new();
        for (a, b) in &self.lost {
            v.push(format!(
                "transaction chain: transactions {a}..={b} are missing (removed or lost)"
            ));
        }
        for (off, what) in &self.breaks {
            v.push(format!("transaction chain broken at offset {off}: {what}"));
        }
        for (s, e, why) in &self.suspect {
            v.push(format!(
                "transaction at offset {s}..{e} not applied: {why} (bytes kept)"
            ));
        }
        v
    }
}
