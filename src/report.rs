//! Accounting for what the parser does not put into an article: removed
//! spans with their reason, and warnings, collected while a page is built.

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::Warning;

/// Why a span of the page is in no article.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Site header, breadcrumb, footer, buttons: the web site's furniture.
    Chrome,
    /// A table of contents.
    Toc,
    /// A printed page number, or its debris inside a word.
    PageNumber,
    /// A second copy of text kept once.
    Duplicate,
    /// The imprint at the end of a gazette issue.
    Colophon,
    /// The masthead of a gazette issue (its facts go to `gazette`).
    Masthead,
    /// Text outside every article that the parser could not place.
    Unplaced,
    /// Page metadata whose facts fill the article's fields directly: a
    /// government site's 索引号/发文字号 table, YAML front matter.
    Metadata,
}

/// A span of the decoded page that is in no article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Removed {
    /// Byte offset of the span in the decoded text.
    pub start: usize,
    /// Byte offset just past the span.
    pub end: usize,
    /// Why it was removed.
    pub reason: Reason,
}

/// Collects removed spans and warnings while one article is built.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub removed: Vec<Removed>,
    pub warnings: Vec<Warning>,
}

impl Sink {
    /// Records a warning.
    pub fn warn(&mut self, code: &str, message: String) {
        self.warnings.push(Warning {
            code: code.to_owned(),
            message,
        });
    }

    /// Records a removed span; empty spans are not worth a record.
    pub fn remove(&mut self, span: Range<usize>, reason: Reason) {
        if span.start < span.end {
            self.removed.push(Removed {
                start: span.start,
                end: span.end,
                reason,
            });
        }
    }
}

/// Makes removed spans disjoint, sorted by offset: a span inside an earlier
/// one goes, a span overlapping the end of an earlier one keeps only its
/// tail. Every byte of the union stays removed, under the reason of the
/// first span that covers it.
pub(crate) fn disjoint(removed: &mut Vec<Removed>) {
    removed.sort_by_key(|r| (r.start, r.end));
    let mut end = 0;
    removed.retain_mut(|r| {
        if r.end <= end || r.start >= r.end {
            return false;
        }
        r.start = r.start.max(end);
        end = r.end;
        true
    });
}
