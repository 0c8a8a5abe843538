//! The default rule pack follows the rule pack's generated JSON Schema (issue 26, round 3),
//! checked by a maintained validator. Moved from `tests/breach_round3.rs` into this package
//! because it needs the `jsonschema` crate (see `tests-ext/Cargo.toml`).

use serde_json::{Value, json};

#[test]
fn the_default_pack_follows_the_rulepack_schema() {
    let schema = serde_json::to_value(mamori::breach::RulePack::json_schema()).unwrap();
    let v = jsonschema::validator_for(&schema).expect("the rule-pack schema compiles");
    let pack: Value = serde_json::from_str(mamori::breach::DEFAULT_PACK_JSON).unwrap();
    let errors: Vec<String> = v
        .iter_errors(&pack)
        .map(|e| e.to_string())
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The new deadline kind is in the schema, and a misspelt field is refused by it too.
    assert!(schema.to_string().contains("after_obligation"));
    let mut bad = pack;
    bad["rules"][0]["deadline"]["obligaton"] = json!("x");
    assert!(!v.is_valid(&bad));
}
