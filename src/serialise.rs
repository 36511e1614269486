//! Stage 7, serialise: takes articles and writes them as JSON Lines (one
//! article a line) or pretty JSON, keys in schema order.

use std::io::{self, Write};

use crate::model::Article;

/// Writes one article as a single line of JSON, newline included.
///
/// # Errors
/// Any error of the writer.
pub fn write_line<W: Write + ?Sized>(out: &mut W, article: &Article) -> io::Result<()> {
    serde_json::to_writer(&mut *out, article).map_err(io::Error::from)?;
    out.write_all(b"\n")
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
        // Writing into a Vec does not fail.
        let _ = write_line(&mut out, a);
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
