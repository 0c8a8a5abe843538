//! `mamori_vault_caller_directory*`: the caller-ID directory export (see
//! `crate::vault::directory` and `docs/caller-directory.md`), and `mamori_bytes_free` for the
//! byte buffers these functions return.
//!
//! Every export goes through `Vault::caller_directory`, so each one is recorded in the
//! vault's authenticated access log (`directory_exported` and the entries after it) and
//! reported by the manifest's `labels_outside_vault` until `mamori_vault_ack_labels_removed`.

use std::ffi::c_char;

use zeroize::Zeroize;

use super::vault::{mamori_vault, vault_ref};
use super::{
    FfiError, FfiResult, bytes_arg, check_out, ffi_boundary, ffi_boundary_or, mamori_result,
    opt_str_arg, to_json,
};
use crate::vault::directory::{Directory, DirectoryOptions, Token};

/// Parse `options_json` (NULL → defaults).
///
/// # Safety
/// `options_json` must be NULL or NUL-terminated.
unsafe fn options(options_json: *const c_char) -> FfiResult<DirectoryOptions> {
    // SAFETY: forwarded contract.
    match unsafe { opt_str_arg(options_json, "options_json") }? {
        None => Ok(DirectoryOptions::default()),
        Some(j) => Ok(crate::json::from_str_strict(j)?),
    }
}

/// Build the directory of an open vault.
///
/// # Safety
/// `v` NULL or a live handle; `options_json` NULL or NUL-terminated.
unsafe fn build(v: *const mamori_vault, options_json: *const c_char) -> FfiResult<Directory> {
    // SAFETY: forwarded contract.
    let v = unsafe { vault_ref(v) }?;
    // SAFETY: forwarded contract.
    let opts = unsafe { options(options_json) }?;
    Ok(v.inner.caller_directory(&opts)?)
}

/// The shared body of the entry points returning bytes: both out-pointers checked, `make`
/// run, and the buffer written only on success.
///
/// # Safety
/// `out_buf`, `out_len` NULL or writable.
unsafe fn bytes_call(
    out_buf: *mut *mut u8,
    out_len: *mut usize,
    make: impl FnOnce() -> FfiResult<Vec<u8>>,
) -> FfiResult<()> {
    check_out(out_buf, "out_buf")?;
    check_out(out_len, "out_len")?;
    let bytes = make()?;
    // SAFETY: checked non-NULL above; writable per the caller's contract.
    unsafe { write_bytes_out(out_buf, out_len, bytes) };
    Ok(())
}

/// Hand a byte buffer to the caller (`*out_buf`, `*out_len`), freed by `mamori_bytes_free`.
///
/// # Safety
/// Both out-pointers checked non-NULL and writable.
unsafe fn write_bytes_out(out_buf: *mut *mut u8, out_len: *mut usize, mut bytes: Vec<u8>) {
    // Copy into an exact-size allocation (labels are contact data: no unzeroized realloc).
    let boxed: Box<[u8]> = bytes.as_slice().into();
    bytes.zeroize();
    let len = boxed.len();
    let p = Box::into_raw(boxed) as *mut u8;
    // SAFETY: checked non-NULL and writable per the caller's contract.
    unsafe {
        *out_buf = p;
        *out_len = len;
    }
}

/// The caller-ID directory of the vault in the binary layout of `docs/caller-directory.md`
/// (`"MMRD"`, version, label policy, count, ascending `uint64_t` E.164 numbers, then
/// length-prefixed UTF-8 labels; little-endian), ready to feed
/// `CXCallDirectoryExtensionContext` in order. `options_json` is NULL (labels = names) or
/// `{"label_policy": "name" | "company" | "name_company" | "initials" | "none",
/// "shared_label"?: "..."}`. A number several contacts share appears once; when their labels
/// differ it gets `shared_label` (default "複数の連絡先"). On success `*out_buf` receives the
/// bytes and `*out_len` their length (free with `mamori_bytes_free(buf, len)`). The export is
/// recorded in the vault's authenticated access log (`directory_exported`, its policy and
/// persons); the labels then live outside the vault (only `"none"` exports no names) and the
/// manifest's `labels_outside_vault` counts their persons until
/// `mamori_vault_ack_labels_removed`. The first export after an acknowledgement rewrites the
/// file like `mamori_vault_compact` (`MAMORI_CORRUPT` while a damaged record blocks that).
///
/// # Safety
/// `v` NULL or a live handle; `options_json` NULL or NUL-terminated; `out_buf`, `out_len`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_caller_directory(
    v: *mut mamori_vault,
    options_json: *const c_char,
    out_buf: *mut *mut u8,
    out_len: *mut usize,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        unsafe { bytes_call(out_buf, out_len, || Ok(build(v, options_json)?.to_bytes())) }
    })
}

/// The same directory as a `mamori.caller_directory.v1` JSON document (`{"schema",
/// "label_policy", "entries": [{"number", "label"}], "skipped_phones", "shared_numbers",
/// "token"}`, `token` in hex) for small vaults; free with `mamori_string_free`.
///
/// # Safety
/// As `mamori_vault_caller_directory`; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_caller_directory_json(
    v: *mut mamori_vault,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        check_out(out_json, "out_json")?;
        // SAFETY: per this function's contract.
        let d = unsafe { build(v, options_json) }?;
        let mut json = to_json(&d)?;
        let mut v = Vec::with_capacity(json.len() + 1);
        v.extend_from_slice(json.as_bytes());
        v.push(0);
        json.zeroize();
        let c = std::ffi::CString::from_vec_with_nul(v).map_err(|e| {
            e.into_bytes().zeroize();
            FfiError::new(mamori_result::MAMORI_INTERNAL, "output contains a NUL byte")
        })?;
        // SAFETY: checked non-NULL above.
        unsafe { *out_json = c.into_raw() };
        Ok(())
    })
}

/// Record that the host removed every caller-ID label it handed to the operating system (iOS:
/// the Call Directory extension reloaded with an empty list; Android: its table deleted). The
/// manifest's `labels_outside_vault` then says `"none"` until the next export. Logged as a
/// `labels_removed` access-log entry (a rewrite like `mamori_vault_compact` when labels were
/// outside, so `MAMORI_CORRUPT` while a damaged record blocks a compaction). Call it only
/// after the OS copy is gone: a lost phone still holding them would then be under-reported.
///
/// # Safety
/// `v` must be NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_ack_labels_removed(v: *mut mamori_vault) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        v.inner.ack_labels_removed()?;
        Ok(())
    })
}

/// Incremental load: the changes since an earlier export, in the `"MMRC"` layout (numbers
/// to remove, entries to add, then the new token to keep). `prev` is the earlier export's
/// token (`mamori_caller_directory_token`, or the `token` of the JSON form decoded from
/// hex) or the earlier binary export itself; `prev_len` 0 means "nothing loaded yet"
/// (every entry is an addition). Applying the removals, then the additions, to the earlier
/// export gives exactly the full export. Free `*out_buf` with `mamori_bytes_free`.
///
/// # Safety
/// As `mamori_vault_caller_directory`; `prev` NULL (only with `prev_len == 0`) or
/// `prev_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_caller_directory_changes(
    v: *const mamori_vault,
    options_json: *const c_char,
    prev: *const u8,
    prev_len: usize,
    out_buf: *mut *mut u8,
    out_len: *mut usize,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        unsafe {
            bytes_call(out_buf, out_len, || {
                let token = Token::from_bytes(bytes_arg(prev, prev_len, "prev")?)?;
                Ok(build(v, options_json)?.changes_since(&token).to_bytes())
            })
        }
    })
}

/// The token (`"MMRT"` layout: numbers and 8-byte label digests, no label text) of a binary
/// directory export, for the host to keep for its next `mamori_vault_caller_directory_changes`.
/// `MAMORI_INVALID_INPUT` if `buf` is not a well-formed export. Free `*out_buf` with
/// `mamori_bytes_free`.
///
/// # Safety
/// `buf` NULL (only with `len == 0`) or `len` readable bytes; `out_buf`, `out_len` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_caller_directory_token(
    buf: *const u8,
    len: usize,
    out_buf: *mut *mut u8,
    out_len: *mut usize,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        unsafe {
            bytes_call(out_buf, out_len, || {
                let b = bytes_arg(buf, len, "buf")?;
                Ok(Directory::from_bytes(b)?.token().to_bytes())
            })
        }
    })
}

/// Free a byte buffer returned by the library (`uint8_t **out_buf` with its `*out_len`),
/// zeroizing it first. NULL is accepted and ignored.
///
/// # Safety
/// `buf` must be NULL or a buffer returned through an `out_buf` of this library, not yet
/// freed, and `len` exactly the length returned with it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_bytes_free(buf: *mut u8, len: usize) {
    ffi_boundary_or((), || {
        if buf.is_null() {
            return;
        }
        // SAFETY: per the contract, `buf`/`len` are a boxed slice this library leaked.
        let mut b: Box<[u8]> =
            unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(buf, len)) };
        b.zeroize();
    })
}
