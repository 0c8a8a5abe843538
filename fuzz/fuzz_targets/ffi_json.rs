//! Every C-ABI entry point that takes JSON (other than `mamori_assess`, see `ffi_assess`):
//! `mamori_assess_at`, `mamori_rule_pack_new`/`_assess`, `mamori_incident_load`/`_append`/
//! `_next_actions`/`_assess_request`/`_assess`, `mamori_register_new`/`_apply`,
//! `mamori_vault_create` (options), `mamori_vault_put`/`_put_many`.
//! Properties: never `MAMORI_PANIC` or `MAMORI_INTERNAL`; a failure leaves a non-empty
//! last-error message and NULL outputs; every returned string is valid JSON; handles created
//! from fuzzed JSON serialise back to JSON the same entry point accepts.
//!
//! Input: one selector byte (entry point = selector % 12), then the JSON (up to the first NUL).
#![no_main]

use std::ffi::{CStr, CString, c_char};
use std::ptr::{null, null_mut};
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use mamori::ffi::*;

const SEED_LOG: &CStr = c"{\"schema\":\"mamori.incident.v1\",\"id\":\"INC-F\",\"events\":[{\"schema\":\"mamori.incident_event.v1\",\"at\":\"2025-06-13T09:10:00+09:00\",\"actor\":\"mgr\",\"data\":{\"type\":\"reported\",\"kind\":\"loss\",\"device_id\":\"P-001\",\"reporter\":\"sales\",\"summary\":\"lost\"}}]}";
const REQUEST: &CStr = c"{\"schema\":\"mamori.assess.v1\",\"organisation\":{\"type\":\"business\",\"role\":\"controller\",\"established_in\":[\"JP\"]},\"incident\":{\"kind\":\"loss\",\"aware_at\":\"2026-12-03T10:15:00+09:00\"},\"data\":{\"persons\":{\"JP\":1200}}}";
const NOW: &CStr = c"2026-12-05T12:00:00+09:00";
const FAST: &CStr = c"{\"kdf\":{\"m_kib\":8192,\"t\":1,\"p\":1}}";

struct VaultHandle(*mut mamori_vault);
// SAFETY: the handle is only used under the mutex below.
unsafe impl Send for VaultHandle {}
static VAULT: Mutex<Option<VaultHandle>> = Mutex::new(None);

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

/// Takes an output string: asserts it is JSON, frees it, returns it.
fn take_json(rc: mamori_result, out: *mut c_char) -> Option<String> {
    if !rc_ok(rc) {
        assert!(out.is_null(), "output set on failure");
        return None;
    }
    assert!(!out.is_null(), "no output on success");
    // SAFETY: on success the library returned a NUL-terminated string we now own.
    let s = unsafe { CStr::from_ptr(out) }
        .to_str()
        .expect("UTF-8")
        .to_owned();
    unsafe { mamori_string_free(out) };
    serde_json::from_str::<serde_json::Value>(&s).expect("output is JSON");
    Some(s)
}

unsafe fn incident_from(log: &CStr) -> *mut mamori_incident {
    let mut inc = null_mut();
    let rc = unsafe { mamori_incident_load(log.as_ptr(), &mut inc) };
    if rc_ok(rc) { inc } else { null_mut() }
}

fn vault() -> *mut mamori_vault {
    let mut g = VAULT.lock().unwrap_or_else(|e| e.into_inner());
    if g.is_none() {
        let path =
            std::env::temp_dir().join(format!("mamori-fuzz-ffi-{}.vault", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let p = CString::new(path.to_str().expect("UTF-8 temp path")).expect("path");
        let mut v = null_mut();
        let pc = b"246810";
        // SAFETY: valid strings and buffers.
        let rc = unsafe {
            mamori_vault_create(p.as_ptr(), pc.as_ptr(), pc.len(), FAST.as_ptr(), &mut v)
        };
        assert!(rc_ok(rc), "fuzz vault creation failed");
        *g = Some(VaultHandle(v));
    }
    g.as_ref().expect("set").0
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let json: Vec<u8> = rest.iter().copied().take_while(|b| *b != 0).collect();
    let c = CString::new(json).expect("no NUL");
    let j = c.as_ptr();
    let mut out: *mut c_char = null_mut();
    // SAFETY (whole block): every pointer passed is NULL, a valid NUL-terminated string, a
    // writable out-parameter, or a live handle created here and freed once.
    unsafe {
        match sel % 12 {
            0 => {
                let rc = mamori_assess_at(j, NOW.as_ptr(), u32::from(sel), &mut out);
                take_json(rc, out);
            }
            1 => {
                let mut pack = null_mut();
                if rc_ok(mamori_rule_pack_new(j, &mut pack)) {
                    let rc = mamori_rule_pack_version(pack, &mut out);
                    assert!(rc_ok(rc));
                    mamori_string_free(out);
                    out = null_mut();
                    let rc = mamori_rule_pack_assess(pack, REQUEST.as_ptr(), &mut out);
                    take_json(rc, out);
                    mamori_rule_pack_free(pack);
                } else {
                    assert!(pack.is_null());
                }
            }
            2 => {
                let inc = incident_from(&c);
                if !inc.is_null() {
                    let log =
                        take_json(mamori_incident_to_json(inc, &mut out), out).expect("to_json");
                    // What the library wrote, it reads back.
                    let again = incident_from(&CString::new(log).expect("no NUL"));
                    assert!(!again.is_null(), "to_json output does not load");
                    mamori_incident_free(again);
                    out = null_mut();
                    take_json(mamori_incident_fold(inc, &mut out), out).expect("fold");
                    out = null_mut();
                    take_json(mamori_incident_timeline(inc, &mut out), out).expect("timeline");
                    mamori_incident_free(inc);
                }
            }
            3..=6 => {
                let inc = incident_from(SEED_LOG);
                assert!(!inc.is_null());
                let rc = match sel % 12 {
                    3 => mamori_incident_append(inc, j, &mut out),
                    4 => mamori_incident_next_actions(inc, j, &mut out),
                    5 => mamori_incident_assess_request(inc, j, &mut out),
                    _ => mamori_incident_assess(inc, j, &mut out),
                };
                take_json(rc, out);
                out = null_mut();
                let log = take_json(mamori_incident_to_json(inc, &mut out), out).expect("to_json");
                let again = incident_from(&CString::new(log).expect("no NUL"));
                assert!(!again.is_null(), "log after append does not load");
                mamori_incident_free(again);
                mamori_incident_free(inc);
            }
            7 | 8 => {
                let mut reg = null_mut();
                let src = if sel % 12 == 7 { j } else { null() };
                if rc_ok(mamori_register_new(src, &mut reg)) {
                    if sel % 12 == 8 {
                        take_json(mamori_register_apply(reg, j, &mut out), out);
                        out = null_mut();
                    }
                    let s =
                        take_json(mamori_register_to_json(reg, &mut out), out).expect("to_json");
                    let mut again = null_mut();
                    let s = CString::new(s).expect("no NUL");
                    assert!(
                        rc_ok(mamori_register_new(s.as_ptr(), &mut again)),
                        "round trip"
                    );
                    mamori_register_free(again);
                    mamori_register_free(reg);
                }
            }
            9 => {
                let v = vault();
                if rc_ok(mamori_vault_put(v, j, &mut out)) {
                    let id = CStr::from_ptr(out).to_owned();
                    mamori_string_free(out);
                    out = null_mut();
                    take_json(mamori_vault_get(v, id.as_ptr(), &mut out), out)
                        .expect("get after put");
                    assert!(
                        rc_ok(mamori_vault_delete(v, id.as_ptr())),
                        "delete after put"
                    );
                }
            }
            10 => {
                let v = vault();
                if let Some(ids) = take_json(mamori_vault_put_many(v, j, &mut out), out) {
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
            _ => {
                // Options for vault creation: only cheap KDF settings are tried (the KDF cost is
                // the point of the defaults, not a parser property).
                let Ok(opts) = serde_json::from_slice::<serde_json::Value>(c.as_bytes()) else {
                    let mut v = null_mut();
                    let path = CString::new("/nonexistent-dir/x.vault").expect("path");
                    let rc = mamori_vault_create(path.as_ptr(), b"1".as_ptr(), 1, j, &mut v);
                    assert!(!rc_ok(rc) && v.is_null());
                    return;
                };
                let cheap = opts
                    .get("kdf")
                    .and_then(|k| k.get("m_kib"))
                    .and_then(serde_json::Value::as_u64)
                    .is_some_and(|m| m <= 8192)
                    && opts["kdf"]
                        .get("t")
                        .and_then(serde_json::Value::as_u64)
                        .is_some_and(|t| t <= 1);
                if cheap {
                    let path = std::env::temp_dir().join(format!(
                        "mamori-fuzz-ffi-create-{}.vault",
                        std::process::id()
                    ));
                    let _ = std::fs::remove_file(&path);
                    let p = CString::new(path.to_str().expect("UTF-8")).expect("path");
                    let mut v = null_mut();
                    if rc_ok(mamori_vault_create(
                        p.as_ptr(),
                        b"1234".as_ptr(),
                        4,
                        j,
                        &mut v,
                    )) {
                        mamori_vault_close(v);
                    }
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
    }
});
