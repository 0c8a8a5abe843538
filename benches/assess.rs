//! Assessments per second on one core, typed API and JSON contract, over a mix of the worked
//! cases in `examples/requests/`. Plain `std::time`; prints a table.
//!
//! ```text
//! cargo bench --bench assess
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use mamori::breach::{self, AssessRequest};

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
];

/// This thread's on-CPU time in nanoseconds (Linux `/proc/thread-self/schedstat`, first
/// field), read with plain `std::fs`; `None` elsewhere. The machine is shared, so the per
/// CPU-second rate is the "one core" figure; the wall-clock rate is printed next to it.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Run `f` over the mix repeatedly for about `budget`; return (assessments per CPU-second,
/// assessments per wall-second).
fn rate(budget: Duration, mut f: impl FnMut(usize)) -> (f64, f64) {
    // Warm-up.
    for i in 0..2_000 {
        f(i % REQUESTS.len());
    }
    let cpu0 = cpu_ns();
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed() < budget {
        for _ in 0..1_000 {
            f((n % REQUESTS.len() as u64) as usize);
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

fn main() {
    let budget = Duration::from_millis(
        std::env::var("MAMORI_BENCH_MS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(2_000),
    );
    // MAMORI_BENCH_ONLY=typed|json runs one path (for profiling).
    let only = std::env::var("MAMORI_BENCH_ONLY").unwrap_or_default();
    let typed: Vec<AssessRequest> = REQUESTS
        .iter()
        .map(|(_, j)| breach::parse_request(j).expect("example request parses"))
        .collect();
    // Sanity: every case assesses.
    for r in &typed {
        breach::assess(r).expect("assess");
    }

    println!(
        "mamori policy engine — one core, {} ms per row",
        budget.as_millis()
    );
    println!(
        "{:<34} {:>14} {:>10} {:>14}",
        "path / case", "per CPU-s", "ns (CPU)", "per wall-s"
    );
    let row = |name: &str, (cpu, wall): (f64, f64)| {
        println!(
            "{:<34} {:>14.0} {:>10.0} {:>14.0}",
            name,
            cpu,
            1e9 / cpu,
            wall
        );
    };
    if only == "typed" {
        row(
            "typed assess (mix of 6)",
            rate(budget, |i| {
                black_box(breach::assess(black_box(&typed[i])).unwrap());
            }),
        );
        return;
    }
    if only == "into" {
        let mut buf = breach::assess(&typed[0]).unwrap();
        row(
            "typed assess_into (reused buffer)",
            rate(budget, |i| {
                breach::assess_into(black_box(&typed[i]), &mut buf).unwrap();
                black_box(&buf);
            }),
        );
        return;
    }
    if only == "json" {
        row(
            "JSON assess_json (mix of 6)",
            rate(budget, |i| {
                black_box(breach::assess_json(black_box(REQUESTS[i].1)).unwrap());
            }),
        );
        return;
    }
    row(
        "typed assess (mix of 6)",
        rate(budget, |i| {
            black_box(breach::assess(black_box(&typed[i])).unwrap());
        }),
    );
    let mut buf = breach::assess(&typed[0]).unwrap();
    row(
        "typed assess_into (reused buffer)",
        rate(budget, |i| {
            breach::assess_into(black_box(&typed[i]), &mut buf).unwrap();
            black_box(&buf);
        }),
    );
    row(
        "JSON assess_json (mix of 6)",
        rate(budget, |i| {
            black_box(breach::assess_json(black_box(REQUESTS[i].1)).unwrap());
        }),
    );
    for (k, (name, json)) in REQUESTS.iter().enumerate() {
        let req = &typed[k];
        row(
            &format!("  typed: {name}"),
            rate(budget / 4, |_| {
                black_box(breach::assess(black_box(req)).unwrap());
            }),
        );
        row(
            &format!("  JSON:  {name}"),
            rate(budget / 4, |_| {
                black_box(breach::assess_json(black_box(json)).unwrap());
            }),
        );
    }
}
