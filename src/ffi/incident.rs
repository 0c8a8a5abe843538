//! `mamori_incident_*`: an incident's append-only event log, JSON in and out.

use std::ffi::c_char;
use std::sync::Mutex;

use super::{
    FfiResult, check_out, ffi_boundary, ffi_boundary_or, handle_ref, lock, mamori_result,
    opt_str_arg, str_arg, to_json, write_handle_out, write_string_out,
};
use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::breach::{Assessment, Organisation};
use crate::device::Device;
use crate::error::{Error, from_json};
use crate::incident::{
    Event, Incident, assess_request, next_actions_in, notice_draft_json, plan_json,
    report_draft_json, timeline, verify, veris,
};
use crate::text::Lang;

/// An incident behind the C ABI (`mamori_incident *`). Internally locked: calls from several
/// threads are serialised; `mamori_incident_free` must not race with other calls.
pub struct mamori_incident {
    pub(super) inner: Mutex<Incident>,
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
/// the incident's state is refused with `MAMORI_INVALID_EVENT` and not appended; a
/// `remote_wipe_issued` while a legal hold (`legal_hold_placed`) is on and not overridden is
/// refused with `MAMORI_LEGAL_HOLD` naming the hold. On success,
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
/// `mamori_incident_load`).
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

/// The query of `mamori_incident_next_actions`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NextActionsQuery {
    /// The current time (RFC 3339 with offset; the library never reads the clock).
    pub now: DateTime<FixedOffset>,
    /// The register's record of the device involved (`mamori.device.v1`), if any.
    #[serde(default)]
    pub device: Option<Box<Device>>,
    /// The assessment to plan against; `null` = the one recorded in the log.
    #[serde(default)]
    pub assessment: Option<Box<Assessment>>,
    /// Language of the titles, reasons and warnings (`"ja"` or `"en"`; absent = `"en"`, the
    /// output before `lang` existed; `title_ja` is always there).
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// The query of `mamori_incident_assess_request` and `mamori_incident_assess`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentAssessQuery {
    /// The organisation (type, role, where it is established).
    pub organisation: Organisation,
    /// The register's record of the device involved (`mamori.device.v1`), whose
    /// `posture.vault` manifest supplies the protected head count.
    #[serde(default)]
    pub device: Option<Box<Device>>,
    /// Language of the engine's reasons and of the report draft's head count (`"ja"` or
    /// `"en"`; absent = `"en"`, as before). Copied into the request's `lang`.
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// The ordered next actions at `now` (a JSON array of next actions, see
/// `schemas/next-actions.schema.json`). `query_json` is
/// `{"now": "...", "device": {...} | null, "assessment": {...} | null, "lang"?: "ja" | "en"}`
/// (`lang` absent = English titles and reasons, as before; `title_ja` is always present).
///
/// # Safety
/// `inc` must be NULL or a live handle; `query_json` NULL or NUL-terminated; `out_json` NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_next_actions(
    inc: *const mamori_incident,
    query_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let q = unsafe { str_arg(query_json, "query_json") }?;
        with_incident(inc, out_json, |i| {
            let q: NextActionsQuery = from_json(q)?;
            if let Some(d) = &q.device {
                d.validate()?;
            }
            let state = i.state()?;
            to_json(&next_actions_in(
                &state,
                q.device.as_deref(),
                q.assessment.as_deref(),
                q.now,
                q.lang.unwrap_or(Lang::En),
            ))
        })
    })
}

/// Build the `mamori.assess.v1` request for this incident, with the reasoning behind each
/// derived fact: `{"request": {...}, "notes": [...]}`. `query_json` is
/// `{"organisation": {...}, "device": {...} | null, "lang"?: "ja" | "en"}` (`lang` is copied
/// into the request and sets the language of the notes; absent = English).
///
/// # Safety
/// `inc` must be NULL or a live handle; `query_json` NULL or NUL-terminated; `out_json` NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_assess_request(
    inc: *const mamori_incident,
    query_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let q = unsafe { str_arg(query_json, "query_json") }?;
        with_incident(inc, out_json, |i| {
            let q: IncidentAssessQuery = from_json(q)?;
            if let Some(d) = &q.device {
                d.validate()?;
            }
            let state = i.state()?;
            let mut link = crate::incident::assess_request_in(
                &state,
                q.device.as_deref(),
                &q.organisation,
                q.lang.unwrap_or(crate::breach::Lang::En),
            );
            link.request.lang = q.lang;
            to_json(&link)
        })
    })
}

/// Assess this incident with the breach engine: builds the request as
/// `mamori_incident_assess_request` does and returns the `mamori.assessment.v1` document.
/// `query_json` is `{"organisation": {...}, "device": {...} | null, "lang"?: "ja" | "en"}`:
/// `lang` sets the language of the reasons and the report draft (absent = English).
/// Record it in the log with an `assessment_recorded` event to plan next actions against it.
///
/// # Safety
/// `inc` must be NULL or a live handle; `query_json` NULL or NUL-terminated; `out_json` NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_assess(
    inc: *const mamori_incident,
    query_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let q = unsafe { str_arg(query_json, "query_json") }?;
        with_incident(inc, out_json, |i| {
            let q: IncidentAssessQuery = from_json(q)?;
            if let Some(d) = &q.device {
                d.validate()?;
            }
            let state = i.state()?;
            let mut link = assess_request(&state, q.device.as_deref(), &q.organisation);
            link.request.lang = q.lang;
            to_json(&crate::breach::assess(&link.request)?)
        })
    })
}

/// The incident's timeline (`mamori.timeline.v1`), ordered by time.
///
/// # Safety
/// `inc` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_timeline(
    inc: *const mamori_incident,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| with_incident(inc, out_json, |i| to_json(&timeline(i)?)))
}

/// Stateless planning for hosts that store the log themselves: a `mamori.plan_request.v1`
/// (`{"schema", "incident": <log>, "device"?, "assessment"?, "organisation"?, "now",
/// "lang"?: "ja" | "en"}`; `lang` absent = English next actions, as before) in, a
/// `mamori.plan.v1` (folded state, next actions, and with an organisation the assess request)
/// out.
///
/// # Safety
/// `plan_request_json` must be NULL or NUL-terminated; `out_plan_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_plan(
    plan_request_json: *const c_char,
    out_plan_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let req = unsafe { str_arg(plan_request_json, "plan_request_json") }?;
        check_out(out_plan_json, "out_plan_json")?;
        let json = plan_json(req)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_plan_json, json) }
    })
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

/// `"ja"` (default for NULL or empty) or `"en"`.
pub(super) fn lang_arg(lang: Option<&str>) -> FfiResult<Lang> {
    match lang.map(str::trim) {
        None | Some("") | Some("ja") => Ok(Lang::Ja),
        Some("en") => Ok(Lang::En),
        Some(_) => Err(Error::invalid("lang", "must be \"ja\" or \"en\"").into()),
    }
}

/// Check the hash chain of a stored incident log (`mamori.incident.v2`; a v1 log answers
/// `unverifiable`, never `verified`). Stateless, so a damaged log can be checked without
/// loading it. `expected_head` is a head hash noted outside the log earlier, or NULL;
/// `lang` is `"ja"` (default when NULL) or `"en"`. `*out_json` receives the
/// `mamori.chain_check.v1` document; a broken chain is a successful call whose `status` is
/// `"broken"`.
///
/// # Safety
/// `incident_json` must be NULL or NUL-terminated; `expected_head` and `lang` NULL or
/// NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_verify(
    incident_json: *const c_char,
    expected_head: *const c_char,
    lang: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let json = unsafe { str_arg(incident_json, "incident_json") }?;
        // SAFETY: per this function's contract.
        let head = unsafe { opt_str_arg(expected_head, "expected_head") }?;
        // SAFETY: per this function's contract.
        let lang = lang_arg(unsafe { opt_str_arg(lang, "lang") }?)?;
        check_out(out_json, "out_json")?;
        let inc: Incident = from_json(json)?;
        let check = verify(&inc, head, lang);
        let out = to_json(&check)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, out) }
    })
}

fn stateless(
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    f: impl FnOnce(&str) -> crate::Result<String>,
) -> FfiResult<()> {
    // SAFETY: the exported callers forward their contract (NULL or NUL-terminated).
    let req = unsafe { str_arg(request_json, "request_json") }?;
    check_out(out_json, "out_json")?;
    let json = f(req)?;
    // SAFETY: checked non-NULL.
    unsafe { write_string_out(out_json, json) }
}

/// The 漏えい等報告 draft (PPC Rules Art. 8(1), nine items): a `mamori.draft_request.v1`
/// (`{"schema", "incident", "device"?, "assessment"?, "lang": "ja"|"en", "stage":
/// "preliminary"|"final", "organisation_name"?, "delegated_to"?, "now"}`) in, a
/// `mamori.report_draft.v1` (items, missing items, corrections, chain status and the plain
/// text for the PPC's online form) out. A draft for a person to edit; nothing is sent.
///
/// # Safety
/// `request_json` must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_report_draft(
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| stateless(request_json, out_json, report_draft_json))
}

/// A notice draft from the same `mamori.draft_request.v1` (`"notice"`: `customer_letter`
/// (お詫びとお知らせ), `public_notice` (HP公表), `inquiry_answers` (問い合わせ窓口),
/// `follow_up` (その後の状況報告)); out a `mamori.notice_draft.v1`. Never sent by the library.
///
/// # Safety
/// `request_json` must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_notice_draft(
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| stateless(request_json, out_json, notice_draft_json))
}

/// The query of `mamori_incident_veris`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerisQuery {
    /// The incident log.
    pub incident: Incident,
    /// The register's record of the device involved.
    #[serde(default)]
    pub device: Option<Box<Device>>,
    /// The `mamori.assess.v1` request (supplies the persons at risk).
    #[serde(default)]
    pub request: Option<Box<crate::breach::AssessRequest>>,
}

/// The incident as a VERIS 1.4.0 record: `{"incident": <log>, "device"?: {...}, "request"?:
/// {...}}` in, the VERIS JSON out (validates against the official `verisc-merged.json`).
///
/// # Safety
/// `request_json` must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_veris(
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        stateless(request_json, out_json, |req| {
            let q: VerisQuery = from_json(req)?;
            if let Some(d) = &q.device {
                d.validate()?;
            }
            let rec = veris(&q.incident, q.device.as_deref(), q.request.as_deref())?;
            serde_json::to_string(&rec).map_err(|e| Error::Internal(e.to_string()))
        })
    })
}
