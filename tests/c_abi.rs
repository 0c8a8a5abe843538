//! The C ABI from C and C++: builds `examples/c/*.c` against `include/mamori.h` with
//! `gcc -Wall -Wextra -Werror` and `examples/cpp/*.cpp` against `include/mamori.hpp` with
//! `g++ -std=c++17` and the same warnings, runs each program linked to the static library under
//! AddressSanitizer + UndefinedBehaviorSanitizer, and again (plain build, linked to the shared
//! library) under valgrind with zero errors and zero definite/indirect leaks.
//!
//! Needs `gcc`/`g++` (with libasan/libubsan), `valgrind`, `pkg-config`, `readelf`/`nm` (binutils) and
//! jansson (`libjansson-dev`, the JSON parser `lost_phone.c` reads the library's output with).
//! A missing one makes a test print `SKIPPED: ...` and return, or fail under
//! `MAMORI_REQUIRE_ALL=1` (`scripts/test-all`, the README's test command, installs them and sets
//! it; see `tests/support/requires.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/requires.rs"]
mod requires;

const C_INSTALL: &str = "apt-get install gcc g++ valgrind pkg-config binutils libjansson-dev";

/// Compile and link `src` with `gcc <flags>` in a scratch directory: `None` if that works,
/// else `what` as the reason a test cannot run.
fn probe_c(src: &str, flags: &[&str], what: &str) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let c = dir.path().join("probe.c");
    std::fs::write(&c, src).ok()?;
    let ok = Command::new("gcc")
        .arg(&c)
        .args(flags)
        .arg("-o")
        .arg(dir.path().join("probe"))
        .output()
        .is_ok_and(|o| o.status.success());
    (!ok).then(|| what.to_string())
}

/// Whether the C test `test` can run: every tool or library in `needs` is present (`gcc`,
/// `g++`, `valgrind`, `pkg-config`, `readelf`, `nm`, plus the probes `sanitizers` for
/// libasan/libubsan and `jansson`). Skips (prints why) or, under `MAMORI_REQUIRE_ALL=1`, fails.
fn c_ready(test: &str, needs: &[&str]) -> bool {
    let missing = needs.iter().find_map(|n| match *n {
        "sanitizers" => requires::missing_tool(&["gcc"]).or_else(|| {
            probe_c(
                "int main(void) { return 0; }\n",
                &["-fsanitize=address,undefined"],
                "gcc cannot link with -fsanitize=address,undefined (libasan/libubsan missing)",
            )
        }),
        "jansson" => requires::missing_tool(&["gcc"]).or_else(|| {
            probe_c(
                "#include <jansson.h>\nint main(void) { json_decref(json_object()); return 0; }\n",
                &["-ljansson"],
                "jansson (jansson.h / -ljansson) not found",
            )
        }),
        // dash has no --version.
        "sh" => (!Command::new("sh")
            .args(["-c", "true"])
            .output()
            .is_ok_and(|o| o.status.success()))
        .then(|| "`sh` not found on PATH".to_string()),
        tool => requires::missing_tool(&[tool]),
    });
    requires::available(test, missing, C_INSTALL)
}

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

/// A directory where the SONAME (`libmamori.so.0`) resolves to this run's `libmamori.so`, as
/// an installed library's symlink would: programs linked with `-lmamori` record the SONAME.
fn soname_dir() -> PathBuf {
    let d = out_dir().join("soname");
    std::fs::create_dir_all(&d).unwrap();
    let link = d.join(format!(
        "libmamori.so.{}",
        mamori::ffi::MAMORI_ABI_VERSION - 1
    ));
    // Always the same target (this run's deps directory); tests run in parallel, so never
    // remove it, and another test may create it first.
    if std::fs::symlink_metadata(&link).is_err()
        && let Err(e) = std::os::unix::fs::symlink(lib_dir().join("libmamori.so"), &link)
    {
        assert!(link.exists(), "symlink {}: {e}", link.display());
    }
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

/// The examples that read the library's JSON with jansson.
const JANSSON_EXAMPLES: &[&str] = &["lost_phone"];

fn jansson(name: &str) -> &'static [&'static str] {
    if JANSSON_EXAMPLES.contains(&name) {
        &["-ljansson"]
    } else {
        &[]
    }
}

/// One example program: `examples/c/<name>.c` (C11, gcc) or `examples/cpp/<name>.cpp`
/// (C++17, g++, through `include/mamori.hpp`).
struct Example {
    name: &'static str,
    compiler: &'static str,
    std: &'static str,
    source: PathBuf,
}

fn c_example(name: &'static str) -> Example {
    Example {
        name,
        compiler: "gcc",
        std: "-std=c11",
        source: root().join(format!("examples/c/{name}.c")),
    }
}

fn cpp_example(name: &'static str) -> Example {
    Example {
        name,
        compiler: "g++",
        std: "-std=c++17",
        source: root().join(format!("examples/cpp/{name}.cpp")),
    }
}

/// `<compiler> -std=... -Wall -Wextra -Werror -pedantic -I include <source>`.
fn compile(ex: &Example) -> Command {
    require_tool(ex.compiler);
    let mut cmd = Command::new(ex.compiler);
    cmd.arg(ex.std)
        .args(&WARNINGS[1..])
        .arg("-I")
        .arg(root().join("include"))
        .arg(&ex.source);
    cmd
}

/// Build an example with ASan+UBSan against the static library.
fn build_sanitized(ex: &Example) -> PathBuf {
    let name = ex.name;
    let exe = out_dir().join(format!("{name}-asan"));
    let mut cmd = compile(ex);
    cmd.args([
        "-g",
        "-O1",
        "-fsanitize=address,undefined",
        "-fno-sanitize-recover=all",
        "-fno-omit-frame-pointer",
    ])
    .arg(lib_dir().join("libmamori.a"))
    .args(NATIVE_LIBS)
    .args(jansson(name))
    .arg("-o")
    .arg(&exe);
    run_checked(&mut cmd, &format!("{} (asan) {name}", ex.compiler));
    // Check the sanitizers are really linked in (as rustls-ffi's CI does).
    let nm = run_checked(Command::new("nm").arg(&exe), "nm");
    let syms = String::from_utf8_lossy(&nm.stdout);
    assert!(
        syms.contains("__asan_init") && syms.contains("__ubsan_handle"),
        "{name}-asan lacks ASan/UBSan symbols"
    );
    exe
}

/// Build an example without sanitizers, linked to the shared library.
fn build_plain(ex: &Example) -> PathBuf {
    let name = ex.name;
    let exe = out_dir().join(format!("{name}-plain"));
    let mut cmd = compile(ex);
    cmd.args(["-g", "-O1"])
        .arg("-L")
        .arg(lib_dir())
        .arg(format!("-Wl,-rpath,{}", soname_dir().display()))
        .arg("-lmamori")
        .args(jansson(name))
        .arg("-o")
        .arg(&exe);
    run_checked(&mut cmd, &format!("{} {name}", ex.compiler));
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

/// An example under ASan+UBSan (static library), when `needs` (plus the sanitizers and `nm`)
/// are present.
fn example_under_sanitizers(test: &str, ex: Example, needs: &[&str], expect: &str) {
    let all: Vec<&str> = needs.iter().copied().chain(["sanitizers", "nm"]).collect();
    if c_ready(test, &all) {
        run_asan(&build_sanitized(&ex), expect);
    }
}

/// An example under valgrind (shared library), when `needs` (plus valgrind and `ldd`) are
/// present.
fn example_under_valgrind(test: &str, ex: Example, needs: &[&str], expect: &str) {
    let all: Vec<&str> = needs.iter().copied().chain(["valgrind", "ldd"]).collect();
    if c_ready(test, &all) {
        run_valgrind(&build_plain(&ex), expect);
    }
}

#[test]
fn header_compiles_as_cxx() {
    if !c_ready("header_compiles_as_cxx", &["g++"]) {
        return;
    }
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
    example_under_sanitizers(
        "misuse_under_sanitizers",
        c_example("abi_misuse"),
        &["gcc"],
        "abi_misuse: all checks passed",
    );
}

#[test]
fn misuse_under_valgrind() {
    example_under_valgrind(
        "misuse_under_valgrind",
        c_example("abi_misuse"),
        &["gcc"],
        "abi_misuse: all checks passed",
    );
}

#[test]
fn lost_phone_under_sanitizers() {
    example_under_sanitizers(
        "lost_phone_under_sanitizers",
        c_example("lost_phone"),
        &["jansson"],
        "lost_phone: story complete",
    );
}

#[test]
fn lost_phone_under_valgrind() {
    example_under_valgrind(
        "lost_phone_under_valgrind",
        c_example("lost_phone"),
        &["jansson"],
        "lost_phone: story complete",
    );
}

/// `readelf -d` of a shared object: its dynamic section.
fn dynamic_section(so: &Path) -> String {
    require_tool("readelf");
    let o = run_checked(Command::new("readelf").arg("-d").arg(so), "readelf -d");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The SONAME is `libmamori.so.(ABI-1)` and the shared library exports only `mamori_*`.
#[test]
fn shared_library_has_soname_and_exports_only_mamori() {
    if !c_ready(
        "shared_library_has_soname_and_exports_only_mamori",
        &["readelf", "nm"],
    ) {
        return;
    }
    let so = lib_dir().join("libmamori.so");
    let soname = format!("libmamori.so.{}", mamori::ffi::MAMORI_ABI_VERSION - 1);
    let dynamic = dynamic_section(&so);
    assert!(
        dynamic.contains(&format!("Library soname: [{soname}]")),
        "no SONAME {soname}:\n{dynamic}"
    );
    require_tool("nm");
    let o = run_checked(
        Command::new("nm").args(["-D", "--defined-only"]).arg(&so),
        "nm -D --defined-only",
    );
    let names: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .map(|n| n.split('@').next().unwrap_or(n).to_string())
        .collect();
    assert!(names.len() >= 40, "too few exports: {names:?}");
    let foreign: Vec<&String> = names.iter().filter(|n| !n.starts_with("mamori_")).collect();
    assert!(
        foreign.is_empty(),
        "exports other than mamori_*: {foreign:?}"
    );
    // Every function the header declares is exported.
    let header = std::fs::read_to_string(root().join("include/mamori.h")).unwrap();
    for decl in header.split(['(', ' ', '*', '\n']) {
        if decl.starts_with("mamori_") && header.contains(&format!("{decl}(")) {
            let is_type = header.contains(&format!("typedef struct {decl} "))
                || header.contains(&format!("{decl} *"))
                || decl.ends_with("_result");
            if !is_type {
                assert!(names.iter().any(|n| n == decl), "{decl} is not exported");
            }
        }
    }
}

fn install(prefix: &Path, destdir: Option<&Path>) -> Output {
    let mut cmd = Command::new("sh");
    cmd.arg(root().join("examples/c/install-mamori.sh"))
        .arg(prefix)
        .arg(lib_dir());
    match destdir {
        Some(d) => cmd.env("DESTDIR", d),
        None => cmd.env_remove("DESTDIR"),
    };
    run_checked(&mut cmd, "install-mamori.sh")
}

fn pkg_config(pc_path: &Path, args: &[&str]) -> Vec<String> {
    let o = run_checked(
        Command::new("pkg-config")
            .args(args)
            .env("PKG_CONFIG_PATH", pc_path)
            .env_remove("PKG_CONFIG_LIBDIR"),
        &format!("pkg-config {args:?}"),
    );
    String::from_utf8(o.stdout)
        .unwrap()
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// `DESTDIR` stages the files under `DESTDIR/PREFIX` while the `.pc` files name `PREFIX`;
/// the SONAME links are in place.
#[test]
fn install_honours_destdir_and_prefix() {
    if !c_ready("install_honours_destdir_and_prefix", &["sh"]) {
        return;
    }
    let stage = tempfile::tempdir().unwrap();
    install(Path::new("/opt/mamori"), Some(stage.path()));
    let lib = stage.path().join("opt/mamori/lib");
    let soname = format!("libmamori.so.{}", mamori::ffi::MAMORI_ABI_VERSION - 1);
    let real = format!("{soname}.{}", env!("CARGO_PKG_VERSION"));
    assert!(stage.path().join("opt/mamori/include/mamori.h").is_file());
    assert!(lib.join("libmamori.a").is_file());
    assert!(lib.join(&real).is_file());
    assert_eq!(
        std::fs::read_link(lib.join(&soname)).unwrap(),
        PathBuf::from(&real)
    );
    assert_eq!(
        std::fs::read_link(lib.join("libmamori.so")).unwrap(),
        PathBuf::from(&soname)
    );
    for pc in ["mamori.pc", "mamori-static.pc"] {
        let text = std::fs::read_to_string(lib.join("pkgconfig").join(pc)).unwrap();
        assert!(text.contains("prefix=/opt/mamori\n"), "{pc}:\n{text}");
        assert!(
            !text.contains(&stage.path().display().to_string()),
            "{pc} names DESTDIR"
        );
        assert!(
            !text.contains('@'),
            "unsubstituted placeholder in {pc}:\n{text}"
        );
    }
    // Uninstall removes what was installed.
    run_checked(
        Command::new("sh")
            .arg(root().join("examples/c/install-mamori.sh"))
            .args(["--uninstall", "/opt/mamori"])
            .env("DESTDIR", stage.path()),
        "install-mamori.sh --uninstall",
    );
    assert!(!lib.join(&real).exists() && !lib.join("libmamori.a").exists());
}

/// Issue 12's must-shows through the C ABI (switchboard count and JP 確報, e-mail-only
/// contact, German customers and GDPR, "cannot tell" malice).
#[test]
fn facts_under_sanitizers() {
    example_under_sanitizers(
        "facts_under_sanitizers",
        c_example("facts"),
        &["gcc"],
        "facts: all checks passed",
    );
}

#[test]
fn facts_under_valgrind() {
    example_under_valgrind(
        "facts_under_valgrind",
        c_example("facts"),
        &["gcc"],
        "facts: all checks passed",
    );
}

/// Install into a temporary prefix, link `abi_misuse.c` through pkg-config against the shared
/// library and against the static archive, and run both from another directory.
#[test]
fn pkg_config_install_and_link() {
    if !c_ready(
        "pkg_config_install_and_link",
        &["sh", "gcc", "pkg-config", "readelf"],
    ) {
        return;
    }
    require_tool("gcc");
    require_tool("pkg-config");
    let prefix = tempfile::tempdir().unwrap();
    install(prefix.path(), None);
    let pc_path = prefix.path().join("lib/pkgconfig");
    let libdir = prefix.path().join("lib");
    assert_eq!(
        pkg_config(&pc_path, &["--modversion", "mamori"]),
        [env!("CARGO_PKG_VERSION")]
    );
    let soname = format!("libmamori.so.{}", mamori::ffi::MAMORI_ABI_VERSION - 1);
    let elsewhere = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let run_elsewhere = |exe: &Path, what: &str, ld_path: Option<&Path>| {
        let mut cmd = Command::new(exe);
        // cargo test puts target/<profile> on LD_LIBRARY_PATH, which would shadow the install.
        cmd.arg(elsewhere.path())
            .current_dir(elsewhere.path())
            .env_remove("LD_LIBRARY_PATH");
        if let Some(p) = ld_path {
            cmd.env("LD_LIBRARY_PATH", p);
        }
        let o = run_checked(&mut cmd, what);
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("all checks passed"),
            "{}",
            show(&o)
        );
    };

    // Shared: `cc app.c $(pkg-config --cflags --libs mamori)`, as the README says.
    let flags = pkg_config(&pc_path, &["--cflags", "--libs", "mamori"]);
    let shared = bin.path().join("abi_misuse-shared");
    run_checked(
        Command::new("gcc")
            .args(WARNINGS)
            .arg(root().join("examples/c/abi_misuse.c"))
            .args(&flags)
            .arg(format!("-Wl,-rpath,{}", libdir.display()))
            .arg("-o")
            .arg(&shared),
        "gcc with pkg-config flags (shared)",
    );
    let dynamic = dynamic_section(&shared);
    assert!(
        dynamic.contains(&format!("Shared library: [{soname}]")),
        "the program must record the SONAME, not a path:\n{dynamic}"
    );
    run_elsewhere(&shared, "shared build run from another directory", None);

    // Linked by path (the audit's failing case): the SONAME is recorded, not the path, so the
    // program runs from any directory once the library is on the loader's path.
    let by_path = bin.path().join("abi_misuse-bypath");
    run_checked(
        Command::new("gcc")
            .args(WARNINGS)
            .arg(format!("-I{}", prefix.path().join("include").display()))
            .arg(root().join("examples/c/abi_misuse.c"))
            .arg(libdir.join("libmamori.so"))
            .arg("-o")
            .arg(&by_path),
        "gcc linking libmamori.so by path",
    );
    assert!(dynamic_section(&by_path).contains(&format!("Shared library: [{soname}]")));
    run_elsewhere(
        &by_path,
        "by-path build run from another directory",
        Some(&libdir),
    );

    // Static: `pkg-config --static --libs mamori-static` names the archive itself.
    let flags = pkg_config(
        &pc_path,
        &["--static", "--cflags", "--libs", "mamori-static"],
    );
    assert!(
        flags.iter().any(|f| f.ends_with("/libmamori.a")),
        "static flags do not name the archive: {flags:?}"
    );
    assert!(flags.iter().any(|f| f == "-lpthread"), "{flags:?}");
    let private = pkg_config(&pc_path, &["--static", "--libs", "mamori"]);
    assert!(
        private.iter().any(|f| f == "-lpthread"),
        "mamori.pc lacks Libs.private: {private:?}"
    );
    let fixed = bin.path().join("abi_misuse-static");
    run_checked(
        Command::new("gcc")
            .args(WARNINGS)
            .arg(root().join("examples/c/abi_misuse.c"))
            .args(&flags)
            .arg("-o")
            .arg(&fixed),
        "gcc with pkg-config flags (static)",
    );
    let dynamic = dynamic_section(&fixed);
    assert!(
        !dynamic.contains("libmamori"),
        "the static build must not need libmamori.so:\n{dynamic}"
    );
    // Remove the install: the static program does not need it.
    drop(prefix);
    run_elsewhere(&fixed, "static build run from another directory", None);
}

/// The C++17 wrapper `include/mamori.hpp` and its example `examples/cpp/vault_demo.cpp`
/// (RAII handles, exceptions with code/name/message, open-or-create, the caller-ID fast path)
/// under ASan+UBSan.
#[test]
fn cpp_example_under_sanitizers() {
    example_under_sanitizers(
        "cpp_example_under_sanitizers",
        cpp_example("vault_demo"),
        &["g++"],
        "vault_demo: all checks passed",
    );
}

#[test]
fn cpp_example_under_valgrind() {
    example_under_valgrind(
        "cpp_example_under_valgrind",
        cpp_example("vault_demo"),
        &["g++"],
        "vault_demo: all checks passed",
    );
}

/// `mamori.hpp` compiles cleanly on its own in every C++ standard from C++17 on.
#[test]
fn cpp_header_compiles_in_every_standard() {
    if !c_ready("cpp_header_compiles_in_every_standard", &["g++"]) {
        return;
    }
    let tu = out_dir().join("hpp_only.cc");
    std::fs::write(
        &tu,
        "#include \"mamori.hpp\"\nint main() { return mamori::version().empty() ? 1 : 0; }\n",
    )
    .unwrap();
    for std in ["-std=c++17", "-std=c++20"] {
        run_checked(
            Command::new("g++")
                .arg(std)
                .args(&WARNINGS[1..])
                .args(["-Wconversion", "-Wshadow", "-fsyntax-only"])
                .arg("-I")
                .arg(root().join("include"))
                .arg(&tu),
            &format!("g++ {std} -fsyntax-only with mamori.hpp"),
        );
    }
}
