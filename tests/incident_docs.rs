//! Issue 16: the tamper-evident incident record (hash chain, recorded_at, corrections), the
//! Japanese-first drafts (漏えい等報告 速報/確報, notices) and the message tables.

use chrono::{DateTime, FixedOffset};
use mamori::breach::{self, IncidentKind, Organisation};
use mamori::incident::*;
use mamori::text::{Lang, message_keys};
use serde_json::json;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn answers(v: serde_json::Value) -> Box<InterviewAnswers> {
    Box::new(serde_json::from_value(v).unwrap())
}

fn org() -> Organisation {
    serde_json::from_value(
        json!({"type": "business", "role": "controller", "established_in": ["JP"]}),
    )
    .unwrap()
}

/// Seed 002: the employee first says the phone went missing on the 13th; on the 15th they
/// admit it was the 12th (after the staff party).
fn seed002() -> Incident {
    let mut inc = Incident::new("INC-2025-014");
    inc.append(Event::new(
        t("2025-06-13T09:10:00+09:00"),
        "sales-tanaka",
        EventData::Reported {
            kind: IncidentKind::Loss,
            device_id: Some("P-001".into()),
            reporter: "sales-tanaka".into(),
            summary: "業務用スマートフォンが見当たらない".into(),
        },
    ))
    .unwrap();
    inc.append(Event::new(
        t("2025-06-13T09:30:00+09:00"),
        "mgr-yamada",
        EventData::InterviewAnswered {
            answers: answers(json!({
                "last_confirmed_at": "2025-06-13T08:00:00+09:00",
                "noticed_missing_at": "2025-06-13T08:50:00+09:00",
                "places_since": ["通勤電車"],
                "stolen_or_dropped": "dropped",
                "data_on_device": [{"description": "顧客の氏名・電話番号（電話帳）",
                    "storage": {"type": "plaintext"}, "persons": {"JP": 1200}}]
            })),
        },
    ))
    .unwrap();
    inc.append(
        Event::new(
            t("2025-06-15T10:00:00+09:00"),
            "mgr-yamada",
            EventData::InterviewAnswered {
                answers: answers(json!({
                    "last_confirmed_at": "2025-06-12T21:30:00+09:00",
                    "noticed_missing_at": "2025-06-12T23:40:00+09:00",
                    "places_since": ["居酒屋", "JR中央線", "タクシー"]
                })),
            },
        )
        .correcting(
            1,
            "本人が、職場の飲み会の後の12日夜に紛失していたと申告を訂正した",
        ),
    )
    .unwrap();
    inc
}

#[test]
fn every_message_key_exists_in_both_languages() {
    let ja = message_keys(Lang::Ja);
    let en = message_keys(Lang::En);
    assert!(ja.len() > 100, "{}", ja.len());
    let only_ja: Vec<_> = ja.iter().filter(|k| !en.contains(k)).collect();
    let only_en: Vec<_> = en.iter().filter(|k| !ja.contains(k)).collect();
    assert!(
        only_ja.is_empty() && only_en.is_empty(),
        "ja only {only_ja:?}, en only {only_en:?}"
    );
    // Both tables parse (an unparsable table would make every key missing).
    for src in [mamori::text::MESSAGES_JA, mamori::text::MESSAGES_EN] {
        let v: serde_json::Value = serde_json::from_str(src).unwrap();
        assert!(v.as_object().unwrap().values().all(|s| s.is_string()));
    }
}

#[test]
fn appended_events_are_chained_and_verify() {
    let inc = seed002();
    assert_eq!(inc.schema, "mamori.incident.v2");
    let c = inc.verify(None);
    assert_eq!(c.status, ChainStatus::Verified, "{c:?}");
    assert_eq!(
        inc.events[0].prev.as_deref(),
        Some(genesis("INC-2025-014").as_str())
    );
    for w in inc.events.windows(2) {
        assert_eq!(w[1].prev, w[0].hash);
    }
    // recorded_at defaults to `at`, and a correction keeps its own recording time.
    assert_eq!(
        inc.events[2].recorded_at,
        Some(t("2025-06-15T10:00:00+09:00"))
    );
    // Round trip through JSON keeps the chain.
    let back = Incident::from_json(&serde_json::to_string(&inc).unwrap()).unwrap();
    assert_eq!(back.verify(inc.head()).status, ChainStatus::Verified);
}

#[test]
fn a_tampered_event_is_caught() {
    let mut inc = seed002();
    // Someone edits the first interview's date in the stored JSON.
    let mut v = serde_json::to_value(&inc).unwrap();
    v["events"][1]["data"]["answers"]["noticed_missing_at"] = json!("2025-06-13T09:00:00+09:00");
    let tampered: Incident = serde_json::from_value(v).unwrap();
    let c = tampered.verify(None);
    assert_eq!(c.status, ChainStatus::Broken);
    assert_eq!(c.first_bad, Some(1));
    assert_eq!(c.problems[0].code, ChainProblemCode::HashMismatch);
    // Changing `at` or `recorded_at` is caught too.
    inc.events[2].recorded_at = Some(t("2025-06-13T10:00:00+09:00"));
    assert_eq!(inc.verify(None).status, ChainStatus::Broken);
}

#[test]
fn a_reordered_or_removed_event_is_caught() {
    let inc = seed002();
    let mut swapped = inc.clone();
    swapped.events.swap(1, 2);
    let c = swapped.verify(None);
    assert_eq!(c.status, ChainStatus::Broken);
    assert!(
        c.problems
            .iter()
            .any(|p| p.code == ChainProblemCode::PrevMismatch)
    );

    let mut removed = inc.clone();
    removed.events.remove(1);
    assert_eq!(removed.verify(None).status, ChainStatus::Broken);

    // Dropping the last event keeps the chain consistent: only the head noted elsewhere
    // catches it.
    let head = inc.head().unwrap().to_string();
    let mut truncated = inc.clone();
    truncated.events.pop();
    assert_eq!(truncated.verify(None).status, ChainStatus::Verified);
    let c = truncated.verify(Some(&head));
    assert_eq!(c.status, ChainStatus::Broken);
    assert_eq!(c.problems[0].code, ChainProblemCode::HeadMismatch);

    // Rehashing a changed event alone still breaks the link to the next one.
    let mut rehashed = inc.clone();
    rehashed.events[1].actor = "someone-else".into();
    rehashed.events[1].hash = Some(event_hash(&rehashed.events[1]).unwrap());
    let c = rehashed.verify(None);
    assert_eq!(c.status, ChainStatus::Broken);
    assert_eq!(c.first_bad, Some(2));
}

#[test]
fn a_v1_log_loads_but_is_unverifiable_never_verified() {
    let v1 = json!({"schema": "mamori.incident.v1", "id": "OLD-1", "events": [
        {"schema": "mamori.incident_event.v1", "at": "2024-01-10T09:00:00+09:00", "actor": "a",
         "data": {"type": "reported", "kind": "loss", "device_id": null, "reporter": "a", "summary": "old"}}
    ]});
    let inc = Incident::from_json(&v1.to_string()).unwrap();
    assert_eq!(inc.state().unwrap().incident_id, "OLD-1");
    let c = verify(&inc, None, Lang::Ja);
    assert_eq!(c.status, ChainStatus::Unverifiable);
    assert!(c.summary.contains("検証不可"), "{}", c.summary);
    assert_eq!(inc.verify(None).status, ChainStatus::Unverifiable);
    // A v2 event pushed without the chain (not through append) is not verified either.
    let mut inc2 = Incident::new("X");
    inc2.events.push(Event::new(
        t("2024-01-10T09:00:00+09:00"),
        "a",
        EventData::Reported {
            kind: IncidentKind::Loss,
            device_id: None,
            reporter: "a".into(),
            summary: "s".into(),
        },
    ));
    assert_eq!(inc2.verify(None).status, ChainStatus::Broken);
}

#[test]
fn chain_canonical_bytes_match_the_documented_definition() {
    // The documented definition, re-implemented independently: sorted keys, no whitespace,
    // without `hash`, SHA-256 lowercase hex.
    use sha2_reimpl::sha256_hex;
    let inc = seed002();
    for e in &inc.events {
        let mut v = serde_json::to_value(e).unwrap();
        v.as_object_mut().unwrap().remove("hash");
        let bytes = sorted(&v);
        assert_eq!(bytes.as_bytes(), canonical_bytes(e).unwrap().as_slice());
        assert_eq!(Some(sha256_hex(bytes.as_bytes())), e.hash);
    }
    fn sorted(v: &serde_json::Value) -> String {
        match v {
            serde_json::Value::Object(m) => {
                let mut ks: Vec<_> = m.iter().collect();
                ks.sort_by(|a, b| a.0.cmp(b.0));
                let parts: Vec<String> = ks
                    .into_iter()
                    .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), sorted(v)))
                    .collect();
                format!("{{{}}}", parts.join(","))
            }
            serde_json::Value::Array(a) => {
                format!("[{}]", a.iter().map(sorted).collect::<Vec<_>>().join(","))
            }
            other => serde_json::to_string(other).unwrap(),
        }
    }
}

mod sha2_reimpl {
    /// Hex SHA-256 through the `sha2` crate (the library's own hashing is reached only through
    /// `canonical_bytes` and the stored hashes).
    pub fn sha256_hex(b: &[u8]) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    }
}

#[test]
fn corrections_are_recorded_and_the_clock_starts_at_the_earliest_awareness() {
    let inc = seed002();
    let st = inc.state().unwrap();
    assert_eq!(st.corrections.len(), 1);
    let c = &st.corrections[0];
    assert_eq!(c.corrects, Some(1));
    assert!(c.changes.iter().any(|ch| ch.field == "last_confirmed_at"));
    assert_eq!(st.aware_at(), t("2025-06-12T23:40:00+09:00"));
    let lines = correction_lines(&st, Lang::Ja);
    let all = lines.join("\n");
    assert!(all.contains("最終確認日時：当初「2025年6月13日 8時00分」と記録、2025年6月15日 10時00分に「2025年6月12日 21時30分」へ訂正"), "{all}");
    assert!(
        all.contains("最も早い覚知時点（2025年6月12日 23時40分）"),
        "{all}"
    );
    let en = correction_lines(&st, Lang::En).join("\n");
    assert!(en.contains("last seen: first recorded as"), "{en}");
    let f = findings_with_corrections(&st, Lang::Ja);
    assert_eq!(f.findings.aware_at, t("2025-06-12T23:40:00+09:00"));
    assert!(!f.corrections.is_empty());

    // A later correction that moves awareness *later* keeps the clock at the earliest.
    let mut later = inc.clone();
    let w = later
        .append(
            Event::new(
                t("2025-06-16T10:00:00+09:00"),
                "mgr-yamada",
                EventData::InterviewAnswered {
                    answers: answers(json!({"noticed_missing_at": "2025-06-13T08:50:00+09:00",
                        "last_confirmed_at": "2025-06-13T08:00:00+09:00"})),
                },
            )
            .correcting(2, "再度の訂正"),
        )
        .unwrap();
    assert!(
        w.iter()
            .any(|w| w.code == WarningCode::AwarenessKeptEarliest),
        "{w:?}"
    );
    assert_eq!(
        later.state().unwrap().aware_at(),
        t("2025-06-12T23:40:00+09:00")
    );

    // The timeline shows when each event was recorded and which it corrects.
    let tl = timeline(&inc).unwrap();
    let row = tl.entries.iter().find(|e| e.seq == 2).unwrap();
    assert_eq!(row.corrects, Some(1));
    assert_eq!(row.recorded_at, t("2025-06-15T10:00:00+09:00"));
    assert!(tl.entries.iter().find(|e| e.seq == 1).unwrap().corrected_by == vec![2]);
}

#[test]
fn bad_corrections_are_refused() {
    let mut inc = seed002();
    let wrong_type = Event::new(
        t("2025-06-15T11:00:00+09:00"),
        "mgr",
        EventData::RemoteLockIssued {
            channel: "MDM".into(),
        },
    )
    .correcting(1, "x");
    assert!(matches!(
        inc.append(wrong_type),
        Err(mamori::Error::InvalidEvent(_))
    ));
    let no_reason = Event::new(
        t("2025-06-15T11:00:00+09:00"),
        "mgr",
        EventData::InterviewAnswered {
            answers: answers(json!({"where_kept": "鞄"})),
        },
    )
    .correcting(1, " ");
    assert!(inc.append(no_reason).is_err());
    let future = Event::new(
        t("2025-06-15T11:00:00+09:00"),
        "mgr",
        EventData::InterviewAnswered {
            answers: answers(json!({"where_kept": "鞄"})),
        },
    )
    .correcting(9, "x");
    assert!(inc.append(future).is_err());
    let reported = Event::new(
        t("2025-06-15T11:00:00+09:00"),
        "mgr",
        EventData::Reported {
            kind: IncidentKind::Loss,
            device_id: None,
            reporter: "a".into(),
            summary: "s".into(),
        },
    )
    .correcting(0, "x");
    assert!(inc.append(reported).is_err());
    assert_eq!(inc.events.len(), 3);
}

fn with_assessment() -> (Incident, breach::Assessment) {
    let mut inc = seed002();
    let st = inc.state().unwrap();
    let link = assess_request(&st, None, &org());
    let a = breach::assess(&link.request).unwrap();
    inc.append(Event::new(
        t("2025-06-15T10:30:00+09:00"),
        "dpo-sato",
        EventData::AssessmentRecorded {
            assessment: Box::new(a.clone()),
        },
    ))
    .unwrap();
    (inc, a)
}

fn request(inc: &Incident, v: serde_json::Value) -> DraftRequest {
    let mut base = json!({"schema": "mamori.draft_request.v1", "incident": inc,
        "now": "2025-06-15T11:00:00+09:00", "organisation_name": "株式会社サンプル"});
    for (k, x) in v.as_object().unwrap() {
        base[k] = x.clone();
    }
    serde_json::from_value(base).unwrap()
}

#[test]
fn preliminary_report_draft_in_japanese_has_the_nine_items() {
    let (inc, _) = with_assessment();
    let d = report_draft(&request(&inc, json!({}))).unwrap();
    assert_eq!(d.schema, "mamori.report_draft.v1");
    assert!(d.draft);
    assert_eq!(d.recipient, "個人情報保護委員会");
    assert_eq!(d.items.len(), 9);
    for name in [
        "概要",
        "漏えい等が発生し、又は発生したおそれがある個人データの項目",
        "本人の数",
        "原因",
        "二次被害又はそのおそれの有無及びその内容",
        "本人への対応の実施状況",
        "公表の実施状況",
        "再発防止のための措置",
        "その他参考となる事項",
    ] {
        assert!(d.text.contains(name), "missing {name}:\n{}", d.text);
    }
    assert!(d.text.contains("【下書き】"));
    assert!(d.text.contains("漏えい等報告（速報）"));
    // Japanese number form (issue 25): 1,200人.
    assert!(d.items[2].text.contains("1,200人"), "{:?}", d.items[2]);
    assert!(
        d.items[0].text.contains("2025年6月12日 21時30分"),
        "{}",
        d.items[0].text
    );
    assert!(d.text.contains("訂正"), "{}", d.text);
    assert!(
        d.deadline.as_deref().unwrap().contains("速報の期限"),
        "{:?}",
        d.deadline
    );
    // Not yet known in the log: harm (no data-access check), notices, publication, prevention.
    assert!(!d.complete);
    assert!(d.missing.contains(&"secondary_harm".to_string()));
    assert_eq!(d.chain_status, ChainStatus::Verified);
    assert!(d.text.contains("記録の検証：改ざんなし"));

    // The final report lists what is missing; once the log has it, it is complete.
    let f = report_draft(&request(&inc, json!({"stage": "final"}))).unwrap();
    assert!(
        f.text.contains("確報には次の項目がまだ不足しています"),
        "{}",
        f.text
    );
    assert!(f.deadline.as_deref().unwrap().contains("確報の期限"));
    let mut done = inc.clone();
    for (at, data) in [
        (
            "2025-06-16T10:00:00+09:00",
            json!({"type": "data_access_checked", "result": "no_access_found"}),
        ),
        (
            "2025-06-17T10:00:00+09:00",
            json!({"type": "customers_notified", "count": 1200, "channel": "letter"}),
        ),
        (
            "2025-06-17T11:00:00+09:00",
            json!({"type": "public_notice", "location": "https://example.jp/news"}),
        ),
        (
            "2025-06-18T10:00:00+09:00",
            json!({"type": "prevention_measure_added", "category": "technical", "description": "顧客連絡先を暗号化保管庫へ移行"}),
        ),
    ] {
        done.append(Event::new(
            t(at),
            "dpo-sato",
            serde_json::from_value(data).unwrap(),
        ))
        .unwrap();
    }
    let f = report_draft(&request(&done, json!({"stage": "final"}))).unwrap();
    assert!(f.complete, "{:?}", f.missing);
    assert!(f.text.contains("全9項目が記入済み"));

    // Delegated authority: the 事業所管大臣.
    let m = report_draft(&request(&inc, json!({"delegated_to": "金融庁長官"}))).unwrap();
    assert_eq!(m.recipient, "事業所管大臣（金融庁長官）");
    // English on request.
    let en = report_draft(&request(&inc, json!({"lang": "en"}))).unwrap();
    assert!(en.text.contains("Number of persons"));
    assert!(
        en.text.contains("概要"),
        "the law's wording stays for the form"
    );
}

#[test]
fn notice_drafts_from_the_same_facts() {
    let (mut inc, _) = with_assessment();
    let letter = notice_draft(&request(&inc, json!({"notice": "customer_letter"}))).unwrap();
    assert!(letter.draft);
    assert!(letter.title.contains("お詫びとお知らせ"));
    assert!(letter.text.contains("株式会社サンプル"));
    assert!(letter.text.contains("顧客の氏名・電話番号"));
    assert!(letter.text.starts_with("【下書き】"));
    let hp = notice_draft(&request(&inc, json!({"notice": "public_notice"}))).unwrap();
    assert!(hp.text.contains("1,200人"), "{}", hp.text);
    let qa = notice_draft(&request(
        &inc,
        json!({"notice": "inquiry_answers", "inquiry_desk": "お客様相談室 0120-000-000"}),
    ))
    .unwrap();
    assert!(qa.text.contains("Q1.") && qa.text.contains("お客様相談室"));
    let fu = notice_draft(&request(&inc, json!({"notice": "follow_up"}))).unwrap();
    assert!(fu.missing.contains(&"leak_determined".to_string()));
    inc.append(Event::new(
        t("2025-06-20T10:00:00+09:00"),
        "dpo-sato",
        EventData::LeakDetermined {
            leaked: vec!["メールアドレス".into()],
            not_leaked: vec!["電話番号".into()],
            note: None,
        },
    ))
    .unwrap();
    let fu = notice_draft(&request(&inc, json!({"notice": "follow_up"}))).unwrap();
    assert!(
        fu.text.contains("漏えいが確認された情報\nメールアドレス"),
        "{}",
        fu.text
    );
    assert!(
        fu.text
            .contains("漏えいしていないことが確認された情報\n電話番号")
    );
    assert!(
        fu.text.contains("訂正"),
        "corrections shown in the follow-up"
    );
    let en = notice_draft(&request(&inc, json!({"notice": "follow_up", "lang": "en"}))).unwrap();
    assert!(en.text.contains("confirmed not to have leaked"));
}
