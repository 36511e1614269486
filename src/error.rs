//! The one fatal error type: input that cannot be decoded into text.
//!
//! Everything else that goes wrong inside a page is a recoverable warning
//! attached to the article it concerns, or a removed span with a reason.

use std::fmt;

/// A fatal error for one input; the rest of a batch goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<ErrorKind>);

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not valid in any encoding gazette reads.
    Undecodable {
        /// Byte offset of the first byte that could not be decoded.
        offset: usize,
        /// The encoding that was tried last.
        encoding: &'static str,
    },
    /// The input holds NUL bytes or other control bytes: a binary file.
    Binary {
        /// Byte offset of the first such byte.
        offset: usize,
    },
}

impl Error {
    /// Wraps a kind.
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// The byte offset the error is about.
    pub fn offset(&self) -> usize {
        match *self.0 {
            ErrorKind::Undecodable { offset, .. } | ErrorKind::Binary { offset } => offset,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self.0 {
            ErrorKind::Undecodable { offset, encoding } => write!(
                f,
                "expected text in UTF-8, GB18030 or UTF-16, but found bytes invalid in {encoding} \
                 at byte {offset}"
            ),
            ErrorKind::Binary { offset } => write!(
                f,
                "expected text, but found a binary control byte at byte {offset}"
            ),
        }
    }
}

impl std::error::Error for Error {}
