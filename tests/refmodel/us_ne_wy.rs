//! Issue 26 item 4: the US jurisdictions whose texts were read for item 3 (Nebraska … Wyoming,
//! Puerto Rico, Guam, the Virgin Islands), as a table written from those texts — the sections
//! and their words are in `tests/breach_us_law_ne_wy.rs` and the rules' `basis`; here only what
//! the texts decide:
//!
//! * **Elements** (a name with …): the statute's definition, mapped to mamori's categories
//!   (`gov` SSN/licence/ID, `acct` account, `card`, `cred` user name or e-mail with password,
//!   `med`, `ins` health insurance, `bio`, `dna`, `other` for listed elements mamori has no
//!   category for — date of birth, digital signature, certificates, tax information). Where a
//!   text covers information giving access to a financial account (NC §75-61(10), SC
//!   §39-1-90(D)(3)(d), WI §134.98(1)(b)3.), credentials count (a banking login is a login).
//! * **Residents' clock**: calendar days after discovery, day 1 = the day after, end of day in
//!   the capital's zone (NM §57-12C-6, OH §1349.19(B)(2), OR §646A.604(3)(a), RI §11-49.3-4(a)(2)
//!   and TN §47-18-2107(b): 45) or "without unreasonable delay".
//! * **Regulator**: any number (NE §87-803(2), NH §359-C:20(I)(b), NJ §56:8-163(c)(1), NC
//!   §75-65(e1), VA §18.2-186.6(B), PR §4052), more than N (ND 250, OR 250, PA 500, RI 500, SC
//!   1,000, NM 1,000); the clock: NM §57-12C-10 and OR §646A.604(3)(a) 45 days, RI the residents'
//!   45 days (the pack's cautious reading of "without delaying notice to" them), PR "a
//!   non-extendable term of ten (10) days after the violation ... has been detected", else none.
//! * **Encryption**: the safe harbour holds everywhere here except Wyoming (§40-12-501: only
//!   redacted elements are excluded). Data recovered before anyone viewed it: not a breach.
//! * **Who notifies**: the owner; a processor tells the owner instead (NM 45 days §57-12C-6(B),
//!   OR 10 days §646A.604(2)(a), TN 45 days §47-18-2107(c), else immediately / as soon as
//!   practicable) — except RI
//!   (§11-49.3-4(a)(1): whoever "stores, owns, collects, processes, maintains" the data) and PR
//!   (§4052: "owner or custodian"), where the holder notifies the residents and the regulator.
//!   An Oregon vendor also tells the Attorney General itself above 250 consumers (§646A.604(2)(c),
//!   no period stated).
//!
//! Head counts are read by their bounds (R-US); persons keyed `unknown` may be residents.

use chrono::{DateTime, Duration, FixedOffset};
use chrono_tz::Tz;
use mamori::breach::{AssessRequest, Category, Role};

use super::round3::{
    Due3, Ob3, any_of, at_least_bounds, at_least_suspected, count, end_of_day_in, local_day, maybe,
};
use super::{and3, not3, unintelligible};

use Category::*;

/// One jurisdiction as the text reads.
pub struct State {
    pub code: &'static str,
    zone: &'static str,
    elements: &'static [Category],
    /// Residents: calendar days after discovery, or `None` (without unreasonable delay).
    res_days: Option<i64>,
    /// Regulator: (rule id suffix, more than N residents (`None` = any number), days).
    reg: Option<(&'static str, Option<u64>, Option<i64>)>,
    /// The processor's notice to the owner: days, or `None` (without unreasonable delay).
    owner_days: Option<i64>,
    encryption_harbour: bool,
    holder_notifies: bool,
    /// The processor's own notice to the Attorney General above N consumers (OR §646A.604(2)(c)).
    vendor_ag_more_than: Option<u64>,
}

const BASE: [Category; 3] = [GovernmentId, FinancialAccount, PaymentCard];

macro_rules! cats {
    ($($c:expr),*) => { &[GovernmentId, FinancialAccount, PaymentCard $(, $c)*] };
}

const fn st(
    code: &'static str,
    zone: &'static str,
    elements: &'static [Category],
    res_days: Option<i64>,
    reg: Option<(&'static str, Option<u64>, Option<i64>)>,
) -> State {
    State {
        code,
        zone,
        elements,
        res_days,
        reg,
        owner_days: None,
        encryption_harbour: true,
        holder_notifies: false,
        vendor_ag_more_than: None,
    }
}

const AG: &str = "attorney_general";
const REG: &str = "regulator";

pub const STATES: &[State] = &[
    st(
        "NE",
        "America/Chicago",
        cats!(Credentials, Biometric),
        None,
        Some((AG, None, None)),
    ),
    st(
        "NV",
        "America/Los_Angeles",
        cats!(Credentials, Health, HealthInsurance),
        None,
        None,
    ),
    st(
        "NH",
        "America/New_York",
        &BASE,
        None,
        Some((AG, None, None)),
    ),
    st(
        "NJ",
        "America/New_York",
        cats!(Credentials),
        None,
        Some((REG, None, None)),
    ),
    State {
        owner_days: Some(45),
        ..st(
            "NM",
            "America/Denver",
            cats!(Biometric),
            Some(45),
            Some((AG, Some(1000), Some(45))),
        )
    },
    st(
        "NC",
        "America/New_York",
        cats!(Credentials, Biometric, Other),
        None,
        Some((AG, None, None)),
    ),
    st(
        "ND",
        "America/Chicago",
        cats!(Health, HealthInsurance, Other),
        None,
        Some((AG, Some(250), None)),
    ),
    st("OH", "America/New_York", &BASE, Some(45), None),
    State {
        owner_days: Some(10),
        vendor_ag_more_than: Some(250),
        ..st(
            "OR",
            "America/Los_Angeles",
            cats!(Credentials, Health, HealthInsurance, Biometric),
            Some(45),
            Some((AG, Some(250), Some(45))),
        )
    },
    st(
        "PA",
        "America/New_York",
        cats!(Credentials, Health, HealthInsurance),
        None,
        Some((AG, Some(500), None)),
    ),
    State {
        holder_notifies: true,
        ..st(
            "RI",
            "America/New_York",
            cats!(Credentials, Health, HealthInsurance),
            Some(45),
            Some((AG, Some(500), Some(45))),
        )
    },
    st(
        "SC",
        "America/New_York",
        cats!(Credentials),
        None,
        Some((REG, Some(1000), None)),
    ),
    // Tenn. Code §47-18-2107(c): the maintainer's notice "no later than 45 days from the
    // discovery or notification of the breach" (read in round 6b, tests/breach_us_round6b.rs).
    State {
        owner_days: Some(45),
        ..st("TN", "America/Chicago", &BASE, Some(45), None)
    },
    st(
        "VA",
        "America/New_York",
        cats!(Health, HealthInsurance),
        None,
        Some((AG, None, None)),
    ),
    st("WV", "America/New_York", &BASE, None, None),
    st(
        "WI",
        "America/Chicago",
        cats!(Credentials, Biometric, Genetic),
        Some(45),
        None,
    ),
    State {
        encryption_harbour: false,
        ..st(
            "WY",
            "America/Denver",
            cats!(Credentials, Health, HealthInsurance, Biometric, Other),
            None,
            None,
        )
    },
    State {
        holder_notifies: true,
        ..st(
            "PR",
            "America/Puerto_Rico",
            cats!(Credentials, Health, Other),
            None,
            Some((REG, None, Some(10))),
        )
    },
    st("GU", "Pacific/Guam", &BASE, None, None),
    st("VI", "America/St_Thomas", &BASE, None, None),
];

/// The rule id `us-xx.<duty>` (interned once per id).
pub(super) fn id(code: &str, duty: &str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static IDS: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let name = format!("us-{}.{duty}", code.to_lowercase());
    let mut ids = IDS.get_or_init(Default::default).lock().unwrap();
    ids.entry(name.clone())
        .or_insert_with(|| Box::leak(name.into_boxed_str()))
}

pub(super) fn due(tz: Tz, at: DateTime<FixedOffset>, days: Option<i64>) -> Due3 {
    match days {
        Some(n) => Due3::Deadline(end_of_day_in(tz, local_day(tz, at) + Duration::days(n))),
        None => Due3::WithoutUndueDelay,
    }
}

/// Every modelled obligation of the table, for a controller or a processor.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let at = req.incident.aware_at;
    let processor = req.organisation.role == Role::Processor;
    let recovered = req.incident.recovered_unviewed == Some(true);
    let mut out = Vec::new();
    for s in STATES {
        let tz: Tz = s.zone.parse().unwrap();
        let key = format!("US-{}", s.code);
        let n = count(req, &key);
        // The scope ("persons > 0") reads a range by its upper bound, as round 3's does.
        let scope = maybe(req, n, |x| at_least_suspected(x, 1));
        let unenc = if s.encryption_harbour {
            not3(unintelligible(req.data.protection.as_ref()))
        } else {
            Some(true)
        };
        let breach = and3(and3(any_of(req, s.elements), unenc), Some(!recovered));
        // The owner (or, where the text says so, any holder) notifies residents and regulator.
        let duty_holder = Some(!processor || s.holder_notifies);
        out.push(Ob3 {
            id: id(s.code, "residents"),
            status: and3(and3(scope, breach), duty_holder),
            due: due(tz, at, s.res_days),
        });
        if let Some((rid, more_than, days)) = s.reg {
            let heads = match more_than {
                None => Some(true),
                Some(m) => maybe(req, n, |x| at_least_bounds(x, m + 1)),
            };
            out.push(Ob3 {
                id: id(s.code, rid),
                status: and3(and3(and3(scope, heads), breach), duty_holder),
                due: due(tz, at, days),
            });
        }
        if let Some(m) = s.vendor_ag_more_than {
            out.push(Ob3 {
                id: id(s.code, "vendor_attorney_general"),
                status: and3(
                    and3(
                        and3(scope, maybe(req, n, |x| at_least_bounds(x, m + 1))),
                        breach,
                    ),
                    Some(processor),
                ),
                due: Due3::WithoutUndueDelay,
            });
        }
        if !s.holder_notifies {
            out.push(Ob3 {
                id: id(s.code, "owner"),
                status: and3(and3(scope, breach), Some(processor)),
                due: due(tz, at, s.owner_days),
            });
        }
    }
    out
}
