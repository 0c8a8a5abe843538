//! How a downstream suite uses `mamori::strategies` (run with
//! `cargo test --features arbitrary,proptest --test strategies`).
#![cfg(all(feature = "arbitrary", feature = "proptest"))]

use std::collections::BTreeSet;

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, FixedOffset};
use mamori::breach::{AssessRequest, Assessment, Due, IncidentKind, OrgType, Role};
use mamori::strategies::prop;
use proptest::prelude::*;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

fn instants(a: &Assessment) -> Vec<DateTime<FixedOffset>> {
    let mut v = Vec::new();
    for o in &a.obligations {
        match o.due {
            Due::Deadline { at } => v.push(at),
            Due::Window { target, latest } => {
                assert!(target <= latest, "{}: target after latest", o.id);
                v.extend([target, latest]);
            }
            Due::WithoutUndueDelay => {}
            Due::AfterObligation { latest, .. } => v.extend(latest.as_ref().copied()),
        }
    }
    v
}

/// Draw `n` requests from seeded random bytes through `Arbitrary`.
fn arbitrary_requests(n: usize) -> Vec<AssessRequest> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut out = Vec::new();
    let mut buf = vec![0u8; 256];
    while out.len() < n {
        rng.fill_bytes(&mut buf);
        if let Ok(r) = AssessRequest::arbitrary(&mut Unstructured::new(&buf)) {
            out.push(r);
        }
    }
    out
}

#[test]
fn arbitrary_requests_cover_the_fact_space() {
    let reqs = arbitrary_requests(3000);
    let kinds: BTreeSet<IncidentKind> = reqs.iter().map(|r| r.incident.kind).collect();
    assert_eq!(kinds.len(), 7, "every incident kind appears");
    assert!(
        reqs.iter()
            .any(|r| r.organisation.org_type == OrgType::PublicBody)
    );
    assert!(reqs.iter().any(|r| r.organisation.role == Role::Processor));
    for n in [100, 1000, 1001] {
        assert!(
            reqs.iter().any(|r| r
                .data
                .persons
                .values()
                .any(|c| *c == Some(mamori::breach::Count::exact(n)))),
            "count {n} appears"
        );
    }
    assert!(
        reqs.iter()
            .any(|r| r.data.persons.values().any(Option::is_none))
    );
    assert!(reqs.iter().any(|r| r.data.sensitive.is_none()));
    assert!(reqs.iter().any(|r| r.data.protection.is_none()));
    let years: BTreeSet<i32> = reqs
        .iter()
        .map(|r| chrono::Datelike::year(&r.incident.aware_at.naive_utc()))
        .collect();
    assert!(years.iter().all(|y| (1999..=2041).contains(y)), "{years:?}");
    assert!(
        years.len() > 30,
        "instants spread over the years: {years:?}"
    );
    assert!(
        reqs.iter()
            .any(|r| r.incident.aware_at.offset().local_minus_utc() != 9 * 3600)
    );
}

#[test]
fn arbitrary_requests_are_valid_contract_json() {
    for r in arbitrary_requests(500) {
        let json = serde_json::to_string(&r).unwrap();
        let back: AssessRequest = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, r);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The engine accepts every generated request; deadlines never precede `aware_at`; the
    /// assessment is deterministic.
    #[test]
    fn engine_accepts_generated_requests(req in prop::assess_request()) {
        let a = mamori::breach::assess(&req).expect("a well-shaped request is assessed");
        for t in instants(&a) {
            prop_assert!(t >= req.incident.aware_at, "{t} before {}", req.incident.aware_at);
        }
        let b = mamori::breach::assess(&req).unwrap();
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }

    /// Strategies for the parts compose into a request the engine reads.
    #[test]
    fn part_strategies_round_trip(
        org in prop::organisation(),
        inc in prop::incident_facts(),
        data in prop::data_facts(),
    ) {
        let req: AssessRequest = serde_json::from_value(serde_json::json!({
            "schema": mamori::breach::ASSESS_REQUEST_SCHEMA,
            "organisation": org, "incident": inc, "data": data,
        })).unwrap();
        let json = serde_json::to_string(&req).unwrap();
        let back: AssessRequest = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, req);
    }
}
