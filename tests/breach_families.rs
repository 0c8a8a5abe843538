//! A host pack of rule families: per-state rules whose scopes, triggers, exemptions and
//! deadlines have the same structure and differ only in their jurisdiction, thresholds,
//! data-element lists and deadlines (like the default pack's ≈ 54 US state residents',
//! attorney-general and vendor rules). The engine shares their parts between rules (one
//! evaluation per distinct sub-predicate, one count per person-count slot, one deadline per
//! (deadline, zone) pair per request): every obligation must be exactly what its rule gives
//! when assessed alone, and the missing facts the union of those, for requests whose persons
//! are of unknown state, of known states, straddle the thresholds, or are processors'.

use mamori::breach::{self, RulePack};
use serde_json::{Value, json};

const STATES: [(&str, u64, u64); 5] = [
    ("US-CA", 500, 30),
    ("US-NY", 500, 45),
    ("US-TX", 250, 60),
    ("US-FL", 1000, 30),
    ("US-WA", 500, 30),
];

fn elements(i: usize) -> Value {
    // Lists that overlap (shared parts) and differ (per state).
    let all = [
        "government_id",
        "financial_account",
        "payment_card",
        "credentials",
        "health",
        "biometric",
    ];
    let list: Vec<Value> = all
        .iter()
        .take(3 + i % 4)
        .map(|c| json!({"fact": format!("data.categories.{c}"), "is": true}))
        .collect();
    json!({"any": list})
}

fn exemptions() -> Value {
    json!([
        {"id": "encrypted", "when": {"fact": "data.protection.unintelligible", "is": true},
         "reason": "Encrypted."},
        {"id": "recovered", "when": {"fact": "incident.recovered_unviewed", "is": true, "unknown_as": false},
         "reason": "Recovered unviewed."}
    ])
}

fn rules() -> Vec<Value> {
    let mut out = Vec::new();
    for (i, (code, threshold, days)) in STATES.iter().enumerate() {
        let slug = code.to_lowercase();
        let persons = format!("data.persons.{code}");
        let zone = if i % 2 == 0 {
            json!({"zone": "America/New_York"})
        } else {
            json!({"offset": "-08:00"})
        };
        let mut residents = json!({
            "id": format!("{slug}.residents"),
            "jurisdiction": code,
            "recipient": "individuals",
            "scope": {"fact": persons, "gt": 0},
            "scope_reason": format!("Residents: {{{persons}}}."),
            "triggers": [{"id": "elements", "when": elements(i), "reason": "Data elements."}],
            "no_trigger_reason": "No data element.",
            "exemptions": exemptions(),
            "deadline": {"kind": "calendar_days", "days": days, "first_day_inclusive": false},
            "basis": format!("{code} breach law"),
            "verification": "confirmed"
        });
        // Half the thresholds read ranges by their bounds, half as suspected counts (the same
        // comparison as the scope's `> 0` with another number).
        let over = if i % 2 == 0 {
            json!({"fact": persons, "gt": threshold, "range": "bounds"})
        } else {
            json!({"fact": persons, "gt": threshold})
        };
        let mut regulator = json!({
            "id": format!("{slug}.attorney_general"),
            "jurisdiction": code,
            "recipient": "regulator",
            "scope": {"fact": persons, "gt": 0},
            "triggers": [{"id": "over", "when": {"all": [over, elements(i)]},
                "reason": format!("More than {threshold} residents ({{{persons}}})."),
                "reason_unknown": "Undetermined: the count or the data elements."}],
            "no_trigger_reason": "Below the threshold.",
            "exemptions": exemptions(),
            "deadline": if i % 3 == 0 {
                json!({"kind": "without_undue_delay"})
            } else {
                json!({"kind": "calendar_days", "days": days, "first_day_inclusive": i % 2 == 0})
            },
            "basis": format!("{code} breach law, regulator"),
            "verification": "confirmed"
        });
        let mut vendor = json!({
            "id": format!("{slug}.owner"),
            "jurisdiction": code,
            "recipient": "controller",
            "scope": {"all": [{"fact": persons, "gt": 0},
                              {"fact": "organisation.role", "eq": "processor"}]},
            "triggers": [{"id": "elements", "when": elements(i + 1), "reason": "Data elements."}],
            "exemptions": exemptions(),
            "deadline": {"kind": "hours", "hours": 24 * (1 + i as u32 % 2)},
            "basis": format!("{code} breach law, vendors"),
            "verification": "confirmed"
        });
        for r in [&mut residents, &mut regulator, &mut vendor] {
            for (k, v) in zone.as_object().unwrap() {
                r[k] = v.clone();
            }
        }
        out.extend([residents, regulator, vendor]);
    }
    out
}

fn pack(rules: Vec<Value>) -> RulePack {
    RulePack::from_json(
        &json!({"schema": "mamori.rulepack.v1", "id": "acme", "version": "1", "rules": rules})
            .to_string(),
    )
    .unwrap()
}

fn requests() -> Vec<breach::AssessRequest> {
    let persons = [
        json!({"US": 1000, "JP": 200}),
        json!({"US": {"min": 300, "max": 1200}}),
        json!({"US": null}),
        json!({"US-CA": 600, "US": 40}),
        json!({"US-CA": 400, "US-NY": {"min": 450, "max": 550}, "US-TX": 0}),
        json!({"US-TX": 251, "US-FL": 1000, "unknown": 3}),
        json!({"unknown": 2000}),
        json!({"US-WA": 501}),
    ];
    let mut out = Vec::new();
    for (i, p) in persons.iter().enumerate() {
        for (role, categories) in [
            ("controller", Value::Null),
            ("processor", json!(["payment_card"])),
            ("controller", json!(["health"])),
            ("processor", json!([])),
        ] {
            let mut data = json!({"persons": p, "sensitive": false});
            if !categories.is_null() {
                data["categories"] = categories;
            }
            let recovered = [json!(false), json!(true), Value::Null][i % 3].clone();
            let r = json!({
                "schema": "mamori.assess.v1",
                "organisation": {"type": "business", "role": role, "established_in": ["JP"]},
                "incident": {"kind": "theft", "aware_at": "2026-12-03T10:15:00+09:00",
                             "recovered_unviewed": recovered},
                "data": data
            });
            out.push(breach::parse_request(&r.to_string()).unwrap());
        }
    }
    out
}

/// The same rule with equivalent predicates written another way: `> 0` as `>= 1`, and the
/// parts of every `any` in reverse order.
fn rewrite(v: Value) -> Value {
    match v {
        Value::Object(mut m) => {
            if m.get("gt") == Some(&json!(0)) && !m.contains_key("range") {
                m.remove("gt");
                m.insert("ge".into(), json!(1));
            }
            if let Some(Value::Array(a)) = m.get_mut("any") {
                a.reverse();
            }
            Value::Object(m.into_iter().map(|(k, v)| (k, rewrite(v))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(rewrite).collect()),
        v => v,
    }
}

fn answer(p: &RulePack, req: &breach::AssessRequest) -> Value {
    serde_json::to_value(p.assess(req).unwrap()).unwrap()
}

#[test]
fn every_family_member_decides_as_it_does_alone() {
    let all = pack(rules());
    // Each rule alone, its predicates written differently (nothing the engine could share
    // between them is written the same way), as the reference.
    let alone: Vec<RulePack> = rules()
        .into_iter()
        .map(|r| pack(vec![rewrite(r)]))
        .collect();
    let mut statuses = std::collections::BTreeSet::new();
    for req in requests() {
        let together = answer(&all, &req);
        let obligations = together["obligations"].as_array().unwrap();
        let mut missing: Vec<Value> = Vec::new();
        let mut seen = 0;
        for p in &alone {
            let one = answer(p, &req);
            let ob = one["obligations"].as_array().unwrap();
            missing.extend(one["missing_facts"].as_array().unwrap().iter().cloned());
            let Some(o) = ob.first() else {
                continue;
            };
            seen += 1;
            let id = o["id"].as_str().unwrap();
            let t = obligations
                .iter()
                .find(|x| x["id"] == id)
                .unwrap_or_else(|| panic!("{id} missing together"));
            assert_eq!(t, o, "{id} for {req:?}");
            statuses.insert(o["status"].as_str().unwrap().to_string());
        }
        assert_eq!(seen, obligations.len(), "{req:?}");
        missing.sort_by_key(|v| v.to_string());
        missing.dedup();
        assert_eq!(
            together["missing_facts"].as_array().unwrap(),
            &missing,
            "{req:?}"
        );
        // The plan-only answer carries the same plan.
        let mut plan_req = serde_json::to_value(&req).unwrap();
        plan_req["detail"] = json!("plan");
        let plan_req: breach::AssessRequest = serde_json::from_value(plan_req).unwrap();
        assert_eq!(answer(&all, &plan_req)["plan"], together["plan"]);
    }
    // The requests reach every status.
    assert_eq!(statuses.len(), 3, "{statuses:?}");
}
