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
//! * **CA** Cal. Civ. Code §1798.82(a) as amended by SB 446 (from 2026-01-01): "within 30
//!   calendar days of discovery or notification"; (h): ID numbers, account/card numbers, login
//!   credentials, medical, health-insurance, biometric and genetic data.
//! * **FL** Fla. Stat. §501.171(1)(g): SSN, driver's licence/passport/military ID, account or
//!   card number with a code, medical history, health-insurance numbers, user name or e-mail
//!   with password; (4)(a): "no later than 30 days after the determination of a breach".
//! * **IL** 815 ILCS 530/5: SSN, driver's licence/state ID, account or card number, medical,
//!   health-insurance, unique biometric data, user name or e-mail with password; 530/10(a): most
//!   expedient time possible; 530/10(e): Attorney General for "more than 500 Illinois
//!   residents", no later than the residents' notice.
//! * **MA** Mass. Gen. Laws ch. 93H §1: SSN, driver's licence/state ID, account or card number
//!   "with or without any required security code"; §3(b): "as soon as practicable and without
//!   unreasonable delay" to "the attorney general, the director of consumer affairs and
//!   business regulation and to such resident" (every breach).
//! * **FL** §501.171(3)(a): the Department of Legal Affairs for a breach "affecting 500 or more
//!   individuals in this state", "no later than 30 days after the determination".
//! * **IN** Ind. Code §24-4.9-2-10: SSN alone; with a name a driver's licence/state ID, credit card
//!   number, account or debit card number with a code; data an adult-oriented website collects
//!   for age verification (mamori `other`); §24-4.9-3-1(c): the Attorney General whenever
//!   residents are told; §24-4.9-3-3(a): "not more than forty-five (45) days after the
//!   discovery".
//! * **CT** Conn. Gen. Stat. §36a-701b(a)(2) (P.A. 21-59): ID numbers, card and account numbers,
//!   medical, health-insurance and biometric data, online credentials; precise geolocation since
//!   2023 (`other`); (b)(1): "not later than sixty days after the discovery"; (b)(2): the
//!   Attorney General "not later than the time notice is provided to the residents".
//! * **DC** D.C. Code §28-3851: ID numbers, account/card numbers, medical, genetic,
//!   health-insurance and biometric data, online credentials; §28-3852(a): most expedient time
//!   possible.
//! * **LA** La. R.S. 51:3074(C), (E): "not later than sixty days from the discovery"; elements
//!   incl. passport number and biometric data.
//! * **MD** Md. Com. Law §14-3504(b)(3): "not later than 45 days after the business discovers
//!   or is notified"; elements incl. health, health-insurance, biometric and genetic data,
//!   online credentials.
//! * **ID** Idaho Code §28-51-104/105: SSN, driver's licence/Idaho ID, account or card number
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
    Other, PaymentCard,
};

/// One state: its key, residents' rule id, capital's zone, further elements, residents' deadline in
/// calendar days after the local day of awareness (`None` = without unreasonable delay), and
/// its regulator notice where the text read sets one.
pub struct State {
    pub key: &'static str,
    pub residents: &'static str,
    zone: &'static str,
    /// Elements besides the SSN / government ID, account and card numbers every state lists.
    extra: &'static [Category],
    days: Option<i64>,
    pub ag: Option<Ag>,
}

/// A regulator notice: rule id, head count that triggers it and deadline.
pub struct Ag {
    id: &'static str,
    /// The least head count that triggers it ("more than 500" is 501, "500 or more" 500);
    /// `None`: every breach that must be notified to residents.
    at_least: Option<u64>,
    /// Calendar days after the local day of awareness; `None`: without unreasonable delay (or
    /// "not later than the residents' notice", which has no fixed period).
    days: Option<i64>,
}

const fn ag(id: &'static str, at_least: Option<u64>, days: Option<i64>) -> Option<Ag> {
    Some(Ag { id, at_least, days })
}

const FIN: [Category; 3] = [GovernmentId, FinancialAccount, PaymentCard];

pub const STATES: &[State] = &[
    State {
        key: "US-AL",
        residents: "us-al.residents",
        zone: "America/Chicago",
        extra: &[Credentials, Health, HealthInsurance],
        days: Some(45),
        ag: ag("us-al.attorney_general", Some(1001), Some(45)),
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
        ag: ag("us-ar.attorney_general", Some(1001), Some(45)),
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
    // Round 3 models California's Attorney-General notice (15 days after this one).
    State {
        key: "US-CA",
        residents: "us-ca.residents",
        zone: "America/Los_Angeles",
        extra: &[Credentials, Health, HealthInsurance, Biometric, Genetic],
        days: Some(30),
        ag: None,
    },
    State {
        key: "US-FL",
        residents: "us-fl.residents",
        zone: "America/New_York",
        extra: &[Credentials, Health, HealthInsurance],
        days: Some(30),
        ag: ag("us-fl.attorney_general", Some(500), Some(30)),
    },
    State {
        key: "US-IL",
        residents: "us-il.residents",
        zone: "America/Chicago",
        extra: &[Credentials, Health, HealthInsurance, Biometric],
        days: None,
        ag: ag("us-il.attorney_general", Some(501), None),
    },
    State {
        key: "US-MA",
        residents: "us-ma.residents",
        zone: "America/New_York",
        extra: &[],
        days: None,
        ag: ag("us-ma.attorney_general", None, None),
    },
    State {
        key: "US-IN",
        residents: "us-in.residents",
        zone: "America/Indiana/Indianapolis",
        extra: &[Other],
        days: Some(45),
        ag: ag("us-in.attorney_general", None, Some(45)),
    },
    State {
        key: "US-CT",
        residents: "us-ct.residents",
        zone: "America/New_York",
        extra: &[Credentials, Health, HealthInsurance, Biometric, Other],
        days: Some(60),
        ag: ag("us-ct.attorney_general", None, Some(60)),
    },
    State {
        key: "US-DC",
        residents: "us-dc.residents",
        zone: "America/New_York",
        extra: &[Credentials, Health, HealthInsurance, Biometric, Genetic],
        days: None,
        ag: None,
    },
    // Round 3 models Louisiana's Attorney-General notice (10 days after this one).
    State {
        key: "US-LA",
        residents: "us-la.residents",
        zone: "America/Chicago",
        extra: &[Biometric],
        days: Some(60),
        ag: None,
    },
    State {
        key: "US-MD",
        residents: "us-md.residents",
        zone: "America/New_York",
        extra: &[Credentials, Health, HealthInsurance, Biometric, Genetic],
        days: Some(45),
        ag: None,
    },
    State {
        key: "US-ID",
        residents: "us-id.residents",
        zone: "America/Boise",
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
        if let Some(ag) = &st.ag {
            let status = match ag.at_least {
                None => residents,
                Some(n) => {
                    let over = maybe(req, count(req, st.key), |s| at_least_bounds(s, n));
                    and3(and3(over, elements), exempt_free)
                }
            };
            out.push(Ob3 {
                id: ag.id,
                status,
                due: ag.days.map_or(Due3::WithoutUndueDelay, due_in),
            });
        }
    }
    out
}
