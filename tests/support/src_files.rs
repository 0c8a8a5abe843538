//! The crate's Rust source files, for the tests that read the code (`ffi_boundary`,
//! `layering`, `enum_names`).

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir` (relative to the crate root), sorted.
pub fn rust_files(dir: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut v = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut v);
    v.sort();
    v
}
