//! The Python package installs into a fresh virtualenv with one `pip install` and imports
//! without any environment variable: the wheel carries the shared library (`setup.py` copies
//! it into the package). The package directory is copied first, so the build cannot reach
//! the repository's `target/` and the source tree is left untouched.
//!
//! Needs `python3` with the `venv` module and network access to PyPI (pip fetches setuptools
//! for the isolated build). Without `python3 -m venv` the test prints why and returns (CI
//! installs `python3-venv`, see `.ci/run`).

use std::path::{Path, PathBuf};
use std::process::Command;

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

#[test]
fn pip_install_in_fresh_venv_then_import() {
    let venv_ok = Command::new("python3")
        .args(["-c", "import venv, ensurepip"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !venv_ok {
        println!("skipped: `python3 -m venv` is not available (apt-get install python3-venv)");
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
    assert!(
        o.status.success(),
        "venv: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = Command::new(venv.join("bin/pip"))
        .args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-cache-dir",
        ])
        .arg(&src)
        .env("MAMORI_PREBUILT_LIBRARY", &lib)
        .env_remove("PYTHONPATH")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "pip install failed (needs PyPI for setuptools):\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let script = r#"
import mamori, mamori._lib as L, os, sys, tempfile
p = L.library_path()
assert p.startswith(sys.prefix), p
with tempfile.TemporaryDirectory() as d:
    v = mamori.Vault.create(os.path.join(d, "c.mamori"), b"481516",
                            {"kdf": {"m_kib": 8192, "t": 1, "p": 1}})
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
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "佐藤 花子");
    // The source copy was not built in place by a previous run: no build/ left behind in the
    // repository (pip built from the copy).
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("bindings/python/build")
            .exists()
    );
}
