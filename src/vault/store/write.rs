//! Writing: commits, access-log frames, sealing records and batches, put and delete.

use super::*;

impl State {
    // ---------------------------------------------------------------- writing

    /// Append frames and sync; then index them. On failure the file is cut back.
    pub(super) fn commit(&mut self, bytes: Vec<u8>) -> Result<()> {
        self.commit_with(bytes, true)
    }

    pub(super) fn commit_with(&mut self, mut bytes: Vec<u8>, sync: bool) -> Result<()> {
        let start = self.data.len();
        let saved = (self.chain_seq, self.chain_head, self.heads.len());
        self.seal_tx(&mut bytes, 0);
        let r = self.storage.append(&bytes).and_then(|_| {
            if sync {
                self.dirty = false;
                self.storage.sync()
            } else {
                self.dirty = true;
                Ok(())
            }
        });
        if let Err(e) = r {
            let _ = self.storage.truncate(start as u64);
            (self.chain_seq, self.chain_head) = (saved.0, saved.1);
            self.heads.truncate(saved.2);
            return Err(e.into());
        }
        if sync {
            self.durable = (self.chain_seq, self.chain_head);
        }
        self.data.extend_from_slice(&bytes);
        let mut pos = start;
        while let Some(f) = frame_at(&self.data, pos) {
            self.apply(f);
            pos = f.end;
        }
        // Deletion that deletes: the replaced or deleted versions' ciphertext is overwritten
        // before the write returns (the write itself is already durable).
        if sync {
            self.scrub()?;
        }
        Ok(())
    }

    pub(super) fn log_frame(&self, event: AccessEvent, count: u32, at: DateTime<Utc>) -> Vec<u8> {
        self.log_frame_rem(event, count, at, self.cr())
    }

    /// [`State::log_frame`] with an explicit `tx_rem` (a log entry inside a longer
    /// transaction of a rewrite).
    pub(super) fn log_frame_rem(
        &self,
        event: AccessEvent,
        count: u32,
        at: DateTime<Utc>,
        tx_rem: u32,
    ) -> Vec<u8> {
        let body = self
            .new_log_bodies(&[(event, count)], at)
            .pop()
            .expect("one entry");
        let mut out = Vec::with_capacity(FRAME_HDR + LOG_BODY);
        write_frame(&mut out, K_LOG, tx_rem, &body);
        out
    }

    /// The bodies of new access-log entries `events` (event, count), all at `at`, numbered
    /// and MAC-chained from the current log head (for one transaction of several entries).
    pub(super) fn new_log_bodies(
        &self,
        events: &[(AccessEvent, u32)],
        at: DateTime<Utc>,
    ) -> Vec<[u8; LOG_BODY]> {
        let (mut seq, mut head) = (self.log_seq, self.log_head);
        events
            .iter()
            .map(|(event, count)| {
                let mut body = [0u8; LOG_BODY];
                body[0..8].copy_from_slice(&seq.to_le_bytes());
                body[8..16].copy_from_slice(&ms(at).to_le_bytes());
                body[16] = event.code();
                body[17..21].copy_from_slice(&count.to_le_bytes());
                head = self.log_mac(&head, &body[..21]);
                body[21..37].copy_from_slice(&head);
                seq += 1;
                body
            })
            .collect()
    }

    pub(super) fn log_mac(&self, prev: &[u8; 16], fields: &[u8]) -> [u8; 16] {
        let mut m = b"mamori.v1.log".to_vec();
        m.extend_from_slice(&self.hdr.vault_id);
        m.extend_from_slice(prev);
        m.extend_from_slice(fields);
        self.keys.log_mac(&m)
    }

    /// Non-secret random bytes from the block pool.
    pub(super) fn random(&mut self, out: &mut [u8]) {
        if self.pool.len() < out.len() {
            let mut fresh = vec![0u8; POOL.max(out.len())];
            self.rng.fill_bytes(&mut fresh);
            self.pool.extend_from_slice(&fresh);
        }
        let at = self.pool.len() - out.len();
        out.copy_from_slice(&self.pool[at..]);
        self.pool.truncate(at);
    }

    /// The blind-index tag (`bits` wide) and the 16-bit check of a normalised number.
    pub(super) fn tag_check(&self, e164: &str, bits: u8) -> (u16, u16) {
        let m = self.keys.index_mac(e164);
        (
            u16::from_be_bytes([m[0], m[1]]) >> (16 - bits),
            u16::from_be_bytes([m[2], m[3]]),
        )
    }

    /// Append `nonce ‖ AES-GCM(K_rec[key_id], nonce, aad, pt) ‖ tag` to `body` (fresh random
    /// nonce): the sealed tail of record and check frames.
    pub(super) fn seal_into(&mut self, key_id: u32, aad: &[u8], pt: &[u8], body: &mut Vec<u8>) {
        let mut nonce = [0u8; 12];
        self.random(&mut nonce);
        body.extend_from_slice(&nonce);
        let ct_start = body.len();
        body.extend_from_slice(pt);
        let tag = crypto::seal(self.keys.record(key_id), &nonce, aad, &mut body[ct_start..]);
        body.extend_from_slice(&tag);
    }

    /// Normalise phones, fill timestamps and id, and seal one record frame body. Also
    /// returns the checks of its tags, in the stored tag order (for a check frame).
    pub(super) fn seal_record(
        &mut self,
        mut c: Contact,
        now: DateTime<Utc>,
        bits: u8,
        key_id: u32,
        taken: &mut BTreeSet<u64>,
    ) -> Result<(u64, Vec<u8>, Vec<u16>)> {
        contact::validate(&c)?;
        let region = self.hdr.region_str();
        // (tag, check) per distinct number; two numbers may share a truncated tag, so a tag
        // can appear twice (with different checks).
        let mut tags: Vec<(u16, u16)> = Vec::new();
        for p in c.phones.iter_mut() {
            if let Some((e, ext)) = self.normalizer.normalize_with_extension(p, region) {
                // Indexed by the main number; the extension stays with the contact.
                tags.push(self.tag_check(&e, bits));
                *p = match ext {
                    Some(x) => format!("{e}{}{x}", phone::EXTENSION_SEPARATOR),
                    None => e,
                };
            } else {
                *p = p.trim().to_string();
            }
        }
        tags.sort_unstable();
        tags.dedup();
        let id = match c.id {
            Some(id) => id.0,
            None => loop {
                let mut b = [0u8; 8];
                self.random(&mut b);
                let v = u64::from_le_bytes(b);
                if v != 0 && !self.records.contains_key(&v) && !taken.contains(&v) {
                    break v;
                }
            },
        };
        taken.insert(id);
        c.id = None;
        let now_ms = DateTime::from_timestamp_millis(ms(now));
        if c.created_at.is_none() {
            c.created_at = now_ms;
        }
        if c.updated_at.is_none() {
            c.updated_at = now_ms;
        }
        let mut pt = Zeroizing::new(Vec::with_capacity(256));
        contact::encode(&c, &mut pt);
        if pt.len() + 13 + 2 * tags.len() + 28 > MAX_BODY {
            return Err(Error::invalid("contact", "larger than 16 MiB when encoded"));
        }
        let mut body = Vec::with_capacity(13 + 2 * tags.len() + 12 + pt.len() + 16);
        body.extend_from_slice(&id.to_le_bytes());
        body.extend_from_slice(&key_id.to_le_bytes());
        body.push(tags.len() as u8);
        for (t, _) in &tags {
            body.extend_from_slice(&t.to_le_bytes());
        }
        let aad = frame_aad(&self.hdr.vault_id, K_RECORD, &body);
        self.seal_into(key_id, &aad, &pt, &mut body);
        Ok((id, body, tags.into_iter().map(|(_, c)| c).collect()))
    }

    /// Seal `contacts` as the frames of one transaction: the record frames, then (for two or
    /// more records) one check frame covering them. Errors name the failing contact.
    pub(super) fn seal_batch(
        &mut self,
        contacts: Vec<Contact>,
        now: DateTime<Utc>,
        bits: u8,
        key_id: u32,
        out: &mut Vec<u8>,
    ) -> Result<Vec<ContactId>> {
        let n = contacts.len();
        let with_checks = n >= 2;
        let mut ids = Vec::with_capacity(n);
        let mut taken = BTreeSet::new();
        let mut covered: Vec<(u64, [u8; 12])> = Vec::with_capacity(if with_checks { n } else { 0 });
        let mut checks: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::new());
        for (i, c) in contacts.into_iter().enumerate() {
            let (id, body, chk) =
                self.seal_record(c, now, bits, key_id, &mut taken)
                    .map_err(|e| match e {
                        Error::InvalidInput { path, message } => Error::InvalidInput {
                            path: format!("contacts[{i}].{path}"),
                            message,
                        },
                        e => e,
                    })?;
            let rem = (n - 1 - i) as u32 + u32::from(with_checks) + self.cr();
            write_frame(out, K_RECORD, rem, &body);
            if with_checks {
                let at = 13 + 2 * chk.len();
                let nonce: [u8; 12] = body[at..at + 12].try_into().expect("12");
                covered.push((id, nonce));
                for c in chk {
                    checks.extend_from_slice(&c.to_le_bytes());
                }
            }
            ids.push(ContactId(id));
        }
        if with_checks {
            let mut body = Vec::with_capacity(CHECKS_HEAD + checks.len() + 16);
            body.extend_from_slice(&key_id.to_le_bytes());
            body.extend_from_slice(&(n as u32).to_le_bytes());
            let aad = checks_aad(&self.hdr.vault_id, &body, &covered);
            self.seal_into(key_id, &aad, &checks, &mut body);
            write_frame(out, K_CHECKS, self.cr(), &body);
        }
        Ok(ids)
    }

    pub(super) fn put_many(&mut self, contacts: Vec<Contact>) -> Result<Vec<ContactId>> {
        if contacts.is_empty() {
            return Ok(Vec::new());
        }
        if contacts.len() > u32::MAX as usize / 2 {
            return Err(Error::invalid("contacts", "too many in one batch"));
        }
        // One frame per record, plus the check frame of a batch.
        let frames = contacts.len() as u64 + u64::from(contacts.len() >= 2);
        if self.enc_count + frames >= self.rotate_after {
            self.compact(None)?;
        }
        let now = self.clock.now();
        // A fresh (empty) vault sizes its index for the batch up front: one rewrite, no
        // rebuild later.
        let phones: usize = contacts.iter().map(|c| c.phones.len()).sum();
        let fresh = self.hdr.chain
            && self.records.is_empty()
            && self.lost.is_empty()
            && bits_for(phones) > self.hdr.index_bits;
        let bits = if fresh {
            bits_for(phones)
        } else {
            self.hdr.index_bits
        };
        let key_id = self.hdr.key_id;
        let mut out = Vec::with_capacity(contacts.len() * 300);
        let ids = self.seal_batch(contacts, now, bits, key_id, &mut out)?;
        if fresh {
            // Rewrite: header with the new index width, the log, then the batch.
            let mut hdr = self.chained(self.hdr.clone());
            hdr.index_bits = bits;
            let mut image = self.image_prefix(&hdr);
            let old_hdr = std::mem::replace(&mut self.hdr, hdr.clone());
            let saved = (self.chain_seq, self.chain_head, self.heads.clone());
            let mut bodies = self.log_bodies();
            if let Some(last) = bodies.pop() {
                self.logs_tx(&mut image, &bodies, last);
            }
            let start = image.len();
            image.extend_from_slice(&out);
            self.seal_tx(&mut image, start);
            if let Err(e) = self.storage.replace(&image) {
                self.hdr = old_hdr;
                (self.chain_seq, self.chain_head, self.heads) = saved;
                return Err(e.into());
            }
            self.report = ChainReport::default();
            self.data = image.into();
            self.load(true);
        } else {
            self.commit(out)?;
            if self.hdr.index_bits < MAX_INDEX_BITS
                && self.index.len() > 1usize << (self.hdr.index_bits + 3)
            {
                // Buckets grew past ~8 numbers each: rebuild the index wider. The batch is
                // already durable, so a failed rebuild is not the caller's error; the next
                // write retries it.
                let _ = self.compact(None);
            }
        }
        Ok(ids)
    }

    pub(super) fn delete(&mut self, id: u64) -> Result<()> {
        if !self.records.contains_key(&id) && !self.lost.contains_key(&id) {
            return Err(Error::not_found(format!("contact {}", ContactId(id))));
        }
        if self.enc_count + 1 >= self.rotate_after {
            self.compact(None)?;
        }
        let key_id = self.hdr.key_id;
        let mut body = Vec::with_capacity(40);
        body.extend_from_slice(&id.to_le_bytes());
        body.extend_from_slice(&key_id.to_le_bytes());
        let aad = frame_aad(&self.hdr.vault_id, K_DELETE, &body);
        let mut nonce = [0u8; 12];
        self.random(&mut nonce);
        let tag = crypto::seal(self.keys.record(key_id), &nonce, &aad, &mut []);
        body.extend_from_slice(&nonce);
        body.extend_from_slice(&tag);
        let mut out = Vec::new();
        write_frame(&mut out, K_DELETE, self.cr(), &body);
        self.commit(out)
    }
}
