//! Builds the Java binding (`bindings/java`, JNA) and its JUnit 4 tests with `javac
//! --release 8` (the language level that also compiles for Android), then runs them against
//! the shared library this `cargo test` built: once in the inherited locale and once under
//! `LC_ALL=C` (where the JVM's default charset is ASCII, so any string crossing the boundary
//! in the platform charset would mangle the Japanese names the tests round-trip). The
//! benchmark main class is compiled too (not run), so it cannot rot.
//!
//! Needs a JDK (`javac`, `java`) and Debian's jars: `apt-get install -y openjdk-17-jdk-headless
//! libjna-java junit4 libhamcrest-java` (`scripts/test-all` installs them). A missing piece
//! makes the test print `SKIPPED: ...` and return, or fail under `MAMORI_REQUIRE_ALL=1` (see
//! `tests/support/requires.rs`); jar locations can be overridden with `MAMORI_JNA_JAR`,
//! `MAMORI_JUNIT_JAR`, `MAMORI_HAMCREST_JAR`.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/requires.rs"]
mod requires;

const INSTALL: &str =
    "apt-get install -y openjdk-17-jdk-headless libjna-java junit4 libhamcrest-java";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `<target>/<profile>/deps/`, where this test binary and the fresh cdylib live.
fn deps_dir() -> PathBuf {
    std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The jar named by `env`, or the first of `candidates` in `/usr/share/java`; `Err` says
/// which is missing.
fn jar(env: &str, candidates: &[&str]) -> Result<PathBuf, String> {
    if let Ok(p) = std::env::var(env) {
        let p = PathBuf::from(p);
        assert!(p.is_file(), "{env}={} is not a file", p.display());
        return Ok(p);
    }
    candidates
        .iter()
        .map(|c| Path::new("/usr/share/java").join(c))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            format!(
                "{} not found in /usr/share/java (or set {env})",
                candidates[0]
            )
        })
}

fn tool_works(tool: &str) -> bool {
    requires::tool_works(tool, "-version")
}

fn java_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            java_sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "java") {
            out.push(p);
        }
    }
}

/// Run the JUnit suite; returns (passed, failed) from its `N passed, N failed` line.
fn run_suite(classpath: &str, lib: &Path, locale: Option<&str>) -> (usize, usize) {
    let mut cmd = Command::new("java");
    cmd.arg(format!("-Dmamori.library={}", lib.display()))
        .arg(format!("-Dmamori.root={}", root().display()))
        .args(["-cp", classpath, "jp.mamori.AllTests"])
        .current_dir(root());
    if let Some(l) = locale {
        cmd.env("LC_ALL", l).env("LANG", l).env_remove("LANGUAGE");
        // No -Dfile.encoding / -Djna.encoding: the binding must not need them.
        cmd.env_remove("JAVA_TOOL_OPTIONS")
            .env_remove("JDK_JAVA_OPTIONS");
    }
    let o = cmd.output().expect("run java");
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let summary = stdout
        .lines()
        .find(|l| l.contains(" passed, ") && l.contains(" failed"))
        .unwrap_or_else(|| panic!("no summary line from the Java tests:\n{stdout}\n{stderr}"));
    let num = |word: &str| -> usize {
        let words: Vec<&str> = summary.split_whitespace().collect();
        let i = words
            .iter()
            .position(|w| w.trim_end_matches(',') == word)
            .unwrap();
        words[i - 1].parse().unwrap()
    };
    let (passed, failed) = (num("passed"), num("failed"));
    println!(
        "Java binding tests ({}): {passed} passed, {failed} failed",
        locale.unwrap_or("inherited locale")
    );
    assert!(
        o.status.success() && failed == 0,
        "Java binding tests failed ({}):\n{stdout}\n{stderr}",
        locale.unwrap_or("inherited locale")
    );
    (passed, failed)
}

#[test]
fn java_binding_tests_pass_in_every_locale() {
    let lib = deps_dir().join("libmamori.so");
    assert!(
        lib.is_file(),
        "{} not found: the lib target must build a cdylib",
        lib.display()
    );
    let jars = (tool_works("javac") && tool_works("java"))
        .then_some(())
        .ok_or_else(|| "javac/java (a JDK) not found".to_string())
        .and_then(|()| {
            Ok((
                jar("MAMORI_JNA_JAR", &["jna.jar"])?,
                jar("MAMORI_JUNIT_JAR", &["junit4.jar"])?,
                jar(
                    "MAMORI_HAMCREST_JAR",
                    &["hamcrest.jar", "hamcrest-core.jar", "hamcrest-all.jar"],
                )?,
            ))
        });
    let test = "java_binding_tests_pass_in_every_locale";
    if !requires::available(test, jars.as_ref().err().cloned(), INSTALL) {
        return;
    }
    let (jna, junit, hamcrest) = jars.expect("checked");
    let classes = deps_dir().join("mamori-java-classes");
    let _ = std::fs::remove_dir_all(&classes);
    std::fs::create_dir_all(&classes).unwrap();
    let mut sources = Vec::new();
    for sub in ["src/main/java", "src/test/java", "src/bench/java"] {
        java_sources(&root().join("bindings/java").join(sub), &mut sources);
    }
    assert!(sources.len() > 10, "Java sources missing: {sources:?}");
    let cp = [jna.as_path(), junit.as_path(), hamcrest.as_path()]
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(":");
    // Language level 8 (what Android's toolchain accepts), warnings are errors.
    let o = Command::new("javac")
        .args([
            "--release",
            "8",
            "-Xlint:all",
            "-Werror",
            "-encoding",
            "UTF-8",
        ])
        .args(["-cp", &cp, "-d"])
        .arg(&classes)
        .args(&sources)
        .output()
        .expect("run javac");
    assert!(
        o.status.success(),
        "javac failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let run_cp = format!("{}:{cp}", classes.display());
    let (p1, _) = run_suite(&run_cp, &lib, None);
    let (p2, _) = run_suite(&run_cp, &lib, Some("C"));
    assert_eq!(p1, p2);
    assert!(p1 >= 23, "only {p1} Java tests ran");
}

/// The binding's main sources use nothing Android lacks: no AWT/Swing, no `javax.*` beyond
/// `javax.crypto` (tests only), no `System.console`, `ProcessHandle`, `java.lang.management`
/// or other desktop/JDK-9+ APIs (the `--release 8` build above rules out the JDK 9+ ones).
#[test]
fn java_main_sources_use_only_android_apis() {
    let mut sources = Vec::new();
    java_sources(&root().join("bindings/java/src/main/java"), &mut sources);
    assert!(!sources.is_empty());
    let banned = [
        "java.awt",
        "javax.",
        "java.lang.management",
        "java.rmi",
        "System.console",
        "ProcessHandle",
        "java.lang.ref.Cleaner",
        "import sun.",
    ];
    for s in &sources {
        let text = std::fs::read_to_string(s).unwrap();
        for b in banned {
            for line in text.lines() {
                let t = line.trim_start();
                if t.starts_with("import ") || !t.starts_with('*') && !t.starts_with("//") {
                    assert!(
                        !t.contains(b),
                        "{} uses {b} (not on Android): {line}",
                        s.display()
                    );
                }
            }
        }
    }
}
