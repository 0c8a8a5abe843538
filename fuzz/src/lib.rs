//! Shared property checks for mamori's fuzz targets.
//!
//! The reference model is the same file the differential test uses (`tests/refmodel/`).

#[path = "../../tests/refmodel/mod.rs"]
pub mod refmodel;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{FixedOffset, Timelike};
use mamori::breach::{AssessRequest, Assessment, Due, ObligationStatus};

/// Checks the engine's invariants (issue 2) on one request and its assessment; panics (which
/// libFuzzer reports as a crash) with a description when one fails.
pub fn check_assessment(req: &AssessRequest, a: &Assessment) {
    let aware = req.incident.aware_at;
    assert_eq!(a.schema, "mamori.assessment.v1");
    let mut any_possible = false;
    for o in &a.obligations {
        any_possible |= o.status == ObligationStatus::Possible;
        let jp = o.jurisdiction == "JP" || o.id.starts_with("jp.");
        let check_time = |t: &chrono::DateTime<FixedOffset>| {
            assert!(*t >= aware, "{}: due {t} precedes aware_at {aware}", o.id);
            if jp {
                assert_eq!(
                    t.offset().local_minus_utc(),
                    9 * 3600,
                    "{}: JP time {t} not in +09:00",
                    o.id
                );
            }
        };
        match &o.due {
            Due::Deadline { at } => check_time(at),
            Due::Window { target, latest } => {
                check_time(target);
                check_time(latest);
                assert!(target <= latest, "{}: window target after latest", o.id);
            }
            Due::WithoutUndueDelay => {}
            // Runs from another obligation: its latest instant (`incident.done` never precedes
            // `aware_at`: the engine refuses such a request).
            Due::AfterObligation { latest, .. } => {
                if let Some(l) = latest {
                    check_time(l);
                }
            }
        }
        if o.id == "jp.appi.ppc.final" {
            let Due::Deadline { at } = o.due else {
                panic!("確報 must be a hard deadline, got {:?}", o.due)
            };
            let day = at.with_timezone(&refmodel::jst()).date_naive();
            assert!(
                !refmodel::is_closed(day),
                "確報 deadline {at} on a closed day"
            );
            assert_eq!(
                (at.hour(), at.minute(), at.second()),
                (23, 59, 59),
                "確報 deadline {at} not at the end of a day"
            );
        }
    }
    if any_possible {
        assert!(
            !a.missing_facts.is_empty(),
            "an obligation is possible but no missing fact is listed"
        );
    }
}

/// Assesses `req`, checks the invariants, determinism, and that the same instant expressed in
/// another offset (UTC and JST) gives the same assessment. Returns the assessment's JSON.
pub fn assess_and_check(req: &AssessRequest) -> Option<String> {
    let a = mamori::breach::assess(req).ok()?;
    check_assessment(req, &a);
    let json = serde_json::to_string(&a).expect("assessment serialises");
    let again = serde_json::to_string(&mamori::breach::assess(req).expect("deterministic"))
        .expect("assessment serialises");
    assert_eq!(json, again, "assessment is not deterministic");
    for off in [0, 9 * 3600] {
        let mut moved = req.clone();
        moved.incident.aware_at = req
            .incident
            .aware_at
            .with_timezone(&FixedOffset::east_opt(off).expect("valid offset"));
        let b = mamori::breach::assess(&moved).expect("same instant, other offset");
        assert_eq!(
            serde_json::to_string(&b).expect("serialises"),
            json,
            "output differs when aware_at is given in offset {off}s"
        );
    }
    let back: Assessment = serde_json::from_str(&json).expect("assessment JSON parses back");
    assert_eq!(&back, &a, "assessment JSON does not round-trip");
    Some(json)
}

/// Invariants any loaded rule pack must keep: deadlines never precede `aware_at`, a window's
/// target is not after its latest time, the schema tag is set.
pub fn check_pack_assessment(req: &AssessRequest, a: &Assessment) {
    assert_eq!(a.schema, "mamori.assessment.v1");
    for o in &a.obligations {
        match &o.due {
            Due::Deadline { at } => assert!(*at >= req.incident.aware_at, "{}: {at}", o.id),
            Due::Window { target, latest } => {
                assert!(*target >= req.incident.aware_at, "{}: {target}", o.id);
                assert!(target <= latest, "{}: target after latest", o.id);
            }
            Due::WithoutUndueDelay => {}
            Due::AfterObligation { latest, .. } => {
                if let Some(l) = latest {
                    assert!(*l >= req.incident.aware_at, "{}: {l}", o.id);
                }
            }
        }
    }
}

/// The raw key the vault seeds were written with, and a wrong one.
pub const VAULT_KEY: [u8; 32] = [7; 32];
/// A key that must never open the seed vaults.
pub const WRONG_KEY: [u8; 32] = [8; 32];
/// The passcode of the passcode-protected seed vault, and a wrong one.
pub const VAULT_PASSCODE: &[u8] = b"246810";
/// A passcode that must never open it.
pub const WRONG_PASSCODE: &[u8] = b"135790";

/// What a contact says, without the vault-assigned id and timestamps.
pub type ContactContent = (
    String,
    Option<String>,
    Option<String>,
    Vec<String>,
    Vec<String>,
    bool,
);

/// Where the targets put their scratch files: `$MAMORI_FUZZ_DIR` if set, else `/dev/shm` when
/// it is a writable directory (a tmpfs: `fsync`, rename and unlink cost next to nothing, so a
/// run measures the code rather than the disk), else the system temp dir. Scratch files are
/// named `mamori-fuzz-<target>-<pid>.<ext>`; on first use, those left by processes that no
/// longer run (a crash, or `ffi_json`'s process-wide vault) are removed.
pub fn scratch_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = if let Some(d) = std::env::var_os("MAMORI_FUZZ_DIR") {
            PathBuf::from(d)
        } else {
            let shm = Path::new("/dev/shm");
            let probe = shm.join(format!("mamori-fuzz-probe-{}", std::process::id()));
            if std::fs::write(&probe, b"").is_ok() {
                let _ = std::fs::remove_file(&probe);
                shm.to_path_buf()
            } else {
                std::env::temp_dir()
            }
        };
        sweep(&dir);
        dir
    })
    .clone()
}

/// Remove `mamori-fuzz-*-<pid>.*` files of processes that are gone (Linux: no `/proc/<pid>`).
fn sweep(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix("mamori-fuzz-") else {
            continue;
        };
        let stem = rest.split('.').next().unwrap_or_default();
        let Some(pid) = stem.rsplit('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// `LibPhoneNormalizer` under `JP`, memoised: the harness's own expectations need the same
/// normal form the vault stores, but re-parsing the same strings after every operation made the
/// harness, not the vault, the hot spot (the vault still normalises every number it is given).
pub fn normalize_jp(p: &str) -> Option<String> {
    use mamori::vault::{LibPhoneNormalizer, Normalizer};
    thread_local! {
        static MEMO: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
    }
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(v) = m.get(p) {
            return v.clone();
        }
        if m.len() > 100_000 {
            m.clear();
        }
        let v = LibPhoneNormalizer.normalize(p, "JP");
        m.insert(p.to_string(), v.clone());
        v
    })
}

/// The content of a contact (phones normalised as the vault stores them).
pub fn content(c: &mamori::vault::Contact) -> ContactContent {
    let phones = c
        .phones
        .iter()
        .map(|p| normalize_jp(p).unwrap_or_else(|| p.clone()))
        .collect();
    (
        c.name.clone(),
        c.reading.clone(),
        c.company.clone(),
        phones,
        c.tags.clone(),
        c.sensitive,
    )
}

/// The contacts written into every seed vault (the only data a reader may ever return).
pub fn known_contacts() -> Vec<mamori::vault::Contact> {
    use mamori::vault::Contact;
    let mut v = vec![
        Contact::new("山田 太郎", &["+819012345678"]),
        Contact::new("Suzuki Hanako", &["+81312345678", "+818011112222"]),
        Contact::new("ACME 受付", &["+14155550123"]),
        Contact::new("佐藤 次郎", &[]),
    ];
    v[0].reading = Some("やまだ たろう".into());
    v[0].company = Some("山田商事".into());
    v[1].tags = vec!["vip".into()];
    v[3].sensitive = true;
    v
}
