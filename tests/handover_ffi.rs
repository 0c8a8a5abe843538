//! Issue 16 through the C ABI: `lang` in the next-actions and plan queries, every message key
//! the playbook and the hand-over use exists in both languages, and the hand-over's
//! `mamori_handover_*` functions with their guards.

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use mamori::ffi::*;
use mamori::incident::{ActionId, WarningCode};
use mamori::text::{Lang, has_message};

fn last_error() -> String {
    unsafe { CStr::from_ptr(mamori_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn ok(f: impl FnOnce(*mut *mut c_char) -> mamori_result) -> serde_json::Value {
    let mut out = ptr::null_mut();
    let r = f(&mut out);
    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
    let s = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
    unsafe { mamori_string_free(out) };
    serde_json::from_str(&s).unwrap()
}

fn err(f: impl FnOnce(*mut *mut c_char) -> mamori_result) -> (mamori_result, String) {
    let mut out = ptr::null_mut();
    let r = f(&mut out);
    assert!(out.is_null(), "no output on failure");
    (r, last_error())
}

const NOW: &str = "2026-12-05T10:00:00+09:00";
const REPORTED: &str = r#"{"schema":"mamori.incident_event.v1","at":"2026-12-03T10:15:00+09:00","actor":"tanaka","data":{"type":"reported","kind":"loss","reporter":"tanaka","summary":"phone lost on a train"}}"#;

/// Every value of a unit enum, from its JSON schema.
fn variants<T: schemars::JsonSchema>() -> Vec<String> {
    let v = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let mut out = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    if k == "enum" {
                        out.extend(
                            x.as_array()
                                .unwrap()
                                .iter()
                                .filter_map(|s| s.as_str().map(str::to_string)),
                        );
                    } else if k == "const" {
                        out.extend(x.as_str().map(str::to_string));
                    } else {
                        walk(x, out);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&v, &mut out);
    out
}

#[test]
fn every_playbook_and_handover_message_key_exists_in_both_languages() {
    let actions = variants::<ActionId>();
    let warnings = variants::<WarningCode>();
    assert!(
        actions.len() >= 16 && warnings.len() >= 7,
        "{actions:?} {warnings:?}"
    );
    let mut keys: Vec<String> = actions
        .iter()
        .map(|a| format!("action.{a}.reason"))
        .chain(warnings.iter().map(|w| format!("warning.{w}")))
        .collect();
    for a in ["move_contacts", "revoke_key", "wipe_vault", "return_device"] {
        keys.push(format!("handover.action.{a}.title"));
        keys.push(format!("handover.action.{a}.reason"));
    }
    for k in [
        "started",
        "contacts_moved",
        "key_revoked.server_share_revoked",
        "key_revoked.host_key_destroyed",
        "key_revoked.platform_key_deleted",
        "key_revoked.nothing_to_revoke",
        "vault_wiped",
        "device_returned",
        "device_returned.register",
    ] {
        keys.push(format!("handover.step.{k}"));
    }
    for k in ["passcode_only", "file_not_removed", "chain_broken"] {
        keys.push(format!("handover.warning.{k}"));
    }
    keys.extend(
        [
            "handover.recipient.successor",
            "handover.recipient.company",
            "retention.summary",
        ]
        .map(String::from),
    );
    let missing: Vec<String> = keys
        .iter()
        .flat_map(|k| {
            [Lang::Ja, Lang::En]
                .into_iter()
                .filter(|l| !has_message(*l, k))
                .map(move |l| format!("{}:{k}", l.code()))
        })
        .collect();
    assert!(missing.is_empty(), "missing message keys: {missing:?}");
}

fn incident() -> *mut mamori_incident {
    let mut inc = ptr::null_mut();
    let id = c("INC-1");
    assert_eq!(
        unsafe { mamori_incident_new(id.as_ptr(), &mut inc) },
        mamori_result::MAMORI_OK
    );
    let ev = c(REPORTED);
    ok(|o| unsafe { mamori_incident_append(inc, ev.as_ptr(), o) });
    inc
}

#[test]
fn next_actions_and_plan_take_lang() {
    let inc = incident();
    let q = |lang: &str| c(&format!(r#"{{"now":"{NOW}"{lang}}}"#));
    let en = ok(|o| unsafe { mamori_incident_next_actions(inc, q("").as_ptr(), o) });
    let en2 =
        ok(|o| unsafe { mamori_incident_next_actions(inc, q(r#","lang":"en""#).as_ptr(), o) });
    let ja = ok(|o| unsafe { mamori_incident_next_actions(inc, q(r#","lang":"ja""#).as_ptr(), o) });
    assert_eq!(en, en2, "absent lang is English, as before");
    let first_en = &en[0];
    let first_ja = &ja[0];
    assert_eq!(first_en["id"], first_ja["id"]);
    assert_eq!(first_ja["title"], first_en["title_ja"]);
    assert_ne!(first_ja["reason"], first_en["reason"]);
    let reason = first_ja["reason"].as_str().unwrap();
    assert!(!reason.is_ascii(), "Japanese reason: {reason}");
    let (r, msg) =
        err(|o| unsafe { mamori_incident_next_actions(inc, q(r#","lang":"fr""#).as_ptr(), o) });
    assert_eq!(r, mamori_result::MAMORI_INVALID_INPUT);
    assert!(msg.contains("lang"), "{msg}");

    let mut log = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_incident_to_json(inc, &mut log) },
        mamori_result::MAMORI_OK
    );
    let log_s = unsafe { CStr::from_ptr(log) }.to_str().unwrap().to_string();
    unsafe { mamori_string_free(log) };
    unsafe { mamori_incident_free(inc) };
    let plan = |lang: &str| {
        let req = c(&format!(
            r#"{{"schema":"mamori.plan_request.v1","incident":{log_s},"now":"{NOW}"{lang}}}"#
        ));
        ok(|o| unsafe { mamori_incident_plan(req.as_ptr(), o) })
    };
    let p_en = plan("");
    let p_ja = plan(r#","lang":"ja""#);
    assert_eq!(p_en["next_actions"], en);
    assert_eq!(p_ja["next_actions"], ja);
}

const FAST: &str = r#"{"kdf":{"m_kib":8192,"t":1,"p":1}}"#;

fn vault(dir: &std::path::Path, name: &str, pass: &str) -> *mut mamori_vault {
    let path = c(dir.join(name).to_str().unwrap());
    let opts = c(FAST);
    let mut v = ptr::null_mut();
    let r = unsafe {
        mamori_vault_create(
            path.as_ptr(),
            pass.as_ptr(),
            pass.len(),
            opts.as_ptr(),
            &mut v,
        )
    };
    assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
    v
}

fn step(record: &serde_json::Value, extra: &str) -> CString {
    c(&format!(
        r#"{{"record":{record},"at":"{NOW}","actor":"it-suzuki"{extra}}}"#
    ))
}

#[test]
fn handover_through_the_c_abi_with_guards() {
    let dir = tempfile::tempdir().unwrap();
    let old_path = dir.path().join("old");
    let src = vault(dir.path(), "old", "correct horse battery staple");
    let dst = vault(dir.path(), "new", "another long passphrase!");
    for name in ["山田 太郎", "佐藤 花子"] {
        let j = c(&format!(
            r#"{{"name":"{name}","phones":["090-1234-5678"]}}"#
        ));
        let mut id = ptr::null_mut();
        let r = unsafe { mamori_vault_put(src, j.as_ptr(), &mut id) };
        assert_eq!(r, mamori_result::MAMORI_OK, "{}", last_error());
        unsafe { mamori_string_free(id) };
    }
    // Register with the device checked out to the leaver.
    let mut reg = ptr::null_mut();
    assert_eq!(
        unsafe { mamori_register_new(ptr::null(), &mut reg) },
        mamori_result::MAMORI_OK
    );
    for cmd in [
        r#"{"op":"add","device":{"schema":"mamori.device.v1","id":"P-007","kind":"phone","model":"SC-52C","ownership":"company","posture":{"screen_lock":{"type":"pin","length":6},"storage_encrypted":true,"mdm_enrolled":true,"remote_lock":true,"remote_locate":true,"remote_wipe":true}},"at":"2026-04-01T09:00:00+09:00","actor":"it"}"#,
        r#"{"op":"check_out","id":"P-007","assignee":"sales-tanaka","at":"2026-04-01T09:00:00+09:00","actor":"it"}"#,
    ] {
        let j = c(cmd);
        ok(|o| unsafe { mamori_register_apply(reg, j.as_ptr(), o) });
    }
    let start = c(&format!(
        r#"{{"start":{{"id":"HO-1","leaver":"sales-tanaka","recipient":"sales-suzuki","recipient_kind":"successor","device_id":"P-007"}},"at":"{NOW}","actor":"it-suzuki"}}"#
    ));
    let rec = ok(|o| unsafe { mamori_handover_start(src, reg, start.as_ptr(), o) });
    assert_eq!(rec["schema"], "mamori.handover.v1");
    // Out of order: wipe before the move is refused, nothing written, the vault intact.
    let (r, msg) = err(|o| unsafe { mamori_handover_wipe(src, step(&rec, "").as_ptr(), o) });
    assert_eq!(r, mamori_result::MAMORI_INVALID_EVENT);
    assert!(msg.contains("not verified"), "{msg}");
    assert!(old_path.exists());
    let status =
        ok(|o| unsafe { mamori_handover_status(c(&rec.to_string()).as_ptr(), ptr::null(), o) });
    assert_eq!(
        status["next_actions"][0]["title"],
        "顧客連絡先を後任者（または会社）の保管庫へ移す"
    );
    assert_eq!(status["next_actions"][0]["allowed"], true);
    assert_eq!(status["next_actions"][3]["allowed"], false);

    let rec = ok(|o| unsafe { mamori_handover_move(src, dst, step(&rec, "").as_ptr(), o) });
    assert_eq!(rec["steps"][1]["data"]["moved"], 2);
    let (r, msg) = err(|o| unsafe { mamori_handover_return(reg, step(&rec, "").as_ptr(), o) });
    assert_eq!(r, mamori_result::MAMORI_INVALID_EVENT);
    assert!(msg.contains("revoke_key"), "{msg}");
    // A member the step does not use is refused, not ignored.
    let (r, msg) = err(|o| unsafe {
        mamori_handover_key_retired(step(&rec, r#","path":"/tmp/x""#).as_ptr(), o)
    });
    assert_eq!(r, mamori_result::MAMORI_INVALID_INPUT);
    assert!(msg.contains("path"), "{msg}");
    let rec = ok(|o| unsafe { mamori_handover_key_retired(step(&rec, "").as_ptr(), o) });
    let p = old_path.to_str().unwrap().replace('\\', "\\\\");
    let rec = ok(|o| unsafe {
        mamori_handover_wipe(src, step(&rec, &format!(r#","path":"{p}""#)).as_ptr(), o)
    });
    assert_eq!(rec["steps"][3]["data"]["file_removed"], true);
    assert!(!old_path.exists());
    let rec = ok(|o| unsafe { mamori_handover_return(reg, step(&rec, "").as_ptr(), o) });
    let status = ok(|o| unsafe {
        mamori_handover_status(c(&rec.to_string()).as_ptr(), c("en").as_ptr(), o)
    });
    assert_eq!(status["complete"], true);
    assert_eq!(status["chain_verified"], true);
    assert!(
        status["warnings"][0]
            .as_str()
            .unwrap()
            .contains("passcode only")
    );
    // The register followed: back in stock.
    let get = c(r#"{"op":"get","id":"P-007"}"#);
    let reply = ok(|o| unsafe { mamori_register_apply(reg, get.as_ptr(), o) });
    assert_eq!(reply["entry"]["device"]["state"], "in_stock");
    // Retention over the destination (ids only).
    let q = c(r#"{"now":"2030-01-01T00:00:00+09:00","max_unused_days":365}"#);
    let ret = ok(|o| unsafe { mamori_handover_retention(dst, q.as_ptr(), o) });
    assert_eq!(ret["schema"], "mamori.retention.v1");
    assert_eq!(ret["delete"].as_array().unwrap().len(), 2);
    assert!(!ret.to_string().contains("山田"));
    unsafe {
        mamori_register_free(reg);
        mamori_vault_close(src);
        mamori_vault_close(dst);
    }
}
