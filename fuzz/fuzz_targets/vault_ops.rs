//! Vault operation sequences (structured via `arbitrary`) against an in-memory model
//! (`BTreeMap<id, contact>`): after every operation the vault holds exactly the model's
//! contacts; lookups find an owner of the number; reopening and compaction change nothing.
//!
//! Each input runs on a fresh vault file in `mamori_fuzz::scratch_dir()` (a tmpfs when there is
//! one: the per-operation syncs cost nothing), with a raw key (no KDF), an RNG seeded per input
//! and a fixed clock, so an input replays to the same ids and bytes.
#![no_main]

use std::collections::BTreeMap;
use std::path::PathBuf;

use arbitrary::Arbitrary;
use chrono::DateTime;
use libfuzzer_sys::fuzz_target;
use mamori::vault::{Contact, ContactId, FixedClock, Vault, VaultOptions};
use mamori_fuzz::{ContactContent, VAULT_KEY, content, scratch_dir};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;

/// Options with a seeded RNG and a fixed clock (`seed` differs per open of one input).
fn options(seed: u64) -> VaultOptions {
    VaultOptions::fast_for_tests()
        .with_rng(ChaCha20Rng::seed_from_u64(seed))
        .with_clock(FixedClock(
            DateTime::from_timestamp(1_780_000_000, 0).expect("valid"),
        ))
}

const NAMES: [&str; 6] = ["山田 太郎", "Suzuki", "ｱｲｳ", "", "O'Brien", "佐藤"];

#[derive(Arbitrary, Debug)]
struct Spec {
    name: u8,
    suffix: u16,
    phones: Vec<(u16, u8)>,
    sensitive: bool,
    tag: Option<u8>,
}

impl Spec {
    fn contact(&self) -> Contact {
        let phones: Vec<String> = self
            .phones
            .iter()
            .take(3)
            // Styles 0–2 write the same numbers (a few thousand of them, so contacts share
            // some) in three formats; style 4 is not a phone number (stored, never indexed).
            .map(|(n, style)| match style % 5 {
                0 => format!("+8190{:04}{:04}", n % 7, n % 10_000),
                1 => format!("090-{:04}-{:04}", n % 7, n % 10_000),
                2 => format!("０９０{:04}{:04}", n % 7, n % 10_000)
                    .chars()
                    .map(|c| {
                        char::from_u32(c as u32 + 0xFEE0)
                            .filter(|_| c.is_ascii_digit())
                            .unwrap_or(c)
                    })
                    .collect(),
                3 => format!("+1415555{:04}", n % 10_000),
                _ => format!("内線 {n}"),
            })
            .collect();
        let refs: Vec<&str> = phones.iter().map(String::as_str).collect();
        let mut c = Contact::new(
            format!(
                "{}{}",
                NAMES[usize::from(self.name) % NAMES.len()],
                self.suffix % 50
            ),
            &refs,
        );
        c.sensitive = self.sensitive;
        c.tags = self
            .tag
            .map(|t| vec![format!("t{}", t % 3)])
            .unwrap_or_default();
        c
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    Put(Spec),
    PutMany(Vec<Spec>),
    Update(u8, Spec),
    Delete(u8),
    DeleteMissing(u64),
    Lookup(u8, u8),
    Reopen,
    Compact,
}

struct Harness {
    path: PathBuf,
    vault: Option<Vault>,
    model: BTreeMap<u64, (ContactId, ContactContent)>,
}

impl Harness {
    fn v(&self) -> &Vault {
        self.vault.as_ref().expect("open")
    }
    fn nth(&self, i: u8) -> Option<ContactId> {
        if self.model.is_empty() {
            return None;
        }
        let k = usize::from(i) % self.model.len();
        self.model.values().nth(k).map(|(id, _)| id.clone())
    }
    fn check(&self) {
        let v = self.v();
        assert_eq!(
            v.len().expect("len"),
            self.model.len(),
            "count differs from the model"
        );
        for (id, want) in self.model.values() {
            let got = v.get(id).expect("a stored contact is readable");
            assert_eq!(&content(&got), want, "contact differs from the model");
        }
        let mut listed: Vec<u64> = v
            .list()
            .expect("list")
            .iter()
            .map(|c| c.id.as_ref().expect("listed contacts have ids").as_u64())
            .collect();
        listed.sort_unstable();
        assert_eq!(listed, self.model.keys().copied().collect::<Vec<_>>());
    }
}

fuzz_target!(|ops: Vec<Op>| {
    let path = scratch_dir().join(format!(
        "mamori-fuzz-vault-ops-{}.vault",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let vault = Vault::create_with_raw_key(&path, &VAULT_KEY, options(0)).expect("create");
    let mut opens = 0;
    let mut h = Harness {
        path: path.clone(),
        vault: Some(vault),
        model: BTreeMap::new(),
    };
    for op in ops.iter().take(24) {
        match op {
            Op::Put(s) => {
                let c = s.contact();
                let want = content(&c);
                if let Ok(id) = h.v().put(c) {
                    assert!(
                        h.model.insert(id.as_u64(), (id, want)).is_none(),
                        "id reused"
                    );
                }
            }
            Op::PutMany(specs) => {
                let cs: Vec<Contact> = specs.iter().take(4).map(Spec::contact).collect();
                let wants: Vec<_> = cs.iter().map(content).collect();
                if let Ok(ids) = h.v().put_many(cs) {
                    assert_eq!(ids.len(), wants.len());
                    for (id, w) in ids.into_iter().zip(wants) {
                        assert!(h.model.insert(id.as_u64(), (id, w)).is_none(), "id reused");
                    }
                }
            }
            Op::Update(i, s) => {
                if let Some(id) = h.nth(*i) {
                    let mut c = s.contact();
                    c.id = Some(id.clone());
                    let want = content(&c);
                    let got = h.v().put(c).expect("update of an existing contact");
                    assert_eq!(got.as_u64(), id.as_u64(), "update changed the id");
                    h.model.insert(id.as_u64(), (id, want));
                }
            }
            Op::Delete(i) => {
                if let Some(id) = h.nth(*i) {
                    h.v().delete(&id).expect("delete an existing contact");
                    h.model.remove(&id.as_u64());
                    assert!(h.v().get(&id).is_err(), "deleted contact still readable");
                }
            }
            Op::DeleteMissing(raw) => {
                if !h.model.contains_key(raw) {
                    assert!(h.v().delete(&ContactId::from_u64(*raw)).is_err());
                }
            }
            Op::Lookup(i, j) => {
                if let Some(id) = h.nth(*i) {
                    let phones = h.model[&id.as_u64()].1.3.clone();
                    if !phones.is_empty() {
                        let p = &phones[usize::from(*j) % phones.len()];
                        if p.starts_with('+') {
                            let found = h.v().lookup_phone(p).expect("lookup").expect("an owner");
                            let fid = found.id.as_ref().expect("id").as_u64();
                            assert!(h.model[&fid].1.3.contains(p), "lookup found a non-owner");
                        }
                    }
                }
            }
            Op::Reopen => {
                let v = h.vault.take().expect("open");
                v.close().expect("close");
                drop(v);
                opens += 1;
                h.vault = Some(
                    Vault::open_with_raw_key(&h.path, &VAULT_KEY, options(opens)).expect("reopen"),
                );
            }
            Op::Compact => h.v().compact().expect("compact"),
        }
        h.check();
    }
    let v = h.vault.take().expect("open");
    let _ = v.close();
    drop(v);
    let _ = std::fs::remove_file(&path);
});
