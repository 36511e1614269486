//! Options of the parser, with defaults that suit a batch of scraped pages.

/// How pages are parsed and folded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Fold copies of one article found on different pages into one.
    pub dedup: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { dedup: true }
    }
}
