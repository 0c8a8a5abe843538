//! The VERIS export validates against the official VERIS 1.4.0 schema (a copy under
//! `tests-ext/tests/data/veris/`, CC BY-SA 4.0, see its README), for every incident kind, with
//! and without a device and a request.

use chrono::{DateTime, FixedOffset};
use mamori::breach::IncidentKind;
use mamori::device::{Device, DeviceKind, Ownership};
use mamori::incident::*;
use serde_json::json;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("data/veris/verisc-merged.json")).unwrap();
    jsonschema::draft4::new(&schema).expect("the VERIS schema compiles")
}

fn incident(kind: IncidentKind, device: bool) -> Incident {
    let mut inc = Incident::new("INC-V");
    inc.append(Event::new(
        t("2025-06-13T21:10:00+09:00"),
        "sales",
        EventData::Reported {
            kind,
            device_id: device.then(|| "P-001".to_string()),
            reporter: "sales".into(),
            summary: "lost".into(),
        },
    ))
    .unwrap();
    inc.append(Event::new(
        t("2025-06-13T21:30:00+09:00"),
        "mgr",
        EventData::InterviewAnswered {
            answers: Box::new(
                serde_json::from_value(json!({
                    "last_confirmed_at": "2025-06-12T17:45:00+09:00",
                    "noticed_missing_at": "2025-06-13T07:45:00+09:00",
                    "data_on_device": [{"description": "phonebook", "storage": {"type": "plaintext"},
                        "persons": {"JP": 1200}}]
                }))
                .unwrap(),
            ),
        },
    ))
    .unwrap();
    inc
}

#[test]
fn veris_export_validates_against_the_official_1_4_0_schema() {
    let v = validator();
    let kinds = [
        IncidentKind::Loss,
        IncidentKind::Theft,
        IncidentKind::Misdelivery,
        IncidentKind::UnauthorizedAccess,
        IncidentKind::Malware,
        IncidentKind::Insider,
        IncidentKind::Other,
    ];
    for kind in kinds {
        for with_device in [false, true] {
            for ownership in [Ownership::Company, Ownership::Personal] {
                let mut inc = incident(kind, with_device);
                let dev = Device::new("P-001", DeviceKind::Phone, "SC-52C", ownership);
                let org = serde_json::from_value(
                    json!({"type": "business", "role": "controller", "established_in": ["JP"]}),
                )
                .unwrap();
                let link = assess_request(&inc.state().unwrap(), with_device.then_some(&dev), &org);
                if with_device {
                    inc.append(Event::new(
                        t("2025-06-14T10:00:00+09:00"),
                        "it",
                        EventData::DeviceRecovered {
                            found_at_place: None,
                            evidence_of_access: Some(false),
                        },
                    ))
                    .unwrap();
                }
                let rec = veris(&inc, with_device.then_some(&dev), Some(&link.request)).unwrap();
                let errors: Vec<String> = v
                    .iter_errors(&rec)
                    .map(|e| format!("{} at {}", e, e.instance_path()))
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{kind:?} device={with_device}: {errors:#?}\n{rec:#}"
                );
                assert_eq!(rec["schema_version"], "1.4.0");
                assert_eq!(rec["timeline"]["incident"]["time"], "05:45:00 PM");
                assert!(rec["asset"]["ownership"].is_array());
            }
        }
    }
    let bare = veris(&incident(IncidentKind::Loss, false), None, None).unwrap();
    assert!(v.is_valid(&bare), "{bare:#}");
}

#[test]
fn the_schema_rejects_what_the_old_export_produced() {
    // The checks are real: the 1.3.7-style shape fails.
    let v = validator();
    let mut rec = veris(&incident(IncidentKind::Loss, false), None, None).unwrap();
    rec["asset"]["ownership"] = json!("Victim");
    assert!(!v.is_valid(&rec));
    let mut rec2 = veris(&incident(IncidentKind::Loss, false), None, None).unwrap();
    rec2["timeline"]["incident"]["time"] = json!("17:45:00+09:00");
    assert!(!v.is_valid(&rec2));
}
