//! Issue 26 items 3 and 4, session 10 (world C): Singapore's assessment duty and the data
//! intermediary's notice — written from the texts read for the issue (quoted below), not from
//! the rule pack or the engine.
//!
//! * **SG assessment** PDPA s26C(2): "where an organisation has reason to believe that a data
//!   breach affecting personal data in its possession or under its control has occurred, the
//!   organisation must conduct, in a reasonable and expeditious manner, an assessment of
//!   whether the data breach is a notifiable data breach"; the PDPC's Advisory Guidelines on
//!   Key Concepts para 20.4: "organisations should generally do so within 30 calendar days"
//!   (the Breach Guide p.22 the same: "within 30 calendar days"). Part 6A applies to breaches
//!   from 1 February 2021 (Singapore date of `aware_at`). Due at the end of the 30th calendar
//!   day after the Singapore date of `aware_at` (day 0 = that date), +08:00. Required while the
//!   breach is not assessed (`risk` unknown); any assessed level (`unlikely`, `risk`, `high`)
//!   means the duty is done. Recovery does not remove it (R-C1: the assessment is what decides
//!   whether access was likely). A data intermediary does not assess (s26C(3)): the duty is
//!   the organisation's (`role: controller`).
//! * **SG intermediary** s26C(3)(a): a data intermediary "must, without undue delay, notify
//!   that other organisation of the occurrence of the data breach" — `role: processor`,
//!   without undue delay; data recovered before anyone viewed it is no breach to tell of
//!   (R-C2, the reading shared with the other processor notices).
//! * **SG Commission and individuals** (s26B, s26D, read again this session in verbatim
//!   quotations of the Singapore Statutes Online text): `round3`'s model of them, written from
//!   those sections in round 3, now also for data intermediaries and for every date: s26D(1)
//!   "Where an organisation assesses, in accordance with section 26C, that a data breach is a
//!   notifiable data breach, the organisation must notify the Commission" — the intermediary
//!   does not assess (s26C(3)), so neither notice is its duty (R-C3); before 1 February 2021
//!   Part 6A did not apply.
//! * **Scope** (R-SG2 of `round3`): an organisation established in Singapore; otherwise one
//!   with persons in Singapore (persons of `unknown` jurisdiction may be in Singapore).

use chrono::{Duration, FixedOffset, NaiveDate, TimeZone};
use mamori::breach::{AssessRequest, Role};

use super::round3::{Due3, Ob3, recovered, scope_country};

/// The modelled obligations (not in force = not required).
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let sgt = FixedOffset::east_opt(8 * 3600).unwrap();
    let day = req.incident.aware_at.with_timezone(&sgt).date_naive();
    let in_force = day >= NaiveDate::from_ymd_opt(2021, 2, 1).unwrap();
    let scope = scope_country(req, "SG");
    let live = |ok: bool, s| if ok { s } else { Some(false) };
    let and = |a: Option<bool>, b: bool| match a {
        Some(false) => Some(false),
        _ if !b => Some(false),
        a => a,
    };
    let controller = req.organisation.role == Role::Controller;
    let due = sgt
        .from_local_datetime(&(day + Duration::days(30)).and_hms_opt(23, 59, 59).unwrap())
        .unwrap();
    let mut out: Vec<Ob3> = super::round3::assess(req)
        .into_iter()
        .filter(|o| o.id == "sg.pdpa.commission" || o.id == "sg.pdpa.individuals")
        .map(|o| Ob3 {
            status: live(in_force && controller, o.status),
            ..o
        })
        .collect();
    out.extend([
        Ob3 {
            id: "sg.pdpa.assessment",
            status: live(in_force && controller, and(scope, req.data.risk.is_none())),
            due: Due3::Deadline(due),
        },
        Ob3 {
            id: "sg.pdpa.organisation",
            status: live(in_force && !controller, and(scope, !recovered(req))),
            due: Due3::WithoutUndueDelay,
        },
    ]);
    out
}
