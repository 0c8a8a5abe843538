//! `mamori_vault_open_or_create`: the open-else-create step every host writes otherwise.

use std::ffi::c_char;

use super::vault::{mamori_vault, options_or_default};
use super::{
    bytes_arg, check_out, ffi_boundary, mamori_result, opt_str_arg, str_arg, write_handle_out,
};
use crate::error::Error;
use crate::vault::{Vault, VaultOptions};

/// Open the passcode vault at `path`, or create it there if no file exists (one call instead
/// of `mamori_vault_open`, then `mamori_vault_create` on `MAMORI_NOT_FOUND`).
///
/// `options_json` (NULL for the defaults) is used only when the vault is created, as for
/// `mamori_vault_create`; an existing vault keeps the options recorded in its file. If
/// `out_created` is not NULL it receives `true` when the file was created by this call and
/// `false` when an existing one was opened. Should another process create the file between the
/// two steps, the call opens that file instead.
///
/// Errors: those of `mamori_vault_open` for an existing file (`MAMORI_WRONG_PASSCODE`,
/// `MAMORI_LOCKED`, `MAMORI_CORRUPT`, `MAMORI_WIPED`, ...) and of `mamori_vault_create` for a
/// new one (`MAMORI_PARAMS_OUT_OF_BOUNDS`, `MAMORI_INVALID_INPUT`, `MAMORI_IO`), plus
/// `MAMORI_NULL_ARGUMENT` and `MAMORI_INVALID_UTF8`. Options are checked before anything is
/// opened or created, so malformed options fail even for an existing vault.
///
/// # Safety
/// `path` and `options_json` must be NULL or NUL-terminated; `passcode` must be NULL (only
/// with `passcode_len == 0`) or point to `passcode_len` bytes; `out` NULL or writable;
/// `out_created` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_open_or_create(
    path: *const c_char,
    passcode: *const u8,
    passcode_len: usize,
    options_json: *const c_char,
    out: *mut *mut mamori_vault,
    out_created: *mut bool,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract (path, passcode and options_json).
        let (path, passcode, options) = unsafe {
            (
                str_arg(path, "path")?,
                bytes_arg(passcode, passcode_len, "passcode")?,
                options_or_default(opt_str_arg(options_json, "options_json")?)?,
            )
        };
        check_out(out, "out")?;
        let (vault, created) = open_or_create(path, passcode, options)?;
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, mamori_vault::new(vault)) }?;
        if !out_created.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { *out_created = created };
        }
        Ok(())
    })
}

/// Open `path`, or create it with `options` when it does not exist; `true` when created.
fn open_or_create(
    path: &str,
    passcode: &[u8],
    options: VaultOptions,
) -> crate::Result<(Vault, bool)> {
    match Vault::open(path, passcode, VaultOptions::default()) {
        Err(Error::NotFound { .. }) => {}
        other => return other.map(|v| (v, false)),
    }
    match Vault::create(path, passcode, options) {
        // Created by someone else in between: open theirs.
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Vault::open(path, passcode, VaultOptions::default()).map(|v| (v, false))
        }
        other => other.map(|v| (v, true)),
    }
}
