//! The incident's hold events; the hold model itself is [`crate::hold`] (a foundation module:
//! the register, the vault and the incident all keep holds).

use super::EventData;
pub use crate::hold::*;

/// The hold event an incident event is, if any: `(action, hold id, reason)`.
pub(crate) fn incident_hold_event(data: &EventData) -> Option<(HoldAction, &str, &str)> {
    match data {
        EventData::LegalHoldPlaced { hold_id, reason } => {
            Some((HoldAction::Place, hold_id, reason))
        }
        EventData::LegalHoldOverridden { hold_id, reason } => {
            Some((HoldAction::Override, hold_id, reason))
        }
        EventData::LegalHoldReleased { hold_id, reason } => {
            Some((HoldAction::Release, hold_id, reason))
        }
        _ => None,
    }
}
