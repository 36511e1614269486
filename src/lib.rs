//! gazette turns scraped pages of Chinese government gazettes and web sites
//! into canonical JSON, one object per official document (schema
//! `gazette/1`).
//!
//! The pipeline, one module a stage, data flowing one way:
//! decode → normalise → recognise lines (nom grammar) → split the page into
//! articles → build each article's tree → fold copies → serialise.
//!
//! ```
//! let page = gazette::parse("渝府发〔2025〕15号\n重庆市人民政府 2025年11月7日");
//! assert_eq!(page.articles[0].id, "渝府发〔2025〕15号");
//! assert_eq!(page.articles[0].date.as_deref(), Some("2025-11-07"));
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

/// Whether `$hay` (a `str`) contains the literal `$needle`, by a SIMD searcher built once per
/// call site: `str::contains` and `memmem::find` build a searcher on every call, which costs more
/// than the search on the short lines of a page.
macro_rules! has_phrase {
    ($hay:expr, $needle:literal) => {{
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new($needle));
        FINDER.find($hay.as_bytes()).is_some()
    }};
}

/// `list` emptied, with its allocation, as a list of another lifetime: what a buffer kept between
/// pages in a thread-local (of `'static` items) and lent to one page (of items borrowing it) is
/// given back as. std collects an emptied vector into one of the same layout in place; were it
/// ever to stop, only the reuse would be lost (`recycled_keeps_the_allocation` would say so).
pub(crate) fn recycled<T, U>(mut list: Vec<T>) -> Vec<U> {
    list.clear();
    list.into_iter().filter_map(|_| None).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn recycled_keeps_the_allocation() {
        let page = String::from("一页");
        let mut lent: Vec<(usize, &str)> = Vec::with_capacity(100);
        lent.push((0, &page));
        let at = lent.as_ptr() as usize;
        let kept: Vec<(usize, &'static str)> = super::recycled(lent);
        assert!(kept.is_empty());
        assert_eq!((kept.as_ptr() as usize, kept.capacity()), (at, 100));
    }
}

mod assemble;
pub mod chars;
mod decode;
mod error;
mod fingerprint;
pub mod fold;
mod frontmatter;
pub mod grammar;
mod html;
mod lines;
mod metadata;
pub mod model;
pub mod normalise;
mod options;
mod page;
mod repeats;
mod report;
mod runon;
mod segment;
pub mod serialise;
mod table;
mod tree;

pub use decode::{decode, Decoded};
pub use error::{Error, ErrorKind};
pub use fingerprint::fingerprint;
pub use fold::{fold_group, fold_key, quality, Batch, Folded, Keyed, Quality};
pub use model::*;
pub use options::Options;
pub use page::{parse_bytes, parse_str, Page};
pub use report::{Reason, Removed};

/// Parses a page of text with default options; the copies name it `-`.
pub fn parse(text: &str) -> Page {
    parse_str("-", text, &Options::default())
}

/// The JSON Schema of one output line, generated from the wire types.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(model::Article);
    let mut value = serde_json::to_value(&schema).unwrap_or_default();
    require_every_key(&mut value);
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// Marks every property of every object as required: gazette writes each
/// key always, `null` when absent, so that the output has one fixed schema.
fn require_every_key(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                let keys: Vec<serde_json::Value> = props
                    .keys()
                    .map(|k| serde_json::Value::String(k.clone()))
                    .collect();
                map.insert("required".to_owned(), serde_json::Value::Array(keys));
            }
            map.values_mut().for_each(require_every_key);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(require_every_key),
        _ => {}
    }
}

/// Entry points to the pipeline's stages one by one, for the benches (each
/// returns a count so that the work cannot be optimised away). Not part of
/// the stable API.
#[doc(hidden)]
pub mod stages {
    use crate::{lines, normalise, repeats, report::Sink, segment};

    /// Stage 2: canonical text of the whole page; returns its length.
    pub fn normalise(text: &str, buffer: &mut String) -> usize {
        buffer.clear();
        normalise::canonical_into(text, buffer);
        buffer.len()
    }

    /// Stages 2–3: lines cut (run-on lines too), canonicalised and
    /// recognised; returns the number of lines.
    pub fn lines(text: &str) -> usize {
        lines::recognise(text).len()
    }

    /// Stages 2–4: lines, repeats folded, the page split into articles;
    /// returns the number of articles.
    pub fn segment(text: &str) -> usize {
        let mut lines = lines::recognise(text);
        let mut sink = Sink::default();
        repeats::fold(text, &mut lines, &mut sink);
        segment::segment(&mut lines, &mut sink).articles.len()
    }
}
