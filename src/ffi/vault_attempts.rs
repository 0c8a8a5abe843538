//! `mamori_vault_attempts_left`: the failed-attempt budget, read without a secret.

use std::ffi::c_char;

use super::{check_out, ffi_boundary, mamori_result, str_arg};
use crate::vault::Vault;

/// How many more wrong passcodes (keys, factors) the vault at `path` takes before it wipes
/// itself (`wipe_after_failed` in the create options): after `MAMORI_WRONG_PASSCODE`, call
/// this to show the user the remaining tries. No secret is needed and nothing is written or
/// counted; a successful open resets the budget.
///
/// `*out_left` receives the number of tries left (the `*out_left`-th next wrong attempt
/// wipes the vault), or `UINT32_MAX` when the vault has no limit. If `out_limited` is not
/// NULL it receives whether the vault has a limit at all.
///
/// Errors: `MAMORI_NOT_FOUND` when there is no file (a vault wiped by its limit is deleted),
/// `MAMORI_WIPED` for a crypto-erased file still present, `MAMORI_LOCKED` while another
/// handle has the vault open for writing, `MAMORI_CORRUPT` / `MAMORI_UNSUPPORTED_VERSION` for
/// a damaged or unknown header, `MAMORI_IO`, `MAMORI_NULL_ARGUMENT`, `MAMORI_INVALID_UTF8`.
///
/// # Safety
/// `path` NULL or NUL-terminated; `out_left` NULL or writable; `out_limited` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_attempts_left(
    path: *const c_char,
    out_left: *mut u32,
    out_limited: *mut bool,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let path = unsafe { str_arg(path, "path") }?;
        check_out(out_left, "out_left")?;
        let left = Vault::attempts_left(path)?;
        // SAFETY: checked non-NULL and writable per the contract.
        unsafe { *out_left = left.unwrap_or(u32::MAX) };
        if !out_limited.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { *out_limited = left.is_some() };
        }
        Ok(())
    })
}
