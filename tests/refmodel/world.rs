//! Issue 26, item 4: the regimes outside Japan, the EU GDPR and the US confirmed from their
//! texts in issue 26 — written from the words quoted below, not from the rule pack.
//!
//! * **CN** PIPL Art. 57: "Where personal information has been or may be leaked, falsified, or
//!   lost, the personal information processor shall immediately take remedial measures and
//!   inform the department performing duties of personal information protection and the
//!   individuals concerned" — no threshold, immediately (no fixed period); loss is itself the
//!   trigger, so data recovered unviewed still goes to the authority. Art. 57(2): the individuals
//!   need not be told where "measures to effectively avoid harm" were taken — read here as data
//!   recovered before anyone viewed it, or strong encryption (a recognised algorithm with the key
//!   kept apart or remote wipe; unknown key facts leave it open). The duty is the handler's (a
//!   processor's is to its handler, not modelled). In force 2021-11-01 (Asia/Shanghai).
//! * **VN** Decree 13/2023/ND-CP Art. 23(1): the controller (or controller-processor) notifies the
//!   Ministry of Public Security "chậm nhất 72 giờ sau khi xảy ra hành vi vi phạm" — 72 h, counted
//!   here from `aware_at` (the request has no occurrence time); no threshold. 2023-07-01 to
//!   2025-12-31 (Asia/Ho_Chi_Minh). Nothing exposed (recovered unviewed) = no violation (reading).
//! * **ID** UU 27/2022 Art. 46(1): on "kegagalan Pelindungan Data Pribadi" the controller gives
//!   written notice "paling lambat 3 x 24 (tiga kali dua puluh empat) jam" to (a) the data
//!   subjects and (b) the agency — 72 h each, no threshold; recovered unviewed = no failure
//!   (reading). From 2024-10-17 (Asia/Jakarta).
//! * **TH** PDPA s37(4): the controller notifies the Office "without delay and, where feasible,
//!   within 72 hours after having become aware of it, unless such Personal Data breach is
//!   unlikely to result in a risk": `risk` of `risk`/`high` = notify, `unlikely` = not, unknown =
//!   open; recovered unviewed = unlikely to result in a risk. From 2022-06-01 (Asia/Bangkok).
//! * **IN** DPDP Rules 2025 r.7: "On becoming aware of any personal data breach" the Data
//!   Fiduciary intimates each affected Data Principal "without delay" (r.7(1)) and the Board
//!   "without delay" (r.7(2)(a)) and "within seventy-two hours of becoming aware" (r.7(2)(b)); no
//!   threshold, and a lost device is a breach even if recovered (loss of access). From
//!   2027-05-13 (+05:30).
//! * **AU** Privacy Act 1988 s26WK/s26WL: statement to the Commissioner and notice to
//!   individuals "as soon as practicable" for an eligible data breach (serious harm likely =
//!   `risk: high`); s26WM relieves an entity only once another entity whose breach it also is has
//!   complied — so an entity holding data for another (`processor`) keeps both duties. Data
//!   recovered unviewed is no eligible breach.
//! * **CA** PIPEDA s10.1(1), (3): report to the Commissioner and notify individuals "as soon as
//!   feasible" where there is "a real risk of significant harm" (`risk`/`high`); the duty is the
//!   organisation's in control of the information (a processor's is not modelled).
//! * **EU NIS2** Art. 23(4)(a), (b): a declared essential or important entity gives an early
//!   warning "within 24 hours of becoming aware of the significant incident" and an incident
//!   notification "within 72 hours"; significance (Art. 23(3)) read from `risk`/`high`; not
//!   declared = not in scope. From 2024-10-18.
//!
//! Scope everywhere: established in the country, or persons there (persons of `unknown`
//! jurisdiction may be there). Hours are elapsed hours from `aware_at`.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use mamori::breach::{AssessRequest, Nis2Entity, RiskLevel, Role};

use super::round3::{Due3, Ob3, local_day, recovered, risk_in, scope_country};
use super::{Tri, and3, not3, or3, strongly_encrypted};

fn in_force(at: DateTime<FixedOffset>, zone: &str, from: NaiveDate, to: Option<NaiveDate>) -> bool {
    let tz: Tz = zone.parse().expect("zone");
    let day = local_day(tz, at);
    day >= from && to.is_none_or(|t| day < t)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// `Some(false)` when the statement does not hold (known), else `Some(true)`.
fn yes_unless(b: bool) -> Tri {
    Some(!b)
}

/// The modelled obligations of this module, for any request.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let at = req.incident.aware_at;
    let mut out = Vec::new();
    let controller = yes_unless(req.organisation.role == Role::Processor);
    let not_recovered = yes_unless(recovered(req));
    let h = |n: i64| Due3::Deadline(at + Duration::hours(n));
    let mut push = |id: &'static str, live: bool, status: Tri, due: Due3| {
        out.push(Ob3 {
            id,
            status: if live { status } else { Some(false) },
            due,
        });
    };

    // China: PIPL Art. 57.
    let cn = in_force(at, "Asia/Shanghai", ymd(2021, 11, 1), None);
    let cn_scope = and3(scope_country(req, "CN"), controller);
    push("cn.pipl.authority", cn, cn_scope, Due3::WithoutUndueDelay);
    let harm_avoided = or3(
        Some(recovered(req)),
        strongly_encrypted(req.data.protection.as_ref()),
    );
    push(
        "cn.pipl.individuals",
        cn,
        and3(cn_scope, not3(harm_avoided)),
        Due3::WithoutUndueDelay,
    );

    // Vietnam: Decree 13 Art. 23(1), until Law 91/2025 takes over.
    let vn = in_force(
        at,
        "Asia/Ho_Chi_Minh",
        ymd(2023, 7, 1),
        Some(ymd(2026, 1, 1)),
    );
    if vn {
        let s = and3(and3(scope_country(req, "VN"), controller), not_recovered);
        push("vn.pdp.authority", true, s, h(72));
    }

    // Indonesia: UU 27/2022 Art. 46(1).
    let id = in_force(at, "Asia/Jakarta", ymd(2024, 10, 17), None);
    let id_s = and3(and3(scope_country(req, "ID"), controller), not_recovered);
    push("id.pdp.authority", id, id_s, h(72));
    push("id.pdp.individuals", id, id_s, h(72));

    // Thailand: PDPA s37(4), the Office.
    let th = in_force(at, "Asia/Bangkok", ymd(2022, 6, 1), None);
    let th_s = and3(
        and3(scope_country(req, "TH"), controller),
        and3(
            not_recovered,
            risk_in(req, &[RiskLevel::Risk, RiskLevel::High]),
        ),
    );
    push("th.pdpa.office", th, th_s, h(72));

    // India: DPDP Rules 2025 r.7 (the Data Fiduciary's duty; recovery does not undo a loss).
    let dpdp = in_force(at, "Asia/Kolkata", ymd(2027, 5, 13), None);
    let in_s = and3(scope_country(req, "IN"), controller);
    push("in.dpdp.individuals", dpdp, in_s, Due3::WithoutUndueDelay);
    push("in.dpdp.board.initial", dpdp, in_s, Due3::WithoutUndueDelay);
    push("in.dpdp.board", dpdp, in_s, h(72));

    // Australia: s26WK, s26WL, s26WM (an entity holding data for another keeps its duty).
    let au = in_force(at, "Australia/Sydney", ymd(2018, 2, 22), None);
    let au_s = and3(
        scope_country(req, "AU"),
        and3(not_recovered, risk_in(req, &[RiskLevel::High])),
    );
    push("au.ndb.commissioner", au, au_s, Due3::WithoutUndueDelay);
    push("au.ndb.individuals", au, au_s, Due3::WithoutUndueDelay);

    // Canada: PIPEDA s10.1(1), (3).
    let ca = in_force(at, "America/Toronto", ymd(2018, 11, 1), None);
    let ca_s = and3(
        and3(scope_country(req, "CA"), controller),
        and3(
            not_recovered,
            risk_in(req, &[RiskLevel::Risk, RiskLevel::High]),
        ),
    );
    push("ca.pipeda.commissioner", ca, ca_s, Due3::WithoutUndueDelay);
    push("ca.pipeda.individuals", ca, ca_s, Due3::WithoutUndueDelay);

    // EU NIS2: Art. 23(4)(a), (b), for a declared entity (elapsed hours: any member-state zone).
    let nis2 = in_force(at, "Europe/Lisbon", ymd(2024, 10, 18), None);
    let declared = Some(matches!(
        req.organisation.nis2_entity,
        Some(Nis2Entity::Essential | Nis2Entity::Important)
    ));
    let nis2_s = and3(
        declared,
        and3(
            not_recovered,
            risk_in(req, &[RiskLevel::Risk, RiskLevel::High]),
        ),
    );
    push("eu.nis2.early_warning", nis2, nis2_s, h(24));
    push("eu.nis2.notification", nis2, nis2_s, h(72));
    out
}
