//! The jurisdiction index never changes a result: indexed and unindexed evaluation agree on
//! generated requests, with the default pack and with a large pack (the default pack plus
//! synthetic per-state rules of every scope shape the index distinguishes).

use mamori::breach::{self, AssessRequest, Count, Lang, RulePack};
#[path = "support/synthetic_pack.rs"]
mod synthetic_pack;
use proptest::prelude::*;
use synthetic_pack::synthetic_large_pack_json;

fn packs() -> &'static [(RulePack, RulePack)] {
    static P: std::sync::OnceLock<Vec<(RulePack, RulePack)>> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let large = RulePack::from_json(&synthetic_large_pack_json()).expect("large pack");
        assert!(large.obligation_ids().len() > 200);
        let default = RulePack::default_pack();
        vec![
            (default.clone(), default.without_index()),
            (large.clone(), large.without_index()),
        ]
    })
}

const KEYS: &[&str] = &[
    "JP", "US", "US-CA", "US-NY", "US-TX", "US-WY", "US-PR", "unknown", "DE", "EU", "GB", "UK",
    "KR", "SG", "AU", "IN", "CN", "CA", "CA-QC", "FR-75",
];
const EST: &[&str] = &[
    "JP", "US-CA", "US-NY", "US", "DE", "EU", "GB", "CA", "CA-QC", "KR",
];

fn count() -> impl Strategy<Value = Option<Count>> {
    prop_oneof![
        Just(None),
        prop::sample::select(vec![0u64, 1, 9, 10, 11, 499, 500, 501, 1000, 1001, 5000])
            .prop_map(|n| Some(Count::exact(n))),
        (0u64..1200, 0u64..1200, any::<bool>())
            .prop_map(|(a, b, open)| Some(Count::range(a.min(b), (!open).then_some(a.max(b))))),
    ]
}

fn request() -> impl Strategy<Value = AssessRequest> {
    (
        mamori::strategies::prop::assess_request(),
        prop::collection::btree_map(prop::sample::select(KEYS), count(), 0..4),
        prop::sample::subsequence(EST, 0..3),
        prop_oneof![Just(None), Just(Some(Lang::En)), Just(Some(Lang::Ja))],
        any::<bool>(),
    )
        .prop_map(|(mut r, persons, est, lang, replace)| {
            if replace {
                r.data.persons = persons
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                r.organisation.established_in = est.iter().map(|s| s.to_string()).collect();
            }
            r.lang = lang;
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 768, ..ProptestConfig::default() })]

    #[test]
    fn index_never_changes_a_result(req in request()) {
        for (indexed, full) in packs() {
            let a = indexed.assess(&req);
            let b = full.assess(&req);
            match (&a, &b) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                _ => prop_assert_eq!(a.is_err(), b.is_err()),
            }
        }
    }
}

#[test]
fn large_pack_reaches_subdivision_rules_from_country_and_unknown_keys() {
    let (indexed, _) = &packs()[1];
    let req = |persons: &str| {
        breach::parse_request(&format!(
            r#"{{"schema": "mamori.assess.v1",
              "organisation": {{"type": "business", "role": "controller", "established_in": ["JP"]}},
              "incident": {{"kind": "loss", "aware_at": "2026-12-03T10:15:00+09:00"}},
              "data": {{"persons": {persons}}}}}"#
        ))
        .unwrap()
    };
    let ids = |persons: &str| -> Vec<String> {
        indexed
            .assess(&req(persons))
            .unwrap()
            .obligations
            .into_iter()
            .map(|o| o.id.into_string())
            .collect()
    };
    // A known state: its own rules, not another state's.
    let ca = ids(r#"{"US-CA": 600}"#);
    assert!(ca.iter().any(|i| i == "syn.us-ca.residents"));
    assert!(!ca.iter().any(|i| i == "syn.us-wy.residents"));
    // US persons of unknown state, and persons of unknown jurisdiction, may be in any state.
    for persons in [r#"{"US": 600}"#, r#"{"unknown": 3}"#] {
        let got = ids(persons);
        assert!(
            got.iter().any(|i| i == "syn.us-wy.residents"),
            "{persons}: {got:?}"
        );
    }
}
