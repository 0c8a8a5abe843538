//! JSON Schemas for every JSON document that crosses the C ABI, generated from the Rust types
//! with `schemars` and committed under `schemas/`. This test regenerates them and fails if a
//! committed file differs, is missing or is left over. `MAMORI_BLESS=1 cargo test --test
//! schemas_drift` rewrites them. The Python binding tests validate library output against them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use schemars::{JsonSchema, schema_for};

fn schema<T: JsonSchema>() -> String {
    let mut s = serde_json::to_string_pretty(&schema_for!(T)).expect("schema serialises");
    s.push('\n');
    s
}

/// File name → schema. Every JSON shape accepted or returned by a `mamori_*` function.
fn schemas() -> BTreeMap<&'static str, String> {
    let mut m = BTreeMap::new();
    m.insert(
        "assess-request.schema.json",
        schema::<mamori::breach::AssessRequest>(),
    );
    m.insert(
        "assessment.schema.json",
        schema::<mamori::breach::Assessment>(),
    );
    m.insert("rulepack.schema.json", {
        let mut s = serde_json::to_string_pretty(&mamori::breach::RulePack::json_schema())
            .expect("schema serialises");
        s.push('\n');
        s
    });
    m.insert(
        "ics-request.schema.json",
        schema::<mamori::breach::IcsRequest>(),
    );
    m.insert("manifest.schema.json", schema::<mamori::vault::Manifest>());
    m.insert(
        "vault-anchor.schema.json",
        schema::<mamori::vault::Anchor>(),
    );
    m.insert(
        "vault-damage.schema.json",
        schema::<mamori::vault::DamageReport>(),
    );
    m.insert(
        "share-log.schema.json",
        schema::<mamori::vault::keyshare::ShareLog>(),
    );
    m.insert(
        "share-release-check.schema.json",
        schema::<mamori::vault::keyshare::ReleaseCheck>(),
    );
    m.insert(
        "vault-wipe.schema.json",
        schema::<mamori::vault::WipeReport>(),
    );
    m.insert(
        "vault-export.schema.json",
        schema::<mamori::vault::ExportReport>(),
    );
    m.insert("contact.schema.json", schema::<mamori::vault::Contact>());
    m.insert("caller-id.schema.json", schema::<mamori::vault::CallerId>());
    m.insert(
        "contacts.schema.json",
        schema::<Vec<mamori::vault::Contact>>(),
    );
    m.insert("contact-ids.schema.json", schema::<Vec<String>>());
    m.insert(
        "vault-options.schema.json",
        schema::<mamori::vault::VaultOptions>(),
    );
    m.insert(
        "access-log.schema.json",
        schema::<mamori::vault::AccessLog>(),
    );
    m.insert(
        "next-actions-query.schema.json",
        schema::<mamori::ffi::NextActionsQuery>(),
    );
    m.insert(
        "next-actions.schema.json",
        schema::<Vec<mamori::incident::NextAction>>(),
    );
    m.insert(
        "incident-assess-query.schema.json",
        schema::<mamori::ffi::IncidentAssessQuery>(),
    );
    m.insert(
        "assess-link.schema.json",
        schema::<mamori::incident::AssessLink>(),
    );
    m.insert(
        "plan-request.schema.json",
        schema::<mamori::incident::PlanRequest>(),
    );
    m.insert("plan.schema.json", schema::<mamori::incident::Plan>());
    m.insert(
        "timeline.schema.json",
        schema::<mamori::incident::Timeline>(),
    );
    m.insert("device.schema.json", schema::<mamori::device::Device>());
    m.insert("register.schema.json", schema::<mamori::device::Register>());
    m.insert(
        "register-command.schema.json",
        schema::<mamori::ffi::RegisterCommand>(),
    );
    m.insert(
        "register-reply.schema.json",
        schema::<mamori::ffi::RegisterReply>(),
    );
    m.insert(
        "bundle-request.schema.json",
        schema::<mamori::incident::BundleRequest>(),
    );
    m.insert(
        "evidence-bundle.schema.json",
        schema::<mamori::incident::EvidenceBundle>(),
    );
    m.insert(
        "bundle-check.schema.json",
        schema::<mamori::incident::BundleCheck>(),
    );
    m.insert(
        "signature-check.schema.json",
        schema::<mamori::incident::SignatureCheck>(),
    );
    m.insert(
        "signature-query.schema.json",
        schema::<mamori::ffi::SignatureQuery>(),
    );
    m.insert(
        "incident-checkpoint.schema.json",
        schema::<mamori::incident::Checkpoint>(),
    );
    m.insert(
        "inventory-audit.schema.json",
        schema::<mamori::inventory::InventoryAudit>(),
    );
    m.insert(
        "reconciliation.schema.json",
        schema::<mamori::inventory::Reconciliation>(),
    );
    m.insert(
        "incident.schema.json",
        schema::<mamori::incident::Incident>(),
    );
    m.insert(
        "incident-event.schema.json",
        schema::<mamori::incident::Event>(),
    );
    m.insert(
        "incident-state.schema.json",
        schema::<mamori::incident::IncidentState>(),
    );
    m.insert(
        "incident-warnings.schema.json",
        schema::<Vec<mamori::incident::Warning>>(),
    );
    m.insert(
        "chain-check.schema.json",
        schema::<mamori::incident::ChainCheck>(),
    );
    m.insert(
        "draft-request.schema.json",
        schema::<mamori::incident::DraftRequest>(),
    );
    m.insert(
        "report-draft.schema.json",
        schema::<mamori::incident::ReportDraft>(),
    );
    m.insert(
        "notice-draft.schema.json",
        schema::<mamori::incident::NoticeDraft>(),
    );
    m.insert(
        "veris-query.schema.json",
        schema::<mamori::ffi::VerisQuery>(),
    );
    // Issue 16: the leaver's hand-over.
    m.insert(
        "handover.schema.json",
        schema::<mamori::handover::Handover>(),
    );
    m.insert(
        "handover-status.schema.json",
        schema::<mamori::handover::HandoverStatus>(),
    );
    m.insert(
        "retention.schema.json",
        schema::<mamori::handover::RetentionReport>(),
    );
    m.insert(
        "handover-start-request.schema.json",
        schema::<mamori::ffi::HandoverStartRequest>(),
    );
    m.insert(
        "handover-step-request.schema.json",
        schema::<mamori::ffi::HandoverStepRequest>(),
    );
    m.insert(
        "retention-query.schema.json",
        schema::<mamori::ffi::RetentionQuery>(),
    );
    m.insert(
        "legal-hold.schema.json",
        schema::<mamori::incident::LegalHold>(),
    );
    m.insert(
        "vault-hold-request.schema.json",
        schema::<mamori::ffi::VaultHoldRequest>(),
    );
    m.insert(
        "share-hold-request.schema.json",
        schema::<mamori::ffi::ShareHoldRequest>(),
    );
    m.insert(
        "vault-holds.schema.json",
        schema::<Vec<mamori::vault::VaultHold>>(),
    );
    m.insert(
        "caller-directory.schema.json",
        schema::<mamori::vault::directory::Directory>(),
    );
    m.insert(
        "caller-directory-options.schema.json",
        schema::<mamori::vault::directory::DirectoryOptions>(),
    );
    m
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

#[test]
fn schemas_match_generation() {
    let fresh = schemas();
    let dir = dir();
    if std::env::var_os("MAMORI_BLESS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.to_string_lossy().ends_with(".schema.json") {
                std::fs::remove_file(p).unwrap();
            }
        }
        for (name, text) in &fresh {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let mut problems = Vec::new();
    for (name, text) in &fresh {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(old) if &old == text => {}
            Ok(_) => problems.push(format!("schemas/{name} is stale")),
            Err(_) => problems.push(format!("schemas/{name} is missing")),
        }
    }
    for e in std::fs::read_dir(&dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".schema.json") && !fresh.contains_key(name.as_str()) {
            problems.push(format!("schemas/{name} is not generated by any type"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nregenerate with `MAMORI_BLESS=1 cargo test --test schemas_drift` and commit",
        problems.join("\n")
    );
}

#[test]
fn schemas_are_json_schema_documents() {
    for (name, text) in schemas() {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(
            v["$schema"]
                .as_str()
                .unwrap_or("")
                .contains("json-schema.org"),
            "{name}"
        );
        assert!(
            v["properties"].is_object()
                || v["oneOf"].is_array()
                || v["anyOf"].is_array()
                || v["type"].is_string(),
            "{name}"
        );
    }
}
