//! `mamori_assess`: the breach policy engine, JSON in and JSON out.

use std::ffi::c_char;

use super::{
    FfiResult, check_out, ffi_boundary, mamori_result, str_arg, to_json, write_string_out,
};
use crate::breach::{AssessRequest, assess};
use crate::error::from_json;

pub(crate) fn assess_json_str(request_json: &str) -> FfiResult<String> {
    let request: AssessRequest = from_json(request_json)?;
    let assessment = assess(&request)?;
    to_json(&assessment)
}

/// Assess a breach: `request_json` is a `mamori.assess.v1` document; on success `*out_json`
/// receives a `mamori.assessment.v1` document (free it with `mamori_string_free`).
///
/// Errors: `MAMORI_NULL_ARGUMENT`, `MAMORI_INVALID_UTF8`, `MAMORI_INVALID_INPUT` (the
/// last-error message names the JSON path of the offending field), `MAMORI_RULE_PACK`.
///
/// # Safety
/// `request_json` must be NULL or a NUL-terminated string; `out_json` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_assess(
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let request = unsafe { str_arg(request_json, "request_json") }?;
        check_out(out_json, "out_json")?;
        let json = assess_json_str(request)?;
        // SAFETY: checked non-NULL above.
        unsafe { write_string_out(out_json, json) }
    })
}
