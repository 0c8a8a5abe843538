//! Loading a vault file: the one-pass scan, key installation, the transaction chain, the anchor,
//! scrubbing and the in-memory tables.

use super::*;

impl State {
    /// A state with empty in-memory tables, before the file is loaded (open) or written
    /// (create).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        storage: Box<dyn Storage>,
        data: FileBuf,
        hdr: Header,
        keys: Keys,
        slot_pos: usize,
        slot: Slot,
        rotate_after: u64,
        rng: BoxRng,
        clock: Arc<dyn Clock>,
        normalizer: Arc<dyn Normalizer>,
    ) -> State {
        State {
            storage,
            data,
            hdr,
            keys,
            slot_pos,
            slot,
            records: IdMap::default(),
            suspect: IdMap::default(),
            lost: IdMap::default(),
            index: Index::default(),
            building: false,
            pending: Vec::new(),
            tx_recs: Vec::new(),
            keys_ready: true,
            key_ids_seen: Vec::new(),
            superseded: false,
            pool: Vec::new(),
            logs: Vec::new(),
            log_head: [0; 16],
            log_seq: 0,
            damaged: Vec::new(),
            enc_count: 0,
            rotate_after,
            dirty: false,
            min_log2: None,
            opened_by_recovery: false,
            loaded_unchained: false,
            rng,
            clock,
            normalizer,
            chain_seq: 0,
            chain_head: [0; 16],
            durable: (0, [0; 16]),
            heads: Vec::new(),
            report: ChainReport::default(),
            pending_scrub: Vec::new(),
            regions: Vec::new(),
            own_slots: Vec::new(),
            pid: std::process::id(),
            unbounded: Vec::new(),
            read_only: false,
            salvaged: IdMap::default(),
        }
    }

    // ---------------------------------------------------------------- loading

    /// Build the in-memory index from `self.data`; returns the length of the good prefix
    /// (shorter than the data when the tail is torn). `trusted`: the bytes were just built
    /// in memory by this process (a rewrite), so the tail's frame checks need no verifying.
    pub(super) fn load(&mut self, trusted: bool) -> usize {
        // With the keys ready, the load never stops for them.
        let (groups, r) = self.load_fused(trusted, false);
        let good = r.unwrap_or(self.data.len());
        self.verify_chain(&groups, good, None);
        good
    }

    /// One pass over the file: each frame is checked and applied while its bytes are still
    /// in cache (a scan and a separate apply pass would read every frame from memory twice).
    /// Returns the items grouped into transactions and the result of [`State::load_groups`]:
    /// the good prefix, or — with `stop_for_keys` and the keys not ready — where the first
    /// frame that needs a key is (the frames from there on are checked but not applied).
    ///
    /// Only the last transaction can be a torn write that must not be applied; that is known
    /// at the end. In that rare case (after a crash) the tables are rebuilt from the items in
    /// a second pass that stops before it.
    pub(super) fn load_fused(
        &mut self,
        trusted: bool,
        stop_for_keys: bool,
    ) -> (Vec<Group>, std::result::Result<usize, usize>) {
        self.reset_load(self.data.len() / 256);
        let mut items = Vec::with_capacity(self.data.len() / 128);
        let mut sc = Scanner::new(self.hdr.header_len(), trusted);
        let mut stopped: Option<usize> = None;
        while let Some(it) = sc.next_item(&self.data) {
            items.push(it);
            if stopped.is_some() {
                continue;
            }
            match it {
                Item::Frame(f)
                    if stop_for_keys
                        && !self.keys_ready
                        && matches!(f.kind, K_DELETE | K_CHECKS) =>
                {
                    stopped = Some(items.len() - 1);
                }
                it => self.apply_item(it),
            }
        }
        let groups = group(&items, &self.data);
        if groups.last().is_some_and(|g| g.torn(&self.data)) {
            self.reset_load(items.len());
            let r = self.load_groups(&groups, 0, stop_for_keys);
            return (groups, r);
        }
        match stopped {
            Some(k) => (groups, Err(k)),
            None => {
                self.build_index();
                (groups, Ok(self.data.len()))
            }
        }
    }

    /// Apply one scanned item (a frame, or a damaged region).
    pub(super) fn apply_item(&mut self, it: Item) {
        match it {
            Item::Damaged {
                off,
                end,
                whole_frame,
            } => {
                // A damaged record frame whose header and AAD fields still parse keeps its
                // place for the check frame (which binds ids and nonces only).
                let rec = if whole_frame && self.data[off] == K_RECORD {
                    parse_record(&self.data[off + FRAME_HDR..end]).map(|r| TxRec {
                        id: r.id,
                        off,
                        tx_rem: u32::from_le_bytes(
                            self.data[off + 5..off + 9].try_into().expect("4"),
                        ),
                        nonce: r.nonce,
                        pending_start: self.pending.len(),
                        ntags: r.tags_raw.len() / 2,
                    })
                } else {
                    None
                };
                match rec {
                    Some(t) => {
                        if self
                            .tx_recs
                            .last()
                            .is_some_and(|p| p.tx_rem != t.tx_rem + 1)
                        {
                            self.tx_recs.clear();
                        }
                        self.tx_recs.push(t);
                    }
                    None => self.tx_recs.clear(),
                }
                if whole_frame {
                    self.regions.push((self.damaged.len(), off));
                }
                self.damaged_region(off, end, whole_frame);
            }
            Item::Frame(f) => self.apply(f),
        }
    }

    /// Reset the in-memory tables for a load of about `items` frames.
    pub(super) fn reset_load(&mut self, items: usize) {
        self.records.clear();
        self.index = Index::default();
        self.building = true;
        self.superseded = false;
        self.pending = Vec::with_capacity(self.data.len() / 128);
        self.tx_recs.clear();
        self.logs.clear();
        self.log_head = [0; 16];
        self.log_seq = 0;
        self.damaged.clear();
        self.enc_count = 0;
        self.suspect.clear();
        self.lost.clear();
        self.pending_scrub.clear();
        self.regions.clear();
        self.unbounded.clear();
        self.salvaged.clear();
        self.key_ids_seen.clear();
        self.key_ids_seen.push(self.hdr.key_id);
        if self.keys_ready {
            self.keys.clear_records();
            let _ = self.keys.record(self.hdr.key_id);
        }
        self.records.reserve(items);
    }

    /// Apply the items of `groups` from the `from`-th (counting across groups) on; returns
    /// the length of the good prefix (see [`State::load`]). With `stop_for_keys` and the
    /// keys not ready, stops before the first frame that needs a key and returns `Err(its
    /// item number)` to resume from.
    pub(super) fn load_groups(
        &mut self,
        groups: &[Group],
        from: usize,
        stop_for_keys: bool,
    ) -> std::result::Result<usize, usize> {
        let n = groups.len();
        let mut first = 0; // item number of the group's first item
        for (gi, g) in groups.iter().enumerate() {
            let next = first + g.items.len();
            if next <= from {
                // Applied before.
                first = next;
                continue;
            }
            if gi + 1 == n && g.torn(&self.data) {
                // A torn tail: the last transaction was never acknowledged.
                self.build_index();
                return Ok(g.start());
            }
            for (k, it) in (first..).zip(&g.items).skip(from.saturating_sub(first)) {
                if let Item::Frame(f) = it
                    && stop_for_keys
                    && !self.keys_ready
                    && matches!(f.kind, K_DELETE | K_CHECKS)
                {
                    return Err(k);
                }
                self.apply_item(*it);
            }
            first = next;
        }
        self.build_index();
        Ok(self.data.len())
    }

    /// Install the real keys after the first phase of an open and derive the record keys
    /// of the frames applied so far.
    pub(super) fn install_keys(&mut self, keys: Keys, slot_pos: usize, slot: Slot) {
        self.keys = keys;
        self.slot_pos = slot_pos;
        self.slot = slot;
        self.keys_ready = true;
        for id in std::mem::take(&mut self.key_ids_seen) {
            let _ = self.keys.record(id);
            self.key_ids_seen.push(id);
        }
    }

    // ---------------------------------------------------------------- transaction chain

    /// 1 in a chained file (every transaction ends in a commit frame), else 0: added to the
    /// `tx_rem` of every frame a writer builds.
    pub(super) fn cr(&self) -> u32 {
        u32::from(self.hdr.chain)
    }

    /// Close the transaction whose frames are `out[start..]` (their `tx_rem` already count
    /// the commit frame): append its commit frame and advance the chain. No-op in a file
    /// without the chain.
    pub(super) fn seal_tx(&mut self, out: &mut Vec<u8>, start: usize) {
        if !self.hdr.chain {
            return;
        }
        let d = chain::digest_bytes(&out[start..]);
        let seq = self.chain_seq + 1;
        let prev = self.chain_head;
        let mac = self
            .keys
            .chain_mac(&chain::mac_input(&self.hdr.vault_id, seq, &prev, &d));
        let mut body = [0u8; chain::COMMIT_BODY];
        body[0..8].copy_from_slice(&seq.to_le_bytes());
        body[8..24].copy_from_slice(&prev);
        body[24..40].copy_from_slice(&mac);
        write_frame(out, K_COMMIT, 0, &body);
        self.chain_seq = seq;
        self.chain_head = mac;
        self.heads.push((seq, mac));
    }

    /// Verify the chain over the loaded `groups` (the file's good prefix ends at `good`; a
    /// torn last group beyond it was not applied) and, where a transaction does not
    /// authenticate or is out of order, reload applying only what the chain allows
    /// (docs/vault-format.md §5.5). Needs the real keys.
    pub(super) fn verify_chain(
        &mut self,
        groups: &[Group],
        good: usize,
        digests: Option<&[Option<[u8; 32]>]>,
    ) {
        let r = &self.report;
        self.report = ChainReport {
            truncated: r.truncated,
            tail_contacts: r.tail_contacts,
            tail_anchored: r.tail_anchored,
            tail_kept: r.tail_kept,
            ..ChainReport::default()
        };
        self.heads.clear();
        let ng = if good < self.data.len() {
            groups.len().saturating_sub(1)
        } else {
            groups.len()
        };
        if !self.hdr.chain {
            self.chain_seq = 0;
            self.chain_head = [0; 16];
            self.durable = (0, [0; 16]);
            return;
        }
        let mut apply = vec![false; ng];
        let mut applied_seq: Vec<Option<u64>> = vec![None; ng];
        // Authentic transactions already applied under their sequence number (a duplicate or
        // replay): reported, but the state they would set is the chain's own.
        let mut replayed = vec![false; ng];
        let mut committed: Vec<(u64, usize, [u8; 16], [u8; 16])> = Vec::with_capacity(ng);
        for (gi, g) in groups[..ng].iter().enumerate() {
            let span = (g.start(), group_end(g));
            match chain::commit_of(&self.data, g) {
                Some((seq, prev, mac, rest)) => {
                    let d = match digests.and_then(|v| v.get(gi).copied().flatten()) {
                        Some(d) => d,
                        None => chain::digest(&self.data, rest),
                    };
                    let want =
                        self.keys
                            .chain_mac(&chain::mac_input(&self.hdr.vault_id, seq, &prev, &d));
                    if bool::from(want.ct_eq(&mac)) {
                        committed.push((seq, gi, prev, mac));
                    } else {
                        self.report.suspect.push((
                            span.0,
                            span.1,
                            "its chain MAC does not verify (damaged or altered)".into(),
                        ));
                    }
                }
                None => self.report.suspect.push((
                    span.0,
                    span.1,
                    "no intact commit frame (damaged, or frames added from elsewhere)".into(),
                )),
            }
        }
        let in_file_order = committed.windows(2).all(|w| w[0].0 < w[1].0);
        committed.sort_by_key(|c| c.0);
        let mut cur = (self.hdr.base_seq, self.hdr.base_head);
        self.heads.push(cur);
        let mut order = Vec::with_capacity(committed.len());
        for (seq, gi, prev, mac) in committed {
            let g = &groups[gi];
            if seq <= cur.0 {
                self.report.suspect.push((
                    g.start(),
                    group_end(g),
                    format!(
                        "transaction {seq} is a duplicate or a replay (the chain is at {})",
                        cur.0
                    ),
                ));
                replayed[gi] = true;
                continue;
            }
            if seq != cur.0 + 1 {
                self.report.lost.push((cur.0 + 1, seq - 1));
                self.report.breaks.push((
                    g.start(),
                    format!("transaction {seq} follows transaction {}", cur.0),
                ));
            } else if prev != cur.1 {
                self.report.breaks.push((
                    g.start(),
                    format!(
                        "transaction {seq} does not chain onto transaction {}",
                        cur.0
                    ),
                ));
            }
            if !in_file_order && !self.report.breaks.iter().any(|b| b.0 == g.start()) {
                self.report.breaks.push((
                    g.start(),
                    format!("transaction {seq} is out of file order (applied in sequence order)"),
                ));
            }
            apply[gi] = true;
            applied_seq[gi] = Some(seq);
            order.push(gi);
            cur = (seq, mac);
            self.heads.push(cur);
        }
        self.chain_seq = cur.0;
        self.chain_head = cur.1;
        self.durable = cur;
        if in_file_order && apply.iter().all(|a| *a) {
            return;
        }
        // Reload: the applied transactions in sequence order; the others only mark the
        // contacts they name as damaged (never served, never resurrected).
        self.reset_load(self.data.len() / 256);
        if in_file_order {
            // The sequence number of the next applied transaction after each group.
            let mut next_seq: Vec<Option<u64>> = vec![None; ng];
            let mut next = None;
            for gi in (0..ng).rev() {
                next_seq[gi] = next;
                if applied_seq[gi].is_some() {
                    next = applied_seq[gi];
                }
            }
            let mut prev_seq = self.hdr.base_seq;
            for (gi, g) in groups[..ng].iter().enumerate() {
                if apply[gi] {
                    for it in &g.items {
                        self.apply_item(*it);
                    }
                    prev_seq = applied_seq[gi].unwrap_or(prev_seq);
                } else if !replayed[gi] {
                    // Where the chain shows transactions missing, this unauthenticated group
                    // may be one of them with a damaged commit or shared frame: its records
                    // whose own AES-GCM tag verifies are served, flagged (one bad bit costs
                    // the record it hits, not the batch). Anywhere else (a re-appended or
                    // spliced frame between consecutive transactions, or after the last one)
                    // nothing of it is served.
                    let in_gap = next_seq[gi].is_some_and(|n| n > prev_seq.saturating_add(1));
                    self.mark_group(g, in_gap);
                }
            }
        } else {
            for gi in &order {
                for it in &groups[*gi].items {
                    self.apply_item(*it);
                }
            }
            for (gi, g) in groups[..ng].iter().enumerate() {
                if !apply[gi] && !replayed[gi] {
                    self.mark_group(g, false);
                }
            }
        }
        self.build_index();
    }

    /// A transaction that is not applied: every contact a frame of it names is reported as
    /// damaged until a later applied frame replaces or deletes it — except, with `salvage`,
    /// a record frame of the current record key whose own AES-GCM tag verifies: it is served
    /// and reported as salvaged.
    pub(super) fn mark_group(&mut self, g: &Group, salvage: bool) {
        for it in &g.items {
            match *it {
                Item::Frame(f) if salvage && f.kind == K_RECORD && self.record_authentic(f) => {
                    self.apply(f);
                    if let Some(r) = parse_record(&self.data[f.body_start..f.end]) {
                        self.salvaged.insert(r.id, f.off);
                    }
                }
                Item::Frame(f) if matches!(f.kind, K_RECORD | K_DELETE) => {
                    let Some(b) = self.data.get(f.body_start..f.body_start + 8) else {
                        continue;
                    };
                    let id = u64::from_le_bytes(b.try_into().expect("8"));
                    if self.records.contains_key(&id) {
                        self.suspect.insert(id, f.off);
                    } else if id != 0 {
                        self.lost.insert(id, f.off);
                    }
                }
                Item::Frame(_) => {}
                Item::Damaged {
                    off,
                    end,
                    whole_frame,
                } => self.damaged_region(off, end, whole_frame),
            }
        }
    }

    /// Whether the record frame `f` is sealed under the header's record key and its AES-GCM
    /// tag verifies (the contents are decrypted into a zeroizing buffer and dropped).
    fn record_authentic(&self, f: RawFrame) -> bool {
        let Some(r) = parse_record(&self.data[f.body_start..f.end]) else {
            return false;
        };
        if r.key_id != self.hdr.key_id {
            return false;
        }
        let Some(key) = self.keys.record_ref(r.key_id) else {
            return false;
        };
        let aad = frame_aad(&self.hdr.vault_id, K_RECORD, r.aad_fields);
        let mut pt = Zeroizing::new(r.ct.to_vec());
        crypto::open(key, &r.nonce, &aad, &mut pt, &r.tag)
    }

    /// The anchor of the last acknowledged write.
    pub(super) fn anchor(&self) -> Result<Anchor> {
        if !self.hdr.chain {
            return Err(Error::corrupt(
                "transaction chain",
                "this file has no transaction chain yet (a damaged record blocked its upgrade)",
            ));
        }
        Ok(Anchor {
            schema: chain::ANCHOR_SCHEMA.to_string(),
            vault_id: hex(&self.hdr.vault_id),
            seq: self.durable.0,
            head: hex(&self.durable.1),
        })
    }

    /// Check that this file is not older than `a` (see [`Vault::verify_anchor`]).
    pub(super) fn verify_anchor(&self, a: &Anchor) -> Result<()> {
        if a.schema != chain::ANCHOR_SCHEMA {
            return Err(Error::invalid(
                "anchor.schema",
                format!("expected \"{}\"", chain::ANCHOR_SCHEMA),
            ));
        }
        let vid: [u8; 16] = chain::unhex(&a.vault_id)
            .ok_or_else(|| Error::invalid("anchor.vault_id", "expected 32 hex digits"))?;
        let head: [u8; 16] = chain::unhex(&a.head)
            .ok_or_else(|| Error::invalid("anchor.head", "expected 32 hex digits"))?;
        if vid != self.hdr.vault_id {
            return Err(Error::corrupt(
                "anchor",
                "the anchor belongs to another vault (vault id differs)",
            ));
        }
        if !self.hdr.chain {
            return Err(Error::RolledBack(format!(
                "the file has no transaction chain, so it predates the anchor (transaction {})",
                a.seq
            )));
        }
        if a.seq > self.chain_seq {
            return Err(Error::RolledBack(format!(
                "the file ends at transaction {}, the anchor is at transaction {}",
                self.chain_seq, a.seq
            )));
        }
        if let Some((_, h)) = self.heads.iter().find(|(s, _)| *s == a.seq)
            && !bool::from(h.ct_eq(&head))
        {
            return Err(Error::RolledBack(format!(
                "transaction {} of the file is not the anchored one: the file is an older copy \
                 written to since",
                a.seq
            )));
        }
        Ok(())
    }

    // ---------------------------------------------------------------- erasure

    /// Overwrite the ciphertext of the superseded or deleted record frames in
    /// `pending_scrub` with zeros in place (the frame check is rewritten to match; the chain
    /// input leaves the ciphertext out, so the chain still verifies), then sync.
    /// Under a legal hold that is on and not overridden nothing is overwritten: replaced and
    /// deleted versions may be evidence; they stay pending and are erased by the first write
    /// (or close) after the override or release.
    pub(super) fn scrub(&mut self) -> Result<()> {
        if self.pending_scrub.is_empty() || self.held() {
            return Ok(());
        }
        let offs = std::mem::take(&mut self.pending_scrub);
        let mut wrote = false;
        for off in offs {
            let Some(f) = frame_at(&self.data, off) else {
                continue;
            };
            if f.kind != K_RECORD || !f.verify(&self.data) {
                continue;
            }
            let body = &self.data[f.body_start..f.end];
            let Some(r) = parse_record(body) else {
                continue;
            };
            if r.ct.iter().all(|b| *b == 0) {
                continue;
            }
            let ct_start = f.body_start + (body.len() - r.ct.len() - 16);
            let ct_end = f.end - 16;
            let mut new = self.data[off..f.end].to_vec();
            new[ct_start - off..ct_end - off].fill(0);
            let c = crypto::check4(&[&new[..9], &new[FRAME_HDR..]]);
            new[9..13].copy_from_slice(&c);
            self.storage.write_at((off + 9) as u64, &new[9..])?;
            self.data[off..f.end].copy_from_slice(&new);
            wrote = true;
        }
        if wrote {
            self.storage.sync()?;
        }
        Ok(())
    }

    /// Build the blind index at the end of a load from the entries collected in file order
    /// (dropping those of superseded or deleted versions, if any).
    pub(super) fn build_index(&mut self) {
        let mut entries = std::mem::take(&mut self.pending);
        self.tx_recs.clear();
        if self.superseded {
            entries.retain(|(_, id, off, _)| self.records.get(id).is_some_and(|e| e.off == *off));
        }
        self.index = Index::build(self.hdr.index_bits, &entries);
        self.building = false;
        self.superseded = false;
        self.forgive_superseded();
    }

    /// A damaged whole record frame whose contact was replaced or deleted by a later intact
    /// frame cost nothing (e.g. an in-place erasure a crash interrupted): not reported.
    pub(super) fn forgive_superseded(&mut self) {
        let mut drop_msgs = Vec::new();
        for (msg, off) in std::mem::take(&mut self.regions) {
            if self.data.get(off) != Some(&K_RECORD) {
                continue;
            }
            let Some(b) = self.data.get(off + FRAME_HDR..off + FRAME_HDR + 8) else {
                continue;
            };
            let id = u64::from_le_bytes(b.try_into().expect("8"));
            let later = match self.records.get(&id) {
                Some(e) => e.off > off && !self.suspect.contains_key(&id),
                None => !self.lost.contains_key(&id),
            };
            if later && !self.suspect.values().any(|o| *o == off) {
                drop_msgs.push(msg);
            }
        }
        for m in drop_msgs.into_iter().rev() {
            if m < self.damaged.len() {
                self.damaged.remove(m);
            }
        }
    }

    /// Report the damaged bytes `[off, end)` and mark the contact they name. A region that
    /// is one whole frame names one contact id, which [`State::mark_suspect`] accounts for;
    /// anything longer (or an id it cannot pin down) may have held any number of contacts:
    /// the head count loses its upper bound.
    pub(super) fn damaged_region(&mut self, off: usize, end: usize, whole_frame: bool) {
        let msg = format!("damaged bytes at offset {off}..{end}");
        // One whole log, check or commit frame names no contact (its kind byte is in the
        // chain input: were it a record whose kind was hit, its transaction would not be
        // applied and the count is open-ended anyway).
        let names_none =
            whole_frame && matches!(self.data.get(off), Some(&(K_LOG | K_CHECKS | K_COMMIT)));
        if names_none {
            self.damaged.push(msg);
            return;
        }
        if !self.mark_suspect(off) || !whole_frame {
            self.unbounded.push(format!(
                "{msg}: more than one frame, or no contact id to account for (its contents are \
                 unknown)"
            ));
        }
        self.damaged.push(msg);
    }

    /// A damaged frame at `off` may have replaced or deleted a contact: the id it names —
    /// or, if the damage hit the id itself, an existing id one byte away from it (ids are
    /// random 64-bit values, so a match is no accident) — is reported as damaged rather
    /// than served in a possibly outdated version. False when no id could be accounted for
    /// (too short, or several existing ids one byte away).
    pub(super) fn mark_suspect(&mut self, off: usize) -> bool {
        let Some(b) = self.data.get(off + FRAME_HDR..off + FRAME_HDR + 8) else {
            return false;
        };
        let claimed: [u8; 8] = b.try_into().expect("8");
        let id = u64::from_le_bytes(claimed);
        if self.records.contains_key(&id) {
            self.suspect.insert(id, off);
            return true;
        }
        // Exactly one existing id one byte away; several (caller-chosen sequential ids)
        // would be a guess, so none is marked then.
        let mut found = None;
        for i in 0..8 {
            for v in 0..=255u8 {
                if v == claimed[i] {
                    continue;
                }
                let mut c = claimed;
                c[i] = v;
                let cand = u64::from_le_bytes(c);
                if self.records.contains_key(&cand) {
                    if found.is_some() {
                        return false;
                    }
                    found = Some(cand);
                }
            }
        }
        match found {
            Some(id) => {
                self.suspect.insert(id, off);
            }
            // Possibly a new contact whose only frame is damaged: `get` reports it as
            // damaged instead of not found.
            None => {
                self.lost.insert(id, off);
            }
        }
        true
    }

    pub(super) fn remove_entry(&mut self, id: u64) {
        self.suspect.remove(&id);
        self.lost.remove(&id);
        let Some(old) = self.records.remove(&id) else {
            return;
        };
        self.pending_scrub.push(old.off);
        if self.building {
            self.superseded = true;
            return;
        }
        let Some(f) = frame_at(&self.data, old.off) else {
            return;
        };
        let Some(r) = parse_record(&self.data[f.body_start..f.end]) else {
            return;
        };
        if !self.building {
            for t in r.tags() {
                self.index.remove(t, id);
            }
        }
    }

    pub(super) fn apply(&mut self, f: RawFrame) {
        let body = &self.data[f.body_start..f.end];
        match f.kind {
            K_RECORD => {
                let Some(r) = parse_record(body) else {
                    let msg = format!("malformed record frame at offset {}", f.off);
                    self.unbounded
                        .push(format!("{msg} (no contact id to account for)"));
                    self.damaged.push(msg);
                    return;
                };
                let limit = 1usize << self.hdr.index_bits;
                let tags = r
                    .tags_raw
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]));
                let ntags = r.tags_raw.len() / 2;
                if r.key_id > self.hdr.key_id || tags.clone().any(|t| t as usize >= limit) {
                    let msg = format!("malformed record frame at offset {}", f.off);
                    self.unbounded
                        .push(format!("{msg} (its contact is not accounted for)"));
                    self.damaged.push(msg);
                    return;
                }
                let (id, key_id) = (r.id, r.key_id);
                if key_id == self.hdr.key_id {
                    self.enc_count += 1;
                }
                if !self.key_ids_seen.contains(&key_id) {
                    self.key_ids_seen.push(key_id);
                    if self.keys_ready {
                        let _ = self.keys.record(key_id);
                    }
                }
                if self
                    .tx_recs
                    .last()
                    .is_some_and(|p| p.tx_rem != f.tx_rem + 1)
                {
                    self.tx_recs.clear();
                }
                self.tx_recs.push(TxRec {
                    id,
                    off: f.off,
                    tx_rem: f.tx_rem,
                    nonce: r.nonce,
                    pending_start: self.pending.len(),
                    ntags,
                });
                if self.building {
                    // One hash probe per record while loading.
                    if let Some(old) = self.records.insert(id, Entry { off: f.off }) {
                        self.superseded = true;
                        self.pending_scrub.push(old.off);
                    }
                    if !self.suspect.is_empty() || !self.lost.is_empty() {
                        self.suspect.remove(&id);
                        self.lost.remove(&id);
                    }
                    for t in tags {
                        self.pending.push((t, id, f.off, packed(None)));
                    }
                } else {
                    let tags: Vec<u16> = tags.collect();
                    self.remove_entry(id);
                    for t in tags {
                        self.index.insert(t, id, f.off, packed(None));
                    }
                    self.records.insert(id, Entry { off: f.off });
                }
            }
            K_DELETE => {
                self.tx_recs.clear();
                if body.len() != 40 {
                    let msg = format!("malformed delete frame at offset {}", f.off);
                    self.unbounded
                        .push(format!("{msg} (no contact id to account for)"));
                    self.damaged.push(msg);
                    return;
                }
                let id = u64::from_le_bytes(body[0..8].try_into().expect("8"));
                let key_id = u32::from_le_bytes(body[8..12].try_into().expect("4"));
                let nonce: [u8; 12] = body[12..24].try_into().expect("12");
                let tag: [u8; 16] = body[24..40].try_into().expect("16");
                let aad = frame_aad(&self.hdr.vault_id, K_DELETE, &body[..12]);
                if key_id > self.hdr.key_id
                    || !crypto::open(self.keys.record(key_id), &nonce, &aad, &mut [], &tag)
                {
                    self.damaged
                        .push(format!("unauthentic delete frame at offset {}", f.off));
                    if !self.mark_suspect(f.off) {
                        self.unbounded.push(format!(
                            "unauthentic delete frame at offset {} names no contact id to \
                             account for",
                            f.off
                        ));
                    }
                    return;
                }
                if key_id == self.hdr.key_id {
                    self.enc_count += 1;
                }
                self.remove_entry(id);
            }
            K_CHECKS => {
                let recs = std::mem::take(&mut self.tx_recs);
                if !self.apply_checks(f, &recs) {
                    self.damaged.push(format!(
                        "unusable check frame at offset {} (lookups of its records open every \
                         candidate)",
                        f.off
                    ));
                }
            }
            K_LOG => {
                self.tx_recs.clear();
                if body.len() != LOG_BODY {
                    self.damaged
                        .push(format!("malformed log frame at offset {}", f.off));
                    return;
                }
                let seq = u64::from_le_bytes(body[0..8].try_into().expect("8"));
                self.log_head = body[21..37].try_into().expect("16");
                self.log_seq = seq.saturating_add(1);
                self.logs.push(f.off);
            }
            _ => {}
        }
    }

    /// Read a check frame covering the record frames `recs` (the last `count` of them must be
    /// its transaction's records, right before it) and attach its checks to their index
    /// entries. False if it is malformed, does not follow its records, or does not
    /// authenticate; the entries then keep no check (every candidate is opened).
    pub(super) fn apply_checks(&mut self, f: RawFrame, recs: &[TxRec]) -> bool {
        let Some(c) = parse_checks(&self.data[f.body_start..f.end]) else {
            return false;
        };
        let n = c.count as usize;
        if f.tx_rem != self.cr() || n == 0 || n > recs.len() || c.key_id > self.hdr.key_id {
            return false;
        }
        let covered = &recs[recs.len() - n..];
        if covered
            .iter()
            .enumerate()
            .any(|(i, r)| r.tx_rem as usize != n - i + f.tx_rem as usize)
            || covered.iter().map(|r| r.ntags).sum::<usize>() * 2 != c.ct.len()
        {
            return false;
        }
        let ids: Vec<(u64, [u8; 12])> = covered.iter().map(|r| (r.id, r.nonce)).collect();
        let aad = checks_aad(&self.hdr.vault_id, c.head, &ids);
        let mut pt = Zeroizing::new(c.ct.to_vec());
        let (nonce, tag, key_id) = (c.nonce, c.tag, c.key_id);
        if !crypto::open(self.keys.record(key_id), &nonce, &aad, &mut pt, &tag) {
            return false;
        }
        if key_id == self.hdr.key_id {
            self.enc_count += 1;
        }
        let mut k = 0;
        for r in covered {
            for i in 0..r.ntags {
                let chk = packed(Some(u16::from_le_bytes([pt[2 * k], pt[2 * k + 1]])));
                k += 1;
                if self.building {
                    if let Some(e) = self.pending.get_mut(r.pending_start + i)
                        && e.1 == r.id
                        && e.2 == r.off
                    {
                        e.3 = chk;
                    }
                } else if let Some(t) = record_tag(&self.data, r.off, i) {
                    self.index.set_check(t, r.id, r.off, chk);
                }
            }
        }
        true
    }

    pub(super) fn last_open_ms(&self) -> Option<i64> {
        self.logs.iter().rev().find_map(|off| {
            let b = &self.data[off + FRAME_HDR..off + FRAME_HDR + LOG_BODY];
            let ev = AccessEvent::from_code(b[16])?;
            matches!(ev, AccessEvent::Opened | AccessEvent::Created)
                .then(|| i64::from_le_bytes(b[8..16].try_into().expect("8")))
        })
    }
}
