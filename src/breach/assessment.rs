//! The `mamori.assessment.v1` output.

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
}

/// Who receives a report or notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// A supervisory authority (PPC, a DPA, PIPC, PDPC, ...).
    Regulator,
    /// The affected individuals.
    Individuals,
    /// The controller (when the organisation is a processor).
    Controller,
    /// The public (announcement).
    Public,
}

/// Whether an obligation applies.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
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
}

/// Whether a rule's reading was checked against the primary legal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Read in the primary text (or an exact quotation of it).
    Confirmed,
    /// From secondary sources or the engine's own reading; check before relying on it.
    Unverified,
}
