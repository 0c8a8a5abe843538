//! The SQLCipher 4 side: v4 defaults, key given as a passphrase (`PRAGMA key`), schema and lookup
//! query of `shared/reference/peer-measurements.md` §3 (plus a `reading` column so that both
//! stores hold exactly the same bytes).

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, params};

use crate::generator::GenContact;
use crate::stats::LookupRun;

/// The lookup query of the reference measurement.
pub const LOOKUP_SQL: &str = "SELECT c.id, c.name, c.company FROM phone p JOIN contact c \
                              ON c.id = p.contact_id WHERE p.number = ?1";

fn open_keyed(path: &Path, key: &str) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "key", key)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

/// SQLCipher version and cipher settings, read back from the library (proves v4 defaults).
pub fn describe(path: &Path, key: &str) -> rusqlite::Result<String> {
    let conn = open_keyed(path, key)?;
    let version: String = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0))?;
    let sqlite: String = conn.query_row("SELECT sqlite_version()", [], |r| r.get(0))?;
    let provider: String = conn
        .query_row("PRAGMA cipher_provider_version", [], |r| r.get(0))
        .unwrap_or_default();
    let mut settings = Vec::new();
    let mut st = conn.prepare("PRAGMA cipher_settings")?;
    let rows = st.query_map([], |r| r.get::<_, String>(0))?;
    for r in rows {
        settings.push(r?.trim_end_matches(';').to_string());
    }
    Ok(format!(
        "SQLCipher {version} (SQLite {sqlite}, {provider}); {}",
        settings.join("; ")
    ))
}

/// Create the database and insert every contact in one transaction. The returned time covers
/// open + key + schema + inserts + COMMIT (the KDF runs at the first page write).
pub fn import(path: &Path, key: &str, contacts: &[GenContact]) -> rusqlite::Result<Duration> {
    let t = Instant::now();
    let mut conn = open_keyed(path, key)?;
    conn.execute_batch(
        "CREATE TABLE contact(id INTEGER PRIMARY KEY, name TEXT, reading TEXT, company TEXT, \
                              email TEXT, notes TEXT);
         CREATE TABLE phone(number TEXT, contact_id INTEGER REFERENCES contact(id), kind TEXT);
         CREATE INDEX phone_number ON phone(number);",
    )?;
    let tx = conn.transaction()?;
    {
        let mut ic = tx.prepare(
            "INSERT INTO contact(id, name, reading, company, email, notes) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut ip =
            tx.prepare("INSERT INTO phone(number, contact_id, kind) VALUES (?1, ?2, ?3)")?;
        for c in contacts {
            ic.execute(params![
                c.id as i64,
                c.name,
                c.reading,
                c.company,
                c.email,
                c.notes
            ])?;
            for p in &c.phones {
                ip.execute(params![p, c.id as i64, "mobile"])?;
            }
        }
    }
    tx.commit()?;
    drop(conn);
    Ok(t.elapsed())
}

/// Fresh-process measurement body: open + key + first lookup. Returns the time and the id found.
pub fn open_first_lookup(
    path: &Path,
    key: &str,
    number: &str,
) -> rusqlite::Result<(Duration, Option<i64>)> {
    let t = Instant::now();
    let conn = open_keyed(path, key)?;
    let id: Option<i64> = conn
        .query_row(LOOKUP_SQL, [number], |r| r.get(0))
        .optional()?;
    Ok((t.elapsed(), id))
}

/// Open, set the page cache (`cache_kib` KiB, SQLite's `PRAGMA cache_size=-N`), then run the
/// workload three times: pass 1 warms up, pass 2 measures throughput, pass 3 measures latency.
/// Every answer is checked against `expected`.
pub fn lookups(
    path: &Path,
    key: &str,
    cache_kib: u32,
    numbers: &[String],
    expected: &[Option<u64>],
) -> rusqlite::Result<LookupRun> {
    let conn = open_keyed(path, key)?;
    conn.execute_batch(&format!("PRAGMA cache_size=-{cache_kib};"))?;
    let mut st = conn.prepare(LOOKUP_SQL)?;
    let mut one = |n: &str| -> rusqlite::Result<Option<(i64, String, String)>> {
        st.query_row([n], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()
    };
    // pass 1: warm-up and correctness
    for (n, e) in numbers.iter().zip(expected) {
        let got = one(n)?.map(|r| r.0 as u64);
        assert_eq!(got, *e, "SQLCipher lookup returned a wrong answer");
    }
    // pass 2: throughput
    let mut hits = 0usize;
    let per_sec = crate::stats::chunked_rate(numbers.len(), |j| {
        if one(&numbers[j]).expect("lookup").is_some() {
            hits += 1;
        }
    });
    std::hint::black_box(hits);
    // pass 3: latency
    let mut lat = Vec::with_capacity(numbers.len());
    for n in numbers {
        let t = Instant::now();
        std::hint::black_box(one(n)?);
        lat.push(t.elapsed());
    }
    let (p50, p99) = crate::stats::p50_p99(&mut lat);
    Ok(LookupRun {
        per_sec,
        p50_us: p50,
        p99_us: p99,
    })
}

/// Passcode change: open with the old key and read one page first (so the old KDF is not
/// counted), then time `PRAGMA rekey` (new KDF + re-encryption of every page). Returns
/// (rekey time, open-with-old-key time).
pub fn rekey(path: &Path, old: &str, new: &str) -> rusqlite::Result<(Duration, Duration)> {
    let t0 = Instant::now();
    let conn = open_keyed(path, old)?;
    let _: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    let open = t0.elapsed();
    let t = Instant::now();
    conn.pragma_update(None, "rekey", new)?;
    let el = t.elapsed();
    drop(conn);
    // Check the new key opens it and the old one no longer does.
    let conn = open_keyed(path, new)?;
    let n: i64 = conn.query_row("SELECT count(*) FROM contact", [], |r| r.get(0))?;
    assert!(n > 0, "rekeyed database lost its rows");
    Ok((el, open))
}
