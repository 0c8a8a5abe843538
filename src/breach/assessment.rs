//! The `mamori.assessment.v1` output.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema tag every assessment carries.
pub const ASSESSMENT_SCHEMA: &str = "mamori.assessment.v1";

/// The engine's answer: every obligation it considered, and the facts it still needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Assessment {
    /// Always `"mamori.assessment.v1"`.
    pub schema: String,
    /// The id and version of the rule pack that produced this assessment.
    pub rules_version: String,
    /// One entry per rule considered, in a stable order.
    pub obligations: Vec<Obligation>,
    /// JSON paths of request fields whose unknown value kept an obligation `possible`.
    pub missing_facts: Vec<String>,
    /// The Japanese report draft (PPC Rules Art. 8(1), nine items), present when a report to
    /// the PPC is `required` or `possible`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jp_report_draft: Option<JpReportDraft>,
    /// The response plan: the obligations grouped by rule family and recipient, first thing
    /// to do first (always present in the engine's answers; absent in documents written
    /// before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<super::plan::ResponsePlan>,
    /// The residency assumptions the host declared (`assume`), as applied; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<super::assume::Assumption>,
    /// Persons under a jurisdiction code no rule of the pack covers (`data.persons.ZA` with a
    /// pack that has no rule for ZA): that law was not assessed, and they count only toward
    /// rules that count every person. Absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncovered: Vec<super::coverage::UncoveredPersons>,
}

/// One duty to report or notify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Obligation {
    /// Stable id, e.g. `jp.appi.ppc.final`.
    pub id: String,
    /// Jurisdiction code, e.g. `JP`, `EU`.
    pub jurisdiction: String,
    /// Who must be told.
    pub recipient: Recipient,
    /// Whether it applies.
    pub status: ObligationStatus,
    /// When it is due.
    pub due: Due,
    /// Legal basis, e.g. `APPI Art. 26(1); PPC Rules Art. 8(2)`.
    pub basis: String,
    /// Whether the rule's reading has been checked against the primary text.
    pub verification: Verification,
    /// Human-readable reasons naming the facts that decided it.
    pub reasons: Vec<String>,
    /// Timing relative to a caller-supplied `now` (only set by `assess_at` / `with_timing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<DueStatus>,
}

/// Where an obligation stands relative to a caller-supplied `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum DueStatus {
    /// The obligation does not apply (`not_required`).
    NotApplicable,
    /// Due, and more than the due-soon margin remains.
    OnTrack,
    /// Less than the due-soon margin remains before the deadline (or the window's target).
    DueSoon,
    /// A window's target has passed but its latest time has not.
    TargetPassed,
    /// The deadline (or the window's latest time) has passed.
    Overdue,
    /// No fixed time (`without_undue_delay`): act now.
    Immediate,
}

/// A structured draft of the Japanese report to the PPC: the nine items of PPC Rules
/// Art. 8(1) (施行規則第8条第1項). A 速報 carries the items known so far; a 確報 is complete only
/// when all nine are filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JpReportDraft {
    /// The nine items, in the rule's order.
    pub items: Vec<ReportItem>,
    /// Keys of the items still empty, in order.
    pub empty_items: Vec<Cow<'static, str>>,
    /// Whether all nine items are filled (a 確報 needs this).
    pub final_report_complete: bool,
    /// Keys of the items the notice to individuals needs (items 1, 2, 4, 5, 9) that are empty.
    pub individual_notice_empty_items: Vec<Cow<'static, str>>,
}

/// One item of the Japanese report draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReportItem {
    /// Item number in PPC Rules Art. 8(1), 1–9.
    pub number: u8,
    /// Stable key, e.g. `summary`, `affected_count`.
    pub key: Cow<'static, str>,
    /// The item's wording in the rule (Japanese).
    pub label_ja: Cow<'static, str>,
    /// The text so far; `null` = still empty.
    pub value: Option<String>,
}

/// Who receives a report or notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Recipient {
    /// A supervisory authority (PPC, a DPA, PIPC, PDPC, ...).
    Regulator,
    /// The affected individuals.
    Individuals,
    /// The controller (when the organisation is a processor).
    Controller,
    /// The public (announcement; HIPAA's prominent media outlets).
    Public,
    /// The organisation itself: an internal deadline, e.g. to finish assessing a suspected
    /// breach (Australia s26WH, Singapore s26C).
    Internal,
}

/// Whether an obligation applies.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ObligationStatus {
    /// It applies.
    Required,
    /// It applies unless an unknown fact turns out otherwise (see `missing_facts`).
    Possible,
    /// It does not apply on these facts.
    NotRequired,
}

/// When an obligation is due. Times are RFC 3339 in the jurisdiction's offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Due {
    /// A hard deadline.
    Deadline {
        /// The last instant that is still on time.
        at: DateTime<FixedOffset>,
    },
    /// A soft window: aim for `target`, do not pass `latest`.
    Window {
        /// The target.
        target: DateTime<FixedOffset>,
        /// The latest acceptable time.
        latest: DateTime<FixedOffset>,
    },
    /// No number of days is set: "without undue delay", "promptly".
    WithoutUndueDelay,
    /// A deadline that runs from another obligation being done, e.g. the California Attorney
    /// General's sample notice "within 15 calendar days of notifying affected consumers".
    AfterObligation {
        /// The obligation whose completion starts the clock (an id in `obligations`).
        obligation: String,
        /// How many days after the day it is done (local time of this obligation's rule).
        days: u32,
        /// `true`: business days (weekends skipped); `false`: calendar days.
        business_days: bool,
        /// When that obligation was done, from the request's `incident.done`; `null` = not yet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        done_at: Option<DateTime<FixedOffset>>,
        /// The last instant that is still on time: `days` after `done_at`, or, while it is not
        /// done, after that obligation's own deadline (the latest it can be done on time).
        /// `null` when that obligation has no fixed deadline ("without undue delay") and is not
        /// yet done: act as soon as it is done.
        latest: Option<DateTime<FixedOffset>>,
    },
}

/// Whether a rule's reading was checked against the primary legal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Verification {
    /// Read in the primary text (or an exact quotation of it).
    Confirmed,
    /// From secondary sources or the engine's own reading; check before relying on it.
    Unverified,
}
