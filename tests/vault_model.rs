//! Property test: random operation sequences against an in-memory model of the vault.

use std::collections::BTreeMap;

use chrono::DateTime;
use mamori::ErrorCode;
use mamori::vault::{Contact, ContactId, FixedClock, Vault, VaultOptions};
use proptest::prelude::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const PASS: &[u8] = b"model passcode";

#[derive(Debug, Clone)]
enum Op {
    /// A new contact with phones picked from a small pool (so numbers are shared).
    Put {
        name: u8,
        phones: Vec<u8>,
        sensitive: bool,
    },
    /// Replace the k-th existing contact (if any) with new phones.
    Replace {
        k: usize,
        phones: Vec<u8>,
    },
    PutMany(Vec<(u8, Vec<u8>)>),
    Delete {
        k: usize,
    },
    DeleteMissing(u64),
    Lookup {
        phone: u8,
        format: u8,
    },
    Search {
        name: u8,
    },
    Reopen,
    Compact,
}

fn op() -> impl Strategy<Value = Op> {
    let phones = || prop::collection::vec(0u8..24, 0..3);
    prop_oneof![
        4 => (any::<u8>(), phones(), any::<bool>()).prop_map(|(name, phones, sensitive)| Op::Put { name, phones, sensitive }),
        2 => (any::<usize>(), phones()).prop_map(|(k, phones)| Op::Replace { k, phones }),
        1 => prop::collection::vec((any::<u8>(), phones()), 0..6).prop_map(Op::PutMany),
        2 => any::<usize>().prop_map(|k| Op::Delete { k }),
        1 => any::<u64>().prop_map(Op::DeleteMissing),
        4 => (0u8..26, 0u8..4).prop_map(|(phone, format)| Op::Lookup { phone, format }),
        1 => (0u8..8).prop_map(|name| Op::Search { name }),
        1 => Just(Op::Reopen),
        1 => Just(Op::Compact),
    ]
}

fn e164(p: u8) -> String {
    format!("+8190{:04}{:04}", 1000 + p as u32, 5000 + p as u32)
}

fn formatted(p: u8, format: u8) -> String {
    let (a, b) = (1000 + p as u32, 5000 + p as u32);
    match format {
        0 => e164(p),
        1 => format!("090-{a}-{b}"),
        2 => format!("+81 90 {a} {b}"),
        _ => format!("090-{a}-{b}")
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap(),
                '-' => '－',
                c => c,
            })
            .collect(),
    }
}

fn contact(name: u8, phones: &[u8]) -> Contact {
    let p: Vec<String> = phones.iter().map(|p| formatted(*p, *p % 4)).collect();
    let refs: Vec<&str> = p.iter().map(String::as_str).collect();
    let mut c = Contact::new(format!("名前{} {}", name % 8, name), &refs);
    c.reading = Some(format!("なまえ{}", name % 8));
    c
}

/// The model: contact (with normalised phones) and its put sequence number.
#[derive(Default)]
struct Model {
    map: BTreeMap<ContactId, (Contact, u64)>,
    seq: u64,
}

impl Model {
    fn store(&mut self, id: ContactId, mut c: Contact, phones: &[u8]) {
        c.id = Some(id);
        c.phones = phones.iter().map(|p| e164(*p)).collect();
        self.seq += 1;
        self.map.insert(id, (c, self.seq));
    }
    fn nth(&self, k: usize) -> Option<ContactId> {
        if self.map.is_empty() {
            None
        } else {
            self.map.keys().nth(k % self.map.len()).copied()
        }
    }
}

fn opts(seed: u64) -> VaultOptions {
    VaultOptions::fast_for_tests()
        .with_rng(ChaCha20Rng::seed_from_u64(seed))
        .with_clock(FixedClock(
            DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
        ))
}

fn same(got: &Contact, want: &Contact) {
    assert_eq!(got.id, want.id);
    assert_eq!(got.name, want.name);
    assert_eq!(got.reading, want.reading);
    assert_eq!(got.phones, want.phones);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn vault_matches_model(ops in prop::collection::vec(op(), 1..40), seed in any::<u64>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.vault");
        let mut v = Vault::create(&path, PASS, opts(seed)).unwrap();
        let mut m = Model::default();
        for (step, op) in ops.into_iter().enumerate() {
            match op {
                Op::Put { name, phones, sensitive } => {
                    let mut c = contact(name, &phones);
                    c.sensitive = sensitive;
                    let id = v.put(c.clone()).unwrap();
                    prop_assert!(!m.map.contains_key(&id));
                    m.store(id, c, &phones);
                }
                Op::Replace { k, phones } => {
                    if let Some(id) = m.nth(k) {
                        let mut c = m.map[&id].0.clone();
                        c.phones = phones.iter().map(|p| formatted(*p, 1)).collect();
                        prop_assert_eq!(v.put(c.clone()).unwrap(), id);
                        m.store(id, c, &phones);
                    }
                }
                Op::PutMany(list) => {
                    let cs: Vec<Contact> = list.iter().map(|(n, p)| contact(*n, p)).collect();
                    let ids = v.put_many(cs.clone()).unwrap();
                    prop_assert_eq!(ids.len(), cs.len());
                    for ((id, c), (_, p)) in ids.into_iter().zip(cs).zip(&list) {
                        m.store(id, c, p);
                    }
                }
                Op::Delete { k } => {
                    if let Some(id) = m.nth(k) {
                        v.delete(&id).unwrap();
                        m.map.remove(&id);
                        prop_assert_eq!(v.get(&id).unwrap_err().code(), ErrorCode::NotFound);
                    }
                }
                Op::DeleteMissing(raw) => {
                    let id = ContactId::from_u64(raw);
                    if !m.map.contains_key(&id) {
                        prop_assert_eq!(v.delete(&id).unwrap_err().code(), ErrorCode::NotFound);
                    }
                }
                Op::Lookup { phone, format } => {
                    let want = m
                        .map
                        .values()
                        .filter(|(c, _)| c.phones.contains(&e164(phone)))
                        .max_by_key(|(_, s)| *s)
                        .map(|(c, _)| c.id);
                    let got = v.lookup_phone(&formatted(phone, format)).unwrap().map(|c| c.id);
                    prop_assert_eq!(got, want, "step {}", step);
                }
                Op::Search { name } => {
                    let prefix = format!("ナマエ{}", name);
                    let mut want: Vec<ContactId> = m
                        .map
                        .values()
                        .filter(|(c, _)| c.reading.as_deref() == Some(&format!("なまえ{name}")))
                        .map(|(c, _)| c.id.unwrap())
                        .collect();
                    want.sort();
                    let mut got: Vec<ContactId> =
                        v.search_name_prefix(&prefix).unwrap().into_iter().map(|c| c.id.unwrap()).collect();
                    got.sort();
                    prop_assert_eq!(got, want);
                }
                Op::Reopen => {
                    drop(v);
                    v = Vault::open(&path, PASS, opts(seed ^ step as u64)).unwrap();
                }
                Op::Compact => v.compact().unwrap(),
            }
            prop_assert_eq!(v.len().unwrap(), m.map.len());
        }
        // Final full comparison, in memory and after a reopen.
        for round in 0..2 {
            let list = v.list().unwrap();
            prop_assert_eq!(list.len(), m.map.len());
            for c in &list {
                same(c, &m.map[&c.id.unwrap()].0);
            }
            let manifest = v.manifest().unwrap();
            prop_assert_eq!(manifest.contacts as usize, m.map.len());
            prop_assert_eq!(manifest.sensitive, Some(m.map.values().any(|(c, _)| c.sensitive)));
            if round == 0 {
                drop(v);
                v = Vault::open(&path, PASS, opts(seed.wrapping_add(1))).unwrap();
            }
        }
        v.verify_access_log().unwrap();
        prop_assert!(v.damaged().unwrap().is_empty());
    }
}
