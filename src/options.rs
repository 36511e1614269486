//! Options of the parser, with defaults that suit a batch of scraped pages.

/// How pages are parsed and folded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Fold copies of one article found on different pages into one: the
    /// `gazette` command then runs its pages through a [`crate::Batch`]
    /// (`--no-dedup` turns it off). Parsing a single page does not look at
    /// it.
    pub dedup: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { dedup: true }
    }
}
