//! # mamori (守り)
//!
//! What a company must do when a phone, laptop or USB stick holding customer data is lost or
//! stolen, or customer data leaks another way — as one embeddable library with a C ABI.
//!
//! - [`text`], [`hashchain`]: foundations — language, messages, time and CSV formatting;
//!   canonical JSON hashing and hex.
//! - [`calendar`]: Japan's holidays and administrative closed days; host calendars.
//! - [`breach`]: breach-report obligations and deadlines (APPI, GDPR, ...), explained and sourced.
//! - [`vault`]: the encrypted on-device contact vault, and its caller-ID directory exports
//!   (CallKit / Android, [`vault::directory`]).
//! - [`device`]: the asset register and device lifecycle.
//! - [`handover`]: a leaver's hand-over (contacts moved, key share revoked, device wiped and
//!   returned) as one hash-chained record.
//! - [`incident`]: the incident event log, interview, playbook and next actions.
//! - [`inventory`]: the inventory audit (棚卸) reconciled with the register, with ready
//!   loss-incident events for what was not found.
//! - `ffi`: the C ABI (see `include/mamori.h`).
//!
//! The library is pure: no network, no global mutable state, no printing. The breach engine,
//! the register and the incident logic never read a clock (callers pass the current time); the
//! vault stamps its access log and wipe policies with the system clock unless
//! `VaultOptions::clock` injects another, and its randomness is injectable the same way.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod breach;
pub mod calendar;
pub mod device;
/// Moved to [`vault::directory`] (issue 28: the caller-ID export is the vault's).
#[deprecated(since = "0.1.0", note = "moved to mamori::vault::directory")]
pub mod directory {
    pub use crate::vault::directory::*;
}
pub mod error;
pub mod ffi;
pub mod handover;
pub mod hashchain;
pub mod hold;
pub mod incident;
pub mod inventory;
mod json;
#[cfg(any(feature = "arbitrary", feature = "proptest"))]
pub mod strategies;
pub mod text;
pub mod vault;

pub use error::{Error, ErrorCode, Result};
