//! The vault manifest: what the vault holds and how it protects it, without any plaintext.
//!
//! These are exactly the facts the breach engine needs after a device is lost: the head count
//! (`persons`), whether sensitive data is present, and the `protection` block.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::breach::{Count, Protection};

/// The schema tag of a manifest.
pub const MANIFEST_SCHEMA: &str = "mamori.manifest.v2";

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

/// What a vault holds and how it is protected (`schema: "mamori.manifest.v2"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Manifest {
    /// Always `"mamori.manifest.v2"`.
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
    /// record that cannot be read.
    pub persons_max: u64,
    /// Persons by ISO 3166-1 alpha-2 country of their phone numbers (`+81…` → `JP`, `+49…`
    /// → `DE`, `+1 416…` → `CA`), each a count or range; persons with no usable number
    /// (e-mail only, an extension, a number that does not parse) and unreadable records count
    /// under `"unknown"`. A person with numbers in two countries counts in both.
    pub persons_by_jurisdiction: BTreeMap<String, Count>,
    /// Contacts per tag.
    pub by_tag: BTreeMap<String, u64>,
    /// Whether any contact is marked sensitive (要配慮個人情報).
    pub sensitive: bool,
    /// Record encryption algorithm, `"AES-256-GCM"`.
    pub algorithm: String,
    /// Key derivation function, `"argon2id"` or `"raw-key"`.
    pub kdf: String,
    /// Argon2id parameters (absent for a raw-key vault).
    pub kdf_params: Option<KdfParams>,
    /// The key is not stored with the data (always true: it is derived from the passcode or
    /// held by the host's keystore).
    pub key_separated: bool,
    /// A remote-wipe path is configured (the host declared one at create time or later).
    pub remote_wipe: bool,
}

impl Manifest {
    /// The `protection` block of a `mamori.assess.v1` request describing this vault.
    pub fn protection(&self) -> Protection {
        Protection {
            algorithm: self.algorithm.clone(),
            key_separated: Some(self.key_separated),
            remote_wipe: Some(self.remote_wipe),
        }
    }
}
