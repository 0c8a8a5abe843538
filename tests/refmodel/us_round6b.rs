//! Issue 26 item 4, round 6b: the vendor clauses of MS, MT, OH, PA, TN and TX and Montana's
//! Attorney-General clause, as read in `tests/breach_us_round6b.rs` (the words and where they
//! were read are in the rules' `basis`), with each state's residents' duty as read before, as a
//! table written from those texts (the evaluation is the fourth reading's):
//!
//! * **Mississippi** §75-24-29(4): the maintainer notifies the owner "as soon as practicable
//!   following its discovery" (no fixed period; its "for fraudulent purposes" condition cannot be
//!   expressed by a request, so it is not narrowed: every breach of the residents' data); (1),
//!   (3): whoever "owns, licenses or maintains" the data notifies the residents "without
//!   unreasonable delay"; SSN, licence or state ID, account or card number.
//! * **Montana** §30-14-1704(2): the maintainer notifies the owner "immediately following
//!   discovery"; (8): whoever must notify residents "shall simultaneously submit an electronic
//!   copy of the notification" to the Attorney General (any number; with the residents' notice,
//!   which is "without unreasonable delay"); medical record information (`health`,
//!   `health_insurance`).
//! * **Ohio** §1349.19(C): the custodian notifies the owner "in an expeditious manner"; (B)(2):
//!   residents "not later than forty-five days following its discovery"; SSN, licence or state
//!   ID, account or card number.
//! * **Pennsylvania** 73 P.S. §2303(b): the vendor notifies the entity "following discovery" (no
//!   period); (c.1) (Act 33 of 2024): the Attorney General "concurrently" when notice goes to
//!   "more than 500" residents; residents "without unreasonable delay"; elements incl. medical
//!   and health-insurance information and user name or e-mail with password.
//! * **Tennessee** §47-18-2107(c): the maintainer notifies the owner, "no later than 45 days from
//!   the discovery or notification of the breach"; (b): residents "immediately, but no later
//!   than forty-five (45) days"; SSN, driver licence, account or card number.
//! * **Texas** §521.053(c): the maintainer notifies the owner "immediately after discovering the
//!   breach"; (i): the Attorney General within 30 days for at least 250 residents, processors
//!   too; elements of §521.002(a)(2) (health information included).
//!
//! Every text here excludes encrypted data whose key was not acquired; data recovered before
//! anyone viewed it is not a breach; a processor notifies the owner, not the residents (except
//! in Mississippi). Head counts are read by their bounds (a range across a threshold is
//! undetermined).

use mamori::breach::{AssessRequest, Category};

use super::round3::Ob3;
use super::us_ne_wy::due;
use super::us_round4::{State, assess_table, state};

use Category::*;

/// SSN or government ID, account number, card number, then the state's own elements.
macro_rules! elements {
    ($($c:expr),*) => { &[GovernmentId, FinancialAccount, PaymentCard $(, $c)*] };
}

pub const STATES: &[State] = &[
    State {
        res_days: Some(None),
        holder_notifies: true,
        owner: true,
        ..state("MS", "America/Chicago", elements!())
    },
    State {
        res_days: Some(None),
        ag: Some((None, None, false)),
        owner: true,
        ..state("MT", "America/Denver", elements!(Health, HealthInsurance))
    },
    State {
        res_days: Some(Some(45)),
        owner: true,
        ..state("OH", "America/New_York", elements!())
    },
    State {
        res_days: Some(None),
        ag: Some((Some(501), None, false)),
        owner: true,
        ..state(
            "PA",
            "America/New_York",
            elements!(Credentials, Health, HealthInsurance),
        )
    },
    State {
        res_days: Some(Some(45)),
        owner: true,
        ..state("TN", "America/Chicago", elements!())
    },
    State {
        ag: Some((Some(250), Some(30), true)),
        owner: true,
        ..state("TX", "America/Chicago", elements!(Health, HealthInsurance))
    },
];

/// The vendor's notices to the owner that carry a period of their own (the table's `owner`
/// duty is "without unreasonable delay"): Tennessee's 45 days after discovery.
const OWNER_DAYS: &[(&str, &str, i64)] = &[("us-tn.owner", "America/Chicago", 45)];

/// Every modelled obligation of the table, for a controller or a processor.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let mut out = assess_table(req, STATES);
    for o in &mut out {
        if let Some(&(_, zone, days)) = OWNER_DAYS.iter().find(|(id, _, _)| *id == o.id) {
            o.due = due(zone.parse().unwrap(), req.incident.aware_at, Some(days));
        }
    }
    out
}
