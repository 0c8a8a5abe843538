//! `mamori_vault_hold`: legal holds in a vault's own access log (see `mamori::incident::LegalHold`;
//! device holds go through `mamori_register_apply` `{"op": "hold"}`, incident holds are
//! `legal_hold_*` events appended with `mamori_incident_append`).

use std::ffi::c_char;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::vault::{mamori_vault, vault_ref};
use super::{check_out, ffi_boundary, mamori_result, opt_str_arg, to_json, write_string_out};
use crate::error::from_json;
use crate::hold::HoldAction;

/// The request of `mamori_vault_hold`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VaultHoldRequest {
    /// `place`, `override` or `release`.
    pub action: HoldAction,
    /// The hold's id (its reference goes into the vault's log; record who and why under the
    /// same id in the register or the incident log).
    pub hold_id: String,
}

/// Place, override or release a legal hold on the vault (`request_json`: `{"action":
/// "place"|"override"|"release", "hold_id": "..."}`), recorded in the vault's authenticated
/// access log; or, with `request_json` NULL, only read the holds. On success `*out_json`
/// receives the vault's holds (a JSON array of `{reference, placed_at, overridden_at,
/// released_at}`). While a hold is on and not overridden, `mamori_vault_wipe`,
/// `mamori_vault_wipe_report`, `mamori_vault_wipe_file`, `mamori_vault_delete`,
/// `mamori_handover_retention`, and the hand-over's retention deletion and wipe fail with
/// `MAMORI_LEGAL_HOLD`.
///
/// # Safety
/// `v` NULL or a live vault handle; `request_json` NULL or NUL-terminated; `out_json` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_hold(
    v: *const mamori_vault,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: per this function's contract.
        let req = unsafe { opt_str_arg(request_json, "request_json") }?;
        check_out(out_json, "out_json")?;
        let holds = match req {
            Some(json) => {
                let r: VaultHoldRequest = from_json(json)?;
                v.inner.hold(r.action, &r.hold_id)?
            }
            None => v.inner.holds()?,
        };
        let out = to_json(&holds)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, out) }
    })
}
