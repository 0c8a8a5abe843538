//! Evaluation of a compiled [`RulePack`] against an [`AssessRequest`].

use std::borrow::Cow;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};

use super::assessment::{
    ASSESSMENT_SCHEMA, Assessment, Due, DueStatus, JpReportDraft, Obligation, ObligationStatus,
    ReportItem,
};
use super::crypto::AlgorithmClass;
use super::pack::{Anchor, CalRef, Cond, DeadlineSpec, Rule, RulePack, Seg, Template};
use super::predicate::{
    EnumFact, Eval, FactRef, Facts, Pred, Tri, enum_variants, is_code, missing_paths,
};
use super::request::{ASSESS_REQUEST_SCHEMA, AssessRequest};
use crate::error::{Error, Result};

/// Incidents must have been learned of in these years (UTC); the holiday rules are
/// implemented for 2000–2150 and deadlines may run a few months past the awareness date.
pub const AWARE_AT_YEARS: std::ops::RangeInclusive<i32> = 2000..=2149;

/// Check a request's invariants beyond what its types enforce. Errors name the field.
pub fn validate_request(req: &AssessRequest) -> Result<()> {
    if req.schema != ASSESS_REQUEST_SCHEMA {
        return Err(Error::invalid(
            "schema",
            format!("expected `{ASSESS_REQUEST_SCHEMA}`"),
        ));
    }
    let y = req.incident.aware_at.naive_utc().year();
    if !AWARE_AT_YEARS.contains(&y) {
        return Err(Error::invalid(
            "incident.aware_at",
            format!(
                "year {y} is outside the supported range {}–{}",
                AWARE_AT_YEARS.start(),
                AWARE_AT_YEARS.end()
            ),
        ));
    }
    if let Some(a) = req.incident.assessed_at {
        if a < req.incident.aware_at {
            return Err(Error::invalid(
                "incident.assessed_at",
                "must not be earlier than incident.aware_at",
            ));
        }
        if !AWARE_AT_YEARS.contains(&a.naive_utc().year()) {
            return Err(Error::invalid(
                "incident.assessed_at",
                "year outside the supported range",
            ));
        }
    }
    for (i, c) in req.organisation.established_in.iter().enumerate() {
        if !is_code(c) {
            return Err(Error::invalid(
                format!("organisation.established_in[{i}]"),
                "expected a jurisdiction code such as `JP`, `EU`, `US-CA` (A-Z, 0-9, -)",
            ));
        }
    }
    for k in req.data.persons.keys() {
        if !is_code(k) {
            return Err(Error::invalid(
                "data.persons",
                "keys are jurisdiction codes such as `JP`, `EU`, `US-CA` (A-Z, 0-9, -)",
            ));
        }
    }
    if let Some(p) = &req.data.protection
        && p.algorithm.len() > 256
    {
        return Err(Error::invalid(
            "data.protection.algorithm",
            "longer than 256 bytes",
        ));
    }
    Ok(())
}

/// How a calendar-day deadline was counted (explained in the reasons).
struct Counting {
    start: NaiveDate,
    days: u32,
    inclusive: bool,
    nth: NaiveDate,
    last: NaiveDate,
    rolls: bool,
}

impl Counting {
    fn explain(&self, offset: FixedOffset) -> String {
        let mut s = String::with_capacity(160);
        if self.inclusive {
            s.push_str("Counting: day 1 = ");
            push_date(&mut s, self.start);
            s.push_str(" (");
            push_offset(&mut s, offset);
            s.push_str(", the day of awareness); day ");
            push_u64(&mut s, u64::from(self.days));
            s.push_str(" = ");
        } else {
            s.push_str("Counting: ");
            push_u64(&mut s, u64::from(self.days));
            s.push_str(" days after ");
            push_date(&mut s, self.start);
            s.push_str(" (");
            push_offset(&mut s, offset);
            s.push_str("; that day not counted) = ");
        }
        push_date(&mut s, self.nth);
        if self.last != self.nth {
            s.push_str(", a closed day, moved forward to ");
            push_date(&mut s, self.last);
            s.push_str(" (the next open day).");
        } else if self.rolls {
            s.push_str(", an open day.");
        } else {
            s.push('.');
        }
        s
    }
}

/// Append a decimal number without going through `core::fmt` (hot path).
fn push_u64(s: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("?"));
}

fn push_2(s: &mut String, n: u32) {
    s.push(char::from(b'0' + (n / 10 % 10) as u8));
    s.push(char::from(b'0' + (n % 10) as u8));
}

/// Append `YYYY-MM-DD`.
fn push_date(s: &mut String, d: NaiveDate) {
    let y = d.year();
    if (1000..=9999).contains(&y) {
        push_u64(s, y as u64);
    } else {
        let _ = write!(s, "{y:04}");
    }
    s.push('-');
    push_2(s, d.month());
    s.push('-');
    push_2(s, d.day());
}

/// Append `+HH:MM`.
fn push_offset(s: &mut String, o: FixedOffset) {
    let secs = o.local_minus_utc();
    s.push(if secs < 0 { '-' } else { '+' });
    let m = secs.unsigned_abs() / 60;
    push_2(s, m / 60);
    s.push(':');
    push_2(s, m % 60);
}

fn out_of_range() -> Error {
    Error::invalid("incident.aware_at", "deadline date out of range")
}

fn end_of_day(date: NaiveDate, offset: FixedOffset) -> Result<DateTime<FixedOffset>> {
    let t = NaiveTime::from_hms_opt(23, 59, 59).ok_or_else(out_of_range)?;
    offset
        .from_local_datetime(&date.and_time(t))
        .single()
        .ok_or_else(out_of_range)
}

fn add_days(date: NaiveDate, n: u32) -> Result<NaiveDate> {
    date.checked_add_days(chrono::Days::new(u64::from(n)))
        .ok_or_else(out_of_range)
}

/// Day `n` counted from `start`: with first-day-inclusive counting `start` is day 1.
fn nth_day(start: NaiveDate, n: u32, inclusive: bool) -> Result<NaiveDate> {
    add_days(start, if inclusive { n.saturating_sub(1) } else { n })
}

impl RulePack {
    fn roll(&self, date: NaiveDate, cal: Option<CalRef>) -> Result<NaiveDate> {
        match cal {
            None => Ok(date),
            Some(c) => self
                .calendar(c)
                .roll_forward(date)
                .ok_or_else(|| Error::invalid("incident.aware_at", "no open day to roll to")),
        }
    }

    fn due(
        &self,
        spec: &DeadlineSpec,
        anchor: DateTime<FixedOffset>,
        offset: FixedOffset,
        counting: &mut Option<Counting>,
    ) -> Result<Due> {
        let local = anchor.with_timezone(&offset);
        let day = local.date_naive();
        Ok(match *spec {
            DeadlineSpec::Hours { hours, .. } => Due::Deadline {
                at: local
                    .checked_add_signed(Duration::hours(i64::from(hours)))
                    .ok_or_else(out_of_range)?,
            },
            DeadlineSpec::CalendarDays {
                days,
                inclusive,
                roll,
                ..
            } => {
                let nth = nth_day(day, days, inclusive)?;
                let last = self.roll(nth, roll)?;
                *counting = Some(Counting {
                    start: day,
                    days,
                    inclusive,
                    nth,
                    last,
                    rolls: roll.is_some(),
                });
                Due::Deadline {
                    at: end_of_day(last, offset)?,
                }
            }
            DeadlineSpec::BusinessDays { days, cal, .. } => {
                let last = self
                    .calendar(cal)
                    .add_business_days(day, days)
                    .ok_or_else(out_of_range)?;
                Due::Deadline {
                    at: end_of_day(last, offset)?,
                }
            }
            DeadlineSpec::Window {
                target,
                latest,
                inclusive,
                ..
            } => Due::Window {
                target: end_of_day(nth_day(day, target, inclusive)?, offset)?,
                latest: end_of_day(nth_day(day, latest, inclusive)?, offset)?,
            },
            DeadlineSpec::DaysAfterYearEnd { days } => {
                let year_end =
                    NaiveDate::from_ymd_opt(day.year(), 12, 31).ok_or_else(out_of_range)?;
                Due::Deadline {
                    at: end_of_day(add_days(year_end, days)?, offset)?,
                }
            }
            DeadlineSpec::WithoutUndueDelay => Due::WithoutUndueDelay,
        })
    }

    /// Assess `req` against this pack. Pure and deterministic: the same request gives the same
    /// assessment, byte for byte once serialised.
    pub fn assess(&self, req: &AssessRequest) -> Result<Assessment> {
        validate_request(req)?;
        let facts = Facts::new(req, &self.count_slots);
        let mut obligations = Vec::with_capacity(8);
        let mut missing_mask = 0u64;
        let mut draft = false;
        let mut scopes = ScopeCache::new(&self.scopes);
        for group in &self.groups {
            let Some((rule, scope)) = self.select(group, &facts, &mut scopes) else {
                continue;
            };
            let (ob, mask) = self.evaluate(rule, scope, &facts)?;
            if rule.report_draft && ob.status != ObligationStatus::NotRequired {
                draft = true;
            }
            missing_mask |= mask;
            obligations.push(ob);
        }
        let mut missing_facts = Vec::new();
        missing_paths(missing_mask, &self.count_slots, req, &mut missing_facts);
        missing_facts.sort_unstable();
        missing_facts.dedup();
        Ok(Assessment {
            schema: ASSESSMENT_SCHEMA.to_string(),
            rules_version: self.rules_version.clone(),
            obligations,
            missing_facts,
            jp_report_draft: draft.then(|| jp_report_draft(req)),
        })
    }

    /// Like [`assess`](Self::assess), then classify every obligation against a
    /// caller-supplied `now` (see [`with_timing`]). The engine never reads a clock.
    pub fn assess_at(
        &self,
        req: &AssessRequest,
        now: DateTime<FixedOffset>,
        due_soon: Duration,
    ) -> Result<Assessment> {
        let mut a = self.assess(req)?;
        with_timing(&mut a, now, due_soon);
        Ok(a)
    }

    /// Pick the version/variant of one obligation that applies: among those whose scope is not
    /// false, the first in force on the awareness date; else the next one to come into force;
    /// else the last that expired.
    fn select<'r>(
        &self,
        group: &'r [Rule],
        facts: &Facts<'_>,
        scopes: &mut ScopeCache<'_>,
    ) -> Option<(&'r Rule, Eval)> {
        let mut upcoming: Option<(&Rule, Eval)> = None;
        let mut expired: Option<(&Rule, Eval)> = None;
        for r in group {
            let scope = scopes.eval(r.scope, facts);
            if scope.tri == Tri::False {
                continue;
            }
            let day = facts
                .req
                .incident
                .aware_at
                .with_timezone(&r.offset)
                .date_naive();
            if r.from.is_some_and(|f| day < f) {
                if upcoming.is_none_or(|(u, _)| r.from < u.from) {
                    upcoming = Some((r, scope));
                }
            } else if r.to.is_some_and(|t| day >= t) {
                expired = Some((r, scope));
            } else {
                return Some((r, scope));
            }
        }
        upcoming.or(expired)
    }

    fn evaluate(&self, rule: &Rule, scope: Eval, facts: &Facts<'_>) -> Result<(Obligation, u64)> {
        let req = facts.req;
        let day = req
            .incident
            .aware_at
            .with_timezone(&rule.offset)
            .date_naive();
        let mut reasons: Vec<String> = Vec::with_capacity(6);

        // Deadline (computed for every status, so callers see what would apply).
        let mut spec = &rule.deadline;
        let mut override_reason = None;
        for o in &rule.overrides {
            if facts.eval(&o.when).tri == Tri::True {
                spec = &o.deadline;
                override_reason = Some(&o.reason);
                break;
            }
        }
        let (anchor, anchor_note) = match (spec.anchor(), req.incident.assessed_at) {
            (Anchor::AssessedAt, Some(a)) => (a, None),
            (Anchor::AssessedAt, None) => (
                req.incident.aware_at,
                Some(
                    "Counted from incident.aware_at because incident.assessed_at is not given (the earliest possible day).",
                ),
            ),
            (Anchor::AwareAt, _) => (req.incident.aware_at, None),
        };
        let mut counting = None;
        let due = self.due(spec, anchor, rule.offset, &mut counting)?;

        let not_yet = rule.from.filter(|f| day < *f);
        let expired = rule.to.filter(|t| day >= *t);
        if not_yet.is_some() || expired.is_some() {
            let mut s = String::with_capacity(160);
            match (not_yet, expired) {
                (Some(f), _) => {
                    let _ = write!(
                        s,
                        "Not in force: {} applies to incidents learned of on or after {f}; incident.aware_at is {day} ({}).",
                        rule.basis, rule.offset
                    );
                }
                (_, Some(t)) => {
                    let _ = write!(
                        s,
                        "No longer in force: this version of {} applied to incidents learned of before {t}.",
                        rule.basis
                    );
                }
                _ => {}
            }
            reasons.push(s);
            return Ok((
                self.obligation(rule, ObligationStatus::NotRequired, due, reasons),
                0,
            ));
        }

        let trig_evals: smallvec_like::Evals =
            rule.triggers.iter().map(|c| facts.eval(&c.when)).collect();
        let ex_evals: smallvec_like::Evals = rule
            .exemptions
            .iter()
            .map(|c| facts.eval(&c.when))
            .collect();
        let trig = if rule.triggers.is_empty() {
            Eval::TRUE
        } else {
            trig_evals.iter().fold(Eval::FALSE, |a, e| a.or(*e))
        };
        let exempt = ex_evals.iter().fold(Eval::FALSE, |a, e| a.or(*e));
        let result = scope.and(trig).and(exempt.not());
        let status = match result.tri {
            Tri::True => ObligationStatus::Required,
            Tri::False => ObligationStatus::NotRequired,
            Tri::Unknown => ObligationStatus::Possible,
        };

        if let Some(t) = &rule.scope_reason {
            reasons.push(render(t, facts));
        }
        // Triggers.
        match trig.tri {
            Tri::False => {
                if let Some(t) = &rule.no_trigger_reason {
                    reasons.push(render(t, facts));
                }
            }
            _ => push_conds(&mut reasons, &rule.triggers, &trig_evals, facts),
        }
        // Exemptions.
        if trig.tri != Tri::False {
            push_conds(&mut reasons, &rule.exemptions, &ex_evals, facts);
        }
        if status != ObligationStatus::NotRequired {
            if let Some(t) = override_reason {
                reasons.push(render(t, facts));
            }
            if let Some(n) = anchor_note {
                reasons.push(n.to_string());
            }
            if let Some(c) = counting {
                reasons.push(c.explain(rule.offset));
            }
            for n in &rule.notes {
                reasons.push(render(n, facts));
            }
        }
        let mask = if status == ObligationStatus::Possible {
            result.missing
        } else {
            0
        };
        Ok((self.obligation(rule, status, due, reasons), mask))
    }

    fn obligation(
        &self,
        rule: &Rule,
        status: ObligationStatus,
        due: Due,
        reasons: Vec<String>,
    ) -> Obligation {
        Obligation {
            id: rule.id.clone(),
            jurisdiction: rule.jurisdiction.clone(),
            recipient: rule.recipient,
            status,
            due,
            basis: rule.basis.clone(),
            verification: rule.verification,
            reasons,
            timing: None,
        }
    }
}

/// Per-request memo of scope evaluations (many rules share a scope).
struct ScopeCache<'p> {
    preds: &'p [Pred],
    memo: [Option<Eval>; 32],
}

impl<'p> ScopeCache<'p> {
    fn new(preds: &'p [Pred]) -> Self {
        ScopeCache {
            preds,
            memo: [None; 32],
        }
    }

    fn eval(&mut self, i: usize, facts: &Facts<'_>) -> Eval {
        if let Some(Some(e)) = self.memo.get(i) {
            return *e;
        }
        let e = facts.eval(&self.preds[i]);
        if let Some(slot) = self.memo.get_mut(i) {
            *slot = Some(e);
        }
        e
    }
}

/// A tiny fixed-capacity vector so rule evaluation does not allocate for the condition lists.
mod smallvec_like {
    use super::Eval;

    const CAP: usize = 16;

    pub(super) struct Evals {
        buf: [Eval; CAP],
        len: usize,
        spill: Vec<Eval>,
    }

    impl FromIterator<Eval> for Evals {
        fn from_iter<I: IntoIterator<Item = Eval>>(it: I) -> Self {
            let mut e = Evals {
                buf: [Eval::FALSE; CAP],
                len: 0,
                spill: Vec::new(),
            };
            for v in it {
                if e.len < CAP {
                    e.buf[e.len] = v;
                    e.len += 1;
                } else {
                    e.spill.push(v);
                }
            }
            e
        }
    }

    impl Evals {
        pub(super) fn iter(&self) -> impl Iterator<Item = &Eval> {
            self.buf[..self.len].iter().chain(self.spill.iter())
        }
        pub(super) fn get(&self, i: usize) -> Eval {
            if i < CAP {
                self.buf[i]
            } else {
                self.spill[i - CAP]
            }
        }
    }
}

fn push_conds(
    reasons: &mut Vec<String>,
    conds: &[Cond],
    evals: &smallvec_like::Evals,
    facts: &Facts<'_>,
) {
    for (i, c) in conds.iter().enumerate() {
        match evals.get(i).tri {
            Tri::True => reasons.push(render(&c.reason, facts)),
            Tri::Unknown => {
                let s = match &c.reason_unknown {
                    Some(t) => render(t, facts),
                    None => {
                        let mut s = String::from("Undetermined (a fact is unknown): ");
                        s.push_str(&render(&c.reason, facts));
                        s
                    }
                };
                reasons.push(s);
            }
            Tri::False => {
                if let Some(t) = &c.reason_false {
                    reasons.push(render(t, facts));
                }
            }
        }
    }
}

fn tri_str(e: Eval) -> &'static str {
    match e.tri {
        Tri::True => "true",
        Tri::False => "false",
        Tri::Unknown => "unknown",
    }
}

/// Render a reason template against the request's facts.
fn render(t: &Template, facts: &Facts<'_>) -> String {
    let mut s = String::with_capacity(t.len_hint);
    for seg in &t.segs {
        match seg {
            Seg::Lit(l) => s.push_str(l),
            Seg::Fact(f) => match f {
                FactRef::Bool(b) => s.push_str(tri_str(facts.bool_fact(*b))),
                FactRef::Count(slot) => match facts.count(*slot) {
                    (n, false) => push_u64(&mut s, n),
                    (n, true) if n > 0 => {
                        s.push_str("at least ");
                        push_u64(&mut s, n);
                        s.push_str(" (some counts unknown)");
                    }
                    _ => s.push_str("unknown"),
                },
                FactRef::Enum(e) => {
                    let r = facts.req;
                    let idx = match e {
                        EnumFact::OrgType => Some(r.organisation.org_type as usize),
                        EnumFact::Role => Some(r.organisation.role as usize),
                        EnumFact::Kind => Some(r.incident.kind as usize),
                        EnumFact::Risk => r.data.risk.map(|v| v as usize),
                    };
                    match idx.and_then(|i| enum_variants(*e).get(i)) {
                        Some(v) => s.push_str(v),
                        None => s.push_str("unknown"),
                    }
                }
                FactRef::EstablishedIn => {
                    s.push_str(&facts.req.organisation.established_in.join(", "))
                }
                FactRef::Algorithm => match &facts.req.data.protection {
                    Some(p) => {
                        let name: String = p
                            .algorithm
                            .chars()
                            .take(64)
                            .filter(|c| !c.is_control())
                            .collect();
                        s.push_str(&name);
                        if facts.algorithm == AlgorithmClass::AcceptedUnlisted {
                            s.push_str(" (not on the CRYPTREC list or ISO/IEC 18033; accepted by mamori as equivalent strength — check)");
                        } else if facts.algorithm == AlgorithmClass::Unrecognised {
                            s.push_str(" (not a recognised algorithm)");
                        }
                    }
                    None => s.push_str("none"),
                },
                FactRef::AwareAt => {
                    let _ = write!(s, "{}", facts.req.incident.aware_at.to_rfc3339());
                }
            },
        }
    }
    s
}

const ITEMS: [(&str, &str); 9] = [
    ("summary", "概要"),
    (
        "data_items",
        "漏えい等が発生し、又は発生したおそれがある個人データの項目",
    ),
    (
        "affected_count",
        "漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数",
    ),
    ("cause", "原因"),
    ("secondary_harm", "二次被害又はそのおそれの有無及びその内容"),
    ("individual_response_status", "本人への対応の実施状況"),
    ("publication_status", "公表の実施状況"),
    ("prevention_measures", "再発防止のための措置"),
    ("other", "その他参考となる事項"),
];

/// Items the notice to individuals carries (PPC Rules Art. 10: items 1, 2, 4, 5, 9).
const INDIVIDUAL_ITEMS: [usize; 5] = [1, 2, 4, 5, 9];

/// Build the nine-item Japanese report draft from the request.
pub fn jp_report_draft(req: &AssessRequest) -> JpReportDraft {
    let r = req.report.as_ref();
    let text = |f: fn(&super::request::ReportInput) -> &Option<String>| {
        r.and_then(|r| f(r).as_ref())
            .filter(|s| !s.trim().is_empty())
            .cloned()
    };
    let count = r
        .and_then(|r| r.affected_count)
        .or_else(|| req.data.persons.get("JP").copied().flatten())
        .map(|n| {
            let mut s = String::with_capacity(20);
            push_u64(&mut s, n);
            s
        });
    let values = [
        text(|r| &r.summary),
        text(|r| &r.data_items),
        count,
        text(|r| &r.cause),
        text(|r| &r.secondary_harm),
        text(|r| &r.individual_response_status),
        text(|r| &r.publication_status),
        text(|r| &r.prevention_measures),
        text(|r| &r.other),
    ];
    let mut items = Vec::with_capacity(9);
    let mut empty = Vec::new();
    let mut individual_empty = Vec::new();
    for (i, ((key, label), value)) in ITEMS.iter().zip(values).enumerate() {
        let number = (i + 1) as u8;
        if value.is_none() {
            empty.push(Cow::Borrowed(*key));
            if INDIVIDUAL_ITEMS.contains(&(i + 1)) {
                individual_empty.push(Cow::Borrowed(*key));
            }
        }
        items.push(ReportItem {
            number,
            key: Cow::Borrowed(key),
            label_ja: Cow::Borrowed(label),
            value,
        });
    }
    JpReportDraft {
        final_report_complete: empty.is_empty(),
        items,
        empty_items: empty,
        individual_notice_empty_items: individual_empty,
    }
}

/// Classify each obligation of `a` against `now`: `due_soon` is the margin before a deadline
/// (or a window's target) at which an obligation counts as due soon.
pub fn with_timing(a: &mut Assessment, now: DateTime<FixedOffset>, due_soon: Duration) {
    for ob in &mut a.obligations {
        ob.timing = Some(if ob.status == ObligationStatus::NotRequired {
            DueStatus::NotApplicable
        } else {
            match &ob.due {
                Due::Deadline { at } => {
                    if now > *at {
                        DueStatus::Overdue
                    } else if *at - now <= due_soon {
                        DueStatus::DueSoon
                    } else {
                        DueStatus::OnTrack
                    }
                }
                Due::Window { target, latest } => {
                    if now > *latest {
                        DueStatus::Overdue
                    } else if now > *target {
                        DueStatus::TargetPassed
                    } else if *target - now <= due_soon {
                        DueStatus::DueSoon
                    } else {
                        DueStatus::OnTrack
                    }
                }
                Due::WithoutUndueDelay => DueStatus::Immediate,
            }
        });
    }
}
