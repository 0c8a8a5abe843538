//! The jurisdiction index never changes a result: indexed and unindexed evaluation agree on
//! generated requests, with the default pack and with a large pack (the default pack plus
//! synthetic per-state rules of every scope shape the index distinguishes).

use mamori::breach::{self, AssessRequest, Count, Lang, RulePack};
use proptest::prelude::*;
use serde_json::{Value, json};

/// US states, DC and the territories (the codes the `us` rule families use).
const US: [&str; 56] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
];

fn synthetic_rule(id: &str, jurisdiction: &str, scope: Value, extra: Value) -> Value {
    let mut r = json!({
        "id": id,
        "jurisdiction": jurisdiction,
        "recipient": "regulator",
        "title": {"en": "synthetic", "ja": "合成"},
        "zone": "America/New_York",
        "scope": scope,
        "scope_reason": {"en": "in scope: {data.persons.US*}", "ja": "適用: {data.persons.US*}"},
        "triggers": [{
            "id": "many",
            "when": {"fact": "data.persons.US*", "ge": 500},
            "reason": {"en": "{data.persons.US*} persons", "ja": "本人 {data.persons.US*}"},
        }, {
            "id": "sensitive",
            "when": {"fact": "data.sensitive", "is": true},
            "reason": "sensitive",
        }],
        "exemptions": [{
            "id": "encrypted",
            "when": {"fact": "data.protection.advanced_encryption", "is": true},
            "reason": "encrypted",
        }],
        "deadline": {"kind": "calendar_days", "days": 30, "first_day_inclusive": false},
        "basis": "synthetic",
        "verification": "unverified",
    });
    if let (Some(r), Some(e)) = (r.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            r.insert(k.clone(), v.clone());
        }
    }
    r
}

/// The default pack plus ~180 synthetic rules over the US states.
fn large_pack_json() -> String {
    let mut doc: Value = serde_json::from_str(breach::DEFAULT_PACK_JSON).unwrap();
    let rules = doc["rules"].as_array_mut().unwrap();
    for s in US {
        let code = format!("US-{s}");
        let key = format!("data.persons.{code}");
        let low = s.to_ascii_lowercase();
        rules.push(synthetic_rule(
            &format!("syn.us-{low}.residents"),
            &code,
            json!({"fact": key, "gt": 0}),
            json!({}),
        ));
        rules.push(synthetic_rule(
            &format!("syn.us-{low}.ag"),
            &code,
            json!({"any": [
                {"fact": "organisation.established_in", "contains": code},
                {"all": [{"fact": key, "ge": 500}, {"fact": "organisation.role", "eq": "controller"}]}
            ]}),
            json!({"deadline": {"kind": "hours", "hours": 72}}),
        ));
        // Two versions of one obligation, by effective date.
        rules.push(synthetic_rule(
            &format!("syn.us-{low}.versioned"),
            &code,
            json!({"fact": key, "eq": 1}),
            json!({"effective_to": "2020-01-01"}),
        ));
        rules.push(synthetic_rule(
            &format!("syn.us-{low}.versioned"),
            &code,
            json!({"fact": key, "eq": 1}),
            json!({"effective_from": "2020-01-01"}),
        ));
    }
    let extra = [
        (
            "syn.us.largest",
            json!({"fact": "data.persons.max(US-*)", "gt": 500}),
        ),
        ("syn.us.any", json!({"fact": "data.persons.US*", "gt": 0})),
        (
            "syn.unknown",
            json!({"fact": "data.persons.unknown", "gt": 0}),
        ),
        ("syn.all", json!({"fact": "data.persons.*", "gt": 10})),
        ("syn.const", json!({"const": true})),
        ("syn.never", json!({"const": false})),
        (
            "syn.not",
            json!({"not": {"fact": "data.persons.US-CA", "gt": 0}}),
        ),
        ("syn.few", json!({"fact": "data.persons.US-TX", "lt": 10})),
        ("syn.zero", json!({"fact": "data.persons.US-NY", "eq": 0})),
        ("syn.eu", json!({"fact": "data.persons.EU", "ge": 1})),
        (
            "syn.ca",
            json!({"any": [{"fact": "data.persons.CA-QC", "gt": 0},
                                  {"fact": "organisation.established_in", "contains": "CA"}]}),
        ),
        (
            "syn.sensitive",
            json!({"all": [{"fact": "data.sensitive", "is": true},
                                         {"fact": "data.persons.CN", "gt": 0}]}),
        ),
    ];
    for (id, scope) in extra {
        rules.push(synthetic_rule(id, "US", scope, json!({})));
    }
    doc.to_string()
}

fn packs() -> &'static [(RulePack, RulePack)] {
    static P: std::sync::OnceLock<Vec<(RulePack, RulePack)>> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let large = RulePack::from_json(&large_pack_json()).expect("large pack");
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
            .map(|o| o.id)
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
