//! Legal holds on registered devices (see [`crate::hold::LegalHold`]): the events live in
//! the register's history, so a hold cannot be dropped without removing history.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use super::{Register, RegisterChange};
use crate::error::{Error, Result};
use crate::hold::{HoldAction, HoldDecision, LegalHold, apply_hold_event, check_holds};
use crate::vault::{Vault, hold_reference};

impl Register {
    /// Place, override or release a legal hold on device `id` (recorded in the history with
    /// `actor`, `at` and `reason`). While a hold is on and not overridden, the `wiped`
    /// transition is refused with [`Error::LegalHold`] naming it. `place` refuses a hold id
    /// already on; `override` and `release` need an active hold with that id (`NotFound`).
    pub fn hold(
        &mut self,
        id: &str,
        action: HoldAction,
        hold_id: &str,
        reason: &str,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<Vec<LegalHold>> {
        let mut holds = self.holds(id)?;
        let decision = HoldDecision {
            by: actor.to_string(),
            at,
            reason: reason.to_string(),
        };
        apply_hold_event(&mut holds, &subject(id), action, hold_id, decision)?;
        self.push(
            at,
            actor,
            id,
            RegisterChange::Hold {
                action,
                hold_id: hold_id.to_string(),
                reason: reason.to_string(),
            },
        );
        Ok(holds)
    }

    /// The legal holds of device `id` (active, overridden and released), folded from the
    /// history in order. `NotFound` for an unknown asset tag; a history whose hold events do
    /// not fold (e.g. an override of a hold never placed) is `InvalidInput` naming the event.
    pub fn holds(&self, id: &str) -> Result<Vec<LegalHold>> {
        if self.entry(id).is_none() {
            return Err(Error::not_found(format!("device {id}")));
        }
        let mut holds = BTreeMap::new();
        self.fold_holds(Some(id), &mut holds)?;
        Ok(holds.remove(id).unwrap_or_default())
    }

    /// Check that every device's hold events fold (one pass over the history).
    pub(super) fn validate_holds(&self) -> Result<()> {
        self.fold_holds(None, &mut BTreeMap::new())
    }

    /// Fold the hold events of device `only` (or of every device) into `out`.
    fn fold_holds<'a>(
        &'a self,
        only: Option<&str>,
        out: &mut BTreeMap<&'a str, Vec<LegalHold>>,
    ) -> Result<()> {
        for (i, e) in self.history.iter().enumerate() {
            let RegisterChange::Hold {
                action,
                hold_id,
                reason,
            } = &e.change
            else {
                continue;
            };
            if only.is_some_and(|id| id != e.device_id) {
                continue;
            }
            let decision = HoldDecision {
                by: e.actor.clone(),
                at: e.at,
                reason: reason.clone(),
            };
            let holds = out.entry(e.device_id.as_str()).or_default();
            apply_hold_event(holds, &subject(&e.device_id), *action, hold_id, decision)
                .map_err(|err| Error::invalid(format!("history[{i}]"), err.to_string()))?;
        }
        Ok(())
    }

    /// Place every hold on device `id` that is on and not overridden on `vault` as well
    /// (unless the vault's log already has it on), so that the vault's own erase paths refuse.
    /// Used by the hand-over's start.
    pub(crate) fn carry_holds_to(&self, id: &str, vault: &Vault) -> Result<()> {
        if self.entry(id).is_none() {
            return Ok(()); // the caller reports the unknown device
        }
        let on: Vec<String> = vault
            .holds()?
            .into_iter()
            .filter(|h| h.released_at.is_none())
            .map(|h| h.reference)
            .collect();
        for h in self.holds(id)?.iter().filter(|h| h.blocks()) {
            if !on.contains(&format!("{:08x}", hold_reference(&h.hold_id))) {
                vault.hold(HoldAction::Place, &h.hold_id)?;
            }
        }
        Ok(())
    }

    /// [`Error::LegalHold`] if a hold on device `id` refuses `refused`.
    pub(super) fn check_hold(&self, id: &str, refused: &str) -> Result<()> {
        if self.entry(id).is_none() {
            return Ok(()); // the caller reports the unknown device
        }
        check_holds(&self.holds(id)?, &format!("{refused} of device {id}"))
    }
}

fn subject(id: &str) -> String {
    format!("device {id}")
}
