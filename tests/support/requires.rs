//! Tests that need something beyond the Rust toolchain (a C compiler, valgrind, jansson, a JDK,
//! Chromium, Python packages) call [`available`] first.
//!
//! - Plain `cargo test` on a machine with only the Rust toolchain: a missing dependency makes
//!   the test print `SKIPPED: <test>: <reason> (install: <hint>)` and return, so the run stays
//!   green.
//! - `MAMORI_REQUIRE_ALL=1` (set by `scripts/test-all`, the README's test command, and by CI): a
//!   missing dependency fails the test with the same reason, so nothing is skipped silently.

#![allow(dead_code)]

use std::process::Command;

/// The environment variable that turns a skip into a failure.
pub const REQUIRE_ALL: &str = "MAMORI_REQUIRE_ALL";

/// Whether every test dependency must be present (`MAMORI_REQUIRE_ALL=1`).
pub fn required() -> bool {
    std::env::var_os(REQUIRE_ALL).is_some_and(|v| v == "1")
}

/// `true` when `missing` is `None`. Otherwise skip (print and return `false`) or, under
/// `MAMORI_REQUIRE_ALL=1`, panic with the reason and the install hint.
pub fn available(test: &str, missing: Option<String>, install: &str) -> bool {
    let Some(reason) = missing else {
        return true;
    };
    assert!(
        !required(),
        "{test}: {reason}; {REQUIRE_ALL}=1 forbids skipping (install: {install}, or run \
         scripts/test-all, which installs it)"
    );
    println!("SKIPPED: {test}: {reason} (install: {install}; scripts/test-all installs it)");
    false
}

/// Whether `tool arg` runs and exits successfully.
pub fn tool_works(tool: &str, arg: &str) -> bool {
    Command::new(tool)
        .arg(arg)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The first of `tools` that is missing (`tool --version` fails), as a reason.
pub fn missing_tool(tools: &[&str]) -> Option<String> {
    tools
        .iter()
        .find(|t| !tool_works(t, "--version"))
        .map(|t| format!("`{t}` not found on PATH"))
}
