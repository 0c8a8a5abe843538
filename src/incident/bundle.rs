//! The evidence bundle (`mamori.evidence_bundle.v1`): one self-contained JSON document of an
//! incident's log, its chain and signature verification, the device record and its register
//! history, the assessments and the drafts, with a SHA-256 digest over the whole that anyone
//! can check with the library alone ([`verify_bundle`], `mamori.bundle_check.v1`). The HTML
//! report is written beside it and bound to it by its SHA-256 inside the bundle.
//!
//! The bundle is written in the canonical form of `docs/incident.md` (members sorted, no
//! whitespace). `digest.value` = lowercase hex SHA-256 of the canonical bytes of the bundle
//! without its `digest` member. [`verify_bundle`] accepts only the canonical text itself, so a
//! change to *any* byte — content, whitespace, an escape written differently, the digest —
//! fails.

use crate::hashchain::{canonical_bytes_of, sha256_hex};
use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    ChainCheck, ChainStatus, Checkpoint, DRAFT_REQUEST_SCHEMA, DraftRequest, EventData, Incident,
    NoticeDraft, NoticeKind, ReportDraft, ReportStage, SignatureCheck, TrustedKey, html_report,
    notice_draft, report_draft, verify, verify_signed,
};
use crate::breach::Assessment;
use crate::device::{Device, RegisterEvent};
use crate::error::{Error, Result};
use crate::text::Lang;

/// Schema tag of [`EvidenceBundle`].
pub const BUNDLE_SCHEMA: &str = "mamori.evidence_bundle.v1";
/// Schema tag of [`BundleCheck`].
pub const BUNDLE_CHECK_SCHEMA: &str = "mamori.bundle_check.v1";
/// The digest algorithm and canonical form named in every bundle.
pub const BUNDLE_DIGEST_ALGORITHM: &str = "sha-256/mamori-canonical-json";

/// What to put in a bundle (`mamori.bundle_request.v1` over the C ABI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BundleRequest {
    /// The incident log.
    pub incident: Incident,
    /// The register's record of the device involved.
    #[serde(default)]
    pub device: Option<Device>,
    /// The device's register history (check-outs, audits, state changes).
    #[serde(default)]
    pub device_history: Vec<RegisterEvent>,
    /// Assessments made outside the log (those recorded in the log are always included).
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// Public keys to check the log's signatures against.
    #[serde(default)]
    pub trusted_keys: Vec<TrustedKey>,
    /// Signed checkpoints kept outside the log.
    #[serde(default)]
    pub checkpoints: Vec<Checkpoint>,
    /// The organisation's name for the drafts.
    #[serde(default)]
    pub organisation_name: Option<String>,
    /// The caller's current time (dates the bundle and the drafts).
    pub now: DateTime<FixedOffset>,
}

/// The digest over the whole bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BundleDigest {
    /// Always `"sha-256/mamori-canonical-json"`.
    pub algorithm: String,
    /// Lowercase hex SHA-256 of the canonical bytes of the bundle without `digest`.
    pub value: String,
}

/// The evidence bundle (`schema: "mamori.evidence_bundle.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceBundle {
    /// Always `"mamori.evidence_bundle.v1"`.
    pub schema: String,
    /// When it was made (the caller's `now`).
    pub created_at: DateTime<FixedOffset>,
    /// The library version that made it.
    pub generator: String,
    /// The incident log, as stored.
    pub incident: Incident,
    /// The hash-chain check at the time of the bundle.
    pub verification: ChainCheck,
    /// The signature check (with no trusted keys every event is listed as unsigned).
    pub signatures: SignatureCheck,
    /// The device record.
    #[serde(default)]
    pub device: Option<Device>,
    /// The device's register history.
    #[serde(default)]
    pub device_history: Vec<RegisterEvent>,
    /// Every assessment: those recorded in the log, then those given.
    pub assessments: Vec<Assessment>,
    /// The 漏えい等報告 drafts (速報 and 確報, Japanese).
    pub report_drafts: Vec<ReportDraft>,
    /// The customer letter draft (Japanese).
    pub notice_drafts: Vec<NoticeDraft>,
    /// Lowercase hex SHA-256 of the HTML report written beside the bundle.
    pub html_report_sha256: String,
    /// The digest over everything else (absent only while it is computed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<BundleDigest>,
}

/// A bundle as written: the canonical JSON text and the HTML report beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFiles {
    /// The bundle (`mamori.evidence_bundle.v1`, canonical JSON).
    pub json: String,
    /// The printable report (`html_report_sha256` in the bundle).
    pub html: String,
}

fn canonical_text<T: Serialize>(v: &T) -> Result<String> {
    String::from_utf8(canonical_bytes_of(v)?).map_err(|e| Error::Internal(e.to_string()))
}

/// Make the evidence bundle and its HTML report.
pub fn evidence_bundle(req: &BundleRequest) -> Result<BundleFiles> {
    if let Some(d) = &req.device {
        d.validate()?;
    }
    let draft = |stage: ReportStage| DraftRequest {
        schema: DRAFT_REQUEST_SCHEMA.to_string(),
        incident: req.incident.clone(),
        device: req.device.clone(),
        assessment: None,
        lang: Lang::Ja,
        stage,
        notice: NoticeKind::default(),
        organisation_name: req.organisation_name.clone(),
        delegated_to: None,
        inquiry_desk: None,
        now: req.now,
    };
    let html = html_report(&draft(ReportStage::default()))?;
    let mut assessments: Vec<Assessment> = req
        .incident
        .events
        .iter()
        .filter_map(|e| match &e.data {
            EventData::AssessmentRecorded { assessment } => Some((**assessment).clone()),
            _ => None,
        })
        .collect();
    assessments.extend(req.assessments.iter().cloned());
    let mut bundle = EvidenceBundle {
        schema: BUNDLE_SCHEMA.to_string(),
        created_at: req.now,
        generator: format!("mamori {}", env!("CARGO_PKG_VERSION")),
        incident: req.incident.clone(),
        verification: verify(&req.incident, None, Lang::Ja),
        signatures: verify_signed(&req.incident, &req.trusted_keys, &req.checkpoints, Lang::Ja),
        device: req.device.clone(),
        device_history: req.device_history.clone(),
        assessments,
        report_drafts: vec![
            report_draft(&draft(ReportStage::Preliminary))?,
            report_draft(&draft(ReportStage::Final))?,
        ],
        notice_drafts: vec![notice_draft(&draft(ReportStage::default()))?],
        html_report_sha256: sha256_hex(html.as_bytes()),
        digest: None,
    };
    let value = sha256_hex(canonical_text(&bundle)?.as_bytes());
    bundle.digest = Some(BundleDigest {
        algorithm: BUNDLE_DIGEST_ALGORITHM.to_string(),
        value,
    });
    Ok(BundleFiles {
        json: canonical_text(&bundle)?,
        html,
    })
}

/// The outcome of [`verify_bundle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum BundleStatus {
    /// The bytes are the canonical bundle and its digest (and the HTML's, when given) match.
    Intact,
    /// It reads as a bundle but a byte changed: digest, canonical form or HTML mismatch.
    Altered,
    /// It is not a readable bundle at all (not UTF-8, not JSON, no digest).
    Unreadable,
}

/// The result of [`verify_bundle`] (`schema: "mamori.bundle_check.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BundleCheck {
    /// Always `"mamori.bundle_check.v1"`.
    pub schema: String,
    /// Intact, altered or unreadable.
    pub status: BundleStatus,
    /// The digest stored in the bundle.
    #[serde(default)]
    pub digest: Option<String>,
    /// The HTML report matched (`null` = not given).
    #[serde(default)]
    pub html_matches: Option<bool>,
    /// The chain check of the incident inside, redone now (`null` when unreadable).
    #[serde(default)]
    pub chain_status: Option<ChainStatus>,
    /// What is wrong.
    pub problems: Vec<String>,
}

/// Check a bundle's bytes (and, when given, the HTML report beside it) with the library alone.
pub fn verify_bundle(bundle: &[u8], html: Option<&[u8]>) -> BundleCheck {
    let mut problems = Vec::new();
    let unreadable = |problems: Vec<String>| BundleCheck {
        schema: BUNDLE_CHECK_SCHEMA.to_string(),
        status: BundleStatus::Unreadable,
        digest: None,
        html_matches: None,
        chain_status: None,
        problems,
    };
    let Ok(text) = std::str::from_utf8(bundle) else {
        return unreadable(vec!["not UTF-8".into()]);
    };
    let value: serde_json::Value = match crate::json::from_str_strict(text) {
        Ok(v) => v,
        Err(e) => return unreadable(vec![format!("not a JSON document: {e}")]),
    };
    let serde_json::Value::Object(mut map) = value.clone() else {
        return unreadable(vec!["not a JSON object".into()]);
    };
    // The digest member is not covered by the digest: it must be exactly
    // `{"algorithm": BUNDLE_DIGEST_ALGORITHM, "value": <hex>}`.
    let digest = map.remove("digest");
    let stored = digest
        .as_ref()
        .and_then(|d| serde_json::from_value::<BundleDigest>(d.clone()).ok());
    let Some(stored) = stored else {
        return unreadable(vec!["no digest, or a digest with other members".into()]);
    };
    if stored.algorithm != BUNDLE_DIGEST_ALGORITHM {
        problems.push(format!(
            "digest algorithm is not \"{BUNDLE_DIGEST_ALGORITHM}\""
        ));
    }
    let stored = stored.value;
    if map.get("schema").and_then(|s| s.as_str()) != Some(BUNDLE_SCHEMA) {
        problems.push(format!("schema is not \"{BUNDLE_SCHEMA}\""));
    }
    match canonical_text(&value) {
        Ok(c) if c == text => {}
        _ => problems.push(
            "the text is not the bundle's canonical form: bytes were changed or reformatted".into(),
        ),
    }
    let body = serde_json::Value::Object(map.clone());
    match canonical_text(&body) {
        Ok(c) if sha256_hex(c.as_bytes()) == stored => {}
        _ => problems.push("the digest does not match the content".into()),
    }
    let html_matches = html.map(|h| {
        let ok =
            map.get("html_report_sha256").and_then(|v| v.as_str()) == Some(sha256_hex(h).as_str());
        if !ok {
            problems.push("the HTML report does not match html_report_sha256".into());
        }
        ok
    });
    let chain_status = map
        .get("incident")
        .and_then(|i| serde_json::from_value::<Incident>(i.clone()).ok())
        .map(|i| verify(&i, None, Lang::En).status);
    if chain_status.is_none() {
        problems.push("the incident log inside cannot be read".into());
    }
    BundleCheck {
        schema: BUNDLE_CHECK_SCHEMA.to_string(),
        status: if problems.is_empty() {
            BundleStatus::Intact
        } else {
            BundleStatus::Altered
        },
        digest: Some(stored),
        html_matches,
        chain_status,
        problems,
    }
}
