//! Breach-report obligations and deadlines: a deterministic policy engine over versioned rule
//! packs (Japan's APPI first, then GDPR and others).
//!
//! The JSON contract (`mamori.assess.v1` in, `mamori.assessment.v1` out) is defined by
//! [`AssessRequest`] and [`Assessment`].

mod assessment;
mod request;

pub use assessment::*;
pub use request::*;

use crate::error::{Error, Result};

/// Assess a request against the embedded default rule pack.
///
/// Placeholder until the engine lands: always returns [`Error::Internal`].
pub fn assess(_request: &AssessRequest) -> Result<Assessment> {
    Err(Error::Internal("engine not built yet".into()))
}
