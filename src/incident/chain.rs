//! The tamper-evident record: a SHA-256 hash chain over the events of a `mamori.incident.v2`
//! log, and its check (`mamori.chain_check.v1`).
//!
//! Canonical bytes of an event (see `docs/incident.md`): the event's JSON object as stored in
//! the log, without its `hash` member, written with the members of every object sorted by key
//! (UTF-8 byte order), no insignificant whitespace, strings escaped as JSON requires (`"`, `\`,
//! and U+0000–U+001F only; `\b \f \n \r \t` short forms, others `\u00xx`), every other
//! character as raw UTF-8, integers in decimal. `hash` = lowercase hex SHA-256 of those bytes;
//! `prev` = the previous event's `hash`, or for the first event the genesis value
//! `SHA-256("mamori.incident.v2:" + incident id)`.
//!
//! A chain without a key is *evident*, not *proof*: it catches an event changed, removed,
//! inserted or reordered in place, but someone who rewrites the whole log can recompute every
//! hash. Keep the head hash somewhere else (the filed report, the printed report, a ticket)
//! and pass it as `expected_head` to detect that too.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Event, INCIDENT_SCHEMA, INCIDENT_SCHEMA_V1, Incident};
use crate::error::Result;
use crate::hashchain::{canonical_bytes_of, genesis_of, record_hash};
use crate::text::{Lang, t};

/// Schema tag of [`ChainCheck`].
pub const CHAIN_CHECK_SCHEMA: &str = "mamori.chain_check.v1";

/// The outcome of checking an incident's hash chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ChainStatus {
    /// Every event's hash and link checks out (and the head matches, when one was given).
    Verified,
    /// At least one event was changed, removed, inserted or reordered (see `problems`).
    Broken,
    /// The log has no chain (`mamori.incident.v1`): nothing can be verified. Never read this as
    /// verified.
    Unverifiable,
}

/// What is wrong with one part of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ChainProblemCode {
    /// The log predates hash chaining (`mamori.incident.v1`).
    UnchainedLog,
    /// An event of a v2 log has no `hash` or no `prev`.
    MissingHash,
    /// `prev` does not name the previous event's hash: an event before it was removed, inserted
    /// or the events were reordered.
    PrevMismatch,
    /// The event's content does not match its hash: it was changed after it was recorded.
    HashMismatch,
    /// The log does not end at the head hash noted earlier: events were removed at the end, or
    /// the whole log was rewritten.
    HeadMismatch,
}

/// One problem found by the check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChainProblem {
    /// The event it concerns (`null` for the whole log).
    pub event_index: Option<usize>,
    /// What.
    pub code: ChainProblemCode,
    /// Explanation in the requested language.
    pub message: String,
}

/// The result of [`verify`] (`schema: "mamori.chain_check.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChainCheck {
    /// Always `"mamori.chain_check.v1"`.
    pub schema: String,
    /// The incident id.
    pub incident_id: String,
    /// The log's schema tag.
    pub log_schema: String,
    /// Verified, broken or unverifiable.
    pub status: ChainStatus,
    /// Number of events in the log.
    pub events: usize,
    /// The last event's stored hash (note it outside the log to detect a rewrite).
    pub head: Option<String>,
    /// The first event that fails (`null` if none).
    pub first_bad: Option<usize>,
    /// Everything found, in log order.
    pub problems: Vec<ChainProblem>,
    /// A one-line summary in the requested language.
    pub summary: String,
}

/// The genesis `prev` of an incident's first event: hex SHA-256 of
/// `"mamori.incident.v2:" + incident_id`.
pub fn genesis(incident_id: &str) -> String {
    genesis_of("mamori.incident.v2:", incident_id)
}

/// The canonical bytes of an event (everything but its `hash`), as defined in the module docs.
pub fn canonical_bytes(event: &Event) -> Result<Vec<u8>> {
    canonical_bytes_of(event)
}

/// The hash an event should carry: lowercase hex SHA-256 of its canonical bytes.
pub fn event_hash(event: &Event) -> Result<String> {
    record_hash(event)
}

/// Check an incident's hash chain. `expected_head` is a head hash noted outside the log
/// earlier (`null` = not checked). Messages are in `lang`.
pub fn verify(incident: &Incident, expected_head: Option<&str>, lang: Lang) -> ChainCheck {
    let mut problems = Vec::new();
    let head = incident.events.last().and_then(|e| e.hash.clone());
    let mut problem = |i: Option<usize>, code: ChainProblemCode, key: &str| {
        let idx = i.map(|i| i.to_string()).unwrap_or_default();
        problems.push(ChainProblem {
            event_index: i,
            code,
            message: t(lang, key, &[("index", &idx)]),
        });
    };
    let status = if incident.schema == INCIDENT_SCHEMA_V1 {
        problem(None, ChainProblemCode::UnchainedLog, "chain.unchained_log");
        ChainStatus::Unverifiable
    } else if incident.schema != INCIDENT_SCHEMA {
        problem(None, ChainProblemCode::UnchainedLog, "chain.unknown_schema");
        ChainStatus::Unverifiable
    } else {
        let mut expected_prev = genesis(&incident.id);
        let mut broken = false;
        for (i, e) in incident.events.iter().enumerate() {
            let (Some(prev), Some(hash)) = (&e.prev, &e.hash) else {
                problem(Some(i), ChainProblemCode::MissingHash, "chain.missing_hash");
                broken = true;
                expected_prev = e.hash.clone().unwrap_or_default();
                continue;
            };
            if *prev != expected_prev {
                problem(
                    Some(i),
                    ChainProblemCode::PrevMismatch,
                    "chain.prev_mismatch",
                );
                broken = true;
            }
            if event_hash(e).ok().as_deref() != Some(hash.as_str()) {
                problem(
                    Some(i),
                    ChainProblemCode::HashMismatch,
                    "chain.hash_mismatch",
                );
                broken = true;
            }
            expected_prev = hash.clone();
        }
        if let Some(h) = expected_head
            && head.as_deref() != Some(h)
        {
            problem(None, ChainProblemCode::HeadMismatch, "chain.head_mismatch");
            broken = true;
        }
        if broken {
            ChainStatus::Broken
        } else {
            ChainStatus::Verified
        }
    };
    let first_bad = problems.iter().find_map(|p| p.event_index);
    let n = incident.events.len().to_string();
    let short = head
        .as_deref()
        .map(|h| h.chars().take(16).collect::<String>())
        .unwrap_or_else(|| "-".into());
    let summary = match status {
        ChainStatus::Verified => t(
            lang,
            "chain.summary.verified",
            &[("events", &n), ("head", &short)],
        ),
        ChainStatus::Broken => t(
            lang,
            "chain.summary.broken",
            &[
                ("events", &n),
                ("count", &problems.len().to_string()),
                (
                    "first",
                    &first_bad.map(|i| i.to_string()).unwrap_or("-".into()),
                ),
            ],
        ),
        ChainStatus::Unverifiable => t(lang, "chain.summary.unverifiable", &[("events", &n)]),
    };
    ChainCheck {
        schema: CHAIN_CHECK_SCHEMA.to_string(),
        incident_id: incident.id.clone(),
        log_schema: incident.schema.clone(),
        status,
        events: incident.events.len(),
        head,
        first_bad,
        problems,
        summary,
    }
}

impl Incident {
    /// Check this log's hash chain (English messages); see [`verify`].
    pub fn verify(&self, expected_head: Option<&str>) -> ChainCheck {
        verify(self, expected_head, Lang::En)
    }

    /// The last event's hash (`None` for an empty or unchained log).
    pub fn head(&self) -> Option<&str> {
        self.events.last().and_then(|e| e.hash.as_deref())
    }
}
