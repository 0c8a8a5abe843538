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
mod hold;
mod imei;
mod model;
mod register;

pub use imei::*;
// Moved to `crate::inventory` (issue 28: reconciliation makes incident events, so it is a
// workflow above `incident`, not part of the register); the old paths for one release:
/// Moved to [`crate::inventory::Sighting`].
#[deprecated(since = "0.1.0", note = "moved to mamori::inventory::Sighting")]
pub type Sighting = crate::inventory::Sighting;
/// Moved to [`crate::inventory::InventoryAudit`].
#[deprecated(since = "0.1.0", note = "moved to mamori::inventory::InventoryAudit")]
pub type InventoryAudit = crate::inventory::InventoryAudit;
/// Moved to [`crate::inventory::BilingualText`].
#[deprecated(since = "0.1.0", note = "moved to mamori::inventory::BilingualText")]
pub type BilingualText = crate::inventory::BilingualText;
/// Moved to [`crate::inventory::InventoryIssue`].
#[deprecated(since = "0.1.0", note = "moved to mamori::inventory::InventoryIssue")]
pub type InventoryIssue = crate::inventory::InventoryIssue;
/// Moved to [`crate::inventory::MissingDeviceIncident`].
#[deprecated(
    since = "0.1.0",
    note = "moved to mamori::inventory::MissingDeviceIncident"
)]
pub type MissingDeviceIncident = crate::inventory::MissingDeviceIncident;
/// Moved to [`crate::inventory::Reconciliation`].
#[deprecated(since = "0.1.0", note = "moved to mamori::inventory::Reconciliation")]
pub type Reconciliation = crate::inventory::Reconciliation;
/// Moved to [`crate::inventory::INVENTORY_AUDIT_SCHEMA`].
#[deprecated(
    since = "0.1.0",
    note = "moved to mamori::inventory::INVENTORY_AUDIT_SCHEMA"
)]
pub const INVENTORY_AUDIT_SCHEMA: &str = crate::inventory::INVENTORY_AUDIT_SCHEMA;
/// Moved to [`crate::inventory::RECONCILIATION_SCHEMA`].
#[deprecated(
    since = "0.1.0",
    note = "moved to mamori::inventory::RECONCILIATION_SCHEMA"
)]
pub const RECONCILIATION_SCHEMA: &str = crate::inventory::RECONCILIATION_SCHEMA;
pub use model::*;
pub use register::*;
