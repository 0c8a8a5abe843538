//! The in-memory caller-ID index: blind-index tag → (contact id, frame offset, check).
//!
//! Built once per load as a compact sorted array (counting sort by tag, cache friendly) and
//! updated afterwards in place (removals) and through a small overlay (additions).
//!
//! Each entry may carry a 16-bit *check* (bits 16..32 of the number's blind-index HMAC, read
//! from the encrypted check frames of `docs/vault-format.md` §5.4). A lookup skips a candidate
//! whose check differs from the looked-up number's without touching its record; an entry
//! without a check is always a candidate. The checks live only in memory and, encrypted, in
//! the file: the stored tags stay truncated.

use std::collections::HashMap;

/// Marks a removed entry in the base array.
const REMOVED: u64 = u64::MAX;

/// A check as stored in memory: `PRESENT | check`, or 0 for none.
const PRESENT: u32 = 1 << 16;

/// A base entry's second word: the frame offset in the low 47 bits, the packed check above
/// (so that a lookup reads one 16-byte entry per candidate, one cache line per bucket).
const OFF_BITS: u32 = 47;
const OFF_MASK: u64 = (1 << OFF_BITS) - 1;

fn pack_entry(off: usize, check: u32) -> u64 {
    debug_assert!((off as u64) < OFF_MASK);
    (u64::from(check) << OFF_BITS) | (off as u64 & OFF_MASK)
}

/// An index entry's check: `Some(bits)` from a check frame, `None` when unknown.
pub(crate) fn packed(check: Option<u16>) -> u32 {
    check.map_or(0, |c| PRESENT | u32::from(c))
}

/// Whether an entry with packed check `stored` may hold the number whose check is `want`.
#[inline]
pub(crate) fn may_match(stored: u32, want: u16) -> bool {
    stored == 0 || stored == PRESENT | u32::from(want)
}

/// One entry of the index while building: `(tag, id, offset, packed check)`.
pub(crate) type BuildEntry = (u16, u64, usize, u32);

#[derive(Debug, Default)]
pub(crate) struct Index {
    /// `start[t]..start[t + 1]` is tag `t`'s range in `base`.
    start: Vec<u32>,
    /// `(id, check << 47 | offset)`; the second word is [`REMOVED`] for a removed entry.
    base: Vec<(u64, u64)>,
    extra: HashMap<u16, Vec<(u64, usize, u32)>>,
    len: usize,
}

impl Index {
    /// Build from `(tag, id, offset, packed check)` entries; every tag must be `< 2^bits` and
    /// every offset `< 2^47`.
    pub(crate) fn build(bits: u8, entries: &[BuildEntry]) -> Index {
        let n = 1usize << bits;
        let mut start = vec![0u32; n + 1];
        for (t, _, _, _) in entries {
            start[*t as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut base = vec![(0u64, REMOVED); entries.len()];
        for &(t, id, off, chk) in entries {
            let slot = &mut fill[t as usize];
            base[*slot as usize] = (id, pack_entry(off, chk));
            *slot += 1;
        }
        Index {
            start,
            base,
            extra: HashMap::new(),
            len: entries.len(),
        }
    }

    /// Number of live entries (indexed numbers).
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn insert(&mut self, tag: u16, id: u64, off: usize, check: u32) {
        self.extra.entry(tag).or_default().push((id, off, check));
        self.len += 1;
    }

    /// Set the check of the overlay entry `(tag, id, off)` that has none yet (a check frame
    /// read after its records were indexed).
    pub(crate) fn set_check(&mut self, tag: u16, id: u64, off: usize, check: u32) {
        if let Some(v) = self.extra.get_mut(&tag)
            && let Some(e) = v.iter_mut().find(|e| e.0 == id && e.1 == off && e.2 == 0)
        {
            e.2 = check;
        }
    }

    /// Remove every entry of contact `id` under `tag`.
    pub(crate) fn remove(&mut self, tag: u16, id: u64) {
        let t = tag as usize;
        if t + 1 < self.start.len() {
            let (a, b) = (self.start[t] as usize, self.start[t + 1] as usize);
            for e in self.base[a..b].iter_mut() {
                if e.0 == id && e.1 != REMOVED {
                    e.1 = REMOVED;
                    self.len -= 1;
                }
            }
        }
        if let Some(v) = self.extra.get_mut(&tag) {
            let before = v.len();
            v.retain(|e| e.0 != id);
            self.len -= before - v.len();
        }
    }

    /// Number of live entries under a tag, whatever their checks (tests).
    #[cfg(test)]
    pub(crate) fn bucket_len(&self, tag: u16) -> usize {
        let t = tag as usize;
        let base = if t + 1 < self.start.len() {
            self.base[self.start[t] as usize..self.start[t + 1] as usize]
                .iter()
                .filter(|e| e.1 != REMOVED)
                .count()
        } else {
            0
        };
        base + self.extra.get(&tag).map_or(0, Vec::len)
    }

    /// The live `(id, offset)` entries of a tag whose check may be `want`.
    pub(crate) fn candidates(
        &self,
        tag: u16,
        want: u16,
    ) -> impl Iterator<Item = (u64, usize)> + '_ {
        let t = tag as usize;
        let base: &[(u64, u64)] = if t + 1 < self.start.len() {
            &self.base[self.start[t] as usize..self.start[t + 1] as usize]
        } else {
            &[]
        };
        let extra = if self.extra.is_empty() {
            None
        } else {
            self.extra.get(&tag)
        };
        base.iter()
            .filter(move |e| e.1 != REMOVED && may_match((e.1 >> OFF_BITS) as u32, want))
            .map(|e| (e.0, (e.1 & OFF_MASK) as usize))
            .chain(
                extra
                    .into_iter()
                    .flatten()
                    .filter(move |e| may_match(e.2, want))
                    .map(|e| (e.0, e.1)),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(ix: &Index, tag: u16, want: u16) -> Vec<(u64, usize)> {
        let mut c: Vec<_> = ix.candidates(tag, want).collect();
        c.sort();
        c
    }

    #[test]
    fn build_insert_remove() {
        let none = 0;
        let mut ix = Index::build(
            4,
            &[
                (3, 1, 10, none),
                (0, 2, 20, none),
                (3, 3, 30, none),
                (15, 4, 40, none),
            ],
        );
        assert_eq!(ix.len(), 4);
        assert_eq!(sorted(&ix, 3, 0), vec![(1, 10), (3, 30)]);
        ix.remove(3, 1);
        ix.insert(3, 5, 50, none);
        assert_eq!(sorted(&ix, 3, 0), vec![(3, 30), (5, 50)]);
        ix.remove(3, 5);
        assert_eq!(ix.candidates(3, 0).collect::<Vec<_>>(), vec![(3, 30)]);
        assert_eq!(ix.candidates(1, 0).count(), 0);
        assert_eq!(ix.len(), 3);
    }

    #[test]
    fn checks_filter_candidates_and_unknown_checks_always_match() {
        let mut ix = Index::build(
            4,
            &[
                (3, 1, 10, packed(Some(0xBEEF))),
                (3, 2, 20, packed(Some(0x1234))),
                (3, 3, 30, packed(None)),
                // The same contact twice under one tag (two numbers, same truncated tag).
                (5, 4, 40, packed(Some(1))),
                (5, 4, 40, packed(Some(2))),
            ],
        );
        assert_eq!(sorted(&ix, 3, 0xBEEF), vec![(1, 10), (3, 30)]);
        assert_eq!(sorted(&ix, 3, 0x1234), vec![(2, 20), (3, 30)]);
        assert_eq!(sorted(&ix, 3, 0), vec![(3, 30)]);
        assert_eq!(sorted(&ix, 5, 2), vec![(4, 40)]);
        // Removing a contact removes all its entries under the tag.
        ix.remove(5, 4);
        assert_eq!(ix.candidates(5, 1).count(), 0);
        assert_eq!(ix.len(), 3);
        // Overlay entries: inserted without a check, given one later.
        ix.insert(7, 9, 90, packed(None));
        ix.insert(7, 8, 80, packed(None));
        assert_eq!(sorted(&ix, 7, 5), vec![(8, 80), (9, 90)]);
        ix.set_check(7, 9, 90, packed(Some(5)));
        ix.set_check(7, 8, 80, packed(Some(6)));
        assert_eq!(sorted(&ix, 7, 5), vec![(9, 90)]);
        assert_eq!(sorted(&ix, 7, 6), vec![(8, 80)]);
        // A check is set once: a later frame cannot overwrite it.
        ix.set_check(7, 9, 90, packed(Some(6)));
        assert_eq!(sorted(&ix, 7, 5), vec![(9, 90)]);
        ix.remove(7, 9);
        assert_eq!(ix.len(), 4);
    }
}
