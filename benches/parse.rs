//! Parse throughput in bytes per second: each stage on its own and end to
//! end, on the seed pages (`fixtures/`) and on corpora of 1, 8 and 64 MB
//! generated deterministically from them, with one thread and with all
//! threads; and end to end on the other governments' pages.
//!
//! The floor to compare against is `floor/read_validate_lines_json`: reading
//! UTF-8, validating it, splitting lines and writing each line as a JSON
//! string — what any tool that touches every byte must do.
//!
//! With `GAZETTE_BENCH_TRAIN` set, the binary times nothing: it runs
//! [`train`] once, the run `pgo/linker` lays its code out by with BOLT.

use std::hint::black_box;

use criterion::{criterion_group, BatchSize, BenchmarkId, Criterion, Throughput};
use gazette::{parse_bytes, serialise, stages, Batch, Options};
use rayon::prelude::*;

mod corpus;
use corpus::pages_of;

/// The allocator the `gazette` command runs with, so that end to end here is what a user of the
/// command gets. (The library allocates through whatever allocator its host program sets.)
#[cfg(feature = "cli")]
#[global_allocator]
static ALLOCATOR: allocator::Mimalloc = allocator::Mimalloc;
#[cfg(feature = "cli")]
#[path = "../src/allocator.rs"]
mod allocator;

/// Pages of about `size` bytes in all, drawn from the seed pages by `seed`,
/// with the number of articles they must parse to.
fn corpus(size: usize, seed: u64) -> (Vec<(String, Vec<u8>)>, usize) {
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
    let texts: Vec<(String, String)> = base
        .iter()
        .map(|(n, t, _)| (n.clone(), t.clone()))
        .collect();
    let mut articles = 0;
    let pages = corpus::generate(&texts, size, seed)
        .into_iter()
        .map(|(from, name, bytes)| {
            articles += base[from].2;
            (name, bytes)
        })
        .collect();
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

thread_local! {
    /// Each worker's output buffer, written a page at a time and kept between pages and
    /// iterations, as the floor keeps its one buffer: a pipeline hands each page's lines on
    /// (the command writes a chunk's and frees it) and does not hold the whole corpus's output.
    static OUTPUT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The same in parallel; returns the number of articles. Every page is
/// parsed and its JSON lines written in full into its worker's buffer, which
/// is then handed on (to `black_box`) and reused for the next page.
fn end_to_end_parallel(pages: &[(String, Vec<u8>)], options: &Options) -> usize {
    pages
        .par_iter()
        .map(|(name, bytes)| {
            OUTPUT.with_borrow_mut(|out| {
                out.clear();
                let n = match parse_bytes(name, bytes, options) {
                    Ok(page) => {
                        for a in &page.articles {
                            serialise::push_line(out, a);
                        }
                        page.articles.len()
                    }
                    Err(_) => 0,
                };
                black_box(&out[..]);
                n
            })
        })
        .sum()
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

/// The floor with SIMD-backed crates: simdutf8 validation, memchr line
/// splitting, and JSON strings escaped eight bytes at a time (a word with no
/// `"`, `\\` or control byte is copied whole).
fn floor_simd(pages: &[(String, Vec<u8>)], out: &mut Vec<u8>) -> usize {
    let mut lines = 0;
    for (_, bytes) in pages {
        if simdutf8::basic::from_utf8(bytes).is_err() {
            continue;
        }
        let mut start = 0;
        // As `str::lines`: no empty line after a final newline.
        let last = (!bytes.ends_with(b"\n")).then_some(bytes.len());
        for end in memchr::memchr_iter(b'\n', bytes).chain(last) {
            let line = bytes.get(start..end).unwrap_or_default();
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            json_string(out, line);
            out.push(b'\n');
            lines += 1;
            start = end + 1;
        }
    }
    lines
}

/// Writes `s` (valid UTF-8) as a JSON string.
fn json_string(out: &mut Vec<u8>, s: &[u8]) {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of the word is zero (the classic has-zero-byte test; exact for "any").
    let has_zero = |x: u64| x.wrapping_sub(LOW) & !x & HIGH != 0;
    out.push(b'"');
    let mut chunks = s.chunks_exact(8);
    let mut run = 0;
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // Bytes below 0x20: (w - 0x20…) borrows into the high bit only for them, given the high
        // bit of w itself is clear.
        let control = w.wrapping_sub(0x2020_2020_2020_2020) & !w & HIGH != 0;
        if !control
            && !has_zero(w ^ (LOW * u64::from(b'"')))
            && !has_zero(w ^ (LOW * u64::from(b'\\')))
        {
            at += 8;
            continue;
        }
        for &b in chunk {
            if b < 0x20 || b == b'"' || b == b'\\' {
                out.extend_from_slice(s.get(run..at).unwrap_or_default());
                escape(out, b);
                run = at + 1;
            }
            at += 1;
        }
    }
    for &b in chunks.remainder() {
        if b < 0x20 || b == b'"' || b == b'\\' {
            out.extend_from_slice(s.get(run..at).unwrap_or_default());
            escape(out, b);
            run = at + 1;
        }
        at += 1;
    }
    out.extend_from_slice(s.get(run..).unwrap_or_default());
    out.push(b'"');
}

fn escape(out: &mut Vec<u8>, b: u8) {
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\t' => out.extend_from_slice(b"\\t"),
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 15)]);
        }
    }
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
        let (pages, articles) = corpus(size, corpus::BENCH_SEED);
        // Check once, before timing, that the corpus parses as expected.
        let mut out = Vec::with_capacity(size * 2);
        assert_eq!(
            end_to_end(&pages, &options, &mut out),
            articles,
            "corpus of {size} bytes"
        );
        // The two floors write the same strings (escaped alike or not).
        let (mut plain, mut simd) = (Vec::new(), Vec::new());
        let lines = floor(&pages, &mut plain);
        assert_eq!(floor_simd(&pages, &mut simd), lines);
        let strings = |json: &[u8]| -> Vec<String> {
            json.split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(|l| serde_json::from_slice(l).expect("a JSON string"))
                .collect()
        };
        assert_eq!(strings(&plain), strings(&simd), "the floors agree");
        let mb = size >> 20;
        let mut group = c.benchmark_group("corpus");
        group.throughput(Throughput::BytesDecimal(bytes_of(&pages)));
        if mb >= 8 {
            group.sample_size(10);
        }
        type Floor = fn(&[(String, Vec<u8>)], &mut Vec<u8>) -> usize;
        let floors: [(&str, Floor); 2] = [
            ("floor/read_validate_lines_json", floor),
            ("floor/simd_validate_lines_json", floor_simd),
        ];
        for (name, floor) in floors {
            group.bench_with_input(BenchmarkId::new(name, mb), &pages, |b, p| {
                b.iter(|| {
                    out.clear();
                    floor(black_box(p), &mut out)
                })
            });
        }
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

/// The run BOLT lays this binary's code out by (`pgo/linker`, at link time):
/// what the timed loops do, on a corpus drawn with another seed than theirs,
/// so that the layout is not fitted to the very pages it is timed on: each
/// stage once over the fixtures, the other governments' pages, then the
/// corpus end to end with one thread and with all.
fn train() {
    let options = Options::default();
    let fixtures = pages_of(&["fixtures"]);
    let mut buffer = String::new();
    let mut parsed = Vec::new();
    for (_, bytes) in &fixtures {
        if let Ok(decoded) = gazette::decode(bytes) {
            let text = &decoded.text;
            black_box(stages::normalise(text, &mut buffer));
            black_box(stages::lines(text));
            black_box(stages::segment(text));
            parsed.extend(gazette::parse_str("-", text, &options).articles);
        }
    }
    let mut out = Vec::new();
    for a in &parsed {
        let _ = serialise::write_line(&mut out, a);
        serialise::push_line(&mut out, a);
    }
    let mut batch = Batch::new();
    batch.add(parsed);
    black_box(batch.finish().len());
    black_box(end_to_end(
        &pages_of(&["fixtures/.pages"]),
        &options,
        &mut out,
    ));
    let (pages, articles) = corpus(16 << 20, 1);
    for threads in [1, 0] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let parsed = pool.install(|| end_to_end_parallel(&pages, &options));
        assert_eq!(parsed, articles, "the training corpus parses as expected");
    }
}

fn main() {
    if std::env::var_os("GAZETTE_BENCH_TRAIN").is_some() {
        train();
        return;
    }
    parse();
    Criterion::default().configure_from_args().final_summary();
}
