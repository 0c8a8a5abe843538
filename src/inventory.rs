//! Inventory reconciliation (棚卸): compare what an audit actually saw with what the register
//! says should be there (`mamori.inventory_audit.v1` in, `mamori.reconciliation.v1` out).
//!
//! [`Register::reconcile`] returns four lists — expected but not seen, seen but not expected,
//! held by someone other than the register says, seen in a state that says it cannot be there
//! (e.g. `lost` but scanned) — records each finding in the register's history, and for every
//! *assigned* device not seen prepares the first events of a loss incident: a `reported` event
//! at the audit's time (the organisation's awareness, 知った時点) and an `interview_answered`
//! event with `last_confirmed_at` taken from the check-out/check-in history and
//! `noticed_missing_at` = the audit's time, so the 速報 clock is right from the start.
//!
//! Every finding carries its text in Japanese and English.

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::breach::IncidentKind;
pub use crate::device::InventoryFinding;
use crate::device::{Imei, LifecycleState, Register, RegisterChange};
use crate::error::{Error, Result};
use crate::incident::{Event, EventData, InterviewAnswers};

/// The schema tag of an [`InventoryAudit`].
pub const INVENTORY_AUDIT_SCHEMA: &str = "mamori.inventory_audit.v1";
/// The schema tag of a [`Reconciliation`].
pub const RECONCILIATION_SCHEMA: &str = "mamori.reconciliation.v1";

/// One device seen during the audit. At least one of `id`, `imei`, `serial` is given; the
/// first that matches a registered device identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sighting {
    /// The asset tag, as scanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The IMEI, as read (spaces and hyphens allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imei: Option<String>,
    /// The serial number, as read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// Where it was seen (defaults to the audit's `location`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// When it was seen (defaults to the audit's `at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<FixedOffset>>,
    /// Who saw it (defaults to the audit's `auditor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_by: Option<String>,
    /// Who had it in hand, when it was with a person (`null` = in storage or not noted; an
    /// empty holder is refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_by: Option<String>,
}

/// An inventory audit (`schema: "mamori.inventory_audit.v1"`): the devices seen, where, when
/// and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InventoryAudit {
    /// Always `"mamori.inventory_audit.v1"`.
    pub schema: String,
    /// When the audit was done (its end: everything not seen by then is missing). This is the
    /// awareness time of any loss it reveals.
    pub at: DateTime<FixedOffset>,
    /// Who ran it.
    pub auditor: String,
    /// Where (office, stock room), the default place of every sighting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The devices seen.
    pub seen: Vec<Sighting>,
}

impl InventoryAudit {
    /// An audit at `at` by `auditor` with no sightings yet.
    pub fn new(at: DateTime<FixedOffset>, auditor: impl Into<String>) -> Self {
        InventoryAudit {
            schema: INVENTORY_AUDIT_SCHEMA.to_string(),
            at,
            auditor: auditor.into(),
            location: None,
            seen: Vec::new(),
        }
    }

    /// Parse an audit from JSON (strict: unknown fields are refused) and validate it.
    pub fn from_json(json: &str) -> Result<Self> {
        let a: InventoryAudit = crate::error::from_json(json)?;
        a.validate()?;
        Ok(a)
    }

    /// Check the schema tag, the auditor and that every sighting names the device.
    pub fn validate(&self) -> Result<()> {
        if self.schema != INVENTORY_AUDIT_SCHEMA {
            return Err(Error::invalid(
                "schema",
                format!("expected \"{INVENTORY_AUDIT_SCHEMA}\""),
            ));
        }
        if self.auditor.trim().is_empty() {
            return Err(Error::invalid("auditor", "must not be empty"));
        }
        for (i, s) in self.seen.iter().enumerate() {
            let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
            if !given(&s.id) && !given(&s.imei) && !given(&s.serial) {
                return Err(Error::invalid(
                    format!("seen[{i}]"),
                    "name the device by id, imei or serial",
                ));
            }
            if s.held_by.as_deref().is_some_and(|h| h.trim().is_empty()) {
                return Err(Error::invalid(
                    format!("seen[{i}].held_by"),
                    "must not be empty (leave it out when the device is not with a person)",
                ));
            }
        }
        Ok(())
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BilingualText {
    /// 日本語.
    pub ja: String,
    /// English.
    pub en: String,
}

/// One finding, with the device and its text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InventoryIssue {
    /// The asset tag (for an unexpected device: the identifier as seen).
    pub device_id: String,
    /// What was found.
    pub finding: InventoryFinding,
    /// What it means and what to do.
    pub text: BilingualText,
}

/// The first events of a loss incident for an assigned device the audit did not see: append
/// them, in order, to a new incident (`mamori.incident.v2`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MissingDeviceIncident {
    /// The asset tag.
    pub device_id: String,
    /// Who the register says holds it.
    pub assignee: String,
    /// `reported` (at the audit's time: the awareness time) then `interview_answered`
    /// (`last_confirmed_at` from the register's history, `noticed_missing_at` = the audit's
    /// time, `noticed_by` = the auditor, the identifying features).
    pub events: Vec<Event>,
}

/// The result of [`Register::reconcile`] (`schema: "mamori.reconciliation.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reconciliation {
    /// Always `"mamori.reconciliation.v1"`.
    pub schema: String,
    /// The audit's time.
    pub at: DateTime<FixedOffset>,
    /// Who ran it.
    pub auditor: String,
    /// Devices seen where the register expected them (asset tags).
    pub confirmed: Vec<String>,
    /// Expected but not seen.
    pub missing: Vec<InventoryIssue>,
    /// Seen but not expected.
    pub unexpected: Vec<InventoryIssue>,
    /// Held by someone other than the register says.
    pub mis_held: Vec<InventoryIssue>,
    /// Seen in a state that says it cannot be here.
    pub wrong_state: Vec<InventoryIssue>,
    /// A ready loss incident for every assigned device not seen.
    pub incidents: Vec<MissingDeviceIncident>,
    /// One-line summary in both languages.
    pub summary: BilingualText,
}

impl Reconciliation {
    /// Whether the audit found nothing to act on.
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty()
            && self.unexpected.is_empty()
            && self.mis_held.is_empty()
            && self.wrong_state.is_empty()
    }
}

fn text(ja: String, en: String) -> BilingualText {
    BilingualText { ja, en }
}

/// States in which a device is expected to be found in an audit.
fn expected(state: LifecycleState) -> bool {
    matches!(
        state,
        LifecycleState::InStock
            | LifecycleState::Assigned
            | LifecycleState::HandingOver
            | LifecycleState::Recovered
    )
}

fn norm(s: &str) -> String {
    s.trim().to_string()
}

impl Register {
    /// The asset tag a sighting names: the first of `id`, `imei` (compared as digits) and
    /// `serial` that matches a registered device.
    fn identify(&self, s: &Sighting) -> Option<String> {
        if let Some(id) = s.id.as_deref().map(norm)
            && self.devices.contains_key(&id)
        {
            return Some(id);
        }
        if let Some(imei) = s.imei.as_deref() {
            let digits: String = Imei::parse(imei)
                .map(|i| i.as_str().to_string())
                .unwrap_or_else(|_| imei.chars().filter(char::is_ascii_digit).collect());
            if let Some(e) = self
                .devices
                .values()
                .find(|e| e.device.imei.as_ref().is_some_and(|i| i.as_str() == digits))
            {
                return Some(e.device.id.clone());
            }
        }
        if let Some(serial) = s.serial.as_deref().map(norm)
            && let Some(e) = self
                .devices
                .values()
                .find(|e| e.device.serial.as_deref().map(norm).as_deref() == Some(&serial))
        {
            return Some(e.device.id.clone());
        }
        None
    }

    /// The last time the register's history shows the device physically handled (added,
    /// checked out or in, audited, returned), at or before `before`.
    pub fn last_confirmed_at(
        &self,
        id: &str,
        before: DateTime<FixedOffset>,
    ) -> Option<DateTime<FixedOffset>> {
        self.history_of(id)
            .filter(|e| e.at <= before)
            .filter(|e| {
                matches!(
                    e.change,
                    RegisterChange::Added
                        | RegisterChange::CheckedOut { .. }
                        | RegisterChange::CheckedIn { .. }
                        | RegisterChange::Audited
                        | RegisterChange::Returned { .. }
                )
            })
            .map(|e| e.at)
            .max()
    }

    /// Reconcile an inventory audit with the register: missing, unexpected, mis-held and
    /// wrong-state devices, and a ready loss incident for every assigned device not seen.
    ///
    /// Records in the history an `audited` change for every device seen and an
    /// `inventory_finding` change for every finding (an unexpected device under the
    /// identifier it was seen as); sets `last_audit` of every device seen. The register's
    /// states are not changed: marking a device lost is the incident's decision.
    pub fn reconcile(&mut self, audit: &InventoryAudit) -> Result<Reconciliation> {
        audit.validate()?;
        let mut seen: Vec<(String, &Sighting)> = Vec::new();
        let mut unexpected = Vec::new();
        for s in &audit.seen {
            match self.identify(s) {
                Some(id) => {
                    if !seen.iter().any(|(i, _)| *i == id) {
                        seen.push((id, s));
                    }
                }
                None => {
                    let seen_as = if let Some(i) = &s.id {
                        format!("id:{}", norm(i))
                    } else if let Some(i) = &s.imei {
                        format!("imei:{}", norm(i))
                    } else {
                        format!(
                            "serial:{}",
                            s.serial.as_deref().map(norm).unwrap_or_default()
                        )
                    };
                    let place = s.place.clone().or_else(|| audit.location.clone());
                    let where_ja = place
                        .as_deref()
                        .map(|p| format!("({p})"))
                        .unwrap_or_default();
                    let where_en = place
                        .as_deref()
                        .map(|p| format!(" at {p}"))
                        .unwrap_or_default();
                    unexpected.push(InventoryIssue {
                        device_id: seen_as.clone(),
                        text: text(
                            format!("台帳にない機器 {seen_as} を確認{where_ja}。台帳に登録するか、持ち主を確認してください。"),
                            format!("{seen_as} was seen{where_en} but is not in the register: register it or find its owner."),
                        ),
                        finding: InventoryFinding::Unexpected {
                            seen_as,
                            place,
                            held_by: s.held_by.clone(),
                        },
                    });
                }
            }
        }

        let mut confirmed = Vec::new();
        let mut missing = Vec::new();
        let mut mis_held = Vec::new();
        let mut wrong_state = Vec::new();
        let mut incidents = Vec::new();
        for (id, entry) in &self.devices {
            let state = entry.device.state;
            let assignee = entry.device.assignee.clone();
            let Some((_, s)) = seen.iter().find(|(i, _)| i == id) else {
                if !expected(state) {
                    continue;
                }
                let last = self.last_confirmed_at(id, audit.at);
                let holder_ja = assignee
                    .as_deref()
                    .map(|a| format!("(台帳上の保持者: {a})"))
                    .unwrap_or_else(|| "(在庫)".into());
                let holder_en = assignee
                    .as_deref()
                    .map(|a| format!(" (held by {a} per the register)"))
                    .unwrap_or_else(|| " (in stock)".into());
                let (ja_do, en_do) = if assignee.is_some() {
                    (
                        "保持者に所在を確認し、見つからなければ紛失として直ちに報告してください(知った時点はこの棚卸の時刻)。",
                        "ask the holder at once; if it cannot be found, report it as lost now (the organisation knew at this audit's time).",
                    )
                } else {
                    (
                        "保管場所を探し、見つからなければ紛失として報告してください。",
                        "search the storage; if it is not found, report it as lost.",
                    )
                };
                missing.push(InventoryIssue {
                    device_id: id.clone(),
                    text: text(
                        format!("{id} が棚卸で確認できません{holder_ja}。{ja_do}"),
                        format!("{id} was not seen in the audit{holder_en}: {en_do}"),
                    ),
                    finding: InventoryFinding::Missing {
                        state,
                        assignee: assignee.clone(),
                        last_confirmed_at: last,
                    },
                });
                if let Some(a) = &assignee {
                    incidents.push(missing_incident(audit, &entry.device, a, last));
                }
                continue;
            };
            let place = s.place.clone().or_else(|| audit.location.clone());
            let mut ok = true;
            if !expected(state) {
                ok = false;
                wrong_state.push(InventoryIssue {
                    device_id: id.clone(),
                    text: text(
                        format!("{id} は台帳上「{}」ですが、棚卸で確認されました。台帳とインシデント記録を更新してください(発見・回収)。", state_ja(state)),
                        format!("{id} is {} in the register but was seen in the audit: update the register and the incident (found / recovered).", state.as_str()),
                    ),
                    finding: InventoryFinding::WrongState {
                        state,
                        place: place.clone(),
                        held_by: s.held_by.clone(),
                    },
                });
            }
            if let Some(h) = &s.held_by {
                let register_holder = if matches!(
                    state,
                    LifecycleState::Assigned | LifecycleState::HandingOver
                ) {
                    assignee.clone()
                } else {
                    None
                };
                if register_holder.as_deref().map(str::trim) != Some(h.trim()) {
                    ok = false;
                    let reg_ja = register_holder.as_deref().unwrap_or("在庫(保持者なし)");
                    let reg_en = register_holder.as_deref().unwrap_or("in stock, nobody");
                    mis_held.push(InventoryIssue {
                        device_id: id.clone(),
                        text: text(
                            format!("{id} を {h} が保持していますが、台帳上は {reg_ja} です。貸出・返却の記録を正してください。"),
                            format!("{id} was held by {h} but the register says {reg_en}: correct the check-out/check-in record."),
                        ),
                        finding: InventoryFinding::MisHeld {
                            register_holder,
                            held_by: h.clone(),
                            place: place.clone(),
                        },
                    });
                }
            }
            if ok {
                confirmed.push(id.clone());
            }
        }

        // Record: audited for each device seen, a finding for each problem.
        for (id, s) in &seen {
            let at = s.at.unwrap_or(audit.at);
            let actor = s.seen_by.clone().unwrap_or_else(|| audit.auditor.clone());
            self.audit(id, at, &actor)?;
        }
        for issue in missing
            .iter()
            .chain(&unexpected)
            .chain(&mis_held)
            .chain(&wrong_state)
        {
            self.history.push(crate::device::RegisterEvent {
                at: audit.at,
                actor: audit.auditor.clone(),
                device_id: issue.device_id.clone(),
                change: RegisterChange::InventoryFinding {
                    finding: issue.finding.clone(),
                },
            });
        }

        let (m, u, h, w) = (
            missing.len(),
            unexpected.len(),
            mis_held.len(),
            wrong_state.len(),
        );
        let summary = text(
            format!(
                "棚卸 {}: 確認 {} 台、未確認 {m} 台、台帳外 {u} 台、保持者相違 {h} 台、状態相違 {w} 台、紛失報告の準備 {} 件",
                audit.at.to_rfc3339(),
                confirmed.len(),
                incidents.len()
            ),
            format!(
                "inventory {}: {} confirmed, {m} missing, {u} unexpected, {h} held by someone else, {w} in the wrong state, {} loss report(s) prepared",
                audit.at.to_rfc3339(),
                confirmed.len(),
                incidents.len()
            ),
        );
        Ok(Reconciliation {
            schema: RECONCILIATION_SCHEMA.to_string(),
            at: audit.at,
            auditor: audit.auditor.clone(),
            confirmed,
            missing,
            unexpected,
            mis_held,
            wrong_state,
            incidents,
            summary,
        })
    }
}

fn state_ja(s: LifecycleState) -> &'static str {
    match s {
        LifecycleState::InStock => "在庫",
        LifecycleState::Assigned => "貸出中",
        LifecycleState::Lost => "紛失",
        LifecycleState::Stolen => "盗難",
        LifecycleState::Recovered => "回収済み",
        LifecycleState::Wiped => "消去済み",
        LifecycleState::Retired => "廃棄済み",
        LifecycleState::HandingOver => "引継ぎ中",
    }
}

fn missing_incident(
    audit: &InventoryAudit,
    device: &crate::device::Device,
    assignee: &str,
    last: Option<DateTime<FixedOffset>>,
) -> MissingDeviceIncident {
    let reported = Event::new(
        audit.at,
        audit.auditor.clone(),
        EventData::Reported {
            kind: IncidentKind::Loss,
            device_id: Some(device.id.clone()),
            reporter: audit.auditor.clone(),
            summary: format!(
                "{} ({}) assigned to {assignee} was not found in the inventory audit; loss or theft not yet determined / 棚卸で所在不明",
                device.id, device.model
            ),
        },
    );
    let answers = InterviewAnswers {
        last_confirmed_at: last,
        noticed_missing_at: Some(audit.at),
        noticed_by: Some(audit.auditor.clone()),
        identifying_features: Some(device.identifying_features()),
        ..InterviewAnswers::default()
    };
    let interview = Event::new(
        audit.at,
        audit.auditor.clone(),
        EventData::InterviewAnswered {
            answers: Box::new(answers),
        },
    );
    MissingDeviceIncident {
        device_id: device.id.clone(),
        assignee: assignee.to_string(),
        events: vec![reported, interview],
    }
}
