//! The response plan of a host pack built to exercise what the pack's load prepares for the
//! plan (issue 25 item 6): each rule's plan group shared by pointer, the rules of one group in
//! the same jurisdiction under different ids (the jurisdiction is listed once, whichever of
//! them applies), groups whose rules apply with gaps between them, stages, and missing person
//! counts. Every answer's plan is checked against a reference worked out from its full
//! obligations, and the JSON writer against `serde_json` over the typed answer.

use mamori::breach::{self, Assessment, ObligationStatus, RulePack};
use serde_json::{Value, json};

fn rule(id: &str, jurisdiction: &str, recipient: &str, count: &str, gt: u64) -> Value {
    json!({
        "id": id,
        "jurisdiction": jurisdiction,
        "recipient": recipient,
        "scope": {"fact": format!("data.persons.{count}"), "gt": gt},
        "triggers": [{"id": "any", "when": {"fact": "data.sensitive", "is": true},
                      "reason": "Sensitive data."}],
        "deadline": {"kind": "calendar_days", "days": 10 + gt as u32, "first_day_inclusive": false},
        "offset": "+09:00",
        "basis": "ACME policy",
        "verification": "confirmed"
    })
}

fn pack() -> RulePack {
    let rules = vec![
        rule("acme.a", "JP", "regulator", "JP", 5),
        rule("acme.b", "KR", "regulator", "KR", 0),
        // Same group and jurisdiction as `acme.a` under another id.
        rule("acme.c", "JP", "regulator", "JP", 0),
        rule("acme.d", "SG", "individuals", "SG", 0),
        rule("acme.e", "JP", "regulator", "JP", 20),
        rule("acme.f", "SG", "regulator", "SG", 0),
        rule("acme.report.preliminary", "JP", "regulator", "JP", 0),
        rule("other.x", "KR", "regulator", "KR", 3),
        rule("acme.g", "KR", "regulator", "KR", 9),
    ];
    RulePack::from_json(
        &json!({"schema": "mamori.rulepack.v1", "id": "acme", "version": "1", "rules": rules})
            .to_string(),
    )
    .unwrap()
}

fn request(persons: &Value, sensitive: Value, lang: &str) -> String {
    json!({
        "schema": "mamori.assess.v1",
        "lang": lang,
        "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
        "incident": {"kind": "loss", "aware_at": "2026-12-03T10:15:00+09:00"},
        "data": {"persons": persons, "sensitive": sensitive}
    })
    .to_string()
}

/// The plan's groups as the reference sees them: (key, rules, jurisdictions, required,
/// possible, worst status), in first-appearance order.
type Group = (String, Vec<String>, Vec<String>, u32, u32, ObligationStatus);

fn reference(a: &Assessment) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for o in &a.obligations {
        if o.status == ObligationStatus::NotRequired {
            continue;
        }
        let family = o.id.split('.').next().unwrap();
        let last = o.id.rsplit('.').next().unwrap();
        let recipient = serde_json::to_value(o.recipient).unwrap();
        let mut key = format!("{family}:{}", recipient.as_str().unwrap());
        if ["preliminary", "final", "initial"].contains(&last) {
            key = format!("{key}:{last}");
        }
        let i = match groups.iter().position(|g| g.0 == key) {
            Some(i) => i,
            None => {
                groups.push((key, vec![], vec![], 0, 0, ObligationStatus::NotRequired));
                groups.len() - 1
            }
        };
        let g = &mut groups[i];
        g.1.push(o.id.to_string());
        if !g.2.iter().any(|j| *j == *o.jurisdiction) {
            g.2.push(o.jurisdiction.to_string());
        }
        match o.status {
            ObligationStatus::Required => g.3 += 1,
            _ => g.4 += 1,
        }
        g.5 = g.5.min(o.status);
    }
    groups.sort_by(|x, y| x.0.cmp(&y.0));
    groups
}

#[test]
fn host_pack_plans_match_their_obligations_and_serde() {
    let p = pack();
    let counts = [json!(0), json!(3), json!(10), json!(30), Value::Null];
    let mut seen_dup = false;
    let mut seen_gap = false;
    let mut buf = p
        .assess(&breach::parse_request(&request(&json!({}), json!(true), "en")).unwrap())
        .unwrap();
    for jp in &counts {
        for kr in [None, Some(json!(2)), Some(json!(12)), Some(Value::Null)] {
            for sg in [None, Some(json!(1))] {
                for sensitive in [json!(true), Value::Null] {
                    for lang in ["en", "ja"] {
                        let mut persons = json!({"JP": jp});
                        if let Some(k) = &kr {
                            persons["KR"] = k.clone();
                        }
                        if let Some(s) = &sg {
                            persons["SG"] = s.clone();
                        }
                        let text = request(&persons, sensitive.clone(), lang);
                        let req = breach::parse_request(&text).unwrap();
                        let a = p.assess(&req).unwrap();
                        // The JSON writer (borrowed plan) and serde over the typed plan agree,
                        // and a reused answer gives the same.
                        let json = breach::assess_json_with(&p, &text).unwrap();
                        assert_eq!(json, serde_json::to_string(&a).unwrap(), "{text}");
                        p.assess_into(&req, &mut buf).unwrap();
                        assert_eq!(buf, a, "{text}");
                        let mut plain = req.clone();
                        plain.detail = Some(breach::Detail::Plan);
                        let short = serde_json::to_value(p.assess(&plain).unwrap()).unwrap();
                        let full = serde_json::to_value(&a).unwrap();
                        assert_eq!(short["plan"], full["plan"], "{text}");

                        let plan = a.plan.as_ref().unwrap();
                        let mut got: Vec<Group> = plan
                            .groups
                            .iter()
                            .map(|g| {
                                (
                                    g.key.to_string(),
                                    g.rules.iter().map(|r| r.to_string()).collect(),
                                    g.jurisdictions.iter().map(|j| j.to_string()).collect(),
                                    g.required,
                                    g.possible,
                                    g.status,
                                )
                            })
                            .collect();
                        got.sort_by(|x, y| x.0.cmp(&y.0));
                        assert_eq!(got, reference(&a), "{text}");
                        for g in &plan.groups {
                            let n = g.jurisdictions.len();
                            if n > 1 {
                                let count = n.to_string();
                                assert!(g.title.contains(&count), "{}", g.title);
                            } else {
                                assert!(g.title.contains(g.jurisdictions[0].as_str()));
                            }
                            // Each group's missing facts are among the answer's, sorted.
                            for f in &g.missing_facts {
                                assert!(a.missing_facts.contains(f), "{f} {text}");
                            }
                            assert!(g.missing_facts.is_sorted());
                            assert_eq!(g.settle.len(), g.missing_facts.len());
                            if g.rules.len() > g.jurisdictions.len() {
                                seen_dup = true;
                            }
                        }
                        // Together the groups name every missing fact of the answer.
                        let mut all: Vec<String> = plan
                            .groups
                            .iter()
                            .flat_map(|g| g.missing_facts.iter().cloned())
                            .collect();
                        all.sort();
                        all.dedup();
                        assert_eq!(all, a.missing_facts, "{text}");
                        let applies = |id: &str| {
                            a.obligations
                                .iter()
                                .any(|o| o.id == id && o.status != ObligationStatus::NotRequired)
                        };
                        if applies("acme.b") && !applies("acme.c") && applies("acme.f") {
                            seen_gap = true;
                        }
                    }
                }
            }
        }
    }
    // The cases the pack was built for did occur.
    assert!(seen_dup && seen_gap);
}
