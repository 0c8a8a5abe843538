//! Creating and opening a vault: the shared bodies behind every `Vault::create*` / `Vault::open*`.

use super::*;

impl Vault {
    pub(super) fn create_in(
        mut storage: Box<dyn Storage>,
        spec: KeySpec<'_>,
        mut options: VaultOptions,
    ) -> Result<Vault> {
        let region = check_region(&options)?;
        let rotate_after = options.rotate_after.unwrap_or(ROTATE_AFTER).max(1);
        let (mut rng, clock, normalizer) = options.take_parts();
        let now = clock.now();
        let mut vault_id = [0u8; 16];
        rng.fill_bytes(&mut vault_id);
        if let KeySpec::PasscodeFactor { challenge, .. } = &spec {
            vault_id.copy_from_slice(&challenge[..16]);
        }
        let mut vmk = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(vmk.as_mut());
        let keys = Keys::new(vmk);
        let hdr = Header {
            version: FORMAT_VERSION,
            vault_id,
            index_bits: MIN_INDEX_BITS,
            remote_wipe: options.remote_wipe,
            created_ms: ms(now),
            key_id: 0,
            wipe_after_failed: options.wipe_after_failed.unwrap_or(0),
            wipe_after_idle_days: options.wipe_after_idle_days.unwrap_or(0),
            region,
            normalizer: normalizer_label(normalizer.as_ref()),
            kcv: keys.key_check(&vault_id),
            chain: true,
            base_seq: 0,
            base_head: [0; 16],
            directory: false,
            labels_out: false,
            slot_mac: true,
        };
        let slot = spec.make_slot(1, ROLE_USER, options.kdf, &hdr, &mut rng, keys.vmk())?;
        let mut file = build_header(&hdr, &keys, &[(SLOT_A, slot.to_bytes(hdr.version))]);
        let mut st = State::new(
            Box::new(NullStorage),
            FileBuf::default(),
            hdr,
            keys,
            SLOT_A,
            slot,
            rotate_after,
            rng,
            clock,
            normalizer,
        );
        st.min_log2 = options.min_passcode_guess_log2;
        st.own_slots = vec![(SLOT_A, st.slot.to_bytes(st.hdr.version))];
        let frame = st.log_frame(AccessEvent::Created, 1, now);
        let at = file.len();
        file.extend_from_slice(&frame);
        st.seal_tx(&mut file, at);
        storage.append(&file)?;
        storage.sync()?;
        st.storage = storage;
        st.data = file.into();
        st.load(true);
        let v = Vault {
            inner: RwLock::new(Inner::Open(Box::new(st))),
        };
        crypto::scrub_stack();
        Ok(v)
    }

    pub(super) fn open_in(
        mut storage: Box<dyn Storage>,
        secret: Secret<'_>,
        mut options: VaultOptions,
    ) -> Result<Vault> {
        let rotate_after = options.rotate_after.unwrap_or(ROTATE_AFTER).max(1);
        let anchor = options.anchor.take();
        let read_only = options.read_only;
        let (rng, clock, normalizer) = options.take_parts();
        if !read_only {
            // A rewrite's temp file left by an interrupted compaction (only the lock holder
            // writes it, so it is stale): crypto-erased and deleted (audit N5).
            storage.remove_copies()?;
        }
        let mut head = storage.read_prefix(HEADER_LEN)?;
        let hdr = Header::parse(&head)?;
        head.truncate(hdr.header_len());
        let slots: Vec<(usize, SlotState)> = slot_positions(&hdr)
            .into_iter()
            .map(|p| (p, Slot::parse(&head[p..p + SLOT_LEN], hdr.version)))
            .collect();
        let all_valid: Vec<(usize, Slot)> = slots
            .iter()
            .filter_map(|(p, s)| match s {
                SlotState::Valid(s) => Some((*p, s.clone())),
                _ => None,
            })
            .collect();
        if all_valid.is_empty() {
            if slots.iter().all(|(_, s)| matches!(s, SlotState::Empty)) {
                return Err(Error::Wiped);
            }
            return Err(Error::corrupt("key slots", "no readable key slot"));
        }
        let mut valid: Vec<(usize, Slot)> = all_valid
            .iter()
            .filter(|(_, s)| secret.fits(s.kdf))
            .cloned()
            .collect();
        if valid.is_empty() {
            let kinds: Vec<&str> = all_valid
                .iter()
                .map(|(_, s)| KeySource::from_kdf(s.kdf).as_str())
                .collect();
            return Err(Error::FactorRequired(format!(
                "this vault's key slots are {}; the secret given fits none of them",
                kinds.join(", ")
            )));
        }
        for (_, s) in &valid {
            if s.uses_argon2() {
                s.params.check()?;
            }
        }
        // User slots first (newest generation first), then the recovery slot.
        valid.sort_by_key(|s| (s.1.role, std::cmp::Reverse(s.1.generation)));
        let user_slot = all_valid
            .iter()
            .filter(|(_, s)| s.role == ROLE_USER)
            .max_by_key(|(_, s)| s.generation)
            .cloned();
        // The KDF runs on a second thread while this one reads, scans and loads the file up to
        // the first frame that needs a key (in a typical vault: everything but the check
        // frames and deletes), so an open costs about max(KDF, load) rather than their sum.
        // Nothing loaded is exposed before the keys are verified below.
        let hdr_ref = &hdr;
        let placeholder_slot = valid[0].1.clone();
        // The KEK is kept only for a v1 file, to re-wrap its slot in the v2 layout below.
        // Boxed: the worker's result crosses the join through a heap packet that is freed
        // unwiped, so only a pointer may travel; the key bytes stay in one zeroizing box.
        type Found = (usize, Slot, Box<crypto::Key32>, Option<Box<crypto::Key32>>);
        let unlock = || -> Result<Option<Found>> {
            for (pos, s) in &valid {
                if let Some(kek) = secret.kek(s)?
                    && let Some(vmk) =
                        crypto::unwrap(&kek, &s.nonce, &s.wrap_aad(hdr_ref), &s.wrapped)
                {
                    let keep = (hdr_ref.version == FORMAT_V1).then(|| Box::new(kek));
                    return Ok(Some((*pos, s.clone(), Box::new(vmk), keep)));
                }
            }
            Ok(None)
        };
        // The worker also warms the phone normaliser (libphonenumber's metadata and tables are
        // built on first use, several milliseconds) once Argon2id is done: it finishes well
        // before the load, and the first caller-ID lookup after an open is the common case.
        let warm = Arc::clone(&normalizer);
        let region = hdr.region_str().to_owned();
        let unlock_and_warm = || {
            let r = unlock();
            crypto::scrub_stack();
            let _ = warm.normalize("+81312345678", &region);
            let _ = warm.normalize("03-1234-5678", &region);
            r
        };
        let (found, loaded) = std::thread::scope(|sc| {
            let worker = std::thread::Builder::new().spawn_scoped(sc, unlock_and_warm);
            let loaded = read_file(storage.as_mut()).map(|data| {
                // Placeholder keys until the KDF finishes: `keys_ready = false` keeps every
                // frame that needs a key for the second phase.
                let mut st = State::new(
                    storage,
                    data,
                    hdr.clone(),
                    Keys::new(Zeroizing::new([0u8; 32])),
                    SLOT_A,
                    placeholder_slot,
                    rotate_after,
                    rng,
                    clock,
                    normalizer,
                );
                st.keys_ready = false;
                let (groups, first) = st.load_fused(false, true);
                // The chain digests need no key: computed here, beside the KDF.
                let digests: Vec<Option<[u8; 32]>> = if st.hdr.chain {
                    groups
                        .iter()
                        .map(|g| {
                            chain::commit_of(&st.data, g).map(|c| chain::digest(&st.data, c.3))
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                (st, groups, first, digests)
            });
            let found = match worker {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|_| Err(Error::Internal("kdf worker".into()))),
                Err(_) => unlock(),
            };
            (found, loaded)
        });
        let found = found?;
        let (mut st, groups, first, digests) = loaded?;
        let hl = hdr.header_len();
        if st.data.len() < hl || st.data[..hl] != head[..] {
            return Err(Error::corrupt("header", "the file changed while opening"));
        }
        let counter_bytes = &st.data[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN];
        let counter = Counter::parse(counter_bytes);
        let Some(found) = found else {
            // Wrong passcode: bump the unauthenticated counter, maybe wipe (also when opening
            // read-only: the vault's policy wins; a file this process cannot write cannot
            // count it).
            if read_only && st.storage.make_writable().is_err() {
                return Err(Error::WrongPasscode);
            }
            let now = ms(st.clock.now());
            let storage = st.storage.as_mut();
            let mut c = counter.unwrap_or_default();
            c.failed = c.failed.saturating_add(1);
            if c.first_ms == 0 {
                c.first_ms = now;
            }
            c.last_ms = now;
            storage.write_at(COUNTER_OFF as u64, &c.to_bytes())?;
            storage.sync()?;
            if hdr.wipe_after_failed > 0 && c.failed >= hdr.wipe_after_failed {
                erase(storage, st.data.len())?;
                return Err(Error::Wiped);
            }
            return Err(Error::WrongPasscode);
        };
        let (slot_pos, slot, vmk, v1_kek) = found;
        let keys = Keys::new(Zeroizing::new(**vmk));
        drop(vmk);
        if !bool::from(keys.key_check(&hdr.vault_id).ct_eq(&hdr.kcv)) {
            return Err(Error::corrupt("header", "key-check value does not match"));
        }
        let mut mac_in = st.data[..STATIC_LEN].to_vec();
        if hdr.chain {
            mac_in.extend_from_slice(&st.data[FEATURES_OFF..FEATURES_OFF + EXT_LEN]);
        }
        let mac = keys.header_mac(&mac_in);
        if !bool::from(mac.ct_eq(&st.data[STATIC_LEN..STATIC_LEN + 32])) {
            return Err(Error::corrupt("header", "header MAC does not verify"));
        }
        st.min_log2 = options.min_passcode_guess_log2;
        // The slot that unwrapped is authentic (its wrap AAD covers its bytes); the others
        // only through their slot MACs (docs/vault-format.md §2.2).
        st.own_slots = vec![(
            slot_pos,
            head[slot_pos..slot_pos + SLOT_LEN]
                .try_into()
                .expect("slot length"),
        )];
        let (open_role, open_generation) = (slot.role, slot.generation);
        if slot.role == ROLE_RECOVERY {
            // Opened by the recovery slot: the user slot stays as it is (rekey replaces it).
            st.opened_by_recovery = true;
            let (upos, uslot) = user_slot.unwrap_or((slot_pos, slot.clone()));
            st.install_keys(keys, upos, uslot);
        } else {
            st.install_keys(keys, slot_pos, slot);
        }
        // Second phase: the frames from the first one that needed a key.
        let good = match first {
            Ok(good) => good,
            Err(at) => st.load_groups(&groups, at, false).unwrap_or(st.data.len()),
        };
        st.verify_chain(&groups, good, Some(&digests));
        // What a torn tail may have held: only log entries (an `opened` entry a power cut
        // tore, the common case) cannot hide a contact.
        let tail_contacts = good < st.data.len()
            && groups.last().is_none_or(|g| {
                g.items
                    .iter()
                    .any(|it| !matches!(it, Item::Frame(f) if matches!(f.kind, K_LOG | K_COMMIT)))
            });
        let applied_any = groups.iter().any(|g| g.start() < good);
        drop(groups);
        // A user slot older than the last passcode change the authenticated log records was
        // revoked by that change (a copy of the old slot grafted back): refused.
        if open_role == ROLE_USER {
            st.check_not_revoked(open_generation)?;
        }
        // Every chained file holds at least one transaction after its chain base (`created`,
        // or the rewrite's own): a file cut back to its header is never an empty vault.
        if st.hdr.chain && st.chain_seq == st.hdr.base_seq && st.report.clean() && !applied_any {
            return Err(Error::corrupt(
                "file",
                "no transaction after the header (the file was cut back to its header, or \
                 its first write never completed)",
            ));
        }
        // A rolled-back file is refused before anything is written to it (also before a
        // torn tail is cut: a cut-off acknowledged transaction is `RolledBack`).
        if let Some(a) = &anchor {
            st.verify_anchor(a)?;
        }
        if good < st.data.len() {
            // Torn tail (docs/vault-format.md §5 step 3): an interrupted write, or — in a copy
            // — acknowledged transactions cut off; only an anchor can tell, and one given
            // here has just passed. Read-only: reported, not cut.
            st.report.truncated = Some((good, st.data.len() - good));
            st.report.tail_contacts = tail_contacts && anchor.is_none();
            st.report.tail_anchored = anchor.is_some();
            st.report.tail_kept = read_only;
            if !read_only {
                st.storage.truncate(good as u64)?;
                st.storage.sync()?;
            }
            st.data.truncate(good);
        }
        if read_only {
            st.read_only = true;
        } else {
            // Finish (or undo) a passcode change interrupted by a crash: the user slot that
            // opened the vault becomes the only one. (In a file with slot MACs, an empty other
            // user slot whose MAC is stale — a crash between the two writes of an erasure — is
            // finished the same way.)
            let other = if slot_pos == SLOT_A { SLOT_B } else { SLOT_A };
            if slot_pos != SLOT_R
                && (st.data[other..other + SLOT_LEN].iter().any(|b| *b != 0)
                    || (st.hdr.slot_mac && !st.slot_mac_ok(other)))
            {
                st.write_slot(other, &[0u8; SLOT_LEN])?;
                st.storage.sync()?;
            }
        }
        let now = st.clock.now();
        // Idle-wipe policy (the last successful open is in the authenticated log). The
        // policy wins over read-only.
        if st.hdr.wipe_after_idle_days > 0
            && let Some(last) = st.last_open_ms()
            && ms(now) - last > i64::from(st.hdr.wipe_after_idle_days) * 86_400_000
        {
            st.read_only = false;
            st.storage.make_writable()?;
            st.wipe()?;
            return Err(Error::Wiped);
        }
        st.loaded_unchained = !st.hdr.chain;
        if read_only {
            let v = Vault {
                inner: RwLock::new(Inner::Open(Box::new(st))),
            };
            crypto::scrub_stack();
            return Ok(v);
        }
        if let Some((_, n)) = st.report.truncated {
            // Recorded in the authenticated log, so every later open still reports the cut.
            let f = st.log_frame(
                AccessEvent::TailCut,
                u32::try_from(n).unwrap_or(u32::MAX),
                now,
            );
            st.commit(f)?;
        }
        // Fold failed opens into the log, then reset the counter.
        let counter = counter.unwrap_or(Counter {
            failed: 1,
            first_ms: 0,
            last_ms: 0,
        });
        if counter.failed > 0 {
            let at = DateTime::from_timestamp_millis(counter.last_ms).unwrap_or(now);
            let f = st.log_frame(AccessEvent::FailedOpens, counter.failed, at);
            st.commit(f)?;
            st.storage
                .write_at(COUNTER_OFF as u64, &Counter::default().to_bytes())?;
            st.storage.sync()?;
            st.data[COUNTER_OFF..COUNTER_OFF + COUNTER_LEN].fill(0);
        }
        // The `opened` entry is appended without its own sync (that would add an fsync to
        // every open): it becomes durable with the next write, `close` or drop.
        let f = st.log_frame(AccessEvent::Opened, 1, now);
        st.commit_with(f, false)?;
        // Nothing found: automatic rewrites may run (they would drop unauthenticated bytes,
        // the evidence of a change to the file, so they wait while any is reported).
        let clean = st.report.clean() && st.damaged.is_empty();
        if st.hdr.version == FORMAT_V1
            && clean
            && let Some(kek) = v1_kek
            && !st.opened_by_recovery
        {
            // Upgrade a v1 file to v2 on this first write: re-wrap the slot under the v2
            // AAD (same KEK, salt and parameters; the passcode strength was never estimated,
            // so the slot says "unknown") and rewrite the file with a v2 header. If the
            // rewrite is refused (a damaged record), the file stays v1 and opens as before.
            let old = (st.hdr.clone(), st.slot.clone(), st.slot_pos);
            st.hdr.version = FORMAT_VERSION;
            let mut slot = st.slot.clone();
            st.random(&mut slot.nonce);
            slot.wrapped = crypto::wrap(&kek, &slot.nonce, &slot.wrap_aad(&st.hdr), st.keys.vmk());
            st.slot = slot;
            st.slot_pos = SLOT_A;
            if st.compact(None).is_err() {
                (st.hdr, st.slot, st.slot_pos) = old;
            }
        }
        if st.hdr.version == FORMAT_VERSION && !st.hdr.chain && clean {
            // A v2 file written before the chain: rewritten with it (one compaction).
            let _ = st.compact(None);
        }
        if clean && st.hdr.normalizer != normalizer_label(st.normalizer.as_ref()) {
            // The normaliser changed: rebuild the index. A damaged record blocks the
            // rebuild (it cannot be re-sealed); the vault still opens and `damaged()` says
            // why lookups may miss.
            let _ = st.compact(None);
        }
        let v = Vault {
            inner: RwLock::new(Inner::Open(Box::new(st))),
        };
        crypto::scrub_stack();
        Ok(v)
    }
}
