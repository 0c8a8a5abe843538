//! The US jurisdictions A–M whose statute text was read in issue 26 (item 4): a table of each
//! state's personal-information elements, residents' deadline and Attorney-General threshold,
//! written from the sections read (not from the rule pack), for a controller's data.
//!
//! * **AL** Ala. Code §8-38-2(6) elements (SSN/tax ID, government ID numbers, account number
//!   with a code, medical and health-insurance information, username or email with password);
//!   §8-38-5(b): within 45 days; §8-38-6(a): Attorney General if the number notified "exceeds
//!   1,000", within 45 days.
//! * **AK** Alaska Stat. §45.48.090(7): SSN, driver's licence/state ID, account or card number
//!   (with a code where one is required), passwords/PINs/access codes for financial accounts;
//!   §45.48.010(b): "in the most expeditious time possible and without unreasonable delay".
//! * **AR** Ark. Code §4-110-103(7): SSN, driver's licence/state ID, account or card number with
//!   a code, medical information, biometric data; §4-110-105(a)(2): most expedient time;
//!   §4-110-105(b)(2): Attorney General for more than 1,000, within 45 days at the latest.
//! * **DE** Del. Code tit. 6 §12B-101(7): incl. passport, username/email with password, medical
//!   history or DNA profile, health-insurance numbers, biometric data, taxpayer ID;
//!   §12B-102(c): not later than 60 days after determination.
//! * **GA** Ga. Code §10-1-911(6): SSN, driver's licence/state ID, account or card number, account
//!   passwords/PINs/access codes; §10-1-912(a): most expedient time possible.
//! * **HI** Haw. Rev. Stat. §487N-1: SSN, driver's licence/Hawaii ID, "account number, credit or
//!   debit card number, access code, or password that would permit access to an individual's
//!   financial account"; §487N-2(a): without unreasonable delay.
//! * **IA** Iowa Code §715C.1(11): SSN, government ID numbers, account or card number with a code,
//!   a unique electronic identifier or routing code with its password, unique biometric data;
//!   §715C.2(1): most expeditious manner possible.
//! * **KS** Kan. Stat. §50-7a01: SSN, driver's licence/state ID, account or card number;
//!   §50-7a02(a): most expedient time possible.
//! * **KY** Ky. Rev. Stat. §365.732(1)(c): SSN, driver's licence number, account or card number
//!   with a code; §365.732(2): most expedient time possible.
//! * **MN** Minn. Stat. §325E.61 subd. 1: SSN, driver's licence/state ID, account or card number
//!   with a code; most expedient time possible.
//!
//! mamori's categories are coarser than the statutes' elements: `government_id` stands for every
//! government number, `credentials` for any login (a financial-account password counts where
//! the statute lists one: AK, GA, HI, IA), `health` for medical information, `genetic` for a DNA
//! profile. Every notice is exempt for data recovered unviewed or unintelligible (a recognised
//! algorithm with the key kept separately; each text excepts encrypted data whose key was not
//! acquired). Head counts read by their bounds (R-US); persons of `unknown` jurisdiction may be
//! residents of any of these states.

use chrono::Duration;
use chrono_tz::Tz;
use mamori::breach::{AssessRequest, Category};

use super::round3::{
    Due3, Ob3, any_of, at_least_bounds, at_least_suspected, count, end_of_day_in, local_day, maybe,
    recovered,
};
use super::{and3, not3, or3, unintelligible};

use Category::{
    Biometric, Credentials, FinancialAccount, Genetic, GovernmentId, Health, HealthInsurance,
    PaymentCard,
};

/// One state: its key, residents' rule id, capital's zone, further elements, residents' deadline in
/// calendar days after the local day of awareness (`None` = without unreasonable delay), and
/// its Attorney-General rule (id, "more than N", days) where the text read sets one.
pub struct State {
    pub key: &'static str,
    pub residents: &'static str,
    zone: &'static str,
    /// Elements besides the SSN / government ID, account and card numbers every state lists.
    extra: &'static [Category],
    days: Option<i64>,
    pub ag: Option<(&'static str, u64, i64)>,
}

const FIN: [Category; 3] = [GovernmentId, FinancialAccount, PaymentCard];

pub const STATES: &[State] = &[
    State {
        key: "US-AL",
        residents: "us-al.residents",
        zone: "America/Chicago",
        extra: &[Credentials, Health, HealthInsurance],
        days: Some(45),
        ag: Some(("us-al.attorney_general", 1000, 45)),
    },
    State {
        key: "US-AK",
        residents: "us-ak.residents",
        zone: "America/Juneau",
        extra: &[Credentials],
        days: None,
        ag: None,
    },
    State {
        key: "US-AR",
        residents: "us-ar.residents",
        zone: "America/Chicago",
        extra: &[Health, Biometric],
        days: None,
        ag: Some(("us-ar.attorney_general", 1000, 45)),
    },
    State {
        key: "US-DE",
        residents: "us-de.residents",
        zone: "America/New_York",
        extra: &[Credentials, Health, HealthInsurance, Biometric, Genetic],
        days: Some(60),
        ag: None,
    },
    State {
        key: "US-GA",
        residents: "us-ga.residents",
        zone: "America/New_York",
        extra: &[Credentials],
        days: None,
        ag: None,
    },
    State {
        key: "US-HI",
        residents: "us-hi.residents",
        zone: "Pacific/Honolulu",
        extra: &[Credentials],
        days: None,
        ag: None,
    },
    State {
        key: "US-IA",
        residents: "us-ia.residents",
        zone: "America/Chicago",
        extra: &[Credentials, Biometric],
        days: None,
        ag: None,
    },
    State {
        key: "US-KS",
        residents: "us-ks.residents",
        zone: "America/Chicago",
        extra: &[],
        days: None,
        ag: None,
    },
    State {
        key: "US-KY",
        residents: "us-ky.residents",
        zone: "America/New_York",
        extra: &[],
        days: None,
        ag: None,
    },
    State {
        key: "US-MN",
        residents: "us-mn.residents",
        zone: "America/Chicago",
        extra: &[],
        days: None,
        ag: None,
    },
];

/// The residents' notice and Attorney-General notice of every state in [`STATES`].
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let at = req.incident.aware_at;
    let exempt_free = and3(
        Some(!recovered(req)),
        not3(unintelligible(req.data.protection.as_ref())),
    );
    let mut out = Vec::new();
    for st in STATES {
        let tz: Tz = st.zone.parse().unwrap();
        let due_in =
            |days: i64| Due3::Deadline(end_of_day_in(tz, local_day(tz, at) + Duration::days(days)));
        let scope = maybe(req, count(req, st.key), |s| at_least_suspected(s, 1));
        let elements = or3(any_of(req, &FIN), any_of(req, st.extra));
        let residents = and3(and3(scope, elements), exempt_free);
        out.push(Ob3 {
            id: st.residents,
            status: residents,
            due: st.days.map_or(Due3::WithoutUndueDelay, due_in),
        });
        if let Some((id, more_than, days)) = st.ag {
            let over = maybe(req, count(req, st.key), |s| {
                at_least_bounds(s, more_than + 1)
            });
            out.push(Ob3 {
                id,
                status: and3(and3(over, elements), exempt_free),
                due: due_in(days),
            });
        }
    }
    out
}
