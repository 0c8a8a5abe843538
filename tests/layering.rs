//! The crate's layer order, enforced (issue 28). Every `crate::<module>` path in `src/` is an
//! edge from the file's top-level module to `<module>`; an edge is allowed only downwards in
//! [`LAYERS`], so the top-level modules form a DAG and `ARCHITECTURE.md`'s diagram (generated
//! from the same table, checked below) cannot drift from the code. The same technique as
//! `tests/ffi_boundary.rs`: read the sources, no compiler plugin.
//!
//! The second check: no Rust `Debug` (`{:?}`) of a value in the library's user-visible text.
//! Domain enums print their JSON name (`as_str()`, one source per enum); a `{:?}` used on purpose
//! to quote a caller's string carries a `// debug-quote:` comment on the line or the line above.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[path = "support/src_files.rs"]
mod src_files;

/// The layers, lowest first. A module may use only modules of a strictly lower layer, never one
/// of its own layer or above. `ARCHITECTURE.md` shows this table.
const LAYERS: &[(&str, &[&str])] = &[
    ("foundation: strict JSON", &["json"]),
    ("foundation: errors", &["error"]),
    ("foundation: text and hash chains", &["text", "hashchain"]),
    ("foundation: legal holds", &["hold"]),
    ("calendar", &["calendar"]),
    ("domain: breach engine", &["breach"]),
    ("domain: vault", &["vault"]),
    ("domain: asset register", &["device"]),
    ("workflow: incident, hand-over", &["incident", "handover"]),
    ("workflow: inventory audit", &["inventory"]),
    ("surface: C ABI, test strategies", &["ffi", "strategies"]),
];

/// Items re-exported at the crate root (`crate::Error`), and the module they belong to.
const ROOT_ITEMS: &[(&str, &str)] = &[
    ("Error", "error"),
    ("ErrorCode", "error"),
    ("Result", "error"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sources() -> Vec<PathBuf> {
    src_files::rust_files("src")
}

/// The top-level module a file belongs to (`src/vault/store/mod.rs` → `vault`); `None` for
/// `lib.rs`.
fn top_module(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root().join("src")).unwrap();
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    if first == "lib.rs" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_string())
}

/// The source without `#[deprecated]` items: the one-release aliases at old paths
/// (`device::handover` → `handover`) point wherever the item moved and are not dependencies.
fn strip_deprecated(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[deprecated") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        // The item ends at its first `;` before any `{`, or at the brace matching that `{`.
        let semi = item.find(';');
        let brace = item.find('{');
        let end = match (semi, brace) {
            (Some(s), Some(b)) if s < b => s + 1,
            (_, Some(b)) => {
                let mut depth = 0;
                let mut end = item.len();
                for (i, c) in item[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (Some(s), None) => s + 1,
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The source with comments removed (line comments, doc comments, block comments); string
/// literals are kept.
fn strip_comments(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else {
            let len = text[i..].chars().next().unwrap().len_utf8();
            out.push_str(&text[i..i + len]);
            i += len;
        }
    }
    out
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The top-level modules a source refers to through `crate::` paths, including grouped
/// imports (`use crate::{error::Error, json}`).
fn crate_refs(code: &str) -> BTreeSet<String> {
    let root_items: BTreeMap<&str, &str> = ROOT_ITEMS.iter().copied().collect();
    let mut out = BTreeSet::new();
    let mut push = |name: &str| {
        if name.is_empty() {
            return;
        }
        let m = root_items.get(name).copied().unwrap_or(name);
        out.insert(m.to_string());
    };
    let mut from = 0;
    while let Some(pos) = code[from..].find("crate::") {
        let at = from + pos + "crate::".len();
        // Skip `$crate::` in macros and identifiers ending in `crate`.
        let prev = code[..from + pos].chars().next_back();
        from = at;
        if prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &code[at..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        push(ident_at(group[start..].trim_start()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        push(ident_at(group[start..].trim_start()));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            push(ident_at(rest));
        }
    }
    out
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

/// Every `(from, to)` edge between different top-level modules, with a file that makes it.
fn edges() -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for path in sources() {
        let Some(from) = top_module(&path) else {
            continue;
        };
        let code = strip_deprecated(&strip_comments(&std::fs::read_to_string(&path).unwrap()));
        for to in crate_refs(&code) {
            if to != from {
                out.entry((from.clone(), to))
                    .or_insert_with(|| path.strip_prefix(root()).unwrap().display().to_string());
            }
        }
    }
    out
}

#[test]
fn every_top_level_module_has_a_layer() {
    let mut missing = BTreeSet::new();
    for path in sources() {
        if let Some(m) = top_module(&path)
            && layer_of(&m).is_none()
        {
            missing.insert(m);
        }
    }
    assert!(
        missing.is_empty(),
        "top-level modules without a layer in tests/layering.rs: {missing:?}"
    );
}

#[test]
fn modules_use_only_lower_layers() {
    let mut bad = Vec::new();
    for ((from, to), file) in edges() {
        let (Some(lf), Some(lt)) = (layer_of(&from), layer_of(&to)) else {
            bad.push(format!("{file}: {from} -> {to} (a module without a layer)"));
            continue;
        };
        if lt >= lf {
            bad.push(format!(
                "{file}: {from} (layer {lf}, {}) uses {to} (layer {lt}, {})",
                LAYERS[lf].0, LAYERS[lt].0
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "edges against the layer order:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_reference_scanner_sees_grouped_and_root_paths() {
    let code = "use crate::{Error, json::x, vault::{A, B}};\nfn f() { crate::incident::g(); $crate::breach::h(); }";
    let refs = crate_refs(code);
    let want: BTreeSet<String> = ["error", "json", "vault", "incident"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(refs, want);
    assert_eq!(
        crate_refs(&strip_comments("// crate::ffi\n/// crate::ffi\n")),
        BTreeSet::new()
    );
    let code = "#[deprecated(note = \"x\")]\npub mod old { pub use crate::ffi::*; }\n#[deprecated]\npub use crate::ffi::y;\nuse crate::json;";
    assert_eq!(
        crate_refs(&strip_deprecated(code)),
        BTreeSet::from(["json".to_string()])
    );
}

/// The module diagram in `ARCHITECTURE.md`, generated from [`LAYERS`].
fn diagram() -> String {
    let mut s = String::from("```text\n");
    for (i, (name, ms)) in LAYERS.iter().enumerate().rev() {
        s.push_str(&format!("L{i:<2} {:<40} {name}\n", ms.join(", ")));
    }
    s.push_str("```\n");
    s
}

#[test]
fn architecture_md_shows_the_layer_order() {
    let path = root().join("ARCHITECTURE.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = (
        "<!-- layers: generated by tests/layering.rs -->\n",
        "<!-- /layers -->",
    );
    let want = diagram();
    let Some(b) = text.find(begin) else {
        panic!("ARCHITECTURE.md lacks the `{begin}` marker; the diagram is:\n{want}");
    };
    let e = text[b..].find(end).expect("the end marker") + b;
    let have = &text[b + begin.len()..e];
    if have != want {
        if std::env::var_os("MAMORI_BLESS").is_some() {
            let new = format!("{}{begin}{want}{}", &text[..b], &text[e..]);
            std::fs::write(&path, new).unwrap();
        } else {
            panic!(
                "ARCHITECTURE.md's layer diagram is stale (MAMORI_BLESS=1 regenerates it):\n{want}"
            );
        }
    }
}

/// `{:?}`, `{name:?}`, `{0:?}`, `{:#?}` in a string literal of library code (test modules and
/// comments excluded).
#[test]
fn no_debug_formatting_in_user_visible_text() {
    let mut bad = Vec::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        // In-file test modules are not user-visible.
        let lib = text.split("#[cfg(test)]").next().unwrap();
        let lines: Vec<&str> = lib.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            let has_debug = code.match_indices(":?}").count() + code.matches(":#?}").count() > 0;
            if !has_debug {
                continue;
            }
            let marked = line.contains("// debug-quote:")
                || (n > 0 && lines[n - 1].contains("// debug-quote:"));
            if !marked {
                bad.push(format!(
                    "{}:{}: {}",
                    path.strip_prefix(root()).unwrap().display(),
                    n + 1,
                    code
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "Debug formatting in library text (print the JSON name, or mark a deliberate quote \
         with `// debug-quote:`):\n{}",
        bad.join("\n")
    );
}
