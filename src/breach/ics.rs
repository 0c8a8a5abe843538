//! The response plan as an iCalendar file (RFC 5545): one `VEVENT` per dated group of the plan
//! (its earliest due time), each with a `VALARM` before it, so the deadlines land in the
//! compliance officer's calendar. Text is escaped (RFC 5545 §3.3.11) and lines are folded at 75
//! octets without splitting a UTF-8 character (§3.1).
//!
//! Each due time is written in the rule's own zone (the plan's `due.zone`): `DTSTART;TZID=
//! America/New_York:20261210T235959`, with one `VTIMEZONE` per zone used (§3.6.5). An IANA zone's
//! `VTIMEZONE` lists its UTC-offset changes (from the zone database chrono-tz carries) from a
//! year before the first event in it to a year after the last; a fixed offset such as `+09:00`
//! gets the `TZID` `UTC+09:00` with one observance. A plan without zones (written before the
//! field existed), or a time the zone's wall clock cannot name on its own (the second pass
//! through a repeated hour), is written in UTC (`...Z`).
//!
//! JSON in (C `mamori_assessment_ics`): `{"assessment": {...}, "now": "...",
//! "alarm_before_hours"?: 24}`; out: the `text/calendar` document.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset as _, TimeZone as _, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::assessment::{Assessment, ObligationStatus};
use crate::error::{Error, Result};

/// A request for the iCalendar form of an assessment's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IcsRequest {
    /// A `mamori.assessment.v1` with its `plan`.
    pub assessment: Assessment,
    /// The caller's current time, written as each event's `DTSTAMP` (the library never reads
    /// the clock).
    pub now: DateTime<FixedOffset>,
    /// How long before each due time the alarm rings (hours, 1–720; default 24).
    #[serde(default)]
    pub alarm_before_hours: Option<u32>,
}

/// Escape a TEXT value (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Append a content line, folded at 75 octets (continuation lines start with a space), with
/// CRLF line ends.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn utc(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// A rule's zone as the plan names it (`due.zone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IcsZone {
    Fixed(FixedOffset),
    Iana(chrono_tz::Tz),
}

impl IcsZone {
    fn parse(s: &str) -> Option<Self> {
        if let Some(rest) = s.strip_prefix(['+', '-']) {
            let (h, m) = rest.split_once(':')?;
            if h.len() != 2 || m.len() != 2 {
                return None;
            }
            let secs = (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?) * 60;
            let secs = if s.starts_with('-') { -secs } else { secs };
            FixedOffset::east_opt(secs).map(IcsZone::Fixed)
        } else {
            s.parse::<chrono_tz::Tz>().ok().map(IcsZone::Iana)
        }
    }

    /// The `TZID` (a fixed offset `+09:00` becomes `UTC+09:00`).
    fn tzid(self) -> String {
        match self {
            IcsZone::Iana(tz) => tz.name().to_string(),
            IcsZone::Fixed(o) => format!("UTC{o}"),
        }
    }

    /// The `TZID` as a parameter value: quoted when it holds `:`, `;` or `,` (§3.2).
    fn tzid_param(self) -> String {
        let id = self.tzid();
        if id.contains([':', ';', ',']) {
            format!("\"{id}\"")
        } else {
            id
        }
    }

    /// The wall-clock time of `t` in this zone, when that names `t` alone (the first pass
    /// through a repeated hour is what a `TZID` time means, §3.3.5).
    fn wall(self, t: &DateTime<FixedOffset>) -> Option<NaiveDateTime> {
        match self {
            IcsZone::Fixed(o) => Some(t.with_timezone(&o).naive_local()),
            IcsZone::Iana(tz) => {
                let local = t.with_timezone(&tz).naive_local();
                let back = tz.from_local_datetime(&local).earliest()?;
                (back.timestamp() == t.timestamp()).then_some(local)
            }
        }
    }
}

/// `+0900`, `-0430`, or `+053028` when seconds are not zero (§3.3.14).
fn utc_offset(o: FixedOffset) -> String {
    let s = o.local_minus_utc();
    let a = s.unsigned_abs();
    let sign = if s < 0 { '-' } else { '+' };
    let (h, m, sec) = (a / 3600, a / 60 % 60, a % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn local_stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// One observance of a `VTIMEZONE`: from the UTC instant `at` on, `to` is in force.
fn observance(out: &mut String, at: i64, from: FixedOffset, tz: chrono_tz::Tz) {
    use chrono_tz::{OffsetComponents as _, OffsetName as _};
    let Some(u) = DateTime::from_timestamp(at, 0) else {
        return;
    };
    let off = tz.offset_from_utc_datetime(&u.naive_utc());
    let to = off.fix();
    let kind = if off.dst_offset().is_zero() {
        "STANDARD"
    } else {
        "DAYLIGHT"
    };
    line(out, &format!("BEGIN:{kind}"));
    // DTSTART is the onset in the wall time before it (§3.6.5).
    line(
        out,
        &format!(
            "DTSTART:{}",
            local_stamp(u.with_timezone(&from).naive_local())
        ),
    );
    line(out, &format!("TZOFFSETFROM:{}", utc_offset(from)));
    line(out, &format!("TZOFFSETTO:{}", utc_offset(to)));
    let name = off
        .abbreviation()
        .map_or_else(|| utc_offset(to), str::to_owned);
    line(out, &format!("TZNAME:{}", escape(&name)));
    line(out, &format!("END:{kind}"));
}

/// The `VTIMEZONE` of `z`, covering the UTC seconds `first..=last`.
fn vtimezone(out: &mut String, z: IcsZone, first: i64, last: i64) {
    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{}", z.tzid()));
    match z {
        IcsZone::Fixed(o) => {
            line(out, "BEGIN:STANDARD");
            line(out, "DTSTART:19700101T000000");
            line(out, &format!("TZOFFSETFROM:{}", utc_offset(o)));
            line(out, &format!("TZOFFSETTO:{}", utc_offset(o)));
            line(out, &format!("TZNAME:{}", escape(&z.tzid())));
            line(out, "END:STANDARD");
        }
        IcsZone::Iana(tz) => {
            const YEAR: i64 = 366 * 86_400;
            let offset = |t: i64| {
                DateTime::from_timestamp(t, 0)
                    .map(|u| tz.offset_from_utc_datetime(&u.naive_utc()).fix())
            };
            let (start, end) = (first.saturating_sub(YEAR), last.saturating_add(YEAR));
            let Some(mut before) = offset(start) else {
                line(out, "END:VTIMEZONE");
                return;
            };
            observance(out, start, before, tz);
            // Offsets change at most a few times a year: step a day at a time and find each
            // change to the second by bisection.
            let mut t = start;
            while t < end {
                let next = (t + 86_400).min(end);
                let Some(o) = offset(next) else { break };
                if o != before {
                    let (mut lo, mut hi) = (t, next);
                    while hi - lo > 1 {
                        let mid = lo + (hi - lo) / 2;
                        if offset(mid) == Some(before) {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    observance(out, hi, before, tz);
                    before = offset(hi).unwrap_or(o);
                    // A second change inside the same day is found from `hi` on.
                    t = hi;
                    continue;
                }
                t = next;
            }
        }
    }
    line(out, "END:VTIMEZONE");
}

/// `DTSTART`/`DTEND` value of `t`: `;TZID=...:local` in the rule's zone, else UTC.
fn date_time(zone: Option<IcsZone>, t: &DateTime<FixedOffset>) -> String {
    match zone.and_then(|z| Some((z, z.wall(t)?))) {
        Some((z, local)) => format!(";TZID={}:{}", z.tzid_param(), local_stamp(local)),
        None => format!(":{}", utc(t)),
    }
}

/// The plan of `a` as an iCalendar document. Errors: an assessment without a plan, an alarm
/// outside 1–720 hours, or a `due.zone` that is neither an IANA zone nor an offset like
/// `+09:00`.
pub fn assessment_ics(
    a: &Assessment,
    now: DateTime<FixedOffset>,
    alarm_before_hours: Option<u32>,
) -> Result<String> {
    let hours = alarm_before_hours.unwrap_or(24);
    if !(1..=720).contains(&hours) {
        return Err(Error::invalid("alarm_before_hours", "must be 1 to 720"));
    }
    let plan = a
        .plan
        .as_ref()
        .ok_or_else(|| Error::invalid("assessment.plan", "missing (assess again to get a plan)"))?;
    // The zone of each group, and every zone's first and last event (for its VTIMEZONE).
    let mut zones: Vec<Option<IcsZone>> = Vec::with_capacity(plan.groups.len());
    let mut used: Vec<(IcsZone, i64, i64)> = Vec::new();
    for (i, g) in plan.groups.iter().enumerate() {
        let z = match g.due.as_ref().and_then(|d| d.zone.as_deref()) {
            None => None,
            Some(s) => Some(IcsZone::parse(s).ok_or_else(|| {
                Error::invalid(
                    format!("assessment.plan.groups[{i}].due.zone"),
                    format!("`{s}` is neither an IANA time zone nor an offset like +09:00"),
                )
            })?),
        };
        if let (Some(z), Some(d)) = (z, &g.due)
            && z.wall(&d.at).is_some()
        {
            let t = d.at.timestamp();
            match used.iter_mut().find(|(u, ..)| *u == z) {
                Some((_, first, last)) => {
                    *first = (*first).min(t);
                    *last = (*last).max(t);
                }
                None => used.push((z, t, t)),
            }
        }
        zones.push(z);
    }
    let mut out = String::with_capacity(1024);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//mamori//breach plan//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    for &(z, first, last) in &used {
        vtimezone(&mut out, z, first, last);
    }
    let stamp = utc(&now);
    for (g, zone) in plan.groups.iter().zip(zones) {
        let Some(d) = &g.due else { continue };
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!(
                "UID:{}-{}@mamori",
                g.key.replace(':', "."),
                d.at.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")
            ),
        );
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        let when = date_time(zone, &d.at);
        line(&mut out, &format!("DTSTART{when}"));
        line(&mut out, &format!("DTEND{when}"));
        line(&mut out, &format!("SUMMARY:{}", escape(&g.title)));
        let mut desc = String::new();
        desc.push_str(&format!(
            "{} ({}, {}{})",
            d.rule,
            d.jurisdiction,
            d.at.to_rfc3339(),
            d.latest
                .map(|l| format!("; latest {}", l.to_rfc3339()))
                .unwrap_or_default()
        ));
        for s in &g.settle {
            desc.push('\n');
            desc.push_str(s);
        }
        desc.push('\n');
        desc.push_str(&g.rules.join(" "));
        line(&mut out, &format!("DESCRIPTION:{}", escape(&desc)));
        line(
            &mut out,
            &format!(
                "CATEGORIES:{}",
                match g.status {
                    ObligationStatus::Required => "REQUIRED",
                    ObligationStatus::Possible => "POSSIBLE",
                    ObligationStatus::NotRequired => "NOT-REQUIRED",
                }
            ),
        );
        line(&mut out, "BEGIN:VALARM");
        line(&mut out, "ACTION:DISPLAY");
        line(&mut out, &format!("DESCRIPTION:{}", escape(&g.title)));
        line(&mut out, &format!("TRIGGER:-PT{hours}H"));
        line(&mut out, "END:VALARM");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    Ok(out)
}

/// [`assessment_ics`] over a JSON [`IcsRequest`].
pub fn assessment_ics_json(request_json: &str) -> Result<String> {
    let r: IcsRequest = crate::error::from_json(request_json)?;
    assessment_ics(&r.assessment, r.now, r.alarm_before_hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut s = String::new();
        let long = format!("SUMMARY:{}", "漏えい".repeat(40));
        line(&mut s, &long);
        for l in s.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = s.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
