//! Issue 27's API gaps through the C ABI: the failed-attempt budget without a secret, strict
//! regions and RFC 3339 offsets with errors naming the field and the value, and numbers with
//! an extension found by caller ID.

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use mamori::ffi::*;
use mamori_result::*;

fn last_error() -> String {
    unsafe { CStr::from_ptr(mamori_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn take(r: mamori_result, out: *mut c_char) -> String {
    assert_eq!(r, MAMORI_OK, "{}", last_error());
    let s = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
    unsafe { mamori_string_free(out) };
    s
}

const PIN: &[u8] = b"481516";

fn create(path: &CString, options: &str) -> (mamori_result, *mut mamori_vault) {
    let o = c(options);
    let mut v = ptr::null_mut();
    let r =
        unsafe { mamori_vault_create(path.as_ptr(), PIN.as_ptr(), PIN.len(), o.as_ptr(), &mut v) };
    (r, v)
}

fn open(path: &CString, pin: &[u8]) -> mamori_result {
    let mut v = ptr::null_mut();
    let r = unsafe { mamori_vault_open(path.as_ptr(), pin.as_ptr(), pin.len(), &mut v) };
    if r == MAMORI_OK {
        unsafe { mamori_vault_close(v) };
    }
    r
}

fn attempts(path: &CString) -> (mamori_result, u32, bool) {
    let (mut left, mut limited) = (0u32, false);
    let r = unsafe { mamori_vault_attempts_left(path.as_ptr(), &mut left, &mut limited) };
    (r, left, limited)
}

#[test]
fn attempts_left_through_c() {
    let dir = tempfile::tempdir().unwrap();
    let path = c(dir.path().join("v").to_str().unwrap());
    let (r, v) = create(
        &path,
        r#"{"kdf":{"m_kib":8192,"t":1,"p":1},"wipe_after_failed":3}"#,
    );
    assert_eq!(r, MAMORI_OK, "{}", last_error());
    unsafe { mamori_vault_close(v) };
    assert_eq!(attempts(&path), (MAMORI_OK, 3, true));
    assert_eq!(open(&path, b"000000"), MAMORI_WRONG_PASSCODE);
    assert_eq!(attempts(&path), (MAMORI_OK, 2, true));
    assert_eq!(open(&path, b"000001"), MAMORI_WRONG_PASSCODE);
    assert_eq!(attempts(&path), (MAMORI_OK, 1, true));
    // out_limited may be NULL; asking does not count.
    let mut left = 0u32;
    let r = unsafe { mamori_vault_attempts_left(path.as_ptr(), &mut left, ptr::null_mut()) };
    assert_eq!((r, left), (MAMORI_OK, 1));
    assert_eq!(open(&path, b"000002"), MAMORI_WIPED);
    assert_eq!(attempts(&path).0, MAMORI_NOT_FOUND);

    let path = c(dir.path().join("unlimited").to_str().unwrap());
    let (r, v) = create(&path, r#"{"kdf":{"m_kib":8192,"t":1,"p":1}}"#);
    assert_eq!(r, MAMORI_OK);
    unsafe { mamori_vault_close(v) };
    assert_eq!(open(&path, b"000000"), MAMORI_WRONG_PASSCODE);
    assert_eq!(attempts(&path), (MAMORI_OK, u32::MAX, false));

    // NULL arguments.
    let r = unsafe { mamori_vault_attempts_left(ptr::null(), &mut left, ptr::null_mut()) };
    assert_eq!(r, MAMORI_NULL_ARGUMENT);
    let r = unsafe { mamori_vault_attempts_left(path.as_ptr(), ptr::null_mut(), ptr::null_mut()) };
    assert_eq!(r, MAMORI_NULL_ARGUMENT);
    assert!(last_error().contains("out_left"), "{}", last_error());
}

#[test]
fn unknown_default_region_is_refused_naming_field_and_value() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["XX", "EU", "ZZ"] {
        let path = c(dir.path().join(bad).to_str().unwrap());
        let (r, v) = create(
            &path,
            &format!(r#"{{"kdf":{{"m_kib":8192,"t":1,"p":1}},"default_region":"{bad}"}}"#),
        );
        assert_eq!(r, MAMORI_INVALID_INPUT, "{bad}");
        assert!(v.is_null());
        let msg = last_error();
        assert!(msg.contains("`default_region`"), "{msg}");
        assert!(msg.contains(&format!("\"{bad}\"")), "{msg}");
        assert!(!dir.path().join(bad).exists());
    }
}

#[test]
fn offsets_without_colon_are_refused_naming_field_and_value() {
    // The engine's request.
    let req = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/requests/lost_phone_1200.json"),
    )
    .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&req).unwrap();
    doc["incident"]["aware_at"] = "2026-12-03T10:15:00+0900".into();
    let j = c(&doc.to_string());
    let mut out = ptr::null_mut();
    let r = unsafe { mamori_assess(j.as_ptr(), &mut out) };
    assert_eq!(r, MAMORI_INVALID_INPUT);
    let msg = last_error();
    assert!(msg.contains("`incident.aware_at`"), "{msg}");
    assert!(msg.contains("2026-12-03T10:15:00+0900"), "{msg}");
    assert!(msg.contains("+09:00"), "{msg}");
    // The same request with the colon is fine.
    doc["incident"]["aware_at"] = "2026-12-03T10:15:00+09:00".into();
    let j = c(&doc.to_string());
    take(unsafe { mamori_assess(j.as_ptr(), &mut out) }, out);

    // An incident event.
    let mut inc = ptr::null_mut();
    let id = c("INC-1");
    assert_eq!(
        unsafe { mamori_incident_new(id.as_ptr(), &mut inc) },
        MAMORI_OK
    );
    let ev = c(
        r#"{"schema":"mamori.incident_event.v1","at":"2026-12-03T10:15:00+0900","actor":"tanaka","data":{"type":"reported","kind":"loss","reporter":"tanaka","summary":"lost"}}"#,
    );
    let mut w = ptr::null_mut();
    let r = unsafe { mamori_incident_append(inc, ev.as_ptr(), &mut w) };
    unsafe { mamori_incident_free(inc) };
    assert_eq!(r, MAMORI_INVALID_INPUT);
    let msg = last_error();
    assert!(msg.contains("`at`") && msg.contains("+0900"), "{msg}");
}

#[test]
fn extensions_are_found_by_caller_id_through_c() {
    let dir = tempfile::tempdir().unwrap();
    let path = c(dir.path().join("v").to_str().unwrap());
    let (r, v) = create(&path, r#"{"kdf":{"m_kib":8192,"t":1,"p":1}}"#);
    assert_eq!(r, MAMORI_OK);
    let contact =
        c(r#"{"name":"Suzuki Ichiro","company":"ACME","phones":["03-1234-5678 内線123"]}"#);
    let mut id = ptr::null_mut();
    let id = take(
        unsafe { mamori_vault_put(v, contact.as_ptr(), &mut id) },
        id,
    );
    let call = c("+81312345678");
    let mut out = ptr::null_mut();
    let who = take(
        unsafe { mamori_vault_caller_id(v, call.as_ptr(), &mut out) },
        out,
    );
    assert!(who.contains("Suzuki Ichiro") && who.contains(&id), "{who}");
    let cid = c(&id);
    let mut out = ptr::null_mut();
    let got = take(unsafe { mamori_vault_get(v, cid.as_ptr(), &mut out) }, out);
    assert!(got.contains(r#""+81312345678;ext=123""#), "{got}");
    unsafe { mamori_vault_close(v) };
}
