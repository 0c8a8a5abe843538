//! mamori vault vs SQLCipher 4, side by side in one run, on the same 100,000 synthetic Japanese
//! contacts. See README.md for what is measured and how.
//!
//! ```text
//! vault-vs-sqlcipher run [--n 100000] [--dir DIR] [--open-runs 7] [--import-runs 3]
//!                        [--sql-lookups 20000] [--vault-lookups 200000] [--only sqlcipher|vault]
//! vault-vs-sqlcipher child-open sqlcipher|vault PATH PASSCODE NUMBER   (internal)
//! vault-vs-sqlcipher probe VAULT_PATH NUMBER                            (diagnostic)
//! ```

mod cabi;
mod generator;
mod sqlc;
mod stats;
mod vaultside;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use generator::{GenContact, SEED};
use stats::median;

const SQL_KEY: &str = "correct horse battery staple";
const SQL_KEY2: &str = "correct horse battery staple 2";
const VAULT_PASS: &str = "correct horse battery staple";
const VAULT_PASS2: &str = "correct horse battery staple 2";

struct Args {
    n: usize,
    dir: PathBuf,
    open_runs: usize,
    import_runs: usize,
    sql_lookups: usize,
    vault_lookups: usize,
    only: Option<String>,
}

fn parse_args(rest: &[String]) -> Args {
    let mut a = Args {
        n: 100_000,
        dir: PathBuf::from("bench-data"),
        open_runs: 7,
        import_runs: 3,
        sql_lookups: 20_000,
        vault_lookups: 200_000,
        only: None,
    };
    let mut it = rest.iter();
    while let Some(k) = it.next() {
        let v = it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--n" => a.n = v.parse().expect("--n"),
            "--dir" => a.dir = PathBuf::from(v),
            "--open-runs" => a.open_runs = v.parse().expect("--open-runs"),
            "--import-runs" => a.import_runs = v.parse().expect("--import-runs"),
            "--sql-lookups" => a.sql_lookups = v.parse().expect("--sql-lookups"),
            "--vault-lookups" => a.vault_lookups = v.parse().expect("--vault-lookups"),
            "--only" => a.only = Some(v.clone()),
            _ => panic!("unknown option {k}"),
        }
    }
    a
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("child-open") => child_open(&args[2..]),
        Some("run") => run(parse_args(&args[2..])),
        Some("run-cabi") => {
            let a = parse_args(&args[2..]);
            cabi::run(a.n, &a.dir, a.vault_lookups, 3, a.import_runs)
        }
        Some("probe") => vaultside::probe(Path::new(&args[2]), VAULT_PASS, &args[3]),
        Some("probe-lookups") => probe_lookups(&args[2..]),
        _ => {
            eprintln!(
                "usage: vault-vs-sqlcipher run [--n 100000] [--dir DIR] [--open-runs 7] \
                 [--import-runs 3] [--sql-lookups 20000] [--vault-lookups 200000] \
                 [--only sqlcipher|vault]"
            );
            std::process::exit(2);
        }
    }
}

/// Diagnostic: random E.164 lookups (the run's workload) on a vault left by a run, repeated
/// `ROUNDS` times; prints lookups/s and p50 per round. For profiling the lookup alone:
/// `probe-lookups DIR [ROUNDS]`.
fn probe_lookups(a: &[String]) {
    let dir = Path::new(&a[0]);
    let rounds: usize = a.get(1).map_or(3, |r| r.parse().expect("ROUNDS"));
    let contacts = generator::generate(100_000, SEED);
    let lk = generator::lookups(&contacts, 200_000, 90, SEED ^ 0x1007);
    for _ in 0..rounds {
        let r = vaultside::lookups_unchecked(&dir.join("contacts.vault"), VAULT_PASS, &lk.e164);
        println!("{:.0} lookups/s, p50 {:.2} µs", r.per_sec, r.p50_us);
    }
}

/// In a fresh process: open + key/passcode + first lookup; prints `<µs> <id or ->`.
fn child_open(a: &[String]) {
    let (which, path, pass, number) = (&a[0], Path::new(&a[1]), &a[2], &a[3]);
    let (el, id) = match which.as_str() {
        "sqlcipher" => {
            let (el, id) = sqlc::open_first_lookup(path, pass, number).expect("sqlcipher open");
            (el, id.map(|i| i.to_string()))
        }
        "vault" => vaultside::open_first_lookup(path, pass, number),
        _ => panic!("child-open sqlcipher|vault"),
    };
    println!(
        "{} {}",
        el.as_secs_f64() * 1e6,
        id.unwrap_or_else(|| "-".to_string())
    );
}

/// Spawns `child-open` `runs` times; returns (in-process ms, whole-process ms) medians.
fn fresh_process_opens(
    which: &str,
    path: &Path,
    pass: &str,
    number: &str,
    expect: &str,
    runs: usize,
) -> (f64, f64) {
    let exe = std::env::current_exe().expect("current_exe");
    let mut inproc = Vec::new();
    let mut whole = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let out = Command::new(&exe)
            .arg("child-open")
            .arg(which)
            .arg(path)
            .arg(pass)
            .arg(number)
            .output()
            .expect("spawn child");
        let w = t.elapsed();
        assert!(
            out.status.success(),
            "child failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let s = String::from_utf8(out.stdout).expect("utf8");
        let mut f = s.split_whitespace();
        let us: f64 = f.next().expect("µs").parse().expect("µs");
        let id = f.next().expect("id");
        assert_eq!(id, expect, "{which}: first lookup found the wrong contact");
        inproc.push(us / 1000.0);
        whole.push(w.as_secs_f64() * 1000.0);
    }
    (median(&mut inproc), median(&mut whole))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn remove_db(p: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm", ".lock", ".tmp"] {
        let mut s = p.as_os_str().to_owned();
        s.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(s));
    }
}

#[derive(Default)]
struct Side {
    import_ms: Vec<f64>,
    size: u64,
    open_inproc_ms: f64,
    open_process_ms: f64,
    kdf_ms: f64,
    change_ms: Vec<f64>,
    /// mamori's `set_passcode` (no re-verification), the like-for-like of `PRAGMA rekey`.
    set_ms: Vec<f64>,
}

fn run(a: Args) {
    std::fs::create_dir_all(&a.dir).expect("create --dir");
    let do_sql = a.only.as_deref() != Some("vault");
    let do_vault = a.only.as_deref() != Some("sqlcipher");
    let sql_path = a.dir.join("sqlcipher.db");
    let vault_path = a.dir.join("contacts.vault");

    let t = Instant::now();
    let contacts: Vec<GenContact> = generator::generate(a.n, SEED);
    let n_numbers: usize = contacts.iter().map(|c| c.phones.len()).sum();
    let bytes: usize = contacts.iter().map(GenContact::field_bytes).sum();
    let lk = generator::lookups(
        &contacts,
        a.vault_lookups.max(a.sql_lookups),
        90,
        SEED ^ 0x1007,
    );
    println!(
        "workload: {} contacts, {} distinct numbers, {:.1} bytes of field data per contact; \
         {} lookups (90 % hits); generated in {:.0} ms",
        contacts.len(),
        n_numbers,
        bytes as f64 / contacts.len() as f64,
        lk.e164.len(),
        ms(t.elapsed())
    );
    let first_number = contacts[contacts.len() / 2].phones[0].clone();
    let first_id = contacts[contacts.len() / 2].id;

    let mut sql = Side::default();
    let mut vlt = Side::default();
    let vault_input = if do_vault {
        Some(vaultside::prepare(&contacts))
    } else {
        None
    };
    let mut vault_ids = Vec::new();

    // 1. bulk import, interleaved runs
    for r in 0..a.import_runs {
        if do_sql {
            remove_db(&sql_path);
            let d = sqlc::import(&sql_path, SQL_KEY, &contacts).expect("sqlcipher import");
            println!("  import run {r}: sqlcipher {:.0} ms", ms(d));
            sql.import_ms.push(ms(d));
        }
        if let Some(input) = &vault_input {
            remove_db(&vault_path);
            let (d, ids) = vaultside::import(&vault_path, VAULT_PASS, input);
            vault_ids = ids;
            println!("  import run {r}: vault {:.0} ms", ms(d));
            vlt.import_ms.push(ms(d));
        }
    }
    drop(vault_input);
    if do_sql {
        sql.size = file_size(&sql_path);
        println!(
            "  {}",
            sqlc::describe(&sql_path, SQL_KEY).expect("describe")
        );
    }
    if do_vault {
        vlt.size = file_size(&vault_path);
        println!("  {}", vaultside::describe(&vault_path, VAULT_PASS));
    }

    // 2. open-to-first-lookup in a fresh process
    for _ in 0..1 {
        if do_sql {
            let (i, w) = fresh_process_opens(
                "sqlcipher",
                &sql_path,
                SQL_KEY,
                &first_number,
                &first_id.to_string(),
                a.open_runs,
            );
            sql.open_inproc_ms = i;
            sql.open_process_ms = w;
        }
        if do_vault {
            let (i, w) = fresh_process_opens(
                "vault",
                &vault_path,
                VAULT_PASS,
                &first_number,
                &vault_ids[(first_id - 1) as usize].to_hex(),
                a.open_runs,
            );
            vlt.open_inproc_ms = i;
            vlt.open_process_ms = w;
        }
    }

    // 3. caller-ID lookups
    let nsql = a.sql_lookups.min(lk.e164.len());
    let mut sql_default = None;
    let mut sql_full = None;
    if do_sql {
        sql_default = Some(
            sqlc::lookups(
                &sql_path,
                SQL_KEY,
                2000,
                &lk.e164[..nsql],
                &lk.expected[..nsql],
            )
            .expect("sqlcipher lookups"),
        );
        sql_full = Some(
            sqlc::lookups(
                &sql_path,
                SQL_KEY,
                262_144,
                &lk.e164[..nsql],
                &lk.expected[..nsql],
            )
            .expect("sqlcipher lookups"),
        );
    }
    let mut v_e164 = None;
    let mut v_nat = None;
    let mut v_full = None;
    if do_vault {
        let nv = a.vault_lookups.min(lk.e164.len());
        let expected: Vec<_> = lk.expected[..nv]
            .iter()
            .map(|e| e.map(|id| vault_ids[(id - 1) as usize]))
            .collect();
        let (e, n, f) = vaultside::lookups(
            &vault_path,
            VAULT_PASS,
            &lk.e164[..nv],
            &lk.national[..nv],
            &expected,
        );
        v_e164 = Some(e);
        v_nat = Some(n);
        v_full = Some(f);
    }

    // 4. passcode change (3 runs, alternating passcodes), and one KDF run on each side
    for r in 0..3 {
        let (o, n) = if r % 2 == 0 { (0, 1) } else { (1, 0) };
        if do_sql {
            let keys = [SQL_KEY, SQL_KEY2];
            let (d, open) = sqlc::rekey(&sql_path, keys[o], keys[n]).expect("rekey");
            println!(
                "  rekey run {r}: sqlcipher {:.0} ms (open+first read {:.0} ms)",
                ms(d),
                ms(open)
            );
            sql.change_ms.push(ms(d));
        }
        if do_vault {
            let p = [VAULT_PASS, VAULT_PASS2];
            let d = vaultside::set_passcode(&vault_path, p[o], p[n]);
            println!("  set_passcode run {r}: vault {:.1} ms", ms(d));
            vlt.set_ms.push(ms(d));
        }
    }
    // The vault's passcode is back where it started after an even number of changes; three
    // more with `change_passcode(old, new)` (re-verifies the old passcode: two KDF runs).
    for r in 0..3 {
        if do_vault {
            let p = [VAULT_PASS, VAULT_PASS2];
            let (o, n) = if r % 2 == 0 { (1, 0) } else { (0, 1) };
            let d = vaultside::change_passcode(&vault_path, p[o], p[n]);
            println!("  change_passcode run {r}: vault {:.1} ms", ms(d));
            vlt.change_ms.push(ms(d));
        }
    }
    // SQLCipher's KDF is what its open costs (PBKDF2 at the first page read): the in-process
    // open-to-first-row time minus a fraction of a millisecond of real work.
    sql.kdf_ms = sql.open_inproc_ms;
    if do_vault {
        vlt.kdf_ms = vaultside::kdf_ms(&vault_path, VAULT_PASS2);
    }

    report(
        &a,
        &contacts,
        &sql,
        &vlt,
        sql_default,
        sql_full,
        v_e164,
        v_nat,
        v_full,
        do_sql,
        do_vault,
    );
}

#[allow(clippy::too_many_arguments)]
fn report(
    a: &Args,
    contacts: &[GenContact],
    sql: &Side,
    vlt: &Side,
    sql_default: Option<stats::LookupRun>,
    sql_full: Option<stats::LookupRun>,
    v_e164: Option<stats::LookupRun>,
    v_nat: Option<stats::LookupRun>,
    v_full: Option<stats::LookupRun>,
    do_sql: bool,
    do_vault: bool,
) {
    let med = |v: &[f64]| {
        let mut v = v.to_vec();
        if v.is_empty() {
            f64::NAN
        } else {
            median(&mut v)
        }
    };
    let mut rows: Vec<[String; 5]> = Vec::new();
    let f0 = |x: f64| format!("{x:.0}");
    let f1 = |x: f64| format!("{x:.1}");
    let f2 = |x: f64| format!("{x:.2}");
    let ratio = |x: f64| format!("{x:.2}×");
    let yes = |b: bool| {
        if b {
            "met".to_string()
        } else {
            "MISSED".to_string()
        }
    };
    let both = do_sql && do_vault;

    let si = med(&sql.import_ms);
    let vi = med(&vlt.import_ms);
    rows.push([
        format!(
            "bulk import, {} contacts, one transaction / one batch (ms, median of {})",
            contacts.len(),
            a.import_runs
        ),
        f0(si),
        f0(vi),
        if both {
            format!("{} faster", ratio(si / vi))
        } else {
            "".into()
        },
        if both {
            format!("≥ 3× faster: {}", yes(si / vi >= 3.0))
        } else {
            "".into()
        },
    ]);
    rows.push([
        format!(
            "open → first lookup, in-process (ms, median of {} fresh processes)",
            a.open_runs
        ),
        f1(sql.open_inproc_ms),
        f1(vlt.open_inproc_ms),
        if both {
            ratio(vlt.open_inproc_ms / sql.open_inproc_ms)
        } else {
            "".into()
        },
        if both {
            format!(
                "≤ 0.5×: {}",
                yes(vlt.open_inproc_ms / sql.open_inproc_ms <= 0.5)
            )
        } else {
            "".into()
        },
    ]);
    rows.push([
        "open → first lookup, whole process incl. exec (ms, median)".into(),
        f1(sql.open_process_ms),
        f1(vlt.open_process_ms),
        if both {
            ratio(vlt.open_process_ms / sql.open_process_ms)
        } else {
            "".into()
        },
        if both {
            format!(
                "≤ 0.5×: {}",
                yes(vlt.open_process_ms / sql.open_process_ms <= 0.5)
            )
        } else {
            "".into()
        },
    ]);
    if let (Some(d), Some(f)) = (&sql_default, &sql_full) {
        rows.push([
            "SQLCipher lookups/s, default 2 MB page cache (E.164) — p50 / p99 µs".into(),
            format!("{} — {} / {}", f0(d.per_sec), f1(d.p50_us), f1(d.p99_us)),
            "".into(),
            "".into(),
            "".into(),
        ]);
        rows.push([
            "SQLCipher lookups/s, page cache holds the whole file (best case, E.164) — p50 / p99 µs".into(),
            format!("{} — {} / {}", f0(f.per_sec), f1(f.p50_us), f1(f.p99_us)),
            "".into(),
            "".into(),
            "".into(),
        ]);
    }
    let best = sql_full.as_ref().map(|f| f.per_sec).unwrap_or(f64::NAN);
    let best_p50 = sql_full.as_ref().map(|f| f.p50_us).unwrap_or(f64::NAN);
    if let Some(e) = &v_e164 {
        rows.push([
            "caller-ID lookups/s (id, name, company), E.164 input (`+819012345678`) — p50 / p99 µs"
                .into(),
            if do_sql {
                format!(
                    "{} — {} / {}",
                    f0(best),
                    f1(best_p50),
                    f1(sql_full.as_ref().unwrap().p99_us)
                )
            } else {
                "".into()
            },
            format!("{} — {} / {}", f0(e.per_sec), f2(e.p50_us), f2(e.p99_us)),
            if both {
                ratio(e.per_sec / best)
            } else {
                "".into()
            },
            if both {
                format!("≥ 10× best case: {}", yes(e.per_sec / best >= 10.0))
            } else {
                "".into()
            },
        ]);
    }
    if let Some(n) = &v_nat {
        rows.push([
            "caller-ID lookups/s (id, name, company), national input (`090-1234-5678`) — p50 / p99 µs".into(),
            if do_sql {
                format!("{} (E.164, best case)", f0(best))
            } else {
                "".into()
            },
            format!("{} — {} / {}", f0(n.per_sec), f2(n.p50_us), f2(n.p99_us)),
            if both {
                ratio(n.per_sec / best)
            } else {
                "".into()
            },
            if both {
                format!("≥ 2× best case: {}", yes(n.per_sec / best >= 2.0))
            } else {
                "".into()
            },
        ]);
    }
    if let Some(f) = &v_full {
        rows.push([
            "full-contact lookups/s (`lookup_phone`, every field), E.164 input — p50 / p99 µs"
                .into(),
            if do_sql {
                format!("{} (id, name, company; best case)", f0(best))
            } else {
                "".into()
            },
            format!("{} — {} / {}", f0(f.per_sec), f2(f.p50_us), f2(f.p99_us)),
            if both {
                ratio(f.per_sec / best)
            } else {
                "".into()
            },
            "".into(),
        ]);
    }
    let sc = med(&sql.change_ms);
    let vc = med(&vlt.set_ms);
    let vv = med(&vlt.change_ms);
    rows.push([
        "passcode change (ms, median of 3): `PRAGMA rekey` / `set_passcode` (neither re-checks the current key)".into(),
        f0(sc),
        f1(vc),
        if both {
            format!("{} faster", ratio(sc / vc))
        } else {
            "".into()
        },
        "".into(),
    ]);
    rows.push([
        "one KDF run (ms): PBKDF2-SHA512 ×256,000 (≈ open time) / Argon2id default params".into(),
        f1(sql.kdf_ms),
        f1(vlt.kdf_ms),
        "".into(),
        "".into(),
    ]);
    rows.push([
        "passcode change beyond one KDF run (ms)".into(),
        f0(sc - sql.kdf_ms),
        f1(vc - vlt.kdf_ms),
        "".into(),
        if do_vault {
            format!("< 50 ms: {}", yes(vc - vlt.kdf_ms < 50.0))
        } else {
            "".into()
        },
    ]);
    rows.push([
        "`change_passcode(old, new)` (ms, median of 3; re-verifies the old passcode: two KDF runs on two threads) — beyond one / two KDF runs".into(),
        "".into(),
        format!(
            "{} — {} / {}",
            f1(vv),
            f1(vv - vlt.kdf_ms),
            f1(vv - 2.0 * vlt.kdf_ms)
        ),
        "".into(),
        "".into(),
    ]);
    rows.push([
        "file size (bytes)".into(),
        sql.size.to_string(),
        vlt.size.to_string(),
        if both {
            ratio(vlt.size as f64 / sql.size as f64)
        } else {
            "".into()
        },
        if both {
            format!("≤ 1.0×: {}", yes(vlt.size <= sql.size))
        } else {
            "".into()
        },
    ]);

    println!();
    println!("| metric | SQLCipher 4 | mamori vault | vault vs SQLCipher | target |");
    println!("|---|---|---|---|---|");
    for r in rows {
        println!("| {} | {} | {} | {} | {} |", r[0], r[1], r[2], r[3], r[4]);
    }
}
