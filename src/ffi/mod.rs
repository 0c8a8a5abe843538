//! The C ABI (`mamori_*` functions; header `include/mamori.h`). The only module with `unsafe`.
//!
//! # Conventions (after rustls-ffi)
//!
//! - Every exported symbol is prefixed `mamori_` and is `extern "C"`.
//! - Every fallible function returns a [`mamori_result`] (a `uint32_t` in C) whose numeric
//!   values equal [`crate::ErrorCode`] and are never renumbered. Functions that cannot fail
//!   (`_free`, `_close`, `mamori_version`, ...) return a value or nothing.
//! - Inputs come first, out-parameters last. Out-parameters are written **only** when the
//!   function returns `MAMORI_OK`; on failure they are left untouched. There are no in/out
//!   parameters.
//! - A NULL pointer where one is required is rejected with `MAMORI_NULL_ARGUMENT`. Where NULL is
//!   allowed the function's documentation says so (e.g. `options_json`, a byte buffer with
//!   length 0, and every `_free`/`_close`).
//! - Strings are UTF-8 and NUL-terminated; invalid UTF-8 is `MAMORI_INVALID_UTF8`.
//! - Strings returned by the library (`char **out_...`) are owned by the caller and must be
//!   released with `mamori_string_free`, which zeroizes them first.
//! - Every entry point runs inside one shared panic boundary (`ffi_boundary` or
//!   `ffi_boundary_or`); a caught panic returns `MAMORI_PANIC` (or the documented default for
//!   infallible functions). A test parses this module and fails if an `extern "C" fn` does not
//!   go through the boundary.
//! - `mamori_last_error_message()` returns a thread-local, human-readable message about the last
//!   failed call on the calling thread. Messages never contain passcodes, keys, names or phone
//!   numbers.
//! - Opaque handles (`mamori_vault`, `mamori_register`, `mamori_incident`) are created and
//!   destroyed only by the library.
//!
//! # Thread safety
//!
//! - `mamori_vault`: every function except `mamori_vault_close` may be called on the same handle
//!   from several threads at once (the vault is `Send + Sync`). `mamori_vault_close` must not
//!   race with any other call on that handle.
//! - `mamori_register`, `mamori_incident`: internally locked; calls from several threads are
//!   serialised. `_free` must not race with any other call on that handle.
//! - `mamori_last_error_message()` is per thread.
//! - The library starts short-lived threads of its own: `mamori_vault_open`,
//!   `mamori_vault_change_passcode` and `mamori_vault_set_passcode` run Argon2id on a second
//!   thread and join it before returning. No thread outlives a call.
//! - After `fork()`, use no handle created before the fork in the child (close nothing either:
//!   let the child `exec` or exit); the vault's file lock belongs to the parent.
//!
//! # Ownership, per kind of function
//!
//! - `..._new`, `..._load`, `mamori_vault_create`, `mamori_vault_open`: the handle written to
//!   `*out` is owned by the caller until the matching `_free` / `_close`.
//! - `char **out_...`: the caller owns the string; release it with `mamori_string_free`.
//! - `const char *` inputs and `(ptr, len)` buffers are borrowed for the call only; the
//!   library keeps no pointer to them.
//! - `mamori_vault_caller_id_into`, `mamori_vault_put_contacts`: caller-owned structs and
//!   buffers; the library writes into them and allocates nothing the caller must free.

#![allow(unsafe_code)]
// C names for the C ABI's types (`mamori_result`, `mamori_vault`, ...).
#![allow(non_camel_case_types)]

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{self, AssertUnwindSafe};

use zeroize::Zeroize;

use crate::error::{Error, ErrorCode};

mod assess;
mod bundle;
mod directory;
mod handover;
mod hold;
mod incident;
mod keyshare;
mod register;
mod sign;
mod vault;
mod vault_attempts;
mod vault_fast;
mod vault_open_or_create;

pub use assess::*;
pub use bundle::*;
pub use directory::*;
pub use handover::*;
pub use hold::*;
pub use incident::*;
pub use keyshare::*;
pub use register::*;
pub use sign::*;
pub use vault::*;
pub use vault_attempts::*;
pub use vault_fast::*;
pub use vault_open_or_create::*;

/// The ABI version of this library. It changes only when the C ABI changes incompatibly
/// (a function's signature or a handle's meaning). Compare with `mamori_abi_version()` or check
/// with `mamori_check_abi(MAMORI_ABI_VERSION)` at start-up.
pub const MAMORI_ABI_VERSION: u32 = 1;

/// Result of every fallible `mamori_*` function (a `uint32_t` in C).
///
/// The values equal `mamori::ErrorCode` and are a published contract: they are grouped in
/// ranges (0 success, 1–99 general and ABI, 100s breach engine, 200s vault, 300s devices and
/// incidents) and never renumbered or reused.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum mamori_result {
    /// Success.
    MAMORI_OK = 0,
    /// A required pointer argument was NULL.
    MAMORI_NULL_ARGUMENT = 1,
    /// A string argument was not valid UTF-8.
    MAMORI_INVALID_UTF8 = 2,
    /// Input was malformed or out of range; the last-error message names the field.
    MAMORI_INVALID_INPUT = 3,
    /// The requested item does not exist.
    MAMORI_NOT_FOUND = 4,
    /// An operating-system I/O error.
    MAMORI_IO = 5,
    /// A panic was caught at the C ABI boundary (a bug in mamori; please report it).
    MAMORI_PANIC = 6,
    /// An internal invariant failed (a bug in mamori).
    MAMORI_INTERNAL = 7,
    /// The caller was built against an incompatible ABI version.
    MAMORI_ABI_MISMATCH = 8,
    /// A caller-provided buffer is too small; the function reports the size it needs.
    MAMORI_BUFFER_TOO_SMALL = 9,
    /// A rule pack is malformed.
    MAMORI_RULE_PACK = 100,
    /// The passcode does not open this vault.
    MAMORI_WRONG_PASSCODE = 200,
    /// The vault file is damaged; the last-error message says where.
    MAMORI_CORRUPT = 201,
    /// The vault file uses a format version this build does not read.
    MAMORI_UNSUPPORTED_VERSION = 202,
    /// KDF (or other) parameters are outside the accepted bounds.
    MAMORI_PARAMS_OUT_OF_BOUNDS = 203,
    /// Another process holds the vault's writer lock.
    MAMORI_LOCKED = 204,
    /// The vault has been crypto-erased; every later call on it reports this.
    MAMORI_WIPED = 205,
    /// The vault needs another key source (a platform factor or server share is missing).
    MAMORI_FACTOR_REQUIRED = 206,
    /// A server key share was revoked.
    MAMORI_SHARE_REVOKED = 207,
    /// The vault file is older than the rollback anchor given (an older copy, or
    /// acknowledged transactions cut off); nothing was written to it.
    MAMORI_ROLLED_BACK = 208,
    /// A device lifecycle transition that the register does not allow.
    MAMORI_ILLEGAL_TRANSITION = 300,
    /// An incident event that makes no sense in the incident's current state.
    MAMORI_INVALID_EVENT = 301,
    /// A legal hold forbids this erase (wipe, crypto-erase, retention deletion, the
    /// hand-over's wipe); the last-error message names the hold (who, when, why).
    MAMORI_LEGAL_HOLD = 302,
}

/// `mamori_result`'s conversions and `ALL`, generated from the one list of codes
/// (`error::with_error_codes`): a code in the list without its C variant, or a C variant not in
/// the list, fails to compile.
macro_rules! define_result_maps {
    ($($(#[doc = $doc:literal])* $variant:ident = $num:literal, $name:literal, $c:ident;)*) => {
        impl mamori_result {
            /// The C result for a library error code.
            pub const fn from_code(code: ErrorCode) -> Self {
                match code {
                    $(ErrorCode::$variant => mamori_result::$c,)*
                }
            }

            /// The library error code with the same number.
            pub const fn code(self) -> ErrorCode {
                match self {
                    $(mamori_result::$c => ErrorCode::$variant,)*
                }
            }

            /// Every result value, in numeric order.
            pub const ALL: [mamori_result; [$($num),*].len()] = [$(mamori_result::$c),*];
        }
    };
}

crate::error::with_error_codes!(define_result_maps);

impl mamori_result {
    /// The result with this number, if any.
    pub fn from_u32(value: u32) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| *r as u32 == value)
    }
}

/// An error on its way out through the C ABI: a result code and a message without secrets.
#[derive(Debug)]
pub(crate) struct FfiError {
    code: mamori_result,
    message: String,
}

impl FfiError {
    pub(crate) fn new(code: mamori_result, message: impl Into<String>) -> Self {
        FfiError {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn null(arg: &str) -> Self {
        FfiError::new(
            mamori_result::MAMORI_NULL_ARGUMENT,
            format!("argument `{arg}` is NULL"),
        )
    }
}

impl From<Error> for FfiError {
    fn from(e: Error) -> Self {
        // `mamori::Error` messages never contain secrets by construction.
        FfiError::new(mamori_result::from_code(e.code()), e.to_string())
    }
}

impl From<crate::json::JsonError> for FfiError {
    fn from(e: crate::json::JsonError) -> Self {
        Error::from(e).into()
    }
}

pub(crate) type FfiResult<T> = Result<T, FfiError>;

thread_local! {
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

fn set_last_error(message: &str) {
    // A message cannot contain NUL from our own formatting, but be defensive.
    let clean: String = message.chars().filter(|c| *c != '\0').collect();
    let c = CString::new(clean).unwrap_or_default();
    let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = Some(c));
}

fn clear_last_error() {
    let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = None);
}

const PANIC_MESSAGE: &str = "a panic was caught at the C ABI boundary (a bug in mamori)";

/// The one panic boundary for fallible entry points: runs `f`, catches any panic, records the
/// thread-local last-error message and returns the result code. Every `extern "C" fn` that
/// returns [`mamori_result`] is a single call to this function.
pub(crate) fn ffi_boundary<F>(f: F) -> mamori_result
where
    F: FnOnce() -> FfiResult<()>,
{
    clear_last_error();
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => mamori_result::MAMORI_OK,
        Ok(Err(e)) => {
            set_last_error(&e.message);
            e.code
        }
        Err(_) => {
            set_last_error(PANIC_MESSAGE);
            mamori_result::MAMORI_PANIC
        }
    }
}

/// The panic boundary for infallible entry points (`_free`, `_close`, static strings): a caught
/// panic returns `default`. Does not touch the last-error message.
pub(crate) fn ffi_boundary_or<T, F>(default: T, f: F) -> T
where
    F: FnOnce() -> T,
{
    panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or(default)
}

/// Borrow a NUL-terminated UTF-8 argument.
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string valid for the call.
pub(crate) unsafe fn str_arg<'a>(ptr: *const c_char, name: &str) -> FfiResult<&'a str> {
    if ptr.is_null() {
        return Err(FfiError::null(name));
    }
    // SAFETY: non-NULL and NUL-terminated per the caller's contract.
    let c = unsafe { CStr::from_ptr(ptr) };
    c.to_str().map_err(|e| {
        FfiError::new(
            mamori_result::MAMORI_INVALID_UTF8,
            format!(
                "argument `{name}` is not valid UTF-8 (byte {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Borrow an optional string argument (NULL → `None`).
///
/// # Safety
/// As [`str_arg`].
pub(crate) unsafe fn opt_str_arg<'a>(ptr: *const c_char, name: &str) -> FfiResult<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { str_arg(ptr, name) }.map(Some)
    }
}

/// Borrow a `(ptr, len)` byte buffer. NULL is accepted when `len == 0` (an empty buffer).
///
/// # Safety
/// `ptr` must be NULL or point to `len` readable bytes valid for the call.
pub(crate) unsafe fn bytes_arg<'a>(ptr: *const u8, len: usize, name: &str) -> FfiResult<&'a [u8]> {
    if ptr.is_null() {
        if len == 0 {
            return Ok(&[]);
        }
        return Err(FfiError::null(name));
    }
    if len > isize::MAX as usize {
        return Err(FfiError::new(
            mamori_result::MAMORI_INVALID_INPUT,
            format!("argument `{name}`: length too large"),
        ));
    }
    // SAFETY: non-NULL, `len` readable bytes per the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrow an opaque handle.
///
/// # Safety
/// `ptr` must be NULL or a live handle of type `T` created by this library.
pub(crate) unsafe fn handle_ref<'a, T>(ptr: *const T, name: &str) -> FfiResult<&'a T> {
    // SAFETY: non-NULL handles are live `Box<T>` allocations per the caller's contract.
    unsafe { ptr.as_ref() }.ok_or_else(|| FfiError::null(name))
}

/// Box a handle and write it to `*out`. Call only as the last step of a successful call.
///
/// # Safety
/// `out` must be non-NULL (checked with [`check_out`]) and writable.
pub(crate) unsafe fn write_handle_out<T>(out: *mut *mut T, value: T) -> FfiResult<()> {
    // SAFETY: `out` was checked non-NULL and is writable per the caller's contract.
    unsafe { *out = Box::into_raw(Box::new(value)) };
    Ok(())
}

/// Lock a handle's mutex; a mutex poisoned by an earlier panic reports `MAMORI_PANIC`.
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> FfiResult<std::sync::MutexGuard<'_, T>> {
    m.lock().map_err(|_| {
        FfiError::new(
            mamori_result::MAMORI_PANIC,
            "handle is poisoned by an earlier panic; free it",
        )
    })
}

/// Check that an out-parameter is non-NULL before doing any work.
pub(crate) fn check_out<T>(out: *mut T, name: &str) -> FfiResult<()> {
    if out.is_null() {
        Err(FfiError::null(name))
    } else {
        Ok(())
    }
}

/// Turn a Rust string into a library-owned C string (freed by [`mamori_string_free`]).
pub(crate) fn into_c_string(s: String) -> FfiResult<*mut c_char> {
    let mut v = s.into_bytes();
    if has_nul(&v) {
        v.zeroize();
        return Err(FfiError::new(
            mamori_result::MAMORI_INTERNAL,
            "output contains a NUL byte",
        ));
    }
    // SAFETY: checked just above: `v` holds no NUL byte.
    Ok(unsafe { CString::from_vec_unchecked(v) }.into_raw())
}

/// Whether `bytes` holds a NUL byte: the check of `CString::new`, by the `memchr` crate
/// (vectorised: multi-kilobyte answers pass through here; Rust's own scans took ≈ 0.6
/// instructions per byte of a 14.8 KB answer).
fn has_nul(bytes: &[u8]) -> bool {
    memchr::memchr(0, bytes).is_some()
}

/// Write a library string to `*out`. Call only as the last step of a successful call.
///
/// # Safety
/// `out` must be non-NULL (checked with [`check_out`]) and writable.
pub(crate) unsafe fn write_string_out(out: *mut *mut c_char, s: String) -> FfiResult<()> {
    let p = into_c_string(s)?;
    // SAFETY: `out` was checked non-NULL and is writable per the caller's contract.
    unsafe { *out = p };
    Ok(())
}

/// Serialise a value as JSON, mapping the (unexpected) error to `MAMORI_INTERNAL`.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> FfiResult<String> {
    serde_json::to_string(value)
        .map_err(|e| FfiError::new(mamori_result::MAMORI_INTERNAL, format!("serialise: {e}")))
}

static VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!("mamori/", env!("CARGO_PKG_VERSION"), "\0").as_bytes())
    {
        Ok(c) => c,
        Err(_) => panic!("version string"),
    };

/// The library version as a static string such as `"mamori/0.1.0"`. Never free it.
#[unsafe(no_mangle)]
pub extern "C" fn mamori_version() -> *const c_char {
    ffi_boundary_or(std::ptr::null(), || VERSION.as_ptr())
}

/// The ABI version this library implements (compare with the header's `MAMORI_ABI_VERSION`).
#[unsafe(no_mangle)]
pub extern "C" fn mamori_abi_version() -> u32 {
    ffi_boundary_or(0, || MAMORI_ABI_VERSION)
}

/// Check at run time that the library matches the header the caller was compiled with:
/// pass `MAMORI_ABI_VERSION`. Returns `MAMORI_OK` or `MAMORI_ABI_MISMATCH`.
#[unsafe(no_mangle)]
pub extern "C" fn mamori_check_abi(header_abi_version: u32) -> mamori_result {
    ffi_boundary(|| {
        if header_abi_version == MAMORI_ABI_VERSION {
            Ok(())
        } else {
            Err(FfiError::new(
                mamori_result::MAMORI_ABI_MISMATCH,
                format!(
                    "caller was built for ABI {header_abi_version}, library implements ABI {MAMORI_ABI_VERSION}"
                ),
            ))
        }
    })
}

/// The static upper-case name of a result code, e.g. `"WRONG_PASSCODE"` for
/// `MAMORI_WRONG_PASSCODE`; `"UNKNOWN"` for a value that is not a `mamori_result`. Never free it.
#[unsafe(no_mangle)]
pub extern "C" fn mamori_result_name(result: u32) -> *const c_char {
    ffi_boundary_or(c"UNKNOWN".as_ptr(), || {
        let name: &'static CStr = match mamori_result::from_u32(result).map(|r| r.code()) {
            Some(ErrorCode::Ok) => c"OK",
            Some(ErrorCode::NullArgument) => c"NULL_ARGUMENT",
            Some(ErrorCode::InvalidUtf8) => c"INVALID_UTF8",
            Some(ErrorCode::InvalidInput) => c"INVALID_INPUT",
            Some(ErrorCode::NotFound) => c"NOT_FOUND",
            Some(ErrorCode::Io) => c"IO",
            Some(ErrorCode::Panic) => c"PANIC",
            Some(ErrorCode::Internal) => c"INTERNAL",
            Some(ErrorCode::AbiMismatch) => c"ABI_MISMATCH",
            Some(ErrorCode::BufferTooSmall) => c"BUFFER_TOO_SMALL",
            Some(ErrorCode::RulePack) => c"RULE_PACK",
            Some(ErrorCode::WrongPasscode) => c"WRONG_PASSCODE",
            Some(ErrorCode::Corrupt) => c"CORRUPT",
            Some(ErrorCode::UnsupportedVersion) => c"UNSUPPORTED_VERSION",
            Some(ErrorCode::ParamsOutOfBounds) => c"PARAMS_OUT_OF_BOUNDS",
            Some(ErrorCode::Locked) => c"LOCKED",
            Some(ErrorCode::Wiped) => c"WIPED",
            Some(ErrorCode::FactorRequired) => c"FACTOR_REQUIRED",
            Some(ErrorCode::ShareRevoked) => c"SHARE_REVOKED",
            Some(ErrorCode::RolledBack) => c"ROLLED_BACK",
            Some(ErrorCode::IllegalTransition) => c"ILLEGAL_TRANSITION",
            Some(ErrorCode::InvalidEvent) => c"INVALID_EVENT",
            Some(ErrorCode::LegalHold) => c"LEGAL_HOLD",
            None => c"UNKNOWN",
        };
        name.as_ptr()
    })
}

/// A human-readable message about the last failed `mamori_*` call on the calling thread, or
/// an empty string if the last fallible call succeeded (or none was made). The message never
/// contains secrets (passcodes, keys, names, phone numbers). The pointer stays valid until the
/// next fallible `mamori_*` call on the same thread; do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn mamori_last_error_message() -> *const c_char {
    ffi_boundary_or(c"".as_ptr(), || {
        LAST_ERROR
            .try_with(|slot| match slot.borrow().as_ref() {
                Some(c) => c.as_ptr(),
                None => c"".as_ptr(),
            })
            .unwrap_or(c"".as_ptr())
    })
}

/// Free a string returned by the library (any `char **out_...`), zeroizing it first.
/// NULL is accepted and ignored. Never free a string twice, and never pass a string that the
/// library did not return through an out-parameter (`mamori_version()`,
/// `mamori_result_name()` and `mamori_last_error_message()` are static or thread-owned).
///
/// # Safety
/// `s` must be NULL or a pointer returned through a `char **` out-parameter of this library
/// and not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_string_free(s: *mut c_char) {
    ffi_boundary_or((), || {
        if s.is_null() {
            return;
        }
        // SAFETY: `s` came from `CString::into_raw` in this library per the contract.
        let c = unsafe { CString::from_raw(s) };
        let mut bytes = c.into_bytes_with_nul();
        zeroize_words(&mut bytes);
        bytes.spare_capacity_mut().zeroize();
    })
}

/// Zeroize `bytes` through the `zeroize` crate's volatile writes, eight bytes at a time where
/// aligned: its byte-by-byte loop cost about three instructions per byte of a multi-kilobyte
/// assessment answer.
fn zeroize_words(bytes: &mut [u8]) {
    // SAFETY: `u64` has no invalid bit patterns and `align_to_mut` only splits the slice.
    let (head, words, tail) = unsafe { bytes.align_to_mut::<u64>() };
    head.zeroize();
    words.zeroize();
    tail.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The NUL check of library strings finds a NUL anywhere (in a block or the tail).
    #[test]
    fn has_nul_finds_every_position() {
        for n in [0usize, 1, 15, 16, 17, 33, 100] {
            assert!(!has_nul(&vec![b'a'; n]));
            for i in 0..n {
                let mut v = vec![b'a'; n];
                v[i] = 0;
                assert!(has_nul(&v), "n={n} i={i}");
            }
        }
        assert!(into_c_string("a\0b".into()).is_err());
    }

    /// The word-wise wipe of `mamori_string_free` clears every byte, whatever the buffer's
    /// length and alignment (head, aligned words, tail).
    #[test]
    fn zeroize_words_clears_every_byte() {
        for n in [0usize, 1, 7, 8, 9, 15, 16, 17, 100, 5_601] {
            for skip in 0..9 {
                let mut v = vec![0xa5u8; n + skip + 3];
                zeroize_words(&mut v[skip..skip + n]);
                assert!(
                    v[skip..skip + n].iter().all(|&b| b == 0),
                    "n={n} skip={skip}"
                );
                assert!(v[..skip].iter().all(|&b| b == 0xa5), "n={n} skip={skip}");
                assert!(
                    v[skip + n..].iter().all(|&b| b == 0xa5),
                    "n={n} skip={skip}"
                );
            }
        }
    }

    #[test]
    fn results_equal_error_codes() {
        for r in mamori_result::ALL {
            assert_eq!(r as u32, r.code().as_u32());
            assert_eq!(mamori_result::from_code(r.code()), r);
            let name = unsafe { CStr::from_ptr(mamori_result_name(r as u32)) };
            assert_eq!(name.to_str().unwrap(), r.code().name());
            assert_eq!(format!("{r:?}"), format!("MAMORI_{}", r.code().name()));
        }
        let unknown = unsafe { CStr::from_ptr(mamori_result_name(99_999)) };
        assert_eq!(unknown.to_str().unwrap(), "UNKNOWN");
    }

    #[test]
    fn panics_become_panic_result_and_message() {
        let r = ffi_boundary(|| panic!("boom"));
        assert_eq!(r, mamori_result::MAMORI_PANIC);
        let msg = unsafe { CStr::from_ptr(mamori_last_error_message()) };
        assert!(msg.to_str().unwrap().contains("panic"));
        let r = ffi_boundary(|| Ok(()));
        assert_eq!(r, mamori_result::MAMORI_OK);
        let msg = unsafe { CStr::from_ptr(mamori_last_error_message()) };
        assert_eq!(msg.to_bytes(), b"");
        assert_eq!(ffi_boundary_or(7u32, || panic!("x")), 7);
    }

    #[test]
    fn abi_check() {
        assert_eq!(
            mamori_check_abi(MAMORI_ABI_VERSION),
            mamori_result::MAMORI_OK
        );
        assert_eq!(
            mamori_check_abi(MAMORI_ABI_VERSION + 1),
            mamori_result::MAMORI_ABI_MISMATCH
        );
        assert_eq!(mamori_abi_version(), MAMORI_ABI_VERSION);
        let v = unsafe { CStr::from_ptr(mamori_version()) };
        assert_eq!(
            v.to_str().unwrap(),
            format!("mamori/{}", env!("CARGO_PKG_VERSION"))
        );
    }
}
