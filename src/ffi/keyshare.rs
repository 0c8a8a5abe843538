//! `mamori_keyshare_*`: the server side of `passcode+server` vault slots (issue a share,
//! release it after authenticating the user, revoke it on a loss report).

use std::sync::Mutex;

use super::{
    FfiError, check_out, ffi_boundary, ffi_boundary_or, handle_ref, lock, write_handle_out,
};
use super::{FfiResult, bytes_arg, mamori_result};
use crate::vault::keyshare::{ShareId, ShareRegistry};

/// A share registry behind the C ABI (`mamori_keyshare_registry *`). Calls on one handle are
/// serialised internally; `mamori_keyshare_registry_free` must not race other calls.
pub struct mamori_keyshare_registry {
    pub(super) inner: Mutex<ShareRegistry>,
}

/// # Safety
/// `ptr` must be NULL or point to 16 readable bytes.
unsafe fn id_arg(ptr: *const u8) -> FfiResult<ShareId> {
    if ptr.is_null() {
        return Err(FfiError::null("share_id"));
    }
    // SAFETY: per this function's contract.
    let b = unsafe { bytes_arg(ptr, 16, "share_id") }?;
    Ok(b.try_into().expect("16 bytes"))
}

/// A new, empty registry in `*out` (free it with `mamori_keyshare_registry_free`).
///
/// # Safety
/// `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_registry_new(
    out: *mut *mut mamori_keyshare_registry,
) -> mamori_result {
    ffi_boundary(|| {
        check_out(out, "out")?;
        let r = mamori_keyshare_registry {
            inner: Mutex::new(ShareRegistry::new()),
        };
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, r) }
    })
}

/// Issue a new random share: `out_share_id` (16 bytes; record it with the user's account)
/// and `out_share` (32 bytes; send it to the device, which passes it as the factor of
/// `mamori_vault_create_with_factor` with `"factor_source": "server"` and the challenge
/// `16 random bytes ‖ share id`).
///
/// # Safety
/// `r` NULL or a live registry; `out_share_id` NULL or 16 writable bytes; `out_share` NULL or
/// 32 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_issue(
    r: *const mamori_keyshare_registry,
    out_share_id: *mut u8,
    out_share: *mut u8,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let r = unsafe { handle_ref(r, "r") }?;
        check_out(out_share_id, "out_share_id")?;
        check_out(out_share, "out_share")?;
        let issued = lock(&r.inner)?.issue(&mut rand_core::OsRng);
        // SAFETY: checked non-NULL, sizes per the contract.
        unsafe {
            std::ptr::copy_nonoverlapping(issued.id.as_ptr(), out_share_id, 16);
            std::ptr::copy_nonoverlapping(issued.share.as_ptr(), out_share, 32);
        }
        Ok(())
    })
}

/// Record a share persisted earlier (server start-up). `MAMORI_SHARE_REVOKED` if the id was
/// revoked.
///
/// # Safety
/// `r` NULL or a live registry; `share_id` 16 and `share` 32 readable bytes (or NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_insert(
    r: *const mamori_keyshare_registry,
    share_id: *const u8,
    share: *const u8,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let r = unsafe { handle_ref(r, "r") }?;
        // SAFETY: as above.
        let id = unsafe { id_arg(share_id) }?;
        if share.is_null() {
            return Err(FfiError::null("share"));
        }
        // SAFETY: as above.
        let s: &[u8; 32] = unsafe { bytes_arg(share, 32, "share") }?
            .try_into()
            .expect("32 bytes");
        lock(&r.inner)?.insert(id, s)?;
        Ok(())
    })
}

/// Release the share for `share_id` (after the host authenticated the user) into
/// `out_share` (32 bytes). `MAMORI_SHARE_REVOKED` after a revocation, `MAMORI_NOT_FOUND` for
/// an unknown id.
///
/// # Safety
/// `r` NULL or a live registry; `share_id` NULL or 16 readable bytes; `out_share` NULL or 32
/// writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_release(
    r: *const mamori_keyshare_registry,
    share_id: *const u8,
    out_share: *mut u8,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let r = unsafe { handle_ref(r, "r") }?;
        // SAFETY: as above.
        let id = unsafe { id_arg(share_id) }?;
        check_out(out_share, "out_share")?;
        let s = lock(&r.inner)?.release(&id)?;
        // SAFETY: checked non-NULL; 32 writable bytes per the contract.
        unsafe { std::ptr::copy_nonoverlapping(s.as_ptr(), out_share, 32) };
        Ok(())
    })
}

/// Revoke (destroy) the share for `share_id` on a loss report: from now on no copy of the
/// vault can be opened. Idempotent; `MAMORI_NOT_FOUND` for an id never issued.
///
/// # Safety
/// `r` NULL or a live registry; `share_id` NULL or 16 readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_revoke(
    r: *const mamori_keyshare_registry,
    share_id: *const u8,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let r = unsafe { handle_ref(r, "r") }?;
        // SAFETY: as above.
        let id = unsafe { id_arg(share_id) }?;
        lock(&r.inner)?.revoke(&id)?;
        Ok(())
    })
}

/// Free a registry (its shares are zeroized). NULL is ignored.
///
/// # Safety
/// `r` NULL or a registry from `mamori_keyshare_registry_new`, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_registry_free(r: *mut mamori_keyshare_registry) {
    ffi_boundary_or((), || {
        if !r.is_null() {
            // SAFETY: the handle came from `Box::into_raw` in `mamori_keyshare_registry_new`.
            drop(unsafe { Box::from_raw(r) });
        }
    })
}
