//! `mamori_assess` (C ABI) with arbitrary bytes: never a panic or a leak; the result code and
//! the output agree with the Rust API; a failure sets a non-empty last-error message.
#![no_main]

use std::ffi::{CStr, CString, c_char};

use libfuzzer_sys::fuzz_target;
use mamori::breach::{AssessRequest, Assessment};
use mamori::ffi::{mamori_assess, mamori_last_error_message, mamori_result, mamori_string_free};

fuzz_target!(|data: &[u8]| {
    // The C side sees the bytes up to the first NUL.
    let bytes: Vec<u8> = data.iter().copied().take_while(|b| *b != 0).collect();
    let c = CString::new(bytes.clone()).expect("no interior NUL");
    let mut out: *mut c_char = std::ptr::null_mut();
    // SAFETY: `c` is NUL-terminated, `out` is writable.
    let rc = unsafe { mamori_assess(c.as_ptr(), &mut out) };
    let rust = std::str::from_utf8(&bytes).ok().map(|t| {
        mamori::error::from_json::<AssessRequest>(t).and_then(|r| mamori::breach::assess(&r))
    });
    match rust {
        None => assert_eq!(rc, mamori_result::MAMORI_INVALID_UTF8),
        Some(Ok(expected)) => {
            assert_eq!(rc, mamori_result::MAMORI_OK);
            assert!(!out.is_null());
            // SAFETY: on success `out` is a NUL-terminated string owned by us.
            let json = unsafe { CStr::from_ptr(out) }
                .to_str()
                .expect("UTF-8 output");
            let got: Assessment = serde_json::from_str(json).expect("output parses");
            assert_eq!(got, expected, "C ABI and Rust API disagree");
            // SAFETY: returned through an out-parameter, freed once.
            unsafe { mamori_string_free(out) };
        }
        Some(Err(e)) => {
            assert_eq!(rc as u32, e.code().as_u32(), "result code for {e}");
            // SAFETY: a static or thread-owned NUL-terminated string.
            let msg = unsafe { CStr::from_ptr(mamori_last_error_message()) };
            assert!(!msg.to_bytes().is_empty(), "no last-error message for {e}");
        }
    }
});
