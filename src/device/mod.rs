//! Devices: the asset register (台帳) with check-out/check-in, audits and an enforced
//! lifecycle, and each device's identifying numbers and security posture.
//!
//! JSON shapes: a device is `schema: "mamori.device.v1"`, a register `mamori.register.v1`,
//! a leaver's hand-over record `mamori.handover.v1` ([`handover`]), an inventory audit
//! `mamori.inventory_audit.v1` and its reconciliation `mamori.reconciliation.v1`.
//! Phone numbers are redacted from `Debug` output.

pub mod handover;
mod hold;
mod imei;
mod inventory;
mod model;
mod register;

pub use imei::*;
pub use inventory::*;
pub use model::*;
pub use register::*;
