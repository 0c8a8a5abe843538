//! The response plan as an iCalendar file (RFC 5545): one `VEVENT` per dated group of the plan
//! (its earliest due time, in UTC), each with a `VALARM` before it, so the deadlines land in
//! the compliance officer's calendar. Text is escaped (RFC 5545 §3.3.11) and lines are folded
//! at 75 octets without splitting a UTF-8 character (§3.1).
//!
//! JSON in (C `mamori_assessment_ics`): `{"assessment": {...}, "now": "...",
//! "alarm_before_hours"?: 24}`; out: the `text/calendar` document.

use chrono::{DateTime, FixedOffset, Utc};
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

/// The plan of `a` as an iCalendar document. Errors: an assessment without a plan, or an
/// alarm outside 1–720 hours.
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
    let mut out = String::with_capacity(1024);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//mamori//breach plan//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    let stamp = utc(&now);
    for g in &plan.groups {
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
        line(&mut out, &format!("DTSTART:{}", utc(&d.at)));
        line(&mut out, &format!("DTEND:{}", utc(&d.at)));
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
