//! JSON in, JSON out: the incident API as strings, for the C ABI and other hosts.
//!
//! | function | input | output |
//! |---|---|---|
//! | [`state_json`] | `mamori.incident.v2` | `mamori.incident_state.v1` |
//! | [`append_json`] | `mamori.incident.v2` + `mamori.incident_event.v2` | `mamori.append_result.v1` |
//! | [`plan_json`] | `mamori.plan_request.v1` | `mamori.plan.v1` |
//!
//! Errors are [`Error::InvalidInput`] naming the JSON path for malformed input and
//! [`Error::InvalidEvent`] for events that make no sense.

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    AssessLink, Event, Incident, IncidentState, NextAction, Warning, assess_request_in,
    next_actions_in,
};
use crate::breach::{Assessment, Organisation};
use crate::device::Device;
use crate::error::{Error, Result, from_json};
use crate::text::Lang;

/// Schema tag of [`AppendResult`].
pub const APPEND_RESULT_SCHEMA: &str = "mamori.append_result.v1";
/// Schema tag of [`PlanRequest`].
pub const PLAN_REQUEST_SCHEMA: &str = "mamori.plan_request.v1";
/// Schema tag of [`Plan`].
pub const PLAN_SCHEMA: &str = "mamori.plan.v1";

/// The result of appending an event (`schema: "mamori.append_result.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AppendResult {
    /// Always `"mamori.append_result.v1"`.
    pub schema: String,
    /// The incident with the event appended (store this).
    pub incident: Incident,
    /// The guard warnings the event raised.
    pub warnings: Vec<Warning>,
}

/// A request for the response plan (`schema: "mamori.plan_request.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// Must be `"mamori.plan_request.v1"`.
    pub schema: String,
    /// The incident log.
    pub incident: Incident,
    /// The register's record of the device involved.
    #[serde(default)]
    pub device: Option<Device>,
    /// The assessment to plan against (default: the one recorded in the log).
    #[serde(default)]
    pub assessment: Option<Assessment>,
    /// The organisation; when given, the plan includes the `mamori.assess.v1` request.
    #[serde(default)]
    pub organisation: Option<Organisation>,
    /// The caller's current time (the library never reads the clock).
    pub now: DateTime<FixedOffset>,
    /// Language of the next actions' titles, reasons and warnings (`ja` or `en`; absent =
    /// `en`, the output before `lang` existed; `title_ja` is always there).
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// The response plan (`schema: "mamori.plan.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    /// Always `"mamori.plan.v1"`.
    pub schema: String,
    /// The folded state.
    pub state: IncidentState,
    /// The next actions, in playbook order.
    pub next_actions: Vec<NextAction>,
    /// The breach-engine request built from the incident (when an organisation was given).
    pub assess_request: Option<AssessLink>,
}

pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Internal(e.to_string()))
}

/// The one JSON-string path of the stateless incident API: parse `request_json` strictly
/// into `Req`, run `f`, serialise its answer.
pub(crate) fn json_call<Req: serde::de::DeserializeOwned, Out: Serialize>(
    request_json: &str,
    f: impl FnOnce(&Req) -> Result<Out>,
) -> Result<String> {
    let req: Req = from_json(request_json)?;
    to_json(&f(&req)?)
}

/// The shared preamble of the stateless requests (plan, drafts): the request's schema tag,
/// the log's schema tag, and the device record's invariants.
pub(crate) fn check_request(
    schema: &str,
    expected: &str,
    incident: &Incident,
    device: Option<&Device>,
) -> Result<()> {
    if schema != expected {
        return Err(Error::invalid("schema", format!("expected \"{expected}\"")));
    }
    super::state::check_log_schema(&incident.schema, "incident.schema")?;
    if let Some(d) = device {
        d.validate()?;
    }
    Ok(())
}

fn parse_incident(json: &str) -> Result<Incident> {
    let inc: Incident = from_json(json)?;
    super::state::check_log_schema(&inc.schema, "schema")?;
    Ok(inc)
}

/// Fold a `mamori.incident.v2` log into its `mamori.incident_state.v1` state.
pub fn state_json(incident_json: &str) -> Result<String> {
    to_json(&parse_incident(incident_json)?.state()?)
}

/// Validate and append an event; returns `mamori.append_result.v1` with the new log.
pub fn append_json(incident_json: &str, event_json: &str) -> Result<String> {
    let mut inc = parse_incident(incident_json)?;
    let event: Event = from_json(event_json)?;
    let warnings = inc.append(event)?;
    to_json(&AppendResult {
        schema: APPEND_RESULT_SCHEMA.to_string(),
        incident: inc,
        warnings,
    })
}

/// The response plan for a `mamori.plan_request.v1`: the state, the next actions and (with an
/// organisation) the breach-engine request.
pub fn plan(req: &PlanRequest) -> Result<Plan> {
    check_request(
        &req.schema,
        PLAN_REQUEST_SCHEMA,
        &req.incident,
        req.device.as_ref(),
    )?;
    if let Some(d) = &req.device
        && req.incident.events.first().is_some_and(|e| {
            matches!(&e.data, super::EventData::Reported { device_id: Some(id), .. } if id != &d.id)
        })
    {
        return Err(Error::invalid("device.id", "is not the device of this incident"));
    }
    let state = req.incident.state()?;
    let actions = next_actions_in(
        &state,
        req.device.as_ref(),
        req.assessment.as_ref(),
        req.now,
        req.lang.unwrap_or(Lang::En),
    );
    let link = req
        .organisation
        .as_ref()
        .map(|o| assess_request_in(&state, req.device.as_ref(), o, req.lang.unwrap_or(Lang::En)));
    Ok(Plan {
        schema: PLAN_SCHEMA.to_string(),
        state,
        next_actions: actions,
        assess_request: link,
    })
}

/// [`plan`] over JSON strings.
pub fn plan_json(request_json: &str) -> Result<String> {
    json_call(request_json, plan)
}
