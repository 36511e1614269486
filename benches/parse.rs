//! Parse throughput in bytes per second, end to end, on the fixtures.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gazette::{parse_bytes, serialise, Options};

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir("fixtures")
        .expect("fixtures/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("fixture")))
        .collect();
    out.sort();
    out
}

fn end_to_end(c: &mut Criterion) {
    let pages = fixtures();
    let total: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let options = Options::default();
    // Check once, before timing, that the input parses into articles.
    let articles: usize = pages
        .iter()
        .map(|(n, b)| parse_bytes(n, b, &options).map_or(0, |p| p.articles.len()))
        .sum();
    assert!(articles >= 10, "fixtures parse into {articles} articles");
    let mut group = c.benchmark_group("end_to_end");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("fixtures", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(total * 2);
            for (name, bytes) in &pages {
                if let Ok(page) = parse_bytes(name, black_box(bytes), &options) {
                    for a in &page.articles {
                        let _ = serialise::write_line(&mut out, a);
                    }
                }
            }
            black_box(out)
        })
    });
    group.finish();
}

criterion_group!(benches, end_to_end);
criterion_main!(benches);
