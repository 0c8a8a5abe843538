//! Bad requests and bad rule packs: each gives a typed error naming the field, never a panic
//! and never a guessed default.

mod breach_common;
use breach_common::*;
use mamori::breach::{self, RulePack};
use mamori::{Error, ErrorCode};
use serde_json::json;

/// Assert `assess_json` fails with InvalidInput at `path` (message containing `msg`).
fn rejects(json: &str, path: &str, msg: &str) {
    match breach::assess_json(json) {
        Err(Error::InvalidInput { path: p, message }) => {
            assert_eq!(p, path, "message: {message}");
            assert!(
                message.contains(msg),
                "expected `{msg}` in `{message}` (path {p})"
            );
        }
        other => panic!("expected InvalidInput at {path}, got {other:?}"),
    }
}

fn rejects_v(v: serde_json::Value, path: &str, msg: &str) {
    rejects(&v.to_string(), path, msg)
}

#[test]
fn malformed_json() {
    let e = breach::assess_json("{\"schema\": ").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let e = breach::assess_json("").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let e = breach::assess_json("[]").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[test]
fn wrong_schema_is_rejected() {
    rejects_v(
        with(base(), "schema", json!("mamori.assess.v2")),
        "schema",
        "mamori.assess.v1",
    );
}

#[test]
fn unknown_enum_values_name_the_field() {
    rejects_v(
        with(base(), "organisation.type", json!("company")),
        "organisation.type",
        "unknown variant",
    );
    rejects_v(
        with(base(), "organisation.role", json!("owner")),
        "organisation.role",
        "unknown variant",
    );
    rejects_v(
        with(base(), "incident.kind", json!("burglary")),
        "incident.kind",
        "unknown variant",
    );
    rejects_v(
        with(base(), "data.risk", json!("medium")),
        "data.risk",
        "unknown variant",
    );
}

#[test]
fn negative_and_non_integer_counts_name_the_key() {
    rejects_v(
        with(base(), "data.persons.JP", json!(-5)),
        "data.persons.JP",
        "-5",
    );
    rejects_v(
        with(base(), "data.persons.EU", json!(1.5)),
        "data.persons.EU",
        "",
    );
    rejects_v(
        with(base(), "data.persons.JP", json!("1200")),
        "data.persons.JP",
        "",
    );
}

#[test]
fn timestamps_need_an_offset() {
    rejects_v(
        with(base(), "incident.aware_at", json!("2026-12-03T10:15:00")),
        "incident.aware_at",
        "",
    );
    rejects_v(
        with(base(), "incident.aware_at", json!("2026-12-03")),
        "incident.aware_at",
        "",
    );
    rejects_v(
        with(base(), "incident.aware_at", json!("yesterday")),
        "incident.aware_at",
        "",
    );
    rejects_v(
        with(base(), "incident.assessed_at", json!("2026-12-04 10:00")),
        "incident.assessed_at",
        "",
    );
}

#[test]
fn out_of_range_dates_are_rejected() {
    rejects_v(
        with(
            base(),
            "incident.aware_at",
            json!("1999-12-31T00:00:00+09:00"),
        ),
        "incident.aware_at",
        "outside the supported range",
    );
    rejects_v(
        with(
            base(),
            "incident.aware_at",
            json!("9999-12-31T23:59:59+14:00"),
        ),
        "incident.aware_at",
        "outside the supported range",
    );
    rejects_v(
        with(
            base(),
            "incident.assessed_at",
            json!("2026-12-01T00:00:00+09:00"),
        ),
        "incident.assessed_at",
        "earlier than",
    );
}

#[test]
fn unknown_and_missing_fields() {
    rejects_v(
        with(base(), "data.sensitiv", json!(true)),
        "data.sensitiv",
        "unknown field",
    );
    rejects_v(
        with(base(), "organisation.country", json!("JP")),
        "organisation.country",
        "unknown field",
    );
    let mut v = base();
    v["incident"].as_object_mut().unwrap().remove("kind");
    rejects_v(v, "incident", "missing field `kind`");
    let mut v = base();
    v.as_object_mut().unwrap().remove("data");
    rejects_v(v, "$", "missing field `data`");
}

#[test]
fn wrong_types_for_tri_state_facts() {
    rejects_v(
        with(base(), "data.sensitive", json!("yes")),
        "data.sensitive",
        "",
    );
    rejects_v(
        with(
            base(),
            "data.protection",
            json!({"algorithm": "AES", "key_separated": 1}),
        ),
        "data.protection.key_separated",
        "",
    );
    rejects_v(
        with(base(), "data.protection", json!({"key_separated": true})),
        "data.protection",
        "missing field `algorithm`",
    );
}

#[test]
fn malformed_jurisdiction_codes() {
    rejects_v(
        with(base(), "organisation.established_in", json!(["jp"])),
        "organisation.established_in[0]",
        "jurisdiction code",
    );
    rejects_v(
        with(base(), "data.persons", json!({"": 3})),
        "data.persons",
        "jurisdiction code",
    );
}

#[test]
fn typed_api_validates_schema_too() {
    let mut req = breach::parse_request(&base().to_string()).unwrap();
    req.schema = "other".into();
    match breach::assess(&req) {
        Err(Error::InvalidInput { path, .. }) => assert_eq!(path, "schema"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn garbage_never_panics() {
    let samples = [
        "null",
        "1",
        "\"x\"",
        "{}",
        "{\"schema\":\"mamori.assess.v1\"}",
        "{\"schema\":\"mamori.assess.v1\",\"organisation\":null}",
        "\u{feff}{}",
        "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    ];
    for s in samples {
        assert!(breach::assess_json(s).is_err(), "{s}");
    }
}

// ---- Rule packs -----------------------------------------------------------------------------

fn pack_err(json: &str) -> (String, String) {
    match RulePack::from_json(json) {
        Err(Error::RulePack { path, message }) => (path, message),
        other => panic!("expected a RulePack error, got {other:?}"),
    }
}

fn minimal_rule() -> serde_json::Value {
    json!({
        "id": "acme.internal.ciso",
        "jurisdiction": "JP",
        "recipient": "controller",
        "offset": "+09:00",
        "scope": {"const": true},
        "triggers": [{"id": "any", "when": {"fact": "data.persons.*", "gt": 0}, "reason": "{data.persons.*} persons affected."}],
        "deadline": {"kind": "hours", "hours": 24},
        "basis": "ACME policy 7.2",
        "verification": "confirmed"
    })
}

fn pack_with(rules: Vec<serde_json::Value>) -> serde_json::Value {
    json!({"schema": "mamori.rulepack.v1", "id": "acme", "version": "1", "rules": rules})
}

#[test]
fn host_pack_loads_and_assesses() {
    let p = RulePack::from_json(&pack_with(vec![minimal_rule()]).to_string()).unwrap();
    let req = breach::parse_request(&base().to_string()).unwrap();
    let a = p.assess(&req).unwrap();
    assert_eq!(a.rules_version, "acme@1");
    assert_eq!(a.obligations.len(), 1);
    assert_eq!(a.obligations[0].status, Required);
    assert_eq!(a.obligations[0].reasons, ["10 persons affected."]);
    // 3 Dec 2026 10:15 +09:00 + 24 h.
    assert_eq!(
        deadline(&a, "acme.internal.ciso"),
        "2026-12-04T10:15:00+09:00"
    );
}

#[test]
fn host_pack_with_business_days_on_its_own_calendar() {
    let mut rule = minimal_rule();
    rule["deadline"] = json!({"kind": "business_days", "days": 2, "calendar": "acme_office"});
    let mut pack = pack_with(vec![rule]);
    pack["calendars"] =
        json!({"acme_office": {"weekends_closed": true, "closed_dates": ["2026-12-04"]}});
    let p = RulePack::from_json(&pack.to_string()).unwrap();
    let a = p
        .assess(&breach::parse_request(&base().to_string()).unwrap())
        .unwrap();
    // Thu 3 Dec; Fri 4 Dec closed (listed), Sat/Sun closed → Mon 7 (1), Tue 8 (2).
    assert_eq!(
        deadline(&a, "acme.internal.ciso"),
        "2026-12-08T23:59:59+09:00"
    );
}

#[test]
fn malformed_packs_name_the_path() {
    let set = |path: &str, v: serde_json::Value| {
        let mut r = minimal_rule();
        let mut cur = &mut r;
        let parts: Vec<&str> = path.split('.').collect();
        for p in &parts[..parts.len() - 1] {
            cur = cur.get_mut(*p).unwrap();
        }
        cur[parts[parts.len() - 1]] = v;
        pack_with(vec![minimal_rule(), minimal_rule(), minimal_rule(), r]).to_string()
    };
    let cases = [
        (
            set("deadline.hours", json!(0)),
            "rules[3].deadline.hours",
            "between",
        ),
        (
            set("deadline.hours", json!(-1)),
            "rules[3].deadline.hours",
            "",
        ),
        (
            set(
                "deadline",
                json!({"kind": "calendar_days", "days": 0, "first_day_inclusive": true}),
            ),
            "rules[3].deadline.days",
            "between",
        ),
        (
            set(
                "deadline",
                json!({"kind": "calendar_days", "days": 30, "first_day_inclusive": true, "roll_forward": "mars"}),
            ),
            "rules[3].deadline.roll_forward",
            "unknown calendar",
        ),
        (
            set("deadline", json!({"kind": "fortnight"})),
            "rules[3].deadline.kind",
            "unknown variant",
        ),
        (
            set("deadline", json!({"kind": "hours", "days": 3})),
            "rules[3].deadline.days",
            "not used",
        ),
        (
            set("deadline", json!({"kind": "calendar_days", "days": 3})),
            "rules[3].deadline.first_day_inclusive",
            "missing",
        ),
        (
            set(
                "deadline",
                json!({"kind": "window", "target_days": 5, "latest_days": 3, "first_day_inclusive": true}),
            ),
            "rules[3].deadline.latest_days",
            "",
        ),
        (set("offset", json!("JST")), "rules[3].offset", "UTC offset"),
        (
            set("recipient", json!("press")),
            "rules[3].recipient",
            "unknown variant",
        ),
        (
            set("verification", json!("maybe")),
            "rules[3].verification",
            "unknown variant",
        ),
        (set("id", json!("Bad Id")), "rules[3].id", ""),
        (set("basis", json!(" ")), "rules[3].basis", "empty"),
        (
            set("scope", json!({"fact": "data.colour", "is": true})),
            "rules[3].scope.fact",
            "unknown fact",
        ),
        (set("scope", json!({})), "rules[3].scope", "exactly one"),
        (
            set("scope", json!({"all": []})),
            "rules[3].scope.all",
            "empty",
        ),
        (
            set(
                "scope",
                json!({"any": [{"const": true}, {"fact": "data.sensitive", "gt": 3}]}),
            ),
            "rules[3].scope.any[1]",
            "yes/no",
        ),
        (
            set(
                "scope",
                json!({"fact": "organisation.type", "eq": "company"}),
            ),
            "rules[3].scope.eq",
            "unknown value",
        ),
        (
            set("scope", json!({"fact": "data.risk", "in": ["low"]})),
            "rules[3].scope.in[0]",
            "unknown value",
        ),
        (
            set("scope", json!({"fact": "data.persons.JP", "is": true})),
            "rules[3].scope",
            "count",
        ),
        (
            set(
                "scope",
                json!({"fact": "data.sensitive", "is": true, "colour": "red"}),
            ),
            "rules[3].scope.colour",
            "unknown field",
        ),
        (
            set(
                "triggers",
                json!([{"id": "x", "when": {"const": true}, "reason": "{data.nope}"}]),
            ),
            "rules[3].triggers[0].reason",
            "unknown fact",
        ),
        (
            set(
                "triggers",
                json!([{"id": "x", "when": {"const": true}, "reason": "open {brace"}]),
            ),
            "rules[3].triggers[0].reason",
            "unclosed",
        ),
        (
            set("effective_from", json!("2026-13-01")),
            "rules[3].effective_from",
            "",
        ),
    ];
    for (json, path, msg) in cases {
        let (p, m) = pack_err(&json);
        assert_eq!(p, path, "message: {m}");
        assert!(m.contains(msg), "expected `{msg}` in `{m}`");
    }
}

#[test]
fn pack_level_errors() {
    let (p, _) = pack_err("not json");
    assert_eq!(p, "$");
    let mut pk = pack_with(vec![minimal_rule()]);
    pk["schema"] = json!("mamori.rulepack.v9");
    assert_eq!(pack_err(&pk.to_string()).0, "schema");
    assert_eq!(pack_err(&pack_with(vec![]).to_string()).0, "rules");
    let mut pk = pack_with(vec![minimal_rule()]);
    pk["calendars"] = json!({"jp_admin": {}});
    assert_eq!(pack_err(&pk.to_string()).0, "calendars.jp_admin");
    let mut pk = pack_with(vec![minimal_rule()]);
    pk["calendars"] = json!({"x": {"closed_dates": ["2026-02-30"]}});
    assert!(
        pack_err(&pk.to_string())
            .0
            .starts_with("calendars.x.closed_dates")
    );
    let mut other = minimal_rule();
    other["recipient"] = json!("regulator");
    let (p, m) = pack_err(&pack_with(vec![minimal_rule(), other]).to_string());
    assert_eq!(p, "rules[1].id", "{m}");
    let mut r = minimal_rule();
    r["effective_from"] = json!("2026-01-01");
    r["effective_to"] = json!("2025-01-01");
    assert_eq!(
        pack_err(&pack_with(vec![r]).to_string()).0,
        "rules[0].effective_to"
    );
    assert_eq!(
        RulePack::from_json(&pack_with(vec![minimal_rule()]).to_string())
            .map(|_| ())
            .map_err(|e| e.code()),
        Ok(())
    );
}

#[test]
fn default_pack_round_trips_from_its_json() {
    let p = RulePack::from_json(breach::DEFAULT_PACK_JSON).unwrap();
    assert_eq!(p.rules_version(), RulePack::default_pack().rules_version());
}

mod fuzzish {
    use super::*;
    use proptest::prelude::*;

    fn leaf() -> impl Strategy<Value = serde_json::Value> {
        prop_oneof![
            Just(json!(null)),
            any::<bool>().prop_map(|b| json!(b)),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            "[a-zA-Z0-9_:+\\-. ]{0,24}".prop_map(|s| json!(s)),
            Just(json!([])),
            Just(json!({})),
        ]
    }

    const PATHS: &[&str] = &[
        "schema",
        "organisation.type",
        "organisation.role",
        "organisation.established_in",
        "organisation.hipaa_covered",
        "incident.kind",
        "incident.aware_at",
        "incident.assessed_at",
        "incident.recovered_unviewed",
        "data.persons",
        "data.persons.JP",
        "data.persons.US-CA",
        "data.sensitive",
        "data.malicious",
        "data.risk",
        "data.protection",
        "data.protection.algorithm",
        "data.protection.key_separated",
        "report",
        "report.summary",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn mutated_requests_never_panic_and_errors_name_a_field(
            i in 0..PATHS.len(), v in leaf()
        ) {
            let req = with(base(), PATHS[i], v);
            match breach::assess_json(&req.to_string()) {
                Ok(out) => {
                    let a: mamori::breach::Assessment = serde_json::from_str(&out).unwrap();
                    prop_assert_eq!(a.schema, "mamori.assessment.v1");
                }
                Err(Error::InvalidInput { path, .. }) => prop_assert!(!path.is_empty()),
                Err(other) => prop_assert!(false, "unexpected error {other:?}"),
            }
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
            let _ = breach::assess_json(&s);
            let _ = RulePack::from_json(&s);
        }
    }
}
