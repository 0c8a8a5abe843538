//! The packaging and first-contact documentation says what the code does (issue 27; the
//! inaccuracies of the 2026-12-06 integrator evaluation, §9). Each check reads the document a
//! new user follows.

use std::path::PathBuf;

fn read(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The text between the first `start` of `text` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    text.split(start)
        .nth(1)
        .and_then(|b| b.split(end).next())
        .unwrap_or_else(|| panic!("no {start:?} ... {end:?}"))
}

/// The README's first block gives the demo and one test command that sets up a fresh machine,
/// and CI runs that same command.
#[test]
fn readme_test_command_is_the_one_ci_runs() {
    let readme = read("README.md");
    let first_block = between(&readme, "```sh", "```");
    assert!(first_block.contains("cargo run --example lost_phone"));
    assert!(first_block.contains("scripts/test-all"), "{first_block}");
    assert!(
        !first_block.contains("\ncargo test"),
        "the README's test command must install what the tests need:\n{first_block}"
    );
    let ci = read(".ci/run");
    assert!(
        ci.lines()
            .any(|l| l.trim() == "scripts/test-all" || l.trim().starts_with("scripts/test-all ")),
        ".ci/run does not call scripts/test-all"
    );
    let script = read("scripts/test-all");
    assert!(script.contains("MAMORI_REQUIRE_ALL=1"));
    // The whole workspace: mamori and tests-ext/ (the header drift and schema tests).
    assert!(script.contains("cargo test --workspace --all-features"));
}

/// The heavy dev-dependencies stay in `tests-ext/` (issue 27, first run): Cargo builds every
/// dev-dependency of the root package for `cargo run --example lost_phone`, and cbindgen and
/// jsonschema were measured to cost a share of that cold build (BENCHMARKS.md). `tests-ext/` is a
/// default member, so `cargo test` still runs its tests, and it takes mamori without features.
#[test]
fn heavy_dev_dependencies_stay_out_of_the_example_build() {
    let manifest = read("Cargo.toml");
    let dev = between(&manifest, "\n[dev-dependencies]\n", "\n[");
    for heavy in ["cbindgen", "jsonschema"] {
        assert!(
            !dev.lines().any(|l| l.trim_start().starts_with(heavy)),
            "{heavy} is a dev-dependency of the root package again:\n{dev}"
        );
    }
    let members = manifest
        .lines()
        .find(|l| l.starts_with("default-members"))
        .expect("default-members in [workspace]");
    assert!(
        members.contains("\".\"") && members.contains("\"tests-ext\""),
        "{members}"
    );
    let ext = read("tests-ext/Cargo.toml");
    assert!(ext.contains("publish = false"));
    assert!(
        ext.lines()
            .any(|l| l.trim() == "mamori = { path = \"..\" }"),
        "tests-ext must take mamori without features"
    );
    for test in ["header_drift", "incident_veris", "rulepack_schema"] {
        assert!(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("tests-ext/tests/{test}.rs"))
                .is_file(),
            "{test}"
        );
    }
}

/// Every `javac` line in the README and the Java README reads the sources as UTF-8 (they hold
/// Japanese text; without it `javac` fails under `LC_ALL=C`).
#[test]
fn javac_lines_name_the_encoding() {
    for doc in ["README.md", "bindings/java/README.md"] {
        let text = read(doc);
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with("javac "))
            .collect();
        assert!(
            !lines.is_empty() || doc != "README.md",
            "{doc}: no javac line"
        );
        for l in lines {
            assert!(l.contains("-encoding UTF-8"), "{doc}: {l}");
        }
    }
}

/// The Android instructions ask for a JNA that loads on 16 KB-page devices (5.17.0 or later).
#[test]
fn android_jna_is_at_least_5_17() {
    for doc in ["bindings/java/README.md", "README.md"] {
        let text = read(doc);
        for (i, _) in text.match_indices("net.java.dev.jna:jna:") {
            let v: String = text[i + "net.java.dev.jna:jna:".len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let parts: Vec<u32> = v
                .trim_end_matches('.')
                .split('.')
                .map(|p| p.parse().unwrap())
                .collect();
            assert!(
                parts[0] > 5 || (parts[0] == 5 && parts[1] >= 17),
                "{doc} pins JNA {v}, which cannot load on 16 KB-page Android devices"
            );
        }
    }
}

/// The installed file name in docs/c-abi.md is the one the install script makes
/// (`libmamori.so.<SONAME number>.<crate version>`).
#[test]
fn c_abi_doc_names_the_installed_library() {
    let real = format!(
        "libmamori.so.{}.{}",
        mamori::ffi::MAMORI_ABI_VERSION - 1,
        env!("CARGO_PKG_VERSION")
    );
    let doc = read("docs/c-abi.md");
    assert!(
        doc.contains(&format!("`LIBDIR/{real}`")),
        "docs/c-abi.md lacks {real}"
    );
    let script = read("examples/c/install-mamori.sh");
    assert!(
        script.contains("libmamori.so.$"),
        "install script naming changed"
    );
}

/// Statements the evaluation found false are gone.
#[test]
fn known_inaccuracies_are_gone() {
    let readme = read("README.md");
    assert!(
        !readme.contains("Secure Enclave HMAC"),
        "the Secure Enclave holds only P-256 keys; it has no HMAC"
    );
    assert!(
        !read("bindings/python/README.md").contains("still needs the shared library"),
        "the wheel carries the shared library"
    );
    assert!(
        !read("src/lib.rs").contains("no clock reads"),
        "the vault reads the system clock unless one is injected"
    );
    assert!(
        !read("include/mamori.h").contains("`anchor` field of the open options"),
        "no C open call takes options"
    );
}

/// The README's packaging section says which mobile builds cannot be made here.
#[test]
fn packaging_section_covers_mobile_cross_builds() {
    let readme = read("README.md");
    let pkg = readme
        .split("## Packaging")
        .nth(1)
        .expect("a Packaging section");
    for needle in [
        "max-page-size=16384",
        "xcodebuild -create-xcframework",
        "not buildable on this machine",
        "manylinux",
        "mamori.hpp",
    ] {
        assert!(pkg.contains(needle), "packaging section lacks {needle}");
    }
}
