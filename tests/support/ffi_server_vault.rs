//! A `passcode+server` vault made through the C ABI (`legal_hold.rs`, `strict_json.rs`).

use std::ffi::CString;
use std::ptr;

use mamori::ffi::*;

/// Issue a share in `reg` and create the vault `path` (PIN `258013`, fast KDF) whose server
/// slot uses it: the open vault, the share id and the share.
pub fn server_vault(
    reg: *mut mamori_keyshare_registry,
    path: &std::path::Path,
) -> (*mut mamori_vault, [u8; 16], [u8; 32]) {
    let (mut sid, mut share) = ([0u8; 16], [0u8; 32]);
    assert_eq!(
        unsafe { mamori_keyshare_issue(reg, sid.as_mut_ptr(), share.as_mut_ptr()) },
        mamori_result::MAMORI_OK
    );
    let mut challenge = [9u8; 32];
    challenge[16..].copy_from_slice(&sid);
    let path = CString::new(path.to_str().unwrap()).unwrap();
    let opts =
        CString::new(r#"{"kdf":{"m_kib":8192,"t":1,"p":1},"factor_source":"server"}"#).unwrap();
    let mut v = ptr::null_mut();
    let r = unsafe {
        mamori_vault_create_with_factor(
            path.as_ptr(),
            b"258013".as_ptr(),
            6,
            challenge.as_ptr(),
            share.as_ptr(),
            opts.as_ptr(),
            &mut v,
        )
    };
    assert_eq!(r, mamori_result::MAMORI_OK);
    (v, sid, share)
}
