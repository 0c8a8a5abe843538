//! Opening a raw-key test vault and finding its transactions in the file bytes (shared by
//! the tests that edit vault files the way an attacker holding a copy could).

#![allow(dead_code)]

use std::path::Path;

use mamori::vault::{Anchor, Vault, VaultOptions};

pub const KEY: [u8; 32] = [7; 32];
pub const HEADER: usize = 1024;
pub const K_COMMIT: u8 = 0xA5;

pub fn open(path: &Path) -> mamori::Result<Vault> {
    Vault::open_with_raw_key(path, &KEY, VaultOptions::fast_for_tests())
}

pub fn open_anchored(path: &Path, a: &Anchor) -> mamori::Result<Vault> {
    let mut o = VaultOptions::fast_for_tests();
    o.anchor = Some(a.clone());
    Vault::open_with_raw_key(path, &KEY, o)
}

/// The byte ranges of the file's transactions (each ends with its commit frame).
pub fn transactions(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = HEADER;
    let mut start = pos;
    while pos + 13 <= b.len() {
        let len = u32::from_le_bytes(b[pos + 1..pos + 5].try_into().unwrap()) as usize;
        let kind = b[pos];
        pos += 13 + len;
        if kind == K_COMMIT {
            out.push((start, pos));
            start = pos;
        }
    }
    out
}
