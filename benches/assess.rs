//! Assessments per second on one core, typed API, JSON contract and C ABI, over a mix of the
//! worked cases in `examples/requests/` plus two US requests, with the default pack and with a
//! large pack (the default pack plus ~230 synthetic per-state rules,
//! `tests/support/synthetic_pack.rs`). Each pack runs with and without its
//! jurisdiction index side by side, in `MAMORI_BENCH_ROUNDS` (default 3) paired rounds; the
//! table gives the median and min–max of the rates and of the indexed/unindexed ratios.
//! A second table gives the full pack's rate per request kind (JP lost phone, EU + JP, US
//! state unknown, and, outside the mix, the US-unknown + JP theft of
//! `examples/requests/us_unknown_state_jp.json` with the full answer and with
//! `detail: "plan"`): typed, JSON and through the C ABI, and the answer's JSON size. Plain
//! `std::time`.
//!
//! ```text
//! MAMORI_BENCH_MS=400 cargo bench --bench assess
//! MAMORI_BENCH_ONLY=typed cargo bench --bench assess      # one path, for profiling
//! ```
//!
//! `MAMORI_BENCH_ONLY=typed|into|json|c` runs only that path (default pack, indexed, the mix
//! or, with `MAMORI_BENCH_REQUEST=N`, request `N` of the mix) for `MAMORI_BENCH_ROUNDS` runs
//! of `MAMORI_BENCH_MS` and prints each run's rate: nothing else runs, so a profiler
//! (`perf record`, `valgrind --tool=callgrind`) sees that path alone. Indices 8 and 9 are the
//! requests outside the mix (US unknown + JP, full and plan-only). With
//! `MAMORI_BENCH_ITERS=N` it runs exactly `N` assessments untimed: instructions per
//! assessment = (callgrind total at N − total at 0) / N.

use std::hint::black_box;
use std::time::{Duration, Instant};

use std::ffi::{CString, c_char};

use mamori::breach::{self, AssessRequest, RulePack};

#[path = "../tests/support/synthetic_pack.rs"]
mod synthetic_pack;

const REQUESTS: &[(&str, &str)] = &[
    (
        "lost phone, 1,200 JP",
        include_str!("../examples/requests/lost_phone_1200.json"),
    ),
    (
        "stolen laptop, 3 JP",
        include_str!("../examples/requests/stolen_laptop_3.json"),
    ),
    (
        "encrypted wipeable vault",
        include_str!("../examples/requests/encrypted_wipeable_vault.json"),
    ),
    (
        "EU + JP company",
        include_str!("../examples/requests/eu_jp_company.json"),
    ),
    (
        "year-end awareness",
        include_str!("../examples/requests/year_end_awareness.json"),
    ),
    (
        "Golden Week awareness",
        include_str!("../examples/requests/golden_week_awareness.json"),
    ),
    (
        "US: 600 in California, JP company",
        r#"{"schema": "mamori.assess.v1",
          "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
          "incident": {"kind": "theft", "aware_at": "2026-12-03T10:15:00+09:00"},
          "data": {"persons": {"US-CA": 600, "JP": 40}, "sensitive": false}}"#,
    ),
    (
        "US state unknown, ja",
        r#"{"schema": "mamori.assess.v1", "lang": "ja",
          "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
          "incident": {"kind": "loss", "aware_at": "2026-12-03T10:15:00+09:00"},
          "data": {"persons": {"US": 30, "JP": 1200}, "sensitive": null}}"#,
    ),
];

/// This thread's on-CPU time in nanoseconds (Linux `/proc/thread-self/schedstat`, first
/// field), read with plain `std::fs`; `None` elsewhere. The machine is shared, so the per
/// CPU-second rate is the "one core" figure; the wall-clock rate is printed next to it.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Requests outside the mix, measured alone in the per-kind table (issue 25's targets): the
/// US-unknown-state + JP theft with the full answer and with `detail: "plan"`.
const EXTRA: &[(&str, &str)] = &[
    (
        "US unknown + JP (us_unknown_state_jp), full",
        include_str!("../examples/requests/us_unknown_state_jp.json"),
    ),
    (
        "US unknown + JP (us_unknown_state_jp), plan",
        r#"{"schema": "mamori.assess.v1", "detail": "plan",
          "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
          "incident": {"kind": "theft", "aware_at": "2026-12-03T10:15:00+09:00", "recovered_unviewed": false},
          "data": {"persons": {"JP": 200, "US": 1000}, "sensitive": false, "financial_risk": false,
                   "malicious": null, "risk": null, "protection": null}}"#,
    ),
];

/// The request kinds of the per-kind table: indices into [`REQUESTS`], then into [`EXTRA`]
/// (offset by `REQUESTS.len()`).
const KINDS: &[usize] = &[0, 3, 7, 8, 9];

/// Request `i` of the mix followed by [`EXTRA`].
fn request(i: usize) -> (&'static str, &'static str) {
    REQUESTS
        .get(i)
        .copied()
        .unwrap_or_else(|| EXTRA[i - REQUESTS.len()])
}

/// Run `f` over the mix repeatedly for about `budget`; return (assessments per CPU-second,
/// assessments per wall-second).
fn rate(budget: Duration, f: impl FnMut(usize)) -> (f64, f64) {
    rate_over(budget, REQUESTS.len(), f)
}

/// [`rate`] over the first `n` indices (`n = 1`: one request).
fn rate_over(budget: Duration, n_req: usize, mut f: impl FnMut(usize)) -> (f64, f64) {
    // Warm-up.
    for i in 0..2_000 {
        f(i % n_req);
    }
    let cpu0 = cpu_ns();
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed() < budget {
        for _ in 0..1_000 {
            f((n % n_req as u64) as usize);
            n += 1;
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let cpu = match (cpu0, cpu_ns()) {
        (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
        _ => wall,
    };
    if std::env::var_os("MAMORI_BENCH_COUNT").is_some() {
        eprintln!("iterations: {}", n + 2_000);
    }
    (n as f64 / cpu, n as f64 / wall)
}

/// One assessment through the C ABI: `mamori_assess` (default pack) when `pack` is null,
/// else `mamori_rule_pack_assess`; the output string is freed.
fn c_assess(pack: *const mamori::ffi::mamori_rule_pack, request: &CString) {
    let mut out: *mut c_char = std::ptr::null_mut();
    // SAFETY: valid request string, out-pointer and pack handle (or none).
    let rc = unsafe {
        if pack.is_null() {
            mamori::ffi::mamori_assess(request.as_ptr(), &mut out)
        } else {
            mamori::ffi::mamori_rule_pack_assess(pack, request.as_ptr(), &mut out)
        }
    };
    debug_assert_eq!(rc as i32, 0);
    // SAFETY: `out` came from the library.
    unsafe { mamori::ffi::mamori_string_free(black_box(out)) };
}

/// `MAMORI_BENCH_ONLY`: one path alone (default pack, indexed), for profiling.
fn only(path: &str, budget: Duration, rounds: usize, typed: &[AssessRequest], c: &[CString]) {
    let one: Option<usize> = std::env::var("MAMORI_BENCH_REQUEST").ok().map(|s| {
        s.parse()
            .expect("MAMORI_BENCH_REQUEST: an index into the mix")
    });
    let (first, n) = match one {
        Some(i) => {
            assert!(
                i < REQUESTS.len() + EXTRA.len(),
                "MAMORI_BENCH_REQUEST: 0..{}",
                REQUESTS.len() + EXTRA.len()
            );
            (i, 1)
        }
        None => (0, REQUESTS.len()),
    };
    let pack = RulePack::default_pack();
    let mut buf = pack.assess(&typed[first]).expect("assess");
    let what = one.map_or("mix".to_string(), |i| request(i).0.to_string());
    // `MAMORI_BENCH_ITERS=N`: exactly N assessments, no timing (for instruction counts:
    // run under callgrind with N and with 0, and divide the difference by N).
    if let Some(iters) = std::env::var("MAMORI_BENCH_ITERS")
        .ok()
        .map(|s| s.parse::<usize>().expect("MAMORI_BENCH_ITERS: a count"))
    {
        for k in 0..iters {
            let i = first + k % n;
            match path {
                "typed" => drop(black_box(pack.assess(black_box(&typed[i])).unwrap())),
                "into" => {
                    pack.assess_into(black_box(&typed[i]), &mut buf).unwrap();
                    black_box(&buf);
                }
                "json" => drop(black_box(
                    breach::assess_json_with(&pack, black_box(request(i).1)).unwrap(),
                )),
                "c" => c_assess(std::ptr::null(), &c[i]),
                other => panic!("MAMORI_BENCH_ONLY: typed, into, json or c, not `{other}`"),
            }
        }
        println!("only {path} ({what}): {iters} iterations");
        return;
    }
    for _ in 0..rounds {
        let r = match path {
            "typed" => rate_over(budget, n, |i| {
                black_box(pack.assess(black_box(&typed[first + i])).unwrap());
            }),
            "into" => rate_over(budget, n, |i| {
                pack.assess_into(black_box(&typed[first + i]), &mut buf)
                    .unwrap();
                black_box(&buf);
            }),
            "json" => rate_over(budget, n, |i| {
                black_box(
                    breach::assess_json_with(&pack, black_box(request(first + i).1)).unwrap(),
                );
            }),
            "c" => rate_over(budget, n, |i| c_assess(std::ptr::null(), &c[first + i])),
            other => panic!("MAMORI_BENCH_ONLY: typed, into, json or c, not `{other}`"),
        };
        println!(
            "only {path} ({what}): {:.3} M/s per CPU-s, {:.3} M/s per wall-s",
            r.0 / 1e6,
            r.1 / 1e6
        );
    }
}

fn median_min_max(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

fn main() {
    let budget = Duration::from_millis(
        std::env::var("MAMORI_BENCH_MS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1_000),
    );
    let rounds: usize = std::env::var("MAMORI_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
        .max(1);
    let typed: Vec<AssessRequest> = REQUESTS
        .iter()
        .chain(EXTRA)
        .map(|(_, j)| breach::parse_request(j).expect("example request parses"))
        .collect();
    let c_requests: Vec<CString> = REQUESTS
        .iter()
        .chain(EXTRA)
        .map(|(_, j)| CString::new(*j).expect("no NUL"))
        .collect();
    if let Ok(path) = std::env::var("MAMORI_BENCH_ONLY") {
        only(&path, budget, rounds, &typed, &c_requests);
        return;
    }
    let large_json = synthetic_pack::synthetic_large_pack_json();
    let default = RulePack::default_pack();
    let large = RulePack::from_json(&large_json).expect("large pack");
    let packs = [
        ("default", default.clone(), default.without_index()),
        ("large", large.clone(), large.without_index()),
    ];
    for (_, ix, full) in &packs {
        for r in &typed {
            assert_eq!(
                ix.assess(r).expect("assess"),
                full.assess(r).expect("assess")
            );
        }
    }
    let c_large = CString::new(large_json).expect("no NUL");
    let mut c_pack = std::ptr::null_mut();
    // SAFETY: valid NUL-terminated string and out-pointer.
    let rc = unsafe { mamori::ffi::mamori_rule_pack_new(c_large.as_ptr(), &mut c_pack) };
    assert_eq!(rc as i32, 0, "mamori_rule_pack_new");

    println!(
        "mamori policy engine — one core (per CPU-second), mix of {}, {} ms per run, {} paired rounds",
        REQUESTS.len(),
        budget.as_millis(),
        rounds
    );
    println!(
        "{:<40} {:>28} {:>28} {:>22}",
        "pack / path",
        "indexed: median (min–max)",
        "unindexed: median (min–max)",
        "ratio: median (min–max)"
    );
    let fmt = |(m, lo, hi): (f64, f64, f64), scale: f64, digits: usize| {
        format!(
            "{:.d$} ({:.d$}–{:.d$})",
            m / scale,
            lo / scale,
            hi / scale,
            d = digits
        )
    };
    for (name, ix, full) in &packs {
        let mut buf = ix.assess(&typed[0]).expect("assess");
        for path in ["typed assess", "typed assess_into", "JSON assess_json_with"] {
            let run = |p: &RulePack, buf: &mut breach::Assessment| match path {
                "typed assess" => rate(budget, |i| {
                    black_box(p.assess(black_box(&typed[i])).unwrap());
                }),
                "typed assess_into" => rate(budget, |i| {
                    p.assess_into(black_box(&typed[i]), buf).unwrap();
                    black_box(&*buf);
                }),
                _ => rate(budget, |i| {
                    black_box(breach::assess_json_with(p, black_box(REQUESTS[i].1)).unwrap());
                }),
            };
            let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..rounds {
                let x = run(ix, &mut buf).0;
                let y = run(full, &mut buf).0;
                a.push(x);
                b.push(y);
                r.push(x / y);
            }
            println!(
                "{:<40} {:>28} {:>28} {:>22}",
                format!("{name} / {path} (M/s)"),
                fmt(median_min_max(a), 1e6, 3),
                fmt(median_min_max(b), 1e6, 3),
                fmt(median_min_max(r), 1.0, 2)
            );
        }
    }
    // The C ABI (JSON in, JSON out, plus the boundary and the C string): default pack through
    // `mamori_assess`, the large pack through `mamori_rule_pack_assess`; ratio to the Rust
    // JSON path with the same pack.
    let c_call = |pack: *const mamori::ffi::mamori_rule_pack| {
        rate(budget, |i| c_assess(pack, &c_requests[i]))
    };
    for (name, pack, rust) in [
        ("default / C mamori_assess", std::ptr::null(), &packs[0].1),
        (
            "large / C mamori_rule_pack_assess",
            c_pack as *const _,
            &packs[1].1,
        ),
    ] {
        let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            let x = c_call(pack).0;
            let y = rate(budget, |i| {
                black_box(breach::assess_json_with(rust, black_box(REQUESTS[i].1)).unwrap());
            })
            .0;
            a.push(x);
            b.push(y);
            r.push(x / y);
        }
        println!(
            "{:<40} {:>28} {:>28} {:>22}",
            format!("{name} (M/s)"),
            fmt(median_min_max(a), 1e6, 3),
            format!("Rust JSON {}", fmt(median_min_max(b), 1e6, 3)),
            fmt(median_min_max(r), 1.0, 2)
        );
    }
    // SAFETY: the handle came from `mamori_rule_pack_new`.
    unsafe { mamori::ffi::mamori_rule_pack_free(c_pack) };

    // Per request kind, default pack (indexed): typed `assess`, JSON, C `mamori_assess`.
    println!();
    println!(
        "{:<48} {:>28} {:>28} {:>28} {:>10}",
        "default pack, one request kind",
        "typed: median (min–max)",
        "JSON: median (min–max)",
        "C: median (min–max)",
        "JSON bytes"
    );
    let ix = &packs[0].1;
    for &k in KINDS {
        let (mut t, mut j, mut c) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            t.push(
                rate_over(budget, 1, |_| {
                    black_box(ix.assess(black_box(&typed[k])).unwrap());
                })
                .0,
            );
            j.push(
                rate_over(budget, 1, |_| {
                    black_box(breach::assess_json_with(ix, black_box(request(k).1)).unwrap());
                })
                .0,
            );
            c.push(rate_over(budget, 1, |_| c_assess(std::ptr::null(), &c_requests[k])).0);
        }
        let bytes = breach::assess_json_with(ix, request(k).1)
            .expect("assess")
            .len();
        println!(
            "{:<48} {:>28} {:>28} {:>28} {:>10}",
            format!("{} (M/s)", request(k).0),
            fmt(median_min_max(t), 1e6, 3),
            fmt(median_min_max(j), 1e6, 3),
            fmt(median_min_max(c), 1e6, 3),
            bytes
        );
    }
}
