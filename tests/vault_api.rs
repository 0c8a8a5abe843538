//! Public API of the contact vault: round trip, reopen, caller-ID formats, wrong passcode vs
//! corruption, bad input, passcode change, wipe, manifest, access log.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use mamori::vault::{AccessEvent, Contact, ContactId, FixedClock, KdfParams, Vault, VaultOptions};
use mamori::{Error, ErrorCode};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const PASS: &[u8] = b"correct horse 1234";

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap()
}

fn opts(seed: u64) -> VaultOptions {
    VaultOptions::fast_for_tests()
        .with_rng(ChaCha20Rng::seed_from_u64(seed))
        .with_clock(FixedClock(t0()))
}

fn yamada() -> Contact {
    let mut c = Contact::new("山田 太郎", &["090-1234-5678"]);
    c.reading = Some("やまだ たろう".into());
    c.company = Some("株式会社サンプル".into());
    c.emails = vec!["taro@example.jp".into()];
    c.tags = vec!["顧客".into()];
    c
}

fn code<T: std::fmt::Debug>(r: mamori::Result<T>) -> ErrorCode {
    r.expect_err("expected an error").code()
}

#[test]
fn round_trip_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.vault");
    let v = Vault::create(&path, PASS, opts(1)).unwrap();
    let id = v.put(yamada()).unwrap();
    let mut sato = Contact::new("佐藤 花子", &["+81 80 2222 3333", "03-1234-5678"]);
    sato.sensitive = true;
    let id2 = v.put(sato).unwrap();
    let got = v.get(&id).unwrap();
    assert_eq!(got.name, "山田 太郎");
    assert_eq!(got.phones, vec!["+819012345678".to_string()]);
    assert_eq!(got.created_at, Some(t0()));
    assert_eq!(got.id, Some(id));
    v.close().unwrap();
    assert_eq!(code(v.get(&id)), ErrorCode::InvalidInput);

    let v = Vault::open(&path, PASS, opts(2)).unwrap();
    assert_eq!(v.get(&id).unwrap(), got);
    assert_eq!(
        v.get(&id2).unwrap().phones,
        vec!["+818022223333", "+81312345678"]
    );
    assert_eq!(v.len().unwrap(), 2);
    assert_eq!(v.list().unwrap().len(), 2);
    // Replace by id.
    let mut changed = v.get(&id).unwrap();
    changed.notes = Some("VIP".into());
    changed.updated_at = None;
    assert_eq!(v.put(changed).unwrap(), id);
    assert_eq!(v.get(&id).unwrap().notes.as_deref(), Some("VIP"));
    assert_eq!(v.len().unwrap(), 2);
    // Delete.
    v.delete(&id2).unwrap();
    assert_eq!(code(v.get(&id2)), ErrorCode::NotFound);
    assert_eq!(code(v.delete(&id2)), ErrorCode::NotFound);
    drop(v);
    let v = Vault::open(&path, PASS, opts(3)).unwrap();
    assert_eq!(v.ids().unwrap(), vec![id]);
    assert_eq!(v.get(&id).unwrap().notes.as_deref(), Some("VIP"));
    assert!(v.damaged().unwrap().is_empty());
}

#[test]
fn lookup_in_all_number_formats() {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path().join("v"), PASS, opts(4)).unwrap();
    let id = v.put(yamada()).unwrap();
    let other = v.put(Contact::new("他人", &["090-9999-0000"])).unwrap();
    for s in [
        "090-1234-5678",
        "09012345678",
        "+81 90 1234 5678",
        "+819012345678",
        "0081 90 1234 5678",
        "00819012345678",
        "０９０－１２３４－５６７８",
        "＋８１　９０　１２３４　５６７８",
        "(090) 1234-5678",
    ] {
        let c = v.lookup_phone(s).unwrap().unwrap_or_else(|| panic!("{s}"));
        assert_eq!(c.id, Some(id), "{s}");
    }
    assert_eq!(
        v.lookup_phone("090-9999-0000").unwrap().unwrap().id,
        Some(other)
    );
    assert!(v.lookup_phone("090-1234-5679").unwrap().is_none());
    assert!(v.lookup_phone("+14155550100").unwrap().is_none());
    // Bad caller-ID input: a quick None or InvalidInput, never a panic.
    assert!(v.lookup_phone("😀📞😀").unwrap().is_none());
    assert!(v.lookup_phone("").unwrap().is_none());
    assert!(v.lookup_phone("not a number").unwrap().is_none());
    let huge = "9".repeat(10 * 1024 * 1024);
    let start = std::time::Instant::now();
    assert_eq!(code(v.lookup_phone(&huge)), ErrorCode::InvalidInput);
    assert!(start.elapsed().as_secs() < 2);
    assert!(v.lookup_phone(&"😀".repeat(100)).unwrap().is_none());
}

#[test]
fn wrong_passcode_is_not_corruption() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let v = Vault::create(&path, PASS, opts(5)).unwrap();
    v.put(yamada()).unwrap();
    drop(v);
    assert_eq!(
        code(Vault::open(&path, b"wrong", opts(6))),
        ErrorCode::WrongPasscode
    );
    assert_eq!(
        code(Vault::open(&path, b"", opts(6))),
        ErrorCode::InvalidInput
    );
    // Damage the header's static part: Corrupt, not WrongPasscode.
    let good = std::fs::read(&path).unwrap();
    let mut bad = good.clone();
    bad[40] ^= 0x01; // key id in the MAC'd header
    std::fs::write(&path, &bad).unwrap();
    assert_eq!(code(Vault::open(&path, PASS, opts(7))), ErrorCode::Corrupt);
    // Damage key slot A: Corrupt.
    let mut bad = good.clone();
    bad[160 + 60] ^= 0x80;
    std::fs::write(&path, &bad).unwrap();
    assert_eq!(code(Vault::open(&path, PASS, opts(7))), ErrorCode::Corrupt);
    // Wrong passcode on an intact file is still WrongPasscode after the failed attempt
    // above bumped the counter.
    std::fs::write(&path, &good).unwrap();
    assert_eq!(
        code(Vault::open(&path, b"nope", opts(8))),
        ErrorCode::WrongPasscode
    );
    let v = Vault::open(&path, PASS, opts(9)).unwrap();
    let log = v.access_log().unwrap();
    assert!(log.verified);
    let failed: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.event == AccessEvent::FailedOpens)
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].count, 2); // "wrong" before the copy was taken, then "nope"
}

#[test]
fn bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let v = Vault::create(&path, PASS, opts(10)).unwrap();
    v.put(yamada()).unwrap();
    drop(v);
    let good = std::fs::read(&path).unwrap();
    // Truncated inside the header.
    for cut in [0usize, 7, 8, 100, 511] {
        std::fs::write(&path, &good[..cut]).unwrap();
        assert_eq!(
            code(Vault::open(&path, PASS, opts(11))),
            ErrorCode::Corrupt,
            "cut {cut}"
        );
    }
    // Random bytes.
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &noise).unwrap();
    assert_eq!(code(Vault::open(&path, PASS, opts(11))), ErrorCode::Corrupt);
    // Unsupported version.
    let mut bad = good.clone();
    bad[8] = 9;
    std::fs::write(&path, &bad).unwrap();
    assert_eq!(
        code(Vault::open(&path, PASS, opts(11))),
        ErrorCode::UnsupportedVersion
    );
    // Huge length field in the last frame: dropped as a torn tail, earlier data intact.
    let mut bad = good.clone();
    let n = bad.len();
    bad.extend_from_slice(&[0xA1, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 1, 2, 3, 4, 5]);
    bad[n + 1] = 0xff;
    std::fs::write(&path, &bad).unwrap();
    let v = Vault::open(&path, PASS, opts(12)).unwrap();
    assert_eq!(v.list().unwrap().len(), 1);
    drop(v);
    // Truncated in the middle of the record frames: earlier frames survive.
    std::fs::write(&path, &good[..good.len() - 3]).unwrap();
    let v = Vault::open(&path, PASS, opts(13)).unwrap();
    assert!(v.len().unwrap() <= 1);
}

#[test]
fn kdf_bounds_on_create_and_open() {
    let dir = tempfile::tempdir().unwrap();
    for (m, t, p) in [
        (8191, 1, 1),
        (1024 * 1024 + 1, 1, 1),
        (8192, 0, 1),
        (8192, 11, 1),
        (8192, 1, 0),
        (8192, 1, 9),
    ] {
        let o = opts(14).with_kdf(KdfParams { m_kib: m, t, p });
        let r = Vault::create(dir.path().join(format!("v{m}-{t}-{p}")), PASS, o);
        assert_eq!(code(r), ErrorCode::ParamsOutOfBounds);
    }
    // A file whose slot claims t = 11 is refused on open before any KDF runs.
    let path = dir.path().join("ok");
    drop(Vault::create(&path, PASS, opts(15)).unwrap());
    let mut b = std::fs::read(&path).unwrap();
    b[160 + 16..160 + 20].copy_from_slice(&11u32.to_le_bytes());
    // Re-seal the slot checksum so only the bound is wrong.
    use sha2::Digest;
    let sum = sha2::Sha256::digest(&b[160..160 + 112]);
    b[160 + 112..160 + 128].copy_from_slice(&sum[..16]);
    std::fs::write(&path, &b).unwrap();
    assert_eq!(
        code(Vault::open(&path, PASS, opts(16))),
        ErrorCode::ParamsOutOfBounds
    );
}

#[test]
fn json_shapes() {
    let o: VaultOptions = mamori::error::from_json(
        r#"{"kdf": {"m_kib": 19456, "t": 2, "p": 1}, "default_region": "JP", "remote_wipe": true}"#,
    )
    .unwrap();
    assert_eq!(o.kdf, KdfParams::default());
    assert!(o.remote_wipe);
    let d: VaultOptions = mamori::error::from_json("{}").unwrap();
    assert_eq!(
        d.kdf,
        KdfParams {
            m_kib: 19456,
            t: 2,
            p: 1
        }
    );
    assert_eq!(d.default_region, "JP");
    let c: Contact =
        mamori::error::from_json(r#"{"name": "A", "phones": ["090-1234-5678"]}"#).unwrap();
    assert_eq!(c.name, "A");
    let e = mamori::error::from_json::<Contact>(r#"{"phones": []}"#).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let id: ContactId = serde_json::from_str("\"00000000000000ff\"").unwrap();
    assert_eq!(id.as_u64(), 255);
    assert!(!format!("{:?}", yamada()).contains("山田"));
}

#[test]
fn vault_is_send_sync_and_shared() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Vault>();
    let dir = tempfile::tempdir().unwrap();
    let v = Arc::new(Vault::create(dir.path().join("v"), PASS, opts(17)).unwrap());
    let id = v.put(yamada()).unwrap();
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let v = v.clone();
            std::thread::spawn(move || {
                for _ in 0..50 {
                    assert_eq!(
                        v.lookup_phone("090-1234-5678").unwrap().unwrap().id,
                        Some(id)
                    );
                }
                v.put(Contact::new(
                    format!("c{i}"),
                    &[&format!("090-0000-000{i}")],
                ))
                .unwrap()
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(v.len().unwrap(), 5);
}

#[test]
fn second_opener_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v");
    let v = Vault::create(&path, PASS, opts(18)).unwrap();
    assert_eq!(code(Vault::open(&path, PASS, opts(19))), ErrorCode::Locked);
    v.close().unwrap();
    Vault::open(&path, PASS, opts(19)).unwrap();
    let _ = Error::Locked;
}
