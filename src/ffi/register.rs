//! `mamori_register_*`: the asset register of devices, JSON commands in, JSON out.

use std::ffi::c_char;
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    FfiResult, check_out, ffi_boundary, ffi_boundary_or, handle_ref, lock, mamori_result,
    opt_str_arg, str_arg, to_json, write_handle_out, write_string_out,
};
use crate::device::{Device, LifecycleState, Overdue, Register, RegisterEntry};
use crate::error::{Error, from_json};
use crate::hold::{HoldAction, LegalHold};
use crate::inventory::{InventoryAudit, Reconciliation};

/// An asset register behind the C ABI (`mamori_register *`). Internally locked: calls from
/// several threads are serialised; `mamori_register_free` must not race with other calls.
pub struct mamori_register {
    pub(super) inner: Mutex<Register>,
}

/// One command to `mamori_register_apply` (`{"op": "...", ...}`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum RegisterCommand {
    /// Add a device (`mamori.device.v1`); it enters `in_stock`.
    Add {
        /// The device record.
        device: Box<Device>,
        /// When.
        at: DateTime<FixedOffset>,
        /// Who made the change.
        actor: String,
    },
    /// Replace a registered device's record (e.g. to refresh `posture.vault` with a new vault
    /// manifest). `state` and `assignee` must equal the register's (they change only through
    /// `check_out`, `check_in` and `transition`); the history records the changed fields.
    Update {
        /// The device record (its `id` names the device to update).
        device: Box<Device>,
        /// When.
        at: DateTime<FixedOffset>,
        /// Who made the change.
        actor: String,
    },
    /// Check a device out to an employee.
    CheckOut {
        /// Asset tag.
        id: String,
        /// The employee.
        assignee: String,
        /// When.
        at: DateTime<FixedOffset>,
        /// When it is due back.
        #[serde(default)]
        expected_return: Option<DateTime<FixedOffset>>,
        /// Who made the change.
        actor: String,
    },
    /// Check a device back in.
    CheckIn {
        /// Asset tag.
        id: String,
        /// When.
        at: DateTime<FixedOffset>,
        /// Who made the change.
        actor: String,
    },
    /// Any other lifecycle change (`lost`, `stolen`, `recovered`, `wiped`, `retired`, ...).
    Transition {
        /// Asset tag.
        id: String,
        /// The new state.
        to: LifecycleState,
        /// When.
        at: DateTime<FixedOffset>,
        /// Who made the change.
        actor: String,
        /// Why (e.g. the incident id).
        #[serde(default)]
        note: Option<String>,
    },
    /// Record a physical audit (棚卸し).
    Audit {
        /// Asset tag.
        id: String,
        /// When.
        at: DateTime<FixedOffset>,
        /// Who audited.
        actor: String,
    },
    /// Read one entry.
    Get {
        /// Asset tag.
        id: String,
    },
    /// Devices overdue for return at `now`, most overdue first.
    Overdue {
        /// The current time (the library never reads the clock).
        now: DateTime<FixedOffset>,
    },
    /// Devices not audited since `since`.
    AuditDue {
        /// The cut-off.
        since: DateTime<FixedOffset>,
    },
    /// Reconcile an inventory audit (棚卸, `mamori.inventory_audit.v1`) with the register: the
    /// reply's `reconciliation` lists missing, unexpected, mis-held and wrong-state devices and
    /// a ready loss incident for every assigned device not seen; the findings are recorded in
    /// the register's history.
    Reconcile {
        /// The audit.
        audit: Box<InventoryAudit>,
    },
    /// Place, override or release a legal hold on a device (recorded in the history with
    /// `actor`, `at` and `reason`); while a hold is on and not overridden, `transition` to
    /// `wiped` fails with `MAMORI_LEGAL_HOLD` naming it. The reply's `holds` are the device's
    /// holds after the change.
    Hold {
        /// Asset tag.
        id: String,
        /// `place`, `override` or `release`.
        action: HoldAction,
        /// The hold's id (the matter or case number).
        hold_id: String,
        /// Why (must not be empty).
        reason: String,
        /// When.
        at: DateTime<FixedOffset>,
        /// Who decided it.
        actor: String,
    },
    /// The legal holds of a device (active, overridden and released), in `holds`.
    Holds {
        /// Asset tag.
        id: String,
    },
}

/// The reply of `mamori_register_apply` (`schema: "mamori.register_reply.v1"`): `entry` for
/// commands about one device, `overdue` for `overdue`, `device_ids` for `audit_due`, `reconciliation`
/// for `reconcile`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterReply {
    /// Always `"mamori.register_reply.v1"`.
    pub schema: String,
    /// The device's entry after the command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<RegisterEntry>,
    /// Overdue devices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue: Option<Vec<Overdue>>,
    /// Asset tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_ids: Option<Vec<String>>,
    /// The result of `reconcile` (`mamori.reconciliation.v1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation: Option<Box<Reconciliation>>,
    /// The device's legal holds (`hold`, `holds`; `mamori.legal_hold.v1` each).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holds: Option<Vec<LegalHold>>,
}

/// The schema tag of [`RegisterReply`].
pub const REGISTER_REPLY_SCHEMA: &str = "mamori.register_reply.v1";

fn reply_entry(reg: &Register, id: &str) -> FfiResult<RegisterReply> {
    let entry = reg
        .entry(id)
        .cloned()
        .ok_or_else(|| Error::not_found(format!("device {id}")))?;
    Ok(RegisterReply {
        schema: REGISTER_REPLY_SCHEMA.into(),
        entry: Some(entry),
        overdue: None,
        device_ids: None,
        reconciliation: None,
        holds: None,
    })
}

pub(crate) fn apply(reg: &mut Register, cmd: RegisterCommand) -> FfiResult<RegisterReply> {
    match cmd {
        RegisterCommand::Add { device, at, actor } => {
            let id = device.id.clone();
            reg.add(*device, at, &actor)?;
            reply_entry(reg, &id)
        }
        RegisterCommand::Update { device, at, actor } => {
            let id = device.id.clone();
            reg.update(*device, at, &actor)?;
            reply_entry(reg, &id)
        }
        RegisterCommand::CheckOut {
            id,
            assignee,
            at,
            expected_return,
            actor,
        } => {
            reg.check_out(&id, &assignee, at, expected_return, &actor)?;
            reply_entry(reg, &id)
        }
        RegisterCommand::CheckIn { id, at, actor } => {
            reg.check_in(&id, at, &actor)?;
            reply_entry(reg, &id)
        }
        RegisterCommand::Transition {
            id,
            to,
            at,
            actor,
            note,
        } => {
            reg.transition(&id, to, at, &actor, note.as_deref())?;
            reply_entry(reg, &id)
        }
        RegisterCommand::Audit { id, at, actor } => {
            reg.audit(&id, at, &actor)?;
            reply_entry(reg, &id)
        }
        RegisterCommand::Get { id } => reply_entry(reg, &id),
        RegisterCommand::Overdue { now } => Ok(RegisterReply {
            schema: REGISTER_REPLY_SCHEMA.into(),
            entry: None,
            overdue: Some(reg.overdue(now)),
            device_ids: None,
            reconciliation: None,
            holds: None,
        }),
        RegisterCommand::AuditDue { since } => Ok(RegisterReply {
            schema: REGISTER_REPLY_SCHEMA.into(),
            entry: None,
            overdue: None,
            device_ids: Some(reg.audit_due(since).into_iter().map(String::from).collect()),
            reconciliation: None,
            holds: None,
        }),
        RegisterCommand::Reconcile { audit } => Ok(RegisterReply {
            schema: REGISTER_REPLY_SCHEMA.into(),
            entry: None,
            overdue: None,
            device_ids: None,
            reconciliation: Some(Box::new(reg.reconcile(&audit)?)),
            holds: None,
        }),
        RegisterCommand::Hold {
            id,
            action,
            hold_id,
            reason,
            at,
            actor,
        } => {
            let holds = reg.hold(&id, action, &hold_id, &reason, at, &actor)?;
            let mut reply = reply_entry(reg, &id)?;
            reply.holds = Some(holds);
            Ok(reply)
        }
        RegisterCommand::Holds { id } => {
            let holds = reg.holds(&id)?;
            let mut reply = reply_entry(reg, &id)?;
            reply.holds = Some(holds);
            Ok(reply)
        }
    }
}

/// Parse a register command. serde's reader for the `op`-tagged enum loses the path inside a
/// command, so on an error at the command itself each member is checked against its type
/// to name the field (`device.imei`, `at`, `to`).
fn parse_command(json: &str) -> crate::Result<RegisterCommand> {
    use crate::json::check_member as m;
    type Time = DateTime<FixedOffset>;
    let err = match from_json::<RegisterCommand>(json) {
        Ok(c) => return Ok(c),
        Err(e) => e,
    };
    let at_root = matches!(&err, Error::InvalidInput { path, .. } if path == "$");
    let Ok(serde_json::Value::Object(o)) = serde_json::from_str::<serde_json::Value>(json) else {
        return Err(err);
    };
    if !at_root {
        return Err(err);
    }
    let op = o.get("op").and_then(|v| v.as_str()).unwrap_or("");
    let checked = match op {
        "add" | "update" => m::<Device>(&o, "", "device").and(m::<Time>(&o, "", "at")),
        "check_out" => m::<Time>(&o, "", "at").and(m::<Option<Time>>(&o, "", "expected_return")),
        "check_in" | "audit" => m::<Time>(&o, "", "at"),
        "transition" => m::<LifecycleState>(&o, "", "to").and(m::<Time>(&o, "", "at")),
        "overdue" => m::<Time>(&o, "", "now"),
        "audit_due" => m::<Time>(&o, "", "since"),
        "reconcile" => m::<InventoryAudit>(&o, "", "audit"),
        "hold" => m::<HoldAction>(&o, "", "action").and(m::<Time>(&o, "", "at")),
        _ => Ok(()),
    };
    let strings = ["id", "assignee", "actor", "note"];
    let checked = strings
        .iter()
        .fold(checked, |acc, k| acc.and(m::<Option<String>>(&o, "", k)));
    match checked {
        Err(e) => Err(e.into()),
        Ok(()) => Err(err),
    }
}

/// Create a register. `register_json` is a `mamori.register.v1` document (as returned by
/// `mamori_register_to_json`) or NULL for an empty register. On success `*out` receives the
/// handle (free it with `mamori_register_free`).
///
/// # Safety
/// `register_json` must be NULL or NUL-terminated; `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_register_new(
    register_json: *const c_char,
    out: *mut *mut mamori_register,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let json = unsafe { opt_str_arg(register_json, "register_json") }?;
        check_out(out, "out")?;
        let reg = match json {
            Some(j) => Register::from_json(j)?,
            None => Register::new(),
        };
        // SAFETY: checked non-NULL.
        unsafe {
            write_handle_out(
                out,
                mamori_register {
                    inner: Mutex::new(reg),
                },
            )
        }
    })
}

/// Apply one command (`{"op": "add" | "update" | "check_out" | "check_in" | "transition" |
/// "audit" | "get" | "overdue" | "audit_due" | "reconcile" | "hold" | "holds", ...}`, see
/// `schemas/register-command.schema.json`). On
/// success `*out_json` receives a `mamori.register_reply.v1` document. A refused command
/// (`MAMORI_ILLEGAL_TRANSITION`, `MAMORI_NOT_FOUND`, `MAMORI_INVALID_INPUT`, and
/// `MAMORI_LEGAL_HOLD` for a `wiped` transition while a legal hold is on) leaves the
/// register unchanged.
///
/// # Safety
/// `reg` must be NULL or a live handle; strings NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_register_apply(
    reg: *mut mamori_register,
    command_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let reg = unsafe { handle_ref(reg, "reg") }?;
        // SAFETY: per this function's contract.
        let cmd = unsafe { str_arg(command_json, "command_json") }?;
        check_out(out_json, "out_json")?;
        let cmd = parse_command(cmd)?;
        let mut guard = lock(&reg.inner)?;
        // Work on a copy so that a refused command leaves the register unchanged.
        let mut next = guard.clone();
        let reply = apply(&mut next, cmd)?;
        let json = to_json(&reply)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, json) }?;
        *guard = next;
        Ok(())
    })
}

/// The whole register as a `mamori.register.v1` document (devices and history).
///
/// # Safety
/// `reg` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_register_to_json(
    reg: *const mamori_register,
    out_json: *mut *mut c_char,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let reg = unsafe { handle_ref(reg, "reg") }?;
        check_out(out_json, "out_json")?;
        let json = to_json(&*lock(&reg.inner)?)?;
        // SAFETY: checked non-NULL.
        unsafe { write_string_out(out_json, json) }
    })
}

/// Free a register handle. NULL is accepted and ignored; never free a handle twice.
///
/// # Safety
/// `reg` must be NULL or a handle from `mamori_register_new` not yet freed, with no other call
/// on it in progress.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_register_free(reg: *mut mamori_register) {
    ffi_boundary_or((), || {
        if !reg.is_null() {
            // SAFETY: the handle came from `Box::into_raw` in `mamori_register_new`.
            drop(unsafe { Box::from_raw(reg) });
        }
    })
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<mamori_register>();
}
