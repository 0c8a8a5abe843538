//! How many wrong passcodes a vault still takes before it wipes itself, read without a secret.

use super::*;

impl Vault {
    /// How many more wrong passcodes (keys, factors) the vault at `path` takes before it
    /// crypto-erases itself: `Some(n)` for a vault created with
    /// [`VaultOptions::wipe_after_failed`] (the `n`-th next wrong attempt wipes it; a
    /// successful open resets the count), `None` for a vault without that limit.
    ///
    /// Needs no secret and changes nothing: it reads the header's limit and the failed-attempt
    /// counter (which, like the limit, any process that can write the file can change; the
    /// count is what the next [`Vault::open`] will act on, not a security boundary). Call it
    /// after [`Error::WrongPasscode`] to tell the user how many tries remain. The file is
    /// opened read-only under a shared lock: [`Error::Locked`] while a writer has it open,
    /// [`Error::NotFound`] when there is no file (a vault wiped by its limit is deleted),
    /// [`Error::Wiped`] for a crypto-erased file that is still there, [`Error::Corrupt`] for
    /// a damaged header.
    ///
    /// ```
    /// # use mamori::vault::{Vault, VaultOptions};
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let path = dir.path().join("c.mamori");
    /// let mut opts = VaultOptions::default();
    /// # let mut opts = VaultOptions::fast_for_tests();
    /// opts.wipe_after_failed = Some(5);
    /// Vault::create(&path, b"correct horse battery", opts)?.close()?;
    /// assert!(Vault::open(&path, b"wrong guess", VaultOptions::default()).is_err());
    /// assert_eq!(Vault::attempts_left(&path)?, Some(4));
    /// # Ok::<(), mamori::Error>(())
    /// ```
    pub fn attempts_left(path: impl AsRef<Path>) -> Result<Option<u32>> {
        let mut s = FileStorage::open_read_only(path.as_ref())?;
        let head = s.read_prefix(HEADER_LEN)?;
        let hdr = Header::parse(&head)?;
        let slots_empty = slot_positions(&hdr).into_iter().all(|p| {
            head.get(p..p + SLOT_LEN)
                .is_some_and(|b| matches!(Slot::parse(b, hdr.version), SlotState::Empty))
        });
        if slots_empty {
            return Err(Error::Wiped);
        }
        if hdr.wipe_after_failed == 0 {
            return Ok(None);
        }
        // A counter that does not verify counts as zero, as it does for the next open.
        let failed = head
            .get(COUNTER_OFF..COUNTER_OFF + COUNTER_LEN)
            .and_then(Counter::parse)
            .unwrap_or_default()
            .failed;
        Ok(Some(hdr.wipe_after_failed.saturating_sub(failed)))
    }
}
