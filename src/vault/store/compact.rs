//! Rewrites: compaction and wipe.

use super::*;

impl State {
    /// Rewrite the file: live records re-sealed under key id + 1 with a re-sized,
    /// re-normalised index; log frames copied verbatim; then a `compacted` log entry.
    pub(super) fn compact(&mut self, bits: Option<u8>) -> Result<()> {
        self.rewrite(bits, |_| {}, &[])
    }

    /// [`State::compact`] with a header edit (feature bits) and further access-log entries
    /// after the `compacted` one, in the same transaction (the directory export and the
    /// `labels_removed` acknowledgement that flip the labels-outside bit, §5.3).
    pub(super) fn rewrite(
        &mut self,
        bits: Option<u8>,
        edit: impl FnOnce(&mut Header),
        extra: &[(AccessEvent, u32)],
    ) -> Result<()> {
        self.check_hold_compaction()?;
        if let Some((id, off)) = self.lost.iter().next() {
            return Err(Error::corrupt(
                format!("record {} at offset {off}", ContactId(*id)),
                "the frame is damaged; delete the contact before compacting",
            ));
        }
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
        let mut hdr = self.chained(self.hdr.clone());
        edit(&mut hdr);
        hdr.key_id = hdr
            .key_id
            .checked_add(1)
            .ok_or_else(|| Error::Internal("record key ids exhausted".into()))?;
        hdr.index_bits = bits.unwrap_or_else(|| bits_for(phones).max(MIN_INDEX_BITS));
        hdr.normalizer = normalizer_label(self.normalizer.as_ref());
        let mut image = self.image_prefix(&hdr);
        let old_hdr = std::mem::replace(&mut self.hdr, hdr.clone());
        let saved = (self.chain_seq, self.chain_head, self.heads.clone());
        let now = self.clock.now();
        let n = contacts.len();
        let start = image.len();
        if let Err(e) = self.seal_batch(contacts, now, hdr.index_bits, hdr.key_id, &mut image) {
            self.hdr = old_hdr;
            return Err(e);
        }
        if n > 0 {
            self.seal_tx(&mut image, start);
        }
        // The compacted-entry MAC chains onto the current log head.
        let mut events = vec![(AccessEvent::Compacted, n as u32)];
        events.extend_from_slice(extra);
        let mut bodies = self.log_bodies();
        bodies.extend(self.new_log_bodies(&events, now));
        let last = bodies.pop().expect("the compacted entry");
        self.logs_tx(&mut image, &bodies, last);
        if let Err(e) = self.storage.replace(&image) {
            self.hdr = old_hdr;
            (self.chain_seq, self.chain_head, self.heads) = saved;
            return Err(e.into());
        }
        self.report = ChainReport::default();
        self.data = image.into();
        self.load(true);
        Ok(())
    }

    pub(super) fn wipe(&mut self) -> Result<()> {
        let now = self.clock.now();
        let f = self.log_frame(AccessEvent::Wiped, 1, now);
        // Best effort: the entry is gone with the file anyway.
        let _ = self.storage.append(&f);
        let r = erase(self.storage.as_mut(), self.data.len());
        self.data.clear();
        self.records.clear();
        self.index = Index::default();
        self.keys = Keys::new(Zeroizing::new([0u8; 32]));
        r
    }
}
