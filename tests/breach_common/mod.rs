//! Shared helpers for the breach tests.
#![allow(dead_code)]

use mamori::breach::{self, Assessment, Due, Obligation, ObligationStatus};
use serde_json::{Value, json};

/// A JP business controller, lost phone, nothing triggering, everything known.
pub fn base() -> Value {
    json!({
        "schema": "mamori.assess.v1",
        "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
        "incident": {"kind": "loss", "aware_at": "2026-12-03T10:15:00+09:00", "recovered_unviewed": false},
        "data": {
            "persons": {"JP": 10},
            "sensitive": false, "financial_risk": false, "malicious": false,
            "risk": "unlikely",
            "protection": null
        }
    })
}

/// Set a field by a dotted path (creating objects as needed).
pub fn set(v: &mut Value, path: &str, new: Value) {
    let mut cur = v;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        let next = cur
            .as_object_mut()
            .unwrap()
            .entry(p.to_string())
            .or_insert_with(|| json!({}));
        if !next.is_object() {
            *next = json!({});
        }
        cur = next;
    }
    cur.as_object_mut()
        .unwrap()
        .insert(parts[parts.len() - 1].to_string(), new);
}

pub fn with(mut v: Value, path: &str, new: Value) -> Value {
    set(&mut v, path, new);
    v
}

pub fn assess(v: &Value) -> Assessment {
    let req = breach::parse_request(&v.to_string()).expect("request parses");
    breach::assess(&req).expect("assess")
}

pub fn ob<'a>(a: &'a Assessment, id: &str) -> &'a Obligation {
    a.obligations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no obligation {id} in {:?}", ids(a)))
}

pub fn has(a: &Assessment, id: &str) -> bool {
    a.obligations.iter().any(|o| o.id == id)
}

pub fn ids(a: &Assessment) -> Vec<&str> {
    a.obligations.iter().map(|o| o.id.as_str()).collect()
}

pub fn status(a: &Assessment, id: &str) -> ObligationStatus {
    ob(a, id).status
}

pub fn deadline(a: &Assessment, id: &str) -> String {
    match &ob(a, id).due {
        Due::Deadline { at } => at.to_rfc3339(),
        other => panic!("{id}: expected a deadline, got {other:?}"),
    }
}

pub fn window(a: &Assessment, id: &str) -> (String, String) {
    match &ob(a, id).due {
        Due::Window { target, latest } => (target.to_rfc3339(), latest.to_rfc3339()),
        other => panic!("{id}: expected a window, got {other:?}"),
    }
}

/// An RFC 3339 time as an instant (compare deadlines whatever offset they are printed in).
pub fn instant(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

pub fn reasons_mention(a: &Assessment, id: &str, needle: &str) -> bool {
    ob(a, id).reasons.iter().any(|r| r.contains(needle))
}

/// A US business with `n` residents of state `code` whose data of `cats` leaked, discovered
/// 2026-07-01 (the state-statute tests).
pub fn us_case(code: &str, n: u64, cats: &[&str]) -> Value {
    let v = with(base(), "organisation.established_in", json!(["US"]));
    let v = with(v, "data.persons", json!({ format!("US-{code}"): n }));
    let v = with(v, "data.categories", json!(cats));
    with(v, "incident.aware_at", json!("2026-07-01T10:00:00-04:00"))
}

/// The same request made by a processor (a vendor holding the data for its owner).
pub fn as_processor(v: Value) -> Value {
    with(v, "organisation.role", json!("processor"))
}

#[allow(dead_code)]
/// The US rule `id` for 1,000 residents of its state with an SSN leaked (the owner rules asked
/// of a processor, the rest of whoever owns the data): its verification and basis.
pub fn us_rule(id: &str) -> (breach::Verification, String) {
    let v = us_case(&id[3..5].to_uppercase(), 1000, &["government_id"]);
    let a = assess(&if id.ends_with(".owner") {
        as_processor(v)
    } else {
        v
    });
    let o = ob(&a, id);
    (o.verification, o.basis.to_string())
}

#[allow(unused_imports)]
pub use ObligationStatus::{NotRequired, Possible, Required};

/// Each rule is `confirmed` and its basis quotes the deciding words given with it.
#[allow(dead_code)]
pub fn assert_confirmed_with(rules: &[(&str, &str)]) {
    for (id, words) in rules {
        let (v, basis) = us_rule(id);
        assert_eq!(v, breach::Verification::Confirmed, "{id}");
        assert!(basis.contains(words), "{id}: {basis}");
    }
}
