//! The C ABI from C: builds `examples/c/*.c` against `include/mamori.h` with
//! `gcc -Wall -Wextra -Werror`, runs each program linked to the static library under
//! AddressSanitizer + UndefinedBehaviorSanitizer, and again (plain build, linked to the shared
//! library) under valgrind with zero errors and zero definite/indirect leaks.
//!
//! Needs `gcc` (with libasan/libubsan) and `valgrind` on PATH; a missing tool fails the test
//! with a message (CI installs them: `apt-get install gcc valgrind`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The directory holding the `libmamori.a`/`.so` built by this very `cargo test` run: the
/// test binary's own directory, `<target>/<profile>/deps/`. (`cargo test` builds the lib
/// target's staticlib and cdylib there but does not copy them up to `<target>/<profile>/`, where
/// a stale copy from an older `cargo build` may sit.) Follows `CARGO_TARGET_DIR` and `--target`.
fn lib_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe
        .parent()
        .expect("test binary in <target>/<profile>/deps")
        .to_path_buf();
    for lib in ["libmamori.a", "libmamori.so"] {
        let p = dir.join(lib);
        assert!(
            p.is_file(),
            "{} not found: the lib target must build crate-type staticlib+cdylib \
             (run `cargo test`, which builds them)",
            p.display()
        );
    }
    dir
}

fn out_dir() -> PathBuf {
    let d = lib_dir().join("mamori-c-abi");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn require_tool(tool: &str) {
    let ok = Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "`{tool}` is required by tests/c_abi.rs but was not found on PATH \
         (Debian/Ubuntu: `apt-get install {tool}`)"
    );
}

fn show(o: &Output) -> String {
    format!(
        "status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn run_checked(cmd: &mut Command, what: &str) -> Output {
    let o = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(o.status.success(), "{what} failed\n{}", show(&o));
    o
}

const WARNINGS: &[&str] = &["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic"];
/// `rustc --print native-static-libs` for x86_64/aarch64 Linux.
const NATIVE_LIBS: &[&str] = &["-lpthread", "-ldl", "-lm", "-lrt", "-lutil", "-lgcc_s"];

/// Build `examples/c/<name>.c` with ASan+UBSan against the static library.
fn build_sanitized(name: &str) -> PathBuf {
    require_tool("gcc");
    let lib = lib_dir();
    let exe = out_dir().join(format!("{name}-asan"));
    let mut cmd = Command::new("gcc");
    cmd.args(WARNINGS)
        .args([
            "-g",
            "-O1",
            "-fsanitize=address,undefined",
            "-fno-sanitize-recover=all",
            "-fno-omit-frame-pointer",
        ])
        .arg("-I")
        .arg(root().join("include"))
        .arg(root().join(format!("examples/c/{name}.c")))
        .arg(lib.join("libmamori.a"))
        .args(NATIVE_LIBS)
        .arg("-o")
        .arg(&exe);
    run_checked(&mut cmd, &format!("gcc (asan) {name}.c"));
    // Check the sanitizers are really linked in (as rustls-ffi's CI does).
    let nm = run_checked(Command::new("nm").arg(&exe), "nm");
    let syms = String::from_utf8_lossy(&nm.stdout);
    assert!(
        syms.contains("__asan_init") && syms.contains("__ubsan_handle"),
        "{name}-asan lacks ASan/UBSan symbols"
    );
    exe
}

/// Build `examples/c/<name>.c` without sanitizers, linked to the shared library.
fn build_plain(name: &str) -> PathBuf {
    require_tool("gcc");
    let lib = lib_dir();
    let exe = out_dir().join(format!("{name}-plain"));
    let mut cmd = Command::new("gcc");
    cmd.args(WARNINGS)
        .args(["-g", "-O1"])
        .arg("-I")
        .arg(root().join("include"))
        .arg(root().join(format!("examples/c/{name}.c")))
        .arg("-L")
        .arg(&lib)
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .arg("-lmamori")
        .arg("-o")
        .arg(&exe);
    run_checked(&mut cmd, &format!("gcc {name}.c"));
    let ldd = run_checked(Command::new("ldd").arg(&exe), "ldd");
    assert!(
        String::from_utf8_lossy(&ldd.stdout).contains("libmamori.so"),
        "{name}-plain is not linked to libmamori.so"
    );
    exe
}

fn run_asan(exe: &Path, expect_stdout: &str) {
    let scratch = tempfile::tempdir().unwrap();
    let o = run_checked(
        Command::new(exe)
            .arg(scratch.path())
            .env(
                "ASAN_OPTIONS",
                "detect_leaks=1:abort_on_error=0:exitcode=86:strict_string_checks=1",
            )
            .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1"),
        &format!("{} under ASan+UBSan", exe.display()),
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains(expect_stdout), "{}", show(&o));
}

fn run_valgrind(exe: &Path, expect_stdout: &str) {
    require_tool("valgrind");
    let scratch = tempfile::tempdir().unwrap();
    let o = Command::new("valgrind")
        .args([
            "--leak-check=full",
            "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect",
            "--error-exitcode=1",
        ])
        .arg(exe)
        .arg(scratch.path())
        // cargo test puts target/<profile> on LD_LIBRARY_PATH, where a stale libmamori.so from
        // an older `cargo build` would shadow the rpath to this run's library.
        .env_remove("LD_LIBRARY_PATH")
        .output()
        .expect("run valgrind");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "valgrind reported errors\n{}", show(&o));
    assert!(
        stderr.contains("ERROR SUMMARY: 0 errors"),
        "valgrind error summary not clean\n{}",
        show(&o)
    );
    let leak_free = stderr.contains("All heap blocks were freed")
        || (stderr.contains("definitely lost: 0 bytes")
            && stderr.contains("indirectly lost: 0 bytes"));
    assert!(leak_free, "valgrind reported leaks\n{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(expect_stdout),
        "{}",
        show(&o)
    );
}

#[test]
fn header_compiles_as_cxx() {
    require_tool("g++");
    let tu = out_dir().join("header_cxx.cc");
    std::fs::write(
        &tu,
        "#include \"mamori.h\"\nint main() { return mamori_abi_version() == MAMORI_ABI_VERSION ? 0 : 1; }\n",
    )
    .unwrap();
    run_checked(
        Command::new("g++")
            .args([
                "-std=c++17",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-pedantic",
                "-fsyntax-only",
            ])
            .arg("-I")
            .arg(root().join("include"))
            .arg(&tu),
        "g++ -fsyntax-only with mamori.h",
    );
}

#[test]
fn misuse_under_sanitizers() {
    let exe = build_sanitized("abi_misuse");
    run_asan(&exe, "abi_misuse: all checks passed");
}

#[test]
fn misuse_under_valgrind() {
    let exe = build_plain("abi_misuse");
    run_valgrind(&exe, "abi_misuse: all checks passed");
}

#[test]
fn lost_phone_under_sanitizers() {
    let exe = build_sanitized("lost_phone");
    run_asan(&exe, "lost_phone: story complete");
}

#[test]
fn lost_phone_under_valgrind() {
    let exe = build_plain("lost_phone");
    run_valgrind(&exe, "lost_phone: story complete");
}

/// Issue 12's must-shows through the C ABI (switchboard count and JP 確報, e-mail-only
/// contact, German customers and GDPR, "cannot tell" malice).
#[test]
fn facts_under_sanitizers() {
    let exe = build_sanitized("facts");
    run_asan(&exe, "facts: all checks passed");
}

#[test]
fn facts_under_valgrind() {
    let exe = build_plain("facts");
    run_valgrind(&exe, "facts: all checks passed");
}

#[test]
fn pkg_config_install_and_link() {
    require_tool("gcc");
    require_tool("pkg-config");
    let lib = lib_dir();
    let prefix = tempfile::tempdir().unwrap();
    run_checked(
        Command::new("sh")
            .arg(root().join("examples/c/install-mamori.sh"))
            .arg(prefix.path())
            .arg(&lib),
        "install-mamori.sh",
    );
    let pc_path = prefix.path().join("lib/pkgconfig");
    let flags = run_checked(
        Command::new("pkg-config")
            .args(["--cflags", "--libs", "mamori"])
            .env("PKG_CONFIG_PATH", &pc_path),
        "pkg-config --cflags --libs mamori",
    );
    let flags = String::from_utf8(flags.stdout).unwrap();
    let version = run_checked(
        Command::new("pkg-config")
            .args(["--modversion", "mamori"])
            .env("PKG_CONFIG_PATH", &pc_path),
        "pkg-config --modversion",
    );
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        env!("CARGO_PKG_VERSION")
    );
    let exe = prefix.path().join("abi_misuse-pc");
    let libdir = prefix.path().join("lib");
    // `cc app.c $(pkg-config --cflags --libs mamori)`, as the README says.
    run_checked(
        Command::new("gcc")
            .args(WARNINGS)
            .arg(root().join("examples/c/abi_misuse.c"))
            .args(flags.split_whitespace())
            .arg(format!("-Wl,-rpath,{}", libdir.display()))
            .arg("-o")
            .arg(&exe),
        "gcc with pkg-config flags",
    );
    let o = run_checked(
        // cargo test puts target/<profile> on LD_LIBRARY_PATH, which would shadow the rpath.
        Command::new(&exe)
            .arg(prefix.path())
            .env_remove("LD_LIBRARY_PATH"),
        "abi_misuse via pkg-config",
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("all checks passed"));
    let ldd = run_checked(
        Command::new("ldd").arg(&exe).env_remove("LD_LIBRARY_PATH"),
        "ldd",
    );
    assert!(
        String::from_utf8_lossy(&ldd.stdout)
            .contains(&libdir.join("libmamori.so").display().to_string()),
        "not linked to the installed library"
    );
}
