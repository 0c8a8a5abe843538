//! Devices: the asset register (台帳) with check-out/check-in, audits and an enforced
//! lifecycle, and each device's identifying numbers and security posture.
//!
//! JSON shapes: a device is `schema: "mamori.device.v1"`, a register `mamori.register.v1`,
//! a leaver's hand-over record `mamori.handover.v1` ([`handover`]).
//! Phone numbers are redacted from `Debug` output.

pub mod handover;
mod imei;
mod model;
mod register;

pub use imei::*;
pub use model::*;
pub use register::*;
