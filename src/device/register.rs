//! The asset register (台帳, `schema: "mamori.register.v1"`): devices, check-out/check-in,
//! audits, an enforced lifecycle and the history of every change as events.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Device;
use crate::error::{Error, Result};

/// The schema tag of a register document.
pub const REGISTER_SCHEMA: &str = "mamori.register.v1";

/// A device's lifecycle state.
///
/// Allowed transitions (everything else, including staying in the same state, is
/// [`Error::IllegalTransition`]):
///
/// | from | to |
/// |---|---|
/// | in_stock | assigned, lost, stolen, retired |
/// | assigned | in_stock, lost, stolen |
/// | lost | stolen, recovered, wiped, retired |
/// | stolen | lost, recovered, wiped, retired |
/// | recovered | in_stock, wiped, retired |
/// | wiped | recovered, retired |
/// | retired | — (terminal) |
/// | assigned | handing_over (the leaver's hand-over, [`Register::begin_handover`]) |
/// | handing_over | in_stock ([`Register::return_from_handover`]), lost, stolen |
///
/// An assigned device is checked in before it is retired; a device still missing after a wipe
/// stays `wiped` until it is recovered or written off (`retired`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum LifecycleState {
    /// In the company's stock, not issued.
    InStock,
    /// Checked out to an employee.
    Assigned,
    /// Reported lost.
    Lost,
    /// Reported stolen.
    Stolen,
    /// Back in the company's hands after a loss or theft.
    Recovered,
    /// Wiped (remotely or after recovery).
    Wiped,
    /// Retired or written off (terminal).
    Retired,
    /// The assignee is leaving (退職) and the device is being handed over: its data moved,
    /// the key revoked and the vault wiped before it is returned
    /// (see [`crate::device::handover`]).
    HandingOver,
}

impl LifecycleState {
    /// Every state, in declaration order.
    pub const ALL: [LifecycleState; 8] = [
        LifecycleState::InStock,
        LifecycleState::Assigned,
        LifecycleState::Lost,
        LifecycleState::Stolen,
        LifecycleState::Recovered,
        LifecycleState::Wiped,
        LifecycleState::Retired,
        LifecycleState::HandingOver,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether the lifecycle allows going from `self` to `to`.
    pub const fn can_transition_to(self, to: LifecycleState) -> bool {
        use LifecycleState::*;
        matches!(
            (self, to),
            (InStock, Assigned | Lost | Stolen | Retired)
                | (Assigned, InStock | Lost | Stolen | HandingOver)
                | (HandingOver, InStock | Lost | Stolen)
                | (Lost, Stolen | Recovered | Wiped | Retired)
                | (Stolen, Lost | Recovered | Wiped | Retired)
                | (Recovered, InStock | Wiped | Retired)
                | (Wiped, Recovered | Retired)
        )
    }

    /// Check a transition, returning [`Error::IllegalTransition`] if it is not allowed.
    pub fn check_transition(self, to: LifecycleState) -> Result<()> {
        if self.can_transition_to(to) {
            Ok(())
        } else {
            Err(Error::IllegalTransition {
                from: self.as_str().to_string(),
                to: to.as_str().to_string(),
            })
        }
    }
}

impl fmt::Display for LifecycleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An open check-out (a device in the hands of an employee).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checkout {
    /// The employee holding the device.
    pub assignee: String,
    /// When it was handed out.
    pub at: DateTime<FixedOffset>,
    /// When it is due back (none for a permanent assignment).
    #[serde(default)]
    pub expected_return: Option<DateTime<FixedOffset>>,
}

/// One device's entry in the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterEntry {
    /// The device record (its `state` and `assignee` are kept current by the register).
    pub device: Device,
    /// The open check-out, if the device is assigned.
    #[serde(default)]
    pub checkout: Option<Checkout>,
    /// When the device was last physically audited (棚卸し).
    #[serde(default)]
    pub last_audit: Option<DateTime<FixedOffset>>,
}

/// What happened to a device in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RegisterChange {
    /// The device was added (in stock).
    Added,
    /// Checked out to an employee.
    CheckedOut {
        /// The employee.
        assignee: String,
        /// When it is due back.
        #[serde(default)]
        expected_return: Option<DateTime<FixedOffset>>,
    },
    /// Checked back in.
    CheckedIn {
        /// Who returned it.
        assignee: String,
    },
    /// A lifecycle change other than check-out/check-in.
    StateChanged {
        /// Previous state.
        from: LifecycleState,
        /// New state.
        to: LifecycleState,
        /// Why (free text; e.g. the incident id).
        #[serde(default)]
        note: Option<String>,
    },
    /// The device record was updated (model, IMEI, posture, the vault manifest, ...); the
    /// lifecycle state and assignee are unchanged.
    Updated {
        /// The top-level device fields that changed, in alphabetical order.
        fields: Vec<String>,
    },
    /// Physically audited.
    Audited,
    /// The leaver's hand-over started (`assigned` → `handing_over`).
    HandoverStarted {
        /// The leaver holding the device.
        assignee: String,
        /// The hand-over record's id.
        handover_id: String,
    },
    /// The device was returned after its hand-over (`handing_over` → `in_stock`), wiped.
    Returned {
        /// Who returned it (the leaver).
        assignee: String,
        /// The hand-over record's id.
        handover_id: String,
    },
    /// A finding of an inventory reconciliation ([`Register::reconcile`]); for an unexpected
    /// device, `device_id` is the identifier it was seen as.
    InventoryFinding {
        /// What was found.
        finding: InventoryFinding,
    },
    /// A legal hold on the device was placed, overridden or released ([`Register::hold`]);
    /// the event's actor and time say who and when.
    Hold {
        /// Place, override or release.
        action: crate::hold::HoldAction,
        /// The hold's id.
        hold_id: String,
        /// Why.
        reason: String,
    },
}

/// An event in the register's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterEvent {
    /// When (with offset).
    pub at: DateTime<FixedOffset>,
    /// Who made the change.
    pub actor: String,
    /// The device's asset tag.
    pub device_id: String,
    /// What changed.
    pub change: RegisterChange,
}

/// A device overdue for return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Overdue {
    /// Asset tag.
    pub device_id: String,
    /// Who holds it.
    pub assignee: String,
    /// When it was due back.
    pub expected_return: DateTime<FixedOffset>,
    /// Whole hours past due at `now`.
    pub hours_overdue: i64,
}

/// The asset register (`schema: "mamori.register.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// Always `"mamori.register.v1"`.
    pub schema: String,
    /// Entries by asset tag.
    pub devices: BTreeMap<String, RegisterEntry>,
    /// Every change, in the order it was made.
    pub history: Vec<RegisterEvent>,
}

/// The top-level fields whose JSON differs between two device records, sorted.
fn changed_fields(old: &Device, new: &Device) -> Result<Vec<String>> {
    let as_map = |d: &Device| match serde_json::to_value(d) {
        Ok(serde_json::Value::Object(m)) => Ok(m),
        Ok(_) => Err(Error::Internal("a device serialises to an object".into())),
        Err(e) => Err(Error::Internal(format!("device to JSON: {e}"))),
    };
    let (a, b) = (as_map(old)?, as_map(new)?);
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    Ok(keys
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect())
}

impl Default for Register {
    fn default() -> Self {
        Self::new()
    }
}

impl Register {
    /// An empty register.
    pub fn new() -> Self {
        Register {
            schema: REGISTER_SCHEMA.to_string(),
            devices: BTreeMap::new(),
            history: Vec::new(),
        }
    }

    /// Parse a register from JSON and check that its entries are consistent.
    pub fn from_json(json: &str) -> Result<Self> {
        let reg: Register = crate::error::from_json(json)?;
        if reg.schema != REGISTER_SCHEMA {
            return Err(Error::invalid(
                "schema",
                format!("expected \"{REGISTER_SCHEMA}\""),
            ));
        }
        for (id, e) in &reg.devices {
            e.device.validate()?;
            if &e.device.id != id {
                return Err(Error::invalid(
                    format!("devices.{id}.device.id"),
                    "does not match its key",
                ));
            }
            let assigned = matches!(
                e.device.state,
                LifecycleState::Assigned | LifecycleState::HandingOver
            );
            if assigned != e.checkout.is_some() {
                return Err(Error::invalid(
                    format!("devices.{id}.checkout"),
                    "an assigned device has exactly one open check-out",
                ));
            }
        }
        // Hold events must fold (no override or release of a hold never placed).
        reg.validate_holds()?;
        Ok(reg)
    }

    /// Add a device; it enters the register `in_stock` with no assignee.
    pub fn add(
        &mut self,
        mut device: Device,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        device.validate()?;
        if self.devices.contains_key(&device.id) {
            return Err(Error::invalid(
                "id",
                "a device with this asset tag is already registered",
            ));
        }
        device.state = LifecycleState::InStock;
        device.assignee = None;
        let id = device.id.clone();
        self.devices.insert(
            id.clone(),
            RegisterEntry {
                device,
                checkout: None,
                last_audit: None,
            },
        );
        self.push(at, actor, &id, RegisterChange::Added);
        Ok(())
    }

    /// Replace a registered device's record (e.g. a refreshed `posture.vault` manifest, a
    /// repaired IMEI or a new phone number). The record is validated as on [`Register::add`];
    /// the lifecycle fields are the register's own: `state` and `assignee` must equal the
    /// current ones (they change only through check-out, check-in and transitions), else
    /// the update is refused naming `device.state` / `device.assignee`. An unknown asset tag is
    /// `NotFound`. The history records which top-level fields changed; an update that changes
    /// nothing records nothing.
    pub fn update(&mut self, device: Device, at: DateTime<FixedOffset>, actor: &str) -> Result<()> {
        device.validate()?;
        let id = device.id.clone();
        let e = self.entry_mut(&id)?;
        if device.state != e.device.state {
            return Err(Error::invalid(
                "device.state",
                format!(
                    "is \"{}\" in the register; the state changes only through check_out, \
                     check_in and transition (send the current state)",
                    e.device.state.as_str()
                ),
            ));
        }
        if device.assignee != e.device.assignee {
            return Err(Error::invalid(
                "device.assignee",
                "differs from the register's; the assignee changes only through check_out \
                 and check_in (send the current assignee)",
            ));
        }
        let fields = changed_fields(&e.device, &device)?;
        if fields.is_empty() {
            return Ok(());
        }
        e.device = device;
        self.push(at, actor, &id, RegisterChange::Updated { fields });
        Ok(())
    }

    /// The device with this asset tag.
    pub fn get(&self, id: &str) -> Option<&Device> {
        self.devices.get(id).map(|e| &e.device)
    }

    /// The full entry (device, open check-out, last audit).
    pub fn entry(&self, id: &str) -> Option<&RegisterEntry> {
        self.devices.get(id)
    }

    fn entry_mut(&mut self, id: &str) -> Result<&mut RegisterEntry> {
        self.devices
            .get_mut(id)
            .ok_or_else(|| Error::not_found(format!("device {id}")))
    }

    pub(super) fn push(
        &mut self,
        at: DateTime<FixedOffset>,
        actor: &str,
        id: &str,
        change: RegisterChange,
    ) {
        self.history.push(RegisterEvent {
            at,
            actor: actor.to_string(),
            device_id: id.to_string(),
            change,
        });
    }

    /// Check a device out to `assignee` (`in_stock` → `assigned`).
    pub fn check_out(
        &mut self,
        id: &str,
        assignee: &str,
        at: DateTime<FixedOffset>,
        expected_return: Option<DateTime<FixedOffset>>,
        actor: &str,
    ) -> Result<()> {
        if assignee.trim().is_empty() {
            return Err(Error::invalid("assignee", "must not be empty"));
        }
        if let Some(r) = expected_return
            && r <= at
        {
            return Err(Error::invalid(
                "expected_return",
                "must be after the check-out time",
            ));
        }
        let e = self.entry_mut(id)?;
        e.device.state.check_transition(LifecycleState::Assigned)?;
        e.device.state = LifecycleState::Assigned;
        e.device.assignee = Some(assignee.to_string());
        e.checkout = Some(Checkout {
            assignee: assignee.to_string(),
            at,
            expected_return,
        });
        self.push(
            at,
            actor,
            id,
            RegisterChange::CheckedOut {
                assignee: assignee.to_string(),
                expected_return,
            },
        );
        Ok(())
    }

    /// Check a device back in (`assigned` → `in_stock`).
    pub fn check_in(&mut self, id: &str, at: DateTime<FixedOffset>, actor: &str) -> Result<()> {
        let e = self.entry_mut(id)?;
        e.device.state.check_transition(LifecycleState::InStock)?;
        if e.device.state != LifecycleState::Assigned {
            // recovered → in_stock is a state change, not a check-in.
            return Err(Error::IllegalTransition {
                from: e.device.state.as_str().to_string(),
                to: "checked_in".to_string(),
            });
        }
        let assignee = e.checkout.take().map(|c| c.assignee).unwrap_or_default();
        e.device.state = LifecycleState::InStock;
        e.device.assignee = None;
        self.push(at, actor, id, RegisterChange::CheckedIn { assignee });
        Ok(())
    }

    /// Move a device to another lifecycle state (lost, stolen, recovered, wiped, retired, or
    /// back in stock after recovery). Check-out and check-in have their own methods; this
    /// refuses `assigned` and refuses leaving `assigned` for `in_stock`.
    pub fn transition(
        &mut self,
        id: &str,
        to: LifecycleState,
        at: DateTime<FixedOffset>,
        actor: &str,
        note: Option<&str>,
    ) -> Result<()> {
        if to == LifecycleState::Wiped {
            // A legal hold refuses the wipe unless an override is recorded.
            self.check_hold(id, "the `wiped` transition")?;
        }
        let e = self.entry_mut(id)?;
        let from = e.device.state;
        from.check_transition(to)?;
        if to == LifecycleState::Assigned {
            return Err(Error::invalid("to", "use check_out to assign a device"));
        }
        if to == LifecycleState::HandingOver {
            return Err(Error::invalid(
                "to",
                "use begin_handover to start a leaver's hand-over",
            ));
        }
        if from == LifecycleState::HandingOver && to == LifecycleState::InStock {
            return Err(Error::invalid(
                "to",
                "use return_from_handover: a handed-over device returns through the hand-over record",
            ));
        }
        if from == LifecycleState::Assigned && to == LifecycleState::InStock {
            return Err(Error::invalid(
                "to",
                "use check_in to return an assigned device",
            ));
        }
        e.device.state = to;
        // A lost or stolen device keeps its last assignee on record (who had it); the open
        // check-out closes when the device comes back to stock or is retired.
        if matches!(to, LifecycleState::InStock | LifecycleState::Retired) {
            e.checkout = None;
            e.device.assignee = None;
        } else if matches!(to, LifecycleState::Lost | LifecycleState::Stolen) {
            e.checkout = None;
        }
        self.push(
            at,
            actor,
            id,
            RegisterChange::StateChanged {
                from,
                to,
                note: note.map(str::to_string),
            },
        );
        Ok(())
    }

    /// Start the leaver's hand-over of an assigned device (`assigned` → `handing_over`); the
    /// assignee stays on record until the device is returned. `handover_id` names the
    /// hand-over record ([`crate::handover::Handover`]).
    pub fn begin_handover(
        &mut self,
        id: &str,
        handover_id: &str,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        let e = self.entry_mut(id)?;
        e.device
            .state
            .check_transition(LifecycleState::HandingOver)?;
        e.device.state = LifecycleState::HandingOver;
        let assignee = e.device.assignee.clone().unwrap_or_default();
        self.push(
            at,
            actor,
            id,
            RegisterChange::HandoverStarted {
                assignee,
                handover_id: handover_id.to_string(),
            },
        );
        Ok(())
    }

    /// The device comes back from a hand-over (`handing_over` → `in_stock`): the check-out is
    /// closed and the assignee cleared. The hand-over record's guards (moved, revoked, wiped)
    /// are checked by [`crate::handover::Handover::return_device`], which calls this.
    pub fn return_from_handover(
        &mut self,
        id: &str,
        handover_id: &str,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<()> {
        let e = self.entry_mut(id)?;
        if e.device.state != LifecycleState::HandingOver {
            return Err(Error::IllegalTransition {
                from: e.device.state.as_str().to_string(),
                to: "returned".to_string(),
            });
        }
        e.device.state = LifecycleState::InStock;
        e.device.assignee = None;
        let assignee = e.checkout.take().map(|c| c.assignee).unwrap_or_default();
        self.push(
            at,
            actor,
            id,
            RegisterChange::Returned {
                assignee,
                handover_id: handover_id.to_string(),
            },
        );
        Ok(())
    }

    /// Record a physical audit of the device.
    pub fn audit(&mut self, id: &str, at: DateTime<FixedOffset>, actor: &str) -> Result<()> {
        let e = self.entry_mut(id)?;
        e.last_audit = Some(at);
        self.push(at, actor, id, RegisterChange::Audited);
        Ok(())
    }

    /// Assigned devices whose expected return is before `now`, most overdue first.
    pub fn overdue(&self, now: DateTime<FixedOffset>) -> Vec<Overdue> {
        let mut out: Vec<Overdue> = self
            .devices
            .values()
            .filter_map(|e| {
                let c = e.checkout.as_ref()?;
                let due = c.expected_return?;
                (due < now).then(|| Overdue {
                    device_id: e.device.id.clone(),
                    assignee: c.assignee.clone(),
                    expected_return: due,
                    hours_overdue: (now - due).num_hours(),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            a.expected_return
                .cmp(&b.expected_return)
                .then(a.device_id.cmp(&b.device_id))
        });
        out
    }

    /// Devices never audited, or last audited before `since`.
    pub fn audit_due(&self, since: DateTime<FixedOffset>) -> Vec<&str> {
        self.devices
            .values()
            .filter(|e| e.device.state != LifecycleState::Retired)
            .filter(|e| e.last_audit.is_none_or(|a| a < since))
            .map(|e| e.device.id.as_str())
            .collect()
    }

    /// The register as CSV (RFC 4180, CRLF): one row per device with
    /// `id,kind,model,serial,imei,colour,ownership,assignee,state,checked_out_at,expected_return,last_audit`.
    /// Phone numbers are left out (personal data).
    pub fn to_csv(&self) -> String {
        use crate::text::csv::push_csv_row;
        let mut out = String::from(
            "id,kind,model,serial,imei,colour,ownership,assignee,state,checked_out_at,expected_return,last_audit\r\n",
        );
        for e in self.devices.values() {
            let d = &e.device;
            let row = [
                d.id.clone(),
                <&str>::from(d.kind).to_string(),
                d.model.clone(),
                d.serial.clone().unwrap_or_default(),
                d.imei.as_ref().map(|i| i.to_string()).unwrap_or_default(),
                d.colour.clone().unwrap_or_default(),
                <&str>::from(d.ownership).to_string(),
                d.assignee.clone().unwrap_or_default(),
                d.state.as_str().to_string(),
                e.checkout
                    .as_ref()
                    .map(|c| c.at.to_rfc3339())
                    .unwrap_or_default(),
                e.checkout
                    .as_ref()
                    .and_then(|c| c.expected_return)
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default(),
                e.last_audit.map(|t| t.to_rfc3339()).unwrap_or_default(),
            ];
            push_csv_row(&mut out, &row);
        }
        out
    }

    /// The history of one device.
    pub fn history_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a RegisterEvent> + 'a {
        self.history.iter().filter(move |e| e.device_id == id)
    }
}

/// What one finding of the audit is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum InventoryFinding {
    /// Expected but not seen.
    Missing {
        /// The register's state.
        state: LifecycleState,
        /// The employee the register says holds it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assignee: Option<String>,
        /// The last time the register confirms it was physically handled (check-out, check-in,
        /// audit, return): the start of the exposure window.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last_confirmed_at: Option<DateTime<FixedOffset>>,
    },
    /// Seen but not in the register (or not identifiable).
    Unexpected {
        /// The identifier as seen (`id:…`, `imei:…` or `serial:…`).
        seen_as: String,
        /// Where.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
        /// Who had it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        held_by: Option<String>,
    },
    /// Held by someone other than the register says (an in-stock device in someone's hands,
    /// or an assigned device with another person).
    MisHeld {
        /// Who the register says holds it (`null` = in stock).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        register_holder: Option<String>,
        /// Who had it.
        held_by: String,
        /// Where.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
    },
    /// Seen, but the register's state says it cannot be here (lost, stolen, wiped, retired).
    WrongState {
        /// The register's state.
        state: LifecycleState,
        /// Where.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
        /// Who had it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        held_by: Option<String>,
    },
}
