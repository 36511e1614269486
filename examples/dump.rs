//! Prints everything a parse gives for each file of some directories (articles, removed spans,
//! encoding, format), one file after another in name order: two builds' dumps of one corpus
//! diff to nothing when a change keeps every result. `dump DIR…`
fn main() {
    let mut files: Vec<std::path::PathBuf> = std::env::args()
        .skip(1)
        .flat_map(|d| std::fs::read_dir(d).expect("a directory").flatten())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let options = gazette::Options::default();
    for path in files {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).expect("read");
        println!("== {name}");
        match gazette::parse_bytes(&name, &bytes, &options) {
            Ok(page) => {
                println!("{} {} {}", page.encoding, page.format, page.len);
                for a in &page.articles {
                    println!("{}", serde_json::to_string(a).expect("json"));
                }
                for r in &page.removed {
                    println!("{:?} {}..{}", r.reason, r.start, r.end);
                }
            }
            Err(e) => println!("error: {e}"),
        }
    }
}
