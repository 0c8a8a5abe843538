//! Inventory reconciliation (棚卸), from seeds 001 and 003: the register says three phones are
//! out; the audit sees one with the wrong person, one that is recorded as lost, and a phone the
//! register does not know. The phone nobody saw gets a ready loss incident whose 速報 clock
//! starts at the audit and whose exposure window starts at its check-out.
//!
//! `cargo run --example inventory`

use chrono::{DateTime, FixedOffset};
use mamori::device::{Device, DeviceKind, LifecycleState, Ownership, Register};
use mamori::incident::Incident;
use mamori::inventory::{InventoryAudit, Sighting};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("valid time")
}

fn main() -> mamori::Result<()> {
    let mut reg = Register::new();
    for (id, serial) in [("P-1", "S1"), ("P-2", "S2"), ("P-3", "S3")] {
        let mut d = Device::new(id, DeviceKind::Phone, "SC-52C", Ownership::Company);
        d.serial = Some(serial.into());
        reg.add(d, t("2026-12-01T09:00:00+09:00"), "soumu")?;
    }
    reg.check_out(
        "P-1",
        "tanaka",
        t("2026-12-01T10:00:00+09:00"),
        None,
        "soumu",
    )?;
    reg.check_out("P-2", "sato", t("2026-12-01T10:05:00+09:00"), None, "soumu")?;
    reg.transition(
        "P-3",
        LifecycleState::Lost,
        t("2026-12-02T12:00:00+09:00"),
        "soumu",
        Some("INC-2026-031"),
    )?;

    let mut audit = InventoryAudit::new(t("2026-12-05T18:00:00+09:00"), "yamada");
    audit.location = Some("本社 3F".into());
    let seen = |serial: &str, held_by: Option<&str>| Sighting {
        id: None,
        imei: None,
        serial: Some(serial.into()),
        place: None,
        at: None,
        seen_by: None,
        held_by: held_by.map(str::to_string),
    };
    audit.seen = vec![
        seen("S2", Some("suzuki")),
        seen("S3", None),
        seen("X-77", None),
    ];

    let rec = reg.reconcile(&audit)?;
    println!("{}\n{}\n", rec.summary.ja, rec.summary.en);
    for issue in rec
        .missing
        .iter()
        .chain(&rec.unexpected)
        .chain(&rec.mis_held)
        .chain(&rec.wrong_state)
    {
        println!("- {}\n  {}", issue.text.ja, issue.text.en);
    }
    for m in &rec.incidents {
        let mut inc = Incident::new(format!("INC-INV-{}", m.device_id));
        for e in m.events.clone() {
            inc.append(e)?;
        }
        let f = inc.state()?.findings();
        println!(
            "\n{}: aware at {} ({}); exposure window from {}",
            inc.id,
            f.aware_at.to_rfc3339(),
            f.aware_basis,
            f.loss_window
                .map(|w| w.from.to_rfc3339())
                .unwrap_or_else(|| "unknown".into())
        );
    }
    println!(
        "\nregister history: {} entries ({} from this audit)",
        reg.history.len(),
        reg.history.iter().filter(|e| e.at == audit.at).count()
    );
    Ok(())
}
