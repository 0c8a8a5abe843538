//! Issue 26 item 4, round 6c: the New York DFS notice, written from the texts read for
//! `tests/breach_us_round6c.rs` (not from the rule pack):
//!
//! * **23 NYCRR 500.17(a)(1)** (as amended 2023-11-01): each covered entity notifies the
//!   superintendent "as promptly as possible but in no event later than 72 hours after
//!   determining that a cybersecurity incident has occurred" — counted here from `aware_at`, the
//!   earliest moment a determination can be made (R-DFS1).
//! * **500.1(g)**: a cybersecurity incident is a cybersecurity event that "(1) impacts the
//!   covered entity and requires the covered entity to notify any government body ...; (2) has a
//!   reasonable likelihood of materially harming any material part of the normal operation(s)
//!   ...; or (3) results in the deployment of ransomware". A request cannot say which notices
//!   another law requires, so (1) is read as: persons of any jurisdiction (any key, `unknown`
//!   included, a range whose maximum is above 0 suffices) AND data of a kind the breach laws
//!   name — SSN or other government ID (My Number too), account or card number, credentials,
//!   health or health-insurance data, biometric data (R-DFS2). (3) is read as any malware
//!   incident (R-DFS3); (2) has no fact and is not modelled.
//! * Only an entity that declares itself covered (`organisation.nydfs_covered = true`) is
//!   assessed; no encryption or processor exemption (the definition does not depend on them);
//!   data recovered before anyone viewed it is no event to report.

use chrono::Duration;
use mamori::breach::{AssessRequest, Category, IncidentKind};

use super::round3::{Due3, Ob3, any_of, at_least_suspected, recovered};
use super::{and3, or3, sum_where};

use Category::*;

/// The kinds of data a breach notice to a government body is about (R-DFS2): identifiers and
/// account data, then credentials, health and biometric data.
const IDS_AND_ACCOUNTS: &[Category] = &[GovernmentId, MyNumber, FinancialAccount, PaymentCard];
const OTHER_NOTIFIABLE: &[Category] = &[Credentials, Health, HealthInsurance, Biometric];

/// `us-ny.dfs` for one request.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let covered = req.organisation.nydfs_covered == Some(true);
    let persons = sum_where(req, |_| true);
    let notifiable = or3(any_of(req, IDS_AND_ACCOUNTS), any_of(req, OTHER_NOTIFIABLE));
    let government = and3(at_least_suspected(persons, 1), notifiable);
    let ransomware = Some(req.incident.kind == IncidentKind::Malware);
    let incident = or3(government, ransomware);
    let status = if covered && !recovered(req) {
        incident
    } else {
        Some(false)
    };
    vec![Ob3 {
        id: "us-ny.dfs",
        status,
        due: Due3::Deadline(req.incident.aware_at + Duration::hours(72)),
    }]
}
