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
//!   the [`ShareRegistry`], which logs it with its time); the server slot then opens no copy
//!   of the old file, made before or after (verified by the library: `verified: true`) — a
//!   share released before the revocation, or a recovery-key slot, still does.
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
use crate::vault::{Contact, ContactId, KeySource, Manifest, Vault};

mod flow;
mod retention;
mod status;

pub use retention::*;
pub use status::*;

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
    /// `assigned` → `handing_over`, and every legal hold on the device that is on and not
    /// overridden is placed on the source vault too (its access log), so the retention
    /// deletion and the wipe step refuse. A `passcode+server` source needs its `share_id`.
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
            // The device's legal holds reach its vault file: the wipe step reads the vault's log.
            reg.carry_holds_to(dev, source)?;
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
}
