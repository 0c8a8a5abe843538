//! The hand-over's steps: move the contacts (verified), revoke the server share, record a
//! retired platform key, crypto-erase the old vault, return the device.

use super::*;

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

/// The manifest of `source`, refused unless it is the vault the hand-over started with.
fn same_source(source: &Vault, source_id: &str) -> Result<Manifest> {
    let m = source.manifest()?;
    if m.vault_id != source_id {
        return Err(Error::invalid(
            "source",
            "is not the vault this hand-over started with",
        ));
    }
    Ok(m)
}

impl Handover {
    /// Whether this hand-over's wipe step has already crypto-erased the source vault.
    fn source_wiped(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s.data, HandoverData::VaultWiped { .. }))
    }

    /// Move every contact of `source` into `destination` (any key tier), except the ids in
    /// `delete` (listed for deletion by the retention rule: they are destroyed with the old
    /// vault), then verify: each moved contact read back from the destination has the same
    /// content digest, and the destination grew by exactly the number moved. Only a verified
    /// move is recorded; a failed check is [`Error::Corrupt`] and nothing is recorded (the
    /// old vault stays, so nothing is lost). Refuses while a source record is damaged, and
    /// refuses a non-empty `delete` with [`Error::LegalHold`] while a legal hold in the source
    /// vault's log is on and not overridden.
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
        if !delete.is_empty() {
            source.check_hold("retention deletion in the hand-over (`delete`)")?;
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
    /// and the record says `verified: true` once the registry refuses it. The server slot then
    /// opens no copy of the old file (a recovery-key slot, or a share released earlier, still
    /// would).
    ///
    /// Destroying the share crypto-erases the old vault, so the open `source` vault (the one
    /// the hand-over started with, whose manifest must name the recorded share when it names
    /// any) is read first: while one of its legal holds (for example a device hold copied in
    /// by [`Handover::start`]) is on and not overridden, the step is refused with
    /// [`Error::LegalHold`], nothing is recorded and the registry is untouched. A hold placed
    /// on the share in the registry ([`ShareRegistry::hold`]) refuses it too. After this
    /// hand-over's wipe step (which read the same holds) the wiped `source` is not read.
    pub fn revoke_share(
        &mut self,
        registry: &mut ShareRegistry,
        source: &Vault,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        self.revoke_share_from(registry, Some(source), at, actor)
    }

    /// [`Handover::revoke_share`]; without the source vault (the older C function
    /// `mamori_handover_revoke_share`) the revocation is refused: its holds cannot be read.
    pub(crate) fn revoke_share_from(
        &mut self,
        registry: &mut ShareRegistry,
        source: Option<&Vault>,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        need_actor(actor)?;
        let (_, source_id, ks, share) = self.started()?;
        let source_id = source_id.to_string();
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
        let Some(source) = source else {
            return Err(Error::invalid(
                "source",
                "revoking the server share crypto-erases the old vault: revoke it with the open \
                 source vault (mamori_handover_revoke_share_from), which checks its legal holds",
            ));
        };
        // Once this hand-over's wipe step (which read the holds) has erased the source,
        // there is no vault left to read and revoking erases nothing more.
        if !self.source_wiped() {
            let manifest = same_source(source, &source_id)?;
            let (named, _) = manifest.server_share_ids();
            if !named.is_empty() && !named.iter().any(|n| n.eq_ignore_ascii_case(&share)) {
                return Err(Error::invalid(
                    "share_id",
                    format!("share {share} is not a server share of the source vault"),
                ));
            }
            source.check_hold("revocation of the server share (crypto-erase) in the hand-over")?;
        }
        registry.revoke(&id, at.with_timezone(&Utc))?;
        if !registry.is_revoked(&id) {
            return Err(Error::Internal("share not revoked".into()));
        }
        self.push(at, actor, data)
    }

    /// Record that the leaver's key was retired for a source vault without a server share:
    /// `host_key` → the host deletes the key, `passcode+platform` → the platform key is
    /// deleted (both declared), `passcode` → nothing to revoke (recorded, with a warning in
    /// [`Handover::status`]). A `passcode+server` source must use [`Handover::revoke_share`].
    ///
    /// Deleting a host or platform key crypto-erases the old vault, so for those tiers the
    /// step reads the open `source` vault's legal holds first: while one is on and not
    /// overridden it is refused with [`Error::LegalHold`] and nothing is recorded — call it
    /// **before** deleting the key and delete the key only once it succeeded. After this
    /// hand-over's wipe step (which read the same holds) the wiped `source` is not read.
    pub fn record_key_retired(
        &mut self,
        source: &Vault,
        note: Option<&str>,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        self.retire_key(Some(source), note, at, actor)
    }

    /// [`Handover::record_key_retired`]; without the source vault (the older C function
    /// `mamori_handover_key_retired`) a tier whose key deletion crypto-erases is refused.
    pub(crate) fn retire_key(
        &mut self,
        source: Option<&Vault>,
        note: Option<&str>,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        let (_, source_id, ks, _) = self.started()?;
        let source_id = source_id.to_string();
        let erased = match ks {
            KeySource::HostKey => Some("deletion of the host key (crypto-erase) in the hand-over"),
            KeySource::PasscodePlatform => {
                Some("deletion of the platform key (crypto-erase) in the hand-over")
            }
            _ => None,
        };
        if let Some(refused) = erased {
            let Some(source) = source else {
                return Err(Error::invalid(
                    "source",
                    format!(
                        "deleting the key of a {} vault crypto-erases it: record it with the open \
                         source vault (mamori_handover_retire_key), which checks its legal holds",
                        ks.as_str()
                    ),
                ));
            };
            if !self.source_wiped() {
                same_source(source, &source_id)?;
                source.check_hold(refused)?;
            }
        }
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
    /// lets the record say whether the file is gone. Refused with [`Error::LegalHold`]
    /// (nothing recorded, the vault kept) while a legal hold in the source vault's log is on
    /// and not overridden ([`Vault::hold`]).
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
        source.check_hold("the hand-over's wipe step")?;
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
}
