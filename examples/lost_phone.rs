//! A lost company phone, from the register to the closing — the seeds' story as a report a
//! manager can follow.
//!
//! ```text
//! cargo run --example lost_phone                 # the vault: 6-digit PIN + platform factor
//! cargo run --example lost_phone -- --pin-only   # the same vault behind the PIN alone
//! cargo run --example lost_phone -- out.html     # also write the HTML report there
//! ```
//!
//! Deterministic: every timestamp is fixed, the vault uses a seeded RNG and a fixed clock (and
//! the minimum Argon2id parameters, to keep the example quick), and nothing reads the wall
//! clock. The story: a salesperson's company phone goes missing after a team dinner (飲み会).
//! The customer contacts were kept in a mamori vault, but the interview reveals that the
//! salesperson had also synced 1,200 customers into the phone's own phonebook.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use mamori::breach::{self, Assessment, Due, IncidentKind, ObligationStatus, Organisation};
use mamori::device::{
    Device, DeviceKind, Imei, LifecycleState, Ownership, PhoneNumber, Register, ScreenLock,
};
use mamori::incident::*;
use mamori::vault::{Contact, FactorSource, FixedClock, KdfParams, Manifest, Vault, VaultOptions};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("fixed timestamp")
}

fn fmt(d: DateTime<FixedOffset>) -> String {
    d.format("%Y-%m-%d (%a) %H:%M %:z").to_string()
}

/// `--pin-only`: the phone's vault is protected by the 6-digit PIN alone (no platform factor),
/// so its data is not under 高度な暗号化 and the 速報 draft must say so.
fn pin_only_flag() -> bool {
    std::env::args().skip(1).any(|a| a == "--pin-only")
}

/// The response plan, one line per group (what to do first comes first).
fn print_plan(a: &Assessment) {
    let Some(plan) = &a.plan else { return };
    println!("     Plan: {}", plan.summary);
    for g in &plan.groups {
        let due = match &g.due {
            Some(d) => format!("due {} ({})", fmt(d.at), d.rule),
            None => "without undue delay".to_string(),
        };
        println!("       - {} — {due}", g.title);
        for s in &g.settle {
            println!("           to settle: {s}");
        }
    }
}

fn heading(s: &str) {
    println!("\n{s}\n{}", "-".repeat(s.chars().count().min(78)));
}

/// **SOFTWARE STAND-IN for the phone's keystore** (demo only). On a real phone this is a
/// non-exportable HMAC-SHA256 key in Android StrongBox (or a Secure Enclave key on iOS) that
/// computes the factor over the vault's challenge after the user authenticates; it never
/// leaves the secure element, so a copy of the vault file is useless without the phone's
/// hardware. Here the "hardware key" is 32 bytes in ordinary memory.
struct SoftwareStandInKeystore([u8; 32]);

impl SoftwareStandInKeystore {
    fn factor(&self, challenge: &[u8; 32]) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        let mut m = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.0)
            .expect("HMAC takes any key length");
        m.update(challenge);
        m.finalize().into_bytes().into()
    }
}

/// Two real mamori vaults holding the same 1,200 customer contacts (temp dir, minimum
/// Argon2id): the company's deployment (`passcode+platform`: 6-digit PIN + the keystore
/// factor) and, for comparison, the same 6-digit PIN alone (`passcode`).
fn build_vaults() -> mamori::Result<(Manifest, Manifest)> {
    let dir = tempfile::tempdir()?;
    let options = |seed: u64| {
        let mut o = VaultOptions::default()
            .with_kdf(KdfParams::MIN)
            .with_rng(ChaCha20Rng::seed_from_u64(seed))
            .with_clock(FixedClock(
                t("2025-04-01T10:00:00+09:00").with_timezone(&Utc),
            ));
        o.remote_wipe = true; // declared MDM wipe: reported, exempts nothing
        o
    };
    let contacts = || -> Vec<Contact> {
        (0..1200u32)
            .map(|i| {
                let phone = format!("+81 90 {:04} {:04}", 1000 + i / 10_000, i % 10_000);
                let mut c = Contact::new(format!("Customer {i:04}"), &[phone.as_str()]);
                c.tags = vec!["customer".into()];
                c
            })
            .collect()
    };
    // passcode+platform: the challenge comes from the vault, the factor from the keystore.
    let keystore = SoftwareStandInKeystore([0x5a; 32]);
    let path = dir.path().join("contacts.mamori");
    let challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(13));
    let vault = Vault::create_with_factor(
        &path,
        b"482913",
        FactorSource::AndroidStrongbox,
        &challenge,
        &keystore.factor(&challenge),
        options(14),
    )?;
    vault.put_many(contacts())?;
    vault.close()?;
    // Unlock as an app does it (sans-IO): challenge from the file, factor from the keystore.
    let c = Vault::unlock_challenge(&path)?;
    let vault = Vault::open_with_factor(&path, b"482913", &keystore.factor(&c), options(15))?;
    let platform = vault.manifest()?;
    vault.close()?;
    // The same data behind the 6-digit PIN alone.
    let vault = Vault::create(dir.path().join("pin-only.mamori"), b"482913", options(16))?;
    vault.put_many(contacts())?;
    let pin_only = vault.manifest()?;
    vault.close()?;
    Ok((platform, pin_only))
}

fn persons(p: &BTreeMap<String, Option<mamori::breach::Count>>) -> String {
    p.iter()
        .map(|(j, n)| {
            format!(
                "{j}: {}",
                n.map(|n| n.to_string()).unwrap_or_else(|| "unknown".into())
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_actions(actions: &[NextAction]) {
    for (i, a) in actions.iter().enumerate() {
        let due = match (a.due, a.latest) {
            (Some(d), Some(l)) => format!("target {}, latest {}", fmt(d), fmt(l)),
            (Some(d), None) => format!("due {}", fmt(d)),
            _ => "as soon as possible".into(),
        };
        let flag = if a.overdue { "  [OVERDUE]" } else { "" };
        println!("{:>2}. {} — {} ({due}){flag}", i + 1, a.title, a.title_ja);
        println!("      why: {}", a.reason);
        for d in &a.details {
            println!("        · {d}");
        }
        if let Some(ap) = &a.needs_approval {
            println!("      approval: {ap}");
        }
        for w in &a.warnings {
            println!("      WARNING: {}", w.message);
        }
    }
}

fn print_assessment(a: &Assessment) {
    for o in a.obligations.iter().filter(|o| o.jurisdiction == "JP") {
        let status = match o.status {
            ObligationStatus::Required => "REQUIRED",
            ObligationStatus::Possible => "possible",
            ObligationStatus::NotRequired => "not required",
        };
        let due = match &o.due {
            Due::Window { target, latest } => {
                format!("target {}, latest {}", fmt(*target), fmt(*latest))
            }
            Due::Deadline { at } => format!("deadline {}", fmt(*at)),
            Due::WithoutUndueDelay => "without undue delay".into(),
            Due::AfterObligation {
                obligation,
                days,
                latest,
                ..
            } => match latest {
                Some(l) => format!("{days} days after {obligation}, latest {}", fmt(*l)),
                None => format!("{days} days after {obligation}"),
            },
        };
        println!("  {:<26} {:<13} {due}", o.id, status);
        for r in &o.reasons {
            println!("  {:<26} · {r}", "");
        }
    }
}

fn main() -> mamori::Result<()> {
    println!("mamori — lost company phone: incident report (社用携帯の紛失対応)");
    println!("==================================================================");

    // 1. The register.
    heading("1. The device register (台帳)");
    let (manifest, pin_only) = build_vaults()?;
    // `--pin-only`: the story's phone carries the PIN-only vault instead.
    let manifest = if pin_only_flag() {
        pin_only.clone()
    } else {
        manifest
    };
    let mut phone = Device::new(
        "P-001",
        DeviceKind::Phone,
        "Galaxy A54 5G SC-53D",
        Ownership::Company,
    );
    phone.serial = Some("R5CW31ABCDE".into());
    phone.imei = Some(Imei::parse("35-693803-564380-9")?);
    phone.phone_number = Some(PhoneNumber::parse("+81 90-5555-0101")?);
    phone.colour = Some("awesome graphite (dark grey)".into());
    phone.features = vec!["clear case with a company sticker".into()];
    phone.posture.screen_lock = ScreenLock::Pin { length: 6 };
    phone.posture.storage_encrypted = true;
    phone.posture.mdm_enrolled = true;
    phone.posture.remote_lock = true;
    phone.posture.remote_locate = true;
    phone.posture.remote_wipe = true;
    phone.posture.vault = Some(manifest.clone());
    let mut register = Register::new();
    register.add(phone, t("2025-04-01T09:00:00+09:00"), "it-suzuki")?;
    register.check_out(
        "P-001",
        "sales-tanaka",
        t("2025-04-01T10:00:00+09:00"),
        None,
        "it-suzuki",
    )?;
    let dev = register
        .get("P-001")
        .cloned()
        .ok_or_else(|| mamori::Error::not_found("P-001"))?;
    println!("  P-001  {}", dev.identifying_features().join(", "));
    println!(
        "         company-issued, checked out to sales-tanaka on 2025-04-01, state: {}",
        dev.state
    );
    println!(
        "         screen lock: 6-digit PIN; storage encrypted; MDM: remote lock, locate, wipe"
    );
    println!(
        "         mamori vault: {} customers ({}, key source {}, key separated: {}) — a real vault built for this run",
        manifest.persons,
        manifest.algorithm,
        manifest.key_source.as_str(),
        manifest.key_separated
    );
    println!(
        "         (the platform factor comes from a SOFTWARE STAND-IN for Android StrongBox in this demo)"
    );
    println!("         key protection: {}", manifest.key_summary);

    // 2. The report.
    heading("2. The report (すぐ報告)");
    let mut inc = Incident::new("INC-2025-014");
    inc.append(Event::new(
        t("2025-06-13T09:10:00+09:00"),
        "sales-tanaka",
        EventData::Reported {
            kind: IncidentKind::Loss,
            device_id: Some("P-001".into()),
            reporter: "sales-tanaka".into(),
            summary: "company phone missing after the team dinner (飲み会) in Shinjuku".into(),
        },
    ))?;
    register.transition(
        "P-001",
        LifecycleState::Lost,
        t("2025-06-13T09:12:00+09:00"),
        "it-suzuki",
        Some("INC-2025-014"),
    )?;
    let dev = register
        .get("P-001")
        .cloned()
        .ok_or_else(|| mamori::Error::not_found("P-001"))?;
    println!(
        "  {}  sales-tanaka tells manager mgr-yamada the phone is missing.",
        fmt(t("2025-06-13T09:10:00+09:00"))
    );
    println!(
        "  Register: P-001 assigned → {} (last holder kept on record: sales-tanaka)",
        register
            .get("P-001")
            .map(|d| d.state)
            .unwrap_or(LifecycleState::Lost)
    );

    // 3. The interview.
    heading("3. The interview (ヒアリング) — mgr-yamada with sales-tanaka, 09:20");
    let vault_item = DataItem {
        description: "customer contacts in the mamori vault".into(),
        storage: DataStorage::MamoriVault,
        persons: BTreeMap::new(),
        sensitive: None,
        financial_risk: None,
    };
    let phonebook = DataItem {
        description: "customer list synced into the phone's own phonebook (names, mobile numbers)"
            .into(),
        storage: DataStorage::Plaintext,
        persons: BTreeMap::from([("JP".to_string(), Some(1200.into()))]),
        sensitive: Some(false),
        financial_risk: Some(false),
    };
    let answers = InterviewAnswers {
        last_confirmed_at: Some(t("2025-06-12T21:30:00+09:00")),
        last_confirmed_place: Some(
            "Izakaya Torikichi, Shinjuku (paid the bill with the phone)".into(),
        ),
        noticed_missing_at: Some(t("2025-06-13T07:45:00+09:00")),
        places_since: Some(vec![
            "Izakaya Torikichi, Shinjuku".into(),
            "JR Chuo line, Shinjuku → Mitaka".into(),
            "taxi from Mitaka station".into(),
        ]),
        where_kept: Some("jacket inside pocket".into()),
        moments_apart: Some(vec!["jacket on the coat rack during the dinner".into()]),
        stolen_or_dropped: Some(StolenOrDropped::CannotTell),
        companions_asked: Some(vec!["colleagues at the dinner: nobody saw it".into()]),
        places_searched: Some(vec!["home".into(), "taxi from Mitaka station".into()]),
        data_on_device: Some(vec![vault_item.clone(), phonebook.clone()]),
        identifying_features: Some(dev.identifying_features()),
        others_aware: Some(vec![]),
        ..Default::default()
    };
    let shown = |id: &str| -> String {
        match id {
            "last_confirmed_at" => format!("{} — {}", fmt(t("2025-06-12T21:30:00+09:00")), answers.last_confirmed_place.clone().unwrap_or_default()),
            "noticed_missing_at" => fmt(t("2025-06-13T07:45:00+09:00")),
            "places_since" => answers.places_since.clone().unwrap_or_default().join("; "),
            "where_kept" => answers.where_kept.clone().unwrap_or_default(),
            "moments_apart" => answers.moments_apart.clone().unwrap_or_default().join("; "),
            "stolen_or_dropped" => "cannot tell".into(),
            "companions_asked" => answers.companions_asked.clone().unwrap_or_default().join("; "),
            "places_searched" => answers.places_searched.clone().unwrap_or_default().join("; "),
            "data_on_device" => "customer contacts in the mamori vault; ALSO a customer list of 1,200 synced into the phonebook".into(),
            "identifying_features" => "as in the register".into(),
            "others_aware" => "nobody else knew before the report".into(),
            _ => String::new(),
        }
    };
    for q in QUESTIONS {
        println!("  Q {}\n    {}\n    A: {}", q.ja, q.en, shown(q.id));
    }
    let w = inc.append(Event::new(
        t("2025-06-13T09:20:00+09:00"),
        "mgr-yamada",
        EventData::InterviewAnswered {
            answers: Box::new(answers),
        },
    ))?;
    let st = inc.state()?;
    let f = st.findings();
    println!("\n  Findings:");
    println!(
        "    aware_at (知った時点, the legal clocks start): {} — {}",
        fmt(f.aware_at),
        f.aware_basis
    );
    if let Some(win) = f.loss_window {
        println!(
            "    lost between {} and {}",
            fmt(win.from),
            win.to.map(fmt).unwrap_or_else(|| "now".into())
        );
    }
    for w in &w {
        println!("    WARNING: {}", w.message);
    }

    // 4. Next actions before anything is done.
    let now = t("2025-06-13T09:30:00+09:00");
    heading(&format!(
        "4. Next actions at {} (nothing done yet)",
        fmt(now)
    ));
    print_actions(&next_actions(&st, Some(&dev), None, now));

    // 5. First hour.
    heading("5. The first hour — what the team did");
    let first_hour = [
        (
            "2025-06-13T09:32:00+09:00",
            "sales-tanaka",
            EventData::DeviceCalled {
                answered: false,
                note: Some("rings, no answer".into()),
            },
        ),
        (
            "2025-06-13T09:36:00+09:00",
            "it-suzuki",
            EventData::LocateAttempted {
                result: LocateResult::NoResponse,
                position: None,
            },
        ),
        (
            "2025-06-13T09:38:00+09:00",
            "it-suzuki",
            EventData::RemoteLockIssued {
                channel: "MDM lost mode (message: please call 03-0000-0000)".into(),
            },
        ),
        (
            "2025-06-13T09:52:00+09:00",
            "it-suzuki",
            EventData::RemoteLockConfirmed,
        ),
        (
            "2025-06-13T10:05:00+09:00",
            "sales-tanaka",
            EventData::VenueContacted {
                venue: "Izakaya Torikichi, Shinjuku".into(),
                found: false,
                note: Some("staff will call if found".into()),
            },
        ),
        (
            "2025-06-13T10:20:00+09:00",
            "sales-tanaka",
            EventData::VenueContacted {
                venue: "JR Chuo line, Shinjuku → Mitaka".into(),
                found: false,
                note: Some("JR lost-and-found: not registered yet".into()),
            },
        ),
        (
            "2025-06-13T11:00:00+09:00",
            "sales-tanaka",
            EventData::PoliceLostReportFiled {
                station: "Shinjuku Police Station".into(),
                receipt_number: "R07-06-13-0421".into(),
            },
        ),
    ];
    // Before the locate attempt, the carrier step would have been flagged:
    let early = Event::new(
        t("2025-06-13T09:31:00+09:00"),
        "mgr-yamada",
        EventData::CarrierLineSuspended {
            carrier: "docomo business".into(),
            approved_by: Some("mgr-yamada".into()),
        },
    );
    for w in inc.check(&early)? {
        println!(
            "  (guard, had the line been suspended at 09:31, before locating) WARNING: {}",
            w.message
        );
    }
    for (at, actor, data) in first_hour {
        let e = Event::new(t(at), actor, data);
        let line = format!("  {}  {:<13} {}", fmt(e.at), e.actor, e.data.summary());
        let w = inc.append(e)?;
        println!("{line}");
        for w in w {
            println!("      WARNING: {}", w.message);
        }
    }
    let suspend = Event::new(
        t("2025-06-13T11:30:00+09:00"),
        "it-suzuki",
        EventData::CarrierLineSuspended {
            carrier: "docomo business".into(),
            approved_by: Some("mgr-yamada".into()),
        },
    );
    let w = inc.check(&suspend)?;
    println!(
        "  {}  it-suzuki     carrier line suspended with mgr-yamada's approval, after the locate attempt — guard warnings: {}",
        fmt(suspend.at),
        w.len()
    );
    inc.append(suspend)?;

    // 6. Two assessments.
    heading("6. Is it reportable? Two assessments (漏えい等報告の要否)");
    let org: Organisation = serde_json::from_value(
        serde_json::json!({"type": "business", "role": "controller", "established_in": ["JP"]}),
    )
    .map_err(|e| mamori::Error::Internal(e.to_string()))?;
    let st = inc.state()?;
    let mut vault_only = st.clone();
    vault_only.interview.data_on_device = Some(vec![vault_item]);
    let link_a = assess_request(&vault_only, Some(&dev), &org);
    let a = breach::assess(&link_a.request)?;
    println!(
        "  A. If the customers had stayed in the mamori vault (AES-256-GCM, 6-digit PIN + platform factor):"
    );
    println!(
        "     persons {}, protection {}",
        persons(&link_a.request.data.persons),
        link_a
            .request
            .data
            .protection
            .as_ref()
            .map(|p| p.algorithm.as_str())
            .unwrap_or("none")
    );
    print_assessment(&a);
    // The same loss if the vault had been protected by the 6-digit PIN alone.
    let mut dev_pin = dev.clone();
    dev_pin.posture.vault = Some(pin_only.clone());
    let link_p = assess_request(&vault_only, Some(&dev_pin), &org);
    let p = breach::assess(&link_p.request)?;
    println!("\n  A'. The same vault behind the same 6-digit PIN alone (no platform factor):");
    println!("     key protection: {}", pin_only.key_summary);
    println!(
        "     key separated: {} (offline work ≈ 2^{} Argon2id runs; bar 2^{})",
        pin_only.key_separated,
        pin_only
            .offline_guess_log2
            .map(|n| n.to_string())
            .unwrap_or_else(|| "?".into()),
        mamori::vault::SEPARATION_BAR_LOG2
    );
    print_assessment(&p);
    let link_b = assess_request(&st, Some(&dev), &org);
    let b = breach::assess(&link_b.request)?;
    println!(
        "\n  B. What actually happened: 1,200 customers also sat in the phonebook in plaintext:"
    );
    println!(
        "     persons {}, protection {}",
        persons(&link_b.request.data.persons),
        link_b
            .request
            .data
            .protection
            .as_ref()
            .map(|p| p.algorithm.as_str())
            .unwrap_or("none")
    );
    print_assessment(&b);
    print_plan(&b);
    if let Some(fin) = b.obligations.iter().find(|o| o.id == "jp.appi.ppc.final")
        && let Due::Deadline { at } = fin.due
    {
        println!(
            "\n  確報 (final report) deadline: {} (day 1 = {}, the day the organisation knew).",
            fmt(at),
            st.aware_at().format("%Y-%m-%d")
        );
    }
    if let Some(draft) = &b.jp_report_draft {
        println!(
            "  PPC report draft (施行規則第8条第1項): 記入済み（事案記録から）: {}; 未記入: {}",
            item_names(draft, true),
            item_names(draft, false)
        );
    }
    inc.append(Event::new(
        t("2025-06-13T13:00:00+09:00"),
        "mgr-yamada",
        EventData::AssessmentRecorded {
            assessment: Box::new(b.clone()),
        },
    ))?;

    // 7. The plan now.
    let now = t("2025-06-13T13:30:00+09:00");
    heading(&format!("7. Next actions at {}", fmt(now)));
    print_actions(&next_actions(&inc.state()?, Some(&dev), None, now));

    // 8. To the closing.
    heading("8. Until the closing (対応完了)");
    let rest = [
        (
            "2025-06-13T18:00:00+09:00",
            "it-suzuki",
            EventData::DataAccessChecked {
                result: AccessResult::NoAccessFound,
                detail: Some(
                    "CRM and mail logs since 21:30 on 12 June: no access from the device".into(),
                ),
            },
        ),
        (
            "2025-06-14T10:00:00+09:00",
            "it-suzuki",
            EventData::LocateAttempted {
                result: LocateResult::NoResponse,
                position: None,
            },
        ),
        (
            "2025-06-14T10:05:00+09:00",
            "it-suzuki",
            EventData::RemoteWipeIssued {
                channel: "MDM".into(),
            },
        ),
        (
            "2025-06-16T11:00:00+09:00",
            "mgr-yamada",
            EventData::RegulatorReportFiled {
                obligation_id: "jp.appi.ppc.preliminary".into(),
                reference: "PPC-2025-0616-031".into(),
                delay_reason: None,
            },
        ),
        (
            "2025-06-17T09:00:00+09:00",
            "mgr-yamada",
            EventData::InquiryDeskOpened {
                contact: "customer support desk, weekdays 9-18".into(),
            },
        ),
        (
            "2025-06-17T10:00:00+09:00",
            "mgr-yamada",
            EventData::PublicNotice {
                location: "company website news page".into(),
            },
        ),
        (
            "2025-06-20T10:00:00+09:00",
            "mgr-yamada",
            EventData::CustomersNotified {
                count: 1200,
                channel: "letter and e-mail with an apology".into(),
            },
        ),
        (
            "2025-06-20T17:00:00+09:00",
            "sales-tanaka",
            EventData::WrittenReportReceived {
                from: "sales-tanaka".into(),
            },
        ),
        (
            "2025-06-24T10:00:00+09:00",
            "hr-kimura",
            EventData::DisciplinaryMeasure {
                measure: "訓戒 (reprimand); recorded, decided by HR".into(),
            },
        ),
        (
            "2025-06-25T10:00:00+09:00",
            "it-suzuki",
            EventData::PreventionMeasureAdded {
                category: PreventionCategory::Technical,
                description:
                    "MDM blocks phonebook sync; customer contacts only in the mamori vault".into(),
                follow_up_at: Some(t("2025-09-25T10:00:00+09:00")),
            },
        ),
        (
            "2025-06-25T10:30:00+09:00",
            "mgr-yamada",
            EventData::PreventionMeasureAdded {
                category: PreventionCategory::Educational,
                description: "team training: report at once; phones stay on you at dinners".into(),
                follow_up_at: None,
            },
        ),
    ];
    for (at, actor, data) in rest {
        let e = Event::new(t(at), actor, data);
        let line = format!("  {}  {:<13} {}", fmt(e.at), e.actor, e.data.summary());
        let w = inc.append(e)?;
        println!("{line}");
        for w in w {
            println!("      WARNING: {}", w.message);
        }
    }
    // Before the 確報: rebuild the request from the log, which now answers more report items.
    let link_final = assess_request(&inc.state()?, Some(&dev), &org);
    let reassessed = breach::assess(&link_final.request)?;
    if let Some(draft) = &reassessed.jp_report_draft {
        println!(
            "  {}  {:<13} re-assessed for the 確報 (未記入の項目: {})",
            fmt(t("2025-07-10T14:00:00+09:00")),
            "mgr-yamada",
            if draft.empty_items.is_empty() {
                "なし".to_string()
            } else {
                item_names(draft, false)
            }
        );
    }
    inc.append(Event::new(
        t("2025-07-10T14:00:00+09:00"),
        "mgr-yamada",
        EventData::AssessmentRecorded {
            assessment: Box::new(reassessed),
        },
    ))?;
    let final_report = |at: &str, reason: Option<&str>| {
        Event::new(
            t(at),
            "mgr-yamada",
            EventData::RegulatorReportFiled {
                obligation_id: "jp.appi.ppc.final".into(),
                reference: "PPC-2025-0710-112".into(),
                delay_reason: reason.map(str::to_string),
            },
        )
    };
    if let Err(e) = inc.check(&final_report("2025-07-15T10:00:00+09:00", None)) {
        println!("  (had it been filed on 15 July without a reason, the log would refuse it: {e})");
    }
    let e = final_report("2025-07-10T15:00:00+09:00", None);
    println!("  {}  {:<13} {}", fmt(e.at), e.actor, e.data.summary());
    inc.append(e)?;
    println!("  (the wipe was never acknowledged: the phone stays switched off)");
    let close = Event::new(t("2025-07-11T10:00:00+09:00"), "mgr-yamada", EventData::Closed { summary: "phone not found; line suspended, wipe pending on next connection; 速報 and 確報 filed; 1,200 customers notified".into() });
    let open = inc.check(&close)?;
    if open.is_empty() {
        println!("  closing check: every obligation done — no warnings");
    }
    for w in &open {
        println!("  closing check WARNING: {}", w.message);
    }
    inc.append(close)?;
    register.transition(
        "P-001",
        LifecycleState::Retired,
        t("2025-07-11T10:05:00+09:00"),
        "it-suzuki",
        Some("written off; INC-2025-014"),
    )?;
    let st = inc.state()?;
    println!(
        "  {}  closed. Register: P-001 lost → {}.",
        fmt(t("2025-07-11T10:00:00+09:00")),
        register
            .get("P-001")
            .map(|d| d.state)
            .unwrap_or(LifecycleState::Retired)
    );
    for (id, f) in &st.filings {
        println!(
            "  filed {id}: {} on {}{}",
            f.reference,
            fmt(f.at),
            if f.late { " (late)" } else { " (on time)" }
        );
    }
    for w in &st.warnings {
        println!(
            "  warning on record (event {}): {}",
            w.event_index.map(|i| i.to_string()).unwrap_or_default(),
            w.message
        );
    }

    // 9. Exports.
    heading("9. Exports");
    let tl = timeline(&inc)?;
    let csv = timeline_csv(&tl);
    println!("  timeline.csv ({} rows), first lines:", tl.entries.len());
    for l in csv.lines().take(4) {
        println!("    {l}");
    }
    let v = veris(&inc, Some(&dev), Some(&link_b.request))?;
    println!(
        "  VERIS: action {}, asset {}, data_disclosure {}, data_total {}, discovery {} {}",
        v["action"],
        v["asset"]["assets"][0]["variety"],
        v["attribute"]["confidentiality"]["data_disclosure"],
        v["attribute"]["confidentiality"]["data_total"],
        v["timeline"]["discovery"]["value"],
        v["timeline"]["discovery"]["unit"]
    );
    japanese_documents(&dev, &org)?;
    Ok(())
}

/// Step 10, the Japanese-first documents (issue 16): a corrected event (seed 002: the
/// employee first gave a later date), the chain check, the 速報 draft with the nine items of
/// PPC Rules Art. 8(1), a customer-notice draft, and the printable HTML report (written to the
/// path given as the first argument, or to the temp directory).
fn japanese_documents(dev: &Device, org: &Organisation) -> mamori::Result<()> {
    heading("10. 日本語の文書（下書き）と改ざん検知");
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
    ))?;
    let answers = |v: serde_json::Value| -> mamori::Result<Box<InterviewAnswers>> {
        serde_json::from_value(v)
            .map(Box::new)
            .map_err(|e| mamori::Error::Internal(e.to_string()))
    };
    inc.append(Event::new(
        t("2025-06-13T09:30:00+09:00"),
        "mgr-yamada",
        EventData::InterviewAnswered {
            answers: answers(serde_json::json!({
                "last_confirmed_at": "2025-06-13T08:00:00+09:00",
                "noticed_missing_at": "2025-06-13T08:50:00+09:00",
                "places_since": ["通勤電車"],
                "stolen_or_dropped": "dropped",
                "data_on_device": [
                    {"description": "顧客の連絡先（mamori 保管庫）", "storage": {"type": "mamori_vault"}},
                    {"description": "顧客の氏名・電話番号（端末の電話帳）",
                     "storage": {"type": "plaintext"}, "persons": {"JP": 1200}}]
            }))?,
        },
    ))?;
    let correction = Event::new(
        t("2025-06-15T10:00:00+09:00"),
        "mgr-yamada",
        EventData::InterviewAnswered {
            answers: answers(serde_json::json!({
                "last_confirmed_at": "2025-06-12T21:30:00+09:00",
                "noticed_missing_at": "2025-06-12T23:40:00+09:00",
                "places_since": ["居酒屋（飲み会）", "JR中央線", "タクシー"]
            }))?,
        },
    )
    .correcting(1, "本人が、飲み会の後の12日夜に紛失していたと申告を訂正");
    inc.append(correction)?;
    let st = inc.state()?;
    println!("  訂正された記録:");
    for line in correction_lines(&st, messages::Lang::Ja) {
        println!("    {line}");
    }
    let mut link = assess_request(&st, Some(dev), org);
    link.request.lang = Some(messages::Lang::Ja);
    let a = breach::assess(&link.request)?;
    if let Some(plan) = &a.plan {
        println!("  対応計画: {}", plan.summary);
        for g in &plan.groups {
            let due = match &g.due {
                Some(d) => fmt(d.at),
                None => "速やかに".to_string(),
            };
            println!("    - {}（期限: {due}）", g.title);
        }
    }
    inc.append(Event::new(
        t("2025-06-15T10:30:00+09:00"),
        "mgr-yamada",
        EventData::AssessmentRecorded {
            assessment: Box::new(a),
        },
    ))?;
    let check = verify(&inc, None, messages::Lang::Ja);
    println!("  {}", check.summary);
    let mut tampered = inc.clone();
    tampered.events[1].at = t("2025-06-13T09:00:00+09:00");
    println!(
        "  （events[1] の日時を書き換えると）{}",
        verify(&tampered, None, messages::Lang::Ja).summary
    );

    let req: DraftRequest = serde_json::from_value(serde_json::json!({
        "schema": DRAFT_REQUEST_SCHEMA,
        "incident": inc,
        "device": dev,
        "lang": "ja",
        "stage": "preliminary",
        "organisation_name": "株式会社サンプル商事",
        "inquiry_desk": "お客様相談室 0120-000-000（平日9時〜17時）",
        "now": "2025-06-15T11:00:00+09:00"
    }))
    .map_err(|e| mamori::Error::Internal(e.to_string()))?;
    let draft = report_draft(&req)?;
    println!();
    for l in draft.text.lines() {
        println!("  {l}");
    }
    let letter = notice_draft(&req)?;
    println!();
    for l in letter.text.lines() {
        println!("  {l}");
    }
    let html = html_report(&req)?;
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("mamori-INC-2025-014.html"));
    std::fs::write(&path, html)?;
    println!();
    println!("  HTML report written to {}", path.display());
    Ok(())
}

/// The Japanese names (施行規則第8条第1項) of the draft's items that are filled (`filled`) or
/// still empty.
fn item_names(draft: &mamori::breach::JpReportDraft, filled: bool) -> String {
    draft
        .items
        .iter()
        .filter(|i| i.value.is_some() == filled)
        .map(|i| i.label_ja.as_ref())
        .collect::<Vec<_>>()
        .join("、")
}
