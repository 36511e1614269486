//! Parses every fixture many times, for profiling:
//! `loop [ROUNDS] [DIR…]` (default: 200 rounds of `fixtures` and `fixtures/.pages`), or
//! `loop ROUNDS --generated MB SEED`: a corpus of MB megabytes generated from the seed pages as the
//! bench's is, drawn by SEED (`bench` for the bench's own; `pgo/refresh` trains on another);
//! `… --write DIR` also writes that corpus's pages into DIR, one file each (for the command to read).
/// The allocator the `gazette` command runs with.
#[cfg(feature = "cli")]
#[global_allocator]
static ALLOCATOR: allocator::Mimalloc = allocator::Mimalloc;
#[cfg(feature = "cli")]
#[path = "../src/allocator.rs"]
mod allocator;

#[path = "../benches/corpus/mod.rs"]
mod corpus;

/// A number written in decimal or, after `0x`, in hex.
fn parse_number(s: &str) -> Option<u64> {
    match s.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}

/// Writes each page into `dir` as `NNNNNN_NAME`, NAME being the file name of the page it was made
/// from (so that its extension tells the command how to read it).
fn write_pages(pages: &[(String, Vec<u8>)], dir: &std::path::Path) {
    std::fs::create_dir_all(dir).expect("create the directory");
    for (i, (name, bytes)) in pages.iter().enumerate() {
        let from = name.split('#').next().unwrap_or(name);
        let file = std::path::Path::new(from)
            .file_name()
            .map_or_else(|| "page.txt".into(), |f| f.to_string_lossy());
        std::fs::write(dir.join(format!("{i:06}_{file}")), bytes).expect("write a page");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(200);
    let pages = if args.get(1).is_some_and(|a| a == "--generated") {
        let number = |i: usize| args.get(i).and_then(|s| parse_number(s));
        let seed = match args.get(3).map(String::as_str) {
            Some("bench") => Some(corpus::BENCH_SEED),
            _ => number(3),
        };
        let (Some(mb), Some(seed)) = (number(2), seed) else {
            eprintln!("usage: loop ROUNDS --generated MB SEED|bench [--write DIR]");
            std::process::exit(2);
        };
        let base: Vec<(String, String)> = corpus::pages_of(&["fixtures"])
            .into_iter()
            .filter_map(|(name, bytes)| Some((name, String::from_utf8(bytes).ok()?)))
            .collect();
        let size = usize::try_from(mb)
            .unwrap_or(usize::MAX)
            .saturating_mul(1 << 20);
        let pages: Vec<(String, Vec<u8>)> = corpus::generate(&base, size, seed)
            .into_iter()
            .map(|(_, name, bytes)| (name, bytes))
            .collect();
        if let (Some("--write"), Some(dir)) = (args.get(4).map(String::as_str), args.get(5)) {
            write_pages(&pages, std::path::Path::new(dir));
        }
        pages
    } else {
        let mut dirs: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
        if dirs.is_empty() {
            dirs = vec!["fixtures", "fixtures/.pages"];
        }
        corpus::pages_of(&dirs)
    };
    let total: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let options = gazette::Options::default();
    let start = std::time::Instant::now();
    // As the bench's `corpus/threads_1`: each page written in full into one output buffer, handed
    // on and reused for the next page.
    let mut out = Vec::new();
    for _ in 0..rounds {
        for (name, bytes) in &pages {
            out.clear();
            if let Ok(page) = gazette::parse_bytes(name, bytes, &options) {
                for a in &page.articles {
                    gazette::serialise::push_line(&mut out, a);
                }
            }
            std::hint::black_box(&out[..]);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{:.1} MB/s", (total * rounds) as f64 / secs / 1e6);
}
