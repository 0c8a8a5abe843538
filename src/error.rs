//! The crate's one error type and its stable numeric codes.
//!
//! Every fallible public function returns [`Result<T>`]. Each [`Error`] maps to an
//! [`ErrorCode`] whose numeric value is part of the stable contract: the C ABI returns the same
//! numbers as `mamori_result`, bindings map them to exceptions, and a number is never reused or
//! renumbered once released. Codes are grouped in ranges:
//!
//! | range | area |
//! |---|---|
//! | 0 | success |
//! | 1–99 | general and ABI |
//! | 100–199 | breach policy engine and rule packs |
//! | 200–299 | encrypted contact vault |
//! | 300–399 | devices and incidents |
//!
//! Messages never contain secrets (passcodes, keys, decrypted contact data): they name the field
//! or the file location and the problem.

use serde::{Deserialize, Serialize};

/// Shorthand for `std::result::Result<T, mamori::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The one list of error codes (issue 28): variant, stable number, C name; calls `$m!` with
/// it. [`ErrorCode`] (with `name`, `ALL`, `from_u32`) is generated from it here and the C ABI's
/// conversions and `ALL` in `ffi` (where `mamori_result` itself stays written out for cbindgen;
/// a code missing on either side fails to compile). `tests/bindings_drift.rs` checks the Python
/// and Java lists against the generated header.
macro_rules! with_error_codes {
    ($m:ident) => {
        $m! {
            /// Success (never carried by an [`Error`]; present for the C ABI).
            Ok = 0, "OK", MAMORI_OK;
            /// A required pointer argument was NULL (C ABI only).
            NullArgument = 1, "NULL_ARGUMENT", MAMORI_NULL_ARGUMENT;
            /// A string argument was not valid UTF-8 (C ABI only).
            InvalidUtf8 = 2, "INVALID_UTF8", MAMORI_INVALID_UTF8;
            /// Input was malformed or out of range; the message names the field.
            InvalidInput = 3, "INVALID_INPUT", MAMORI_INVALID_INPUT;
            /// The requested item does not exist.
            NotFound = 4, "NOT_FOUND", MAMORI_NOT_FOUND;
            /// An operating-system I/O error.
            Io = 5, "IO", MAMORI_IO;
            /// A panic was caught at the C ABI boundary (a bug in mamori).
            Panic = 6, "PANIC", MAMORI_PANIC;
            /// An internal invariant failed (a bug in mamori).
            Internal = 7, "INTERNAL", MAMORI_INTERNAL;
            /// The caller was built against an incompatible ABI version.
            AbiMismatch = 8, "ABI_MISMATCH", MAMORI_ABI_MISMATCH;
            /// A caller-provided buffer is too small; the call reports the size it needs (C ABI only).
            BufferTooSmall = 9, "BUFFER_TOO_SMALL", MAMORI_BUFFER_TOO_SMALL;
            /// A rule pack is malformed; the message names the path and the problem.
            RulePack = 100, "RULE_PACK", MAMORI_RULE_PACK;
            /// The passcode (or raw key) does not open this vault.
            WrongPasscode = 200, "WRONG_PASSCODE", MAMORI_WRONG_PASSCODE;
            /// The vault file is damaged; the message says where.
            Corrupt = 201, "CORRUPT", MAMORI_CORRUPT;
            /// The vault file uses a format version this build does not read.
            UnsupportedVersion = 202, "UNSUPPORTED_VERSION", MAMORI_UNSUPPORTED_VERSION;
            /// KDF (or other) parameters are outside the accepted bounds.
            ParamsOutOfBounds = 203, "PARAMS_OUT_OF_BOUNDS", MAMORI_PARAMS_OUT_OF_BOUNDS;
            /// Another process holds the vault's writer lock.
            Locked = 204, "LOCKED", MAMORI_LOCKED;
            /// The vault has been crypto-erased; every later call reports this.
            Wiped = 205, "WIPED", MAMORI_WIPED;
            /// The vault's key slots need another key source than the one given (e.g. a platform
            /// factor or server share is missing); nothing was counted as a failed attempt.
            FactorRequired = 206, "FACTOR_REQUIRED", MAMORI_FACTOR_REQUIRED;
            /// A server key share was revoked (destroyed after a loss report).
            ShareRevoked = 207, "SHARE_REVOKED", MAMORI_SHARE_REVOKED;
            /// The vault file is older than the rollback anchor the host kept (an older copy, or
            /// acknowledged transactions cut off).
            RolledBack = 208, "ROLLED_BACK", MAMORI_ROLLED_BACK;
            /// A device lifecycle transition that the register does not allow.
            IllegalTransition = 300, "ILLEGAL_TRANSITION", MAMORI_ILLEGAL_TRANSITION;
            /// An incident event that makes no sense in the incident's current state.
            InvalidEvent = 301, "INVALID_EVENT", MAMORI_INVALID_EVENT;
            /// A legal hold (訴訟ホールド) forbids this erase (wipe, crypto-erase, retention deletion,
            /// the hand-over's wipe); the message names the hold. Record an override (actor and
            /// reason) or release the hold first.
            LegalHold = 302, "LEGAL_HOLD", MAMORI_LEGAL_HOLD;
        }
    };
}
pub(crate) use with_error_codes;

macro_rules! define_error_code {
    ($($(#[doc = $doc:literal])* $variant:ident = $num:literal, $name:literal, $c:ident;)*) => {
        /// Stable numeric error codes (the C ABI's `mamori_result` uses the same values).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[derive(strum::IntoStaticStr, strum::VariantArray)]
        #[strum(serialize_all = "snake_case")]
        #[repr(u32)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant = $num,)*
        }

        impl ErrorCode {
            /// Every code, in numeric order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// A static, upper-case name such as `"WRONG_PASSCODE"` (the C enum's suffix).
            pub const fn name(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }

            /// The code with this number, if any.
            pub const fn from_u32(value: u32) -> Option<ErrorCode> {
                match value {
                    $($num => Some(ErrorCode::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

with_error_codes!(define_error_code);

impl ErrorCode {
    /// The stable number of this code.
    pub const fn as_u32(self) -> u32 {
        self as u32
    }
}

/// Everything that can go wrong in mamori.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Malformed or out-of-range input. `path` names the field (a JSON path such as
    /// `data.persons.JP`, or an argument name).
    #[error("invalid input at `{path}`: {message}")]
    InvalidInput {
        /// Where the problem is (JSON path or argument name).
        path: String,
        /// What is wrong, without echoing secret values.
        message: String,
    },
    /// The requested item does not exist.
    #[error("not found: {what}")]
    NotFound {
        /// What was looked for (an id or a description; never a phone number or a name).
        what: String,
    },
    /// An operating-system I/O error.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// An internal invariant failed.
    #[error("internal error: {0}")]
    Internal(String),
    /// A rule pack is malformed.
    #[error("rule pack error at `{path}`: {message}")]
    RulePack {
        /// Where in the pack the problem is (e.g. `rules[3].deadline.days`).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The passcode or raw key does not open the vault (the key-check value did not verify).
    #[error("wrong passcode")]
    WrongPasscode,
    /// The vault file is damaged.
    #[error("vault file corrupt at {location}: {detail}")]
    Corrupt {
        /// Where (e.g. `header`, `key slot B`, `record at offset 4096`).
        location: String,
        /// What was found.
        detail: String,
    },
    /// The file's format version is not one this build reads.
    #[error("unsupported vault format version {found} (this build reads {supported})")]
    UnsupportedVersion {
        /// The version in the file.
        found: u32,
        /// The versions this build reads, human readable.
        supported: String,
    },
    /// Parameters outside the accepted bounds (e.g. Argon2id memory, time or lanes).
    #[error("parameter out of bounds: {0}")]
    ParamsOutOfBounds(String),
    /// Another process holds the vault's writer lock.
    #[error("vault is locked by another writer")]
    Locked,
    /// The vault has been crypto-erased.
    #[error("vault has been wiped")]
    Wiped,
    /// The unlock secret does not match any key slot's source (e.g. a passcode alone for a
    /// `passcode+platform` vault).
    #[error("key source required: {0}")]
    FactorRequired(String),
    /// A server key share was revoked.
    #[error("key share revoked")]
    ShareRevoked,
    /// The vault file is older than the host's rollback anchor.
    #[error("vault rolled back: {0}")]
    RolledBack(String),
    /// A device lifecycle transition that is not allowed.
    #[error("illegal transition from `{from}` to `{to}`")]
    IllegalTransition {
        /// The current state.
        from: String,
        /// The requested state.
        to: String,
    },
    /// An incident event that makes no sense in the current state.
    #[error("invalid event: {0}")]
    InvalidEvent(String),
    /// A legal hold forbids the erase: `refused` says what was refused, `hold` names the hold
    /// (its id, what it is on, who placed it, when and why, as far as the log holding it
    /// records them).
    #[error(
        "legal hold: {refused} refused while {hold}; record an override (actor and reason) or release the hold first"
    )]
    LegalHold {
        /// What was refused (e.g. `wipe of vault 3f…`).
        refused: String,
        /// The hold (e.g. `hold H-7 on device D-1 placed by legal@example at … : litigation`).
        hold: String,
    },
}

impl Error {
    /// The stable numeric code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Io(_) => ErrorCode::Io,
            Error::Internal(_) => ErrorCode::Internal,
            Error::RulePack { .. } => ErrorCode::RulePack,
            Error::WrongPasscode => ErrorCode::WrongPasscode,
            Error::Corrupt { .. } => ErrorCode::Corrupt,
            Error::UnsupportedVersion { .. } => ErrorCode::UnsupportedVersion,
            Error::ParamsOutOfBounds(_) => ErrorCode::ParamsOutOfBounds,
            Error::Locked => ErrorCode::Locked,
            Error::Wiped => ErrorCode::Wiped,
            Error::FactorRequired(_) => ErrorCode::FactorRequired,
            Error::ShareRevoked => ErrorCode::ShareRevoked,
            Error::RolledBack(_) => ErrorCode::RolledBack,
            Error::IllegalTransition { .. } => ErrorCode::IllegalTransition,
            Error::InvalidEvent(_) => ErrorCode::InvalidEvent,
            Error::LegalHold { .. } => ErrorCode::LegalHold,
        }
    }

    /// Convenience constructor for [`Error::InvalidInput`].
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Convenience constructor for [`Error::Corrupt`].
    pub fn corrupt(location: impl Into<String>, detail: impl Into<String>) -> Self {
        Error::Corrupt {
            location: location.into(),
            detail: detail.into(),
        }
    }

    /// Convenience constructor for [`Error::NotFound`].
    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }
}

impl From<crate::json::JsonError> for Error {
    fn from(e: crate::json::JsonError) -> Self {
        Error::invalid(e.path, e.message)
    }
}

/// Parse exactly one JSON document into `T` (the crate's one strict entry point: trailing
/// data, concatenated documents and duplicate keys at any depth are rejected), turning any
/// error into [`Error::InvalidInput`] whose `path` is the JSON path of the offending field
/// (e.g. `data.persons.JP`) and whose message says what was expected.
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    Ok(crate::json::from_str_strict(json)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        // These numbers are a published contract: changing one breaks every C caller.
        assert_eq!(ErrorCode::Ok.as_u32(), 0);
        assert_eq!(ErrorCode::InvalidInput.as_u32(), 3);
        assert_eq!(ErrorCode::NotFound.as_u32(), 4);
        assert_eq!(ErrorCode::Panic.as_u32(), 6);
        assert_eq!(ErrorCode::RulePack.as_u32(), 100);
        assert_eq!(ErrorCode::WrongPasscode.as_u32(), 200);
        assert_eq!(ErrorCode::Corrupt.as_u32(), 201);
        assert_eq!(ErrorCode::Wiped.as_u32(), 205);
        assert_eq!(ErrorCode::IllegalTransition.as_u32(), 300);
        assert_eq!(ErrorCode::LegalHold.as_u32(), 302);
        assert_eq!(ErrorCode::LegalHold.name(), "LEGAL_HOLD");
        assert_eq!(Error::WrongPasscode.code(), ErrorCode::WrongPasscode);
        assert_eq!(ErrorCode::ParamsOutOfBounds.name(), "PARAMS_OUT_OF_BOUNDS");
        for c in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_u32(c.as_u32()), Some(*c));
        }
        assert!(ErrorCode::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ErrorCode::from_u32(10), None);
    }

    #[test]
    fn json_errors_name_the_field() {
        #[derive(Debug, serde::Deserialize)]
        struct Inner {
            #[allow(dead_code)]
            n: u64,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Outer {
            #[allow(dead_code)]
            inner: Inner,
        }
        let err = from_json::<Outer>(r#"{"inner":{"n":-5}}"#).unwrap_err();
        match err {
            Error::InvalidInput { path, .. } => assert_eq!(path, "inner.n"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
