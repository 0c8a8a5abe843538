//! Crash safety: a writer process is killed with SIGKILL at random points, many times; after each
//! kill the vault is reopened and every contact whose write had been acknowledged (the call had
//! returned) must be present and intact, nothing that was never written may appear, and after a
//! passcode change that was in flight either the old or the new passcode opens the vault. A
//! second test kills a writer that only changes passcodes, on the real file system.
//!
//! The writer is this very test binary, re-executed with `MAMORI_CRASH_WRITER` set (see
//! [`crash_writer_entry`]); it prints one line to stdout after each call returns, and the parent
//! reads those lines to know what was acknowledged.
#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use mamori::ErrorCode;
use mamori::vault::{Contact, ContactId, Vault, VaultOptions};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

const ENV_MODE: &str = "MAMORI_CRASH_WRITER";
const PASSCODES: [&str; 4] = [
    "first passcode",
    "second passcode",
    "third passcode",
    "fourth passcode",
];
const ROUNDS: u64 = 50;
const PASS_ROUNDS: u64 = 60;

/// The two parent tests run one at a time: a child spawned by one would otherwise inherit, for
/// the instant between fork and exec, the other's open (and `flock`ed) vault descriptor, and the
/// other's reopen would see `Locked`.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn opts() -> VaultOptions {
    VaultOptions::fast_for_tests()
}

/// The contact whose content is derived from `key` (so the parent can rebuild what the child
/// wrote from the key printed in the acknowledgement).
fn contact_for(key: u64) -> Contact {
    let mut c = Contact::new(
        format!("顧客 {key:016x} 山田"),
        &[&format!("+8190{:08}", key % 100_000_000)],
    );
    c.reading = Some(format!("ヤマダ {key}"));
    c.company = Some(format!("株式会社テスト{}", key % 97));
    c.emails = vec![format!("c{key:x}@example.jp")];
    c.notes = Some("メモ".repeat((key % 23) as usize));
    c
}

/// Compare the fields the test wrote (ids and timestamps are the vault's business).
fn same_content(a: &Contact, b: &Contact) -> bool {
    a.name == b.name
        && a.reading == b.reading
        && a.company == b.company
        && a.phones == b.phones
        && a.emails == b.emails
        && a.notes == b.notes
}

// ---------------------------------------------------------------- child (writer) side

/// The writer: only does something when re-executed by [`sigkill_at_random_points`].
#[test]
#[ignore = "child-process entry of the crash test; runs only when MAMORI_CRASH_WRITER is set"]
fn crash_writer_entry() {
    let Ok(spec) = std::env::var(ENV_MODE) else {
        return;
    };
    // spec = "<path>|<passcode index>|<seed>|<first key>"
    let parts: Vec<&str> = spec.split('|').collect();
    let path = Path::new(parts[0]);
    let pass_idx: usize = parts[1].parse().unwrap();
    let seed: u64 = parts[2].parse().unwrap();
    let mut next_key: u64 = parts[3].parse().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let vault = Vault::open(path, PASSCODES[pass_idx].as_bytes(), opts()).expect("writer: open");
    println!("@@ OPEN");
    let mut pass_idx = pass_idx;
    if parts.get(4) == Some(&"passcodes") {
        // Passcode changes only, back to back.
        for _ in 0..500 {
            let new_idx = (pass_idx + 1) % PASSCODES.len();
            println!("@@ BEGINPASS {new_idx}");
            vault
                .change_passcode(
                    PASSCODES[pass_idx].as_bytes(),
                    PASSCODES[new_idx].as_bytes(),
                )
                .expect("writer: change_passcode");
            println!("@@ PASS {new_idx}");
            pass_idx = new_idx;
        }
        eprintln!("writer: not killed after 500 passcode changes");
        std::process::exit(3);
    }
    let mut mine: Vec<ContactId> = Vec::new();
    // Bounded, so that a parent that died early never leaves a writer running for long.
    for _ in 0..2_000 {
        let r = rng.next_u32() % 100;
        if r < 55 {
            let key = next_key;
            next_key += 1;
            println!("@@ BEGIN {key}");
            let id = vault.put(contact_for(key)).expect("writer: put");
            println!("@@ PUT {} {key}", id.to_hex());
            mine.push(id);
        } else if r < 80 {
            let n = 2 + (rng.next_u32() % 30) as u64;
            let keys: Vec<u64> = (next_key..next_key + n).collect();
            next_key += n;
            println!(
                "@@ BEGIN {}",
                keys.iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            let ids = vault
                .put_many(keys.iter().map(|k| contact_for(*k)).collect())
                .expect("writer: put_many");
            assert_eq!(ids.len(), keys.len());
            let pairs: Vec<String> = ids
                .iter()
                .zip(&keys)
                .map(|(i, k)| format!("{}:{k}", i.to_hex()))
                .collect();
            println!("@@ BATCH {}", pairs.join(" "));
            mine.extend(ids);
        } else if r < 90 {
            // update an existing contact of this run with new content
            if let Some(&id) = mine.get((rng.next_u32() as usize) % mine.len().max(1)) {
                let key = next_key;
                next_key += 1;
                let mut c = contact_for(key);
                c.id = Some(id);
                println!("@@ BEGINUPD {} {key}", id.to_hex());
                vault.put(c).expect("writer: update");
                println!("@@ UPD {} {key}", id.to_hex());
            }
        } else if r < 95 {
            if !mine.is_empty() {
                let id = mine.swap_remove((rng.next_u32() as usize) % mine.len());
                println!("@@ BEGINDEL {}", id.to_hex());
                vault.delete(&id).expect("writer: delete");
                println!("@@ DEL {}", id.to_hex());
            }
        } else {
            let new_idx = (pass_idx + 1) % PASSCODES.len();
            println!("@@ BEGINPASS {new_idx}");
            vault
                .change_passcode(
                    PASSCODES[pass_idx].as_bytes(),
                    PASSCODES[new_idx].as_bytes(),
                )
                .expect("writer: change_passcode");
            println!("@@ PASS {new_idx}");
            pass_idx = new_idx;
        }
    }
    eprintln!("writer: not killed after 2,000 operations");
    std::process::exit(3);
}

// ---------------------------------------------------------------- parent side

/// What the parent knows must (or may) be in the vault.
#[derive(Default)]
struct Model {
    /// Acknowledged contacts: id → key of the content last acknowledged.
    live: BTreeMap<u64, u64>,
    /// Acknowledged passcode index.
    pass: usize,
    /// Every key ever sent to the writer (for recognising unacknowledged-but-durable writes).
    next_key: u64,
}

enum InFlight {
    None,
    Put(Vec<u64>),
    Update(u64, u64),
    Delete(u64),
    Pass(usize),
}

fn hex(s: &str) -> u64 {
    ContactId::parse(s)
        .expect("child printed a bad id")
        .as_u64()
}

fn open_any(path: &Path, candidates: &[usize]) -> (Vault, usize) {
    let mut errors = Vec::new();
    for &i in candidates {
        match Vault::open(path, PASSCODES[i].as_bytes(), opts()) {
            Ok(v) => return (v, i),
            Err(e) => errors.push(format!("passcode {i}: {e} ({:?})", e.code())),
        }
    }
    panic!("no candidate passcode opens the vault after a kill: {errors:?}");
}

#[test]
fn sigkill_at_random_points() {
    if std::env::var(ENV_MODE).is_ok() {
        return; // never recurse from a child
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // In RAM when possible: a SIGKILL loses nothing the kernel has accepted, so fsync adds
    // nothing to what this test can observe, only time.
    let dir = if Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm").unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let path = dir.path().join("crash.vault");
    Vault::create(&path, PASSCODES[0].as_bytes(), opts()).expect("create");
    let exe = std::env::current_exe().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(0x00C0_FFEE_2026);
    let mut m = Model {
        next_key: 1,
        ..Model::default()
    };
    let mut total_acks = 0usize;
    let mut recovered_unacked = 0usize;
    let mut pass_changes = 0usize;
    let mut both_open = 0usize;
    let mut kills_inflight: BTreeMap<&str, usize> = BTreeMap::new();

    for round in 0..ROUNDS {
        let child_seed = rng.next_u64();
        // Kill after this many acknowledgement lines, then after a short random delay, so the
        // kill lands anywhere inside (or between) calls.
        let acks_before_kill = (rng.next_u32() % 25) as usize;
        let delay_us = (rng.next_u32() % 3000) as u64;
        // One round in six kills blind, a random time after the spawn, so that some kills land
        // while the writer is still opening the vault (truncating a torn tail, appending its
        // `opened` log entry).
        let early_kill_ms = (rng.next_u32() % 6 == 0).then(|| u64::from(rng.next_u32() % 40));
        let first_key = m.next_key;
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash_writer_entry",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(
                ENV_MODE,
                format!("{}|{}|{child_seed}|{first_key}", path.display(), m.pass),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn writer");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut inflight = InFlight::None;
        let mut acks = 0usize;
        let mut opened = false;
        let mut decided_to_kill = false;
        if let Some(ms) = early_kill_ms {
            std::thread::sleep(Duration::from_millis(ms));
            decided_to_kill = true;
        }
        while !decided_to_kill && let Some(Ok(line)) = lines.next() {
            let Some((_, payload)) = line.split_once("@@ ") else {
                continue;
            };
            let mut f = payload.split_whitespace();
            let Some(tag) = f.next() else { continue };
            let rest: Vec<&str> = f.collect();
            match tag {
                "OPEN" => opened = true,
                "BEGIN" => {
                    let keys: Vec<u64> = rest.iter().map(|k| k.parse().unwrap()).collect();
                    m.next_key = m.next_key.max(keys.iter().max().unwrap() + 1);
                    inflight = InFlight::Put(keys);
                }
                "BEGINUPD" => {
                    let key: u64 = rest[1].parse().unwrap();
                    m.next_key = m.next_key.max(key + 1);
                    inflight = InFlight::Update(hex(rest[0]), key);
                }
                "BEGINDEL" => inflight = InFlight::Delete(hex(rest[0])),
                "BEGINPASS" => inflight = InFlight::Pass(rest[0].parse().unwrap()),
                "PUT" | "UPD" => {
                    m.live.insert(hex(rest[0]), rest[1].parse().unwrap());
                    inflight = InFlight::None;
                }
                "BATCH" => {
                    for p in &rest {
                        let (id, key) = p.split_once(':').unwrap();
                        m.live.insert(hex(id), key.parse().unwrap());
                    }
                    inflight = InFlight::None;
                }
                "DEL" => {
                    m.live.remove(&hex(rest[0]));
                    inflight = InFlight::None;
                }
                "PASS" => {
                    m.pass = rest[0].parse().unwrap();
                    pass_changes += 1;
                    inflight = InFlight::None;
                }
                _ => continue, // libtest chatter
            }
            if tag != "OPEN" && !tag.starts_with("BEGIN") {
                acks += 1;
                total_acks += 1;
            }
            if opened && acks >= acks_before_kill && !tag.starts_with("BEGIN") {
                std::thread::sleep(Duration::from_micros(delay_us));
                decided_to_kill = true;
                break;
            }
        }
        child.kill().expect("SIGKILL the writer");
        let status = child.wait().unwrap();
        // Read what the child printed before it died (the pipe keeps it).
        for line in lines.map_while(Result::ok) {
            let Some((_, payload)) = line.split_once("@@ ") else {
                continue;
            };
            let mut f = payload.split_whitespace();
            let tag = f.next().unwrap_or("");
            let rest: Vec<&str> = f.collect();
            match tag {
                "BEGIN" => {
                    let keys: Vec<u64> = rest.iter().map(|k| k.parse().unwrap()).collect();
                    m.next_key = m.next_key.max(keys.iter().max().unwrap() + 1);
                    inflight = InFlight::Put(keys);
                }
                "BEGINUPD" => {
                    let key: u64 = rest[1].parse().unwrap();
                    m.next_key = m.next_key.max(key + 1);
                    inflight = InFlight::Update(hex(rest[0]), key);
                }
                "BEGINDEL" => inflight = InFlight::Delete(hex(rest[0])),
                "BEGINPASS" => inflight = InFlight::Pass(rest[0].parse().unwrap()),
                "PUT" | "UPD" => {
                    m.live.insert(hex(rest[0]), rest[1].parse().unwrap());
                    inflight = InFlight::None;
                    total_acks += 1;
                }
                "BATCH" => {
                    for p in &rest {
                        let (id, key) = p.split_once(':').unwrap();
                        m.live.insert(hex(id), key.parse().unwrap());
                    }
                    inflight = InFlight::None;
                    total_acks += 1;
                }
                "DEL" => {
                    m.live.remove(&hex(rest[0]));
                    inflight = InFlight::None;
                    total_acks += 1;
                }
                "PASS" => {
                    m.pass = rest[0].parse().unwrap();
                    pass_changes += 1;
                    inflight = InFlight::None;
                    total_acks += 1;
                }
                _ => {}
            }
        }
        if !decided_to_kill || status.signal() != Some(9) {
            let mut err = String::new();
            use std::io::Read;
            child.stderr.take().unwrap().read_to_string(&mut err).ok();
            panic!("round {round}: the writer died by itself ({status}) before the kill:\n{err}");
        }

        // ---- reopen and check
        *kills_inflight
            .entry(match inflight {
                InFlight::None => "between calls",
                InFlight::Put(_) => "in put/put_many",
                InFlight::Update(..) => "in an update",
                InFlight::Delete(_) => "in delete",
                InFlight::Pass(_) => "in change_passcode",
            })
            .or_default() += 1;
        let candidates: Vec<usize> = match inflight {
            InFlight::Pass(new) => vec![m.pass, new],
            _ => vec![m.pass],
        };
        let (probe, opened_with) = open_any(&path, &candidates);
        drop(probe); // release the writer lock for the probe below
        if opened_with != m.pass {
            m.pass = opened_with; // the in-flight change had reached the disk
            pass_changes += 1;
        } else if candidates.len() == 2 {
            // The old passcode opened. The new one may also open (the documented in-between
            // state: new slot synced, old slot not yet erased) or be refused as a wrong
            // passcode; anything else is a damaged vault.
            match Vault::open(&path, PASSCODES[candidates[1]].as_bytes(), opts()) {
                Ok(_) => both_open += 1,
                Err(e) => assert_eq!(e.code(), ErrorCode::WrongPasscode, "round {round}: {e}"),
            }
        }
        let vault = Vault::open(&path, PASSCODES[m.pass].as_bytes(), opts()).expect("reopen");
        let listed = vault.list().expect("list after kill");
        let listed_ids: BTreeSet<u64> = listed.iter().map(|c| c.id.unwrap().as_u64()).collect();

        // Work out which unacknowledged effects are allowed to be visible.
        let mut allowed_extra: BTreeMap<u64, Vec<u64>> = BTreeMap::new(); // id → allowed keys
        let mut may_be_missing: BTreeSet<u64> = BTreeSet::new();
        let mut inflight_put_keys: Vec<u64> = Vec::new();
        match &inflight {
            InFlight::Put(keys) => inflight_put_keys = keys.clone(),
            InFlight::Update(id, key) => {
                allowed_extra.entry(*id).or_default().push(*key);
            }
            InFlight::Delete(id) => {
                may_be_missing.insert(*id);
            }
            InFlight::Pass(_) | InFlight::None => {}
        }

        // Every acknowledged contact is present with exactly its acknowledged content (or the
        // in-flight update's content).
        for (&id, &key) in &m.live {
            let cid = ContactId::from_u64(id);
            match vault.get(&cid) {
                Ok(c) => {
                    let ok = same_content(&c, &contact_for(key))
                        || allowed_extra.get(&id).is_some_and(|ks| {
                            ks.iter().any(|k| same_content(&c, &contact_for(*k)))
                        });
                    assert!(
                        ok,
                        "round {round}: contact {id:016x} came back with other content"
                    );
                    assert!(
                        listed_ids.contains(&id),
                        "round {round}: {id:016x} missing from list()"
                    );
                }
                Err(e) if may_be_missing.contains(&id) && e.code() == ErrorCode::NotFound => {}
                Err(e) => panic!(
                    "round {round}: acknowledged contact {id:016x} lost after SIGKILL: {e} ({:?})",
                    e.code()
                ),
            }
            // and it is found by caller-ID lookup of its own number (every contact written in
            // this round, and a random sample of the older ones, to keep a debug run short)
            let c = contact_for(*m.live.get(&id).unwrap());
            let sampled = key >= first_key || rng.next_u32() % 16 == 0;
            if sampled && !may_be_missing.contains(&id) && !allowed_extra.contains_key(&id) {
                let found = vault.lookup_phone(&c.phones[0]).expect("lookup");
                assert!(
                    found.is_some_and(|f| f.id == Some(cid) && same_content(&f, &c)),
                    "round {round}: {id:016x} not found by its number"
                );
            }
        }
        // Nothing else is there, except contacts of an in-flight batch/put (all of it or none
        // of it: batches are atomic), which are then durable and join the model.
        let extra: Vec<&Contact> = listed
            .iter()
            .filter(|c| !m.live.contains_key(&c.id.unwrap().as_u64()))
            .collect();
        if !extra.is_empty() {
            assert!(
                extra.len() == inflight_put_keys.len(),
                "round {round}: {} unexpected contacts after kill (in flight: {} keys)",
                extra.len(),
                inflight_put_keys.len()
            );
            for c in &extra {
                let key = inflight_put_keys
                    .iter()
                    .find(|k| same_content(c, &contact_for(**k)))
                    .unwrap_or_else(|| {
                        panic!("round {round}: a contact that was never written appeared")
                    });
                m.live.insert(c.id.unwrap().as_u64(), *key);
                recovered_unacked += 1;
            }
        }
        // An in-flight delete that reached the disk, an in-flight update that did: adopt them.
        if let InFlight::Delete(id) = inflight
            && vault.get(&ContactId::from_u64(id)).is_err()
        {
            m.live.remove(&id);
        }
        if let InFlight::Update(id, key) = inflight
            && let Ok(c) = vault.get(&ContactId::from_u64(id))
            && same_content(&c, &contact_for(key))
        {
            m.live.insert(id, key);
        }
        assert_eq!(
            listed.len(),
            m.live.len(),
            "round {round}: list() length differs from the acknowledged model"
        );
        drop(vault);
    }
    // The test must really have exercised something.
    assert!(
        total_acks > 100,
        "only {total_acks} acknowledged writes in {ROUNDS} rounds"
    );
    eprintln!(
        "{ROUNDS} SIGKILLs, {total_acks} acknowledged writes, {} live contacts, {recovered_unacked} \
         unacknowledged-but-durable contacts adopted, {pass_changes} passcode changes \
         ({both_open} kills left both passcodes working); kills: {kills_inflight:?}",
        m.live.len()
    );
}

/// A writer that only changes passcodes, on the real file system (so each change spends real
/// time in `fsync` and kills land inside it), is killed at random points: afterwards the vault
/// opens with the acknowledged passcode or, if a change was in flight, with the old or the new
/// one — never neither — and every contact is intact.
#[test]
fn sigkill_during_passcode_changes() {
    if std::env::var(ENV_MODE).is_ok() {
        return;
    }
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pass.vault");
    let keys: Vec<u64> = (1_000_000..1_000_020).collect();
    let ids = {
        let v = Vault::create(&path, PASSCODES[0].as_bytes(), opts()).expect("create");
        v.put_many(keys.iter().map(|k| contact_for(*k)).collect())
            .expect("put_many")
    };
    let exe = std::env::current_exe().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(0x0BAD_C0DE);
    let mut pass = 0usize;
    let (mut changes, mut inflight_kills, mut both_open, mut new_won) = (0u32, 0, 0, 0);
    let mut est_ms = 30.0f64;
    for round in 0..PASS_ROUNDS {
        // Kill after `acks_target` acknowledged changes, a random fraction of one change's
        // (observed, load-dependent) duration into the next one.
        let acks_target = rng.next_u32() % 3;
        let frac = f64::from(rng.next_u32() % 1000) / 1000.0;
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash_writer_entry",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(
                ENV_MODE,
                format!("{}|{pass}|{round}|0|passcodes", path.display()),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn writer");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut inflight: Option<usize> = None;
        let mut acks = 0;
        let mut began = std::time::Instant::now();
        let mut killed_on_purpose = false;
        let handle = |payload: &str,
                      inflight: &mut Option<usize>,
                      pass: &mut usize,
                      changes: &mut u32|
         -> Option<&'static str> {
            let mut f = payload.split_whitespace();
            match (f.next(), f.next()) {
                (Some("BEGINPASS"), Some(n)) => {
                    *inflight = Some(n.parse().unwrap());
                    Some("begin")
                }
                (Some("PASS"), Some(n)) => {
                    *pass = n.parse().unwrap();
                    *inflight = None;
                    *changes += 1;
                    Some("ack")
                }
                _ => None,
            }
        };
        while let Some(Ok(line)) = lines.next() {
            let Some((_, payload)) = line.split_once("@@ ") else {
                continue;
            };
            match handle(payload, &mut inflight, &mut pass, &mut changes) {
                Some("begin") => {
                    began = std::time::Instant::now();
                    if acks >= acks_target {
                        std::thread::sleep(Duration::from_secs_f64(est_ms * frac * 1.2 / 1000.0));
                        killed_on_purpose = true;
                        break;
                    }
                }
                Some("ack") => {
                    acks += 1;
                    let took = began.elapsed().as_secs_f64() * 1000.0;
                    est_ms = 0.7 * est_ms + 0.3 * took;
                }
                _ => {}
            }
        }
        child.kill().expect("SIGKILL");
        let status = child.wait().unwrap();
        if !killed_on_purpose || status.signal() != Some(9) {
            let mut err = String::new();
            use std::io::Read;
            child.stderr.take().unwrap().read_to_string(&mut err).ok();
            panic!("round {round}: the writer died by itself ({status}) before the kill:\n{err}");
        }
        for line in lines.map_while(Result::ok) {
            if let Some((_, payload)) = line.split_once("@@ ") {
                handle(payload, &mut inflight, &mut pass, &mut changes);
            }
        }
        // Which passcodes open now?
        let mut candidates = vec![pass];
        if let Some(n) = inflight {
            candidates.push(n);
            inflight_kills += 1;
        }
        let mut opens = Vec::new();
        for &c in &candidates {
            match Vault::open(&path, PASSCODES[c].as_bytes(), opts()) {
                Ok(v) => {
                    for (id, k) in ids.iter().zip(&keys) {
                        let got = v.get(id).expect("contact lost by a passcode change");
                        assert!(same_content(&got, &contact_for(*k)), "round {round}");
                    }
                    opens.push(c);
                }
                Err(e) => assert_eq!(e.code(), ErrorCode::WrongPasscode, "round {round}: {e}"),
            }
        }
        assert!(
            !opens.is_empty(),
            "round {round}: neither the old nor the new passcode opens the vault"
        );
        if inflight.is_none() {
            assert_eq!(opens, vec![pass], "round {round}");
        } else if opens.len() == 2 {
            both_open += 1;
        } else if opens[0] != pass {
            new_won += 1;
        }
        // Go on with a passcode that works (the newest one if both do).
        pass = *opens.last().unwrap();
    }
    assert!(changes > 0, "only {changes} acknowledged passcode changes");
    eprintln!(
        "{PASS_ROUNDS} SIGKILLs: {changes} acknowledged changes; {inflight_kills} kills inside a change \
         ({new_won} left only the new passcode, {both_open} left both working)"
    );
}
