//! `mamori_vault_*`: the encrypted contact vault.
//!
//! Contact JSON crossing this boundary is secret: it is parsed without echoing values into
//! error messages, and returned strings are zeroized by `mamori_string_free`.

use std::ffi::{CString, c_char};
use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::Zeroize;

use super::{
    FfiError, FfiResult, bytes_arg, check_out, ffi_boundary, ffi_boundary_or, handle_ref,
    mamori_result, opt_str_arg, str_arg, to_json, write_handle_out, write_string_out,
};
use crate::error::{Error, from_json};
use crate::vault::{Contact, ContactId, KeySpec, Vault, VaultOptions};

/// An open vault behind the C ABI (`mamori_vault *`).
///
/// Thread safety: every function except `mamori_vault_close` may be called on the same handle
/// from several threads at once (reads run concurrently, writes are serialised inside the
/// vault). `mamori_vault_close` must not race with any other call on the handle.
pub struct mamori_vault {
    pub(super) inner: Vault,
    /// Set when a panic unwound through a call on this handle; later calls return
    /// `MAMORI_PANIC` instead of touching a vault in an unknown state.
    poisoned: AtomicBool,
}

impl mamori_vault {
    pub(super) fn new(inner: Vault) -> Self {
        mamori_vault {
            inner,
            poisoned: AtomicBool::new(false),
        }
    }
}

/// A borrowed vault handle that poisons the handle if a panic unwinds while it is held.
pub(super) struct VaultRef<'a>(&'a mamori_vault);

impl Drop for VaultRef<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.poisoned.store(true, Ordering::SeqCst);
        }
    }
}

impl std::ops::Deref for VaultRef<'_> {
    type Target = mamori_vault;
    fn deref(&self) -> &mamori_vault {
        self.0
    }
}

/// Borrow a vault handle for one call (NULL → `MAMORI_NULL_ARGUMENT`, poisoned →
/// `MAMORI_PANIC`).
///
/// # Safety
/// `v` must be NULL or a live handle.
pub(super) unsafe fn vault_ref<'a>(v: *const mamori_vault) -> FfiResult<VaultRef<'a>> {
    // SAFETY: forwarded contract.
    let v = unsafe { handle_ref(v, "v") }?;
    if v.poisoned.load(Ordering::SeqCst) {
        return Err(FfiError::new(
            mamori_result::MAMORI_PANIC,
            "vault handle is poisoned by an earlier panic; close it",
        ));
    }
    Ok(VaultRef(v))
}

#[allow(dead_code)]
fn assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<mamori_vault>();
}

/// Parse JSON that may hold contact data (strictly, see `crate::json`): messages name the
/// JSON path and what was expected, never the value found.
fn parse_secret<T: serde::de::DeserializeOwned>(json: &str, what: &str) -> FfiResult<T> {
    Ok(crate::json::from_str_secret(json, what)?)
}

/// Write a string holding secrets to `*out`, zeroizing the intermediate buffer.
///
/// # Safety
/// `out` must be non-NULL (checked with [`check_out`]) and writable.
unsafe fn write_secret_out(out: *mut *mut c_char, mut s: String) -> FfiResult<()> {
    let mut v = Vec::with_capacity(s.len() + 1);
    v.extend_from_slice(s.as_bytes());
    v.push(0);
    s.zeroize();
    match CString::from_vec_with_nul(v) {
        Ok(c) => {
            // SAFETY: checked non-NULL and writable per the caller's contract.
            unsafe { *out = c.into_raw() };
            Ok(())
        }
        Err(e) => {
            e.into_bytes().zeroize();
            Err(FfiError::new(
                mamori_result::MAMORI_INTERNAL,
                "output contains a NUL byte",
            ))
        }
    }
}

/// The shared body of the entry points that serialise one document read from an open vault
/// (manifest, access log, export): handle and out-parameter checks, JSON, and the output
/// written only on success (zeroized on free when `secret`, i.e. contact data). Callers wrap
/// it in `ffi_boundary` themselves, so every entry point visibly goes through the boundary.
///
/// # Safety
/// `v` must be NULL or a live handle; `out` NULL or writable.
unsafe fn vault_document<T: serde::Serialize>(
    v: *const mamori_vault,
    out: *mut *mut c_char,
    out_name: &str,
    secret: bool,
    read: impl FnOnce(&crate::vault::Vault) -> crate::Result<T>,
) -> FfiResult<()> {
    // SAFETY: per this function's contract.
    let v = unsafe { vault_ref(v) }?;
    check_out(out, out_name)?;
    let json = to_json(&read(&v.inner)?)?;
    // SAFETY: checked non-NULL.
    if secret {
        unsafe { write_secret_out(out, json) }
    } else {
        unsafe { write_string_out(out, json) }
    }
}

fn contact_json(c: &Contact) -> FfiResult<String> {
    to_json(c)
}

fn parse_id(id: &str) -> FfiResult<ContactId> {
    Ok(ContactId::parse(id)?)
}

/// Create a new vault file at `path`, protected by `passcode` (`passcode_len` bytes; any
/// bytes, e.g. a UTF-8 PIN). `options_json` may be NULL for the defaults, or e.g.
/// `{"kdf": {"m_kib": 19456, "t": 2, "p": 1}, "default_region": "JP", "remote_wipe": true}`
/// (see `schemas/vault-options.schema.json`). On success `*out` receives the open vault
/// (close it with `mamori_vault_close`).
///
/// Errors: `MAMORI_IO` (e.g. the file exists), `MAMORI_PARAMS_OUT_OF_BOUNDS` (KDF parameters),
/// `MAMORI_INVALID_INPUT`, `MAMORI_NULL_ARGUMENT`, `MAMORI_INVALID_UTF8`.
///
/// # Safety
/// `path` and `options_json` must be NULL or NUL-terminated; `passcode` must be NULL (only
/// with `passcode_len == 0`) or point to `passcode_len` bytes; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_create(
    path: *const c_char,
    passcode: *const u8,
    passcode_len: usize,
    options_json: *const c_char,
    out: *mut *mut mamori_vault,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract (for all three arguments).
        let path = unsafe { str_arg(path, "path") }?;
        // SAFETY: as above.
        let passcode = unsafe { bytes_arg(passcode, passcode_len, "passcode") }?;
        // SAFETY: as above.
        let options = unsafe { opt_str_arg(options_json, "options_json") }?;
        check_out(out, "out")?;
        let options: VaultOptions = match options {
            Some(j) => from_json(j)?,
            None => VaultOptions::default(),
        };
        let vault = Vault::create(path, passcode, options)?;
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, mamori_vault::new(vault)) }
    })
}

/// Open an existing vault file. Runs the passcode KDF once; the handle keeps the derived keys
/// until it is closed. `MAMORI_WRONG_PASSCODE` if the passcode does not open it,
/// `MAMORI_LOCKED` if another handle or process has it open, `MAMORI_CORRUPT`,
/// `MAMORI_UNSUPPORTED_VERSION`, `MAMORI_WIPED`, `MAMORI_IO`.
///
/// # Safety
/// As `mamori_vault_create`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_open(
    path: *const c_char,
    passcode: *const u8,
    passcode_len: usize,
    out: *mut *mut mamori_vault,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let path = unsafe { str_arg(path, "path") }?;
        // SAFETY: as above.
        let passcode = unsafe { bytes_arg(passcode, passcode_len, "passcode") }?;
        check_out(out, "out")?;
        let vault = Vault::open(path, passcode, VaultOptions::default())?;
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, mamori_vault::new(vault)) }
    })
}

/// A 32-byte key, factor or challenge argument (exactly 32 readable bytes).
///
/// # Safety
/// `ptr` must be NULL or point to 32 readable bytes.
unsafe fn key32_arg<'a>(ptr: *const u8, name: &str) -> FfiResult<&'a [u8; 32]> {
    if ptr.is_null() {
        return Err(FfiError::null(name));
    }
    // SAFETY: non-NULL and 32 readable bytes per the caller's contract.
    let b = unsafe { bytes_arg(ptr, 32, name) }?;
    Ok(b.try_into().expect("32 bytes"))
}

/// Write 32 bytes to `out` (checked non-NULL by the caller).
///
/// # Safety
/// `out` must point to 32 writable bytes.
unsafe fn write32(out: *mut u8, v: &[u8; 32]) {
    // SAFETY: per this function's contract.
    unsafe { std::ptr::copy_nonoverlapping(v.as_ptr(), out, 32) };
}

pub(super) fn options_or_default(options: Option<&str>) -> FfiResult<VaultOptions> {
    Ok(match options {
        Some(j) => from_json(j)?,
        None => VaultOptions::default(),
    })
}

/// Create a new vault protected by a 32-byte host keystore key (a `host_key` slot: e.g. a
/// random key sealed by the Android Keystore or the iOS Keychain and never written next to
/// the vault). The manifest reports `key_separated: true`. `options_json` as for
/// `mamori_vault_create` (the KDF parameters are not used).
///
/// # Safety
/// `path`/`options_json` NULL or NUL-terminated; `key` NULL or 32 readable bytes; `out` NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_create_with_key(
    path: *const c_char,
    key: *const u8,
    options_json: *const c_char,
    out: *mut *mut mamori_vault,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract (for all arguments).
        let path = unsafe { str_arg(path, "path") }?;
        // SAFETY: as above.
        let key = unsafe { key32_arg(key, "key") }?;
        // SAFETY: as above.
        let options = options_or_default(unsafe { opt_str_arg(options_json, "options_json") }?)?;
        check_out(out, "out")?;
        let vault = Vault::create_with_raw_key(path, key, options)?;
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, mamori_vault::new(vault)) }
    })
}

/// Open a `host_key` vault with its 32-byte key. `MAMORI_WRONG_PASSCODE` for a wrong key,
/// `MAMORI_FACTOR_REQUIRED` if the vault has no host-key slot.
///
/// # Safety
/// `path` NULL or NUL-terminated; `key` NULL or 32 readable bytes; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_open_with_key(
    path: *const c_char,
    key: *const u8,
    out: *mut *mut mamori_vault,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let path = unsafe { str_arg(path, "path") }?;
        // SAFETY: as above.
        let key = unsafe { key32_arg(key, "key") }?;
        check_out(out, "out")?;
        let vault = Vault::open_with_raw_key(path, key, VaultOptions::default())?;
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, mamori_vault::new(vault)) }
    })
}

/// A fresh random 32-byte challenge for `mamori_vault_create_with_factor` (the new vault's id
/// ‖ the slot's factor id). Compute the platform factor over it (e.g. HMAC-SHA256 with a
/// StrongBox key), then create. For a server share, overwrite bytes 16..32 with the share id.
///
/// # Safety
/// `out_challenge` NULL or 32 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_new_challenge(out_challenge: *mut u8) -> mamori_result {
    ffi_boundary(|| {
        check_out(out_challenge, "out_challenge")?;
        let c = Vault::new_challenge(&mut rand_core::OsRng);
        // SAFETY: checked non-NULL; 32 writable bytes per the contract.
        unsafe { write32(out_challenge, &c) };
        Ok(())
    })
}

/// The challenge for `mamori_vault_rekey` to a `passcode+platform` slot: this vault's id ‖ a
/// fresh random factor id (a challenge from `mamori_vault_new_challenge` has a random vault id,
/// which a rekey refuses with `MAMORI_INVALID_INPUT`). Compute the factor over it, then rekey;
/// `mamori_vault_unlock_challenge` returns the same bytes afterwards.
///
/// # Safety
/// `v` NULL or a live handle; `out_challenge` NULL or 32 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_rekey_challenge(
    v: *const mamori_vault,
    out_challenge: *mut u8,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: NULL or a live handle per the contract.
        let vault = unsafe { vault_ref(v) }?;
        check_out(out_challenge, "out_challenge")?;
        let c = vault.inner.rekey_challenge(&mut rand_core::OsRng)?;
        // SAFETY: checked non-NULL; 32 writable bytes per the contract.
        unsafe { write32(out_challenge, &c) };
        Ok(())
    })
}

/// Sans-IO unlock, step 1: the 32-byte challenge of the vault's `passcode+platform` or
/// `passcode+server` slot (no secret needed; bytes 16..32 are the server share id). Compute
/// the factor over it (asynchronously, e.g. behind a biometric prompt), then call
/// `mamori_vault_open_with_factor`. `MAMORI_FACTOR_REQUIRED` if the vault has no such slot.
///
/// # Safety
/// `path` NULL or NUL-terminated; `out_challenge` NULL or 32 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_unlock_challenge(
    path: *const c_char,
    out_challenge: *mut u8,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let path = unsafe { str_arg(path, "path") }?;
        check_out(out_challenge, "out_challenge")?;
        let c = Vault::unlock_challenge(path)?;
        // SAFETY: checked non-NULL; 32 writable bytes per the contract.
        unsafe { write32(out_challenge, &c) };
        Ok(())
    })
}

/// Create a `passcode+platform` vault (or `passcode+server`): `challenge` from
/// `mamori_vault_new_challenge`, `factor` the 32 bytes the platform key computed over it (or
/// the server share). `options_json` must name the factor's source:
/// `{"factor_source": "android_strongbox" | "android_tee" | "ios_secure_enclave" | "tpm" |
/// "software" | "server", ...}`. A PIN of any length is accepted here.
///
/// # Safety
/// `path`/`options_json` NULL or NUL-terminated; `passcode` as in `mamori_vault_create`;
/// `challenge` and `factor` NULL or 32 readable bytes; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_create_with_factor(
    path: *const c_char,
    passcode: *const u8,
    passcode_len: usize,
    challenge: *const u8,
    factor: *const u8,
    options_json: *const c_char,
    out: *mut *mut mamori_vault,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract (for all arguments).
        let path = unsafe { str_arg(path, "path") }?;
        // SAFETY: as above.
        let passcode = unsafe { bytes_arg(passcode, passcode_len, "passcode") }?;
        // SAFETY: as above.
        let challenge = unsafe { key32_arg(challenge, "challenge") }?;
        // SAFETY: as above.
        let factor = unsafe { key32_arg(factor, "factor") }?;
        // SAFETY: as above.
        let options = options_or_default(unsafe { opt_str_arg(options_json, "options_json") }?)?;
        check_out(out, "out")?;
        let source = options.factor_source.ok_or_else(|| {
            Error::invalid(
                "options_json.factor_source",
                "required: where the factor comes from",
            )
        })?;
        let vault = Vault::create_with_factor(path, passcode, source, challenge, factor, options)?;
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, mamori_vault::new(vault)) }
    })
}

/// Sans-IO unlock, step 2: open a `passcode+platform` or `passcode+server` vault with the
/// passcode and the 32-byte factor (or share). `MAMORI_WRONG_PASSCODE` when the passcode or
/// the factor is wrong (counted towards `wipe_after_failed`), `MAMORI_FACTOR_REQUIRED` when
/// the vault has no such slot.
///
/// # Safety
/// As `mamori_vault_open`; `factor` NULL or 32 readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_open_with_factor(
    path: *const c_char,
    passcode: *const u8,
    passcode_len: usize,
    factor: *const u8,
    out: *mut *mut mamori_vault,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let path = unsafe { str_arg(path, "path") }?;
        // SAFETY: as above.
        let passcode = unsafe { bytes_arg(passcode, passcode_len, "passcode") }?;
        // SAFETY: as above.
        let factor = unsafe { key32_arg(factor, "factor") }?;
        check_out(out, "out")?;
        let vault = Vault::open_with_factor(path, passcode, factor, VaultOptions::default())?;
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, mamori_vault::new(vault)) }
    })
}

/// Open a vault with open options (any key source). The secret: `key` non-NULL → the
/// vault's `host_key` slot (the passcode is ignored and may be NULL with length 0); else
/// `factor` non-NULL → passcode + factor (`passcode+platform` / `passcode+server`); else the
/// passcode alone. `options_json` (NULL = none):
///
/// ```json
/// {"anchor": {"schema": "mamori.anchor.v1", "vault_id": "…", "seq": 42, "head": "…"},
///  "read_only": false}
/// ```
///
/// - `anchor` (from `mamori_vault_anchor`, kept outside the file): checked *before* anything
///   is written — before a torn tail is cut, a stale key slot is cleared or the `opened` entry
///   is appended. A file older than the anchor (a rollback, acknowledged transactions cut off
///   — also when the cut looks like a torn write) is refused with `MAMORI_ROLLED_BACK` and left
///   exactly as it was; an anchor of another vault with `MAMORI_CORRUPT`.
/// - `read_only`: open without writing anything (a backup agent, a forensic copy, a manifest
///   for an incident): read-only descriptor under a shared lock, no `opened` entry, a torn
///   tail reported (`mamori_vault_damage`) but not cut, no upgrade or rewrite; every call that
///   writes (put, delete, export — it logs —, compact, wipe, …) then fails with
///   `MAMORI_INVALID_INPUT`. The vault's own policies still win: a wrong passcode is counted
///   and the idle wipe runs (both reopen the file for writing).
///
/// The other fields of the create options are accepted and ignored. Errors as
/// `mamori_vault_open`, plus `MAMORI_ROLLED_BACK`, `MAMORI_FACTOR_REQUIRED` and
/// `MAMORI_INVALID_INPUT` naming the bad option (e.g. `anchor.head`).
///
/// # Safety
/// `path`/`options_json` NULL or NUL-terminated; `passcode` NULL (only with `passcode_len ==
/// 0`) or `passcode_len` readable bytes; `key` and `factor` NULL or 32 readable bytes; `out`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_open_ex(
    path: *const c_char,
    passcode: *const u8,
    passcode_len: usize,
    key: *const u8,
    factor: *const u8,
    options_json: *const c_char,
    out: *mut *mut mamori_vault,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract (for all arguments).
        let path = unsafe { str_arg(path, "path") }?;
        // SAFETY: as above.
        let options = options_or_default(unsafe { opt_str_arg(options_json, "options_json") }?)?;
        check_out(out, "out")?;
        let vault = if key.is_null() {
            // SAFETY: as above.
            let passcode = unsafe { bytes_arg(passcode, passcode_len, "passcode") }?;
            if factor.is_null() {
                Vault::open(path, passcode, options)?
            } else {
                // SAFETY: as above.
                let factor = unsafe { key32_arg(factor, "factor") }?;
                Vault::open_with_factor(path, passcode, factor, options)?
            }
        } else {
            // SAFETY: as above.
            let key = unsafe { key32_arg(key, "key") }?;
            Vault::open_with_raw_key(path, key, options)?
        };
        // SAFETY: checked non-NULL.
        unsafe { write_handle_out(out, mamori_vault::new(vault)) }
    })
}

/// Rotate the master key: every record re-sealed under a new key, every old key slot
/// removed, one new slot. The new slot's kind: `key` non-NULL → `host_key`; else `factor`
/// non-NULL → passcode + factor (`challenge` required, `options_json` naming
/// `factor_source`); else `passcode` alone (passcode policy applies). Crash-safe.
///
/// # Safety
/// `v` NULL or a live handle; `passcode` as in `mamori_vault_create` (may be NULL with length
/// 0 for a host key); `key`, `challenge`, `factor` NULL or 32 readable bytes; `options_json`
/// NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_rekey(
    v: *mut mamori_vault,
    passcode: *const u8,
    passcode_len: usize,
    key: *const u8,
    challenge: *const u8,
    factor: *const u8,
    options_json: *const c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract (for all arguments).
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let options = options_or_default(unsafe { opt_str_arg(options_json, "options_json") }?)?;
        let spec = if !key.is_null() {
            // SAFETY: as above.
            KeySpec::HostKey(unsafe { key32_arg(key, "key") }?)
        } else {
            // SAFETY: as above.
            let passcode = unsafe { bytes_arg(passcode, passcode_len, "passcode") }?;
            if factor.is_null() {
                KeySpec::Passcode(passcode)
            } else {
                KeySpec::PasscodeFactor {
                    passcode,
                    // SAFETY: as above.
                    factor: unsafe { key32_arg(factor, "factor") }?,
                    // SAFETY: as above.
                    challenge: unsafe { key32_arg(challenge, "challenge") }?,
                    source: options.factor_source.ok_or_else(|| {
                        Error::invalid("options_json.factor_source", "required with a factor")
                    })?,
                }
            }
        };
        v.inner.rekey(spec)?;
        Ok(())
    })
}

/// Add (or replace) a `host_key` recovery slot for a 32-byte company key beside the user's
/// slot. The manifest then reports the weaker of the two slots.
///
/// # Safety
/// `v` NULL or a live handle; `key` NULL or 32 readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_add_recovery_key(
    v: *mut mamori_vault,
    key: *const u8,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let key = unsafe { key32_arg(key, "key") }?;
        v.inner.add_recovery_key(key)?;
        Ok(())
    })
}

/// Store a contact (`{"name": "...", "phones": ["..."], ...}`, see
/// `schemas/contact.schema.json`); a contact with an existing `id` replaces it. On success
/// `*out_id` receives the contact's id (16 hex digits). Durable when this returns.
///
/// # Safety
/// `v` must be NULL or a live handle; `contact_json` NULL or NUL-terminated; `out_id` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_put(
    v: *mut mamori_vault,
    contact_json: *const c_char,
    out_id: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let json = unsafe { str_arg(contact_json, "contact_json") }?;
        check_out(out_id, "out_id")?;
        let contact: Contact = parse_secret(json, "contact")?;
        let id = v.inner.put(contact)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_id, id.to_hex()) }
    })
}

/// Store several contacts atomically (a JSON array of contacts): after a crash either all or
/// none are present, and nothing is written if any is invalid. On success `*out_ids_json`
/// receives the JSON array of their ids, in order.
///
/// # Safety
/// As `mamori_vault_put`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_put_many(
    v: *mut mamori_vault,
    contacts_json_array: *const c_char,
    out_ids_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let json = unsafe { str_arg(contacts_json_array, "contacts_json_array") }?;
        check_out(out_ids_json, "out_ids_json")?;
        let contacts: Vec<Contact> = parse_secret(json, "contacts")?;
        let ids: Vec<String> = v
            .inner
            .put_many(contacts)?
            .iter()
            .map(ContactId::to_hex)
            .collect();
        let json = to_json(&ids)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_ids_json, json) }
    })
}

/// The contact with this id as JSON. `MAMORI_NOT_FOUND` if there is none, `MAMORI_CORRUPT` if
/// its record is damaged, `MAMORI_INVALID_INPUT` if `id` is not 16 hex digits.
///
/// # Safety
/// `v` must be NULL or a live handle; `id` NULL or NUL-terminated; `out_contact_json` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_get(
    v: *const mamori_vault,
    id: *const c_char,
    out_contact_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let id = unsafe { str_arg(id, "id") }?;
        check_out(out_contact_json, "out_contact_json")?;
        let contact = v.inner.get(&parse_id(id)?)?;
        let json = contact_json(&contact)?;
        // SAFETY: checked non-NULL.
        unsafe { write_secret_out(out_contact_json, json) }
    })
}

/// Caller-ID lookup: the contact whose phone number matches `phone` (any common format;
/// numbers without a country code use the vault's default region). `MAMORI_NOT_FOUND` if no
/// contact has that number.
///
/// # Safety
/// `v` must be NULL or a live handle; `phone` NULL or NUL-terminated; `out_contact_json` NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_lookup_phone(
    v: *const mamori_vault,
    phone: *const c_char,
    out_contact_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let phone = unsafe { str_arg(phone, "phone") }?;
        check_out(out_contact_json, "out_contact_json")?;
        let contact = v
            .inner
            .lookup_phone(phone)?
            .ok_or_else(|| Error::not_found("no contact has this phone number"))?;
        let json = contact_json(&contact)?;
        // SAFETY: checked non-NULL.
        unsafe { write_secret_out(out_contact_json, json) }
    })
}

/// Caller ID for an incoming-call screen: `{"id", "name", "company"?}` (`caller-id.schema.json`)
/// of the contact whose phone number matches `phone`, matched exactly as
/// `mamori_vault_lookup_phone` does but decoding only those fields. `MAMORI_NOT_FOUND` if no
/// contact has that number.
///
/// # Safety
/// `v` must be NULL or a live handle; `phone` NULL or NUL-terminated; `out_json` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_caller_id(
    v: *const mamori_vault,
    phone: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let phone = unsafe { str_arg(phone, "phone") }?;
        check_out(out_json, "out_json")?;
        let who = v
            .inner
            .caller_id(phone)?
            .ok_or_else(|| Error::not_found("no contact has this phone number"))?;
        let json = to_json(&who)?;
        // SAFETY: checked non-NULL.
        unsafe { write_secret_out(out_json, json) }
    })
}

/// Delete the contact with this id (`MAMORI_NOT_FOUND` if there is none; `MAMORI_LEGAL_HOLD`
/// while a legal hold is on the vault, see `mamori_vault_hold`).
///
/// # Safety
/// `v` must be NULL or a live handle; `id` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_delete(
    v: *mut mamori_vault,
    id: *const c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let id = unsafe { str_arg(id, "id") }?;
        v.inner.delete(&parse_id(id)?)?;
        Ok(())
    })
}

/// Change the passcode in O(1) (the vault key is re-wrapped; records are not re-encrypted).
/// `MAMORI_WRONG_PASSCODE` if `old_pc` is not the current passcode.
///
/// # Safety
/// `v` must be NULL or a live handle; each buffer NULL (only with length 0) or pointing to
/// that many bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_change_passcode(
    v: *mut mamori_vault,
    old_pc: *const u8,
    old_len: usize,
    new_pc: *const u8,
    new_len: usize,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let old = unsafe { bytes_arg(old_pc, old_len, "old_pc") }?;
        // SAFETY: as above.
        let new = unsafe { bytes_arg(new_pc, new_len, "new_pc") }?;
        v.inner.change_passcode(old, new)?;
        Ok(())
    })
}

/// Set a new passcode on this open vault without the current one (one Argon2id run; like
/// SQLCipher's `PRAGMA rekey`). Otherwise as `mamori_vault_change_passcode`. Use it right
/// after the user authenticated; prefer `mamori_vault_change_passcode` when the handle may
/// have been left open unattended.
///
/// # Safety
/// `v` must be NULL or a live handle; `new_pc` NULL (only with length 0) or pointing to
/// `new_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_set_passcode(
    v: *mut mamori_vault,
    new_pc: *const u8,
    new_len: usize,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let new = unsafe { bytes_arg(new_pc, new_len, "new_pc") }?;
        v.inner.set_passcode(new)?;
        Ok(())
    })
}

/// Replace the user's passcode with a passphrase the library generates itself (7 words drawn
/// uniformly from the EFF large word list with the vault's RNG: 90 bits) and return it in
/// `*out_passphrase` (UTF-8, words separated by spaces; show it to the user once, then free
/// it with `mamori_string_free`, which zeroizes it). The slot records that the library
/// generated it, so the manifest can report `key_separated: true` for this passcode-only
/// vault; a passcode a person chose never is. Otherwise as `mamori_vault_set_passcode`
/// (O(1), crash-safe, logged, the old passcode revoked). Create a vault with any passcode
/// first, then call this.
///
/// # Safety
/// `v` must be NULL or a live handle; `out_passphrase` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_generate_passphrase(
    v: *mut mamori_vault,
    out_passphrase: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        check_out(out_passphrase, "out_passphrase")?;
        let p = v.inner.set_generated_passphrase()?;
        // SAFETY: checked writable above. The copy is zeroized like every secret output.
        unsafe { write_secret_out(out_passphrase, p.as_str().to_string()) }
    })
}

/// The `mamori.manifest.v3` document: how many contacts and persons the vault holds (by
/// jurisdiction), whether any is sensitive, and how they are protected. No contact data.
/// Its `protection` block and `persons_by_jurisdiction` feed `mamori_assess`.
///
/// # Safety
/// `v` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_manifest(
    v: *const mamori_vault,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        unsafe { vault_document(v, out_json, "out_json", false, |v| v.manifest()) }
    })
}

/// The vault's verified access log (`mamori.vault-access-log.v1`): creation, opens, failed
/// opens, exports, passcode changes, compactions and wipes (no contact data). Lookups, `get`
/// and `search_name` are not recorded (format v1).
///
/// # Safety
/// `v` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_access_log(
    v: *const mamori_vault,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        unsafe { vault_document(v, out_json, "out_json", false, |v| v.access_log()) }
    })
}

/// Every contact as a JSON array (for migration or backup into another protected store); the
/// export is recorded in the vault's access log. `MAMORI_CORRUPT` when a record cannot be
/// read (the export would be incomplete): `mamori_vault_export_report` exports the readable
/// ones and names the others.
///
/// # Safety
/// `v` must be NULL or a live handle; `out_contacts_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_export(
    v: *mut mamori_vault,
    out_contacts_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        unsafe {
            vault_document(v, out_contacts_json, "out_contacts_json", true, |v| {
                // Never a silently shortened export: unreadable records refuse it.
                let d = v.damage()?;
                if let Some(u) = d.unreadable_records.first() {
                    return Err(Error::corrupt(
                        format!("record {} at offset {}", u.id, u.offset),
                        format!(
                            "{} record(s) cannot be read; mamori_vault_export_report exports \
                             the others and names them",
                            d.unreadable_records.len()
                        ),
                    ));
                }
                v.export()
            })
        }
    })
}

/// Contacts whose name or reading starts with `prefix` (full-width forms, katakana/hiragana
/// and case are folded), as a JSON array; an empty prefix matches nothing.
///
/// # Safety
/// `v` must be NULL or a live handle; `prefix` NULL or NUL-terminated; `out_contacts_json`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_search_name(
    v: *const mamori_vault,
    prefix: *const c_char,
    out_contacts_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let prefix = unsafe { str_arg(prefix, "prefix") }?;
        check_out(out_contacts_json, "out_contacts_json")?;
        let json = to_json(&v.inner.search_name_prefix(prefix)?)?;
        // SAFETY: checked non-NULL.
        unsafe { write_secret_out(out_contacts_json, json) }
    })
}

/// Rewrite the file without deleted or replaced records, re-encrypting every record under a
/// fresh record key. `MAMORI_CORRUPT` while a live record is damaged (delete it first).
///
/// # Safety
/// `v` must be NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_compact(v: *mut mamori_vault) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        v.inner.compact()?;
        Ok(())
    })
}

/// Crypto-erase the vault: both key slots are overwritten, the keys in memory zeroized and
/// the file deleted (best effort). Every later call on this handle returns `MAMORI_WIPED`;
/// the handle must still be closed with `mamori_vault_close`. Caller-ID labels handed to the
/// operating system (`mamori_vault_caller_directory*`; the manifest's `labels_outside_vault`
/// is not `"none"`) are **not** reached: use `mamori_vault_wipe_report`, which says so, or
/// read the manifest before wiping and, if it reports labels outside, remove them in the app
/// (iOS: reload the Call Directory extension with an empty list; Android: delete the table).
///
/// # Safety
/// `v` must be NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_wipe(v: *mut mamori_vault) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        v.inner.wipe()?;
        Ok(())
    })
}

/// `mamori_vault_wipe`, and on success `*out_json` receives the wipe report
/// (`mamori.wipe.v1`, free with `mamori_string_free`): `{"schema", "vault_id",
/// "os_labels_to_remove", "labels_outside_vault"}`. `os_labels_to_remove: true` means
/// caller-ID labels the vault handed to the operating system may still be on the device (the
/// wipe cannot reach them): the app must remove them (iOS: reload the Call Directory
/// extension with an empty list; Android: delete the table). The manifest is read under the
/// same lock as the wipe, so no export slips in between. `out_json` is checked before
/// anything is wiped (NULL: `MAMORI_NULL_ARGUMENT`, nothing wiped); on an I/O error of the
/// wipe the keys in memory are still dropped and `*out_json` is left untouched.
///
/// # Safety
/// `v` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_wipe_report(
    v: *mut mamori_vault,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        check_out(out_json, "out_json")?;
        let json = to_json(&v.inner.wipe_reporting()?)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, json) }
    })
}

/// Crypto-erase the vault file at `path` without its passcode (a remote-wipe command arriving
/// while the vault is locked): every key slot is overwritten even when the file is damaged
/// (as long as it is recognisably a vault), synced and read back. `MAMORI_OK` only when that
/// succeeded and the file was deleted; `MAMORI_IO` on any I/O error, `MAMORI_LOCKED` if the
/// vault is open elsewhere, `MAMORI_CORRUPT` if the file is not a vault (nothing written),
/// `MAMORI_LEGAL_HOLD` if the file's access log holds a legal hold that is neither overridden
/// nor released (`mamori_vault_hold`; nothing written).
///
/// # Safety
/// `path` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_wipe_file(path: *const c_char) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let path = unsafe { str_arg(path, "path") }?;
        Vault::wipe_file(path)?;
        Ok(())
    })
}

/// Close the vault: zeroize its keys, release the file lock and free the handle. NULL is
/// accepted and ignored. Never close a handle twice, and never while another thread is using
/// it.
///
/// # Safety
/// `v` must be NULL or a handle from `mamori_vault_create`/`mamori_vault_open` not yet closed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_close(v: *mut mamori_vault) {
    ffi_boundary_or((), || {
        if !v.is_null() {
            // SAFETY: the handle came from `Box::into_raw` in create/open.
            let v = unsafe { Box::from_raw(v) };
            // Closing a wiped or already-closed vault reports an error; nothing to do then.
            let _ = v.inner.close();
            drop(v);
        }
    })
}

/// The rollback anchor of the vault's last acknowledged write, as JSON
/// (`mamori.anchor.v1`: `{"schema", "vault_id", "seq", "head"}`). Keep it where a thief of the
/// file cannot reach it (keystore, server, another file) and check it with
/// `mamori_vault_verify_anchor`, or give it to `mamori_vault_open_ex` (its `anchor` option,
/// checked before the open writes anything). Costs no I/O.
/// `MAMORI_CORRUPT` for a file without the transaction chain.
///
/// # Safety
/// `v` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_anchor(
    v: *const mamori_vault,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        unsafe { vault_document(v, out_json, "out_json", false, |v| v.anchor()) }
    })
}

/// Check the open vault's file against an anchor the host kept (`anchor_json`, as returned by
/// `mamori_vault_anchor`): `MAMORI_ROLLED_BACK` if the file is older than it (an older copy,
/// or acknowledged transactions cut off), `MAMORI_CORRUPT` if the anchor is of another vault,
/// `MAMORI_INVALID_INPUT` if it is malformed (strict JSON).
///
/// # Safety
/// `v` must be NULL or a live handle; `anchor_json` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_verify_anchor(
    v: *const mamori_vault,
    anchor_json: *const c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let j = unsafe { str_arg(anchor_json, "anchor_json") }?;
        let a: crate::vault::Anchor = from_json(j)?;
        v.inner.verify_anchor(&a)?;
        Ok(())
    })
}

/// The damage report (`mamori.damage.v1`): `intact` (true only when nothing was found), the
/// unreadable records, lost and suspect transactions, chain breaks and a torn tail cut off
/// by this open. No contact data. Decrypts every record.
///
/// # Safety
/// `v` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_damage(
    v: *const mamori_vault,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        unsafe { vault_document(v, out_json, "out_json", false, |v| v.damage()) }
    })
}

/// Export with the records that could not be included (`mamori.export.v1`:
/// `{"schema", "contacts": [...], "unreadable": [{"id", "offset", "reason"}], "intact"}`);
/// recorded in the access log like `mamori_vault_export`. Use it instead of
/// `mamori_vault_export`, which refuses (`MAMORI_CORRUPT`) when a record is unreadable.
///
/// # Safety
/// `v` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_export_report(
    v: *mut mamori_vault,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        unsafe { vault_document(v, out_json, "out_json", true, |v| v.export_report()) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_poisons_the_vault_handle() {
        let dir = tempfile::tempdir().unwrap();
        let path = CString::new(dir.path().join("p.mamori").to_str().unwrap()).unwrap();
        let opts = CString::new(r#"{"kdf":{"m_kib":8192,"t":1,"p":1}}"#).unwrap();
        let mut v: *mut mamori_vault = std::ptr::null_mut();
        let r = unsafe {
            mamori_vault_create(path.as_ptr(), b"123456".as_ptr(), 6, opts.as_ptr(), &mut v)
        };
        assert_eq!(r, mamori_result::MAMORI_OK);
        // Simulate a bug: a panic while the handle is borrowed inside the boundary.
        let r = ffi_boundary(|| {
            let _h = unsafe { vault_ref(v) }?;
            panic!("simulated bug");
        });
        assert_eq!(r, mamori_result::MAMORI_PANIC);
        let mut out = std::ptr::null_mut();
        assert_eq!(
            unsafe { mamori_vault_manifest(v, &mut out) },
            mamori_result::MAMORI_PANIC
        );
        assert!(out.is_null());
        unsafe { mamori_vault_close(v) };
    }
}
