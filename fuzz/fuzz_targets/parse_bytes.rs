//! Bytes of any kind through the whole pipeline: decoding either fails
//! with an error that names a byte inside the input, or gives a page whose
//! articles serialise to JSON that reads back to the same articles, and
//! whose offsets are inside the decoded text, on character boundaries, with
//! removed spans that never overlap.
#![no_main]

use gazette::{decode, parse_bytes, serialise, Article, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the name, so that the markdown and HTML paths,
    // chosen by extension, are fuzzed as well as plain text.
    let (name, bytes) = match data.split_first() {
        Some((b, rest)) => match b % 4 {
            0 => ("page.txt", rest),
            1 => ("page.md", rest),
            2 => ("page.html", rest),
            _ => ("-", rest),
        },
        None => ("-", data),
    };
    let page = match parse_bytes(name, bytes, &Options::default()) {
        Ok(page) => page,
        Err(e) => {
            assert!(e.offset() <= bytes.len(), "{e} past the end");
            assert!(e.to_string().contains("byte"), "{e}");
            return;
        }
    };
    let text = decode(bytes).expect("decoded once, decodes again").text;
    assert_eq!(page.len, text.len());
    let boundary = |at: usize| text.is_char_boundary(at);
    let mut last_end = 0;
    for r in &page.removed {
        assert!(r.start < r.end && r.end <= text.len(), "{r:?} of {}", text.len());
        assert!(boundary(r.start) && boundary(r.end), "{r:?} splits a character");
        assert!(r.start >= last_end, "{r:?} overlaps the span before");
        last_end = r.end;
    }
    let lines = serialise::to_json_lines(&page.articles);
    assert_eq!(lines.lines().count(), page.articles.len());
    for (line, article) in lines.lines().zip(&page.articles) {
        let back: Article = serde_json::from_str(line).expect("each line reads back");
        assert_eq!(&back, article);
        for c in &article.copies {
            assert!(c.start <= c.end && c.end <= text.len(), "{c:?}");
            assert!(boundary(c.start) && boundary(c.end), "{c:?} splits a character");
        }
    }
});
