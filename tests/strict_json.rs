//! Strict JSON at every JSON entry point of the C ABI: trailing garbage, concatenated documents
//! and duplicate keys are rejected with the same typed error (`MAMORI_INVALID_INPUT`, or
//! `MAMORI_RULE_PACK` for rule packs) and a message saying what is wrong; non-UTF-8 is
//! `MAMORI_INVALID_UTF8` naming the argument. The entry points are enumerated from
//! `include/mamori.h` (every `const char *..._json` / `..._json_array` parameter), so a new
//! JSON entry point without a case here fails the test. A bad-input corpus checks that every
//! message names its field.

#[path = "support/ffi_server_vault.rs"]
mod server_vault;

use std::collections::BTreeMap;
use std::ffi::{CStr, CString, c_char};
use std::ptr;

use mamori::ffi::*;

type Call = Box<dyn Fn(&[u8]) -> (mamori_result, String)>;

fn last_error() -> String {
    unsafe { CStr::from_ptr(mamori_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

fn c(bytes: &[u8]) -> CString {
    CString::new(bytes.to_vec()).expect("no NUL in test input")
}

/// Run `f` with the out-string pointer; free whatever it returned.
fn with_out(f: impl FnOnce(*mut *mut c_char) -> mamori_result) -> (mamori_result, String) {
    let mut out: *mut c_char = ptr::null_mut();
    let r = f(&mut out);
    let msg = last_error();
    unsafe { mamori_string_free(out) };
    (r, msg)
}

fn ok_json(r: mamori_result, out: *mut c_char) -> String {
    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
    let s = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
    unsafe { mamori_string_free(out) };
    s
}

const NOW: &str = "2026-12-05T10:00:00+09:00";
const ORG: &str = r#"{"type":"business","role":"controller","established_in":["JP"]}"#;
const REPORTED: &str = r#"{"schema":"mamori.incident_event.v1","at":"2026-12-03T10:15:00+09:00","actor":"tanaka","data":{"type":"reported","kind":"loss","reporter":"tanaka","summary":"phone lost on a train"}}"#;
const CONTACT: &str = r#"{"name":"Sato Hanako","phones":["090-1234-5678"],"tags":["customer"]}"#;

fn request() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/requests/lost_phone_1200.json"),
    )
    .unwrap()
}

fn default_pack() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default.json"),
    )
    .unwrap()
}

/// A live incident with one `reported` event.
fn incident() -> *mut mamori_incident {
    let mut inc = ptr::null_mut();
    let id = c(b"INC-1");
    assert_eq!(
        unsafe { mamori_incident_new(id.as_ptr(), &mut inc) },
        mamori_result::MAMORI_OK
    );
    let ev = c(REPORTED.as_bytes());
    let mut w = ptr::null_mut();
    let r = unsafe { mamori_incident_append(inc, ev.as_ptr(), &mut w) };
    ok_json(r, w);
    inc
}

fn incident_json() -> String {
    let inc = incident();
    let mut out = ptr::null_mut();
    let r = unsafe { mamori_incident_to_json(inc, &mut out) };
    unsafe { mamori_incident_free(inc) };
    ok_json(r, out)
}

fn register_json() -> String {
    let mut reg = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_register_new(ptr::null(), &mut reg) },
        mamori_result::MAMORI_OK
    );
    let mut out = ptr::null_mut();
    let r = unsafe { mamori_register_to_json(reg, &mut out) };
    unsafe { mamori_register_free(reg) };
    ok_json(r, out)
}

const FAST_KDF: &str = r#"{"kdf":{"m_kib":8192,"t":1,"p":1}}"#;

/// A fresh vault in `dir` (closed by the caller).
fn vault(dir: &std::path::Path, name: &str) -> *mut mamori_vault {
    let path = c(dir.join(name).to_str().unwrap().as_bytes());
    let opts = c(FAST_KDF.as_bytes());
    let mut v = ptr::null_mut();
    let r =
        unsafe { mamori_vault_create(path.as_ptr(), b"123456".as_ptr(), 6, opts.as_ptr(), &mut v) };
    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
    v
}

struct Case {
    /// A valid document for this parameter.
    good: String,
    /// Calls the entry point with the given document bytes.
    call: Call,
    /// The result code for a malformed document.
    code: mamori_result,
}

/// One case per JSON parameter, keyed `function.parameter`.
fn cases(dir: &'static std::path::Path) -> BTreeMap<&'static str, Case> {
    use mamori_result::*;
    let mut m: BTreeMap<&'static str, Case> = BTreeMap::new();
    let inv = MAMORI_INVALID_INPUT;
    m.insert(
        "mamori_assess.request_json",
        Case {
            good: request(),
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe { mamori_assess(j.as_ptr(), o) })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_keyshare_registry_restore.log_json",
        Case {
            good: {
                let mut r = mamori::vault::keyshare::ShareRegistry::new();
                let at = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
                r.issue(&mut rand_core::OsRng, at);
                serde_json::to_string(&r.log()).unwrap()
            },
            call: Box::new(|j| {
                let j = c(j);
                let mut reg = ptr::null_mut();
                let r =
                    unsafe { mamori_keyshare_registry_restore(j.as_ptr(), ptr::null(), &mut reg) };
                let msg = last_error();
                unsafe { mamori_keyshare_registry_free(reg) };
                (r, msg)
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_assess_at.request_json",
        Case {
            good: request(),
            call: Box::new(|j| {
                let j = c(j);
                let now = c(NOW.as_bytes());
                with_out(|o| unsafe { mamori_assess_at(j.as_ptr(), now.as_ptr(), 24, o) })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_assessment_ics.request_json",
        Case {
            good: format!(
                r#"{{"assessment":{},"now":"{NOW}"}}"#,
                mamori::breach::assess_json(&request()).unwrap()
            ),
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe { mamori_assessment_ics(j.as_ptr(), o) })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_rule_pack_new.pack_json",
        Case {
            good: default_pack(),
            call: Box::new(|j| {
                let j = c(j);
                let mut p = ptr::null_mut();
                let r = unsafe { mamori_rule_pack_new(j.as_ptr(), &mut p) };
                let msg = last_error();
                unsafe { mamori_rule_pack_free(p) };
                (r, msg)
            }),
            code: MAMORI_RULE_PACK,
        },
    );
    m.insert(
        "mamori_rule_pack_assess.request_json",
        Case {
            good: request(),
            call: Box::new(|j| {
                let pack = c(default_pack().as_bytes());
                let mut p = ptr::null_mut();
                assert_eq!(
                    unsafe { mamori_rule_pack_new(pack.as_ptr(), &mut p) },
                    MAMORI_OK
                );
                let j = c(j);
                let res = with_out(|o| unsafe { mamori_rule_pack_assess(p, j.as_ptr(), o) });
                unsafe { mamori_rule_pack_free(p) };
                res
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_load.incident_json",
        Case {
            good: incident_json(),
            call: Box::new(|j| {
                let j = c(j);
                let mut inc = ptr::null_mut();
                let r = unsafe { mamori_incident_load(j.as_ptr(), &mut inc) };
                let msg = last_error();
                unsafe { mamori_incident_free(inc) };
                (r, msg)
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_append.event_json",
        Case {
            good: REPORTED.to_string(),
            call: Box::new(|j| {
                let id = c(b"INC-2");
                let mut inc = ptr::null_mut();
                assert_eq!(
                    unsafe { mamori_incident_new(id.as_ptr(), &mut inc) },
                    MAMORI_OK
                );
                let j = c(j);
                let res = with_out(|o| unsafe { mamori_incident_append(inc, j.as_ptr(), o) });
                unsafe { mamori_incident_free(inc) };
                res
            }),
            code: inv,
        },
    );
    type IncFn = unsafe extern "C" fn(
        *const mamori_incident,
        *const c_char,
        *mut *mut c_char,
    ) -> mamori_result;
    let on_incident = |f: IncFn| -> Call {
        Box::new(move |j| {
            let inc = incident();
            let j = c(j);
            let res = with_out(|o| unsafe { f(inc, j.as_ptr(), o) });
            unsafe { mamori_incident_free(inc) };
            res
        })
    };
    m.insert(
        "mamori_incident_next_actions.query_json",
        Case {
            good: format!(r#"{{"now":"{NOW}"}}"#),
            call: on_incident(mamori_incident_next_actions),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_assess_request.query_json",
        Case {
            good: format!(r#"{{"organisation":{ORG}}}"#),
            call: on_incident(mamori_incident_assess_request),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_assess.query_json",
        Case {
            good: format!(r#"{{"organisation":{ORG}}}"#),
            call: on_incident(mamori_incident_assess),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_plan.plan_request_json",
        Case {
            good: format!(
                r#"{{"schema":"mamori.plan_request.v1","incident":{},"now":"{NOW}"}}"#,
                incident_json()
            ),
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe { mamori_incident_plan(j.as_ptr(), o) })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_register_new.register_json",
        Case {
            good: register_json(),
            call: Box::new(|j| {
                let j = c(j);
                let mut reg = ptr::null_mut();
                let r = unsafe { mamori_register_new(j.as_ptr(), &mut reg) };
                let msg = last_error();
                unsafe { mamori_register_free(reg) };
                (r, msg)
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_register_apply.command_json",
        Case {
            good: format!(r#"{{"op":"overdue","now":"{NOW}"}}"#),
            call: Box::new(|j| {
                let mut reg = ptr::null_mut();
                assert_eq!(
                    unsafe { mamori_register_new(ptr::null(), &mut reg) },
                    MAMORI_OK
                );
                let j = c(j);
                let res = with_out(|o| unsafe { mamori_register_apply(reg, j.as_ptr(), o) });
                unsafe { mamori_register_free(reg) };
                res
            }),
            code: inv,
        },
    );
    // Both calls that create a passcode vault read the same options.
    type CreateFn =
        unsafe fn(*const c_char, *const c_char, *mut *mut mamori_vault) -> mamori_result;
    unsafe fn create(
        path: *const c_char,
        j: *const c_char,
        v: *mut *mut mamori_vault,
    ) -> mamori_result {
        unsafe { mamori_vault_create(path, b"123456".as_ptr(), 6, j, v) }
    }
    unsafe fn open_or_create(
        path: *const c_char,
        j: *const c_char,
        v: *mut *mut mamori_vault,
    ) -> mamori_result {
        unsafe { mamori_vault_open_or_create(path, b"123456".as_ptr(), 6, j, v, ptr::null_mut()) }
    }
    let fns: [(&'static str, &'static str, CreateFn); 2] = [
        ("mamori_vault_create.options_json", "create", create),
        (
            "mamori_vault_open_or_create.options_json",
            "ooc",
            open_or_create,
        ),
    ];
    for (name, stem, f) in fns {
        let counter = std::rc::Rc::new(std::cell::Cell::new(0u32));
        m.insert(
            name,
            Case {
                good: FAST_KDF.to_string(),
                call: Box::new(move |j| {
                    counter.set(counter.get() + 1);
                    let path = c(dir
                        .join(format!("{stem}-{}.mamori", counter.get()))
                        .to_str()
                        .unwrap()
                        .as_bytes());
                    let j = c(j);
                    let mut v = ptr::null_mut();
                    let r = unsafe { f(path.as_ptr(), j.as_ptr(), &mut v) };
                    let msg = last_error();
                    unsafe { mamori_vault_close(v) };
                    (r, msg)
                }),
                code: inv,
            },
        );
    }
    // Open options (issue 24): one closed vault, opened read-only with each document.
    let v = vault(dir, "open-ex.mamori");
    unsafe { mamori_vault_close(v) };
    m.insert(
        "mamori_vault_open_ex.options_json",
        Case {
            good: r#"{"read_only":true}"#.to_string(),
            call: Box::new(move |j| {
                let path = c(dir.join("open-ex.mamori").to_str().unwrap().as_bytes());
                let j = c(j);
                let mut v = ptr::null_mut();
                let r = unsafe {
                    mamori_vault_open_ex(
                        path.as_ptr(),
                        b"123456".as_ptr(),
                        6,
                        ptr::null(),
                        ptr::null(),
                        j.as_ptr(),
                        &mut v,
                    )
                };
                let msg = last_error();
                unsafe { mamori_vault_close(v) };
                (r, msg)
            }),
            code: inv,
        },
    );
    let draft = format!(
        r#"{{"schema":"mamori.draft_request.v1","incident":{},"now":"2025-06-14T10:00:00+09:00"}}"#,
        incident_json()
    );
    m.insert(
        "mamori_incident_verify.incident_json",
        Case {
            good: incident_json(),
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe {
                    mamori_incident_verify(j.as_ptr(), ptr::null(), ptr::null(), o)
                })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_report_draft.request_json",
        Case {
            good: draft.clone(),
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe { mamori_incident_report_draft(j.as_ptr(), o) })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_notice_draft.request_json",
        Case {
            good: draft,
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe { mamori_incident_notice_draft(j.as_ptr(), o) })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_veris.request_json",
        Case {
            good: format!(r#"{{"incident":{}}}"#, incident_json()),
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe { mamori_incident_veris(j.as_ptr(), o) })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_verify_signed.request_json",
        Case {
            good: format!(r#"{{"incident":{},"trusted_keys":[]}}"#, incident_json()),
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe { mamori_incident_verify_signed(j.as_ptr(), ptr::null(), o) })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_bundle.request_json",
        Case {
            good: format!(
                r#"{{"incident":{},"now":"2025-06-14T10:00:00+09:00"}}"#,
                incident_json()
            ),
            call: Box::new(|j| {
                let j = c(j);
                let mut html: *mut c_char = ptr::null_mut();
                let res = with_out(|o| unsafe { mamori_incident_bundle(j.as_ptr(), o, &mut html) });
                unsafe { mamori_string_free(html) };
                res
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_incident_append_signed.event_json",
        Case {
            good: REPORTED.to_string(),
            call: Box::new(|j| {
                let id = c(b"INC-3");
                let mut inc = ptr::null_mut();
                assert_eq!(
                    unsafe { mamori_incident_new(id.as_ptr(), &mut inc) },
                    MAMORI_OK
                );
                let j = c(j);
                let key = c(b"desk");
                let seed = [7u8; 32];
                let res = with_out(|o| unsafe {
                    mamori_incident_append_signed(
                        inc,
                        j.as_ptr(),
                        key.as_ptr(),
                        seed.as_ptr(),
                        32,
                        o,
                    )
                });
                unsafe { mamori_incident_free(inc) };
                res
            }),
            code: inv,
        },
    );
    let keyed = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let k2 = keyed.clone();
    m.insert(
        "mamori_vault_create_with_key.options_json",
        Case {
            good: r#"{"wipe_after_failed":5}"#.to_string(),
            call: Box::new(move |j| {
                keyed.set(keyed.get() + 1);
                let path = c(dir
                    .join(format!("key-{}.mamori", keyed.get()))
                    .to_str()
                    .unwrap()
                    .as_bytes());
                let j = c(j);
                let key = [7u8; 32];
                let mut v = ptr::null_mut();
                let r = unsafe {
                    mamori_vault_create_with_key(path.as_ptr(), key.as_ptr(), j.as_ptr(), &mut v)
                };
                let msg = last_error();
                unsafe { mamori_vault_close(v) };
                (r, msg)
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_vault_create_with_factor.options_json",
        Case {
            good: r#"{"kdf":{"m_kib":8192,"t":1,"p":1},"factor_source":"software"}"#.to_string(),
            call: Box::new(move |j| {
                k2.set(k2.get() + 1);
                let path = c(dir
                    .join(format!("factor-{}.mamori", k2.get()))
                    .to_str()
                    .unwrap()
                    .as_bytes());
                let j = c(j);
                let challenge = [1u8; 32];
                let factor = [2u8; 32];
                let mut v = ptr::null_mut();
                let r = unsafe {
                    mamori_vault_create_with_factor(
                        path.as_ptr(),
                        b"123456".as_ptr(),
                        6,
                        challenge.as_ptr(),
                        factor.as_ptr(),
                        j.as_ptr(),
                        &mut v,
                    )
                };
                let msg = last_error();
                unsafe { mamori_vault_close(v) };
                (r, msg)
            }),
            code: inv,
        },
    );
    let rekeyed = vault(dir, "rekey.mamori") as usize;
    m.insert(
        "mamori_vault_rekey.options_json",
        Case {
            good: FAST_KDF.to_string(),
            call: Box::new(move |j| {
                let j = c(j);
                let r = unsafe {
                    mamori_vault_rekey(
                        rekeyed as *mut mamori_vault,
                        b"654321".as_ptr(),
                        6,
                        ptr::null(),
                        ptr::null(),
                        ptr::null(),
                        j.as_ptr(),
                    )
                };
                (r, last_error())
            }),
            code: inv,
        },
    );
    let shared = vault(dir, "put.mamori") as usize;
    m.insert(
        "mamori_vault_put.contact_json",
        Case {
            good: CONTACT.to_string(),
            call: Box::new(move |j| {
                let j = c(j);
                with_out(|o| unsafe {
                    mamori_vault_put(shared as *mut mamori_vault, j.as_ptr(), o)
                })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_vault_put_many.contacts_json_array",
        Case {
            good: format!("[{CONTACT},{CONTACT}]"),
            call: Box::new(move |j| {
                let j = c(j);
                with_out(|o| unsafe {
                    mamori_vault_put_many(shared as *mut mamori_vault, j.as_ptr(), o)
                })
            }),
            code: inv,
        },
    );
    handover_cases(dir, &mut m);
    let dir_v = vault(dir, "directory.mamori") as usize;
    let dir_opts = r#"{"label_policy":"initials","shared_label":"several"}"#;
    m.insert(
        "mamori_vault_caller_directory.options_json",
        Case {
            good: dir_opts.to_string(),
            call: Box::new(move |j| {
                let j = c(j);
                let (mut b, mut n) = (ptr::null_mut(), 0usize);
                let r = unsafe {
                    mamori_vault_caller_directory(
                        dir_v as *mut mamori_vault,
                        j.as_ptr(),
                        &mut b,
                        &mut n,
                    )
                };
                let msg = last_error();
                unsafe { mamori_bytes_free(b, n) };
                (r, msg)
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_vault_caller_directory_json.options_json",
        Case {
            good: dir_opts.to_string(),
            call: Box::new(move |j| {
                let j = c(j);
                with_out(|o| unsafe {
                    mamori_vault_caller_directory_json(dir_v as *mut mamori_vault, j.as_ptr(), o)
                })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_vault_caller_directory_changes.options_json",
        Case {
            good: dir_opts.to_string(),
            call: Box::new(move |j| {
                let j = c(j);
                let (mut b, mut n) = (ptr::null_mut(), 0usize);
                let r = unsafe {
                    mamori_vault_caller_directory_changes(
                        dir_v as *mut mamori_vault,
                        j.as_ptr(),
                        ptr::null(),
                        0,
                        &mut b,
                        &mut n,
                    )
                };
                let msg = last_error();
                unsafe { mamori_bytes_free(b, n) };
                (r, msg)
            }),
            code: inv,
        },
    );
    let anchored = vault(dir, "anchor.mamori") as usize;
    let mut out = ptr::null_mut();
    let r = unsafe { mamori_vault_anchor(anchored as *mut mamori_vault, &mut out) };
    let anchor = ok_json(r, out);
    m.insert(
        "mamori_vault_verify_anchor.anchor_json",
        Case {
            good: anchor,
            call: Box::new(move |j| {
                let j = c(j);
                let r = unsafe {
                    mamori_vault_verify_anchor(anchored as *mut mamori_vault, j.as_ptr())
                };
                (r, last_error())
            }),
            code: inv,
        },
    );
    m
}

/// Every `function.parameter` of the header whose parameter is a `const char *` JSON document.
fn header_json_parameters() -> Vec<String> {
    let header = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("include/mamori.h"),
    )
    .unwrap();
    let mut out = Vec::new();
    // Declarations: `<ret> mamori_x(<params>);` possibly over several lines, outside comments.
    let code: String = header
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("*") || t.starts_with("/*") || t.starts_with("//"))
        })
        .collect::<Vec<_>>()
        .join("\n");
    for decl in code.split(';') {
        let Some(open) = decl.find('(') else { continue };
        let name = decl[..open].split_whitespace().last().unwrap_or("");
        let name = name.trim_start_matches('*');
        if !name.starts_with("mamori_") {
            continue;
        }
        let params = &decl[open + 1..decl.rfind(')').unwrap_or(decl.len())];
        for p in params.split(',') {
            let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(arg) = p.strip_prefix("const char *")
                && (arg.ends_with("_json") || arg.ends_with("_json_array"))
            {
                out.push(format!("{name}.{arg}"));
            }
        }
    }
    out
}

/// `{"k":v,...}` → `{"k":v,"k":v,...}`: the first member of the first object, repeated.
fn duplicate_first_member(compact: &str) -> String {
    let b = compact.as_bytes();
    let start = compact.find("{\"").expect("an object") + 1;
    let (mut depth, mut in_str, mut esc) = (0i32, false, false);
    for (j, &d) in b.iter().enumerate().skip(start) {
        if in_str {
            if esc {
                esc = false;
            } else if d == b'\\' {
                esc = true;
            } else if d == b'"' {
                in_str = false;
            }
            continue;
        }
        match d {
            b'"' => in_str = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth > 0 => depth -= 1,
            b',' | b'}' if depth == 0 => {
                let member = &compact[start..j];
                return format!("{}{member},{}", &compact[..start], &compact[start..]);
            }
            _ => {}
        }
    }
    panic!("no member in {compact}")
}

fn compact(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    serde_json::to_string(&v).unwrap()
}

#[test]
fn every_json_entry_point_rejects_trailing_data_concatenation_and_duplicate_keys() {
    let dir: &'static tempfile::TempDir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    let cases = cases(dir.path());
    let params = header_json_parameters();
    assert!(params.len() >= 15, "header parse found only {params:?}");
    for p in &params {
        assert!(
            cases.contains_key(p.as_str()),
            "JSON entry point `{p}` in include/mamori.h has no strict-JSON case in \
             tests/strict_json.rs: add one"
        );
    }
    for (name, case) in &cases {
        assert!(
            params.iter().any(|p| p == name),
            "{name} is not in the header"
        );
        let good = compact(&case.good);
        let (r, msg) = (case.call)(good.as_bytes());
        assert_eq!(
            r,
            mamori_result::MAMORI_OK,
            "{name}: the valid document fails: {msg}"
        );
        // Whitespace around the document is fine.
        let (r, msg) = (case.call)(format!(" \n{good}\r\n\t").as_bytes());
        assert_eq!(r, mamori_result::MAMORI_OK, "{name}: whitespace: {msg}");

        let bad: [(&str, String, &str); 4] = [
            (
                "trailing garbage",
                format!("{good} xyz"),
                "one document per call",
            ),
            (
                "trailing brace",
                format!("{good}}}"),
                "one document per call",
            ),
            (
                "two documents",
                format!("{good}{good}"),
                "one document per call",
            ),
            (
                "duplicate key",
                duplicate_first_member(&good),
                "duplicate key",
            ),
        ];
        for (what, doc, expect) in bad {
            let (r, msg) = (case.call)(doc.as_bytes());
            assert_eq!(
                r, case.code,
                "{name}: {what} accepted or wrongly typed: {msg}"
            );
            assert!(msg.contains(expect), "{name}: {what}: message `{msg}`");
        }
        // Non-UTF-8 is the argument-level error, naming the argument.
        let arg = name.split('.').nth(1).unwrap();
        let mut bytes = good.clone().into_bytes();
        let at = bytes.len() / 2;
        bytes.insert(at, 0xff);
        let (r, msg) = (case.call)(&bytes);
        assert_eq!(r, mamori_result::MAMORI_INVALID_UTF8, "{name}: {msg}");
        assert!(msg.contains(arg), "{name}: `{msg}` does not name `{arg}`");
    }
}

/// Every message of this corpus names the offending field's full path.
#[test]
fn bad_input_corpus_messages_name_their_field() {
    let dir: &'static tempfile::TempDir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    let cases = cases(dir.path());
    let req: serde_json::Value = serde_json::from_str(&request()).unwrap();
    let with = |path: &str, value: serde_json::Value| {
        let mut v = req.clone();
        let mut cur = &mut v;
        let parts: Vec<&str> = path.split('.').collect();
        for p in &parts[..parts.len() - 1] {
            cur = &mut cur[*p];
        }
        cur[parts[parts.len() - 1]] = value;
        v.to_string()
    };
    use serde_json::json;
    let corpus: Vec<(&str, String, &str, &str)> = vec![
        (
            "mamori_assess.request_json",
            with("incident.aware_at", json!("2026-12-03T10:15:00")),
            "`incident.aware_at`",
            "timestamp needs an offset, e.g. +09:00",
        ),
        (
            "mamori_assess.request_json",
            with("data.persons", json!({"JP": -5})),
            "`data.persons.JP`",
            "",
        ),
        (
            "mamori_assess.request_json",
            r#"{"schema":"mamori.assess.v1","organisation":{"type":"business","role":"controller","established_in":["JP"]},"incident":{"kind":"loss","aware_at":"2026-12-03T10:15:00+09:00"},"data":{"persons":{"JP":1,"JP":2000}}}"#.into(),
            "`data.persons.JP`",
            "duplicate key",
        ),
        (
            "mamori_assess.request_json",
            with("data.sensitiv", json!(true)),
            "`data.sensitiv`",
            "unknown field",
        ),
        (
            "mamori_vault_put.contact_json",
            r#"{"name":"a","phones":["090-1234-5678"],"tags":[7]}"#.into(),
            "`tags[0]`",
            "expected a string",
        ),
        (
            "mamori_vault_put.contact_json",
            r#"{"name":"a"}"#.into(),
            "missing field `phones`",
            "",
        ),
        (
            "mamori_vault_put_many.contacts_json_array",
            r#"[{"name":"a","phones":[]},{"name":5,"phones":[]}]"#.into(),
            "`[1].name`",
            "expected a string",
        ),
        (
            "mamori_vault_create.options_json",
            r#"{"kdf":{"m_kib":"lots","t":1,"p":1}}"#.into(),
            "`kdf.m_kib`",
            "",
        ),
        (
            "mamori_incident_append.event_json",
            REPORTED.replace("+09:00\",\"actor", "\",\"actor"),
            "`at`",
            "timestamp needs an offset, e.g. +09:00",
        ),
        (
            "mamori_incident_next_actions.query_json",
            r#"{"now":"2026-12-05T10:00:00"}"#.into(),
            "`now`",
            "timestamp needs an offset, e.g. +09:00",
        ),
        (
            "mamori_register_apply.command_json",
            r#"{"op":"overdue","now":"2026-12-05T10:00:00"}"#.into(),
            "`now`",
            "timestamp needs an offset, e.g. +09:00",
        ),
        (
            "mamori_register_apply.command_json",
            r#"{"op":"transition","id":"A-1","to":"exploded","at":"2026-12-05T10:00:00+09:00","actor":"it"}"#.into(),
            "`to`",
            "unknown variant",
        ),
        (
            "mamori_register_apply.command_json",
            r#"{"op":"add","at":"2026-12-05T10:00:00+09:00","actor":"it","device":{"schema":"mamori.device.v1","id":"A-1","kind":"smartphone","model":"X","ownership":"company","posture":{}}}"#.into(),
            "`device.kind`",
            "unknown variant",
        ),
        (
            "mamori_register_apply.command_json",
            r#"{"op":"add","at":"2026-12-05T10:00:00+09:00","actor":"it","device":{"schema":"mamori.device.v1","id":"A-1","kind":"phone","model":"X","imei":"123","ownership":"company","posture":{}}}"#.into(),
            "`device.imei`",
            "",
        ),
    ];
    for (entry, doc, path, expect) in corpus {
        let case = &cases[entry];
        let (r, msg) = (case.call)(doc.as_bytes());
        assert_eq!(r, case.code, "{entry}: {doc}: {msg}");
        assert!(msg.contains(path), "{entry}: `{msg}` does not name {path}");
        assert!(msg.contains(expect), "{entry}: `{msg}` lacks `{expect}`");
        assert!(
            !msg.contains("090-1234"),
            "{entry}: `{msg}` quotes a phone number"
        );
    }
}

// ------------------------------------------------------------------ issue 16: hand-over

/// Call a `(…, request_json, out)` entry point and return the output JSON (must succeed).
fn ok_call(f: impl FnOnce(*mut *mut c_char) -> mamori_result) -> String {
    let mut out = ptr::null_mut();
    let r = f(&mut out);
    ok_json(r, out)
}

fn step_req(record: &str) -> String {
    format!(r#"{{"record":{record},"at":"{NOW}","actor":"it"}}"#)
}

/// A `passcode+platform` (software factor) vault with a fixed challenge, so every one made
/// has the same vault id (the challenge's first 16 bytes).
fn soft_vault(dir: &std::path::Path, name: &str) -> *mut mamori_vault {
    let path = c(dir.join(name).to_str().unwrap().as_bytes());
    let opts = c(br#"{"kdf":{"m_kib":8192,"t":1,"p":1},"factor_source":"software"}"#);
    let mut v = ptr::null_mut();
    let r = unsafe {
        mamori_vault_create_with_factor(
            path.as_ptr(),
            b"258013".as_ptr(),
            6,
            [5u8; 32].as_ptr(),
            [6u8; 32].as_ptr(),
            opts.as_ptr(),
            &mut v,
        )
    };
    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
    v
}

fn handover_cases(dir: &'static std::path::Path, m: &mut BTreeMap<&'static str, Case>) {
    let inv = mamori_result::MAMORI_INVALID_INPUT;
    let contact = c(CONTACT.as_bytes());
    let put = |v: *mut mamori_vault| {
        ok_call(|o| unsafe { mamori_vault_put(v, contact.as_ptr(), o) });
    };
    // Server registry and a passcode+server source.
    let mut reg = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_keyshare_registry_new(&mut reg) },
        mamori_result::MAMORI_OK
    );
    let (src_s, sid, _) = server_vault::server_vault(reg, &dir.join("ho-server"));
    put(src_s);
    let dst = vault(dir, "ho-dst") as usize;
    let hex: String = sid.iter().map(|b| format!("{b:02x}")).collect();
    let start_s = c(format!(
        r#"{{"start":{{"id":"HO-1","leaver":"tanaka","recipient":"suzuki","recipient_kind":"successor","share_id":"{hex}"}},"at":"{NOW}","actor":"it"}}"#
    )
    .as_bytes());
    let started_s =
        ok_call(|o| unsafe { mamori_handover_start(src_s, ptr::null(), start_s.as_ptr(), o) });
    let req = c(step_req(&started_s).as_bytes());
    let moved_s = ok_call(|o| unsafe {
        mamori_handover_move(src_s, dst as *mut mamori_vault, req.as_ptr(), o)
    });
    let reg = reg as usize;
    let src_s = src_s as usize;
    m.insert(
        "mamori_handover_revoke_share_from.request_json",
        Case {
            good: step_req(&moved_s),
            call: Box::new(move |j| {
                let j = c(j);
                with_out(|o| unsafe {
                    mamori_handover_revoke_share_from(
                        reg as *mut mamori_keyshare_registry,
                        src_s as *const mamori_vault,
                        j.as_ptr(),
                        o,
                    )
                })
            }),
            code: inv,
        },
    );
    // The older function (no source vault) refuses every revocation once the request is
    // read: its one refusal naming the new function stands for "the document was accepted".
    m.insert(
        "mamori_handover_revoke_share.request_json",
        Case {
            good: step_req(&moved_s),
            call: Box::new(move |j| {
                let j = c(j);
                let (r, msg) = with_out(|o| unsafe {
                    mamori_handover_revoke_share(
                        reg as *mut mamori_keyshare_registry,
                        j.as_ptr(),
                        o,
                    )
                });
                let parsed = r == mamori_result::MAMORI_INVALID_INPUT
                    && msg.contains("mamori_handover_revoke_share_from");
                (if parsed { mamori_result::MAMORI_OK } else { r }, msg)
            }),
            code: inv,
        },
    );
    // A software-factor source (nothing server-side to revoke).
    let src_p = soft_vault(dir, "ho-soft-0") as usize;
    put(src_p as *mut mamori_vault);
    let start_p = format!(
        r#"{{"start":{{"id":"HO-2","leaver":"tanaka","recipient":"sales","recipient_kind":"company"}},"at":"{NOW}","actor":"it"}}"#
    );
    let sp = c(start_p.as_bytes());
    let started_p = ok_call(|o| unsafe {
        mamori_handover_start(src_p as *mut mamori_vault, ptr::null(), sp.as_ptr(), o)
    });
    m.insert(
        "mamori_handover_start.request_json",
        Case {
            good: start_p,
            call: Box::new(move |j| {
                let j = c(j);
                with_out(|o| unsafe {
                    mamori_handover_start(src_p as *mut mamori_vault, ptr::null(), j.as_ptr(), o)
                })
            }),
            code: inv,
        },
    );
    let req = c(step_req(&started_p).as_bytes());
    let moved_p = ok_call(|o| unsafe {
        mamori_handover_move(
            src_p as *mut mamori_vault,
            dst as *mut mamori_vault,
            req.as_ptr(),
            o,
        )
    });
    m.insert(
        "mamori_handover_move.request_json",
        Case {
            good: step_req(&started_p),
            call: Box::new(move |j| {
                let j = c(j);
                with_out(|o| unsafe {
                    mamori_handover_move(
                        src_p as *mut mamori_vault,
                        dst as *mut mamori_vault,
                        j.as_ptr(),
                        o,
                    )
                })
            }),
            code: inv,
        },
    );
    // The vault-less key step takes only a passcode source (nothing to erase).
    let src_q = vault(dir, "ho-pass-0");
    let sq = c(format!(
        r#"{{"start":{{"id":"HO-3","leaver":"tanaka","recipient":"sales","recipient_kind":"company"}},"at":"{NOW}","actor":"it"}}"#
    )
    .as_bytes());
    let started_q =
        ok_call(|o| unsafe { mamori_handover_start(src_q, ptr::null(), sq.as_ptr(), o) });
    let req = c(step_req(&started_q).as_bytes());
    let moved_q = ok_call(|o| unsafe {
        mamori_handover_move(src_q, dst as *mut mamori_vault, req.as_ptr(), o)
    });
    m.insert(
        "mamori_handover_key_retired.request_json",
        Case {
            good: step_req(&moved_q),
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe { mamori_handover_key_retired(j.as_ptr(), o) })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_handover_retire_key.request_json",
        Case {
            good: step_req(&moved_p),
            call: Box::new(move |j| {
                let j = c(j);
                with_out(|o| unsafe {
                    mamori_handover_retire_key(src_p as *const mamori_vault, j.as_ptr(), o)
                })
            }),
            code: inv,
        },
    );
    // Each wipe erases a fresh vault with the same id as the one the record moved from.
    let n = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let wipe = move |j: &[u8]| {
        n.set(n.get() + 1);
        let v = soft_vault(dir, &format!("ho-soft-{}", n.get()));
        let j = c(j);
        let res = with_out(|o| unsafe { mamori_handover_wipe(v, j.as_ptr(), o) });
        unsafe { mamori_vault_close(v) };
        res
    };
    let req = c(step_req(&moved_p).as_bytes());
    let retired = ok_call(|o| unsafe {
        mamori_handover_retire_key(src_p as *const mamori_vault, req.as_ptr(), o)
    });
    let (r, _) = wipe(step_req(&retired).as_bytes());
    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
    let v = soft_vault(dir, "ho-soft-ready");
    let req = c(step_req(&retired).as_bytes());
    let ready = ok_call(|o| unsafe { mamori_handover_wipe(v, req.as_ptr(), o) });
    unsafe { mamori_vault_close(v) };
    m.insert(
        "mamori_handover_wipe.request_json",
        Case {
            good: step_req(&moved_p),
            call: Box::new(wipe),
            code: inv,
        },
    );
    m.insert(
        "mamori_handover_return.request_json",
        Case {
            good: step_req(&ready),
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe { mamori_handover_return(ptr::null(), j.as_ptr(), o) })
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_handover_status.record_json",
        Case {
            good: ready,
            call: Box::new(|j| {
                let j = c(j);
                with_out(|o| unsafe { mamori_handover_status(j.as_ptr(), ptr::null(), o) })
            }),
            code: inv,
        },
    );
    // Each hold is placed on a fresh vault (placing the same hold twice is refused).
    let k = std::rc::Rc::new(std::cell::Cell::new(0u32));
    m.insert(
        "mamori_vault_hold.request_json",
        Case {
            good: r#"{"action":"place","hold_id":"LH-1"}"#.into(),
            call: Box::new(move |j| {
                k.set(k.get() + 1);
                let v = vault(dir, &format!("hold-{}", k.get()));
                let j = c(j);
                let res = with_out(|o| unsafe { mamori_vault_hold(v, j.as_ptr(), o) });
                unsafe { mamori_vault_close(v) };
                res
            }),
            code: inv,
        },
    );
    // Each share hold is placed on a share of a fresh registry.
    m.insert(
        "mamori_keyshare_hold.request_json",
        Case {
            good: format!(
                r#"{{"action":"place","hold_id":"LH-1","reason":"evidence","at":"{NOW}","actor":"legal"}}"#
            ),
            call: Box::new(|j| {
                let mut reg = ptr::null_mut();
                assert_eq!(
                    unsafe { mamori_keyshare_registry_new(&mut reg) },
                    mamori_result::MAMORI_OK
                );
                let (mut id, mut share) = ([0u8; 16], [0u8; 32]);
                assert_eq!(
                    unsafe { mamori_keyshare_issue(reg, id.as_mut_ptr(), share.as_mut_ptr()) },
                    mamori_result::MAMORI_OK
                );
                let j = c(j);
                let res = with_out(|o| unsafe { mamori_keyshare_hold(reg, id.as_ptr(), j.as_ptr(), o) });
                unsafe { mamori_keyshare_registry_free(reg) };
                res
            }),
            code: inv,
        },
    );
    m.insert(
        "mamori_handover_retention.query_json",
        Case {
            good: format!(r#"{{"now":"{NOW}","max_unused_days":90}}"#),
            call: Box::new(move |j| {
                let j = c(j);
                with_out(|o| unsafe {
                    mamori_handover_retention(dst as *mut mamori_vault, j.as_ptr(), o)
                })
            }),
            code: inv,
        },
    );
}
