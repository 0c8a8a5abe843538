//! Key slots: passcode change, recovery slot, rekey, and the header/log images they rewrite.

use super::*;
use crate::text::Lang;
use crate::vault::manifest::FactorAssurance;

/// The key part of a manifest ([`State::key_claims`]).
pub(super) struct KeyClaims {
    pub key_slots: Vec<KeySlotInfo>,
    pub key_separated: bool,
    pub offline_guess_log2: Option<u32>,
    pub remote_wipe: bool,
    pub key_summary: String,
    /// `key_summary` in Japanese.
    pub key_summary_ja: String,
    pub warnings: Vec<String>,
    pub factor_assurance: Option<FactorAssurance>,
}

impl State {
    // ---------------------------------------------------------------- keys, compaction, wipe

    /// Re-wrap the master key under `new` (a [`KeySpec::Passcode`] or
    /// [`KeySpec::Generated`]); with `old`, first verify it against the current slot (its
    /// Argon2id run and the new one's run on two threads). The new slot's generation is
    /// recorded in the `passcode_changed` log entry: an open by an older user slot (a copy of
    /// the old slot grafted back) is refused (docs/vault-format.md §2, "Revocation").
    pub(super) fn change_passcode(&mut self, old: Option<&[u8]>, new: &KeySpec<'_>) -> Result<()> {
        if self.slot.kdf != KDF_ARGON2ID {
            return Err(Error::invalid(
                "passcode",
                format!(
                    "this vault's user slot is {}; use rekey to change its key",
                    KeySource::from_kdf(self.slot.kdf).as_str()
                ),
            ));
        }
        if !matches!(new, KeySpec::Passcode(_) | KeySpec::Generated(_)) {
            return Err(Error::Internal("change_passcode spec".into()));
        }
        new.check(self.min_log2)?;
        // The generation is above every slot's in the file, so that the log's high-water mark
        // revokes each older one.
        let generation = self
            .slots()
            .iter()
            .map(|(_, s)| s.generation)
            .chain([self.slot.generation])
            .max()
            .unwrap_or(0)
            + 1;
        let params = self.slot.params;
        let (slot, old_ok) = match old {
            None => (
                new.make_slot(
                    generation,
                    ROLE_USER,
                    params,
                    &self.hdr,
                    &mut self.rng,
                    self.keys.vmk(),
                )?,
                true,
            ),
            Some(old) => {
                // Verify the old passcode and derive the new slot at the same time (two
                // Argon2id runs, on two cores when there are two; sequentially if no thread
                // can be started).
                let (hdr, vmk, cur, rng) = (&self.hdr, self.keys.vmk(), &self.slot, &mut self.rng);
                let verify = move || -> Result<bool> {
                    Ok(Secret::Passcode(old)
                        .kek(cur)?
                        .and_then(|k| {
                            crypto::unwrap(&k, &cur.nonce, &cur.wrap_aad(hdr), &cur.wrapped)
                        })
                        .is_some_and(|k| bool::from(k.ct_eq(vmk))))
                };
                let (old_ok, slot) = std::thread::scope(|sc| {
                    let worker = std::thread::Builder::new().spawn_scoped(sc, verify);
                    let slot = new.make_slot(generation, ROLE_USER, params, hdr, rng, vmk);
                    let ok = match worker {
                        Ok(h) => h
                            .join()
                            .unwrap_or_else(|_| Err(Error::Internal("argon2id worker".into()))),
                        Err(_) => verify(),
                    };
                    (ok, slot)
                });
                (slot?, old_ok?)
            }
        };
        if !old_ok {
            return Err(Error::WrongPasscode);
        }
        let other = if self.slot_pos == SLOT_A {
            SLOT_B
        } else {
            SLOT_A
        };
        let bytes = slot.to_bytes(self.hdr.version);
        // 1. new slot, synced: both passcodes work.
        self.write_slot(other, &bytes)?;
        self.storage.sync()?;
        // 2. erase the old slot and log the change, one sync: only the new one works.
        if self.slot_pos != SLOT_R {
            self.write_slot(self.slot_pos, &[0u8; SLOT_LEN])?;
        }
        self.slot_pos = other;
        self.slot = slot;
        let now = self.clock.now();
        let f = self.log_frame(
            AccessEvent::PasscodeChanged,
            u32::try_from(generation).unwrap_or(u32::MAX),
            now,
        );
        self.commit(f)
    }

    /// Write a `host_key` recovery slot (role recovery) for `key` beside the user slot.
    pub(super) fn add_recovery(&mut self, key: &[u8; 32]) -> Result<()> {
        if self.hdr.version == FORMAT_V1 {
            return Err(Error::invalid(
                "vault",
                "a format v1 file has no recovery slot (it is upgraded on the next rewrite)",
            ));
        }
        let generation = match Slot::parse(&self.data[SLOT_R..SLOT_R + SLOT_LEN], self.hdr.version)
        {
            SlotState::Valid(s) => s.generation + 1,
            _ => 1,
        };
        let slot = KeySpec::HostKey(key).make_slot(
            generation,
            ROLE_RECOVERY,
            KdfParams::default(),
            &self.hdr,
            &mut self.rng,
            self.keys.vmk(),
        )?;
        let bytes = slot.to_bytes(self.hdr.version);
        self.write_slot(SLOT_R, &bytes)?;
        self.storage.sync()?;
        Ok(())
    }

    /// The valid, authenticated key slots in the file (position, slot).
    pub(super) fn slots(&self) -> Vec<(usize, Slot)> {
        self.slot_views()
            .into_iter()
            .filter_map(|(p, s, auth)| match s {
                SlotState::Valid(s) if auth => Some((p, s)),
                _ => None,
            })
            .collect()
    }

    /// Whether the slot at `pos` has a MAC (§2.2) that verifies over its current bytes.
    pub(super) fn slot_mac_ok(&self, pos: usize) -> bool {
        if self.data_version() == FORMAT_V1 || self.data.len() < HEADER_LEN {
            return false;
        }
        let at = slot_mac_off(pos);
        let stored = &self.data[at..at + SLOT_MAC_LEN];
        if stored.iter().all(|b| *b == 0) {
            return false;
        }
        let mac = self
            .keys
            .slot_mac(&self.hdr.vault_id, pos, &self.data[pos..pos + SLOT_LEN]);
        bool::from(mac.ct_eq(stored))
    }

    /// Whether this process knows the slot bytes `b` at `pos` to be authentic: the slot that
    /// unwrapped at open or one it wrote since.
    fn is_own(&self, pos: usize, b: &[u8]) -> bool {
        self.own_slots.iter().any(|(p, o)| *p == pos && o[..] == *b)
            || (!self.opened_by_recovery
                && pos == self.slot_pos
                && self.slot.to_bytes(self.data_version())[..] == *b)
    }

    /// Every key-slot position: (position, what it holds, authenticated). A non-empty slot is
    /// authenticated by its MAC or by this process knowing it; an empty one by its MAC in a
    /// file written with slot MACs (a removed slot), and always in a file from before them.
    pub(super) fn slot_views(&self) -> Vec<(usize, SlotState, bool)> {
        let version = self.data_version();
        let positions = if version == FORMAT_V1 {
            vec![SLOT_A, SLOT_B]
        } else {
            slot_positions(&self.hdr)
        };
        positions
            .into_iter()
            .filter_map(|p| {
                let b = self.data.get(p..p + SLOT_LEN)?;
                let st = Slot::parse(b, version);
                let auth = match st {
                    SlotState::Empty => !self.hdr.slot_mac || self.slot_mac_ok(p),
                    _ => self.slot_mac_ok(p) || self.is_own(p, b),
                };
                Some((p, st, auth))
            })
            .collect()
    }

    /// The protection claims of the slots are withdrawn: a non-empty slot is not
    /// authenticated, or a slot was removed outside the library (its MAC no longer matches).
    pub(super) fn slot_claims_withdrawn(&self) -> bool {
        self.slot_views().iter().any(|(_, _, auth)| !auth)
    }

    /// Damage findings about the key slots (unauthenticated or removed slots).
    pub(super) fn slot_findings(&self) -> Vec<String> {
        self.slot_views()
            .into_iter()
            .filter(|(_, _, auth)| !auth)
            .map(|(p, s, _)| match s {
                SlotState::Empty => format!(
                    "key slot at offset {p} is empty but its MAC is of another slot (a key slot \
                     removed outside the library): every protection claim is withdrawn"
                ),
                s => format!(
                    "key slot at offset {p} holds {} that is not authenticated (slot MAC missing \
                     or not verifying): every protection claim is withdrawn and a rewrite will \
                     not carry it over",
                    match s {
                        SlotState::Valid(s) =>
                            format!("a {} slot", KeySource::from_kdf(s.kdf).as_str()),
                        _ => "a damaged slot".to_string(),
                    }
                ),
            })
            .collect()
    }

    /// Write `bytes` into slot position `pos` (file and memory, not synced) with its MAC
    /// (§2.2). Each position has its own MAC, so this vouches for nothing but these bytes.
    pub(super) fn write_slot(&mut self, pos: usize, bytes: &[u8; SLOT_LEN]) -> Result<()> {
        self.storage.write_at(pos as u64, bytes)?;
        self.data[pos..pos + SLOT_LEN].copy_from_slice(bytes);
        self.own_slots.retain(|(p, _)| *p != pos);
        if bytes.iter().any(|b| *b != 0) {
            self.own_slots.push((pos, *bytes));
        }
        if self.data_version() != FORMAT_V1 && self.data.len() >= HEADER_LEN {
            let mac = self.keys.slot_mac(&self.hdr.vault_id, pos, bytes);
            let at = slot_mac_off(pos);
            self.storage.write_at(at as u64, &mac)?;
            self.data[at..at + SLOT_MAC_LEN].copy_from_slice(&mac);
        }
        Ok(())
    }

    /// Refuse an open by the user slot of `generation` when the authenticated access log
    /// records a passcode change to a later generation: that change revoked it (a copy of the
    /// old slot grafted back into the file, audit 2026-12-06 N6). Entries written before the
    /// generation was logged say 1 and revoke nothing.
    pub(super) fn check_not_revoked(&self, generation: u64) -> Result<()> {
        let high = self
            .read_log()
            .0
            .iter()
            .filter(|e| e.event == AccessEvent::PasscodeChanged)
            .map(|e| u64::from(e.count))
            .max()
            .unwrap_or(0);
        if generation < high {
            return Err(Error::corrupt(
                "key slots",
                format!(
                    "the user key slot of generation {generation} was revoked by the passcode \
                     change to generation {high} (an old key slot copied back into the file)"
                ),
            ));
        }
        Ok(())
    }

    /// The protection claims of the key slots, for the manifest: computed from the
    /// authenticated slots only; an unauthenticated slot (or a slot table that does not
    /// verify) withdraws every claim (`key_separated` false or unknown, `remote_wipe` false,
    /// `offline_guess_log2` unknown).
    pub(super) fn key_claims(&self) -> KeyClaims {
        let mut key_slots = Vec::new();
        // The Japanese summary of each slot, in the order of `key_slots`.
        let mut summaries_ja: Vec<String> = Vec::new();
        let mut warnings = Vec::new();
        let mut slots = self.slots();
        slots.sort_by_key(|(_, s)| (s.role, std::cmp::Reverse(s.generation)));
        // Only the current user slot (a stale second user slot is zeroed at open).
        slots.dedup_by_key(|(_, s)| s.role);
        let role = |r: u8| {
            if r == ROLE_RECOVERY {
                "recovery"
            } else {
                "user"
            }
        };
        for (_, s) in &slots {
            let offline = keysource::offline_log2(s.kdf, s.class, s.guess_log2, s.source, s.flags);
            let sep = keysource::separated(s.kdf, s.source, s.generator, offline, &s.params);
            let summary_in = |lang| {
                keysource::summary(
                    lang,
                    s.kdf,
                    s.class,
                    s.guess_log2,
                    s.source,
                    s.generator,
                    s.flags,
                )
            };
            let summary = summary_in(Lang::En);
            summaries_ja.push(summary_in(Lang::Ja));
            if sep != Some(true) {
                warnings.push(format!(
                    "{} slot not key-separated: {summary}",
                    role(s.role)
                ));
            }
            let factor_source = matches!(s.kdf, KDF_PLATFORM | KDF_SERVER)
                .then(|| FactorSource::from_code(s.source))
                .flatten();
            key_slots.push(KeySlotInfo {
                role: role(s.role).to_string(),
                key_source: KeySource::from_kdf(s.kdf),
                factor_source,
                factor_assurance: (s.kdf == KDF_PLATFORM)
                    .then_some(FactorAssurance::DeclaredByHost),
                offline_guess_log2: offline,
                key_separated: sep,
                kdf_params: s.uses_argon2().then_some(s.params),
                authenticated: true,
                generator: (s.kdf == KDF_ARGON2ID && s.generator == keysource::GEN_EFF_LARGE)
                    .then(|| "eff_large_wordlist".to_string()),
                share_id: (s.kdf == KDF_SERVER).then(|| crate::hashchain::hex(&s.factor_id)),
                estimator: keysource::estimator_name(s.kdf, s.class, s.generator, s.flags)
                    .map(str::to_string),
                summary,
            });
        }
        let withdrawn = self.slot_claims_withdrawn();
        for (p, st, auth) in self.slot_views() {
            if let (SlotState::Valid(s), false) = (st, auth) {
                summaries_ja.push(format!(
                    "オフセット {p} の認証されない鍵スロット（{} と称する）：その内容は信頼できず、\
                     ファイルを開ける可能性がある",
                    KeySource::from_kdf(s.kdf).as_str()
                ));
                key_slots.push(KeySlotInfo {
                    role: role(s.role).to_string(),
                    key_source: KeySource::from_kdf(s.kdf),
                    factor_source: None,
                    factor_assurance: None,
                    offline_guess_log2: None,
                    key_separated: None,
                    kdf_params: None,
                    authenticated: false,
                    generator: None,
                    share_id: None,
                    estimator: None,
                    summary: format!(
                        "unauthenticated key slot at offset {p} (claims {}): its fields cannot \
                         be trusted, and it may open the file",
                        KeySource::from_kdf(s.kdf).as_str()
                    ),
                });
            }
        }
        if withdrawn {
            warnings.extend(self.slot_findings());
        }
        if slots.iter().any(|(_, s)| s.kdf == KDF_PLATFORM) {
            warnings.push(
                "platform factor source declared by the host, not attested: the library \
                 cannot check that the factor comes from a non-exportable hardware key"
                    .into(),
            );
        }
        let key_separated = !withdrawn
            && !key_slots.is_empty()
            && key_slots.iter().all(|s| s.key_separated == Some(true));
        let offline_guess_log2 = if withdrawn {
            None
        } else {
            key_slots
                .iter()
                .map(|s| s.offline_guess_log2)
                .try_fold(u32::MAX, |m, o| o.map(|o| m.min(o)))
                .filter(|m| *m != u32::MAX)
        };
        // Remote erasure only when every slot that can open the file is a revocable server
        // share: a recovery key or a passcode slot still opens a copy after the revocation.
        let remote_wipe =
            !withdrawn && !slots.is_empty() && slots.iter().all(|(_, s)| s.kdf == KDF_SERVER);
        let mut key_summary = key_slots
            .iter()
            .map(|s| {
                if s.role == "recovery" {
                    format!("recovery slot: {}", s.summary)
                } else {
                    s.summary.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut key_summary_ja = key_slots
            .iter()
            .zip(&summaries_ja)
            .map(|(s, ja)| {
                if s.role == "recovery" {
                    format!("復旧用スロット：{ja}")
                } else {
                    ja.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("；");
        if withdrawn {
            key_summary.push_str(
                "; an unauthenticated or removed key slot withdraws every protection claim",
            );
            key_summary_ja.push_str(
                "；認証されない又は削除された鍵スロットがあるため、保護に関する主張はすべて取り下げられる",
            );
        }
        KeyClaims {
            key_slots,
            key_separated,
            offline_guess_log2,
            remote_wipe,
            key_summary,
            key_summary_ja,
            warnings,
            factor_assurance: (self.slot.kdf == KDF_PLATFORM)
                .then_some(FactorAssurance::DeclaredByHost),
        }
    }

    /// The header (with the current slot and counter) for a rewritten file.
    pub(super) fn image_prefix(&self, hdr: &Header) -> Vec<u8> {
        let mut slots = vec![(self.slot_pos, self.slot.to_bytes(hdr.version))];
        if hdr.version != FORMAT_V1
            && self.data_version() != FORMAT_V1
            && self.slot_pos != SLOT_R
            && let Some(r) = self.data.get(SLOT_R..SLOT_R + SLOT_LEN)
            && r.iter().any(|b| *b != 0)
            && self
                .slot_views()
                .iter()
                .any(|(p, s, auth)| *p == SLOT_R && *auth && matches!(s, SlotState::Valid(_)))
        {
            slots.push((SLOT_R, r.try_into().expect("slot length")));
        }
        let mut image = build_header(hdr, &self.keys, &slots);
        image[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN]
            .copy_from_slice(&self.data[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN]);
        image
    }

    /// The rewrite header for `hdr`: chained, its base the current chain position.
    pub(super) fn chained(&self, mut hdr: Header) -> Header {
        hdr.version = FORMAT_VERSION;
        hdr.chain = true;
        hdr.slot_mac = true;
        hdr.base_seq = self.chain_seq;
        hdr.base_head = self.chain_head;
        hdr
    }

    /// Append to `image` one transaction of the access-log entries `bodies` (re-framed,
    /// same bodies) followed by `last` (a log-entry body), and its commit frame.
    pub(super) fn logs_tx(
        &mut self,
        image: &mut Vec<u8>,
        bodies: &[[u8; LOG_BODY]],
        last: [u8; LOG_BODY],
    ) {
        let start = image.len();
        let n = bodies.len() as u32 + 1;
        for (i, b) in bodies.iter().chain(std::iter::once(&last)).enumerate() {
            write_frame(image, K_LOG, n - 1 - i as u32 + self.cr(), b);
        }
        self.seal_tx(image, start);
    }

    /// The bodies of the access-log frames of the file, in order.
    pub(super) fn log_bodies(&self) -> Vec<[u8; LOG_BODY]> {
        self.logs
            .iter()
            .map(|off| {
                self.data[off + FRAME_HDR..off + FRAME_HDR + LOG_BODY]
                    .try_into()
                    .expect("log body")
            })
            .collect()
    }

    /// The format version of the bytes in `self.data` (the header may already say 2 while a
    /// v1 file is being upgraded).
    pub(super) fn data_version(&self) -> u16 {
        self.data
            .get(8..10)
            .map_or(FORMAT_VERSION, |b| u16::from_le_bytes([b[0], b[1]]))
    }

    /// Master-key rotation: a new VMK, every live record re-sealed under it, the access log
    /// re-authenticated under the new log key (after verifying it under the old one), a single
    /// new user slot for `spec`, no other slot; written like a compaction (temp file, sync,
    /// rename, directory sync), so a crash leaves the old or the new file.
    pub(super) fn rekey(&mut self, spec: KeySpec<'_>) -> Result<()> {
        spec.check(self.min_log2)?;
        if let KeySpec::PasscodeFactor {
            source, challenge, ..
        } = &spec
            && *source != FactorSource::Server
            && challenge[..16] != self.hdr.vault_id
        {
            // The slot keeps this vault's id, so `unlock_challenge` would later return a
            // challenge the factor was not computed over and every unlock would fail.
            return Err(Error::invalid(
                "challenge",
                "bytes 0..16 must be this vault's id (use Vault::rekey_challenge / \
                 mamori_vault_rekey_challenge, not new_challenge)",
            ));
        }
        if let Some((id, off)) = self.lost.iter().next() {
            return Err(Error::corrupt(
                format!("record {} at offset {off}", ContactId(*id)),
                "the frame is damaged; delete the contact before rekeying",
            ));
        }
        self.read_log().1?;
        let mut live: Vec<(u64, Entry)> =
            self.records.iter().map(|(k, e)| (*k, e.clone())).collect();
        live.sort_unstable_by_key(|(_, e)| e.off);
        let mut contacts = Vec::with_capacity(live.len());
        let mut phones = 0;
        for (id, e) in &live {
            let pt = self.decrypt(*id, e)?;
            let c = contact::decode(&pt, ContactId(*id)).ok_or_else(|| self.corrupt_at(*id, e))?;
            phones += c.phones.len();
            contacts.push(c);
        }
        let log_bodies: Vec<[u8; 21]> = self
            .log_bodies()
            .iter()
            .map(|b| b[..21].try_into().expect("21"))
            .collect();
        let mut vmk = Zeroizing::new([0u8; 32]);
        self.rng.fill_bytes(vmk.as_mut());
        let new_keys = Keys::new(vmk);
        let mut hdr = self.chained(self.hdr.clone());
        hdr.key_id = 0;
        hdr.index_bits = bits_for(phones).max(MIN_INDEX_BITS);
        hdr.normalizer = normalizer_label(self.normalizer.as_ref());
        hdr.kcv = new_keys.key_check(&hdr.vault_id);
        let params = if self.slot.uses_argon2() {
            self.slot.params
        } else {
            KdfParams::default()
        };
        let generation = self
            .slots()
            .iter()
            .map(|(_, s)| s.generation)
            .max()
            .unwrap_or(0)
            + 1;
        let slot = spec.make_slot(
            generation,
            ROLE_USER,
            params,
            &hdr,
            &mut self.rng,
            new_keys.vmk(),
        )?;
        let saved = (
            std::mem::replace(&mut self.keys, new_keys),
            std::mem::replace(&mut self.hdr, hdr.clone()),
            self.log_head,
            self.log_seq,
            (self.chain_seq, self.chain_head, self.heads.clone()),
        );
        type Saved = (
            Keys,
            Header,
            [u8; 16],
            u64,
            (u64, [u8; 16], Vec<(u64, [u8; 16])>),
        );
        let restore = |st: &mut State, saved: Saved| {
            st.keys = saved.0;
            st.hdr = saved.1;
            st.log_head = saved.2;
            st.log_seq = saved.3;
            (st.chain_seq, st.chain_head, st.heads) = saved.4;
        };
        let mut image = build_header(&hdr, &self.keys, &[(SLOT_A, slot.to_bytes(hdr.version))]);
        image[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN]
            .copy_from_slice(&self.data[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN]);
        let now = self.clock.now();
        let n = contacts.len();
        let start = image.len();
        if let Err(e) = self.seal_batch(contacts, now, hdr.index_bits, 0, &mut image) {
            restore(self, saved);
            return Err(e);
        }
        if n > 0 {
            self.seal_tx(&mut image, start);
        }
        // The log, re-chained under the new log key (same entries, new MACs).
        let mut head = [0u8; 16];
        let mut bodies = Vec::with_capacity(log_bodies.len());
        for fields in &log_bodies {
            let mac = self.log_mac(&head, fields);
            let mut body = [0u8; LOG_BODY];
            body[..21].copy_from_slice(fields);
            body[21..].copy_from_slice(&mac);
            bodies.push(body);
            head = mac;
        }
        self.log_head = head;
        self.log_seq = log_bodies.len() as u64;
        let f = self.log_frame(AccessEvent::Rekeyed, n as u32, now);
        let last: [u8; LOG_BODY] = f[FRAME_HDR..].try_into().expect("log body");
        self.logs_tx(&mut image, &bodies, last);
        if let Err(e) = self.storage.replace(&image) {
            restore(self, saved);
            return Err(e.into());
        }
        self.keys.clear_records();
        self.data = image.into();
        self.slot_pos = SLOT_A;
        self.own_slots = vec![(SLOT_A, slot.to_bytes(self.hdr.version))];
        self.slot = slot;
        self.opened_by_recovery = false;
        self.enc_count = 0;
        self.report = ChainReport::default();
        self.load(true);
        Ok(())
    }
}
