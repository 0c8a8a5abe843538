//! The caller-ID directory through the C ABI: NULL and bad arguments are typed errors with the
//! out-parameters untouched, the bytes parse back and equal the pure module's output, and the
//! incremental form applied to the previous export equals a full export.

use std::ffi::{CStr, CString};
use std::ptr;

use mamori::ffi::*;
use mamori::vault::directory::{Changes, Directory, DirectoryOptions, LabelPolicy, Token};

fn last_error() -> String {
    unsafe { CStr::from_ptr(mamori_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

fn vault(dir: &std::path::Path) -> *mut mamori_vault {
    let path = CString::new(dir.join("d.mamori").to_str().unwrap()).unwrap();
    let opts = CString::new(r#"{"kdf":{"m_kib":8192,"t":1,"p":1},"default_region":"JP"}"#).unwrap();
    let mut v = ptr::null_mut();
    let r =
        unsafe { mamori_vault_create(path.as_ptr(), b"123456".as_ptr(), 6, opts.as_ptr(), &mut v) };
    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
    v
}

fn put(v: *mut mamori_vault, json: &str) -> String {
    let j = CString::new(json).unwrap();
    let mut id = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_vault_put(v, j.as_ptr(), &mut id) },
        mamori_result::MAMORI_OK,
        "{}",
        last_error()
    );
    let s = unsafe { CStr::from_ptr(id) }.to_str().unwrap().to_string();
    unsafe { mamori_string_free(id) };
    s
}

/// Call a bytes-returning function; copy and free the buffer.
fn bytes(f: impl FnOnce(*mut *mut u8, *mut usize) -> mamori_result) -> Vec<u8> {
    let (mut b, mut n) = (ptr::null_mut(), 0usize);
    let r = f(&mut b, &mut n);
    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
    let out = unsafe { std::slice::from_raw_parts(b, n) }.to_vec();
    unsafe { mamori_bytes_free(b, n) };
    out
}

#[test]
fn directory_through_the_c_abi() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let a = put(
        v,
        r#"{"name":"佐藤 花子","company":"佐藤商事","phones":["090-1234-5678","03-1234-5678"]}"#,
    );
    put(
        v,
        r#"{"name":"鈴木 一郎","company":"佐藤商事","phones":["03-1234-5678","+44 7700 900123"]}"#,
    );
    put(
        v,
        r#"{"name":"Jane Roe","phones":["+1 415 555 0100","内線1234"]}"#,
    );
    let opts = CString::new(r#"{"label_policy":"name_company"}"#).unwrap();
    let first = bytes(|b, n| unsafe { mamori_vault_caller_directory(v, opts.as_ptr(), b, n) });
    let d = Directory::from_bytes(&first).unwrap();
    let numbers: Vec<u64> = d.entries.iter().map(|e| e.number).collect();
    assert_eq!(
        numbers,
        [14155550100, 81312345678, 447700900123, 819012345678]
    );
    assert_eq!(d.entries[3].label, "佐藤 花子 (佐藤商事)");
    assert_eq!(d.label_policy, LabelPolicy::NameCompany);

    // the same through the JSON form, and the token from the bytes equals the JSON's
    let mut j = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_vault_caller_directory_json(v, opts.as_ptr(), &mut j) },
        mamori_result::MAMORI_OK
    );
    let doc: Directory =
        serde_json::from_str(unsafe { CStr::from_ptr(j) }.to_str().unwrap()).unwrap();
    unsafe { mamori_string_free(j) };
    assert_eq!(doc.entries, d.entries);
    assert_eq!((doc.skipped_phones, doc.shared_numbers), (1, 1));
    let token =
        bytes(|b, n| unsafe { mamori_caller_directory_token(first.as_ptr(), first.len(), b, n) });
    assert_eq!(
        doc.token,
        token.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );

    // change the vault; the change set applied to the first export equals a full export
    put(
        v,
        &format!(r#"{{"id":"{a}","name":"佐藤 花子","phones":["090-1234-5678"]}}"#),
    );
    put(v, r#"{"name":"高橋 三郎","phones":["080-9999-0000"]}"#);
    let ch = bytes(|b, n| unsafe {
        mamori_vault_caller_directory_changes(v, opts.as_ptr(), token.as_ptr(), token.len(), b, n)
    });
    let ch = Changes::from_bytes(&ch).unwrap();
    let full = bytes(|b, n| unsafe { mamori_vault_caller_directory(v, opts.as_ptr(), b, n) });
    let full = Directory::from_bytes(&full).unwrap();
    assert_eq!(ch.apply(&d.entries).unwrap(), full.entries);
    assert_eq!(ch.token, full.token());
    assert_eq!(
        Token::from_bytes(&ch.token.to_bytes()).unwrap(),
        full.token()
    );
    // the pure module gives the same directory from the same contacts
    let mut out = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_vault_export(v, &mut out) },
        mamori_result::MAMORI_OK
    );
    let contacts: Vec<mamori::vault::Contact> =
        serde_json::from_str(unsafe { CStr::from_ptr(out) }.to_str().unwrap()).unwrap();
    unsafe { mamori_string_free(out) };
    let pure = Directory::build(
        &contacts,
        &DirectoryOptions {
            label_policy: LabelPolicy::NameCompany,
            shared_label: None,
        },
    );
    assert_eq!(pure.entries, full.entries);
    unsafe { mamori_vault_close(v) };
}

#[test]
fn bad_arguments_are_typed_and_leave_outputs_untouched() {
    use mamori_result::*;
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let sentinel = 0xdead_beef_usize as *mut u8;
    let (mut b, mut n) = (sentinel, 7usize);
    let r = unsafe { mamori_vault_caller_directory(ptr::null_mut(), ptr::null(), &mut b, &mut n) };
    assert_eq!(r, MAMORI_NULL_ARGUMENT);
    assert!(last_error().contains("`v`"), "{}", last_error());
    let r = unsafe { mamori_vault_caller_directory(v, ptr::null(), ptr::null_mut(), &mut n) };
    assert_eq!(r, MAMORI_NULL_ARGUMENT);
    let bad = CString::new(r#"{"label_policy":"everything"}"#).unwrap();
    let r = unsafe { mamori_vault_caller_directory(v, bad.as_ptr(), &mut b, &mut n) };
    assert_eq!(r, MAMORI_INVALID_INPUT);
    assert!(last_error().contains("label_policy"), "{}", last_error());
    let junk = b"MMRT\x01\0\0\0\xff\xff\xff\xff";
    let r = unsafe {
        mamori_vault_caller_directory_changes(
            v,
            ptr::null(),
            junk.as_ptr(),
            junk.len(),
            &mut b,
            &mut n,
        )
    };
    assert_eq!(r, MAMORI_INVALID_INPUT);
    assert!(last_error().contains("token"), "{}", last_error());
    let r = unsafe {
        mamori_vault_caller_directory_changes(v, ptr::null(), ptr::null(), 5, &mut b, &mut n)
    };
    assert_eq!(r, MAMORI_NULL_ARGUMENT);
    let r = unsafe { mamori_caller_directory_token(ptr::null(), 0, &mut b, &mut n) };
    assert_eq!(r, MAMORI_INVALID_INPUT);
    assert_eq!((b, n), (sentinel, 7), "outputs written on failure");
    let mut byte: std::ffi::c_char = 0;
    let sentinel_str: *mut std::ffi::c_char = &mut byte;
    let mut j = sentinel_str;
    let r = unsafe { mamori_vault_caller_directory_json(v, bad.as_ptr(), &mut j) };
    assert_eq!(r, MAMORI_INVALID_INPUT);
    assert_eq!(j, sentinel_str);
    unsafe { mamori_bytes_free(ptr::null_mut(), 0) };
    // an empty vault exports an empty, well-formed directory
    let e = bytes(|b, n| unsafe { mamori_vault_caller_directory(v, ptr::null(), b, n) });
    assert!(Directory::from_bytes(&e).unwrap().entries.is_empty());
    // a wiped vault reports WIPED
    assert_eq!(unsafe { mamori_vault_wipe(v) }, MAMORI_OK);
    let r = unsafe { mamori_vault_caller_directory(v, ptr::null(), &mut b, &mut n) };
    assert_eq!(r, MAMORI_WIPED);
    unsafe { mamori_vault_close(v) };
}

/// The JSON document a call writes to its string out-parameter (asserting `MAMORI_OK`).
fn json_out(call: impl FnOnce(*mut *mut std::ffi::c_char) -> mamori_result) -> serde_json::Value {
    let mut out = ptr::null_mut();
    assert_eq!(call(&mut out), mamori_result::MAMORI_OK, "{}", last_error());
    let s = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
    unsafe { mamori_string_free(out) };
    serde_json::from_str(&s).unwrap()
}

fn manifest(v: *mut mamori_vault) -> serde_json::Value {
    json_out(|o| unsafe { mamori_vault_manifest(v, o) })
}

/// Issue 15 item 4: every C export is counted in the manifest's `labels_outside_vault` until
/// `mamori_vault_ack_labels_removed`.
#[test]
fn c_exports_are_counted_until_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    put(v, r#"{"name":"佐藤 花子","phones":["090-1234-5678"]}"#);
    put(v, r#"{"name":"Anna Schmidt","phones":["+49 30 1234567"]}"#);
    assert_eq!(manifest(v)["labels_outside_vault"]["state"], "none");
    let opts = CString::new(r#"{"label_policy":"initials"}"#).unwrap();
    bytes(|b, n| unsafe { mamori_vault_caller_directory(v, opts.as_ptr(), b, n) });
    let l = manifest(v)["labels_outside_vault"].clone();
    assert_eq!(l["state"], "exported");
    assert_eq!(l["policies"], serde_json::json!(["initials"]));
    assert_eq!(l["labelled_persons"], 2);
    assert_eq!(l["labelled_by_jurisdiction"]["JP"], 1);
    assert_eq!(l["labelled_by_jurisdiction"]["DE"], 1);
    // The change-set form is an export too.
    bytes(|b, n| unsafe {
        mamori_vault_caller_directory_changes(v, opts.as_ptr(), ptr::null(), 0, b, n)
    });
    assert_eq!(manifest(v)["labels_outside_vault"]["exports"], 2);

    assert_eq!(
        unsafe { mamori_vault_ack_labels_removed(ptr::null_mut()) },
        mamori_result::MAMORI_NULL_ARGUMENT
    );
    assert_eq!(
        unsafe { mamori_vault_ack_labels_removed(v) },
        mamori_result::MAMORI_OK,
        "{}",
        last_error()
    );
    let l = manifest(v)["labels_outside_vault"].clone();
    assert_eq!(l["state"], "none");
    assert_eq!(l["labelled_persons"], 0);
    unsafe { mamori_vault_close(v) };
}

fn wipe_report(v: *mut mamori_vault) -> serde_json::Value {
    json_out(|o| unsafe { mamori_vault_wipe_report(v, o) })
}

/// Issue 15 item 4: a wipe reports that caller-ID labels handed to the operating system must
/// be removed by the app (`mamori_vault_wipe_report`); before, `mamori_vault_wipe` returned
/// only `MAMORI_OK` and nothing said the labels were still on the phone.
#[test]
fn a_wipe_reports_os_held_labels() {
    let dir = tempfile::tempdir().unwrap();
    // Exported, never acknowledged: the report says the labels must be removed.
    let v = vault(dir.path());
    put(v, r#"{"name":"佐藤 花子","phones":["090-1234-5678"]}"#);
    let opts = CString::new(r#"{"label_policy":"name"}"#).unwrap();
    bytes(|b, n| unsafe { mamori_vault_caller_directory(v, opts.as_ptr(), b, n) });
    // A NULL out-parameter is refused before anything is wiped.
    assert_eq!(
        unsafe { mamori_vault_wipe_report(v, ptr::null_mut()) },
        mamori_result::MAMORI_NULL_ARGUMENT
    );
    assert_eq!(manifest(v)["labels_outside_vault"]["state"], "exported");
    let r = wipe_report(v);
    assert_eq!(r["schema"], "mamori.wipe.v1");
    assert_eq!(r["os_labels_to_remove"], true);
    assert_eq!(r["labels_outside_vault"]["labelled_persons"], 1);
    let mut out = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_vault_wipe_report(v, &mut out) },
        mamori_result::MAMORI_WIPED
    );
    assert!(out.is_null(), "a failed call leaves the output untouched");
    unsafe { mamori_vault_close(v) };

    // Exported and acknowledged: nothing left to remove.
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    put(v, r#"{"name":"Anna Schmidt","phones":["+49 30 1234567"]}"#);
    bytes(|b, n| unsafe { mamori_vault_caller_directory(v, opts.as_ptr(), b, n) });
    assert_eq!(
        unsafe { mamori_vault_ack_labels_removed(v) },
        mamori_result::MAMORI_OK
    );
    let r = wipe_report(v);
    assert_eq!(r["os_labels_to_remove"], false);
    assert_eq!(r["labels_outside_vault"]["state"], "none");
    unsafe { mamori_vault_close(v) };

    assert_eq!(
        unsafe { mamori_vault_wipe_report(ptr::null_mut(), &mut out) },
        mamori_result::MAMORI_NULL_ARGUMENT
    );
}
