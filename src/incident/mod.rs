//! Incidents: an append-only event log whose state is a pure fold over its events, the loss
//! interview (ヒアリング), the response playbook with next actions and guard rules, the link
//! to the breach engine, and exports (timeline JSON/CSV, VERIS).
//!
//! JSON shapes: `mamori.incident.v1` (the log), `mamori.incident_event.v1` (an event),
//! `mamori.incident_state.v1` (the folded state). See `docs/incident.md`.

mod event;
mod export;
mod interview;
mod json;
mod link;
mod playbook;
mod state;

pub use event::*;
pub use export::*;
pub use interview::*;
pub use json::*;
pub use link::*;
pub use playbook::*;
pub use state::*;
