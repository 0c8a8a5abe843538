//! Issue 26 item 4, round 6a: the US rules confirmed from the texts read in
//! `tests/breach_us_round6a.rs` (sections, words and where in the rules' `basis`), as a table
//! written from those texts (the evaluation is the fourth reading's):
//!
//! * **Alaska** AS 45.48.070(a): "immediately after the information recipient discovers the
//!   breach, the information recipient shall notify the information distributor who owns the
//!   personal information"; AS 45.48.090(7): personal information is not encrypted (or its key
//!   was acquired) and is a name with an SSN, a licence or state ID number, an account or card
//!   number (with its personal code where one is needed), or passwords, PINs or access codes for
//!   financial accounts (a login cannot be told from another: `credentials`).
//! * **Arizona** A.R.S. §18-552(B): the person that owns or licenses the data, "within forty-five
//!   days after the determination", notifies the individuals and, "If the breach requires
//!   notification of more than one thousand individuals", the attorney general and the director
//!   of the Arizona department of homeland security (HB 2146); (C): a person maintaining data it
//!   does not own or license notifies the owner "as soon as practicable". Elements as in the
//!   fifth reading (`tests/refmodel/us_round5.rs`).
//! * **Colorado** C.R.S. §6-1-716(2)(f): the covered entity notifies the attorney general "not
//!   later than thirty days after the date of determination that a security breach occurred, if
//!   the security breach is reasonably believed to have affected five hundred Colorado residents
//!   or more"; (2)(b): the third-party service provider notifies the covered entity "in the most
//!   expedient time possible, and without unreasonable delay following discovery"; (1)(g):
//!   elements incl. student, military or passport ID, medical and health-insurance information,
//!   biometric data, user name or e-mail with password.
//! * **Iowa** §715C.2(2): a person that "maintains or otherwise possesses personal information on
//!   behalf of another person shall notify the owner or licensor ... immediately following
//!   discovery"; §715C.1(11): elements incl. a unique electronic identifier or routing code with
//!   its code (`credentials`) and unique biometric data.
//!
//! Every text here excludes encrypted data whose key was not acquired; data recovered before
//! anyone viewed it is not a breach; a processor notifies the owner, not the residents or the
//! Attorney General. Head counts are read by their bounds (a range across a threshold is
//! undetermined). Day counts run from awareness (the texts count from the determination, which
//! is never earlier).

use mamori::breach::{AssessRequest, Category};

use super::round3::Ob3;
use super::us_round4::{State, assess_table, elements, state};
use super::us_round5;

use Category::*;

pub const STATES: &[State] = &[
    State {
        owner: true,
        ..state("AK", "America/Juneau", elements!(Credentials))
    },
    // Residents (45 days; elements incl. private key, health, biometric data) as in round 5.
    State {
        ag: Some((Some(1001), Some(45), false)),
        owner: true,
        ..us_round5::AZ
    },
    // Residents (30 days; elements incl. health, biometric data, credentials) as in round 5.
    State {
        ag: Some((Some(500), Some(30), false)),
        owner: true,
        ..us_round5::CO
    },
    State {
        owner: true,
        ..state("IA", "America/Chicago", elements!(Credentials, Biometric))
    },
];

/// Every modelled obligation of the table, for a controller or a processor.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    assess_table(req, STATES)
}
