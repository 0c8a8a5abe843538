//! Breach-report obligations and deadlines: a deterministic policy engine over versioned rule
//! packs (Japan's APPI first, then GDPR and others), explaining every answer with its source.
//!
//! The JSON contract (`mamori.assess.v1` in, `mamori.assessment.v1` out) is defined by
//! [`AssessRequest`] and [`Assessment`]; the full description, with the counting rules, is in
//! `docs/breach.md`.
//!
//! # Entry points
//!
//! - [`assess`]: typed request → typed assessment, with the embedded default pack;
//!   [`assess_into`] reuses an existing assessment's allocations.
//! - [`assess_json`]: JSON in, JSON out (the C ABI exposes exactly this). Errors are
//!   [`Error::InvalidInput`](crate::Error::InvalidInput) naming the field (`data.persons.JP`,
//!   `incident.aware_at`, `schema`, ...).
//! - [`assess_at`] / [`with_timing`]: the same, plus a due-soon / overdue classification
//!   against a `now` **the caller passes** (the engine never reads a clock).
//! - [`RulePack`]: [`RulePack::default_pack`], [`RulePack::from_json`] (host packs, e.g.
//!   company-internal policies), [`RulePack::assess`].
//!
//! # Statuses and unknown facts
//!
//! Facts are tri-state (`true` / `false` / `null` = unknown). An obligation is `required`
//! when its scope and a trigger hold and no exemption holds; `not_required` when that is
//! false whatever the unknown facts are; otherwise `possible`, and the unknown facts that
//! could decide it are listed in `missing_facts` as JSON paths (e.g. `data.sensitive`,
//! `data.persons.JP`). `incident.recovered_unviewed: null` is read as "not established" (an
//! exemption must be shown; PPC: if viewing cannot be ruled out, it is a leak).
//!
//! # Counting rules of the default pack (the engine's reading; see `docs/breach.md`)
//!
//! - **Japan 確報** (`jp.appi.ppc.final`): the day the organisation learned of the event, in
//!   JST, is day 1; the deadline is 23:59:59 JST of day 30 (day 60 when the malicious-act
//!   trigger applies), moved forward to the next day that is not an administrative closed day
//!   (Saturday, Sunday, national holiday, 29 Dec – 3 Jan). Confirmed against GL 3-5-3-4 by the
//!   legal audit of 2026-12-01.
//! - **Japan 速報** (`jp.appi.ppc.preliminary`): a window; `target` = end of day 3, `latest`
//!   = end of day 5, same counting, not moved.
//! - **Hours** (GDPR 72 h, Korea 72 h, India 72 h): `aware_at` + N × 3600 s exactly, shown in
//!   the jurisdiction's offset (IANA zones with daylight saving for the US, UK and Australia).
//!
//! # Facts that never under-report
//!
//! - Person keys are ISO 3166-1/3166-2 codes (`DE`, `US-CA`), legacy regime keys (`EU`, `UK`)
//!   or `unknown`; the pack's `jurisdiction_groups` map countries to regimes. Persons of
//!   unknown jurisdiction count where every person counts (Japan) and make country-based
//!   decisions that depend on them `possible` (`data.persons.unknown` in `missing_facts`).
//! - Counts may be ranges ([`Count`]): a known maximum above a threshold makes it true.
//! - `data.malicious: null` is unknown for `loss`, `misdelivery` and `other`.
//! - `data.categories` lists the kinds of data; each regime maps them to its triggers.
//!
//! # Example
//!
//! ```
//! use mamori::breach::{self, ObligationStatus, Due};
//!
//! let request = r#"{
//!   "schema": "mamori.assess.v1",
//!   "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
//!   "incident": {"kind": "loss", "aware_at": "2026-12-03T10:15:00+09:00", "recovered_unviewed": false},
//!   "data": {"persons": {"JP": 1200}, "sensitive": false, "financial_risk": false,
//!            "malicious": null, "risk": null, "protection": null}
//! }"#;
//! let req: breach::AssessRequest = mamori::error::from_json(request)?;
//! let a = breach::assess(&req)?;
//! let fin = a.obligations.iter().find(|o| o.id == "jp.appi.ppc.final").unwrap();
//! assert_eq!(fin.status, ObligationStatus::Required);
//! // Day 1 = Thu 3 Dec 2026; day 30 = Fri 1 Jan 2027, closed (year end) → Mon 4 Jan 2027.
//! let Due::Deadline { at } = &fin.due else { panic!() };
//! assert_eq!(at.to_rfc3339(), "2027-01-04T23:59:59+09:00");
//!
//! // The JSON contract gives the same answer as a string.
//! let out = breach::assess_json(request)?;
//! assert!(out.contains(r#""at":"2027-01-04T23:59:59+09:00""#));
//! # Ok::<(), mamori::Error>(())
//! ```

pub mod algorithms;
mod assessment;
mod assume;
mod count;
mod coverage;
/// Renamed [`algorithms`] (issue 28: it classifies algorithm names; it is not cryptography).
#[deprecated(since = "0.1.0", note = "renamed mamori::breach::algorithms")]
pub mod crypto {
    pub use super::algorithms::*;
}
mod engine;
mod ics;
mod index;
mod iso3166;
pub(crate) use iso3166::is_alpha2 as is_iso3166_alpha2;
mod json_out;
mod messages;
mod pack;
mod plan;
pub mod predicate;
mod request;

pub use assessment::*;
pub use assume::Assumption;
pub use count::Count;
pub use coverage::UncoveredPersons;
pub use engine::{AWARE_AT_YEARS, jp_report_draft, validate_request, with_timing};
pub use ics::{IcsRequest, assessment_ics, assessment_ics_json};
pub use pack::{BUILTIN_CALENDARS, DEFAULT_PACK_JSON, RULE_PACK_SCHEMA, RulePack};
pub use plan::{Detail, PlanDue, PlanGroup, ResponsePlan, group_digits};
pub use request::*;

use chrono::{DateTime, Duration, FixedOffset};

use crate::error::Result;

/// Assess a request against the embedded default rule pack (`rules/default.json`).
///
/// Errors: [`Error::InvalidInput`](crate::Error::InvalidInput) naming the field when the
/// request breaks an invariant its types cannot express (wrong `schema`, `aware_at` outside
/// [`AWARE_AT_YEARS`], a malformed jurisdiction code).
pub fn assess(request: &AssessRequest) -> Result<Assessment> {
    pack::default_pack_ref().assess(request)
}

/// [`assess`] into an existing [`Assessment`], reusing its allocations (for hosts that
/// re-assess many incidents in a loop). Same result as [`assess`]; on error the contents of
/// `out` are unspecified.
pub fn assess_into(request: &AssessRequest, out: &mut Assessment) -> Result<()> {
    pack::default_pack_ref().assess_into(request, out)
}

/// [`assess`], then classify each obligation against the caller's `now` (deadline within
/// `due_soon` → `due_soon`; passed → `overdue`; see [`DueStatus`]).
pub fn assess_at(
    request: &AssessRequest,
    now: DateTime<FixedOffset>,
    due_soon: Duration,
) -> Result<Assessment> {
    pack::default_pack_ref().assess_at(request, now, due_soon)
}

/// Parse a `mamori.assess.v1` request, validate it, assess it against the default pack and
/// return the `mamori.assessment.v1` JSON (compact, deterministic).
///
/// Malformed JSON, unknown fields, unknown enum values, negative counts and timestamps
/// without an offset give [`Error::InvalidInput`](crate::Error::InvalidInput) whose `path`
/// names the field.
pub fn assess_json(request_json: &str) -> Result<String> {
    assess_json_with(pack::default_pack_ref(), request_json)
}

/// [`assess_json`] with a host-supplied pack.
pub fn assess_json_with(pack: &RulePack, request_json: &str) -> Result<String> {
    let req = parse_request(request_json)?;
    // Byte-for-byte the same as `serde_json::to_string(&pack.assess(&req)?)` (see
    // tests/breach_output_digest.rs), without building the typed answer.
    let mut out = String::new();
    pack.assess_json_into(&req, None, &mut out)?;
    Ok(out)
}

/// [`assess_json_with`] for an already parsed request against `pack` (`None` = the default
/// pack), classified against the caller's `now` when `timing` is `Some((now, due_soon))` (as
/// [`RulePack::assess_at`]): the C ABI's `mamori_assess_at` and `mamori_rule_pack_assess`.
/// Same bytes as serialising the typed answer.
pub(crate) fn assess_json_parsed(
    pack: Option<&RulePack>,
    req: &AssessRequest,
    timing: Option<(DateTime<FixedOffset>, Duration)>,
) -> Result<String> {
    let mut out = String::new();
    let pack = match pack {
        Some(p) => p,
        None => pack::default_pack_ref(),
    };
    pack.assess_json_into(req, timing, &mut out)?;
    Ok(out)
}

/// Parse (but do not assess) a `mamori.assess.v1` request; errors name the field.
pub fn parse_request(request_json: &str) -> Result<AssessRequest> {
    // Fast path without path tracking; on error, parse again to name the field.
    match crate::json::from_str_strict::<AssessRequest>(request_json) {
        Ok(r) => {
            validate_request(&r)?;
            Ok(r)
        }
        Err(_) => {
            let r: AssessRequest = crate::error::from_json(request_json)?;
            // Unreachable in practice (both parsers agree), but never guess.
            validate_request(&r)?;
            Ok(r)
        }
    }
}
