//! A lost phone that is evidence: a legal hold (訴訟ホールド) turns the playbook's remote wipe
//! into "lock and locate", refuses the wipe in the incident, the register and the vault, and
//! lets it through only after an override recorded with who decided it and why.
//!
//! `cargo run --example legal_hold`

use chrono::{DateTime, FixedOffset, Utc};
use mamori::breach::IncidentKind;
use mamori::device::{Device, DeviceKind, LifecycleState, Ownership, Register};
use mamori::incident::{
    ActionId, Event, EventData, HoldAction, Incident, LocateResult, next_actions,
};
use mamori::vault::{Contact, FixedClock, Vault, VaultOptions};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("RFC 3339")
}

fn main() -> mamori::Result<()> {
    let mut phone = Device::new("P-001", DeviceKind::Phone, "SC-52C", Ownership::Company);
    phone.posture.remote_lock = true;
    phone.posture.remote_locate = true;
    phone.posture.remote_wipe = true;
    let mut register = Register::new();
    register.add(phone.clone(), t("2026-05-01T09:00:00+09:00"), "it")?;
    register.transition(
        "P-001",
        LifecycleState::Lost,
        t("2026-05-01T09:00:00+09:00"),
        "it",
        None,
    )?;

    let mut inc = Incident::new("INC-2026-021");
    let at = |s: &str, actor: &str, data| Event::new(t(s), actor, data);
    inc.append(at(
        "2026-05-01T09:00:00+09:00",
        "sales-tanaka",
        EventData::Reported {
            kind: IncidentKind::Loss,
            device_id: Some("P-001".into()),
            reporter: "sales-tanaka".into(),
            summary: "phone lost; the salesperson is leaving under a dispute".into(),
        },
    ))?;
    inc.append(at(
        "2026-05-01T09:20:00+09:00",
        "it",
        EventData::LocateAttempted {
            result: LocateResult::NoResponse,
            position: None,
        },
    ))?;
    // Counsel places the hold on the incident and on the device in the register.
    let why = "the phone's data is evidence in the dispute";
    inc.append(at(
        "2026-05-01T10:00:00+09:00",
        "legal-sato",
        EventData::LegalHoldPlaced {
            hold_id: "LH-2026-03".into(),
            reason: why.into(),
        },
    ))?;
    register.hold(
        "P-001",
        HoldAction::Place,
        "LH-2026-03",
        why,
        t("2026-05-01T10:00:00+09:00"),
        "legal-sato",
    )?;

    let actions = next_actions(
        &inc.state()?,
        Some(&phone),
        None,
        t("2026-05-01T12:00:00+09:00"),
    );
    if let Some(c) = actions
        .iter()
        .find(|a| a.id == ActionId::RemoteWipe)
        .and_then(|a| a.conflict.as_ref())
    {
        println!("next action (en): {}\n\nnext action (ja): {}\n", c.en, c.ja);
    }
    let wipe = at(
        "2026-05-01T12:00:00+09:00",
        "it",
        EventData::RemoteWipeIssued {
            channel: "MDM".into(),
        },
    );
    println!(
        "remote wipe in the incident log: {}",
        inc.append(wipe.clone()).unwrap_err()
    );
    let r = register.transition(
        "P-001",
        LifecycleState::Wiped,
        t("2026-05-01T12:00:00+09:00"),
        "it",
        None,
    );
    println!("register `wiped`: {}", r.unwrap_err());

    // The vault file on the phone carries its own hold in its authenticated access log.
    let dir = std::env::temp_dir().join(format!("mamori-legal-hold-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("contacts.mamori");
    let clock =
        |s: &str| VaultOptions::fast_for_tests().with_clock(FixedClock(t(s).with_timezone(&Utc)));
    let vault = Vault::create(
        &path,
        b"correct horse battery staple",
        clock("2026-05-01T10:00:00+09:00"),
    )?;
    vault.put(Contact::new("山田 太郎", &["090-1234-5678"]))?;
    vault.hold(HoldAction::Place, "LH-2026-03")?;
    vault.close()?;
    println!(
        "vault wipe_file: {}\n",
        Vault::wipe_file(&path).unwrap_err()
    );

    // Two days later the thief is known to have the phone: the CFO overrides, with a reason.
    let because = "the phone is in a thief's hands; exposure outweighs keeping it";
    inc.append(at(
        "2026-05-03T09:00:00+09:00",
        "cfo-ito",
        EventData::LegalHoldOverridden {
            hold_id: "LH-2026-03".into(),
            reason: because.into(),
        },
    ))?;
    register.hold(
        "P-001",
        HoldAction::Override,
        "LH-2026-03",
        because,
        t("2026-05-03T09:00:00+09:00"),
        "cfo-ito",
    )?;
    inc.append(wipe)?;
    register.transition(
        "P-001",
        LifecycleState::Wiped,
        t("2026-05-03T09:05:00+09:00"),
        "it",
        None,
    )?;
    let vault = Vault::open(
        &path,
        b"correct horse battery staple",
        clock("2026-05-03T09:00:00+09:00"),
    )?;
    vault.hold(HoldAction::Override, "LH-2026-03")?;
    vault.wipe()?;
    let _ = std::fs::remove_dir_all(&dir);
    for h in inc.state()?.holds {
        println!(
            "hold {} on {}: placed by {} ({}), overridden by {} ({}) — the wipe went ahead",
            h.hold_id,
            h.subject,
            h.placed.by,
            h.placed.reason,
            h.overrides[0].by,
            h.overrides[0].reason
        );
    }
    Ok(())
}
