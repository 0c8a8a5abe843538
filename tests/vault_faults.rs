//! Fault injection: run an operation sequence on a simulated disk that crashes (optionally
//! tearing the write in flight) at the N-th I/O operation, for every N; then reopen both the
//! page-cache image (process crash) and the synced image (power cut) and check that exactly
//! the acknowledged state — or that state with the in-flight operation applied in full — is
//! present, and that the vault is still writable.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::DateTime;
use mamori::ErrorCode;
use mamori::vault::{Contact, ContactId, FaultyStorage, FixedClock, MemDisk, Vault, VaultOptions};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const P1: &[u8] = b"first passcode";
const P2: &[u8] = b"second passcode";

type Snapshot = (BTreeMap<ContactId, Contact>, &'static [u8]);
type Op = Box<dyn Fn(&Vault) -> mamori::Result<()>>;

fn opts(seed: u64) -> VaultOptions {
    VaultOptions::fast_for_tests()
        .with_rng(ChaCha20Rng::seed_from_u64(seed))
        .with_clock(FixedClock(
            DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
        ))
}

fn person(i: u32) -> Contact {
    let mut c = Contact::new(
        format!("顧客{i}"),
        &[&format!("090-{:04}-{:04}", 1000 + i, 2000 + i)],
    );
    c.tags = vec![format!("t{}", i % 3)];
    c
}

fn ops() -> Vec<(Op, Option<&'static [u8]>)> {
    vec![
        (Box::new(|v: &Vault| v.put(person(1)).map(|_| ())), None),
        (
            Box::new(|v: &Vault| v.put_many((2..6).map(person).collect()).map(|_| ())),
            None,
        ),
        (
            Box::new(|v: &Vault| {
                let id = v.ids()?[0];
                let mut c = v.get(&id)?;
                c.notes = Some("updated".into());
                v.put(c).map(|_| ())
            }),
            None,
        ),
        (Box::new(|v: &Vault| v.delete(&v.ids()?[1])), None),
        (Box::new(|v: &Vault| v.change_passcode(P1, P2)), Some(P2)),
        (Box::new(|v: &Vault| v.put(person(7)).map(|_| ())), None),
        (Box::new(|v: &Vault| v.compact()), None),
        (Box::new(|v: &Vault| v.put(person(8)).map(|_| ())), None),
        (Box::new(|v: &Vault| v.delete(&v.ids()?[0])), None),
    ]
}

fn state(v: &Vault) -> BTreeMap<ContactId, Contact> {
    v.list()
        .unwrap()
        .into_iter()
        .map(|c| (c.id.unwrap(), c))
        .collect()
}

fn disk(image: Vec<u8>) -> Arc<Mutex<MemDisk>> {
    Arc::new(Mutex::new(MemDisk {
        current: image.clone(),
        durable: image,
        exists: true,
        ..MemDisk::default()
    }))
}

/// The reference run without faults: the state after create and after each operation, and
/// the number of I/O operations it took.
fn reference() -> (Vec<Snapshot>, u64) {
    let d = disk(Vec::new());
    let v = Vault::create_on_storage(Box::new(FaultyStorage::new(d.clone())), P1, opts(1)).unwrap();
    let mut snaps = vec![(state(&v), P1)];
    let mut pass = P1;
    for (op, new_pass) in ops() {
        op(&v).unwrap();
        if let Some(p) = new_pass {
            pass = p;
        }
        snaps.push((state(&v), pass));
    }
    let n = d.lock().unwrap().ops;
    (snaps, n)
}

type Reopened = (Vault, &'static [u8], Arc<Mutex<MemDisk>>);

fn reopen(image: Vec<u8>, passes: &[&'static [u8]]) -> mamori::Result<Reopened> {
    let mut last = None;
    for p in passes {
        let d = disk(image.clone());
        match Vault::open_on_storage(Box::new(FaultyStorage::new(d.clone())), p, opts(99)) {
            Ok(v) => return Ok((v, *p, d)),
            Err(e) if e.code() == ErrorCode::WrongPasscode => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap())
}

#[test]
fn every_crash_point_keeps_acknowledged_state() {
    let (snaps, total) = reference();
    assert!(total > 20, "the sequence performs {total} I/O operations");
    let mut checked = 0;
    for n in 1..=total {
        for tear in [0usize, 9, 30, 200] {
            let d = disk(Vec::new());
            d.lock().unwrap().crash_at = Some(n);
            d.lock().unwrap().tear_bytes = tear;
            let created =
                Vault::create_on_storage(Box::new(FaultyStorage::new(d.clone())), P1, opts(1));
            let (acked, inflight) = match &created {
                Err(_) => (None, Some(0)),
                Ok(v) => {
                    let mut acked = 0;
                    for (op, _) in ops() {
                        if op(v).is_err() {
                            break;
                        }
                        acked += 1;
                    }
                    (Some(acked), Some(acked + 1).filter(|k| *k < snaps.len()))
                }
            };
            drop(created);
            let (current, durable) = {
                let d = d.lock().unwrap();
                assert!(d.crashed, "crash point {n} was reached");
                (d.current.clone(), d.durable.clone())
            };
            for (kind, image) in [("process crash", current), ("power cut", durable)] {
                let ctx = format!("crash at op {n}, tear {tear}, {kind}");
                let mut passes: Vec<&'static [u8]> = Vec::new();
                if let Some(a) = acked {
                    passes.push(snaps[a].1);
                }
                if let Some(i) = inflight {
                    passes.push(snaps[i].1);
                }
                let (v, used, d) = match reopen(image, &passes) {
                    Ok(r) => r,
                    Err(e) => {
                        // Only a vault whose creation was never acknowledged may be unreadable.
                        assert!(acked.is_none(), "{ctx}: reopen failed: {e}");
                        continue;
                    }
                };
                let got = state(&v);
                let ok_acked = acked.is_some_and(|a| got == snaps[a].0);
                let ok_inflight = inflight.is_some_and(|i| got == snaps[i].0);
                assert!(
                    ok_acked || ok_inflight,
                    "{ctx}: state is neither acknowledged nor in-flight"
                );
                assert!(v.damaged().unwrap().is_empty(), "{ctx}: {:?}", v.damaged());
                v.verify_access_log()
                    .unwrap_or_else(|e| panic!("{ctx}: {e}"));
                // Still writable after recovery.
                let id = v.put(person(100)).unwrap();
                assert_eq!(v.get(&id).unwrap().name, "顧客100");
                drop(v);
                // An interrupted passcode change is resolved by the open: only the passcode
                // that opened the vault works afterwards.
                let after = d.lock().unwrap().current.clone();
                for p in &passes {
                    if *p != used {
                        let r = Vault::open_on_storage(
                            Box::new(FaultyStorage::new(disk(after.clone()))),
                            p,
                            opts(98),
                        );
                        assert_eq!(r.unwrap_err().code(), ErrorCode::WrongPasscode, "{ctx}");
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked as u64 >= total, "checked {checked} recoveries");
}

/// Issue 24 (audit N5): a compaction killed after its temp file was written leaves a complete,
/// decryptable copy of the vault beside it. The next open crypto-erases and deletes it, and a
/// wipe reaches it too.
#[test]
fn an_interrupted_compaction_leaves_no_copy_behind() {
    // Simulated disk: the op count of a compaction, then a crash right after its temp write.
    let probe = disk(Vec::new());
    let v =
        Vault::create_on_storage(Box::new(FaultyStorage::new(probe.clone())), P1, opts(1)).unwrap();
    v.put_many((0..20).map(person).collect()).unwrap();
    let before = probe.lock().unwrap().ops;
    v.compact().unwrap();
    let compact_ops = probe.lock().unwrap().ops - before;
    assert!(compact_ops >= 3, "{compact_ops}");
    drop(v);
    let d = disk(Vec::new());
    let v = Vault::create_on_storage(Box::new(FaultyStorage::new(d.clone())), P1, opts(1)).unwrap();
    v.put_many((0..20).map(person).collect()).unwrap();
    {
        let mut g = d.lock().unwrap();
        g.crash_at = Some(g.ops + 2); // the temp file is written, its sync is killed
    }
    assert!(v.compact().is_err());
    drop(v);
    let image = {
        let g = d.lock().unwrap();
        assert!(g.tmp.is_some(), "the temp file is left behind by the kill");
        g.current.clone()
    };
    // Reopen (the disk keeps the temp file): the open removes it.
    let d2 = disk(image.clone());
    d2.lock().unwrap().tmp = d.lock().unwrap().tmp.clone();
    let v = Vault::open_on_storage(Box::new(FaultyStorage::new(d2.clone())), P1, opts(2)).unwrap();
    assert!(
        d2.lock().unwrap().tmp.is_none(),
        "open left the stale temp file"
    );
    assert_eq!(v.len().unwrap(), 20);
    // A temp file that appears while the vault is open (as after an interrupted rewrite that
    // could not clean up): the wipe reaches it.
    d2.lock().unwrap().tmp = Some(image);
    v.wipe().unwrap();
    assert!(d2.lock().unwrap().tmp.is_none(), "wipe left the temp file");

    // The same on real files: `<vault>.mamori-tmp` holding a full, readable image.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.mamori");
    let tmp = dir.path().join("e.mamori.mamori-tmp");
    let v = Vault::create(&path, P1, opts(3)).unwrap();
    v.put_many((0..20).map(person).collect()).unwrap();
    drop(v);
    std::fs::copy(&path, &tmp).unwrap();
    // wipe_file (remote wipe while locked): both gone.
    Vault::wipe_file(&path).unwrap();
    assert!(!path.exists() && !tmp.exists(), "wipe_file left a copy");
    // Open: the stale copy is gone; wipe: a copy made since is gone too.
    let v = Vault::create(&path, P1, opts(4)).unwrap();
    v.put(person(1)).unwrap();
    drop(v);
    std::fs::copy(&path, &tmp).unwrap();
    let v = Vault::open(&path, P1, opts(5)).unwrap();
    assert!(!tmp.exists(), "open left the stale temp file");
    std::fs::copy(&path, &tmp).unwrap();
    v.wipe().unwrap();
    assert!(!path.exists() && !tmp.exists(), "wipe left a copy");
}
