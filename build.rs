//! Link arguments for the shared library (ELF targets): a versioned SONAME, and packed (RELR)
//! relative relocations in size-optimised glibc builds. Also writes the
//! default rule pack without inter-token whitespace to `OUT_DIR/default.min.json`, and that
//! text zlib-compressed to `OUT_DIR/default.min.json.zlib` (what the library embeds; issue 27,
//! size).
//!
//! The SONAME is `libmamori.so.N` with `N = MAMORI_ABI_VERSION - 1` (ABI 1 is `libmamori.so.0`),
//! read from `src/ffi/mod.rs`, so bumping the ABI version bumps the SONAME.
//!
//! Exports: rustc links every cdylib with its own (anonymous) linker version script that
//! exports exactly the `#[no_mangle] pub extern "C"` functions, i.e. `mamori_*`, and hides
//! everything else; `tests/c_abi.rs` checks `nm -D --defined-only`. A second, named version
//! script (symbol versions such as `mamori_assess@@MAMORI_ABI_1`) cannot be added: GNU ld
//! refuses to combine it with rustc's anonymous one, and lld silently keeps the anonymous one.

use std::path::PathBuf;

fn abi_version(src: &str) -> u32 {
    src.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("pub const MAMORI_ABI_VERSION: u32 = ")?
                .strip_suffix(';')?
                .parse()
                .ok()
        })
        .expect("src/ffi/mod.rs defines `pub const MAMORI_ABI_VERSION: u32 = N;`")
}

/// `json` without the whitespace between tokens (strings, with their escapes, are copied as
/// they are). The library embeds the default rule pack this way: 0.29 MB less than the
/// indented `rules/default.json`, which stays the source the drift tests read.
fn minify_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            out.push(c);
        }
    }
    out
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/ffi/mod.rs");
    println!("cargo:rerun-if-changed=rules/default.json");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let pack =
        std::fs::read_to_string(manifest.join("rules/default.json")).expect("rules/default.json");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let min = minify_json(&pack);
    std::fs::write(out.join("default.min.json"), &min).expect("write default.min.json");
    // What the library embeds: the minified pack, zlib-compressed at the best level (0.9 MB
    // of JSON in about 0.1 MB); inflated once on first use (`breach::pack`).
    std::fs::write(
        out.join("default.min.json.zlib"),
        miniz_oxide::deflate::compress_to_vec_zlib(min.as_bytes(), 10),
    )
    .expect("write default.min.json.zlib");
    let src = std::fs::read_to_string(manifest.join("src/ffi/mod.rs")).expect("src/ffi/mod.rs");
    let abi = abi_version(&src);
    let so_major = abi.checked_sub(1).expect("MAMORI_ABI_VERSION >= 1");
    println!("cargo:rustc-env=MAMORI_SO_MAJOR={so_major}");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let elf = matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" | "illumos"
    );
    if !elf {
        return;
    }
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libmamori.so.{so_major}");
    // Size-optimised builds (opt-level "s"/"z", the `release-small` profile) for glibc pack
    // their ~53,000 relative relocations (pointer tables: time zones, serde field lists, panic
    // locations) as RELR: 1.28 MB of `.rela.dyn` becomes a few KB. Needs GNU ld ≥ 2.38 or
    // lld ≥ 15 to link and glibc ≥ 2.36 to load; `MAMORI_NO_RELR=1` turns it off for older
    // systems (README "Packaging"). Android's NDK and Apple's linker pack relocations
    // themselves.
    println!("cargo:rerun-if-env-changed=MAMORI_NO_RELR");
    let opt = std::env::var("OPT_LEVEL").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux"
        && env == "gnu"
        && matches!(opt.as_str(), "s" | "z")
        && std::env::var_os("MAMORI_NO_RELR").is_none()
    {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,pack-relative-relocs");
    }
}
