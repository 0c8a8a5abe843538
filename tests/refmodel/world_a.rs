//! Issue 26 items 4 and 5: Korea from 2023-09-15, Malaysia's Commissioner, China's CAC
//! incident report and India's CERT-In report — written from the texts read for the issue (quoted below), not from the
//! rule pack or the engine.
//!
//! * **KR** PIPA Art. 34(1) (from 2023-09-15): "개인정보처리자는 개인정보가 분실ㆍ도난ㆍ유출 ...
//!   되었음을 알게 되었을 때에는 지체 없이 해당 정보주체에게 ... 알려야 한다" — no threshold, and
//!   loss is itself 유출등, so data recovered unviewed are still notified; Decree Art. 39(1):
//!   "72시간 이내". Art. 34(3) (2026: (4)) and Decree Art. 40(1): a report to the PIPC or KISA
//!   "72시간 이내" where "1. 1천명 이상의 정보주체에 관한 개인정보가 유출등이 된 경우 2. 민감정보
//!   또는 고유식별정보가 유출등이 된 경우 3. ... 외부로부터의 불법적인 접근에 의해 ..." (1,000 or
//!   more; sensitive — Decree Art. 18, biometric data made to identify a person included — or
//!   unique identification numbers; unauthorised access or malware), except where the data were
//!   recovered or deleted (proviso; here: recovered unviewed). Art. 26(8) applies Art. 34 to the
//!   processor (수탁자) "as if" it were the controller: a processor has both duties. Its notice
//!   to the controller is a reading (any time, no fixed period; recovered unviewed = nothing to
//!   tell). +09:00.
//! * **MY** PDPA s12B(1) (from 2025-06-01): "Where a data controller has reason to believe that
//!   a personal data breach has occurred, the data controller shall, as soon as practicable,
//!   notify the Commissioner" — no threshold, the controller's duty only; 72 hours from
//!   `aware_at` (the Guideline's figure, per its summaries); recovered unviewed = no breach
//!   (reading). Asia/Kuala_Lumpur.
//! * **CN** CAC 国家网络安全事件报告管理办法 (from 2025-11-01) Art. 4: "其他网络运营者应当及时向
//!   属地省级网信部门报告，最迟不得超过4小时" for 较大 incidents and above; annex: "泄露100万人以上
//!   公民个人信息" is 较大, "以上" including the number. Every network operator (processors too);
//!   persons in China bring a foreign company in (the pack's cautious scope); recovered unviewed
//!   = nothing leaked. Asia/Shanghai.
//! * **IN** CERT-In Directions (28 April 2022) direction (ii): "Any service provider,
//!   intermediary, data centre, body corporate and Government organisation shall mandatorily
//!   report cyber incidents as mentioned in Annexure I to CERT-In within 6 hours of noticing
//!   such incidents" — every organisation, processors included; every incident listed (the
//!   pack's cautious reading: a lost device too); recovered unviewed = nothing to report.
//!
//! Counts use the suspected-case reading of `round3` (a range's maximum suffices; persons of
//! `unknown` jurisdiction may belong to the country).

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
use mamori::breach::{AssessRequest, Category, IncidentKind, Role};

use super::round3::{
    Due3, Ob3, any_of, at_least_suspected, count, local_day, maybe, recovered, scope_country,
};
use super::{and3, or3, sensitive};

fn from(req: &AssessRequest, zone: &str, first: NaiveDate) -> bool {
    let tz: Tz = zone.parse().expect("zone");
    local_day(tz, req.incident.aware_at) >= first
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The modelled obligations (not in force = not required).
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let at = req.incident.aware_at;
    let h = |n: i64| Due3::Deadline(at + Duration::hours(n));
    let processor = req.organisation.role == Role::Processor;
    let not_recovered = Some(!recovered(req));
    let live = |ok: bool, s| if ok { s } else { Some(false) };
    let mut out = Vec::new();

    // Korea, PIPA as amended in 2023 (the 2026 amendment keeps these triggers and clocks).
    let kr = from(req, "Asia/Seoul", ymd(2023, 9, 15));
    let kr_scope = scope_country(req, "KR");
    let kr_trig = or3(
        or3(
            maybe(req, count(req, "KR"), |s| at_least_suspected(s, 1000)),
            sensitive(req),
        ),
        or3(
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
        ),
    );
    out.push(Ob3 {
        id: "kr.pipa.individuals",
        status: live(kr, kr_scope),
        due: h(72),
    });
    out.push(Ob3 {
        id: "kr.pipa.regulator",
        status: live(kr, and3(and3(kr_scope, kr_trig), not_recovered)),
        due: h(72),
    });
    out.push(Ob3 {
        id: "kr.pipa.controller",
        status: live(kr && processor, and3(kr_scope, not_recovered)),
        due: Due3::WithoutUndueDelay,
    });

    // Malaysia, PDPA s12B(1).
    let my = from(req, "Asia/Kuala_Lumpur", ymd(2025, 6, 1));
    out.push(Ob3 {
        id: "my.pdpa.commissioner",
        status: live(
            my && !processor,
            and3(scope_country(req, "MY"), not_recovered),
        ),
        due: h(72),
    });

    // China, the CAC incident measures (较大: 1 million persons or more).
    let cac = from(req, "Asia/Shanghai", ymd(2025, 11, 1));
    out.push(Ob3 {
        id: "cn.cac.incident",
        status: live(
            cac,
            and3(
                and3(
                    scope_country(req, "CN"),
                    maybe(req, count(req, "CN"), |s| at_least_suspected(s, 1_000_000)),
                ),
                not_recovered,
            ),
        ),
        due: h(4),
    });

    // India, CERT-In Directions of 28 April 2022, direction (ii) (in force before 2023-10).
    out.push(Ob3 {
        id: "in.certin.incident",
        status: and3(scope_country(req, "IN"), not_recovered),
        due: h(6),
    });
    out
}
