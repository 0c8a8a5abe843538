//! Incidents: an append-only event log whose state is a pure fold over its events, the loss
//! interview (ヒアリング), the response playbook with next actions and guard rules, the link
//! to the breach engine, and exports (timeline JSON/CSV, VERIS).
//!
//! JSON shapes: `mamori.incident.v2` (the hash-chained log; `v1` logs still load, unchained),
//! `mamori.incident_event.v2` (an event), `mamori.incident_state.v1` (the folded state),
//! `mamori.chain_check.v1` (the chain check), `mamori.report_draft.v1` and
//! `mamori.notice_draft.v1` (Japanese-first drafts). See `docs/incident.md`.

mod bundle;
mod chain;
mod drafts;
mod event;
mod export;
mod hold;
mod html;
mod interview;
mod json;
mod link;
pub mod messages;
mod playbook;
mod sign;
mod state;

pub use bundle::*;
pub use chain::*;
pub use drafts::*;
pub use event::*;
pub use export::*;
pub use hold::*;
pub use html::*;
pub use interview::*;
pub use json::*;
pub use link::*;
pub use playbook::*;
pub use sign::*;
pub use state::*;
