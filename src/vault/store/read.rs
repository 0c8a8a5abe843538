//! Reading: authenticating and decrypting records, listing, caller-ID lookup, the access log.

use super::*;

impl State {
    // ---------------------------------------------------------------- reading

    pub(super) fn corrupt_at(&self, id: u64, e: &Entry) -> Error {
        Error::corrupt(
            format!("record {} at offset {}", ContactId(id), e.off),
            "record does not authenticate",
        )
    }

    pub(super) fn decrypt(&self, id: u64, e: &Entry) -> Result<Zeroizing<Vec<u8>>> {
        self.decrypt_at(id, e.off)
    }

    /// Open the record frame at `off`, which must belong to contact `id`.
    pub(super) fn decrypt_at(&self, id: u64, off: usize) -> Result<Zeroizing<Vec<u8>>> {
        let mut pt = Zeroizing::new(Vec::new());
        let n = self.open_into(id, off, &mut [], &mut pt)?.len();
        pt.truncate(n);
        Ok(pt)
    }

    /// Authenticate and decrypt the record frame at `off` (which must belong to contact
    /// `id`), parsing it once: into `stack` when the plaintext fits (the caller zeroizes it),
    /// else into `heap` (resized). Returns the plaintext.
    pub(super) fn open_into<'b>(
        &self,
        id: u64,
        off: usize,
        stack: &'b mut [u8],
        heap: &'b mut Zeroizing<Vec<u8>>,
    ) -> Result<&'b [u8]> {
        let bad = || {
            Error::corrupt(
                format!("record {} at offset {off}", ContactId(id)),
                "record does not authenticate",
            )
        };
        if let Some(at) = self.suspect.get(&id) {
            return Err(Error::corrupt(
                format!("record {}", ContactId(id)),
                format!("a later change to this contact is damaged (offset {at})"),
            ));
        }
        let f = frame_at(&self.data, off).ok_or_else(bad)?;
        let r = parse_record(&self.data[f.body_start..f.end]).ok_or_else(bad)?;
        let key = self.keys.record_ref(r.key_id).ok_or_else(bad)?;
        let n = r.ct.len();
        if r.id != id {
            return Err(bad());
        }
        let buf: &'b mut [u8] = if n <= stack.len() {
            stack
        } else {
            heap.clear();
            heap.resize(n, 0);
            heap.as_mut_slice()
        };
        // The AAD on the stack for up to 64 tags (all this version writes), else on the heap.
        let mut small = [0u8; 19 + 13 + 2 * 64];
        let aad_len = 19 + r.aad_fields.len();
        let heap;
        let aad: &[u8] = if aad_len <= small.len() {
            small[..16].copy_from_slice(&self.hdr.vault_id);
            small[16..18].copy_from_slice(&FRAME_LAYOUT.to_le_bytes());
            small[18] = K_RECORD;
            small[19..aad_len].copy_from_slice(r.aad_fields);
            &small[..aad_len]
        } else {
            heap = frame_aad(&self.hdr.vault_id, K_RECORD, r.aad_fields);
            &heap
        };
        buf[..n].copy_from_slice(r.ct);
        if !crypto::open(key, &r.nonce, aad, &mut buf[..n], &r.tag) {
            buf[..n].zeroize();
            return Err(bad());
        }
        Ok(&buf[..n])
    }

    pub(super) fn all(&self) -> Vec<Result<Contact>> {
        let mut v: Vec<(&u64, &Entry)> = self.records.iter().collect();
        v.sort_unstable_by_key(|(_, e)| e.off);
        v.into_iter()
            .map(|(id, e)| {
                let pt = self.decrypt(*id, e)?;
                contact::decode(&pt, ContactId(*id)).ok_or_else(|| self.corrupt_at(*id, e))
            })
            .collect()
    }

    /// The newest record holding `number`, decoded with `decode`. (Candidates' plaintexts go
    /// through a stack buffer of [`STACK_PT`] bytes; records are ~250 bytes.)
    pub(super) fn lookup<T>(
        &self,
        number: &str,
        decode: impl Fn(&[u8], ContactId) -> Option<T>,
    ) -> Result<Option<T>> {
        let Some(e164) = self.normalizer.normalize(number, self.hdr.region_str()) else {
            return Ok(None);
        };
        let e164 = Zeroizing::new(e164);
        let (t, want) = self.tag_check(&e164, self.hdr.index_bits);
        // (offset, answer) of the newest matching record so far.
        let mut best: Option<(usize, T)> = None;
        let mut corrupt = None;
        // Candidates are opened into a stack buffer (zeroized below; a larger record goes to
        // `heap`, zeroized on drop) and the match is decoded from there.
        let mut stack = [0u8; STACK_PT];
        let mut heap = Zeroizing::new(Vec::new());
        let mut used = 0usize;
        // Touch every candidate's frame first: the independent cache misses overlap instead
        // of being paid one after another. (Candidates are iterated twice rather than
        // collected: no allocation per lookup.)
        let mut touch = 0u8;
        for (_, off) in self.index.candidates(t, want) {
            touch ^= self.data.get(off).copied().unwrap_or(0);
        }
        std::hint::black_box(touch);
        let bad =
            |off: usize| Error::corrupt(format!("record at offset {off}"), "undecodable plaintext");
        for (id, off) in self.index.candidates(t, want) {
            if best.as_ref().is_some_and(|b| b.0 > off) {
                continue;
            }
            let opened = self
                .open_into(id, off, &mut stack, &mut heap)
                .and_then(|pt| {
                    // (A plaintext that did not fit went to `heap`; wiping that much of the
                    // stack buffer as well is harmless.)
                    used = used.max(pt.len().min(STACK_PT));
                    match contact::has_phone(pt, &e164) {
                        Some(true) => decode(pt, ContactId(id)).map(Some).ok_or_else(|| bad(off)),
                        _ => Ok(None),
                    }
                });
            match opened {
                Ok(Some(v)) => best = Some((off, v)),
                Ok(None) => {}
                Err(err) => corrupt = Some(err),
            }
        }
        // Wipe the plaintext that passed through the stack buffer.
        stack[..used].zeroize();
        match (best, corrupt) {
            (Some((_, v)), _) => Ok(Some(v)),
            (None, Some(err)) => Err(err),
            (None, None) => Ok(None),
        }
    }

    pub(super) fn read_log(&self) -> (Vec<AccessLogEntry>, Result<()>) {
        let mut prev = [0u8; 16];
        let mut out = Vec::new();
        let mut res = Ok(());
        for (i, off) in self.logs.iter().enumerate() {
            let b = &self.data[off + FRAME_HDR..off + FRAME_HDR + LOG_BODY];
            let seq = u64::from_le_bytes(b[0..8].try_into().expect("8"));
            let at = i64::from_le_bytes(b[8..16].try_into().expect("8"));
            let event = AccessEvent::from_code(b[16]);
            let count = u32::from_le_bytes(b[17..21].try_into().expect("4"));
            let mac: [u8; 16] = b[21..37].try_into().expect("16");
            let want = self.log_mac(&prev, &b[..21]);
            if res.is_ok() && (seq != i as u64 || !bool::from(want.ct_eq(&mac)) || event.is_none())
            {
                res = Err(Error::corrupt(
                    format!("access log entry {i} at offset {off}"),
                    "chain MAC does not verify",
                ));
            }
            prev = mac;
            if let Some(event) = event {
                let (jurisdiction, count) = match event {
                    AccessEvent::DirectoryJurisdictionMin
                    | AccessEvent::DirectoryJurisdictionMax => {
                        match super::super::log::unpack_jurisdiction(count) {
                            Some((j, n)) => (Some(j), n),
                            None => (Some(format!("invalid:{count:#x}")), count),
                        }
                    }
                    _ => (None, count),
                };
                out.push(AccessLogEntry {
                    seq,
                    at: DateTime::from_timestamp_millis(at).unwrap_or_default(),
                    event,
                    count,
                    jurisdiction,
                    mac: hex(&mac),
                });
            }
        }
        if res.is_ok() && !self.damaged.is_empty() {
            // A damaged region may have held log entries; the chain cannot vouch for them.
            // (The MAC chain itself still links the entries that remain.)
        }
        (out, res)
    }
}
