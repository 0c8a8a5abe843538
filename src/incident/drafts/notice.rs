//! Notice drafts: the customer letter, the HP公表 text, inquiry-desk answers and the
//! follow-up report, from the same context as the regulator report.

use super::*;

/// A notice draft (customer letter, HP公表, inquiry-desk answers or follow-up report).
pub fn notice_draft(req: &DraftRequest) -> Result<NoticeDraft> {
    let ctx = context(req)?;
    let lang = ctx.lang;
    let st = &ctx.st;
    let mut missing = Vec::new();
    let items = ctx.data_items().unwrap_or_else(|| {
        missing.push("data_items".to_string());
        t(lang, "missing.data_items", &[])
    });
    let harm = ctx.secondary_harm().unwrap_or_else(|| {
        missing.push("secondary_harm".to_string());
        t(lang, "notice.harm_unknown", &[])
    });
    let when = st
        .interview
        .last_confirmed_at
        .or(st.interview.noticed_missing_at)
        .unwrap_or(st.reported_at);
    let desk = match (&req.inquiry_desk, st.inquiry_desk_at) {
        (Some(d), _) if !d.trim().is_empty() => d.clone(),
        _ => ctx.desk.clone(),
    };
    let mut actions = Vec::new();
    if st.remote_lock.issued_at.is_some() {
        actions.push(t(lang, "notice.action.lock", &[]));
    }
    if st.remote_wipe.issued_at.is_some() {
        actions.push(t(lang, "notice.action.wipe", &[]));
    }
    if st.police_lost_report.is_some() {
        actions.push(t(lang, "notice.action.police", &[]));
    }
    if st.carrier_suspension.is_some() {
        actions.push(t(lang, "notice.action.carrier", &[]));
    }
    if st.data_access.is_some() {
        actions.push(t(lang, "notice.action.logs", &[]));
    }
    if actions.is_empty() {
        actions.push(t(lang, "notice.action.none", &[]));
    }
    let actions = actions
        .iter()
        .map(|a| format!("・{a}"))
        .collect::<Vec<_>>()
        .join("\n");
    let count = ctx.affected().unwrap_or_else(|| {
        missing.push("affected_count".to_string());
        t(lang, "missing.affected_count", &[])
    });
    let args: Vec<(&str, String)> = vec![
        ("org", ctx.org.clone()),
        ("date", fmt_time(lang, req.now)),
        ("when", fmt_time(lang, when)),
        // Customer-facing text names the kind of device, never its serial or IMEI.
        ("device", t(lang, "device.unknown", &[])),
        ("kind", ctx.kind()),
        ("items", items),
        ("harm", harm),
        ("actions", actions),
        ("desk", desk),
        ("count", count),
        (
            "prevention",
            ctx.prevention()
                .unwrap_or_else(|| t(lang, "notice.prevention_tbd", &[])),
        ),
        (
            "leaked",
            st.leak
                .as_ref()
                .map(|l| l.leaked.join(ctx.sep()))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| t(lang, "notice.none_confirmed", &[])),
        ),
        (
            "not_leaked",
            st.leak
                .as_ref()
                .map(|l| l.not_leaked.join(ctx.sep()))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| t(lang, "notice.under_investigation", &[])),
        ),
        ("corrections", {
            let c = correction_lines(st, lang);
            if c.is_empty() {
                t(lang, "notice.no_corrections", &[])
            } else {
                c.join("\n")
            }
        }),
    ];
    let argrefs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let key = match req.notice {
        NoticeKind::CustomerLetter => "customer_letter",
        NoticeKind::PublicNotice => "public_notice",
        NoticeKind::InquiryAnswers => "inquiry_answers",
        NoticeKind::FollowUp => "follow_up",
    };
    if req.notice == NoticeKind::FollowUp && st.leak.is_none() {
        missing.push("leak_determined".to_string());
    }
    let title = t(lang, &format!("notice.{key}.title"), &argrefs);
    let body = t(lang, &format!("notice.{key}.body"), &argrefs);
    let text = format!("{}\n{}\n\n{}\n", t(lang, "draft.mark", &[]), title, body);
    Ok(NoticeDraft {
        schema: NOTICE_DRAFT_SCHEMA.to_string(),
        draft: true,
        incident_id: req.incident.id.clone(),
        lang,
        kind: req.notice,
        title,
        text,
        missing,
    })
}
