//! Legal holds in the vault's own authenticated access log (events 17–19,
//! `docs/vault-format.md` §5.3): placing, overriding and releasing a hold are log entries with
//! the host clock's time and the hold's 32-bit reference; the log holds no names or reasons
//! (those stay in the register's or incident's log under the same hold id).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::*;
use crate::hold::HoldAction;

/// The 32-bit reference of a hold id that the vault's log records: the first four bytes
/// (big-endian) of SHA-256(`"mamori.hold.v1\0"` ‖ hold id).
pub fn hold_reference(hold_id: &str) -> u32 {
    let mut h = Sha256::new();
    h.update(b"mamori.hold.v1\0");
    h.update(hold_id.as_bytes());
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// A hold as the vault's log records it (`Vault::holds`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VaultHold {
    /// The hold's reference, 8 lowercase hex digits ([`hold_reference`] of its id).
    pub reference: String,
    /// When it was placed (host clock).
    pub placed_at: DateTime<Utc>,
    /// When overrides were recorded.
    #[serde(default)]
    pub overridden_at: Vec<DateTime<Utc>>,
    /// When it was released.
    #[serde(default)]
    pub released_at: Option<DateTime<Utc>>,
}

impl VaultHold {
    fn blocks(&self) -> bool {
        self.released_at.is_none() && self.overridden_at.is_empty()
    }
}

/// Fold `(time, event, count)` log entries into holds, in order. Entries that do not fit (an
/// override of a hold never placed) are ignored: they cannot lift a hold.
fn fold(entries: impl Iterator<Item = (DateTime<Utc>, AccessEvent, u32)>) -> Vec<VaultHold> {
    let mut holds: Vec<VaultHold> = Vec::new();
    for (at, ev, count) in entries {
        let reference = format!("{count:08x}");
        let active = holds
            .iter_mut()
            .find(|h| h.reference == reference && h.released_at.is_none());
        match (ev, active) {
            (AccessEvent::HoldPlaced, None) => holds.push(VaultHold {
                reference,
                placed_at: at,
                overridden_at: Vec::new(),
                released_at: None,
            }),
            (AccessEvent::HoldOverridden, Some(h)) => h.overridden_at.push(at),
            (AccessEvent::HoldReleased, Some(h)) => h.released_at = Some(at),
            _ => {}
        }
    }
    holds
}

fn refusal(h: &VaultHold, refused: &str, vault: &str) -> Error {
    Error::LegalHold {
        refused: format!("{refused} of vault {vault}"),
        hold: format!(
            "hold with reference {} placed at {} in the vault's access log (who placed it and why: the register's or incident's log, under the hold id with this reference)",
            h.reference,
            h.placed_at.to_rfc3339()
        ),
    }
}

/// `(time, event, count)` of a 37-byte log body (no MAC check), for the hold events only.
fn hold_entry(b: &[u8]) -> Option<(DateTime<Utc>, AccessEvent, u32)> {
    let ev = AccessEvent::from_code(*b.get(16)?)?;
    if !matches!(
        ev,
        AccessEvent::HoldPlaced | AccessEvent::HoldOverridden | AccessEvent::HoldReleased
    ) {
        return None;
    }
    let ms = i64::from_le_bytes(b.get(8..16)?.try_into().ok()?);
    let count = u32::from_le_bytes(b.get(17..21)?.try_into().ok()?);
    Some((
        DateTime::from_timestamp_millis(ms).unwrap_or_default(),
        ev,
        count,
    ))
}

impl State {
    /// The holds from the log entries the transaction chain admitted (entry MACs are not
    /// recomputed here: this runs before every delete and wipe; `access_log` verifies them).
    fn holds(&self) -> Vec<VaultHold> {
        fold(self.logs.iter().filter_map(|off| {
            let start = off + FRAME_HDR;
            hold_entry(self.data.get(start..start + LOG_BODY)?)
        }))
    }

    /// Whether a hold in the log is on and not overridden.
    pub(super) fn held(&self) -> bool {
        self.holds().iter().any(VaultHold::blocks)
    }

    /// Replaced or deleted contact versions whose ciphertext is still in the file (kept
    /// from the in-place erasure while a hold is on, `docs/vault-format.md` §5.1).
    pub(super) fn kept_versions(&self) -> usize {
        self.pending_scrub
            .iter()
            .filter(|&&off| {
                frame_at(&self.data, off).is_some_and(|f| {
                    f.kind == K_RECORD
                        && f.verify(&self.data)
                        && parse_record(&self.data[f.body_start..f.end])
                            .is_some_and(|r| r.ct.iter().any(|b| *b != 0))
                })
            })
            .count()
    }

    /// A compaction (any rewrite) drops replaced and deleted versions: refused with
    /// [`Error::LegalHold`] while a hold is on and not overridden and such versions are kept
    /// in the file. A vault with none (e.g. compacted before the hold) still compacts.
    pub(super) fn check_hold_compaction(&self) -> Result<()> {
        if !self.held() {
            return Ok(());
        }
        match self.kept_versions() {
            0 => Ok(()),
            n => self.check_hold(&format!(
                "compaction ({n} replaced or deleted contact version(s) kept under the hold would be dropped)"
            )),
        }
    }

    /// [`Error::LegalHold`] if a hold in the log refuses `refused`.
    pub(super) fn check_hold(&self, refused: &str) -> Result<()> {
        match self.holds().iter().find(|h| h.blocks()) {
            Some(h) => Err(refusal(h, refused, &hex(&self.hdr.vault_id))),
            None => Ok(()),
        }
    }
}

/// For `wipe_file`: the holds in a vault file read without its key (log frames whose frame
/// check verifies; the MAC chain cannot be checked without the key).
pub(super) fn check_file_holds(file: &[u8]) -> Result<()> {
    let start = if file.len() >= 12 {
        usize::from(u16::from_le_bytes([file[10], file[11]]))
    } else {
        return Ok(());
    };
    let mut sc = Scanner::new(start.max(HEADER_LEN_V1), false);
    let mut entries = Vec::new();
    while let Some(it) = sc.next_item(file) {
        if let Item::Frame(f) = it
            && f.kind == K_LOG
            && f.end - f.body_start == LOG_BODY
            && let Some(e) = hold_entry(&file[f.body_start..f.end])
        {
            entries.push(e);
        }
    }
    let id = file.get(16..32).map(hex).unwrap_or_default();
    match fold(entries.into_iter()).iter().find(|h| h.blocks()) {
        Some(h) => Err(refusal(h, "wipe_file", &id)),
        None => Ok(()),
    }
}

impl Vault {
    /// Place, override or release a legal hold on this vault, recorded in its authenticated
    /// access log (one synced entry: the host clock's time and [`hold_reference`] of
    /// `hold_id`). While a hold is on and not overridden, [`Vault::wipe`],
    /// [`Vault::wipe_reporting`], [`Vault::wipe_file`], [`Vault::delete`], the retention
    /// review and the hand-over's retention deletion and wipe refuse with
    /// [`Error::LegalHold`] (adding and reading contacts stay allowed).
    ///
    /// `place` refuses a hold id already on (`InvalidInput`); `override` and `release` need an
    /// active hold with that id (`NotFound`). Who decided it and why are not written into the
    /// vault file (its log holds no names): record them under the same hold id in the register
    /// ([`crate::device::Register::hold`]) or the incident log. Returns the vault's holds.
    pub fn hold(&self, action: HoldAction, hold_id: &str) -> Result<Vec<VaultHold>> {
        if hold_id.trim().is_empty() {
            return Err(Error::invalid("hold_id", "must not be empty"));
        }
        self.with_write(|st| {
            let reference = hold_reference(hold_id);
            let r = format!("{reference:08x}");
            let on = st
                .holds()
                .iter()
                .any(|h| h.reference == r && h.released_at.is_none());
            let event = match (action, on) {
                (HoldAction::Place, true) => {
                    return Err(Error::invalid(
                        "hold_id",
                        format!("hold `{hold_id}` is already on this vault"),
                    ));
                }
                (HoldAction::Place, false) => AccessEvent::HoldPlaced,
                (_, false) => {
                    return Err(Error::not_found(format!(
                        "active legal hold `{hold_id}` on this vault"
                    )));
                }
                (HoldAction::Override, true) => AccessEvent::HoldOverridden,
                (HoldAction::Release, true) => AccessEvent::HoldReleased,
            };
            let f = st.log_frame(event, reference, st.clock.now());
            st.commit(f)?;
            Ok(st.holds())
        })
    }

    /// [`Error::LegalHold`] naming the first hold in the log that is on and not overridden,
    /// for an erase described by `refused` (e.g. `"retention deletion"`); `Ok` otherwise.
    pub fn check_hold(&self, refused: &str) -> Result<()> {
        self.with_read(|st| st.check_hold(refused))
    }

    /// The legal holds in the vault's access log (active, overridden and released).
    pub fn holds(&self) -> Result<Vec<VaultHold>> {
        self.with_read(|st| Ok(st.holds()))
    }
}
