//! Legal hold (訴訟ホールド, `mamori.legal_hold.v1`): data that may be evidence is preserved
//! while the playbook or the retention rule would erase it.
//!
//! A hold lives in the log of what it is on, as ordinary logged events with actor, time and
//! reason, so that it cannot be dropped without a trace:
//!
//! | on | where the events are | what refuses while it is on |
//! |---|---|---|
//! | a device | the register's history ([`crate::device::Register::hold`]) | the `wiped` transition |
//! | an incident | the incident's hash-chained log ([`crate::incident::EventData::LegalHoldPlaced`], …) | `remote_wipe_issued` |
//! | a vault | the vault's authenticated access log ([`crate::vault::Vault::hold`]) | `wipe`, `wipe_reporting`, `wipe_file`, `delete`, the retention review, the hand-over's retention deletion and wipe |
//!
//! Three events per hold id: `placed` (once), `overridden` (any number: an erase is allowed
//! despite the hold — e.g. the phone is in a thief's hands and counsel decided that wiping
//! outweighs keeping), `released` (the hold ends; an erase is allowed again). A refused erase is
//! [`Error::LegalHold`] (code 302) naming the hold: its id, what it is on, who placed it,
//! when and why.
//!
//! The vault's log holds no names or free text (`docs/vault-format.md` §5.3): it records the
//! time of each event and a 32-bit reference of the hold id ([`crate::vault::hold_reference`]);
//! who and why are in the register's or incident's log under the same hold id.

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The schema tag of a [`LegalHold`].
pub const LEGAL_HOLD_SCHEMA: &str = "mamori.legal_hold.v1";

/// What a hold event does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum HoldAction {
    /// The hold is placed (once per hold id).
    Place,
    /// An erase is allowed despite the hold (recorded with who decided it and why).
    Override,
    /// The hold ends.
    Release,
}

impl HoldAction {
    /// `"place"`, `"override"` or `"release"`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Who decided something about a hold, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldDecision {
    /// Who (an employee id or name; counsel).
    pub by: String,
    /// When (RFC 3339 with offset).
    pub at: DateTime<FixedOffset>,
    /// Why (never empty).
    pub reason: String,
}

/// One hold as its log records it (`schema: "mamori.legal_hold.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalHold {
    /// Always `"mamori.legal_hold.v1"`.
    pub schema: String,
    /// The hold's id (the host's matter or case number, e.g. `LH-2026-03`).
    pub hold_id: String,
    /// What it is on (`device D-001`, `incident INC-7`).
    pub subject: String,
    /// Who placed it, when and why.
    pub placed: HoldDecision,
    /// Overrides recorded since (an erase is allowed while there is at least one).
    #[serde(default)]
    pub overrides: Vec<HoldDecision>,
    /// The release, once released.
    #[serde(default)]
    pub released: Option<HoldDecision>,
}

impl LegalHold {
    /// Not released.
    pub fn is_active(&self) -> bool {
        self.released.is_none()
    }

    /// Active and not overridden: an erase is refused.
    pub fn blocks(&self) -> bool {
        self.is_active() && self.overrides.is_empty()
    }

    /// `hold LH-1 on device D-1 placed by X at 2026-…: reason`.
    pub fn describe(&self) -> String {
        format!(
            "hold `{}` on {} placed by {} at {}: {}",
            self.hold_id,
            self.subject,
            self.placed.by,
            self.placed.at.to_rfc3339(),
            self.placed.reason
        )
    }

    /// The error for refusing `refused` under this hold.
    pub fn refusal(&self, refused: &str) -> Error {
        Error::LegalHold {
            refused: refused.to_string(),
            hold: self.describe(),
        }
    }
}

/// Apply one hold event to `holds` (the holds of one subject, in log order): `place` needs a
/// hold id not already active; `override` and `release` need an active hold with that id.
/// Actor, hold id and reason must not be empty. Errors name the field.
pub fn apply_hold_event(
    holds: &mut Vec<LegalHold>,
    subject: &str,
    action: HoldAction,
    hold_id: &str,
    decision: HoldDecision,
) -> Result<()> {
    if hold_id.trim().is_empty() {
        return Err(Error::invalid("hold_id", "must not be empty"));
    }
    if decision.by.trim().is_empty() {
        return Err(Error::invalid("actor", "a hold event names who decided it"));
    }
    if decision.reason.trim().is_empty() {
        return Err(Error::invalid(
            "reason",
            format!("a hold's {} needs a reason", action.as_str()),
        ));
    }
    let active = holds
        .iter_mut()
        .find(|h| h.hold_id == hold_id && h.is_active());
    match (action, active) {
        (HoldAction::Place, Some(h)) => Err(Error::invalid(
            "hold_id",
            format!("{} is already on", h.describe()),
        )),
        (HoldAction::Place, None) => {
            holds.push(LegalHold {
                schema: LEGAL_HOLD_SCHEMA.to_string(),
                hold_id: hold_id.to_string(),
                subject: subject.to_string(),
                placed: decision,
                overrides: Vec::new(),
                released: None,
            });
            Ok(())
        }
        (_, None) => Err(Error::not_found(format!(
            "active legal hold `{hold_id}` on {subject}"
        ))),
        (HoldAction::Override, Some(h)) => {
            h.overrides.push(decision);
            Ok(())
        }
        (HoldAction::Release, Some(h)) => {
            h.released = Some(decision);
            Ok(())
        }
    }
}

/// [`Error::LegalHold`] for the first hold in `holds` that blocks (active, not overridden).
pub fn check_holds(holds: &[LegalHold], refused: &str) -> Result<()> {
    match holds.iter().find(|h| h.blocks()) {
        Some(h) => Err(h.refusal(refused)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(by: &str, reason: &str) -> HoldDecision {
        HoldDecision {
            by: by.into(),
            at: DateTime::parse_from_rfc3339("2026-12-01T09:00:00+09:00").expect("time"),
            reason: reason.into(),
        }
    }

    #[test]
    fn place_override_release() {
        let mut h = Vec::new();
        apply_hold_event(
            &mut h,
            "device D-1",
            HoldAction::Place,
            "LH-1",
            d("counsel", "dispute"),
        )
        .expect("place");
        let e = check_holds(&h, "wipe of device D-1").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("LH-1") && msg.contains("counsel") && msg.contains("dispute"),
            "{msg}"
        );
        assert!(msg.contains("2026-12-01T09:00:00+09:00"), "{msg}");
        // Placing the same id twice, and an override without a reason, are refused.
        assert!(
            apply_hold_event(&mut h, "device D-1", HoldAction::Place, "LH-1", d("x", "y")).is_err()
        );
        assert!(
            apply_hold_event(
                &mut h,
                "device D-1",
                HoldAction::Override,
                "LH-1",
                d("x", " ")
            )
            .is_err()
        );
        assert!(
            apply_hold_event(
                &mut h,
                "device D-1",
                HoldAction::Override,
                "LH-9",
                d("x", "y")
            )
            .is_err()
        );
        apply_hold_event(
            &mut h,
            "device D-1",
            HoldAction::Override,
            "LH-1",
            d("cfo", "thief has it"),
        )
        .expect("override");
        check_holds(&h, "wipe").expect("overridden");
        apply_hold_event(
            &mut h,
            "device D-1",
            HoldAction::Release,
            "LH-1",
            d("counsel", "settled"),
        )
        .expect("release");
        assert!(!h[0].is_active());
        // A new hold under the same id after the release.
        apply_hold_event(
            &mut h,
            "device D-1",
            HoldAction::Place,
            "LH-1",
            d("counsel", "appeal"),
        )
        .expect("again");
        assert!(check_holds(&h, "wipe").is_err());
    }
}
