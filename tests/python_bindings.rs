//! Runs the Python binding's own tests (`bindings/python/tests`, stdlib `unittest`) against the
//! shared library this `cargo test` built, with schema validation required.
//!
//! Needs `python3`. The tests validate library output against `schemas/` with the `jsonschema`
//! package and parse the iCalendar plan with `icalendar` (an independent RFC 5545 parser): if
//! the system Python lacks either, a virtualenv is created once under the target directory
//! and the pinned packages are installed from PyPI into it. Without python3 (or PyPI) the test
//! prints `SKIPPED: ...`, or fails under `MAMORI_REQUIRE_ALL=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/requires.rs"]
mod requires;

/// Pinned for reproducibility (supports JSON Schema draft 2020-12, which schemars emits).
const JSONSCHEMA_PIN: &str = "jsonschema==4.23.0";
/// Pinned for reproducibility: the iCalendar parser the plan's `.ics` is checked with.
const ICALENDAR_PIN: &str = "icalendar==6.1.0";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `<target>/<profile>`: this test binary lives in `<target>/<profile>/deps/`.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

fn has_test_deps(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import jsonschema, icalendar"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// A Python interpreter that can `import jsonschema, icalendar`: `$MAMORI_PYTHON` (the virtualenv
/// `scripts/test-all` makes), the system `python3` if it has the package, else a virtualenv made
/// once under the target directory with the pinned packages from PyPI. `Err` says what is missing.
fn python() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("MAMORI_PYTHON") {
        let p = PathBuf::from(p);
        return if has_test_deps(&p) {
            Ok(p)
        } else {
            Err(format!(
                "MAMORI_PYTHON={} cannot import jsonschema and icalendar",
                p.display()
            ))
        };
    }
    let system = PathBuf::from("python3");
    if !requires::tool_works("python3", "--version") {
        return Err("python3 not found on PATH".into());
    }
    if has_test_deps(&system) {
        return Ok(system);
    }
    let venv = profile_dir().join("mamori-py-venv");
    let py = venv.join("bin/python");
    if !has_test_deps(&py) {
        let o = Command::new(&system)
            .args(["-m", "venv"])
            .arg(&venv)
            .output()
            .map_err(|e| format!("python3 -m venv: {e}"))?;
        if !o.status.success() {
            return Err(format!(
                "cannot create a virtualenv (python3-venv missing?): {}",
                String::from_utf8_lossy(&o.stderr).trim()
            ));
        }
        let o = Command::new(&py)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                JSONSCHEMA_PIN,
                ICALENDAR_PIN,
            ])
            .output()
            .map_err(|e| format!("pip: {e}"))?;
        if !o.status.success() {
            return Err(format!(
                "pip install {JSONSCHEMA_PIN} {ICALENDAR_PIN} failed (needs network access to PyPI): {}",
                String::from_utf8_lossy(&o.stderr).trim()
            ));
        }
    }
    Ok(py)
}

#[test]
fn python_binding_tests_pass() {
    // The cdylib built by this `cargo test` run sits next to the test binary (`deps/`);
    // `<target>/<profile>/libmamori.so` is only refreshed by `cargo build` and may be stale.
    let lib = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .join("libmamori.so");
    assert!(
        lib.is_file(),
        "{} not found: the lib target must build a cdylib",
        lib.display()
    );
    let py = python();
    let missing = py.as_ref().err().cloned();
    if !requires::available(
        "python_binding_tests_pass",
        missing,
        "apt-get install python3 python3-venv (jsonschema comes from PyPI)",
    ) {
        return;
    }
    let py = py.expect("checked");
    let o = Command::new(&py)
        .args(["-m", "unittest", "discover", "-v", "-s"])
        .arg(root().join("bindings/python/tests"))
        .env("PYTHONPATH", root().join("bindings/python"))
        .env("MAMORI_LIBRARY", &lib)
        .env("MAMORI_REQUIRE_JSONSCHEMA", "1")
        .env("MAMORI_REQUIRE_ICALENDAR", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run python unittest");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success(),
        "Python binding tests failed:\n{stderr}\n{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let ran: usize = stderr
        .lines()
        .find_map(|l| {
            l.strip_prefix("Ran ")?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .expect("unittest summary");
    assert!(ran >= 18, "only {ran} Python tests ran:\n{stderr}");
    assert!(
        !stderr.contains("skipped"),
        "Python tests were skipped:\n{stderr}"
    );
}
