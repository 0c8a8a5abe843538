//! Issue 26 item 4 (session 10): the processors' notices to their controllers confirmed from
//! the texts read in session 10 — written from the words quoted below, not from the rule pack.
//!
//! * **VN** Decree 13/2023/NĐ-CP Art. 23(2) (in force 2023-07-01, replaced by Law 91/2025/QH15
//!   on 2026-01-01), read in the reproduction of the official code (Pháp điển, Điều
//!   1.11.NĐ.1.23): "Bên Xử lý dữ liệu cá nhân phải thông báo cho Bên Kiểm soát dữ liệu cá nhân
//!   một cách nhanh nhất có thể sau khi nhận thấy có sự vi phạm quy định về bảo vệ dữ liệu cá
//!   nhân" — a processor (`role: processor`) of data of persons in Vietnam, or established
//!   there, tells its controller as quickly as possible (without undue delay), whatever the
//!   count or risk. Art. 23(1)'s own reading (no violation to tell when the data was recovered
//!   before anyone viewed it, as for the confirmed notice to the Ministry) is kept (R-VN1).
//!   Days: the local day in Asia/Ho_Chi_Minh. After 2025-12-31 the Law applies, whose text was
//!   not read: the generator stays before 2026 (R-VN2).
//! * **CA-QC** CQLR c P-39.1 s18.3 as stated by the Commission d'accès à l'information: "En cas
//!   de manquement à une obligation concernant la confidentialité, le responsable de la
//!   protection des renseignements personnels devra être avisé sans délai", binding the
//!   mandatary of an enterprise (a processor of data of persons in Québec, or of an enterprise
//!   established there; persons keyed `CA` without a province, or of unknown jurisdiction, may
//!   be in Québec). The public bodies' twin clause (A-2.1 s67.2) names "any violation or
//!   attempted violation": data recovered before anyone viewed it is still told (R-QC1). The
//!   CAI says the clause binds enterprises from 2023-09-22; the pack's notes keep the notice
//!   from 2022-09-22, Law 25's first wave, as a cautious reading of the contract — the model
//!   follows that documented choice (R-QC2). Days: the local day in America/Toronto.

use chrono::NaiveDate;
use chrono_tz::Tz;
use mamori::breach::{AssessRequest, Role};

use super::round3::{
    Due3, Ob3, at_least_suspected, established, local_day, recovered, scope_country,
};
use super::{Span, Tri, and3, plus, span_of};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Persons possibly in Québec: `CA-QC`, and `CA` (no province) or `unknown` persons.
fn quebec(req: &AssessRequest) -> Tri {
    if established(req, "CA-QC") {
        return Some(true);
    }
    let get = |k: &str| {
        req.data
            .persons
            .get(k)
            .map_or(Span { lo: 0, hi: Some(0) }, |c| span_of(*c))
    };
    let qc = get("CA-QC");
    let without = at_least_suspected(qc, 1);
    let with = at_least_suspected(plus(qc, plus(get("CA"), get("unknown"))), 1);
    if with == without { without } else { None }
}

/// The modelled obligations of this module, for any request.
pub fn assess(req: &AssessRequest) -> Vec<Ob3> {
    let at = req.incident.aware_at;
    let processor = Some(req.organisation.role == Role::Processor);

    let hcm: Tz = "Asia/Ho_Chi_Minh".parse().unwrap();
    let day = local_day(hcm, at);
    let decree_13 = day >= ymd(2023, 7, 1) && day < ymd(2026, 1, 1);
    let vn = if decree_13 {
        and3(
            and3(scope_country(req, "VN"), processor),
            Some(!recovered(req)),
        )
    } else {
        Some(false)
    };

    let to: Tz = "America/Toronto".parse().unwrap();
    let qc = if local_day(to, at) >= ymd(2022, 9, 22) {
        and3(quebec(req), processor)
    } else {
        Some(false)
    };

    vec![
        Ob3 {
            id: "vn.pdp.controller",
            status: vn,
            due: Due3::WithoutUndueDelay,
        },
        Ob3 {
            id: "ca-qc.law25.controller",
            status: qc,
            due: Due3::WithoutUndueDelay,
        },
    ]
}
