//! The corpus the bench parses, generated deterministically from the seed pages; shared by
//! `benches/parse.rs` and `examples/loop.rs` (which also makes the training run of profile-guided
//! optimisation from it, with a seed of its own: see `pgo/refresh`).

/// The pages of some fixture directories, sorted by name: `fixtures` holds the
/// five seed pages (the corpus is made of them), `fixtures/.pages` the pages
/// of other governments (gov.cn HTML, front matter, a legal-database export).
pub fn pages_of(dirs: &[&str]) -> Vec<(String, Vec<u8>)> {
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
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A page made from a fixture: its `来源`-separated articles shuffled, blank
/// lines varied, some brackets and colons printed half-width — changes that
/// keep every article, so the page parses to as many articles as its
/// fixture.
pub fn mutate(text: &str, rng: &mut Lcg) -> String {
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

/// The seed of the bench's corpus.
pub const BENCH_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// Pages of about `size` bytes in all, drawn by `seed` from `base` (name and text of each): each
/// with the index in `base` of the page it was made from, its name and its bytes.
pub fn generate(
    base: &[(String, String)],
    size: usize,
    seed: u64,
) -> Vec<(usize, String, Vec<u8>)> {
    let mut rng = Lcg(seed);
    let mut pages = Vec::new();
    let mut total = 0;
    while total < size && !base.is_empty() {
        let from = rng.below(base.len());
        let (name, text) = &base[from];
        let page = mutate(text, &mut rng);
        total += page.len();
        pages.push((from, format!("{}#{}", name, pages.len()), page.into_bytes()));
    }
    pages
}
