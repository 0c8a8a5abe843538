//! The vault's access log: authenticated, hash-chained entries without names or numbers.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema tag of an exported access log.
pub const ACCESS_LOG_SCHEMA: &str = "mamori.vault-access-log.v1";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccessEvent {
    /// The vault was created.
    Created,
    /// A successful open (passcode or raw key).
    Opened,
    /// Failed opens (wrong passcode) since the previous successful open; `count` says how
    /// many, `at` is the time of the last one (as reported by the host clock then).
    FailedOpens,
    /// All contacts were exported ([`crate::vault::Vault::export`]).
    Exported,
    /// The passcode (key slot) was changed.
    PasscodeChanged,
    /// The file was compacted (and the index rebuilt / record key rotated).
    Compacted,
    /// The vault was wiped (crypto-erase); written just before the keys are destroyed.
    Wiped,
    /// The master key was rotated ([`crate::vault::Vault::rekey`]): every record re-sealed,
    /// the old key slots removed, the log re-authenticated under the new key.
    Rekeyed,
}

impl AccessEvent {
    pub(crate) fn code(self) -> u8 {
        match self {
            AccessEvent::Created => 1,
            AccessEvent::Opened => 2,
            AccessEvent::FailedOpens => 3,
            AccessEvent::Exported => 4,
            AccessEvent::PasscodeChanged => 5,
            AccessEvent::Compacted => 6,
            AccessEvent::Wiped => 7,
            AccessEvent::Rekeyed => 8,
        }
    }

    pub(crate) fn from_code(c: u8) -> Option<Self> {
        Some(match c {
            1 => AccessEvent::Created,
            2 => AccessEvent::Opened,
            3 => AccessEvent::FailedOpens,
            4 => AccessEvent::Exported,
            5 => AccessEvent::PasscodeChanged,
            6 => AccessEvent::Compacted,
            7 => AccessEvent::Wiped,
            8 => AccessEvent::Rekeyed,
            _ => return None,
        })
    }
}

/// One access-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AccessLogEntry {
    /// Position in the chain, from 0.
    pub seq: u64,
    /// When (host clock, millisecond precision).
    pub at: DateTime<Utc>,
    /// What happened.
    pub event: AccessEvent,
    /// How many (e.g. failed opens folded into one entry; contacts exported); 1 otherwise.
    pub count: u32,
    /// The entry's chain MAC (hex): HMAC-SHA256(log key, previous MAC ‖ entry), truncated.
    pub mac: String,
}

/// An exported access log (`schema: "mamori.vault-access-log.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AccessLog {
    /// Always `"mamori.vault-access-log.v1"`.
    pub schema: String,
    /// The vault id (hex).
    pub vault_id: String,
    /// The entries, oldest first.
    pub entries: Vec<AccessLogEntry>,
    /// The result of verifying the chain when the log was exported.
    pub verified: bool,
}
