//! Key slots: passcode change, recovery slot, rekey, and the header/log images they rewrite.

use super::*;

impl State {
    // ---------------------------------------------------------------- keys, compaction, wipe

    /// Re-wrap the master key under `new`; with `old`, first verify it against the current
    /// slot (its Argon2id run and the new one's run on two threads).
    pub(super) fn change_passcode(&mut self, old: Option<&[u8]>, new: &[u8]) -> Result<()> {
        if self.slot.kdf != KDF_ARGON2ID {
            return Err(Error::invalid(
                "passcode",
                format!(
                    "this vault's user slot is {}; use rekey to change its key",
                    KeySource::from_kdf(self.slot.kdf).as_str()
                ),
            ));
        }
        let strength = keysource::estimate(new);
        keysource::check_policy(KDF_ARGON2ID, strength, new.len(), self.min_log2)?;
        let mut slot = Slot {
            generation: self.slot.generation + 1,
            kdf: KDF_ARGON2ID,
            role: ROLE_USER,
            guess_log2: strength.log2,
            class: strength.class,
            source: 0,
            params: self.slot.params,
            salt: [0; 16],
            factor_id: [0; 16],
            nonce: [0; 12],
            wrapped: [0; 48],
        };
        self.rng.fill_bytes(&mut slot.salt);
        self.rng.fill_bytes(&mut slot.nonce);
        let (salt, params) = (slot.salt, slot.params);
        let kek = match old {
            None => crypto::kek_from_passcode(new, &salt, &params)?,
            Some(old) => {
                // Verify the old passcode and derive the new KEK at the same time (two
                // Argon2id runs, on two cores when there are two; sequentially if no thread
                // can be started).
                let (old_kek, new_kek) = std::thread::scope(|sc| {
                    let worker = std::thread::Builder::new()
                        .spawn_scoped(sc, move || crypto::kek_from_passcode(new, &salt, &params));
                    let old_kek =
                        crypto::kek_from_passcode(old, &self.slot.salt, &self.slot.params);
                    let new_kek = match worker {
                        Ok(h) => h
                            .join()
                            .unwrap_or_else(|_| Err(Error::Internal("argon2id worker".into()))),
                        Err(_) => crypto::kek_from_passcode(new, &salt, &params),
                    };
                    (old_kek, new_kek)
                });
                let (old_kek, kek) = (old_kek?, new_kek?);
                let ok = crypto::unwrap(
                    &old_kek,
                    &self.slot.nonce,
                    &self.slot.wrap_aad(&self.hdr),
                    &self.slot.wrapped,
                )
                .is_some_and(|k| bool::from(k.ct_eq(self.keys.vmk())));
                if !ok {
                    return Err(Error::WrongPasscode);
                }
                kek
            }
        };
        slot.wrapped = crypto::wrap(
            &kek,
            &slot.nonce,
            &slot.wrap_aad(&self.hdr),
            self.keys.vmk(),
        );
        let other = if self.slot_pos == SLOT_A {
            SLOT_B
        } else {
            SLOT_A
        };
        let bytes = slot.to_bytes(self.hdr.version);
        // 1. new slot, synced: both passcodes work.
        self.storage.write_at(other as u64, &bytes)?;
        self.storage.sync()?;
        self.data[other..other + SLOT_LEN].copy_from_slice(&bytes);
        // 2. erase the old slot and log the change, one sync: only the new one works.
        if self.slot_pos != SLOT_R {
            self.storage
                .write_at(self.slot_pos as u64, &[0u8; SLOT_LEN])?;
            self.data[self.slot_pos..self.slot_pos + SLOT_LEN].fill(0);
        }
        self.slot_pos = other;
        self.slot = slot;
        let now = self.clock.now();
        let f = self.log_frame(AccessEvent::PasscodeChanged, 1, now);
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
        self.storage.write_at(SLOT_R as u64, &bytes)?;
        self.storage.sync()?;
        self.data[SLOT_R..SLOT_R + SLOT_LEN].copy_from_slice(&bytes);
        Ok(())
    }

    /// The valid key slots in the file (position, slot).
    pub(super) fn slots(&self) -> Vec<(usize, Slot)> {
        slot_positions(&self.hdr)
            .into_iter()
            .filter_map(
                |p| match Slot::parse(self.data.get(p..p + SLOT_LEN)?, self.hdr.version) {
                    SlotState::Valid(s) => Some((p, s)),
                    _ => None,
                },
            )
            .collect()
    }

    /// The header (with the current slot and counter) for a rewritten file.
    pub(super) fn image_prefix(&self, hdr: &Header) -> Vec<u8> {
        let mut slots = vec![(self.slot_pos, self.slot.to_bytes(hdr.version))];
        if hdr.version != FORMAT_V1
            && self.data_version() != FORMAT_V1
            && self.slot_pos != SLOT_R
            && let Some(r) = self.data.get(SLOT_R..SLOT_R + SLOT_LEN)
            && r.iter().any(|b| *b != 0)
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
        self.slot = slot;
        self.opened_by_recovery = false;
        self.enc_count = 0;
        self.report = ChainReport::default();
        self.load(true);
        Ok(())
    }
}
