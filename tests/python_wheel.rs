//! The Python package builds a wheel that a package index accepts and that installs into a
//! fresh virtualenv with one `pip install`, importing without any environment variable: the
//! wheel carries the shared library (`setup.py` copies it into the package).
//!
//! - The wheel is tagged `py3-none-manylinux_2_<N>_<arch>` (PEP 600; the package is pure
//!   ctypes), where `2.<N>` covers every glibc symbol version the bundled library needs. When
//!   the `scripts/test-all` virtualenv (`$MAMORI_PYTHON`) has `auditwheel`, `auditwheel show`
//!   must agree that the wheel is consistent with that tag.
//! - The build runs out of tree: the package directory is copied first (so the build cannot
//!   reach the repository's `target/`), and after `pip wheel` the copy holds no `build/` and
//!   no `*.egg-info` (the documented `pip install ./bindings/python` leaves the source alone).
//!
//! Needs `python3` with the `venv` module and PyPI (pip fetches setuptools for the isolated
//! build). Without them the test prints `SKIPPED: ...`, or fails under `MAMORI_REQUIRE_ALL=1`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/requires.rs"]
mod requires;

const TEST: &str = "pip_wheel_is_manylinux_built_out_of_tree_and_imports";
const INSTALL: &str = "apt-get install python3 python3-venv (and network access to PyPI)";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        let s = name.to_string_lossy();
        if s == "__pycache__" || s == "build" || s.ends_with(".egg-info") {
            continue;
        }
        let dst = to.join(&name);
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// pip's output when PyPI cannot be reached (then the test skips unless required).
fn offline(out: &str) -> bool {
    [
        "No matching distribution",
        "Could not find a version",
        "Failed to establish a new connection",
        "Temporary failure in name resolution",
        "Network is unreachable",
    ]
    .iter()
    .any(|m| out.contains(m))
}

/// The newest `GLIBC_2.N` symbol version named in an ELF file (its version-needs strings).
fn glibc_needed(lib: &Path) -> (u32, u32) {
    let data = std::fs::read(lib).unwrap();
    let mut best = (0, 0);
    for (i, w) in data.windows(8).enumerate() {
        if w != b"GLIBC_2." {
            continue;
        }
        let digits: String = data[i + 8..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .map(|&b| b as char)
            .collect();
        if let Ok(minor) = digits.parse::<u32>() {
            best = best.max((2, minor));
        }
    }
    best
}

#[test]
fn pip_wheel_is_manylinux_built_out_of_tree_and_imports() {
    let venv_ok = Command::new("python3")
        .args(["-c", "import venv, ensurepip"])
        .output()
        .is_ok_and(|o| o.status.success());
    let missing = (!venv_ok).then(|| "`python3 -m venv` is not available".to_string());
    if !requires::available(TEST, missing, INSTALL) {
        return;
    }
    let lib: PathBuf = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .join("libmamori.so");
    assert!(lib.is_file(), "{} not built", lib.display());
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("bindings/python"),
        &src,
    );
    let venv = work.path().join("venv");
    let o = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .output()
        .unwrap();
    assert!(o.status.success(), "venv: {}", text(&o));

    // Build the wheel.
    let wheels = work.path().join("wheels");
    let o = Command::new(venv.join("bin/pip"))
        .args([
            "wheel",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "--no-cache-dir",
            "-w",
        ])
        .arg(&wheels)
        .arg(&src)
        .env("MAMORI_PREBUILT_LIBRARY", &lib)
        .env_remove("MAMORI_WHEEL_PLATFORM")
        .env_remove("PYTHONPATH")
        .output()
        .unwrap();
    let out = text(&o);
    if !o.status.success() && offline(&out) {
        let reason = format!("pip cannot reach PyPI for setuptools: {}", out.trim());
        if !requires::available(TEST, Some(reason), INSTALL) {
            return;
        }
    }
    assert!(o.status.success(), "pip wheel failed:\n{out}");

    // Out of tree: nothing written into the source directory.
    let mut left: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n == "build" || n.ends_with(".egg-info"))
        .collect();
    left.sort();
    assert!(
        left.is_empty(),
        "the wheel build wrote {left:?} into the source directory"
    );

    // The tag: py3-none-manylinux_2_N_<arch>, N covering the library's glibc needs.
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .expect("a .whl");
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    let arch = std::env::consts::ARCH;
    let prefix = format!("mamori-{}-py3-none-manylinux_2_", env!("CARGO_PKG_VERSION"));
    let suffix = format!("_{arch}.whl");
    let minor: u32 = name
        .strip_prefix(&prefix)
        .and_then(|r| r.strip_suffix(&suffix))
        .and_then(|m| m.parse().ok())
        .unwrap_or_else(|| panic!("wheel {name} is not {prefix}<N>{suffix}"));
    let need = glibc_needed(&lib);
    assert!(
        (2, minor) >= need && minor >= 17,
        "{name}: the library needs GLIBC_{}.{}",
        need.0,
        need.1
    );
    let tag = format!("manylinux_2_{minor}_{arch}");
    // auditwheel's own verdict, when the test-all virtualenv has it.
    if let Some(py) = std::env::var_os("MAMORI_PYTHON") {
        let has = Command::new(&py)
            .args(["-c", "import auditwheel"])
            .output()
            .is_ok_and(|o| o.status.success());
        let missing = (!has).then(|| format!("auditwheel not importable by {py:?}"));
        if requires::available(TEST, missing, "pip install auditwheel (scripts/test-all)") {
            let o = Command::new(&py)
                .args(["-m", "auditwheel", "show"])
                .arg(&wheel)
                .output()
                .unwrap();
            let out = text(&o);
            assert!(o.status.success(), "auditwheel show failed:\n{out}");
            let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat.contains(&format!(
                    "consistent with the following platform tag: \"{tag}\""
                )) || flat.contains(&format!(
                    "is consistent with the following platform tag: {tag}"
                )),
                "auditwheel does not confirm {tag}:\n{out}"
            );
        }
    }

    // Install the wheel and import it from elsewhere, with no environment variable.
    let o = Command::new(venv.join("bin/pip"))
        .args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-index",
        ])
        .arg(&wheel)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "pip install of the wheel:\n{}",
        text(&o)
    );
    let script = r#"
import mamori, mamori._lib as L, os, sys, tempfile
p = L.library_path()
assert p.startswith(sys.prefix), p
with tempfile.TemporaryDirectory() as d:
    v, created = mamori.Vault.open_or_create(os.path.join(d, "c.mamori"), b"481516",
                                             {"kdf": {"m_kib": 8192, "t": 1, "p": 1}})
    assert created
    with v:
        v.put({"name": "佐藤 花子", "phones": ["090-1234-5678"]})
        print(v.lookup_phone("+81 90 1234 5678")["name"])
"#;
    let elsewhere = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(venv.join("bin/python"));
    cmd.args(["-c", script])
        .current_dir(elsewhere.path())
        .env_remove("PYTHONPATH")
        .env_remove("LD_LIBRARY_PATH")
        .env_remove("CARGO_TARGET_DIR");
    for (k, _) in std::env::vars() {
        if k.starts_with("MAMORI_") {
            cmd.env_remove(k);
        }
    }
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "import from the venv failed:\n{}",
        text(&o)
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "佐藤 花子");
}
