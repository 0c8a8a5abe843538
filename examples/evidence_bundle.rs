//! The evidence bundle (issue 29): one self-contained JSON file of the incident log, its chain
//! and signature checks, the device record and history, the assessments and the drafts, with a
//! SHA-256 digest over the whole, and the HTML report beside it. A lawyer, insurer or
//! regulator checks it with the library alone; one changed byte is caught.
//!
//! `cargo run --example evidence_bundle`

use chrono::{DateTime, FixedOffset};
use mamori::breach::IncidentKind;
use mamori::device::{Device, DeviceKind, Ownership, Register};
use mamori::incident::{
    BundleRequest, Event, EventData, Incident, IncidentSigner, TrustedKey, evidence_bundle,
    verify_bundle,
};
use zeroize::Zeroizing;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("valid time")
}

fn main() -> mamori::Result<()> {
    let mut reg = Register::new();
    let d = Device::new("P-1", DeviceKind::Phone, "SC-52C", Ownership::Company);
    reg.add(d, t("2026-12-01T09:00:00+09:00"), "soumu")?;
    reg.check_out(
        "P-1",
        "tanaka",
        t("2026-12-01T10:00:00+09:00"),
        None,
        "soumu",
    )?;

    // The incident desk signs every event with its own key (seed from the host's keychain).
    let desk = IncidentSigner::from_seed("soumu-desk-2026", Zeroizing::new([42u8; 32]))?;
    let mut inc = Incident::new("INC-2026-041");
    inc.append_signed(
        Event::new(
            t("2026-12-12T23:30:00+09:00"),
            "soumu",
            EventData::Reported {
                kind: IncidentKind::Loss,
                device_id: Some("P-1".into()),
                reporter: "tanaka".into(),
                summary: "社用スマートフォンを帰宅途中に紛失".into(),
            },
        ),
        &desk,
    )?;
    inc.append_signed(
        Event::new(
            t("2026-12-13T09:00:00+09:00"),
            "soumu",
            EventData::RemoteLockIssued {
                channel: "MDM".into(),
            },
        ),
        &desk,
    )?;
    let checkpoint = inc.checkpoint(&desk)?;

    let req = BundleRequest {
        incident: inc,
        device: reg.get("P-1").cloned(),
        device_history: reg.history_of("P-1").cloned().collect(),
        assessments: Vec::new(),
        trusted_keys: vec![TrustedKey {
            key_id: desk.key_id().into(),
            public_key: desk.public_key_hex(),
            holder: "総務部 incident desk".into(),
        }],
        checkpoints: vec![checkpoint],
        organisation_name: Some("株式会社サンプル".into()),
        now: t("2026-12-13T12:00:00+09:00"),
    };
    let files = evidence_bundle(&req)?;
    let dir = tempfile::tempdir()?;
    let json_path = dir.path().join("INC-2026-041.bundle.json");
    let html_path = dir.path().join("INC-2026-041.report.html");
    std::fs::write(&json_path, &files.json)?;
    std::fs::write(&html_path, &files.html)?;
    println!(
        "wrote {} ({} bytes) and {} ({} bytes)",
        json_path.display(),
        files.json.len(),
        html_path.display(),
        files.html.len()
    );

    let bundle = std::fs::read(&json_path)?;
    let html = std::fs::read(&html_path)?;
    let check = verify_bundle(&bundle, Some(&html));
    println!(
        "check: {:?}, digest {}, HTML matches: {:?}, chain: {:?}",
        check.status,
        check.digest.as_deref().unwrap_or("-"),
        check.html_matches,
        check.chain_status
    );
    let inside: mamori::incident::EvidenceBundle =
        serde_json::from_slice(&bundle).map_err(|e| mamori::Error::Internal(e.to_string()))?;
    println!("signatures: {}", inside.signatures.summary);

    // One byte changed (the device id P-1 → Q-1 inside the bundle) is caught.
    let mut forged = bundle.clone();
    if let Some(i) = forged.windows(5).position(|w| w == b"\"P-1\"") {
        forged[i + 1] = b'Q';
    }
    let bad = verify_bundle(&forged, Some(&html));
    println!(
        "after one changed byte: {:?}: {}",
        bad.status,
        bad.problems.join("; ")
    );
    Ok(())
}
