//! Encrypted on-device contact vault: AES-256-GCM records, Argon2id passcode, blind-index
//! caller-ID lookup, crash-safe single-file storage, O(1) passcode change, crypto-erase wipe.

mod manifest;

pub use manifest::*;
