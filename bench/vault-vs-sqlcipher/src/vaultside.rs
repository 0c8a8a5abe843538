//! The mamori side: default Argon2id parameters, the same contacts, the same lookups.

use std::path::Path;
use std::time::{Duration, Instant};

use mamori::vault::{Contact, ContactId, Vault, VaultOptions};

use crate::generator::GenContact;
use crate::stats::{LookupRun, median, p50_p99};

/// The generated contacts as vault contacts (built before the clock starts, like the values
/// SQLCipher binds: both sides receive ready-made data).
pub fn prepare(contacts: &[GenContact]) -> Vec<Contact> {
    contacts
        .iter()
        .map(|c| {
            let mut v = Contact::default();
            v.name = c.name.clone();
            v.reading = Some(c.reading.clone());
            v.company = Some(c.company.clone());
            v.phones = c.phones.clone();
            v.emails = vec![c.email.clone()];
            v.notes = if c.notes.is_empty() {
                None
            } else {
                Some(c.notes.clone())
            };
            v
        })
        .collect()
}

/// Create the vault (one Argon2id run with the default parameters) and store every contact
/// with one `put_many` (one atomic batch, one fsync). Returns the time and the ids, in order.
pub fn import(path: &Path, pass: &str, input: &[Contact]) -> (Duration, Vec<ContactId>) {
    let batch = input.to_vec();
    let t = Instant::now();
    let v = Vault::create(path, pass.as_bytes(), VaultOptions::default()).expect("vault create");
    let ids = v.put_many(batch).expect("vault put_many");
    drop(v);
    (t.elapsed(), ids)
}

/// One line describing the vault's algorithm and KDF parameters (from its manifest).
pub fn describe(path: &Path, pass: &str) -> String {
    let v = Vault::open(path, pass.as_bytes(), VaultOptions::default()).expect("vault open");
    let m = v.manifest().expect("manifest");
    format!(
        "mamori vault: format v{}, {} contacts, {}, {} {}",
        m.format_version,
        m.contacts,
        m.algorithm,
        m.kdf,
        serde_json::to_string(&m.kdf_params).unwrap_or_default()
    )
}

/// Fresh-process measurement body: open (one Argon2id run) + first lookup.
pub fn open_first_lookup(path: &Path, pass: &str, number: &str) -> (Duration, Option<String>) {
    let t = Instant::now();
    let v = Vault::open(path, pass.as_bytes(), VaultOptions::default()).expect("vault open");
    let found = v.lookup_phone(number).expect("lookup");
    let el = t.elapsed();
    (el, found.and_then(|c| c.id).map(|i| i.to_hex()))
}

/// The incoming-call lookup: id, name and company (what SQLCipher's query selects).
fn one(v: &Vault, n: &str) -> Option<ContactId> {
    v.caller_id(n).expect("caller_id").map(|c| c.id)
}

/// The full-contact lookup (every field decoded).
fn one_full(v: &Vault, n: &str) -> Option<ContactId> {
    v.lookup_phone(n).expect("lookup").and_then(|c| c.id)
}

fn run_lookups(
    v: &Vault,
    numbers: &[String],
    expected: &[Option<ContactId>],
    one: fn(&Vault, &str) -> Option<ContactId>,
) -> LookupRun {
    // pass 1: warm-up and correctness
    for (n, e) in numbers.iter().zip(expected) {
        assert_eq!(one(v, n), *e, "vault lookup returned a wrong answer");
    }
    // pass 2: throughput
    let mut hits = 0usize;
    let per_sec = crate::stats::chunked_rate(numbers.len(), |j| {
        if one(v, &numbers[j]).is_some() {
            hits += 1;
        }
    });
    std::hint::black_box(hits);
    // pass 3: latency
    latency(v, numbers, per_sec, one)
}

/// Per-call latency of `one` over `numbers` (p50, p99), with the given throughput.
fn latency(
    v: &Vault,
    numbers: &[String],
    per_sec: f64,
    one: fn(&Vault, &str) -> Option<ContactId>,
) -> LookupRun {
    let mut lat = Vec::with_capacity(numbers.len());
    for n in numbers {
        let t = Instant::now();
        std::hint::black_box(one(v, n));
        lat.push(t.elapsed());
    }
    let (p50, p99) = p50_p99(&mut lat);
    LookupRun {
        per_sec,
        p50_us: p50,
        p99_us: p99,
    }
}

/// Caller-ID lookups (`caller_id`) with E.164 input, then with national-format input, then
/// full-contact lookups (`lookup_phone`) with E.164 input, on one open vault.
pub fn lookups(
    path: &Path,
    pass: &str,
    e164: &[String],
    national: &[String],
    expected: &[Option<ContactId>],
) -> (LookupRun, LookupRun, LookupRun) {
    let v = Vault::open(path, pass.as_bytes(), VaultOptions::default()).expect("vault open");
    let e = run_lookups(&v, e164, expected, one);
    let n = run_lookups(&v, national, expected, one);
    let f = run_lookups(&v, e164, expected, one_full);
    (e, n, f)
}

/// Lookups without the answer check (diagnostic `probe-lookups`).
pub fn lookups_unchecked(path: &Path, pass: &str, numbers: &[String]) -> LookupRun {
    let v = Vault::open(path, pass.as_bytes(), VaultOptions::default()).expect("vault open");
    let per_sec = crate::stats::chunked_rate(numbers.len(), |j| {
        std::hint::black_box(one(&v, &numbers[j]));
    });
    let full = crate::stats::chunked_rate(numbers.len(), |j| {
        std::hint::black_box(one_full(&v, &numbers[j]));
    });
    println!("  (full-contact lookup_phone: {full:.0} lookups/s)");
    latency(&v, numbers, per_sec, one)
}

/// Time `change_passcode` on an open vault (the open is not counted).
pub fn change_passcode(path: &Path, old: &str, new: &str) -> Duration {
    let v = Vault::open(path, old.as_bytes(), VaultOptions::default()).expect("vault open");
    let t = Instant::now();
    v.change_passcode(old.as_bytes(), new.as_bytes())
        .expect("change_passcode");
    let el = t.elapsed();
    drop(v);
    Vault::open(path, new.as_bytes(), VaultOptions::default())
        .expect("the new passcode must open the vault");
    el
}

/// Time `set_passcode` (no re-verification of the current passcode, like `PRAGMA rekey`) on
/// an open vault (the open is not counted).
pub fn set_passcode(path: &Path, old: &str, new: &str) -> Duration {
    let v = Vault::open(path, old.as_bytes(), VaultOptions::default()).expect("vault open");
    let t = Instant::now();
    v.set_passcode(new.as_bytes()).expect("set_passcode");
    let el = t.elapsed();
    drop(v);
    Vault::open(path, new.as_bytes(), VaultOptions::default())
        .expect("the new passcode must open the vault");
    el
}

/// One Argon2id run with the vault's default parameters (median of 5, 32-byte output), ms.
pub fn kdf_ms(_path: &Path, pass: &str) -> f64 {
    let o = VaultOptions::default();
    let params = argon2::Params::new(o.kdf.m_kib, o.kdf.t, o.kdf.p, Some(32)).expect("params");
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = [0u8; 32];
    let mut v = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        a.hash_password_into(pass.as_bytes(), b"0123456789abcdef", &mut out)
            .expect("argon2");
        v.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    median(&mut v)
}

/// Diagnostic: the cost of one lookup of the same number repeated (cache-hot).
pub fn probe(path: &Path, pass: &str, number: &str) {
    let v = Vault::open(path, pass.as_bytes(), VaultOptions::default()).expect("vault open");
    for _ in 0..3 {
        let t = Instant::now();
        for _ in 0..100_000 {
            std::hint::black_box(v.lookup_phone(std::hint::black_box(number)).unwrap());
        }
        println!(
            "{number}: {:.2} µs per lookup",
            t.elapsed().as_secs_f64() * 1e6 / 100_000.0
        );
    }
}
