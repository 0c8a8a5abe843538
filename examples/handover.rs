//! The leaver's hand-over (退職時の引継ぎ), from seed 003: a salesperson leaves; the customer
//! contacts on the company phone go to the successor, contacts unused for a year are left
//! behind for deletion, the leaver's server share is revoked, the old vault is crypto-erased
//! and the phone returns to the asset register. Every step is guarded and hash-chained.
//!
//! `cargo run --example handover`

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use mamori::device::{Device, DeviceKind, Ownership, Register};
use mamori::handover::{Handover, HandoverStart, RecipientKind, RetentionPolicy};
use mamori::text::Lang;
use mamori::vault::keyshare::ShareRegistry;
use mamori::vault::{Contact, FactorSource, FixedClock, KdfParams, Vault, VaultOptions};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("valid time")
}

fn options(seed: u64, clock: &str) -> VaultOptions {
    VaultOptions::default()
        .with_kdf(KdfParams::MIN)
        .with_rng(ChaCha20Rng::seed_from_u64(seed))
        .with_clock(FixedClock(t(clock).with_timezone(&Utc)))
}

fn main() -> mamori::Result<()> {
    let dir = tempfile::tempdir()?;
    let old_path = dir.path().join("tanaka.mamori");

    // The company's key server issued the leaver's share when the phone was enrolled.
    let mut server = ShareRegistry::new();
    let issued = server.issue(
        &mut ChaCha20Rng::seed_from_u64(1),
        t("2025-04-01T09:00:00+09:00").with_timezone(&Utc),
    );
    let mut challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(2));
    challenge[16..].copy_from_slice(&issued.id);
    let old = Vault::create_with_factor(
        &old_path,
        b"482913",
        FactorSource::Server,
        &challenge,
        &issued.share,
        options(3, "2025-04-01T09:00:00+09:00"),
    )?;
    let mut yamada = Contact::new("山田 太郎", &["090-1234-5678"]);
    yamada.company = Some("山田商事株式会社".into());
    let ids = old.put_many(vec![
        yamada,
        Contact::new("佐藤 花子", &["03-1234-5678"]),
        Contact::new("鈴木 一郎", &["080-9876-5432"]),
    ])?;
    let new = Vault::create(
        dir.path().join("suzuki.mamori"),
        b"successor passphrase 2026",
        options(4, "2026-06-30T10:00:00+09:00"),
    )?;

    let mut reg = Register::new();
    let issued_at = t("2025-04-01T09:00:00+09:00");
    reg.add(
        Device::new("P-007", DeviceKind::Phone, "SC-52C", Ownership::Company),
        issued_at,
        "it-suzuki",
    )?;
    reg.check_out("P-007", "sales-tanaka", issued_at, None, "it-suzuki")?;

    let now = t("2026-06-30T10:00:00+09:00");
    println!("== 退職時の引継ぎ（HO-2026-003）==");
    let mut h = Handover::start(
        &HandoverStart {
            id: "HO-2026-003".into(),
            leaver: "sales-tanaka".into(),
            recipient: "sales-suzuki".into(),
            recipient_kind: RecipientKind::Successor,
            device_id: Some("P-007".into()),
            share_id: Some(issued.id.iter().map(|b| format!("{b:02x}")).collect()),
        },
        &old,
        Some(&mut reg),
        now,
        "it-suzuki",
    )?;
    println!(
        "台帳: P-007 は {}",
        reg.get("P-007").map(|d| d.state.as_str()).unwrap_or("-")
    );

    // The guard: no erase before the move is verified.
    if let Err(e) = h.wipe_source(&old, Some(&old_path), now, "it-suzuki") {
        println!("ガード（移行前の消去を拒否）: {e}");
    }

    // Retention: the host's call log says 佐藤 was last called 400 days ago.
    let mut last_used = BTreeMap::new();
    last_used.insert(ids[0], now.with_timezone(&Utc) - Duration::days(3));
    last_used.insert(ids[1], now.with_timezone(&Utc) - Duration::days(400));
    last_used.insert(ids[2], now.with_timezone(&Utc) - Duration::days(20));
    let retention = mamori::handover::retention_review(
        &old,
        &RetentionPolicy {
            max_unused_days: 365,
        },
        Some(&last_used),
        now,
    )?;
    println!("{}", retention.summary(Lang::Ja));

    h.move_contacts(
        &old,
        &new,
        &retention.delete_ids(),
        now + Duration::minutes(5),
        "it-suzuki",
    )?;
    h.revoke_share(&mut server, &old, now + Duration::minutes(6), "it-suzuki")?;
    h.wipe_source(
        &old,
        Some(&old_path),
        now + Duration::minutes(7),
        "it-suzuki",
    )?;
    h.return_device(
        Some(&mut reg),
        Some("端末返却（総務へ）"),
        now + Duration::hours(1),
        "it-suzuki",
    )?;

    let st = h.status(Lang::Ja);
    println!("-- 記録 --");
    for line in &st.lines {
        println!("  {line}");
    }
    println!(
        "完了: {} / ハッシュチェーン: {} / 後任者の保管庫: {} 件 / 旧ファイル: {}",
        st.complete,
        if st.chain_verified {
            "検証済み"
        } else {
            "破損"
        },
        new.len()?,
        if old_path.exists() {
            "残存"
        } else {
            "削除済み"
        }
    );
    println!(
        "台帳: P-007 は {}（担当者なし）",
        reg.get("P-007").map(|d| d.state.as_str()).unwrap_or("-")
    );
    println!(
        "旧保管庫の複製: サーバ鍵片 {}",
        if server.is_revoked(&issued.id) {
            "失効済み（複製は開けない）"
        } else {
            "有効"
        }
    );
    Ok(())
}
