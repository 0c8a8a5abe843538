//! Devices: the asset register (台帳) with check-out/check-in, audits and an enforced
//! lifecycle, and each device's identifying numbers and security posture.
//!
//! JSON shapes: a device is `schema: "mamori.device.v1"`, a register `mamori.register.v1`,
//! a leaver's hand-over record `mamori.handover.v1` ([`handover`]), an inventory audit
//! `mamori.inventory_audit.v1` and its reconciliation `mamori.reconciliation.v1`.
//! Phone numbers are redacted from `Debug` output.

/// Moved to [`crate::handover`] (issue 28: the hand-over is a workflow across the register,
/// the vault and the key shares, beside `incident`, not inside the asset register).
#[deprecated(since = "0.1.0", note = "moved to mamori::handover")]
pub mod handover {
    pub use crate::handover::*;
}
mod imei;
mod inventory;
mod model;
mod register;

pub use imei::*;
pub use inventory::*;
pub use model::*;
pub use register::*;
