//! The JSON-string API (for the C ABI): append, state, plan → engine.

use mamori::ErrorCode;
use mamori::incident::{append_json, plan_json, state_json};
use serde_json::{Value, json};

fn empty_log() -> String {
    json!({"schema": "mamori.incident.v1", "id": "INC-J", "events": []}).to_string()
}

fn event(at: &str, data: Value) -> String {
    json!({"schema": "mamori.incident_event.v1", "at": at, "actor": "mgr-yamada", "data": data})
        .to_string()
}

fn append(log: &str, ev: &str) -> (String, Value) {
    let out: Value = serde_json::from_str(&append_json(log, ev).unwrap()).unwrap();
    assert_eq!(out["schema"], "mamori.append_result.v1");
    (out["incident"].to_string(), out["warnings"].clone())
}

#[test]
fn append_state_and_plan_through_json() {
    let log = empty_log();
    let (log, w) = append(
        &log,
        &event(
            "2025-06-13T09:10:00+09:00",
            json!({"type": "reported", "kind": "loss", "device_id": "P-001", "reporter": "sales-tanaka", "summary": "lost"}),
        ),
    );
    assert_eq!(w, json!([]));
    let (log, _) = append(
        &log,
        &event(
            "2025-06-13T09:20:00+09:00",
            json!({"type": "interview_answered", "answers": {
                "noticed_missing_at": "2025-06-13T07:45:00+09:00",
                "data_on_device": [{"description": "phonebook", "storage": {"type": "plaintext"}, "persons": {"JP": 1200}}]
            }}),
        ),
    );
    let (log, w) = append(
        &log,
        &event(
            "2025-06-13T09:30:00+09:00",
            json!({"type": "carrier_line_suspended", "carrier": "docomo"}),
        ),
    );
    let codes: Vec<&str> = w
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["carrier_before_locate", "carrier_without_approval"]);

    let state: Value = serde_json::from_str(&state_json(&log).unwrap()).unwrap();
    assert_eq!(state["schema"], "mamori.incident_state.v1");
    assert_eq!(state["event_count"], 3);

    // Errors: a wipe confirmation without a wipe; a malformed event names the field.
    let e = append_json(
        &log,
        &event(
            "2025-06-13T10:00:00+09:00",
            json!({"type": "remote_wipe_confirmed"}),
        ),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidEvent);
    let e = append_json(
        &log,
        &event(
            "2025-06-13T10:00:00+09:00",
            json!({"type": "device_called", "answered": "no"}),
        ),
    )
    .unwrap_err();
    assert!(
        matches!(&e, mamori::Error::InvalidInput { path, .. } if path.starts_with("data")),
        "{e}"
    );
    assert_eq!(
        append_json("{", "{}").unwrap_err().code(),
        ErrorCode::InvalidInput
    );

    // The plan includes the engine request; the engine accepts it as JSON.
    let req = json!({
        "schema": "mamori.plan_request.v1",
        "incident": serde_json::from_str::<Value>(&log).unwrap(),
        "device": {"schema": "mamori.device.v1", "id": "P-001", "kind": "phone", "model": "SC-52C",
                   "ownership": "company", "phone_number": "+819012345678",
                   "posture": {"screen_lock": {"type": "pin", "length": 6}, "storage_encrypted": true,
                               "mdm_enrolled": true, "remote_lock": true, "remote_locate": true, "remote_wipe": true}},
        "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
        "now": "2025-06-13T10:00:00+09:00"
    });
    let plan: Value = serde_json::from_str(&plan_json(&req.to_string()).unwrap()).unwrap();
    assert_eq!(plan["schema"], "mamori.plan.v1");
    let ids: Vec<&str> = plan["next_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"locate") && ids.contains(&"assess"),
        "{ids:?}"
    );
    assert!(!ids.contains(&"carrier_suspension"), "already suspended");
    let request = plan["assess_request"]["request"].to_string();
    let assessment: Value =
        serde_json::from_str(&mamori::breach::assess_json(&request).unwrap()).unwrap();
    let fin = assessment["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "jp.appi.ppc.final")
        .unwrap();
    assert_eq!(fin["status"], "required");
    assert_eq!(fin["due"]["at"], "2025-07-14T23:59:59+09:00");

    // A device that is not the incident's is refused.
    let mut wrong = req.clone();
    wrong["device"]["id"] = json!("P-999");
    let e = plan_json(&wrong.to_string()).unwrap_err();
    assert!(matches!(&e, mamori::Error::InvalidInput { path, .. } if path == "device.id"));

    // A log with another schema tag is refused, as `Incident::from_json` refuses it.
    let mut wrong = req.clone();
    wrong["incident"]["schema"] = json!("mamori.incident.v0");
    let e = plan_json(&wrong.to_string()).unwrap_err();
    assert!(matches!(&e, mamori::Error::InvalidInput { path, .. } if path == "incident.schema"));
}
