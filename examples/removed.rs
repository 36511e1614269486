//! Prints the removed spans of a page, for debugging.
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let bytes = std::fs::read(&path).expect("read");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let page = gazette::parse_bytes(&path, &bytes, &gazette::Options::default()).expect("decode");
    for r in &page.removed {
        let t: String = text[r.start..r.end].chars().take(40).collect();
        println!("{:?} {}..{} {}", r.reason, r.start, r.end, t);
    }
}
