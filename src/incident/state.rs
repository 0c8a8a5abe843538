//! The incident log (`schema: "mamori.incident.v2"`, hash-chained; `v1` logs still load,
//! unchained) and its state: a pure fold over the events, with validation, corrections and
//! guard warnings.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    AccessResult, EVENT_SCHEMA, EVENT_SCHEMA_V1, Event, EventData, InterviewAnswers,
    InterviewFindings, LocateResult, Position, PreventionCategory, TimeWindow,
};
use crate::breach::{
    ASSESSMENT_SCHEMA, Assessment, Due, IncidentKind, Obligation, ObligationStatus, Recipient,
};
use crate::error::{Error, Result};

/// The schema tag of an incident log (hash-chained events).
pub const INCIDENT_SCHEMA: &str = "mamori.incident.v2";
/// The schema tag of an old, unchained incident log: it still loads and folds, and its chain
/// check answers `unverifiable`.
pub const INCIDENT_SCHEMA_V1: &str = "mamori.incident.v1";
/// The schema tag of a folded incident state.
pub const INCIDENT_STATE_SCHEMA: &str = "mamori.incident_state.v1";

/// An incident: an id and its append-only event log (`schema: "mamori.incident.v2"`).
///
/// The state is never stored: [`Incident::state`] folds the events, so the log can live in any
/// store (a CRM table, a file) and be replayed and audited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// `"mamori.incident.v2"` (or `"mamori.incident.v1"` for an old, unchained log).
    pub schema: String,
    /// The incident's id (chosen by the caller).
    pub id: String,
    /// The events, in the order they were appended.
    pub events: Vec<Event>,
}

impl Incident {
    /// An empty incident; the first event appended must be `reported`.
    pub fn new(id: impl Into<String>) -> Self {
        Incident {
            schema: INCIDENT_SCHEMA.to_string(),
            id: id.into(),
            events: Vec::new(),
        }
    }

    /// Parse an incident log from JSON and replay it (every event is validated again).
    pub fn from_json(json: &str) -> Result<Self> {
        let inc: Incident = crate::error::from_json(json)?;
        check_log_schema(&inc.schema, "schema")?;
        inc.state()?;
        Ok(inc)
    }

    /// Whether this log is hash-chained (`mamori.incident.v2`).
    pub fn is_chained(&self) -> bool {
        self.schema == INCIDENT_SCHEMA
    }

    /// Fold the log into its state.
    pub fn state(&self) -> Result<IncidentState> {
        replay(&self.id, &self.events)
    }

    /// What appending `event` would do, without appending it: the guard warnings it would
    /// raise, or the error that would refuse it.
    pub fn check(&self, event: &Event) -> Result<Vec<Warning>> {
        let event = &self.seal(event.clone())?;
        let mut st = self.partial_state()?;
        let before = st.as_ref().map_or(0, |s| s.warnings.len());
        let idx = self.events.len();
        apply_event(&mut st, &self.id, idx, event, &self.events)?;
        Ok(st
            .map(|s| s.warnings[before..].to_vec())
            .unwrap_or_default())
    }

    /// Validate and append an event; returns the warnings it raised (also kept in the state).
    ///
    /// In a chained (`v2`) log the stored event gets the v2 tag, `recorded_at` (= `at` when the
    /// caller gave none), `prev` (the head hash, or the genesis value) and its `hash`; any
    /// `prev`/`hash` the caller sent is replaced. In a v1 log the event is stored as given.
    pub fn append(&mut self, event: Event) -> Result<Vec<Warning>> {
        let event = self.seal(event)?;
        let w = self.check(&event)?;
        self.events.push(event);
        Ok(w)
    }

    /// The event as `append` would store it (chain fields filled in a v2 log).
    pub fn seal(&self, mut event: Event) -> Result<Event> {
        if !self.is_chained() {
            return Ok(event);
        }
        if event.schema == EVENT_SCHEMA_V1 {
            event.schema = EVENT_SCHEMA.to_string();
        }
        // Not given: recorded now, which is no earlier than the previous record.
        let floor = self.events.last().map(Event::recorded_time);
        event
            .recorded_at
            .get_or_insert(floor.map_or(event.at, |f| f.max(event.at)));
        event.prev = Some(
            self.events
                .last()
                .map(|e| e.hash.clone().unwrap_or_default())
                .unwrap_or_else(|| super::genesis(&self.id)),
        );
        event.hash = None;
        event.hash = Some(super::event_hash(&event)?);
        Ok(event)
    }

    fn partial_state(&self) -> Result<Option<IncidentState>> {
        let mut st = None;
        for (i, e) in self.events.iter().enumerate() {
            apply_event(&mut st, &self.id, i, e, &self.events[..i])?;
        }
        Ok(st)
    }
}

/// Fold a sequence of events into the incident state. Errors with [`Error::InvalidEvent`]
/// (naming the event index) on the first event that makes no sense.
pub fn replay(id: &str, events: &[Event]) -> Result<IncidentState> {
    let mut st = None;
    for (i, e) in events.iter().enumerate() {
        apply_event(&mut st, id, i, e, &events[..i])?;
    }
    st.ok_or_else(|| {
        Error::InvalidEvent("the incident has no events (the first must be `reported`)".into())
    })
}

/// Refuse a log schema tag other than v2 or v1, naming `path`.
pub(crate) fn check_log_schema(schema: &str, path: &str) -> Result<()> {
    if schema != INCIDENT_SCHEMA && schema != INCIDENT_SCHEMA_V1 {
        return Err(Error::invalid(
            path,
            format!("expected \"{INCIDENT_SCHEMA}\" (or \"{INCIDENT_SCHEMA_V1}\" for an old log)"),
        ));
    }
    Ok(())
}

fn apply_event(
    st: &mut Option<IncidentState>,
    id: &str,
    index: usize,
    e: &Event,
    earlier: &[Event],
) -> Result<()> {
    let fail = |msg: String| {
        Error::InvalidEvent(format!("events[{index}] ({}): {msg}", e.data.type_name()))
    };
    if e.schema != EVENT_SCHEMA && e.schema != EVENT_SCHEMA_V1 {
        return Err(fail(format!("schema must be \"{EVENT_SCHEMA}\"")));
    }
    if e.actor.trim().is_empty() {
        return Err(fail("actor must not be empty".into()));
    }
    if st.is_none() && e.corrects.is_some() {
        return Err(fail("the first event cannot be a correction".into()));
    }
    match st {
        None => {
            match &e.data {
                EventData::Reported {
                    kind,
                    device_id,
                    reporter,
                    summary,
                } => {
                    if reporter.trim().is_empty() {
                        return Err(fail("reporter must not be empty".into()));
                    }
                    *st = Some(IncidentState::opened(
                        id,
                        e.at,
                        *kind,
                        device_id.clone(),
                        reporter,
                        summary,
                    ));
                    if let Some(s) = st {
                        s.event_count = 1;
                        s.last_event_at = e.at;
                        s.last_recorded_at = Some(e.recorded_time());
                        if e.recorded_time() < e.at {
                            s.warnings.push(Warning {
                            event_index: Some(0),
                            code: WarningCode::RecordedBeforeHappened,
                            message: "recorded before it happened (recorded_at < at); check the clocks".into(),
                        });
                        }
                    }
                    Ok(())
                }
                _ => Err(fail("the first event must be `reported`".into())),
            }
        }
        Some(s) => s.apply(index, e, earlier).map_err(|err| match err {
            Error::InvalidEvent(m) => fail(m),
            other => other,
        }),
    }
}

/// A remote action's progress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoteAction {
    /// When it was (first) issued.
    pub issued_at: Option<DateTime<FixedOffset>>,
    /// When the device acknowledged it.
    pub confirmed_at: Option<DateTime<FixedOffset>>,
}

/// A key-share revocation the incident records (`key_share_revoked`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareRevocation {
    /// When it was revoked (the event's `at`).
    pub at: DateTime<FixedOffset>,
    /// The revoked share ids (lower-case hex).
    pub share_ids: Vec<String>,
    /// The registry log attached to the event (`null` = none).
    #[serde(default)]
    pub registry_log: Option<Box<crate::vault::keyshare::ShareLog>>,
}

/// A police report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PoliceReport {
    /// When it was filed.
    pub at: DateTime<FixedOffset>,
    /// Station.
    pub station: String,
    /// Receipt number.
    pub receipt_number: String,
}

/// A venue contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VenueContact {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Which venue.
    pub venue: String,
    /// The device was there.
    pub found: bool,
}

/// A locate attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocateAttempt {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Result.
    pub result: LocateResult,
    /// Position, when located.
    pub position: Option<Position>,
}

/// The carrier line suspension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CarrierSuspension {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Carrier.
    pub carrier: String,
    /// Approving manager.
    pub approved_by: Option<String>,
}

/// The recovery of the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Where.
    pub place: Option<String>,
    /// Evidence of access (tri-state).
    pub evidence_of_access: Option<bool>,
}

/// The data-access check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessCheck {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Result.
    pub result: AccessResult,
}

/// A filed report for an obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Filing {
    /// When it was filed.
    pub at: DateTime<FixedOffset>,
    /// Reference number.
    pub reference: String,
    /// It was filed after its deadline.
    pub late: bool,
    /// The reason for the delay (present whenever `late`).
    pub delay_reason: Option<String>,
}

/// A recurrence-prevention measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreventionRecord {
    /// When it was added.
    pub at: DateTime<FixedOffset>,
    /// Category.
    pub category: PreventionCategory,
    /// What.
    pub description: String,
    /// When to check it works.
    pub follow_up_at: Option<DateTime<FixedOffset>>,
}

/// What is known to have leaked and what not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LeakFindings {
    /// When it was determined.
    pub at: DateTime<FixedOffset>,
    /// Items known to have leaked.
    pub leaked: Vec<String>,
    /// Items known not to have leaked.
    pub not_leaked: Vec<String>,
    /// How it was determined.
    pub note: Option<String>,
}

/// The closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Summary.
    pub summary: String,
}

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum WarningCode {
    /// The event is dated before the incident was reported.
    BeforeReport,
    /// The carrier line was (or would be) suspended before any locate attempt: GPS and
    /// calling the device stop.
    CarrierBeforeLocate,
    /// The carrier line was (or would be) suspended without a manager's approval.
    CarrierWithoutApproval,
    /// A remote wipe was (or would be) issued before any locate attempt: wiping ends
    /// lost-mode tracking.
    WipeBeforeLocate,
    /// Closing while an obligation is neither done nor waived with a reason.
    CloseWithOpenObligation,
    /// The employee reported the loss long after noticing it.
    LateReport,
    /// The interview points to theft while the incident is classified as a loss.
    TheftSuspected,
    /// The event says it was recorded before it happened (`recorded_at` < `at`).
    RecordedBeforeHappened,
    /// The event was recorded earlier than the event before it in the log.
    RecordedOutOfOrder,
    /// A correction moves the organisation's awareness later: the legal clocks keep running
    /// from the earliest awareness ever stated.
    AwarenessKeptEarliest,
}

/// One field changed by a correction (or by later interview answers that change an earlier
/// answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldChange {
    /// The field (an interview answer id, or `at` / `data` for other events).
    pub field: String,
    /// The value first recorded (JSON text; `null` if not answered before).
    pub before: String,
    /// The corrected value (JSON text).
    pub after: String,
}

/// A correction in the log: which event changed what, when it was recorded, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionRecord {
    /// The correcting event.
    pub event_index: usize,
    /// The event corrected (`null` for a later interview answer that changes an earlier one
    /// without saying `corrects`).
    pub corrects: Option<usize>,
    /// The event type.
    pub event_type: String,
    /// When the correction was recorded.
    pub recorded_at: DateTime<FixedOffset>,
    /// Why (empty for an undeclared change of interview answers).
    pub reason: String,
    /// What changed.
    pub changes: Vec<FieldChange>,
}

/// The earliest awareness ever stated in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatedAwareness {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// On what basis (as the interview findings said then).
    pub basis: String,
    /// The event that stated it.
    pub event_index: usize,
}

/// A guard warning: the step is allowed but probably wrong, or a fact needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// Index of the event that raised it (`null` for a warning about a step not yet taken).
    pub event_index: Option<usize>,
    /// What it is about.
    pub code: WarningCode,
    /// Explanation (English with the Japanese term).
    pub message: String,
}

/// The state of an incident, folded from its events (`schema: "mamori.incident_state.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentState {
    /// Always `"mamori.incident_state.v1"`.
    pub schema: String,
    /// The incident id.
    pub incident_id: String,
    /// Current classification.
    pub kind: IncidentKind,
    /// The device involved.
    pub device_id: Option<String>,
    /// Who reported it.
    pub reporter: String,
    /// When it was reported.
    pub reported_at: DateTime<FixedOffset>,
    /// The reporter's description.
    pub summary: String,
    /// Merged interview answers.
    pub interview: InterviewAnswers,
    /// Number of interview sessions.
    pub interview_sessions: u32,
    /// When the device was first called, and whether anyone answered at any call.
    pub device_called_at: Option<DateTime<FixedOffset>>,
    /// Someone answered a call to the device.
    pub device_call_answered: bool,
    /// Venues contacted.
    pub venues: Vec<VenueContact>,
    /// 遺失届.
    pub police_lost_report: Option<PoliceReport>,
    /// 被害届.
    pub police_damage_report: Option<PoliceReport>,
    /// Locate attempts.
    pub locate_attempts: Vec<LocateAttempt>,
    /// Remote lock.
    pub remote_lock: RemoteAction,
    /// Remote wipe.
    pub remote_wipe: RemoteAction,
    /// Key-share revocations on the company key server, in log order.
    #[serde(default)]
    pub share_revocations: Vec<ShareRevocation>,
    /// Carrier line suspension.
    pub carrier_suspension: Option<CarrierSuspension>,
    /// Recovery.
    pub recovered: Option<Recovery>,
    /// Latest data-access check.
    pub data_access: Option<AccessCheck>,
    /// Latest recorded assessment.
    pub assessment: Option<Assessment>,
    /// When it was recorded.
    pub assessed_at: Option<DateTime<FixedOffset>>,
    /// Customers notified so far (sum over notices).
    pub customers_notified: u64,
    /// When customers were first notified.
    pub customers_notified_at: Option<DateTime<FixedOffset>>,
    /// When the public notice went out.
    pub public_notice_at: Option<DateTime<FixedOffset>>,
    /// When the inquiry desk opened.
    pub inquiry_desk_at: Option<DateTime<FixedOffset>>,
    /// Filed reports by obligation id.
    pub filings: BTreeMap<String, Filing>,
    /// Waived obligations by id, with the reason.
    pub waivers: BTreeMap<String, String>,
    /// When the employee's written report arrived.
    pub written_report_at: Option<DateTime<FixedOffset>>,
    /// Recorded disciplinary measures.
    pub disciplinary: Vec<String>,
    /// Prevention measures.
    pub prevention: Vec<PreventionRecord>,
    /// What is now known to have leaked and what not (latest `leak_determined`).
    #[serde(default)]
    pub leak: Option<LeakFindings>,
    /// The closing, if closed.
    pub closed: Option<Closure>,
    /// Warnings raised by the events.
    pub warnings: Vec<Warning>,
    /// Corrections, in log order.
    #[serde(default)]
    pub corrections: Vec<CorrectionRecord>,
    /// The earliest awareness any interview session stated: a later correction never moves
    /// the legal clocks back (never under-report).
    #[serde(default)]
    pub earliest_awareness: Option<StatedAwareness>,
    /// When the latest event was recorded.
    #[serde(default)]
    pub last_recorded_at: Option<DateTime<FixedOffset>>,
    /// Number of events folded.
    pub event_count: usize,
    /// Timestamp of the latest event appended.
    pub last_event_at: DateTime<FixedOffset>,
    /// Legal holds placed on the incident (active, overridden or released), in log order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holds: Vec<super::LegalHold>,
}

impl IncidentState {
    fn opened(
        id: &str,
        at: DateTime<FixedOffset>,
        kind: IncidentKind,
        device_id: Option<String>,
        reporter: &str,
        summary: &str,
    ) -> Self {
        IncidentState {
            schema: INCIDENT_STATE_SCHEMA.to_string(),
            incident_id: id.to_string(),
            kind,
            device_id,
            reporter: reporter.to_string(),
            reported_at: at,
            summary: summary.to_string(),
            interview: InterviewAnswers::default(),
            interview_sessions: 0,
            device_called_at: None,
            device_call_answered: false,
            venues: Vec::new(),
            police_lost_report: None,
            police_damage_report: None,
            locate_attempts: Vec::new(),
            remote_lock: RemoteAction::default(),
            remote_wipe: RemoteAction::default(),
            share_revocations: Vec::new(),
            carrier_suspension: None,
            recovered: None,
            data_access: None,
            assessment: None,
            assessed_at: None,
            customers_notified: 0,
            customers_notified_at: None,
            public_notice_at: None,
            inquiry_desk_at: None,
            filings: BTreeMap::new(),
            waivers: BTreeMap::new(),
            written_report_at: None,
            disciplinary: Vec::new(),
            prevention: Vec::new(),
            leak: None,
            closed: None,
            warnings: Vec::new(),
            corrections: Vec::new(),
            earliest_awareness: None,
            last_recorded_at: None,
            event_count: 0,
            last_event_at: at,
            holds: Vec::new(),
        }
    }

    /// Whether the incident is closed.
    pub fn is_closed(&self) -> bool {
        self.closed.is_some()
    }

    /// Whether any locate attempt was made.
    pub fn locate_attempted(&self) -> bool {
        !self.locate_attempts.is_empty()
    }

    /// The latest known position.
    pub fn last_position(&self) -> Option<Position> {
        self.locate_attempts.iter().rev().find_map(|a| a.position)
    }

    /// What the interview establishes (aware_at, loss window, warnings). `aware_at` is never
    /// later than the earliest awareness any earlier interview session stated: a correction
    /// that moves it later keeps the clocks at the earliest (never under-report).
    pub fn findings(&self) -> InterviewFindings {
        let mut f = self
            .interview
            .findings(self.kind, self.reported_at, &self.reporter);
        if let Some(e) = &self.earliest_awareness
            && e.at < f.aware_at
        {
            f.aware_at = e.at;
            f.aware_basis = format!(
                "{} (stated in events[{}]; a later correction does not move the clocks back)",
                e.basis, e.event_index
            );
        }
        f
    }

    /// The first moment anyone in the organisation knew (see [`InterviewFindings::aware_at`]).
    pub fn aware_at(&self) -> DateTime<FixedOffset> {
        self.findings().aware_at
    }

    /// The exposure window: from when the device was last seen for certain (or reported)
    /// until it was recovered or the wipe was confirmed; `to: null` while still exposed.
    pub fn exposure(&self) -> TimeWindow {
        let from = self
            .interview
            .last_confirmed_at
            .or(self.interview.noticed_missing_at)
            .unwrap_or(self.reported_at)
            .min(self.reported_at);
        let ends = [
            self.recovered.as_ref().map(|r| r.at),
            self.remote_wipe.confirmed_at,
        ];
        let to = ends.into_iter().flatten().min();
        TimeWindow { from, to }
    }

    /// Obligations of the recorded assessment that apply (required or possible).
    pub fn applicable_obligations(&self) -> impl Iterator<Item = &Obligation> {
        self.open_in(self.assessment.as_ref(), false)
    }

    /// The applicable obligations of `assessment` (which need not be the recorded one);
    /// with `open_only`, only those neither done nor waived in this state.
    pub(crate) fn open_in<'a>(
        &'a self,
        assessment: Option<&'a Assessment>,
        open_only: bool,
    ) -> impl Iterator<Item = &'a Obligation> {
        assessment
            .into_iter()
            .flat_map(|a| a.obligations.iter())
            .filter(|o| {
                matches!(
                    o.status,
                    ObligationStatus::Required | ObligationStatus::Possible
                )
            })
            .filter(move |o| {
                !open_only
                    || (!self.obligation_done(o) && !self.waivers.contains_key(o.id.as_str()))
            })
    }

    /// Whether an obligation is done: a report filed for it, or (for individuals / the
    /// public) the customers notified / the public notice published.
    pub fn obligation_done(&self, o: &Obligation) -> bool {
        self.filings.contains_key(o.id.as_str())
            || (o.recipient == Recipient::Individuals && self.customers_notified > 0)
            || (o.recipient == Recipient::Public && self.public_notice_at.is_some())
    }

    /// Applicable obligations neither done nor waived.
    pub fn open_obligations(&self) -> Vec<&Obligation> {
        self.open_in(self.assessment.as_ref(), true).collect()
    }

    /// The guard warnings an event would raise in this state (also applied by `append`).
    pub fn guard(&self, data: &EventData, event_index: Option<usize>) -> Vec<Warning> {
        let mut w = Vec::new();
        let mut warn = |code, message: String| {
            w.push(Warning {
                event_index,
                code,
                message,
            })
        };
        match data {
            EventData::CarrierLineSuspended { approved_by, .. } => {
                if !self.locate_attempted() && self.recovered.is_none() {
                    warn(
                        WarningCode::CarrierBeforeLocate,
                        "suspending the carrier line before any locate attempt: suspending the line (回線停止) stops GPS location and calling the device — locate first".into(),
                    );
                }
                if approved_by.as_deref().is_none_or(|a| a.trim().is_empty()) {
                    warn(
                        WarningCode::CarrierWithoutApproval,
                        "suspending the carrier line without a manager's approval: the company holds the contract (上長の承認)".into(),
                    );
                }
            }
            EventData::RemoteWipeIssued { .. }
                if !self.locate_attempted() && self.recovered.is_none() =>
            {
                warn(
                    WarningCode::WipeBeforeLocate,
                    "wiping remotely before any locate attempt: the wipe ends lost-mode tracking (遠隔消去の前に位置確認)".into(),
                );
            }
            EventData::Closed { .. } => {
                for o in self.open_obligations() {
                    warn(
                        WarningCode::CloseWithOpenObligation,
                        format!(
                            "closing while obligation {} ({} {}) is neither done nor waived with a reason",
                            o.id,
                            <&str>::from(o.status),
                            o.jurisdiction
                        ),
                    );
                }
            }
            _ => {}
        }
        w
    }

    fn due_limit(o: &Obligation) -> Option<DateTime<FixedOffset>> {
        match &o.due {
            Due::Deadline { at } => Some(*at),
            Due::Window { latest, .. } => Some(*latest),
            Due::WithoutUndueDelay => None,
            Due::AfterObligation { latest, .. } => *latest,
        }
    }

    fn find_obligation(&self, id: &str) -> Option<&Obligation> {
        self.assessment
            .as_ref()?
            .obligations
            .iter()
            .find(|o| o.id == id)
    }

    fn require_device(&self) -> std::result::Result<(), Error> {
        if self.device_id.is_none() {
            return Err(Error::InvalidEvent(
                "no device is involved in this incident".into(),
            ));
        }
        Ok(())
    }

    /// Apply one event (index `index` in the log). Pure: the same events always give the same
    /// state.
    fn apply(&mut self, index: usize, e: &Event, earlier: &[Event]) -> Result<()> {
        let bad = |m: &str| Error::InvalidEvent(m.to_string());
        if self.closed.is_some() {
            return Err(bad("the incident is closed"));
        }
        let at = e.at;
        let corrected: Option<&Event> = match &e.corrects {
            None => None,
            Some(c) => Some(check_correction(c, e, earlier)?),
        };
        let correcting = corrected.is_some();
        let mut new_warnings = if correcting {
            Vec::new()
        } else {
            self.guard(&e.data, Some(index))
        };
        let recorded = e.recorded_time();
        if recorded < at {
            new_warnings.push(Warning {
                event_index: Some(index),
                code: WarningCode::RecordedBeforeHappened,
                message: "recorded before it happened (recorded_at < at); check the clocks".into(),
            });
        }
        if self.last_recorded_at.is_some_and(|l| recorded < l) {
            new_warnings.push(Warning {
                event_index: Some(index),
                code: WarningCode::RecordedOutOfOrder,
                message: "recorded earlier than the event before it in the log; check the clocks"
                    .into(),
            });
        }
        if let Some(old) = corrected
            && !matches!(e.data, EventData::InterviewAnswered { .. })
        {
            let mut changes = Vec::new();
            if old.at != e.at {
                changes.push(FieldChange {
                    field: "at".into(),
                    before: old.at.to_rfc3339(),
                    after: e.at.to_rfc3339(),
                });
            }
            if old.data != e.data {
                changes.push(FieldChange {
                    field: "data".into(),
                    before: old.data.summary(),
                    after: e.data.summary(),
                });
            }
            self.corrections.push(CorrectionRecord {
                event_index: index,
                corrects: e.corrects.as_ref().map(|c| c.event),
                event_type: e.data.type_name().into(),
                recorded_at: recorded,
                reason: e
                    .corrects
                    .as_ref()
                    .map(|c| c.reason.clone())
                    .unwrap_or_default(),
                changes,
            });
        }
        if at < self.reported_at {
            new_warnings.push(Warning {
                event_index: Some(index),
                code: WarningCode::BeforeReport,
                message: format!(
                    "dated {} before the incident was reported ({}); check the timestamp",
                    at.to_rfc3339(),
                    self.reported_at.to_rfc3339()
                ),
            });
        }
        match &e.data {
            EventData::Reported { .. } => return Err(bad("the incident was already reported")),
            EventData::InterviewAnswered { answers } => {
                let before = self.findings().warnings;
                let mut merged = self.interview.clone();
                merged.merge(answers);
                merged.validate()?;
                let changes = answer_changes(&self.interview, answers);
                if correcting || !changes.is_empty() {
                    self.corrections.push(CorrectionRecord {
                        event_index: index,
                        corrects: e.corrects.as_ref().map(|c| c.event),
                        event_type: e.data.type_name().into(),
                        recorded_at: recorded,
                        reason: e
                            .corrects
                            .as_ref()
                            .map(|c| c.reason.clone())
                            .unwrap_or_default(),
                        changes,
                    });
                }
                self.interview = merged;
                self.interview_sessions = self.interview_sessions.saturating_add(1);
                let raw = self
                    .interview
                    .findings(self.kind, self.reported_at, &self.reporter);
                match &self.earliest_awareness {
                    Some(prev) if prev.at < raw.aware_at => new_warnings.push(Warning {
                        event_index: Some(index),
                        code: WarningCode::AwarenessKeptEarliest,
                        message: format!(
                            "these answers move the organisation's awareness to {}, but {} was stated earlier: the legal clocks keep running from the earliest",
                            raw.aware_at.to_rfc3339(),
                            prev.at.to_rfc3339()
                        ),
                    }),
                    Some(prev) if prev.at <= raw.aware_at => {}
                    _ => {
                        self.earliest_awareness = Some(StatedAwareness {
                            at: raw.aware_at,
                            basis: raw.aware_basis.clone(),
                            event_index: index,
                        })
                    }
                }
                let f = self.findings();
                for mut w in f.warnings.into_iter().filter(|w| !before.contains(w)) {
                    w.event_index = Some(index);
                    new_warnings.push(w);
                }
            }
            EventData::DeviceCalled { answered, .. } => {
                self.require_device()?;
                if correcting {
                    self.device_called_at = Some(at);
                    self.device_call_answered = *answered;
                } else {
                    self.device_called_at.get_or_insert(at);
                    self.device_call_answered |= *answered;
                }
            }
            EventData::VenueContacted { venue, found, .. } => {
                if venue.trim().is_empty() {
                    return Err(bad("venue must not be empty"));
                }
                self.venues.push(VenueContact {
                    at,
                    venue: venue.clone(),
                    found: *found,
                });
            }
            EventData::PoliceLostReportFiled {
                station,
                receipt_number,
            } => {
                if receipt_number.trim().is_empty() {
                    return Err(bad("receipt_number must not be empty"));
                }
                self.police_lost_report = Some(PoliceReport {
                    at,
                    station: station.clone(),
                    receipt_number: receipt_number.clone(),
                });
            }
            EventData::PoliceDamageReportFiled {
                station,
                receipt_number,
            } => {
                if receipt_number.trim().is_empty() {
                    return Err(bad("receipt_number must not be empty"));
                }
                self.police_damage_report = Some(PoliceReport {
                    at,
                    station: station.clone(),
                    receipt_number: receipt_number.clone(),
                });
            }
            EventData::LocateAttempted { result, position } => {
                self.require_device()?;
                if position.is_some() && *result != LocateResult::Located {
                    return Err(bad("a position is given but the result is not `located`"));
                }
                if let Some(p) = position
                    && (p.lat_microdeg.unsigned_abs() > 90_000_000
                        || p.lon_microdeg.unsigned_abs() > 180_000_000)
                {
                    return Err(bad("position out of range"));
                }
                self.locate_attempts.push(LocateAttempt {
                    at,
                    result: *result,
                    position: *position,
                });
            }
            EventData::RemoteLockIssued { .. } => {
                self.require_device()?;
                set_time(&mut self.remote_lock.issued_at, at, correcting);
            }
            EventData::RemoteLockConfirmed => {
                self.require_device()?;
                if self.remote_lock.issued_at.is_none() {
                    return Err(bad("remote lock confirmed but never issued"));
                }
                set_time(&mut self.remote_lock.confirmed_at, at, correcting);
            }
            EventData::RemoteWipeIssued { .. } => {
                self.require_device()?;
                if !correcting {
                    super::check_holds(&self.holds, "remote wipe (remote_wipe_issued)")?;
                }
                set_time(&mut self.remote_wipe.issued_at, at, correcting);
            }
            EventData::RemoteWipeConfirmed => {
                self.require_device()?;
                if self.remote_wipe.issued_at.is_none() {
                    return Err(bad("remote wipe confirmed but never issued"));
                }
                set_time(&mut self.remote_wipe.confirmed_at, at, correcting);
            }
            EventData::KeyShareRevoked {
                share_ids,
                registry_log,
            } => {
                self.require_device()?;
                if share_ids.is_empty() {
                    return Err(bad("name at least one revoked share id"));
                }
                let mut ids = Vec::with_capacity(share_ids.len());
                for id in share_ids {
                    let id = id.trim().to_ascii_lowercase();
                    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return Err(bad(
                            "share_ids: each id is 32 hexadecimal digits (16 bytes)",
                        ));
                    }
                    ids.push(id);
                }
                self.share_revocations.push(ShareRevocation {
                    at,
                    share_ids: ids,
                    registry_log: registry_log.clone(),
                });
            }
            EventData::CarrierLineSuspended {
                carrier,
                approved_by,
            } => {
                self.require_device()?;
                if self.carrier_suspension.is_some() && !correcting {
                    return Err(bad("the carrier line is already suspended"));
                }
                self.carrier_suspension = Some(CarrierSuspension {
                    at,
                    carrier: carrier.clone(),
                    approved_by: approved_by.clone(),
                });
            }
            EventData::DeviceRecovered {
                found_at_place,
                evidence_of_access,
            } => {
                self.require_device()?;
                if self.recovered.is_some() && !correcting {
                    return Err(bad("the device was already recovered"));
                }
                self.recovered = Some(Recovery {
                    at,
                    place: found_at_place.clone(),
                    evidence_of_access: *evidence_of_access,
                });
            }
            EventData::DataAccessChecked { result, .. } => {
                self.data_access = Some(AccessCheck {
                    at,
                    result: *result,
                });
            }
            EventData::Reclassified { kind, reason } => {
                if reason.trim().is_empty() {
                    return Err(bad("a reclassification needs a reason"));
                }
                if *kind == self.kind {
                    return Err(bad("the incident already has this kind"));
                }
                self.kind = *kind;
            }
            EventData::AssessmentRecorded { assessment } => {
                if assessment.schema != ASSESSMENT_SCHEMA {
                    return Err(bad("assessment.schema must be \"mamori.assessment.v1\""));
                }
                self.assessment = Some((**assessment).clone());
                self.assessed_at = Some(at);
            }
            EventData::CustomersNotified { count, .. } => {
                if *count == 0 {
                    return Err(bad("count must be at least 1"));
                }
                if let Some(EventData::CustomersNotified { count: old, .. }) =
                    corrected.map(|c| &c.data)
                {
                    self.customers_notified = self.customers_notified.saturating_sub(*old);
                }
                self.customers_notified = self.customers_notified.saturating_add(*count);
                set_time(&mut self.customers_notified_at, at, false);
            }
            EventData::PublicNotice { .. } => {
                set_time(&mut self.public_notice_at, at, correcting);
            }
            EventData::InquiryDeskOpened { .. } => {
                set_time(&mut self.inquiry_desk_at, at, correcting);
            }
            EventData::RegulatorReportFiled {
                obligation_id,
                reference,
                delay_reason,
            } => {
                let Some(o) = self.find_obligation(obligation_id) else {
                    return Err(Error::InvalidEvent(format!(
                        "obligation `{obligation_id}` is not in the recorded assessment (record the assessment first)"
                    )));
                };
                if self.filings.contains_key(obligation_id) && !correcting {
                    return Err(bad("a report for this obligation was already filed"));
                }
                let late = Self::due_limit(o).is_some_and(|d| at > d);
                let reason = delay_reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty());
                if late && reason.is_none() {
                    return Err(Error::InvalidEvent(format!(
                        "report for `{obligation_id}` filed after its deadline: a delay_reason is required"
                    )));
                }
                if reference.trim().is_empty() {
                    return Err(bad("reference must not be empty"));
                }
                self.filings.insert(
                    obligation_id.clone(),
                    Filing {
                        at,
                        reference: reference.clone(),
                        late,
                        delay_reason: reason.map(str::to_string),
                    },
                );
            }
            EventData::ObligationWaived {
                obligation_id,
                reason,
            } => {
                if reason.trim().is_empty() {
                    return Err(bad("a waiver needs a reason"));
                }
                if self.find_obligation(obligation_id).is_none() {
                    return Err(Error::InvalidEvent(format!(
                        "obligation `{obligation_id}` is not in the recorded assessment"
                    )));
                }
                if self.filings.contains_key(obligation_id) {
                    return Err(bad("a report for this obligation was already filed"));
                }
                self.waivers.insert(obligation_id.clone(), reason.clone());
            }
            EventData::WrittenReportReceived { .. } => {
                set_time(&mut self.written_report_at, at, correcting);
            }
            EventData::DisciplinaryMeasure { measure } => {
                if measure.trim().is_empty() {
                    return Err(bad("measure must not be empty"));
                }
                self.disciplinary.push(measure.clone());
            }
            EventData::PreventionMeasureAdded {
                category,
                description,
                follow_up_at,
            } => {
                if description.trim().is_empty() {
                    return Err(bad("description must not be empty"));
                }
                self.prevention.push(PreventionRecord {
                    at,
                    category: *category,
                    description: description.clone(),
                    follow_up_at: *follow_up_at,
                });
            }
            EventData::LeakDetermined {
                leaked,
                not_leaked,
                note,
            } => {
                if leaked.is_empty() && not_leaked.is_empty() {
                    return Err(bad("name at least one leaked or not-leaked item"));
                }
                self.leak = Some(LeakFindings {
                    at,
                    leaked: leaked.clone(),
                    not_leaked: not_leaked.clone(),
                    note: note.clone(),
                });
            }
            EventData::LegalHoldPlaced { .. }
            | EventData::LegalHoldOverridden { .. }
            | EventData::LegalHoldReleased { .. } => {
                if let Some((action, hold_id, reason)) = super::hold::incident_hold_event(&e.data) {
                    let subject = format!("incident {}", self.incident_id);
                    let decision = super::HoldDecision {
                        by: e.actor.clone(),
                        at,
                        reason: reason.to_string(),
                    };
                    super::apply_hold_event(&mut self.holds, &subject, action, hold_id, decision)
                        .map_err(|err| Error::InvalidEvent(err.to_string()))?;
                }
            }
            EventData::Closed { summary } => {
                self.closed = Some(Closure {
                    at,
                    summary: summary.clone(),
                });
            }
        }
        self.warnings.extend(new_warnings);
        self.event_count += 1;
        self.last_event_at = at;
        self.last_recorded_at = Some(self.last_recorded_at.map_or(recorded, |l| l.max(recorded)));
        Ok(())
    }
}

/// Set a first-time fact: only if unset, or always for a correction.
fn set_time(slot: &mut Option<DateTime<FixedOffset>>, at: DateTime<FixedOffset>, replace: bool) {
    if replace {
        *slot = Some(at);
    } else {
        slot.get_or_insert(at);
    }
}

/// Event types whose correction the fold supports (the corrected value replaces the earlier
/// one). Other types are refused: record a new event instead.
const CORRECTABLE: [&str; 18] = [
    "leak_determined",
    "interview_answered",
    "device_called",
    "police_lost_report_filed",
    "police_damage_report_filed",
    "remote_lock_issued",
    "remote_lock_confirmed",
    "remote_wipe_issued",
    "remote_wipe_confirmed",
    "carrier_line_suspended",
    "device_recovered",
    "data_access_checked",
    "customers_notified",
    "public_notice",
    "inquiry_desk_opened",
    "regulator_report_filed",
    "obligation_waived",
    "written_report_received",
];

fn check_correction<'a>(
    c: &super::Correction,
    e: &Event,
    earlier: &'a [Event],
) -> Result<&'a Event> {
    let bad = |m: String| Error::InvalidEvent(m);
    if c.reason.trim().is_empty() {
        return Err(bad("a correction needs a reason".into()));
    }
    let Some(old) = earlier.get(c.event) else {
        return Err(bad(format!(
            "corrects.event {} is not an earlier event of this log",
            c.event
        )));
    };
    let ty = e.data.type_name();
    if old.data.type_name() != ty {
        return Err(bad(format!(
            "a correction must have the type of the event it corrects (`{}`)",
            old.data.type_name()
        )));
    }
    if !CORRECTABLE.contains(&ty) {
        return Err(bad(format!(
            "`{ty}` events cannot be corrected: record a new event (e.g. `reclassified`, a new assessment)"
        )));
    }
    if let (
        EventData::RegulatorReportFiled {
            obligation_id: a, ..
        },
        EventData::RegulatorReportFiled {
            obligation_id: b, ..
        },
    )
    | (
        EventData::ObligationWaived {
            obligation_id: a, ..
        },
        EventData::ObligationWaived {
            obligation_id: b, ..
        },
    ) = (&old.data, &e.data)
        && a != b
    {
        return Err(bad("a correction must name the same obligation".into()));
    }
    Ok(old)
}

/// The answered fields of `newer` that change an answer already in `current`.
fn answer_changes(current: &InterviewAnswers, newer: &InterviewAnswers) -> Vec<FieldChange> {
    let (Ok(serde_json::Value::Object(cur)), Ok(serde_json::Value::Object(new))) =
        (serde_json::to_value(current), serde_json::to_value(newer))
    else {
        return Vec::new();
    };
    new.iter()
        .filter_map(|(k, v)| {
            let old = cur.get(k)?;
            (old != v).then(|| FieldChange {
                field: k.clone(),
                before: old.to_string(),
                after: v.to_string(),
            })
        })
        .collect()
}
