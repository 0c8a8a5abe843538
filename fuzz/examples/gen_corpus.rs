//! Regenerates the binary seed corpora (vault files, phone numbers, rule packs, incident logs,
//! FFI selectors) under `fuzz/corpus/`. Deterministic (seeded RNG, fixed clock).
//!
//! `cargo run --manifest-path fuzz/Cargo.toml --example gen_corpus`

use std::fs;
use std::path::Path;

use chrono::DateTime;
use mamori::vault::{FixedClock, Vault, VaultOptions};
use mamori_fuzz::{VAULT_KEY, VAULT_PASSCODE, known_contacts};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;

fn opts(seed: u64) -> VaultOptions {
    let t = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    VaultOptions::fast_for_tests()
        .with_rng(ChaCha20Rng::seed_from_u64(seed))
        .with_clock(FixedClock(t))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(name), bytes).unwrap();
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let tmp = std::env::temp_dir().join(format!("mamori-gen-{}", std::process::id()));
    fs::create_dir_all(&tmp).unwrap();

    // Vault files: empty, all known contacts, after a delete, passcode-protected.
    let vf = root.join("vault_file");
    let mk = |name: &str, n: usize, delete: bool, passcode: bool| {
        let p = tmp.join(name);
        let _ = fs::remove_file(&p);
        let v = if passcode {
            Vault::create(&p, VAULT_PASSCODE, opts(n as u64 + 100)).unwrap()
        } else {
            Vault::create_with_raw_key(&p, &VAULT_KEY, opts(n as u64)).unwrap()
        };
        let ids = v
            .put_many(known_contacts().into_iter().take(n).collect())
            .unwrap();
        if delete {
            v.delete(&ids[0]).unwrap();
        }
        v.close().unwrap();
        drop(v);
        fs::read(&p).unwrap()
    };
    for (name, n, del, pc) in [
        ("empty", 0, false, false),
        ("four", 4, false, false),
        ("deleted", 4, true, false),
        ("passcode", 2, false, true),
    ] {
        let bytes = mk(name, n, del, pc);
        // selector byte: 1 = raw-key path, 0 = passcode path
        let mut input = vec![if pc { 0u8 } else { 1u8 }];
        input.extend_from_slice(&bytes);
        write(&vf, name, &input);
    }

    // Phone numbers: selector byte (region) + text.
    let ph = root.join("phone_normalize");
    for (i, s) in [
        "090-1234-5678",
        "+81 90 1234 5678",
        "０９０－１２３４－５６７８",
        "03(1234)5678",
        "+1 415-555-0123",
        "(415) 555-0123",
        "0120-123-456",
        "+44 20 7946 0958",
        "tel:+81-3-1234-5678",
        "１２３",
    ]
    .iter()
    .enumerate()
    {
        let mut input = vec![(i % 5) as u8];
        input.extend_from_slice(s.as_bytes());
        write(&ph, &format!("n{i}"), &input);
    }

    // Rule packs: the embedded default pack.
    write(
        &root.join("rule_pack"),
        "default.json",
        mamori::breach::DEFAULT_PACK_JSON.as_bytes(),
    );

    // Incident logs: <log> NUL <event>.
    let log = r#"{"schema":"mamori.incident.v1","id":"INC-F","events":[{"schema":"mamori.incident_event.v1","at":"2025-06-13T09:10:00+09:00","actor":"mgr","data":{"type":"reported","kind":"loss","device_id":"P-001","reporter":"sales","summary":"lost"}}]}"#;
    let ev = r#"{"schema":"mamori.incident_event.v1","at":"2025-06-13T09:20:00+09:00","actor":"mgr","data":{"type":"interview_answered","answers":{"noticed_missing_at":"2025-06-13T07:45:00+09:00","data_on_device":[{"description":"phonebook","storage":{"type":"plaintext"},"persons":{"JP":1200}}]}}}"#;
    let ev2 = r#"{"schema":"mamori.incident_event.v1","at":"2025-06-13T09:30:00+09:00","actor":"mgr","data":{"type":"carrier_line_suspended","carrier":"docomo"}}"#;
    let il = root.join("incident_log");
    write(
        &il,
        "empty",
        br#"{"schema":"mamori.incident.v1","id":"INC-E","events":[]}"#,
    );
    write(&il, "reported", log.as_bytes());
    write(&il, "append_interview", format!("{log}\0{ev}").as_bytes());
    write(&il, "append_carrier", format!("{log}\0{ev2}").as_bytes());

    // FFI JSON: selector (entry point) + JSON.
    let ff = root.join("ffi_json");
    let req = include_str!("../corpus/assess_json/lost_phone_1200.json");
    let contact = r#"{"name":"山田 太郎","phones":["090-1234-5678"],"tags":["vip"]}"#;
    let query = r#"{"now":"2025-06-14T09:00:00+09:00","device":null,"assessment":null}"#;
    let seeds: [(u8, &str); 12] = [
        (0, req),
        (1, mamori::breach::DEFAULT_PACK_JSON),
        (2, log),
        (3, ev),
        (4, query),
        (
            5,
            r#"{"now":"2025-06-14T09:00:00+09:00","organisation":{"type":"business","role":"controller","established_in":["JP"]}}"#,
        ),
        (
            6,
            r#"{"now":"2025-06-14T09:00:00+09:00","organisation":{"type":"business","role":"controller","established_in":["JP"]}}"#,
        ),
        (7, r#"{"schema":"mamori.register.v1","devices":[]}"#),
        (
            8,
            r#"{"command":"audit_due","since":"2025-01-01T00:00:00+09:00"}"#,
        ),
        (9, contact),
        (10, &format!("[{contact},{{\"name\":\"B\",\"phones\":[]}}]")),
        (
            11,
            r#"{"kdf":{"m_kib":8192,"t":1,"p":1},"default_region":"JP","remote_wipe":true}"#,
        ),
    ];
    for (sel, json) in seeds {
        let mut input = vec![sel];
        input.extend_from_slice(json.as_bytes());
        write(&ff, &format!("s{sel}"), &input);
    }
    // vault_ops: a few random byte strings are enough to start the structured fuzzer.
    for i in 0..4u8 {
        let bytes: Vec<u8> = (0..64u8)
            .map(|b| b.wrapping_mul(31).wrapping_add(i * 17))
            .collect();
        write(&root.join("vault_ops"), &format!("r{i}"), &bytes);
    }
    let _ = fs::remove_dir_all(&tmp);
    println!("corpora written under {}", root.display());
}
