//! Issue 12: the facts pipeline never under-reports. For random vaults (persons of many
//! countries, shared switchboard numbers, e-mail-only contacts, extensions, damaged records)
//! and random interviews, the request that `assess_request` builds from the incident, the
//! device and the vault manifest
//! - never reports fewer persons than a count of the plaintext contacts written here,
//!   independently of the vault's rules (distinct names: every generated person has a name of
//!   their own, and each of their contacts carries it);
//! - never turns an unknown into `false` (malice, sensitivity, financial risk);
//! - always assesses without error.
//!
//! Cost: two minimum-cost Argon2id runs per case (create, reopen after the damage) on an
//! in-memory disk; few cases with many contacts.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};
use mamori::breach::{Count, IncidentKind, Organisation, assess};
use mamori::device::{Device, DeviceKind, Ownership};
use mamori::incident::{
    DataItem, DataStorage, Event, EventData, Incident, InterviewAnswers, StolenOrDropped,
    assess_request,
};
use mamori::vault::{Contact, FaultyStorage, MemDisk, Vault, VaultOptions};
use proptest::prelude::*;

const PASS: &[u8] = b"pipeline passcode";

/// Countries the generator writes numbers for, with a number in that country (valid E.164
/// shapes) for person `i`.
const COUNTRIES: [&str; 6] = ["JP", "DE", "US", "KR", "GB", "FR"];

fn number(country: &str, i: usize) -> String {
    match country {
        "JP" => format!("+8190{:08}", 10_000_000 + i),
        "DE" => format!("+49151{:08}", 20_000_000 + i),
        "US" => format!("+1212{:07}", 2_000_000 + i),
        "KR" => format!("+8210{:08}", 30_000_000 + i),
        "GB" => format!("+447700{:06}", 900_000 + i % 100_000),
        _ => format!("+336{:08}", 40_000_000 + i),
    }
}

/// Company switchboards shared by many contacts (JP, DE, US).
const SWITCHBOARDS: [(&str, &str); 3] = [
    ("+81355550100", "JP"),
    ("+493012345600", "DE"),
    ("+12125550100", "US"),
];

const SURNAMES: [&str; 6] = ["佐藤", "Müller", "Smith", "김", "Jones", "Dupont"];

/// One generated person: country of the personal number (None = no number), whether they
/// have an e-mail, a switchboard (index), an extension, and how many contact entries.
#[derive(Debug, Clone)]
struct PersonSpec {
    country: Option<u8>,
    email: bool,
    switchboard: Option<u8>,
    extension: bool,
    entries: u8,
}

fn person_spec() -> impl Strategy<Value = PersonSpec> {
    (
        proptest::option::weighted(0.7, 0u8..6),
        any::<bool>(),
        proptest::option::weighted(0.4, 0u8..3),
        proptest::bool::weighted(0.1),
        1u8..=3,
    )
        .prop_map(
            |(country, email, switchboard, extension, entries)| PersonSpec {
                country,
                email,
                switchboard,
                extension,
                entries,
            },
        )
}

/// The contacts of person `i` and the countries the test knows them to be in.
fn contacts_of(i: usize, p: &PersonSpec) -> (Vec<Contact>, BTreeSet<&'static str>) {
    let surname = SURNAMES[i % SURNAMES.len()];
    let mut countries = BTreeSet::new();
    let personal = p.country.map(|c| {
        let c = COUNTRIES[usize::from(c)];
        countries.insert(c);
        number(c, i)
    });
    let board = p.switchboard.map(|s| {
        let (n, c) = SWITCHBOARDS[usize::from(s)];
        countries.insert(c);
        n.to_string()
    });
    let mut out = Vec::new();
    for e in 0..p.entries {
        // The same name, written with or without the space.
        let name = if e % 2 == 0 {
            format!("{surname} {i}")
        } else {
            format!("{surname}{i}")
        };
        let mut c = Contact::new(name, &[]);
        // Every entry carries the personal number (or e-mail), so the entries of one person
        // are linked; the switchboard and the extension only sometimes.
        if let Some(n) = &personal {
            c.phones.push(n.clone());
        }
        if let Some(b) = &board
            && (e == 0 || personal.is_none())
        {
            c.phones.push(b.clone());
        }
        if p.extension && e == 0 {
            c.phones.push(format!("内線{}", 1000 + i));
        }
        if p.email {
            c.emails.push(format!("person{i}@example.com"));
        }
        out.push(c);
    }
    (out, countries)
}

/// The independent count: distinct names (spaces removed) among the contacts, and per
/// country the distinct names with a number there (the generator's own country table).
fn independent(
    people: &[(Vec<Contact>, BTreeSet<&'static str>)],
) -> (u64, BTreeMap<&'static str, u64>) {
    let mut names = BTreeSet::new();
    let mut by: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for (contacts, countries) in people {
        for c in contacts {
            let n = c.name.replace(' ', "");
            names.insert(n.clone());
            for k in countries {
                by.entry(k).or_default().insert(n.clone());
            }
        }
    }
    (
        names.len() as u64,
        by.into_iter().map(|(k, v)| (k, v.len() as u64)).collect(),
    )
}

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn org() -> Organisation {
    serde_json::from_value(
        serde_json::json!({"type": "business", "role": "controller", "established_in": ["JP"]}),
    )
    .unwrap()
}

const KINDS: [IncidentKind; 4] = [
    IncidentKind::Loss,
    IncidentKind::Theft,
    IncidentKind::Misdelivery,
    IncidentKind::Other,
];

fn count_strategy() -> impl Strategy<Value = Option<Count>> {
    prop_oneof![
        Just(None),
        (0u64..2000).prop_map(|n| Some(Count::exact(n))),
        (0u64..1000, 0u64..1500).prop_map(|(a, d)| Some(Count::range(a, Some(a + d)))),
    ]
}

fn plaintext_item() -> impl Strategy<Value = DataItem> {
    (
        proptest::collection::btree_map(
            proptest::sample::select(vec!["JP", "DE", "US", "unknown", "EU"]),
            count_strategy(),
            0..3,
        ),
        prop_oneof![Just(None), Just(Some(false)), Just(Some(true))],
        prop_oneof![Just(None), Just(Some(false)), Just(Some(true))],
    )
        .prop_map(|(persons, sensitive, financial_risk)| DataItem {
            description: "phonebook".into(),
            storage: DataStorage::Plaintext,
            persons: persons
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            sensitive,
            financial_risk,
        })
}

fn answer() -> impl Strategy<Value = Option<StolenOrDropped>> {
    prop_oneof![
        Just(None),
        Just(Some(StolenOrDropped::Stolen)),
        Just(Some(StolenOrDropped::Dropped)),
        Just(Some(StolenOrDropped::CannotTell)),
    ]
}

/// A vault on an in-memory disk holding `people` in batches of 7 (one transaction each) and a
/// last sentinel batch; with `damage = Some((batch, at))` one byte of that batch's bytes is
/// flipped before the vault is reopened.
fn vault_with(contacts: &[Contact], damage: Option<(usize, usize)>) -> Option<Vault> {
    let disk = Arc::new(Mutex::new(MemDisk {
        exists: true,
        ..MemDisk::default()
    }));
    let v = Vault::create_on_storage(
        Box::new(FaultyStorage::new(disk.clone())),
        PASS,
        VaultOptions::fast_for_tests(),
    )
    .unwrap();
    let mut spans = Vec::new();
    for batch in contacts.chunks(7) {
        let before = disk.lock().unwrap().current.clone();
        v.put_many(batch.to_vec()).unwrap();
        let after = disk.lock().unwrap().current.clone();
        if after.len() > before.len() && after.starts_with(&before) {
            spans.push((before.len(), after.len()));
        } else {
            // The write rewrote the file (a fresh vault sizing its index, or a compaction that
            // widened it): every earlier span is stale, and the batch's own bytes are somewhere
            // in the new image. What lies past the old length is still this vault's bytes
            // before the sentinel, so it stays a fair place to damage.
            spans.clear();
            if after.len() > before.len() {
                spans.push((before.len(), after.len()));
            }
        }
    }
    // The sentinel: damage is never in the last transaction (a damaged last transaction is a
    // torn write by design of the format; that is the vault's own test suite's business).
    v.put(Contact::new("sentinel", &[])).unwrap();
    v.close().unwrap();
    drop(v);
    if let Some((b, at)) = damage
        && !spans.is_empty()
    {
        let (from, to) = spans[b % spans.len()];
        let off = from + at % (to - from);
        disk.lock().unwrap().current[off] ^= 0x10;
    }
    match Vault::open_on_storage(
        Box::new(FaultyStorage::new(disk)),
        PASS,
        VaultOptions::fast_for_tests(),
    ) {
        Ok(v) => Some(v),
        Err(e) => {
            // A typed error (never a panic) is acceptable; there is no manifest to check.
            assert!(damage.is_some(), "undamaged vault failed to open: {e}");
            None
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_request_never_reports_fewer_persons_nor_turns_unknown_into_false(
        people in proptest::collection::vec(person_spec(), 1..80),
        damage in proptest::option::weighted(0.4, (any::<usize>(), any::<usize>())),
        kind in proptest::sample::select(KINDS.to_vec()),
        sod in answer(),
        plain in proptest::collection::vec(plaintext_item(), 0..3),
        in_vault in any::<bool>(),
    ) {
        let generated: Vec<_> = people.iter().enumerate().map(|(i, p)| contacts_of(i, p)).collect();
        let contacts: Vec<Contact> = generated.iter().flat_map(|(c, _)| c.clone()).collect();
        // The sentinel contact (e-mail-less, number-less) is one more person, of unknown country.
        let (truth, truth_by) = independent(&generated);
        let truth = truth + 1;
        let Some(vault) = vault_with(&contacts, damage) else { return Ok(()); };
        let m = vault.manifest().unwrap();

        // The manifest alone.
        // No upper bound (null) only where damage lost something whose contents are unknown.
        prop_assert!(m.persons_max.is_some() || damage.is_some(), "{:?}", m.lost);
        let max = m.persons_max.unwrap_or(u64::MAX);
        prop_assert!(max >= truth, "persons_max {} < {truth}", max);
        prop_assert!(m.persons_min <= max);
        prop_assert_eq!(m.persons, Count::range(m.persons_min, m.persons_max));
        let unknown_max = m
            .persons_by_jurisdiction
            .get("unknown")
            .map_or(0, |c| c.max().unwrap_or(u64::MAX));
        for (k, n) in &truth_by {
            let got = m.persons_by_jurisdiction.get(*k).and_then(Count::max).unwrap_or(0);
            prop_assert!(got.saturating_add(unknown_max) >= *n, "{k}: {got} + unknown {unknown_max} < {n}");
            if damage.is_none() {
                prop_assert!(got >= *n, "{k}: {got} < {n} without damage");
            }
        }
        for k in m.persons_by_jurisdiction.keys() {
            prop_assert!(k == "unknown" || (k.len() == 2 && k.bytes().all(|b| b.is_ascii_uppercase())), "key {k}");
        }

        // The incident.
        let mut items = plain.clone();
        if in_vault || items.is_empty() {
            items.push(DataItem {
                description: "customers (mamori vault)".into(),
                storage: DataStorage::MamoriVault,
                persons: BTreeMap::new(),
                sensitive: None,
                financial_risk: None,
            });
        }
        let mut inc = Incident::new("INC-PIPE");
        inc.append(Event::new(t("2026-03-02T09:00:00+09:00"), "sales", EventData::Reported {
            kind,
            device_id: Some("P-1".into()),
            reporter: "sales".into(),
            summary: "phone missing".into(),
        })).unwrap();
        inc.append(Event::new(t("2026-03-02T09:30:00+09:00"), "it", EventData::InterviewAnswered {
            answers: Box::new(InterviewAnswers {
                stolen_or_dropped: sod,
                data_on_device: Some(items.clone()),
                ..Default::default()
            }),
        })).unwrap();
        let mut dev = Device::new("P-1", DeviceKind::Phone, "X", Ownership::Company);
        dev.posture.vault = Some(m.clone());
        let link = assess_request(&inc.state().unwrap(), Some(&dev), &org());
        let r = &link.request;

        // Persons: never fewer than the plaintext items (summed here), or than the vault.
        let plain_with_persons: Vec<&DataItem> = plain.iter().filter(|i| !i.persons.is_empty()).collect();
        if plain_with_persons.is_empty() {
            let total_max: Option<u64> = r.data.persons.values().try_fold(0u64, |a, c| c.and_then(|c| c.max()).map(|m| a + m));
            prop_assert!(total_max.is_none_or(|t| t >= truth), "request total {total_max:?} < {truth}");
            for (k, n) in &truth_by {
                let got = r.data.persons.get(*k).copied().flatten().and_then(|c| c.max()).unwrap_or(0);
                // An unknown count or an unbounded maximum may hold everyone.
                let unk = r.data.persons.get("unknown").map_or(0, |c| c.and_then(|c| c.max()).unwrap_or(u64::MAX));
                prop_assert!(got.saturating_add(unk) >= *n, "request {k}: {got} + {unk} < {n}");
            }
        } else {
            let mut want: BTreeMap<&str, Option<u64>> = BTreeMap::new();
            for it in &plain_with_persons {
                for (k, c) in &it.persons {
                    let e = want.entry(k.as_str()).or_insert(Some(0));
                    *e = match (*e, c.and_then(|c| c.max())) {
                        (Some(a), Some(b)) => Some(a + b),
                        _ => None,
                    };
                }
            }
            for (k, w) in want {
                let got = r.data.persons.get(k);
                prop_assert!(got.is_some(), "key {k} lost");
                let got_max = got.copied().flatten().and_then(|c| c.max());
                match (w, got_max) {
                    (_, None) => {}
                    (Some(w), Some(g)) => prop_assert!(g >= w, "{k}: {g} < {w}"),
                    (None, Some(g)) => prop_assert!(false, "{k}: an unknown count became {g}"),
                }
            }
        }

        // Malice: unknown stays unknown.
        let expected = match sod {
            Some(StolenOrDropped::Stolen) => Some(true),
            _ if kind == IncidentKind::Theft => Some(true),
            Some(StolenOrDropped::Dropped) => Some(false),
            _ => None,
        };
        prop_assert_eq!(r.data.malicious, expected);
        // Sensitivity / financial risk of plaintext data: unknown never becomes false.
        if !plain_with_persons.is_empty() {
            for (get, want) in [
                (r.data.sensitive, plain_with_persons.iter().map(|i| i.sensitive).collect::<Vec<_>>()),
                (r.data.financial_risk, plain_with_persons.iter().map(|i| i.financial_risk).collect()),
            ] {
                if want.contains(&None) && !want.contains(&Some(true)) {
                    prop_assert_eq!(get, None);
                }
            }
        }

        // The engine accepts it.
        let a = assess(r);
        prop_assert!(a.is_ok(), "assess failed: {:?}\n{}", a.err(), serde_json::to_string(r).unwrap());
        let a = a.unwrap();
        if r.data.malicious.is_none()
            && r.data.protection.is_none()
            && a.obligations.iter().any(|o| o.id == "jp.appi.ppc.final")
        {
            // Unprotected data and unknown malice: the malice is named, never silently false.
            // (With the vault's protection the encryption exemption decides without it.)
            prop_assert!(a.missing_facts.iter().any(|f| f == "data.malicious")
                || a.obligations.iter().any(|o| o.id == "jp.appi.ppc.final" && o.status != mamori::breach::ObligationStatus::NotRequired),
                "malice unknown but not named: {:?}", a.missing_facts);
        }
    }
}
