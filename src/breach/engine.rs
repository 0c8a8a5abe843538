//! Evaluation of a compiled [`RulePack`] against an [`AssessRequest`].

use std::borrow::Cow;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};

use super::algorithms::AlgorithmClass;
use super::assessment::{
    ASSESSMENT_SCHEMA, Assessment, Due, DueStatus, JpReportDraft, Obligation, ObligationStatus,
    ReportItem, Text,
};
use super::count::Count;
use super::messages::{Messages, messages};
use super::pack::{Anchor, CalRef, Cond, DeadlineSpec, Rule, RulePack, Seg, Template, Zone};
use super::predicate::{
    EnumFact, Eval, FactRef, Facts, Mask, NO_MEMO, Node, PredNodes, Total, Tri, enum_variants,
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
    super::iso3166::check_request_codes(req)?;
    for (k, c) in &req.data.persons {
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
#[derive(Clone, Copy, PartialEq)]
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
pub(super) fn push_u64(s: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    // One reservation for the digits (`from_utf8` on them cost more than the pushes).
    s.extend(decimal(n, &mut buf).iter().map(|&b| char::from(b)));
}

/// The decimal digits of `n`, written at the end of `buf`.
pub(super) fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
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
        decisions: &mut [Decision<'_>],
        pending: &[(usize, DeadlineSpec, Zone)],
    ) -> Result<()> {
        for &(i, spec, zone) in pending {
            let DeadlineSpec::AfterObligation { target, days, cal } = spec else {
                continue;
            };
            // Rules are grouped by id: the obligation with that id is the group's decision.
            let from = decisions
                .iter()
                .find(|d| d.group == target)
                .and_then(|d| match &d.due {
                    Due::Deadline { at } => Some(*at),
                    Due::Window { latest, .. } => Some(*latest),
                    Due::AfterObligation { latest, .. } => *latest,
                    Due::WithoutUndueDelay => None,
                });
            let at = from
                .map(|f| self.days_after(f, days, cal, zone))
                .transpose()?;
            if let Due::AfterObligation { latest, .. } = &mut decisions[i].due {
                *latest = at;
            }
        }
        Ok(())
    }

    /// Assess `req` against this pack. Pure and deterministic: the same request gives the same
    /// assessment, byte for byte once serialised.
    pub fn assess(&self, req: &AssessRequest) -> Result<Assessment> {
        let mut a = Assessment {
            schema: Text::default(),
            rules_version: Text::default(),
            // Sized once by `assess_into` (from the decisions).
            obligations: Vec::new(),
            missing_facts: Vec::new(),
            jp_report_draft: None,
            plan: None,
            assumptions: Vec::new(),
            uncovered: Vec::new(),
        };
        self.assess_into(req, &mut a)?;
        Ok(a)
    }

    /// Like [`assess`](Self::assess), but writes into `out`, reusing its allocations (strings,
    /// vectors) — for hosts that re-assess many incidents in a loop. The result is identical to
    /// `assess(req)`. On error the contents of `out` are unspecified.
    pub fn assess_into(&self, req: &AssessRequest, out: &mut Assessment) -> Result<()> {
        validate_request(req)?;
        out.uncovered = super::coverage::uncovered(self, req);
        if !req.assume.is_empty() {
            // Host-declared assumptions: assess the adjusted facts, then record them.
            let (adjusted, assumptions) = super::assume::apply(req)?;
            self.assess_into(&adjusted, out)?;
            super::assume::record(assumptions, req.lang(), out);
            return Ok(());
        }
        out.assumptions.clear();
        let facts = Facts::new(req, &self.count_slots, &self.person_sels);
        let mut preds = PredCache::new(&self.pred_nodes);
        let decisions = self.decide_all(&facts, &mut preds)?;
        let draft = draft_applies(&decisions);
        {
            let plan = self.plan(req, &decisions);
            // The answer's missing facts are the union of the plan groups' (worked out once
            // for the plan), in the order of their paths.
            super::plan::set_paths(&mut out.missing_facts, plan.missing_facts());
            plan.fill(out.plan.get_or_insert_with(empty_plan));
        }
        out.schema.set_shared(&SCHEMA_TEXT);
        out.rules_version.set_shared(&self.rules_version_text);
        if draft {
            fill_jp_report_draft(req, out.jp_report_draft.get_or_insert_with(empty_draft));
        } else {
            out.jp_report_draft = None;
        }
        if req.detail == Some(super::plan::Detail::Plan) {
            // The plan alone: no obligation is filled and no reason rendered.
            out.obligations.clear();
            return Ok(());
        }
        let n = decisions.len();
        out.obligations
            .reserve(n.saturating_sub(out.obligations.len()));
        // Reasons are rendered here first, then copied into the reason's own string (reused,
        // or exactly sized), or shared between the obligations that give the same reason.
        let mut memo = SharedReasons::new(SHARED_REASONS, 2048);
        for (i, d) in decisions.into_iter().enumerate() {
            if i == out.obligations.len() {
                out.obligations.push(blank_obligation());
            }
            let ob = &mut out.obligations[i];
            let rule = d.rule;
            ob.id.set_shared(&rule.text.id);
            ob.jurisdiction.set_shared(&rule.text.jurisdiction);
            ob.basis.set_shared(&rule.text.basis);
            ob.recipient = rule.recipient;
            ob.verification = rule.verification;
            ob.timing = None;
            ob.status = d.status;
            let mut sink = VecSink {
                v: &mut ob.reasons,
                n: 0,
            };
            render_reasons(&d, &facts, &mut preds, &mut memo, &mut sink);
            let n = sink.n;
            ob.reasons.truncate(n);
            ob.due = d.due;
        }
        out.obligations.truncate(n);
        Ok(())
    }

    /// The JSON answer (`mamori.assessment.v1`) to a parsed request, written into `out`
    /// without building the typed [`Assessment`]: reasons are rendered straight into the JSON.
    /// Byte for byte the same as serialising [`assess`](Self::assess)'s answer (with `timing`
    /// = `Some((now, due_soon))`: [`assess_at`](Self::assess_at)'s answer).
    pub(crate) fn assess_json_into(
        &self,
        req: &AssessRequest,
        timing: Option<(DateTime<FixedOffset>, Duration)>,
        out: &mut String,
    ) -> Result<()> {
        validate_request(req)?;
        if !req.assume.is_empty() {
            // Assumptions add a sentence to every reason list: the typed path does it.
            let mut a = self.assess(req)?;
            if let Some((now, due_soon)) = timing {
                with_timing(&mut a, now, due_soon);
            }
            super::json_out::assessment_into(out, &a);
            return Ok(());
        }
        let facts = Facts::new(req, &self.count_slots, &self.person_sels);
        let mut preds = PredCache::new(&self.pred_nodes);
        let decisions = self.decide_all(&facts, &mut preds)?;
        let draft = draft_applies(&decisions);
        let plan = self.plan(req, &decisions);
        // The answer's missing facts: the union of the plan groups' (worked out for the plan).
        let mut missing = Vec::new();
        super::plan::set_paths(&mut missing, plan.missing_facts());
        let draft = draft.then(|| jp_report_draft(req));
        let full = req.detail != Some(super::plan::Detail::Plan);
        // Room for the whole answer at once (each obligation's basis, whose length is known,
        // plus up to 1.5 KB for the rest of it and its reasons; a few dozen bytes in the
        // plan), instead of growing: a grown answer is copied unless it is the last block on
        // the heap (the US-unknown + JP answer outgrew 1 KB per obligation, a 108k-instruction
        // copy; the 14.8 KB lost-phone answer outgrew 1.5 KB per obligation once its bases
        // grew, a 13k-instruction copy per assessment).
        let room: usize = if full {
            decisions.iter().map(|d| 1536 + d.rule.json.len()).sum()
        } else {
            decisions.len() * 64
        };
        out.reserve(4096 + room);
        super::json_out::head(out, ASSESSMENT_SCHEMA, &self.rules_version);
        if full {
            // Each reason rendered where it is written: the answer's buffer keeps its place on
            // the heap (a growing buffer of kept reasons made the 115 KB US answer's one
            // growth a copy: +4.6 % instructions).
            let mut memo = SharedReasons::new(0, 1024);
            let mut scratch = String::with_capacity(64);
            for (i, d) in decisions.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                super::json_out::obligation_head_of(out, &d.rule.json, d.status, &d.due);
                let mut sink = JsonSink {
                    out: &mut *out,
                    n: 0,
                    scratch: &mut scratch,
                };
                render_reasons(d, &facts, &mut preds, &mut memo, &mut sink);
                out.push(']');
                if let Some((now, due_soon)) = timing {
                    super::json_out::timing(out, timing_of(d.status, &d.due, now, due_soon));
                }
                out.push('}');
            }
        }
        super::json_out::tail(
            out,
            &missing,
            draft.as_ref(),
            Some(super::json_out::Plan::View(&plan)),
            &[],
            &super::coverage::uncovered(self, req),
        );
        Ok(())
    }

    /// Decide every obligation the request may bring into scope, in the pack's order, before
    /// any text is rendered.
    fn decide_all<'r>(
        &'r self,
        facts: &Facts<'_>,
        preds: &mut PredCache<'_>,
    ) -> Result<Vec<Decision<'r>>> {
        let req = facts.req;
        let mut dues = DueMemo::new();
        let mut relative = Vec::new();
        // Groups that may be in scope for the request's jurisdictions (all without an index).
        let n = self.groups.len();
        let words = self.index.as_ref().map_or(n.div_ceil(64), |ix| ix.words());
        let mut stack = [0u64; 8];
        let mut heap = Vec::new();
        let active: &mut [u64] = if words <= stack.len() {
            &mut stack[..words]
        } else {
            heap.resize(words, 0);
            &mut heap[..]
        };
        match &self.index {
            Some(ix) => ix.active(req, active),
            None => {
                for (w, bits) in active.iter_mut().enumerate() {
                    let left = n - w * 64;
                    *bits = if left >= 64 { !0 } else { (1 << left) - 1 };
                }
            }
        }
        // At most one obligation per active group: grow the list once.
        let upper = active.iter().map(|w| w.count_ones() as usize).sum();
        let mut decisions = Vec::with_capacity(upper);
        // The active groups in pack order, found by their bits (a lost-phone request has 13
        // of ≈ 220: testing every group's bit cost more than deciding the 13).
        for (w, &word) in active.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let g = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let Some(group) = self.groups.get(g) else {
                    continue;
                };
                let Some((rule, scope)) = self.select(group, facts, preds) else {
                    continue;
                };
                let d = self.decide((g, rule), scope, facts, preds, &mut dues)?;
                if matches!(d.due, Due::AfterObligation { latest: None, .. }) {
                    relative.push((decisions.len(), d.spec, rule.zone));
                }
                decisions.push(d);
            }
        }
        if !relative.is_empty() {
            self.resolve_relative(&mut decisions, &relative)?;
        }
        Ok(decisions)
    }

    /// The response plan from the decisions (borrowing the rules' texts and the request's
    /// person counts).
    fn plan<'r>(
        &'r self,
        req: &'r AssessRequest,
        decisions: &'r [Decision<'r>],
    ) -> super::plan::PlanView<'r> {
        super::plan::build(
            req,
            decisions.iter().map(|d| super::plan::PlanItem {
                text: &d.rule.text,
                key: &d.rule.plan,
                status: d.status,
                due: &d.due,
                mask: d.mask,
            }),
            &self.count_slots,
            &self.plan,
        )
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
            let ts = facts.aware_ts;
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

    /// Decide one obligation: its status, due time and the facts that kept it `possible`,
    /// and what its reasons will explain (rendered later, only when the answer carries them).
    fn decide<'r>(
        &self,
        (group, rule): (usize, &'r Rule),
        scope: Eval,
        facts: &Facts<'_>,
        preds: &mut PredCache<'_>,
        dues: &mut DueMemo,
    ) -> Result<Decision<'r>> {
        let req = facts.req;
        // Deadline (computed for every status, so callers see what would apply). Condition
        // values come from the request's predicate memo (no per-rule list of them).
        let mut spec = &rule.deadline;
        let mut due_key = rule.due_key;
        let mut override_reason = None;
        for o in &rule.overrides {
            let holds = match preds.eval(o.when, facts).tri {
                Tri::True => true,
                Tri::False => false,
                // The obligation exists only if the sole open trigger holds, and with it the
                // override: its deadline is the one that would apply.
                Tri::Unknown => o.sole_trigger.is_some_and(|t| {
                    rule.triggers
                        .iter()
                        .enumerate()
                        .all(|(i, c)| i == t || preds.eval(c.when, facts).tri == Tri::False)
                }),
            };
            if holds {
                spec = &o.deadline;
                due_key = o.due_key;
                override_reason = Some(&o.reason);
                break;
            }
        }
        let (anchor, anchor_note) = match (spec.anchor(), req.incident.assessed_at) {
            (Anchor::AssessedAt, Some(a)) => (a, false),
            (Anchor::AssessedAt, None) => (req.incident.aware_at, true),
            (Anchor::AwareAt, _) => (req.incident.aware_at, false),
        };
        let (due, counting) = if let DeadlineSpec::AfterObligation { .. } = spec {
            (self.relative_due(spec, req, rule.zone)?, None)
        } else {
            dues.get(self, due_key, spec, anchor, rule.zone)?
        };

        let ts = facts.aware_ts;
        let not_yet = rule.from.filter(|_| rule.from_ts.is_some_and(|f| ts < f));
        let expired = rule.to.filter(|_| rule.to_ts.is_some_and(|t| ts >= t));
        if not_yet.is_some() || expired.is_some() {
            return Ok(Decision {
                rule,
                group,
                status: ObligationStatus::NotRequired,
                due,
                spec: *spec,
                mask: 0,
                why: Why::NotInForce { not_yet, expired },
            });
        }

        // "Some trigger holds" and "some exemption holds" are one shared node each (the
        // same value as folding `or` over the conditions).
        let trig = rule
            .trigger_node
            .map_or(Eval::TRUE, |n| preds.node(n as usize, facts));
        let exempt = rule
            .exemption_node
            .map_or(Eval::FALSE, |n| preds.node(n as usize, facts));
        let result = scope.and(trig).and(exempt.not());
        let status = match result.tri {
            Tri::True => ObligationStatus::Required,
            Tri::False => ObligationStatus::NotRequired,
            Tri::Unknown => ObligationStatus::Possible,
        };
        Ok(Decision {
            rule,
            group,
            status,
            due,
            spec: *spec,
            mask: if status == ObligationStatus::Possible {
                result.missing
            } else {
                0
            },
            why: Why::InForce {
                trig: trig.tri,
                exempt: exempt.tri,
                override_reason,
                anchor_note,
                counting,
                anchor,
            },
        })
    }
}

/// What the engine decided for one obligation before any text is rendered: enough to fill the
/// typed obligation, to write it as JSON and to build the plan.
struct Decision<'r> {
    rule: &'r Rule,
    /// The index of the rule's group in the pack.
    group: usize,
    status: ObligationStatus,
    due: Due,
    /// The deadline rule that applied (the rule's own or an override's).
    spec: DeadlineSpec,
    /// The facts that kept it `possible` (0 otherwise).
    mask: Mask,
    why: Why<'r>,
}

/// What the reasons of a [`Decision`] explain.
enum Why<'r> {
    /// The rule is not (or no longer) in force on the awareness date.
    NotInForce {
        not_yet: Option<NaiveDate>,
        expired: Option<NaiveDate>,
    },
    InForce {
        /// The combined triggers and exemptions.
        trig: Tri,
        exempt: Tri,
        override_reason: Option<&'r Template>,
        /// The deadline runs from `aware_at` because `assessed_at` is absent.
        anchor_note: bool,
        counting: Option<Counting>,
        anchor: DateTime<FixedOffset>,
    },
}

/// Whether the Japanese report draft applies: some obligation that carries it is not
/// `not_required`. (The answer's missing facts come from the plan: `plan::set_paths`.)
fn draft_applies(decisions: &[Decision<'_>]) -> bool {
    decisions
        .iter()
        .any(|d| d.rule.report_draft && d.status != ObligationStatus::NotRequired)
}

/// Render the reasons of `d` into `sink` (in order; `memo` holds the answer's rendered reasons).
fn render_reasons(
    d: &Decision<'_>,
    facts: &Facts<'_>,
    preds: &mut PredCache<'_>,
    memo: &mut SharedReasons,
    sink: &mut impl ReasonSink,
) {
    let rule = d.rule;
    let req = facts.req;
    let m = facts.msgs;
    let mut reasons = Reasons {
        sink,
        memo,
        pending: None,
    };
    match d.why {
        Why::NotInForce { not_yet, expired } => {
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
        }
        Why::InForce {
            trig,
            exempt,
            override_reason,
            anchor_note,
            counting,
            anchor,
        } => {
            if let Some(t) = &rule.scope_reason {
                reasons.template(t, facts);
            }
            // Triggers.
            match trig {
                Tri::False => {
                    if let Some(t) = &rule.no_trigger_reason {
                        reasons.template(t, facts);
                    }
                }
                t => push_conds(&mut reasons, &rule.triggers, preds, facts, t),
            }
            // Exemptions (only when a trigger holds or may hold).
            if trig != Tri::False {
                push_conds(&mut reasons, &rule.exemptions, preds, facts, exempt);
            }
            if d.status != ObligationStatus::NotRequired {
                if let Some(t) = override_reason {
                    reasons.template(t, facts);
                }
                if anchor_note {
                    m.anchor_aware_at.push(reasons.next());
                }
                if let Some(c) = counting {
                    reasons.counting(c, rule.zone.offset_at(anchor), m);
                }
                for n in &rule.notes {
                    if n.when.is_none_or(|w| preds.eval(w, facts).tri == Tri::True) {
                        reasons.template(&n.text, facts);
                    }
                }
            }
        }
    }
    reasons.commit();
}

/// Replace the contents of `s`, keeping its allocation.
fn set_str(s: &mut String, v: &str) {
    s.clear();
    s.push_str(v);
}

/// The schema tag as answers carry it (no allocation).
static SCHEMA_TEXT: Text = Text::from_static(ASSESSMENT_SCHEMA);

fn empty_plan() -> super::plan::ResponsePlan {
    super::plan::ResponsePlan {
        lang: super::request::Lang::En,
        summary: String::new(),
        groups: Vec::new(),
        not_required: 0,
    }
}

fn blank_obligation() -> Obligation {
    Obligation {
        id: Text::default(),
        jurisdiction: Text::default(),
        recipient: super::assessment::Recipient::Regulator,
        status: ObligationStatus::NotRequired,
        due: Due::WithoutUndueDelay,
        basis: Text::default(),
        verification: super::assessment::Verification::Unverified,
        reasons: Vec::with_capacity(6),
        timing: None,
    }
}

/// Where rendered reasons go: an obligation's reason list, or straight into the JSON answer.
trait ReasonSink {
    /// A reason rendered from the request's facts; `shared` is the answer's shared copy of it
    /// (made on first use) when its template is one the answer renders once.
    fn put(&mut self, reason: &str, shared: Option<&mut Option<Text>>);
    /// A reason that names no fact, shared with the rule pack.
    fn put_shared(&mut self, reason: &Text);
    /// Write the reason from template `t` whole, if this sink can (the JSON writer: from the
    /// template's pre-escaped text); `false` = render it and [`ReasonSink::put`] it.
    fn put_template(&mut self, _t: &Template, _facts: &Facts<'_>) -> bool {
        false
    }
}

/// The reasons of one answer rendered from the request's facts, each text rendered once and
/// given again by the obligations that have the same reason (the APPI and My Number
/// obligations repeat their scope, trigger and exemption reasons): up to [`SHARED_REASONS`]
/// templates, by [`Template::key`]. The texts are kept in one string, `text`, which is also
/// where every reason is rendered.
struct SharedReasons {
    text: String,
    keys: [usize; SHARED_REASONS],
    spans: [(usize, usize); SHARED_REASONS],
    /// The shared copies made for the typed answer (on first use).
    shared: [Option<Text>; SHARED_REASONS],
    n: usize,
    /// The last deadline counting explained (the 確報 of APPI and of the My Number Act count
    /// the same days): what, where in `text`, and its shared copy.
    counting: Option<(Counting, FixedOffset, usize, usize)>,
    counting_shared: Option<Text>,
    /// How many templates' texts are kept (0: none, every reason rendered where it is used).
    limit: usize,
}

/// How many rendered reasons one answer renders once at most (later ones each time).
const SHARED_REASONS: usize = 16;

impl SharedReasons {
    /// Keeping up to `limit` (at most [`SHARED_REASONS`]) templates' texts in a buffer of
    /// `capacity` bytes.
    fn new(limit: usize, capacity: usize) -> Self {
        SharedReasons {
            limit: limit.min(SHARED_REASONS),
            text: String::with_capacity(capacity),
            keys: [0; SHARED_REASONS],
            spans: [(0, 0); SHARED_REASONS],
            shared: Default::default(),
            n: 0,
            counting: None,
            counting_shared: None,
        }
    }
}

/// Into a reused `Vec<Text>`: the `n`th reason reuses the entry there (its string refilled in
/// place, or the same shared text kept), else it is pushed: shared texts by reference, rendered
/// ones shared with the obligations before it that gave the same reason, or copied into an
/// exactly sized string. The caller truncates the vector to `n`.
struct VecSink<'v> {
    v: &'v mut Vec<Text>,
    n: usize,
}

impl ReasonSink for VecSink<'_> {
    fn put(&mut self, reason: &str, shared: Option<&mut Option<Text>>) {
        match self.v.get_mut(self.n) {
            Some(s) => s.set_owned(reason),
            None => self.v.push(match shared {
                Some(t) => t.get_or_insert_with(|| Text::shared(reason)).clone(),
                None => Text::from(reason),
            }),
        }
        self.n += 1;
    }

    fn put_shared(&mut self, reason: &Text) {
        match self.v.get_mut(self.n) {
            Some(s) => s.set_shared(reason),
            None => self.v.push(reason.clone()),
        }
        self.n += 1;
    }
}

/// As the elements of a JSON array being written (the caller writes the brackets).
struct JsonSink<'o> {
    out: &'o mut String,
    n: usize,
    /// Where a template's facts are rendered before they are escaped into `out`.
    scratch: &'o mut String,
}

impl ReasonSink for JsonSink<'_> {
    fn put(&mut self, reason: &str, _shared: Option<&mut Option<Text>>) {
        if self.n > 0 {
            self.out.push(',');
        }
        super::json_out::string(self.out, reason);
        self.n += 1;
    }

    fn put_shared(&mut self, reason: &Text) {
        self.put(reason, None);
    }

    fn put_template(&mut self, t: &Template, facts: &Facts<'_>) -> bool {
        if self.n > 0 {
            self.out.push(',');
        }
        render_json(t, facts, self.out, self.scratch);
        self.n += 1;
        true
    }
}

/// Renders reasons one at a time at the end of the answer's [`SharedReasons`] text: each
/// `next_keyed()` hands out that string, and the following one (or `commit()`) passes what was
/// rendered to the sink, keeping it when its template is rendered once per answer.
struct Reasons<'a, S: ReasonSink> {
    sink: &'a mut S,
    memo: &'a mut SharedReasons,
    /// A reason not yet passed on: where it starts in `memo.text`, and its template key.
    pending: Option<(usize, usize)>,
}

impl<S: ReasonSink> Reasons<'_, S> {
    fn commit(&mut self) {
        let Some((start, key)) = self.pending.take() else {
            return;
        };
        let m = &mut *self.memo;
        let n = m.n;
        if key != 0 && n < m.limit {
            m.keys[n] = key;
            m.spans[n] = (start, m.text.len());
            m.n += 1;
            self.sink.put(&m.text[start..], Some(&mut m.shared[n]));
        } else {
            self.sink.put(&m.text[start..], None);
            m.text.truncate(start);
        }
    }

    /// The string to render the next reason into (appended to), not kept for other
    /// obligations.
    fn next(&mut self) -> &mut String {
        self.next_keyed(0)
    }

    /// The string to render the next reason into, from the template with `key`.
    fn next_keyed(&mut self, key: usize) -> &mut String {
        self.commit();
        self.pending = Some((self.memo.text.len(), key));
        &mut self.memo.text
    }

    /// Give the reason with template `key` again if this answer already rendered it.
    fn again(&mut self, key: usize) -> bool {
        let m = &mut *self.memo;
        let Some(i) = m.keys[..m.n].iter().position(|&k| k == key) else {
            return false;
        };
        self.commit();
        let m = &mut *self.memo;
        let (a, b) = m.spans[i];
        self.sink.put(&m.text[a..b], Some(&mut m.shared[i]));
        true
    }

    /// The next reason from template `t`: shared when it names no fact, else rendered (once
    /// per answer).
    fn template(&mut self, t: &Template, facts: &Facts<'_>) {
        self.commit();
        if self.sink.put_template(t, facts) {
            return;
        }
        if let Some(text) = t.shared(facts.lang) {
            self.commit();
            self.sink.put_shared(text);
        } else if !self.again(t.key) {
            render_into(t, facts, self.next_keyed(t.key));
        }
    }

    /// The next reason: how deadline `c` was counted in `offset` (rendered again only when it
    /// differs from the last one).
    fn counting(&mut self, c: Counting, offset: FixedOffset, m: &Messages) {
        if self.memo.limit == 0 {
            c.explain_into(offset, m, self.next());
            return;
        }
        self.commit();
        let memo = &mut *self.memo;
        let (a, b) = match memo.counting {
            Some((last, o, a, b)) if last == c && o == offset => (a, b),
            last => {
                // The last counting is rendered at the end of `text`: replace it there (every
                // US state's own counting would otherwise pile up).
                if let Some((.., a, b)) = last
                    && b == memo.text.len()
                {
                    memo.text.truncate(a);
                }
                let a = memo.text.len();
                c.explain_into(offset, m, &mut memo.text);
                memo.counting = Some((c, offset, a, memo.text.len()));
                memo.counting_shared = None;
                (a, memo.text.len())
            }
        };
        self.sink
            .put(&memo.text[a..b], Some(&mut memo.counting_shared));
    }

    /// The next reason: `undetermined` around template `t` (rendered once per answer).
    fn undetermined(&mut self, t: &Template, facts: &Facts<'_>) {
        let key = t.key + 1;
        if !self.again(key) {
            facts
                .msgs
                .undetermined
                .render(self.next_keyed(key), |_, s| render_into(t, facts, s));
        }
    }
}

/// Per-request memo of predicate evaluations over the pack's shared nodes ([`PredNodes`]):
/// rules share scopes, triggers and exemptions, and larger predicates share their parts (a
/// state's count, a list of data elements), so every distinct node is evaluated at most once
/// per request. Values are kept in evaluation order and found through a position table (`u16`
/// per node, inline for packs of up to [`INLINE_NODES`] nodes): starting a request costs a
/// 2 KiB clear, not a table of every node's value. Person-count totals are
/// kept per count slot (`US-CA > 0` and `US-CA > 500` count the same persons).
struct PredCache<'p> {
    nodes: &'p PredNodes,
    /// `pos[m]` = 1 + the index in `vals` of the value of the node with memo number `m`; 0 =
    /// not evaluated yet.
    pos: [u16; INLINE_NODES],
    /// Positions of memo numbers `INLINE_NODES..` (allocated on first use; large packs only).
    pos_rest: Vec<u16>,
    /// The values, in evaluation order.
    vals: Vec<Eval>,
    /// `counts_pos[slot]` = 1 + the index in `counts` of the slot's totals; 0 = not counted.
    counts_pos: [u8; Mask::BITS as usize],
    counts: Vec<(Total, Total)>,
}

/// Nodes whose positions are inline (the default pack has about 600).
const INLINE_NODES: usize = 1024;

impl<'p> PredCache<'p> {
    fn new(p: &'p PredNodes) -> Self {
        PredCache {
            nodes: p,
            pos: [0; INLINE_NODES],
            pos_rest: Vec::new(),
            vals: Vec::new(),
            counts_pos: [0; Mask::BITS as usize],
            counts: Vec::new(),
        }
    }

    fn slot(&mut self, m: usize) -> Option<&mut u16> {
        if m < INLINE_NODES {
            return self.pos.get_mut(m);
        }
        if self.pos_rest.is_empty() {
            self.pos_rest = vec![0; self.nodes.memos.saturating_sub(INLINE_NODES)];
        }
        self.pos_rest.get_mut(m - INLINE_NODES)
    }

    /// The value of the pack's predicate `i` (`RulePack::preds`).
    fn eval(&mut self, i: usize, facts: &Facts<'_>) -> Eval {
        match self.nodes.roots.get(i) {
            Some(&n) => self.node(n as usize, facts),
            None => Eval::FALSE,
        }
    }

    /// The (definite, may-also-belong) totals of count slot `slot`, counted once per request.
    fn count(&mut self, slot: u8, facts: &Facts<'_>) -> (Total, Total) {
        let Some(p) = self.counts_pos.get_mut(usize::from(slot)) else {
            return facts.count(slot);
        };
        if *p != 0 {
            return self.counts[usize::from(*p - 1)];
        }
        let c = facts.count(slot);
        if let Ok(at) = u8::try_from(self.counts.len() + 1) {
            *p = at;
            self.counts.push(c);
        }
        c
    }

    /// The kept value at position `at` (1-based, from the position table).
    #[inline]
    fn kept(&self, at: u16) -> Eval {
        self.vals
            .get(usize::from(at).wrapping_sub(1))
            .copied()
            .unwrap_or(Eval::FALSE)
    }

    /// The value of node `n` (evaluated once per request, constants aside).
    #[inline]
    fn node(&mut self, n: usize, facts: &Facts<'_>) -> Eval {
        let m = self.nodes.memo.get(n).map_or(NO_MEMO, |&m| m) as usize;
        if let Some(&at) = self.pos.get(m)
            && at != 0
        {
            return self.kept(at);
        }
        self.compute(n, m, facts)
    }

    /// `all` (`op` = and, stopping at `false`) or `any` (or, stopping at `true`) of the nodes
    /// `parts`.
    #[inline]
    fn combine(
        &mut self,
        parts: &[u32],
        facts: &Facts<'_>,
        op: fn(Eval, Eval) -> Eval,
        stop: Tri,
    ) -> Eval {
        let mut acc = if stop == Tri::False {
            Eval::TRUE
        } else {
            Eval::FALSE
        };
        for &q in parts {
            acc = op(acc, self.node(q as usize, facts));
            if acc.tri == stop {
                break;
            }
        }
        acc
    }

    /// Evaluate node `n` (memo number `m`) and keep its value.
    #[inline(never)]
    fn compute(&mut self, n: usize, m: usize, facts: &Facts<'_>) -> Eval {
        let nodes = self.nodes;
        let Some(node) = nodes.nodes.get(n) else {
            return Eval::FALSE;
        };
        if m >= INLINE_NODES
            && m != NO_MEMO as usize
            && let Some(&mut at) = self.slot(m)
            && at != 0
        {
            return self.kept(at);
        }
        let e = match node {
            Node::All(ps) => self.combine(ps, facts, Eval::and, Tri::False),
            Node::Any(ps) => self.combine(ps, facts, Eval::or, Tri::True),
            Node::Not(q) => self.node(*q as usize, facts).not(),
            Node::Leaf(p) => {
                let e = facts.leaf(p, |slot| self.count(slot, facts));
                if m == NO_MEMO as usize {
                    // A constant: nothing to keep.
                    return e;
                }
                e
            }
        };
        // More distinct values than a u16 position can name: not kept.
        if let Ok(at) = u16::try_from(self.vals.len() + 1) {
            self.vals.push(e);
            if let Some(s) = self.slot(m) {
                *s = at;
            }
        }
        e
    }
}

/// Per-request memo of computed deadlines: many rules share a deadline (72 hours, 30 or 60
/// days, "without unreasonable delay") in the same zone, counted from the same instant. The
/// pack numbers its distinct (deadline, zone) pairs (`due_key`, see `pack::number_dues`), and
/// a deadline's anchor is fixed by its spec and the request, so within one request the key
/// alone names the entry: it is found through a position table indexed by the key (was a
/// linear search comparing keys and anchor instants with every entry, ≈ 37 per US state rule).
struct DueMemo {
    /// `pos[k]` = 1 + the index in `entries` of key `k`'s deadline; 0 = not computed yet.
    pos: [u8; INLINE_DUES],
    /// Entries of keys `INLINE_DUES..` (large host packs only), found by key.
    rest: Vec<(usize, usize)>,
    entries: Vec<(Due, Option<Counting>)>,
}

/// Deadline keys whose positions are kept inline (the default pack has about 90).
const INLINE_DUES: usize = 256;

impl DueMemo {
    fn new() -> Self {
        DueMemo {
            pos: [0; INLINE_DUES],
            rest: Vec::new(),
            entries: Vec::new(),
        }
    }

    fn find(&self, due_key: usize) -> Option<usize> {
        match self.pos.get(due_key) {
            Some(&p) if p != 0 => Some(usize::from(p) - 1),
            _ => self
                .rest
                .iter()
                .find(|&&(k, _)| k == due_key)
                .map(|&(_, i)| i),
        }
    }

    fn get(
        &mut self,
        pack: &RulePack,
        due_key: usize,
        spec: &DeadlineSpec,
        anchor: DateTime<FixedOffset>,
        zone: Zone,
    ) -> Result<(Due, Option<Counting>)> {
        if let Some((d, c)) = self.find(due_key).and_then(|i| self.entries.get(i)) {
            return Ok((d.clone(), *c));
        }
        let mut counting = None;
        let due = pack.due(spec, anchor, zone, &mut counting)?;
        let i = self.entries.len();
        match (self.pos.get_mut(due_key), u8::try_from(i + 1)) {
            (Some(p), Ok(at)) => *p = at,
            // More entries than a `u8` position names, or a key past the table: by key.
            (Some(_), Err(_)) | (None, _) => self.rest.push((due_key, i)),
        }
        self.entries.push((due.clone(), counting));
        Ok((due, counting))
    }
}

/// Explain the conditions whose value equals the combined value `want` (the ones that decided
/// it): the true ones when it holds, the unknown ones when it is undetermined, the `reason_false`
/// texts when none holds. Their values come from the request's predicate memo.
fn push_conds<S: ReasonSink>(
    reasons: &mut Reasons<'_, S>,
    conds: &[Cond],
    preds: &mut PredCache<'_>,
    facts: &Facts<'_>,
    want: Tri,
) {
    for c in conds {
        let tri = preds.eval(c.when, facts).tri;
        if tri != want {
            continue;
        }
        match tri {
            Tri::True => reasons.template(&c.reason, facts),
            Tri::Unknown => match &c.reason_unknown {
                Some(t) => reasons.template(t, facts),
                None => reasons.undetermined(&c.reason, facts),
            },
            Tri::False => {
                if let Some(t) = &c.reason_false {
                    reasons.template(t, facts);
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
    for seg in t.segs(facts.lang) {
        match seg {
            Seg::Lit(l) => s.push_str(l),
            Seg::Fact(f) => render_fact(f, facts, s),
        }
    }
}

/// Write the reason from template `t` into a JSON answer as a JSON string: the template's
/// literal text was escaped when the pack was loaded and is copied; each fact is rendered
/// where it goes and escaped there (through `scratch`) when it needs it. The same bytes as
/// escaping [`render_into`]'s text (escaping goes character by character).
fn render_json(t: &Template, facts: &Facts<'_>, out: &mut String, scratch: &mut String) {
    out.push('"');
    for seg in t.esc_segs(facts.lang) {
        match seg {
            Seg::Lit(l) => out.push_str(l),
            Seg::Fact(f) => {
                // Rendered in place; escaped (through `scratch`) only if it has to be.
                let start = out.len();
                render_fact(f, facts, out);
                if super::json_out::needs_escape(&out.as_bytes()[start..]) {
                    scratch.clear();
                    scratch.push_str(&out[start..]);
                    out.truncate(start);
                    super::json_out::escaped(out, scratch);
                }
            }
        }
    }
    out.push('"');
}

/// Render one fact of a reason template, appending to `s`.
fn render_fact(f: &FactRef, facts: &Facts<'_>, s: &mut String) {
    let m = facts.msgs;
    match f {
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
            super::json_out::rfc3339(s, &facts.req.incident.aware_at, false);
        }
        FactRef::KeySummary => {
            // In Japanese the Japanese summary; an English-only one is marked so.
            let p = facts.req.data.protection.as_ref();
            let ja = facts.req.lang() == super::request::Lang::Ja;
            let (k, marker) = match p {
                Some(p) if ja => match (&p.key_summary_ja, &p.key_summary) {
                    (Some(k), _) => (Some(k.as_str()), ""),
                    (None, Some(k)) => (Some(k.as_str()), "（英語のみ）"),
                    (None, None) => (None, ""),
                },
                Some(p) => (p.key_summary.as_deref(), ""),
                None => (None, ""),
            };
            if let Some(k) = k {
                s.push_str(" (");
                for c in k.chars().take(400).filter(|c| !c.is_control()) {
                    s.push(c);
                }
                s.push_str(marker);
                s.push(')');
            }
        }
    }
}

pub(super) const ITEMS: [(&str, &str); 9] = [
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
    for ob in &mut a.obligations {
        ob.timing = Some(timing_of(ob.status, &ob.due, now, due_soon));
    }
}

/// The timing of one obligation with `status` and `due` against `now` (see [`with_timing`]).
pub(super) fn timing_of(
    status: ObligationStatus,
    due: &Due,
    now: DateTime<FixedOffset>,
    due_soon: Duration,
) -> DueStatus {
    let by = |at: DateTime<FixedOffset>| {
        if now > at {
            DueStatus::Overdue
        } else if at - now <= due_soon {
            DueStatus::DueSoon
        } else {
            DueStatus::OnTrack
        }
    };
    if status == ObligationStatus::NotRequired {
        return DueStatus::NotApplicable;
    }
    match due {
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
        Due::WithoutUndueDelay | Due::AfterObligation { latest: None, .. } => DueStatus::Immediate,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every predicate of
    /// `pack` through the request's node memo (in rule order, then in reverse, so parts are met
    /// both before and after the predicates that contain them) has the value of its tree
    /// evaluation without any memo, and each rule's compiled trigger and exemption nodes equal
    /// the `or` over its conditions. `Err` names the first disagreement.
    fn check_shared_nodes(pack: &RulePack, req: &AssessRequest) -> std::result::Result<(), String> {
        fn same<T: PartialEq>(
            got: T,
            want: T,
            what: impl FnOnce() -> String,
        ) -> std::result::Result<(), String> {
            if got == want { Ok(()) } else { Err(what()) }
        }
        let facts = Facts::new(req, &pack.count_slots, &pack.person_sels);
        let mut fwd = PredCache::new(&pack.pred_nodes);
        let mut rev = PredCache::new(&pack.pred_nodes);
        let n = pack.preds.len();
        same(pack.pred_nodes.roots.len(), n, || {
            "one root per predicate".to_string()
        })?;
        for i in 0..n {
            let want = facts.eval(&pack.preds[i]);
            same(fwd.eval(i, &facts), want, || {
                format!("predicate {i} (forward)")
            })?;
            let j = n - 1 - i;
            let want = facts.eval(&pack.preds[j]);
            same(rev.eval(j, &facts), want, || {
                format!("predicate {j} (reverse)")
            })?;
        }
        // Each rule's combined triggers and exemptions: `or` over its conditions' trees.
        let any = |conds: &[Cond]| {
            conds
                .iter()
                .fold(Eval::FALSE, |a, c| a.or(facts.eval(&pack.preds[c.when])))
        };
        for r in pack.groups.iter().flatten() {
            let trig = r
                .trigger_node
                .map_or(Eval::TRUE, |t| fwd.node(t as usize, &facts));
            let want = if r.triggers.is_empty() {
                Eval::TRUE
            } else {
                any(&r.triggers)
            };
            same(trig, want, || format!("{} triggers", r.id))?;
            let exempt = r
                .exemption_node
                .map_or(Eval::FALSE, |t| rev.node(t as usize, &facts));
            same(exempt, any(&r.exemptions), || {
                format!("{} exemptions", r.id)
            })?;
            same(r.triggers.is_empty(), r.trigger_node.is_none(), || {
                format!("{} trigger node", r.id)
            })?;
            same(r.exemptions.is_empty(), r.exemption_node.is_none(), || {
                format!("{} exemption node", r.id)
            })?;
        }
        Ok(())
    }

    #[test]
    fn shared_nodes_are_fewer_than_the_trees_and_shared_across_rules() {
        let pack = super::super::pack::default_pack_ref();
        fn size(p: &super::super::predicate::Pred) -> usize {
            use super::super::predicate::Pred;
            match p {
                Pred::All(ps) | Pred::Any(ps) => 1 + ps.iter().map(size).sum::<usize>(),
                Pred::Not(q) => 1 + size(q),
                _ => 1,
            }
        }
        let tree: usize = pack.preds.iter().map(size).sum();
        let nodes = pack.pred_nodes.nodes.len();
        assert!(nodes < tree / 2, "{nodes} nodes for {tree} tree nodes");
        let kept = pack.pred_nodes.memos;
        assert!(
            kept <= INLINE_NODES,
            "{kept} kept nodes: the position table spills"
        );
    }

    #[test]
    fn shared_nodes_give_the_tree_values_for_the_worked_requests() {
        let pack = super::super::pack::default_pack_ref();
        let reqs = [
            include_str!("../../examples/requests/us_unknown_state_jp.json"),
            include_str!("../../examples/requests/lost_phone_1200.json"),
            include_str!("../../examples/requests/eu_jp_company.json"),
        ];
        for r in reqs {
            check_shared_nodes(pack, &super::super::parse_request(r).unwrap()).unwrap();
        }
    }

    /// A request from generated facts, written as JSON (the crate's test strategies live in
    /// a higher layer): persons of up to four keys with exact, ranged or unknown counts,
    /// every three-valued fact, organisation type and role, incident kind and protection.
    fn request_json() -> impl Strategy<Value = String> {
        const KEYS: &[&str] = &[
            "JP", "US", "US-CA", "US-NY", "US-TX", "US-WA", "EU", "DE", "UK", "KR", "CN", "SG",
            "AU", "CA", "CA-QC", "BR", "IN", "unknown",
        ];
        let count = prop_oneof![
            (0u64..3000).prop_map(|n| serde_json::json!(n)),
            (0u64..1500, 0u64..1500).prop_map(|(a, b)| serde_json::json!({"min": a, "max": a + b})),
            Just(serde_json::Value::Null),
        ];
        let tri = || prop_oneof![Just(Some(true)), Just(Some(false)), Just(None)];
        let persons = proptest::collection::btree_map(0..KEYS.len(), count, 0..4);
        let facts = (
            tri(),
            tri(),
            tri(),
            tri(),
            0usize..4,
            0usize..3,
            any::<bool>(),
            0usize..3,
        );
        (persons, facts).prop_map(|(persons, f)| {
            let persons: serde_json::Map<String, serde_json::Value> =
                persons.into_iter().map(|(k, v)| (KEYS[k].to_string(), v)).collect();
            let kind = ["loss", "theft", "unauthorized_access", "misdelivery"][f.4];
            let org = ["business", "public_body", "business"][f.5];
            let protection = match f.7 {
                0 => serde_json::Value::Null,
                1 => serde_json::json!({"algorithm": "AES-256-GCM", "key_separated": f.0, "remote_wipe": f.1}),
                _ => serde_json::json!({"algorithm": "AES-128-CBC", "key_separated": false, "remote_wipe": null}),
            };
            serde_json::json!({
                "schema": "mamori.assess.v1",
                "organisation": {"type": org, "role": if f.6 { "processor" } else { "controller" },
                                 "established_in": ["JP"]},
                "incident": {"kind": kind, "aware_at": "2026-12-03T10:15:00+09:00",
                             "recovered_unviewed": f.3},
                "data": {"persons": persons, "sensitive": f.0, "financial_risk": f.1,
                         "malicious": f.2, "risk": null, "protection": protection},
            })
            .to_string()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn shared_nodes_give_the_tree_values(json in request_json()) {
            let Ok(req) = super::super::parse_request(&json) else {
                return Ok(());
            };
            let pack = super::super::pack::default_pack_ref();
            if let Err(e) = check_shared_nodes(pack, &req) {
                prop_assert!(false, "{e}");
            }
        }
    }
}
