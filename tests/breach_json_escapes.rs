//! The JSON writer copies text escaped once when the pack is loaded (each rule's id,
//! jurisdiction and basis; the literal text of every reason template, English and Japanese)
//! and escapes only the request's facts where it writes them. A host pack whose texts need
//! every kind of JSON escape — quotes, backslashes, control characters, non-ASCII beside
//! them, a fact right after an escape — must give, through `assess_json_with`, exactly the
//! bytes of serialising the typed answer, for requests whose facts need escaping too.

use mamori::breach::{self, RulePack};
use serde_json::{Value, json};

/// Text with every escape class, at the start, middle and end, and next to multi-byte text.
const NASTY: &str = "\"q\" back\\slash\ttab\nline\r\u{1}\u{1f}\u{7f} 日本語\u{2028}—\"";

fn text(en: &str, ja: &str) -> Value {
    json!({"en": en, "ja": ja})
}

fn rule(id: &str, gt: u64) -> Value {
    json!({
        "id": id,
        "jurisdiction": "JP",
        "recipient": "regulator",
        "scope": {"fact": "data.persons.JP", "gt": gt},
        "scope_reason": text(
            &format!("{NASTY}{{data.persons.JP}}\\{{organisation.established_in}}\"{{data.protection.algorithm}}{NASTY}"),
            &format!("「{NASTY}」{{data.persons.*}}人\"{{data.protection.key_summary}}\\"),
        ),
        "triggers": [
            {"id": "any", "when": {"fact": "data.persons.JP", "gt": gt},
             "reason": format!("{NASTY} at {{incident.aware_at}} {NASTY}")},
            {"id": "sensitive", "when": {"fact": "data.sensitive", "is": true},
             "reason": text(&format!("sensitive{NASTY}"), &format!("要配慮{NASTY}")),
             "reason_false": NASTY}
        ],
        "exemptions": [
            {"id": "enc", "when": {"fact": "data.protection.advanced_encryption", "is": true},
             "reason": text(&format!("{{data.protection.algorithm}}{NASTY}"), NASTY),
             "reason_false": text("no\\{data.protection.key_summary}", "暗号化なし\"")}
        ],
        "deadline": {"kind": "hours", "hours": 72},
        "notes": [text(NASTY, &format!("注{NASTY}")), format!("{{organisation.type}}\"{NASTY}")],
        "basis": format!("Art. \"1\" {NASTY}"),
        "verification": "confirmed",
        "offset": "+09:00"
    })
}

fn pack() -> RulePack {
    let rules = vec![rule("acme.a", 0), rule("acme.b", 5), rule("acme.c", 100)];
    RulePack::from_json(
        &json!({"schema": "mamori.rulepack.v1", "id": "acme", "version": NASTY, "rules": rules})
            .to_string(),
    )
    .unwrap()
}

fn requests() -> Vec<String> {
    let mut out = Vec::new();
    for lang in ["en", "ja"] {
        for protection in [
            Value::Null,
            json!({"algorithm": "AES-\"256\"\\GCM\u{1}日本", "key_separated": null,
                   "key_summary": "key \"in\" a\\vault\n\t末尾",
                   "key_summary_ja": "鍵は\"別\"\\保管"}),
            json!({"algorithm": "AES-256-GCM", "key_separated": true, "remote_wipe": true,
                   "key_summary": "plain"}),
        ] {
            for sensitive in [json!(true), json!(false), Value::Null] {
                for persons in [json!({"JP": 7}), json!({"JP": 1200, "US": null})] {
                    out.push(
                        json!({
                            "schema": "mamori.assess.v1",
                            "lang": lang,
                            "organisation": {"type": "business", "role": "controller",
                                             "established_in": ["JP", "US"]},
                            "incident": {"kind": "loss", "aware_at": "2026-12-03T10:15:00.5+09:00"},
                            "data": {"persons": persons, "sensitive": sensitive,
                                     "protection": protection}
                        })
                        .to_string(),
                    );
                }
            }
        }
    }
    out
}

#[test]
fn pre_escaped_host_pack_texts_give_the_typed_answers_bytes() {
    let p = pack();
    let mut reasons = 0;
    for r in requests() {
        let req = breach::parse_request(&r).unwrap();
        let typed = serde_json::to_string(&p.assess(&req).unwrap()).unwrap();
        let written = breach::assess_json_with(&p, &r).unwrap();
        assert_eq!(written, typed, "{r}");
        // The answer really carries the escaped texts (not a vacuous comparison).
        let v: Value = serde_json::from_str(&written).unwrap();
        for o in v["obligations"].as_array().unwrap() {
            assert!(o["basis"].as_str().unwrap().ends_with(NASTY));
            reasons += o["reasons"].as_array().unwrap().len();
        }
    }
    assert!(reasons > 100, "{reasons}");
}
