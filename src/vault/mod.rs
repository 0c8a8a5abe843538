//! Encrypted on-device contact vault: AES-256-GCM records, Argon2id passcode, blind-index
//! caller-ID lookup, crash-safe single-file storage, O(1) passcode change, crypto-erase wipe.
//!
//! ```no_run
//! use mamori::vault::{Contact, Vault, VaultOptions};
//! let v = Vault::create("contacts.vault", b"123456", VaultOptions::default())?;
//! let id = v.put(Contact::new("山田 太郎", &["090-1234-5678"]))?;
//! let caller = v.lookup_phone("+81 90 1234 5678")?.expect("found");
//! assert_eq!(caller.id, Some(id));
//! # Ok::<(), mamori::Error>(())
//! ```
//!
//! The byte-level file format is specified in `docs/vault-format.md`.
//!
//! **Persons.** The [`Manifest`] counts persons, not contacts, by the rules of
//! [`count_persons`]: contacts are one person only on evidence of identity (the same
//! [`Contact::person_id`], or the same person-level number or e-mail and a compatible name); a
//! number shared by differently named contacts (a switchboard) is a shared line, and the count
//! is a range from the most-merged reading to the identity count. Persons are counted per ISO
//! country of their phone numbers and under `unknown` when they have no usable number.
//!
//! **Threads and processes.** [`Vault`] is `Send + Sync`; every method takes `&self`. Reads
//! (`get`, `lookup_phone`, `list`, `search_name_prefix`, `manifest`) run concurrently under
//! a read lock; writes are serialised under a write lock. Across processes the file is held
//! with an exclusive advisory lock (`File::try_lock`) from open to close: a second opener —
//! reader or writer, in this or another process — gets [`crate::Error::Locked`]. `open` and
//! `change_passcode` run Argon2id on one short-lived scoped thread (next to the file scan, or
//! next to the second derivation); if no thread can be started they run sequentially.
//! [`Vault::set_passcode`] (no re-entry of the current passcode) runs it once, inline.
//!
//! **Costs.** Open reads the whole file once and checks and applies each frame in the same
//! pass, while Argon2id runs on a second thread (records stay encrypted in memory; only the
//! index and id map are built), so it grows with the vault — 100,000 contacts (27 MB) open in
//! about the time of two Argon2id runs. A caller-ID lookup ([`Vault::caller_id`],
//! [`Vault::lookup_phone`]) normally decrypts exactly one record: the stored blind-index tag
//! is truncated on purpose, but 16 further HMAC bits per number, stored encrypted per batch,
//! are kept in memory and rule out the other records of the bucket. `list`,
//! `search_name_prefix` and `manifest` decrypt every record.

mod buf;
mod chain;
mod contact;
mod crypto;
mod damage;
pub mod directory;
mod format;
mod index;
pub mod keyshare;
mod keysource;
mod log;
mod manifest;
mod options;
mod persons;
mod phone;
mod storage;
mod store;

pub use chain::{ANCHOR_SCHEMA, Anchor};
pub use contact::{CallerId, Contact, ContactId};
pub use crypto::{KDF_MAX_M_KIB, KDF_MIN_M_KIB};
pub use damage::{
    DAMAGE_SCHEMA, DamageReport, DamagedRange, EXPORT_SCHEMA, ExportReport, LostTransactions,
    TailCut, UnreadableRecord,
};
pub use format::FORMAT_VERSION;
#[doc(hidden)]
pub use format::scan_work;
pub use keysource::{
    FactorSource, GENERATED_MIN_LOG2, GENERATED_WORDS, GeneratedPassphrase, KeySource,
    MIN_FACTOR_PASSCODE_CHARS, MIN_PASSCODE_CHARS, MIN_PIN_DIGITS, PIN_SCORE_MAX_DIGITS,
    SEPARATION_BAR_LOG2,
};
pub use log::{ACCESS_LOG_SCHEMA, AccessEvent, AccessLog, AccessLogEntry};
pub use manifest::*;
pub use options::{BoxRng, Clock, FixedClock, OpenOptions, SystemClock, VaultOptions};
pub use persons::{PersonCount, UNKNOWN_JURISDICTION, count_persons};
pub use phone::{
    EXTENSION_SEPARATOR, LibPhoneNormalizer, MAX_PHONE_INPUT, Normalizer, fold_width, jurisdiction,
    main_number,
};
#[doc(hidden)]
pub use storage::{FaultyStorage, MemDisk};
pub use storage::{FileStorage, Storage};
pub use store::{KeySpec, ROTATE_AFTER, Unlock, Vault, VaultHold, hold_reference};
