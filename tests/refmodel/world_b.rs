//! Issue 26, item 4 (second part): Brazil's LGPD and three US federal duties, confirmed from
//! their texts in session 9 — written from the words quoted below, not from the rule pack.
//!
//! * **BR** LGPD Art. 48 caput: "O controlador deverá comunicar à autoridade nacional e ao
//!   titular a ocorrência de incidente de segurança que possa acarretar risco ou dano relevante
//!   aos titulares"; §1: "em prazo razoável, conforme definido pela autoridade nacional" (no
//!   period: without undue delay, from the LGPD's entry into force on 2020-09-18 until the
//!   Resolution). Res. CD/ANPD 15/2024 (published 2024-04-26, in force on publication):
//!   - Art. 6 caput, §1: the ANPD "no prazo de três dias úteis", counted "do conhecimento pelo
//!     controlador de que o incidente afetou dados pessoais"; Art. 9 caput: the data subjects,
//!     the same three business days; Art. 6 §3: supplementary information "no prazo de vinte
//!     dias úteis, a contar da data da comunicação"; Art. 6 §8 and Art. 9 §6: periods "contados
//!     em dobro para os agentes de pequeno porte" (6 and 40 business days when the host says
//!     `small_agent: true`; unknown keeps the single, earlier period).
//!   - Business days (R-BR2): the day of knowledge (local day in Brasília time,
//!     America/Sao_Paulo) is excluded; Saturdays, Sundays and the national holidays are not
//!     business days — 1 Jan, 21 Apr, 1 May, 7 Sep, 2 Nov, 15 Nov, 25 Dec (Lei 662/1949 as
//!     amended by Lei 10.607/2002), 12 Oct (Lei 6.802/1980), 20 Nov from 2024 (Lei
//!     14.759/2023); Carnival and Corpus Christi are optional days and count as business
//!     days. Good Friday counts as a business day too: Lei 9.093/1995 Art. 2 makes it a
//!     religious holiday "declarado em lei municipal", not a national one, and the Resolution
//!     does not say which calendar the ANPD uses; counting it gives the earlier (or the same)
//!     deadline, the reading that never answers late (issue 26). The deadline is the end
//!     (23:59:59) of the last business day.
//!   - Art. 6 §3 runs from the communication: read here from the day of knowledge, the earliest
//!     the communication can be made (R-BR3).
//!   - Art. 5 (R-BR1): relevant risk = may "afetar significativamente interesses e direitos
//!     fundamentais" (`risk` of `risk` or `high`) AND one of six kinds of data, three of which
//!     (data of minors or the elderly, data under secrecy, large scale) the request cannot
//!     express: the second half is never known to fail, and the cautious reading counts it as
//!     met. Recovered unviewed = no incident that affected the data.
//!   - Art. 10: every incident is recorded, "inclusive daquele não comunicado" (from
//!     2024-04-26; recovery does not remove the record).
//!   - Duties of the controller (Art. 48, 10): a processor (operador) has none of these.
//! * **US HIPAA** 45 CFR 164.410(a)(1): "A business associate shall, following the discovery
//!   of a breach of unsecured protected health information, notify the covered entity";
//!   (b): "without unreasonable delay and in no case later than 60 calendar days after
//!   discovery" — end of the 60th day after `aware_at` (America/New_York); a business associate
//!   is a host with `hipaa_covered` (unknown = open) and `role: processor`, with persons in the
//!   US; secured PHI (unintelligible: recognised algorithm and key kept apart) and data
//!   recovered unviewed are no breach of unsecured PHI.
//! * **US SEC** Form 8-K Item 1.05 and Release 33-11216: "An Item 1.05 Form 8-K must be filed
//!   within four business days of determining an incident was material" — for a declared
//!   registrant (`sec_registrant: true`; undeclared = out of scope), from 2023-12-18; the
//!   materiality determination is `assessed_at` (else `aware_at`, the earliest it can be); four
//!   business days with weekends skipped (federal holidays also are not business days, so
//!   skipping weekends only is the earlier reading); end of the day in New York. No
//!   materiality fact exists, so the duty stands.
//! * **US FTC** 16 CFR 314.4(j)(1), as quoted by the FTC: a "notification event" ("acquisition
//!   of unencrypted customer information"; encrypted data counts as unencrypted only "if the
//!   encryption key was accessed") that "involves the information of at least 500 consumers"
//!   goes to the FTC "as soon as possible, and no later than 30 days after discovery" — for a
//!   declared financial institution (`us_financial_institution: true`), from 2024-05-13 (New
//!   York day); every affected person counts as a consumer, whatever the key; "at least 500"
//!   read by the bounds (a range across 500 is undetermined); unintelligible data (key kept
//!   apart) and data recovered unviewed were not acquired; a service provider (`processor`)
//!   tells the institution instead (not modelled).
//! * **TH** PDPA B.E. 2562 s37(4), second sentence (Thai original): "ในกรณีที่การละเมิดมีความเสี่ยงสูง
//!   ที่จะมีผลกระทบต่อสิทธิและเสรีภาพของบุคคล ให้แจ้งเหตุการละเมิดให้เจ้าของข้อมูลส่วนบุคคลทราบพร้อมกับ
//!   แนวทางการเยียวยาโดยไม่ชักช้าด้วย" — a high risk (`risk: high`) = notice to the data subjects
//!   without delay; the controller's duty; recovered unviewed = no breach to tell; from
//!   2022-06-01 (Asia/Bangkok).
//! * **CA-QC** CQLR c P-39.1 s3.8 as stated by the Commission d'accès à l'information: "Toute
//!   organisation doit tenir un registre colligeant l'ensemble des incidents de confidentialité
//!   ... même ceux ne présentant pas de risque de préjudice sérieux" — every incident of an
//!   enterprise in Québec or holding Québec residents' information (persons keyed `CA` with no
//!   province, or of unknown jurisdiction, may be Québec residents), from 2022-09-22
//!   (America/Toronto); recovery does not remove the entry; the enterprise's duty (a mandatary's
//!   is to tell it, not modelled).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use chrono_tz::Tz;
use mamori::breach::{AssessRequest, RiskLevel, Role};

use super::round3::{
    Due3, Ob3, at_least_bounds, at_least_suspected, end_of_day_in, local_day, maybe, recovered,
    risk_in, scope_country,
};
use super::{Tri, and3, not3, unintelligible};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Easter Sunday (anonymous Gregorian computus).
fn easter(y: i32) -> NaiveDate {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(y, month as u32, day as u32)
}

/// A Brazilian national holiday (R-BR2). Good Friday (Easter − 2, a municipal religious
/// holiday) is not one: it counts as a business day (see the header).
fn br_holiday(d: NaiveDate) -> bool {
    let fixed = [
        (1, 1),
        (4, 21),
        (5, 1),
        (9, 7),
        (10, 12),
        (11, 2),
        (11, 15),
        (12, 25),
    ];
    fixed.contains(&(d.month(), d.day())) || (d.year() >= 2024 && d.month() == 11 && d.day() == 20)
}

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn add_open_days(d: NaiveDate, n: u32, closed: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    let (mut d, mut left) = (d, n);
    while left > 0 {
        d += Duration::days(1);
        if !closed(d) {
            left -= 1;
        }
    }
    d
}

fn yes_unless(b: bool) -> Tri {
    Some(!b)
}

/// Persons in the US (the country key or a state key); persons of unknown jurisdiction may be.
fn us_persons(req: &AssessRequest) -> Tri {
    let total = req
        .data
        .persons
        .iter()
        .filter(|(k, _)| *k == "US" || k.starts_with("US-"))
        .fold(super::Span { lo: 0, hi: Some(0) }, |a, (_, c)| {
            super::plus(a, super::span_of(*c))
        });
    maybe(req, total, |s| at_least_suspected(s, 1))
}

/// Persons in Québec: keyed `CA-QC`; `CA` (no province) and `unknown` persons may be.
fn quebec_persons(req: &AssessRequest) -> Tri {
    let get = |k: &str| {
        req.data
            .persons
            .get(k)
            .map_or(super::Span { lo: 0, hi: Some(0) }, |c| super::span_of(*c))
    };
    let qc = get("CA-QC");
    let without = at_least_suspected(qc, 1);
    let with = at_least_suspected(super::plus(qc, super::plus(get("CA"), get("unknown"))), 1);
    if with == without { without } else { None }
}

/// The modelled obligations of this module, for any request.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let at = req.incident.aware_at;
    let mut out = Vec::new();
    let processor = req.organisation.role == Role::Processor;

    // Brazil.
    let sp: Tz = "America/Sao_Paulo".parse().unwrap();
    let day = local_day(sp, at);
    let lgpd = day >= ymd(2020, 9, 18);
    let res15 = day >= ymd(2024, 4, 26);
    let br_scope = and3(scope_country(req, "BR"), yes_unless(processor));
    let relevant = and3(
        yes_unless(recovered(req)),
        risk_in(req, &[RiskLevel::Risk, RiskLevel::High]),
    );
    let small = req.organisation.small_agent == Some(true);
    let bd = |n: u32| {
        let n = if small { 2 * n } else { n };
        Due3::Deadline(end_of_day_in(
            sp,
            add_open_days(day, n, |d| weekend(d) || br_holiday(d)),
        ))
    };
    let notify = if lgpd {
        and3(br_scope, relevant)
    } else {
        Some(false)
    };
    let due = if res15 {
        bd(3)
    } else {
        Due3::WithoutUndueDelay
    };
    for id in ["br.lgpd.anpd", "br.lgpd.individuals"] {
        out.push(Ob3 {
            id,
            status: notify,
            due: due.clone(),
        });
    }
    out.push(Ob3 {
        id: "br.lgpd.anpd.supplement",
        status: if res15 { notify } else { Some(false) },
        due: bd(20),
    });
    out.push(Ob3 {
        id: "br.lgpd.record",
        status: if res15 { br_scope } else { Some(false) },
        due: Due3::WithoutUndueDelay,
    });

    // Thailand: s37(4), the data subjects.
    let bkk: Tz = "Asia/Bangkok".parse().unwrap();
    out.push(Ob3 {
        id: "th.pdpa.individuals",
        status: if local_day(bkk, at) >= ymd(2022, 6, 1) {
            and3(
                and3(scope_country(req, "TH"), yes_unless(processor)),
                and3(yes_unless(recovered(req)), risk_in(req, &[RiskLevel::High])),
            )
        } else {
            Some(false)
        },
        due: Due3::WithoutUndueDelay,
    });

    // Québec: s3.8 register.
    let to: Tz = "America/Toronto".parse().unwrap();
    let qc_scope = if req.organisation.established_in.iter().any(|e| e == "CA-QC") {
        Some(true)
    } else {
        quebec_persons(req)
    };
    out.push(Ob3 {
        id: "ca-qc.law25.register",
        status: if local_day(to, at) >= ymd(2022, 9, 22) {
            and3(qc_scope, yes_unless(processor))
        } else {
            Some(false)
        },
        due: Due3::WithoutUndueDelay,
    });

    // US: HIPAA business associate → covered entity (45 CFR 164.410).
    let ny: Tz = "America/New_York".parse().unwrap();
    let ba = and3(
        and3(us_persons(req), req.organisation.hipaa_covered),
        Some(processor),
    );
    let unsecured = and3(
        not3(unintelligible(req.data.protection.as_ref())),
        yes_unless(recovered(req)),
    );
    out.push(Ob3 {
        id: "us.hipaa.covered_entity",
        status: and3(ba, unsecured),
        due: Due3::Deadline(end_of_day_in(ny, local_day(ny, at) + Duration::days(60))),
    });

    // US: FTC Safeguards Rule 314.4(j).
    let everyone = req
        .data
        .persons
        .values()
        .fold(super::Span { lo: 0, hi: Some(0) }, |a, c| {
            super::plus(a, super::span_of(*c))
        });
    let institution = req.organisation.us_financial_institution == Some(true)
        && local_day(ny, at) >= ymd(2024, 5, 13)
        && !processor;
    out.push(Ob3 {
        id: "us.ftc.safeguards",
        status: if institution {
            and3(at_least_bounds(everyone, 500), unsecured)
        } else {
            Some(false)
        },
        due: Due3::Deadline(end_of_day_in(ny, local_day(ny, at) + Duration::days(30))),
    });

    // US: SEC Form 8-K Item 1.05.
    let registrant =
        req.organisation.sec_registrant == Some(true) && local_day(ny, at) >= ymd(2023, 12, 18);
    let determined = req.incident.assessed_at.unwrap_or(at);
    out.push(Ob3 {
        id: "us.sec.form_8k",
        status: Some(registrant),
        due: Due3::Deadline(end_of_day_in(
            ny,
            add_open_days(local_day(ny, determined), 4, weekend),
        )),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2024), ymd(2024, 3, 31));
        assert_eq!(easter(2026), ymd(2026, 4, 5));
        assert_eq!(easter(2027), ymd(2027, 3, 28));
    }

    #[test]
    fn good_friday_is_a_business_day() {
        let good_friday = easter(2026) - Duration::days(2);
        assert_eq!(good_friday, ymd(2026, 4, 3));
        assert!(!br_holiday(good_friday));
        assert!(br_holiday(ymd(2026, 4, 21)));
    }
}
