//! Caller-ID directory exports recorded in the access log, and the `labels_outside_vault`
//! the manifest reports from them (docs/vault-format.md §5.3, docs/caller-directory.md).

use super::super::log::pack_jurisdiction;
use super::*;
use crate::breach::Count;
use crate::vault::directory::{Directory, DirectoryOptions, LabelPolicy, e164_digits};

impl Vault {
    /// Build the caller-ID directory export of every readable contact
    /// ([`Directory::build`]) and record it in the authenticated access log, in one
    /// transaction: a `directory_exported` entry (the count of numbers) followed by the label
    /// policy and the persons whose numbers are in it (fewest and most readings, in total and
    /// per jurisdiction). The manifest then reports those persons in `labels_outside_vault`
    /// until [`Vault::ack_labels_removed`].
    ///
    /// The first export after an acknowledgement (or ever) rewrites the file like
    /// [`Vault::compact`] to set the header bits that make the export impossible to cut off
    /// unnoticed (§5.3); it therefore refuses ([`Error::Corrupt`]) while a damaged record
    /// blocks a compaction. Later exports append one transaction.
    pub fn caller_directory(&self, options: &DirectoryOptions) -> Result<Directory> {
        self.with_write(|st| st.caller_directory(options))
    }

    /// Record that the host removed every caller-ID label it handed to the operating system
    /// (iOS: reloaded the Call Directory extension with an empty list; Android: deleted its
    /// table): a `labels_removed` access-log entry. Afterwards the manifest reports
    /// `labels_outside_vault.state: "none"` until the next export. When labels are
    /// outside, the entry is written with a rewrite like [`Vault::compact`] (clearing the
    /// header's labels-outside bit), so it refuses ([`Error::Corrupt`]) while a damaged
    /// record blocks a compaction.
    pub fn ack_labels_removed(&self) -> Result<()> {
        self.with_write(|st| st.ack_labels_removed())
    }
}

/// One export as the log records it.
struct ExportRec {
    at: DateTime<Utc>,
    numbers: u64,
    /// `None`: the entry is missing or unknown (counted as a labelled policy).
    policy: Option<LabelPolicy>,
    min: Option<u64>,
    max: Option<u64>,
    jmin: BTreeMap<String, u64>,
    jmax: BTreeMap<String, Option<u64>>,
}

/// Counts accumulated over several exports: the largest single one to the sum of all.
#[derive(Default)]
struct Acc {
    min: u64,
    max: Option<u64>,
    any: bool,
}

impl Acc {
    fn add(&mut self, min: u64, max: Option<u64>) {
        self.max = if self.any {
            match (self.max, max) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            }
        } else {
            max
        };
        self.min = self.min.max(min);
        self.any = true;
    }

    fn count(&self) -> Count {
        if self.any {
            Count::range(self.min, self.max)
        } else {
            Count::exact(0)
        }
    }
}

#[derive(Default)]
struct Group {
    all: Acc,
    by_j: BTreeMap<String, Acc>,
}

impl Group {
    fn add(&mut self, e: &ExportRec) {
        self.all.add(e.min.unwrap_or(0), e.max);
        let keys: BTreeSet<&String> = e.jmin.keys().chain(e.jmax.keys()).collect();
        for k in keys {
            let min = e.jmin.get(k).copied().unwrap_or(0);
            // A missing maximum (the entry is absent) is unknown, never 0.
            let max = e.jmax.get(k).copied().unwrap_or(None);
            self.by_j.entry(k.clone()).or_default().add(min, max);
        }
        if e.max.is_none() {
            // The export's persons are unknown: every jurisdiction may hold more, and they
            // are somewhere even when no jurisdiction entry says where.
            self.by_j
                .entry(crate::vault::UNKNOWN_JURISDICTION.to_string())
                .or_default()
                .add(0, None);
            for a in self.by_j.values_mut() {
                a.max = None;
            }
        }
    }

    fn by(&self) -> BTreeMap<String, Count> {
        self.by_j
            .iter()
            .map(|(k, a)| (k.clone(), a.count()))
            .collect()
    }
}

impl State {
    fn caller_directory(&mut self, options: &DirectoryOptions) -> Result<Directory> {
        if !self.hdr.chain {
            return Err(Error::corrupt(
                "vault",
                "the file has no transaction chain (a v1 file whose upgrade a damaged record \
                 blocked): a directory export could not be recorded so that it cannot be cut \
                 off; delete the damaged contacts first",
            ));
        }
        let contacts: Vec<Contact> = self.all().into_iter().filter_map(|r| r.ok()).collect();
        let dir = Directory::build(&contacts, options);
        let listed: Vec<Contact> = contacts
            .into_iter()
            .filter(|c| {
                c.phones
                    .iter()
                    .any(|p| e164_digits(phone::main_number(p)).is_some())
            })
            .collect();
        let persons = count_persons(&listed, 0);
        drop(listed);
        let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let mut events = vec![
            (
                AccessEvent::DirectoryExported,
                clamp(dir.entries.len() as u64),
            ),
            (
                AccessEvent::DirectoryPolicy,
                u32::from(options.label_policy.code()),
            ),
            (AccessEvent::DirectoryPersonsMin, clamp(persons.min)),
            (AccessEvent::DirectoryPersonsMax, clamp(persons.max)),
        ];
        for (j, c) in &persons.by_jurisdiction {
            // Keys are ISO alpha-2 or `unknown` (count_persons); anything else counts as
            // `unknown`, so a person is never dropped.
            let pack = |n| pack_jurisdiction(j, n).or_else(|| pack_jurisdiction("unknown", n));
            let max = c.max().unwrap_or(u64::MAX);
            if let (Some(a), Some(b)) = (pack(c.min()), pack(max)) {
                events.push((AccessEvent::DirectoryJurisdictionMin, a));
                events.push((AccessEvent::DirectoryJurisdictionMax, b));
            }
        }
        let now = self.clock.now();
        if self.hdr.directory && self.hdr.labels_out {
            let bodies = self.new_log_bodies(&events, now);
            let n = bodies.len() as u32;
            let mut out = Vec::with_capacity(bodies.len() * (FRAME_HDR + LOG_BODY));
            for (i, b) in bodies.iter().enumerate() {
                write_frame(&mut out, K_LOG, n - 1 - i as u32 + self.cr(), b);
            }
            self.commit(out)?;
        } else {
            self.rewrite(
                None,
                |h| {
                    h.directory = true;
                    h.labels_out = true;
                },
                &events,
            )?;
        }
        Ok(dir)
    }

    fn ack_labels_removed(&mut self) -> Result<()> {
        let ev = [(AccessEvent::LabelsRemoved, 1)];
        if self.hdr.labels_out {
            self.rewrite(None, |h| h.labels_out = false, &ev)
        } else {
            let f = self.log_frame(AccessEvent::LabelsRemoved, 1, self.clock.now());
            self.commit(f)
        }
    }

    /// The exports since the last `labels_removed`, from the log entries.
    fn open_exports(entries: &[AccessLogEntry]) -> Vec<ExportRec> {
        let mut out: Vec<ExportRec> = Vec::new();
        let mut cur: Option<ExportRec> = None;
        for e in entries {
            let n = u64::from(e.count);
            match e.event {
                AccessEvent::DirectoryExported => {
                    out.extend(cur.take());
                    cur = Some(ExportRec {
                        at: e.at,
                        numbers: n,
                        policy: None,
                        min: None,
                        max: None,
                        jmin: BTreeMap::new(),
                        jmax: BTreeMap::new(),
                    });
                }
                AccessEvent::LabelsRemoved => {
                    cur = None;
                    out.clear();
                }
                ev => {
                    let Some(c) = cur.as_mut() else { continue };
                    let j = e.jurisdiction.clone().unwrap_or_default();
                    let sat = e.count == super::super::log::JURISDICTION_COUNT_MAX;
                    match ev {
                        AccessEvent::DirectoryPolicy => {
                            c.policy = u8::try_from(e.count).ok().and_then(LabelPolicy::from_code)
                        }
                        AccessEvent::DirectoryPersonsMin => c.min = Some(n),
                        // u32::MAX: clamped, at least that many.
                        AccessEvent::DirectoryPersonsMax => {
                            c.max = (e.count != u32::MAX).then_some(n)
                        }
                        // Summed, not replaced: entries of one export name disjoint sets
                        // of persons, and codes the log cannot hold were written as
                        // `unknown`, so one key may come several times.
                        AccessEvent::DirectoryJurisdictionMin => {
                            let m = c.jmin.entry(j).or_insert(0);
                            *m = m.saturating_add(n);
                        }
                        AccessEvent::DirectoryJurisdictionMax => {
                            let m = c.jmax.entry(j).or_insert(Some(0));
                            *m = m.zip((!sat).then_some(n)).map(|(a, b)| a.saturating_add(b));
                        }
                        _ => {}
                    }
                }
            }
        }
        out.extend(cur);
        out
    }

    /// `labels_outside_vault` for the manifest; `vault_jurisdictions` are the manifest's
    /// jurisdictions (those an unknown export may have covered).
    pub(super) fn labels_outside<'j>(
        &self,
        vault_jurisdictions: impl IntoIterator<Item = &'j String>,
    ) -> LabelsOutsideVault {
        let (entries, ok) = self.read_log();
        let clean = ok.is_ok()
            && self.damaged.is_empty()
            && self.lost.is_empty()
            && self.report.lines().is_empty()
            && !self.loaded_unchained;
        let exports = Self::open_exports(&entries);
        let mut all = Group::default();
        let mut labelled = Group::default();
        let mut numbers_only = Group::default();
        let mut numbers = Acc::default();
        let mut policies: Vec<LabelPolicy> = Vec::new();
        for e in &exports {
            all.add(e);
            if e.policy == Some(LabelPolicy::None) {
                numbers_only.add(e);
            } else {
                labelled.add(e);
            }
            numbers.add(e.numbers, Some(e.numbers));
            if let Some(p) = e.policy
                && !policies.contains(&p)
            {
                policies.push(p);
            }
        }
        // The header bits are MAC-covered: cutting the export's entries off a copy leaves
        // them set. Damage anywhere may have held entries.
        let unknown = (self.hdr.directory && !clean) || (self.hdr.labels_out && exports.is_empty());
        if unknown {
            // Whoever may be outside is counted as labelled, with no upper bound.
            let mut by: BTreeMap<String, Count> = all
                .by()
                .into_iter()
                .map(|(k, c)| (k, Count::range(c.min(), None)))
                .collect();
            for j in vault_jurisdictions {
                by.entry(j.clone()).or_insert(Count::range(0, None));
            }
            by.entry(crate::vault::UNKNOWN_JURISDICTION.to_string())
                .or_insert(Count::range(0, None));
            let persons = Count::range(all.all.count().min(), None);
            return LabelsOutsideVault {
                state: LabelsState::Unknown,
                verified: false,
                policies,
                exports: exports.len() as u64,
                since: exports.first().map(|e| e.at),
                persons,
                persons_by_jurisdiction: by.clone(),
                labelled_persons: persons,
                labelled_by_jurisdiction: by,
                numbers_only_persons: Count::exact(0),
                numbers_only_by_jurisdiction: BTreeMap::new(),
                numbers: Count::range(numbers.count().min(), None),
            };
        }
        LabelsOutsideVault {
            state: if exports.is_empty() {
                LabelsState::None
            } else {
                LabelsState::Exported
            },
            verified: clean,
            policies,
            exports: exports.len() as u64,
            since: exports.first().map(|e| e.at),
            persons: all.all.count(),
            persons_by_jurisdiction: all.by(),
            labelled_persons: labelled.all.count(),
            labelled_by_jurisdiction: labelled.by(),
            numbers_only_persons: numbers_only.all.count(),
            numbers_only_by_jurisdiction: numbers_only.by(),
            numbers: numbers.count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(event: AccessEvent, count: u32) -> AccessLogEntry {
        let jurisdiction = matches!(
            event,
            AccessEvent::DirectoryJurisdictionMin | AccessEvent::DirectoryJurisdictionMax
        )
        .then(|| {
            super::super::super::log::unpack_jurisdiction(count)
                .unwrap()
                .0
        });
        AccessLogEntry {
            seq: 0,
            at: DateTime::from_timestamp_millis(0).unwrap(),
            event,
            count,
            jurisdiction,
            mac: String::new(),
        }
    }

    /// Two per-jurisdiction entries of one export under the same key (a code the log could
    /// not hold is written as `unknown` beside the real `unknown` persons) add up; the
    /// second used to replace the first, so the count could shrink.
    #[test]
    fn repeated_jurisdiction_entries_add_up() {
        let u = |n| pack_jurisdiction("unknown", n).unwrap();
        let entries = [
            entry(AccessEvent::DirectoryExported, 5),
            entry(
                AccessEvent::DirectoryPolicy,
                u32::from(LabelPolicy::Name.code()),
            ),
            entry(AccessEvent::DirectoryPersonsMin, 5),
            entry(AccessEvent::DirectoryPersonsMax, 5),
            entry(AccessEvent::DirectoryJurisdictionMin, u(2)),
            entry(AccessEvent::DirectoryJurisdictionMax, u(2)),
            entry(AccessEvent::DirectoryJurisdictionMin, u(3)),
            entry(AccessEvent::DirectoryJurisdictionMax, u(3)),
        ];
        let ex = State::open_exports(&entries);
        assert_eq!(ex.len(), 1);
        assert_eq!(ex[0].jmin["unknown"], 5);
        assert_eq!(ex[0].jmax["unknown"], Some(5));
        // A saturated maximum stays unbounded whatever comes after it.
        let sat = pack_jurisdiction("unknown", u64::MAX).unwrap();
        let mut entries = entries.to_vec();
        entries[5] = entry(AccessEvent::DirectoryJurisdictionMax, sat);
        assert_eq!(State::open_exports(&entries)[0].jmax["unknown"], None);
    }
}
