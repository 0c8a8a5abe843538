//! An independent, deliberately simple reference model of mamori's deadline engine.
//!
//! Written straight from issue 2 ("the engine's rules and JSON contract") and
//! `shared/reference/breach-rules.md` (the "Decisions for mamori" box, §1 Japan, §2 GDPR row),
//! **without** looking at `src/breach/` or `src/calendar/`: no rule packs, no predicates as data,
//! just `if`s. The differential test (`tests/differential.rs`) and the `differential` fuzz
//! target compare it with the engine; any disagreement is a bug in one of the two.
//!
//! Readings where the text leaves a choice (also listed in `docs/testing.md`):
//!
//! * **R1 (tri-state logic).** Triggers combine with Kleene logic: a trigger set is true if any
//!   trigger is true, false if all are false, else unknown. An obligation is `required` when
//!   its conditions are definitely met, `not_required` when definitely not, `possible` otherwise.
//! * **R2 (`malicious: null`).** Derived from `kind`: theft, unauthorized_access, malware and
//!   insider are malicious; loss, misdelivery and other are not (issue 2 §4, Decision 3). So the
//!   30/60-day choice is never unknown.
//! * **R3 (`recovered_unviewed`).** Only `true` removes the duty (the event is not a 漏えい).
//!   `null` is treated like `false`: "if viewing cannot be ruled out → 漏えい（又は漏えいのおそれ）"
//!   (§1.3) and suspected leaks are reportable (§1.2). Same for GDPR: the table makes
//!   `eu.gdpr.authority` required for `risk: risk|high` unless the data *was* recovered unviewed.
//! * **R4 (高度な暗号化).** Exempt iff the algorithm is recognised (CRYPTREC list / ISO/IEC 18033:
//!   AES, Camellia, SEED, KCipher-2, ChaCha20(-Poly1305) — the last added after disagreement D1 —
//!   matched case-insensitively on the algorithm family) AND
//!   (`key_separated` OR `remote_wipe`). Unknown halves make the exemption unknown; an unknown
//!   exemption with a true trigger gives `possible` (issue 2 §3: an unknown decisive fact makes
//!   the obligation possible, never silently not_required nor silently required).
//! * **R5 (individuals under 高度な暗号化).** R7(1) removes encrypted data from the 個人データ of
//!   the whole rule, and L26(2) obliges notice only where a report is due: so
//!   `jp.appi.individuals` has exactly the status of the PPC reports (exempt data → not required).
//! * **R6 (processor).** A 委託先 that notifies its 委託元 is exempt from the PPC report and the
//!   notice to individuals (L26(1) proviso, L26(2)): the three JP obligations are not_required
//!   for a business with `role: processor` (its own duty is to notify the controller, not
//!   modelled here). The proviso is in Art. 26, which binds businesses: a public body's duty
//!   (Art. 68) has none, so a public-body processor is not exempt (D2; the first model exempted
//!   every processor). Under
//!   GDPR a processor only notifies its controller (Art. 33(2)): both EU obligations are
//!   not_required for processors.
//! * **R7 (head count).** `persons.JP` > 1,000 (business) / > 100 (public body). A missing `JP`
//!   key counts 0 persons; `null` is unknown. The other three triggers need no count.
//! * **R8 (GDPR territorial scope).** Applies when `established_in` contains `EU`; otherwise,
//!   under Art. 3(2), when `persons.EU` > 0 (holding EU residents' data is read as offering them
//!   goods or services); `persons.EU: null` without establishment makes applicability unknown
//!   (at most `possible`); a missing key or 0 → not applicable.
//! * **R9 (GDPR individuals).** Required iff `risk: high` AND NOT protected as Art. 34(3)(a)
//!   ("unintelligible to any person who is not authorised"): a recognised algorithm AND the key
//!   kept apart; a remote wipe alone does not count (D3; the first model reused R4's test).
//!   not_required when recovered unviewed.
//! * **R10 (effective dates).** The APPI reporting duty is in force from 2022-04-01 (JST date of
//!   `aware_at`); GDPR applies from 2018-05-25T00:00+01:00, when 25 May had begun in every member
//!   state (D4; the first model used the UTC date). Before that: not_required.
//! * **R11 (jurisdiction).** The JP obligations apply only when `established_in` contains `JP`.
//!
//! Session 4 (issues 12 and 13, legal audit §1, written from the issue texts, not the engine):
//!
//! * **R2' (`malicious: null`).** Presumed-malicious kinds are malicious; for loss, misdelivery
//!   and other a null stays unknown (a `possible` trigger). The 確報 is 60 days when the act is
//!   malicious, and also when malice is unknown and no other trigger holds (the report is then
//!   due only if the act was malicious).
//! * **R7' (head count, GL 3-5-3-1, 2-1※3).** A business or public body established in Japan
//!   counts every person in the leaked data, whatever their country (`unknown` included); a
//!   count is a number, a range `{min,max}` (above the limit when the minimum is, or when the
//!   maximum is — a suspected case counts), or null.
//! * **R11' (APPI Art. 171).** A business not established in Japan has the Japanese duties when
//!   persons in Japan (`JP`) are affected; then only they are counted. Persons of `unknown`
//!   jurisdiction may be in Japan: they make that scope undetermined.
//! * **R8' (GDPR vocabulary).** EU persons are the keys `EU`, `EEA` and the EU/EEA member
//!   countries (`DE`, `FR`, ...); establishment in a member country is establishment in the EU.
//!   `unknown` persons may be EU residents.
//! * **R12 (categories).** `data.categories` (a complete list) makes `sensitive` true when it
//!   lists health, genetic or special_category data, and `financial_risk` true for payment
//!   cards, financial accounts or credentials; an explicit `true` shorthand stays true.
//! * **R13 (local government).** `local_government` bodies have the public-body duties (more
//!   than 100 persons) for incidents from 2023-04-01, with the extra trigger 条例要配慮個人情報
//!   (`ordinance_sensitive`); no notice to individuals when the data holds Art. 78(1)
//!   non-disclosure information (`non_disclosure`, Art. 68(2)(ii)), for any public body.
//!
//! Deadlines (issue 2, Decisions 1–2): JP day 1 = the JST date of `aware_at`; 速報 window target
//! = end (23:59:59 JST) of day 3, latest = end of day 5, never rolled; 確報 = end of day 30 (60 if
//! the malicious trigger is true), rolled forward past administrative closed days; individuals:
//! promptly (without undue delay). GDPR Art. 33: `aware_at` + 72 h exactly; Art. 34: without
//! undue delay.
#![allow(dead_code)]

pub mod round3;
pub mod us_a_to_m;
pub mod us_codes;
pub mod us_ne_wy;
pub mod us_round4;
pub mod us_round5;
pub mod us_round6a;
pub mod us_round6b;
pub mod us_round6c;
pub mod world;
pub mod world_a;
pub mod world_b;
pub mod world_c;
pub mod world_d;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Weekday};
use mamori::breach::{
    AssessRequest, Category, Count, IncidentKind, OrgType, Protection, RiskLevel, Role,
};

/// Three-valued fact: `Some(true)`, `Some(false)`, `None` = unknown.
pub type Tri = Option<bool>;

fn or3(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

fn and3(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn not3(a: Tri) -> Tri {
    a.map(|v| !v)
}

/// Status of an obligation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum St {
    Required,
    Possible,
    NotRequired,
}

impl St {
    /// `true` → required, `false` → not required, unknown → possible.
    fn of(t: Tri) -> St {
        match t {
            Some(true) => St::Required,
            Some(false) => St::NotRequired,
            None => St::Possible,
        }
    }
}

/// When an obligation is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Deadline(DateTime<FixedOffset>),
    Window {
        target: DateTime<FixedOffset>,
        latest: DateTime<FixedOffset>,
    },
    WithoutUndueDelay,
}

/// One modelled obligation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ob {
    pub id: &'static str,
    pub status: St,
    pub due: Due,
}

/// The five obligation ids the model covers, in this order.
pub const IDS: [&str; 5] = [
    "jp.appi.ppc.preliminary",
    "jp.appi.ppc.final",
    "jp.appi.individuals",
    "eu.gdpr.authority",
    "eu.gdpr.individuals",
];

// ---------------------------------------------------------------------------------------------
// Japanese national holidays (国民の祝日に関する法律) and administrative closed days
// (行政機関の休日に関する法律 Art. 1). Direct transcription; valid 2000–2099 under current law.
// ---------------------------------------------------------------------------------------------

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The `n`-th (1-based) Monday of month `m` in year `y` (Happy Monday system).
fn nth_monday(y: i32, m: u32, n: u32) -> NaiveDate {
    let first = ymd(y, m, 1);
    let shift = (7 - first.weekday().num_days_from_monday() as i64) % 7; // days to 1st Monday
    first + Duration::days(shift + 7 * (n as i64 - 1))
}

/// Day of March of the vernal equinox day (usual formula, 1980–2099), integer arithmetic.
fn vernal_day(y: i32) -> u32 {
    let k = (y - 1980) as i64;
    ((20_843_100 + 242_194 * k) / 1_000_000 - k / 4) as u32
}

/// Day of September of the autumnal equinox day (usual formula, 1980–2099).
fn autumnal_day(y: i32) -> u32 {
    let k = (y - 1980) as i64;
    ((23_248_800 + 242_194 * k) / 1_000_000 - k / 4) as u32
}

/// The 国民の祝日 of year `y` (the days named by Art. 2 and the one-off 2019 days), without
/// substitute holidays and citizens' holidays.
pub fn proper_holidays(y: i32) -> Vec<NaiveDate> {
    let mut v = vec![
        ymd(y, 1, 1),               // 元日
        nth_monday(y, 1, 2),        // 成人の日 (2nd Monday since 2000)
        ymd(y, 2, 11),              // 建国記念の日
        ymd(y, 3, vernal_day(y)),   // 春分の日
        ymd(y, 4, 29),              // みどりの日 (-2006) / 昭和の日 (2007-)
        ymd(y, 5, 3),               // 憲法記念日
        ymd(y, 5, 5),               // こどもの日
        ymd(y, 9, autumnal_day(y)), // 秋分の日
        ymd(y, 11, 3),              // 文化の日
        ymd(y, 11, 23),             // 勤労感謝の日
    ];
    if y >= 2020 {
        v.push(ymd(y, 2, 23)); // 天皇誕生日 (Reiwa)
    } else if y <= 2018 {
        v.push(ymd(y, 12, 23)); // 天皇誕生日 (Heisei); none in 2019
    }
    if y >= 2007 {
        v.push(ymd(y, 5, 4)); // みどりの日 moved to 4 May
    }
    // 海の日
    v.push(match y {
        ..=2002 => ymd(y, 7, 20),
        2020 => ymd(y, 7, 23),
        2021 => ymd(y, 7, 22),
        _ => nth_monday(y, 7, 3),
    });
    // 体育の日 / スポーツの日
    v.push(match y {
        2020 => ymd(y, 7, 24),
        2021 => ymd(y, 7, 23),
        _ => nth_monday(y, 10, 2),
    });
    // 山の日 (from 2016)
    if y >= 2016 {
        v.push(match y {
            2020 => ymd(y, 8, 10),
            2021 => ymd(y, 8, 8),
            _ => ymd(y, 8, 11),
        });
    }
    // 敬老の日
    v.push(if y <= 2002 {
        ymd(y, 9, 15)
    } else {
        nth_monday(y, 9, 3)
    });
    // 2019: 即位の日 (1 May) and 即位礼正殿の儀の行われる日 (22 Oct), one-off 祝日 by special act.
    if y == 2019 {
        v.push(ymd(2019, 5, 1));
        v.push(ymd(2019, 10, 22));
    }
    v.sort();
    v
}

/// All 休日 of the Holiday Act in year `y`: 国民の祝日, 振替休日 (Art. 3(2)) and 国民の休日 (Art. 3(3)).
pub fn holidays(y: i32) -> Vec<NaiveDate> {
    let proper = proper_holidays(y);
    let is_proper = |d: NaiveDate| proper.contains(&d);
    let mut all = proper.clone();
    // 振替休日: a 祝日 on a Sunday → until 2006 the next day; from 2007 the nearest following day
    // that is not a 祝日.
    for &h in &proper {
        if h.weekday() == Weekday::Sun {
            let mut d = h + Duration::days(1);
            if y >= 2007 {
                while is_proper(d) {
                    d += Duration::days(1);
                }
            }
            if !is_proper(d) {
                all.push(d);
            }
        }
    }
    // 国民の休日: a day whose previous and next days are both 祝日 (and that is not one itself;
    // before 2007 also not a Sunday, and not a substitute holiday).
    for &h in &proper {
        let d = h + Duration::days(1);
        if !is_proper(d) && is_proper(d + Duration::days(1)) && !all.contains(&d) {
            if y < 2007 && d.weekday() == Weekday::Sun {
                continue;
            }
            all.push(d);
        }
    }
    all.retain(|d| d.year() == y);
    all.sort();
    all.dedup();
    all
}

/// Whether `d` is a Japanese national holiday (any 休日 of the Holiday Act).
pub fn is_holiday(d: NaiveDate) -> bool {
    holidays(d.year()).contains(&d)
}

/// Whether `d` is an administrative closed day: Saturday, Sunday, a Holiday-Act 休日, or
/// 29 December – 3 January.
pub fn is_closed(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        || (d.month() == 12 && d.day() >= 29)
        || (d.month() == 1 && d.day() <= 3)
        || is_holiday(d)
}

// ---------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------

/// JST, +09:00.
pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("valid offset")
}

/// 23:59:59 JST at the end of `d`.
pub fn end_of_day_jst(d: NaiveDate) -> DateTime<FixedOffset> {
    jst()
        .from_local_datetime(&d.and_hms_opt(23, 59, 59).expect("valid time"))
        .single()
        .expect("fixed offset is unambiguous")
}

/// Day 1 of the Japanese count: the JST date of `aware_at`.
pub fn jp_day1(aware_at: DateTime<FixedOffset>) -> NaiveDate {
    aware_at.with_timezone(&jst()).date_naive()
}

/// 速報 window: end of day 3 and end of day 5, not rolled.
pub fn preliminary_window(aware_at: DateTime<FixedOffset>) -> Due {
    let d1 = jp_day1(aware_at);
    Due::Window {
        target: end_of_day_jst(d1 + Duration::days(2)),
        latest: end_of_day_jst(d1 + Duration::days(4)),
    }
}

/// 確報 deadline: end of day `n`, moved forward to the next day that is not a closed day.
pub fn final_deadline(aware_at: DateTime<FixedOffset>, n: i64) -> DateTime<FixedOffset> {
    let mut d = jp_day1(aware_at) + Duration::days(n - 1);
    while is_closed(d) {
        d += Duration::days(1);
    }
    end_of_day_jst(d)
}

// ---------------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------------

/// R2': the malicious-act trigger: explicit, else true for presumed-malicious kinds, else unknown.
pub fn malicious(req: &AssessRequest) -> Tri {
    match req.data.malicious {
        Some(v) => Some(v),
        None => match req.incident.kind {
            IncidentKind::Theft
            | IncidentKind::UnauthorizedAccess
            | IncidentKind::Malware
            | IncidentKind::Insider => Some(true),
            IncidentKind::Loss | IncidentKind::Misdelivery | IncidentKind::Other => None,
        },
    }
}

/// Whether an algorithm name is a recognised (CRYPTREC / ISO/IEC 18033 128-bit-block or
/// recommended stream) cipher family.
pub fn recognised_algorithm(name: &str) -> bool {
    let up = name.trim().to_ascii_uppercase();
    let family: String = up
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    // "AES", "AES256", "AES-256-GCM", "CAMELLIA-128", "SEED", "KCIPHER-2"
    let family = family.trim_end_matches(|c: char| c.is_ascii_digit());
    matches!(family, "AES" | "CAMELLIA" | "SEED" | "KCIPHER" | "CHACHA")
}

/// R4: 高度な暗号化 (tri-state).
pub fn strongly_encrypted(p: Option<&Protection>) -> Tri {
    match p {
        None => Some(false),
        Some(p) if !recognised_algorithm(&p.algorithm) => Some(false),
        Some(p) => or3(p.key_separated, p.remote_wipe),
    }
}

fn recovered(req: &AssessRequest) -> bool {
    req.incident.recovered_unviewed == Some(true)
}

fn established(req: &AssessRequest, code: &str) -> bool {
    req.organisation.established_in.iter().any(|c| c == code)
}

/// A head count as an interval `lo..=hi` (`hi: None` = no known upper bound).
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub lo: u64,
    pub hi: Option<u64>,
}

fn span_of(c: Option<Count>) -> Span {
    match c {
        None => Span { lo: 0, hi: None },
        Some(c) => Span {
            lo: c.min(),
            hi: c.max(),
        },
    }
}

fn plus(a: Span, b: Span) -> Span {
    Span {
        lo: a.lo.saturating_add(b.lo),
        hi: a.hi.zip(b.hi).map(|(x, y)| x.saturating_add(y)),
    }
}

/// The sum of the counts under the keys `keep` accepts (absent keys count 0).
fn sum_where(req: &AssessRequest, keep: impl Fn(&str) -> bool) -> Span {
    req.data
        .persons
        .iter()
        .filter(|(k, _)| keep(k))
        .fold(Span { lo: 0, hi: Some(0) }, |acc, (_, c)| {
            plus(acc, span_of(*c))
        })
}

/// R7': a head count above `limit`: certainly when its lower bound is; also when its upper
/// bound is (a suspected leak of that many counts, §1.2 "おそれ"); undetermined when unbounded.
pub fn above_span(s: Span, limit: u64) -> Tri {
    if s.lo > limit {
        return Some(true);
    }
    s.hi.map(|h| h > limit)
}

/// [`above_span`] for a single count.
pub fn above(c: Count, limit: u64) -> Tri {
    above_span(span_of(Some(c)), limit)
}

/// `count` above `limit`, where the persons of `unknown` jurisdiction may or may not belong:
/// decided only if both readings agree.
fn above_maybe(req: &AssessRequest, count: Span, limit: u64) -> Tri {
    let none_in = above_span(count, limit);
    match req.data.persons.get("unknown") {
        None | Some(Some(Count::Exact(0))) => none_in,
        Some(u) => {
            let all_in = above_span(plus(count, span_of(*u)), limit);
            if none_in == all_in { none_in } else { None }
        }
    }
}

/// The EU/EEA member countries (R8').
pub const EU_EEA: [&str; 30] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

fn is_eu_key(k: &str) -> bool {
    let country = k.split('-').next().unwrap_or(k);
    k == "EU" || k == "EEA" || EU_EEA.contains(&country)
}

fn is_public(req: &AssessRequest) -> bool {
    matches!(
        req.organisation.org_type,
        OrgType::PublicBody | OrgType::LocalGovernment
    )
}

/// R11': the Japanese rules apply (established in Japan, or Art. 171 for a business).
pub fn jp_scope(req: &AssessRequest) -> Tri {
    if established(req, "JP") {
        return Some(true);
    }
    if is_public(req) {
        return Some(false);
    }
    above_maybe(req, sum_where(req, |k| k == "JP"), 0)
}

/// R7': the head-count trigger for Japan.
pub fn jp_count_trigger(req: &AssessRequest) -> Tri {
    let limit = if is_public(req) { 100 } else { 1000 };
    if established(req, "JP") {
        above_span(sum_where(req, |_| true), limit)
    } else {
        above_maybe(req, sum_where(req, |k| k == "JP"), limit)
    }
}

fn listed(req: &AssessRequest, cats: &[Category]) -> Option<bool> {
    req.data
        .categories
        .as_ref()
        .map(|l| l.iter().any(|c| cats.contains(c)))
}

/// R12: `sensitive` with the categories taken into account.
pub fn sensitive(req: &AssessRequest) -> Tri {
    let from_list = listed(
        req,
        &[
            Category::Health,
            Category::Genetic,
            Category::SpecialCategory,
        ],
    );
    match (req.data.sensitive, from_list) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), _) | (None, Some(false)) => Some(false),
        (None, None) => None,
    }
}

/// R12: `financial_risk` with the categories taken into account.
pub fn financial(req: &AssessRequest) -> Tri {
    let from_list = listed(
        req,
        &[
            Category::PaymentCard,
            Category::FinancialAccount,
            Category::Credentials,
        ],
    );
    match (req.data.financial_risk, from_list) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), _) | (None, Some(false)) => Some(false),
        (None, None) => None,
    }
}

/// The JP trigger set of Rule 7 (R43 for public bodies; item 5 for local government).
pub fn jp_triggers(req: &AssessRequest) -> Tri {
    let mut t = or3(sensitive(req), financial(req));
    t = or3(t, malicious(req));
    t = or3(t, jp_count_trigger(req));
    if req.organisation.org_type == OrgType::LocalGovernment {
        t = or3(t, listed(req, &[Category::OrdinanceSensitive]));
    }
    t
}

/// The 確報 period: 60 days when the malicious trigger holds, or when malice is unknown and no
/// other trigger can hold.
pub fn final_days(req: &AssessRequest) -> i64 {
    match malicious(req) {
        Some(true) => 60,
        Some(false) => 30,
        None => {
            let mut others = or3(sensitive(req), financial(req));
            others = or3(others, jp_count_trigger(req));
            if req.organisation.org_type == OrgType::LocalGovernment {
                others = or3(others, listed(req, &[Category::OrdinanceSensitive]));
            }
            if others == Some(false) { 60 } else { 30 }
        }
    }
}

/// Whether the JP obligations (and the status of the reports) apply, tri-state.
pub fn jp_duty(req: &AssessRequest) -> Tri {
    let start = if req.organisation.org_type == OrgType::LocalGovernment {
        ymd(2023, 4, 1)
    } else {
        ymd(2022, 4, 1)
    };
    if (req.organisation.role == Role::Processor && req.organisation.org_type == OrgType::Business)
        || recovered(req)
        || jp_day1(req.incident.aware_at) < start
    {
        return Some(false);
    }
    and3(
        jp_scope(req),
        and3(
            jp_triggers(req),
            not3(strongly_encrypted(req.data.protection.as_ref())),
        ),
    )
}

/// R13: the notice to individuals of a public body is not due for Art. 78(1) information.
pub fn jp_individuals(req: &AssessRequest) -> Tri {
    if is_public(req) && listed(req, &[Category::NonDisclosure]) == Some(true) {
        return Some(false);
    }
    jp_duty(req)
}

/// R8: whether GDPR applies (tri-state).
pub fn gdpr_applies(req: &AssessRequest) -> Tri {
    // 2018-05-25T00:00 at +01:00 (23:00 UTC): by then the Regulation applied in every member
    // state (the last to reach 25 May were Ireland and Portugal, at +01:00 in summer).
    let from = FixedOffset::east_opt(3600)
        .expect("valid offset")
        .from_local_datetime(&ymd(2018, 5, 25).and_hms_opt(0, 0, 0).expect("valid time"))
        .single()
        .expect("fixed offset is unambiguous");
    if req.incident.aware_at < from {
        return Some(false);
    }
    if req.organisation.established_in.iter().any(|c| is_eu_key(c)) {
        return Some(true);
    }
    above_maybe(req, sum_where(req, is_eu_key), 0)
}

/// Art. 34(3)(a): the data was unintelligible to anyone without the key — a recognised
/// algorithm AND the key kept apart from the data (tri-state). A remote wipe is not enough: until
/// it runs, a finder holding device and key can read the data.
pub fn unintelligible(p: Option<&Protection>) -> Tri {
    match p {
        None => Some(false),
        Some(p) if !recognised_algorithm(&p.algorithm) => Some(false),
        Some(p) => p.key_separated,
    }
}

/// Art. 33: notify the supervisory authority.
pub fn gdpr_authority(req: &AssessRequest) -> Tri {
    if req.organisation.role == Role::Processor || recovered(req) {
        return Some(false);
    }
    let by_risk = match req.data.risk {
        Some(RiskLevel::Unlikely) => Some(false),
        Some(RiskLevel::Risk) | Some(RiskLevel::High) => Some(true),
        None => None,
    };
    and3(gdpr_applies(req), by_risk)
}

/// Art. 34: communicate to the data subjects.
pub fn gdpr_individuals(req: &AssessRequest) -> Tri {
    if req.organisation.role == Role::Processor || recovered(req) {
        return Some(false);
    }
    let high = req.data.risk.map(|r| r == RiskLevel::High);
    let unprotected = not3(unintelligible(req.data.protection.as_ref()));
    and3(gdpr_applies(req), and3(high, unprotected))
}

/// The model's answer for the five obligations, in [`IDS`] order.
pub fn assess(req: &AssessRequest) -> [Ob; 5] {
    let at = req.incident.aware_at;
    let jp = St::of(jp_duty(req));
    let final_days = final_days(req);
    [
        Ob {
            id: IDS[0],
            status: jp,
            due: preliminary_window(at),
        },
        Ob {
            id: IDS[1],
            status: jp,
            due: Due::Deadline(final_deadline(at, final_days)),
        },
        Ob {
            id: IDS[2],
            status: St::of(jp_individuals(req)),
            due: Due::WithoutUndueDelay,
        },
        Ob {
            id: IDS[3],
            status: St::of(gdpr_authority(req)),
            due: Due::Deadline(at + Duration::hours(72)),
        },
        Ob {
            id: IDS[4],
            status: St::of(gdpr_individuals(req)),
            due: Due::WithoutUndueDelay,
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// The response plan (issue 25): the group each modelled obligation belongs to, and what a
// group of modelled obligations must say (worst status, earliest due instant), derived here
// from the model's own obligations, independently of the engine's plan code.

/// The plan group key of a modelled obligation (one group per stage of the Japanese report).
pub fn plan_key(id: &str) -> &'static str {
    match id {
        "jp.appi.ppc.preliminary" => "jp:regulator:preliminary",
        "jp.appi.ppc.final" => "jp:regulator:final",
        "jp.appi.individuals" => "jp:individuals",
        "eu.gdpr.authority" => "eu:regulator",
        "eu.gdpr.individuals" => "eu:individuals",
        other => panic!("not modelled: {other}"),
    }
}

fn rank(s: St) -> u8 {
    match s {
        St::Required => 0,
        St::Possible => 1,
        St::NotRequired => 2,
    }
}

/// The worse of two statuses (required before possible before not required).
pub fn worse(a: St, b: St) -> St {
    if rank(a) <= rank(b) { a } else { b }
}

/// The instant a due time is planned by: a deadline, or a window's target.
pub fn due_instant(d: &Due) -> Option<DateTime<FixedOffset>> {
    match d {
        Due::Deadline(at) => Some(*at),
        Due::Window { target, .. } => Some(*target),
        Due::WithoutUndueDelay => None,
    }
}

/// Per plan key: the worst status and earliest due instant of the modelled obligations that
/// apply (not `not_required`; those belong to no group).
pub fn plan_expect(obs: &[Ob]) -> Vec<(&'static str, St, Option<DateTime<FixedOffset>>)> {
    let mut out: Vec<(&'static str, St, Option<DateTime<FixedOffset>>)> = Vec::new();
    for o in obs.iter().filter(|o| o.status != St::NotRequired) {
        let k = plan_key(o.id);
        let due = due_instant(&o.due);
        match out.iter_mut().find(|(key, _, _)| *key == k) {
            Some((_, s, d)) => {
                *s = worse(*s, o.status);
                *d = match (*d, due) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            None => out.push((k, o.status, due)),
        }
    }
    out
}

#[cfg(test)]
mod self_tests {
    use super::*;

    // Facts from the Cabinet Office list (内閣府「国民の祝日について」), spot checks of the model
    // itself; the differential test compares it with the engine across 2000–2041.
    #[test]
    fn known_holidays() {
        let h = |y, m, d| is_holiday(ymd(y, m, d));
        assert!(h(2019, 4, 30) && h(2019, 5, 1) && h(2019, 5, 2) && h(2019, 5, 6));
        assert!(h(2019, 10, 22));
        assert!(!h(2019, 12, 23) && !h(2019, 2, 23));
        assert!(h(2020, 7, 23) && h(2020, 7, 24) && h(2020, 8, 10) && !h(2020, 10, 12));
        assert!(h(2021, 7, 22) && h(2021, 7, 23) && h(2021, 8, 8) && h(2021, 8, 9));
        assert!(h(2015, 9, 22) && h(2026, 9, 22) && h(2009, 9, 22)); // シルバーウィーク
        assert!(h(2008, 5, 6) && h(2014, 5, 6) && h(2025, 5, 6)); // 2007-rule substitutes
        assert!(h(2003, 5, 5) && !h(2003, 5, 4)); // 4 May 2003 a Sunday: no 国民の休日 then
        assert!(h(2006, 5, 4)); // 国民の休日 before 2007
        assert!(h(2024, 3, 20) && h(2024, 9, 22) && h(2024, 9, 23));
        assert!(h(2012, 9, 22) && h(2000, 3, 20) && h(2000, 9, 23));
        assert!(h(2000, 1, 10) && h(2000, 10, 9)); // first Happy-Monday year
        assert!(h(2002, 9, 16) && h(2003, 9, 15)); // 敬老の日 moves in 2003
        assert_eq!(holidays(2026).len(), 18);
        assert_eq!(holidays(2019).len(), 22);
        assert_eq!(holidays(2000).len(), 15);
    }

    #[test]
    fn final_rolls_past_new_year() {
        // aware 1 Dec 2026 → day 30 = 30 Dec (closed) → Mon 4 Jan 2027.
        let at = DateTime::parse_from_rfc3339("2026-12-01T10:00:00+09:00").unwrap();
        assert_eq!(
            final_deadline(at, 30).to_rfc3339(),
            "2027-01-04T23:59:59+09:00"
        );
        // UTC evening is already the next JST day.
        let at = DateTime::parse_from_rfc3339("2026-11-30T20:00:00+00:00").unwrap();
        assert_eq!(jp_day1(at), ymd(2026, 12, 1));
    }
}
