//! Structured requests (via `mamori::strategies`' `Arbitrary` impls): the engine must agree
//! with the independent reference model on the status and due of the five JP/EU obligations,
//! and satisfy its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamori::breach::{AssessRequest, Due, ObligationStatus};
use mamori_fuzz::refmodel::{self, St};

fuzz_target!(|req: AssessRequest| {
    let engine = mamori::breach::assess(&req).expect("a well-shaped request is assessed");
    mamori_fuzz::check_assessment(&req, &engine);
    for ob in refmodel::assess(&req) {
        let found = engine.obligations.iter().find(|o| o.id == ob.id);
        let es = match found.map(|o| o.status) {
            Some(ObligationStatus::Required) => St::Required,
            Some(ObligationStatus::Possible) => St::Possible,
            _ => St::NotRequired,
        };
        assert_eq!(
            es, ob.status,
            "{}: status (engine vs model) for {req:?}",
            ob.id
        );
        if es == St::NotRequired {
            continue;
        }
        let due = &found.expect("present").due;
        let same = match (&ob.due, due) {
            (refmodel::Due::Deadline(a), Due::Deadline { at }) => a == at,
            (
                refmodel::Due::Window { target, latest },
                Due::Window {
                    target: t,
                    latest: l,
                },
            ) => target == t && latest == l,
            (refmodel::Due::WithoutUndueDelay, Due::WithoutUndueDelay) => true,
            _ => false,
        };
        assert!(
            same,
            "{}: due model={:?} engine={due:?} for {req:?}",
            ob.id, ob.due
        );
    }
});
