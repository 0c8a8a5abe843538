//! A mixed vault assessed end to end (issue 12): Japanese, German, US and Korean customers,
//! colleagues of one client company behind its switchboard, an e-mail-only contact and an
//! extension. The vault counts persons by identity (a shared line is not identity) and by ISO
//! country, the incident link carries the counts and ranges to the engine unchanged, and an
//! interview that cannot tell theft from loss leaves malice unknown.
//!
//! `cargo run --example mixed_vault`

use mamori::breach::{Organisation, assess};
use mamori::device::{Device, DeviceKind, Ownership, ScreenLock};
use mamori::incident::{
    DataItem, DataStorage, Event, EventData, Incident, InterviewAnswers, StolenOrDropped,
    assess_request,
};
use mamori::vault::{Contact, Vault, VaultOptions};

fn contact(name: &str, phones: &[&str]) -> Contact {
    Contact::new(name, phones)
}

fn main() -> mamori::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("mixed.mamori");
    // Minimum Argon2id cost keeps the demo quick; real vaults keep the default or stronger.
    let v = Vault::create(&path, b"4815162342", VaultOptions::fast_for_tests())?;

    let mut people = vec![
        contact("山田 太郎", &["090-1234-5678"]),
        // The same person again: same mobile, same name written without the space.
        contact("山田太郎", &["090-1234-5678"]),
        contact("Anna Schmidt", &["+49 30 901820"]),
        contact("Jonas Weber", &["+49 151 23456789"]),
        contact("John Miller", &["+1 212 555 0147"]),
        contact("김민준", &["+82 10-1234-5678"]),
        contact("内線の人", &["内線1234"]),
    ];
    // Three colleagues of a client company, listed only with its 代表番号.
    for n in ["佐藤 一郎", "鈴木 花子", "田中 次郎"] {
        people.push(contact(n, &["03-5555-0100"]));
    }
    let mut mail_only = contact("Marie Dubois", &[]);
    mail_only.emails = vec!["marie@example.fr".into()];
    people.push(mail_only);
    v.put_many(people)?;

    let m = v.manifest()?;
    println!("== vault manifest ({})", m.schema);
    println!(
        "contacts {}, persons {} (min {}, max {})",
        m.contacts,
        m.persons,
        m.persons_min,
        m.persons_max
            .map_or_else(|| "unbounded".to_string(), |n| n.to_string())
    );
    for (k, n) in &m.persons_by_jurisdiction {
        println!("  {k}: {n}");
    }

    // The phone is gone; the employee cannot tell whether it was stolen. The customers were
    // only in the vault.
    let mut dev = Device::new("P-7", DeviceKind::Phone, "SC-52C", Ownership::Company);
    dev.posture.screen_lock = ScreenLock::Pin { length: 6 };
    dev.posture.vault = Some(m);
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).expect("RFC 3339");
    let mut inc = Incident::new("INC-2026-012");
    inc.append(Event::new(
        at("2026-12-01T09:00:00+09:00"),
        "sales-kato",
        EventData::Reported {
            kind: mamori::breach::IncidentKind::Loss,
            device_id: Some("P-7".into()),
            reporter: "sales-kato".into(),
            summary: "company phone missing after a client visit".into(),
        },
    ))?;
    inc.append(Event::new(
        at("2026-12-01T09:15:00+09:00"),
        "soumu",
        EventData::InterviewAnswered {
            answers: Box::new(InterviewAnswers {
                stolen_or_dropped: Some(StolenOrDropped::CannotTell),
                data_on_device: Some(vec![DataItem {
                    description: "customer contacts".into(),
                    storage: DataStorage::MamoriVault,
                    persons: Default::default(),
                    sensitive: None,
                    financial_risk: None,
                }]),
                ..Default::default()
            }),
        },
    ))?;
    let org: Organisation = serde_json::from_value(serde_json::json!(
        {"type": "business", "role": "controller", "established_in": ["JP"]}
    ))
    .map_err(|e| mamori::Error::invalid("organisation", e.to_string()))?;
    let link = assess_request(&inc.state()?, Some(&dev), &org);
    println!("\n== request facts");
    println!(
        "data.persons = {}",
        serde_json::to_string(&link.request.data.persons).unwrap_or_default()
    );
    println!("data.malicious = {:?}", link.request.data.malicious);
    for n in &link.notes {
        println!("  note: {n}");
    }

    let a = assess(&link.request)?;
    println!("\n== assessment");
    for o in &a.obligations {
        println!("  {:<28} {:?}", o.id, o.status);
    }
    println!("missing facts: {}", a.missing_facts.join(", "));
    v.close()?;
    Ok(())
}
