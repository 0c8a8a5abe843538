//! `mamori_incident_bundle`, `mamori_bundle_verify`: the evidence bundle
//! (`mamori.evidence_bundle.v1`) and its check (`mamori.bundle_check.v1`).

use std::ffi::c_char;

use super::{
    bytes_arg, check_out, ffi_boundary, mamori_result, str_arg, to_json, write_string_out,
};
use crate::error::from_json;
use crate::incident::{BundleRequest, evidence_bundle, verify_bundle};

/// Make the evidence bundle: `request_json` is `{"incident", "device"?, "device_history"?,
/// "assessments"?, "trusted_keys"?, "checkpoints"?, "organisation_name"?, "now"}`.
/// `*out_bundle_json` receives the bundle (canonical JSON: store these exact bytes) and
/// `*out_html` the HTML report to keep beside it (its SHA-256 is inside the bundle). Outputs are
/// written only when both can be.
///
/// # Safety
/// `request_json` NULL or NUL-terminated; `out_bundle_json` and `out_html` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_bundle(
    request_json: *const c_char,
    out_bundle_json: *mut *mut c_char,
    out_html: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let req = unsafe { str_arg(request_json, "request_json") }?;
        check_out(out_bundle_json, "out_bundle_json")?;
        check_out(out_html, "out_html")?;
        let req: BundleRequest = from_json(req)?;
        let files = evidence_bundle(&req)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_html, files.html) }?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_bundle_json, files.json) }
    })
}

/// Check a bundle's exact bytes (`bundle`, `bundle_len`) and, when `html` is not NULL, the HTML
/// report beside it (`html`, `html_len`), with the library alone. `*out_json` receives a
/// `mamori.bundle_check.v1` (`status`: `intact`, `altered` or `unreadable`); an altered bundle
/// is a successful call.
///
/// # Safety
/// `bundle` NULL or `bundle_len` readable bytes; `html` NULL or `html_len` readable bytes;
/// `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_bundle_verify(
    bundle: *const u8,
    bundle_len: usize,
    html: *const u8,
    html_len: usize,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let bundle = unsafe { bytes_arg(bundle, bundle_len, "bundle") }?;
        let html = if html.is_null() {
            None
        } else {
            // SAFETY: per this function's contract (non-NULL here).
            Some(unsafe { bytes_arg(html, html_len, "html") }?)
        };
        check_out(out_json, "out_json")?;
        let check = verify_bundle(bundle, html);
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, to_json(&check)?) }
    })
}
