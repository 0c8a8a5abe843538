//! Hostile input at the C ABI: arbitrary bytes (often invalid UTF-8 or malformed JSON) and
//! JSON-shaped noise never produce `MAMORI_PANIC`, and out-parameters stay untouched unless
//! the call succeeds.

use std::ffi::{CString, c_char};
use std::ptr;

use mamori::ffi::*;
use proptest::prelude::*;

const SENTINEL: *mut c_char = ptr::dangling_mut::<c_char>();

fn cstring(bytes: &[u8]) -> CString {
    let clean: Vec<u8> = bytes.iter().copied().filter(|b| *b != 0).collect();
    CString::new(clean).unwrap()
}

fn check_out(r: mamori_result, out: *mut c_char) {
    assert_ne!(r, mamori_result::MAMORI_PANIC);
    if r == mamori_result::MAMORI_OK {
        assert!(!out.is_null() && out != SENTINEL);
        unsafe { mamori_string_free(out) };
    } else {
        assert_eq!(out, SENTINEL, "out-parameter written on failure");
    }
}

/// JSON-shaped noise built from the field names the ABI reads.
fn jsonish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"schema\"",
        "\"mamori.assess.v1\"",
        "\"op\"",
        "\"add\"",
        "\"get\"",
        "\"id\"",
        "\"name\"",
        "\"phones\"",
        "\"data\"",
        "\"type\"",
        "\"reported\"",
        "\"at\"",
        "\"2026-01-01T00:00:00+09:00\"",
        "\"persons\"",
        "\"JP\"",
        "-1",
        "1e999",
        "null",
        "true",
        "\"\\u0000\"",
        "\"\u{30c6}\"",
        "18446744073709551616",
        "\"+81 90 1234 5678\"",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn assess_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200), j in jsonish()) {
        for input in [cstring(&bytes), cstring(j.as_bytes())] {
            let mut out = SENTINEL;
            let r = unsafe { mamori_assess(input.as_ptr(), &mut out) };
            check_out(r, out);
            let mut out = SENTINEL;
            let now = CString::new("2026-01-02T00:00:00+09:00").unwrap();
            let r = unsafe { mamori_assess_at(input.as_ptr(), now.as_ptr(), 72, &mut out) };
            check_out(r, out);
        }
    }

    #[test]
    fn register_and_incident_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), j in jsonish()) {
        let mut reg = ptr::null_mut();
        assert_eq!(unsafe { mamori_register_new(ptr::null(), &mut reg) }, mamori_result::MAMORI_OK);
        let mut inc = ptr::null_mut();
        let id = CString::new("INC").unwrap();
        assert_eq!(unsafe { mamori_incident_new(id.as_ptr(), &mut inc) }, mamori_result::MAMORI_OK);
        for input in [cstring(&bytes), cstring(j.as_bytes())] {
            let mut out = SENTINEL;
            let r = unsafe { mamori_register_apply(reg, input.as_ptr(), &mut out) };
            check_out(r, out);
            let mut h = ptr::null_mut();
            let r = unsafe { mamori_register_new(input.as_ptr(), &mut h) };
            assert_ne!(r, mamori_result::MAMORI_PANIC);
            unsafe { mamori_register_free(h) };
            let mut out = SENTINEL;
            let r = unsafe { mamori_incident_append(inc, input.as_ptr(), &mut out) };
            check_out(r, out);
            let mut out = SENTINEL;
            let r = unsafe { mamori_incident_next_actions(inc, input.as_ptr(), &mut out) };
            check_out(r, out);
            let mut h = ptr::null_mut();
            let r = unsafe { mamori_incident_load(input.as_ptr(), &mut h) };
            assert_ne!(r, mamori_result::MAMORI_PANIC);
            unsafe { mamori_incident_free(h) };
        }
        unsafe { mamori_incident_free(inc) };
        unsafe { mamori_register_free(reg) };
    }
}

#[test]
fn vault_input_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = CString::new(dir.path().join("f.mamori").to_str().unwrap()).unwrap();
    let opts = CString::new(r#"{"kdf":{"m_kib":8192,"t":1,"p":1}}"#).unwrap();
    let mut v = ptr::null_mut();
    let r =
        unsafe { mamori_vault_create(path.as_ptr(), b"123456".as_ptr(), 6, opts.as_ptr(), &mut v) };
    assert_eq!(r, mamori_result::MAMORI_OK);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    });
    let vp = v as usize;
    runner
        .run(
            &(prop::collection::vec(any::<u8>(), 0..120), jsonish()),
            |(bytes, j)| {
                let v = vp as *mut mamori_vault;
                for input in [cstring(&bytes), cstring(j.as_bytes())] {
                    for f in [mamori_vault_put, mamori_vault_put_many] {
                        let mut out = SENTINEL;
                        let r = unsafe { f(v, input.as_ptr(), &mut out) };
                        check_out(r, out);
                    }
                    let mut out = SENTINEL;
                    let r = unsafe { mamori_vault_lookup_phone(v, input.as_ptr(), &mut out) };
                    check_out(r, out);
                    let mut out = SENTINEL;
                    let r = unsafe { mamori_vault_get(v, input.as_ptr(), &mut out) };
                    check_out(r, out);
                    let r = unsafe { mamori_vault_delete(v, input.as_ptr()) };
                    assert_ne!(r, mamori_result::MAMORI_PANIC);
                }
                Ok(())
            },
        )
        .unwrap();
    unsafe { mamori_vault_close(v) };
}
