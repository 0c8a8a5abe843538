//! Language of the reasons (`lang`): every rule text of the default pack exists in English and
//! Japanese, `lang: "ja"` gives Japanese reasons naming 個人情報保護委員会, `lang: "en"` (or no
//! `lang`) gives the English ones, anything else is refused naming `lang`.

use mamori::Error;
use mamori::breach::{self, ObligationStatus};
use serde_json::Value;

const TEXT_FIELDS: &[&str] = &[
    "title",
    "scope_reason",
    "no_trigger_reason",
    "reason",
    "reason_unknown",
    "reason_false",
];

fn check_texts(v: &Value, path: &str, problems: &mut Vec<String>) {
    let bilingual = |t: &Value| {
        ["en", "ja"].iter().all(|l| {
            t.get(l)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.trim().is_empty())
        })
    };
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{path}.{k}");
                if TEXT_FIELDS.contains(&k.as_str()) {
                    if !bilingual(x) {
                        problems.push(p);
                    }
                } else if k == "notes" {
                    for (i, n) in x.as_array().into_iter().flatten().enumerate() {
                        // A conditional note is `{"when": ..., "text": <text>}`.
                        let n = n.get("text").unwrap_or(n);
                        if !bilingual(n) {
                            problems.push(format!("{p}[{i}]"));
                        }
                    }
                } else {
                    check_texts(x, &p, problems);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                check_texts(x, &format!("{path}[{i}]"), problems);
            }
        }
        _ => {}
    }
}

#[test]
fn every_text_of_every_default_rule_has_english_and_japanese() {
    let doc: Value = serde_json::from_str(breach::DEFAULT_PACK_JSON).unwrap();
    let rules = doc["rules"].as_array().unwrap();
    assert!(rules.len() >= 50);
    let mut problems = Vec::new();
    for (i, r) in rules.iter().enumerate() {
        check_texts(
            r,
            &format!("rules[{i}]({})", r["id"].as_str().unwrap_or("?")),
            &mut problems,
        );
    }
    assert!(
        problems.is_empty(),
        "texts without both en and ja: {problems:#?}"
    );
}

fn lost_phone(lang: Option<&str>) -> String {
    let mut v: Value =
        serde_json::from_str(include_str!("../examples/requests/lost_phone_1200.json")).unwrap();
    if let Some(l) = lang {
        v["lang"] = Value::String(l.into());
    }
    v.to_string()
}

fn has_kana_or_kanji(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn lost_phone_in_japanese_names_the_ppc() {
    let req = breach::parse_request(&lost_phone(Some("ja"))).unwrap();
    let a = breach::assess(&req).unwrap();
    let pre = a
        .obligations
        .iter()
        .find(|o| o.id == "jp.appi.ppc.preliminary")
        .unwrap();
    assert_eq!(pre.status, ObligationStatus::Required);
    assert!(
        pre.reasons
            .iter()
            .any(|r| r.contains("個人情報保護委員会への漏えい等報告")),
        "{:#?}",
        pre.reasons
    );
    assert!(
        pre.reasons
            .iter()
            .any(|r| r.contains("本人の数が1,000人を超える") && r.contains("1200"))
    );
    for o in a.obligations.iter().filter(|o| o.jurisdiction == "JP") {
        for r in &o.reasons {
            assert!(has_kana_or_kanji(r), "{}: {r}", o.id);
            assert!(!r.contains("regulator"), "{}: {r}", o.id);
        }
    }
    // The engine's own phrases (deadline counting) are Japanese too.
    let fin = a
        .obligations
        .iter()
        .find(|o| o.id == "jp.appi.ppc.final")
        .unwrap();
    assert!(
        fin.reasons.iter().any(|r| r.starts_with("期間の計算: 1日目 = 2026-12-03（+09:00、事態を知った日）; 30日目 = 2027-01-01（閉庁日のため、翌開庁日の2027-01-04に繰り下げ）。")),
        "{:#?}",
        fin.reasons
    );
    // Statuses, deadlines and missing facts do not depend on the language.
    let en = breach::assess(&breach::parse_request(&lost_phone(None)).unwrap()).unwrap();
    assert_eq!(en.missing_facts, a.missing_facts);
    for (x, y) in en.obligations.iter().zip(&a.obligations) {
        assert_eq!((&x.id, x.status, &x.due), (&y.id, y.status, &y.due));
        assert_eq!(x.reasons.len(), y.reasons.len(), "{}", x.id);
    }
}

#[test]
fn english_is_the_default_and_unchanged() {
    let none = breach::assess_json(&lost_phone(None)).unwrap();
    let en = breach::assess_json(&lost_phone(Some("en"))).unwrap();
    assert_eq!(none, en);
    assert!(en.contains("Counting: day 1 = 2026-12-03 (+09:00, the day of awareness); day 30 = 2027-01-01, a closed day, moved forward to 2027-01-04 (the next open day)."));
    assert!(en.contains("APPI applies: organisation.established_in = JP"));
    assert!(!en.contains("個人情報保護委員会への漏えい等報告") && !en.contains("期間の計算"));
}

#[test]
fn other_languages_are_refused_naming_lang() {
    for bad in ["fr", "JA", "", "en-US"] {
        match breach::assess_json(&lost_phone(Some(bad))) {
            Err(Error::InvalidInput { path, .. }) => assert_eq!(path, "lang", "{bad}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
}

#[test]
fn lang_reaches_the_c_abi() {
    use std::ffi::{CStr, CString};
    let req = CString::new(lost_phone(Some("ja"))).unwrap();
    let mut out = std::ptr::null_mut();
    // SAFETY: valid NUL-terminated request and out-pointer.
    let rc = unsafe { mamori::ffi::mamori_assess(req.as_ptr(), &mut out) };
    assert_eq!(rc as i32, 0);
    // SAFETY: `out` is a NUL-terminated string from the library.
    let json = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
    // SAFETY: from the library, freed once.
    unsafe { mamori::ffi::mamori_string_free(out) };
    assert!(json.contains("個人情報保護委員会への漏えい等報告"));
    assert_eq!(json, breach::assess_json(&lost_phone(Some("ja"))).unwrap());
}
