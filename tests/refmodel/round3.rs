//! Round 3 (issue 26): Singapore, the Philippines, Korea, Texas and the US Attorney-General
//! notices whose clock runs from the notice to residents — written from the texts read for the
//! issue (quoted below), not from the rule pack or the engine.
//!
//! * **SG** PDPA s26B(1): notifiable if it "results in, or is likely to result in, significant
//!   harm" or "is, or is likely to be, of a significant scale"; s26B(2) "Without limiting
//!   subsection (1)(a)" deems harm for prescribed data; s26B(3)(a) scale = "not fewer than the
//!   prescribed number of affected individuals" (500, reg. 4) — every affected individual of an
//!   organisation in Singapore, whatever their country (R-SG1); an organisation elsewhere counts
//!   persons in Singapore (R-SG2). Significant harm: `risk: high`, sensitive data, financial
//!   data, health-insurance data (Schedule Part 1, the pack's reading, R-SG3). PDPC: 3 days after
//!   the assessment day (s26D(1); `aware_at` when no assessment date), +08:00. Individuals: harm
//!   only (s26D(2)), not when a prior technological measure (strong encryption) applies
//!   (s26D(5)(b)).
//! * **PH** NPC Circular 16-03 s11: sensitive or identity-fraud data ("data about the financial
//!   or economic situation …; usernames, passwords and other login data; biometric data; copies
//!   of identification documents … or unique identifiers like Philhealth, SSS, GSIS, TIN"),
//!   acquisition, and a real risk of serious harm (`risk` of `risk` or `high`); NPC within 72 h.
//! * **KR** PIPA Enforcement Decree Art. 18(3): biometric data generated to identify a specific
//!   person is 민감정보; Art. 40(1): PIPC/KISA within 72 h for 1,000 or more persons, sensitive
//!   or unique-identifier data, or unlawful external access (hacking, malware).
//! * **TX** §521.002(a)(2): SSN, driver's licence/government ID, account/card number (with any
//!   required code), or health information (payment for health care included, so health
//!   insurance); no login credentials, no biometric data. §521.053(b): at most 60 days after the
//!   determination (America/Chicago).
//! * **Relative deadlines** (R-REL): CA AG (from 2026, SB 446) 15 calendar days after notifying
//!   consumers (residents: 30 calendar days); LA AG (LAC 16:III §701(B)) 10 days after the notice
//!   to residents (residents: 60 days); OK AG (SB 626, from 2026) 60 days after the residents'
//!   notice (no fixed period for residents); IA AG (§715C.2(8)) 5 business days after it
//!   (weekends skipped) for "a security breach that affects at least 500 Iowa residents" (the
//!   Iowa Attorney General's page; R-IA: 500 counts, and login credentials are an element). The latest instant is the end of day N (in the state's time) counted
//!   from the day the residents were notified (`incident.done`), or, while they are not, from
//!   the residents' own deadline; none when that has no fixed period.
//! * **US head counts** (R-US): "more than 500" etc. hold when the lower bound does, fail when
//!   the upper bound does not reach, and are undetermined for a range across the threshold.
//!
//! The generator keeps every request a controller's (a processor's duties are not modelled
//! here) and US data unencrypted or AES with a known or unknown key status.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Weekday};
use chrono_tz::Tz;
use mamori::breach::{AssessRequest, Category, IncidentKind, RiskLevel};

use super::{Span, Tri, and3, not3, or3, plus, span_of, strongly_encrypted, unintelligible};

/// When a modelled obligation is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due3 {
    Deadline(DateTime<FixedOffset>),
    WithoutUndueDelay,
    /// N days after `obligation` is done; the latest instant (none if unknown).
    After {
        obligation: &'static str,
        days: u32,
        latest: Option<DateTime<FixedOffset>>,
    },
}

/// One modelled obligation: id, status (tri: required / not required / possible) and due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ob3 {
    pub id: &'static str,
    pub status: Tri,
    pub due: Due3,
}

pub(super) fn has(req: &AssessRequest, c: Category) -> Tri {
    match &req.data.categories {
        Some(l) => Some(l.contains(&c)),
        // No list: a `false` shorthand rules out what it covers; the rest is unknown.
        None => {
            let sens = matches!(
                c,
                Category::Health | Category::Genetic | Category::SpecialCategory
            );
            let fin = matches!(
                c,
                Category::PaymentCard | Category::FinancialAccount | Category::Credentials
            );
            if (sens && req.data.sensitive == Some(false))
                || (fin && req.data.financial_risk == Some(false))
            {
                Some(false)
            } else {
                None
            }
        }
    }
}

/// Kleene "or" over a list (true wins, all false = false, else unknown).
fn any3(ts: impl IntoIterator<Item = Tri>) -> Tri {
    let mut acc = Some(false);
    for t in ts {
        acc = or3(acc, t);
    }
    acc
}

pub(super) fn any_of(req: &AssessRequest, cs: &[Category]) -> Tri {
    any3(cs.iter().map(|c| has(req, *c)))
}

pub(super) fn count(req: &AssessRequest, key: &str) -> Span {
    span_of(
        req.data
            .persons
            .get(key)
            .copied()
            .unwrap_or(Some(mamori::breach::Count::Exact(0))),
    )
}

fn all_persons(req: &AssessRequest) -> Span {
    req.data
        .persons
        .values()
        .fold(Span { lo: 0, hi: Some(0) }, |a, c| plus(a, span_of(*c)))
}

/// `s >= n` read as a suspected case (upper bound suffices), as SG/KR/PH count.
pub(super) fn at_least_suspected(s: Span, n: u64) -> Tri {
    if s.lo >= n {
        return Some(true);
    }
    s.hi.map(|h| h >= n)
}

/// `s >= n` read by the bounds only (R-US).
pub(super) fn at_least_bounds(s: Span, n: u64) -> Tri {
    if s.lo >= n {
        Some(true)
    } else if s.hi.is_some_and(|h| h < n) {
        Some(false)
    } else {
        None
    }
}

/// A count predicate where persons of `unknown` jurisdiction may also belong: decided only
/// when it is decided the same way without and with them.
pub(super) fn maybe(req: &AssessRequest, s: Span, f: impl Fn(Span) -> Tri) -> Tri {
    let without = f(s);
    match req.data.persons.get("unknown") {
        None => without,
        Some(u) => {
            let with = f(plus(s, span_of(*u)));
            if with == without { without } else { None }
        }
    }
}

pub(super) fn established(req: &AssessRequest, c: &str) -> bool {
    req.organisation.established_in.iter().any(|e| e == c)
}

pub(super) fn risk_in(req: &AssessRequest, levels: &[RiskLevel]) -> Tri {
    req.data.risk.map(|r| levels.contains(&r))
}

/// Common exemption: recovered before anyone viewed it (unknown = not recovered).
pub(super) fn recovered(req: &AssessRequest) -> bool {
    req.incident.recovered_unviewed == Some(true)
}

pub(super) fn scope_country(req: &AssessRequest, c: &str) -> Tri {
    if established(req, c) {
        return Some(true);
    }
    maybe(req, count(req, c), |s| at_least_suspected(s, 1))
}

pub(super) fn end_of_day_in(tz: Tz, d: NaiveDate) -> DateTime<FixedOffset> {
    tz.from_local_datetime(&d.and_hms_opt(23, 59, 59).unwrap())
        .earliest()
        .unwrap()
        .fixed_offset()
}

pub(super) fn local_day(tz: Tz, t: DateTime<FixedOffset>) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

fn plus_business(d: NaiveDate, n: u32) -> NaiveDate {
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

fn sensitive(req: &AssessRequest) -> Tri {
    super::sensitive(req)
}

fn financial(req: &AssessRequest) -> Tri {
    super::financial(req)
}

/// Singapore, PH, KR, TX and the four relative AG notices, for a controller.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let at = req.incident.aware_at;
    let mut out = Vec::new();
    let not_recovered = Some(!recovered(req));

    // --- Singapore ---
    let sg_scope = scope_country(req, "SG");
    let scale = if established(req, "SG") {
        at_least_suspected(all_persons(req), 500)
    } else {
        maybe(req, count(req, "SG"), |s| at_least_suspected(s, 500))
    };
    let harm = any3([
        risk_in(req, &[RiskLevel::High]),
        sensitive(req),
        financial(req),
        has(req, Category::HealthInsurance),
    ]);
    let sg_tz: Tz = "Asia/Singapore".parse().unwrap();
    let sg_day = local_day(sg_tz, req.incident.assessed_at.unwrap_or(at));
    out.push(Ob3 {
        id: "sg.pdpa.commission",
        status: and3(and3(sg_scope, or3(scale, harm)), not_recovered),
        due: Due3::Deadline(
            FixedOffset::east_opt(8 * 3600)
                .unwrap()
                .from_local_datetime(
                    &(sg_day + Duration::days(3))
                        .and_hms_opt(23, 59, 59)
                        .unwrap(),
                )
                .unwrap(),
        ),
    });
    out.push(Ob3 {
        id: "sg.pdpa.individuals",
        status: and3(
            and3(sg_scope, harm),
            and3(
                not_recovered,
                not3(strongly_encrypted(req.data.protection.as_ref())),
            ),
        ),
        due: Due3::WithoutUndueDelay,
    });

    // --- Philippines ---
    let serious = risk_in(req, &[RiskLevel::Risk, RiskLevel::High]);
    let fraud = or3(
        financial(req),
        any_of(
            req,
            &[
                Category::GovernmentId,
                Category::Biometric,
                Category::HealthInsurance,
            ],
        ),
    );
    out.push(Ob3 {
        id: "ph.dpa.npc",
        status: and3(
            and3(
                scope_country(req, "PH"),
                and3(or3(sensitive(req), fraud), serious),
            ),
            not_recovered,
        ),
        due: Due3::Deadline(at + Duration::hours(72)),
    });

    // --- Korea (the 2023 and 2026 versions share trigger and clock) ---
    let kr_trig = any3([
        maybe(req, count(req, "KR"), |s| at_least_suspected(s, 1000)),
        sensitive(req),
        any_of(
            req,
            &[
                Category::GovernmentId,
                Category::SpecialCategory,
                Category::Biometric,
            ],
        ),
        Some(matches!(
            req.incident.kind,
            IncidentKind::UnauthorizedAccess | IncidentKind::Malware
        )),
    ]);
    out.push(Ob3 {
        id: "kr.pipa.regulator",
        status: and3(and3(scope_country(req, "KR"), kr_trig), not_recovered),
        due: Due3::Deadline(at + Duration::hours(72)),
    });

    // --- United States ---
    let chicago: Tz = "America/Chicago".parse().unwrap();
    let la: Tz = "America/Los_Angeles".parse().unwrap();
    let unenc = and3(
        not_recovered,
        not3(unintelligible(req.data.protection.as_ref())),
    );
    let us_scope = |k: &str| maybe(req, count(req, k), |s| at_least_suspected(s, 1));
    let ssn_fin = [
        Category::GovernmentId,
        Category::FinancialAccount,
        Category::PaymentCard,
    ];
    let tx_elems = or3(
        any_of(req, &ssn_fin),
        any_of(req, &[Category::Health, Category::HealthInsurance]),
    );
    out.push(Ob3 {
        id: "us-tx.residents",
        status: and3(and3(us_scope("US-TX"), tx_elems), unenc),
        due: Due3::Deadline(end_of_day_in(
            chicago,
            local_day(chicago, at) + Duration::days(60),
        )),
    });

    // R-REL: the latest instant of "N days after the residents' notice".
    let after = |res: &'static str,
                 tz: Tz,
                 days: u32,
                 business: bool,
                 res_deadline: Option<DateTime<FixedOffset>>| {
        let from = req.incident.done.get(res).copied().or(res_deadline);
        let latest = from.map(|f| {
            let d = local_day(tz, f);
            let last = if business {
                plus_business(d, days)
            } else {
                d + Duration::days(i64::from(days))
            };
            end_of_day_in(tz, last)
        });
        Due3::After {
            obligation: res,
            days,
            latest,
        }
    };
    // §1798.82(h): ID numbers, account/card numbers, login credentials, medical, insurance,
    // biometric and genetic data.
    use Category::*;
    let ca_elems = any_of(
        req,
        &[
            GovernmentId,
            FinancialAccount,
            PaymentCard,
            Credentials,
            Health,
            HealthInsurance,
            Biometric,
            Genetic,
        ],
    );
    let ca_res = end_of_day_in(la, local_day(la, at) + Duration::days(30));
    out.push(Ob3 {
        id: "us-ca.attorney_general",
        status: and3(
            and3(
                us_scope("US-CA"),
                and3(
                    maybe(req, count(req, "US-CA"), |s| at_least_bounds(s, 501)),
                    ca_elems,
                ),
            ),
            unenc,
        ),
        due: after("us-ca.residents", la, 15, false, Some(ca_res)),
    });
    let la_elems = or3(any_of(req, &ssn_fin), has(req, Category::Biometric));
    let la_res = end_of_day_in(chicago, local_day(chicago, at) + Duration::days(60));
    out.push(Ob3 {
        id: "us-la.attorney_general",
        status: and3(and3(us_scope("US-LA"), la_elems), unenc),
        due: after("us-la.residents", chicago, 10, false, Some(la_res)),
    });
    // Iowa (§715C.1 as quoted; R-IA): a unique electronic identifier or routing code with the
    // password that opens a financial account is an element, so login credentials count.
    let ia_elems = or3(la_elems, has(req, Category::Credentials));
    // SB 626 also adds "a unique electronic identifier or routing code in combination with any
    // required security code, access code, or password that would permit access to an
    // individual's financial account" (quoted at insideprivacy.com): a login counts in Oklahoma.
    let ok_elems = or3(la_elems, has(req, Category::Credentials));
    for (id, key, res, min, days, business, elems) in [
        (
            "us-ok.attorney_general",
            "US-OK",
            "us-ok.residents",
            500,
            60,
            false,
            ok_elems,
        ),
        (
            "us-ia.attorney_general",
            "US-IA",
            "us-ia.residents",
            500,
            5,
            true,
            ia_elems,
        ),
    ] {
        out.push(Ob3 {
            id,
            status: and3(
                and3(
                    us_scope(key),
                    and3(
                        maybe(req, count(req, key), |s| at_least_bounds(s, min)),
                        elems,
                    ),
                ),
                unenc,
            ),
            due: after(res, chicago, days, business, None),
        });
    }
    out
}
