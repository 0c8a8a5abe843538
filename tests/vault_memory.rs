//! Issue 10 / audit M4: after `close` no copy of the master key (VMK) or of its raw subkeys
//! (K_index, K_header, K_check, K_log, K_rec[0]) remains in the process's writable memory.
//!
//! The vault is created with a seeded RNG, so the test knows the VMK (bytes 16..48 of the
//! ChaCha20 stream: the vault id is drawn first) and derives the subkeys itself. It keeps only
//! masked copies (every byte XOR 0xA5) and wipes its own derivation, so a hit can only be a
//! copy the library left. It then scans every writable mapping of `/proc/self/maps` through
//! `/proc/self/mem`.
//!
//! Not covered (stated in `src/vault/crypto.rs`): the HMAC-SHA256 midstates keyed with
//! K_index and the other HMAC keys (the `hmac` crate cannot zeroize them; they are not the
//! key bytes), and the GHASH key H (zeroized by `ghash`/`polyval` with the `zeroize`
//! feature on x86-64; polyval's ARMv8 PMULL backend has no zeroization).

#![cfg(target_os = "linux")]

use std::io::{Read, Seek, SeekFrom};

use hkdf::Hkdf;
use mamori::vault::{Contact, Vault, VaultOptions};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

const MASK: u8 = 0xA5;
const SEED: u64 = 0x6d61_6d6f_7269;

#[inline(never)]
fn scrub() {
    let mut b = [0u8; 256 * 1024];
    b.zeroize();
    std::hint::black_box(&mut b);
}

/// The masked secrets: (name, key ^ MASK).
#[inline(never)]
fn masked_secrets() -> Vec<(&'static str, [u8; 32])> {
    let mut rng = ChaCha20Rng::seed_from_u64(SEED);
    let mut id = [0u8; 16];
    rng.fill_bytes(&mut id);
    let mut vmk = Zeroizing::new([0u8; 32]);
    rng.fill_bytes(vmk.as_mut());
    let mut out = Vec::new();
    let mut push = |name: &'static str, k: &[u8; 32]| {
        let mut m = [0u8; 32];
        for (d, s) in m.iter_mut().zip(k) {
            *d = s ^ MASK;
        }
        out.push((name, m));
    };
    push("VMK", &vmk);
    let hk = Hkdf::<Sha256>::from_prk(vmk.as_ref()).unwrap();
    let mut rec_info = b"mamori.v1.record".to_vec();
    rec_info.extend_from_slice(&0u32.to_be_bytes());
    for (name, info) in [
        ("K_index", &b"mamori.v1.index"[..]),
        ("K_header", b"mamori.v1.header"),
        ("K_check", b"mamori.v1.keycheck"),
        ("K_log", b"mamori.v1.log"),
        ("K_rec[0]", &rec_info),
    ] {
        let mut k = Zeroizing::new([0u8; 32]);
        hk.expand(info, k.as_mut()).unwrap();
        push(name, &k);
    }
    out
}

/// The scanner's buffers, allocated before the vault is used: an allocation made while
/// scanning could reuse (and so overwrite) freed memory that still holds a key.
struct Scanner {
    maps: String,
    regions: Vec<(u64, u64)>,
    buf: Vec<u8>,
    hits: Vec<String>,
}

impl Scanner {
    fn new() -> Self {
        Scanner {
            maps: String::with_capacity(1 << 20),
            regions: Vec::with_capacity(1 << 14),
            buf: vec![0u8; 1 << 20],
            hits: Vec::with_capacity(1024),
        }
    }

    fn scan(&mut self, secrets: &[(&'static str, [u8; 32])]) -> Vec<String> {
        self.maps.clear();
        self.regions.clear();
        self.hits.clear();
        std::fs::File::open("/proc/self/maps")
            .unwrap()
            .read_to_string(&mut self.maps)
            .unwrap();
        for l in self.maps.lines() {
            let mut it = l.split_whitespace();
            let (Some(range), Some(perms)) = (it.next(), it.next()) else {
                continue;
            };
            let name = l.split_whitespace().nth(5).unwrap_or("");
            if !perms.starts_with("rw") || name == "[vvar]" || name == "[vsyscall]" {
                continue;
            }
            let Some((a, b)) = range.split_once('-') else {
                continue;
            };
            if let (Ok(a), Ok(b)) = (u64::from_str_radix(a, 16), u64::from_str_radix(b, 16)) {
                self.regions.push((a, b));
            }
        }
        let mut mem = std::fs::File::open("/proc/self/mem").unwrap();
        for &(start, end) in &self.regions {
            // Skip the scanner's own read buffer.
            let own = self.buf.as_ptr() as u64;
            let mut pos = start;
            while pos < end {
                let n = ((end - pos) as usize).min(self.buf.len());
                if (own..own + self.buf.len() as u64).contains(&pos) {
                    pos += n as u64;
                    continue;
                }
                if mem.seek(SeekFrom::Start(pos)).is_err()
                    || mem.read_exact(&mut self.buf[..n]).is_err()
                {
                    break; // unreadable (e.g. a guard page)
                }
                for (sname, m) in secrets {
                    let first = m[0] ^ MASK;
                    let mut i = 0;
                    while i + 32 <= n {
                        if self.buf[i] == first
                            && self.buf[i..i + 32]
                                .iter()
                                .zip(m)
                                .all(|(a, b)| a ^ MASK == *b)
                        {
                            self.hits.push(format!("{sname} at {:#x}", pos + i as u64));
                        }
                        i += 1;
                    }
                }
                if n < 32 {
                    break;
                }
                // Overlap windows so a copy straddling two reads is seen.
                pos += (n - 31) as u64;
            }
        }
        self.buf.zeroize();
        std::mem::take(&mut self.hits)
    }
}

/// Returns small allocations made after the vault's: kept alive over the scan, they stop the
/// allocator from merging the vault's freed chunks into the top of the heap and handing the
/// pages back to the kernel (which would erase a leftover key and hide it from the scan).
#[inline(never)]
#[allow(clippy::vec_box)] // separate small heap chunks are the point
fn use_and_close_a_vault(dir: &std::path::Path) -> Vec<Box<[u8; 64]>> {
    let o = VaultOptions::fast_for_tests().with_rng(ChaCha20Rng::seed_from_u64(SEED));
    let v = Vault::create(dir.join("m.mamori"), b"a long passphrase for this test", o).unwrap();
    // A write derives K_rec[0] and refills the nonce pool (so the seeded test RNG's own
    // buffer no longer holds the block the VMK came from; an OS RNG keeps no buffer).
    v.put(Contact::new("山田 太郎", &["090-1234-5678"]))
        .unwrap();
    let _ = v.lookup_phone("090-1234-5678").unwrap();
    let _ = v.manifest().unwrap();
    let pins = (0..64).map(|_| Box::new([1u8; 64])).collect();
    v.close().unwrap();
    pins
}

#[test]
fn no_key_material_remains_in_memory_after_close() {
    let secrets = masked_secrets();
    scrub();
    let mut scanner = Scanner::new();
    let dir = tempfile::tempdir().unwrap();
    // Control: while the vault is open the scan finds its keys (the scan works).
    {
        let o = VaultOptions::fast_for_tests().with_rng(ChaCha20Rng::seed_from_u64(SEED));
        let v = Vault::create(
            dir.path().join("open.mamori"),
            b"a long passphrase for this test",
            o,
        )
        .unwrap();
        v.put(Contact::new("x", &["090-0000-0000"])).unwrap();
        let hits = scanner.scan(&secrets);
        assert!(
            hits.iter().any(|h| h.starts_with("VMK")),
            "the scan should see the open vault's VMK: {hits:?}"
        );
        v.close().unwrap();
    }
    scanner.hits = Vec::with_capacity(1024);
    // No scrub of the test's own stack from here on: what the library leaves must be gone
    // by the library's own doing.
    let pins = use_and_close_a_vault(dir.path());
    let hits = scanner.scan(&secrets);
    drop(pins);
    assert!(hits.is_empty(), "key material left after close: {hits:#?}");
}
