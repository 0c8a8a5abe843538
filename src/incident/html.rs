//! A printable incident report: one self-contained HTML page (no scripts, no external
//! resources) with the timeline and deadlines drawn as inline SVG, the next actions, the
//! obligations, the corrections, the chain check and the 漏えい等報告 draft.

use chrono::{DateTime, FixedOffset};

use super::{DraftRequest, Event, report_draft};
use crate::breach::{Due, ObligationStatus};
use crate::error::Result;
use crate::text::fmt_time;
use crate::text::{Lang, t};

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

struct Mark {
    at: DateTime<FixedOffset>,
    label: String,
    deadline: bool,
}

fn svg_timeline(lang: Lang, marks: &[Mark]) -> String {
    let (w, h, left, right) = (1000.0_f64, 230.0_f64, 40.0_f64, 960.0_f64);
    let Some(min) = marks.iter().map(|m| m.at).min() else {
        return String::new();
    };
    let max = marks.iter().map(|m| m.at).max().unwrap_or(min);
    let span = ((max - min).num_seconds().max(1)) as f64;
    let x = |at: DateTime<FixedOffset>| {
        left + (right - left) * ((at - min).num_seconds() as f64 / span)
    };
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        esc(&t(lang, "html.timeline", &[]))
    );
    s.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/><line x1=\"{left}\" y1=\"120\" x2=\"{right}\" y2=\"120\" stroke=\"#333\" stroke-width=\"3\"/>"
    ));
    let mut up = true;
    for m in marks {
        let xm = x(m.at);
        if m.deadline {
            s.push_str(&format!(
                "<line x1=\"{xm:.1}\" y1=\"30\" x2=\"{xm:.1}\" y2=\"210\" stroke=\"#c0392b\" stroke-width=\"3\" stroke-dasharray=\"6 4\"/><text x=\"{xm:.1}\" y=\"224\" font-size=\"12\" fill=\"#c0392b\" text-anchor=\"middle\">{}</text>",
                esc(&m.label)
            ));
        } else {
            let ty = if up { 95.0 } else { 150.0 };
            up = !up;
            s.push_str(&format!(
                "<circle cx=\"{xm:.1}\" cy=\"120\" r=\"7\" fill=\"#1f5fa8\"/><text x=\"{xm:.1}\" y=\"{ty}\" font-size=\"11\" fill=\"#111\" text-anchor=\"middle\">{}</text>",
                esc(&m.label)
            ));
        }
    }
    s.push_str("</svg>");
    s
}

fn event_label(lang: Lang, i: usize, e: &Event) -> String {
    let mut l = format!(
        "#{i} {}",
        t(lang, &format!("event.{}", e.data.type_name()), &[])
    );
    if e.corrects.is_some() {
        l.push_str(&t(lang, "html.corrected_mark", &[]));
    }
    l
}

/// The printable report for a `mamori.draft_request.v1` (its `stage` chooses 速報 or 確報
/// for the draft section, `lang` the language): a complete HTML document.
pub fn html_report(req: &DraftRequest) -> Result<String> {
    let draft = report_draft(req)?;
    let st = req.incident.state()?;
    let lang = req.lang;
    let assessment = req.assessment.as_ref().or(st.assessment.as_ref());
    let actions = super::next_actions_in(&st, req.device.as_ref(), assessment, req.now, lang);
    let mut marks: Vec<Mark> = req
        .incident
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| !matches!(e.data, super::EventData::AssessmentRecorded { .. }))
        .map(|(i, e)| Mark {
            at: e.at,
            label: event_label(lang, i, e),
            deadline: false,
        })
        .collect();
    marks.push(Mark {
        at: st.aware_at(),
        label: t(lang, "html.aware", &[]),
        deadline: true,
    });
    let mut obligations = String::new();
    for o in assessment.iter().flat_map(|a| a.obligations.iter()) {
        let status = t(lang, &format!("status.{}", status_key(o.status)), &[]);
        // The instant drawn on the timeline (the last one still on time).
        let mark = match &o.due {
            Due::Deadline { at }
            | Due::Window { latest: at, .. }
            | Due::AfterObligation {
                latest: Some(at), ..
            } => Some(*at),
            Due::WithoutUndueDelay | Due::AfterObligation { latest: None, .. } => None,
        };
        if let Some(at) = mark
            && o.status != ObligationStatus::NotRequired
        {
            marks.push(Mark {
                at,
                label: o.id.to_string(),
                deadline: true,
            });
        }
        let due = match &o.due {
            Due::Deadline { at }
            | Due::AfterObligation {
                latest: Some(at), ..
            } => fmt_time(lang, *at),
            Due::Window { target, latest } => {
                format!("{} – {}", fmt_time(lang, *target), fmt_time(lang, *latest))
            }
            Due::WithoutUndueDelay | Due::AfterObligation { latest: None, .. } => {
                t(lang, "deadline.asap", &[])
            }
        };
        obligations.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&o.id),
            esc(&status),
            esc(&due),
            esc(&o.basis)
        ));
    }
    let mut acts = String::new();
    for a in &actions {
        acts.push_str(&format!(
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>",
            if a.overdue { "overdue" } else { "" },
            esc(&a.title),
            esc(&a
                .due
                .map(|d| fmt_time(lang, d))
                .unwrap_or_else(|| t(lang, "deadline.asap", &[]))),
            esc(&a.reason)
        ));
    }
    let mut corrections = String::new();
    for c in &draft.corrections {
        corrections.push_str(&format!("<li>{}</li>", esc(c)));
    }
    let title = t(lang, "html.title", &[("id", &req.incident.id)]);
    let h = |k: &str| esc(&t(lang, k, &[]));
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>\
body{{font-family:'Noto Sans CJK JP','Noto Sans JP',sans-serif;margin:24px;color:#111;background:#fff}}\
h1{{font-size:22px;border-bottom:3px solid #1f5fa8}}h2{{font-size:17px;margin-top:22px;color:#1f5fa8}}\
table{{border-collapse:collapse;width:100%;font-size:13px}}td,th{{border:1px solid #999;padding:4px 6px;vertical-align:top}}\
tr.overdue td{{background:#fde2e0}}pre{{white-space:pre-wrap;font-size:13px;border:1px solid #999;padding:8px;background:#f7f7f7}}\
.draft{{color:#c0392b;font-weight:bold}}@media print{{h2{{page-break-after:avoid}}}}</style></head><body>\
<h1>{title}</h1><p class=\"draft\">{draftmark}</p><p>{chain}</p>\
<h2>{h_tl}</h2>{svg}\
<h2>{h_next}</h2><table><tr><th>{h_action}</th><th>{h_due}</th><th>{h_reason}</th></tr>{acts}</table>\
<h2>{h_obl}</h2><table><tr><th>ID</th><th>{h_status}</th><th>{h_due}</th><th>{h_basis}</th></tr>{obligations}</table>\
<h2>{h_corr}</h2><ul>{corrections}</ul>\
<h2>{dtitle}</h2><pre>{dtext}</pre></body></html>\n",
        lang = lang.code(),
        title = esc(&title),
        draftmark = h("draft.mark"),
        chain = esc(&draft.chain_summary),
        h_tl = h("html.timeline"),
        svg = svg_timeline(lang, &marks),
        h_next = h("html.next_actions"),
        h_action = h("html.action"),
        h_due = h("html.due"),
        h_reason = h("html.reason"),
        acts = acts,
        h_obl = h("html.obligations"),
        h_status = h("html.status"),
        h_basis = h("html.basis"),
        obligations = obligations,
        h_corr = h("html.corrections"),
        corrections = if corrections.is_empty() {
            format!("<li>{}</li>", h("html.no_corrections"))
        } else {
            corrections
        },
        dtitle = esc(&draft.title),
        dtext = esc(&draft.text),
    ))
}

fn status_key(s: ObligationStatus) -> &'static str {
    match s {
        ObligationStatus::Required => "required",
        ObligationStatus::Possible => "possible",
        ObligationStatus::NotRequired => "not_required",
    }
}

/// [`html_report`] over a JSON request.
pub fn html_report_json(request_json: &str) -> Result<String> {
    let req: DraftRequest = crate::error::from_json(request_json)?;
    html_report(&req)
}
