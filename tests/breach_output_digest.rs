//! The breach engine's output, byte for byte, over thousands of generated requests, is pinned
//! by a digest committed before the engine's speed work (issue 25 item 6): a faster engine must
//! produce exactly the same JSON.
//!
//! The requests come from the property tests' generator (`mamori::strategies::prop::
//! assess_request`, with a deterministic seed) and, for half of them, person keys and
//! establishments drawn as in `tests/breach_index.rs` (US persons of unknown state, unknown
//! jurisdiction, subdivisions, EU/UK/KR/... keys), a `lang`, and now and then an `assume`.
//! Each request is assessed twice — full answer and `detail: "plan"` — through the JSON
//! contract (`assess_json_with`: parse, engine, JSON writer), and the typed answer is checked
//! to serialise to the same bytes with `serde_json`.
//!
//! The rule pack is a pinned copy of `rules/default.json` as of the digest
//! (`tests/fixtures/assess_digest_pack.json`, minified), so edits to the shipped pack do not
//! disturb this test; it pins the engine, its messages and its JSON writer.
//!
//! The fixture holds the digest of the generated requests (to tell a change of the generator
//! from a change of the engine), the digest of all outputs, and one digest per chunk of 100
//! requests (to find the first request that differs). Regenerate only with an engine known to
//! be unchanged: `MAMORI_BLESS=1 cargo test --all-features --test breach_output_digest`.

#![cfg(feature = "proptest")]

use std::fmt::Write as _;

use mamori::breach::{self, AssessRequest, Count, Detail, Lang, RulePack};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use sha2::{Digest, Sha256};

const N: usize = 4_000;
const CHUNK: usize = 100;
const FIXTURE: &str = "tests/fixtures/assess_digest.txt";
const PACK: &str = "tests/fixtures/assess_digest_pack.json";

const KEYS: &[&str] = &[
    "JP", "US", "US-CA", "US-NY", "US-TX", "US-WY", "US-PR", "unknown", "DE", "EU", "GB", "UK",
    "KR", "SG", "AU", "IN", "CN", "CA", "CA-QC", "FR-75", "BR", "FR",
];
const EST: &[&str] = &[
    "JP", "US-CA", "US-NY", "US", "DE", "EU", "GB", "CA", "CA-QC", "KR",
];

fn count() -> impl Strategy<Value = Option<Count>> {
    prop_oneof![
        Just(None),
        prop::sample::select(vec![0u64, 1, 9, 10, 11, 499, 500, 501, 1000, 1001, 5000])
            .prop_map(|n| Some(Count::exact(n))),
        (0u64..1200, 0u64..1200, any::<bool>())
            .prop_map(|(a, b, open)| Some(Count::range(a.min(b), (!open).then_some(a.max(b))))),
    ]
}

fn request() -> impl Strategy<Value = AssessRequest> {
    (
        mamori::strategies::prop::assess_request(),
        prop::collection::btree_map(prop::sample::select(KEYS), count(), 0..4),
        prop::sample::subsequence(EST, 0..3),
        prop_oneof![Just(None), Just(Some(Lang::En)), Just(Some(Lang::Ja))],
        any::<bool>(),
        0u8..16,
    )
        .prop_map(|(mut r, persons, est, lang, replace, assume)| {
            if replace {
                r.data.persons = persons
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                r.organisation.established_in = est.iter().map(|s| s.to_string()).collect();
            }
            r.lang = lang;
            match assume {
                0 => {
                    r.assume.insert("unknown".into(), "JP".into());
                }
                1 => {
                    r.assume.insert("US".into(), "US-CA".into());
                }
                _ => {}
            }
            r
        })
}

fn hex(b: &[u8]) -> String {
    b.iter().fold(String::new(), |mut s, x| {
        let _ = write!(s, "{x:02x}");
        s
    })
}

/// Feed `bytes` with its length first (so moving a byte between two outputs changes the digest).
fn feed(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// One request's answers: the full JSON and the plan-only JSON (or the error's text).
fn outputs(pack: &RulePack, req: &AssessRequest) -> [String; 2] {
    let mut plan_req = req.clone();
    plan_req.detail = Some(Detail::Plan);
    [req, &plan_req].map(|r| {
        let json = serde_json::to_string(r).expect("request serialises");
        match breach::assess_json_with(pack, &json) {
            Ok(out) => {
                let typed = pack.assess(r).expect("typed agrees with JSON on success");
                assert_eq!(
                    serde_json::to_string(&typed).expect("serialise"),
                    out,
                    "typed and JSON answers differ for {json}"
                );
                out
            }
            Err(e) => format!("error: {e}"),
        }
    })
}

struct Digests {
    requests: String,
    outputs: String,
    chunks: Vec<String>,
}

fn compute() -> Digests {
    let pack_json = std::fs::read_to_string(PACK).expect("pinned pack");
    let pack = RulePack::from_json(&pack_json).expect("pinned pack loads");
    let mut runner = TestRunner::deterministic();
    let strategy = request();
    let (mut hr, mut ho) = (Sha256::new(), Sha256::new());
    let mut chunk = Sha256::new();
    let mut chunks = Vec::new();
    let mut errors = 0;
    for i in 0..N {
        let req = strategy
            .new_tree(&mut runner)
            .expect("generate a request")
            .current();
        feed(
            &mut hr,
            serde_json::to_string(&req).expect("serialise").as_bytes(),
        );
        for out in outputs(&pack, &req) {
            errors += usize::from(out.starts_with("error: "));
            feed(&mut ho, out.as_bytes());
            feed(&mut chunk, out.as_bytes());
        }
        if (i + 1) % CHUNK == 0 {
            let c = std::mem::take(&mut chunk).finalize();
            chunks.push(hex(&c[..8]));
        }
    }
    // The digest is about answers, not errors (the generator's requests are valid).
    assert!(errors < N / 10, "{errors} of {N} generated requests failed");
    Digests {
        requests: hex(&hr.finalize()),
        outputs: hex(&ho.finalize()),
        chunks,
    }
}

fn render(d: &Digests) -> String {
    let mut s = format!(
        "# tests/breach_output_digest.rs: {N} generated requests, full and plan-only answers\n\
         requests {}\noutputs {}\n",
        d.requests, d.outputs
    );
    for (i, c) in d.chunks.iter().enumerate() {
        let _ = writeln!(s, "chunk {} {c}", i * CHUNK);
    }
    s
}

fn field<'a>(fixture: &'a str, name: &str) -> Option<&'a str> {
    fixture
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
}

#[test]
fn full_and_plan_answers_are_byte_identical_to_the_pinned_digest() {
    let d = compute();
    if std::env::var_os("MAMORI_BLESS").is_some() {
        std::fs::write(FIXTURE, render(&d)).expect("write fixture");
        return;
    }
    let fixture = std::fs::read_to_string(FIXTURE).expect("fixture");
    assert_eq!(
        field(&fixture, "requests"),
        Some(d.requests.as_str()),
        "the generated requests changed (src/strategies.rs, proptest or this test's \
         strategy), not necessarily the engine: re-bless only with an engine known to give \
         the old output for the old requests"
    );
    if field(&fixture, "outputs") != Some(d.outputs.as_str()) {
        let first = d
            .chunks
            .iter()
            .enumerate()
            .find(|(i, c)| field(&fixture, &format!("chunk {}", i * CHUNK)) != Some(c.as_str()))
            .map(|(i, _)| i * CHUNK);
        panic!(
            "the engine's output changed: first differing chunk starts at request {first:?} \
             (of {N}); expected {:?}, got {}",
            field(&fixture, "outputs"),
            d.outputs
        );
    }
}

/// The digest notices one changed byte: the same outputs with one byte flipped hash
/// differently (guards against a digest that ignores part of the data).
#[test]
fn one_changed_byte_changes_the_digest() {
    let pack = RulePack::from_json(&std::fs::read_to_string(PACK).expect("pinned pack"))
        .expect("pinned pack loads");
    let mut runner = TestRunner::deterministic();
    let req = request().new_tree(&mut runner).expect("generate").current();
    let [full, _] = outputs(&pack, &req);
    let digest = |s: &[u8]| {
        let mut h = Sha256::new();
        feed(&mut h, s);
        h.finalize()
    };
    let mut bytes = full.clone().into_bytes();
    for i in [0, bytes.len() / 2, bytes.len() - 1] {
        let orig = bytes[i];
        bytes[i] ^= 1;
        assert_ne!(digest(&bytes), digest(full.as_bytes()));
        bytes[i] = orig;
    }
}

/// The C ABI's `mamori_assess_at` and `mamori_rule_pack_assess` write their answers with the
/// engine's direct JSON writer (issue 25 item 6): byte for byte what `serde_json` writes for
/// the typed `assess_at` / `assess` answer, over generated requests (with `assume`, `lang`,
/// `detail: "plan"`) and several `now`s (before, during and after the deadlines).
#[test]
fn c_assess_at_and_pack_assess_match_the_typed_answers() {
    use std::ffi::{CStr, CString, c_char};
    let pack_json = std::fs::read_to_string(PACK).expect("pinned pack");
    let pack = RulePack::from_json(&pack_json).expect("pinned pack loads");
    let c_pack_json = CString::new(pack_json).expect("no NUL");
    let mut c_pack = std::ptr::null_mut();
    // SAFETY: valid NUL-terminated string and out-pointer.
    let rc = unsafe { mamori::ffi::mamori_rule_pack_new(c_pack_json.as_ptr(), &mut c_pack) };
    assert_eq!(rc as i32, 0);
    let take = |rc: mamori::ffi::mamori_result, out: *mut c_char| -> Option<String> {
        if rc as i32 != 0 {
            return None;
        }
        // SAFETY: a library string on success.
        let s = unsafe { CStr::from_ptr(out) }
            .to_str()
            .expect("UTF-8")
            .to_owned();
        // SAFETY: from the library, freed once.
        unsafe { mamori::ffi::mamori_string_free(out) };
        Some(s)
    };
    let nows = [
        "2026-01-01T00:00:00Z",
        "2026-12-05T12:00:00+09:00",
        "2027-01-04T23:00:00+09:00",
        "2030-06-01T00:00:00-05:00",
    ];
    let mut runner = TestRunner::deterministic();
    let strategy = request();
    let mut checked = 0;
    for i in 0..600 {
        let mut req = strategy
            .new_tree(&mut runner)
            .expect("generate a request")
            .current();
        if i % 3 == 0 {
            req.detail = Some(Detail::Plan);
        }
        let json = serde_json::to_string(&req).expect("serialise");
        let c_json = CString::new(json.as_str()).expect("no NUL");
        let now = nows[i % nows.len()];
        let c_now = CString::new(now).expect("no NUL");
        let hours = [0u32, 24, 72, 24 * 40][i % 4];
        let mut out = std::ptr::null_mut();
        // SAFETY: valid strings and out-pointer.
        let rc = unsafe {
            mamori::ffi::mamori_assess_at(c_json.as_ptr(), c_now.as_ptr(), hours, &mut out)
        };
        let at = take(rc, out);
        let mut out = std::ptr::null_mut();
        // SAFETY: a live pack handle, valid strings and out-pointer.
        let rc = unsafe { mamori::ffi::mamori_rule_pack_assess(c_pack, c_json.as_ptr(), &mut out) };
        let plain = take(rc, out);
        let now = chrono::DateTime::parse_from_rfc3339(now).expect("now");
        let typed_at = breach::assess_at(&req, now, chrono::Duration::hours(i64::from(hours)));
        let typed = pack.assess(&req);
        match (typed_at, at) {
            (Ok(a), Some(c)) => assert_eq!(serde_json::to_string(&a).unwrap(), c, "{json}"),
            (Err(_), None) => {}
            (t, c) => panic!("typed {t:?} vs C {c:?} for {json}"),
        }
        match (typed, plain) {
            (Ok(a), Some(c)) => {
                assert_eq!(serde_json::to_string(&a).unwrap(), c, "{json}");
                checked += 1;
            }
            (Err(_), None) => {}
            (t, c) => panic!("typed {t:?} vs C {c:?} for {json}"),
        }
    }
    assert!(checked > 500, "{checked}");
    // SAFETY: from mamori_rule_pack_new, freed once.
    unsafe { mamori::ffi::mamori_rule_pack_free(c_pack) };
}
