//! The pipeline for one page: decode → normalise and recognise lines →
//! split into articles → build each article. Pure: it takes bytes or text
//! and returns values; reading files is the caller's business.

use crate::assemble::{assemble, PageContext};
use crate::decode::decode;
use crate::error::Error;
use crate::lines::{recognise, Lines};
use crate::metadata::{apply_to_page, Metadata};
use crate::model::{Article, Warning};
use crate::options::Options;
use crate::repeats;
use crate::report::{self, Reason, Removed, Sink};
use crate::segment::{scan_page, segment_scanned, Segmented};
use crate::{frontmatter, html};

/// Everything gazette found in one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The articles, in page order.
    pub articles: Vec<Article>,
    /// The spans of the decoded text that are in no article, with reasons.
    pub removed: Vec<Removed>,
    /// The encoding the page was decoded from.
    pub encoding: &'static str,
    /// The page's format: `text`, `markdown` or `html`.
    pub format: &'static str,
    /// The decoded text's length in bytes (what `removed` offsets index).
    pub len: usize,
}

/// Parses a page given as bytes, decoding it first.
///
/// # Errors
/// A [`crate::Error`] when the bytes are not text in an encoding gazette
/// reads.
pub fn parse_bytes(name: &str, bytes: &[u8], options: &Options) -> Result<Page, Error> {
    let decoded = decode(bytes)?;
    let mut page = parse_decoded(name, &decoded.text, decoded.encoding, options);
    if let (Some(at), Some(last)) = (decoded.truncated, page.articles.last_mut()) {
        last.warnings.push(Warning {
            code: "truncated".to_owned(),
            message: format!("the input ends inside a character at byte {at}: it was cut short"),
        });
    }
    Ok(page)
}

/// Parses a page given as text. Total: never fails, never panics.
pub fn parse_str(name: &str, text: &str, options: &Options) -> Page {
    parse_decoded(name, text, "UTF-8", options)
}

/// The stages may remove a span inside one removed before (an HTML comment
/// inside a line of chrome); the page reports each byte once.
fn parse_decoded(name: &str, text: &str, encoding: &'static str, options: &Options) -> Page {
    let mut page = parse_formats(name, text, encoding, options);
    report::disjoint(&mut page.removed);
    page
}

/// Markdown front matter and HTML are turned into text first; their
/// metadata then fills the fields the text leaves empty, and offsets are
/// given back in the page as it was read.
fn parse_formats(name: &str, text: &str, encoding: &'static str, options: &Options) -> Page {
    if let Some(fm) = frontmatter::split(text) {
        let start = fm.body_start();
        let body = text.get(start..).unwrap_or("");
        let mut page = parse_text(name, body, encoding, Some("markdown"), options);
        remap(&mut page, |t| t + start);
        let mut front = vec![(0..fm.len, Reason::Metadata)];
        front.extend(fm.note.map(|n| (n, Reason::Chrome)));
        return finish(page, text.len(), front, &fm.meta);
    }
    if html::looks_like_html(name, text) {
        let h = html::to_text(text);
        let mut page = parse_text(name, &h.text, encoding, Some("html"), options);
        remap(&mut page, |t| {
            let mut at = h.offsets.to_html(t).min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        });
        return finish(page, text.len(), h.removed, &h.meta);
    }
    parse_text(name, text, encoding, None, options)
}

/// Offsets of copies and removed spans moved from the text parsed into the page read.
fn remap(page: &mut Page, f: impl Fn(usize) -> usize) {
    for copy in page.articles.iter_mut().flat_map(|a| a.copies.iter_mut()) {
        copy.start = f(copy.start);
        copy.end = f(copy.end);
    }
    for r in &mut page.removed {
        r.start = f(r.start);
        r.end = f(r.end);
    }
}

fn finish(
    mut page: Page,
    len: usize,
    removed: Vec<(std::ops::Range<usize>, Reason)>,
    meta: &Metadata,
) -> Page {
    page.removed
        .extend(removed.into_iter().map(|(r, reason)| Removed {
            start: r.start,
            end: r.end,
            reason,
        }));
    page.removed.retain(|r| r.start < r.end);
    page.removed.sort_by_key(|r| (r.start, r.end));
    page.len = len;
    apply_to_page(&mut page.articles, meta);
    page
}

fn parse_text(
    name: &str,
    text: &str,
    encoding: &'static str,
    format: Option<&'static str>,
    options: &Options,
) -> Page {
    let _ = options;
    let mut lines = recognise(text);
    let format = format.unwrap_or_else(|| detect_format(name, &lines));
    let mut sink = Sink::default();
    let segmented = fold_and_segment(text, &mut lines, &mut sink);
    let cx = PageContext {
        page: text,
        lines: &lines,
        file: name,
        encoding,
        format,
        gazette: segmented.gazette.as_ref(),
    };
    let mut articles = Vec::with_capacity(segmented.articles.len());
    for seg in &segmented.articles {
        let mut article_sink = Sink::default();
        articles.push(assemble(&cx, seg, &mut article_sink));
        sink.removed.append(&mut article_sink.removed);
    }
    sink.removed.sort_by_key(|r| (r.start, r.end));
    Page {
        articles,
        removed: sink.removed,
        encoding,
        format,
        len: text.len(),
    }
}

/// Folds the repeats of `lines` (of `text`) and splits them into articles,
/// as [`repeats::fold`] and [`crate::segment::segment`] do, with one pass
/// over the lines for the repeats and the chrome both; a page that folds has
/// other lines, scanned anew.
pub(crate) fn fold_and_segment(text: &str, lines: &mut Lines, sink: &mut Sink) -> Segmented {
    let (scan, probe) = scan_page(lines);
    let folded = repeats::fold_probed(text, lines, sink, &probe);
    segment_scanned(lines, sink, (!folded).then_some(scan))
}

/// `markdown` when the name says so or the text has markdown headings,
/// `html` by name, else `text`.
fn detect_format(name: &str, lines: &Lines) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return "html";
    }
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        return "markdown";
    }
    if lines.md_headings {
        "markdown"
    } else {
        "text"
    }
}
