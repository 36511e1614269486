//! Bounded cost: every pathological shape of page parses in time that
//! grows with its size, not faster. Each input is parsed at size `n` and
//! `2n` in one run; the ratio of the times must stay under 4 (2 is linear,
//! 4 would be quadratic), which is insensitive to the build profile and to
//! the machine.

mod common;

use std::time::{Duration, Instant};

use common::gen::{self, Gen};
use gazette::{parse_bytes, Options};

/// Seconds to parse `text` as `name`, the best of `runs`.
fn time(name: &str, text: &str, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            let page = parse_bytes(name, text.as_bytes(), &Options::default()).expect("text");
            let took = started.elapsed();
            std::hint::black_box(page);
            took
        })
        .min()
        .unwrap_or_default()
}

/// The time ratio of 2n over n for one generator.
fn ratio((label, name, make): &Gen, n: usize) -> (f64, Duration, Duration) {
    let small = make(n);
    let large = make(2 * n);
    // Warm up allocator and caches once.
    time(name, &make(n / 8), 1);
    // The best of three runs each: a run the machine stalls does not count.
    let t1 = time(name, &small, 3);
    let t2 = time(name, &large, 3);
    let r = t2.as_secs_f64() / t1.as_secs_f64().max(1e-6);
    eprintln!(
        "{label:40} {:>9} B {:>8.1} ms  {:>9} B {:>8.1} ms  ratio {r:.2}",
        small.len(),
        t1.as_secs_f64() * 1e3,
        large.len(),
        t2.as_secs_f64() * 1e3
    );
    (r, t1, t2)
}

/// Base size: big enough to time, small enough for a debug build. Set
/// `GAZETTE_PATHOLOGICAL_BYTES` to try bigger inputs (in release).
fn base() -> usize {
    std::env::var("GAZETTE_PATHOLOGICAL_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400_000)
}

#[test]
fn doubling_the_input_at_most_doubles_the_time_give_or_take() {
    let mut failed = Vec::new();
    // `GAZETTE_PATHOLOGICAL_ONLY=table` times only the generators so named.
    let only = std::env::var("GAZETTE_PATHOLOGICAL_ONLY").unwrap_or_default();
    for g in gen::ALL.iter().filter(|g| g.0.contains(&only)) {
        let (mut r, _, _) = ratio(g, base());
        // A busy machine can stall one run: measure again, up to three times
        // in all, and keep the best ratio.
        for _ in 0..2 {
            if r < 4.0 {
                break;
            }
            r = r.min(ratio(g, base()).0);
        }
        if r >= 4.0 {
            failed.push(format!("{}: ratio {r:.2}", g.0));
        }
    }
    assert!(failed.is_empty(), "superlinear: {failed:?}");
}
