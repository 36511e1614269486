//! Parse throughput in bytes per second: each stage on its own and end to
//! end, on the seed pages (`fixtures/`) and on corpora of 1, 8 and 64 MB
//! generated deterministically from them, with one thread and with all
//! threads; and end to end on the other governments' pages.
//!
//! The floor to compare against is `floor/read_validate_lines_json`: reading
//! UTF-8, validating it, splitting lines and writing each line as a JSON
//! string — what any tool that touches every byte must do.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use gazette::{parse_bytes, serialise, stages, Batch, Options};
use rayon::prelude::*;

/// The allocator the `gazette` command runs with, so that end to end here is what a user of the
/// command gets. (The library allocates through whatever allocator its host program sets.)
#[cfg(feature = "cli")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The pages of some fixture directories, sorted by name: `fixtures` holds the
/// five seed pages (the corpus is made of them), `fixtures/.pages` the pages
/// of other governments (gov.cn HTML, front matter, a legal-database export).
fn pages_of(dirs: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).expect("fixture directory").flatten())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e == "txt" || e == "md" || e == "html")
        })
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("fixture")))
        .collect();
    out.sort();
    out
}

/// A small deterministic generator (64-bit LCG), so every run benches the
/// same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A page made from a fixture: its `来源`-separated articles shuffled, blank
/// lines varied, some brackets and colons printed half-width — changes that
/// keep every article, so the page parses to as many articles as its
/// fixture.
fn mutate(text: &str, rng: &mut Lcg) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        current.push_str(line);
        if line.starts_with("来源") {
            blocks.push(std::mem::take(&mut current));
        }
    }
    let tail = current;
    for i in (1..blocks.len()).rev() {
        let j = rng.below(i + 1);
        blocks.swap(i, j);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for block in blocks.iter().chain(std::iter::once(&tail)) {
        for line in block.split_inclusive('\n') {
            match rng.below(8) {
                0 => out.push_str(&line.replace('（', "(").replace('）', ")")),
                1 => out.push_str(&line.replace('：', ":")),
                _ => out.push_str(line),
            }
            if line.ends_with('\n') && rng.below(4) == 0 {
                out.push('\n');
            }
        }
    }
    out
}

/// Pages of about `size` bytes in all, drawn from the seed pages, with the
/// number of articles they must parse to.
fn corpus(size: usize) -> (Vec<(String, Vec<u8>)>, usize) {
    let options = Options::default();
    let base: Vec<(String, String, usize)> = pages_of(&["fixtures"])
        .into_iter()
        .filter_map(|(name, bytes)| {
            let text = String::from_utf8(bytes).ok()?;
            let n = parse_bytes(&name, text.as_bytes(), &options)
                .ok()?
                .articles
                .len();
            Some((name, text, n))
        })
        .collect();
    let mut rng = Lcg(0x9E37_79B9_7F4A_7C15);
    let mut pages = Vec::new();
    let mut total = 0;
    let mut articles = 0;
    while total < size {
        let (name, text, n) = &base[rng.below(base.len())];
        let page = mutate(text, &mut rng);
        total += page.len();
        articles += n;
        pages.push((format!("{}#{}", name, pages.len()), page.into_bytes()));
    }
    (pages, articles)
}

fn bytes_of(pages: &[(String, Vec<u8>)]) -> u64 {
    pages.iter().map(|(_, b)| b.len() as u64).sum()
}

/// Parses and writes every page; returns the number of articles.
///
/// Output goes into a `Vec` through `push_line`, the writer's API for an
/// in-memory buffer (what a pipeline stage or the Python binding does);
/// `write_line` would copy each line once more through its buffer for a
/// generic `io::Write`.
fn end_to_end(pages: &[(String, Vec<u8>)], options: &Options, out: &mut Vec<u8>) -> usize {
    let mut n = 0;
    for (name, bytes) in pages {
        if let Ok(page) = parse_bytes(name, bytes, options) {
            for a in &page.articles {
                serialise::push_line(out, a);
            }
            n += page.articles.len();
        }
    }
    n
}

/// The same in parallel, pages in order; returns the number of articles.
fn end_to_end_parallel(pages: &[(String, Vec<u8>)], options: &Options) -> usize {
    let outputs: Vec<(usize, Vec<u8>)> = pages
        .par_iter()
        .map(|(name, bytes)| {
            let mut out = Vec::with_capacity(bytes.len() * 2);
            let n = match parse_bytes(name, bytes, options) {
                Ok(page) => {
                    for a in &page.articles {
                        serialise::push_line(&mut out, a);
                    }
                    page.articles.len()
                }
                Err(_) => 0,
            };
            (n, out)
        })
        .collect();
    outputs.iter().map(|(n, _)| n).sum()
}

/// The floor: validate UTF-8, split lines, write each as a JSON string.
fn floor(pages: &[(String, Vec<u8>)], out: &mut Vec<u8>) -> usize {
    let mut lines = 0;
    for (_, bytes) in pages {
        if let Ok(text) = std::str::from_utf8(bytes) {
            for line in text.lines() {
                let _ = serde_json::to_writer(&mut *out, line);
                out.push(b'\n');
                lines += 1;
            }
        }
    }
    lines
}

fn benches(c: &mut Criterion) {
    let options = Options::default();
    let fixtures = pages_of(&["fixtures"]);
    let wild = pages_of(&["fixtures/.pages"]);
    let fixture_articles: usize = fixtures
        .iter()
        .map(|(n, b)| parse_bytes(n, b, &options).map_or(0, |p| p.articles.len()))
        .sum();
    let texts: Vec<String> = fixtures
        .iter()
        .filter_map(|(_, b)| String::from_utf8(b.clone()).ok())
        .collect();

    // Each stage on its own, on the fixtures.
    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::BytesDecimal(bytes_of(&fixtures)));
    group.bench_function("decode", |b| {
        b.iter(|| {
            fixtures
                .iter()
                .map(|(_, bytes)| gazette::decode(black_box(bytes)).map_or(0, |d| d.text.len()))
                .sum::<usize>()
        })
    });
    let mut buffer = String::new();
    group.bench_function("normalise", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| stages::normalise(black_box(t), &mut buffer))
                .sum::<usize>()
        })
    });
    group.bench_function("lines", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| stages::lines(black_box(t)))
                .sum::<usize>()
        })
    });
    group.bench_function("segment", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| stages::segment(black_box(t)))
                .sum::<usize>()
        })
    });
    group.bench_function("articles_and_trees", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    gazette::parse_str("-", black_box(t), &options)
                        .articles
                        .len()
                })
                .sum::<usize>()
        })
    });
    let parsed: Vec<gazette::Article> = texts
        .iter()
        .flat_map(|t| gazette::parse_str("-", t, &options).articles)
        .collect();
    group.bench_function("serialise", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            for a in &parsed {
                let _ = serialise::write_line(&mut out, black_box(a));
            }
            out.len()
        })
    });
    // The same into the Vec directly, without write_line's copy through its
    // thread-local line buffer.
    group.bench_function("serialise_push_line", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            for a in &parsed {
                serialise::push_line(&mut out, black_box(a));
            }
            out.len()
        })
    });
    // Folding copies: the fixtures' articles into one batch (copies of one
    // notice on several seed pages fold into one).
    let folded = {
        let mut batch = Batch::new();
        batch.add(parsed.clone());
        batch.finish().len()
    };
    assert!(folded < parsed.len(), "the seed pages share notices");
    group.bench_function("fold", |b| {
        b.iter_batched(
            || parsed.clone(),
            |articles| {
                let mut batch = Batch::new();
                batch.add(black_box(articles));
                batch.finish().len()
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();

    let mut group = c.benchmark_group("end_to_end");
    group.throughput(Throughput::BytesDecimal(bytes_of(&fixtures)));
    let mut out = Vec::with_capacity(4 << 20);
    assert_eq!(end_to_end(&fixtures, &options, &mut out), fixture_articles);
    group.bench_function("fixtures", |b| {
        b.iter(|| {
            out.clear();
            end_to_end(black_box(&fixtures), &options, &mut out)
        })
    });
    // The other governments' pages: HTML costs several times plain text.
    let wild_articles: usize = wild
        .iter()
        .map(|(n, b)| parse_bytes(n, b, &options).map_or(0, |p| p.articles.len()))
        .sum();
    assert_eq!(
        wild_articles,
        wild.len(),
        "each page of .pages is one document"
    );
    group.throughput(Throughput::BytesDecimal(bytes_of(&wild)));
    group.bench_function("other_governments", |b| {
        b.iter(|| {
            out.clear();
            end_to_end(black_box(&wild), &options, &mut out)
        })
    });
    group.finish();

    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let all = rayon::ThreadPoolBuilder::new().build().expect("pool");
    for size in [1usize << 20, 8 << 20, 64 << 20] {
        let (pages, articles) = corpus(size);
        // Check once, before timing, that the corpus parses as expected.
        let mut out = Vec::with_capacity(size * 2);
        assert_eq!(
            end_to_end(&pages, &options, &mut out),
            articles,
            "corpus of {size} bytes"
        );
        let mb = size >> 20;
        let mut group = c.benchmark_group("corpus");
        group.throughput(Throughput::BytesDecimal(bytes_of(&pages)));
        if mb >= 8 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::new("floor/read_validate_lines_json", mb),
            &pages,
            |b, p| {
                b.iter(|| {
                    out.clear();
                    floor(black_box(p), &mut out)
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("threads_1", mb), &pages, |b, p| {
            b.iter(|| one.install(|| end_to_end_parallel(black_box(p), &options)))
        });
        group.bench_with_input(BenchmarkId::new("threads_all", mb), &pages, |b, p| {
            b.iter(|| all.install(|| end_to_end_parallel(black_box(p), &options)))
        });
        group.finish();
    }
}

criterion_group!(parse, benches);
criterion_main!(parse);
