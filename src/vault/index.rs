//! The in-memory caller-ID index: blind-index tag → (contact id, frame offset).
//!
//! Built once per load as a compact sorted array (counting sort by tag, cache friendly) and
//! updated afterwards in place (removals) and through a small overlay (additions).

use std::collections::HashMap;

/// Marks a removed entry in the base array.
const REMOVED: usize = usize::MAX;

#[derive(Debug, Default)]
pub(crate) struct Index {
    /// `start[t]..start[t + 1]` is tag `t`'s range in `base`.
    start: Vec<u32>,
    base: Vec<(u64, usize)>,
    extra: HashMap<u16, Vec<(u64, usize)>>,
    len: usize,
}

impl Index {
    /// Build from `(tag, id, offset)` triples; every tag must be `< 2^bits`.
    pub(crate) fn build(bits: u8, entries: &[(u16, u64, usize)]) -> Index {
        let n = 1usize << bits;
        let mut start = vec![0u32; n + 1];
        for (t, _, _) in entries {
            start[*t as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut base = vec![(0u64, REMOVED); entries.len()];
        for &(t, id, off) in entries {
            let slot = &mut fill[t as usize];
            base[*slot as usize] = (id, off);
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

    pub(crate) fn insert(&mut self, tag: u16, id: u64, off: usize) {
        self.extra.entry(tag).or_default().push((id, off));
        self.len += 1;
    }

    pub(crate) fn remove(&mut self, tag: u16, id: u64) {
        let t = tag as usize;
        if t + 1 < self.start.len() {
            let (a, b) = (self.start[t] as usize, self.start[t + 1] as usize);
            if let Some(e) = self.base[a..b]
                .iter_mut()
                .find(|e| e.0 == id && e.1 != REMOVED)
            {
                e.1 = REMOVED;
                self.len -= 1;
                return;
            }
        }
        if let Some(v) = self.extra.get_mut(&tag)
            && let Some(i) = v.iter().position(|e| e.0 == id)
        {
            v.swap_remove(i);
            self.len -= 1;
        }
    }

    /// The live `(id, offset)` entries of a tag.
    pub(crate) fn candidates(&self, tag: u16) -> impl Iterator<Item = (u64, usize)> + '_ {
        let t = tag as usize;
        let base: &[(u64, usize)] = if t + 1 < self.start.len() {
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
            .copied()
            .filter(|e| e.1 != REMOVED)
            .chain(extra.into_iter().flatten().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_insert_remove() {
        let mut ix = Index::build(4, &[(3, 1, 10), (0, 2, 20), (3, 3, 30), (15, 4, 40)]);
        assert_eq!(ix.len(), 4);
        let mut c: Vec<_> = ix.candidates(3).collect();
        c.sort();
        assert_eq!(c, vec![(1, 10), (3, 30)]);
        ix.remove(3, 1);
        ix.insert(3, 5, 50);
        let mut c: Vec<_> = ix.candidates(3).collect();
        c.sort();
        assert_eq!(c, vec![(3, 30), (5, 50)]);
        ix.remove(3, 5);
        assert_eq!(ix.candidates(3).collect::<Vec<_>>(), vec![(3, 30)]);
        assert_eq!(ix.candidates(1).count(), 0);
        assert_eq!(ix.len(), 3);
    }
}
