//! Where a hand-over stands: steps done, next actions with their guards, the chain check.

use super::*;

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

impl Handover {
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
