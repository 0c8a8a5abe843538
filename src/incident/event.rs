//! Incident events (`schema: "mamori.incident_event.v2"`; `v1` events of old logs still load).

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::InterviewAnswers;
use crate::breach::{Assessment, IncidentKind};

/// The schema tag of an incident event (hash-chained logs, `mamori.incident.v2`).
pub const EVENT_SCHEMA: &str = "mamori.incident_event.v2";
/// The schema tag of an event of an old, unchained `mamori.incident.v1` log.
pub const EVENT_SCHEMA_V1: &str = "mamori.incident_event.v1";

/// One entry of an incident's append-only log.
///
/// `at` is when it happened, `recorded_at` when it was written into the log (they differ when
/// a fact is learned later, e.g. an employee admits a different date). In a `mamori.incident.v2`
/// log every event carries `prev` (the previous event's hash) and `hash` (SHA-256 over the
/// event's canonical bytes, see `docs/incident.md`), filled by [`Incident::append`](super::Incident::append).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// `"mamori.incident_event.v2"` (or `"mamori.incident_event.v1"` in an old log).
    pub schema: String,
    /// When it happened (RFC 3339 with an offset).
    pub at: DateTime<FixedOffset>,
    /// When it was recorded in the log (RFC 3339). Absent on input = recorded when it
    /// happened (`append` fills in `at`); absent in v1 logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<DateTime<FixedOffset>>,
    /// Who did it or recorded it (an employee id or name).
    pub actor: String,
    /// What happened, with the kind-specific data.
    pub data: EventData,
    /// This event corrects an earlier one (same event type); the earlier one stays in the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<Correction>,
    /// Hash of the previous event (lowercase hex SHA-256; for the first event, the genesis
    /// value of the incident id). Filled by `append`; ignored on input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// This event's hash (lowercase hex SHA-256 of its canonical bytes). Filled by `append`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// The host's Ed25519 signature over this event's hash (not part of the hash). Filled by
    /// [`Incident::append_signed`](super::Incident::append_signed); see [`super::verify_signed`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<super::EventSignature>,
}

/// What a correcting event corrects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// Index (0-based position in the log) of the event corrected.
    pub event: usize,
    /// Why (must not be empty), e.g. "the employee admitted the phone was lost on the 12th".
    pub reason: String,
}

impl Event {
    /// A new event with the schema tag filled in (recorded when it happened, unless
    /// [`Event::recorded`] says otherwise).
    pub fn new(at: DateTime<FixedOffset>, actor: impl Into<String>, data: EventData) -> Self {
        Event {
            schema: EVENT_SCHEMA.to_string(),
            at,
            recorded_at: None,
            actor: actor.into(),
            data,
            corrects: None,
            prev: None,
            hash: None,
            signature: None,
        }
    }

    /// The same event, recorded at `recorded_at` (which may be later than `at`).
    pub fn recorded(mut self, recorded_at: DateTime<FixedOffset>) -> Self {
        self.recorded_at = Some(recorded_at);
        self
    }

    /// The same event, as a correction of the event at index `event`.
    pub fn correcting(mut self, event: usize, reason: impl Into<String>) -> Self {
        self.corrects = Some(Correction {
            event,
            reason: reason.into(),
        });
        self
    }

    /// When it was recorded (`recorded_at`, or `at` when not given).
    pub fn recorded_time(&self) -> DateTime<FixedOffset> {
        self.recorded_at.unwrap_or(self.at)
    }
}

/// A position from a locate attempt, in micro-degrees (WGS 84) so that it round-trips exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// Latitude × 1,000,000.
    pub lat_microdeg: i32,
    /// Longitude × 1,000,000.
    pub lon_microdeg: i32,
    /// Accuracy radius in metres.
    #[serde(default)]
    pub accuracy_m: Option<u32>,
}

/// The result of a locate attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum LocateResult {
    /// A position was obtained.
    Located,
    /// The device did not answer (off, no signal, line suspended).
    NoResponse,
    /// No locate service is available for this device.
    NotAvailable,
}

/// The result of checking whether data on or behind the device was accessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum AccessResult {
    /// Logs show no access after the last confirmed moment.
    NoAccessFound,
    /// Data was accessed, lost or altered (file a 被害届).
    Accessed,
    /// It cannot be determined.
    Undetermined,
}

/// Category of a recurrence-prevention measure (再発防止策).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum PreventionCategory {
    /// 物理的 (e.g. straps, lockers).
    Physical,
    /// 技術的 (e.g. MDM, encrypted vault, 6-digit PIN).
    Technical,
    /// 組織的 / administrative (rules, register, check-out).
    Administrative,
    /// 人的 / educational (training).
    Educational,
}

/// What happened. JSON: an object with `"type"` and the kind-specific fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventData {
    /// The incident was reported to the organisation (always the first event).
    Reported {
        /// Kind of incident.
        kind: IncidentKind,
        /// The device's asset tag, if a device is involved.
        #[serde(default)]
        device_id: Option<String>,
        /// Who reported it (employee id or name).
        reporter: String,
        /// Short description.
        summary: String,
    },
    /// Answers to the loss interview (ヒアリング); later answers override earlier ones.
    InterviewAnswered {
        /// The answers given in this session.
        answers: Box<InterviewAnswers>,
    },
    /// The lost device was called (a finder may answer).
    DeviceCalled {
        /// Someone answered.
        answered: bool,
        /// What was learned.
        #[serde(default)]
        note: Option<String>,
    },
    /// A venue or facility manager (施設の管理者) was contacted.
    VenueContacted {
        /// Which venue.
        venue: String,
        /// The device was there.
        found: bool,
        /// What was said.
        #[serde(default)]
        note: Option<String>,
    },
    /// Lost-property report (遺失届) filed with the police.
    PoliceLostReportFiled {
        /// Police station.
        station: String,
        /// Receipt number (受理番号).
        receipt_number: String,
    },
    /// Damage report (被害届) filed with the police (theft, or data accessed).
    PoliceDamageReportFiled {
        /// Police station.
        station: String,
        /// Receipt number.
        receipt_number: String,
    },
    /// A locate attempt (MDM, carrier service, Find My).
    LocateAttempted {
        /// Result.
        result: LocateResult,
        /// Position, when located.
        #[serde(default)]
        position: Option<Position>,
    },
    /// Remote lock (or lost mode) issued.
    RemoteLockIssued {
        /// Through what (MDM name, carrier service).
        channel: String,
    },
    /// The device acknowledged the remote lock.
    RemoteLockConfirmed,
    /// Remote wipe issued.
    RemoteWipeIssued {
        /// Through what.
        channel: String,
    },
    /// The device acknowledged the wipe.
    RemoteWipeConfirmed,
    /// The company key server revoked the vault's key share(s) (`passcode+server` slots,
    /// [`crate::vault::keyshare::ShareRegistry::revoke`]); `at` is when. The incident link
    /// grants the remote-erasure exemption only with this event **and** a registry log
    /// showing no release of the share since the device was last confirmed in hand
    /// (`docs/incident.md`, "Remote erasure of a server share").
    KeyShareRevoked {
        /// The revoked share ids (32 hexadecimal digits each), as the vault manifest's key
        /// slots name them (`key_slots[].share_id`).
        share_ids: Vec<String>,
        /// The registry's log (`mamori.share_log.v1`, [`crate::vault::keyshare::ShareLog`])
        /// exported after the revocation: it shows when each share was released and revoked.
        /// Its hash chain is checked when the incident is assessed; recording it here also
        /// binds its head into the incident's own chain. `null` = not supplied (the exemption
        /// is then not established).
        #[serde(default)]
        registry_log: Option<Box<crate::vault::keyshare::ShareLog>>,
    },
    /// The carrier line was suspended (回線停止).
    CarrierLineSuspended {
        /// Carrier.
        carrier: String,
        /// The manager who approved it (the company holds the contract).
        #[serde(default)]
        approved_by: Option<String>,
    },
    /// The device was recovered.
    DeviceRecovered {
        /// Where it was found.
        #[serde(default)]
        found_at_place: Option<String>,
        /// Evidence that someone accessed it: `true`, `false`, or `null` = not yet known.
        #[serde(default)]
        evidence_of_access: Option<bool>,
    },
    /// The data-access check (データの確認) was done.
    DataAccessChecked {
        /// Result.
        result: AccessResult,
        /// What was checked.
        #[serde(default)]
        detail: Option<String>,
    },
    /// The incident was reclassified (e.g. a loss turns out to be a theft).
    Reclassified {
        /// The new kind.
        kind: IncidentKind,
        /// Why.
        reason: String,
    },
    /// A breach assessment was recorded in the log (keeps the rules version and deadlines).
    AssessmentRecorded {
        /// The engine's output.
        assessment: Box<Assessment>,
    },
    /// Affected customers were notified (訪問と謝罪, letters, e-mail).
    CustomersNotified {
        /// How many.
        count: u64,
        /// How.
        channel: String,
    },
    /// A public notice (HP公表) was published.
    PublicNotice {
        /// Where (URL or medium).
        location: String,
    },
    /// An inquiry desk (問い合わせ窓口) was opened.
    InquiryDeskOpened {
        /// How to reach it (a desk name; not a personal number).
        contact: String,
    },
    /// A regulator report was filed for an obligation of the recorded assessment.
    RegulatorReportFiled {
        /// The obligation id, e.g. `jp.appi.ppc.final`.
        obligation_id: String,
        /// The regulator's reference number.
        reference: String,
        /// Required when filed after the deadline (or after the window's latest time).
        #[serde(default)]
        delay_reason: Option<String>,
    },
    /// An obligation was waived (decided not to apply), with the reason.
    ObligationWaived {
        /// The obligation id.
        obligation_id: String,
        /// Why (must not be empty).
        reason: String,
    },
    /// The employee's written report (始末書/報告書) was received.
    WrittenReportReceived {
        /// From whom.
        from: String,
    },
    /// A disciplinary measure was recorded (the company decides; mamori only records).
    DisciplinaryMeasure {
        /// The measure (e.g. 訓戒, half of the device cost).
        measure: String,
    },
    /// A recurrence-prevention measure (再発防止策) was added.
    PreventionMeasureAdded {
        /// Category.
        category: PreventionCategory,
        /// What.
        description: String,
        /// When to check that it works.
        #[serde(default)]
        follow_up_at: Option<DateTime<FixedOffset>>,
    },
    /// What is now known to have leaked and what not (e.g. "e-mail addresses leaked, phone
    /// numbers did not"); the latest determination replaces earlier ones. Feeds the
    /// follow-up report (その後の状況報告).
    LeakDetermined {
        /// Data items now known to have leaked.
        #[serde(default)]
        leaked: Vec<String>,
        /// Data items now known not to have leaked.
        #[serde(default)]
        not_leaked: Vec<String>,
        /// How it was determined.
        #[serde(default)]
        note: Option<String>,
    },
    /// A legal hold (訴訟ホールド) was placed on the incident's data and device: a remote wipe
    /// is refused until it is overridden or released (see [`super::LegalHold`]).
    LegalHoldPlaced {
        /// The hold's id (the matter or case number).
        hold_id: String,
        /// Why (must not be empty).
        reason: String,
    },
    /// An erase is allowed despite the hold (the event's actor decided it; the reason says
    /// why, e.g. the thief has the phone and wiping outweighs keeping).
    LegalHoldOverridden {
        /// The hold's id.
        hold_id: String,
        /// Why (must not be empty).
        reason: String,
    },
    /// The hold ended.
    LegalHoldReleased {
        /// The hold's id.
        hold_id: String,
        /// Why (must not be empty).
        reason: String,
    },
    /// The incident was closed.
    Closed {
        /// Closing summary.
        summary: String,
    },
}

impl EventData {
    /// The snake_case type name (as in the JSON `"type"` field).
    pub fn type_name(&self) -> &'static str {
        match self {
            EventData::Reported { .. } => "reported",
            EventData::InterviewAnswered { .. } => "interview_answered",
            EventData::DeviceCalled { .. } => "device_called",
            EventData::VenueContacted { .. } => "venue_contacted",
            EventData::PoliceLostReportFiled { .. } => "police_lost_report_filed",
            EventData::PoliceDamageReportFiled { .. } => "police_damage_report_filed",
            EventData::LocateAttempted { .. } => "locate_attempted",
            EventData::RemoteLockIssued { .. } => "remote_lock_issued",
            EventData::RemoteLockConfirmed => "remote_lock_confirmed",
            EventData::RemoteWipeIssued { .. } => "remote_wipe_issued",
            EventData::RemoteWipeConfirmed => "remote_wipe_confirmed",
            EventData::KeyShareRevoked { .. } => "key_share_revoked",
            EventData::CarrierLineSuspended { .. } => "carrier_line_suspended",
            EventData::DeviceRecovered { .. } => "device_recovered",
            EventData::DataAccessChecked { .. } => "data_access_checked",
            EventData::Reclassified { .. } => "reclassified",
            EventData::AssessmentRecorded { .. } => "assessment_recorded",
            EventData::CustomersNotified { .. } => "customers_notified",
            EventData::PublicNotice { .. } => "public_notice",
            EventData::InquiryDeskOpened { .. } => "inquiry_desk_opened",
            EventData::RegulatorReportFiled { .. } => "regulator_report_filed",
            EventData::ObligationWaived { .. } => "obligation_waived",
            EventData::WrittenReportReceived { .. } => "written_report_received",
            EventData::DisciplinaryMeasure { .. } => "disciplinary_measure",
            EventData::PreventionMeasureAdded { .. } => "prevention_measure_added",
            EventData::LeakDetermined { .. } => "leak_determined",
            EventData::LegalHoldPlaced { .. } => "legal_hold_placed",
            EventData::LegalHoldOverridden { .. } => "legal_hold_overridden",
            EventData::LegalHoldReleased { .. } => "legal_hold_released",
            EventData::Closed { .. } => "closed",
        }
    }

    /// A one-line English summary for timelines (never contains phone numbers or contact data).
    pub fn summary(&self) -> String {
        match self {
            EventData::Reported {
                kind,
                device_id,
                reporter,
                summary,
            } => format!(
                "reported ({}) by {reporter}{}: {summary}",
                kind_name(*kind),
                device_id
                    .as_ref()
                    .map(|d| format!(", device {d}"))
                    .unwrap_or_default()
            ),
            EventData::InterviewAnswered { answers } => {
                format!("interview answered ({} answers)", answers.answered_count())
            }
            EventData::DeviceCalled { answered, note } => format!(
                "device called: {}{}",
                if *answered { "answered" } else { "no answer" },
                opt_note(note)
            ),
            EventData::VenueContacted { venue, found, note } => format!(
                "venue contacted: {venue}: {}{}",
                if *found { "found" } else { "not found" },
                opt_note(note)
            ),
            EventData::PoliceLostReportFiled {
                station,
                receipt_number,
            } => {
                format!(
                    "police lost-property report (遺失届) filed at {station}, receipt {receipt_number}"
                )
            }
            EventData::PoliceDamageReportFiled {
                station,
                receipt_number,
            } => {
                format!(
                    "police damage report (被害届) filed at {station}, receipt {receipt_number}"
                )
            }
            EventData::LocateAttempted { result, position } => match (result, position) {
                (LocateResult::Located, Some(p)) => format!(
                    "locate attempted: located at {:.6},{:.6}",
                    f64::from(p.lat_microdeg) / 1e6,
                    f64::from(p.lon_microdeg) / 1e6
                ),
                (LocateResult::Located, None) => "locate attempted: located".to_string(),
                (LocateResult::NoResponse, _) => "locate attempted: no response".to_string(),
                (LocateResult::NotAvailable, _) => "locate attempted: not available".to_string(),
            },
            EventData::RemoteLockIssued { channel } => format!("remote lock issued via {channel}"),
            EventData::RemoteLockConfirmed => "remote lock confirmed by the device".to_string(),
            EventData::RemoteWipeIssued { channel } => format!("remote wipe issued via {channel}"),
            EventData::RemoteWipeConfirmed => "remote wipe confirmed by the device".to_string(),
            EventData::KeyShareRevoked {
                share_ids,
                registry_log,
            } => format!(
                "vault key share(s) revoked on the key server: {}; {}",
                share_ids.join(", "),
                registry_log.as_ref().map_or_else(
                    || "no registry log attached".to_string(),
                    |l| format!(
                        "registry log attached ({} entries, head {})",
                        l.entries.len(),
                        l.head()
                            .map_or("-".to_string(), |h| h.chars().take(16).collect())
                    )
                )
            ),
            EventData::CarrierLineSuspended {
                carrier,
                approved_by,
            } => format!(
                "carrier line suspended ({carrier}){}",
                approved_by
                    .as_ref()
                    .map(|a| format!(", approved by {a}"))
                    .unwrap_or_else(|| ", no approval recorded".into())
            ),
            EventData::DeviceRecovered {
                found_at_place,
                evidence_of_access,
            } => format!(
                "device recovered{}; evidence of access: {}",
                found_at_place
                    .as_ref()
                    .map(|p| format!(" at {p}"))
                    .unwrap_or_default(),
                match evidence_of_access {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "unknown",
                }
            ),
            EventData::DataAccessChecked { result, detail } => format!(
                "data-access check: {}{}",
                match result {
                    AccessResult::NoAccessFound => "no access found",
                    AccessResult::Accessed => "data accessed",
                    AccessResult::Undetermined => "undetermined",
                },
                opt_note(detail)
            ),
            EventData::Reclassified { kind, reason } => {
                format!("reclassified as {}: {reason}", kind_name(*kind))
            }
            EventData::AssessmentRecorded { assessment } => format!(
                "breach assessment recorded ({}, {} obligations)",
                assessment.rules_version,
                assessment.obligations.len()
            ),
            EventData::CustomersNotified { count, channel } => {
                format!("{count} customers notified via {channel}")
            }
            EventData::PublicNotice { location } => format!("public notice published: {location}"),
            EventData::InquiryDeskOpened { contact } => format!("inquiry desk opened: {contact}"),
            EventData::RegulatorReportFiled {
                obligation_id,
                reference,
                delay_reason,
            } => format!(
                "regulator report filed for {obligation_id}, reference {reference}{}",
                delay_reason
                    .as_ref()
                    .map(|r| format!("; delay reason: {r}"))
                    .unwrap_or_default()
            ),
            EventData::ObligationWaived {
                obligation_id,
                reason,
            } => {
                format!("obligation {obligation_id} waived: {reason}")
            }
            EventData::WrittenReportReceived { from } => {
                format!("written report received from {from}")
            }
            EventData::DisciplinaryMeasure { measure } => {
                format!("disciplinary measure recorded: {measure}")
            }
            EventData::PreventionMeasureAdded {
                category,
                description,
                ..
            } => {
                format!(
                    "prevention measure ({}): {description}",
                    category_name(*category)
                )
            }
            EventData::LeakDetermined {
                leaked,
                not_leaked,
                note,
            } => format!(
                "leak determined: leaked [{}], not leaked [{}]{}",
                leaked.join(", "),
                not_leaked.join(", "),
                opt_note(note)
            ),
            EventData::LegalHoldPlaced { hold_id, reason } => {
                format!("legal hold {hold_id} placed: {reason}")
            }
            EventData::LegalHoldOverridden { hold_id, reason } => {
                format!("legal hold {hold_id} overridden: {reason}")
            }
            EventData::LegalHoldReleased { hold_id, reason } => {
                format!("legal hold {hold_id} released: {reason}")
            }
            EventData::Closed { summary } => format!("closed: {summary}"),
        }
    }
}

fn opt_note(n: &Option<String>) -> String {
    n.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
}

/// The snake_case name of an incident kind.
pub fn kind_name(k: IncidentKind) -> &'static str {
    k.into()
}

fn category_name(c: PreventionCategory) -> &'static str {
    c.into()
}
