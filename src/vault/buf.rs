//! The in-memory copy of the vault file.
//!
//! Small files live in a `Vec`. From [`HUGE_MIN`] bytes on, the copy lives in an anonymous
//! memory map advised for transparent huge pages (`MADV_HUGEPAGE` via `memmap2`'s safe API;
//! elsewhere, or if the kernel refuses, ordinary pages): a 27 MB vault then takes a dozen
//! page faults to read instead of ~6,600, and a caller-ID lookup's random reads of its record
//! miss the TLB far less often. The bytes are ciphertext and framing (no plaintext), so the
//! buffer needs no zeroizing.

use std::ops::{Deref, DerefMut};

use memmap2::{MmapMut, MmapOptions};

/// From this size on, the copy is kept in a huge-page-advised map.
pub(crate) const HUGE_MIN: usize = 4 << 20;

/// Map capacities are multiples of this (the x86-64 huge page size).
const HUGE_PAGE: usize = 2 << 20;

#[derive(Debug)]
enum Repr {
    Heap(Vec<u8>),
    Mapped { map: MmapMut, len: usize },
}

/// A growable byte buffer (`Deref<Target = [u8]>`) for the file's content.
#[derive(Debug)]
pub(crate) struct FileBuf(Repr);

impl Default for FileBuf {
    fn default() -> Self {
        FileBuf(Repr::Heap(Vec::new()))
    }
}

/// An anonymous map of at least `cap` bytes (rounded up to huge pages), advised for huge
/// pages; `None` if the map cannot be made.
fn huge_map(cap: usize) -> Option<MmapMut> {
    let cap = cap.checked_next_multiple_of(HUGE_PAGE)?;
    let map = MmapOptions::new().len(cap).map_anon().ok()?;
    // Only advice: without huge pages the map works the same.
    #[cfg(target_os = "linux")]
    let _ = map.advise(memmap2::Advice::HugePage);
    Some(map)
}

impl FileBuf {
    /// `len` zero bytes (to be overwritten by a read of the file).
    pub(crate) fn zeroed(len: usize) -> FileBuf {
        if len >= HUGE_MIN
            && let Some(map) = huge_map(len)
        {
            // Fresh anonymous pages read as zero: nothing to write.
            return FileBuf(Repr::Mapped { map, len });
        }
        FileBuf(Repr::Heap(vec![0; len]))
    }

    /// Append `bytes`, growing the buffer (and moving it to a map once it is large).
    pub(crate) fn extend_from_slice(&mut self, bytes: &[u8]) {
        let new_len = self.len() + bytes.len();
        match &mut self.0 {
            Repr::Heap(v) if new_len < HUGE_MIN => v.extend_from_slice(bytes),
            Repr::Mapped { map, len } if new_len <= map.len() => {
                map[*len..new_len].copy_from_slice(bytes);
                *len = new_len;
            }
            _ => {
                // Grow: a map with room for about an eighth more (appends are small and
                // frequent; rewrites replace the whole buffer).
                let cap = new_len.saturating_add(new_len / 8);
                match huge_map(cap) {
                    Some(mut map) => {
                        let old = self.len();
                        map[..old].copy_from_slice(self);
                        map[old..new_len].copy_from_slice(bytes);
                        self.0 = Repr::Mapped { map, len: new_len };
                    }
                    None => {
                        let mut v = Vec::with_capacity(cap);
                        v.extend_from_slice(self);
                        v.extend_from_slice(bytes);
                        self.0 = Repr::Heap(v);
                    }
                }
            }
        }
    }

    /// Keep the first `n` bytes.
    pub(crate) fn truncate(&mut self, n: usize) {
        match &mut self.0 {
            Repr::Heap(v) => v.truncate(n),
            Repr::Mapped { len, .. } => *len = (*len).min(n),
        }
    }

    /// Empty the buffer and release its memory.
    pub(crate) fn clear(&mut self) {
        self.0 = Repr::Heap(Vec::new());
    }
}

impl From<Vec<u8>> for FileBuf {
    /// A buffer holding `v` (copied into a huge-page map when large).
    fn from(v: Vec<u8>) -> FileBuf {
        if v.len() >= HUGE_MIN {
            let mut b = FileBuf::default();
            b.extend_from_slice(&v);
            return b;
        }
        FileBuf(Repr::Heap(v))
    }
}

impl Deref for FileBuf {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.0 {
            Repr::Heap(v) => v,
            Repr::Mapped { map, len } => &map[..*len],
        }
    }
}

impl DerefMut for FileBuf {
    fn deref_mut(&mut self) -> &mut [u8] {
        match &mut self.0 {
            Repr::Heap(v) => v,
            Repr::Mapped { map, len } => &mut map[..*len],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_buffers_behave_like_a_vec() {
        let mut model: Vec<u8> = Vec::new();
        let mut b = FileBuf::default();
        // Grow across the huge threshold in uneven steps, truncate, grow again.
        let mut x = 0u8;
        for step in [1usize, 1000, HUGE_MIN - 7, 3, HUGE_MIN, 12_345] {
            let chunk: Vec<u8> = (0..step)
                .map(|_| {
                    x = x.wrapping_mul(31).wrapping_add(7);
                    x
                })
                .collect();
            b.extend_from_slice(&chunk);
            model.extend_from_slice(&chunk);
            assert_eq!(b.len(), model.len());
            assert!(b[..] == model[..]);
        }
        b.truncate(HUGE_MIN + 5);
        model.truncate(HUGE_MIN + 5);
        assert!(b[..] == model[..]);
        b[17] ^= 0xFF;
        model[17] ^= 0xFF;
        b.extend_from_slice(b"tail");
        model.extend_from_slice(b"tail");
        assert!(b[..] == model[..]);
        b.clear();
        assert!(b.is_empty());
    }

    #[test]
    fn zeroed_and_from_vec() {
        for n in [0, 10, HUGE_MIN, HUGE_MIN + 1] {
            let z = FileBuf::zeroed(n);
            assert_eq!(z.len(), n);
            assert!(z.iter().all(|b| *b == 0));
            let v: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
            let f = FileBuf::from(v.clone());
            assert!(f[..] == v[..]);
        }
    }
}
