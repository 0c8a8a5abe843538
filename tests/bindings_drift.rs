//! The Python and Java bindings against the generated C header (issue 28): both declare
//! exactly the header's functions with the header's number of parameters, and name exactly its
//! result codes. The header itself is checked against the Rust code by
//! `tests-ext/tests/header_drift.rs`, so a function or code added in one place only fails here.

use std::collections::BTreeMap;
use std::path::PathBuf;

fn read(rel: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// Index of the bracket closing the one at `open` (`(`/`[`), ignoring nesting of the other kind.
fn close_of(s: &str, open: usize) -> usize {
    let b = s.as_bytes();
    let (o, c) = (b[open], if b[open] == b'(' { b')' } else { b']' });
    let mut depth = 0;
    for (i, &x) in b.iter().enumerate().skip(open) {
        if x == o {
            depth += 1;
        } else if x == c {
            depth -= 1;
            if depth == 0 {
                return i;
            }
        }
    }
    panic!("unbalanced at {open}");
}

/// Number of top-level comma-separated items in `inner` (0 for empty or `void`).
fn arity(inner: &str) -> usize {
    let t = inner.trim();
    if t.is_empty() || t == "void" {
        return 0;
    }
    let mut depth = 0i32;
    let mut n = 1;
    for c in t.chars() {
        match c {
            '(' | '[' | '<' => depth += 1,
            ')' | ']' | '>' => depth -= 1,
            ',' if depth == 0 => n += 1,
            _ => {}
        }
    }
    // A trailing comma (Python lists) does not add an item.
    if t.ends_with(',') { n - 1 } else { n }
}

/// `name -> arity` for every `mamori_*(` declaration in a text, where `is_decl` says whether
/// the text before the name makes it a declaration.
fn functions(text: &str, is_decl: impl Fn(&str) -> bool) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("mamori_") {
        let at = from + pos;
        from = at + 1;
        let end = at
            + text[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(text.len() - at);
        let name = &text[at..end];
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if !is_decl(&text[line_start..at]) {
            continue;
        }
        if text[end..].starts_with('(') {
            let close = close_of(text, end);
            let n = arity(&text[end + 1..close]);
            if let Some(old) = out.insert(name.to_string(), n) {
                assert_eq!(old, n, "{name} declared twice with different arity");
            }
        }
    }
    out
}

fn header_functions() -> BTreeMap<String, usize> {
    // `const char *mamori_version(void);`, `mamori_result mamori_x(...)`: a declaration starts
    // its line with a type.
    functions(&read("include/mamori.h"), |before| {
        let b = before.trim_start();
        !b.is_empty() && !b.starts_with('*') && !b.starts_with("//") && !b.contains('(')
    })
}

fn python_functions() -> BTreeMap<String, usize> {
    // `"mamori_x": (ret, [args]),` inside the prototype table.
    let text = read("bindings/python/mamori/_lib.py");
    let mut out = BTreeMap::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("\"mamori_") {
        let at = from + pos + 1;
        let end = at + text[at..].find('"').unwrap();
        from = end;
        let name = &text[at..end];
        let rest = &text[end + 1..];
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let open_paren = end + 2 + rest.find('(').unwrap();
        let close_paren = close_of(&text, open_paren);
        let tuple = &text[open_paren..close_paren];
        let open_list = open_paren + tuple.find('[').expect("an argument list");
        let close_list = close_of(&text, open_list);
        out.insert(name.to_string(), arity(&text[open_list + 1..close_list]));
    }
    out
}

fn java_functions() -> BTreeMap<String, usize> {
    functions(
        &read("bindings/java/src/main/java/jp/mamori/LibMamori.java"),
        |before| before.contains("native "),
    )
}

fn compare(lang: &str, have: &BTreeMap<String, usize>) -> Vec<String> {
    let want = header_functions();
    let mut bad = Vec::new();
    for (name, n) in &want {
        match have.get(name) {
            None => bad.push(format!("{lang} lacks {name} ({n} parameters)")),
            Some(m) if m != n => bad.push(format!(
                "{lang} declares {name} with {m} parameters, the header with {n}"
            )),
            _ => {}
        }
    }
    for name in have.keys() {
        if !want.contains_key(name) {
            bad.push(format!(
                "{lang} declares {name}, which the header does not have"
            ));
        }
    }
    bad
}

#[test]
fn the_header_parser_sees_every_function() {
    let h = header_functions();
    assert!(h.len() >= 90, "only {} functions parsed", h.len());
    assert_eq!(h["mamori_version"], 0);
    assert_eq!(h["mamori_check_abi"], 1);
}

#[test]
fn python_declares_exactly_the_header_functions() {
    let bad = compare("python", &python_functions());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn java_declares_exactly_the_header_functions() {
    let bad = compare("java", &java_functions());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// `MAMORI_NAME = n` of the header's `mamori_result`, without `OK`.
fn header_codes() -> BTreeMap<u32, String> {
    let text = read("include/mamori.h");
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("MAMORI_")
            && let Some((name, num)) = rest.split_once(" = ")
            && let Ok(n) = num.trim_end_matches(',').parse::<u32>()
            && n != 0
        {
            out.insert(n, name.to_string());
        }
    }
    out
}

#[test]
fn python_names_exactly_the_header_codes() {
    let text = read("bindings/python/mamori/errors.py");
    let table = &text[text.find("BY_CODE = {").expect("BY_CODE")..];
    let table = &table[..table.find('}').unwrap()];
    let codes: Vec<u32> = table
        .lines()
        .filter_map(|l| l.trim().split_once(':'))
        .filter_map(|(n, _)| n.trim().parse().ok())
        .collect();
    let want: Vec<u32> = header_codes().into_keys().collect();
    assert_eq!(codes, want, "errors.py BY_CODE against include/mamori.h");
}

#[test]
fn java_names_exactly_the_header_codes() {
    let text = read("bindings/java/src/main/java/jp/mamori/MamoriException.java");
    // Each subclass: `public static final int CODE = n;` then `super(CODE, "NAME", message)`.
    let mut have = BTreeMap::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("static final int CODE = ") {
        let at = from + pos + "static final int CODE = ".len();
        let n: u32 = text[at..at + text[at..].find(';').unwrap()]
            .parse()
            .unwrap();
        let s = at + text[at..].find("super(CODE, \"").unwrap() + "super(CODE, \"".len();
        let name = &text[s..s + text[s..].find('"').unwrap()];
        have.insert(n, name.to_string());
        from = s;
    }
    let mut cases: Vec<u32> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("case "))
        .filter_map(|c| c.trim_end_matches(':').parse().ok())
        .collect();
    cases.sort();
    let want = header_codes();
    assert_eq!(
        have, want,
        "MamoriException subclasses against include/mamori.h"
    );
    assert_eq!(
        cases,
        want.into_keys().collect::<Vec<_>>(),
        "MamoriException.of's cases against include/mamori.h"
    );
}
