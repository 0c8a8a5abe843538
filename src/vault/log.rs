//! The vault's access log: authenticated, hash-chained entries without names or numbers.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema tag of an exported access log.
pub const ACCESS_LOG_SCHEMA: &str = "mamori.vault-access-log.v1";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
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
    /// A caller-ID directory export ([`crate::vault::Vault::caller_directory`]): `count` is
    /// the number of phone numbers handed out. The first entry of the export's transaction;
    /// the entries up to the next `directory_exported` or `labels_removed` describe it.
    DirectoryExported,
    /// The export's label policy: `count` is its code (`0` none, `1` name, `2` company, `3`
    /// name_company, `4` initials; the `MMRD` policy byte).
    DirectoryPolicy,
    /// The export's persons (fewest reading): `count` persons had a number in it.
    DirectoryPersonsMin,
    /// The export's persons (identity reading, the most).
    DirectoryPersonsMax,
    /// The export's persons of one jurisdiction (fewest reading); `jurisdiction` names it.
    DirectoryJurisdictionMin,
    /// The export's persons of one jurisdiction (the most).
    DirectoryJurisdictionMax,
    /// The host reported that it removed every label it had handed to the operating system
    /// ([`crate::vault::Vault::ack_labels_removed`]).
    LabelsRemoved,
    /// An open cut a torn tail off the end of the file (`count`: the bytes cut, saturating):
    /// an interrupted write — or, in a copy, acknowledged transactions cut off; only an
    /// anchor kept before that open can tell. Kept so that every later open still reports it
    /// ([`crate::vault::DamageReport::tail_cuts`]).
    TailCut,
    /// A legal hold was placed on the vault ([`crate::vault::Vault::hold`]); `count` is the
    /// hold's reference ([`crate::vault::hold_reference`] of its id). Wipes refuse while it
    /// is on and not overridden.
    HoldPlaced,
    /// An erase was allowed despite the hold with this reference (`count`).
    HoldOverridden,
    /// The hold with this reference (`count`) was released.
    HoldReleased,
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
            AccessEvent::DirectoryExported => 9,
            AccessEvent::DirectoryPolicy => 10,
            AccessEvent::DirectoryPersonsMin => 11,
            AccessEvent::DirectoryPersonsMax => 12,
            AccessEvent::DirectoryJurisdictionMin => 13,
            AccessEvent::DirectoryJurisdictionMax => 14,
            AccessEvent::LabelsRemoved => 15,
            AccessEvent::TailCut => 16,
            AccessEvent::HoldPlaced => 17,
            AccessEvent::HoldOverridden => 18,
            AccessEvent::HoldReleased => 19,
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
            9 => AccessEvent::DirectoryExported,
            10 => AccessEvent::DirectoryPolicy,
            11 => AccessEvent::DirectoryPersonsMin,
            12 => AccessEvent::DirectoryPersonsMax,
            13 => AccessEvent::DirectoryJurisdictionMin,
            14 => AccessEvent::DirectoryJurisdictionMax,
            15 => AccessEvent::LabelsRemoved,
            16 => AccessEvent::TailCut,
            17 => AccessEvent::HoldPlaced,
            18 => AccessEvent::HoldOverridden,
            19 => AccessEvent::HoldReleased,
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
    /// The jurisdiction of a `directory_jurisdiction_min`/`_max` entry (ISO 3166-1 alpha-2
    /// or `unknown`; `count` is then the persons, `4194303` meaning at least that many);
    /// absent for every other event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
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

/// Persons counts of a `directory_jurisdiction_*` entry saturate here ("at least").
pub(crate) const JURISDICTION_COUNT_MAX: u32 = (1 << 22) - 1;

/// The `count` of a `directory_jurisdiction_*` entry: the jurisdiction in bits 22..32 (two
/// letters `A`..`Z` as 1..26, five bits each, first letter high; `0` = `unknown`) and the
/// persons in bits 0..22, saturating at [`JURISDICTION_COUNT_MAX`]. `None` for a key that is
/// neither two ASCII capitals nor `unknown`.
pub(crate) fn pack_jurisdiction(j: &str, persons: u64) -> Option<u32> {
    let code = if j == crate::vault::UNKNOWN_JURISDICTION {
        0
    } else {
        let b = j.as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_uppercase) {
            return None;
        }
        (u32::from(b[0] - b'A' + 1) << 5) | u32::from(b[1] - b'A' + 1)
    };
    let n = u32::try_from(persons)
        .unwrap_or(u32::MAX)
        .min(JURISDICTION_COUNT_MAX);
    Some((code << 22) | n)
}

/// The inverse of [`pack_jurisdiction`]: `(jurisdiction, persons)`; `None` for letter codes
/// outside 1..26.
pub(crate) fn unpack_jurisdiction(count: u32) -> Option<(String, u32)> {
    let code = count >> 22;
    let n = count & JURISDICTION_COUNT_MAX;
    if code == 0 {
        return Some((crate::vault::UNKNOWN_JURISDICTION.to_string(), n));
    }
    let (a, b) = ((code >> 5) as u8, (code & 31) as u8);
    if !(1..=26).contains(&a) || !(1..=26).contains(&b) {
        return None;
    }
    Some((String::from_utf8(vec![b'A' + a - 1, b'A' + b - 1]).ok()?, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jurisdiction_packing_round_trips() {
        for (j, n) in [("JP", 1200u64), ("ZZ", 0), ("AA", 7), ("unknown", 3)] {
            let c = pack_jurisdiction(j, n).expect("packs");
            assert_eq!(unpack_jurisdiction(c), Some((j.to_string(), n as u32)));
        }
        let c = pack_jurisdiction("DE", 10_000_000).expect("packs");
        assert_eq!(
            unpack_jurisdiction(c),
            Some(("DE".into(), JURISDICTION_COUNT_MAX))
        );
        assert_eq!(pack_jurisdiction("jp", 1), None);
        assert_eq!(pack_jurisdiction("JPN", 1), None);
        assert_eq!(unpack_jurisdiction(27 << 27), None);
    }
}
