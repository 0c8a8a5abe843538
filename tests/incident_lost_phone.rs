//! The lost-phone case end to end, against the breach engine: the same lost company phone is
//! not reportable when the customer contacts sat in a locked mamori vault whose server key
//! share was revoked (and not released since the phone was last seen), and is reportable
//! (速報 window and 確報 deadline) when 1,200 customers sat in a plaintext list.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use mamori::breach::{self, Due, IncidentKind, ObligationStatus, Organisation, Recipient};
use mamori::device::{
    Device, DeviceKind, Imei, LifecycleState, Ownership, PhoneNumber, Register, ScreenLock,
};
use mamori::incident::*;
use mamori::vault::Manifest;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn org() -> Organisation {
    serde_json::from_value(
        serde_json::json!({"type": "business", "role": "controller", "established_in": ["JP"]}),
    )
    .unwrap()
}

/// The company key server of the story: the phone's share was issued at enrolment, released
/// at the last unlock before the team dinner, and revoked on the loss report.
fn key_server() -> mamori::vault::keyshare::ShareRegistry {
    use rand_chacha::rand_core::SeedableRng;
    let utc = |s: &str| t(s).to_utc();
    let mut r = mamori::vault::keyshare::ShareRegistry::new();
    let id = r
        .issue(
            &mut rand_chacha::ChaCha20Rng::seed_from_u64(24),
            utc("2025-04-01T10:00:00+09:00"),
        )
        .id;
    r.release(&id, utc("2025-06-12T18:00:00+09:00")).unwrap();
    r.revoke(&id, utc("2025-06-13T09:20:00+09:00")).unwrap();
    r
}

fn share_hex() -> String {
    key_server().log().entries[0].share_id.clone()
}

/// The case with the share's revocation recorded (with the registry's log).
fn revoked(mut inc: Incident) -> Incident {
    inc.append(Event::new(
        t("2025-06-13T09:20:00+09:00"),
        "it-suzuki",
        EventData::KeyShareRevoked {
            share_ids: vec![share_hex()],
            registry_log: Some(Box::new(key_server().log())),
        },
    ))
    .unwrap();
    inc
}

fn manifest(persons: u64) -> Manifest {
    Manifest {
        schema: "mamori.manifest.v3".into(),
        vault_id: "3f9a".into(),
        format_version: 1,
        contacts: persons,
        persons: persons.into(),
        persons_min: persons,
        persons_max: Some(persons),
        persons_by_jurisdiction: BTreeMap::from([("JP".to_string(), persons.into())]),
        by_tag: BTreeMap::new(),
        sensitive: Some(false),
        intact: true,
        unreadable_records: 0,
        lost: Vec::new(),
        algorithm: "AES-256-GCM".into(),
        kdf: "argon2id".into(),
        kdf_params: None,
        key_separated: true,
        remote_wipe: true,
        factor_assurance: None,
        key_source: mamori::vault::KeySource::PasscodeServer,
        key_slots: vec![mamori::vault::KeySlotInfo {
            role: "user".into(),
            key_source: mamori::vault::KeySource::PasscodeServer,
            factor_source: Some(mamori::vault::FactorSource::Server),
            factor_assurance: None,
            offline_guess_log2: Some(256),
            key_separated: Some(true),
            kdf_params: None,
            authenticated: true,
            generator: None,
            share_id: Some(share_hex()),
            estimator: None,
            summary: "passcode + company-server share".into(),
        }],
        offline_guess_log2: Some(256),
        remote_wipe_declared: true,
        key_summary: String::new(),
        key_summary_ja: String::new(),
        warnings: Vec::new(),
        labels_outside_vault: None,
    }
}

fn device(vault: Option<Manifest>) -> Device {
    let mut d = Device::new("P-001", DeviceKind::Phone, "SC-52C", Ownership::Company);
    d.imei = Some(Imei::parse("356938035643809").unwrap());
    d.phone_number = Some(PhoneNumber::parse("+81 90 1234 5678").unwrap());
    d.colour = Some("navy".into());
    d.posture.screen_lock = ScreenLock::Pin { length: 6 };
    d.posture.storage_encrypted = true;
    d.posture.mdm_enrolled = true;
    d.posture.remote_lock = true;
    d.posture.remote_locate = true;
    d.posture.remote_wipe = true;
    d.posture.vault = vault;
    d
}

/// The report and interview of the seeds' story; `items` is what was on the phone.
fn case(items: Vec<DataItem>) -> Incident {
    let mut inc = Incident::new("INC-2025-014");
    inc.append(Event::new(
        t("2025-06-13T09:10:00+09:00"),
        "sales-tanaka",
        EventData::Reported {
            kind: IncidentKind::Loss,
            device_id: Some("P-001".into()),
            reporter: "sales-tanaka".into(),
            summary: "company phone missing after the team dinner (飲み会)".into(),
        },
    ))
    .unwrap();
    inc.append(Event::new(
        t("2025-06-13T09:30:00+09:00"),
        "mgr-yamada",
        EventData::InterviewAnswered {
            answers: Box::new(InterviewAnswers {
                last_confirmed_at: Some(t("2025-06-12T21:30:00+09:00")),
                noticed_missing_at: Some(t("2025-06-13T07:45:00+09:00")),
                places_since: Some(vec![
                    "Izakaya Torikichi".into(),
                    "JR Chuo line".into(),
                    "taxi".into(),
                ]),
                stolen_or_dropped: Some(StolenOrDropped::Dropped),
                data_on_device: Some(items),
                ..Default::default()
            }),
        },
    ))
    .unwrap();
    inc
}

fn vault_item() -> DataItem {
    DataItem {
        description: "customer contacts in the mamori vault".into(),
        storage: DataStorage::MamoriVault,
        persons: BTreeMap::new(),
        sensitive: None,
        financial_risk: None,
    }
}

fn plaintext_1200() -> DataItem {
    DataItem {
        description: "customer list exported to the phonebook".into(),
        storage: DataStorage::Plaintext,
        persons: BTreeMap::from([("JP".to_string(), Some(1200.into()))]),
        sensitive: Some(false),
        financial_risk: Some(false),
    }
}

#[test]
fn register_then_loss() {
    let mut reg = Register::new();
    reg.add(device(None), t("2025-04-01T09:00:00+09:00"), "it-suzuki")
        .unwrap();
    reg.check_out(
        "P-001",
        "sales-tanaka",
        t("2025-04-01T10:00:00+09:00"),
        None,
        "it-suzuki",
    )
    .unwrap();
    reg.transition(
        "P-001",
        LifecycleState::Lost,
        t("2025-06-13T09:10:00+09:00"),
        "it-suzuki",
        Some("INC-2025-014"),
    )
    .unwrap();
    assert_eq!(
        reg.get("P-001").unwrap().assignee.as_deref(),
        Some("sales-tanaka")
    );
    // A lost phone cannot be handed out again.
    assert!(
        reg.check_out(
            "P-001",
            "sales-sato",
            t("2025-06-14T09:00:00+09:00"),
            None,
            "it"
        )
        .is_err()
    );
}

#[test]
fn encrypted_vault_with_remote_wipe_is_not_reportable() {
    let dev = device(Some(manifest(1200)));
    let st = revoked(case(vec![vault_item()])).state().unwrap();
    let link = assess_request(&st, Some(&dev), &org());
    assert!(link.request.data.protection.is_some());
    let a = breach::assess(&link.request).unwrap();
    let jp: Vec<_> = a
        .obligations
        .iter()
        .filter(|o| o.jurisdiction == "JP")
        .collect();
    assert!(!jp.is_empty());
    for o in &jp {
        assert_eq!(
            o.status,
            ObligationStatus::NotRequired,
            "{}: {:?}",
            o.id,
            o.reasons
        );
    }
    // Nothing to file: no regulator action in the plan.
    let acts = next_actions(&st, Some(&dev), Some(&a), t("2025-06-13T10:00:00+09:00"));
    assert!(!acts.iter().any(|x| x.id == ActionId::RegulatorReport));
    assert!(!acts.iter().any(|x| x.id == ActionId::NotifyCustomers));
}

#[test]
fn plaintext_1200_customers_is_reportable_with_both_deadlines() {
    let dev = device(None);
    let st = case(vec![plaintext_1200()]).state().unwrap();
    let link = assess_request(&st, Some(&dev), &org());
    assert_eq!(
        link.request.incident.aware_at,
        t("2025-06-13T07:45:00+09:00")
    );
    let a = breach::assess(&link.request).unwrap();
    let get = |id: &str| {
        a.obligations
            .iter()
            .find(|o| o.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    let pre = get("jp.appi.ppc.preliminary");
    assert_eq!(pre.status, ObligationStatus::Required, "{:?}", pre.reasons);
    assert_eq!(pre.recipient, Recipient::Regulator);
    // 速報: aware Friday 13 June (day 1); target the end of day 3, latest the end of day 5.
    assert_eq!(
        pre.due,
        Due::Window {
            target: t("2025-06-15T23:59:59+09:00"),
            latest: t("2025-06-17T23:59:59+09:00")
        }
    );
    // 確報: day 30 is Saturday 12 July → rolls to Monday 14 July.
    let fin = get("jp.appi.ppc.final");
    assert_eq!(fin.status, ObligationStatus::Required);
    assert_eq!(
        fin.due,
        Due::Deadline {
            at: t("2025-07-14T23:59:59+09:00")
        }
    );
    assert_eq!(
        get("jp.appi.individuals").status,
        ObligationStatus::Required
    );

    // The plan carries both regulator reports with their deadlines.
    let acts = next_actions(&st, Some(&dev), Some(&a), t("2025-06-13T10:00:00+09:00"));
    let reg: Vec<&NextAction> = acts
        .iter()
        .filter(|x| x.id == ActionId::RegulatorReport)
        .collect();
    // Four: APPI's two, and the 番号法 速報/確報, possible because the vault does not say
    // which kinds of data it held (data.categories unknown: My Numbers not ruled out, issue 26).
    assert_eq!(reg.len(), 4);
    let reg: Vec<&NextAction> = reg
        .into_iter()
        .filter(|x| {
            x.obligation_id
                .as_deref()
                .is_some_and(|o| o.starts_with("jp.appi."))
        })
        .collect();
    assert_eq!(reg.len(), 2);
    assert_eq!(
        (reg[0].title_ja.as_str(), reg[0].due),
        ("速報", Some(t("2025-06-15T23:59:59+09:00")))
    );
    assert_eq!(
        (reg[1].title_ja.as_str(), reg[1].due),
        ("確報", Some(t("2025-07-14T23:59:59+09:00")))
    );
    assert!(
        acts.iter().any(|x| x.id == ActionId::PublicNotice),
        "1,200 persons: too many to visit"
    );

    // Recording the assessment, filing both reports and notifying: closing is clean.
    let mut inc = case(vec![plaintext_1200()]);
    let steps = [
        (
            "2025-06-13T11:00:00+09:00",
            EventData::AssessmentRecorded {
                assessment: Box::new(a.clone()),
            },
        ),
        (
            "2025-06-16T15:00:00+09:00",
            EventData::RegulatorReportFiled {
                obligation_id: "jp.appi.ppc.preliminary".into(),
                reference: "PPC-R-1".into(),
                delay_reason: None,
            },
        ),
        (
            "2025-06-20T10:00:00+09:00",
            EventData::CustomersNotified {
                count: 1200,
                channel: "letter".into(),
            },
        ),
    ];
    for (at, d) in steps {
        inc.append(Event::new(t(at), "mgr-yamada", d)).unwrap();
    }
    let close = Event::new(
        t("2025-07-20T10:00:00+09:00"),
        "mgr-yamada",
        EventData::Closed {
            summary: "done".into(),
        },
    );
    let w = inc.check(&close).unwrap();
    // The APPI 確報, and the two possible 番号法 reports (the vault does not say which kinds
    // of data it held, so My Numbers are not ruled out: issue 26).
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w.iter().any(|w| w.message.contains("jp.appi.ppc.final")));
    assert_eq!(
        w.iter()
            .filter(|w| w.message.contains("jp.mynumber.ppc."))
            .count(),
        2,
        "{w:?}"
    );
    // 確報 filed after the deadline needs a reason.
    let late = |r: Option<&str>| {
        Event::new(
            t("2025-07-15T10:00:00+09:00"),
            "mgr-yamada",
            EventData::RegulatorReportFiled {
                obligation_id: "jp.appi.ppc.final".into(),
                reference: "PPC-R-2".into(),
                delay_reason: r.map(Into::into),
            },
        )
    };
    assert!(inc.append(late(None)).is_err());
    inc.append(late(Some("waited for the carrier's call log")))
        .unwrap();
    // Only the possible 番号法 reports remain open (the host has not said there were no My
    // Numbers in the vault).
    let w = inc.check(&close).unwrap();
    assert!(
        w.iter().all(|w| w.message.contains("jp.mynumber.ppc.")),
        "{w:?}"
    );
    assert_eq!(w.len(), 2);
}

#[test]
fn recovered_unviewed_is_not_reportable() {
    let dev = device(None);
    let mut inc = case(vec![plaintext_1200()]);
    inc.append(Event::new(
        t("2025-06-13T12:00:00+09:00"),
        "it-suzuki",
        EventData::DeviceRecovered {
            found_at_place: Some("Izakaya Torikichi".into()),
            evidence_of_access: Some(false),
        },
    ))
    .unwrap();
    let req = assess_request(&inc.state().unwrap(), Some(&dev), &org()).request;
    assert_eq!(req.incident.recovered_unviewed, Some(true));
    let a = breach::assess(&req).unwrap();
    let fin = a
        .obligations
        .iter()
        .find(|o| o.id == "jp.appi.ppc.final")
        .unwrap();
    assert_eq!(
        fin.status,
        ObligationStatus::NotRequired,
        "{:?}",
        fin.reasons
    );
}

/// Regression (issue 12, found while merging): with plaintext data on the device, the link
/// dropped every vault person as "stayed encrypted", even for a PIN-only vault whose key a
/// copy of the file yields. 10 plaintext persons + 1,200 in a PIN-only vault must count 1,210
/// and make the 確報 `required`; the same vault with a separated key still counts 10.
#[test]
fn a_pin_only_vault_beside_plaintext_data_counts_its_persons() {
    let plain_10 = DataItem {
        description: "ten business cards photographed in the gallery".into(),
        storage: DataStorage::Plaintext,
        persons: BTreeMap::from([("JP".to_string(), Some(10.into()))]),
        sensitive: Some(false),
        financial_risk: Some(false),
    };
    let mut weak = manifest(1200);
    weak.key_separated = false;
    weak.remote_wipe = false;
    weak.key_source = mamori::vault::KeySource::Passcode;
    weak.offline_guess_log2 = Some(20);
    let st = case(vec![plain_10.clone(), vault_item()]).state().unwrap();
    let link = assess_request(&st, Some(&device(Some(weak))), &org());
    let jp = link
        .request
        .data
        .persons
        .get("JP")
        .copied()
        .flatten()
        .unwrap();
    assert!(jp.min() >= 1210, "JP persons {jp:?}: {:?}", link.notes);
    let a = breach::assess(&link.request).unwrap();
    let fin = a
        .obligations
        .iter()
        .find(|o| o.id == "jp.appi.ppc.final")
        .unwrap();
    assert_eq!(fin.status, ObligationStatus::Required, "{:?}", fin.reasons);

    let st = revoked(case(vec![plain_10, vault_item()])).state().unwrap();
    let link = assess_request(&st, Some(&device(Some(manifest(1200)))), &org());
    let jp = link
        .request
        .data
        .persons
        .get("JP")
        .copied()
        .flatten()
        .unwrap();
    assert_eq!(jp.max(), Some(10), "{:?}", link.notes);
}

/// Issue 15 item 4: a real vault with 1,200 Japanese customers, host key (高度な暗号化 with
/// the key kept apart), whose caller-ID directory was or was not exported to the OS.
fn exported_vault(policy: Option<mamori::vault::directory::LabelPolicy>) -> Manifest {
    use mamori::vault::{Contact, Vault, VaultOptions};
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create_with_raw_key(
        dir.path().join("v.mamori"),
        &[9; 32],
        VaultOptions::fast_for_tests(),
    )
    .unwrap();
    let contacts: Vec<Contact> = (0..1200u32)
        .map(|i| {
            Contact::new(
                format!("顧客 {i}"),
                &[&format!("+81 90-{:04}-{:04}", i / 10_000, i % 10_000)],
            )
        })
        .collect();
    v.put_many(contacts).unwrap();
    if let Some(p) = policy {
        v.caller_directory(&mamori::vault::directory::DirectoryOptions {
            label_policy: p,
            shared_label: None,
        })
        .unwrap();
    }
    v.manifest().unwrap()
}

fn jp_statuses(m: Manifest) -> (Vec<ObligationStatus>, AssessLink) {
    let st = case(vec![vault_item()]).state().unwrap();
    let link = assess_request(&st, Some(&device(Some(m))), &org());
    let a = breach::assess(&link.request).unwrap();
    let s = a
        .obligations
        .iter()
        .filter(|o| o.jurisdiction == "JP")
        .map(|o| o.status)
        .collect();
    (s, link)
}

#[test]
fn a_vault_without_exports_stays_not_reportable() {
    let m = exported_vault(None);
    assert!(m.key_separated);
    let (s, link) = jp_statuses(m);
    assert!(!s.is_empty());
    assert!(
        s.iter().all(|s| *s == ObligationStatus::NotRequired),
        "{s:?} {:?}",
        link.notes
    );
}

#[test]
fn names_exported_to_the_os_make_a_lost_phone_reportable() {
    let m = exported_vault(Some(mamori::vault::directory::LabelPolicy::Name));
    let l = m.labels_outside_vault.clone().unwrap();
    assert_eq!(l.labelled_by_jurisdiction["JP"], 1200.into());
    let (s, link) = jp_statuses(m);
    assert_eq!(link.request.data.protection, None, "{:?}", link.notes);
    assert_eq!(
        link.request.data.persons.get("JP").copied().flatten(),
        Some(1200.into())
    );
    assert!(
        link.request
            .report
            .as_ref()
            .and_then(|r| r.data_items.as_deref())
            .is_some_and(|d| d.contains("names and phone numbers")),
        "{:?}",
        link.request.report
    );
    assert!(
        s.contains(&ObligationStatus::Required),
        "{s:?} {:?}",
        link.notes
    );
    assert!(!s.contains(&ObligationStatus::NotRequired), "{s:?}");
}

#[test]
fn numbers_exported_under_none_are_at_least_possible() {
    let m = exported_vault(Some(mamori::vault::directory::LabelPolicy::None));
    let (s, link) = jp_statuses(m);
    assert_eq!(link.request.data.protection, None);
    assert_eq!(
        link.request.data.persons.get("JP").copied().flatten(),
        Some(mamori::breach::Count::range(0, Some(1200)))
    );
    assert!(
        !s.contains(&ObligationStatus::NotRequired),
        "never fewer than before: {s:?} {:?}",
        link.notes
    );
    // 0..1,200: the maximum is above APPI's 1,000, a suspected case (おそれ) counts.
    assert!(
        s.iter()
            .any(|s| matches!(s, ObligationStatus::Possible | ObligationStatus::Required)),
        "{s:?}"
    );
}

/// Issue 24 (N2): the link treats a vault manifest that is not intact as "count undetermined"
/// and its sensitivity as unknown, whatever counts it states — including a manifest from
/// before the `intact` field (which reads as not intact).
#[test]
fn a_vault_that_is_not_intact_has_an_undetermined_head_count() {
    let mut m = manifest(901);
    m.key_separated = false;
    m.remote_wipe = false;
    m.remote_wipe_declared = false;
    m.key_source = mamori::vault::KeySource::Passcode;
    m.offline_guess_log2 = Some(20);
    let status = |m: &Manifest| {
        let dev = device(Some(m.clone()));
        let st = case(vec![vault_item()]).state().unwrap();
        let link = assess_request(&st, Some(&dev), &org());
        let a = breach::assess(&link.request).unwrap();
        // APPI's obligations (the 番号法 ones are possible whenever data.categories is
        // unknown and more than 100 persons may be involved, issue 26).
        let jp: Vec<ObligationStatus> = a
            .obligations
            .iter()
            .filter(|o| o.id.starts_with("jp.appi."))
            .map(|o| o.status)
            .collect();
        (link, jp)
    };
    // Intact: 901 persons, dropped, nothing sensitive → nothing to report (the control).
    let (_, jp) = status(&m);
    assert!(
        jp.iter().all(|s| *s == ObligationStatus::NotRequired),
        "{jp:?}"
    );
    // Not intact (a 250-record transaction lost): the same stated counts are a lower bound.
    m.intact = false;
    m.lost = vec!["transactions 4..=4 are missing from the chain".into()];
    let (link, jp) = status(&m);
    assert_eq!(
        link.request.data.persons["unknown"].map(|c| (c.min(), c.max())),
        Some((0, None))
    );
    assert_eq!(link.request.data.sensitive, None);
    assert!(link.notes.iter().any(|n| n.contains("not intact")));
    assert!(!jp.is_empty());
    assert!(
        jp.iter().all(|s| *s != ObligationStatus::NotRequired),
        "{jp:?}"
    );
    // A manifest written before the field: `intact` absent reads as false.
    let mut v = serde_json::to_value(manifest(901)).unwrap();
    v.as_object_mut().unwrap().remove("intact");
    let old: Manifest = serde_json::from_value(v).unwrap();
    assert!(!old.intact);
}
