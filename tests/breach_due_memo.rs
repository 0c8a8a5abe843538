//! A host pack whose rules differ only in their thresholds and deadlines (days, zone, first-day
//! rule, anchor, an override): the engine's per-request memo of computed deadlines, keyed by
//! the pack's number of each distinct (deadline, zone) pair, must give every obligation the
//! due time it has when its rule is assessed alone.

use mamori::breach::{self, RulePack};
use serde_json::{Value, json};

fn rule(id: &str, gt: u64, deadline: Value, zone: (&str, &str)) -> Value {
    let mut r = json!({
        "id": id,
        "jurisdiction": "JP",
        "recipient": "regulator",
        "scope": {"fact": "data.persons.JP", "gt": gt},
        "triggers": [{"id": "any", "when": {"fact": "data.persons.JP", "gt": gt},
                      "reason": "{data.persons.JP} persons affected."}],
        "deadline": deadline,
        "basis": "ACME policy",
        "verification": "confirmed"
    });
    r[zone.0] = json!(zone.1);
    r
}

fn rules() -> Vec<Value> {
    let tokyo = ("offset", "+09:00");
    let ny = ("zone", "America/New_York");
    let cal = |days: u32, inclusive: bool| json!({"kind": "calendar_days", "days": days, "first_day_inclusive": inclusive});
    let mut with_override = rule(
        "acme.sensitive",
        0,
        json!({"kind": "hours", "hours": 72}),
        tokyo,
    );
    with_override["overrides"] = json!([{
        "when": {"fact": "data.sensitive", "is": true},
        "deadline": cal(30, false),
        "reason": "30 days when sensitive."
    }]);
    vec![
        rule("acme.a", 0, cal(30, false), tokyo),
        rule("acme.b", 1, cal(30, false), ny),
        rule("acme.c", 2, cal(45, false), tokyo),
        rule("acme.d", 3, cal(30, true), tokyo),
        rule("acme.e", 4, json!({"kind": "hours", "hours": 72}), tokyo),
        rule(
            "acme.f",
            5,
            json!({"kind": "hours", "hours": 72}),
            ("offset", "-05:00"),
        ),
        rule(
            "acme.g",
            6,
            json!({"kind": "calendar_days", "days": 30, "first_day_inclusive": false,
                   "anchor": "assessed_at"}),
            tokyo,
        ),
        with_override,
        rule("acme.h", 7, cal(45, false), ny),
    ]
}

fn pack(rules: Vec<Value>) -> RulePack {
    RulePack::from_json(
        &json!({"schema": "mamori.rulepack.v1", "id": "acme", "version": "1", "rules": rules})
            .to_string(),
    )
    .unwrap()
}

fn request(sensitive: bool, assessed_at: bool) -> breach::AssessRequest {
    let mut r = json!({
        "schema": "mamori.assess.v1",
        "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
        "incident": {"kind": "loss", "aware_at": "2026-12-03T10:15:00+09:00"},
        "data": {"persons": {"JP": 10}, "sensitive": sensitive}
    });
    if assessed_at {
        r["incident"]["assessed_at"] = json!("2026-12-05T18:00:00+09:00");
    }
    breach::parse_request(&r.to_string()).unwrap()
}

/// Each obligation's `due` as JSON, by rule id.
fn dues(p: &RulePack, req: &breach::AssessRequest) -> Vec<(String, Value)> {
    let a = serde_json::to_value(p.assess(req).unwrap()).unwrap();
    a["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["id"].as_str().unwrap().to_string(), o["due"].clone()))
        .collect()
}

#[test]
fn each_rule_gets_the_due_time_it_has_alone() {
    let all = pack(rules());
    for (sensitive, assessed_at) in [(true, true), (false, true), (true, false), (false, false)] {
        let req = request(sensitive, assessed_at);
        let together = dues(&all, &req);
        assert_eq!(together.len(), rules().len());
        for (r, (id, due)) in rules().into_iter().zip(&together) {
            let alone = dues(&pack(vec![r]), &req);
            assert_eq!(alone.len(), 1);
            assert_eq!(&alone[0].0, id);
            assert_eq!(
                &alone[0].1, due,
                "{id} (sensitive {sensitive}, assessed_at {assessed_at})"
            );
        }
        // The pairs really differ: 9 rules, 8 distinct due times; `acme.sensitive` shares
        // `acme.a`'s (its override) or `acme.e`'s (its own), and without `assessed_at`
        // `acme.g` counts from `aware_at` like `acme.a`.
        let mut distinct: Vec<String> = together.iter().map(|(_, d)| d.to_string()).collect();
        distinct.sort();
        distinct.dedup();
        let want = if assessed_at { 8 } else { 7 };
        assert_eq!(distinct.len(), want, "{together:?}");
    }
}
