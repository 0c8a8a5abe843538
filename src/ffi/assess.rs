//! `mamori_assess`: the breach policy engine, JSON in and JSON out.

use std::ffi::c_char;

use chrono::{DateTime, Duration, FixedOffset};

use super::{
    FfiResult, check_out, ffi_boundary, ffi_boundary_or, handle_ref, mamori_result, str_arg,
    write_handle_out, write_string_out,
};
use crate::breach::{RulePack, assess_json, assess_json_parsed, parse_request};
use crate::error::Error;

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
        let json = assess_json(request)?;
        // SAFETY: checked non-NULL above.
        unsafe { write_string_out(out_json, json) }
    })
}

/// The response plan of an assessment as an iCalendar (RFC 5545) document: one `VEVENT` per
/// dated plan group (due time in UTC) with a `VALARM` before it. `request_json` is
/// `{"assessment": <mamori.assessment.v1 with its plan>, "now": "<RFC 3339>",
/// "alarm_before_hours"?: 24}` (`now` becomes each event's `DTSTAMP`); on success `*out_ics`
/// receives the `text/calendar` text (CRLF line ends; free it with `mamori_string_free`).
///
/// Errors: `MAMORI_NULL_ARGUMENT`, `MAMORI_INVALID_UTF8`, `MAMORI_INVALID_INPUT` (naming the
/// field, e.g. `assessment.plan` when the assessment has no plan).
///
/// # Safety
/// `request_json` must be NULL or a NUL-terminated string; `out_ics` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_assessment_ics(
    request_json: *const c_char,
    out_ics: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let request = unsafe { str_arg(request_json, "request_json") }?;
        check_out(out_ics, "out_ics")?;
        let ics = crate::breach::assessment_ics_json(request)?;
        // SAFETY: checked non-NULL above.
        unsafe { write_string_out(out_ics, ics) }
    })
}

/// A parsed, validated breach rule pack (`mamori_rule_pack *`). Immutable: it may be used from
/// several threads at once; `mamori_rule_pack_free` must not race with other calls.
pub struct mamori_rule_pack {
    inner: RulePack,
}

fn parse_now(now: &str, name: &str) -> FfiResult<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(now)
        .map_err(|e| Error::invalid(name, format!("expected RFC 3339 with an offset: {e}")).into())
}

fn due_soon(hours: u32) -> FfiResult<Duration> {
    if hours > 24 * 366 {
        return Err(Error::invalid("due_soon_hours", "at most one year").into());
    }
    Ok(Duration::hours(i64::from(hours)))
}

/// Assess against `pack` (`None` = the embedded default), optionally classified at `now`.
fn assess_with(
    pack: Option<&RulePack>,
    request_json: &str,
    at: Option<(&str, u32)>,
) -> FfiResult<String> {
    let request = parse_request(request_json)?;
    let timing = match at {
        Some((now, h)) => Some((parse_now(now, "now")?, due_soon(h)?)),
        None => None,
    };
    // The direct JSON writer: the same bytes as serialising the typed answer.
    Ok(assess_json_parsed(pack, &request, timing)?)
}

/// `mamori_assess`, then classify each obligation's deadline against the caller's `now`
/// (RFC 3339 with offset): within `due_soon_hours` → `due_soon`, passed → `overdue`.
///
/// # Safety
/// `request_json` and `now` must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_assess_at(
    request_json: *const c_char,
    now: *const c_char,
    due_soon_hours: u32,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let request = unsafe { str_arg(request_json, "request_json") }?;
        // SAFETY: as above.
        let now = unsafe { str_arg(now, "now") }?;
        check_out(out_json, "out_json")?;
        let json = assess_with(None, request, Some((now, due_soon_hours)))?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, json) }
    })
}

/// Parse and validate a host-supplied rule pack (same format as the embedded
/// `rules/default.json`). `MAMORI_RULE_PACK` names the offending location, e.g.
/// `rules[3].deadline.days`. On success `*out` receives the pack (free it with
/// `mamori_rule_pack_free`).
///
/// # Safety
/// `pack_json` must be NULL or NUL-terminated; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_rule_pack_new(
    pack_json: *const c_char,
    out: *mut *mut mamori_rule_pack,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let json = unsafe { str_arg(pack_json, "pack_json") }?;
        check_out(out, "out")?;
        let pack = RulePack::from_json(json)?;
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, mamori_rule_pack { inner: pack }) }
    })
}

/// The pack's rules version, e.g. `"mamori-default@2026.11.1"`, as a library string.
///
/// # Safety
/// `pack` must be NULL or a live handle; `out_version` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_rule_pack_version(
    pack: *const mamori_rule_pack,
    out_version: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let pack = unsafe { handle_ref(pack, "pack") }?;
        check_out(out_version, "out_version")?;
        let v = pack.inner.rules_version().to_string();
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_version, v) }
    })
}

/// `mamori_assess` against this pack instead of the embedded default.
///
/// # Safety
/// `pack` must be NULL or a live handle; `request_json` NULL or NUL-terminated; `out_json`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_rule_pack_assess(
    pack: *const mamori_rule_pack,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let pack = unsafe { handle_ref(pack, "pack") }?;
        // SAFETY: as above.
        let request = unsafe { str_arg(request_json, "request_json") }?;
        check_out(out_json, "out_json")?;
        let json = assess_with(Some(&pack.inner), request, None)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, json) }
    })
}

/// Free a rule pack. NULL is accepted and ignored; never free a pack twice.
///
/// # Safety
/// `pack` must be NULL or a handle from `mamori_rule_pack_new` not yet freed, with no other
/// call on it in progress.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_rule_pack_free(pack: *mut mamori_rule_pack) {
    ffi_boundary_or((), || {
        if !pack.is_null() {
            // SAFETY: the handle came from `Box::into_raw` in `mamori_rule_pack_new`.
            drop(unsafe { Box::from_raw(pack) });
        }
    })
}
