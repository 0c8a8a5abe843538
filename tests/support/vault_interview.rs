//! Fixtures of the incident-link tests: a `passcode+server` vault of 1,200 Japanese customers
//! and the interview of a lost phone whose only personal data is that vault (answered at
//! 09:10 on 5 December 2026, noticed missing at 07:40).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use mamori::incident::{
    DataItem, DataStorage, Event, EventData, InterviewAnswers, StolenOrDropped,
};
use mamori::vault::keyshare::ShareRegistry;
use mamori::vault::{Contact, FactorSource, Vault, VaultOptions};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;

/// The `interview_answered` event: last confirmed in hand at `last_seen`, `stolen_or_dropped`
/// as given, one data item (`description`) stored in the mamori vault.
pub fn vault_interview(
    last_seen: Option<DateTime<FixedOffset>>,
    stolen_or_dropped: StolenOrDropped,
    description: &str,
) -> Event {
    Event::new(
        DateTime::parse_from_rfc3339("2026-12-05T09:10:00+09:00").unwrap(),
        "mgr-yamada",
        EventData::InterviewAnswered {
            answers: Box::new(InterviewAnswers {
                last_confirmed_at: last_seen,
                noticed_missing_at: Some(
                    DateTime::parse_from_rfc3339("2026-12-05T07:40:00+09:00").unwrap(),
                ),
                stolen_or_dropped: Some(stolen_or_dropped),
                data_on_device: Some(vec![DataItem {
                    description: description.into(),
                    storage: DataStorage::MamoriVault,
                    persons: BTreeMap::new(),
                    sensitive: None,
                    financial_risk: None,
                }]),
                ..Default::default()
            }),
        },
    )
}

/// 1,200 Japanese customers (more than 1,000 persons: reportable in Japan unless exempt).
pub fn customers() -> Vec<Contact> {
    (0..1200u32)
        .map(|i| Contact::new(format!("顧客 {i}"), &[&format!("+81 90-7000-{i:04}")]))
        .collect()
}

/// A `passcode+server` vault enrolled with a fresh key server (share issued 2026-10-01) and
/// holding 1,200 Japanese customers.
pub fn enrolled(dir: &std::path::Path, seed: u64) -> (Vault, ShareRegistry, [u8; 16]) {
    let mut server = ShareRegistry::new();
    let issued = server.issue(
        &mut ChaCha20Rng::seed_from_u64(seed),
        DateTime::parse_from_rfc3339("2026-10-01T09:00:00+09:00")
            .unwrap()
            .to_utc(),
    );
    let mut challenge = Vault::new_challenge(&mut ChaCha20Rng::seed_from_u64(seed + 1));
    challenge[16..].copy_from_slice(&issued.id);
    let v = Vault::create_with_factor(
        dir.join("v"),
        b"258013",
        FactorSource::Server,
        &challenge,
        &issued.share,
        VaultOptions::fast_for_tests(),
    )
    .unwrap();
    v.put_many(customers()).unwrap();
    (v, server, issued.id)
}
