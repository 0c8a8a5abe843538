//! The `mamori.assess.v1` request: the facts of an incident, as the engine reads them.
//!
//! Tri-state facts are `Option<bool>`: `Some(true)`, `Some(false)`, or `None` = unknown (JSON
//! `null` or an absent field). An unknown fact that decides an obligation makes it `possible`
//! and is listed in the assessment's `missing_facts`; it is never silently treated as `false`.
//!
//! Unknown fields are rejected (a misspelt field must not silently become "unknown").

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema tag every request carries.
pub const ASSESS_REQUEST_SCHEMA: &str = "mamori.assess.v1";

/// A request to assess an incident (`schema: "mamori.assess.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessRequest {
    /// Must be `"mamori.assess.v1"`.
    pub schema: String,
    /// Who holds the data.
    pub organisation: Organisation,
    /// What happened and when the organisation learned of it.
    pub incident: IncidentFacts,
    /// What data was involved and how it was protected.
    pub data: DataFacts,
    /// Optional report text for the Japanese report draft (PPC Rules Art. 8(1) items); the
    /// engine copies it into `jp_report_draft` and lists the items still empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportInput>,
}

/// The organisation whose data leaked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Private business or public body (Japan treats them differently).
    #[serde(rename = "type")]
    pub org_type: OrgType,
    /// Controller (holds the duty) or processor (委託先: notifies its controller).
    pub role: Role,
    /// Jurisdiction codes where the organisation is established (e.g. `["JP"]`, `["JP","EU"]`).
    pub established_in: Vec<String>,
    /// A HIPAA covered entity (US health data); `null`/absent = unknown. Only consulted when
    /// US persons are affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hipaa_covered: Option<bool>,
}

/// Kind of organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgType {
    /// A private business (個人情報取扱事業者).
    Business,
    /// A public body (行政機関等); Japan's head-count threshold is more than 100.
    PublicBody,
}

/// The organisation's role for the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Decides what the data is for; carries the reporting duty.
    Controller,
    /// Processes on behalf of a controller (委託先).
    Processor,
}

/// Kind of incident.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    /// A device or medium was lost.
    Loss,
    /// A device or medium was stolen (malicious by default).
    Theft,
    /// Data sent to the wrong recipient (mis-sent e-mail, fax, post).
    Misdelivery,
    /// Unauthorised access to systems (malicious by default).
    UnauthorizedAccess,
    /// Malware or ransomware (malicious by default).
    Malware,
    /// An insider took or misused data (malicious by default).
    Insider,
    /// Anything else.
    Other,
}

impl IncidentKind {
    /// Whether this kind is presumed to be a malicious act when `data.malicious` is unknown.
    pub const fn presumed_malicious(self) -> bool {
        matches!(
            self,
            IncidentKind::Theft
                | IncidentKind::UnauthorizedAccess
                | IncidentKind::Malware
                | IncidentKind::Insider
        )
    }
}

/// The incident's facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentFacts {
    /// What happened.
    pub kind: IncidentKind,
    /// When the organisation first learned of it (RFC 3339 with an offset; required).
    pub aware_at: DateTime<FixedOffset>,
    /// All data was recovered before any third party viewed it (tri-state).
    #[serde(default)]
    pub recovered_unviewed: Option<bool>,
    /// When the organisation assessed the breach as notifiable (Singapore PDPA s26D counts
    /// from this day); absent = the engine counts from `aware_at`, the earliest possible day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_at: Option<DateTime<FixedOffset>>,
}

/// The data involved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataFacts {
    /// Affected persons by jurisdiction code (`JP`, `EU`, `UK`, `KR`, `SG`, `AU`, `US-CA`, ...);
    /// `null` = unknown count.
    #[serde(default)]
    pub persons: BTreeMap<String, Option<u64>>,
    /// Sensitive data (要配慮個人情報, GDPR Art. 9 categories) included.
    #[serde(default)]
    pub sensitive: Option<bool>,
    /// Risk of financial damage if misused (card numbers, credentials with payment).
    #[serde(default)]
    pub financial_risk: Option<bool>,
    /// A malicious act (possibly) caused it; `null` = derive from `incident.kind`.
    #[serde(default)]
    pub malicious: Option<bool>,
    /// The controller's risk assessment for GDPR-style rules; `null` = not yet assessed.
    #[serde(default)]
    pub risk: Option<RiskLevel>,
    /// How the data was protected; `null` = no protection.
    #[serde(default)]
    pub protection: Option<Protection>,
}

/// A GDPR-style risk level.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// Unlikely to result in a risk to individuals.
    Unlikely,
    /// A risk.
    Risk,
    /// A high risk.
    High,
}

/// How the data was protected when the incident happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Protection {
    /// Algorithm name, e.g. `"AES-256-GCM"`. Recognised algorithms are those on the CRYPTREC
    /// list / ISO/IEC 18033 (see the engine docs for the accepted names).
    pub algorithm: String,
    /// The decryption key was kept separately from the data (tri-state).
    #[serde(default)]
    pub key_separated: Option<bool>,
    /// The data or its key can be erased remotely (tri-state). From a vault manifest: a
    /// revocable server key share exists (a declared MDM wipe path does not count).
    #[serde(default)]
    pub remote_wipe: Option<bool>,
    /// How the key is made, from a vault manifest (`passcode`, `host_key`,
    /// `passcode+platform`, `passcode+server`); informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_source: Option<String>,
    /// log2 of the Argon2id runs an attacker holding a copy of the data needs (from a vault
    /// manifest); informational (`key_separated` carries the conclusion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_guess_log2: Option<u32>,
    /// The host declared a remote-wipe path (MDM); informational, exempts nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_wipe_declared: Option<bool>,
    /// The key protection in words, quoted in the encryption exemption's reasons
    /// (`{data.protection.key_summary}`), e.g. "6-digit PIN only: an attacker with a copy of
    /// the file needs ≈ 2^20 Argon2id runs".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_summary: Option<String>,
}

/// Free-text answers for the nine items of a Japanese report to the PPC (PPC Rules Art. 8(1)).
/// Item 3 (number of persons) is taken from `data.persons.JP` unless given here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// (1) 概要: summary of the event.
    #[serde(default)]
    pub summary: Option<String>,
    /// (2) 個人データの項目: the data items involved.
    #[serde(default)]
    pub data_items: Option<String>,
    /// (3) 本人の数: the number of persons (overrides `data.persons.JP`).
    #[serde(default)]
    pub affected_count: Option<u64>,
    /// (4) 原因: the cause.
    #[serde(default)]
    pub cause: Option<String>,
    /// (5) 二次被害又はそのおそれの有無及びその内容: secondary harm.
    #[serde(default)]
    pub secondary_harm: Option<String>,
    /// (6) 本人への対応の実施状況: what was done for the individuals.
    #[serde(default)]
    pub individual_response_status: Option<String>,
    /// (7) 公表の実施状況: public announcement status.
    #[serde(default)]
    pub publication_status: Option<String>,
    /// (8) 再発防止のための措置: measures against recurrence.
    #[serde(default)]
    pub prevention_measures: Option<String>,
    /// (9) その他参考となる事項: anything else of note.
    #[serde(default)]
    pub other: Option<String>,
}
