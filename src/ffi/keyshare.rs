//! `mamori_keyshare_*`: the server side of `passcode+server` vault slots (issue a share,
//! release it after authenticating the user, revoke it on a loss report), and the registry's
//! hash-chained log of those steps (`mamori.share_log.v1`).

use std::ffi::c_char;
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset, Utc};

use super::{
    FfiError, check_out, ffi_boundary, ffi_boundary_or, handle_ref, lock, opt_str_arg, str_arg,
    to_json, write_handle_out, write_string_out,
};
use super::{FfiResult, bytes_arg, mamori_result};
use crate::error::{Error, from_json};
use crate::hold::{HoldAction, HoldDecision};
use crate::vault::keyshare::{ShareId, ShareLog, ShareRegistry};

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

/// An RFC 3339 time argument (`"2026-12-01T09:00:00+09:00"`).
///
/// # Safety
/// `ptr` NULL or NUL-terminated.
unsafe fn time_arg(ptr: *const c_char, name: &str) -> FfiResult<DateTime<Utc>> {
    // SAFETY: per this function's contract.
    let s = unsafe { str_arg(ptr, name) }?;
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::invalid(name, format!("not an RFC 3339 time: {e}")).into())
}

/// Issue a share logged at `at` into the two out-buffers.
///
/// # Safety
/// As `mamori_keyshare_issue_at`.
unsafe fn issue(
    r: *const mamori_keyshare_registry,
    at: Option<DateTime<Utc>>,
    out_share_id: *mut u8,
    out_share: *mut u8,
) -> FfiResult<()> {
    // SAFETY: per this function's contract.
    let r = unsafe { handle_ref(r, "r") }?;
    check_out(out_share_id, "out_share_id")?;
    check_out(out_share, "out_share")?;
    let issued = lock(&r.inner)?.issue_opt(&mut rand_core::OsRng, at);
    // SAFETY: checked non-NULL, sizes per the contract.
    unsafe {
        std::ptr::copy_nonoverlapping(issued.id.as_ptr(), out_share_id, 16);
        std::ptr::copy_nonoverlapping(issued.share.as_ptr(), out_share, 32);
    }
    Ok(())
}

/// Release a share logged at `at` into `out_share`.
///
/// # Safety
/// As `mamori_keyshare_release_at`.
unsafe fn release(
    r: *const mamori_keyshare_registry,
    share_id: *const u8,
    at: Option<DateTime<Utc>>,
    out_share: *mut u8,
) -> FfiResult<()> {
    // SAFETY: per this function's contract.
    let r = unsafe { handle_ref(r, "r") }?;
    // SAFETY: as above.
    let id = unsafe { id_arg(share_id) }?;
    check_out(out_share, "out_share")?;
    let s = lock(&r.inner)?.release_opt(&id, at)?;
    // SAFETY: checked non-NULL; 32 writable bytes per the contract.
    unsafe { std::ptr::copy_nonoverlapping(s.as_ptr(), out_share, 32) };
    Ok(())
}

/// Revoke a share, logged at `at`.
///
/// # Safety
/// As `mamori_keyshare_revoke_at`.
unsafe fn revoke(
    r: *const mamori_keyshare_registry,
    share_id: *const u8,
    at: Option<DateTime<Utc>>,
) -> FfiResult<()> {
    // SAFETY: per this function's contract.
    let r = unsafe { handle_ref(r, "r") }?;
    // SAFETY: as above.
    let id = unsafe { id_arg(share_id) }?;
    lock(&r.inner)?.revoke_opt(&id, at)?;
    Ok(())
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
/// `16 random bytes ‖ share id`). The log records the issue **without a time**; prefer
/// `mamori_keyshare_issue_at`.
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
        // SAFETY: forwarded contract.
        unsafe { issue(r, None, out_share_id, out_share) }
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
/// an unknown id. The log records the release **without a time**, which the incident link
/// reads as "may have been after the loss": use `mamori_keyshare_release_at`.
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
        // SAFETY: forwarded contract.
        unsafe { release(r, share_id, None, out_share) }
    })
}

/// Revoke (destroy) the share for `share_id` on a loss report: from now on the vault's server
/// slot opens no copy of the file (a share released earlier, or a recovery key, still does).
/// Idempotent; `MAMORI_NOT_FOUND` for an id never issued. The log records the revocation
/// **without a time**: use `mamori_keyshare_revoke_at`.
///
/// # Safety
/// `r` NULL or a live registry; `share_id` NULL or 16 readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_revoke(
    r: *const mamori_keyshare_registry,
    share_id: *const u8,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: forwarded contract.
        unsafe { revoke(r, share_id, None) }
    })
}

/// `mamori_keyshare_issue` at the time `at` (RFC 3339), recorded in the registry's log.
///
/// # Safety
/// `r` NULL or a live registry; `at` NULL or NUL-terminated; `out_share_id` NULL or 16
/// writable bytes; `out_share` NULL or 32 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_issue_at(
    r: *const mamori_keyshare_registry,
    at: *const c_char,
    out_share_id: *mut u8,
    out_share: *mut u8,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: forwarded contract.
        let at = unsafe { time_arg(at, "at") }?;
        // SAFETY: forwarded contract.
        unsafe { issue(r, Some(at), out_share_id, out_share) }
    })
}

/// `mamori_keyshare_release` at the time `at` (RFC 3339), recorded in the registry's log.
///
/// # Safety
/// `r` NULL or a live registry; `share_id` NULL or 16 readable bytes; `at` NULL or
/// NUL-terminated; `out_share` NULL or 32 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_release_at(
    r: *const mamori_keyshare_registry,
    share_id: *const u8,
    at: *const c_char,
    out_share: *mut u8,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: forwarded contract.
        let at = unsafe { time_arg(at, "at") }?;
        // SAFETY: forwarded contract.
        unsafe { release(r, share_id, Some(at), out_share) }
    })
}

/// `mamori_keyshare_revoke` at the time `at` (RFC 3339), recorded in the registry's log.
///
/// # Safety
/// `r` NULL or a live registry; `share_id` NULL or 16 readable bytes; `at` NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_revoke_at(
    r: *const mamori_keyshare_registry,
    share_id: *const u8,
    at: *const c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: forwarded contract.
        let at = unsafe { time_arg(at, "at") }?;
        // SAFETY: forwarded contract.
        unsafe { revoke(r, share_id, Some(at)) }
    })
}

/// The registry's log (`mamori.share_log.v1` JSON; no secret in it) into `*out_log_json`
/// (free with `mamori_string_free`). Persist it, and attach it to the incident's
/// `key_share_revoked` event after a revocation.
///
/// # Safety
/// `r` NULL or a live registry; `out_log_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_log(
    r: *const mamori_keyshare_registry,
    out_log_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let r = unsafe { handle_ref(r, "r") }?;
        check_out(out_log_json, "out_log_json")?;
        let json = to_json(&lock(&r.inner)?.log())?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_log_json, json) }
    })
}

/// A registry rebuilt from a persisted log (`log_json`, `mamori.share_log.v1`) in `*out`,
/// after checking its hash chain: an edited, removed, inserted or reordered entry is refused
/// with `MAMORI_INVALID_INPUT` and a message naming it (`entries[3].hash`). `expected_head`
/// (NULL = not checked) is the log's last hash noted elsewhere; it also catches a log cut
/// short. Load the live shares' secrets afterwards with `mamori_keyshare_insert`.
///
/// # Safety
/// `log_json` and `expected_head` NULL or NUL-terminated; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_registry_restore(
    log_json: *const c_char,
    expected_head: *const c_char,
    out: *mut *mut mamori_keyshare_registry,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let json = unsafe { str_arg(log_json, "log_json") }?;
        // SAFETY: as above.
        let head = unsafe { opt_str_arg(expected_head, "expected_head") }?;
        check_out(out, "out")?;
        let log: ShareLog = from_json(json)?;
        let r = mamori_keyshare_registry {
            inner: Mutex::new(ShareRegistry::restore(&log, head)?),
        };
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, r) }
    })
}

/// Was the share `share_id` released at or after `after` (RFC 3339)? The answer
/// (`mamori.share_release_check.v1` JSON: `released_after` true / false / null with the
/// reason) into `*out_check_json` (free with `mamori_string_free`).
///
/// # Safety
/// `r` NULL or a live registry; `share_id` NULL or 16 readable bytes; `after` NULL or
/// NUL-terminated; `out_check_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_released_after(
    r: *const mamori_keyshare_registry,
    share_id: *const u8,
    after: *const c_char,
    out_check_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let r = unsafe { handle_ref(r, "r") }?;
        // SAFETY: as above.
        let id = unsafe { id_arg(share_id) }?;
        // SAFETY: as above.
        let after = unsafe { time_arg(after, "after") }?;
        check_out(out_check_json, "out_check_json")?;
        let json = to_json(&lock(&r.inner)?.released_after(&id, after))?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_check_json, json) }
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

/// The request of `mamori_keyshare_hold`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareHoldRequest {
    /// `place`, `override` or `release`.
    pub action: HoldAction,
    /// The hold's id (the matter or case number, as in the register or the incident log).
    pub hold_id: String,
    /// Why (never empty).
    pub reason: String,
    /// When (RFC 3339 with offset; the library never reads the clock).
    pub at: DateTime<FixedOffset>,
    /// Who decided it (counsel, an officer).
    pub actor: String,
}

/// Place, override or release a legal hold on the share `share_id` (`request_json`:
/// `{"action": "place"|"override"|"release", "hold_id", "reason", "at", "actor"}`), recorded
/// in the registry's hash-chained log; or, with `request_json` NULL, only read the share's
/// holds. On success `*out_json` receives the share's holds (a JSON array of
/// `mamori.legal_hold.v1`). While a hold is on and not overridden, `mamori_keyshare_revoke`,
/// `mamori_keyshare_revoke_at` and `mamori_handover_revoke_share_from` fail with
/// `MAMORI_LEGAL_HOLD` (a revocation crypto-erases the vault's server slot). The hand-over's
/// step also reads the source vault's holds; for the other two, place here the holds of the
/// device, vault or incident the share protects: the registry cannot see them.
///
/// # Safety
/// `r` NULL or a live registry; `share_id` NULL or 16 readable bytes; `request_json` NULL or
/// NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_keyshare_hold(
    r: *const mamori_keyshare_registry,
    share_id: *const u8,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let r = unsafe { handle_ref(r, "r") }?;
        // SAFETY: as above.
        let id = unsafe { id_arg(share_id) }?;
        // SAFETY: as above.
        let req = unsafe { opt_str_arg(request_json, "request_json") }?;
        check_out(out_json, "out_json")?;
        let mut g = lock(&r.inner)?;
        let holds = match req {
            Some(json) => {
                let q: ShareHoldRequest = from_json(json)?;
                let decision = HoldDecision {
                    by: q.actor,
                    at: q.at,
                    reason: q.reason,
                };
                g.hold(&id, q.action, &q.hold_id, decision)?
            }
            None => g.holds(&id),
        };
        drop(g);
        let out = to_json(&holds)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, out) }
    })
}
