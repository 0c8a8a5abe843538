//! Signed incident records: Ed25519 signatures, by a key the host holds, over each event's hash
//! and over checkpoints of the chain's head (`mamori.signature_check.v1`).
//!
//! The unkeyed hash chain ([`super::verify`]) catches accidents and in-place edits, but anyone
//! who can edit the log can recompute every hash. A signature cannot be recomputed without the
//! host's private key: an edited and re-chained log fails [`verify_signed`] wherever an event
//! was signed, and every event without a signature is listed as unsigned, never passed.
//!
//! Signed message of an event: the UTF-8 bytes of
//! `"mamori.incident.sig.v1:" + incident id + ":" + event hash`; of a checkpoint:
//! `"mamori.incident.checkpoint.v1:" + incident id + ":" + event count + ":" + head hash`.
//! The event hash already covers `prev`, so an event's signature also fixes its position.
//! The `signature` member is not part of the event's canonical bytes, so signing never changes
//! the chain, and logs written before signing existed verify exactly as before.

use std::fmt;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{ChainCheck, ChainStatus, Event, Incident, Warning, verify};
use crate::error::{Error, Result};
use crate::hashchain::hex as hex_of;
use crate::text::Lang;

/// Schema tag of [`SignatureCheck`].
pub const SIGNATURE_CHECK_SCHEMA: &str = "mamori.signature_check.v1";
/// Schema tag of [`Checkpoint`].
pub const CHECKPOINT_SCHEMA: &str = "mamori.incident_checkpoint.v1";

/// The host's signing key for incident records. The private key is zeroized on drop and never
/// appears in `Debug`, errors or JSON.
pub struct IncidentSigner {
    key_id: String,
    key: SigningKey,
}

impl fmt::Debug for IncidentSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IncidentSigner")
            .field("key_id", &self.key_id)
            .field("public_key", &self.public_key_hex())
            .finish_non_exhaustive()
    }
}

impl IncidentSigner {
    /// A signer from the 32-byte Ed25519 secret seed the host keeps (HSM export, keychain).
    /// The seed is taken in a [`Zeroizing`] wrapper so no copy outlives this call.
    pub fn from_seed(key_id: impl Into<String>, seed: Zeroizing<[u8; 32]>) -> Result<Self> {
        let key_id = key_id.into();
        if key_id.trim().is_empty() {
            return Err(Error::invalid("key_id", "must not be empty"));
        }
        Ok(IncidentSigner {
            key_id,
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// The key's id (names the key in signatures and in the verifier's trusted keys).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The public key, lowercase hex (give it to verifiers as a [`TrustedKey`]).
    pub fn public_key_hex(&self) -> String {
        hex_of(self.key.verifying_key().as_bytes())
    }

    fn sign(&self, message: &str) -> EventSignature {
        EventSignature {
            key_id: self.key_id.clone(),
            public_key: self.public_key_hex(),
            signature: hex_of(&self.key.sign(message.as_bytes()).to_bytes()),
        }
    }
}

/// An Ed25519 signature with the key that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventSignature {
    /// The signing key's id.
    pub key_id: String,
    /// The signing key's public key (lowercase hex, 32 bytes). Only a key the verifier trusts
    /// counts: anyone can sign with a key of their own.
    pub public_key: String,
    /// The signature (lowercase hex, 64 bytes).
    pub signature: String,
}

/// A public key the verifier trusts, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrustedKey {
    /// The key's id.
    pub key_id: String,
    /// The public key (lowercase hex, 32 bytes).
    pub public_key: String,
    /// Who holds it (e.g. "総務部 incident desk").
    pub holder: String,
}

/// A signed statement of the chain's head, to keep outside the log (ticket, filed report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// Always `"mamori.incident_checkpoint.v1"`.
    pub schema: String,
    /// The incident id.
    pub incident_id: String,
    /// The number of events covered.
    pub events: usize,
    /// The hash of the last event covered.
    pub head: String,
    /// The signature.
    pub signature: EventSignature,
}

fn event_message(incident_id: &str, hash: &str) -> String {
    format!("mamori.incident.sig.v1:{incident_id}:{hash}")
}

fn checkpoint_message(incident_id: &str, events: usize, head: &str) -> String {
    format!("mamori.incident.checkpoint.v1:{incident_id}:{events}:{head}")
}

impl Incident {
    /// Like [`Incident::append`], and sign the stored event's hash with `signer`. Only for a
    /// chained (`mamori.incident.v2`) log.
    pub fn append_signed(&mut self, event: Event, signer: &IncidentSigner) -> Result<Vec<Warning>> {
        if !self.is_chained() {
            return Err(Error::invalid(
                "schema",
                "only a chained mamori.incident.v2 log can be signed",
            ));
        }
        let mut event = self.seal(event)?;
        let w = self.check(&event)?;
        let hash = event.hash.clone().unwrap_or_default();
        event.signature = Some(signer.sign(&event_message(&self.id, &hash)));
        self.events.push(event);
        Ok(w)
    }

    /// A signed checkpoint of the current head (errors on an empty or unchained log).
    pub fn checkpoint(&self, signer: &IncidentSigner) -> Result<Checkpoint> {
        let head = self
            .head()
            .ok_or_else(|| Error::invalid("events", "an empty or unchained log has no head"))?
            .to_string();
        let n = self.events.len();
        Ok(Checkpoint {
            schema: CHECKPOINT_SCHEMA.to_string(),
            incident_id: self.id.clone(),
            events: n,
            signature: signer.sign(&checkpoint_message(&self.id, n, &head)),
            head,
        })
    }
}

/// The outcome of [`verify_signed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum SignatureStatus {
    /// The chain verifies and every event and checkpoint is signed by a trusted key.
    Verified,
    /// Nothing is wrong with what is signed, but some events carry no signature: the chain
    /// alone cannot show they were not rewritten. Never read this as verified.
    Unsigned,
    /// A signature fails, is by an untrusted key, or the chain is broken: the log was changed.
    Rejected,
}

/// What is wrong with one signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum SignatureProblemCode {
    /// The signature does not verify over the event's (or checkpoint's) content: the log was
    /// edited after it was signed.
    BadSignature,
    /// Signed by a key the verifier does not trust (or whose public key differs from the
    /// trusted one under that id).
    UntrustedKey,
    /// The signature or key is not valid hex of the right length.
    Malformed,
    /// A checkpoint names more events than the log has, or a different head.
    CheckpointMismatch,
}

/// One signature problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureProblem {
    /// The event (`null` for a checkpoint).
    pub event_index: Option<usize>,
    /// The checkpoint (its position in the list given), if it concerns one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint_index: Option<usize>,
    /// What.
    pub code: SignatureProblemCode,
    /// Explanation (in the requested language).
    pub message: String,
}

/// Who signed which event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignedEvent {
    /// The event.
    pub event_index: usize,
    /// The key's id.
    pub key_id: String,
    /// The key's holder (from the trusted keys).
    pub holder: String,
}

/// The result of [`verify_signed`] (`schema: "mamori.signature_check.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureCheck {
    /// Always `"mamori.signature_check.v1"`.
    pub schema: String,
    /// Verified, unsigned or rejected.
    pub status: SignatureStatus,
    /// The unkeyed chain check.
    pub chain: ChainCheck,
    /// Events whose signature verifies under a trusted key.
    pub signed: Vec<SignedEvent>,
    /// Events without a signature.
    pub unsigned: Vec<usize>,
    /// Checkpoints that verify (their positions in the list given).
    pub checkpoints_verified: Vec<usize>,
    /// Everything wrong.
    pub problems: Vec<SignatureProblem>,
    /// One line in the requested language.
    pub summary: String,
}

fn decode_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let b = s.as_bytes();
    if b.len() != 2 * N {
        return None;
    }
    let nib = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = (nib(b[2 * i])? << 4) | nib(b[2 * i + 1])?;
    }
    Some(out)
}

/// Check one signature against the trusted keys: the holder, or the problem.
fn check_sig<'k>(
    sig: &EventSignature,
    message: &str,
    trusted: &'k [TrustedKey],
) -> std::result::Result<&'k TrustedKey, SignatureProblemCode> {
    let Some(key) = trusted
        .iter()
        .find(|k| k.key_id == sig.key_id && k.public_key == sig.public_key)
    else {
        return Err(SignatureProblemCode::UntrustedKey);
    };
    let (Some(pk), Some(sb)) = (
        decode_hex::<32>(&key.public_key),
        decode_hex::<64>(&sig.signature),
    ) else {
        return Err(SignatureProblemCode::Malformed);
    };
    let vk = VerifyingKey::from_bytes(&pk).map_err(|_| SignatureProblemCode::Malformed)?;
    vk.verify_strict(message.as_bytes(), &Signature::from_bytes(&sb))
        .map_err(|_| SignatureProblemCode::BadSignature)?;
    Ok(key)
}

fn problem_text(lang: Lang, code: SignatureProblemCode, what: &str) -> String {
    use SignatureProblemCode::*;
    match (lang, code) {
        (Lang::Ja, BadSignature) => {
            format!("{what} の署名が内容と一致しません: 署名後に記録が変更されました")
        }
        (Lang::Ja, UntrustedKey) => format!("{what} は信頼された鍵で署名されていません"),
        (Lang::Ja, Malformed) => format!("{what} の署名または公開鍵の形式が不正です"),
        (Lang::Ja, CheckpointMismatch) => {
            format!("{what} が記録の先頭ハッシュと一致しません: 記録が書き換えられました")
        }
        (Lang::En, BadSignature) => format!(
            "{what}: the signature does not match the content: the record was changed after it was signed"
        ),
        (Lang::En, UntrustedKey) => format!("{what} is not signed by a trusted key"),
        (Lang::En, Malformed) => format!("{what}: malformed signature or public key"),
        (Lang::En, CheckpointMismatch) => {
            format!("{what} does not match the log's hashes: the log was rewritten or cut short")
        }
    }
}

/// Check an incident's chain and signatures against the keys the verifier trusts, and the
/// signed checkpoints kept outside the log. Reports who signed which event, which events are
/// unsigned, and rejects an edited log even when its unkeyed chain was recomputed.
pub fn verify_signed(
    incident: &Incident,
    trusted: &[TrustedKey],
    checkpoints: &[Checkpoint],
    lang: Lang,
) -> SignatureCheck {
    let chain = verify(incident, None, lang);
    let mut signed = Vec::new();
    let mut unsigned = Vec::new();
    let mut problems = Vec::new();
    for (i, e) in incident.events.iter().enumerate() {
        let Some(sig) = &e.signature else {
            unsigned.push(i);
            continue;
        };
        let hash = e.hash.as_deref().unwrap_or_default();
        match check_sig(sig, &event_message(&incident.id, hash), trusted) {
            Ok(k) => signed.push(SignedEvent {
                event_index: i,
                key_id: k.key_id.clone(),
                holder: k.holder.clone(),
            }),
            Err(code) => problems.push(SignatureProblem {
                event_index: Some(i),
                checkpoint_index: None,
                code,
                message: problem_text(lang, code, &format!("events[{i}]")),
            }),
        }
    }
    let mut checkpoints_verified = Vec::new();
    for (c, cp) in checkpoints.iter().enumerate() {
        let what = format!("checkpoint[{c}]");
        let res = check_sig(
            &cp.signature,
            &checkpoint_message(&cp.incident_id, cp.events, &cp.head),
            trusted,
        )
        .and_then(|_| {
            let at = cp
                .events
                .checked_sub(1)
                .and_then(|i| incident.events.get(i));
            let ok = cp.incident_id == incident.id
                && at.and_then(|e| e.hash.as_deref()) == Some(cp.head.as_str());
            if ok {
                Ok(())
            } else {
                Err(SignatureProblemCode::CheckpointMismatch)
            }
        });
        match res {
            Ok(()) => checkpoints_verified.push(c),
            Err(code) => problems.push(SignatureProblem {
                event_index: None,
                checkpoint_index: Some(c),
                code,
                message: problem_text(lang, code, &what),
            }),
        }
    }
    let status = if !problems.is_empty() || chain.status != ChainStatus::Verified {
        SignatureStatus::Rejected
    } else if !unsigned.is_empty() {
        SignatureStatus::Unsigned
    } else {
        SignatureStatus::Verified
    };
    let (n, s, u, p) = (
        incident.events.len(),
        signed.len(),
        unsigned.len(),
        problems.len(),
    );
    let summary = match (lang, status) {
        (Lang::Ja, SignatureStatus::Verified) => {
            format!("署名検証済み: {n} 件すべてが信頼された鍵で署名されています")
        }
        (Lang::Ja, SignatureStatus::Unsigned) => format!(
            "署名のない記録が {u} 件あります({n} 件中、署名済み {s} 件): 署名のない部分は書き換えを否定できません"
        ),
        (Lang::Ja, SignatureStatus::Rejected) => format!(
            "記録は改ざんされています: 署名の問題 {p} 件、ハッシュチェーン「{}」",
            chain.summary
        ),
        (Lang::En, SignatureStatus::Verified) => {
            format!("signatures verified: all {n} events signed by trusted keys")
        }
        (Lang::En, SignatureStatus::Unsigned) => format!(
            "{u} of {n} events are unsigned ({s} signed): a rewrite of the unsigned part cannot be ruled out"
        ),
        (Lang::En, SignatureStatus::Rejected) => format!(
            "REJECTED: {p} signature problem(s); chain: {}",
            chain.summary
        ),
    };
    SignatureCheck {
        schema: SIGNATURE_CHECK_SCHEMA.to_string(),
        status,
        chain,
        signed,
        unsigned,
        checkpoints_verified,
        problems,
        summary,
    }
}
