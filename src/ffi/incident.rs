//! `mamori_incident_*`: an incident's append-only event log, JSON in and out.

use std::ffi::c_char;
use std::sync::Mutex;

use super::{
    FfiResult, check_out, ffi_boundary, ffi_boundary_or, handle_ref, lock, mamori_result, str_arg,
    to_json, write_handle_out, write_string_out,
};
use crate::error::{Error, from_json};
use crate::incident::{Event, Incident};

/// An incident behind the C ABI (`mamori_incident *`). Internally locked: calls from several
/// threads are serialised; `mamori_incident_free` must not race with other calls.
pub struct mamori_incident {
    inner: Mutex<Incident>,
}

/// Start a new, empty incident with the caller's id (e.g. `"INC-2026-007"`); the first event
/// appended must be `reported`. On success `*out` receives the handle (free it with
/// `mamori_incident_free`).
///
/// # Safety
/// `incident_id` must be NULL or NUL-terminated; `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_new(
    incident_id: *const c_char,
    out: *mut *mut mamori_incident,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let id = unsafe { str_arg(incident_id, "incident_id") }?;
        check_out(out, "out")?;
        if id.trim().is_empty() {
            return Err(Error::invalid("incident_id", "must not be empty").into());
        }
        let inc = Incident::new(id);
        // SAFETY: checked non-NULL.
        unsafe {
            write_handle_out(
                out,
                mamori_incident {
                    inner: Mutex::new(inc),
                },
            )
        }
    })
}

/// Load an incident from a stored `mamori.incident.v1` log (as returned by
/// `mamori_incident_to_json`); every event is replayed and validated. On success `*out`
/// receives the handle (free it with `mamori_incident_free`).
///
/// # Safety
/// `incident_json` must be NULL or NUL-terminated; `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_load(
    incident_json: *const c_char,
    out: *mut *mut mamori_incident,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let json = unsafe { str_arg(incident_json, "incident_json") }?;
        check_out(out, "out")?;
        let inc = Incident::from_json(json)?;
        // SAFETY: checked non-NULL.
        unsafe {
            write_handle_out(
                out,
                mamori_incident {
                    inner: Mutex::new(inc),
                },
            )
        }
    })
}

/// Validate and append one `mamori.incident_event.v1` event. An event that makes no sense in
/// the incident's state is refused with `MAMORI_INVALID_EVENT` and not appended. On success,
/// if `out_warnings_json` is not NULL it receives the JSON array of guard warnings the event
/// raised (possibly `[]`); `out_warnings_json` may be NULL to ignore them.
///
/// # Safety
/// `inc` must be NULL or a live handle; `event_json` NULL or NUL-terminated;
/// `out_warnings_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_append(
    inc: *mut mamori_incident,
    event_json: *const c_char,
    out_warnings_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let inc = unsafe { handle_ref(inc, "inc") }?;
        // SAFETY: per this function's contract.
        let event = unsafe { str_arg(event_json, "event_json") }?;
        let event: Event = from_json(event)?;
        let mut guard = lock(&inc.inner)?;
        let warnings = guard.check(&event)?;
        let json = if out_warnings_json.is_null() {
            None
        } else {
            Some(to_json(&warnings)?)
        };
        guard.append(event)?;
        if let Some(json) = json {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { write_string_out(out_warnings_json, json) }?;
        }
        Ok(())
    })
}

fn with_incident(
    inc: *const mamori_incident,
    out_json: *mut *mut c_char,
    f: impl FnOnce(&Incident) -> FfiResult<String>,
) -> FfiResult<()> {
    // SAFETY: the exported callers forward their contract (NULL or a live handle).
    let inc = unsafe { handle_ref(inc, "inc") }?;
    check_out(out_json, "out_json")?;
    let guard = lock(&inc.inner)?;
    let json = f(&guard)?;
    drop(guard);
    // SAFETY: checked non-NULL.
    unsafe { write_string_out(out_json, json) }
}

/// The incident log as a `mamori.incident.v1` document (to store it; recreate the handle with
/// `mamori_incident_new`).
///
/// # Safety
/// `inc` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_to_json(
    inc: *const mamori_incident,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| with_incident(inc, out_json, to_json))
}

/// The incident's state folded from its events (`mamori.incident_state.v1`).
///
/// # Safety
/// `inc` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_fold(
    inc: *const mamori_incident,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| with_incident(inc, out_json, |i| to_json(&i.state()?)))
}

/// Free an incident handle. NULL is accepted and ignored; never free a handle twice.
///
/// # Safety
/// `inc` must be NULL or a handle from `mamori_incident_new` not yet freed, with no other call
/// on it in progress.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_free(inc: *mut mamori_incident) {
    ffi_boundary_or((), || {
        if !inc.is_null() {
            // SAFETY: the handle came from `Box::into_raw` in `mamori_incident_new`.
            drop(unsafe { Box::from_raw(inc) });
        }
    })
}
