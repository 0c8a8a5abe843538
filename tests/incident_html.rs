//! The printable incident report: one self-contained HTML page; rendered in headless Chromium
//! to PNG and checked not blank when Chromium is present (skipped with a printed reason
//! otherwise; a failure under `MAMORI_REQUIRE_ALL=1`, see `tests/support/requires.rs`).

use std::process::Command;

#[path = "support/requires.rs"]
mod requires;

use mamori::incident::*;
use serde_json::json;

fn request() -> DraftRequest {
    let mut inc = Incident::new("INC-H");
    inc.append(Event::new(
        chrono::DateTime::parse_from_rfc3339("2025-06-13T09:10:00+09:00").unwrap(),
        "sales",
        EventData::Reported {
            kind: mamori::breach::IncidentKind::Loss,
            device_id: Some("P-001".into()),
            reporter: "sales".into(),
            summary: "紛失 <script>".into(),
        },
    ))
    .unwrap();
    serde_json::from_value(json!({"schema": DRAFT_REQUEST_SCHEMA, "incident": inc,
        "now": "2025-06-15T11:00:00+09:00"}))
    .unwrap()
}

#[test]
fn html_report_is_self_contained_and_escaped() {
    let html = html_report(&request()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"));
    assert!(html.contains("漏えい等報告（速報）"));
    assert!(!html.contains("<script"), "user text is escaped");
    assert!(
        !html.contains("http://")
            || html
                .matches("http://")
                .all(|_| html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    );
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let bin = ["chromium", "chromium-browser"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let missing = bin
        .is_none()
        .then(|| "chromium not found on PATH".to_string());
    if !requires::available(
        "html_report_renders_in_headless_chromium",
        missing,
        "apt-get install -y chromium",
    ) {
        return;
    }
    let bin = bin.expect("checked");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let png = dir.path().join("report.png");
    std::fs::write(&page, html_report(&request()).unwrap()).unwrap();
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1024,1400",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        png.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // A blank white page compresses to a few kilobytes; text, tables and the SVG do not.
    assert!(
        bytes.len() > 20_000,
        "PNG looks blank ({} bytes)",
        bytes.len()
    );
}
