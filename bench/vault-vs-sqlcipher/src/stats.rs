//! Medians and percentiles.

use std::time::Duration;

/// Median and 99th percentile of `v`, in microseconds (sorts `v`).
pub fn p50_p99(v: &mut [Duration]) -> (f64, f64) {
    v.sort_unstable();
    let at = |q: f64| {
        let i = ((v.len() as f64 - 1.0) * q).round() as usize;
        v[i].as_secs_f64() * 1e6
    };
    (at(0.5), at(0.99))
}

/// Median of `v` (sorts `v`).
pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Lookups per second as the median over chunks of `CHUNK` consecutive lookups: robust to
/// another tenant of a shared machine taking the core for a while.
pub fn chunked_rate(n: usize, mut f: impl FnMut(usize)) -> f64 {
    const CHUNK: usize = 100;
    let mut rates = Vec::new();
    let mut i = 0;
    while i < n {
        let end = (i + CHUNK).min(n);
        let t = std::time::Instant::now();
        for j in i..end {
            f(j);
        }
        rates.push((end - i) as f64 / t.elapsed().as_secs_f64());
        i = end;
    }
    median(&mut rates)
}

/// Lookup results: throughput and per-lookup latencies.
pub struct LookupRun {
    /// Lookups per second (second pass, no per-call clock reads; median of 100-lookup chunks).
    pub per_sec: f64,
    /// Median per-lookup latency, µs (third pass, each call timed).
    pub p50_us: f64,
    /// 99th percentile per-lookup latency, µs.
    pub p99_us: f64,
}
