//! Parses every fixture many times, for profiling:
//! `loop [ROUNDS] [DIR…]` (default: 200 rounds of `fixtures` and `fixtures/.pages`).
/// The allocator the `gazette` command runs with.
#[cfg(feature = "cli")]
#[global_allocator]
static ALLOCATOR: allocator::Mimalloc = allocator::Mimalloc;
#[cfg(feature = "cli")]
#[path = "../src/allocator.rs"]
mod allocator;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(200);
    let mut dirs: Vec<String> = args.iter().skip(1).cloned().collect();
    if dirs.is_empty() {
        dirs = vec!["fixtures".into(), "fixtures/.pages".into()];
    }
    let mut pages = Vec::new();
    for e in dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).expect("fixtures").flatten())
    {
        if e.path().is_file()
            && e.path()
                .extension()
                .is_some_and(|x| x == "txt" || x == "md" || x == "html")
        {
            pages.push((
                e.path().display().to_string(),
                std::fs::read(e.path()).expect("read"),
            ));
        }
    }
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
