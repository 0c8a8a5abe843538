//! Evaluation of a compiled [`RulePack`] against an [`AssessRequest`].

use std::borrow::Cow;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};

use super::algorithms::AlgorithmClass;
use super::assessment::{
    ASSESSMENT_SCHEMA, Assessment, Due, DueStatus, JpReportDraft, Obligation, ObligationStatus,
    ReportItem,
};
use super::count::Count;
use super::messages::{Messages, messages};
use super::pack::{Anchor, CalRef, Cond, DeadlineSpec, Rule, RulePack, Seg, Template, Zone};
use super::predicate::{
    EnumFact, Eval, FactRef, Facts, Mask, Pred, Total, Tri, enum_variants, is_code, missing_paths,
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
    // A notice recorded as done (the start of an `after_obligation` clock) cannot precede
    // the awareness it answers, and must stay in the supported years (no date overflow).
    for (id, at) in &req.incident.done {
        if *at < req.incident.aware_at {
            return Err(Error::invalid(
                format!("incident.done.{id}"),
                "must not be earlier than incident.aware_at",
            ));
        }
        if !AWARE_AT_YEARS.contains(&at.naive_utc().year()) {
            return Err(Error::invalid(
                format!("incident.done.{id}"),
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
    for (k, c) in &req.data.persons {
        if !is_code(k) && k != "unknown" {
            return Err(Error::invalid(
                "data.persons",
                "keys are jurisdiction codes: ISO 3166 codes such as `JP`, `DE`, `US-CA`, legacy regime keys (`EU`, `UK`) or `unknown` (A-Z, 0-9, -)",
            ));
        }
        if c.is_some_and(|c| !c.is_valid()) {
            return Err(Error::invalid(
                format!("data.persons.{k}"),
                "a range needs min <= max",
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
#[derive(Clone, Copy)]
struct Counting {
    start: NaiveDate,
    days: u32,
    inclusive: bool,
    nth: NaiveDate,
    last: NaiveDate,
    rolls: bool,
}

impl Counting {
    fn explain_into(&self, offset: FixedOffset, m: &Messages, s: &mut String) {
        s.reserve(160);
        let msg = if self.inclusive {
            &m.counting_inclusive
        } else {
            &m.counting_exclusive
        };
        msg.render(s, |v, s| match v {
            "start" => push_date(s, self.start),
            "offset" => push_offset(s, offset),
            "days" => push_u64(s, u64::from(self.days)),
            "nth" => push_date(s, self.nth),
            _ => {}
        });
        if self.last != self.nth {
            m.counting_rolled.render(s, |_, s| push_date(s, self.last));
        } else if self.rolls {
            m.counting_open_day.push(s);
        } else {
            m.counting_end.push(s);
        }
    }
}

/// The calendar date of `t` in `offset` (cheap integer arithmetic).
fn local_day(t: DateTime<FixedOffset>, offset: FixedOffset) -> NaiveDate {
    let secs = t.timestamp() + i64::from(offset.local_minus_utc());
    let days = secs.div_euclid(86_400) + 719_163; // days from 0001-01-01 (CE) to 1970-01-01
    i32::try_from(days)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or_else(|| t.with_timezone(&offset).date_naive())
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
    for &b in &buf[i..] {
        s.push(char::from(b));
    }
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

fn end_of_day(date: NaiveDate, zone: Zone) -> Result<DateTime<FixedOffset>> {
    let t = NaiveTime::from_hms_opt(23, 59, 59).ok_or_else(out_of_range)?;
    let local = date.and_time(t);
    match zone {
        Zone::Fixed(offset) => offset
            .from_local_datetime(&local)
            .single()
            .ok_or_else(out_of_range),
        // 23:59:59 is never skipped by a DST change in practice; if it were ambiguous, the
        // earlier instant is the conservative deadline.
        Zone::Iana(tz) => tz
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.fixed_offset())
            .ok_or_else(out_of_range),
    }
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
        zone: Zone,
        counting: &mut Option<Counting>,
    ) -> Result<Due> {
        if let DeadlineSpec::WithoutUndueDelay = spec {
            return Ok(Due::WithoutUndueDelay);
        }
        let local = zone.local(anchor);
        let day = local.date_naive();
        Ok(match *spec {
            DeadlineSpec::Hours { hours, .. } => Due::Deadline {
                at: zone.local(
                    local
                        .checked_add_signed(Duration::hours(i64::from(hours)))
                        .ok_or_else(out_of_range)?,
                ),
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
                    at: end_of_day(last, zone)?,
                }
            }
            DeadlineSpec::BusinessDays { days, cal, .. } => {
                let last = self
                    .calendar(cal)
                    .add_business_days(day, days)
                    .ok_or_else(out_of_range)?;
                Due::Deadline {
                    at: end_of_day(last, zone)?,
                }
            }
            DeadlineSpec::Window {
                target,
                latest,
                inclusive,
                ..
            } => Due::Window {
                target: end_of_day(nth_day(day, target, inclusive)?, zone)?,
                latest: end_of_day(nth_day(day, latest, inclusive)?, zone)?,
            },
            DeadlineSpec::DaysAfterYearEnd { days } => {
                let year_end =
                    NaiveDate::from_ymd_opt(day.year(), 12, 31).ok_or_else(out_of_range)?;
                Due::Deadline {
                    at: end_of_day(add_days(year_end, days)?, zone)?,
                }
            }
            DeadlineSpec::WithoutUndueDelay => Due::WithoutUndueDelay,
            // Depends on the request and on other obligations: see `relative_due`.
            DeadlineSpec::AfterObligation { .. } => return Err(out_of_range()),
        })
    }

    /// The end of the day `days` (business days on `cal`, else calendar days) after the local
    /// day of `from` in `zone`.
    fn days_after(
        &self,
        from: DateTime<FixedOffset>,
        days: u32,
        cal: Option<CalRef>,
        zone: Zone,
    ) -> Result<DateTime<FixedOffset>> {
        let day = zone.local(from).date_naive();
        let last = match cal {
            Some(c) => self
                .calendar(c)
                .add_business_days(day, days)
                .ok_or_else(out_of_range)?,
            None => add_days(day, days)?,
        };
        end_of_day(last, zone)
    }

    /// An `after_obligation` deadline: counted from `incident.done` when the obligation it
    /// follows was done, else left for [`resolve_relative`](Self::resolve_relative).
    fn relative_due(&self, spec: &DeadlineSpec, req: &AssessRequest, zone: Zone) -> Result<Due> {
        let DeadlineSpec::AfterObligation { target, days, cal } = *spec else {
            return Err(out_of_range());
        };
        let obligation = &self.groups[target][0].id;
        let done_at = req.incident.done.get(obligation).copied();
        let latest = done_at
            .map(|d| self.days_after(d, days, cal, zone))
            .transpose()?;
        Ok(Due::AfterObligation {
            obligation: obligation.clone(),
            days,
            business_days: cal.is_some(),
            done_at,
            latest,
        })
    }

    /// Fill the latest date of `after_obligation` deadlines whose obligation is not yet done:
    /// `days` after that obligation's own deadline in this assessment (none when it has no
    /// fixed deadline or is not in the assessment).
    fn resolve_relative(
        &self,
        obligations: &mut [Obligation],
        pending: &[(usize, DeadlineSpec, Zone)],
    ) -> Result<()> {
        for &(i, spec, zone) in pending {
            let DeadlineSpec::AfterObligation { target, days, cal } = spec else {
                continue;
            };
            let id = &self.groups[target][0].id;
            let from = obligations
                .iter()
                .find(|o| o.id == *id)
                .and_then(|o| match &o.due {
                    Due::Deadline { at } => Some(*at),
                    Due::Window { latest, .. } => Some(*latest),
                    Due::AfterObligation { latest, .. } => *latest,
                    Due::WithoutUndueDelay => None,
                });
            let at = from
                .map(|f| self.days_after(f, days, cal, zone))
                .transpose()?;
            if let Due::AfterObligation { latest, .. } = &mut obligations[i].due {
                *latest = at;
            }
        }
        Ok(())
    }

    /// Assess `req` against this pack. Pure and deterministic: the same request gives the same
    /// assessment, byte for byte once serialised.
    pub fn assess(&self, req: &AssessRequest) -> Result<Assessment> {
        let mut a = Assessment {
            schema: String::new(),
            rules_version: String::new(),
            // Sized once by `assess_into` (from the active groups).
            obligations: Vec::new(),
            missing_facts: Vec::new(),
            jp_report_draft: None,
            plan: None,
            assumptions: Vec::new(),
        };
        self.assess_into(req, &mut a)?;
        Ok(a)
    }

    /// Like [`assess`](Self::assess), but writes into `out`, reusing its allocations (strings,
    /// vectors) — for hosts that re-assess many incidents in a loop. The result is identical to
    /// `assess(req)`. On error the contents of `out` are unspecified.
    pub fn assess_into(&self, req: &AssessRequest, out: &mut Assessment) -> Result<()> {
        validate_request(req)?;
        if !req.assume.is_empty() {
            // Host-declared assumptions: assess the adjusted facts, then record them.
            let (adjusted, assumptions) = super::assume::apply(req)?;
            self.assess_into(&adjusted, out)?;
            super::assume::record(assumptions, req.lang(), out);
            return Ok(());
        }
        out.assumptions.clear();
        let facts = Facts::new(req, &self.count_slots, &self.person_sels);
        // The facts that kept each obligation `possible` (for the plan's groups).
        let mut masks: Vec<Mask> = Vec::new();
        let mut n = 0;
        let mut missing_mask: Mask = 0;
        let mut draft = false;
        let mut preds = PredCache::new(&self.preds);
        let mut work = Work {
            dues: DueMemo::default(),
            scratch: String::new(),
            index: 0,
            relative: Vec::new(),
        };
        // Reasons are rendered here first, then copied into an exactly sized string (one
        // allocation per reason instead of a growing one).
        work.scratch.reserve(1024);
        // Groups that may be in scope for the request's jurisdictions (all without an index).
        let mut stack = [0u64; 8];
        let mut heap = Vec::new();
        let active: Option<&[u64]> = self.index.as_ref().map(|ix| {
            let words = ix.words();
            let buf = if words <= stack.len() {
                &mut stack[..words]
            } else {
                heap.resize(words, 0);
                &mut heap[..]
            };
            ix.active(req, buf);
            &*buf
        });
        // At most one obligation per active group: grow the list once.
        let upper = active.map_or(self.groups.len(), |a| {
            a.iter().map(|w| w.count_ones() as usize).sum()
        });
        out.obligations
            .reserve(upper.saturating_sub(out.obligations.len()));
        for (g, group) in self.groups.iter().enumerate() {
            if let Some(a) = active
                && a[g / 64] & (1 << (g % 64)) == 0
            {
                continue;
            }
            let Some((rule, scope)) = self.select(group, &facts, &mut preds) else {
                continue;
            };
            if n == out.obligations.len() {
                out.obligations.push(blank_obligation());
            }
            let ob = &mut out.obligations[n];
            work.index = n;
            n += 1;
            let m = self.evaluate_into(rule, scope, &facts, &mut preds, &mut work, ob)?;
            masks.push(m);
            missing_mask |= m;
            if rule.report_draft && ob.status != ObligationStatus::NotRequired {
                draft = true;
            }
        }
        out.obligations.truncate(n);
        if !work.relative.is_empty() {
            self.resolve_relative(&mut out.obligations, &work.relative)?;
        }
        out.missing_facts.clear();
        missing_paths(missing_mask, &self.count_slots, req, &mut out.missing_facts);
        out.missing_facts.sort_unstable();
        out.missing_facts.dedup();
        set_str(&mut out.schema, ASSESSMENT_SCHEMA);
        set_str(&mut out.rules_version, &self.rules_version);
        if draft {
            fill_jp_report_draft(req, out.jp_report_draft.get_or_insert_with(empty_draft));
        } else {
            out.jp_report_draft = None;
        }
        out.plan = Some(super::plan::build(req, out, &masks, |m, v| {
            missing_paths(m, &self.count_slots, req, v)
        }));
        if req.detail == Some(super::plan::Detail::Plan) {
            out.obligations.clear();
        }
        Ok(())
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
        preds: &mut PredCache<'_>,
    ) -> Option<(&'r Rule, Eval)> {
        let mut upcoming: Option<(&Rule, Eval)> = None;
        let mut expired: Option<(&Rule, Eval)> = None;
        for r in group {
            let scope = preds.eval(r.scope, facts);
            if scope.tri == Tri::False {
                continue;
            }
            let ts = facts.req.incident.aware_at.timestamp();
            if r.from_ts.is_some_and(|f| ts < f) {
                if upcoming.is_none_or(|(u, _)| r.from < u.from) {
                    upcoming = Some((r, scope));
                }
            } else if r.to_ts.is_some_and(|t| ts >= t) {
                expired = Some((r, scope));
            } else {
                return Some((r, scope));
            }
        }
        upcoming.or(expired)
    }

    fn evaluate_into(
        &self,
        rule: &Rule,
        scope: Eval,
        facts: &Facts<'_>,
        preds: &mut PredCache<'_>,
        work: &mut Work,
        ob: &mut Obligation,
    ) -> Result<Mask> {
        let req = facts.req;
        set_str(&mut ob.id, &rule.id);
        set_str(&mut ob.jurisdiction, &rule.jurisdiction);
        set_str(&mut ob.basis, &rule.basis);
        ob.recipient = rule.recipient;
        ob.verification = rule.verification;
        ob.timing = None;
        let mut reasons = Reasons {
            v: &mut ob.reasons,
            n: 0,
            scratch: &mut work.scratch,
            pending: false,
        };

        // Deadline (computed for every status, so callers see what would apply).
        let trig_evals: smallvec_like::Evals = rule
            .triggers
            .iter()
            .map(|c| preds.eval(c.when, facts))
            .collect();
        let mut spec = &rule.deadline;
        let mut override_reason = None;
        for o in &rule.overrides {
            let holds = match preds.eval(o.when, facts).tri {
                Tri::True => true,
                Tri::False => false,
                // The obligation exists only if the sole open trigger holds, and with it the
                // override: its deadline is the one that would apply.
                Tri::Unknown => o.sole_trigger.is_some_and(|t| {
                    trig_evals
                        .iter()
                        .enumerate()
                        .all(|(i, e)| i == t || e.tri == Tri::False)
                }),
            };
            if holds {
                spec = &o.deadline;
                override_reason = Some(&o.reason);
                break;
            }
        }
        let m = facts.msgs;
        let (anchor, anchor_note) = match (spec.anchor(), req.incident.assessed_at) {
            (Anchor::AssessedAt, Some(a)) => (a, None),
            (Anchor::AssessedAt, None) => (req.incident.aware_at, Some(&m.anchor_aware_at)),
            (Anchor::AwareAt, _) => (req.incident.aware_at, None),
        };
        let (due, counting) = if let DeadlineSpec::AfterObligation { .. } = spec {
            let due = self.relative_due(spec, req, rule.zone)?;
            if matches!(due, Due::AfterObligation { latest: None, .. }) {
                work.relative.push((work.index, *spec, rule.zone));
            }
            (due, None)
        } else {
            work.dues.get(self, spec, anchor, rule.zone)?
        };
        ob.due = due;

        let ts = req.incident.aware_at.timestamp();
        let not_yet = rule.from.filter(|_| rule.from_ts.is_some_and(|f| ts < f));
        let expired = rule.to.filter(|_| rule.to_ts.is_some_and(|t| ts >= t));
        if not_yet.is_some() || expired.is_some() {
            let offset = rule.zone.offset_at(req.incident.aware_at);
            let day = local_day(req.incident.aware_at, offset);
            let s = reasons.next();
            match (not_yet, expired) {
                (Some(f), _) => m.not_yet_in_force.render(s, |v, s| match v {
                    "basis" => s.push_str(&rule.basis),
                    "from" => push_date(s, f),
                    "day" => push_date(s, day),
                    "offset" => push_offset(s, offset),
                    _ => {}
                }),
                (_, Some(t)) => m.no_longer_in_force.render(s, |v, s| match v {
                    "basis" => s.push_str(&rule.basis),
                    "to" => push_date(s, t),
                    _ => {}
                }),
                _ => {}
            }
            reasons.finish();
            ob.status = ObligationStatus::NotRequired;
            return Ok(0);
        }

        let ex_evals: smallvec_like::Evals = rule
            .exemptions
            .iter()
            .map(|c| preds.eval(c.when, facts))
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
            render_into(t, facts, reasons.next());
        }
        // Triggers.
        match trig.tri {
            Tri::False => {
                if let Some(t) = &rule.no_trigger_reason {
                    render_into(t, facts, reasons.next());
                }
            }
            t => push_conds(&mut reasons, &rule.triggers, &trig_evals, facts, t),
        }
        // Exemptions (only when a trigger holds or may hold).
        if trig.tri != Tri::False {
            push_conds(&mut reasons, &rule.exemptions, &ex_evals, facts, exempt.tri);
        }
        if status != ObligationStatus::NotRequired {
            if let Some(t) = override_reason {
                render_into(t, facts, reasons.next());
            }
            if let Some(n) = anchor_note {
                n.push(reasons.next());
            }
            if let Some(c) = counting {
                c.explain_into(rule.zone.offset_at(anchor), m, reasons.next());
            }
            for n in &rule.notes {
                if n.when.is_none_or(|w| preds.eval(w, facts).tri == Tri::True) {
                    render_into(&n.text, facts, reasons.next());
                }
            }
        }
        reasons.finish();
        ob.status = status;
        Ok(if status == ObligationStatus::Possible {
            result.missing
        } else {
            0
        })
    }
}

/// Replace the contents of `s`, keeping its allocation.
fn set_str(s: &mut String, v: &str) {
    s.clear();
    s.push_str(v);
}

fn blank_obligation() -> Obligation {
    Obligation {
        id: String::new(),
        jurisdiction: String::new(),
        recipient: super::assessment::Recipient::Regulator,
        status: ObligationStatus::NotRequired,
        due: Due::WithoutUndueDelay,
        basis: String::new(),
        verification: super::assessment::Verification::Unverified,
        reasons: Vec::with_capacity(6),
        timing: None,
    }
}

/// Writes reasons into a reused vector: each `next()` hands out a cleared scratch string,
/// which the following `next()` (or `finish()`) copies into the vector's next entry, reusing
/// its allocation or allocating exactly once.
struct Reasons<'v> {
    v: &'v mut Vec<String>,
    n: usize,
    scratch: &'v mut String,
    /// `scratch` holds a reason not yet copied into `v`.
    pending: bool,
}

impl Reasons<'_> {
    fn commit(&mut self) {
        if !self.pending {
            return;
        }
        self.pending = false;
        let i = self.n;
        self.n += 1;
        match self.v.get_mut(i) {
            Some(s) => set_str(s, self.scratch),
            None => self.v.push(self.scratch.as_str().to_owned()),
        }
    }

    fn next(&mut self) -> &mut String {
        self.commit();
        self.pending = true;
        self.scratch.clear();
        self.scratch
    }

    fn finish(mut self) {
        self.commit();
        self.v.truncate(self.n);
    }
}

/// Per-request memo of predicate evaluations (rules share scopes, triggers and exemptions):
/// the first 64 predicates inline, the rest (a large pack's per-state predicates) in a table
/// allocated on first use.
struct PredCache<'p> {
    preds: &'p [Pred],
    /// Bit `i` set: `vals[i]` holds predicate `i`'s value (first 64 predicates).
    done: u64,
    vals: [Eval; 64],
    /// Predicates 64..: `None` = not evaluated yet.
    rest: Vec<Option<Eval>>,
}

impl<'p> PredCache<'p> {
    fn new(preds: &'p [Pred]) -> Self {
        PredCache {
            preds,
            done: 0,
            vals: [Eval::FALSE; 64],
            rest: Vec::new(),
        }
    }

    fn eval(&mut self, i: usize, facts: &Facts<'_>) -> Eval {
        if i < 64 {
            if self.done & (1 << i) != 0 {
                return self.vals[i];
            }
        } else {
            if self.rest.is_empty() {
                self.rest = vec![None; self.preds.len().saturating_sub(64)];
            }
            if let Some(Some(e)) = self.rest.get(i - 64) {
                return *e;
            }
        }
        let e = match self.preds.get(i) {
            Some(p) => facts.eval(p),
            None => Eval::FALSE,
        };
        if i < 64 {
            self.vals[i] = e;
            self.done |= 1 << i;
        } else if let Some(v) = self.rest.get_mut(i - 64) {
            *v = Some(e);
        }
        e
    }
}

/// Per-request memo of computed deadlines: many rules share a deadline (72 hours, 30 or 60
/// days, "without unreasonable delay") in the same zone, counted from the same instant.
#[derive(Default)]
struct DueMemo {
    entries: Vec<DueEntry>,
}

/// (spec, anchor instant, zone) → (deadline, how it was counted).
type DueEntry = (
    DeadlineSpec,
    DateTime<FixedOffset>,
    Zone,
    Due,
    Option<Counting>,
);

/// Per-request working state of `evaluate_into`.
struct Work {
    dues: DueMemo,
    /// Where reasons are rendered before being copied (see [`Reasons`]).
    scratch: String,
    /// Index of the obligation being evaluated.
    index: usize,
    /// `after_obligation` deadlines still to resolve (obligation index, spec, zone).
    relative: Vec<(usize, DeadlineSpec, Zone)>,
}

impl DueMemo {
    fn get(
        &mut self,
        pack: &RulePack,
        spec: &DeadlineSpec,
        anchor: DateTime<FixedOffset>,
        zone: Zone,
    ) -> Result<(Due, Option<Counting>)> {
        if let Some((.., d, c)) = self
            .entries
            .iter()
            .find(|(s, a, z, ..)| s == spec && *a == anchor && *z == zone)
        {
            return Ok((d.clone(), *c));
        }
        let mut counting = None;
        let due = pack.due(spec, anchor, zone, &mut counting)?;
        self.entries
            .push((*spec, anchor, zone, due.clone(), counting));
        Ok((due, counting))
    }
}

/// A tiny fixed-capacity vector so rule evaluation does not allocate for the condition lists.
mod smallvec_like {
    use super::Eval;

    const CAP: usize = 8;

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

/// Explain the conditions whose value equals the combined value `want` (the ones that decided
/// it): the true ones when it holds, the unknown ones when it is undetermined, the `reason_false`
/// texts when none holds.
fn push_conds(
    reasons: &mut Reasons<'_>,
    conds: &[Cond],
    evals: &smallvec_like::Evals,
    facts: &Facts<'_>,
    want: Tri,
) {
    for (i, c) in conds.iter().enumerate() {
        let tri = evals.get(i).tri;
        if tri != want {
            continue;
        }
        match tri {
            Tri::True => render_into(&c.reason, facts, reasons.next()),
            Tri::Unknown => match &c.reason_unknown {
                Some(t) => render_into(t, facts, reasons.next()),
                None => facts
                    .msgs
                    .undetermined
                    .render(reasons.next(), |_, s| render_into(&c.reason, facts, s)),
            },
            Tri::False => {
                if let Some(t) = &c.reason_false {
                    render_into(t, facts, reasons.next());
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

/// Append a person-count total: `1200`, `756–1001 (a range)`, `at least 5 (some counts
/// unknown)` or `unknown` (in the messages' language).
fn push_total(s: &mut String, t: Total, m: &Messages) {
    match (t.exact, t.max) {
        (true, _) => push_u64(s, t.min),
        (false, Some(max)) => m.total_range.render(s, |v, s| match v {
            "min" => push_u64(s, t.min),
            "max" => push_u64(s, max),
            _ => {}
        }),
        (false, None) if t.min > 0 => m.total_at_least.render(s, |_, s| push_u64(s, t.min)),
        (false, None) => m.total_unknown.push(s),
    }
}

/// Render a reason template against the request's facts, appending to `s`.
fn render_into(t: &Template, facts: &Facts<'_>, s: &mut String) {
    s.reserve(t.len_hint);
    let m = facts.msgs;
    for seg in t.segs(facts.lang) {
        match seg {
            Seg::Lit(l) => s.push_str(l),
            Seg::Fact(f) => match f {
                FactRef::Bool(b) => s.push_str(tri_str(facts.bool_fact(*b))),
                FactRef::Count(slot) => {
                    let (t, maybe) = facts.count(*slot);
                    push_total(s, t, m);
                    if !(maybe.exact && maybe.min == 0) {
                        m.count_may_belong.render(s, |_, s| push_total(s, maybe, m));
                    }
                }
                FactRef::Enum(e) => {
                    let r = facts.req;
                    let idx = match e {
                        EnumFact::OrgType => Some(r.organisation.org_type as usize),
                        EnumFact::Role => Some(r.organisation.role as usize),
                        EnumFact::Kind => Some(r.incident.kind as usize),
                        EnumFact::Risk => r.data.risk.map(|v| v as usize),
                        EnumFact::Nis2Entity => r.organisation.nis2_entity.map(|v| v as usize),
                        EnumFact::JpReportTo => r.organisation.jp_report_to.map(|v| v as usize),
                    };
                    match idx.and_then(|i| enum_variants(*e).get(i)) {
                        Some(v) => s.push_str(v),
                        None => s.push_str("unknown"),
                    }
                }
                FactRef::EstablishedIn => {
                    for (i, c) in facts.req.organisation.established_in.iter().enumerate() {
                        if i > 0 {
                            m.list_separator.push(s);
                        }
                        s.push_str(c);
                    }
                }
                FactRef::Algorithm => match &facts.req.data.protection {
                    Some(p) => {
                        for c in p.algorithm.chars().take(64).filter(|c| !c.is_control()) {
                            s.push(c);
                        }
                        if facts.algorithm == AlgorithmClass::AcceptedUnlisted {
                            m.algorithm_accepted_unlisted.push(s);
                        } else if facts.algorithm == AlgorithmClass::Unrecognised {
                            m.algorithm_unrecognised.push(s);
                        }
                    }
                    None => m.protection_none.push(s),
                },
                FactRef::AwareAt => {
                    s.push_str(&facts.req.incident.aware_at.to_rfc3339());
                }
                FactRef::KeySummary => {
                    if let Some(k) = facts
                        .req
                        .data
                        .protection
                        .as_ref()
                        .and_then(|p| p.key_summary.as_deref())
                    {
                        s.push_str(" (");
                        for c in k.chars().take(400).filter(|c| !c.is_control()) {
                            s.push(c);
                        }
                        s.push(')');
                    }
                }
            },
        }
    }
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
    let mut d = empty_draft();
    fill_jp_report_draft(req, &mut d);
    d
}

fn empty_draft() -> JpReportDraft {
    JpReportDraft {
        items: Vec::with_capacity(9),
        empty_items: Vec::with_capacity(9),
        final_report_complete: false,
        individual_notice_empty_items: Vec::with_capacity(5),
    }
}

/// Fill `d` from the request, reusing its allocations.
fn fill_jp_report_draft(req: &AssessRequest, d: &mut JpReportDraft) {
    if d.items.len() != ITEMS.len() {
        d.items.clear();
        for (i, (key, label)) in ITEMS.iter().enumerate() {
            d.items.push(ReportItem {
                number: (i + 1) as u8,
                key: Cow::Borrowed(key),
                label_ja: Cow::Borrowed(label),
                value: None,
            });
        }
    }
    let r = req.report.as_ref();
    let count = r
        .and_then(|r| r.affected_count.map(Count::exact))
        .or_else(|| {
            // 本人の数: every person in the leaked data, foreigners included (GL 3-5-3-1).
            req.data
                .persons
                .values()
                .try_fold(Count::exact(0), |acc, c| c.map(|c| acc.add(c)))
        });
    d.empty_items.clear();
    d.individual_notice_empty_items.clear();
    for (i, item) in d.items.iter_mut().enumerate() {
        let text: Option<&String> = r.and_then(|r| match i {
            0 => r.summary.as_ref(),
            1 => r.data_items.as_ref(),
            3 => r.cause.as_ref(),
            4 => r.secondary_harm.as_ref(),
            5 => r.individual_response_status.as_ref(),
            6 => r.publication_status.as_ref(),
            7 => r.prevention_measures.as_ref(),
            8 => r.other.as_ref(),
            _ => None,
        });
        let text = text.filter(|t| !t.trim().is_empty());
        let filled = if i == 2 {
            match count {
                Some(n) => {
                    let v = item.value.get_or_insert_with(String::new);
                    v.clear();
                    push_total(v, Total::of(Some(n)), messages(req.lang()));
                    true
                }
                None => false,
            }
        } else {
            match text {
                Some(t) => {
                    set_str(item.value.get_or_insert_with(String::new), t);
                    true
                }
                None => false,
            }
        };
        if !filled {
            item.value = None;
            let key = Cow::Borrowed(ITEMS[i].0);
            d.empty_items.push(key.clone());
            if INDIVIDUAL_ITEMS.contains(&(i + 1)) {
                d.individual_notice_empty_items.push(key);
            }
        }
    }
    d.final_report_complete = d.empty_items.is_empty();
}

/// Classify each obligation of `a` against `now`: `due_soon` is the margin before a deadline
/// (or a window's target) at which an obligation counts as due soon.
pub fn with_timing(a: &mut Assessment, now: DateTime<FixedOffset>, due_soon: Duration) {
    let by = |at: DateTime<FixedOffset>| {
        if now > at {
            DueStatus::Overdue
        } else if at - now <= due_soon {
            DueStatus::DueSoon
        } else {
            DueStatus::OnTrack
        }
    };
    for ob in &mut a.obligations {
        ob.timing = Some(if ob.status == ObligationStatus::NotRequired {
            DueStatus::NotApplicable
        } else {
            match &ob.due {
                // A relative deadline is on time until its latest possible instant.
                Due::Deadline { at }
                | Due::AfterObligation {
                    latest: Some(at), ..
                } => by(*at),
                Due::Window { target, latest } => {
                    if now > *latest {
                        DueStatus::Overdue
                    } else if now > *target {
                        DueStatus::TargetPassed
                    } else {
                        by(*target)
                    }
                }
                // No fixed time, or it follows an obligation that has none and is not done:
                // act now.
                Due::WithoutUndueDelay | Due::AfterObligation { latest: None, .. } => {
                    DueStatus::Immediate
                }
            }
        });
    }
}
