//! `mamori_handover_*`: the leaver's hand-over (退職時) through the C ABI. The host stores the
//! `mamori.handover.v1` record; every step takes the stored record in its request and writes
//! the new record to `*out_record_json` only when the step was allowed and done.

use std::collections::BTreeMap;
use std::ffi::c_char;

use chrono::{DateTime, FixedOffset, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::incident::lang_arg;
use super::keyshare::mamori_keyshare_registry;
use super::register::mamori_register;
use super::vault::{mamori_vault, vault_ref};
use super::{
    FfiResult, check_out, ffi_boundary, handle_ref, lock, mamori_result, opt_str_arg, str_arg,
    to_json, write_string_out,
};
use crate::error::{Error, from_json};
use crate::handover::{Handover, HandoverStart, RetentionPolicy, retention_review};
use crate::vault::ContactId;

/// The request of `mamori_handover_start`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverStartRequest {
    /// Who hands over to whom (`id`, `leaver`, `recipient`, `recipient_kind`, `device_id`?,
    /// `share_id`? for a `passcode+server` vault).
    pub start: HandoverStart,
    /// When (RFC 3339 with offset; the library never reads the clock).
    pub at: DateTime<FixedOffset>,
    /// Who takes the step.
    pub actor: String,
}

/// The request of the other `mamori_handover_*` steps. `delete`, `note` and `path` are
/// refused (`MAMORI_INVALID_INPUT`) by a step that does not use them.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverStepRequest {
    /// The stored `mamori.handover.v1` record.
    pub record: Handover,
    /// When (RFC 3339 with offset).
    pub at: DateTime<FixedOffset>,
    /// Who takes the step.
    pub actor: String,
    /// `mamori_handover_move` only: contact ids left behind for deletion (retention rule).
    #[serde(default)]
    pub delete: Vec<ContactId>,
    /// `mamori_handover_key_retired` / `mamori_handover_return`: the host's note.
    #[serde(default)]
    pub note: Option<String>,
    /// `mamori_handover_wipe` only: the old vault's file path, to record that it is gone.
    #[serde(default)]
    pub path: Option<String>,
}

/// The query of `mamori_handover_retention`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionQuery {
    /// The current time (RFC 3339 with offset).
    pub now: DateTime<FixedOffset>,
    /// Days without use after which a contact is listed for deletion (at least 1).
    pub max_unused_days: u32,
    /// The host's last use per contact id (`{"<id>": "<RFC 3339>"}`); absent = use the
    /// contacts' `updated_at` / `created_at`.
    #[serde(default)]
    pub last_used: Option<BTreeMap<ContactId, DateTime<Utc>>>,
}

/// The optional members of [`HandoverStepRequest`] a step uses.
#[derive(Clone, Copy)]
enum Uses {
    Nothing,
    Delete,
    Note,
    Path,
}

fn step_request(json: &str, uses: Uses) -> FfiResult<HandoverStepRequest> {
    let req: HandoverStepRequest = from_json(json)?;
    // A member this step does not use is refused rather than silently ignored.
    let unused = [
        (
            "delete",
            !req.delete.is_empty(),
            matches!(uses, Uses::Delete),
        ),
        ("note", req.note.is_some(), matches!(uses, Uses::Note)),
        ("path", req.path.is_some(), matches!(uses, Uses::Path)),
    ];
    if let Some((name, _, _)) = unused.iter().find(|(_, given, used)| *given && !*used) {
        return Err(Error::invalid(*name, "not used by this step").into());
    }
    req.record.validate()?;
    Ok(req)
}

/// Parse the request, run `f` on it, write the new record.
fn step(
    request_json: *const c_char,
    out_record_json: *mut *mut c_char,
    uses: Uses,
    f: impl FnOnce(&mut HandoverStepRequest) -> FfiResult<()>,
) -> FfiResult<()> {
    // SAFETY: the exported callers forward their contract (NULL or NUL-terminated).
    let json = unsafe { str_arg(request_json, "request_json") }?;
    check_out(out_record_json, "out_record_json")?;
    let mut req = step_request(json, uses)?;
    f(&mut req)?;
    let out = to_json(&req.record)?;
    // SAFETY: checked non-NULL.
    unsafe { write_string_out(out_record_json, out) }
}

/// Start a hand-over of the open `source` vault: a `{"start": {...}, "at", "actor"}` request
/// in, the new `mamori.handover.v1` record out. `reg` may be NULL; when given and the start
/// names a `device_id`, the device goes `assigned` → `handing_over` and its legal holds that
/// are on and not overridden are placed on the source vault too (`mamori_vault_hold`).
///
/// # Safety
/// `source` must be NULL or a live vault handle; `reg` NULL or a live register handle;
/// `request_json` NULL or NUL-terminated; `out_record_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_handover_start(
    source: *const mamori_vault,
    reg: *const mamori_register,
    request_json: *const c_char,
    out_record_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let source = unsafe { vault_ref(source) }?;
        // SAFETY: per this function's contract.
        let json = unsafe { str_arg(request_json, "request_json") }?;
        check_out(out_record_json, "out_record_json")?;
        let req: HandoverStartRequest = from_json(json)?;
        let record = if reg.is_null() {
            Handover::start(&req.start, &source.inner, None, req.at, &req.actor)?
        } else {
            // SAFETY: non-NULL, a live handle per the contract.
            let reg = unsafe { handle_ref(reg, "reg") }?;
            let mut g = lock(&reg.inner)?;
            Handover::start(&req.start, &source.inner, Some(&mut g), req.at, &req.actor)?
        };
        let out = to_json(&record)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_record_json, out) }
    })
}

/// Move every contact of `source` into `destination` (except the request's `delete` ids) and
/// verify the move (count and per-contact digest); only a verified move is recorded. No
/// plaintext is written anywhere but the destination vault.
///
/// # Safety
/// `source`, `destination` NULL or live vault handles; `request_json` NULL or
/// NUL-terminated; `out_record_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_handover_move(
    source: *mut mamori_vault,
    destination: *mut mamori_vault,
    request_json: *const c_char,
    out_record_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let source = unsafe { vault_ref(source) }?;
        // SAFETY: per this function's contract.
        let destination = unsafe { vault_ref(destination) }?;
        step(request_json, out_record_json, Uses::Delete, |r| {
            let delete = std::mem::take(&mut r.delete);
            Ok(r.record.move_contacts(
                &source.inner,
                &destination.inner,
                &delete,
                r.at,
                &r.actor,
            )?)
        })
    })
}

/// Older form of `mamori_handover_revoke_share_from`, without the source vault: revoking the
/// server share crypto-erases the old vault, whose legal holds this function cannot read, so
/// it is refused (`MAMORI_INVALID_INPUT`, naming `mamori_handover_revoke_share_from`; nothing
/// recorded, the registry untouched). Kept so that the ABI does not change.
///
/// # Safety
/// `r` NULL or a live registry; `request_json` NULL or NUL-terminated; `out_record_json` NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_handover_revoke_share(
    r: *const mamori_keyshare_registry,
    request_json: *const c_char,
    out_record_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let r = unsafe { handle_ref(r, "r") }?;
        step(request_json, out_record_json, Uses::Nothing, |req| {
            let mut g = lock(&r.inner)?;
            Ok(req
                .record
                .revoke_share_from(&mut g, None, req.at, &req.actor)?)
        })
    })
}

/// Revoke the leaver's server share (`passcode+server` source) in the share registry `r`;
/// the server slot then opens no copy of the old vault (a recovery-key slot still would).
/// Refused before the move is verified. `source` is the open source vault the hand-over
/// started with (its manifest must name the recorded share when it names any): while one
/// of its legal holds is on and not overridden, or a hold on the share in `r`, the step is
/// refused with `MAMORI_LEGAL_HOLD` (nothing recorded, the share kept).
///
/// # Safety
/// `r` NULL or a live registry; `source` NULL or a live vault handle; `request_json` NULL or
/// NUL-terminated; `out_record_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_handover_revoke_share_from(
    r: *const mamori_keyshare_registry,
    source: *const mamori_vault,
    request_json: *const c_char,
    out_record_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let r = unsafe { handle_ref(r, "r") }?;
        // SAFETY: per this function's contract.
        let source = unsafe { vault_ref(source) }?;
        step(request_json, out_record_json, Uses::Nothing, |req| {
            let mut g = lock(&r.inner)?;
            Ok(req
                .record
                .revoke_share(&mut g, &source.inner, req.at, &req.actor)?)
        })
    })
}

/// Record the key retired for a source without a server share (`passcode`: nothing to revoke,
/// recorded with a warning). A `host_key` or `passcode+platform` source is refused
/// (`MAMORI_INVALID_INPUT`): deleting its key crypto-erases the vault, so record it with
/// `mamori_handover_retire_key`, which reads the source vault's legal holds.
///
/// # Safety
/// `request_json` NULL or NUL-terminated; `out_record_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_handover_key_retired(
    request_json: *const c_char,
    out_record_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        step(request_json, out_record_json, Uses::Note, |r| {
            Ok(r.record
                .retire_key(None, r.note.as_deref(), r.at, &r.actor)?)
        })
    })
}

/// Record the key retired (as `mamori_handover_key_retired`) with the open `source` vault:
/// for a `host_key` or `passcode+platform` source, whose key deletion crypto-erases the old
/// vault, the source's legal holds are read first and the step is refused with
/// `MAMORI_LEGAL_HOLD` (nothing recorded) while one is on and not overridden. Call it before
/// deleting the key; delete the key only once it succeeded.
///
/// # Safety
/// `source` NULL or a live vault handle; `request_json` NULL or NUL-terminated;
/// `out_record_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_handover_retire_key(
    source: *const mamori_vault,
    request_json: *const c_char,
    out_record_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let source = unsafe { vault_ref(source) }?;
        step(request_json, out_record_json, Uses::Note, |r| {
            Ok(r.record
                .record_key_retired(&source.inner, r.note.as_deref(), r.at, &r.actor)?)
        })
    })
}

/// Crypto-erase the old vault (`source` reports `MAMORI_WIPED` afterwards; close it). Refused
/// before the move is verified.
///
/// # Safety
/// `source` NULL or a live vault handle; `request_json` NULL or NUL-terminated;
/// `out_record_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_handover_wipe(
    source: *mut mamori_vault,
    request_json: *const c_char,
    out_record_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let source = unsafe { vault_ref(source) }?;
        step(request_json, out_record_json, Uses::Path, |r| {
            let path = r.path.clone();
            Ok(r.record.wipe_source(
                &source.inner,
                path.as_deref().map(std::path::Path::new),
                r.at,
                &r.actor,
            )?)
        })
    })
}

/// Return the device (refused until the key is revoked and the vault wiped). `reg` may be
/// NULL; when given, the device goes `handing_over` → `in_stock`.
///
/// # Safety
/// `reg` NULL or a live register handle; `request_json` NULL or NUL-terminated;
/// `out_record_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_handover_return(
    reg: *const mamori_register,
    request_json: *const c_char,
    out_record_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        step(request_json, out_record_json, Uses::Note, |r| {
            let note = r.note.clone();
            if reg.is_null() {
                Ok(r.record
                    .return_device(None, note.as_deref(), r.at, &r.actor)?)
            } else {
                // SAFETY: non-NULL, a live handle per the contract.
                let reg = unsafe { handle_ref(reg, "reg") }?;
                let mut g = lock(&reg.inner)?;
                Ok(r.record
                    .return_device(Some(&mut g), note.as_deref(), r.at, &r.actor)?)
            }
        })
    })
}

/// The hand-over's status (`mamori.handover_status.v1`: steps done, next actions with their
/// guards, chain check, warnings, one line per step) in `lang` (`"ja"` default when NULL, or
/// `"en"`). A record with a broken chain is a successful call with `chain_verified: false`.
///
/// # Safety
/// `record_json` NULL or NUL-terminated; `lang` NULL or NUL-terminated; `out_json` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_handover_status(
    record_json: *const c_char,
    lang: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let json = unsafe { str_arg(record_json, "record_json") }?;
        // SAFETY: per this function's contract.
        let lang = lang_arg(unsafe { opt_str_arg(lang, "lang") }?)?;
        check_out(out_json, "out_json")?;
        let h = Handover::from_json(json)?;
        let out = to_json(&h.status(lang))?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, out) }
    })
}

/// The retention review of an open vault (`mamori.retention.v1`: ids listed for deletion,
/// ids without a usable date, the number kept). `query_json` is `{"now", "max_unused_days",
/// "last_used"?: {"<contact id>": "<RFC 3339>"}}`. No names or numbers in the output.
///
/// # Safety
/// `v` NULL or a live vault handle; `query_json` NULL or NUL-terminated; `out_json` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_handover_retention(
    v: *const mamori_vault,
    query_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: per this function's contract.
        let json = unsafe { str_arg(query_json, "query_json") }?;
        check_out(out_json, "out_json")?;
        let q: RetentionQuery = from_json(json)?;
        let policy = RetentionPolicy {
            max_unused_days: q.max_unused_days,
        };
        let r = retention_review(&v.inner, &policy, q.last_used.as_ref(), q.now)?;
        let out = to_json(&r)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, out) }
    })
}
