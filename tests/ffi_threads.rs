//! The documented thread-safety rules, exercised through the exported C functions: one
//! `mamori_vault` handle used from several threads at once (concurrent lookups, reads and
//! writes), register/incident handles shared across threads, and a per-thread last error.

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use mamori::ffi::*;

struct SendPtr<T>(*mut T);
unsafe impl<T> Send for SendPtr<T> {}
unsafe impl<T> Sync for SendPtr<T> {}

fn take(s: *mut c_char) -> String {
    assert!(!s.is_null());
    let out = unsafe { CStr::from_ptr(s) }.to_str().unwrap().to_owned();
    unsafe { mamori_string_free(s) };
    out
}

fn last_error() -> String {
    unsafe { CStr::from_ptr(mamori_last_error_message()) }
        .to_str()
        .unwrap()
        .to_owned()
}

const FAST: &str = r#"{"kdf":{"m_kib":8192,"t":1,"p":1},"default_region":"JP"}"#;

#[test]
fn one_vault_handle_many_threads() {
    let dir = tempfile::tempdir().unwrap();
    let path = CString::new(dir.path().join("t.mamori").to_str().unwrap()).unwrap();
    let opts = CString::new(FAST).unwrap();
    let pin = b"123456";
    let mut v: *mut mamori_vault = ptr::null_mut();
    let r = unsafe {
        mamori_vault_create(
            path.as_ptr(),
            pin.as_ptr(),
            pin.len(),
            opts.as_ptr(),
            &mut v,
        )
    };
    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
    let contacts: Vec<String> = (0..40)
        .map(|i| format!(r#"{{"name":"customer {i}","phones":["090-2000-{i:04}"]}}"#))
        .collect();
    let batch = CString::new(format!("[{}]", contacts.join(","))).unwrap();
    let mut ids = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_vault_put_many(v, batch.as_ptr(), &mut ids) },
        mamori_result::MAMORI_OK
    );
    let ids: Vec<String> = serde_json::from_str(&take(ids)).unwrap();
    assert_eq!(ids.len(), 40);

    let handle = SendPtr(v);
    std::thread::scope(|s| {
        for t in 0..6 {
            let h = &handle;
            let ids = &ids;
            s.spawn(move || {
                for k in 0..40 {
                    let i = (k + t * 7) % 40;
                    let phone = CString::new(format!("+81 90 2000 {i:04}")).unwrap();
                    let mut out = ptr::null_mut();
                    let r = unsafe { mamori_vault_lookup_phone(h.0, phone.as_ptr(), &mut out) };
                    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
                    let c: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
                    assert_eq!(c["name"], format!("customer {i}"));
                    assert_eq!(c["id"], ids[i]);
                }
            });
        }
        // A writer at the same time.
        let h = &handle;
        s.spawn(move || {
            for i in 0..10 {
                let c = CString::new(format!(
                    r#"{{"name":"new {i}","phones":["080-3000-{i:04}"]}}"#
                ))
                .unwrap();
                let mut out = ptr::null_mut();
                let r = unsafe { mamori_vault_put(h.0, c.as_ptr(), &mut out) };
                assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
                take(out);
            }
        });
    });
    let mut m = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_vault_manifest(v, &mut m) },
        mamori_result::MAMORI_OK
    );
    let m: serde_json::Value = serde_json::from_str(&take(m)).unwrap();
    assert_eq!(m["contacts"], 50);
    unsafe { mamori_vault_close(v) };
}

#[test]
fn register_handle_shared_across_threads() {
    let mut reg = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_register_new(ptr::null(), &mut reg) },
        mamori_result::MAMORI_OK
    );
    let handle = SendPtr(reg);
    std::thread::scope(|s| {
        for t in 0..4 {
            let h = &handle;
            s.spawn(move || {
                for k in 0..5 {
                    let cmd = CString::new(format!(
                        r#"{{"op":"add","at":"2026-01-01T09:00:00+09:00","actor":"it","device":{{"schema":"mamori.device.v1","id":"D-{t}-{k}","kind":"laptop","model":"X1","ownership":"company","posture":{{"screen_lock":{{"type":"password"}},"storage_encrypted":true,"mdm_enrolled":false,"remote_lock":false,"remote_locate":false,"remote_wipe":false}}}}}}"#
                    ))
                    .unwrap();
                    let mut out = ptr::null_mut();
                    let r = unsafe { mamori_register_apply(h.0, cmd.as_ptr(), &mut out) };
                    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
                    take(out);
                }
            });
        }
    });
    let mut out = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_register_to_json(reg, &mut out) },
        mamori_result::MAMORI_OK
    );
    let doc: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(doc["devices"].as_object().unwrap().len(), 20);
    assert_eq!(doc["history"].as_array().unwrap().len(), 20);
    unsafe { mamori_register_free(reg) };
}

#[test]
fn last_error_is_per_thread() {
    let bad = CString::new("{").unwrap();
    let mut out = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_assess(bad.as_ptr(), &mut out) },
        mamori_result::MAMORI_INVALID_INPUT
    );
    assert!(out.is_null());
    let mine = last_error();
    assert!(!mine.is_empty());
    std::thread::spawn(|| {
        assert_eq!(last_error(), "");
        assert_eq!(
            mamori_check_abi(MAMORI_ABI_VERSION + 7),
            mamori_result::MAMORI_ABI_MISMATCH
        );
        assert!(last_error().contains("ABI"));
    })
    .join()
    .unwrap();
    assert_eq!(last_error(), mine);
    // A success clears it.
    assert_eq!(
        mamori_check_abi(MAMORI_ABI_VERSION),
        mamori_result::MAMORI_OK
    );
    assert_eq!(last_error(), "");
}
