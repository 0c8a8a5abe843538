//! Server side of `passcode+server` key slots: issue a share, release it after the host has
//! authenticated the user, revoke (destroy) it on a loss report — and a hash-chained log of
//! every one of these steps with its time, so that a revocation is a fact that can be shown,
//! not a promise.
//!
//! A company server embeds the same library: it keeps a [`ShareRegistry`], hands a fresh
//! share to a device when it enrols a vault, and releases it again at every unlock. The
//! transport and the user authentication are the host's. The library has no clock: every
//! step takes its time from the caller.
//!
//! **What a revocation does and does not do.** Once a share is revoked, the vault's server
//! slot opens no copy of the file, made before or after: the share is half of that slot's
//! key-encryption key and exists nowhere else. It does **not** reach a share released
//! earlier — whoever fetched the share (e.g. with the logged-in phone after it was lost)
//! can still open an imaged copy by guessing the passcode — nor another slot of the vault (a
//! recovery key opens every copy whatever happens to the share). That is why the registry
//! keeps its [`ShareLog`] and why the incident link grants the remote-erasure exemption only
//! when the log shows no release after the device was last confirmed in hand
//! (`docs/incident.md`, "Remote erasure of a server share").
//!
//! **The log** (`mamori.share_log.v1`, `docs/vault-format.md` §15): one entry per issue,
//! import, release, revocation and legal-hold event, in the order they happened, each with its time and a
//! SHA-256 hash chain (the canonical form of the incident log). The server persists it with
//! [`ShareRegistry::log`] (no secret is in it) and loads it back with
//! [`ShareRegistry::restore`], which refuses an edited, removed, inserted or reordered entry
//! with an error naming it; the shares' secrets are persisted separately and loaded with
//! [`ShareRegistry::insert`]. [`ShareLog::released_after`] answers "was share X released
//! after time T?".
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mamori::vault::keyshare::ShareRegistry;
//! let t = |h| Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap();
//! let mut reg = ShareRegistry::new();
//! let issued = reg.issue(&mut rand_core::OsRng, t(9));
//! assert_eq!(*reg.release(&issued.id, t(10))?, *issued.share);
//! reg.revoke(&issued.id, t(12))?;
//! assert_eq!(reg.release(&issued.id, t(13)).unwrap_err().code(), mamori::ErrorCode::ShareRevoked);
//!
//! // Persist the log (and the live shares, elsewhere); reload it with verification.
//! let json = serde_json::to_string(&reg.log())?;
//! let head = reg.head().map(str::to_string);
//! let log: mamori::vault::keyshare::ShareLog = serde_json::from_str(&json)?;
//! let back = ShareRegistry::restore(&log, head.as_deref())?;
//! assert!(back.is_revoked(&issued.id));
//! // Released at 10:00, so after 09:30 but not after 11:00.
//! assert_eq!(log.released_after(&issued.id, t(11)).released_after, Some(false));
//! assert_eq!(log.released_after(&issued.id, t(9)).released_after, Some(true));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rand_core::CryptoRngCore;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::hashchain::{genesis_of, hex as hex_of, record_hash};
use crate::hold::{HoldAction, HoldDecision, LegalHold, apply_hold_event, check_holds};
use crate::{Error, Result};

/// A share id: 16 random bytes, public (the vault records it in its slot).
pub type ShareId = [u8; 16];

/// Schema tag of [`ShareLog`].
pub const SHARE_LOG_SCHEMA: &str = "mamori.share_log.v1";
/// Schema tag of [`ReleaseCheck`].
pub const RELEASE_CHECK_SCHEMA: &str = "mamori.share_release_check.v1";

/// A freshly issued share.
pub struct IssuedShare {
    /// The id the server records with the user's account and the vault stores in its slot.
    pub id: ShareId,
    /// The 32-byte secret share (zeroized on drop). Send it to the device over an
    /// authenticated channel; the device uses it and forgets it.
    pub share: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for IssuedShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedShare")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// What one log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ShareOp {
    /// A new share was drawn ([`ShareRegistry::issue`]): its history starts here.
    Issued,
    /// A share from outside this log was loaded ([`ShareRegistry::insert`] of an id the log
    /// does not know, e.g. one issued before the registry kept a log): releases before this
    /// entry are not in the log.
    Imported,
    /// The share was handed out ([`ShareRegistry::release`]).
    Released,
    /// The share was destroyed ([`ShareRegistry::revoke`], or [`ShareRegistry::insert_revoked`]
    /// for a revocation from before the log).
    Revoked,
    /// A legal hold was placed on the share ([`ShareRegistry::hold`]): revoking it is refused
    /// with [`Error::LegalHold`] while the hold is on and not overridden. The entry's `hold`
    /// names the hold id, who decided it and why; `at` is when.
    HoldPlaced,
    /// A revocation is allowed despite the hold (who decided it, when and why in `hold`).
    HoldOverridden,
    /// The hold ends.
    HoldReleased,
}

impl ShareOp {
    /// The name as in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One entry of a [`ShareLog`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareLogEntry {
    /// Position in the log, from 0.
    pub seq: u64,
    /// What happened.
    pub op: ShareOp,
    /// The legal hold a `hold_placed`, `hold_overridden` or `hold_released` entry records
    /// (absent from every other entry, so logs written before holds existed keep their
    /// hashes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<ShareHoldEntry>,
    /// The share's id (32 lower-case hex digits), as the vault's manifest names it.
    pub share_id: String,
    /// When, as the caller said (the library has no clock). `null` = the caller gave no time
    /// (the C functions without `_at`): such an entry can never show that something happened
    /// *before* a given time.
    pub at: Option<DateTime<Utc>>,
    /// The previous entry's `hash` (for the first entry: hex SHA-256 of
    /// `"mamori.share_log.v1:"`).
    pub prev: String,
    /// Lowercase hex SHA-256 of the entry's canonical bytes (the entry without `hash`, in the
    /// canonical JSON of `docs/incident.md`).
    pub hash: String,
}

/// The hold of a `hold_*` entry of a [`ShareLog`] (the time is the entry's `at`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareHoldEntry {
    /// The hold's id (the matter or case number, as in the register or the incident log).
    pub hold_id: String,
    /// Who decided it (counsel, an officer).
    pub by: String,
    /// Why (never empty).
    pub reason: String,
}

/// The registry's log (`schema: "mamori.share_log.v1"`): every issue, import, release,
/// revocation and legal-hold event in the order they happened. No secret is in it.
///
/// ```json
/// {"schema": "mamori.share_log.v1", "entries": [
///   {"seq": 0, "op": "issued", "share_id": "0f1e…", "at": "2026-12-01T09:00:00Z",
///    "prev": "5d2c…", "hash": "a1b7…"},
///   {"seq": 1, "op": "released", "share_id": "0f1e…", "at": "2026-12-01T10:00:00Z",
///    "prev": "a1b7…", "hash": "93c0…"}]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareLog {
    /// Always `"mamori.share_log.v1"`.
    pub schema: String,
    /// The entries, oldest first.
    pub entries: Vec<ShareLogEntry>,
}

/// The answer of [`ShareLog::released_after`] (`schema: "mamori.share_release_check.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseCheck {
    /// Always `"mamori.share_release_check.v1"`.
    pub schema: String,
    /// The share asked about (32 lower-case hex digits).
    pub share_id: String,
    /// The time asked about.
    pub after: DateTime<Utc>,
    /// `true`: the log shows a release at or after `after`; `false`: it shows none and
    /// covers the share's history from before `after` to its end; `null`: it cannot tell (the
    /// share is not in the log, its history starts later or at an unknown time, or a release
    /// has no time). A share not revoked may still be released after the log's last entry:
    /// see `revoked`.
    pub released_after: Option<bool>,
    /// The releases at or after `after` (times as recorded).
    pub releases_after: Vec<DateTime<Utc>>,
    /// Releases whose time was not given and that the log's order cannot place before `after`
    /// (an untimed release recorded after an entry dated at or after `after` counts as a
    /// release after it, here and in `released_after`).
    pub untimed_releases: u64,
    /// The log shows the share revoked (no release can follow).
    pub revoked: bool,
    /// When (`null` when not revoked or the time was not given).
    pub revoked_at: Option<DateTime<Utc>>,
    /// The answer in a sentence (English).
    pub reason: String,
}

fn genesis() -> String {
    genesis_of(SHARE_LOG_SCHEMA, ":")
}

/// What a hold on share `id` is on (`server share 0f1e…`).
fn hold_subject(id: &ShareId) -> String {
    format!("server share {}", hex_of(id))
}

/// The hold event of a `hold_*` entry.
fn hold_action(op: ShareOp) -> Option<HoldAction> {
    match op {
        ShareOp::HoldPlaced => Some(HoldAction::Place),
        ShareOp::HoldOverridden => Some(HoldAction::Override),
        ShareOp::HoldReleased => Some(HoldAction::Release),
        ShareOp::Issued | ShareOp::Imported | ShareOp::Released | ShareOp::Revoked => None,
    }
}

/// A share id from its 32 hexadecimal digits (as in the log and the manifest); anything
/// else (another length, a sign, a non-hex character) is `None`.
///
/// ```
/// use mamori::vault::keyshare::share_id_from_hex;
/// assert_eq!(share_id_from_hex("000102030405060708090a0b0c0d0e0f").map(|id| id[15]), Some(15));
/// assert_eq!(share_id_from_hex(&"+f".repeat(16)), None);
/// ```
pub fn share_id_from_hex(s: &str) -> Option<ShareId> {
    crate::hashchain::unhex::<16>(s)
}

impl ShareLog {
    /// An empty log.
    pub fn new() -> Self {
        ShareLog {
            schema: SHARE_LOG_SCHEMA.to_string(),
            entries: Vec::new(),
        }
    }

    /// The last entry's hash (`None` for an empty log). Note it somewhere the server's
    /// operators cannot rewrite (the incident log does, in `key_share_revoked`) and pass it to
    /// [`ShareLog::verify`] to detect a log cut short or rewritten whole.
    pub fn head(&self) -> Option<&str> {
        self.entries.last().map(|e| e.hash.as_str())
    }

    /// Check the schema tag, every entry's `seq`, `share_id`, `prev` and `hash`, and (when
    /// given) that the log ends at `expected_head`. The error names the first entry that
    /// fails (`entries[3].hash`): an entry edited, removed, inserted or reordered.
    pub fn verify(&self, expected_head: Option<&str>) -> Result<()> {
        if self.schema != SHARE_LOG_SCHEMA {
            return Err(Error::invalid(
                "schema",
                format!("expected \"{SHARE_LOG_SCHEMA}\", found \"{}\"", self.schema),
            ));
        }
        let mut prev = genesis();
        for (i, e) in self.entries.iter().enumerate() {
            let at = |f: &str| format!("entries[{i}].{f}");
            if e.seq != i as u64 {
                return Err(Error::invalid(
                    at("seq"),
                    format!(
                        "entry {i} says seq {}: an entry was removed, inserted or reordered",
                        e.seq
                    ),
                ));
            }
            if share_id_from_hex(&e.share_id).is_none() {
                return Err(Error::invalid(
                    at("share_id"),
                    "expected 32 hexadecimal digits (16 bytes)",
                ));
            }
            if e.prev != prev {
                return Err(Error::invalid(
                    at("prev"),
                    format!(
                        "entry {i} does not follow entry {}: an entry before it was removed, \
                         inserted or reordered",
                        i.saturating_sub(1)
                    ),
                ));
            }
            if record_hash(e)? != e.hash {
                return Err(Error::invalid(
                    at("hash"),
                    format!(
                        "entry {i} ({} of share {}) does not match its hash: it was changed \
                         after it was recorded",
                        e.op.as_str(),
                        e.share_id
                    ),
                ));
            }
            prev = e.hash.clone();
        }
        if let Some(h) = expected_head
            && self.head() != Some(h)
        {
            return Err(Error::invalid(
                "entries",
                format!(
                    "the log ends at {} entries but not at the expected head {h}: entries were \
                     removed at the end, or the log was rewritten",
                    self.entries.len()
                ),
            ));
        }
        Ok(())
    }

    fn push(
        &mut self,
        op: ShareOp,
        id: &ShareId,
        at: Option<DateTime<Utc>>,
        hold: Option<ShareHoldEntry>,
    ) -> Result<()> {
        let mut e = ShareLogEntry {
            seq: self.entries.len() as u64,
            op,
            hold,
            share_id: hex_of(id),
            at,
            prev: self.head().map_or_else(genesis, str::to_string),
            hash: String::new(),
        };
        e.hash = record_hash(&e)?;
        self.entries.push(e);
        Ok(())
    }

    /// Was share `id` released at or after `after`? Reads the log as it is (verify it first:
    /// [`ShareLog::verify`]). A release at exactly `after` counts as after.
    pub fn released_after(&self, id: &ShareId, after: DateTime<Utc>) -> ReleaseCheck {
        let hex = hex_of(id);
        let mut found = false;
        // From when the log covers the share's releases: `Some(None)` = from the start (it
        // was issued in this log), `Some(Some(t))` = from t, `None` = from an unknown time.
        let mut covered_from: Option<Option<DateTime<Utc>>> = None;
        let mut releases_after = Vec::new();
        let mut untimed = 0u64;
        let mut untimed_after = 0u64;
        let mut revoked = false;
        let mut revoked_at = None;
        // The latest time recorded so far in the log (of any share): an untimed entry after
        // an entry at or after `after` happened at or after it too.
        let mut latest: Option<DateTime<Utc>> = None;
        for e in &self.entries {
            if e.share_id == hex {
                if !found {
                    found = true;
                    covered_from = match e.op {
                        ShareOp::Issued => Some(None),
                        _ => e.at.map(Some),
                    };
                }
                match e.op {
                    ShareOp::Released => match e.at {
                        Some(t) if t >= after => releases_after.push(t),
                        Some(_) => {}
                        None if latest.is_some_and(|l| l >= after) => untimed_after += 1,
                        None => untimed += 1,
                    },
                    ShareOp::Revoked => {
                        revoked = true;
                        revoked_at = revoked_at.or(e.at);
                    }
                    ShareOp::Issued
                    | ShareOp::Imported
                    | ShareOp::HoldPlaced
                    | ShareOp::HoldOverridden
                    | ShareOp::HoldReleased => {}
                }
            }
            if let Some(t) = e.at {
                latest = Some(latest.map_or(t, |l| l.max(t)));
            }
        }
        let covered = match covered_from {
            Some(None) => true,
            Some(Some(t)) => t <= after,
            None => false,
        };
        let (released_after, reason) = if !found {
            (
                None,
                format!("share {hex} is not in the registry log: its releases are unknown"),
            )
        } else if let Some(t) = releases_after.first() {
            (
                Some(true),
                format!(
                    "share {hex} was released at {} (at or after {})",
                    t.to_rfc3339(),
                    after.to_rfc3339()
                ),
            )
        } else if untimed_after > 0 {
            (
                Some(true),
                format!(
                    "share {hex} was released without a recorded time after a log entry dated \
                     at or after {}",
                    after.to_rfc3339()
                ),
            )
        } else if untimed > 0 {
            (
                None,
                format!(
                    "share {hex} has {untimed} release(s) recorded without a time: the log \
                     cannot show they were before {}",
                    after.to_rfc3339()
                ),
            )
        } else if !covered {
            (
                None,
                format!(
                    "the registry log covers share {hex} only from {} (imported from outside \
                     the log): releases between {} and then are unknown",
                    covered_from
                        .flatten()
                        .map_or_else(|| "an unknown time".to_string(), |t| t.to_rfc3339()),
                    after.to_rfc3339()
                ),
            )
        } else if revoked {
            (
                Some(false),
                format!(
                    "share {hex} was not released at or after {} and was revoked{}",
                    after.to_rfc3339(),
                    revoked_at.map_or_else(
                        || " (time not given)".to_string(),
                        |t| format!(" at {}", t.to_rfc3339())
                    )
                ),
            )
        } else {
            (
                Some(false),
                format!(
                    "share {hex} was not released at or after {} up to the log's last entry; it \
                     is not revoked, so it may be released later",
                    after.to_rfc3339()
                ),
            )
        };
        ReleaseCheck {
            schema: RELEASE_CHECK_SCHEMA.to_string(),
            share_id: hex,
            after,
            released_after,
            releases_after,
            untimed_releases: untimed + untimed_after,
            revoked,
            revoked_at,
            reason,
        }
    }
}

impl Default for ShareLog {
    fn default() -> Self {
        Self::new()
    }
}

/// The server's table of shares and its [`ShareLog`] (in memory; the server persists both).
#[derive(Default)]
pub struct ShareRegistry {
    /// Secrets of live shares loaded into this registry.
    live: BTreeMap<ShareId, Zeroizing<[u8; 32]>>,
    /// Ids the log shows issued or imported and not revoked (secret loaded or not).
    known: BTreeSet<ShareId>,
    revoked: BTreeSet<ShareId>,
    /// Legal holds per share, folded from the log's `hold_*` entries.
    holds: BTreeMap<ShareId, Vec<LegalHold>>,
    log: ShareLog,
}

impl std::fmt::Debug for ShareRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShareRegistry")
            .field("live", &self.live.len())
            .field("revoked", &self.revoked.len())
            .field("log_entries", &self.log.entries.len())
            .finish()
    }
}

impl ShareRegistry {
    /// An empty registry with an empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Rebuild a registry from a persisted log, after checking it ([`ShareLog::verify`]: an
    /// edited, removed, inserted or reordered entry is refused with an error naming it;
    /// `expected_head`, when given, also catches a log cut short). Revoked ids are refused
    /// from then on; the secrets of the live shares are not in the log: load them with
    /// [`ShareRegistry::insert`].
    pub fn restore(log: &ShareLog, expected_head: Option<&str>) -> Result<Self> {
        log.verify(expected_head)?;
        let mut r = ShareRegistry {
            log: log.clone(),
            ..Self::default()
        };
        for (i, e) in log.entries.iter().enumerate() {
            // `verify` has checked every id; an unparsable one is still an error, not a panic.
            let Some(id) = share_id_from_hex(&e.share_id) else {
                return Err(Error::invalid(
                    format!("entries[{i}].share_id"),
                    "expected 32 hexadecimal digits (16 bytes)",
                ));
            };
            if let Some(action) = hold_action(e.op) {
                r.fold_hold(i, e, &id, action)?;
                continue;
            }
            if e.hold.is_some() {
                return Err(Error::invalid(
                    format!("entries[{i}].hold"),
                    format!("a `{}` entry records no hold", e.op.as_str()),
                ));
            }
            match e.op {
                ShareOp::Issued | ShareOp::Imported => {
                    if !r.revoked.contains(&id) {
                        r.known.insert(id);
                    }
                }
                ShareOp::Revoked => {
                    r.known.remove(&id);
                    r.revoked.insert(id);
                }
                ShareOp::Released
                | ShareOp::HoldPlaced
                | ShareOp::HoldOverridden
                | ShareOp::HoldReleased => {}
            }
        }
        Ok(r)
    }

    /// Replay the `hold_*` entry `i` of a verified log.
    fn fold_hold(
        &mut self,
        i: usize,
        e: &ShareLogEntry,
        id: &ShareId,
        action: HoldAction,
    ) -> Result<()> {
        let (Some(h), Some(at)) = (&e.hold, e.at) else {
            return Err(Error::invalid(
                format!("entries[{i}]"),
                format!("a `{}` entry needs its `hold` and its time", e.op.as_str()),
            ));
        };
        let decision = HoldDecision {
            by: h.by.clone(),
            at: at.fixed_offset(),
            reason: h.reason.clone(),
        };
        let holds = self.holds.entry(*id).or_default();
        apply_hold_event(holds, &hold_subject(id), action, &h.hold_id, decision).map_err(|err| {
            Error::invalid(
                format!("entries[{i}].hold"),
                format!("does not follow the share's earlier hold entries: {err}"),
            )
        })
    }

    /// Issue a new random share at `at` and record it.
    pub fn issue(&mut self, rng: &mut dyn CryptoRngCore, at: DateTime<Utc>) -> IssuedShare {
        self.issue_opt(rng, Some(at))
    }

    pub(crate) fn issue_opt(
        &mut self,
        rng: &mut dyn CryptoRngCore,
        at: Option<DateTime<Utc>>,
    ) -> IssuedShare {
        let mut id = [0u8; 16];
        let mut share = Zeroizing::new([0u8; 32]);
        loop {
            rng.fill_bytes(&mut id);
            if !self.known.contains(&id) && !self.revoked.contains(&id) {
                break;
            }
        }
        rng.fill_bytes(share.as_mut());
        self.push(ShareOp::Issued, &id, at);
        self.known.insert(id);
        self.live.insert(id, share.clone());
        IssuedShare { id, share }
    }

    fn push(&mut self, op: ShareOp, id: &ShareId, at: Option<DateTime<Utc>>) {
        self.push_entry(op, id, at, None);
    }

    fn push_entry(
        &mut self,
        op: ShareOp,
        id: &ShareId,
        at: Option<DateTime<Utc>>,
        hold: Option<ShareHoldEntry>,
    ) {
        // Hashing a record of strings, integers and times cannot fail.
        self.log
            .push(op, id, at, hold)
            .expect("share log entry serialises");
    }

    /// Load the secret of a share the server persisted (on start-up, after
    /// [`ShareRegistry::restore`]). [`Error::ShareRevoked`] if the log shows it revoked: a
    /// revoked share never comes back. An id the log does not know (a share from before the
    /// registry kept a log) is recorded as `imported` with no time: the log cannot show its
    /// earlier releases.
    pub fn insert(&mut self, id: ShareId, share: &[u8; 32]) -> Result<()> {
        if self.revoked.contains(&id) {
            return Err(Error::ShareRevoked);
        }
        if !self.known.contains(&id) {
            self.push(ShareOp::Imported, &id, None);
            self.known.insert(id);
        }
        self.live.insert(id, Zeroizing::new(*share));
        Ok(())
    }

    /// Record a revoked id from before the registry kept a log (so it is refused forever).
    /// Nothing happens if the log already shows it revoked.
    pub fn insert_revoked(&mut self, id: ShareId) {
        if self.revoked.insert(id) {
            self.push(ShareOp::Revoked, &id, None);
        }
        self.known.remove(&id);
        self.live.remove(&id);
    }

    /// The share for `id`, to send to an authenticated device at `at`; the release is
    /// recorded. [`Error::ShareRevoked`] after [`ShareRegistry::revoke`]; [`Error::NotFound`]
    /// for an unknown id or one whose secret was not loaded ([`ShareRegistry::insert`]).
    pub fn release(&mut self, id: &ShareId, at: DateTime<Utc>) -> Result<Zeroizing<[u8; 32]>> {
        self.release_opt(id, Some(at))
    }

    pub(crate) fn release_opt(
        &mut self,
        id: &ShareId,
        at: Option<DateTime<Utc>>,
    ) -> Result<Zeroizing<[u8; 32]>> {
        if self.revoked.contains(id) {
            return Err(Error::ShareRevoked);
        }
        let share = self.live.get(id).cloned().ok_or_else(|| {
            Error::not_found(if self.known.contains(id) {
                "key share secret (the log knows the id: load the secret with insert)"
            } else {
                "key share"
            })
        })?;
        self.push(ShareOp::Released, id, at);
        Ok(share)
    }

    /// Destroy the share at `at` (loss report): its bytes are zeroized, the id is refused from
    /// now on and the revocation is recorded. Idempotent (a second call records nothing);
    /// [`Error::NotFound`] for an id never issued. A revocation crypto-erases the vault's
    /// server slot, so it is refused with [`Error::LegalHold`] (naming the hold, who placed it,
    /// when and why; nothing recorded) while a legal hold on the share
    /// ([`ShareRegistry::hold`]) is on and no override is recorded.
    pub fn revoke(&mut self, id: &ShareId, at: DateTime<Utc>) -> Result<()> {
        self.revoke_opt(id, Some(at))
    }

    pub(crate) fn revoke_opt(&mut self, id: &ShareId, at: Option<DateTime<Utc>>) -> Result<()> {
        if self.revoked.contains(id) {
            return Ok(());
        }
        if !self.known.contains(id) {
            return Err(Error::not_found("key share"));
        }
        if let Some(holds) = self.holds.get(id) {
            check_holds(holds, "revocation (crypto-erase)")?;
        }
        self.known.remove(id);
        drop(self.live.remove(id));
        self.revoked.insert(*id);
        self.push(ShareOp::Revoked, id, at);
        Ok(())
    }

    /// Place, override or release a legal hold on share `id`, recorded in the log with who
    /// decided it, when and why (`decision`). While a hold is on and not overridden,
    /// [`ShareRegistry::revoke`] (and every path through it: the C functions, the hand-over's
    /// [`crate::handover::Handover::revoke_share`]) refuses with [`Error::LegalHold`]. The
    /// hand-over's step also reads the source vault's own holds; for a revocation outside it,
    /// place here every hold on the device, vault or incident the share protects (the
    /// register's [`crate::device::Register::holds`], the incident's state): the registry
    /// cannot see them.
    ///
    /// `place` refuses a hold id already on; `override` and `release` need an active hold
    /// with that id ([`Error::NotFound`]); empty actor, hold id or reason are
    /// [`Error::InvalidInput`] naming the field. [`Error::NotFound`] for an id the registry
    /// does not know, [`Error::ShareRevoked`] for a revoked one. Returns the share's holds.
    pub fn hold(
        &mut self,
        id: &ShareId,
        action: HoldAction,
        hold_id: &str,
        decision: HoldDecision,
    ) -> Result<Vec<LegalHold>> {
        if self.revoked.contains(id) {
            return Err(Error::ShareRevoked);
        }
        if !self.known.contains(id) {
            return Err(Error::not_found("key share"));
        }
        let mut holds = self.holds.get(id).cloned().unwrap_or_default();
        let at = decision.at.with_timezone(&Utc);
        let entry = ShareHoldEntry {
            hold_id: hold_id.to_string(),
            by: decision.by.clone(),
            reason: decision.reason.clone(),
        };
        apply_hold_event(&mut holds, &hold_subject(id), action, hold_id, decision)?;
        let op = match action {
            HoldAction::Place => ShareOp::HoldPlaced,
            HoldAction::Override => ShareOp::HoldOverridden,
            HoldAction::Release => ShareOp::HoldReleased,
        };
        self.push_entry(op, id, Some(at), Some(entry));
        self.holds.insert(*id, holds.clone());
        Ok(holds)
    }

    /// The legal holds on share `id` (active, overridden and released), from the log.
    pub fn holds(&self, id: &ShareId) -> Vec<LegalHold> {
        self.holds.get(id).cloned().unwrap_or_default()
    }

    /// Whether `id` was revoked.
    pub fn is_revoked(&self, id: &ShareId) -> bool {
        self.revoked.contains(id)
    }

    /// The ids of the live (not revoked) shares whose secret is loaded.
    pub fn live_ids(&self) -> Vec<ShareId> {
        self.live.keys().copied().collect()
    }

    /// The log (a copy, to persist or to attach to an incident's `key_share_revoked` event).
    pub fn log(&self) -> ShareLog {
        self.log.clone()
    }

    /// The log's last hash ([`ShareLog::head`]).
    pub fn head(&self) -> Option<&str> {
        self.log.head()
    }

    /// Was share `id` released at or after `after`? See [`ShareLog::released_after`].
    pub fn released_after(&self, id: &ShareId, after: DateTime<Utc>) -> ReleaseCheck {
        self.log.released_after(id, after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    fn t(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap()
    }

    fn registry() -> (ShareRegistry, ShareId, ShareId) {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let mut r = ShareRegistry::new();
        let a = r.issue(&mut rng, t(1)).id;
        let b = r.issue(&mut rng, t(2)).id;
        r.release(&a, t(3)).unwrap();
        r.release(&b, t(4)).unwrap();
        r.release(&a, t(5)).unwrap();
        r.revoke(&a, t(6)).unwrap();
        (r, a, b)
    }

    #[test]
    fn every_step_is_logged_with_its_time_and_the_log_verifies() {
        let (r, a, _) = registry();
        let log = r.log();
        assert_eq!(log.entries.len(), 6);
        let ops: Vec<_> = log.entries.iter().map(|e| (e.op, e.at)).collect();
        assert_eq!(ops[0], (ShareOp::Issued, Some(t(1))));
        assert_eq!(ops[5], (ShareOp::Revoked, Some(t(6))));
        log.verify(r.head()).unwrap();
        // Revoking again records nothing; a release after the revocation is refused and not
        // recorded.
        let mut r = r;
        r.revoke(&a, t(7)).unwrap();
        assert_eq!(
            r.release(&a, t(8)).unwrap_err().code(),
            crate::ErrorCode::ShareRevoked
        );
        assert_eq!(r.log().entries.len(), 6);
    }

    #[test]
    fn released_after_answers_from_the_log() {
        let (r, a, b) = registry();
        let c = r.released_after(&a, t(4));
        assert_eq!(c.released_after, Some(true));
        assert_eq!(c.releases_after, vec![t(5)]);
        assert!(c.revoked);
        assert_eq!(c.revoked_at, Some(t(6)));
        let c = r.released_after(&a, t(6));
        assert_eq!(c.released_after, Some(false), "{}", c.reason);
        // At exactly the time counts as after.
        assert_eq!(r.released_after(&a, t(5)).released_after, Some(true));
        // b is not revoked: no release after 05:00 so far, but the reason says it may come.
        let c = r.released_after(&b, t(5));
        assert_eq!(c.released_after, Some(false));
        assert!(!c.revoked && c.reason.contains("may be released later"));
        // Unknown share: cannot tell.
        assert_eq!(r.released_after(&[9; 16], t(0)).released_after, None);
    }

    #[test]
    fn an_imported_share_or_an_untimed_release_cannot_show_absence() {
        let mut r = ShareRegistry::new();
        let id = [3u8; 16];
        r.insert(id, &[1; 32]).unwrap();
        // Imported without a time: its releases before the import are unknown.
        assert_eq!(r.released_after(&id, t(1)).released_after, None);
        r.revoke(&id, t(9)).unwrap();
        assert_eq!(r.released_after(&id, t(1)).released_after, None);
        let mut r = ShareRegistry::new();
        let id = r.issue(&mut ChaCha20Rng::seed_from_u64(1), t(1)).id;
        r.release_opt(&id, None).unwrap();
        let c = r.released_after(&id, t(2));
        assert_eq!((c.released_after, c.untimed_releases), (None, 1));
    }

    #[test]
    fn restore_refuses_an_edited_or_reordered_log_naming_the_entry() {
        let (r, a, b) = registry();
        let log = r.log();
        let back = ShareRegistry::restore(&log, r.head()).unwrap();
        assert!(back.is_revoked(&a) && !back.is_revoked(&b));
        // The secrets are not in the log: b's must be loaded again before it is released.
        let mut back = back;
        assert_eq!(
            back.release(&b, t(9)).unwrap_err().code(),
            crate::ErrorCode::NotFound
        );
        back.insert(b, &[5; 32]).unwrap();
        assert_eq!(*back.release(&b, t(9)).unwrap(), [5; 32]);
        assert_eq!(
            back.insert(a, &[5; 32]).unwrap_err().code(),
            crate::ErrorCode::ShareRevoked
        );

        // A release moved to before the device was lost.
        let mut edited = log.clone();
        edited.entries[4].at = Some(t(2));
        let e = ShareRegistry::restore(&edited, None).unwrap_err();
        assert!(e.to_string().contains("entries[4].hash"), "{e}");
        // The last release removed (and the rest re-linked by hand would still break the seq).
        let mut removed = log.clone();
        removed.entries.remove(4);
        let e = ShareRegistry::restore(&removed, None).unwrap_err();
        assert!(e.to_string().contains("entries[4]"), "{e}");
        // Two entries swapped.
        let mut swapped = log.clone();
        swapped.entries.swap(2, 3);
        let e = ShareRegistry::restore(&swapped, None).unwrap_err();
        assert!(e.to_string().contains("entries[2]"), "{e}");
        // Cut at the end: only the head catches it.
        let mut cut = log.clone();
        cut.entries.pop();
        ShareRegistry::restore(&cut, None).unwrap();
        let e = ShareRegistry::restore(&cut, r.head()).unwrap_err();
        assert!(e.to_string().contains("expected head"), "{e}");
        // A wrong schema tag.
        let mut other = log;
        other.schema = "mamori.share_log.v9".into();
        assert!(ShareRegistry::restore(&other, None).is_err());
    }
}
