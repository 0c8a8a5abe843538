//! The damage report (`mamori.damage.v1`): everything the vault found wrong with its file.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::contact::Contact;

/// The schema tag of a damage report.
pub const DAMAGE_SCHEMA: &str = "mamori.damage.v1";

/// A contact record that cannot be read (it does not authenticate, its frame is damaged, a
/// later change to it is damaged, or it is named only by an unauthenticated transaction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnreadableRecord {
    /// The contact id (16 hex digits).
    pub id: String,
    /// File offset of the frame in question.
    pub offset: u64,
    /// Why it cannot be read.
    pub reason: String,
}

/// A byte range of the file and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DamagedRange {
    /// First byte.
    pub offset: u64,
    /// One past the last byte.
    pub end: u64,
    /// What was found.
    pub reason: String,
}

/// A torn tail an open cut off the end of the file, from the access log (`tail_cut`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TailCut {
    /// When (host clock of that open).
    pub at: DateTime<Utc>,
    /// How many bytes were cut (saturating at 2^32 − 1).
    pub bytes: u64,
}

/// Transactions missing from the chain (sequence numbers, inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LostTransactions {
    /// First missing sequence number.
    pub from_seq: u64,
    /// Last missing sequence number.
    pub to_seq: u64,
}

/// What a vault found wrong with its file (`schema: "mamori.damage.v1"`). `intact` is
/// `true` only when nothing at all was found; then every list is empty.
///
/// The manifest reflects it (docs/vault-format.md §13, damage accounting): each unreadable
/// record counts as a person of unknown jurisdiction in `persons_max`, and anything lost whose
/// contents are unknown (a missing, unauthenticated, duplicated or cut-off transaction, a
/// damaged region over several frames) leaves `persons_max` without an upper bound and
/// `sensitive` unknown; the manifest's `intact` is this report's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DamageReport {
    /// Always `"mamori.damage.v1"`.
    pub schema: String,
    /// Nothing was detected.
    pub intact: bool,
    /// This open verified the authenticated transaction chain from the file's chain base
    /// (false for a v1 file or a v2 file from before the chain, even once this open has
    /// upgraded it: what happened to it before cannot be shown; `intact` is then false).
    pub chained: bool,
    /// Sequence number of the last applied transaction.
    pub chain_seq: u64,
    /// Records that cannot be read (never served; counted in the manifest's `persons_max`).
    pub unreadable_records: Vec<UnreadableRecord>,
    /// Records that are served although their transaction does not authenticate: their own
    /// AES-GCM tag verifies and the transaction sits where the chain shows transactions
    /// missing (a damaged commit or shared frame of a batch; docs/vault-format.md §5.5).
    #[serde(default)]
    pub salvaged_records: Vec<UnreadableRecord>,
    /// Transactions missing from the chain (removed, or lost to damage).
    pub lost_transactions: Vec<LostTransactions>,
    /// Transactions in the file that were not applied (damaged, altered, duplicated,
    /// replayed or from elsewhere). Their bytes are kept in the file.
    pub suspect_transactions: Vec<DamagedRange>,
    /// Places where the chain does not continue as written.
    pub chain_breaks: Vec<DamagedRange>,
    /// An unfinished transaction at the end of the file this open cut off (or, read-only,
    /// left in place): an interrupted write, or — in a copy — acknowledged transactions cut
    /// off; `reason` says whether an anchor showed which.
    pub truncated: Option<DamagedRange>,
    /// Every such cut an open of this file recorded in its access log (this open's
    /// included), so that the evidence outlives the open that made it.
    #[serde(default)]
    pub tail_cuts: Vec<TailCut>,
    /// Every finding in words (what [`crate::vault::Vault::damaged`] returns).
    pub findings: Vec<String>,
}

/// `list`/`export` with the records they could not include (`schema: "mamori.export.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportReport {
    /// Always `"mamori.export.v1"`.
    pub schema: String,
    /// Every readable contact.
    pub contacts: Vec<Contact>,
    /// The records that could not be read (not in `contacts`).
    pub unreadable: Vec<UnreadableRecord>,
    /// Nothing was detected (the damage report is intact).
    pub intact: bool,
}

/// The schema tag of an export report.
pub const EXPORT_SCHEMA: &str = "mamori.export.v1";
