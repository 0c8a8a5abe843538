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

/// Lookup results: throughput and per-lookup latencies.
pub struct LookupRun {
    /// Lookups per second (timed loop without per-call clock reads; second pass).
    pub per_sec: f64,
    /// Median per-lookup latency, µs (third pass, each call timed).
    pub p50_us: f64,
    /// 99th percentile per-lookup latency, µs.
    pub p99_us: f64,
}
