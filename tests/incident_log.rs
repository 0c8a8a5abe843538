//! Incident log: replay, validation, guard warnings, interview → aware_at, next actions,
//! the assess-request link and the exports.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use mamori::breach::{
    Assessment, Due, IncidentKind, Obligation, ObligationStatus, OrgType, Organisation, Recipient,
    Role, Verification,
};
use mamori::device::{Device, DeviceKind, Ownership, PhoneNumber, ScreenLock};
use mamori::incident::*;
use mamori::text::csv::csv_field;
use mamori::vault::Manifest;
use mamori::{Error, ErrorCode};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

const REPORTED: &str = "2025-06-13T09:10:00+09:00";

fn reported(kind: IncidentKind) -> Event {
    Event::new(
        t(REPORTED),
        "sales-tanaka",
        EventData::Reported {
            kind,
            device_id: Some("P-001".into()),
            reporter: "sales-tanaka".into(),
            summary: "company phone missing after the team dinner".into(),
        },
    )
}

fn ev(at: &str, data: EventData) -> Event {
    Event::new(t(at), "it-suzuki", data)
}

fn opened(kind: IncidentKind) -> Incident {
    let mut inc = Incident::new("INC-2025-001");
    inc.append(reported(kind)).unwrap();
    inc
}

fn locate(at: &str) -> Event {
    ev(
        at,
        EventData::LocateAttempted {
            result: LocateResult::NoResponse,
            position: None,
        },
    )
}

/// Built from JSON so that additive fields of the contract do not break the test.
fn obligation(id: &str, recipient: Recipient, status: ObligationStatus, due: Due) -> Obligation {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "jurisdiction": "JP",
        "recipient": recipient,
        "status": status,
        "due": due,
        "basis": "APPI Art. 26",
        "verification": Verification::Unverified,
        "reasons": ["test"],
    }))
    .unwrap()
}

fn assessment() -> Assessment {
    let obligations = vec![
        obligation(
            "jp.appi.ppc.preliminary",
            Recipient::Regulator,
            ObligationStatus::Required,
            Due::Window {
                target: t("2025-06-15T23:59:59+09:00"),
                latest: t("2025-06-17T23:59:59+09:00"),
            },
        ),
        obligation(
            "jp.appi.ppc.final",
            Recipient::Regulator,
            ObligationStatus::Required,
            Due::Deadline {
                at: t("2025-07-14T23:59:59+09:00"),
            },
        ),
        obligation(
            "jp.appi.individuals",
            Recipient::Individuals,
            ObligationStatus::Required,
            Due::WithoutUndueDelay,
        ),
        obligation(
            "eu.gdpr.dpa",
            Recipient::Regulator,
            ObligationStatus::NotRequired,
            Due::WithoutUndueDelay,
        ),
    ];
    serde_json::from_value(serde_json::json!({
        "schema": "mamori.assessment.v1",
        "rules_version": "test",
        "obligations": obligations,
        "missing_facts": [],
    }))
    .unwrap()
}

fn phone_device() -> Device {
    let mut d = Device::new("P-001", DeviceKind::Phone, "SC-52C", Ownership::Company);
    d.phone_number = Some(PhoneNumber::parse("+819012345678").unwrap());
    d.posture.screen_lock = ScreenLock::Pin { length: 6 };
    d.posture.remote_lock = true;
    d.posture.remote_locate = true;
    d.posture.remote_wipe = true;
    d.posture.mdm_enrolled = true;
    d
}

fn codes(w: &[Warning]) -> Vec<WarningCode> {
    w.iter().map(|w| w.code).collect()
}

fn full_log() -> Incident {
    let mut inc = opened(IncidentKind::Loss);
    let answers = InterviewAnswers {
        last_confirmed_at: Some(t("2025-06-12T21:30:00+09:00")),
        noticed_missing_at: Some(t("2025-06-13T07:45:00+09:00")),
        places_since: Some(vec![
            "Izakaya Torikichi, Shinjuku".into(),
            "JR Chuo line".into(),
        ]),
        stolen_or_dropped: Some(StolenOrDropped::CannotTell),
        ..Default::default()
    };
    let steps = vec![
        ev(
            "2025-06-13T09:20:00+09:00",
            EventData::InterviewAnswered {
                answers: Box::new(answers),
            },
        ),
        ev(
            "2025-06-13T09:25:00+09:00",
            EventData::DeviceCalled {
                answered: false,
                note: None,
            },
        ),
        ev(
            "2025-06-13T09:40:00+09:00",
            locate("2025-06-13T09:40:00+09:00").data,
        ),
        ev(
            "2025-06-13T09:41:00+09:00",
            EventData::RemoteLockIssued {
                channel: "MDM".into(),
            },
        ),
        ev("2025-06-13T09:43:00+09:00", EventData::RemoteLockConfirmed),
        ev(
            "2025-06-13T10:30:00+09:00",
            EventData::VenueContacted {
                venue: "Izakaya Torikichi, Shinjuku".into(),
                found: false,
                note: Some("\"not here\", sorry".into()),
            },
        ),
        ev(
            "2025-06-13T11:00:00+09:00",
            EventData::PoliceLostReportFiled {
                station: "Shinjuku PS".into(),
                receipt_number: "R-0613-77".into(),
            },
        ),
        ev(
            "2025-06-13T12:00:00+09:00",
            EventData::AssessmentRecorded {
                assessment: Box::new(assessment()),
            },
        ),
        ev(
            "2025-06-13T13:00:00+09:00",
            EventData::CarrierLineSuspended {
                carrier: "docomo business".into(),
                approved_by: Some("mgr-yamada".into()),
            },
        ),
        ev(
            "2025-06-14T10:00:00+09:00",
            EventData::RemoteWipeIssued {
                channel: "MDM".into(),
            },
        ),
        ev("2025-06-14T10:05:00+09:00", EventData::RemoteWipeConfirmed),
    ];
    for e in steps {
        inc.append(e).unwrap();
    }
    inc
}

#[test]
fn replay_gives_the_same_state() {
    let inc = full_log();
    let s1 = inc.state().unwrap();
    let s2 = replay(&inc.id, &inc.events).unwrap();
    assert_eq!(s1, s2);
    assert_eq!(s1.event_count, 12);
    // Through JSON: the stored log replays to the same state, and the state round-trips.
    let json = serde_json::to_string(&inc).unwrap();
    assert!(json.contains("\"schema\":\"mamori.incident.v2\""));
    assert!(json.contains("\"schema\":\"mamori.incident_event.v2\""));
    let back = Incident::from_json(&json).unwrap();
    assert_eq!(back, inc);
    assert_eq!(back.state().unwrap(), s1);
    let sj = serde_json::to_string(&s1).unwrap();
    let s3: IncidentState = serde_json::from_str(&sj).unwrap();
    assert_eq!(s3, s1);
    // The folded facts.
    assert!(s1.remote_lock.confirmed_at.is_some());
    assert_eq!(s1.exposure().from, t("2025-06-12T21:30:00+09:00"));
    assert_eq!(s1.exposure().to, Some(t("2025-06-14T10:05:00+09:00")));
    assert_eq!(
        s1.police_lost_report.as_ref().unwrap().receipt_number,
        "R-0613-77"
    );
    // Noticed 07:45, reported 09:10: flagged (すぐ報告), nothing else.
    assert_eq!(codes(&s1.warnings), [WarningCode::LateReport]);
    // A tampered stored log is refused on load.
    let tampered = json.replacen(
        "\"type\":\"remote_wipe_issued\",\"channel\":\"MDM\"",
        "\"type\":\"remote_lock_issued\",\"channel\":\"MDM\"",
        1,
    );
    assert_ne!(tampered, json);
    assert_eq!(
        Incident::from_json(&tampered).unwrap_err().code(),
        ErrorCode::InvalidEvent
    );
}

#[test]
fn nonsensical_events_are_refused() {
    let mut inc = Incident::new("X");
    let e = inc.append(locate(REPORTED)).unwrap_err();
    assert!(
        e.to_string().contains("first event must be `reported`"),
        "{e}"
    );
    assert!(replay("X", &[]).is_err());

    let mut inc = opened(IncidentKind::Loss);
    assert_eq!(
        inc.append(reported(IncidentKind::Loss)).unwrap_err().code(),
        ErrorCode::InvalidEvent
    );
    // Wipe confirmed without a wipe issued.
    let e = inc
        .append(ev(
            "2025-06-13T10:00:00+09:00",
            EventData::RemoteWipeConfirmed,
        ))
        .unwrap_err();
    assert!(
        matches!(&e, Error::InvalidEvent(m) if m.contains("never issued") && m.contains("events[1]")),
        "{e}"
    );
    let e = inc
        .append(ev(
            "2025-06-13T10:00:00+09:00",
            EventData::RemoteLockConfirmed,
        ))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidEvent);
    // A refused event is not appended.
    assert_eq!(inc.events.len(), 1);
    // Interview answers that contradict themselves.
    let bad = InterviewAnswers {
        last_confirmed_at: Some(t("2025-06-13T08:00:00+09:00")),
        noticed_missing_at: Some(t("2025-06-13T07:00:00+09:00")),
        ..Default::default()
    };
    assert!(
        inc.append(ev(
            REPORTED,
            EventData::InterviewAnswered {
                answers: Box::new(bad)
            }
        ))
        .is_err()
    );
    // Filing for an obligation that no recorded assessment contains.
    assert!(
        inc.append(ev(
            REPORTED,
            EventData::RegulatorReportFiled {
                obligation_id: "jp.appi.ppc.final".into(),
                reference: "r".into(),
                delay_reason: None
            }
        ))
        .is_err()
    );
    // Position with a non-located result; empty actor; wrong schema.
    assert!(
        inc.append(ev(
            REPORTED,
            EventData::LocateAttempted {
                result: LocateResult::NoResponse,
                position: Some(Position {
                    lat_microdeg: 1,
                    lon_microdeg: 1,
                    accuracy_m: None
                })
            }
        ))
        .is_err()
    );
    assert!(
        inc.append(Event::new(t(REPORTED), " ", EventData::RemoteLockConfirmed))
            .is_err()
    );
    let mut wrong = ev(
        REPORTED,
        EventData::PublicNotice {
            location: "x".into(),
        },
    );
    wrong.schema = "mamori.incident_event.v0".into();
    assert!(inc.append(wrong).is_err());
    // Recovered twice; device events on an incident without a device.
    inc.append(ev(
        "2025-06-13T12:00:00+09:00",
        EventData::DeviceRecovered {
            found_at_place: None,
            evidence_of_access: Some(false),
        },
    ))
    .unwrap();
    assert!(
        inc.append(ev(
            "2025-06-13T12:00:00+09:00",
            EventData::DeviceRecovered {
                found_at_place: None,
                evidence_of_access: None
            }
        ))
        .is_err()
    );
    let mut mis = Incident::new("M");
    mis.append(Event::new(
        t(REPORTED),
        "a",
        EventData::Reported {
            kind: IncidentKind::Misdelivery,
            device_id: None,
            reporter: "a".into(),
            summary: "mail".into(),
        },
    ))
    .unwrap();
    assert!(mis.append(locate(REPORTED)).is_err());
    // Nothing after closing.
    inc.append(ev(
        "2025-06-20T12:00:00+09:00",
        EventData::Closed {
            summary: "done".into(),
        },
    ))
    .unwrap();
    assert!(
        inc.append(ev(
            "2025-06-21T12:00:00+09:00",
            EventData::PublicNotice {
                location: "x".into()
            }
        ))
        .is_err()
    );
}

#[test]
fn event_before_report_is_allowed_but_flagged() {
    let mut inc = opened(IncidentKind::Loss);
    let w = inc
        .append(ev(
            "2025-06-12T23:00:00+09:00",
            EventData::DeviceCalled {
                answered: false,
                note: Some("called from a friend's phone".into()),
            },
        ))
        .unwrap();
    assert_eq!(codes(&w), [WarningCode::BeforeReport]);
    let st = inc.state().unwrap();
    assert_eq!(codes(&st.warnings), [WarningCode::BeforeReport]);
    assert_eq!(st.warnings[0].event_index, Some(1));
}

#[test]
fn guard_carrier_before_locate() {
    let mut inc = opened(IncidentKind::Loss);
    let suspend = |by: Option<&str>| {
        ev(
            "2025-06-13T09:30:00+09:00",
            EventData::CarrierLineSuspended {
                carrier: "docomo".into(),
                approved_by: by.map(Into::into),
            },
        )
    };
    // Pre-flight check, nothing appended.
    let w = inc.check(&suspend(Some("mgr-yamada"))).unwrap();
    assert_eq!(codes(&w), [WarningCode::CarrierBeforeLocate]);
    assert!(w[0].message.contains("GPS"));
    assert_eq!(inc.events.len(), 1);
    let w = inc.check(&suspend(None)).unwrap();
    assert_eq!(
        codes(&w),
        [
            WarningCode::CarrierBeforeLocate,
            WarningCode::CarrierWithoutApproval
        ]
    );
    // After a locate attempt, with approval: no warning.
    inc.append(locate("2025-06-13T09:20:00+09:00")).unwrap();
    assert!(inc.check(&suspend(Some("mgr-yamada"))).unwrap().is_empty());
    // Appending despite a warning keeps it in the state for the audit.
    let mut inc2 = opened(IncidentKind::Loss);
    inc2.append(suspend(Some("mgr-yamada"))).unwrap();
    assert_eq!(
        codes(&inc2.state().unwrap().warnings),
        [WarningCode::CarrierBeforeLocate]
    );
    // The line cannot be suspended twice.
    assert!(inc2.append(suspend(Some("mgr-yamada"))).is_err());
}

#[test]
fn guard_wipe_before_locate() {
    let mut inc = opened(IncidentKind::Theft);
    let wipe = ev(
        "2025-06-13T09:30:00+09:00",
        EventData::RemoteWipeIssued {
            channel: "MDM".into(),
        },
    );
    assert_eq!(
        codes(&inc.check(&wipe).unwrap()),
        [WarningCode::WipeBeforeLocate]
    );
    inc.append(locate("2025-06-13T09:20:00+09:00")).unwrap();
    assert!(inc.check(&wipe).unwrap().is_empty());
    // After recovery a wipe needs no locate.
    let mut inc2 = opened(IncidentKind::Loss);
    inc2.append(ev(
        "2025-06-13T09:20:00+09:00",
        EventData::DeviceRecovered {
            found_at_place: Some("office".into()),
            evidence_of_access: None,
        },
    ))
    .unwrap();
    assert!(inc2.check(&wipe).unwrap().is_empty());
}

#[test]
fn guard_close_with_open_obligations_and_late_reports() {
    let mut inc = opened(IncidentKind::Loss);
    inc.append(ev(
        "2025-06-13T12:00:00+09:00",
        EventData::AssessmentRecorded {
            assessment: Box::new(assessment()),
        },
    ))
    .unwrap();
    let close = ev(
        "2025-06-20T12:00:00+09:00",
        EventData::Closed {
            summary: "done".into(),
        },
    );
    let w = inc.check(&close).unwrap();
    let open: Vec<&str> = w
        .iter()
        .map(|w| w.message.split(" ").nth(3).unwrap())
        .collect();
    assert_eq!(codes(&w), [WarningCode::CloseWithOpenObligation; 3]);
    assert_eq!(
        open,
        [
            "jp.appi.ppc.preliminary",
            "jp.appi.ppc.final",
            "jp.appi.individuals"
        ]
    );

    // 速報 on time (after the target, before the latest): not late, no reason needed.
    inc.append(ev(
        "2025-06-16T10:00:00+09:00",
        EventData::RegulatorReportFiled {
            obligation_id: "jp.appi.ppc.preliminary".into(),
            reference: "PPC-1".into(),
            delay_reason: None,
        },
    ))
    .unwrap();
    // 確報 after its deadline without a reason: refused; with a reason: accepted and marked late.
    let late = |reason: Option<&str>| {
        ev(
            "2025-07-15T00:00:01+09:00",
            EventData::RegulatorReportFiled {
                obligation_id: "jp.appi.ppc.final".into(),
                reference: "PPC-2".into(),
                delay_reason: reason.map(Into::into),
            },
        )
    };
    let e = inc.append(late(None)).unwrap_err();
    assert!(e.to_string().contains("delay_reason"), "{e}");
    assert!(inc.append(late(Some("  "))).is_err());
    // One second earlier is on time.
    let mut on_time = late(None);
    on_time.at = t("2025-07-14T23:59:59+09:00");
    assert!(inc.check(&on_time).is_ok());
    inc.append(late(Some(
        "the headcount was confirmed only after the call-log analysis",
    )))
    .unwrap();
    let st = inc.state().unwrap();
    assert!(!st.filings["jp.appi.ppc.preliminary"].late);
    assert!(st.filings["jp.appi.ppc.final"].late);
    // A waiver needs a reason.
    let waive = |r: &str| {
        ev(
            "2025-07-16T00:00:00+09:00",
            EventData::ObligationWaived {
                obligation_id: "jp.appi.individuals".into(),
                reason: r.into(),
            },
        )
    };
    assert!(inc.append(waive("")).is_err());
    assert_eq!(
        codes(&inc.check(&close).unwrap()),
        [WarningCode::CloseWithOpenObligation]
    );
    inc.append(waive(
        "all 1,200 persons reached through the public notice (公表) instead",
    ))
    .unwrap();
    assert!(inc.check(&close).unwrap().is_empty());
    inc.append(close).unwrap();
    assert!(inc.state().unwrap().is_closed());
}

#[test]
fn interview_gives_aware_at() {
    let reported_at = t(REPORTED);
    // Nothing answered: the report is the awareness.
    let a = InterviewAnswers::default();
    let f = a.findings(IncidentKind::Loss, reported_at, "sales-tanaka");
    assert_eq!(f.aware_at, reported_at);
    assert_eq!(f.open_questions.len(), QUESTIONS.len());

    // The employee noticed at 07:45 and reported at 09:10: the organisation knew at 07:45
    // (the employee is part of it).
    let a = InterviewAnswers {
        last_confirmed_at: Some(t("2025-06-12T21:30:00+09:00")),
        noticed_missing_at: Some(t("2025-06-13T07:45:00+09:00")),
        ..Default::default()
    };
    let f = a.findings(IncidentKind::Loss, reported_at, "sales-tanaka");
    assert_eq!(f.aware_at, t("2025-06-13T07:45:00+09:00"));
    assert!(f.aware_basis.contains("sales-tanaka"));
    assert_eq!(f.report_delay_minutes, Some(85));
    assert_eq!(f.warnings[0].code, WarningCode::LateReport);
    assert!(f.warnings[0].message.contains("すぐ報告"));
    assert_eq!(f.loss_window.unwrap().from, t("2025-06-12T21:30:00+09:00"));
    assert_eq!(
        f.loss_window.unwrap().to,
        Some(t("2025-06-13T07:45:00+09:00"))
    );

    // Seed 002: the loss was hidden for days; a colleague knew earlier still.
    let a = InterviewAnswers {
        noticed_missing_at: Some(t("2025-06-10T08:00:00+09:00")),
        others_aware: Some(vec![Awareness {
            who: "colleague-ito".into(),
            at: t("2025-06-09T23:30:00+09:00"),
        }]),
        ..Default::default()
    };
    let f = a.findings(IncidentKind::Loss, reported_at, "sales-tanaka");
    assert_eq!(f.aware_at, t("2025-06-09T23:30:00+09:00"));
    assert!(f.aware_basis.contains("colleague-ito"));

    // Insider: the wrongdoer's own knowledge does not count, the colleague's does.
    let a = InterviewAnswers {
        noticed_missing_at: Some(t("2025-06-01T08:00:00+09:00")),
        noticed_by: Some("insider-x".into()),
        wrongdoer: Some("insider-x".into()),
        others_aware: Some(vec![
            Awareness {
                who: "insider-x".into(),
                at: t("2025-05-20T08:00:00+09:00"),
            },
            Awareness {
                who: "auditor-kato".into(),
                at: t("2025-06-05T10:00:00+09:00"),
            },
        ]),
        ..Default::default()
    };
    let f = a.findings(IncidentKind::Insider, reported_at, "auditor-kato");
    assert_eq!(f.aware_at, t("2025-06-05T10:00:00+09:00"));
    // The same answers in a non-insider case: the earliest knowledge counts.
    let f = a.findings(IncidentKind::Loss, reported_at, "auditor-kato");
    assert_eq!(f.aware_at, t("2025-05-20T08:00:00+09:00"));

    // Through the log: the state's aware_at follows merged interview sessions.
    let mut inc = opened(IncidentKind::Loss);
    inc.append(ev(
        "2025-06-13T09:20:00+09:00",
        EventData::InterviewAnswered {
            answers: Box::new(InterviewAnswers {
                noticed_missing_at: Some(t("2025-06-13T08:30:00+09:00")),
                ..Default::default()
            }),
        },
    ))
    .unwrap();
    inc.append(ev(
        "2025-06-13T09:50:00+09:00",
        EventData::InterviewAnswered {
            answers: Box::new(InterviewAnswers {
                noticed_missing_at: Some(t("2025-06-13T07:45:00+09:00")),
                where_kept: Some("jacket pocket".into()),
                ..Default::default()
            }),
        },
    ))
    .unwrap();
    let st = inc.state().unwrap();
    assert_eq!(st.aware_at(), t("2025-06-13T07:45:00+09:00"));
    assert_eq!(st.interview.where_kept.as_deref(), Some("jacket pocket"));
    assert_eq!(st.interview_sessions, 2);
    assert!(codes(&st.warnings).contains(&WarningCode::LateReport));
    // Every question has Japanese and English text and a unique id.
    let mut ids: Vec<&str> = QUESTIONS.iter().map(|q| q.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), QUESTIONS.len());
    assert!(
        QUESTIONS
            .iter()
            .all(|q| !q.ja.is_ascii() && !q.en.is_empty())
    );
}

/// An obligation with a soft window (速報-style: aim for `target`, do not pass `latest`) is not
/// overdue between the two, whoever the recipient is; it is once `latest` has passed, and a
/// regulator report then says a reason for the delay is needed.
#[test]
fn soft_windows_are_overdue_only_after_latest() {
    let window = Due::Window {
        target: t("2025-06-15T23:59:59+09:00"),
        latest: t("2025-06-17T23:59:59+09:00"),
    };
    let obligations: Vec<Obligation> = [
        ("x.regulator", Recipient::Regulator),
        ("x.individuals", Recipient::Individuals),
        ("x.public", Recipient::Public),
    ]
    .into_iter()
    .map(|(id, r)| obligation(id, r, ObligationStatus::Required, window.clone()))
    .collect();
    let a: Assessment = serde_json::from_value(serde_json::json!({
        "schema": "mamori.assessment.v1",
        "rules_version": "test",
        "obligations": obligations,
        "missing_facts": [],
    }))
    .unwrap();
    let st = opened(IncidentKind::Loss).state().unwrap();
    let for_id = |acts: &[NextAction], id: &str| {
        acts.iter()
            .find(|x| x.obligation_id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("no action for {id}"))
            .clone()
    };
    let between = next_actions(&st, None, Some(&a), t("2025-06-16T12:00:00+09:00"));
    let after = next_actions(&st, None, Some(&a), t("2025-06-18T00:00:00+09:00"));
    for id in ["x.regulator", "x.individuals", "x.public"] {
        let b = for_id(&between, id);
        assert!(!b.overdue, "{id} overdue between target and latest");
        assert_eq!(b.latest, Some(t("2025-06-17T23:59:59+09:00")), "{id}");
        assert!(for_id(&after, id).overdue, "{id} not overdue after latest");
    }
    assert!(
        !for_id(&between, "x.regulator")
            .reason
            .contains("reason for the delay")
    );
    assert!(
        for_id(&after, "x.regulator")
            .reason
            .contains("reason for the delay")
    );
}

#[test]
fn next_actions_follow_the_playbook() {
    let dev = phone_device();
    let now = t("2025-06-13T09:15:00+09:00");
    let inc = opened(IncidentKind::Loss);
    let st = inc.state().unwrap();
    let acts = next_actions(&st, Some(&dev), None, now);
    let ids: Vec<ActionId> = acts.iter().map(|a| a.id).collect();
    let pos = |id| {
        ids.iter()
            .position(|x| *x == id)
            .unwrap_or_else(|| panic!("{id:?} missing in {ids:?}"))
    };
    assert!(pos(ActionId::Interview) < pos(ActionId::CallDevice));
    assert!(pos(ActionId::Locate) < pos(ActionId::CarrierSuspension));
    assert!(pos(ActionId::CarrierSuspension) < pos(ActionId::RemoteWipe));
    assert_eq!(*ids.last().unwrap(), ActionId::Close);
    let carrier = &acts[pos(ActionId::CarrierSuspension)];
    assert_eq!(codes(&carrier.warnings), [WarningCode::CarrierBeforeLocate]);
    assert!(carrier.needs_approval.as_deref().unwrap().contains("上長"));
    assert_eq!(
        codes(&acts[pos(ActionId::RemoteWipe)].warnings),
        [WarningCode::WipeBeforeLocate]
    );
    assert!(ids.contains(&ActionId::PoliceLostReport));
    assert!(ids.contains(&ActionId::Assess));
    assert!(!ids.contains(&ActionId::PoliceDamageReport));

    // Later in the case.
    let inc = full_log();
    let st = inc.state().unwrap();
    let now = t("2025-06-18T09:00:00+09:00");
    let acts = next_actions(&st, Some(&dev), None, now);
    let ids: Vec<ActionId> = acts.iter().map(|a| a.id).collect();
    for gone in [
        ActionId::CallDevice,
        ActionId::Locate,
        ActionId::RemoteLock,
        ActionId::CarrierSuspension,
        ActionId::RemoteWipe,
        ActionId::PoliceLostReport,
        ActionId::Assess,
    ] {
        assert!(!ids.contains(&gone), "{gone:?} should be done: {ids:?}");
    }
    // The venue not yet contacted remains.
    let venue = acts
        .iter()
        .find(|a| a.id == ActionId::ContactVenues)
        .unwrap();
    assert!(venue.reason.contains("JR Chuo line") && !venue.reason.contains("Torikichi"));
    let reg: Vec<&NextAction> = acts
        .iter()
        .filter(|a| a.id == ActionId::RegulatorReport)
        .collect();
    assert_eq!(reg.len(), 2);
    assert_eq!(reg[0].title_ja, "速報");
    assert_eq!(reg[0].due, Some(t("2025-06-15T23:59:59+09:00")));
    assert_eq!(reg[0].latest, Some(t("2025-06-17T23:59:59+09:00")));
    assert!(reg[0].overdue);
    assert!(reg[0].reason.contains("reason for the delay"));
    assert_eq!(reg[1].title_ja, "確報");
    assert_eq!(reg[1].due, Some(t("2025-07-14T23:59:59+09:00")));
    assert!(!reg[1].overdue);
    assert!(ids.contains(&ActionId::NotifyCustomers));
    assert!(ids.contains(&ActionId::InquiryDesk));
    let close = acts.last().unwrap();
    assert_eq!(close.warnings.len(), 3);
    // A closed incident has nothing left to do.
    let mut inc = full_log();
    inc.append(ev(
        "2025-06-20T12:00:00+09:00",
        EventData::Closed {
            summary: "x".into(),
        },
    ))
    .unwrap();
    assert!(next_actions(&inc.state().unwrap(), Some(&dev), None, now).is_empty());
}

fn vault_manifest(persons: u64) -> Manifest {
    Manifest {
        schema: "mamori.manifest.v3".into(),
        vault_id: "00ff".into(),
        format_version: 1,
        contacts: persons,
        persons: persons.into(),
        persons_min: persons,
        persons_max: Some(persons),
        persons_by_jurisdiction: BTreeMap::from([("JP".to_string(), persons.into())]),
        by_tag: BTreeMap::new(),
        sensitive: Some(false),
        intact: true,
        unreadable_records: 0,
        lost: Vec::new(),
        algorithm: "AES-256-GCM".into(),
        kdf: "argon2id".into(),
        kdf_params: None,
        key_separated: true,
        remote_wipe: true,
        factor_assurance: None,
        key_source: mamori::vault::KeySource::HostKey,
        key_slots: Vec::new(),
        offline_guess_log2: Some(256),
        remote_wipe_declared: true,
        key_summary: String::new(),
        key_summary_ja: String::new(),
        warnings: Vec::new(),
        labels_outside_vault: None,
    }
}

fn org() -> Organisation {
    serde_json::from_value(serde_json::json!({"type": OrgType::Business, "role": Role::Controller, "established_in": ["JP"]})).unwrap()
}

fn with_data(
    kind: IncidentKind,
    items: Vec<DataItem>,
    sod: Option<StolenOrDropped>,
) -> IncidentState {
    let mut inc = opened(kind);
    inc.append(ev(
        "2025-06-13T09:20:00+09:00",
        EventData::InterviewAnswered {
            answers: Box::new(InterviewAnswers {
                noticed_missing_at: Some(t("2025-06-13T07:45:00+09:00")),
                data_on_device: Some(items),
                stolen_or_dropped: sod,
                ..Default::default()
            }),
        },
    ))
    .unwrap();
    inc.state().unwrap()
}

fn plaintext(n: u64) -> DataItem {
    DataItem {
        description: "phonebook (customers)".into(),
        storage: DataStorage::Plaintext,
        persons: BTreeMap::from([("JP".to_string(), Some(n.into()))]),
        sensitive: Some(false),
        financial_risk: Some(false),
    }
}

#[test]
fn assess_request_from_incident_device_and_vault() {
    let mut dev = phone_device();
    dev.posture.vault = Some(vault_manifest(1200));
    let in_vault = DataItem {
        description: "customer contacts (mamori vault)".into(),
        storage: DataStorage::MamoriVault,
        persons: BTreeMap::new(),
        sensitive: None,
        financial_risk: None,
    };
    // All contacts in the vault.
    let st = with_data(
        IncidentKind::Loss,
        vec![in_vault.clone()],
        Some(StolenOrDropped::Dropped),
    );
    let link = assess_request(&st, Some(&dev), &org());
    let r = &link.request;
    assert_eq!(r.schema, "mamori.assess.v1");
    assert_eq!(r.incident.aware_at, t("2025-06-13T07:45:00+09:00"));
    assert_eq!(
        r.data.persons,
        BTreeMap::from([("JP".to_string(), Some(mamori::breach::Count::exact(1200)))])
    );
    let p = r.data.protection.as_ref().unwrap();
    // The host key keeps the key apart; the manifest's remote_wipe claim has no server share
    // and no recorded revocation behind it, so it is not established (issue 24 item 4: it
    // used to pass through as true).
    assert_eq!(
        (p.algorithm.as_str(), p.key_separated, p.remote_wipe),
        ("AES-256-GCM", Some(true), None)
    );
    assert!(
        p.key_summary
            .as_deref()
            .is_some_and(|k| k.contains("remote erasure") && k.contains("not established")),
        "{p:?}"
    );
    assert_eq!(r.data.malicious, Some(false));
    assert_eq!(r.incident.recovered_unviewed, Some(false));
    assert!(
        r.report
            .as_ref()
            .unwrap()
            .summary
            .as_ref()
            .unwrap()
            .contains("SC-52C")
    );
    // JSON of the request parses back as a request (deny_unknown_fields on the engine side).
    let json = serde_json::to_string(r).unwrap();
    assert_eq!(
        &mamori::error::from_json::<mamori::breach::AssessRequest>(&json).unwrap(),
        r
    );

    // A plaintext phonebook of 1,200 besides the vault: unprotected, vault persons not added.
    let st = with_data(IncidentKind::Loss, vec![in_vault, plaintext(1200)], None);
    let r = assess_request(&st, Some(&dev), &org()).request;
    assert_eq!(
        r.data.persons,
        BTreeMap::from([("JP".to_string(), Some(mamori::breach::Count::exact(1200)))])
    );
    assert!(r.data.protection.is_none());
    assert_eq!(r.data.malicious, None);

    // Theft is malicious; an unknown count stays unknown.
    let mut item = plaintext(0);
    item.persons.insert("JP".into(), None);
    let st = with_data(IncidentKind::Theft, vec![item], None);
    let r = assess_request(&st, Some(&phone_device()), &org()).request;
    assert_eq!(r.data.malicious, Some(true));
    assert_eq!(r.data.persons["JP"], None);
    // Nothing known about the data: empty persons, a note says so.
    let st = opened(IncidentKind::Loss).state().unwrap();
    let link = assess_request(&st, None, &org());
    assert!(link.request.data.persons.is_empty());
    assert!(link.notes.iter().any(|n| n.contains("data_on_device")));

    // Recovery with no access → recovered_unviewed true; with evidence → false.
    for (evidence, expect) in [
        (Some(false), Some(true)),
        (Some(true), Some(false)),
        (None, None),
    ] {
        let mut inc = opened(IncidentKind::Loss);
        inc.append(ev(
            "2025-06-13T15:00:00+09:00",
            EventData::DeviceRecovered {
                found_at_place: None,
                evidence_of_access: evidence,
            },
        ))
        .unwrap();
        let r = assess_request(&inc.state().unwrap(), Some(&dev), &org()).request;
        assert_eq!(r.incident.recovered_unviewed, expect, "{evidence:?}");
    }
}

#[test]
fn exports_timeline_csv_and_veris() {
    let mut inc = full_log();
    inc.append(ev(
        "2025-06-13T08:00:00+09:00",
        EventData::PreventionMeasureAdded {
            category: PreventionCategory::Technical,
            description: "customer contacts only in the mamori vault".into(),
            follow_up_at: None,
        },
    ))
    .unwrap();
    let tl = timeline(&inc).unwrap();
    assert_eq!(tl.schema, "mamori.timeline.v1");
    assert_eq!(tl.entries.len(), inc.events.len());
    // Sorted by time: the back-dated prevention entry comes first and carries its warning.
    assert_eq!(tl.entries[0].event_type, "prevention_measure_added");
    assert_eq!(tl.entries[0].warnings, [WarningCode::BeforeReport]);
    assert!(tl.entries.windows(2).all(|w| w[0].at <= w[1].at));
    let csv = timeline_csv(&tl);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "seq,at,actor,event_type,summary,warnings");
    assert_eq!(lines.len(), inc.events.len() + 2); // header + rows + trailing empty
    assert!(lines[1].ends_with(",before_report"));
    // Commas and quotes are quoted RFC 4180 style.
    let venue = lines
        .iter()
        .find(|l| l.contains("venue_contacted"))
        .unwrap();
    assert!(
        venue.contains(
            r#""venue contacted: Izakaya Torikichi, Shinjuku: not found (""not here"", sorry)""#
        ),
        "{venue}"
    );
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("line1\nline2"), "\"line1\nline2\"");
    assert_eq!(csv_field("plain"), "plain");
    // Timeline JSON round trip.
    let j = serde_json::to_string(&tl).unwrap();
    assert_eq!(serde_json::from_str::<Timeline>(&j).unwrap(), tl);

    // VERIS.
    let mut dev = phone_device();
    dev.posture.vault = None;
    let st = with_data(IncidentKind::Loss, vec![plaintext(1200)], None);
    let req = assess_request(&st, Some(&dev), &org()).request;
    let v = veris(&inc, Some(&dev), Some(&req)).unwrap();
    assert_eq!(v["action"]["error"]["variety"][0], "Loss");
    assert_eq!(v["asset"]["assets"][0]["variety"], "U - Mobile phone");
    assert_eq!(v["asset"]["ownership"], serde_json::json!(["Victim"]));
    assert_eq!(
        v["attribute"]["confidentiality"]["data_disclosure"],
        "Potentially"
    );
    assert_eq!(v["attribute"]["confidentiality"]["data_total"], 1200);
    assert_eq!(
        v["attribute"]["confidentiality"]["state"][0],
        "Stored unencrypted"
    );
    assert_eq!(v["timeline"]["incident"]["year"], 2025);
    assert_eq!(v["timeline"]["incident"]["day"], 12);
    assert_eq!(v["timeline"]["discovery"]["unit"], "Hours");
    assert_eq!(v["timeline"]["discovery"]["value"], 10);
    assert_eq!(v["timeline"]["containment"]["unit"], "Hours");
    assert_eq!(
        v["corrective_action"],
        "customer contacts only in the mamori vault"
    );
    let mut theft = opened(IncidentKind::Theft);
    theft
        .append(ev(
            "2025-06-13T10:00:00+09:00",
            EventData::DataAccessChecked {
                result: AccessResult::Accessed,
                detail: None,
            },
        ))
        .unwrap();
    let v = veris(&theft, Some(&dev), None).unwrap();
    assert_eq!(v["action"]["physical"]["variety"][0], "Theft");
    assert_eq!(v["attribute"]["confidentiality"]["data_disclosure"], "Yes");
    assert!(v["timeline"].get("containment").is_none());
    let mut mis = Incident::new("M");
    mis.append(Event::new(
        t(REPORTED),
        "a",
        EventData::Reported {
            kind: IncidentKind::Misdelivery,
            device_id: None,
            reporter: "a".into(),
            summary: "mail".into(),
        },
    ))
    .unwrap();
    let v = veris(&mis, None, None).unwrap();
    assert_eq!(v["action"]["error"]["variety"][0], "Misdelivery");
}

#[test]
fn extreme_timestamps_do_not_panic() {
    use chrono::Utc;
    for at in [
        DateTime::<Utc>::MAX_UTC.fixed_offset(),
        DateTime::<Utc>::MIN_UTC.fixed_offset(),
    ] {
        let mut inc = Incident::new("E");
        inc.append(Event::new(
            at,
            "a",
            EventData::Reported {
                kind: IncidentKind::Theft,
                device_id: Some("P-001".into()),
                reporter: "a".into(),
                summary: "s".into(),
            },
        ))
        .unwrap();
        inc.append(Event::new(
            at,
            "a",
            EventData::LocateAttempted {
                result: LocateResult::NoResponse,
                position: None,
            },
        ))
        .unwrap();
        let st = inc.state().unwrap();
        let acts = next_actions(&st, Some(&phone_device()), Some(&assessment()), at);
        assert!(!acts.is_empty());
        assess_request(&st, Some(&phone_device()), &org());
        timeline_csv(&timeline(&inc).unwrap());
        veris(&inc, None, None).unwrap();
    }
}

#[test]
fn json_shapes_are_strict_and_have_schemas() {
    let ok = r#"{"schema":"mamori.incident_event.v1","at":"2025-06-13T09:10:00+09:00","actor":"a","data":{"type":"remote_lock_issued","channel":"MDM"}}"#;
    let e: Event = mamori::error::from_json(ok).unwrap();
    assert_eq!(
        e.data,
        EventData::RemoteLockIssued {
            channel: "MDM".into()
        }
    );
    // A misspelt field, an unknown type and a timestamp without an offset are refused.
    let bad_field = ok.replace("\"channel\"", "\"chanel\"");
    assert!(mamori::error::from_json::<Event>(&bad_field).is_err());
    let bad_type = ok.replace("remote_lock_issued", "remote_lock_isued");
    assert!(mamori::error::from_json::<Event>(&bad_type).is_err());
    let no_offset = ok.replace("09:10:00+09:00", "09:10:00");
    let err = mamori::error::from_json::<Event>(&no_offset).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { path, .. } if path == "at"),
        "{err}"
    );
    // JSON Schemas generate for the top-level documents.
    for (name, schema) in [
        (
            "Incident",
            serde_json::to_string(&schemars::schema_for!(Incident)).unwrap(),
        ),
        (
            "IncidentState",
            serde_json::to_string(&schemars::schema_for!(IncidentState)).unwrap(),
        ),
        (
            "Timeline",
            serde_json::to_string(&schemars::schema_for!(Timeline)).unwrap(),
        ),
        (
            "Register",
            serde_json::to_string(&schemars::schema_for!(mamori::device::Register)).unwrap(),
        ),
        (
            "NextAction",
            serde_json::to_string(&schemars::schema_for!(NextAction)).unwrap(),
        ),
    ] {
        assert!(schema.contains(name), "{name}");
    }
    let s = serde_json::to_string(&schemars::schema_for!(Incident)).unwrap();
    assert!(s.contains("carrier_line_suspended") && s.contains("delay_reason"));
}

#[test]
fn locate_without_mdm_uses_the_carrier_and_can_be_marked_unavailable() {
    let mut dev = phone_device();
    dev.posture.remote_locate = false;
    let now = t("2025-06-13T09:15:00+09:00");
    let mut inc = opened(IncidentKind::Loss);
    let acts = next_actions(&inc.state().unwrap(), Some(&dev), None, now);
    let loc = acts
        .iter()
        .find(|a| a.id == ActionId::Locate)
        .expect("locate via the carrier");
    assert!(loc.reason.contains("carrier"));
    inc.append(ev(
        "2025-06-13T09:20:00+09:00",
        EventData::LocateAttempted {
            result: LocateResult::NotAvailable,
            position: None,
        },
    ))
    .unwrap();
    let st = inc.state().unwrap();
    let acts = next_actions(&st, Some(&dev), None, now);
    assert!(!acts.iter().any(|a| a.id == ActionId::Locate));
    // The attempt (even "not available") clears the carrier warning.
    let carrier = acts
        .iter()
        .find(|a| a.id == ActionId::CarrierSuspension)
        .unwrap();
    assert!(carrier.warnings.is_empty());
    // A USB stick has no line and no locate.
    let usb = Device::new(
        "U-1",
        DeviceKind::UsbStorage,
        "USB 32GB",
        Ownership::Company,
    );
    let acts = next_actions(
        &opened(IncidentKind::Loss).state().unwrap(),
        Some(&usb),
        None,
        now,
    );
    for id in [
        ActionId::Locate,
        ActionId::CallDevice,
        ActionId::CarrierSuspension,
        ActionId::RemoteWipe,
    ] {
        assert!(!acts.iter().any(|a| a.id == id), "{id:?}");
    }
    assert!(acts.iter().any(|a| a.id == ActionId::PoliceLostReport));
}

#[test]
fn interview_saying_stolen_flags_theft_and_plans_a_damage_report() {
    let mut inc = opened(IncidentKind::Loss);
    let w = inc
        .append(ev(
            "2025-06-13T09:20:00+09:00",
            EventData::InterviewAnswered {
                answers: Box::new(InterviewAnswers {
                    stolen_or_dropped: Some(StolenOrDropped::Stolen),
                    ..Default::default()
                }),
            },
        ))
        .unwrap();
    assert_eq!(codes(&w), [WarningCode::TheftSuspected]);
    let acts = next_actions(
        &inc.state().unwrap(),
        Some(&phone_device()),
        None,
        t("2025-06-13T09:30:00+09:00"),
    );
    assert!(acts.iter().any(|a| a.id == ActionId::PoliceDamageReport));
    // Repeating the same answers does not repeat the warning.
    let w = inc
        .append(ev(
            "2025-06-13T09:50:00+09:00",
            EventData::InterviewAnswered {
                answers: Box::new(InterviewAnswers {
                    stolen_or_dropped: Some(StolenOrDropped::Stolen),
                    ..Default::default()
                }),
            },
        ))
        .unwrap();
    assert!(w.is_empty(), "{w:?}");
    // Reclassifying needs a reason and a different kind; the request becomes malicious.
    assert!(
        inc.append(ev(
            "2025-06-13T09:40:00+09:00",
            EventData::Reclassified {
                kind: IncidentKind::Theft,
                reason: "".into()
            }
        ))
        .is_err()
    );
    assert!(
        inc.append(ev(
            "2025-06-13T09:40:00+09:00",
            EventData::Reclassified {
                kind: IncidentKind::Loss,
                reason: "x".into()
            }
        ))
        .is_err()
    );
    inc.append(ev(
        "2025-06-13T09:40:00+09:00",
        EventData::Reclassified {
            kind: IncidentKind::Theft,
            reason: "bag was cut open".into(),
        },
    ))
    .unwrap();
    let st = inc.state().unwrap();
    assert_eq!(st.kind, IncidentKind::Theft);
    assert_eq!(
        assess_request(&st, None, &org()).request.data.malicious,
        Some(true)
    );
}

#[test]
fn the_register_follows_the_incident() {
    use mamori::device::{LifecycleState, Register};
    let now = t("2025-06-13T09:30:00+09:00");
    let mut reg = Register::new();
    reg.add(phone_device(), t("2025-04-01T09:00:00+09:00"), "it")
        .unwrap();
    reg.check_out(
        "P-001",
        "sales-tanaka",
        t("2025-04-01T10:00:00+09:00"),
        None,
        "it",
    )
    .unwrap();
    let mut inc = opened(IncidentKind::Loss);
    let plan = |inc: &Incident, reg: &Register| {
        let st = inc.state().unwrap();
        next_actions(&st, reg.get("P-001"), None, now)
            .into_iter()
            .find(|a| a.id == ActionId::UpdateRegister)
    };
    let a = plan(&inc, &reg).expect("mark it lost");
    assert!(
        a.reason.contains("`assigned`") && a.reason.contains("`lost`"),
        "{}",
        a.reason
    );
    assert_eq!(
        expected_device_state(&inc.state().unwrap()),
        Some(LifecycleState::Lost)
    );
    reg.transition("P-001", LifecycleState::Lost, now, "it", None)
        .unwrap();
    assert!(plan(&inc, &reg).is_none());
    inc.append(locate("2025-06-13T09:40:00+09:00")).unwrap();
    inc.append(ev(
        "2025-06-14T09:40:00+09:00",
        EventData::RemoteWipeIssued {
            channel: "MDM".into(),
        },
    ))
    .unwrap();
    inc.append(ev(
        "2025-06-14T09:45:00+09:00",
        EventData::RemoteWipeConfirmed,
    ))
    .unwrap();
    assert_eq!(
        expected_device_state(&inc.state().unwrap()),
        Some(LifecycleState::Wiped)
    );
    assert!(plan(&inc, &reg).is_some());
    reg.transition("P-001", LifecycleState::Wiped, now, "it", None)
        .unwrap();
    inc.append(ev(
        "2025-06-20T09:45:00+09:00",
        EventData::DeviceRecovered {
            found_at_place: None,
            evidence_of_access: Some(false),
        },
    ))
    .unwrap();
    assert_eq!(
        expected_device_state(&inc.state().unwrap()),
        Some(LifecycleState::Recovered)
    );
    assert!(plan(&inc, &reg).is_some());
    reg.transition("P-001", LifecycleState::Recovered, now, "it", None)
        .unwrap();
    reg.transition("P-001", LifecycleState::InStock, now, "it", None)
        .unwrap();
    // Back in stock after recovery: nothing more to do in the register.
    assert!(plan(&inc, &reg).is_none());
}
