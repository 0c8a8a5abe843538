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
        let mut salvaged: Vec<(&u64, &usize)> = self
            .salvaged
            .iter()
            .filter(|(id, off)| self.records.get(id).is_some_and(|e| e.off == **off))
            .collect();
        salvaged.sort_unstable_by_key(|(_, o)| **o);
        let salvaged: Vec<UnreadableRecord> = salvaged
            .into_iter()
            .map(|(id, off)| UnreadableRecord {
                id: ContactId(*id).to_hex(),
                offset: *off as u64,
                reason: "served from a transaction that does not authenticate (its commit or \
                         another of its frames is damaged, and the chain shows transactions \
                         missing there): the record's own AES-GCM tag verifies"
                    .into(),
            })
            .collect();
        let r = &self.report;
        let mut findings = self.damaged.clone();
        findings.extend(r.lines());
        findings.extend(self.slot_findings());
        for s in &salvaged {
            findings.push(format!(
                "record {} at offset {}: {}",
                s.id, s.offset, s.reason
            ));
        }
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
                reason: tail_reason(r),
            }),
            tail_cuts: self.tail_cuts(),
            salvaged_records: salvaged,
            findings,
        }
    }

    /// Why the head count has no upper bound: everything the load found whose contents are
    /// unknown (docs/vault-format.md §13, "Damage accounting"). Empty when every loss is a
    /// record whose id is known (each counted once).
    pub(super) fn open_count(&self) -> Vec<String> {
        let r = &self.report;
        let mut v = Vec::new();
        for (a, b) in &r.lost {
            v.push(format!(
                "transactions {a}..={b} are missing from the chain (removed or destroyed): what \
                 they held is unknown"
            ));
        }
        for (s, e, why) in &r.suspect {
            v.push(format!(
                "the transaction at offset {s}..{e} was not applied ({why}): what it held is \
                 unknown"
            ));
        }
        for (off, what) in &r.breaks {
            v.push(format!(
                "the transaction chain breaks at offset {off}: {what}"
            ));
        }
        if let Some((at, n)) = r.truncated
            && r.tail_contacts
        {
            v.push(format!(
                "this open cut {n} bytes off the end of the file (offset {at}): an interrupted \
                 write, or acknowledged transactions cut off a copy (only an anchor can tell)"
            ));
        }
        v.extend(self.unbounded.iter().cloned());
        if self.loaded_unchained {
            v.push(
                "the file had no transaction chain when opened: transactions removed before \
                 cannot be detected"
                    .into(),
            );
        }
        v.dedup();
        v
    }

    /// Every torn-tail cut an open recorded in the access log (`tail_cut` entries).
    fn tail_cuts(&self) -> Vec<TailCut> {
        self.logs
            .iter()
            .filter_map(|off| {
                let b = &self.data[off + FRAME_HDR..off + FRAME_HDR + LOG_BODY];
                (AccessEvent::from_code(b[16]) == Some(AccessEvent::TailCut)).then(|| TailCut {
                    at: DateTime::from_timestamp_millis(i64::from_le_bytes(
                        b[8..16].try_into().expect("8"),
                    ))
                    .unwrap_or_default(),
                    bytes: u64::from(u32::from_le_bytes(b[17..21].try_into().expect("4"))),
                })
            })
            .collect()
    }

    pub(super) fn manifest(&self) -> Manifest {
        let all = self.all();
        // Records that do not decrypt, and new contacts whose only frame is damaged: persons
        // of unknown identity and country.
        let unreadable = all.iter().filter(|r| r.is_err()).count() + self.lost.len();
        let contacts: Vec<Contact> = all.into_iter().filter_map(|r| r.ok()).collect();
        let persons = count_persons(&contacts, unreadable as u64);
        let labels_outside_vault = Some(self.labels_outside(persons.by_jurisdiction.keys()));
        // Damage never lowers what is reported: a loss whose contents are unknown leaves the
        // head count without an upper bound, and `sensitive` unknown unless a readable
        // sensitive contact settles it.
        let mut lost = self.open_count();
        let bounded = lost.is_empty();
        if unreadable > 0 {
            lost.push(format!(
                "{unreadable} record(s) cannot be read (each counted as one person of unknown \
                 jurisdiction)"
            ));
        }
        let intact = lost.is_empty() && self.damaged.is_empty() && !self.slot_claims_withdrawn();
        let persons_max = bounded.then_some(persons.max);
        let mut by_jurisdiction = persons.by_jurisdiction;
        if !bounded {
            let u = by_jurisdiction
                .entry(super::super::persons::UNKNOWN_JURISDICTION.to_string())
                .or_insert(crate::breach::Count::exact(0));
            *u = crate::breach::Count::range(u.min(), None);
        }
        let sensitive = if contacts.iter().any(|c| c.sensitive) {
            Some(true)
        } else if unreadable > 0 || !bounded {
            None
        } else {
            Some(false)
        };
        let mut by_tag: BTreeMap<String, u64> = BTreeMap::new();
        for c in &contacts {
            let tags: BTreeSet<&String> = c.tags.iter().collect();
            for t in tags {
                *by_tag.entry(t.clone()).or_default() += 1;
            }
        }
        let raw = self.slot.kdf == KDF_RAW;
        let keys = self.key_claims();
        Manifest {
            schema: MANIFEST_SCHEMA.to_string(),
            vault_id: hex(&self.hdr.vault_id),
            format_version: self.hdr.version,
            contacts: self.records.len() as u64,
            persons: crate::breach::Count::range(persons.min, persons_max),
            persons_min: persons.min,
            persons_max,
            persons_by_jurisdiction: by_jurisdiction,
            by_tag,
            sensitive,
            intact,
            unreadable_records: unreadable as u64,
            lost,
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
            key_summary_ja: keys.key_summary_ja,
            warnings: keys.warnings,
            labels_outside_vault,
        }
    }
}

/// The damage report's words for a torn tail (docs/vault-format.md §5 step 3).
fn tail_reason(r: &ChainReport) -> String {
    let what = if r.tail_kept {
        "an unfinished transaction at the end of the file, left in place (read-only open) and \
         not applied"
    } else {
        "an unfinished transaction at the end of the file, cut off by this open and recorded \
         in the access log (tail_cut)"
    };
    let why = if r.tail_anchored {
        "it lies beyond the anchor given to the open, so it was never acknowledged as far as \
         the host knows"
    } else {
        "an interrupted write — or, in a copy, acknowledged transactions cut off: without an \
         anchor the open cannot tell"
    };
    format!("{what}: {why}")
}
