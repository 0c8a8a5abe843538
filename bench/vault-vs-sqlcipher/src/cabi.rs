//! `run-cabi`: what a C host pays. The mamori vault through its C ABI (`mamori_vault_*`, the
//! same `extern "C"` functions `libmamori` exports, called here without a JSON library) next to
//! the Rust API and next to SQLCipher 4 through its own C API (`sqlite3_prepare_v2` /
//! `sqlite3_bind_text` / `sqlite3_step` via `rusqlite::ffi`, i.e. the bundled SQLCipher C
//! library with no Rust wrapper on the hot path), in one process run on the same contacts.
//!
//! Rows: import (SQLCipher C API transaction; Rust `put_many`; C ABI `put_contacts` from a
//! struct array; C ABI `put_many` JSON), file size, caller ID (SQLCipher prepared statement
//! with the whole file in its page cache — its best case; Rust `caller_id`; C ABI
//! `caller_id_into`; C ABI `caller_id` JSON). Lookup rates are the median of `rounds`
//! interleaved rounds, each the median over 100-lookup chunks.

use std::ffi::{CStr, CString, c_char, c_int};
use std::path::Path;
use std::ptr;
use std::time::{Duration, Instant};

use mamori::ffi::*;
use mamori::vault::{Contact, ContactId, Vault, VaultOptions};
use rusqlite::ffi as sq;

use crate::generator::{self, GenContact, SEED};
use crate::stats::{chunked_rate, median, p50_p99};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn check(rc: c_int, db: *mut sq::sqlite3, what: &str) {
    if rc != sq::SQLITE_OK && rc != sq::SQLITE_DONE && rc != sq::SQLITE_ROW {
        let msg = unsafe { CStr::from_ptr(sq::sqlite3_errmsg(db)) };
        panic!("{what}: {rc} {msg:?}");
    }
}

fn exec(db: *mut sq::sqlite3, sql: &str) {
    let c = CString::new(sql).unwrap();
    let rc = unsafe { sq::sqlite3_exec(db, c.as_ptr(), None, ptr::null_mut(), ptr::null_mut()) };
    check(rc, db, sql);
}

fn open_sql(path: &Path, key: &str) -> *mut sq::sqlite3 {
    let p = CString::new(path.to_str().unwrap()).unwrap();
    let mut db = ptr::null_mut();
    let rc = unsafe {
        sq::sqlite3_open_v2(
            p.as_ptr(),
            &mut db,
            sq::SQLITE_OPEN_READWRITE | sq::SQLITE_OPEN_CREATE,
            ptr::null(),
        )
    };
    check(rc, db, "open");
    exec(db, &format!("PRAGMA key = '{key}'"));
    exec(db, "PRAGMA foreign_keys = ON");
    db
}

fn prepare(db: *mut sq::sqlite3, sql: &str) -> *mut sq::sqlite3_stmt {
    let c = CString::new(sql).unwrap();
    let mut st = ptr::null_mut();
    let rc = unsafe { sq::sqlite3_prepare_v2(db, c.as_ptr(), -1, &mut st, ptr::null_mut()) };
    check(rc, db, sql);
    st
}

fn bind_text(st: *mut sq::sqlite3_stmt, i: c_int, s: &str) {
    // SQLITE_STATIC: the string outlives the step.
    unsafe { sq::sqlite3_bind_text(st, i, s.as_ptr().cast(), s.len() as c_int, None) };
}

/// SQLCipher import through its C API: the schema and inserts of `sqlc::import`.
fn sql_import(path: &Path, key: &str, contacts: &[GenContact]) -> Duration {
    let t = Instant::now();
    let db = open_sql(path, key);
    exec(
        db,
        "CREATE TABLE contact(id INTEGER PRIMARY KEY, name TEXT, reading TEXT, company TEXT, \
         email TEXT, notes TEXT); \
         CREATE TABLE phone(number TEXT, contact_id INTEGER REFERENCES contact(id), kind TEXT); \
         CREATE INDEX phone_number ON phone(number);",
    );
    exec(db, "BEGIN");
    let ic = prepare(
        db,
        "INSERT INTO contact(id, name, reading, company, email, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    );
    let ip = prepare(
        db,
        "INSERT INTO phone(number, contact_id, kind) VALUES (?1, ?2, ?3)",
    );
    for c in contacts {
        unsafe { sq::sqlite3_bind_int64(ic, 1, c.id as i64) };
        bind_text(ic, 2, &c.name);
        bind_text(ic, 3, &c.reading);
        bind_text(ic, 4, &c.company);
        bind_text(ic, 5, &c.email);
        bind_text(ic, 6, &c.notes);
        check(unsafe { sq::sqlite3_step(ic) }, db, "insert contact");
        unsafe { sq::sqlite3_reset(ic) };
        for p in &c.phones {
            bind_text(ip, 1, p);
            unsafe { sq::sqlite3_bind_int64(ip, 2, c.id as i64) };
            bind_text(ip, 3, "mobile");
            check(unsafe { sq::sqlite3_step(ip) }, db, "insert phone");
            unsafe { sq::sqlite3_reset(ip) };
        }
    }
    unsafe {
        sq::sqlite3_finalize(ic);
        sq::sqlite3_finalize(ip);
    }
    exec(db, "COMMIT");
    unsafe { sq::sqlite3_close(db) };
    t.elapsed()
}

fn span(s: &str) -> mamori_str {
    mamori_str {
        ptr: s.as_ptr().cast(),
        len: s.len(),
    }
}

const NONE: mamori_str = mamori_str {
    ptr: ptr::null(),
    len: 0,
};

/// The C host's input: one struct per contact plus the phone/e-mail span arrays it points to.
struct CInput {
    phones: Vec<Vec<mamori_str>>,
    emails: Vec<[mamori_str; 1]>,
    items: Vec<mamori_contact_in>,
}

fn c_input(contacts: &[GenContact]) -> CInput {
    let phones: Vec<Vec<mamori_str>> = contacts
        .iter()
        .map(|c| c.phones.iter().map(|p| span(p)).collect())
        .collect();
    let emails: Vec<[mamori_str; 1]> = contacts.iter().map(|c| [span(&c.email)]).collect();
    let items = contacts
        .iter()
        .enumerate()
        .map(|(i, c)| mamori_contact_in {
            name: span(&c.name),
            reading: span(&c.reading),
            company: span(&c.company),
            phones: phones[i].as_ptr(),
            phones_len: phones[i].len(),
            emails: emails[i].as_ptr(),
            emails_len: 1,
            address: NONE,
            notes: if c.notes.is_empty() {
                NONE
            } else {
                span(&c.notes)
            },
            tags: ptr::null(),
            tags_len: 0,
            sensitive: 0,
        })
        .collect();
    CInput {
        phones,
        emails,
        items,
    }
}

fn c_create(path: &Path, pass: &str) -> *mut mamori_vault {
    let p = CString::new(path.to_str().unwrap()).unwrap();
    let mut v = ptr::null_mut();
    let r =
        unsafe { mamori_vault_create(p.as_ptr(), pass.as_ptr(), pass.len(), ptr::null(), &mut v) };
    assert_eq!(r, mamori_result::MAMORI_OK);
    v
}

fn c_open(path: &Path, pass: &str) -> *mut mamori_vault {
    let p = CString::new(path.to_str().unwrap()).unwrap();
    let mut v = ptr::null_mut();
    let r = unsafe { mamori_vault_open(p.as_ptr(), pass.as_ptr(), pass.len(), &mut v) };
    assert_eq!(r, mamori_result::MAMORI_OK);
    v
}

fn remove(p: &Path) {
    for suffix in ["", "-journal", ".lock", ".tmp"] {
        let mut s = p.as_os_str().to_owned();
        s.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(s));
    }
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

/// Median rate and p50/p99 latency of `one` over `numbers`.
struct Rate {
    rates: Vec<f64>,
    lat: Vec<Duration>,
}

impl Rate {
    fn new() -> Self {
        Rate {
            rates: Vec::new(),
            lat: Vec::new(),
        }
    }
    fn round(&mut self, count: usize, mut one: impl FnMut(usize) -> bool) {
        let mut hits = 0usize;
        self.rates.push(chunked_rate(count, |j| {
            if one(j) {
                hits += 1;
            }
        }));
        std::hint::black_box(hits);
        for j in 0..count.min(20_000) {
            let t = Instant::now();
            std::hint::black_box(one(j));
            self.lat.push(t.elapsed());
        }
    }
    fn summary(&mut self) -> (f64, f64, f64) {
        let (p50, p99) = p50_p99(&mut self.lat);
        (median(&mut self.rates), p50, p99)
    }
}

pub fn run(n: usize, dir: &Path, lookups: usize, rounds: usize, import_runs: usize) {
    const KEY: &str = "correct horse battery staple";
    std::fs::create_dir_all(dir).expect("dir");
    let contacts = generator::generate(n, SEED);
    let lk = generator::lookups(&contacts, lookups, 90, SEED ^ 0x1007);
    let sql_path = dir.join("cabi-sqlcipher.db");
    let rust_path = dir.join("cabi-rust.vault");
    let c_path = dir.join("cabi-c.vault");
    let json_path = dir.join("cabi-json.vault");
    let rust_input: Vec<Contact> = crate::vaultside::prepare(&contacts);
    let cin = c_input(&contacts);
    std::hint::black_box((&cin.phones, &cin.emails));
    let json_input = serde_json::to_string(&rust_input).unwrap();
    let json_c = CString::new(json_input).unwrap();
    println!(
        "workload: {} contacts, {} lookups (90 % hits), {} rounds",
        contacts.len(),
        lk.e164.len(),
        rounds
    );

    // 1. imports, interleaved
    let (mut t_sql, mut t_rust, mut t_c, mut t_json) = (vec![], vec![], vec![], vec![]);
    let mut c_ids = vec![mamori_contact_id { hex: [0; 17] }; contacts.len()];
    let mut rust_ids: Vec<ContactId> = Vec::new();
    for r in 0..import_runs {
        remove(&sql_path);
        let d = sql_import(&sql_path, KEY, &contacts);
        t_sql.push(ms(d));
        // Alternate which vault import goes first, so that neither always follows
        // SQLCipher's (or the other's) write-back.
        let mut rust_run = || {
            remove(&rust_path);
            let batch = rust_input.clone();
            let t = Instant::now();
            let v = Vault::create(&rust_path, KEY.as_bytes(), VaultOptions::default()).unwrap();
            rust_ids = v.put_many(batch).unwrap();
            drop(v);
            t_rust.push(ms(t.elapsed()));
        };
        let mut c_run = || {
            remove(&c_path);
            let t = Instant::now();
            let v = c_create(&c_path, KEY);
            let rc = unsafe {
                mamori_vault_put_contacts(
                    v,
                    cin.items.as_ptr(),
                    cin.items.len(),
                    c_ids.as_mut_ptr(),
                )
            };
            assert_eq!(rc, mamori_result::MAMORI_OK);
            unsafe { mamori_vault_close(v) };
            t_c.push(ms(t.elapsed()));
        };
        // Diagnostic: the C side's struct → `Contact` conversion alone (the Rust row's
        // contacts are built before its clock starts): the last element is made invalid, so
        // the call converts every contact and fails before writing anything.
        let mut broken = cin.items.clone();
        if let Some(last) = broken.last_mut() {
            last.name = mamori_str {
                ptr: ptr::null(),
                len: 1,
            };
        }
        let probe = c_create(&dir.join("cabi-probe.vault"), KEY);
        let t = Instant::now();
        let rc = unsafe {
            mamori_vault_put_contacts(probe, broken.as_ptr(), broken.len(), ptr::null_mut())
        };
        let conv = ms(t.elapsed());
        assert_eq!(rc, mamori_result::MAMORI_NULL_ARGUMENT);
        unsafe { mamori_vault_close(probe) };
        remove(&dir.join("cabi-probe.vault"));
        println!("  import run {r}: C struct -> Contact conversion alone {conv:.0} ms");
        if r % 2 == 0 {
            rust_run();
            c_run();
        } else {
            c_run();
            rust_run();
        }
        remove(&json_path);
        let t = Instant::now();
        let v = c_create(&json_path, KEY);
        let mut ids: *mut c_char = ptr::null_mut();
        let rc = unsafe { mamori_vault_put_many(v, json_c.as_ptr(), &mut ids) };
        assert_eq!(rc, mamori_result::MAMORI_OK);
        unsafe {
            mamori_string_free(ids);
            mamori_vault_close(v);
        }
        t_json.push(ms(t.elapsed()));
        println!(
            "  import run {r}: sqlcipher C {:.0} ms, rust put_many {:.0} ms, C put_contacts {:.0} ms, C put_many JSON {:.0} ms",
            t_sql[r], t_rust[r], t_c[r], t_json[r]
        );
    }
    let (sz_sql, sz_c, sz_rust) = (size(&sql_path), size(&c_path), size(&rust_path));

    // 2. caller ID, interleaved rounds; every answer checked once first
    let db = open_sql(&sql_path, KEY);
    exec(db, "PRAGMA cache_size=-262144");
    let st = prepare(db, crate::sqlc::LOOKUP_SQL);
    let sql_one = |num: &str| -> Option<i64> {
        unsafe {
            sq::sqlite3_reset(st);
            bind_text(st, 1, num);
            if sq::sqlite3_step(st) == sq::SQLITE_ROW {
                let id = sq::sqlite3_column_int64(st, 0);
                // Read name and company as a C host would (pointer + length).
                let name = sq::sqlite3_column_text(st, 1);
                let nl = sq::sqlite3_column_bytes(st, 1);
                let comp = sq::sqlite3_column_text(st, 2);
                let cl = sq::sqlite3_column_bytes(st, 2);
                std::hint::black_box((name, nl, comp, cl));
                Some(id)
            } else {
                None
            }
        }
    };
    let rv = Vault::open(&rust_path, KEY.as_bytes(), VaultOptions::default()).unwrap();
    let cv = c_open(&c_path, KEY);
    let mut buf = vec![0 as c_char; 1024];
    // The C host holds NUL-terminated numbers already: build them before the clock starts.
    let c_numbers: Vec<CString> = lk
        .e164
        .iter()
        .map(|n| CString::new(n.as_str()).unwrap())
        .collect();
    let mut into_one = |j: usize| -> Option<[c_char; 17]> {
        let p = &c_numbers[j];
        let mut out = std::mem::MaybeUninit::<mamori_caller_id>::uninit();
        let mut used = 0usize;
        let r = unsafe {
            mamori_vault_caller_id_into(
                cv,
                p.as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                out.as_mut_ptr(),
                &mut used,
            )
        };
        match r {
            mamori_result::MAMORI_OK => Some(unsafe { out.assume_init() }.id.hex),
            mamori_result::MAMORI_NOT_FOUND => None,
            other => panic!("caller_id_into: {other:?}"),
        }
    };
    let json_one = |j: usize| -> bool {
        let p = &c_numbers[j];
        let mut out: *mut c_char = ptr::null_mut();
        let r = unsafe { mamori_vault_caller_id(cv, p.as_ptr(), &mut out) };
        unsafe { mamori_string_free(out) };
        r == mamori_result::MAMORI_OK
    };
    for (i, num) in lk.e164.iter().enumerate() {
        let e = lk.expected[i];
        assert_eq!(sql_one(num).map(|x| x as u64), e, "sqlcipher answer");
        let want = e.map(|id| rust_ids[(id - 1) as usize]);
        assert_eq!(
            rv.caller_id(num).unwrap().map(|c| c.id),
            want,
            "rust answer"
        );
        let want_c = e.map(|id| c_ids[(id - 1) as usize].hex);
        assert_eq!(into_one(i), want_c, "C ABI answer");
        assert_eq!(json_one(i), e.is_some(), "C ABI JSON answer");
    }
    let (mut r_sql, mut r_rust, mut r_into, mut r_json) =
        (Rate::new(), Rate::new(), Rate::new(), Rate::new());
    let count = lk.e164.len();
    let numbers = &lk.e164;
    for _ in 0..rounds {
        r_sql.round(count, |j| sql_one(&numbers[j]).is_some());
        r_rust.round(count, |j| rv.caller_id(&numbers[j]).unwrap().is_some());
        r_into.round(count, |j| into_one(j).is_some());
        r_json.round(count, json_one);
    }
    unsafe {
        sq::sqlite3_finalize(st);
        sq::sqlite3_close(db);
        mamori_vault_close(cv);
    }
    drop(rv);

    let (s, r, c, j) = (
        r_sql.summary(),
        r_rust.summary(),
        r_into.summary(),
        r_json.summary(),
    );
    let (i_sql, i_rust, i_c, i_json) = (
        median(&mut t_sql),
        median(&mut t_rust),
        median(&mut t_c),
        median(&mut t_json),
    );
    println!("<!-- cabi-table -->");
    println!(
        "| metric | SQLCipher 4 (C API) | mamori Rust API | mamori C ABI, no JSON | mamori C ABI, JSON |"
    );
    println!("|---|---|---|---|---|");
    println!(
        "| bulk import, {n} contacts (ms, median of {import_runs}) | {i_sql:.0} | {i_rust:.0} (`put_many`) | {i_c:.0} (`put_contacts`) | {i_json:.0} (`put_many` JSON) |"
    );
    println!(
        "| import vs SQLCipher | 1× | {:.2}× faster | {:.2}× faster | {:.2}× faster |",
        i_sql / i_rust,
        i_sql / i_c,
        i_sql / i_json
    );
    println!(
        "| caller ID/s, E.164, whole file cached (median of {rounds} rounds) — p50 / p99 µs | {:.0} — {:.2} / {:.2} | {:.0} — {:.2} / {:.2} (`caller_id`) | {:.0} — {:.2} / {:.2} (`caller_id_into`) | {:.0} — {:.2} / {:.2} (`caller_id`) |",
        s.0, s.1, s.2, r.0, r.1, r.2, c.0, c.1, c.2, j.0, j.1, j.2
    );
    println!(
        "| caller ID vs SQLCipher's best case | 1× | {:.2}× | {:.2}× | {:.2}× |",
        r.0 / s.0,
        c.0 / s.0,
        j.0 / s.0
    );
    println!(
        "| C ABI caller ID vs Rust API |  | 1× | {:.3}× ({:+.1} %) | {:.3}× |",
        c.0 / r.0,
        (c.0 / r.0 - 1.0) * 100.0,
        j.0 / r.0
    );
    println!(
        "| file size (bytes) | {sz_sql} | {sz_rust} ({:.3}×) | {sz_c} ({:.3}×) |  |",
        sz_rust as f64 / sz_sql as f64,
        sz_c as f64 / sz_sql as f64
    );
    println!("<!-- /cabi-table -->");
    println!(
        "RATIOS caller_c_vs_sql={:.3} caller_c_vs_rust={:.3} import_c_vs_sql={:.3} size={:.3}",
        c.0 / s.0,
        c.0 / r.0,
        i_sql / i_c,
        sz_c as f64 / sz_sql as f64
    );
}
