//! Property: any sequence of events either is refused with an error or folds without panic, and
//! the accepted log replays to the same state, which survives a JSON round trip.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use mamori::breach::{Assessment, IncidentKind, OrgType, Organisation, Role};
use mamori::device::{Device, DeviceKind, Ownership, PhoneNumber};
use mamori::incident::*;
use proptest::prelude::*;

const OBLIGATIONS: [&str; 3] = [
    "jp.appi.ppc.preliminary",
    "jp.appi.ppc.final",
    "jp.appi.individuals",
];

fn base() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(9 * 3600)
        .unwrap()
        .with_ymd_and_hms(2025, 6, 13, 9, 0, 0)
        .unwrap()
}

fn at(minutes: i64, tz: u8) -> DateTime<FixedOffset> {
    let off = match tz % 3 {
        0 => FixedOffset::east_opt(9 * 3600).unwrap(),
        1 => FixedOffset::east_opt(0).unwrap(),
        _ => FixedOffset::west_opt(5 * 3600).unwrap(),
    };
    (base() + Duration::minutes(minutes)).with_timezone(&off)
}

fn kind() -> impl Strategy<Value = IncidentKind> {
    prop_oneof![
        Just(IncidentKind::Loss),
        Just(IncidentKind::Theft),
        Just(IncidentKind::Misdelivery),
        Just(IncidentKind::UnauthorizedAccess),
        Just(IncidentKind::Malware),
        Just(IncidentKind::Insider),
        Just(IncidentKind::Other),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z ,\"]{1,12}",
        Just("居酒屋, 新宿".to_string())
    ]
}

fn assessment(deadline_min: i64) -> Assessment {
    serde_json::from_value(serde_json::json!({
        "schema": "mamori.assessment.v1",
        "rules_version": "prop",
        "obligations": [
            {"id": OBLIGATIONS[0], "jurisdiction": "JP", "recipient": "regulator", "status": "required",
             "due": {"kind": "window", "target": at(deadline_min, 0), "latest": at(deadline_min + 2880, 0)},
             "basis": "b", "verification": "unverified", "reasons": []},
            {"id": OBLIGATIONS[1], "jurisdiction": "JP", "recipient": "regulator", "status": "possible",
             "due": {"kind": "deadline", "at": at(deadline_min + 40000, 0)},
             "basis": "b", "verification": "unverified", "reasons": []},
            {"id": OBLIGATIONS[2], "jurisdiction": "JP", "recipient": "individuals", "status": "required",
             "due": {"kind": "without_undue_delay"}, "basis": "b", "verification": "unverified", "reasons": []}
        ],
        "missing_facts": []
    }))
    .unwrap()
}

fn answers() -> impl Strategy<Value = InterviewAnswers> {
    (
        proptest::option::of(-3000i64..600),
        proptest::option::of(-3000i64..600),
        proptest::option::of(proptest::collection::vec(text(), 0..3)),
        proptest::option::of(prop_oneof![
            Just(StolenOrDropped::Stolen),
            Just(StolenOrDropped::Dropped),
            Just(StolenOrDropped::CannotTell)
        ]),
        proptest::option::of(proptest::collection::vec(
            (
                text(),
                prop_oneof![Just(0u8), Just(1), Just(2)],
                proptest::option::of(0u64..5000),
            ),
            0..3,
        )),
        proptest::option::of(text()),
    )
        .prop_map(
            |(last, noticed, places, sod, data, wrongdoer)| InterviewAnswers {
                last_confirmed_at: last.map(|m| at(m, 0)),
                noticed_missing_at: noticed.map(|m| at(m, 1)),
                places_since: places,
                stolen_or_dropped: sod,
                data_on_device: data.map(|v| {
                    v.into_iter()
                        .map(|(d, s, n)| DataItem {
                            description: d,
                            storage: match s {
                                0 => DataStorage::Plaintext,
                                1 => DataStorage::MamoriVault,
                                _ => DataStorage::Encrypted {
                                    protection: mamori::breach::Protection {
                                        algorithm: "AES-256-GCM".into(),
                                        key_separated: Some(true),
                                        remote_wipe: None,
                                        ..Default::default()
                                    },
                                },
                            },
                            persons: BTreeMap::from([(
                                "JP".to_string(),
                                n.map(mamori::breach::Count::exact),
                            )]),
                            sensitive: None,
                            financial_risk: None,
                        })
                        .collect()
                }),
                wrongdoer,
                ..Default::default()
            },
        )
}

fn event_data() -> impl Strategy<Value = EventData> {
    let obl = (0usize..4).prop_map(|i| {
        OBLIGATIONS
            .get(i)
            .copied()
            .unwrap_or("unknown.id")
            .to_string()
    });
    prop_oneof![
        (
            kind(),
            proptest::option::of(Just("P-1".to_string())),
            text(),
            text()
        )
            .prop_map(|(kind, device_id, reporter, summary)| EventData::Reported {
                kind,
                device_id,
                reporter,
                summary
            }),
        answers().prop_map(|a| EventData::InterviewAnswered {
            answers: Box::new(a)
        }),
        (any::<bool>(), proptest::option::of(text()))
            .prop_map(|(answered, note)| EventData::DeviceCalled { answered, note }),
        (text(), any::<bool>()).prop_map(|(venue, found)| EventData::VenueContacted {
            venue,
            found,
            note: None
        }),
        (text(), text()).prop_map(
            |(station, receipt_number)| EventData::PoliceLostReportFiled {
                station,
                receipt_number
            }
        ),
        (text(), text()).prop_map(
            |(station, receipt_number)| EventData::PoliceDamageReportFiled {
                station,
                receipt_number
            }
        ),
        (
            0u8..3,
            proptest::option::of((
                any::<i32>(),
                any::<i32>(),
                proptest::option::of(any::<u32>())
            ))
        )
            .prop_map(|(r, p)| {
                EventData::LocateAttempted {
                    result: [
                        LocateResult::Located,
                        LocateResult::NoResponse,
                        LocateResult::NotAvailable,
                    ][r as usize],
                    position: p.map(|(a, b, c)| Position {
                        lat_microdeg: a % 100_000_000,
                        lon_microdeg: b,
                        accuracy_m: c,
                    }),
                }
            }),
        text().prop_map(|channel| EventData::RemoteLockIssued { channel }),
        Just(EventData::RemoteLockConfirmed),
        text().prop_map(|channel| EventData::RemoteWipeIssued { channel }),
        Just(EventData::RemoteWipeConfirmed),
        (text(), proptest::option::of(text())).prop_map(|(carrier, approved_by)| {
            EventData::CarrierLineSuspended {
                carrier,
                approved_by,
            }
        }),
        (
            proptest::option::of(text()),
            proptest::option::of(any::<bool>())
        )
            .prop_map(
                |(found_at_place, evidence_of_access)| EventData::DeviceRecovered {
                    found_at_place,
                    evidence_of_access
                }
            ),
        (0u8..3).prop_map(|r| EventData::DataAccessChecked {
            result: [
                AccessResult::NoAccessFound,
                AccessResult::Accessed,
                AccessResult::Undetermined
            ][r as usize],
            detail: None
        }),
        (kind(), text()).prop_map(|(kind, reason)| EventData::Reclassified { kind, reason }),
        (-600i64..6000).prop_map(|d| EventData::AssessmentRecorded {
            assessment: Box::new(assessment(d))
        }),
        (0u64..3000, text())
            .prop_map(|(count, channel)| EventData::CustomersNotified { count, channel }),
        text().prop_map(|location| EventData::PublicNotice { location }),
        text().prop_map(|contact| EventData::InquiryDeskOpened { contact }),
        (obl.clone(), text(), proptest::option::of(text())).prop_map(
            |(obligation_id, reference, delay_reason)| {
                EventData::RegulatorReportFiled {
                    obligation_id,
                    reference,
                    delay_reason,
                }
            }
        ),
        (obl, text()).prop_map(|(obligation_id, reason)| EventData::ObligationWaived {
            obligation_id,
            reason
        }),
        text().prop_map(|from| EventData::WrittenReportReceived { from }),
        text().prop_map(|measure| EventData::DisciplinaryMeasure { measure }),
        (0u8..4, text(), proptest::option::of(0i64..100_000)).prop_map(|(c, description, f)| {
            EventData::PreventionMeasureAdded {
                category: [
                    PreventionCategory::Physical,
                    PreventionCategory::Technical,
                    PreventionCategory::Administrative,
                    PreventionCategory::Educational,
                ][c as usize],
                description,
                follow_up_at: f.map(|m| at(m, 2)),
            }
        }),
        text().prop_map(|summary| EventData::Closed { summary }),
    ]
}

fn events() -> impl Strategy<Value = (IncidentKind, Vec<(i64, u8, EventData)>)> {
    (
        kind(),
        proptest::collection::vec((-1500i64..50_000, any::<u8>(), event_data()), 0..40),
    )
}

fn device() -> Device {
    let mut d = Device::new("P-1", DeviceKind::Phone, "SC-52C", Ownership::Company);
    d.phone_number = Some(PhoneNumber::parse("+819012345678").unwrap());
    d.posture.remote_locate = true;
    d.posture.remote_lock = true;
    d.posture.remote_wipe = true;
    d
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_sequence_folds_and_round_trips((k, evs) in events()) {
        let mut inc = Incident::new("INC-P");
        inc.append(Event::new(base(), "reporter", EventData::Reported {
            kind: k, device_id: Some("P-1".into()), reporter: "reporter".into(), summary: "s".into(),
        })).unwrap();
        let mut accepted = 1usize;
        for (m, tz, data) in evs {
            let actor = if tz % 7 == 0 { String::new() } else { format!("actor{}", tz % 3) };
            let e = Event::new(at(m, tz), actor, data);
            let before = inc.events.len();
            match inc.append(e) {
                Ok(_) => accepted += 1,
                Err(err) => {
                    // Refusals are clear errors and change nothing.
                    prop_assert!(matches!(err.code(), mamori::ErrorCode::InvalidEvent));
                    prop_assert_eq!(inc.events.len(), before);
                }
            }
        }
        prop_assert_eq!(inc.events.len(), accepted);
        let state = inc.state().unwrap();
        prop_assert_eq!(state.event_count, accepted);
        // Replay is deterministic.
        prop_assert_eq!(&replay(&inc.id, &inc.events).unwrap(), &state);
        // The state round-trips through JSON.
        let sj = serde_json::to_string(&state).unwrap();
        let back: IncidentState = serde_json::from_str(&sj).unwrap();
        prop_assert_eq!(&back, &state);
        // The stored log round-trips and replays to the same state.
        let lj = serde_json::to_string(&inc).unwrap();
        let inc2 = Incident::from_json(&lj).unwrap();
        prop_assert_eq!(&inc2.state().unwrap(), &state);
        // Everything downstream runs without panicking.
        let dev = device();
        let now = at(3000, 0);
        let acts = next_actions(&state, Some(&dev), None, now);
        prop_assert_eq!(acts.is_empty(), state.is_closed());
        let org: Organisation = serde_json::from_value(serde_json::json!({
            "type": OrgType::Business, "role": Role::Controller, "established_in": ["JP"]
        })).unwrap();
        let link = assess_request(&state, Some(&dev), &org);
        prop_assert_eq!(link.request.incident.aware_at, state.aware_at());
        prop_assert!(state.aware_at() <= state.reported_at);
        let tl = timeline(&inc).unwrap();
        prop_assert_eq!(tl.entries.len(), accepted);
        let csv = timeline_csv(&tl);
        prop_assert!(csv.starts_with("seq,at,actor,event_type,summary,warnings\r\n"));
        veris(&inc, Some(&dev), Some(&link.request)).unwrap();
    }
}
