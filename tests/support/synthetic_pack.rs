//! A large synthetic rule pack for the jurisdiction-index test (`tests/breach_index.rs`) and
//! the engine benchmark (`benches/assess.rs`), which include this file with `#[path]`.

use serde_json::{Value, json};

/// US states, DC and the territories (the codes the `us` rule families use).
const US_CODES: [&str; 56] = [
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

/// The default pack plus ~230 synthetic rules over the US states (and a few other scope shapes:
/// the largest state, any US person, unknown jurisdiction, constants, negations, `lt`, `eq 0`),
/// bilingual: a pack the size of the full one, for the jurisdiction-index test and benchmark.
pub fn synthetic_large_pack_json() -> String {
    let mut doc: Value =
        serde_json::from_str(mamori::breach::DEFAULT_PACK_JSON).unwrap_or_default();
    let Some(rules) = doc.get_mut("rules").and_then(Value::as_array_mut) else {
        return String::new();
    };
    for s in US_CODES {
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
