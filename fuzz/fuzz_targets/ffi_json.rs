//! Every C-ABI entry point that takes JSON (other than `mamori_assess`, see `ffi_assess`):
//! `mamori_assess_at`, `mamori_rule_pack_new`/`_assess`, `mamori_incident_load`/`_append`/
//! `_next_actions`/`_assess_request`/`_assess`/`_plan`, `mamori_register_new`/`_apply`,
//! `mamori_vault_create` (options), `mamori_vault_put`/`_put_many`.
//!
//! Properties: never `MAMORI_PANIC` or `MAMORI_INTERNAL`; a failure leaves a non-empty
//! last-error message and every out-parameter untouched (they are pre-set to a non-NULL
//! sentinel that must survive a failed call); every returned string is valid JSON; handles
//! created from fuzzed JSON serialise back to JSON the same entry point accepts. Besides:
//! `mamori_incident_plan` returns only `OK`, `INVALID_INPUT`, `INVALID_EVENT` or
//! `INVALID_UTF8`, answers identically when asked twice, and its plan agrees with what a handle
//! loaded from the same log answers (`_fold` = the plan's state, `_next_actions` = its next
//! actions, `_assess_request` = its assess request); `mamori_rule_pack_assess` with the
//! default pack loaded from JSON answers exactly as `mamori_assess` (same result code, same
//! output).
//!
//! Input: one selector byte (entry point = selector % 15), then the JSON (up to the first NUL):
//!
//! | sel | entry point |
//! |---|---|
//! | 0 | `mamori_assess_at` |
//! | 1 | `mamori_rule_pack_new` (then `_version`, `_assess` of a fixed request) |
//! | 2 | `mamori_incident_load` (then `_to_json` → `_load`, `_fold`, `_timeline`) |
//! | 3–6 | `mamori_incident_append` / `_next_actions` / `_assess_request` / `_assess` on a valid handle |
//! | 7, 8 | `mamori_register_new` / `_apply` |
//! | 9, 10 | `mamori_vault_put` / `_put_many` (then get / delete) |
//! | 11 | `mamori_vault_create` options |
//! | 12 | `mamori_incident_plan`, the input as the whole request |
//! | 13 | `mamori_incident_plan` for a valid handle's log, the input's fields merged into the request |
//! | 14 | `mamori_rule_pack_assess` (default pack from JSON) against `mamori_assess` |
#![no_main]

use std::ffi::{CStr, CString, c_char};
use std::ptr::{null, null_mut};
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use mamori::ffi::*;
use serde_json::{Value, json};

const SEED_LOG: &CStr = c"{\"schema\":\"mamori.incident.v1\",\"id\":\"INC-F\",\"events\":[{\"schema\":\"mamori.incident_event.v1\",\"at\":\"2025-06-13T09:10:00+09:00\",\"actor\":\"mgr\",\"data\":{\"type\":\"reported\",\"kind\":\"loss\",\"device_id\":\"P-001\",\"reporter\":\"sales\",\"summary\":\"lost\"}}]}";
const REQUEST: &CStr = c"{\"schema\":\"mamori.assess.v1\",\"organisation\":{\"type\":\"business\",\"role\":\"controller\",\"established_in\":[\"JP\"]},\"incident\":{\"kind\":\"loss\",\"aware_at\":\"2026-12-03T10:15:00+09:00\"},\"data\":{\"persons\":{\"JP\":1200}}}";
const NOW: &CStr = c"2026-12-05T12:00:00+09:00";
const FAST: &CStr = c"{\"kdf\":{\"m_kib\":8192,\"t\":1,\"p\":1}}";
const SELECTORS: u8 = 15;

struct VaultHandle(*mut mamori_vault);
// SAFETY: the handle is only used under the mutex below.
unsafe impl Send for VaultHandle {}
static VAULT: Mutex<Option<VaultHandle>> = Mutex::new(None);

struct PackHandle(*mut mamori_rule_pack);
// SAFETY: the pack is immutable and only used under the mutex below.
unsafe impl Send for PackHandle {}
static DEFAULT_PACK: Mutex<Option<PackHandle>> = Mutex::new(None);

/// What every out-parameter holds before a call: a non-NULL pointer the library never hands
/// out. A failed call must leave it there; a successful one replaces it.
fn unset<T>() -> *mut T {
    std::ptr::dangling_mut()
}

fn rc_ok(rc: mamori_result) -> bool {
    assert!(
        !matches!(
            rc,
            mamori_result::MAMORI_PANIC | mamori_result::MAMORI_INTERNAL
        ),
        "entry point reported {rc:?}"
    );
    if rc != mamori_result::MAMORI_OK {
        // SAFETY: static or thread-owned NUL-terminated string.
        let msg = unsafe { CStr::from_ptr(mamori_last_error_message()) };
        assert!(
            !msg.to_bytes().is_empty(),
            "no last-error message for {rc:?}"
        );
    }
    rc == mamori_result::MAMORI_OK
}

/// Checks a handle out-parameter after a call: untouched on failure, set on success.
fn handle_out<T>(rc: mamori_result, out: *mut T) -> Option<*mut T> {
    if rc_ok(rc) {
        assert!(!out.is_null() && out != unset(), "no handle on success");
        Some(out)
    } else {
        assert_eq!(out, unset(), "handle out-parameter written on failure");
        None
    }
}

/// Takes an output string: asserts it is UTF-8, frees it, returns it (`None` on failure, when
/// the out-parameter must be untouched).
fn take_string(rc: mamori_result, out: *mut c_char) -> Option<String> {
    let out = handle_out(rc, out)?;
    // SAFETY: on success the library returned a NUL-terminated string we now own.
    let s = unsafe { CStr::from_ptr(out) }
        .to_str()
        .expect("UTF-8")
        .to_owned();
    unsafe { mamori_string_free(out) };
    Some(s)
}

/// [`take_string`], and the string is JSON.
fn take_json(rc: mamori_result, out: *mut c_char) -> Option<String> {
    let s = take_string(rc, out)?;
    serde_json::from_str::<Value>(&s).expect("output is JSON");
    Some(s)
}

/// Calls an entry point with a fresh (sentinel) string out-parameter; see [`take_json`].
fn call_json(f: impl FnOnce(*mut *mut c_char) -> mamori_result) -> Option<String> {
    let mut out = unset();
    let rc = f(&mut out);
    take_json(rc, out)
}

fn parse(s: &str) -> Value {
    serde_json::from_str(s).expect("JSON")
}

unsafe fn incident_from(log: &CStr) -> *mut mamori_incident {
    let mut inc = unset();
    let rc = unsafe { mamori_incident_load(log.as_ptr(), &mut inc) };
    handle_out(rc, inc).unwrap_or(null_mut())
}

fn vault() -> *mut mamori_vault {
    let mut g = VAULT.lock().unwrap_or_else(|e| e.into_inner());
    if g.is_none() {
        let path = mamori_fuzz::scratch_dir()
            .join(format!("mamori-fuzz-ffi-{}.vault", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let p = CString::new(path.to_str().expect("UTF-8 temp path")).expect("path");
        let mut v = unset();
        let pc = b"246810";
        // SAFETY: valid strings and buffers.
        let rc = unsafe {
            mamori_vault_create(p.as_ptr(), pc.as_ptr(), pc.len(), FAST.as_ptr(), &mut v)
        };
        let v = handle_out(rc, v).expect("fuzz vault creation failed");
        *g = Some(VaultHandle(v));
    }
    g.as_ref().expect("set").0
}

/// The default rule pack, loaded from its JSON once per process.
fn default_pack() -> *mut mamori_rule_pack {
    let mut g = DEFAULT_PACK.lock().unwrap_or_else(|e| e.into_inner());
    if g.is_none() {
        let json = CString::new(mamori::breach::DEFAULT_PACK_JSON).expect("no NUL");
        let mut pack = unset();
        // SAFETY: a valid string and out-parameter.
        let rc = unsafe { mamori_rule_pack_new(json.as_ptr(), &mut pack) };
        *g = Some(PackHandle(
            handle_out(rc, pack).expect("the default pack loads"),
        ));
    }
    g.as_ref().expect("set").0
}

/// `mamori_incident_plan` on `req`: only documented result codes, deterministic. Returns the
/// plan.
unsafe fn plan(req: &CStr) -> Option<Value> {
    let mut out = unset();
    let rc = unsafe { mamori_incident_plan(req.as_ptr(), &mut out) };
    assert!(
        matches!(
            rc,
            mamori_result::MAMORI_OK
                | mamori_result::MAMORI_INVALID_INPUT
                | mamori_result::MAMORI_INVALID_EVENT
                | mamori_result::MAMORI_INVALID_UTF8
        ),
        "mamori_incident_plan returned {rc:?}"
    );
    let first = take_json(rc, out);
    let again = call_json(|o| unsafe { mamori_incident_plan(req.as_ptr(), o) });
    assert_eq!(first, again, "mamori_incident_plan is not deterministic");
    let p = parse(&first?);
    assert_eq!(p["schema"], "mamori.plan.v1");
    Some(p)
}

/// The plan for `req` agrees with what a handle on the same log answers.
unsafe fn plan_agrees_with_handle(inc: *mut mamori_incident, req: &Value, plan: &Value) {
    let field = |k: &str| req.get(k).cloned().unwrap_or(Value::Null);
    let fold =
        call_json(|o| unsafe { mamori_incident_fold(inc, o) }).expect("fold of a planned log");
    assert_eq!(plan["state"], parse(&fold), "plan state differs from _fold");
    let q = CString::new(
        json!({"now": field("now"), "device": field("device"), "assessment": field("assessment")})
            .to_string(),
    )
    .expect("no NUL");
    let next = call_json(|o| unsafe { mamori_incident_next_actions(inc, q.as_ptr(), o) })
        .expect("_next_actions accepts what the plan accepted");
    assert_eq!(
        plan["next_actions"],
        parse(&next),
        "plan next actions differ from _next_actions"
    );
    let org = field("organisation");
    if org.is_null() {
        assert!(plan["assess_request"].is_null());
    } else {
        let q = CString::new(json!({"organisation": org, "device": field("device")}).to_string())
            .expect("no NUL");
        let link = call_json(|o| unsafe { mamori_incident_assess_request(inc, q.as_ptr(), o) })
            .expect("_assess_request accepts what the plan accepted");
        assert_eq!(
            plan["assess_request"],
            parse(&link),
            "plan assess request differs from _assess_request"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let json: Vec<u8> = rest.iter().copied().take_while(|b| *b != 0).collect();
    let c = CString::new(json).expect("no NUL");
    let j = c.as_ptr();
    // SAFETY (whole block): every pointer passed is NULL, a valid NUL-terminated string, a
    // writable out-parameter, or a live handle created here and freed once; sentinel
    // out-parameters are never dereferenced or freed.
    unsafe {
        match sel % SELECTORS {
            0 => {
                call_json(|o| mamori_assess_at(j, NOW.as_ptr(), u32::from(sel), o));
            }
            1 => {
                let mut pack = unset();
                let rc = mamori_rule_pack_new(j, &mut pack);
                if let Some(pack) = handle_out(rc, pack) {
                    let mut out = unset();
                    let rc = mamori_rule_pack_version(pack, &mut out);
                    let version = take_string(rc, out).expect("version");
                    assert!(!version.is_empty(), "empty rules version");
                    call_json(|o| mamori_rule_pack_assess(pack, REQUEST.as_ptr(), o));
                    mamori_rule_pack_free(pack);
                }
            }
            2 => {
                let inc = incident_from(&c);
                if !inc.is_null() {
                    let log = call_json(|o| mamori_incident_to_json(inc, o)).expect("to_json");
                    // What the library wrote, it reads back.
                    let again = incident_from(&CString::new(log).expect("no NUL"));
                    assert!(!again.is_null(), "to_json output does not load");
                    mamori_incident_free(again);
                    call_json(|o| mamori_incident_fold(inc, o)).expect("fold");
                    call_json(|o| mamori_incident_timeline(inc, o)).expect("timeline");
                    mamori_incident_free(inc);
                }
            }
            3..=6 => {
                let inc = incident_from(SEED_LOG);
                assert!(!inc.is_null());
                call_json(|o| match sel % SELECTORS {
                    3 => mamori_incident_append(inc, j, o),
                    4 => mamori_incident_next_actions(inc, j, o),
                    5 => mamori_incident_assess_request(inc, j, o),
                    _ => mamori_incident_assess(inc, j, o),
                });
                let log = call_json(|o| mamori_incident_to_json(inc, o)).expect("to_json");
                let again = incident_from(&CString::new(log).expect("no NUL"));
                assert!(!again.is_null(), "log after append does not load");
                mamori_incident_free(again);
                mamori_incident_free(inc);
            }
            7 | 8 => {
                let mut reg = unset();
                let src = if sel % SELECTORS == 7 { j } else { null() };
                if let Some(reg) = handle_out(mamori_register_new(src, &mut reg), reg) {
                    if sel % SELECTORS == 8 {
                        call_json(|o| mamori_register_apply(reg, j, o));
                    }
                    let s = call_json(|o| mamori_register_to_json(reg, o)).expect("to_json");
                    let mut again = unset();
                    let s = CString::new(s).expect("no NUL");
                    let rc = mamori_register_new(s.as_ptr(), &mut again);
                    let again = handle_out(rc, again).expect("round trip");
                    mamori_register_free(again);
                    mamori_register_free(reg);
                }
            }
            9 => {
                let v = vault();
                let mut out = unset();
                if let Some(out) = handle_out(mamori_vault_put(v, j, &mut out), out) {
                    let id = CStr::from_ptr(out).to_owned();
                    mamori_string_free(out);
                    call_json(|o| mamori_vault_get(v, id.as_ptr(), o)).expect("get after put");
                    assert!(
                        rc_ok(mamori_vault_delete(v, id.as_ptr())),
                        "delete after put"
                    );
                }
            }
            10 => {
                let v = vault();
                if let Some(ids) = call_json(|o| mamori_vault_put_many(v, j, o)) {
                    let ids: Vec<String> = serde_json::from_str(&ids).expect("array of ids");
                    for id in ids {
                        let id = CString::new(id).expect("no NUL");
                        assert!(
                            rc_ok(mamori_vault_delete(v, id.as_ptr())),
                            "delete after put_many"
                        );
                    }
                }
            }
            11 => {
                // Options for vault creation: only cheap KDF settings are tried (the KDF cost is
                // the point of the defaults, not a parser property).
                let Ok(opts) = serde_json::from_slice::<Value>(c.as_bytes()) else {
                    let mut v = unset();
                    let path = CString::new("/nonexistent-dir/x.vault").expect("path");
                    let rc = mamori_vault_create(path.as_ptr(), b"1".as_ptr(), 1, j, &mut v);
                    assert!(handle_out(rc, v).is_none());
                    return;
                };
                let cheap = opts
                    .get("kdf")
                    .and_then(|k| k.get("m_kib"))
                    .and_then(Value::as_u64)
                    .is_some_and(|m| m <= 8192)
                    && opts["kdf"]
                        .get("t")
                        .and_then(Value::as_u64)
                        .is_some_and(|t| t <= 1);
                if cheap {
                    let path = mamori_fuzz::scratch_dir().join(format!(
                        "mamori-fuzz-ffi-create-{}.vault",
                        std::process::id()
                    ));
                    let _ = std::fs::remove_file(&path);
                    let p = CString::new(path.to_str().expect("UTF-8")).expect("path");
                    let mut v = unset();
                    let rc = mamori_vault_create(p.as_ptr(), b"1234".as_ptr(), 4, j, &mut v);
                    if let Some(v) = handle_out(rc, v) {
                        mamori_vault_close(v);
                    }
                    let _ = std::fs::remove_file(&path);
                }
            }
            12 => {
                let Some(p) = plan(&c) else { return };
                let req = parse(c.to_str().expect("a plan was made from UTF-8"));
                // A log the plan accepted loads into a handle that answers the same.
                let log = CString::new(req["incident"].to_string()).expect("no NUL");
                let inc = incident_from(&log);
                assert!(!inc.is_null(), "a log the plan accepted does not load");
                plan_agrees_with_handle(inc, &req, &p);
                mamori_incident_free(inc);
            }
            13 => {
                let inc = incident_from(SEED_LOG);
                assert!(!inc.is_null());
                let log = call_json(|o| mamori_incident_to_json(inc, o)).expect("to_json");
                let mut req = json!({
                    "schema": "mamori.plan_request.v1",
                    "incident": parse(&log),
                    "now": NOW.to_str().expect("UTF-8"),
                });
                match serde_json::from_slice::<Value>(c.as_bytes()) {
                    Ok(Value::Object(fields)) => {
                        for (k, v) in fields {
                            if k != "incident" {
                                req[k] = v;
                            }
                        }
                    }
                    Ok(v) => req["now"] = v,
                    Err(_) => req["now"] = Value::String(c.to_string_lossy().into_owned()),
                }
                let r = CString::new(req.to_string()).expect("no NUL");
                if let Some(p) = plan(&r) {
                    plan_agrees_with_handle(inc, &req, &p);
                }
                mamori_incident_free(inc);
            }
            _ => {
                let pack = default_pack();
                let mut out = unset();
                let rc = mamori_rule_pack_assess(pack, j, &mut out);
                let mut out2 = unset();
                let rc2 = mamori_assess(j, &mut out2);
                assert_eq!(
                    rc, rc2,
                    "default pack from JSON and embedded engine disagree"
                );
                assert_eq!(
                    take_json(rc, out),
                    take_json(rc2, out2),
                    "default pack from JSON and embedded engine answer differently"
                );
            }
        }
    }
});
