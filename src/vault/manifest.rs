//! The vault manifest: what the vault holds and how it protects it, without any plaintext.
//!
//! These are exactly the facts the breach engine needs after a device is lost: the head count
//! (`persons`), whether sensitive data is present, and the `protection` block.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use chrono::{DateTime, Utc};

use super::keysource::{FactorSource, KeySource};
use crate::breach::{Count, Protection};
use crate::vault::directory::LabelPolicy;

/// The schema tag of the manifest this version writes.
pub const MANIFEST_SCHEMA: &str = "mamori.manifest.v3";

/// The schema tag of manifests written before v3 (still accepted as input, e.g. in a device
/// register's `posture.vault`). A v2 document cannot show that nothing was lost (its `intact`
/// was added without a version change, so a v2 manifest may come from before it) nor name a
/// server slot's share: the incident link reads it as not intact (head count undetermined)
/// and a server-share claim in it as not established.
pub const MANIFEST_SCHEMA_V2: &str = "mamori.manifest.v2";

/// Argon2id parameters as stored in a vault header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KdfParams {
    /// Memory in KiB (default 19456 = 19 MiB).
    pub m_kib: u32,
    /// Iterations (default 2).
    pub t: u32,
    /// Lanes (default 1).
    pub p: u32,
}

/// How far the library can vouch for a slot's platform factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum FactorAssurance {
    /// The host declared the factor's source (`factor_source`) when the slot was made; the
    /// declaration is authenticated in the file but not attested: nothing shows that the
    /// factor really comes from a non-exportable hardware key (e.g. Android key attestation
    /// is not checked).
    DeclaredByHost,
}

/// One key slot as the manifest reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KeySlotInfo {
    /// `"user"` (the A/B slot pair) or `"recovery"`.
    pub role: String,
    /// How the slot's key-encryption key is made (authenticated in the file when
    /// `authenticated`; otherwise what the unauthenticated bytes claim).
    pub key_source: KeySource,
    /// Where the platform factor comes from (`passcode+platform` / `passcode+server` only).
    pub factor_source: Option<FactorSource>,
    /// How far `factor_source` is vouched for (`passcode+platform` only): always
    /// `declared_by_host` in this version.
    #[serde(default)]
    pub factor_assurance: Option<FactorAssurance>,
    /// log2 of the Argon2id runs (or key guesses) an attacker holding only the file needs
    /// to open this slot; `null` = unknown (a passcode set before format v2).
    pub offline_guess_log2: Option<u32>,
    /// Whether this slot keeps the key apart from the file (`null` = unknown).
    pub key_separated: Option<bool>,
    /// Argon2id parameters (absent for a host key).
    pub kdf_params: Option<KdfParams>,
    /// The slot is authenticated: it opened the vault, or its key-slot MAC
    /// (docs/vault-format.md §2.2) covers it. An unauthenticated slot withdraws every
    /// protection claim of the manifest. Absent in manifests from before the check: `false`.
    #[serde(default)]
    pub authenticated: bool,
    /// The library generated this passcode-only slot's passphrase (`eff_large_wordlist`:
    /// words drawn uniformly from the EFF large list); `offline_guess_log2` is then its
    /// entropy, not an estimate. `null` for a passcode a person or host chose.
    #[serde(default)]
    pub generator: Option<String>,
    /// The server share's id (32 lower-case hex digits) of an authenticated
    /// `passcode+server` slot, as the share registry's log names it; `null` for other slots
    /// (and in manifests before v3). The incident link matches it against the registry log
    /// of a `key_share_revoked` event.
    #[serde(default)]
    pub share_id: Option<String>,
    /// What scored the passcode behind `offline_guess_log2`: `pin_digits` (a digits-only PIN,
    /// 10^digits), `zxcvbn` (a chosen passphrase, by the zxcvbn estimator), `none` (a chosen
    /// passphrase set by a build without the `zxcvbn` feature: strength unknown,
    /// `offline_guess_log2` is `null`). `null` for a host key, a generated passphrase (see
    /// `generator`), an unauthenticated slot, a passcode set before format v2, and in
    /// manifests from before this member.
    #[serde(default)]
    pub estimator: Option<String>,
    /// The slot in a sentence.
    pub summary: String,
}

/// What a vault holds and how it is protected (`schema: "mamori.manifest.v3"`).
///
/// v3 (this version) differs from v2 in meaning, not only in members: `persons_max` may be
/// `null` (no upper bound), `sensitive` is tri-state, `intact`, `unreadable_records` and
/// `lost` account for damage, every key slot says whether it is `authenticated`, and a
/// server slot names its `share_id`. A v2 document is still accepted as input
/// ([`MANIFEST_SCHEMA_V2`]); see [`Manifest::intact_proven`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Manifest {
    /// `"mamori.manifest.v3"` (written by this version; `"mamori.manifest.v2"` is accepted
    /// as input).
    pub schema: String,
    /// The vault's random id (hex).
    pub vault_id: String,
    /// The file format version.
    pub format_version: u16,
    /// Number of contact records.
    pub contacts: u64,
    /// Number of persons: exact (`1001`) or, where the evidence of identity is ambiguous, a
    /// range (`{"min": 756, "max": 1001}`) from `persons_min` to `persons_max`. Contacts are
    /// one person only on evidence of identity (the same `person_id`, or the same
    /// person-level number or e-mail and a compatible name); a number shared by differently
    /// named contacts (a switchboard) is a shared line. See [`crate::vault::count_persons`].
    pub persons: Count,
    /// The lower bound of `persons`: contacts merged on every shared number or e-mail.
    pub persons_min: u64,
    /// The upper bound of `persons`: contacts merged only on evidence of identity, plus each
    /// record that cannot be read (whose id is known). `null` = **no upper bound**: the file
    /// lost something whose contents are unknown (a missing, unauthenticated, duplicated or
    /// cut-off transaction, a damaged region spanning more than one frame; see `lost`), so any
    /// number of persons may have been in it. `persons` and the `unknown` entry of
    /// `persons_by_jurisdiction` are then unbounded ranges too.
    pub persons_max: Option<u64>,
    /// Persons by ISO 3166-1 alpha-2 country of their phone numbers (`+81…` → `JP`, `+49…`
    /// → `DE`, `+1 416…` → `CA`), each a count or range; persons with no usable number
    /// (e-mail only, an extension, a number that does not parse) and unreadable records count
    /// under `"unknown"`. A person with numbers in two countries counts in both.
    pub persons_by_jurisdiction: BTreeMap<String, Count>,
    /// Contacts per tag.
    pub by_tag: BTreeMap<String, u64>,
    /// Whether any contact is marked sensitive (要配慮個人情報): `true` when a readable one is;
    /// `null` (unknown) when none of the readable ones is but a record cannot be read or the
    /// file lost something (`intact` false): the lost record may have been the sensitive one;
    /// `false` only for an intact file with no sensitive contact.
    pub sensitive: Option<bool>,
    /// Nothing was found wrong with the file (the damage report's `intact`,
    /// [`crate::vault::Vault::damage`]). Absent in a manifest written before this field, which
    /// reads as `false`: such a manifest cannot show that nothing was lost, and the incident
    /// link then treats its head count as undetermined.
    #[serde(default)]
    pub intact: bool,
    /// Records whose id is known but whose content cannot be read (each counted as one person
    /// of unknown jurisdiction in `persons_max`).
    #[serde(default)]
    pub unreadable_records: u64,
    /// What the file lost or cannot vouch for, in words (empty when `intact`): each entry that
    /// makes the head count open-ended (`persons_max: null`) or unreadable records. Never
    /// contact data.
    #[serde(default)]
    pub lost: Vec<String>,
    /// Record encryption algorithm, `"AES-256-GCM"`.
    pub algorithm: String,
    /// Key derivation function, `"argon2id"` or `"raw-key"`.
    pub kdf: String,
    /// Argon2id parameters (absent for a raw-key vault).
    pub kdf_params: Option<KdfParams>,
    /// The key source of the user's slot (`passcode`, `host_key`, `passcode+platform`,
    /// `passcode+server`).
    #[serde(default = "default_source")]
    pub key_source: KeySource,
    /// Every key slot of the file (user and recovery).
    #[serde(default)]
    pub key_slots: Vec<KeySlotInfo>,
    /// `true` only where the file alone cannot be opened: every slot is authenticated and is
    /// a host key, a hardware platform factor (as declared by the host), a server share, or a
    /// passphrase the library generated with at least
    /// [`crate::vault::GENERATED_MIN_LOG2`] bits (at Argon2id parameters no weaker than the
    /// default). A passcode a person chose is never separated, whatever its estimate.
    pub key_separated: bool,
    /// log2 of the Argon2id runs an attacker holding a copy of the file needs for the
    /// weakest slot (from the estimate made when the passcode was set); `null` = unknown.
    #[serde(default)]
    pub offline_guess_log2: Option<u32>,
    /// Every slot that can open the file is an authenticated `passcode+server` slot:
    /// revoking the share on the server leaves no key that opens a copy. `false` when a
    /// recovery key, a passcode or host-key slot, or an unauthenticated slot exists.
    pub remote_wipe: bool,
    /// How far the user slot's platform factor is vouched for (`passcode+platform` only;
    /// `declared_by_host`: not attested).
    #[serde(default)]
    pub factor_assurance: Option<FactorAssurance>,
    /// The host declared a remote-wipe path at create time (an MDM command that calls
    /// `wipe`). Reported for information only: it cannot reach a copied file and exempts
    /// nothing.
    #[serde(default)]
    pub remote_wipe_declared: bool,
    /// The key protection in words, for the assessment's reasons (e.g. "6-digit PIN only:
    /// an attacker with a copy of the file needs ≈ 2^20 Argon2id runs").
    #[serde(default)]
    pub key_summary: String,
    /// `key_summary` in Japanese (quoted by Japanese assessments). Added beside
    /// `key_summary`; empty in manifests written before it.
    #[serde(default)]
    pub key_summary_ja: String,
    /// Warnings about the protection (weak passcode, unknown strength, software factor).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Caller-ID directory labels and numbers handed to the operating system
    /// ([`crate::vault::Vault::caller_directory`]) and not yet reported removed
    /// ([`crate::vault::Vault::ack_labels_removed`]), from the authenticated access log.
    /// Absent (`null`) only in a manifest written before labels were recorded.
    #[serde(default)]
    pub labels_outside_vault: Option<LabelsOutsideVault>,
}

/// Whether caller-ID labels are outside the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum LabelsState {
    /// No directory export since the last `labels_removed` (or ever), on a verified log.
    None,
    /// Exports since the last `labels_removed`; the counts say how many persons.
    Exported,
    /// The file cannot show it (its access log does not verify, something in it is damaged
    /// or missing, or the header says labels are outside while the log's entries are gone):
    /// labels may be outside, in unknown number. Never read as `none`.
    Unknown,
}

impl LabelsState {
    /// The state's name as in JSON (`none`, `exported`, `unknown`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Caller-ID directory labels outside the vault (the `labels_outside_vault` of a manifest).
///
/// Every export since the last `labels_removed` counts: the vault cannot know whether the
/// operating system replaced an earlier load, so for several exports each count is a range
/// from the largest single export (`min`) to the sum of all of them (`max`). Persons are
/// counted as the manifest counts them ([`crate::vault::count_persons`]) over the contacts
/// with at least one exported number, at the time of each export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LabelsOutsideVault {
    /// `none`, `exported` or `unknown`.
    pub state: LabelsState,
    /// The figures come from an access log whose MAC chain verifies, in a file in which
    /// nothing is damaged, missing or replayed.
    pub verified: bool,
    /// The label policies used by those exports (in first-use order).
    pub policies: Vec<LabelPolicy>,
    /// How many exports since the last `labels_removed`.
    pub exports: u64,
    /// When the first of them was made (`null` when there is none or it is unknown).
    pub since: Option<DateTime<Utc>>,
    /// Persons with at least one number outside the vault (every policy).
    pub persons: Count,
    /// `persons` by jurisdiction (keys as in the manifest's `persons_by_jurisdiction`).
    pub persons_by_jurisdiction: BTreeMap<String, Count>,
    /// Persons whose label left the vault with their number (every policy but `none`): a
    /// name, company or initials, and a phone number, in plaintext. Under `unknown`, every
    /// person who may be outside counts here.
    pub labelled_persons: Count,
    /// `labelled_persons` by jurisdiction.
    pub labelled_by_jurisdiction: BTreeMap<String, Count>,
    /// Persons only whose numbers left the vault (policy `none`).
    pub numbers_only_persons: Count,
    /// `numbers_only_persons` by jurisdiction.
    pub numbers_only_by_jurisdiction: BTreeMap<String, Count>,
    /// Phone numbers outside the vault.
    pub numbers: Count,
}

impl LabelsOutsideVault {
    /// Whether labels or numbers may be outside the vault (`exported` or `unknown`).
    pub fn any(&self) -> bool {
        self.state != LabelsState::None
    }
}

/// Schema tag of [`WipeReport`].
pub const WIPE_SCHEMA: &str = "mamori.wipe.v1";

/// What a wipe ([`crate::vault::Vault::wipe_reporting`], C `mamori_vault_wipe_report`)
/// did and what it could not reach (`mamori.wipe.v1`). No contact data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WipeReport {
    /// Always `"mamori.wipe.v1"`.
    pub schema: String,
    /// The wiped vault's id.
    pub vault_id: String,
    /// Caller-ID labels (or numbers) the vault handed to the operating system may still be
    /// there: the wipe does not reach them and the app must remove them itself (iOS: reload
    /// the Call Directory extension with an empty list; Android: delete the table, then
    /// no acknowledgement is possible once the vault is gone). True when the manifest's
    /// `labels_outside_vault` was `exported` or `unknown`, or absent (never under-report).
    pub os_labels_to_remove: bool,
    /// The vault's `labels_outside_vault` just before the wipe.
    pub labels_outside_vault: Option<LabelsOutsideVault>,
}

fn default_source() -> KeySource {
    KeySource::Passcode
}

impl Manifest {
    /// Whether this manifest shows that nothing was lost: `intact` in a
    /// `mamori.manifest.v3` document. A v2 (or unknown) document cannot show it — `intact`
    /// came without a version change, so a v2 document may predate it — and reads as not
    /// intact: its head count is undetermined.
    pub fn intact_proven(&self) -> bool {
        self.intact && self.schema == MANIFEST_SCHEMA
    }

    /// The share ids of the authenticated `passcode+server` slots (`share_id`), and whether
    /// any server slot (or the user slot's `key_source`) names none.
    pub fn server_share_ids(&self) -> (Vec<&str>, bool) {
        let mut ids = Vec::new();
        let mut unnamed = false;
        for s in &self.key_slots {
            if s.key_source == KeySource::PasscodeServer {
                match (&s.share_id, s.authenticated) {
                    (Some(id), true) => ids.push(id.as_str()),
                    _ => unnamed = true,
                }
            }
        }
        if self.key_source == KeySource::PasscodeServer && ids.is_empty() {
            unnamed = true;
        }
        (ids, unnamed)
    }

    /// The `protection` block of a `mamori.assess.v1` request describing this vault.
    pub fn protection(&self) -> Protection {
        // Unknown strength (a slot says `null`, none says `false`) stays unknown.
        let slot_sep: Vec<Option<bool>> = self.key_slots.iter().map(|s| s.key_separated).collect();
        let key_separated = if slot_sep.is_empty() || self.key_separated {
            Some(self.key_separated)
        } else if slot_sep.contains(&Some(false)) {
            Some(false)
        } else {
            None
        };
        Protection {
            algorithm: self.algorithm.clone(),
            key_separated,
            remote_wipe: Some(self.remote_wipe),
            key_source: Some(self.key_source.as_str().to_string()),
            offline_guess_log2: self.offline_guess_log2,
            remote_wipe_declared: Some(self.remote_wipe_declared),
            key_summary: (!self.key_summary.is_empty()).then(|| self.key_summary.clone()),
            key_summary_ja: (!self.key_summary_ja.is_empty()).then(|| self.key_summary_ja.clone()),
        }
    }
}
