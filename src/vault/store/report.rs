//! Reports: the damage report and the manifest.

use super::*;

impl State {
    /// The damage report (see [`Vault::damage`]).
    pub(super) fn damage(&self) -> DamageReport {
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
        findings.extend(self.slot_findings());
        for u in &unreadable {
            findings.push(format!(
                "record {} at offset {}: {}",
                u.id, u.offset, u.reason
            ));
        }
        if self.loaded_unchained {
            // Not damage found, but no evidence either: an unchained file cannot show that
            // nothing was removed or replayed (and a copy of its old header MAC lets anyone
            // strip a later chain), so it is never reported intact.
            findings.push(
                "the file had no transaction chain when opened (format v1 or pre-chain v2): \
                 transactions removed or replayed before this open cannot be detected"
                    .into(),
            );
        }
        findings.dedup();
        DamageReport {
            schema: DAMAGE_SCHEMA.to_string(),
            intact: findings.is_empty() && r.truncated.is_none(),
            chained: self.hdr.chain && !self.loaded_unchained,
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

    pub(super) fn manifest(&self) -> Manifest {
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
        let keys = self.key_claims();
        let labels_outside_vault = Some(self.labels_outside(persons.by_jurisdiction.keys()));
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
            key_slots: keys.key_slots,
            key_separated: keys.key_separated,
            offline_guess_log2: keys.offline_guess_log2,
            remote_wipe: keys.remote_wipe,
            factor_assurance: keys.factor_assurance,
            remote_wipe_declared: self.hdr.remote_wipe,
            key_summary: keys.key_summary,
            warnings: keys.warnings,
            labels_outside_vault,
        }
    }
}
