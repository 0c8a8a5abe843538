//! Issue 26 item 4, fifth reading: the US rules confirmed from the texts read in
//! `tests/breach_us_round5.rs` (sections, words and where in the rules' `basis`), as a table
//! written from those texts (the evaluation is the fourth reading's):
//!
//! * **Washington** RCW 19.255.010: residents "in the most expedient time possible" and within 30
//!   days after discovery; "more than 500 Washington residents": the Attorney General, also
//!   within 30 days of discovery (atg.wa.gov). Elements of §19.255.005: incl. health and
//!   health-insurance information, biometric data, user name or e-mail with password, full date
//!   of birth (no category: `other`).
//! * **Oklahoma** 24 O.S. §163(A): "without unreasonable delay"; elements incl. SB 626's "unique
//!   biometric data" and "unique electronic identifier or routing code" with its code (a banking
//!   login cannot be told from another: `credentials`, the cautious reading).
//! * **Michigan** MCL 445.72(1), (4): "without unreasonable delay"; SSN, licence or state ID,
//!   account or card number; no regulator notice.
//! * **Missouri** RSMo 407.1500.2(1)(a): "without unreasonable delay"; 2(2): the maintainer tells
//!   the owner "immediately following discovery"; 2(8): the Attorney General when "more than
//!   1,000 consumers" are notified, "without unreasonable delay"; elements incl. medical and
//!   health-insurance information and the electronic identifier with its code (`credentials`).
//! * **Maine** 10 M.R.S. §1348(1): "no more than 30 days after the person ... becomes aware of a
//!   breach of security" (counted from awareness, the cautious end); (5): the regulators or the
//!   Attorney General for any notice under (1), no period stated (the residents' 30 days);
//!   account passwords, PINs and access codes count by themselves (`credentials`).
//! * **Montana** MCA 30-14-1704(1): "without unreasonable delay"; (8): a copy to the Attorney
//!   General's Office of Consumer Protection "simultaneously", for any residents' notice;
//!   medical record information (medical and insurance claims history: `health`,
//!   `health_insurance`).
//! * **Arizona** A.R.S. §18-552(B): "within forty-five days after the determination"; elements
//!   incl. private key (`other`), health insurance, medical, biometric data, user name or e-mail
//!   with password.
//! * **Colorado** C.R.S. 6-1-716: "not later than thirty days after the date of determination";
//!   elements incl. medical and health-insurance information, biometric data, user name or e-mail
//!   with password.
//!
//! Every text here excludes encrypted data whose key was not acquired; data recovered before
//! anyone viewed it is not a breach; a processor notifies the owner, not the residents. Head
//! counts are read by their bounds (a range across a threshold is undetermined).

use mamori::breach::{AssessRequest, Category};

use super::round3::Ob3;
use super::us_round4::{State, assess_table, state};

use Category::*;

/// SSN or government ID, account number, card number, then the state's own elements.
macro_rules! elements {
    ($($c:expr),*) => { &[GovernmentId, FinancialAccount, PaymentCard $(, $c)*] };
}

pub const STATES: &[State] = &[
    State {
        res_days: Some(Some(30)),
        ag: Some((Some(501), Some(30), false)),
        ..state(
            "WA",
            "America/Los_Angeles",
            elements!(Credentials, Health, HealthInsurance, Biometric, Other),
        )
    },
    State {
        res_days: Some(None),
        ..state("OK", "America/Chicago", elements!(Credentials, Biometric))
    },
    State {
        res_days: Some(None),
        ..state("MI", "America/Detroit", elements!())
    },
    State {
        res_days: Some(None),
        ag: Some((Some(1001), None, false)),
        owner: true,
        ..state(
            "MO",
            "America/Chicago",
            elements!(Credentials, Health, HealthInsurance),
        )
    },
    State {
        res_days: Some(Some(30)),
        ag: Some((None, Some(30), false)),
        ..state("ME", "America/New_York", elements!(Credentials))
    },
    State {
        res_days: Some(None),
        ag: Some((None, None, false)),
        ..state("MT", "America/Denver", elements!(Health, HealthInsurance))
    },
    AZ,
    CO,
];

/// Arizona's residents' rule as read here (round 6a adds its other clauses).
pub(super) const AZ: State = State {
    res_days: Some(Some(45)),
    ..state(
        "AZ",
        "America/Phoenix",
        elements!(Credentials, Health, HealthInsurance, Biometric, Other),
    )
};

/// Colorado's residents' rule as read here (round 6a adds its other clauses).
pub(super) const CO: State = State {
    res_days: Some(Some(30)),
    ..state(
        "CO",
        "America/Denver",
        elements!(Credentials, Health, HealthInsurance, Biometric),
    )
};

/// Every modelled obligation of the table, for a controller or a processor.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    assess_table(req, STATES)
}
