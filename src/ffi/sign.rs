//! `mamori_incident_*_signed`, `mamori_incident_checkpoint`: incident records signed with the
//! host's Ed25519 key (see `crate::incident::verify_signed`).

use std::ffi::c_char;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::incident::{lang_arg, mamori_incident};
use super::{
    FfiResult, bytes_arg, check_out, ffi_boundary, handle_ref, lock, mamori_result, opt_str_arg,
    str_arg, to_json, write_string_out,
};
use crate::error::{Error, from_json};
use crate::incident::{Checkpoint, Event, Incident, IncidentSigner, TrustedKey, verify_signed};

/// The request of `mamori_incident_verify_signed`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureQuery {
    /// The incident log.
    pub incident: Incident,
    /// The public keys the verifier trusts.
    pub trusted_keys: Vec<TrustedKey>,
    /// Signed checkpoints kept outside the log.
    #[serde(default)]
    pub checkpoints: Vec<Checkpoint>,
}

/// A signer from the key id and the 32-byte seed (copied into a zeroizing buffer).
///
/// # Safety
/// As the exported callers: `key_id` NULL or NUL-terminated, `seed` NULL or `seed_len` bytes.
unsafe fn signer(
    key_id: *const c_char,
    seed: *const u8,
    seed_len: usize,
) -> FfiResult<IncidentSigner> {
    // SAFETY: forwarded contract.
    let key_id = unsafe { str_arg(key_id, "key_id") }?;
    // SAFETY: forwarded contract.
    let seed = unsafe { bytes_arg(seed, seed_len, "seed") }?;
    let mut buf = Zeroizing::new([0u8; 32]);
    if seed.len() != 32 {
        return Err(Error::invalid("seed", "an Ed25519 seed has 32 bytes").into());
    }
    buf.copy_from_slice(seed);
    Ok(IncidentSigner::from_seed(key_id, buf)?)
}

/// Append an event (as `mamori_incident_append`) and sign its hash with the host's Ed25519
/// key: `key_id` names the key, `seed`/`seed_len` is its 32-byte secret seed (copied into a
/// buffer that is zeroized after the call; the caller wipes its own copy). Only for a chained
/// `mamori.incident.v2` log. `out_warnings_json` may be NULL.
///
/// # Safety
/// `inc` NULL or a live handle; `event_json` and `key_id` NULL or NUL-terminated; `seed` NULL
/// or `seed_len` readable bytes; `out_warnings_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_append_signed(
    inc: *mut mamori_incident,
    event_json: *const c_char,
    key_id: *const c_char,
    seed: *const u8,
    seed_len: usize,
    out_warnings_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let inc = unsafe { handle_ref(inc, "inc") }?;
        // SAFETY: per this function's contract.
        let event = unsafe { str_arg(event_json, "event_json") }?;
        // SAFETY: per this function's contract.
        let signer = unsafe { signer(key_id, seed, seed_len) }?;
        let event: Event = from_json(event)?;
        let mut guard = lock(&inc.inner)?;
        let mut next = guard.clone();
        let warnings = next.append_signed(event, &signer)?;
        if !out_warnings_json.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { write_string_out(out_warnings_json, to_json(&warnings)?) }?;
        }
        *guard = next;
        Ok(())
    })
}

/// A signed checkpoint of the log's current head (`mamori.incident_checkpoint.v1`) into
/// `*out_json`; keep it outside the log. Key arguments as `mamori_incident_append_signed`.
///
/// # Safety
/// `inc` NULL or a live handle; `key_id` NULL or NUL-terminated; `seed` NULL or `seed_len`
/// readable bytes; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_checkpoint(
    inc: *const mamori_incident,
    key_id: *const c_char,
    seed: *const u8,
    seed_len: usize,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let inc = unsafe { handle_ref(inc, "inc") }?;
        // SAFETY: per this function's contract.
        let signer = unsafe { signer(key_id, seed, seed_len) }?;
        check_out(out_json, "out_json")?;
        let cp = lock(&inc.inner)?.checkpoint(&signer)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, to_json(&cp)?) }
    })
}

/// Check a stored log's chain and signatures: `request_json` is `{"incident": <log>,
/// "trusted_keys": [{"key_id", "public_key", "holder"}], "checkpoints"?: [...]}`; `lang` is
/// `"ja"` (default when NULL) or `"en"`. `*out_json` receives a `mamori.signature_check.v1`
/// (`status`: `verified`, `unsigned` or `rejected`; who signed which event; unsigned events;
/// problems). A rejected log is a successful call.
///
/// # Safety
/// `request_json` and `lang` NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_incident_verify_signed(
    request_json: *const c_char,
    lang: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let req = unsafe { str_arg(request_json, "request_json") }?;
        // SAFETY: per this function's contract.
        let lang = lang_arg(unsafe { opt_str_arg(lang, "lang") }?)?;
        check_out(out_json, "out_json")?;
        let q: SignatureQuery = from_json(req)?;
        let check = verify_signed(&q.incident, &q.trusted_keys, &q.checkpoints, lang);
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, to_json(&check)?) }
    })
}
