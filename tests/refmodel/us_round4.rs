//! Issue 26 item 4, fourth reading: the US rules confirmed from the texts read in
//! `tests/breach_us_round4.rs` (sections and words there and in the rules' `basis`), as a table
//! written from those texts:
//!
//! * **Texas** Bus. & Com. Code §521.053(i) (S.B. 768): "A person who is required to disclose or
//!   provide notification of a breach of system security under this section shall notify the
//!   attorney general ... not later than the 30th day after the date on which the person
//!   determines that the breach occurred if the breach involves at least 250 residents" — the
//!   owner and the processor (which must notify the owner under (c)) alike; elements of
//!   §521.002(a)(2) (SSN, licence or government ID, account/card number, health information).
//! * **Vermont** 9 V.S.A. §2435(b)(1): the owner notifies consumers "not later than 45 days after
//!   the discovery"; (b)(2): a data collector maintaining data it does not own notifies the owner
//!   "immediately following discovery"; elements of §2430 incl. login credentials, biometric,
//!   genetic, health and health-insurance data.
//! * **South Dakota** §22-40-20: residents "not later than sixty days from the discovery"; the
//!   Attorney General for a breach "that exceeds two hundred fifty residents" (no period stated:
//!   the residents' 60 days); §22-40-19: elements incl. health information under 45 CFR 160.103
//!   (health insurance too), biometric data, user name or e-mail with password.
//!
//! * **New York** Gen. Bus. Law §899-aa(8)(a): "In the event that any New York residents are to
//!   be notified, the person or business shall notify the state attorney general ..." — any
//!   number, "without delaying notice to affected New York residents" (the residents' 30 days of
//!   §899-aa(2) as amended by S2659-B); (3): the maintainer notifies the owner "immediately
//!   following discovery"; elements of (1)(b) incl. biometric data and user name or e-mail with
//!   password (medical and health-insurance data since the 2024 amendment).
//! * **Mississippi** §75-24-29(1): the section "applies to any person who ... owns, licenses or
//!   maintains personal information" — the holder notifies the residents, "without unreasonable
//!   delay" (3); elements of (2)(b): SSN, licence or state/tribal ID, account or card number.
//! * **Minnesota** §325E.61 subd. 1(b) and **New Jersey** §56:8-163(b): the maintainer notifies
//!   the owner (elements: MN subd. 1(e) SSN, licence, account/card; NJ adds user name or e-mail
//!   with password).
//!
//! Encryption: every text here excludes encrypted data whose key was not acquired (§521.053(a),
//! §2430, §22-40-19(1)). Data recovered before anyone viewed it: not a breach. Head counts are
//! read by their bounds (a range across a threshold is undetermined).

use mamori::breach::{AssessRequest, Category, Role};

use super::round3::{Ob3, any_of, at_least_bounds, at_least_suspected, count, maybe};
use super::us_ne_wy::{due, id};
use super::{and3, not3, unintelligible};

use Category::*;

/// One jurisdiction as the texts read.
pub struct State {
    pub code: &'static str,
    pub(super) zone: &'static str,
    pub(super) elements: &'static [Category],
    /// Residents: calendar days after discovery (`Some(None)`: without unreasonable delay;
    /// `None`: not modelled here).
    pub(super) res_days: Option<Option<i64>>,
    /// Whoever holds the data notifies the residents (a processor too).
    pub(super) holder_notifies: bool,
    /// Attorney General: at least N residents (`None`: any number), days, and whether a
    /// processor notifies too.
    pub(super) ag: Option<(Option<u64>, Option<i64>, bool)>,
    /// The processor's notice to the owner is modelled (its clause was read).
    pub(super) owner: bool,
}

/// SSN or government ID, account number, card number, then the state's own elements.
macro_rules! elements {
    ($($c:expr),*) => { &[GovernmentId, FinancialAccount, PaymentCard $(, $c)*] };
}
pub(super) use elements;

pub(super) const fn state(
    code: &'static str,
    zone: &'static str,
    elements: &'static [Category],
) -> State {
    State {
        code,
        zone,
        elements,
        res_days: None,
        holder_notifies: false,
        ag: None,
        owner: false,
    }
}

pub const STATES: &[State] = &[
    State {
        ag: Some((Some(250), Some(30), true)),
        ..state("TX", "America/Chicago", elements!(Health, HealthInsurance))
    },
    State {
        res_days: Some(Some(45)),
        owner: true,
        ..state(
            "VT",
            "America/New_York",
            elements!(Credentials, Health, HealthInsurance, Biometric, Genetic),
        )
    },
    State {
        res_days: Some(Some(60)),
        ag: Some((Some(251), Some(60), false)),
        ..state(
            "SD",
            "America/Chicago",
            elements!(Credentials, Health, HealthInsurance, Biometric),
        )
    },
    State {
        ag: Some((None, Some(30), false)),
        owner: true,
        ..state(
            "NY",
            "America/New_York",
            elements!(Credentials, Health, HealthInsurance, Biometric),
        )
    },
    State {
        res_days: Some(None),
        holder_notifies: true,
        ..state("MS", "America/Chicago", elements!())
    },
    State {
        owner: true,
        ..state("MN", "America/Chicago", elements!())
    },
    State {
        owner: true,
        ..state("NJ", "America/New_York", elements!(Credentials))
    },
];

/// Every modelled obligation of the table, for a controller or a processor.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    assess_table(req, STATES)
}

/// Every modelled obligation of `states` (this reading's table or a later one's).
pub(super) fn assess_table(req: &AssessRequest, states: &'static [State]) -> Vec<Ob3> {
    let processor = req.organisation.role == Role::Processor;
    let not_recovered = Some(req.incident.recovered_unviewed != Some(true));
    let unencrypted = not3(unintelligible(req.data.protection.as_ref()));
    states
        .iter()
        .flat_map(|s| {
            let n = count(req, &format!("US-{}", s.code));
            let affected = and3(
                maybe(req, n, |x| at_least_suspected(x, 1)),
                and3(and3(any_of(req, s.elements), unencrypted), not_recovered),
            );
            // (duty, who must give it, extra condition, days)
            let mut duties: Vec<(&str, bool, Option<bool>, Option<i64>)> = Vec::new();
            if let Some(days) = s.res_days {
                duties.push((
                    "residents",
                    s.holder_notifies || !processor,
                    Some(true),
                    days,
                ));
            }
            if let Some((at_least, days, processor_too)) = s.ag {
                let heads =
                    at_least.map_or(Some(true), |m| maybe(req, n, |x| at_least_bounds(x, m)));
                duties.push(("attorney_general", processor_too || !processor, heads, days));
            }
            if s.owner {
                duties.push(("owner", processor, Some(true), None));
            }
            let tz: chrono_tz::Tz = s.zone.parse().unwrap();
            duties
                .into_iter()
                .map(move |(duty, bound, extra, days)| Ob3 {
                    id: id(s.code, duty),
                    status: and3(and3(affected, extra), Some(bound)),
                    due: due(tz, req.incident.aware_at, days),
                })
        })
        .collect()
}
