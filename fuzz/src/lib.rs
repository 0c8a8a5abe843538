//! Shared property checks for mamori's fuzz targets.
//!
//! The reference model is the same file the differential test uses (`tests/refmodel/`).

#[path = "../../tests/refmodel/mod.rs"]
pub mod refmodel;

use chrono::{FixedOffset, Timelike};
use mamori::breach::{AssessRequest, Assessment, Due, ObligationStatus};

/// Checks the engine's invariants (issue 2) on one request and its assessment; panics (which
/// libFuzzer reports as a crash) with a description when one fails.
pub fn check_assessment(req: &AssessRequest, a: &Assessment) {
    let aware = req.incident.aware_at;
    assert_eq!(a.schema, "mamori.assessment.v1");
    let mut any_possible = false;
    for o in &a.obligations {
        any_possible |= o.status == ObligationStatus::Possible;
        let jp = o.jurisdiction == "JP" || o.id.starts_with("jp.");
        let check_time = |t: &chrono::DateTime<FixedOffset>| {
            assert!(*t >= aware, "{}: due {t} precedes aware_at {aware}", o.id);
            if jp {
                assert_eq!(
                    t.offset().local_minus_utc(),
                    9 * 3600,
                    "{}: JP time {t} not in +09:00",
                    o.id
                );
            }
        };
        match &o.due {
            Due::Deadline { at } => check_time(at),
            Due::Window { target, latest } => {
                check_time(target);
                check_time(latest);
                assert!(target <= latest, "{}: window target after latest", o.id);
            }
            Due::WithoutUndueDelay => {}
        }
        if o.id == "jp.appi.ppc.final" {
            let Due::Deadline { at } = o.due else {
                panic!("確報 must be a hard deadline, got {:?}", o.due)
            };
            let day = at.with_timezone(&refmodel::jst()).date_naive();
            assert!(!refmodel::is_closed(day), "確報 deadline {at} on a closed day");
            assert_eq!(
                (at.hour(), at.minute(), at.second()),
                (23, 59, 59),
                "確報 deadline {at} not at the end of a day"
            );
        }
    }
    if any_possible {
        assert!(
            !a.missing_facts.is_empty(),
            "an obligation is possible but no missing fact is listed"
        );
    }
}

/// Assesses `req`, checks the invariants, determinism, and that the same instant expressed in
/// another offset (UTC and JST) gives the same assessment. Returns the assessment's JSON.
pub fn assess_and_check(req: &AssessRequest) -> Option<String> {
    let a = mamori::breach::assess(req).ok()?;
    check_assessment(req, &a);
    let json = serde_json::to_string(&a).expect("assessment serialises");
    let again = serde_json::to_string(&mamori::breach::assess(req).expect("deterministic"))
        .expect("assessment serialises");
    assert_eq!(json, again, "assessment is not deterministic");
    for off in [0, 9 * 3600] {
        let mut moved = req.clone();
        moved.incident.aware_at = req
            .incident
            .aware_at
            .with_timezone(&FixedOffset::east_opt(off).expect("valid offset"));
        let b = mamori::breach::assess(&moved).expect("same instant, other offset");
        assert_eq!(
            serde_json::to_string(&b).expect("serialises"),
            json,
            "output differs when aware_at is given in offset {off}s"
        );
    }
    let back: Assessment = serde_json::from_str(&json).expect("assessment JSON parses back");
    assert_eq!(&back, &a, "assessment JSON does not round-trip");
    Some(json)
}
