//! Issue 26 item 4, round 6d: the US rules read in the state codes themselves (UniCourt's
//! republications of the official codes; `tests/breach_us_codes.rs`), as a small model written
//! from those sections:
//!
//! * **Vermont** 9 V.S.A. §2435(b)(3): "A data collector or other entity subject to this
//!   subchapter shall provide notice of a breach to the Attorney General or to the Department"
//!   — any number, whoever is a data collector (one that maintains data for another too, (b)(2));
//!   (3)(B)(i): a preliminary description "within 14 business days ... of the data collector's
//!   discovery" (weekends skipped; holidays counted as business days, the earlier reading);
//!   elements of §2430(10)(A) and login credentials (§2430(9)), unless "encrypted, redacted, or
//!   protected".
//! * **Wyoming** W.S. §40-12-502(a): the owner or licensee notifies residents "in the most
//!   expedient time possible and without unreasonable delay"; (g): a person maintaining data on
//!   behalf of another business entity tells it "as soon as practicable"; §40-12-501(a)(vii):
//!   elements of §6-3-901(b)(iii)-(xiv) "when the data elements are not redacted" — no
//!   encryption term, so encrypted data still counts; elements incl. shared secrets, birth or
//!   marriage certificates (`other`), username or e-mail with password, medical and
//!   health-insurance information, biometric data.
//! * **Idaho** §28-51-105(1): the owner or licensee notifies residents "in the most expedient
//!   time possible and without unreasonable delay"; (2): the maintainer tells the owner
//!   "immediately following discovery"; (4): "When an agency becomes aware of a breach of the
//!   security of the system, it shall, within twenty-four (24) hours of such discovery, notify
//!   the office of the Idaho attorney general" — an agency is a public body; a request cannot
//!   say whether it is Idaho's, so any US public body (or local government body) holding Idaho
//!   residents' data; §28-51-104(2): "the illegal acquisition of unencrypted computerized data";
//!   (5): SSN, licence or Idaho ID, account or card number.
//! * **North Carolina** G.S. §75-65(a): residents "without unreasonable delay"; (b): the
//!   maintainer tells the owner "immediately following discovery"; (e1): whenever a business
//!   notifies an affected person, the Consumer Protection Division "without unreasonable delay"
//!   (any number); §75-61(14): unencrypted and unredacted data (or with the key); elements of
//!   G.S. 14-113.20(b) incl. biometric data and digital signatures (`other`), and passwords
//!   (`credentials`) where they open a financial account (counted whatever they open).
//!
//! Data recovered before anyone viewed it was not acquired. Counts: "persons > 0" reads a range
//! by its upper bound.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use chrono_tz::Tz;
use mamori::breach::{AssessRequest, Category, OrgType, Role};

use super::round3::{
    Due3, Ob3, any_of, at_least_suspected, count, end_of_day_in, local_day, maybe,
};
use super::us_ne_wy::id;
use super::{Tri, and3, not3, unintelligible};

use Category::*;

/// The states whose persons the differential requests name.
pub struct State {
    pub code: &'static str,
}

pub const STATES: &[State] = &[
    State { code: "VT" },
    State { code: "WY" },
    State { code: "ID" },
    State { code: "NC" },
];

const VT: &[Category] = &[
    GovernmentId,
    FinancialAccount,
    PaymentCard,
    Credentials,
    Health,
    HealthInsurance,
    Biometric,
    Genetic,
];
const WY: &[Category] = &[
    GovernmentId,
    FinancialAccount,
    PaymentCard,
    Credentials,
    Health,
    HealthInsurance,
    Biometric,
    Other,
];
const ID: &[Category] = &[GovernmentId, FinancialAccount, PaymentCard];
const NC: &[Category] = &[
    GovernmentId,
    FinancialAccount,
    PaymentCard,
    Credentials,
    Biometric,
    Other,
];

/// `n` days after `d`, Saturdays and Sundays skipped.
fn plus_weekdays(d: NaiveDate, n: u32) -> NaiveDate {
    let mut d = d;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
}

/// A US public body: a public body or local government body established in the US.
fn us_public_body(req: &AssessRequest) -> bool {
    matches!(
        req.organisation.org_type,
        OrgType::PublicBody | OrgType::LocalGovernment
    ) && req
        .organisation
        .established_in
        .iter()
        .any(|e| e == "US" || e.starts_with("US-"))
}

/// Every modelled obligation, for a controller or a processor.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let at = req.incident.aware_at;
    let processor = req.organisation.role == Role::Processor;
    let not_recovered: Tri = Some(req.incident.recovered_unviewed != Some(true));
    let unencrypted = not3(unintelligible(req.data.protection.as_ref()));
    // A breach of the state's residents' data with one of its elements.
    let breach = |code: &str, elements: &[Category], harbour: bool| {
        let n = count(req, &format!("US-{code}"));
        let persons = maybe(req, n, |x| at_least_suspected(x, 1));
        let enc = if harbour { unencrypted } else { Some(true) };
        and3(
            persons,
            and3(and3(any_of(req, elements), enc), not_recovered),
        )
    };
    let ob = |code: &str, duty: &str, status: Tri, due: Due3| Ob3 {
        id: id(code, duty),
        status,
        due,
    };
    let vt = breach("VT", VT, true);
    let wy = breach("WY", WY, false);
    let idaho = breach("ID", ID, true);
    let nc = breach("NC", NC, true);
    let ny: Tz = "America/New_York".parse().unwrap();
    let boise = Due3::Deadline(at + Duration::hours(24));
    let wud = || Due3::WithoutUndueDelay;
    vec![
        ob(
            "VT",
            "attorney_general",
            vt,
            Due3::Deadline(end_of_day_in(ny, plus_weekdays(local_day(ny, at), 14))),
        ),
        ob("WY", "residents", and3(wy, Some(!processor)), wud()),
        ob("WY", "owner", and3(wy, Some(processor)), wud()),
        ob("ID", "residents", and3(idaho, Some(!processor)), wud()),
        ob("ID", "owner", and3(idaho, Some(processor)), wud()),
        ob(
            "ID",
            "agency_attorney_general",
            and3(idaho, Some(us_public_body(req))),
            boise,
        ),
        ob("NC", "residents", and3(nc, Some(!processor)), wud()),
        ob("NC", "attorney_general", and3(nc, Some(!processor)), wud()),
        ob("NC", "owner", and3(nc, Some(processor)), wud()),
    ]
}
