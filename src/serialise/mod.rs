//! Stage 7, serialise: takes articles and writes them as JSON Lines (one
//! article a line) or pretty JSON, keys in schema order.
//!
//! JSON Lines come from a hand-written writer (`json`) that prints what
//! serde_json would, byte for byte, in a fraction of the time; pretty JSON
//! is rare enough to stay with serde_json.

use std::cell::Cell;
use std::io::{self, Write};

use crate::model::Article;

mod json;

thread_local! {
    /// The line being built, kept between calls so that writing an article
    /// does not allocate.
    static LINE: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Lines longer than this are not kept in `LINE`, so that one huge article
/// does not pin its memory to the thread.
const KEEP: usize = 1 << 20;

/// Writes one article as a single line of JSON, newline included.
///
/// The line is built in memory and handed to `out` with one `write_all`:
/// cheaper than many small writes through a `dyn Write`.
///
/// # Errors
/// Any error of the writer.
pub fn write_line<W: Write + ?Sized>(out: &mut W, article: &Article) -> io::Result<()> {
    // Taken out of the cell rather than borrowed, so that a writer that
    // itself calls `write_line` finds an empty buffer instead of a panic;
    // after the thread's locals are gone, a fresh buffer does.
    let mut line = LINE.try_with(Cell::take).unwrap_or_default();
    line.clear();
    json::line(&mut line, article);
    let written = out.write_all(&line);
    if line.capacity() <= KEEP {
        let _ = LINE.try_with(|cell| cell.set(line));
    }
    written
}

/// Appends one article to `out` as a single line of JSON, newline included:
/// the bytes of [`write_line`], without the copy through its buffer.
pub fn push_line(out: &mut Vec<u8>, article: &Article) {
    json::line(out, article);
}

/// Writes one article as indented JSON, newline included.
///
/// # Errors
/// Any error of the writer.
pub fn write_pretty<W: Write + ?Sized>(out: &mut W, article: &Article) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, article).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// The JSON Lines of `articles` as a string.
pub fn to_json_lines(articles: &[Article]) -> String {
    let mut out = Vec::new();
    for a in articles {
        push_line(&mut out, a);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The pretty JSON of `articles`, one object after another.
pub fn to_pretty(articles: &[Article]) -> String {
    let mut out = Vec::new();
    for a in articles {
        let _ = write_pretty(&mut out, a);
    }
    String::from_utf8(out).unwrap_or_default()
}
