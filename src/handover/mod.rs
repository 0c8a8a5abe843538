//! The leaver's hand-over (退職時の引継ぎ, `schema: "mamori.handover.v1"`): a departing
//! employee's (退職者) device vault is handed to a successor (後任者) or to the company, the
//! leaver's key is revoked, the old vault is crypto-erased (暗号消去) and the device returned
//! (端末返却). Every step is appended to a hash-chained record and checked by guards, so a
//! step cannot be skipped or taken out of order:
//!
//! | step | needs |
//! |---|---|
//! | `started` | — (first, once) |
//! | `contacts_moved` | started; every contact in the destination, count and per-contact digest equal |
//! | `key_revoked` | the move verified (the data is safe before the key goes) |
//! | `vault_wiped` | the move verified |
//! | `device_returned` | the key revoked **and** the vault wiped |
//!
//! A refused step is [`Error::InvalidEvent`] (code 301) whose message names the step, what is
//! missing and the next step; nothing is recorded. The flow needs neither an incident nor a
//! register: pass `Some(&mut register)` to keep the asset register in step
//! (`assigned` → `handing_over` → `in_stock`).
//!
//! **No plaintext on disk.** [`Handover::move_contacts`] reads the source with
//! [`Vault::export`] (logged in the source's access log), writes the destination with one
//! atomic [`Vault::put_many`], reads every moved contact back and compares a SHA-256 digest of
//! its content; contacts live only in memory and are zeroized on drop ([`Contact`] is
//! `ZeroizeOnDrop`). The record holds counts, vault ids and one aggregate digest, never a
//! name or a number.
//!
//! **What revocation means per key tier.**
//! - `passcode+server`: the server's share is destroyed ([`Handover::revoke_share`] through
//!   the [`ShareRegistry`]); every copy of the old file, made before or after, is undecryptable
//!   (verified by the library: `verified: true`).
//! - `host_key`: the host deletes the key from its keystore (declared by the host,
//!   `verified: false`); a copy of the file is safe only if the key never left the keystore.
//! - `passcode+platform`: the platform key is deleted on the device (declared); a copy made
//!   with a `software` factor stays openable by whoever holds that factor.
//! - `passcode`: there is nothing to revoke — a copy made before the hand-over still opens
//!   with the leaver's passcode. The step is recorded with a warning; only the wipe protects
//!   the device's own file. Prefer `passcode+server` vaults for staff who may leave.
//!
//! **Retention** ([`retention_review`], `mamori.retention.v1`): contacts not used for
//! `max_unused_days` are listed for deletion, from the host's last-used times when given,
//! else `updated_at`, else `created_at`; a contact with no date (or an unreadable record) is
//! listed as `unknown`, never kept silently as fresh.
//!
//! The library never reads the clock: every step takes its time.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::device::Register;
use crate::error::{Error, Result};
use crate::hashchain::{genesis_of, hex as hex_of, record_hash, unhex};
use crate::text::{Lang, t};
use crate::vault::keyshare::{ShareId, ShareRegistry};
use crate::vault::{Contact, ContactId, KeySource, Vault};

/// Schema tag of a hand-over record.
pub const HANDOVER_SCHEMA: &str = "mamori.handover.v1";
/// Schema tag of [`HandoverStatus`].
pub const HANDOVER_STATUS_SCHEMA: &str = "mamori.handover_status.v1";
/// Schema tag of [`RetentionReport`].
pub const RETENTION_SCHEMA: &str = "mamori.retention.v1";

/// Who receives the leaver's contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum RecipientKind {
    /// A named successor (後任者).
    Successor,
    /// The company (e.g. a shared sales vault).
    Company,
}

/// How the leaver's key was taken away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum RevocationMethod {
    /// The server share of a `passcode+server` vault was destroyed (verified by the library).
    ServerShareRevoked,
    /// The host key was deleted from the host's keystore (declared by the host).
    HostKeyDestroyed,
    /// The platform key of a `passcode+platform` vault was deleted (declared by the host).
    PlatformKeyDeleted,
    /// A passcode-only vault: nothing can be revoked; copies keep opening with the passcode.
    NothingToRevoke,
}

/// What one step of the hand-over did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum HandoverData {
    /// The hand-over started.
    Started {
        /// The departing employee (退職者).
        leaver: String,
        /// The successor (後任者) or the company unit receiving the contacts.
        recipient: String,
        /// Successor or company.
        recipient_kind: RecipientKind,
        /// The device's asset tag, if it is in a register.
        #[serde(default)]
        device_id: Option<String>,
        /// The source vault's id (hex).
        source_vault_id: String,
        /// The source vault's key source.
        source_key_source: KeySource,
        /// Contacts in the source at the start.
        source_contacts: u64,
        /// For a `passcode+server` vault: the server share's id (32 hex digits) to revoke.
        #[serde(default)]
        share_id: Option<String>,
    },
    /// The contacts were moved and the move verified.
    ContactsMoved {
        /// The destination vault's id (hex).
        destination_vault_id: String,
        /// The destination's key source (may be another tier than the source's).
        destination_key_source: KeySource,
        /// Contacts in the source when they were read.
        source_contacts: u64,
        /// Contacts written to the destination.
        moved: u64,
        /// Contacts left behind on purpose (listed for deletion by the retention rule); they
        /// are destroyed with the old vault.
        deleted_by_retention: u64,
        /// Contacts in the destination before and after the move.
        destination_before: u64,
        /// Contacts in the destination after the move (`destination_before + moved`).
        destination_after: u64,
        /// SHA-256 over the sorted per-contact digests of the moved contacts (hex).
        digest: String,
        /// Every moved contact read back from the destination with an equal digest.
        verified: bool,
    },
    /// The leaver's key was revoked (or, for a passcode-only vault, there was nothing to
    /// revoke).
    KeyRevoked {
        /// How.
        method: RevocationMethod,
        /// The source vault's key source.
        key_source: KeySource,
        /// The revoked share's id (hex), for `server_share_revoked`.
        #[serde(default)]
        share_id: Option<String>,
        /// `true` only where the library itself revoked and checked it (server share).
        verified: bool,
        /// The host's note (e.g. the keystore ticket).
        #[serde(default)]
        note: Option<String>,
    },
    /// The old vault was crypto-erased (key slots overwritten, file deleted).
    VaultWiped {
        /// The wiped vault's id (hex).
        vault_id: String,
        /// Whether the file is gone from the path the host gave (`null`: no path given).
        #[serde(default)]
        file_removed: Option<bool>,
        /// Caller-ID labels the vault had handed to the operating system were not reported
        /// removed (its manifest's `labels_outside_vault` was not `none` just before the
        /// wipe): the wipe cannot reach them, the app must remove them. Absent when false.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        os_labels_to_remove: bool,
    },
    /// The device was returned (to the asset register when one was given).
    DeviceReturned {
        /// The device's asset tag.
        #[serde(default)]
        device_id: Option<String>,
        /// Whether the register was updated (`handing_over` → `in_stock`).
        register_updated: bool,
        /// The host's note.
        #[serde(default)]
        note: Option<String>,
    },
}

impl HandoverData {
    /// The step's snake_case name (`started`, `contacts_moved`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            HandoverData::Started { .. } => "started",
            HandoverData::ContactsMoved { .. } => "contacts_moved",
            HandoverData::KeyRevoked { .. } => "key_revoked",
            HandoverData::VaultWiped { .. } => "vault_wiped",
            HandoverData::DeviceReturned { .. } => "device_returned",
        }
    }
}

/// One recorded step, chained to the one before it like the incident log's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverStep {
    /// When the step was taken (the caller's time).
    pub at: DateTime<FixedOffset>,
    /// Who took it.
    pub actor: String,
    /// What it did.
    pub data: HandoverData,
    /// The previous step's `hash` (first step: `hex(SHA-256("mamori.handover.v1:" + id))`).
    pub prev: String,
    /// `hex(SHA-256(canonical bytes of this step without "hash"))`, the incident log's
    /// canonical form (`docs/incident.md`).
    pub hash: String,
}

/// A leaver's hand-over record (`schema: "mamori.handover.v1"`): append-only, hash-chained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handover {
    /// Always `"mamori.handover.v1"`.
    pub schema: String,
    /// The caller's id of the hand-over (e.g. `"HO-2026-003"`).
    pub id: String,
    /// The steps, in the order they were taken.
    pub steps: Vec<HandoverStep>,
}

/// Who hands over to whom (the input of [`Handover::start`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverStart {
    /// The hand-over's id.
    pub id: String,
    /// The departing employee (退職者).
    pub leaver: String,
    /// The successor (後任者) or the company unit.
    pub recipient: String,
    /// Successor or company.
    pub recipient_kind: RecipientKind,
    /// The device's asset tag, if it is in a register.
    #[serde(default)]
    pub device_id: Option<String>,
    /// For a `passcode+server` source vault: its server share id (32 hex digits), required.
    #[serde(default)]
    pub share_id: Option<String>,
}

/// A next step of the hand-over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum HandoverActionId {
    /// Move the contacts to the recipient's vault.
    MoveContacts,
    /// Revoke the leaver's key.
    RevokeKey,
    /// Crypto-erase the old vault.
    WipeVault,
    /// Return the device.
    ReturnDevice,
}

/// One next action, in the requested language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverAction {
    /// Which.
    pub id: HandoverActionId,
    /// Whether the guards allow it now (otherwise `blocked_by` says what comes first).
    pub allowed: bool,
    /// The steps that must come first.
    pub blocked_by: Vec<HandoverActionId>,
    /// The action's title.
    pub title: String,
    /// Why it matters.
    pub reason: String,
}

/// The hand-over's status (`schema: "mamori.handover_status.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverStatus {
    /// Always `"mamori.handover_status.v1"`.
    pub schema: String,
    /// The hand-over's id.
    pub id: String,
    /// Language of the texts.
    pub lang: Lang,
    /// The steps taken, by name.
    pub done: Vec<String>,
    /// Every step taken (moved, revoked, wiped, returned).
    pub complete: bool,
    /// The steps still to take, in order.
    pub next_actions: Vec<HandoverAction>,
    /// The chain check: `true` when every step's hash and link hold.
    pub chain_verified: bool,
    /// The first step whose hash or link fails.
    #[serde(default)]
    pub first_bad: Option<usize>,
    /// Warnings (e.g. a passcode-only vault whose copies cannot be revoked).
    pub warnings: Vec<String>,
    /// One line per step, for the record (in `lang`).
    pub lines: Vec<String>,
}

fn genesis(id: &str) -> String {
    genesis_of("mamori.handover.v1:", id)
}

fn share_hex(id: &ShareId) -> String {
    hex_of(id)
}

fn parse_share_id(s: &str) -> Result<ShareId> {
    let s = s.trim();
    let bad = || Error::invalid("share_id", "expected 32 hexadecimal digits (16 bytes)");
    if s.len() != 32 {
        return Err(bad());
    }
    unhex(s).ok_or_else(bad)
}

/// The digest of one contact's content (everything but its id), length-prefixed field by
/// field so that no plaintext copy is made.
fn contact_digest(c: &Contact) -> [u8; 32] {
    fn s(h: &mut Sha256, tag: u8, v: &str) {
        h.update([tag]);
        h.update((v.len() as u64).to_le_bytes());
        h.update(v.as_bytes());
    }
    fn o(h: &mut Sha256, tag: u8, v: Option<&str>) {
        match v {
            Some(v) => s(h, tag, v),
            None => h.update([tag | 0x80]),
        }
    }
    fn l(h: &mut Sha256, tag: u8, v: &[String]) {
        h.update([tag]);
        h.update((v.len() as u64).to_le_bytes());
        for x in v {
            s(h, tag, x);
        }
    }
    fn d(h: &mut Sha256, tag: u8, v: Option<DateTime<Utc>>) {
        match v {
            Some(t) => {
                h.update([tag]);
                h.update(t.timestamp_millis().to_le_bytes());
            }
            None => h.update([tag | 0x80]),
        }
    }
    let mut h = Sha256::new();
    h.update(b"mamori.handover.v1.contact");
    s(&mut h, 1, &c.name);
    o(&mut h, 2, c.reading.as_deref());
    o(&mut h, 3, c.company.as_deref());
    l(&mut h, 4, &c.phones);
    l(&mut h, 5, &c.emails);
    o(&mut h, 6, c.address.as_deref());
    o(&mut h, 7, c.notes.as_deref());
    l(&mut h, 8, &c.tags);
    h.update([9, u8::from(c.sensitive)]);
    d(&mut h, 10, c.created_at);
    d(&mut h, 11, c.updated_at);
    o(&mut h, 12, c.person_id.as_deref());
    h.finalize().into()
}

fn set_digest(mut digests: Vec<[u8; 32]>) -> String {
    digests.sort_unstable();
    let mut h = Sha256::new();
    h.update(b"mamori.handover.v1.contacts");
    h.update((digests.len() as u64).to_le_bytes());
    for d in &digests {
        h.update(d);
    }
    hex_of(&h.finalize())
}

fn need_actor(actor: &str) -> Result<()> {
    if actor.trim().is_empty() {
        return Err(Error::invalid("actor", "must not be empty"));
    }
    Ok(())
}

/// What has been done, from the steps.
#[derive(Default)]
struct Progress {
    moved: bool,
    revoked: bool,
    wiped: bool,
    returned: bool,
}

impl Handover {
    /// Start a hand-over of the (open) `source` vault: records who hands over to whom and the
    /// source's id, key source and size. With a register and a `device_id`, the device goes
    /// `assigned` → `handing_over`. A `passcode+server` source needs its `share_id`.
    pub fn start(
        start: &HandoverStart,
        source: &Vault,
        register: Option<&mut Register>,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<Handover> {
        need_actor(actor)?;
        if start.id.trim().is_empty() {
            return Err(Error::invalid("id", "must not be empty"));
        }
        for (field, v) in [("leaver", &start.leaver), ("recipient", &start.recipient)] {
            if v.trim().is_empty() {
                return Err(Error::invalid(field, "must not be empty"));
            }
        }
        let m = source.manifest()?;
        let share_id = match (&start.share_id, m.key_source) {
            (Some(s), KeySource::PasscodeServer) => Some(share_hex(&parse_share_id(s)?)),
            (None, KeySource::PasscodeServer) => {
                return Err(Error::invalid(
                    "share_id",
                    "a passcode+server vault needs its server share id: the share is what is revoked",
                ));
            }
            (Some(_), other) => {
                return Err(Error::invalid(
                    "share_id",
                    format!(
                        "the source vault is {}, not passcode+server",
                        other.as_str()
                    ),
                ));
            }
            (None, _) => None,
        };
        if let (Some(reg), Some(dev)) = (register, &start.device_id) {
            reg.begin_handover(dev, &start.id, at, actor)?;
        }
        let mut h = Handover {
            schema: HANDOVER_SCHEMA.to_string(),
            id: start.id.clone(),
            steps: Vec::new(),
        };
        h.push(
            at,
            actor,
            HandoverData::Started {
                leaver: start.leaver.clone(),
                recipient: start.recipient.clone(),
                recipient_kind: start.recipient_kind,
                device_id: start.device_id.clone(),
                source_vault_id: m.vault_id,
                source_key_source: m.key_source,
                source_contacts: m.contacts,
                share_id,
            },
        )?;
        Ok(h)
    }

    /// Parse a stored record (strict JSON), check its schema and replay the guards over its
    /// steps (a record whose steps are out of order is refused). The hash chain is checked
    /// by [`Handover::status`] (`chain_verified`), so a tampered record can still be read.
    pub fn from_json(json: &str) -> Result<Handover> {
        let h: Handover = crate::error::from_json(json)?;
        h.validate()?;
        Ok(h)
    }

    /// Check the schema tag and replay the guards over the steps (what
    /// [`Handover::from_json`] does after parsing).
    pub fn validate(&self) -> Result<()> {
        if self.schema != HANDOVER_SCHEMA {
            return Err(Error::invalid(
                "schema",
                format!("expected \"{HANDOVER_SCHEMA}\""),
            ));
        }
        let mut replay = Handover {
            schema: self.schema.clone(),
            id: self.id.clone(),
            steps: Vec::new(),
        };
        for (i, s) in self.steps.iter().enumerate() {
            replay
                .guard(&s.data)
                .map_err(|e| Error::InvalidEvent(format!("steps[{i}]: {e}")))?;
            replay.steps.push(s.clone());
        }
        Ok(())
    }

    fn started(&self) -> Result<(&Option<String>, &str, KeySource, &Option<String>)> {
        match self.steps.first().map(|s| &s.data) {
            Some(HandoverData::Started {
                device_id,
                source_vault_id,
                source_key_source,
                share_id,
                ..
            }) => Ok((device_id, source_vault_id, *source_key_source, share_id)),
            _ => Err(Error::InvalidEvent(format!(
                "hand-over {}: the record does not begin with `started`",
                self.id
            ))),
        }
    }

    fn progress(&self) -> Progress {
        let mut p = Progress::default();
        for s in &self.steps {
            match &s.data {
                HandoverData::ContactsMoved { verified, .. } => p.moved |= *verified,
                HandoverData::KeyRevoked { .. } => p.revoked = true,
                HandoverData::VaultWiped { .. } => p.wiped = true,
                HandoverData::DeviceReturned { .. } => p.returned = true,
                HandoverData::Started { .. } => {}
            }
        }
        p
    }

    /// The next-action guard: may `data` be recorded now?
    fn guard(&self, data: &HandoverData) -> Result<()> {
        let p = self.progress();
        let refuse = |why: &str| {
            Err(Error::InvalidEvent(format!(
                "hand-over {}: `{}` refused: {why}",
                self.id,
                data.kind()
            )))
        };
        if matches!(data, HandoverData::Started { .. }) {
            return if self.steps.is_empty() {
                Ok(())
            } else {
                refuse("the hand-over has already started")
            };
        }
        self.started()?;
        if p.returned {
            return refuse("the device was already returned; the hand-over is complete");
        }
        match data {
            HandoverData::Started { .. } => Ok(()),
            HandoverData::ContactsMoved { verified, .. } => {
                if p.moved {
                    refuse("the contacts were already moved")
                } else if p.wiped {
                    refuse("the old vault was already wiped")
                } else if !verified {
                    refuse("the move is not verified")
                } else {
                    Ok(())
                }
            }
            HandoverData::KeyRevoked { .. } => {
                if !p.moved {
                    refuse(
                        "move the contacts (and verify the move) before revoking the key: next: move_contacts",
                    )
                } else if p.revoked {
                    refuse("the key was already revoked")
                } else {
                    Ok(())
                }
            }
            HandoverData::VaultWiped { .. } => {
                if !p.moved {
                    refuse(
                        "the move is not verified (count and per-contact digest in the destination): next: move_contacts",
                    )
                } else if p.wiped {
                    refuse("the old vault was already wiped")
                } else {
                    Ok(())
                }
            }
            HandoverData::DeviceReturned { .. } => {
                if !p.moved {
                    refuse("the contacts have not been moved: next: move_contacts")
                } else if !p.revoked {
                    refuse(
                        "the leaver's key must be revoked before the device is returned: next: revoke_key",
                    )
                } else if !p.wiped {
                    refuse(
                        "the old vault must be wiped before the device is returned: next: wipe_vault",
                    )
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Check the guard, then seal and append a step.
    fn push(&mut self, at: DateTime<FixedOffset>, actor: &str, data: HandoverData) -> Result<()> {
        need_actor(actor)?;
        self.guard(&data)?;
        let prev = self
            .steps
            .last()
            .map(|s| s.hash.clone())
            .unwrap_or_else(|| genesis(&self.id));
        let mut step = HandoverStep {
            at,
            actor: actor.to_string(),
            data,
            prev,
            hash: String::new(),
        };
        step.hash = record_hash(&step)?;
        self.steps.push(step);
        Ok(())
    }

    /// Move every contact of `source` into `destination` (any key tier), except the ids in
    /// `delete` (listed for deletion by the retention rule: they are destroyed with the old
    /// vault), then verify: each moved contact read back from the destination has the same
    /// content digest, and the destination grew by exactly the number moved. Only a verified
    /// move is recorded; a failed check is [`Error::Corrupt`] and nothing is recorded (the
    /// old vault stays, so nothing is lost). Refuses while a source record is damaged.
    pub fn move_contacts(
        &mut self,
        source: &Vault,
        destination: &Vault,
        delete: &[ContactId],
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        need_actor(actor)?;
        // Dry-run the guard before touching any data.
        let probe = HandoverData::ContactsMoved {
            destination_vault_id: String::new(),
            destination_key_source: KeySource::Passcode,
            source_contacts: 0,
            moved: 0,
            deleted_by_retention: 0,
            destination_before: 0,
            destination_after: 0,
            digest: String::new(),
            verified: true,
        };
        self.guard(&probe)?;
        let (_, source_id, _, _) = self.started()?;
        let sm = source.manifest()?;
        if sm.vault_id != source_id {
            return Err(Error::invalid(
                "source",
                "is not the vault this hand-over started with",
            ));
        }
        let dm = destination.manifest()?;
        if dm.vault_id == sm.vault_id {
            return Err(Error::invalid("destination", "is the source vault itself"));
        }
        let stored = source.len()?;
        let all = source.export()?;
        if all.len() != stored {
            return Err(Error::corrupt(
                "source vault",
                format!(
                    "{} of {stored} records cannot be read; repair or account for them before the hand-over",
                    stored - all.len()
                ),
            ));
        }
        for id in delete {
            if !all.iter().any(|c| c.id.as_ref() == Some(id)) {
                return Err(Error::invalid(
                    "delete",
                    format!("contact {id} is not in the source vault"),
                ));
            }
        }
        let mut digests = Vec::with_capacity(all.len());
        let mut moving = Vec::with_capacity(all.len());
        for mut c in all {
            if c.id.as_ref().is_some_and(|id| delete.contains(id)) {
                continue; // dropped here: zeroized
            }
            c.id = None; // the destination assigns new ids; an old id could replace a contact there
            digests.push(contact_digest(&c));
            moving.push(c);
        }
        let before = destination.len()?;
        let n = moving.len();
        let ids = destination.put_many(moving)?;
        let after = destination.len()?;
        let mut back = Vec::with_capacity(n);
        for id in &ids {
            back.push(contact_digest(&destination.get(id)?));
        }
        let mut a = digests.clone();
        let mut b = back;
        a.sort_unstable();
        b.sort_unstable();
        if a != b || ids.len() != n || after != before + n {
            // Take the unverified copies out of the destination again (best effort); the
            // source is untouched either way.
            for id in &ids {
                let _ = destination.delete(id);
            }
            return Err(Error::corrupt(
                "destination vault",
                format!(
                    "the move did not verify ({} written, {} expected, destination {before} → {after}); the copies were removed again and the old vault is kept",
                    ids.len(),
                    n
                ),
            ));
        }
        self.push(
            at,
            actor,
            HandoverData::ContactsMoved {
                destination_vault_id: dm.vault_id,
                destination_key_source: dm.key_source,
                source_contacts: stored as u64,
                moved: n as u64,
                deleted_by_retention: delete.len() as u64,
                destination_before: before as u64,
                destination_after: after as u64,
                digest: set_digest(digests),
                verified: true,
            },
        )
    }

    /// Revoke the leaver's server share (`passcode+server` source): the registry destroys it
    /// and the record says `verified: true` once the registry refuses it. Every copy of the old
    /// file becomes undecryptable.
    pub fn revoke_share(
        &mut self,
        registry: &mut ShareRegistry,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        need_actor(actor)?;
        let (_, _, ks, share) = self.started()?;
        let Some(share) = share.clone() else {
            return Err(Error::invalid(
                "share_id",
                format!(
                    "the source vault is {}: no server share to revoke (use record_key_retired)",
                    ks.as_str()
                ),
            ));
        };
        let data = HandoverData::KeyRevoked {
            method: RevocationMethod::ServerShareRevoked,
            key_source: ks,
            share_id: Some(share.clone()),
            verified: true,
            note: None,
        };
        self.guard(&data)?;
        let id = parse_share_id(&share)?;
        registry.revoke(&id)?;
        if !registry.is_revoked(&id) {
            return Err(Error::Internal("share not revoked".into()));
        }
        self.push(at, actor, data)
    }

    /// Record that the leaver's key was retired for a source vault without a server share:
    /// `host_key` → the host deleted the key (declared), `passcode+platform` → the platform
    /// key was deleted (declared), `passcode` → nothing to revoke (recorded, with a warning
    /// in [`Handover::status`]). A `passcode+server` source must use
    /// [`Handover::revoke_share`].
    pub fn record_key_retired(
        &mut self,
        note: Option<&str>,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        let (_, _, ks, _) = self.started()?;
        let method = match ks {
            KeySource::PasscodeServer => {
                return Err(Error::invalid(
                    "method",
                    "a passcode+server vault's share must be revoked through the share registry (revoke_share)",
                ));
            }
            KeySource::HostKey => RevocationMethod::HostKeyDestroyed,
            KeySource::PasscodePlatform => RevocationMethod::PlatformKeyDeleted,
            KeySource::Passcode => RevocationMethod::NothingToRevoke,
        };
        self.push(
            at,
            actor,
            HandoverData::KeyRevoked {
                method,
                key_source: ks,
                share_id: None,
                verified: false,
                note: note.map(str::to_string),
            },
        )
    }

    /// Crypto-erase the old vault ([`Vault::wipe`]: key slots overwritten and read back,
    /// file deleted). Allowed only after a verified move. `path` (the file's path, optional)
    /// lets the record say whether the file is gone.
    pub fn wipe_source(
        &mut self,
        source: &Vault,
        path: Option<&Path>,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        need_actor(actor)?;
        let (_, source_id, _, _) = self.started()?;
        let source_id = source_id.to_string();
        let probe = HandoverData::VaultWiped {
            vault_id: source_id.clone(),
            file_removed: None,
            os_labels_to_remove: false,
        };
        self.guard(&probe)?;
        let manifest = source.manifest()?;
        let os_labels_to_remove = manifest
            .labels_outside_vault
            .as_ref()
            .is_some_and(|l| l.any());
        if manifest.vault_id != source_id {
            return Err(Error::invalid(
                "source",
                "is not the vault this hand-over started with",
            ));
        }
        source.wipe()?;
        let file_removed = path.map(|p| !p.exists());
        self.push(
            at,
            actor,
            HandoverData::VaultWiped {
                vault_id: source_id,
                file_removed,
                os_labels_to_remove,
            },
        )
    }

    /// Return the device (allowed once the key is revoked and the vault wiped). With a
    /// register and a device id, the device goes `handing_over` → `in_stock`.
    pub fn return_device(
        &mut self,
        register: Option<&mut Register>,
        note: Option<&str>,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        need_actor(actor)?;
        let (device_id, _, _, _) = self.started()?;
        let device_id = device_id.clone();
        let probe = HandoverData::DeviceReturned {
            device_id: device_id.clone(),
            register_updated: false,
            note: None,
        };
        self.guard(&probe)?;
        let mut register_updated = false;
        if let (Some(reg), Some(dev)) = (register, &device_id) {
            reg.return_from_handover(dev, &self.id, at, actor)?;
            register_updated = true;
        }
        self.push(
            at,
            actor,
            HandoverData::DeviceReturned {
                device_id,
                register_updated,
                note: note.map(str::to_string),
            },
        )
    }

    /// Check the hash chain: the index of the first step whose `prev` or `hash` fails.
    pub fn first_bad_step(&self) -> Option<usize> {
        let mut prev = genesis(&self.id);
        for (i, s) in self.steps.iter().enumerate() {
            if s.prev != prev || record_hash(s).ok().as_deref() != Some(s.hash.as_str()) {
                return Some(i);
            }
            prev = s.hash.clone();
        }
        None
    }

    /// The status: steps done, next actions with their guards, the chain check, warnings
    /// and one line per step, in `lang`.
    pub fn status(&self, lang: Lang) -> HandoverStatus {
        let p = self.progress();
        let mut next = Vec::new();
        let mut action = |id: HandoverActionId, key: &str, blocked_by: Vec<HandoverActionId>| {
            next.push(HandoverAction {
                id,
                allowed: blocked_by.is_empty(),
                blocked_by,
                title: t(lang, &format!("handover.action.{key}.title"), &[]),
                reason: t(lang, &format!("handover.action.{key}.reason"), &[]),
            });
        };
        use HandoverActionId::*;
        if !p.returned {
            if !p.moved {
                action(MoveContacts, "move_contacts", vec![]);
            }
            if !p.revoked {
                action(
                    RevokeKey,
                    "revoke_key",
                    if p.moved { vec![] } else { vec![MoveContacts] },
                );
            }
            if !p.wiped {
                action(
                    WipeVault,
                    "wipe_vault",
                    if p.moved { vec![] } else { vec![MoveContacts] },
                );
            }
            let mut blocked = Vec::new();
            if !p.moved {
                blocked.push(MoveContacts);
            }
            if !p.revoked {
                blocked.push(RevokeKey);
            }
            if !p.wiped {
                blocked.push(WipeVault);
            }
            action(ReturnDevice, "return_device", blocked);
        }
        let mut warnings = Vec::new();
        let mut lines = Vec::new();
        for s in &self.steps {
            let at = crate::text::fmt_time(lang, s.at);
            let line = match &s.data {
                HandoverData::Started {
                    leaver,
                    recipient,
                    recipient_kind,
                    source_contacts,
                    source_key_source,
                    ..
                } => {
                    if *source_key_source == KeySource::Passcode {
                        warnings.push(t(lang, "handover.warning.passcode_only", &[]));
                    }
                    let kind = match recipient_kind {
                        RecipientKind::Successor => "successor",
                        RecipientKind::Company => "company",
                    };
                    t(
                        lang,
                        "handover.step.started",
                        &[
                            ("leaver", leaver),
                            ("recipient", recipient),
                            ("kind", &t(lang, &format!("handover.recipient.{kind}"), &[])),
                            ("contacts", &source_contacts.to_string()),
                            ("key_source", source_key_source.as_str()),
                        ],
                    )
                }
                HandoverData::ContactsMoved {
                    moved,
                    deleted_by_retention,
                    destination_key_source,
                    ..
                } => t(
                    lang,
                    "handover.step.contacts_moved",
                    &[
                        ("moved", &moved.to_string()),
                        ("deleted", &deleted_by_retention.to_string()),
                        ("key_source", destination_key_source.as_str()),
                    ],
                ),
                HandoverData::KeyRevoked { method, .. } => {
                    let m = match method {
                        RevocationMethod::ServerShareRevoked => "server_share_revoked",
                        RevocationMethod::HostKeyDestroyed => "host_key_destroyed",
                        RevocationMethod::PlatformKeyDeleted => "platform_key_deleted",
                        RevocationMethod::NothingToRevoke => "nothing_to_revoke",
                    };
                    t(lang, &format!("handover.step.key_revoked.{m}"), &[])
                }
                HandoverData::VaultWiped {
                    file_removed,
                    os_labels_to_remove,
                    ..
                } => {
                    if *file_removed == Some(false) {
                        warnings.push(t(lang, "handover.warning.file_not_removed", &[]));
                    }
                    if *os_labels_to_remove {
                        warnings.push(t(lang, "handover.warning.os_labels_to_remove", &[]));
                    }
                    t(lang, "handover.step.vault_wiped", &[])
                }
                HandoverData::DeviceReturned {
                    register_updated, ..
                } => t(
                    lang,
                    if *register_updated {
                        "handover.step.device_returned.register"
                    } else {
                        "handover.step.device_returned"
                    },
                    &[],
                ),
            };
            lines.push(format!("{at} {line}"));
        }
        let first_bad = self.first_bad_step();
        if first_bad.is_some() {
            warnings.push(t(lang, "handover.warning.chain_broken", &[]));
        }
        HandoverStatus {
            schema: HANDOVER_STATUS_SCHEMA.to_string(),
            id: self.id.clone(),
            lang,
            done: self
                .steps
                .iter()
                .map(|s| s.data.kind().to_string())
                .collect(),
            complete: p.returned,
            next_actions: next,
            chain_verified: first_bad.is_none(),
            first_bad,
            warnings,
            lines,
        }
    }
}

// ------------------------------------------------------------------------------- retention

/// The retention rule: contacts unused for this many days are listed for deletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionPolicy {
    /// Days without use after which a contact is listed (at least 1).
    pub max_unused_days: u32,
}

/// Where a contact's last-use time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum UsageBasis {
    /// The host's last-used map.
    LastUsed,
    /// The contact's `updated_at`.
    UpdatedAt,
    /// The contact's `created_at`.
    CreatedAt,
    /// No date at all.
    NoDate,
    /// The record cannot be read.
    Unreadable,
}

/// One contact listed by the retention rule (ids only: no names or numbers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionEntry {
    /// The contact's id.
    pub id: ContactId,
    /// Where the last-use time came from.
    pub basis: UsageBasis,
    /// The last-use time used (`null` when unknown).
    #[serde(default)]
    pub last_used: Option<DateTime<Utc>>,
    /// Whole days since then (`null` when unknown).
    #[serde(default)]
    pub days_unused: Option<i64>,
}

/// The retention review (`schema: "mamori.retention.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionReport {
    /// Always `"mamori.retention.v1"`.
    pub schema: String,
    /// The caller's time of the review.
    pub now: DateTime<FixedOffset>,
    /// The policy applied.
    pub max_unused_days: u32,
    /// Listed for deletion: unused for at least `max_unused_days`, oldest first.
    pub delete: Vec<RetentionEntry>,
    /// No usable date (or unreadable): a person must decide; never counted as fresh.
    pub unknown: Vec<RetentionEntry>,
    /// Contacts used within the period.
    pub kept: u64,
}

/// Apply the retention rule to contacts (each must carry its id). `last_used` is the host's
/// map of last use (calls, messages); where a contact has no entry, `updated_at` and then
/// `created_at` are used; with none of them the contact is `unknown`.
pub fn retention_of(
    contacts: &[Contact],
    policy: &RetentionPolicy,
    last_used: Option<&BTreeMap<ContactId, DateTime<Utc>>>,
    now: DateTime<FixedOffset>,
) -> Result<RetentionReport> {
    if policy.max_unused_days == 0 {
        return Err(Error::invalid("max_unused_days", "must be at least 1"));
    }
    let now_utc = now.with_timezone(&Utc);
    let mut delete = Vec::new();
    let mut unknown = Vec::new();
    let mut kept = 0u64;
    for (i, c) in contacts.iter().enumerate() {
        let id =
            c.id.ok_or_else(|| Error::invalid(format!("[{i}].id"), "a stored contact has an id"))?;
        let (basis, when) = match (
            last_used.and_then(|m| m.get(&id)),
            c.updated_at,
            c.created_at,
        ) {
            (Some(t), _, _) => (UsageBasis::LastUsed, Some(*t)),
            (None, Some(t), _) => (UsageBasis::UpdatedAt, Some(t)),
            (None, None, Some(t)) => (UsageBasis::CreatedAt, Some(t)),
            (None, None, None) => (UsageBasis::NoDate, None),
        };
        let days = when.map(|w| (now_utc - w).num_days());
        let entry = RetentionEntry {
            id,
            basis,
            last_used: when,
            days_unused: days,
        };
        match days {
            None => unknown.push(entry),
            Some(d) if d >= i64::from(policy.max_unused_days) => delete.push(entry),
            Some(_) => kept += 1,
        }
    }
    delete.sort_by(|a, b| a.last_used.cmp(&b.last_used).then(a.id.cmp(&b.id)));
    Ok(RetentionReport {
        schema: RETENTION_SCHEMA.to_string(),
        now,
        max_unused_days: policy.max_unused_days,
        delete,
        unknown,
        kept,
    })
}

/// [`retention_of`] over an open vault; records that cannot be read are listed as `unknown`
/// (`unreadable`).
pub fn retention_review(
    vault: &Vault,
    policy: &RetentionPolicy,
    last_used: Option<&BTreeMap<ContactId, DateTime<Utc>>>,
    now: DateTime<FixedOffset>,
) -> Result<RetentionReport> {
    let ids = vault.ids()?;
    let contacts = vault.list()?;
    let mut r = retention_of(&contacts, policy, last_used, now)?;
    for id in ids {
        if !contacts.iter().any(|c| c.id == Some(id)) {
            r.unknown.push(RetentionEntry {
                id,
                basis: UsageBasis::Unreadable,
                last_used: None,
                days_unused: None,
            });
        }
    }
    Ok(r)
}

impl RetentionReport {
    /// A one-line summary in `lang`.
    pub fn summary(&self, lang: Lang) -> String {
        t(
            lang,
            "retention.summary",
            &[
                ("days", &self.max_unused_days.to_string()),
                ("delete", &self.delete.len().to_string()),
                ("unknown", &self.unknown.len().to_string()),
                ("kept", &self.kept.to_string()),
            ],
        )
    }

    /// The ids listed for deletion (to pass as `delete` to [`Handover::move_contacts`]).
    pub fn delete_ids(&self) -> Vec<ContactId> {
        self.delete.iter().map(|e| e.id).collect()
    }
}
