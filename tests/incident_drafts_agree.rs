//! Issue 25 item 1: every statement of the 速報 draft and the notices agrees with the assessment
//! made from the same log and device, for every path of the 高度な暗号化 exemption (applied,
//! a PIN-only vault that is not exempt, plaintext with no vault, nothing required, a range of
//! persons, a key-apart vault beside plaintext data).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use mamori::breach::{self, Assessment, Count, IncidentKind, ObligationStatus, Recipient};
use mamori::device::{Device, DeviceKind, Ownership};
use mamori::incident::*;
use mamori::text::Lang;
use mamori::vault::{KeySource, Manifest};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn manifest(jp: Count, key_separated: bool, remote_wipe: bool) -> Manifest {
    Manifest {
        schema: "mamori.manifest.v3".into(),
        vault_id: "3f9a".into(),
        format_version: 2,
        contacts: jp.max().unwrap_or(jp.min()),
        persons: jp,
        persons_min: jp.min(),
        persons_max: Some(jp.max().unwrap_or(jp.min())),
        persons_by_jurisdiction: BTreeMap::from([("JP".to_string(), jp)]),
        by_tag: BTreeMap::new(),
        sensitive: Some(false),
        intact: true,
        unreadable_records: 0,
        lost: Vec::new(),
        algorithm: "AES-256-GCM".into(),
        kdf: "argon2id".into(),
        kdf_params: None,
        key_separated,
        remote_wipe,
        key_source: if key_separated {
            KeySource::PasscodePlatform
        } else {
            KeySource::Passcode
        },
        key_slots: Vec::new(),
        factor_assurance: None,
        offline_guess_log2: Some(if key_separated { 128 } else { 20 }),
        remote_wipe_declared: false,
        key_summary: if key_separated {
            String::new()
        } else {
            "6-digit PIN only: an attacker with a copy of the file needs ≈ 2^20 Argon2id runs"
                .into()
        },
        key_summary_ja: if key_separated {
            String::new()
        } else {
            "6 桁の PIN のみ：ファイルの複製を持つ攻撃者に約 2^20 回の Argon2id 計算が必要".into()
        },
        warnings: Vec::new(),
        labels_outside_vault: None,
    }
}

fn device(vault: Option<Manifest>) -> Device {
    let mut d = Device::new(
        "P-001",
        DeviceKind::Phone,
        "Galaxy A54 5G",
        Ownership::Company,
    );
    d.serial = Some("R5CW31ABCDE".into());
    d.colour = Some("黒".into());
    d.posture.vault = vault;
    d
}

fn item(storage: DataStorage, persons: &[(&str, u64)]) -> DataItem {
    DataItem {
        description: match storage {
            DataStorage::MamoriVault => "顧客の連絡先（mamori 保管庫）".into(),
            _ => "顧客の氏名・電話番号（端末の電話帳）".into(),
        },
        storage,
        persons: persons
            .iter()
            .map(|(k, n)| (k.to_string(), Some(Count::exact(*n))))
            .collect(),
        sensitive: Some(false),
        financial_risk: Some(false),
    }
}

fn incident(items: Vec<DataItem>, stolen: bool) -> Incident {
    let mut inc = Incident::new("INC-2026-025");
    inc.append(Event::new(
        t("2026-12-03T09:10:00+09:00"),
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
        t("2026-12-03T09:30:00+09:00"),
        "mgr-yamada",
        EventData::InterviewAnswered {
            answers: Box::new(InterviewAnswers {
                // No place recorded: the draft must not print empty parentheses.
                last_confirmed_at: Some(t("2026-12-02T21:30:00+09:00")),
                places_since: Some(vec!["居酒屋".into(), "JR中央線".into()]),
                stolen_or_dropped: Some(if stolen {
                    StolenOrDropped::Stolen
                } else {
                    StolenOrDropped::Dropped
                }),
                data_on_device: Some(items),
                ..Default::default()
            }),
        },
    ))
    .unwrap();
    inc
}

struct Case {
    name: &'static str,
    items: Vec<DataItem>,
    vault: Option<Manifest>,
    stolen: bool,
    /// Item (3) as it must read.
    count: &'static str,
}

fn cases() -> Vec<Case> {
    use DataStorage::*;
    vec![
        Case {
            name: "high-grade encryption applied (platform factor and remote wipe)",
            items: vec![item(MamoriVault, &[])],
            vault: Some(manifest(Count::exact(1200), true, true)),
            stolen: true,
            count: "1,200人",
        },
        Case {
            name: "PIN-only vault: encrypted, not exempt",
            items: vec![item(MamoriVault, &[])],
            vault: Some(manifest(Count::exact(1200), false, false)),
            stolen: false,
            count: "1,200人",
        },
        Case {
            name: "no vault, plaintext",
            items: vec![item(Plaintext, &[("JP", 1500)])],
            vault: None,
            stolen: false,
            count: "1,500人",
        },
        Case {
            name: "nothing required (3 persons, dropped)",
            items: vec![item(Plaintext, &[("JP", 3)])],
            vault: None,
            stolen: false,
            count: "3人",
        },
        Case {
            name: "range count from a PIN-only vault",
            items: vec![item(MamoriVault, &[])],
            vault: Some(manifest(Count::range(9120, Some(10050)), false, false)),
            stolen: false,
            count: "9,120～10,050人（推定）",
        },
        Case {
            name: "key-apart vault beside plaintext data",
            items: vec![item(MamoriVault, &[]), item(Plaintext, &[("JP", 1200)])],
            vault: Some(manifest(Count::exact(800), true, false)),
            stolen: false,
            count: "1,200人",
        },
    ]
}

fn assess(inc: &Incident, dev: &Device) -> Assessment {
    let org: breach::Organisation = serde_json::from_value(
        serde_json::json!({"type": "business", "role": "controller", "established_in": ["JP"]}),
    )
    .unwrap();
    let mut link = assess_request(&inc.state().unwrap(), Some(dev), &org);
    link.request.lang = Some(Lang::Ja);
    breach::assess(&link.request).unwrap()
}

/// Whether `text` affirms 高度な暗号化 (an occurrence that is not a denial or an open question).
fn affirms_advanced(text: &str) -> bool {
    let stripped = text
        .replace("高度な暗号化には当たら", "")
        .replace("高度な暗号化に当たるかは未確定", "");
    stripped.contains("高度な暗号化")
}

/// The engine applied the 高度な暗号化 exemption to the report to the PPC.
fn exemption_applied(a: &Assessment) -> bool {
    a.obligations
        .iter()
        .filter(|o| o.id == "jp.appi.ppc.preliminary")
        .any(|o| {
            o.status == ObligationStatus::NotRequired
                && o.reasons
                    .iter()
                    .any(|r| r.starts_with("適用除外: 高度な暗号化"))
        })
}

fn jp_report_status(a: &Assessment) -> ObligationStatus {
    a.obligations
        .iter()
        .filter(|o| o.jurisdiction == "JP" && o.recipient == Recipient::Regulator)
        .map(|o| o.status)
        .min()
        .unwrap_or(ObligationStatus::NotRequired)
}

fn no_foreign_text(what: &str, text: &str) {
    for bad in [
        "（）",
        "()",
        "[\"",
        "(a range)",
        "persons",
        "unknown",
        "model ",
        "serial ",
        "colour ",
        "true",
        "false",
        "null",
    ] {
        assert!(!text.contains(bad), "{what}: contains {bad:?}:\n{text}");
    }
}

#[test]
fn every_draft_item_agrees_with_its_assessment() {
    for c in cases() {
        let dev = device(c.vault.clone());
        let inc = incident(c.items, c.stolen);
        let a = assess(&inc, &dev);
        let req: DraftRequest = serde_json::from_value(serde_json::json!({
            "schema": DRAFT_REQUEST_SCHEMA,
            "incident": inc,
            "device": dev,
            "assessment": a,
            "lang": "ja",
            "now": "2026-12-03T12:00:00+09:00"
        }))
        .unwrap();
        let d = report_draft(&req).unwrap();
        let applied = exemption_applied(&a);
        let status = jp_report_status(&a);
        let by_key = |k: &str| d.items.iter().find(|i| i.key == k).unwrap().text.clone();

        // (2) The protection statement follows the engine's exemption decision.
        let data = by_key("data_items");
        assert_eq!(
            affirms_advanced(&data),
            applied,
            "{}: item (2) {data:?}, exemption applied: {applied}",
            c.name
        );
        assert!(!affirms_advanced(&d.text) || applied, "{}", c.name);
        if let Some(m) = &c.vault
            && !m.key_separated
            && !m.remote_wipe
        {
            assert!(
                data.contains("高度な暗号化には当たらず"),
                "{}: the draft must say why the PIN-only vault is not exempt: {data}",
                c.name
            );
            assert!(data.contains("パスコードのみ"), "{}: {data}", c.name);
        }
        if c.vault.is_none() {
            assert!(data.contains("暗号化なし"), "{}: {data}", c.name);
        }

        // (3) The head count is the assessment's total, in Japanese form.
        assert_eq!(by_key("affected_count"), c.count, "{}", c.name);
        let engine_total = a
            .jp_report_draft
            .as_ref()
            .and_then(|j| j.items[2].value.clone());
        if let Some(v) = engine_total {
            // The engine's own total names the same bounds.
            let digits: String = c.count.chars().filter(|ch| ch.is_ascii_digit()).collect();
            let engine_digits: String = v.chars().filter(|ch| ch.is_ascii_digit()).collect();
            assert_eq!(digits, engine_digits, "{}: engine says {v}", c.name);
        }

        // The determination matches the statuses of the reports to the PPC.
        let not_required = d.text.contains("報告対象外と判定");
        assert_eq!(
            not_required,
            status == ObligationStatus::NotRequired,
            "{}: status {status:?}\n{}",
            c.name,
            d.text
        );
        assert_eq!(
            d.deadline.is_some(),
            status != ObligationStatus::NotRequired
        );

        // No English, raw JSON or empty parentheses in the Japanese text.
        no_foreign_text(c.name, &d.text);
        let letter = notice_draft(&req).unwrap();
        no_foreign_text(c.name, &letter.text);
        assert_eq!(affirms_advanced(&letter.text), applied, "{}", c.name);
    }
}

#[test]
fn counts_are_in_the_languages_number_form() {
    assert_eq!(fmt_count(Lang::Ja, Count::exact(1200)), "1,200人");
    assert_eq!(
        fmt_count(Lang::Ja, Count::range(900, Some(1500))),
        "900～1,500人（推定）"
    );
    assert_eq!(
        fmt_count(Lang::En, Count::range(900, Some(1500))),
        "900–1,500 persons (estimated)"
    );
    assert!(fmt_count(Lang::Ja, Count::range(5, None)).starts_with("5人以上"));
    assert_eq!(group_digits(1_234_567), "1,234,567");
    assert_eq!(group_digits(999), "999");
}
