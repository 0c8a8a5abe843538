//! Exports: the timeline as JSON (`mamori.timeline.v1`) and CSV, and a VERIS-style record.

use chrono::{DateTime, Datelike, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{AccessResult, Incident, IncidentState, WarningCode};
use crate::breach::{AssessRequest, IncidentKind};
use crate::device::{Device, DeviceKind, Ownership};
use crate::error::Result;
use crate::text::csv::push_csv_row;

/// The schema tag of a timeline export.
pub const TIMELINE_SCHEMA: &str = "mamori.timeline.v1";

/// One timeline row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// Position in the event log (0-based).
    pub seq: usize,
    /// When it happened.
    pub at: DateTime<FixedOffset>,
    /// When it was recorded in the log (`at` for v1 logs, which did not keep it).
    pub recorded_at: DateTime<FixedOffset>,
    /// The event this one corrects.
    pub corrects: Option<usize>,
    /// Later events that correct this one.
    pub corrected_by: Vec<usize>,
    /// Who.
    pub actor: String,
    /// The event type.
    pub event_type: String,
    /// One-line summary.
    pub summary: String,
    /// Guard warnings the event raised.
    pub warnings: Vec<WarningCode>,
}

/// An incident's timeline (`schema: "mamori.timeline.v1"`), ordered by time (log order for
/// equal times).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    /// Always `"mamori.timeline.v1"`.
    pub schema: String,
    /// The incident id.
    pub incident_id: String,
    /// The rows.
    pub entries: Vec<TimelineEntry>,
}

/// Build the timeline of an incident (validates the log by replaying it).
pub fn timeline(incident: &Incident) -> Result<Timeline> {
    let state = incident.state()?;
    let mut entries: Vec<TimelineEntry> = incident
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| TimelineEntry {
            seq: i,
            at: e.at,
            recorded_at: e.recorded_time(),
            corrects: e.corrects.as_ref().map(|c| c.event),
            corrected_by: incident
                .events
                .iter()
                .enumerate()
                .filter(|(_, x)| x.corrects.as_ref().is_some_and(|c| c.event == i))
                .map(|(j, _)| j)
                .collect(),
            actor: e.actor.clone(),
            event_type: e.data.type_name().to_string(),
            summary: match &e.corrects {
                Some(c) => format!("{} [corrects #{}: {}]", e.data.summary(), c.event, c.reason),
                None => e.data.summary(),
            },
            warnings: state
                .warnings
                .iter()
                .filter(|w| w.event_index == Some(i))
                .map(|w| w.code)
                .collect(),
        })
        .collect();
    entries.sort_by(|a, b| a.at.cmp(&b.at).then(a.seq.cmp(&b.seq)));
    Ok(Timeline {
        schema: TIMELINE_SCHEMA.to_string(),
        incident_id: incident.id.clone(),
        entries,
    })
}

/// The timeline as CSV (RFC 4180, CRLF line ends, header
/// `seq,at,actor,event_type,summary,warnings`; warnings joined with `;`).
pub fn timeline_csv(t: &Timeline) -> String {
    let mut out = String::from("seq,at,actor,event_type,summary,warnings\r\n");
    for e in &t.entries {
        let warnings = e
            .warnings
            .iter()
            .map(|w| <&'static str>::from(*w))
            .collect::<Vec<_>>()
            .join(";");
        let row = [
            e.seq.to_string(),
            e.at.to_rfc3339(),
            e.actor.clone(),
            e.event_type.clone(),
            e.summary.clone(),
            warnings,
        ];
        push_csv_row(&mut out, &row);
    }
    out
}

fn ymd(t: DateTime<FixedOffset>) -> Value {
    // VERIS 1.4.0 wants a 12-hour clock, `05:45:00 PM` (local time of the event's offset).
    json!({"year": t.year(), "month": t.month(), "day": t.day(), "time": t.format("%I:%M:%S %p").to_string()})
}

fn span(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> Value {
    let mins = (to - from).num_minutes().max(0);
    if mins < 60 {
        json!({"unit": "Minutes", "value": mins})
    } else if mins < 48 * 60 {
        json!({"unit": "Hours", "value": mins / 60})
    } else {
        json!({"unit": "Days", "value": mins / (24 * 60)})
    }
}

/// The VERIS schema version the export follows.
pub const VERIS_SCHEMA_VERSION: &str = "1.4.0";

/// A VERIS 1.4.0 JSON record of the incident (for users who contribute to the DBIR).
///
/// Mapping: loss → `action.error.variety: ["Loss"]`; misdelivery → `["Misdelivery"]`; theft →
/// `action.physical.variety: ["Theft"]`; unauthorized access → `action.hacking`; malware →
/// `action.malware`; insider → `action.misuse` (`Privilege abuse`); other → `action.unknown`.
/// `attribute.confidentiality.data_disclosure` is `Yes` (access found), `No` (recovered with
/// no access, or no personal data at risk), `Potentially` otherwise. `timeline.incident` is
/// the last confirmed moment; `discovery` the span to awareness; `containment` the span from
/// awareness to recovery or confirmed wipe. `request` (from
/// [`assess_request`](super::assess_request)) supplies the persons at risk.
pub fn veris(
    incident: &Incident,
    device: Option<&Device>,
    request: Option<&AssessRequest>,
) -> Result<Value> {
    let st: IncidentState = incident.state()?;
    let action = match st.kind {
        IncidentKind::Loss => json!({"error": {"variety": ["Loss"], "vector": ["Carelessness"]}}),
        IncidentKind::Misdelivery => {
            json!({"error": {"variety": ["Misdelivery"], "vector": ["Carelessness"]}})
        }
        IncidentKind::Theft => json!({"physical": {"variety": ["Theft"], "vector": ["Unknown"]}}),
        IncidentKind::UnauthorizedAccess => {
            json!({"hacking": {"variety": ["Unknown"], "vector": ["Unknown"]}})
        }
        IncidentKind::Malware => {
            json!({"malware": {"variety": ["Unknown"], "vector": ["Unknown"]}})
        }
        IncidentKind::Insider => {
            json!({"misuse": {"variety": ["Privilege abuse"], "vector": ["Unknown"]}})
        }
        IncidentKind::Other => json!({"unknown": {"notes": "kind other"}}),
    };
    let actor = match st.kind {
        IncidentKind::Loss | IncidentKind::Misdelivery => {
            json!({"internal": {"variety": ["End-user"], "motive": ["NA"]}})
        }
        IncidentKind::Insider => {
            json!({"internal": {"variety": ["Unknown"], "motive": ["Unknown"]}})
        }
        _ => json!({"external": {"variety": ["Unknown"], "motive": ["Unknown"]}}),
    };
    let asset_variety = match device.map(|d| d.kind) {
        Some(DeviceKind::Phone) => "U - Mobile phone",
        Some(DeviceKind::Tablet) => "U - Tablet",
        Some(DeviceKind::Laptop) => "U - Laptop",
        Some(DeviceKind::UsbStorage) => "M - Flash drive",
        Some(DeviceKind::Other) => "U - Other",
        None => "Unknown",
    };
    let ownership = match device.map(|d| d.ownership) {
        Some(Ownership::Company) => "Victim",
        Some(Ownership::Personal) => "Employee",
        None => "Unknown",
    };
    let persons: Option<u64> = request.and_then(|r| {
        r.data.persons.values().try_fold(0u64, |acc, n| {
            n.filter(|c| c.is_exact())
                .map(|c| acc.saturating_add(c.min()))
        })
    });
    let protected = request.is_some_and(|r| r.data.protection.is_some());
    let accessed = st.data_access.as_ref().map(|c| c.result);
    let disclosure = match (
        accessed,
        st.recovered.as_ref().and_then(|r| r.evidence_of_access),
    ) {
        (Some(AccessResult::Accessed), _) | (_, Some(true)) => "Yes",
        (Some(AccessResult::NoAccessFound), _) if st.recovered.is_some() => "No",
        (_, Some(false)) => "No",
        _ if persons == Some(0) => "No",
        _ => "Potentially",
    };
    let mut confidentiality = json!({
        "data_disclosure": disclosure,
        "data_victim": ["Customer"],
        "state": [if protected { "Stored encrypted" } else { "Stored unencrypted" }],
    });
    if let Some(n) = persons {
        confidentiality["data_total"] = json!(n);
        confidentiality["data"] = json!([{"variety": "Personal", "amount": n}]);
    } else {
        confidentiality["data"] = json!([{"variety": "Personal"}]);
    }
    let aware = st.aware_at();
    let exposure = st.exposure();
    let mut timeline = json!({
        "incident": ymd(exposure.from),
        "discovery": span(exposure.from, aware),
    });
    if let Some(end) = exposure.to {
        timeline["containment"] = span(aware, end);
    }
    let mut plus = json!({
        "mamori": {
            "incident_id": st.incident_id,
            "kind": super::kind_name(st.kind),
            "reported_at": st.reported_at.to_rfc3339(),
            "aware_at": aware.to_rfc3339(),
            "events": st.event_count,
        }
    });
    if let Some(t) = st.customers_notified_at {
        plus["timeline"] = json!({"notification": ymd(t)});
    }
    let corrective: Vec<&str> = st
        .prevention
        .iter()
        .map(|p| p.description.as_str())
        .collect();
    let mut rec = json!({
        "schema_version": VERIS_SCHEMA_VERSION,
        "incident_id": st.incident_id,
        "source_id": "mamori",
        "security_incident": "Confirmed",
        "confidence": "High",
        "summary": st.summary,
        "action": action,
        "actor": actor,
        "asset": {
            "assets": [{"variety": asset_variety, "amount": 1}],
            "ownership": [ownership],
            // A lost or stolen device is on-premise (not a cloud asset); without a device
            // record mamori does not know.
            "cloud": [if device.is_some() { "On-Premise Asset(s)" } else { "Unknown" }],
        },
        "attribute": {
            "confidentiality": confidentiality,
            "availability": {"variety": ["Loss"], "duration": {"unit": "Unknown"}},
        },
        "discovery_method": {"internal": {"variety": ["Reported by employee"]}},
        "timeline": timeline,
        "plus": plus,
    });
    if st.kind == IncidentKind::Misdelivery || st.kind == IncidentKind::UnauthorizedAccess {
        rec["attribute"]
            .as_object_mut()
            .map(|a| a.remove("availability"));
    }
    if !corrective.is_empty() {
        rec["corrective_action"] = json!(corrective.join("; "));
    }
    Ok(rec)
}
