//! Every exported `extern "C" fn` in `src/ffi` must be exactly one call to the shared panic
//! boundary (`ffi_boundary` or `ffi_boundary_or`), be `#[unsafe(no_mangle)]`, be prefixed
//! `mamori_` and appear in the committed header. Manual wrapping does not scale (rustls-ffi
//! #286 found an entry point without its boundary); this test makes forgetting impossible.

use std::path::{Path, PathBuf};

#[path = "support/src_files.rs"]
mod src_files;

fn ffi_sources() -> Vec<PathBuf> {
    src_files::rust_files("src/ffi")
}

/// Index just past the parenthesis/brace that closes the one opened at `open`, skipping
/// string and char literals and comments.
fn matching(src: &[u8], open: usize) -> usize {
    let (o, c) = (src[open], if src[open] == b'(' { b')' } else { b'}' });
    let mut depth = 0usize;
    let mut i = open;
    while i < src.len() {
        match src[i] {
            b'"' => {
                i += 1;
                while src[i] != b'"' {
                    if src[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                while src[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' if src.get(i + 2) == Some(&b'\'') => i += 2,
            x if x == o => depth += 1,
            x if x == c => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    panic!("unbalanced source");
}

struct Export {
    file: String,
    name: String,
    body_ok: bool,
    no_mangle: bool,
}

fn exports() -> Vec<Export> {
    let mut out = Vec::new();
    for path in ffi_sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let src = text.as_bytes();
        let mut from = 0;
        while let Some(pos) = text[from..].find("extern \"C\" fn ") {
            let at = from + pos;
            let name_start = at + "extern \"C\" fn ".len();
            let name_end = name_start + text[name_start..].find('(').unwrap();
            let name = text[name_start..name_end].trim().to_string();
            // The signature has no braces; the body starts at the next `{`.
            let body_open = at + text[at..].find('{').unwrap();
            let body_close = matching(src, body_open);
            let body = text[body_open + 1..body_close - 1].trim();
            let body_ok = ["ffi_boundary(", "ffi_boundary_or("]
                .iter()
                .find(|p| body.starts_with(*p))
                .is_some_and(|p| {
                    let call_open =
                        body_open + 1 + text[body_open + 1..].find(p).unwrap() + p.len() - 1;
                    let call_close = matching(src, call_open);
                    text[call_close..body_close - 1].trim().is_empty()
                });
            let before = &text[..at];
            let attr_zone = &before[before.len().saturating_sub(300)..];
            let last_item_end = attr_zone.rfind('}').unwrap_or(0);
            let no_mangle = attr_zone[last_item_end..].contains("#[unsafe(no_mangle)]");
            out.push(Export {
                file: path.file_name().unwrap().to_string_lossy().into_owned(),
                name,
                body_ok,
                no_mangle,
            });
            from = body_close;
        }
    }
    out
}

#[test]
fn every_entry_point_goes_through_the_boundary() {
    let exports = exports();
    assert!(
        exports.len() >= 43,
        "expected the C ABI's entry points, found {}",
        exports.len()
    );
    let header =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("include/mamori.h"))
            .unwrap();
    let mut bad = Vec::new();
    for e in &exports {
        if !e.body_ok {
            bad.push(format!(
                "{}::{} does not consist of one ffi_boundary call",
                e.file, e.name
            ));
        }
        if !e.no_mangle {
            bad.push(format!("{}::{} lacks #[unsafe(no_mangle)]", e.file, e.name));
        }
        if !e.name.starts_with("mamori_") {
            bad.push(format!("{}::{} is not prefixed mamori_", e.file, e.name));
        }
        if !header.contains(&format!(" {}(", e.name)) && !header.contains(&format!("*{}(", e.name))
        {
            bad.push(format!(
                "{}::{} is missing from include/mamori.h",
                e.file, e.name
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_checker_catches_a_missing_boundary() {
    // The checker itself must be able to fail: a body with a statement before the boundary.
    let text = "extern \"C\" fn mamori_x() -> u32 { let a = 1; ffi_boundary(|| Ok(())) }";
    let src = text.as_bytes();
    let open = text.find('{').unwrap();
    let close = matching(src, open);
    let body = text[open + 1..close - 1].trim();
    assert!(!body.starts_with("ffi_boundary("));
    let text =
        "extern \"C\" fn mamori_x() -> u32 { ffi_boundary(|| { let s = \"}\"; Ok(()) }); g() }";
    let src = text.as_bytes();
    let open = text.find('{').unwrap();
    let close = matching(src, open);
    let call_open = text.find("ffi_boundary(").unwrap() + "ffi_boundary".len();
    let call_close = matching(src, call_open);
    assert!(!text[call_close..close - 1].trim().is_empty());
}
